//! Generates a processing register of N activities for the benchmark (issue 7): every Dutch
//! header of SPEC §3.2 and a realistic, deterministic mix of values — counts as numbers and as
//! the text forms people type, labels, category lists with special and sensitive terms, dropdown
//! texts, AP/EDPB items on a minority of rows, real dates, and about one bad value in 500 rows so
//! that findings occur. Written with rust_xlsxwriter in constant-memory mode, so 1,048,575 rows
//! need little memory; the same N and seed give the same bytes.
//!
//! Run: `cargo run --release --example gen_register -- ROWS OUT.xlsx [SEED]`

use std::error::Error;

use dpia_triage::fields::Field;
use dpia_triage::lang::Lang;
use dpia_triage::output::template::header;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// xorshift64*: small, fast, deterministic; no crate needed for benchmark data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }
}

const NAMES: [&str; 12] = [
    "Studentenadministratie",
    "Tentamenregistratie",
    "Online proctoring",
    "Learning analytics",
    "Personeelsdossier",
    "Salarisadministratie",
    "Ziekteverzuim",
    "Cameratoezicht",
    "Nieuwsbrief",
    "Roosterplanning",
    "Fraudedetectie",
    "Bibliotheekuitleen",
];
const CATEGORIES: [&str; 8] = [
    "naam; e-mailadres; studentnummer",
    "NAW; BSN; IBAN; salaris",
    "naam; gezondheidsgegevens; ziekteverzuim",
    "camerabeelden; kenteken",
    "naam, adres, geboortedatum, cijfers",
    "naam; locatiegegevens",
    "e-mailadres",
    "naam; religie; nationaliteit",
];
const LABELS: [&str; 5] = [
    "Openbaar",
    "Intern",
    "Vertrouwelijk",
    "Strikt vertrouwelijk",
    "Geheim",
];
const IMPACT: [&str; 4] = [
    "Hoog – rechtsgevolgen of aanzienlijke impact",
    "Midden – van belang, geen rechtsgevolgen",
    "Laag – beperkt belang",
    "midden",
];
const AI: [&str; 4] = [
    "Hoog – kernonderdeel",
    "Midden – ondersteunend, geen kernonderdeel",
    "Laag – geen AI of algoritmes",
    "nee",
];
const EXTERNAL: [&str; 4] = [
    "Hoog – langdurig of permanent",
    "Midden – regelmatig en gecontroleerd",
    "Laag – alleen tijdelijk voor korte beheertaken",
    "Geen",
];
const COUNT_TEXTS: [&str; 8] = [
    "1.500",
    "ca. 500",
    "> 1000",
    "100-1000",
    "tussen 10 en 20",
    "max 50",
    "2k",
    "ongeveer 300",
];

enum Cell {
    Text(&'static str),
    Owned(String),
    Number(f64),
    Date(f64),
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let rows: u32 = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .ok_or("usage: gen_register ROWS OUT.xlsx [SEED]")?;
    let out = args
        .get(2)
        .ok_or("usage: gen_register ROWS OUT.xlsx [SEED]")?;
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(2026);
    if rows > 1_048_575 {
        return Err("at most 1,048,575 rows fit on a sheet".into());
    }
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Register")?;
    for (c, f) in Field::ALL.iter().enumerate() {
        ws.write_string(0, c as u16, header(*f, Lang::Nl))?;
    }
    let mut cells: Vec<Cell> = Vec::with_capacity(Field::ALL.len());
    for r in 1..=rows {
        let bad = rng.below(500) == 0;
        cells.clear();
        cells.push(Cell::Owned(format!("VW-{r:07}")));
        cells.push(Cell::Text(rng.pick(&NAMES)));
        // Data subjects: numbers and text forms; a bad value now and then.
        cells.push(if bad {
            Cell::Text("veel")
        } else if rng.below(3) == 0 {
            Cell::Number((rng.below(20_000) + 1) as f64)
        } else {
            Cell::Text(rng.pick(&COUNT_TEXTS))
        });
        cells.push(Cell::Number((rng.below(40) + 1) as f64));
        cells.push(Cell::Text(rng.pick(&CATEGORIES)));
        cells.push(Cell::Text(rng.pick(&LABELS)));
        cells.push(Cell::Text(rng.pick(&[
            "nee",
            "nee",
            "ja",
            "gezondheid",
            "",
        ])));
        cells.push(Cell::Number(rng.below(5) as f64));
        cells.push(Cell::Text(rng.pick(&["ja", "nee", ""])));
        cells.push(Cell::Text(rng.pick(&IMPACT)));
        cells.push(Cell::Text("")); // exposure: derived
        cells.push(Cell::Text(rng.pick(&AI)));
        cells.push(Cell::Text("")); // complexity: derived
        cells.push(Cell::Number((rng.below(6) + 1) as f64));
        cells.push(Cell::Number((rng.below(4) + 1) as f64));
        cells.push(Cell::Text(rng.pick(&["ja", "nee", "nee"])));
        cells.push(Cell::Number((rng.below(60) + 1) as f64));
        cells.push(Cell::Text(rng.pick(&["ja", "nee", "deels"])));
        cells.push(Cell::Text(rng.pick(&EXTERNAL)));
        cells.push(Cell::Text(if rng.below(10) == 0 {
            rng.pick(&["9 cameratoezicht", "15", "gezondheidsgegevens"])
        } else {
            ""
        }));
        cells.push(Cell::Text(if rng.below(5) == 0 {
            rng.pick(&["5", "1, 5", "grootschalig", "3; 7"])
        } else {
            ""
        }));
        cells.push(Cell::Text(rng.pick(&["ja", "nee", ""])));
        cells.push(Cell::Date(43_466.0 + rng.below(2_800) as f64)); // 2019–2026
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text("") => {}
                Cell::Text(t) => {
                    ws.write_string(r, c, *t)?;
                }
                Cell::Owned(t) => {
                    ws.write_string(r, c, t)?;
                }
                Cell::Number(x) => {
                    ws.write_number(r, c, *x)?;
                }
                Cell::Date(x) => {
                    ws.write_number_with_format(r, c, *x, &date)?;
                }
            }
        }
    }
    wb.save(out)?;
    eprintln!("wrote {out} ({rows} rows)");
    Ok(())
}
