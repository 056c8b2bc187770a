//! The scored sheet, annotated in place (docs/output.md#workbook): its part is streamed from the input package
//! to the output package token by token, every byte of the user's copied as it was, while the
//! tool's cells are appended to the header row and to each scored row. Around the rows the tool
//! adds only what the contract lists: its `col` entries, the extended `dimension`, a frozen header
//! (unless the user froze or split the view), the autofilter, its conditional formats and the
//! reference to its notes — each at its place in the schema's element order, which Excel insists
//! on. A first pass over the part (`prescan`) finds the last used column, so the added columns
//! never cover a user's cell, and refuses a part with two `<row>` elements for one row.
//!
//! On a workbook this tool annotated before, the earlier run's columns (found through the marker
//! name and told by their headers, `app`) are dropped as the part streams and the new ones take
//! their places, each where its namesake stood; so are the conditional formats that lay on them.
//! A user's column among them stays where it is, with everything in it; a tool column the user
//! deleted comes back in the first free column after the others, so the block never wanders.
//!
//! The rewrite runs on a thread of its own: the register sink sends the added cells of each row
//! down a bounded channel in row order, and this thread waits for them as it meets the rows.

use crate::lang::Lang;
use crate::messages as M;
use std::fmt::Write as _;
use std::io::{Read, Write};

use anyhow::{bail, Context as _, Result};

use crate::ooxml::cellref::{column_letters, column_of_letters, parse_range, runs};
use crate::ooxml::scan::{self, attr, Kind, Scanner, Token};
use crate::ooxml::xml_text::escape_text;

/// A value the tool adds to a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
}

/// The added cells of one row, sent by the register sink: its texts side by side in one
/// buffer, so that a row waiting on disk is written and read back as two runs of bytes, and
/// written into the sheet from those bytes (no string per cell, no second UTF-8 check).
#[derive(Debug, Clone, PartialEq)]
pub struct RowCells {
    /// 0-based row.
    pub row: u32,
    /// The values, one per added column: a text as where its bytes stand in `texts`.
    values: Vec<Kept>,
    /// The texts' UTF-8 bytes, one after the other.
    texts: Vec<u8>,
}

/// A value as a row keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kept {
    /// A text: where its bytes start and end in the row's `texts`.
    Text(u32, u32),
    /// A number.
    Number(f64),
}

/// A value of a row, as the rewrite writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// A text's UTF-8 bytes.
    Text(&'a [u8]),
    /// A number.
    Number(f64),
}

impl RowCells {
    /// Row `row` with `values`, one per added column.
    pub fn new(row: u32, values: Vec<Added>) -> RowCells {
        let size = values
            .iter()
            .map(|v| match v {
                Added::Text(t) => t.len(),
                Added::Number(_) => 0,
            })
            .sum();
        let mut texts = Vec::with_capacity(size);
        let values = values
            .into_iter()
            .map(|v| match v {
                Added::Text(t) => {
                    // A row's texts stay far below 4 GB: each is cut to a cell's 32,767
                    // characters.
                    let start = u32::try_from(texts.len()).unwrap_or(u32::MAX);
                    texts.extend_from_slice(t.as_bytes());
                    Kept::Text(start, u32::try_from(texts.len()).unwrap_or(u32::MAX))
                }
                Added::Number(x) => Kept::Number(x),
            })
            .collect();
        RowCells { row, values, texts }
    }

    /// The value of added column `i`.
    pub fn get(&self, i: usize) -> Option<Value<'_>> {
        Some(match *self.values.get(i)? {
            Kept::Text(start, end) => Value::Text(self.texts.get(start as usize..end as usize)?),
            Kept::Number(x) => Value::Number(x),
        })
    }

    /// The row as a record: its number, its values (a 0 and where a text's bytes start and
    /// end, or a 1 and a number's eight bytes), its texts' bytes.
    pub(crate) fn encode(&self, e: &mut crate::spill::Enc) {
        e.u32(self.row);
        e.u32(self.values.len() as u32);
        for v in &self.values {
            match v {
                Kept::Text(start, end) => {
                    e.byte(0);
                    e.u32(*start);
                    e.u32(*end);
                }
                Kept::Number(x) => {
                    e.byte(1);
                    e.0.extend_from_slice(&x.to_le_bytes());
                }
            }
        }
        e.u32(self.texts.len() as u32);
        e.0.extend_from_slice(&self.texts);
    }

    /// The size of `encode`'s record.
    pub(crate) fn encoded_len(&self) -> usize {
        12 + self.values.len() * 9 + self.texts.len()
    }

    /// A row read back from `encode`'s record; `None` where it does not hold together.
    pub(crate) fn decode(d: &mut crate::spill::Dec<'_>) -> Option<RowCells> {
        let row = d.u32()?;
        let n = d.u32()?;
        let mut values = Vec::with_capacity(n.min(1 << 10) as usize);
        let mut end = 0;
        for _ in 0..n {
            values.push(match d.byte()? {
                0 => {
                    let (a, b) = (d.u32()?, d.u32()?);
                    if a > b {
                        return None;
                    }
                    end = end.max(b);
                    Kept::Text(a, b)
                }
                1 => Kept::Number(f64::from_le_bytes(d.eight()?)),
                _ => return None,
            });
        }
        let len = d.u32()?;
        if len < end {
            return None;
        }
        let texts = d.take(len as usize)?.to_vec();
        Some(RowCells { row, values, texts })
    }
}

/// A conditional format on the added columns: fill when the cell's text equals `word`.
#[derive(Debug, Clone)]
pub struct ColourRule {
    /// Offsets of the added columns it covers.
    pub columns: Vec<u16>,
    /// The text compared with.
    pub word: String,
    /// The appended `dxf`.
    pub dxf: u32,
}

/// Everything the rewrite needs to know before it starts.
#[derive(Debug, Clone)]
pub struct SheetPlan {
    /// The sheet's part.
    pub part: String,
    /// 0-based header row.
    pub header_row: u32,
    /// Number of added columns.
    pub width: u16,
    /// The tool's columns of an earlier run: (column, offset of the added column that takes its
    /// place). Their cells are dropped from the header row down and replaced.
    pub old: Vec<(u16, u16)>,
    /// Style of the added header cells.
    pub header_style: u32,
    /// Style of each added column's cells.
    pub cell_styles: Vec<u32>,
    /// Width of each added column.
    pub widths: Vec<f64>,
    /// Which added columns wrap their text.
    pub wrapped: Vec<bool>,
    /// Colours by conditional format.
    pub colours: Vec<ColourRule>,
    /// Add an autofilter when the sheet has none (not on a sheet with tables).
    pub autofilter: bool,
    /// `r:id` of a new legacy drawing for the header notes (when the sheet had no notes).
    pub legacy_drawing: Option<String>,
    /// How many of the added columns, the first ones, are input columns the register lacks
    /// (docs/output.md#workbook): empty for the user to fill in, not the tool's (not marked, kept when the
    /// workbook is scored again).
    pub inputs: u16,
    /// Dropdown choices per input column (offset among the added columns, choices).
    pub dropdowns: Vec<(u16, Vec<String>)>,
    /// The tool's texts in the workbook's shared strings: a cell with one of them names it.
    pub shared: Option<std::sync::Arc<super::shared::SharedTexts>>,
}

/// What the rewrite found and did, for the workbook part and the notes.
#[derive(Debug, Clone, Default)]
pub struct Rewritten {
    /// The column of each added column (0-based, by offset; ascending unless the user moved
    /// the tool's columns about).
    pub positions: Vec<u16>,
    /// Last row of the sheet (0-based).
    pub last_row: u32,
    /// The autofilter range now on the sheet, when it covers the added columns.
    pub autofilter: Option<String>,
    /// The sheet had no page setup and got one.
    pub page_setup_added: bool,
    /// The last column with anything of the user's or the tool's.
    pub last_col: u16,
}

/// What a first pass over the part finds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prescan {
    /// Last column with a cell that holds something (a value, formula or inline text), outside
    /// the old added columns; merged ranges below the header count too.
    pub last_used_col: Option<u16>,
    /// Each such column (by column number): where an added column cannot go.
    pub used: Vec<bool>,
    /// Last row element.
    pub last_row: Option<u32>,
    /// Highest conditional-format priority.
    pub max_priority: u32,
    /// The rightmost column of any cell element, empty or not, in any row.
    pub last_cell_col: Option<u16>,
    /// The sheet data holds only elements and text: no comment, CDATA section or processing
    /// instruction, in which a `</row>` could stand that ends no row.
    pub plain_data: bool,
}

/// The column of a cell tag (its `r`, else the one after the previous cell).
fn cell_col(tag: &[u8], next: u16) -> u16 {
    attr(tag, b"r")
        .and_then(|r| {
            // The letters of the reference, read in place (every cell of the sheet comes here,
            // twice: no string of its own for each).
            let n = r.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            column_of_letters(&r[..n])
        })
        .unwrap_or(next)
}

/// The 0-based row of a row tag (its `r`, else the one after the previous row).
fn row_index(tag: &[u8], next: u32) -> u32 {
    attr(tag, b"r")
        .and_then(|r| std::str::from_utf8(r).ok()?.parse::<u32>().ok())
        .and_then(|r| r.checked_sub(1))
        .unwrap_or(next)
}

/// Excel's number of columns.
const COLUMNS: usize = 16_384;

/// A mask over the columns: `true` at each of `cols`.
fn mask(cols: impl IntoIterator<Item = u16>) -> Vec<bool> {
    let mut m = vec![false; COLUMNS];
    for c in cols {
        if let Some(slot) = m.get_mut(usize::from(c)) {
            *slot = true;
        }
    }
    m
}

fn on(mask: &[bool], col: u16) -> bool {
    mask.get(usize::from(col)).copied().unwrap_or(false)
}

/// Whether every range of a `sqref` lies on masked columns only.
fn wholly_on(sqref: &[u8], mask: &[bool]) -> bool {
    let Ok(sqref) = std::str::from_utf8(sqref) else {
        return false;
    };
    !sqref.trim().is_empty()
        && sqref.split_whitespace().all(|range| {
            parse_range(range).is_some_and(|(_, c0, _, c1)| (c0..=c1).all(|c| on(mask, c)))
        })
}

/// First pass: last used column and row, duplicate rows, CF priorities.
pub fn prescan(
    part: impl Read,
    header_row: u32,
    old: &[(u16, u16)],
    lang: Lang,
) -> Result<Prescan> {
    let mut s = Scanner::new(part, lang);
    let mut p = Prescanner::new(header_row, old, lang);
    while let Some(t) = s.next_token()? {
        p.token(&t);
    }
    p.finish()
}

/// The first pass fed token by token: by [`prescan`], or by the register's reader in the pass
/// that reads its values (`input::SheetTap`), so the sheet is not inflated and scanned once more.
pub struct Prescanner {
    header_row: u32,
    old: Vec<bool>,
    lang: Lang,
    out: Prescan,
    next_row: u32,
    next_col: u16,
    row_seen: Option<u32>,
    /// Inside a conditional format of the earlier run's columns, which the rewrite drops.
    in_old_format: bool,
    /// Inside `sheetData`.
    in_data: bool,
    /// The open elements' names, one after the other (`opened` holds where each starts): the
    /// part is streamed to the output as it is, so an end tag that does not close what is open
    /// would be written as it stands; it is refused here, before anything is written.
    names: Vec<u8>,
    opened: Vec<usize>,
    /// The first thing found wrong; the tokens after it are not looked at.
    failed: Option<anyhow::Error>,
}

impl Prescanner {
    pub fn new(header_row: u32, old: &[(u16, u16)], lang: Lang) -> Prescanner {
        Prescanner {
            header_row,
            old: mask(old.iter().map(|(c, _)| *c)),
            lang,
            out: Prescan {
                used: vec![false; COLUMNS],
                plain_data: true,
                ..Prescan::default()
            },
            next_row: 0,
            next_col: 0,
            row_seen: None,
            in_old_format: false,
            in_data: false,
            names: Vec::with_capacity(64),
            opened: Vec::with_capacity(8),
            failed: None,
        }
    }

    /// The next token of the part.
    pub fn token(&mut self, t: &Token<'_>) {
        if self.failed.is_none() {
            if let Err(e) = self.step(t) {
                self.failed = Some(e);
            }
        }
    }

    fn step(&mut self, t: &Token<'_>) -> Result<()> {
        let lang = self.lang;
        if t.kind == Kind::Text {
            return Ok(());
        }
        // The name once (a token of every cell comes here).
        let name = t.name();
        let local = match memchr::memchr(b':', name) {
            Some(i) => &name[i + 1..],
            None => name,
        };
        match t.kind {
            Kind::Start => {
                self.opened.push(self.names.len());
                self.names.extend_from_slice(name);
            }
            Kind::End => {
                let start = self.opened.pop();
                let open = start.map_or(&b""[..], |i| &self.names[i..]);
                if start.is_none() || open != name {
                    let found = String::from_utf8_lossy(name).into_owned();
                    let open = String::from_utf8_lossy(open).into_owned();
                    bail!(M::SHEET_NOT_WELL_FORMED.with(lang, &[&format!("<{open}> … </{found}>")]));
                }
                self.names.truncate(start.unwrap_or(0));
            }
            Kind::Text => {}
            Kind::Other => {
                if self.in_data {
                    self.out.plain_data = false;
                }
            }
            Kind::Empty => {}
        }
        // The element's depth (the root's is 0), as the rewrite counts it: the sheet data at 1,
        // its rows at 2, their cells at 3.
        let depth = match t.kind {
            Kind::Start => self.opened.len().saturating_sub(1),
            _ => self.opened.len(),
        };
        let out = &mut self.out;
        let old = &self.old;
        if self.in_data && t.kind != Kind::End {
            // Not plain: an extension list, or a sheetData, row or cell element where the
            // rewrite does not look for one (inside an extension), in which a `</row>` or a
            // cell could stand that the rewrite's copy would not tell from the row's own.
            let misplaced = match local {
                b"extLst" | b"sheetData" => true,
                b"row" => depth != 2,
                b"c" => depth != 3,
                _ => false,
            };
            if misplaced {
                out.plain_data = false;
            }
        }
        match (t.kind, local) {
            (Kind::Start, b"conditionalFormatting") => {
                self.in_old_format = t.attr(b"sqref").is_some_and(|r| wholly_on(r, old));
            }
            (Kind::End, b"conditionalFormatting") => self.in_old_format = false,
            (Kind::Start, b"sheetData") if depth == 1 => self.in_data = true,
            (Kind::End, b"sheetData") if depth == 1 => self.in_data = false,
            (Kind::Start | Kind::Empty, b"cfRule") if self.in_old_format => {}
            // Rows and cells as the rewrite reads them: a row under the sheet data, a cell
            // under a row.
            (Kind::Start | Kind::Empty, b"row" | b"c")
                if !self.in_data || depth != 2 + usize::from(local == b"c") => {}
            (Kind::Start | Kind::Empty, b"row") => {
                let r = row_index(t.bytes, self.next_row);
                if self.row_seen.is_some_and(|prev| r <= prev) {
                    bail!(M::ROW_TWICE.with(lang, &[&(r + 1)]));
                }
                self.row_seen = Some(r);
                self.next_row = r + 1;
                self.next_col = 0;
                out.last_row = Some(r);
            }
            (Kind::Start | Kind::Empty, b"c") => {
                let col = cell_col(t.bytes, self.next_col);
                self.next_col = col.saturating_add(1);
                out.last_cell_col = Some(out.last_cell_col.map_or(col, |c| c.max(col)));
                // A cell with content, or an empty one the user formatted (a bordered grid):
                // the user's either way, so the added columns start after it.
                let used = t.kind == Kind::Start || t.attr(b"s").is_some_and(|s| s != b"0");
                if used && !on(old, col) {
                    out.last_used_col = Some(out.last_used_col.map_or(col, |c| c.max(col)));
                    if let Some(slot) = out.used.get_mut(usize::from(col)) {
                        *slot = true;
                    }
                }
            }
            (Kind::Start | Kind::Empty, b"mergeCell") => {
                let range = t.attr(b"ref").and_then(|r| std::str::from_utf8(r).ok());
                if let Some((_, c0, r1, c1)) = range.and_then(parse_range) {
                    if r1 >= self.header_row && !on(old, c0) {
                        out.last_used_col = Some(out.last_used_col.map_or(c1, |c| c.max(c1)));
                        for slot in out
                            .used
                            .iter_mut()
                            .take(usize::from(c1) + 1)
                            .skip(c0.into())
                        {
                            *slot = true;
                        }
                    }
                }
            }
            (Kind::Start | Kind::Empty, b"cfRule") => {
                let p = t
                    .attr(b"priority")
                    .and_then(|p| std::str::from_utf8(p).ok()?.parse::<u32>().ok());
                out.max_priority = out.max_priority.max(p.unwrap_or(0));
            }
            _ => {}
        }
        Ok(())
    }

    /// The part has been read to its end: what the pass found, or what was wrong.
    pub fn finish(self) -> Result<Prescan> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if let Some(&i) = self.opened.last() {
            let open = String::from_utf8_lossy(&self.names[i..]).into_owned();
            bail!(M::SHEET_NOT_WELL_FORMED.with(self.lang, &[&format!("<{open}> …")]));
        }
        Ok(self.out)
    }
}

/// The worksheet's child elements in schema order (ECMA-376 Part 1, CT_Worksheet).
const ORDER: [&[u8]; 39] = [
    b"sheetPr",
    b"dimension",
    b"sheetViews",
    b"sheetFormatPr",
    b"cols",
    b"sheetData",
    b"sheetCalcPr",
    b"sheetProtection",
    b"protectedRanges",
    b"scenarios",
    b"autoFilter",
    b"sortState",
    b"dataConsolidate",
    b"customSheetViews",
    b"mergeCells",
    b"phoneticPr",
    b"conditionalFormatting",
    b"dataValidations",
    b"hyperlinks",
    b"printOptions",
    b"pageMargins",
    b"pageSetup",
    b"headerFooter",
    b"rowBreaks",
    b"colBreaks",
    b"customProperties",
    b"cellWatches",
    b"ignoredErrors",
    b"smartTags",
    b"drawing",
    b"legacyDrawing",
    b"legacyDrawingHF",
    b"drawingHF",
    b"picture",
    b"oleObjects",
    b"controls",
    b"webPublishItems",
    b"tableParts",
    b"extLst",
];

fn rank(local: &[u8]) -> usize {
    ORDER
        .iter()
        .position(|n| *n == local)
        .unwrap_or(ORDER.len())
}

/// Something the tool adds at the worksheet's top level, at `rank`, unless the user's part has
/// that element already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Insert {
    SheetViews,
    Cols,
    AutoFilter,
    Formats,
    Validations,
    PageSetup,
    LegacyDrawing,
}

impl Insert {
    fn rank(self) -> usize {
        rank(match self {
            Insert::SheetViews => b"sheetViews",
            Insert::Cols => b"cols",
            Insert::AutoFilter => b"autoFilter",
            Insert::Formats => b"conditionalFormatting",
            Insert::Validations => b"dataValidations",
            Insert::PageSetup => b"pageSetup",
            Insert::LegacyDrawing => b"legacyDrawing",
        })
    }
}

/// Where the added columns go. On a first run: side by side, right of everything of the user's.
/// Scoring again: each where the earlier run's column of that name stands, and the ones that
/// have none (deleted by the user, or new) in the first free columns right of those, past any
/// column of the user's; so the block stays where it is and nothing of the user's moves.
pub fn place(plan: &SheetPlan, pre: &Prescan, lang: Lang) -> Result<Vec<u16>> {
    let width = usize::from(plan.width);
    let mut pos: Vec<Option<u16>> = vec![None; width];
    let mut taken = vec![false; COLUMNS];
    for &(col, offset) in &plan.old {
        if let Some(slot) = pos.get_mut(usize::from(offset)) {
            if slot.is_none() && !on(&taken, col) {
                *slot = Some(col);
                taken[usize::from(col)] = true;
            }
        }
    }
    let mut next = match plan.old.iter().map(|(c, _)| *c).max() {
        Some(c) => usize::from(c) + 1,
        None => pre.last_used_col.map_or(0, |u| usize::from(u) + 1),
    };
    let mut out = Vec::with_capacity(width);
    for slot in pos {
        let col = match slot {
            Some(c) => c,
            None => {
                while next < COLUMNS
                    && (taken[next] || pre.used.get(next).copied().unwrap_or(false))
                {
                    next += 1;
                }
                if next >= COLUMNS {
                    bail!(M::TOO_WIDE.with(lang, &[&plan.width]));
                }
                taken[next] = true;
                next += 1;
                (next - 1) as u16
            }
        };
        out.push(col);
    }
    Ok(out)
}

struct Rewriter<'a, W: Write> {
    plan: &'a SheetPlan,
    out: W,
    /// `x:` when the part's elements are prefixed.
    p: String,
    /// Column of each added column, by offset.
    pos: Vec<u16>,
    /// Offsets in column order (the order a row's cells are written in).
    order: Vec<usize>,
    /// The added columns, and the earlier run's, as masks.
    ours: Vec<bool>,
    old: Vec<bool>,
    /// The rightmost added column.
    last: u16,
    /// The rightmost column the autofilter covers: the added columns and the user's.
    filter_last: u16,
    letters: Vec<String>,
    /// How many of the current row's added cells (in `order`) are written.
    cursor: usize,
    last_row: u32,
    max_priority: u32,
    pending: Vec<Insert>,
    rx: &'a mut dyn FnMut() -> Option<Vec<RowCells>>,
    queue: std::collections::VecDeque<RowCells>,
    closed: bool,
    autofilter: Option<String>,
    cell: Vec<u8>,
    /// How many of our `col` entries (in `order`) are written.
    cols_cursor: usize,
    page_setup_added: bool,
    /// The language of its messages.
    lang: Lang,
    /// A row's cells are copied as they stand, not cut into tokens: no earlier run's columns to
    /// drop, every cell of the sheet left of the added columns (so the added cells go last in
    /// each row, none before a user's cell and none in place of one), and nothing in the sheet
    /// data in which a `</row>` could stand that ends no row.
    rows_as_they_stand: bool,
}

/// Rewrite the sheet part from `part` to `out`, with the added cells from `rx` (batches in row
/// order; `None` when every row is in).
pub fn rewrite(
    plan: &SheetPlan,
    pre: &Prescan,
    part: impl Read,
    out: impl Write,
    rx: &mut dyn FnMut() -> Option<Vec<RowCells>>,
    lang: Lang,
) -> Result<Rewritten> {
    let pos = place(plan, pre, lang)?;
    let mut order: Vec<usize> = (0..pos.len()).collect();
    order.sort_by_key(|&i| pos[i]);
    let last = pos.iter().copied().max().unwrap_or(0);
    let first = pos.iter().copied().min().unwrap_or(0);
    let rows_as_they_stand =
        plan.old.is_empty() && pre.plain_data && pre.last_cell_col.is_none_or(|c| c < first);
    let mut pending = vec![
        Insert::SheetViews,
        Insert::Cols,
        Insert::Formats,
        Insert::PageSetup,
    ];
    if plan.autofilter {
        pending.push(Insert::AutoFilter);
    }
    if plan.legacy_drawing.is_some() {
        pending.push(Insert::LegacyDrawing);
    }
    if !plan.dropdowns.is_empty() {
        pending.push(Insert::Validations);
    }
    let mut w = Rewriter {
        lang,
        plan,
        out,
        p: String::new(),
        letters: pos.iter().map(|&c| column_letters(c)).collect(),
        ours: mask(pos.iter().copied()),
        old: mask(plan.old.iter().map(|(c, _)| *c)),
        filter_last: last.max(pre.last_used_col.unwrap_or(0)),
        last,
        order,
        pos,
        cursor: 0,
        last_row: pre.last_row.unwrap_or(plan.header_row).max(plan.header_row),
        max_priority: pre.max_priority,
        pending,
        rx,
        queue: Default::default(),
        closed: false,
        autofilter: None,
        cell: Vec::with_capacity(4096),
        cols_cursor: 0,
        page_setup_added: false,
        rows_as_they_stand,
    };
    w.run(part)?;
    Ok(Rewritten {
        positions: w.pos,
        last_row: w.last_row,
        autofilter: w.autofilter,
        page_setup_added: w.page_setup_added,
        last_col: w.filter_last,
    })
}

impl<W: Write> Rewriter<'_, W> {
    /// Whether an element name is in the worksheet's (main) namespace: written with the prefix
    /// the root element has.
    fn in_main(&self, name: &[u8]) -> bool {
        let prefix = match memchr::memchr(b':', name) {
            Some(i) => &name[..=i],
            None => &b""[..],
        };
        prefix == self.p.as_bytes()
    }

    fn put(&mut self, b: &[u8]) -> Result<()> {
        let lang = self.lang;
        self.out
            .write_all(b)
            .context(M::OUTPUT_NOT_WRITABLE.get(lang))
    }

    /// The next row that gets cells at or after `row`, waiting for the sink as needed.
    fn next_at_or_after(&mut self, row: u32) -> Option<u32> {
        loop {
            if let Some(front) = self.queue.front() {
                return Some(front.row);
            }
            if self.closed {
                return None;
            }
            match (self.rx)() {
                Some(batch) => self.queue.extend(batch),
                None => self.closed = true,
            }
            let _ = row;
        }
    }

    fn take_if(&mut self, row: u32) -> Option<RowCells> {
        match self.next_at_or_after(row) {
            Some(r) if r == row => self.queue.pop_front(),
            _ => None,
        }
    }

    fn run(&mut self, part: impl Read) -> Result<()> {
        let lang = self.lang;
        let mut s = Scanner::new(part, lang);
        let mut depth = 0usize;
        // Inside a subtree that is dropped: the depth at which it ends.
        let mut skip_until: Option<usize> = None;
        let mut in_cols = false;
        let mut in_data = false;
        let mut in_view = false;
        let mut in_validations = false;
        let mut view_has_pane = false;
        let mut next_row = 0u32;
        let mut next_col = 0u16;
        let mut row_cells: Option<RowCells> = None;
        let mut current_row = 0u32;
        // A top-level `mc:AlternateContent`, held until its end: it stands where the element it
        // wraps would (the rank of the first element in its Choice), so the tool's insertions
        // go before or after it as they would around that element.
        let mut alternate: Option<(Vec<u8>, Option<usize>)> = None;
        // Finds a row's end tag (`</row`, or with the row's prefix).
        let mut row_end: Option<memchr::memmem::Finder<'static>> = None;
        while let Some(t) = s.next_token()? {
            let kind = t.kind;
            let bytes = t.bytes;
            let local = t.local();
            if let Some((buf, wrapped)) = alternate.as_mut() {
                buf.extend_from_slice(bytes);
                match kind {
                    Kind::Start | Kind::Empty => {
                        if depth == 3 && wrapped.is_none() {
                            *wrapped = Some(rank(local));
                        }
                        if kind == Kind::Start {
                            depth += 1;
                        }
                    }
                    Kind::End => {
                        depth = depth.saturating_sub(1);
                        if depth == 1 {
                            if let Some((buf, wrapped)) = alternate.take() {
                                if let Some(r) = wrapped {
                                    self.flush_inserts(r)?;
                                }
                                self.put(&buf)?;
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            if let Some(until) = skip_until {
                match kind {
                    Kind::Start => depth += 1,
                    Kind::End => {
                        depth = depth.saturating_sub(1);
                        if depth == until {
                            skip_until = None;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match kind {
                Kind::Start | Kind::Empty if depth == 0 && local == b"worksheet" => {
                    let name = t.name();
                    if let Some(i) = memchr::memchr(b':', name) {
                        self.p = format!("{}:", String::from_utf8_lossy(&name[..i]));
                    }
                    self.put(bytes)?;
                    if kind == Kind::Start {
                        depth += 1;
                    }
                    continue;
                }
                Kind::End if depth == 1 => {
                    // </worksheet>: whatever is still to add goes last.
                    self.flush_inserts(usize::MAX)?;
                    self.put(bytes)?;
                    depth = depth.saturating_sub(1);
                    continue;
                }
                Kind::Start | Kind::Empty if depth == 1 && !self.in_main(t.name()) => {
                    // An element of another namespace at the top (Markup Compatibility, or an
                    // extension a producer wrote): kept where it stands.
                    if kind == Kind::Start {
                        depth += 1;
                        if local == b"AlternateContent" {
                            alternate = Some((bytes.to_vec(), None));
                            continue;
                        }
                    }
                    self.put(bytes)?;
                    continue;
                }
                Kind::Start | Kind::Empty if depth == 1 => {
                    let r = rank(local);
                    self.flush_inserts(r)?;
                    self.pending
                        .retain(|i| i.rank() != r || *i == Insert::Formats);
                    match local {
                        b"dimension" => {
                            let tag = self.dimension(bytes);
                            self.put(&tag)?;
                        }
                        b"sheetViews" => {
                            in_view = false;
                            self.put(bytes)?;
                        }
                        b"cols" => {
                            in_cols = true;
                            self.put(bytes)?;
                            if kind == Kind::Empty {
                                in_cols = false;
                            }
                        }
                        b"sheetData" => {
                            in_data = kind == Kind::Start;
                            self.put(bytes)?;
                        }
                        b"autoFilter" => {
                            let tag = self.autofilter_tag(bytes);
                            self.put(&tag)?;
                        }
                        b"dataValidations" if !self.plan.dropdowns.is_empty() => {
                            // Ours join the user's list; its count says how many there are.
                            let count = attr(bytes, b"count")
                                .and_then(|c| std::str::from_utf8(c).ok()?.parse::<usize>().ok())
                                .unwrap_or(0);
                            let total = (count + self.plan.dropdowns.len()).to_string();
                            if kind == Kind::Empty {
                                let open = close_empty(&scan::set_attr(bytes, b"count", &total));
                                self.put(&open)?;
                                self.validations()?;
                                self.put(format!("</{}dataValidations>", self.p).as_bytes())?;
                                continue;
                            }
                            self.put(&scan::set_attr(bytes, b"count", &total))?;
                            in_validations = true;
                        }
                        b"conditionalFormatting" if self.on_old_columns(bytes) => {
                            if kind == Kind::Start {
                                skip_until = Some(depth);
                                depth += 1;
                            }
                            continue;
                        }
                        _ => self.put(bytes)?,
                    }
                    if kind == Kind::Start {
                        depth += 1;
                    }
                    continue;
                }
                _ => {}
            }
            // Below the top level.
            if in_data {
                match (kind, local) {
                    (Kind::Start | Kind::Empty, b"row") if depth == 2 => {
                        let r = row_index(bytes, next_row);
                        current_row = r;
                        // Rows the sink has cells for that the part lacks come first.
                        self.rows_before(r)?;
                        next_row = r + 1;
                        next_col = 0;
                        row_cells = self.take_if(r);
                        self.cursor = 0;
                        let tag = match &row_cells {
                            Some(cells) => self.row_tag(bytes, cells),
                            None => bytes.to_vec(),
                        };
                        if kind == Kind::Empty {
                            if let Some(cells) = row_cells.take() {
                                let open = close_empty(&tag);
                                self.put(&open)?;
                                self.write_cells(&cells, u32::MAX)?;
                                self.put(format!("</{}row>", self.p).as_bytes())?;
                            } else {
                                self.put(&tag)?;
                            }
                        } else {
                            self.put(&tag)?;
                            depth += 1;
                            if self.rows_as_they_stand {
                                // The end tag of this row's own name (a part may bind the
                                // main namespace to another prefix than its root's).
                                let name = t.name();
                                if row_end
                                    .as_ref()
                                    .is_none_or(|f| f.needle().get(2..) != Some(name))
                                {
                                    let mut needle = b"</".to_vec();
                                    needle.extend_from_slice(name);
                                    row_end =
                                        Some(memchr::memmem::Finder::new(&needle).into_owned());
                                }
                                if let Some(end) = &row_end {
                                    if !s.copy_to_end_tag(end, &mut |b| self.put(b))? {
                                        // The first pass found every row closed.
                                        bail!(M::SHEET_CUT_OFF.get(lang));
                                    }
                                }
                            }
                        }
                        continue;
                    }
                    (Kind::Start | Kind::Empty, b"c") if depth == 3 => {
                        let col = cell_col(bytes, next_col);
                        next_col = col.saturating_add(1);
                        // The earlier run's cells, from its header row down; above the header
                        // the cells are the user's (a title typed over the tool's columns).
                        let below = current_row >= self.plan.header_row;
                        let old = on(&self.old, col) && below;
                        let ours = on(&self.ours, col);
                        if old || (ours && kind == Kind::Empty && below) {
                            // An old added cell, or an empty unstyled cell where ours go.
                            if kind == Kind::Start {
                                skip_until = Some(depth);
                                depth += 1;
                            }
                            continue;
                        }
                        // Added cells due left of this one (most user cells have none).
                        if let Some(cells) = &row_cells {
                            let due = self
                                .order
                                .get(self.cursor)
                                .is_some_and(|&i| self.pos[i] < col);
                            if due {
                                self.write_cells(cells, u32::from(col))?;
                            }
                        }
                        self.put(bytes)?;
                        if kind == Kind::Start {
                            depth += 1;
                        }
                        continue;
                    }
                    (Kind::End, b"row") if depth == 3 => {
                        if let Some(cells) = row_cells.take() {
                            self.write_cells(&cells, u32::MAX)?;
                        }
                        self.put(bytes)?;
                        depth = depth.saturating_sub(1);
                        continue;
                    }
                    (Kind::End, b"sheetData") if depth == 2 => {
                        self.rows_before(u32::MAX)?;
                        in_data = false;
                        self.put(bytes)?;
                        depth = depth.saturating_sub(1);
                        continue;
                    }
                    _ => {}
                }
            }
            if in_validations && kind == Kind::End && local == b"dataValidations" && depth == 2 {
                self.validations()?;
                in_validations = false;
                self.put(bytes)?;
                depth = depth.saturating_sub(1);
                continue;
            }
            if in_cols {
                match (kind, local) {
                    (Kind::Empty | Kind::Start, b"col") if depth == 2 => {
                        self.col(bytes)?;
                        if kind == Kind::Start {
                            depth += 1;
                        }
                        continue;
                    }
                    (Kind::End, b"cols") if depth == 2 => {
                        self.our_cols_before(u32::MAX)?;
                        in_cols = false;
                        self.put(bytes)?;
                        depth = depth.saturating_sub(1);
                        continue;
                    }
                    _ => {}
                }
            }
            // The sheet views: a frozen header unless the user has a pane.
            match (kind, local) {
                (Kind::Start, b"sheetView") if depth == 2 => {
                    in_view = true;
                    view_has_pane = false;
                    self.put(bytes)?;
                    depth += 1;
                    continue;
                }
                (Kind::Empty, b"sheetView") if depth == 2 => {
                    let open = close_empty(bytes);
                    self.put(&open)?;
                    self.pane()?;
                    self.put(format!("</{}sheetView>", self.p).as_bytes())?;
                    continue;
                }
                (Kind::Start | Kind::Empty, name) if in_view && depth == 3 => {
                    if name == b"pane" {
                        view_has_pane = true;
                    } else if !view_has_pane {
                        self.pane()?;
                        view_has_pane = true;
                    }
                    in_view = false;
                }
                (Kind::End, b"sheetView") if depth == 3 => {
                    if in_view && !view_has_pane {
                        self.pane()?;
                    }
                    in_view = false;
                }
                _ => {}
            }
            match kind {
                Kind::Start => depth += 1,
                Kind::End => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.put(bytes)?;
        }
        Ok(())
    }

    /// Write what is pending and belongs before an element of rank `r`.
    fn flush_inserts(&mut self, r: usize) -> Result<()> {
        let mut due: Vec<Insert> = self
            .pending
            .iter()
            .copied()
            .filter(|i| i.rank() < r)
            .collect();
        due.sort_by_key(|i| i.rank());
        self.pending.retain(|i| i.rank() >= r);
        for insert in due {
            match insert {
                Insert::SheetViews => {
                    let p = self.p.clone();
                    self.put(
                        format!("<{p}sheetViews><{p}sheetView workbookViewId=\"0\">").as_bytes(),
                    )?;
                    self.pane()?;
                    self.put(format!("</{p}sheetView></{p}sheetViews>").as_bytes())?;
                }
                Insert::Cols => {
                    let p = self.p.clone();
                    self.put(format!("<{p}cols>").as_bytes())?;
                    self.our_cols_before(u32::MAX)?;
                    self.put(format!("</{p}cols>").as_bytes())?;
                }
                Insert::AutoFilter => {
                    let range = self.filter_range(0);
                    self.autofilter = Some(range.clone());
                    self.put(format!("<{}autoFilter ref=\"{range}\"/>", self.p).as_bytes())?;
                }
                Insert::Formats => self.formats()?,
                Insert::Validations => {
                    let n = self.plan.dropdowns.len();
                    self.put(format!("<{}dataValidations count=\"{n}\">", self.p).as_bytes())?;
                    self.validations()?;
                    self.put(format!("</{}dataValidations>", self.p).as_bytes())?;
                }
                Insert::PageSetup => {
                    // The user set no page: the wide annotated register prints landscape (the
                    // header row repeats through the workbook's print titles).
                    let tag = format!("<{}pageSetup orientation=\"landscape\"/>", self.p);
                    self.put(tag.as_bytes())?;
                    self.page_setup_added = true;
                }
                Insert::LegacyDrawing => {
                    if let Some(rid) = &self.plan.legacy_drawing {
                        let tag = format!(
                            "<{}legacyDrawing xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"{rid}\"/>",
                            self.p
                        );
                        self.put(tag.as_bytes())?;
                    }
                }
            }
        }
        Ok(())
    }

    fn pane(&mut self) -> Result<()> {
        let split = self.plan.header_row + 1;
        let tag = format!(
            "<{}pane ySplit=\"{split}\" topLeftCell=\"A{}\" activePane=\"bottomLeft\" state=\"frozen\"/>",
            self.p,
            split + 1
        );
        self.put(tag.as_bytes())
    }

    /// The dimension extended over the added columns and every row.
    fn dimension(&self, tag: &[u8]) -> Vec<u8> {
        let old = attr(tag, b"ref")
            .and_then(|r| std::str::from_utf8(r).ok())
            .and_then(parse_range);
        let (r0, c0, r1, c1) = old.unwrap_or((0, 0, 0, 0));
        let value = format!(
            "{}{}:{}{}",
            column_letters(c0),
            r0 + 1,
            column_letters(c1.max(self.last)),
            r1.max(self.last_row) + 1
        );
        scan::set_attr(tag, b"ref", &value)
    }

    /// `A{header}:{last}{last row}`, from column `from`.
    fn filter_range(&self, from: u16) -> String {
        format!(
            "{}{}:{}{}",
            column_letters(from),
            self.plan.header_row + 1,
            column_letters(self.filter_last),
            self.last_row.max(self.plan.header_row) + 1
        )
    }

    /// The user's autofilter on the header row is widened over the added columns.
    fn autofilter_tag(&mut self, tag: &[u8]) -> Vec<u8> {
        let range = attr(tag, b"ref")
            .and_then(|r| std::str::from_utf8(r).ok())
            .and_then(parse_range);
        match range {
            Some((r0, c0, _, _)) if r0 == self.plan.header_row => {
                let value = self.filter_range(c0);
                self.autofilter = Some(value.clone());
                scan::set_attr(tag, b"ref", &value)
            }
            _ => tag.to_vec(),
        }
    }

    /// A conditional format that lies wholly on the earlier run's added columns.
    fn on_old_columns(&self, tag: &[u8]) -> bool {
        attr(tag, b"sqref").is_some_and(|r| wholly_on(r, &self.old))
    }

    /// A row that gets the tool's cells: its `spans` hint widened, and a height that shows the
    /// added texts whole unless the user set the row's height.
    fn row_tag(&self, tag: &[u8], cells: &RowCells) -> Vec<u8> {
        let tag = match attr(tag, b"spans").and_then(|s| std::str::from_utf8(s).ok()) {
            Some(spans) => {
                let (a, b) = spans.split_once(':').unwrap_or((spans, spans));
                let b: u32 = b.parse().unwrap_or(1);
                let value = format!("{a}:{}", b.max(u32::from(self.last) + 1));
                scan::set_attr(tag, b"spans", &value)
            }
            None => tag.to_vec(),
        };
        // The user's rows keep their heights: the register stays one line per activity.
        let _ = cells;
        tag
    }

    /// Rows the sink has cells for that come before row `r` in the part (a row with nothing but
    /// the tool's cells): written as new rows.
    fn rows_before(&mut self, r: u32) -> Result<()> {
        while let Some(next) = self.next_at_or_after(0) {
            if next >= r {
                break;
            }
            let Some(cells) = self.queue.pop_front() else {
                break;
            };
            let tag = format!("<{}row r=\"{}\">", self.p, cells.row + 1);
            let tag = self.row_tag(tag.as_bytes(), &cells);
            self.put(&tag)?;
            self.cursor = 0;
            self.write_cells(&cells, u32::MAX)?;
            self.put(format!("</{}row>", self.p).as_bytes())?;
            self.last_row = self.last_row.max(cells.row);
        }
        Ok(())
    }

    /// The row's added cells left of column `before` that are not written yet, in column order.
    fn write_cells(&mut self, cells: &RowCells, before: u32) -> Result<()> {
        let header = cells.row == self.plan.header_row;
        let mut xml = std::mem::take(&mut self.cell);
        xml.clear();
        let p = self.p.as_bytes();
        let row = cells.row + 1;
        while let Some(&i) = self.order.get(self.cursor) {
            if u32::from(self.pos[i]) >= before {
                break;
            }
            self.cursor += 1;
            let (Some(value), Some(letters)) = (cells.get(i), self.letters.get(i)) else {
                continue;
            };
            let s = if header {
                self.plan.header_style
            } else {
                self.plan.cell_styles.get(i).copied().unwrap_or(0)
            };
            // Written in place, without a string per cell or formatting machinery: this runs
            // 17 times a row.
            let open = |xml: &mut Vec<u8>| {
                xml.push(b'<');
                xml.extend_from_slice(p);
                xml.extend_from_slice(b"c r=\"");
                xml.extend_from_slice(letters.as_bytes());
                xml.extend_from_slice(itoa::Buffer::new().format(row).as_bytes());
                xml.extend_from_slice(b"\" s=\"");
                xml.extend_from_slice(itoa::Buffer::new().format(s).as_bytes());
                xml.push(b'"');
            };
            let open_value = |xml: &mut Vec<u8>| {
                xml.extend_from_slice(b"><");
                xml.extend_from_slice(p);
                xml.extend_from_slice(b"v>");
            };
            let close = |xml: &mut Vec<u8>| {
                xml.extend_from_slice(b"</");
                xml.extend_from_slice(p);
                xml.extend_from_slice(b"v></");
                xml.extend_from_slice(p);
                xml.extend_from_slice(b"c>");
            };
            match value {
                Value::Number(x) => {
                    open(&mut xml);
                    open_value(&mut xml);
                    crate::ooxml::xml_text::push_number_bytes(&mut xml, x);
                    close(&mut xml);
                }
                // An input column's empty cell is left for the user.
                Value::Text(t) if t.is_empty() && (i as u16) < self.plan.inputs => {}
                Value::Text([]) => {
                    open(&mut xml);
                    xml.extend_from_slice(b"/>");
                }
                Value::Text(t) => match self.plan.shared.as_ref().and_then(|sh| sh.number_of(t)) {
                    Some(n) => {
                        open(&mut xml);
                        xml.extend_from_slice(b" t=\"s\"");
                        open_value(&mut xml);
                        xml.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
                        close(&mut xml);
                    }
                    None => {
                        open(&mut xml);
                        xml.extend_from_slice(b" t=\"inlineStr\"><");
                        xml.extend_from_slice(p);
                        xml.extend_from_slice(b"is><");
                        xml.extend_from_slice(p);
                        xml.push(b't');
                        xml.extend_from_slice(crate::ooxml::xml_text::space_attr_of(t).as_bytes());
                        xml.push(b'>');
                        crate::ooxml::xml_text::escape_text_bytes(t, &mut xml);
                        xml.extend_from_slice(b"</");
                        xml.extend_from_slice(p);
                        xml.extend_from_slice(b"t></");
                        xml.extend_from_slice(p);
                        xml.extend_from_slice(b"is></");
                        xml.extend_from_slice(p);
                        xml.extend_from_slice(b"c>");
                    }
                },
            }
        }
        let result = self.put(&xml);
        self.cell = xml;
        result
    }

    /// Our `col` entries left of column `before` (1-based) not written yet, in column order.
    fn our_cols_before(&mut self, before: u32) -> Result<()> {
        let mut xml = String::new();
        while let Some(&i) = self.order.get(self.cols_cursor) {
            let c = u32::from(self.pos[i]) + 1;
            if c >= before {
                break;
            }
            self.cols_cursor += 1;
            let width = self.plan.widths.get(i).copied().unwrap_or(10.0);
            // No column style: it would fill the cells above the header too.
            let _ = write!(
                xml,
                "<{}col min=\"{c}\" max=\"{c}\" width=\"{width}\" customWidth=\"1\"/>",
                self.p
            );
        }
        self.put(xml.as_bytes())
    }

    /// A user's `col` entry: kept, or cut around the added columns, so that no two entries
    /// cover one column; ours go between in column order.
    fn col(&mut self, tag: &[u8]) -> Result<()> {
        let num =
            |k: &[u8]| attr(tag, k).and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok());
        let (Some(min), Some(max)) = (num(b"min"), num(b"max")) else {
            return self.put(tag);
        };
        // The pieces of [min, max] that are not ours (1-based, like the entry).
        let mut pieces = Vec::new();
        let mut lo = min;
        for &i in &self.order {
            let c = u32::from(self.pos[i]) + 1;
            if c < lo || c > max {
                continue;
            }
            if c > lo {
                pieces.push((lo, c - 1));
            }
            lo = c + 1;
        }
        if lo <= max {
            pieces.push((lo, max));
        }
        for (lo, hi) in pieces {
            self.our_cols_before(lo)?;
            if (lo, hi) == (min, max) {
                self.put(tag)?;
            } else {
                let t = scan::set_attr(tag, b"min", &lo.to_string());
                let t = scan::set_attr(&t, b"max", &hi.to_string());
                self.put(&t)?;
            }
        }
        Ok(())
    }

    /// The dropdowns of the added input columns, over every row below the header.
    fn validations(&mut self) -> Result<()> {
        let first = self.plan.header_row + 2;
        let last = self.last_row.max(self.plan.header_row + 1) + 1;
        let mut xml = String::new();
        let p = self.p.clone();
        for (offset, choices) in &self.plan.dropdowns {
            let Some(&col) = self.pos.get(usize::from(*offset)) else {
                continue;
            };
            let col = column_letters(col);
            let mut list = String::new();
            escape_text(&format!("\"{}\"", choices.join(",")), &mut list);
            let _ = write!(
                xml,
                "<{p}dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" sqref=\"{col}{first}:{col}{last}\"><{p}formula1>{list}</{p}formula1></{p}dataValidation>"
            );
        }
        self.put(xml.as_bytes())
    }

    fn formats(&mut self) -> Result<()> {
        let first_data = self.plan.header_row + 2;
        let last = self.last_row.max(self.plan.header_row + 1) + 1;
        let mut xml = String::new();
        let p = self.p.clone();
        for rule in &self.plan.colours {
            self.max_priority += 1;
            // Runs of neighbouring columns as one range: `W5:AF39 AH5:AH39`.
            let cols: Vec<u16> = rule
                .columns
                .iter()
                .filter_map(|o| self.pos.get(usize::from(*o)).copied())
                .collect();
            let sqref: Vec<String> = runs(&cols)
                .iter()
                .map(|(a, b)| {
                    format!(
                        "{}{first_data}:{}{last}",
                        column_letters(*a),
                        column_letters(*b)
                    )
                })
                .collect();
            let mut word = String::new();
            escape_text(
                &format!("\"{}\"", rule.word.replace('"', "\"\"")),
                &mut word,
            );
            xml.push_str(&format!(
                "<{p}conditionalFormatting sqref=\"{}\"><{p}cfRule type=\"cellIs\" dxfId=\"{}\" priority=\"{}\" operator=\"equal\"><{p}formula>{word}</{p}formula></{p}cfRule></{p}conditionalFormatting>",
                sqref.join(" "),
                rule.dxf,
                self.max_priority
            ));
        }
        self.put(xml.as_bytes())
    }
}

/// How many lines `text` takes in a wrapped cell `width` characters wide: each of its lines,
/// broken at the width (a character of the default font is a little narrower than the `0` the
/// width is measured in).
pub fn wrapped_lines(text: &str, width: f64) -> u32 {
    let per_line = (width * 1.1).max(1.0) as usize;
    text.split('\n')
        .map(|line| {
            let chars = line.chars().count();
            chars.div_ceil(per_line).max(1) as u32
        })
        .sum::<u32>()
        .max(1)
}

/// `<row …/>` → `<row …>`.
fn close_empty(tag: &[u8]) -> Vec<u8> {
    let mut t = tag.to_vec();
    if t.ends_with(b"/>") {
        t.truncate(t.len() - 2);
        while t.last().is_some_and(u8::is_ascii_whitespace) {
            t.pop();
        }
        t.push(b'>');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell tag's column: (tag, the column after the previous cell, column). Without a
    /// usable `r` the cell follows the previous one.
    #[test]
    fn a_cells_column_is_its_reference_or_the_next_one() {
        let cases: [(&[u8], u16, u16); 9] = [
            (b"<c r=\"A1\" t=\"s\">", 5, 0),
            (b"<c r=\"Z10\">", 0, 25),
            (b"<c r=\"AA1\"/>", 0, 26),
            (b"<c r=\"xfd1048576\">", 0, 16_383),
            (b"<c s=\"3\" r=\"AN200001\">", 0, 39),
            (b"<c t=\"n\">", 7, 7),
            (b"<c r=\"XFE1\">", 4, 4),
            (b"<c r=\"1\">", 2, 2),
            (b"<c r=\"\">", 3, 3),
        ];
        for (tag, next, col) in cases {
            assert_eq!(cell_col(tag, next), col, "{}", String::from_utf8_lossy(tag));
        }
    }

    /// What the first pass finds that lets the rewrite copy rows as they stand: (sheet, the
    /// rightmost column of any cell, the sheet data plain). An empty cell counts (the rewrite
    /// would drop it where an added column goes); a comment, CDATA section or instruction in
    /// the sheet data makes it not plain, one outside does not.
    #[test]
    fn the_first_pass_finds_the_last_cell_and_plain_data() {
        let cases: [(&str, Option<u16>, bool); 6] = [
            ("<sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c></row></sheetData>", Some(1), true),
            ("<sheetData><row r=\"1\"><c r=\"B1\"/><c r=\"AA1\"/></row></sheetData>", Some(26), true),
            ("<sheetData><row r=\"1\"/></sheetData>", None, true),
            ("<!-- x --><sheetData><row r=\"1\"><c><v>1</v></c><c/></row></sheetData><?pi x?>", Some(1), true),
            ("<sheetData><row r=\"1\"><c><is><t><![CDATA[</row>]]></t></is></c></row></sheetData>", Some(0), false),
            ("<x:sheetData><x:row r=\"1\"><!-- </x:row> --></x:row></x:sheetData>", None, false),
        ];
        for (data, last, plain) in cases {
            let xml = format!("<worksheet>{data}</worksheet>");
            let pre = prescan(xml.as_bytes(), 0, &[], Lang::Nl).unwrap();
            assert_eq!((pre.last_cell_col, pre.plain_data), (last, plain), "{data}");
        }
    }

    /// A sheet rewritten with its rows copied as they stand (where the first pass allows it) and
    /// cut into tokens (the copy forced off) comes out the same, byte for byte: the boundary of
    /// the added column (an empty cell where it goes), cells without a reference, a missing and
    /// an empty row, an end tag with white space, rows in the default namespace under an `x:`
    /// root, and what the copy must not be trusted with (a row or cell inside an extension, an
    /// extension's sheetData beside a comment, a comment between rows). Each case also says
    /// whether the first pass allows the copy.
    #[test]
    fn rows_copied_as_they_stand_come_out_as_rows_cut_into_tokens() {
        const M: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c></row>"#;
        let cases: Vec<(String, bool)> = vec![
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData>{rows}<row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>"#
                ),
                true,
            ),
            // An empty cell where the added column goes (B): the token path drops it.
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData>{rows}<row r="2"><c r="A2"><v>2</v></c><c r="B2"/></row></sheetData></worksheet>"#
                ),
                false,
            ),
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData><row r="1"><c><v>1</v></c><c><v>2</v></c></row><row r="2"><c><v>3</v></c></row></sheetData></worksheet>"#
                ),
                true,
            ),
            // Row 2 missing (the sink's cells for it come first), row 3 empty.
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData>{rows}<row r="3"/><row r="4"><c r="A4"><v>4</v></c></row
></sheetData></worksheet>"#
                ),
                true,
            ),
            (
                format!(
                    r#"<x:worksheet xmlns:x="{M}"><x:sheetData xmlns="{M}">{rows}<row r="2"><c r="A2"><v>2</v></c></row></x:sheetData></x:worksheet>"#
                ),
                true,
            ),
            (
                format!(
                    r#"<worksheet xmlns="{M}" xmlns:x="{M}"><sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>"#
                ),
                true,
            ),
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData>{rows}<row r="2"><c r="A2"><v>2</v></c><extLst><ext uri="u"><row xmlns="urn:o">t</row></ext></extLst></row></sheetData><pageMargins left="1" right="1" top="1" bottom="1" header="0" footer="0"/></worksheet>"#
                ),
                false,
            ),
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData>{rows}<row r="2"><c r="A2"><extLst><ext uri="u"><c xmlns="urn:o" r="A9"/></ext></extLst></c><c/></row></sheetData></worksheet>"#
                ),
                false,
            ),
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData>{rows}<row r="2"><c r="A2"><v>2</v><extLst><ext uri="u"><o:sheetData xmlns:o="urn:o"></o:sheetData></ext></extLst></c></row><row r="3"><c r="A3"><v>3</v></c><!-- </row> --></row></sheetData></worksheet>"#
                ),
                false,
            ),
            (
                format!(
                    r#"<worksheet xmlns="{M}"><sheetData>{rows}<!-- between --><row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>"#
                ),
                false,
            ),
        ];
        let plan = SheetPlan {
            part: "xl/worksheets/sheet1.xml".into(),
            header_row: 0,
            width: 1,
            old: Vec::new(),
            header_style: 0,
            cell_styles: vec![0],
            widths: vec![10.0],
            wrapped: vec![false],
            colours: Vec::new(),
            autofilter: false,
            legacy_drawing: None,
            inputs: 0,
            dropdowns: Vec::new(),
            shared: None,
        };
        let run = |xml: &str, pre: &Prescan| {
            let mut batch = Some(
                (0..4)
                    .map(|row| RowCells::new(row, vec![Added::Text(format!("added {row}"))]))
                    .collect::<Vec<_>>(),
            );
            let mut rx = || batch.take();
            let mut out = Vec::new();
            rewrite(&plan, pre, xml.as_bytes(), &mut out, &mut rx, Lang::Nl).unwrap();
            String::from_utf8(out).unwrap()
        };
        for (xml, copied) in &cases {
            let pre = prescan(xml.as_bytes(), 0, &[], Lang::Nl).unwrap();
            let first = place(&plan, &pre, Lang::Nl).unwrap()[0];
            let allowed = pre.plain_data && pre.last_cell_col.is_none_or(|c| c < first);
            assert_eq!(allowed, *copied, "copy allowed: {xml}");
            let tokens = Prescan {
                plain_data: false,
                ..pre.clone()
            };
            assert_eq!(run(xml, &pre), run(xml, &tokens), "{xml}");
        }
    }

    /// A row tag's 0-based row: (tag, the row after the previous one, row).
    #[test]
    fn a_rows_index_is_its_number_or_the_next_one() {
        let cases: [(&[u8], u32, u32); 5] = [
            (b"<row r=\"1\">", 9, 0),
            (b"<row r=\"1048576\" spans=\"1:3\">", 0, 1_048_575),
            (b"<row spans=\"1:3\">", 12, 12),
            (b"<row r=\"0\">", 4, 4),
            (b"<row r=\"x\">", 6, 6),
        ];
        for (tag, next, row) in cases {
            assert_eq!(
                row_index(tag, next),
                row,
                "{}",
                String::from_utf8_lossy(tag)
            );
        }
    }
}
