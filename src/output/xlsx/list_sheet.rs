//! Where the list sheets' cells go. A rebuilt workbook gets them through rust_xlsxwriter like its
//! other sheets. In place, they are written here as worksheet XML straight into a one-part zip
//! beside the output, compressed on the list thread while the register streams, and copied into
//! the user's package as compressed bytes at the end: Maatregelen holds about five rows per
//! activity, so at a million activities it is the largest part of the output, and written through
//! rust_xlsxwriter it would be compressed once there and, its style ids moved into the user's
//! stylesheet, inflated and compressed again. The style ids here are the final ones (the list
//! styles are appended to the user's stylesheet before anything is written).

use crate::lang::Lang;
use crate::messages as M;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use rust_xlsxwriter::{DataValidation, Format, Url, Worksheet};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::zip_out::ZipOut;

use calamine::Data;

use crate::input::cell::display;
use crate::ooxml::cellref::column_letters;
use crate::ooxml::rich::Link;
use crate::ooxml::xml_text::{escape, escape_text, space_attr};

/// How a list cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// As the sheet's default.
    Plain,
    /// A header cell.
    Header,
    /// A date (`dd-mm-yyyy`).
    Date,
    /// Long text, wrapped, at the top.
    Wrap,
}

/// A list sheet being written, row by row (rows ascending; the cells of a row in any order).
pub(super) trait ListSheet: Send {
    /// A text cell.
    fn text(&mut self, r: u32, c: u16, s: &str, style: Style) -> Result<()>;
    /// A text cell whose XML-escaped form is at hand (`escaped`, for a text written on many
    /// rows, escaped once).
    fn text_escaped(&mut self, r: u32, c: u16, s: &str, escaped: &str, style: Style) -> Result<()> {
        let _ = escaped;
        self.text(r, c, s, style)
    }
    /// A number cell.
    fn number(&mut self, r: u32, c: u16, x: f64, style: Style) -> Result<()>;
    /// A true/false cell.
    fn boolean(&mut self, r: u32, c: u16, b: bool) -> Result<()>;
    /// A link to `location` in this workbook (`'Register'!D17`), showing `text`.
    fn link(&mut self, r: u32, c: u16, location: &str, text: &str) -> Result<()>;
    /// A cell of the user's carried from an earlier sheet: its value, with its formula (already
    /// moved to this cell), link and style (an index of the output's stylesheet; 0 for none)
    /// where it had them.
    fn carried(
        &mut self,
        r: u32,
        c: u16,
        value: &Data,
        formula: Option<&str>,
        link: Option<&Link>,
        style: u32,
    ) -> Result<()>;
    /// The height of row `r` in points (before its cells).
    fn row_height(&mut self, r: u32, points: f64) -> Result<()>;
    /// The width of column `c` (before any cell).
    fn width(&mut self, c: u16, width: f64) -> Result<()>;
    /// Header row frozen; printed landscape, fit to the page's width, header on every page.
    fn layout(&mut self) -> Result<()>;
    /// The last row is written: autofilter over the columns to `last_col` and, when given, a
    /// dropdown with `choices` in column `col` of every data row.
    fn close(
        &mut self,
        last_row: u32,
        last_col: u16,
        dropdown: Option<(u16, &[&str])>,
    ) -> Result<()>;
}

/// The formats of the rust_xlsxwriter list sheets (registered with the workbook up front).
pub(super) struct ListFormats {
    /// Header row.
    pub header: Format,
    /// A date.
    pub date: Format,
    /// A link.
    pub link: Format,
    /// Long text.
    pub wrap: Format,
}

/// A list sheet of a rebuilt workbook.
pub(super) struct XlsxList {
    /// The worksheet, which joins the workbook at the end.
    pub ws: Worksheet,
    formats: std::sync::Arc<ListFormats>,
}

impl XlsxList {
    /// A list sheet on `ws`.
    pub fn new(ws: Worksheet, formats: std::sync::Arc<ListFormats>) -> XlsxList {
        XlsxList { ws, formats }
    }

    fn format(&self, style: Style) -> Option<&Format> {
        match style {
            Style::Plain => None,
            Style::Header => Some(&self.formats.header),
            Style::Date => Some(&self.formats.date),
            Style::Wrap => Some(&self.formats.wrap),
        }
    }
}

impl ListSheet for XlsxList {
    fn text(&mut self, r: u32, c: u16, s: &str, style: Style) -> Result<()> {
        match self.format(style).cloned() {
            Some(f) => self.ws.write_string_with_format(r, c, s, &f)?,
            None => self.ws.write_string(r, c, s)?,
        };
        Ok(())
    }

    fn number(&mut self, r: u32, c: u16, x: f64, style: Style) -> Result<()> {
        match self.format(style).cloned() {
            Some(f) => self.ws.write_number_with_format(r, c, x, &f)?,
            None => self.ws.write_number(r, c, x)?,
        };
        Ok(())
    }

    fn boolean(&mut self, r: u32, c: u16, b: bool) -> Result<()> {
        self.ws.write_boolean(r, c, b)?;
        Ok(())
    }

    fn link(&mut self, r: u32, c: u16, location: &str, text: &str) -> Result<()> {
        let url = Url::new(format!("internal:{location}")).set_text(text);
        let link = self.formats.link.clone();
        self.ws.write_url_with_format(r, c, url, &link)?;
        Ok(())
    }

    // A rebuilt workbook has a stylesheet of its own: the style index is not carried.
    fn carried(
        &mut self,
        r: u32,
        c: u16,
        value: &Data,
        formula: Option<&str>,
        link: Option<&Link>,
        _style: u32,
    ) -> Result<()> {
        if let Some(f) = formula {
            let f = rust_xlsxwriter::Formula::new(format!("={f}")).set_result(display(value));
            self.ws.write_formula(r, c, f)?;
            return Ok(());
        }
        let text = display(value);
        if let Some(link) = link {
            let url = match link {
                Link::External(u) => Url::new(u.as_str()),
                Link::Internal(l) => Url::new(format!("internal:{l}")),
            };
            let format = self.formats.link.clone();
            if self
                .ws
                .write_url_with_format(r, c, url.set_text(text.as_str()), &format)
                .is_ok()
            {
                return Ok(());
            }
        }
        write_value(self, r, c, value)
    }

    fn row_height(&mut self, r: u32, points: f64) -> Result<()> {
        self.ws.set_row_height(r, points)?;
        Ok(())
    }

    fn width(&mut self, c: u16, width: f64) -> Result<()> {
        self.ws.set_column_width(c, width)?;
        Ok(())
    }

    fn layout(&mut self) -> Result<()> {
        self.ws.set_freeze_panes(1, 0)?;
        self.ws.set_landscape().set_print_fit_to_pages(1, 0);
        self.ws.set_repeat_rows(0, 0)?;
        Ok(())
    }

    fn close(
        &mut self,
        last_row: u32,
        last_col: u16,
        dropdown: Option<(u16, &[&str])>,
    ) -> Result<()> {
        if last_row == 0 {
            return Ok(());
        }
        super::cells::seal_rows(&mut self.ws, last_row, &self.formats.wrap)?;
        if let Some((col, choices)) = dropdown {
            let dv = DataValidation::new().allow_list_strings(choices)?;
            self.ws.add_data_validation(1, col, last_row, col, &dv)?;
        }
        self.ws.autofilter(0, 0, last_row, last_col)?;
        Ok(())
    }
}

/// Style ids of the list sheets in the merged stylesheet (in place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListStyleIds {
    /// Header cells.
    pub header: u32,
    /// Dates.
    pub date: u32,
    /// Long text.
    pub wrap: u32,
    /// Links.
    pub link: u32,
}

/// A list sheet written as XML into a one-part zip (in place).
pub(super) struct XmlList {
    zip: Option<Deflater>,
    ids: ListStyleIds,
    widths: Vec<(u16, f64)>,
    laid_out: bool,
    head_written: bool,
    row: Option<(u32, Option<f64>)>,
    /// The current row's cells as XML, and where each starts and ends in it.
    cells: String,
    spans: Vec<(u16, usize, usize)>,
    links: Vec<(u32, u16, String, String)>,
    /// Links to web addresses or files: (row, col, target), through the sheet's relationships.
    external: Vec<(u32, u16, String)>,
    buf: String,
    scratch: String,
    extent: (u32, u16),
    /// The tool's texts in the workbook's shared strings: a cell with one of them names it.
    shared: Option<std::sync::Arc<super::shared::SharedTexts>>,
    /// The language of its messages.
    lang: Lang,
}

/// How much XML a list sheet makes before it hands it to its compressing thread.
const FLUSH_BYTES: usize = 256 * 1024;
/// Buffers of XML in flight to the compressing thread.
const BUFFERS_IN_FLIGHT: usize = 4;

/// A list sheet's zip, compressing on a thread of its own the XML it is handed: the next rows'
/// XML is made while the last ones are compressed. At the end of a run the sorted Maatregelen
/// rows are written while nothing else runs; so both cores work on them.
struct Deflater {
    tx: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    handle: Option<std::thread::JoinHandle<Result<ZipOut<BufWriter<File>>>>>,
    lang: Lang,
}

impl Deflater {
    fn start(mut zip: ZipOut<BufWriter<File>>, lang: Lang) -> Result<Deflater> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(BUFFERS_IN_FLIGHT);
        let handle = std::thread::Builder::new()
            .name("deflate".into())
            .spawn(move || -> Result<ZipOut<BufWriter<File>>> {
                for buf in rx {
                    zip.write_all(&buf)
                        .context(M::SHEET_NOT_WRITTEN.get(lang))?;
                }
                Ok(zip)
            })
            .context(M::THREAD.get(lang))?;
        Ok(Deflater {
            tx: Some(tx),
            handle: Some(handle),
            lang,
        })
    }

    /// Hand over a buffer of XML; an error of the compressing thread comes back here.
    fn send(&mut self, buf: Vec<u8>) -> Result<()> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(buf).is_ok());
        if sent {
            return Ok(());
        }
        // The thread stopped: its error says why.
        self.tx = None;
        match self.handle.take().map(|h| h.join()) {
            Some(Ok(Err(e))) => Err(e),
            _ => Err(anyhow::anyhow!(M::SHEET_NOT_WRITTEN.get(self.lang))),
        }
    }

    /// Everything is handed over: the zip back, its part written.
    fn finish(mut self) -> Result<ZipOut<BufWriter<File>>> {
        self.tx = None;
        match self.handle.take().map(|h| h.join()) {
            Some(Ok(result)) => result,
            Some(Err(payload)) => Err(anyhow::anyhow!(M::MEASURES_NOT_WRITTEN.with(
                self.lang,
                &[&crate::messages::panic_message(payload.as_ref(), self.lang)]
            ))),
            None => Err(anyhow::anyhow!(M::SHEET_NOT_WRITTEN.get(self.lang))),
        }
    }
}

impl Drop for Deflater {
    // Dropped without `finish` (the run failed): the thread is told to stop and waited for.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// The name of the one part in an `XmlList`'s zip.
pub const XML_LIST_PART: &str = "sheet.xml";
/// Its relationships (the targets of links to web addresses), when it has any.
pub const XML_LIST_RELS: &str = "sheet.xml.rels";

impl XmlList {
    /// A list sheet writing to the file at `path` (a temporary file of the caller's).
    pub fn create(
        path: &Path,
        ids: ListStyleIds,
        zip_level: u8,
        shared: Option<std::sync::Arc<super::shared::SharedTexts>>,
        lang: Lang,
    ) -> Result<XmlList> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
            .with_context(|| M::TEMP_OPEN.with(lang, &[&path.display()]))?;
        let mut zip = ZipOut::new(BufWriter::with_capacity(256 * 1024, file));
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(i64::from(zip_level)))
            .large_file(true);
        zip.start_file(XML_LIST_PART, opts)?;
        Ok(XmlList {
            lang,
            shared,
            zip: Some(Deflater::start(zip, lang)?),
            ids,
            widths: Vec::new(),
            laid_out: false,
            head_written: false,
            row: None,
            cells: String::with_capacity(4096),
            spans: Vec::with_capacity(16),
            links: Vec::new(),
            external: Vec::new(),
            buf: String::with_capacity(FLUSH_BYTES + 64 * 1024),
            scratch: String::with_capacity(1024),
            extent: (0, 0),
        })
    }

    fn put(&mut self) -> Result<()> {
        if self.buf.len() >= FLUSH_BYTES {
            self.flush_buf()?;
        }
        Ok(())
    }

    /// Hand the XML made so far to the compressing thread.
    fn flush_buf(&mut self) -> Result<()> {
        let full = std::mem::replace(
            &mut self.buf,
            String::with_capacity(FLUSH_BYTES + 64 * 1024),
        );
        if let Some(zip) = self.zip.as_mut() {
            zip.send(full.into_bytes())?;
        }
        Ok(())
    }

    fn head(&mut self) {
        if self.head_written {
            return;
        }
        self.head_written = true;
        let b = &mut self.buf;
        b.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
        if self.laid_out {
            b.push_str("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>");
        }
        b.push_str("<sheetFormatPr defaultRowHeight=\"15\"/>");
        if !self.widths.is_empty() {
            self.widths.sort_by_key(|(c, _)| *c);
            b.push_str("<cols>");
            for (c, w) in &self.widths {
                let n = c + 1;
                b.push_str(&format!(
                    "<col min=\"{n}\" max=\"{n}\" width=\"{w}\" customWidth=\"1\"/>"
                ));
            }
            b.push_str("</cols>");
        }
        b.push_str("<sheetData>");
    }

    /// Start row `r` (ending the one before).
    fn at(&mut self, r: u32) -> Result<()> {
        if self.row.is_some_and(|(cur, _)| cur == r) {
            return Ok(());
        }
        self.end_row()?;
        self.row = Some((r, None));
        Ok(())
    }

    fn end_row(&mut self) -> Result<()> {
        // The head waits for the first row's end: the header row's cells come with the
        // columns' widths and the layout, which the head holds.
        let Some((r, height)) = self.row.take() else {
            return Ok(());
        };
        self.head();
        let n = r + 1;
        // Written without `write!` (a row of Maatregelen at a time; `{h}` of 30.0 is "30", as
        // `push_number` writes it).
        self.buf.push_str("<row r=\"");
        self.buf.push_str(itoa::Buffer::new().format(n));
        match height {
            Some(h) => {
                self.buf.push_str("\" ht=\"");
                crate::ooxml::xml_text::push_number(&mut self.buf, h);
                self.buf.push_str("\" customHeight=\"1\">");
            }
            None => self.buf.push_str("\">"),
        }
        // The cells of a row may come in any order; XML wants them by column.
        if self.spans.windows(2).all(|w| w[0].0 < w[1].0) {
            self.buf.push_str(&self.cells);
        } else {
            self.spans.sort_by_key(|(c, ..)| *c);
            for (_, a, b) in &self.spans {
                self.buf.push_str(&self.cells[*a..*b]);
            }
        }
        self.cells.clear();
        self.spans.clear();
        self.buf.push_str("</row>");
        self.put()
    }

    fn style_id(&self, style: Style) -> u32 {
        match style {
            Style::Plain => 0,
            Style::Header => self.ids.header,
            Style::Date => self.ids.date,
            Style::Wrap => self.ids.wrap,
        }
    }

    /// Open cell (`r`, `c`) with style `s`: `<c r="…" s="…"`, its body to follow. Written
    /// without `format!`: a list sheet writes millions of cells, and formatting was a fifth of
    /// the time of writing the Maatregelen rows.
    fn start_cell(&mut self, r: u32, c: u16, s: u32) -> Result<usize> {
        self.at(r)?;
        let start = self.cells.len();
        self.cells.push_str("<c r=\"");
        push_letters(&mut self.cells, c);
        self.cells.push_str(itoa::Buffer::new().format(r + 1));
        self.cells.push('"');
        if s > 0 {
            self.cells.push_str(" s=\"");
            self.cells.push_str(itoa::Buffer::new().format(s));
            self.cells.push('"');
        }
        Ok(start)
    }

    /// Close the cell opened at `start` in column `c`.
    fn end_cell(&mut self, c: u16, start: usize) {
        self.cells.push_str("</c>");
        self.spans.push((c, start, self.cells.len()));
    }

    fn cell(&mut self, r: u32, c: u16, s: u32, body: &str) -> Result<()> {
        let start = self.start_cell(r, c, s)?;
        self.cells.push_str(body);
        self.end_cell(c, start);
        Ok(())
    }

    /// A cell naming shared string `n`.
    fn shared_cell(&mut self, r: u32, c: u16, s: u32, n: u32) -> Result<()> {
        let start = self.start_cell(r, c, s)?;
        self.cells.push_str(" t=\"s\"><v>");
        self.cells.push_str(itoa::Buffer::new().format(n));
        self.cells.push_str("</v>");
        self.end_cell(c, start);
        Ok(())
    }

    /// A text cell written inline: `s` as it is, `t` escaped (a text the shared strings lack).
    fn inline_cell(&mut self, r: u32, c: u16, id: u32, s: &str, t: &str) -> Result<()> {
        let start = self.start_cell(r, c, id)?;
        self.cells.push_str(" t=\"inlineStr\"><is><t");
        self.cells.push_str(space_attr(s));
        self.cells.push('>');
        self.cells.push_str(t);
        self.cells.push_str("</t></is>");
        self.end_cell(c, start);
        Ok(())
    }

    /// Its last row and column (0-based), as `close` was given them.
    pub fn extent(&self) -> (u32, u16) {
        self.extent
    }

    /// The finished part's zip file is flushed; it is then copied by the caller.
    pub fn finish(mut self) -> Result<()> {
        let lang = self.lang;
        let mut zip = self.zip.take().map(Deflater::finish).transpose()?;
        if let Some(zip) = zip.as_mut() {
            // The targets of the external links, as the part's relationships.
            if !self.external.is_empty() {
                let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
                for (i, (_, _, target)) in self.external.iter().enumerate() {
                    let mut t = String::new();
                    escape(target, &mut t);
                    let _ = write!(
                        xml,
                        "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{t}\" TargetMode=\"External\"/>",
                        i + 1
                    );
                }
                xml.push_str("</Relationships>");
                let opts =
                    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
                zip.start_file(XML_LIST_RELS, opts)?;
                zip.write_all(xml.as_bytes())
                    .context(M::SHEET_NOT_WRITTEN.get(lang))?;
            }
        }
        if let Some(zip) = zip {
            let mut inner = zip.finish().context(M::SHEET_NOT_FINISHED.get(lang))?;
            inner.flush().context(M::SHEET_NOT_WRITTEN.get(lang))?;
        }
        Ok(())
    }
}

impl ListSheet for XmlList {
    fn text(&mut self, r: u32, c: u16, s: &str, style: Style) -> Result<()> {
        let id = self.style_id(style);
        if let Some(n) = self.shared.as_ref().and_then(|sh| sh.number(s)) {
            return self.shared_cell(r, c, id, n);
        }
        let mut t = std::mem::take(&mut self.scratch);
        t.clear();
        escape_text(s, &mut t);
        let result = self.inline_cell(r, c, id, s, &t);
        self.scratch = t;
        result
    }

    fn text_escaped(&mut self, r: u32, c: u16, s: &str, t: &str, style: Style) -> Result<()> {
        let id = self.style_id(style);
        if let Some(n) = self.shared.as_ref().and_then(|sh| sh.number(s)) {
            return self.shared_cell(r, c, id, n);
        }
        self.inline_cell(r, c, id, s, t)
    }

    fn number(&mut self, r: u32, c: u16, x: f64, style: Style) -> Result<()> {
        let id = self.style_id(style);
        let start = self.start_cell(r, c, id)?;
        self.cells.push_str("><v>");
        crate::ooxml::xml_text::push_number(&mut self.cells, x);
        self.cells.push_str("</v>");
        self.end_cell(c, start);
        Ok(())
    }

    fn boolean(&mut self, r: u32, c: u16, b: bool) -> Result<()> {
        self.cell(
            r,
            c,
            0,
            if b {
                " t=\"b\"><v>1</v>"
            } else {
                " t=\"b\"><v>0</v>"
            },
        )
    }

    fn link(&mut self, r: u32, c: u16, location: &str, text: &str) -> Result<()> {
        let mut t = String::new();
        escape_text(text, &mut t);
        let id = self.ids.link;
        self.inline_cell(r, c, id, text, &t)?;
        self.links
            .push((r, c, location.to_string(), text.to_string()));
        Ok(())
    }

    fn carried(
        &mut self,
        r: u32,
        c: u16,
        value: &Data,
        formula: Option<&str>,
        link: Option<&Link>,
        style: u32,
    ) -> Result<()> {
        let date = matches!(value, Data::DateTime(d) if d.is_datetime());
        let s = match style {
            0 if date => self.ids.date,
            0 if link.is_some() => self.ids.link,
            s => s,
        };
        let text = display(value);
        let mut body = String::new();
        let number = match value {
            Data::DateTime(d) if d.is_datetime() => Some(crate::input::cell::serial_1900(d)),
            Data::DateTime(d) => Some(d.as_f64()),
            Data::Float(x) => Some(*x),
            Data::Int(x) => Some(*x as f64),
            _ => None,
        };
        let mut f = String::new();
        if let Some(formula) = formula {
            escape_text(formula, &mut f);
            f = format!("<f>{f}</f>");
        }
        let mut t = String::new();
        escape_text(&text, &mut t);
        let _ = match (value, number) {
            (Data::Empty, _) => write!(body, ">{f}"),
            (_, Some(x)) => write!(body, ">{f}<v>{x}</v>"),
            (Data::Bool(b), _) => write!(body, " t=\"b\">{f}<v>{}</v>", u8::from(*b)),
            (Data::Error(_), _) if formula.is_some() => write!(body, " t=\"e\">{f}<v>{t}</v>"),
            _ if formula.is_some() => write!(body, " t=\"str\">{f}<v>{t}</v>"),
            _ => write!(
                body,
                " t=\"inlineStr\"><is><t{}>{t}</t></is>",
                space_attr(&text)
            ),
        };
        self.cell(r, c, s, &body)?;
        match link {
            Some(Link::External(url)) => self.external.push((r, c, url.clone())),
            Some(Link::Internal(location)) => self.links.push((r, c, location.clone(), text)),
            None => {}
        }
        Ok(())
    }

    fn row_height(&mut self, r: u32, points: f64) -> Result<()> {
        self.at(r)?;
        self.row = Some((r, Some(points)));
        Ok(())
    }

    fn width(&mut self, c: u16, width: f64) -> Result<()> {
        self.widths.push((c, width));
        Ok(())
    }

    fn layout(&mut self) -> Result<()> {
        self.laid_out = true;
        Ok(())
    }

    fn close(
        &mut self,
        last_row: u32,
        last_col: u16,
        dropdown: Option<(u16, &[&str])>,
    ) -> Result<()> {
        self.extent = (last_row, last_col);
        self.end_row()?;
        self.head();
        self.buf.push_str("</sheetData>");
        if last_row > 0 {
            let last = column_letters(last_col);
            self.buf
                .push_str(&format!("<autoFilter ref=\"A1:{last}{}\"/>", last_row + 1));
            if let Some((col, choices)) = dropdown {
                let col = column_letters(col);
                let mut list = String::new();
                escape_text(&format!("\"{}\"", choices.join(",")), &mut list);
                self.buf.push_str(&format!(
                    "<dataValidations count=\"1\"><dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" sqref=\"{col}2:{col}{}\"><formula1>{list}</formula1></dataValidation></dataValidations>",
                    last_row + 1
                ));
            }
        }
        if !self.links.is_empty() || !self.external.is_empty() {
            self.buf.push_str("<hyperlinks>");
            for (i, (r, c, _)) in self.external.iter().enumerate() {
                self.buf.push_str(&format!(
                    "<hyperlink ref=\"{}{}\" r:id=\"rId{}\"/>",
                    column_letters(*c),
                    r + 1,
                    i + 1
                ));
            }
            for (r, c, location, text) in std::mem::take(&mut self.links) {
                let mut loc = String::new();
                escape(&location, &mut loc);
                let mut display = String::new();
                escape(&text, &mut display);
                self.buf.push_str(&format!(
                    "<hyperlink ref=\"{}{}\" location=\"{loc}\" display=\"{display}\"/>",
                    column_letters(c),
                    r + 1
                ));
                self.put()?;
            }
            self.buf.push_str("</hyperlinks>");
        }
        self.buf.push_str("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>");
        if self.laid_out {
            self.buf.push_str(
                "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>",
            );
        }
        self.buf.push_str("</worksheet>");
        self.flush_buf()
    }
}

/// Column letters of a 0-based column, appended without allocating.
fn push_letters(out: &mut String, col: u16) {
    let mut n = u32::from(col) + 1;
    let mut letters = [0u8; 3];
    let mut i = 3;
    while n > 0 && i > 0 {
        i -= 1;
        letters[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    for &b in &letters[i..] {
        out.push(b as char);
    }
}

/// A value as an earlier sheet held it: a number stays a number, a date a date.
pub(super) fn write_value(ws: &mut impl ListSheet, r: u32, c: u16, value: &Data) -> Result<()> {
    match value {
        Data::Empty => Ok(()),
        Data::DateTime(d) if d.is_datetime() => {
            ws.number(r, c, crate::input::cell::serial_1900(d), Style::Date)
        }
        Data::DateTime(d) => ws.number(r, c, d.as_f64(), Style::Plain),
        Data::Float(x) => ws.number(r, c, *x, Style::Plain),
        Data::Int(x) => ws.number(r, c, *x as f64, Style::Plain),
        Data::Bool(b) => ws.boolean(r, c, *b),
        other => ws.text(r, c, &display(other), Style::Plain),
    }
}

/// A list sheet of either kind.
pub(super) enum AnyList {
    /// Through rust_xlsxwriter (rebuilt workbook).
    Xlsx(Box<XlsxList>),
    /// As XML (in place).
    Xml(Box<XmlList>),
}

macro_rules! each {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyList::Xlsx($s) => $e,
            AnyList::Xml($s) => $e,
        }
    };
}

impl ListSheet for AnyList {
    fn text(&mut self, r: u32, c: u16, s: &str, style: Style) -> Result<()> {
        each!(self, l => l.text(r, c, s, style))
    }
    fn text_escaped(&mut self, r: u32, c: u16, s: &str, e: &str, style: Style) -> Result<()> {
        each!(self, l => l.text_escaped(r, c, s, e, style))
    }
    fn number(&mut self, r: u32, c: u16, x: f64, style: Style) -> Result<()> {
        each!(self, l => l.number(r, c, x, style))
    }
    fn boolean(&mut self, r: u32, c: u16, b: bool) -> Result<()> {
        each!(self, l => l.boolean(r, c, b))
    }
    fn link(&mut self, r: u32, c: u16, location: &str, text: &str) -> Result<()> {
        each!(self, l => l.link(r, c, location, text))
    }
    fn carried(
        &mut self,
        r: u32,
        c: u16,
        value: &Data,
        formula: Option<&str>,
        link: Option<&Link>,
        style: u32,
    ) -> Result<()> {
        each!(self, l => l.carried(r, c, value, formula, link, style))
    }
    fn row_height(&mut self, r: u32, points: f64) -> Result<()> {
        each!(self, l => l.row_height(r, points))
    }
    fn width(&mut self, c: u16, width: f64) -> Result<()> {
        each!(self, l => l.width(c, width))
    }
    fn layout(&mut self) -> Result<()> {
        each!(self, l => l.layout())
    }
    fn close(
        &mut self,
        last_row: u32,
        last_col: u16,
        dropdown: Option<(u16, &[&str])>,
    ) -> Result<()> {
        each!(self, l => l.close(last_row, last_col, dropdown))
    }
}
