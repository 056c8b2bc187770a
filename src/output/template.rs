//! The blank register template (docs/register.md#template): sheet `Register` with every field header, a note on
//! each header explaining the criterion and its bands (taken from the rubric, so a custom rubric
//! gives a matching template), dropdowns on every level, yes/no and choice column, a frozen
//! header; a `Voorbeeld` sheet with filled-in rows; a `Toelichting` sheet on filling in and scoring.
//! The file is reproducible: its timestamp is fixed.

use crate::messages as M;
use std::path::Path;

use anyhow::{Context as _, Result};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Note, Workbook, Worksheet,
};

use crate::fields::Field;
use crate::lang::Lang;
use crate::rubric::{CountBands, Rubric};

fn bands_text(b: &CountBands, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!(
            "Hoog: {}. Midden: {} en {}. Laag: {}.",
            b.high.describe(lang),
            b.medium.describe(lang),
            b.high.describe_negated(lang),
            b.medium.describe_negated(lang)
        ),
        Lang::En => format!(
            "High: {}. Medium: {} and {}. Low: {}.",
            b.high.describe(lang),
            b.medium.describe(lang),
            b.high.describe_negated(lang),
            b.medium.describe_negated(lang)
        ),
    }
}

/// The note of an input column the tool adds to a register that lacks it (docs/output.md#workbook).
pub fn added_note(field: Field, r: &Rubric, lang: Lang) -> String {
    let note = note(field, r, lang);
    match field {
        // In a column the tool added, an empty cell is not answered yet (docs/output.md#score-class-and-advice).
        Field::ApList | Field::EdpbCriteria => format!(
            "{note} {}",
            lang.word(
                "Vul 'geen' in als er geen van toepassing is: deze kolom is door dpia-triage toegevoegd, en een lege cel telt als nog niet beantwoord.",
                "Enter 'none' when none apply: dpia-triage added this column, and an empty cell counts as not answered yet."
            )
        ),
        _ => note,
    }
}

/// The note on a header: what to fill in and how it is scored, with the rubric's bands.
pub fn note(field: Field, r: &Rubric, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let t = |a: &str, b: &str| if nl { a.to_string() } else { b.to_string() };
    match field {
        Field::Id => t("Uniek kenmerk van de verwerking, bijv. VW-001. Hiermee koppelt een volgende beoordeling de rijen.", "Unique reference of the processing activity, e.g. PA-001. A later assessment matches rows on it."),
        Field::Name => t("Korte naam van de verwerkingsactiviteit.", "Short name of the processing activity."),
        Field::DataSubjects => format!("{} {}", t("Van hoeveel personen worden ongeveer een jaar na de start gegevens verwerkt? Een getal of tekst als 'ca. 500', '> 1000', '100-1000'.", "Of how many people are data processed about a year after the start? A number or text such as 'about 500', '> 1000', '100-1000'."), bands_text(&r.data_subjects, lang)),
        Field::DataTypes => format!("{} {}", t("Hoeveel verschillende soorten persoonsgegevens (een tentamencijfer telt als één soort)? Leeg: het aantal genoemde categorieën telt.", "How many different types of personal data (an exam grade counts as one type)? Empty: the number of listed categories counts."), bands_text(&r.data_types, lang)),
        Field::DataCategories => t("Opsomming van de soorten persoonsgegevens, gescheiden door ; of , (bijv. naam; BSN; gezondheid). Bijzondere en gevoelige gegevens verhogen de gevoeligheid.", "List of the types of personal data, separated by ; or , (e.g. name; passport; health). Special and sensitive data raise the sensitivity."),
        Field::Sensitivity => t("Vertrouwelijkheidslabel. Hoog: geheim/strikt vertrouwelijk. Midden: vertrouwelijk. Laag: openbaar/intern. Het hoogste signaal (label, bijzondere gegevens, genoemde categorieën) telt.", "Classification label. High: secret/strictly confidential. Medium: confidential. Low: public/internal. The highest signal (label, special categories, listed categories) counts."),
        Field::SpecialCategories => t("Worden bijzondere of strafrechtelijke persoonsgegevens verwerkt (gezondheid, religie, biometrie, strafblad …)? ja/nee of een opsomming. Ja geeft gevoeligheid Hoog.", "Are special-category or criminal-offence data processed (health, religion, biometrics, criminal record …)? yes/no or a list. Yes gives sensitivity High."),
        Field::Subprocessors => {
            let sp = &r.subprocessors;
            let lv = |l| lang.level(Some(l));
            match lang {
                Lang::Nl => format!(
                    "Hoeveel subverwerkers zetten de verwerkers in? Hoog: {}. Eén of twee: {} met een belangrijke rol, anders {}. 0: {}.",
                    sp.high.describe(lang), lv(sp.key_role_level), lv(sp.no_key_role_level), lv(sp.zero_level)
                ),
                Lang::En => format!(
                    "How many sub-processors do the processors use? High: {}. One or two: {} with a key role, else {}. 0: {}.",
                    sp.high.describe(lang), lv(sp.key_role_level), lv(sp.no_key_role_level), lv(sp.zero_level)
                ),
            }
        }
        Field::SubprocessorKeyRole => t("Vervult een subverwerker een belangrijke rol (bijv. slaat alle persoonsgegevens op)? ja/nee. Leeg bij één of twee subverwerkers: bij twijfel hoger.", "Does a sub-processor have a key role (e.g. stores all personal data)? yes/no. Empty with one or two sub-processors: in doubt, higher."),
        Field::Impact => t("Maximale impact voor de betrokkene. Hoog: rechtsgevolgen of aanzienlijke impact (diploma, lening, zorg). Midden: van belang, geen rechtsgevolgen. Laag: beperkt belang.", "Maximum impact on the data subject. High: legal effects or significant impact (diploma, loan, care). Medium: important, no legal effects. Low: minor importance."),
        Field::Exposure => t("Optioneel. Leeg: afgeleid uit betrokkenen, soorten gegevens en gevoeligheid (Hoog bij veel van beide én hoge gevoeligheid).", "Optional. Empty: derived from data subjects, data types and sensitivity (High with many of either and high sensitivity)."),
        Field::AiUse => t("Gebruik van AI of algoritmes. Hoog: kernonderdeel. Midden: ondersteunend. Laag: geen. Hoog voegt de maatregelen uit het Algoritmekader toe.", "Use of AI or algorithms. High: core part. Medium: supporting. Low: none. High adds the Algoritmekader measures."),
        Field::Complexity => t("Optioneel. Leeg: afgeleid uit verwerkers, systemen en gekoppelde databases.", "Optional. Empty: derived from processors, systems and linked databases."),
        Field::Systems => match lang { Lang::Nl => format!("Aantal systemen in de keten. Complexiteit Midden bij {}.", r.complexity.systems_medium.describe(lang)), Lang::En => format!("Number of systems in the chain. Complexity Medium at {}.", r.complexity.systems_medium.describe(lang)) },
        Field::Processors => match lang { Lang::Nl => format!("Aantal verwerkers. Complexiteit Hoog bij {}.", r.complexity.processors_high.describe(lang)), Lang::En => format!("Number of processors. Complexity High at {}.", r.complexity.processors_high.describe(lang)) },
        Field::LinkedDatabases => t("Worden gegevensverzamelingen uit verschillende verwerkingen of organisaties gekoppeld? ja/nee. Ja geeft complexiteit minstens Midden.", "Are data sets from different processing activities or organisations linked? yes/no. Yes gives complexity at least Medium."),
        Field::StaffAccess => format!("{} {}", t("Hoeveel medewerkers hebben (intern) toegang? Gevoelige gegevens verhogen, maskering overal verlaagt één niveau.", "How many staff have (internal) access? Sensitive data raise it, masking everywhere lowers one level."), bands_text(&r.staff_access.bands, lang)),
        Field::Masking => t("Zijn datamaskering en exportbeperking overal mogelijk? ja / nee / deels (deels telt als nee).", "Are data masking and export restriction possible everywhere? yes / no / partly (partly counts as no)."),
        Field::ExternalAccess => t("Hebben externe partijen toegang? Hoog: langdurig of permanent. Midden: regelmatig en gecontroleerd. Laag: alleen tijdelijk voor korte beheertaken. Geen.", "Do external parties have access? High: long-term or permanent. Medium: regular and controlled. Low: only temporary for short admin tasks. None."),
        Field::ApList => match lang {
            Lang::Nl => format!("Categorieën van de AP-lijst verplichte DPIA (1–17 of naam, bijv. 9 cameratoezicht; 15 profilering). Vanaf {} categorie(ën): DPIA verplicht.", r.outcome.required_min_ap),
            Lang::En => format!("Categories of the Dutch DPA's mandatory-DPIA list (1–17 or name, e.g. 9 camera surveillance). From {} categor(y/ies): DPIA required.", r.outcome.required_min_ap),
        },
        Field::EdpbCriteria => match lang {
            Lang::Nl => format!("EDPB/WP248-criteria (1–9 of naam, bijv. 5 grootschalig). Vanaf {}: DPIA verplicht; vanaf {}: aanbevolen.", r.outcome.required_min_edpb, r.outcome.recommended_min_edpb),
            Lang::En => format!("EDPB/WP248 criteria (1–9 or name, e.g. 5 large scale). From {}: DPIA required; from {}: recommended.", r.outcome.required_min_edpb, r.outcome.recommended_min_edpb),
        },
        Field::DpiaDone => t("Is een DPIA uitgevoerd? ja/nee of de datum.", "Was a DPIA done? yes/no or the date."),
        Field::LastReview => match lang { Lang::Nl => format!("Datum van de laatste beoordeling (dd-mm-jjjj). Na {} maanden: herbeoordeling nodig.", r.meta.review_after_months), Lang::En => format!("Date of the last review (dd-mm-yyyy). After {} months: review due.", r.meta.review_after_months) },
        Field::Description => t("Omschrijving van de verwerking (art. 30 AVG). Wordt doorzocht op signalen van de AP-lijst en de EDPB-criteria.", "Description of the processing (art. 30 GDPR). Searched for signals of the AP list and the EDPB criteria."),
        Field::Purpose => t("Doel of doelen van de verwerking. Wordt doorzocht op signalen van de AP-lijst en de EDPB-criteria.", "Purpose(s) of the processing. Searched for signals of the AP list and the EDPB criteria."),
        Field::LegalBasis => t("Grondslag van de verwerking (art. 6 AVG). Wordt getoond, niet gescoord.", "Legal basis of the processing (art. 6 GDPR). Shown, not scored."),
        Field::SubjectCategories => t("Categorieën betrokkenen, gescheiden door ; of , (bijv. leerlingen; medewerkers). Kwetsbare groepen tellen als EDPB-criterium 7.", "Categories of data subjects, separated by ; or , (e.g. pupils; employees). Vulnerable groups count as EDPB criterion 7."),
        Field::Recipients => t("Ontvangers en verwerkers, gescheiden door ; of ,. Het aantal genoemde verwerkers telt voor de complexiteit als er geen kolom Aantal verwerkers is.", "Recipients and processors, separated by ; or ,. Their number counts for complexity when there is no Number of processors column."),
        Field::Transfers => t("Doorgifte buiten de EU/EER: nee, of de landen. Een land zonder adequaatheidsbesluit maakt de blootstelling minstens Midden.", "Transfers outside the EU/EEA: no, or the countries. A country without an adequacy decision makes the exposure at least Medium."),
        Field::Retention => t("Bewaartermijn van de gegevens. Wordt getoond, niet gescoord.", "Retention period. Shown, not scored."),
        Field::Security => t("Beveiligingsmaatregelen. Pseudonimisering, versleuteling of maskering telt als datamaskering.", "Security measures. Pseudonymisation, encryption or masking counts as data masking."),
        Field::SystemsList => t("Systemen en applicaties, gescheiden door ; of ,. Hun aantal telt voor de complexiteit als er geen kolom Aantal systemen is.", "Systems and applications, separated by ; or ,. Their number counts for complexity when there is no Number of systems column."),
        Field::Department => t("Afdeling of proceseigenaar. De Samenvatting telt per afdeling.", "Department or process owner. The Summary counts per department."),
        Field::DpiaNeeded => t("Het eigen oordeel van het register: is een DPIA vereist (ja/nee)? Een verschil met het DPIA-advies staat in Signalen.", "The register's own judgement: is a DPIA required (yes/no)? A difference with the DPIA advice shows in Signals."),
    }
}

/// The dropdown values of a column, if it gets one.
pub fn dropdown(field: Field, r: &Rubric, lang: Lang) -> Option<Vec<String>> {
    let yes_no = || {
        Some(vec![
            lang.word("ja", "yes").to_string(),
            lang.word("nee", "no").to_string(),
        ])
    };
    let levels = || {
        Some(
            ["Hoog", "Midden", "Laag", "Onbekend"]
                .iter()
                .zip(["High", "Medium", "Low", "Unknown"])
                .map(|(nl, en)| lang.word(nl, en).to_string())
                .collect(),
        )
    };
    let choices = |c: &crate::rubric::ChoiceRules| {
        Some(
            c.choices
                .iter()
                .map(|(n, _)| match lang {
                    Lang::Nl => n.nl.clone(),
                    Lang::En => n.en.clone(),
                })
                .collect(),
        )
    };
    match field {
        Field::Sensitivity => Some(
            match lang {
                Lang::Nl => [
                    "Openbaar",
                    "Intern",
                    "Vertrouwelijk",
                    "Strikt vertrouwelijk",
                    "Geheim",
                ],
                Lang::En => [
                    "Public",
                    "Internal",
                    "Confidential",
                    "Strictly confidential",
                    "Secret",
                ],
            }
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ),
        Field::SubprocessorKeyRole | Field::LinkedDatabases | Field::DpiaDone => yes_no(),
        Field::Masking => Some(vec![
            lang.word("ja", "yes").to_string(),
            lang.word("nee", "no").to_string(),
            lang.word("deels", "partly").to_string(),
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
            .set_title(lang.word(
                "Verwerkingsregister (sjabloon)",
                "Processing register (template)",
            ))
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
    register.set_name(lang.word("Register", "Register"))?;
    register_sheet(register, rubric, lang, &head, 1000)?;

    let example = wb.add_worksheet();
    example.set_name(lang.word("Voorbeeld", "Example"))?;
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
    info.set_name(lang.word("Toelichting", "Instructions"))?;
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
    let lines: Vec<(bool, String)> = match lang {
        Lang::Nl => vec![
            (true, "Invullen".into()),
            (false, "Vul per verwerking van persoonsgegevens één regel in op het blad Register. Het blad Voorbeeld laat ingevulde regels zien. Bij elke kolomkop staat een notitie met uitleg; kolommen met een keuzelijst hebben de standaardantwoorden, maar ook andere tekst wordt herkend (bijv. 'ca. 500', '> 1000', 'hoog').".into()),
            (false, "Onbekend? Laat de cel leeg of schrijf 'onbekend'. Lege of onleesbare cellen worden gemeld onder Datakwaliteit; het advies wordt 'Onvolledig' als de ontbrekende gegevens het advies kunnen veranderen.".into()),
            (true, "Beoordelen".into()),
            (false, "dpia-triage score verwerkingsregister.xlsx  — schrijft verwerkingsregister.dpia.xlsx met per verwerking het niveau van de 10 SURF-criteria, de risicoscore en -klasse, het DPIA-advies met onderbouwing, meldingen, maatregelen met eigenaar en een samenvatting.".into()),
            (true, "Hoe de score werkt".into()),
            (false, format!("Elk criterium krijgt Geen (0), Laag (1), Midden (2) of Hoog (3) punten, maal het gewicht; de maximale score is {}. Risicoklasse Hoog bij minstens {} criteria op Hoog of een score van minstens {:.0}% van het maximum; Midden bij minstens {} op Hoog of {:.0}%; anders Laag.", r.max_score(), r.class.high_min_high_count, r.class.high_min_score_fraction * 100.0, r.class.medium_min_high_count, r.class.medium_min_score_fraction * 100.0)),
            (false, format!("DPIA verplicht als minstens {} categorie van de AP-lijst of minstens {} EDPB-criteria van toepassing zijn; aanbevolen bij risicoklasse Hoog of {} EDPB-criterium; anders geen DPIA nodig (met onderbouwing). SURF: één keer Hoog maakt een DPIA niet per se nodig, een combinatie van bovengemiddelde criteria wel.", r.outcome.required_min_ap, r.outcome.required_min_edpb, r.outcome.recommended_min_edpb)),
            (false, format!("Rubric: {} {}. Pas drempels, woordenlijsten, gewichten en maatregelen aan met een eigen rubric (dpia-triage rubric > mijn-rubric.toml).", r.meta.name, r.meta.version)),
        ],
        Lang::En => vec![
            (true, "Filling in".into()),
            (false, "Fill in one row per processing activity on the Register sheet. The Example sheet shows filled-in rows. Every column header has a note; columns with a dropdown offer the standard answers, but other text is understood too (e.g. 'about 500', '> 1000', 'high').".into()),
            (false, "Unknown? Leave the cell empty or write 'unknown'. Empty or unreadable cells are reported under Data quality; the advice becomes 'Incomplete' when the missing data could change it.".into()),
            (true, "Scoring".into()),
            (false, "dpia-triage score processing-register.xlsx --lang en  — writes processing-register.dpia.xlsx with the level of the 10 SURF criteria per activity, the risk score and class, the DPIA advice with its rationale, findings, measures with owners and a summary.".into()),
            (true, "How the score works".into()),
            (false, format!("Each criterion gets None (0), Low (1), Medium (2) or High (3) points, times its weight; the maximum score is {}. Risk class High with at least {} criteria at High or a score of at least {:.0}% of the maximum; Medium with at least {} at High or {:.0}%; else Low.", r.max_score(), r.class.high_min_high_count, r.class.high_min_score_fraction * 100.0, r.class.medium_min_high_count, r.class.medium_min_score_fraction * 100.0)),
            (false, format!("DPIA required when at least {} category of the AP list or at least {} EDPB criteria apply; recommended for risk class High or {} EDPB criterion; otherwise no DPIA needed (with the reason). SURF: a single High does not by itself require a DPIA; a combination of above-average criteria does.", r.outcome.required_min_ap, r.outcome.required_min_edpb, r.outcome.recommended_min_edpb)),
            (false, format!("Rubric: {} {}. Adapt thresholds, word lists, weights and measures with your own rubric (dpia-triage rubric > my-rubric.toml).", r.meta.name, r.meta.version)),
        ],
    };
    ws.write_string_with_format(
        0,
        0,
        lang.word(
            "Toelichting bij het verwerkingsregister",
            "About the processing register",
        ),
        &title,
    )?;
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
