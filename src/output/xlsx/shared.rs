//! The shared-string table of an annotated workbook (docs/output.md#output-size). The texts the
//! tool writes on every row of its list sheets (each measure's criterion, code, text, owner role
//! and sources, and the statuses) are stored once, in the workbook's shared strings, and a cell
//! names them by number: a Maatregelen row of a million-activity register shrinks from about a
//! kilobyte of XML to a few hundred bytes, and Excel shows the same texts.
//!
//! The table is fixed before any cell is written, from the rubric's catalogue, so every thread
//! reads it without a lock and the numbers are the same on every run. The user's own shared
//! strings keep their numbers: a text the user's table already holds (a workbook the tool
//! annotated before) is named by its number there, and the others follow the user's entries,
//! appended to the user's table when the package has one, else in a table of their own. Scoring
//! an annotated workbook again therefore leaves its table as it was.

use rustc_hash::FxHashMap as HashMap;
use std::io::{Read, Write};

use anyhow::{bail, Result};

use crate::lang::Lang;
use crate::messages as M;
use crate::ooxml::scan::{Kind, Scanner};
use crate::ooxml::tree::NS_MAIN;
use crate::ooxml::xml_text::escape_text;

/// The relationship type of a shared-string table.
pub const REL_SHARED_STRINGS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings";
/// Its content type.
pub const SHARED_STRINGS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";

/// The tool's texts in the shared-string table, numbered after the user's.
#[derive(Debug, Default)]
pub struct SharedTexts {
    /// How many entries the user's table has: the tool's first new text is number `base`.
    base: u32,
    /// The texts the user's table lacks, appended to it.
    texts: Vec<String>,
    numbers: HashMap<String, u32>,
    /// The longest text in the table, in bytes: a longer one (an explanation) is not looked up.
    longest: usize,
}

/// What the user's shared-string table holds that the tool needs to know.
#[derive(Debug, Default)]
pub struct UserTable {
    /// How many entries it has.
    pub entries: u32,
    /// Its plain entries (one text, no formatting runs) among the texts asked for, by number.
    pub found: HashMap<String, u32>,
}

impl SharedTexts {
    /// The texts (empty ones and repeats left out): those `user` holds by their number there, the
    /// others numbered after its entries in the order given.
    pub fn new(user: UserTable, texts: impl IntoIterator<Item = String>) -> SharedTexts {
        let mut shared = SharedTexts {
            base: user.entries,
            texts: Vec::new(),
            numbers: user.found,
            longest: 0,
        };
        for text in texts {
            if text.is_empty() || shared.numbers.contains_key(&text) {
                continue;
            }
            let number = shared.base.saturating_add(shared.texts.len() as u32);
            shared.numbers.insert(text.clone(), number);
            shared.texts.push(text);
        }
        shared.longest = shared.numbers.keys().map(String::len).max().unwrap_or(0);
        shared
    }

    /// The number of `text` in the table, when it is one of the tool's.
    pub fn number(&self, text: &str) -> Option<u32> {
        if text.len() > self.longest {
            return None;
        }
        self.numbers.get(text).copied()
    }

    /// `number` of a text's UTF-8 bytes.
    pub fn number_of(&self, text: &[u8]) -> Option<u32> {
        if text.len() > self.longest {
            return None;
        }
        self.number(std::str::from_utf8(text).ok()?)
    }

    /// Whether the tool adds no texts to the table (none, or all in the user's already).
    pub fn adds_nothing(&self) -> bool {
        self.texts.is_empty()
    }

    /// The entries of the tool's texts, as `<si>` elements in `prefix`'s namespace prefix.
    fn entries(&self, prefix: &str, out: &mut impl Write) -> std::io::Result<()> {
        let mut escaped = String::new();
        for text in &self.texts {
            escaped.clear();
            escape_text(text, &mut escaped);
            write!(
                out,
                "<{prefix}si><{prefix}t xml:space=\"preserve\">{escaped}</{prefix}t></{prefix}si>"
            )?;
        }
        Ok(())
    }

    /// A table of the tool's texts only (the package had none).
    pub fn write_table(&self, out: &mut impl Write) -> std::io::Result<()> {
        let n = self.texts.len();
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <sst xmlns=\"{NS_MAIN}\" count=\"{n}\" uniqueCount=\"{n}\">"
        )?;
        self.entries("", out)?;
        out.write_all(b"</sst>")
    }

    /// The user's table `user` with the tool's texts appended: every byte of the user's entries
    /// as it was, the `<sst>` tag's counts made right (a `count` the tool cannot know, the number
    /// of cells using the table, is left out; it is optional).
    pub fn append_to(&self, user: impl Read, out: &mut impl Write, lang: Lang) -> Result<()> {
        let total = self.base.saturating_add(self.texts.len() as u32);
        let mut s = Scanner::new(user, lang);
        let mut prefix: Option<String> = None;
        while let Some(t) = s.next_token()? {
            match (t.kind, prefix.as_deref()) {
                (Kind::Start, None) if local_name(t.bytes) == b"sst" => {
                    let p = tag_prefix(t.bytes);
                    out.write_all(&sst_tag(t.bytes, total))?;
                    prefix = Some(p);
                }
                (Kind::Empty, None) if local_name(t.bytes) == b"sst" => {
                    // `<sst/>`: a table without entries.
                    let p = tag_prefix(t.bytes);
                    let open = sst_tag(t.bytes, total);
                    out.write_all(&open)?;
                    self.entries(&p, out)?;
                    write!(out, "</{p}sst>")?;
                    prefix = Some(p);
                }
                (Kind::End, Some(p)) if local_name(t.bytes) == b"sst" => {
                    let p = p.to_string();
                    self.entries(&p, out)?;
                    out.write_all(t.bytes)?;
                }
                _ => out.write_all(t.bytes)?,
            }
        }
        if prefix.is_none() {
            bail!(M::SST_NO_TABLE.get(lang));
        }
        Ok(())
    }
}

/// How many entries (`<si>`) the user's shared-string table `part` has, and which of `wanted`
/// it holds as plain entries (one `<t>`), by number.
pub fn read_table(
    part: impl Read,
    wanted: &std::collections::HashSet<&str>,
    lang: Lang,
) -> Result<UserTable> {
    let mut s = Scanner::new(part, lang);
    let mut table = UserTable::default();
    // The current entry's text, while it is plain: `None` once it has runs or other children.
    let mut plain: Option<Vec<u8>> = None;
    let mut in_t = false;
    while let Some(t) = s.next_token()? {
        let name = local_name(t.bytes);
        match t.kind {
            Kind::Start if name == b"si" => {
                table.entries = table.entries.saturating_add(1);
                plain = Some(Vec::new());
            }
            Kind::Empty if name == b"si" => {
                table.entries = table.entries.saturating_add(1);
            }
            Kind::Start if name == b"t" && !in_t => in_t = true,
            Kind::End if name == b"t" => in_t = false,
            Kind::Text if in_t => {
                if let Some(p) = plain.as_mut() {
                    p.extend_from_slice(t.bytes);
                }
            }
            Kind::End if name == b"si" => {
                if let Some(raw) = plain.take() {
                    let text = crate::ooxml::xml_text::unescape(&raw);
                    if wanted.contains(text.as_str()) {
                        // The first entry with the text names it.
                        table.found.entry(text).or_insert(table.entries - 1);
                    }
                }
            }
            // Runs (`<r>`), phonetic texts: not a plain entry.
            Kind::Start | Kind::Empty if plain.is_some() && name != b"t" => plain = None,
            _ => {}
        }
    }
    Ok(table)
}

/// The local name of a tag's element (`x:sst` → `sst`).
fn local_name(tag: &[u8]) -> &[u8] {
    let body = tag
        .strip_prefix(b"</")
        .or_else(|| tag.strip_prefix(b"<"))
        .unwrap_or(tag);
    let end = body
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .unwrap_or(body.len());
    let name = &body[..end];
    name.iter()
        .position(|b| *b == b':')
        .map_or(name, |i| &name[i + 1..])
}

/// The namespace prefix of a tag's element with its colon (`x:`), or nothing.
fn tag_prefix(tag: &[u8]) -> String {
    let body = tag.strip_prefix(b"<").unwrap_or(tag);
    let end = body
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .unwrap_or(body.len());
    let name = String::from_utf8_lossy(&body[..end]);
    name.rsplit_once(':')
        .map_or(String::new(), |(p, _)| format!("{p}:"))
}

/// The `<sst …>` start tag with `uniqueCount` set to `total` and `count` left out.
fn sst_tag(tag: &[u8], total: u32) -> Vec<u8> {
    let text = String::from_utf8_lossy(tag);
    let inner = text
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut out = String::from("<");
    let mut rest = inner;
    // The element name.
    let name_end = rest
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    out.push_str(&rest[..name_end]);
    rest = &rest[name_end..];
    // Its attributes, but the counts.
    for (name, value) in attributes(rest) {
        if name == "count" || name == "uniqueCount" {
            continue;
        }
        out.push_str(&format!(" {name}={value}"));
    }
    out.push_str(&format!(" uniqueCount=\"{total}\">"));
    out.into_bytes()
}

/// The attributes of a tag's inside after its name: (name, quoted value as written).
fn attributes(mut rest: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start();
        let Some(eq) = rest.find('=') else { break };
        let name = rest[..eq].trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(end) = rest[1..].find(quote) else {
            break;
        };
        out.push((name, rest[..end + 2].to_string()));
        rest = &rest[end + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (the user's table, the tool's texts, the table written): the user's entries as they were,
    /// the tool's after them, the counts made right, in the user's prefix.
    #[test]
    fn the_tools_texts_follow_the_users() {
        let ns = NS_MAIN;
        let cases: [(String, &[&str], String); 4] = [
            (
                format!("<?xml version=\"1.0\"?>\n<sst xmlns=\"{ns}\" count=\"5\" uniqueCount=\"2\"><si><t>a</t></si><si><t>b &amp; c</t></si></sst>"),
                &["open", "Voer een DPIA uit"],
                format!("<?xml version=\"1.0\"?>\n<sst xmlns=\"{ns}\" uniqueCount=\"4\"><si><t>a</t></si><si><t>b &amp; c</t></si><si><t xml:space=\"preserve\">open</t></si><si><t xml:space=\"preserve\">Voer een DPIA uit</t></si></sst>"),
            ),
            (
                format!("<x:sst xmlns:x='{ns}' uniqueCount='1'><x:si><x:t>a</x:t></x:si></x:sst>"),
                &["<b>"],
                format!("<x:sst xmlns:x='{ns}' uniqueCount=\"2\"><x:si><x:t>a</x:t></x:si><x:si><x:t xml:space=\"preserve\">&lt;b&gt;</x:t></x:si></x:sst>"),
            ),
            (
                format!("<sst xmlns=\"{ns}\"/>"),
                &["open"],
                format!("<sst xmlns=\"{ns}\" uniqueCount=\"1\"><si><t xml:space=\"preserve\">open</t></si></sst>"),
            ),
            (
                format!("<sst xmlns=\"{ns}\" count=\"1\" uniqueCount=\"1\"><si><r><t>rich</t></r></si></sst>"),
                &[],
                format!("<sst xmlns=\"{ns}\" uniqueCount=\"1\"><si><r><t>rich</t></r></si></sst>"),
            ),
        ];
        for (user, texts, expected) in cases {
            let wanted = texts.iter().copied().collect();
            let table = read_table(user.as_bytes(), &wanted, Lang::Nl).unwrap();
            let shared = SharedTexts::new(table, texts.iter().map(|t| t.to_string()));
            let mut out = Vec::new();
            shared
                .append_to(user.as_bytes(), &mut out, Lang::Nl)
                .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{user}");
        }
    }

    /// Numbers follow the user's entries; a repeated or empty text is stored once or not at all.
    #[test]
    fn texts_are_numbered_after_the_users() {
        let user = UserTable {
            entries: 7,
            ..UserTable::default()
        };
        let shared = SharedTexts::new(
            user,
            ["open", "", "M-GEV-01", "open", "jurist"].map(String::from),
        );
        let numbers: Vec<Option<u32>> = ["open", "M-GEV-01", "jurist", "", "other"]
            .iter()
            .map(|t| shared.number(t))
            .collect();
        assert_eq!(numbers, [Some(7), Some(8), Some(9), None, None]);
        let mut table = Vec::new();
        SharedTexts::new(UserTable::default(), ["a & b".to_string()])
            .write_table(&mut table)
            .unwrap();
        assert!(String::from_utf8(table)
            .unwrap()
            .ends_with("uniqueCount=\"1\"><si><t xml:space=\"preserve\">a &amp; b</t></si></sst>"));
    }

    /// A text the user's table holds as a plain entry is named by its number there, and added
    /// only when it is not (formatted, or absent): scoring an annotated workbook again adds
    /// nothing.
    #[test]
    fn texts_the_users_table_holds_are_not_added_again() {
        let ns = NS_MAIN;
        let user = format!("<sst xmlns=\"{ns}\"><si><t>a</t></si><si><t xml:space=\"preserve\">open</t></si><si><r><t>jurist</t></r></si><si><t>R&amp;D</t></si><si/></sst>");
        let texts = ["open", "jurist", "R&D", "new"];
        let wanted = texts.iter().copied().collect();
        let table = read_table(user.as_bytes(), &wanted, Lang::Nl).unwrap();
        assert_eq!(table.entries, 5);
        let shared = SharedTexts::new(table, texts.map(String::from));
        let numbers: Vec<Option<u32>> = texts.iter().map(|t| shared.number(t)).collect();
        assert_eq!(numbers, [Some(1), Some(5), Some(3), Some(6)]);
        assert!(!shared.adds_nothing());
        let all: std::collections::HashSet<&str> = ["a", "open"].into_iter().collect();
        let again = SharedTexts::new(
            read_table(user.as_bytes(), &all, Lang::Nl).unwrap(),
            ["open", "a"].map(String::from),
        );
        assert!(again.adds_nothing());
        assert_eq!(again.number("a"), Some(0));
    }

    /// A part without a table is refused rather than extended.
    #[test]
    fn a_part_without_a_table_is_refused() {
        let shared = SharedTexts::new(UserTable::default(), ["x".to_string()]);
        assert!(shared
            .append_to(&b"<other/>"[..], &mut Vec::new(), Lang::En)
            .is_err());
    }
}
