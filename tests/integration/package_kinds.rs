//! Workbooks of every kind a user keeps (docs/output.md#workbook, docs/output.md#output-files): a macro workbook stays one with its
//! macros, an output name that does not match is refused, chartsheets are skipped, a visible
//! register is preferred over a hidden copy, the 1904 date system reads the right dates, and a
//! user's own sheet called Maatregelen is never taken for the tool's.

use std::io::{Read, Write};

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};

use crate::harness::{sheet_xml, zip_part, Book, Sandbox};

const HEADERS: [&str; 5] = [
    "ID",
    "Verwerking",
    "Aantal betrokkenen",
    "Vertrouwelijkheid",
    "Datum laatste beoordeling",
];

/// Fill `ws` with a small register: two activities, the second with a review date.
fn fill(ws: &mut rust_xlsxwriter::Worksheet, name_prefix: &str) {
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "A1").unwrap();
    ws.write_string(1, 1, format!("{name_prefix}Ledenadministratie"))
        .unwrap();
    ws.write_number(1, 2, 5000.0).unwrap();
    ws.write_string(1, 3, "geheim").unwrap();
    ws.write_string(2, 0, "A2").unwrap();
    ws.write_string(2, 1, format!("{name_prefix}Nieuwsbrief"))
        .unwrap();
    ws.write_number(2, 2, 40.0).unwrap();
    ws.write_string(2, 3, "intern").unwrap();
}

/// A small OLE compound file standing in for a VBA project (its bytes only need to survive).
fn vba_project() -> Vec<u8> {
    let mut comp = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    comp.create_storage("/VBA").unwrap();
    let mut stream = comp.create_stream("/VBA/dir").unwrap();
    stream.write_all(b"Sub Hallo()\r\nEnd Sub\r\n").unwrap();
    drop(stream);
    comp.into_inner().into_inner()
}

fn part_bytes(path: &std::path::Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

#[test]
fn a_macro_workbook_stays_one_with_its_macros() {
    let sb = Sandbox::new();
    let vba = sb.write("vbaProject.bin", &vba_project());
    let mut wb = Workbook::new();
    fill(wb.add_worksheet().set_name("Register").unwrap(), "");
    wb.add_vba_project(&vba).unwrap();
    sb.write("register.xlsm", &wb.save_to_buffer().unwrap());

    sb.run(&["score", "register.xlsm"]).expect_code(0);
    let out = sb.file("register.dpia.xlsm");
    assert!(
        out.exists(),
        "the default output keeps .xlsm: {:?}",
        sb.listing()
    );
    assert_eq!(
        part_bytes(&out, "xl/vbaProject.bin"),
        part_bytes(&sb.file("register.xlsm"), "xl/vbaProject.bin"),
        "the macros, byte for byte"
    );
    let types = zip_part(&out, "[Content_Types].xml");
    assert!(types.contains("application/vnd.ms-excel.sheet.macroEnabled.main+xml"));
    assert_eq!(
        zip_part(&out, "xl/_rels/workbook.xml.rels")
            .matches("Target=\"vbaProject.bin\"")
            .count(),
        1
    );
    let book = Book::open(&out);
    assert_eq!(
        book.sheet("Register").text("F1"),
        "Niveau Aantal betrokkenen"
    );

    // A name that does not say what the file holds is refused, and nothing is written.
    for (input, output) in [("register.xlsm", "uit.xlsx"), ("register.xlsm", "uit")] {
        let run = sb.run(&["score", input, "-o", output]);
        run.expect_code(1);
        assert!(run.stderr.contains(".xlsm"), "{}", run.stderr);
        assert!(!sb.file(output).exists());
    }
}

#[test]
fn a_workbook_without_macros_is_not_written_as_xlsm() {
    let sb = Sandbox::new();
    let mut wb = Workbook::new();
    fill(wb.add_worksheet().set_name("Register").unwrap(), "");
    sb.write("register.xlsx", &wb.save_to_buffer().unwrap());
    let run = sb.run(&["score", "register.xlsx", "-o", "uit.xlsm"]);
    run.expect_code(1);
    assert!(run.stderr.contains(".xlsx"), "{}", run.stderr);
    assert!(!sb.file("uit.xlsm").exists());
}

#[test]
fn chartsheets_are_skipped_and_kept() {
    let sb = Sandbox::new();
    let mut wb = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Register!$C$2:$C$3");
    // The chartsheet comes first, where the header search starts.
    let cs = wb.add_chartsheet();
    cs.set_name("Grafiek").unwrap();
    cs.insert_chart(0, 0, &chart).unwrap();
    fill(wb.add_worksheet().set_name("Register").unwrap(), "");
    sb.write("r.xlsx", &wb.save_to_buffer().unwrap());
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    let out = sb.file("r.dpia.xlsx");
    let workbook = zip_part(&out, "xl/workbook.xml");
    assert!(
        workbook.contains("name=\"Grafiek\""),
        "the chartsheet stays"
    );
    let book = Book::open(&out);
    assert_eq!(
        book.sheet("Register").text("F1"),
        "Niveau Aantal betrokkenen"
    );
}

#[test]
fn a_visible_register_wins_over_a_hidden_copy_and_hidden_stays_hidden() {
    let sb = Sandbox::new();
    let mut wb = Workbook::new();
    let archive = wb.add_worksheet().set_name("Archief 2024").unwrap();
    fill(archive, "oud: ");
    archive.set_hidden(true);
    fill(wb.add_worksheet().set_name("Register").unwrap(), "");
    wb.worksheet_from_index(1).unwrap().set_active(true);
    sb.write("r.xlsx", &wb.save_to_buffer().unwrap());
    let doc = sb
        .run(&["score", "r.xlsx", "--format", "json", "-o", "-"])
        .json();
    assert_eq!(doc["input"]["sheet"], "Register");
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    let out = sb.file("r.dpia.xlsx");
    let workbook = zip_part(&out, "xl/workbook.xml");
    let archive_tag = workbook
        .split("<sheet ")
        .find(|t| t.contains("Archief 2024"))
        .unwrap();
    assert!(archive_tag.contains("state=\"hidden\""), "{archive_tag}");
    // The audit trail says which sheet and why.
    let audit = Book::open(&out);
    let rows = audit.sheet("Verantwoording").texts();
    assert!(
        rows.iter()
            .any(|r| r.len() > 1 && r[1] == "Register (het eerste zichtbare blad met een koprij)"),
        "{rows:?}"
    );
    assert!(
        !sheet_xml(&out, "Archief 2024").contains("Niveau"),
        "the copy is not scored"
    );
}

/// A workbook in the 1904 date system (old Mac Excel): rust_xlsxwriter writes 1900 dates, so
/// the flag is set in workbook.xml afterwards and the serials are given in 1904 counting.
fn workbook_1904(review_serial_1904: f64) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Register").unwrap();
    fill(ws, "");
    let date = Format::new().set_num_format("dd-mm-yyyy");
    ws.write_number_with_format(1, 4, review_serial_1904, &date)
        .unwrap();
    ws.write_number_with_format(2, 4, review_serial_1904, &date)
        .unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains("<workbookPr "), "{text}");
            data = text
                .replacen("<workbookPr ", "<workbookPr date1904=\"1\" ", 1)
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn the_1904_date_system_reads_the_right_dates() {
    let sb = Sandbox::new();
    // 31-05-2024 is serial 45443 in the 1900 system, 43981 in the 1904 system.
    sb.write("r.xlsx", &workbook_1904(43_981.0));
    let doc = sb
        .run(&["score", "r.xlsx", "--format", "json", "-o", "-"])
        .json();
    // Reviewed 31-05-2024: within 36 months of the run date (21-09-2026), so no review is due.
    // Read as 1900 serials it would be 30-05-2020 and overdue.
    for row in doc["rows"].as_array().unwrap() {
        let flags = row["flags"].as_array().unwrap();
        assert!(
            !flags.iter().any(|f| f == "review_due"),
            "{}: {flags:?}",
            row["id"]
        );
    }
    // In place the workbook keeps its date system and the cell its serial.
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    let out = sb.file("r.dpia.xlsx");
    assert!(zip_part(&out, "xl/workbook.xml").contains("date1904=\"1\""));
    assert!(sheet_xml(&out, "Register").contains("<v>43981</v>"));
}

#[test]
fn a_users_own_maatregelen_sheet_is_never_taken_for_the_tools() {
    let sb = Sandbox::new();
    let mut wb = Workbook::new();
    fill(wb.add_worksheet().set_name("Register").unwrap(), "");
    let own = wb.add_worksheet().set_name("Maatregelen").unwrap();
    own.write_string(0, 0, "Activiteit-ID").unwrap();
    own.write_string(0, 1, "Maatregel-ID").unwrap();
    own.write_string(0, 2, "Status").unwrap();
    own.write_string(1, 0, "A1").unwrap();
    own.write_string(1, 1, "M-EIGEN").unwrap();
    own.write_string(1, 2, "gerealiseerd").unwrap();
    sb.write("r.xlsx", &wb.save_to_buffer().unwrap());
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    sb.run(&["score", "r.dpia.xlsx", "-o", "r2.xlsx"])
        .expect_code(0);
    for out in ["r.dpia.xlsx", "r2.xlsx"] {
        let book = Book::open(&sb.file(out));
        assert_eq!(
            book.names,
            [
                "Register",
                "Maatregelen",
                "Samenvatting",
                "Maatregelen (2)",
                "Meldingen",
                "Verantwoording"
            ],
            "{out}"
        );
        // The user's sheet is as it was: its status is not reset to open.
        assert_eq!(
            book.sheet("Maatregelen").texts(),
            [
                ["Activiteit-ID", "Maatregel-ID", "Status"],
                ["A1", "M-EIGEN", "gerealiseerd"]
            ],
            "{out}"
        );
    }
}

/// A rebuilt workbook (here from an .ods) has the notes on the added headers too, and the audit
/// trail says that formatting is not carried over from that format.
#[test]
fn a_rebuilt_workbook_has_header_notes_and_says_it_was_rebuilt() {
    let sb = Sandbox::new();
    sb.copy_from_repo("tests/fixtures/roundtrip/verwerkingsregister.ods");
    sb.run(&["score", "verwerkingsregister.ods"]).expect_code(0);
    let out = sb.file("verwerkingsregister.dpia.xlsx");
    let comments = zip_part(&out, "xl/comments1.xml");
    assert_eq!(comments.matches("<comment ").count(), 17, "{comments}");
    assert!(comments.contains("Risicoklasse uit het aantal criteria op Hoog"));
    let audit = Book::open(&out).sheet("Verantwoording").texts();
    assert!(
        audit.iter().any(|r| r.len() > 1
            && r[0] == "Werkmap"
            && r[1].starts_with("opnieuw opgebouwd uit de waarden: opmaak en kolombreedtes worden uit een .ods-bestand niet overgenomen")),
        "{audit:?}"
    );
}
