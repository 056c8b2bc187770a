//! The values of an xlsx worksheet's cells, read with the tool's own scanner
//! ([`crate::ooxml::scan`]) for the columns a caller asks for: the same `calamine::Data` that
//! calamine gives for each of them (its shared and inline strings, numbers, dates by number
//! format, booleans, errors), while the cells of the other columns are passed over without their
//! text being decoded. `--previous` reads an earlier annotated workbook this way: its rows carry
//! the tool's long reasons, which it does not need, and decoding them was most of the time the
//! earlier workbook took to read. `tests` holds the reader against calamine on every xlsx the
//! repository has.

use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{anyhow, bail, Context as _, Result};
use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

use super::{Cell, RawRow, RowBuilder};
use crate::lang::Lang;
use crate::messages as M;
use crate::ooxml::cellref::parse_cell_bytes;
use crate::ooxml::package::{workbook_info, Package};
use crate::ooxml::scan::{Kind, Scanner, Token};

/// How calamine reads a number with a cell's style: as a number, a date or a duration.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Other,
    DateTime,
    TimeDelta,
}

/// What the cells of a workbook's sheets refer to: its shared strings, the number format of
/// each cell style, and the date system.
pub struct Book {
    pkg: Package,
    strings: Vec<String>,
    formats: Vec<Format>,
    date1904: bool,
    /// Sheet name → part.
    sheets: Vec<(String, String)>,
    /// Every sheet, worksheets or not, with its visibility.
    all_sheets: Vec<calamine::Sheet>,
}

impl Book {
    /// Open an xlsx package and read its shared strings, styles and sheets.
    pub fn open(path: &Path, lang: Lang) -> Result<Book> {
        let mut pkg = Package::open(path, lang)?;
        let info = workbook_info(&mut pkg)?;
        // Strict Open XML is read through its transitional view (`Source`), not here.
        if info.strict {
            bail!(M::SHEET_UNREADABLE.with(lang, &[&"Strict Open XML"]));
        }
        let rels = pkg.rels(&info.part)?;
        let part_of = |typ: &str, fallback: &str, pkg: &Package| {
            let target = rels
                .iter()
                .find(|r| r.typ.ends_with(typ))
                .map_or_else(|| fallback.to_string(), |r| r.target.clone());
            pkg.part_name(&target)
        };
        let strings = match part_of("/sharedStrings", "xl/sharedStrings.xml", &pkg) {
            Some(part) => {
                let entry = pkg.zip.by_name(&part)?;
                shared_strings(std::io::BufReader::with_capacity(256 * 1024, entry), lang)?
            }
            None => Vec::new(),
        };
        let formats = match part_of("/styles", "xl/styles.xml", &pkg) {
            Some(part) => match pkg.read_text(&part)? {
                Some(xml) => formats(xml.as_bytes(), lang)?,
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let sheets = info
            .sheets
            .iter()
            .filter(|s| s.worksheet)
            .map(|s| (s.name.clone(), s.part.clone()))
            .collect();
        let all_sheets = info
            .sheets
            .iter()
            .map(|s| calamine::Sheet {
                name: s.name.clone(),
                typ: if s.worksheet {
                    calamine::SheetType::WorkSheet
                } else {
                    calamine::SheetType::ChartSheet
                },
                visible: match s.state.as_str() {
                    "hidden" => calamine::SheetVisible::Hidden,
                    "veryHidden" => calamine::SheetVisible::VeryHidden,
                    _ => calamine::SheetVisible::Visible,
                },
            })
            .collect();
        Ok(Book {
            pkg,
            strings,
            formats,
            date1904: info.date1904,
            sheets,
            all_sheets,
        })
    }

    /// The workbook's sheets in its order, as calamine describes them: name, kind and
    /// visibility.
    pub fn sheets_metadata(&self) -> Vec<calamine::Sheet> {
        self.all_sheets.clone()
    }

    /// The rows of sheet `name` below or at any row, each with its non-empty cells in the
    /// columns for which `want` holds, as [`super::Source::read_sheet`] gives them.
    pub fn read(
        &mut self,
        name: &str,
        want: &dyn Fn(u16) -> bool,
        each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    ) -> Result<()> {
        self.read_tapped(name, want, each, &mut |_| {})
    }

    /// [`Book::read`], with every token of the sheet part handed to `tap` as well: another
    /// reader of the same part (its formulas, links and formats) in the same pass.
    pub fn read_tapped(
        &mut self,
        name: &str,
        want: &dyn Fn(u16) -> bool,
        each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
        tap: &mut dyn FnMut(&Token<'_>),
    ) -> Result<()> {
        let part = self.part(name)?;
        let lang = self.pkg.lang;
        let entry = self.pkg.zip.by_name(&part)?;
        let src = std::io::BufReader::with_capacity(256 * 1024, entry);
        let cx = Refs {
            strings: &self.strings,
            formats: &self.formats,
            date1904: self.date1904,
        };
        cells(src, &cx, want, each, tap, lang)
    }

    /// The relationships of sheet `name`'s part (the targets of its links).
    pub fn rels(&mut self, name: &str) -> Result<Vec<crate::ooxml::rels::Rel>> {
        let part = self.part(name)?;
        self.pkg.rels(&part)
    }

    fn part(&self, name: &str) -> Result<String> {
        let lang = self.pkg.lang;
        self.sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
            .ok_or_else(|| anyhow!(M::SHEET_UNREADABLE.with(lang, &[&name])))
    }
}

/// What a sheet's cells refer to.
struct Refs<'a> {
    strings: &'a [String],
    formats: &'a [Format],
    date1904: bool,
}

/// The cell being read: where, its style and type, and its value so far.
struct Open {
    row: u32,
    col: u16,
    wanted: bool,
    style: Option<usize>,
    typ: Option<Typ>,
    value: Option<Data>,
    /// The formula's text as the file writes it (without `=`), a shared one expanded to the
    /// cell; empty while the cell has none.
    formula: String,
}

/// A cell's `t` attribute (its absence is `None` beside it: a number, as an explicit `n` is, but
/// read as text where it is none).
#[derive(Debug, Clone, PartialEq)]
enum Typ {
    N,
    S,
    B,
    E,
    D,
    Str,
    /// `inlineStr`, or `is` as some writers put it.
    Inline,
    /// Any other: refused when the cell's value is read.
    Other(Box<[u8]>),
}

impl Typ {
    fn of(t: &[u8]) -> Typ {
        match t {
            b"n" => Typ::N,
            b"s" => Typ::S,
            b"b" => Typ::B,
            b"e" => Typ::E,
            b"d" => Typ::D,
            b"str" => Typ::Str,
            b"inlineStr" | b"is" => Typ::Inline,
            other => Typ::Other(other.into()),
        }
    }
}

/// Where text is being collected inside a wanted cell.
#[derive(PartialEq)]
enum In {
    Nothing,
    /// `<v>`.
    V,
    /// `<is>`, outside a `<t>`.
    Is,
    /// A `<t>` of `<is>` (not phonetic), with its `xml:space="preserve"`.
    T(bool),
    /// `<rPh>` (phonetic text, not part of the value).
    Phonetic,
    /// `<f>`, with the shared formula's index when it is the anchor of one.
    F(Option<Vec<u8>>),
}

/// The shared formulas read so far: index → the anchor's text, row and column.
type Shared = std::collections::HashMap<Vec<u8>, (String, u32, u16)>;

/// `text` (the anchor's formula at `r0`, `c0`) as the cell at `row`, `col` shares it.
fn shared_at(shared: &Shared, si: &[u8], row: u32, col: u16) -> Option<String> {
    let (text, r0, c0) = shared.get(si)?;
    Some(crate::ooxml::formula::shift(
        text,
        i64::from(row) - i64::from(*r0),
        i64::from(col) - i64::from(*c0),
    ))
}

fn cells(
    src: impl Read,
    cx: &Refs<'_>,
    want: &dyn Fn(u16) -> bool,
    each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    tap: &mut dyn FnMut(&Token<'_>),
    lang: Lang,
) -> Result<()> {
    let mut s = Scanner::new(src, lang);
    let mut rows = RowBuilder::new();
    let (mut next_row, mut next_col) = (0u32, 0u16);
    let mut cell: Option<Open> = None;
    let mut at = In::Nothing;
    // The raw text of `<v>`, or the decoded text of the current `<t>`, and the inline string.
    let mut raw: Vec<u8> = Vec::new();
    let mut inline: Option<String> = None;
    let mut shared = Shared::default();
    let mut patterns = CellPatterns::default();
    // A cell just opened: its content is read by `simple_cell` where it can be.
    let mut fast = false;
    loop {
        if std::mem::take(&mut fast) {
            if let Some(c) = cell.take() {
                match read_simple(&mut s, &patterns, c, cx, lang)? {
                    Ok(c) => {
                        tap(&Token {
                            kind: Kind::End,
                            bytes: &patterns.end_c,
                        });
                        if close(c, &mut rows, each, lang)?.is_break() {
                            return Ok(());
                        }
                        // The next cell of the row, as most writers write it, is opened from
                        // the bytes ahead without the tokens: its start tag, then its content
                        // as above.
                        let ahead = s.ahead(SIMPLE_CELL)?;
                        if let Some(len) = cell_start(ahead, &patterns) {
                            let t = Token {
                                kind: Kind::Start,
                                bytes: &ahead[..len],
                            };
                            tap(&t);
                            cell = open_cell(&t, (next_row, &mut next_col), want, lang)?;
                            s.skip(len);
                            fast = true;
                            continue;
                        }
                    }
                    Err(c) => cell = Some(c),
                }
            }
        }
        let Some(t) = s.next_token()? else {
            break;
        };
        tap(&t);
        let local = if t.kind == Kind::Text {
            &b""[..]
        } else {
            t.local()
        };
        match (t.kind, local) {
            (Kind::Start | Kind::Empty, b"row") => {
                let r = t
                    .attr(b"r")
                    .and_then(|r| std::str::from_utf8(r).ok()?.trim().parse::<u32>().ok())
                    .and_then(|r| r.checked_sub(1))
                    .unwrap_or(next_row);
                next_row = r.saturating_add(1);
                next_col = 0;
            }
            (Kind::Start | Kind::Empty, b"c") => {
                let opened = open_cell(&t, (next_row, &mut next_col), want, lang)?;
                if t.kind == Kind::Start {
                    patterns.prefixed(t.name());
                    fast = at == In::Nothing;
                    cell = opened;
                }
            }
            (Kind::End, b"c") => {
                if let Some(c) = cell.take() {
                    at = In::Nothing;
                    if close(c, &mut rows, each, lang)?.is_break() {
                        return Ok(());
                    }
                }
            }
            _ if cell.as_ref().is_none_or(|c| !c.wanted) => {}
            (Kind::Start | Kind::Empty, b"f") if at == In::Nothing => {
                let si = (t.attr(b"t") == Some(b"shared".as_slice()))
                    .then(|| t.attr(b"si").map(<[u8]>::to_vec))
                    .flatten();
                if t.kind == Kind::Start {
                    at = In::F(si);
                    raw.clear();
                } else if let (Some(si), Some(c)) = (si, cell.as_mut()) {
                    // A cell that shares a formula written before.
                    c.formula = shared_at(&shared, &si, c.row, c.col).unwrap_or_default();
                }
            }
            (Kind::Text, _) if matches!(at, In::F(_)) => raw.extend_from_slice(t.bytes),
            (Kind::End, b"f") if matches!(at, In::F(_)) => {
                let In::F(si) = std::mem::replace(&mut at, In::Nothing) else {
                    continue;
                };
                if let Some(c) = cell.as_mut() {
                    let text = crate::ooxml::xml_text::unescape(&raw);
                    c.formula = match si {
                        Some(si) if text.is_empty() => {
                            shared_at(&shared, &si, c.row, c.col).unwrap_or_default()
                        }
                        Some(si) => {
                            shared.insert(si, (text.clone(), c.row, c.col));
                            text
                        }
                        None => text,
                    };
                }
            }
            (Kind::Start, b"v") if at == In::Nothing => {
                at = In::V;
                raw.clear();
            }
            (Kind::End, b"v") if at == In::V => {
                at = In::Nothing;
                if let Some(c) = cell.as_mut() {
                    // An inline string's value is its `<is>`; a `<v>` beside it is not read.
                    let inline_type = c.typ == Some(Typ::Inline);
                    if !inline_type {
                        c.value = Some(value(c, &raw, cx, lang)?);
                    }
                }
            }
            (Kind::Start, b"is") if at == In::Nothing => {
                at = In::Is;
                inline = None;
            }
            (Kind::Empty, b"is") if at == In::Nothing => {
                if let Some(c) = cell.as_mut() {
                    c.value = Some(Data::String(String::new()));
                }
            }
            (Kind::End, b"is") if at == In::Is => {
                at = In::Nothing;
                if let Some(c) = cell.as_mut() {
                    c.value = Some(Data::String(inline.take().unwrap_or_default()));
                }
            }
            _ if matches!(at, In::Is | In::Phonetic | In::T(_))
                && item_token(&mut at, &t, local, &mut raw, &mut inline) => {}
            (Kind::Text, _) if at == In::V => raw.extend_from_slice(t.bytes),
            (Kind::Other, _) if at == In::V => push_cdata(&mut raw, t.bytes),
            _ => {}
        }
    }
    if let Some(last) = rows.finish() {
        let _ = each(last);
    }
    Ok(())
}

/// Cell tag `t` (`<c …>` or `<c …/>`) opened: its place (from its `r`, else after the cell
/// before it on row `next_row`), and for a start tag the cell with its style and type where
/// `want` asks for its column. `next_col` moves past it.
fn open_cell(
    t: &Token<'_>,
    (next_row, next_col): (u32, &mut u16),
    want: &dyn Fn(u16) -> bool,
    lang: Lang,
) -> Result<Option<Open>> {
    let [r, s_attr, t_attr] = crate::ooxml::scan::attrs_of(t.bytes, [b"r", b"s", b"t"]);
    let (row, col) = match r {
        Some(r) => parse_cell_bytes(r).ok_or_else(|| {
            anyhow!(M::SHEET_UNREADABLE.with(lang, &[&String::from_utf8_lossy(r)]))
        })?,
        None => (next_row.saturating_sub(1), *next_col),
    };
    if col >= 16_384 {
        bail!(M::COLUMN_OUT_OF_RANGE.with(lang, &[&col]));
    }
    *next_col = col.saturating_add(1);
    if t.kind != Kind::Start {
        return Ok(None);
    }
    let wanted = want(col);
    Ok(Some(Open {
        row,
        col,
        wanted,
        style: wanted
            .then_some(s_attr)
            .flatten()
            .map(|s| std::str::from_utf8(s).ok()?.trim().parse().ok())
            .map(|s| s.unwrap_or(0)),
        typ: wanted.then(|| t_attr.map(Typ::of)).flatten(),
        value: None,
        formula: String::new(),
    }))
}

/// The length of the cell start tag `b` begins with, in the prefix of the cell tag before it
/// (`<c r="B2" t="s">`, or `<c>`), as the tokens would give it; `None` for anything else (an
/// empty `<c …/>`, another tag, text, or a tag that does not end within `b`).
fn cell_start(b: &[u8], p: &CellPatterns) -> Option<usize> {
    let name_end = 2 + p.prefix.len();
    if b.get(1..name_end)? != p.c.as_slice() || b[0] != b'<' {
        return None;
    }
    if !matches!(b.get(name_end)?, b' ' | b'>' | b'\t' | b'\r' | b'\n') {
        return None;
    }
    match crate::ooxml::scan::tag_len(b)? {
        (len, Kind::Start) => Some(len),
        _ => None,
    }
}

/// A cell read: given to `each` with its row when the row is whole. `Break` when `each` says
/// stop.
fn close(
    c: Open,
    rows: &mut RowBuilder,
    each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
    lang: Lang,
) -> Result<ControlFlow<()>> {
    if !c.wanted {
        return Ok(ControlFlow::Continue(()));
    }
    let value = c.value.unwrap_or(Data::Empty);
    if value == Data::Empty && c.formula.is_empty() {
        return Ok(ControlFlow::Continue(()));
    }
    let cell = Cell {
        col: c.col,
        value,
        formula: (!c.formula.is_empty()).then_some(c.formula),
    };
    let done = rows.push(c.row, cell, lang).map_err(|m| anyhow!(m))?;
    Ok(match done {
        Some(done) => each(done),
        None => ControlFlow::Continue(()),
    })
}

/// The tags of the cells most writers write, in the namespace prefix of the cell tag last seen
/// (`x:` or none): `<v>`, `<is><t>` and their ends.
#[derive(Default)]
struct CellPatterns {
    /// The prefix they are built for.
    prefix: Vec<u8>,
    v: Vec<u8>,
    end_v: Vec<u8>,
    is_t: Vec<u8>,
    is_t_preserve: Vec<u8>,
    end_t: Vec<u8>,
    /// `</c>`.
    end_c: Vec<u8>,
    /// The cell tag's name, `c` with the prefix.
    c: Vec<u8>,
}

impl CellPatterns {
    /// Ready for a cell tag named `name` (`c` or `x:c`).
    fn prefixed(&mut self, name: &[u8]) {
        let prefix = &name[..name.len().saturating_sub(1)];
        if prefix != self.prefix.as_slice() || self.end_c.is_empty() {
            let p = prefix;
            let tag = |parts: &[&[u8]]| parts.concat();
            self.prefix = p.to_vec();
            self.v = tag(&[b"<", p, b"v>"]);
            self.end_v = tag(&[b"</", p, b"v></", p, b"c>"]);
            self.is_t = tag(&[b"<", p, b"is><", p, b"t>"]);
            self.is_t_preserve = tag(&[b"<", p, b"is><", p, b"t xml:space=\"preserve\">"]);
            self.end_t = tag(&[b"</", p, b"t></", p, b"is></", p, b"c>"]);
            self.end_c = tag(&[b"</", p, b"c>"]);
            self.c = tag(&[p, b"c"]);
        }
    }
}

/// The content of a cell as most writers write it, from the bytes right after its start tag:
/// `<v>…</v></c>`, `<is><t>…</t></is></c>` (also with `xml:space="preserve"`) or `</c>`, with
/// no tag, comment or CDATA in the text. Its length to the end of `</c>`, and what it holds;
/// `None` for anything else (the tokens then read it).
fn simple_cell<'a>(b: &'a [u8], p: &CellPatterns) -> Option<(usize, Simple<'a>)> {
    // The byte after `<` and the prefix tells which it can be: `/`, `v` or `i`.
    let (open, close, preserve) = match b.get(1 + p.prefix.len()) {
        Some(b'/') if b.starts_with(&p.end_c) => return Some((p.end_c.len(), Simple::Nothing)),
        Some(b'v') if b.starts_with(&p.v) => (p.v.len(), &p.end_v, None),
        Some(b'i') if b.starts_with(&p.is_t) => (p.is_t.len(), &p.end_t, Some(false)),
        Some(b'i') if b.starts_with(&p.is_t_preserve) => {
            (p.is_t_preserve.len(), &p.end_t, Some(true))
        }
        _ => return None,
    };
    let text_len = memchr::memchr(b'<', &b[open..])?;
    let text = &b[open..open + text_len];
    let after = open + text_len;
    if !b[after..].starts_with(close) {
        return None;
    }
    let simple = match preserve {
        None => Simple::V(text),
        Some(preserve) => Simple::T(text, preserve),
    };
    Some((after + close.len(), simple))
}

/// A cell's content read by `simple_cell`.
enum Simple<'a> {
    /// `<v>`'s raw text.
    V(&'a [u8]),
    /// `<t>`'s raw text, and whether it keeps its white space.
    T(&'a [u8], bool),
    /// No content.
    Nothing,
}

/// How much of the part is looked at for a cell's content (a cell longer than this is read by
/// the tokens).
const SIMPLE_CELL: usize = 4096;

/// Cell `c`, just opened, read to its end where `simple_cell` can, with the value the tokens
/// would give it; else given back (`Err`) with nothing read.
fn read_simple<R: Read>(
    s: &mut Scanner<R>,
    patterns: &CellPatterns,
    mut c: Open,
    cx: &Refs<'_>,
    lang: Lang,
) -> Result<Result<Open, Open>> {
    let ahead = s.ahead(SIMPLE_CELL)?;
    let Some((len, simple)) = simple_cell(ahead, patterns) else {
        return Ok(Err(c));
    };
    if c.wanted {
        match simple {
            // An inline string's value is its `<is>`; a `<v>` beside it is not read.
            Simple::V(raw) if c.typ != Some(Typ::Inline) => {
                c.value = Some(value(&c, raw, cx, lang)?)
            }
            Simple::V(_) | Simple::Nothing => {}
            Simple::T(raw, preserve) => {
                let mut text = String::new();
                push_text_of(raw, preserve, &mut text);
                c.value = Some(Data::String(text));
            }
        }
    }
    s.skip(len);
    Ok(Ok(c))
}

/// A token inside a string item (`<si>`, `<is>`; `at` is where in it): the texts of its `<t>`s
/// outside `<rPh>` (phonetic guides) are joined into `text`. False when the token is not one of
/// the item's.
fn item_token(
    at: &mut In,
    t: &Token<'_>,
    local: &[u8],
    raw: &mut Vec<u8>,
    text: &mut Option<String>,
) -> bool {
    match (t.kind, local) {
        (Kind::Start, b"rPh") if *at == In::Is => *at = In::Phonetic,
        (Kind::End, b"rPh") if *at == In::Phonetic => *at = In::Is,
        (Kind::Start, b"t") if *at == In::Is => {
            *at = In::T(t.attr(b"xml:space") == Some(b"preserve".as_slice()));
            raw.clear();
        }
        (Kind::Empty, b"t") if *at == In::Is => {
            text.get_or_insert_with(String::new);
        }
        (Kind::End, b"t") => {
            let In::T(preserve) = *at else {
                return false;
            };
            *at = In::Is;
            push_text_of(raw, preserve, text.get_or_insert_with(String::new));
        }
        (Kind::Text, _) if matches!(*at, In::T(_)) => raw.extend_from_slice(t.bytes),
        (Kind::Other, _) if matches!(*at, In::T(_)) => push_cdata(raw, t.bytes),
        _ => return false,
    }
    true
}

/// A CDATA section's content, escaped again (`raw` is unescaped when it is read).
fn push_cdata(raw: &mut Vec<u8>, token: &[u8]) {
    if let Some(body) = token
        .strip_prefix(b"<![CDATA[")
        .and_then(|b| b.strip_suffix(b"]]>"))
    {
        let mut escaped = String::new();
        crate::ooxml::xml_text::escape_text(&String::from_utf8_lossy(body), &mut escaped);
        raw.extend_from_slice(escaped.as_bytes());
    }
}

/// A `<t>`'s text as calamine gives it: XML 1.0 line ends, entities undone, trimmed of ASCII
/// whitespace unless `xml:space="preserve"`, OOXML's `_xHHHH_` escapes undone.
fn text_of(raw: &[u8], preserve: bool) -> String {
    let mut out = String::new();
    push_text_of(raw, preserve, &mut out);
    out
}

/// [`text_of`], added to `out`: a text with no line end, entity or `_x` escape in it (most
/// are) is copied as it stands.
fn push_text_of(raw: &[u8], preserve: bool, out: &mut String) {
    if memchr::memchr3(b'\r', b'&', b'_', raw).is_none() {
        if let Ok(text) = std::str::from_utf8(raw) {
            out.push_str(if preserve {
                text
            } else {
                text.trim_matches([' ', '\t', '\r', '\n'])
            });
            return;
        }
    }
    let text = crate::ooxml::xml_text::unescape(&line_ends(raw));
    let text = if preserve {
        &text[..]
    } else {
        text.trim_matches([' ', '\t', '\r', '\n'])
    };
    out.push_str(&unescape_excel(text));
}

/// XML 1.0's line-end handling: `\r\n` and a lone `\r` are `\n`.
fn line_ends(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if memchr::memchr(b'\r', raw).is_none() {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\r' => {
                out.push(b'\n');
                if raw.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// The value of a `<v>` as calamine reads it for the cell's type and style.
fn value(c: &Open, raw: &[u8], cx: &Refs<'_>, lang: Lang) -> Result<Data> {
    let bad = |what: &str| anyhow!(M::SHEET_UNREADABLE.with(lang, &[&what]));
    let plain = || std::str::from_utf8(raw).map_err(|_| bad("<v>"));
    Ok(match &c.typ {
        Some(Typ::S) => {
            // Mostly a few digits as they stand: read without a UTF-8 check or a parser.
            let i = match raw {
                [b'0'..=b'9', ..] if raw.len() <= 9 && raw.iter().all(u8::is_ascii_digit) => raw
                    .iter()
                    .fold(0usize, |n, d| n * 10 + usize::from(d - b'0')),
                _ => {
                    let v = plain()?;
                    if v.is_empty() {
                        return Ok(Data::Empty);
                    }
                    v.parse().unwrap_or(0)
                }
            };
            let s = cx
                .strings
                .get(i)
                .ok_or_else(|| bad(&String::from_utf8_lossy(raw)))?;
            Data::String(s.clone())
        }
        Some(Typ::B) => match plain()?.trim() {
            "" => Data::Empty,
            "0" => Data::Bool(false),
            "1" => Data::Bool(true),
            v if v.eq_ignore_ascii_case("false") => Data::Bool(false),
            v if v.eq_ignore_ascii_case("true") => Data::Bool(true),
            v => return Err(bad(v)),
        },
        Some(Typ::E) => {
            let v = plain()?;
            Data::Error(v.parse::<CellErrorType>().map_err(|_| bad(v))?)
        }
        Some(Typ::D) => Data::DateTimeIso(text_of(raw, true)),
        Some(Typ::Str) => Data::String(text_of(raw, true)),
        None | Some(Typ::N) => {
            let v = plain()?;
            if v.is_empty() {
                return Ok(Data::Empty);
            }
            let format = match c.style {
                Some(i) => cx.formats.get(i).copied(),
                None => Some(Format::Other),
            };
            match v.parse::<f64>() {
                Ok(n) => match format {
                    Some(Format::DateTime) => Data::DateTime(ExcelDateTime::new(
                        n,
                        ExcelDateTimeType::DateTime,
                        cx.date1904,
                    )),
                    Some(Format::TimeDelta) => Data::DateTime(ExcelDateTime::new(
                        n,
                        ExcelDateTimeType::TimeDelta,
                        cx.date1904,
                    )),
                    _ => Data::Float(n),
                },
                _ if c.typ.is_none() => Data::String(v.to_string()),
                _ => return Err(bad(v)),
            }
        }
        Some(Typ::Inline) => return Err(bad("inlineStr")),
        Some(Typ::Other(t)) => return Err(bad(&String::from_utf8_lossy(t))),
    })
}

/// OOXML's `_xHHHH_` escapes undone, as calamine does: a UTF-16 code unit each, a surrogate pair
/// across two, an unpaired surrogate as U+FFFD.
fn unescape_excel(s: &str) -> String {
    let unit_at = |i: usize| -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let find = |mut from: usize| -> Option<(usize, u16)> {
        while let Some(off) = s[from..].find('_') {
            let i = from + off;
            if let Some(u) = unit_at(i) {
                return Some((i, u));
            }
            from = i + 1;
        }
        None
    };
    let Some((mut i, mut unit)) = find(0) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    loop {
        out.push_str(&s[copied..i]);
        i += 7;
        match unit {
            0xD800..=0xDBFF => match unit_at(i) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let cp =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                    i += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = i;
        match find(i) {
            Some(next) => (i, unit) = next,
            None => break,
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// The shared strings (`<si>` in order), read as inline strings are.
fn shared_strings(src: impl Read, lang: Lang) -> Result<Vec<String>> {
    let mut s = Scanner::new(src, lang);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut at = In::Nothing;
    let mut raw: Vec<u8> = Vec::new();
    while let Some(t) = s.next_token()? {
        let local = if t.kind == Kind::Text {
            &b""[..]
        } else {
            t.local()
        };
        match (t.kind, local) {
            (Kind::Start, b"si") => {
                current = None;
                at = In::Is;
            }
            (Kind::Empty, b"si") => out.push(String::new()),
            (Kind::End, b"si") => {
                out.push(current.take().unwrap_or_default());
                at = In::Nothing;
            }
            _ if item_token(&mut at, &t, local, &mut raw, &mut current) => {}
            _ => {}
        }
    }
    Ok(out)
}

/// The number format of each cell style (`cellXfs`), as calamine tells dates from numbers.
fn formats(xml: &[u8], lang: Lang) -> Result<Vec<Format>> {
    let mut s = Scanner::new(xml, lang);
    let mut custom: Vec<(Vec<u8>, String)> = Vec::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    while let Some(t) = s.next_token()? {
        match (t.kind, t.local()) {
            (Kind::Start | Kind::Empty, b"numFmt") => {
                if let (Some(id), Some(code)) = (t.attr(b"numFmtId"), t.attr(b"formatCode")) {
                    let code = crate::ooxml::xml_text::unescape(code);
                    custom.push((id.to_vec(), code));
                }
            }
            (Kind::Start, b"cellXfs") => in_xfs = true,
            (Kind::End, b"cellXfs") => in_xfs = false,
            (Kind::Start | Kind::Empty, b"xf") if in_xfs => {
                let format = match t.attr(b"numFmtId") {
                    None => Format::Other,
                    Some(id) => match custom.iter().rev().find(|(i, _)| i == id) {
                        Some((_, code)) => custom_format(code),
                        None => builtin_format(id),
                    },
                };
                out.push(format);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// calamine's `builtin_format_by_id`.
fn builtin_format(id: &[u8]) -> Format {
    match std::str::from_utf8(id).unwrap_or_default() {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            Format::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => Format::DateTime,
        "46" => Format::TimeDelta,
        _ => Format::Other,
    }
}

/// calamine's `detect_custom_number_format`: whether a format code shows a date, a duration or
/// a number (its first section).
fn custom_format(format: &str) -> Format {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return Format::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Format::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Format::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Format::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Format::Other
}

/// Read sheet `sheet` of the xlsx at `path` with [`Book`], its errors named with the file and
/// sheet as calamine's are.
pub fn read(
    path: &Path,
    sheet: &str,
    lang: Lang,
    want: &dyn Fn(u16) -> bool,
    each: &mut dyn FnMut(RawRow) -> ControlFlow<()>,
) -> Result<()> {
    crate::ooxml::package::damaged_on_panic(path, lang, || {
        let mut book = Book::open(path, lang)?;
        book.read(sheet, want, each)
    })
    .with_context(|| format!("{}: {sheet}", path.display()))
}

#[cfg(test)]
mod tests;
