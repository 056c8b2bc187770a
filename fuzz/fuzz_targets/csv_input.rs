//! Arbitrary bytes as a `.csv` register through the tool's CSV path: the bytes are written to a
//! temporary file named `*.csv` and read exactly as `input_bytes` reads a file — `Source::open`
//! inside `input::guarded` (format detection, byte-order mark, UTF-8 / Windows-1252 choice,
//! delimiter detection), header location with `input::locate::locate`, `parse_record` on every row —
//! and every row is then assessed with the default rubric, as `score` does. Any outcome is fine
//! except a panic, an abort or unbounded memory (libFuzzer's -rss_limit_mb).
//!
//! Inputs whose content the tool detects as a workbook (a zip or OLE2 signature) are skipped:
//! they leave the CSV path and are `input_bytes`' concern. No panic is tolerated here: calamine
//! only supplies the cell type on this path, so any panic is the tool's own.
#![no_main]

use std::io::Write;
use std::ops::ControlFlow;

use chrono::NaiveDate;
use dpia_triage::assess::{assess_row, Context};
use dpia_triage::input::guard::Limits;
use dpia_triage::input::record::parse_record;
use dpia_triage::input::{detect_format, guarded, Format, Source};
use dpia_triage::lang::Lang;
use dpia_triage::input::locate::locate;
use dpia_triage::rubric::Rubric;
use libfuzzer_sys::fuzz_target;

/// `guarded` turns a panic into an error; a panic anywhere must reach libFuzzer instead.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            default(info);
            std::process::abort();
        }));
    });
}

fn rubric() -> Option<&'static Rubric> {
    static RUBRIC: std::sync::OnceLock<Option<Rubric>> = std::sync::OnceLock::new();
    RUBRIC.get_or_init(|| Rubric::default_rubric(Lang::Nl).ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    let Some(rubric) = rubric() else {
        return;
    };
    let Ok(mut file) = tempfile::Builder::new()
        .prefix("fuzz-")
        .suffix(".csv")
        .tempfile()
    else {
        return;
    };
    if file.write_all(data).is_err() || file.flush().is_err() {
        return;
    }
    let path = file.path().to_path_buf();
    // Only the CSV path: a zip/OLE2 signature goes to the workbook readers (input_bytes).
    if !matches!(detect_format(&path, Lang::Nl), Ok(Format::Csv)) {
        return;
    }
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let cx = Context {
        rubric,
        today,
        lang: Lang::Nl,
    };
    let _ = guarded(Lang::Nl, || {
        let mut source = Source::open(&path, &Limits::default(), Lang::Nl)?;
        let located = locate(&mut source, None, rubric, &[], Lang::Nl)?;
        let map = located.map.clone();
        let _ = source.layout(&located.sheet);
        source.read_sheet(&located.sheet, Lang::Nl, &mut |row| {
            let rec = parse_record(&row, &map, rubric, Lang::Nl);
            if row.index > map.header_row && row.has_content() {
                let _ = assess_row(rec, &cx);
            }
            ControlFlow::Continue(())
        })?;
        Ok(())
    });
});
