//! Bad input in a cell never stops the run (SPEC §9): error values, booleans and dates in count
//! columns, a 32,767-character string and text numbers with non-breaking spaces each give a
//! finding with the cell reference, and the row is still scored with that criterion unknown.

use crate::fixtures::{simple_xlsx, V};
use crate::harness::Sandbox;

#[test]
fn odd_cell_values_become_findings_and_the_row_is_still_scored() {
    let headers: &[&str] = &[
        "ID",
        "Aantal betrokkenen",
        "Aantal subverwerkers",
        "Gevoeligheid",
        "Impact op betrokkene",
    ];
    let long = "x".repeat(32_767);
    // (id, subjects cell, sub-processors cell, sensitivity, impact) → cell with a finding, or none
    let rows: Vec<(Vec<V>, Option<&str>)> = vec![
        (
            vec![
                V::T("R-2"),
                V::F("=NA()", "#N/A"),
                V::N(0.0),
                V::T("intern"),
                V::T("laag"),
            ],
            Some("B2"),
        ),
        (
            vec![
                V::T("R-3"),
                V::B(true),
                V::N(0.0),
                V::T("intern"),
                V::T("laag"),
            ],
            Some("B3"),
        ),
        (
            vec![
                V::T("R-4"),
                V::D(2024, 5, 31),
                V::N(0.0),
                V::T("intern"),
                V::T("laag"),
            ],
            Some("B4"),
        ),
        (
            vec![
                V::T("R-5"),
                V::N(10.0),
                V::N(-3.0),
                V::T("intern"),
                V::T("laag"),
            ],
            Some("C5"),
        ),
        (
            vec![V::T("R-6"), V::N(10.0), V::N(0.0), V::S(long), V::T("laag")],
            Some("D6"),
        ),
        (
            vec![
                V::T("R-7"),
                V::T("1\u{a0}500"),
                V::N(0.0),
                V::T("intern"),
                V::T("laag"),
            ],
            None,
        ),
    ];
    let sb = Sandbox::new();
    sb.write(
        "r.xlsx",
        &simple_xlsx(&[("R", headers, rows.iter().map(|(r, _)| r.clone()).collect())]),
    );
    let run = sb.run(&["score", "r.xlsx", "--format", "json", "-o", "-"]);
    run.expect_code(0);
    let doc = run.json();
    let out = doc["rows"].as_array().unwrap();
    assert_eq!(out.len(), rows.len(), "every row is scored");
    let unknown_of = |cell: &str| match &cell[..1] {
        "B" => "data_subjects",
        "C" => "subprocessors",
        _ => "sensitivity",
    };
    for (row, (_, cell)) in out.iter().zip(&rows) {
        let cells: Vec<&str> = row["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["cell"].as_str())
            .filter(|c| !c.is_empty())
            .collect();
        match cell {
            Some(cell) => {
                assert_eq!(cells, [*cell], "{}", row["id"]);
                assert_eq!(row["levels"][unknown_of(cell)], "unknown", "{}", row["id"]);
                assert!(row["score"].as_u64().is_some());
            }
            None => {
                assert!(cells.is_empty(), "{}: {cells:?}", row["id"]);
                assert_eq!(
                    row["levels"]["data_subjects"], "high",
                    "1 500 with a non-breaking space"
                );
            }
        }
    }
    // The workbook is written too, with the long text intact.
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    let book = crate::harness::Book::open(&sb.file("r.dpia.xlsx"));
    assert_eq!(book.sheet("R").text("D6").chars().count(), 32_767);
}
