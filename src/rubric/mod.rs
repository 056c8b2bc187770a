//! The rubric as data: every threshold, word list, weight, class and outcome rule and measure that
//! the assessment applies. The default is `templates/rubric.toml`, compiled into the binary; a user's
//! copy is loaded with `--rubric`. Loading validates everything once, so the assessment never meets a
//! malformed rule: a bad file is an error that names the key (and, from the TOML parser, its line).
//!
//! This module owns the file format and its validation; it does not apply the rules (see `assess`).
//! Here: the checked rules (`Rubric` and its parts). Beside it: `file` (the file's shape as
//! read), `parse` (from that shape to checked rules, each error naming its key and line),
//! `audit` (the rules in force as lines for the Verantwoording) and `toml_error` (the TOML
//! reader's errors in the run's language).

use crate::messages as M;
use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::fields::{Criterion, Field};
use crate::lang::Lang;
use crate::value::{self, Level};

mod audit;
mod file;
mod parse;
mod toml_error;

pub use audit::thresholds;
pub use parse::key_line;

/// The default rubric text, as shipped in `templates/rubric.toml`.
pub const DEFAULT_RUBRIC: &str = include_str!("../../templates/rubric.toml");

/// A rubric that failed to parse or validate.
#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    /// The TOML did not parse or did not match the format; the message names key and line.
    #[error("{source_name}: {message}")]
    Format {
        /// File name (or "standaard-rubric").
        source_name: String,
        /// Parser message with key and line.
        message: String,
    },
    /// A value parsed but breaks a rule of the format.
    #[error("{source_name}{}: {} `{key}`: {message}", line.map(|l| M::RUBRIC_AT_LINE.with(*lang, &[&l])).unwrap_or_default(), M::RUBRIC_KEY.get(*lang))]
    Invalid {
        /// File name.
        source_name: String,
        /// 1-based line of the key, where it can be found in the text.
        line: Option<usize>,
        /// Dotted key path.
        key: String,
        /// The language of the message.
        lang: Lang,
        /// What is wrong and what is expected.
        message: String,
    },
}

/// A numeric comparison such as `> 1000` or `>= 10`, as written in the rubric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    op: Op,
    value: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
}

impl Threshold {
    /// Parse `> 1000`, `>= 100`, `≥ 25`, `<= 2`, `< 5`, `= 0`.
    pub fn parse(text: &str) -> Option<Threshold> {
        let t = text.trim();
        let (op, rest) = [
            (">=", Op::Ge),
            ("≥", Op::Ge),
            ("<=", Op::Le),
            ("≤", Op::Le),
            (">", Op::Gt),
            ("<", Op::Lt),
            ("=", Op::Eq),
        ]
        .iter()
        .find_map(|(p, op)| t.strip_prefix(p).map(|r| (*op, r)))?;
        let rest = rest.trim();
        // `.` and `_` only group thousands (`1.000`, `10_000`): a decimal (`0.5`) is no count.
        let mut groups = rest.split(['.', '_']);
        let first = groups.next()?;
        if first.is_empty() || groups.any(|g| g.len() != 3) {
            return None;
        }
        let digits: String = rest.chars().filter(|c| *c != '.' && *c != '_').collect();
        let value = digits.parse().ok()?;
        Some(Threshold { op, value })
    }

    /// Whether `n` satisfies the comparison.
    pub fn holds(self, n: u64) -> bool {
        match self.op {
            Op::Gt => n > self.value,
            Op::Ge => n >= self.value,
            Op::Lt => n < self.value,
            Op::Le => n <= self.value,
            Op::Eq => n == self.value,
        }
    }

    /// The comparison as people read it, with the language's thousands: `> 1.000`, `> 1,000`.
    pub fn describe(self, lang: Lang) -> String {
        [self.symbol(), " ", &lang.count(self.value)].concat()
    }

    /// The opposite comparison: `> 1.000` becomes `≤ 1.000`.
    pub fn describe_negated(self, lang: Lang) -> String {
        let sym = match self.op {
            Op::Gt => "≤",
            Op::Ge => "<",
            Op::Lt => "≥",
            Op::Le => ">",
            Op::Eq => "≠",
        };
        [sym, " ", &lang.count(self.value)].concat()
    }

    fn symbol(self) -> &'static str {
        match self.op {
            Op::Gt => ">",
            Op::Ge => "≥",
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Eq => "=",
        }
    }

    /// The smallest n that satisfies an upward comparison (`>`/`>=`), for ordering checks.
    fn lower_edge(self) -> Option<u64> {
        match self.op {
            Op::Gt => self.value.checked_add(1),
            Op::Ge => Some(self.value),
            _ => None,
        }
    }
}

// ----- the file format (serde) -----

/// What the text of a register says (docs/rubric.md#derive), ready to use.
#[derive(Debug, Clone)]
pub struct DeriveRules {
    /// Derive AP-list items from the text.
    pub ap_list: bool,
    /// Derive EDPB criteria from the text.
    pub edpb_criteria: bool,
    /// EDPB criteria that follow from levels: 4 (sensitivity high), 5 (data subjects at or above
    /// `large_scale`), 6 (linked databases), 8 (AI use high).
    pub edpb_from_levels: bool,
    /// Data subjects from which a processing is large scale (EDPB 5).
    pub large_scale: Option<Threshold>,
    /// Masking from security measures.
    pub masking: bool,
    /// Exposure from transfers outside the EU/EEA.
    pub transfers: bool,
    /// Special categories of data (art. 9/10 GDPR) from the text.
    pub special: bool,
    /// The text fields scanned.
    pub scan: Vec<Field>,
    /// Every term, tagged `kind * 1000 + item` (see `DERIVE_AP` …).
    pub lexicon: crate::lexicon::Lexicon,
    /// Items whose words count only in some fields (`[derive.where]`): by tag, the fields.
    pub only_in: Vec<(u32, Vec<Field>)>,
    /// Items whose words count only in some fields where the row fills one of them
    /// (`[derive.prefer]`): by tag, the fields.
    pub prefer: Vec<(u32, Vec<Field>)>,
    /// Terms (as written, trimmed) with a `[derive.where]` line of their own: they count in
    /// these fields, whatever their item's `where` and `prefer` say.
    pub term_in: Vec<(String, Vec<Field>)>,
    /// Terms (as written, trimmed) that count only where the row also has one of these items,
    /// derived or stated (`[derive.only_with]`): by term, the items' tags.
    pub only_with: Vec<(String, Vec<u32>)>,
    /// Normalised phrases that, opening the data-subject cell, deny that the row is about
    /// persons (`[derive] no_subjects`): such a row derives no item from its text.
    pub no_subjects: Vec<String>,
    /// The words of the phrases that, opening a special-categories cell and followed by more,
    /// say there are none (`[derive] denials`: `Nee, alleen NAW`, `We do not process health
    /// data`).
    pub denials: Vec<Vec<String>>,
    /// The words of the phrases that, opening a special-categories cell, explain or refer
    /// elsewhere instead of naming categories (`[derive] references`: `Inherited from the data
    /// affected`, `Zie rij 3`).
    pub references: Vec<Vec<String>>,
}

impl DeriveRules {
    /// The phrase of `no_subjects` the normalised data-subject text opens with, on whole words.
    pub fn denies_subjects(&self, normalized: &str) -> Option<&str> {
        let text = normalized.trim_start();
        self.no_subjects
            .iter()
            .find(|p| {
                text.strip_prefix(p.as_str())
                    .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
            })
            .map(String::as_str)
    }

    /// Whether `term` (as written) of item `tag` found in `field` counts there; `filled` tells
    /// which fields the row fills. A term with a `[derive.where]` line of its own counts where
    /// that line says.
    pub fn counts_in(
        &self,
        tag: u32,
        term: &str,
        field: Field,
        filled: impl Fn(Field) -> bool,
    ) -> bool {
        if let Some((_, fields)) = self.term_in.iter().find(|(t, _)| t == term.trim()) {
            return fields.contains(&field);
        }
        fn listed(rules: &[(u32, Vec<Field>)], tag: u32) -> Option<&[Field]> {
            rules
                .iter()
                .find(|(t, _)| *t == tag)
                .map(|(_, fields)| fields.as_slice())
        }
        if listed(&self.only_in, tag).is_some_and(|fields| !fields.contains(&field)) {
            return false;
        }
        match listed(&self.prefer, tag) {
            Some(fields) if fields.iter().any(|f| filled(*f)) => fields.contains(&field),
            _ => true,
        }
    }
}

/// Tag kinds of `DeriveRules::lexicon`.
pub const DERIVE_AP: u32 = 1;
/// An EDPB criterion.
pub const DERIVE_EDPB: u32 = 2;
/// A masking measure.
pub const DERIVE_MASKING: u32 = 3;
/// A country outside the EU/EEA without an adequacy decision.
pub const DERIVE_THIRD_COUNTRY: u32 = 4;
/// A plain "yes" in the transfers column.
pub const DERIVE_TRANSFER_YES: u32 = 5;
/// Special categories of data (art. 9/10 GDPR).
pub const DERIVE_SPECIAL: u32 = 6;
/// In `[derive.only_with]`: the row's sensitivity is Hoog (`"sensitivity.high"`: special
/// categories, criminal data, or the register's own level).
pub const SENSITIVITY_HIGH: u32 = DERIVE_SPECIAL * 1000;

/// Name, version and re-assessment interval of a rubric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Display name.
    pub name: String,
    /// Version text.
    pub version: String,
    /// Months after which a review is due.
    #[serde(default = "file::default_review_months")]
    pub review_after_months: u32,
}

/// Class thresholds of docs/output.md#score-class-and-advice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRules {
    /// Class high with at least this many criteria at high.
    pub high_min_high_count: u32,
    /// Class high with a score of at least this fraction of the maximum.
    pub high_min_score_fraction: f64,
    /// Class medium with at least this many criteria at high.
    pub medium_min_high_count: u32,
    /// Class medium with a score of at least this fraction of the maximum.
    pub medium_min_score_fraction: f64,
}

// ----- the validated rubric -----

/// Display names of a criterion in both output languages.
#[derive(Debug, Clone)]
pub struct Names {
    /// Dutch label.
    pub nl: String,
    /// English label.
    pub en: String,
}

impl Names {
    /// The name in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }

    /// The unit for `n`: `one` for one, else `self`.
    pub fn for_count<'a>(&'a self, one: &'a Names, n: u64, lang: Lang) -> &'a str {
        let names = if n == 1 { one } else { self };
        names.get(lang)
    }
}

/// A count criterion with a high and a medium band; below both is low.
#[derive(Debug, Clone)]
pub struct CountBands {
    /// Criterion names.
    pub names: Names,
    /// Unit noun for reasons (Dutch, English).
    pub unit: Names,
    /// The unit for one.
    pub unit_one: Names,
    /// At or above: high.
    pub high: Threshold,
    /// At or above: medium.
    pub medium: Threshold,
    /// Count the listed data categories when the count is empty.
    pub count_categories_when_empty: bool,
}

/// Sensitivity signals.
#[derive(Debug, Clone)]
pub struct SensitivityRules {
    /// Criterion names.
    pub names: Names,
    /// Normalised label text → level, most specific (longest) first.
    pub labels: Vec<(String, Level)>,
    /// Level when special categories = yes or listed.
    pub special_categories_level: Level,
    /// Special (art. 9/10) lexicon terms and the level they give.
    pub special_terms: Vec<String>,
    /// The special (tag 0) and sensitive (tag 1) terms, prepared for matching.
    pub lexicon: crate::lexicon::Lexicon,
    /// Level of a special term.
    pub special_terms_level: Level,
    /// Sensitive (non-special) lexicon terms.
    pub sensitive_terms: Vec<String>,
    /// Level of a sensitive term.
    pub sensitive_terms_level: Level,
}

/// The tag of a special (art. 9/10) term in `SensitivityRules::lexicon`.
pub const SPECIAL: u32 = 0;
/// The tag of a sensitive term in `SensitivityRules::lexicon`.
pub const SENSITIVE: u32 = 1;

/// Sub-processor rules.
#[derive(Debug, Clone)]
pub struct SubprocessorRules {
    /// Criterion names.
    pub names: Names,
    /// Unit noun.
    pub unit: Names,
    /// The unit for one.
    pub unit_one: Names,
    /// Above this: high.
    pub high: Threshold,
    /// Level for zero sub-processors.
    pub zero_level: Level,
    /// Level for few sub-processors with a key role.
    pub key_role_level: Level,
    /// Level for few sub-processors without a key role.
    pub no_key_role_level: Level,
    /// Level for few sub-processors when the key role is not filled in.
    pub key_role_unknown_level: Level,
}

/// A choice criterion: canonical dropdown texts and extra words.
#[derive(Debug, Clone)]
pub struct ChoiceRules {
    /// Criterion names.
    pub names: Names,
    /// Dropdown texts (Dutch, English) and their level.
    pub choices: Vec<(Names, Level)>,
    /// Normalised text → level: the choices in both languages plus the extra words.
    pub lookup: Vec<(String, Level)>,
}

/// A conjunction of bounds on the inputs of the derived exposure.
#[derive(Debug, Clone, Default)]
pub struct ExposureCondition {
    /// Sensitivity at least.
    pub sensitivity_at_least: Option<Level>,
    /// Sensitivity at most.
    pub sensitivity_at_most: Option<Level>,
    /// Higher of subjects/types at least.
    pub volume_max_at_least: Option<Level>,
    /// Higher of subjects/types at most.
    pub volume_max_at_most: Option<Level>,
    /// Lower of subjects/types at least.
    pub volume_min_at_least: Option<Level>,
    /// Lower of subjects/types at most.
    pub volume_min_at_most: Option<Level>,
}

impl ExposureCondition {
    /// Whether the condition holds for sensitivity `g` and volume levels `b`, `s`.
    pub fn holds(&self, g: Level, b: Level, s: Level) -> bool {
        let (hi, lo) = (b.max(s), b.min(s));
        let at_least = |bound: Option<Level>, v: Level| bound.is_none_or(|l| v >= l);
        let at_most = |bound: Option<Level>, v: Level| bound.is_none_or(|l| v <= l);
        at_least(self.sensitivity_at_least, g)
            && at_most(self.sensitivity_at_most, g)
            && at_least(self.volume_max_at_least, hi)
            && at_most(self.volume_max_at_most, hi)
            && at_least(self.volume_min_at_least, lo)
            && at_most(self.volume_min_at_most, lo)
    }
}

impl ExposureCondition {
    /// The bounds that are set, as `sensitivity_at_least=high, …`.
    pub fn describe(&self) -> String {
        [
            ("sensitivity_at_least", self.sensitivity_at_least),
            ("sensitivity_at_most", self.sensitivity_at_most),
            ("volume_max_at_least", self.volume_max_at_least),
            ("volume_max_at_most", self.volume_max_at_most),
            ("volume_min_at_least", self.volume_min_at_least),
            ("volume_min_at_most", self.volume_min_at_most),
        ]
        .iter()
        .filter_map(|(k, v)| v.map(|l| format!("{k}={}", l.key())))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// Derived exposure rules.
#[derive(Debug, Clone)]
pub struct ExposureRules {
    /// Criterion names.
    pub names: Names,
    /// When high.
    pub high_when: ExposureCondition,
    /// When low (checked after high).
    pub low_when: ExposureCondition,
    /// Otherwise.
    pub otherwise: Level,
}

/// Derived complexity rules.
#[derive(Debug, Clone)]
pub struct ComplexityRules {
    /// Criterion names.
    pub names: Names,
    /// Processors: high.
    pub processors_high: Threshold,
    /// Systems: medium.
    pub systems_medium: Threshold,
    /// Linked databases raise to at least this level.
    pub linked_databases_level: Level,
}

/// Staff access rules.
#[derive(Debug, Clone)]
pub struct StaffRules {
    /// Bands on the number of staff.
    pub bands: CountBands,
    /// Whether sensitivity raises the level (above the low band).
    pub sensitivity_raises: bool,
    /// Levels lowered when masking is everywhere.
    pub masking_lowers_by: u8,
}

/// One item of the AP list or the EDPB criteria.
#[derive(Debug, Clone)]
pub struct ScanItem {
    /// Its number in the list.
    pub number: u8,
    /// Its name.
    pub name: String,
    /// Its name in English (the Dutch one where the rubric gives none).
    pub name_en: String,
    /// Normalised name for exact matching.
    pub name_normalized: String,
    /// Lexicon-style keywords (trailing `*` = prefix).
    pub keywords: Vec<String>,
    /// The keywords in one matcher (the one every word list uses), each tagged with its length:
    /// the longer, the more specific.
    pub keyword_lexicon: crate::lexicon::Lexicon,
}

impl ScanItem {
    /// Its name in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.name,
            Lang::En => &self.name_en,
        }
    }
}

/// What makes a measure apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// A criterion at one of these levels.
    Criterion(Criterion, Vec<Level>),
    /// A flag (`dpia_missing`, `review_due`).
    Flag(String),
}

/// A mitigating measure of the catalogue.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Stable id.
    pub id: String,
    /// When it applies.
    pub trigger: Trigger,
    /// Owner role (Algoritmekader vocabulary).
    pub role: String,
    /// Text (Dutch, English).
    pub text: Names,
    /// Source references, resolved to their full text.
    pub sources: Vec<String>,
}

/// Outcome rules of docs/output.md#score-class-and-advice.
#[derive(Debug, Clone)]
pub struct OutcomeRules {
    /// Required with at least this many AP-list items.
    pub required_min_ap: u32,
    /// Required with at least this many EDPB criteria.
    pub required_min_edpb: u32,
    /// Recommended for these classes.
    pub recommended_classes: Vec<Level>,
    /// Recommended with at least this many EDPB criteria.
    pub recommended_min_edpb: u32,
}

/// A loaded, validated rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    /// Name, version, review interval.
    pub meta: Meta,
    /// SHA-256 of the rubric text, hex.
    pub sha256: String,
    /// The rubric text as loaded (for printing and the audit trail).
    pub text: String,
    /// Weight per criterion, in `Criterion::ALL` order.
    pub weights: [u32; 10],
    /// Class rules.
    pub class: ClassRules,
    /// Outcome rules.
    pub outcome: OutcomeRules,
    /// Normalised header → field, from `[headers]` and `[columns]`.
    pub headers: Vec<(String, Field)>,
    /// The first header of each field as written, in field order (for messages and templates).
    pub header_names: Vec<(Field, String)>,
    /// `[register_titles]`: the words (normalised) of a register's title that, over the first
    /// column of a register without a name column, make it the activities' name.
    pub register_titles: Vec<String>,
    /// What is derived from an art. 30 register's texts.
    pub derive: DeriveRules,
    /// Data subjects bands.
    pub data_subjects: CountBands,
    /// Data types bands.
    pub data_types: CountBands,
    /// Sensitivity.
    pub sensitivity: SensitivityRules,
    /// Sub-processors.
    pub subprocessors: SubprocessorRules,
    /// Impact.
    pub impact: ChoiceRules,
    /// Exposure.
    pub exposure: ExposureRules,
    /// AI use.
    pub ai_use: ChoiceRules,
    /// Complexity.
    pub complexity: ComplexityRules,
    /// Staff access.
    pub staff_access: StaffRules,
    /// External access.
    pub external_access: ChoiceRules,
    /// AP list.
    pub ap_list: Vec<ScanItem>,
    /// EDPB criteria.
    pub edpb_criteria: Vec<ScanItem>,
    /// Measure catalogue.
    pub measures: Vec<Measure>,
}

/// Lower-case hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The largest weight a criterion may have (docs/rubric.md#weights).
pub const MAX_WEIGHT: u32 = 1000;

/// Flags a measure may be triggered by.
pub const MEASURE_FLAGS: [&str; 3] = ["dpia_missing", "review_due", "transfer_outside_eea"];

#[cfg(test)]
mod tests {
    /// (the TOML reader's message, in Dutch): messages as the reader writes them for the rubric's
    /// usual slips.
    #[test]
    fn the_toml_readers_words_are_dutch_in_a_dutch_run() {
        let cases = [
            (
                "invalid type: string \"drie\", expected u32",
                "verkeerde soort waarde: tekst \"drie\", verwacht een geheel getal van 0 tot en met 4.294.967.295",
            ),
            (
                "invalid type: floating point `3.5`, expected u32",
                "verkeerde soort waarde: kommagetal `3.5`, verwacht een geheel getal van 0 tot en met 4.294.967.295",
            ),
            (
                "invalid type: integer `5`, expected a sequence",
                "verkeerde soort waarde: geheel getal `5`, verwacht een lijst",
            ),
            (
                "unknown field `reveiw`, expected one of `name`, `version`, `review_after_months`",
                "onbekende sleutel `reveiw`, verwacht een van `name`, `version`, `review_after_months`",
            ),
            ("missing field `version`", "ontbrekende sleutel `version`"),
            ("extra `=`, expected nothing", "overbodig `=`, hier hoort niets"),
            ("duplicate key", "dubbele sleutel"),
            (
                "missing comma between array elements, expected `,`",
                "komma ontbreekt tussen de elementen van de lijst, verwacht `,`",
            ),
            (
                "invalid type: boolean `true`, expected u32",
                "verkeerde soort waarde: true/false `true`, verwacht een geheel getal van 0 tot en met 4.294.967.295",
            ),
            (
                "invalid value: integer `-3`, expected u32",
                "ongeldige waarde: geheel getal `-3`, verwacht een geheel getal van 0 tot en met 4.294.967.295",
            ),
            (
                "invalid type: map, expected a string",
                "verkeerde soort waarde: tabel, verwacht tekst",
            ),
            // Quoted text is the user's: a word in it stays, also an unclosed quote.
            (
                "invalid type: string \"map or string\", expected u32",
                "verkeerde soort waarde: tekst \"map or string\", verwacht een geheel getal van 0 tot en met 4.294.967.295",
            ),
            ("unknown field `extra", "onbekende sleutel `extra"),
            // An escaped quote inside the user's text does not end it.
            (
                "invalid type: string \"drie \\\" or map\", expected u32",
                "verkeerde soort waarde: tekst \"drie \\\" or map\", verwacht een geheel getal van 0 tot en met 4.294.967.295",
            ),
            // A bound is part of the type: 300 does not fit in u8.
            (
                "invalid value: integer `300`, expected u8",
                "ongeldige waarde: geheel getal `300`, verwacht een geheel getal van 0 tot en met 255",
            ),
            (
                "string values must be quoted, expected literal string",
                "tekst hoort tussen aanhalingstekens, verwacht tekst tussen enkele aanhalingstekens",
            ),
            // Part of a word is no word: `mapping`, `strings`.
            ("mapping strings", "mapping strings"),
            ("", ""),
        ];
        for (en, nl) in cases {
            assert_eq!(super::toml_error::toml_words(en, Lang::Nl), nl, "{en}");
        }
    }

    /// (the TOML reader's message, in an English run): only the type names become words.
    #[test]
    fn the_toml_readers_type_names_are_words_in_english() {
        let cases = [
            (
                "invalid type: string \"u32\", expected u32",
                "invalid type: string \"u32\", expected a whole number from 0 to 4,294,967,295",
            ),
            (
                "invalid type: integer `5`, expected a sequence",
                "invalid type: integer `5`, expected a sequence",
            ),
            (
                "invalid type: map, expected f64",
                "invalid type: map, expected a number",
            ),
        ];
        for (raw, shown) in cases {
            assert_eq!(super::toml_error::toml_words(raw, Lang::En), shown, "{raw}");
        }
    }

    use super::*;

    #[test]
    fn default_rubric_loads() {
        let r = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        assert_eq!(r.max_score(), 30);
        assert_eq!(r.ap_list.len(), 17);
        assert_eq!(r.edpb_criteria.len(), 9);
        assert!(r.measures.len() >= 10);
        assert_eq!(r.meta.review_after_months, 36);
    }

    #[test]
    fn thresholds_parse_and_hold() {
        // (text, n, holds)
        let cases = [
            ("> 1000", 1000, false),
            ("> 1000", 1001, true),
            (">= 100", 99, false),
            (">= 100", 100, true),
            ("≥ 25", 25, true),
            ("<= 2", 2, true),
            ("<= 2", 3, false),
            ("< 5", 5, false),
            ("= 0", 0, true),
        ];
        for (text, n, expected) in cases {
            let t = Threshold::parse(text).unwrap();
            assert_eq!(t.holds(n), expected, "{text} with {n}");
        }
        for bad in [
            "1000", "> x", "", ">>", "> 0.5", "> 1.5", "> 10_00", "> .000",
        ] {
            assert!(Threshold::parse(bad).is_none(), "{bad}");
        }
        // Thousands grouped with `.` or `_` are the same count.
        for (text, value) in [
            ("> 1.000", 1000),
            ("> 10_000", 10_000),
            ("> 1.000.000", 1_000_000),
        ] {
            assert_eq!(
                Threshold::parse(text).map(|t| t.value),
                Some(value),
                "{text}"
            );
        }
        // (threshold, described in Dutch, in English, negated in Dutch)
        let cases = [
            ("> 1000", "> 1.000", "> 1,000", "≤ 1.000"),
            (">= 100", "≥ 100", "≥ 100", "< 100"),
            ("< 25000", "< 25.000", "< 25,000", "≥ 25.000"),
            ("<= 2", "≤ 2", "≤ 2", "> 2"),
            ("= 0", "= 0", "= 0", "≠ 0"),
        ];
        for (text, nl, en, negated) in cases {
            let t = Threshold::parse(text).unwrap();
            assert_eq!(t.describe(Lang::Nl), nl, "{text}");
            assert_eq!(t.describe(Lang::En), en, "{text}");
            assert_eq!(t.describe_negated(Lang::Nl), negated, "{text}");
            assert_eq!(
                t.describe_negated(Lang::En),
                negated.replace('.', ","),
                "{text}"
            );
        }
    }

    #[test]
    fn keys_are_found_on_their_line() {
        let text = "[rubric]\nname = \"x\"\n\n[criteria.impact]\nchoices = [\n { text = \"a\" },\n]\nwords = { low = [\"nee\"] }\n[[measures]]\nid = \"A\"\n[[measures]]\nid = \"B\"\nrole = \"x\"\n";
        // (key, line)
        let cases = [
            ("rubric.name", Some(2)),
            ("criteria.impact", Some(4)),
            ("criteria.impact.choices[0].level", Some(5)),
            ("criteria.impact.words.low", Some(8)),
            ("measures[0].id", Some(10)),
            ("measures[1].role", Some(13)),
            ("measures[1]", Some(11)),
            ("nothing.here", None),
        ];
        for (key, line) in cases {
            assert_eq!(key_line(text, key), line, "{key}");
        }
    }

    /// Each broken rubric is rejected with a message that names the key.
    /// A TOML error is one line that says where: line and column of the offending key, and the
    /// line itself.
    #[test]
    fn toml_errors_name_line_and_column() {
        let text = "[rubric]\nname = \"x\"\nversion = \"1\"\n  maskering = 2\n";
        let err = Rubric::parse(text, "mijn-rubric.toml", crate::lang::Lang::Nl)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("mijn-rubric.toml: regel 4, kolom 3: onbekende sleutel `maskering`, verwacht een van `name`, `version`, `review_after_months` (in: `maskering = 2`)")
        );
        let err = Rubric::parse("[rubric\n", "r.toml", crate::lang::Lang::Nl)
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.starts_with("r.toml: regel 1, kolom ") && !e.contains('\n')),
            "{err:?}"
        );
    }

    /// `[packs.de]`: on, a German register's headers and words are known; off, they are not,
    /// and the rubric's own words stay.
    #[test]
    fn a_language_pack_adds_its_headers_and_words_only_when_on() {
        let off = DEFAULT_RUBRIC.replacen("[packs.de]\non = true", "[packs.de]\non = false", 1);
        assert_ne!(
            off, DEFAULT_RUBRIC,
            "the default rubric has a German pack that is on"
        );
        let on = Rubric::parse(DEFAULT_RUBRIC, "standaard", crate::lang::Lang::Nl).unwrap();
        let off = Rubric::parse(&off, "uit.toml", crate::lang::Lang::Nl).unwrap();
        let header = |r: &Rubric, h: &str| {
            r.headers
                .iter()
                .find(|(n, _)| *n == value::normalize_header(h))
                .map(|(_, f)| *f)
        };
        let items = |r: &Rubric, text: &str| -> Vec<u32> {
            let mut tags: Vec<u32> = r
                .derive
                .lexicon
                .find(&crate::lexicon::normalize(text))
                .into_iter()
                .map(|h| h.tag)
                .collect();
            tags.sort_unstable();
            tags.dedup();
            tags
        };
        // (header or text, with the pack on, with it off)
        let headers = [
            ("Zweck der Verarbeitung", Some(Field::Purpose), None),
            ("Empfänger", Some(Field::Recipients), None),
            ("Löschfristen", Some(Field::Retention), None),
            ("Doel", Some(Field::Purpose), Some(Field::Purpose)),
        ];
        for (h, with, without) in headers {
            assert_eq!(header(&on, h), with, "{h} with the pack");
            assert_eq!(header(&off, h), without, "{h} without the pack");
        }
        let ap = |n: u32| DERIVE_AP * 1000 + n;
        let edpb = |n: u32| DERIVE_EDPB * 1000 + n;
        let texts = [
            (
                "Videoüberwachung des Eingangs",
                vec![ap(9), edpb(3)],
                vec![],
            ),
            ("Einsatz von KI", vec![edpb(8)], vec![]),
            (
                "Cameratoezicht bij de ingang",
                vec![ap(9), edpb(3)],
                vec![ap(9), edpb(3)],
            ),
        ];
        for (text, with, without) in texts {
            assert_eq!(items(&on, text), with, "{text} with the pack");
            assert_eq!(items(&off, text), without, "{text} without the pack");
        }
    }

    /// `[derive] denials` and `references` left out (a rubric copied before the keys existed)
    /// are the default rubric's, the German pack's included; `[]` is none; a pack's phrase
    /// without a word is refused under the pack's key, also with the pack off.
    #[test]
    fn denials_and_references_left_out_are_the_defaults() {
        let nl = crate::lang::Lang::Nl;
        let default = Rubric::parse(DEFAULT_RUBRIC, "standaard", nl).unwrap();
        let mut old = DEFAULT_RUBRIC.to_string();
        for key in ["denials = ", "references = "] {
            // Both lines of each key: `[derive]`'s and the German pack's.
            for _ in 0..2 {
                let line = line_of_in(&old, key);
                old = old.replacen(&format!("{line}\n"), "", 1);
            }
        }
        assert!(!old.contains("denials = ") && !old.contains("references = "));
        let before = Rubric::parse(&old, "oud.toml", nl).unwrap();
        assert_eq!(before.derive.denials, default.derive.denials);
        assert_eq!(before.derive.references, default.derive.references);
        assert!(default.derive.denials.contains(&vec!["keine".to_string()]));
        assert!(default
            .derive
            .references
            .contains(&vec!["wie".to_string(), "bei".to_string()]));
        // `[]` is none: the German pack's still come in.
        let none =
            DEFAULT_RUBRIC.replacen(&line_of_in(DEFAULT_RUBRIC, "denials = "), "denials = []", 1);
        let none = Rubric::parse(&none, "geen.toml", nl).unwrap();
        assert!(!none.derive.denials.contains(&vec!["nee".to_string()]));
        assert!(none.derive.denials.contains(&vec!["nein".to_string()]));
        // A pack that is off is checked too.
        let off = DEFAULT_RUBRIC
            .replacen("[packs.de]\non = true", "[packs.de]\non = false", 1)
            .replacen(
                "references = [\"siehe\"",
                "references = [\"-\", \"siehe\"",
                1,
            );
        let err = Rubric::parse(&off, "uit.toml", nl).unwrap_err().to_string();
        assert!(err.contains("packs.de.derive.references"), "{err}");
    }

    /// The first line of `text` that starts with `key`.
    fn line_of_in(text: &str, key: &str) -> String {
        text.lines()
            .find(|l| l.starts_with(key))
            .unwrap()
            .to_string()
    }

    #[test]
    fn bad_rubrics_name_the_key() {
        let cases = [
            (
                "high = \"> 1000\"",
                "high = \"veel\"",
                "criteria.data_subjects.high",
            ),
            (
                "high = \"> 1000\"",
                "high = \">= 50\"",
                "criteria.data_subjects.high",
            ),
            (
                "data_subjects = 1\n",
                "data_subjekts = 1\n",
                "weights.data_subjekts",
            ),
            (
                "data_subjects = 1\n",
                "data_subjects = 1001\n",
                "weights.data_subjects",
            ),
            ("high = \"> 1000\"", "high = \"> -1000\"", "nooit negatief"),
            (
                "high = \"> 1000\"",
                "high = \"> 0.5\"",
                "een aantal is een geheel getal",
            ),
            (
                "high = \"> 1000\"",
                "high = \"> 18446744073709551615\"",
                "geen aantal is groter dan dat",
            ),
            (
                "high = \"> 1000\"",
                "high = \"> 100000000000000000000000000000\"",
                "30 cijfers",
            ),
            (
                "data_subjects = 1\n",
                "data_subjects = 1000000000\n",
                "weights.data_subjects",
            ),
            ("role = \"data-engineer\"", "role = \"stagiair\"", "role"),
            // A dropdown text that Excel would split at its comma, or end at its quote mark.
            (
                "\"Laag – beperkt belang\"",
                "\"Laag, beperkt belang\"",
                "criteria.impact.choices[2].text",
            ),
            (
                "\"Laag – beperkt belang\"",
                "\"Laag, beperkt belang\"",
                "Excel splitst een keuzelijst bij elke komma",
            ),
            (
                "text_en = \"Low – of minor importance\"",
                "text_en = \"Low \\\"minor\\\"\"",
                "criteria.impact.choices[2].text_en",
            ),
            // Together longer than Excel's 255 characters for a dropdown.
            (
                "\"Laag – beperkt belang\"",
                "\"Laag – xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
                "hoogstens 255",
            ),
            // A criterion that cannot be `none` (impact) given a choice at that level.
            (
                "text_en = \"Low – of minor importance\", level = \"low\"",
                "text_en = \"Low – of minor importance\", level = \"none\"",
                "criteria.impact.choices[2].level",
            ),
            (
                "text_en = \"Low – of minor importance\", level = \"low\"",
                "text_en = \"Low – of minor importance\", level = \"none\"",
                "dit criterium kan niet `none` zijn",
            ),
            // `[derive.near]`: a term that is in no word list.
            (
                "\"matching\" = [\"data\"",
                "\"matchen\" = [\"data\"",
                "derive.near.\"matchen\"",
            ),
            // A context rule may name a term of `[criteria.sensitivity.terms]` (the default
            // rubric's `gesundheit*`, one of a key's `|`-parted terms), but not a term of no list.
            (
                "| gesundheit* |",
                "| gesundheitx* |",
                "'gesundheitx*' staat in geen van de woordenlijsten van [derive] of [criteria.sensitivity.terms]",
            ),
            // A context word that normalises to two words would never match.
            (
                "\"matching\" = [\"data\"",
                "\"matching\" = [\"data set\"",
                "'data set' is geen los woord",
            ),
            (
                "\"matching\" = [\"data\"",
                "\"matching\" = [\"e-mail*\"",
                "'e-mail*' is geen los woord",
            ),
            // `[derive.only_with]`: a term that is in no word list, an item that is none.
            (
                "\"werknemer*\" = [\"sensitivity.high\"",
                "\"werknemers*\" = [\"sensitivity.high\"",
                "derive.only_with.\"werknemers*\"",
            ),
            (
                "\"werknemer*\" = [\"sensitivity.high\"",
                "\"werknemer*\" = [\"sensitivity.hoog\"",
                "'sensitivity.hoog' is geen item",
            ),
            // `[derive] no_subjects`: a phrase without a word would deny every row.
            (
                "no_subjects = [\"none\"",
                "no_subjects = [\"n/a\", \" - \", \"none\"",
                "' - ' bevat geen woord",
            ),
            // `[derive] denials` and `references`: a phrase without a word would open every
            // special-categories cell (the German pack's lists are checked the same way).
            (
                "denials = [\"nee\"",
                "denials = [\"-\", \"nee\"",
                "derive.denials`: '-' bevat geen woord",
            ),
            (
                "references = [\"inherited\"",
                "references = [\"…\", \"inherited\"",
                "derive.references`: '…' bevat geen woord",
            ),
            (
                "references = [\"siehe\"",
                "references = [\" \", \"siehe\"",
                "packs.de.derive.references`: ' ' bevat geen woord",
            ),
            // A `*` would be dropped without a word: an opening is whole words.
            (
                "denials = [\"nee\"",
                "denials = [\"tbd*\", \"nee\"",
                "derive.denials`: 'tbd*' bevat een *",
            ),
            (
                "denials = [\"nein\"",
                "denials = [\"kein*\", \"nein\"",
                "packs.de.derive.denials`: 'kein*' bevat een *",
            ),
            // `[derive.where]`: an item that is none, a field that is none.
            (
                "\"edpb.7\" = [",
                "\"edpb.10\" = [",
                "derive.where.\"edpb.10\"",
            ),
            ("\"ap.3\" = [", "\"apl.3\" = [", "derive.where.\"apl.3\""),
            // A term's own line: a field that is none.
            (
                "\"children ages\" = [\"name\"",
                "\"children ages\" = [\"naam\"",
                "derive.where.\"children ages\"",
            ),
            (
                "\"ap.3\" = [\"name\"",
                "\"ap.3\" = [\"naam\"",
                "derive.where.\"ap.3\"",
            ),
            (
                "otherwise = \"medium\"",
                "otherwise = \"hoogst\"",
                "criteria.exposure.otherwise",
            ),
            (
                "review_after_months = 36",
                "review_after_months = \"drie\"",
                "review_after_months",
            ),
            (
                "source = [\"AK\", \"ADR\"]",
                "source = [\"XYZ\"]",
                "source[0]",
            ),
            (
                "required_min_ap = 1",
                "required_min_ap = 1\nextra_key = 2",
                "extra_key",
            ),
            // A language pack: a field that is none, an item that is none, a key that is none.
            (
                "[packs.de.headers]\nname",
                "[packs.de.headers]\nnaam",
                "packs.de.headers.naam",
            ),
            (
                "[packs.de.derive.ap_terms]\n3 =",
                "[packs.de.derive.ap_terms]\n18 =",
                "packs.de.derive.ap_terms.18",
            ),
            ("[packs.de]\non = true", "[packs.de]\naan = true", "aan"),
        ];
        for (from, to, key) in cases {
            assert!(DEFAULT_RUBRIC.contains(from), "fixture text {from}");
            let text = DEFAULT_RUBRIC.replacen(from, to, 1);
            let err = Rubric::parse(&text, "mijn.toml", crate::lang::Lang::Nl)
                .unwrap_err()
                .to_string();
            assert!(err.contains(key), "{err} should name {key}");
            assert!(err.starts_with("mijn.toml"), "{err}");
            assert!(
                err.contains("regel ") || err.contains("line "),
                "{err} names the line"
            );
        }
    }
}
