//! `check`: the column mapping and every finding of each register, without writing a file.

use crate::messages as M;

use std::io::Write;
use std::sync::Arc;

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::config::ReadConfig;
use crate::input::locate::locate;
use crate::input::{guarded, Source};
use crate::output::check::{mapping_lines, CheckSink};
use crate::output::Summary;
use crate::pipeline::{self, hash_file, Settings};

use super::{broken_pipe, exit, pool, report};

/// `dpia-triage check`.
pub fn check(args: &CheckArgs) -> Result<u8> {
    let lang = args.lang;
    let cfg = ReadConfig::from_args(&args.read, lang)?;
    let pool = pool(
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        lang,
    )?;
    let mut code = exit::OK;
    let today = crate::config::run_timestamp(lang)?.date_naive();
    for input in &cfg.inputs {
        let result = guarded(lang, || -> Result<Summary> {
            let mut source = Source::open(input, &cfg.limits, lang)?;
            let located = locate(
                &mut source,
                cfg.sheet.as_deref(),
                &cfg.rubric,
                &cfg.user_map,
                lang,
            )?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "{}{} — {} {}",
                input.display(),
                source.sheet_words(&located.sheet, lang),
                M::CHECK_HEADER_ROW.get(lang),
                located.map.header_row + 1
            )?;
            for line in mapping_lines(&located.map, &cfg.rubric, lang) {
                writeln!(out, "{line}")?;
            }
            writeln!(out, "{}", M::CHECK_FINDINGS.get(lang))?;
            drop(out);
            let sink = Box::new(CheckSink::new(std::io::stdout(), lang));
            let settings = Settings {
                rubric: Arc::clone(&cfg.rubric),
                today,
                lang,
                pool: &pool,
                all_sheets: false,
                explain: None,
                previous: None,
                progress: None,
                cancel: None,
            };
            // The check sink records no fingerprint: the closure is never called.
            pipeline::run(source, &located, &settings, sink, || hash_file(input, lang))
        });
        let result = result.and_then(|s| {
            let mut out = std::io::stdout().lock();
            let (rows, findings) = (lang.count(s.rows), lang.count(s.findings));
            let act = if s.rows == 1 {
                M::ACTIVITY_ONE
            } else {
                M::ACTIVITY_MANY
            }
            .get(lang);
            let fnd = if s.findings == 1 {
                M::FINDING_ONE
            } else {
                M::FINDING_MANY
            }
            .get(lang);
            writeln!(out, "{rows} {act}, {findings} {fnd}")?;
            Ok(())
        });
        match result {
            Ok(()) => {}
            // The reader of stdout is gone (`check … | head`): stop quietly (docs/output.md#exit-codes).
            Err(e) if broken_pipe(&e) => return Ok(code),
            Err(e) => {
                report(input, &e, lang);
                code = exit::ERROR;
            }
        }
    }
    Ok(code)
}
