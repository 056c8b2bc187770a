//! A register as organisations keep it under art. 30 GDPR (SPEC §3.4, §4.11, §5.2): the bundled
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
        (
            "P-013",
            "required",
            &["AP 7 gezondheidsgegevens ← 'ziekteverzuimregistratie' in Verwerking"],
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
        // Nothing in the text: the missing columns decide.
        (
            "P-017",
            "incomplete",
            &["afhankelijk van: AP-lijst, EDPB-criteria"],
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
    // Both missing columns decide the 24 incomplete activities; they come first.
    let ranked: Vec<(String, String)> = summary[at + 1..at + 3]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(
        ranked,
        [
            ("AP-lijst".to_string(), "24".to_string()),
            ("EDPB-criteria".to_string(), "24".to_string())
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
    let meldingen = book.sheet("Meldingen").texts();
    assert!(
        meldingen.iter().any(|r| r.last().is_some_and(|m| {
            m
            == "AP-lijst ontbreekt of is leeg: beslissend voor het DPIA-advies bij 24 activiteiten"
        })),
        "{meldingen:?}"
    );
}

/// The assessment columns the register lacks are added before the tool's own, with the
/// template's headers, notes and dropdowns, for the officer to fill in; scoring the workbook again
/// keeps them as the register's and adds nothing twice (SPEC §7.1).
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
