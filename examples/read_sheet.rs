//! Time reading one sheet of an xlsx: calamine (`Source::read_sheet_calamine`) against the tool's own
//! reader (`input::xlsx_values`), all columns or the first `N`; and what bounds the reader: the
//! part inflated alone, and inflated and cut into tokens (`ooxml::scan`) alone.
//!
//!     cargo run --release --example read_sheet -- FILE SHEET [N]
//!
//! `ONLY=own` times the tool's reader alone (to profile it).
use std::ops::ControlFlow;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (path, sheet) = (std::path::Path::new(&args[1]), &args[2]);
    let n: u16 = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(u16::MAX);
    let lang = dpia_triage::lang::Lang::Nl;
    let all = std::env::var("ONLY").map_or(true, |v| v != "own");
    if all {
        floors(path, sheet, lang)?;
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
    }
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

/// The sheet's part inflated alone, then inflated and cut into tokens.
fn floors(
    path: &std::path::Path,
    sheet: &str,
    lang: dpia_triage::lang::Lang,
) -> anyhow::Result<()> {
    use dpia_triage::ooxml::package::{workbook_info, Package};
    let mut pkg = Package::open(path, lang)?;
    let part = workbook_info(&mut pkg)?
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .map(|s| s.part.clone())
        .ok_or_else(|| anyhow::anyhow!("no sheet {sheet}"))?;
    let t = Instant::now();
    let bytes = std::io::copy(&mut pkg.zip.by_name(&part)?, &mut std::io::sink())?;
    println!(
        "inflate only: {bytes} bytes, {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut scanner = dpia_triage::ooxml::scan::Scanner::new(pkg.zip.by_name(&part)?, lang);
    let mut tokens = 0usize;
    while scanner.next_token()?.is_some() {
        tokens += 1;
    }
    println!(
        "inflate and tokens: {tokens} tokens, {:.2} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
