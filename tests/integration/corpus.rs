//! The triage measured on real published registers (tests/corpus/README.md): each register is
//! scored as a user would score it, and what the tool derives and advises is held against what a
//! privacy officer wrote down per activity before any rule was tuned on it. The registers are
//! split in two halves; the rules were tuned on `tune` only, and the goals hold on `test`.
//!
//! `cargo test --release --test integration corpus -- --nocapture` prints the figures that
//! docs/triage-quality.md reports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::harness::Sandbox;

/// What the privacy officer wrote down for one activity.
#[derive(Debug)]
struct Label {
    register: String,
    row: u64,
    activity: String,
    acceptable: BTreeSet<String>,
    must: BTreeSet<String>,
    may: BTreeSet<String>,
}

/// What the tool gave for one activity.
#[derive(Debug, Default)]
struct Given {
    outcome: String,
    derived: BTreeSet<String>,
    signals: usize,
    no_signals_mark: bool,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn items(cell: &str) -> BTreeSet<String> {
    cell.split_whitespace().map(str::to_string).collect()
}

fn labels() -> Vec<Label> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("labels") && n.ends_with(".csv"))
        })
        .collect();
    files.sort();
    files.iter().flat_map(|f| read_labels(f)).collect()
}

/// The second officer's labels (tests/corpus/README.md): of the held-back registers of the first
/// three rounds, and of both halves of the fourth.
fn second_opinion() -> Vec<Label> {
    [
        "second-opinion.csv",
        "second-opinion-4.csv",
        "second-opinion-5.csv",
        "second-opinion-6.csv",
        "second-opinion-7.csv",
        "second-opinion-8.csv",
        "second-opinion-9.csv",
        "second-opinion-10.csv",
        "second-opinion-11.csv",
        "second-opinion-12.csv",
        "second-opinion-13.csv",
        "second-opinion-14.csv",
        "second-opinion-15.csv",
        "second-opinion-16.csv",
        "second-opinion-17.csv",
    ]
    .iter()
    .flat_map(|f| read_labels(&corpus_dir().join(f)))
    .collect()
}

/// One file of labels.
fn read_labels(file: &Path) -> Vec<Label> {
    let mut out = Vec::new();
    {
        let mut rd = csv::Reader::from_path(file).unwrap();
        for rec in rd.records() {
            let rec = rec.unwrap();
            let known = ["required", "recommended", "not_required", "incomplete"];
            let acceptable: BTreeSet<String> =
                rec[3].split('|').map(|s| s.trim().to_string()).collect();
            assert!(
                acceptable.iter().all(|a| known.contains(&a.as_str())),
                "{}: {:?}",
                file.display(),
                &rec
            );
            let label = Label {
                register: rec[0].to_string(),
                row: rec[1].parse().unwrap(),
                activity: rec[2].to_string(),
                acceptable,
                must: items(&rec[4]),
                may: items(&rec[5]),
            };
            for item in label.must.iter().chain(&label.may) {
                let ok = item
                    .strip_prefix("EDPB")
                    .and_then(|n| n.parse::<u8>().ok())
                    .is_some_and(|n| (1..=9).contains(&n))
                    || item
                        .strip_prefix("AP")
                        .and_then(|n| n.parse::<u8>().ok())
                        .is_some_and(|n| (1..=17).contains(&n));
                assert!(ok, "{}: item {item} of {label:?}", file.display());
            }
            out.push(label);
        }
    }
    out
}

/// `register → half` from tests/corpus/split.csv.
fn split() -> BTreeMap<String, String> {
    let mut rd = csv::Reader::from_path(corpus_dir().join("split.csv")).unwrap();
    rd.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect()
}

/// An AP-list item or EDPB criterion a signal names (`AP 9 cameratoezicht ← …`).
fn signal_item(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let kind = words.next()?;
    let n: u8 = words.next()?.parse().ok()?;
    match kind {
        "AP" => Some(format!("AP{n}")),
        "EDPB" => Some(format!("EDPB{n}")),
        _ => None,
    }
}

/// Score one register to JSON and read what the tool gave per row. `CORPUS_BIN` names another
/// build of the tool to measure (an earlier commit's, for the figures before a change). A
/// register the tool refuses (no header row it recognises: a round's register as found) counts
/// as refused, with nothing derived: every must item missed, no outcome acceptable. It never
/// panics and never fails without a one-line reason.
fn score(sb: &Sandbox, register: &str) -> BTreeMap<u64, Given> {
    let path = corpus_dir()
        .join("registers")
        .join(format!("{register}.csv"));
    let args = [
        "score",
        path.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        "-",
    ];
    let run = match std::env::var("CORPUS_BIN") {
        Ok(bin) => {
            let out = std::process::Command::new(bin)
                .args(args)
                .env_remove("LANG")
                .env_remove("LC_ALL")
                .output()
                .unwrap();
            if !out.status.success() {
                println!(
                    "{register}: refused by CORPUS_BIN: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                return BTreeMap::new();
            }
            crate::harness::Run {
                code: 0,
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::new(),
            }
        }
        Err(_) => sb.run(&args),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "the binary panicked on {register}: {}",
        run.stderr
    );
    if run.code == 1 && run.stdout.is_empty() && run.stderr.lines().count() == 1 {
        // Said once per register, however many sets it is measured in.
        static SAID: std::sync::Mutex<BTreeSet<String>> = std::sync::Mutex::new(BTreeSet::new());
        if SAID
            .lock()
            .map(|mut s| s.insert(register.to_string()))
            .unwrap_or(true)
        {
            println!("{register}: refused: {}", run.stderr.trim());
        }
        return BTreeMap::new();
    }
    run.expect_code(0);
    let json = run.json();
    let mut out = BTreeMap::new();
    for row in json["rows"].as_array().unwrap() {
        let empty = Vec::new();
        let signals = row["signals"].as_array().unwrap_or(&empty);
        let mut derived: BTreeSet<String> = signals
            .iter()
            .filter_map(|s| signal_item(s["text"].as_str().unwrap()))
            .collect();
        // A build from before the signals (CORPUS_BIN) names its derived items in the reason:
        // `… (afgeleid: AP 5 financiële situatie ← …; EDPB 7 …)`.
        if row.get("signals").is_none() {
            let reason = row["outcome_reason"].as_str().unwrap_or("");
            if let Some((_, tail)) = reason.rsplit_once("(afgeleid: ") {
                derived.extend(tail.split("; ").filter_map(signal_item));
            }
        }
        let given = Given {
            outcome: row["outcome"].as_str().unwrap().to_string(),
            derived,
            signals: signals.len(),
            no_signals_mark: row["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "no_signals"),
        };
        out.insert(row["row"].as_u64().unwrap(), given);
    }
    out
}

#[derive(Debug, Default, Clone, Copy)]
struct Count {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Count {
    fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(self.tp + self.fp)
        }
    }
    fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(self.tp + self.fn_)
        }
    }
}

/// The figures of one half.
#[derive(Debug, Default)]
struct Figures {
    registers: BTreeSet<String>,
    activities: u32,
    acceptable: u32,
    items: BTreeMap<String, Count>,
    all: Count,
    outcomes: BTreeMap<String, u32>,
    /// Per register: activities, incomplete without a signal and without the `geen signalen` mark.
    unranked: BTreeMap<String, (u32, u32)>,
    misses: Vec<String>,
}

fn measure(halves: &[&str]) -> Figures {
    measure_against(halves, &labels())
}

/// The figures of `halves` held against `labels`.
fn measure_against(halves: &[&str], labels: &[Label]) -> Figures {
    let sb = Sandbox::new();
    let split = split();
    let mut given: BTreeMap<String, BTreeMap<u64, Given>> = BTreeMap::new();
    let mut f = Figures::default();
    for label in labels {
        let h = split
            .get(&label.register)
            .unwrap_or_else(|| panic!("{} is in no half of split.csv", label.register));
        if !halves.contains(&h.as_str()) {
            continue;
        }
        let rows = given
            .entry(label.register.clone())
            .or_insert_with(|| score(&sb, &label.register));
        let refused = Given {
            outcome: "refused".into(),
            ..Given::default()
        };
        let g = match rows.get(&label.row) {
            Some(g) => g,
            None if std::env::var_os("CORPUS_BIN").is_some() || rows.is_empty() => &refused,
            None => panic!(
                "{} row {} ({}) was not scored",
                label.register, label.row, label.activity
            ),
        };
        f.registers.insert(label.register.clone());
        f.activities += 1;
        *f.outcomes.entry(g.outcome.clone()).or_default() += 1;
        let ok = label.acceptable.contains(&g.outcome);
        f.acceptable += u32::from(ok);
        let unranked = f.unranked.entry(label.register.clone()).or_default();
        unranked.0 += 1;
        if g.outcome == "incomplete" && g.signals == 0 && !g.no_signals_mark {
            unranked.1 += 1;
        }
        let mut wrong = Vec::new();
        let mut missed = Vec::new();
        for item in &g.derived {
            let c = f.items.entry(item.clone()).or_default();
            if label.must.contains(item) {
                c.tp += 1;
                f.all.tp += 1;
            } else if !label.may.contains(item) {
                c.fp += 1;
                f.all.fp += 1;
                wrong.push(item.as_str());
            }
        }
        for item in label.must.difference(&g.derived) {
            f.items.entry(item.clone()).or_default().fn_ += 1;
            f.all.fn_ += 1;
            missed.push(item.as_str());
        }
        if !ok || !wrong.is_empty() || !missed.is_empty() {
            f.misses.push(format!(
                "{} r{} {}: {}{}{}",
                label.register,
                label.row,
                label.activity,
                if ok {
                    String::new()
                } else {
                    format!("outcome {} (acceptable {:?}) ", g.outcome, label.acceptable)
                },
                if wrong.is_empty() {
                    String::new()
                } else {
                    format!("wrongly {wrong:?} ")
                },
                if missed.is_empty() {
                    String::new()
                } else {
                    format!("missed {missed:?}")
                },
            ));
        }
    }
    f
}

fn report(half: &str, f: &Figures) -> String {
    let mut s = format!(
        "## {half}: {} registers, {} activities\n\n",
        f.registers.len(),
        f.activities
    );
    s += &format!(
        "- acceptable outcome: {}/{} = {:.2}\n- outcomes: {:?}\n- derived items: precision {:.2} ({} right, {} wrong), recall {:.2} ({} missed)\n\n",
        f.acceptable,
        f.activities,
        f64::from(f.acceptable) / f64::from(f.activities.max(1)),
        f.outcomes,
        f.all.precision(),
        f.all.tp,
        f.all.fp,
        f.all.recall(),
        f.all.fn_,
    );
    s += "| item | right | wrong | missed | precision | recall |\n| --- | --- | --- | --- | --- | --- |\n";
    let mut keys: Vec<&String> = f.items.keys().collect();
    keys.sort_by_key(|k| {
        let (kind, n) = k.split_at(if k.starts_with("AP") { 2 } else { 4 });
        (kind != "AP", n.parse::<u8>().unwrap_or(0))
    });
    for k in keys {
        let c = f.items[k];
        s += &format!(
            "| {k} | {} | {} | {} | {:.2} | {:.2} |\n",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
    }
    s += "\nper register (activities, incomplete without signal or mark):\n";
    for (r, (n, u)) in &f.unranked {
        s += &format!("- {r}: {n}, {u}\n");
    }
    // The held-back half's rows are not shown: the rules are tuned on the other half only.
    if half.starts_with("tune") {
        s += "\nrows that differ from the labels:\n";
        for m in &f.misses {
            s += &format!("- {m}\n");
        }
    }
    s
}

/// The labels are complete and consistent: every labelled row is in its register, every
/// register in the split, and the corpus is as large as its README says.
#[test]
fn the_corpus_is_labelled_and_split() {
    let labels = labels();
    let split = split();
    let registers: BTreeSet<&str> = labels.iter().map(|l| l.register.as_str()).collect();
    assert!(registers.len() >= 10, "{} registers", registers.len());
    assert!(labels.len() >= 150, "{} activities", labels.len());
    for r in &registers {
        assert!(split.contains_key(*r), "{r} is in no half");
        assert!(
            corpus_dir()
                .join("registers")
                .join(format!("{r}.csv"))
                .exists(),
            "{r}.csv"
        );
    }
    for half in [
        "tune", "tune2", "tune3", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9", "tune10",
        "tune11", "tune12", "tune13", "tune14", "tune15", "tune16", "tune17", "test", "fresh",
        "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10",
        "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
    ] {
        assert!(split.values().any(|h| h == half), "no {half} half");
    }
    let mut seen = BTreeSet::new();
    for l in &labels {
        assert!(
            seen.insert((&l.register, l.row)),
            "{} row {} twice",
            l.register,
            l.row
        );
        assert!(!l.acceptable.is_empty(), "{l:?}");
        assert!(l.must.is_disjoint(&l.may), "{l:?}");
    }
}

/// What the derived items reach on the registers the rules were not tuned on, as floors that
/// keep it from slipping back and rise as the rules improve: (half, precision, recall). The
/// goals are precision 0.85 and recall 0.80 (docs/triage-quality.md says where they stand).
/// `test` is the half held back when the rules were tuned; `fresh`, `fresh2` and `fresh3` are
/// registers found and labelled later by someone who did not know the rules, and never looked at
/// row by row.
const FLOORS: [(&[&str], f64, f64); 17] = [
    (&["test"], 0.95, 0.55),
    (&["test", "fresh"], 0.85, 0.50),
    (&["test", "fresh", "fresh2"], 0.80, 0.64),
    // With the fourth round's fresh half, measured once after that round's rule changes: its
    // first officer establishes no vulnerable data subjects where the tool reads patients or
    // pupils, and the figure falls (docs/triage-quality.md, "Fourth round").
    (&["test", "fresh", "fresh2", "fresh3"], 0.75, 0.65),
    // With the fifth round's fresh half, measured as found and after that round's changes (the
    // same figures): students are no longer read as vulnerable, which the fourth round's fresh
    // half gains from too.
    (&["test", "fresh", "fresh2", "fresh3", "fresh4"], 0.75, 0.65),
    // With the sixth round's fresh half; its figures after that round's changes are not a clean
    // measure for genetic data (docs/triage-quality.md, "Sixth round").
    (
        &["test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5"],
        0.75,
        0.65,
    ),
    // With the seventh round's fresh half, measured as found and after that round's changes
    // (the same figures).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6",
        ],
        0.75,
        0.65,
    ), // With the eighth round's fresh half (one officer), the same after that round's changes.
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
        ],
        0.75,
        0.65,
    ),
    // With the ninth round's fresh half, as found and after that round's changes (the same).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
        ],
        0.75,
        0.64,
    ),
    // With the tenth round's fresh half, as found and after that round's changes (the same).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9",
        ],
        0.75,
        0.62,
    ),
    // With the eleventh round's fresh half, as found and after that round's changes (the same).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9", "fresh10",
        ],
        0.75,
        0.62,
    ),
    // With the twelfth round's fresh half, as found and after that round's changes (the same).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9", "fresh10", "fresh11",
        ],
        0.75,
        0.62,
    ),
    // With the thirteenth round's fresh half, as found and after that round's changes (the same).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9", "fresh10", "fresh11", "fresh12",
        ],
        0.75,
        0.62,
    ),
    // With the fourteenth round's fresh half; recall raised after headers got their base forms
    // (0.65 -> 0.69, docs/triage-quality.md, "Headers in their base forms").
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9", "fresh10", "fresh11", "fresh12", "fresh13",
        ],
        0.75,
        0.67,
    ),
    // With the fifteenth round's fresh half, as found and after that round's changes (the same).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14",
        ],
        0.75,
        0.65,
    ),
    // With the sixteenth round's fresh half, measured as found (0.78 / 0.67) and after that
    // round's changes (0.78 / 0.68).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15",
        ],
        0.75,
        0.65,
    ),
    // With the seventeenth round's fresh half, as found and after that round's changes (the
    // same; one of its registers is refused and counts with every must item missed).
    (
        &[
            "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
            "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
        ],
        0.75,
        0.65,
    ),
];

/// The goals of the triage on the registers the rules were not tuned on: at least 90 % of
/// activities in an acceptable outcome, no register with more than half its activities
/// incomplete without a signal or the `geen signalen` mark; precision and recall of the derived
/// items at least their [`FLOORS`].
#[test]
fn the_triage_holds_its_goals_on_the_held_back_registers() {
    let tune = measure(&["tune"]);
    let tune2 = measure(&["tune2"]);
    let tune3 = measure(&["tune3"]);
    let tune4 = measure(&["tune4"]);
    let test = measure(&["test"]);
    let fresh = measure(&["fresh"]);
    let fresh2 = measure(&["fresh2"]);
    let fresh3 = measure(&["fresh3"]);
    let tune5 = measure(&["tune5"]);
    let fresh4 = measure(&["fresh4"]);
    let tune6 = measure(&["tune6"]);
    let fresh5 = measure(&["fresh5"]);
    let tune7 = measure(&["tune7"]);
    let fresh6 = measure(&["fresh6"]);
    let tune8 = measure(&["tune8"]);
    let fresh7 = measure(&["fresh7"]);
    let tune9 = measure(&["tune9"]);
    let fresh8 = measure(&["fresh8"]);
    let tune10 = measure(&["tune10"]);
    let fresh9 = measure(&["fresh9"]);
    let tune11 = measure(&["tune11"]);
    let fresh10 = measure(&["fresh10"]);
    let tune12 = measure(&["tune12"]);
    let fresh11 = measure(&["fresh11"]);
    let tune13 = measure(&["tune13"]);
    let fresh12 = measure(&["fresh12"]);
    let tune14 = measure(&["tune14"]);
    let fresh13 = measure(&["fresh13"]);
    let tune15 = measure(&["tune15"]);
    let fresh14 = measure(&["fresh14"]);
    let tune16 = measure(&["tune16"]);
    let fresh15 = measure(&["fresh15"]);
    let tune17 = measure(&["tune17"]);
    let fresh16 = measure(&["fresh16"]);
    let held_back = measure(&["test", "fresh"]);
    let held_back_2 = measure(&["test", "fresh", "fresh2"]);
    let all_held_back = measure(&[
        "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
        "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
    ]);
    let reports = [
        report("tune", &tune),
        report("tune2", &tune2),
        report("tune3", &tune3),
        report("tune4", &tune4),
        report("test", &test),
        report("fresh", &fresh),
        report("fresh2", &fresh2),
        report("fresh3", &fresh3),
        report("tune5", &tune5),
        report("fresh4", &fresh4),
        report("tune6", &tune6),
        report("fresh5", &fresh5),
        report("tune7", &tune7),
        report("fresh6", &fresh6),
        report("tune8", &tune8),
        report("fresh7", &fresh7),
        report("tune9", &tune9),
        report("fresh8", &fresh8),
        report("tune10", &tune10),
        report("fresh9", &fresh9),
        report("tune11", &tune11),
        report("fresh10", &fresh10),
        report("tune12", &tune12),
        report("fresh11", &fresh11),
        report("tune13", &tune13),
        report("fresh12", &fresh12),
        report("tune14", &tune14),
        report("fresh13", &fresh13),
        report("tune15", &tune15),
        report("fresh14", &fresh14),
        report("tune16", &tune16),
        report("fresh15", &fresh15),
        report("tune17", &tune17),
        report("fresh16", &fresh16),
        report("test + fresh", &held_back),
        report("test + fresh + fresh2", &held_back_2),
        report(
            "test + fresh + fresh2 + fresh3",
            &measure(&["test", "fresh", "fresh2", "fresh3"]),
        ),
        report(
            "test + fresh + fresh2 + fresh3 + fresh4",
            &measure(&["test", "fresh", "fresh2", "fresh3", "fresh4"]),
        ),
        report(
            "test + fresh + fresh2 + fresh3 + fresh4 + fresh5",
            &measure(&["test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5"]),
        ),
        report(
            "test + fresh + fresh2 + fresh3 + fresh4 + fresh5 + fresh6",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6",
            ]),
        ),
        report(
            "test + fresh + fresh2 + fresh3 + fresh4 + fresh5 + fresh6 + fresh7",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
            ]),
        ),
        report(
            "test + fresh + ... + fresh8",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8",
            ]),
        ),
        report(
            "test + fresh + ... + fresh9",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9",
            ]),
        ),
        report(
            "test + fresh + ... + fresh10",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9", "fresh10",
            ]),
        ),
        report(
            "test + fresh + ... + fresh11",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9", "fresh10", "fresh11",
            ]),
        ),
        report(
            "test + fresh + ... + fresh12",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9", "fresh10", "fresh11", "fresh12",
            ]),
        ),
        report(
            "test + fresh + ... + fresh13",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13",
            ]),
        ),
        report(
            "test + fresh + ... + fresh14",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14",
            ]),
        ),
        report(
            "test + fresh + ... + fresh15",
            &measure(&[
                "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14",
                "fresh15",
            ]),
        ),
        report(
            "all held back (test, fresh, fresh2, ..., fresh16)",
            &all_held_back,
        ),
    ];
    println!("{}", reports.join("\n"));
    let f = &held_back;
    assert!(f.activities >= 100, "{} held-back activities", f.activities);
    assert!(
        fresh.activities >= 50,
        "{} fresh activities",
        fresh.activities
    );
    for f in [&held_back, &all_held_back] {
        let acceptable = f64::from(f.acceptable) / f64::from(f.activities);
        assert!(acceptable >= 0.90, "acceptable outcomes {acceptable:.2}");
    }
    let f = &all_held_back;
    for (halves, precision, recall) in FLOORS {
        let f = measure(halves);
        assert!(
            f.all.precision() >= precision,
            "{halves:?}: precision {:.2}",
            f.all.precision()
        );
        assert!(
            f.all.recall() >= recall,
            "{halves:?}: recall {:.2}",
            f.all.recall()
        );
    }
    for (r, (n, u)) in &f.unranked {
        assert!(
            u * 2 <= *n,
            "{r}: {u} of {n} incomplete without a signal or mark"
        );
    }
}

/// Where two officers meet: `must` what both wrote as established, `may` what either named at
/// all, the outcomes either accepts.
fn consensus(a: &[Label], b: &[Label]) -> Vec<Label> {
    let by_key: BTreeMap<(&str, u64), &Label> = b
        .iter()
        .map(|l| ((l.register.as_str(), l.row), l))
        .collect();
    a.iter()
        .filter_map(|l| {
            let o = by_key.get(&(l.register.as_str(), l.row))?;
            let must: BTreeSet<String> = l.must.intersection(&o.must).cloned().collect();
            let named: BTreeSet<String> = l
                .must
                .iter()
                .chain(&l.may)
                .chain(&o.must)
                .chain(&o.may)
                .cloned()
                .collect();
            Some(Label {
                register: l.register.clone(),
                row: l.row,
                activity: l.activity.clone(),
                acceptable: l.acceptable.union(&o.acceptable).cloned().collect(),
                may: named.difference(&must).cloned().collect(),
                must,
            })
        })
        .collect()
}

/// How far one officer's `must` items meet another's labels, counted as the tool's are.
fn agreement(officer: &[Label], against: &[Label]) -> Count {
    let by_key: BTreeMap<(&str, u64), &Label> = officer
        .iter()
        .map(|l| ((l.register.as_str(), l.row), l))
        .collect();
    let mut c = Count::default();
    for l in against {
        let Some(o) = by_key.get(&(l.register.as_str(), l.row)) else {
            continue;
        };
        c.tp += o.must.intersection(&l.must).count() as u32;
        c.fp += o
            .must
            .iter()
            .filter(|i| !l.must.contains(*i) && !l.may.contains(*i))
            .count() as u32;
        c.fn_ += l.must.difference(&o.must).count() as u32;
    }
    c
}

/// A second officer labelled every held-back activity again, blind to the first labels and to
/// the tool (tests/corpus/second-opinion.csv): how far the two agree is the ceiling a tool can
/// be held to, and the tool is measured against what both wrote as established. Its figures are
/// floors, as above.
#[test]
fn the_triage_against_two_officers() {
    let split = split();
    let held_back = [
        "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
        "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
    ];
    let in_held_back = |l: &Label| {
        split
            .get(&l.register)
            .is_some_and(|h| held_back.contains(&h.as_str()))
    };
    let first: Vec<Label> = labels().into_iter().filter(in_held_back).collect();
    let second: Vec<Label> = second_opinion().into_iter().filter(in_held_back).collect();
    let keys = |ls: &[Label]| -> BTreeSet<(String, u64)> {
        ls.iter().map(|l| (l.register.clone(), l.row)).collect()
    };
    assert_eq!(
        keys(&second),
        keys(&first),
        "the second opinion covers the held-back activities"
    );
    let (b_by_a, a_by_b) = (agreement(&second, &first), agreement(&first, &second));
    let both = consensus(&first, &second);
    let three_rounds = ["test", "fresh", "fresh2"];
    let tool3 = measure_against(&three_rounds, &both);
    let four_rounds = ["test", "fresh", "fresh2", "fresh3"];
    let tool4 = measure_against(&four_rounds, &both);
    let tool = measure_against(&held_back, &both);
    let fresh3 = measure_against(&["fresh3"], &both);
    let fresh4 = measure_against(&["fresh4"], &both);
    let fresh5 = measure_against(&["fresh5"], &both);
    let fresh6 = measure_against(&["fresh6"], &both);
    let fresh7 = measure_against(&["fresh7"], &both);
    let fresh8 = measure_against(&["fresh8"], &both);
    let fresh9 = measure_against(&["fresh9"], &both);
    let fresh10 = measure_against(&["fresh10"], &both);
    let fresh11 = measure_against(&["fresh11"], &both);
    let fresh12 = measure_against(&["fresh12"], &both);
    let fresh13 = measure_against(&["fresh13"], &both);
    let fresh14 = measure_against(&["fresh14"], &both);
    let fresh15 = measure_against(&["fresh15"], &both);
    let fresh16 = measure_against(&["fresh16"], &both);
    let five_rounds = measure_against(&["test", "fresh", "fresh2", "fresh3", "fresh4"], &both);
    // The fourth, fifth and sixth rounds were labelled by both officers in both halves: their
    // tuned halves too.
    let tuned_by_both = |half: &str| {
        let in_half = |l: &Label| split.get(&l.register).is_some_and(|h| h == half);
        let first: Vec<Label> = labels().into_iter().filter(in_half).collect();
        let second: Vec<Label> = second_opinion().into_iter().filter(in_half).collect();
        assert_eq!(
            keys(&second),
            keys(&first),
            "the second opinion covers {half}"
        );
        measure_against(&[half], &consensus(&first, &second))
    };
    let (tune4, tune5, tune6) = (
        tuned_by_both("tune4"),
        tuned_by_both("tune5"),
        tuned_by_both("tune6"),
    );
    let (tune7, tune8) = (tuned_by_both("tune7"), tuned_by_both("tune8"));
    let (tune9, tune10) = (tuned_by_both("tune9"), tuned_by_both("tune10"));
    let (tune11, tune12) = (tuned_by_both("tune11"), tuned_by_both("tune12"));
    let (tune13, tune14) = (tuned_by_both("tune13"), tuned_by_both("tune14"));
    let (tune15, tune16) = (tuned_by_both("tune15"), tuned_by_both("tune16"));
    let tune17 = tuned_by_both("tune17");
    println!(
        "## two officers on the held-back registers ({} activities)\n\n- the second officer's must items held against the first's labels: precision {:.2}, recall {:.2} ({} right, {} wrong, {} missed)\n- the first's against the second's: precision {:.2}, recall {:.2}\n\n{}",
        first.len(),
        b_by_a.precision(),
        b_by_a.recall(),
        b_by_a.tp,
        b_by_a.fp,
        b_by_a.fn_,
        a_by_b.precision(),
        a_by_b.recall(),
        [
            report("test + fresh + fresh2, against both officers (must: both; may: either)", &tool3),
            report("test + fresh + fresh2 + fresh3, against both officers", &tool4),
            report("test + fresh + fresh2 + fresh3 + fresh4, against both officers", &five_rounds),
            report("all held back, against both officers", &tool),
            report("fresh3, against both officers", &fresh3),
            report("fresh4, against both officers", &fresh4),
            report("fresh5, against both officers", &fresh5),
            report("fresh6, against both officers", &fresh6),
            report("fresh7, against both officers", &fresh7),
            report("fresh8, against both officers", &fresh8),
            report("fresh9, against both officers", &fresh9),
            report("fresh10, against both officers", &fresh10),
            report("fresh11, against both officers", &fresh11),
            report("fresh12, against both officers", &fresh12),
            report("fresh13, against both officers", &fresh13),
            report("fresh14, against both officers", &fresh14),
            report("fresh15, against both officers", &fresh15),
            report("fresh16, against both officers", &fresh16),
            report("tune4, against both officers", &tune4),
            report("tune5, against both officers", &tune5),
            report("tune6, against both officers", &tune6),
            report("tune7, against both officers", &tune7),
            report("tune8, against both officers", &tune8),
            report("tune9, against both officers", &tune9),
            report("tune10, against both officers", &tune10),
            report("tune11, against both officers", &tune11),
            report("tune12, against both officers", &tune12),
            report("tune13, against both officers", &tune13),
            report("tune14, against both officers", &tune14),
            report("tune15, against both officers", &tune15),
            report("tune16, against both officers", &tune16),
            report("tune17, against both officers", &tune17),
        ]
        .join("\n"),
    );
    // Floors, as above: the first three rounds' held-back sets, with the fourth round's fresh
    // half, and with the fifth's.
    for (name, f, precision, recall) in [
        ("test + fresh + fresh2", &tool3, 0.80, 0.70),
        ("test + fresh + fresh2 + fresh3", &tool4, 0.75, 0.70),
        (
            "test + fresh + fresh2 + fresh3 + fresh4",
            &five_rounds,
            0.78,
            0.72,
        ),
        ("all held back", &tool, 0.75, 0.65),
    ] {
        assert!(
            f.all.precision() >= precision,
            "{name}: precision {:.2}",
            f.all.precision()
        );
        assert!(
            f.all.recall() >= recall,
            "{name}: recall {:.2}",
            f.all.recall()
        );
    }
}
