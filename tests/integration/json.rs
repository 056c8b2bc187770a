//! `score --format json -o -` on the main fixture (title rows above the header, an unknown column,
//! a second sheet): every row's levels, score, class, outcome and flags against the table derived
//! by hand from docs/rubric.md#criteria–docs/output.md#score-class-and-advice, plus reasons, measures, findings and the document's header.

use serde_json::Value;

use crate::fixtures::{register_xlsx, CRITERIA, EXPECTED};
use crate::harness::{sha256_file, Sandbox};

/// Score the main xlsx fixture to JSON.
fn scored() -> (Sandbox, Value) {
    let sb = Sandbox::new();
    sb.write("register.xlsx", &register_xlsx());
    let run = sb.run(&["score", "register.xlsx", "--format", "json", "-o", "-"]);
    run.expect_code(0);
    let doc = run.json();
    (sb, doc)
}

/// The row object with this id.
pub fn row<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["rows"]
        .as_array()
        .expect("rows array")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// The reason text of a criterion in a row.
pub fn reason<'a>(row: &'a Value, criterion: &str) -> &'a str {
    row["reasons"]
        .as_array()
        .expect("reasons array")
        .iter()
        .find(|r| r["criterion"] == criterion)
        .and_then(|r| r["text"].as_str())
        .unwrap_or_else(|| panic!("no reason for {criterion}"))
}

/// Assert one row's levels and result against the hand-derived table.
pub fn assert_row_matches(doc: &Value, e: &crate::fixtures::Expect) {
    let r = row(doc, e.id);
    for (c, want) in CRITERIA.iter().zip(e.levels) {
        assert_eq!(r["levels"][c], want, "{} level {c}", e.id);
    }
    assert_eq!(r["score"], e.score, "{} score", e.id);
    assert_eq!(r["max_score"], 30, "{} max_score", e.id);
    assert_eq!(r["high_count"], e.high, "{} high_count", e.id);
    assert_eq!(r["unknown_count"], e.unknown, "{} unknown_count", e.id);
    assert_eq!(r["class"], e.class, "{} class", e.id);
    assert_eq!(r["outcome"], e.outcome, "{} outcome", e.id);
    let flags: Vec<&str> = r["flags"]
        .as_array()
        .expect("flags array")
        .iter()
        .map(|f| f.as_str().expect("flag string"))
        .collect();
    assert_eq!(flags, e.flags, "{} flags", e.id);
}

#[test]
fn every_row_scores_as_derived_from_the_spec() {
    let (_sb, doc) = scored();
    assert_eq!(doc["rows"].as_array().map(Vec::len), Some(EXPECTED.len()));
    for e in &EXPECTED {
        assert_row_matches(&doc, e);
    }
}

#[test]
fn rows_are_numbered_as_in_the_sheet_below_the_title_rows() {
    let (_sb, doc) = scored();
    let numbers: Vec<(&str, u64)> = doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().expect("id"),
                r["row"].as_u64().expect("row"),
            )
        })
        .collect();
    let expected: Vec<(&str, u64)> = EXPECTED
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, 5 + i as u64))
        .collect();
    assert_eq!(numbers, expected);
    assert_eq!(row(&doc, "VW-01")["name"], "Ledenadministratie café");
    assert_eq!(row(&doc, "VW-02")["name"], "Cursusinschrijving; wachtlijst");
}

#[test]
fn reasons_name_the_input_and_the_rule() {
    let (_sb, doc) = scored();
    // (row id, criterion, reason text)
    let cases = [
        ("VW-05", "data_subjects", "1.500 betrokkenen > 1.000 → Hoog"),
        ("VW-01", "data_subjects", "99 betrokkenen < 100 → Laag"),
        (
            "VW-02",
            "data_subjects",
            "100 betrokkenen ≥ 100 en ≤ 1.000 → Midden",
        ),
        (
            "VW-03",
            "data_subjects",
            "1.000 betrokkenen ≥ 100 en ≤ 1.000 → Midden",
        ),
        (
            "VW-01",
            "data_types",
            "9 soorten persoonsgegevens < 10 → Laag",
        ),
        (
            "VW-02",
            "data_types",
            "10 soorten persoonsgegevens ≥ 10 en < 25 → Midden",
        ),
        (
            "VW-04",
            "data_types",
            "25 soorten persoonsgegevens ≥ 25 → Hoog",
        ),
        // A typed count that says more than its number is quoted.
        (
            "VW-08",
            "data_subjects",
            "\"ca. 500\" → 500 betrokkenen ≥ 100 en ≤ 1.000 → Midden",
        ),
        ("VW-08", "data_types", "3 genoemde categorieën < 10 → Laag"),
        ("VW-01", "sensitivity", "label \"intern\" → Laag"),
        ("VW-03", "sensitivity", "BSN → gevoelig gegeven → Midden"),
        (
            "VW-04",
            "sensitivity",
            "bijzondere persoonsgegevens: gezondheid → Hoog",
        ),
        (
            "VW-08",
            "sensitivity",
            "gezondheidsgegevens → bijzonder persoonsgegeven → Hoog",
        ),
        ("VW-01", "subprocessors", "0 subverwerkers → Geen"),
        (
            "VW-02",
            "subprocessors",
            "1 subverwerker, met belangrijke rol → Midden",
        ),
        (
            "VW-03",
            "subprocessors",
            "2 subverwerkers, zonder belangrijke rol → Laag",
        ),
        ("VW-04", "subprocessors", "3 subverwerkers > 2 → Hoog"),
        (
            "VW-05",
            "subprocessors",
            "1 subverwerker, rol niet ingevuld: bij twijfel hoger → Midden",
        ),
        ("VW-08", "impact", "\"hoog\" → Hoog"),
        (
            "VW-05",
            "exposure",
            "afgeleid: betrokkenen Hoog, soorten Laag, gevoeligheid Hoog → Hoog",
        ),
        (
            "VW-07",
            "exposure",
            "afgeleid: betrokkenen Onbekend, soorten Midden, gevoeligheid Midden → Onbekend",
        ),
        ("VW-03", "complexity", "3 verwerkers ≥ 3 → Hoog"),
        (
            "VW-05",
            "complexity",
            "1 systeem, 1 verwerker, gekoppelde databases → Midden",
        ),
        ("VW-08", "complexity", "opgegeven niveau → Laag"),
        (
            "VW-05",
            "staff_access",
            "2 medewerkers met toegang < 3 → Laag",
        ),
        (
            "VW-03",
            "staff_access",
            "5 medewerkers met toegang ≥ 3 en ≤ 5, datamaskering en exportbeperking overal → Laag",
        ),
        (
            "VW-04",
            "staff_access",
            "6 medewerkers met toegang > 5, datamaskering en exportbeperking overal → Midden",
        ),
        (
            "VW-08",
            "staff_access",
            "3 medewerkers met toegang ≥ 3 en ≤ 5, gevoeligheid Hoog → Hoog",
        ),
        ("VW-07", "data_subjects", "niet ingevuld → Onbekend"),
    ];
    for (id, criterion, text) in cases {
        assert_eq!(reason(row(&doc, id), criterion), text, "{id} {criterion}");
    }
}

#[test]
fn outcome_reasons_say_which_rule_fired() {
    let (_sb, doc) = scored();
    // (row id, outcome reason)
    let cases = [
        // Derived items (docs/rubric.md#derive) are named with the column and word they came from.
        (
            "VW-03",
            "AP-lijst: 9 cameratoezicht → DPIA verplicht (afgeleid: EDPB 3 stelselmatige monitoring ← 'camera' in Verwerking)",
        ),
        (
            "VW-04",
            "2 EDPB-criteria (1 evaluatie of scoretoekenning, 5 grootschalige verwerking) ≥ 2 → DPIA verplicht",
        ),
        ("VW-02", "EDPB-criterium: 5 grootschalige verwerking → DPIA aanbevolen"),
        (
            "VW-05",
            // (Employees alone no longer make EDPB 7: 'personeelsdossiers' was a third.)
            "2 EDPB-criteria (4 gevoelige gegevens of gegevens van zeer persoonlijke aard, 6 matching of samenvoeging van datasets) ≥ 2 → DPIA verplicht (afgeleid: EDPB 4 gevoelige gegevens of gegevens van zeer persoonlijke aard ← Gevoeligheid Hoog; EDPB 6 matching of samenvoeging van datasets ← gekoppelde databases)",
        ),
        (
            "VW-08",
            "risicoklasse Hoog (3× Hoog, score 19/30) → DPIA aanbevolen (afgeleid: EDPB 4 gevoelige gegevens of gegevens van zeer persoonlijke aard ← Gevoeligheid Hoog)",
        ),
        (
            "VW-01",
            "geen AP-categorie, 0 EDPB-criteria, risicoklasse Laag (0× Hoog, score 8/30) → Geen DPIA nodig",
        ),
        (
            "VW-07",
            "onvolledig: het advies ligt tussen \"Geen DPIA nodig\" en \"DPIA aanbevolen\", afhankelijk van: Aantal betrokkenen, Blootstelling",
        ),
    ];
    for (id, text) in cases {
        assert_eq!(row(&doc, id)["outcome_reason"], text, "{id}");
    }
    // An unknown that cannot change the outcome: the outcome stands and the reason says so.
    let six = row(&doc, "VW-06")["outcome_reason"]
        .as_str()
        .expect("reason");
    assert!(six.contains("Impact op betrokkene"), "{six}");
    assert!(
        six.contains("AP-lijst: 15 profilering → DPIA verplicht"),
        "{six}"
    );
}

#[test]
fn measures_follow_the_levels_and_the_missing_dpia() {
    let (_sb, doc) = scored();
    let measures: Vec<(String, String, String)> = row(&doc, "VW-02")["measures"]
        .as_array()
        .expect("measures")
        .iter()
        .map(|m| {
            (
                m["id"].as_str().expect("id").to_string(),
                m["criterion"].as_str().expect("criterion").to_string(),
                m["role"].as_str().expect("role").to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("M-DPIA-01", "dpia_missing", "privacy-officer"),
        ("M-GEV-03", "sensitivity", "security-officer"),
        ("M-SUB-01", "subprocessors", "jurist"),
        ("M-AI-03", "ai_use", "data-scientist"),
        ("M-EXT-02", "external_access", "security-officer"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(measures, expected);
    assert_eq!(row(&doc, "VW-01")["measures"], serde_json::json!([]));
}

#[test]
fn findings_carry_the_cell_and_unknowns_are_noted() {
    let (_sb, doc) = scored();
    let five = row(&doc, "VW-05")["findings"].as_array().expect("findings");
    assert_eq!(five.len(), 1, "{five:?}");
    assert_eq!(five[0]["cell"], "I9");
    assert_eq!(five[0]["column"], "Subverwerker met belangrijke rol");
    assert_eq!(five[0]["value"], "");
    // An unknown that does not change the advice is noted in the reason, after the deciding
    // fact, not as a finding: nothing is missing for the advice.
    let six = row(&doc, "VW-06");
    assert_eq!(six["findings"], serde_json::json!([]), "{six}");
    let reason = six["outcome_reason"].as_str().expect("reason");
    assert!(
        reason.contains("(onbekend: Impact op betrokkene; op elk niveau hetzelfde advies)"),
        "{reason}"
    );
    assert!(!reason.starts_with("met onbekend"), "{reason}");
    // A stated EDPB cell stands; each criterion it leaves out that the levels give is a finding
    // on that cell.
    let four = row(&doc, "VW-04")["findings"].as_array().expect("findings");
    let messages: Vec<&str> = four.iter().filter_map(|f| f["message"].as_str()).collect();
    assert_eq!(
        messages,
        [
            "mogelijk ook EDPB 4 gevoelige gegevens of gegevens van zeer persoonlijke aard: Gevoeligheid Hoog",
            "mogelijk ook EDPB 6 matching of samenvoeging van datasets: gekoppelde databases",
            "mogelijk ook EDPB 8 innovatief gebruik van nieuwe technologie: AI/algoritmes Hoog",
        ]
    );
    assert!(four
        .iter()
        .all(|f| f["cell"] == "U8" && f["column"] == "EDPB-criteria" && f["value"] == "1; 5"));
    for id in ["VW-01", "VW-02", "VW-03", "VW-07", "VW-08"] {
        assert_eq!(row(&doc, id)["findings"], serde_json::json!([]), "{id}");
    }
}

#[test]
fn document_header_and_summary() {
    let (sb, doc) = scored();
    let keys: Vec<&str> = doc
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    // docs/output.md#json keys, plus `findings` for sheet-level (header) findings.
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["findings", "input", "rows", "rubric", "summary", "tool"]
    );
    assert_eq!(doc["tool"]["name"], "dpia-triage");
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["rubric"]["version"], "1.0.0");
    assert_eq!(doc["rubric"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(doc["input"]["header_row"], 4);
    assert_eq!(doc["input"]["sheet"], "Register");
    assert_eq!(
        doc["input"]["sha256"],
        sha256_file(&sb.file("register.xlsx"))
    );
    assert_eq!(
        doc["summary"],
        serde_json::json!({
            "rows": 8,
            "by_outcome": {"required": 4, "recommended": 2, "not_required": 1, "incomplete": 1},
            "by_class": {"high": 3, "medium": 2, "low": 1, "incomplete": 2},
            // (7 before the decided rows' "unknown, does not matter" finding was dropped.)
            "findings": 6
        })
    );
    // Every finding is counted once: those of the rows and those of the register (here the two
    // absent inputs that decide an outcome).
    let in_rows: usize = doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["findings"].as_array().map_or(0, Vec::len))
        .sum();
    let of_register = doc["findings"].as_array().expect("findings");
    assert_eq!((in_rows, of_register.len()), (4, 2), "{of_register:?}");
    assert!(of_register.iter().all(|f| f["message"]
        .as_str()
        .is_some_and(|m| m.contains("beslissend"))));
    let row_keys: Vec<&str> = doc["rows"][0]
        .as_object()
        .expect("row object")
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "row",
        "id",
        "name",
        "levels",
        "score",
        "max_score",
        "high_count",
        "unknown_count",
        "class",
        "outcome",
        "flags",
        "reasons",
        "measures",
        "findings",
    ] {
        assert!(row_keys.contains(&k), "row key {k} missing: {row_keys:?}");
    }
    // Writing JSON to stdout leaves nothing beside the input.
    assert_eq!(sb.listing(), ["register.xlsx"]);
}

/// The input is named by its file name in the outputs that travel, never with the folder it was
/// in (a user's name is often part of that path).
#[test]
fn the_inputs_folder_does_not_travel_with_the_outputs() {
    let sb = Sandbox::new();
    let dir = sb.file("Users/jan.jansen/Documents");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("register.xlsx"), register_xlsx()).unwrap();
    let input = dir.join("register.xlsx");
    let input = input.to_str().unwrap();
    let doc = sb
        .run(&["score", input, "--format", "json", "-o", "-"])
        .json();
    assert_eq!(doc["input"]["path"], "register.xlsx");
    sb.run(&["score", input, "-o", "uit.xlsx"]).expect_code(0);
    let book = crate::harness::Book::open(&sb.file("uit.xlsx"));
    for sheet in ["Samenvatting", "Verantwoording"] {
        let text = book.sheet(sheet).texts().concat().join(" ");
        assert!(!text.contains("jan.jansen"), "{sheet}: {text}");
        assert!(text.contains("register.xlsx"), "{sheet}");
    }
}
