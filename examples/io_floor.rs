//! The I/O floor of SPEC §10 / issue 7, measured on the same file as the tool:
//!
//! (a) stream-read every cell of the first sheet with calamine's `worksheet_cells_reader`
//!     (`next_cell`), opening the workbook (shared strings, styles) included;
//! (b) write the same cells (dates as dates) plus the 17 columns the tool adds — 10 level words,
//!     score, class, high count, advice, signals, a reason text of about 300 characters built from
//!     the row's own values, and a findings text on about one row in 20 — with rust_xlsxwriter in
//!     constant-memory mode, the added columns in one cell format as the tool's are.
//!
//! One pass: the reader is drained one row at a time into a reused buffer (cells borrow the shared
//! strings, nothing is copied), the row is written, and so on; the sheet is never held. Time is
//! summed separately over the reading calls and the writing calls (with the final `save`, which
//! compresses the constant-memory sheet), two clock reads per row. `floor_s` = read + write, the
//! sequential floor the tool's wall time is measured against.
//!
//! Prints one JSON line: `{"read_s":…,"write_s":…,"floor_s":…,"save_s":…,"rows":…,"cells":…}`
//! (`save_s`, the part of `write_s` spent in the final `save`; `rows` counts the rows with at least
//! one cell, the header row included).
//!
//! Run: `cargo run --release --example io_floor -- IN.xlsx OUT.xlsx [--zip-level 1-9]`
//! (`--zip-level` mirrors `Workbook::set_zip_compression_level`; default: rust_xlsxwriter's 6.)

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet};

const USAGE: &str = "usage: io_floor IN.xlsx OUT.xlsx [--zip-level 1-9]";

/// Headers of the 17 added columns (Dutch, as the tool writes them).
const ADDED_HEADERS: [&str; 17] = [
    "Niveau Aantal betrokkenen",
    "Niveau Soorten persoonsgegevens",
    "Niveau Gevoeligheid",
    "Niveau Subverwerkers",
    "Niveau Impact op betrokkene",
    "Niveau Blootstelling",
    "Niveau AI/algoritmes",
    "Niveau Complexiteit",
    "Niveau Interne toegang",
    "Niveau Externe toegang",
    "Risicoscore",
    "Risicoklasse",
    "Aantal hoog",
    "DPIA-advies",
    "Signalen",
    "Onderbouwing",
    "Datakwaliteit",
];
const LEVELS: [&str; 5] = ["Geen", "Laag", "Midden", "Hoog", "Onbekend"];
const OUTCOMES: [&str; 4] = [
    "DPIA verplicht",
    "DPIA aanbevolen",
    "Geen DPIA nodig",
    "Onvolledig",
];
const SIGNALS: [&str; 4] = [
    "",
    "DPIA ontbreekt",
    "herbeoordeling nodig",
    "DPIA ontbreekt; herbeoordeling nodig",
];
/// Reason lines; the row's values and levels are filled in, so the texts vary like the tool's.
const REASON_LINES: [(&str, u16); 9] = [
    ("Aantal betrokkenen", 2),
    ("Soorten persoonsgegevens", 3),
    ("Gevoeligheid", 5),
    ("Subverwerkers", 7),
    ("Impact op betrokkene", 9),
    ("Interne toegang", 16),
    ("Externe toegang", 18),
    ("AI/algoritmes", 11),
    ("Complexiteit: systemen", 13),
];
const REASON_CHARS: usize = 300;

/// Time accumulated in one kind of call.
#[derive(Default)]
struct Clock(Duration);

impl Clock {
    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.0 += t.elapsed();
        out
    }
}

/// A cheap per-row hash (splitmix64 finaliser) for stand-in levels.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Out<'w> {
    ws: &'w mut Worksheet,
    date: Format,
    added: Format,
    added_wrap: Format,
    /// First added column: right of the header row's last column.
    first_added: u16,
    reason: String,
    value: String,
}

impl Out<'_> {
    fn user_cell(&mut self, r: u32, c: u16, v: &DataRef<'_>) -> Result<(), Box<dyn Error>> {
        match v {
            DataRef::SharedString(s) => {
                self.ws.write_string(r, c, *s)?;
            }
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                self.ws.write_string(r, c, s)?;
            }
            DataRef::Float(x) => {
                self.ws.write_number(r, c, *x)?;
            }
            DataRef::Int(x) => {
                self.ws.write_number(r, c, *x as f64)?;
            }
            DataRef::DateTime(d) => {
                self.ws
                    .write_number_with_format(r, c, d.as_f64(), &self.date)?;
            }
            DataRef::Bool(b) => {
                self.ws.write_boolean(r, c, *b)?;
            }
            DataRef::Error(e) => {
                self.ws.write_string(r, c, e.to_string())?;
            }
            DataRef::Empty => {}
        }
        Ok(())
    }

    /// Text of a cell for the reason stand-in.
    fn text_of(&mut self, v: Option<&DataRef<'_>>) {
        self.value.clear();
        match v {
            Some(DataRef::SharedString(s)) => self.value.push_str(s),
            Some(DataRef::String(s)) => self.value.push_str(s),
            Some(DataRef::Float(x)) => {
                let _ = write!(self.value, "{x}");
            }
            Some(DataRef::Int(x)) => {
                let _ = write!(self.value, "{x}");
            }
            _ => self.value.push_str("leeg"),
        }
    }

    fn header_row(&mut self, r: u32) -> Result<(), Box<dyn Error>> {
        for (i, h) in ADDED_HEADERS.iter().enumerate() {
            self.ws
                .write_string_with_format(r, self.first_added + i as u16, *h, &self.added)?;
        }
        Ok(())
    }

    /// The 17 added columns of a data row.
    fn added_columns(
        &mut self,
        r: u32,
        cells: &[(u16, DataRef<'_>)],
    ) -> Result<(), Box<dyn Error>> {
        let h = mix(u64::from(r));
        let c0 = self.first_added;
        let (mut score, mut high) = (0u32, 0u32);
        let mut levels = [0usize; 10];
        for (i, l) in levels.iter_mut().enumerate() {
            // Mostly Laag/Midden/Hoog, now and then Geen or Onbekend.
            *l = match (h >> (i * 5)) & 31 {
                0 => 0,
                1 => 4,
                k => 1 + (k as usize % 3),
            };
            if *l < 4 {
                score += *l as u32;
            }
            high += u32::from(*l == 3);
            self.ws
                .write_string_with_format(r, c0 + i as u16, LEVELS[*l], &self.added)?;
        }
        let class = if high >= 3 || score >= 21 {
            3
        } else if high >= 1 || score >= 15 {
            2
        } else {
            1
        };
        let outcome = OUTCOMES[((h >> 50) % 4) as usize];
        self.ws
            .write_number_with_format(r, c0 + 10, f64::from(score), &self.added)?;
        self.ws
            .write_string_with_format(r, c0 + 11, LEVELS[class], &self.added)?;
        self.ws
            .write_number_with_format(r, c0 + 12, f64::from(high), &self.added)?;
        self.ws
            .write_string_with_format(r, c0 + 13, outcome, &self.added)?;
        self.ws.write_string_with_format(
            r,
            c0 + 14,
            SIGNALS[((h >> 52) % 4) as usize],
            &self.added,
        )?;

        // Reason: one line per criterion with the row's input value, about 300 characters.
        let mut reason = std::mem::take(&mut self.reason);
        reason.clear();
        for (i, (label, col)) in REASON_LINES.iter().enumerate() {
            self.text_of(cells.iter().find(|(c, _)| c == col).map(|(_, v)| v));
            let v: String = self.value.chars().take(40).collect();
            let _ = writeln!(reason, "{label}: {v} → {}", LEVELS[levels[i]]);
            if reason.len() >= REASON_CHARS - 45 {
                break;
            }
        }
        let _ = write!(reason, "Advies: score {score}, {high}× Hoog → {outcome}");
        self.ws
            .write_string_with_format(r, c0 + 15, &reason, &self.added_wrap)?;
        self.reason = reason;

        // Findings: about one row in 20 has one.
        if (h >> 56).is_multiple_of(20) {
            let f = format!(
                "I{}: Subverwerker met belangrijke rol: '' — 1 subverwerker(s) maar 'met belangrijke rol' niet ingevuld",
                r + 1
            );
            self.ws
                .write_string_with_format(r, c0 + 16, f, &self.added_wrap)?;
        } else {
            self.ws.write_blank(r, c0 + 16, &self.added_wrap)?;
        }
        Ok(())
    }
}

fn parse_args() -> Result<(String, String, Option<u8>), Box<dyn Error>> {
    let mut positional = Vec::new();
    let mut level = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--zip-level" {
            level = Some(
                args.next()
                    .and_then(|s| s.parse().ok())
                    .filter(|l| (1..=9).contains(l))
                    .ok_or("--zip-level needs 1-9")?,
            );
        } else {
            positional.push(a);
        }
    }
    let [input, output] = <[String; 2]>::try_from(positional).map_err(|_| USAGE)?;
    Ok((input, output, level))
}

fn main() -> Result<(), Box<dyn Error>> {
    let (input, output, zip_level) = parse_args()?;
    let mut read = Clock::default();
    let mut write = Clock::default();

    let mut xlsx: Xlsx<_> = read.time(|| open_workbook(&input))?;
    let sheet = xlsx.sheet_names().first().cloned().ok_or("no sheet")?;
    let mut reader = read.time(|| xlsx.worksheet_cells_reader(&sheet))?;

    let mut wb = Workbook::new();
    if let Some(dir) = Path::new(&output)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        // Like the tool: constant-memory sheets spill beside the output.
        wb.set_tempdir(dir)?;
    }
    if let Some(l) = zip_level {
        wb.set_zip_compression_level(l);
    }
    let fill = Color::RGB(0xEEF4F5);
    let ws = write.time(|| -> Result<_, Box<dyn Error>> {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(&sheet)?;
        Ok(ws)
    })?;
    let mut out = Out {
        ws,
        date: Format::new().set_num_format("dd-mm-yyyy"),
        added: Format::new().set_background_color(fill),
        added_wrap: Format::new()
            .set_background_color(fill)
            .set_align(FormatAlign::Top),
        first_added: 0,
        reason: String::with_capacity(512),
        value: String::with_capacity(64),
    };

    let (mut rows, mut cells_total) = (0u64, 0u64);
    let mut row: Vec<(u16, DataRef<'_>)> = Vec::with_capacity(64);
    let mut row_index = 0u32;
    // The first cell of the next row, read while finding the end of this one.
    let mut carry: Option<(u32, u16, DataRef<'_>)> = None;
    let mut first = true;
    loop {
        // Read one row.
        row.clear();
        let done = read.time(|| -> Result<bool, Box<dyn Error>> {
            if let Some((r, c, v)) = carry.take() {
                row_index = r;
                row.push((c, v));
            }
            loop {
                let Some(cell) = reader.next_cell()? else {
                    return Ok(true);
                };
                let (r, c) = cell.get_position();
                let c = u16::try_from(c).map_err(|_| "column out of range")?;
                let v = cell.get_value().clone();
                if row.is_empty() {
                    row_index = r;
                } else if r != row_index {
                    carry = Some((r, c, v));
                    return Ok(false);
                }
                row.push((c, v));
            }
        })?;
        if !row.is_empty() {
            rows += 1;
            cells_total += row.len() as u64;
            // Write it.
            write.time(|| -> Result<(), Box<dyn Error>> {
                for (c, v) in &row {
                    out.user_cell(row_index, *c, v)?;
                }
                if first {
                    out.first_added = row.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
                    out.header_row(row_index)?;
                    first = false;
                } else {
                    out.added_columns(row_index, &row)?;
                }
                Ok(())
            })?;
        }
        if done {
            break;
        }
    }
    let mut save = Clock::default();
    save.time(|| wb.save(&output))?;
    write.0 += save.0;
    let (r, w, z) = (
        read.0.as_secs_f64(),
        write.0.as_secs_f64(),
        save.0.as_secs_f64(),
    );
    println!(
        "{{\"read_s\":{r:.3},\"write_s\":{w:.3},\"floor_s\":{:.3},\"save_s\":{z:.3},\"rows\":{rows},\"cells\":{cells_total}}}",
        r + w
    );
    Ok(())
}
