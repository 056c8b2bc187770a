//! Registers written by other programs (tests/fixtures/producers/, see its README: Excel on
//! Windows, Mac and the web, Google Sheets, LibreOffice, openpyxl and pandas, xlsxwriter,
//! rust_xlsxwriter, SheetJS, ExcelJS, Apache POI, and excelize-, .NET- and hand-shaped packages).
//! Each is scored in place and scored again; then three rounds of a user's edits, each scored:
//! in LibreOffice (a column of the user's among the tool's, a tool column deleted, a note on a
//! tool header), in openpyxl (a column inserted inside the block, names left behind), and in
//! LibreOffice again (a tool column moved, a link on Maatregelen); the last outputs are opened
//! by LibreOffice. After every round every part is well-formed and valid against the ISO/IEC
//! 29500 transitional schemas, the parts the tool need not touch are byte for byte the input's,
//! nothing grows, the tool's columns are there once and the user's keep their cells. A Strict
//! Open XML workbook is rebuilt from its values instead (`REBUILT`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_auto, Reader};

use crate::harness::{zip_parts, Book, Sandbox};
use crate::outside::{libreoffice, lo_edit_script, schema_check};

/// Packages the tool rebuilds from their values instead of annotating them in place, and the
/// sheet that holds their register: Strict OOXML (ISO/IEC 29500 strict namespaces), whose added
/// parts would have to be written in the strict namespaces.
const REBUILT: [(&str, &str); 1] = [("excel-strict", "ml_out")];

fn producers() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/producers");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/producers")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{} producer files", files.len());
    files
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The parts that differ between two packages, and those that are gone.
fn changed_parts(before: &Path, after: &Path) -> (Vec<String>, Vec<String>) {
    let a = zip_parts(before);
    let b = zip_parts(after);
    let lower: BTreeMap<String, &Vec<u8>> =
        b.iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
    let mut changed = Vec::new();
    let mut gone = Vec::new();
    for (name, bytes) in &a {
        match lower.get(&name.to_ascii_lowercase()) {
            Some(now) if *now == bytes => {}
            Some(_) => changed.push(name.clone()),
            None => gone.push(name.clone()),
        }
    }
    (changed, gone)
}

/// What a user sees of the register: the sheet holding the tool's `DPIA-advies` header, its
/// rows as text.
fn register(path: &Path) -> (String, Vec<Vec<String>>) {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        if rows.iter().any(|r| r.iter().any(|c| c == "DPIA-advies")) {
            return (name, rows);
        }
    }
    panic!("{}: no sheet with the tool's columns", path.display());
}

/// The parts of the tool's own sheets in a workbook (found by their names), with everything
/// they relate to, in lower case: replaced wholesale when a workbook is scored again.
fn tool_parts(path: &Path) -> BTreeSet<String> {
    use dpia_triage::ooxml::package::{workbook_info, Package};
    let mut pkg = Package::open(path, dpia_triage::lang::Lang::Nl).expect("package");
    let info = workbook_info(&mut pkg).expect("workbook");
    let mut out = BTreeSet::new();
    let mut todo: Vec<String> = info
        .sheets
        .iter()
        .filter(|s| TOOL_SHEETS.contains(&s.name.as_str()))
        .map(|s| s.part.clone())
        .collect();
    while let Some(part) = todo.pop() {
        if !out.insert(part.to_ascii_lowercase()) {
            continue;
        }
        out.insert(dpia_triage::ooxml::rels::rels_name(&part).to_ascii_lowercase());
        for r in pkg.rels(&part).unwrap_or_default() {
            if !r.external {
                todo.push(r.target);
            }
        }
    }
    out
}

const TOOL_SHEETS: [&str; 4] = ["Samenvatting", "Maatregelen", "Meldingen", "Verantwoording"];

/// One round's checks on `output`, scored from `input`.
fn check_round(input: &Path, output: &Path, round: &str, schemas: bool) {
    let tool = tool_parts(input);
    let what = format!("{} ({round})", output.display());
    if schemas {
        // Valid, but for what the producer wrote invalid already (pyexcelerate leaves a stray
        // `None` in its sheet): the tool does not change the user's content to mend it.
        let failing = |p: &Path| -> BTreeSet<String> {
            match schema_check(p, None) {
                Err(e) => e
                    .lines()
                    .filter_map(|l| l.split_once(": line ").map(|(part, _)| part.to_string()))
                    .collect(),
                _ => BTreeSet::new(),
            }
        };
        let before = failing(input);
        let now = failing(output);
        let new: Vec<&String> = now.difference(&before).collect();
        if !new.is_empty() {
            let e = schema_check(output, None).err().unwrap_or_default();
            panic!("{what}: not valid:\n{e}");
        }
    }
    let (changed, gone) = changed_parts(input, output);
    let gone: Vec<&String> = gone
        .iter()
        .filter(|p| !tool.contains(&p.to_ascii_lowercase()))
        .collect();
    assert!(
        gone.iter()
            .all(|p| p.to_ascii_lowercase().ends_with("calcchain.xml")),
        "{what}: parts gone: {gone:?}"
    );
    // Only what the tool edits: the workbook, its relationships, the content types, the
    // document properties, the styles, the shared strings (appended to), and one sheet with its
    // relationships and notes.
    let mut sheets = 0;
    for p in &changed {
        let l = p.to_ascii_lowercase();
        if tool.contains(&l) {
            continue;
        }
        if l.starts_with("xl/worksheets/") && l.ends_with(".xml") && !l.contains("_rels") {
            sheets += 1;
            continue;
        }
        // The tool's texts appended to the user's shared strings, whose entries stay in place.
        if l.ends_with("sharedstrings.xml") {
            let (before, after) = (zip_parts(input), zip_parts(output));
            if let (Some(b), Some(a)) = (before.get(p), after.get(p)) {
                crate::inplace::assert_users_entries_kept(b, a, output);
            }
            continue;
        }
        let allowed = l.ends_with("workbook.xml")
            || l.ends_with(".rels")
            || l == "[content_types].xml"
            || l == "docprops/app.xml"
            || l.contains("styles")
            || l.contains("comment")
            || l.ends_with(".vml");
        assert!(allowed, "{what}: part {p} changed");
    }
    assert!(
        sheets <= 1,
        "{what}: {sheets} worksheets changed: {changed:?}"
    );
}

#[test]
#[cfg_attr(not(tool_lxml), ignore = "needs python3 with lxml (the schema check)")]
fn every_producers_register_is_annotated_validly_and_again() {
    score_every_producer(&Sandbox::new(), true);
}

/// Score every producer's register in place and score it again, checking each round (`schemas`:
/// against the ISO/IEC 29500 schemas too); the registers and their first outputs.
fn score_every_producer(sb: &Sandbox, schemas: bool) -> Vec<(PathBuf, PathBuf)> {
    let mut scored: Vec<(PathBuf, PathBuf)> = Vec::new();
    for input in producers() {
        let name = stem(&input);
        let out = sb.file(&format!("{name}.dpia.xlsx"));
        let run = sb.run(&[
            "score",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        if let Some((_, sheet)) = REBUILT.iter().find(|(n, _)| *n == name) {
            // Every value there, the tool's columns beside them, valid, and the audit trail
            // says why it was rebuilt.
            assert_eq!(run.code, 0, "{name}: {}", run.stderr);
            if schemas {
                assert_eq!(schema_check(&out, None), Ok(()), "{name}");
            }
            let (b, a) = (Book::open(&input), Book::open(&out));
            let (b, a) = (b.sheet(sheet), a.sheet(sheet));
            let rows = b.texts();
            for (r, row) in rows.iter().enumerate() {
                assert_eq!(
                    a.row_texts(r)[..row.len()],
                    row[..],
                    "{name}: row {}",
                    r + 1
                );
            }
            assert!(a.row_texts(0).iter().any(|h| h == "DPIA-advies"), "{name}");
            let audit = Book::open(&out)
                .sheet("Verantwoording")
                .texts()
                .concat()
                .join(" ");
            assert!(
                audit.contains("werkmap in Strict Open XML"),
                "{name}: {audit}"
            );
            continue;
        }
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        check_round(&input, &out, "scored", schemas);
        // The user's cells read back as they were.
        let (sheet, rows) = register(&out);
        // Every activity has its advice: no row's added cells lost (a row copied as it stands
        // must still get them, whatever prefix its end tag has).
        let (h, advice) = rows
            .iter()
            .enumerate()
            .find_map(|(r, row)| Some((r, row.iter().position(|c| c == "DPIA-advies")?)))
            .unwrap();
        for (r, row) in rows.iter().enumerate().skip(h + 1) {
            if row[..advice].iter().any(|c| !c.is_empty()) {
                assert!(
                    !row[advice].is_empty(),
                    "{name}: row {} has no advice",
                    r + 1
                );
            }
        }
        // (Read through a copy with plain relationship targets where the producer wrote `./x`
        // or `../xl/x`: calamine resolves only the plain form, as the tool knows.)
        let readable =
            match dpia_triage::ooxml::package::plain_view(&input, dpia_triage::lang::Lang::Nl)
                .unwrap()
            {
                Some(mut file) => {
                    let copy = sb.file(&format!("{name}.plain.xlsx"));
                    std::io::copy(&mut file, &mut std::fs::File::create(&copy).unwrap()).unwrap();
                    copy
                }
                None => input.clone(),
            };
        let mut wb = open_workbook_auto(&readable).unwrap();
        let before = wb.worksheet_range(&sheet).expect("the register sheet");
        for (r, row) in before.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                assert_eq!(
                    rows[r][c],
                    cell.to_string(),
                    "{name}: {sheet} R{}C{}",
                    r + 1,
                    c + 1
                );
            }
        }

        // Scored again: the tool's additions replaced, nothing added twice.
        let again = sb.file(&format!("{name}.again.xlsx"));
        let run = sb.run(&[
            "score",
            out.to_str().unwrap(),
            "-o",
            again.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{name} again: {}", run.stderr);
        check_round(&out, &again, "scored again", schemas);
        let parts = |p: &Path| zip_parts(p).len();
        assert_eq!(
            parts(&again),
            parts(&out),
            "{name}: parts grew when scored again"
        );
        let (_, rows2) = register(&again);
        assert_eq!(
            rows2[..],
            rows[..],
            "{name}: the register changed when scored again"
        );
        scored.push((input, out));
    }
    scored
}

/// Each producer's annotated register edited by a user and scored, three times: see the module's
/// text.
#[test]
#[cfg_attr(
    not(all(tool_uno, tool_openpyxl, tool_lxml)),
    ignore = "needs LibreOffice with python3-uno, and python3 with openpyxl and lxml"
)]
fn every_producers_register_edited_in_libreoffice_and_openpyxl_keeps_the_users_work() {
    let sb = Sandbox::new();
    let schemas = true;
    let scored = score_every_producer(&sb, false);

    // Edited in LibreOffice (a column of the user's inserted among the tool's, a tool column
    // deleted, a note on a tool header) and saved as a user's office suite saves it, then
    // scored; edited in openpyxl (a column inserted inside the block, names left behind), then
    // scored. After each: valid, the tool's columns once, the user's columns with their cells.
    let edits = |sheet: &str| {
        serde_json::json!([
            {"op": "insert_col", "sheet": sheet, "before": "DPIA-advies",
             "header": "Toelichting DPO", "cells": {"1": "besproken"}},
            {"op": "delete_col", "sheet": sheet, "header": "Signalen"},
            {"op": "note_on", "sheet": sheet, "header": "Risicoscore", "text": "zie beleid"},
        ])
    };
    let jobs: Vec<serde_json::Value> = scored
        .iter()
        .map(|(input, out)| {
            let (sheet, _) = register(out);
            serde_json::json!({
                "in": out,
                "out": sb.file(&format!("{}.lo.xlsx", stem(input))),
                "edits": edits(&sheet),
            })
        })
        .collect();
    lo_batch(&sb, "jobs.json", jobs);
    let openpyxl = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows(min_row=1, max_row=30):
        for c in row:
            if c.value == "Aantal hoog":
                ws.insert_cols(c.column)
                ws.cell(row=c.row, column=c.column - 1).value = "Notitie"
                ws.cell(row=c.row + 1, column=c.column - 1).value = "akkoord"
                wb.save(sys.argv[2])
                sys.exit(0)
sys.exit("no Aantal hoog")
"#;
    for (input, _) in &scored {
        let name = stem(input);
        let edited = sb.file(&format!("{name}.lo.xlsx"));
        assert!(
            edited.exists(),
            "{name}: LibreOffice did not save the edited workbook"
        );
        let third = sb.file(&format!("{name}.third.xlsx"));
        let run = sb.run(&[
            "score",
            edited.to_str().unwrap(),
            "-o",
            third.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{name} edited in LibreOffice: {}", run.stderr);
        check_round(&edited, &third, "edited in LibreOffice, scored", schemas);
        kept(&edited, &third, &["Toelichting DPO"]);
        let py = sb.file(&format!("{name}.py.xlsx"));
        let out = Command::new("python3")
            .args(["-c", openpyxl])
            .arg(&third)
            .arg(&py)
            .output()
            .expect("python3");
        assert!(out.status.success(), "{name}: openpyxl: {out:?}");
        let fourth = sb.file(&format!("{name}.fourth.xlsx"));
        let run = sb.run(&[
            "score",
            py.to_str().unwrap(),
            "-o",
            fourth.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{name} edited in openpyxl: {}", run.stderr);
        check_round(&py, &fourth, "edited in openpyxl, scored", schemas);
        kept(&py, &fourth, &["Toelichting DPO", "Notitie"]);
    }
    // A third round in LibreOffice: a tool column moved to the front of the block, a link on
    // Maatregelen; scored again, the link keeps its target and the user's columns their cells.
    let url = "https://intranet.example.nl/dpia/bewijs.pdf";
    let jobs: Vec<serde_json::Value> = scored
        .iter()
        .map(|(input, _)| {
            let fourth = sb.file(&format!("{}.fourth.xlsx", stem(input)));
            let (sheet, _) = register(&fourth);
            serde_json::json!({
                "in": fourth,
                "out": sb.file(&format!("{}.lo2.xlsx", stem(input))),
                "edits": [
                    {"op": "move_col", "sheet": sheet, "header": "Risicoscore",
                     "before": "Niveau Aantal betrokkenen"},
                    {"op": "link", "sheet": "Maatregelen", "header": "Bewijsstuk", "row": 1,
                     "url": url, "text": "bewijs"},
                ],
            })
        })
        .collect();
    lo_batch(&sb, "jobs2.json", jobs);
    let mut fifths: Vec<PathBuf> = Vec::new();
    for (input, _) in &scored {
        let name = stem(input);
        let edited = sb.file(&format!("{name}.lo2.xlsx"));
        let fifth = sb.file(&format!("{name}.fifth.xlsx"));
        let run = sb.run(&[
            "score",
            edited.to_str().unwrap(),
            "-o",
            fifth.to_str().unwrap(),
        ]);
        assert_eq!(
            run.code, 0,
            "{name} edited again in LibreOffice: {}",
            run.stderr
        );
        check_round(
            &edited,
            &fifth,
            "edited again in LibreOffice, scored",
            schemas,
        );
        kept(&edited, &fifth, &["Toelichting DPO", "Notitie"]);
        let linked = zip_parts(&fifth)
            .iter()
            .any(|(n, b)| n.ends_with(".rels") && String::from_utf8_lossy(b).contains(url));
        assert!(linked, "{name}: the link on Maatregelen lost its target");
        fifths.push(fifth);
    }
    // The last round's outputs open in LibreOffice.
    let resaved = sb.file("resaved");
    let fifths: Vec<&Path> = fifths.iter().map(PathBuf::as_path).collect();
    libreoffice(
        &sb,
        &["--convert-to", "xlsx:Calc MS Excel 2007 XML"],
        &resaved,
        &fifths,
    );
    for f in &fifths {
        assert!(
            resaved.join(f.file_name().unwrap()).exists(),
            "{}: LibreOffice did not open it",
            f.display()
        );
    }
}

/// Edit workbooks in one LibreOffice session (tests/tools/lo_edit.py --batch); every job must
/// succeed.
fn lo_batch(sb: &Sandbox, name: &str, jobs: Vec<serde_json::Value>) {
    let list = sb.write(name, serde_json::Value::from(jobs).to_string().as_bytes());
    let out = lo_edit_script()
        .arg("--batch")
        .arg(list)
        .output()
        .expect("python3");
    assert!(out.status.success(), "{out:?}");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let job: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(job["ok"], true, "LibreOffice: {job}");
    }
}

/// After scoring `edited` into `scored`: the tool's columns once each, and the user's columns
/// `users` where they stood with their cells.
fn kept(edited: &Path, scored: &Path, users: &[&str]) {
    let (sheet, _) = register(scored);
    let (b, a) = (Book::open(edited), Book::open(scored));
    let (b, a) = (b.sheet(&sheet), a.sheet(&sheet));
    let header = (0..30)
        .find(|r| a.row_texts(*r).iter().any(|c| c == "DPIA-advies"))
        .expect("header row");
    let heads = a.row_texts(header);
    for h in [
        "Risicoscore",
        "Risicoklasse",
        "Aantal hoog",
        "DPIA-advies",
        "Signalen",
        "Onderbouwing",
        "Datakwaliteit",
    ] {
        let n = heads.iter().filter(|t| *t == h).count();
        assert_eq!(n, 1, "{}: '{h}' {n} times", scored.display());
    }
    for u in users {
        let c = b.column_of(header, u);
        assert_eq!(
            heads.get(c).map(String::as_str),
            Some(*u),
            "{}: '{u}' moved",
            scored.display()
        );
        for r in 0..b.texts().len() {
            assert_eq!(
                crate::harness::shown(a.at(r, c)),
                crate::harness::shown(b.at(r, c)),
                "{}: '{u}' row {}",
                scored.display(),
                r + 1
            );
        }
    }
}
