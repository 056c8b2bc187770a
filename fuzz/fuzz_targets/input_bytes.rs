//! Arbitrary bytes as a register file through the whole input stage: format detection, the zip
//! guard, calamine or the CSV reader, header location, and the per-cell grammar of every row. Any
//! outcome is fine except a panic, an abort or unbounded memory (libFuzzer's -rss_limit_mb).
//!
//! The tool reads every file through `input::guarded`, which turns a panic inside a parser into a
//! one-line error; calamine's xls/cfb code is known to panic on malformed files. So a panic raised
//! in calamine's sources is tolerated here (the tool reports it), and any other panic — in this
//! project's code — still aborts and is reported by libFuzzer.
#![no_main]

use std::io::Write;
use std::ops::ControlFlow;

use dpia_triage::input::guard::Limits;
use dpia_triage::input::record::parse_record;
use dpia_triage::input::{guarded, Source};
use dpia_triage::lang::Lang;
use dpia_triage::input::locate::locate;
use dpia_triage::rubric::Rubric;
use libfuzzer_sys::fuzz_target;

fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                default(info);
                std::process::abort();
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    let Ok(rubric) = Rubric::default_rubric(Lang::Nl) else {
        return;
    };
    let Ok(mut file) = tempfile::NamedTempFile::new() else {
        return;
    };
    if file.write_all(data).is_err() {
        return;
    }
    let path = file.path().to_path_buf();
    let _ = guarded(Lang::Nl, || {
        let mut source = Source::open(&path, &Limits::default(), Lang::Nl)?;
        let located = locate(&mut source, None, &rubric, &[], Lang::Nl)?;
        let map = located.map.clone();
        let _ = source.layout(&located.sheet);
        source.read_sheet(&located.sheet, Lang::Nl, &mut |row| {
            let _ = parse_record(&row, &map, &rubric, Lang::Nl);
            ControlFlow::Continue(())
        })?;
        Ok(())
    });
});
