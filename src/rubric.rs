//! The rubric as data: every threshold, word list, weight, class and outcome rule and measure that
//! the assessment applies. The default is `templates/rubric.toml`, compiled into the binary; a user's
//! copy is loaded with `--rubric`. Loading validates everything once, so the assessment never meets a
//! malformed rule: a bad file is an error that names the key (and, from the TOML parser, its line).
//!
//! This module owns the file format and its validation; it does not apply the rules (see `assess`).

use crate::messages as M;
use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::fields::{Criterion, Field};
use crate::lang::Lang;
use crate::value::{self, Level};

/// The default rubric text, as shipped in `templates/rubric.toml`.
pub const DEFAULT_RUBRIC: &str = include_str!("../templates/rubric.toml");

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
    #[error("{source_name}{}: {} `{key}`: {message}", line.map(|l| M::RUBRIC_AT_LINE.with(&[&l])).unwrap_or_default(), M::RUBRIC_KEY.get())]
    Invalid {
        /// File name.
        source_name: String,
        /// 1-based line of the key, where it can be found in the text.
        line: Option<usize>,
        /// Dotted key path.
        key: String,
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
        format!("{} {}", self.symbol(), lang.count(self.value))
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
        format!("{} {}", sym, lang.count(self.value))
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    rubric: Meta,
    weights: BTreeMap<String, u32>,
    class: ClassRules,
    outcome: OutcomeFile,
    headers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    criteria: CriteriaFile,
    ap_list: Vec<ScanItemFile>,
    edpb_criteria: Vec<ScanItemFile>,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    measures: Vec<MeasureFile>,
    /// Absent in a rubric written before derivation existed: nothing is derived.
    #[serde(default)]
    derive: DeriveFile,
    /// Language packs (`[packs.de]`): headers and words of registers written in another
    /// language, added to `[headers]` and `[derive]` when the pack is on.
    #[serde(default)]
    packs: BTreeMap<String, PackFile>,
}

/// `[packs.<name>]`: a language pack (docs/rubric.md#packs).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    /// Whether the pack's headers and words are used.
    on: bool,
    #[serde(default)]
    headers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    derive: PackDeriveFile,
}

/// The word lists and context rules of `[derive]` a pack adds to.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PackDeriveFile {
    #[serde(default)]
    ap_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    edpb_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    masking_terms: Vec<String>,
    #[serde(default)]
    third_countries: Vec<String>,
    #[serde(default)]
    transfer_yes: Vec<String>,
    #[serde(default)]
    special_terms: Vec<String>,
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    not_after: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    near: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    not_near: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    not_in_text: BTreeMap<String, Vec<String>>,
}

impl RubricFile {
    /// Add the headers and words of every pack that is on to `[headers]` and `[derive]`,
    /// after the rubric's own (a field's first header stays the one the template writes).
    /// A pack's keys are checked here, so an error names the pack.
    fn merge_packs(&mut self, cx: &Ctx) -> Result<(), RubricError> {
        for (name, pack) in std::mem::take(&mut self.packs) {
            for key in pack.headers.keys() {
                if Field::from_key(key).is_none() {
                    return Err(cx.invalid(
                        &format!("packs.{name}.headers.{key}"),
                        M::R_UNKNOWN_FIELD.with(&[&Field::keys()]),
                    ));
                }
            }
            for (table, key, max) in [
                (&pack.derive.ap_terms, "ap_terms", 17u32),
                (&pack.derive.edpb_terms, "edpb_terms", 9),
            ] {
                for item in table.keys() {
                    if !item
                        .trim()
                        .parse()
                        .is_ok_and(|n: u32| (1..=max).contains(&n))
                    {
                        return Err(cx.invalid(
                            &format!("packs.{name}.derive.{key}.{item}"),
                            M::R_NOT_ITEM.with(&[&item, &max]),
                        ));
                    }
                }
            }
            if !pack.on {
                continue;
            }
            for (key, list) in pack.headers {
                self.headers.entry(key).or_default().extend(list);
            }
            let (p, d) = (pack.derive, &mut self.derive);
            for (item, list) in p.ap_terms {
                d.ap_terms.entry(item).or_default().extend(list);
            }
            for (item, list) in p.edpb_terms {
                d.edpb_terms.entry(item).or_default().extend(list);
            }
            d.masking_terms.extend(p.masking_terms);
            d.third_countries.extend(p.third_countries);
            d.transfer_yes.extend(p.transfer_yes);
            d.special_terms.extend(p.special_terms);
            d.negations.extend(p.negations);
            for (mine, theirs) in [
                (&mut d.not_after, p.not_after),
                (&mut d.near, p.near),
                (&mut d.not_near, p.not_near),
                (&mut d.not_in_text, p.not_in_text),
            ] {
                for (term, words) in theirs {
                    mine.entry(term).or_default().extend(words);
                }
            }
        }
        Ok(())
    }
}

/// `[derive]`: what the text of a register says (docs/rubric.md#derive).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DeriveFile {
    #[serde(default)]
    ap_list: bool,
    #[serde(default)]
    edpb_criteria: bool,
    #[serde(default)]
    edpb_from_levels: bool,
    #[serde(default)]
    large_scale: Option<String>,
    #[serde(default)]
    masking: bool,
    #[serde(default)]
    transfers: bool,
    #[serde(default)]
    scan: Vec<String>,
    #[serde(default)]
    ap_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    edpb_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    masking_terms: Vec<String>,
    #[serde(default)]
    third_countries: Vec<String>,
    #[serde(default)]
    transfer_yes: Vec<String>,
    #[serde(default)]
    special: bool,
    #[serde(default)]
    special_terms: Vec<String>,
    #[serde(default)]
    negations: Vec<String>,
    /// Where an item's words count: `"edpb.7" = ["name", "description", "subject_categories"]`.
    #[serde(default, rename = "where")]
    where_: BTreeMap<String, Vec<String>>,
    /// A term not found right after these words: `"fingerprint*" = ["machine", "browser"]`.
    #[serde(default)]
    not_after: BTreeMap<String, Vec<String>>,
    /// A term found only with one of these words in its clause: `"beeldopname*" = ["camera*"]`.
    #[serde(default)]
    near: BTreeMap<String, Vec<String>>,
    /// A term not found with one of these words in its clause: `"medewerker*" = ["klant*"]`.
    #[serde(default)]
    not_near: BTreeMap<String, Vec<String>>,
    /// A term not found with one of these words in the same cell: `"fraud*" = ["security"]`.
    #[serde(default)]
    not_in_text: BTreeMap<String, Vec<String>>,
    /// Where the row fills one of these fields, an item's words count only there:
    /// `"edpb.7" = ["subject_categories"]`.
    #[serde(default)]
    prefer: BTreeMap<String, Vec<String>>,
}

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
}

impl DeriveRules {
    /// Whether a word of item `tag` found in `field` counts there; `filled` tells which fields
    /// the row fills.
    pub fn counts_in(&self, tag: u32, field: Field, filled: impl Fn(Field) -> bool) -> bool {
        let listed = |rules: &[(u32, Vec<Field>)]| {
            rules
                .iter()
                .find(|(t, _)| *t == tag)
                .map(|(_, fields)| fields.clone())
        };
        if listed(&self.only_in).is_some_and(|fields| !fields.contains(&field)) {
            return false;
        }
        match listed(&self.prefer) {
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

/// Name, version and re-assessment interval of a rubric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Display name.
    pub name: String,
    /// Version text.
    pub version: String,
    /// Months after which a review is due.
    #[serde(default = "default_review_months")]
    pub review_after_months: u32,
}

fn default_review_months() -> u32 {
    36
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeFile {
    required_min_ap: u32,
    required_min_edpb: u32,
    recommended_classes: Vec<String>,
    recommended_min_edpb: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriteriaFile {
    data_subjects: CountFile,
    data_types: CountFile,
    sensitivity: SensitivityFile,
    subprocessors: SubprocessorsFile,
    impact: ChoiceFile,
    exposure: ExposureFile,
    ai_use: ChoiceFile,
    complexity: ComplexityFile,
    staff_access: StaffFile,
    external_access: ChoiceFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    label: String,
    label_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountFile {
    label: String,
    label_en: String,
    unit: String,
    unit_en: String,
    /// The unit for one (`betrokkene`); the plural when absent.
    #[serde(default)]
    unit_one: Option<String>,
    #[serde(default)]
    unit_one_en: Option<String>,
    high: String,
    medium: String,
    #[serde(default)]
    count_categories_when_empty: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SensitivityFile {
    label: String,
    label_en: String,
    special_categories_level: String,
    special_terms_level: String,
    sensitive_terms_level: String,
    labels: BTreeMap<String, Vec<String>>,
    terms: TermsFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    special: Vec<String>,
    sensitive: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubprocessorsFile {
    label: String,
    label_en: String,
    unit: String,
    unit_en: String,
    /// The unit for one (`betrokkene`); the plural when absent.
    #[serde(default)]
    unit_one: Option<String>,
    #[serde(default)]
    unit_one_en: Option<String>,
    high: String,
    zero_level: String,
    key_role_level: String,
    no_key_role_level: String,
    key_role_unknown_level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceFile {
    label: String,
    label_en: String,
    choices: Vec<ChoiceItemFile>,
    #[serde(default)]
    words: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceItemFile {
    text: String,
    text_en: String,
    level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExposureFile {
    label: String,
    label_en: String,
    otherwise: String,
    high_when: ConditionFile,
    low_when: ConditionFile,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConditionFile {
    sensitivity_at_least: Option<String>,
    sensitivity_at_most: Option<String>,
    volume_max_at_least: Option<String>,
    volume_max_at_most: Option<String>,
    volume_min_at_least: Option<String>,
    volume_min_at_most: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplexityFile {
    label: String,
    label_en: String,
    processors_high: String,
    systems_medium: String,
    linked_databases_level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffFile {
    label: String,
    label_en: String,
    unit: String,
    unit_en: String,
    /// The unit for one (`betrokkene`); the plural when absent.
    #[serde(default)]
    unit_one: Option<String>,
    #[serde(default)]
    unit_one_en: Option<String>,
    high: String,
    medium: String,
    sensitivity_raises: bool,
    masking_lowers_by: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScanItemFile {
    number: u8,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasureFile {
    id: String,
    criterion: Option<String>,
    #[serde(default)]
    levels: Vec<String>,
    flag: Option<String>,
    role: String,
    text: String,
    text_en: String,
    #[serde(default)]
    source: Vec<String>,
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
    /// The unit for `n`: `one` for one, else `self`.
    pub fn for_count<'a>(&'a self, one: &'a Names, n: u64, lang: Lang) -> &'a str {
        let names = if n == 1 { one } else { self };
        lang.pick(&names.nl, &names.en)
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
    /// The keywords prepared for matching, with their length (the longer, the more specific).
    pub keyword_terms: Vec<(usize, value::Term)>,
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

struct Ctx<'a> {
    source: &'a str,
    text: &'a str,
}

/// The 1-based line where a dotted key (`criteria.data_subjects.high`, `measures[3].role`,
/// `criteria.impact.choices[0].level`) is written, following table headers and array tables.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let mut table = String::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut best: Option<(usize, usize)> = None;
    let mut consider = |full: &str, line: usize| {
        let fits = key == full
            || key
                .strip_prefix(full)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
        if fits && best.is_none_or(|(len, _)| full.len() > len) {
            best = Some((full.len(), line));
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
            let name = name.trim().to_string();
            let n = counts.entry(name.clone()).or_insert(0);
            table = format!("{name}[{n}]");
            *n += 1;
            consider(&table, i + 1);
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = name.trim().to_string();
            consider(&table, i + 1);
        } else if let Some((name, _)) = line.split_once('=') {
            let name = name.trim().trim_matches('"');
            let full = if table.is_empty() {
                name.to_string()
            } else {
                format!("{table}.{name}")
            };
            consider(&full, i + 1);
        }
    }
    best.map(|(_, line)| line)
}

impl Ctx<'_> {
    fn invalid(&self, key: &str, message: impl Into<String>) -> RubricError {
        RubricError::Invalid {
            line: key_line(self.text, key),
            source_name: self.source.to_string(),
            key: key.to_string(),
            message: message.into(),
        }
    }

    fn level(&self, key: &str, text: &str) -> Result<Level, RubricError> {
        match text.trim() {
            "none" => Ok(Level::None),
            "low" => Ok(Level::Low),
            "medium" => Ok(Level::Medium),
            "high" => Ok(Level::High),
            other => Err(self.invalid(key, M::R_NOT_LEVEL.with(&[&other]))),
        }
    }

    fn opt_level(&self, key: &str, text: &Option<String>) -> Result<Option<Level>, RubricError> {
        text.as_deref().map(|t| self.level(key, t)).transpose()
    }

    fn threshold(&self, key: &str, text: &str) -> Result<Threshold, RubricError> {
        Threshold::parse(text).ok_or_else(|| {
            // Say what is wrong with a comparison that has its operator: the number.
            let number = text
                .trim()
                .trim_start_matches(['>', '<', '=', '≥', '≤'])
                .trim();
            let digits = number.chars().filter(char::is_ascii_digit).count();
            let decimal = number.split(['.', ',', '_']).skip(1).any(|g| g.len() != 3);
            let message = if number.starts_with('-') {
                M::R_NEGATIVE.with(&[&text])
            } else if decimal && digits > 0 {
                M::R_DECIMAL.with(&[&text])
            } else if digits > 0
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
            {
                M::R_TOO_MANY_DIGITS.with(&[&text, &digits])
            } else {
                M::R_NOT_COMPARISON.with(&[&text])
            };
            self.invalid(key, message)
        })
    }

    fn upward(&self, key: &str, text: &str) -> Result<Threshold, RubricError> {
        let t = self.threshold(key, text)?;
        if t.lower_edge().is_none() {
            let message = if matches!(t.op, Op::Gt | Op::Ge) {
                M::R_NO_LARGER.with(&[&text])
            } else {
                M::R_BAND_OPERATOR.get().to_string()
            };
            return Err(self.invalid(key, message));
        }
        Ok(t)
    }

    fn names(labels: Labels) -> Names {
        Names {
            nl: labels.label,
            en: labels.label_en,
        }
    }

    fn derive(&self, d: DeriveFile) -> Result<DeriveRules, RubricError> {
        let large_scale = d
            .large_scale
            .as_deref()
            .map(|t| self.upward("derive.large_scale", t))
            .transpose()?;
        let mut scan = Vec::new();
        for key in &d.scan {
            let field = Field::from_key(key).ok_or_else(|| {
                self.invalid("derive.scan", M::R_NOT_FIELD.with(&[&key, &Field::keys()]))
            })?;
            scan.push(field);
        }
        let mut terms: Vec<(String, u32)> = Vec::new();
        for (kind, table, max, key) in [
            (DERIVE_AP, &d.ap_terms, 17u32, "derive.ap_terms"),
            (DERIVE_EDPB, &d.edpb_terms, 9, "derive.edpb_terms"),
        ] {
            for (item, list) in table {
                let n: u32 = item
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        self.invalid(&format!("{key}.{item}"), M::R_NOT_ITEM.with(&[&item, &max]))
                    })?;
                terms.extend(list.iter().map(|t| (t.clone(), kind * 1000 + n)));
            }
        }
        let only_in = self.item_fields(&d.where_, "derive.where")?;
        let prefer = self.item_fields(&d.prefer, "derive.prefer")?;
        for (kind, list) in [
            (DERIVE_MASKING, &d.masking_terms),
            (DERIVE_THIRD_COUNTRY, &d.third_countries),
            (DERIVE_TRANSFER_YES, &d.transfer_yes),
            (DERIVE_SPECIAL, &d.special_terms),
        ] {
            terms.extend(list.iter().map(|t| (t.clone(), kind * 1000)));
        }
        // Context rules name a term of the word lists, as written there.
        let mut context: [Vec<(String, Vec<String>)>; 4] = Default::default();
        for (i, (table, key)) in [
            (&d.not_after, "derive.not_after"),
            (&d.near, "derive.near"),
            (&d.not_near, "derive.not_near"),
            (&d.not_in_text, "derive.not_in_text"),
        ]
        .into_iter()
        .enumerate()
        {
            for (term, words) in table {
                if !terms.iter().any(|(t, _)| t.trim() == term.trim()) {
                    return Err(
                        self.invalid(&format!("{key}.\"{term}\""), M::R_NOT_TERM.with(&[&term]))
                    );
                }
                context[i].push((term.clone(), words.clone()));
            }
        }
        let [not_after, near, not_near, not_in_text] = context;
        let context = crate::lexicon::ContextRules {
            not_after,
            near,
            not_near,
            not_in_text,
        };
        Ok(DeriveRules {
            ap_list: d.ap_list,
            edpb_criteria: d.edpb_criteria,
            edpb_from_levels: d.edpb_from_levels,
            large_scale,
            masking: d.masking,
            transfers: d.transfers,
            special: d.special,
            scan,
            lexicon: crate::lexicon::Lexicon::new(terms.iter().map(|(t, tag)| (t.as_str(), *tag)))
                .with_negations(d.negations.iter().map(String::as_str))
                .with_context(&context),
            only_in,
            prefer,
        })
    }

    /// `"ap.3" = ["purpose", …]` tables (`[derive.where]`, `[derive.prefer]`): by item tag, the
    /// fields.
    fn item_fields(
        &self,
        table: &BTreeMap<String, Vec<String>>,
        name: &str,
    ) -> Result<Vec<(u32, Vec<Field>)>, RubricError> {
        let mut out = Vec::new();
        for (key, fields) in table {
            let at = format!("{name}.\"{key}\"");
            let (kind, max) = match key.split_once('.').map(|(k, _)| k.trim()) {
                Some("ap") => (DERIVE_AP, 17u32),
                Some("edpb") => (DERIVE_EDPB, 9),
                _ => return Err(self.invalid(&at, M::R_NOT_WHERE.with(&[&key]))),
            };
            let n: u32 = key
                .split_once('.')
                .and_then(|(_, n)| n.trim().parse().ok())
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| self.invalid(&at, M::R_NOT_WHERE.with(&[&key])))?;
            let mut list = Vec::new();
            for f in fields {
                let field = Field::from_key(f)
                    .ok_or_else(|| self.invalid(&at, M::R_NOT_FIELD.with(&[&f, &Field::keys()])))?;
                list.push(field);
            }
            out.push((kind * 1000 + n, list));
        }
        Ok(out)
    }

    fn bands(&self, key: &str, f: CountFile) -> Result<CountBands, RubricError> {
        let high = self.upward(&format!("{key}.high"), &f.high)?;
        let medium = self.upward(&format!("{key}.medium"), &f.medium)?;
        if high.lower_edge() <= medium.lower_edge() {
            return Err(self.invalid(
                &format!("{key}.high"),
                M::R_BANDS.with(&[
                    &high.describe(crate::messages::language()),
                    &medium.describe(crate::messages::language()),
                ]),
            ));
        }
        Ok(CountBands {
            names: Self::names(Labels {
                label: f.label,
                label_en: f.label_en,
            }),
            unit_one: Names {
                nl: f.unit_one.unwrap_or_else(|| f.unit.clone()),
                en: f.unit_one_en.unwrap_or_else(|| f.unit_en.clone()),
            },
            unit: Names {
                nl: f.unit,
                en: f.unit_en,
            },
            high,
            medium,
            count_categories_when_empty: f.count_categories_when_empty,
        })
    }

    fn choices(
        &self,
        key: &str,
        f: ChoiceFile,
        allow_none: bool,
    ) -> Result<ChoiceRules, RubricError> {
        let mut choices = Vec::new();
        let mut lookup = Vec::new();
        for (i, c) in f.choices.into_iter().enumerate() {
            let level = self.level(&format!("{key}.choices[{i}].level"), &c.level)?;
            // The choices become a dropdown written inline (`"a,b,c"`): Excel splits it at
            // every comma and a quote mark ends it (docs/rubric.md).
            for (k, text) in [("text", &c.text), ("text_en", &c.text_en)] {
                let problem = if text.contains(',') {
                    Some(M::R_CHOICE_COMMA)
                } else if text.contains('"') {
                    Some(M::R_CHOICE_QUOTE)
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Err(
                        self.invalid(&format!("{key}.choices[{i}].{k}"), problem.with(&[text]))
                    );
                }
            }
            if level == Level::None && !allow_none {
                return Err(self.invalid(
                    &format!("{key}.choices[{i}].level"),
                    "this criterion cannot be `none`",
                ));
            }
            lookup.push((value::normalize(&c.text), level));
            lookup.push((value::normalize(&c.text_en), level));
            choices.push((
                Names {
                    nl: c.text,
                    en: c.text_en,
                },
                level,
            ));
        }
        for (lvl, words) in f.words {
            let level = self.level(&format!("{key}.words.{lvl}"), &lvl)?;
            if level == Level::None && !allow_none {
                return Err(self.invalid(
                    &format!("{key}.words.{lvl}"),
                    "this criterion cannot be `none`",
                ));
            }
            lookup.extend(words.iter().map(|w| (value::normalize(w), level)));
        }
        for lang_names in [
            choices
                .iter()
                .map(|(n, _): &(Names, Level)| n.nl.chars().count())
                .collect::<Vec<_>>(),
            choices
                .iter()
                .map(|(n, _): &(Names, Level)| n.en.chars().count())
                .collect(),
        ] {
            let total = lang_names.iter().sum::<usize>() + lang_names.len().saturating_sub(1);
            if total > 255 {
                return Err(self.invalid(
                    &format!("{key}.choices"),
                    M::R_CHOICES_TOO_LONG.with(&[&total]),
                ));
            }
        }
        Ok(ChoiceRules {
            names: Self::names(Labels {
                label: f.label,
                label_en: f.label_en,
            }),
            choices,
            lookup,
        })
    }

    fn condition(&self, key: &str, c: &ConditionFile) -> Result<ExposureCondition, RubricError> {
        Ok(ExposureCondition {
            sensitivity_at_least: self.opt_level(
                &format!("{key}.sensitivity_at_least"),
                &c.sensitivity_at_least,
            )?,
            sensitivity_at_most: self.opt_level(
                &format!("{key}.sensitivity_at_most"),
                &c.sensitivity_at_most,
            )?,
            volume_max_at_least: self.opt_level(
                &format!("{key}.volume_max_at_least"),
                &c.volume_max_at_least,
            )?,
            volume_max_at_most: self
                .opt_level(&format!("{key}.volume_max_at_most"), &c.volume_max_at_most)?,
            volume_min_at_least: self.opt_level(
                &format!("{key}.volume_min_at_least"),
                &c.volume_min_at_least,
            )?,
            volume_min_at_most: self
                .opt_level(&format!("{key}.volume_min_at_most"), &c.volume_min_at_most)?,
        })
    }

    fn scan_items(
        &self,
        key: &str,
        items: Vec<ScanItemFile>,
        max: u8,
    ) -> Result<Vec<ScanItem>, RubricError> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            if item.number == 0 || item.number > max {
                return Err(self.invalid(
                    &format!("{key}[{i}].number"),
                    format!("{} is outside 1–{max}", item.number),
                ));
            }
            if seen.contains(&item.number) {
                return Err(self.invalid(
                    &format!("{key}[{i}].number"),
                    M::R_NUMBER_TWICE.with(&[&item.number]),
                ));
            }
            seen.push(item.number);
            out.push(ScanItem {
                number: item.number,
                name_normalized: value::normalize(&item.name),
                keyword_terms: item
                    .keywords
                    .iter()
                    .map(|k| (k.len(), value::Term::new(k)))
                    .collect(),
                name_en: item.name_en.unwrap_or_else(|| item.name.clone()),
                name: item.name,
                keywords: item.keywords,
            });
        }
        Ok(out)
    }
}

const ROLES: [&str; 9] = [
    "proceseigenaar",
    "privacy-officer",
    "security-officer",
    "data-engineer",
    "data-scientist",
    "aanbieder",
    "jurist",
    "ethicus",
    "beleidsmedewerker",
];

/// The largest weight a criterion may have (docs/rubric.md#weights).
pub const MAX_WEIGHT: u32 = 1000;

/// Flags a measure may be triggered by.
pub const MEASURE_FLAGS: [&str; 3] = ["dpia_missing", "review_due", "transfer_outside_eea"];

impl Rubric {
    /// The compiled-in default rubric.
    pub fn default_rubric() -> Result<Rubric, RubricError> {
        Rubric::parse(DEFAULT_RUBRIC, "standaard-rubric")
    }

    /// Parse and validate rubric text; `source_name` names it in errors.
    pub fn parse(text: &str, source_name: &str) -> Result<Rubric, RubricError> {
        let mut file: RubricFile = toml::from_str(text).map_err(|e| RubricError::Format {
            source_name: source_name.to_string(),
            message: toml_message(&e, text),
        })?;
        let cx = Ctx {
            source: source_name,
            text,
        };
        file.merge_packs(&cx)?;

        let mut weights = [0u32; 10];
        for (key, w) in &file.weights {
            let c = Criterion::from_key(key).ok_or_else(|| {
                cx.invalid(
                    &format!("weights.{key}"),
                    M::R_UNKNOWN_CRITERION.with(&[&Criterion::keys()]),
                )
            })?;
            // Whole numbers up to 1000 keep every score (Σ weight × 3 over ten criteria) far
            // inside u32: a weight of 1e9 would wrap the score and change classes.
            if *w > MAX_WEIGHT {
                return Err(cx.invalid(
                    &format!("weights.{key}"),
                    M::R_WEIGHT_TOO_LARGE.with(&[&w, &MAX_WEIGHT]),
                ));
            }
            weights[c.index()] = *w;
        }
        for c in Criterion::ALL {
            if !file.weights.contains_key(c.key()) {
                return Err(cx.invalid(&format!("weights.{}", c.key()), M::R_MISSING_WEIGHT.get()));
            }
        }
        if weights.iter().all(|w| *w == 0) {
            return Err(cx.invalid("weights", "at least one weight must be above 0"));
        }

        let class = file.class;
        for (key, f) in [
            (
                "class.high_min_score_fraction",
                class.high_min_score_fraction,
            ),
            (
                "class.medium_min_score_fraction",
                class.medium_min_score_fraction,
            ),
        ] {
            if !(0.0..=1.0).contains(&f) {
                return Err(cx.invalid(key, M::R_NOT_FRACTION.with(&[&f])));
            }
        }

        let outcome = OutcomeRules {
            required_min_ap: file.outcome.required_min_ap,
            required_min_edpb: file.outcome.required_min_edpb,
            recommended_classes: file
                .outcome
                .recommended_classes
                .iter()
                .enumerate()
                .map(|(i, c)| cx.level(&format!("outcome.recommended_classes[{i}]"), c))
                .collect::<Result<_, _>>()?,
            recommended_min_edpb: file.outcome.recommended_min_edpb,
        };

        let mut headers = Vec::new();
        for (key, list) in &file.headers {
            let field = Field::from_key(key).ok_or_else(|| {
                cx.invalid(
                    &format!("headers.{key}"),
                    M::R_UNKNOWN_FIELD.with(&[&Field::keys()]),
                )
            })?;
            headers.extend(list.iter().map(|h| (value::normalize_header(h), field)));
        }
        let header_names = Field::ALL
            .iter()
            .filter_map(|f| {
                file.headers
                    .get(f.key())
                    .and_then(|l| l.first())
                    .map(|h| (*f, h.clone()))
            })
            .collect();
        for (header, key) in &file.columns {
            let field = Field::from_key(key).ok_or_else(|| {
                cx.invalid(
                    &format!("columns.\"{header}\""),
                    M::R_NOT_FIELD.with(&[&key, &Field::keys()]),
                )
            })?;
            // A user mapping wins over a default header of the same text.
            headers.insert(0, (value::normalize_header(header), field));
        }

        // The words that deny a term hold for every word list, and so do the context rules of
        // a term (`fingerprint*` not after `machine`) where the term stands in another list.
        let negations = file.derive.negations.clone();
        let pairs = |m: &BTreeMap<String, Vec<String>>| -> Vec<(String, Vec<String>)> {
            m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
        };
        let context = crate::lexicon::ContextRules {
            not_after: pairs(&file.derive.not_after),
            near: pairs(&file.derive.near),
            not_near: pairs(&file.derive.not_near),
            not_in_text: pairs(&file.derive.not_in_text),
        };
        let c = file.criteria;
        let s = c.sensitivity;
        let mut labels = Vec::new();
        for (lvl, words) in &s.labels {
            let level = cx.level(&format!("criteria.sensitivity.labels.{lvl}"), lvl)?;
            labels.extend(words.iter().map(|w| (value::normalize(w), level)));
        }
        // Longest first, so "strikt vertrouwelijk" is tried before "vertrouwelijk".
        labels.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let sensitivity = SensitivityRules {
            names: Names {
                nl: s.label,
                en: s.label_en,
            },
            labels,
            special_categories_level: cx.level(
                "criteria.sensitivity.special_categories_level",
                &s.special_categories_level,
            )?,
            lexicon: crate::lexicon::Lexicon::new(
                s.terms
                    .special
                    .iter()
                    .map(|t| (t.as_str(), SPECIAL))
                    .chain(s.terms.sensitive.iter().map(|t| (t.as_str(), SENSITIVE))),
            )
            .with_negations(negations.iter().map(String::as_str))
            .with_context(&context),
            special_terms: s.terms.special,
            special_terms_level: cx.level(
                "criteria.sensitivity.special_terms_level",
                &s.special_terms_level,
            )?,
            sensitive_terms: s.terms.sensitive,
            sensitive_terms_level: cx.level(
                "criteria.sensitivity.sensitive_terms_level",
                &s.sensitive_terms_level,
            )?,
        };

        let sp = c.subprocessors;
        let subprocessors = SubprocessorRules {
            names: Names {
                nl: sp.label,
                en: sp.label_en,
            },
            unit_one: Names {
                nl: sp.unit_one.unwrap_or_else(|| sp.unit.clone()),
                en: sp.unit_one_en.unwrap_or_else(|| sp.unit_en.clone()),
            },
            unit: Names {
                nl: sp.unit,
                en: sp.unit_en,
            },
            high: cx.upward("criteria.subprocessors.high", &sp.high)?,
            zero_level: cx.level("criteria.subprocessors.zero_level", &sp.zero_level)?,
            key_role_level: cx
                .level("criteria.subprocessors.key_role_level", &sp.key_role_level)?,
            no_key_role_level: cx.level(
                "criteria.subprocessors.no_key_role_level",
                &sp.no_key_role_level,
            )?,
            key_role_unknown_level: cx.level(
                "criteria.subprocessors.key_role_unknown_level",
                &sp.key_role_unknown_level,
            )?,
        };

        let e = c.exposure;
        let exposure = ExposureRules {
            names: Names {
                nl: e.label,
                en: e.label_en,
            },
            high_when: cx.condition("criteria.exposure.high_when", &e.high_when)?,
            low_when: cx.condition("criteria.exposure.low_when", &e.low_when)?,
            otherwise: cx.level("criteria.exposure.otherwise", &e.otherwise)?,
        };

        let cp = c.complexity;
        let complexity = ComplexityRules {
            names: Names {
                nl: cp.label,
                en: cp.label_en,
            },
            processors_high: cx
                .upward("criteria.complexity.processors_high", &cp.processors_high)?,
            systems_medium: cx.upward("criteria.complexity.systems_medium", &cp.systems_medium)?,
            linked_databases_level: cx.level(
                "criteria.complexity.linked_databases_level",
                &cp.linked_databases_level,
            )?,
        };

        let st = c.staff_access;
        let staff_access = StaffRules {
            bands: cx.bands(
                "criteria.staff_access",
                CountFile {
                    label: st.label,
                    label_en: st.label_en,
                    unit: st.unit,
                    unit_en: st.unit_en,
                    unit_one: st.unit_one,
                    unit_one_en: st.unit_one_en,
                    high: st.high,
                    medium: st.medium,
                    count_categories_when_empty: false,
                },
            )?,
            sensitivity_raises: st.sensitivity_raises,
            masking_lowers_by: st.masking_lowers_by,
        };

        let sources = file.sources;
        let mut measures = Vec::new();
        let mut ids = Vec::new();
        for (i, m) in file.measures.into_iter().enumerate() {
            let key = format!("measures[{i}]");
            if m.id.trim().is_empty() || ids.contains(&m.id) {
                return Err(cx.invalid(&format!("{key}.id"), M::R_ID_NOT_UNIQUE.with(&[&m.id])));
            }
            ids.push(m.id.clone());
            let trigger = match (&m.criterion, &m.flag) {
                (Some(crit), None) => {
                    let c = Criterion::from_key(crit).ok_or_else(|| {
                        cx.invalid(
                            &format!("{key}.criterion"),
                            M::R_NOT_CRITERION.with(&[&crit, &Criterion::keys()]),
                        )
                    })?;
                    if m.levels.is_empty() {
                        return Err(cx.invalid(&format!("{key}.levels"), M::R_NO_LEVELS.get()));
                    }
                    let levels = m
                        .levels
                        .iter()
                        .enumerate()
                        .map(|(j, l)| cx.level(&format!("{key}.levels[{j}]"), l))
                        .collect::<Result<_, _>>()?;
                    Trigger::Criterion(c, levels)
                }
                (None, Some(flag)) if MEASURE_FLAGS.contains(&flag.as_str()) => {
                    Trigger::Flag(flag.clone())
                }
                (None, Some(flag)) => {
                    return Err(cx.invalid(
                        &format!("{key}.flag"),
                        M::R_NOT_FLAG.with(&[&flag, &MEASURE_FLAGS.join(", ")]),
                    ))
                }
                _ => return Err(cx.invalid(&key, M::R_MEASURE_TRIGGER.get())),
            };
            if !ROLES.contains(&m.role.as_str()) {
                return Err(cx.invalid(
                    &format!("{key}.role"),
                    M::R_NOT_ROLE.with(&[&m.role, &ROLES.join(", ")]),
                ));
            }
            let resolved = m
                .source
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    sources.get(s).cloned().ok_or_else(|| {
                        cx.invalid(&format!("{key}.source[{j}]"), M::R_NO_SOURCE.with(&[&s]))
                    })
                })
                .collect::<Result<_, _>>()?;
            measures.push(Measure {
                id: m.id,
                trigger,
                role: m.role,
                text: Names {
                    nl: m.text,
                    en: m.text_en,
                },
                sources: resolved,
            });
        }

        Ok(Rubric {
            meta: file.rubric,
            sha256: sha256_hex(text.as_bytes()),
            text: text.to_string(),
            weights,
            class,
            outcome,
            headers,
            header_names,
            derive: cx.derive(file.derive)?,
            data_subjects: cx.bands("criteria.data_subjects", c.data_subjects)?,
            data_types: cx.bands("criteria.data_types", c.data_types)?,
            sensitivity,
            subprocessors,
            impact: cx.choices("criteria.impact", c.impact, false)?,
            exposure,
            ai_use: cx.choices("criteria.ai_use", c.ai_use, false)?,
            complexity,
            staff_access,
            external_access: cx.choices("criteria.external_access", c.external_access, true)?,
            ap_list: cx.scan_items("ap_list", file.ap_list, 17)?,
            edpb_criteria: cx.scan_items("edpb_criteria", file.edpb_criteria, 9)?,
            measures,
        })
    }

    /// Sum of weight × 3 over the criteria.
    pub fn max_score(&self) -> u32 {
        self.weights.iter().map(|w| w * 3).sum()
    }
}

/// Every threshold in force, as (key, value) lines for the audit trail, counts written in `lang`.
pub fn thresholds(r: &Rubric, lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_string(), v));
    put(
        "review_after_months",
        r.meta.review_after_months.to_string(),
    );
    for c in Criterion::ALL {
        put(
            &format!("weights.{}", c.key()),
            r.weights[c.index()].to_string(),
        );
    }
    put(
        "class.high_min_high_count",
        r.class.high_min_high_count.to_string(),
    );
    put(
        "class.high_min_score_fraction",
        r.class.high_min_score_fraction.to_string(),
    );
    put(
        "class.medium_min_high_count",
        r.class.medium_min_high_count.to_string(),
    );
    put(
        "class.medium_min_score_fraction",
        r.class.medium_min_score_fraction.to_string(),
    );
    put(
        "outcome.required_min_ap",
        r.outcome.required_min_ap.to_string(),
    );
    put(
        "outcome.required_min_edpb",
        r.outcome.required_min_edpb.to_string(),
    );
    put(
        "outcome.recommended_classes",
        r.outcome
            .recommended_classes
            .iter()
            .map(|l| l.key())
            .collect::<Vec<_>>()
            .join(", "),
    );
    put(
        "outcome.recommended_min_edpb",
        r.outcome.recommended_min_edpb.to_string(),
    );
    for (key, b) in [
        ("data_subjects", &r.data_subjects),
        ("data_types", &r.data_types),
        ("staff_access", &r.staff_access.bands),
    ] {
        put(&format!("criteria.{key}.high"), b.high.describe(lang));
        put(&format!("criteria.{key}.medium"), b.medium.describe(lang));
    }
    put(
        "criteria.data_types.count_categories_when_empty",
        r.data_types.count_categories_when_empty.to_string(),
    );
    let s = &r.sensitivity;
    put(
        "criteria.sensitivity.labels",
        s.labels
            .iter()
            .map(|(w, l)| format!("{w}={}", l.key()))
            .collect::<Vec<_>>()
            .join(", "),
    );
    put(
        "criteria.sensitivity.special_categories_level",
        s.special_categories_level.key().to_string(),
    );
    put(
        "criteria.sensitivity.terms.special",
        s.special_terms.join(", "),
    );
    put(
        "criteria.sensitivity.terms.sensitive",
        s.sensitive_terms.join(", "),
    );
    let sp = &r.subprocessors;
    put("criteria.subprocessors.high", sp.high.describe(lang));
    put(
        "criteria.subprocessors.zero_level",
        sp.zero_level.key().to_string(),
    );
    put(
        "criteria.subprocessors.key_role_level",
        sp.key_role_level.key().to_string(),
    );
    put(
        "criteria.subprocessors.no_key_role_level",
        sp.no_key_role_level.key().to_string(),
    );
    put(
        "criteria.subprocessors.key_role_unknown_level",
        sp.key_role_unknown_level.key().to_string(),
    );
    put(
        "criteria.exposure.high_when",
        r.exposure.high_when.describe(),
    );
    put("criteria.exposure.low_when", r.exposure.low_when.describe());
    put(
        "criteria.exposure.otherwise",
        r.exposure.otherwise.key().to_string(),
    );
    put(
        "criteria.complexity.processors_high",
        r.complexity.processors_high.describe(lang),
    );
    put(
        "criteria.complexity.systems_medium",
        r.complexity.systems_medium.describe(lang),
    );
    put(
        "criteria.complexity.linked_databases_level",
        r.complexity.linked_databases_level.key().to_string(),
    );
    put(
        "criteria.staff_access.sensitivity_raises",
        r.staff_access.sensitivity_raises.to_string(),
    );
    put(
        "criteria.staff_access.masking_lowers_by",
        r.staff_access.masking_lowers_by.to_string(),
    );
    for (key, c) in [
        ("impact", &r.impact),
        ("ai_use", &r.ai_use),
        ("external_access", &r.external_access),
    ] {
        put(
            &format!("criteria.{key}.choices"),
            c.choices
                .iter()
                .map(|(n, l)| format!("{}={}", n.nl, l.key()))
                .collect::<Vec<_>>()
                .join(" | "),
        );
    }
    // What is derived from the text of an art. 30 register, and how.
    let d = &r.derive;
    for (key, on) in [
        ("ap_list", d.ap_list),
        ("edpb_criteria", d.edpb_criteria),
        ("edpb_from_levels", d.edpb_from_levels),
        ("masking", d.masking),
        ("transfers", d.transfers),
        ("special", d.special),
    ] {
        put(&format!("derive.{key}"), on.to_string());
    }
    if let Some(t) = &d.large_scale {
        put("derive.large_scale", t.describe(lang));
    }
    put(
        "derive.scan",
        d.scan
            .iter()
            .map(|f| f.key())
            .collect::<Vec<_>>()
            .join(", "),
    );
    for (tag, fields) in &d.only_in {
        let kind = if tag / 1000 == DERIVE_AP {
            "ap"
        } else {
            "edpb"
        };
        put(
            &format!("derive.where.{kind}.{}", tag % 1000),
            fields
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    put("derive.terms", d.lexicon.len().to_string());
    put("derive.negations", d.lexicon.negations().join(", "));
    put("measures", r.measures.len().to_string());
    out
}

/// A TOML error on one line: where (line and column, counted as an editor does), what, and the
/// line itself, instead of the parser's multi-line picture whose caret points at nothing once
/// folded.
fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let what = e.message().trim().replace('\n', " ");
    let what = match M::language() {
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
    M::TOML_WHERE.with(&[&line, &column, &what, &shown.trim()])
}

/// Lower-case hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The TOML reader's own words, in Dutch: its messages are built from a few fixed phrases and
/// type names (serde's `invalid type: …, expected …`, the parser's `duplicate key`); those are
/// translated, longest first, as whole words. What stands between quotes or backticks is the
/// user's text or a key, and stays as it is; a phrase not in the table stays English.
fn toml_words_nl(what: &str) -> String {
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
fn toml_words_en(what: &str) -> String {
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
fn outside_quotes(what: &str, f: impl Fn(&str) -> String) -> String {
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
fn translate_words(text: &str, table: &[(&str, &str)]) -> String {
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
            assert_eq!(super::toml_words_nl(en), nl, "{en}");
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
            assert_eq!(super::toml_words_en(raw), shown, "{raw}");
        }
    }

    use super::*;

    #[test]
    fn default_rubric_loads() {
        let r = Rubric::default_rubric().unwrap();
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
        let err = Rubric::parse(text, "mijn-rubric.toml")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("mijn-rubric.toml: regel 4, kolom 3: onbekende sleutel `maskering`, verwacht een van `name`, `version`, `review_after_months` (in: `maskering = 2`)")
        );
        let err = Rubric::parse("[rubric\n", "r.toml")
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
        let on = Rubric::parse(DEFAULT_RUBRIC, "standaard").unwrap();
        let off = Rubric::parse(&off, "uit.toml").unwrap();
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
            // `[derive.near]`: a term that is in no word list.
            (
                "\"matching\" = [\"data\"",
                "\"matchen\" = [\"data\"",
                "derive.near.\"matchen\"",
            ),
            // `[derive.where]`: an item that is none, a field that is none.
            (
                "\"edpb.7\" = [",
                "\"edpb.10\" = [",
                "derive.where.\"edpb.10\"",
            ),
            ("\"ap.3\" = [", "\"apl.3\" = [", "derive.where.\"apl.3\""),
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
            let err = Rubric::parse(&text, "mijn.toml").unwrap_err().to_string();
            assert!(err.contains(key), "{err} should name {key}");
            assert!(err.starts_with("mijn.toml"), "{err}");
            assert!(
                err.contains("regel ") || err.contains("line "),
                "{err} names the line"
            );
        }
    }
}
