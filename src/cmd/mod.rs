//! The commands, one module each: `score`, `check`, `rubric`, `template` and `serve` (the page).
//! Each turns its arguments into settings (`config`), runs the pipeline or writes what it
//! writes, and returns the process exit code (docs/output.md#exit-codes). What they share is
//! here: the exit codes, the scoring threads, and one line for an error.

use crate::lang::Lang;
use crate::messages as M;
use std::path::Path;

use anyhow::{Context as _, Result};

pub mod check;
pub mod rubric;
pub mod score;
pub mod serve;
pub mod template;

pub use check::check;
pub use rubric::rubric;
pub use score::{score, score_one};
pub use template::template;

/// Exit codes (docs/output.md#exit-codes).
pub mod exit {
    /// Done.
    pub const OK: u8 = 0;
    /// An input, rubric or output error.
    pub const ERROR: u8 = 1;
    /// A usage error.
    pub const USAGE: u8 = 2;
    /// The `--fail-on` condition was met.
    pub const FAIL_ON: u8 = 3;
}

pub(super) fn pool(jobs: usize, lang: Lang) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("score-{i}"))
        .build()
        .context(M::THREADS.get(lang))
}

/// One error line for a file. Reading errors name the file themselves; others (from the
/// workbook writer, say) get the input's name in front, so every line says which file failed.
pub(super) fn report(input: &Path, e: &anyhow::Error, lang: Lang) {
    let (line, name) = (one_line(e, lang), input.display().to_string());
    // A full disk names the output, which says which run it was.
    if line.contains(&name) || crate::input::is_disk_full(e) {
        eprintln!("dpia-triage: {line}");
    } else {
        eprintln!("dpia-triage: {name}: {line}");
    }
}

/// Whether an error is a closed pipe on stdout somewhere down its chain.
pub fn broken_pipe(e: &anyhow::Error) -> bool {
    // The CSV writer wraps the I/O error in its own type: its words count too.
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe (os error 32)")
    })
}

/// An error chain on one line.
pub fn one_line(e: &anyhow::Error, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        // The system's errors in the run's language too.
        let text = cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| M::os_error(io, lang))
            .unwrap_or_else(|| cause.to_string())
            .replace('\n', " ");
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
