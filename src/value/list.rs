//! Lists in one cell (`naam; adres, e-mail` or one item a line), split into their items.

use super::normalize;

/// Length in bytes of a word separator (`en`, `and`, `en/of`, `and/or`,
/// case-insensitive) at the start of `rest`, when followed by whitespace.
fn word_separator_len(rest: &str) -> Option<usize> {
    ["en/of", "and/or", "en", "and"].iter().find_map(|w| {
        let head = rest.get(..w.len())?;
        let after = rest.get(w.len()..)?;
        (head.eq_ignore_ascii_case(w) && after.chars().next().is_some_and(char::is_whitespace))
            .then_some(w.len())
    })
}

/// Trims whitespace and a leading bullet ("• x", "- x", "* x").
fn clean_item(item: &str) -> &str {
    let t = item.trim();
    for bullet in ['•', '·', '▪', '◦', '‣'] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim();
        }
    }
    for bullet in ['-', '*', '–', '—'] {
        if let Some(rest) = t.strip_prefix(bullet) {
            if rest.starts_with(char::is_whitespace) {
                return rest.trim();
            }
        }
    }
    t
}

/// Splits a list on `;` `,` `/` line breaks and the words ` en ` ` and `
/// (also ` en/of `, ` and/or `; case-insensitive, whitespace-bounded).
/// Separators inside balanced parentheses do not split
/// ("adres (straat, huisnummer)" is one item). Items are trimmed (and a
/// leading bullet removed), blanks dropped, duplicates by [`normalize`]
/// dropped keeping the first spelling.
pub fn parse_list(s: &str) -> Vec<String> {
    let last_close = s.rfind(')');
    let mut raw: Vec<&str> = Vec::new();
    let mut start = 0usize;
    let mut pos = 0usize;
    let mut depth = 0usize;
    while let Some(c) = s.get(pos..).and_then(|r| r.chars().next()) {
        let next = pos + c.len_utf8();
        match c {
            // A "(" without a later ")" does not protect anything.
            '(' if last_close.is_some_and(|lc| lc > pos) => depth = depth.saturating_add(1),
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ';' | ',' | '/' | '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' => {
                raw.push(s.get(start..pos).unwrap_or(""));
                start = next;
            }
            _ if c.is_whitespace() => {
                if let Some(len) = s.get(next..).and_then(word_separator_len) {
                    raw.push(s.get(start..pos).unwrap_or(""));
                    start = next + len;
                    pos = start;
                    continue;
                }
            }
            _ => {}
        }
        pos = next;
    }
    raw.push(s.get(start..).unwrap_or(""));

    // SipHash, not a faster unkeyed hash: the keys are a user's cell, which could be made of
    // items that all collide (SPEC's bounded time for a hostile workbook).
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for item in raw {
        let item = clean_item(item);
        let key = normalize(item);
        if key.is_empty() || !seen.insert(key) {
            continue;
        }
        out.push(item.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_table() {
        let cases: &[(&str, &[&str])] = &[
            ("naam; adres", &["naam", "adres"]),
            ("naam, adres", &["naam", "adres"]),
            ("naam/adres", &["naam", "adres"]),
            ("gezondheid en adres", &["gezondheid", "adres"]),
            ("gezondheid EN adres", &["gezondheid", "adres"]),
            ("name and address", &["name", "address"]),
            ("naam en/of adres", &["naam", "adres"]),
            ("naam\nadres\r\ntelefoon", &["naam", "adres", "telefoon"]),
            ("Naam; naam; NAAM", &["Naam"]),
            ("Naam; Náám ; adres", &["Naam", "adres"]),
            ("naam;; ; ,adres,", &["naam", "adres"]),
            ("", &[]),
            (" ; , / ", &[]),
            ("gender; ogen", &["gender", "ogen"]),
            (
                "adres (straat, huisnummer); naam",
                &["adres (straat, huisnummer)", "naam"],
            ),
            (
                "adres (straat, huisnummer",
                &["adres (straat", "huisnummer"],
            ),
            ("- naam\n- adres\n• bsn", &["naam", "adres", "bsn"]),
            ("e-mail; telefoon", &["e-mail", "telefoon"]),
            ("  naam  ", &["naam"]),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_list(input), want, "parse_list({input:?})");
        }
    }
}
