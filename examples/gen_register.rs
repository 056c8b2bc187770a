//! Generates a processing register of N activities for the benchmark (issue 7, BENCHMARKS.md#against-the-goals).
//!
//! One sheet `Register` with every Dutch header of docs/register.md#fields (the texts of the template) and a
//! realistic, deterministic mix of values: counts as numbers and as the text forms people type
//! (`1.500`, `ca. 500`, `> 1000`, `100-1000`, ...), sensitivity labels, category lists of varying
//! length with special and sensitive terms, yes/no, the dropdown texts of the rubric's choices,
//! AP/EDPB items on a minority of rows, real date cells, some empty optional fields, and about one
//! bad value in 500 rows so that data-quality findings occur.
//!
//! Written with rust_xlsxwriter in constant-memory mode (one row in memory), so 1,048,575 rows need
//! a few MB. The same ROWS and seed give the same bytes: the PRNG is a seeded xorshift and the
//! workbook's creation time is fixed.
//!
//! Run: `cargo run --release --example gen_register -- ROWS OUT.xlsx [--seed N]`

use std::error::Error;
use std::fmt::Write as _;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// Excel's last data row below a header row.
const MAX_ROWS: u32 = 1_048_575;
const DEFAULT_SEED: u64 = 2026;
const USAGE: &str = "usage: gen_register ROWS OUT.xlsx [--seed N]";

/// The Dutch headers of docs/register.md#fields in field order, copied from `src/output/template.rs`
/// (`header(field, Lang::Nl)`); copied rather than imported so the benchmark does not depend on
/// the crate's internals.
const HEADERS: [&str; 23] = [
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
    "Risico van blootstelling",
    "Gebruik AI/algoritmes",
    "Complexiteit",
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
];

// Column indexes, in the order of HEADERS.
const C_ID: u16 = 0;
const C_NAME: u16 = 1;
const C_SUBJECTS: u16 = 2;
const C_TYPES: u16 = 3;
const C_CATEGORIES: u16 = 4;
const C_SENSITIVITY: u16 = 5;
const C_SPECIAL: u16 = 6;
const C_SUBPROCESSORS: u16 = 7;
const C_KEY_ROLE: u16 = 8;
const C_IMPACT: u16 = 9;
const C_EXPOSURE: u16 = 10;
const C_AI: u16 = 11;
const C_COMPLEXITY: u16 = 12;
const C_SYSTEMS: u16 = 13;
const C_PROCESSORS: u16 = 14;
const C_LINKED: u16 = 15;
const C_STAFF: u16 = 16;
const C_MASKING: u16 = 17;
const C_EXTERNAL: u16 = 18;
const C_AP: u16 = 19;
const C_EDPB: u16 = 20;
const C_DPIA: u16 = 21;
const C_REVIEW: u16 = 22;

/// xorshift64* (Vigna): small, fast, deterministic; no crate needed for benchmark data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix-style scramble so that small seeds give unrelated streams; never zero.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n small: modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        (self.next() >> 11) % n
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A count spread over orders of magnitude: `10^k ..< 10^(k+1)` with k drawn from `weights`
    /// (weights[k] out of their sum), so small and medium numbers dominate and some are huge.
    fn count(&mut self, weights: &[u64]) -> u64 {
        let mut roll = self.below(weights.iter().sum());
        let mut exp = 0;
        for (k, w) in weights.iter().enumerate() {
            if roll < *w {
                exp = k as u32;
                break;
            }
            roll -= w;
        }
        let base = 10u64.pow(exp);
        base + self.below(base * 9)
    }
}

const NAMES: [&str; 20] = [
    "Studentenadministratie",
    "Tentamenregistratie",
    "Online proctoring",
    "Learning analytics",
    "Personeelsdossier",
    "Salarisadministratie",
    "Ziekteverzuimregistratie",
    "Cameratoezicht",
    "Nieuwsbrief",
    "Roosterplanning",
    "Fraudedetectie",
    "Bibliotheekuitleen",
    "Toegangspassen",
    "Alumnirelaties",
    "Klachtenafhandeling",
    "Studiebegeleiding",
    "Inschrijving evenementen",
    "Werving en selectie",
    "Onderzoeksdata cohortstudie",
    "Wifi-netwerklogging",
];
const UNITS: [&str; 8] = [
    "Faculteit Geneeskunde",
    "Faculteit Rechten",
    "Faculteit Bètawetenschappen",
    "HR",
    "Financiën",
    "ICT-dienst",
    "Communicatie",
    "Bestuursbureau",
];
/// Ordinary category terms (no lexicon hit).
const PLAIN: [&str; 16] = [
    "naam",
    "e-mailadres",
    "adres",
    "telefoonnummer",
    "geboortedatum",
    "studentnummer",
    "personeelsnummer",
    "cijfers",
    "functie",
    "nationaliteit",
    "foto",
    "kenteken",
    "camerabeelden",
    "IP-adres",
    "rooster",
    "opleiding",
];
/// Terms of the sensitive lexicon (medium).
const SENSITIVE: [&str; 10] = [
    "BSN",
    "IBAN",
    "salaris",
    "bankrekeningnummer",
    "locatiegegevens",
    "paspoortkopie",
    "inloggegevens",
    "inkomen",
    "schulden",
    "gegevens van kinderen",
];
/// Terms of the special lexicon (high).
const SPECIAL: [&str; 10] = [
    "gezondheidsgegevens",
    "ziekteverzuim",
    "religie",
    "vingerafdruk",
    "strafblad",
    "etnische afkomst",
    "vakbondslidmaatschap",
    "medische gegevens",
    "VOG",
    "biometrische gegevens",
];
const SEPARATORS: [&str; 4] = ["; ", ", ", "; ", " / "];
const LABELS: [&str; 10] = [
    "Openbaar",
    "Intern",
    "Intern",
    "Intern",
    "Intern",
    "Vertrouwelijk",
    "Vertrouwelijk",
    "Vertrouwelijk",
    "Strikt vertrouwelijk",
    "midden",
];
/// Choice dropdown texts of templates/rubric.toml, plus the short forms people type.
const IMPACT: [&str; 5] = [
    "Hoog – rechtsgevolgen of aanzienlijke impact",
    "Midden – van belang, geen rechtsgevolgen",
    "Midden – van belang, geen rechtsgevolgen",
    "Laag – beperkt belang",
    "midden",
];
const AI: [&str; 8] = [
    "Laag – geen AI of algoritmes",
    "nee",
    "Hoog – kernonderdeel",
    "Midden – ondersteunend, geen kernonderdeel",
    "Laag – geen AI of algoritmes",
    "Laag – geen AI of algoritmes",
    "nee",
    "geen",
];
const EXTERNAL: [&str; 6] = [
    "Hoog – langdurig of permanent",
    "Geen",
    "Midden – regelmatig en gecontroleerd",
    "Laag – alleen tijdelijk voor korte beheertaken",
    "Geen",
    "Geen",
];
const LEVEL_WORDS: [&str; 6] = ["Hoog", "Midden", "Laag", "hoog", "laag", "m"];
const YES_NO: [&str; 6] = ["ja", "nee", "nee", "Ja", "Nee", "x"];
const MASKING: [&str; 4] = ["ja", "nee", "deels", "nee"];
/// Count text forms of docs/register.md#values.
const SUBJECT_TEXTS: [&str; 14] = [
    "1.500",
    "1 500",
    "ca. 500",
    "circa 2.000",
    "ongeveer 300",
    "> 1000",
    "meer dan 1000",
    "< 100",
    "max 50",
    "100-1000",
    "100 – 1.000",
    "tussen 10 en 20",
    "2k",
    "1,5 miljoen",
];
/// Orders of magnitude of the number of data subjects: 1–9, 10–99, ..., 100,000–999,999.
const SUBJECT_SPREAD: [u64; 6] = [5, 15, 35, 25, 15, 5];
const STAFF_TEXTS: [&str; 5] = ["ca. 20", "> 50", "max 5", "meer dan 100", "3-5"];
const AP_ITEMS: [&str; 8] = [
    "9 cameratoezicht",
    "15",
    "7",
    "profilering",
    "11; 12",
    "gezondheidsgegevens",
    "3 fraudebestrijding",
    "17",
];
const EDPB_ITEMS: [&str; 7] = [
    "5",
    "1, 5",
    "grootschalig",
    "3; 7",
    "kwetsbare betrokkenen",
    "4",
    "1; 2; 5",
];
/// Bad values (about one row in 500 gets one), each in the column it is wrong for.
const BAD: [(u16, &str); 8] = [
    (C_SUBJECTS, "veel"),
    (C_SUBJECTS, "-40"),
    (C_TYPES, "10 of 20"),
    (C_STAFF, "onbekend aantal"),
    (C_LINKED, "misschien"),
    (C_AP, "99"),
    (C_REVIEW, "31-02-2024"),
    (C_SENSITIVITY, "topgeheim?"),
];

/// Excel serial of 1 January 2019; review dates fall in 2019–2026.
const DAY0: f64 = 43_466.0;

struct Writer<'a> {
    ws: &'a mut Worksheet,
    date: Format,
    row: u32,
}

impl Writer<'_> {
    fn text(&mut self, col: u16, s: &str) -> Result<(), Box<dyn Error>> {
        if !s.is_empty() {
            self.ws.write_string(self.row, col, s)?;
        }
        Ok(())
    }

    fn number(&mut self, col: u16, x: f64) -> Result<(), Box<dyn Error>> {
        self.ws.write_number(self.row, col, x)?;
        Ok(())
    }

    fn date(&mut self, col: u16, serial: f64) -> Result<(), Box<dyn Error>> {
        self.ws
            .write_number_with_format(self.row, col, serial, &self.date)?;
        Ok(())
    }
}

fn parse_args() -> Result<(u32, String, u64), Box<dyn Error>> {
    let mut positional = Vec::new();
    let mut seed = DEFAULT_SEED;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--seed" {
            seed = args
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or("--seed needs a whole number")?;
        } else if let Some(s) = a.strip_prefix("--seed=") {
            seed = s.parse().map_err(|_| "--seed needs a whole number")?;
        } else if a == "-h" || a == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        } else {
            positional.push(a);
        }
    }
    let [rows, out] = <[String; 2]>::try_from(positional).map_err(|_| USAGE)?;
    let rows: u32 = rows.replace('_', "").parse().map_err(|_| USAGE)?;
    if rows > MAX_ROWS {
        return Err(format!("at most {MAX_ROWS} data rows fit on a sheet").into());
    }
    Ok((rows, out, seed))
}

fn main() -> Result<(), Box<dyn Error>> {
    let (rows, out, seed) = parse_args()?;
    let mut rng = Rng::new(seed);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("Verwerkingsregister (benchmark)")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    // GEN_SHARED_STRINGS=1: texts in the shared-string table, as Excel saves them.
    let ws = if std::env::var_os("GEN_SHARED_STRINGS").is_some() {
        wb.add_worksheet_with_low_memory()
    } else {
        wb.add_worksheet_with_constant_memory()
    }?;
    ws.set_name("Register")?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut w = Writer {
        ws,
        date: Format::new().set_num_format("dd-mm-yyyy"),
        row: 0,
    };
    let mut buf = String::with_capacity(256);
    let mut categories: Vec<&str> = Vec::with_capacity(8);

    for r in 1..=rows {
        w.row = r;
        // One bad value in about 500 rows, in one of several columns.
        let bad = rng.chance(1, 500).then(|| rng.pick(&BAD));
        let bad_in = |col: u16| bad.filter(|(c, _)| *c == col).map(|(_, v)| v);

        buf.clear();
        write!(buf, "VW-{r:07}")?;
        w.text(C_ID, &buf)?;
        buf.clear();
        write!(buf, "{} – {}", rng.pick(&NAMES), rng.pick(&UNITS))?;
        w.text(C_NAME, &buf)?;

        // Data subjects: a number in 2 of 5 rows, a typed text form otherwise.
        if let Some(v) = bad_in(C_SUBJECTS) {
            w.text(C_SUBJECTS, v)?;
        } else if rng.chance(2, 5) {
            w.number(C_SUBJECTS, rng.count(&SUBJECT_SPREAD) as f64)?;
        } else if rng.chance(1, 2) {
            w.text(C_SUBJECTS, rng.pick(&SUBJECT_TEXTS))?;
        } else {
            // A formatted number as text: "12.345" (Dutch thousands separator) or plain.
            let n = rng.count(&SUBJECT_SPREAD);
            buf.clear();
            if n >= 1000 && rng.chance(1, 2) {
                write!(buf, "{}.{:03}", n / 1000, n % 1000)?;
            } else {
                write!(buf, "{n}")?;
            }
            w.text(C_SUBJECTS, &buf)?;
        }

        // Category list: 1–6 items, some with lexicon terms.
        categories.clear();
        for _ in 0..=rng.below(5) {
            categories.push(match rng.below(100) {
                0..=83 => rng.pick(&PLAIN),
                84..=95 => rng.pick(&SENSITIVE),
                _ => rng.pick(&SPECIAL),
            });
        }
        let sep = rng.pick(&SEPARATORS);
        buf.clear();
        for (i, c) in categories.iter().enumerate() {
            if i > 0 {
                buf.push_str(sep);
            }
            buf.push_str(c);
        }
        w.text(C_CATEGORIES, &buf)?;

        // Data types: usually a number, sometimes a text, sometimes empty (the list counts).
        if let Some(v) = bad_in(C_TYPES) {
            w.text(C_TYPES, v)?;
        } else {
            match rng.below(10) {
                0..=4 => w.number(C_TYPES, (rng.below(12) + 1) as f64)?,
                5 | 6 => w.number(C_TYPES, (rng.below(40) + 1) as f64)?,
                7 => w.text(C_TYPES, rng.pick(&["ca. 15", "> 25", "5-10", "12"]))?,
                _ => {}
            }
        }

        match bad_in(C_SENSITIVITY) {
            Some(v) => w.text(C_SENSITIVITY, v)?,
            None if rng.chance(9, 10) => w.text(C_SENSITIVITY, rng.pick(&LABELS))?,
            None => {}
        }
        let special = match rng.below(40) {
            0..=27 => "nee",
            28 | 29 => "ja",
            30 => "gezondheid",
            31 => "strafrechtelijke gegevens; religie",
            _ => "",
        };
        w.text(C_SPECIAL, special)?;

        // Sub-processors, mostly 0–2, with key role yes/no/empty; rarely a word.
        if rng.chance(1, 40) {
            w.text(C_SUBPROCESSORS, "geen")?;
        } else {
            w.number(
                C_SUBPROCESSORS,
                rng.pick(&[0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 6]) as f64,
            )?;
        }
        w.text(
            C_KEY_ROLE,
            rng.pick(&[
                "ja", "nee", "nee", "nee", "ja", "nee", "nee", "nee", "nee", "",
            ]),
        )?;

        w.text(C_IMPACT, rng.pick(&IMPACT))?;
        // Exposure and complexity: usually derived (empty), sometimes given.
        if rng.chance(1, 8) {
            w.text(C_EXPOSURE, rng.pick(&LEVEL_WORDS))?;
        }
        w.text(C_AI, rng.pick(&AI))?;
        if rng.chance(1, 10) {
            w.text(C_COMPLEXITY, rng.pick(&LEVEL_WORDS))?;
        }
        if rng.chance(9, 10) {
            w.number(C_SYSTEMS, (rng.below(6) + 1) as f64)?;
        }
        if rng.chance(9, 10) {
            w.number(
                C_PROCESSORS,
                rng.pick(&[0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 5]) as f64,
            )?;
        }
        match bad_in(C_LINKED) {
            Some(v) => w.text(C_LINKED, v)?,
            None => w.text(C_LINKED, rng.pick(&YES_NO))?,
        }

        if let Some(v) = bad_in(C_STAFF) {
            w.text(C_STAFF, v)?;
        } else if rng.chance(4, 5) {
            w.number(
                C_STAFF,
                rng.pick(&[1, 2, 2, 3, 4, 5, 5, 8, 12, 25, 60, 400]) as f64,
            )?;
        } else {
            w.text(C_STAFF, rng.pick(&STAFF_TEXTS))?;
        }
        w.text(C_MASKING, rng.pick(&MASKING))?;
        w.text(C_EXTERNAL, rng.pick(&EXTERNAL))?;

        match bad_in(C_AP) {
            Some(v) => w.text(C_AP, v)?,
            None if rng.chance(1, 10) => w.text(C_AP, rng.pick(&AP_ITEMS))?,
            None => {}
        }
        if rng.chance(1, 6) {
            w.text(C_EDPB, rng.pick(&EDPB_ITEMS))?;
        }

        // DPIA done: yes/no, a date, or empty.
        match rng.below(6) {
            0 => w.date(C_DPIA, DAY0 + rng.below(2_800) as f64)?,
            1 => w.text(C_DPIA, "ja")?,
            2 | 3 => w.text(C_DPIA, "nee")?,
            _ => {}
        }
        match bad_in(C_REVIEW) {
            Some(v) => w.text(C_REVIEW, v)?,
            None if rng.chance(19, 20) => w.date(C_REVIEW, DAY0 + rng.below(2_800) as f64)?,
            None => {}
        }
    }
    wb.save(&out)?;
    eprintln!("wrote {out} ({rows} rows, seed {seed})");
    Ok(())
}
