//! `check`: the column mapping and every finding of each register, without writing a file.

use std::io::Write;
use std::sync::Arc;

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::config::ReadConfig;
use crate::input::locate::locate;
use crate::input::{guarded, Source};
use crate::lang::Lang;
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
                lang.word("koprij", "header row"),
                located.map.header_row + 1
            )?;
            for line in mapping_lines(&located.map, &cfg.rubric, lang) {
                writeln!(out, "{line}")?;
            }
            writeln!(out, "{}", lang.word("meldingen:", "findings:"))?;
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
            let (act, fnd) = match lang {
                Lang::Nl => (
                    if s.rows == 1 {
                        "activiteit"
                    } else {
                        "activiteiten"
                    },
                    if s.findings == 1 {
                        "melding"
                    } else {
                        "meldingen"
                    },
                ),
                Lang::En => (
                    if s.rows == 1 {
                        "activity"
                    } else {
                        "activities"
                    },
                    if s.findings == 1 {
                        "finding"
                    } else {
                        "findings"
                    },
                ),
            };
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
