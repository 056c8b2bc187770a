//! The TOML reader's errors in the run's language: the line and column of the mistake and its
//! words translated, with the rubric's own terms left as they are.

use super::*;

/// A TOML error on one line: where (line and column, counted as an editor does), what, and the
/// line itself, instead of the parser's multi-line picture whose caret points at nothing once
/// folded.
pub(super) fn toml_message(e: &toml::de::Error, text: &str, lang: Lang) -> String {
    let what = e.message().trim().replace('\n', " ");
    let what = toml_words(&what, lang);
    let Some(at) = e.span().map(|s| s.start.min(text.len())) else {
        return what;
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    let shown: String = text[line_start..]
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(80)
        .collect();
    M::TOML_WHERE.with(lang, &[&line, &column, &what, &shown.trim()])
}

/// The TOML reader's own words in `lang`: its messages are built from a few fixed phrases and
/// type names (serde's `invalid type: …, expected …`, the parser's `duplicate key`); those are
/// translated from the catalogue (`messages::TOML_PHRASES`), longest first, as whole words. What
/// stands between quotes or backticks is the user's text or a key, and stays as it is; a phrase
/// not in the table stays as the library wrote it.
pub(super) fn toml_words(what: &str, lang: Lang) -> String {
    let table: Vec<(&str, &str)> = M::TOML_PHRASES
        .iter()
        .map(|(phrase, text)| (*phrase, text.get(lang)))
        .collect();
    outside_quotes(what, |plain| translate_words(plain, &table))
}

/// `what` with `f` applied to the parts outside quotes and backticks (the user's text and keys
/// stand between them), also when a quote is not closed.
pub(super) fn outside_quotes(what: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(what.len() + 16);
    let mut rest = what;
    while !rest.is_empty() {
        let open = rest.find(['`', '"']).unwrap_or(rest.len());
        let (plain, quoted) = rest.split_at(open);
        out.push_str(&f(plain));
        let Some(q) = quoted.chars().next() else {
            break;
        };
        // The closing quote; inside double quotes `\"` is an escaped one, not the end.
        let mut close = quoted.len();
        let mut escaped = false;
        for (i, c) in quoted.char_indices().skip(1) {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                close = i + 1;
                break;
            }
        }
        out.push_str(&quoted[..close]);
        rest = &quoted[close..];
    }
    out
}

/// `text` with every phrase of `table` that stands as whole words replaced, the first (longest)
/// that fits at each place.
pub(super) fn translate_words(text: &str, table: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    while i < text.len() {
        let before = text[..i].chars().next_back();
        let found = (!word_char(before))
            .then(|| {
                table.iter().find(|(en, _)| {
                    text[i..].starts_with(en) && !word_char(text[i + en.len()..].chars().next())
                })
            })
            .flatten();
        match found {
            Some((en, nl)) => {
                out.push_str(nl);
                i += en.len();
            }
            None => {
                let c = text[i..].chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}
