//! A streaming tokenizer for a worksheet part: text runs and tags, as byte slices of the inflated
//! part, so that the in-place writer copies the user's XML through byte for byte and only looks
//! at the few tags it changes. quick-xml would re-serialise what it reads; here nothing the user
//! wrote is re-encoded. Tags are found with `memchr` and ended outside quoted attribute values
//! (an attribute may hold a literal `>`); comments, CDATA and processing instructions are whole
//! tokens. A tag longer than `MAX_TAG` bytes is refused rather than buffered without end.

use crate::lang::Lang;
use crate::messages as M;
use std::io::Read;

use anyhow::{bail, Context as _, Result};

/// The longest tag accepted (a cell tag is tens of bytes; a `<sheetView>` a few hundred).
const MAX_TAG: usize = 16 << 20;
/// Bytes read from the inflater at a time.
const CHUNK: usize = 256 * 1024;
/// Bytes of a tag or text looked at one by one before `memchr` takes over.
const SHORT: usize = 64;

/// What a token is. (A word wide: a token is then copied without its padding, which the
/// compiler otherwise moved in overlapping pieces, stalling the reader on every token.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Kind {
    /// Character data (may be split across several tokens).
    Text,
    /// `<name …>`.
    Start,
    /// `</name>`.
    End,
    /// `<name …/>`.
    Empty,
    /// Declaration, comment, CDATA or processing instruction.
    Other,
}

/// A token of the part.
pub struct Token<'a> {
    /// Its kind.
    pub kind: Kind,
    /// Its bytes as they stand in the part.
    pub bytes: &'a [u8],
}

impl Token<'_> {
    /// The element's name with its prefix (`x:c`), for tags.
    pub fn name(&self) -> &[u8] {
        let b = self.bytes;
        let start = if b.starts_with(b"</") { 2 } else { 1 };
        let end = b[start..]
            .iter()
            .position(|&c| c == b' ' || c == b'/' || c == b'>' || c.is_ascii_whitespace())
            .map_or(b.len(), |p| p + start);
        &b[start..end]
    }

    /// The element's local name (`c` for `x:c`).
    pub fn local(&self) -> &[u8] {
        let name = self.name();
        match name.iter().position(|&c| c == b':') {
            Some(i) => &name[i + 1..],
            None => name,
        }
    }

    /// The raw value of attribute `key` (by full name), not unescaped.
    pub fn attr(&self, key: &[u8]) -> Option<&[u8]> {
        attr(self.bytes, key)
    }
}

/// The raw value of attribute `key` in a tag's bytes.
pub fn attr<'a>(tag: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    attrs(tag).find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// The raw values of attributes `keys` in a tag's bytes, in one pass over its attributes (a
/// cell's `r`, `s` and `t` are asked of every cell).
pub fn attrs_of<'a, const N: usize>(tag: &'a [u8], keys: [&[u8]; N]) -> [Option<&'a [u8]>; N] {
    let mut found = [None; N];
    for (k, v) in attrs(tag) {
        if let Some(i) = keys.iter().position(|key| *key == k) {
            if found[i].is_none() {
                found[i] = Some(v);
            }
        }
    }
    found
}

/// The attributes of a tag as (name, raw value) pairs.
pub fn attrs(tag: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut i = tag
        .iter()
        .position(|&c| c.is_ascii_whitespace())
        .unwrap_or(tag.len());
    std::iter::from_fn(move || {
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < tag.len() && tag[i] != b'=' && !tag[i].is_ascii_whitespace() {
            if tag[i] == b'>' || tag[i] == b'/' {
                return None;
            }
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < tag.len() && (tag[i].is_ascii_whitespace() || tag[i] == b'=') {
            i += 1;
        }
        let quote = *tag.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        i += 1;
        let value_start = i;
        // Values are mostly a few bytes: a loop, not `memchr`'s set-up for each.
        let len = tag[i..].iter().position(|&c| c == quote)?;
        i += len + 1;
        Some((name, &tag[value_start..value_start + len]))
    })
}

/// The tag with attribute `key` set to `value` (replaced where it stands, else added last).
pub fn set_attr(tag: &[u8], key: &[u8], value: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(tag.len() + value.len() + key.len() + 4);
    if let Some(raw) = attr(tag, key) {
        // `raw` is a slice of `tag`: replace it in place.
        let start = raw.as_ptr() as usize - tag.as_ptr() as usize;
        out.extend_from_slice(&tag[..start]);
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(&tag[start + raw.len()..]);
        return out;
    }
    let end = if tag.ends_with(b"/>") {
        tag.len() - 2
    } else {
        tag.len() - 1
    };
    out.extend_from_slice(&tag[..end]);
    out.push(b' ');
    out.extend_from_slice(key);
    out.extend_from_slice(b"=\"");
    out.extend_from_slice(value.as_bytes());
    out.push(b'"');
    out.extend_from_slice(&tag[end..]);
    out
}

/// The tag without attribute `key`.
pub fn remove_attr(tag: &[u8], key: &[u8]) -> Vec<u8> {
    let Some(raw) = attr(tag, key) else {
        return tag.to_vec();
    };
    let value_start = raw.as_ptr() as usize - tag.as_ptr() as usize;
    // Back from the value over `="` and the name to the space before it.
    let name_at = tag[..value_start]
        .windows(key.len())
        .rposition(|w| w == key)
        .unwrap_or(value_start);
    let mut cut_from = name_at;
    while cut_from > 0 && tag[cut_from - 1].is_ascii_whitespace() {
        cut_from -= 1;
    }
    let mut out = tag[..cut_from].to_vec();
    out.extend_from_slice(&tag[value_start + raw.len() + 1..]);
    out
}

/// Tokens of a part, read as it inflates.
pub struct Scanner<R: Read> {
    src: R,
    /// Bytes read; those from `pos` to `end` not yet handed out. Past `end` it is room for the
    /// next read, zeroed once when it grows rather than on every read.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// The language of its errors.
    lang: Lang,
}

impl<R: Read> Scanner<R> {
    /// A scanner over `src`.
    pub fn new(src: R, lang: Lang) -> Scanner<R> {
        Scanner {
            src,
            lang,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            eof: false,
        }
    }

    /// Read more bytes, keeping those from `pos` on. False at the end of the part.
    fn fill(&mut self) -> Result<bool> {
        let lang = self.lang;
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.buf.len() < self.end + CHUNK {
            self.buf.resize(self.end + CHUNK, 0);
        }
        let n = self
            .src
            .read(&mut self.buf[self.end..self.end + CHUNK])
            .context(M::SHEET_NOT_UNPACKED.get(lang))?;
        self.end += n;
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    /// The next token, or `None` at the end.
    #[inline]
    pub fn next_token(&mut self) -> Result<Option<Token<'_>>> {
        let lang = self.lang;
        if self.pos >= self.end && !self.fill()? {
            return Ok(None);
        }
        if self.buf[self.pos] != b'<' {
            let rest = &self.buf[self.pos..self.end];
            // Most texts are a few bytes (a number, an index, a short name): a loop over the
            // first of them before `memchr`'s set-up.
            let head = rest.len().min(SHORT);
            let len = match rest[..head].iter().position(|&c| c == b'<') {
                Some(n) => n,
                None => memchr::memchr(b'<', &rest[head..]).map_or(rest.len(), |n| head + n),
            };
            let start = self.pos;
            self.pos += len;
            return Ok(Some(Token {
                kind: Kind::Text,
                bytes: &self.buf[start..start + len],
            }));
        }
        loop {
            if let Some((len, kind)) = tag_len(&self.buf[self.pos..self.end]) {
                let start = self.pos;
                self.pos += len;
                return Ok(Some(Token {
                    kind,
                    bytes: &self.buf[start..start + len],
                }));
            }
            if self.end - self.pos > MAX_TAG {
                bail!(M::ELEMENT_TOO_LARGE.with(lang, &[&MAX_TAG]));
            }
            if !self.fill()? {
                bail!(M::SHEET_CUT_OFF.get(lang));
            }
        }
    }
}

impl<R: Read> Scanner<R> {
    /// The bytes read and not yet handed out: at least `want` of them, fewer only where the part
    /// ends first. (What a caller takes of them it passes over with `skip`.)
    pub fn ahead(&mut self, want: usize) -> Result<&[u8]> {
        while self.end - self.pos < want && self.fill()? {}
        Ok(&self.buf[self.pos..self.end])
    }

    /// Pass over `n` bytes of what `ahead` gave (at most all of them).
    pub fn skip(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.end);
    }

    /// Hand the bytes up to the next end tag `</name` (`end` finds `</name`; followed by `>` or
    /// white space) to `out`, without cutting them into tokens, and stop before it: that end
    /// tag is the next token. The caller vouches that the first such end tag is the one that
    /// closes the element: no element of the same name inside it, and no comment, CDATA section
    /// or processing instruction in it (in XML a `<` stands nowhere else unescaped). False when
    /// the part ends first (everything read was handed out).
    pub fn copy_to_end_tag(
        &mut self,
        end: &memchr::memmem::Finder<'_>,
        out: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<bool> {
        let needle = end.needle();
        // Where the search goes on, relative to `pos`: bytes before it hold no end tag.
        let mut from = 0;
        loop {
            let hay = &self.buf[self.pos + from..self.end];
            match end.find(hay) {
                Some(i) => {
                    let at = self.pos + from + i;
                    let after = at + needle.len();
                    if after >= self.end {
                        // The byte after the name is not read yet.
                        from = at - self.pos;
                        if !self.fill()? {
                            break;
                        }
                        continue;
                    }
                    let next = self.buf[after];
                    if next == b'>' || next.is_ascii_whitespace() {
                        out(&self.buf[self.pos..at])?;
                        self.pos = at;
                        return Ok(true);
                    }
                    from = at + 1 - self.pos;
                }
                None => {
                    // Hand out all but a tail that may be the start of the end tag.
                    let keep = needle.len() - 1;
                    let upto = self.end.saturating_sub(keep).max(self.pos);
                    out(&self.buf[self.pos..upto])?;
                    self.pos = upto;
                    from = 0;
                    if !self.fill()? {
                        break;
                    }
                }
            }
        }
        out(&self.buf[self.pos..self.end])?;
        self.pos = self.end;
        Ok(false)
    }
}

/// How far into a tag its end is looked for eight bytes at a time; beyond, `memchr` takes over
/// (a tag of megabytes, read again at each refill of the buffer, is not read byte by byte).
const LONG_TAG: usize = 256;

/// The high bit of each byte of `word` that equals `byte`, and no other bit (exact, unlike the
/// shorter test for whether any byte does: no borrow runs from one byte into the next).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// The length and kind of the tag at the start of `b` (which starts with `<`), or `None` when it
/// does not end within `b`.
pub(crate) fn tag_len(b: &[u8]) -> Option<(usize, Kind)> {
    let ends = |pat: &[u8], from: usize| {
        memchr::memmem::find(&b[from..], pat).map(|i| from + i + pat.len())
    };
    if b.starts_with(b"<!--") {
        return ends(b"-->", 4).map(|n| (n, Kind::Other));
    }
    if b.starts_with(b"<![CDATA[") {
        return ends(b"]]>", 9).map(|n| (n, Kind::Other));
    }
    if b.len() < 9 && (b"<![CDATA[".starts_with(b) || b"<!--".starts_with(b)) {
        return None;
    }
    if b.starts_with(b"<?") {
        return ends(b"?>", 2).map(|n| (n, Kind::Other));
    }
    let kind = |i: usize| {
        if b[1] == b'/' {
            Kind::End
        } else if b[i - 1] == b'/' {
            Kind::Empty
        } else if b[1] == b'!' {
            Kind::Other
        } else {
            Kind::Start
        }
    };
    // To the `>` that ends the tag, over quoted attribute values (which may hold a `>`). Eight
    // bytes at a time while the values are in double quotes, as writers write them (a cell's tag
    // is tens of bytes); from a `'` on, or near the end of `b`, byte by byte for a short way,
    // then with `memchr`.
    let mut i = 1;
    let mut in_double = false;
    while let Some(word) = b.get(i..i + 8).filter(|_| i < LONG_TAG) {
        let word = u64::from_le_bytes(word.try_into().ok()?);
        if bytes_equal(word, b'\'') != 0 {
            break;
        }
        let (gt, dq) = (bytes_equal(word, b'>'), bytes_equal(word, b'"'));
        let mut marks = gt | dq;
        while marks != 0 {
            let bit = marks.trailing_zeros();
            if dq & (1 << bit) != 0 {
                in_double = !in_double;
            } else if !in_double {
                let at = i + (bit / 8) as usize;
                return Some((at + 1, kind(at)));
            }
            marks &= marks - 1;
        }
        i += 8;
    }
    let mut quote = if in_double { b'"' } else { 0 };
    let short = i.saturating_add(SHORT);
    while i < b.len().min(short) {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'>' {
            return Some((i + 1, kind(i)));
        } else if c == b'"' || c == b'\'' {
            quote = c;
        }
        i += 1;
    }
    if quote != 0 {
        i += memchr::memchr(quote, b.get(i..)?)? + 1;
    }
    loop {
        i += memchr::memchr3(b'>', b'"', b'\'', b.get(i..)?)?;
        let c = b[i];
        if c != b'>' {
            i += 1 + memchr::memchr(c, b.get(i + 1..)?)? + 1;
            continue;
        }
        return Some((i + 1, kind(i)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out `.1` bytes at a time, to cross every boundary.
    struct Slow<'a>(&'a [u8], usize);
    impl Read for Slow<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(self.0.len()).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn tokens(xml: &str, chunk: usize) -> Vec<(Kind, String)> {
        let mut s = Scanner::new(Slow(xml.as_bytes(), chunk), crate::lang::Lang::Nl);
        let mut out: Vec<(Kind, String)> = Vec::new();
        while let Some(t) = s.next_token().unwrap() {
            let text = String::from_utf8_lossy(t.bytes).into_owned();
            match out.last_mut() {
                Some((Kind::Text, prev)) if t.kind == Kind::Text => prev.push_str(&text),
                _ => out.push((t.kind, text)),
            }
        }
        out
    }

    /// The part comes back whole, in the same tokens, whatever the read size.
    #[test]
    fn tokens_cover_the_part() {
        let xml = r#"<?xml version="1.0"?><x:worksheet a="1>2"><!-- <c> --><x:c r="A1" t='s'><x:v>3</x:v></x:c><x:c r="B1"/><![CDATA[<row>]]></x:worksheet>"#;
        let whole = tokens(xml, 1 << 20);
        for chunk in [1, 2, 3, 7, 64] {
            assert_eq!(tokens(xml, chunk), whole, "chunk {chunk}");
        }
        let kinds: Vec<Kind> = whole.iter().map(|(k, _)| *k).collect();
        use Kind::*;
        assert_eq!(
            kinds,
            [Other, Start, Other, Start, Start, Text, End, End, Empty, Other, End]
        );
        assert_eq!(
            whole.iter().map(|(_, t)| t.as_str()).collect::<String>(),
            xml
        );
    }

    /// A row's content handed out whole up to its end tag, whatever the read size: (part after
    /// the row's start tag, end tag looked for, bytes handed out, the next token, found).
    #[test]
    fn a_rows_content_is_copied_to_its_end_tag() {
        let cases = [
            (
                r#"<c r="A1"><v>1</v></c></row><row r="2">"#,
                "</row",
                r#"<c r="A1"><v>1</v></c>"#,
                "</row>",
                true,
            ),
            ("</row >x", "</row", "", "</row >", true),
            ("<c/></row\n>", "</row", "<c/>", "</row\n>", true),
            (
                "<rows/></rowx></row>",
                "</row",
                "<rows/></rowx>",
                "</row>",
                true,
            ),
            ("<x:c/></x:row>", "</x:row", "<x:c/>", "</x:row>", true),
            (
                "<x:c/></row></x:row>",
                "</x:row",
                "<x:c/></row>",
                "</x:row>",
                true,
            ),
            ("<c/></ro", "</row", "<c/></ro", "", false),
            ("<c/></row", "</row", "<c/></row", "", false),
            ("", "</row", "", "", false),
        ];
        for (xml, end, copied, next, found) in cases {
            for chunk in [1, 2, 3, 5, 7, 1 << 20] {
                let mut s = Scanner::new(Slow(xml.as_bytes(), chunk), crate::lang::Lang::Nl);
                let finder = memchr::memmem::Finder::new(end.as_bytes());
                let mut out = Vec::new();
                let got = s
                    .copy_to_end_tag(&finder, &mut |b| {
                        out.extend_from_slice(b);
                        Ok(())
                    })
                    .unwrap();
                let case = format!("{xml:?}, chunk {chunk}");
                assert_eq!(got, found, "{case}");
                assert_eq!(String::from_utf8_lossy(&out), copied, "{case}");
                let after = s
                    .next_token()
                    .unwrap()
                    .map(|t| String::from_utf8_lossy(t.bytes).into_owned());
                assert_eq!(after.unwrap_or_default(), next, "{case}");
            }
        }
    }

    /// A tag ends at its first `>` outside quotes wherever the quotes fall against the bytes
    /// read one by one (`SHORT`): before, across and after that boundary; a tag or quote not
    /// yet ended asks for more.
    #[test]
    fn tags_end_outside_quotes_across_the_short_boundary() {
        for pad in (0..(SHORT + 8)).chain(LONG_TAG - 16..LONG_TAG + 16) {
            let filler = "a".repeat(pad);
            let cases = [
                (format!(r#"<c x="{filler}>" y='>'>rest"#), Kind::Start),
                (format!(r#"<c r="A{filler}" s=">" t="s">rest"#), Kind::Start),
                (format!(r#"<row r="1"{filler}/>rest"#), Kind::Empty),
                (format!(r#"<c x="{filler}" y='">'>rest"#), Kind::Start),
                (format!(r#"<c x='{filler}' y=">'">rest"#), Kind::Start),
                (format!(r#"<c x='{filler}"'/>rest"#), Kind::Empty),
                (format!(r#"</{filler}>rest"#), Kind::End),
                (format!(r#"<c {filler}="1>2" />rest"#), Kind::Empty),
            ];
            for (xml, kind) in cases {
                let b = xml.as_bytes();
                let whole = xml.len() - "rest".len();
                assert_eq!(tag_len(b), Some((whole, kind)), "{xml}");
                for cut in 2..whole {
                    assert_eq!(tag_len(&b[..cut]), None, "{xml} cut at {cut}");
                }
            }
        }
    }

    /// The bytes of a word that equal a byte, and no others: (word's bytes, byte, the bytes
    /// marked), with neighbours that differ from it by one bit and by one (where a borrow of
    /// the shorter test would mark them).
    #[test]
    fn bytes_equal_marks_only_equal_bytes() {
        let cases: [(&[u8; 8], u8, &[usize]); 6] = [
            (b"<c r=\"A1", b'"', &[5]),
            (b"\">\"\"=?>>", b'>', &[1, 6, 7]),
            (b"\">\"\"=?>>", b'"', &[0, 2, 3]),
            (b"?>=<\x3e\xbe>\x00", b'>', &[1, 4, 6]),
            (b"\x01\x00\x01\x00\x01\x00\x01\x00", 0, &[1, 3, 5, 7]),
            (b"\xff\x80\x7f\x00\x01\xfe\xff\xff", 0xff, &[0, 6, 7]),
        ];
        for (bytes, byte, marked) in cases {
            let m = bytes_equal(u64::from_le_bytes(*bytes), byte);
            let want = marked.iter().fold(0u64, |m, i| m | 0x80 << (8 * i));
            assert_eq!(m, want, "{bytes:?} {byte}");
        }
    }

    /// (tag, key, value after set, tag after removal)
    #[test]
    fn attributes_change_in_place() {
        let cases = [
            (
                r#"<row r="5" spans="1:3">"#,
                "spans",
                r#"<row r="5" spans="1:20">"#,
                r#"<row r="5">"#,
            ),
            (
                r#"<row r="5"/>"#,
                "spans",
                r#"<row r="5" spans="1:20"/>"#,
                r#"<row r="5"/>"#,
            ),
            (
                r#"<col min="1" max="3" width="9"/>"#,
                "max",
                r#"<col min="1" max="1:20" width="9"/>"#,
                r#"<col min="1" width="9"/>"#,
            ),
        ];
        for (tag, key, set, removed) in cases {
            let t = tag.as_bytes();
            assert_eq!(
                String::from_utf8_lossy(&set_attr(t, key.as_bytes(), "1:20")),
                set
            );
            assert_eq!(
                String::from_utf8_lossy(&remove_attr(t, key.as_bytes())),
                removed
            );
        }
        assert_eq!(attr(br#"<c r="AB7" s="3">"#, b"s"), Some(&b"3"[..]));
        assert_eq!(attr(br#"<c r="AB7" xs="3">"#, b"s"), None);
    }
}
