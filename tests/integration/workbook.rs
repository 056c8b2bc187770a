//! The annotated workbook written beside the input (docs/output.md#workbook): the user's sheets and cells as they
//! were, the added columns after the last user column, the list sheets and the audit trail; plus
//! the file-safety rules of docs/output.md#exit-codes (input untouched, no overwrite without --force, reproducible).

use calamine::Data;

use crate::fixtures::{register_rows, register_xlsx, EXPECTED, HEADERS, NOTE, TITLE, V};
use crate::harness::{col_letters, sha256_file, Book, Sandbox};

/// Score the main fixture to its default output and open the result.
fn written() -> (Sandbox, Book) {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register_xlsx());
    sb.run(&["score", "register.xlsx"]).expect_code(0);
    let book = Book::open(&sb.file("register.dpia.xlsx"));
    (sb, book)
}

/// 0-based index of the header row and of the first data row in the fixture.
const HEADER: usize = 3;
const FIRST_DATA: usize = 4;

/// The Dutch word a level key is written as.
fn level_word(key: &str) -> &'static str {
    match key {
        "high" => "Hoog",
        "medium" => "Midden",
        "low" => "Laag",
        "none" => "Geen",
        "unknown" => "Onbekend",
        // A two-sided class (docs/output.md#score-class-and-advice).
        "incomplete" => "Onvolledig",
        other => panic!("no level {other}"),
    }
}

/// The Dutch label of an outcome key.
fn outcome_word(key: &str) -> &'static str {
    match key {
        "required" => "DPIA verplicht",
        "recommended" => "DPIA aanbevolen",
        "not_required" => "Geen DPIA nodig",
        "incomplete" => "Onvolledig",
        other => panic!("no outcome {other}"),
    }
}

#[test]
fn sheets_keep_their_order_and_the_tool_adds_four() {
    let (_sb, book) = written();
    assert_eq!(
        book.names,
        [
            "Register",
            "Toelichting",
            "Samenvatting",
            "Maatregelen",
            "Meldingen",
            "Verantwoording"
        ]
    );
}

#[test]
fn user_cells_keep_their_value_and_type() {
    let (_sb, book) = written();
    let reg = book.sheet("Register");
    assert_eq!(reg.cell("A1"), &Data::String(TITLE.into()));
    assert_eq!(reg.cell("A2"), &Data::String(NOTE.into()));
    assert_eq!(reg.row_texts(2), Vec::<String>::new(), "row 3 stays empty");
    for (c, h) in HEADERS.iter().enumerate() {
        assert_eq!(reg.at(HEADER, c), &Data::String((*h).into()), "header {c}");
    }
    for (i, row) in register_rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let got = reg.at(FIRST_DATA + i, c);
            let at = format!("{}{}", col_letters(c), FIRST_DATA + i + 1);
            match v {
                V::E => assert_eq!(got, &Data::Empty, "{at}"),
                V::T(t) => assert_eq!(got, &Data::String((*t).into()), "{at}"),
                V::N(n) => assert_eq!(got, &Data::Float(*n), "{at}"),
                V::D(y, m, d) => match got {
                    Data::DateTime(dt) if dt.is_datetime() => {
                        let date = dt.as_datetime().expect("date").date();
                        assert_eq!(
                            date.format("%Y-%m-%d").to_string(),
                            format!("{y}-{m:02}-{d:02}"),
                            "{at}"
                        );
                    }
                    other => panic!("{at}: expected a date cell, got {other:?}"),
                },
                other => panic!("fixture value {other:?} not used in the main register"),
            }
        }
    }
    let notes = book.sheet("Toelichting");
    assert_eq!(
        notes.cell("A1"),
        &Data::String("Toelichting bij het register".into())
    );
    assert_eq!(notes.cell("A2"), &Data::Float(42.0));
}

#[test]
fn added_headers_follow_the_last_user_column() {
    let (_sb, book) = written();
    let reg = book.sheet("Register");
    let added: Vec<String> = reg.row_texts(HEADER)[HEADERS.len()..].to_vec();
    let expected = [
        "Niveau Aantal betrokkenen",
        "Niveau Soorten persoonsgegevens",
        "Niveau Gevoeligheid",
        "Niveau Subverwerkers",
        "Niveau Impact op betrokkene",
        "Niveau Blootstelling",
        "Niveau AI/algoritmes",
        "Niveau Complexiteit",
        "Niveau Interne toegang",
        "Niveau Externe toegang",
        "Risicoscore",
        "Risicoklasse",
        "Aantal hoog",
        "DPIA-advies",
        "Signalen",
        "Onderbouwing",
        "Datakwaliteit",
    ];
    assert_eq!(added, expected);
    assert_eq!(
        reg.text("Y4"),
        "Niveau Aantal betrokkenen",
        "first added column is Y"
    );
}

#[test]
fn level_words_and_results_match_the_hand_derived_table() {
    let (_sb, book) = written();
    let reg = book.sheet("Register");
    let first = HEADERS.len();
    for (i, e) in EXPECTED.iter().enumerate() {
        let r = FIRST_DATA + i;
        assert_eq!(reg.at(r, 0), &Data::String(e.id.into()));
        for (k, level) in e.levels.iter().enumerate() {
            assert_eq!(
                reg.at(r, first + k),
                &Data::String(level_word(level).into()),
                "{} criterion {k}",
                e.id
            );
        }
        assert_eq!(
            reg.at(r, first + 10),
            &Data::Float(e.score as f64),
            "{}",
            e.id
        );
        assert_eq!(
            reg.at(r, first + 11),
            &Data::String(level_word(e.class).into()),
            "{}",
            e.id
        );
        assert_eq!(
            reg.at(r, first + 12),
            &Data::Float(e.high as f64),
            "{}",
            e.id
        );
        assert_eq!(
            reg.at(r, first + 13),
            &Data::String(outcome_word(e.outcome).into()),
            "{}",
            e.id
        );
    }
    // (cell, signals) — flags in Dutch.
    for (cell, signals) in [
        ("AM5", ""),
        ("AM6", "DPIA ontbreekt"),
        ("AM7", "afgeleid; herbeoordeling nodig"),
    ] {
        assert_eq!(reg.text(cell), signals, "{cell}");
    }
    let why = reg.text("AN9");
    assert!(
        why.contains("Aantal betrokkenen: 1.500 betrokkenen > 1.000 → Hoog"),
        "{why}"
    );
    assert!(
        // (Employees alone no longer make EDPB 7: the personnel files were a third criterion.)
        why.contains("Advies: 2 EDPB-criteria (4 gevoelige gegevens of gegevens van zeer persoonlijke aard, 6 matching of samenvoeging van datasets) ≥ 2 → DPIA verplicht"),
        "{why}"
    );
}

#[test]
fn findings_show_in_the_row_and_on_meldingen_with_their_cell() {
    let (_sb, book) = written();
    let reg = book.sheet("Register");
    let dq = reg.column_of(HEADER, "Datakwaliteit");
    let five = crate::harness::shown(reg.at(8, dq));
    assert!(
        five.starts_with("I9 Subverwerker met belangrijke rol"),
        "{five}"
    );
    assert_eq!(
        crate::harness::shown(reg.at(4, dq)),
        "",
        "VW-01 has no findings"
    );
    let meldingen = book.sheet("Meldingen").texts();
    assert_eq!(
        meldingen[0],
        ["Rij", "Activiteit-ID", "Cel", "Kolom", "Waarde", "Melding"]
    );
    // VW-04's stated EDPB cell leaves out three criteria its levels give (docs/rubric.md#derive); the last
    // lines rank what decides the incomplete advice (VW-07's), one line each (docs/output.md#score-class-and-advice).
    // (VW-06's unknown that does not change its advice is in its reason, not a finding.)
    assert_eq!(meldingen.len(), 7, "{meldingen:?}");
    assert_eq!(
        meldingen[5],
        ["", "", "", "Aantal betrokkenen", "", "Aantal betrokkenen ontbreekt of is leeg: beslissend voor het DPIA-advies bij 1 activiteit"]
    );
    assert_eq!(meldingen[6][3], "Blootstelling");
    for m in &meldingen[1..4] {
        assert_eq!(m[..5], ["8", "VW-04", "U8", "EDPB-criteria", "1; 5"]);
        assert!(m[5].starts_with("mogelijk ook EDPB "), "{m:?}");
    }
    assert_eq!(
        meldingen[4][..4],
        ["9", "VW-05", "I9", "Subverwerker met belangrijke rol"]
    );
    assert!(!meldingen.iter().any(|m| m[1] == "VW-06"), "{meldingen:?}");
}

#[test]
fn maatregelen_lists_each_measure_of_an_activity_as_open() {
    let (_sb, book) = written();
    let sheet = book.sheet("Maatregelen").texts();
    assert_eq!(
        sheet[0][..8],
        [
            "Prioriteit",
            "Activiteit-ID",
            "Verwerking",
            "Criterium",
            "Maatregel-ID",
            "Maatregel",
            "Eigenaar (rol)",
            "Status"
        ]
    );
    let of_two: Vec<(String, String, String, String)> = sheet[1..]
        .iter()
        .filter(|r| r[1] == "VW-02")
        .map(|r| (r[2].clone(), r[4].clone(), r[6].clone(), r[7].clone()))
        .collect();
    let name = "Cursusinschrijving; wachtlijst";
    let expected: Vec<(String, String, String, String)> = [
        ("M-DPIA-01", "privacy-officer"),
        ("M-GEV-03", "security-officer"),
        ("M-SUB-01", "jurist"),
        ("M-AI-03", "data-scientist"),
        ("M-EXT-02", "security-officer"),
    ]
    .iter()
    .map(|(m, role)| (name.into(), (*m).into(), (*role).into(), "open".into()))
    .collect();
    assert_eq!(of_two, expected);
    assert!(
        sheet[1..].iter().all(|r| r[1] != "VW-01"),
        "a low row gets no measures"
    );
}

#[test]
fn verantwoording_records_the_input_hash_sheet_and_time() {
    let (sb, book) = written();
    let audit = book.sheet("Verantwoording").texts();
    let value = |key: &str| -> String {
        audit
            .iter()
            .find(|r| r.first().is_some_and(|k| k == key))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_else(|| panic!("no '{key}' on Verantwoording: {audit:?}"))
    };
    let input = sb.file("register.xlsx");
    assert_eq!(value("Invoer SHA-256"), sha256_file(&input));
    assert_eq!(
        value("Grootte (bytes)"),
        std::fs::metadata(&input).expect("size").len().to_string()
    );
    assert_eq!(
        value("Blad"),
        "Register (het eerste zichtbare blad met een koprij)"
    );
    assert_eq!(value("Koprij"), "4");
    assert_eq!(value("Tijdstip (UTC)"), "2026-09-21 14:13:20");
    assert_eq!(value("Activiteiten beoordeeld"), "8");
    assert_eq!(value("criteria.data_subjects.high"), "> 1.000");
}

#[test]
fn samenvatting_counts_outcomes_and_classes() {
    let (_sb, book) = written();
    let s = book.sheet("Samenvatting").texts();
    let count = |label: &str| -> String {
        s.iter()
            .find(|r| r.first().is_some_and(|k| k == label))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_else(|| panic!("no '{label}' on Samenvatting"))
    };
    // (label, count)
    for (label, n) in [
        ("DPIA verplicht", "4"),
        ("DPIA aanbevolen", "2"),
        ("Geen DPIA nodig", "1"),
        ("Onvolledig", "1"),
        ("Hoog", "3"),
        ("Midden", "2"),
        ("Laag", "1"),
        ("DPIA ontbreekt", "4"),
        ("activiteiten beoordeeld", "8"),
    ] {
        assert_eq!(count(label), n, "{label}");
    }
}

#[test]
fn samenvatting_lists_the_highest_scores_first() {
    let (_sb, book) = written();
    let s = book.sheet("Samenvatting").texts();
    let start = s
        .iter()
        .position(|r| r.first().is_some_and(|k| k == "Hoogste risicoscores"))
        .expect("top list")
        + 2;
    let ids: Vec<&str> = s[start..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        ids,
        ["VW-04", "VW-02", "VW-08", "VW-05", "VW-03", "VW-07", "VW-01", "VW-06"]
    );
}

#[test]
fn the_input_file_is_left_byte_for_byte() {
    let sb = Sandbox::new();
    let input = sb.write("register.xlsx", &register_xlsx());
    let before = sha256_file(&input);
    sb.run(&["score", "register.xlsx"]).expect_code(0);
    assert_eq!(sha256_file(&input), before);
    assert_eq!(sb.listing(), ["register.dpia.xlsx", "register.xlsx"]);
}

#[test]
fn an_existing_output_is_only_overwritten_with_force() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register_xlsx());
    sb.run(&["score", "register.xlsx"]).expect_code(0);
    let again = sb.run(&["score", "register.xlsx"]);
    again.expect_code(1);
    assert!(again.stderr.contains("bestaat al"), "{}", again.stderr);
    sb.run(&["score", "register.xlsx", "--force"])
        .expect_code(0);
    assert_eq!(sb.listing(), ["register.dpia.xlsx", "register.xlsx"]);
}

#[test]
fn the_same_source_date_epoch_gives_identical_bytes() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register_xlsx());
    sb.run(&["score", "register.xlsx"]).expect_code(0);
    let first = std::fs::read(sb.file("register.dpia.xlsx")).expect("first output");
    sb.run(&["score", "register.xlsx", "--force"])
        .expect_code(0);
    let second = std::fs::read(sb.file("register.dpia.xlsx")).expect("second output");
    assert!(
        first == second,
        "two runs with one SOURCE_DATE_EPOCH differ"
    );
}

/// Identical bytes also when the list sheets' writer thread is busy while the register is still
/// being written: 3,000 rows give several batches of Maatregelen and Meldingen rows, and the only
/// date cell of the register comes in its last row, long after the first links and measures.
#[test]
fn a_long_register_gives_identical_bytes_twice() {
    let rows = register_rows();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Register").unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date = crate::fixtures::date_format();
    let count = 3_000;
    for i in 0..count {
        let mut row = rows[i % rows.len()].clone();
        if i + 1 < count {
            for v in row.iter_mut().filter(|v| matches!(v, V::D(..))) {
                *v = V::E;
            }
        }
        crate::fixtures::write_row(ws, 1 + i as u32, &row, &date);
    }
    let sb = Sandbox::new();
    sb.write("lang.xlsx", &wb.save_to_buffer().unwrap());
    sb.run(&["score", "lang.xlsx"]).expect_code(0);
    let first = std::fs::read(sb.file("lang.dpia.xlsx")).unwrap();
    sb.run(&["score", "lang.xlsx", "--force"]).expect_code(0);
    let second = std::fs::read(sb.file("lang.dpia.xlsx")).unwrap();
    assert!(
        first == second,
        "two runs with one SOURCE_DATE_EPOCH differ"
    );
    let book = Book::open(&sb.file("lang.dpia.xlsx"));
    assert!(
        book.sheet("Maatregelen").texts().len() > 2 * 2048,
        "several batches of list rows"
    );
}

/// A rubric whose word list is longer than a cell holds still writes its audit trail: the list
/// is cut to the cell, ending in `…`.
#[test]
fn a_rubric_with_a_very_long_word_list_fits_its_audit_trail() {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register_xlsx());
    let rubric = sb.run(&["rubric"]).stdout;
    let terms: Vec<String> = (0..5000).map(|i| format!("\"zzterm{i:05}*\"")).collect();
    let long = rubric.replacen(
        "sensitive = [",
        &format!("sensitive = [{}, ", terms.join(", ")),
        1,
    );
    sb.write("lang.toml", long.as_bytes());
    sb.run(&["score", "register.xlsx", "--rubric", "lang.toml"])
        .expect_code(0);
    let book = Book::open(&sb.file("register.dpia.xlsx"));
    let audit = book.sheet("Verantwoording").texts();
    let cell = audit
        .iter()
        .find(|r| {
            r.first()
                .is_some_and(|k| k == "criteria.sensitivity.terms.sensitive")
        })
        .and_then(|r| r.get(1).cloned())
        .expect("the sensitive terms on Verantwoording");
    assert!(
        cell.ends_with('…') && cell.chars().count() <= 32_767,
        "{} chars",
        cell.len()
    );
}

/// Maatregelen is a work list: most urgent first (DPIA outcome, then risk class, then the
/// criterion's level), the priority in its first column; the Samenvatting counts the open
/// measures per owner role.
#[test]
fn maatregelen_is_sorted_by_urgency_and_counted_per_owner() {
    let (_sb, book) = written();
    let sheet = book.sheet("Maatregelen").texts();
    let register = book.sheet("Register");
    let outcome_col = register.column_of(HEADER, "DPIA-advies");
    let class_col = register.column_of(HEADER, "Risicoklasse");
    let rank = |o: &str| match o {
        "DPIA verplicht" => 1,
        "DPIA aanbevolen" => 2,
        "Onvolledig" => 3,
        _ => 4,
    };
    let class_rank = |c: &str| match c {
        "Hoog" => 0,
        "Midden" => 1,
        "Onvolledig" => 2,
        _ => 3,
    };
    let mut last = (0, 0);
    for r in &sheet[1..] {
        let priority: u32 = r[0].parse().unwrap_or_else(|_| panic!("priority in {r:?}"));
        let row: usize = r[12].parse().expect("Rij");
        let outcome = register.text(&format!(
            "{}{row}",
            crate::harness::col_letters(outcome_col)
        ));
        let class = register.text(&format!("{}{row}", crate::harness::col_letters(class_col)));
        assert_eq!(priority, rank(&outcome), "{r:?}");
        let key = (priority, class_rank(&class));
        assert!(key >= last, "{r:?} after {last:?}");
        last = key;
    }
    assert_eq!(sheet[1][0], "1", "a required activity first");
    // Every measure is open on a first run: the counts per owner add up to the rows.
    let summary = book.sheet("Samenvatting").texts();
    let at = summary
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| c.starts_with("Openstaande maatregelen per eigenaar"))
        })
        .expect("the open measures per owner");
    let mut total = 0;
    for r in &summary[at + 1..] {
        let Some(n) = r.get(1).and_then(|n| n.parse::<usize>().ok()) else {
            break;
        };
        assert!(!r[0].is_empty());
        total += n;
    }
    assert_eq!(total, sheet.len() - 1);
}
