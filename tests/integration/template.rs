//! The register template (docs/register.md#template): what `dpia-triage template` writes, and that a template
//! filled in the way a user fills it (picking dropdown values, typing numbers as text) scores as
//! the rubric says.

use dpia_triage::fields::template_header as header;
use dpia_triage::fields::Field;
use dpia_triage::lang::Lang;
use dpia_triage::output::template::dropdown;
use dpia_triage::rubric::Rubric;
use rust_xlsxwriter::Workbook;

use crate::harness::{sheet_xml, zip_part, Book, Sandbox};

#[test]
fn the_template_has_every_header_a_note_each_and_the_dropdowns() {
    let sb = Sandbox::new();
    let rubric = Rubric::default_rubric(dpia_triage::lang::Lang::Nl).unwrap();
    for (lang, name, sheets) in [
        (Lang::Nl, "t.xlsx", ["Register", "Voorbeeld", "Toelichting"]),
        (
            Lang::En,
            "t-en.xlsx",
            ["Register", "Example", "Instructions"],
        ),
    ] {
        let lang_arg = if lang == Lang::Nl { "nl" } else { "en" };
        sb.run(&["template", "-o", name, "--lang", lang_arg])
            .expect_code(0);
        let path = sb.file(name);
        let book = Book::open(&path);
        assert_eq!(book.names, sheets);
        let headers = book.sheet(sheets[0]).row_texts(0);
        let expected: Vec<&str> = Field::TEMPLATE.iter().map(|f| header(*f, lang)).collect();
        assert_eq!(headers, expected);
        // One note per header, and a dropdown (data validation) on each choice/level/yes-no column.
        let comments = zip_part(&path, "xl/comments1.xml");
        assert_eq!(comments.matches("<comment ").count(), Field::TEMPLATE.len());
        let sheet_xml = zip_part(&path, "xl/worksheets/sheet1.xml");
        let with_dropdown = Field::TEMPLATE
            .iter()
            .filter(|f| dropdown(**f, &rubric, lang).is_some())
            .count();
        assert_eq!(sheet_xml.matches("<dataValidation ").count(), with_dropdown);
        for f in [
            Field::Impact,
            Field::AiUse,
            Field::ExternalAccess,
            Field::Masking,
        ] {
            for value in dropdown(f, &rubric, lang).unwrap() {
                let escaped = value.replace('&', "&amp;");
                assert!(sheet_xml.contains(&escaped), "dropdown value {value}");
            }
        }
        assert!(sheet_xml.contains("<pane "), "frozen header");
        // The example sheet is filled in and scores.
        let example = book.sheet(sheets[1]);
        assert!(example.texts().len() >= 4);
    }
    // Without -o the file gets its default name, and an existing file is not overwritten.
    sb.run(&["template"]).expect_code(0);
    assert!(sb.file("verwerkingsregister.xlsx").exists());
    let again = sb.run(&["template"]);
    again.expect_code(1);
    assert!(again.stderr.contains("bestaat al"), "{}", again.stderr);
}

#[test]
fn a_filled_in_template_scores_as_the_rubric_says() {
    let sb = Sandbox::new();
    sb.run(&["template", "-o", "leeg.xlsx"]).expect_code(0);
    let headers = Book::open(&sb.file("leeg.xlsx"))
        .sheet("Register")
        .row_texts(0);

    // A user fills two rows: dropdown picks, numbers typed as text, some cells left empty.
    let rows: [&[(&str, &str)]; 2] = [
        &[
            ("ID", "R-1"),
            ("Verwerking", "Online proctoring"),
            ("Aantal betrokkenen", "ca. 3.000"),
            ("Aantal soorten persoonsgegevens", "12"),
            (
                "Categorieën persoonsgegevens",
                "naam; studentnummer; gezichtskenmerken",
            ),
            ("Vertrouwelijkheid", "Strikt vertrouwelijk"),
            ("Bijzondere persoonsgegevens", "biometrie"),
            ("Aantal subverwerkers", "2"),
            ("Subverwerker met belangrijke rol", "ja"),
            (
                "Impact op betrokkene",
                "Hoog – rechtsgevolgen of aanzienlijke impact",
            ),
            ("Gebruik AI/algoritmes", "Hoog – kernonderdeel"),
            ("Aantal systemen", "3"),
            ("Aantal verwerkers", "2"),
            ("Gekoppelde databases", "nee"),
            ("Aantal medewerkers met toegang", "4"),
            ("Datamaskering en exportbeperking", "deels"),
            ("Externe toegang", "Hoog – langdurig of permanent"),
            ("AP-lijst", "17 biometrische gegevens"),
            ("DPIA uitgevoerd", "nee"),
        ],
        &[
            ("ID", "R-2"),
            ("Verwerking", "Nieuwsbrief"),
            ("Aantal betrokkenen", "99"),
            ("Aantal soorten persoonsgegevens", "3"),
            ("Vertrouwelijkheid", "Intern"),
            ("Bijzondere persoonsgegevens", "nee"),
            ("Aantal subverwerkers", "0"),
            ("Impact op betrokkene", "Laag – beperkt belang"),
            ("Gebruik AI/algoritmes", "Laag – geen AI of algoritmes"),
            ("Aantal systemen", "1"),
            ("Aantal verwerkers", "1"),
            ("Aantal medewerkers met toegang", "2"),
            ("Datamaskering en exportbeperking", "ja"),
            ("Externe toegang", "Geen"),
            ("Risico van blootstelling", "Laag"),
            ("DPIA uitgevoerd", "nee"),
        ],
    ];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Register").unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (h, v) in row.iter() {
            let c = headers
                .iter()
                .position(|x| x == h)
                .unwrap_or_else(|| panic!("{h}"));
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    sb.write("ingevuld.xlsx", &wb.save_to_buffer().unwrap());

    let doc = sb
        .run(&["score", "ingevuld.xlsx", "--format", "json", "-o", "-"])
        .json();
    let levels = |i: usize| doc["rows"][i]["levels"].clone();
    assert_eq!(
        levels(0),
        serde_json::json!({"data_subjects":"high","data_types":"medium","sensitivity":"high",
            "subprocessors":"medium","impact":"high","exposure":"high","ai_use":"high",
            "complexity":"medium","staff_access":"high","external_access":"high"})
    );
    assert_eq!(doc["rows"][0]["outcome"], "required");
    // Its empty EDPB cell takes the criteria its levels give (docs/rubric.md#derive).
    assert_eq!(
        doc["rows"][0]["flags"],
        serde_json::json!(["dpia_missing", "derived"])
    );
    assert_eq!(
        levels(1),
        serde_json::json!({"data_subjects":"low","data_types":"low","sensitivity":"low",
            "subprocessors":"none","impact":"low","exposure":"low","ai_use":"low",
            "complexity":"low","staff_access":"low","external_access":"none"})
    );
    assert_eq!(doc["rows"][1]["outcome"], "not_required");
    assert_eq!(doc["summary"]["findings"], 0);
}

#[test]
fn the_english_example_sheet_scores_like_the_dutch_one() {
    let sb = Sandbox::new();
    sb.run(&["template", "-o", "nl.xlsx"]).expect_code(0);
    sb.run(&["template", "-o", "en.xlsx", "--lang", "en"])
        .expect_code(0);
    let score = |file: &str, sheet: &str, lang: &str| {
        let run = sb.run(&[
            "score", file, "--sheet", sheet, "--lang", lang, "--format", "json", "-o", "-",
        ]);
        run.expect_code(0);
        run.json()
    };
    let nl = score("nl.xlsx", "Voorbeeld", "nl");
    let en = score("en.xlsx", "Example", "en");
    let rows = |doc: &serde_json::Value| doc["rows"].as_array().cloned().unwrap_or_default();
    let (nl_rows, en_rows) = (rows(&nl), rows(&en));
    assert_eq!(nl_rows.len(), 4);
    assert_eq!(en_rows.len(), 4);
    for (n, e) in nl_rows.iter().zip(&en_rows) {
        for key in ["id", "levels", "score", "class", "outcome", "flags"] {
            assert_eq!(n[key], e[key], "{key} of {}", n["id"]);
        }
        // The same findings on the same cells, each in its own language.
        let cells = |r: &serde_json::Value| -> Vec<serde_json::Value> {
            r["findings"]
                .as_array()
                .map(|f| f.iter().map(|x| x["cell"].clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(cells(n), cells(e), "findings of {}", n["id"]);
        let ids = |r: &serde_json::Value| -> Vec<serde_json::Value> {
            r["measures"]
                .as_array()
                .map(|m| m.iter().map(|x| x["id"].clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(ids(n), ids(e), "measures of {}", n["id"]);
    }
    // English thousands in the English examples are read as thousands.
    let first = &en_rows[0]["reasons"][0]["text"];
    assert_eq!(
        first,
        "\"about 15,000\" → 15,000 data subjects > 1,000 → High"
    );
}

/// Every `<dataValidation type="list">` of a sheet: its first column (0-based) and its items as
/// Excel splits an inline list, at every comma.
fn inline_dropdowns(xml: &str) -> Vec<(usize, Vec<String>)> {
    let unescape = |s: &str| {
        s.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    xml.split("<dataValidation ")
        .skip(1)
        .filter_map(|dv| {
            let head = dv.split('>').next()?;
            let sqref = head.split("sqref=\"").nth(1)?.split('"').next()?;
            let col = crate::harness::a1(sqref.split([':', ' ']).next()?).1;
            let formula = dv.split("formula1>").nth(1)?.split("</").next()?;
            let formula = unescape(formula);
            let list = formula.strip_prefix('"')?.strip_suffix('"')?;
            Some((col, list.split(',').map(str::to_string).collect()))
        })
        .collect()
}

/// The criterion a dropdown's column stands for, with its JSON key; `None` for yes/no columns.
fn criterion_key(field: Field) -> Option<&'static str> {
    match field {
        Field::Impact => Some("impact"),
        Field::AiUse => Some("ai_use"),
        Field::ExternalAccess => Some("external_access"),
        Field::Exposure => Some("exposure"),
        Field::Complexity => Some("complexity"),
        _ => None,
    }
}

#[test]
fn every_dropdown_item_as_excel_splits_it_reads_as_the_level_it_stands_for() {
    let sb = Sandbox::new();
    let rubric = Rubric::default_rubric(dpia_triage::lang::Lang::Nl).unwrap();
    // An art. 30 register gets the assessment columns added, with their dropdowns: in place
    // (xlsx) and rebuilt (CSV).
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Register").unwrap();
    for (c, h) in ["Verwerking", "Doel", "Betrokkenen"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["Ledenadministratie", "Contact", "leden"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(sb.file("art30.xlsx")).unwrap();
    sb.write(
        "art30.csv",
        "Verwerking;Doel;Betrokkenen\nLedenadministratie;Contact;leden\n".as_bytes(),
    );
    let mut books = Vec::new();
    for lang in [Lang::Nl, Lang::En] {
        let l = if lang == Lang::Nl { "nl" } else { "en" };
        let t = format!("template-{l}.xlsx");
        sb.run(&["template", "-o", &t, "--lang", l]).expect_code(0);
        books.push((lang, t));
        for input in ["art30.xlsx", "art30.csv"] {
            let out = format!("{input}-{l}.dpia.xlsx");
            sb.run(&["score", input, "-o", &out, "--lang", l])
                .expect_code(0);
            books.push((lang, out));
        }
    }
    // The committed templates that README points to.
    for (lang, committed) in [
        (Lang::Nl, "templates/verwerkingsregister.xlsx"),
        (Lang::En, "templates/processing-register.en.xlsx"),
    ] {
        let copy = sb.copy_from_repo(committed);
        let name = copy.file_name().unwrap().to_string_lossy().to_string();
        books.push((lang, name));
    }
    let mut checked = 0;
    for (lang, name) in &books {
        let path = sb.file(name);
        let xml = sheet_xml(&path, "Register");
        let header = Book::open(&path).sheet("Register").row_texts(0);
        let dropdowns = inline_dropdowns(&xml);
        assert!(
            dropdowns.len() >= 5,
            "{name}: {} dropdowns",
            dropdowns.len()
        );
        for (col, items) in dropdowns {
            let field = Field::TEMPLATE
                .iter()
                .copied()
                .find(|f| header.get(col).is_some_and(|h| h == header_of(*f, *lang)))
                .unwrap_or_else(|| {
                    panic!(
                        "{name}: dropdown in column {col} under {:?}",
                        header.get(col)
                    )
                });
            let offered = dropdown(field, &rubric, *lang).unwrap();
            // Excel's split gives back exactly the items the rubric offers.
            assert_eq!(items, offered, "{name}: dropdown of {field:?}");
            let Some(key) = criterion_key(field) else {
                continue;
            };
            // Each item, picked into a register, reads as the level it stands for.
            let mut csv = format!("Verwerking;{}\n", header_of(field, *lang));
            for (i, item) in items.iter().enumerate() {
                csv.push_str(&format!("A{i};{item}\n"));
            }
            let input = format!("pick-{checked}.csv");
            sb.write(&input, csv.as_bytes());
            let run = sb.run(&["score", &input, "--format", "json", "-o", "-"]);
            run.expect_code(0);
            let json = run.json();
            let rows = json["rows"].as_array().unwrap();
            assert_eq!(rows.len(), items.len());
            for (row, item) in rows.iter().zip(&items) {
                let expected = expected_level(&rubric, field, item);
                assert_eq!(
                    row["levels"][key].as_str(),
                    Some(expected),
                    "{name}: {item:?} in {field:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 16, "{checked} level dropdowns checked");
}

fn header_of(field: Field, lang: Lang) -> &'static str {
    header(field, lang)
}

/// The level a dropdown item stands for: the rubric's choice with that text, or the level word.
fn expected_level(rubric: &Rubric, field: Field, item: &str) -> &'static str {
    let choices = match field {
        Field::Impact => &rubric.impact.choices,
        Field::AiUse => &rubric.ai_use.choices,
        Field::ExternalAccess => &rubric.external_access.choices,
        _ => {
            return match item {
                "Hoog" | "High" => "high",
                "Midden" | "Medium" => "medium",
                "Laag" | "Low" => "low",
                "Onbekend" | "Unknown" => "unknown",
                other => panic!("{other:?} is no level word"),
            }
        }
    };
    let level = choices
        .iter()
        .find(|(n, _)| n.nl == item || n.en == item)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("{item:?} is not a choice of {field:?}"));
    level.key()
}
