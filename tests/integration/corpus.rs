//! The triage measured on real published registers (tests/corpus/README.md): each register is
//! scored as a user would score it, and what the tool derives and advises is held against what a
//! privacy officer wrote down per activity before any rule was tuned on it. The registers are
//! split in two halves; the rules were tuned on `tune` only, and the goals hold on `test`.
//!
//! `cargo test --release --test integration corpus -- --nocapture` prints the figures that
//! docs/triage-quality.md reports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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

/// The label files whose names start with `prefix`, in name order.
fn label_files(prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".csv"))
        })
        .collect();
    files.sort();
    files
}

fn labels() -> Vec<Label> {
    label_files("labels")
        .iter()
        .flat_map(|f| read_labels(f))
        .collect()
}

/// The second officer's labels (tests/corpus/README.md): every `second-opinion*.csv`, of the
/// held-back registers of the first three rounds and of both halves of every round since.
fn second_opinion() -> Vec<Label> {
    label_files("second-opinion")
        .iter()
        .flat_map(|f| read_labels(f))
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

/// A register scored once per test run, however many sets it is measured in.
fn scored(sb: &Sandbox, register: &str) -> Arc<BTreeMap<u64, Given>> {
    static SCORED: Mutex<BTreeMap<String, Arc<BTreeMap<u64, Given>>>> = Mutex::new(BTreeMap::new());
    if let Some(rows) = SCORED.lock().unwrap().get(register) {
        return Arc::clone(rows);
    }
    let rows = Arc::new(score(sb, register));
    SCORED
        .lock()
        .unwrap()
        .insert(register.to_string(), Arc::clone(&rows));
    rows
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
        println!("{register}: refused: {}", run.stderr.trim());
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
    let mut given: BTreeMap<String, Arc<BTreeMap<u64, Given>>> = BTreeMap::new();
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
            .or_insert_with(|| scored(&sb, &label.register));
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
    for half in TUNED.iter().chain(&HELD_BACK) {
        assert!(split.values().any(|h| h == half), "no {half} half");
    }
    assert!(
        split
            .values()
            .all(|h| TUNED.contains(&h.as_str()) || HELD_BACK.contains(&h.as_str())),
        "a half of split.csv is in neither TUNED nor HELD_BACK"
    );
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

/// The halves the rules were tuned on, in the order the rounds added them.
const TUNED: [&str; 37] = [
    "tune", "tune2", "tune3", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9", "tune10",
    "tune11", "tune12", "tune13", "tune14", "tune15", "tune16", "tune17", "tune18", "tune19",
    "tune20", "tune21", "tune22", "tune23", "tune24", "tune25", "tune26", "tune27", "tune28",
    "tune29", "tune30", "tune31", "tune32", "tune33", "tune34", "tune35", "tune36", "tune37",
];

/// The halves held back, in the order the rounds added them: `test` (the first split), then
/// `fresh`, `fresh2`, … — registers found and labelled later by someone who did not know the
/// rules, measured after each round's rule changes and never looked at row by row.
const HELD_BACK: [&str; 35] = [
    "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
    "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
    "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24",
    "fresh25", "fresh26", "fresh27", "fresh28", "fresh29", "fresh30", "fresh31", "fresh32",
    "fresh33", "fresh34",
];

/// The name of the first `n` held-back halves together.
fn held_back_name(n: usize) -> String {
    match n {
        _ if n == HELD_BACK.len() => format!(
            "all held back (test, fresh, fresh2, ..., {})",
            HELD_BACK[n - 1]
        ),
        ..=9 => HELD_BACK[..n].join(" + "),
        _ => format!("test + fresh + ... + {}", HELD_BACK[n - 1]),
    }
}

/// What the derived items reach on the registers the rules were not tuned on, as floors that
/// keep it from slipping back and rise as the rules improve: (the first `n` halves of
/// [`HELD_BACK`], precision, recall). The goals are precision 0.85 and recall 0.80
/// (docs/triage-quality.md says where they stand).
const FLOORS: [(usize, f64, f64); 35] = [
    (1, 0.95, 0.55),
    (2, 0.85, 0.50),
    (3, 0.80, 0.64),
    // With the fourth round's fresh half, measured once after that round's rule changes: its
    // first officer establishes no vulnerable data subjects where the tool reads patients or
    // pupils, and the figure falls (docs/triage-quality.md, "Fourth round").
    (4, 0.75, 0.65),
    // With the fifth round's fresh half, measured as found and after that round's changes (the
    // same figures): students are no longer read as vulnerable, which the fourth round's fresh
    // half gains from too.
    (5, 0.75, 0.65),
    // With the sixth round's fresh half; its figures after that round's changes are not a clean
    // measure for genetic data (docs/triage-quality.md, "Sixth round").
    (6, 0.75, 0.65),
    // With the seventh round's fresh half, as found and after that round's changes (the same).
    (7, 0.75, 0.65),
    // With the eighth round's fresh half (one officer), the same after that round's changes.
    (8, 0.75, 0.65),
    // With the ninth to the thirteenth rounds' fresh halves, each as found and after that
    // round's changes (the same).
    (9, 0.75, 0.64),
    (10, 0.75, 0.62),
    (11, 0.75, 0.62),
    (12, 0.75, 0.62),
    (13, 0.75, 0.62),
    // With the fourteenth round's fresh half; recall raised after headers got their base forms
    // (0.65 -> 0.69, docs/triage-quality.md, "Headers in their base forms").
    (14, 0.75, 0.67),
    // With the fifteenth round's fresh half, as found and after that round's changes (the same).
    (15, 0.75, 0.65),
    // With the sixteenth round's fresh half, measured as found (0.78 / 0.67) and after that
    // round's changes (0.78 / 0.68).
    (16, 0.75, 0.65),
    // With the seventeenth round's fresh half, as found and after that round's changes (the
    // same; one of its registers is refused and counts with every must item missed).
    (17, 0.75, 0.65),
    // With the eighteenth round's fresh half, as found and after that round's changes (the
    // same; a rule tried and taken back: docs/triage-quality.md, "Eighteenth round").
    (18, 0.75, 0.65),
    // With the nineteenth round's fresh half, as found and after that round's changes (the same).
    (19, 0.75, 0.65),
    // With the twentieth round's fresh half (no item to derive), as found (0.77 / 0.68) and after
    // that round's changes (0.77 / 0.68, one wrong item fewer).
    (20, 0.75, 0.65),
    // With the twenty-first round's fresh half (no item to derive), as found (0.77 / 0.68) and
    // after that round's changes (0.78 / 0.68, one wrong item fewer); raised to what is reached.
    // Recall from here to the thirtieth entry lowered by 0.01 (the figures in the comments are
    // those measured then) when a special-categories cell that explains rather than names
    // ("Inherited from the data affected") came to be read as not filled in (tuned on tune31):
    // two right items fewer and four wrong ones fewer on the held-back halves, all EDPB 4
    // (docs/triage-quality.md, "Explanations in the special-categories column").
    (21, 0.77, 0.66),
    // With the twenty-second round's fresh half, as found (no rule changed).
    (22, 0.77, 0.66),
    // With the twenty-third round's fresh half, as found and after that round's changes (the same).
    (23, 0.77, 0.66),
    // With the twenty-fourth round's fresh half (no item to derive), as found and after that
    // round's changes (the same).
    (24, 0.77, 0.66),
    // With the twenty-fifth round's fresh half, as found and after that round's changes (the
    // same); the first column as the activity's name then took one wrong item off (0.78 / 0.68).
    (25, 0.77, 0.66),
    // With the twenty-sixth round's fresh half, as found (0.78 / 0.67; its tune half has no item
    // to derive, so no rule was changed on it).
    (26, 0.77, 0.66),
    // With the twenty-eighth round's fresh half (the twenty-seventh had none), as found
    // (0.77 / 0.65; its misses are AP 7, EDPB 3, EDPB 7 and EDPB 1).
    (27, 0.77, 0.64),
    // With the twenty-ninth round's fresh half, as found (0.77 / 0.66).
    (28, 0.77, 0.64),
    // With the thirtieth round's fresh half, as found (0.77 / 0.66).
    (29, 0.77, 0.64),
    // With the thirty-first round's fresh half, as found (0.75 / 0.66: 14 wrong items in it).
    (30, 0.74, 0.64),
    // With the thirty-second round's fresh half, as found (0.76 / 0.65: 3 right, 2 missed in it);
    // precision raised after a fingerprint came to count only beside a scanner, reader, sensor
    // or biometrics (0.77: four wrong items fewer), then 0.76 once a special-categories cell
    // counts unless it refers elsewhere (0.77 / 0.66: two right, one wrong item more), then
    // 0.75 when that rule gave way to one that keeps a bare fingerprint in a list (staff
    // fingerprints are special categories; 0.76: four wrong items more).
    (31, 0.75, 0.65),
    // With the thirty-third round's fresh half, as found (one register, seven activities, no item
    // to derive: the same figures).
    (32, 0.75, 0.65),
    // With the thirty-fourth round's fresh half, as found (0.76 / 0.66: one right, one missed in
    // it; the same floors).
    (33, 0.75, 0.65),
    // With the thirty-fifth round's fresh half, as found (one register, four activities, no item
    // to derive: the same figures).
    (34, 0.75, 0.65),
    // With the thirty-sixth round's fresh half, as found (0.76 / 0.66: 6 right, 3 missed in it;
    // the same floors).
    (35, 0.75, 0.65),
];

/// The goals of the triage on the registers the rules were not tuned on: at least 90 % of
/// activities in an acceptable outcome, no register with more than half its activities
/// incomplete without a signal or the `geen signalen` mark; precision and recall of the derived
/// items at least their [`FLOORS`].
#[test]
fn the_triage_holds_its_goals_on_the_held_back_registers() {
    let mut reports: Vec<String> = TUNED
        .iter()
        .chain(&HELD_BACK)
        .map(|h| report(h, &measure(&[h])))
        .collect();
    // `together[n]`: the first `n` held-back halves together.
    let together: Vec<Figures> = (0..=HELD_BACK.len())
        .map(|n| measure(&HELD_BACK[..n]))
        .collect();
    reports.extend((2..=HELD_BACK.len()).map(|n| report(&held_back_name(n), &together[n])));
    // What the rules reach where they were tuned, beside what they reach where they were not.
    reports.push(report(
        &format!(
            "all tune halves (tune, tune2, ..., {})",
            TUNED[TUNED.len() - 1]
        ),
        &measure(&TUNED),
    ));
    println!("{}", reports.join("\n"));
    let (held_back, fresh) = (&together[2], measure(&["fresh"]));
    let all_held_back = &together[HELD_BACK.len()];
    assert!(
        held_back.activities >= 100,
        "{} held-back activities",
        held_back.activities
    );
    assert!(
        fresh.activities >= 50,
        "{} fresh activities",
        fresh.activities
    );
    for f in [held_back, all_held_back] {
        let acceptable = f64::from(f.acceptable) / f64::from(f.activities);
        assert!(acceptable >= 0.90, "acceptable outcomes {acceptable:.2}");
    }
    for (n, precision, recall) in FLOORS {
        let f = &together[n];
        let name = held_back_name(n);
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
    for (r, (n, u)) in &all_held_back.unranked {
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
/// the tool (tests/corpus/second-opinion*.csv): how far the two agree is the ceiling a tool can
/// be held to, and the tool is measured against what both wrote as established. Its figures are
/// floors, as above. From the fourth round on, both halves of every round were labelled by both.
#[test]
fn the_triage_against_two_officers() {
    let split = split();
    let in_held_back = |l: &Label| {
        split
            .get(&l.register)
            .is_some_and(|h| HELD_BACK.contains(&h.as_str()))
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
    // (name, the first `n` held-back halves, precision floor, recall floor)
    let floors = [
        (
            "test + fresh + fresh2, against both officers (must: both; may: either)",
            3,
            0.80,
            0.70,
        ),
        (
            "test + fresh + fresh2 + fresh3, against both officers",
            4,
            0.75,
            0.70,
        ),
        (
            "test + fresh + fresh2 + fresh3 + fresh4, against both officers",
            5,
            0.78,
            0.72,
        ),
        // Recall 0.70 until the twenty-eighth round's fresh half, measured as found (0.69);
        // precision 0.76 until the thirty-first round's, measured as found (0.75), 0.77 with
        // the fingerprint rule of the thirty-second round, 0.75 once a bare fingerprint in a
        // list counts again (0.76).
        (
            "all held back, against both officers",
            HELD_BACK.len(),
            0.75,
            0.68,
        ),
    ];
    let together: Vec<(&str, Figures, f64, f64)> = floors
        .iter()
        .map(|&(name, n, p, r)| (name, measure_against(&HELD_BACK[..n], &both), p, r))
        .collect();
    let mut reports: Vec<String> = together.iter().map(|(n, f, ..)| report(n, f)).collect();
    reports.extend(HELD_BACK[3..].iter().map(|h| {
        report(
            &format!("{h}, against both officers"),
            &measure_against(&[h], &both),
        )
    }));
    reports.extend(
        TUNED[3..]
            .iter()
            .map(|h| report(&format!("{h}, against both officers"), &tuned_by_both(h))),
    );
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
        reports.join("\n"),
    );
    for (name, f, precision, recall) in &together {
        assert!(
            f.all.precision() >= *precision,
            "{name}: precision {:.2}",
            f.all.precision()
        );
        assert!(
            f.all.recall() >= *recall,
            "{name}: recall {:.2}",
            f.all.recall()
        );
    }
}
