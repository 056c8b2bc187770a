//! Which of the catalogue's words the output writes where (docs/output.md#workbook: Dutch by
//! default, English with `--lang en`): the tool's own column headers on the scored sheet and how
//! a header is known again as one of them, the words for a level, outcome, signal, status and
//! owner, and the names of the sheets the tool adds. The words themselves are in `messages`;
//! the names of the criteria are the rubric's.

use crate::assess::{Flag, Outcome};
use crate::fields::Criterion;
use crate::lang::Lang;
use crate::messages::{self as M, Text};
use crate::rubric::Rubric;
use crate::value::Level;

/// The tool's own columns on the scored sheet, in order: a level per criterion, then the result
/// columns (`M::RESULT_COLUMNS`).
pub fn tool_headers(lang: Lang, rubric: &Rubric) -> Vec<String> {
    Criterion::ALL
        .iter()
        .map(|c| lang.level_header(*c, rubric))
        .chain(lang.result_headers().iter().map(|h| h.to_string()))
        .collect()
}

/// Which of the tool's columns (an index into `tool_headers`) a header cell is, in either
/// language, as the tool wrote it: how a column under the tool's marker is told from a user's
/// column inserted among them (docs/output.md#workbook, scoring again).
pub fn tool_column(header: &str, rubric: &Rubric) -> Option<usize> {
    let h = crate::value::normalize_header(header);
    if h.is_empty() {
        return None;
    }
    [Lang::Nl, Lang::En].iter().find_map(|lang| {
        tool_headers(*lang, rubric)
            .iter()
            .position(|t| crate::value::normalize_header(t) == h)
    })
}

/// Index of `vervallen` / `expired` in `M::MEASURE_STATUSES`.
pub const EXPIRED: usize = 4;

/// Whether a typed status is status `i` of `M::MEASURE_STATUSES`, in either language.
pub fn is_status(text: &str, i: usize) -> bool {
    let t = crate::value::normalize(text);
    M::MEASURE_STATUSES.get(i).is_some_and(|s| s.is(&t))
}

/// The word of a level, or of an unknown one for `None`.
pub fn level_text(l: Option<Level>) -> Text {
    match l {
        Some(Level::None) => M::LEVEL_NONE,
        Some(Level::Low) => M::LEVEL_LOW,
        Some(Level::Medium) => M::LEVEL_MEDIUM,
        Some(Level::High) => M::LEVEL_HIGH,
        None => M::LEVEL_UNKNOWN,
    }
}

/// The words of an outcome.
pub fn outcome_text(o: Outcome) -> Text {
    match o {
        Outcome::Required => M::OUTCOME_REQUIRED,
        Outcome::Recommended => M::OUTCOME_RECOMMENDED,
        Outcome::NotRequired => M::OUTCOME_NOT_REQUIRED,
        Outcome::Incomplete => M::OUTCOME_INCOMPLETE,
    }
}

/// The words of a signal in the `Signalen` column.
pub fn flag_text(f: Flag) -> Text {
    match f {
        Flag::DpiaMissing => M::FLAG_DPIA_MISSING,
        Flag::ReviewDue => M::FLAG_REVIEW_DUE,
        Flag::Changed => M::FLAG_CHANGED,
        Flag::Escalated => M::FLAG_ESCALATED,
        Flag::Derived => M::FLAG_DERIVED,
        Flag::Transfer => M::FLAG_TRANSFER,
        Flag::JudgementDiffers => M::FLAG_JUDGEMENT_DIFFERS,
        Flag::NoSignals => M::FLAG_NO_SIGNALS,
    }
}

impl Lang {
    /// An owner role as the rubric names it (the Algoritmekader's roles), in this language; a role
    /// the rubric does not know stays as written.
    pub fn role(self, role: &str) -> &str {
        M::ROLES
            .iter()
            .find(|t| t.nl == role)
            .map_or(role, |t| t.get(self))
    }

    /// A measure's status (`M::MEASURE_STATUSES` index) in this language.
    pub fn status(self, i: usize) -> &'static str {
        M::MEASURE_STATUSES.get(i).map_or("", |s| s.get(self))
    }

    /// A level word, or the unknown word for `None`.
    pub fn level(self, l: Option<Level>) -> &'static str {
        level_text(l).get(self)
    }

    /// Outcome label.
    pub fn outcome(self, o: Outcome) -> &'static str {
        outcome_text(o).get(self)
    }

    /// Flag label.
    pub fn flag(self, f: Flag) -> &'static str {
        flag_text(f).get(self)
    }

    /// Criterion label from the rubric.
    pub fn criterion(self, c: Criterion, r: &Rubric) -> &str {
        let names = match c {
            Criterion::DataSubjects => &r.data_subjects.names,
            Criterion::DataTypes => &r.data_types.names,
            Criterion::Sensitivity => &r.sensitivity.names,
            Criterion::Subprocessors => &r.subprocessors.names,
            Criterion::Impact => &r.impact.names,
            Criterion::Exposure => &r.exposure.names,
            Criterion::AiUse => &r.ai_use.names,
            Criterion::Complexity => &r.complexity.names,
            Criterion::StaffAccess => &r.staff_access.bands.names,
            Criterion::ExternalAccess => &r.external_access.names,
        };
        names.get(self)
    }

    /// Header of a criterion's level column: `Niveau Aantal betrokkenen`.
    pub fn level_header(self, c: Criterion, r: &Rubric) -> String {
        M::COL_LEVEL.with(self, &[&self.criterion(c, r)])
    }

    /// Headers of the added columns after the level columns.
    pub fn result_headers(self) -> [&'static str; 7] {
        M::RESULT_COLUMNS.map(|t| t.get(self))
    }

    /// Names of the sheets the tool adds.
    pub fn sheet_names(self) -> [&'static str; 4] {
        M::TOOL_SHEETS.map(|t| t.get(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (role as the rubric names it, English word): a known role is translated, another stays as
    /// written, and in Dutch every role stays as written.
    #[test]
    fn a_role_is_put_in_the_language() {
        let cases = [
            ("proceseigenaar", "process owner"),
            ("privacy-officer", "privacy officer"),
            ("beleidsmedewerker", "policy officer"),
            ("eigen rol", "eigen rol"),
            ("", ""),
        ];
        for (role, en) in cases {
            assert_eq!(Lang::En.role(role), en, "{role}");
            assert_eq!(Lang::Nl.role(role), role, "{role}");
        }
    }
}
