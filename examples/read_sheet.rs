//! Time reading one sheet of an xlsx: calamine (`Source::read_sheet_calamine`) against the tool's own
//! reader (`input::xlsx_values`), all columns or the first `N`.
//!
//!     cargo run --release --example read_sheet -- FILE SHEET [N]
use std::ops::ControlFlow;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (path, sheet) = (std::path::Path::new(&args[1]), &args[2]);
    let n: u16 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(u16::MAX);
    let lang = dpia_triage::lang::Lang::Nl;
    let t = Instant::now();
    let mut source = dpia_triage::input::Source::open(
        path,
        &dpia_triage::input::guard::Limits::default(),
        lang,
    )?;
    let mut cells = 0usize;
    source.read_sheet_calamine(sheet, lang, &mut |r| {
        cells += r.cells.len();
        ControlFlow::Continue(())
    })?;
    println!(
        "calamine: {cells} cells, {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut cells = 0usize;
    dpia_triage::input::xlsx_values::read(path, sheet, lang, &|c| c < n, &mut |r| {
        cells += r.cells.len();
        ControlFlow::Continue(())
    })?;
    println!(
        "own reader: {cells} cells, {:.2} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
