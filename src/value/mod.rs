//! Cell value parsing for the processing register (docs/register.md#values).
//!
//! Everything here is total: no function panics on any input, whatever its
//! length or content. Text matching is case-, diacritic- and
//! surrounding-whitespace-insensitive (see [`normalize`]).
//!
//! Here: levels and the words that name them in a cell, yes/no, normalisation of texts and headers. Beside it: `count`
//! (counts as people write them, and counts shown with the language's thousands), `list` (the
//! items of a cell) and `date` (written dates and Excel's serials).

use std::borrow::Cow;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

// ---------------------------------------------------------------------------
// Levels, yes/no
// ---------------------------------------------------------------------------

/// Risk level, ordered None < Low < Medium < High.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    None,
    Low,
    Medium,
    High,
}

impl Level {
    /// 0, 1, 2, 3.
    pub fn points(self) -> u32 {
        match self {
            Level::None => 0,
            Level::Low => 1,
            Level::Medium => 2,
            Level::High => 3,
        }
    }

    /// "none", "low", "medium", "high".
    pub fn key(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    /// One step up, saturating at High.
    pub fn raised(self) -> Level {
        match self {
            Level::None => Level::Low,
            Level::Low => Level::Medium,
            Level::Medium | Level::High => Level::High,
        }
    }

    /// One step down, saturating at None.
    pub fn lowered(self) -> Level {
        match self {
            Level::None | Level::Low => Level::None,
            Level::Medium => Level::Low,
            Level::High => Level::Medium,
        }
    }
}

/// What a level-ish text said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelWord {
    Level(Level),
    Unknown,
    NotApplicable,
}

/// A yes/no answer; `Partly` only where the caller allows it (`masking`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YesNo {
    Yes,
    No,
    Partly,
}

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

/// Characters that are dropped outright: zero-width characters, BOM, soft hyphen.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Lower case, diacritics removed (NFD, combining marks dropped; ß→ss, æ→ae,
/// œ→oe, ø→o, ĳ→ij, ...), every whitespace run (including NBSP U+00A0, U+202F,
/// tabs and line breaks) collapsed to one space, trimmed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Nearly every cell of a register is ASCII, and most others are too but for a dash or an
    // accent: taken a run of bytes at a time, and the characters wider than a byte decomposed
    // as `normalize_chars` does.
    let mut rest = s;
    while let Some(wide) = rest.bytes().position(|b| !b.is_ascii()) {
        push_ascii(&mut out, &mut pending_space, &rest[..wide]);
        let Some(c) = rest[wide..].chars().next() else {
            break;
        };
        push_decomposed(&mut out, &mut pending_space, c);
        rest = &rest[wide + c.len_utf8()..];
    }
    push_ascii(&mut out, &mut pending_space, rest);
    out
}

/// ASCII text (`run`) normalised onto `out`: white space pending, upper case lowered, and the
/// bytes between them copied as they stand.
fn push_ascii(out: &mut String, pending_space: &mut bool, run: &str) {
    // The ASCII characters of char::is_whitespace (U+000B included).
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let bytes = run.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if space(b) {
            *pending_space = true;
            i += 1;
            continue;
        }
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        let start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| !space(b) && !b.is_ascii_uppercase())
        {
            i += 1;
        }
        if i > start {
            // ASCII bytes: `start` and `i` are character boundaries.
            out.push_str(&run[start..i]);
        } else {
            out.push(char::from(b.to_ascii_lowercase()));
            i += 1;
        }
    }
}

/// `normalize_chars` for the tests of other modules' fast paths.
#[cfg(test)]
pub fn normalize_chars_for_test(s: &str) -> String {
    normalize_chars(s, String::new())
}

/// `normalize` character by character, as the tests hold its byte runs against: any text,
/// decomposed.
#[cfg(test)]
fn normalize_chars(s: &str, mut out: String) -> String {
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_ascii() {
            // ASCII, nearly every character of a register, needs no decomposition.
            // char::is_whitespace, not u8::is_ascii_whitespace: the latter leaves out U+000B.
            if c.is_whitespace() {
                pending_space = true;
            } else {
                push_normalized(&mut out, &mut pending_space, c.to_ascii_lowercase());
            }
            continue;
        }
        push_decomposed(&mut out, &mut pending_space, c);
    }
    out
}

/// A character wider than a byte, of normalised text: decomposed, its combining marks and
/// ignorable characters dropped, lower case. (Decomposing each character on its own gives NFD
/// but for the canonical order of combining marks, and those are dropped.)
fn push_decomposed(out: &mut String, pending_space: &mut bool, c: char) {
    decompose_canonical(c, |d| {
        if is_ignorable(d) || is_combining_mark(d) {
            return;
        }
        if d.is_whitespace() {
            *pending_space = true;
            return;
        }
        for l in d.to_lowercase() {
            if !is_combining_mark(l) {
                push_normalized(out, pending_space, l);
            }
        }
    });
}

/// One lower-case character of normalised text, after the pending space if any.
fn push_normalized(out: &mut String, pending_space: &mut bool, l: char) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    match l {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ĳ' => out.push_str("ij"),
        'þ' => out.push_str("th"),
        'ø' => out.push('o'),
        'đ' | 'ð' => out.push('d'),
        'ł' => out.push('l'),
        'ı' => out.push('i'),
        _ => out.push(l),
    }
}

/// Splits normalised text into the part outside parentheses and the part
/// inside them. An unbalanced `(` hides the rest of the text; a stray `)` is
/// dropped. Parentheses become spaces in both parts.
fn split_parens(n: &str) -> (String, String) {
    let mut outside = String::with_capacity(n.len());
    let mut inside = String::new();
    let mut depth = 0usize;
    for c in n.chars() {
        match c {
            '(' => {
                depth = depth.saturating_add(1);
                inside.push(' ');
                outside.push(' ');
            }
            ')' => {
                depth = depth.saturating_sub(1);
                inside.push(' ');
                outside.push(' ');
            }
            _ if depth > 0 => inside.push(c),
            _ => outside.push(c),
        }
    }
    (outside, inside)
}

/// Header normalisation: [`normalize`], then text in parentheses removed
/// (an unbalanced `(` removes the rest), every run of non-alphanumerics
/// collapsed to one space, trimmed.
///
/// "Aantal betrokkenen (schatting)" → "aantal betrokkenen";
/// "Categorieën persoonsgegevens" → "categorieen persoonsgegevens"; "AP-lijst" → "ap lijst".
pub fn normalize_header(s: &str) -> String {
    // A word broken by a hyphen at a line break in a wrapped header cell is one word.
    let joined: Cow<'_, str> = if s.contains("-\n") || s.contains("-\r\n") {
        Cow::Owned(
            s.replace("-\r\n", "")
                .replace("-\n", "")
                .replace("\u{AD}", ""),
        )
    } else {
        Cow::Borrowed(s)
    };
    // camelCase and PascalCase keys (a JSON export's `categorieenBetrokkenen`) are words; a
    // plural written `Verwerker(s)` is the word with its ending.
    let words = camel_words(&joined);
    let joined = plural_endings(&words);
    let (outside, _) = split_parens(&normalize(&joined));
    let out = alphanumeric_words(&outside);
    // Little words between others do not tell headers apart ("Categorieën van betrokkenen",
    // "Doel van de verwerking", "Name of the processing").
    if out.contains(' ') {
        let words: Vec<&str> = out
            .split(' ')
            .filter(|w| !HEADER_STOPWORDS.contains(w))
            .collect();
        if !words.is_empty() {
            return words.join(" ");
        }
    }
    out
}

/// `categorieenBetrokkenen` → `categorieen Betrokkenen`: a space where a lower-case letter is
/// followed by an upper-case one.
fn camel_words(s: &str) -> Cow<'_, str> {
    let mut prev_lower = false;
    let mut out: Option<String> = None;
    for (i, c) in s.char_indices() {
        if prev_lower && c.is_uppercase() {
            let o = out.get_or_insert_with(|| s[..i].to_string());
            o.push(' ');
        }
        if let Some(o) = out.as_mut() {
            o.push(c);
        }
        prev_lower = c.is_lowercase();
    }
    out.map_or(Cow::Borrowed(s), Cow::Owned)
}

/// `Verwerker(s)` → `Verwerkers`, `Medewerker(s)`, `Kind(eren)`: a parenthesised ending of one
/// to four lower-case letters right after a word is part of it.
fn plural_endings(s: &str) -> Cow<'_, str> {
    if !s.contains('(') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let before = &rest[..open];
        let after = &rest[open + 1..];
        let ending = after.find(')').map(|close| &after[..close]);
        let attached = before.chars().last().is_some_and(char::is_alphabetic);
        match ending {
            Some(e)
                if attached
                    && (1..=4).contains(&e.chars().count())
                    && e.chars().all(char::is_lowercase) =>
            {
                out.push_str(before);
                out.push_str(e);
                rest = &after[e.len() + 1..];
            }
            _ => {
                out.push_str(before);
                out.push('(');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The runs of letters and digits of `s`, joined by one space (punctuation and spaces between
/// them collapsed).
pub fn alphanumeric_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(c);
        } else {
            pending = true;
        }
    }
    out
}

/// Words header matching ignores when other words stand beside them.
const HEADER_STOPWORDS: [&str; 5] = ["van", "de", "het", "of", "the"];

/// A normalised header (`normalize_header`) with each word in a base form, for a second chance
/// when the header as written names no field: a German umlaut written out (`Empfaenger`,
/// `Loeschfristen`) as the letter, and a plural as its singular (`Data Category`,
/// `Third-country transfer`, `Übermittlungen`). One ending per word: `ies` → `y`, else a final
/// `s` (not `ss`), else `ien` → `ie`, else a final `en` after four letters or more. Both sides of
/// a comparison are folded the same way, so the base form need not be a word (`doelen` and
/// `doel` are both `dol`).
pub fn fold_header(norm: &str) -> String {
    norm.split(' ').map(fold_word).collect::<Vec<_>>().join(" ")
}

fn fold_word(word: &str) -> String {
    // The ending first: a Dutch `oe` is no umlaut, and `doelen` and `doel` fold alike.
    let stem = if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 2) {
        format!("{stem}y")
    } else if let Some(stem) = word
        .strip_suffix('s')
        .filter(|s| s.len() >= 3 && !s.ends_with('s'))
    {
        stem.to_string()
    } else if let Some(stem) = word.strip_suffix("ien").filter(|s| s.len() >= 3) {
        // `Kategorien` is `Kategorie`, not `Kategori`.
        format!("{stem}ie")
    } else if let Some(stem) = word.strip_suffix("en").filter(|s| s.len() >= 4) {
        stem.to_string()
    } else {
        word.to_string()
    };
    stem.replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u")
}

// ---------------------------------------------------------------------------
// Level words and yes/no
// ---------------------------------------------------------------------------

/// Level words and phrases that are only recognised as the whole text or as
/// a prefix followed by a non-alphanumeric character.
const NOT_APPLICABLE_PHRASES: [&str; 2] = ["niet van toepassing", "not applicable"];

/// One normalised word (or the whole normalised text) as a level word.
fn level_word_exact(w: &str, allow_none: bool, allow_digits: bool) -> Option<LevelWord> {
    let level = match w {
        "hoog" | "hoge" | "high" | "h" => Level::High,
        "3" if allow_digits => Level::High,
        "midden" | "middel" | "gemiddeld" | "gemiddelde" | "medium" | "m" => Level::Medium,
        "2" if allow_digits => Level::Medium,
        "laag" | "lage" | "low" | "l" => Level::Low,
        "1" if allow_digits => Level::Low,
        "geen" | "none" if allow_none => Level::None,
        "0" if allow_none && allow_digits => Level::None,
        "onbekend" | "unknown" => return Some(LevelWord::Unknown),
        "n.v.t." | "n.v.t" | "nvt" | "n/a" | "n.a." | "niet van toepassing" | "not applicable" => {
            return Some(LevelWord::NotApplicable)
        }
        _ if !w.is_empty() && w.chars().all(|c| c == '?') => return Some(LevelWord::Unknown),
        _ => return None,
    };
    Some(LevelWord::Level(level))
}

/// As [`level_word_exact`], also tolerating trailing `.`, `!` or `:` ("hoog.").
fn level_word(w: &str, allow_none: bool, allow_digits: bool) -> Option<LevelWord> {
    level_word_exact(w, allow_none, allow_digits).or_else(|| {
        let t = w.trim_end_matches(['.', '!', ':']);
        if t.len() != w.len() {
            level_word_exact(t, allow_none, allow_digits)
        } else {
            None
        }
    })
}

/// A whole-text level word. `allow_digits`: whether "3 2 1 0" count as levels.
/// `allow_none`: whether "geen/none/0" are accepted. With `allow_prefix`, a text
/// whose first word is a level word counts ("Hoog – kernonderdeel",
/// "midden: ondersteunend"); the first word is the text up to the first char
/// that is not alphanumeric, `.`, `/` or `?` (so "n.v.t." and "n/a" work).
/// Returns `None` when the text is not a level word.
pub fn parse_level(
    s: &str,
    allow_none: bool,
    allow_digits: bool,
    allow_prefix: bool,
) -> Option<LevelWord> {
    let n = normalize(s);
    if let Some(w) = level_word(&n, allow_none, allow_digits) {
        return Some(w);
    }
    if !allow_prefix {
        return None;
    }
    for phrase in NOT_APPLICABLE_PHRASES {
        if let Some(rest) = n.strip_prefix(phrase) {
            if rest.chars().next().is_some_and(|c| !c.is_alphanumeric()) {
                return Some(LevelWord::NotApplicable);
            }
        }
    }
    let end = n
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '/' || c == '?'))
        .unwrap_or(n.len());
    if end == n.len() {
        // The first word is the whole text, which was tried above.
        return None;
    }
    n.get(..end)
        .and_then(|first| level_word(first, allow_none, allow_digits))
}

/// Whether a text opens with one of `denials` (the words of `[derive] denials`: a no such as
/// `nee`, `none` or `keine`, or a not-applicable such as `n.v.t.`, `not applicable` or `we do
/// not`) followed by more: `Nee, alleen NAW`, `N/A – see row 3`, `Not applicable (no Art. 9
/// data)`, `We do not process health data`. (A text that is only the word, or the word and a
/// space and more, is [`names_nothing`]'s.)
pub fn denies(s: &str, denials: &[Vec<String>]) -> bool {
    let words = words_of(s);
    denials
        .iter()
        .any(|phrase| words.len() > phrase.len() && opens_with(&words, phrase))
}

/// Whether a text explains, refers elsewhere or leaves the question open (`TBD`) instead of
/// naming categories: it opens with one
/// of `references` (the words of `[derive] references`: `inherited`, `mirrors`, `as for`, `same
/// as`, `see`, `zie`, `siehe`, `idem`, `not sought` and the like: `Inherited from the data
/// affected`, `Mirrors the underlying activity`, `Zie rij 3`).
pub fn refers_elsewhere(s: &str, references: &[Vec<String>]) -> bool {
    let words = words_of(s);
    references.iter().any(|phrase| opens_with(&words, phrase))
}

/// Whether `words` begin with the words of `phrase`.
fn opens_with(words: &[String], phrase: &[String]) -> bool {
    words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| w == p)
}

/// The words of a normalised text: its runs of letters and digits (`N/A – see` is `n`, `a`,
/// `see`).
pub fn words_of(s: &str) -> Vec<String> {
    normalize(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a cell or list item names nothing: `geen`, `nee`, `none`, `n.v.t.`, `n/a`, `-`,
/// nothing but punctuation, or a sentence that denies (`Er zijn geen gevoelige persoonsgegevens
/// van toepassing`, `Geen bijzondere persoonsgegevens`, `None of these`, `Keine`).
pub fn names_nothing(s: &str) -> bool {
    let n = normalize(s);
    let t = n.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(
        t,
        "" | "geen"
            | "nee"
            | "neen"
            | "none"
            | "no"
            | "nvt"
            | "n.v.t"
            | "n/a"
            | "na"
            | "niet van toepassing"
            | "not applicable"
            | "keine"
            | "nein"
            | "entfallt"
            | "nicht zutreffend"
    ) {
        return true;
    }
    const STARTS: [&str; 15] = [
        "geen ",
        "nee ",
        "neen ",
        "nein ",
        "er zijn geen ",
        "er worden geen ",
        "er is geen ",
        "er wordt geen ",
        "er vindt geen ",
        "none ",
        "no ",
        "there are no ",
        "keine ",
        "kein ",
        "es werden keine ",
    ];
    const ENDS: [&str; 4] = [
        " niet van toepassing",
        " not applicable",
        " nicht zutreffend",
        " n.v.t",
    ];
    STARTS.iter().any(|p| t.starts_with(p)) || ENDS.iter().any(|p| t.ends_with(p))
}

/// Yes/no words: `ja yes j y true waar x 1 ✓ ✔` / `nee no n false onwaar 0`;
/// `deels partly gedeeltelijk partially` give `Partly` only when
/// `allow_partly`, else `None`. Trailing `.`/`!` are tolerated.
pub fn parse_yes_no(s: &str, allow_partly: bool) -> Option<YesNo> {
    let n = normalize(s);
    let t = n.trim_end_matches(['.', '!']);
    match t {
        "ja" | "yes" | "j" | "y" | "true" | "waar" | "x" | "1" | "✓" | "✔" => Some(YesNo::Yes),
        "nee" | "no" | "n" | "false" | "onwaar" | "0" => Some(YesNo::No),
        "deels" | "partly" | "gedeeltelijk" | "partially" if allow_partly => Some(YesNo::Partly),
        _ => None,
    }
}

mod count;
mod date;
mod list;

pub use count::{count_from_number, format_count, parse_count, CountError};
pub use date::{date_from_excel_serial, parse_date};
pub use list::parse_list;

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// A no that goes on, and an explanation that refers elsewhere: whole words only, the word
    /// alone left to `names_nothing`. (text, denies, refers elsewhere)
    #[test]
    fn denials_and_references_by_their_first_words() {
        let cases = [
            ("Nee, alleen NAW", true, false),
            ("N/A – see row 3", true, false),
            ("n.v.t. (zie DPIA)", true, false),
            ("Not applicable (no Art. 9 data)", true, false),
            ("We don't process health data", true, false),
            ("nee", false, false),
            ("N/A", false, false),
            ("Nothing sensitive", false, false),
            ("Nobody's health", false, false),
            ("Inherited from the data affected", false, true),
            ("Zie rij 3", false, true),
            ("see", false, true),
            ("Seeds and plants", false, false),
            ("As for the source data", false, true),
            ("Asthma", false, false),
            ("Wie bei VT-3", false, true),
            ("Wiegen und Messen", false, false),
            ("", false, false),
        ];
        // A few phrases of the default rubric's `[derive] denials` and `references` (the
        // whole lists are read in `input::record`'s special-categories table).
        let phrases =
            |list: &[&str]| -> Vec<Vec<String>> { list.iter().map(|p| words_of(p)).collect() };
        let denials = phrases(&["nee", "no", "n.v.t.", "n/a", "not applicable", "we don't"]);
        let references = phrases(&["inherited", "see", "as for", "zie", "wie bei"]);
        for (text, denies_it, refers) in cases {
            assert_eq!(denies(text, &denials), denies_it, "{text}");
            assert_eq!(refers_elsewhere(text, &references), refers, "{text}");
        }
    }

    /// ASCII texts normalised byte by byte give what the character path gives: every ASCII
    /// character alone and between letters, and table cases (whitespace runs, U+000B, U+001F,
    /// which is no whitespace, punctuation, leading and trailing space).
    #[test]
    fn ascii_normalisation_is_the_character_path() {
        let mut cases: Vec<String> = (0u8..=0x7f)
            .flat_map(|b| {
                let c = char::from(b);
                [c.to_string(), format!("A{c}b"), format!(" {c} ")]
            })
            .collect();
        cases.extend(
            [
                "",
                "   ",
                "Naam, Adres;\tWoonplaats",
                "  Hoog  \r\n ",
                "a\x0Bb\x0Cc",
                "a\x1Fb",
                "BSN / Burgerservicenummer (art. 87 Wabp)",
                "x.y.Z",
            ]
            .map(String::from),
        );
        for text in &cases {
            assert!(text.is_ascii());
            assert_eq!(
                normalize(text),
                normalize_chars(text, String::new()),
                "{text:?}"
            );
        }
        // A text with characters wider than a byte is taken byte by byte between them: every
        // ASCII character beside one, at the start, the end and alone, and table cases.
        let mut mixed: Vec<String> = (0u8..=0x7f)
            .flat_map(|b| {
                let c = char::from(b);
                [
                    format!("é{c}"),
                    format!("{c}ß"),
                    format!("A{c}\u{2013}{c}b"),
                    format!(" {c}\u{301} \u{feff}{c} "),
                ]
            })
            .collect();
        mixed.extend(
            [
                "Hoog \u{2013} rechtsgevolgen of aanzienlijke impact",
                "  Één  \t  twee\u{a0}drie ",
                "\u{2003}",
                "ĲSSEL",
                "Straße\r\nÆrø",
            ]
            .map(String::from),
        );
        for text in &mixed {
            assert!(!text.is_ascii());
            assert_eq!(
                normalize(text),
                normalize_chars(text, String::new()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn level_methods() {
        let cases: [(Level, u32, &str, &str, &str, Level, Level); 4] = [
            (
                Level::None,
                0,
                "none",
                "Geen",
                "None",
                Level::Low,
                Level::None,
            ),
            (
                Level::Low,
                1,
                "low",
                "Laag",
                "Low",
                Level::Medium,
                Level::None,
            ),
            (
                Level::Medium,
                2,
                "medium",
                "Midden",
                "Medium",
                Level::High,
                Level::Low,
            ),
            (
                Level::High,
                3,
                "high",
                "Hoog",
                "High",
                Level::High,
                Level::Medium,
            ),
        ];
        for (l, p, k, nl, en, up, down) in cases {
            assert_eq!(l.points(), p, "{l:?}");
            assert_eq!(l.key(), k, "{l:?}");
            // The level's words are the catalogue's (`Lang::level`).
            assert_eq!(crate::lang::Lang::Nl.level(Some(l)), nl, "{l:?}");
            assert_eq!(crate::lang::Lang::En.level(Some(l)), en, "{l:?}");
            assert_eq!(l.raised(), up, "{l:?}");
            assert_eq!(l.lowered(), down, "{l:?}");
        }
        assert!(
            Level::None < Level::Low && Level::Low < Level::Medium && Level::Medium < Level::High
        );
    }

    #[test]
    fn normalize_table() {
        let cases = [
            ("  Hóóg  ", "hoog"),
            ("Categorieën", "categorieen"),
            ("a\u{a0}\u{202f}\t\n b", "a b"),
            ("Straße", "strasse"),
            ("Ærø", "aero"),
            ("ĲSSEL", "ijssel"),
            ("e\u{301}e\u{301}n", "een"),
            ("\u{301}", ""),
            ("zero\u{200b}width", "zerowidth"),
            ("İstanbul", "istanbul"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "normalize({input:?})");
        }
    }

    /// `normalize` as first written: the whole text through NFD, then mark by mark. The
    /// character-by-character version must give the same.
    fn normalize_by_nfd(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::with_capacity(s.len());
        let mut pending_space = false;
        for c in s.nfd() {
            if is_ignorable(c) || is_combining_mark(c) {
                continue;
            }
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            for l in c.to_lowercase() {
                if !is_combining_mark(l) {
                    push_normalized(&mut out, &mut pending_space, l);
                }
            }
        }
        out
    }

    /// Every character up to U+FFFF, alone and between letters, with combining marks in
    /// non-canonical order, and every ASCII whitespace and control character.
    #[test]
    fn normalize_matches_whole_text_nfd() {
        let mut cases: Vec<String> = vec![
            "a\t\n\r\u{b}\u{c} b".into(),
            "\u{b}x\u{b}".into(),
            "x\u{1}y\u{7f}z".into(),
            "e\u{328}\u{301}e\u{301}\u{328}".into(),
            "Hoog \u{2013} rechtsgevolgen".into(),
            "\u{1100}\u{1161}\u{11a8} \u{ac00}".into(),
            (0u8..128).map(char::from).collect(),
        ];
        for cp in 0x80u32..0x1_0000 {
            if let Some(c) = char::from_u32(cp) {
                cases.push(format!("A{c}b {c}\u{301}"));
            }
        }
        for input in &cases {
            assert_eq!(normalize(input), normalize_by_nfd(input), "{input:?}");
        }
    }

    #[test]
    fn normalize_header_table() {
        let cases = [
            ("Aantal betrokkenen (schatting)", "aantal betrokkenen"),
            (
                "Categorieën persoonsgegevens",
                "categorieen persoonsgegevens",
            ),
            ("AP-lijst", "ap lijst"),
            ("  Doel / grondslag  ", "doel grondslag"),
            ("Bewaartermijn (jaren", "bewaartermijn"),
            ("Naam (a (b) c) verwerking", "naam verwerking"),
            ("Risico)", "risico"),
            ("(((", ""),
            ("Nr.", "nr"),
            ("Ver\u{a0}werking\u{202f}\u{202f}naam", "ver werking naam"),
            // camelCase and snake_case keys of an export; plural endings in parentheses.
            ("categorieenBetrokkenen", "categorieen betrokkenen"),
            ("DoelVanDeVerwerking", "doel verwerking"),
            ("legal_basis", "legal basis"),
            ("DPIA", "dpia"),
            ("Verwerker(s) / doorgeven", "verwerkers doorgeven"),
            ("Kind(eren)", "kinderen"),
            ("Naam (verplicht)", "naam"),
            ("Aantal (geschat)", "aantal"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_header(input), want, "normalize_header({input:?})");
        }
    }

    #[test]
    fn level_table() {
        use LevelWord::{NotApplicable as Na, Unknown as Unk};
        const H: Option<LevelWord> = Some(LevelWord::Level(Level::High));
        const M: Option<LevelWord> = Some(LevelWord::Level(Level::Medium));
        const L: Option<LevelWord> = Some(LevelWord::Level(Level::Low));
        const G: Option<LevelWord> = Some(LevelWord::Level(Level::None));
        const U: Option<LevelWord> = Some(Unk);
        const NA: Option<LevelWord> = Some(Na);
        // (input, allow_none, allow_digits, allow_prefix, expected)
        let cases: &[(&str, bool, bool, bool, Option<LevelWord>)] = &[
            ("hoog", false, false, false, H),
            ("high", false, false, false, H),
            ("h", false, false, false, H),
            ("H", false, false, false, H),
            (" HOOG ", false, false, false, H),
            ("Hóóg", false, false, false, H),
            ("hoog.", false, false, false, H),
            ("3", false, true, false, H),
            ("3", false, false, false, None),
            ("3", true, false, true, None),
            ("midden", false, false, false, M),
            ("middel", false, false, false, M),
            ("gemiddeld", false, false, false, M),
            ("medium", false, false, false, M),
            ("m", false, false, false, M),
            ("M", false, false, false, M),
            ("2", false, true, false, M),
            ("2", false, false, false, None),
            ("laag", false, false, false, L),
            ("low", false, false, false, L),
            ("l", false, false, false, L),
            ("1", false, true, false, L),
            ("1", false, false, false, None),
            ("geen", true, false, false, G),
            ("none", true, false, false, G),
            ("0", true, true, false, G),
            ("geen", false, false, false, None),
            ("none", false, false, true, None),
            ("0", false, true, false, None),
            ("0", true, false, false, None),
            ("onbekend", false, false, false, U),
            ("unknown", false, false, false, U),
            ("?", false, false, false, U),
            ("??", false, false, false, U),
            ("n.v.t.", false, false, false, NA),
            ("N.V.T.", false, false, false, NA),
            ("nvt", false, false, false, NA),
            ("n/a", false, false, false, NA),
            ("N/A", false, false, false, NA),
            ("niet van toepassing", false, false, false, NA),
            // prefix
            ("Hoog – kernonderdeel", false, false, true, H),
            ("Hoog – kernonderdeel", false, false, false, None),
            (
                "Hoog – rechtsgevolgen of aanzienlijke impact",
                false,
                false,
                true,
                H,
            ),
            (
                "Midden – van belang, geen rechtsgevolgen",
                false,
                false,
                true,
                M,
            ),
            ("midden: ondersteunend", false, false, true, M),
            ("Laag - nauwelijks", false, false, true, L),
            ("Geen – niet van toepassing", true, false, true, G),
            ("Geen – niet van toepassing", false, false, true, None),
            ("n.v.t. (geen gegevens)", false, false, true, NA),
            ("N/A - not used", false, false, true, NA),
            ("niet van toepassing, want", false, false, true, NA),
            ("? nog uitzoeken", false, false, true, U),
            ("3 - hoog", false, true, true, H),
            ("3 - hoog", false, false, true, None),
            ("hoog risico", false, false, true, H),
            ("hoog risico", false, false, false, None),
            ("hooglijk", false, false, true, None),
            ("hooglijk", true, true, true, None),
            ("hoog/midden", false, false, true, None),
            ("1500 personen", true, true, true, None),
            ("", true, true, true, None),
            ("   ", true, true, true, None),
            ("x", true, true, true, None),
        ];
        for &(input, none, digits, prefix, want) in cases {
            assert_eq!(
                parse_level(input, none, digits, prefix),
                want,
                "parse_level({input:?}, allow_none={none}, allow_digits={digits}, allow_prefix={prefix})"
            );
        }
    }

    /// `fold_header`: one ending per word, umlauts written out as the letter.
    #[test]
    fn fold_header_table() {
        let cases: &[(&str, &str)] = &[
            ("empfaenger", "empfanger"),
            ("loeschfristen", "loschfrist"),
            ("data categories", "data category"),
            ("data category", "data category"),
            ("third country transfers", "third country transfer"),
            ("kategorien", "kategorie"),
            ("categorieen", "categorie"),
            ("bijzondere categorie", "bijzondere categorie"),
            ("toms", "tom"),
            ("process", "process"),
            ("processes", "processe"),
            ("data", "data"),
            // The shortest stems an ending is taken from.
            ("lies", "lie"),
            ("flies", "fly"),
            ("gas", "gas"),
            ("bus", "bus"),
            ("taken", "taken"),
            ("zeiten", "zeit"),
            ("doelen", "dol"),
            ("doel", "dol"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold_header(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn yes_no_table() {
        use YesNo::*;
        // (input, allow_partly, expected)
        let cases: &[(&str, bool, Option<YesNo>)] = &[
            ("ja", false, Some(Yes)),
            ("yes", false, Some(Yes)),
            ("j", false, Some(Yes)),
            ("y", false, Some(Yes)),
            ("true", false, Some(Yes)),
            ("waar", false, Some(Yes)),
            ("WAAR", false, Some(Yes)),
            ("x", false, Some(Yes)),
            ("X", false, Some(Yes)),
            ("1", false, Some(Yes)),
            (" Ja ", false, Some(Yes)),
            ("Ja.", false, Some(Yes)),
            ("nee", false, Some(No)),
            ("no", false, Some(No)),
            ("n", false, Some(No)),
            ("false", false, Some(No)),
            ("onwaar", false, Some(No)),
            ("ONWAAR", false, Some(No)),
            ("0", false, Some(No)),
            ("Nee", false, Some(No)),
            ("deels", true, Some(Partly)),
            ("partly", true, Some(Partly)),
            ("gedeeltelijk", true, Some(Partly)),
            ("Gedeeltelijk", true, Some(Partly)),
            ("deels", false, None),
            ("partly", false, None),
            ("gedeeltelijk", false, None),
            ("misschien", true, None),
            ("", true, None),
            ("ja nee", true, None),
            ("2", true, None),
        ];
        for &(input, partly, want) in cases {
            assert_eq!(
                parse_yes_no(input, partly),
                want,
                "parse_yes_no({input:?}, {partly})"
            );
        }
    }

    /// Throws odd strings at every function; they must return, not panic.
    #[test]
    fn no_panics_on_odd_input() {
        let pieces: &[&str] = &[
            "",
            " ",
            "\u{a0}",
            "\u{202f}",
            "\t",
            "\r\n",
            "\0",
            "😀",
            "🇳🇱",
            "👨\u{200d}👩\u{200d}👧",
            "\u{301}",
            "\u{301}\u{301}a",
            "a\u{308}",
            "(((",
            ")))",
            "((a)",
            ")(",
            ";;;",
            ",,,",
            "///",
            " en en en ",
            " and ",
            "en/of",
            "١٢٣",
            "１２３",
            "²",
            "½",
            "-",
            "–",
            "−",
            "--5",
            "..",
            ",.",
            "1.",
            ".1",
            ",1",
            "1,",
            "1e",
            "1e-",
            "1e+",
            "1e999999999999",
            "1e-999999999",
            "e",
            "t/m",
            "t/",
            "+/-",
            "+/",
            ">=",
            "=<",
            "<",
            ">",
            "≥",
            "±",
            "~",
            "k",
            "mln",
            "m",
            "ß",
            "İ",
            "ﬁ",
            "Ǆ",
            "ΐ",
            "ﷺ",
            "\u{200b}",
            "\u{feff}",
            "?",
            "n.v.t.",
            "n/a",
            "x",
            "ja",
            "3",
            "0",
            "hoog",
            "tussen",
            "between",
            "2024-",
            "2024-05-",
            "31-02-2024",
            "99-99-9999",
            "0-0-0",
            "2024-05-31T",
            "2024-05-31 25:",
            "2024-05-31 1:1",
            "9999999999999999999999999",
            "1.000.",
            "1,,000",
            "1 000 000 000 000 000 000",
            "*",
            "gezondheid*",
            "**",
            "1 500",
            "100-1000",
            "-",
            "\u{10FFFF}",
            "\u{FFFD}",
            "ǅ",
        ];
        let mut inputs: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        for a in pieces {
            for b in pieces.iter().step_by(3) {
                inputs.push(format!("{a}{b}"));
                inputs.push(format!("{b} {a}"));
            }
        }
        let long = 32_767;
        inputs.push("9".repeat(long));
        inputs.push("(".repeat(long));
        inputs.push(")".repeat(long));
        inputs.push("1.".repeat(long / 2));
        inputs.push("1 000 ".repeat(long / 6));
        inputs.push("😀".repeat(long));
        inputs.push("\u{301}".repeat(long));
        inputs.push("a ".repeat(long / 2));
        inputs.push("-".repeat(long));
        inputs.push("en ".repeat(long / 3));
        inputs.push("; ".repeat(long / 2));
        inputs.push(format!(
            "{}1e{}",
            "0".repeat(long / 2),
            "9".repeat(long / 2)
        ));
        inputs.push(format!("0.{}1", "0".repeat(long)));
        inputs.push(format!("1e-{}", "9".repeat(long)));

        let mut sink = 0usize;
        for s in &inputs {
            sink += normalize(s).len();
            sink += normalize_header(s).len();
            for flags in 0..8u8 {
                let r = parse_level(s, flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
                sink += usize::from(r.is_some());
            }
            sink += usize::from(parse_yes_no(s, true).is_some());
            sink += usize::from(parse_yes_no(s, false).is_some());
            sink += usize::from(parse_count(s).is_ok());
            sink += parse_list(s).len();
            sink += usize::from(parse_date(s).is_some());
        }
        let floats = [
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e15,
            1e15 + 0.5,
            9.007_199_254_740_993e15,
            18_446_744_073_709_551_615.0,
            60.0,
            60.999,
            2_958_465.999_999,
            -1e300,
        ];
        for x in floats {
            sink += usize::from(count_from_number(x).is_ok());
            sink += usize::from(date_from_excel_serial(x).is_some());
        }
        for n in [0, 1, 999, 1000, u64::MAX / 2, u64::MAX] {
            sink += format_count(n, '.').len();
        }
        assert!(sink > 0);
    }

    /// (cell or list item, names nothing)
    #[test]
    fn denials_name_nothing() {
        let cases = [
            ("geen", true),
            ("-", true),
            ("N.v.t.", true),
            (
                "Er zijn geen gevoelige persoonsgegevens van toepassing",
                true,
            ),
            ("Geen bijzondere persoonsgegevens", true),
            ("Bijzondere persoonsgegevens: niet van toepassing", true),
            ("None of the above", true),
            ("No special category data", true),
            ("Keine", true),
            ("Keine besonderen Kategorien", true),
            (
                "Nein (Quizinhalte über Gesundheit ≠ Gesundheitsdaten der Person)",
                true,
            ),
            ("Nee (alleen contactgegevens)", true),
            ("Neen", true),
            ("Neeltje Jans", false),
            ("Gezondheidsgegevens", false),
            ("Geenink BV", false),
            ("Nominatim", false),
            ("gezondheid, geen strafrechtelijke gegevens", false),
            ("N1: Lichamelijke gezondheid", false),
        ];
        for (text, nothing) in cases {
            assert_eq!(names_nothing(text), nothing, "{text}");
        }
    }
}
