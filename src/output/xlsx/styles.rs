//! The user's `styles.xml` with the tool's styles appended (docs/output.md#workbook): every existing entry keeps
//! its index, so no cell of the user's changes its look. Two sets are appended: the few styles of
//! the added columns on the scored sheet (written here, so their indices are known before the
//! first row streams), then everything the tool's own sheets use, taken from the package
//! rust_xlsxwriter wrote for them, with its font, fill, border and number-format ids moved past
//! the user's. Each list's `count` is set to what it holds.

use crate::lang::Lang;
use std::collections::HashMap;

use anyhow::Result;

use super::list_sheet::ListStyleIds;
use crate::ooxml::package::attr;
use crate::ooxml::scan;
use crate::ooxml::tree::{Document, Element, Node, NS_MAIN};

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

/// Excel's limit on cell formats (`cellXfs`) in a workbook.
const MAX_CELL_FORMATS: usize = 64_000;

/// What a stylesheet must hold for its index 0 entries to mean "the default" (a package without a
/// stylesheet, or an empty `<styleSheet/>`, gets these before the tool's own are appended).
const DEFAULTS: [(&str, &[&str]); 5] = [
    (
        "fonts",
        &["<font><sz val=\"11\"/><name val=\"Calibri\"/></font>"],
    ),
    (
        "fills",
        &[
            "<fill><patternFill patternType=\"none\"/></fill>",
            "<fill><patternFill patternType=\"gray125\"/></fill>",
        ],
    ),
    ("borders", &["<border/>"]),
    (
        "cellStyleXfs",
        &["<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"],
    ),
    (
        "cellXfs",
        &["<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"],
    ),
];

/// Each list's entries, canonical (local names, no namespace declarations), by list name.
fn lists(doc: &Document) -> HashMap<&'static str, Vec<String>> {
    let mut out = HashMap::new();
    for name in LISTS {
        if let Some(list) = doc.root.child(NS_MAIN, name) {
            out.insert(name, list.elements().map(Element::canonical).collect());
        }
    }
    out
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
        if list == "cellXfs" && items.len() >= MAX_CELL_FORMATS {
            // Excel's limit: past it, the tool's sheets take the default format.
            return 0;
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
pub fn merge(user: &str, tool: Option<&str>, lang: Lang) -> Result<Merged> {
    let mut doc = Document::parse(user, lang)?;
    let found = lists(&doc);
    let mut items: HashMap<&'static str, Vec<String>> = HashMap::new();
    for name in LISTS {
        items.insert(name, found.get(name).cloned().unwrap_or_default());
    }
    let user_numfmts = items.get("numFmts").cloned().unwrap_or_default();
    let mut numfmt_ids = HashMap::new();
    let mut max_id = 163;
    for n in user_numfmts {
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
    // A stylesheet without the default entries gets them first, so that index 0 stays the
    // default for every cell that names no style.
    for (list, defaults) in DEFAULTS {
        if l.items.get(list).is_none_or(Vec::is_empty) {
            for d in defaults {
                l.items.entry(list).or_default().push((*d).to_string());
                l.added.entry(list).or_default().push((*d).to_string());
            }
        }
    }

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
        let tl = lists(&Document::parse(tool, lang)?);
        let children = |name: &str| tl.get(name).cloned().unwrap_or_default();
        let mut numfmts: HashMap<u32, u32> = HashMap::new();
        for n in children("numFmts") {
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
        let fonts: Vec<u32> = children("fonts")
            .into_iter()
            .map(|f| l.index("fonts", f))
            .collect();
        let fills: Vec<u32> = children("fills")
            .into_iter()
            .map(|f| l.index("fills", f))
            .collect();
        let borders: Vec<u32> = children("borders")
            .into_iter()
            .map(|f| l.index("borders", f))
            .collect();
        remap.xf = children("cellXfs")
            .iter()
            .map(|x| {
                let moved = shift_xf(x, &fonts, &fills, &borders, &numfmts);
                l.index("cellXfs", moved)
            })
            .collect();
        remap.dxf = children("dxfs")
            .into_iter()
            .map(|d| l.index("dxfs", moved_numfmts(&d, &numfmts)))
            .collect();
    }
    append(&mut doc, &l, lang)?;
    Ok(Merged {
        xml: doc.to_xml(),
        added,
        remap,
    })
}

/// Every `numFmtId="N"` in an entry moved through `map`, each once (a map 164 → 165, 165 → 166
/// must not move 164 twice, whatever order a map is walked in).
fn moved_numfmts(entry: &str, map: &HashMap<u32, u32>) -> String {
    const KEY: &str = "numFmtId=\"";
    let mut out = String::with_capacity(entry.len());
    let mut rest = entry;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let id = rest[..digits].parse::<u32>().ok();
        match id.and_then(|id| map.get(&id)) {
            Some(to) => out.push_str(&to.to_string()),
            None => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
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

/// The user's stylesheet with the added entries appended: each list gets its new children at its
/// end and its count set; a list the stylesheet lacks is made before the next list it has, in the
/// stylesheet's own prefix.
fn append(doc: &mut Document, l: &Lists, lang: Lang) -> Result<()> {
    for (i, name) in LISTS.iter().enumerate() {
        let Some(new) = l.added.get(name).filter(|v| !v.is_empty()) else {
            continue;
        };
        let root = &mut doc.root;
        let at = match root.position(NS_MAIN, name) {
            Some(at) => at,
            None => {
                let at = LISTS[i + 1..]
                    .iter()
                    .find_map(|n| root.position(NS_MAIN, n))
                    .unwrap_or(root.children.len());
                let list = root.make_child(NS_MAIN, name);
                root.insert(at, list);
                at
            }
        };
        let Some(Node::Element(list)) = root.children.get_mut(at) else {
            continue;
        };
        for e in list.adopt(NS_MAIN, &new.concat(), lang)? {
            list.push(e);
        }
        let count = list.elements().count();
        if *name != "extLst" {
            list.set_attr("count", &count.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;€&quot; #,##0.00"/></numFmts><fonts count="2"><font><sz val="11"/></font><font><b/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>"#;

    const TOOL: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd-mm-yyyy"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill/><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="1" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

    fn kids(xml: &str, name: &str) -> Vec<String> {
        lists(&Document::parse(xml, crate::lang::Lang::Nl).unwrap())
            .get(name)
            .cloned()
            .unwrap_or_default()
    }

    fn count(xml: &str, name: &str) -> Option<String> {
        Document::parse(xml, crate::lang::Lang::Nl)
            .unwrap()
            .root
            .child(NS_MAIN, name)
            .and_then(|l| l.attr("count"))
    }

    /// The user's entries keep their index; ours follow, and the tool's after ours, with their
    /// ids moved; every count matches its list; merging the result again adds nothing.
    #[test]
    fn styles_are_appended_without_renumbering_and_once() {
        let m = merge(USER, Some(TOOL), crate::lang::Lang::Nl).unwrap();
        assert_eq!(kids(&m.xml, "cellXfs")[..3], kids(USER, "cellXfs")[..]);
        assert_eq!((m.added.header, m.added.cell, m.added.wrap), (3, 4, 5));
        // Onbekend and Onvolledig are the same hatched white: one dxf serves both.
        assert_eq!(m.added.dxf, [0, 1, 2, 3, 4, 5, 6, 7, 4]);
        // The tool's date format equals ours: one numFmt, reused.
        assert_eq!(kids(&m.xml, "numFmts").len(), 2);
        let tool_xf = &kids(&m.xml, "cellXfs")[m.remap.xf(1) as usize];
        assert!(tool_xf.contains("numFmtId=\"165\""), "{tool_xf}");
        for name in ["numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"] {
            let n = kids(&m.xml, name).len().to_string();
            assert_eq!(count(&m.xml, name), Some(n), "{name}");
        }
        // Scoring the annotated workbook again: nothing new.
        let again = merge(&m.xml, Some(TOOL), crate::lang::Lang::Nl).unwrap();
        assert_eq!(again.xml, m.xml);
        assert_eq!(again.added, m.added);
        assert_eq!(again.remap.xf, m.remap.xf);
    }

    /// (stylesheet as a producer wrote it): whatever its shape, the merged one has every list
    /// in schema order, in the stylesheet's prefix, the defaults at index 0, and merging again
    /// adds nothing.
    #[test]
    fn any_stylesheet_takes_the_tools_styles() {
        let main = NS_MAIN;
        let cases = [
            format!("<styleSheet xmlns=\"{main}\"/>"),
            format!("<styleSheet xmlns=\"{main}\"></styleSheet>"),
            format!("<x:styleSheet xmlns:x=\"{main}\"><x:fonts count=\"1\"><x:font><x:sz val=\"10\"/></x:font></x:fonts></x:styleSheet>"),
            USER.to_string(),
        ];
        for user in cases {
            let m = merge(&user, Some(TOOL), crate::lang::Lang::Nl).unwrap();
            let doc = Document::parse(&m.xml, crate::lang::Lang::Nl).unwrap();
            let order: Vec<&str> = doc.root.elements().map(Element::local).collect();
            let mut sorted = order.clone();
            sorted.sort_by_key(|n| LISTS.iter().position(|l| l == n));
            assert_eq!(order, sorted, "{user}");
            assert!(
                doc.root.elements().all(|e| e.ns() == Some(main)),
                "{}",
                m.xml
            );
            assert!(kids(&m.xml, "fills").len() >= 2, "{}", m.xml);
            assert_eq!(
                merge(&m.xml, Some(TOOL), crate::lang::Lang::Nl)
                    .unwrap()
                    .xml,
                m.xml,
                "{user}"
            );
        }
    }

    /// Past Excel's 64,000 cell formats, the tool's sheets take the default format.
    #[test]
    fn cell_formats_stay_within_excels_limit() {
        let many: String = (0..MAX_CELL_FORMATS - 3)
            .map(|i| format!("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyProtection=\"{i}\"/>"))
            .collect();
        let user = USER.replace(
            "<cellXfs count=\"3\">",
            &format!("<cellXfs count=\"{}\">{many}", MAX_CELL_FORMATS),
        );
        let m = merge(&user, Some(TOOL), crate::lang::Lang::Nl).unwrap();
        assert_eq!(kids(&m.xml, "cellXfs").len(), MAX_CELL_FORMATS);
    }
}
