//! One language at a time: with `--lang en` (or an English locale when `--lang` is not given)
//! the words the tool writes are English, on Maatregelen too (statuses, owner roles, the status
//! dropdown), in `check` and in `template`; with Dutch, Dutch.

use crate::harness::{Book, Sandbox};

/// (arguments, environment, sheet name, first status, a role, the dropdown's list)
type Case<'a> = (
    &'a [&'a str],
    &'a [(&'a str, &'a str)],
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

#[test]
fn maatregelen_speaks_the_output_language() {
    let cases: [Case<'_>; 3] = [
        (
            &["--lang", "en"],
            &[],
            "Measures",
            "open",
            "data engineer",
            "\"open,in progress,done,not applicable,expired\"",
        ),
        (
            &[],
            &[("LANG", "en_GB.UTF-8")],
            "Measures",
            "open",
            "data engineer",
            "\"open,in progress,done,not applicable,expired\"",
        ),
        (
            &[],
            &[],
            "Maatregelen",
            "open",
            "data-engineer",
            "\"open,in uitvoering,gerealiseerd,niet van toepassing,vervallen\"",
        ),
    ];
    for (args, env, sheet, status, role, dropdown) in cases {
        let sb = Sandbox::new();
        sb.copy_from_repo("samples/verwerkingsregister.xlsx");
        let mut all = vec!["score", "verwerkingsregister.xlsx", "-o", "uit.xlsx"];
        all.extend(args);
        let mut env: Vec<(&str, &str)> = env.to_vec();
        env.push(("SOURCE_DATE_EPOCH", "1790000000"));
        sb.run_with_env(&all, &env).expect_code(0);
        let book = Book::open(&sb.file("uit.xlsx"));
        let m = book.sheet(sheet).texts();
        let status_col = 7;
        let role_col = 6;
        assert_eq!(m[1][status_col], status, "{args:?} {env:?}");
        assert!(
            m.iter().any(|r| r.get(role_col).is_some_and(|c| c == role)),
            "{args:?} {env:?}: {role}"
        );
        let xml = crate::harness::sheet_xml(&sb.file("uit.xlsx"), sheet);
        assert!(xml.contains(dropdown), "{args:?} {env:?}: {dropdown}");
    }
}

/// `check --lang en` and `template --lang en` answer in English.
#[test]
fn check_and_template_speak_english() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister-art30.xlsx");
    let run = sb.run(&["check", "verwerkingsregister-art30.xlsx", "--lang", "en"]);
    run.expect_code(0);
    assert!(run.stdout.contains("— header row 4"), "{}", run.stdout);
    assert!(run.stdout.contains("findings:"), "{}", run.stdout);
    assert!(run.stdout.contains("42 activities,"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("koprij") && !run.stdout.contains("meldingen"),
        "{}",
        run.stdout
    );
    let run = sb.run(&["template", "--lang", "en"]);
    run.expect_code(0);
    assert!(
        run.stderr.starts_with("template written: "),
        "{}",
        run.stderr
    );
    let nl = sb.run(&["check", "verwerkingsregister-art30.xlsx"]);
    assert!(
        nl.stdout.contains("— koprij 4") && nl.stdout.contains("42 activiteiten,"),
        "{}",
        nl.stdout
    );
}

/// Refusals and errors in English with `--lang en` (and in Dutch without): (file, bytes,
/// arguments, English line, Dutch line).
#[test]
fn errors_speak_the_output_language() {
    type Case<'a> = (&'a str, &'a [u8], &'a [&'a str], &'a str, &'a str);
    let cases: [Case<'_>; 5] = [
        (
            "leeg.csv",
            b"",
            &[],
            "dpia-triage: leeg.csv: the file is empty",
            "dpia-triage: leeg.csv: het bestand is leeg",
        ),
        (
            "pagina.xls",
            b"<html><body><table><tr><td>x</td></tr></table></body></html>",
            &[],
            "dpia-triage: pagina.xls: this is an HTML page (often an export from a web application), not a workbook; open it in Excel and save it as .xlsx",
            "dpia-triage: pagina.xls: dit is een HTML-pagina (vaak een export uit een webapplicatie), geen werkmap; open hem in Excel en sla hem op als .xlsx",
        ),
        (
            "r.csv",
            b"ID;Verwerking;Aantal betrokkenen\r\nVW-1;X;5\r\n",
            &["--sheet", "Blad9"],
            "dpia-triage: r.csv: sheet 'Blad9' does not exist; sheets: Register",
            "dpia-triage: r.csv: blad 'Blad9' bestaat niet; bladen: Register",
        ),
        (
            "r.csv",
            b"ID;Verwerking;Aantal betrokkenen\r\nVW-1;X;5\r\n",
            &["-o", "uit.txt"],
            "dpia-triage: r.csv: uit.txt: the output is a workbook without macros; choose an output name ending in .xlsx",
            "dpia-triage: r.csv: uit.txt: de uitvoer is een werkmap zonder macro's; kies een uitvoernaam die op .xlsx eindigt",
        ),
        (
            "r.csv",
            b"ID;Verwerking;Aantal betrokkenen\r\nVW-1;X;5\r\n",
            &["--map", "zonder-is-teken"],
            "dpia-triage: --map \"zonder-is-teken\": expected \"HEADER=field\"",
            "dpia-triage: --map \"zonder-is-teken\": verwacht \"KOLOMKOP=veld\"",
        ),
    ];
    for (name, bytes, extra, en, nl) in cases {
        for (lang, expected) in [("en", en), ("nl", nl)] {
            let sb = Sandbox::new();
            sb.write(name, bytes);
            let mut args = vec!["score", name, "--lang", lang];
            args.extend(extra);
            let run = sb.run(&args);
            assert_eq!(run.stderr.trim(), expected, "{lang}: {args:?}");
        }
    }
}

/// The system's own errors speak the run's language too, and never show a temporary file's
/// path: a file that is not there, a folder given as a register, an output in a folder that is
/// not there.
#[test]
fn system_errors_speak_the_output_language() {
    let register = b"ID;Verwerking;Aantal betrokkenen\r\nVW-1;X;5\r\n";
    // (arguments after `score`, English line, Dutch line)
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["weg.xlsx"],
            "dpia-triage: weg.xlsx: cannot open: no such file or folder (os error 2)",
            "dpia-triage: weg.xlsx: kan niet openen: bestand of map bestaat niet (OS-fout 2)",
        ),
        (
            &["map"],
            "dpia-triage: map: cannot read: is a folder (os error 21)",
            "dpia-triage: map: kan niet lezen: is een map (OS-fout 21)",
        ),
        (
            &["r.csv", "-o", "geen-map/uit.xlsx"],
            "dpia-triage: r.csv: geen-map: cannot make a temporary file: no such file or folder (os error 2)",
            "dpia-triage: r.csv: geen-map: kan geen tijdelijk bestand maken: bestand of map bestaat niet (OS-fout 2)",
        ),
    ];
    for (extra, en, nl) in cases {
        for (lang, expected) in [("en", en), ("nl", nl)] {
            let sb = Sandbox::new();
            sb.write("r.csv", register);
            std::fs::create_dir(sb.path().join("map")).expect("folder");
            let mut args = vec!["score", "--lang", lang];
            args.extend(extra);
            let run = sb.run(&args);
            assert_eq!(run.stderr.trim(), expected, "{lang}: {args:?}");
            assert_eq!(run.code, 1, "{lang}: {args:?}");
        }
    }
}

/// The command line's own help and errors are in the run's language: `--lang`, else the
/// locale (Dutch when it is not an English one).
#[test]
fn help_and_usage_errors_speak_the_run_language() {
    // (arguments, LANG, exit code, the output's start, a line it has)
    let cases: [(&[&str], &str, i32, &str, &str); 8] = [
        (
            &["score", "--bogus"],
            "",
            2,
            "fout: onbekende optie '--bogus'",
            "Meer hulp: dpia-triage score --help",
        ),
        (
            &["score", "--bogus", "--lang", "en"],
            "",
            2,
            "error: unexpected argument '--bogus' found",
            "For more information, try '--help'.",
        ),
        (
            &["score", "--bogus"],
            "en_GB.UTF-8",
            2,
            "error: unexpected argument '--bogus' found",
            "Usage: dpia-triage score",
        ),
        (
            &["scor"],
            "nl_NL.UTF-8",
            2,
            "fout: onbekende opdracht 'scor'",
            "  tip: bedoelde je 'score'?",
        ),
        (
            &["score", "r.csv", "--format", "pdf"],
            "",
            2,
            "fout: ongeldige waarde 'pdf' voor '--format <FORMAAT>'; mogelijk: xlsx, json, csv",
            "Meer hulp: dpia-triage score --help",
        ),
        (
            &["score", "r.csv", "--zip-level=12"],
            "",
            2,
            "fout: ongeldige waarde '12' voor '--zip-level <1-9>': 12 ligt niet in 1..=9",
            "",
        ),
        (
            &["score", "--help"],
            "",
            0,
            "Beoordeel registers en schrijf de geannoteerde werkmap",
            "Gebruik: dpia-triage score [OPTIES] <INVOER>...",
        ),
        (
            &["--help", "--lang=en"],
            "",
            0,
            "Triage a processing register",
            "Usage: dpia-triage <COMMAND>",
        ),
    ];
    for (args, locale, code, start, line) in cases {
        let sb = Sandbox::new();
        let env: Vec<(&str, &str)> = if locale.is_empty() {
            Vec::new()
        } else {
            vec![("LANG", locale)]
        };
        let run = sb.run_with_env(args, &env);
        assert_eq!(run.code, code, "{args:?}");
        let out = if code == 0 { &run.stdout } else { &run.stderr };
        assert!(out.starts_with(start), "{args:?} {locale}:\n{out}");
        assert!(out.contains(line), "{args:?}: {line}\n{out}");
    }
}
