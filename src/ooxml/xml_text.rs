//! XML text as OOXML writes it: escaping for element content and attributes (with OOXML's
//! `_xHHHH_` for characters XML 1.0 does not allow) and undoing it.

/// The attribute a `<t>` element of `text` needs: ` xml:space="preserve"` where XML would
/// otherwise let a reader drop whitespace (at either end, line breaks, tabs), else nothing. A
/// cell of the list sheets and the register's added columns is written without it where it can
/// be: 21 bytes on each of millions of cells.
pub fn space_attr(text: &str) -> &'static str {
    space_attr_of(text.as_bytes())
}

/// `space_attr` of a text's UTF-8 bytes.
pub fn space_attr_of(text: &[u8]) -> &'static str {
    // The first and the last character: a UTF-8 sequence is at most four bytes, and its
    // continuation bytes are 0b10xx_xxxx.
    let first = text.get(..text.len().min(4)).and_then(|b| {
        let n = (1..b.len())
            .find(|&i| b[i] & 0xC0 != 0x80)
            .unwrap_or(b.len());
        std::str::from_utf8(&b[..n]).ok()?.chars().next()
    });
    let last = text.len().checked_sub(1).and_then(|end| {
        let start = (end.saturating_sub(3)..=end)
            .rev()
            .find(|&i| text[i] & 0xC0 != 0x80)?;
        std::str::from_utf8(&text[start..]).ok()?.chars().next()
    });
    let keep = first.is_some_and(char::is_whitespace)
        || last.is_some_and(char::is_whitespace)
        || memchr::memchr3(b'\n', b'\r', b'\t', text).is_some();
    if keep {
        " xml:space=\"preserve\""
    } else {
        ""
    }
}

/// `x` as Rust shows it (the shortest text that reads back as `x`); a whole number is written
/// without formatting machinery, which millions of cells would feel.
pub fn push_number(out: &mut String, x: f64) {
    // Whole numbers below 2^53 read the same as integers; `{x}` of 3.0 is "3" too. Minus zero
    // is left to `{x}` ("-0").
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 && !(x == 0.0 && x.is_sign_negative())
    {
        out.push_str(itoa::Buffer::new().format(x as i64));
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "{x}");
    }
}

/// `push_number` into bytes.
pub fn push_number_bytes(out: &mut Vec<u8>, x: f64) {
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 && !(x == 0.0 && x.is_sign_negative())
    {
        out.extend_from_slice(itoa::Buffer::new().format(x as i64).as_bytes());
    } else {
        use std::io::Write as _;
        let _ = write!(out, "{x}");
    }
}

/// Undo XML escaping (`&amp;`, `&#233;`, `&#xE9;`).
pub fn unescape(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    if !s.contains('&') {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = &*s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// XML-escape a text for an element's content or an attribute value. Characters XML 1.0 does
/// not allow (control characters) are written as OOXML's `_xHHHH_`, and a literal `_xHHHH_` in
/// the text gets its underscore escaped so a reader does not decode it.
pub fn escape(s: &str, out: &mut String) {
    escape_into(s, out, true);
}

/// XML-escape a text for an element's content (quotes stay as they are).
pub fn escape_text(s: &str, out: &mut String) {
    escape_into(s, out, false);
}

/// Which bytes may need escaping: 1 in element content and attributes, 2 in attributes only.
/// (U+FFFE and U+FFFF start with 0xEF in UTF-8; a tab, line feed and carriage return stay.)
const SPECIAL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        if !matches!(b as u8, b'\t' | b'\n' | b'\r') {
            t[b] = 1;
        }
        b += 1;
    }
    t[b'&' as usize] = 1;
    t[b'<' as usize] = 1;
    t[b'>' as usize] = 1;
    t[b'_' as usize] = 1;
    t[0xEF] = 1;
    t[b'"' as usize] = 2;
    t
};

fn escape_into(s: &str, out: &mut String, quotes: bool) {
    // Every run between replacements ends on a character boundary (below).
    escape_runs(s.as_bytes(), quotes, |run| match run {
        Run::Kept(r) => out.push_str(&s[r]),
        Run::Replaced(t) => out.push_str(t),
    });
}

/// `escape_text` of a text's UTF-8 bytes, into bytes.
pub fn escape_text_bytes(s: &[u8], out: &mut Vec<u8>) {
    escape_runs(s, false, |run| match run {
        Run::Kept(r) => out.extend_from_slice(&s[r]),
        Run::Replaced(t) => out.extend_from_slice(t.as_bytes()),
    });
}

/// A piece of an escaped text: a run of the text as it stands, or what replaces a byte.
enum Run<'a> {
    Kept(std::ops::Range<usize>),
    Replaced(&'a str),
}

/// The escaped text, run by run.
fn escape_runs(bytes: &[u8], quotes: bool, mut emit: impl FnMut(Run<'_>)) {
    let mask = if quotes { 3 } else { 1 };
    // Most of a text needs nothing escaped: the runs between bytes that may are copied whole.
    // Every such byte is ASCII or a UTF-8 lead byte, so each run ends on a character boundary.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if SPECIAL[usize::from(b)] & mask == 0 {
            i += 1;
            continue;
        }
        let control;
        let replacement: Option<&str> = match b {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'"' => Some("&quot;"),
            b'_' if looks_escaped(&bytes[i..]) => Some("_x005F_"),
            b'_' => None,
            0xEF => match bytes.get(i + 1..i + 3) {
                Some([0xBF, 0xBE]) => Some("_xFFFE_"),
                Some([0xBF, 0xBF]) => Some("_xFFFF_"),
                _ => None,
            },
            c => {
                control = format!("_x{:04X}_", u32::from(c));
                Some(&control)
            }
        };
        match replacement {
            Some(r) => {
                emit(Run::Kept(run..i));
                emit(Run::Replaced(r));
                i += if b == 0xEF { 3 } else { 1 };
                run = i;
            }
            None => i += 1,
        }
    }
    emit(Run::Kept(run..bytes.len()));
}

fn looks_escaped(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// `s` escaped.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, whether it needs `xml:space="preserve"`).
    #[test]
    fn whitespace_is_kept_where_xml_would_drop_it() {
        let cases = [
            ("Hoog", false),
            ("DPIA ontbreekt; afgeleid", false),
            ("", false),
            (" voor", true),
            ("na ", true),
            ("twee\nregels", true),
            ("tab\there", true),
            ("a\u{a0}", true),
            ("\u{a0}a", true),
            ("\u{3000}", true),
            ("→", false),
            ("a→", false),
            ("é", false),
            ("\u{1F600}", false),
            ("x\u{1F600}", false),
            ("\u{2003}\u{1F600}", true),
            ("\u{1F600}\u{2003}", true),
        ];
        for (text, keep) in cases {
            assert_eq!(space_attr(text).is_empty(), !keep, "{text:?}");
            // The same of its bytes (the rewrite writes a row's texts from bytes).
            assert_eq!(space_attr_of(text.as_bytes()).is_empty(), !keep, "{text:?}");
        }
    }

    /// (text, escaped for element content, escaped for an attribute).
    #[test]
    fn texts_are_escaped_as_xml_and_ooxml_want() {
        let cases = [
            ("", "", ""),
            ("Hoog", "Hoog", "Hoog"),
            (
                "a & b < c > d",
                "a &amp; b &lt; c &gt; d",
                "a &amp; b &lt; c &gt; d",
            ),
            ("\"quoted\"", "\"quoted\"", "&quot;quoted&quot;"),
            (
                "tab\tline\nreturn\r",
                "tab\tline\nreturn\r",
                "tab\tline\nreturn\r",
            ),
            ("bell\u{7}", "bell_x0007_", "bell_x0007_"),
            ("\u{0}\u{1f}", "_x0000__x001F_", "_x0000__x001F_"),
            ("snake_case", "snake_case", "snake_case"),
            ("_x0041_", "_x005F_x0041_", "_x005F_x0041_"),
            ("_x004_", "_x004_", "_x004_"),
            ("end_", "end_", "end_"),
            ("\u{FFFE}|\u{FFFF}", "_xFFFE_|_xFFFF_", "_xFFFE_|_xFFFF_"),
            // Other characters with UTF-8 lead byte 0xEF stay as they are.
            ("\u{FFFD}\u{F900}", "\u{FFFD}\u{F900}", "\u{FFFD}\u{F900}"),
            ("café → ≥ 5 — ok", "café → ≥ 5 — ok", "café → ≥ 5 — ok"),
        ];
        for (text, content, attribute) in cases {
            let mut out = String::new();
            escape_text(text, &mut out);
            assert_eq!(out, content, "{text:?}");
            let mut bytes = Vec::new();
            escape_text_bytes(text.as_bytes(), &mut bytes);
            assert_eq!(bytes, content.as_bytes(), "{text:?}");
            assert_eq!(escaped(text), attribute, "{text:?}");
            // XML's escapes undone give the text (OOXML's `_xHHHH_` are a reader's business).
            if !attribute.contains("_x") {
                assert_eq!(unescape(attribute.as_bytes()), text, "{text:?}");
            }
        }
    }

    /// (number, as written): the same text as `{x}` shows.
    #[test]
    fn numbers_are_written_as_rust_shows_them() {
        let cases = [
            (0.0, "0"),
            (-0.0, "-0"),
            (3.0, "3"),
            (-17.0, "-17"),
            (2.5, "2.5"),
            (0.1, "0.1"),
            (1e15, "1000000000000000"),
            (9_007_199_254_740_991.0, "9007199254740991"),
            (9_007_199_254_740_992.0, "9007199254740992"),
            (1e300, &format!("{}", 1e300)),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
        ];
        for (x, text) in cases {
            let mut out = String::new();
            push_number(&mut out, x);
            assert_eq!(out, text, "{x}");
            let mut bytes = Vec::new();
            push_number_bytes(&mut bytes, x);
            assert_eq!(bytes, text.as_bytes(), "{x}");
            assert_eq!(out, format!("{x}"), "{x}");
        }
    }
}
