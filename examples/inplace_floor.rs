//! The I/O floor of annotating in place (BENCHMARKS.md#against-the-goals, issue 12): inflating and deflating the input
//! package, plus writing the cells the tool adds, one after the other. A tool that annotates an
//! xlsx in place has to do at least this much: every part it rewrites is inflated and compressed
//! again (the scored sheet is the bulk), and every cell it adds is serialised and compressed.
//!
//! Run: `cargo run --release --example inplace_floor -- IN.xlsx REF.xlsx OUT.zip [--zip-level N]`,
//! where REF.xlsx is the workbook the tool wrote in place for IN.xlsx
//! (`dpia-triage score IN.xlsx -o REF.xlsx`).
//!
//! 1. Repack (`repack_s`): every part of IN is inflated and compressed into OUT.zip at the zip
//!    level (default 1, the tool's), one after the other. (The tool copies the parts it does not
//!    change as compressed bytes; the floor charges it for all of them, so it is a little
//!    generous to the floor.)
//! 2. Write (`write_s`): the cells the tool added, taken from REF: the cells of the tool's columns
//!    on the scored sheet (found through the `dpia_triage_columns` name) and every cell of the
//!    tool's sheets (`dpia_triage_summary`, `_measures`, `_findings`, `_audit`), written with
//!    rust_xlsxwriter's constant-memory mode into a workbook of their own and saved at the zip
//!    level. Reading REF is not timed; only the calls that write a row, adding the sheets and the
//!    final save are.
//!
//! Prints one JSON line: `{"repack_s":…,"write_s":…,"floor_s":…,"cells_out":…}`.

use std::error::Error;
use std::io::{BufReader, BufWriter, Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;

type Res<T> = Result<T, Box<dyn Error>>;

const USAGE: &str = "usage: inplace_floor IN.xlsx REF.xlsx OUT.zip [--zip-level 1-9]";

fn repack(input: &str, output: &str, level: u8) -> Res<Duration> {
    let t = Instant::now();
    let mut zin = zip::ZipArchive::new(BufReader::new(std::fs::File::open(input)?))?;
    let out = BufWriter::with_capacity(256 * 1024, std::fs::File::create(output)?);
    let mut zout = zip::ZipWriter::new(out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(level)))
        .large_file(true);
    let mut buf = vec![0u8; 256 * 1024];
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i)?;
        let name = entry.name()?.to_string();
        zout.start_file(name, opts)?;
        loop {
            let n = entry.read(&mut buf)?;
            if n == 0 {
                break;
            }
            zout.write_all(&buf[..n])?;
        }
    }
    zout.finish()?.flush()?;
    Ok(t.elapsed())
}

/// A defined name's sheet and 0-based column range (`'Register'!$X$5:$AN$5`).
fn columns_of(value: &str) -> Option<(String, u16, u16)> {
    let (sheet, range) = value.trim_start_matches('=').rsplit_once('!')?;
    let sheet = sheet.trim_matches('\'').replace("''", "'");
    let col = |cell: &str| -> Option<u16> {
        let letters: String = cell.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        let n = letters.bytes().fold(0u32, |n, b| {
            n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
        });
        u16::try_from(n.checked_sub(1)?).ok()
    };
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    Some((sheet, col(a)?, col(b)?))
}

fn write_phase(reference: &str, output: &str, level: u8) -> Res<(Duration, u64)> {
    let mut xlsx: Xlsx<_> = open_workbook(reference)?;
    let names = xlsx.defined_names().to_vec();
    let find = |key: &str| {
        names
            .iter()
            .find(|(n, _)| n == key)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| format!("{reference}: no defined name {key}: not an in-place output"))
    };
    let (scored, first, last) =
        columns_of(&find("dpia_triage_columns")?).ok_or("dpia_triage_columns is not a range")?;
    let mut tool_sheets = Vec::new();
    for key in [
        "dpia_triage_summary",
        "dpia_triage_measures",
        "dpia_triage_findings",
        "dpia_triage_audit",
    ] {
        tool_sheets.push(columns_of(&find(key)?).ok_or("not a reference")?.0);
    }
    let mut timed = Duration::ZERO;
    let mut cells = 0u64;
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(level);
    let sheets: Vec<(String, Option<(u16, u16)>)> = std::iter::once((scored, Some((first, last))))
        .chain(tool_sheets.into_iter().map(|s| (s, None)))
        .collect();
    let mut row: Vec<(u16, Data)> = Vec::new();
    for (name, only) in sheets {
        let t = Instant::now();
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(&name)?;
        timed += t.elapsed();
        let mut reader = xlsx.worksheet_cells_reader(&name)?;
        let mut current = None;
        let mut flush =
            |r: u32, row: &mut Vec<(u16, Data)>, ws: &mut rust_xlsxwriter::Worksheet| -> Res<()> {
                let t = Instant::now();
                for (c, v) in row.drain(..) {
                    match v {
                        Data::String(s) => {
                            ws.write_string(r, c, s)?;
                        }
                        Data::Float(x) => {
                            ws.write_number(r, c, x)?;
                        }
                        Data::Int(x) => {
                            ws.write_number(r, c, x as f64)?;
                        }
                        Data::DateTime(d) => {
                            ws.write_number(r, c, d.as_f64())?;
                        }
                        Data::Bool(b) => {
                            ws.write_boolean(r, c, b)?;
                        }
                        _ => {}
                    }
                }
                timed += t.elapsed();
                Ok(())
            };
        while let Some(cell) = reader.next_cell()? {
            let (r, c) = cell.get_position();
            let c = c as u16;
            if only.is_some_and(|(a, b)| c < a || c > b) {
                continue;
            }
            let v: Data = cell.get_value().clone().into();
            if matches!(v, Data::Empty) {
                continue;
            }
            if current.is_some_and(|cur| cur != r) {
                flush(current.unwrap_or(0), &mut row, ws)?;
            }
            current = Some(r);
            cells += 1;
            row.push((c, v));
        }
        if let Some(r) = current {
            flush(r, &mut row, ws)?;
        }
    }
    let t = Instant::now();
    wb.save(output)?;
    timed += t.elapsed();
    Ok((timed, cells))
}

fn run() -> Res<()> {
    let mut positional = Vec::new();
    let mut level = 1u8;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--zip-level" => {
                level = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .filter(|l| (1..=9).contains(l))
                    .ok_or("--zip-level needs 1-9")?;
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}; {USAGE}").into()),
            _ => positional.push(a),
        }
    }
    let [input, reference, output] = <[String; 3]>::try_from(positional).map_err(|_| USAGE)?;
    let repack_s = repack(&input, &output, level)?;
    let cells_out = format!("{output}.cells.xlsx");
    let (write_s, cells) = write_phase(&reference, &cells_out, level)?;
    let _ = std::fs::remove_file(&cells_out);
    println!(
        "{{\"repack_s\":{:.3},\"write_s\":{:.3},\"floor_s\":{:.3},\"cells_out\":{cells}}}",
        repack_s.as_secs_f64(),
        write_s.as_secs_f64(),
        (repack_s + write_s).as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("inplace_floor: {e}");
            ExitCode::FAILURE
        }
    }
}
