//! The command line (docs/output.md#exit-codes): sheet choice, header mapping, the error for a file without a header
//! row, output safety, CSV to stdout, `rubric`, `check`, several inputs and usage errors.

use crate::fixtures::{simple_xlsx, V};
use crate::harness::{sha256_file, Book, Sandbox};

const HEADERS: &[&str] = &["ID", "Aantal betrokkenen", "Gevoeligheid"];

fn one_row(id: &'static str, subjects: f64) -> Vec<Vec<V>> {
    vec![vec![V::T(id), V::N(subjects), V::T("geheim")]]
}

#[test]
fn sheet_option_picks_the_named_sheet_and_names_the_sheets_when_missing() {
    let sb = Sandbox::new();
    sb.write(
        "twee.xlsx",
        &simple_xlsx(&[
            ("Eerste", HEADERS, one_row("E-1", 50.0)),
            ("Tweede", HEADERS, one_row("T-1", 5000.0)),
        ]),
    );
    // Without --sheet the first sheet with a header row is scored.
    let doc = sb
        .run(&["score", "twee.xlsx", "--format", "json", "-o", "-"])
        .json();
    assert_eq!(doc["input"]["sheet"], "Eerste");
    assert_eq!(doc["rows"][0]["id"], "E-1");
    let doc = sb
        .run(&[
            "score",
            "twee.xlsx",
            "--sheet",
            "Tweede",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .json();
    assert_eq!(doc["input"]["sheet"], "Tweede");
    assert_eq!(doc["rows"][0]["levels"]["data_subjects"], "high");
    let run = sb.run(&["score", "twee.xlsx", "--sheet", "Nope"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("'Nope'") && run.stderr.contains("Eerste, Tweede"),
        "{}",
        run.stderr
    );
}

#[test]
fn map_option_and_rubric_columns_map_a_custom_header() {
    let sb = Sandbox::new();
    sb.write(
        "eigen.xlsx",
        &simple_xlsx(&[(
            "R",
            &["ID", "Hoeveel mensen", "Gevoeligheid"],
            one_row("X", 2000.0),
        )]),
    );
    let doc = sb
        .run(&[
            "score",
            "eigen.xlsx",
            "--map",
            "Hoeveel mensen=data_subjects",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .json();
    assert_eq!(doc["rows"][0]["levels"]["data_subjects"], "high");
    let rubric = dpia_triage::rubric::DEFAULT_RUBRIC.replace(
        "[columns]\n",
        "[columns]\n\"Hoeveel mensen\" = \"data_subjects\"\n",
    );
    sb.write("mijn.toml", rubric.as_bytes());
    let doc = sb
        .run(&[
            "score",
            "eigen.xlsx",
            "--rubric",
            "mijn.toml",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .json();
    assert_eq!(doc["rows"][0]["levels"]["data_subjects"], "high");
    // A bad --map is a usage error.
    let run = sb.run(&["score", "eigen.xlsx", "--map", "Hoeveel mensen=mensen"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("data_subjects"),
        "lists the fields: {}",
        run.stderr
    );
}

#[test]
fn a_sheet_without_a_header_row_names_the_headers_found_and_expected() {
    let sb = Sandbox::new();
    sb.write(
        "vreemd.xlsx",
        &simple_xlsx(&[("R", &["Nummer X", "Omschrijving", "Eigenaar"], vec![])]),
    );
    let run = sb.run(&["score", "vreemd.xlsx"]);
    run.expect_code(1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    for part in [
        "vreemd.xlsx",
        "geen koprij",
        "Nummer X, Omschrijving, Eigenaar",
        "Aantal betrokkenen",
    ] {
        assert!(run.stderr.contains(part), "'{part}' in {}", run.stderr);
    }
}

#[test]
fn the_output_never_replaces_the_input() {
    let sb = Sandbox::new();
    let input = sb.write(
        "r.xlsx",
        &simple_xlsx(&[("R", HEADERS, one_row("X", 10.0))]),
    );
    let before = sha256_file(&input);
    for args in [
        &["score", "r.xlsx", "-o", "r.xlsx"][..],
        &["score", "r.xlsx", "-o", "./r.xlsx", "--force"][..],
    ] {
        let run = sb.run(args);
        run.expect_code(1);
        assert!(run.stderr.contains("invoerbestand"), "{}", run.stderr);
    }
    assert_eq!(sha256_file(&input), before);
}

#[test]
fn csv_to_stdout_has_a_header_line_and_a_line_per_activity() {
    let sb = Sandbox::new();
    sb.write(
        "r.xlsx",
        &simple_xlsx(&[(
            "R",
            HEADERS,
            vec![
                vec![V::T("A"), V::N(5.0), V::T("intern")],
                vec![V::T("B"), V::N(5000.0), V::T("geheim")],
            ],
        )]),
    );
    let run = sb.run(&["score", "r.xlsx", "--format", "csv", "-o", "-"]);
    run.expect_code(0);
    let text = run.stdout.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2);
    // (row, id, level of data subjects, sensitivity)
    let expected = [("2", "A", "low", "low"), ("3", "B", "high", "high")];
    for (rec, (row, id, subjects, sensitivity)) in records.iter().zip(expected) {
        assert_eq!(&rec[col("row")], row);
        assert_eq!(&rec[col("id")], id);
        assert_eq!(&rec[col("level_data_subjects")], subjects);
        assert_eq!(&rec[col("level_sensitivity")], sensitivity);
    }
}

#[test]
fn rubric_prints_the_default_and_check_names_a_bad_key_with_its_line() {
    let sb = Sandbox::new();
    let run = sb.run(&["rubric"]);
    run.expect_code(0);
    assert!(run.stdout.contains("[criteria.data_subjects]"));
    assert_eq!(run.stdout, dpia_triage::rubric::DEFAULT_RUBRIC);
    sb.write("goed.toml", run.stdout.as_bytes());
    let ok = sb.run(&["rubric", "--check", "goed.toml"]);
    ok.expect_code(0);
    assert!(ok.stdout.contains("in orde"), "{}", ok.stdout);
    let bad = run
        .stdout
        .replacen("high = \"> 1000\"", "high = \"veel\"", 1);
    let line = bad.lines().position(|l| l.contains("\"veel\"")).unwrap() + 1;
    sb.write("fout.toml", bad.as_bytes());
    let run = sb.run(&["rubric", "--check", "fout.toml"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("criteria.data_subjects.high"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("regel {line}")),
        "line {line}: {}",
        run.stderr
    );
    // The same rubric is refused by score.
    sb.write(
        "r.xlsx",
        &simple_xlsx(&[("R", HEADERS, one_row("X", 10.0))]),
    );
    sb.run(&["score", "r.xlsx", "--rubric", "fout.toml"])
        .expect_code(1);
    // A slip the TOML reader finds itself is told in the run's language too.
    let slip = dpia_triage::rubric::DEFAULT_RUBRIC.replacen(
        "review_after_months = 36",
        "review_after_months = \"drie\"",
        1,
    );
    sb.write("slip.toml", slip.as_bytes());
    for (lang, expected) in [
        (
            "nl",
            "verkeerde soort waarde: tekst \"drie\", verwacht een geheel getal van 0 tot en met 4.294.967.295",
        ),
        (
            "en",
            "invalid type: string \"drie\", expected a whole number from 0 to 4,294,967,295",
        ),
    ] {
        let run = sb.run(&["score", "r.xlsx", "--rubric", "slip.toml", "--lang", lang]);
        run.expect_code(1);
        assert!(run.stderr.contains(expected), "{lang}: {}", run.stderr);
    }
}

#[test]
fn check_shows_the_mapping_and_findings_and_writes_nothing() {
    let sb = Sandbox::new();
    sb.write(
        "r.xlsx",
        &simple_xlsx(&[(
            "R",
            &["ID", "Aantal betrokkenen", "Eigenaar"],
            vec![vec![V::T("X"), V::T("veel"), V::T("HR")]],
        )]),
    );
    let before = sb.listing();
    let run = sb.run(&["check", "r.xlsx"]);
    run.expect_code(0);
    for part in [
        "B    Aantal betrokkenen → data_subjects",
        "Eigenaar → (doorgegeven",
        "B2 Aantal betrokkenen \"veel\"",
        // The absent inputs that decide the outcome are listed and counted too.
        "  AP-lijst ontbreekt of is leeg: beslissend voor het DPIA-advies bij 1 activiteit\n",
        "  EDPB-criteria ontbreekt of is leeg: beslissend voor het DPIA-advies bij 1 activiteit\n",
        // Unknown AI use and sensitivity decide too: at Hoog each gives an EDPB criterion (each
        // side of the two-sided evaluation is complete since the triage of real registers).
        "  AI/algoritmes ontbreekt of is leeg: beslissend voor het DPIA-advies bij 1 activiteit\n",
        "  Gevoeligheid ontbreekt of is leeg: beslissend voor het DPIA-advies bij 1 activiteit\n",
        "1 activiteit, 5 meldingen",
    ] {
        assert!(run.stdout.contains(part), "'{part}' in {}", run.stdout);
    }
    assert_eq!(sb.listing(), before);
}

#[test]
fn several_inputs_each_get_an_output_and_a_bad_one_does_not_stop_the_others() {
    let sb = Sandbox::new();
    sb.write(
        "a.xlsx",
        &simple_xlsx(&[("R", HEADERS, one_row("A", 10.0))]),
    );
    sb.write(
        "a.csv",
        b"ID;Aantal betrokkenen;Gevoeligheid\r\nA;2000;geheim\r\n",
    );
    sb.write("kapot.xlsx", b"PK\x03\x04kapot");
    let run = sb.run(&["score", "a.xlsx", "kapot.xlsx", "a.csv"]);
    run.expect_code(1);
    assert!(run.stderr.contains("kapot.xlsx"), "{}", run.stderr);
    // Same stem: the outputs keep the input's extension.
    assert!(sb.file("a.xlsx.dpia.xlsx").exists(), "{:?}", sb.listing());
    assert!(sb.file("a.csv.dpia.xlsx").exists(), "{:?}", sb.listing());
    let csv_book = Book::open(&sb.file("a.csv.dpia.xlsx"));
    let reg = csv_book.sheet("Register");
    let col = reg.column_of(0, "Niveau Aantal betrokkenen");
    assert_eq!(reg.texts()[1][col], "Hoog");
}

#[test]
fn english_output_labels_reasons_and_findings() {
    let sb = Sandbox::new();
    sb.write(
        "r.xlsx",
        &simple_xlsx(&[(
            "R",
            HEADERS,
            vec![
                vec![V::T("A"), V::N(1500.0), V::T("geheim")],
                vec![V::T("B"), V::T("veel"), V::T("intern")],
            ],
        )]),
    );
    sb.run(&["score", "r.xlsx", "--lang", "en"]).expect_code(0);
    let book = Book::open(&sb.file("r.dpia.xlsx"));
    assert_eq!(
        book.names,
        ["R", "Summary", "Measures", "Findings", "Audit trail"]
    );
    let reg = book.sheet("R");
    let why = reg.column_of(0, "Rationale");
    assert!(
        reg.texts()[1][why].contains("1,500 data subjects > 1,000 → High"),
        "{}",
        reg.texts()[1][why]
    );
    let level = reg.column_of(0, "Level Data subjects");
    assert_eq!(reg.texts()[2][level], "Unknown");
    let quality = reg.column_of(0, "Data quality");
    assert!(
        reg.texts()[2][quality].contains("no number found"),
        "{}",
        reg.texts()[2][quality]
    );
    // The audit trail writes the thresholds in force with English thousands too.
    let audit = book.sheet("Audit trail").texts();
    let high = audit
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("criteria.data_subjects.high"))
        .expect("the data-subjects threshold is listed");
    assert_eq!(high[1], "> 1,000");
}

#[test]
fn fail_on_required_exits_3_only_when_a_row_is_required() {
    let sb = Sandbox::new();
    // The main fixture has three rows with outcome required.
    sb.write("register.xlsx", &crate::fixtures::register_xlsx());
    let run = sb.run(&["score", "register.xlsx", "--fail-on", "required"]);
    run.expect_code(3);
    assert!(
        sb.file("register.dpia.xlsx").exists(),
        "the output is still written"
    );
    // One low row (VW-01 of the main fixture): nothing required.
    let low = vec![crate::fixtures::register_rows().remove(0)];
    sb.write(
        "laag.xlsx",
        &simple_xlsx(&[("Register", &crate::fixtures::HEADERS, low)]),
    );
    sb.run(&["score", "laag.xlsx", "--fail-on", "required"])
        .expect_code(0);
}

/// An error that is not about reading the input (here: the output's directory does not exist)
/// is still one line that starts with the input's name, and nothing is written.
#[test]
fn a_writing_error_names_the_input_in_one_line() {
    let sb = Sandbox::new();
    sb.write(
        "r.xlsx",
        &simple_xlsx(&[("R", HEADERS, one_row("A-1", 5.0))]),
    );
    for format in ["xlsx", "json", "csv"] {
        let out = format!("ontbreekt/uit.{format}");
        let run = sb.run(&["score", "r.xlsx", "-o", &out, "--format", format]);
        run.expect_code(1);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(
            run.stderr.starts_with("dpia-triage: r.xlsx: ") && run.stderr.contains("ontbreekt"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(sb.listing(), ["r.xlsx"]);
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), returning what the terminal got.
fn on_terminal(sb: &Sandbox, args: &[&str]) -> String {
    let line = std::iter::once(env!("CARGO_BIN_EXE_dpia-triage"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let out = std::process::Command::new(crate::outside::script())
        .args(["-qec", &line, "/dev/null"])
        .current_dir(sb.path())
        .output()
        .expect("run script");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Scores the fixture register in `sb` without a terminal: stderr is the summary line alone,
/// with no counter or control characters. The number of activities it names.
fn scored_without_a_terminal(sb: &Sandbox) -> String {
    sb.write("register.xlsx", &crate::fixtures::register_xlsx());
    let run = sb.run(&["score", "register.xlsx"]);
    run.expect_code(0);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains(['\r', '\u{1b}']), "{:?}", run.stderr);
    assert!(!run.stderr.contains("/s)"), "{}", run.stderr);
    let activities = run
        .stderr
        .split(": ")
        .nth(1)
        .and_then(|s| s.split(' ').next());
    activities
        .expect("summary names the activities")
        .to_string()
}

#[test]
fn without_a_terminal_there_is_no_progress_counter() {
    scored_without_a_terminal(&Sandbox::new());
}

#[test]
#[cfg_attr(not(tool_script), ignore = "needs util-linux `script`")]
fn the_progress_counter_shows_on_a_terminal_only_in_the_output_language() {
    let sb = Sandbox::new();
    let activities = scored_without_a_terminal(&sb);
    // A terminal: the counter counts activities, in the output language; --quiet hides it.
    let cases = [
        (
            vec!["score", "register.xlsx", "--force"],
            Some("activiteiten ("),
        ),
        (
            vec!["score", "register.xlsx", "--force", "--lang", "en"],
            Some("activities ("),
        ),
        (vec!["score", "register.xlsx", "--force", "--quiet"], None),
    ];
    for (args, counter) in cases {
        let terminal = on_terminal(&sb, &args);
        match counter {
            Some(word) => {
                let last = format!("{activities} {word}");
                assert!(terminal.contains(&last), "{args:?}: {terminal:?}");
            }
            None => assert!(!terminal.contains("/s)"), "{args:?}: {terminal:?}"),
        }
    }
}

/// `check … | head`: when the reader of stdout goes away, the run ends quietly with code 0
/// (docs/output.md#output-files), not with "Broken pipe".
#[test]
fn a_closed_pipe_on_stdout_ends_check_quietly() {
    use std::io::Read;
    let sb = Sandbox::new();
    // Enough findings to fill the pipe's buffer many times over.
    let mut csv = String::from("ID;Verwerking;Aantal betrokkenen;Gevoeligheid\n");
    for i in 0..20_000 {
        csv.push_str(&format!("A-{i};Verwerking {i};veel;intern\n"));
    }
    sb.write("r.csv", csv.as_bytes());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dpia-triage"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["check", "r.csv"])
        .current_dir(sb.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A run ended by Ctrl-C, SIGTERM or SIGHUP leaves no temporary file behind (docs/output.md#output-files).
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    let sb = Sandbox::new();
    let mut csv = String::from(
        "ID;Verwerking;Aantal betrokkenen;Gevoeligheid;Categorieën persoonsgegevens\n",
    );
    for i in 0..150_000 {
        csv.push_str(&format!(
            "A-{i};Verwerking {i};{};intern;naam, e-mail\n",
            i % 5000
        ));
    }
    sb.write("groot.csv", csv.as_bytes());
    for signal in ["INT", "TERM", "HUP"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dpia-triage"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["score", "groot.csv", "--force", "--quiet"])
            .current_dir(sb.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run");
        let temps = || {
            std::fs::read_dir(sb.path())
                .map(|d| {
                    d.flatten()
                        .filter(|e| e.file_name().to_string_lossy().starts_with(".dpia-triage-"))
                        .count()
                })
                .unwrap_or(0)
        };
        // Wait until the run has made its temporary file, then interrupt it.
        let start = std::time::Instant::now();
        while temps() == 0 && start.elapsed() < std::time::Duration::from_secs(30) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        if temps() == 0 {
            let _ = child.kill();
            panic!("the run made no temporary file to interrupt");
        }
        // The file is named a moment before the run registers it for removal.
        std::thread::sleep(std::time::Duration::from_millis(100));
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = child.wait().expect("wait");
        if status.success() {
            // It finished first: nothing was interrupted; the output is complete.
            continue;
        }
        assert_eq!(temps(), 0, "SIG{signal} left a temporary file");
        assert!(
            !sb.file("groot.dpia.xlsx").exists(),
            "SIG{signal} left an output"
        );
    }
}

/// A second activity with an ID already used gets a finding on its ID cell (docs/output.md#output-files).
#[test]
fn a_duplicate_id_is_a_finding() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "ID;Verwerking;Aantal betrokkenen\nA-1;Eerste;10\nA-2;Tweede;10\na-1 ;Derde;10\n"
            .as_bytes(),
    );
    let doc = sb
        .run(&["score", "r.csv", "--format", "json", "-o", "-"])
        .json();
    let findings = |i: usize| {
        doc["rows"][i]["findings"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let dup: Vec<_> = findings(2)
        .into_iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("dubbel ID"))
        })
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", findings(2));
    assert_eq!(dup[0]["cell"], "A4");
    assert_eq!(dup[0]["message"], "dubbel ID: ook gebruikt in rij 2");
    for i in [0, 1] {
        assert!(
            !findings(i).iter().any(|f| f["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("dubbel"))),
            "row {i}"
        );
    }
}

/// Say what the file is: a PDF or an image named `.xlsx` is named as such in one line (not read
/// as a CSV without a header row), and a register without activities says it is empty.
#[test]
fn a_pdf_is_called_a_pdf_and_an_empty_register_empty() {
    let sb = Sandbox::new();
    for (name, bytes, kind) in [
        (
            "scan.xlsx",
            &b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"[..],
            "PDF",
        ),
        ("foto.xlsx", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "PNG"),
    ] {
        sb.write(name, bytes);
        let run = sb.run(&["score", name]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("dit is een {kind}-bestand")),
            "{}",
            run.stderr
        );
    }
    sb.write(
        "leeg.csv",
        "ID;Verwerking;Aantal betrokkenen;Gevoeligheid\r\n".as_bytes(),
    );
    let run = sb.run(&["score", "leeg.csv", "--format", "json", "-o", "leeg.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("geen activiteiten gevonden onder de koprij: het register is leeg"),
        "{}",
        run.stderr
    );
}
