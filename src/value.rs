//! Cell value parsing for the processing register (docs/register.md#values).
//!
//! Everything here is total: no function panics on any input, whatever its
//! length or content. Text matching is case-, diacritic- and
//! surrounding-whitespace-insensitive (see [`normalize`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use chrono::{Days, NaiveDate};
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

    /// "Geen", "Laag", "Midden", "Hoog".
    pub fn dutch(self) -> &'static str {
        match self {
            Level::None => "Geen",
            Level::Low => "Laag",
            Level::Medium => "Midden",
            Level::High => "Hoog",
        }
    }

    /// "None", "Low", "Medium", "High".
    pub fn english(self) -> &'static str {
        match self {
            Level::None => "None",
            Level::Low => "Low",
            Level::Medium => "Medium",
            Level::High => "High",
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
        // Decomposing each character on its own gives NFD but for the canonical order of
        // combining marks, and those are dropped.
        decompose_canonical(c, |d| {
            if is_ignorable(d) || is_combining_mark(d) {
                return;
            }
            if d.is_whitespace() {
                pending_space = true;
                return;
            }
            for l in d.to_lowercase() {
                if !is_combining_mark(l) {
                    push_normalized(&mut out, &mut pending_space, l);
                }
            }
        });
    }
    out
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
    const STARTS: [&str; 12] = [
        "geen ",
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

// ---------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------

/// Why a text or cell is not a count (a data-quality finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    NoNumber,
    Negative,
    SeveralNumbers,
    TooLarge,
}

impl fmt::Display for CountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CountError::NoNumber => "geen getal gevonden",
            CountError::Negative => "negatief getal",
            CountError::SeveralNumbers => "meerdere losse getallen",
            CountError::TooLarge => "getal te groot",
        })
    }
}

impl std::error::Error for CountError {}

/// Largest count accepted; anything above is `TooLarge`.
const MAX_COUNT: u64 = 1_000_000_000_000_000;

/// A numeric literal as written: integer digits, fraction digits, exponent.
#[derive(Debug, Clone)]
struct NumLit {
    int: String,
    frac: String,
    exp: i64,
}

#[derive(Debug, Clone)]
enum Tok {
    Num(NumLit),
    Word(String),
    Sym(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    space_before: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    /// `>`, "meer dan": the next whole number.
    More,
    /// `>=`, "minimaal": the number itself.
    AtLeast,
    /// `<`, "minder dan": the previous whole number.
    Less,
    /// `<=`, "max": the number itself.
    AtMost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Cmp(Cmp),
    /// "tot", "t/m", "up to", "to", "à": at most before one number, a range between two.
    Tot,
    /// "en", "and": a range connector only after "tussen"/"between".
    And,
    /// "tussen", "between".
    Between,
}

#[derive(Debug, Clone)]
enum Item {
    Num {
        lit: NumLit,
        pow10: i64,
        space_before: bool,
    },
    Op(Op),
    /// A dash; `hyphen` when glued to a preceding word or number ("covid-19", "100-").
    Dash {
        hyphen: bool,
    },
    /// `~` or `≈`: approximately, or a range between two numbers.
    Tilde,
    Other,
}

/// Word phrases with a meaning in counts, longest first where one is a prefix of another.
const PHRASES: &[(&[&str], Op)] = &[
    (&["niet", "meer", "dan"], Op::Cmp(Cmp::AtMost)),
    (&["no", "more", "than"], Op::Cmp(Cmp::AtMost)),
    (&["not", "more", "than"], Op::Cmp(Cmp::AtMost)),
    (&["niet", "minder", "dan"], Op::Cmp(Cmp::AtLeast)),
    (&["no", "less", "than"], Op::Cmp(Cmp::AtLeast)),
    (&["not", "less", "than"], Op::Cmp(Cmp::AtLeast)),
    (&["no", "fewer", "than"], Op::Cmp(Cmp::AtLeast)),
    (&["tot", "en", "met"], Op::Tot),
    (&["up", "to"], Op::Tot),
    (&["at", "most"], Op::Cmp(Cmp::AtMost)),
    (&["at", "least"], Op::Cmp(Cmp::AtLeast)),
    (&["ten", "minste"], Op::Cmp(Cmp::AtLeast)),
    (&["meer", "dan"], Op::Cmp(Cmp::More)),
    (&["meer", "als"], Op::Cmp(Cmp::More)),
    (&["more", "than"], Op::Cmp(Cmp::More)),
    (&["greater", "than"], Op::Cmp(Cmp::More)),
    (&["groter", "dan"], Op::Cmp(Cmp::More)),
    (&["minder", "dan"], Op::Cmp(Cmp::Less)),
    (&["minder", "als"], Op::Cmp(Cmp::Less)),
    (&["less", "than"], Op::Cmp(Cmp::Less)),
    (&["fewer", "than"], Op::Cmp(Cmp::Less)),
    (&["kleiner", "dan"], Op::Cmp(Cmp::Less)),
    (&["max"], Op::Cmp(Cmp::AtMost)),
    (&["maximaal"], Op::Cmp(Cmp::AtMost)),
    (&["maximum"], Op::Cmp(Cmp::AtMost)),
    (&["hooguit"], Op::Cmp(Cmp::AtMost)),
    (&["hoogstens"], Op::Cmp(Cmp::AtMost)),
    (&["min"], Op::Cmp(Cmp::AtLeast)),
    (&["minimaal"], Op::Cmp(Cmp::AtLeast)),
    (&["minimum"], Op::Cmp(Cmp::AtLeast)),
    (&["minstens"], Op::Cmp(Cmp::AtLeast)),
    (&["tenminste"], Op::Cmp(Cmp::AtLeast)),
    (&["vanaf"], Op::Cmp(Cmp::AtLeast)),
    (&["above"], Op::Cmp(Cmp::More)),
    (&["boven"], Op::Cmp(Cmp::More)),
    (&["onder"], Op::Cmp(Cmp::Less)),
    (&["under"], Op::Cmp(Cmp::Less)),
    (&["below"], Op::Cmp(Cmp::Less)),
    (&["beneden"], Op::Cmp(Cmp::Less)),
    (&["tot"], Op::Tot),
    (&["tm"], Op::Tot),
    (&["to"], Op::Tot),
    (&["till"], Op::Tot),
    (&["until"], Op::Tot),
    (&["a"], Op::Tot),
    (&["tussen"], Op::Between),
    (&["between"], Op::Between),
    (&["en"], Op::And),
    (&["and"], Op::And),
];

/// Power of ten of a multiplier word after a number ("2k", "1,5 miljoen").
/// A bare `m` counts only when glued to the number ("2m").
fn multiplier(w: &str, attached: bool) -> Option<i64> {
    match w {
        "k" | "duizend" | "thousand" => Some(3),
        "mln" | "mio" | "miljoen" | "million" | "millions" => Some(6),
        "m" if attached => Some(6),
        "mld" | "mrd" | "miljard" | "billion" | "bn" => Some(9),
        _ => None,
    }
}

fn is_digit_at(c: &[char], i: usize) -> bool {
    c.get(i).is_some_and(|d| d.is_ascii_digit())
}

/// Scans a number starting at `i` (a digit, or `.`/`,` before a digit).
/// A `.`, `,` or space followed by exactly three digits is a thousands
/// separator (one kind per number); otherwise a `.`/`,` before digits is the
/// decimal mark. An exponent (`1e6`, `1.5E+06`) is accepted when glued on.
fn scan_number(c: &[char], start: usize) -> (NumLit, usize) {
    let mut j = start;
    let mut int = String::new();
    while is_digit_at(c, j) {
        int.push(c[j]);
        j += 1;
    }
    let mut thousands: Option<char> = None;
    if !int.is_empty() {
        while let Some(&sep) = c.get(j) {
            let ok_sep = matches!(sep, '.' | ',' | ' ') && thousands.is_none_or(|t| t == sep);
            if ok_sep
                && is_digit_at(c, j + 1)
                && is_digit_at(c, j + 2)
                && is_digit_at(c, j + 3)
                && !is_digit_at(c, j + 4)
            {
                thousands = Some(sep);
                int.extend(&c[j + 1..j + 4]);
                j += 4;
            } else {
                break;
            }
        }
    }
    let mut frac = String::new();
    if let Some(&sep) = c.get(j) {
        if matches!(sep, '.' | ',') && thousands != Some(sep) && is_digit_at(c, j + 1) {
            j += 1;
            while is_digit_at(c, j) {
                frac.push(c[j]);
                j += 1;
            }
        }
    }
    let mut exp = 0i64;
    if c.get(j) == Some(&'e') {
        let mut k = j + 1;
        let mut negative = false;
        if let Some(&sign) = c.get(k) {
            if sign == '+' || sign == '-' {
                negative = sign == '-';
                k += 1;
            }
        }
        if is_digit_at(c, k) {
            let mut e: i64 = 0;
            while let Some(d) = c.get(k).and_then(|ch| ch.to_digit(10)) {
                e = (e * 10 + i64::from(d)).min(1_000_000);
                k += 1;
            }
            exp = if negative { -e } else { e };
            j = k;
        }
    }
    (NumLit { int, frac, exp }, j)
}

fn tokenize(s: &str) -> Vec<Token> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut space = false;
    while let Some(&ch) = c.get(i) {
        if ch == ' ' {
            space = true;
            i += 1;
            continue;
        }
        let leading_point = matches!(ch, '.' | ',')
            && is_digit_at(&c, i + 1)
            && !(i > 0 && c[i - 1].is_alphanumeric());
        let tok = if ch.is_ascii_digit() || leading_point {
            let (lit, next) = scan_number(&c, i);
            i = next;
            Tok::Num(lit)
        } else if ch.is_alphabetic() {
            let start = i;
            while c.get(i).is_some_and(|x| x.is_alphabetic()) {
                i += 1;
            }
            Tok::Word(c[start..i].iter().collect())
        } else {
            i += 1;
            Tok::Sym(ch)
        };
        out.push(Token {
            tok,
            space_before: space,
        });
        space = false;
    }
    out
}

fn word_at(toks: &[Token], i: usize) -> Option<&str> {
    match toks.get(i) {
        Some(Token {
            tok: Tok::Word(w), ..
        }) => Some(w.as_str()),
        _ => None,
    }
}

fn sym_at(toks: &[Token], i: usize) -> Option<char> {
    match toks.get(i) {
        Some(Token {
            tok: Tok::Sym(c), ..
        }) => Some(*c),
        _ => None,
    }
}

/// A phrase starting at word token `i`: the operator and how many tokens it takes.
fn match_phrase(toks: &[Token], i: usize) -> Option<(Op, usize)> {
    if word_at(toks, i) == Some("t")
        && sym_at(toks, i + 1) == Some('/')
        && word_at(toks, i + 2) == Some("m")
    {
        return Some((Op::Tot, 3));
    }
    PHRASES.iter().find_map(|(words, op)| {
        let all = words
            .iter()
            .enumerate()
            .all(|(k, w)| word_at(toks, i + k) == Some(*w));
        all.then_some((*op, words.len()))
    })
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '–' | '—' | '−' | '‐' | '‑' | '‒' | '―' | '﹣' | '－'
    )
}

fn to_items(toks: &[Token]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        match &t.tok {
            Tok::Num(lit) => {
                let mut pow10 = 0;
                let mut next = i + 1;
                if let Some(Token {
                    tok: Tok::Word(w),
                    space_before,
                }) = toks.get(i + 1)
                {
                    if let Some(p) = multiplier(w, !space_before) {
                        pow10 = p;
                        next = i + 2;
                    }
                }
                items.push(Item::Num {
                    lit: lit.clone(),
                    pow10,
                    space_before: t.space_before,
                });
                i = next;
            }
            Tok::Word(_) => match match_phrase(toks, i) {
                Some((op, len)) => {
                    items.push(Item::Op(op));
                    i += len;
                }
                None => {
                    items.push(Item::Other);
                    i += 1;
                }
            },
            Tok::Sym(c) => {
                let next = sym_at(toks, i + 1);
                let (item, len) = match (*c, next) {
                    ('>', Some('=')) | ('=', Some('>')) => (Item::Op(Op::Cmp(Cmp::AtLeast)), 2),
                    ('<', Some('=')) | ('=', Some('<')) => (Item::Op(Op::Cmp(Cmp::AtMost)), 2),
                    ('+', Some('/')) if sym_at(toks, i + 2).is_some_and(is_dash) => {
                        (Item::Tilde, 3)
                    }
                    ('-', Some('/')) if sym_at(toks, i + 2) == Some('+') => (Item::Tilde, 3),
                    ('+', Some(d)) if is_dash(d) => (Item::Tilde, 2),
                    ('±', _) | ('~', _) | ('≈', _) => (Item::Tilde, 1),
                    ('>', _) => (Item::Op(Op::Cmp(Cmp::More)), 1),
                    ('<', _) => (Item::Op(Op::Cmp(Cmp::Less)), 1),
                    ('≥', _) | ('⩾', _) => (Item::Op(Op::Cmp(Cmp::AtLeast)), 1),
                    ('≤', _) | ('⩽', _) => (Item::Op(Op::Cmp(Cmp::AtMost)), 1),
                    (d, _) if is_dash(d) => {
                        let glued = !t.space_before
                            && i > 0
                            && matches!(
                                toks.get(i - 1).map(|p| &p.tok),
                                Some(Tok::Word(_)) | Some(Tok::Num(_))
                            );
                        (Item::Dash { hyphen: glued }, 1)
                    }
                    _ => (Item::Other, 1),
                };
                items.push(item);
                i += len;
            }
        }
    }
    items
}

/// The exact value of a literal times 10^pow10 as (floor, has a fraction).
fn lit_value(lit: &NumLit, pow10: i64) -> Result<(u64, bool), CountError> {
    let mut digits = String::with_capacity(lit.int.len() + lit.frac.len());
    digits.push_str(&lit.int);
    digits.push_str(&lit.frac);
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok((0, false));
    }
    let frac_len = i64::try_from(lit.frac.len()).map_err(|_| CountError::TooLarge)?;
    let len = i64::try_from(digits.len()).map_err(|_| CountError::TooLarge)?;
    let e = lit.exp + pow10 - frac_len;
    // value >= 10^(len - 1 + e); above 10^16 is certainly too large.
    if len + e > 16 {
        return Err(CountError::TooLarge);
    }
    if e >= 0 {
        let mut s = digits.to_string();
        for _ in 0..e {
            s.push('0');
        }
        let v = s.parse::<u64>().map_err(|_| CountError::TooLarge)?;
        return Ok((v, false));
    }
    let int_len = len + e;
    if int_len <= 0 {
        // 0 < value < 1 (digits has a non-zero leading digit).
        return Ok((0, true));
    }
    let split = usize::try_from(int_len).map_err(|_| CountError::TooLarge)?;
    let (int_part, frac_part) = match (digits.get(..split), digits.get(split..)) {
        (Some(a), Some(b)) => (a, b),
        _ => return Err(CountError::TooLarge),
    };
    let v = int_part.parse::<u64>().map_err(|_| CountError::TooLarge)?;
    Ok((v, frac_part.bytes().any(|b| b != b'0')))
}

fn ceil_value(lit: &NumLit, pow10: i64) -> Result<u64, CountError> {
    let (floor, frac) = lit_value(lit, pow10)?;
    floor
        .checked_add(u64::from(frac))
        .ok_or(CountError::TooLarge)
}

fn within_limit(v: u64) -> Result<u64, CountError> {
    if v > MAX_COUNT {
        Err(CountError::TooLarge)
    } else {
        Ok(v)
    }
}

/// Parses a count written as text (docs/register.md#values "count").
///
/// Accepted: plain numbers with thousands separators (`1.500`, `1,500`,
/// `1 500`, `1.000.000`: a `.`/`,`/space followed by exactly three digits),
/// decimals (`1,5`, `12.34`; a fraction is rounded up), approximations
/// (`ca.`, `circa`, `ongeveer`, `±`, `~`, `about`, `ruim`, ... are ignored),
/// comparisons (`>`/`meer dan`/`more than` = n+1, `>=`/`≥`/`minimaal`/`at least` = n,
/// `<`/`minder dan`/`less than` = n−1, `max`/`maximaal`/`tot`/`up to`/`≤` = n),
/// ranges (`100-1000`, `100 – 1.000`, `100 tot 1000`, `tussen 100 en 1000`,
/// `between 100 and 1000` = the larger bound), multipliers after the number
/// (`2k`, `2 duizend`, `1,5 miljoen`, `1.5 mln`, `3 mio`, `2 million`).
/// Other words are ignored ("500 studenten"). Text in parentheses is ignored
/// when the rest has a number ("1500 personen (schatting 2023)").
pub fn parse_count(s: &str) -> Result<u64, CountError> {
    let n = normalize(s);
    let (outside, _) = split_parens(&n);
    let text = if outside.chars().any(|c| c.is_ascii_digit()) {
        outside
    } else {
        n.replace(['(', ')'], " ")
    };
    let toks = tokenize(&text);
    let items = to_items(&toks);

    let nums: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| matches!(it, Item::Num { .. }))
        .map(|(k, _)| k)
        .collect();
    let (first, second) = match nums.as_slice() {
        [] => return Err(CountError::NoNumber),
        [a] => (*a, None),
        [a, b] => (*a, Some(*b)),
        _ => return Err(CountError::SeveralNumbers),
    };

    let num_parts = |k: usize| match items.get(k) {
        Some(Item::Num {
            lit,
            pow10,
            space_before,
        }) => Some((lit, *pow10, *space_before)),
        _ => None,
    };
    let (lit1, pow1, space1) = num_parts(first).ok_or(CountError::NoNumber)?;

    // A dash glued to the digits and not itself glued to a preceding word: minus sign.
    if !space1 && first > 0 && matches!(items.get(first - 1), Some(Item::Dash { hyphen: false })) {
        return Err(CountError::Negative);
    }

    let Some(second) = second else {
        let cmp = items
            .get(..first)
            .unwrap_or(&[])
            .iter()
            .rev()
            .find_map(|it| match it {
                Item::Op(Op::Cmp(c)) => Some(*c),
                Item::Op(Op::Tot) => Some(Cmp::AtMost),
                _ => None,
            });
        let (floor, frac) = lit_value(lit1, pow1)?;
        let v = match cmp {
            Some(Cmp::More) => floor.checked_add(1).ok_or(CountError::TooLarge)?,
            Some(Cmp::Less) if frac => floor,
            Some(Cmp::Less) => floor.saturating_sub(1),
            _ => floor
                .checked_add(u64::from(frac))
                .ok_or(CountError::TooLarge)?,
        };
        return within_limit(v);
    };

    // Two numbers: only a range is acceptable.
    let between = items
        .get(..first)
        .unwrap_or(&[])
        .iter()
        .any(|it| matches!(it, Item::Op(Op::Between)));
    let mid = items.get(first + 1..second).unwrap_or(&[]);
    let is_connector = |it: &Item| {
        matches!(it, Item::Dash { .. } | Item::Tilde | Item::Op(Op::Tot))
            || (between && matches!(it, Item::Op(Op::And)))
    };
    if !mid.iter().any(is_connector) {
        return Err(CountError::SeveralNumbers);
    }
    let (lit2, pow2, space2) = num_parts(second).ok_or(CountError::NoNumber)?;
    if let Some((Item::Dash { .. }, before)) = mid.split_last() {
        if !space2 && before.iter().any(is_connector) {
            return Err(CountError::Negative);
        }
    }
    let a = ceil_value(lit1, pow1)?;
    let b = ceil_value(lit2, pow2)?;
    within_limit(a.max(b))
}

/// A native numeric cell as a count: negative → `Negative`, NaN/inf/too large
/// → `TooLarge`, a fraction rounded up. Values within 1e-9 (relative) of a
/// whole number are taken as that number, so float noise such as
/// 3.0000000000000004 gives 3, not 4.
pub fn count_from_number(x: f64) -> Result<u64, CountError> {
    if !x.is_finite() {
        return Err(CountError::TooLarge);
    }
    let tolerance = 1e-9 * x.abs().max(1.0);
    if x < -tolerance {
        return Err(CountError::Negative);
    }
    let nearest = x.round();
    let v = if (x - nearest).abs() <= tolerance {
        nearest
    } else {
        x.ceil()
    };
    let v = v.max(0.0);
    if v > MAX_COUNT as f64 {
        return Err(CountError::TooLarge);
    }
    // In range [0, 1e15] and whole: the cast is exact.
    Ok(v as u64)
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

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

    let mut seen = HashSet::new();
    let mut out = Vec::new();
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

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Takes 1..=max ASCII digits at `*p`; `None` if there are none or more than `max`.
fn take_digits(b: &[u8], p: &mut usize, max: usize) -> Option<(u32, usize)> {
    let start = *p;
    let mut v: u32 = 0;
    while let Some(d) = b.get(*p).filter(|d| d.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(u32::from(d - b'0'));
        *p += 1;
    }
    let len = *p - start;
    (1..=max).contains(&len).then_some((v, len))
}

/// A time after a date: (`t` or space) `h:mm` [`:ss` [`.fff`]] [` `] [`z` | ±hh[:mm]].
fn is_time_suffix(b: &[u8]) -> bool {
    let mut p = 0;
    if !matches!(b.first(), Some(b' ') | Some(b't')) {
        return false;
    }
    p += 1;
    if take_digits(b, &mut p, 2).is_none() || b.get(p) != Some(&b':') {
        return false;
    }
    p += 1;
    if !matches!(take_digits(b, &mut p, 2), Some((_, 2))) {
        return false;
    }
    if b.get(p) == Some(&b':') {
        p += 1;
        if !matches!(take_digits(b, &mut p, 2), Some((_, 2))) {
            return false;
        }
        if matches!(b.get(p), Some(b'.') | Some(b',')) {
            p += 1;
            if take_digits(b, &mut p, 9).is_none() {
                return false;
            }
        }
    }
    if b.get(p) == Some(&b' ') {
        p += 1;
    }
    match b.get(p) {
        None => true,
        Some(b'z') => p + 1 == b.len(),
        Some(b'+') | Some(b'-') => {
            p += 1;
            match take_digits(b, &mut p, 4) {
                Some((_, 4)) => p == b.len(),
                Some((_, 2)) if b.get(p) == Some(&b':') => {
                    p += 1;
                    matches!(take_digits(b, &mut p, 2), Some((_, 2))) && p == b.len()
                }
                Some((_, 2)) => p == b.len(),
                _ => false,
            }
        }
        Some(_) => false,
    }
}

/// Dates as text: `2024-05-31`, `31-05-2024`, `31/05/2024`, `31.05.2024`
/// (day first unless the year comes first; also `2024/05/31`), single-digit
/// day/month (`1-5-2024`), optionally followed by a time that is ignored
/// (`2024-05-31 10:00`, `2024-05-31T10:00:00Z`). The two separators must be
/// the same; years have four digits. Invalid calendar dates → `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let n = normalize(s);
    let b = n.as_bytes();
    let mut p = 0;
    let (d1, len1) = take_digits(b, &mut p, 4)?;
    let sep = *b.get(p)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    p += 1;
    let (d2, _) = take_digits(b, &mut p, 2)?;
    if b.get(p) != Some(&sep) {
        return None;
    }
    p += 1;
    let (d3, len3) = take_digits(b, &mut p, 4)?;
    if let Some(rest) = b.get(p..) {
        if !rest.is_empty() && !is_time_suffix(rest) {
            return None;
        }
    }
    let (y, m, d) = if len1 == 4 && len3 <= 2 {
        (d1, d2, d3)
    } else if len3 == 4 && len1 <= 2 {
        (d3, d2, d1)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// Excel serial date (1900 system) → date. Serial 1 = 1900-01-01, 59 =
/// 1900-02-28, 60 is Excel's non-existent 29 Feb 1900 (→ `None`), 61 =
/// 1900-03-01. A time fraction is ignored. `None` below 1, above 2958465
/// (9999-12-31), or NaN.
pub fn date_from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() {
        return None;
    }
    let day = serial.floor();
    if !(1.0..=2_958_465.0).contains(&day) {
        return None;
    }
    // Whole and within range: the cast is exact.
    let day = day as u64;
    let (epoch, offset) = match day {
        60 => return None,
        1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, day),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, day),
    };
    epoch.checked_add_days(Days::new(offset))
}

/// A count with its thousands grouped by `sep`: with `.` (Dutch) 1500 → "1.500", 999 → "999",
/// 1000000 → "1.000.000"; with `,` (English) "1,500". See `Lang::count`.
pub fn format_count(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use CountError::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
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
            assert_eq!(l.dutch(), nl, "{l:?}");
            assert_eq!(l.english(), en, "{l:?}");
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

    #[test]
    fn count_ok_table() {
        let cases: &[(&str, u64)] = &[
            // plain and thousands separators
            ("0", 0),
            ("1500", 1500),
            ("1.500", 1500),
            ("1,500", 1500),
            ("1 500", 1500),
            ("1\u{a0}500", 1500),
            ("1\u{202f}500", 1500),
            ("1.000.000", 1_000_000),
            ("1,000,000", 1_000_000),
            ("1 000 000", 1_000_000),
            ("1,000", 1000),
            ("  500  ", 500),
            // decimals, rounded up
            ("1,5", 2),
            ("1.5", 2),
            ("1,0001", 2),
            ("12.34", 13),
            ("0,5", 1),
            (",5", 1),
            ("2,0", 2),
            ("1.000,5", 1001),
            ("1,500.25", 1501),
            ("1.0000", 1),
            // approximations
            ("ca. 500", 500),
            ("ca.500", 500),
            ("circa 500", 500),
            ("ongeveer 500", 500),
            ("± 500", 500),
            ("±500", 500),
            ("+/- 500", 500),
            ("~500", 500),
            ("about 500", 500),
            ("ruim 500", 500),
            ("naar schatting 500", 500),
            // comparisons
            ("> 1000", 1001),
            (">1000", 1001),
            ("meer dan 1000", 1001),
            ("Meer dan 1.000", 1001),
            ("more than 1000", 1001),
            (">= 1000", 1000),
            ("≥ 1000", 1000),
            ("=> 1000", 1000),
            ("minimaal 50", 50),
            ("at least 50", 50),
            ("< 100", 99),
            ("<100", 99),
            ("minder dan 100", 99),
            ("less than 100", 99),
            ("fewer than 100", 99),
            ("<= 50", 50),
            ("≤ 50", 50),
            ("=< 50", 50),
            ("max 50", 50),
            ("max. 50", 50),
            ("maximaal 50", 50),
            ("tot 50", 50),
            ("up to 50", 50),
            ("niet meer dan 100", 100),
            ("> 1,5", 2),
            ("< 2,5", 2),
            ("< 1", 0),
            // ranges = upper bound
            ("100-1000", 1000),
            ("100 - 1000", 1000),
            ("100 – 1.000", 1000),
            ("100–1000", 1000),
            ("100 — 1000", 1000),
            ("100 tot 1000", 1000),
            ("100 t/m 1000", 1000),
            ("100 tot en met 1000", 1000),
            ("tussen 100 en 1000", 1000),
            ("Tussen 100 en 1.000", 1000),
            ("between 100 and 1000", 1000),
            ("van 100 tot 1000", 1000),
            ("100 to 1000", 1000),
            ("1000-100", 1000),
            ("ca. 100-200", 200),
            ("1-2 miljoen", 2_000_000),
            ("100 studenten - 200 studenten", 200),
            // multipliers
            ("2k", 2000),
            ("2K", 2000),
            ("2,5k", 2500),
            ("2 duizend", 2000),
            ("1,5 miljoen", 1_500_000),
            ("1.5 mln", 1_500_000),
            ("1,5 mln.", 1_500_000),
            ("3 mio", 3_000_000),
            ("2 million", 2_000_000),
            ("2M", 2_000_000),
            ("1 miljard", 1_000_000_000),
            ("1e3", 1000),
            ("1.5E+06", 1_500_000),
            ("1e-3", 1),
            // unit words and remarks
            ("500 studenten", 500),
            ("ca. 2.000 medewerkers", 2000),
            ("1500 personen (schatting)", 1500),
            ("500 (peildatum 2023)", 500),
            ("(ca. 500)", 500),
            ("500+", 500),
            ("500 of meer", 500),
            ("covid-19", 19),
            ("1000000000000000", MAX_COUNT),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_count(input), Ok(want), "parse_count({input:?})");
        }
    }

    #[test]
    fn count_error_table() {
        let cases: &[(&str, CountError)] = &[
            ("-5", Negative),
            ("−5", Negative),
            ("-1.500", Negative),
            ("ca. -5", Negative),
            ("100 - -5", Negative),
            ("tussen -5 en 10", Negative),
            ("abc", NoNumber),
            ("", NoNumber),
            ("   ", NoNumber),
            ("-", NoNumber),
            ("n.v.t.", NoNumber),
            ("duizenden", NoNumber),
            ("١٢٣", NoNumber),
            ("500 studenten en 30 docenten", SeveralNumbers),
            ("100 en 1000", SeveralNumbers),
            ("10 20", SeveralNumbers),
            ("1, 2, 3", SeveralNumbers),
            ("31-05-2024", SeveralNumbers),
            ("1e400", TooLarge),
            ("1e999999999999", TooLarge),
            ("99999999999999999999999", TooLarge),
            ("1000000000000001", TooLarge),
            ("> 1000000000000000", TooLarge),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_count(input),
                Err(want.clone()),
                "parse_count({input:?})"
            );
        }
    }

    #[test]
    fn count_error_display() {
        let cases = [
            (NoNumber, "geen getal gevonden"),
            (Negative, "negatief getal"),
            (SeveralNumbers, "meerdere losse getallen"),
            (TooLarge, "getal te groot"),
        ];
        for (e, want) in cases {
            assert_eq!(e.to_string(), want);
        }
    }

    #[test]
    fn count_from_number_table() {
        let cases: &[(f64, Result<u64, CountError>)] = &[
            (0.0, Ok(0)),
            (-0.0, Ok(0)),
            (1500.0, Ok(1500)),
            (1.5, Ok(2)),
            (1.0001, Ok(2)),
            (0.1 + 0.2, Ok(1)),
            (3.000_000_000_000_000_4, Ok(3)),
            (1e15, Ok(MAX_COUNT)),
            (-1.0, Err(Negative)),
            (-0.5, Err(Negative)),
            (f64::NAN, Err(TooLarge)),
            (f64::INFINITY, Err(TooLarge)),
            (f64::NEG_INFINITY, Err(TooLarge)),
            (1e16, Err(TooLarge)),
            (f64::MAX, Err(TooLarge)),
        ];
        for (x, want) in cases {
            assert_eq!(count_from_number(*x), *want, "count_from_number({x})");
        }
    }

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

    #[test]
    fn date_table() {
        let may31 = date(2024, 5, 31);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("2024-05-31", may31),
            ("31-05-2024", may31),
            ("31/05/2024", may31),
            ("31.05.2024", may31),
            ("2024/05/31", may31),
            (" 31-05-2024 ", may31),
            ("1-5-2024", date(2024, 5, 1)),
            ("2024-5-1", date(2024, 5, 1)),
            ("2024-05-31 10:00", may31),
            ("2024-05-31T10:00:00", may31),
            ("2024-05-31T10:00:00Z", may31),
            ("2024-05-31T10:00:00.123+02:00", may31),
            ("2024-05-31T10:00:00+0200", may31),
            ("2024-05-31 10:00 +02", may31),
            ("31-05-2024 0:00:00", may31),
            ("29-02-2024", date(2024, 2, 29)),
            ("31-02-2024", None),
            ("29-02-2023", None),
            ("2024-13-01", None),
            ("00-05-2024", None),
            ("31-05-24", None),
            ("31-05/2024", None),
            ("2024-05-31 morgen", None),
            ("2024-05-31T", None),
            ("31 mei 2024", None),
            ("", None),
            ("45443", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_date(input), want, "parse_date({input:?})");
        }
    }

    #[test]
    fn excel_serial_table() {
        let cases: &[(f64, Option<NaiveDate>)] = &[
            (1.0, date(1900, 1, 1)),
            (1.75, date(1900, 1, 1)),
            (59.0, date(1900, 2, 28)),
            (60.0, None),
            (61.0, date(1900, 3, 1)),
            (45443.0, date(2024, 5, 31)),
            (45443.5, date(2024, 5, 31)),
            (2_958_465.0, date(9999, 12, 31)),
            (2_958_465.9, date(9999, 12, 31)),
            (2_958_466.0, None),
            (0.0, None),
            (0.5, None),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ];
        for &(serial, want) in cases {
            assert_eq!(date_from_excel_serial(serial), want, "serial {serial}");
        }
    }

    #[test]
    fn format_count_table() {
        // (count, Dutch, English)
        let cases: &[(u64, &str, &str)] = &[
            (0, "0", "0"),
            (999, "999", "999"),
            (1000, "1.000", "1,000"),
            (1500, "1.500", "1,500"),
            (999_999, "999.999", "999,999"),
            (1_000_000, "1.000.000", "1,000,000"),
            (
                u64::MAX,
                "18.446.744.073.709.551.615",
                "18,446,744,073,709,551,615",
            ),
        ];
        for &(n, nl, en) in cases {
            assert_eq!(format_count(n, '.'), nl, "format_count({n}, '.')");
            assert_eq!(format_count(n, ','), en, "format_count({n}, ',')");
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
