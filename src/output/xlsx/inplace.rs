//! The annotated workbook in place, for `.xlsx`/`.xlsm` input (docs/output.md#workbook): the output package is
//! the input package plus the tool's additions. Every part the tool need not change is copied as
//! its compressed bytes (byte for byte by construction); the scored sheet is rewritten as it
//! streams (`rewrite`); `styles.xml` gets the tool's styles appended (`styles`); the header notes
//! go into the sheet's comments (`notes`); the workbook part, its relationships and the content
//! types get the tool's sheets and names. Macros, names, tables, pivot caches, drawings, printer
//! settings and document properties are parts like any other and pass through untouched.
//!
//! The tool's own sheets (Samenvatting, Maatregelen, Meldingen, Verantwoording) are written by
//! rust_xlsxwriter into a package of their own and their parts transplanted, their style indices
//! moved past the user's and their few shared strings made inline. Writing them directly as XML
//! would save the transplant but redo what rust_xlsxwriter does well (charts, validations, links,
//! print setup) in code of our own; the transplant is one streaming pass over parts that are
//! small next to the register, so fidelity and simplicity both favour it.
//!
//! **The marker.** The tool names what it added with workbook-level defined names: one over its
//! header cells on the scored sheet and one on cell A1 of each of its sheets. Excel and
//! LibreOffice keep defined names when they save, and move their references when the user inserts
//! or deletes columns or renames a sheet, so a later run finds the tool's columns and sheets by
//! the names, never by header text or sheet name a user might have typed.

use super::shared::{self, SharedTexts};
use crate::lang::Lang;
use crate::messages as M;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, bail, Context as _, Result};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::zip_out::{Output, ZipOut};

use super::parts::{
    copy_related, drop_tree, free_name, shared_strings, transplant_sheet, type_of, MINIMAL_STYLES,
    WORKSHEET_TYPE,
};
use super::rewrite::{self, Added, ColourRule, RowCells, SheetPlan};
use super::styles;
use crate::input::marker::{marker_of, Marker, MARK_COLUMNS, MARK_INPUTS, MARK_SHEETS};
use crate::ooxml::cellref::{column_letters, parse_range, quote_sheet, runs};
use crate::ooxml::content_types::edit_content_types;
use crate::ooxml::package::{self, Package, SheetEntry, WorkbookInfo, REL_COMMENTS, REL_VML};
use crate::ooxml::rels::{edit_rels, rels_name, unused_id, Rel};
use crate::ooxml::tree::{Document, Element, Node, NS_MAIN, NS_REL};

/// Rows of added cells per message to the rewriting thread.
const BATCH: usize = 512;

/// The in-place writer of one workbook.
/// The in-place rewrite's first pass, fed by the register's reader.
struct PrescanTap {
    scan: rewrite::Prescanner,
    to: SyncSender<Option<Result<rewrite::Prescan>>>,
}

impl crate::input::SheetTap for PrescanTap {
    fn token(&mut self, t: &crate::ooxml::scan::Token<'_>) {
        self.scan.token(t);
    }

    fn finish(self: Box<Self>, fed: bool) {
        let PrescanTap { scan, to } = *self;
        // The rewrite waits for this; if it has stopped, its own error is told.
        let _ = to.send(fed.then(|| scan.finish()));
    }
}

pub struct InPlace {
    input: PathBuf,
    tmp: PathBuf,
    info: WorkbookInfo,
    scored: SheetEntry,
    marker: Marker,
    plan: SheetPlan,
    styles_part: String,
    /// The package had no stylesheet: the one written is new, and needs its relationship and
    /// content type.
    styles_new: bool,
    user_styles: String,
    notes: Vec<String>,
    zip_level: i64,
    added: styles::AddedStyles,
    tx: Option<SyncSender<Vec<RowCells>>>,
    batch: Vec<RowCells>,
    handle: Option<JoinHandle<Result<(Output, rewrite::Rewritten)>>>,
    /// The first pass over the register sheet, to be fed by the register's reader
    /// ([`InPlace::take_tap`]); told it was not when it is still here at the first row.
    tap: Option<PrescanTap>,
    /// The user's shared-string table (its part).
    user_sst: Option<String>,
    /// The tool's texts in the shared-string table (docs/output.md#output-size).
    shared: Arc<SharedTexts>,
    /// The language of its messages.
    lang: Lang,
}

impl Drop for InPlace {
    // Dropped without `finish` (the run failed): the rewriting thread is told to stop and
    // waited for, so that nothing of it outlives the run.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// How the added columns look: their widths and which wrap.
pub struct Columns {
    /// Width per added column.
    pub widths: Vec<f64>,
    /// Long-text columns (wrapped, at the top).
    pub wrapped: Vec<bool>,
    /// Offsets of the level columns and of the class column (coloured by level).
    pub level_columns: Vec<u16>,
    /// Offset of the outcome column.
    pub outcome_column: u16,
    /// Level words (Hoog, Midden, Laag, Geen, Onbekend) and outcome words (required,
    /// recommended, not required, incomplete), in `styles::COLOURS` order.
    pub words: Vec<String>,
    /// How many input columns (fields the register lacks) come first.
    pub inputs: u16,
    /// Dropdown choices of those input columns (offset, choices).
    pub dropdowns: Vec<(u16, Vec<String>)>,
}

/// A list sheet written as XML into a one-part zip of its own (see `list_sheet`).
pub struct ListPart {
    /// Its sheet name.
    pub name: String,
    /// The zip holding its part.
    pub file: PathBuf,
    /// Its last row (0-based; 0 when it has only the header).
    pub rows: u32,
    /// Its last column (0-based).
    pub last_col: u16,
}

/// A name the tool defines on one of its sheets: (name, sheet, reference, hidden).
type SheetName = (String, String, String, bool);

fn deflate(level: i64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(level))
}

/// The added cells on their way from the register sink to the rewrite: a queue that keeps its
/// first batches in memory and the rest on disk (a temporary file without a name, made when the
/// first batch overflows), in the order they came. The sink never waits for the rewrite: while
/// the first pass over the register sheet runs, and while the rewrite catches up after it, the
/// reader and the scorers go on.
struct RowQueue {
    state: std::sync::Mutex<QueueState>,
    ready: std::sync::Condvar,
    dir: PathBuf,
    lang: Lang,
}

#[derive(Default)]
struct QueueState {
    /// The batches in order: in memory, or a record in `store`.
    batches: std::collections::VecDeque<Queued>,
    /// How many of `batches` are in memory.
    in_memory: usize,
    store: Option<crate::spill::Store>,
    /// Every batch is in.
    closed: bool,
    /// The rewrite failed: no more batches are taken, so the sink's next one fails to go and the
    /// sink learns of the failure.
    abandoned: bool,
    /// The first error writing or reading a batch: the rewrite then misses rows, and the run
    /// fails.
    failed: Option<anyhow::Error>,
}

enum Queued {
    Memory(Vec<RowCells>),
    Disk(u64),
}

/// Batches a queue keeps in memory (512 rows each, about 0.75 MB) before it writes to disk.
const IN_MEMORY: usize = 8;

impl RowQueue {
    fn new(dir: &Path, lang: Lang) -> RowQueue {
        RowQueue {
            state: Default::default(),
            ready: Default::default(),
            dir: dir.to_path_buf(),
            lang,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Take every batch from `rx` until the sink is done.
    fn fill(&self, rx: &std::sync::mpsc::Receiver<Vec<RowCells>>) {
        for batch in rx {
            let mut st = self.lock();
            if st.abandoned {
                return;
            }
            if st.failed.is_some() {
                continue;
            }
            if st.in_memory < IN_MEMORY {
                st.in_memory += 1;
                st.batches.push_back(Queued::Memory(batch));
            } else {
                let lang = self.lang;
                let pushed = match &mut st.store {
                    Some(store) => store.push(&encode_batch(&batch)),
                    None => crate::spill::Store::create(&self.dir, lang).and_then(|mut store| {
                        let offset = store.push(&encode_batch(&batch));
                        st.store = Some(store);
                        offset
                    }),
                };
                match pushed {
                    Ok(offset) => st.batches.push_back(Queued::Disk(offset)),
                    Err(e) => st.failed = Some(e),
                }
            }
            self.ready.notify_one();
        }
        self.lock().closed = true;
        self.ready.notify_one();
    }

    /// The next batch, waiting for it; `None` when every batch is taken (or one could not be
    /// read back).
    fn pop(&self) -> Option<Vec<RowCells>> {
        let mut st = self.lock();
        loop {
            if st.failed.is_some() {
                return None;
            }
            if let Some(q) = st.batches.pop_front() {
                return match q {
                    Queued::Memory(batch) => {
                        st.in_memory -= 1;
                        Some(batch)
                    }
                    Queued::Disk(offset) => {
                        let lang = self.lang;
                        let read = match st.store.as_mut() {
                            Some(store) => store
                                .flush()
                                .and_then(|_| store.get(offset))
                                .and_then(|b| decode_batch(&b).context(M::TEMP_DAMAGED.get(lang))),
                            None => Err(anyhow!(M::TEMP_DAMAGED.get(lang))),
                        };
                        match read {
                            Ok(batch) => Some(batch),
                            Err(e) => {
                                st.failed = Some(e);
                                None
                            }
                        }
                    }
                };
            }
            if st.closed {
                return None;
            }
            st = self.ready.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// The rewrite failed: take no more batches.
    fn abandon(&self) {
        self.lock().abandoned = true;
    }

    /// Whether every batch came through.
    fn finish(&self) -> Result<()> {
        match self.lock().failed.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A writer that hands what is written to another thread in chunks of 256 KB.
struct Chunks {
    buf: Vec<u8>,
    to: std::sync::mpsc::SyncSender<Vec<u8>>,
}

/// The size of a chunk handed to the compressing thread.
const CHUNK: usize = 256 * 1024;

impl Chunks {
    fn new(to: std::sync::mpsc::SyncSender<Vec<u8>>) -> Chunks {
        Chunks {
            buf: Vec::with_capacity(CHUNK),
            to,
        }
    }

    fn hand_over(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.to
            .send(chunk)
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.hand_over()
    }
}

/// A batch of added cells as a record: the number of rows, each row's record
/// (`RowCells::encode`), and the CRC-32 of what came before it. The rewrite writes a row's
/// texts into the sheet from the bytes read back, so a record damaged on disk must be told
/// (and the run fail) rather than written.
fn encode_batch(batch: &[RowCells]) -> Vec<u8> {
    // Sized once: a batch is megabytes, and growing it by doubling copied it over again.
    let size: usize = batch.iter().map(RowCells::encoded_len).sum();
    let mut e = crate::spill::Enc(Vec::with_capacity(8 + size));
    e.u32(batch.len() as u32);
    for r in batch {
        r.encode(&mut e);
    }
    let crc = crc32fast::hash(&e.0);
    e.u32(crc);
    e.0
}

fn decode_batch(bytes: &[u8]) -> Option<Vec<RowCells>> {
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut d = crate::spill::Dec(body);
    let rows = d.u32()?;
    let mut batch = Vec::with_capacity(rows.min(1 << 16) as usize);
    for _ in 0..rows {
        batch.push(RowCells::decode(&mut d)?);
    }
    d.0.is_empty().then_some(batch)
}

impl InPlace {
    /// Prepare the in-place output of `input` into the temporary file `tmp`, and start rewriting
    /// the scored sheet on a thread of its own.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        input: &Path,
        tmp: &Path,
        sheet: &str,
        header_row: u32,
        columns: Columns,
        old: &[(u16, usize)],
        notes: Vec<String>,
        zip_level: u8,
        shared_texts: Vec<String>,
        lang: Lang,
    ) -> Result<InPlace> {
        let mut pkg = Package::open(input, lang)?;
        let info = package::workbook_info(&mut pkg)?;
        if info.strict {
            bail!(M::STRICT_NOT_ANNOTATED.with(lang, &[&input.display()]));
        }
        let scored = info
            .sheets
            .iter()
            .find(|s| s.name == sheet && s.worksheet)
            .cloned()
            .ok_or_else(|| anyhow!(M::SHEET_NOT_FOUND.with(lang, &[&input.display(), &sheet])))?;
        let marker = marker_of(&info);
        // The earlier run's columns, as offsets among this run's added columns (the input
        // columns come first).
        let old: Vec<(u16, u16)> = old
            .iter()
            .map(|(col, k)| (*col, columns.inputs + *k as u16))
            .collect();
        let wb_rels = pkg.rels(&info.part)?;
        // The user's shared strings keep their numbers; the tool's texts it lacks follow them.
        let wanted: HashSet<&str> = shared_texts.iter().map(String::as_str).collect();
        let user_sst = match wb_rels
            .iter()
            .find(|r| r.typ.ends_with("/sharedStrings") && !r.external && pkg.has(&r.target))
        {
            Some(r) => {
                let part = r.target.clone();
                let entry = pkg.zip.by_name(&part)?;
                let table = package::damaged_on_panic(input, lang, || {
                    let part = std::io::BufReader::with_capacity(256 * 1024, entry);
                    shared::read_table(part, &wanted, lang)
                })
                .with_context(|| format!("{}: {part}", input.display()))?;
                Some((part, table))
            }
            None => None,
        };
        let styles_rel = wb_rels.iter().find(|r| r.typ.ends_with("/styles"));
        let styles_new = styles_rel.is_none();
        let styles_part = match styles_rel {
            Some(r) => r.target.clone(),
            None => {
                let dir = info.part.rsplit_once('/').map_or("", |(d, _)| d);
                let mut used: HashSet<String> = pkg
                    .zip
                    .file_names()
                    .flatten()
                    .map(|n| n.to_ascii_lowercase())
                    .collect();
                free_name(&mut used, &format!("{dir}/dpia-styles"), "xml")
            }
        };
        let user_styles = pkg
            .read_text(&styles_part)?
            .unwrap_or_else(|| MINIMAL_STYLES.to_string());
        let merged = styles::merge(&user_styles, None, lang)?;
        let sheet_rels = pkg.rels(&scored.part)?;
        let has_tables = sheet_rels.iter().any(|r| r.typ.ends_with("/table"));
        let has_drawing = sheet_rels.iter().any(|r| r.typ == REL_VML);
        let width = columns.widths.len() as u16;
        let cell_styles = columns
            .wrapped
            .iter()
            .map(|w| {
                if *w {
                    merged.added.wrap
                } else {
                    merged.added.cell
                }
            })
            .collect();
        let mut colours = Vec::new();
        // Onvolledig is a class too: hatched in Risicoklasse as in DPIA-advies.
        let incomplete = 5 + crate::assess::Outcome::ALL
            .iter()
            .position(|o| *o == crate::assess::Outcome::Incomplete)
            .unwrap_or(0);
        let class_column = columns.level_columns.last().copied();
        for (i, word) in columns.words.iter().enumerate() {
            let cols = if i < 5 {
                columns.level_columns.clone()
            } else if i == incomplete {
                let mut cols: Vec<u16> = class_column.into_iter().collect();
                cols.push(columns.outcome_column);
                cols
            } else {
                vec![columns.outcome_column]
            };
            colours.push(ColourRule {
                columns: cols,
                word: word.clone(),
                dxf: merged.added.dxf[i],
            });
        }
        // The tool's texts follow the user's shared strings, which keep their numbers.
        let (user_sst, table) = match user_sst {
            Some((part, table)) => (Some(part), table),
            None => (None, shared::UserTable::default()),
        };
        let shared = Arc::new(SharedTexts::new(table, shared_texts));
        let plan = SheetPlan {
            part: scored.part.clone(),
            header_row,
            width,
            old,
            header_style: merged.added.header,
            cell_styles,
            widths: columns.widths,
            wrapped: columns.wrapped,
            colours,
            autofilter: !has_tables,
            legacy_drawing: (!has_drawing && !notes.is_empty())
                .then(|| unused_id(sheet_rels.iter())),
            inputs: columns.inputs,
            dropdowns: columns.dropdowns,
            shared: Some(Arc::clone(&shared)),
        };
        let file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(tmp)
            .with_context(|| M::TEMP_OPEN.with(lang, &[&tmp.display()]))?;
        let mut zip = ZipOut::new(BufWriter::with_capacity(256 * 1024, file));
        let (tx, rx) = sync_channel::<Vec<RowCells>>(4);
        // The first pass, fed by the register's reader when it reads the sheet with the tool's
        // own reader; `None` from it (or no tap taken) and the rewrite makes the pass itself.
        let (pre_tx, pre_rx) = sync_channel::<Option<Result<rewrite::Prescan>>>(1);
        let tap = PrescanTap {
            scan: rewrite::Prescanner::new(header_row, &plan.old, lang),
            to: pre_tx,
        };
        let thread_plan = plan.clone();
        let path = input.to_path_buf();
        let sheet_name = sheet.to_string();
        let level = i64::from(zip_level);
        let spill_dir = tmp
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let handle = std::thread::Builder::new()
            .name("register".into())
            .spawn(move || -> Result<(Output, rewrite::Rewritten)> {
                let mut pkg = Package::open(&path, lang)?;
                let name = thread_plan.part.clone();
                // The first pass is made in the register's own read (or here, when that read
                // had no tokens to give), and the rows the sink sends wait in a queue that spills
                // to disk: reading and scoring go on until the pass has seen the sheet's end, and
                // while the rewrite catches up.
                let queue = RowQueue::new(&spill_dir, lang);
                std::thread::scope(|scope| -> Result<(Output, rewrite::Rewritten)> {
                    let courier = std::thread::Builder::new()
                        .name("register-rows".into())
                        .spawn_scoped(scope, {
                            let queue = &queue;
                            move || queue.fill(&rx)
                        })
                        .context(M::THREAD.get(lang))?;
                    let written = (|| -> Result<(Output, rewrite::Rewritten)> {
                        let in_sheet = || {
                            format!(
                                "{}{}",
                                path.display(),
                                M::IN_SHEET.with(lang, &[&sheet_name])
                            )
                        };
                        let pre = match pre_rx.recv() {
                            Ok(Some(pre)) => pre.with_context(in_sheet)?,
                            // The reader stopped before the sheet's end: its error is the run's.
                            Err(_) => bail!(M::CANNOT_BE_READ.with(lang, &[&path.display()])),
                            Ok(None) => {
                                let mut pkg = Package::open(&path, lang)?;
                                let entry =
                                    pkg.zip.by_name(&name).context(M::SHEET_MISSING.get(lang))?;
                                rewrite::prescan(
                                    std::io::BufReader::with_capacity(256 * 1024, entry),
                                    thread_plan.header_row,
                                    &thread_plan.old,
                                    lang,
                                )
                                .with_context(in_sheet)?
                            }
                        };
                        let entry = pkg.zip.by_name(&name).context(M::SHEET_MISSING.get(lang))?;
                        let big = entry.size() > (3 << 30);
                        // The rewritten part is compressed on a thread of its own, in chunks
                        // handed over as they fill: rewriting and compressing the register sheet
                        // were the longest chain of the run, one after the other on one thread.
                        let (chunks, compress) = sync_channel::<Vec<u8>>(8);
                        let deflater = std::thread::Builder::new()
                            .name("register-deflate".into())
                            .spawn_scoped(scope, {
                                let name = name.clone();
                                move || -> Result<Output> {
                                    zip.start_file(name.as_str(), deflate(level).large_file(big))
                                        .context(M::OUTPUT_NOT_WRITABLE.get(lang))?;
                                    for chunk in compress {
                                        zip.write_all(&chunk)
                                            .context(M::OUTPUT_NOT_WRITABLE.get(lang))?;
                                    }
                                    Ok(zip)
                                }
                            })
                            .context(M::THREAD.get(lang))?;
                        let rewritten = {
                            let mut out = Chunks::new(chunks);
                            let mut next = || queue.pop();
                            rewrite::rewrite(&thread_plan, &pre, entry, &mut out, &mut next, lang)
                                .and_then(|done| {
                                    out.flush().context(M::OUTPUT_NOT_WRITABLE.get(lang))?;
                                    Ok(done)
                                })
                        };
                        // A failed compression is the error to tell (the rewrite then only
                        // found its chunks refused).
                        let zip = deflater
                            .join()
                            .map_err(|_| anyhow!(M::OUTPUT_NOT_WRITABLE.get(lang)))??;
                        let done = rewritten?;
                        queue.finish()?;
                        Ok((zip, done))
                    })();
                    if written.is_err() {
                        queue.abandon();
                    }
                    // The courier ends when the sink is done (it drops its sender), or at the
                    // next batch after the rewrite failed.
                    let _ = courier.join();
                    written
                })
            })
            .context(M::THREAD.get(lang))?;
        Ok(InPlace {
            input: input.to_path_buf(),
            tmp: tmp.to_path_buf(),
            info,
            scored,
            marker,
            plan,
            styles_part,
            styles_new,
            user_styles,
            notes,
            zip_level: i64::from(zip_level),
            added: merged.added,
            tx: Some(tx),
            batch: Vec::with_capacity(BATCH),
            handle: Some(handle),
            tap: Some(tap),
            user_sst,
            shared,
            lang,
        })
    }

    /// The tool's texts in the shared-string table (written with the package at `finish`).
    pub fn shared(&self) -> Arc<SharedTexts> {
        Arc::clone(&self.shared)
    }

    /// The style ids of the list sheets in the merged stylesheet.
    pub fn list_styles(&self) -> super::list_sheet::ListStyleIds {
        self.added.list
    }

    /// The names of the tool's sheets of an earlier run, which the new ones replace.
    pub fn replaced_sheets(&self) -> Vec<String> {
        self.marker.sheets.iter().flatten().cloned().collect()
    }

    /// The first pass over the register sheet as a tap on the register's reader
    /// (`input::Source::tap_sheet`), with the sheet's name: the sheet is then inflated and
    /// scanned once for reading and the first pass, not twice. Once only.
    pub fn take_tap(&mut self) -> Option<(String, Box<dyn crate::input::SheetTap>)> {
        let tap = self.tap.take()?;
        Some((self.scored.name.clone(), Box::new(tap)))
    }

    /// The added cells of a row (the header row included), in row order.
    pub fn row(&mut self, row: u32, values: Vec<Added>) -> Result<()> {
        // Rows come, and nobody took the first pass: the rewrite makes it itself.
        if let Some(tap) = self.tap.take() {
            crate::input::SheetTap::finish(Box::new(tap), false);
        }
        self.batch.push(RowCells::new(row, values));
        if self.batch.len() >= BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<()> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let sent = self.tx.as_ref().map(|tx| tx.send(batch));
        if let Some(Err(_)) = sent {
            // The thread stopped: its error says why.
            self.tx = None;
            return self.join().map(drop);
        }
        Ok(())
    }

    fn join(&mut self) -> Result<(Output, rewrite::Rewritten)> {
        let lang = self.lang;
        self.tx = None;
        let handle = self
            .handle
            .take()
            .ok_or_else(|| anyhow!(M::I_SHEET_DONE.get(lang)))?;
        handle.join().map_err(|p| {
            anyhow!(
                "interne fout bij het werkblad ({})",
                crate::messages::panic_message(p.as_ref(), lang)
            )
        })?
    }

    /// Everything is sent: finish the package with the tool's sheets: Samenvatting and
    /// Verantwoording from `tool` (the package rust_xlsxwriter wrote), Maatregelen and Meldingen
    /// from `lists`, in the order Samenvatting, Maatregelen, Meldingen, Verantwoording.
    pub fn finish(mut self, tool: &Path, lists: [ListPart; 2]) -> Result<()> {
        let lang = self.lang;
        if !self.batch.is_empty() {
            self.send()?;
        }
        let (mut zip, done) = self.join()?;
        let mut pkg = Package::open(&self.input, lang)?;
        let mut tool_pkg = Package::open(tool, lang)?;
        let tool_info = package::workbook_info(&mut tool_pkg)?;
        let tool_styles = tool_pkg
            .read_text("xl/styles.xml")?
            .unwrap_or_else(|| MINIMAL_STYLES.to_string());
        let merged = styles::merge(&self.user_styles, Some(&tool_styles), lang)?;
        let opts = deflate(self.zip_level);
        let mut written: HashSet<String> = HashSet::new();
        written.insert(self.scored.part.clone());

        // The parts of the earlier run's sheets are dropped (they are replaced).
        let replaced: Vec<&SheetEntry> = self
            .marker
            .sheets
            .iter()
            .flatten()
            .filter_map(|name| self.info.sheets.iter().find(|s| &s.name == name))
            .filter(|s| s.name != self.scored.name)
            .collect();
        let mut dropped: HashSet<String> = HashSet::new();
        for s in &replaced {
            drop_tree(&mut pkg, &s.part, &mut dropped)?;
        }
        let mut used: HashSet<String> = pkg
            .zip
            .file_names()
            .flatten()
            .filter(|n| !dropped.contains(n.as_ref()))
            .map(|n| n.to_ascii_lowercase())
            .collect();

        // Content types of the tool package, for the parts moved over.
        let tool_types = tool_pkg
            .read_text("[Content_Types].xml")?
            .unwrap_or_default();
        let mut new_types: Vec<(String, String)> = Vec::new();

        // The tool's sheets.
        let sst = shared_strings(&mut tool_pkg)?;
        let mut new_sheets: Vec<(String, String)> = Vec::new(); // (name, part)
        let mut sheet_names: Vec<SheetName> = Vec::new();
        let [measures, findings] = lists;
        let (first, rest) = tool_info.sheets.split_at(tool_info.sheets.len().min(1));
        for (i, s) in first.iter().chain(rest).enumerate() {
            if i == 1 {
                // After the Samenvatting: the list sheets, copied as they were compressed.
                for list in [&measures, &findings] {
                    let part = free_name(&mut used, "xl/worksheets/sheet", "xml");
                    let file = File::open(&list.file)
                        .with_context(|| M::CANNOT_OPEN_PATH.with(lang, &[&list.file.display()]))?;
                    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
                        .context(M::TEMP_SHEET_UNREADABLE.get(lang))?;
                    let entry = archive.by_name_raw(super::list_sheet::XML_LIST_PART.as_bytes())?;
                    zip.raw_copy_file_rename(entry, part.as_str())?;
                    // The targets of the links it carried from the user's earlier sheet.
                    if let Ok(rels) =
                        archive.by_name_raw(super::list_sheet::XML_LIST_RELS.as_bytes())
                    {
                        let name = rels_name(&part);
                        zip.raw_copy_file_rename(rels, name.as_str())?;
                        written.insert(name.clone());
                        used.insert(name.to_ascii_lowercase());
                    }
                    new_types.push((part.clone(), WORKSHEET_TYPE.into()));
                    written.insert(part.clone());
                    let sheet = quote_sheet(&list.name);
                    sheet_names.push((
                        "_xlnm.Print_Titles".into(),
                        list.name.clone(),
                        format!("{sheet}!$1:$1"),
                        false,
                    ));
                    if list.rows > 0 {
                        sheet_names.push((
                            "_xlnm._FilterDatabase".into(),
                            list.name.clone(),
                            format!(
                                "{sheet}!$A$1:${}${}",
                                column_letters(list.last_col),
                                list.rows + 1
                            ),
                            true,
                        ));
                    }
                    new_sheets.push((list.name.clone(), part));
                }
            }
            let part = free_name(&mut used, "xl/worksheets/sheet", "xml");
            zip.start_file(part.as_str(), opts)?;
            {
                let entry = tool_pkg.zip.by_name(&s.part)?;
                let mut out = BufWriter::with_capacity(256 * 1024, &mut zip);
                transplant_sheet(entry, &mut out, &merged.remap, &sst, lang)?;
                out.flush()?;
            }
            let rels = tool_pkg.rels(&s.part)?;
            if !rels.is_empty() {
                let xml = copy_related(
                    &mut tool_pkg,
                    &mut zip,
                    opts,
                    &part,
                    &rels,
                    &mut used,
                    &tool_types,
                    &mut new_types,
                    lang,
                )?;
                let name = rels_name(&part);
                zip.start_file(name.as_str(), opts)?;
                zip.write_all(xml.as_bytes())?;
                written.insert(name);
            }
            new_types.push((part.clone(), type_of(&tool_types, &s.part)));
            written.insert(part.clone());
            new_sheets.push((s.name.clone(), part));
        }

        // Styles.
        if self.styles_new {
            new_types.push((
                self.styles_part.clone(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml".into(),
            ));
        }
        zip.start_file(self.styles_part.as_str(), opts)?;
        zip.write_all(merged.xml.as_bytes())?;
        written.insert(self.styles_part.clone());

        // Shared strings: the user's table with the tool's texts appended, or a table of its own.
        let mut new_sst: Option<String> = None;
        let shared = Arc::clone(&self.shared);
        // A table that holds the tool's texts already (scored before) is copied as it was.
        if !shared.adds_nothing() {
            match &self.user_sst {
                Some(part) => {
                    let entry = pkg.zip.by_name(part)?;
                    // With the tool's texts it may pass 4 GiB only if it nearly did before.
                    zip.start_file(part.as_str(), opts.large_file(entry.size() > (3 << 30)))?;
                    let mut out = BufWriter::with_capacity(256 * 1024, &mut zip);
                    let user = std::io::BufReader::with_capacity(256 * 1024, entry);
                    package::damaged_on_panic(&self.input, lang, || {
                        shared.append_to(user, &mut out, lang)
                    })
                    .with_context(|| format!("{}: {part}", self.input.display()))?;
                    out.flush()?;
                    written.insert(part.clone());
                }
                None => {
                    // Where readers that do not follow the relationship (calamine) look for it.
                    let part = if used.insert("xl/sharedstrings.xml".into()) {
                        "xl/sharedStrings.xml".to_string()
                    } else {
                        free_name(&mut used, "xl/sharedStrings", "xml")
                    };
                    zip.start_file(part.as_str(), opts)?;
                    {
                        let mut out = BufWriter::with_capacity(256 * 1024, &mut zip);
                        shared.write_table(&mut out)?;
                        out.flush()?;
                    }
                    new_types.push((part.clone(), shared::SHARED_STRINGS_TYPE.into()));
                    written.insert(part.clone());
                    new_sst = Some(part);
                }
            }
        }

        // Notes on the added header cells: into the sheet's comments and drawing, or new ones.
        let mut sheet_rels_add: Vec<Rel> = Vec::new();
        if !self.notes.is_empty() {
            let sheet_rels = pkg.rels(&self.scored.part)?;
            let cols = &done.positions;
            let old: Vec<u16> = self.plan.old.iter().map(|(c, _)| *c).collect();
            let row = self.plan.header_row;
            let comments_rel = sheet_rels.iter().find(|r| r.typ == REL_COMMENTS);
            // The id the rewritten sheet's <legacyDrawing> already names is taken.
            let reserved: Vec<Rel> = self
                .plan
                .legacy_drawing
                .iter()
                .map(|id| Rel {
                    id: id.clone(),
                    typ: String::new(),
                    target: String::new(),
                    external: true,
                })
                .collect();
            let user_comments = match comments_rel {
                Some(c) => pkg.read_text(&c.target)?,
                None => None,
            };
            let base = user_comments.unwrap_or_else(|| super::notes::new_comments(row, &[], &[]));
            let merged = super::notes::merge_comments(&base, row, cols, &old, &self.notes, lang)
                .with_context(|| {
                    format!(
                        "{}: {}",
                        self.input.display(),
                        comments_rel.map_or("comments", |c| c.target.as_str())
                    )
                })?;
            let comments = match comments_rel {
                Some(c) => c.target.clone(),
                None => {
                    let part = free_name(&mut used, "xl/comments", "xml");
                    new_types.push((
                        part.clone(),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
                            .into(),
                    ));
                    sheet_rels_add.push(Rel {
                        id: unused_id(sheet_rels.iter().chain(&reserved)),
                        typ: REL_COMMENTS.into(),
                        target: part.clone(),
                        external: false,
                    });
                    part
                }
            };
            zip.start_file(comments.as_str(), opts)?;
            zip.write_all(merged.xml.as_bytes())?;
            written.insert(comments);
            match sheet_rels.iter().find(|r| r.typ == REL_VML) {
                Some(v) => {
                    let vml = pkg.read_text(&v.target)?.unwrap_or_default();
                    let vml = super::notes::merge_vml(&vml, row, &merged.removed, &merged.own);
                    zip.start_file(v.target.as_str(), opts)?;
                    zip.write_all(vml.as_bytes())?;
                    written.insert(v.target.clone());
                }
                None => {
                    let part = free_name(&mut used, "xl/drawings/vmlDrawing", "vml");
                    let block = 500 + self.info.sheets.len() as u64;
                    zip.start_file(part.as_str(), opts)?;
                    zip.write_all(super::notes::new_vml(row, &merged.own, block).as_bytes())?;
                    written.insert(part.clone());
                    let id = self
                        .plan
                        .legacy_drawing
                        .clone()
                        .unwrap_or_else(|| unused_id(sheet_rels.iter().chain(&sheet_rels_add)));
                    sheet_rels_add.push(Rel {
                        id,
                        typ: REL_VML.into(),
                        target: part,
                        external: false,
                    });
                }
            }
        }
        if !sheet_rels_add.is_empty() {
            let name = rels_name(&self.scored.part);
            let xml = pkg.read_text(&name)?;
            let xml = edit_rels(
                xml.as_deref(),
                &self.scored.part,
                &[],
                &sheet_rels_add,
                lang,
            )?;
            zip.start_file(name.as_str(), opts)?;
            zip.write_all(xml.as_bytes())?;
            written.insert(name);
        }

        // The workbook, its relationships, the content types.
        let wb_rels_name = rels_name(&self.info.part);
        let wb_rels = pkg.rels(&self.info.part)?;
        let mut rels_add = Vec::new();
        let mut rel_ids = Vec::new();
        for (_, part) in &new_sheets {
            let id = unused_id(wb_rels.iter().chain(&rels_add));
            rels_add.push(Rel {
                id: id.clone(),
                typ: package::REL_WORKSHEET.into(),
                target: part.clone(),
                external: false,
            });
            rel_ids.push(id);
        }
        if let Some(part) = new_sst {
            let id = unused_id(wb_rels.iter().chain(&rels_add));
            rels_add.push(Rel {
                id,
                typ: shared::REL_SHARED_STRINGS.into(),
                target: part,
                external: false,
            });
        }
        if self.styles_new {
            let id = unused_id(wb_rels.iter().chain(&rels_add));
            rels_add.push(Rel {
                id,
                typ: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
                    .into(),
                target: self.styles_part.clone(),
                external: false,
            });
        }
        let mut removed_ids: Vec<String> = replaced.iter().map(|s| s.rid.clone()).collect();
        // A calculation chain may hold entries for the sheets replaced: Excel repairs such a
        // file ("removed records: formula"). Without one, Excel builds it anew.
        if !replaced.is_empty() {
            for r in wb_rels.iter().filter(|r| r.typ.ends_with("/calcChain")) {
                removed_ids.push(r.id.clone());
                dropped.insert(r.target.clone());
            }
        }
        let wb_rels_xml = pkg.read_text(&wb_rels_name)?;
        let wb_rels_xml = edit_rels(
            wb_rels_xml.as_deref(),
            &self.info.part,
            &removed_ids,
            &rels_add,
            lang,
        )
        .with_context(|| format!("{}: {wb_rels_name}", self.input.display()))?;
        zip.start_file(wb_rels_name.as_str(), opts)?;
        zip.write_all(wb_rels_xml.as_bytes())?;
        written.insert(wb_rels_name);

        for n in &tool_info.names {
            let sheet = n.local_sheet.and_then(|l| tool_info.sheets.get(l as usize));
            if let Some(sheet) = sheet {
                let hidden = n.name == "_xlnm._FilterDatabase";
                sheet_names.push((n.name.clone(), sheet.name.clone(), n.value.clone(), hidden));
            }
        }
        let workbook = self.workbook_xml(&new_sheets, &sheet_names, &rel_ids, &done)?;
        zip.start_file(self.info.part.as_str(), opts)?;
        zip.write_all(workbook.as_bytes())?;
        written.insert(self.info.part.clone());

        // The document properties list the sheets: the replaced ones out, the new ones in.
        let app = pkg
            .rels("")?
            .into_iter()
            .find(|r| r.typ.ends_with("/extended-properties") && !r.external);
        if let Some(app) = app {
            let removed: Vec<String> = replaced.iter().map(|s| s.name.clone()).collect();
            let added: Vec<String> = new_sheets.iter().map(|(n, _)| n.clone()).collect();
            let edited = pkg
                .read_text(&app.target)?
                .map(|xml| crate::ooxml::app_props::with_sheets(&xml, &removed, &added, lang));
            // A part that is not XML, or lists its sheets otherwise, is copied as it was.
            if let Some(Ok(Some(xml))) = edited {
                zip.start_file(app.target.as_str(), opts)?;
                zip.write_all(xml.as_bytes())?;
                written.insert(app.target.clone());
            }
        }

        let types = pkg.read_text("[Content_Types].xml")?.ok_or_else(|| {
            anyhow!(M::CONTENT_TYPES_MISSING.with(lang, &[&self.input.display()]))
        })?;
        let types = edit_content_types(
            &types,
            &dropped,
            &[(
                "vml",
                "application/vnd.openxmlformats-officedocument.vmlDrawing",
            )],
            &new_types,
            lang,
        )
        .with_context(|| format!("{}: [Content_Types].xml", self.input.display()))?;
        zip.start_file("[Content_Types].xml", opts)?;
        zip.write_all(types.as_bytes())?;
        written.insert("[Content_Types].xml".into());

        // Every other part as it was, compressed bytes and all.
        for i in 0..pkg.zip.len() {
            let entry = pkg.zip.by_index_raw(i)?;
            let name = entry
                .name()
                .map(|n| n.into_owned())
                .context(M::PART_NAME_UNREADABLE.get(lang))?;
            if written.contains(&name) || dropped.contains(&name) {
                continue;
            }
            zip.raw_copy_file(entry)
                .with_context(|| M::PART_NOT_COPIED.with(lang, &[&name]))?;
        }
        let mut file = zip.finish().context(M::WORKBOOK_NOT_FINISHED.get(lang))?;
        file.flush().context(M::WORKBOOK_NOT_WRITTEN.get(lang))?;
        let _ = &self.tmp;
        Ok(())
    }

    /// The workbook part: the tool's sheets in place of the earlier run's (or after the user's),
    /// the marker names, the autofilter name, and the tool package's names moved to their sheets.
    /// Edited as XML: the user's elements stay as they were, the tool's are written with the
    /// prefixes the part binds (or declare their own).
    fn workbook_xml(
        &self,
        new_sheets: &[(String, String)],
        sheet_names: &[SheetName],
        rel_ids: &[String],
        done: &rewrite::Rewritten,
    ) -> Result<String> {
        let lang = self.lang;
        let no_sheets = || anyhow!(M::NO_SHEETS.with(lang, &[&self.input.display()]));
        let mut doc = Document::parse(&self.info.xml, lang)
            .map_err(|e| anyhow!("{}: {}: {e}", self.input.display(), self.info.part))?;
        let root = &mut doc.root;
        let mut next_id = self
            .info
            .sheets
            .iter()
            .map(|s| s.sheet_id)
            .max()
            .unwrap_or(0)
            + 1;
        let sheets = root.child_mut(NS_MAIN, "sheets").ok_or_else(no_sheets)?;
        let tool_sheet = |parent: &Element, i: usize, state: Option<&str>, next_id: &mut u32| {
            let mut e = parent.make_child(NS_MAIN, "sheet");
            e.set_attr("name", &new_sheets[i].0);
            e.set_attr("sheetId", &next_id.to_string());
            *next_id += 1;
            if let Some(state) = state.filter(|s| *s != "visible") {
                e.set_attr("state", state);
            }
            e.set_attr_ns(NS_REL, "id", &rel_ids[i], "r");
            e
        };
        let mut placed = vec![false; new_sheets.len()];
        let template = sheets.make_child(NS_MAIN, "sheet");
        let mut k = 0usize;
        for node in sheets.children.iter_mut() {
            let Node::Element(e) = node else { continue };
            if !e.is(NS_MAIN, "sheet") {
                continue;
            }
            let entry = self.info.sheets.get(k);
            k += 1;
            let Some(entry) = entry else { continue };
            let role = self
                .marker
                .sheets
                .iter()
                .position(|s| s.as_deref() == Some(entry.name.as_str()))
                .filter(|_| entry.name != self.scored.name);
            if let Some(i) = role.filter(|i| *i < new_sheets.len()) {
                placed[i] = true;
                *e = tool_sheet(&template, i, Some(&entry.state), &mut next_id);
            }
        }
        for (i, done) in placed.iter().enumerate() {
            if !done {
                let e = tool_sheet(&template, i, None, &mut next_id);
                sheets.push(e);
            }
        }
        // Index of each sheet by name, for localSheetId.
        let order: Vec<String> = sheets
            .elements()
            .filter(|e| e.is(NS_MAIN, "sheet"))
            .map(|e| e.attr("name").unwrap_or_default())
            .collect();
        let index_of = |name: &str| order.iter().position(|n| n == name);

        // Defined names: the user's, less the marker of this sheet and the names of replaced
        // sheets (their indices stay: a replacement takes the same place), plus ours.
        let scored_index = index_of(&self.scored.name).unwrap_or(0);
        let tool_indices: Vec<usize> = new_sheets
            .iter()
            .map(|(n, _)| index_of(n).unwrap_or(0))
            .collect();
        let names_at = match root.position(NS_MAIN, "definedNames") {
            Some(at) => at,
            None => {
                // After <sheets> and what may follow it before <definedNames> in CT_Workbook.
                let after = ["sheets", "functionGroups", "externalReferences"];
                let at = root
                    .children
                    .iter()
                    .rposition(
                        |n| matches!(n, Node::Element(e) if after.iter().any(|l| e.is(NS_MAIN, l))),
                    )
                    .map_or(root.children.len(), |i| i + 1);
                let e = root.make_child(NS_MAIN, "definedNames");
                root.insert(at, e);
                at
            }
        };
        let Some(Node::Element(names)) = root.children.get_mut(names_at) else {
            return Err(no_sheets());
        };
        let scored_sheet = self.scored.name.as_str();
        let on_scored = |value: &str| {
            crate::ooxml::cellref::split_union(value)
                .first()
                .and_then(|r| crate::ooxml::cellref::split_ref(r))
                .is_some_and(|(s, _)| s == scored_sheet)
        };
        // The print area the tool set last time (it set the page up), as long as the user left
        // it as it was: its value is kept beside it under a name of the tool's.
        let name_of = |e: &Element| {
            (
                e.attr("name").unwrap_or_default(),
                e.attr("localSheetId").and_then(|v| v.parse::<usize>().ok()),
            )
        };
        let our_area: Option<String> = names
            .elements()
            .filter(|e| e.is(NS_MAIN, "definedName"))
            .find(|e| {
                let (name, local) = name_of(e);
                name.eq_ignore_ascii_case(MARK_PRINT_AREA) && local == Some(scored_index)
            })
            .map(|e| e.text());
        let is_our_area = |e: &Element| {
            let (name, local) = name_of(e);
            name == "_xlnm.Print_Area"
                && local == Some(scored_index)
                && our_area.as_deref() == Some(e.text().as_str())
        };
        let area_was_ours = names.elements().any(is_our_area);
        names.children.retain(|n| {
            let Node::Element(e) = n else { return true };
            if !e.is(NS_MAIN, "definedName") {
                return true;
            }
            let name = e.attr("name").unwrap_or_default();
            let local = e.attr("localSheetId").and_then(|v| v.parse::<usize>().ok());
            let marker = name.to_ascii_lowercase();
            let ours = if is_our_area(e) {
                true
            } else if marker == MARK_PRINT_AREA {
                local == Some(scored_index)
            } else if marker == MARK_COLUMNS {
                // Each scored sheet keeps its own marker; this sheet's is written anew.
                on_scored(&e.text())
            } else if marker == MARK_INPUTS {
                // The input columns' marker stays unless new ones are added.
                on_scored(&e.text()) && self.plan.inputs > 0
            } else if marker.starts_with("dpia_triage_") {
                true
            } else {
                local.is_some_and(|l| tool_indices.contains(&l) && name.starts_with("_xlnm."))
                    || (local == Some(scored_index)
                        && name == "_xlnm._FilterDatabase"
                        && done.autofilter.is_some())
            };
            !ours
        });
        let mut add = |name: &str, local: Option<usize>, hidden: bool, value: &str| {
            let mut e = names.make_child(NS_MAIN, "definedName");
            e.set_attr("name", name);
            if let Some(l) = local {
                e.set_attr("localSheetId", &l.to_string());
            }
            if hidden {
                e.set_attr("hidden", "1");
            }
            e.push_text(value);
            names.push(e);
        };
        let sheet = quote_sheet(&self.scored.name);
        // The marker covers the tool's own columns only: the input columns added before them are
        // the user's to fill in, and stay when the workbook is scored again. It is local to the
        // scored sheet, so that each scored sheet of a workbook keeps its own.
        let inputs = usize::from(self.plan.inputs);
        let h = self.plan.header_row + 1;
        // One range per run of neighbouring columns, joined as a union when a user's column
        // stands among the tool's.
        let union = |cols: &[u16]| {
            runs(cols)
                .iter()
                .map(|(a, b)| {
                    format!(
                        "{sheet}!${}${h}:${}${h}",
                        column_letters(*a),
                        column_letters(*b)
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let (input_cols, tool_cols) = done.positions.split_at(inputs.min(done.positions.len()));
        add(MARK_COLUMNS, Some(scored_index), false, &union(tool_cols));
        if !input_cols.is_empty() {
            add(MARK_INPUTS, Some(scored_index), false, &union(input_cols));
        }
        for (i, (name, _)) in new_sheets.iter().enumerate() {
            if let Some(mark) = MARK_SHEETS.get(i) {
                add(mark, None, false, &format!("{}!$A$1", quote_sheet(name)));
            }
        }
        if let Some(range) = &done.autofilter {
            if let Some((r0, c0, r1, c1)) = parse_range(range) {
                let value = format!(
                    "{sheet}!${}${}:${}${}",
                    column_letters(c0),
                    r0 + 1,
                    column_letters(c1),
                    r1 + 1
                );
                add("_xlnm._FilterDatabase", Some(scored_index), true, &value);
            }
        }
        // The header row repeats on every printed page, unless the user chose print titles.
        let has_titles =
            self.info.names.iter().any(|n| {
                n.name == "_xlnm.Print_Titles" && n.local_sheet == Some(scored_index as u32)
            });
        if !has_titles {
            add(
                "_xlnm.Print_Titles",
                Some(scored_index),
                false,
                &format!("{sheet}!${h}:${h}"),
            );
        }
        // Where the tool set the page up, it prints the register's cells and no further: a long
        // text in the last column would otherwise run on over pages of empty columns.
        let user_area =
            self.info.names.iter().any(|n| {
                n.name == "_xlnm.Print_Area" && n.local_sheet == Some(scored_index as u32)
            }) && !area_was_ours;
        if (done.page_setup_added || area_was_ours) && !user_area {
            let area = format!(
                "{sheet}!$A$1:${}${}",
                column_letters(done.last_col),
                done.last_row + 1
            );
            add("_xlnm.Print_Area", Some(scored_index), false, &area);
            add(MARK_PRINT_AREA, Some(scored_index), true, &area);
        }
        for (name, sheet, value, hidden) in sheet_names {
            if let Some(index) = index_of(sheet) {
                add(name, Some(index), *hidden, value);
            }
        }
        Ok(doc.to_xml())
    }
}

/// A hidden name beside the print area the tool set, holding the same range: while the two
/// agree the area is the tool's, and it follows the register when scored again.
const MARK_PRINT_AREA: &str = "dpia_triage_print_area";

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(first: u32, rows: u32) -> Vec<RowCells> {
        (first..first + rows)
            .map(|row| {
                RowCells::new(
                    row,
                    vec![
                        Added::Text(format!("rij {row} – <&> ✓")),
                        Added::Number(f64::from(row) + 0.5),
                        Added::Text(String::new()),
                        Added::Number(-0.0),
                    ],
                )
            })
            .collect()
    }

    /// A batch read back from disk is the batch written; one whose bytes were damaged or cut is
    /// refused (the rewrite would write its texts into the sheet as they are).
    #[test]
    fn a_batch_damaged_on_disk_is_refused() {
        let b = batch(7, 3);
        let bytes = encode_batch(&b);
        assert_eq!(decode_batch(&bytes), Some(b.clone()));
        assert_eq!(decode_batch(&encode_batch(&[])), Some(Vec::new()));
        for at in [0, 5, bytes.len() / 2, bytes.len() - 5, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x40;
            assert_eq!(decode_batch(&damaged), None, "byte {at} changed");
        }
        for len in [0, 3, 4, bytes.len() - 1] {
            assert_eq!(decode_batch(&bytes[..len]), None, "cut at {len}");
        }
    }

    /// Batches come out of the queue in the order they went in, whole, whether they waited in
    /// memory or on disk: (batches sent, rows per batch). The queue keeps `IN_MEMORY` batches in
    /// memory; more go to disk.
    #[test]
    fn the_row_queue_gives_every_batch_back_in_order() {
        let cases: [(u32, u32); 5] = [
            (0, 1),
            (1, 3),
            (IN_MEMORY as u32, 2),
            (IN_MEMORY as u32 + 1, 2),
            (5 * IN_MEMORY as u32 + 3, 40),
        ];
        for (batches, rows) in cases {
            let dir = tempfile::tempdir().expect("dir");
            let queue = RowQueue::new(dir.path(), Lang::Nl);
            let (tx, rx) = sync_channel::<Vec<RowCells>>(4);
            let got: Vec<Vec<RowCells>> = std::thread::scope(|scope| {
                scope.spawn({
                    let queue = &queue;
                    move || queue.fill(&rx)
                });
                // The sink sends everything before the rewrite takes anything: the queue
                // holds all of it.
                let sender = scope.spawn(move || {
                    for b in 0..batches {
                        tx.send(batch(b * rows, rows)).expect("send");
                    }
                });
                sender.join().expect("sender");
                std::iter::from_fn(|| queue.pop()).collect()
            });
            queue.finish().expect("every batch back");
            assert_eq!(got.len() as u32, batches, "{batches} batches of {rows}");
            for (b, got) in got.iter().enumerate() {
                let want = batch(b as u32 * rows, rows);
                assert_eq!(got.len(), want.len());
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!(g, w);
                }
            }
            // Nothing is left in the directory: the spill file has no name.
            assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
        }
    }

    /// A batch record cut short or with an unknown kind of value reads as nothing, never a
    /// panic.
    #[test]
    fn a_damaged_batch_record_is_refused() {
        let bytes = encode_batch(&batch(7, 2));
        assert!(decode_batch(&bytes).is_some());
        for cut in [0, 3, 4, 9, bytes.len() - 1] {
            assert!(decode_batch(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut wrong = bytes.clone();
        wrong[12] = 9;
        assert!(decode_batch(&wrong).is_none());
    }
}
