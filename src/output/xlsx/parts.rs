//! The parts the in-place route adds to the user's package or moves into it: free part names,
//! a part with everything it relates to, the tool's sheets transplanted from the package
//! rust_xlsxwriter wrote (style ids moved past the user's, shared strings made inline) with the
//! drawings and charts they relate to, and the content types they need.

use std::collections::HashSet;
use std::io::{Read, Write};

use anyhow::Result;
use zip::write::SimpleFileOptions;

use super::styles;
use super::zip_out::Output;
use crate::lang::Lang;
use crate::ooxml::content_types::content_type;
use crate::ooxml::package::{tags, Package};
use crate::ooxml::rels::{edit_rels, rels_name, Rel};
use crate::ooxml::scan::{self, Kind, Scanner};

/// The content type of a worksheet part.
pub(super) const WORKSHEET_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/// A stylesheet for a package without one.
pub(super) const MINIMAL_STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border/></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";

/// `{stem}{n}.{ext}` with the lowest `n` not in `used` (which then holds it). `used` holds
/// part names in lower case: part names ignore case, so `Sheet1.xml` takes `sheet1.xml`.
pub(super) fn free_name(used: &mut HashSet<String>, stem: &str, ext: &str) -> String {
    let name = (1..)
        .map(|n| format!("{stem}{n}.{ext}"))
        .find(|n| !used.contains(&n.to_ascii_lowercase()))
        .unwrap_or_else(|| format!("{stem}.{ext}"));
    used.insert(name.to_ascii_lowercase());
    name
}

/// A part and everything it relates to (not external), into `dropped`.
pub(super) fn drop_tree(
    pkg: &mut Package,
    part: &str,
    dropped: &mut HashSet<String>,
) -> Result<()> {
    if part.is_empty() || !dropped.insert(part.to_string()) {
        return Ok(());
    }
    let rels = pkg.rels(part)?;
    if !rels.is_empty() {
        dropped.insert(rels_name(part));
    }
    for r in rels.iter().filter(|r| !r.external) {
        // Only the parts this tool writes for its sheets: drawings and charts.
        if r.typ.ends_with("/drawing") || r.typ.ends_with("/chart") {
            drop_tree(pkg, &r.target, dropped)?;
        }
    }
    Ok(())
}

/// The tool package's shared strings, each as the inner XML of its `<si>`.
pub(super) fn shared_strings(pkg: &mut Package) -> Result<Vec<String>> {
    let Some(xml) = pkg.read_text("xl/sharedStrings.xml")? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut start = None;
    for (kind, local, r) in tags(&xml) {
        match (kind, local.as_str()) {
            (Kind::Start, "si") => start = Some(r.end),
            (Kind::End, "si") => {
                if let Some(s) = start.take() {
                    out.push(xml[s..r.start].to_string());
                }
            }
            (Kind::Empty, "si") => out.push(String::new()),
            _ => {}
        }
    }
    Ok(out)
}

/// Copy a tool sheet part: style ids moved, shared strings made inline.
pub(super) fn transplant_sheet(
    part: impl Read,
    out: &mut impl Write,
    remap: &styles::Remap,
    sst: &[String],
    lang: Lang,
) -> Result<()> {
    let mut s = Scanner::new(part, lang);
    let mut shared = false;
    let mut in_v = false;
    let mut value = Vec::new();
    let shift = |tag: &[u8], key: &[u8], map: &dyn Fn(u32) -> u32| -> Vec<u8> {
        match scan::attr(tag, key).and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok()) {
            Some(v) => scan::set_attr(tag, key, &map(v).to_string()),
            None => tag.to_vec(),
        }
    };
    let xf = |id| remap.xf(id);
    let dxf = |id| remap.dxf(id);
    while let Some(t) = s.next_token()? {
        match (t.kind, t.local()) {
            (Kind::Start | Kind::Empty, b"c") => {
                let mut tag = shift(t.bytes, b"s", &xf);
                shared = t.kind == Kind::Start && scan::attr(&tag, b"t") == Some(b"s");
                if shared {
                    tag = scan::set_attr(&tag, b"t", "inlineStr");
                }
                out.write_all(&tag)?;
            }
            (Kind::Start | Kind::Empty, b"row") => out.write_all(&shift(t.bytes, b"s", &xf))?,
            // One selected tab, the user's: a second one groups the sheets in Excel, and what
            // the user types on the register would go into this sheet too.
            (Kind::Start | Kind::Empty, b"sheetView") => {
                out.write_all(&scan::remove_attr(t.bytes, b"tabSelected"))?
            }
            (Kind::Start | Kind::Empty, b"col") => out.write_all(&shift(t.bytes, b"style", &xf))?,
            (Kind::Start | Kind::Empty, b"cfRule") => {
                out.write_all(&shift(t.bytes, b"dxfId", &dxf))?
            }
            (Kind::Start, b"v") if shared => {
                in_v = true;
                value.clear();
            }
            (Kind::Text, _) if in_v => value.extend_from_slice(t.bytes),
            (Kind::End, b"v") if in_v => {
                in_v = false;
                let i: usize = std::str::from_utf8(&value)
                    .ok()
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(usize::MAX);
                out.write_all(b"<is>")?;
                out.write_all(sst.get(i).map_or("", String::as_str).as_bytes())?;
                out.write_all(b"</is>")?;
            }
            (Kind::End, b"c") => {
                shared = false;
                out.write_all(t.bytes)?;
            }
            _ => out.write_all(t.bytes)?,
        }
    }
    Ok(())
}

/// Copy the parts a tool sheet relates to (its drawing and the drawing's chart), renamed so they
/// do not collide with the user's; returns the sheet's new relationship part.
#[allow(clippy::too_many_arguments)]
pub(super) fn copy_related(
    tool: &mut Package,
    zip: &mut Output,
    opts: SimpleFileOptions,
    new_source: &str,
    rels: &[Rel],
    used: &mut HashSet<String>,
    tool_types: &str,
    new_types: &mut Vec<(String, String)>,
    lang: Lang,
) -> Result<String> {
    let mut moved = Vec::new();
    for r in rels {
        if r.external {
            moved.push(r.clone());
            continue;
        }
        let (stem, ext) = split_part_name(&r.target);
        let new_part = free_name(used, &stem, &ext);
        let bytes = tool.read(&r.target)?;
        zip.start_file(new_part.as_str(), opts)?;
        zip.write_all(&bytes)?;
        new_types.push((new_part.clone(), type_of(tool_types, &r.target)));
        let inner = tool.rels(&r.target)?;
        if !inner.is_empty() {
            let xml = copy_related(
                tool, zip, opts, &new_part, &inner, used, tool_types, new_types, lang,
            )?;
            let name = rels_name(&new_part);
            zip.start_file(name.as_str(), opts)?;
            zip.write_all(xml.as_bytes())?;
        }
        moved.push(Rel {
            target: new_part,
            ..r.clone()
        });
    }
    edit_rels(None, new_source, &[], &moved, lang)
}

/// `xl/drawings/drawing1.xml` → (`xl/drawings/drawing`, `xml`).
pub(super) fn split_part_name(part: &str) -> (String, String) {
    let (base, ext) = part.rsplit_once('.').unwrap_or((part, "xml"));
    (
        base.trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string(),
        ext.to_string(),
    )
}

/// The content type of a part of the tool's own package.
pub(super) fn type_of(types: &str, part: &str) -> String {
    // A part whose type cannot be read is written as XML; the error is not shown.
    content_type(types, part, Lang::default())
        .ok()
        .flatten()
        .unwrap_or_else(|| "application/xml".into())
}
