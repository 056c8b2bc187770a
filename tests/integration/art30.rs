//! A register as organisations keep it under art. 30 GDPR (docs/register.md#art-30-registers, docs/rubric.md#derive, docs/output.md#score-class-and-advice): the bundled
//! sample of the fictitious Gemeente Dijkerveen, with text columns only. Its columns are
//! recognised, its texts give AP-list items and EDPB criteria with the words they came from, and
//! what it does not say stays unknown: no reassuring "Laag" or "Geen DPIA nodig" from columns the
//! register does not have.

use crate::harness::{Book, Sandbox};

fn scored() -> (Sandbox, serde_json::Value) {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister-art30.xlsx");
    let run = sb.run(&[
        "score",
        "verwerkingsregister-art30.xlsx",
        "--format",
        "json",
        "-o",
        "-",
    ]);
    run.expect_code(0);
    let doc = run.json();
    (sb, doc)
}

fn row<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn the_art30_sample_is_read_and_triaged_honestly() {
    let (_sb, doc) = scored();
    assert_eq!(doc["summary"]["rows"], 42);
    // Without AP-list and EDPB columns nothing is "not required": an activity is required where
    // its text says so, else incomplete; no class is known without the counts.
    assert_eq!(doc["summary"]["by_outcome"]["not_required"], 0);
    assert_eq!(doc["summary"]["by_class"]["incomplete"], 42);
    // The missing columns that decide outcomes are findings of the document too, as on Meldingen.
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["message"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        messages.contains(
            &"AP-lijst ontbreekt of is leeg: beslissend voor het DPIA-advies bij 25 activiteiten"
        ),
        "{messages:?}"
    );
    // (id, outcome, words the reason must hold, flags it must have)
    let cases: [(&str, &str, &[&str], &[&str]); 7] = [
        (
            "P-004",
            "required",
            &["AP 9 cameratoezicht ← 'cameratoezicht' in Verwerking"],
            &["derived"],
        ),
        (
            "P-005",
            "required",
            &["AP 10 flexibel cameratoezicht ← 'bodycams' in Verwerking"],
            &["derived"],
        ),
        // Sick-leave registration: health data (sensitivity Hoog, EDPB 4); not AP 7, which is
        // large-scale processing of health data. Employees alone do not make EDPB 7, but
        // employees whose health is at stake do (`[derive.only_with]`; incomplete before): two
        // EDPB criteria, required.
        (
            "P-013",
            "required",
            &[
                "EDPB 4 gevoelige gegevens",
                "EDPB 7 kwetsbare betrokkenen ← 'medewerkers' in Betrokkenen",
            ],
            &["derived"],
        ),
        // The register says no DPIA is needed; its purpose says otherwise.
        (
            "P-022",
            "required",
            &["AP 5 financiële situatie ← 'financiele situatie' in Doel"],
            &["derived", "dpia_judgement_differs"],
        ),
        (
            "P-028",
            "required",
            &["3 fraudebestrijding", "15 profilering"],
            &["derived", "dpia_judgement_differs"],
        ),
        // A chatbot: EDPB 8, a transfer to the US; the AP list and EDPB column are missing.
        (
            "P-029",
            "incomplete",
            &["EDPB 8", "afhankelijk van: AP-lijst, EDPB-criteria"],
            &["derived", "transfer_outside_eea"],
        ),
        // Nothing in the text: the missing columns decide, and the unknown AI use (at Hoog it
        // gives EDPB 8: each side is evaluated whole since the triage of real registers).
        (
            "P-017",
            "incomplete",
            &["afhankelijk van: AI/algoritmes, AP-lijst, EDPB-criteria"],
            &[],
        ),
    ];
    for (id, outcome, words, flags) in cases {
        let r = row(&doc, id);
        assert_eq!(r["outcome"], outcome, "{id}: {}", r["outcome_reason"]);
        let reason = r["outcome_reason"].as_str().unwrap_or_default();
        for w in words {
            assert!(reason.contains(w), "{id}: {reason}");
        }
        let got: Vec<&str> = r["flags"]
            .as_array()
            .map(|f| f.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        for f in flags {
            assert!(got.contains(f), "{id}: {got:?}");
        }
    }
    // The transfer gets its measure; Cloud86-style names are no counts: one system each.
    let measures: Vec<&str> = row(&doc, "P-029")["measures"]
        .as_array()
        .map(|m| m.iter().filter_map(|x| x["id"].as_str()).collect())
        .unwrap_or_default();
    assert!(measures.contains(&"M-DOORGIFTE-01"), "{measures:?}");
}

#[test]
fn the_annotated_art30_register_ranks_what_is_missing() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister-art30.xlsx");
    sb.run(&["score", "verwerkingsregister-art30.xlsx"])
        .expect_code(0);
    let book = Book::open(&sb.file("verwerkingsregister-art30.dpia.xlsx"));
    let summary = book.sheet("Samenvatting").texts();
    let at = summary
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| c == "Ontbrekende invoer die het advies bepaalt")
        })
        .expect("the ranking of missing input");
    // Both missing columns decide the 25 incomplete activities (24 while employees alone made
    // EDPB 7; 26 before the sick-leave registration's employees counted as vulnerable beside
    // their health data, `[derive.only_with]`); they come first.
    let ranked: Vec<(String, String)> = summary[at + 1..at + 3]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(
        ranked,
        [
            ("AP-lijst".to_string(), "25".to_string()),
            ("EDPB-criteria".to_string(), "25".to_string())
        ]
    );
    // Counts per department, where the register gives one.
    let publiek = summary
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "Publiekszaken"))
        .expect("a line for Publiekszaken");
    assert_eq!(publiek[1], "6", "{publiek:?}");
    let per_outcome: u32 = publiek[2..6]
        .iter()
        .map(|n| n.parse::<u32>().unwrap_or(0))
        .sum();
    assert_eq!(per_outcome, 6, "{publiek:?}");
    // The Verantwoording says what is derived from the text and how.
    let audit = book.sheet("Verantwoording").texts();
    let value = |key: &str| {
        audit
            .iter()
            .find(|r| r.first().is_some_and(|k| k == key))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_else(|| panic!("no {key} in {audit:?}"))
    };
    assert_eq!(value("derive.ap_list"), "true");
    assert!(value("derive.scan").contains("purpose"));
    assert!(value("derive.terms").parse::<usize>().unwrap_or(0) > 300);
    assert!(value("derive.negations").starts_with("geen, niet, zonder"));
    let meldingen = book.sheet("Meldingen").texts();
    assert!(
        meldingen.iter().any(|r| r.last().is_some_and(|m| {
            m
            == "AP-lijst ontbreekt of is leeg: beslissend voor het DPIA-advies bij 25 activiteiten"
        })),
        "{meldingen:?}"
    );
}

/// The assessment columns the register lacks are added before the tool's own, with the
/// template's headers, notes and dropdowns, for the officer to fill in; scoring the workbook again
/// keeps them as the register's and adds nothing twice (docs/output.md#workbook).
#[test]
fn missing_assessment_columns_are_added_to_fill_in() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister-art30.xlsx");
    sb.run(&["score", "verwerkingsregister-art30.xlsx", "-o", "een.xlsx"])
        .expect_code(0);
    let one = Book::open(&sb.file("een.xlsx"));
    let header = one.sheet("Verwerkingsregister").row_texts(3);
    let at = |h: &str| header.iter().position(|x| x == h);
    let (own_last, first_input, first_level) = (
        at("DPIA vereist?").expect("the register's last column"),
        at("Aantal betrokkenen").expect("an added input column"),
        at("Niveau Aantal betrokkenen").expect("the tool's first column"),
    );
    assert_eq!(first_input, own_last + 1, "{header:?}");
    for h in [
        "Vertrouwelijkheid",
        "AP-lijst",
        "EDPB-criteria",
        "Datum laatste beoordeling",
    ] {
        let c = at(h).unwrap_or_else(|| panic!("{h} in {header:?}"));
        assert!(c > own_last && c < first_level, "{h}");
    }
    // Counts the register's lists already give are not asked again.
    for h in [
        "Aantal systemen",
        "Aantal verwerkers",
        "Aantal soorten persoonsgegevens",
    ] {
        assert_eq!(at(h), None, "{h}");
    }
    let sheet = crate::harness::sheet_xml(&sb.file("een.xlsx"), "Verwerkingsregister");
    assert!(
        sheet.contains("Openbaar,Intern,Vertrouwelijk"),
        "a dropdown on Vertrouwelijkheid"
    );
    // Onvolledig is hatched in Risicoklasse as in DPIA-advies.
    let class = crate::harness::col_letters(at("Risicoklasse").expect("Risicoklasse"));
    let onvolledig = sheet
        .split("<conditionalFormatting ")
        .find(|cf| cf.contains("&quot;Onvolledig&quot;") || cf.contains("\"Onvolledig\""))
        .expect("a rule for Onvolledig");
    assert!(
        onvolledig.contains(&format!("{class}5:{class}")),
        "{onvolledig}"
    );
    let workbook = crate::harness::zip_part(&sb.file("een.xlsx"), "xl/workbook.xml");
    assert!(workbook.contains(&format!(
        "'Verwerkingsregister'!${}$4:",
        crate::harness::col_letters(first_level)
    )));
    // Scored again: the same columns, the input columns now the register's own.
    sb.run(&["score", "een.xlsx", "-o", "twee.xlsx"])
        .expect_code(0);
    let two = Book::open(&sb.file("twee.xlsx"));
    assert_eq!(two.sheet("Verwerkingsregister").row_texts(3), header);
    assert_eq!(two.names, one.names);
}

/// The sheet's XML with a text cell put into row `row` (1-based) at column `col` (0-based), which
/// is empty there: as a user typing into an added input column and saving.
fn type_into(path: &std::path::Path, sheet: &str, row: usize, col: usize, text: &str) {
    let part = crate::harness::sheet_part_name(path, sheet);
    let mut parts = crate::harness::zip_parts(path);
    let xml = String::from_utf8(parts[&part].clone()).expect("utf-8");
    let letters = crate::harness::col_letters(col);
    let cell = format!("<c r=\"{letters}{row}\" t=\"inlineStr\"><is><t>{text}</t></is></c>");
    // Cells are in column order: the new one goes before the first cell right of it.
    let open = format!("<row r=\"{row}\"");
    let start = xml.find(&open).expect("the row");
    let end = start + xml[start..].find("</row>").expect("row end");
    let mut at = end;
    let mut search = start;
    while let Some(i) = xml[search..end].find("<c r=\"") {
        let c = search + i;
        let r = &xml[c + 6..];
        let name = &r[..r.find('"').expect("ref")];
        let (c_col, _) = crate::harness::a1(name);
        if c_col > col {
            at = c;
            break;
        }
        search = c + 1;
    }
    let edited = format!("{}{cell}{}", &xml[..at], &xml[at..]);
    parts.insert(part, edited.into_bytes());
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (name, bytes) in parts {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        std::io::Write::write_all(&mut out, &bytes).expect("write");
    }
    out.finish().expect("finish");
}

/// The outcome of every activity, by ID, of a JSON document.
fn outcomes(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| (r["id"].to_string(), r["outcome"].to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// An AP-list or EDPB column the tool added and the officer left empty has not been answered:
/// scoring the workbook again gives the same outcomes, not "none apply"; `geen` typed into it is
/// an answer (docs/output.md#score-class-and-advice, docs/output.md#workbook).
#[test]
fn an_added_ap_column_left_empty_is_not_an_answer() {
    let (sb, first) = scored();
    sb.run(&["score", "verwerkingsregister-art30.xlsx", "-o", "een.xlsx"])
        .expect_code(0);
    let again = sb.run(&["score", "een.xlsx", "--format", "json", "-o", "-"]);
    again.expect_code(0);
    let again = again.json();
    assert_eq!(outcomes(&again), outcomes(&first));
    assert_eq!(again["summary"]["by_outcome"]["not_required"], 0);

    // P-017 says nothing in its text: the missing columns decide it.
    let book = Book::open(&sb.file("een.xlsx"));
    let sheet = book.sheet("Verwerkingsregister");
    let ap = sheet.column_of(3, "AP-lijst");
    let edpb = sheet.column_of(3, "EDPB-criteria");
    let r = (0..sheet.texts().len())
        .find(|r| sheet.at(*r, 0) == &calamine::Data::String("P-017".into()))
        .expect("P-017");
    let note = crate::harness::zip_parts(&sb.file("een.xlsx"))
        .iter()
        .filter(|(n, _)| n.starts_with("xl/comments"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect::<String>();
    assert!(note.contains("een lege cel telt als nog niet beantwoord"));
    type_into(
        &sb.file("een.xlsx"),
        "Verwerkingsregister",
        r + 1,
        ap,
        "geen",
    );
    type_into(
        &sb.file("een.xlsx"),
        "Verwerkingsregister",
        r + 1,
        edpb,
        "geen",
    );
    let answered = sb.run(&["score", "een.xlsx", "--format", "json", "-o", "-"]);
    answered.expect_code(0);
    let answered = answered.json();
    let p017 = row(&answered, "P-017");
    let reason = p017["outcome_reason"].as_str().unwrap_or_default();
    assert!(!reason.contains("AP-lijst"), "{reason}");
    assert!(!reason.contains("EDPB-criteria"), "{reason}");
    assert_eq!(row(&first, "P-017")["outcome"], "incomplete");
    // Every other activity is as it was.
    let others = |doc: &serde_json::Value| {
        outcomes(doc)
            .into_iter()
            .filter(|(id, _)| id != "\"P-017\"")
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&answered), others(&first));
}

/// A register kept as a CSV (or .xls, .ods) is rebuilt, and gets the same added input columns,
/// dropdowns, notes and marker as in place: scored again, it keeps them and adds nothing twice.
#[test]
fn a_csv_art30_register_gets_the_input_columns_too() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister-art30.xlsx");
    // The sample as Dutch Excel saves it as CSV.
    let book = Book::open(&sb.file("verwerkingsregister-art30.xlsx"));
    let rows = book.sheet("Verwerkingsregister").texts();
    let mut csv = String::from("\u{feff}");
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        csv.push_str(&cells.join(";"));
        csv.push_str("\r\n");
    }
    sb.write("register.csv", csv.as_bytes());
    sb.run(&["score", "register.csv", "-o", "een.xlsx"])
        .expect_code(0);
    let one = Book::open(&sb.file("een.xlsx"));
    // A CSV file has one sheet, called Register.
    let sheet = one.sheet("Register");
    // (A CSV has no empty lines to keep: the header row moves up.)
    let hr = (0..sheet.texts().len())
        .find(|r| sheet.row_texts(*r).iter().any(|h| h == "Proces"))
        .expect("the header row");
    let header = sheet.row_texts(hr);
    let at = |h: &str| header.iter().position(|x| x == h);
    let own_last = at("DPIA vereist?").expect("the register's last column");
    let first_input = at("Aantal betrokkenen").expect("an added input column");
    let first_level = at("Niveau Aantal betrokkenen").expect("the tool's first column");
    assert_eq!(first_input, own_last + 1, "{header:?}");
    for h in ["Vertrouwelijkheid", "AP-lijst", "EDPB-criteria"] {
        let c = at(h).unwrap_or_else(|| panic!("{h} in {header:?}"));
        assert!(c > own_last && c < first_level, "{h}");
    }
    let xml = crate::harness::sheet_xml(&sb.file("een.xlsx"), "Register");
    assert!(xml.contains("Openbaar,Intern,Vertrouwelijk"), "a dropdown");
    let workbook = crate::harness::zip_part(&sb.file("een.xlsx"), "xl/workbook.xml");
    for (name, col) in [
        ("dpia_triage_inputs", first_input),
        ("dpia_triage_columns", first_level),
    ] {
        let expected = format!(
            "<definedName name=\"{name}\">'Register'!${}${}:",
            crate::harness::col_letters(col),
            hr + 1
        );
        assert!(workbook.contains(&expected), "{expected} in {workbook}");
    }
    // Every row of every sheet is written once (Excel repairs a sheet with a repeated row).
    for (name, bytes) in crate::harness::zip_parts(&sb.file("een.xlsx")) {
        if !name.starts_with("xl/worksheets/") {
            continue;
        }
        let xml = String::from_utf8_lossy(&bytes);
        let numbers: Vec<u32> = xml
            .split("<row r=\"")
            .skip(1)
            .filter_map(|t| t.split('"').next()?.parse().ok())
            .collect();
        assert!(
            numbers.windows(2).all(|w| w[0] < w[1]),
            "{name}: {numbers:?}"
        );
    }
    let first = sb.run(&["score", "register.csv", "--format", "json", "-o", "-"]);
    let again = sb.run(&["score", "een.xlsx", "--format", "json", "-o", "-"]);
    assert_eq!(outcomes(&again.json()), outcomes(&first.json()));
    sb.run(&["score", "een.xlsx", "-o", "twee.xlsx"])
        .expect_code(0);
    let two = Book::open(&sb.file("twee.xlsx"));
    assert_eq!(two.sheet("Register").row_texts(hr), header);
    assert_eq!(two.names, one.names);
}

/// Incomplete rows are told apart: each carries what its text and values say towards a DPIA,
/// with where it came from, and its weight; a row with nothing is marked `no_signals`
/// (`geen signalen`); the Samenvatting ranks the incomplete activities by weight and counts those
/// without signals.
#[test]
fn incomplete_rows_are_ranked_by_their_signals() {
    let (sb, doc) = scored();
    let rows = doc["rows"].as_array().unwrap();
    let incomplete: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["outcome"] == "incomplete")
        .collect();
    assert!(!incomplete.is_empty());
    let mut silent = 0;
    for r in &incomplete {
        let signals = r["signals"].as_array().unwrap();
        let weight: u64 = signals.iter().map(|s| s["weight"].as_u64().unwrap()).sum();
        assert_eq!(r["signal_weight"], weight, "{r}");
        let marked = r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "no_signals");
        assert_eq!(marked, signals.is_empty(), "{r}");
        silent += usize::from(marked);
    }
    // A decided row is never marked, whatever its signals.
    assert!(rows
        .iter()
        .filter(|r| r["outcome"] != "incomplete")
        .all(|r| !r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "no_signals")));
    // The chatbot leans hardest: EDPB 8 from its name and a transfer to the US, with sources.
    let chatbot = row(&doc, "P-029");
    let texts: Vec<&str> = chatbot["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "EDPB 8 innovatief gebruik van nieuwe technologie ← 'chatbot' in Verwerking",
            "doorgifte buiten EU/EER ← 'vs' in Doorgifte"
        ]
    );
    assert_eq!(chatbot["signal_weight"], 5);
    // On the Samenvatting: the ranking, heaviest first, and the count of the silent ones.
    sb.run(&["score", "verwerkingsregister-art30.xlsx", "-o", "uit.xlsx"])
        .expect_code(0);
    let book = crate::harness::Book::open(&sb.file("uit.xlsx"));
    let texts = book.sheet("Samenvatting").texts();
    let head = texts
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| c.starts_with("Onvolledig, meest urgent eerst"))
        })
        .expect("the ranking");
    // The website's chatbot heads it (AI, and a transfer to the US). Sick-leave registration
    // (health data of employees) headed it before employees counted as vulnerable where their
    // health is at stake (`[derive.only_with]`): with EDPB 4 and 7 it is now required.
    assert_eq!(
        texts[head + 1][..2],
        ["Chatbot website".to_string(), "5".to_string()]
    );
    let weights: Vec<u64> = texts[head + 1..]
        .iter()
        .take_while(|r| r.len() >= 2 && r[1].parse::<u64>().is_ok())
        .map(|r| r[1].parse().unwrap())
        .collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    let count = format!("geen signalen: {silent} activiteit(en)");
    assert!(
        texts
            .iter()
            .any(|r| r.first().is_some_and(|c| c.starts_with(&count))),
        "{count}"
    );
}

/// The CSV carries each row's signals and their weight as the JSON does, so a pipeline can rank
/// the incomplete rows too.
#[test]
fn the_csv_carries_the_signals_as_the_json_does() {
    let (sb, doc) = scored();
    let run = sb.run(&[
        "score",
        "verwerkingsregister-art30.xlsx",
        "--format",
        "csv",
        "-o",
        "-",
    ]);
    run.expect_code(0);
    let text = run.stdout.trim_start_matches('\u{feff}');
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let headers = rd.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, weight, signals) = (col("id"), col("signal_weight"), col("signals"));
    let mut seen = 0;
    let mut with_signals = 0;
    for rec in rd.records() {
        let rec = rec.unwrap();
        let r = row(&doc, &rec[id]);
        assert_eq!(rec[weight], r["signal_weight"].to_string(), "{}", &rec[id]);
        let expected: Vec<&str> = r["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert_eq!(rec[signals], expected.join(" | "), "{}", &rec[id]);
        seen += 1;
        with_signals += usize::from(!expected.is_empty());
    }
    assert_eq!(seen, doc["rows"].as_array().unwrap().len());
    assert!(with_signals >= 10, "{with_signals}");
}

/// A register whose activities stand in the first column under the register's own title (as
/// registers kept in a document often are): the column is the activities' name, shown in the
/// JSON and read for derived items like a named column.
#[test]
fn a_register_titled_over_its_activities_names_them() {
    let sb = Sandbox::new();
    sb.write(
        "ropa.csv",
        "Record of Processing Activities,Purpose,Data subjects,Data categories\n\
         1. Payroll,Pay salaries,Employees,Bank account; salary\n\
         2. CCTV at the depot entrance,Protect property,Visitors,Images\n"
            .as_bytes(),
    );
    let run = sb.run(&["score", "ropa.csv", "--format", "json", "-o", "-"]);
    run.expect_code(0);
    let doc = run.json();
    let rows = doc["rows"].as_array().expect("rows");
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["1. Payroll", "2. CCTV at the depot entrance"]);
    let signals = rows[1]["signals"].to_string();
    assert!(
        signals.contains("AP 9") && signals.contains("in Verwerking"),
        "camera surveillance read from the name column: {signals}"
    );
}

/// A register that names its activities only by their purpose: the Samenvatting's lists and the
/// JSON (for the page) call each activity by its purpose's first line, shortened; the name stays
/// empty, as the register has none.
#[test]
fn an_activity_without_a_name_is_listed_by_its_purpose() {
    let sb = Sandbox::new();
    let long = "Record a baby's care so caregivers share one picture of it, with feeds, sleep, \
                nappies and medicines noted by each caregiver";
    sb.write(
        "purposes.csv",
        format!(
            "Purpose,Data,Data subjects\n\
             \"{long}\",\"feeds, sleep, medicines\",Babies\n\
             Send reminders,push tokens,Caregivers\n"
        )
        .as_bytes(),
    );
    let run = sb.run(&["score", "purposes.csv", "--format", "json", "-o", "-"]);
    run.expect_code(0);
    let doc = run.json();
    let first = &doc["rows"][0];
    assert!(first["name"].is_null(), "{first}");
    let label = first["label"].as_str().expect("a label");
    assert!(
        label.starts_with("Record a baby's care") && label.ends_with('…'),
        "{label}"
    );
    assert_eq!(label.chars().count(), 81, "80 characters and the ellipsis");
    sb.run(&["score", "purposes.csv", "-o", "out.xlsx"])
        .expect_code(0);
    let book = Book::open(&sb.file("out.xlsx"));
    let texts = book.sheet("Samenvatting").texts();
    assert!(
        texts.iter().flatten().any(|t| t == label),
        "the Samenvatting lists the activity by its label"
    );
}
