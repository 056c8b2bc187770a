//! CSV registers (docs/register.md#files): the main fixture as Dutch Excel's Windows-1252 `;` export with CRLF,
//! as UTF-8 with a BOM and `,`, and TAB-delimited, must score exactly as the xlsx fixture does.

use serde_json::Value;

use crate::fixtures::{
    register_csv_cp1252, register_csv_tab, register_csv_utf8_bom_comma, register_rows,
    register_xlsx, EXPECTED,
};
use crate::harness::Sandbox;
use crate::json::{assert_row_matches, row};

/// Score a file of the given bytes to JSON.
fn score_json(name: &str, bytes: &[u8]) -> Value {
    let sb = Sandbox::new();
    sb.write(name, bytes);
    let run = sb.run(&["score", name, "--format", "json", "-o", "-"]);
    run.expect_code(0);
    run.json()
}

/// The parts of a row that must not depend on the input format (row numbers and cell references
/// do: a CSV has no title rows).
fn format_free(r: &Value) -> Value {
    serde_json::json!({
        "id": r["id"], "name": r["name"], "levels": r["levels"], "score": r["score"],
        "max_score": r["max_score"], "high_count": r["high_count"],
        "unknown_count": r["unknown_count"], "class": r["class"], "outcome": r["outcome"],
        "outcome_reason": r["outcome_reason"], "flags": r["flags"], "reasons": r["reasons"],
        "measures": r["measures"],
    })
}

/// Assert that a CSV variant scores every row as the xlsx fixture does.
fn assert_same_as_xlsx(csv: &Value) {
    let xlsx = score_json("register.xlsx", &register_xlsx());
    assert_eq!(csv["input"]["header_row"], 1);
    assert_eq!(csv["input"]["sheet"], "Register");
    assert_eq!(csv["summary"], xlsx["summary"]);
    for e in &EXPECTED {
        assert_row_matches(csv, e);
        assert_eq!(
            format_free(row(csv, e.id)),
            format_free(row(&xlsx, e.id)),
            "{}",
            e.id
        );
    }
}

#[test]
fn windows_1252_semicolon_crlf_scores_like_the_workbook() {
    let bytes = register_csv_cp1252();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture really is Windows-1252"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    assert_same_as_xlsx(&score_json("register.csv", &bytes));
}

#[test]
fn windows_1252_names_round_trip() {
    let doc = score_json("register.csv", &register_csv_cp1252());
    // (id, name) — é, ’, ë, ï, – and a quoted `;`.
    let cases = [
        ("VW-01", "Ledenadministratie café"),
        ("VW-02", "Cursusinschrijving; wachtlijst"),
        ("VW-03", "Toegangscontrole – camera’s"),
        ("VW-08", "Coaching – ideeën van geïnterviewden"),
    ];
    for (id, name) in cases {
        assert_eq!(row(&doc, id)["name"], name, "{id}");
    }
    // A finding's cell refers to the CSV's own rows: VW-05 is record 6.
    assert_eq!(row(&doc, "VW-05")["findings"][0]["cell"], "I6");
}

#[test]
fn utf8_with_bom_and_commas_scores_like_the_workbook() {
    let doc = score_json("register.csv", &register_csv_utf8_bom_comma());
    assert_same_as_xlsx(&doc);
    assert_eq!(row(&doc, "VW-01")["name"], "Ledenadministratie café");
}

#[test]
fn tab_delimited_scores_like_the_workbook() {
    assert_same_as_xlsx(&score_json("register.txt", &register_csv_tab()));
}

#[test]
fn a_csv_without_extension_is_read_by_content() {
    let doc = score_json("register", &register_csv_cp1252());
    assert_eq!(doc["summary"]["rows"], register_rows().len());
}

/// Excel's "Unicode text" export (UTF-16 with a byte-order mark, TAB between cells) is read, not
/// refused as binary (docs/register.md#files-that-are-refused).
#[test]
fn utf16_unicode_text_is_read() {
    let sb = Sandbox::new();
    let text = "ID\tVerwerking\tAantal betrokkenen\tVertrouwelijkheid\r\nA-1\tLedenadministratie café\t5000\tgeheim\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    sb.write("unicode.txt", &bytes);
    let doc = sb
        .run(&["score", "unicode.txt", "--format", "json", "-o", "-"])
        .json();
    assert_eq!(doc["rows"][0]["name"], "Ledenadministratie café");
    assert_eq!(doc["rows"][0]["levels"]["data_subjects"], "high");
    assert_eq!(doc["rows"][0]["levels"]["sensitivity"], "high");
}

const HEADER: &str = "ID;Verwerking;Categorieën persoonsgegevens;Vertrouwelijkheid\r\n";

/// The messages of the file-level findings of a JSON document, without the ranking of the inputs
/// that decide outcomes (these small registers have no AP-list column).
fn file_findings(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter(|x| {
                    !x["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("beslissend voor het DPIA-advies")
                })
                .map(|x| {
                    (
                        x["cell"].as_str().unwrap_or("").to_string(),
                        x["message"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ids(doc: &Value) -> Vec<String> {
    doc["rows"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| x["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// An unterminated quote does not swallow the rest of the file into one cell: a finding names its
/// line, and the lines from there on are read without quoting (docs/register.md#files-that-are-refused).
#[test]
fn an_unterminated_quote_is_a_finding_and_the_rest_is_read() {
    let mut text = String::from(HEADER);
    // A multi-line cell that is closed properly comes first: it stays one cell.
    text.push_str("VW-1;Rooster;\"naam\r\nadres\";Intern\r\n");
    text.push_str("VW-2;\"Camera's bij de ingang;beelden;Intern\r\n");
    for i in 3..=6 {
        text.push_str(&format!("VW-{i};Activiteit {i};naam;Intern\r\n"));
    }
    let doc = score_json("register.csv", text.as_bytes());
    assert_eq!(ids(&doc), ["VW-1", "VW-2", "VW-3", "VW-4", "VW-5", "VW-6"]);
    assert_eq!(
        file_findings(&doc),
        [(
            String::new(),
            "regel 4: een aanhalingsteken wordt niet gesloten; de rijen 3–7 zijn zonder aanhalingstekens gelezen (controleer ze)".to_string()
        )]
    );
    // A quote that closes on the last line is no finding.
    let closed = format!("{HEADER}VW-1;\"Rooster\r\nmet regels\";naam;Intern\r\n");
    let doc = score_json("closed.csv", closed.as_bytes());
    assert_eq!(ids(&doc), ["VW-1"]);
    assert!(file_findings(&doc).is_empty(), "{:?}", file_findings(&doc));
}

/// A UTF-8 file with one stray Windows-1252 byte stays UTF-8: its headers are recognised and the
/// cell with the stray byte is a finding (docs/register.md#files-that-are-refused).
#[test]
fn a_stray_byte_in_a_utf8_file_keeps_it_utf8() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"VW-1;Caf\xe9 bezoekers;naam;Intern\r\n");
    bytes.extend_from_slice("VW-2;Zorg;gezondheid;Intern\r\n".as_bytes());
    let doc = score_json("register.csv", &bytes);
    assert_eq!(doc["rows"][0]["name"], "Caf\u{FFFD} bezoekers");
    // The header with ë was recognised: the categories count.
    assert_eq!(doc["rows"][1]["levels"]["sensitivity"], "high");
    assert_eq!(
        file_findings(&doc),
        [(
            "B2".to_string(),
            "ongeldige tekens (geen UTF-8) vervangen door �".to_string()
        )]
    );
}

/// A field longer than a cell holds is cut with a finding naming the cell, also when it is the
/// ID, which the list sheets repeat; the run completes (docs/register.md#files-that-are-refused).
#[test]
fn a_field_longer_than_a_cell_is_cut_with_a_finding() {
    let long = "x".repeat(40_000);
    let text = format!("{HEADER}{long};Naam;naam;Intern\r\nVW-2;{long};naam;Intern\r\n");
    let sb = Sandbox::new();
    sb.write("register.csv", text.as_bytes());
    sb.run(&["score", "register.csv", "-o", "uit.xlsx"])
        .expect_code(0);
    let run = sb.run(&["score", "register.csv", "--format", "json", "-o", "-"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(
        file_findings(&doc),
        [
            (
                "A2".to_string(),
                "veld van 40000 tekens: langer dan een cel toestaat (32.767); afgekapt".to_string()
            ),
            (
                "B3".to_string(),
                "veld van 40000 tekens: langer dan een cel toestaat (32.767); afgekapt".to_string()
            ),
        ]
    );
    let id = doc["rows"][0]["id"].as_str().unwrap_or("");
    assert_eq!(id.chars().count(), 32_767);
    assert!(id.ends_with('…'));
    let book = crate::harness::Book::open(&sb.file("uit.xlsx"));
    assert_eq!(book.sheet("Register").text("A2").chars().count(), 32_767);
}

/// A workbook rebuilt from a CSV stores the counts a person wrote as whole numbers as numbers
/// (as Excel does opening the CSV), and everything else as the text it was.
#[test]
fn a_workbook_rebuilt_from_a_csv_has_its_counts_as_numbers() {
    use calamine::Data;
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.csv");
    sb.run(&["score", "verwerkingsregister.csv", "-o", "uit.xlsx"])
        .expect_code(0);
    let book = crate::harness::Book::open(&sb.file("uit.xlsx"));
    let sheet = book.sheet(&book.names[0]);
    let (ids, subjects, types) = (
        sheet.column_of(0, "ID"),
        sheet.column_of(0, "Aantal betrokkenen"),
        sheet.column_of(0, "Aantal soorten persoonsgegevens"),
    );
    // (ID, Aantal betrokkenen, Aantal soorten persoonsgegevens) as the sample's CSV writes them
    let cases: [(&str, Data, Data); 3] = [
        ("VW-001", Data::Float(14500.0), Data::Float(28.0)),
        (
            "VW-002",
            Data::String("meer dan 12.000".into()),
            Data::Float(12.0),
        ),
        (
            "VW-005",
            Data::Float(3200.0),
            Data::String("tussen 10 en 20".into()),
        ),
    ];
    for (id, want_subjects, want_types) in cases {
        let row = (1..40)
            .find(|r| sheet.at(*r, ids) == &Data::String(id.into()))
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(sheet.at(row, subjects), &want_subjects, "{id}");
        assert_eq!(sheet.at(row, types), &want_types, "{id}");
    }
    // The ID and the name stay text.
    assert!(matches!(sheet.at(1, ids), Data::String(_)));
}
