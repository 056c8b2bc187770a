//! Generates the bundled sample data for `dpia-triage`: a fictitious Dutch GDPR processing register
//! (verwerkingsregister) of "Hogeschool Noorderpoort", filled in the way real people fill registers.
//!
//! It writes two files with the same table (same rows, same text) into the output directory:
//!
//! * `verwerkingsregister.xlsx` — sheet `Register` with a title (row 1), an instruction line (row 2),
//!   an empty row 3, the header row in row 4 and the data from row 5; plus a sheet `Toelichting` with
//!   free text (to show that other sheets are preserved). Dates are real Excel dates (`dd-mm-yyyy`),
//!   counts are sometimes numbers and sometimes text.
//! * `verwerkingsregister.csv` — the header row and data rows only, as Dutch Excel's
//!   "CSV (puntkomma)" export writes them: `;` delimiter, Windows-1252, CRLF line endings, fields
//!   quoted only when they contain `;`, `"` or a line break (an in-cell line break stays a bare LF,
//!   as Excel writes it), dates as `31-05-2024`, numbers as Excel shows them (`1500`).
//!
//! The data contain deliberate data-quality slips that the tool must report (Excel row / CSV record,
//! where CSV record 1 is the header):
//!
//! | ID     | xlsx cell | CSV record | column                         | value         | xlsx cell type |
//! |--------|-----------|------------|--------------------------------|---------------|----------------|
//! | VW-012 | N16       | 13         | Gekoppelde databases           | `misschien`   | text           |
//! | VW-018 | U22       | 19         | Datum laatste beoordeling      | `31-02-2024`  | text           |
//! | VW-020 | O24       | 21         | Aantal medewerkers met toegang | `veel`        | text           |
//! | VW-022 | C26       | 23         | Aantal betrokkenen             | `zie bijlage` | text           |
//! | VW-029 | H33       | 30         | Aantal subverwerkers           | `-3`          | number         |
//! | VW-031 | R35       | 32         | AP-lijst                       | `20`          | number         |
//!
//! Excel row = data index + 5; CSV record = data index + 2 (the record of VW-021 spans two physical
//! lines because its `Verwerking` cell holds a line break).
//!
//! Run (from the crate root): `cargo run --example make_samples -- [OUTPUT_DIR]` (default `samples`);
//! as a stand-alone crate: `cargo run -- [OUTPUT_DIR]`.

use std::error::Error;
use std::fs;
use std::path::PathBuf;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

/// The header texts, in column order. `Eigenaar` is an extra column the tool does not know.
const HEADERS: [&str; 22] = [
    "ID",
    "Verwerking",
    "Aantal betrokkenen",
    "Aantal soorten persoonsgegevens",
    "Categorieën persoonsgegevens",
    "Vertrouwelijkheid",
    "Bijzondere persoonsgegevens",
    "Aantal subverwerkers",
    "Subverwerker met belangrijke rol",
    "Impact op betrokkene",
    "Gebruik AI/algoritmes",
    "Aantal systemen",
    "Aantal verwerkers",
    "Gekoppelde databases",
    "Aantal medewerkers met toegang",
    "Datamaskering en exportbeperking",
    "Externe toegang",
    "AP-lijst",
    "EDPB-criteria",
    "DPIA uitgevoerd",
    "Datum laatste beoordeling",
    "Eigenaar",
];

/// Column widths (Excel character units), in column order.
const WIDTHS: [f64; 22] = [
    9.0, 44.0, 18.0, 16.0, 60.0, 20.0, 30.0, 14.0, 16.0, 44.0, 42.0, 10.0, 10.0, 13.0, 16.0, 16.0,
    44.0, 28.0, 20.0, 15.0, 15.0, 26.0,
];

const TITLE: &str = "Verwerkingsregister Hogeschool Noorderpoort";
const SUBTITLE: &str =
    "Bijgewerkt door de privacy officer, peildatum 1-10-2026. Vul per verwerking één regel in.";

/// Zero-based sheet row of the header row (Excel row 4); data start one row below.
const HEADER_ROW: u32 = 3;

// Frequently used choice texts.
const IMP_H: &str = "Hoog – rechtsgevolgen of aanzienlijke impact";
const IMP_M: &str = "Midden – van belang, geen rechtsgevolgen";
const IMP_L: &str = "Laag – beperkt belang";
const AI_H: &str = "Hoog – kernonderdeel";
const AI_M: &str = "Midden – ondersteunend, geen kernonderdeel";
const AI_L: &str = "Laag – geen AI of algoritmes";
const EXT_H: &str = "Hoog – langdurig of permanent";
const EXT_M: &str = "Midden – regelmatig en gecontroleerd";
const EXT_L: &str = "Laag – alleen tijdelijk voor korte beheertaken";

/// The register. Cell notation: `#1500` is a numeric cell, `@31-05-2024` a real date cell,
/// anything else is a text cell (empty string = empty cell).
#[rustfmt::skip]
const ROWS: &[[&str; 22]] = &[
    ["VW-001", "Studentenadministratie (inschrijving en uitschrijving)", "#14500", "28",
     "NAW; geboortedatum; BSN; studentnummer; e-mailadres; vooropleiding; pasfoto; nationaliteit",
     "Vertrouwelijk", "nee", "#2", "ja", IMP_H, AI_L, "#4", "#2", "ja", "ca. 60", "deels", EXT_M,
     "", "5", "@14-06-2021", "@12-03-2025", "Onderwijsbureau"],
    ["VW-002", "Tentamenadministratie en cijferregistratie", "meer dan 12.000", "#12",
     "studentnummer, naam, cijfers, studiepunten, tentamenresultaten",
     "Vertrouwelijk", "nee", "#1", "nee", IMP_H, AI_L, "#3", "#1", "ja", "250", "ja", EXT_L,
     "", "1", "nee", "@03-09-2024", "Onderwijsbureau"],
    ["VW-003", "Online proctoring bij tentamens", "ca. 3.000", "#15",
     "naam; studentnummer; webcambeelden; schermopnames; toetsaanslagen; IP-adres; kopie identiteitsbewijs",
     "Strikt vertrouwelijk", "biometrie", "#4", "ja", IMP_H, AI_H, "#3", "#2", "ja", "max 40", "nee", EXT_H,
     "15; 17; observatie en beïnvloeding van gedrag", "1, 2, 3, 4, 8", "@15-04-2020", "@18-01-2021", "Onderwijsbureau"],
    ["VW-004", "Learning analytics dashboard", "> 10.000", "#18",
     "studentnummer; inloggegevens LMS; klikgedrag; inlevermomenten; cijfers; aanwezigheid",
     "Vertrouwelijk", "nee", "#2", "ja", IMP_M, AI_M, "#3", "#2", "ja", "ongeveer 300", "deels", EXT_M,
     "profilering; 15", "1; 3; 5; 6", "nee", "@01-11-2023", "Onderwijsbureau"],
    ["VW-005", "Studiebegeleiding en studieadvies (BSA)", "#3200", "tussen 10 en 20",
     "naam; studentnummer; studievoortgang; gespreksverslagen; persoonlijke omstandigheden",
     "Vertrouwelijk", "gezondheid", "#1", "nee", IMP_H, AI_L, "#2", "#1", "nee", "ca. 150", "nee", "Geen",
     "", "1, 9", "nee", "@20-05-2022", "Studentenzaken"],
    ["VW-006", "HR personeelsdossier", "ca. 2.100", "#25",
     "naam, adres, BSN, geboortedatum, kopie identiteitsbewijs, arbeidsovereenkomst, beoordelingen, IBAN",
     "Strikt vertrouwelijk", "nee", "#1", "ja", IMP_H, AI_L, "#2", "#1", "ja", "35", "ja", EXT_L,
     "", "", "@09-10-2019", "@15-02-2023", "HR"],
    ["VW-007", "Salarisadministratie", "#1850", "15",
     "naam, BSN, IBAN, salaris, loonheffing, pensioengegevens",
     "Strikt vertrouwelijk", "nee", "#3", "Ja", IMP_H, "laag", "#2", "#2", "ja", "#8", "ja", EXT_M,
     "", "", "ja", "@07-07-2024", "HR"],
    ["VW-008", "Ziekteverzuimregistratie met arbodienst", "ca. 400", "#9",
     "naam; personeelsnummer; ziekmeldingen; gezondheidsgegevens; ziekteverzuim; re-integratieplan",
     "Strikt vertrouwelijk", "gezondheid", "#3", "ja", IMP_H, AI_L, "#2", "#2", "Ja", "max 50", "deels", EXT_H,
     "7 gezondheidsgegevens", "4, 7", "nee", "@11-11-2020", "HR"],
    ["VW-009", "Werving en selectie", "ca. 2.500", "#14",
     "naam, e-mailadres, telefoonnummer, cv, motivatiebrief, referenties, assessmentresultaten",
     "Vertrouwelijk", "nee", "#2", "ja", IMP_M, AI_M, "#2", "#1", "nee", "tussen 20 en 40", "nee", EXT_L,
     "", "1", "Nee", "@30-06-2023", "HR"],
    ["VW-010", "VOG-controle nieuwe medewerkers en stagiairs", "#350", "#4",
     "naam; geboortedatum; VOG-verklaring",
     "Strikt vertrouwelijk", "strafrechtelijke gegevens (VOG)", "geen", "", IMP_M, "nee", "#1", "#0", "nee", "3", "x", "Geen",
     "", "4", "nee", "@22-08-2022", "HR"],
    ["VW-011", "Cameratoezicht campus", "meer dan 20.000", "#5",
     "camerabeelden; kenteken",
     "Vertrouwelijk", "nee", "#2", "ja", IMP_M, AI_L, "#2", "#1", "nee", "#6", "nee", EXT_H,
     "9 cameratoezicht", "3, 5", "@02-03-2022", "@02-03-2022", "Facilitair bedrijf"],
    ["VW-012", "Toegangspassen en gebouwbeveiliging", "ca. 16.000", "#7",
     "naam, pasnummer, pasfoto, toegangslogs, tijdstip van binnenkomst",
     "Intern", "nee", "#1", "nee", IMP_L, AI_L, "#2", "#1", "misschien", "12", "ja", EXT_M,
     "", "3", "nee", "@14-09-2023", "Facilitair bedrijf"],
    ["VW-013", "Nieuwsbrief alumni", "2k", "#3",
     "naam, e-mailadres, afstudeerjaar",
     "Intern", "nee", "#1", "nee", IMP_L, "nee", "#1", "#1", "nee", "#2", "", "Geen",
     "", "", "", "@05-04-2025", "Marketing & Communicatie"],
    ["VW-014", "Evenementenregistratie open dagen en voorlichting", "1.500", "",
     "naam; e-mailadres; telefoonnummer; gewenste opleiding; dieetwensen",
     "Intern", "nee", "#1", "nee", IMP_L, AI_L, "#1", "#1", "nee", "4", "nee", "Geen",
     "", "", "nee", "@18-09-2024", "Marketing & Communicatie"],
    ["VW-015", "Fraudedetectie tentamens en diploma's (risicoprofielen)", "ca. 14.000", "#16",
     "studentnummer; tentamenresultaten; inloggedrag; IP-adres; plagiaatscores; eerdere fraudemeldingen",
     "Geheim", "nee", "#2", "ja", IMP_H, AI_H, "#4", "#2", "ja", "8", "nee", EXT_M,
     "3 fraudebestrijding; profilering", "1, 2, 6, 9", "", "", "Examencommissie"],
    ["VW-016", "Plagiaatcontrole werkstukken en scripties", "> 1000", "#6",
     "naam, studentnummer, ingeleverde werkstukken",
     "Vertrouwelijk", "nee", "#2", "ja", IMP_M, AI_M, "#2", "#1", "ja", "ca. 500", "deels", EXT_M,
     "", "1; 5", "@12-12-2019", "@12-12-2019", "Onderwijsbureau"],
    ["VW-017", "Klachten- en bezwaarafhandeling", "ongeveer 300", "#10",
     "naam; studentnummer; e-mailadres; klachtomschrijving; correspondentie; beslissing",
     "Vertrouwelijk", "nee", "#1", "nee", IMP_H, AI_L, "#1", "#1", "nee", "6", "ja", "Geen",
     "", "", "nee", "@10-01-2024", "Juridische zaken"],
    ["VW-018", "Bibliotheekuitleen", "ca. 9.000", "#5",
     "naam, studentnummer, e-mailadres, geleende items, boetes",
     "Intern", "nee", "#1", "nee", IMP_L, AI_L, "#1", "#1", "nee", "15", "ja", EXT_L,
     "", "", "", "31-02-2024", "Bibliotheek"],
    ["VW-019", "Wifi-netwerklogging (eduroam)", "meer dan 20.000", "#6",
     "gebruikersnaam; MAC-adres; IP-adres; locatie accesspoint; tijdstempels",
     "Vertrouwelijk", "nee", "geen", "", IMP_L, "nee", "#3", "#0", "ja", "max 10", "nee", "Geen",
     "12 locatiegegevens", "3; 5", "nee", "@06-02-2024", "IT-services"],
    ["VW-020", "E-mail en samenwerkingsomgeving (cloud)", "#17500", "meer dan 30",
     "naam; e-mailadres; berichten; bestanden; agenda; metadata; inloggegevens",
     "Vertrouwelijk", "Ja", "#6", "ja", IMP_M, AI_M, "#5", "#1", "ja", "veel", "ja", EXT_H,
     "13 communicatiegegevens", "5", "@01-07-2022", "@19-03-2026", "IT-services"],
    ["VW-021", "Onderzoeksdata met proefpersonen\n(lectoraat Zorg en Welzijn)", "100-1000", "tussen 10 en 20",
     "naam; geboortedatum; vragenlijstantwoorden; interviewopnames; gezondheidsgegevens",
     "Strikt vertrouwelijk", "gezondheid", "#1", "ja", IMP_M, AI_L, "#2", "#1", "nee", "5", "ja", "Geen",
     "7", "4; 7", "ja", "@08-10-2025", "Lectoraat Zorg en Welzijn"],
    ["VW-022", "Stagebemiddeling", "zie bijlage", "#9",
     "naam, studentnummer, cv, opleiding, contactgegevens stagebedrijf, beoordeling stagebegeleider",
     "Intern", "nee", "#1", "nee", IMP_M, AI_L, "#2", "#2", "nee", "ongeveer 120", "nee", EXT_M,
     "", "1", "nee", "@15-03-2021", "Onderwijsbureau"],
    ["VW-023", "Internationale uitwisseling (Erasmus+)", "ca. 600", "#14",
     "NAW; paspoortgegevens; nationaliteit; studieresultaten; IBAN voor de beurs",
     "Vertrouwelijk", "nee", "#2", "nee", "Midden", AI_L, "#3", "#3", "nee", "#6", "deels", EXT_M,
     "", "", "nee", "@04-04-2024", "Internationaal Bureau"],
    ["VW-024", "Studentenwelzijn en studentpsycholoog", "ca. 900", "12",
     "naam; studentnummer; intakeformulier; gespreksnotities; psychische klachten; medicatie",
     "Geheim", "gezondheid", "#1", "ja", IMP_H, AI_L, "#1", "#1", "nee", "#4", "ja", EXT_L,
     "gezondheidsgegevens", "4, 7", "@17-05-2023", "@17-05-2023", "Studentenzaken"],
    ["VW-025", "Decanaat: studeren met een functiebeperking", "ca. 1.100", "#11",
     "naam; studentnummer; diagnose; medische verklaring; toegekende voorzieningen",
     "Strikt vertrouwelijk", "gezondheid, handicap", "#1", "nee", IMP_H, "nee", "#2", "#1", "ja", "ca. 25", "deels", "Geen",
     "7", "kwetsbare betrokkenen; 4", "ja", "@29-11-2022", "Studentenzaken"],
    ["VW-026", "Alumni-enquête", "ca. 5.000", "#8",
     "naam, e-mailadres, afstudeerjaar, opleiding, huidige functie, salarisindicatie",
     "Intern", "nee", "#1", "nee", "laag", AI_L, "#1", "#1", "nee", "#3", "ja", "Geen",
     "", "", "nee", "@12-06-2025", "Marketing & Communicatie"],
    ["VW-027", "Website-analytics", "1,5 miljoen", "3",
     "IP-adres (ingekort); cookie-ID; bezochte pagina's",
     "Openbaar", "nee", "#1", "nee", IMP_L, AI_L, "#1", "#1", "nee", "4", "ja", "Geen",
     "", "", "nee", "@03-02-2025", "Marketing & Communicatie"],
    ["VW-028", "Chatbot \"Noor\" voor studentvragen (AI)", "> 1000", "#6",
     "naam, studentnummer, chatberichten, vraagcategorie",
     "Vertrouwelijk", "nee", "#3", "ja", "Midden", AI_H, "#2", "#2", "ja", "#5", "deels", EXT_H,
     "", "8", "nee", "@21-08-2025", "Studentenzaken"],
    ["VW-029", "Roosterplanning", "ca. 15.000", "#5",
     "naam; studentnummer; personeelsnummer; groepsindeling; lokaal",
     "Intern", "nee", "#-3", "nee", IMP_L, AI_L, "#2", "#1", "ja", "40", "nee", EXT_L,
     "", "", "", "@14-02-2025", "Onderwijsbureau"],
    ["VW-030", "Parkeerbeheer met kentekenherkenning", "ca. 3.500", "",
     "kenteken; camerabeelden; parkeertijden; naam (vergunninghouders)",
     "Vertrouwelijk", "nee", "#2", "ja", IMP_L, AI_M, "#2", "#1", "ja", "6", "nee", EXT_H,
     "9; 12", "3", "nee", "@16-10-2023", "Facilitair bedrijf"],
    ["VW-031", "Inning collegegeld en machtigingen", "#13800", "8",
     "naam, studentnummer, IBAN, bedrag collegegeld in €, betaalachterstand",
     "Vertrouwelijk", "nee", "#1", "nee", IMP_H, AI_L, "#2", "#1", "ja", "20", "ja", "Geen",
     "#20", "9", "nee", "@02-09-2022", "Financiën"],
    ["VW-032", "Declaraties en onkostenvergoedingen medewerkers", "ongeveer 800", "#6",
     "naam, personeelsnummer, IBAN, bonnetjes, bedragen",
     "Intern", "nee", "#1", "nee", "laag", "nee", "#1", "#1", "nee", "#4", "ja", "Geen",
     "", "", "nee", "@11-04-2024", "Financiën"],
    ["VW-033", "Mobiele telefonie en apparaatbeheer (MDM)", "ca. 1.200", "#7",
     "naam; telefoonnummer; belgegevens; toestel-ID; locatie bij verlies",
     "Vertrouwelijk", "nee", "#2", "ja", "Midden", AI_L, "#2", "#2", "nee", "#5", "deels", EXT_M,
     "11; 12", "3", "nee", "@09-09-2021", "IT-services"],
    ["VW-034", "Loopbaancoaching één-op-één voor medewerkers", "max 50", "#5",
     "naam; functie; gespreksverslagen",
     "Vertrouwelijk", "nee", "#1", "nee", IMP_L, AI_L, "#1", "#1", "nee", "#2", "ja", "Geen",
     "", "", "nee", "@01-03-2026", "HR"],
    ["VW-035", "Aanwezigheidsregistratie colleges en practica", "ca. 6.000", "#4",
     "naam; studentnummer; aanwezigheid; tijdstip inchecken",
     "Intern", "nee", "#1", "nee", IMP_M, AI_L, "#2", "#1", "ja", "ca. 200", "", EXT_L,
     "", "3", "", "", "Onderwijsbureau"],
];

/// Free text for the `Toelichting` sheet.
const NOTES: &[&str] = &[
    "Toelichting bij het verwerkingsregister",
    "",
    "Dit register beschrijft alle verwerkingen van persoonsgegevens van Hogeschool Noorderpoort (art. 30 AVG).",
    "Aantallen mogen als getal of als schatting worden ingevuld, bijvoorbeeld \"ca. 500\" of \"> 1000\".",
    "AP-lijst: nummer (1–17) van de categorie op de lijst van de Autoriteit Persoonsgegevens waarvoor een DPIA verplicht is.",
    "EDPB-criteria: nummers (1–9) van de criteria uit de richtlijnen WP248.",
    "Vragen? Neem contact op met de privacy officer (privacy@noorderpoort.example).",
    "Dit is fictieve voorbeelddata; de hogeschool bestaat niet.",
];

/// One cell of the table.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date { year: u16, month: u8, day: u8 },
}

impl Cell {
    /// Parses the cell notation used in [`ROWS`].
    fn parse(raw: &str) -> Result<Cell, Box<dyn Error>> {
        if raw.is_empty() {
            Ok(Cell::Empty)
        } else if let Some(num) = raw.strip_prefix('#') {
            Ok(Cell::Number(num.parse()?))
        } else if let Some(date) = raw.strip_prefix('@') {
            let parts: Vec<&str> = date.split('-').collect();
            if parts.len() != 3 {
                return Err(format!("bad date notation {raw:?}").into());
            }
            Ok(Cell::Date {
                day: parts[0].parse()?,
                month: parts[1].parse()?,
                year: parts[2].parse()?,
            })
        } else {
            Ok(Cell::Text(raw.to_string()))
        }
    }

    /// The text Excel shows for the cell, which is what its CSV export writes.
    fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string().replace('.', ","),
            Cell::Date { year, month, day } => format!("{day:02}-{month:02}-{year:04}"),
        }
    }
}

/// Parses [`ROWS`] into cells.
fn table() -> Result<Vec<Vec<Cell>>, Box<dyn Error>> {
    ROWS.iter()
        .map(|row| row.iter().map(|raw| Cell::parse(raw)).collect())
        .collect()
}

/// Quotes a CSV field the way Excel does: only when it contains the delimiter, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Builds the CSV text (header and data rows, CRLF line endings) and encodes it as Windows-1252.
fn csv_bytes(rows: &[Vec<Cell>]) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut text = String::new();
    let header: Vec<String> = HEADERS.iter().map(|h| csv_field(h)).collect();
    text.push_str(&header.join(";"));
    text.push_str("\r\n");
    for row in rows {
        let fields: Vec<String> = row.iter().map(|c| csv_field(&c.display())).collect();
        text.push_str(&fields.join(";"));
        text.push_str("\r\n");
    }
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(&text);
    if had_errors {
        return Err("text contains characters that Windows-1252 cannot encode".into());
    }
    Ok(bytes.into_owned())
}

/// Writes one data cell into the worksheet.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    date_format: &Format,
    wrap_format: &Format,
) -> Result<(), Box<dyn Error>> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) if text.contains('\n') => {
            sheet.write_string_with_format(row, col, text, wrap_format)?;
        }
        Cell::Text(text) => {
            sheet.write_string(row, col, text)?;
        }
        Cell::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Cell::Date { year, month, day } => {
            let date = ExcelDateTime::from_ymd(*year, *month, *day)?;
            sheet.write_datetime_with_format(row, col, &date, date_format)?;
        }
    }
    Ok(())
}

/// Builds the workbook with the `Register` and `Toelichting` sheets.
fn workbook(rows: &[Vec<Cell>]) -> Result<Workbook, Box<dyn Error>> {
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the output reproducible.
    let created = ExcelDateTime::from_ymd(2026, 10, 1)?;
    let properties = DocProperties::new()
        .set_title(TITLE)
        .set_author("Privacy officer Hogeschool Noorderpoort")
        .set_company("Hogeschool Noorderpoort")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    let title_format = Format::new().set_bold().set_font_size(14);
    let subtitle_format = Format::new().set_italic();
    let header_format = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#DDEBF7");
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    let wrap_format = Format::new().set_text_wrap();

    let sheet = workbook.add_worksheet();
    sheet.set_name("Register")?;
    sheet.write_string_with_format(0, 0, TITLE, &title_format)?;
    sheet.set_row_height(0, 21)?;
    sheet.write_string_with_format(1, 0, SUBTITLE, &subtitle_format)?;
    for (col, (header, width)) in HEADERS.iter().zip(WIDTHS).enumerate() {
        let col = u16::try_from(col)?;
        sheet.write_string_with_format(HEADER_ROW, col, *header, &header_format)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_row_height(HEADER_ROW, 32)?;
    for (i, row) in rows.iter().enumerate() {
        let sheet_row = HEADER_ROW + 1 + u32::try_from(i)?;
        for (col, cell) in row.iter().enumerate() {
            write_cell(
                sheet,
                sheet_row,
                u16::try_from(col)?,
                cell,
                &date_format,
                &wrap_format,
            )?;
        }
    }
    let last_row = HEADER_ROW + u32::try_from(rows.len())?;
    let last_col = u16::try_from(HEADERS.len() - 1)?;
    sheet.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;

    let notes = workbook.add_worksheet();
    notes.set_name("Toelichting")?;
    notes.set_column_width(0, 110)?;
    for (i, line) in NOTES.iter().enumerate() {
        let row = u32::try_from(i)?;
        if i == 0 {
            notes.write_string_with_format(row, 0, *line, &title_format)?;
        } else if !line.is_empty() {
            notes.write_string(row, 0, *line)?;
        }
    }
    Ok(workbook)
}

fn main() -> Result<(), Box<dyn Error>> {
    let out_dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "samples".into()),
    );
    fs::create_dir_all(&out_dir)?;
    let rows = table()?;

    let xlsx_path = out_dir.join("verwerkingsregister.xlsx");
    workbook(&rows)?.save(&xlsx_path)?;

    let csv_path = out_dir.join("verwerkingsregister.csv");
    fs::write(&csv_path, csv_bytes(&rows)?)?;

    println!(
        "wrote {} and {} ({} activities)",
        xlsx_path.display(),
        csv_path.display(),
        rows.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("naam, BSN"), "naam, BSN");
        assert_eq!(csv_field("naam; BSN"), "\"naam; BSN\"");
        assert_eq!(csv_field("Chatbot \"Noor\""), "\"Chatbot \"\"Noor\"\"\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    }

    #[test]
    fn cells_display_like_excel() {
        assert_eq!(Cell::parse("#1500").unwrap().display(), "1500");
        assert_eq!(Cell::parse("@31-05-2024").unwrap().display(), "31-05-2024");
        assert_eq!(Cell::parse("1.500").unwrap().display(), "1.500");
        assert_eq!(Cell::parse("").unwrap(), Cell::Empty);
    }

    #[test]
    fn csv_is_cp1252_with_crlf() {
        let bytes = csv_bytes(&table().unwrap()).unwrap();
        // "Categorieën" has ë = 0xEB; the en dash is 0x96.
        assert!(bytes.windows(2).any(|w| w == [b'i', 0xEB]));
        assert!(bytes.contains(&0x96));
        assert!(bytes.ends_with(b"\r\n"));
        assert!(std::str::from_utf8(&bytes).is_err());
    }

    #[test]
    fn ids_are_unique_and_sequential() {
        for (i, row) in ROWS.iter().enumerate() {
            assert_eq!(row[0], format!("VW-{:03}", i + 1));
        }
        assert!(ROWS.len() >= 30);
    }
}
