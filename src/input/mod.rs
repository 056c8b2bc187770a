//! The input stage: open a register (xlsx/xlsm/xlsb through calamine's streaming cell readers, or a
//! CSV), detect the format by content, and hand its sheets to a callback row by row. No sheet is ever
//! held whole and no dense range is built from a declared dimension (calamine's `worksheet_range`
//! trusts the `<dimension>` element and can abort on a hostile file, docs/register.md#files-that-are-refused).
//!
//! Header detection and column mapping live in `header`, the per-row field grammar in `record`.

pub mod cell;
pub mod csv;
pub mod guard;
pub mod header;
pub mod layout;
pub mod locate;
pub mod marker;

pub mod record;
pub mod xlsx_values;

use crate::lang::Lang;
use crate::messages as M;
use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use calamine::{Data, Ods, Reader, Xls, Xlsb, Xlsx};

/// One non-empty cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 0-based column.
    pub col: u16,
    /// Value (the cached value for a formula).
    pub value: Data,
    /// Formula text without the leading `=`, when the cell holds one.
    pub formula: Option<String>,
}

/// One row of a sheet as read: its non-empty cells in column order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawRow {
    /// 0-based row index.
    pub index: u32,
    /// Non-empty cells, ascending by column.
    pub cells: Vec<Cell>,
}

impl RawRow {
    /// Whether the row has at least one non-empty cell.
    pub fn has_content(&self) -> bool {
        self.cells.iter().any(|c| match &c.value {
            Data::Empty => c.formula.is_some(),
            Data::String(s) => !s.trim().is_empty(),
            _ => true,
        })
    }
}

/// A merged range of cells (0-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Merge {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_col: u16,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u16,
}

impl Merge {
    /// Number of cells covered.
    pub fn area(&self) -> u64 {
        u64::from(self.last_row - self.first_row + 1)
            * u64::from(self.last_col - self.first_col + 1)
    }
}

/// Merged ranges larger than this many cells are not copied (a hostile file could declare one
/// covering the whole sheet, and the writer pads every merged cell).
pub const MAX_MERGE_AREA: u64 = 100_000;
/// All merged ranges of a sheet together cover at most this many cells; ranges beyond are not
/// copied (millions of small ranges would keep the writer padding cells for hours).
pub const MAX_MERGED_CELLS: u64 = 10_000_000;

/// The merged ranges the output keeps, sorted: more than one cell, at most `MAX_MERGE_AREA`
/// each and `MAX_MERGED_CELLS` in all (in the order the sheet lists them).
pub fn keep_merges(ranges: impl Iterator<Item = Merge>) -> Vec<Merge> {
    let mut covered = 0u64;
    let mut kept: Vec<Merge> = ranges
        .filter(|m| m.area() > 1 && m.area() <= MAX_MERGE_AREA)
        .take_while(|m| {
            covered += m.area();
            covered <= MAX_MERGED_CELLS
        })
        .collect();
    kept.sort();
    kept
}

/// An input problem that stops the file (as opposed to a finding in a cell).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A reader of the file stopped on it (a panic inside calamine or the zip reader): the file
    /// is malformed.
    #[error("{}", M::DAMAGED_FILE.with(*lang, &[&path.display(), message]))]
    Damaged {
        /// The file.
        path: PathBuf,
        /// The language of the message.
        lang: Lang,
        /// What the reader said.
        message: String,
    },
    /// A sheet could not be read.
    #[error("{path}{}: {message}", M::IN_SHEET.with(*lang, &[sheet]))]
    Sheet {
        /// The file.
        path: PathBuf,
        /// The language of the message.
        lang: Lang,
        /// The sheet.
        sheet: String,
        /// What went wrong.
        message: String,
    },
}

/// The format of an input file, detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// Legacy Excel 97–2003 (OLE2).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Delimited text.
    Csv,
}

/// Run a call into the parsers of the untrusted file `path` (calamine, the zip, CSV and encoding
/// readers) with a panic inside it turned into an error naming the file. Readers of untrusted
/// binary formats (calamine's xls/cfb code among them) can panic on malformed input; the tool must
/// answer with one line instead (docs/register.md#files-that-are-refused). Every call into those
/// readers goes through here (`Source`'s methods, `ooxml::package::Package`'s), so a panic is the
/// file's by where it was caught, not by where it happened.
pub fn reading<T>(
    path: &Path,
    lang: Lang,
    step: impl FnOnce() -> Result<T, InputError>,
) -> Result<T, InputError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|payload| {
        Err(InputError::Damaged {
            path: path.to_path_buf(),
            lang,
            message: M::panic_message(payload.as_ref(), lang),
        })
    })
}

/// Run a step of the tool with a panic turned into an error. The file's readers catch their own
/// ([`reading`]); a panic that reaches here is not the file's (a writer that cannot write, a fault
/// of the tool's own): an internal error, whose words keep a full disk's (`No space left on
/// device`) for the caller to name the output.
pub fn guarded<T>(lang: Lang, step: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|payload| {
        let message = M::panic_message(payload.as_ref(), lang);
        Err(anyhow::anyhow!(M::INTERNAL.with(lang, &[&message])))
    })
}

/// Print the default report of a panic only when `verbose`: a panic is answered with one line.
pub fn install_panic_hook(verbose: bool) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if verbose {
            default(info);
        }
    }));
}

/// Whether an error text says the disk is full (an I/O error's own words on Linux, macOS and
/// Windows, also inside a panic message of a library that unwrapped one).
pub fn mentions_disk_full(text: &str) -> bool {
    [
        "No space left on device",
        "os error 28",
        "StorageFull",
        "There is not enough space on the disk",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// A run that stopped because the disk is full: it names the output it could not write.
#[derive(Debug)]
pub struct DiskFull {
    /// The output (a path, or "standaarduitvoer").
    pub output: String,
    /// The language of the message.
    pub lang: Lang,
}

impl std::fmt::Display for DiskFull {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}",
            crate::messages::DISK_FULL.with(self.lang, &[&self.output])
        )
    }
}

impl std::error::Error for DiskFull {}

/// Whether an error, or any error it stems from, is a full disk.
pub fn is_disk_full(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<DiskFull>()
            || c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
            || mentions_disk_full(&c.to_string())
    })
}

fn file_error(path: &Path, message: impl Into<String>) -> InputError {
    InputError::File {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Detect the format from the first bytes (and, for zip files, the entries).
pub fn detect_format(path: &Path, lang: Lang) -> Result<Format, InputError> {
    let mut head = [0u8; 512];
    let mut file = File::open(path)
        .map_err(|e| file_error(path, M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)])))?;
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => {
                return Err(file_error(
                    path,
                    M::CANNOT_READ.with(lang, &[&M::os(&e, lang)]),
                ))
            }
        }
    }
    let head = &head[..n];
    if n == 0 {
        return Err(file_error(path, M::EMPTY_FILE.get(lang)));
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_kind(path, lang);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Format::Xls);
    }
    // Files people mistake for a register: say what they are instead of reading them as text.
    let kinds: [(&[u8], &str); 6] = [
        (b"%PDF-", "PDF"),
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF8", "GIF"),
        (b"{\\rtf", "RTF"),
        (b"\x1F\x8B", "gzip"),
    ];
    if let Some((_, kind)) = kinds.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Err(file_error(path, M::OTHER_KIND.with(lang, &[kind])));
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || trimmed.starts_with("<table")
        || (trimmed.starts_with("<?xml") && text.contains("<html"))
    {
        return Err(file_error(path, M::HTML_PAGE.get(lang)));
    }
    // Excel's "Unicode text" export: UTF-16 with a byte-order mark, TAB between cells.
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Ok(Format::Csv);
    }
    if head.contains(&0) {
        return Err(file_error(path, M::BINARY.get(lang)));
    }
    Ok(Format::Csv)
}

fn zip_kind(path: &Path, lang: Lang) -> Result<Format, InputError> {
    // Tell the zip-based formats apart by the parts they carry, without parsing any of them:
    // calamine's constructors already read the shared strings, which the guard must check first.
    let file = File::open(path)
        .map_err(|e| file_error(path, M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)])))?;
    let zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| file_error(path, M::ZIP_DAMAGED_DOWNLOAD.with(lang, &[&e])))?;
    let has = |name: &str| {
        zip.file_names()
            .any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
    };
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("content.xml") {
        Ok(Format::Ods)
    } else if let Some(name) = zip.file_names().flatten().find(|n| {
        ["xl/workbook.xml", "xl/workbook.bin"]
            .iter()
            .any(|w| n.replace('\\', "/").eq_ignore_ascii_case(w))
    }) {
        // A package whose part names a Windows program wrote with backslashes (`xl\workbook.xml`),
        // which the zip format and Open XML do not allow: Excel opens it, the tool says so.
        Err(file_error(
            path,
            M::ZIP_BACKSLASH_NAMES.with(lang, &[&name]),
        ))
    } else {
        Err(file_error(path, M::ZIP_NO_WORKBOOK.get(lang)))
    }
}

/// An xlsx workbook through calamine. Targets written `./x` or `/xl/x` are read through a copy
/// that writes them plainly.
fn open_calamine(path: &Path, lang: Lang) -> Result<Xlsx<BufReader<File>>, InputError> {
    Xlsx::new(match crate::ooxml::package::plain_view(path, lang) {
        Ok(Some(file)) => BufReader::new(file),
        _ => open_buffered(path, lang)?,
    })
    .map_err(|e| file_error(path, M::WORKBOOK_UNREADABLE.with(lang, &[&e])))
}

impl XlsxSource {
    /// calamine's view of the workbook, opened at the first call.
    fn cal(&mut self, path: &Path, lang: Lang) -> Result<&mut Xlsx<BufReader<File>>, InputError> {
        if self.cal.is_none() {
            self.cal = Some(open_calamine(path, lang)?);
        }
        self.cal
            .as_mut()
            .ok_or_else(|| file_error(path, M::WORKBOOK_UNREADABLE.with(lang, &[&path.display()])))
    }
}

fn open_buffered(path: &Path, lang: Lang) -> Result<BufReader<File>, InputError> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| file_error(path, M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)])))
}

/// Another reader of the sheet part a register's rows are read from, fed every token of it in
/// the same pass: the in-place rewrite's first pass (`output::xlsx::rewrite::Prescanner`), so
/// that the register's sheet is inflated and scanned once for both.
pub trait SheetTap: Send {
    /// The next token of the sheet part.
    fn token(&mut self, t: &crate::ooxml::scan::Token<'_>);
    /// The part was read to its end (`fed`), or it was read by a route that has no tokens
    /// (calamine: Strict Open XML) and the tap was fed nothing. A tap dropped without this call
    /// saw a read that failed or stopped.
    fn finish(self: Box<Self>, fed: bool);
}

/// An xlsx workbook: the tool's own reader ([`xlsx_values::Book`]) for its sheets and rows;
/// calamine for the merged ranges, and for a workbook the reader does not open (Strict Open XML),
/// opened only when asked, so that the shared strings are not held twice.
pub struct XlsxSource {
    /// Opened when first needed, or at once when there is no `book`.
    cal: Option<Xlsx<BufReader<File>>>,
    /// `None` when the tool's reader does not open the workbook.
    book: Option<xlsx_values::Book>,
    /// The sheets, in workbook order.
    sheets: Vec<calamine::Sheet>,
    /// The tap for the next full read of the named sheet.
    tap: Option<(String, Box<dyn SheetTap>)>,
}

/// An opened register, ready to stream its sheets.
pub enum Source {
    /// xlsx / xlsm.
    Xlsx(Box<XlsxSource>, PathBuf),
    /// xlsb.
    Xlsb(Box<Xlsb<BufReader<File>>>, PathBuf),
    /// Legacy xls (Excel 97–2003); bounded by the format to 65,536 × 256 cells per sheet.
    Xls(Box<Xls<BufReader<File>>>, PathBuf),
    /// OpenDocument spreadsheet.
    Ods(Box<Ods<BufReader<File>>>, PathBuf),
    /// CSV (one sheet).
    Csv(csv::CsvSource),
}

/// The last row (1-based) an xlsx sheet declares in its `<dimension ref="A1:Z300001"/>`, read
/// from the first 64 KiB of the sheet's part.
fn declared_last_row(path: &Path, sheet: &str) -> Option<u64> {
    // Without a readable declaration there is no estimate; no error is shown.
    let mut pkg = crate::ooxml::package::Package::open(path, Lang::default()).ok()?;
    let info = crate::ooxml::package::workbook_info(&mut pkg).ok()?;
    let part = &info.sheets.iter().find(|s| s.name == sheet)?.part;
    let head = pkg.head(part, 64 * 1024).ok()?;
    let text = String::from_utf8_lossy(&head);
    let at = text.find("dimension ref=")?;
    let value: String = text[at + "dimension ref=".len() + 1..]
        .chars()
        .take_while(|c| *c != '"' && *c != '\'')
        .collect();
    let last = value.rsplit(':').next()?;
    last.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '$')
        .parse()
        .ok()
}

impl Source {
    /// Open a file, detecting its format by content.
    pub fn open(path: &Path, limits: &guard::Limits, lang: Lang) -> Result<Source, InputError> {
        reading(path, lang, || Self::open_file(path, limits, lang))
    }

    fn open_file(path: &Path, limits: &guard::Limits, lang: Lang) -> Result<Source, InputError> {
        // A register is read more than once (its format, its header, its rows): a pipe or a
        // process substitution can be read only once.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            return Err(file_error(path, M::NOT_A_FILE.get(lang)));
        }
        let format = detect_format(path, lang)?;
        if matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods) {
            guard::check_zip(path, limits, lang).map_err(|m| file_error(path, m))?;
        }
        match format {
            // Targets written `./x` or `/xl/x` are read through a copy that writes them plainly.
            Format::Xlsx => {
                let source = |cal, book, sheets| {
                    Source::Xlsx(
                        Box::new(XlsxSource {
                            cal,
                            book,
                            sheets,
                            tap: None,
                        }),
                        path.to_path_buf(),
                    )
                };
                match xlsx_values::Book::open(path, lang) {
                    Ok(book) => {
                        let sheets = book.sheets_metadata();
                        Ok(source(None, Some(book), sheets))
                    }
                    Err(_) => open_calamine(path, lang).map(|cal| {
                        let sheets = cal.sheets_metadata().to_vec();
                        source(Some(cal), None, sheets)
                    }),
                }
            }
            Format::Xlsb => Xlsb::new(open_buffered(path, lang)?)
                .map(|x| Source::Xlsb(Box::new(x), path.to_path_buf()))
                .map_err(|e| file_error(path, M::WORKBOOK_UNREADABLE.with(lang, &[&e]))),
            Format::Csv => csv::CsvSource::open(path, lang).map(Source::Csv),
            Format::Xls if guard::ole_is_encrypted(path) => {
                Err(file_error(path, M::ENCRYPTED.get(lang)))
            }
            Format::Xls => guard::check_xls(path, limits, lang)
                .map_err(|m| file_error(path, m))
                .and_then(|()| {
                    Xls::new(open_buffered(path, lang)?)
                        .map(|x| Source::Xls(Box::new(x), path.to_path_buf()))
                        .map_err(|e| file_error(path, M::WORKBOOK_UNREADABLE.with(lang, &[&e])))
                }),
            Format::Ods => guard::check_ods(path, limits, lang)
                .map_err(|m| file_error(path, m))
                .and_then(|()| {
                    Ods::new(open_buffered(path, lang)?)
                        .map(|x| Source::Ods(Box::new(x), path.to_path_buf()))
                        .map_err(|e| file_error(path, M::WORKBOOK_UNREADABLE.with(lang, &[&e])))
                }),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        match self {
            Source::Xlsx(_, p) | Source::Xlsb(_, p) | Source::Xls(_, p) | Source::Ods(_, p) => p,
            Source::Csv(c) => c.path(),
        }
    }

    /// Whether this is an Office Open XML workbook (xlsx, xlsm), which is annotated in place.
    /// Where a message places a sheet: `, blad 'Register'` in a workbook, nothing for a CSV
    /// file, which has no sheets.
    pub fn sheet_words(&self, sheet: &str, lang: Lang) -> String {
        match self {
            Source::Csv(_) => String::new(),
            _ => M::IN_SHEET.with(lang, &[&sheet]),
        }
    }

    /// Feed `tap` every token of `sheet` at its next read (see [`SheetTap`]); a source that
    /// is not an xlsx has no tokens, and tells the tap so at once.
    pub fn tap_sheet(&mut self, sheet: &str, tap: Box<dyn SheetTap>) {
        match self {
            Source::Xlsx(x, _) => x.tap = Some((sheet.to_string(), tap)),
            _ => tap.finish(false),
        }
    }

    /// Read `sheet` with calamine, as the reader did before the tool's own reader: the tests
    /// and `examples/compare_readers.rs` hold the two against each other.
    pub fn read_sheet_calamine(
        &mut self,
        sheet: &str,
        lang: Lang,
        each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    ) -> Result<(), InputError> {
        let path = self.path().to_path_buf();
        match self {
            Source::Xlsx(x, _) => reading(&path, lang, || {
                read_xlsx(x.cal(&path, lang)?, &path, sheet, lang, each)
            }),
            other => other.read_sheet(sheet, lang, each),
        }
    }

    pub fn is_xlsx(&self) -> bool {
        matches!(self, Source::Xlsx(..))
    }

    /// About how many rows follow the header row (0-based `header_row`) of `sheet`, for a
    /// progress total: an xlsx sheet's declared `<dimension>`, a CSV's records (its line breaks
    /// outside quotes; an empty line counts too). `None` where it cannot be told cheaply or is not declared.
    pub fn estimated_rows(&self, sheet: &str, header_row: u32) -> Option<u64> {
        let last_row = match self {
            Source::Xlsx(_, path) => declared_last_row(path, sheet)?,
            Source::Csv(c) => {
                // Line breaks outside quotes: a quoted cell's own line breaks are not records
                // (a doubled quote inside a cell turns the state twice).
                let mut file = File::open(c.path()).ok()?;
                let mut buf = vec![0u8; 1 << 20];
                let (mut lines, mut last, mut quoted) = (0u64, b'\n', false);
                loop {
                    let n = std::io::Read::read(&mut file, &mut buf).ok()?;
                    if n == 0 {
                        break;
                    }
                    for i in memchr::memchr2_iter(b'\n', b'"', &buf[..n]) {
                        match buf[i] {
                            b'"' => quoted = !quoted,
                            _ if !quoted => lines += 1,
                            _ => {}
                        }
                    }
                    last = buf[n - 1];
                }
                // A last line without its line break counts too.
                lines + u64::from(last != b'\n')
            }
            _ => return None,
        };
        last_row
            .checked_sub(u64::from(header_row) + 1)
            .filter(|n| *n > 0)
    }

    fn metadata(&self) -> &[calamine::Sheet] {
        match self {
            Source::Xlsx(x, _) => &x.sheets,
            Source::Xlsb(x, _) => x.sheets_metadata(),
            Source::Xls(x, _) => x.sheets_metadata(),
            Source::Ods(x, _) => x.sheets_metadata(),
            Source::Csv(_) => &[],
        }
    }

    /// The names of the worksheets in workbook order (a CSV has one, named `Register`).
    /// Chartsheets, dialog and macro sheets hold no cells to read: they are left out (docs/register.md#files-that-are-refused).
    pub fn sheet_names(&self) -> Vec<String> {
        if let Source::Csv(_) = self {
            return vec![csv::CSV_SHEET_NAME.to_string()];
        }
        self.metadata()
            .iter()
            .filter(|s| s.typ == calamine::SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .collect()
    }

    /// Whether a sheet is hidden (or very hidden) in the workbook.
    pub fn is_hidden(&self, sheet: &str) -> bool {
        self.metadata()
            .iter()
            .any(|s| s.name == sheet && s.visible != calamine::SheetVisible::Visible)
    }

    /// The merged ranges of a sheet, sorted, within Excel's limits and `MAX_MERGE_AREA`; a sheet
    /// whose merges cannot be read simply has none (merges are layout, not data).
    pub fn merges(&mut self, sheet: &str) -> Vec<Merge> {
        // A reader that stops on them (a panic) leaves the sheet without merges too.
        let dims = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match self {
            Source::Xlsx(x, path) => {
                let path = path.clone();
                x.cal(&path, Lang::Nl)
                    .ok()
                    .and_then(|cal| cal.merge_cells_by_sheet_name(sheet).ok())
                    .unwrap_or_default()
            }
            Source::Xls(x, _) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Source::Ods(..) | Source::Xlsb(..) | Source::Csv(_) => Vec::new(),
        }))
        .unwrap_or_default();
        keep_merges(dims.iter().filter_map(|d| {
            let (r0, c0) = d.start;
            let (r1, c1) = d.end;
            let ok = r0 <= r1 && c0 <= c1 && r1 < 1_048_576 && c1 < 16_384;
            ok.then_some(Merge {
                first_row: r0,
                first_col: c0 as u16,
                last_row: r1,
                last_col: c1 as u16,
            })
        }))
    }

    /// What the output keeps of a sheet's layout: merged ranges and (xlsx) column widths.
    pub fn layout(&mut self, sheet: &str) -> layout::SheetLayout {
        let (columns, merges) = match self {
            Source::Xlsx(_, path) => layout::xlsx_layout(path, sheet),
            _ => (Vec::new(), None),
        };
        layout::SheetLayout {
            merges: merges.unwrap_or_else(|| self.merges(sheet)),
            columns,
        }
    }

    /// Stream the rows of a sheet to `each`, which may stop early with `Break`.
    /// What the last `read_sheet` found wrong with the file's form (a CSV's cut fields, stray
    /// bytes, an unterminated quote), to report once on Meldingen.
    pub fn take_findings(&mut self) -> Vec<crate::finding::Finding> {
        match self {
            Source::Csv(c) => c.take_findings(),
            _ => Vec::new(),
        }
    }

    pub fn read_sheet(
        &mut self,
        sheet: &str,
        lang: Lang,
        each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    ) -> Result<(), InputError> {
        let path = self.path().to_path_buf();
        reading(&path, lang, || self.read_rows(sheet, lang, each))
    }

    fn read_rows(
        &mut self,
        sheet: &str,
        lang: Lang,
        each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    ) -> Result<(), InputError> {
        match self {
            Source::Xlsx(x, path) => {
                // The tap is fed only by the tool's reader; told either way.
                let mut tap = x.tap.take_if(|(s, _)| s == sheet).map(|(_, t)| t);
                let fed = match x.book.as_mut() {
                    Some(book) => {
                        let mut feed = |t: &crate::ooxml::scan::Token<'_>| {
                            if let Some(tap) = tap.as_mut() {
                                tap.token(t);
                            }
                        };
                        book.read_tapped(sheet, &|_| true, each, &mut feed)
                            .map_err(|e| sheet_error(path, sheet, lang, format!("{e:#}")))?;
                        true
                    }
                    None => {
                        read_xlsx(x.cal(path, lang)?, path, sheet, lang, each)?;
                        false
                    }
                };
                if let Some(tap) = tap {
                    tap.finish(fed);
                }
                Ok(())
            }
            Source::Xlsb(x, path) => read_xlsb(x, path, sheet, lang, each),
            Source::Xls(x, path) => {
                let range = x.worksheet_range(sheet).map_err(|e| {
                    sheet_error(path, sheet, lang, M::SHEET_UNREADABLE.with(lang, &[&e]))
                })?;
                read_range(range, each);
                Ok(())
            }
            Source::Ods(x, path) => {
                let range = x.worksheet_range(sheet).map_err(|e| {
                    sheet_error(path, sheet, lang, M::SHEET_UNREADABLE.with(lang, &[&e]))
                })?;
                read_range(range, each);
                Ok(())
            }
            Source::Csv(c) => c.read(each),
        }
    }
}

/// Groups cells arriving in stream order into rows.
struct RowBuilder {
    current: RawRow,
}

impl RowBuilder {
    fn new() -> Self {
        RowBuilder {
            current: RawRow::default(),
        }
    }

    /// Add a cell; returns the finished previous row when this cell starts a new one. A cell
    /// on a row before the one read last (rows out of order) or read twice (a row written
    /// twice) is refused with the row it is on, as the in-place rewrite refuses it: merging the two
    /// would score an activity from mixed cells.
    fn push(&mut self, row: u32, cell: Cell, lang: Lang) -> Result<Option<RawRow>, String> {
        if let Some(last) = self.current.cells.last() {
            // A cell out of column order is the writer's freedom; the same cell twice is not.
            let twice = row == self.current.index
                && cell.col <= last.col
                && self.current.cells.iter().any(|c| c.col == cell.col);
            if row < self.current.index || twice {
                return Err(M::ROW_TWICE.with(lang, &[&(u64::from(row) + 1)]));
            }
        }
        let done = if row != self.current.index && !self.current.cells.is_empty() {
            Some(std::mem::replace(
                &mut self.current,
                RawRow {
                    index: row,
                    cells: Vec::with_capacity(32),
                },
            ))
        } else {
            self.current.index = row;
            None
        };
        self.current.cells.push(cell);
        Ok(done)
    }

    fn finish(self) -> Option<RawRow> {
        (!self.current.cells.is_empty()).then_some(self.current)
    }
}

fn sheet_error(path: &Path, sheet: &str, lang: Lang, message: impl Into<String>) -> InputError {
    InputError::Sheet {
        path: path.to_path_buf(),
        sheet: sheet.to_string(),
        lang,
        message: message.into(),
    }
}

fn column(path: &Path, sheet: &str, lang: Lang, col: u32) -> Result<u16, InputError> {
    u16::try_from(col)
        .ok()
        .filter(|c| *c < 16_384)
        .ok_or_else(|| {
            sheet_error(
                path,
                sheet,
                lang,
                M::COLUMN_OUT_OF_RANGE.with(lang, &[&col]),
            )
        })
}

fn read_xlsx(
    x: &mut Xlsx<BufReader<File>>,
    path: &Path,
    sheet: &str,
    lang: Lang,
    each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
) -> Result<(), InputError> {
    let mut reader = x
        .worksheet_cells_reader(sheet)
        .map_err(|e| sheet_error(path, sheet, lang, M::SHEET_UNREADABLE.with(lang, &[&e])))?;
    let mut rows = RowBuilder::new();
    loop {
        let next = reader
            .next_cell_with_formula()
            .map_err(|e| sheet_error(path, sheet, lang, M::SHEET_UNREADABLE.with(lang, &[&e])))?;
        let Some(rec) = next else { break };
        let value = Data::from(rec.value);
        let formula = rec.formula.filter(|f| !f.is_empty());
        if value == Data::Empty && formula.is_none() {
            continue;
        }
        let (row, col) = rec.pos;
        let cell = Cell {
            col: column(path, sheet, lang, col)?,
            value,
            formula,
        };
        let pushed = rows
            .push(row, cell, lang)
            .map_err(|message| sheet_error(path, sheet, lang, message))?;
        if let Some(done) = pushed {
            if each(done).is_break() {
                return Ok(());
            }
        }
    }
    if let Some(last) = rows.finish() {
        let _ = each(last);
    }
    Ok(())
}

/// Rows of an in-memory range (xls, ods: their readers hold the sheet already), non-empty cells only.
fn read_range(range: calamine::Range<Data>, each: &mut dyn FnMut(RawRow) -> ControlFlow<()>) {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (i, cells) in range.rows().enumerate() {
        let cells: Vec<Cell> = cells
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != Data::Empty)
            .filter_map(|(j, v)| {
                let col = u16::try_from(col0 as usize + j)
                    .ok()
                    .filter(|c| *c < 16_384)?;
                Some(Cell {
                    col,
                    value: v.clone(),
                    formula: None,
                })
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        let index = row0.saturating_add(i as u32);
        if each(RawRow { index, cells }).is_break() {
            return;
        }
    }
}

fn read_xlsb(
    x: &mut Xlsb<BufReader<File>>,
    path: &Path,
    sheet: &str,
    lang: Lang,
    each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
) -> Result<(), InputError> {
    let mut reader = x
        .worksheet_cells_reader(sheet)
        .map_err(|e| sheet_error(path, sheet, lang, M::SHEET_UNREADABLE.with(lang, &[&e])))?;
    let mut rows = RowBuilder::new();
    loop {
        let next = reader
            .next_cell()
            .map_err(|e| sheet_error(path, sheet, lang, M::SHEET_UNREADABLE.with(lang, &[&e])))?;
        let Some(c) = next else { break };
        let (row, col) = c.get_position();
        let value = Data::from(c.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        let cell = Cell {
            col: column(path, sheet, lang, col)?,
            value,
            formula: None,
        };
        let pushed = rows
            .push(row, cell, lang)
            .map_err(|message| sheet_error(path, sheet, lang, message))?;
        if let Some(done) = pushed {
            if each(done).is_break() {
                return Ok(());
            }
        }
    }
    if let Some(last) = rows.finish() {
        let _ = each(last);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{guard::Limits, Source};
    use std::path::Path;

    /// A panic inside a reader of the file is the file's (named, in the run's language); one that
    /// reaches `guarded` is the tool's: (language, what `reading` says, what `guarded` says).
    #[test]
    fn a_readers_panic_is_the_files_and_any_other_the_tools() {
        use crate::lang::Lang;
        let cases = [
            (
                Lang::Nl,
                "r.xls: beschadigd of onleesbaar bestand (de lezer stopte: index out of bounds)",
                "interne fout: index out of bounds",
            ),
            (
                Lang::En,
                "r.xls: damaged or unreadable file (the reader stopped: index out of bounds)",
                "internal error: index out of bounds",
            ),
        ];
        std::panic::set_hook(Box::new(|_| {}));
        for (lang, read, tool) in cases {
            let r: Result<(), _> =
                super::reading(Path::new("r.xls"), lang, || panic!("index out of bounds"));
            assert_eq!(r.map_err(|e| e.to_string()), Err(read.to_string()));
            let g: anyhow::Result<()> = super::guarded(lang, || panic!("index out of bounds"));
            assert_eq!(g.map_err(|e| e.to_string()), Err(tool.to_string()));
            // No panic: the step's own result.
            assert_eq!(
                super::reading(Path::new("r.xls"), lang, || Ok(7)).ok(),
                Some(7)
            );
        }
        let _ = std::panic::take_hook();
    }

    /// (sample, sheet, header row (0-based), the progress total): the xlsx's declared dimension
    /// and the CSV's records below the header, quoted line breaks not counted.
    #[test]
    fn the_progress_total_is_the_rows_below_the_header() {
        let cases = [
            ("samples/verwerkingsregister.xlsx", "Register", 3, Some(35)),
            ("samples/verwerkingsregister.csv", "Register", 0, Some(35)),
            (
                "samples/verwerkingsregister-art30.xlsx",
                "Verwerkingsregister",
                3,
                Some(42),
            ),
            // At or below the last row: no total.
            ("samples/verwerkingsregister.xlsx", "Register", 38, None),
            ("samples/verwerkingsregister.xlsx", "Bestaat niet", 3, None),
        ];
        for (file, sheet, header, total) in cases {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
            let source =
                Source::open(&path, &Limits::default(), crate::lang::Lang::Nl).expect("sample");
            assert_eq!(
                source.estimated_rows(sheet, header),
                total,
                "{file} {sheet}"
            );
        }
    }
}
