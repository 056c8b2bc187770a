//! One function per SURF criterion (SPEC §4): typed fields + rubric → level and a one-line reason.
//! `None` as level means unknown. Pure: no I/O, no clock.

use crate::fields::Field;
use crate::input::record::{Amount, Record, Special, Stated};
use crate::rubric::{CountBands, Rubric};
use crate::value::{self, Level};

/// The level of one criterion with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The level; `None` = unknown.
    pub level: Option<Level>,
    /// One line naming the input and the rule.
    pub reason: String,
}

fn judged(level: Level, reason: impl Into<String>) -> Judgement {
    Judgement {
        level: Some(level),
        reason: reason.into(),
    }
}

fn unknown(reason: impl Into<String>) -> Judgement {
    Judgement {
        level: None,
        reason: reason.into(),
    }
}

/// No usable input: empty, or filled but unreadable (then a finding says why).
fn no_input(rec: &Record, fields: &[Field]) -> Judgement {
    if fields.iter().any(|f| rec.invalid.contains(f)) {
        unknown("onleesbare invoer (zie Datakwaliteit) → Onbekend")
    } else {
        unknown("niet ingevuld → Onbekend")
    }
}

fn given(level: Level) -> Judgement {
    judged(level, format!("opgegeven niveau → {}", level.dutch()))
}

fn given_unknown() -> Judgement {
    unknown("opgegeven: onbekend → Onbekend")
}

/// Band a count: `1.500 betrokkenen > 1.000 → Hoog`.
fn band(n: u64, what: &str, bands: &CountBands) -> Judgement {
    let count = value::format_count(n);
    if bands.high.holds(n) {
        judged(Level::High, format!("{count} {what} {} → Hoog", bands.high))
    } else if bands.medium.holds(n) {
        judged(
            Level::Medium,
            format!(
                "{count} {what} {} en {} → Midden",
                bands.medium,
                bands.high.describe_negated()
            ),
        )
    } else {
        judged(
            Level::Low,
            format!("{count} {what} {} → Laag", bands.medium.describe_negated()),
        )
    }
}

fn amount(rec: &Record, field: Field, a: Option<Amount>, bands: &CountBands) -> Judgement {
    match a {
        None => no_input(rec, &[field]),
        Some(Amount::Unknown) => given_unknown(),
        Some(Amount::Level(l)) => given(l),
        Some(Amount::Count(n)) => band(n, &bands.unit.nl, bands),
    }
}

/// 1. Number of data subjects.
pub fn data_subjects(rec: &Record, rubric: &Rubric) -> Judgement {
    amount(
        rec,
        Field::DataSubjects,
        rec.data_subjects,
        &rubric.data_subjects,
    )
}

/// 2. Volume of types of personal data; the listed categories count when the number is empty.
pub fn data_types(rec: &Record, rubric: &Rubric) -> Judgement {
    let bands = &rubric.data_types;
    if rec.data_types.is_none()
        && bands.count_categories_when_empty
        && !rec.data_categories.is_empty()
    {
        let n = rec.data_categories.len() as u64;
        return band(n, "genoemde categorieën", bands);
    }
    amount(rec, Field::DataTypes, rec.data_types, bands)
}

/// 3. Sensitivity: the highest of label, special categories and lexicon signals.
pub fn sensitivity(rec: &Record, rubric: &Rubric) -> Judgement {
    let rules = &rubric.sensitivity;
    let mut best: Option<(Level, String)> = None;
    let mut consider = |level: Level, reason: String| {
        if best.as_ref().is_none_or(|(l, _)| level > *l) {
            best = Some((level, reason));
        }
    };
    match &rec.sensitivity {
        Some(Stated::Direct(l, _)) => return given(*l),
        Some(Stated::Level(l, text)) => consider(*l, format!("label \"{text}\" → {}", l.dutch())),
        Some(Stated::Unknown) | None => {}
    }
    let mut special_items: &[String] = &[];
    match &rec.special_categories {
        Some(Special::Yes) => {
            let l = rules.special_categories_level;
            consider(
                l,
                format!("bijzondere persoonsgegevens: ja → {}", l.dutch()),
            );
        }
        Some(Special::Items(items)) if !items.is_empty() => {
            let l = rules.special_categories_level;
            consider(
                l,
                format!(
                    "bijzondere persoonsgegevens: {} → {}",
                    items.join(", "),
                    l.dutch()
                ),
            );
            special_items = items;
        }
        _ => {}
    }
    for item in rec.data_categories.iter().chain(special_items) {
        let norm = value::normalize(item);
        if rules
            .special_terms
            .iter()
            .any(|t| value::contains_term(&norm, t))
        {
            let l = rules.special_terms_level;
            consider(
                l,
                format!("{item} → bijzonder persoonsgegeven → {}", l.dutch()),
            );
        } else if rules
            .sensitive_terms
            .iter()
            .any(|t| value::contains_term(&norm, t))
        {
            let l = rules.sensitive_terms_level;
            consider(l, format!("{item} → gevoelig gegeven → {}", l.dutch()));
        }
    }
    if let Some((level, reason)) = best {
        return judged(level, reason);
    }
    let filled = matches!(rec.sensitivity, Some(Stated::Level(..)))
        || rec.special_categories.is_some()
        || !rec.data_categories.is_empty();
    if filled {
        judged(
            Level::Low,
            "geen gevoelige of bijzondere gegevens genoemd → Laag",
        )
    } else if rec.sensitivity == Some(Stated::Unknown) {
        given_unknown()
    } else {
        no_input(rec, &[Field::Sensitivity, Field::SpecialCategories])
    }
}

/// 4. Sub-processors, with the key role for one or two.
pub fn subprocessors(rec: &Record, rubric: &Rubric) -> Judgement {
    let rules = &rubric.subprocessors;
    let n = match rec.subprocessors {
        None => return no_input(rec, &[Field::Subprocessors]),
        Some(Amount::Unknown) => return given_unknown(),
        Some(Amount::Level(l)) => return given(l),
        Some(Amount::Count(n)) => n,
    };
    let unit = &rules.unit.nl;
    if n == 0 {
        let l = rules.zero_level;
        return judged(l, format!("0 {unit} → {}", l.dutch()));
    }
    if rules.high.holds(n) {
        return judged(Level::High, format!("{n} {unit} {} → Hoog", rules.high));
    }
    match rec.subprocessor_key_role {
        Some(true) => {
            let l = rules.key_role_level;
            judged(
                l,
                format!("{n} {unit}, met belangrijke rol → {}", l.dutch()),
            )
        }
        Some(false) => {
            let l = rules.no_key_role_level;
            judged(
                l,
                format!("{n} {unit}, zonder belangrijke rol → {}", l.dutch()),
            )
        }
        None => {
            let l = rules.key_role_unknown_level;
            judged(
                l,
                format!(
                    "{n} {unit}, rol niet ingevuld: bij twijfel hoger → {}",
                    l.dutch()
                ),
            )
        }
    }
}

fn choice(rec: &Record, field: Field, stated: &Option<Stated>) -> Judgement {
    match stated {
        None => no_input(rec, &[field]),
        Some(Stated::Unknown) => given_unknown(),
        Some(Stated::Level(l, text)) | Some(Stated::Direct(l, text)) => {
            judged(*l, format!("\"{text}\" → {}", l.dutch()))
        }
    }
}

/// 5. Impact on the data subject.
pub fn impact(rec: &Record, _rubric: &Rubric) -> Judgement {
    choice(rec, Field::Impact, &rec.impact)
}

/// 7. Use of AI/algorithms.
pub fn ai_use(rec: &Record, _rubric: &Rubric) -> Judgement {
    choice(rec, Field::AiUse, &rec.ai_use)
}

/// 10. External access.
pub fn external_access(rec: &Record, _rubric: &Rubric) -> Judgement {
    choice(rec, Field::ExternalAccess, &rec.external_access)
}

/// 6. Exposure: given, else derived from data subjects (b), data types (s) and sensitivity (g).
pub fn exposure(
    rec: &Record,
    rubric: &Rubric,
    b: Option<Level>,
    s: Option<Level>,
    g: Option<Level>,
) -> Judgement {
    match &rec.exposure {
        Some(Stated::Direct(l, _)) | Some(Stated::Level(l, _)) => return given(*l),
        Some(Stated::Unknown) => return given_unknown(),
        None => {}
    }
    let show = |l: Option<Level>| l.map_or("Onbekend", Level::dutch);
    let inputs = format!(
        "betrokkenen {}, soorten {}, gevoeligheid {}",
        show(b),
        show(s),
        show(g)
    );
    let (Some(b), Some(s), Some(g)) = (b, s, g) else {
        return unknown(format!("afgeleid: {inputs} → Onbekend"));
    };
    let rules = &rubric.exposure;
    let level = if rules.high_when.holds(g, b, s) {
        Level::High
    } else if rules.low_when.holds(g, b, s) {
        Level::Low
    } else {
        rules.otherwise
    };
    judged(level, format!("afgeleid: {inputs} → {}", level.dutch()))
}

/// 8. Complexity: given, else from processors, systems and linked databases.
pub fn complexity(rec: &Record, rubric: &Rubric) -> Judgement {
    match &rec.complexity {
        Some(Stated::Direct(l, _)) | Some(Stated::Level(l, _)) => return given(*l),
        Some(Stated::Unknown) => return given_unknown(),
        None => {}
    }
    let rules = &rubric.complexity;
    let (v, s) = (rec.processors, rec.systems);
    if v.is_none() && s.is_none() {
        return no_input(rec, &[Field::Processors, Field::Systems, Field::Complexity]);
    }
    let (mut level, mut reason) = match (v, s) {
        (Some(v), _) if rules.processors_high.holds(v) => (
            Level::High,
            format!("{v} verwerkers {}", rules.processors_high),
        ),
        (_, Some(s)) if rules.systems_medium.holds(s) => (
            Level::Medium,
            format!("{s} systemen {}", rules.systems_medium),
        ),
        _ => {
            let parts: Vec<String> = [
                s.map(|s| format!("{s} systemen")),
                v.map(|v| format!("{v} verwerkers")),
            ]
            .into_iter()
            .flatten()
            .collect();
            (Level::Low, parts.join(", "))
        }
    };
    if rec.linked_databases == Some(true) && level < rules.linked_databases_level {
        level = rules.linked_databases_level;
        reason.push_str(", gekoppelde databases");
    }
    judged(level, format!("{reason} → {}", level.dutch()))
}

/// 9. Staff with access, raised by sensitivity and lowered by masking everywhere.
pub fn staff_access(rec: &Record, rubric: &Rubric, g: Option<Level>) -> Judgement {
    let rules = &rubric.staff_access;
    let bands = &rules.bands;
    let n = match rec.staff_access {
        None => return no_input(rec, &[Field::StaffAccess]),
        Some(Amount::Unknown) => return given_unknown(),
        Some(Amount::Level(l)) => return given(l),
        Some(Amount::Count(n)) => n,
    };
    let unit = &bands.unit.nl;
    let count = value::format_count(n);
    if !bands.medium.holds(n) {
        return judged(
            Level::Low,
            format!("{count} {unit} {} → Laag", bands.medium.describe_negated()),
        );
    }
    let (mut level, mut reason) = if bands.high.holds(n) {
        (Level::High, format!("{count} {unit} {}", bands.high))
    } else {
        (
            Level::Medium,
            format!(
                "{count} {unit} {} en {}",
                bands.medium,
                bands.high.describe_negated()
            ),
        )
    };
    if rules.sensitivity_raises {
        if let Some(g) = g.filter(|g| *g > level && *g >= Level::Medium) {
            level = g;
            reason.push_str(&format!(", gevoeligheid {}", g.dutch()));
        }
    }
    if rec.masking == Some(value::YesNo::Yes) && rules.masking_lowers_by > 0 {
        for _ in 0..rules.masking_lowers_by {
            level = level.lowered().max(Level::Low);
        }
        reason.push_str(", datamaskering en exportbeperking overal");
    }
    judged(level, format!("{reason} → {}", level.dutch()))
}
