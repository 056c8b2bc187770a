//! Fixture registers built in test code: the same table as an xlsx workbook (rust_xlsxwriter) and
//! as CSV in the encodings and delimiters Dutch users produce (encoding_rs). No binary fixtures.
//!
//! The main fixture, [`REGISTER`], has eight rows whose expected results are derived by hand from
//! docs/rubric.md#criteria–docs/output.md#score-class-and-advice in `json.rs`; the comment on each row says what boundary it sits on.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

/// One cell of a fixture row.
#[derive(Debug, Clone)]
pub enum V {
    /// Nothing.
    E,
    /// Text.
    T(&'static str),
    /// A number.
    N(f64),
    /// A date (year, month, day).
    D(u16, u8, u8),
    /// A boolean.
    B(bool),
    /// A formula with its cached result (error cells).
    F(&'static str, &'static str),
    /// An owned text (long strings).
    S(String),
}

use V::{D, E, N, T};

impl V {
    /// The cell as CSV text, as Dutch Excel exports it.
    pub fn csv_text(&self) -> String {
        match self {
            V::E => String::new(),
            V::T(t) => (*t).to_string(),
            V::S(s) => s.clone(),
            V::N(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            V::N(n) => n.to_string().replace('.', ","),
            V::D(y, m, d) => format!("{d:02}-{m:02}-{y}"),
            V::B(b) => if *b { "WAAR" } else { "ONWAAR" }.to_string(),
            V::F(_, result) => (*result).to_string(),
        }
    }
}

/// The Dutch headers of docs/register.md#fields (first Dutch header of every field) plus an unknown `Eigenaar`.
pub const HEADERS: [&str; 24] = [
    "ID",                               // A
    "Verwerking",                       // B
    "Aantal betrokkenen",               // C
    "Aantal soorten persoonsgegevens",  // D
    "Soorten persoonsgegevens",         // E
    "Gevoeligheid",                     // F
    "Bijzondere persoonsgegevens",      // G
    "Aantal subverwerkers",             // H
    "Subverwerker met belangrijke rol", // I
    "Impact op betrokkene",             // J
    "Risico van blootstelling",         // K
    "Gebruik AI/algoritmes",            // L
    "Complexiteit",                     // M
    "Aantal systemen",                  // N
    "Aantal verwerkers",                // O
    "Gekoppelde databases",             // P
    "Aantal medewerkers met toegang",   // Q
    "Datamaskering en exportbeperking", // R
    "Externe toegang",                  // S
    "AP-lijst",                         // T
    "EDPB-criteria",                    // U
    "DPIA uitgevoerd",                  // V
    "Datum laatste beoordeling",        // W
    "Eigenaar",                         // X
];

/// Title rows above the header in the xlsx fixture (rows 1 and 2; row 3 stays empty).
pub const TITLE: &str = "Verwerkingsregister Testhogeschool";
/// The note in row 2.
pub const NOTE: &str = "Peildatum 21-09-2026; één regel per verwerking.";
/// Excel row (1-based) of the header in the xlsx fixture.
pub const XLSX_HEADER_ROW: u32 = 4;

const IMP_H: &str = "Hoog – rechtsgevolgen of aanzienlijke impact";
const IMP_M: &str = "Midden – van belang, geen rechtsgevolgen";
const IMP_L: &str = "Laag – beperkt belang";
const AI_H: &str = "Hoog – kernonderdeel";
const AI_M: &str = "Midden – ondersteunend, geen kernonderdeel";
const AI_L: &str = "Laag – geen AI of algoritmes";
const EXT_H: &str = "Hoog – langdurig of permanent";
const EXT_M: &str = "Midden – regelmatig en gecontroleerd";
const EXT_L: &str = "Laag – alleen tijdelijk voor korte beheertaken";

/// The eight rows of the main fixture, in the column order of [`HEADERS`].
#[rustfmt::skip]
pub fn register_rows() -> Vec<Vec<V>> {
    vec![
        // VW-01: 99 subjects, 9 types, label intern, 0 subprocessors, staff 2 → all low/none.
        vec![
            T("VW-01"), T("Ledenadministratie café"), N(99.0), N(9.0), T("naam, e-mailadres"),
            T("intern"), T("nee"), N(0.0), E, T(IMP_L), E, T("nee"), E, N(1.0), N(1.0),
            T("nee"), N(2.0), T("nee"), T("Geen"), E, E, T("nee"), D(2025, 1, 15), T("Bé Jansen"),
        ],
        // VW-02: 100 subjects, 10 types, vertrouwelijk, 1 subprocessor with key role, staff 3,
        // one EDPB criterion → recommended; the name holds a `;`.
        vec![
            T("VW-02"), T("Cursusinschrijving; wachtlijst"), N(100.0), N(10.0), E,
            T("vertrouwelijk"), E, N(1.0), T("ja"), T(IMP_M), E, T(AI_M), E, N(3.0), N(2.0),
            T("nee"), N(3.0), T("nee"), T(EXT_M), E, T("grootschalige verwerking"), T("nee"),
            E, T("Team Onderwijs"),
        ],
        // VW-03: 1000 subjects, 24 types, BSN (sensitive) → medium, 2 subprocessors without key
        // role, 3 processors, staff 5 with masking, an AP item; reviewed 36 months + 1 day ago.
        vec![
            T("VW-03"), T("Toegangscontrole – camera’s"), N(1000.0), N(24.0),
            T("naam; e-mailadres; BSN"), E, E, N(2.0), T("nee"), T(IMP_L), E, T(AI_L), E,
            N(2.0), N(3.0), T("nee"), N(5.0), T("ja"), T(EXT_L), T("cameratoezicht"), E,
            D(2024, 3, 1), D(2023, 9, 20), E,
        ],
        // VW-04: 1001 subjects, 25 types, health data, 3 subprocessors, staff 6 with masking,
        // two EDPB criteria → required; reviewed exactly 36 months ago (not yet due).
        vec![
            T("VW-04"), T("Studentenwelzijn en ziekteverzuim"), N(1001.0), N(25.0), E, E,
            T("gezondheid"), N(3.0), T("nee"), T(IMP_H), E, T(AI_H), E, N(4.0), N(1.0), T("ja"),
            N(6.0), T("ja"), T(EXT_H), E, T("1; 5"), T("nee"), D(2023, 9, 21), E,
        ],
        // VW-05: "1.500" as text, label geheim, 1 subprocessor with the key role left empty
        // (finding), staff 2 despite high sensitivity, linked databases → recommended.
        vec![
            T("VW-05"), T("Personeelsdossiers"), T("1.500"), N(5.0), E, T("geheim"), E, T("1"),
            E, T(IMP_L), E, T(AI_L), E, N(1.0), N(1.0), T("ja"), N(2.0), T("nee"), T("Geen"),
            E, E, E, E, T("HR"),
        ],
        // VW-06: impact left empty (unknown) but an AP item makes it required either way.
        vec![
            T("VW-06"), T("Marketingprofielen"), N(50.0), N(3.0), E, T("openbaar"), E, N(0.0), E,
            E, E, T("nee"), E, N(1.0), N(1.0), T("nee"), N(4.0), T("nee"), T("Geen"),
            T("profilering"), E, E, E, E,
        ],
        // VW-07: data subjects empty (unknown, and so exposure): between not_required and
        // recommended → incomplete.
        vec![
            T("VW-07"), T("Alumnienquête"), E, N(12.0), E, T("vertrouwelijk"), E, N(0.0), E,
            T(IMP_M), E, T(AI_M), E, N(3.0), N(1.0), T("nee"), N(6.0), T("nee"), T(EXT_M), E, E,
            E, E, E,
        ],
        // VW-08: "ca. 500" subjects, data types empty → 3 listed categories (one special),
        // impact given as a level word, complexity given (overrides 5 systems), staff 3 raised
        // by sensitivity, masking "deels" (counts as no); DPIA done → no dpia_missing.
        vec![
            T("VW-08"), T("Coaching – ideeën van geïnterviewden"), T("ca. 500"), E,
            T("naam; adres; gezondheidsgegevens"), E, T("nee"), N(2.0), T("ja"), T("hoog"), E,
            T("nee"), T("laag"), N(5.0), N(1.0), T("nee"), N(3.0), T("deels"), T(EXT_L), E, E,
            T("ja"), E, E,
        ],
    ]
}

/// Criterion keys in SURF order (the order of `levels` in the JSON and of the level columns).
pub const CRITERIA: [&str; 10] = [
    "data_subjects",
    "data_types",
    "sensitivity",
    "subprocessors",
    "impact",
    "exposure",
    "ai_use",
    "complexity",
    "staff_access",
    "external_access",
];

/// What docs/rubric.md#criteria–docs/output.md#score-class-and-advice say one row of [`register_rows`] must get.
#[derive(Debug, Clone, Copy)]
pub struct Expect {
    /// Activity id.
    pub id: &'static str,
    /// Levels in [`CRITERIA`] order; `?` = unknown.
    pub levels: [&'static str; 10],
    /// Score (unknown = 0 points).
    pub score: u64,
    /// Criteria at high.
    pub high: u64,
    /// Criteria unknown.
    pub unknown: u64,
    /// Risk class.
    pub class: &'static str,
    /// DPIA outcome.
    pub outcome: &'static str,
    /// Flags.
    pub flags: &'static [&'static str],
}

const H: &str = "high";
const M: &str = "medium";
const L: &str = "low";
const O: &str = "none";
const U: &str = "unknown";

/// Expected results of [`register_rows`], derived by hand from docs/rubric.md#criteria and docs/output.md#score-class-and-advice (one line per row).
/// Levels: subjects, types, sensitivity, subprocessors, impact, exposure, ai, complexity, staff,
/// external. Derived signals (docs/rubric.md#derive), where an AP-list or EDPB cell is empty: VW-03's name
/// "camera’s" gives EDPB 3; VW-04's "ziekteverzuim" is health data, no AP 7 (an employer's
/// sick-leave registration is not AP 7's large-scale processing of health data; its EDPB cell
/// "1; 5" is filled and decides, so the level-derived 4, 6 and 8 are findings); VW-05's "Personeelsdossiers" gives EDPB 7 and its
/// levels EDPB 4 (sensitivity high) and 6 (linked databases): three criteria → required; VW-08's
/// sensitivity high gives EDPB 4 (one criterion: recommended, as its class already is).
/// Classes are two-sided (docs/output.md#score-class-and-advice): VW-06 (impact unknown) is low or medium, VW-07 (subjects and
/// exposure unknown) medium or high: both incomplete.
#[rustfmt::skip]
pub const EXPECTED: [Expect; 8] = [
    Expect { id: "VW-01", levels: [L, L, L, O, L, L, L, L, L, O], score: 8,  high: 0, unknown: 0, class: "low",    outcome: "not_required", flags: &[] },
    Expect { id: "VW-02", levels: [M, M, M, M, M, M, M, M, M, M], score: 20, high: 0, unknown: 0, class: "medium", outcome: "recommended",  flags: &["dpia_missing"] },
    Expect { id: "VW-03", levels: [M, M, M, L, L, M, L, H, L, L], score: 16, high: 1, unknown: 0, class: "medium", outcome: "required",     flags: &["derived", "review_due"] },
    Expect { id: "VW-04", levels: [H, H, H, H, H, H, H, M, M, H], score: 28, high: 8, unknown: 0, class: "high",   outcome: "required",     flags: &["dpia_missing"] },
    Expect { id: "VW-05", levels: [H, L, H, M, L, H, L, M, L, O], score: 17, high: 3, unknown: 0, class: "high",   outcome: "required",     flags: &["dpia_missing", "derived"] },
    Expect { id: "VW-06", levels: [L, L, L, O, U, L, L, L, M, O], score: 8,  high: 0, unknown: 1, class: "incomplete", outcome: "required",     flags: &["dpia_missing"] },
    Expect { id: "VW-07", levels: [U, M, M, O, M, U, M, M, H, M], score: 15, high: 1, unknown: 2, class: "incomplete", outcome: "incomplete",   flags: &[] },
    Expect { id: "VW-08", levels: [M, L, H, M, H, M, L, L, H, L], score: 19, high: 3, unknown: 0, class: "high",   outcome: "recommended",  flags: &["derived"] },
];

/// Write one row of values.
pub fn write_row(ws: &mut Worksheet, row: u32, values: &[V], date: &Format) {
    for (c, v) in values.iter().enumerate() {
        let c = c as u16;
        match v {
            V::E => {}
            V::T(t) => {
                ws.write_string(row, c, *t).expect("write string");
            }
            V::S(s) => {
                ws.write_string(row, c, s).expect("write string");
            }
            V::N(n) => {
                ws.write_number(row, c, *n).expect("write number");
            }
            V::D(y, m, d) => {
                let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                ws.write_datetime_with_format(row, c, &dt, date)
                    .expect("write date");
            }
            V::B(b) => {
                ws.write_boolean(row, c, *b).expect("write boolean");
            }
            V::F(f, result) => {
                ws.write_formula(row, c, Formula::new(*f).set_result(*result))
                    .expect("write formula");
            }
        }
    }
}

/// The date format used in fixtures.
pub fn date_format() -> Format {
    Format::new().set_num_format("dd-mm-yyyy")
}

/// The main fixture as xlsx: sheet `Register` with a title (row 1), a note (row 2), an empty row 3,
/// the headers in row 4 and [`register_rows`] from row 5; then a sheet `Toelichting`.
pub fn register_xlsx() -> Vec<u8> {
    let date = date_format();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Register").expect("name");
    ws.write_string(0, 0, TITLE).expect("title");
    ws.write_string(1, 0, NOTE).expect("note");
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(XLSX_HEADER_ROW - 1, c as u16, *h)
            .expect("header");
    }
    for (i, row) in register_rows().iter().enumerate() {
        write_row(ws, XLSX_HEADER_ROW + i as u32, row, &date);
    }
    let notes = wb.add_worksheet().set_name("Toelichting").expect("name");
    notes
        .write_string(0, 0, "Toelichting bij het register")
        .expect("text");
    notes.write_number(1, 0, 42.0).expect("number");
    wb.save_to_buffer().expect("save fixture workbook")
}

/// A sheet of a fixture workbook: name, header texts, data rows.
pub type SheetSpec<'a> = (&'a str, &'a [&'a str], Vec<Vec<V>>);

/// A workbook with one sheet `name` holding `headers` in row 1 and `rows` below.
pub fn simple_xlsx(sheets: &[SheetSpec<'_>]) -> Vec<u8> {
    let date = date_format();
    let mut wb = Workbook::new();
    for (name, headers, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name).expect("name");
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("header");
        }
        for (i, row) in rows.iter().enumerate() {
            write_row(ws, 1 + i as u32, row, &date);
        }
    }
    wb.save_to_buffer().expect("save fixture workbook")
}

/// Quote a CSV field when it holds the delimiter, a quote or a line break (as Excel does).
fn csv_field(text: &str, delimiter: char) -> String {
    if text.contains(delimiter) || text.contains('"') || text.contains('\n') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The main fixture as CSV text (header line first), with this delimiter and line ending.
pub fn register_csv_text(delimiter: char, line_end: &str) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .map(|c| csv_field(c, delimiter))
            .collect::<Vec<_>>()
            .join(&delimiter.to_string())
    };
    out.push_str(&line(HEADERS.iter().map(|h| h.to_string()).collect()));
    out.push_str(line_end);
    for row in register_rows() {
        out.push_str(&line(row.iter().map(V::csv_text).collect()));
        out.push_str(line_end);
    }
    out
}

/// The main fixture as Dutch Excel's "CSV (puntkomma)": `;`, Windows-1252, CRLF.
pub fn register_csv_cp1252() -> Vec<u8> {
    let text = register_csv_text(';', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "fixture text must fit Windows-1252");
    bytes.into_owned()
}

/// The main fixture as UTF-8 with a BOM, `,`-delimited, LF.
pub fn register_csv_utf8_bom_comma() -> Vec<u8> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(register_csv_text(',', "\n").into_bytes());
    bytes
}

/// The main fixture as UTF-8 without BOM, TAB-delimited, CRLF.
pub fn register_csv_tab() -> Vec<u8> {
    register_csv_text('\t', "\r\n").into_bytes()
}
