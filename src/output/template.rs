//! The blank register template (docs/register.md#template): sheet `Register` with every field header, a note on
//! each header explaining the criterion and its bands (taken from the rubric, so a custom rubric
//! gives a matching template), dropdowns on every level, yes/no and choice column, a frozen
//! header; a `Voorbeeld` sheet with filled-in rows; a `Toelichting` sheet on filling in and scoring.
//! The file is reproducible: its timestamp is fixed.

use crate::messages::{self as M, Text};
use std::path::Path;

use anyhow::{Context as _, Result};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Note, Workbook, Worksheet,
};

use crate::fields::Field;
use crate::lang::Lang;
use crate::rubric::{CountBands, Rubric};
use crate::value::Level;

fn bands_text(b: &CountBands, lang: Lang) -> String {
    M::HELP_BANDS.with(
        lang,
        &[
            &b.high.describe(lang),
            &b.medium.describe(lang),
            &b.high.describe_negated(lang),
            &b.medium.describe_negated(lang),
        ],
    )
}

/// The note of an input column the tool adds to a register that lacks it (docs/output.md#workbook).
pub fn added_note(field: Field, r: &Rubric, lang: Lang) -> String {
    let note = note(field, r, lang);
    match field {
        // In a column the tool added, an empty cell is not answered yet (docs/output.md#score-class-and-advice).
        Field::ApList | Field::EdpbCriteria => format!("{note} {}", M::HELP_ADDED_COLUMN.get(lang)),
        _ => note,
    }
}

/// The note on a header: what to fill in and how it is scored, with the rubric's bands.
pub fn note(field: Field, r: &Rubric, lang: Lang) -> String {
    let t = |text: Text| text.get(lang).to_string();
    match field {
        Field::Id => t(M::HELP_ID),
        Field::Name => t(M::HELP_NAME),
        Field::DataSubjects => format!(
            "{} {}",
            t(M::HELP_DATA_SUBJECTS),
            bands_text(&r.data_subjects, lang)
        ),
        Field::DataTypes => format!(
            "{} {}",
            t(M::HELP_DATA_TYPES),
            bands_text(&r.data_types, lang)
        ),
        Field::DataCategories => t(M::HELP_DATA_CATEGORIES),
        Field::Sensitivity => t(M::HELP_SENSITIVITY),
        Field::SpecialCategories => t(M::HELP_SPECIAL_CATEGORIES),
        Field::Subprocessors => {
            let sp = &r.subprocessors;
            let lv = |l| lang.level(Some(l));
            M::HELP_SUBPROCESSORS.with(
                lang,
                &[
                    &sp.high.describe(lang),
                    &lv(sp.key_role_level),
                    &lv(sp.no_key_role_level),
                    &lv(sp.zero_level),
                ],
            )
        }
        Field::SubprocessorKeyRole => t(M::HELP_SUBPROCESSOR_KEY_ROLE),
        Field::Impact => t(M::HELP_IMPACT),
        Field::Exposure => t(M::HELP_EXPOSURE),
        Field::AiUse => t(M::HELP_AI_USE),
        Field::Complexity => t(M::HELP_COMPLEXITY),
        Field::Systems => {
            M::HELP_SYSTEMS.with(lang, &[&r.complexity.systems_medium.describe(lang)])
        }
        Field::Processors => {
            M::HELP_PROCESSORS.with(lang, &[&r.complexity.processors_high.describe(lang)])
        }
        Field::LinkedDatabases => t(M::HELP_LINKED_DATABASES),
        Field::StaffAccess => format!(
            "{} {}",
            t(M::HELP_STAFF_ACCESS),
            bands_text(&r.staff_access.bands, lang)
        ),
        Field::Masking => t(M::HELP_MASKING),
        Field::ExternalAccess => t(M::HELP_EXTERNAL_ACCESS),
        Field::ApList => M::HELP_AP_LIST.with(lang, &[&r.outcome.required_min_ap]),
        Field::EdpbCriteria => M::HELP_EDPB_CRITERIA.with(
            lang,
            &[
                &r.outcome.required_min_edpb,
                &r.outcome.recommended_min_edpb,
            ],
        ),
        Field::DpiaDone => t(M::HELP_DPIA_DONE),
        Field::LastReview => M::HELP_LAST_REVIEW.with(lang, &[&r.meta.review_after_months]),
        Field::Description => t(M::HELP_DESCRIPTION),
        Field::Purpose => t(M::HELP_PURPOSE),
        Field::LegalBasis => t(M::HELP_LEGAL_BASIS),
        Field::SubjectCategories => t(M::HELP_SUBJECT_CATEGORIES),
        Field::Recipients => t(M::HELP_RECIPIENTS),
        Field::Transfers => t(M::HELP_TRANSFERS),
        Field::Retention => t(M::HELP_RETENTION),
        Field::Security => t(M::HELP_SECURITY),
        Field::SystemsList => t(M::HELP_SYSTEMS_LIST),
        Field::Department => t(M::HELP_DEPARTMENT),
        Field::DpiaNeeded => t(M::HELP_DPIA_NEEDED),
    }
}

/// The dropdown values of a column, if it gets one.
pub fn dropdown(field: Field, r: &Rubric, lang: Lang) -> Option<Vec<String>> {
    let yes_no = || {
        Some(vec![
            M::YES.get(lang).to_string(),
            M::NO.get(lang).to_string(),
        ])
    };
    let levels = || {
        Some(
            [
                Some(Level::High),
                Some(Level::Medium),
                Some(Level::Low),
                None,
            ]
            .iter()
            .map(|l| lang.level(*l).to_string())
            .collect(),
        )
    };
    let choices = |c: &crate::rubric::ChoiceRules| {
        Some(
            c.choices
                .iter()
                .map(|(n, _)| n.get(lang).to_string())
                .collect(),
        )
    };
    match field {
        Field::Sensitivity => Some(
            M::SENSITIVITY_LABELS
                .iter()
                .map(|l| l.get(lang).to_string())
                .collect(),
        ),
        Field::SubprocessorKeyRole | Field::LinkedDatabases | Field::DpiaDone => yes_no(),
        Field::Masking => Some(vec![
            M::YES.get(lang).to_string(),
            M::NO.get(lang).to_string(),
            M::PARTLY.get(lang).to_string(),
        ]),
        Field::Impact => choices(&r.impact),
        Field::AiUse => choices(&r.ai_use),
        Field::ExternalAccess => choices(&r.external_access),
        Field::Exposure | Field::Complexity => levels(),
        _ => None,
    }
}

/// Example rows for the `Voorbeeld` sheet, in field order (Dutch; numbers as people type them).
/// `EXAMPLES_EN` holds the same rows for the English `Example` sheet.
const EXAMPLES: [[&str; 23]; 4] = [
    [
        "VW-001",
        "Studentenadministratie",
        "ca. 15.000",
        "28",
        "NAW; BSN; studentnummer; cijfers",
        "Vertrouwelijk",
        "nee",
        "2",
        "ja",
        "Hoog – rechtsgevolgen of aanzienlijke impact",
        "",
        "Laag – geen AI of algoritmes",
        "",
        "4",
        "2",
        "ja",
        "60",
        "deels",
        "Midden – regelmatig en gecontroleerd",
        "",
        "5 grootschalig",
        "ja",
        "15-03-2025",
    ],
    [
        "VW-002",
        "Online proctoring bij tentamens",
        "> 3000",
        "15",
        "naam; studentnummer; camerabeelden; gezichtskenmerken",
        "Strikt vertrouwelijk",
        "biometrie",
        "4",
        "ja",
        "Hoog – rechtsgevolgen of aanzienlijke impact",
        "",
        "Hoog – kernonderdeel",
        "",
        "3",
        "3",
        "nee",
        "40",
        "nee",
        "Hoog – langdurig of permanent",
        "17 biometrische gegevens",
        "1; 3; 8",
        "nee",
        "01-09-2022",
    ],
    [
        "VW-003",
        "Nieuwsbrief alumni",
        "8.000",
        "4",
        "naam; e-mailadres",
        "Intern",
        "nee",
        "1",
        "nee",
        "Laag – beperkt belang",
        "",
        "nee",
        "",
        "1",
        "1",
        "nee",
        "2",
        "ja",
        "Geen",
        "",
        "",
        "nee",
        "10-01-2026",
    ],
    [
        "VW-004",
        "Ziekteverzuimregistratie",
        "1.200",
        "12",
        "naam; personeelsnummer; ziekteverzuim",
        "Vertrouwelijk",
        "gezondheid",
        "1",
        "ja",
        "Hoog – rechtsgevolgen of aanzienlijke impact",
        "",
        "Laag – geen AI of algoritmes",
        "",
        "2",
        "2",
        "nee",
        "6",
        "nee",
        "Midden – regelmatig en gecontroleerd",
        "7 gezondheidsgegevens",
        "4",
        "nee",
        "20-06-2023",
    ],
];

/// The example rows in English, the same activities as `EXAMPLES` typed as an English-speaking
/// user would (English thousands, labels and dropdown texts); they score exactly alike.
const EXAMPLES_EN: [[&str; 23]; 4] = [
    [
        "VW-001",
        "Student administration",
        "about 15,000",
        "28",
        "name; BSN; student number; grades",
        "Confidential",
        "no",
        "2",
        "yes",
        "High – legal effects or significant impact",
        "",
        "Low – no AI or algorithms",
        "",
        "4",
        "2",
        "yes",
        "60",
        "partly",
        "Medium – regular and controlled",
        "",
        "5 large scale",
        "yes",
        "15-03-2025",
    ],
    [
        "VW-002",
        "Online proctoring for exams",
        "> 3000",
        "15",
        "name; student number; camera images; facial features",
        "Strictly confidential",
        "biometrics",
        "4",
        "yes",
        "High – legal effects or significant impact",
        "",
        "High – core part",
        "",
        "3",
        "3",
        "no",
        "40",
        "no",
        "High – long-term or permanent",
        "17 biometric data",
        "1; 3; 8",
        "no",
        "01-09-2022",
    ],
    [
        "VW-003",
        "Alumni newsletter",
        "8,000",
        "4",
        "name; email address",
        "Internal",
        "no",
        "1",
        "no",
        "Low – of minor importance",
        "",
        "no",
        "",
        "1",
        "1",
        "no",
        "2",
        "yes",
        "None",
        "",
        "",
        "no",
        "10-01-2026",
    ],
    [
        "VW-004",
        "Sick leave registration",
        "1,200",
        "12",
        "name; staff number; sick leave",
        "Confidential",
        "health",
        "1",
        "yes",
        "High – legal effects or significant impact",
        "",
        "Low – no AI or algorithms",
        "",
        "2",
        "2",
        "no",
        "6",
        "no",
        "Medium – regular and controlled",
        "7 health data",
        "4",
        "no",
        "20-06-2023",
    ],
];

/// Write the template to `path` (through `write_workbook`).
pub fn write(path: &Path, rubric: &Rubric, lang: Lang) -> Result<()> {
    let mut wb = workbook(rubric, lang)?;
    wb.save(path)
        .with_context(|| M::TEMPLATE_NOT_WRITTEN.with(lang, &[&path.display()]))
}

/// Build the template workbook.
pub fn workbook(rubric: &Rubric, lang: Lang) -> Result<Workbook> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(M::TEMPLATE_TITLE.get(lang))
            .set_author("dpia-triage")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);

    let register = wb.add_worksheet();
    register.set_name(M::REGISTER_SHEET.get(lang))?;
    register_sheet(register, rubric, lang, &head, 1000)?;

    let example = wb.add_worksheet();
    example.set_name(M::EXAMPLE_SHEET.get(lang))?;
    register_sheet(example, rubric, lang, &head, 100)?;
    let examples = match lang {
        Lang::Nl => &EXAMPLES,
        Lang::En => &EXAMPLES_EN,
    };
    for (i, row) in examples.iter().enumerate() {
        for (j, value) in row.iter().enumerate() {
            if !value.is_empty() {
                example.write_string(1 + i as u32, j as u16, *value)?;
            }
        }
    }

    let info = wb.add_worksheet();
    info.set_name(M::INSTRUCTIONS_SHEET.get(lang))?;
    toelichting(info, rubric, lang)?;
    Ok(wb)
}

fn register_sheet(
    ws: &mut Worksheet,
    r: &Rubric,
    lang: Lang,
    head: &Format,
    rows: u32,
) -> Result<()> {
    for (col, field) in Field::TEMPLATE.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, crate::fields::template_header(*field, lang), head)?;
        ws.set_column_width(
            col,
            if *field == Field::Name || *field == Field::DataCategories {
                32.0
            } else {
                18.0
            },
        )?;
        let note = Note::new(note(*field, r, lang))
            .set_author("dpia-triage")
            .set_width(360)
            .set_height(160);
        ws.insert_note(0, col, &note)?;
        if let Some(values) = dropdown(*field, r, lang) {
            // Warning style: a user may still type another value (a date for "DPIA uitgevoerd").
            let dv = DataValidation::new()
                .allow_list_strings(&values)?
                .set_error_style(DataValidationErrorStyle::Warning);
            ws.add_data_validation(1, col, rows, col, &dv)?;
        }
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 2)?;
    Ok(())
}

fn toelichting(ws: &mut Worksheet, r: &Rubric, lang: Lang) -> Result<()> {
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.set_column_width(0, 110.0)?;
    let percent = |fraction: f64| format!("{:.0}", fraction * 100.0);
    let c = &r.class;
    let o = &r.outcome;
    let lines: Vec<(bool, String)> = vec![
        (true, M::GUIDE_FILLING_IN.get(lang).into()),
        (false, M::GUIDE_ONE_ROW.get(lang).into()),
        (false, M::GUIDE_UNKNOWN.get(lang).into()),
        (true, M::GUIDE_SCORING.get(lang).into()),
        (false, M::GUIDE_COMMAND.get(lang).into()),
        (true, M::GUIDE_HOW_SCORED.get(lang).into()),
        (
            false,
            M::GUIDE_POINTS.with(
                lang,
                &[
                    &r.max_score(),
                    &c.high_min_high_count,
                    &percent(c.high_min_score_fraction),
                    &c.medium_min_high_count,
                    &percent(c.medium_min_score_fraction),
                ],
            ),
        ),
        (
            false,
            M::GUIDE_ADVICE.with(
                lang,
                &[
                    &o.required_min_ap,
                    &o.required_min_edpb,
                    &o.recommended_min_edpb,
                ],
            ),
        ),
        (
            false,
            M::GUIDE_RUBRIC.with(lang, &[&r.meta.name, &r.meta.version]),
        ),
    ];
    ws.write_string_with_format(0, 0, M::INSTRUCTIONS_TITLE.get(lang), &title)?;
    for (i, (is_head, text)) in lines.iter().enumerate() {
        let row = 2 + i as u32;
        if *is_head {
            ws.write_string_with_format(row, 0, text, &bold)?;
        } else {
            ws.write_string_with_format(row, 0, text, &wrap)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed templates are exactly what the command writes; regenerate them with
    /// `cargo run -- template -o templates/verwerkingsregister.xlsx --force` (and `--lang en`).
    #[test]
    fn committed_templates_are_current() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let cases: [(Lang, &[u8]); 2] = [
            (
                Lang::Nl,
                include_bytes!("../../templates/verwerkingsregister.xlsx"),
            ),
            (
                Lang::En,
                include_bytes!("../../templates/processing-register.en.xlsx"),
            ),
        ];
        for (lang, committed) in cases {
            let written = workbook(&rubric, lang).unwrap().save_to_buffer().unwrap();
            assert!(
                written == committed,
                "templates for {lang:?} are stale: regenerate them"
            );
        }
    }

    #[test]
    fn every_field_has_header_note_and_the_right_dropdowns() {
        let r = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        for lang in [Lang::Nl, Lang::En] {
            for f in Field::TEMPLATE {
                assert!(!crate::fields::template_header(f, lang).is_empty());
                assert!(note(f, &r, lang).len() > 20, "{f:?} {lang:?}");
            }
        }
        // (field, dropdown values in Dutch)
        let cases: [(Field, Option<&[&str]>); 6] = [
            (Field::LinkedDatabases, Some(&["ja", "nee"])),
            (Field::Masking, Some(&["ja", "nee", "deels"])),
            (
                Field::Exposure,
                Some(&["Hoog", "Midden", "Laag", "Onbekend"]),
            ),
            (
                Field::ExternalAccess,
                Some(&[
                    "Hoog – langdurig of permanent",
                    "Midden – regelmatig en gecontroleerd",
                    "Laag – alleen tijdelijk voor korte beheertaken",
                    "Geen",
                ]),
            ),
            (Field::DataSubjects, None),
            (Field::Name, None),
        ];
        for (field, expected) in cases {
            let got = dropdown(field, &r, Lang::Nl);
            let expected = expected.map(|v| v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, expected, "{field:?}");
        }
        assert!(note(Field::DataSubjects, &r, Lang::Nl).contains("Hoog: > 1.000"));
    }

    /// Every template header is recognised by the default rubric as its own field.
    #[test]
    fn template_headers_map_back_to_their_fields() {
        let r = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let lookup = crate::input::header::HeaderLookup::new(&r, &[]);
        for lang in [Lang::Nl, Lang::En] {
            for f in Field::TEMPLATE {
                assert_eq!(
                    lookup.field(crate::fields::template_header(f, lang)),
                    Some(f),
                    "{} ({lang:?})",
                    crate::fields::template_header(f, lang)
                );
            }
        }
    }
}
