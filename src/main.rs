//! The `dpia-triage` binary: parse the command line, run the command, print one error line, and
//! return the exit code of docs/output.md#exit-codes.

use std::process::ExitCode;

use clap::Parser;
use dpia_triage::cli::{Cli, Command};
use dpia_triage::cmd::{self, exit};
use dpia_triage::config::UsageError;
use dpia_triage::messages::{self as M, panic_message};

/// Rows are allocated on the reader thread and freed on the writer thread, millions of small
/// strings a run; mimalloc handles that cross-thread traffic at a fraction of glibc malloc's cost
/// (see BENCHMARKS.md). Built with `no_thp`: on kernels with transparent huge pages, mimalloc's
/// purging of freed pages made every reuse fault in and zero a whole 2 MiB page again (5 % of all
/// CPU time at 100,000 rows, in `clear_page`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// On Ctrl-C, SIGTERM or SIGHUP: remove this run's temporary files and end with the usual
/// 128 + signal code (docs/output.md#output-files: an interrupted run leaves nothing behind).
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                dpia_triage::output::remove_temps();
                std::process::exit(128 + signal);
            }
        });
}

fn main() -> ExitCode {
    use std::io::IsTerminal;
    let by_person = dpia_triage::cli::opens_the_page(
        std::env::args_os().len(),
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
    );
    let cli = if by_person {
        let lang = dpia_triage::lang::Lang::from_env();
        eprintln!("dpia-triage: {}", M::NO_COMMAND.get(lang));
        Cli::parse_from(["dpia-triage", "serve"])
    } else {
        dpia_triage::cli::parse(std::env::args_os().collect())
    };
    clean_up_on_signals();
    // A malformed file can make a parser panic; every such panic is caught and reported as one
    // line naming the file, so the default multi-line panic report is kept for debugging only.
    dpia_triage::input::install_panic_hook(std::env::var_os("DPIA_TRIAGE_DEBUG").is_some());
    // The run's messages are in the language of its output (`--lang`, else the locale); each
    // command is handed it, and so is every message it makes.
    let lang = match &cli.command {
        Command::Score(a) => a.lang,
        Command::Check(a) => a.lang,
        Command::Template(a) => a.lang,
        Command::Serve(a) => a.lang.unwrap_or_else(dpia_triage::lang::Lang::from_env),
        Command::Rubric(_) => dpia_triage::lang::Lang::from_env(),
    };
    let run = std::panic::catch_unwind(|| match &cli.command {
        Command::Score(a) => cmd::score(a),
        Command::Check(a) => cmd::check(a),
        Command::Rubric(a) => cmd::rubric(a),
        Command::Template(a) => cmd::template(a),
        Command::Serve(a) => dpia_triage::cmd::serve::serve(a),
    });
    let result = match run {
        Ok(result) => result,
        Err(payload) => Err(anyhow::anyhow!(dpia_triage::messages::INTERNAL_DEBUG
            .with(lang, &[&panic_message(payload.as_ref(), lang)]))),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe on stdout (`check … | head`) ends the run quietly (docs/output.md#exit-codes).
        Err(e) if cmd::broken_pipe(&e) => ExitCode::from(exit::OK),
        Err(e) => {
            eprintln!("dpia-triage: {}", cmd::one_line(&e, lang));
            // Started by a double-click, the window would close before the line is read.
            if by_person {
                eprintln!("{}", M::PRESS_ENTER.get(lang));
                let _ = std::io::stdin().read_line(&mut String::new());
            }
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(exit::USAGE)
            } else {
                ExitCode::from(exit::ERROR)
            }
        }
    }
}
