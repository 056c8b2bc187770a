//! Hostile and malformed inputs (docs/register.md#files-that-are-refused): each kind is built here (or kept small under
//! `tests/fixtures/hostile/`) and must get exit 1 with one line naming the file and the problem —
//! or, where the file is valid but extreme, be processed — never a panic or an abort. The runs are
//! made with the child's address space limited to 1 GiB (`ulimit -v`), so any attempt to allocate
//! more fails the test instead of passing unnoticed.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use zip::write::SimpleFileOptions;

use crate::harness::{Run, Sandbox, EPOCH};

/// Run the binary with its virtual memory capped at `mib` MiB.
fn run_capped(sb: &Sandbox, args: &[&str], mib: u64) -> Run {
    let exe = env!("CARGO_BIN_EXE_dpia-triage");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "ulimit -v {} && exec '{exe}' {}",
        mib * 1024,
        quoted.join(" ")
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(sb.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run dpia-triage under ulimit");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A minimal valid xlsx whose parts can be replaced: (part name, content).
fn xlsx_with(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// The sheet XML of a two-column register (header + one row), with `extra` inside sheetData.
fn sheet(dimension: &str, extra: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>X-1</t></is></c><c r="B2"><v>1500</v></c></row>{extra}</sheetData></worksheet>"#
    )
    .into_bytes()
}

fn shared(count: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{count}"><si><t>ID</t></si><si><t>Aantal betrokkenen</t></si></sst>"#
    )
    .into_bytes()
}

fn workbook(sheet_xml: &[u8], sst: &[u8]) -> Vec<u8> {
    xlsx_with(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet_xml),
        ("xl/sharedStrings.xml", sst),
    ])
}

/// An OLE2 file with the streams an encrypted Office document has.
fn encrypted_ole() -> Vec<u8> {
    let cursor = std::io::Cursor::new(Vec::new());
    let mut cf = cfb::CompoundFile::create(cursor).unwrap();
    cf.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    cf.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0u8; 4096])
        .unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile")
            .join(name),
    )
    .unwrap()
}

/// Each kind of bad file: exit 1, one line on stderr naming the file and the reason.
#[test]
fn malformed_and_hostile_files_are_refused_with_one_line() {
    let valid = workbook(&sheet("A1:B2", ""), &shared("2"));
    let bomb = {
        // 400 MiB of whitespace inside sheetData: compresses to well under 1 MiB.
        let pad = " ".repeat(400 << 20);
        workbook(&sheet("A1:B2", &pad), &shared("2"))
    };
    let zip_not_workbook = xlsx_with(&[("readme.txt", b"hallo")]);
    // (file name, bytes, text the message must contain)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bomb.xlsx", bomb, "zip-bom"),
        (
            "sst.xlsx",
            workbook(&sheet("A1:B2", ""), &shared("4000000000")),
            "gedeelde tekstentabel",
        ),
        (
            "truncated.xlsx",
            valid[..valid.len() / 2].to_vec(),
            "beschadigd zip-bestand",
        ),
        ("empty.xlsx", Vec::new(), "leeg"),
        ("notabook.xlsx", zip_not_workbook, "zonder werkmap"),
        // Part names a Windows program wrote with backslashes: said so, not "no workbook".
        (
            "backslash.xlsx",
            xlsx_with(&[
                ("[Content_Types].xml", CONTENT_TYPES),
                ("_rels\\.rels", ROOT_RELS),
                ("xl\\workbook.xml", WORKBOOK),
                ("xl\\_rels\\workbook.xml.rels", WORKBOOK_RELS),
            ]),
            "backslashes (xl\\workbook.xml)",
        ),
        (
            "random.xlsx",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
            "geen werkmap",
        ),
        (
            "export.xls",
            b"<html><body><table><tr><td>ID</td></tr></table></body></html>".to_vec(),
            "HTML",
        ),
        ("locked.xlsx", encrypted_ole(), "wachtwoord"),
        // An OpenDocument spreadsheet saved with a password: its manifest says its parts are
        // encrypted, and its content.xml is no XML.
        (
            "locked.ods",
            xlsx_with(&[
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                (
                    "META-INF/manifest.xml",
                    br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="2528"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2009/xmlenc11#aes256-gcm" manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"#,
                ),
                ("content.xml", &[0xb7, 0x1f, 0x8e, 0x00, 0xff, 0x42, 0x13, 0x9c]),
            ]),
            "wachtwoord",
        ),
        ("cfb.xls", fixture("cfb-sector-overrun.xls"), "beschadigd"),
        ("far.xls", fixture("xls-far-apart-cells.xls"), "geweigerd"),
        (
            "repeated.ods",
            fixture("ods-repeated-cells.ods"),
            "geweigerd",
        ),
        (
            "noheader.csv",
            b"alleen;wat;tekst\n1;2;3\n".to_vec(),
            "geen koprij",
        ),
    ];
    let sb = Sandbox::new();
    for (name, bytes, expected) in &cases {
        sb.write(name, bytes);
        let run = run_capped(&sb, &["score", name, "-o", "out.xlsx"], 1024);
        assert_eq!(run.code, 1, "{name}: {run:#?}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: one line expected: {}", run.stderr);
        assert!(
            lines[0].contains(name),
            "{name}: names the file: {}",
            lines[0]
        );
        assert!(
            lines[0].contains(expected),
            "{name}: says '{expected}': {}",
            lines[0]
        );
        assert!(
            !sb.file("out.xlsx").exists(),
            "{name}: a failed run leaves no output"
        );
    }
    // Nothing half-written or temporary is left behind either.
    assert!(
        sb.listing().iter().all(|f| !f.starts_with(".dpia-triage-")),
        "{:?}",
        sb.listing()
    );

    // Uploaded to the page, each gets the command line's line word for word (status 422), and
    // nothing stays in the server's temporary directory.
    let tmp = sb.path().join("tmp");
    std::fs::create_dir(&tmp).expect("tmp");
    let server = crate::serve::Server::start(&tmp, &[]);
    for (name, bytes, _) in &cases {
        let cli = run_capped(&sb, &["score", name, "-o", "out.xlsx"], 1024);
        let reply = server.post("/score?format=xlsx", &[("register", name, bytes)]);
        assert_eq!(reply.status, 422, "{name}: {}", reply.text());
        assert_eq!(
            format!("dpia-triage: {}", reply.text()),
            cli.stderr.trim_end(),
            "{name}"
        );
    }
    assert_eq!(crate::serve::leftovers(&tmp), Vec::<String>::new());
}

/// A valid but extreme sheet — declared A1:XFD1048576 with a cell at XFD1048576 — is processed
/// within 1 GiB: no dense range is ever built from the dimension.
#[test]
fn a_cell_at_the_far_corner_is_processed_in_bounded_memory() {
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let sb = Sandbox::new();
    sb.write(
        "far.xlsx",
        &workbook(&sheet("A1:XFD1048576", far), &shared("2")),
    );
    let run = run_capped(
        &sb,
        &["score", "far.xlsx", "--format", "json", "-o", "-"],
        1024,
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let doc = run.json();
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "the data row and the far row");
    assert_eq!(rows[0]["levels"]["data_subjects"], "high");
    assert_eq!(rows[1]["row"], 1_048_576);
}

/// A CSV saved with an .xlsx name is read by its content.
#[test]
fn a_csv_named_xlsx_is_read_by_content() {
    let sb = Sandbox::new();
    sb.write(
        "register.xlsx",
        b"ID;Aantal betrokkenen;Gevoeligheid\r\nX-1;1.500;geheim\r\n",
    );
    let doc = sb
        .run(&["score", "register.xlsx", "--format", "json", "-o", "-"])
        .json();
    assert_eq!(doc["rows"][0]["levels"]["data_subjects"], "high");
    assert_eq!(doc["rows"][0]["levels"]["sensitivity"], "high");
}

/// A register sheet that is not well-formed XML (a stray `<` between two rows, as the in-place
/// fuzz target found) is refused in one line before anything is written, instead of being
/// streamed into an output that reports success and opens nowhere.
#[test]
fn an_ill_formed_register_sheet_is_refused_not_copied() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/verwerkingsregister.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(sample).unwrap()).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut bytes).unwrap();
        parts.push((e.name().unwrap().to_string(), bytes));
    }
    let sb = Sandbox::new();
    for (name, splice) in [("stray", "<"), ("unclosed", "<x>"), ("unopened", "</row>")] {
        let mut parts = parts.clone();
        let sheet = parts
            .iter_mut()
            .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
            .unwrap();
        let text = String::from_utf8(sheet.1.clone()).unwrap();
        let at = text.find("</row>").unwrap() + "</row>".len();
        sheet.1 = format!("{}{splice}{}", &text[..at], &text[at..]).into_bytes();
        let refs: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let file = format!("{name}.xlsx");
        sb.write(&file, &xlsx_with(&refs));
        let run = sb.run(&["score", &file, "-o", "uit.xlsx"]);
        assert_eq!(run.code, 1, "{name}: {run:?}");
        assert_eq!(
            run.stderr.trim().lines().count(),
            1,
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(!sb.file("uit.xlsx").exists(), "{name}: an output was left");
    }
}

/// A row written twice (`<row r="2">` two times, as a faulty writer leaves it) or rows out of
/// order: refused in one line naming file, sheet and row on every route (workbook in place,
/// JSON, CSV), never merged into one activity of mixed cells.
#[test]
fn a_row_written_twice_is_refused_on_every_route() {
    let sb = Sandbox::new();
    let twice = r#"<row r="2"><c r="A2" t="inlineStr"><is><t>X-2</t></is></c><c r="B2"><v>20</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>X-3</t></is></c><c r="B3"><v>30</v></c></row>"#;
    let back = r#"<row r="4"><c r="A4" t="inlineStr"><is><t>X-4</t></is></c><c r="B4"><v>40</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>X-3</t></is></c><c r="B3"><v>30</v></c></row>"#;
    for (name, extra, row) in [("twice", twice, "rij 2"), ("back", back, "rij 3")] {
        let file = format!("{name}.xlsx");
        sb.write(&file, &workbook(&sheet("A1:B4", extra), &shared("2")));
        for args in [
            vec!["score", file.as_str(), "-o", "uit.xlsx"],
            vec!["score", file.as_str(), "--format", "json", "-o", "uit.json"],
            vec!["score", file.as_str(), "--format", "csv", "-o", "uit.csv"],
        ] {
            let run = sb.run(&args);
            assert_eq!(run.code, 1, "{name} {args:?}: {run:?}");
            let err = run.stderr.trim();
            assert_eq!(err.lines().count(), 1, "{name} {args:?}: {err}");
            assert!(
                err.contains(&file) && err.contains("Register") && err.contains(row),
                "{name} {args:?}: {err}"
            );
            assert!(err.contains("twee keer"), "{name} {args:?}: {err}");
            for out in ["uit.xlsx", "uit.json", "uit.csv"] {
                assert!(!sb.file(out).exists(), "{name} {args:?}: {out} was left");
            }
        }
    }
}
