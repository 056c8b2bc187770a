//! The one pipeline, three stages on their own threads joined by bounded channels: a reader thread
//! streams a register's sheets in chunks of rows; a scoring thread parses and assesses each chunk
//! of the scored sheet on the rayon pool (order kept); this thread hands the rows to a sink in
//! sheet order. While chunk n is written, chunk n + 1 is scored and chunk n + 2 read, so the wall
//! time tends to the slowest stage rather than their sum. Nothing holds the whole sheet: at most
//! the chunks in the channels.

use crate::messages as M;
use std::fs::File;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;

use anyhow::{anyhow, Context as _, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::assess::{assess_row, Assessment, Context};
use crate::fields::Field;
use crate::input::layout::SheetLayout;
use crate::input::locate::Located;
use crate::input::record::parse_record;
use crate::input::{RawRow, Source};
use crate::lang::Lang;
use crate::output::{Fingerprint, Scored, Sink, Summary};
use crate::previous::Previous;
use crate::rubric::Rubric;

/// An output's explanation of an assessment, made where the row is scored.
pub type Explain = fn(&Assessment, Lang, &Rubric) -> String;

/// Rows per chunk handed from the reader to the scorer.
const CHUNK_ROWS: usize = 2048;
/// Chunks in flight between reader and scorer, and between scorer and writer.
const CHANNEL_CHUNKS: usize = 3;

/// SHA-256 and size of a file, streamed.
pub fn hash_file(path: &Path, lang: Lang) -> Result<Fingerprint> {
    let mut f = File::open(path).with_context(|| M::CANNOT_OPEN.with(lang, &[&path.display()]))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| M::CANNOT_READ_PATH.with(lang, &[&path.display()]))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Fingerprint { sha256: hex, size })
}

enum Msg {
    Sheet(String, SheetLayout),
    /// Rows as read.
    Rows(Vec<RawRow>),
    /// Rows of the scored sheet with their assessments (`None`: the header, rows above it and
    /// empty rows), and their counts.
    Scored(Vec<RawRow>, Vec<Option<Scored>>, Summary),
    /// What the reader found wrong with the file's form, after a sheet.
    Findings(Vec<crate::finding::Finding>),
    Failed(anyhow::Error),
}

/// How a register is scored: the rules, the reference date, the language and the pool.
pub struct Settings<'a> {
    /// The rubric.
    pub rubric: Arc<Rubric>,
    /// Reference date for `review_due`.
    pub today: chrono::NaiveDate,
    /// Language of reasons and findings.
    pub lang: Lang,
    /// The scoring pool.
    pub pool: &'a rayon::ThreadPool,
    /// Copy every sheet (xlsx output); otherwise only the scored sheet is read.
    pub all_sheets: bool,
    /// What makes each assessment's `explanation` on the scoring threads, where the output
    /// wants one (the workbook's reasoning column): the output hands it in, so the pipeline
    /// knows no output's presentation.
    pub explain: Option<Explain>,
    /// The earlier annotated workbook to compare with (`--previous`).
    pub previous: Option<Arc<Previous>>,
    /// A progress display on stderr (a terminal, without `--quiet`).
    pub progress: Option<indicatif::ProgressBar>,
    /// Set when nobody waits for the output any more (the page's browser went away): the run
    /// stops and writes nothing.
    pub cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
}

/// Stream `source` through scoring into `sink`.
pub fn run(
    mut source: Source,
    located: &Located,
    settings: &Settings<'_>,
    mut sink: Box<dyn Sink>,
    input: impl FnOnce() -> Result<Fingerprint>,
) -> Result<Summary> {
    // A writer that reads the scored sheet's part itself (the in-place rewrite's first pass) is
    // fed its tokens by the reader instead: the sheet is inflated and scanned once.
    if let Some((sheet, tap)) = sink.sheet_tap() {
        source.tap_sheet(&sheet, tap);
    }
    let all_sheets = settings.all_sheets;
    let to_read: Vec<String> = if all_sheets {
        located.sheets.clone()
    } else {
        vec![located.sheet.clone()]
    };
    let (tx, rx) = sync_channel::<Msg>(CHANNEL_CHUNKS);
    let (scored_tx, scored_rx) = sync_channel::<Msg>(CHANNEL_CHUNKS);
    let mut summary = Summary::new();
    summary.findings += located.map.header_findings.len() as u64;
    // The threads' messages are in the run's language (docs/output.md#language).
    let lang = settings.lang;
    std::thread::scope(|scope| -> Result<()> {
        let reader = std::thread::Builder::new().name("reader".into());
        reader
            .spawn_scoped(scope, move || {
                let failed = tx.clone();
                let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                    read_all(source, to_read, all_sheets, tx, lang)
                }));
                if let Err(payload) = read {
                    let message = crate::messages::panic_message(payload.as_ref(), lang);
                    // The file's readers catch their own panics (`input::reading`): this one
                    // is the tool's.
                    let _ = failed.send(Msg::Failed(anyhow::anyhow!(
                        M::INTERNAL.with(lang, &[&message])
                    )));
                }
            })
            .context(M::THREAD.get(lang))?;
        std::thread::Builder::new()
            .name("scorer".into())
            .spawn_scoped(scope, move || {
                // A panic while scoring (a bug, not the file's fault) ends the run with its
                // message, like the reader's, instead of an anonymous 'thread panicked'.
                let failed = scored_tx.clone();
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    score(rx, &scored_tx, located, settings)
                }));
                if let Err(payload) = run {
                    let message = crate::messages::panic_message(payload.as_ref(), lang);
                    let _ = failed.send(Msg::Failed(anyhow!(
                        M::INTERNAL_SCORING.with(lang, &[&message])
                    )));
                }
            })
            .context(M::THREAD.get(lang))?;
        let result = consume(&scored_rx, located, settings, sink.as_mut(), &mut summary);
        // Hang up before the scope joins the other stages, so a stage blocked on a full channel
        // ends: the scorer's send fails, it drops its receiver, and so the reader's send fails.
        drop(scored_rx);
        result
    })?;
    // The absent inputs that decide outcomes are findings of the register, one each, on Meldingen
    // and in the JSON (docs/output.md#meldingen): counted with the rest.
    summary.findings += summary.deciding.len() as u64;
    if let Some(p) = &settings.progress {
        p.set_message(M::FINISHING_WORKBOOK.get(settings.lang));
    }
    sink.finish(&summary, Box::new(input))?;
    if let Some(p) = &settings.progress {
        p.finish_and_clear();
    }
    Ok(summary)
}

/// The reader thread: every sheet to read, in chunks of rows, down the channel.
fn read_all(
    mut source: Source,
    to_read: Vec<String>,
    all_sheets: bool,
    tx: std::sync::mpsc::SyncSender<Msg>,
    lang: Lang,
) {
    for sheet in to_read {
        let layout = if all_sheets {
            source.layout(&sheet)
        } else {
            SheetLayout::default()
        };
        if tx.send(Msg::Sheet(sheet.clone(), layout)).is_err() {
            return;
        }
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        let mut gone = false;
        let result = source.read_sheet(&sheet, lang, &mut |row| {
            chunk.push(row);
            if chunk.len() >= CHUNK_ROWS {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ROWS));
                if tx.send(Msg::Rows(full)).is_err() {
                    gone = true;
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        });
        if gone {
            return;
        }
        if let Err(e) = result {
            let _ = tx.send(Msg::Failed(e.into()));
            return;
        }
        if !chunk.is_empty() && tx.send(Msg::Rows(chunk)).is_err() {
            return;
        }
        let findings = source.take_findings();
        if !findings.is_empty() && tx.send(Msg::Findings(findings)).is_err() {
            return;
        }
    }
}

/// The scoring thread: rows of the scored sheet are parsed and assessed on the rayon pool, a chunk
/// at a time; everything else passes through in order.
fn score(
    rx: Receiver<Msg>,
    tx: &std::sync::mpsc::SyncSender<Msg>,
    located: &Located,
    settings: &Settings<'_>,
) {
    let map = &located.map;
    let (rubric, lang) = (settings.rubric.as_ref(), settings.lang);
    let cx = Context {
        rubric,
        today: settings.today,
        lang,
    };
    let mut scored = false;
    let mut ids = DuplicateIds::default();
    for msg in rx {
        let msg = match msg {
            Msg::Sheet(name, layout) => {
                scored = name == located.sheet;
                Msg::Sheet(name, layout)
            }
            Msg::Rows(rows) if scored => {
                let assessed: anyhow::Result<Vec<Option<Scored>>> = settings.pool.install(|| {
                    // The earlier workbook's records are read through windows of each split
                    // of the chunk (`map_init`, one or a few a thread): a chunk's activities
                    // come mostly in their earlier order.
                    let previous = settings.previous.as_deref();
                    rows.par_iter()
                        .map_init(
                            || previous.map(Previous::reads),
                            |reads, row| {
                                if row.index <= map.header_row || !row.has_content() {
                                    return Ok(None);
                                }
                                let mut a = assess_row(parse_record(row, map, rubric, lang), &cx);
                                let matched = match (previous, reads.as_mut()) {
                                    (Some(prev), Some(reads)) => {
                                        prev.annotate(row, map, &mut a, reads, lang)?
                                    }
                                    _ => None,
                                };
                                let explanation = settings
                                    .explain
                                    .map(|explain| explain(&a, lang, rubric))
                                    .unwrap_or_default();
                                Ok(Some(Scored {
                                    assessment: a,
                                    matched,
                                    explanation,
                                }))
                            },
                        )
                        .collect()
                });
                let mut assessed = match assessed {
                    Ok(a) => a,
                    Err(e) => {
                        let _ = tx.send(Msg::Failed(e));
                        return;
                    }
                };
                for s in assessed.iter_mut().flatten() {
                    ids.check(&mut s.assessment, map, lang);
                }
                // Counted here rather than by the writer, whose thread is the pipeline's longest.
                let mut counts = Summary::new();
                for s in assessed.iter().flatten() {
                    counts.add(&s.assessment);
                }
                Msg::Scored(rows, assessed, counts)
            }
            other => other,
        };
        if tx.send(msg).is_err() {
            return;
        }
    }
}

/// The IDs seen so far on the scored sheet, as 64-bit hashes of their normalised text with the row
/// they were first seen on: 16 bytes an activity rather than the text (a collision is one chance
/// in 2^64 per pair).
#[derive(Default)]
struct DuplicateIds {
    first_row: std::collections::HashMap<u64, u32>,
}

impl DuplicateIds {
    /// A second activity with an ID already used is a finding on its ID cell (docs/register.md#data-quality-findings): matching
    /// with `--previous` and the Maatregelen rows go by ID.
    fn check(&mut self, a: &mut Assessment, map: &crate::input::header::ColumnMap, lang: Lang) {
        use std::hash::{Hash, Hasher};
        let (Some(id), Some(col)) = (a.id.as_deref(), map.column_of(Field::Id)) else {
            return;
        };
        let norm = crate::value::normalize(id);
        if norm.is_empty() {
            return;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        norm.hash(&mut h);
        let first = *self.first_row.entry(h.finish()).or_insert(a.row);
        if first != a.row {
            a.findings.push(crate::finding::Finding {
                cell: crate::ooxml::cellref::cell_ref(a.row, col),
                column: map.header_text(col).to_string(),
                value: id.to_string(),
                message: M::DUPLICATE_ID.with(lang, &[&first]),
            });
        }
    }
}

/// This thread: every row to the sink, in order.
fn consume(
    rx: &Receiver<Msg>,
    located: &Located,
    settings: &Settings<'_>,
    sink: &mut dyn Sink,
    summary: &mut Summary,
) -> Result<()> {
    let lang = settings.lang;
    let map = &located.map;
    for msg in rx {
        if settings
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
        {
            anyhow::bail!(M::CANCELLED.get(lang));
        }
        match msg {
            Msg::Failed(e) => return Err(e),
            Msg::Sheet(name, layout) => {
                sink.begin_sheet(&name, name == located.sheet, &layout)?;
            }
            Msg::Rows(rows) => {
                for row in rows {
                    sink.user_row(row)?;
                }
            }
            Msg::Findings(findings) => {
                summary.findings += findings.len() as u64;
                sink.sheet_findings(&findings)?;
            }
            Msg::Scored(rows, assessed, counts) => {
                if let Some(p) = &settings.progress {
                    p.inc(assessed.iter().filter(|a| a.is_some()).count() as u64);
                }
                summary.merge(&counts);
                // By value: the writer moves the strings into the workbook instead of copying.
                for (row, a) in rows.into_iter().zip(assessed) {
                    match a {
                        Some(a) => sink.scored_row(row, a)?,
                        None if row.index == map.header_row => {
                            sink.header_row(&row, map)?;
                            sink.sheet_findings(&map.header_findings)?;
                        }
                        None => sink.user_row(row)?,
                    }
                }
            }
        }
    }
    Ok(())
}
