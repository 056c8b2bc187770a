//! Turns the raw command line into ready-to-use settings, once: the rubric loaded and validated,
//! `--map` pairs parsed into fields, output paths decided, the run timestamp fixed (honouring
//! `SOURCE_DATE_EPOCH`). Nothing after this module looks at `Cli`.

use crate::messages as M;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, NaiveDate, Utc};

use crate::cli::{FailOn, OutputFormat, ReadArgs, ScoreArgs};
use crate::fields::Field;
use crate::input::guard::Limits;
use crate::lang::Lang;
use crate::previous::Previous;
use crate::rubric::Rubric;

/// A usage error: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Settings for reading registers.
#[derive(Debug, Clone)]
pub struct ReadConfig {
    /// The rubric.
    pub rubric: Arc<Rubric>,
    /// `--map` pairs.
    pub user_map: Vec<(String, Field)>,
    /// `--sheet`.
    pub sheet: Option<String>,
    /// The inputs.
    pub inputs: Vec<PathBuf>,
    /// Guards against hostile workbooks.
    pub limits: Limits,
}

/// Settings for `score`.
#[derive(Debug, Clone)]
pub struct ScoreConfig {
    /// Reading settings.
    pub read: ReadConfig,
    /// Output path per input (`None` = stdout).
    pub outputs: Vec<Option<PathBuf>>,
    /// Output language.
    pub lang: Lang,
    /// Output format.
    pub format: OutputFormat,
    /// Exit-3 condition.
    pub fail_on: Option<FailOn>,
    /// Deflate level of the xlsx output (1-9).
    pub zip_level: u8,
    /// Scoring threads.
    pub jobs: usize,
    /// Overwrite outputs.
    pub force: bool,
    /// Only the final summary.
    pub quiet: bool,
    /// Run timestamp.
    pub timestamp: DateTime<Utc>,
    /// The earlier annotated workbook (`--previous`), read.
    pub previous: Option<Arc<Previous>>,
    /// The name the input is recorded under (audit trail, JSON) when it is not its path: an
    /// upload of the page is a temporary file with the user's file name.
    pub shown_as: Option<PathBuf>,
    /// A counter of the activities scored that the caller watches (the page shows it per file),
    /// instead of the terminal's.
    pub progress: Option<indicatif::ProgressBar>,
    /// Which activities a JSON document holds (the page asks for the few it shows).
    pub json_rows: crate::output::json::JsonRows,
    /// Set when nobody waits for the output any more (the page's browser went away).
    pub cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// More outputs written in the same pass, each complete: (format, path, JSON rows). The page
    /// scores once for every download.
    pub also: Vec<(OutputFormat, PathBuf, crate::output::json::JsonRows)>,
}

impl ScoreConfig {
    /// Reference date for `review_due`.
    pub fn today(&self) -> NaiveDate {
        self.timestamp.date_naive()
    }
}

/// Read the earlier annotated workbook at `path`, named `shown` in messages and findings (the
/// page's upload is a temporary file with the user's file name); its rows wait in `spill`.
pub fn load_previous(
    path: &Path,
    shown: &Path,
    read: &ReadConfig,
    spill: &Path,
    lang: Lang,
) -> Result<Arc<Previous>> {
    Ok(Arc::new(crate::input::guarded(lang, || {
        Previous::load(
            path,
            shown,
            &read.rubric,
            &read.user_map,
            &read.limits,
            spill,
            lang,
        )
    })?))
}

/// Load a rubric file, or the default.
pub fn load_rubric(path: Option<&Path>, lang: Lang) -> Result<Rubric> {
    match path {
        None => Ok(Rubric::default_rubric(lang)?),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| M::RUBRIC_UNREADABLE.with(lang, &[&p.display()]))?;
            Ok(Rubric::parse(&text, &p.display().to_string(), lang)?)
        }
    }
}

/// Parse `HEADER=field` pairs.
pub fn parse_maps(maps: &[String], lang: Lang) -> Result<Vec<(String, Field)>, UsageError> {
    maps.iter()
        .map(|m| {
            let (h, f) = m
                .rsplit_once('=')
                .ok_or_else(|| UsageError(M::MAP_FORMAT.with(lang, &[m])))?;
            let field = Field::from_key(f).ok_or_else(|| {
                UsageError(M::MAP_NOT_A_FIELD.with(lang, &[m, &f, &Field::keys()]))
            })?;
            Ok((h.trim().to_string(), field))
        })
        .collect()
}

impl ReadConfig {
    /// From the shared read arguments.
    pub fn from_args(args: &ReadArgs, lang: Lang) -> Result<ReadConfig> {
        let user_map = parse_maps(&args.maps, lang)?;
        let rubric = load_rubric(args.rubric.as_deref(), lang)?;
        Ok(ReadConfig {
            rubric: Arc::new(rubric),
            user_map,
            sheet: args.sheet.clone(),
            inputs: args.inputs.clone(),
            limits: Limits {
                max_dense_cells: args.max_cells,
                max_entry_bytes: args.max_unzipped_mib.saturating_mul(1 << 20),
                max_total_bytes: args.max_unzipped_mib.saturating_mul(2 << 20),
                ..Limits::default()
            },
        })
    }
}

/// The run timestamp: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
pub fn run_timestamp(lang: Lang) -> Result<DateTime<Utc>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v
                .trim()
                .parse()
                .map_err(|_| UsageError(M::EPOCH.with(lang, &[&v])))?;
            DateTime::from_timestamp(secs, 0)
                .ok_or_else(|| UsageError(M::EPOCH_RANGE.with(lang, &[&v])).into())
        }
        Err(_) => Ok(Utc::now()),
    }
}

/// `<stem>.dpia.<ext>` beside the input.
/// The directory of a file, where temporary files beside it go.
pub fn spill_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The default output of an input.
pub fn default_output(input: &Path, format: OutputFormat) -> PathBuf {
    let macros = input
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsm"));
    let ext = match format {
        // A macro workbook stays one (docs/output.md#workbook).
        OutputFormat::Xlsx if macros => "xlsm",
        OutputFormat::Xlsx => "xlsx",
        OutputFormat::Json => "json",
        OutputFormat::Csv => "csv",
    };
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "register".into());
    input.with_file_name(format!("{stem}.dpia.{ext}"))
}

/// Default outputs for several inputs: `<stem>.dpia.<ext>`, or `<stem>.<input ext>.dpia.<ext>` where
/// two inputs (`a.xlsx`, `a.csv`) would otherwise write the same file.
pub fn default_outputs(inputs: &[PathBuf], format: OutputFormat) -> Vec<PathBuf> {
    let plain: Vec<PathBuf> = inputs.iter().map(|i| default_output(i, format)).collect();
    plain
        .iter()
        .zip(inputs)
        .map(|(out, input)| {
            if plain.iter().filter(|o| *o == out).count() > 1 {
                let name = input
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                default_output(&input.with_file_name(format!("{name}.x")), format)
            } else {
                out.clone()
            }
        })
        .collect()
}

impl ScoreConfig {
    /// From `score` arguments.
    pub fn from_args(args: &ScoreArgs) -> Result<ScoreConfig> {
        let lang = args.lang;
        let read = ReadConfig::from_args(&args.read, lang)?;
        let outputs = match &args.output {
            Some(o) if read.inputs.len() > 1 => {
                bail!(UsageError(
                    M::OUTPUT_WITH_SEVERAL.with(lang, &[&o.display()])
                ))
            }
            Some(o) if o.as_os_str() == "-" => {
                if args.format == OutputFormat::Xlsx {
                    bail!(UsageError(M::STDOUT_FORMATS.get(lang).into()));
                }
                vec![None]
            }
            Some(o) => vec![Some(o.clone())],
            None => default_outputs(&read.inputs, args.format)
                .into_iter()
                .map(Some)
                .collect(),
        };
        let jobs = match args.jobs {
            Some(0) => bail!(UsageError(M::JOBS_AT_LEAST_ONE.get(lang).into())),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let previous = match &args.previous {
            Some(_) if read.inputs.len() > 1 => {
                bail!(UsageError(M::PREVIOUS_ONE_INPUT.get(lang).into()))
            }
            Some(p) => {
                // Its rows wait beside the output (or the input) until they are compared.
                let spill = outputs
                    .first()
                    .cloned()
                    .flatten()
                    .or_else(|| read.inputs.first().cloned())
                    .map(|o| spill_dir(&o))
                    .unwrap_or_else(std::env::temp_dir);
                Some(load_previous(p, p, &read, &spill, lang)?)
            }
            None => None,
        };
        Ok(ScoreConfig {
            previous,
            read,
            outputs,
            lang: args.lang,
            format: args.format,
            fail_on: args.fail_on,
            zip_level: args.zip_level,
            jobs,
            force: args.force,
            quiet: args.quiet,
            timestamp: run_timestamp(lang)?,
            shown_as: None,
            progress: None,
            json_rows: crate::output::json::JsonRows::All,
            cancel: None,
            also: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_parse() {
        let ok = parse_maps(
            &["Hoeveel personen=data_subjects".into(), "A=B=c=id".into()],
            crate::lang::Lang::Nl,
        )
        .unwrap();
        assert_eq!(ok[0], ("Hoeveel personen".to_string(), Field::DataSubjects));
        assert_eq!(ok[1], ("A=B=c".to_string(), Field::Id));
        assert!(parse_maps(&["geen-is-teken".into()], crate::lang::Lang::Nl).is_err());
        assert!(parse_maps(&["X=onbekend_veld".into()], crate::lang::Lang::Nl).is_err());
    }

    #[test]
    fn colliding_outputs_keep_the_input_extension() {
        let inputs = ["r.xlsx", "r.csv", "s.xlsx"].map(PathBuf::from);
        let outs = default_outputs(&inputs, OutputFormat::Xlsx);
        let expected = ["r.xlsx.dpia.xlsx", "r.csv.dpia.xlsx", "s.dpia.xlsx"].map(PathBuf::from);
        assert_eq!(outs, expected);
    }

    #[test]
    fn default_output_beside_input() {
        let cases = [
            (
                "samples/verwerkingsregister.xlsx",
                OutputFormat::Xlsx,
                "samples/verwerkingsregister.dpia.xlsx",
            ),
            ("a/b.csv", OutputFormat::Json, "a/b.dpia.json"),
            ("reg", OutputFormat::Csv, "reg.dpia.csv"),
            (
                "m/Register.XLSM",
                OutputFormat::Xlsx,
                "m/Register.dpia.xlsm",
            ),
            (
                "m/register.xlsm",
                OutputFormat::Json,
                "m/register.dpia.json",
            ),
        ];
        for (input, fmt, expected) in cases {
            assert_eq!(
                default_output(Path::new(input), fmt),
                PathBuf::from(expected)
            );
        }
    }
}
