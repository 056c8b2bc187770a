//! The I/O floor of SPEC §10 / issue 7, measured on the same file as the tool: (a) stream-read
//! every cell of the first sheet with calamine's cell reader, (b) write the same cells plus the 17
//! columns the tool adds (10 level words, score, class, high count, advice, signals, a reason text
//! and a findings text) with rust_xlsxwriter in constant-memory mode. One pass, rows never held;
//! the time spent in reading calls and in writing calls (including the final save) is summed
//! separately. Prints one JSON line.
//!
//! Run: `cargo run --release --example io_floor -- IN.xlsx OUT.xlsx`

use std::error::Error;
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;

const LEVELS: [&str; 4] = ["Hoog", "Midden", "Laag", "Geen"];

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = match (args.get(1), args.get(2)) {
        (Some(i), Some(o)) => (i, o),
        _ => return Err("usage: io_floor IN.xlsx OUT.xlsx".into()),
    };
    let mut read = Duration::ZERO;
    let mut write = Duration::ZERO;
    let t = Instant::now();
    let mut xlsx: Xlsx<_> = open_workbook(input)?;
    let sheet = xlsx.sheet_names().first().cloned().ok_or("no sheet")?;
    let mut cells = xlsx.worksheet_cells_reader(&sheet)?;
    read += t.elapsed();

    let t = Instant::now();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    write += t.elapsed();

    let reason = "Aantal betrokkenen: 1.500 betrokkenen > 1.000 → Hoog\nSoorten persoonsgegevens: 12 soorten ≥ 10 en < 25 → Midden\nGevoeligheid: label \"Vertrouwelijk\" → Midden\nAdvies: risicoklasse Midden → geen DPIA nodig";
    let (mut rows, mut last_row, mut width) = (0u64, None::<u32>, 0u16);
    let add_columns =
        |ws: &mut rust_xlsxwriter::Worksheet, row: u32, width: u16| -> Result<(), Box<dyn Error>> {
            for i in 0..10u16 {
                ws.write_string(row, width + i, LEVELS[(row as usize + i as usize) % 4])?;
            }
            ws.write_number(row, width + 10, f64::from(row % 30))?;
            ws.write_string(row, width + 11, "Midden")?;
            ws.write_number(row, width + 12, 1.0)?;
            ws.write_string(row, width + 13, "DPIA aanbevolen")?;
            ws.write_string(row, width + 14, "DPIA ontbreekt")?;
            ws.write_string(row, width + 15, reason)?;
            ws.write_string(row, width + 16, "")?;
            Ok(())
        };
    loop {
        let t = Instant::now();
        let next = cells.next_cell()?;
        read += t.elapsed();
        let Some(cell) = next else { break };
        let (r, c) = cell.get_position();
        let value: Data = cell.get_value().clone().into();
        let t = Instant::now();
        if last_row != Some(r) {
            if let Some(prev) = last_row {
                add_columns(ws, prev, width)?;
            }
            last_row = Some(r);
            rows += 1;
        }
        let c = c as u16;
        width = width.max(c + 1);
        match value {
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
        write += t.elapsed();
    }
    let t = Instant::now();
    if let Some(prev) = last_row {
        add_columns(ws, prev, width)?;
    }
    wb.save(output)?;
    write += t.elapsed();
    println!(
        "{{\"rows\":{rows},\"read_s\":{:.2},\"write_s\":{:.2},\"floor_s\":{:.2}}}",
        read.as_secs_f64(),
        write.as_secs_f64(),
        (read + write).as_secs_f64()
    );
    Ok(())
}
