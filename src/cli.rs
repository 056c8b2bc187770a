//! The command line as the user types it (clap derive). Nothing here is interpreted beyond
//! syntax: `config` turns it into ready-to-use settings.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

/// Triage a processing register (verwerkingsregister) for privacy risk and DPIA need.
#[derive(Debug, Parser)]
#[command(name = "dpia-triage", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score registers and write the annotated workbook (or JSON/CSV).
    Score(ScoreArgs),
    /// Read registers and report the column mapping and data-quality findings; write nothing.
    Check(CheckArgs),
    /// Print the default rubric (TOML) to start a custom one, or check one with --check.
    Rubric(RubricArgs),
    /// Write the blank register template (with notes, dropdowns, an example sheet).
    Template(TemplateArgs),
    /// Serve the page on this computer: drop registers in a browser, see the results, download
    /// the annotated workbooks. Nothing leaves the computer.
    Serve(ServeArgs),
}

/// `serve` arguments.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0: any free one).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 8484,
        conflicts_with = "listen"
    )]
    pub port: u16,
    /// Address and port to listen on instead (`localhost:8484`, `192.168.1.5:8484`); anything
    /// but a loopback address makes the page reachable from other computers, and gets a warning.
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<String>,
    /// Do not open the browser.
    #[arg(long, alias = "no-browser")]
    pub no_open: bool,
    /// Largest upload, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_upload_mib: u64,
    /// Seconds a request may stand still (its head, or its upload) before it is given up: a
    /// browser that hangs keeps nothing on disk, and no connection open, for long.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub upload_timeout: u64,
    /// Seconds an upload may take in all, however steadily it trickles in.
    #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub upload_deadline: u64,
    /// Registers scored at the same time; more uploads wait their turn, so memory stays bounded
    /// [default: the number of cores, at least 2].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub at_once: Option<u16>,
    /// Language the page opens in (it has a button for the other) and of this command's own
    /// messages [default: the page follows the browser's language; the messages the locale].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Annotated workbook.
    Xlsx,
    /// JSON document (its keys: docs/output.md).
    Json,
    /// One CSV line per activity.
    Csv,
}

/// Conditions for exit code 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any activity with outcome required.
    Required,
    /// Any activity with outcome required or recommended.
    Recommended,
    /// Any data-quality finding.
    Findings,
}

/// Options shared by `score` and `check`.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Register files (.xlsx, .xlsm, .xlsb, .xls, .ods or .csv).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Sheet to score (default: the first sheet with a header row).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Rubric file (default: the built-in SURF rubric).
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// Map a header to a field, e.g. --map "Hoeveel personen=data_subjects" (repeatable).
    #[arg(long = "map", value_name = "HEADER=field")]
    pub maps: Vec<String>,
    /// Largest cell area of an .xls or .ods (read whole into memory); raise it for a legitimately
    /// huge file.
    #[arg(long = "max-cells", value_name = "N", default_value_t = 12_000_000)]
    pub max_cells: u64,
    /// Largest size one part of an xlsx/xlsb/ods may unpack to, in MiB (zip-bomb guard).
    #[arg(long = "max-unzipped-mib", value_name = "MIB", default_value_t = 4096)]
    pub max_unzipped_mib: u64,
}

/// `score` arguments.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Inputs and reading options.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output file (`-` for stdout with json/csv); default `<input stem>.dpia.<ext>` beside the input.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output language (default: English when the locale, e.g. LANG, is English, else Dutch).
    #[arg(long, value_enum, default_value_t = Lang::from_env())]
    pub lang: Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Xlsx)]
    pub format: OutputFormat,
    /// An earlier annotated workbook of this register: list changes, flag escalations and carry
    /// the Maatregelen sheet's statuses, deadlines, evidence and remarks forward.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Exit with code 3 when this condition is met.
    #[arg(long = "fail-on", value_enum, value_name = "CONDITION")]
    pub fail_on: Option<FailOn>,
    /// Deflate level of the xlsx output, 1 (fastest, largest file) to 9 (slowest, smallest).
    #[arg(long = "zip-level", value_name = "1-9",
          value_parser = clap::value_parser!(u8).range(1..=9),
          default_value_t = crate::output::xlsx::DEFAULT_ZIP_LEVEL)]
    pub zip_level: u8,
    /// Scoring threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Overwrite an existing output file.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but the final summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl ScoreArgs {
    /// `score INPUT` with every other option at its default, as clap gives it: for a caller
    /// that sets the options it needs as values (the page), not as a command line to parse.
    pub fn defaults(input: PathBuf) -> Result<ScoreArgs, clap::Error> {
        use clap::{Args, FromArgMatches};
        let command = ScoreArgs::augment_args(clap::Command::new("score"));
        let matches = command.try_get_matches_from(["score", "-"])?;
        let mut args = ScoreArgs::from_arg_matches(&matches)?;
        args.read.inputs = vec![input];
        Ok(args)
    }
}

/// `check` arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Inputs and reading options.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Language of the findings (default: from the locale, as for score).
    #[arg(long, value_enum, default_value_t = Lang::from_env())]
    pub lang: Lang,
}

/// `template` arguments.
#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// Output file (default `verwerkingsregister.xlsx`, or `processing-register.en.xlsx` with --lang en).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of headers, notes and dropdowns (default: from the locale, as for score).
    #[arg(long, value_enum, default_value_t = Lang::from_env())]
    pub lang: Lang,
    /// Rubric whose bands and choices the notes and dropdowns show.
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `rubric` arguments.
#[derive(Debug, clap::Args)]
pub struct RubricArgs {
    /// Validate this rubric file instead of printing the default.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
}

pub mod dutch;

/// The language a command line asks for with `--lang en` or `--lang=nl`, read before it is
/// parsed: clap's help and errors are in that language too.
pub fn asked_language(args: &[OsString]) -> Option<Lang> {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    words.iter().enumerate().rev().find_map(|(i, w)| {
        let value = match w.strip_prefix("--lang") {
            Some("") => words.get(i + 1).copied(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        }?;
        match value {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    })
}

/// Parse the command line as clap does (printing help, the version or an error and exiting),
/// in the run's language: `--lang`, else the locale's.
pub fn parse(args: Vec<OsString>) -> Cli {
    let lang = asked_language(&args).unwrap_or_else(Lang::from_env);
    // The subcommand given, for where an error points to more help.
    let given = args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        Cli::command()
            .get_subcommands()
            .any(|c| c.get_name() == a)
            .then(|| a.to_string())
    });
    let command = dutch::command(Cli::command(), lang);
    let parsed = command
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) if lang == Lang::Nl => {
            use clap::error::ErrorKind;
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    print!("{}", dutch::help(&e.render().to_string()));
                    std::process::exit(0);
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    eprint!("{}", dutch::help(&e.render().to_string()));
                    std::process::exit(2);
                }
                _ => {
                    eprint!("{}", dutch::error(&e, given.as_deref()));
                    std::process::exit(2);
                }
            }
        }
        Err(e) => e.exit(),
    }
}

/// Started without a command by a person at a terminal, or by a double-click (which gives the
/// program a console window): open the page, the way in for people who do not use a terminal
/// (docs/output.md#the-page). A script or pipe that runs it without a command still gets the
/// usage error.
pub fn opens_the_page(arguments: usize, stdin_terminal: bool, stdout_terminal: bool) -> bool {
    arguments == 1 && stdin_terminal && stdout_terminal
}

#[cfg(test)]
mod tests {
    /// The page's options as values are the command line's defaults: `ScoreArgs::defaults`
    /// equals parsing `score INPUT`, for inputs a command line would misread too.
    #[test]
    fn score_defaults_are_the_command_lines() {
        use clap::Parser;
        for input in [
            "register.xlsx",
            "met spatie.csv",
            "-o.xlsx",
            "--format=json",
        ] {
            let parsed = super::Cli::parse_from(["dpia-triage", "score", "--", input]);
            let super::Command::Score(parsed) = parsed.command else {
                panic!("score");
            };
            let made = super::ScoreArgs::defaults(input.into()).expect("defaults");
            assert_eq!(format!("{made:?}"), format!("{parsed:?}"), "{input}");
        }
    }

    /// (arguments including the program's name, stdin a terminal, stdout a terminal, opens the
    /// page)
    #[test]
    fn only_a_person_without_a_command_gets_the_page() {
        let cases = [
            (1, true, true, true),
            (1, false, true, false),
            (1, true, false, false),
            (1, false, false, false),
            (2, true, true, false),
            (3, true, true, false),
        ];
        for (n, stdin, stdout, page) in cases {
            assert_eq!(
                super::opens_the_page(n, stdin, stdout),
                page,
                "{n} {stdin} {stdout}"
            );
        }
    }
}
