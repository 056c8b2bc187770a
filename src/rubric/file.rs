//! The rubric file's shape as it is read (serde from TOML), before any value is checked: the
//! sections, their keys and defaults, and the language packs merged into `[headers]` and
//! `[derive]` when they are on.

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RubricFile {
    pub(super) rubric: Meta,
    pub(super) weights: BTreeMap<String, u32>,
    pub(super) class: ClassRules,
    pub(super) outcome: OutcomeFile,
    pub(super) headers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) columns: BTreeMap<String, String>,
    /// The words of a register's title over its first column of activities.
    #[serde(default)]
    pub(super) register_titles: RegisterTitlesFile,
    pub(super) criteria: CriteriaFile,
    pub(super) ap_list: Vec<ScanItemFile>,
    pub(super) edpb_criteria: Vec<ScanItemFile>,
    #[serde(default)]
    pub(super) sources: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) measures: Vec<MeasureFile>,
    /// Absent in a rubric written before derivation existed: nothing is derived.
    #[serde(default)]
    pub(super) derive: DeriveFile,
    /// Language packs (`[packs.de]`): headers and words of registers written in another
    /// language, added to `[headers]` and `[derive]` when the pack is on.
    #[serde(default)]
    pub(super) packs: BTreeMap<String, PackFile>,
}

/// `[packs.<name>]`: a language pack (docs/rubric.md#packs).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackFile {
    /// Whether the pack's headers and words are used.
    pub(super) on: bool,
    #[serde(default)]
    pub(super) headers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) derive: PackDeriveFile,
}

/// The word lists and context rules of `[derive]` a pack adds to.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct PackDeriveFile {
    #[serde(default)]
    pub(super) ap_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) edpb_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) masking_terms: Vec<String>,
    #[serde(default)]
    pub(super) third_countries: Vec<String>,
    #[serde(default)]
    pub(super) transfer_yes: Vec<String>,
    #[serde(default)]
    pub(super) special_terms: Vec<String>,
    #[serde(default)]
    pub(super) negations: Vec<String>,
    #[serde(default)]
    pub(super) negations_after: Vec<String>,
    #[serde(default)]
    pub(super) joiners: Vec<String>,
    #[serde(default)]
    pub(super) no_subjects: Vec<String>,
    /// Added to `[derive] denials`. Left out: the default rubric's pack of the same name's.
    #[serde(default)]
    pub(super) denials: Option<Vec<String>>,
    /// Added to `[derive] references`. Left out: the default rubric's pack of the same name's.
    #[serde(default)]
    pub(super) references: Option<Vec<String>>,
    #[serde(default)]
    pub(super) not_after: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) near: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) not_near: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) not_in_text: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) only_with: BTreeMap<String, Vec<String>>,
}

/// `[derive]`: what the text of a register says (docs/rubric.md#derive).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct DeriveFile {
    #[serde(default)]
    pub(super) ap_list: bool,
    #[serde(default)]
    pub(super) edpb_criteria: bool,
    #[serde(default)]
    pub(super) edpb_from_levels: bool,
    #[serde(default)]
    pub(super) large_scale: Option<String>,
    #[serde(default)]
    pub(super) masking: bool,
    #[serde(default)]
    pub(super) transfers: bool,
    #[serde(default)]
    pub(super) scan: Vec<String>,
    #[serde(default)]
    pub(super) ap_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) edpb_terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) masking_terms: Vec<String>,
    #[serde(default)]
    pub(super) third_countries: Vec<String>,
    #[serde(default)]
    pub(super) transfer_yes: Vec<String>,
    #[serde(default)]
    pub(super) special: bool,
    #[serde(default)]
    pub(super) special_terms: Vec<String>,
    #[serde(default)]
    pub(super) negations: Vec<String>,
    #[serde(default)]
    pub(super) negations_after: Vec<String>,
    #[serde(default)]
    pub(super) joiners: Vec<String>,
    /// A data-subject cell that begins with one of these denies that the row is about persons:
    /// `"none identifiable"`, `"not linked to a person"`.
    #[serde(default)]
    pub(super) no_subjects: Vec<String>,
    /// A special-categories cell that opens with one of these and goes on says there are none:
    /// `"nee"`, `"we do not"`. Left out (a rubric copied before the key existed): the default
    /// rubric's list; `[]`: none.
    #[serde(default)]
    pub(super) denials: Option<Vec<String>>,
    /// A special-categories cell that opens with one of these explains, refers elsewhere or
    /// leaves the question open: `"inherited"`, `"zie"`, `"tbd"`. Left out: the default
    /// rubric's list; `[]`: none.
    #[serde(default)]
    pub(super) references: Option<Vec<String>>,
    /// Where an item's words count: `"edpb.7" = ["name", "description", "subject_categories"]`.
    #[serde(default, rename = "where")]
    pub(super) where_: BTreeMap<String, Vec<String>>,
    /// A term not found right after these words: `"fingerprint*" = ["machine", "browser"]`.
    #[serde(default)]
    pub(super) not_after: BTreeMap<String, Vec<String>>,
    /// A term found only with one of these words in its clause: `"beeldopname*" = ["camera*"]`.
    #[serde(default)]
    pub(super) near: BTreeMap<String, Vec<String>>,
    /// A term not found with one of these words in its clause: `"medewerker*" = ["klant*"]`.
    #[serde(default)]
    pub(super) not_near: BTreeMap<String, Vec<String>>,
    /// A term not found with one of these words in the same cell: `"fraud*" = ["security"]`.
    #[serde(default)]
    pub(super) not_in_text: BTreeMap<String, Vec<String>>,
    /// Where the row fills one of these fields, an item's words count only there:
    /// `"edpb.7" = ["subject_categories"]`.
    #[serde(default)]
    pub(super) prefer: BTreeMap<String, Vec<String>>,
    /// A term that counts only where the row also has one of these items, derived or stated:
    /// `"medewerker*" = ["edpb.4", "ap.11"]`.
    #[serde(default)]
    pub(super) only_with: BTreeMap<String, Vec<String>>,
}

pub(super) fn default_review_months() -> u32 {
    36
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutcomeFile {
    pub(super) required_min_ap: u32,
    pub(super) required_min_edpb: u32,
    pub(super) recommended_classes: Vec<String>,
    pub(super) recommended_min_edpb: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CriteriaFile {
    pub(super) data_subjects: CountFile,
    pub(super) data_types: CountFile,
    pub(super) sensitivity: SensitivityFile,
    pub(super) subprocessors: SubprocessorsFile,
    pub(super) impact: ChoiceFile,
    pub(super) exposure: ExposureFile,
    pub(super) ai_use: ChoiceFile,
    pub(super) complexity: ComplexityFile,
    pub(super) staff_access: StaffFile,
    pub(super) external_access: ChoiceFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Labels {
    pub(super) label: String,
    pub(super) label_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CountFile {
    pub(super) label: String,
    pub(super) label_en: String,
    pub(super) unit: String,
    pub(super) unit_en: String,
    /// The unit for one (`betrokkene`); the plural when absent.
    #[serde(default)]
    pub(super) unit_one: Option<String>,
    #[serde(default)]
    pub(super) unit_one_en: Option<String>,
    pub(super) high: String,
    pub(super) medium: String,
    #[serde(default)]
    pub(super) count_categories_when_empty: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SensitivityFile {
    pub(super) label: String,
    pub(super) label_en: String,
    pub(super) special_categories_level: String,
    pub(super) special_terms_level: String,
    pub(super) sensitive_terms_level: String,
    pub(super) labels: BTreeMap<String, Vec<String>>,
    pub(super) terms: TermsFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TermsFile {
    pub(super) special: Vec<String>,
    pub(super) sensitive: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SubprocessorsFile {
    pub(super) label: String,
    pub(super) label_en: String,
    pub(super) unit: String,
    pub(super) unit_en: String,
    /// The unit for one (`betrokkene`); the plural when absent.
    #[serde(default)]
    pub(super) unit_one: Option<String>,
    #[serde(default)]
    pub(super) unit_one_en: Option<String>,
    pub(super) high: String,
    pub(super) zero_level: String,
    pub(super) key_role_level: String,
    pub(super) no_key_role_level: String,
    pub(super) key_role_unknown_level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChoiceFile {
    pub(super) label: String,
    pub(super) label_en: String,
    pub(super) choices: Vec<ChoiceItemFile>,
    #[serde(default)]
    pub(super) words: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChoiceItemFile {
    pub(super) text: String,
    pub(super) text_en: String,
    pub(super) level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExposureFile {
    pub(super) label: String,
    pub(super) label_en: String,
    pub(super) otherwise: String,
    pub(super) high_when: ConditionFile,
    pub(super) low_when: ConditionFile,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct ConditionFile {
    pub(super) sensitivity_at_least: Option<String>,
    pub(super) sensitivity_at_most: Option<String>,
    pub(super) volume_max_at_least: Option<String>,
    pub(super) volume_max_at_most: Option<String>,
    pub(super) volume_min_at_least: Option<String>,
    pub(super) volume_min_at_most: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ComplexityFile {
    pub(super) label: String,
    pub(super) label_en: String,
    pub(super) processors_high: String,
    pub(super) systems_medium: String,
    pub(super) linked_databases_level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StaffFile {
    pub(super) label: String,
    pub(super) label_en: String,
    pub(super) unit: String,
    pub(super) unit_en: String,
    /// The unit for one (`betrokkene`); the plural when absent.
    #[serde(default)]
    pub(super) unit_one: Option<String>,
    #[serde(default)]
    pub(super) unit_one_en: Option<String>,
    pub(super) high: String,
    pub(super) medium: String,
    pub(super) sensitivity_raises: bool,
    pub(super) masking_lowers_by: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScanItemFile {
    pub(super) number: u8,
    pub(super) name: String,
    #[serde(default)]
    pub(super) name_en: Option<String>,
    #[serde(default)]
    pub(super) keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MeasureFile {
    pub(super) id: String,
    pub(super) criterion: Option<String>,
    #[serde(default)]
    pub(super) levels: Vec<String>,
    pub(super) flag: Option<String>,
    pub(super) role: String,
    pub(super) text: String,
    pub(super) text_en: String,
    #[serde(default)]
    pub(super) source: Vec<String>,
}

/// `[register_titles]`: a first column headed by the register's own title holds the activities'
/// names (docs/register.md#header-matching). Absent: no first column is taken so.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RegisterTitlesFile {
    #[serde(default)]
    pub(super) words: Vec<String>,
}

/// The `denials` and `references` of the default rubric's `[derive]` and of each of its packs:
/// what a rubric copied before these keys existed is read with.
#[derive(Deserialize, Default)]
pub(super) struct DefaultOpenings {
    #[serde(default)]
    pub(super) derive: OpeningsFile,
    #[serde(default)]
    pub(super) packs: BTreeMap<String, PackOpeningsFile>,
}

#[derive(Deserialize, Default)]
pub(super) struct PackOpeningsFile {
    #[serde(default)]
    pub(super) derive: OpeningsFile,
}

#[derive(Deserialize, Default)]
pub(super) struct OpeningsFile {
    #[serde(default)]
    pub(super) denials: Vec<String>,
    #[serde(default)]
    pub(super) references: Vec<String>,
}

impl DefaultOpenings {
    /// Read from the default rubric once.
    pub(super) fn get() -> &'static DefaultOpenings {
        static OPENINGS: std::sync::OnceLock<DefaultOpenings> = std::sync::OnceLock::new();
        OPENINGS.get_or_init(|| toml::from_str(super::DEFAULT_RUBRIC).unwrap_or_default())
    }
}
