//! What a cell holds besides its value, read from a sheet part: its formula (a shared formula
//! expanded to the cell), its hyperlink and its style. The value readers (calamine) give the
//! value only; the tool carries these where it writes a user's cell anew (the Maatregelen sheet
//! when a workbook is scored again), so a link keeps its target and a formula stays a formula.

use crate::lang::Lang;
use std::collections::HashMap;
use std::io::Read;

use anyhow::Result;

use super::cellref::{parse_cell_bytes, parse_range};
use super::package::Package;
use super::scan::{attrs, Kind, Scanner, Token};
use super::xml_text::unescape;

/// A hyperlink's target.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// A web address or file (through the sheet's relationships).
    External(String),
    /// A place in the workbook (`Blad!A1`).
    Internal(String),
}

/// A cell's formula, link and style (0-based row and column in the map that holds it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rich {
    /// The formula, as the file writes it (without `=`), expanded when shared.
    pub formula: Option<String>,
    /// The hyperlink on the cell.
    pub link: Option<Link>,
    /// The cell's style index (`s`), 0 when it has none.
    pub style: u32,
}

impl Rich {
    /// Whether there is anything besides the value.
    pub fn is_plain(&self) -> bool {
        self.formula.is_none() && self.link.is_none() && self.style == 0
    }
}

/// The cells of sheet `part` for which `wanted(row, col)` holds that have a formula, a link or
/// a style: by 0-based (row, col).
pub fn read(
    pkg: &mut Package,
    part: &str,
    wanted: impl Fn(u32, u16) -> bool,
) -> Result<HashMap<(u32, u16), Rich>> {
    let lang = pkg.lang;
    let rels = pkg.rels(part)?;
    let entry = pkg.zip.by_name(part)?;
    let scanned = scan(
        std::io::BufReader::with_capacity(256 * 1024, entry),
        &wanted,
        lang,
    )?;
    Ok(resolve(scanned, &rels, &wanted))
}

/// The cells of `scanned` with their links' targets (through the sheet's relationships `rels`).
pub fn resolve(
    scanned: Scanned,
    rels: &[super::rels::Rel],
    wanted: &impl Fn(u32, u16) -> bool,
) -> HashMap<(u32, u16), Rich> {
    let (mut cells, hyperlinks) = scanned;
    // Each link's target.
    let mut links: Vec<((u32, u16), Link)> = Vec::new();
    for (at, id, location) in hyperlinks {
        let link = match id.and_then(|id| rels.iter().find(|r| r.id == id)) {
            Some(rel) if rel.external => Link::External(rel.target.clone()),
            Some(_) => continue,
            None => match location {
                Some(l) => Link::Internal(l),
                None => continue,
            },
        };
        links.extend(at.into_iter().map(|c| (c, link.clone())));
    }
    for (at, link) in links {
        if wanted(at.0, at.1) {
            cells.entry(at).or_default().link = Some(link);
        }
    }
    cells
}

/// A hyperlink element's cells, relationship id and location.
type Hyperlink = (Vec<(u32, u16)>, Option<String>, Option<String>);

/// The cells with more than a value, and the hyperlink elements, of a sheet part.
pub type Scanned = (HashMap<(u32, u16), Rich>, Vec<Hyperlink>);

fn scan(part: impl Read, wanted: &impl Fn(u32, u16) -> bool, lang: Lang) -> Result<Scanned> {
    let mut s = Scanner::new(part, lang);
    let mut c = Collector::default();
    while let Some(t) = s.next_token()? {
        c.feed(&t, wanted);
    }
    Ok(c.finish())
}

/// The formulas, links and styles of a sheet's cells, collected token by token (from a pass of
/// its own, [`read`], or beside another reader of the same part).
#[derive(Default)]
pub struct Collector {
    cells: HashMap<(u32, u16), Rich>,
    links: Vec<Hyperlink>,
    /// Shared formulas by index: text and the cell it was written in.
    shared: HashMap<String, (String, u32, u16)>,
    next_row: u32,
    next_col: u16,
    cell: Option<((u32, u16), Rich)>,
    /// Inside <f>: its shared index (when shared) and its text so far.
    formula: Option<(Option<String>, String)>,
}

impl Collector {
    /// Take in the next token of the part.
    pub fn feed(&mut self, t: &Token<'_>, wanted: &impl Fn(u32, u16) -> bool) {
        if t.kind == Kind::Text && self.formula.is_none() {
            return;
        }
        match (t.kind, t.local()) {
            (Kind::Start | Kind::Empty, b"row") => {
                let r = t
                    .attr(b"r")
                    .and_then(|r| std::str::from_utf8(r).ok()?.parse::<u32>().ok())
                    .and_then(|r| r.checked_sub(1))
                    .unwrap_or(self.next_row);
                self.next_row = r + 1;
                self.next_col = 0;
            }
            (Kind::Start | Kind::Empty, b"c") => {
                let row = self.next_row.saturating_sub(1);
                let col = t
                    .attr(b"r")
                    .and_then(parse_cell_bytes)
                    .map_or(self.next_col, |(_, c)| c);
                self.next_col = col.saturating_add(1);
                // A cell not asked for is not kept; its formula is still read, for the cells
                // that share it.
                if !wanted(row, col) {
                    self.cell = (t.kind == Kind::Start).then(|| ((row, col), Rich::default()));
                    return;
                }
                let style = t
                    .attr(b"s")
                    .and_then(|s| std::str::from_utf8(s).ok()?.parse::<u32>().ok())
                    .unwrap_or(0);
                let rich = Rich {
                    style,
                    ..Rich::default()
                };
                if t.kind == Kind::Start {
                    self.cell = Some(((row, col), rich));
                } else if style != 0 && wanted(row, col) {
                    self.cells.insert((row, col), rich);
                }
            }
            (Kind::End, b"c") => {
                if let Some((at, rich)) = self.cell.take() {
                    if !rich.is_plain() && wanted(at.0, at.1) {
                        self.cells.insert(at, rich);
                    }
                }
            }
            (Kind::Start | Kind::Empty, b"f") if self.cell.is_some() => {
                let is_shared = t.attr(b"t") == Some(b"shared".as_slice());
                let si = is_shared
                    .then(|| {
                        t.attr(b"si")
                            .map(|v| String::from_utf8_lossy(v).into_owned())
                    })
                    .flatten();
                if t.kind == Kind::Start {
                    self.formula = Some((si, String::new()));
                } else if let (Some(si), Some((at, rich))) = (si, self.cell.as_mut()) {
                    // A cell that shares a formula written before.
                    if let Some((text, r0, c0)) = self.shared.get(&si) {
                        rich.formula = Some(super::formula::shift(
                            text,
                            i64::from(at.0) - i64::from(*r0),
                            i64::from(at.1) - i64::from(*c0),
                        ));
                    }
                }
            }
            (Kind::Text, _) if self.formula.is_some() => {
                if let Some((_, text)) = self.formula.as_mut() {
                    text.push_str(&unescape(t.bytes));
                }
            }
            (Kind::End, b"f") => {
                if let (Some((si, text)), Some((at, rich))) =
                    (self.formula.take(), self.cell.as_mut())
                {
                    if let Some(si) = si {
                        if text.is_empty() {
                            if let Some((master, r0, c0)) = self.shared.get(&si) {
                                rich.formula = Some(super::formula::shift(
                                    master,
                                    i64::from(at.0) - i64::from(*r0),
                                    i64::from(at.1) - i64::from(*c0),
                                ));
                            }
                            return;
                        }
                        self.shared.insert(si, (text.clone(), at.0, at.1));
                    }
                    if !text.is_empty() {
                        rich.formula = Some(text);
                    }
                }
            }
            (Kind::Start | Kind::Empty, b"hyperlink") => {
                let mut reference = None;
                let mut id = None;
                let mut location = None;
                for (k, v) in attrs(t.bytes) {
                    let v = unescape(v);
                    match k {
                        b"ref" => reference = Some(v),
                        b"location" => location = Some(v),
                        k if k.ends_with(b":id") => id = Some(v),
                        _ => {}
                    }
                }
                let Some((r0, c0, r1, c1)) = reference.as_deref().and_then(parse_range) else {
                    return;
                };
                // A link over a range links each of its cells; a sheet-sized one is not a
                // user's link on a cell.
                if u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) > 10_000 {
                    return;
                }
                let cells_of: Vec<(u32, u16)> = (r0..=r1)
                    .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
                    .collect();
                self.links.push((cells_of, id, location));
            }
            _ => {}
        }
    }

    /// What was collected.
    pub fn finish(self) -> Scanned {
        (self.cells, self.links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_xml(xml: &str) -> HashMap<(u32, u16), Rich> {
        scan(xml.as_bytes(), &|_, _| true, crate::lang::Lang::Nl)
            .unwrap()
            .0
    }

    /// (sheet data, cell, formula expected there)
    #[test]
    fn formulas_are_read_and_shared_ones_expanded() {
        let xml = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="A2"><v>1</v></c><c r="N2" s="3"><f t="shared" ref="N2:N4" si="0">I2-TODAY()</f><v>5</v></c><c r="O2" t="str"><f>"a&amp;b"&amp;A2</f><v>a&amp;b1</v></c></row>
<row r="3"><c r="N3"><f t="shared" si="0"/><v>4</v></c></row>
<row r="4"><c r="N4" s="0"><f t="shared" si="0"/></c><c r="P4" s="7"/></row>
</sheetData></worksheet>"#;
        let cells = read_xml(xml);
        let cases: [((u32, u16), Option<&str>, u32); 5] = [
            ((1, 13), Some("I2-TODAY()"), 3),
            ((1, 14), Some("\"a&b\"&A2"), 0),
            ((2, 13), Some("I3-TODAY()"), 0),
            ((3, 13), Some("I4-TODAY()"), 0),
            ((3, 15), None, 7),
        ];
        for (at, formula, style) in cases {
            let rich = cells.get(&at).unwrap_or_else(|| panic!("{at:?}"));
            assert_eq!(rich.formula.as_deref(), formula, "{at:?}");
            assert_eq!(rich.style, style, "{at:?}");
        }
        // A plain cell is not there.
        assert!(!cells.contains_key(&(1, 0)));
    }

    #[test]
    fn hyperlinks_are_found_by_their_cells() {
        let xml = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/><hyperlinks><hyperlink ref="J5" x:id="rId2"/><hyperlink ref="K5:K6" location="'Blad 2'!A1"/></hyperlinks></worksheet>"#;
        let (_, links) = scan(xml.as_bytes(), &|_, _| true, crate::lang::Lang::Nl).unwrap();
        assert_eq!(
            links,
            vec![
                (vec![(4, 9)], Some("rId2".to_string()), None),
                (
                    vec![(4, 10), (5, 10)],
                    None,
                    Some("'Blad 2'!A1".to_string())
                ),
            ]
        );
    }
}
