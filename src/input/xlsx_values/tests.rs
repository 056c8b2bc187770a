//! The reader held against calamine: on every xlsx in the repository (the producers' workbooks,
//! the samples and their outputs, the fixtures), every sheet, every cell; and table cases of the
//! value grammar.

use super::*;

/// Every row of every sheet of `path`, read by calamine (`Source::read_sheet_calamine`) and by
/// [`Book::read`].
fn both(path: &Path) -> Vec<(String, Vec<RawRow>, Vec<RawRow>)> {
    let lang = Lang::Nl;
    let limits = crate::input::guard::Limits::default();
    let mut source = crate::input::Source::open(path, &limits, lang).expect("calamine opens it");
    if crate::ooxml::package::is_strict(path) {
        assert!(
            Book::open(path, lang).is_err(),
            "Strict is left to calamine"
        );
        return Vec::new();
    }
    let mut book = Book::open(path, lang).expect("the reader opens it");
    let names = source.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let mut a = Vec::new();
        let read_a = source.read_sheet_calamine(&name, lang, &mut |r| {
            a.push(r);
            ControlFlow::Continue(())
        });
        let mut b = Vec::new();
        let read_b = book.read(&name, &|_| true, &mut |r| {
            b.push(r);
            ControlFlow::Continue(())
        });
        // A sheet calamine refuses may be refused here too; one it reads must be read alike.
        if let Err(e) = read_a {
            eprintln!("calamine refuses {}: {name}: {e}", path.display());
            continue;
        }
        read_b.unwrap_or_else(|e| panic!("{}: {name}: {e:#}", path.display()));
        out.push((name, a, b));
    }
    out
}

/// A row as compared: its index and its cells' columns, values and formulas.
type Compared = (u32, Vec<(u16, Data, Option<String>)>);

/// The rows with their cells that hold a value or a formula.
fn comparable(rows: &[RawRow]) -> Vec<Compared> {
    rows.iter()
        .map(|r| {
            (
                r.index,
                r.cells
                    .iter()
                    .filter(|c| c.value != Data::Empty || c.formula.is_some())
                    .map(|c| (c.col, c.value.clone(), c.formula.clone()))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, cells)| !cells.is_empty())
        .collect()
}

fn xlsx_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs = vec![root.join("samples"), root.join("tests/fixtures")];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "xlsx" || x == "xlsm") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The sheets the reader lists (names, worksheets or not, visibility) are calamine's, on every
/// xlsx in the repository that both open.
#[test]
fn every_xlsx_lists_its_sheets_as_calamine_does() {
    use calamine::Reader as _;
    let mut compared = 0;
    for path in xlsx_files() {
        let Ok(book) = Book::open(&path, Lang::Nl) else {
            continue;
        };
        let Ok(cal) = calamine::open_workbook::<calamine::Xlsx<_>, _>(&path) else {
            continue;
        };
        let view = |sheets: &[calamine::Sheet]| -> Vec<(String, bool, String)> {
            sheets
                .iter()
                .map(|s| {
                    (
                        s.name.clone(),
                        s.typ == calamine::SheetType::WorkSheet,
                        format!("{:?}", s.visible),
                    )
                })
                .collect()
        };
        assert_eq!(
            view(&book.sheets_metadata()),
            view(cal.sheets_metadata()),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 10, "{compared} workbooks compared");
}

#[test]
fn every_xlsx_in_the_repository_reads_as_calamine_reads_it() {
    let files = xlsx_files();
    assert!(files.len() >= 10, "{files:?}");
    let mut compared = 0;
    for path in files {
        if crate::input::Source::open(&path, &crate::input::guard::Limits::default(), Lang::Nl)
            .is_err()
        {
            continue;
        }
        for (sheet, a, b) in both(&path) {
            assert_eq!(
                comparable(&a),
                comparable(&b),
                "{}: sheet {sheet}",
                path.display()
            );
            compared += a.len();
        }
    }
    assert!(compared > 500, "{compared} rows compared");
}

/// A workbook of one sheet `Blad1` with these parts, in a temporary file.
fn workbook(
    sheet: &str,
    sst: Option<&str>,
    styles: &str,
    date1904: bool,
) -> tempfile::NamedTempFile {
    use std::io::Write;
    let file = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
    let mut zip = zip::ZipWriter::new(file.reopen().unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{}</Types>"#,
                if sst.is_some() {
                    r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
                } else {
                    ""
                }
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><workbookPr{}/><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                if date1904 { r#" date1904="1""# } else { "" }
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">{styles}</styleSheet>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheet}</sheetData></worksheet>"#
            ),
        ),
    ];
    if let Some(sst) = sst {
        parts.push((
            "xl/sharedStrings.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}">{sst}</sst>"#),
        ));
    }
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    file
}

const STYLES: &str = r#"<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="&quot;dag&quot; 0"/></numFmts><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="46"/></cellXfs>"#;

/// The value grammar, held against calamine cell by cell: (cell XML, the value expected).
#[test]
fn cell_values_are_calamines() {
    let sst = r#"<si><t>een</t></si><si><r><t>ri</t></r><r><rPr><b/></rPr><t xml:space="preserve">ch </t></r><rPh sb="0" eb="1"><t>PH</t></rPh></si><si><t>  trimmed
</t></si><si/><si><t>a_x000D_b_x005F_x0041_</t></si><si><t>x&amp;y&#233;</t></si>"#;
    let date = |n: f64, t| Data::DateTime(ExcelDateTime::new(n, t, false));
    let long_cell = format!(
        r#"<c r="A1" t="inlineStr"><is><t>{}</t></is></c>"#,
        "lang ".repeat(1200)
    );
    let cases: Vec<(&str, Data)> = vec![
        (
            r#"<c r="A1" t="s"><v>0</v></c>"#,
            Data::String("een".into()),
        ),
        (
            r#"<c r="A1" t="s"><v>1</v></c>"#,
            Data::String("rich ".into()),
        ),
        (
            r#"<c r="A1" t="s"><v>2</v></c>"#,
            Data::String("trimmed".into()),
        ),
        (r#"<c r="A1" t="s"><v>3</v></c>"#, Data::String("".into())),
        (
            r#"<c r="A1" t="s"><v>4</v></c>"#,
            Data::String("a\rb_x0041_".into()),
        ),
        (
            r#"<c r="A1" t="s"><v>5</v></c>"#,
            Data::String("x&yé".into()),
        ),
        // An index with leading zeros, and one longer than the digits read without a parser.
        (
            r#"<c r="A1" t="s"><v>05</v></c>"#,
            Data::String("x&yé".into()),
        ),
        (
            r#"<c r="A1" t="s"><v>0000000001</v></c>"#,
            Data::String("rich ".into()),
        ),
        (
            r#"<c r="A1" t="inlineStr"><is><t>in&lt;line</t></is></c>"#,
            Data::String("in<line".into()),
        ),
        (
            r#"<c r="A1" t="inlineStr"><is><t xml:space="preserve"> a
b </t></is></c>"#,
            Data::String(" a\nb ".into()),
        ),
        (
            r#"<c r="A1" t="inlineStr"><is><t xml:space="preserve">c&#13;&#10;d</t></is></c>"#,
            Data::String("c\r\nd".into()),
        ),
        (
            r#"<c r="A1" t="inlineStr"><is><t><![CDATA[<b>&]]></t></is></c>"#,
            Data::String("<b>&".into()),
        ),
        (
            r#"<c r="A1" t="inlineStr"><is/></c>"#,
            Data::String("".into()),
        ),
        (
            r#"<c r="A1" t="str"><f>A2&amp;"x"</f><v> kept </v></c>"#,
            Data::String(" kept ".into()),
        ),
        (r#"<c r="A1" t="b"><v>1</v></c>"#, Data::Bool(true)),
        (r#"<c r="A1" t="b"><v>false</v></c>"#, Data::Bool(false)),
        (
            r#"<c r="A1" t="e"><v>#N/A</v></c>"#,
            Data::Error(CellErrorType::NA),
        ),
        (
            r#"<c r="A1" t="e"><v>#DIV/0!</v></c>"#,
            Data::Error(CellErrorType::Div0),
        ),
        (
            r#"<c r="A1" t="d"><v>2026-12-05T00:00:00</v></c>"#,
            Data::DateTimeIso("2026-12-05T00:00:00".into()),
        ),
        (r#"<c r="A1"><v>12.5</v></c>"#, Data::Float(12.5)),
        (r#"<c r="A1" t="n"><v>1E3</v></c>"#, Data::Float(1000.0)),
        (
            r#"<c r="A1"><v>n.v.t.</v></c>"#,
            Data::String("n.v.t.".into()),
        ),
        (
            r#"<c r="A1" s="1"><v>46361</v></c>"#,
            date(46361.0, ExcelDateTimeType::DateTime),
        ),
        (
            r#"<c r="A1" s="2"><v>46361.5</v></c>"#,
            date(46361.5, ExcelDateTimeType::DateTime),
        ),
        (
            r#"<c r="A1" s="3"><v>1.25</v></c>"#,
            date(1.25, ExcelDateTimeType::TimeDelta),
        ),
        (r#"<c r="A1" s="4"><v>3</v></c>"#, Data::Float(3.0)),
        (
            r#"<c r="A1" s="5"><v>0.5</v></c>"#,
            date(0.5, ExcelDateTimeType::TimeDelta),
        ),
        (r#"<c r="A1" s="9"><v>7</v></c>"#, Data::Float(7.0)),
        // What the short way through a cell (`simple_cell`) takes, and what it leaves to the
        // tokens: an inline string's `<v>`, empty content, a text longer than it looks at.
        (r#"<c r="A1" t="inlineStr"><v>3</v></c>"#, Data::Empty),
        (
            r#"<c r="A1" t="inlineStr"><is><t></t></is></c>"#,
            Data::String("".into()),
        ),
        (r#"<c r="A1"><v></v></c>"#, Data::Empty),
        (
            r#"<c r="A1" t="inlineStr"><is><t>  a  </t></is></c>"#,
            Data::String("a".into()),
        ),
        (
            r#"<c r="A1" t="inlineStr"><is><t>a_x0009_b</t></is></c>"#,
            Data::String("a\tb".into()),
        ),
        (
            &long_cell,
            Data::String("lang ".repeat(1200).trim_end().into()),
        ),
    ];
    for (xml, expected) in cases {
        // Each case as written, and with its end tag written `</c >`, which the short way does
        // not take: the tokens read it, to the same value.
        for xml in [xml.to_string(), xml.replace("</c>", "</c >")] {
            let sheet = format!(r#"<row r="1">{xml}</row>"#);
            let file = workbook(&sheet, Some(sst), STYLES, false);
            let rows = both(file.path());
            let (_, a, b) = &rows[0];
            assert_eq!(comparable(a), comparable(b), "{xml}");
            let got = b
                .first()
                .and_then(|r| r.cells.first())
                .map(|c| c.value.clone())
                .unwrap_or(Data::Empty);
            assert_eq!(got, expected, "{xml}");
        }
    }
}

/// A cell's content as most writers write it is read without tokens (`simple_cell`): what it
/// takes, to where, and what it leaves. (text after the cell's start tag, prefix, length taken or
/// `None`)
#[test]
fn simple_cells_are_taken_whole_and_nothing_else() {
    let cases: [(&str, &str, Option<usize>); 12] = [
        ("<v>12</v></c><c>", "", Some(13)),
        ("<is><t>a b</t></is></c>", "", Some(23)),
        (
            r#"<is><t xml:space="preserve"> a</t></is></c>"#,
            "",
            Some(43),
        ),
        ("</c>", "", Some(4)),
        ("<x:v>1</x:v></x:c>", "x:", Some(18)),
        // Another prefix than the cell's, white space, a formula, rich text, a CDATA section,
        // an unended text: the tokens read them.
        ("<x:v>1</x:v></x:c>", "", None),
        ("<v>1</v> </c>", "", None),
        ("<f>A1</f><v>1</v></c>", "", None),
        ("<is><r><t>a</t></r></is></c>", "", None),
        ("<is><t><![CDATA[a]]></t></is></c>", "", None),
        ("<v>12", "", None),
        ("<v>12</v></c", "", None),
    ];
    for (xml, prefix, taken) in cases {
        let mut p = CellPatterns::default();
        p.prefixed(format!("{prefix}c").as_bytes());
        assert_eq!(
            simple_cell(xml.as_bytes(), &p).map(|(n, _)| n),
            taken,
            "{prefix:?} {xml}"
        );
    }
}

/// The next cell's start tag after a simple cell is opened without tokens (`cell_start`): the
/// tag's length, or `None` where the tokens read what follows. (bytes ahead, prefix, length)
#[test]
fn cell_start_tags_are_taken_and_nothing_else() {
    let cases: [(&str, &str, Option<usize>); 14] = [
        (r#"<c r="B2" t="s"><v>1</v></c>"#, "", Some(16)),
        ("<c><v>1</v></c>", "", Some(3)),
        ("<c\tr=\"A1\">", "", Some(10)),
        (r#"<c r="A1" s=">">"#, "", Some(16)),
        (r#"<x:c r="A1"><x:v>1</x:v></x:c>"#, "x:", Some(12)),
        // An empty cell, another name or prefix, an end tag, text, a tag not ended yet, nothing.
        (r#"<c r="A1"/>"#, "", None),
        (r#"<cx r="A1">"#, "", None),
        (r#"<x:c r="A1">"#, "", None),
        (r#"<c r="A1">"#, "x:", None),
        ("</row>", "", None),
        ("</c>", "", None),
        ("12</v>", "", None),
        (r#"<c r="A1""#, "", None),
        ("", "", None),
    ];
    for (xml, prefix, taken) in cases {
        let mut p = CellPatterns::default();
        p.prefixed(format!("{prefix}c").as_bytes());
        assert_eq!(cell_start(xml.as_bytes(), &p), taken, "{prefix:?} {xml}");
    }
    // A row of cells read that way, between cells the tokens read (a formula, rich text, an
    // empty cell, white space), gives calamine's values and formulas.
    let sheet = r#"<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1"><f>A1+1</f><v>2</v></c><c r="D1" s="1"><v>3</v></c><c r="E1"/><c r="F1" t="inlineStr"><is><r><t>f</t></r></is></c><c r="G1"><v>7</v></c> <c r="H1"><v>8</v></c><c><v>9</v></c></row>"#;
    let file = workbook(sheet, None, STYLES, false);
    let rows = both(file.path());
    let (_, a, b) = &rows[0];
    assert_eq!(comparable(a), comparable(b));
    let cols: Vec<u16> = b[0].cells.iter().map(|c| c.col).collect();
    assert_eq!(cols, vec![0, 1, 2, 3, 5, 6, 7, 8]);
}

/// Rows and columns: references with and without `r`, columns asked for only, rows out of order
/// refused, the 1904 date system.
#[test]
fn positions_columns_and_date_systems() {
    let sheet = r#"<row r="2"><c r="B2" t="inlineStr"><is><t>b</t></is></c><c t="inlineStr"><is><t>c</t></is></c><c r="E2"><v>5</v></c></row><row><c><v>1</v></c></row><row r="7" spans="1:2"><c r="AB7" s="1"><v>100</v></c></row>"#;
    let file = workbook(sheet, None, STYLES, true);
    let rows = both(file.path());
    let (_, a, b) = &rows[0];
    assert_eq!(comparable(a), comparable(b));
    let at: Vec<(u32, Vec<u16>)> = b
        .iter()
        .map(|r| (r.index, r.cells.iter().map(|c| c.col).collect()))
        .collect();
    assert_eq!(at, vec![(1, vec![1, 2, 4]), (2, vec![0]), (6, vec![27])]);
    assert_eq!(
        b[2].cells[0].value,
        Data::DateTime(ExcelDateTime::new(100.0, ExcelDateTimeType::DateTime, true))
    );
    // Only the columns asked for, the others passed over.
    let mut book = Book::open(file.path(), Lang::Nl).unwrap();
    let mut seen = Vec::new();
    book.read("Blad1", &|c| c == 2 || c == 27, &mut |r| {
        seen.push((r.index, r.cells.iter().map(|c| c.col).collect::<Vec<_>>()));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(seen, vec![(1, vec![2]), (6, vec![27])]);
    // A row before the one read last is refused, as calamine's reading refuses it.
    let file = workbook(
        r#"<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>"#,
        None,
        STYLES,
        false,
    );
    let mut book = Book::open(file.path(), Lang::Nl).unwrap();
    assert!(book
        .read("Blad1", &|_| true, &mut |_| ControlFlow::Continue(()))
        .is_err());
    // A shared string that is not there, a boolean that is none: errors, not values.
    for xml in [
        r#"<c r="A1" t="s"><v>9</v></c>"#,
        r#"<c r="A1" t="b"><v>2</v></c>"#,
    ] {
        let file = workbook(
            &format!(r#"<row r="1">{xml}</row>"#),
            Some("<si><t>x</t></si>"),
            STYLES,
            false,
        );
        let mut book = Book::open(file.path(), Lang::Nl).unwrap();
        assert!(
            book.read("Blad1", &|_| true, &mut |_| ControlFlow::Continue(()))
                .is_err(),
            "{xml}"
        );
    }
}
