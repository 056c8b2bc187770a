//! CSV registers (SPEC §3.1): the main fixture as Dutch Excel's Windows-1252 `;` export with CRLF,
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
/// refused as binary (SPEC §9).
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
