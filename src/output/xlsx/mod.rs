//! The annotated workbook (docs/output.md#workbook): every input sheet in order with the user's cells as they
//! were (values, formulas with their cached results, dates as dates), the added columns on the
//! scored sheet with conditional-format colours, then Samenvatting, Maatregelen, Meldingen and
//! Verantwoording. User sheets are constant-memory worksheets written row by row on the pipeline's
//! thread; Maatregelen and Meldingen are written at the same time on a thread of their own
//! (`lists`); Samenvatting and Verantwoording are small and written at the end from counts.

mod audit;
mod cells;
mod columns;
pub mod inplace;
mod list_sheet;
mod lists;
pub mod notes;
mod parts;
pub mod rewrite;
pub mod shared;
pub mod styles;
mod summary;
mod zip_out;

use crate::messages as M;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use calamine::Data;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation,
    DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    FormatPattern, Url, Workbook, Worksheet,
};

use super::{Fingerprint, FingerprintOf, RunInfo, Sink, Summary, Target};
use crate::assess::{Assessment, Flag, Outcome};
use crate::carried::{Matched, PrevMeasure};
use crate::fields::Criterion;
use crate::finding::Finding;
use crate::input::header::ColumnMap;
use crate::input::layout::SheetLayout;
use crate::input::marker::{MARK_COLUMNS, MARK_INPUTS, MARK_SHEETS};
use crate::input::record::fit_cell;
use crate::input::{Merge, RawRow};
use crate::lang::Lang;
use crate::ooxml::cellref::column_letters;
use crate::output::Scored;
use crate::previous::Previous;
use crate::rubric::Rubric;
use crate::value::Level;

pub use crate::output::labels::EXPIRED;
use cells::{seal_rows, unique_name, valid_sheet_names, whole_number, write_cells};
use columns::{added_columns, added_values, all_headers, all_notes, shared_texts};
pub use columns::{explanation, PARTS};
use inplace::InPlace;
use list_sheet::{AnyList, ListFormats, XlsxList, XmlList};
use lists::{urgency, Activity, Carried, ListRow, ListsWriter};
use rewrite::Added;

/// The deflate level of the written workbook (`--zip-level`). The compression runs in `save`,
/// after the last row, on one thread, so it is the one stage that overlaps nothing: see
/// BENCHMARKS.md for the measured trade-off between time and file size.
pub const DEFAULT_ZIP_LEVEL: u8 = 1;

/// How many activities the Samenvatting lists by name (the rest are counted).
const LISTED: usize = 500;

/// How many top activities by score.
const TOP: usize = 10;

struct Formats {
    added_header: Format,
    added_cell: Format,
    added_wrap: Format,
    date: Format,
    datetime: Format,
    title: Format,
    bold: Format,
    link: Format,
    wrap_top: Format,
    /// The user's cells in a tall row of a rebuilt register: at the top, beside the wrapped
    /// reasons (the format they came from has no alignment to keep).
    user_top: Format,
}

impl Formats {
    fn new() -> Formats {
        let added = Color::RGB(0x1F4E5A);
        Formats {
            added_header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(added)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
            // At the top, like the wrapped texts beside them in tall rows.
            added_cell: Format::new()
                .set_background_color(Color::RGB(0xEEF4F5))
                .set_align(FormatAlign::Top),
            added_wrap: Format::new()
                .set_background_color(Color::RGB(0xEEF4F5))
                .set_align(FormatAlign::Top),
            date: Format::new().set_num_format("dd-mm-yyyy"),
            datetime: Format::new().set_num_format("dd-mm-yyyy hh:mm"),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            link: Format::new()
                .set_font_color(Color::Blue)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            wrap_top: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            user_top: Format::new().set_align(FormatAlign::Top),
        }
    }
}

impl Formats {
    /// Give every format its index in the workbook now, in a fixed order. rust_xlsxwriter
    /// numbers formats in the order they are first used, and two threads write cells; without
    /// this, which of them first wrote a date or a link would decide the numbers in styles.xml,
    /// and the same input could give different bytes. Each format is used once on a scratch
    /// sheet that never joins the workbook.
    fn register(&self, workbook: &mut Workbook) -> Result<()> {
        let mut scratch = workbook.new_worksheet_with_constant_memory()?;
        for (col, format) in [
            &self.added_header,
            &self.added_cell,
            &self.added_wrap,
            &self.date,
            &self.datetime,
            &self.title,
            &self.bold,
            &self.link,
            &self.wrap_top,
            &self.user_top,
        ]
        .into_iter()
        .enumerate()
        {
            scratch.write_blank(0, col as u16, format)?;
        }
        Ok(())
    }
}

/// (score, earlier row first, id, label) — ordered so the heap keeps the top scores.
type Ranked = (u32, Reverse<u32>, String, String);

/// An incomplete activity ranked by its signals: (weight, row reversed, label, signals).
type Leaning = (u32, Reverse<u32>, String, String);

struct Listed {
    row: u32,
    id: String,
    name: String,
    outcome: Outcome,
}

/// The xlsx sink.
pub struct XlsxSink {
    /// The count columns of a register read from CSV, whose whole numbers are written as
    /// numbers (a CSV has only text; Excel opening it makes them numbers too).
    count_columns: Vec<u16>,
    target: Target,
    info: RunInfo,
    rubric: Arc<Rubric>,
    lang: Lang,
    workbook: Workbook,
    formats: Formats,
    user_sheets: Vec<String>,
    /// Sheets whose name was made valid for xlsx: (as read, as written).
    renamed: Vec<(String, String)>,
    current: usize,
    scored_index: Option<usize>,
    scored_name: String,
    header_row: u32,
    first_added_col: u16,
    max_col_seen: u16,
    last_scored_row: u32,
    /// Names of the sheets added after the user's: Samenvatting, Maatregelen, Meldingen,
    /// Verantwoording (made unique against the user's sheet names).
    added_names: [String; 4],
    lists: ListsWriter,
    missing: Vec<Listed>,
    missing_more: u64,
    top: BinaryHeap<Reverse<Ranked>>,
    /// The incomplete activities with the weightiest signals, and how many have none.
    leaning: BinaryHeap<Reverse<Leaning>>,
    no_signals: u64,
    pending_merges: std::collections::VecDeque<Merge>,
    sheet_merges: Vec<Merge>,
    last_row: Option<u32>,
    skipped_rows: u64,
    previous: Option<Arc<Previous>>,
    /// The rubric's owner roles, normalised: an earlier Maatregelen row whose owner is one of
    /// them holds the tool's role, not a name the user typed (`--previous`).
    roles: std::collections::HashSet<String>,
    /// The earlier activities matched so far, by index (`--previous`).
    seen: Vec<bool>,
    /// The earlier activities whose Maatregelen rows were carried so far, by index: the same
    /// as `seen`, unless the workbook scored again is compared with another (`--previous`).
    carried_seen: Vec<bool>,
    /// How many activities are new since the earlier run (the first `LISTED` are listed).
    new_total: u64,
    new_activities: Vec<(u32, String, String)>,
    /// The in-place writer (xlsx/xlsm input); `None` when the workbook is rebuilt.
    inplace: Option<InPlace>,
    /// In place: the files the list sheets are written to (removed when dropped).
    list_files: Vec<tempfile::NamedTempFile>,
    /// How the added columns look.
    columns: inplace::Columns,
    /// In place: the input columns added before the tool's (fields the register lacks).
    inputs: Vec<crate::fields::Field>,
}

/// How the annotated workbook is made (docs/output.md#workbook).
pub enum Mode {
    /// Rebuilt from cell values (xls, xlsb, ods, CSV input); the hidden sheets stay hidden.
    Rebuilt {
        /// The user's hidden sheets.
        hidden: Vec<String>,
        /// Assessment fields the register has no column for: added as input columns.
        absent: Vec<crate::fields::Field>,
    },
    /// The input package plus additions (xlsx, xlsm input): the scored sheet and its header row.
    InPlace {
        /// The scored sheet.
        sheet: String,
        /// Its 0-based header row.
        header_row: u32,
        /// Assessment fields the register has no column for: added as input columns.
        absent: Vec<crate::fields::Field>,
        /// The earlier run's columns on the scored sheet, told by their headers: (column,
        /// index among the tool's own columns).
        old: Vec<(u16, usize)>,
    },
}

impl XlsxSink {
    /// Whether the register was read from a CSV file (its cells are all text).
    fn read_from_csv(&self) -> bool {
        self.info
            .input_path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"))
    }

    /// A sink for a workbook with these input sheets.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        target: Target,
        info: RunInfo,
        rubric: Arc<Rubric>,
        lang: Lang,
        sheet_names: &[String],
        previous: Option<Arc<Previous>>,
        zip_level: u8,
        mode: Mode,
    ) -> Result<XlsxSink> {
        let rubric_for_columns = Arc::clone(&rubric);
        let mut hidden_sheets = Vec::new();
        let inputs: Vec<crate::fields::Field>;
        let inplace = match mode {
            Mode::Rebuilt { hidden, absent } => {
                hidden_sheets = hidden;
                inputs = absent;
                None
            }
            Mode::InPlace {
                sheet,
                header_row,
                absent,
                old,
            } => {
                let tmp = target.tmp_path().context(M::WORKBOOK_TO_STDOUT.get(lang))?;
                inputs = absent;
                let notes = all_notes(&inputs, lang, &rubric);
                Some(InPlace::start(
                    &info.input_path,
                    tmp,
                    &sheet,
                    header_row,
                    added_columns(lang, &rubric, &inputs),
                    &old,
                    notes,
                    zip_level,
                    // The texts every row repeats go into the workbook's shared strings once
                    // (docs/output.md#output-size); rebuilt, rust_xlsxwriter shares them all.
                    shared_texts(&rubric, lang),
                    lang,
                )?)
            }
        };
        let mut workbook = Workbook::new();
        workbook.set_zip_compression_level(zip_level);
        if let Some(tmp) = target.tmp_path().and_then(|p| p.parent()) {
            // Constant-memory sheets spill beside the output, not into a RAM-backed /tmp.
            workbook.set_tempdir(tmp)?;
        }
        let props = DocProperties::new()
            .set_title("DPIA-triage")
            .set_author("dpia-triage")
            .set_creation_datetime(&ExcelDateTime::from_timestamp(info.timestamp.timestamp())?);
        workbook.set_properties(&props);
        // Names an ods or xls file allows but xlsx does not are made valid (the audit trail lists
        // each one changed); in place the names are the workbook's own and stay.
        let out_names = if inplace.is_some() {
            sheet_names.to_vec()
        } else {
            valid_sheet_names(sheet_names)
        };
        let renamed: Vec<(String, String)> = sheet_names
            .iter()
            .zip(&out_names)
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect();
        let scored_out = sheet_names
            .iter()
            .position(|n| *n == info.sheet)
            .and_then(|i| out_names.get(i).cloned())
            .unwrap_or_else(|| info.sheet.clone());
        let mut taken: Vec<String> = Vec::new();
        match &inplace {
            // The user's sheets stay in their package; the earlier run's sheets give up their
            // names to the new ones.
            Some(ip) => {
                let replaced = ip.replaced_sheets();
                taken.extend(
                    sheet_names
                        .iter()
                        .filter(|n| !replaced.contains(n))
                        .cloned(),
                );
            }
            None => {
                // The first visible sheet is the active one: Excel cannot show a hidden tab.
                let active = sheet_names.iter().position(|n| !hidden_sheets.contains(n));
                for (i, (name, out)) in sheet_names.iter().zip(&out_names).enumerate() {
                    let ws = workbook.add_worksheet_with_constant_memory()?;
                    ws.set_name(out)
                        .with_context(|| M::SHEET_NAME_NOT_WRITTEN.with(lang, &[out]))?;
                    if hidden_sheets.contains(name) {
                        ws.set_hidden(true);
                    } else if Some(i) == active {
                        ws.set_active(true);
                    }
                    taken.push(out.clone());
                }
            }
        }
        let added_names = lang.sheet_names().map(|wanted| {
            let name = unique_name(wanted, &taken);
            taken.push(name.clone());
            name
        });
        let formats = Formats::new();
        formats.register(&mut workbook)?;
        // The list sheets are written on their own thread. Rebuilt, they are rust_xlsxwriter
        // sheets linked to the workbook's formats and shared strings, which join the workbook at
        // the end in their place; in place, they are written as XML into a zip of their own
        // beside the output (see `list_sheet`), with the style ids of the merged stylesheet.
        let mut list_files = Vec::new();
        let shared = inplace.as_ref().map(InPlace::shared);
        let (measures, findings) = match &inplace {
            Some(ip) => {
                let dir = target
                    .tmp_path()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| ".".into());
                let mut make = || -> Result<AnyList> {
                    let file = tempfile::Builder::new()
                        .prefix(".dpia-triage-")
                        .suffix(".tmp")
                        .tempfile_in(&dir)
                        .with_context(|| M::TEMP_FILE.with(lang, &[&dir.display()]))?;
                    let list = XmlList::create(
                        file.path(),
                        ip.list_styles(),
                        zip_level,
                        shared.clone(),
                        lang,
                    )?;
                    list_files.push(file);
                    Ok(AnyList::Xml(Box::new(list)))
                };
                (make()?, make()?)
            }
            None => {
                let mut measures = workbook.new_worksheet_with_low_memory()?;
                measures.set_name(&added_names[1])?;
                let mut findings = workbook.new_worksheet_with_low_memory()?;
                findings.set_name(&added_names[2])?;
                let list_formats = Arc::new(ListFormats {
                    header: formats.added_header.clone(),
                    date: formats.date.clone(),
                    link: formats.link.clone(),
                    wrap: formats.wrap_top.clone(),
                });
                (
                    AnyList::Xlsx(Box::new(XlsxList::new(measures, Arc::clone(&list_formats)))),
                    AnyList::Xlsx(Box::new(XlsxList::new(findings, list_formats))),
                )
            }
        };
        let lists = ListsWriter::start(
            measures,
            findings,
            &rubric,
            lang,
            &scored_out,
            lists::SHEET_LAST_ROW,
            previous
                .as_ref()
                .map_or(&[][..], |p| p.measure_columns.as_slice()),
            // The Maatregelen rows wait beside the output until they are sorted.
            &target
                .tmp_path()
                .and_then(Path::parent)
                .map_or_else(std::env::temp_dir, Path::to_path_buf),
        )?;
        let roles = match &previous {
            Some(_) => rubric
                .measures
                .iter()
                .map(|m| crate::value::normalize(&m.role))
                .collect(),
            None => Default::default(),
        };
        Ok(XlsxSink {
            count_columns: Vec::new(),
            target,
            info,
            rubric,
            lang,
            workbook,
            formats,
            user_sheets: sheet_names.to_vec(),
            renamed,
            current: 0,
            scored_index: None,
            scored_name: String::new(),
            header_row: 0,
            first_added_col: 0,
            max_col_seen: 0,
            last_scored_row: 0,
            added_names,
            lists,
            missing: Vec::new(),
            missing_more: 0,
            top: BinaryHeap::new(),
            leaning: BinaryHeap::new(),
            no_signals: 0,
            pending_merges: Default::default(),
            sheet_merges: Vec::new(),
            last_row: None,
            skipped_rows: 0,
            roles,
            previous,
            seen: Vec::new(),
            carried_seen: Vec::new(),
            new_total: 0,
            new_activities: Vec::new(),
            inplace,
            list_files,
            columns: added_columns(lang, &rubric_for_columns, &inputs),
            inputs,
        })
    }

    /// Before anything is written in row `r`: apply the merged ranges that start at or above it
    /// (constant-memory sheets only accept the current row or later). Returns false for a row that
    /// arrives out of order and cannot be written any more.
    fn prepare_row(&mut self, r: u32) -> Result<bool> {
        if self.last_row.is_some_and(|last| r <= last) {
            self.skipped_rows += 1;
            return Ok(false);
        }
        while self
            .pending_merges
            .front()
            .is_some_and(|m| m.first_row <= r)
        {
            if let Some(m) = self.pending_merges.pop_front() {
                self.merge(m)?;
            }
        }
        self.last_row = Some(r);
        Ok(true)
    }

    fn merge(&mut self, m: Merge) -> Result<()> {
        let ws = self.workbook.worksheet_from_index(self.current)?;
        // Overlapping ranges (invalid in Excel) are left unmerged rather than failing the run.
        let _ = ws.merge_range(
            m.first_row,
            m.first_col,
            m.last_row,
            m.last_col,
            "",
            &Format::new(),
        );
        Ok(())
    }

    /// The end of a sheet: merges below its last row.
    fn end_sheet(&mut self) -> Result<()> {
        while let Some(m) = self.pending_merges.pop_front() {
            self.merge(m)?;
        }
        // The scored sheet's rows have heights of their own.
        if let (Some(last), true) = (self.last_row, Some(self.current) == self.scored_index) {
            let ws = self.workbook.worksheet_from_index(self.current)?;
            seal_rows(ws, last, &self.formats.added_cell)?;
        }
        self.last_row = None;
        Ok(())
    }

    fn write_user_cells(&mut self, row: RawRow) -> Result<()> {
        let ws = self.workbook.worksheet_from_index(self.current)?;
        write_cells(ws, row, &self.formats.date, &self.formats.datetime)
    }

    /// What the summary sheets need of a scored row: new and matched activities (`--previous`),
    /// the activities whose DPIA is missing, and the top scores.
    fn track(&mut self, a: &Assessment, matched: Option<&Matched>, id: String, name: String) {
        let mark = |seen: &mut Vec<bool>, i: u32| {
            let i = i as usize;
            if seen.len() <= i {
                seen.resize(i + 1, false);
            }
            seen[i] = true;
        };
        if let Some(i) = matched.and_then(|m| m.carried.or(m.index)) {
            mark(&mut self.carried_seen, i);
        }
        if let Some(i) = matched.and_then(|m| m.index) {
            mark(&mut self.seen, i);
        } else if self.previous.is_some() {
            self.new_total += 1;
            if self.new_activities.len() < LISTED {
                self.new_activities.push((a.row, id.clone(), name.clone()));
            }
        }
        if a.flags.contains(&Flag::DpiaMissing) {
            if self.missing.len() < LISTED {
                self.missing.push(Listed {
                    row: a.row,
                    id: id.clone(),
                    name: if name.is_empty() {
                        id.clone()
                    } else {
                        name.clone()
                    },
                    outcome: a.outcome,
                });
            } else {
                self.missing_more += 1;
            }
        }
        // Incomplete activities: ranked by what their text and values say, or counted as
        // having nothing to say (to confirm in bulk).
        if a.outcome == Outcome::Incomplete {
            let weight = a.signal_weight();
            if weight == 0 {
                self.no_signals += 1;
            } else {
                let label = if name.is_empty() {
                    id.clone()
                } else {
                    name.clone()
                };
                let texts: Vec<&str> = a.signals.iter().map(|s| s.text.as_str()).collect();
                self.leaning
                    .push(Reverse((weight, Reverse(a.row), label, texts.join("; "))));
                if self.leaning.len() > TOP {
                    self.leaning.pop();
                }
            }
        }
        // The heap holds the TOP highest so far; a row that would be dropped at once is not added.
        let lowest = self
            .top
            .peek()
            .map(|Reverse((score, Reverse(row), ..))| (*score, Reverse(*row)));
        if self.top.len() < TOP || lowest.is_some_and(|low| (a.score, Reverse(a.row)) > low) {
            let label = if name.is_empty() { id.clone() } else { name };
            self.top.push(Reverse((a.score, Reverse(a.row), id, label)));
            if self.top.len() > TOP {
                self.top.pop();
            }
        }
    }

    /// The findings of the inputs that decide outcomes, on Meldingen.
    fn deciding_findings(&mut self, summary: &Summary) -> Result<()> {
        let nobody = Arc::new(Activity::default());
        for finding in super::deciding_findings(summary, self.lang) {
            self.lists.push(ListRow::Finding {
                row: 0,
                activity: Arc::clone(&nobody),
                finding,
            })?;
        }
        Ok(())
    }

    /// The earlier Maatregelen rows of activities that are gone, and rows without an activity:
    /// kept (catalogue measures as `vervallen`), so nothing the user typed is lost.
    fn carry_removed_measures(&mut self) -> Result<()> {
        let Some(prev) = self.previous.clone() else {
            return Ok(());
        };
        let rubric = Arc::clone(&self.rubric);
        for m in prev.removed_measures(&self.carried_seen)? {
            let mut row = m;
            let of_activity = !row.activity_id.is_empty() || !row.activity_name.is_empty();
            if of_activity && expires(&row, &rubric, prev.other_rubric) {
                row.status = self.lang.status(EXPIRED).to_string();
            }
            self.lists.push(ListRow::Kept {
                measure: Box::new(row),
                row: None,
                urgency: None,
            })?;
        }
        Ok(())
    }

    /// In place: the tool's sheets are written by rust_xlsxwriter into a package of their own
    /// beside the output, which the in-place writer then moves into the user's package.
    fn finish_in_place(
        mut self: Box<Self>,
        summary: &Summary,
        input: FingerprintOf<'_>,
    ) -> Result<()> {
        self.carry_removed_measures()?;
        self.deciding_findings(summary)?;
        let lists = self.lists.finish()?;
        self.write_summary(summary, lists.not_listed, &lists.open_by_role)?;
        self.write_audit(summary, &input()?)?;
        let mut parts = Vec::new();
        for ((list, file), name) in [lists.measures, lists.findings]
            .into_iter()
            .zip(&self.list_files)
            .zip(&self.added_names[1..3])
        {
            let AnyList::Xml(xml) = list else {
                anyhow::bail!(M::I_LIST_KIND.get(self.lang));
            };
            let (rows, last_col) = xml.extent();
            xml.finish()?;
            parts.push(inplace::ListPart {
                name: name.clone(),
                file: file.path().to_path_buf(),
                rows,
                last_col,
            });
        }
        let XlsxSink {
            target,
            mut workbook,
            inplace,
            list_files,
            ..
        } = *self;
        let lists: [inplace::ListPart; 2] = parts
            .try_into()
            .map_err(|_| anyhow::anyhow!(M::I_TWO_LISTS.get(self.lang)))?;
        let dir = target
            .tmp_path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| ".".into());
        let tool = super::temp_file_in(&dir, self.lang)?;
        // Two small sheets: saved to memory and written here, so that a failing write is an
        // error of ours (rust_xlsxwriter's zip would print its own line as it drops).
        let bytes = workbook
            .save_to_buffer()
            .context(M::WORKBOOK_NOT_WRITTEN.get(self.lang))?;
        std::fs::write(tool.path(), bytes).context(M::WORKBOOK_NOT_WRITTEN.get(self.lang))?;
        drop(workbook);
        if let Some(ip) = inplace {
            ip.finish(tool.path(), lists)?;
        }
        drop(tool);
        drop(list_files);
        target.commit()
    }

    /// The marker of a rebuilt workbook, as in place (`input::marker`): defined names over the
    /// tool's header cells, its input columns' header cells and A1 of its sheets, so that
    /// scoring the workbook again replaces them instead of adding copies.
    fn mark(&mut self) -> Result<()> {
        let quoted = |name: &str| crate::ooxml::cellref::quote_sheet(name);
        let mut names: Vec<(&str, String)> = Vec::new();
        if self.scored_index.is_some() {
            let sheet = quoted(&self.scored_name);
            let h = self.header_row + 1;
            let k = self.inputs.len() as u16;
            let first = self.first_added_col + k;
            let last = first + (Criterion::ALL.len() + 7) as u16 - 1;
            let range = |a: u16, b: u16| {
                format!(
                    "={sheet}!${}${h}:${}${h}",
                    column_letters(a),
                    column_letters(b)
                )
            };
            names.push((MARK_COLUMNS, range(first, last)));
            if k > 0 {
                names.push((MARK_INPUTS, range(self.first_added_col, first - 1)));
            }
        }
        for (mark, name) in MARK_SHEETS.iter().zip(&self.added_names) {
            names.push((mark, format!("={}!$A$1", quoted(name))));
        }
        for (name, formula) in names {
            self.workbook
                .define_name(name, &formula)
                .with_context(|| M::NAME_NOT_WRITTEN.with(self.lang, &[&name]))?;
        }
        Ok(())
    }

    fn finish_scored_sheet(&mut self) -> Result<()> {
        let Some(index) = self.scored_index else {
            return Ok(());
        };
        let first_data = self.header_row + 1;
        let last = self.last_scored_row.max(first_data);
        // The input columns the register lacks come first, then the tool's own.
        let inputs = self.inputs.len() as u16;
        let first_added = self.first_added_col + inputs;
        let last_added = first_added + 10 + 7 - 1;
        let lang = self.lang;
        let ws = self.workbook.worksheet_from_index(index)?;
        ws.autofilter(self.header_row, 0, last, last_added)?;
        // Printed as in place: landscape, the header row on every page (too wide to fit one
        // page across and stay readable).
        ws.set_landscape();
        ws.set_repeat_rows(self.header_row, self.header_row)?;
        // Their dropdowns, as in the template (a warning, so a typed value may stay).
        for (offset, choices) in &self.columns.dropdowns {
            let col = self.first_added_col + offset;
            let validation = DataValidation::new()
                .allow_list_strings(choices)?
                .set_error_style(DataValidationErrorStyle::Warning);
            ws.add_data_validation(first_data, col, last, col, &validation)?;
        }
        // Levels and class: colour by the word, so a user's edit recolours the cell.
        let level_fills = [
            (Some(Level::High), 0xF4CCCC, None),
            (Some(Level::Medium), 0xFCE5CD, None),
            (Some(Level::Low), 0xD9EAD3, None),
            (Some(Level::None), 0xD9D9D9, None),
            (None, 0xFFFFFF, Some(FormatPattern::LightUp)),
        ];
        let class_col = first_added + 11;
        for (lv, color, pattern) in level_fills {
            let cf = fill_when_equal(lang.level(lv), color, pattern);
            ws.add_conditional_format(first_data, first_added, last, first_added + 9, &cf)?;
            ws.add_conditional_format(first_data, class_col, last, class_col, &cf)?;
        }
        let outcome_col = first_added + 13;
        for (o, color, pattern) in [
            (Outcome::Required, 0xE06666, None),
            (Outcome::Recommended, 0xF6B26B, None),
            (Outcome::NotRequired, 0x93C47D, None),
            (Outcome::Incomplete, 0xFFFFFF, Some(FormatPattern::LightUp)),
        ] {
            let cf = fill_when_equal(lang.outcome(o), color, pattern);
            ws.add_conditional_format(first_data, outcome_col, last, outcome_col, &cf)?;
            // Onvolledig is a class too.
            if o == Outcome::Incomplete {
                ws.add_conditional_format(first_data, class_col, last, class_col, &cf)?;
            }
        }
        Ok(())
    }
}

/// Whether an earlier Maatregelen row that no longer applies expires (`vervallen`) rather than
/// staying as the user left it: a measure of the catalogue, or, when the earlier run used another
/// rubric, any row with a measure ID (the tool wrote it; a row added by hand has none).
fn expires(m: &PrevMeasure, rubric: &Rubric, other_rubric: bool) -> bool {
    rubric.measures.iter().any(|c| c.id == m.measure_id)
        || (other_rubric && !m.measure_id.is_empty())
}

/// A conditional format that fills a cell whose text is `word`: solid `color`, or with a
/// `pattern` over it (for Onbekend and Onvolledig), so a user's edit recolours the cell.
fn fill_when_equal(
    word: &str,
    color: u32,
    pattern: Option<FormatPattern>,
) -> ConditionalFormatCell {
    let mut fmt = Format::new().set_background_color(Color::RGB(color));
    if let Some(p) = pattern {
        fmt = fmt
            .set_pattern(p)
            .set_foreground_color(Color::RGB(0xBFBFBF));
    }
    ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::EqualTo(format!("\"{word}\"")))
        .set_format(fmt)
}

impl Sink for XlsxSink {
    fn begin_sheet(&mut self, name: &str, scored: bool, layout: &SheetLayout) -> Result<()> {
        if self.inplace.is_some() {
            if scored {
                self.scored_name = name.to_string();
            }
            return Ok(());
        }
        self.end_sheet()?;
        self.pending_merges = layout.merges.iter().copied().collect();
        self.sheet_merges = layout.merges.clone();
        if let Some(i) = self.user_sheets.iter().position(|s| s == name) {
            self.current = i;
        }
        if scored {
            self.scored_index = Some(self.current);
            self.scored_name = self
                .renamed
                .iter()
                .find(|(from, _)| from == name)
                .map_or_else(|| name.to_string(), |(_, to)| to.clone());
        }
        let ws = self.workbook.worksheet_from_index(self.current)?;
        for c in &layout.columns {
            // The stored width includes the cell padding; in pixels it round-trips exactly.
            let pixels = (c.width * 7.0).round().clamp(0.0, 1790.0) as u32;
            for col in c.first..=c.last {
                ws.set_column_width_pixels(col, pixels)?;
                if c.hidden {
                    ws.set_column_hidden(col)?;
                }
            }
        }
        Ok(())
    }

    fn user_row(&mut self, row: RawRow) -> Result<()> {
        if self.inplace.is_some() {
            // In place, the user's rows are copied by the sheet's rewrite.
            return Ok(());
        }
        if !self.prepare_row(row.index)? {
            return Ok(());
        }
        if Some(self.current) == self.scored_index {
            if let Some(last) = row.cells.last() {
                self.max_col_seen = self.max_col_seen.max(last.col + 1);
            }
        }
        self.write_user_cells(row)
    }

    fn header_row(&mut self, row: &RawRow, map: &ColumnMap) -> Result<()> {
        if let Some(ip) = self.inplace.as_mut() {
            self.header_row = row.index;
            let headers = all_headers(&self.inputs, self.lang, &self.rubric);
            return ip.row(row.index, headers.into_iter().map(Added::Text).collect());
        }
        if !self.prepare_row(row.index)? {
            return Ok(());
        }
        if self.read_from_csv() {
            use crate::fields::Field;
            self.count_columns = [
                Field::DataSubjects,
                Field::DataTypes,
                Field::Subprocessors,
                Field::Systems,
                Field::Processors,
                Field::StaffAccess,
            ]
            .into_iter()
            .filter_map(|f| map.column_of(f))
            .collect();
        }
        // The added columns go right of everything of the user's: headers, cells seen so far, and
        // merged ranges that reach into the data rows.
        let merged = self
            .sheet_merges
            .iter()
            .filter(|m| m.last_row >= row.index)
            .map(|m| m.last_col + 1)
            .max()
            .unwrap_or(0);
        let width = map
            .width()
            .max(self.max_col_seen)
            .max(merged)
            .max(row.cells.last().map_or(0, |c| c.col + 1));
        let added = self.columns.widths.len();
        if usize::from(width) + added > 16_384 {
            anyhow::bail!(
                "{}: {}",
                self.info.input_path.display(),
                M::TOO_WIDE.with(self.lang, &[&added])
            );
        }
        self.first_added_col = width;
        self.header_row = row.index;
        self.last_scored_row = row.index;
        self.write_user_cells(row.clone())?;
        let fmt = &self.formats.added_header;
        let ws = self.workbook.worksheet_from_index(self.current)?;
        let columns = &self.columns;
        // The input columns the register lacks, with the template's headers and notes, then the
        // tool's own.
        let headers = all_headers(&self.inputs, self.lang, &self.rubric);
        // No column style: it would fill the cells above the header too; each added cell of a
        // scored row carries its style.
        let notes = all_notes(&self.inputs, self.lang, &self.rubric);
        for (i, h) in headers.iter().enumerate() {
            let col = width + i as u16;
            ws.write_string_with_format(row.index, col, h, fmt)?;
            ws.set_column_width(col, columns.widths[i])?;
            // What the column means, as a note on its header (as in place).
            if let Some(text) = notes.get(i) {
                let note = rust_xlsxwriter::Note::new(text)
                    .set_author(notes::AUTHOR)
                    .add_author_prefix(false)
                    .set_width(320)
                    .set_height(130);
                ws.insert_note(row.index, col, &note)?;
            }
        }
        ws.set_freeze_panes(row.index + 1, 0)?;
        Ok(())
    }

    fn scored_row(&mut self, row: RawRow, scored: Scored) -> Result<()> {
        let Scored {
            assessment: mut a,
            matched,
            explanation,
        } = scored;
        let r = row.index;
        let rubric = Arc::clone(&self.rubric);
        let values = added_values(&a, explanation, self.lang, &rubric);
        if let Some(ip) = self.inplace.as_mut() {
            // The input columns stay empty for the user to fill in.
            let mut row_values = vec![Added::Text(String::new()); self.inputs.len()];
            row_values.extend(values);
            ip.row(r, row_values)?;
        } else {
            if !self.prepare_row(r)? {
                return Ok(());
            }
            self.last_scored_row = r;
            let Formats {
                added_cell: cell,
                added_wrap: wrap,
                ..
            } = &self.formats;
            // The register stays one line per activity: no row gets a height of the tool's.
            let ws = self.workbook.worksheet_from_index(self.current)?;
            // The input columns stay empty for the user to fill in.
            let k = self.inputs.len();
            for (i, value) in values.into_iter().enumerate() {
                let col = self.first_added_col + (k + i) as u16;
                let fmt = if self.columns.wrapped[k + i] {
                    wrap
                } else {
                    cell
                };
                match value {
                    Added::Text(t) => ws.write_string_with_format(r, col, t, fmt)?,
                    Added::Number(x) => ws.write_number_with_format(r, col, x, fmt)?,
                };
            }
            // The user's cells last, so that a stray value right of the header is never lost.
            let mut row = row;
            for cell in &mut row.cells {
                if self.count_columns.contains(&cell.col) {
                    if let Data::String(text) = &cell.value {
                        if let Some(n) = whole_number(text) {
                            cell.value = Data::Int(n);
                        }
                    }
                }
            }
            self.write_user_cells(row)?;
        }

        let id = a.id.take().unwrap_or_default();
        let name = a.name.take().unwrap_or_default();
        if self.previous.is_none() && a.findings.is_empty() && self.lists.measures_full() {
            // Nothing of this row fits on the list sheets any more (a register of more than
            // about 175,000 activities): its measures are counted, not built.
            let measures = a.measures.iter().filter(|i| rubric.measures.len() > **i);
            self.lists.count_unlisted(measures.count() as u64);
            let shown = shown_name(&mut a, name);
            self.track(&a, matched.as_deref(), id, shown);
            return Ok(());
        }
        let activity = Arc::new(Activity {
            id: id.clone(),
            name: name.clone(),
        });
        for finding in std::mem::take(&mut a.findings) {
            self.lists.push(ListRow::Finding {
                row: a.row,
                activity: Arc::clone(&activity),
                finding,
            })?;
        }
        let earlier: &[PrevMeasure] = matched.as_ref().map_or(&[], |m| m.measures.as_slice());
        let other_rubric = self.previous.as_ref().is_some_and(|p| p.other_rubric);
        let mut used = vec![false; earlier.len()];
        let mut rows = Vec::with_capacity(a.measures.len());
        for &i in &a.measures {
            let Some(m) = rubric.measures.get(i) else {
                continue;
            };
            // The user's work on this measure last time is carried forward.
            // By its ID; a row without one (the user deleted the ID column) by the measure's
            // text, in either language.
            let same_text = |p: &PrevMeasure| {
                let t = crate::value::normalize(&p.text);
                !t.is_empty()
                    && (t == crate::value::normalize(&m.text.nl)
                        || t == crate::value::normalize(&m.text.en))
            };
            let found = earlier
                .iter()
                .enumerate()
                .position(|(j, p)| !used[j] && p.measure_id == m.id)
                .or_else(|| {
                    earlier
                        .iter()
                        .enumerate()
                        .position(|(j, p)| !used[j] && p.measure_id.is_empty() && same_text(p))
                });
            let carried = found.map(|j| {
                used[j] = true;
                let p = &earlier[j];
                // A name typed over the role is the user's: it stays. A role of the rubric's
                // (the same, or another a changed rubric gave before) is the tool's.
                let typed = crate::value::normalize(&p.role);
                let owner = if typed.is_empty() || self.roles.contains(&typed) {
                    String::new()
                } else {
                    p.role.clone()
                };
                Box::new(Carried {
                    owner,
                    status: p.status.clone(),
                    deadline: p.deadline.clone(),
                    evidence: p.evidence.clone(),
                    remarks: p.remarks.clone(),
                    extra: p.extra.clone(),
                    rich: p.rich.clone(),
                })
            });
            rows.push(ListRow::Measure {
                activity: Arc::clone(&activity),
                measure: i,
                carried,
                row: a.row,
                urgency: urgency(&a, Some(m)),
            });
        }
        // Earlier rows that no longer match: catalogue measures expire, rows added by hand stay.
        for (p, _) in earlier.iter().zip(&used).filter(|(_, used)| !**used) {
            let mut row = p.clone();
            row.activity_id = id.clone();
            row.activity_name = name.clone();
            if expires(p, &rubric, other_rubric) {
                row.status = self.lang.status(EXPIRED).to_string();
            }
            let urgency = urgency(&a, None);
            rows.push(ListRow::Kept {
                measure: Box::new(row),
                row: Some(a.row),
                urgency: Some(urgency),
            });
        }
        for row in rows {
            self.lists.push(row)?;
        }
        let shown = shown_name(&mut a, name);
        self.track(&a, matched.as_deref(), id, shown);
        Ok(())
    }

    fn sheet_findings(&mut self, findings: &[Finding]) -> Result<()> {
        let nobody = Arc::new(Activity::default());
        for f in findings {
            self.lists.push(ListRow::Finding {
                row: 0,
                activity: Arc::clone(&nobody),
                finding: f.clone(),
            })?;
        }
        Ok(())
    }

    fn sheet_tap(&mut self) -> Option<(String, Box<dyn crate::input::SheetTap>)> {
        self.inplace.as_mut().and_then(InPlace::take_tap)
    }

    fn finish(mut self: Box<Self>, summary: &Summary, input: FingerprintOf<'_>) -> Result<()> {
        if self.inplace.is_some() {
            return self.finish_in_place(summary, input);
        }
        self.end_sheet()?;
        if self.skipped_rows > 0 {
            anyhow::bail!(M::ROWS_OUT_OF_ORDER.with(
                self.lang,
                &[&self.info.input_path.display(), &self.skipped_rows]
            ));
        }
        self.finish_scored_sheet()?;
        self.carry_removed_measures()?;
        self.deciding_findings(summary)?;
        // The list sheets come back from their thread and take their place after the Samenvatting.
        let lists = self.lists.finish()?;
        self.write_summary(summary, lists.not_listed, &lists.open_by_role)?;
        for list in [lists.measures, lists.findings] {
            if let AnyList::Xlsx(x) = list {
                self.workbook.push_worksheet(x.ws);
            }
        }
        self.write_audit(summary, &input()?)?;
        self.mark()?;
        let XlsxSink {
            target,
            mut workbook,
            ..
        } = *self;
        let path = target
            .tmp_path()
            .context(M::WORKBOOK_TO_STDOUT.get(self.lang))?
            .to_path_buf();
        workbook
            .save(&path)
            .context(M::WORKBOOK_NOT_WRITTEN.get(self.lang))?;
        drop(workbook);
        target.commit()
    }
}

/// The name the Samenvatting's lists show for an activity: its own, else what its purpose or
/// description says (`Assessment::label`). The Maatregelen rows keep the register's name, by
/// which `--previous` finds them again.
fn shown_name(a: &mut Assessment, name: String) -> String {
    if name.is_empty() {
        a.label.take().unwrap_or_default()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    /// (text, UTF-16 units after fitting, cut) — a cut text ends in `…` and fills the cell.
    #[test]
    fn texts_fit_in_a_cell() {
        let a = |n: usize| "a".repeat(n);
        let cases = [
            (String::new(), 0, false),
            (a(32_767), 32_767, false),
            (a(32_768), 32_767, true),
            (a(100_000), 32_767, true),
            // 16,383 two-unit characters and one more: the last would straddle the limit.
            ("😀".repeat(16_384), 32_767, true),
            ("é".repeat(32_767), 32_767, false),
        ];
        for (text, units, cut) in cases {
            let fitted = fit_cell(text.clone());
            assert_eq!(fitted.encode_utf16().count(), units, "{} chars", text.len());
            assert_eq!(fitted.ends_with('…') && fitted != text, cut);
        }
    }
}
