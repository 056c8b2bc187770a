//! Fidelity of the annotated workbook (docs/output.md#workbook): formulas keep their formula and cached value,
//! merged ranges and column widths survive, values are never re-typed; the added columns carry
//! conditional formatting, the Maatregelen status a dropdown and Meldingen links to the cells. And
//! the same register scores identically from xlsx, xls, ods (written by LibreOffice, committed under
//! `tests/fixtures/roundtrip/`) and CSV.

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Format, Formula, Workbook};

use crate::harness::{sheet_xml, zip_part, Book, Sandbox};

/// A register with a title merged over A1:E1, a formula, a date, text that looks like a number,
/// and custom column widths.
fn register() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Register").unwrap();
    ws.merge_range(0, 0, 0, 4, "Verwerkingsregister", &Format::new().set_bold())
        .unwrap();
    for (c, h) in [
        "ID",
        "Verwerking",
        "Aantal betrokkenen",
        "Gevoeligheid",
        "Datum laatste beoordeling",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_string(2, 0, "007").unwrap();
    ws.write_string(2, 1, "Personeelsdossier").unwrap();
    ws.write_formula(2, 2, Formula::new("=1000+500").set_result("1500"))
        .unwrap();
    ws.write_string(2, 3, "geheim").unwrap();
    ws.write_number_with_format(2, 4, 45443.0, &Format::new().set_num_format("dd-mm-yyyy"))
        .unwrap();
    ws.merge_range(3, 1, 4, 1, "Samengevoegd", &Format::new())
        .unwrap();
    ws.write_string(3, 0, "008").unwrap();
    ws.write_number(3, 2, 50.0).unwrap();
    ws.write_string(3, 3, "zeer?").unwrap();
    ws.set_column_width(1, 42.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn formulas_merges_widths_and_types_survive() {
    let sb = Sandbox::new();
    sb.write("r.xlsx", &register());
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    let out = sb.file("r.dpia.xlsx");
    let mut wb = open_workbook_auto(&out).unwrap();
    let formulas = wb.worksheet_formula("Register").unwrap();
    assert_eq!(
        formulas.get_value((2, 2)).map(String::as_str),
        Some("1000+500")
    );
    let values = wb.worksheet_range("Register").unwrap();
    // (row, col, value)
    let cases = [
        (2usize, 0usize, Data::String("007".into())),
        (2, 2, Data::Float(1500.0)),
        (2, 3, Data::String("geheim".into())),
        (0, 0, Data::String("Verwerkingsregister".into())),
    ];
    for (r, c, expected) in cases {
        let got = values
            .get_value((r as u32, c as u32))
            .cloned()
            .unwrap_or(Data::Empty);
        assert_eq!(got, expected, "({r}, {c})");
    }
    match values.get_value((2, 4)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 45443.0),
        other => panic!("the date is {other:?}"),
    }
    let sheet = sheet_xml(&out, "Register");
    for merge in [r#"<mergeCell ref="A1:E1"/>"#, r#"<mergeCell ref="B4:B5"/>"#] {
        assert!(sheet.contains(merge), "{merge}");
    }
    assert!(
        sheet.contains(r#"<col min="2" max="2" width="42.7109375" customWidth="1"/>"#),
        "column width kept"
    );
    // The scored formula cell counts: 1500 subjects is high.
    let doc = sb
        .run(&["score", "r.xlsx", "--format", "json", "-o", "-"])
        .json();
    assert_eq!(doc["rows"][0]["levels"]["data_subjects"], "high");
    assert_eq!(
        doc["rows"][0]["id"], "007",
        "text that looks like a number stays text"
    );
}

#[test]
fn colours_dropdowns_and_links_are_live_excel_features() {
    let sb = Sandbox::new();
    sb.write("r.xlsx", &register());
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    let out = sb.file("r.dpia.xlsx");
    let book = Book::open(&out);
    assert_eq!(
        book.names,
        [
            "Register",
            "Samenvatting",
            "Maatregelen",
            "Meldingen",
            "Verantwoording"
        ]
    );
    let register = sheet_xml(&out, "Register");
    // Level colours follow the cell text, so a user's edit recolours the cell.
    for word in [
        "Hoog",
        "Midden",
        "Laag",
        "Geen",
        "Onbekend",
        "DPIA verplicht",
        "Geen DPIA nodig",
    ] {
        assert!(
            register.contains(&format!("<formula>\"{word}\"</formula>")),
            "conditional format for {word}"
        );
    }
    assert!(register.contains("<autoFilter "), "autofilter");
    // Each added cell of a data row carries the added-cell style (a light fill); no column
    // style does it, which would fill the cells above the header too.
    let styles = zip_part(&out, "xl/styles.xml");
    let fills: Vec<&str> = styles.split("<fill>").skip(1).collect();
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("<xf ")
        .skip(1)
        .collect();
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..].split('"').next()?.to_string())
    };
    let mut filled = 0;
    for cell in register.split("<c ").skip(1) {
        let tag = format!(" {}", cell.split('>').next().unwrap());
        let r = attr(&tag, "r").unwrap();
        let (row, col) = crate::harness::a1(&r);
        if col < 5 || row < 2 {
            continue;
        }
        let style: usize = attr(&tag, "s").unwrap().parse().unwrap();
        let fill: usize = attr(&format!(" {}", xfs[style]), "fillId")
            .unwrap()
            .parse()
            .unwrap();
        assert!(fills[fill].contains("FFEEF4F5"), "added-cell fill: {tag}");
        filled += 1;
    }
    assert_eq!(filled, 2 * 17, "two rows of 17 added cells");
    assert!(
        register
            .split("<col ")
            .skip(1)
            .all(|c| !c.split("/>").next().unwrap().contains("style=")),
        "no column style"
    );
    // Annotated in place: Maatregelen names the texts it repeats on every row by their number in
    // the shared strings, and the user's entries there are kept in their place, byte for byte.
    let measures_xml = sheet_xml(&out, "Maatregelen");
    assert!(measures_xml.contains(" t=\"s\""), "Maatregelen");
    crate::inplace::assert_users_entries_kept(
        zip_part(&sb.file("r.xlsx"), "xl/sharedStrings.xml").as_bytes(),
        zip_part(&out, "xl/sharedStrings.xml").as_bytes(),
        &out,
    );
    assert!(
        register.contains(r#"<pane ySplit="2" topLeftCell="A3""#),
        "header frozen"
    );
    let measures = sheet_xml(&out, "Maatregelen");
    assert!(
        measures.contains("<dataValidation ") && measures.contains("gerealiseerd"),
        "status dropdown"
    );
    let findings = sheet_xml(&out, "Meldingen");
    assert!(
        findings.contains("<hyperlink ") && findings.contains("location=\"'Register'!"),
        "links to the cells"
    );
}

fn levels(doc: &serde_json::Value) -> Vec<(String, serde_json::Value, String)> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["levels"].clone(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_sample_scores_identically_from_xlsx_xls_ods_and_csv() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.copy_from_repo("samples/verwerkingsregister.csv");
    sb.copy_from_repo("tests/fixtures/roundtrip/verwerkingsregister.xls");
    sb.copy_from_repo("tests/fixtures/roundtrip/verwerkingsregister.ods");
    let reference = levels(
        &sb.run(&[
            "score",
            "verwerkingsregister.xlsx",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .json(),
    );
    assert_eq!(reference.len(), 35);
    for other in [
        "verwerkingsregister.xls",
        "verwerkingsregister.ods",
        "verwerkingsregister.csv",
    ] {
        let got = levels(
            &sb.run(&["score", other, "--format", "json", "-o", "-"])
                .json(),
        );
        assert_eq!(got, reference, "{other}");
    }
    // The xls and ods are written as annotated workbooks too.
    sb.run(&[
        "score",
        "verwerkingsregister.xls",
        "verwerkingsregister.ods",
    ])
    .expect_code(0);
    for out in [
        "verwerkingsregister.xls.dpia.xlsx",
        "verwerkingsregister.ods.dpia.xlsx",
    ] {
        let book = Book::open(&sb.file(out));
        assert_eq!(book.names[0], "Register");
        let reg = book.sheet("Register");
        assert_eq!(
            reg.text("A1"),
            "Verwerkingsregister Hogeschool Noorderpoort"
        );
        let advice = reg.column_of(3, "DPIA-advies");
        assert!(!reg.texts()[4][advice].is_empty(), "{out}");
    }
}
