//! The user's `styles.xml` with the tool's styles appended (docs/output.md#workbook): every existing entry keeps
//! its index, so no cell of the user's changes its look. Two sets are appended: the few styles of
//! the added columns on the scored sheet (written here, so their indices are known before the
//! first row streams), then everything the tool's own sheets use, taken from the package
//! rust_xlsxwriter wrote for them, with its font, fill, border and number-format ids moved past
//! the user's. Each list's `count` is set to what it holds.

use std::collections::HashMap;

use anyhow::Result;

use super::list_sheet::ListStyleIds;
use crate::ooxml::package::{attr, tags};
use crate::ooxml::scan::{self, Kind};

/// The style lists of a stylesheet, in schema order (CT_Stylesheet).
const LISTS: [&str; 11] = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
];

/// Where a list stands in a stylesheet and what it holds.
#[derive(Debug, Clone, Default)]
struct List {
    /// The start tag (or the empty tag).
    open: std::ops::Range<usize>,
    /// The end tag, when not empty.
    close: Option<std::ops::Range<usize>>,
    /// Its direct children, as byte ranges.
    children: Vec<std::ops::Range<usize>>,
}

/// The lists of a stylesheet by name, and the prefix its elements carry.
fn lists(xml: &str) -> (HashMap<&'static str, List>, String) {
    let mut out: HashMap<&'static str, List> = HashMap::new();
    let mut depth = 0usize;
    let mut current: Option<&'static str> = None;
    let mut child_start: Option<usize> = None;
    let mut prefix = String::new();
    for (kind, local, range) in tags(xml) {
        match kind {
            Kind::Start => {
                if depth == 0 {
                    prefix = crate::ooxml::package::prefix_of(&xml[range.clone()]);
                }
                if depth == 1 {
                    current = LISTS.iter().copied().find(|l| *l == local);
                    if let Some(name) = current {
                        out.insert(
                            name,
                            List {
                                open: range.clone(),
                                ..List::default()
                            },
                        );
                    }
                } else if depth == 2 && current.is_some() {
                    child_start = Some(range.start);
                }
                depth += 1;
            }
            Kind::End => {
                depth = depth.saturating_sub(1);
                if depth == 2 {
                    if let (Some(name), Some(start)) = (current, child_start.take()) {
                        if let Some(l) = out.get_mut(name) {
                            l.children.push(start..range.end);
                        }
                    }
                } else if depth == 1 {
                    if let Some(l) = current.and_then(|name| out.get_mut(name)) {
                        l.close = Some(range);
                    }
                    current = None;
                }
            }
            Kind::Empty => {
                if depth == 1 {
                    if let Some(name) = LISTS.iter().copied().find(|l| *l == local) {
                        out.insert(
                            name,
                            List {
                                open: range,
                                ..List::default()
                            },
                        );
                    }
                } else if depth == 2 {
                    if let Some(l) = current.and_then(|name| out.get_mut(name)) {
                        l.children.push(range);
                    }
                }
            }
            _ => {}
        }
    }
    (out, prefix)
}

/// Indices of the styles of the added columns, in the merged stylesheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddedStyles {
    /// Added header cells.
    pub header: u32,
    /// Added cells.
    pub cell: u32,
    /// Added cells with long text (wrapped).
    pub wrap: u32,
    /// The colour `dxf`s, in `COLOURS` order.
    pub dxf: [u32; 9],
    /// The list sheets' styles.
    pub list: ListStyleIds,
}

/// Fills of the conditional formats of levels and outcomes: (solid colour, or pattern over grey).
pub const COLOURS: [(u32, bool); 9] = [
    (0xF4CCCC, false), // Hoog
    (0xFCE5CD, false), // Midden
    (0xD9EAD3, false), // Laag
    (0xD9D9D9, false), // Geen
    (0xFFFFFF, true),  // Onbekend
    (0xE06666, false), // DPIA verplicht
    (0xF6B26B, false), // aanbevolen
    (0x93C47D, false), // geen DPIA nodig
    (0xFFFFFF, true),  // onvolledig
];

/// How the tool package's style ids map into the merged stylesheet (index: the tool's id).
#[derive(Debug, Clone, Default)]
pub struct Remap {
    /// A cell's `s`.
    pub xf: Vec<u32>,
    /// A conditional format's `dxfId`.
    pub dxf: Vec<u32>,
}

impl Remap {
    /// The merged id of the tool's cell style `id` (0, the default, stays the user's default).
    pub fn xf(&self, id: u32) -> u32 {
        if id == 0 {
            return 0;
        }
        self.xf.get(id as usize).copied().unwrap_or(0)
    }

    /// The merged id of the tool's `dxf` `id`.
    pub fn dxf(&self, id: u32) -> u32 {
        self.dxf.get(id as usize).copied().unwrap_or(0)
    }
}

/// The merged stylesheet.
pub struct Merged {
    /// Its text.
    pub xml: String,
    /// The added columns' styles.
    pub added: AddedStyles,
    /// The tool sheets' remapping.
    pub remap: Remap,
}

fn solid(rgb: u32) -> String {
    format!("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF{rgb:06X}\"/><bgColor indexed=\"64\"/></patternFill></fill>")
}

fn dxf((rgb, hatched): (u32, bool)) -> String {
    if hatched {
        format!("<dxf><fill><patternFill patternType=\"lightUp\"><fgColor rgb=\"FFBFBFBF\"/><bgColor rgb=\"FF{rgb:06X}\"/></patternFill></fill></dxf>")
    } else {
        format!("<dxf><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF{rgb:06X}\"/><bgColor rgb=\"FF{rgb:06X}\"/></patternFill></fill></dxf>")
    }
}

/// Children of `name` in a stylesheet, as text.
fn children(xml: &str, lists: &HashMap<&'static str, List>, name: &str) -> Vec<String> {
    lists
        .get(name)
        .map(|l| {
            l.children
                .iter()
                .map(|r| xml[r.clone()].to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The stylesheet being merged: each list's entries as text, the user's first. An entry the
/// list already holds, character for character, is not added again but reused: scoring a
/// workbook again finds the tool's styles of the last run and adds none.
struct Lists {
    items: HashMap<&'static str, Vec<String>>,
    added: HashMap<&'static str, Vec<String>>,
    /// Custom number formats by format code.
    numfmt_ids: HashMap<String, u32>,
    next_numfmt: u32,
}

impl Lists {
    fn index(&mut self, list: &'static str, item: String) -> u32 {
        let items = self.items.entry(list).or_default();
        if let Some(i) = items.iter().position(|x| *x == item) {
            return i as u32;
        }
        items.push(item.clone());
        self.added.entry(list).or_default().push(item);
        (items.len() - 1) as u32
    }

    /// The id of a custom number format with `code` (raw, as escaped in the XML).
    fn numfmt(&mut self, code: &str) -> u32 {
        if let Some(id) = self.numfmt_ids.get(code) {
            return *id;
        }
        let id = self.next_numfmt;
        self.next_numfmt += 1;
        self.numfmt_ids.insert(code.to_string(), id);
        self.added
            .entry("numFmts")
            .or_default()
            .push(format!("<numFmt numFmtId=\"{id}\" formatCode=\"{code}\"/>"));
        id
    }
}

/// `<xf …>` with its ids set.
fn xf(numfmt: u32, font: u32, fill: u32, border: u32, rest: &str) -> String {
    format!("<xf numFmtId=\"{numfmt}\" fontId=\"{font}\" fillId=\"{fill}\" borderId=\"{border}\" xfId=\"0\"{rest}")
}

/// Append the added columns' and list sheets' styles and the tool package's styles (`tool`,
/// when its sheets are added) to the user's stylesheet.
pub fn merge(user: &str, tool: Option<&str>) -> Result<Merged> {
    let (found, prefix) = lists(user);
    let mut items: HashMap<&'static str, Vec<String>> = HashMap::new();
    for name in LISTS {
        items.insert(name, children(user, &found, name));
    }
    let mut numfmt_ids = HashMap::new();
    let mut max_id = 163;
    for n in children(user, &found, "numFmts") {
        let tag = n.as_bytes();
        if let (Some(id), Some(code)) = (
            scan::attr(tag, b"numFmtId")
                .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok()),
            scan::attr(tag, b"formatCode"),
        ) {
            max_id = max_id.max(id);
            numfmt_ids.insert(String::from_utf8_lossy(code).into_owned(), id);
        }
    }
    let mut l = Lists {
        items,
        added: HashMap::new(),
        numfmt_ids,
        next_numfmt: max_id + 1,
    };

    // The added columns' and list sheets' styles.
    let bold_white = l.index("fonts", "<font><b/><sz val=\"11\"/><color rgb=\"FFFFFFFF\"/><name val=\"Calibri\"/><family val=\"2\"/></font>".into());
    let link_font = l.index("fonts", "<font><u/><sz val=\"11\"/><color rgb=\"FF0000FF\"/><name val=\"Calibri\"/><family val=\"2\"/></font>".into());
    let dark = l.index("fills", solid(0x1F4E5A));
    let light = l.index("fills", solid(0xEEF4F5));
    let thin = l.index("borders", "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right><top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>".into());
    let date_fmt = l.numfmt("dd-mm-yyyy");
    let header = l.index("cellXfs", xf(0, bold_white, dark, thin, " applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"));
    let cell = l.index(
        "cellXfs",
        xf(
            0,
            0,
            light,
            0,
            " applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
        ),
    );
    let wrap = l.index("cellXfs", xf(0, 0, light, 0, " applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"));
    let list = ListStyleIds {
        header,
        date: l.index(
            "cellXfs",
            xf(date_fmt, 0, 0, 0, " applyNumberFormat=\"1\"/>"),
        ),
        wrap: l.index(
            "cellXfs",
            xf(
                0,
                0,
                0,
                0,
                " applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>",
            ),
        ),
        link: l.index("cellXfs", xf(0, link_font, 0, 0, " applyFont=\"1\"/>")),
    };
    let mut dxfs = [0u32; 9];
    for (i, c) in COLOURS.iter().enumerate() {
        dxfs[i] = l.index("dxfs", dxf(*c));
    }
    let added = AddedStyles {
        header,
        cell,
        wrap,
        dxf: dxfs,
        list,
    };

    // The tool package's styles, ids moved.
    let mut remap = Remap::default();
    if let Some(tool) = tool {
        let (tl, _) = lists(tool);
        let mut numfmts: HashMap<u32, u32> = HashMap::new();
        for n in children(tool, &tl, "numFmts") {
            let tag = n.as_bytes();
            if let (Some(id), Some(code)) = (
                scan::attr(tag, b"numFmtId")
                    .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok()),
                scan::attr(tag, b"formatCode"),
            ) {
                let code = String::from_utf8_lossy(code).into_owned();
                numfmts.insert(id, l.numfmt(&code));
            }
        }
        let fonts: Vec<u32> = children(tool, &tl, "fonts")
            .into_iter()
            .map(|f| l.index("fonts", f))
            .collect();
        let fills: Vec<u32> = children(tool, &tl, "fills")
            .into_iter()
            .map(|f| l.index("fills", f))
            .collect();
        let borders: Vec<u32> = children(tool, &tl, "borders")
            .into_iter()
            .map(|f| l.index("borders", f))
            .collect();
        remap.xf = children(tool, &tl, "cellXfs")
            .iter()
            .map(|x| {
                let moved = shift_xf(x, &fonts, &fills, &borders, &numfmts);
                l.index("cellXfs", moved)
            })
            .collect();
        remap.dxf = children(tool, &tl, "dxfs")
            .into_iter()
            .map(|d| {
                let mut d = d;
                for (from, to) in &numfmts {
                    d = d.replace(
                        &format!("numFmtId=\"{from}\""),
                        &format!("numFmtId=\"{to}\""),
                    );
                }
                l.index("dxfs", d)
            })
            .collect();
    }
    let xml = splice(user, &found, &prefix, &l.added);
    Ok(Merged { xml, added, remap })
}

/// Move an xf's font, fill, border and number-format ids through the maps.
fn shift_xf(
    xf: &str,
    fonts: &[u32],
    fills: &[u32],
    borders: &[u32],
    numfmts: &HashMap<u32, u32>,
) -> String {
    let tag_end = xf.find('>').map_or(xf.len(), |i| i + 1);
    let (tag, rest) = xf.split_at(tag_end);
    let mut t = tag.as_bytes().to_vec();
    for (key, map) in [("fontId", fonts), ("fillId", fills), ("borderId", borders)] {
        if let Some(v) = attr(&t, key).and_then(|v| v.parse::<usize>().ok()) {
            let to = map.get(v).copied().unwrap_or(0);
            t = scan::set_attr(&t, key.as_bytes(), &to.to_string());
        }
    }
    if let Some(v) = attr(&t, "numFmtId").and_then(|v| v.parse::<u32>().ok()) {
        if let Some(to) = numfmts.get(&v) {
            t = scan::set_attr(&t, b"numFmtId", &to.to_string());
        }
    }
    format!("{}{rest}", String::from_utf8_lossy(&t))
}

/// The user's stylesheet with `add` appended: each list gets its new children before its end
/// tag and its count set; a list the stylesheet lacks is made before the next list it has.
fn splice(
    user: &str,
    found: &HashMap<&'static str, List>,
    prefix: &str,
    add: &HashMap<&'static str, Vec<String>>,
) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let root_end = tags(user)
        .into_iter()
        .rev()
        .find(|(k, _, _)| *k == Kind::End)
        .map(|(_, _, r)| r.start)
        .unwrap_or(user.len());
    for (i, name) in LISTS.iter().enumerate() {
        let Some(items) = add.get(name).filter(|v| !v.is_empty()) else {
            continue;
        };
        let p = prefix;
        let body: String = items.iter().map(|x| prefixed(x, p)).collect();
        match found.get(name) {
            Some(l) => {
                let total = l.children.len() + items.len();
                let open = &user[l.open.clone()];
                let tag = scan::set_attr(open.as_bytes(), b"count", &total.to_string());
                let mut tag = String::from_utf8_lossy(&tag).into_owned();
                match &l.close {
                    Some(close) => {
                        edits.push((l.open.clone(), tag));
                        edits.push((close.start..close.start, body));
                    }
                    None => {
                        // `<dxfs count="0"/>`: opened up.
                        if tag.ends_with("/>") {
                            tag.truncate(tag.len() - 2);
                            tag.push('>');
                        }
                        edits.push((l.open.clone(), format!("{tag}{body}</{p}{name}>")));
                    }
                }
            }
            None => {
                let at = LISTS[i + 1..]
                    .iter()
                    .find_map(|n| found.get(n).map(|l| l.open.start))
                    .unwrap_or(root_end);
                edits.push((
                    at..at,
                    format!("<{p}{name} count=\"{}\">{body}</{p}{name}>", items.len()),
                ));
            }
        }
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut xml = String::with_capacity(user.len() + 4096);
    let mut at = 0;
    for (range, text) in edits {
        xml.push_str(&user[at..range.start]);
        xml.push_str(&text);
        at = range.end;
    }
    xml.push_str(&user[at..]);
    xml
}

/// Give every element of a fragment the stylesheet's prefix (`x:`), when it has one.
fn prefixed(fragment: &str, p: &str) -> String {
    if p.is_empty() {
        return fragment.to_string();
    }
    fragment
        .replace("</", "\u{0}")
        .replace('<', &format!("<{p}"))
        .replace('\u{0}', &format!("</{p}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = r#"<?xml version="1.0"?><styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;€&quot; #,##0.00"/></numFmts><fonts count="2"><font><sz val="11"/></font><font><b/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>"#;

    const TOOL: &str = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd-mm-yyyy"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill/><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="1" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

    /// The user's entries keep their index; ours follow, and the tool's after ours, with their
    /// ids moved; every count matches its list; merging the result again adds nothing.
    #[test]
    fn styles_are_appended_without_renumbering_and_once() {
        let m = merge(USER, Some(TOOL)).unwrap();
        let (l, _) = lists(&m.xml);
        let kids = |n: &str| children(&m.xml, &l, n);
        assert_eq!(
            kids("cellXfs")[..3],
            children(USER, &lists(USER).0, "cellXfs")[..]
        );
        assert_eq!((m.added.header, m.added.cell, m.added.wrap), (3, 4, 5));
        // Onbekend and Onvolledig are the same hatched white: one dxf serves both.
        assert_eq!(m.added.dxf, [0, 1, 2, 3, 4, 5, 6, 7, 4]);
        // The tool's date format equals ours: one numFmt, reused.
        assert_eq!(kids("numFmts").len(), 2, "{:?}", kids("numFmts"));
        let tool_xf = &kids("cellXfs")[m.remap.xf(1) as usize];
        assert!(tool_xf.contains("numFmtId=\"165\""), "{tool_xf}");
        for name in ["numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"] {
            let open = &m.xml[l[name].open.clone()];
            let n = attr(open.as_bytes(), "count").unwrap();
            assert_eq!(n, kids(name).len().to_string(), "{name}");
        }
        // Scoring the annotated workbook again: nothing new.
        let again = merge(&m.xml, Some(TOOL)).unwrap();
        assert_eq!(again.xml, m.xml);
        assert_eq!(again.added, m.added);
        assert_eq!(again.remap.xf, m.remap.xf);
    }
}
