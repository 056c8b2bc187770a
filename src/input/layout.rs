//! The layout of a user's sheet that the output keeps besides the cells: merged ranges and column
//! widths. For xlsx both are read straight from the sheet part's bytes in one pass: `<cols>` stands
//! before `<sheetData>`, `<mergeCells>` after it. calamine has no widths, and its merge reader
//! parses every XML event of the sheet — a second full parse of the register, as costly as reading
//! its cells; here the part is only inflated and searched for the one element name.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use memchr::memmem;

use super::{keep_merges, Merge};

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

/// Column widths and merged ranges of an xlsx sheet. Widths are cosmetic: empty when anything
/// cannot be read. Merges: `None` when the part cannot be read, so the caller can fall back.
pub fn xlsx_layout(path: &Path, sheet: &str) -> (Vec<ColumnWidth>, Option<Vec<Merge>>) {
    let Some((mut zip, name)) = sheet_part(path, sheet) else {
        return (Vec::new(), None);
    };
    let Ok(mut entry) = zip.by_name(&name) else {
        return (Vec::new(), None);
    };
    let mut head = Vec::new();
    if (&mut entry)
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .is_err()
    {
        return (Vec::new(), None);
    }
    let columns = columns(&head);
    let merges = merges(&head, &mut entry);
    (columns, merges)
}

/// The zip archive and the name of a sheet's part (through workbook.xml and its relationships).
fn sheet_part(path: &Path, sheet: &str) -> Option<(zip::ZipArchive<BufReader<File>>, String)> {
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
    Some((zip, name))
}

/// The `<col>` elements before `<sheetData>` in the head of a sheet part.
fn columns(head: &[u8]) -> Vec<ColumnWidth> {
    let head = String::from_utf8_lossy(head);
    let end = head.find("<sheetData").unwrap_or(head.len());
    tags(&head[..end], "col")
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
        .collect()
}

/// Bytes read at a time while looking for `<mergeCells>`.
const SCAN_CHUNK: usize = 1 << 20;
/// At most this much of the part after `<mergeCells` is read (a million merged ranges).
const MERGES_BYTES: u64 = 64 << 20;

/// The merged ranges of a sheet part whose first bytes are `head` and the rest `rest`: the part is
/// inflated and searched for the `mergeCells` element (it follows `<sheetData>`), whose `ref`s
/// are parsed. Sorted; within Excel's limits and `MAX_MERGE_AREA`.
fn merges(head: &[u8], rest: &mut impl Read) -> Option<Vec<Merge>> {
    let finder = memmem::Finder::new(b"mergeCells");
    let mut window = head.to_vec();
    let start = loop {
        if let Some(at) = find_element(&finder, &window) {
            break at;
        }
        // Keep enough of the end to find a name cut in two by the chunk boundary.
        let keep = window.len().saturating_sub(64);
        window.drain(..keep);
        let filled = window.len();
        window.resize(filled + SCAN_CHUNK, 0);
        let n = read_full(rest, &mut window[filled..]).ok()?;
        window.truncate(filled + n);
        if n == 0 {
            return Some(Vec::new());
        }
    };
    let mut tail = window.split_off(start);
    rest.take(MERGES_BYTES).read_to_end(&mut tail).ok()?;
    let tail = String::from_utf8_lossy(&tail);
    let merges = element_starts(&tail, "mergeCell")
        .filter_map(|rest| tag_attr(rest, "ref"))
        .filter_map(parse_range);
    Some(keep_merges(merges))
}

/// The first `mergeCells` in `hay` that is an element name (`<mergeCells` or
/// `<x:mergeCells`), not text (outside comments and CDATA an unescaped `<` starts markup).
fn find_element(finder: &memmem::Finder<'_>, hay: &[u8]) -> Option<usize> {
    let mut spans = None;
    let mut at = 0;
    while let Some(i) = finder.find(&hay[at..]) {
        let i = at + i;
        let prefix = hay[..i]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
            .count();
        let start = i.saturating_sub(prefix + 1);
        if i > prefix
            && hay[start] == b'<'
            && (prefix == 0 || hay[i - 1] == b':')
            && !inside(spans.get_or_insert_with(|| text_spans(hay)), start)
        {
            return Some(start);
        }
        at = i + 1;
    }
    None
}

/// Where the attributes of each element named `local` begin (with or without a namespace
/// prefix), skipping text inside comments and CDATA sections.
fn element_starts<'a>(xml: &'a str, local: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let spans = text_spans(xml.as_bytes());
    xml.match_indices(local).filter_map(move |(i, _)| {
        let before = &xml[..i];
        let open = before.rfind('<')?;
        let prefix = &before[open + 1..];
        let named = prefix.is_empty()
            || (prefix.ends_with(':')
                && prefix
                    .chars()
                    .all(|c| c.is_alphanumeric() || ":_-.".contains(c)));
        let rest = &xml[i + local.len()..];
        let ends = rest.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>');
        (named && ends && !inside(&spans, open)).then_some(rest)
    })
}

/// The byte ranges of comments and CDATA sections, where `<` is text, in document order (an
/// unclosed one runs to the end).
fn text_spans(xml: &[u8]) -> Vec<(usize, usize)> {
    let cdata = memmem::Finder::new(b"<![CDATA[");
    let comment = memmem::Finder::new(b"<!--");
    let mut spans = Vec::new();
    let mut at = 0;
    loop {
        let next = [
            cdata.find(&xml[at..]).map(|i| (at + i, &b"]]>"[..])),
            comment.find(&xml[at..]).map(|i| (at + i, &b"-->"[..])),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|(i, _)| *i);
        let Some((start, close)) = next else {
            return spans;
        };
        let end = memmem::find(&xml[start..], close).map_or(xml.len(), |e| start + e + close.len());
        spans.push((start, end));
        at = end;
    }
}

/// Whether byte `at` lies in one of `spans`.
fn inside(spans: &[(usize, usize)], at: usize) -> bool {
    let i = spans.partition_point(|(start, _)| *start <= at);
    i > 0 && at < spans[i - 1].1
}

/// The value of attribute `name` in a start tag whose attributes begin at `rest`: any whitespace
/// around `=`, single or double quotes, `>` allowed inside a value. `None` at the tag's end.
fn tag_attr<'a>(rest: &'a str, name: &str) -> Option<&'a str> {
    let mut s = rest;
    loop {
        s = s.trim_start();
        if s.is_empty() || s.starts_with('>') || s.starts_with('/') {
            return None;
        }
        let key_end = s.find(|c: char| c == '=' || c.is_whitespace() || c == '>' || c == '/')?;
        let key = &s[..key_end];
        s = s[key_end..].trim_start().strip_prefix('=')?.trim_start();
        let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = &s[1..];
        let close = body.find(quote)?;
        if key == name {
            return Some(&body[..close]);
        }
        s = &body[close + 1..];
    }
}

/// `A1:C3` (or a single `B2`) as a range.
fn parse_range(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (first_row, first_col) = parse_cell(a)?;
    let (last_row, last_col) = parse_cell(b)?;
    let ok = first_row <= last_row && first_col <= last_col;
    ok.then_some(Merge {
        first_row,
        first_col,
        last_row,
        last_col,
    })
}

/// `B2` as 0-based (row, column), within Excel's 1,048,576 rows and 16,384 columns.
fn parse_cell(cell: &str) -> Option<(u32, u16)> {
    let cell = cell.trim().trim_start_matches('$');
    let letters = cell.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = cell[..letters].bytes().try_fold(0u32, |n, b| {
        Some(n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1))
    })?;
    let row: u32 = cell[letters..].trim_start_matches('$').parse().ok()?;
    let ok = (1..=16_384).contains(&col) && (1..=1_048_576).contains(&row);
    ok.then(|| (row - 1, (col - 1) as u16))
}

/// Read until `buf` is full or the input ends; the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
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

    /// Ranges of one cell or more than `MAX_MERGE_AREA` are dropped; in all at most
    /// `MAX_MERGED_CELLS` cells are kept, the first ranges of the sheet first.
    #[test]
    fn merges_kept() {
        use super::super::{MAX_MERGED_CELLS, MAX_MERGE_AREA};
        let column = |col: u16, rows: u32| Merge {
            first_row: 0,
            first_col: col,
            last_row: rows - 1,
            last_col: col,
        };
        // (ranges of `rows` cells each, how many) → kept
        let cases = [
            (1, 5, 0),
            (2, 5, 5),
            (100_000, 3, 3),
            (100_001, 3, 0),
            (100_000, 200, (MAX_MERGED_CELLS / MAX_MERGE_AREA) as usize),
        ];
        for (rows, n, kept) in cases {
            let got = keep_merges((0..n).map(|c| column(c, rows)));
            assert_eq!(got.len(), kept, "{n} ranges of {rows} cells");
        }
    }

    #[test]
    fn cell_ranges() {
        let m = |first_row, first_col, last_row, last_col| {
            Some(Merge {
                first_row,
                first_col,
                last_row,
                last_col,
            })
        };
        let cases = [
            ("A1:B2", m(0, 0, 1, 1)),
            ("$C$3:$D$10", m(2, 2, 9, 3)),
            ("B2", m(1, 1, 1, 1)),
            ("a1:xfd1048576", m(0, 0, 1_048_575, 16_383)),
            ("XFE1:XFE2", None),
            ("A0:A2", None),
            ("A1:A1048577", None),
            ("B2:A1", None),
            ("AAAA1:B2", None),
            ("1:2", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_range(input), want, "{input}");
        }
    }

    /// The merges are found after a long `<sheetData>`, across the chunk boundaries of the scan,
    /// with or without a namespace prefix, and not in cell text.
    #[test]
    fn merges_after_the_sheet_data() {
        let filler = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>mergeCells &lt;mergeCells ref=\"A1:Z9\"</t></is></c></row>".repeat(30_000);
        for prefix in ["", "x:"] {
            let xml = format!(
                "<{prefix}worksheet><{prefix}sheetData>{filler}</{prefix}sheetData><{prefix}mergeCells count=\"2\"><{prefix}mergeCell ref=\"C3:D4\"/><{prefix}mergeCell ref=\"A1:B1\"/></{prefix}mergeCells></{prefix}worksheet>"
            );
            let bytes = xml.as_bytes();
            let (head, rest) = bytes.split_at(1000);
            let found = merges(head, &mut &rest[..]).unwrap();
            assert_eq!(
                found,
                [parse_range("A1:B1").unwrap(), parse_range("C3:D4").unwrap()],
                "prefix {prefix:?}"
            );
        }
        // Attribute forms quick-xml accepts; a `<mergeCell` inside CDATA or a comment is text.
        let odd = "<worksheet><sheetData><row><c><is><t><![CDATA[<mergeCells><mergeCell ref=\"A1:Z99\"/>]]></t></is></c></row></sheetData><!-- <mergeCell ref=\"B1:Z99\"/> --><mergeCells count=\"3\"><mergeCell\n ref = 'C3:D4' /><mergeCell x=\"a>b\" ref=\"E5:F6\"/><mergeCell\tref=\"G7:H8\"></mergeCell></mergeCells></worksheet>";
        let found = merges(odd.as_bytes(), &mut &b""[..]).unwrap();
        let want: Vec<Merge> = ["C3:D4", "E5:F6", "G7:H8"]
            .iter()
            .map(|r| parse_range(r).unwrap())
            .collect();
        assert_eq!(found, want);
        let none = "<worksheet><sheetData></sheetData></worksheet>";
        assert_eq!(merges(none.as_bytes(), &mut &b""[..]), Some(Vec::new()));
    }
}
