//! Re-assessment with `--previous` (docs/output.md#previous-run): score once, edit the annotated workbook as a user
//! would and save it with another tool, change the register, score again — and check the flags,
//! the listed changes and that every value the user typed is carried forward.

use calamine::Data;
use rust_xlsxwriter::{Format, Workbook};

use crate::harness::{Book, Sandbox};

const HEADERS: [&str; 9] = [
    "ID",
    "Verwerking",
    "Aantal betrokkenen",
    "Aantal soorten persoonsgegevens",
    "Vertrouwelijkheid",
    "Aantal subverwerkers",
    "Impact op betrokkene",
    "Aantal medewerkers met toegang",
    "Externe toegang",
];

/// A register of the given rows (each 9 texts, in `HEADERS` order).
fn register(rows: &[[&str; 9]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Register").unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // AI use and systems are the same for every activity, and the AP-list and EDPB columns are
    // there and empty (the register states that none apply): nothing is unknown that would make
    // the class or advice two-sided (docs/output.md#score-class-and-advice, docs/output.md#score-class-and-advice) and hide a change.
    let n = HEADERS.len() as u16;
    for (c, h) in [
        "Gebruik AI/algoritmes",
        "Aantal systemen",
        "AP-lijst",
        "EDPB-criteria",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, n + c as u16, *h).unwrap();
    }
    for r in 0..rows.len() {
        ws.write_string(r as u32 + 1, n, "Laag – geen AI of algoritmes")
            .unwrap();
        ws.write_number(r as u32 + 1, n + 1, 1.0).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

const A: [&str; 9] = [
    "A-1",
    "Nieuwsbrief",
    "800",
    "4",
    "Intern",
    "1",
    "Laag – beperkt belang",
    "2",
    "Geen",
];
const B: [&str; 9] = [
    "A-2",
    "Cameratoezicht",
    "5000",
    "3",
    "Vertrouwelijk",
    "3",
    "Midden – van belang, geen rechtsgevolgen",
    "8",
    "Hoog – langdurig of permanent",
];
const C: [&str; 9] = [
    "A-3",
    "Roosterplanning",
    "5000",
    "5",
    "Intern",
    "1",
    "Laag – beperkt belang",
    "2",
    "Geen",
];
const D: [&str; 9] = [
    "A-4",
    "Alumni-enquête",
    "300",
    "5",
    "Intern",
    "0",
    "Laag – beperkt belang",
    "1",
    "Geen",
];

/// Rewrite a workbook as another tool would: every sheet's values (no formats), with edits.
fn resave(book: &Book, edit: impl Fn(&str, &mut Vec<Vec<Data>>)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for name in &book.names {
        let mut cells = book.sheet(name).cells.clone();
        edit(name, &mut cells);
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in cells.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    Data::Int(x) => {
                        ws.write_number(r, c, *x as f64).unwrap();
                    }
                    Data::DateTime(d) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)
                            .unwrap();
                    }
                    other => {
                        ws.write_string(r, c, crate::harness::shown(other)).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn col(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|d| crate::harness::shown(d) == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

#[test]
fn a_second_run_lists_changes_and_carries_the_users_work_forward() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register(&[A, B, C]));
    sb.run(&["score", "register.xlsx", "-o", "q1.xlsx"])
        .expect_code(0);
    let q1 = Book::open(&sb.file("q1.xlsx"));

    // The privacy officer works in the output: statuses, a deadline, evidence and remarks on
    // Maatregelen, one measure added by hand; the register sheet re-sorted (newest first) with an
    // extra column of their own; then it is saved by another program.
    // 31 March 2027 as an Excel serial date.
    let deadline = 46477.0;
    let edited = resave(&q1, |name, rows| match name {
        "Maatregelen" => {
            let (id, mid, status, dl, ev, rem) = (
                col(rows, "Activiteit-ID"),
                col(rows, "Maatregel-ID"),
                col(rows, "Status"),
                col(rows, "Deadline"),
                col(rows, "Bewijsstuk"),
                col(rows, "Opmerkingen"),
            );
            for row in rows.iter_mut().skip(1) {
                let key = (
                    crate::harness::shown(&row[id]),
                    crate::harness::shown(&row[mid]),
                );
                match (key.0.as_str(), key.1.as_str()) {
                    ("A-2", "M-EXT-01") => {
                        row[status] = Data::String("gerealiseerd".into());
                        row[ev] = Data::String("contract-2026-17.pdf".into());
                        row[dl] = Data::Float(deadline);
                    }
                    ("A-2", "M-SUB-01") => {
                        row[status] = Data::String("in uitvoering".into());
                        row[rem] = Data::String("wacht op leverancier".into());
                    }
                    ("A-3", "M-BETR-01") => {
                        row[status] = Data::String("niet van toepassing".into());
                        row[rem] = Data::String("roosters zijn geanonimiseerd".into());
                    }
                    _ => {}
                }
            }
            let mut manual = vec![Data::Empty; rows[0].len()];
            manual[id] = Data::String("A-2".into());
            manual[mid] = Data::String("EIGEN-1".into());
            manual[col(rows, "Maatregel")] = Data::String("Bord bij de ingang plaatsen".into());
            manual[status] = Data::String("open".into());
            manual[rem] = Data::String("handmatig toegevoegd".into());
            rows.push(manual);
        }
        "Register" => {
            let header = rows.remove(0);
            rows.reverse();
            rows.insert(0, header);
            for (i, row) in rows.iter_mut().enumerate() {
                row.push(Data::String(if i == 0 {
                    "Notitie".into()
                } else {
                    "x".into()
                }));
            }
        }
        _ => {}
    });
    sb.write("q1.xlsx", &edited);

    // The register changes: A-1 grows past 1.000 subjects, A-3 is gone, A-4 is new.
    let mut a = A;
    a[2] = "5.000";
    sb.write("register.xlsx", &register(&[a, B, D]));
    let run = sb.run(&[
        "score",
        "register.xlsx",
        "-o",
        "q2.xlsx",
        "--previous",
        "q1.xlsx",
    ]);
    run.expect_code(0);
    assert!(run.stderr.contains("gewijzigd 1"), "{}", run.stderr);
    assert!(run.stderr.contains("risico gestegen 1"), "{}", run.stderr);

    let q2 = Book::open(&sb.file("q2.xlsx"));
    let reg = q2.sheet("Register");
    let signals = reg.column_of(0, "Signalen");
    let by_id = |id: &str| {
        (1..reg.texts().len())
            .find(|r| reg.texts()[*r][0] == id)
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    // (activity, text expected in Signalen, text that must be absent)
    let cases = [
        ("A-1", "gewijzigd", ""),
        ("A-1", "risico gestegen", ""),
        ("A-1", "Aantal betrokkenen: 800 → 5.000", ""),
        ("A-2", "", "gewijzigd"),
        ("A-4", "", "gewijzigd"),
    ];
    for (id, present, absent) in cases {
        let text = reg.texts()[by_id(id)][signals].clone();
        assert!(text.contains(present), "{id}: {text}");
        if !absent.is_empty() {
            assert!(!text.contains(absent), "{id}: {text}");
        }
    }

    let m = q2.sheet("Maatregelen");
    let rows = m.texts();
    let (id, mid, status, dl, ev, rem) = (
        m.column_of(0, "Activiteit-ID"),
        m.column_of(0, "Maatregel-ID"),
        m.column_of(0, "Status"),
        m.column_of(0, "Deadline"),
        m.column_of(0, "Bewijsstuk"),
        m.column_of(0, "Opmerkingen"),
    );
    let find = |a: &str, measure: &str| {
        rows.iter()
            .position(|r| r[id] == a && r[mid] == measure)
            .unwrap_or_else(|| panic!("no Maatregelen row {a} {measure}: {rows:?}"))
    };
    // (activity, measure, status, evidence, remarks) carried forward
    let carried = [
        (
            "A-2",
            "M-EXT-01",
            "gerealiseerd",
            "contract-2026-17.pdf",
            "",
        ),
        (
            "A-2",
            "M-SUB-01",
            "in uitvoering",
            "",
            "wacht op leverancier",
        ),
        ("A-2", "EIGEN-1", "open", "", "handmatig toegevoegd"),
        (
            "A-3",
            "M-BETR-01",
            "vervallen",
            "",
            "roosters zijn geanonimiseerd",
        ),
        ("A-1", "M-BETR-01", "open", "", ""),
    ];
    for (a, measure, st, evidence, remarks) in carried {
        let r = find(a, measure);
        assert_eq!(rows[r][status], st, "{a} {measure}");
        assert_eq!(rows[r][ev], evidence, "{a} {measure}");
        assert_eq!(rows[r][rem], remarks, "{a} {measure}");
    }
    // The deadline is still a date, the same day.
    let r = find("A-2", "M-EXT-01");
    match m.at(r, dl) {
        Data::DateTime(d) => assert_eq!(d.as_f64(), deadline),
        Data::Float(x) => assert_eq!(*x, deadline),
        other => panic!("deadline is {other:?}"),
    }

    // New and removed activities on the Samenvatting.
    let summary: Vec<String> = q2
        .sheet("Samenvatting")
        .texts()
        .into_iter()
        .map(|r| r.join(" | "))
        .collect();
    let after = |title: &str| {
        let i = summary
            .iter()
            .position(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("no {title}: {summary:?}"));
        summary[i + 1].clone()
    };
    assert!(after("Nieuwe activiteiten").contains("A-4"), "{summary:?}");
    assert!(
        after("Verdwenen activiteiten").contains("A-3"),
        "{summary:?}"
    );

    // JSON carries the same flags and changes.
    let doc = sb
        .run(&[
            "score",
            "register.xlsx",
            "--format",
            "json",
            "-o",
            "-",
            "--previous",
            "q1.xlsx",
        ])
        .json();
    let a1 = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A-1")
        .unwrap()
        .clone();
    assert_eq!(a1["flags"], serde_json::json!(["changed", "escalated"]));
    assert_eq!(
        a1["changes"],
        serde_json::json!(["Aantal betrokkenen: 800 → 5.000"])
    );
}

#[test]
fn a_workbook_not_written_by_the_tool_is_refused_as_previous() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register(&[A, B]));
    sb.write("old.xlsx", &register(&[A]));
    let run = sb.run(&["score", "register.xlsx", "--previous", "old.xlsx"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("geen door dpia-triage geannoteerde werkmap"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

/// The tool's own JSON output given as --previous is refused in one line that says what it is.
#[test]
fn a_json_document_is_refused_as_previous() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register(&[A, B]));
    sb.run(&[
        "score",
        "register.xlsx",
        "--format",
        "json",
        "-o",
        "q1.json",
    ])
    .expect_code(0);
    let run = sb.run(&["score", "register.xlsx", "--previous", "q1.json"]);
    run.expect_code(1);
    assert_eq!(
        run.stderr.trim(),
        "dpia-triage: --previous q1.json: dit is een JSON-bestand; geef de eerder geannoteerde werkmap (.xlsx) van hetzelfde register"
    );
}

#[test]
fn fail_on_gives_exit_code_3_for_a_scheduled_job() {
    let sb = Sandbox::new();
    // B has external access "Hoog" and 8 staff: class high → DPIA recommended, none recorded.
    // (Named "Cameratoezicht" it would be required: the name gives AP 9, docs/rubric.md#derive.)
    let mut b = B;
    b[1] = "Bezoekersregistratie";
    sb.write("register.xlsx", &register(&[A, b]));
    sb.run(&[
        "score",
        "register.xlsx",
        "--fail-on",
        "recommended",
        "--force",
    ])
    .expect_code(3);
    sb.run(&["score", "register.xlsx", "--fail-on", "required", "--force"])
        .expect_code(0);
}

/// A previous assessment in which one activity occurs twice, or that was made with another
/// rubric, is a finding on Meldingen: the comparison is still made, and says what it rests on
/// (docs/output.md#output-files).
#[test]
fn duplicate_keys_and_another_rubric_in_the_previous_are_findings() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register(&[A, B]));
    sb.run(&["score", "register.xlsx", "-o", "q1.xlsx"])
        .expect_code(0);
    let q1 = Book::open(&sb.file("q1.xlsx"));
    // A-1 twice in the earlier register sheet.
    let twice = resave(&q1, |name, rows| {
        if name == "Register" {
            let copy = rows[1].clone();
            rows.push(copy);
        }
    });
    sb.write("q1-twice.xlsx", &twice);
    sb.run(&[
        "score",
        "register.xlsx",
        "--previous",
        "q1-twice.xlsx",
        "-o",
        "q2.xlsx",
    ])
    .expect_code(0);
    let findings = Book::open(&sb.file("q2.xlsx")).sheet("Meldingen").texts();
    let line = findings
        .iter()
        .map(|r| r.join(" | "))
        .find(|r| r.contains("meer dan eens in de vorige beoordeling"))
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert!(
        line.contains("1 activiteit(en)") && line.contains("A-1"),
        "{line}"
    );
    // Nothing about a rubric: the same one was used.
    assert!(!findings.iter().flatten().any(|c| c.contains("rubric")));

    // The same register, scored with a rubric of another version.
    let rubric = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/rubric.toml"),
    )
    .expect("rubric");
    sb.write(
        "mijn-rubric.toml",
        rubric
            .replacen("version = \"1.0.0\"", "version = \"2.0.0\"", 1)
            .as_bytes(),
    );
    sb.run(&[
        "score",
        "register.xlsx",
        "--previous",
        "q1.xlsx",
        "--rubric",
        "mijn-rubric.toml",
        "-o",
        "q3.xlsx",
    ])
    .expect_code(0);
    let findings = Book::open(&sb.file("q3.xlsx")).sheet("Meldingen").texts();
    assert!(
        findings.iter().flatten().any(|c| c.contains(
            "gebruikte rubric 'SURF risico-inschatting (standaard) 1.0.0', deze 'SURF risico-inschatting (standaard) 2.0.0'"
        )),
        "{findings:?}"
    );
}

/// A previous of many more activities than the register: the Samenvatting counts every removed
/// activity and lists the first 500 with a count of the rest (docs/output.md#output-files).
#[test]
fn removed_activities_are_counted_and_the_list_capped() {
    let sb = Sandbox::new();
    let ids: Vec<String> = (1..=600).map(|i| format!("R-{i}")).collect();
    let rows: Vec<[&str; 9]> = ids
        .iter()
        .map(|id| {
            let mut r = A;
            r[0] = id;
            r
        })
        .collect();
    sb.write("groot.xlsx", &register(&rows));
    sb.run(&["score", "groot.xlsx", "-o", "q1.xlsx"])
        .expect_code(0);
    sb.write("klein.xlsx", &register(&[rows[0]]));
    sb.run(&[
        "score",
        "klein.xlsx",
        "--previous",
        "q1.xlsx",
        "-o",
        "q2.xlsx",
    ])
    .expect_code(0);
    let summary = Book::open(&sb.file("q2.xlsx"))
        .sheet("Samenvatting")
        .texts();
    let at = |label: &str| {
        summary
            .iter()
            .position(|r| r.first().is_some_and(|c| c == label))
            .unwrap_or_else(|| panic!("{label} in {summary:?}"))
    };
    assert_eq!(summary[at("verdwenen activiteiten")][1], "599");
    let list = at("Verdwenen activiteiten");
    assert_eq!(summary[list + 1][1], "R-2");
    assert_eq!(summary[list + 500][1], "R-501");
    assert_eq!(summary[list + 501][0], "… en 99 meer");
    // Their measures are kept, expired, on Maatregelen.
    let measures = Book::open(&sb.file("q2.xlsx")).sheet("Maatregelen").texts();
    assert!(measures
        .iter()
        .any(|r| r.get(1).is_some_and(|c| c == "R-600")));
}

/// The CSV output carries what changed since the previous run, as the JSON does.
#[test]
fn the_csv_output_lists_the_changes() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register(&[A, B]));
    sb.run(&["score", "register.xlsx", "-o", "q1.xlsx"])
        .expect_code(0);
    let mut a = A;
    a[2] = "5000";
    sb.write("register2.xlsx", &register(&[a, B]));
    let run = sb.run(&[
        "score",
        "register2.xlsx",
        "--previous",
        "q1.xlsx",
        "--format",
        "csv",
        "-o",
        "-",
    ]);
    run.expect_code(0);
    let text = run.stdout.trim_start_matches('\u{feff}').to_string();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let changes = header
        .iter()
        .position(|h| h == "changes")
        .expect("a changes column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(&rows[0][changes], "Aantal betrokkenen: 800 → 5000");
    assert_eq!(&rows[1][changes], "");
}
