//! Counts as people write them in a register cell (docs/register.md#values): `1.500`, `ca. 500`,
//! `> 1000`, `100-1000` (the higher end), `2,5 duizend`, `meer dan 12.000`; and a count shown
//! with the language's thousands.

use super::{normalize, split_parens};

/// Why a text or cell is not a count (a data-quality finding; its words, in the run's language,
/// are the catalogue's: `input::record`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    NoNumber,
    Negative,
    SeveralNumbers,
    TooLarge,
}

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

/// A count with its thousands grouped by `sep`: with `.` (Dutch) 1500 → "1.500", 999 → "999",
/// 1000000 → "1.000.000"; with `,` (English) "1,500". See `Lang::count`.
pub fn format_count(n: u64, sep: char) -> String {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
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

#[cfg(test)]
mod tests {
    use super::*;
    use CountError::*;

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
}
