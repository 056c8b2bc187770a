//! `score`: each input file opened, its sheet and header located, and streamed through the
//! pipeline into the chosen sink (the annotated workbook in place or rebuilt, JSON or CSV, or
//! several at once for the page); several inputs in parallel, one bad file reported while the
//! others still run; the progress line and the summary line.

use crate::messages as M;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};

use crate::cli::{FailOn, OutputFormat, ScoreArgs};
use crate::config::ScoreConfig;
use crate::input::locate::locate;
use crate::input::marker::{read_marker, Marker};
use crate::input::{guarded, Source};
use crate::lang::Lang;
use crate::ooxml::package::macro_enabled;
use crate::output::xlsx::{Mode, XlsxSink};
use crate::output::{csv::CsvSink, json::JsonSink, RunInfo, Sink, Summary, Target};
use crate::pipeline::{self, hash_file, Settings};
use crate::previous::Previous;

use super::{broken_pipe, exit, pool, report};

/// Score one register to `output` (`None`: standard output) with these settings on this pool;
/// the summary comes back. (`serve` scores uploads through it, as `score` does files.)
pub fn score_one(
    input: &Path,
    output: Option<PathBuf>,
    cfg: &ScoreConfig,
    pool: &rayon::ThreadPool,
) -> Result<Summary> {
    let lang = cfg.lang;
    let written = output.as_ref().map_or_else(
        || M::STANDARD_OUTPUT.get(lang).to_string(),
        |o| o.display().to_string(),
    );
    guarded(lang, || score_one_unguarded(input, output, cfg, pool)).map_err(|e| {
        // A full disk is the output's problem, not the register's (docs/output.md#output-files); the temporary file
        // is gone, nothing half-written is left.
        if crate::input::is_disk_full(&e) {
            anyhow::Error::new(crate::input::DiskFull {
                output: written,
                lang,
            })
        } else {
            e
        }
    })
}

fn score_one_unguarded(
    input: &Path,
    output: Option<PathBuf>,
    cfg: &ScoreConfig,
    pool: &rayon::ThreadPool,
) -> Result<Summary> {
    let lang = cfg.lang;
    let mut source = Source::open(input, &cfg.read.limits, lang)?;
    let rubric = Arc::clone(&cfg.read.rubric);
    let mut located = locate(
        &mut source,
        cfg.read.sheet.as_deref(),
        &rubric,
        &cfg.read.user_map,
        lang,
    )?;
    // A workbook this tool annotated before: its columns are not input, and it is its own
    // previous assessment (the user's work on Maatregelen is carried forward).
    let marker = if source.is_xlsx() {
        read_marker(input)
    } else {
        Marker::default()
    };
    // The marker covers the tool's columns; a user's column inserted among them widens it, so
    // each is told by its header as the tool wrote it (either language). The others are the
    // user's: read as any column, and kept where they stand.
    let old_columns = match marker.columns_on(&located.sheet) {
        Some((row, cols)) if row == located.map.header_row => {
            let noted: Vec<u16> = crate::input::marker::tool_notes(input, &located.sheet)
                .into_iter()
                .filter(|(r, _)| *r == row)
                .map(|(_, c)| c)
                .collect();
            tool_columns(cols, &noted, |c| located.map.header_text(c), &rubric)
        }
        _ => Vec::new(),
    };
    for (col, _) in &old_columns {
        located.map.forget_columns(*col, *col);
    }
    if let Some((row, cols)) = marker.inputs_on(&located.sheet) {
        if row == located.map.header_row {
            for &col in cols {
                located.map.mark_unanswered(col, col);
            }
        }
    }
    // The page writes every format in one pass (`cfg.also`).
    let writes_xlsx = cfg.format == OutputFormat::Xlsx
        || cfg.also.iter().any(|(f, _, _)| *f == OutputFormat::Xlsx);
    // A workbook scored again is its own previous run: its Maatregelen hold the latest work.
    // `--previous` naming an earlier workbook as well is what its values and advice are compared
    // with; the work is still carried from the workbook itself, never dropped.
    let previous = match &cfg.previous {
        Some(p) if !(writes_xlsx && marker.is_annotated()) => Some(Arc::clone(p)),
        _ if writes_xlsx && marker.is_annotated() => {
            let mut own = Previous::load(
                input,
                cfg.shown_as.as_deref().unwrap_or(input),
                &rubric,
                &cfg.read.user_map,
                &cfg.read.limits,
                &crate::config::spill_dir(output.as_deref().unwrap_or(input)),
                lang,
            )?;
            // Annotated in place (an xlsx scored as xlsx): its Maatregelen formats are the
            // output's styles.
            own.own_styles = true;
            if let Some(earlier) = &cfg.previous {
                own.compare_with(Arc::clone(earlier));
            }
            Some(Arc::new(own))
        }
        _ => None,
    };
    // What is wrong with the earlier workbook as a comparison is reported once, on Meldingen.
    if let Some(p) = &previous {
        located
            .map
            .header_findings
            .extend(p.findings.iter().cloned());
    }
    let info = RunInfo {
        version: env!("CARGO_PKG_VERSION"),
        rubric_name: rubric.meta.name.clone(),
        rubric_version: rubric.meta.version.clone(),
        rubric_sha256: rubric.sha256.clone(),
        input_path: input.to_path_buf(),
        shown_as: cfg.shown_as.clone(),
        sheet: located.sheet.clone(),
        sheet_choice: located.why,
        header_row: located.map.header_row + 1,
        timestamp: cfg.timestamp,
    };
    // An xlsx/xlsm register is annotated in place; other formats are rebuilt (docs/output.md#workbook).
    // A Strict Open XML workbook is rebuilt from its values, as an .ods or .xlsb is: the tool's
    // parts would have to be written in the strict namespaces.
    let in_place = writes_xlsx && source.is_xlsx() && !crate::ooxml::package::is_strict(input);
    if cfg.format == OutputFormat::Xlsx {
        if let Some(out) = &output {
            check_extension(out, in_place && macro_enabled(input), lang)?;
        }
    }
    let target = Target::new(output, input, cfg.force, lang)?;
    let mut mode = in_place.then(|| Mode::InPlace {
        sheet: located.sheet.clone(),
        header_row: located.map.header_row,
        absent: absent_inputs(&located.map),
        old: old_columns,
    });
    let mut make = |format: OutputFormat,
                    target: Target,
                    rows: crate::output::json::JsonRows|
     -> Result<Box<dyn Sink>> {
        Ok(match format {
            OutputFormat::Xlsx => Box::new(XlsxSink::new(
                target,
                info.clone(),
                Arc::clone(&rubric),
                cfg.lang,
                &located.sheets,
                previous.clone(),
                cfg.zip_level,
                mode.take().unwrap_or_else(|| Mode::Rebuilt {
                    hidden: located.hidden.clone(),
                    absent: absent_inputs(&located.map),
                }),
            )?),
            OutputFormat::Json => Box::new(JsonSink::new(
                target,
                info.clone(),
                Arc::clone(&rubric),
                cfg.lang,
                rows,
            )?),
            OutputFormat::Csv => Box::new(CsvSink::new(target, Arc::clone(&rubric))?),
        })
    };
    let mut sink = make(cfg.format, target, cfg.json_rows)?;
    if !cfg.also.is_empty() {
        let mut sinks = vec![sink];
        for (format, path, rows) in &cfg.also {
            let target = Target::new(Some(path.clone()), input, true, lang)?;
            sinks.push(make(*format, target, *rows)?);
        }
        sink = Box::new(crate::output::Tee(sinks));
    }
    let settings = Settings {
        rubric,
        today: cfg.today(),
        lang: cfg.lang,
        pool,
        all_sheets: writes_xlsx && !in_place,
        explain: writes_xlsx
            .then_some(crate::output::xlsx::explanation as crate::pipeline::Explain),
        previous,
        progress: cfg
            .progress
            .clone()
            .or_else(|| progress(input, cfg.quiet, cfg.lang)),
        cancel: cfg.cancel.clone(),
    };
    // A total for the progress: what the sheet declares, or the CSV's lines.
    if let Some(bar) = &settings.progress {
        if let Some(total) = source.estimated_rows(&located.sheet, located.map.header_row) {
            bar.set_length(total);
        }
    }
    if cfg.format == OutputFormat::Csv && cfg.also.is_empty() {
        // CSV records no fingerprint: the closure is never called.
        return pipeline::run(source, &located, &settings, sink, || hash_file(input, lang));
    }
    // The input's hash (a second read of the file) runs beside the pipeline; it is only needed
    // for the audit trail at the end.
    std::thread::scope(|scope| {
        let fingerprint = std::thread::Builder::new()
            .name("hash".into())
            .spawn_scoped(scope, || hash_file(input, lang))
            .context(M::THREAD.get(lang))?;
        pipeline::run(source, &located, &settings, sink, || {
            fingerprint
                .join()
                .map_err(|_| anyhow::anyhow!(M::CANNOT_BE_READ.with(lang, &[&input.display()])))?
        })
    })
}

/// The assessment fields a register has no column for, which the annotated workbook adds as input
/// columns so the officer can fill them in and score again (docs/output.md#workbook). A count that a list the
/// register has already gives (systems, processors, data types), and masking where security
/// measures are described, are not asked again; nor are the two levels that are derived anyway
/// (exposure, complexity).
fn absent_inputs(map: &crate::input::header::ColumnMap) -> Vec<crate::fields::Field> {
    use crate::fields::Field;
    let has = |f: Field| map.column_of(f).is_some();
    // Only a register kept the art. 30 way (docs/register.md#art-30-registers) gets them: one with the template's own
    // columns has chosen which of them to keep.
    let art30 = Field::ART30.iter().any(|f| has(*f));
    if !art30 {
        return Vec::new();
    }
    Field::TEMPLATE
        .into_iter()
        .filter(|f| !has(*f))
        .filter(|f| match f {
            Field::Id | Field::Name | Field::Exposure | Field::Complexity => false,
            Field::DataTypes => !has(Field::DataCategories),
            Field::Systems => !has(Field::SystemsList),
            Field::Processors => !has(Field::Recipients),
            Field::Masking => !has(Field::Security),
            _ => true,
        })
        .collect()
}

/// The output's name must say what it holds: `.xlsm` for a workbook with macros (Excel refuses to
/// open a macro workbook called `.xlsx`, and an `.xlsm` without them), `.xlsx` otherwise.
fn check_extension(out: &Path, macros: bool, lang: Lang) -> Result<()> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match (macros, ext.as_str()) {
        (true, "xlsm") | (false, "xlsx") => Ok(()),
        (true, _) => anyhow::bail!(M::MACROS_STAY_XLSM.with(lang, &[&out.display()])),
        (false, _) => anyhow::bail!(M::NO_MACROS_XLSX.with(lang, &[&out.display()])),
    }
}

/// A counter of the activities scored, on stderr when it is a terminal and `--quiet` is not given,
/// in the output language: `register.xlsx: 12.500 activiteiten (38.000/s)`.
fn progress(input: &Path, quiet: bool, lang: Lang) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    let style = indicatif::ProgressStyle::with_template("{spinner} {prefix}: {done} {msg}")
        .map(|style| {
            // The language's thousands, and a whole number a second ({per_sec} prints decimals).
            style.with_key(
                "done",
                move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(
                        w,
                        "{}",
                        progress_text(state.pos(), state.len(), state.per_sec(), lang)
                    );
                },
            )
        })
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_prefix(input.display().to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

/// The progress line's count: `12.500 van ongeveer 300.000 activiteiten (4 %, 25.000/s)` with a
/// total (what the sheet declares, so "about"), else `12.500 activiteiten (25.000/s)`.
pub fn progress_text(done: u64, total: Option<u64>, per_sec: f64, lang: Lang) -> String {
    let rate = lang.count(per_sec as u64);
    match total.filter(|t| *t > 0) {
        Some(total) => {
            let total = total.max(done);
            let percent = done.saturating_mul(100) / total;
            M::PROGRESS_OF_TOTAL.with(
                lang,
                &[&lang.count(done), &lang.count(total), &percent, &rate],
            )
        }
        None => M::PROGRESS.with(lang, &[&lang.count(done), &rate]),
    }
}

/// One line for the end of a run.
pub fn summary_line(input: &Path, s: &Summary, output: Option<&Path>, lang: Lang) -> String {
    let o = &s.by_outcome;
    let to = output.map_or_else(
        || M::STANDARD_OUTPUT.get(lang).to_string(),
        |p| p.display().to_string(),
    );
    // An empty register (the blank template, a CSV with only its header): say so, rather than
    // counts of nothing that read as "nothing needs a DPIA".
    if s.rows == 0 {
        return format!(
            "{}: {} → {to}",
            input.display(),
            M::REGISTER_EMPTY.get(lang)
        );
    }
    // One activity, one finding: the nouns follow the count.
    let activities = if s.rows == 1 {
        M::ACTIVITY_ONE
    } else {
        M::ACTIVITY_MANY
    };
    let findings = if s.findings == 1 {
        M::FINDING_ONE
    } else {
        M::FINDING_MANY
    };
    // The language's thousands, as the progress line counts them.
    let n = |v: u64| lang.count(v);
    let counts = M::RUN_COUNTS.with(
        lang,
        &[
            &activities.get(lang),
            &n(o.required),
            &n(o.recommended),
            &n(o.not_required),
            &n(o.incomplete),
            &n(s.by_class.high),
            &n(s.findings),
            &findings.get(lang),
            &n(s.flagged(crate::assess::Flag::DpiaMissing)),
        ],
    );
    let mut flags = vec![format!(
        "{} {}",
        lang.flag(crate::assess::Flag::ReviewDue),
        n(s.flagged(crate::assess::Flag::ReviewDue))
    )];
    for f in [crate::assess::Flag::Changed, crate::assess::Flag::Escalated] {
        if s.flagged(f) > 0 {
            flags.push(format!("{} {}", lang.flag(f), n(s.flagged(f))));
        }
    }
    format!(
        "{}: {} {counts}; {} → {to}",
        input.display(),
        n(s.rows),
        flags.join(", ")
    )
}

fn fails(on: FailOn, s: &Summary) -> bool {
    let o = &s.by_outcome;
    match on {
        FailOn::Required => o.required > 0,
        FailOn::Recommended => o.required + o.recommended > 0,
        FailOn::Findings => s.findings > 0,
    }
}

/// `dpia-triage score`.
pub fn score(args: &ScoreArgs) -> Result<u8> {
    let cfg = ScoreConfig::from_args(args)?;
    let lang = cfg.lang;
    let pool = pool(cfg.jobs, lang)?;
    let mut code = exit::OK;
    let jobs: Vec<(&PathBuf, Option<PathBuf>)> =
        cfg.read.inputs.iter().zip(cfg.outputs.clone()).collect();
    // Files are independent: run up to `jobs` of them at once (each has its own reader thread and
    // shares the scoring pool); report in the order given.
    let mut results = Vec::with_capacity(jobs.len());
    for batch in jobs.chunks(cfg.jobs.max(1)) {
        let batch_results: Vec<Result<Summary>> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .iter()
                .map(|(input, output)| {
                    let (cfg, pool) = (&cfg, &pool);
                    s.spawn(move || score_one(input, output.clone(), cfg, pool))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!(M::I_NO_RESULT.get(lang))))
                })
                .collect()
        });
        results.extend(batch_results);
    }
    for ((input, output), result) in jobs.iter().zip(results) {
        match result {
            Ok(summary) => {
                eprintln!(
                    "{}",
                    summary_line(input, &summary, output.as_deref(), cfg.lang)
                );
                if code == exit::OK && cfg.fail_on.is_some_and(|on| fails(on, &summary)) {
                    code = exit::FAIL_ON;
                }
            }
            // A closed pipe on stdout (`score … -o - | head`) ends the run quietly (docs/output.md#exit-codes).
            Err(e) if broken_pipe(&e) => {}
            Err(e) => {
                report(input, &e, lang);
                code = exit::ERROR;
            }
        }
    }
    Ok(code)
}

/// The earlier run's columns among those its marker covers, each with its index among the
/// tool's own columns: a column whose header is one the tool writes, once per header. A program
/// that moves cells without moving names (openpyxl's column inserts) leaves the marker behind:
/// a header cell that carries the tool's note (`noted`; notes move with their cells) is the
/// tool's too, and so is a column with a tool's header right beside one found.
pub fn tool_columns<'h>(
    marked: &[u16],
    noted: &[u16],
    header: impl Fn(u16) -> &'h str,
    rubric: &crate::rubric::Rubric,
) -> Vec<(u16, usize)> {
    let mut found: Vec<(u16, usize)> = Vec::new();
    let take = |col: u16, found: &mut Vec<(u16, usize)>| -> bool {
        match crate::output::labels::tool_column(header(col), rubric) {
            Some(k) if !found.iter().any(|(c, seen)| *seen == k || *c == col) => {
                found.push((col, k));
                true
            }
            _ => false,
        }
    };
    // Marked and noted first, then marked, then noted.
    for &col in marked.iter().filter(|c| noted.contains(c)) {
        take(col, &mut found);
    }
    for &col in marked.iter().chain(noted) {
        take(col, &mut found);
    }
    // Then the neighbours of what is found, until none is added.
    let mut i = 0;
    while i < found.len() {
        let col = found[i].0;
        if col < 16_383 {
            take(col + 1, &mut found);
        }
        if col > 0 {
            take(col - 1, &mut found);
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (rows, findings, language, the line's nouns)
    #[test]
    fn the_progress_line_counts_against_its_total() {
        // (done, total, per second, language, line)
        let cases = [
            (
                12_500,
                Some(300_000),
                25_000.4,
                Lang::Nl,
                "12.500 van ongeveer 300.000 activiteiten (4 %, 25.000/s)",
            ),
            (
                12_500,
                Some(300_000),
                25_000.4,
                Lang::En,
                "12,500 of about 300,000 activities (4 %, 25,000/s)",
            ),
            (
                0,
                Some(35),
                0.0,
                Lang::Nl,
                "0 van ongeveer 35 activiteiten (0 %, 0/s)",
            ),
            (
                35,
                Some(35),
                70.0,
                Lang::Nl,
                "35 van ongeveer 35 activiteiten (100 %, 70/s)",
            ),
            // More than declared (a dimension that undercounts): never over 100 %.
            (
                40,
                Some(35),
                70.0,
                Lang::En,
                "40 of about 40 activities (100 %, 70/s)",
            ),
            (1_234, None, 99.9, Lang::Nl, "1.234 activiteiten (99/s)"),
            (7, Some(0), 1.0, Lang::En, "7 activities (1/s)"),
        ];
        for (done, total, rate, lang, line) in cases {
            assert_eq!(progress_text(done, total, rate, lang), line);
        }
    }

    #[test]
    fn the_summary_line_counts_in_singular_and_plural() {
        let cases = [
            (1, 1, Lang::Nl, ("1 activiteit —", "; 1 melding;")),
            (2, 0, Lang::Nl, ("2 activiteiten —", "; 0 meldingen;")),
            (1, 1, Lang::En, ("1 activity —", "; 1 finding;")),
            (35, 32, Lang::En, ("35 activities —", "; 32 findings;")),
            // Thousands as the progress line writes them.
            (
                300_000,
                1_234,
                Lang::Nl,
                ("300.000 activiteiten —", "; 1.234 meldingen;"),
            ),
            (
                300_000,
                1_234,
                Lang::En,
                ("300,000 activities —", "; 1,234 findings;"),
            ),
            (
                0,
                0,
                Lang::Nl,
                ("geen activiteiten gevonden", "het register is leeg"),
            ),
            (
                0,
                3,
                Lang::En,
                ("no activities found", "the register is empty"),
            ),
        ];
        for (rows, findings, lang, (a, f)) in cases {
            let mut s = Summary::new();
            s.rows = rows;
            s.findings = findings;
            let line = summary_line(Path::new("r.xlsx"), &s, None, lang);
            assert!(line.contains(a) && line.contains(f), "{line}");
        }
    }

    /// (the marker's columns, the header row as (column, text), the tool's columns found)
    #[test]
    fn the_tools_columns_are_told_by_their_headers() {
        let rubric = crate::rubric::Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let tool = crate::output::labels::tool_headers(Lang::Nl, &rubric);
        let en = crate::output::labels::tool_headers(Lang::En, &rubric);
        let h = |k: usize| tool[k].as_str();
        type Case<'a> = (Vec<u16>, Vec<u16>, Vec<(u16, &'a str)>, Vec<(u16, usize)>);
        let cases: Vec<Case> = vec![
            // As written: all of them.
            (
                vec![5, 6, 7],
                vec![5, 6, 7],
                vec![(5, h(0)), (6, h(1)), (7, h(2))],
                vec![(5, 0), (6, 1), (7, 2)],
            ),
            // A user's column inserted among them (the name widened over it): not the tool's.
            (
                vec![5, 6, 7, 8],
                vec![5, 7, 8],
                vec![(5, h(0)), (6, "Toelichting DPO"), (7, h(1)), (8, h(2))],
                vec![(5, 0), (7, 1), (8, 2)],
            ),
            // Names not moved (openpyxl): the notes moved with the cells.
            (
                vec![5, 6, 7],
                vec![5, 7, 9],
                vec![
                    (5, h(0)),
                    (6, "Toelichting DPO"),
                    (7, h(1)),
                    (8, "Notitie"),
                    (9, h(2)),
                ],
                vec![(5, 0), (7, 1), (9, 2)],
            ),
            // Names not moved and no notes: a tool header beside one found.
            (
                vec![5, 6, 7],
                vec![],
                vec![(5, h(0)), (6, "Toelichting DPO"), (7, h(1)), (8, h(2))],
                vec![(5, 0), (7, 1), (8, 2)],
            ),
            // A header typed twice: the marked one is the tool's, the other the user's.
            (
                vec![6],
                vec![6],
                vec![(2, h(16)), (6, h(16))],
                vec![(6, 16)],
            ),
            // The user's own "Risicoscore" far from the block stays the user's.
            (
                vec![5, 6],
                vec![5, 6],
                vec![(1, h(10)), (5, h(0)), (6, h(1))],
                vec![(5, 0), (6, 1)],
            ),
            // English headers, another case, spaces: still the tool's.
            (
                vec![0, 1],
                vec![],
                vec![(0, en[15].as_str()), (1, "  RISICOSCORE ")],
                vec![(0, 15), (1, 10)],
            ),
            // A header the user renamed, though its note is the tool's: the user's now.
            (vec![3], vec![3], vec![(3, "Mijn score")], vec![]),
            // An emptied header, and a marker over nothing of the tool's.
            (vec![3, 4], vec![], vec![(3, ""), (4, "Budget")], vec![]),
            // Column 0 and the last column: no step outside the sheet.
            (vec![0], vec![], vec![(0, h(0))], vec![(0, 0)]),
            (
                vec![16_383],
                vec![],
                vec![(16_383, h(0))],
                vec![(16_383, 0)],
            ),
        ];
        for (marked, noted, headers, expected) in cases {
            let header = |c: u16| {
                headers
                    .iter()
                    .find(|(col, _)| *col == c)
                    .map_or("", |(_, t)| *t)
            };
            let mut got = tool_columns(&marked, &noted, header, &rubric);
            got.sort_unstable();
            assert_eq!(got, expected, "{marked:?} {headers:?}");
        }
    }
}
