//! Bad input in a cell never stops the run (docs/register.md#files-that-are-refused): error values, booleans and dates in count
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

/// Words, negative numbers and a maximal string in count columns: one finding at the cell, the
/// criterion unknown with the "unreadable" reason, the rest of the row still judged.
#[test]
fn unreadable_counts_name_their_cell_and_leave_the_criterion_unknown() {
    let headers: &[&str] = &[
        "ID",                             // A
        "Aantal betrokkenen",             // B
        "Aantal subverwerkers",           // C
        "Aantal medewerkers met toegang", // D
        "Gevoeligheid",                   // E
    ];
    let valid = |id: &'static str| vec![V::T(id), V::N(50.0), V::N(0.0), V::N(2.0), V::T("intern")];
    // (id, column, bad value, finding cell, criterion, text in the message)
    let cases: Vec<(&str, usize, V, &str, &str, &str)> = vec![
        (
            "W-2",
            1,
            V::T("veel"),
            "B2",
            "data_subjects",
            "geen getal gevonden",
        ),
        (
            "W-3",
            2,
            V::T("-3"),
            "C3",
            "subprocessors",
            "negatief getal",
        ),
        (
            "W-4",
            2,
            V::N(-3.0),
            "C4",
            "subprocessors",
            "negatief getal",
        ),
        (
            "W-5",
            3,
            V::S("a".repeat(32_767)),
            "D5",
            "staff_access",
            "geen getal gevonden",
        ),
        ("W-6", 3, V::B(false), "D6", "staff_access", "waar/onwaar"),
    ];
    let rows: Vec<Vec<V>> = cases
        .iter()
        .map(|(id, col, bad, ..)| {
            let mut r = valid(id);
            r[*col] = bad.clone();
            r
        })
        .collect();
    let sb = Sandbox::new();
    sb.write("w.xlsx", &simple_xlsx(&[("R", headers, rows)]));
    let run = sb.run(&["score", "w.xlsx", "--format", "json", "-o", "-"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(doc["summary"]["rows"], cases.len());
    for (id, _, _, cell, criterion, message) in &cases {
        let row = crate::json::row(&doc, id);
        let at_cells: Vec<&serde_json::Value> = row["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["cell"] != "")
            .collect();
        assert_eq!(at_cells.len(), 1, "{id}: {at_cells:?}");
        assert_eq!(at_cells[0]["cell"], *cell, "{id}");
        let text = at_cells[0]["message"].as_str().unwrap();
        assert!(text.contains(message), "{id}: {text}");
        assert_eq!(row["levels"][criterion], "unknown", "{id}");
        assert_eq!(
            crate::json::reason(row, criterion),
            "onleesbare invoer (zie Datakwaliteit) → Onbekend",
            "{id}"
        );
        assert_eq!(row["levels"]["sensitivity"], "low", "{id}: still judged");
    }
    // The long value is shortened in the finding, never copied whole.
    let long = crate::json::row(&doc, "W-5")["findings"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(long.starts_with("aaaa") && long.chars().count() < 1_000);
}

/// The annotated workbook keeps each bad cell as the user wrote it — an error stays an error, a
/// date a date, a boolean a boolean — and Meldingen lists every cell.
#[test]
fn the_workbook_keeps_bad_cells_as_written_and_lists_them_on_meldingen() {
    use calamine::{CellErrorType, Data};
    let headers: &[&str] = &["ID", "Aantal betrokkenen", "Gevoeligheid"];
    // (id, subjects cell) — rows 2..6
    let rows: Vec<Vec<V>> = [
        ("E-2", V::F("=NA()", "#N/A")),
        ("E-3", V::B(true)),
        ("E-4", V::D(2024, 5, 31)),
        ("E-5", V::T("veel")),
        ("E-6", V::N(-3.0)),
    ]
    .into_iter()
    .map(|(id, v)| vec![V::T(id), v, V::T("intern")])
    .collect();
    let sb = Sandbox::new();
    sb.write("e.xlsx", &simple_xlsx(&[("R", headers, rows)]));
    sb.run(&["score", "e.xlsx"]).expect_code(0);
    let book = crate::harness::Book::open(&sb.file("e.dpia.xlsx"));
    let reg = book.sheet("R");
    assert_eq!(reg.cell("B2"), &Data::Error(CellErrorType::NA));
    assert_eq!(reg.cell("B3"), &Data::Bool(true));
    assert!(
        matches!(reg.cell("B4"), Data::DateTime(d) if d.is_datetime()),
        "B4: {:?}",
        reg.cell("B4")
    );
    assert_eq!(reg.cell("B5"), &Data::String("veel".into()));
    assert_eq!(reg.cell("B6"), &Data::Float(-3.0));
    let cells: Vec<String> = book.sheet("Meldingen").texts()[1..]
        .iter()
        .map(|r| r[2].clone())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells, ["B2", "B3", "B4", "B5", "B6"]);
}

/// Maximal category cells that name special or sensitive data: the reason quotes the start of
/// the cell, the workbook is written with every composed text within Excel's 32,767 characters,
/// and the user's cells are kept whole.
#[test]
fn maximal_category_cells_are_quoted_not_copied_into_reasons() {
    let headers: &[&str] = &[
        "ID",
        "Aantal betrokkenen",
        "Categorieën persoonsgegevens",
        "Bijzondere persoonsgegevens",
        "Gevoeligheid",
    ];
    let one_item = format!("burgerservicenummer {}", "x".repeat(32_747));
    let many_items: String = (0..2_500)
        .map(|i| format!("gezondheid-{i}"))
        .collect::<Vec<_>>()
        .join(", ")
        .chars()
        .take(32_767)
        .collect();
    let rows = vec![
        vec![
            V::T("L-1"),
            V::N(500.0),
            V::S(one_item.clone()),
            V::E,
            V::T("intern"),
        ],
        vec![
            V::T("L-2"),
            V::N(500.0),
            V::E,
            V::S(many_items.clone()),
            V::T("intern"),
        ],
    ];
    let sb = Sandbox::new();
    sb.write("l.xlsx", &simple_xlsx(&[("R", headers, rows)]));
    sb.run(&["score", "l.xlsx"]).expect_code(0);
    let book = crate::harness::Book::open(&sb.file("l.dpia.xlsx"));
    let sheet = book.sheet("R");
    let why = sheet.column_of(0, "Onderbouwing");
    for (row, cell, col) in [(1, &one_item, "C"), (2, &many_items, "D")] {
        assert_eq!(
            &sheet.text(&format!("{col}{}", row + 1)),
            cell,
            "user's cell kept"
        );
        let reason = crate::harness::shown(sheet.at(row, why));
        assert!(
            reason.chars().count() < 2_000,
            "row {row}: {} chars",
            reason.len()
        );
        assert!(
            reason.contains("Gevoeligheid:") && reason.contains('…'),
            "row {row}: {reason}"
        );
    }
}

/// A workbook whose cell holds more text than Excel allows (only a doctored or generated file
/// does): a finding names the cell, the ID is cut on the list sheets, and the run completes
/// (docs/register.md#files-that-are-refused).
#[test]
fn a_cell_longer_than_excel_allows_is_a_finding_not_an_abort() {
    let headers: &[&str] = &["ID", "Verwerking", "Aantal betrokkenen"];
    let rows = vec![vec![V::T("PLAATSHOUDER"), V::T("Naam"), V::N(5.0)]];
    let bytes = simple_xlsx(&[("R", headers, rows)]);
    // The placeholder becomes 40,000 characters, in the package itself.
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).expect("read");
        let text = String::from_utf8_lossy(&data).into_owned();
        if text.contains("PLAATSHOUDER") {
            data = text
                .replace("PLAATSHOUDER", &"V".repeat(40_000))
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        std::io::Write::write_all(&mut out, &data).expect("write");
    }
    let doctored = out.finish().expect("zip").into_inner();
    let sb = Sandbox::new();
    sb.write("lang.xlsx", &doctored);
    sb.run(&["score", "lang.xlsx"]).expect_code(0);
    let book = crate::harness::Book::open(&sb.file("lang.dpia.xlsx"));
    let findings = book.sheet("Meldingen").texts();
    assert!(
        findings
            .iter()
            .any(|r| r.contains(&"A2".to_string())
                && r.iter().any(|c| c
                    == "tekst van 40000 tekens: langer dan een cel toestaat (32.767); afgekapt")),
        "{findings:?}"
    );
    // The list sheets repeat the ID, cut to a cell.
    let row = findings
        .iter()
        .find(|r| r.contains(&"A2".to_string()))
        .expect("the finding");
    assert_eq!(row[1].chars().count(), 32_767);
    assert!(row[1].ends_with('…'));
}
