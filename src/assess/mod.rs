//! The assessment stage: a parsed `Record` and the rubric in, an `Assessment` out — levels with
//! reasons for the 10 criteria, score and class (SPEC §5.1), the DPIA outcome with the two-sided
//! treatment of unknowns (§5.2), flags and the applicable measures (§6.2). Pure: the reference date
//! for `review_due` is passed in, so the same inputs always give the same assessment.

pub mod criteria;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::fields::Criterion;
use crate::input::record::{Finding, Record};
use crate::lang::Lang;
use crate::rubric::{Rubric, Trigger};
use crate::value::Level;
use criteria::Judgement;

/// The DPIA outcome (SPEC §2).
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

    /// Dutch label.
    pub fn dutch(self) -> &'static str {
        match self {
            Outcome::Required => "DPIA verplicht",
            Outcome::Recommended => "DPIA aanbevolen",
            Outcome::NotRequired => "Geen DPIA nodig",
            Outcome::Incomplete => "Onvolledig",
        }
    }
}

/// A signal on a row (SPEC §2).
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
}

impl Flag {
    /// Every flag.
    pub const ALL: [Flag; 4] = [
        Flag::DpiaMissing,
        Flag::ReviewDue,
        Flag::Changed,
        Flag::Escalated,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Flag::DpiaMissing => "dpia_missing",
            Flag::ReviewDue => "review_due",
            Flag::Changed => "changed",
            Flag::Escalated => "escalated",
        }
    }

    /// Dutch label for the `Signalen` column.
    pub fn dutch(self) -> &'static str {
        match self {
            Flag::DpiaMissing => "DPIA ontbreekt",
            Flag::ReviewDue => "herbeoordeling nodig",
            Flag::Changed => "gewijzigd",
            Flag::Escalated => "risico gestegen",
        }
    }
}

/// Everything the tool concludes about one row.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// 1-based row number.
    pub row: u32,
    /// Activity id.
    pub id: Option<String>,
    /// Activity name.
    pub name: Option<String>,
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
    /// Risk class: low, medium or high.
    pub class: Level,
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
    /// The match key of this activity in the `--previous` run, if it was there.
    pub previous: Option<String>,
    /// The reasons as the workbook shows them (one line per criterion, then the advice), made on
    /// the scoring threads when the output is a workbook; empty otherwise.
    pub explanation: String,
}

impl Assessment {
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
    let b = criteria::data_subjects(&rec, cx);
    let s = criteria::data_types(&rec, cx);
    let g = criteria::sensitivity(&rec, cx);
    let exposure = criteria::exposure(&rec, cx, b.level, s.level, g.level);
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
    let class = class_of(tally, r);
    let scan = Scan {
        ap: rec.ap_list.len() as u32,
        edpb: rec.edpb_criteria.len() as u32,
    };
    let mut findings = std::mem::take(&mut rec.findings);
    let (outcome, outcome_reason) = decide(&levels, class, tally, scan, &rec, cx, &mut findings);

    let mut flags = Vec::new();
    if matches!(outcome, Outcome::Required | Outcome::Recommended) && rec.dpia_done != Some(true) {
        flags.push(Flag::DpiaMissing);
    }
    if let Some(last) = rec.last_review {
        let due = last.checked_add_months(Months::new(r.meta.review_after_months));
        if due.is_some_and(|d| d < cx.today) {
            flags.push(Flag::ReviewDue);
        }
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

    Assessment {
        row: rec.row,
        id: rec.id,
        name: rec.name,
        judgements,
        score: tally.score,
        max_score: r.max_score(),
        high_count: tally.high_count,
        unknown_count: levels.iter().filter(|l| l.is_none()).count() as u32,
        class,
        outcome,
        outcome_reason,
        flags,
        measures,
        findings,
        changes: Vec::new(),
        previous: None,
        explanation: String::new(),
    }
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

/// SPEC §5.1.
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

/// SPEC §5.2 for known levels: the outcome and its reason.
fn outcome_of(
    class: Level,
    t: Tally,
    scan: Scan,
    rec: &Record,
    cx: &Context<'_>,
) -> (Outcome, String) {
    let (r, lang) = (cx.rubric, cx.lang);
    let o = &r.outcome;
    let ap_names = || names(&rec.ap_list, &r.ap_list);
    let edpb_names = || names(&rec.edpb_criteria, &r.edpb_criteria);
    let class_text = format!(
        "{} {} ({}× {}, score {}/{})",
        lang.word("risicoklasse", "risk class"),
        lang.level(Some(class)),
        t.high_count,
        lang.level(Some(Level::High)),
        t.score,
        t.max_score
    );
    let to = |o: Outcome| format!("→ {}", lang.outcome(o));
    if o.required_min_ap > 0 && scan.ap >= o.required_min_ap {
        let what = lang.word("AP-lijst", "AP list");
        return (
            Outcome::Required,
            format!("{what}: {} {}", ap_names(), to(Outcome::Required)),
        );
    }
    if o.required_min_edpb > 0 && scan.edpb >= o.required_min_edpb {
        let what = lang.word("EDPB-criteria", "EDPB criteria");
        return (
            Outcome::Required,
            format!(
                "{} {what} ({}) ≥ {} {}",
                scan.edpb,
                edpb_names(),
                o.required_min_edpb,
                to(Outcome::Required)
            ),
        );
    }
    if o.recommended_classes.contains(&class) {
        return (
            Outcome::Recommended,
            format!("{class_text} {}", to(Outcome::Recommended)),
        );
    }
    if o.recommended_min_edpb > 0 && scan.edpb >= o.recommended_min_edpb {
        let what = lang.word("EDPB-criterium", "EDPB criterion");
        return (
            Outcome::Recommended,
            format!("{what}: {} {}", edpb_names(), to(Outcome::Recommended)),
        );
    }
    let (no_ap, edpb) = (
        lang.word("geen AP-categorie", "no AP category"),
        lang.word("EDPB-criteria", "EDPB criteria"),
    );
    (
        Outcome::NotRequired,
        format!(
            "{no_ap}, {} {edpb}, {class_text} {}",
            scan.edpb,
            to(Outcome::NotRequired)
        ),
    )
}

fn names(numbers: &[u8], items: &[crate::rubric::ScanItem]) -> String {
    numbers
        .iter()
        .map(|n| match items.iter().find(|i| i.number == *n) {
            Some(i) => format!("{n} {}", i.name),
            None => n.to_string(),
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

/// The outcome with every unknown at `with` its level.
fn outcome_filled(
    levels: &[Option<Level>; 10],
    with: impl Fn(Criterion) -> Level,
    scan: Scan,
    rec: &Record,
    cx: &Context<'_>,
) -> Outcome {
    let filled = fill(levels, with);
    let t = tally(&filled, cx.rubric);
    outcome_of(class_of(t, cx.rubric), t, scan, rec, cx).0
}

/// The outcome, computed at both extremes of the unknowns (SPEC §5.2).
fn decide(
    levels: &[Option<Level>; 10],
    class: Level,
    t: Tally,
    scan: Scan,
    rec: &Record,
    cx: &Context<'_>,
    findings: &mut Vec<Finding>,
) -> (Outcome, String) {
    let (r, lang) = (cx.rubric, cx.lang);
    let unknowns: Vec<Criterion> = Criterion::ALL
        .into_iter()
        .filter(|c| levels[c.index()].is_none())
        .collect();
    if unknowns.is_empty() {
        return outcome_of(class, t, scan, rec, cx);
    }
    let low = outcome_filled(levels, lowest, scan, rec, cx);
    let high = outcome_filled(levels, |_| Level::High, scan, rec, cx);
    let label = |c: &Criterion| lang.criterion(*c, r).to_string();
    if low == high {
        let filled = fill(levels, lowest);
        let lt = tally(&filled, r);
        let (_, reason) = outcome_of(class_of(lt, r), lt, scan, rec, cx);
        let list = unknowns.iter().map(label).collect::<Vec<_>>().join(", ");
        let message = match lang {
            Lang::Nl => format!("onbekend: {list}; het DPIA-advies hangt er niet van af"),
            Lang::En => format!("unknown: {list}; the DPIA advice does not depend on it"),
        };
        findings.push(Finding {
            cell: String::new(),
            column: String::new(),
            value: String::new(),
            message,
        });
        let reason = match lang {
            Lang::Nl => format!(
                "met onbekend ({list}) op het laagste niveau: {reason}; op Hoog hetzelfde advies"
            ),
            Lang::En => format!(
                "with unknown ({list}) at the lowest level: {reason}; the same advice at High"
            ),
        };
        return (low, reason);
    }
    // Which unknowns could change it on their own; if none alone, all of them together.
    let mut deciders: Vec<Criterion> = unknowns
        .iter()
        .copied()
        .filter(|c| {
            let with = |x: Criterion| if x == *c { Level::High } else { lowest(x) };
            outcome_filled(levels, with, scan, rec, cx) != low
        })
        .collect();
    if deciders.is_empty() {
        deciders = unknowns;
    }
    let list = deciders.iter().map(label).collect::<Vec<_>>().join(", ");
    let (lo, hi) = (lang.outcome(low), lang.outcome(high));
    let reason = match lang {
        Lang::Nl => format!(
            "onvolledig: het advies ligt tussen \"{lo}\" en \"{hi}\", afhankelijk van: {list}"
        ),
        Lang::En => format!(
            "incomplete: the advice lies between \"{lo}\" and \"{hi}\", depending on: {list}"
        ),
    };
    (Outcome::Incomplete, reason)
}

#[cfg(test)]
mod tests;
