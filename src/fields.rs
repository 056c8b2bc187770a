//! The vocabulary shared by every stage: the input fields of docs/register.md#fields and the 10 criteria of docs/rubric.md#criteria.
//! Their stable keys (`data_subjects`, …) are the keys of the rubric file and of the JSON output.
//! Header texts are not here: those recognised are data in the rubric's `[headers]` table, and the
//! template's header of each field is in the catalogue (`messages`).

use crate::lang::Lang;
use crate::messages as M;

/// One input field of the register (docs/register.md#fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Activity identifier.
    Id,
    /// Activity name.
    Name,
    /// Number of data subjects.
    DataSubjects,
    /// Number of types of personal data.
    DataTypes,
    /// Listed categories of personal data.
    DataCategories,
    /// Sensitivity label or level.
    Sensitivity,
    /// Special categories: yes/no or a list.
    SpecialCategories,
    /// Number of sub-processors.
    Subprocessors,
    /// Whether a sub-processor has a key role.
    SubprocessorKeyRole,
    /// Impact on the data subject.
    Impact,
    /// Exposure risk (level, else derived).
    Exposure,
    /// Use of AI/algorithms.
    AiUse,
    /// Complexity (level, else derived).
    Complexity,
    /// Number of systems.
    Systems,
    /// Number of processors.
    Processors,
    /// Linked databases yes/no.
    LinkedDatabases,
    /// Number of staff with access.
    StaffAccess,
    /// Data masking and export restriction.
    Masking,
    /// External access.
    ExternalAccess,
    /// AP-list categories.
    ApList,
    /// EDPB criteria.
    EdpbCriteria,
    /// DPIA done (yes/no or a date).
    DpiaDone,
    /// Last review date.
    LastReview,
    /// Description of the processing (art. 30 registers; scanned for AP-list and EDPB signals).
    Description,
    /// Purpose(s) of the processing (scanned).
    Purpose,
    /// Legal basis (shown).
    LegalBasis,
    /// Categories of data subjects (scanned; vulnerable subjects).
    SubjectCategories,
    /// Recipients and processors (their number gives `processors`).
    Recipients,
    /// Transfers outside the EU/EEA (exposure).
    Transfers,
    /// Retention period (shown).
    Retention,
    /// Security measures (masking).
    Security,
    /// Systems and applications (their number gives `systems`).
    SystemsList,
    /// Department or process owner (Samenvatting).
    Department,
    /// The register's own judgement whether a DPIA is required (compared with the outcome).
    DpiaNeeded,
}

impl Field {
    /// The number of fields.
    pub const COUNT: usize = 34;

    /// The fields of the tool's own template (docs/register.md#fields), in its column order.
    pub const TEMPLATE: [Field; 23] = [
        Field::Id,
        Field::Name,
        Field::DataSubjects,
        Field::DataTypes,
        Field::DataCategories,
        Field::Sensitivity,
        Field::SpecialCategories,
        Field::Subprocessors,
        Field::SubprocessorKeyRole,
        Field::Impact,
        Field::Exposure,
        Field::AiUse,
        Field::Complexity,
        Field::Systems,
        Field::Processors,
        Field::LinkedDatabases,
        Field::StaffAccess,
        Field::Masking,
        Field::ExternalAccess,
        Field::ApList,
        Field::EdpbCriteria,
        Field::DpiaDone,
        Field::LastReview,
    ];

    /// The fields of art. 30 registers (docs/register.md#art-30-registers) beyond the template's.
    pub const ART30: [Field; 11] = [
        Field::Description,
        Field::Purpose,
        Field::LegalBasis,
        Field::SubjectCategories,
        Field::Recipients,
        Field::Transfers,
        Field::Retention,
        Field::Security,
        Field::SystemsList,
        Field::Department,
        Field::DpiaNeeded,
    ];

    /// All fields: the template's (docs/register.md#fields), then those of art. 30 registers (docs/register.md#art-30-registers).
    pub const ALL: [Field; Field::COUNT] = {
        let mut all = [Field::Id; Field::COUNT];
        let mut i = 0;
        while i < Field::TEMPLATE.len() {
            all[i] = Field::TEMPLATE[i];
            i += 1;
        }
        while i < Field::COUNT {
            all[i] = Field::ART30[i - Field::TEMPLATE.len()];
            i += 1;
        }
        all
    };

    /// Stable key, as in the rubric and `--map`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::DataSubjects => "data_subjects",
            Field::DataTypes => "data_types",
            Field::DataCategories => "data_categories",
            Field::Sensitivity => "sensitivity",
            Field::SpecialCategories => "special_categories",
            Field::Subprocessors => "subprocessors",
            Field::SubprocessorKeyRole => "subprocessor_key_role",
            Field::Impact => "impact",
            Field::Exposure => "exposure",
            Field::AiUse => "ai_use",
            Field::Complexity => "complexity",
            Field::Systems => "systems",
            Field::Processors => "processors",
            Field::LinkedDatabases => "linked_databases",
            Field::StaffAccess => "staff_access",
            Field::Masking => "masking",
            Field::ExternalAccess => "external_access",
            Field::ApList => "ap_list",
            Field::EdpbCriteria => "edpb_criteria",
            Field::DpiaDone => "dpia_done",
            Field::LastReview => "last_review",
            Field::Description => "description",
            Field::Purpose => "purpose",
            Field::LegalBasis => "legal_basis",
            Field::SubjectCategories => "subject_categories",
            Field::Recipients => "recipients",
            Field::Transfers => "transfers",
            Field::Retention => "retention",
            Field::Security => "security",
            Field::SystemsList => "systems_list",
            Field::Department => "department",
            Field::DpiaNeeded => "dpia_needed",
        }
    }

    /// Parse a stable key.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key.trim())
    }

    /// All keys, comma separated, for error messages.
    pub fn keys() -> String {
        Field::ALL.map(Field::key).join(", ")
    }

    /// Whether the field feeds a criterion (as opposed to id, name, DPIA bookkeeping and the
    /// texts that are only shown or scanned).
    pub fn is_criterion_input(self) -> bool {
        !matches!(
            self,
            Field::Id
                | Field::Name
                | Field::DpiaDone
                | Field::LastReview
                | Field::ApList
                | Field::EdpbCriteria
                | Field::Description
                | Field::Purpose
                | Field::LegalBasis
                | Field::SubjectCategories
                | Field::Retention
                | Field::Department
                | Field::DpiaNeeded
        )
    }

    /// Whether the register may give this field in several columns, read together: a list
    /// (their items joined) or a text that is scanned (their texts joined).
    pub fn reads_several_columns(self) -> bool {
        matches!(
            self,
            Field::DataCategories
                | Field::SubjectCategories
                | Field::Recipients
                | Field::SystemsList
                | Field::Description
                | Field::Purpose
                | Field::LegalBasis
                | Field::Security
                | Field::Transfers
        )
    }

    /// Position in `ALL`.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One of the 10 SURF criteria (docs/rubric.md#criteria).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Criterion {
    /// 1. Number of data subjects.
    DataSubjects,
    /// 2. Volume of types of personal data.
    DataTypes,
    /// 3. Sensitivity of the data.
    Sensitivity,
    /// 4. Number of sub-processors.
    Subprocessors,
    /// 5. Nature and impact for the data subject.
    Impact,
    /// 6. Exposure risk.
    Exposure,
    /// 7. Use of AI/algorithms.
    AiUse,
    /// 8. Complexity / linked databases.
    Complexity,
    /// 9. Staff with (internal) access.
    StaffAccess,
    /// 10. External access.
    ExternalAccess,
}

impl Criterion {
    /// The 10 criteria in SURF's order.
    pub const ALL: [Criterion; 10] = [
        Criterion::DataSubjects,
        Criterion::DataTypes,
        Criterion::Sensitivity,
        Criterion::Subprocessors,
        Criterion::Impact,
        Criterion::Exposure,
        Criterion::AiUse,
        Criterion::Complexity,
        Criterion::StaffAccess,
        Criterion::ExternalAccess,
    ];

    /// Stable key, as in the rubric and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Criterion::DataSubjects => "data_subjects",
            Criterion::DataTypes => "data_types",
            Criterion::Sensitivity => "sensitivity",
            Criterion::Subprocessors => "subprocessors",
            Criterion::Impact => "impact",
            Criterion::Exposure => "exposure",
            Criterion::AiUse => "ai_use",
            Criterion::Complexity => "complexity",
            Criterion::StaffAccess => "staff_access",
            Criterion::ExternalAccess => "external_access",
        }
    }

    /// Parse a stable key.
    pub fn from_key(key: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.key() == key.trim())
    }

    /// All keys, comma separated, for error messages.
    pub fn keys() -> String {
        Criterion::ALL.map(Criterion::key).join(", ")
    }

    /// Position in `ALL`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the criterion can be `none` (docs/output.md#score-class-and-advice: only sub-processors and external access).
    pub fn allows_none(self) -> bool {
        matches!(self, Criterion::Subprocessors | Criterion::ExternalAccess)
    }
}

/// The template's header of a field, as in docs/register.md#fields (the catalogue's
/// `HEADER_*`). The template writes it; an error naming the headers it expects shows it.
pub fn template_header(field: Field, lang: Lang) -> &'static str {
    match field {
        Field::Id => M::HEADER_ID,
        Field::Name => M::HEADER_NAME,
        Field::DataSubjects => M::HEADER_DATA_SUBJECTS,
        Field::DataTypes => M::HEADER_DATA_TYPES,
        Field::DataCategories => M::HEADER_DATA_CATEGORIES,
        Field::Sensitivity => M::HEADER_SENSITIVITY,
        Field::SpecialCategories => M::HEADER_SPECIAL_CATEGORIES,
        Field::Subprocessors => M::HEADER_SUBPROCESSORS,
        Field::SubprocessorKeyRole => M::HEADER_SUBPROCESSOR_KEY_ROLE,
        Field::Impact => M::HEADER_IMPACT,
        Field::Exposure => M::HEADER_EXPOSURE,
        Field::AiUse => M::HEADER_AI_USE,
        Field::Complexity => M::HEADER_COMPLEXITY,
        Field::Systems => M::HEADER_SYSTEMS,
        Field::Processors => M::HEADER_PROCESSORS,
        Field::LinkedDatabases => M::HEADER_LINKED_DATABASES,
        Field::StaffAccess => M::HEADER_STAFF_ACCESS,
        Field::Masking => M::HEADER_MASKING,
        Field::ExternalAccess => M::HEADER_EXTERNAL_ACCESS,
        Field::ApList => M::HEADER_AP_LIST,
        Field::EdpbCriteria => M::HEADER_EDPB_CRITERIA,
        Field::DpiaDone => M::HEADER_DPIA_DONE,
        Field::LastReview => M::HEADER_LAST_REVIEW,
        Field::Description => M::HEADER_DESCRIPTION,
        Field::Purpose => M::HEADER_PURPOSE,
        Field::LegalBasis => M::HEADER_LEGAL_BASIS,
        Field::SubjectCategories => M::HEADER_SUBJECT_CATEGORIES,
        Field::Recipients => M::HEADER_RECIPIENTS,
        Field::Transfers => M::HEADER_TRANSFERS,
        Field::Retention => M::HEADER_RETENTION,
        Field::Security => M::HEADER_SECURITY,
        Field::SystemsList => M::HEADER_SYSTEMS_LIST,
        Field::Department => M::HEADER_DEPARTMENT,
        Field::DpiaNeeded => M::HEADER_DPIA_NEEDED,
    }
    .get(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(f));
            assert_eq!(Field::ALL[f.index()], f);
        }
        for c in Criterion::ALL {
            assert_eq!(Criterion::from_key(c.key()), Some(c));
            assert_eq!(Criterion::ALL[c.index()], c);
        }
        assert_eq!(Field::from_key("nope"), None);
        assert_eq!(Field::ALL[..Field::TEMPLATE.len()], Field::TEMPLATE);
    }
}
