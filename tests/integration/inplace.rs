//! Annotating a workbook in place (docs/output.md#workbook, DESIGN-inplace.md): the output package is the input
//! package plus additions. A register written with as many of Excel's features as
//! rust_xlsxwriter can write is scored, and the two packages are compared part by part: every
//! part the tool need not change is the input's, byte for byte; in the scored sheet every cell and
//! every top-level element of the user's is there verbatim and in schema order; the styles keep
//! their indices; names, hidden sheets and panes are kept. openpyxl and LibreOffice read the result
//! back, and scoring it again (also after LibreOffice or openpyxl saved it) replaces the tool's
//! additions instead of adding copies.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties, Format,
    FormatAlign, FormatBorder, Formula, Note, Table, TableColumn, Url, Workbook,
};

use crate::harness::{
    a1, col_letters, sheet_part_name, sheet_xml, shown, zip_part, zip_parts, Book, Sandbox,
};
use crate::outside::libreoffice_resave;

/// The register's header row (0-based) and its headers.
const HEADER_ROW: u32 = 1;
const HEADERS: [&str; 10] = [
    "ID",
    "Verwerking",
    "Aantal betrokkenen",
    "Gevoeligheid",
    "Bijzondere persoonsgegevens",
    "Aantal subverwerkers",
    "Datum laatste beoordeling",
    // Not a field: a user column the tool passes through ("Bewaartermijn" would be one, docs/register.md#art-30-registers).
    "Termijn (jaren)",
    "Budget",
    "Documentatie",
];

/// The user's own note in a data row, right of the header's last column (Z5).
const USER_NOTE_CELL: (u32, u16) = (4, 25);
const USER_NOTE_TEXT: &str = "Nog navragen bij HR";

/// One activity of the fixture register.
struct Activity {
    id: &'static str,
    name: &'static str,
    subjects: f64,
    sensitivity: &'static str,
    special: &'static str,
    subprocessors: f64,
    /// Last review, an Excel serial date.
    reviewed: f64,
    budget: f64,
    /// The VLOOKUP's cached result.
    retention: &'static str,
}

/// A realistic register workbook: a styled register sheet with a merged title, number and date
/// formats, row heights, notes, links, dropdowns, a conditional format, the first column frozen,
/// a VLOOKUP over a workbook name, print setup and a cell right of the header; a second sheet
/// with the named range, a third with an Excel table, a hidden fourth; tab colours and document
/// properties.
fn rich_register() -> Vec<u8> {
    register_workbook(false)
}

/// The same register, with its header and rows an Excel table of their own.
fn register_as_table() -> Vec<u8> {
    register_workbook(true)
}

fn register_workbook(table_on_register: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("Verwerkingsregister 2026")
            .set_author("Functionaris gegevensbescherming")
            .set_company("Gemeente Voorbeeld")
            .set_custom_property("Afdeling", "Privacy"),
    );

    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_background_color(Color::RGB(0x1F4E78))
        .set_font_color(Color::White);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let wrap = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let euro = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("€ #,##0.00");
    let date = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("d mmmm yyyy");
    let right = Format::new().set_align(FormatAlign::Right);

    let rows = [
        Activity {
            id: "V-001",
            name: "Personeelsdossier",
            subjects: 1500.0,
            sensitivity: "Vertrouwelijk",
            special: "Ja",
            subprocessors: 2.0,
            reviewed: 45443.0,
            budget: 12500.5,
            retention: "7",
        },
        Activity {
            id: "V-002",
            name: "Nieuwsbrief",
            subjects: 800.0,
            sensitivity: "Intern",
            special: "Nee",
            subprocessors: 1.0,
            reviewed: 45292.0,
            budget: 900.0,
            retention: "3",
        },
        Activity {
            id: "V-003",
            name: "Cameratoezicht bij de ingang van het stadhuis",
            subjects: 25000.0,
            sensitivity: "Geheim",
            special: "Nee",
            subprocessors: 3.0,
            reviewed: 45500.0,
            budget: 48000.0,
            retention: "20",
        },
        Activity {
            id: "V-004",
            name: "Bezoekersregistratie",
            subjects: 60.0,
            sensitivity: "Openbaar",
            special: "Nee",
            subprocessors: 0.0,
            reviewed: 45000.0,
            budget: 0.0,
            retention: "1",
        },
        Activity {
            id: "V-005",
            name: "Jeugdzorgdossiers",
            subjects: 3200.0,
            sensitivity: "Geheim",
            special: "Ja",
            subprocessors: 4.0,
            reviewed: 45600.0,
            budget: 150000.0,
            retention: "20",
        },
    ];

    // The register.
    let ws = wb.add_worksheet();
    ws.set_name("Register").unwrap();
    ws.set_tab_color(Color::RGB(0x2E75B6));
    ws.merge_range(0, 0, 0, 9, "Verwerkingsregister Gemeente Voorbeeld", &title)
        .unwrap();
    ws.set_row_height(0, 24).unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, *h, &header)
            .unwrap();
    }
    ws.set_row_height(HEADER_ROW, 32).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        ws.write_string_with_format(r, 0, row.id, &cell).unwrap();
        ws.write_string_with_format(r, 1, row.name, &wrap).unwrap();
        ws.write_number_with_format(r, 2, row.subjects, &cell)
            .unwrap();
        ws.write_string_with_format(r, 3, row.sensitivity, &cell)
            .unwrap();
        ws.write_string_with_format(r, 4, row.special, &cell)
            .unwrap();
        ws.write_number_with_format(r, 5, row.subprocessors, &cell)
            .unwrap();
        ws.write_number_with_format(r, 6, row.reviewed, &date)
            .unwrap();
        ws.write_formula_with_format(
            r,
            7,
            Formula::new(format!("=VLOOKUP(D{},Bewaartermijnen,2,FALSE)", r + 1))
                .set_result(row.retention),
            &cell,
        )
        .unwrap();
        ws.write_number_with_format(r, 8, row.budget, &euro)
            .unwrap();
    }
    // A taller data row, set by the user.
    ws.set_row_height(HEADER_ROW + 3, 40).unwrap();
    // Links: an external one, and one to the retention table.
    ws.write_url_with_text(
        HEADER_ROW + 1,
        9,
        Url::new("https://intranet.example.nl/privacy/V-001"),
        "Privacyverklaring",
    )
    .unwrap();
    ws.write_url_with_text(
        HEADER_ROW + 2,
        9,
        Url::new("internal:'Bewaartermijnen'!A1"),
        "Zie bewaartermijnen",
    )
    .unwrap();
    // Notes on a header cell and on a data cell.
    ws.insert_note(
        HEADER_ROW,
        2,
        &Note::new("Schatting, afgerond op honderdtallen").set_author("FG"),
    )
    .unwrap();
    ws.insert_note(
        HEADER_ROW + 3,
        1,
        &Note::new("Camerabeelden 4 weken bewaren").set_author("FG"),
    )
    .unwrap();
    // Dropdowns.
    let last_data = HEADER_ROW + rows.len() as u32;
    ws.add_data_validation(
        HEADER_ROW + 1,
        3,
        last_data,
        3,
        &DataValidation::new()
            .allow_list_strings(&["Openbaar", "Intern", "Vertrouwelijk", "Geheim"])
            .unwrap(),
    )
    .unwrap();
    ws.add_data_validation(
        HEADER_ROW + 1,
        4,
        last_data,
        4,
        &DataValidation::new()
            .allow_list_strings(&["Ja", "Nee"])
            .unwrap(),
    )
    .unwrap();
    // The user's own conditional format: many data subjects in bold red.
    ws.add_conditional_format(
        HEADER_ROW + 1,
        2,
        last_data,
        2,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::GreaterThan(1000))
            .set_format(Format::new().set_bold().set_font_color(Color::Red)),
    )
    .unwrap();
    // The first column frozen: the tool must not add a pane of its own.
    ws.set_freeze_panes(0, 1).unwrap();
    ws.set_column_width(0, 9).unwrap();
    ws.set_column_width(1, 34).unwrap();
    ws.set_column_width(2, 14).unwrap();
    ws.set_column_width(6, 18).unwrap();
    ws.set_column_width(8, 14).unwrap();
    ws.set_column_width(9, 22).unwrap();
    // A remark of the user's right of the header's last column, in a data row.
    ws.write_string_with_format(USER_NOTE_CELL.0, USER_NOTE_CELL.1, USER_NOTE_TEXT, &right)
        .unwrap();
    if table_on_register {
        let columns: Vec<TableColumn> = HEADERS
            .iter()
            .map(|h| TableColumn::new().set_header(*h).set_header_format(&header))
            .collect();
        let table = Table::new().set_name("Verwerkingen").set_columns(&columns);
        ws.add_table(HEADER_ROW, 0, last_data, 9, &table).unwrap();
    }
    // Print setup.
    ws.set_landscape();
    ws.set_print_area(0, 0, last_data, 9).unwrap();
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW).unwrap();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header("&CVerwerkingsregister");
    ws.set_footer("&RPagina &P van &N");

    // The retention table, under a workbook name.
    let ws = wb.add_worksheet();
    ws.set_name("Bewaartermijnen").unwrap();
    ws.set_tab_color(Color::RGB(0x70AD47));
    ws.write_string_with_format(0, 0, "Gevoeligheid", &header)
        .unwrap();
    ws.write_string_with_format(0, 1, "Jaren", &header).unwrap();
    for (i, (k, v)) in [
        ("Openbaar", 1.0),
        ("Intern", 3.0),
        ("Vertrouwelijk", 7.0),
        ("Geheim", 20.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1 + i as u32, 0, *k).unwrap();
        ws.write_number(1 + i as u32, 1, *v).unwrap();
    }

    // An Excel table of systems.
    let ws = wb.add_worksheet();
    ws.set_name("Systemen").unwrap();
    ws.set_tab_color(Color::RGB(0xFFC000));
    for (i, (a, b, c)) in [
        ("HR-suite", "Leverancier A", "EU"),
        ("Mailservice", "Leverancier B", "EU"),
        ("Camerasysteem", "Leverancier C", "NL"),
    ]
    .iter()
    .enumerate()
    {
        let r = 1 + i as u32;
        ws.write_string(r, 0, *a).unwrap();
        ws.write_string(r, 1, *b).unwrap();
        ws.write_string(r, 2, *c).unwrap();
    }
    let table = Table::new().set_name("Systemen").set_columns(&[
        TableColumn::new().set_header("Systeem"),
        TableColumn::new().set_header("Leverancier"),
        TableColumn::new().set_header("Locatie"),
    ]);
    ws.add_table(0, 0, 3, 2, &table).unwrap();
    ws.set_column_width(0, 18).unwrap();
    ws.set_column_width(1, 18).unwrap();

    // A hidden sheet.
    let ws = wb.add_worksheet();
    ws.set_name("Archief").unwrap();
    ws.write_string(0, 0, "Vervallen verwerkingen").unwrap();
    ws.write_string(1, 0, "V-000 Oude ledenadministratie")
        .unwrap();
    ws.set_hidden(true);

    wb.define_name("Bewaartermijnen", "=Bewaartermijnen!$A$2:$B$5")
        .unwrap();
    wb.define_name("Register!Budgetten", "=Register!$I$3:$I$7")
        .unwrap();
    wb.save_to_buffer().unwrap()
}

// ---------------------------------------------------------------------------------------------
// A small XML reader: elements with their exact source text, so that "verbatim" means verbatim.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    End,
    Empty,
}

/// One element: its local name, depth (the root is 0) and the range of its whole text, from
/// its start tag to its end tag.
#[derive(Debug, Clone)]
struct Element {
    local: String,
    depth: usize,
    range: Range<usize>,
}

impl Element {
    fn text<'a>(&self, xml: &'a str) -> &'a str {
        &xml[self.range.clone()]
    }

    /// The start tag (the whole element when it is empty).
    fn start_tag<'a>(&self, xml: &'a str) -> &'a str {
        let text = self.text(xml);
        let end = tag_end(text.as_bytes(), 0);
        &text[..end]
    }

    fn has_content(&self, xml: &str) -> bool {
        !self.text(xml).ends_with("/>")
    }
}

/// The end (exclusive) of the tag starting at `at`: its `>` outside quoted attribute values.
fn tag_end(b: &[u8], at: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = at + 1;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    b.len()
}

/// Every tag of a document: kind, local name, range.
fn tags(xml: &str) -> Vec<(Kind, String, Range<usize>)> {
    let b = xml.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = xml[i..].find('<') {
        let s = i + off;
        let rest = &xml[s..];
        let skip_to = |end: &str| s + rest.find(end).map_or(rest.len(), |e| e + end.len());
        if rest.starts_with("<?") {
            i = skip_to("?>");
            continue;
        }
        if rest.starts_with("<!--") {
            i = skip_to("-->");
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i = skip_to("]]>");
            continue;
        }
        if rest.starts_with("<!") {
            i = skip_to(">");
            continue;
        }
        let e = tag_end(b, s);
        let tag = &xml[s..e];
        let kind = if tag.starts_with("</") {
            Kind::End
        } else if tag.ends_with("/>") {
            Kind::Empty
        } else {
            Kind::Start
        };
        let from = if kind == Kind::End { 2 } else { 1 };
        let name: String = tag[from..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect();
        let local = name.rsplit(':').next().unwrap_or("").to_string();
        out.push((kind, local, s..e));
        i = e;
    }
    out
}

/// Every element of a document, in document order.
fn elements(xml: &str) -> Vec<Element> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    for (kind, local, r) in tags(xml) {
        match kind {
            Kind::Start => open.push((local, r.start)),
            Kind::Empty => out.push(Element {
                local,
                depth: open.len(),
                range: r,
            }),
            Kind::End => {
                let (name, start) = open.pop().expect("balanced XML");
                assert_eq!(name, local, "mismatched end tag at {}", r.start);
                out.push(Element {
                    local,
                    depth: open.len(),
                    range: start..r.end,
                });
            }
        }
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    out.sort_by_key(|e| e.range.start);
    out
}

/// The elements named `local` at `depth`.
fn named(xml: &str, local: &str, depth: usize) -> Vec<Element> {
    elements(xml)
        .into_iter()
        .filter(|e| e.local == local && e.depth == depth)
        .collect()
}

/// The children of the root.
fn top_level(xml: &str) -> Vec<Element> {
    elements(xml).into_iter().filter(|e| e.depth == 1).collect()
}

/// An attribute of a start tag, unescaped.
fn attr(tag: &str, name: &str) -> Option<String> {
    let b = tag.as_bytes();
    let mut from = 0;
    while let Some(off) = tag[from..].find(name) {
        let at = from + off;
        from = at + name.len();
        let before_ok = at > 0 && b[at - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            continue;
        }
        let value = rest[1..].split(q).next()?;
        return Some(unescape(value));
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The worksheet's child elements in schema order (ECMA-376 Part 1, CT_Worksheet), as listed in
/// DESIGN-inplace.md.
const SCHEMA_ORDER: [&str; 39] = [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

/// Why a worksheet's top-level elements are not in schema order, if they are not: an unknown
/// element, an element out of place, or one that appears twice (only `conditionalFormatting`
/// may repeat).
fn schema_order_error(xml: &str) -> Option<String> {
    let mut previous: Option<(usize, String)> = None;
    for e in top_level(xml) {
        let Some(rank) = SCHEMA_ORDER.iter().position(|n| *n == e.local) else {
            return Some(format!("unknown worksheet element <{}>", e.local));
        };
        if let Some((p, name)) = &previous {
            let repeat_ok = *p == rank && e.local == "conditionalFormatting";
            if rank < *p || (rank == *p && !repeat_ok) {
                return Some(format!("<{}> after <{name}>", e.local));
            }
        }
        previous = Some((rank, e.local));
    }
    None
}

fn assert_schema_order(path: &Path, sheet: &str) {
    let xml = sheet_xml(path, sheet);
    if let Some(err) = schema_order_error(&xml) {
        panic!("{}: sheet {sheet}: {err}", path.display());
    }
}

// ---------------------------------------------------------------------------------------------
// Packages.
// ---------------------------------------------------------------------------------------------

/// A relationship target resolved against its source part: `../comments1.xml` from
/// `xl/worksheets/sheet1.xml` is `xl/comments1.xml`.
fn resolve(source: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = source.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The relationships part of a part: `xl/worksheets/_rels/sheet1.xml.rels`.
fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The internal relationships of a part: (id, type, resolved target). `""` is the package.
fn relationships(parts: &BTreeMap<String, Vec<u8>>, part: &str) -> Vec<(String, String, String)> {
    let Some(xml) = parts.get(&rels_of(part)) else {
        return Vec::new();
    };
    let xml = String::from_utf8_lossy(xml);
    named(&xml, "Relationship", 1)
        .iter()
        .map(|e| e.start_tag(&xml))
        .filter(|tag| attr(tag, "TargetMode").is_none_or(|m| m != "External"))
        .map(|tag| {
            (
                attr(tag, "Id").unwrap_or_default(),
                attr(tag, "Type").unwrap_or_default(),
                resolve(part, &attr(tag, "Target").unwrap_or_default()),
            )
        })
        .collect()
}

fn text_of(parts: &BTreeMap<String, Vec<u8>>, part: &str) -> String {
    String::from_utf8(
        parts
            .get(part)
            .unwrap_or_else(|| panic!("no part {part}"))
            .clone(),
    )
    .unwrap_or_else(|_| panic!("{part} is not UTF-8"))
}

/// A workbook's defined names: (name, localSheetId, value).
fn defined_names(path: &Path) -> Vec<(String, Option<String>, String)> {
    let xml = zip_part(path, "xl/workbook.xml");
    elements(&xml)
        .into_iter()
        .filter(|e| e.local == "definedName")
        .map(|e| {
            let tag = e.start_tag(&xml);
            let text = e.text(&xml);
            let value = if e.has_content(&xml) {
                let inner = &text[tag.len()..];
                unescape(&inner[..inner.rfind("</").unwrap_or(inner.len())])
            } else {
                String::new()
            };
            (
                attr(tag, "name").unwrap_or_default(),
                attr(tag, "localSheetId"),
                value,
            )
        })
        .collect()
}

/// The value of a workbook-level defined name, when there is exactly one.
fn workbook_name(path: &Path, name: &str) -> Option<String> {
    let found: Vec<String> = defined_names(path)
        .into_iter()
        // The column markers are local to their sheet; every other name looked up here is
        // the workbook's.
        .filter(|(n, local, _)| n == name && (local.is_none() || n.starts_with("dpia_triage_")))
        .map(|(_, _, v)| v)
        .collect();
    assert!(found.len() <= 1, "{name} defined {} times", found.len());
    found.into_iter().next()
}

/// Each defined name once per scope (workbook or sheet), and the tool's marker names present.
fn assert_names_once(path: &Path) {
    let names = defined_names(path);
    let mut seen = BTreeMap::new();
    for (name, local, _) in &names {
        *seen
            .entry((name.to_ascii_lowercase(), local.clone()))
            .or_insert(0) += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "{}: names defined twice: {twice:?}",
        path.display()
    );
    for name in [
        "Bewaartermijnen",
        "dpia_triage_columns",
        "dpia_triage_summary",
        "dpia_triage_measures",
        "dpia_triage_findings",
        "dpia_triage_audit",
    ] {
        assert!(
            workbook_name(path, name).is_some(),
            "{}: no name {name}: {names:?}",
            path.display()
        );
    }
}

/// The tool's columns from the marker name: (sheet, 0-based header row, first col, last col).
fn marker_columns(path: &Path) -> (String, usize, usize, usize) {
    let value = workbook_name(path, "dpia_triage_columns")
        .unwrap_or_else(|| panic!("{}: no dpia_triage_columns", path.display()));
    let (sheet, range) = value.rsplit_once('!').expect("sheet!range");
    let sheet = sheet.trim_matches('\'').replace("''", "'").to_string();
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    let (r0, c0) = a1(&a.replace('$', ""));
    let (r1, c1) = a1(&b.replace('$', ""));
    assert_eq!(r0, r1, "the marker lies on one row: {value}");
    (sheet, r0, c0, c1)
}

/// The 0-based column of a cell element.
fn cell_col(xml: &str, cell: &Element) -> usize {
    let r = attr(cell.start_tag(xml), "r").expect("cell with r");
    a1(&r).1
}

/// The last column of the sheet that holds a value (a cell with content, or a merged range).
fn last_used_col(xml: &str) -> usize {
    let cells = named(xml, "c", 3)
        .into_iter()
        .filter(|c| c.has_content(xml))
        .map(|c| cell_col(xml, &c));
    let merges = named(xml, "mergeCell", 2).into_iter().map(|m| {
        let r = attr(m.start_tag(xml), "ref").expect("merge ref");
        a1(r.split(':').next_back().unwrap_or(&r)).1
    });
    cells.chain(merges).max().expect("a used cell")
}

// ---------------------------------------------------------------------------------------------
// Tools: python3 with openpyxl (LibreOffice: crate::outside).
// ---------------------------------------------------------------------------------------------

fn openpyxl_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openpyxl_check.py")
}

/// Run the openpyxl script and parse what it prints.
fn openpyxl(args: &[&Path], verb: &str) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(openpyxl_script())
        .arg(verb)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "openpyxl {verb} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openpyxl {verb}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

// ---------------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------------

/// The sheets the tool adds, in order.
const TOOL_SHEETS: [&str; 4] = ["Samenvatting", "Maatregelen", "Meldingen", "Verantwoording"];
/// The user's sheets of the fixture, in order.
const USER_SHEETS: [&str; 4] = ["Register", "Bewaartermijnen", "Systemen", "Archief"];
/// The number of columns the tool adds to this register.
const ADDED_COLUMNS: usize = 17;

/// Write the fixture as `r.xlsx`, score it, and return (input, output).
fn scored(sb: &Sandbox) -> (PathBuf, PathBuf) {
    let input = sb.write("r.xlsx", &rich_register());
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    (input, sb.file("r.dpia.xlsx"))
}

/// The parts the tool may rewrite: the scored sheet, its relationships, notes and VML, the
/// styles, the workbook and its relationships, the content types.
fn rewritable_parts(input: &Path) -> BTreeSet<String> {
    let parts = zip_parts(input);
    let sheet = sheet_part_name(input, "Register");
    let mut out: BTreeSet<String> = [
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        // The document properties list the sheets, the tool's too.
        "docProps/app.xml",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for (_, typ, target) in relationships(&parts, &sheet) {
        if typ.ends_with("/comments") || typ.ends_with("/vmlDrawing") {
            out.insert(target);
        }
    }
    // The tool's texts are appended to the shared strings (`assert_unchanged_parts` holds the
    // user's entries to their place).
    out.insert("xl/sharedStrings.xml".into());
    out.insert(rels_of(&sheet));
    out.insert(sheet);
    out
}

/// The user's shared strings are where they were, every entry byte for byte and in its place:
/// the tool's texts only follow them.
pub fn assert_users_entries_kept(before: &[u8], after: &[u8], output: &Path) {
    let entries = |xml: &[u8]| -> String {
        let xml = String::from_utf8_lossy(xml).into_owned();
        let start = xml.find("<si").unwrap_or(xml.len());
        let end = xml.rfind("</sst>").unwrap_or(xml.len()).max(start);
        xml[start..end].to_string()
    };
    let (was, now) = (entries(before), entries(after));
    assert!(
        now.starts_with(&was),
        "{}: the user's shared strings changed",
        output.display()
    );
}

/// Every part of `input` except the rewritable ones is in `output` with the same content.
fn assert_unchanged_parts(input: &Path, output: &Path) {
    let before = zip_parts(input);
    let after = zip_parts(output);
    let rewritable = rewritable_parts(input);
    for (name, bytes) in &before {
        let Some(now) = after.get(name) else {
            panic!("{}: part {name} is gone", output.display());
        };
        if name == "xl/sharedStrings.xml" {
            assert_users_entries_kept(bytes, now, output);
        }
        if !rewritable.contains(name) {
            assert!(
                now == bytes,
                "{}: part {name} changed ({} → {} bytes)",
                output.display(),
                bytes.len(),
                now.len()
            );
        }
    }
}

/// The package hangs together: every relationship target exists, every part but the content
/// types and relationship parts is reachable from the package's relationships and has a content
/// type, and every content-type override names a part that exists.
fn assert_package_consistent(path: &Path) {
    let parts = zip_parts(path);
    let types = text_of(&parts, "[Content_Types].xml");
    let overrides: BTreeSet<String> = named(&types, "Override", 1)
        .iter()
        .map(|e| {
            attr(e.start_tag(&types), "PartName")
                .unwrap()
                .trim_start_matches('/')
                .to_string()
        })
        .collect();
    let defaults: BTreeSet<String> = named(&types, "Default", 1)
        .iter()
        .map(|e| {
            attr(e.start_tag(&types), "Extension")
                .unwrap()
                .to_ascii_lowercase()
        })
        .collect();
    for o in &overrides {
        assert!(
            parts.contains_key(o),
            "{}: content type for missing part {o}",
            path.display()
        );
    }
    let mut reached = BTreeSet::new();
    let mut todo = vec![String::new()];
    while let Some(part) = todo.pop() {
        for (_, _, target) in relationships(&parts, &part) {
            if !reached.insert(target.clone()) {
                continue;
            }
            assert!(
                parts.contains_key(&target),
                "{}: {part} relates to missing part {target}",
                path.display()
            );
            todo.push(target);
        }
    }
    for name in parts.keys() {
        if name == "[Content_Types].xml" || name.ends_with(".rels") || name.ends_with('/') {
            continue;
        }
        assert!(
            reached.contains(name),
            "{}: part {name} is not related from anywhere",
            path.display()
        );
        let ext = name
            .rsplit_once('.')
            .map_or("", |(_, e)| e)
            .to_ascii_lowercase();
        assert!(
            overrides.contains(name) || defaults.contains(&ext),
            "{}: part {name} has no content type",
            path.display()
        );
    }
}

#[test]
fn the_fixture_has_the_features_it_promises() {
    // Guard against a rust_xlsxwriter upgrade quietly dropping a feature the tests rely on.
    let sb = Sandbox::new();
    let input = sb.write("r.xlsx", &rich_register());
    let parts = zip_parts(&input);
    let sheet = text_of(&parts, &sheet_part_name(&input, "Register"));
    for element in [
        "sheetPr",
        "sheetViews",
        "cols",
        "mergeCells",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "legacyDrawing",
    ] {
        assert!(
            top_level(&sheet).iter().any(|e| e.local == element),
            "fixture register lacks <{element}>"
        );
    }
    assert!(sheet.contains("<pane xSplit=\"1\""), "first column frozen");
    assert!(!sheet.contains("<autoFilter"), "no user autofilter");
    assert_eq!(last_used_col(&sheet), usize::from(USER_NOTE_CELL.1));
    let styles = text_of(&parts, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"€ #,##0.00\""));
    assert!(styles.contains("formatCode=\"d mmmm yyyy\""));
    assert!(parts.contains_key("xl/tables/table1.xml"));
    assert!(parts.contains_key("docProps/custom.xml"));
    let workbook = text_of(&parts, "xl/workbook.xml");
    assert!(workbook.contains("state=\"hidden\""));
    assert!(workbook.contains("<definedName name=\"Bewaartermijnen\">"));
    assert!(schema_order_error(&sheet).is_none());
}

#[test]
fn the_schema_order_checker_finds_misplaced_elements() {
    let ok = "<worksheet><sheetPr/><dimension ref=\"A1\"/><sheetData/>\
              <conditionalFormatting/><conditionalFormatting/><dataValidations/>\
              <pageMargins/><legacyDrawing/><tableParts/></worksheet>";
    assert_eq!(schema_order_error(ok), None);
    // (document, what the checker says)
    let cases = [
        (
            "<worksheet><sheetData/><cols/></worksheet>",
            "<cols> after <sheetData>",
        ),
        (
            "<worksheet><sheetData/><dataValidations/><conditionalFormatting/></worksheet>",
            "<conditionalFormatting> after <dataValidations>",
        ),
        (
            "<worksheet><sheetData/><tableParts/><legacyDrawing/></worksheet>",
            "<legacyDrawing> after <tableParts>",
        ),
        (
            "<worksheet><sheetData/><autoFilter/><autoFilter/></worksheet>",
            "<autoFilter> after <autoFilter>",
        ),
        (
            "<x:worksheet xmlns:x=\"s\"><x:sheetData/><x:sheetViews/></x:worksheet>",
            "<sheetViews> after <sheetData>",
        ),
        (
            "<worksheet><sheetData/><bogus/></worksheet>",
            "unknown worksheet element <bogus>",
        ),
    ];
    for (xml, expected) in cases {
        assert_eq!(schema_order_error(xml).as_deref(), Some(expected), "{xml}");
    }
}

/// The zip entries (name, in the central directory, in the local header) that carry a ZIP64
/// extra field (id 1) though nothing in them needs one: sizes and offset below 4 GiB.
fn needless_zip64(bytes: &[u8]) -> Vec<String> {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let has_zip64 = |mut at: usize, end: usize| {
        while at + 4 <= end {
            if u16_at(at) == 1 {
                return true;
            }
            at += 4 + u16_at(at + 2);
        }
        false
    };
    let eocd = bytes
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .expect("end of central directory");
    let (count, mut at) = (u16_at(eocd + 10), u32_at(eocd + 16) as usize);
    let mut found = Vec::new();
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        let (name_len, extra_len, comment_len) =
            (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        let name = String::from_utf8_lossy(&bytes[at + 46..at + 46 + name_len]).into_owned();
        let small =
            u32_at(at + 20) < u32::MAX && u32_at(at + 24) < u32::MAX && u32_at(at + 42) < u32::MAX;
        let extra = at + 46 + name_len;
        if small && has_zip64(extra, extra + extra_len) {
            found.push(format!("{name} (central)"));
        }
        let local = u32_at(at + 42) as usize;
        let (lname, lextra) = (u16_at(local + 26), u16_at(local + 28));
        if small && has_zip64(local + 30 + lname, local + 30 + lname + lextra) {
            found.push(format!("{name} (local)"));
        }
        at = extra + extra_len + comment_len;
    }
    found
}

#[test]
fn small_parts_carry_no_zip64_fields() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &rich_register());
    sb.run(&["score", "register.xlsx"]).expect_code(0);
    let out = std::fs::read(sb.file("register.dpia.xlsx")).unwrap();
    assert_eq!(needless_zip64(&out), Vec::<String>::new());
    // And a package that is scored again.
    sb.run(&["score", "register.dpia.xlsx", "-o", "again.xlsx"])
        .expect_code(0);
    let again = std::fs::read(sb.file("again.xlsx")).unwrap();
    assert_eq!(needless_zip64(&again), Vec::<String>::new());
}

#[test]
fn every_part_the_tool_need_not_change_is_copied_unchanged() {
    let sb = Sandbox::new();
    let (input, output) = scored(&sb);
    assert_unchanged_parts(&input, &output);
    assert_package_consistent(&input);
    assert_package_consistent(&output);

    // The rewritten package parts keep every entry of the user's.
    let before = zip_parts(&input);
    let after = zip_parts(&output);
    let sheet = sheet_part_name(&input, "Register");
    for (part, element) in [
        ("[Content_Types].xml", "Default"),
        ("[Content_Types].xml", "Override"),
        ("xl/_rels/workbook.xml.rels", "Relationship"),
        (rels_of(&sheet).as_str(), "Relationship"),
    ] {
        let old = text_of(&before, part);
        let new = text_of(&after, part);
        for e in named(&old, element, 1) {
            assert!(
                new.contains(e.text(&old)),
                "{part}: {} is gone",
                e.text(&old)
            );
        }
    }
    // The user's notes are still there, each as it was, next to the tool's header notes.
    let rels = relationships(&before, &sheet);
    let comments = &rels
        .iter()
        .find(|(_, t, _)| t.ends_with("/comments"))
        .expect("comments")
        .2;
    let old = text_of(&before, comments);
    let new = text_of(&after, comments);
    let user_notes = named(&old, "comment", 2);
    assert_eq!(user_notes.len(), 2);
    for c in &user_notes {
        assert!(new.contains(c.text(&old)), "note {} is gone", c.text(&old));
    }
    assert_eq!(
        named(&new, "comment", 2).len(),
        user_notes.len() + ADDED_COLUMNS,
        "one note per added header cell, in the user's comments part"
    );
    let vml = &rels
        .iter()
        .find(|(_, t, _)| t.ends_with("/vmlDrawing"))
        .expect("vml")
        .2;
    let shapes = |xml: &str| elements(xml).iter().filter(|e| e.local == "shape").count();
    assert_eq!(
        shapes(&text_of(&after, vml)),
        shapes(&text_of(&before, vml)) + ADDED_COLUMNS,
        "one VML shape per added note"
    );
    // No second set of notes: one comments part, one VML part for the sheet.
    let after_rels = relationships(&after, &sheet);
    for kind in ["/comments", "/vmlDrawing"] {
        assert_eq!(
            after_rels
                .iter()
                .filter(|(_, t, _)| t.ends_with(kind))
                .count(),
            1,
            "{kind}"
        );
    }
}

#[test]
fn the_scored_sheet_keeps_every_user_cell_and_element_verbatim() {
    let sb = Sandbox::new();
    let (input, output) = scored(&sb);
    let old = sheet_xml(&input, "Register");
    let new = sheet_xml(&output, "Register");
    let (_, _, first, _) = marker_columns(&output);

    // Every cell of the user's, as it was.
    let old_cells = named(&old, "c", 3);
    assert!(old_cells.len() > 50);
    for c in &old_cells {
        if c.has_content(&old) || cell_col(&old, c) < first {
            assert!(new.contains(c.text(&old)), "cell {} changed", c.text(&old));
        }
    }
    // Left of the tool's columns the cells are exactly the user's: nothing added there.
    let left = |xml: &str| -> Vec<String> {
        named(xml, "c", 3)
            .iter()
            .filter(|c| cell_col(xml, c) < first)
            .map(|c| c.text(xml).to_string())
            .collect()
    };
    assert_eq!(left(&new), left(&old));

    // Every top-level element of the user's but those the tool extends, as it was.
    let extended = ["dimension", "sheetViews", "cols", "sheetData", "autoFilter"];
    let kept: Vec<Element> = top_level(&old)
        .into_iter()
        .filter(|e| !extended.contains(&e.local.as_str()))
        .collect();
    for element in [
        "sheetPr",
        "mergeCells",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "legacyDrawing",
    ] {
        assert!(kept.iter().any(|e| e.local == element), "{element}");
    }
    for e in &kept {
        assert!(
            new.contains(e.text(&old)),
            "<{}> changed: {}",
            e.local,
            e.text(&old)
        );
    }
    // The user's column widths, sheet view and pane, as they were.
    for col in named(&old, "col", 2) {
        assert!(new.contains(col.text(&old)), "{}", col.text(&old));
    }
    for local in ["sheetView", "pane", "selection"] {
        for e in elements(&old).iter().filter(|e| e.local == local) {
            assert!(new.contains(e.start_tag(&old)), "{}", e.start_tag(&old));
        }
    }
    // Rows keep their attributes; a height the user set stays.
    let rows = |xml: &str| -> BTreeMap<String, String> {
        named(xml, "row", 2)
            .iter()
            .map(|r| {
                let tag = r.start_tag(xml).to_string();
                (attr(&tag, "r").expect("row r"), tag)
            })
            .collect()
    };
    let new_rows = rows(&new);
    let mut custom = 0;
    for (r, tag) in rows(&old) {
        let now = new_rows
            .get(&r)
            .unwrap_or_else(|| panic!("row {r} is gone"));
        let custom_height = attr(&tag, "customHeight").is_some_and(|v| v == "1");
        for name in [
            "ht",
            "customHeight",
            "s",
            "customFormat",
            "hidden",
            "outlineLevel",
        ] {
            if custom_height || !["ht", "customHeight"].contains(&name) {
                assert_eq!(attr(now, name), attr(&tag, name), "row {r}: {name}");
            }
        }
        custom += usize::from(custom_height);
    }
    assert_eq!(custom, 3, "the title, header and one data row have heights");
    assert_schema_order(&output, "Register");
}

#[test]
fn the_tool_columns_start_after_the_last_used_column() {
    let sb = Sandbox::new();
    let (input, output) = scored(&sb);
    let old = sheet_xml(&input, "Register");
    let last = last_used_col(&old);
    assert_eq!(last, usize::from(USER_NOTE_CELL.1), "Z5 is the last used");
    let (sheet, row, first, end) = marker_columns(&output);
    assert_eq!(sheet, "Register");
    assert_eq!(row, HEADER_ROW as usize);
    assert_eq!(first, last + 1, "first added column right after Z");
    assert_eq!(end - first + 1, ADDED_COLUMNS);
    let book = Book::open(&output);
    let reg = book.sheet("Register");
    let (r, c) = (USER_NOTE_CELL.0 as usize, usize::from(USER_NOTE_CELL.1));
    assert_eq!(shown(reg.at(r, c)), USER_NOTE_TEXT);
    assert_eq!(shown(reg.at(r, c + 1)), "Hoog", "a level in AA5");
    let header = reg.row_texts(row);
    assert_eq!(header.len(), end + 1);
    assert_eq!(header[first], "Niveau Aantal betrokkenen");
    assert_eq!(header[end], "Datakwaliteit");
    assert!(header[HEADERS.len()..first].iter().all(String::is_empty));
    // Nothing filled above the header.
    let xml = sheet_xml(&output, "Register");
    for c in named(&xml, "c", 3) {
        let r = attr(c.start_tag(&xml), "r").unwrap();
        let (row_of, col) = a1(&r);
        if col >= first {
            assert!(row_of >= row, "added cell {r} above the header");
        }
    }
    // The dimension covers the added columns.
    let dim = named(&xml, "dimension", 1);
    assert_eq!(
        attr(dim[0].start_tag(&xml), "ref").as_deref(),
        Some(format!("A1:{}7", col_letters(end)).as_str())
    );
}

#[test]
fn existing_styles_keep_their_index() {
    let sb = Sandbox::new();
    let (input, output) = scored(&sb);
    let old = zip_part(&input, "xl/styles.xml");
    let new = zip_part(&output, "xl/styles.xml");
    for list in [
        "numFmts",
        "fonts",
        "fills",
        "borders",
        "cellStyleXfs",
        "cellXfs",
        "cellStyles",
        "dxfs",
    ] {
        let children = |xml: &str| -> Vec<String> {
            let Some(parent) = named(xml, list, 1).into_iter().next() else {
                return Vec::new();
            };
            elements(xml)
                .into_iter()
                .filter(|e| e.depth == 2 && parent.range.contains(&e.range.start))
                .map(|e| e.text(xml).to_string())
                .collect()
        };
        let before = children(&old);
        let after = children(&new);
        assert!(
            after.len() >= before.len(),
            "{list}: {} entries, were {}",
            after.len(),
            before.len()
        );
        for (i, entry) in before.iter().enumerate() {
            assert_eq!(&after[i], entry, "{list}[{i}]");
        }
        if let Some(parent) = named(&new, list, 1).first() {
            if let Some(count) = attr(parent.start_tag(&new), "count") {
                assert_eq!(count, after.len().to_string(), "{list} count");
            }
        }
        if list == "cellXfs" {
            assert!(after.len() > before.len(), "the tool's styles are appended");
        }
    }
    // Custom number formats: ids unique and ≥ 164.
    let ids: Vec<u32> = named(&new, "numFmt", 2)
        .iter()
        .map(|e| {
            attr(e.start_tag(&new), "numFmtId")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(ids.iter().all(|i| *i >= 164), "{ids:?}");
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        ids.len(),
        "{ids:?}"
    );
}

#[test]
fn names_hidden_sheets_calculation_and_panes_are_kept() {
    let sb = Sandbox::new();
    let (input, output) = scored(&sb);
    let old = zip_part(&input, "xl/workbook.xml");
    let new = zip_part(&output, "xl/workbook.xml");
    // The user's names, each as it was.
    let user_names = named(&old, "definedName", 2);
    assert_eq!(
        user_names.len(),
        4,
        "Bewaartermijnen, Budgetten, print area and titles"
    );
    for n in &user_names {
        assert!(new.contains(n.text(&old)), "{} is gone", n.text(&old));
    }
    assert_eq!(
        workbook_name(&output, "Bewaartermijnen").as_deref(),
        Some("Bewaartermijnen!$A$2:$B$5")
    );
    assert_names_once(&output);
    // The user's sheets as they were (names, ids, the hidden one hidden), then the tool's.
    let sheets = |xml: &str| -> Vec<String> {
        named(xml, "sheet", 2)
            .iter()
            .map(|e| e.text(xml).to_string())
            .collect()
    };
    let (before, after) = (sheets(&old), sheets(&new));
    assert_eq!(after[..before.len()], before[..]);
    assert!(before[3].contains("state=\"hidden\""), "{}", before[3]);
    let added: Vec<String> = after[before.len()..]
        .iter()
        .map(|t| attr(t, "name").unwrap())
        .collect();
    assert_eq!(added, TOOL_SHEETS);
    assert!(after[before.len()..].iter().all(|t| !t.contains("state=")));
    // Workbook properties, views and calculation settings untouched.
    for local in ["fileVersion", "workbookPr", "bookViews", "calcPr"] {
        for e in named(&old, local, 1) {
            assert!(new.contains(e.text(&old)), "{}", e.text(&old));
        }
    }
    let book = Book::open(&output);
    let mut expected: Vec<&str> = USER_SHEETS.to_vec();
    expected.extend(TOOL_SHEETS);
    assert_eq!(book.names, expected);
    // The register keeps the user's pane and gets no second one.
    let reg = sheet_xml(&output, "Register");
    let panes: Vec<String> = elements(&reg)
        .iter()
        .filter(|e| e.local == "pane")
        .map(|e| e.text(&reg).to_string())
        .collect();
    assert_eq!(
        panes,
        ["<pane xSplit=\"1\" topLeftCell=\"B1\" activePane=\"topRight\" state=\"frozen\"/>"]
    );
    // A table on another sheet does not stop the autofilter on the register.
    assert_eq!(
        named(&reg, "autoFilter", 1)
            .iter()
            .map(|e| attr(e.start_tag(&reg), "ref").unwrap())
            .collect::<Vec<_>>(),
        [format!("A2:{}7", col_letters(marker_columns(&output).3))]
    );
    // Every sheet of the output, the tool's included, is in schema order.
    for name in &book.names {
        assert_schema_order(&output, name);
    }
}

#[test]
#[cfg_attr(not(tool_openpyxl), ignore = "needs python3 with openpyxl")]
fn openpyxl_reads_back_what_the_user_had_and_what_the_tool_added() {
    let sb = Sandbox::new();
    let (input, output) = scored(&sb);
    let before = openpyxl(&[&input], "dump");
    let after = openpyxl(&[&output], "dump");

    // Sheets: the user's as they were, the tool's after them.
    let mut sheets = before["sheets"].as_array().unwrap().clone();
    assert_eq!(sheets[3], serde_json::json!(["Archief", "hidden"]));
    for s in TOOL_SHEETS {
        sheets.push(serde_json::json!([s, "visible"]));
    }
    assert_eq!(after["sheets"], serde_json::Value::Array(sheets));
    assert_eq!(after["properties"], before["properties"]);
    assert_eq!(before["properties"]["custom"]["Afdeling"], "Privacy");

    // Workbook names: the user's, and the tool's marker.
    let names = after["names"].as_object().unwrap();
    for (k, v) in before["names"].as_object().unwrap() {
        assert_eq!(names.get(k), Some(v), "name {k}");
    }
    assert_eq!(names["Bewaartermijnen"], "Bewaartermijnen!$A$2:$B$5");
    // The column marker is the register sheet's own name (one per scored sheet).
    assert_eq!(
        after["sheet"]["Register"]["names"]["dpia_triage_columns"],
        "'Register'!$AA$2:$AQ$2"
    );

    // The other user sheets read back exactly as before.
    for s in &USER_SHEETS[1..] {
        assert_eq!(after["sheet"][s], before["sheet"][s], "sheet {s}");
    }
    assert_eq!(
        after["sheet"]["Systemen"]["tables"],
        serde_json::json!({"Systemen": "A1:C4"})
    );

    // The register: everything of the user's, plus the tool's additions.
    let (old, new) = (&before["sheet"]["Register"], &after["sheet"]["Register"]);
    let without_marker = |names: &serde_json::Value| {
        let mut names = names.as_object().cloned().unwrap_or_default();
        names.retain(|k, _| !k.starts_with("dpia_triage_"));
        names
    };
    assert_eq!(without_marker(&new["names"]), without_marker(&old["names"]));
    for key in [
        "validations",
        "tables",
        "print",
        "freeze_panes",
        "tab_color",
        "merged",
        "hyperlinks",
    ] {
        assert_eq!(new[key], old[key], "Register {key}");
    }
    assert_eq!(old["freeze_panes"], "B1");
    assert_eq!(old["validations"].as_array().unwrap().len(), 2);
    assert_eq!(old["hyperlinks"].as_object().unwrap().len(), 2);
    assert_eq!(
        old["print"],
        serde_json::json!({
            "orientation": "landscape",
            "fit_to_page": true,
            "fit_width": null,
            "fit_height": 0,
            "area": "'Register'!$A$1:$J$7",
            "title_rows": "$2:$2",
            "header": "Verwerkingsregister",
            "footer": "Pagina &P van &N",
        })
    );
    for key in ["formats", "values", "row_heights"] {
        let now = new[key].as_object().unwrap();
        for (cell, v) in old[key].as_object().unwrap() {
            assert_eq!(now.get(cell), Some(v), "Register {key} {cell}");
        }
    }
    assert_eq!(new["formats"]["I3"], "€ #,##0.00");
    assert_eq!(new["formats"]["G3"], "d mmmm yyyy");
    assert_eq!(new["values"]["H3"], "=VLOOKUP(D3,Bewaartermijnen,2,FALSE)");
    assert_eq!(new["values"]["Z5"], USER_NOTE_TEXT);
    let cf = new["conditional_formats"].as_array().unwrap();
    for rule in old["conditional_formats"].as_array().unwrap() {
        assert!(cf.contains(rule), "user's conditional format {rule}");
    }
    assert!(cf.len() > 1, "the tool's conditional formats");
    assert_eq!(new["auto_filter"], "A2:AQ7");

    // Notes: the user's two, and one on each added header cell.
    let notes = new["notes"].as_object().unwrap();
    let user = old["notes"].as_object().unwrap();
    assert_eq!(user.len(), 2);
    for (cell, v) in user {
        assert_eq!(notes.get(cell), Some(v), "note {cell}");
    }
    let (_, row, first, last) = marker_columns(&output);
    for c in first..=last {
        let cell = format!("{}{}", col_letters(c), row + 1);
        let note = notes
            .get(&cell)
            .unwrap_or_else(|| panic!("no note on {cell}: {notes:?}"));
        assert!(
            !note[0].as_str().unwrap().trim().is_empty(),
            "note {cell} says something"
        );
        assert_eq!(note[1], "dpia-triage", "note {cell}");
    }
    assert_eq!(notes.len(), user.len() + ADDED_COLUMNS);

    // The tool's sheets: the status dropdown, a frozen header, a print setup.
    let measures = &after["sheet"]["Maatregelen"];
    let dv = measures["validations"].as_array().unwrap();
    assert!(
        dv.iter()
            .any(|v| v[1] == "list" && v[2].as_str().unwrap().contains("gerealiseerd")),
        "{dv:?}"
    );
    for s in ["Maatregelen", "Meldingen"] {
        assert_eq!(after["sheet"][s]["freeze_panes"], "A2", "{s}");
        assert_eq!(after["sheet"][s]["print"]["title_rows"], "$1:$1", "{s}");
    }
    for s in TOOL_SHEETS {
        let print = &after["sheet"][s]["print"];
        assert_eq!(print["orientation"], "landscape", "{s}");
        assert_eq!(print["fit_to_page"], true, "{s}");
    }
}

/// The facts a second scoring must keep. `first` is the first run's output, `input` the file
/// scored again (that output, or a copy another program saved), `again` the second run's output:
/// the same sheets and register columns, the marker where it was, each name once; of `input`,
/// every user sheet entry, workbook setting and user name as it was; and on the register one
/// pane, one autofilter, and as many notes and conditional formats as before (the tool's replaced,
/// not added again).
fn assert_rescored_like(first: &Path, input: &Path, again: &Path) {
    let a = Book::open(first);
    let b = Book::open(again);
    assert_eq!(b.names, a.names, "same sheets");
    assert!(b.names.iter().all(|n| !n.contains("(2)")), "{:?}", b.names);
    let (_, row, _, _) = marker_columns(first);
    assert_eq!(
        b.sheet("Register").row_texts(row),
        a.sheet("Register").row_texts(row),
        "same register header, same column count"
    );
    assert_eq!(
        marker_columns(again),
        marker_columns(first),
        "the tool's columns where they were"
    );
    let (r, c) = (USER_NOTE_CELL.0 as usize, usize::from(USER_NOTE_CELL.1));
    assert_eq!(shown(b.sheet("Register").at(r, c)), USER_NOTE_TEXT);
    assert_names_once(again);
    assert_package_consistent(again);
    for name in &b.names {
        assert_schema_order(again, name);
    }

    // The workbook part: the user's sheet entries, settings and names as the input had them.
    let old = zip_part(input, "xl/workbook.xml");
    let new = zip_part(again, "xl/workbook.xml");
    for e in named(&old, "sheet", 2) {
        let name = attr(e.start_tag(&old), "name").unwrap();
        if !TOOL_SHEETS.contains(&name.as_str()) {
            assert!(new.contains(e.text(&old)), "sheet entry {}", e.text(&old));
        }
    }
    for local in ["fileVersion", "workbookPr", "bookViews", "calcPr"] {
        for e in named(&old, local, 1) {
            assert!(new.contains(e.text(&old)), "{}", e.text(&old));
        }
    }
    let user_sheets = USER_SHEETS.len();
    for e in named(&old, "definedName", 2) {
        let tag = e.start_tag(&old);
        let name = attr(tag, "name").unwrap();
        let local: Option<usize> = attr(tag, "localSheetId").map(|l| l.parse().unwrap());
        let tools = name.starts_with("dpia_triage_")
            || local.is_some_and(|l| l >= user_sheets)
            || name == "_xlnm._FilterDatabase";
        if !tools {
            assert!(new.contains(e.text(&old)), "name {}", e.text(&old));
        }
    }

    // The register: nothing of the tool's twice.
    let (old_parts, new_parts) = (zip_parts(input), zip_parts(again));
    let (old_part, new_part) = (
        sheet_part_name(input, "Register"),
        sheet_part_name(again, "Register"),
    );
    let (x1, x2) = (
        text_of(&old_parts, &old_part),
        text_of(&new_parts, &new_part),
    );
    let count = |xml: &str, local: &str| elements(xml).iter().filter(|e| e.local == local).count();
    assert_eq!(count(&x2, "pane"), 1, "one pane");
    assert_eq!(
        count(&x2, "autoFilter"),
        count(&x1, "autoFilter"),
        "autofilter"
    );
    assert_eq!(
        count(&x2, "cfRule"),
        count(&x1, "cfRule"),
        "conditional formats"
    );
    let notes = |parts: &BTreeMap<String, Vec<u8>>, sheet: &str| -> usize {
        relationships(parts, sheet)
            .iter()
            .filter(|(_, t, _)| t.ends_with("/comments"))
            .map(|(_, _, target)| count(&text_of(parts, target), "comment"))
            .sum()
    };
    assert_eq!(
        notes(&new_parts, &new_part),
        notes(&old_parts, &old_part),
        "notes"
    );
    assert_eq!(
        notes(&new_parts, &new_part),
        2 + ADDED_COLUMNS,
        "the user's two notes and the tool's"
    );
}

#[test]
fn scoring_the_output_again_replaces_the_tools_additions() {
    let sb = Sandbox::new();
    let (input, output) = scored(&sb);
    sb.run(&["score", "r.dpia.xlsx", "-o", "again.xlsx"])
        .expect_code(0);
    let again = sb.file("again.xlsx");
    assert_rescored_like(&output, &output, &again);
    // The user's parts are still the input's.
    assert_unchanged_parts(&input, &again);
    // Nothing doubled on the register: notes, formats, autofilter, columns, panes; no parts
    // left over from the first run's sheets.
    let (one, two) = (zip_parts(&output), zip_parts(&again));
    assert_eq!(
        two.keys().collect::<Vec<_>>(),
        one.keys().collect::<Vec<_>>(),
        "the same parts"
    );
    let sheet = sheet_part_name(&input, "Register");
    for (_, typ, target) in relationships(&one, &sheet) {
        if typ.ends_with("/comments") {
            let count =
                |p: &BTreeMap<String, Vec<u8>>| named(&text_of(p, &target), "comment", 2).len();
            assert_eq!(count(&two), count(&one), "notes");
        }
    }
    let (x1, x2) = (text_of(&one, &sheet), text_of(&two, &sheet));
    for local in [
        "conditionalFormatting",
        "autoFilter",
        "pane",
        "col",
        "c",
        "row",
    ] {
        let count = |xml: &str| elements(xml).iter().filter(|e| e.local == local).count();
        assert_eq!(count(&x2), count(&x1), "<{local}>");
    }
    // The same XML but for style indices and rule priorities (see the styles test below).
    assert_eq!(
        without_style_ids(&x2),
        without_style_ids(&x1),
        "the register is rewritten to the same XML"
    );
}

/// The XML with the values of `s`, `dxfId` and `priority` attributes blanked.
fn without_style_ids(xml: &str) -> String {
    let mut out = xml.to_string();
    for name in [" s=\"", " dxfId=\"", " priority=\""] {
        let mut next = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(i) = rest.find(name) {
            next.push_str(&rest[..i + name.len()]);
            rest = &rest[i + name.len()..];
            let end = rest.find('"').unwrap_or(0);
            next.push('#');
            rest = &rest[end..];
        }
        next.push_str(rest);
        out = next;
    }
    out
}

/// The counts of the style lists of a workbook's styles.xml.
fn style_counts(path: &Path) -> BTreeMap<&'static str, usize> {
    let xml = zip_part(path, "xl/styles.xml");
    ["numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"]
        .into_iter()
        .map(|list| {
            let n = named(&xml, list, 1).first().map_or(0, |parent| {
                elements(&xml)
                    .iter()
                    .filter(|e| e.depth == 2 && parent.range.contains(&e.range.start))
                    .count()
            });
            (list, n)
        })
        .collect()
}

#[test]
fn scoring_again_does_not_append_the_tools_styles_again() {
    let sb = Sandbox::new();
    let (_, output) = scored(&sb);
    sb.run(&["score", "r.dpia.xlsx", "-o", "again.xlsx"])
        .expect_code(0);
    sb.run(&["score", "again.xlsx", "-o", "third.xlsx"])
        .expect_code(0);
    let first = style_counts(&output);
    assert_eq!(style_counts(&sb.file("again.xlsx")), first, "second run");
    assert_eq!(style_counts(&sb.file("third.xlsx")), first, "third run");
}

#[test]
#[cfg_attr(not(tool_soffice), ignore = "needs LibreOffice")]
fn a_libreoffice_resaved_output_scores_again_in_place() {
    let sb = Sandbox::new();
    let (_, output) = scored(&sb);
    let saved = libreoffice_resave(&sb, "r.dpia.xlsx");
    // LibreOffice kept the marker.
    assert_eq!(marker_columns(&saved), marker_columns(&output));
    let run = sb.run(&["score", "lo/r.dpia.xlsx", "-o", "again.xlsx"]);
    run.expect_code(0);
    assert_rescored_like(&output, &saved, &sb.file("again.xlsx"));
}

/// Edit the output with openpyxl (a status and a hand-added column on Maatregelen), optionally
/// re-save it with LibreOffice, score it again and check the edits are carried.
fn edits_are_carried(through_libreoffice: bool) {
    let sb = Sandbox::new();
    let (_, output) = scored(&sb);
    let edited = sb.file("edited.xlsx");
    let which = openpyxl(&[&output, &edited], "edit");
    let (activity, measure) = (
        which["activity"].as_str().unwrap().to_string(),
        which["measure"].as_str().unwrap().to_string(),
    );
    let rescored = if through_libreoffice {
        libreoffice_resave(&sb, "edited.xlsx")
    } else {
        edited
    };
    sb.run(&["score", rescored.to_str().unwrap(), "-o", "again.xlsx"])
        .expect_code(0);
    let again = sb.file("again.xlsx");
    assert_rescored_like(&output, &rescored, &again);
    let book = Book::open(&again);
    let m = book.sheet("Maatregelen");
    let rows = m.texts();
    let (a, mid, status) = (
        m.column_of(0, "Activiteit-ID"),
        m.column_of(0, "Maatregel-ID"),
        m.column_of(0, "Status"),
    );
    let r = rows
        .iter()
        .position(|row| row.get(a) == Some(&activity) && row.get(mid) == Some(&measure))
        .unwrap_or_else(|| panic!("no Maatregelen row {activity} {measure}: {rows:?}"));
    assert_eq!(rows[r][status], "gerealiseerd", "status carried");
    let kosten = rows[0].iter().position(|h| h == "Kosten");
    let kosten =
        kosten.unwrap_or_else(|| panic!("hand-added column Kosten dropped: {:?}", rows[0]));
    assert_eq!(shown(m.at(r, kosten)), "1250", "hand-added value carried");
}

#[test]
#[cfg_attr(not(tool_openpyxl), ignore = "needs python3 with openpyxl")]
fn openpyxl_edits_on_maatregelen_are_carried_when_scoring_again() {
    edits_are_carried(false);
}

#[test]
#[cfg_attr(
    not(all(tool_openpyxl, tool_soffice)),
    ignore = "needs python3 with openpyxl, and LibreOffice"
)]
fn openpyxl_edits_resaved_by_libreoffice_are_carried_when_scoring_again() {
    edits_are_carried(true);
}

#[test]
fn a_register_that_is_an_excel_table_gets_no_autofilter_of_the_tools() {
    let sb = Sandbox::new();
    let input = sb.write("r.xlsx", &register_as_table());
    sb.run(&["score", "r.xlsx"]).expect_code(0);
    let output = sb.file("r.dpia.xlsx");
    assert_unchanged_parts(&input, &output);
    assert_package_consistent(&output);
    let old = sheet_xml(&input, "Register");
    let new = sheet_xml(&output, "Register");
    // The table (its part is compared above) and its reference, last, as they were.
    let parts = named(&old, "tableParts", 1);
    assert_eq!(parts.len(), 1, "the fixture's register is a table");
    assert!(new.contains(parts[0].text(&old)));
    assert_eq!(top_level(&new).last().unwrap().local, "tableParts");
    assert_schema_order(&output, "Register");
    // No autofilter of the tool's over the table, neither on the sheet nor as a name.
    assert!(
        !new.contains("autoFilter"),
        "autofilter on a sheet with a table"
    );
    assert!(
        defined_names(&output)
            .iter()
            .all(|(n, local, _)| !(n == "_xlnm._FilterDatabase" && local.as_deref() == Some("0"))),
        "{:?}",
        defined_names(&output)
    );
    let (_, _, first, last) = marker_columns(&output);
    assert_eq!((first, last), (26, 26 + ADDED_COLUMNS - 1));
    sb.run(&["score", "r.dpia.xlsx", "-o", "again.xlsx"])
        .expect_code(0);
    let again = sb.file("again.xlsx");
    assert_rescored_like(&output, &output, &again);
    assert!(!sheet_xml(&again, "Register").contains("autoFilter"));
}

/// The user deleted the tool's advice column and marked a measure done, then scored again: the
/// workbook is still its own previous run (no refusal about `--previous`), the column comes back
/// once, and the status is carried.
#[test]
#[cfg_attr(not(tool_openpyxl), ignore = "needs python3 with openpyxl")]
fn a_deleted_advice_column_comes_back_and_the_work_on_maatregelen_is_kept() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx"])
        .expect_code(0);
    let edit = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Register"]
for row in ws.iter_rows(min_row=1, max_row=10):
    for c in row:
        if c.value == "DPIA-advies":
            ws.delete_cols(c.column)
            break
m = wb["Maatregelen"]
head = [c.value for c in m[1]]
m.cell(row=2, column=head.index("Status") + 1).value = "gerealiseerd"
print(m.cell(row=2, column=head.index("Maatregel-ID") + 1).value)
wb.save(sys.argv[2])
"#;
    let id =
        crate::harness::openpyxl_edit(&sb, edit, "verwerkingsregister.dpia.xlsx", "bewerkt.xlsx");
    let run = sb.run(&["score", "bewerkt.xlsx", "-o", "opnieuw.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let book = Book::open(&sb.file("opnieuw.xlsx"));
    let register = book.sheet("Register");
    let advice = register
        .texts()
        .iter()
        .flatten()
        .filter(|t| *t == "DPIA-advies")
        .count();
    assert_eq!(advice, 1);
    let measures = book.sheet("Maatregelen");
    let (idc, status) = (
        measures.column_of(0, "Maatregel-ID"),
        measures.column_of(0, "Status"),
    );
    let row = (1..measures.texts().len())
        .find(|r| measures.row_texts(*r)[idc] == id)
        .unwrap_or_else(|| panic!("measure {id} is gone"));
    assert_eq!(measures.row_texts(row)[status], "gerealiseerd");
}

/// The user marked a measure done, linked its evidence and changed a value in the annotated
/// workbook, then scored it again with `--previous` naming the earlier one (as docs/output.md
/// says, to list what changed): the work on Maatregelen is the workbook's own and is carried
/// (it was dropped for the earlier workbook's), and the changed value is listed against the
/// earlier one.
#[test]
#[cfg_attr(not(tool_openpyxl), ignore = "needs python3 with openpyxl")]
fn scored_again_with_previous_the_work_in_the_workbook_itself_is_kept() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "q1.xlsx"])
        .expect_code(0);
    let edit = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
m = wb["Maatregelen"]
head = [c.value for c in m[1]]
m.cell(row=2, column=head.index("Status") + 1).value = "gerealiseerd"
proof = m.cell(row=2, column=head.index("Bewijsstuk") + 1)
proof.value = "verslag"
proof.hyperlink = "https://example.org/verslag"
ws = wb["Register"]
for row in ws.iter_rows(min_row=1, max_row=10):
    cols = [c.value for c in row]
    if "Aantal betrokkenen" in cols:
        cell = ws.cell(row=row[0].row + 1, column=cols.index("Aantal betrokkenen") + 1)
        cell.value = 987654
        print(ws.cell(row=row[0].row + 1, column=cols.index("ID") + 1).value)
        break
print(m.cell(row=2, column=head.index("Activiteit-ID") + 1).value)
print(m.cell(row=2, column=head.index("Maatregel-ID") + 1).value)
wb.save(sys.argv[2])
"#;
    let printed = crate::harness::openpyxl_edit(&sb, edit, "q1.xlsx", "bewerkt.xlsx");
    let lines: Vec<&str> = printed.lines().map(str::trim).collect();
    let (changed_id, activity, measure) = (lines[0], lines[1], lines[2]);
    let run = sb.run(&[
        "score",
        "bewerkt.xlsx",
        "--previous",
        "q1.xlsx",
        "-o",
        "q2.xlsx",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let book = Book::open(&sb.file("q2.xlsx"));
    let m = book.sheet("Maatregelen");
    let rows = m.texts();
    let (a, mid, status, proof) = (
        m.column_of(0, "Activiteit-ID"),
        m.column_of(0, "Maatregel-ID"),
        m.column_of(0, "Status"),
        m.column_of(0, "Bewijsstuk"),
    );
    let r = rows
        .iter()
        .position(|row| {
            row.get(a).map(String::as_str) == Some(activity)
                && row.get(mid).map(String::as_str) == Some(measure)
        })
        .unwrap_or_else(|| panic!("no Maatregelen row {activity} {measure}: {rows:?}"));
    assert_eq!(rows[r][status], "gerealiseerd", "status carried");
    assert_eq!(rows[r][proof], "verslag", "evidence carried");
    let links = zip_parts(&sb.file("q2.xlsx"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".rels"))
        .any(|(_, bytes)| String::from_utf8_lossy(&bytes).contains("https://example.org/verslag"));
    assert!(links, "the evidence link is carried");
    // The changed value is listed against the earlier workbook.
    let register = book.sheet("Register");
    let texts = register.texts();
    let header = texts
        .iter()
        .position(|row| row.iter().any(|t| t == "Aantal betrokkenen"))
        .expect("header row");
    let id_col = register.column_of(header, "ID");
    let row = texts
        .iter()
        .position(|row| row.get(id_col).map(String::as_str) == Some(changed_id))
        .unwrap_or_else(|| panic!("no register row {changed_id}"));
    assert!(
        texts[row]
            .iter()
            .any(|t| t.contains("gewijzigd") && t.contains("987")),
        "the change is listed: {:?}",
        texts[row]
    );
}
