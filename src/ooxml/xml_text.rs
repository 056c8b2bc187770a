//! XML text as OOXML writes it: escaping for element content and attributes (with OOXML's
//! `_xHHHH_` for characters XML 1.0 does not allow) and undoing it.

/// The attribute a `<t>` element of `text` needs: ` xml:space="preserve"` where XML would
/// otherwise let a reader drop whitespace (at either end, line breaks, tabs), else nothing. A
/// cell of the list sheets and the register's added columns is written without it where it can
/// be: 21 bytes on each of millions of cells.
pub fn space_attr(text: &str) -> &'static str {
    let keep = text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
        || text.contains(['\n', '\r', '\t']);
    if keep {
        " xml:space=\"preserve\""
    } else {
        ""
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

fn escape_into(s: &str, out: &mut String, quotes: bool) {
    let bytes = s.as_bytes();
    // Most texts need nothing escaped: find the first byte that may, and copy up to it whole.
    // (U+FFFE and U+FFFF start with 0xEF in UTF-8.)
    let special = |b: u8| {
        matches!(b, b'&' | b'<' | b'>' | b'_' | 0xEF)
            || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (quotes && b == b'"')
    };
    let Some(first) = bytes.iter().position(|&b| special(b)) else {
        out.push_str(s);
        return;
    };
    out.push_str(&s[..first]);
    for (i, ch) in s[first..].char_indices().map(|(i, c)| (i + first, c)) {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            '_' if looks_escaped(&bytes[i..]) => out.push_str("_x005F_"),
            c => out.push(c),
        }
    }
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
        ];
        for (text, keep) in cases {
            assert_eq!(space_attr(text).is_empty(), !keep, "{text:?}");
        }
    }
}
