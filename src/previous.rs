//! Re-assessment (docs/output.md#previous-run): reading an earlier annotated workbook of the same register and
//! comparing. Rows are matched by `id`, else by `name`; input values that changed are listed and
//! set `changed`; an outcome or class that went up sets `escalated`. The user's work on the earlier
//! Maatregelen sheet (status, deadline, evidence, remarks, rows added by hand) is kept here so the
//! xlsx sink can carry it forward. Columns are found by header text, not position, so a workbook
//! re-sorted, filtered or widened in Excel or LibreOffice still reads.

use crate::messages as M;
use std::borrow::Cow;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use calamine::Data;

use crate::assess::{Assessment, Flag, Outcome};
use std::sync::Arc;

use crate::carried::{decode_measure, encode_measure, Matched, PrevMeasure, RichCell};
use crate::fields::Field;
use crate::finding::Finding;
use crate::input::cell::display;
use crate::input::guard::Limits;
use crate::input::header::ColumnMap;
use crate::input::locate::locate;
use crate::input::{RawRow, Source};
use crate::lang::Lang;
use crate::rubric::Rubric;
use crate::value::{self, Level};

use crate::spill::{key_hash, Dec, Enc, Key, Store, Window};

/// The offset of an activity whose key came earlier in the workbook too.
const DUPLICATE: u64 = u64::MAX;

/// An activity as the earlier run saw it.
#[derive(Debug, Clone, Default)]
pub struct PrevRow {
    /// Id as written.
    pub id: Option<String>,
    /// Name as written.
    pub name: Option<String>,
    /// Displayed input value per field (non-empty fields only).
    pub values: Vec<(Field, String)>,
    /// The outcome then.
    pub outcome: Option<Outcome>,
    /// The class then.
    pub class: Option<Level>,
}

/// An earlier annotated workbook, read: an index in memory, the rows themselves in a temporary
/// file (`store`), read back when a row of this run matches one.
pub struct Previous {
    /// The file as its messages name it (the page's upload: the user's file name).
    pub path: PathBuf,
    store: Store,
    /// Match key (hashed) and index into `rows`, sorted by key: 24 bytes an activity.
    index: Vec<(Key, u32)>,
    /// The earlier activities in their order: record offsets (`DUPLICATE` for a key seen
    /// before).
    rows: Vec<u64>,
    /// The earlier Maatregelen rows: activity key hash (rows without an activity under the hash
    /// of "") and record offset in `measure_store`, by key, in sheet order within a key.
    measures: Vec<(Key, u64)>,
    /// The earlier Maatregelen rows themselves (read beside the activities, on a thread of
    /// their own, so a store of their own).
    measure_store: Store,
    /// Headers of the columns the user added to the Maatregelen sheet, in sheet order.
    pub measure_columns: Vec<String>,
    /// What is wrong with the earlier workbook as a comparison (keys that occur twice, another
    /// rubric), reported once on Meldingen.
    pub findings: Vec<Finding>,
    /// The earlier run used another rubric (name, version or content).
    pub other_rubric: bool,
    /// The earlier workbook is the one being annotated (scored again in place): the formats of
    /// its Maatregelen cells are styles of the output's own stylesheet and carry over. From
    /// another file they would name other styles, and are dropped.
    pub own_styles: bool,
    /// The language of its messages and findings.
    lang: Lang,
    /// Another, earlier workbook its activities are compared with (`--previous` naming one
    /// while the workbook scored again is its own previous run): this one's Maatregelen are
    /// carried, that one's values and advice are compared.
    compare: Option<Arc<Previous>>,
}

impl std::fmt::Debug for Previous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Previous")
            .field("path", &self.path)
            .field("rows", &self.rows.len())
            .field("measures", &self.measures.len())
            .finish_non_exhaustive()
    }
}

/// Windows onto the earlier Maatregelen rows: a sheet sorted by urgency holds an activity's rows
/// in a run for each urgency (`Window`).
const MEASURE_RUNS: usize = 8;

/// The windows a thread reads an earlier workbook's records through ([`Previous::reads`]).
pub struct Reads<'a> {
    rows: Window<'a>,
    measures: Window<'a>,
    /// The workbook compared with, where that is another ([`Previous::compare_with`]).
    earlier: Option<Box<Reads<'a>>>,
}

/// The key an activity is matched by: its id, else its name (normalised).
pub fn match_key(id: Option<&str>, name: Option<&str>) -> Option<String> {
    let id = id.map(value::normalize).filter(|s| !s.is_empty());
    let name = name.map(value::normalize).filter(|s| !s.is_empty());
    match (id, name) {
        (Some(id), _) => Some(format!("id:{id}")),
        (None, Some(name)) => Some(format!("name:{name}")),
        _ => None,
    }
}

fn outcome_from_text(text: &str) -> Option<Outcome> {
    // Mostly the advice as the tool wrote it.
    let exact = Outcome::ALL
        .into_iter()
        .find(|o| [Lang::Nl, Lang::En].iter().any(|l| l.outcome(*o) == text));
    if exact.is_some() {
        return exact;
    }
    let norm = value::normalize(text);
    Outcome::ALL.into_iter().find(|o| {
        [Lang::Nl, Lang::En]
            .iter()
            .any(|l| value::normalize(l.outcome(*o)) == norm)
    })
}

fn level_from_text(text: &str) -> Option<Level> {
    match value::parse_level(text, true, false, false) {
        Some(value::LevelWord::Level(l)) => Some(l),
        _ => None,
    }
}

/// Outcome rank for escalation: incomplete has none.
fn rank(o: Outcome) -> Option<u8> {
    match o {
        Outcome::NotRequired => Some(0),
        Outcome::Recommended => Some(1),
        Outcome::Required => Some(2),
        Outcome::Incomplete => None,
    }
}

/// The Maatregelen columns the tool writes, normalised as headers are (`eigenaar` for
/// `Eigenaar (rol)`), (Dutch, English), in the order of `M::MEASURE_COLUMNS`.
fn measure_headers() -> Vec<(String, String)> {
    M::MEASURE_COLUMNS
        .iter()
        .map(|t| (value::normalize_header(t.nl), value::normalize_header(t.en)))
        .collect()
}

/// The text of the cell in column `col` as shown, trimmed; taken out of `cells` rather than
/// copied (each cell is read once).
fn take_text(cells: &mut [(u16, Data)], col: Option<u16>) -> String {
    let Some((_, d)) = col.and_then(|c| cells.iter_mut().find(|(k, _)| *k == c)) else {
        return String::new();
    };
    match std::mem::take(d) {
        Data::String(s) if s.trim().len() == s.len() => s,
        other => display(&other).trim().to_string(),
    }
}

impl Previous {
    /// Read an earlier annotated workbook; refuses a workbook this tool did not write.
    ///
    /// The rows wait in a temporary file in `spill_dir` (beside the output) until they are
    /// compared.
    pub fn load(
        path: &Path,
        shown: &Path,
        rubric: &Rubric,
        user_map: &[(String, Field)],
        limits: &Limits,
        spill_dir: &Path,
        lang: Lang,
    ) -> Result<Previous> {
        // A JSON or CSV output of the tool is no annotated workbook: say so, instead of reading
        // its first line as a header row.
        let head = std::fs::File::open(path).ok().and_then(|mut f| {
            let mut buf = [0u8; 64];
            std::io::Read::read(&mut f, &mut buf)
                .ok()
                .map(|n| buf[..n].to_vec())
        });
        if head.as_deref().is_some_and(|h| {
            let text = String::from_utf8_lossy(h);
            let t = text.trim_start_matches('\u{feff}').trim_start();
            t.starts_with('{') || t.starts_with('[')
        }) {
            bail!(M::PREVIOUS_IS_JSON.with(lang, &[&shown.display()]));
        }
        let mut source = Source::open(path, limits, lang)?;
        let located = locate(&mut source, None, rubric, user_map, lang)
            .with_context(|| format!("--previous {}", shown.display()))?;
        let map = &located.map;
        // The tool's own header, in either language.
        let find = |header: M::Text| {
            map.headers
                .iter()
                .find(|(_, h)| {
                    let h = value::normalize_header(h);
                    h == value::normalize_header(header.nl)
                        || h == value::normalize_header(header.en)
                })
                .map(|(c, _)| *c)
        };
        // An in-place annotated workbook names its Maatregelen sheet with the marker; a user's own
        // sheet called Maatregelen is then not the tool's. A rebuilt one is found by its name.
        let marker = crate::input::marker::read_marker(path);
        let (outcome_col, class_col) = (find(M::COL_DPIA_ADVICE), find(M::COL_RISK_CLASS));
        let outcome_col = match outcome_col {
            Some(c) => c,
            // A workbook the tool annotated whose advice column the user deleted: still its
            // own previous run (the work on Maatregelen is carried), without earlier advice to
            // compare with (no column matches).
            None if marker.is_annotated() => u16::MAX,
            None => {
                bail!(M::PREVIOUS_NOT_OURS.with(lang, &[&shown.display(), &(map.header_row + 1)]))
            }
        };
        // Without the marker (a rebuilt workbook), the tool's sheets by their names.
        let sheet_named =
            |source: &Source, name: M::Text| source.sheet_names().into_iter().find(|s| name.is(s));
        let (measures_sheet, audit_sheet) = if marker.is_annotated() {
            (marker.sheets[1].clone(), marker.sheets[3].clone())
        } else {
            (
                sheet_named(&source, M::MEASURES_SHEET),
                sheet_named(&source, M::AUDIT_SHEET),
            )
        };
        // The Maatregelen sheet (often the larger) of an xlsx or xlsb is read beside the
        // activities, from a handle of its own on the file: the two take about as long as the
        // longer one. (An ods or xls is read whole when it is opened: a second handle would read
        // it twice.) A panic there is reported as one here would be (`guarded`).
        let beside = matches!(source, Source::Xlsx(..) | Source::Xlsb(..));
        // Formulas, links and formats are read from an xlsx package's own XML.
        let package = matches!(source, Source::Xlsx(..)).then_some(path);
        std::thread::scope(|scope| {
            let measures = measures_sheet
                .clone()
                .filter(|_| beside)
                .map(|sheet| {
                    std::thread::Builder::new()
                        .name("previous-measures".into())
                        .spawn_scoped(scope, move || -> Result<MeasuresRead> {
                            crate::input::guarded(lang, || {
                                let mut source = Source::open(path, limits, lang)?;
                                read_measures(&mut source, &sheet, shown, spill_dir, package, lang)
                            })
                        })
                        .context(M::THREAD.get(lang))
                })
                .transpose()?;
            let mut source = source;
            let prev = Self::load_rows(
                (&mut source, package),
                &located,
                (outcome_col, class_col),
                audit_sheet.as_deref(),
                (shown, rubric, spill_dir),
                lang,
            );
            let measures = match measures {
                // `guarded` has caught a panic on that thread: joining it cannot fail.
                Some(handle) => Some(handle.join().unwrap_or_else(|_| {
                    Err(anyhow::anyhow!(
                        M::CANNOT_BE_READ.with(lang, &[&shown.display()])
                    ))
                })?),
                None => match measures_sheet.filter(|_| !beside) {
                    Some(sheet) => Some(read_measures(
                        &mut source,
                        &sheet,
                        shown,
                        spill_dir,
                        None,
                        lang,
                    )?),
                    None => None,
                },
            };
            let mut prev = prev?;
            if let Some(m) = measures {
                prev.measure_store = m.store;
                prev.measures = m.entries;
                prev.measure_columns = m.columns;
                if m.no_ids {
                    prev.findings.push(Finding {
                        cell: String::new(),
                        column: String::new(),
                        value: String::new(),
                        message: M::PREVIOUS_NO_MEASURE_IDS.with(lang, &[&shown.display()]),
                    });
                }
            }
            // Stable: a key's rows stay in sheet order.
            prev.measures.sort_by_key(|(k, _)| *k);
            prev.store.seal()?;
            prev.measure_store.seal()?;
            Ok(prev)
        })
    }

    /// The earlier activities of the register sheet, and the rubric of the Verantwoording.
    fn load_rows(
        (source, package): (&mut Source, Option<&Path>),
        located: &crate::input::locate::Located,
        (outcome_col, class_col): (u16, Option<u16>),
        audit_sheet: Option<&str>,
        (shown, rubric, spill_dir): (&Path, &Rubric, &Path),
        lang: Lang,
    ) -> Result<Previous> {
        let map = &located.map;
        let mut prev = Previous {
            path: shown.to_path_buf(),
            store: Store::create(spill_dir, lang)?,
            index: Vec::new(),
            rows: Vec::new(),
            measures: Vec::new(),
            measure_store: Store::create(spill_dir, lang)?,
            measure_columns: Vec::new(),
            findings: Vec::new(),
            other_rubric: false,
            own_styles: false,
            lang,
            compare: None,
        };
        let mut duplicates: (Vec<String>, u64) = (Vec::new(), 0);
        let mut failed: Option<anyhow::Error> = None;
        // The earlier activities' keys, values and advice; not the tool's reasons beside them.
        let want = |c: u16| c == outcome_col || Some(c) == class_col || map.field_of(c).is_some();
        read_sheet(
            source,
            package,
            &located.sheet,
            lang,
            &want,
            &mut |row: RawRow| {
                if row.index <= map.header_row || !row.has_content() {
                    return ControlFlow::Continue(());
                }
                let r = prev_row(row, map, outcome_col, class_col);
                let Some(key) = match_key(r.id.as_deref(), r.name.as_deref()) else {
                    return ControlFlow::Continue(());
                };
                let hash = key_hash(&key);
                match prev.store.push(&encode_row(hash, &r)) {
                    Ok(offset) => {
                        prev.index.push((hash, prev.rows.len() as u32));
                        prev.rows.push(offset);
                        ControlFlow::Continue(())
                    }
                    Err(e) => {
                        failed = Some(e);
                        ControlFlow::Break(())
                    }
                }
            },
        )?;
        if let Some(e) = failed {
            return Err(e.context(format!("--previous {}", shown.display())));
        }
        prev.store.flush()?;
        // A key seen before is a duplicate: the first is compared, the others are reported.
        prev.index.sort_unstable();
        let mut kept: Vec<(Key, u32)> = Vec::with_capacity(prev.index.len());
        for (key, i) in std::mem::take(&mut prev.index) {
            if kept.last().is_some_and(|(k, _)| *k == key) {
                if duplicates.0.len() < 5 {
                    let r = prev.row(i)?;
                    duplicates.0.push(r.id.or(r.name).unwrap_or_default());
                }
                duplicates.1 += 1;
                if let Some(offset) = prev.rows.get_mut(i as usize) {
                    *offset = DUPLICATE;
                }
            } else {
                kept.push((key, i));
            }
        }
        kept.shrink_to_fit();
        prev.index = kept;
        prev.rows.shrink_to_fit();
        if duplicates.1 > 0 {
            prev.findings.push(Finding {
                cell: String::new(),
                column: String::new(),
                value: duplicates.0.join(", "),
                message: M::PREVIOUS_DUPLICATES.with(lang, &[&shown.display(), &duplicates.1]),
            });
        }
        if let Some(sheet) = audit_sheet {
            prev.compare_rubric(source, sheet, rubric)?;
        }
        Ok(prev)
    }

    /// The rubric of the earlier run, from its Verantwoording: another name, version or content
    /// is a finding (levels and measures may differ for reasons other than the register).
    fn compare_rubric(&mut self, source: &mut Source, sheet: &str, rubric: &Rubric) -> Result<()> {
        let lang = self.lang;
        let mut then: (Option<String>, Option<String>) = (None, None);
        source.read_sheet(sheet, lang, &mut |row: RawRow| {
            let label = row
                .cells
                .iter()
                .find(|c| c.col == 0)
                .map(|c| display(&c.value));
            let value = row
                .cells
                .iter()
                .find(|c| c.col == 1)
                .map(|c| display(&c.value));
            match label.as_deref().map(str::trim) {
                Some("Rubric") => then.0 = value,
                Some("Rubric SHA-256") => then.1 = value,
                _ => {}
            }
            // The rubric lines are near the top.
            if row.index > 40 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })?;
        let now = format!("{} {}", rubric.meta.name, rubric.meta.version);
        let message = match then {
            (Some(v), _) if v.trim() != now => {
                M::PREVIOUS_OTHER_RUBRIC.with(lang, &[&self.path.display(), &v.trim(), &now])
            }
            (_, Some(sha)) if sha.trim() != rubric.sha256 => {
                M::PREVIOUS_OTHER_CONTENT.with(lang, &[&self.path.display(), &now])
            }
            _ => return Ok(()),
        };
        self.other_rubric = true;
        self.findings.push(Finding {
            cell: String::new(),
            column: String::new(),
            value: String::new(),
            message,
        });
        Ok(())
    }

    /// Compare this workbook's activities with `earlier`'s and carry this one's Maatregelen:
    /// the workbook scored again is its own previous run, and `--previous` names an earlier
    /// one. Its findings are reported beside this one's; the Samenvatting names it.
    pub fn compare_with(&mut self, earlier: Arc<Previous>) {
        self.findings.extend(earlier.findings.iter().cloned());
        self.path = earlier.path.clone();
        self.compare = Some(earlier);
    }

    /// An activity's key and index among the earlier activities: by its id, else its name.
    fn lookup(&self, a: &Assessment) -> Option<(Key, u32)> {
        let found = |key: Option<String>| {
            let h = key_hash(&key?);
            let at = self.index.binary_search_by_key(&h, |(k, _)| *k).ok()?;
            self.index.get(at).copied()
        };
        found(a.id.as_deref().and_then(|id| match_key(Some(id), None)))
            .or_else(|| found(a.name.as_deref().and_then(|n| match_key(None, Some(n)))))
    }

    /// Match a scored row to its earlier self and note what changed: sets `changed`/`escalated`
    /// and fills `a.changes`; returns the match (the earlier activity and its Maatregelen rows),
    /// which the output is handed beside the assessment. With an earlier workbook to compare
    /// with (`compare_with`), the changes are that one's and the Maatregelen rows this one's.
    pub fn annotate(
        &self,
        row: &RawRow,
        map: &ColumnMap,
        a: &mut Assessment,
        reads: &mut Reads<'_>,
        lang: Lang,
    ) -> Result<Option<Box<Matched>>> {
        let Some(earlier) = &self.compare else {
            let Some((key, index)) = self.compare_row(row, map, a, &mut reads.rows, lang)? else {
                return Ok(None);
            };
            return Ok(Some(Box::new(Matched {
                index: Some(index),
                carried: None,
                measures: self.measures_of(key, &mut reads.measures)?,
            })));
        };
        let compared = match reads.earlier.as_deref_mut() {
            Some(r) => earlier.compare_row(row, map, a, &mut r.rows, lang)?,
            None => earlier.compare_row(row, map, a, &mut Window::new(&earlier.store, 1), lang)?,
        }
        .map(|(_, i)| i);
        let own = self.lookup(a);
        if compared.is_none() && own.is_none() {
            return Ok(None);
        }
        let measures = match own {
            Some((key, _)) => self.measures_of(key, &mut reads.measures)?,
            None => Vec::new(),
        };
        Ok(Some(Box::new(Matched {
            index: compared,
            carried: own.map(|(_, i)| i),
            measures,
        })))
    }

    /// [`Previous::annotate`]'s comparison: the changes and escalation of a matched row, and its
    /// key and index among the earlier activities.
    fn compare_row(
        &self,
        row: &RawRow,
        map: &ColumnMap,
        a: &mut Assessment,
        rows: &mut Window<'_>,
        lang: Lang,
    ) -> Result<Option<(Key, u32)>> {
        let Some((key, index)) = self.lookup(a) else {
            return Ok(None);
        };
        let (_, prev) =
            decode_row_ref(self.record(index, rows)?).context(M::TEMP_DAMAGED.get(lang))?;
        let now = current_values(row, map);
        let empty = M::EMPTY_VALUE.get(lang);
        for field in Field::ALL
            .iter()
            .filter(|f| !matches!(f, Field::Id | Field::Name))
        {
            let old = prev
                .values
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| v.as_ref());
            let new = now
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| v.as_ref());
            // The same text is the same value; only texts that differ are normalised to see
            // whether they differ in more than case, accents or spacing.
            if old != new && old.map(value::normalize) != new.map(value::normalize) {
                let header = map
                    .column_of(*field)
                    .map(|c| map.header_text(c))
                    .unwrap_or(field.key());
                a.changes.push(format!(
                    "{header}: {} → {}",
                    old.unwrap_or(empty),
                    new.unwrap_or(empty)
                ));
            }
        }
        if !a.changes.is_empty() {
            a.flags.push(Flag::Changed);
        }
        let outcome_up = match (prev.outcome.and_then(rank), rank(a.outcome)) {
            (Some(before), Some(now)) => now > before,
            _ => false,
        };
        // With unknowns the class is the one at their lowest level: a rise of that is a rise.
        let class_up = prev.class.is_some_and(|c| a.class > c);
        if outcome_up || class_up {
            a.flags.push(Flag::Escalated);
        }
        Ok(Some((key, index)))
    }

    /// How many activities the earlier run compared with had (each key once).
    pub fn len(&self) -> usize {
        match &self.compare {
            Some(earlier) => earlier.len(),
            None => self.rows.len(),
        }
    }

    /// Whether the earlier run compared with had no activities.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The earlier activity at `index`.
    pub fn row(&self, index: u32) -> Result<PrevRow> {
        self.keyed_row(index, &mut Window::new(&self.store, 1))
            .map(|(_, r)| r)
    }

    /// What rows compared on one thread read the earlier records through: one for each split
    /// of a chunk (`rayon`'s `map_init`), each with windows of its own.
    pub fn reads(&self) -> Reads<'_> {
        Reads {
            rows: Window::new(&self.store, 1),
            measures: Window::new(&self.measure_store, MEASURE_RUNS),
            earlier: self.compare.as_deref().map(|e| Box::new(e.reads())),
        }
    }

    /// The earlier activity at `index` with its key.
    fn keyed_row(&self, index: u32, rows: &mut Window<'_>) -> Result<(Key, PrevRow)> {
        decode_row(self.record(index, rows)?).context(M::TEMP_DAMAGED.get(self.lang))
    }

    /// The record of the earlier activity at `index`.
    fn record<'w>(&self, index: u32, rows: &'w mut Window<'_>) -> Result<&'w [u8]> {
        let offset = self
            .rows
            .get(index as usize)
            .filter(|o| **o != DUPLICATE)
            .context(M::NO_PREVIOUS_ROW.get(self.lang))?;
        rows.get(*offset)
    }

    /// The earlier activities compared with that were not matched (`seen` by [`Matched::index`]),
    /// in their earlier order: up to `limit` of them, and how many there are.
    pub fn removed(&self, seen: &[bool], limit: usize) -> Result<(Vec<PrevRow>, u64)> {
        if let Some(earlier) = &self.compare {
            return earlier.removed(seen, limit);
        }
        let gone = (0..self.rows.len())
            .filter(|i| !seen.get(*i).copied().unwrap_or(false) && self.rows[*i] != DUPLICATE);
        let mut listed = Vec::new();
        let mut count = 0u64;
        let mut rows = Window::new(&self.store, 1);
        for i in gone {
            if listed.len() < limit {
                listed.push(self.keyed_row(i as u32, &mut rows)?.1);
            }
            count += 1;
        }
        Ok((listed, count))
    }

    /// The Maatregelen rows of the earlier activities that were not matched (`seen` by
    /// [`Matched::carried`], else [`Matched::index`]), and of no activity at all, in the earlier
    /// activities' order.
    pub fn removed_measures(&self, seen: &[bool]) -> Result<Vec<PrevMeasure>> {
        let mut out = Vec::new();
        let (mut rows, mut measures) = (
            Window::new(&self.store, 1),
            Window::new(&self.measure_store, MEASURE_RUNS),
        );
        for (i, offset) in self.rows.iter().enumerate() {
            if !seen.get(i).copied().unwrap_or(false) && *offset != DUPLICATE {
                let (key, _) = self.keyed_row(i as u32, &mut rows)?;
                out.extend(self.measures_of(key, &mut measures)?);
            }
        }
        out.extend(self.measures_of(key_hash(""), &mut measures)?);
        Ok(out)
    }

    /// The earlier Maatregelen rows of an activity key, in sheet order.
    fn measures_of(&self, key: Key, measures: &mut Window<'_>) -> Result<Vec<PrevMeasure>> {
        let lang = self.lang;
        let start = self.measures.partition_point(|(k, _)| *k < key);
        let run = &self.measures[start..];
        let run = &run[..run.partition_point(|(k, _)| *k == key)];
        run.iter()
            .map(|(_, offset)| {
                let mut m =
                    decode_measure(measures.get(*offset)?).context(M::TEMP_DAMAGED.get(lang))?;
                if !self.own_styles {
                    for c in &mut m.rich {
                        c.rich.style = 0;
                    }
                    m.rich.retain(|c| !c.rich.is_plain());
                }
                Ok(m)
            })
            .collect()
    }
}

/// Read `sheet` of the earlier workbook: an xlsx package (`package`) through the tool's own
/// reader, only the columns `want` holds (the tool's long reasons beside them are passed over
/// without being decoded); another format, or Strict Open XML, through calamine, whole.
fn read_sheet(
    source: &mut Source,
    package: Option<&Path>,
    sheet: &str,
    lang: Lang,
    want: &dyn Fn(u16) -> bool,
    each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
) -> Result<()> {
    match package.filter(|p| !crate::ooxml::package::is_strict(p)) {
        Some(path) => crate::input::xlsx_values::read(path, sheet, lang, want, each),
        None => Ok(source.read_sheet(sheet, lang, each)?),
    }
}

/// The earlier Maatregelen rows, read: their store, (activity key hash, offset) per row in sheet
/// order, and the headers of the columns the user added.
struct MeasuresRead {
    store: Store,
    entries: Vec<(Key, u64)>,
    columns: Vec<String>,
    /// The sheet has no Maatregel-ID column (the user deleted it): rows are matched by the
    /// measure's text.
    no_ids: bool,
}

/// The Maatregelen header row: its index, the column of each of `measure_headers`, and the
/// columns the user added (column, header).
struct MeasureHeader {
    row: u32,
    cols: [Option<u16>; 11],
    extra: Vec<(u16, String)>,
}

/// Whether `cells` are the Maatregelen header row: one with the activity ID and the measure (its
/// ID, or its text when the user deleted the ID column).
fn measure_header(index: u32, cells: &[(u16, Data)]) -> Option<MeasureHeader> {
    let headers = measure_headers();
    let mut found = [None; 11];
    for (c, d) in cells {
        let h = value::normalize_header(&display(d));
        if let Some(i) = headers
            .iter()
            .position(|(nl, en)| h.starts_with(nl.as_str()) || h.starts_with(en.as_str()))
        {
            // "maatregel" also prefixes "maatregel id": take the exact one first.
            let exact = headers.iter().position(|(nl, en)| h == *nl || h == *en);
            let i = exact.unwrap_or(i);
            if found[i].is_none() {
                found[i] = Some(*c);
            }
        }
    }
    if found[0].is_none() || (found[3].is_none() && found[4].is_none()) {
        return None;
    }
    // Every other header is a column the user added (the tool's own Rij and Prioriteit are
    // written anew).
    let extra = cells
        .iter()
        .filter(|(c, _)| !found.contains(&Some(*c)))
        .map(|(c, d)| (*c, display(d).trim().to_string()))
        .filter(|(_, h)| {
            let n = value::normalize_header(h);
            let written_anew = [M::COL_ROW, M::COL_PRIORITY]
                .iter()
                .any(|t| n == value::normalize_header(t.nl) || n == value::normalize_header(t.en));
            !h.is_empty() && !written_anew
        })
        .collect();
    Some(MeasureHeader {
        row: index,
        cols: found,
        extra,
    })
}

/// The earlier Maatregelen sheet, read into a store of its own. From an xlsx package
/// (`package`) the user's cells keep their formulas, links and formats (`RichCell`).
fn read_measures(
    source: &mut Source,
    sheet: &str,
    shown: &Path,
    spill_dir: &Path,
    package: Option<&Path>,
    lang: Lang,
) -> Result<MeasuresRead> {
    let mut read = MeasuresRead {
        store: Store::create(spill_dir, lang)?,
        entries: Vec::new(),
        columns: Vec::new(),
        no_ids: false,
    };
    // The header row first (the first row that is one).
    let mut header: Option<MeasureHeader> = None;
    source.read_sheet(sheet, lang, &mut |row: RawRow| {
        let cells: Vec<(u16, Data)> = row.cells.into_iter().map(|c| (c.col, c.value)).collect();
        header = measure_header(row.index, &cells);
        if header.is_some() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    let Some(header) = header else {
        return Ok(read);
    };
    read.no_ids = header.cols[3].is_none();
    let cols = header.cols;
    // Where each carried cell stood: status, deadline, evidence, remarks, the user's columns.
    let slots: Vec<Option<u16>> = [cols[6], cols[7], cols[8], cols[9]]
        .into_iter()
        .chain(header.extra.iter().map(|(c, _)| Some(*c)))
        .collect();
    // The formulas, links and formats of the user's cells come from the sheet's XML. From an
    // xlsx package the tool reads itself, they are collected in the same pass as the values;
    // otherwise (Strict Open XML, read through calamine) on a thread of their own beside the
    // values, and joined to the rows afterwards. A sheet whose XML cannot be read that way
    // carries values only, as before.
    let rich_wanted = |r: u32, c: u16| r > header.row && slots.contains(&Some(c));
    if let Some(path) = package.filter(|p| !crate::ooxml::package::is_strict(p)) {
        let mut book = crate::input::xlsx_values::Book::open(path, lang)?;
        let rels = book.rels(sheet)?;
        let mut collector = crate::ooxml::rich::Collector::default();
        // The part is read (inflated, its cells decoded, its formulas and links collected) on a
        // thread of its own, and the rows are made measures of here, in batches between them.
        let values = measure_values(
            &mut |want, each| {
                std::thread::scope(|scope| -> Result<()> {
                    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<RawRow>>(16);
                    let reading = std::thread::Builder::new()
                        .name("previous-sheet".into())
                        .spawn_scoped(scope, || {
                            crate::input::guarded(lang, || {
                                let tx = tx;
                                let mut batch = Vec::with_capacity(1024);
                                let mut tap = |t: &crate::ooxml::scan::Token<'_>| {
                                    collector.feed(t, &rich_wanted)
                                };
                                book.read_tapped(
                                    sheet,
                                    want,
                                    &mut |row| {
                                        batch.push(row);
                                        if batch.len() < 1024 {
                                            return ControlFlow::Continue(());
                                        }
                                        match tx.send(std::mem::take(&mut batch)) {
                                            Ok(()) => ControlFlow::Continue(()),
                                            Err(_) => ControlFlow::Break(()),
                                        }
                                    },
                                    &mut tap,
                                )?;
                                let _ = tx.send(batch);
                                Ok(())
                            })
                        })
                        .context(M::THREAD.get(lang))?;
                    'rows: for batch in rx {
                        for row in batch {
                            if each(row).is_break() {
                                break 'rows;
                            }
                        }
                    }
                    // `guarded` has caught a panic on that thread: joining it cannot fail.
                    reading
                        .join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!(M::THREAD.get(lang))))
                })
            },
            &header,
            read,
        )
        .map_err(|e| e.context(format!("--previous {}", shown.display())));
        let (mut read, rows) = values?;
        let rich = kept_rich(
            crate::ooxml::rich::resolve(collector.finish(), &rels, &rich_wanted),
            &slots,
        );
        join_rich(&mut read, rows, rich, &slots, header.extra.len(), lang)?;
        read.columns = header.extra.into_iter().map(|(_, h)| h).collect();
        return Ok(read);
    }
    std::thread::scope(|scope| -> Result<MeasuresRead> {
        let rich = match package {
            Some(path) => Some(
                std::thread::Builder::new()
                    .name("previous-links".into())
                    .spawn_scoped(scope, {
                        let slots = &slots;
                        move || {
                            crate::input::guarded(lang, || {
                                read_rich(path, sheet, header.row, slots, lang)
                            })
                        }
                    })
                    .context(M::THREAD.get(lang))?,
            ),
            None => None,
        };
        let values = measure_values(
            &mut |_, each| Ok(source.read_sheet(sheet, lang, each)?),
            &header,
            read,
        )
        .map_err(|e| e.context(format!("--previous {}", shown.display())));
        let rich = rich
            .and_then(|h| h.join().ok())
            .and_then(Result::ok)
            .unwrap_or_default();
        let (mut read, rows) = values?;
        join_rich(&mut read, rows, rich, &slots, header.extra.len(), lang)?;
        read.columns = header.extra.into_iter().map(|(_, h)| h).collect();
        Ok(read)
    })
}

/// Reads a sheet's rows (the columns asked for, or more) into a callback.
type ReadRows<'a> = dyn FnMut(&(dyn Fn(u16) -> bool + Sync), &mut dyn FnMut(RawRow) -> ControlFlow<()>) -> Result<()>
    + 'a;

/// The values of the Maatregelen rows below the header, into `read`'s store: with each stored
/// row's sheet row, and the rows read but not stored (nothing in them to carry).
#[allow(clippy::type_complexity)]
fn measure_values(
    rows: &mut ReadRows<'_>,
    header: &MeasureHeader,
    mut read: MeasuresRead,
) -> Result<(MeasuresRead, (Vec<u32>, Vec<u32>))> {
    let cols = header.cols;
    let mut stored_rows: Vec<u32> = Vec::new();
    let mut blank_rows: Vec<u32> = Vec::new();
    let mut failed: Option<anyhow::Error> = None;
    let mut last_key: Option<(String, String, Key)> = None;
    // The tool's own columns and the user's; not the Rij and Prioriteit it writes anew.
    let want = |c: u16| cols.contains(&Some(c)) || header.extra.iter().any(|(e, _)| *e == c);
    rows(&want, &mut |row: RawRow| {
        if row.index <= header.row {
            return ControlFlow::Continue(());
        }
        let index = row.index;
        let mut cells: Vec<(u16, Data)> = row.cells.into_iter().map(|c| (c.col, c.value)).collect();
        let deadline = cols[7]
            .and_then(|c| cells.iter().find(|(k, _)| *k == c))
            .map(|(_, d)| d.clone())
            .unwrap_or(Data::Empty);
        let m = PrevMeasure {
            activity_id: take_text(&mut cells, cols[0]),
            activity_name: take_text(&mut cells, cols[1]),
            criterion: take_text(&mut cells, cols[2]),
            measure_id: take_text(&mut cells, cols[3]),
            text: take_text(&mut cells, cols[4]),
            role: take_text(&mut cells, cols[5]),
            status: take_text(&mut cells, cols[6]),
            deadline,
            evidence: take_text(&mut cells, cols[8]),
            remarks: take_text(&mut cells, cols[9]),
            source: take_text(&mut cells, cols[10]),
            extra: header
                .extra
                .iter()
                .map(|(c, _)| {
                    cells
                        .iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, d)| d.clone())
                        .unwrap_or(Data::Empty)
                })
                .collect(),
            rich: Vec::new(),
        };
        if m.has_content() {
            // An activity's rows mostly follow one another: its key is made once for them.
            let hash = match &last_key {
                Some((id, name, hash)) if *id == m.activity_id && *name == m.activity_name => *hash,
                _ => {
                    let key =
                        match_key(Some(&m.activity_id), Some(&m.activity_name)).unwrap_or_default();
                    let hash = key_hash(&key);
                    last_key = Some((m.activity_id.clone(), m.activity_name.clone(), hash));
                    hash
                }
            };
            match read.store.push(&encode_measure(&m)) {
                Ok(offset) => {
                    read.entries.push((hash, offset));
                    stored_rows.push(index);
                }
                Err(e) => {
                    failed = Some(e);
                    return ControlFlow::Break(());
                }
            }
        } else {
            blank_rows.push(index);
        }
        ControlFlow::Continue(())
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    Ok((read, (stored_rows, blank_rows)))
}

/// Join the formulas, links and formats (`rich`, by sheet row and column) to the rows they
/// stand on: a stored row is stored again with them; a row read with nothing to carry but a
/// cell with more than a value is stored now, as a row of no activity. The entries keep sheet
/// order.
fn join_rich(
    read: &mut MeasuresRead,
    (stored_rows, blank_rows): (Vec<u32>, Vec<u32>),
    mut rich: std::collections::HashMap<(u32, u16), crate::ooxml::rich::Rich>,
    slots: &[Option<u16>],
    extra: usize,
    lang: Lang,
) -> Result<()> {
    if rich.is_empty() {
        return Ok(());
    }
    let mut cells_of = |index: u32| -> Vec<RichCell> {
        let mut cells = Vec::new();
        for (slot, col) in slots.iter().enumerate() {
            let Some(col) = *col else { continue };
            if let Some(r) = rich.remove(&(index, col)) {
                cells.push(RichCell {
                    slot: slot as u16,
                    from: (index, col),
                    rich: r,
                });
            }
        }
        cells
    };
    // Records written so far are read back from the file.
    read.store.flush()?;
    let mut entries: Vec<(u32, (Key, u64))> = stored_rows
        .into_iter()
        .zip(std::mem::take(&mut read.entries))
        .collect();
    for (index, (_, offset)) in &mut entries {
        let cells = cells_of(*index);
        if cells.is_empty() {
            continue;
        }
        let mut m = decode_measure(&read.store.get(*offset)?).context(M::TEMP_DAMAGED.get(lang))?;
        m.rich = cells;
        *offset = read.store.push(&encode_measure(&m))?;
    }
    for index in blank_rows {
        let cells = cells_of(index);
        if cells.is_empty() {
            continue;
        }
        let m = PrevMeasure {
            extra: vec![Data::Empty; extra],
            rich: cells,
            ..PrevMeasure::default()
        };
        let offset = read.store.push(&encode_measure(&m))?;
        entries.push((index, (key_hash(""), offset)));
    }
    entries.sort_by_key(|(index, _)| *index);
    read.entries = entries.into_iter().map(|(_, e)| e).collect();
    Ok(())
}

/// The formulas, links and formats of the carried cells of an xlsx Maatregelen sheet, below its
/// header row (the deadline's date format is the tool's: not carried).
fn read_rich(
    path: &Path,
    sheet: &str,
    header_row: u32,
    slots: &[Option<u16>],
    lang: Lang,
) -> Result<std::collections::HashMap<(u32, u16), crate::ooxml::rich::Rich>> {
    use crate::ooxml::package::{self, Package};
    let mut pkg = Package::open(path, lang)?;
    let info = package::workbook_info(&mut pkg)?;
    let Some(entry) = info.sheets.iter().find(|s| s.name == sheet) else {
        return Ok(Default::default());
    };
    let cells = crate::ooxml::rich::read(&mut pkg, &entry.part, |r, c| {
        r > header_row && slots.contains(&Some(c))
    })?;
    Ok(kept_rich(cells, slots))
}

/// The cells with more than a value that are carried: a deadline's style is the tool's (a date
/// format), not the user's.
fn kept_rich(
    mut cells: std::collections::HashMap<(u32, u16), crate::ooxml::rich::Rich>,
    slots: &[Option<u16>],
) -> std::collections::HashMap<(u32, u16), crate::ooxml::rich::Rich> {
    let deadline = slots.get(1).copied().flatten();
    cells.retain(|(_, c), rich| {
        if Some(*c) == deadline {
            rich.style = 0;
        }
        !rich.is_plain()
    });
    cells
}

const LEVELS: [Level; 4] = [Level::None, Level::Low, Level::Medium, Level::High];

/// An earlier activity as a record of the store, with its key.
fn encode_row(key: Key, r: &PrevRow) -> Vec<u8> {
    let mut e = Enc::default();
    e.0.extend_from_slice(&key[0].to_le_bytes());
    e.0.extend_from_slice(&key[1].to_le_bytes());
    e.opt_str(r.id.as_deref());
    e.opt_str(r.name.as_deref());
    let at = |found: Option<usize>| found.map_or(u8::MAX, |i| i as u8);
    e.byte(at(r
        .outcome
        .and_then(|o| Outcome::ALL.iter().position(|x| *x == o))));
    e.byte(at(r
        .class
        .and_then(|l| LEVELS.iter().position(|x| *x == l))));
    e.byte(r.values.len().min(usize::from(u8::MAX)) as u8);
    for (f, v) in r.values.iter().take(usize::from(u8::MAX)) {
        e.byte(f.index() as u8);
        e.str(v);
    }
    e.0
}

fn decode_row(bytes: &[u8]) -> Option<(Key, PrevRow)> {
    let (key, r) = decode_row_ref(bytes)?;
    let own = |t: Option<Cow<'_, str>>| t.map(Cow::into_owned);
    Some((
        key,
        PrevRow {
            id: own(r.id),
            name: own(r.name),
            values: r
                .values
                .into_iter()
                .map(|(f, v)| (f, v.into_owned()))
                .collect(),
            outcome: r.outcome,
            class: r.class,
        },
    ))
}

/// An earlier activity as its record holds it, its texts borrowed from the record (a row
/// compared makes no copies of them).
struct PrevRowRef<'a> {
    id: Option<Cow<'a, str>>,
    name: Option<Cow<'a, str>>,
    values: Vec<(Field, Cow<'a, str>)>,
    outcome: Option<Outcome>,
    class: Option<Level>,
}

fn decode_row_ref(bytes: &[u8]) -> Option<(Key, PrevRowRef<'_>)> {
    let key = [
        u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?),
        u64::from_le_bytes(bytes.get(8..16)?.try_into().ok()?),
    ];
    let mut d = Dec(bytes.get(16..)?);
    let mut opt_text = || match d.byte()? {
        0 => Some(None),
        _ => Some(Some(d.text()?)),
    };
    let id = opt_text()?;
    let name = opt_text()?;
    let outcome = Outcome::ALL.get(usize::from(d.byte()?)).copied();
    let class = LEVELS.get(usize::from(d.byte()?)).copied();
    let n = d.byte()?;
    let mut values = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        let field = Field::ALL.get(usize::from(d.byte()?)).copied()?;
        values.push((field, d.text()?));
    }
    Some((
        key,
        PrevRowRef {
            id,
            name,
            values,
            outcome,
            class,
        },
    ))
}

fn prev_row(row: RawRow, map: &ColumnMap, outcome_col: u16, class_col: Option<u16>) -> PrevRow {
    let mut r = PrevRow::default();
    for cell in row.cells {
        // A text as shown is the text itself, mostly: kept, not copied.
        let shown = match cell.value {
            Data::String(s) if s.trim().len() == s.len() => s,
            other => display(&other).trim().to_string(),
        };
        if cell.col == outcome_col {
            r.outcome = outcome_from_text(&shown);
        } else if Some(cell.col) == class_col {
            r.class = level_from_text(&shown);
        } else if let Some(field) = map.field_of(cell.col) {
            match field {
                Field::Id => r.id = Some(shown).filter(|s| !s.is_empty()),
                Field::Name => r.name = Some(shown).filter(|s| !s.is_empty()),
                f if !shown.is_empty() => r.values.push((f, shown)),
                _ => {}
            }
        }
    }
    r
}

fn current_values<'a>(row: &'a RawRow, map: &ColumnMap) -> Vec<(Field, Cow<'a, str>)> {
    row.cells
        .iter()
        .filter_map(|c| {
            let f = map.field_of(c.col)?;
            // A text as shown is the text itself: borrowed, not copied.
            let shown = match &c.value {
                Data::String(s) => Cow::Borrowed(s.trim()),
                other => Cow::Owned(display(other).trim().to_string()),
            };
            (!shown.is_empty()).then_some((f, shown))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Maatregelen headers the writer writes are the ones the reader finds, in both
    /// languages: (the header as written, what it is found as)
    #[test]
    fn the_measure_headers_written_are_the_ones_read() {
        let expected = [
            ("activiteit id", "activity id"),
            ("verwerking", "processing activity"),
            ("criterium", "criterion"),
            ("maatregel id", "measure id"),
            ("maatregel", "measure"),
            ("eigenaar", "owner"),
            ("status", "status"),
            ("deadline", "deadline"),
            ("bewijsstuk", "evidence"),
            ("opmerkingen", "remarks"),
            ("bron", "source"),
        ];
        let found: Vec<(String, String)> = measure_headers();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(nl, en)| (nl.to_string(), en.to_string()))
            .collect();
        assert_eq!(found, want);
        // A header row as the writer writes it is found whole, in either language.
        for lang in [Lang::Nl, Lang::En] {
            let cells: Vec<(u16, Data)> = M::MEASURE_COLUMNS
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u16 + 1, Data::String(t.get(lang).to_string())))
                .chain([(0, Data::String(M::COL_PRIORITY.get(lang).into()))])
                .collect();
            let header = measure_header(0, &cells).expect("the header row");
            let cols: Vec<Option<u16>> = (1..=11).map(Some).collect();
            assert_eq!(header.cols.to_vec(), cols, "{lang:?}");
            assert!(header.extra.is_empty(), "{lang:?}: {:?}", header.extra);
        }
    }

    #[test]
    fn keys_and_texts() {
        let cases = [
            (Some(" VW-001 "), Some("X"), Some("id:vw-001")),
            (
                None,
                Some("Nieuwsbrief Alumni"),
                Some("name:nieuwsbrief alumni"),
            ),
            (Some(""), Some("Naam"), Some("name:naam")),
            (None, None, None),
        ];
        for (id, name, expected) in cases {
            assert_eq!(match_key(id, name).as_deref(), expected);
        }
        assert_eq!(outcome_from_text("DPIA verplicht"), Some(Outcome::Required));
        assert_eq!(
            outcome_from_text("No DPIA needed"),
            Some(Outcome::NotRequired)
        );
        assert_eq!(outcome_from_text("iets"), None);
        assert_eq!(level_from_text("Midden"), Some(Level::Medium));
        assert_eq!(rank(Outcome::Incomplete), None);
    }

    /// A measure row with a formula, a link of each kind and a style goes through the store and
    /// back unchanged; a damaged record is refused, not misread.
    #[test]
    fn measure_records_keep_their_rich_cells() {
        use crate::ooxml::rich::{Link, Rich};
        let m = PrevMeasure {
            activity_id: "VW-1".into(),
            status: "gerealiseerd".into(),
            deadline: Data::Float(46000.0),
            extra: vec![Data::Float(2000.0), Data::Empty],
            rich: vec![
                RichCell {
                    slot: 0,
                    from: (1, 7),
                    rich: Rich {
                        formula: None,
                        link: None,
                        style: 12,
                    },
                },
                RichCell {
                    slot: 2,
                    from: (1, 9),
                    rich: Rich {
                        formula: None,
                        link: Some(Link::External("https://x.nl/a b?c=1&d".into())),
                        style: 0,
                    },
                },
                RichCell {
                    slot: 4,
                    from: (5, 13),
                    rich: Rich {
                        formula: Some("1000*2+A6".into()),
                        link: Some(Link::Internal("'Blad 1'!A1".into())),
                        style: 0,
                    },
                },
            ],
            ..PrevMeasure::default()
        };
        let bytes = encode_measure(&m);
        assert_eq!(decode_measure(&bytes), Some(m));
        assert_eq!(decode_measure(&bytes[..bytes.len() - 3]), None);
    }
}
