//! Output labels in the two output languages (docs/output.md#workbook: Dutch by default, English with
//! `--lang en`): added column headers, level, class and outcome words, sheet names.

use crate::assess::{Flag, Outcome};
use crate::fields::Criterion;
use crate::rubric::Rubric;
use crate::value::Level;

use crate::lang::Lang;

/// Status values of a measure, Dutch and English: open, in progress, done, not applicable, and
/// expired for a measure that no longer applies (docs/output.md#maatregelen).
pub const MEASURE_STATUSES: [(&str, &str); 5] = [
    ("open", "open"),
    ("in uitvoering", "in progress"),
    ("gerealiseerd", "done"),
    ("niet van toepassing", "not applicable"),
    ("vervallen", "expired"),
];

/// The tool's own columns on the scored sheet, in order: a level per criterion, then the result
/// columns (`Lang::result_headers`).
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

/// Index of `vervallen` / `expired` in `MEASURE_STATUSES`.
pub const EXPIRED: usize = 4;

/// Whether a typed status is status `i`, in either language.
pub fn is_status(text: &str, i: usize) -> bool {
    let t = crate::value::normalize(text);
    MEASURE_STATUSES
        .get(i)
        .is_some_and(|(nl, en)| t == *nl || t == *en)
}

impl Lang {
    /// An owner role as the rubric names it (the Algoritmekader's roles), in this language; a role
    /// the rubric does not know stays as written.
    pub fn role(self, role: &str) -> &str {
        if self == Lang::Nl {
            return role;
        }
        match role {
            "proceseigenaar" => "process owner",
            "privacy-officer" => "privacy officer",
            "security-officer" => "security officer",
            "data-engineer" => "data engineer",
            "data-scientist" => "data scientist",
            "aanbieder" => "provider",
            "jurist" => "legal counsel",
            "ethicus" => "ethicist",
            "beleidsmedewerker" => "policy officer",
            other => other,
        }
    }

    /// A measure's status (`MEASURE_STATUSES` index) in this language.
    pub fn status(self, i: usize) -> &'static str {
        MEASURE_STATUSES
            .get(i)
            .map_or("", |(nl, en)| self.word(nl, en))
    }

    /// A level word, or the unknown word for `None`.
    pub fn level(self, l: Option<Level>) -> &'static str {
        match (l, self) {
            (Some(l), Lang::Nl) => l.dutch(),
            (Some(l), Lang::En) => l.english(),
            (None, _) => self.word("Onbekend", "Unknown"),
        }
    }

    /// Outcome label.
    pub fn outcome(self, o: Outcome) -> &'static str {
        match (self, o) {
            (Lang::Nl, o) => o.dutch(),
            (Lang::En, Outcome::Required) => "DPIA required",
            (Lang::En, Outcome::Recommended) => "DPIA recommended",
            (Lang::En, Outcome::NotRequired) => "No DPIA needed",
            (Lang::En, Outcome::Incomplete) => "Incomplete",
        }
    }

    /// Flag label.
    pub fn flag(self, f: Flag) -> &'static str {
        match (self, f) {
            (Lang::Nl, f) => f.dutch(),
            (Lang::En, Flag::DpiaMissing) => "DPIA missing",
            (Lang::En, Flag::ReviewDue) => "review due",
            (Lang::En, Flag::Changed) => "changed",
            (Lang::En, Flag::Escalated) => "risk went up",
            (Lang::En, Flag::Derived) => "derived",
            (Lang::En, Flag::Transfer) => "transfer outside EU/EEA",
            (Lang::En, Flag::JudgementDiffers) => "own DPIA judgement differs",
            (Lang::En, Flag::NoSignals) => "no signals",
        }
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
        match self {
            Lang::Nl => &names.nl,
            Lang::En => &names.en,
        }
    }

    /// Header of a criterion's level column: `Niveau Aantal betrokkenen`.
    pub fn level_header(self, c: Criterion, r: &Rubric) -> String {
        format!("{} {}", self.word("Niveau", "Level"), self.criterion(c, r))
    }

    /// Headers of the added columns after the level columns.
    pub fn result_headers(self) -> [&'static str; 7] {
        match self {
            Lang::Nl => [
                "Risicoscore",
                "Risicoklasse",
                "Aantal hoog",
                "DPIA-advies",
                "Signalen",
                "Onderbouwing",
                "Datakwaliteit",
            ],
            Lang::En => [
                "Risk score",
                "Risk class",
                "High count",
                "DPIA advice",
                "Signals",
                "Rationale",
                "Data quality",
            ],
        }
    }

    /// Names of the sheets the tool adds.
    pub fn sheet_names(self) -> [&'static str; 4] {
        match self {
            Lang::Nl => ["Samenvatting", "Maatregelen", "Meldingen", "Verantwoording"],
            Lang::En => ["Summary", "Measures", "Findings", "Audit trail"],
        }
    }
}
