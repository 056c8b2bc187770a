//! The assessment stage: a parsed `Record` and the rubric in, an `Assessment` out — levels with
//! reasons for the 10 criteria, score and class (docs/output.md#score-class-and-advice), the DPIA outcome with the two-sided
//! treatment of unknowns (docs/output.md#score-class-and-advice), flags and the applicable measures (docs/output.md#maatregelen). Pure: the reference date
//! for `review_due` is passed in, so the same inputs always give the same assessment.

use crate::messages as M;

pub mod criteria;
pub mod derive;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::fields::Criterion;
use crate::finding::Finding;
use crate::input::record::Record;
use crate::lang::Lang;
use crate::rubric::{Rubric, Trigger};
use crate::value::Level;
use criteria::Judgement;

/// The DPIA outcome (docs/output.md#score-class-and-advice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// No DPIA needed.
    NotRequired,
    /// DPIA recommended.
    Recommended,
    /// DPIA required.
    Required,
    /// The unknowns could change the outcome.
    Incomplete,
}

impl Outcome {
    /// All outcomes in report order.
    pub const ALL: [Outcome; 4] = [
        Outcome::Required,
        Outcome::Recommended,
        Outcome::NotRequired,
        Outcome::Incomplete,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Required => "required",
            Outcome::Recommended => "recommended",
            Outcome::NotRequired => "not_required",
            Outcome::Incomplete => "incomplete",
        }
    }
}

/// A signal on a row (docs/output.md#score-class-and-advice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Outcome required or recommended and no DPIA recorded.
    DpiaMissing,
    /// Last review older than the rubric's interval.
    ReviewDue,
    /// Inputs differ from the `--previous` run.
    Changed,
    /// Outcome or class went up since the `--previous` run.
    Escalated,
    /// Something was derived from the register's text (docs/rubric.md#derive): to confirm.
    Derived,
    /// The register names a transfer outside the EU/EEA.
    Transfer,
    /// The register's own DPIA judgement (`DPIA vereist`) differs from the outcome.
    JudgementDiffers,
    /// An incomplete row whose text and values give no signal at all: to confirm in bulk.
    NoSignals,
}

impl Flag {
    /// Every flag.
    pub const ALL: [Flag; 8] = [
        Flag::DpiaMissing,
        Flag::ReviewDue,
        Flag::Changed,
        Flag::Escalated,
        Flag::Derived,
        Flag::Transfer,
        Flag::JudgementDiffers,
        Flag::NoSignals,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Flag::DpiaMissing => "dpia_missing",
            Flag::ReviewDue => "review_due",
            Flag::Changed => "changed",
            Flag::Escalated => "escalated",
            Flag::Derived => "derived",
            Flag::Transfer => "transfer_outside_eea",
            Flag::JudgementDiffers => "dpia_judgement_differs",
            Flag::NoSignals => "no_signals",
        }
    }
}

/// What a row's text and values say towards a DPIA, with where it comes from
/// (docs/output.md#score-class-and-advice): how an incomplete row leans.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    /// How much it weighs in the ranking: an AP-list item 5, an EDPB criterion or special
    /// categories 3, a transfer outside the EU/EEA 2, a criterion at Hoog 1.
    pub weight: u8,
    /// What it is, and where from (`AP 9 cameratoezicht ← 'camerabeelden' in Doel`).
    pub text: String,
}

/// The longest label taken from a purpose or description (`Assessment::label`), in characters.
const LABEL_CHARS: usize = 80;

/// Everything the tool concludes about one row.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// 1-based row number.
    pub row: u32,
    /// Activity id.
    pub id: Option<String>,
    /// Activity name.
    pub name: Option<String>,
    /// What the lists call an activity the register names nowhere: the first line of its
    /// purpose, else of its description, shortened (`None` when it has a name).
    pub label: Option<String>,
    /// Level and reason per criterion, in `Criterion::ALL` order.
    pub judgements: [Judgement; 10],
    /// Σ weight × points (unknown = 0).
    pub score: u32,
    /// Σ weight × 3.
    pub max_score: u32,
    /// Criteria at high.
    pub high_count: u32,
    /// Criteria unknown.
    pub unknown_count: u32,
    /// Risk class: low, medium or high (with unknown criteria: the class at their lowest level).
    pub class: Level,
    /// The class at the unknowns' lowest and highest levels differ (docs/output.md#score-class-and-advice): `incomplete`.
    pub class_incomplete: bool,
    /// What the outcome depends on when it is incomplete: the unknown criteria and absent
    /// columns that could change it, in words.
    pub deciding: Vec<String>,
    /// The department or process owner, where the register gives one.
    pub department: Option<String>,
    /// DPIA outcome.
    pub outcome: Outcome,
    /// Why.
    pub outcome_reason: String,
    /// Flags.
    pub flags: Vec<Flag>,
    /// Indices into `rubric.measures` of the measures that apply.
    pub measures: Vec<usize>,
    /// Data-quality findings (from parsing, plus the unknowns note).
    pub findings: Vec<Finding>,
    /// Input changes since the `--previous` run, e.g. `Aantal betrokkenen: 800 → 5.000`.
    pub changes: Vec<String>,
    /// What the row's text and values say towards a DPIA, weightiest first.
    pub signals: Vec<Signal>,
}

impl Assessment {
    /// The sum of the signals' weights: how urgent an incomplete row is.
    pub fn signal_weight(&self) -> u32 {
        self.signals.iter().map(|s| u32::from(s.weight)).sum()
    }
}

impl Assessment {
    /// The class key: `high`, `medium`, `low` or `incomplete`.
    pub fn class_key(&self) -> &'static str {
        if self.class_incomplete {
            "incomplete"
        } else {
            self.class.key()
        }
    }

    /// The level of a criterion.
    pub fn level(&self, c: Criterion) -> Option<Level> {
        self.judgements[c.index()].level
    }
}

/// What the assessment needs besides the row: the rubric and today's date.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The rubric.
    pub rubric: &'a Rubric,
    /// Reference date for `review_due`.
    pub today: NaiveDate,
    /// Language of reasons and findings.
    pub lang: Lang,
}

/// Assess one parsed row.
pub fn assess_row(mut rec: Record, cx: &Context<'_>) -> Assessment {
    let r = cx.rubric;
    let lang = cx.lang;
    // What the register's text says (docs/rubric.md#derive); a stated value always wins.
    let mut derived = derive::scan(&rec, cx);
    let mut notes: Vec<String> = Vec::new();
    if let Some(whence) = &derived.no_subjects {
        notes.push([M::NO_SUBJECTS_FROM.get(lang), " ", whence].concat());
    }
    let masking_derived = rec.masking.is_none() && derived.masking.is_some();
    if rec.masking.is_none() {
        if let Some(whence) = &derived.masking {
            rec.masking = Some(crate::value::YesNo::Yes);
            notes.push([M::MASKING_YES_FROM.get(lang), " ", whence].concat());
        }
    }
    // Special categories named in the text (a purpose about health data, a legal basis under
    // art. 9) count where the register states none.
    let special_derived = rec.special_categories.is_none() && derived.special.is_some();
    if rec.special_categories.is_none() {
        if let Some(whence) = &derived.special {
            rec.special_categories =
                Some(crate::input::record::Special::Items(vec![whence.clone()]));
            notes.push([M::SPECIAL_YES_FROM.get(lang), " ", whence].concat());
        }
    }
    let b = criteria::data_subjects(&rec, cx);
    let s = criteria::data_types(&rec, cx);
    let g = criteria::sensitivity(&rec, cx);
    let mut exposure = criteria::exposure(&rec, cx, b.level, s.level, g.level);
    if let (Some(whence), None) = (&derived.transfer, &rec.exposure) {
        // A transfer outside the EU/EEA makes the exposure at least medium.
        if exposure.level.is_some_and(|l| l < Level::Medium) {
            let what = M::TRANSFER_OUTSIDE_EEA.get(lang);
            exposure = criteria::Judgement {
                level: Some(Level::Medium),
                reason: format!(
                    "{}; {what}: {whence} → {}",
                    exposure.reason,
                    lang.level(Some(Level::Medium))
                ),
            };
        }
    }
    let staff = criteria::staff_access(&rec, cx, g.level);
    let judgements = [
        b,
        s,
        g,
        criteria::subprocessors(&rec, cx),
        criteria::impact(&rec, cx),
        exposure,
        criteria::ai_use(&rec, cx),
        criteria::complexity(&rec, cx),
        staff,
        criteria::external_access(&rec, cx),
    ];
    let levels: [Option<Level>; 10] = std::array::from_fn(|i| judgements[i].level);
    let tally = tally(&levels, r);
    // The class with the unknowns at their lowest level (the score counts them as 0 points, but
    // a criterion that cannot be Geen is at least Laag: its lowest side can already be Midden).
    let class = class_of(tally_of(&fill(&levels, lowest), r), r);
    // A term that counts only beside other items (`[derive.only_with]`: employees are vulnerable
    // where their health, location or monitoring is at stake) counts once those are known.
    derived.settle(|tag| has_item(tag, &rec, &levels, cx));
    let mut findings = std::mem::take(&mut rec.findings);
    let used = apply_derived(&mut rec, &derived, &levels, cx, &mut findings, &mut notes);
    let scan = Scan {
        ap: rec.ap_list.len() as u32,
        edpb: rec.edpb_criteria.len() as u32,
    };
    let (outcome, mut outcome_reason, deciding) =
        decide(&levels, class, tally, scan, (&rec, &derived.pending), cx);
    // The class at both extremes of the unknowns (docs/output.md#score-class-and-advice).
    let class_incomplete = levels.iter().any(Option::is_none) && {
        let at = |with: &dyn Fn(Criterion) -> Level| class_of(tally_of(&fill(&levels, with), r), r);
        at(&lowest) != at(&|_| Level::High)
    };
    if !notes.is_empty() {
        for part in [" (", M::DERIVED.get(lang), ": ", &notes.join("; "), ")"] {
            outcome_reason.push_str(part);
        }
    }

    let mut flags = Vec::new();
    if matches!(outcome, Outcome::Required | Outcome::Recommended) && rec.dpia_done != Some(true) {
        flags.push(Flag::DpiaMissing);
    }
    if used || masking_derived || special_derived {
        flags.push(Flag::Derived);
    }
    if derived.transfer.is_some() {
        flags.push(Flag::Transfer);
    }
    if let Some(needed) = rec.dpia_needed {
        let says = matches!(outcome, Outcome::Required);
        if outcome != Outcome::Incomplete && needed != says {
            flags.push(Flag::JudgementDiffers);
        }
    }
    if let Some(last) = rec.last_review {
        let due = last.checked_add_months(Months::new(r.meta.review_after_months));
        if due.is_some_and(|d| d < cx.today) {
            flags.push(Flag::ReviewDue);
        }
    }
    let signals = signals_of(&rec, &derived, &judgements, cx);
    if outcome == Outcome::Incomplete && signals.is_empty() {
        flags.push(Flag::NoSignals);
    }
    let measures = r
        .measures
        .iter()
        .enumerate()
        .filter(|(_, m)| match &m.trigger {
            Trigger::Criterion(c, lv) => levels[c.index()].is_some_and(|l| lv.contains(&l)),
            Trigger::Flag(f) => flags.iter().any(|x| x.key() == f),
        })
        .map(|(i, _)| i)
        .collect();

    let label = if rec.name.is_none() {
        rec.texts
            .purpose
            .as_deref()
            .or(rec.texts.description.as_deref())
            .and_then(|t| t.lines().map(str::trim).find(|l| !l.is_empty()))
            .map(|l| crate::input::record::truncate(l, LABEL_CHARS).into_owned())
    } else {
        None
    };
    Assessment {
        row: rec.row,
        id: rec.id,
        name: rec.name,
        label,
        judgements,
        score: tally.score,
        max_score: r.max_score(),
        high_count: tally.high_count,
        unknown_count: levels.iter().filter(|l| l.is_none()).count() as u32,
        class,
        class_incomplete,
        deciding,
        department: rec.texts.department.take(),
        outcome,
        outcome_reason,
        flags,
        measures,
        findings,
        changes: Vec::new(),
        signals,
    }
}

/// What a row's text and values say towards a DPIA (SPEC-wise: how an incomplete row leans):
/// its AP-list items and EDPB criteria (stated or derived, with the word they came from),
/// special categories, a transfer outside the EU/EEA, and each criterion at Hoog; weightiest
/// first.
fn signals_of(
    rec: &Record,
    derived: &derive::Derived,
    judgements: &[Judgement; 10],
    cx: &Context<'_>,
) -> Vec<Signal> {
    let (r, lang) = (cx.rubric, cx.lang);
    let mut out = Vec::new();
    for (items, found, list, what, weight) in [
        (&rec.ap_list, &derived.ap, &r.ap_list, "AP", 5u8),
        (
            &rec.edpb_criteria,
            &derived.edpb,
            &r.edpb_criteria,
            "EDPB",
            3,
        ),
    ] {
        for n in items {
            let name = list
                .iter()
                .find(|i| i.number == *n)
                .map_or("", |i| i.name_in(lang));
            let mut number = itoa::Buffer::new();
            let number = number.format(*n);
            let text = match found.iter().find(|(m, _)| m == n) {
                Some((_, whence)) => [what, " ", number, " ", name, " ← ", whence].concat(),
                None => [what, " ", number, " ", name].concat(),
            };
            out.push(Signal { weight, text });
        }
    }
    if let Some(crate::input::record::Special::Items(items)) = &rec.special_categories {
        if let Some(first) = items.first() {
            out.push(Signal {
                weight: 3,
                text: [M::SPECIAL_CATEGORIES.get(lang), ": ", first].concat(),
            });
        }
    } else if rec.special_categories == Some(crate::input::record::Special::Yes) {
        out.push(Signal {
            weight: 3,
            text: M::SPECIAL_CATEGORIES.get(lang).into(),
        });
    }
    if let Some(whence) = &derived.transfer {
        out.push(Signal {
            weight: 2,
            text: [M::TRANSFER_OUTSIDE_EEA.get(lang), " ← ", whence].concat(),
        });
    }
    for (c, j) in Criterion::ALL.iter().zip(judgements) {
        if j.level == Some(Level::High) {
            out.push(Signal {
                weight: 1,
                text: [lang.criterion(*c, r), " ", lang.level(Some(Level::High))].concat(),
            });
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.weight));
    out
}

/// Merge the derived AP-list items and EDPB criteria into the row where the register states
/// nothing for them; where it does, each derived item it leaves out is a finding. EDPB criteria
/// that follow from known levels are derived too. Returns whether a derived item was used; the
/// items used and where they came from go into `notes`.
fn apply_derived(
    rec: &mut Record,
    derived: &derive::Derived,
    levels: &[Option<Level>; 10],
    cx: &Context<'_>,
    findings: &mut Vec<Finding>,
    notes: &mut Vec<String>,
) -> bool {
    let (r, lang) = (cx.rubric, cx.lang);
    let rules = &r.derive;
    let mut edpb = derived.edpb.clone();
    if rules.edpb_from_levels {
        let level = |c: Criterion| levels[c.index()];
        // The reason is put into words only for an item that is added.
        let mut from_level = |n: u8, holds: bool, why: &dyn Fn() -> String| {
            if holds && !edpb.iter().any(|(m, _)| *m == n) {
                let at = edpb.partition_point(|(m, _)| *m < n);
                edpb.insert(at, (n, why()));
            }
        };
        let high = lang.level(Some(Level::High));
        from_level(
            4,
            level(Criterion::Sensitivity) == Some(Level::High),
            &|| [lang.criterion(Criterion::Sensitivity, r), " ", high].concat(),
        );
        let large = match (&rec.data_subjects, rules.large_scale) {
            (Some(crate::input::record::Amount::Count(n, _)), Some(t)) => t
                .holds(*n)
                .then(|| [&lang.count(*n), " ", M::DATA_SUBJECTS.get(lang)].concat()),
            _ => None,
        };
        from_level(5, large.is_some(), &|| large.clone().unwrap_or_default());
        from_level(6, rec.linked_databases == Some(true), &|| {
            M::LINKED_DATABASES.get(lang).to_string()
        });
        from_level(8, level(Criterion::AiUse) == Some(Level::High), &|| {
            [lang.criterion(Criterion::AiUse, r), " ", high].concat()
        });
    }
    let mut used = false;
    for (items, stated, found, list, what) in [
        (
            &mut rec.ap_list,
            &rec.ap_stated,
            &derived.ap,
            &r.ap_list,
            M::AP.get(lang),
        ),
        (
            &mut rec.edpb_criteria,
            &rec.edpb_stated,
            &edpb,
            &r.edpb_criteria,
            "EDPB",
        ),
    ] {
        for (n, whence) in found {
            let name = list
                .iter()
                .find(|i| i.number == *n)
                .map_or_else(String::new, |i| i.name_in(lang).to_string());
            if let Some((cell, column, value)) = stated {
                if !items.contains(n) {
                    findings.push(Finding {
                        cell: cell.clone(),
                        column: column.clone(),
                        value: value.clone(),
                        message: M::POSSIBLY_ALSO.with(lang, &[&what, n, &name, whence]),
                    });
                }
            } else if !items.contains(n) {
                items.push(*n);
                items.sort_unstable();
                let mut number = itoa::Buffer::new();
                notes.push([what, " ", number.format(*n), " ", &name, " ← ", whence].concat());
                used = true;
            }
        }
    }
    used
}

#[derive(Debug, Clone, Copy)]
struct Tally {
    score: u32,
    high_count: u32,
    max_score: u32,
}

#[derive(Debug, Clone, Copy)]
struct Scan {
    ap: u32,
    edpb: u32,
}

fn tally_of(levels: &[Option<Level>; 10], r: &Rubric) -> Tally {
    tally(levels, r)
}

fn tally(levels: &[Option<Level>; 10], r: &Rubric) -> Tally {
    let mut t = Tally {
        score: 0,
        high_count: 0,
        max_score: r.max_score(),
    };
    for (i, l) in levels.iter().enumerate() {
        if let Some(l) = l {
            t.score += r.weights[i] * l.points();
            t.high_count += u32::from(*l == Level::High);
        }
    }
    t
}

/// docs/output.md#score-class-and-advice.
fn class_of(t: Tally, r: &Rubric) -> Level {
    let c = &r.class;
    let at_least = |fraction: f64| f64::from(t.score) >= fraction * f64::from(t.max_score) - 1e-9;
    if t.high_count >= c.high_min_high_count || at_least(c.high_min_score_fraction) {
        Level::High
    } else if t.high_count >= c.medium_min_high_count || at_least(c.medium_min_score_fraction) {
        Level::Medium
    } else {
        Level::Low
    }
}

/// Which rule of docs/output.md#score-class-and-advice decides a row with known levels (the
/// rules in their order; the reason is put into words only where it is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// An AP-list item: required.
    Ap,
    /// Enough EDPB criteria: required.
    EdpbRequired,
    /// The risk class: recommended.
    Class,
    /// An EDPB criterion: recommended.
    EdpbRecommended,
    /// None of these: not required.
    Nothing,
}

impl Basis {
    fn of(class: Level, scan: Scan, cx: &Context<'_>) -> Basis {
        let o = &cx.rubric.outcome;
        if o.required_min_ap > 0 && scan.ap >= o.required_min_ap {
            Basis::Ap
        } else if o.required_min_edpb > 0 && scan.edpb >= o.required_min_edpb {
            Basis::EdpbRequired
        } else if o.recommended_classes.contains(&class) {
            Basis::Class
        } else if o.recommended_min_edpb > 0 && scan.edpb >= o.recommended_min_edpb {
            Basis::EdpbRecommended
        } else {
            Basis::Nothing
        }
    }

    fn outcome(self) -> Outcome {
        match self {
            Basis::Ap | Basis::EdpbRequired => Outcome::Required,
            Basis::Class | Basis::EdpbRecommended => Outcome::Recommended,
            Basis::Nothing => Outcome::NotRequired,
        }
    }
}

/// docs/output.md#score-class-and-advice for known levels: the outcome and its reason.
fn outcome_of(
    class: Level,
    t: Tally,
    scan: Scan,
    rec: &Record,
    cx: &Context<'_>,
) -> (Outcome, String) {
    let (r, lang) = (cx.rubric, cx.lang);
    let o = &r.outcome;
    let basis = Basis::of(class, scan, cx);
    let outcome = basis.outcome();
    let class_text = || {
        let (mut high, mut score, mut max) = (
            itoa::Buffer::new(),
            itoa::Buffer::new(),
            itoa::Buffer::new(),
        );
        [
            M::RISK_CLASS.get(lang),
            " ",
            lang.level(Some(class)),
            " (",
            high.format(t.high_count),
            "× ",
            lang.level(Some(Level::High)),
            ", score ",
            score.format(t.score),
            "/",
            max.format(t.max_score),
            ")",
        ]
        .concat()
    };
    let to = ["→ ", lang.outcome(outcome)].concat();
    let mut edpb_count = itoa::Buffer::new();
    let edpb_count = edpb_count.format(scan.edpb);
    let reason = match basis {
        Basis::Ap => {
            let what = M::AP_LIST.get(lang);
            let names = names(&rec.ap_list, &r.ap_list, lang);
            [what, ": ", &names, " ", &to].concat()
        }
        Basis::EdpbRequired => {
            let what = M::EDPB_CRITERIA.get(lang);
            let names = names(&rec.edpb_criteria, &r.edpb_criteria, lang);
            let mut min = itoa::Buffer::new();
            let min = min.format(o.required_min_edpb);
            [edpb_count, " ", what, " (", &names, ") ≥ ", min, " ", &to].concat()
        }
        Basis::Class => [&class_text(), " ", &to].concat(),
        Basis::EdpbRecommended => {
            let what = M::EDPB_CRITERION.get(lang);
            let names = names(&rec.edpb_criteria, &r.edpb_criteria, lang);
            [what, ": ", &names, " ", &to].concat()
        }
        Basis::Nothing => {
            let (no_ap, edpb) = (M::NO_AP_CATEGORY.get(lang), M::EDPB_CRITERIA.get(lang));
            [
                no_ap,
                ", ",
                edpb_count,
                " ",
                edpb,
                ", ",
                &class_text(),
                " ",
                &to,
            ]
            .concat()
        }
    };
    (outcome, reason)
}

fn names(numbers: &[u8], items: &[crate::rubric::ScanItem], lang: Lang) -> String {
    numbers
        .iter()
        .map(|n| match items.iter().find(|i| i.number == *n) {
            Some(i) => [itoa::Buffer::new().format(*n), " ", i.name_in(lang)].concat(),
            None => itoa::Buffer::new().format(*n).to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn lowest(c: Criterion) -> Level {
    if c.allows_none() {
        Level::None
    } else {
        Level::Low
    }
}

fn fill(levels: &[Option<Level>; 10], with: impl Fn(Criterion) -> Level) -> [Option<Level>; 10] {
    std::array::from_fn(|i| Some(levels[i].unwrap_or_else(|| with(Criterion::ALL[i]))))
}

/// The outcome with every unknown at `with` its level: a complete evaluation of that side, the
/// EDPB criteria that follow from levels (sensitivity Hoog: 4; AI Hoog: 8) derived again from
/// the filled levels, as they are from known ones.
fn outcome_filled(
    levels: &[Option<Level>; 10],
    with: impl Fn(Criterion) -> Level,
    scan: Scan,
    row: Row<'_>,
    cx: &Context<'_>,
) -> Outcome {
    let filled = fill(levels, with);
    let t = tally(&filled, cx.rubric);
    let (ap, edpb) = from_filled(levels, &filled, row, cx);
    let scan = Scan {
        ap: scan.ap + ap,
        edpb: scan.edpb + edpb,
    };
    Basis::of(class_of(t, cx.rubric), scan, cx).outcome()
}

/// A row and the items of its `[derive.only_with]` terms that wait for a companion.
type Row<'a> = (&'a Record, &'a [(u32, String, Vec<u32>)]);

/// Whether the row has the AP-list item or EDPB criterion of `tag`: stated in the register, or
/// an EDPB criterion that follows from its known levels. (Items derived from its text are
/// asked of `Derived` itself.)
fn has_item(tag: u32, rec: &Record, levels: &[Option<Level>; 10], cx: &Context<'_>) -> bool {
    use crate::rubric::{DERIVE_AP, DERIVE_EDPB, SENSITIVITY_HIGH};
    let n = (tag % 1000) as u8;
    if tag == SENSITIVITY_HIGH {
        return levels[Criterion::Sensitivity.index()] == Some(Level::High);
    }
    match tag / 1000 {
        DERIVE_AP => rec.ap_list.contains(&n),
        DERIVE_EDPB => {
            rec.edpb_criteria.contains(&n)
                || (cx.rubric.derive.edpb_from_levels
                    && match n {
                        4 => levels[Criterion::Sensitivity.index()] == Some(Level::High),
                        6 => rec.linked_databases == Some(true),
                        8 => levels[Criterion::AiUse.index()] == Some(Level::High),
                        _ => false,
                    })
        }
        _ => false,
    }
}

/// The AP-list items and EDPB criteria an unknown criterion's filled level gives that the row
/// does not have yet (where the register states no EDPB criteria and the rubric derives them
/// from levels): EDPB 4 and 8 themselves, and the items of `[derive.only_with]` terms that wait
/// for one of them.
fn from_filled(
    known: &[Option<Level>; 10],
    filled: &[Option<Level>; 10],
    row: Row<'_>,
    cx: &Context<'_>,
) -> (u32, u32) {
    use crate::rubric::{DERIVE_AP, DERIVE_EDPB, SENSITIVITY_HIGH};
    let (rec, pending) = row;
    if !cx.rubric.derive.edpb_from_levels || rec.edpb_stated.is_some() {
        return (0, 0);
    }
    let new: Vec<u8> = [(4u8, Criterion::Sensitivity), (8, Criterion::AiUse)]
        .iter()
        .filter(|(n, c)| {
            known[c.index()].is_none()
                && filled[c.index()] == Some(Level::High)
                && !rec.edpb_criteria.contains(n)
        })
        .map(|(n, _)| *n)
        .collect();
    let (mut ap, mut edpb) = (0u32, new.len() as u32);
    for (tag, _, with) in pending {
        let sensitivity = Criterion::Sensitivity.index();
        let now = with.iter().any(|t| {
            (*t == SENSITIVITY_HIGH
                && known[sensitivity].is_none()
                && filled[sensitivity] == Some(Level::High))
                || (t / 1000 == DERIVE_EDPB && new.contains(&((t % 1000) as u8)))
        });
        let n = (tag % 1000) as u8;
        match tag / 1000 {
            DERIVE_AP if now && !rec.ap_list.contains(&n) => ap += 1,
            DERIVE_EDPB if now && !rec.edpb_criteria.contains(&n) => edpb += 1,
            _ => {}
        }
    }
    (ap, edpb)
}

/// The outcome, computed at both extremes of the unknowns (docs/output.md#score-class-and-advice): every unknown criterion
/// at its lowest and at its highest level, and a trigger whose column the register lacks (AP
/// list, EDPB criteria) as not applying and as applying. Returns the outcome, its reason and,
/// when it is incomplete, what could change it.
fn decide(
    levels: &[Option<Level>; 10],
    class: Level,
    t: Tally,
    scan: Scan,
    row: Row<'_>,
    cx: &Context<'_>,
) -> (Outcome, String, Vec<String>) {
    let rec = row.0;
    let (r, lang) = (cx.rubric, cx.lang);
    let o = &r.outcome;
    let unknowns: Vec<Criterion> = Criterion::ALL
        .into_iter()
        .filter(|c| levels[c.index()].is_none())
        .collect();
    // Absent is not "none": an absent column's trigger may apply.
    let ap_all = Scan {
        ap: scan.ap.max(o.required_min_ap.max(1)),
        ..scan
    };
    let edpb_all = Scan {
        edpb: scan.edpb.max(9),
        ..scan
    };
    let mut triggers: Vec<(String, Scan)> = Vec::new();
    if rec.ap_absent {
        triggers.push((M::AP_LIST.get(lang).to_string(), ap_all));
    }
    if rec.edpb_absent {
        triggers.push((M::EDPB_CRITERIA.get(lang).to_string(), edpb_all));
    }
    if unknowns.is_empty() && triggers.is_empty() {
        let (outcome, reason) = outcome_of(class, t, scan, rec, cx);
        return (outcome, reason, Vec::new());
    }
    let high_scan = triggers.iter().fold(scan, |acc, (_, s)| Scan {
        ap: acc.ap.max(s.ap),
        edpb: acc.edpb.max(s.edpb),
    });
    let low = outcome_filled(levels, lowest, scan, row, cx);
    let high = outcome_filled(levels, |_| Level::High, high_scan, row, cx);
    let label = |c: &Criterion| lang.criterion(*c, r).to_string();
    let mut unknown_names: Vec<String> = unknowns.iter().map(label).collect();
    unknown_names.extend(triggers.iter().map(|(n, _)| n.clone()));
    if low == high {
        // Decided whatever the unknowns are: the deciding fact first, the unknowns after it (no
        // finding: nothing is missing for the advice).
        let filled = fill(levels, lowest);
        let lt = tally(&filled, r);
        let (_, reason) = outcome_of(class_of(lt, r), lt, scan, rec, cx);
        let list = unknown_names.join(", ");
        let reason = M::SAME_ADVICE_AT_ANY_LEVEL.with(lang, &[&reason, &list]);
        return (low, reason, Vec::new());
    }
    // Which unknowns could change it on their own; if none alone, all of them together.
    let mut deciders: Vec<String> = unknowns
        .iter()
        .filter(|c| {
            let with = |x: Criterion| if x == **c { Level::High } else { lowest(x) };
            outcome_filled(levels, with, scan, row, cx) != low
        })
        .map(label)
        .collect();
    deciders.extend(
        triggers
            .iter()
            .filter(|(_, s)| outcome_filled(levels, lowest, *s, row, cx) != low)
            .map(|(n, _)| n.clone()),
    );
    if deciders.is_empty() {
        deciders = unknown_names;
    }
    let list = deciders.join(", ");
    let (lo, hi) = (lang.outcome(low), lang.outcome(high));
    let reason = M::ADVICE_BETWEEN.with(lang, &[&lo, &hi, &list]);
    (Outcome::Incomplete, reason, deciders)
}

#[cfg(test)]
mod tests;
