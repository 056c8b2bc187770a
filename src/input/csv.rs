//! CSV input as Dutch Excel writes it (docs/register.md#files): delimiter `;`, `,` or TAB detected from the
//! content; UTF-8 with or without BOM, else Windows-1252. The file is streamed twice at most: once to
//! decide the encoding (is every byte valid UTF-8?) and once to read the records.

use crate::lang::Lang;
use crate::messages as M;
use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use calamine::Data;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::record::{fit_cell, CELL_TEXT_MAX};
use super::{Cell, InputError, RawRow};
use crate::finding::Finding;
use crate::ooxml::cellref::cell_ref;

/// The sheet name a CSV register gets in the output workbook.
pub const CSV_SHEET_NAME: &str = "Register";

/// How many bytes of the start are looked at to choose the delimiter.
const SAMPLE_BYTES: usize = 64 * 1024;

/// A CSV file with its detected encoding and delimiter.
pub struct CsvSource {
    path: PathBuf,
    encoding: &'static Encoding,
    delimiter: u8,
    /// UTF-8 with a few invalid bytes: they read as `�`, and each cell holding one is a finding.
    lossy: bool,
    /// What the last read found wrong with the file's form (cut fields, invalid bytes, an
    /// unterminated quote), for Meldingen.
    findings: Vec<Finding>,
    /// The language of its messages.
    lang: Lang,
}

/// At most this many findings about the file's form are listed; the rest are counted.
const FORM_FINDINGS: usize = 1000;

fn err(path: &Path, message: impl Into<String>) -> InputError {
    InputError::File {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

impl CsvSource {
    /// Detect encoding and delimiter.
    pub fn open(path: &Path, lang: Lang) -> Result<CsvSource, InputError> {
        // A byte-order mark decides (UTF-16 from Excel's "Unicode text"; the decoder honours
        // it), else valid UTF-8, else Windows-1252.
        // A file that is UTF-8 apart from a few stray bytes stays UTF-8 (docs/register.md#files-that-are-refused): one byte
        // from a Windows program in a UTF-8 register must not turn `Categorieën` into
        // `CategorieÃ«n` everywhere.
        let (encoding, lossy) = match bom(path, lang)? {
            Some(e) => (e, false),
            None => match utf8_bytes(path, lang)? {
                Utf8 { invalid: 0, .. } => (UTF_8, false),
                Utf8 { valid, invalid } if valid >= invalid => (UTF_8, true),
                _ => (WINDOWS_1252, false),
            },
        };
        let mut sample = Vec::with_capacity(SAMPLE_BYTES);
        decoder(path, encoding, lang)?
            .take(SAMPLE_BYTES as u64)
            .read_to_end(&mut sample)
            .map_err(|e| err(path, M::CANNOT_READ.with(lang, &[&M::os(&e, lang)])))?;
        let text = String::from_utf8_lossy(&sample);
        let delimiter = detect_delimiter(&text);
        Ok(CsvSource {
            path: path.to_path_buf(),
            encoding,
            delimiter,
            lossy,
            findings: Vec::new(),
            lang,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The detected encoding's name (for the audit trail).
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    /// The detected delimiter.
    pub fn delimiter(&self) -> char {
        char::from(self.delimiter)
    }

    /// What the last read found wrong with the file's form.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    /// Stream the records as rows of text cells. A field longer than a cell is cut, with a
    /// finding; an unterminated quote, which would swallow the rest of the file into one field,
    /// is a finding naming its line, and the lines from there on are read without quoting.
    pub fn read(
        &mut self,
        each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    ) -> Result<(), InputError> {
        let lang = self.lang;
        self.findings.clear();
        let mut form = Form::default();
        let mut reader = self.reader(true)?;
        let mut record = csv::StringRecord::new();
        let mut index: u32 = 0;
        // The last record waits one step: it is the one an unterminated quote would have
        // stretched to the end of the file.
        let mut pending: Option<(RawRow, u64)> = None;
        loop {
            let more = reader
                .read_record(&mut record)
                .map_err(|e| self.broken(&e, index))?;
            if !more {
                break;
            }
            let start = record
                .position()
                .cloned()
                .unwrap_or_else(csv::Position::new);
            if let Some((row, ..)) = pending.take() {
                if each(row).is_break() {
                    return Ok(());
                }
            }
            let row = self.row(&record, index, &mut form)?;
            pending = Some((row, start.byte()));
            index = next_index(&self.path, index, lang)?;
        }
        let Some((row, byte)) = pending else {
            self.findings.extend(form.finish(lang));
            return Ok(());
        };
        let Some(line) = self.unterminated_from(byte)? else {
            self.findings.extend(form.finish(lang));
            let _ = each(row);
            return Ok(());
        };
        // The record ran to the end of the file inside quotes: read its lines as they are.
        let mut index = row.index;
        let mut lines = self.reader(false)?;
        skip_bytes(&mut lines, byte)?;
        let first = index;
        let mut raw = csv::StringRecord::new();
        loop {
            let more = lines
                .read_record(&mut raw)
                .map_err(|e| self.broken(&e, index))?;
            if !more {
                break;
            }
            let row = self.row(&raw, index, &mut form)?;
            if each(row).is_break() {
                break;
            }
            index = next_index(&self.path, index, lang)?;
        }
        let last = index.max(first + 1);
        form.push(Finding {
            cell: String::new(),
            column: String::new(),
            value: String::new(),
            message: M::CSV_UNTERMINATED.with(lang, &[&line, &(first + 1), &last]),
        });
        self.findings.extend(form.finish(lang));
        Ok(())
    }

    fn reader(&self, quoting: bool) -> Result<csv::Reader<impl Read>, InputError> {
        Ok(csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .quoting(quoting)
            .from_reader(decoder(&self.path, self.encoding, self.lang)?))
    }

    fn broken(&self, e: &csv::Error, index: u32) -> InputError {
        let lang = self.lang;
        let line = e
            .position()
            .map(|p| p.line())
            .unwrap_or(u64::from(index) + 1);
        err(&self.path, M::CSV_UNREADABLE.with(lang, &[&line, &e]))
    }

    /// A record as a row: fields longer than a cell cut, stray bytes noted.
    fn row(
        &self,
        record: &csv::StringRecord,
        index: u32,
        form: &mut Form,
    ) -> Result<RawRow, InputError> {
        let lang = self.lang;
        if record.len() > 16_384 {
            return Err(err(
                &self.path,
                M::CSV_TOO_MANY_COLUMNS.with(lang, &[&(index + 1), &record.len()]),
            ));
        }
        let mut cells = Vec::new();
        for (col, v) in record.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let col = col as u16;
            let cell = cell_ref(index + 1, col);
            let text = if v.len() > CELL_TEXT_MAX && v.encode_utf16().count() > CELL_TEXT_MAX {
                form.push(Finding {
                    cell: cell.clone(),
                    column: String::new(),
                    value: String::new(),
                    message: M::CSV_FIELD_TOO_LONG.with(lang, &[&v.chars().count()]),
                });
                fit_cell(v.chars().take(CELL_TEXT_MAX + 1).collect())
            } else {
                v.to_string()
            };
            if self.lossy && text.contains('\u{FFFD}') {
                form.push(Finding {
                    cell,
                    column: String::new(),
                    value: text.chars().take(60).collect(),
                    message: M::CSV_INVALID_BYTES.get(lang).to_string(),
                });
            }
            cells.push(Cell {
                col,
                value: Data::String(text),
                formula: None,
            });
        }
        Ok(RawRow { index, cells })
    }

    /// Whether the text from decoded byte `from` to the end is a record whose quote is never
    /// closed, read as the CSV reader reads it; if so, the line the record starts on.
    fn unterminated_from(&self, from: u64) -> Result<Option<u64>, InputError> {
        let lang = self.lang;
        let mut text = decoder(&self.path, self.encoding, lang)?;
        let mut quotes = QuoteState::default();
        let mut buf = vec![0u8; 64 * 1024];
        let (mut at, mut breaks, mut start_line) = (0u64, 0u64, None);
        loop {
            let n = text
                .read(&mut buf)
                .map_err(|e| err(&self.path, M::CANNOT_READ.with(lang, &[&M::os(&e, lang)])))?;
            if n == 0 {
                return Ok(start_line.filter(|_| quotes.inside()));
            }
            for &b in &buf[..n] {
                // The reader's mark can stand on the line break before the record.
                if start_line.is_none() && at >= from && b != b'\n' && b != b'\r' {
                    start_line = Some(breaks + 1);
                }
                if b == b'\n' {
                    breaks += 1;
                }
                if at >= from {
                    quotes.step(b, self.delimiter);
                }
                at += 1;
            }
        }
    }
}

/// The CSV quoting rules, byte by byte: a quote opens only at the start of a field; inside,
/// `""` is a quote and a single one closes.
#[derive(Default)]
struct QuoteState {
    at_field_start: bool,
    started: bool,
    inside: bool,
    quote_pending: bool,
}

impl QuoteState {
    fn step(&mut self, b: u8, delimiter: u8) {
        if !self.started {
            self.started = true;
            self.at_field_start = true;
        }
        if self.inside {
            if self.quote_pending {
                self.quote_pending = false;
                if b == b'"' {
                    return; // an escaped quote
                }
                self.inside = false; // the quote closed the field; b is read below
            } else {
                if b == b'"' {
                    self.quote_pending = true;
                }
                return;
            }
        }
        match b {
            b'"' if self.at_field_start => {
                self.inside = true;
                self.at_field_start = false;
            }
            b'\n' | b'\r' => self.at_field_start = true,
            b if b == delimiter => self.at_field_start = true,
            _ => self.at_field_start = false,
        }
    }

    /// Inside a quoted field that did not close (a closing quote as the very last byte closes).
    fn inside(&self) -> bool {
        self.inside && !self.quote_pending
    }
}

/// The findings about the file's form, the first `FORM_FINDINGS` listed and the rest counted.
#[derive(Default)]
struct Form {
    listed: Vec<Finding>,
    more: u64,
}

impl Form {
    fn push(&mut self, f: Finding) {
        if self.listed.len() < FORM_FINDINGS {
            self.listed.push(f);
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self, lang: Lang) -> Vec<Finding> {
        if self.more > 0 {
            self.listed.push(Finding {
                cell: String::new(),
                column: String::new(),
                value: String::new(),
                message: M::CSV_MORE_FINDINGS.with(lang, &[&self.more]),
            });
        }
        self.listed
    }
}

/// The next row index, within a worksheet's rows.
fn next_index(path: &Path, index: u32, lang: Lang) -> Result<u32, InputError> {
    index
        .checked_add(1)
        .filter(|i| *i < 1_048_576)
        .ok_or_else(|| err(path, M::CSV_TOO_MANY_LINES.get(lang)))
}

/// Move a reader on by `bytes` decoded bytes: read records until their end passes the mark. The
/// mark is the start of a record, so it is met exactly.
fn skip_bytes<R: Read>(reader: &mut csv::Reader<R>, bytes: u64) -> Result<(), InputError> {
    let mut record = csv::ByteRecord::new();
    while reader.position().byte() < bytes {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            _ => break,
        }
    }
    Ok(())
}

fn decoder(path: &Path, encoding: &'static Encoding, lang: Lang) -> Result<impl Read, InputError> {
    let file =
        File::open(path).map_err(|e| err(path, M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)])))?;
    Ok(DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(BufReader::new(file)))
}

/// The encoding a UTF-16 byte-order mark at the start of the file names.
fn bom(path: &Path, lang: Lang) -> Result<Option<&'static Encoding>, InputError> {
    let mut file =
        File::open(path).map_err(|e| err(path, M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)])))?;
    let mut head = [0u8; 2];
    let n = file
        .read(&mut head)
        .map_err(|e| err(path, M::CANNOT_READ.with(lang, &[&M::os(&e, lang)])))?;
    Ok(match &head[..n] {
        [0xFF, 0xFE] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF] => Some(encoding_rs::UTF_16BE),
        _ => None,
    })
}

/// How a file reads as UTF-8: multi-byte sequences that are valid, and bytes that are not.
struct Utf8 {
    valid: u64,
    invalid: u64,
}

/// Count the file's valid multi-byte UTF-8 sequences and its invalid bytes, in chunks without
/// holding the file.
fn utf8_bytes(path: &Path, lang: Lang) -> Result<Utf8, InputError> {
    let mut file =
        File::open(path).map_err(|e| err(path, M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)])))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry = 0usize;
    let mut verdict = Utf8 {
        valid: 0,
        invalid: 0,
    };
    loop {
        let n = file
            .read(&mut buf[carry..])
            .map_err(|e| err(path, M::CANNOT_READ.with(lang, &[&M::os(&e, lang)])))?;
        let end = carry + n;
        let mut chunk = &buf[..end];
        loop {
            match std::str::from_utf8(chunk) {
                Ok(text) => {
                    verdict.valid += text.bytes().filter(|b| *b >= 0xC0).count() as u64;
                    chunk = &[];
                    break;
                }
                Err(e) => {
                    let (good, rest) = chunk.split_at(e.valid_up_to());
                    verdict.valid += good.iter().filter(|b| **b >= 0xC0).count() as u64;
                    match e.error_len() {
                        Some(bad) => {
                            verdict.invalid += bad as u64;
                            chunk = &rest[bad..];
                        }
                        // An incomplete sequence at the end of the chunk: kept for the next read,
                        // or invalid at the end of the file.
                        None => {
                            chunk = rest;
                            break;
                        }
                    }
                }
            }
        }
        let left = chunk.len();
        if n == 0 {
            verdict.invalid += left as u64;
            return Ok(verdict);
        }
        let from = end - left;
        buf.copy_within(from..end, 0);
        carry = left;
    }
}

/// The records of a sample: lines, except that a line break inside quotes (a list typed with
/// Alt+Enter in a Dutch Excel cell) stays inside its record.
fn records(sample: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, b) in sample.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                out.push(sample[start..i].trim_end_matches('\r'));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < sample.len() {
        out.push(&sample[start..]);
    }
    out
}

/// Choose `;`, `,` or TAB: the one that splits the most records into the same number of fields.
pub fn detect_delimiter(sample: &str) -> u8 {
    let lines: Vec<&str> = records(sample)
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    let mut best = (b';', 0usize, 0usize);
    for delim in [b';', b',', b'\t'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, delim))
            .collect();
        let mut modes: Vec<(usize, usize)> = Vec::new();
        for c in counts.iter().filter(|c| **c > 0) {
            match modes.iter_mut().find(|(v, _)| v == c) {
                Some((_, n)) => *n += 1,
                None => modes.push((*c, 1)),
            }
        }
        if let Some(&(fields, lines_agreeing)) = modes.iter().max_by_key(|(v, n)| (*n, *v)) {
            if (lines_agreeing, fields) > (best.1, best.2) {
                best = (delim, lines_agreeing, fields);
            }
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delim: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delim && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_table() {
        let cases: [(&str, u8); 7] = [
            // Lists typed with Alt+Enter: the commas are inside quoted, multi-line cells.
            (
                "ID;Naam;Lijst\n1;a;\"x, y\na, b, c\nd, e, f\ng, h, i\"\n2;b;\"p, q\nr, s, t\nu, v, w\nk, l, m\"\n",
                b';',
            ),
            ("ID;Naam;Aantal\n1;a, b;3\n2;c;4\n", b';'),
            ("ID,Naam,Aantal\n1,\"a; b\",3\n2,c,4\n", b','),
            ("ID\tNaam\tAantal\n1\ta, b, c\t3\n", b'\t'),
            (
                "Titel, met komma\n\nID;Naam;Aantal;X\n1;a, b;3;x\n2;c;4;y\n",
                b';',
            ),
            ("alleen tekst\n", b';'),
            ("", b';'),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_delimiter(text) as char, expected as char, "{text:?}");
        }
    }
}
