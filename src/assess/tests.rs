#![allow(clippy::type_complexity)]
//! Table tests of docs/rubric.md#criteria and docs/output.md#score-class-and-advice: one line per case, input → expected level, with every band
//! boundary. `H M L N` are the levels, `U` unknown.

use super::*;
use crate::input::record::{Amount, Special, Stated};
use crate::lang::Lang;
use crate::value::YesNo;

const H: Option<Level> = Some(Level::High);
const M: Option<Level> = Some(Level::Medium);
const L: Option<Level> = Some(Level::Low);
const N: Option<Level> = Some(Level::None);
const U: Option<Level> = None;

fn rubric() -> Rubric {
    Rubric::default_rubric(crate::lang::Lang::Nl).unwrap()
}

/// The Dutch assessment context of a rubric.
fn nl(r: &Rubric) -> Context<'_> {
    Context {
        rubric: r,
        today: today(),
        lang: Lang::Nl,
    }
}

fn count(n: u64) -> Option<Amount> {
    Some(Amount::Count(n, None))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A record with every criterion at a known low-ish level, to vary one thing at a time.
fn base() -> Record {
    Record {
        row: 2,
        id: Some("T-1".into()),
        name: Some("Test".into()),
        data_subjects: count(50),
        data_types: count(5),
        sensitivity: Some(Stated::Level(Level::Low, "Intern".into())),
        special_categories: Some(Special::No),
        subprocessors: count(0),
        subprocessor_key_role: None,
        impact: Some(Stated::Level(Level::Low, "Laag – beperkt belang".into())),
        ai_use: Some(Stated::Level(Level::Low, "nee".into())),
        systems: Some(1),
        processors: Some(1),
        staff_access: count(2),
        external_access: Some(Stated::Level(Level::None, "Geen".into())),
        dpia_done: Some(false),
        ..Record::default()
    }
}

#[test]
fn data_subjects_bands() {
    let r = rubric();
    let cases = [
        (count(0), L),
        (count(99), L),
        (count(100), M),
        (count(1000), M),
        (count(1001), H),
        (count(1_000_000), H),
        (Some(Amount::Level(Level::High)), H),
        (Some(Amount::Unknown), U),
        (None, U),
    ];
    for (input, expected) in cases {
        let rec = Record {
            data_subjects: input.clone(),
            ..base()
        };
        assert_eq!(
            criteria::data_subjects(&rec, &nl(&r)).level,
            expected,
            "{input:?}"
        );
    }
    let rec = Record {
        data_subjects: count(1500),
        ..base()
    };
    assert_eq!(
        criteria::data_subjects(&rec, &nl(&r)).reason,
        "1.500 betrokkenen > 1.000 → Hoog"
    );
}

#[test]
fn data_types_bands_and_categories() {
    let r = rubric();
    let cats = |n: usize| (0..n).map(|i| format!("soort {i}")).collect::<Vec<_>>();
    // (count, listed categories, expected)
    let cases = [
        (count(9), vec![], L),
        (count(10), vec![], M),
        (count(24), vec![], M),
        (count(25), vec![], H),
        (None, cats(9), L),
        (None, cats(10), M),
        (None, cats(25), H),
        (count(3), cats(30), L),
        (None, vec![], U),
    ];
    for (input, categories, expected) in cases {
        let rec = Record {
            data_types: input.clone(),
            data_categories: categories.clone(),
            ..base()
        };
        assert_eq!(
            criteria::data_types(&rec, &nl(&r)).level,
            expected,
            "{input:?} / {} categories",
            categories.len()
        );
    }
}

#[test]
fn sensitivity_signals() {
    let r = rubric();
    let label = |l: Level, t: &str| Some(Stated::Level(l, t.to_string()));
    let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // (label, special categories, data categories, expected)
    let cases: Vec<(Option<Stated>, Option<Special>, Vec<String>, Option<Level>)> = vec![
        (label(Level::Low, "Intern"), None, vec![], L),
        (label(Level::Medium, "Vertrouwelijk"), None, vec![], M),
        (label(Level::High, "Geheim"), None, vec![], H),
        (None, Some(Special::Yes), vec![], H),
        (None, Some(Special::No), vec![], L),
        (
            None,
            Some(Special::Items(items(&["strafrechtelijke gegevens"]))),
            vec![],
            H,
        ),
        (None, None, items(&["naam", "gezondheidsgegevens"]), H),
        (None, None, items(&["naam", "BSN"]), M),
        (None, None, items(&["naam", "rasterfoto"]), L),
        (None, None, items(&["naam", "ras"]), H),
        (None, None, items(&["e-mailadres"]), L),
        // A bare fingerprint in a list is biometric data (in doubt, higher); a fingerprint of
        // installed software is not (`[derive.not_near]`).
        (
            None,
            None,
            items(&["naam", "personeelsnummer", "fingerprint"]),
            H,
        ),
        (
            None,
            None,
            items(&["a fingerprint of which agent CLIs are installed"]),
            L,
        ),
        // A horse's or a pet's health is no special category of personal data (art. 9 is about
        // people): the default rubric's `[derive.not_near]` for the health terms.
        (None, None, items(&["Pferdedaten (inkl. Gesundheit)"]), L),
        (None, None, items(&["health records of the pets"]), L),
        (None, None, items(&["medische gegevens van het paard"]), L),
        (None, None, items(&["Gesundheitsdaten der Halter"]), H),
        (None, None, items(&["health of the owner"]), H),
        (label(Level::Low, "Intern"), None, items(&["IBAN"]), M),
        (
            label(Level::Medium, "Vertrouwelijk"),
            Some(Special::No),
            items(&["ziekteverzuim"]),
            H,
        ),
        (
            Some(Stated::Direct(Level::Low, "laag".into())),
            Some(Special::Yes),
            vec![],
            L,
        ),
        (Some(Stated::Unknown), None, vec![], U),
        (None, None, vec![], U),
    ];
    for (lbl, special, cats, expected) in cases {
        let rec = Record {
            sensitivity: lbl.clone(),
            special_categories: special.clone(),
            data_categories: cats.clone(),
            ..base()
        };
        assert_eq!(
            criteria::sensitivity(&rec, &nl(&r)).level,
            expected,
            "{lbl:?} {special:?} {cats:?}"
        );
    }
    // The reason names the strongest signal; of equal signals, the first.
    // (label, data categories, expected reason)
    let cases = [
        (
            None,
            items(&["gezondheid"]),
            "gezondheid → bijzonder persoonsgegeven → Hoog",
        ),
        (
            None,
            items(&["BSN", "gezondheid"]),
            "gezondheid → bijzonder persoonsgegeven → Hoog",
        ),
        (
            None,
            items(&["gezondheid", "ras"]),
            "gezondheid → bijzonder persoonsgegeven → Hoog",
        ),
        (
            None,
            items(&["naam", "BSN", "IBAN"]),
            "BSN → gevoelig gegeven → Midden",
        ),
        (
            label(Level::High, "Geheim"),
            items(&["gezondheid"]),
            "label \"Geheim\" → Hoog",
        ),
        (
            label(Level::Low, "Intern"),
            items(&["BSN", "gezondheid"]),
            "gezondheid → bijzonder persoonsgegeven → Hoog",
        ),
    ];
    for (lbl, cats, expected) in cases {
        let rec = Record {
            sensitivity: lbl,
            special_categories: None,
            data_categories: cats,
            ..base()
        };
        assert_eq!(criteria::sensitivity(&rec, &nl(&r)).reason, expected);
    }
}

#[test]
fn subprocessors_with_key_role() {
    let r = rubric();
    // (count, key role, expected)
    let cases = [
        (count(0), None, N),
        (count(0), Some(true), N),
        (count(1), Some(false), L),
        (count(2), Some(false), L),
        (count(1), Some(true), M),
        (count(2), Some(true), M),
        (count(1), None, M),
        (count(2), None, M),
        (count(3), Some(false), H),
        (count(3), Some(true), H),
        (count(3), None, H),
        (Some(Amount::Level(Level::None)), None, N),
        (None, Some(true), U),
    ];
    for (n, key, expected) in cases {
        let rec = Record {
            subprocessors: n.clone(),
            subprocessor_key_role: key,
            ..base()
        };
        assert_eq!(
            criteria::subprocessors(&rec, &nl(&r)).level,
            expected,
            "{n:?} {key:?}"
        );
    }
}

#[test]
fn exposure_table() {
    let r = rubric();
    let lv = |l: Option<Level>| l;
    // (subjects B, types S, sensitivity G, expected)
    let cases = [
        (H, L, H, H),
        (L, H, H, H),
        (M, M, H, M),
        (H, H, M, M),
        (L, L, L, L),
        (M, L, L, L),
        (L, M, L, L),
        (M, M, L, M),
        (H, L, L, M),
        (L, L, M, M),
        (L, L, H, M),
        (U, L, L, U),
        (L, U, L, U),
        (L, L, U, U),
    ];
    for (b, s, g, expected) in cases {
        let rec = base();
        assert_eq!(
            criteria::exposure(&rec, &nl(&r), lv(b), lv(s), lv(g)).level,
            expected,
            "B={b:?} S={s:?} G={g:?}"
        );
    }
    let given = Record {
        exposure: Some(Stated::Direct(Level::Low, "laag".into())),
        ..base()
    };
    assert_eq!(criteria::exposure(&given, &nl(&r), H, H, H).level, L);
}

#[test]
fn complexity_from_processors_systems_links() {
    let r = rubric();
    // (processors, systems, linked databases, expected)
    let cases = [
        (Some(3), Some(1), None, H),
        (Some(2), Some(3), None, M),
        (Some(2), Some(2), None, L),
        (Some(1), Some(1), Some(true), M),
        (Some(3), Some(1), Some(true), H),
        (None, Some(3), None, M),
        (Some(3), None, None, H),
        (None, Some(2), Some(false), L),
        (None, None, Some(true), U),
        (None, None, None, U),
    ];
    for (v, s, d, expected) in cases {
        let rec = Record {
            processors: v,
            systems: s,
            linked_databases: d,
            ..base()
        };
        assert_eq!(
            criteria::complexity(&rec, &nl(&r)).level,
            expected,
            "v={v:?} s={s:?} d={d:?}"
        );
    }
}

#[test]
fn staff_access_with_masking_and_sensitivity() {
    let r = rubric();
    let yes = Some(YesNo::Yes);
    let partly = Some(YesNo::Partly);
    // (staff, masking, sensitivity, expected)
    let cases = [
        (count(2), None, H, L),
        (count(2), yes, L, L),
        (count(3), None, L, M),
        (count(5), None, L, M),
        (count(6), None, L, H),
        (count(3), None, H, H),
        (count(3), None, M, M),
        (count(3), None, U, M),
        (count(6), yes, L, M),
        (count(3), yes, L, L),
        (count(3), yes, H, M),
        (count(6), partly, L, H),
        (Some(Amount::Level(Level::Low)), None, H, L),
        (None, None, H, U),
    ];
    for (n, m, g, expected) in cases {
        let rec = Record {
            staff_access: n.clone(),
            masking: m,
            ..base()
        };
        assert_eq!(
            criteria::staff_access(&rec, &nl(&r), g).level,
            expected,
            "n={n:?} m={m:?} G={g:?}"
        );
    }
}

#[test]
fn choices_impact_ai_external() {
    let r = rubric();
    let st = |l: Level| Some(Stated::Level(l, String::new()));
    let cases = [
        (st(Level::High), H),
        (st(Level::Medium), M),
        (st(Level::Low), L),
        (Some(Stated::Unknown), U),
        (None, U),
    ];
    for (input, expected) in cases {
        let rec = Record {
            impact: input.clone(),
            ai_use: input.clone(),
            external_access: input.clone(),
            ..base()
        };
        assert_eq!(criteria::impact(&rec, &nl(&r)).level, expected);
        assert_eq!(criteria::ai_use(&rec, &nl(&r)).level, expected);
        assert_eq!(criteria::external_access(&rec, &nl(&r)).level, expected);
    }
}

/// Score, high count and class (docs/output.md#score-class-and-advice) from a level per criterion.
#[test]
fn class_boundaries() {
    let r = rubric();
    // levels of the 10 criteria → (score, high_count, class)
    let cases: [([Option<Level>; 10], u32, u32, Level); 8] = [
        ([L, L, L, N, L, L, L, L, L, N], 8, 0, Level::Low),
        ([M, M, M, M, M, M, M, L, L, L], 17, 0, Level::Medium),
        ([M, M, M, M, M, M, L, L, L, L], 16, 0, Level::Medium),
        ([M, M, M, M, M, L, L, L, L, L], 15, 0, Level::Medium),
        ([M, M, M, M, L, L, L, L, L, L], 14, 0, Level::Low),
        ([H, L, L, L, L, L, L, L, L, N], 11, 1, Level::Medium),
        ([H, H, H, L, L, L, L, L, L, N], 15, 3, Level::High),
        ([H, H, M, M, M, M, M, M, M, L], 21, 2, Level::High),
    ];
    for (levels, score, highs, class) in cases {
        let t = tally(&levels, &r);
        assert_eq!((t.score, t.high_count), (score, highs), "{levels:?}");
        assert_eq!(class_of(t, &r), class, "{levels:?}");
    }
}

/// A record whose criteria land at the given levels through stated levels.
fn with_levels(levels: [Option<Level>; 10]) -> Record {
    let amount = |l: Option<Level>| Some(l.map_or(Amount::Unknown, Amount::Level));
    let stated =
        |l: Option<Level>| Some(l.map_or(Stated::Unknown, |l| Stated::Direct(l, "x".into())));
    Record {
        data_subjects: amount(levels[0]),
        data_types: amount(levels[1]),
        sensitivity: stated(levels[2]),
        special_categories: None,
        subprocessors: amount(levels[3]),
        impact: stated(levels[4]),
        exposure: stated(levels[5]),
        ai_use: stated(levels[6]),
        complexity: stated(levels[7]),
        staff_access: amount(levels[8]),
        external_access: stated(levels[9]),
        ..base()
    }
}

#[test]
fn outcome_rules() {
    let r = rubric();
    let cx = Context {
        rubric: &r,
        today: today(),
        lang: Lang::Nl,
    };
    let low = [L, L, L, N, L, L, L, L, L, N];
    let high = [H, H, H, L, L, L, L, L, L, N];
    // (levels, AP items, EDPB items, expected outcome)
    let cases: Vec<([Option<Level>; 10], Vec<u8>, Vec<u8>, Outcome)> = vec![
        (low, vec![], vec![], Outcome::NotRequired),
        (low, vec![9], vec![], Outcome::Required),
        (low, vec![], vec![1, 5], Outcome::Required),
        (low, vec![], vec![5], Outcome::Recommended),
        (high, vec![], vec![], Outcome::Recommended),
        (high, vec![], vec![3, 7], Outcome::Required),
        (
            [H, L, L, N, L, L, L, L, L, N],
            vec![],
            vec![],
            Outcome::NotRequired,
        ),
    ];
    for (levels, ap, edpb, expected) in cases {
        let rec = Record {
            ap_list: ap.clone(),
            edpb_criteria: edpb.clone(),
            ..with_levels(levels)
        };
        let a = assess_row(rec, &cx);
        assert_eq!(
            a.outcome, expected,
            "{levels:?} AP {ap:?} EDPB {edpb:?}: {}",
            a.outcome_reason
        );
    }
}

#[test]
fn unknowns_decide_incomplete_only_when_they_matter() {
    let r = rubric();
    let cx = Context {
        rubric: &r,
        today: today(),
        lang: Lang::Nl,
    };
    // (levels, AP, expected outcome, unknown_count)
    let cases: Vec<([Option<Level>; 10], Vec<u8>, Outcome, u32)> = vec![
        // An AP item makes it required whatever the unknowns are.
        (
            [U, U, U, U, U, U, U, U, U, U],
            vec![9],
            Outcome::Required,
            10,
        ),
        // Two highs known; one unknown could make a third high → class high → recommended.
        (
            [H, H, U, L, L, L, L, L, L, N],
            vec![],
            Outcome::Incomplete,
            1,
        ),
        // Low everywhere, one unknown: even at high, class stays below high → not required.
        (
            [L, L, L, N, L, L, L, L, U, N],
            vec![],
            Outcome::NotRequired,
            1,
        ),
        // Already three highs: class high at both extremes → recommended.
        (
            [H, H, H, U, L, L, L, L, L, N],
            vec![],
            Outcome::Recommended,
            1,
        ),
    ];
    for (levels, ap, expected, unknowns) in cases {
        let rec = Record {
            ap_list: ap.clone(),
            ..with_levels(levels)
        };
        let a = assess_row(rec, &cx);
        assert_eq!(a.outcome, expected, "{levels:?}: {}", a.outcome_reason);
        assert_eq!(a.unknown_count, unknowns);
        if expected != Outcome::Incomplete && unknowns > 0 {
            // Decided whatever the unknowns are: no finding about them, the deciding fact
            // first and the unknowns after it.
            assert!(
                !a.findings
                    .iter()
                    .any(|f| f.message.starts_with("onbekend:")),
                "a finding about unknowns on a decided row"
            );
            assert!(
                !a.outcome_reason.starts_with("met onbekend")
                    && a.outcome_reason.contains("(onbekend: "),
                "{}",
                a.outcome_reason
            );
        }
    }
    // Each side is a complete evaluation: AI use unknown, at Hoog, gives EDPB 8 beside the 4
    // that sensitivity Hoog gives, so two criteria: required there, recommended at the lowest.
    let a = assess_row(with_levels([L, L, H, L, L, L, U, L, L, N]), &cx);
    assert_eq!(a.outcome, Outcome::Incomplete, "{}", a.outcome_reason);
    assert!(a.outcome_reason.contains("AI"), "{}", a.outcome_reason);
    let a = assess_row(with_levels([H, H, U, L, L, L, L, L, L, N]), &cx);
    assert!(
        a.outcome_reason.contains("Gevoeligheid"),
        "{}",
        a.outcome_reason
    );
    assert_eq!(a.score, 2 * 3 + 6, "unknowns score 0 points");
}

#[test]
fn flags_and_measures() {
    let r = rubric();
    let cx = Context {
        rubric: &r,
        today: today(),
        lang: Lang::Nl,
    };
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    // (AP items, DPIA done, last review, expected flags)
    let cases = [
        (
            vec![9],
            Some(false),
            date(2025, 1, 1),
            vec![Flag::DpiaMissing],
        ),
        (vec![9], None, date(2025, 1, 1), vec![Flag::DpiaMissing]),
        (vec![9], Some(true), date(2025, 1, 1), vec![]),
        (
            vec![],
            Some(false),
            date(2023, 11, 22),
            vec![Flag::ReviewDue],
        ),
        (vec![], Some(false), date(2023, 11, 23), vec![]),
        (vec![], Some(false), None, vec![]),
    ];
    for (ap, done, review, expected) in cases {
        let rec = Record {
            ap_list: ap.clone(),
            dpia_done: done,
            last_review: review,
            ..base()
        };
        assert_eq!(
            assess_row(rec, &cx).flags,
            expected,
            "{ap:?} {done:?} {review:?}"
        );
    }
    let rec = Record {
        ap_list: vec![9],
        ..with_levels([H, L, L, N, L, L, H, L, L, N])
    };
    let a = assess_row(rec, &cx);
    let ids: Vec<&str> = a
        .measures
        .iter()
        .map(|i| r.measures[*i].id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["M-DPIA-01", "M-BETR-01", "M-AI-01", "M-AI-02", "M-AI-03"]
    );
}

/// A custom rubric changes the results as its text says (docs/rubric.md#criteria: rules are data).
#[test]
fn custom_rubrics_change_results() {
    let custom = |from: &str, to: &str| {
        assert!(crate::rubric::DEFAULT_RUBRIC.contains(from), "{from}");
        Rubric::parse(
            &crate::rubric::DEFAULT_RUBRIC.replacen(from, to, 1),
            "mijn.toml",
            crate::lang::Lang::Nl,
        )
        .unwrap()
    };
    let default = rubric();

    // Move a threshold: high data subjects only above 5000.
    let moved = custom("high = \"> 1000\"", "high = \"> 5000\"");
    let rec = Record {
        data_subjects: count(3000),
        ..base()
    };
    assert_eq!(criteria::data_subjects(&rec, &nl(&default)).level, H);
    assert_eq!(criteria::data_subjects(&rec, &nl(&moved)).level, M);
    assert_eq!(
        criteria::data_subjects(&rec, &nl(&moved)).reason,
        "3.000 betrokkenen ≥ 100 en ≤ 5.000 → Midden"
    );

    // Add a lexicon word: "studievoortgang" counts as sensitive.
    let added = custom("  \"kinderen\",", "  \"kinderen\", \"studievoortgang\",");
    let rec = Record {
        sensitivity: None,
        special_categories: None,
        data_categories: vec!["naam".into(), "studievoortgang".into()],
        ..base()
    };
    assert_eq!(criteria::sensitivity(&rec, &nl(&default)).level, L);
    assert_eq!(criteria::sensitivity(&rec, &nl(&added)).level, M);

    // Change a weight: impact counts double, so the maximum is 33.
    let weighted = custom("impact = 1\n", "impact = 2\n");
    let cx = Context {
        rubric: &weighted,
        today: today(),
        lang: Lang::Nl,
    };
    let a = assess_row(with_levels([L, L, L, N, H, L, L, L, L, N]), &cx);
    assert_eq!((a.score, a.max_score), (7 + 6, 33));

    // Add a measure for medium sensitivity owned by the data engineer.
    let with_measure = custom(
        "[[measures]]\nid = \"M-DPIA-01\"",
        "[[measures]]\nid = \"M-EIGEN-01\"\ncriterion = \"data_types\"\nlevels = [\"medium\"]\nrole = \"data-engineer\"\ntext = \"Minimaliseer.\"\ntext_en = \"Minimise.\"\nsource = [\"AK\"]\n\n[[measures]]\nid = \"M-DPIA-01\"",
    );
    let cx = Context {
        rubric: &with_measure,
        today: today(),
        lang: Lang::Nl,
    };
    let a = assess_row(with_levels([L, M, L, N, L, L, L, L, L, N]), &cx);
    let ids: Vec<&str> = a
        .measures
        .iter()
        .map(|i| with_measure.measures[*i].id.as_str())
        .collect();
    assert_eq!(ids, ["M-EIGEN-01"]);
}

/// With `--lang en` reasons, outcome reasons and the unknowns finding are English.
#[test]
fn english_reasons() {
    let r = rubric();
    let en = Context {
        rubric: &r,
        today: today(),
        lang: Lang::En,
    };
    // (record, criterion, expected reason)
    let cases = [
        (
            Record {
                data_subjects: count(1500),
                ..base()
            },
            Criterion::DataSubjects,
            "1,500 data subjects > 1,000 → High",
        ),
        (
            Record {
                data_subjects: count(500),
                ..base()
            },
            Criterion::DataSubjects,
            "500 data subjects ≥ 100 and ≤ 1,000 → Medium",
        ),
        (
            Record {
                data_subjects: Some(Amount::Count(12_001, Some("> 12000".into()))),
                ..base()
            },
            Criterion::DataSubjects,
            "\"> 12000\" → 12,001 data subjects > 1,000 → High",
        ),
        (
            Record {
                staff_access: Some(Amount::Count(20, Some("ca. 20".into()))),
                masking: Some(YesNo::Yes),
                ..base()
            },
            Criterion::StaffAccess,
            "\"ca. 20\" → 20 staff with access > 5, data masking and export restriction everywhere → Medium",
        ),
        (
            Record {
                subprocessors: count(2),
                subprocessor_key_role: None,
                ..base()
            },
            Criterion::Subprocessors,
            "2 sub-processors, role not filled in: in doubt, higher → Medium",
        ),
        (
            Record {
                staff_access: None,
                ..base()
            },
            Criterion::StaffAccess,
            "not filled in → Unknown",
        ),
    ];
    for (rec, c, expected) in cases {
        let a = assess_row(rec, &en);
        assert_eq!(a.judgements[c.index()].reason, expected);
    }
    let a = assess_row(
        Record {
            ap_list: vec![9],
            ..base()
        },
        &en,
    );
    assert_eq!(
        a.outcome_reason,
        "AP list: 9 camera surveillance → DPIA required"
    );
}

/// The class of a row with unknowns is the class with each unknown at its lowest level (a
/// criterion that cannot be Geen is at least Laag there), not that of the score with unknowns
/// at 0 points: over every row of Laag/Midden/Hoog with one or two unknowns, the class equals
/// that of the same row with those criteria stated at their lowest, unless it is incomplete.
#[test]
fn the_class_with_unknowns_is_the_class_at_their_lowest_level() {
    let r = rubric();
    let cx = Context {
        rubric: &r,
        today: today(),
        lang: Lang::Nl,
    };
    let lowest = |c: Criterion| {
        if c.allows_none() {
            N
        } else {
            L
        }
    };
    let mut checked = 0;
    for code in 0..3u32.pow(6) {
        let mut levels = [L; 10];
        let mut k = code;
        for l in levels.iter_mut().take(6) {
            *l = [L, M, H][(k % 3) as usize];
            k /= 3;
        }
        for unknown in [vec![6], vec![7, 8], vec![0, 9]] {
            let mut with = levels;
            let mut stated = levels;
            for &u in &unknown {
                with[u] = U;
                stated[u] = lowest(Criterion::ALL[u]);
            }
            let a = assess_row(with_levels(with), &cx);
            let b = assess_row(with_levels(stated), &cx);
            if !a.class_incomplete {
                assert_eq!(a.class, b.class, "{with:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

/// `[derive.only_with]` of the default rubric: employees are vulnerable data subjects (EDPB 7)
/// where the employer relation weighs (their health or criminal record, i.e. sensitivity Hoog;
/// systematic monitoring; employee monitoring; location data; biometrics), not for their
/// roster, accounts or pay; children always are.
#[test]
fn employees_are_vulnerable_only_where_the_employer_relation_weighs() {
    use crate::fields::Field;
    let r = rubric();
    let cx = nl(&r);
    // (sensitivity, field and text, subjects, recipients, EDPB 7 expected)
    let cases: &[(Option<Level>, Option<(Field, &str)>, &str, &str, bool)] = &[
        (H, None, "Medewerkers", "", true),
        (M, None, "Medewerkers", "", false),
        (L, None, "Medewerkers", "", false),
        (L, None, "Employees, contractors", "", false),
        (H, None, "Care workers, office staff", "", true),
        (H, None, "Beschäftigte", "", true),
        (L, None, "Beschäftigte", "", false),
        (
            L,
            Some((Field::Purpose, "Locatiegegevens bij in- en uitklokken")),
            "Medewerkers",
            "",
            true,
        ),
        (
            L,
            Some((Field::Purpose, "Toegangscontrole met vingerafdruk")),
            "Werknemers",
            "",
            true,
        ),
        (
            L,
            Some((Field::Purpose, "Salarisadministratie")),
            "Werknemers",
            "",
            false,
        ),
        // Where the row names who the data subjects are, staff elsewhere are not them.
        (H, None, "Inwoners", "KCC-medewerkers", false),
        (L, None, "Kinderen", "", true),
    ];
    for (sensitivity, text, subjects, recipients, expected) in cases {
        let mut levels = [L, L, *sensitivity, L, L, L, L, L, L, N];
        levels[2] = *sensitivity;
        let mut rec = Record {
            subject_categories: crate::value::parse_list(subjects),
            recipients: crate::value::parse_list(recipients),
            ..with_levels(levels)
        };
        if let Some((Field::Purpose, t)) = text {
            rec.texts.purpose = Some(t.to_string());
        }
        let a = assess_row(rec, &cx);
        assert_eq!(
            a.signals.iter().any(|s| s.text.starts_with("EDPB 7")),
            *expected,
            "{sensitivity:?} {text:?} {subjects:?} {recipients:?}: {:?}",
            a.signals
        );
    }
    // Each side is a complete evaluation: with sensitivity unknown, its Hoog side gives EDPB 4
    // and with it the employees' EDPB 7.
    let rec = Record {
        subject_categories: vec!["Medewerkers".into()],
        ..with_levels([L, L, U, L, L, L, L, L, L, N])
    };
    let mut derived = derive::scan(&rec, &cx);
    let known = [L, L, U, L, L, L, L, L, L, N];
    derived.settle(|tag| has_item(tag, &rec, &known, &cx));
    assert_eq!(derived.pending.len(), 1, "EDPB 7 waits for sensitivity");
    let filled = fill(&known, |_| Level::High);
    assert_eq!(
        from_filled(&known, &filled, (&rec, &derived.pending), &cx),
        (0, 2)
    );
    let lowest_side = fill(&known, lowest);
    assert_eq!(
        from_filled(&known, &lowest_side, (&rec, &derived.pending), &cx),
        (0, 0)
    );
}
