//! The user's `styles.xml` with the tool's styles appended (SPEC §7.1): every existing entry keeps
//! its index, so no cell of the user's changes its look. Two sets are appended: the few styles of
//! the added columns on the scored sheet (written here, so their indices are known before the
//! first row streams), then everything the tool's own sheets use, taken from the package
//! rust_xlsxwriter wrote for them, with its font, fill, border and number-format ids moved past
//! the user's. Each list's `count` is set to what it holds.

use std::collections::HashMap;

use anyhow::Result;

use crate::input::package::{attr, tags};
use crate::input::scan::{self, Kind};

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
                    prefix = crate::input::package::prefix_of(&xml[range.clone()]);
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
    /// The first of the colour `dxf`s (`COLOURS` in order).
    pub dxf: u32,
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

/// How the tool package's ids move into the merged stylesheet.
#[derive(Debug, Clone, Default)]
pub struct Remap {
    /// Added to a cell's `s` (except 0, the default, which stays the user's).
    pub xf: u32,
    /// Added to a conditional format's `dxfId`.
    pub dxf: u32,
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

fn own_fonts() -> Vec<String> {
    vec!["<font><b/><sz val=\"11\"/><color rgb=\"FFFFFFFF\"/><name val=\"Calibri\"/><family val=\"2\"/></font>".into()]
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

/// Move an xf's font, fill, border and number-format ids.
fn shift_xf(xf: &str, font: u32, fill: u32, border: u32, numfmts: &HashMap<u32, u32>) -> String {
    let tag_end = xf.find('>').map_or(xf.len(), |i| i + 1);
    let (tag, rest) = xf.split_at(tag_end);
    let mut t = tag.as_bytes().to_vec();
    for (key, by) in [("fontId", font), ("fillId", fill), ("borderId", border)] {
        if let Some(v) = attr(&t, key).and_then(|v| v.parse::<u32>().ok()) {
            t = scan::set_attr(&t, key.as_bytes(), &(v + by).to_string());
        }
    }
    if let Some(v) = attr(&t, "numFmtId").and_then(|v| v.parse::<u32>().ok()) {
        if let Some(to) = numfmts.get(&v) {
            t = scan::set_attr(&t, b"numFmtId", &to.to_string());
        }
    }
    format!("{}{rest}", String::from_utf8_lossy(&t))
}

/// Append the added columns' styles and the tool package's styles (`tool`, when its sheets are
/// added) to the user's stylesheet.
pub fn merge(user: &str, tool: Option<&str>) -> Result<Merged> {
    let (found, prefix) = lists(user);
    let count = |name: &str| found.get(name).map_or(0, |l| l.children.len() as u32);
    let (fonts0, fills0, borders0, xfs0, dxfs0) = (
        count("fonts"),
        count("fills"),
        count("borders"),
        count("cellXfs"),
        count("dxfs"),
    );
    let user_numfmt_max = children(user, &found, "numFmts")
        .iter()
        .filter_map(|n| attr(n.as_bytes(), "numFmtId")?.parse::<u32>().ok())
        .max()
        .unwrap_or(163)
        .max(163);

    // The added columns' styles.
    let mut add: HashMap<&str, Vec<String>> = HashMap::new();
    add.insert("fonts", own_fonts());
    add.insert("fills", vec![solid(0x1F4E5A), solid(0xEEF4F5)]);
    add.insert("borders", vec!["<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right><top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>".into()]);
    let (hf, hfill, cfill, hb) = (fonts0, fills0, fills0 + 1, borders0);
    add.insert("cellXfs", vec![
        format!("<xf numFmtId=\"0\" fontId=\"{hf}\" fillId=\"{hfill}\" borderId=\"{hb}\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"),
        format!("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"{cfill}\" borderId=\"0\" xfId=\"0\" applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>"),
        format!("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"{cfill}\" borderId=\"0\" xfId=\"0\" applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"),
    ]);
    add.insert("dxfs", COLOURS.iter().map(|c| dxf(*c)).collect());
    add.insert("numFmts", Vec::new());
    let added = AddedStyles {
        header: xfs0,
        cell: xfs0 + 1,
        wrap: xfs0 + 2,
        dxf: dxfs0,
    };

    // The tool package's styles, after them.
    let mut remap = Remap::default();
    if let Some(tool) = tool {
        let (tl, _) = lists(tool);
        let at = |name: &str, add: &HashMap<&str, Vec<String>>| {
            count(name) + add.get(name).map_or(0, |v| v.len() as u32)
        };
        let (font, fill, border) = (at("fonts", &add), at("fills", &add), at("borders", &add));
        remap.xf = at("cellXfs", &add);
        remap.dxf = at("dxfs", &add);
        let mut numfmts = HashMap::new();
        let mut next = user_numfmt_max + 1;
        let mut new_numfmts = Vec::new();
        for n in children(tool, &tl, "numFmts") {
            if let Some(id) = attr(n.as_bytes(), "numFmtId").and_then(|v| v.parse::<u32>().ok()) {
                numfmts.insert(id, next);
                let t = scan::set_attr(n.as_bytes(), b"numFmtId", &next.to_string());
                new_numfmts.push(String::from_utf8_lossy(&t).into_owned());
                next += 1;
            }
        }
        let xfs: Vec<String> = children(tool, &tl, "cellXfs")
            .iter()
            .map(|x| shift_xf(x, font, fill, border, &numfmts))
            .collect();
        let dxfs: Vec<String> = children(tool, &tl, "dxfs")
            .iter()
            .map(|d| {
                let mut d = d.clone();
                for (from, to) in &numfmts {
                    d = d.replace(
                        &format!("numFmtId=\"{from}\""),
                        &format!("numFmtId=\"{to}\""),
                    );
                }
                d
            })
            .collect();
        for (name, items) in [
            ("numFmts", new_numfmts),
            ("fonts", children(tool, &tl, "fonts")),
            ("fills", children(tool, &tl, "fills")),
            ("borders", children(tool, &tl, "borders")),
            ("cellXfs", xfs),
            ("dxfs", dxfs),
        ] {
            add.entry(name).or_default().extend(items);
        }
    }

    // Splice: each list gets its new children before its end tag and its count set; a list the
    // user's stylesheet lacks is made before the next list it has.
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
        let p = &prefix;
        let body: String = items
            .iter()
            .map(|x| prefixed(x, p))
            .collect::<Vec<_>>()
            .join("");
        match found.get(name) {
            Some(l) => {
                let total = l.children.len() + items.len();
                let open = &user[l.open.clone()];
                match &l.close {
                    Some(close) => {
                        let tag = scan::set_attr(open.as_bytes(), b"count", &total.to_string());
                        edits.push((l.open.clone(), String::from_utf8_lossy(&tag).into_owned()));
                        edits.push((close.start..close.start, body));
                    }
                    None => {
                        // `<dxfs count="0"/>`: opened up.
                        let tag = scan::set_attr(open.as_bytes(), b"count", &total.to_string());
                        let mut tag = String::from_utf8_lossy(&tag).into_owned();
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
    Ok(Merged { xml, added, remap })
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
    /// ids moved; every count matches its list.
    #[test]
    fn styles_are_appended_without_renumbering() {
        let m = merge(USER, Some(TOOL)).unwrap();
        let (l, _) = lists(&m.xml);
        let kids = |n: &str| children(&m.xml, &l, n);
        assert_eq!(
            kids("cellXfs")[..3],
            children(USER, &lists(USER).0, "cellXfs")[..]
        );
        assert_eq!(
            m.added,
            AddedStyles {
                header: 3,
                cell: 4,
                wrap: 5,
                dxf: 0
            }
        );
        assert_eq!((m.remap.xf, m.remap.dxf), (6, 9));
        // The tool's date format gets a fresh id; its xf follows it and its fill.
        assert!(kids("numFmts")[1].contains("numFmtId=\"165\""));
        let tool_xf = &kids("cellXfs")[7];
        assert!(
            tool_xf.contains("numFmtId=\"165\"") && tool_xf.contains("fillId=\"5\""),
            "{tool_xf}"
        );
        assert!(
            kids("cellXfs")[3].contains("fontId=\"2\"")
                && kids("cellXfs")[3].contains("fillId=\"2\"")
        );
        for name in ["numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"] {
            let open = &m.xml[l[name].open.clone()];
            let n = attr(open.as_bytes(), "count").unwrap();
            assert_eq!(n, kids(name).len().to_string(), "{name}");
        }
        assert_eq!(kids("dxfs").len(), 9);
    }
}
