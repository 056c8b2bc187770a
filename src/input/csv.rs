//! CSV input as Dutch Excel writes it (SPEC §3.1): delimiter `;`, `,` or TAB detected from the
//! content; UTF-8 with or without BOM, else Windows-1252. The file is streamed twice at most: once to
//! decide the encoding (is every byte valid UTF-8?) and once to read the records.

use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use calamine::Data;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::{Cell, InputError, RawRow};

/// The sheet name a CSV register gets in the output workbook.
pub const CSV_SHEET_NAME: &str = "Register";

/// How many bytes of the start are looked at to choose the delimiter.
const SAMPLE_BYTES: usize = 64 * 1024;

/// A CSV file with its detected encoding and delimiter.
pub struct CsvSource {
    path: PathBuf,
    encoding: &'static Encoding,
    delimiter: u8,
}

fn err(path: &Path, message: impl Into<String>) -> InputError {
    InputError::File {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

impl CsvSource {
    /// Detect encoding and delimiter.
    pub fn open(path: &Path) -> Result<CsvSource, InputError> {
        // A byte-order mark decides (UTF-16 from Excel's "Unicode text"; the decoder honours
        // it), else valid UTF-8, else Windows-1252.
        let encoding = match bom(path)? {
            Some(e) => e,
            None if is_utf8(path)? => UTF_8,
            None => WINDOWS_1252,
        };
        let mut sample = Vec::with_capacity(SAMPLE_BYTES);
        decoder(path, encoding)?
            .take(SAMPLE_BYTES as u64)
            .read_to_end(&mut sample)
            .map_err(|e| err(path, format!("kan niet lezen: {e}")))?;
        let text = String::from_utf8_lossy(&sample);
        let delimiter = detect_delimiter(&text);
        Ok(CsvSource {
            path: path.to_path_buf(),
            encoding,
            delimiter,
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

    /// Stream the records as rows of text cells.
    pub fn read(
        &mut self,
        each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    ) -> Result<(), InputError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(decoder(&self.path, self.encoding)?);
        let mut record = csv::StringRecord::new();
        let mut index: u32 = 0;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e
                        .position()
                        .map(|p| p.line())
                        .unwrap_or(u64::from(index) + 1);
                    return Err(err(
                        &self.path,
                        format!("CSV onleesbaar bij regel {line}: {e}"),
                    ));
                }
            }
            if record.len() > 16_384 {
                return Err(err(
                    &self.path,
                    format!(
                        "regel {} heeft {} kolommen; Excel kent er hoogstens 16.384",
                        index + 1,
                        record.len()
                    ),
                ));
            }
            let cells = record
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(|(col, v)| Cell {
                    col: col as u16,
                    value: Data::String(v.to_string()),
                    formula: None,
                })
                .collect();
            if each(RawRow { index, cells }).is_break() {
                return Ok(());
            }
            index = index
                .checked_add(1)
                .filter(|i| *i < 1_048_576)
                .ok_or_else(|| {
                    err(
                        &self.path,
                        "meer dan 1.048.576 regels: meer dan een werkblad kan bevatten",
                    )
                })?;
        }
        Ok(())
    }
}

fn decoder(path: &Path, encoding: &'static Encoding) -> Result<impl Read, InputError> {
    let file = File::open(path).map_err(|e| err(path, format!("kan niet openen: {e}")))?;
    Ok(DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(BufReader::new(file)))
}

/// The encoding a UTF-16 byte-order mark at the start of the file names.
fn bom(path: &Path) -> Result<Option<&'static Encoding>, InputError> {
    let mut file = File::open(path).map_err(|e| err(path, format!("kan niet openen: {e}")))?;
    let mut head = [0u8; 2];
    let n = file
        .read(&mut head)
        .map_err(|e| err(path, format!("kan niet lezen: {e}")))?;
    Ok(match &head[..n] {
        [0xFF, 0xFE] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF] => Some(encoding_rs::UTF_16BE),
        _ => None,
    })
}

/// Whether the whole file is valid UTF-8, checked in chunks without holding the file.
fn is_utf8(path: &Path) -> Result<bool, InputError> {
    let mut file = File::open(path).map_err(|e| err(path, format!("kan niet openen: {e}")))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry = 0usize;
    loop {
        let n = file
            .read(&mut buf[carry..])
            .map_err(|e| err(path, format!("kan niet lezen: {e}")))?;
        let end = carry + n;
        if n == 0 {
            return Ok(carry == 0);
        }
        match std::str::from_utf8(&buf[..end]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                // An incomplete sequence at the end of the chunk: keep it for the next read.
                let valid = e.valid_up_to();
                buf.copy_within(valid..end, 0);
                carry = end - valid;
            }
            Err(_) => return Ok(false),
        }
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
