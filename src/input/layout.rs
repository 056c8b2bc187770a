//! The layout of a user's sheet that the output keeps besides the cells: merged ranges and column
//! widths. calamine exposes merges but not widths, so for xlsx the `<cols>` element is read
//! directly from the sheet part — it stands before `<sheetData>`, so only the head of the part is
//! decompressed, however large the sheet.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::Merge;

/// A run of columns with one width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnWidth {
    /// First column, 0-based.
    pub first: u16,
    /// Last column, 0-based, inclusive.
    pub last: u16,
    /// Width in Excel character units.
    pub width: f64,
    /// Hidden column.
    pub hidden: bool,
}

/// What is kept of a sheet's layout.
#[derive(Debug, Clone, Default)]
pub struct SheetLayout {
    /// Merged ranges, sorted by first row.
    pub merges: Vec<Merge>,
    /// Column widths.
    pub columns: Vec<ColumnWidth>,
}

/// How much of a sheet part's head is read looking for `<cols>`.
const HEAD_BYTES: u64 = 1 << 20;

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// Each `<tag …>` element's text in `xml`, up to its `>`.
fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    xml.match_indices(open.as_str())
        .filter_map(|(i, _)| xml[i..].find('>').map(|e| &xml[i..i + e]))
        .collect()
}

/// Read a whole small zip part as text (workbook and relationship parts are small).
fn part(zip: &mut zip::ZipArchive<BufReader<File>>, name: &str, max: u64) -> Option<String> {
    let mut out = Vec::new();
    zip.by_name(name)
        .ok()?
        .take(max)
        .read_to_end(&mut out)
        .ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Column widths of an xlsx sheet; empty when anything cannot be read (widths are cosmetic).
pub fn xlsx_columns(path: &Path, sheet: &str) -> Vec<ColumnWidth> {
    xlsx_columns_inner(path, sheet).unwrap_or_default()
}

fn xlsx_columns_inner(path: &Path, sheet: &str) -> Option<Vec<ColumnWidth>> {
    let file = File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let workbook = part(&mut zip, "xl/workbook.xml", 4 << 20)?;
    let rels = part(&mut zip, "xl/_rels/workbook.xml.rels", 4 << 20)?;
    let escaped = sheet
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    let rid = tags(&workbook, "sheet")
        .into_iter()
        .find(|t| attr(t, "name") == Some(escaped.as_str()))
        .and_then(|t| attr(t, "r:id"))?;
    let target = tags(&rels, "Relationship")
        .into_iter()
        .find(|t| attr(t, "Id") == Some(rid))
        .and_then(|t| attr(t, "Target"))?;
    let name = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    };
    let mut head = Vec::new();
    zip.by_name(&name)
        .ok()?
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    let head = String::from_utf8_lossy(&head);
    let end = head.find("<sheetData").unwrap_or(head.len());
    let head = &head[..end];
    let columns = tags(head, "col")
        .into_iter()
        .filter_map(|t| {
            let first: u16 = attr(t, "min")?.parse().ok()?;
            let last: u16 = attr(t, "max")?.parse().ok()?;
            let width: f64 = attr(t, "width")
                .and_then(|w| w.parse().ok())
                .unwrap_or(8.43);
            let hidden = matches!(attr(t, "hidden"), Some("1" | "true"));
            let ok =
                first >= 1 && first <= last && last <= 16_384 && (0.0..=255.0).contains(&width);
            ok.then_some(ColumnWidth {
                first: first - 1,
                last: last - 1,
                width,
                hidden,
            })
        })
        .collect();
    Some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_tags() {
        let xml = r#"<cols><col min="1" max="2" width="30.5" customWidth="1"/><col min="4" max="4" width="12" hidden="1"/></cols>"#;
        let cols = tags(xml, "col");
        assert_eq!(cols.len(), 2);
        assert_eq!(attr(cols[0], "width"), Some("30.5"));
        assert_eq!(attr(cols[1], "hidden"), Some("1"));
        assert_eq!(attr(cols[1], "style"), None);
    }
}
