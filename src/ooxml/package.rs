//! The workbook package as a set of parts (ECMA-376 Part 2): reading a part within the zip
//! guard's limits, relationship parts and their targets, the workbook's sheet list and defined
//! names, and the small XML edits the in-place writer makes to whole parts. Parts are found
//! through relationships, never by assumed names (`xl/worksheets/sheet1.xml` is a convention, not
//! a rule), and element names are matched by local name so that a prefixed package
//! (`<x:sheet>`, as some .NET writers make) reads the same.

use crate::lang::Lang;
use crate::messages as M;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::{anyhow, bail, Context as _, Result};

use super::rels::{parse_rels, rels_name, Rel};
use super::scan::{self, Kind, Scanner};
use super::tree::{Document, NS_MAIN, NS_MAIN_STRICT, NS_REL};
use super::xml_text::unescape;

/// Largest small part (workbook, relationships, styles, content types, comments) read whole.
pub const SMALL_PART_MAX: u64 = 256 << 20;

/// The relationship type of a worksheet, comments and a VML drawing (transitional namespace).
pub const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
/// Comments (notes) of a sheet.
pub const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
/// The legacy VML drawing that shows a sheet's notes.
pub const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";

/// An open input package.
pub struct Package {
    /// The zip archive.
    pub zip: zip::ZipArchive<BufReader<File>>,
    /// Where it came from, for messages.
    pub path: std::path::PathBuf,
    /// The language of its messages.
    pub lang: Lang,
}

impl Package {
    /// Open a package.
    pub fn open(path: &Path, lang: Lang) -> Result<Package> {
        damaged_on_panic(path, lang, || Self::open_file(path, lang))
    }

    fn open_file(path: &Path, lang: Lang) -> Result<Package> {
        let file =
            File::open(path).with_context(|| M::CANNOT_OPEN_PATH.with(lang, &[&path.display()]))?;
        let zip = zip::ZipArchive::new(BufReader::new(file))
            .with_context(|| M::ZIP_DAMAGED.with(lang, &[&path.display()]))?;
        Ok(Package {
            zip,
            path: path.to_path_buf(),
            lang,
        })
    }

    /// Whether a part exists (part names ignore ASCII case, as in Excel).
    pub fn has(&self, name: &str) -> bool {
        self.part_name(name).is_some()
    }

    /// The name a part has in the zip, found whatever its case (`xl/worksheets/Sheet1.xml` for
    /// `xl/worksheets/sheet1.xml`); a leading `/` is ignored.
    pub fn part_name(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('/');
        if self.zip.index_for_name(name).is_some() {
            return Some(name.to_string());
        }
        self.zip
            .file_names()
            .flatten()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(|n| n.into_owned())
    }

    /// A whole part, at most `SMALL_PART_MAX` bytes inflated.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let (path, lang) = (self.path.clone(), self.lang);
        damaged_on_panic(&path, lang, || self.read_part(name))
    }

    fn read_part(&mut self, name: &str) -> Result<Vec<u8>> {
        let lang = self.lang;
        let path = self.path.display().to_string();
        let name = self.part_name(name).unwrap_or_else(|| name.to_string());
        let mut entry = self
            .zip
            .by_name(&name)
            .with_context(|| M::PART_MISSING.with(lang, &[&path, &name]))?;
        let mut out = Vec::with_capacity(entry.size().min(SMALL_PART_MAX) as usize);
        (&mut entry)
            .take(SMALL_PART_MAX + 1)
            .read_to_end(&mut out)
            .with_context(|| M::PART_UNREADABLE.with(lang, &[&path, &name]))?;
        if out.len() as u64 > SMALL_PART_MAX {
            bail!(M::PART_TOO_LARGE.with(lang, &[&path, &name, &SMALL_PART_MAX]));
        }
        Ok(out)
    }

    /// The first `max` bytes of a part, inflated (for what a large part declares at its start).
    pub fn head(&mut self, name: &str, max: u64) -> Result<Vec<u8>> {
        let (path, lang) = (self.path.clone(), self.lang);
        damaged_on_panic(&path, lang, || self.read_head(name, max))
    }

    fn read_head(&mut self, name: &str, max: u64) -> Result<Vec<u8>> {
        let lang = self.lang;
        let path = self.path.display().to_string();
        let name = self.part_name(name).unwrap_or_else(|| name.to_string());
        let entry = self
            .zip
            .by_name(&name)
            .with_context(|| M::PART_MISSING.with(lang, &[&path, &name]))?;
        let mut out = Vec::new();
        entry
            .take(max)
            .read_to_end(&mut out)
            .with_context(|| M::PART_UNREADABLE.with(lang, &[&path, &name]))?;
        Ok(out)
    }

    /// A part as text, or `None` when it is absent.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>> {
        let lang = self.lang;
        if !self.has(name) {
            return Ok(None);
        }
        let bytes = self.read(name)?;
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| anyhow!(M::PART_NOT_UTF8.with(lang, &[&self.path.display(), &name])))
    }

    /// The relationships of `part` (empty when it has none).
    pub fn rels(&mut self, part: &str) -> Result<Vec<Rel>> {
        let lang = self.lang;
        let name = rels_name(part);
        let Some(xml) = self.read_text(&name)? else {
            return Ok(Vec::new());
        };
        let mut rels = parse_rels(&xml, part, lang)
            .map_err(|e| anyhow!("{}: {name}: {e}", self.path.display()))?;
        // Targets by the names the parts have in the zip, whatever case the target was written in.
        for r in rels.iter_mut().filter(|r| !r.external) {
            if let Some(actual) = self.part_name(&r.target) {
                r.target = actual;
            }
        }
        Ok(rels)
    }
}

/// A call into the zip reader on the untrusted package at `path`, with a panic inside it turned into
/// an error naming the file (as `input::reading` does for the register's readers).
pub fn damaged_on_panic<T>(path: &Path, lang: Lang, step: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|payload| {
        Err(anyhow!(M::DAMAGED_FILE.with(
            lang,
            &[
                &path.display(),
                &crate::messages::panic_message(payload.as_ref(), lang)
            ]
        )))
    })
}

/// The package at `path` as a reader of cell values can open it: when a relationships part
/// targets its parts as `./x`, `../xl/x` or `/xl/x` (valid, but calamine resolves only the
/// plain form), a copy in an anonymous temporary file with those targets written plainly,
/// every other part copied as it is compressed. `None` when the package needs no such copy.
pub fn plain_view(path: &Path, lang: Lang) -> Result<Option<File>> {
    let mut pkg = Package::open(path, lang)?;
    let names: Vec<String> = pkg
        .zip
        .file_names()
        .flatten()
        .map(|n| n.into_owned())
        .collect();
    let mut rewritten: Vec<(String, String)> = Vec::new();
    for name in names.iter().filter(|n| n.ends_with(".rels")) {
        let source = match name.rsplit_once("_rels/") {
            Some((dir, file)) => format!("{dir}{}", file.trim_end_matches(".rels")),
            None => continue,
        };
        let Some(xml) = pkg.read_text(name)? else {
            continue;
        };
        if let Ok(Some(plain)) = super::rels::plain_targets(&xml, &source, lang) {
            rewritten.push((name.clone(), plain));
        }
    }
    if rewritten.is_empty() {
        return Ok(None);
    }
    let file = tempfile::tempfile()?;
    let mut out = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for i in 0..pkg.zip.len() {
        let entry = pkg.zip.by_index_raw(i)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        match rewritten.iter().find(|(n, _)| *n == name) {
            Some((name, xml)) => {
                let name = name.clone();
                drop(entry);
                out.start_file(name.as_str(), opts)?;
                std::io::Write::write_all(&mut out, xml.as_bytes())?;
            }
            None => out.raw_copy_file(entry)?,
        }
    }
    let mut file = out.finish()?;
    std::io::Seek::rewind(&mut file)?;
    Ok(Some(file))
}

/// Whether a workbook package is Strict Open XML (ISO/IEC 29500 strict namespaces).
pub fn is_strict(path: &Path) -> bool {
    // Its errors are not shown: any language.
    Package::open(path, Lang::default())
        .and_then(|mut p| workbook_info(&mut p))
        .is_ok_and(|info| info.strict)
}

/// Whether a workbook package holds macros: its workbook part has the macro-enabled content
/// type (an `.xlsm`), whatever the file is called.
pub fn macro_enabled(path: &Path) -> bool {
    // Its errors are not shown: any language.
    Package::open(path, Lang::default())
        .and_then(|mut p| p.read_text("[Content_Types].xml"))
        .ok()
        .flatten()
        .is_some_and(|types| types.contains("macroEnabled.main+xml"))
}

/// The value of attribute `key` (by full name) of a tag, unescaped.
pub fn attr(tag: &[u8], key: &str) -> Option<String> {
    scan::attr(tag, key.as_bytes()).map(unescape)
}

/// The value of the `id` attribute in the relationships namespace (`r:id`, whatever its prefix).
pub fn rel_id(tag: &[u8]) -> Option<String> {
    scan::attrs(tag)
        .find(|(k, _)| k.ends_with(b":id"))
        .map(|(_, v)| unescape(v))
}

/// Each tag of a small part with its kind, local name and byte range.
pub fn tags(xml: &str) -> Vec<(Kind, String, std::ops::Range<usize>)> {
    // A small part the tool looks into; where it is not well-formed, the tags before count.
    let mut s = Scanner::new(xml.as_bytes(), Lang::default());
    let mut out = Vec::new();
    let mut at = 0usize;
    while let Ok(Some(t)) = s.next_token() {
        let len = t.bytes.len();
        if t.kind != Kind::Text && t.kind != Kind::Other {
            out.push((
                t.kind,
                String::from_utf8_lossy(t.local()).into_owned(),
                at..at + len,
            ));
        } else if t.kind == Kind::Text {
            out.push((Kind::Text, String::new(), at..at + len));
        }
        at += len;
    }
    out
}

/// A sheet of the workbook, as `<sheets>` lists it.
#[derive(Debug, Clone)]
pub struct SheetEntry {
    /// Name.
    pub name: String,
    /// `sheetId`.
    pub sheet_id: u32,
    /// `r:id`.
    pub rid: String,
    /// Visibility: `visible`, `hidden` or `veryHidden`.
    pub state: String,
    /// The sheet's part (resolved), and its relationship type.
    pub part: String,
    /// A worksheet (not a chartsheet, dialog or macro sheet).
    pub worksheet: bool,
}

/// A defined name of the workbook.
#[derive(Debug, Clone)]
pub struct DefinedName {
    /// Name.
    pub name: String,
    /// `localSheetId`, when the name belongs to one sheet.
    pub local_sheet: Option<u32>,
    /// The reference or formula.
    pub value: String,
}

/// What the in-place writer needs of the workbook part.
#[derive(Debug, Clone)]
pub struct WorkbookInfo {
    /// The workbook part's name.
    pub part: String,
    /// Its text.
    pub xml: String,
    /// Sheets in order.
    pub sheets: Vec<SheetEntry>,
    /// Defined names.
    pub names: Vec<DefinedName>,
    /// Serial dates count from 1904.
    pub date1904: bool,
    /// The workbook is Strict Open XML (its elements in the strict namespaces).
    pub strict: bool,
}

/// Read the workbook part (found through the package relationships) and its sheets.
pub fn workbook_info(pkg: &mut Package) -> Result<WorkbookInfo> {
    let lang = pkg.lang;
    let part = pkg
        .rels("")?
        .into_iter()
        .find(|r| r.typ.ends_with("/officeDocument"))
        .map(|r| r.target)
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let part = pkg.part_name(&part).unwrap_or(part);
    let xml = pkg
        .read_text(&part)?
        .ok_or_else(|| anyhow!(M::WORKBOOK_PART_MISSING.with(lang, &[&pkg.path.display()])))?;
    let rels = pkg.rels(&part)?;
    let doc =
        Document::parse(&xml, lang).map_err(|e| anyhow!("{}: {part}: {e}", pkg.path.display()))?;
    let mut sheets = Vec::new();
    let mut names = Vec::new();
    let root = &doc.root;
    for s in root
        .child(NS_MAIN, "sheets")
        .into_iter()
        .flat_map(|s| s.elements())
        .filter(|e| e.is(NS_MAIN, "sheet"))
    {
        let rid = s.attr_ns(NS_REL, "id").unwrap_or_default();
        let rel = rels.iter().find(|r| r.id == rid);
        let target = rel.map(|r| pkg.part_name(&r.target).unwrap_or_else(|| r.target.clone()));
        sheets.push(SheetEntry {
            name: s.attr("name").unwrap_or_default(),
            sheet_id: s.attr("sheetId").and_then(|v| v.parse().ok()).unwrap_or(0),
            state: s.attr("state").unwrap_or_else(|| "visible".into()),
            part: target.unwrap_or_default(),
            worksheet: rel.is_some_and(|r| r.typ.ends_with("/worksheet")),
            rid,
        });
    }
    let date1904 = root
        .child(NS_MAIN, "workbookPr")
        .and_then(|p| p.attr("date1904"))
        .is_some_and(|v| v == "1" || v == "true");
    for n in root
        .child(NS_MAIN, "definedNames")
        .into_iter()
        .flat_map(|s| s.elements())
        .filter(|e| e.is(NS_MAIN, "definedName"))
    {
        names.push(DefinedName {
            name: n.attr("name").unwrap_or_default(),
            local_sheet: n.attr("localSheetId").and_then(|v| v.parse().ok()),
            value: n.text(),
        });
    }
    let strict = root.ns() == Some(NS_MAIN_STRICT);
    Ok(WorkbookInfo {
        part,
        xml,
        sheets,
        names,
        date1904,
        strict,
    })
}

/// The byte range of the first element with local name `name` in `xml` (start tag through end
/// tag, or the empty tag), and the prefix it is written with (`x:` or empty).
pub fn element_range(xml: &str, name: &str) -> Option<(std::ops::Range<usize>, String)> {
    let mut depth = 0usize;
    let mut start: Option<(usize, usize)> = None;
    for (kind, local, range) in tags(xml) {
        match kind {
            Kind::Start => {
                if start.is_none() && local == name {
                    start = Some((range.start, depth));
                }
                depth += 1;
            }
            Kind::End => {
                depth = depth.saturating_sub(1);
                if let Some((s, d)) = start {
                    if d == depth && local == name {
                        return Some((s..range.end, prefix_of(&xml[s..range.end])));
                    }
                }
            }
            Kind::Empty if start.is_none() && local == name => {
                return Some((range.clone(), prefix_of(&xml[range])));
            }
            _ => {}
        }
    }
    None
}

/// `x:` for `<x:sheet …>`, empty for `<sheet …>`.
pub fn prefix_of(tag: &str) -> String {
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    match name.split_once(':') {
        Some((p, _)) => format!("{p}:"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ooxml::rels::{relative, resolve};
    use crate::ooxml::xml_text::escaped;

    /// (source part, target, resolved)
    #[test]
    fn targets_resolve_against_their_part() {
        let cases = [
            (
                "xl/workbook.xml",
                "worksheets/sheet1.xml",
                "xl/worksheets/sheet1.xml",
            ),
            (
                "xl/workbook.xml",
                "/xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet1.xml",
            ),
            (
                "xl/worksheets/sheet1.xml",
                "../comments1.xml",
                "xl/comments1.xml",
            ),
            (
                "xl/worksheets/sheet1.xml",
                "../drawings/vmlDrawing1.vml",
                "xl/drawings/vmlDrawing1.vml",
            ),
            ("", "xl/workbook.xml", "xl/workbook.xml"),
        ];
        for (source, target, resolved) in cases {
            assert_eq!(resolve(source, target), resolved, "{source} {target}");
            if !target.starts_with('/') && !source.is_empty() {
                assert_eq!(relative(source, resolved), target, "{source} {resolved}");
            }
        }
    }

    /// (text, escaped)
    #[test]
    fn texts_escape_for_xml() {
        let cases = [
            ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
            ("regel 1\nregel 2", "regel 1\nregel 2"),
            ("bel\u{7}", "bel_x0007_"),
            ("_x0041_", "_x005F_x0041_"),
            ("_x41_", "_x41_"),
            ("\"q\"", "&quot;q&quot;"),
        ];
        for (text, expected) in cases {
            assert_eq!(escaped(text), expected, "{text:?}");
        }
    }
}
