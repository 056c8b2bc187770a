//! The output stage: sinks that receive the rows in sheet order — the user's rows untouched and
//! the scored rows with their assessment — and write them as they come (xlsx in constant-memory
//! mode, JSON and CSV streamed). A sink needs only counts to finish (`Summary`), never the whole
//! register. Writing goes to a temporary file beside the target that is renamed at the end, so a
//! failed run leaves nothing behind (see `commit`).

pub mod check;
pub mod csv;
pub mod json;
pub mod labels;
pub mod template;
pub mod xlsx;

use crate::lang::Lang;
use crate::messages as M;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde::Serialize;

use crate::assess::{Assessment, Flag, Outcome};
use crate::finding::Finding;
use crate::input::header::ColumnMap;
use crate::input::layout::SheetLayout;
use crate::input::RawRow;
use crate::value::Level;

/// Facts about the run for the audit trail and the JSON header.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// Tool version.
    pub version: &'static str,
    /// Rubric name.
    pub rubric_name: String,
    /// Rubric version.
    pub rubric_version: String,
    /// Rubric SHA-256.
    pub rubric_sha256: String,
    /// Input path as given (where it is read).
    pub input_path: PathBuf,
    /// The name it is recorded under, when not its path (an upload of the page).
    pub shown_as: Option<PathBuf>,
    /// Scored sheet.
    pub sheet: String,
    /// Why that sheet.
    pub sheet_choice: crate::input::locate::SheetChoice,
    /// 1-based header row.
    pub header_row: u32,
    /// Run timestamp (UTC), honouring `SOURCE_DATE_EPOCH`.
    pub timestamp: chrono::DateTime<chrono::Utc>,
}

impl RunInfo {
    /// The input as the audit trail, the JSON and the summary name it.
    pub fn shown_path(&self) -> &Path {
        self.shown_as.as_deref().unwrap_or(&self.input_path)
    }

    /// The input's file name, as the outputs that travel (the workbook, the JSON) show it: not
    /// the folder it was in (`C:\Users\<name>\…`, `/home/<name>/…`); the Verantwoording has its
    /// size and SHA-256 to identify it.
    pub fn shown_name(&self) -> String {
        let path = self.shown_path();
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// One finding per unknown criterion or absent column that decides outcomes
/// (docs/output.md#meldingen), most deciding first: for Meldingen and the JSON's findings.
pub fn deciding_findings(summary: &Summary, lang: crate::lang::Lang) -> Vec<Finding> {
    let mut ranked: Vec<(&String, &u64)> = summary.deciding.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    ranked
        .into_iter()
        .map(|(what, n)| {
            let message = if *n == 1 {
                M::DECIDES_ONE.with(lang, &[what])
            } else {
                M::DECIDES_MANY.with(lang, &[what, &lang.count(*n)])
            };
            Finding {
                cell: String::new(),
                column: what.clone(),
                value: String::new(),
                message,
            }
        })
        .collect()
}

/// The input file's size and SHA-256, for the audit trail. Computed beside the pipeline (a second
/// read of the whole file) and handed to the sink when it finishes.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// The input's fingerprint when a sink asks for it.
pub type FingerprintOf<'a> = Box<dyn FnOnce() -> Result<Fingerprint> + 'a>;

/// Counts gathered while rows stream past.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Scored rows.
    pub rows: u64,
    /// Per outcome.
    pub by_outcome: ByOutcome,
    /// Per class.
    pub by_class: ByClass,
    /// Findings (rows and header).
    pub findings: u64,
    /// Per criterion, per level key (`unknown` included).
    #[serde(skip)]
    pub levels: BTreeMap<&'static str, BTreeMap<&'static str, u64>>,
    /// Per flag key.
    #[serde(skip)]
    pub flags: BTreeMap<&'static str, u64>,
    /// Measures assigned.
    #[serde(skip)]
    pub measures: u64,
    /// Per unknown criterion or absent column: the activities whose advice it decides.
    #[serde(skip)]
    pub deciding: BTreeMap<String, u64>,
    /// Per department (where the register gives one): activities, and per outcome in the order
    /// of `Outcome::ALL`.
    #[serde(skip)]
    pub by_department: BTreeMap<String, [u64; 5]>,
}

/// Departments counted one by one on the Samenvatting; more are counted together.
pub const DEPARTMENTS_LISTED: usize = 200;

/// Rows per DPIA outcome, in the key order of docs/output.md#json.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ByOutcome {
    /// DPIA required.
    pub required: u64,
    /// DPIA recommended.
    pub recommended: u64,
    /// No DPIA needed.
    pub not_required: u64,
    /// Incomplete.
    pub incomplete: u64,
}

impl ByOutcome {
    /// The count of one outcome.
    pub fn get(&self, o: Outcome) -> u64 {
        match o {
            Outcome::Required => self.required,
            Outcome::Recommended => self.recommended,
            Outcome::NotRequired => self.not_required,
            Outcome::Incomplete => self.incomplete,
        }
    }

    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Required => self.required += 1,
            Outcome::Recommended => self.recommended += 1,
            Outcome::NotRequired => self.not_required += 1,
            Outcome::Incomplete => self.incomplete += 1,
        }
    }
}

/// Rows per risk class, in the key order of docs/output.md#json.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ByClass {
    /// Class high.
    pub high: u64,
    /// Class medium.
    pub medium: u64,
    /// Class low.
    pub low: u64,
    /// Class incomplete: the unknowns could change it.
    pub incomplete: u64,
}

impl ByClass {
    /// The count of one class.
    pub fn get(&self, l: Level) -> u64 {
        match l {
            Level::High => self.high,
            Level::Medium => self.medium,
            Level::Low | Level::None => self.low,
        }
    }
}

impl Summary {
    /// An empty summary.
    pub fn new() -> Summary {
        Summary::default()
    }

    /// Count one assessment.
    pub fn add(&mut self, a: &Assessment) {
        self.rows += 1;
        self.by_outcome.add(a.outcome);
        match a.class {
            _ if a.class_incomplete => self.by_class.incomplete += 1,
            Level::High => self.by_class.high += 1,
            Level::Medium => self.by_class.medium += 1,
            Level::Low | Level::None => self.by_class.low += 1,
        }
        for d in &a.deciding {
            *self.deciding.entry(d.clone()).or_default() += 1;
        }
        if let Some(dep) = a
            .department
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            let key = if self.by_department.len() < DEPARTMENTS_LISTED
                || self.by_department.contains_key(dep)
            {
                dep.to_string()
            } else {
                "…".to_string()
            };
            let counts = self.by_department.entry(key).or_default();
            counts[0] += 1;
            if let Some(i) = Outcome::ALL.iter().position(|o| *o == a.outcome) {
                counts[i + 1] += 1;
            }
        }
        self.findings += a.findings.len() as u64;
        for (c, j) in crate::fields::Criterion::ALL.iter().zip(&a.judgements) {
            let level = j.level.map_or("unknown", Level::key);
            *self
                .levels
                .entry(c.key())
                .or_default()
                .entry(level)
                .or_default() += 1;
        }
        for f in &a.flags {
            *self.flags.entry(f.key()).or_default() += 1;
        }
        self.measures += a.measures.len() as u64;
    }

    /// Add the counts of `other` (a chunk counted elsewhere).
    pub fn merge(&mut self, other: &Summary) {
        self.rows += other.rows;
        let (mine, theirs) = (&mut self.by_outcome, &other.by_outcome);
        mine.required += theirs.required;
        mine.recommended += theirs.recommended;
        mine.not_required += theirs.not_required;
        mine.incomplete += theirs.incomplete;
        self.by_class.high += other.by_class.high;
        self.by_class.medium += other.by_class.medium;
        self.by_class.low += other.by_class.low;
        self.by_class.incomplete += other.by_class.incomplete;
        for (d, n) in &other.deciding {
            *self.deciding.entry(d.clone()).or_default() += n;
        }
        for (dep, counts) in &other.by_department {
            let key = if self.by_department.len() < DEPARTMENTS_LISTED
                || self.by_department.contains_key(dep)
            {
                dep.clone()
            } else {
                "…".to_string()
            };
            let mine = self.by_department.entry(key).or_default();
            for (m, t) in mine.iter_mut().zip(counts) {
                *m += t;
            }
        }
        self.findings += other.findings;
        for (criterion, levels) in &other.levels {
            let mine = self.levels.entry(criterion).or_default();
            for (level, n) in levels {
                *mine.entry(level).or_default() += n;
            }
        }
        for (flag, n) in &other.flags {
            *self.flags.entry(flag).or_default() += n;
        }
        self.measures += other.measures;
    }

    /// Rows with a flag.
    pub fn flagged(&self, flag: Flag) -> u64 {
        self.flags.get(flag.key()).copied().unwrap_or(0)
    }
}

/// A scored row's assessment with what the outputs are handed beside it.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The assessment.
    pub assessment: Assessment,
    /// This activity in the `--previous` run, if it was there, with its Maatregelen rows.
    pub matched: Option<Box<crate::carried::Matched>>,
    /// The reasons as the workbook shows them (one line per criterion, then the advice), made on
    /// the scoring threads by the output's function (`pipeline::Settings::explain`); empty when
    /// the output has none.
    pub explanation: String,
}

/// Where the rows go.
pub trait Sink {
    /// A new input sheet starts; `scored` for the sheet that is assessed; `layout` holds its
    /// merged ranges (sorted by first row) and column widths.
    fn begin_sheet(&mut self, name: &str, scored: bool, layout: &SheetLayout) -> Result<()>;
    /// A row passed through untouched (other sheets, rows above the header, empty rows).
    fn user_row(&mut self, row: RawRow) -> Result<()>;
    /// The header row of the scored sheet.
    fn header_row(&mut self, row: &RawRow, map: &ColumnMap) -> Result<()>;
    /// A scored row and its assessment.
    fn scored_row(&mut self, row: RawRow, s: Scored) -> Result<()>;
    /// Sheet-level findings (duplicate headers).
    fn sheet_findings(&mut self, findings: &[Finding]) -> Result<()>;
    /// Everything is written: finish the file at `tmp`. `input` gives the input's fingerprint,
    /// for the sinks that record it (it may still be being computed).
    fn finish(self: Box<Self>, summary: &Summary, input: FingerprintOf<'_>) -> Result<()>;
    /// A reader of the scored sheet's part that wants its tokens in the register's own read
    /// (the in-place rewrite's first pass), with the sheet's name; asked once, before the read.
    fn sheet_tap(&mut self) -> Option<(String, Box<dyn crate::input::SheetTap>)> {
        None
    }
}

/// Several sinks fed by one pass over the register: the page's scoring writes its summary, the
/// annotated workbook, the JSON and the CSV at once, so that a download does not score again.
pub struct Tee(pub Vec<Box<dyn Sink>>);

impl Tee {
    /// Hand `item` to every sink: a copy to all but the last, which takes it.
    fn each<T: Clone>(
        &mut self,
        item: T,
        mut f: impl FnMut(&mut dyn Sink, T) -> Result<()>,
    ) -> Result<()> {
        let Some((last, rest)) = self.0.split_last_mut() else {
            return Ok(());
        };
        for sink in rest {
            f(sink.as_mut(), item.clone())?;
        }
        f(last.as_mut(), item)
    }
}

impl Sink for Tee {
    fn begin_sheet(&mut self, name: &str, scored: bool, layout: &SheetLayout) -> Result<()> {
        self.0
            .iter_mut()
            .try_for_each(|s| s.begin_sheet(name, scored, layout))
    }

    fn user_row(&mut self, row: RawRow) -> Result<()> {
        self.each(row, |s, row| s.user_row(row))
    }

    fn header_row(&mut self, row: &RawRow, map: &ColumnMap) -> Result<()> {
        self.0.iter_mut().try_for_each(|s| s.header_row(row, map))
    }

    fn scored_row(&mut self, row: RawRow, scored: Scored) -> Result<()> {
        self.each((row, scored), |s, (row, scored)| s.scored_row(row, scored))
    }

    fn sheet_findings(&mut self, findings: &[Finding]) -> Result<()> {
        self.0
            .iter_mut()
            .try_for_each(|s| s.sheet_findings(findings))
    }

    fn sheet_tap(&mut self) -> Option<(String, Box<dyn crate::input::SheetTap>)> {
        self.0.iter_mut().find_map(|s| s.sheet_tap())
    }

    fn finish(self: Box<Self>, summary: &Summary, input: FingerprintOf<'_>) -> Result<()> {
        // Asked once, then handed to each sink that wants it.
        let fingerprint = input()?;
        for sink in self.0 {
            let fingerprint = fingerprint.clone();
            sink.finish(summary, Box::new(move || Ok(fingerprint)))?;
        }
        Ok(())
    }
}

/// The temporary files and directories of this process, so that an interrupted run (Ctrl-C,
/// SIGTERM, SIGHUP) can remove them before it exits (docs/output.md#output-files): a process ended
/// by a signal runs no destructors. Entries whose file or directory is gone are dropped as new
/// ones come, so a long-running `serve` keeps only the live ones.
static TEMP_FILES: std::sync::Mutex<Vec<(PathBuf, bool)>> = std::sync::Mutex::new(Vec::new());

/// Note a temporary file to remove if the run is interrupted.
pub fn register_temp(path: &Path) {
    register(path, false);
}

/// Note a temporary directory to remove, with everything in it, if the run is interrupted (an
/// upload of the page).
pub fn register_temp_dir(path: &Path) {
    register(path, true);
}

fn register(path: &Path, dir: bool) {
    if let Ok(mut files) = TEMP_FILES.lock() {
        files.retain(|(f, _)| f.exists());
        files.push((path.to_path_buf(), dir));
    }
}

/// Remove every temporary file and directory this process made that still exists (the
/// interrupted run's).
pub fn remove_temps() {
    if let Ok(files) = TEMP_FILES.lock() {
        for (f, dir) in files.iter() {
            let _ = if *dir {
                std::fs::remove_dir_all(f)
            } else {
                std::fs::remove_file(f)
            };
        }
    }
}

/// A named temporary file beside `dir`'s output, registered for removal on interruption.
pub fn temp_file_in(dir: &Path, lang: Lang) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dpia-triage-").suffix(".tmp");
    // A temporary file is private (0600); the finished output is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let tmp = builder
        .tempfile_in(dir)
        .with_context(|| M::TEMP_FILE.with(lang, &[&dir.display()]))?;
    register_temp(tmp.path());
    Ok(tmp)
}

/// A target file written through a temporary file beside it.
pub struct Target {
    /// Final path; `None` for stdout.
    pub path: Option<PathBuf>,
    tmp: Option<tempfile::NamedTempFile>,
    force: bool,
    lang: Lang,
}

impl Target {
    /// Prepare a target: refuses to overwrite without `force` and never writes over `input`.
    pub fn new(path: Option<PathBuf>, input: &Path, force: bool, lang: Lang) -> Result<Target> {
        let Some(path) = path else {
            return Ok(Target {
                path: None,
                tmp: None,
                force,
                lang,
            });
        };
        if same_file(&path, input) {
            bail!(M::OUTPUT_IS_INPUT.with(lang, &[&path.display()]));
        }
        if path.exists() && !force {
            bail!(M::OUTPUT_EXISTS.with(lang, &[&path.display()]));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = temp_file_in(&dir, lang)?;
        Ok(Target {
            path: Some(path),
            tmp: Some(tmp),
            force,
            lang,
        })
    }

    /// The temporary path to write to (None for stdout).
    pub fn tmp_path(&self) -> Option<&Path> {
        self.tmp.as_ref().map(|t| t.path())
    }

    /// A writer to the temporary file, or stdout.
    pub fn writer(&self) -> Result<Box<dyn Write + Send>> {
        match &self.tmp {
            Some(t) => Ok(Box::new(std::io::BufWriter::with_capacity(
                256 * 1024,
                t.reopen().context(M::TEMP_READ.get(self.lang))?,
            ))),
            None => Ok(Box::new(std::io::BufWriter::new(std::io::stdout()))),
        }
    }

    /// Move the finished temporary file into place. Without `--force` the move never replaces a
    /// file: one that another process created during the run stays, and this run fails (the
    /// check in `new` only covers the start).
    pub fn commit(self) -> Result<()> {
        let lang = self.lang;
        if let (Some(tmp), Some(path)) = (self.tmp, self.path) {
            let persisted = if self.force {
                tmp.persist(&path).map(drop)
            } else {
                tmp.persist_noclobber(&path).map(drop)
            };
            persisted.map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    anyhow::anyhow!(M::OUTPUT_APPEARED.with(lang, &[&path.display()]))
                } else {
                    anyhow::anyhow!(M::OUTPUT_NOT_WRITTEN.with(lang, &[&path.display(), &e.error]))
                }
            })?;
        }
        Ok(())
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => {
            // The output does not exist yet: compare the absolute forms.
            let abs = |p: &Path| std::path::absolute(p).ok();
            abs(a).is_some() && abs(a) == abs(b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Target;
    use std::io::Write as _;

    /// A file that appears at the output path during the run is not replaced without `--force`,
    /// and is with it; the temporary file is gone either way.
    #[test]
    fn a_file_created_during_the_run_is_not_replaced() -> anyhow::Result<()> {
        for (force, kept) in [(false, true), (true, false)] {
            let dir = tempfile::tempdir()?;
            let out = dir.path().join("uit.dpia.xlsx");
            let input = dir.path().join("in.xlsx");
            let target = Target::new(Some(out.clone()), &input, force, crate::lang::Lang::Nl)?;
            target.writer()?.write_all(b"ours")?;
            std::fs::write(&out, b"theirs")?;
            let committed = target.commit();
            assert_eq!(committed.is_err(), kept, "force {force}");
            let now = std::fs::read(&out)?;
            assert_eq!(now == b"theirs", kept, "force {force}");
            let left: Vec<_> = std::fs::read_dir(dir.path())?.collect();
            assert_eq!(left.len(), 1, "only the output remains (force {force})");
        }
        Ok(())
    }
}
