//! The I/O floor of BENCHMARKS.md#against-the-goals / issue 7: the time to stream-read the tool's input with calamine plus
//! the time to write the tool's output cells with rust_xlsxwriter's constant-memory mode, one after
//! the other. The tool has to do at least this much work (parse every input cell, serialise and
//! compress every output cell), so a tool that only read and then wrote would take `floor_s`; the
//! tool overlaps reading, scoring and writing, and BENCHMARKS.md#against-the-goals asks it to finish in less.
//!
//! Run: `cargo run --release --example io_floor -- IN.xlsx REF.xlsx OUT.xlsx [--zip-level 1-9]
//! [--like-tool]`, where REF.xlsx is the workbook the tool wrote for IN.xlsx
//! (`dpia-triage score IN.xlsx -o REF.xlsx`). REF supplies the exact output cells — the annotated
//! register and every added sheet (Maatregelen, Meldingen, Samenvatting, Verantwoording, or their
//! English names), reason texts included — so the floor writes what the tool writes, not a
//! stand-in.
//!
//! 1. Read (`read_s`, timed as a whole): `open_workbook` on IN (zip directory, shared strings,
//!    styles), then for every sheet `worksheet_cells_reader` / `next_cell` over every cell; each
//!    value is touched cheaply (string lengths, number bits summed into a `black_box`), nothing is
//!    kept, no sheet is held.
//! 2. Write (`write_s`): for every sheet of REF, in REF's order, a worksheet of the same name is
//!    added with `add_worksheet_with_constant_memory` (inline strings) and REF's cells are written
//!    row by row: strings as strings, numbers as numbers, dates as numbers in a `dd-mm-yyyy`
//!    format, booleans as booleans, errors as their text; cells without a value are skipped, and
//!    formula cells are written as their cached values. Reading REF is not timed: its cells are
//!    streamed one row at a time into a reused buffer with calamine, and only the calls that write
//!    a row are timed (two clock reads per row), plus adding each sheet and the final `save`
//!    (`save_s`, where the constant-memory sheets are compressed into the zip). Formats other than
//!    the date format, column widths, conditional formats, charts and document properties are not
//!    written. Default zip level: rust_xlsxwriter's (6).
//!
//! `--like-tool` mirrors the tool's writer settings, to isolate what overlapping the stages gains:
//! the two list sheets (`Maatregelen`/`Meldingen` or `Measures`/`Findings`, possibly with the
//! ` (n)` suffix the tool adds on a name clash; the last such sheet of each name) are added with
//! `add_worksheet_with_low_memory` (shared-string table) instead; pass the tool's `--zip-level`
//! too. Every other sheet stays in constant-memory mode.
//!
//! Prints one JSON line: `{"read_s":…,"write_s":…,"save_s":…,"floor_s":…,"rows_in":…,
//! "cells_in":…,"rows_out":…,"cells_out":…}` (seconds; `floor_s` = `read_s` + `write_s`; cells are
//! those with a value, rows those with at least one such cell, summed over all sheets, header rows
//! included). Errors: one line on stderr, exit code 1.

use std::error::Error;
use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use calamine::{open_workbook, DataRef, Reader, Xlsx, XlsxCellReader, XlsxError};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

const USAGE: &str = "usage: io_floor IN.xlsx REF.xlsx OUT.xlsx [--zip-level 1-9] [--like-tool]";

/// Names of the tool's two list sheets (Dutch and English output).
const LIST_SHEETS: [&str; 4] = ["Maatregelen", "Meldingen", "Measures", "Findings"];

type Res<T> = Result<T, Box<dyn Error>>;

struct Args {
    input: String,
    reference: String,
    output: String,
    zip_level: Option<u8>,
    like_tool: bool,
}

fn parse_args() -> Res<Args> {
    let mut positional = Vec::new();
    let (mut zip_level, mut like_tool) = (None, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--zip-level" => {
                zip_level = Some(
                    args.next()
                        .and_then(|s| s.parse().ok())
                        .filter(|l| (1..=9).contains(l))
                        .ok_or("--zip-level needs 1-9")?,
                );
            }
            "--like-tool" => like_tool = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}; {USAGE}").into()),
            _ => positional.push(a),
        }
    }
    let [input, reference, output] = <[String; 3]>::try_from(positional).map_err(|_| USAGE)?;
    Ok(Args {
        input,
        reference,
        output,
        zip_level,
        like_tool,
    })
}

/// Cells and rows with a value.
#[derive(Default)]
struct Count {
    rows: u64,
    cells: u64,
}

/// The cells reader of a sheet, or `None` for a sheet without cells (calamine reports
/// `<sheetData/>` as a worksheet without sheet data).
fn cells_reader<'a>(
    xlsx: &'a mut Xlsx<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Res<Option<XlsxCellReader<'a, std::io::BufReader<std::fs::File>>>> {
    match xlsx.worksheet_cells_reader(name) {
        Ok(r) => Ok(Some(r)),
        Err(XlsxError::NotAWorksheet(t)) if t == "worksheet" => Ok(None),
        Err(e) => Err(format!("sheet '{name}': {e}").into()),
    }
}

/// A cheap function of a value, so that reading it cannot be optimised away.
fn touch(v: &DataRef<'_>) -> u64 {
    match v {
        DataRef::SharedString(s) => s.len() as u64,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len() as u64,
        DataRef::Float(x) => x.to_bits(),
        DataRef::Int(x) => *x as u64,
        DataRef::DateTime(d) => d.as_f64().to_bits(),
        DataRef::Bool(b) => u64::from(*b),
        DataRef::Error(_) => 1,
        DataRef::Empty => 0,
    }
}

/// Phase 1: stream every cell of every sheet of IN. Returns the elapsed time and the counts.
fn read_phase(input: &str) -> Res<(Duration, Count)> {
    let t = Instant::now();
    let mut count = Count::default();
    let mut sink = 0u64;
    let mut xlsx: Xlsx<_> =
        open_workbook(input).map_err(|e| format!("cannot open {input}: {e}"))?;
    for name in xlsx.sheet_names() {
        let Some(mut reader) = cells_reader(&mut xlsx, &name)? else {
            continue;
        };
        let mut last_row = None;
        while let Some(cell) = reader.next_cell()? {
            let v = cell.get_value();
            if matches!(v, DataRef::Empty) {
                continue;
            }
            sink = sink.wrapping_add(touch(v));
            count.cells += 1;
            let r = cell.get_position().0;
            if last_row != Some(r) {
                count.rows += 1;
                last_row = Some(r);
            }
        }
    }
    drop(xlsx);
    black_box(sink);
    Ok((t.elapsed(), count))
}

/// REF's sheets written in low-memory mode with `--like-tool`: the last sheet named like each list
/// sheet, bare or with the tool's " (n)" suffix.
fn list_sheets(names: &[String]) -> Vec<usize> {
    let matches = |name: &str, base: &str| {
        name.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty()
                || rest
                    .strip_prefix(" (")
                    .and_then(|r| r.strip_suffix(')'))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    LIST_SHEETS
        .iter()
        .filter_map(|base| names.iter().rposition(|n| matches(n, base)))
        .collect()
}

fn write_cell(
    ws: &mut Worksheet,
    date: &Format,
    r: u32,
    c: u16,
    v: &DataRef<'_>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match v {
        DataRef::SharedString(s) => {
            ws.write_string(r, c, *s)?;
        }
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            ws.write_string(r, c, s)?;
        }
        DataRef::Float(x) => {
            ws.write_number(r, c, *x)?;
        }
        DataRef::Int(x) => {
            ws.write_number(r, c, *x as f64)?;
        }
        DataRef::DateTime(d) => {
            ws.write_number_with_format(r, c, d.as_f64(), date)?;
        }
        DataRef::Bool(b) => {
            ws.write_boolean(r, c, *b)?;
        }
        DataRef::Error(e) => {
            ws.write_string(r, c, e.to_string())?;
        }
        DataRef::Empty => {}
    }
    Ok(())
}

/// Phase 2: write REF's cells to OUT. Returns the time spent writing, the part of it in `save`,
/// and the counts.
fn write_phase(args: &Args) -> Res<(Duration, Duration, Count)> {
    // Not timed: opening REF and reading its cells.
    let mut reference: Xlsx<_> = open_workbook(&args.reference)
        .map_err(|e| format!("cannot open {}: {e}", args.reference))?;
    let names = reference.sheet_names();
    let low_memory = if args.like_tool {
        list_sheets(&names)
    } else {
        Vec::new()
    };

    let mut write = Duration::ZERO;
    let mut count = Count::default();
    let t = Instant::now();
    let mut wb = Workbook::new();
    if let Some(dir) = Path::new(&args.output)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        // Like the tool: the sheets' temporary files go beside the output.
        wb.set_tempdir(dir)?;
    }
    if let Some(l) = args.zip_level {
        wb.set_zip_compression_level(l);
    }
    let date = Format::new().set_num_format("dd-mm-yyyy");
    write += t.elapsed();

    for (i, name) in names.iter().enumerate() {
        let t = Instant::now();
        let ws = if low_memory.contains(&i) {
            wb.add_worksheet_with_low_memory()?
        } else {
            wb.add_worksheet_with_constant_memory()?
        };
        ws.set_name(name)?;
        write += t.elapsed();

        let Some(mut reader) = cells_reader(&mut reference, name)? else {
            continue;
        };
        let mut row: Vec<(u16, DataRef<'_>)> = Vec::with_capacity(64);
        let mut row_index = 0u32;
        // The first cell of the next row, read while finding the end of this one.
        let mut carry: Option<(u32, u16, DataRef<'_>)> = None;
        loop {
            row.clear();
            if let Some((r, c, v)) = carry.take() {
                row_index = r;
                row.push((c, v));
            }
            let mut done = false;
            loop {
                let Some(cell) = reader.next_cell()? else {
                    done = true;
                    break;
                };
                let (r, c) = cell.get_position();
                let v = cell.get_value();
                if matches!(v, DataRef::Empty) {
                    continue;
                }
                let c = u16::try_from(c)
                    .map_err(|_| format!("sheet '{name}': column {c} out of range"))?;
                if row.is_empty() {
                    row_index = r;
                } else if r != row_index {
                    carry = Some((r, c, v.clone()));
                    break;
                }
                row.push((c, v.clone()));
            }
            if !row.is_empty() {
                count.rows += 1;
                count.cells += row.len() as u64;
                let t = Instant::now();
                for (c, v) in &row {
                    write_cell(ws, &date, row_index, *c, v)?;
                }
                write += t.elapsed();
            }
            if done {
                break;
            }
        }
    }

    let t = Instant::now();
    wb.save(&args.output)
        .map_err(|e| format!("cannot write {}: {e}", args.output))?;
    let save = t.elapsed();
    Ok((write + save, save, count))
}

fn run() -> Res<()> {
    let args = parse_args()?;
    let (read, count_in) = read_phase(&args.input)?;
    let (write, save, count_out) = write_phase(&args)?;
    let (r, w, s) = (read.as_secs_f64(), write.as_secs_f64(), save.as_secs_f64());
    println!(
        "{{\"read_s\":{r:.3},\"write_s\":{w:.3},\"save_s\":{s:.3},\"floor_s\":{:.3},\"rows_in\":{},\"cells_in\":{},\"rows_out\":{},\"cells_out\":{}}}",
        r + w,
        count_in.rows,
        count_in.cells,
        count_out.rows,
        count_out.cells
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("io_floor: {e}");
            ExitCode::from(1)
        }
    }
}
