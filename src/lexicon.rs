//! Word lists matched against free text through one Aho–Corasick automaton (SPEC §4.11, §9): the
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
}

/// A set of terms, ready to match.
#[derive(Debug, Clone)]
pub struct Lexicon {
    automaton: Option<AhoCorasick>,
    entries: Vec<Entry>,
}

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

/// Normalise a text for matching: lower case, no diacritics, words separated by one space.
pub fn normalize(text: &str) -> String {
    value::alphanumeric_words(&value::normalize(text))
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
        Lexicon { automaton, entries }
    }

    /// Whether the lexicon has no terms.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every term found in `normalized` (a text passed through [`normalize`]), in the order they
    /// end in the text; a term found twice is reported once.
    pub fn find(&self, normalized: &str) -> Vec<Hit> {
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
            seen.push(i);
            // The whole word(s) the match lies in, for the reason.
            let from = normalized[..m.start()].rfind(' ').map_or(0, |p| p + 1);
            let to = normalized[m.end()..]
                .find(' ')
                .map_or(normalized.len(), |p| m.end() + p);
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

    /// (term, text, found word or None)
    #[test]
    fn terms_match_on_word_boundaries() {
        let cases: [(&str, &str, Option<&str>); 16] = [
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
