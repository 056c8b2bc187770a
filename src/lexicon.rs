//! Word lists matched against free text through one Aho–Corasick automaton (docs/rubric.md#derive): the
//! cost per character scanned does not grow with the number of terms, so a rubric with 100,000
//! terms costs about what one with 100 does. The text and the terms are normalised alike (lower
//! case, diacritics removed, every run of non-alphanumerics one space), and a term matches on
//! word boundaries, as written in the rubric:
//!
//! | term | matches |
//! | --- | --- |
//! | `cctv` | the whole word `cctv` |
//! | `camera*` | a word that starts with `camera` (`camerabeelden`) |
//! | `*camera` | a word that ends with `camera` (`beveiligingscamera`) |
//! | `*profilering*` | a word that contains `profilering` (`klantprofileringen`) |
//! | `facial recognition` | the two words in a row |
//!
//! Dutch glues words together, which is why the last three forms exist.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::value;

/// One term as the rubric wrote it, prepared.
#[derive(Debug, Clone)]
struct Entry {
    /// As written, for reasons.
    written: String,
    /// What it says about the text (a list item, a criterion, a level …), the caller's.
    tag: u32,
    /// May start inside a word (`*camera`).
    open_start: bool,
    /// May end inside a word (`camera*`).
    open_end: bool,
    /// Not found right after one of these words (`fingerprint*` after `machine`, `browser`).
    not_after: Vec<Pattern>,
    /// Found only with one of these words in the same clause (`beeldopname*` with `camera*`).
    near: Vec<Pattern>,
    /// Not found with one of these words in the same clause (`medewerker*` with `klant*`).
    not_near: Vec<Pattern>,
    /// Not found with one of these words in the same text (`fraud*` with `security`).
    not_in_text: Vec<Pattern>,
}

/// Context rules for terms as the rubric wrote them: term → words (docs/rubric.md#derive).
#[derive(Debug, Clone, Default)]
pub struct ContextRules {
    /// Not found right after one of the words.
    pub not_after: Vec<(String, Vec<String>)>,
    /// Found only with one of the words in its clause.
    pub near: Vec<(String, Vec<String>)>,
    /// Not found with one of the words in its clause.
    pub not_near: Vec<(String, Vec<String>)>,
    /// Not found with one of the words in the same text.
    pub not_in_text: Vec<(String, Vec<String>)>,
}

/// A context word as the rubric wrote it (`camera*`, `*toezicht`, `video`), normalised.
#[derive(Debug, Clone)]
struct Pattern {
    core: String,
    open_start: bool,
    open_end: bool,
}

impl Pattern {
    fn new(word: &str) -> Option<Pattern> {
        let w = word.trim();
        let core = normalize(w.trim_matches('*'));
        (!core.is_empty() && !core.contains(' ')).then(|| Pattern {
            core,
            open_start: w.starts_with('*'),
            open_end: w.ends_with('*'),
        })
    }

    fn matches(&self, word: &str) -> bool {
        match (self.open_start, self.open_end) {
            (false, false) => word == self.core,
            (false, true) => word.starts_with(&self.core),
            (true, false) => word.ends_with(&self.core),
            (true, true) => word.contains(&self.core),
        }
    }
}

/// A set of terms, ready to match.
#[derive(Debug, Clone)]
pub struct Lexicon {
    automaton: Option<AhoCorasick>,
    entries: Vec<Entry>,
    /// Words that deny what follows them (`geen`, `zonder`, `no`), normalised.
    negations: Vec<String>,
    /// Words that join the last item of an enumeration (`of`, `oder`, `or`), normalised: a
    /// negation before the first item denies them all.
    joiners: Vec<String>,
    /// Words that deny the term they follow (`excluded`, `uitgesloten`), normalised.
    negations_after: Vec<String>,
}

/// How many words before a term, within its clause, a negation reaches: `geen GPS`, `zonder
/// vaste camera`, `niet naar de VS`.
const NEGATION_REACH: usize = 3;

/// How many words after a term, within its clause, a negation that follows reaches: `health data
/// excluded`, `device label are explicitly excluded`.
const NEGATION_AFTER_REACH: usize = 3;

/// Words as the rubric wrote them, normalised, the empty ones left out.
fn normalized_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    words
        .into_iter()
        .map(normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of a clause of a normalised text.
fn words(clause: &str) -> Vec<&str> {
    clause.split(' ').filter(|w| !w.is_empty()).collect()
}

/// The most words an item of a denied enumeration has before the next item (`Keine Namen,
/// Kennungen, Freitexte oder Standortdaten`): longer clauses are sentences of their own.
const LIST_ITEM_WORDS: usize = 3;

/// One term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The caller's tag of the term.
    pub tag: u32,
    /// The term as the rubric wrote it.
    pub term: String,
    /// The word(s) of the text it matched, normalised (`camerabeelden`).
    pub found: String,
}

/// Normalise a text for matching: lower case, no diacritics, words separated by one space, and
/// clauses (parts between `,` `;` `:` `!` `?`, line breaks, and a `.` that ends a sentence)
/// separated by ` | ` within a sentence and by ` || ` where a sentence ends (`;` `!` `?`, a line
/// break, a `.`), so that no term and no negation reaches across a clause, and a `near` word
/// counts anywhere in the sentence.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut sentence_ended = false;
    let mut words = String::new();
    for (clause, ends_sentence) in clauses(text) {
        words.clear();
        if clause.is_ascii() {
            ascii_words(clause, &mut words);
        } else {
            words.push_str(&value::alphanumeric_words(&value::normalize(&join_dotted(
                clause,
            ))));
        }
        if words.is_empty() {
            sentence_ended |= ends_sentence;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if sentence_ended { SENTENCE } else { CLAUSE });
        }
        out.push_str(&words);
        sentence_ended = ends_sentence;
    }
    out
}

/// `alphanumeric_words(normalize(join_dotted(clause)))` of an ASCII clause, in one pass: its
/// letter and digit runs in lower case, one space between them, a `.` between two letters
/// dropped.
fn ascii_words(clause: &str, out: &mut String) {
    let bytes = clause.as_bytes();
    let mut pending = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b == b'.'
            && i > 0
            && bytes[i - 1].is_ascii_alphabetic()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            // `Recall.ai`, `z.B.`: one word.
        } else {
            pending = true;
        }
    }
}

/// A name written with a dot between two letters is one word: `Recall.ai` and `mielikkix.ai`
/// name a firm and a web site, not AI; `z.B.` is one abbreviation. A dot beside a digit still
/// parts (`art.9`, `9.2.a`).
fn join_dotted(clause: &str) -> std::borrow::Cow<'_, str> {
    if !clause.contains('.') {
        return std::borrow::Cow::Borrowed(clause);
    }
    let mut out = String::with_capacity(clause.len());
    let mut prev: Option<char> = None;
    let mut chars = clause.chars().peekable();
    while let Some(c) = chars.next() {
        let between_letters = c == '.'
            && prev.is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|n| n.is_alphabetic());
        if !between_letters {
            out.push(c);
        }
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

/// Between two clauses of one sentence in a normalised text.
const CLAUSE: &str = " | ";
/// Between two sentences.
const SENTENCE: &str = " || ";

/// The words of each clause of a normalised text, sentence ends counted as clause ends.
fn clause_words(normalized: &str) -> Vec<Vec<&str>> {
    normalized
        .split(CLAUSE)
        .flat_map(|c| c.split(SENTENCE))
        .map(words)
        .collect()
}

/// Whether a word of a normalised text is a boundary (of a clause or a sentence).
fn boundary(word: &str) -> bool {
    word == "|" || word == "||"
}

/// Abbreviations whose dot ends no sentence, though a capital follows (`Pferdedaten (inkl.
/// Gesundheit)`, `incl. BSN`, `bzw. Kunden`), lower case, their inner dots left out (`z.B.`,
/// `e.g.`, `o.a.`). `etc.` is not among them: it ends an enumeration as often as a sentence.
const ABBREVIATIONS: [&str; 22] = [
    "incl", "inkl", "excl", "exkl", "bzw", "ggf", "evtl", "ca", "bijv", "bv", "vgl", "zgn", "resp",
    "eg", "ie", "zb", "ua", "oa", "dh", "usw", "sog", "vs",
];

/// Whether `before` (the text up to a `.`) ends in one of the [`ABBREVIATIONS`], its inner dots
/// left out.
fn abbreviation_before(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || *c == '.')
        .filter(|c| *c != '.')
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    ABBREVIATIONS.contains(&word.as_str())
}

/// The clauses of a text, each with whether it ends a sentence. A `.` ends one only before a
/// space and a capital or at the end, so `art. 9`, `9.2.a` and `n.v.t.` inside a clause stay whole;
/// `,` and `:` end a clause within its sentence.
fn clauses(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    for (i, c) in text.char_indices() {
        let ends = match c {
            ',' | ':' => Some(false),
            ';' | '!' | '?' | '\n' | '\r' => Some(true),
            '.' if abbreviation_before(&text[..i]) => None,
            '.' => {
                let rest = &text[i + 1..];
                let next = rest.trim_start();
                (rest.len() != next.len() && next.chars().next().is_some_and(char::is_uppercase)
                    || next.is_empty())
                .then_some(true)
            }
            _ => None,
        };
        if let Some(sentence) = ends {
            cuts.push((start, i, sentence));
            start = i + c.len_utf8();
        }
    }
    cuts.push((start, bytes.len(), true));
    cuts.into_iter().map(move |(a, b, s)| (&text[a..b], s))
}

impl Lexicon {
    /// A lexicon of `(term, tag)` pairs. Terms that are empty once normalised are left out.
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'a str, u32)>) -> Lexicon {
        let mut patterns = Vec::new();
        let mut entries = Vec::new();
        for (term, tag) in terms {
            let t = term.trim();
            let open_start = t.starts_with('*');
            let open_end = t.ends_with('*');
            let core = normalize(t.trim_matches('*'));
            if core.is_empty() {
                continue;
            }
            patterns.push(core);
            entries.push(Entry {
                written: t.to_string(),
                tag,
                open_start,
                open_end,
                not_after: Vec::new(),
                near: Vec::new(),
                not_near: Vec::new(),
                not_in_text: Vec::new(),
            });
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        Lexicon {
            automaton,
            entries,
            negations: Vec::new(),
            joiners: Vec::new(),
            negations_after: Vec::new(),
        }
    }

    /// The same lexicon, where a term right after one of these words (up to three words before
    /// it, in its clause) is not found: `Geen GPS-route` names no location data, `zonder camera's` no camera.
    pub fn with_negations<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Lexicon {
        self.negations = normalized_words(words);
        self
    }

    /// The same lexicon, where a term one of these words follows (up to three words after it,
    /// in its clause) is not found: `with health data excluded by design` names no health data.
    pub fn with_negations_after<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Lexicon {
        self.negations_after = normalized_words(words);
        self
    }

    /// The words that deny the term before them.
    pub fn negations_after(&self) -> &[String] {
        &self.negations_after
    }

    /// The same lexicon, where a negation also denies the items of an enumeration it starts,
    /// each in a clause of its own, up to the item joined by one of these words: `geen namen,
    /// adressen of locatiegegevens` names no location data, `no names, e-mails or location data`
    /// neither.
    pub fn with_joiners<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Lexicon {
        self.joiners = normalized_words(words);
        self
    }

    /// The words that join the last item of an enumeration, normalised.
    pub fn joiners(&self) -> &[String] {
        &self.joiners
    }

    /// The same lexicon, with context rules for terms as the rubric wrote them: `not_after`
    /// (term → words right before which it is not found), `near` (term → words one of which
    /// must stand in its clause), `not_near` (term → words none of which may stand in its clause)
    /// and `not_in_text` (term → words none of which may stand in the same text or the
    /// activity's name, [`Lexicon::find_beside`]). A rule for a
    /// term the lexicon lacks is left out.
    pub fn with_context(mut self, rules: &ContextRules) -> Lexicon {
        let ContextRules {
            not_after,
            near,
            not_near,
            not_in_text,
        } = rules;
        for e in &mut self.entries {
            let written = e.written.trim();
            for (rules, slot) in [
                (not_after, &mut e.not_after),
                (near, &mut e.near),
                (not_near, &mut e.not_near),
                (not_in_text, &mut e.not_in_text),
            ] {
                for (term, words) in rules {
                    if term.trim() == written {
                        slot.extend(words.iter().filter_map(|w| Pattern::new(w)));
                    }
                }
            }
        }
        self
    }

    /// Whether the context rules of `e` let a match from byte `from` to `to` stand.
    fn in_context(e: &Entry, normalized: &str, from: usize, to: usize) -> bool {
        if !e.not_after.is_empty() {
            let before = normalized[..from].split(' ').rev().find(|w| !w.is_empty());
            if before.is_some_and(|w| e.not_after.iter().any(|p| p.matches(w))) {
                return false;
            }
        }
        // `near` words count in the match's sentence (a context word often follows an enumeration:
        // "beeldopname in functie van het voorkomen, vaststellen en opsporen van misdrijven"),
        // `not_near` words in its clause.
        let around = |sep: &str| {
            let start = normalized[..from].rfind(sep).map_or(0, |i| i + sep.len());
            let end = normalized[to..]
                .find(sep)
                .map_or(normalized.len(), |i| to + i);
            &normalized[start..end]
        };
        let matched = &normalized[from..to];
        if !e.near.is_empty() && !Self::words_ok(e, around(SENTENCE), matched, &e.near, &[]) {
            return false;
        }
        if !e.not_near.is_empty() {
            let clause = around(CLAUSE);
            // The clause ends where the sentence does, too.
            let clause = clause
                .split(SENTENCE)
                .find(|c| c.contains(matched))
                .unwrap_or(clause);
            if !Self::words_ok(e, clause, matched, &[], &e.not_near) {
                return false;
            }
        }
        // `not_in_text` reaches over the whole text: "Sicherheitsüberwachung, Betrugsprävention"
        // names fraud prevention as a security aim although a comma parts the two.
        Self::words_ok(e, normalized, &normalized[from..to], &[], &e.not_in_text)
    }

    /// Whether the words of `span` other than the match's include one of `wanted` (when there
    /// are any) and none of `unwanted`.
    fn words_ok(
        _e: &Entry,
        span: &str,
        matched: &str,
        wanted: &[Pattern],
        unwanted: &[Pattern],
    ) -> bool {
        let outside = span
            .split(' ')
            .filter(|w| !w.is_empty() && !boundary(w))
            .filter(|w| !matched.split(' ').any(|m| m == *w));
        (wanted.is_empty() || outside.clone().any(|w| wanted.iter().any(|p| p.matches(w))))
            && (unwanted.is_empty()
                || !outside
                    .clone()
                    .any(|w| unwanted.iter().any(|p| p.matches(w))))
    }

    /// Whether a negation stands among the words just before byte `from` of `normalized`, or
    /// starts the enumeration the word at `from` is an item of.
    fn negated(&self, normalized: &str, from: usize) -> bool {
        !self.negations.is_empty()
            && (normalized[..from]
                .split(' ')
                .rev()
                .filter(|w| !w.is_empty())
                .take(NEGATION_REACH)
                .take_while(|w| !boundary(w))
                .any(|w| self.is_negation(w))
                || self.in_denied_list(normalized, from))
    }

    /// Whether a word that denies what it follows stands among the words just after byte `to`
    /// of `normalized`, in the same clause.
    fn denied_after(&self, normalized: &str, to: usize) -> bool {
        !self.negations_after.is_empty()
            && normalized[to..]
                .split(' ')
                .filter(|w| !w.is_empty())
                .take(NEGATION_AFTER_REACH)
                .take_while(|w| !boundary(w))
                .any(|w| self.negations_after.iter().any(|n| n == w))
    }

    fn is_negation(&self, word: &str) -> bool {
        self.negations.iter().any(|n| n == word)
    }

    fn is_joiner(&self, word: &str) -> bool {
        self.joiners.iter().any(|j| j == word)
    }

    /// Whether the word at byte `from` is an item of an enumeration a negation starts: the
    /// clauses before it back to the negation's are items of at most `LIST_ITEM_WORDS` words (the
    /// negation's clause counted from the word after it), and the enumeration ends in a clause
    /// whose joiner follows an item of at most `LIST_ITEM_WORDS` words: `keine Namen | Kennungen |
    /// Kalenderdaten oder Standortdaten …`. `geen GPS | camera bij de deur` is no enumeration.
    fn in_denied_list(&self, normalized: &str, from: usize) -> bool {
        if self.joiners.is_empty() {
            return false;
        }
        let before = clause_words(&normalized[..from]);
        let after = clause_words(&normalized[from..]);
        let (Some((here_before, earlier)), Some((here_after, later))) =
            (before.split_last(), after.split_first())
        else {
            return false;
        };
        if earlier.is_empty() {
            return false;
        }
        // Forward: this item's clause, then short items, until the one with the joiner (after
        // an item of at most `LIST_ITEM_WORDS` words).
        let joined = |w: &[&str]| -> Option<usize> {
            w.iter()
                .take(LIST_ITEM_WORDS + 1)
                .position(|w| self.is_joiner(w))
        };
        let here: Vec<&str> = here_before.iter().chain(here_after).copied().collect();
        let ends = match joined(&here) {
            // The joined item itself (or the one before the joiner).
            Some(at) => here_before.len() <= at + LIST_ITEM_WORDS,
            None => {
                here.len() <= LIST_ITEM_WORDS
                    && later
                        .iter()
                        .take_while(|c| joined(c).is_none())
                        .all(|c| c.len() <= LIST_ITEM_WORDS)
                    && later.iter().any(|c| joined(c).is_some())
            }
        };
        if !ends {
            return false;
        }
        // Backward: short items until the clause the negation starts.
        for clause in earlier.iter().rev() {
            if let Some(at) = clause.iter().position(|w| self.is_negation(w)) {
                return clause.len() - at - 1 <= LIST_ITEM_WORDS;
            }
            if clause.len() > LIST_ITEM_WORDS {
                return false;
            }
        }
        false
    }

    /// How many terms the lexicon has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The words that deny a term after them, normalised.
    pub fn negations(&self) -> &[String] {
        &self.negations
    }

    /// Whether the lexicon has no terms.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every term found in `normalized` (a text passed through [`normalize`]), in the order they
    /// end in the text; a term found twice is reported once.
    pub fn find(&self, normalized: &str) -> Vec<Hit> {
        self.find_beside(normalized, "")
    }

    /// As [`Lexicon::find`], with `beside` (normalised too: the activity's name) read by the
    /// `not_in_text` rules as if it stood in the same text: fraud detection as the aim of an
    /// activity named "Audit logging" is an aim of the log.
    pub fn find_beside(&self, normalized: &str, beside: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let bytes = normalized.as_bytes();
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        for m in ac.find_overlapping_iter(normalized) {
            let i = m.pattern().as_usize();
            let Some(e) = self.entries.get(i) else {
                continue;
            };
            let starts_word = m.start() == 0 || bytes[m.start() - 1] == b' ';
            let ends_word = m.end() == bytes.len() || bytes[m.end()] == b' ';
            if !(starts_word || e.open_start) || !(ends_word || e.open_end) {
                continue;
            }
            if seen.contains(&i) {
                continue;
            }
            // The whole word(s) the match lies in, for the reason.
            let from = normalized[..m.start()].rfind(' ').map_or(0, |p| p + 1);
            if self.negated(normalized, from) {
                continue;
            }
            let to = normalized[m.end()..]
                .find(' ')
                .map_or(normalized.len(), |p| m.end() + p);
            if self.denied_after(normalized, to) {
                continue;
            }
            if !Self::in_context(e, normalized, from, to)
                || !Self::words_ok(e, beside, "", &[], &e.not_in_text)
            {
                continue;
            }
            seen.push(i);
            hits.push(Hit {
                tag: e.tag,
                term: e.written.clone(),
                found: normalized[from..to].to_string(),
            });
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ASCII clause's words in one pass are the words the general path gives: every ASCII
    /// character between letters and digits, and table cases of dots (`Recall.ai`, `z.B.`,
    /// `art.9`, `9.2.a`, `..`).
    #[test]
    fn ascii_clause_words_are_the_general_path() {
        let mut cases: Vec<String> = (0u8..=0x7f)
            .flat_map(|b| {
                let c = char::from(b);
                [format!("Ab{c}cD"), format!("1{c}2"), format!("{c}x{c}")]
            })
            .collect();
        cases.extend(
            [
                "",
                "Recall.ai transcribes",
                "z.B. Namen",
                "art.9 lid 2",
                "9.2.a",
                "a..b",
                ".a.",
                "E-mail  adres\t(werk)",
            ]
            .map(String::from),
        );
        for clause in &cases {
            let mut fast = String::new();
            ascii_words(clause, &mut fast);
            let general =
                value::alphanumeric_words(&value::normalize_chars_for_test(&join_dotted(clause)));
            assert_eq!(fast, general, "{clause:?}");
        }
    }

    /// (term, text, found word or None)
    #[test]
    fn terms_match_on_word_boundaries() {
        let cases: [(&str, &str, Option<&str>); 22] = [
            ("cctv", "Toezicht met CCTV op de gang", Some("cctv")),
            ("cctv", "cctvs", None),
            (
                "camera*",
                "Camerabeelden van de ingang",
                Some("camerabeelden"),
            ),
            ("camera*", "beveiligingscamera", None),
            (
                "*camera",
                "Beveiligingscamera's bij de ingang",
                Some("beveiligingscamera"),
            ),
            ("*camera", "camerabeelden", None),
            (
                "*profilering*",
                "Klantprofileringen en zo",
                Some("klantprofileringen"),
            ),
            ("ras", "rasterfoto", None),
            ("ras", "Ras en etniciteit", Some("ras")),
            (
                "facial recognition",
                "uses facial-recognition at the gate",
                Some("facial recognition"),
            ),
            ("facial recognition", "facial expression recognition", None),
            ("patiënt*", "Patienten en clienten", Some("patienten")),
            ("cliënt*", "Cliënten", Some("clienten")),
            (
                "gezondheid*",
                "Gezondheidsgegevens",
                Some("gezondheidsgegevens"),
            ),
            ("gps", "GPS-locatie van voertuigen", Some("gps")),
            ("*", "anything", None),
            // A dotted name is one word: a firm or a web site is no AI; a dot beside a digit parts.
            ("ai", "Recall.ai (meeting recording ingestion)", None),
            ("ai", "Website analytics (mielikkix.ai)", None),
            ("ai", "Summaries by AI. Stored in the EU", Some("ai")),
            ("ai", "Scoring (AI).", Some("ai")),
            ("art 9", "Grondslag art.9 AVG", Some("art 9")),
            ("9 2 a", "Toestemming (9.2.a)", Some("9 2 a")),
        ];
        for (term, text, expected) in cases {
            let lex = Lexicon::new([(term, 7)]);
            let hits = lex.find(&normalize(text));
            assert_eq!(
                hits.first().map(|h| h.found.as_str()),
                expected,
                "{term} in {text}"
            );
            if let Some(h) = hits.first() {
                assert_eq!((h.tag, h.term.as_str()), (7, term));
            }
        }
    }

    /// (text, normalised): clauses apart (` | ` within a sentence, ` || ` between sentences),
    /// abbreviations and numbers whole.
    #[test]
    fn normalising_keeps_clauses_apart() {
        let cases = [
            (
                "Vermogen, hartslag. Geen GPS-route.",
                "vermogen | hartslag || geen gps route",
            ),
            ("Doel: camera, bewaking", "doel | camera | bewaking"),
            ("a; b! c? d\ne", "a || b || c || d || e"),
            ("Art. 9 lid 2 sub a AVG", "art 9 lid 2 sub a avg"),
            (
                "Uitdrukkelijke toestemming (9.2.a)",
                "uitdrukkelijke toestemming 9 2 a",
            ),
            // Letters joined by dots are one word (`join_dotted`).
            ("n.v.t.", "nvt"),
            ("via Recall.ai, z.B. mit Zoom", "via recallai | zb mit zoom"),
            ("Camera's;\nGPS", "camera s || gps"),
            // An abbreviation's dot ends no sentence, though a capital follows; `etc.` does.
            (
                "Pferdedaten (inkl. Gesundheit)",
                "pferdedaten inkl gesundheit",
            ),
            ("NAW incl. BSN", "naw incl bsn"),
            ("Kunden bzw. Lieferanten", "kunden bzw lieferanten"),
            ("z.B. Namen, e.g. Names", "zb namen | eg names"),
            ("Name etc. Keine Daten", "name etc || keine daten"),
            ("Daten. Keine", "daten || keine"),
            ("", ""),
            (",,;", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(normalize(text), expected, "{text}");
        }
    }

    /// Many terms, each found once, in text order; a term found twice is one hit.
    #[test]
    fn many_terms_and_repeats() {
        let lex = Lexicon::new([("camera*", 9), ("locatie*", 12), ("gps", 12)]);
        let hits = lex.find(&normalize(
            "Camera's, GPS en camerabeelden; locatiegegevens",
        ));
        let found: Vec<(u32, &str)> = hits.iter().map(|h| (h.tag, h.found.as_str())).collect();
        assert_eq!(found, [(9, "camera"), (12, "gps"), (12, "locatiegegevens")]);
        let big = Lexicon::new(
            (0..100_000).map(|i| (Box::leak(format!("woord{i}").into_boxed_str()) as &str, i)),
        );
        assert_eq!(big.find(&normalize("een woord99999 hier"))[0].tag, 99_999);
    }
}

#[cfg(test)]
mod negation_tests {
    use super::*;

    /// The words the lexicon finds in `text`, in order.
    fn found_in(lex: &Lexicon, text: &str) -> Vec<String> {
        lex.find(&normalize(text))
            .into_iter()
            .map(|h| h.found)
            .collect()
    }

    /// (text, found words) with `geen`, `zonder`, `no`, `niet` as negations.
    #[test]
    fn a_term_right_after_a_negation_is_not_found() {
        let cases: [(&str, &[&str]); 12] = [
            ("Vermogen, hartslag. Geen GPS-route.", &[]),
            ("GPS-route van de rit", &["gps"]),
            ("Geen locatiegegevens, geen camerabeelden", &[]),
            ("zonder vaste camera's", &[]),
            ("No GPS tracking; camera at the door", &["camera"]),
            ("niet naar de GPS", &[]),
            // Further than three words back, or in another clause, it does not reach.
            ("geen opslag van de camerabeelden", &["camerabeelden"]),
            ("Geen GPS. Camera bij de deur", &["camera"]),
            ("Geen GPS, camera bij de deur", &["camera"]),
            ("niet-medische gegevens", &[]),
            ("Camerabeelden: geen", &["camerabeelden"]),
            // A term denied once and stated once is found.
            ("geen gps in de app, wel gps in de auto", &["gps"]),
        ];
        let lex = Lexicon::new([("gps", 1), ("camera*", 2), ("locatie*", 3), ("medisch*", 4)])
            .with_negations(["geen", "zonder", "no", "niet"]);
        for (text, expected) in cases {
            assert_eq!(found_in(&lex, text), expected, "{text}");
        }
        // Without negations every term is found.
        let plain = Lexicon::new([("gps", 1)]);
        assert_eq!(plain.find(&normalize("Geen GPS")).len(), 1);
    }

    /// (text, found words) with `excluded` and `uitgesloten` as the words that deny what they
    /// follow: up to three words after the term, in its clause.
    #[test]
    fn a_term_a_denial_follows_is_not_found() {
        let cases: [(&str, &[&str]); 8] = [
            ("with health data excluded by design", &[]),
            ("device label and GPS are explicitly excluded", &[]),
            ("locatiegegevens zijn uitgesloten", &[]),
            ("GPS position stored", &["gps"]),
            // Four words on, or in the next clause, it does not reach.
            ("GPS tracks of the route excluded", &["gps"]),
            ("GPS tracks; photos excluded", &["gps"]),
            ("GPS, excluded from exports", &["gps"]),
            // A denial before still holds.
            ("no health data", &[]),
        ];
        let lex = Lexicon::new([("gps", 1), ("health data", 2), ("locatie*", 3)])
            .with_negations(["no"])
            .with_negations_after(["excluded", "uitgesloten"]);
        for (text, expected) in cases {
            assert_eq!(found_in(&lex, text), expected, "{text}");
        }
    }

    /// (text, found words): a negation denies the items of the enumeration it starts, up to the
    /// one joined by `of`, `or` or `oder`; not a clause that is a sentence of its own, nor items
    /// without the joining word.
    #[test]
    fn a_negation_denies_the_enumeration_it_starts() {
        let cases: [(&str, &[&str]); 12] = [
            (
                "Keine Namen, Kennungen, Freitexte, Kalenderdaten oder Standortdaten (backend)",
                &[],
            ),
            ("geen namen, camerabeelden of locatiegegevens", &[]),
            ("No names, GPS or camera images", &[]),
            ("No names, e-mail addresses or GPS", &[]),
            ("no GPS or camera", &[]),
            // Without the joining word it is no enumeration: the later clauses stand.
            ("Geen GPS, camera bij de deur", &["camera"]),
            ("Geen namen, locatiegegevens", &["locatiegegevens"]),
            // An item longer than an item is a sentence of its own.
            (
                "Geen namen, wel de locatiegegevens van de rit of de dag",
                &["locatiegegevens"],
            ),
            (
                "Geen namen. De app bewaart GPS-locaties of camerabeelden",
                &["gps", "locaties", "camerabeelden"],
            ),
            // Not denied: the negation stands after the enumeration, or there is none.
            ("GPS, camera of namen: geen", &["gps", "camera"]),
            (
                "namen, camerabeelden of locatiegegevens",
                &["camerabeelden", "locatiegegevens"],
            ),
            // The item after the joined one is outside the enumeration.
            ("geen namen of e-mail, wel GPS", &["gps"]),
        ];
        let lex = Lexicon::new([("gps", 1), ("camera*", 2), ("locatie*", 3)])
            .with_negations(["geen", "no", "keine"])
            .with_joiners(["of", "or", "oder"]);
        for (text, expected) in cases {
            assert_eq!(found_in(&lex, text), expected, "{text}");
        }
        // Without joining words only the first item is denied.
        let plain = Lexicon::new([("gps", 1)]).with_negations(["geen"]);
        assert_eq!(plain.find(&normalize("geen namen, adres of GPS")).len(), 1);
    }
}
