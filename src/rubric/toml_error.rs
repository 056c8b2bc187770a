//! The TOML reader's errors in the run's language: the line and column of the mistake and its
//! words translated, with the rubric's own terms left as they are.

use super::*;

/// A TOML error on one line: where (line and column, counted as an editor does), what, and the
/// line itself, instead of the parser's multi-line picture whose caret points at nothing once
/// folded.
pub(super) fn toml_message(e: &toml::de::Error, text: &str, lang: Lang) -> String {
    let what = e.message().trim().replace('\n', " ");
    let what = match lang {
        crate::lang::Lang::Nl => toml_words_nl(&what),
        crate::lang::Lang::En => toml_words_en(&what),
    };
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

/// The TOML reader's own words, in Dutch: its messages are built from a few fixed phrases and
/// type names (serde's `invalid type: …, expected …`, the parser's `duplicate key`); those are
/// translated, longest first, as whole words. What stands between quotes or backticks is the
/// user's text or a key, and stays as it is; a phrase not in the table stays English.
pub(super) fn toml_words_nl(what: &str) -> String {
    const PHRASES: [(&str, &str); 35] = [
        (
            "missing comma between array elements",
            "komma ontbreekt tussen de elementen van de lijst",
        ),
        (
            "string values must be quoted",
            "tekst hoort tussen aanhalingstekens",
        ),
        (
            "invalid basic string",
            "ongeldige tekst tussen aanhalingstekens",
        ),
        ("literal string", "tekst tussen enkele aanhalingstekens"),
        ("there are no fields", "hier horen geen sleutels"),
        ("there are no variants", "hier horen geen waarden"),
        ("expected one of", "verwacht een van"),
        ("expected nothing", "hier hoort niets"),
        ("invalid type:", "verkeerde soort waarde:"),
        ("invalid value:", "ongeldige waarde:"),
        ("invalid length", "verkeerde lengte"),
        ("unknown field", "onbekende sleutel"),
        ("unknown variant", "onbekende waarde"),
        ("missing field", "ontbrekende sleutel"),
        ("duplicate field", "dubbele sleutel"),
        ("duplicate key", "dubbele sleutel"),
        ("floating point", "kommagetal"),
        ("a sequence", "een lijst"),
        ("a string", "tekst"),
        ("a boolean", "true of false"),
        ("a map", "een tabel"),
        ("expected", "verwacht"),
        ("integer", "geheel getal"),
        ("string", "tekst"),
        ("boolean", "true/false"),
        ("sequence", "lijst"),
        ("map", "tabel"),
        ("extra", "overbodig"),
        ("u8", "een geheel getal van 0 tot en met 255"),
        ("u16", "een geheel getal van 0 tot en met 65.535"),
        ("u32", "een geheel getal van 0 tot en met 4.294.967.295"),
        ("u64", "een geheel getal vanaf 0"),
        ("i64", "een geheel getal"),
        ("f64", "een getal"),
        ("or", "of"),
    ];
    outside_quotes(what, |plain| translate_words(plain, &PHRASES))
}

/// The TOML reader's type names in words (`u8` is "a whole number from 0 to 255"); the rest
/// stays.
pub(super) fn toml_words_en(what: &str) -> String {
    const PHRASES: [(&str, &str); 6] = [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65,535"),
        ("u32", "a whole number from 0 to 4,294,967,295"),
        ("u64", "a whole number from 0"),
        ("i64", "a whole number"),
        ("f64", "a number"),
    ];
    outside_quotes(what, |plain| translate_words(plain, &PHRASES))
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
