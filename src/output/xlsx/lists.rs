//! The two list sheets of the annotated workbook, Maatregelen (docs/output.md#maatregelen) and Meldingen (docs/register.md#data-quality-findings),
//! written on a thread of their own while the pipeline's thread writes the register sheet: on a
//! two-core machine the two sheets' XML is produced side by side instead of one after the other.
//! The register sink hands rows over in batches on a bounded channel; the worksheets come back
//! when the last batch is written, to take their place in the workbook.
//!
//! Both are low-memory worksheets: rows go to disk as they are written and strings go to the
//! workbook's shared-string table. These sheets repeat the same texts on every row (a measure's
//! text, source, role and status; a finding's message), so a cell becomes a short index instead of
//! the text again — at 100,000 activities that takes the Maatregelen XML from 354 MB to 148 MB,
//! less to write and to compress. The table holds each distinct text once: the catalogue's texts
//! and the ids and names of the activities listed, at most one per sheet row.

use crate::messages as M;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, Context as _, Result};
use calamine::Data;

use super::list_sheet::{write_value, AnyList, ListSheet, Style};
use crate::assess::Flag;
use crate::carried::PrevMeasure;
use crate::carried::RichCell;
use crate::finding::Finding;
use crate::lang::Lang;
use crate::output::labels::{is_status, EXPIRED};
use crate::rubric::{Rubric, Trigger};
use crate::spill::{Dec, Enc, Store};

/// The last 0-based row of a worksheet: Maatregelen and Meldingen stop listing there.
pub(super) const SHEET_LAST_ROW: u32 = 1_048_575;
/// Rows handed to the writer thread at a time.
const BATCH: usize = 2048;
/// Batches in flight between the register sink and the writer thread.
const BATCHES_IN_FLIGHT: usize = 4;

/// An activity as the list sheets name it.
#[derive(Debug, Default)]
pub(super) struct Activity {
    /// Activity id, empty when the register has none.
    pub id: String,
    /// Activity name, empty when the register has none.
    pub name: String,
}

/// The user's work on a measure in the `--previous` run, carried forward.
#[derive(Debug)]
pub(super) struct Carried {
    /// What the user typed over the measure's owner role (a person's name); empty when the cell
    /// still holds the role.
    pub owner: String,
    pub status: String,
    pub deadline: Data,
    pub evidence: String,
    pub remarks: String,
    /// Values of the columns the user added, in the order of their headers.
    pub extra: Vec<Data>,
    /// Those of the cells above with a formula, link or format.
    pub rich: Vec<crate::carried::RichCell>,
}

/// How urgent a Maatregelen row is: the activity's DPIA outcome, then its risk class, then the
/// level of the criterion the measure answers (a measure for a signal, such as a missing DPIA,
/// counts as Hoog); lower sorts first. `priority` is what the Prioriteit column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Urgency {
    /// 1 DPIA verplicht, 2 aanbevolen, 3 onvolledig, 4 geen DPIA nodig.
    pub priority: u8,
    /// 0 high, 1 medium, 2 incomplete, 3 low.
    pub class: u8,
    /// 0 high, 1 medium, 2 low, 3 none or unknown.
    pub level: u8,
}

/// One row for a list sheet.
#[derive(Debug)]
pub(super) enum ListRow {
    /// A catalogue measure that applies to an activity in register row `row` (1-based).
    Measure {
        activity: Arc<Activity>,
        /// Index into the rubric's measures.
        measure: usize,
        carried: Option<Box<Carried>>,
        row: u32,
        urgency: Urgency,
    },
    /// A row as it stood on the earlier Maatregelen sheet: expired, or added by hand; sorted
    /// with its activity's measures, or last when the activity is gone.
    Kept {
        measure: Box<PrevMeasure>,
        row: Option<u32>,
        urgency: Option<Urgency>,
    },
    /// A data-quality finding of register row `row` (1-based; 0 for the header).
    Finding {
        row: u32,
        activity: Arc<Activity>,
        finding: Finding,
    },
}

/// A catalogue measure's cells, in the output language, prepared once.
struct CatalogueRow {
    /// Row height (points) that shows the measure's text whole.
    height: f64,
    criterion: String,
    id: String,
    text: String,
    role: String,
    source: String,
    /// The same texts XML-escaped, once: they repeat on every row of their measure.
    xml: [String; 5],
}

/// The list sheets as they come back from the writer thread.
pub(super) struct Lists {
    /// Maatregelen.
    pub measures: AnyList,
    /// Meldingen.
    pub findings: AnyList,
    /// Rows that did not fit on a sheet (1,048,576 rows), counted on the Samenvatting.
    pub not_listed: u64,
    /// Measures not yet done (status open or in progress) per owner role, for the Samenvatting.
    pub open_by_role: std::collections::BTreeMap<String, u64>,
}

/// The register sink's end of the list sheets.
pub(super) struct ListsWriter {
    tx: Option<SyncSender<Vec<ListRow>>>,
    batch: Vec<ListRow>,
    handle: Option<JoinHandle<Result<Lists>>>,
    /// Rows handed over so far, per sheet: once a sheet holds `last_row` rows, rows are only
    /// counted here.
    measure_rows: u32,
    finding_rows: u32,
    last_row: u32,
    not_listed: u64,
    lang: Lang,
}

/// The writer thread's state.
struct Writer {
    lists: Lists,
    lang: Lang,
    /// The Maatregelen rows, written in order of urgency once all are in.
    measures: MeasureOrder,
    measure_rows: u32,
    finding_rows: u32,
    catalogue: Vec<CatalogueRow>,
    /// The scored sheet as a link target (`'Register'`).
    sheet_ref: String,
    /// Columns the user added, after the tool's.
    extra_columns: u16,
}

impl ListsWriter {
    /// Write the headers and start the writer thread; each sheet takes rows up to `last_row`
    /// (`SHEET_LAST_ROW`, the worksheet's limit).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        mut measures: AnyList,
        mut findings: AnyList,
        rubric: &Rubric,
        lang: Lang,
        scored_sheet: &str,
        last_row: u32,
        extra_headers: &[String],
        spill_dir: &std::path::Path,
    ) -> Result<ListsWriter> {
        write_headers(&mut measures, &mut findings, lang, extra_headers)?;
        let writer = Writer {
            lists: Lists {
                measures,
                findings,
                not_listed: 0,
                open_by_role: Default::default(),
            },
            measures: MeasureOrder::new(spill_dir, lang)?,
            lang,
            measure_rows: 0,
            finding_rows: 0,
            catalogue: catalogue(rubric, lang),
            sheet_ref: format!("'{}'", scored_sheet.replace('\'', "''")),
            extra_columns: extra_headers.len() as u16,
        };
        let (tx, rx) = sync_channel(BATCHES_IN_FLIGHT);
        let handle = std::thread::Builder::new()
            .name("lists".into())
            .spawn(move || writer.run(rx))
            .context(M::THREAD.get(lang))?;
        Ok(ListsWriter {
            tx: Some(tx),
            batch: Vec::with_capacity(BATCH),
            handle: Some(handle),
            measure_rows: 0,
            finding_rows: 0,
            last_row,
            not_listed: 0,
            lang,
        })
    }

    /// Whether the Maatregelen sheet holds all the rows it can.
    pub fn measures_full(&self) -> bool {
        self.measure_rows >= self.last_row
    }

    /// Count rows that were not built because their sheet is full.
    pub fn count_unlisted(&mut self, rows: u64) {
        self.not_listed += rows;
    }

    /// Queue a row; a full batch goes to the writer thread. A row for a full sheet is counted.
    pub fn push(&mut self, row: ListRow) -> Result<()> {
        let rows = match &row {
            ListRow::Finding { .. } => &mut self.finding_rows,
            ListRow::Measure { .. } | ListRow::Kept { .. } => &mut self.measure_rows,
        };
        if *rows >= self.last_row {
            self.not_listed += 1;
            return Ok(());
        }
        *rows += 1;
        self.batch.push(row);
        if self.batch.len() >= BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<()> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(batch).is_ok());
        if sent {
            Ok(())
        } else {
            // The writer stopped: its error says why.
            Err(self
                .join()
                .err()
                .unwrap_or_else(|| anyhow!(M::MEASURES_NOT_WRITTEN_PLAIN.get(self.lang))))
        }
    }

    /// Write what is queued, stop the thread and take the sheets back, finished (status dropdown,
    /// autofilter).
    pub fn finish(&mut self) -> Result<Lists> {
        if !self.batch.is_empty() {
            self.send()?;
        }
        let mut lists = self.join()?;
        lists.not_listed += self.not_listed;
        Ok(lists)
    }

    fn join(&mut self) -> Result<Lists> {
        self.tx = None;
        let handle = self
            .handle
            .take()
            .ok_or_else(|| anyhow!(M::I_MEASURES_CLOSED.get(self.lang)))?;
        match handle.join() {
            Ok(result) => result,
            Err(payload) => Err(anyhow!(M::MEASURES_NOT_WRITTEN.with(
                self.lang,
                &[&crate::messages::panic_message(payload.as_ref(), self.lang)]
            ))),
        }
    }
}

impl Drop for ListsWriter {
    // Dropped without `finish` (the run failed): the thread is told to stop and waited for, so
    // that nothing of it outlives the run (a page serving many uploads would keep them).
    fn drop(&mut self) {
        self.tx = None;
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl Writer {
    fn run(mut self, rx: Receiver<Vec<ListRow>>) -> Result<Lists> {
        for batch in rx {
            for row in batch {
                match row {
                    ListRow::Finding { .. } => self.write(row)?,
                    _ => {
                        self.count_open(&row);
                        self.measures.push(&row)?;
                    }
                }
            }
        }
        // A work list: most urgent first, register order within the same urgency. Rows of
        // activities that are gone come last.
        let measures = std::mem::replace(&mut self.measures, MeasureOrder::empty(self.lang));
        measures.each(&mut |row| self.write(row))?;
        let statuses: Vec<&str> = (0..=EXPIRED).map(|i| self.lang.status(i)).collect();
        self.lists.measures.close(
            self.measure_rows,
            FIRST + 11 + self.extra_columns,
            Some((FIRST + 6, &statuses)),
        )?;
        self.lists.findings.close(self.finding_rows, 5, None)?;
        Ok(self.lists)
    }

    fn write(&mut self, row: ListRow) -> Result<()> {
        match row {
            ListRow::Measure {
                activity,
                measure,
                carried,
                row,
                urgency,
            } => {
                let r = self.next_measure_row();
                let Some(m) = self.catalogue.get(measure) else {
                    return Ok(());
                };
                let ws = &mut self.lists.measures;
                ws.row_height(r, m.height)?;
                let status = carried
                    .as_ref()
                    .map(|c| c.status.as_str())
                    .filter(|s| !s.is_empty() && !is_status(s, EXPIRED))
                    .unwrap_or(self.lang.status(0));
                let rich: &[RichCell] = carried.as_ref().map_or(&[], |c| c.rich.as_slice());
                ws.number(r, 0, f64::from(urgency.priority), Style::Plain)?;
                for (c, text) in [(1, activity.id.as_str()), (2, &activity.name)] {
                    if !text.is_empty() {
                        ws.text(r, c, text, Style::Plain)?;
                    }
                }
                put(ws, r, 7, &Data::String(status.to_string()), rich, 0)?;
                let owner = carried.as_ref().map_or("", |c| c.owner.as_str());
                for (c, text, xml) in [
                    (3, &m.criterion, &m.xml[0]),
                    (4, &m.id, &m.xml[1]),
                    (6, &m.role, &m.xml[3]),
                    (11, &m.source, &m.xml[4]),
                ] {
                    if c == 6 && !owner.is_empty() {
                        // The owner the user named instead of the role.
                        ws.text(r, c, owner, Style::Plain)?;
                    } else if !text.is_empty() {
                        ws.text_escaped(r, c, text, xml, Style::Plain)?;
                    }
                }
                ws.text_escaped(r, 5, &m.text, &m.xml[2], Style::Wrap)?;
                if let Some(c) = &carried {
                    put_carried(ws, r, &c.deadline, &c.evidence, &c.remarks, &c.extra, rich)?;
                }
                ws.number(r, 12, f64::from(row), Style::Plain)?;
            }
            ListRow::Kept {
                measure: m,
                row,
                urgency,
            } => {
                let r = self.next_measure_row();
                let ws = &mut self.lists.measures;
                ws.row_height(r, text_height(&m.text))?;
                if let Some(u) = urgency {
                    ws.number(r, 0, f64::from(u.priority), Style::Plain)?;
                }
                if !m.text.is_empty() {
                    ws.text(r, 5, &m.text, Style::Wrap)?;
                }
                for (c, text) in [
                    (1, &m.activity_id),
                    (2, &m.activity_name),
                    (3, &m.criterion),
                    (4, &m.measure_id),
                    (6, &m.role),
                    (11, &m.source),
                ] {
                    if !text.is_empty() {
                        ws.text(r, c, text, Style::Plain)?;
                    }
                }
                put(ws, r, 7, &Data::String(m.status.clone()), &m.rich, 0)?;
                put_carried(
                    ws,
                    r,
                    &m.deadline,
                    &m.evidence,
                    &m.remarks,
                    &m.extra,
                    &m.rich,
                )?;
                if let Some(row) = row {
                    ws.number(r, 12, f64::from(row), Style::Plain)?;
                }
            }
            ListRow::Finding {
                row,
                activity,
                finding: f,
            } => {
                self.finding_rows += 1;
                let r = self.finding_rows;
                let ws = &mut self.lists.findings;
                if row > 0 {
                    ws.number(r, 0, f64::from(row), Style::Plain)?;
                }
                ws.text(r, 1, &activity.id, Style::Plain)?;
                if !f.cell.is_empty() {
                    let location = format!("{}!{}", self.sheet_ref, f.cell);
                    ws.link(r, 2, &location, &f.cell)?;
                }
                ws.text(r, 3, &f.column, Style::Plain)?;
                ws.text(r, 4, &f.value, Style::Plain)?;
                ws.text(r, 5, &f.message, Style::Plain)?;
            }
        }
        Ok(())
    }

    /// Count a measure that is not done yet under its owner role.
    fn count_open(&mut self, row: &ListRow) {
        let (role, status) = match row {
            ListRow::Measure {
                measure, carried, ..
            } => (
                self.catalogue.get(*measure).map(|m| m.role.as_str()),
                carried.as_ref().map_or("", |c| c.status.as_str()),
            ),
            ListRow::Kept { measure, .. } => (Some(measure.role.as_str()), measure.status.as_str()),
            ListRow::Finding { .. } => (None, ""),
        };
        let open = status.trim().is_empty() || is_status(status, 0) || is_status(status, 1);
        if let (Some(role), true) = (role, open) {
            let role = self.lang.role(role).to_string();
            *self.lists.open_by_role.entry(role).or_default() += 1;
        }
    }

    /// The next Maatregelen row (the sender stops at the sheet's limit).
    fn next_measure_row(&mut self) -> u32 {
        self.measure_rows += 1;
        self.measure_rows
    }
}

/// The Maatregelen rows on their way to the sheet, in buckets of urgency. Each bucket gathers
/// its rows' records in a block of memory and writes a full block to disk at once, so a
/// million measures sort in a few megabytes and are read back a block at a time, not a row at a
/// time (a read per row was a tenth of a 200,000-activity run).
struct MeasureOrder {
    store: Option<Store>,
    buckets: std::collections::BTreeMap<(bool, Option<Urgency>), Bucket>,
    lang: Lang,
}

/// One urgency's rows: the blocks on disk (by offset), then those still in memory.
#[derive(Default)]
struct Bucket {
    blocks: Vec<u64>,
    open: Vec<u8>,
}

/// How many bytes of records a bucket holds before its block goes to disk.
const BLOCK_BYTES: usize = 64 * 1024;

impl MeasureOrder {
    fn new(dir: &std::path::Path, lang: Lang) -> Result<MeasureOrder> {
        Ok(MeasureOrder {
            store: Some(Store::create(dir, lang)?),
            buckets: Default::default(),
            lang,
        })
    }

    fn empty(lang: Lang) -> MeasureOrder {
        MeasureOrder {
            store: None,
            buckets: Default::default(),
            lang,
        }
    }

    /// Keep a row; a row of an activity that is gone sorts last.
    fn push(&mut self, row: &ListRow) -> Result<()> {
        let key = match row {
            ListRow::Measure { urgency, .. } => (false, Some(*urgency)),
            ListRow::Kept { urgency, .. } => (urgency.is_none(), *urgency),
            ListRow::Finding { .. } => return Ok(()),
        };
        let store = self
            .store
            .as_mut()
            .context(M::I_MEASURES_WRITTEN.get(self.lang))?;
        let bucket = self.buckets.entry(key).or_default();
        let record = encode_row(row);
        let n = u32::try_from(record.len()).context(M::I_RECORD_TOO_LARGE.get(self.lang))?;
        bucket.open.extend_from_slice(&n.to_le_bytes());
        bucket.open.extend_from_slice(&record);
        if bucket.open.len() >= BLOCK_BYTES {
            bucket.blocks.push(store.push(&bucket.open)?);
            bucket.open.clear();
        }
        Ok(())
    }

    /// Every row, most urgent first, in the order pushed within the same urgency.
    fn each(mut self, f: &mut dyn FnMut(ListRow) -> Result<()>) -> Result<()> {
        let Some(mut store) = self.store.take() else {
            return Ok(());
        };
        store.seal()?;
        let lang = self.lang;
        // An activity's measures mostly follow one another: they share its id and name.
        let mut last: Option<Arc<Activity>> = None;
        let mut each_record = |block: &[u8]| -> Result<()> {
            let mut rest = block;
            while let Some((len, tail)) = rest.split_first_chunk::<4>() {
                let n = u32::from_le_bytes(*len) as usize;
                let (record, after) = tail
                    .split_at_checked(n)
                    .context(M::TEMP_DAMAGED.get(lang))?;
                f(decode_row(record, &mut last).context(M::TEMP_DAMAGED.get(lang))?)?;
                rest = after;
            }
            anyhow::ensure!(rest.is_empty(), "{}", M::TEMP_DAMAGED.get(lang));
            Ok(())
        };
        for bucket in std::mem::take(&mut self.buckets).into_values() {
            for offset in &bucket.blocks {
                each_record(&store.get(*offset)?)?;
            }
            each_record(&bucket.open)?;
        }
        Ok(())
    }
}

fn encode_urgency(e: &mut Enc, u: Option<Urgency>) {
    match u {
        Some(u) => {
            e.byte(1);
            e.byte(u.priority);
            e.byte(u.class);
            e.byte(u.level);
        }
        None => e.byte(0),
    }
}

fn decode_urgency(d: &mut Dec<'_>) -> Option<Option<Urgency>> {
    Some(match d.byte()? {
        0 => None,
        _ => Some(Urgency {
            priority: d.byte()?,
            class: d.byte()?,
            level: d.byte()?,
        }),
    })
}

/// A Maatregelen row as a record.
fn encode_row(row: &ListRow) -> Vec<u8> {
    let mut e = Enc::default();
    match row {
        ListRow::Measure {
            activity,
            measure,
            carried,
            row,
            urgency,
        } => {
            e.byte(0);
            e.str(&activity.id);
            e.str(&activity.name);
            e.u32(u32::try_from(*measure).unwrap_or(u32::MAX));
            e.u32(*row);
            encode_urgency(&mut e, Some(*urgency));
            match carried {
                Some(c) => {
                    e.byte(1);
                    e.str(&c.owner);
                    e.str(&c.status);
                    e.data(&c.deadline);
                    e.str(&c.evidence);
                    e.str(&c.remarks);
                    e.u32(c.extra.len() as u32);
                    for x in &c.extra {
                        e.data(x);
                    }
                    crate::carried::encode_rich(&mut e, &c.rich);
                }
                None => e.byte(0),
            }
        }
        ListRow::Kept {
            measure,
            row,
            urgency,
        } => {
            e.byte(1);
            e.bytes(&crate::carried::encode_measure(measure));
            match row {
                Some(r) => {
                    e.byte(1);
                    e.u32(*r);
                }
                None => e.byte(0),
            }
            encode_urgency(&mut e, *urgency);
        }
        ListRow::Finding { .. } => e.byte(2),
    }
    e.0
}

/// A Maatregelen row read back; `last` is the activity of the row before, shared again when this
/// row's is the same (and replaced when it is not).
fn decode_row(bytes: &[u8], last: &mut Option<Arc<Activity>>) -> Option<ListRow> {
    let mut d = Dec(bytes);
    match d.byte()? {
        0 => {
            let (id, name) = (d.bytes()?, d.bytes()?);
            let activity = match last.as_ref() {
                Some(a) if a.id.as_bytes() == id && a.name.as_bytes() == name => Arc::clone(a),
                _ => {
                    let a = Arc::new(Activity {
                        id: String::from_utf8_lossy(id).into_owned(),
                        name: String::from_utf8_lossy(name).into_owned(),
                    });
                    *last = Some(Arc::clone(&a));
                    a
                }
            };
            let measure = d.u32()? as usize;
            let row = d.u32()?;
            let urgency = decode_urgency(&mut d)??;
            let carried = match d.byte()? {
                0 => None,
                _ => {
                    let owner = d.str()?;
                    let status = d.str()?;
                    let deadline = d.data()?;
                    let evidence = d.str()?;
                    let remarks = d.str()?;
                    let n = d.u32()?;
                    let mut extra = Vec::new();
                    for _ in 0..n {
                        extra.push(d.data()?);
                    }
                    let rich = crate::carried::decode_rich(&mut d)?;
                    Some(Box::new(Carried {
                        owner,
                        status,
                        deadline,
                        evidence,
                        remarks,
                        extra,
                        rich,
                    }))
                }
            };
            Some(ListRow::Measure {
                activity,
                measure,
                carried,
                row,
                urgency,
            })
        }
        1 => {
            let measure = Box::new(crate::carried::decode_measure(d.bytes()?)?);
            let row = match d.byte()? {
                0 => None,
                _ => Some(d.u32()?),
            };
            let urgency = decode_urgency(&mut d)?;
            Some(ListRow::Kept {
                measure,
                row,
                urgency,
            })
        }
        _ => None,
    }
}

/// The Prioriteit column comes first; the other columns follow it.
const FIRST: u16 = 1;
/// First column of the columns a user added to Maatregelen (after the tool's thirteen).
const EXTRA_FROM: u16 = 13;

/// The user's cells of a row after the status, carried forward: deadline, evidence, remarks
/// and the user's own columns, each with its formula, link and format (`rich`).
fn put_carried(
    ws: &mut AnyList,
    r: u32,
    deadline: &Data,
    evidence: &str,
    remarks: &str,
    extra: &[Data],
    rich: &[RichCell],
) -> Result<()> {
    put(ws, r, 8, deadline, rich, 1)?;
    put(ws, r, 9, &Data::String(evidence.to_string()), rich, 2)?;
    put(ws, r, 10, &Data::String(remarks.to_string()), rich, 3)?;
    for (i, v) in extra.iter().enumerate() {
        put(ws, r, EXTRA_FROM + i as u16, v, rich, 4 + i as u16)?;
    }
    Ok(())
}

/// One carried cell (`slot` of `RichCell`) at row `r`, column `c`: as the earlier sheet held
/// it, its formula moved from where it stood to here.
fn put(ws: &mut AnyList, r: u32, c: u16, value: &Data, rich: &[RichCell], slot: u16) -> Result<()> {
    let value = match value {
        Data::String(s) if s.is_empty() => &Data::Empty,
        v => v,
    };
    match rich.iter().find(|x| x.slot == slot) {
        Some(x) => {
            let formula = x.rich.formula.as_deref().map(|f| {
                crate::ooxml::formula::shift(
                    f,
                    i64::from(r) - i64::from(x.from.0),
                    i64::from(c) - i64::from(x.from.1),
                )
            });
            ws.carried(
                r,
                c,
                value,
                formula.as_deref(),
                x.rich.link.as_ref(),
                x.rich.style,
            )
        }
        None => write_value(ws, r, c, value),
    }
}

/// The catalogue's cells in the output language: the criterion (or flag) a measure answers, its
/// id, text, owner role and sources.
/// The texts the Maatregelen sheet repeats on its rows, in the output language: each measure's
/// criterion, code, text, owner role and sources, and the statuses (for the shared strings).
pub(super) fn shared_texts(rubric: &Rubric, lang: Lang) -> Vec<String> {
    let mut texts: Vec<String> = (0..=EXPIRED).map(|i| lang.status(i).to_string()).collect();
    for row in catalogue(rubric, lang) {
        texts.extend([row.criterion, row.id, row.text, row.role, row.source]);
    }
    texts
}

fn catalogue(rubric: &Rubric, lang: Lang) -> Vec<CatalogueRow> {
    rubric
        .measures
        .iter()
        .map(|m| {
            let criterion = match &m.trigger {
                Trigger::Criterion(c, _) => lang.criterion(*c, rubric).to_string(),
                Trigger::Flag(f) => match Flag::ALL.iter().find(|x| x.key() == f) {
                    Some(flag) => lang.flag(*flag).to_string(),
                    None => f.clone(),
                },
            };
            let text = m.text.get(lang).to_string();
            let source = m.sources.join("; ");
            let esc = |s: &str| {
                let mut out = String::new();
                crate::ooxml::xml_text::escape_text(s, &mut out);
                out
            };
            CatalogueRow {
                xml: [
                    esc(&criterion),
                    esc(&m.id),
                    esc(&text),
                    esc(lang.role(&m.role)),
                    esc(&source),
                ],
                height: text_height(&text),
                criterion,
                id: m.id.clone(),
                text,
                role: lang.role(&m.role).to_string(),
                source,
            }
        })
        .collect()
}

fn write_headers(
    measures: &mut AnyList,
    findings: &mut AnyList,
    l: Lang,
    extra_headers: &[String],
) -> Result<()> {
    // The sheet's own columns, defined once with what the earlier workbook's reader looks for.
    let mut headers: Vec<&str> = std::iter::once(M::COL_PRIORITY)
        .chain(M::MEASURE_COLUMNS)
        .chain(std::iter::once(M::COL_ROW))
        .map(|t| t.get(l))
        .collect();
    let mut widths = vec![
        10.0,
        14.0,
        36.0,
        22.0,
        13.0,
        MEASURE_WIDTH,
        18.0,
        16.0,
        12.0,
        30.0,
        30.0,
        40.0,
        6.0,
    ];
    // The columns the user added on the earlier Maatregelen sheet come back after the tool's.
    headers.extend(extra_headers.iter().map(String::as_str));
    widths.extend(extra_headers.iter().map(|_| 20.0));
    header_row(measures, &headers, &widths)?;
    let headers = M::FINDING_COLUMNS.map(|t| t.get(l));
    let widths = [6.0, 14.0, 8.0, 30.0, 30.0, 80.0];
    header_row(findings, &headers, &widths)
}

/// A list sheet's header row: styled, frozen, with the columns' widths; printed landscape.
fn header_row(ws: &mut AnyList, headers: &[&str], widths: &[f64]) -> Result<()> {
    for (i, (h, w)) in headers.iter().zip(widths).enumerate() {
        ws.text(0, i as u16, h, Style::Header)?;
        ws.width(i as u16, *w)?;
    }
    ws.layout()
}

/// Width of the Maatregel column.
const MEASURE_WIDTH: f64 = 70.0;

/// The height of a Maatregelen row that shows its measure's text whole.
fn text_height(text: &str) -> f64 {
    f64::from(super::rewrite::wrapped_lines(text, MEASURE_WIDTH)) * 15.0
}

/// How urgent a measure of this activity is (a row kept from the earlier run: as the activity's
/// most urgent measure).
pub(super) fn urgency(
    a: &crate::assess::Assessment,
    measure: Option<&crate::rubric::Measure>,
) -> Urgency {
    let priority = match a.outcome {
        crate::assess::Outcome::Required => 1,
        crate::assess::Outcome::Recommended => 2,
        crate::assess::Outcome::Incomplete => 3,
        crate::assess::Outcome::NotRequired => 4,
    };
    let class = match (a.class_incomplete, a.class) {
        (true, _) => 2,
        (false, crate::value::Level::High) => 0,
        (false, crate::value::Level::Medium) => 1,
        (false, _) => 3,
    };
    let level = match measure.map(|m| &m.trigger) {
        Some(crate::rubric::Trigger::Criterion(c, _)) => match a.level(*c) {
            Some(crate::value::Level::High) => 0,
            Some(crate::value::Level::Medium) => 1,
            Some(crate::value::Level::Low) => 2,
            _ => 3,
        },
        _ => 0,
    };
    Urgency {
        priority,
        class,
        level,
    }
}

#[cfg(test)]
mod tests {
    use super::super::list_sheet::{ListFormats, XlsxList};
    use super::*;
    use rust_xlsxwriter::{Format, Workbook};

    fn finding(cell: &str) -> Finding {
        Finding {
            cell: cell.into(),
            column: "Aantal betrokkenen".into(),
            value: "veel".into(),
            message: "geen getal".into(),
        }
    }

    /// A sheet takes rows up to its limit; the rest are counted, per sheet, never written.
    #[test]
    fn rows_past_a_full_sheet_are_counted() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let mut wb = Workbook::new();
        let mut measures = wb.new_worksheet_with_low_memory().unwrap();
        measures.set_name("Maatregelen").unwrap();
        let mut findings = wb.new_worksheet_with_low_memory().unwrap();
        findings.set_name("Meldingen").unwrap();
        let formats = Arc::new(ListFormats {
            header: Format::new(),
            date: Format::new(),
            link: Format::new(),
            wrap: Format::new(),
        });
        let mut w = ListsWriter::start(
            AnyList::Xlsx(Box::new(XlsxList::new(measures, Arc::clone(&formats)))),
            AnyList::Xlsx(Box::new(XlsxList::new(findings, formats))),
            &rubric,
            Lang::Nl,
            "Register",
            3,
            &[],
            &std::env::temp_dir(),
        )
        .unwrap();
        let activity = Arc::new(Activity {
            id: "VW-1".into(),
            name: "Werving".into(),
        });
        // (measure rows, finding rows) pushed → rows not listed
        let cases = [(2, 0, 0), (3, 3, 0), (5, 3, 2), (5, 7, 6)];
        let (mut pushed_m, mut pushed_f) = (0, 0);
        for (measures, findings, not_listed) in cases {
            while pushed_m < measures {
                w.push(ListRow::Measure {
                    activity: Arc::clone(&activity),
                    measure: 0,
                    carried: None,
                    row: 2,
                    urgency: Urgency {
                        priority: 1,
                        class: 0,
                        level: 0,
                    },
                })
                .unwrap();
                pushed_m += 1;
            }
            while pushed_f < findings {
                w.push(ListRow::Finding {
                    row: 2,
                    activity: Arc::clone(&activity),
                    finding: finding("C2"),
                })
                .unwrap();
                pushed_f += 1;
            }
            assert_eq!(
                w.not_listed, not_listed,
                "{measures} measures, {findings} findings"
            );
        }
        let lists = w.finish().unwrap();
        assert_eq!(lists.not_listed, 6);
        for list in [lists.measures, lists.findings] {
            if let AnyList::Xlsx(x) = list {
                wb.push_worksheet(x.ws);
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lists.xlsx");
        wb.save(&path).unwrap();
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let m = book.worksheet_range("Maatregelen").unwrap();
        assert_eq!(m.height(), 4, "header and three measures");
        assert_eq!(m.get_value((3, 0)), Some(&Data::Float(1.0)));
        assert_eq!(m.get_value((3, 1)), Some(&Data::String("VW-1".into())));
        assert_eq!(
            m.get_value((3, 4)),
            Some(&Data::String(rubric.measures[0].id.clone()))
        );
        assert_eq!(m.get_value((3, 7)), Some(&Data::String("open".into())));
        let f = book.worksheet_range("Meldingen").unwrap();
        assert_eq!(f.height(), 4, "header and three findings");
        assert_eq!(f.get_value((1, 2)), Some(&Data::String("C2".into())));
    }
}
