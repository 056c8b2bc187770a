//! One function per SURF criterion (docs/rubric.md#criteria): typed fields + rubric → level and a one-line reason
//! in the output language. `None` as level means unknown. Pure: no I/O, no clock.

use crate::messages as M;

use super::Context;
use crate::fields::Field;
use crate::input::record::{truncate, Amount, Record, Special, Stated};
use crate::lang::Lang;
use crate::rubric::CountBands;
use crate::value::{self, Level};

/// How much of a cell's text a reason quotes.
const QUOTED_CHARS: usize = 200;

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

/// The level word in the output language (`None` = unknown).
fn lv(lang: Lang, l: Option<Level>) -> &'static str {
    lang.level(l)
}

/// No usable input: empty, or filled but unreadable (then a finding says why).
fn no_input(rec: &Record, fields: &[Field], lang: Lang) -> Judgement {
    let what = if fields.iter().any(|f| rec.invalid.contains(f)) {
        M::UNREADABLE_INPUT.get(lang)
    } else {
        M::NOT_FILLED_IN.get(lang)
    };
    unknown([what, " → ", lv(lang, None)].concat())
}

fn given(level: Level, lang: Lang) -> Judgement {
    let what = M::LEVEL_GIVEN.get(lang);
    judged(level, [what, " → ", lv(lang, Some(level))].concat())
}

fn given_unknown(lang: Lang) -> Judgement {
    let what = M::GIVEN_UNKNOWN.get(lang);
    unknown([what, " → ", lv(lang, None)].concat())
}

/// Band a count: `1.500 betrokkenen > 1.000 → Hoog`.
fn band(n: u64, typed: Option<&str>, what: &str, bands: &CountBands, lang: Lang) -> Judgement {
    let count = counted(n, typed, lang);
    let and = M::AND.get(lang);
    if bands.high.holds(n) {
        let l = Level::High;
        judged(
            l,
            [
                &count,
                " ",
                what,
                " ",
                &bands.high.describe(lang),
                " → ",
                lv(lang, Some(l)),
            ]
            .concat(),
        )
    } else if bands.medium.holds(n) {
        let l = Level::Medium;
        let (lo, hi) = (
            bands.medium.describe(lang),
            bands.high.describe_negated(lang),
        );
        judged(
            l,
            [
                &count,
                " ",
                what,
                " ",
                &lo,
                " ",
                and,
                " ",
                &hi,
                " → ",
                lv(lang, Some(l)),
            ]
            .concat(),
        )
    } else {
        let l = Level::Low;
        let below = bands.medium.describe_negated(lang);
        judged(
            l,
            [&count, " ", what, " ", &below, " → ", lv(lang, Some(l))].concat(),
        )
    }
}

fn amount(
    rec: &Record,
    field: Field,
    a: &Option<Amount>,
    bands: &CountBands,
    lang: Lang,
) -> Judgement {
    match a {
        None => no_input(rec, &[field], lang),
        Some(Amount::Unknown) => given_unknown(lang),
        Some(Amount::Level(l)) => given(*l, lang),
        Some(Amount::Count(n, typed)) => band(
            *n,
            typed.as_deref(),
            bands.unit.for_count(&bands.unit_one, *n, lang),
            bands,
            lang,
        ),
    }
}

/// A count as a reason names it: `1.500`, or with what was typed when that said more:
/// `"> 12.000" → 12.001`.
fn counted(n: u64, typed: Option<&str>, lang: Lang) -> String {
    match typed {
        Some(t) => ["\"", &truncate(t, QUOTED_CHARS), "\" → ", &lang.count(n)].concat(),
        None => lang.count(n),
    }
}

/// 1. Number of data subjects.
pub fn data_subjects(rec: &Record, cx: &Context<'_>) -> Judgement {
    let bands = &cx.rubric.data_subjects;
    amount(rec, Field::DataSubjects, &rec.data_subjects, bands, cx.lang)
}

/// 2. Volume of types of personal data; the listed categories count when the number is empty.
pub fn data_types(rec: &Record, cx: &Context<'_>) -> Judgement {
    let bands = &cx.rubric.data_types;
    if rec.data_types.is_none()
        && bands.count_categories_when_empty
        && !rec.data_categories.is_empty()
    {
        let n = rec.data_categories.len() as u64;
        let what = M::LISTED_CATEGORIES.get(cx.lang);
        return band(n, None, what, bands, cx.lang);
    }
    amount(rec, Field::DataTypes, &rec.data_types, bands, cx.lang)
}

/// 3. Sensitivity: the highest of label, special categories and lexicon signals.
pub fn sensitivity(rec: &Record, cx: &Context<'_>) -> Judgement {
    let (rules, lang) = (&cx.rubric.sensitivity, cx.lang);
    let mut best: Option<(Level, String)> = None;
    match &rec.sensitivity {
        Some(Stated::Direct(l, _)) => return given(*l, lang),
        Some(Stated::Level(l, text)) => {
            raise(&mut best, *l, lang, || ["label \"", text, "\""].concat())
        }
        Some(Stated::Unknown) | None => {}
    }
    let special = M::SPECIAL_CATEGORIES_OF_DATA.get(lang);
    let mut special_items: &[String] = &[];
    match &rec.special_categories {
        Some(Special::Yes) => {
            let yes = M::YES.get(lang);
            raise(&mut best, rules.special_categories_level, lang, || {
                [special, ": ", yes].concat()
            });
        }
        Some(Special::Items(items)) if !items.is_empty() => {
            // A reason quotes the cell, but not a whole maximal one.
            raise(&mut best, rules.special_categories_level, lang, || {
                [special, ": ", &truncate(&items.join(", "), QUOTED_CHARS)].concat()
            });
            special_items = items;
        }
        _ => {}
    }
    // Once the best signal is at the level a term would give, no item can change it.
    let term_max = rules.special_terms_level.max(rules.sensitive_terms_level);
    for item in rec.data_categories.iter().chain(special_items) {
        if best.as_ref().is_some_and(|(l, _)| *l >= term_max) {
            break;
        }
        let hits = rules.lexicon.find(&crate::lexicon::normalize(item));
        if hits.iter().any(|h| h.tag == crate::rubric::SPECIAL) {
            let kind = M::SPECIAL_CATEGORY_DATA.get(lang);
            raise(&mut best, rules.special_terms_level, lang, || {
                [&truncate(item, QUOTED_CHARS), " → ", kind].concat()
            });
        } else if hits.iter().any(|h| h.tag == crate::rubric::SENSITIVE) {
            let kind = M::SENSITIVE_DATA.get(lang);
            raise(&mut best, rules.sensitive_terms_level, lang, || {
                [&truncate(item, QUOTED_CHARS), " → ", kind].concat()
            });
        }
    }
    if let Some((level, reason)) = best {
        return judged(level, reason);
    }
    let filled = matches!(rec.sensitivity, Some(Stated::Level(..)))
        || rec.special_categories.is_some()
        || !rec.data_categories.is_empty();
    if filled {
        let what = M::NO_SENSITIVE_DATA_LISTED.get(lang);
        judged(
            Level::Low,
            [what, " → ", lv(lang, Some(Level::Low))].concat(),
        )
    } else if rec.sensitivity == Some(Stated::Unknown) {
        given_unknown(lang)
    } else {
        no_input(rec, &[Field::Sensitivity, Field::SpecialCategories], lang)
    }
}

/// Keeps the strongest sensitivity signal; its reason is put into words only when it beats the
/// best so far.
fn raise(
    best: &mut Option<(Level, String)>,
    level: Level,
    lang: Lang,
    reason: impl FnOnce() -> String,
) {
    if best.as_ref().is_none_or(|(l, _)| level > *l) {
        *best = Some((level, [&reason(), " → ", lv(lang, Some(level))].concat()));
    }
}

/// 4. Sub-processors, with the key role for one or two.
pub fn subprocessors(rec: &Record, cx: &Context<'_>) -> Judgement {
    let (rules, lang) = (&cx.rubric.subprocessors, cx.lang);
    let (n, typed) = match &rec.subprocessors {
        None => return no_input(rec, &[Field::Subprocessors], lang),
        Some(Amount::Unknown) => return given_unknown(lang),
        Some(Amount::Level(l)) => return given(*l, lang),
        Some(Amount::Count(n, typed)) => (*n, typed.as_deref()),
    };
    let unit = rules.unit.for_count(&rules.unit_one, n, lang);
    let (level, detail) = if n == 0 {
        (rules.zero_level, String::new())
    } else if rules.high.holds(n) {
        (Level::High, [" ", &rules.high.describe(lang)].concat())
    } else {
        match rec.subprocessor_key_role {
            Some(true) => (
                rules.key_role_level,
                [", ", M::WITH_KEY_ROLE.get(lang)].concat(),
            ),
            Some(false) => (
                rules.no_key_role_level,
                [", ", M::WITHOUT_KEY_ROLE.get(lang)].concat(),
            ),
            None => (
                rules.key_role_unknown_level,
                [", ", M::KEY_ROLE_NOT_FILLED_IN.get(lang)].concat(),
            ),
        }
    };
    judged(
        level,
        [
            &counted(n, typed, lang),
            " ",
            unit,
            &detail,
            " → ",
            lv(lang, Some(level)),
        ]
        .concat(),
    )
}

fn choice(rec: &Record, field: Field, stated: &Option<Stated>, lang: Lang) -> Judgement {
    match stated {
        None => no_input(rec, &[field], lang),
        Some(Stated::Unknown) => given_unknown(lang),
        Some(Stated::Level(l, text)) | Some(Stated::Direct(l, text)) => {
            judged(*l, ["\"", text, "\" → ", lv(lang, Some(*l))].concat())
        }
    }
}

/// 5. Impact on the data subject.
pub fn impact(rec: &Record, cx: &Context<'_>) -> Judgement {
    choice(rec, Field::Impact, &rec.impact, cx.lang)
}

/// 7. Use of AI/algorithms.
pub fn ai_use(rec: &Record, cx: &Context<'_>) -> Judgement {
    choice(rec, Field::AiUse, &rec.ai_use, cx.lang)
}

/// 10. External access.
pub fn external_access(rec: &Record, cx: &Context<'_>) -> Judgement {
    choice(rec, Field::ExternalAccess, &rec.external_access, cx.lang)
}

/// 6. Exposure: given, else derived from data subjects (b), data types (s) and sensitivity (g).
pub fn exposure(
    rec: &Record,
    cx: &Context<'_>,
    b: Option<Level>,
    s: Option<Level>,
    g: Option<Level>,
) -> Judgement {
    let lang = cx.lang;
    match &rec.exposure {
        Some(Stated::Direct(l, _)) | Some(Stated::Level(l, _)) => return given(*l, lang),
        Some(Stated::Unknown) => return given_unknown(lang),
        None => {}
    }
    let inputs = [
        M::DERIVED.get(lang),
        ": ",
        M::DATA_SUBJECTS.get(lang),
        " ",
        lv(lang, b),
        ", ",
        M::TYPES.get(lang),
        " ",
        lv(lang, s),
        ", ",
        M::SENSITIVITY.get(lang),
        " ",
        lv(lang, g),
    ]
    .concat();
    let (Some(b), Some(s), Some(g)) = (b, s, g) else {
        return unknown([&inputs, " → ", lv(lang, None)].concat());
    };
    let rules = &cx.rubric.exposure;
    let level = if rules.high_when.holds(g, b, s) {
        Level::High
    } else if rules.low_when.holds(g, b, s) {
        Level::Low
    } else {
        rules.otherwise
    };
    judged(level, [&inputs, " → ", lv(lang, Some(level))].concat())
}

/// 8. Complexity: given, else from processors, systems and linked databases.
pub fn complexity(rec: &Record, cx: &Context<'_>) -> Judgement {
    let lang = cx.lang;
    match &rec.complexity {
        Some(Stated::Direct(l, _)) | Some(Stated::Level(l, _)) => return given(*l, lang),
        Some(Stated::Unknown) => return given_unknown(lang),
        None => {}
    }
    let rules = &cx.rubric.complexity;
    let (v, s) = (rec.processors, rec.systems);
    if v.is_none() && s.is_none() {
        return no_input(
            rec,
            &[Field::Processors, Field::Systems, Field::Complexity],
            lang,
        );
    }
    // Counted from the named recipients or systems, the reason says so; one or more.
    let one = |n: Option<u64>| n == Some(1);
    let processors = match (rec.counted_from_lists.0, one(v)) {
        (true, true) => M::NAMED_PROCESSOR.get(lang),
        (true, false) => M::NAMED_PROCESSORS.get(lang),
        (false, true) => M::PROCESSOR.get(lang),
        (false, false) => M::PROCESSORS.get(lang),
    };
    let systems = match (rec.counted_from_lists.1, one(s)) {
        (true, true) => M::NAMED_SYSTEM.get(lang),
        (true, false) => M::NAMED_SYSTEMS.get(lang),
        (false, true) => M::SYSTEM.get(lang),
        (false, false) => M::SYSTEMS.get(lang),
    };
    let (mut level, mut reason) = match (v, s) {
        (Some(v), _) if rules.processors_high.holds(v) => (
            Level::High,
            [
                &lang.count(v),
                " ",
                processors,
                " ",
                &rules.processors_high.describe(lang),
            ]
            .concat(),
        ),
        (_, Some(s)) if rules.systems_medium.holds(s) => (
            Level::Medium,
            [
                &lang.count(s),
                " ",
                systems,
                " ",
                &rules.systems_medium.describe(lang),
            ]
            .concat(),
        ),
        _ => {
            let parts: Vec<String> = [
                s.map(|s| [&lang.count(s), " ", systems].concat()),
                v.map(|v| [&lang.count(v), " ", processors].concat()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (Level::Low, parts.join(", "))
        }
    };
    if rec.linked_databases == Some(true) && level < rules.linked_databases_level {
        level = rules.linked_databases_level;
        reason.push_str(M::PLUS_LINKED_DATABASES.get(lang));
    }
    judged(level, [&reason, " → ", lv(lang, Some(level))].concat())
}

/// 9. Staff with access, raised by sensitivity and lowered by masking everywhere.
pub fn staff_access(rec: &Record, cx: &Context<'_>, g: Option<Level>) -> Judgement {
    let (rules, lang) = (&cx.rubric.staff_access, cx.lang);
    let bands = &rules.bands;
    let (n, typed) = match &rec.staff_access {
        None => return no_input(rec, &[Field::StaffAccess], lang),
        Some(Amount::Unknown) => return given_unknown(lang),
        Some(Amount::Level(l)) => return given(*l, lang),
        Some(Amount::Count(n, typed)) => (*n, typed.as_deref()),
    };
    let unit = bands.unit.for_count(&bands.unit_one, n, lang);
    if !bands.medium.holds(n) {
        // At most the low band: low whatever the sensitivity (SURF: "maximaal twee medewerkers").
        return band(n, typed, unit, bands, lang);
    }
    let count = counted(n, typed, lang);
    let (mut level, mut reason) = if bands.high.holds(n) {
        (
            Level::High,
            [&count, " ", unit, " ", &bands.high.describe(lang)].concat(),
        )
    } else {
        let and = M::AND.get(lang);
        let hi = bands.high.describe_negated(lang);
        let lo = bands.medium.describe(lang);
        (
            Level::Medium,
            [&count, " ", unit, " ", &lo, " ", and, " ", &hi].concat(),
        )
    };
    if rules.sensitivity_raises {
        if let Some(g) = g.filter(|g| *g > level && *g >= Level::Medium) {
            level = g;
            let what = M::SENSITIVITY.get(lang);
            for part in [", ", what, " ", lv(lang, Some(g))] {
                reason.push_str(part);
            }
        }
    }
    if rec.masking == Some(value::YesNo::Yes) && rules.masking_lowers_by > 0 {
        for _ in 0..rules.masking_lowers_by {
            level = level.lowered().max(Level::Low);
        }
        reason.push_str(M::PLUS_MASKING_EVERYWHERE.get(lang));
    }
    judged(level, [&reason, " → ", lv(lang, Some(level))].concat())
}
