//! The `dpia-triage` binary: parse the command line, run the command, print one error line, and
//! return the exit code of SPEC §8.

use std::process::ExitCode;

use clap::Parser;
use dpia_triage::app::{self, exit};
use dpia_triage::cli::{Cli, Command};
use dpia_triage::config::UsageError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Score(a) => app::score(a),
        Command::Check(a) => app::check(a),
        Command::Rubric(a) => app::rubric(a),
        Command::Template(a) => app::template(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("dpia-triage: {}", app::one_line(&e));
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(exit::USAGE)
            } else {
                ExitCode::from(exit::ERROR)
            }
        }
    }
}
