//! Scoring again after the owner edited the annotated workbook (docs/output.md#workbook): three
//! rounds of ordinary edits, two in LibreOffice (tests/tools/lo_edit.py drives it through UNO)
//! and one in openpyxl, each followed by a score. After every round: every cell of the user's
//! (every column whose header is not one of the tool's, and everything above the header row) is
//! where it was with the same value; each tool column is there once, where it stood; the advice
//! is the same; the package is valid against the ISO/IEC 29500 schemas. Scoring once more
//! without edits changes nothing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::harness::{openpyxl_edit, sheet_xml, shown, Book, Sandbox};
use crate::outside::{lo_edit_script, schema_check};

/// The sample's register sheet and its 0-based header row.
const SHEET: &str = "Register";
const HEADER: usize = 3;

/// Edit `input` in LibreOffice into `output` (see tests/tools/lo_edit.py for the edits).
fn lo_edit(sb: &Sandbox, input: &str, output: &str, edits: serde_json::Value) {
    let list = sb.write(&format!("{output}.json"), edits.to_string().as_bytes());
    let out = lo_edit_script()
        .arg(sb.file(input))
        .arg(sb.file(output))
        .arg(list)
        .output()
        .expect("python3");
    assert!(out.status.success(), "LibreOffice edit failed: {out:?}");
}

/// The tool's headers and the advice per activity ID of a scored workbook.
fn tool_headers(book: &Book) -> Vec<String> {
    let s = book.sheet(SHEET);
    let first = s.column_of(HEADER, "Niveau Aantal betrokkenen");
    s.row_texts(HEADER)[first..].to_vec()
}

fn advice(book: &Book) -> BTreeMap<String, String> {
    let s = book.sheet(SHEET);
    let col = s.column_of(HEADER, "DPIA-advies");
    (HEADER + 1..s.texts().len())
        .map(|r| (shown(s.at(r, 0)), shown(s.at(r, col))))
        .filter(|(id, _)| !id.is_empty())
        .collect()
}

/// What every round must keep: `edited` was scored into `scored`.
fn check_round(
    sb: &Sandbox,
    edited: &str,
    scored: &str,
    tool: &[String],
    advised: Option<&BTreeMap<String, String>>,
) {
    let before = Book::open(&sb.file(edited));
    let after = Book::open(&sb.file(scored));
    let (b, a) = (before.sheet(SHEET), after.sheet(SHEET));
    let rows = b.texts().len().max(a.texts().len());
    let width = b.row_texts(HEADER).len().max(a.row_texts(HEADER).len()) + 20;
    let header_before = b.row_texts(HEADER);
    for c in 0..width {
        let head = header_before.get(c).cloned().unwrap_or_default();
        let users = !tool.contains(&head);
        for r in 0..rows {
            if r < HEADER || (users && !head.is_empty()) {
                assert_eq!(
                    shown(a.at(r, c)),
                    shown(b.at(r, c)),
                    "{scored}: the user's cell at row {} column {} ('{head}') changed",
                    r + 1,
                    c + 1
                );
            }
        }
    }
    // Each tool column once; where it stood, it stands.
    let header_after = a.row_texts(HEADER);
    for h in tool {
        let n = header_after.iter().filter(|t| *t == h).count();
        assert_eq!(n, 1, "{scored}: '{h}' {n} times in {header_after:?}");
        if let Some(c) = header_before.iter().position(|t| t == h) {
            assert_eq!(header_after[c], *h, "{scored}: '{h}' moved");
        }
    }
    if let Some(advised) = advised {
        assert_eq!(advice(&after), *advised, "{scored}: the advice changed");
    }
    let new = new_schema_errors(sb, edited, scored);
    assert!(new.is_empty(), "{scored} is not valid:\n{}", new.join("\n"));
}

/// The schema errors of `scored` that `edited` did not have already. Valid, but for what was
/// invalid in the edited input (LibreOffice writes the 2010 `dateCompatibility` attribute the
/// 2006 schemas do not know): the tool does not mend the user's parts.
fn new_schema_errors(sb: &Sandbox, edited: &str, scored: &str) -> Vec<String> {
    let errors = |name: &str| -> std::collections::BTreeSet<String> {
        match schema_check(&sb.file(name), None) {
            Ok(()) => Default::default(),
            Err(e) => e
                .lines()
                .map(|l| match l.split_once(": line ") {
                    Some((part, rest)) => {
                        format!("{part}: {}", rest.split_once(": ").map_or(rest, |(_, m)| m))
                    }
                    None => l.to_string(),
                })
                .collect(),
        }
    };
    let old = errors(edited);
    errors(scored).difference(&old).cloned().collect()
}

#[test]
#[cfg_attr(
    not(all(tool_uno, tool_openpyxl, tool_lxml)),
    ignore = "needs LibreOffice with python3-uno, and python3 with openpyxl and lxml"
)]
fn three_rounds_of_edits_in_libreoffice_and_openpyxl_keep_the_owners_work() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "r1.xlsx"])
        .expect_code(0);
    let first = Book::open(&sb.file("r1.xlsx"));
    let tool = tool_headers(&first);
    assert_eq!(tool.len(), 17, "{tool:?}");
    let advised = advice(&first);
    let last_tool = first.sheet(SHEET).row_texts(HEADER).len();

    // Round 1, LibreOffice: a column of the user's inside the block, a tool column deleted, a
    // column of the user's right next to the block, a title over the tool's columns, a note.
    let right = crate::harness::col_letters(last_tool);
    lo_edit(
        &sb,
        "r1.xlsx",
        "e1.xlsx",
        serde_json::json!([
            {"op": "insert_col", "sheet": SHEET, "before": "DPIA-advies",
             "header": "Toelichting DPO", "cells": {"1": "besproken 3 dec", "3": "navragen"}},
            {"op": "delete_col", "sheet": SHEET, "header": "Signalen"},
            {"op": "set", "sheet": SHEET, "cell": format!("{right}4"), "text": "Opmerking"},
            {"op": "set", "sheet": SHEET, "cell": format!("{right}6"), "text": "zie mail"},
            {"op": "set", "sheet": SHEET, "cell": "Y3", "text": "Beoordeling 2026"},
            {"op": "note", "sheet": SHEET, "cell": "B6", "text": "eigenaar gewijzigd"},
        ]),
    );
    sb.run(&["score", "e1.xlsx", "-o", "r2.xlsx"])
        .expect_code(0);
    check_round(&sb, "e1.xlsx", "r2.xlsx", &tool, Some(&advised));
    let r2 = Book::open(&sb.file("r2.xlsx"));
    let h2 = r2.sheet(SHEET).row_texts(HEADER);
    // The deleted column comes back in the first free column, past the user's.
    assert_eq!(h2.last().map(String::as_str), Some("Signalen"), "{h2:?}");
    let advice_col = first.sheet(SHEET).column_of(HEADER, "DPIA-advies");
    assert_eq!(h2[advice_col], "Toelichting DPO", "{h2:?}");
    assert_eq!(h2[last_tool], "Opmerking", "{h2:?}");

    // Round 2, LibreOffice: a tool column moved to the front of the block, a formula in the
    // user's column.
    lo_edit(
        &sb,
        "r2.xlsx",
        "e2.xlsx",
        serde_json::json!([
            {"op": "move_col", "sheet": SHEET, "header": "Risicoscore",
             "before": "Niveau Aantal betrokkenen"},
            {"op": "set", "sheet": SHEET, "cell": format!("{right}7"), "formula": "=2+3"},
        ]),
    );
    sb.run(&["score", "e2.xlsx", "-o", "r3.xlsx"])
        .expect_code(0);
    check_round(&sb, "e2.xlsx", "r3.xlsx", &tool, Some(&advised));
    assert!(
        sheet_xml(&sb.file("r3.xlsx"), SHEET).contains("2+3</"),
        "the user's formula is gone"
    );

    // Round 3, openpyxl: a column inserted inside the block (openpyxl moves cells, not names).
    let edit = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Register"]
col = [c.value for c in ws[4]].index("Aantal hoog") + 1
ws.insert_cols(col)
ws.cell(row=4, column=col).value = "Notitie"
ws.cell(row=5, column=col).value = "akkoord"
wb.save(sys.argv[2])
"#;
    openpyxl_edit(&sb, edit, "r3.xlsx", "e3.xlsx");
    sb.run(&["score", "e3.xlsx", "-o", "r4.xlsx"])
        .expect_code(0);
    check_round(&sb, "e3.xlsx", "r4.xlsx", &tool, Some(&advised));

    // Once more without edits: nothing grows, nothing moves.
    sb.run(&["score", "r4.xlsx", "-o", "r5.xlsx"])
        .expect_code(0);
    check_round(&sb, "r4.xlsx", "r5.xlsx", &tool, Some(&advised));
    let (r4, r5) = (
        Book::open(&sb.file("r4.xlsx")),
        Book::open(&sb.file("r5.xlsx")),
    );
    assert_eq!(r4.sheet(SHEET).texts(), r5.sheet(SHEET).texts());
    assert_eq!(
        sheet_xml(&sb.file("r4.xlsx"), SHEET).len(),
        sheet_xml(&sb.file("r5.xlsx"), SHEET).len()
    );
}

#[test]
#[cfg_attr(not(tool_openpyxl), ignore = "needs python3 with openpyxl")]
fn with_the_measure_id_column_deleted_the_work_on_maatregelen_is_matched_by_its_text() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "r1.xlsx"])
        .expect_code(0);
    // The status of the first measure row and the remark of the fifth, then the ID column goes.
    let script = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
m = wb["Maatregelen"]
head = [c.value for c in m[1]]
col = lambda h: head.index(h) + 1
rows = []
for r, status, remark in [(2, "gerealiseerd", None), (6, "in uitvoering", "wacht op leverancier")]:
    m.cell(row=r, column=col("Status")).value = status
    if remark:
        m.cell(row=r, column=col("Opmerkingen")).value = remark
    rows.append([m.cell(row=r, column=col(h)).value for h in ("Activiteit-ID", "Maatregel")])
m.delete_cols(col("Maatregel-ID"))
wb.save(sys.argv[2])
print(json.dumps(rows))
"#;
    let rows: Vec<(String, String)> =
        serde_json::from_str(&openpyxl_edit(&sb, script, "r1.xlsx", "e1.xlsx")).unwrap();
    sb.run(&["score", "e1.xlsx", "-o", "r2.xlsx"])
        .expect_code(0);
    let book = Book::open(&sb.file("r2.xlsx"));
    let m = book.sheet("Maatregelen");
    let c = |h: &str| m.column_of(0, h);
    let find = |(id, text): &(String, String)| {
        (1..m.texts().len())
            .find(|r| {
                m.row_texts(*r).get(c("Activiteit-ID")) == Some(id)
                    && m.row_texts(*r).get(c("Maatregel")) == Some(text)
            })
            .unwrap_or_else(|| panic!("measure {id} '{text}' is gone"))
    };
    let (a, b) = (find(&rows[0]), find(&rows[1]));
    assert_eq!(m.row_texts(a)[c("Status")], "gerealiseerd");
    assert_eq!(m.row_texts(b)[c("Status")], "in uitvoering");
    assert_eq!(m.row_texts(b)[c("Opmerkingen")], "wacht op leverancier");
    // The ID column is back, filled; nothing else of the earlier rows stayed behind as a copy.
    assert!(!m.row_texts(a)[c("Maatregel-ID")].is_empty());
    let total = |book: &Book| book.sheet("Maatregelen").texts().len();
    assert_eq!(total(&book), total(&Book::open(&sb.file("r1.xlsx"))));
    // And the user is told.
    let findings = book.sheet("Meldingen").texts().concat().join(" ");
    assert!(
        findings.contains("geen kolom Maatregel-ID meer"),
        "{findings}"
    );
}

#[test]
#[cfg_attr(
    not(all(tool_uno, tool_openpyxl, tool_lxml)),
    ignore = "needs LibreOffice with python3-uno, and python3 with openpyxl and lxml"
)]
fn links_formulas_formats_and_columns_on_maatregelen_are_carried() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "r1.xlsx"])
        .expect_code(0);
    let sheet = "Maatregelen";
    // In LibreOffice: a link in Bewijsstuk, two columns of the user's with formulas (one on
    // its own row's cells), a coloured status.
    lo_edit(
        &sb,
        "r1.xlsx",
        "e1.xlsx",
        serde_json::json!([
            {"op": "link", "sheet": sheet, "header": "Bewijsstuk", "row": 1,
             "url": "https://intranet.example.nl/dpia/A01.pdf", "text": "DPIA A01"},
            {"op": "set", "sheet": sheet, "cell": "N1", "text": "Kosten"},
            {"op": "set", "sheet": sheet, "cell": "O1", "text": "Lengte"},
            {"op": "formula_below", "sheet": sheet, "header": "Kosten", "row": 1,
             "formula": "=1000*2"},
            {"op": "formula_below", "sheet": sheet, "header": "Lengte", "row": 2,
             "formula": "=LEN(F3)"},
            {"op": "fill", "sheet": sheet, "header": "Status", "row": 1, "color": 0xFFFF00},
            {"op": "set_below", "sheet": sheet, "header": "Status", "row": 1,
             "text": "gerealiseerd"},
            // A person named over the owner role is the user's too.
            {"op": "set_below", "sheet": sheet, "header": "Eigenaar (rol)", "row": 1,
             "text": "Jan Jansen"},
        ]),
    );
    // Scored again twice: the second run carries what the first carried.
    sb.run(&["score", "e1.xlsx", "-o", "r2.xlsx"])
        .expect_code(0);
    sb.run(&["score", "r2.xlsx", "-o", "r3.xlsx"])
        .expect_code(0);
    let read = r##"
import sys, json, openpyxl
before = openpyxl.load_workbook(sys.argv[1])["Maatregelen"]
def cells(m):
    head = [c.value for c in m[1]]
    out = {}
    for row in m.iter_rows(min_row=2):
        key = (row[head.index("Activiteit-ID")].value, row[head.index("Maatregel-ID")].value)
        for c in row:
            h = head[c.column - 1]
            if h in ("Eigenaar (rol)", "Status", "Bewijsstuk", "Kosten", "Lengte"):
                out["%s|%s|%s" % (key[0], key[1], h)] = [
                    c.value if not isinstance(c.value, str) else c.value.replace(str(c.row), "#"),
                    c.hyperlink.target if c.hyperlink else None,
                    c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type else None,
                ]
    return out
print(json.dumps([cells(before), cells(openpyxl.load_workbook(sys.argv[2])["Maatregelen"])]))
"##;
    for out in ["r2.xlsx", "r3.xlsx"] {
        let o = Command::new("python3")
            .args(["-c", read])
            .arg(sb.file("e1.xlsx"))
            .arg(sb.file(out))
            .output()
            .expect("python3");
        assert!(o.status.success(), "{o:?}");
        let [before, after]: [serde_json::Map<String, serde_json::Value>; 2] =
            serde_json::from_slice(&o.stdout).unwrap();
        // Every cell of those columns as it was: value (a formula as written, its row number
        // as `#` since the row may move), link target and fill.
        for (key, cell) in &before {
            if cell[0].is_null() && cell[1].is_null() && cell[2].is_null() {
                continue;
            }
            assert_eq!(after.get(key), Some(cell), "{out}: {key}");
        }
        let edited: Vec<&serde_json::Value> = before
            .values()
            .filter(|c| {
                c[1].is_string()
                    || c[2].is_string()
                    || c[0].as_str().is_some_and(|v| v.starts_with('='))
            })
            .collect();
        assert_eq!(edited.len(), 4, "{before:?}");
    }
    for (edited, scored) in [("e1.xlsx", "r2.xlsx"), ("e1.xlsx", "r3.xlsx")] {
        let new = new_schema_errors(&sb, edited, scored);
        assert!(new.is_empty(), "{scored} is not valid:\n{}", new.join("\n"));
    }
}

/// The property: whatever ordinary edits the owner makes (drawn at random: columns of the
/// user's inserted in and beside the tool's block, tool columns deleted and moved, text above
/// the header, notes, values), scoring again keeps every cell of the user's, each tool column
/// once and in place, valid parts; and scoring once more changes nothing. `EDIT_SEED` draws
/// another set (`EDIT_COUNT` how many).
#[test]
#[cfg_attr(
    not(all(tool_openpyxl, tool_lxml)),
    ignore = "needs python3 with openpyxl and lxml"
)]
fn random_edits_between_two_scores_keep_the_owners_work() {
    let seed = std::env::var("EDIT_SEED").unwrap_or_else(|_| "20261204".into());
    let count = std::env::var("EDIT_COUNT").unwrap_or_else(|_| "8".into());
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "r1.xlsx"])
        .expect_code(0);
    let first = Book::open(&sb.file("r1.xlsx"));
    let tool = tool_headers(&first);
    let advised = advice(&first);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/random_edits.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(sb.file("r1.xlsx"))
        .args([SHEET, &seed, &count])
        .arg(sb.path())
        .output()
        .expect("python3");
    assert!(out.status.success(), "{out:?}");
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    for line in listing.lines() {
        let drawn: serde_json::Value = serde_json::from_str(line).unwrap();
        let edited = drawn["file"].as_str().unwrap().to_string();
        let edits = &drawn["edits"];
        let scored = edited.replace("edit", "scored");
        let run = sb.run(&["score", &edited, "-o", &scored]);
        assert_eq!(run.code, 0, "{edits}: {}", run.stderr);
        // A changed value may change the advice; otherwise it stays.
        let values_changed = edits.to_string().contains("\"value\"");
        std::panic::catch_unwind(|| {
            check_round(
                &sb,
                &edited,
                &scored,
                &tool,
                (!values_changed).then_some(&advised),
            )
        })
        .unwrap_or_else(|e| std::panic::resume_unwind(Box::new(format!("edits {edits}: {e:?}"))));
        let again = edited.replace("edit", "again");
        sb.run(&["score", &scored, "-o", &again]).expect_code(0);
        let (a, b) = (Book::open(&sb.file(&scored)), Book::open(&sb.file(&again)));
        assert_eq!(
            a.sheet(SHEET).texts(),
            b.sheet(SHEET).texts(),
            "{edits}: scored once more"
        );
        assert_eq!(
            sheet_xml(&sb.file(&scored), SHEET).len(),
            sheet_xml(&sb.file(&again), SHEET).len(),
            "{edits}: the sheet grew"
        );
    }
    assert_eq!(listing.lines().count().to_string(), count);
}
