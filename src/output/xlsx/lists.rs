//! The two list sheets of the annotated workbook, Maatregelen (SPEC §6.2) and Meldingen (§6.3),
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

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, Context as _, Result};
use calamine::Data;
use rust_xlsxwriter::{DataValidation, Format, Url, Worksheet};

use crate::assess::Flag;
use crate::input::record::{display, Finding};
use crate::output::labels::Lang;
use crate::previous::PrevMeasure;
use crate::rubric::{Rubric, Trigger};

/// Status values of a measure (SPEC §6.2), and `vervallen` for measures that no longer apply.
pub const MEASURE_STATUSES: [&str; 5] = [
    "open",
    "in uitvoering",
    "gerealiseerd",
    "niet van toepassing",
    EXPIRED,
];

/// Status of a carried-forward measure that no longer applies (SPEC §6.4).
pub const EXPIRED: &str = "vervallen";

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
    pub status: String,
    pub deadline: Data,
    pub evidence: String,
    pub remarks: String,
    /// Values of the columns the user added, in the order of their headers.
    pub extra: Vec<Data>,
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
    },
    /// A row as it stood on the earlier Maatregelen sheet: expired, or added by hand.
    Kept {
        measure: Box<PrevMeasure>,
        row: Option<u32>,
    },
    /// A data-quality finding of register row `row` (1-based; 0 for the header).
    Finding {
        row: u32,
        activity: Arc<Activity>,
        finding: Finding,
    },
}

/// The formats the list sheets use. They come from the register sink, which has used each of
/// them once before this thread starts (see `XlsxSink::new`): the thread adds none of its own.
pub(super) struct ListStyles {
    /// Header row.
    pub header: Format,
    /// A carried-forward deadline that is a date.
    pub date: Format,
    /// A finding's link to its cell.
    pub link: Format,
    /// A measure's text: wrapped, at the top.
    pub wrap: Format,
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
}

/// The list sheets as they come back from the writer thread.
pub(super) struct Lists {
    /// Maatregelen.
    pub measures: Worksheet,
    /// Meldingen.
    pub findings: Worksheet,
    /// Rows that did not fit on a sheet (1,048,576 rows), counted on the Samenvatting.
    pub not_listed: u64,
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
}

/// The writer thread's state.
struct Writer {
    lists: Lists,
    measure_rows: u32,
    finding_rows: u32,
    catalogue: Vec<CatalogueRow>,
    /// The scored sheet as a link target (`'Register'`).
    sheet_ref: String,
    styles: ListStyles,
    /// Columns the user added, after the tool's.
    extra_columns: u16,
}

impl ListsWriter {
    /// Write the headers and start the writer thread; each sheet takes rows up to `last_row`
    /// (`SHEET_LAST_ROW`, the worksheet's limit).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        mut measures: Worksheet,
        mut findings: Worksheet,
        rubric: &Rubric,
        lang: Lang,
        scored_sheet: &str,
        styles: ListStyles,
        last_row: u32,
        extra_headers: &[String],
    ) -> Result<ListsWriter> {
        write_headers(&mut measures, &mut findings, lang, &styles.header)?;
        // The columns the user added on the earlier Maatregelen sheet come back after the tool's.
        for (i, h) in extra_headers.iter().enumerate() {
            let col = EXTRA_FROM + i as u16;
            measures.write_string_with_format(0, col, h, &styles.header)?;
            measures.set_column_width(col, 20.0)?;
        }
        let writer = Writer {
            lists: Lists {
                measures,
                findings,
                not_listed: 0,
            },
            measure_rows: 0,
            finding_rows: 0,
            catalogue: catalogue(rubric, lang),
            sheet_ref: format!("'{}'", scored_sheet.replace('\'', "''")),
            styles,
            extra_columns: extra_headers.len() as u16,
        };
        let (tx, rx) = sync_channel(BATCHES_IN_FLIGHT);
        let handle = std::thread::Builder::new()
            .name("lists".into())
            .spawn(move || writer.run(rx))
            .context("kan geen schrijfdraad starten")?;
        Ok(ListsWriter {
            tx: Some(tx),
            batch: Vec::with_capacity(BATCH),
            handle: Some(handle),
            measure_rows: 0,
            finding_rows: 0,
            last_row,
            not_listed: 0,
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
                .unwrap_or_else(|| anyhow!("het blad met maatregelen kon niet worden geschreven")))
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
            .ok_or_else(|| anyhow!("het blad met maatregelen is al afgesloten"))?;
        match handle.join() {
            Ok(result) => result,
            Err(payload) => Err(anyhow!(
                "het blad met maatregelen kon niet worden geschreven ({})",
                crate::input::panic_message(payload.as_ref())
            )),
        }
    }
}

impl Writer {
    fn run(mut self, rx: Receiver<Vec<ListRow>>) -> Result<Lists> {
        for batch in rx {
            for row in batch {
                self.write(row)?;
            }
        }
        if self.measure_rows > 0 {
            let dv = DataValidation::new().allow_list_strings(&MEASURE_STATUSES)?;
            let ws = &mut self.lists.measures;
            ws.add_data_validation(1, 6, self.measure_rows, 6, &dv)?;
            ws.autofilter(0, 0, self.measure_rows, 11 + self.extra_columns)?;
        }
        if self.finding_rows > 0 {
            self.lists.findings.autofilter(0, 0, self.finding_rows, 5)?;
        }
        Ok(self.lists)
    }

    fn write(&mut self, row: ListRow) -> Result<()> {
        match row {
            ListRow::Measure {
                activity,
                measure,
                carried,
                row,
            } => {
                let r = self.next_measure_row();
                let Some(m) = self.catalogue.get(measure) else {
                    return Ok(());
                };
                let ws = &mut self.lists.measures;
                ws.set_row_height(r, m.height)?;
                let status = carried
                    .as_ref()
                    .map(|c| c.status.as_str())
                    .filter(|s| !s.is_empty() && *s != EXPIRED)
                    .unwrap_or(MEASURE_STATUSES[0]);
                for (c, text) in [
                    (0, activity.id.as_str()),
                    (1, &activity.name),
                    (2, &m.criterion),
                    (3, &m.id),
                    (5, &m.role),
                    (6, status),
                    (10, &m.source),
                ] {
                    if !text.is_empty() {
                        ws.write_string(r, c, text)?;
                    }
                }
                ws.write_string_with_format(r, 4, &m.text, &self.styles.wrap)?;
                if let Some(c) = &carried {
                    write_deadline(ws, r, &c.deadline, &self.styles.date)?;
                    write_extra(ws, r, &c.extra, &self.styles.date)?;
                    for (col, text) in [(8, &c.evidence), (9, &c.remarks)] {
                        if !text.is_empty() {
                            ws.write_string(r, col, text)?;
                        }
                    }
                }
                ws.write_number(r, 11, f64::from(row))?;
            }
            ListRow::Kept { measure: m, row } => {
                let r = self.next_measure_row();
                let ws = &mut self.lists.measures;
                ws.set_row_height(r, text_height(&m.text))?;
                if !m.text.is_empty() {
                    ws.write_string_with_format(r, 4, &m.text, &self.styles.wrap)?;
                }
                for (c, text) in [
                    (0, &m.activity_id),
                    (1, &m.activity_name),
                    (2, &m.criterion),
                    (3, &m.measure_id),
                    (5, &m.role),
                    (6, &m.status),
                    (8, &m.evidence),
                    (9, &m.remarks),
                    (10, &m.source),
                ] {
                    if !text.is_empty() {
                        ws.write_string(r, c, text)?;
                    }
                }
                write_deadline(ws, r, &m.deadline, &self.styles.date)?;
                write_extra(ws, r, &m.extra, &self.styles.date)?;
                if let Some(row) = row {
                    ws.write_number(r, 11, f64::from(row))?;
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
                    ws.write_number(r, 0, f64::from(row))?;
                }
                ws.write_string(r, 1, &activity.id)?;
                if !f.cell.is_empty() {
                    let url = Url::new(format!("internal:{}!{}", self.sheet_ref, f.cell))
                        .set_text(&f.cell);
                    ws.write_url_with_format(r, 2, url, &self.styles.link)?;
                }
                ws.write_string(r, 3, &f.column)?;
                ws.write_string(r, 4, &f.value)?;
                ws.write_string(r, 5, &f.message)?;
            }
        }
        Ok(())
    }

    /// The next Maatregelen row (the sender stops at the sheet's limit).
    fn next_measure_row(&mut self) -> u32 {
        self.measure_rows += 1;
        self.measure_rows
    }
}

/// First column of the columns a user added to Maatregelen (after the tool's twelve).
const EXTRA_FROM: u16 = 12;

/// A deadline as the earlier sheet held it: a date stays a date.
fn write_deadline(ws: &mut Worksheet, r: u32, deadline: &Data, date: &Format) -> Result<()> {
    write_value(ws, r, 7, deadline, date)
}

/// The values of the user's own columns, carried forward.
fn write_extra(ws: &mut Worksheet, r: u32, extra: &[Data], date: &Format) -> Result<()> {
    for (i, v) in extra.iter().enumerate() {
        write_value(ws, r, EXTRA_FROM + i as u16, v, date)?;
    }
    Ok(())
}

/// A value as the earlier sheet held it: a number stays a number, a date a date.
fn write_value(ws: &mut Worksheet, r: u32, c: u16, value: &Data, date: &Format) -> Result<()> {
    match value {
        Data::Empty => {}
        Data::DateTime(d) if d.is_datetime() => {
            ws.write_number_with_format(r, c, crate::input::record::serial_1900(d), date)?;
        }
        Data::DateTime(d) => {
            ws.write_number(r, c, d.as_f64())?;
        }
        Data::Float(x) => {
            ws.write_number(r, c, *x)?;
        }
        Data::Int(x) => {
            ws.write_number(r, c, *x as f64)?;
        }
        Data::Bool(b) => {
            ws.write_boolean(r, c, *b)?;
        }
        other => {
            ws.write_string(r, c, display(other))?;
        }
    }
    Ok(())
}

/// The catalogue's cells in the output language: the criterion (or flag) a measure answers, its
/// id, text, owner role and sources.
fn catalogue(rubric: &Rubric, lang: Lang) -> Vec<CatalogueRow> {
    rubric
        .measures
        .iter()
        .map(|m| CatalogueRow {
            criterion: match &m.trigger {
                Trigger::Criterion(c, _) => lang.criterion(*c, rubric).to_string(),
                Trigger::Flag(f) => match Flag::ALL.iter().find(|x| x.key() == f) {
                    Some(flag) => lang.flag(*flag).to_string(),
                    None => f.clone(),
                },
            },
            id: m.id.clone(),
            height: text_height(lang.pick(&m.text.nl, &m.text.en)),
            text: lang.pick(&m.text.nl, &m.text.en).to_string(),
            role: m.role.clone(),
            source: m.sources.join("; "),
        })
        .collect()
}

fn write_headers(
    measures: &mut Worksheet,
    findings: &mut Worksheet,
    l: Lang,
    fmt: &Format,
) -> Result<()> {
    let headers = [
        l.word("Activiteit-ID", "Activity ID"),
        l.word("Verwerking", "Processing activity"),
        l.word("Criterium", "Criterion"),
        l.word("Maatregel-ID", "Measure ID"),
        l.word("Maatregel", "Measure"),
        l.word("Eigenaar (rol)", "Owner (role)"),
        "Status",
        "Deadline",
        l.word("Bewijsstuk", "Evidence"),
        l.word("Opmerkingen", "Remarks"),
        l.word("Bron", "Source"),
        l.word("Rij", "Row"),
    ];
    let widths = [
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
    header_row(measures, &headers, &widths, fmt)?;
    let headers = [
        l.word("Rij", "Row"),
        l.word("Activiteit-ID", "Activity ID"),
        l.word("Cel", "Cell"),
        l.word("Kolom", "Column"),
        l.word("Waarde", "Value"),
        l.word("Melding", "Finding"),
    ];
    let widths = [6.0, 14.0, 8.0, 30.0, 30.0, 80.0];
    header_row(findings, &headers, &widths, fmt)
}

/// A list sheet's header row: styled, frozen, with the columns' widths; printed landscape.
fn header_row(ws: &mut Worksheet, headers: &[&str], widths: &[f64], fmt: &Format) -> Result<()> {
    for (i, (h, w)) in headers.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, i as u16, *h, fmt)?;
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Width of the Maatregel column.
const MEASURE_WIDTH: f64 = 70.0;

/// The height of a Maatregelen row that shows its measure's text whole.
fn text_height(text: &str) -> f64 {
    f64::from(super::rewrite::wrapped_lines(text, MEASURE_WIDTH)) * 15.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

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
        let rubric = Rubric::default_rubric().unwrap();
        let mut wb = Workbook::new();
        let mut measures = wb.new_worksheet_with_low_memory().unwrap();
        measures.set_name("Maatregelen").unwrap();
        let mut findings = wb.new_worksheet_with_low_memory().unwrap();
        findings.set_name("Meldingen").unwrap();
        let mut w = ListsWriter::start(
            measures,
            findings,
            &rubric,
            Lang::Nl,
            "Register",
            ListStyles {
                header: Format::new(),
                date: Format::new(),
                link: Format::new(),
                wrap: Format::new(),
            },
            3,
            &[],
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
        wb.push_worksheet(lists.measures);
        wb.push_worksheet(lists.findings);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lists.xlsx");
        wb.save(&path).unwrap();
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let m = book.worksheet_range("Maatregelen").unwrap();
        assert_eq!(m.height(), 4, "header and three measures");
        assert_eq!(m.get_value((3, 0)), Some(&Data::String("VW-1".into())));
        assert_eq!(
            m.get_value((3, 3)),
            Some(&Data::String(rubric.measures[0].id.clone()))
        );
        assert_eq!(m.get_value((3, 6)), Some(&Data::String("open".into())));
        let f = book.worksheet_range("Meldingen").unwrap();
        assert_eq!(f.height(), 4, "header and three findings");
        assert_eq!(f.get_value((1, 2)), Some(&Data::String("C2".into())));
    }
}
