//! One register row turned into typed fields (docs/register.md#values), with a data-quality finding for every cell
//! that does not fit its field's grammar. Pure and per row, so it runs on the rayon pool next to the
//! assessment. What the values *mean* for the risk is not decided here but in `assess`.

use crate::messages as M;

use std::borrow::Cow;

use calamine::Data;
use chrono::NaiveDate;

use super::cell::{display, format_number, serial_1900};
use super::header::ColumnMap;
use super::RawRow;
use crate::fields::{Criterion, Field};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::ooxml::cellref::cell_ref;
use crate::rubric::{ChoiceRules, Rubric, ScanItem};
use crate::value::{self, Level, LevelWord, YesNo};

/// A number or a level given directly (count fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    /// A count, with the cell's text when it said more than the number (`> 1000`, `ca. 500`,
    /// `100-1000`), so that a reason can quote what was typed.
    Count(u64, Option<String>),
    /// A level given directly ("opgegeven niveau").
    Level(Level),
    /// Explicitly "onbekend".
    Unknown,
}

/// A level stated by a label, a choice or a level word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stated {
    /// A label or dropdown choice of the rubric, with the text that gave it.
    Level(Level, String),
    /// A level word given directly ("hoog", "Midden – …"): overrides the facts.
    Direct(Level, String),
    /// Explicitly "onbekend".
    Unknown,
}

/// The special-categories field: yes/no or a list of categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Special {
    /// "ja".
    Yes,
    /// "nee".
    No,
    /// Listed categories.
    Items(Vec<String>),
}

/// The typed fields of one row. `None` means empty (or unreadable, with a finding).
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 1-based row number in the sheet.
    pub row: u32,
    /// Activity id.
    pub id: Option<String>,
    /// Activity name.
    pub name: Option<String>,
    /// Data subjects.
    pub data_subjects: Option<Amount>,
    /// Types of personal data.
    pub data_types: Option<Amount>,
    /// Listed data categories.
    pub data_categories: Vec<String>,
    /// Sensitivity label or level.
    pub sensitivity: Option<Stated>,
    /// Special categories.
    pub special_categories: Option<Special>,
    /// Sub-processors.
    pub subprocessors: Option<Amount>,
    /// Sub-processor with key role.
    pub subprocessor_key_role: Option<bool>,
    /// Impact.
    pub impact: Option<Stated>,
    /// Exposure, when given.
    pub exposure: Option<Stated>,
    /// AI use.
    pub ai_use: Option<Stated>,
    /// Complexity, when given.
    pub complexity: Option<Stated>,
    /// Number of systems.
    pub systems: Option<u64>,
    /// Number of processors.
    pub processors: Option<u64>,
    /// Linked databases.
    pub linked_databases: Option<bool>,
    /// Staff with access.
    pub staff_access: Option<Amount>,
    /// Masking and export restriction.
    pub masking: Option<YesNo>,
    /// External access.
    pub external_access: Option<Stated>,
    /// AP-list item numbers (deduplicated, sorted).
    pub ap_list: Vec<u8>,
    /// EDPB criteria numbers (deduplicated, sorted).
    pub edpb_criteria: Vec<u8>,
    /// The AP-list cell says something (also "geen"): derived items do not add to it. Its
    /// reference, header and text, for a finding about an item it leaves out.
    pub ap_stated: Option<(String, String, String)>,
    /// The EDPB-criteria cell, when it says something.
    pub edpb_stated: Option<(String, String, String)>,
    /// The register has no AP-list column: whether an item applies is unknown (docs/output.md#score-class-and-advice).
    pub ap_absent: bool,
    /// The register has no EDPB-criteria column.
    pub edpb_absent: bool,
    /// DPIA done (a date counts as yes).
    pub dpia_done: Option<bool>,
    /// Last review date.
    pub last_review: Option<NaiveDate>,
    /// The texts of an art. 30 register (docs/register.md#art-30-registers), as typed: description, purpose, legal
    /// basis, retention, security measures, transfers, department.
    pub texts: Texts,
    /// Listed categories of data subjects.
    pub subject_categories: Vec<String>,
    /// Listed recipients and processors.
    pub recipients: Vec<String>,
    /// Listed systems and applications.
    pub systems_list: Vec<String>,
    /// The register's own judgement whether a DPIA is required.
    pub dpia_needed: Option<bool>,
    /// `processors` / `systems` were counted from the listed recipients / systems.
    pub counted_from_lists: (bool, bool),
    /// Data-quality findings of this row.
    pub findings: Vec<Finding>,
    /// Fields whose cell was filled but unreadable (a finding says why).
    pub invalid: Vec<Field>,
}

/// The free texts of an art. 30 register row (empty where the register has no such column).
#[derive(Debug, Clone, Default)]
pub struct Texts {
    /// Description of the processing.
    pub description: Option<String>,
    /// Purpose(s).
    pub purpose: Option<String>,
    /// Legal basis.
    pub legal_basis: Option<String>,
    /// Retention period.
    pub retention: Option<String>,
    /// Security measures.
    pub security: Option<String>,
    /// Transfers outside the EU/EEA.
    pub transfers: Option<String>,
    /// Department or process owner.
    pub department: Option<String>,
}

/// Excel's limit on the text of one cell, in UTF-16 units.
pub const CELL_TEXT_MAX: usize = 32_767;

/// `s` cut to fit in one cell, ending in `…` when cut. The texts the tool composes quote the
/// user's cells (a category list in a reason, say), so a maximal cell could make them too long.
pub fn fit_cell(mut s: String) -> String {
    // A UTF-8 string has at least as many bytes as UTF-16 units.
    if s.len() <= CELL_TEXT_MAX || s.encode_utf16().count() <= CELL_TEXT_MAX {
        return s;
    }
    let mut units = 0;
    let cut = s
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > CELL_TEXT_MAX - 1
        })
        .map_or(s.len(), |(i, _)| i);
    s.truncate(cut);
    s.push('…');
    s
}

/// Items equal once normalised are one item; the first stays.
fn dedupe(items: &mut Vec<String>) {
    if items.len() < 2 {
        return;
    }
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items.retain(|i| seen.insert(value::normalize(i)));
}

/// A text field given in several columns reads as their texts, one per line.
fn join_text(to: &mut Option<String>, more: Option<String>) {
    match (to.as_mut(), more) {
        (Some(t), Some(m)) => {
            t.push('\n');
            t.push_str(&m);
        }
        (None, m) => *to = m,
        (Some(_), None) => {}
    }
}

/// A filled cell's reference, header and text; `None` for an empty cell.
fn stated_cell(
    map: &ColumnMap,
    row: u32,
    col: u16,
    data: &Data,
) -> Option<(String, String, String)> {
    if matches!(content(data), Content::Empty) {
        return None;
    }
    Some((
        cell_ref(row, col),
        map.header_text(col).to_string(),
        display(data),
    ))
}

/// A cell's content as the grammar sees it.
enum Content<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Date(f64),
    Error(String),
}

fn content(data: &Data) -> Content<'_> {
    match data {
        Data::Empty => Content::Empty,
        Data::String(s) if s.trim().is_empty() => Content::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Content::Text(s),
        Data::Int(i) => Content::Number(*i as f64),
        Data::Float(f) => Content::Number(*f),
        Data::Bool(b) => Content::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => Content::Date(serial_1900(d)),
        Data::DateTime(d) => Content::Number(d.as_f64()),
        Data::Error(e) => Content::Error(e.to_string()),
    }
}

/// Turns a raw row into a `Record`, collecting findings.
struct Parser<'a> {
    rubric: &'a Rubric,
    lang: Lang,
    map: &'a ColumnMap,
    row: u32,
    findings: Vec<Finding>,
    invalid: Vec<Field>,
}

/// A count error in the output language.
fn count_error(e: &value::CountError, lang: Lang) -> &'static str {
    match e {
        value::CountError::NoNumber => M::COUNT_NO_NUMBER,
        value::CountError::Negative => M::COUNT_NEGATIVE,
        value::CountError::SeveralNumbers => M::COUNT_SEVERAL_NUMBERS,
        value::CountError::TooLarge => M::COUNT_TOO_LARGE,
    }
    .get(lang)
}

/// What a field expects, put into words only when a finding needs them: most cells fit, and the
/// choice list alone is a join of every choice text.
#[derive(Clone, Copy)]
enum Expected<'a> {
    /// A fixed text.
    Text(&'a str),
    /// One of the rubric's choices, or a level word.
    Choice(&'a ChoiceRules),
    /// AP-list or EDPB items, numbered 1 to the given maximum.
    Scan(u8),
}

impl Expected<'_> {
    fn words(self, lang: Lang) -> String {
        match self {
            Expected::Text(t) => t.to_string(),
            Expected::Choice(rules) => format!(
                "{} ({}) {}",
                M::EXPECTED_CHOICE.get(lang),
                rules
                    .choices
                    .iter()
                    .map(|(n, _)| n.nl.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
                M::OR_A_LEVEL.get(lang)
            ),
            Expected::Scan(max) => M::EXPECTED_ITEMS.with(lang, &[&max]),
        }
    }
}

impl Parser<'_> {
    fn expected(&self, what: &str) -> String {
        format!("{} {what}", M::EXPECTED.get(self.lang))
    }

    fn not_recognised(&self, what: &str) -> String {
        format!(
            "{}; {}",
            M::NOT_RECOGNISED.get(self.lang),
            self.expected(what)
        )
    }

    fn finding(&mut self, col: u16, data: &Data, message: impl Into<String>) {
        if let Some(f) = self.map.field_of(col) {
            self.invalid.push(f);
        }
        self.findings.push(Finding {
            cell: cell_ref(self.row, col),
            column: self.map.header_text(col).to_string(),
            value: truncate(&display(data), 200).into_owned(),
            message: message.into(),
        });
    }

    fn wrong_type(&mut self, col: u16, data: &Data, expected: &str) {
        let msg = match content(data) {
            Content::Error(e) => format!(
                "{} {e}; {}",
                M::ERROR_VALUE.get(self.lang),
                self.expected(expected)
            ),
            Content::Date(_) => format!(
                "{}; {}",
                M::DATE_VALUE.get(self.lang),
                self.expected(expected)
            ),
            Content::Bool(_) => format!(
                "{}; {}",
                M::TRUE_FALSE.get(self.lang),
                self.expected(expected)
            ),
            _ => self.not_recognised(expected),
        };
        self.finding(col, data, msg);
    }

    /// Count or level (data subjects, types, sub-processors, staff).
    fn amount(&mut self, col: u16, data: &Data, allow_none: bool) -> Option<Amount> {
        let expected = M::EXPECTED_AMOUNT.get(self.lang);
        match content(data) {
            Content::Empty => None,
            Content::Number(x) => match value::count_from_number(x) {
                Ok(n) => Some(Amount::Count(n, None)),
                Err(e) => {
                    self.finding(
                        col,
                        data,
                        format!(
                            "{}; {}",
                            count_error(&e, self.lang),
                            self.expected(expected)
                        ),
                    );
                    None
                }
            },
            Content::Text(t) => {
                if let Some(word) = value::parse_level(t, allow_none, false, false) {
                    return Some(match word {
                        LevelWord::Level(l) => Amount::Level(l),
                        LevelWord::Unknown => Amount::Unknown,
                        LevelWord::NotApplicable => {
                            Amount::Level(if allow_none { Level::None } else { Level::Low })
                        }
                    });
                }
                match value::parse_count(t) {
                    Ok(n) => Some(Amount::Count(n, typed_count(t, n))),
                    Err(e) => {
                        self.finding(
                            col,
                            data,
                            format!(
                                "{}; {}",
                                count_error(&e, self.lang),
                                self.expected(expected)
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(col, data, expected);
                None
            }
        }
    }

    /// A plain count (systems, processors); "geen" is zero.
    fn count(&mut self, col: u16, data: &Data) -> Option<u64> {
        let expected = M::EXPECTED_COUNT.get(self.lang);
        match content(data) {
            Content::Empty => None,
            Content::Number(x) => match value::count_from_number(x) {
                Ok(n) => Some(n),
                Err(e) => {
                    self.finding(
                        col,
                        data,
                        format!(
                            "{}; {}",
                            count_error(&e, self.lang),
                            self.expected(expected)
                        ),
                    );
                    None
                }
            },
            Content::Text(t) => {
                if let Some(LevelWord::Level(Level::None)) =
                    value::parse_level(t, true, false, false)
                {
                    return Some(0);
                }
                match value::parse_count(t) {
                    Ok(n) => Some(n),
                    Err(e) => {
                        self.finding(
                            col,
                            data,
                            format!(
                                "{}; {}",
                                count_error(&e, self.lang),
                                self.expected(expected)
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(col, data, expected);
                None
            }
        }
    }

    /// A level word, a choice of the rubric or a label; `lookup` holds normalised texts.
    fn stated(
        &mut self,
        col: u16,
        data: &Data,
        lookup: &[(String, Level)],
        allow_none: bool,
        expected: Expected<'_>,
    ) -> Option<Stated> {
        let text: Cow<'_, str> = match content(data) {
            Content::Empty => return None,
            Content::Text(t) => Cow::Borrowed(t),
            Content::Number(x) if x.fract() == 0.0 && (0.0..=3.0).contains(&x) => {
                Cow::Owned(format_number(x))
            }
            _ => {
                let words = expected.words(self.lang);
                self.wrong_type(col, data, &words);
                return None;
            }
        };
        let norm = value::normalize(&text);
        if let Some((_, level)) = lookup.iter().find(|(w, _)| *w == norm) {
            return Some(Stated::Level(*level, text.trim().to_string()));
        }
        match value::parse_level(&text, allow_none, true, true) {
            Some(LevelWord::Level(l)) => Some(Stated::Direct(l, text.trim().to_string())),
            Some(LevelWord::Unknown) => Some(Stated::Unknown),
            Some(LevelWord::NotApplicable) => Some(Stated::Direct(
                if allow_none { Level::None } else { Level::Low },
                text.trim().to_string(),
            )),
            None => {
                let msg = self.not_recognised(&expected.words(self.lang));
                self.finding(col, data, msg);
                None
            }
        }
    }

    fn choice(
        &mut self,
        col: u16,
        data: &Data,
        rules: &ChoiceRules,
        allow_none: bool,
    ) -> Option<Stated> {
        self.stated(
            col,
            data,
            &rules.lookup,
            allow_none,
            Expected::Choice(rules),
        )
    }

    fn yes_no(&mut self, col: u16, data: &Data, allow_partly: bool) -> Option<YesNo> {
        let expected = if allow_partly {
            M::EXPECTED_YES_NO_PARTLY.get(self.lang)
        } else {
            M::EXPECTED_YES_NO.get(self.lang)
        };
        match content(data) {
            Content::Empty => None,
            Content::Bool(b) => Some(if b { YesNo::Yes } else { YesNo::No }),
            Content::Number(1.0) => Some(YesNo::Yes),
            Content::Number(0.0) => Some(YesNo::No),
            Content::Text(t) => {
                let r = value::parse_yes_no(t, allow_partly);
                if r.is_none() {
                    let msg = self.not_recognised(expected);
                    self.finding(col, data, msg);
                }
                r
            }
            _ => {
                self.wrong_type(col, data, expected);
                None
            }
        }
    }

    fn list(&mut self, data: &Data) -> Vec<String> {
        match content(data) {
            Content::Text(t) => value::parse_list(t),
            Content::Number(x) => vec![format_number(x)],
            _ => Vec::new(),
        }
    }

    fn scan(&mut self, col: u16, data: &Data, items: &[ScanItem], max: u8) -> Vec<u8> {
        let expected = Expected::Scan(max);
        let texts = match content(data) {
            Content::Empty => return Vec::new(),
            // `geen` (or `0`, `n.v.t.`, `-`) states that none apply, as the template asks.
            Content::Number(0.0) => return Vec::new(),
            Content::Text(t) if value::names_nothing(t) || t.trim() == "0" => return Vec::new(),
            Content::Number(x) => vec![format_number(x)],
            Content::Text(t) => value::parse_list(t),
            _ => {
                let words = expected.words(self.lang);
                self.wrong_type(col, data, &words);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        let mut bad = Vec::new();
        for t in &texts {
            match match_scan_item(t, items) {
                Some(n) => out.push(n),
                None => bad.push(t.as_str()),
            }
        }
        if !bad.is_empty() {
            let msg = format!(
                "{} {}; {}",
                M::UNKNOWN_ITEM.get(self.lang),
                bad.join(", "),
                self.expected(&expected.words(self.lang))
            );
            self.finding(col, data, msg);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn date(&mut self, col: u16, data: &Data) -> Option<NaiveDate> {
        let expected = M::EXPECTED_DATE.get(self.lang);
        let parsed = match content(data) {
            Content::Empty => return None,
            Content::Date(serial) => value::date_from_excel_serial(serial),
            Content::Text(t) => value::parse_date(t),
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_type(col, data, expected);
        }
        parsed
    }

    fn dpia_done(&mut self, col: u16, data: &Data) -> Option<bool> {
        let expected = M::EXPECTED_YES_NO_DATE.get(self.lang);
        match content(data) {
            Content::Empty => None,
            Content::Date(_) => Some(true),
            Content::Bool(b) => Some(b),
            Content::Text(t) => {
                if let Some(yn) = value::parse_yes_no(t, false) {
                    Some(yn == YesNo::Yes)
                } else if value::parse_date(t).is_some() {
                    Some(true)
                } else {
                    let msg = self.not_recognised(expected);
                    self.finding(col, data, msg);
                    None
                }
            }
            Content::Number(x) if x == 1.0 || x == 0.0 => Some(x == 1.0),
            _ => {
                self.wrong_type(col, data, expected);
                None
            }
        }
    }
}

/// Match one AP/EDPB item by number (also "9 cameratoezicht"), exact name, or the most specific keyword.
pub fn match_scan_item(text: &str, items: &[ScanItem]) -> Option<u8> {
    let norm = value::normalize(text);
    let digits: String = norm.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        let rest = norm[digits.len()..].trim_start_matches(['.', ')', ':', ' ']);
        let number: u32 = digits.parse().ok()?;
        let item = items.iter().find(|i| u32::from(i.number) == number)?;
        // "9 cameratoezicht" is fine; "9 profilering" contradicts itself.
        return (rest.is_empty() || item_matches_words(rest, item)).then_some(item.number);
    }
    if let Some(item) = items
        .iter()
        .find(|i| i.name_normalized == norm || value::normalize(&i.name_en) == norm)
    {
        return Some(item.number);
    }
    let words = crate::lexicon::normalize(text);
    items
        .iter()
        .filter_map(|i| {
            i.keyword_lexicon
                .find(&words)
                .into_iter()
                .map(|hit| hit.tag)
                .max()
                .map(|len| (len, i.number))
        })
        .max_by_key(|(len, number)| (*len, std::cmp::Reverse(*number)))
        .map(|(_, n)| n)
}

fn item_matches_words(rest: &str, item: &ScanItem) -> bool {
    item.name_normalized == rest
        || item.name_normalized.starts_with(rest)
        || !item
            .keyword_lexicon
            .find(&crate::lexicon::normalize(rest))
            .is_empty()
}

/// At most `max_chars` characters of `s`, ending in `…` when cut: for quoting a cell in a
/// finding or a reason.
pub fn truncate(s: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    // Bytes are at least as many as characters: a short text is not counted.
    if s.len() <= max_chars || s.chars().count() <= max_chars {
        std::borrow::Cow::Borrowed(s)
    } else {
        let mut t: String = s.chars().take(max_chars).collect();
        t.push('…');
        std::borrow::Cow::Owned(t)
    }
}

/// Parse the mapped cells of one row into a `Record`.
pub fn parse_record(raw: &RawRow, map: &ColumnMap, rubric: &Rubric, lang: Lang) -> Record {
    let row = raw.index + 1;
    let mut p = Parser {
        rubric,
        lang,
        map,
        row,
        findings: Vec::new(),
        invalid: Vec::new(),
    };
    let mut rec = Record {
        row,
        ap_absent: map.column_of(Field::ApList).is_none(),
        edpb_absent: map.column_of(Field::EdpbCriteria).is_none(),
        ..Record::default()
    };
    let sens_expected = M::EXPECTED_LABEL.get(lang);
    let level_expected = M::EXPECTED_LEVEL.get(lang);
    for cell in &raw.cells {
        // Only a doctored file holds more text than a cell can: say so (the copy is cut).
        if let Data::String(t) = &cell.value {
            if t.len() > CELL_TEXT_MAX && t.encode_utf16().count() > CELL_TEXT_MAX {
                p.findings.push(Finding {
                    cell: cell_ref(row, cell.col),
                    column: map.header_text(cell.col).to_string(),
                    value: String::new(),
                    message: M::TEXT_TOO_LONG.with(lang, &[&t.chars().count()]),
                });
            }
        }
        let Some(field) = map.field_of(cell.col) else {
            continue;
        };
        let (col, data) = (cell.col, &cell.value);
        // A formula saved without its result (as openpyxl writes them) reads as empty: say so.
        if cell.formula.is_some() && matches!(data, Data::Empty) {
            p.findings.push(Finding {
                cell: cell_ref(row, col),
                column: map.header_text(col).to_string(),
                value: cell
                    .formula
                    .as_deref()
                    .map(|f| format!("={f}"))
                    .unwrap_or_default(),
                message: M::FORMULA_WITHOUT_VALUE.get(lang).to_string(),
            });
        }
        let r = p.rubric;
        match field {
            // They are written on the list sheets: cut to a cell.
            Field::Id => rec.id = text_of(data).map(fit_cell),
            Field::Name => rec.name = text_of(data).map(fit_cell),
            Field::DataSubjects => rec.data_subjects = p.amount(col, data, false),
            Field::DataTypes => rec.data_types = p.amount(col, data, false),
            Field::DataCategories => rec.data_categories.extend(p.list(data)),
            Field::Sensitivity => {
                rec.sensitivity = p.stated(
                    col,
                    data,
                    &r.sensitivity.labels,
                    false,
                    Expected::Text(sens_expected),
                )
            }
            Field::SpecialCategories => rec.special_categories = special(&mut p, col, data),
            Field::Subprocessors => {
                rec.subprocessors = p.amount(col, data, Criterion::Subprocessors.allows_none())
            }
            Field::SubprocessorKeyRole => {
                rec.subprocessor_key_role = p.yes_no(col, data, false).map(|y| y == YesNo::Yes)
            }
            Field::Impact => rec.impact = p.choice(col, data, &r.impact, false),
            Field::Exposure => {
                rec.exposure = p.stated(col, data, &[], false, Expected::Text(level_expected))
            }
            Field::AiUse => rec.ai_use = p.choice(col, data, &r.ai_use, false),
            Field::Complexity => {
                rec.complexity = p.stated(col, data, &[], false, Expected::Text(level_expected))
            }
            Field::Systems => rec.systems = p.count(col, data),
            Field::Processors => rec.processors = p.count(col, data),
            Field::LinkedDatabases => {
                rec.linked_databases = p.yes_no(col, data, false).map(|y| y == YesNo::Yes)
            }
            Field::StaffAccess => rec.staff_access = p.amount(col, data, false),
            Field::Masking => rec.masking = p.yes_no(col, data, true),
            Field::ExternalAccess => {
                rec.external_access = p.choice(
                    col,
                    data,
                    &r.external_access,
                    Criterion::ExternalAccess.allows_none(),
                )
            }
            Field::ApList => {
                rec.ap_stated = stated_cell(map, row, col, data);
                rec.ap_list = p.scan(col, data, &r.ap_list, 17);
            }
            Field::EdpbCriteria => {
                rec.edpb_stated = stated_cell(map, row, col, data);
                rec.edpb_criteria = p.scan(col, data, &r.edpb_criteria, 9);
            }
            Field::DpiaDone => rec.dpia_done = p.dpia_done(col, data),
            Field::LastReview => rec.last_review = p.date(col, data),
            Field::Description => join_text(&mut rec.texts.description, text_of(data)),
            Field::Purpose => join_text(&mut rec.texts.purpose, text_of(data)),
            Field::LegalBasis => join_text(&mut rec.texts.legal_basis, text_of(data)),
            Field::Retention => rec.texts.retention = text_of(data),
            Field::Security => join_text(&mut rec.texts.security, text_of(data)),
            Field::Transfers => join_text(&mut rec.texts.transfers, text_of(data)),
            Field::Department => rec.texts.department = text_of(data),
            Field::SubjectCategories => rec.subject_categories.extend(p.list(data)),
            Field::Recipients => rec.recipients.extend(p.list(data)),
            Field::SystemsList => rec.systems_list.extend(p.list(data)),
            Field::DpiaNeeded => {
                rec.dpia_needed = p.yes_no(col, data, false).map(|y| y == YesNo::Yes)
            }
        }
    }
    // Lists given in several columns: an item named in two counts once.
    for list in [
        &mut rec.data_categories,
        &mut rec.subject_categories,
        &mut rec.recipients,
        &mut rec.systems_list,
    ] {
        dedupe(list);
    }
    // An AP-list or EDPB column the tool added, left empty, has not been answered: like an
    // absent column, it does not say that none apply (docs/output.md#score-class-and-advice).
    if rec.ap_stated.is_none() && map.blank_is_unanswered(Field::ApList) {
        rec.ap_absent = true;
    }
    if rec.edpb_stated.is_none() && map.blank_is_unanswered(Field::EdpbCriteria) {
        rec.edpb_absent = true;
    }
    // A list's number of named items fills a count the register does not give itself
    // (docs/register.md#art-30-registers): `Cloud86 (EU); Microsoft` names two recipients, and
    // the 86 is no count.
    // `geen`, `n.v.t.` or `-` name nothing.
    let named = |items: &[String]| items.iter().filter(|i| !value::names_nothing(i)).count() as u64;
    if rec.processors.is_none()
        && !rec.recipients.is_empty()
        && !p.invalid.contains(&Field::Processors)
    {
        rec.processors = Some(named(&rec.recipients));
        rec.counted_from_lists.0 = true;
    }
    if rec.systems.is_none() && !rec.systems_list.is_empty() && !p.invalid.contains(&Field::Systems)
    {
        rec.systems = Some(named(&rec.systems_list));
        rec.counted_from_lists.1 = true;
    }
    // docs/rubric.md#subprocessors: one or two sub-processors with the key role left empty is scored "in doubt,
    // higher", and the empty cell is worth a finding.
    if let Some(&Amount::Count(n, _)) = rec.subprocessors.as_ref() {
        if n > 0 && !rubric.subprocessors.high.holds(n) && rec.subprocessor_key_role.is_none() {
            if let Some(col) = map
                .column_of(Field::SubprocessorKeyRole)
                .or_else(|| map.column_of(Field::Subprocessors))
            {
                p.findings.push(Finding {
                    cell: cell_ref(row, col),
                    column: map.header_text(col).to_string(),
                    value: String::new(),
                    message: M::KEY_ROLE_EMPTY.with(lang, &[&n]),
                });
            }
        }
    }
    rec.findings = p.findings;
    rec.invalid = p.invalid;
    rec
}

fn special(p: &mut Parser<'_>, col: u16, data: &Data) -> Option<Special> {
    match content(data) {
        Content::Empty => None,
        Content::Bool(b) => Some(if b { Special::Yes } else { Special::No }),
        // A number cell 1 or 0 is yes or no, as the text "1" or "0" is (and as in a CSV).
        Content::Number(1.0) => Some(Special::Yes),
        Content::Number(0.0) => Some(Special::No),
        // `onbekend`, `unknown` or `?` say nothing yet: not filled in (a `?` is no "none").
        Content::Text(t)
            if value::parse_level(t, false, false, false) == Some(value::LevelWord::Unknown) =>
        {
            None
        }
        // `geen`, `n.v.t.` or `-` say there are none; `deels` that there are some.
        Content::Text(t) if value::names_nothing(t) => Some(Special::No),
        Content::Text(t) => match value::parse_yes_no(t, true) {
            Some(YesNo::Yes | YesNo::Partly) => Some(Special::Yes),
            Some(YesNo::No) => Some(Special::No),
            None => {
                let names = names_special_term(p.rubric, t);
                if !names && value::denies(t, &p.rubric.derive.denials) {
                    // `Nee, alleen NAW`, `N/A – see row 3`, `Not applicable (no Art. 9 data)`.
                    Some(Special::No)
                } else if !names && value::refers_elsewhere(t, &p.rubric.derive.references) {
                    // An explanation, a cross-reference or an open point (`Inherited from the
                    // data affected`, `Zie rij 3`, `TBD`) is no list of categories: not filled
                    // in, and said so.
                    let msg = format!(
                        "{}; {}",
                        M::SPECIAL_EXPLAINED.get(p.lang),
                        p.expected(M::EXPECTED_SPECIAL.get(p.lang))
                    );
                    p.finding(col, data, msg);
                    None
                } else {
                    // Any other text lists categories, whatever its words (`Only when a member
                    // reports an injury`): in doubt, higher.
                    Some(Special::Items(value::parse_list(t)))
                }
            }
        },
        _ => {
            let expected = M::EXPECTED_SPECIAL.get(p.lang);
            p.wrong_type(col, data, expected);
            None
        }
    }
}

/// Whether a special-categories cell names a term the rubric lists as special or sensitive
/// (after its negations and context rules: `We do not process health data` names none).
fn names_special_term(rubric: &Rubric, text: &str) -> bool {
    use crate::rubric::{SENSITIVE, SPECIAL};
    rubric
        .sensitivity
        .lexicon
        .find(&crate::lexicon::normalize(text))
        .iter()
        .any(|h| h.tag == SPECIAL || h.tag == SENSITIVE)
}

/// The typed text of a count, on one line, unless it is just the number with or without
/// thousands separators (`1500`, `1.500`, `1,500`, `1 500`).
fn typed_count(text: &str, n: u64) -> Option<String> {
    let mut digits: Option<u64> = Some(0);
    for c in text.trim().chars() {
        match c.to_digit(10) {
            Some(d) => digits = digits.and_then(|v| v.checked_mul(10)?.checked_add(u64::from(d))),
            None if matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}') => {}
            None => {
                digits = None;
                break;
            }
        }
    }
    (digits != Some(n)).then(|| text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn text_of(data: &Data) -> Option<String> {
    let s = display(data);
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::header::{map_columns, HeaderLookup};
    use crate::input::Cell;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    /// Parse one row whose header row names the given columns.
    fn parse(headers: &[&str], values: Vec<Data>) -> Record {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let lookup = HeaderLookup::new(&rubric, &[]);
        let cells = |index: u32, vals: Vec<Data>| RawRow {
            index,
            cells: vals
                .into_iter()
                .enumerate()
                .map(|(i, v)| Cell {
                    col: i as u16,
                    value: v,
                    formula: None,
                })
                .collect(),
        };
        let header = cells(
            0,
            headers
                .iter()
                .map(|h| Data::String(h.to_string()))
                .collect(),
        );
        let map = map_columns(&header, &lookup, crate::lang::Lang::Nl);
        parse_record(&cells(1, values), &map, &rubric, Lang::Nl)
    }

    fn s(t: &str) -> Data {
        Data::String(t.to_string())
    }

    fn date(serial: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    /// An AP-list or EDPB cell's item: by number, by name, or by its most specific keyword,
    /// matched as every word list is. (cell, AP item, EDPB criterion)
    #[test]
    fn a_scan_item_is_found_by_number_name_or_its_most_specific_keyword() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let cases: [(&str, Option<u8>, Option<u8>); 10] = [
            ("9", Some(9), Some(9)),
            ("9 cameratoezicht", Some(9), None),
            ("9 profilering", None, None),
            ("cameratoezicht", Some(9), None),
            ("Camerabeelden bij de ingang", Some(9), None),
            // "flexibel cameratoezicht" is longer than "cameratoezicht": the more specific wins.
            ("flexibel cameratoezicht", Some(10), None),
            ("Large-scale processing", None, Some(5)),
            ("grootschalige verwerking", None, Some(5)),
            ("gezondheidsgegevens", Some(7), None),
            ("niets van dit alles", None, None),
        ];
        for (cell, ap, edpb) in cases {
            assert_eq!(match_scan_item(cell, &rubric.ap_list), ap, "AP {cell}");
            assert_eq!(
                match_scan_item(cell, &rubric.edpb_criteria),
                edpb,
                "EDPB {cell}"
            );
        }
    }

    #[test]
    fn amounts_from_cells() {
        // (cell, expected amount, finding expected)
        let cases = [
            (s("1.500"), Some(Amount::Count(1500, None)), false),
            (s("1500"), Some(Amount::Count(1500, None)), false),
            (s(" 1,500 "), Some(Amount::Count(1500, None)), false),
            (Data::Float(1500.0), Some(Amount::Count(1500, None)), false),
            (Data::Int(99), Some(Amount::Count(99, None)), false),
            (
                s("> 1000"),
                Some(Amount::Count(1001, Some("> 1000".into()))),
                false,
            ),
            (
                s("ca. 500 "),
                Some(Amount::Count(500, Some("ca. 500".into()))),
                false,
            ),
            (
                s("100-1000"),
                Some(Amount::Count(1000, Some("100-1000".into()))),
                false,
            ),
            (s("1 500"), Some(Amount::Count(1500, None)), false),
            (s("1\u{a0}500"), Some(Amount::Count(1500, None)), false),
            (s("1,5"), Some(Amount::Count(2, Some("1,5".into()))), false),
            (
                s("ca. 500\n(schatting)"),
                Some(Amount::Count(500, Some("ca. 500 (schatting)".into()))),
                false,
            ),
            (s("hoog"), Some(Amount::Level(Level::High)), false),
            (s("3"), Some(Amount::Count(3, None)), false),
            (s("onbekend"), Some(Amount::Unknown), false),
            (s("n.v.t."), Some(Amount::Level(Level::Low)), false),
            (s("veel"), None, true),
            (s("-3"), None, true),
            (Data::Float(-3.0), None, true),
            (Data::Bool(true), None, true),
            (date(45443.0), None, true),
            (Data::Error(CellErrorType::NA), None, true),
            (s("   "), None, false),
            (Data::Empty, None, false),
        ];
        for (cell, expected, finding) in cases {
            let rec = parse(&["ID", "Aantal betrokkenen"], vec![s("X"), cell.clone()]);
            assert_eq!(rec.data_subjects, expected, "{cell:?}");
            assert_eq!(
                !rec.findings.is_empty(),
                finding,
                "{cell:?}: {:?}",
                rec.findings
            );
            if finding {
                assert_eq!(rec.findings[0].cell, "B2");
                assert_eq!(rec.findings[0].column, "Aantal betrokkenen");
                assert_eq!(rec.invalid, vec![Field::DataSubjects]);
            }
        }
    }

    #[test]
    fn subprocessors_allow_none() {
        let cases = [
            (s("geen"), Some(Amount::Level(Level::None))),
            (s("n.v.t."), Some(Amount::Level(Level::None))),
            (s("0"), Some(Amount::Count(0, None))),
        ];
        for (cell, expected) in cases {
            let rec = parse(&["ID", "Aantal subverwerkers"], vec![s("X"), cell.clone()]);
            assert_eq!(rec.subprocessors, expected, "{cell:?}");
        }
    }

    #[test]
    fn choices_labels_and_levels() {
        let st = |l: Level, t: &str| Some(Stated::Level(l, t.to_string()));
        let direct = |l: Level, t: &str| Some(Stated::Direct(l, t.to_string()));
        // (header, cell, expected)
        let cases = [
            (
                "Impact op betrokkene",
                s("Hoog – rechtsgevolgen of aanzienlijke impact"),
                st(Level::High, "Hoog – rechtsgevolgen of aanzienlijke impact"),
            ),
            (
                "Impact op betrokkene",
                s("midden: belangrijk"),
                direct(Level::Medium, "midden: belangrijk"),
            ),
            (
                "Impact op betrokkene",
                Data::Int(3),
                direct(Level::High, "3"),
            ),
            ("Gebruik AI/algoritmes", s("Nee"), st(Level::Low, "Nee")),
            (
                "Gebruik AI/algoritmes",
                s("Hoog – kernonderdeel"),
                st(Level::High, "Hoog – kernonderdeel"),
            ),
            ("Externe toegang", s("Geen"), st(Level::None, "Geen")),
            (
                "Externe toegang",
                s("n.v.t."),
                direct(Level::None, "n.v.t."),
            ),
            (
                "Vertrouwelijkheid",
                s("Strikt vertrouwelijk"),
                st(Level::High, "Strikt vertrouwelijk"),
            ),
            (
                "Vertrouwelijkheid",
                s("vertrouwelijk"),
                st(Level::Medium, "vertrouwelijk"),
            ),
            (
                "Vertrouwelijkheid",
                s("Openbaar"),
                st(Level::Low, "Openbaar"),
            ),
            ("Vertrouwelijkheid", s("hoog"), direct(Level::High, "hoog")),
        ];
        for (header, cell, expected) in cases {
            let rec = parse(&["ID", header], vec![s("X"), cell.clone()]);
            let got = match header {
                "Impact op betrokkene" => rec.impact,
                "Gebruik AI/algoritmes" => rec.ai_use,
                "Externe toegang" => rec.external_access,
                _ => rec.sensitivity,
            };
            assert_eq!(got, expected, "{header}: {cell:?}");
            assert!(rec.findings.is_empty(), "{header}: {cell:?}");
        }
        let rec = parse(&["ID", "Impact op betrokkene"], vec![s("X"), s("groot")]);
        assert_eq!(rec.impact, None);
        assert_eq!(rec.findings.len(), 1);
    }

    #[test]
    fn yes_no_special_dates_and_dpia() {
        let rec = parse(
            &[
                "ID",
                "Gekoppelde databases",
                "Datamaskering en exportbeperking",
                "Bijzondere persoonsgegevens",
                "DPIA uitgevoerd",
                "Datum laatste beoordeling",
            ],
            vec![
                s("X"),
                s("x"),
                s("deels"),
                s("gezondheid; VOG"),
                date(45443.0),
                s("31-05-2024"),
            ],
        );
        assert_eq!(rec.linked_databases, Some(true));
        assert_eq!(rec.masking, Some(YesNo::Partly));
        assert_eq!(
            rec.special_categories,
            Some(Special::Items(vec!["gezondheid".into(), "VOG".into()]))
        );
        assert_eq!(rec.dpia_done, Some(true));
        assert_eq!(rec.last_review, NaiveDate::from_ymd_opt(2024, 5, 31));
        assert!(rec.findings.is_empty(), "{:?}", rec.findings);

        let rec = parse(
            &[
                "ID",
                "Gekoppelde databases",
                "DPIA uitgevoerd",
                "Datum laatste beoordeling",
            ],
            vec![s("X"), s("misschien"), s("2024-05-31"), s("31-02-2024")],
        );
        assert_eq!(rec.linked_databases, None);
        assert_eq!(rec.dpia_done, Some(true));
        assert_eq!(rec.last_review, None);
        let cells: Vec<&str> = rec.findings.iter().map(|f| f.cell.as_str()).collect();
        assert_eq!(cells, ["B2", "D2"]);
    }

    #[test]
    fn scan_items_by_number_name_keyword() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        // (text, AP number)
        let ap = [
            ("9", Some(9)),
            ("9 cameratoezicht", Some(9)),
            ("cameratoezicht", Some(9)),
            ("Flexibel cameratoezicht", Some(10)),
            ("profilering", Some(15)),
            ("camera surveillance", Some(9)),
            ("Location data", Some(12)),
            ("Gezondheidsgegevens", Some(7)),
            ("biometrie", Some(17)),
            ("20", None),
            ("0", None),
            ("9 profilering", None),
            ("koffie", None),
        ];
        for (text, expected) in ap {
            assert_eq!(
                match_scan_item(text, &rubric.ap_list),
                expected,
                "AP {text}"
            );
        }
        let edpb = [
            ("5", Some(5)),
            ("grootschalig", Some(5)),
            ("large scale", Some(5)),
            ("kwetsbare betrokkenen", Some(7)),
            ("evaluatie of scoretoekenning", Some(1)),
            ("10", None),
        ];
        for (text, expected) in edpb {
            assert_eq!(
                match_scan_item(text, &rubric.edpb_criteria),
                expected,
                "EDPB {text}"
            );
        }
        let rec = parse(
            &["ID", "AP-lijst", "EDPB-criteria"],
            vec![s("X"), s("profilering; 15; 20"), s("1, 5, grootschalig")],
        );
        assert_eq!(rec.ap_list, vec![15]);
        assert_eq!(rec.edpb_criteria, vec![1, 5]);
        assert_eq!(rec.findings.len(), 1);
        assert!(rec.findings[0].message.contains("20"));
    }

    #[test]
    fn key_role_missing_is_a_finding() {
        let cases = [
            (s("2"), s(""), 1),
            (s("2"), s("ja"), 0),
            (s("3"), s(""), 0),
            (s("0"), s(""), 0),
        ];
        for (n, key, findings) in cases {
            let rec = parse(
                &[
                    "ID",
                    "Aantal subverwerkers",
                    "Subverwerker met belangrijke rol",
                ],
                vec![s("X"), n.clone(), key.clone()],
            );
            assert_eq!(rec.findings.len(), findings, "{n:?} {key:?}");
        }
    }

    /// A list's named items fill a count the register does not give (docs/register.md#art-30-registers); digits inside
    /// a name are never a count. (recipients, systems, processors column, systems column) →
    /// (processors, systems, counted from the lists).
    #[test]
    fn counts_come_from_named_items() {
        let headers = [
            "ID",
            "Ontvangers",
            "Applicaties",
            "Aantal verwerkers",
            "Aantal systemen",
        ];
        let cases = [
            (
                "Cloud86 (EU)",
                "Windows 11",
                "",
                "",
                Some(1),
                Some(1),
                (true, true),
            ),
            (
                "Cloud86 (EU); Microsoft; SURF",
                "Magister, Osiris",
                "",
                "",
                Some(3),
                Some(2),
                (true, true),
            ),
            ("geen", "n.v.t.", "", "", Some(0), Some(0), (true, true)),
            (
                "Cloud86; Microsoft",
                "Osiris",
                "5",
                "",
                Some(5),
                Some(1),
                (false, true),
            ),
            ("", "", "", "2", None, Some(2), (false, false)),
        ];
        for (recipients, systems, processors, n_systems, v, sy, from_lists) in cases {
            let rec = parse(
                &headers,
                vec![
                    s("X"),
                    s(recipients),
                    s(systems),
                    s(processors),
                    s(n_systems),
                ],
            );
            assert_eq!(
                (rec.processors, rec.systems, rec.counted_from_lists),
                (v, sy, from_lists),
                "{recipients} | {systems}"
            );
            assert!(rec.findings.is_empty(), "{:?}", rec.findings);
        }
    }

    /// The texts of an art. 30 register are kept as typed; the register's own DPIA judgement is
    /// a yes/no.
    #[test]
    fn art30_texts_and_dpia_needed() {
        let rec = parse(
            &[
                "ID",
                "Doel",
                "Grondslag",
                "Bewaartermijn",
                "Afdeling",
                "DPIA vereist?",
                "Categorieën van betrokkenen",
            ],
            vec![
                s("X"),
                s("Camerabeelden"),
                s("Wettelijke plicht"),
                s("4 weken"),
                s("Facilitair"),
                s("ja"),
                s("leerlingen; ouders"),
            ],
        );
        assert_eq!(rec.texts.purpose.as_deref(), Some("Camerabeelden"));
        assert_eq!(rec.texts.legal_basis.as_deref(), Some("Wettelijke plicht"));
        assert_eq!(rec.texts.retention.as_deref(), Some("4 weken"));
        assert_eq!(rec.texts.department.as_deref(), Some("Facilitair"));
        assert_eq!(rec.dpia_needed, Some(true));
        assert_eq!(rec.subject_categories, ["leerlingen", "ouders"]);
    }

    /// A formula cell without its calculated value (as openpyxl saves them) is a finding naming
    /// the cell, not a silent empty.
    #[test]
    fn a_formula_without_a_result_is_a_finding() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let lookup = HeaderLookup::new(&rubric, &[]);
        let header = RawRow {
            index: 0,
            cells: ["ID", "Aantal betrokkenen"]
                .iter()
                .enumerate()
                .map(|(i, h)| Cell {
                    col: i as u16,
                    value: s(h),
                    formula: None,
                })
                .collect(),
        };
        let map = map_columns(&header, &lookup, crate::lang::Lang::Nl);
        let row = RawRow {
            index: 1,
            cells: vec![
                Cell {
                    col: 0,
                    value: s("A-1"),
                    formula: None,
                },
                Cell {
                    col: 1,
                    value: Data::Empty,
                    formula: Some("SUM(X1:X9)".into()),
                },
            ],
        };
        let rec = parse_record(&row, &map, &rubric, Lang::Nl);
        assert_eq!(rec.findings.len(), 1, "{:?}", rec.findings);
        assert_eq!(rec.findings[0].cell, "B2");
        assert_eq!(rec.findings[0].value, "=SUM(X1:X9)");
        assert!(rec.findings[0]
            .message
            .starts_with("formule zonder berekende waarde"));
    }

    /// (cell of Bijzondere persoonsgegevens, read as, findings) — a number cell 1/0 reads as the
    /// text "1"/"0" does, so a register scores the same from xlsx and CSV.
    #[test]
    fn special_categories_from_number_cells() {
        let cases = [
            (Data::Float(1.0), Some(Special::Yes), 0),
            (Data::Int(0), Some(Special::No), 0),
            (s("1"), Some(Special::Yes), 0),
            (s("0"), Some(Special::No), 0),
            (Data::Float(2.0), None, 1),
        ];
        for (cell, expected, findings) in cases {
            let rec = parse(
                &["ID", "Bijzondere persoonsgegevens"],
                vec![s("X"), cell.clone()],
            );
            assert_eq!(rec.special_categories, expected, "{cell:?}");
            assert_eq!(rec.findings.len(), findings, "{cell:?}");
        }
    }

    /// A special-categories cell in free text: a no that goes on (`Nee, alleen NAW`) is no; an
    /// explanation or cross-reference that names no term (`Inherited from the data affected`,
    /// `Zie rij 3`) is not filled in, with a finding; any other text lists categories, whatever
    /// its words or length (in doubt, higher). A term the rubric lists always counts.
    #[test]
    fn a_special_categories_explanation_is_not_filled_in() {
        let items = |t: &str| Some(Special::Items(value::parse_list(t)));
        let cases: [(&str, Option<Special>, usize); 26] = [
            // Explanations and cross-references: not filled in, one finding.
            ("Inherited from the data affected", None, 1),
            ("Mirrors the underlying activity", None, 1),
            ("Not sought — the file is quarantined for deletion", None, 1),
            ("As for the source data", None, 1),
            ("Zie rij 3", None, 1),
            ("Siehe VT-3", None, 1),
            // … unless they name a term.
            (
                "Zie rij 3: gezondheidsgegevens",
                items("Zie rij 3: gezondheidsgegevens"),
                0,
            ),
            // A no that goes on.
            ("Nee, alleen NAW", Some(Special::No), 0),
            ("N/A – see row 3", Some(Special::No), 0),
            ("Not applicable (no Art. 9 data)", Some(Special::No), 0),
            ("Nein, keine", Some(Special::No), 0),
            ("We do not process health data", Some(Special::No), 0),
            ("Nee, geen gezondheidsgegevens", Some(Special::No), 0),
            // … unless it names a term after all.
            (
                "Geen, behalve gezondheid",
                items("Geen, behalve gezondheid"),
                0,
            ),
            // Any other text lists categories.
            (
                "Only when a member reports an injury",
                items("Only when a member reports an injury"),
                0,
            ),
            (
                "Explicit consent of the data subject",
                items("Explicit consent of the data subject"),
                0,
            ),
            (
                "Yes — facial images + skin findings.",
                items("Yes — facial images + skin findings."),
                0,
            ),
            (
                "Art. 9(2)(f) where a claim needs it",
                items("Art. 9(2)(f) where a claim needs it"),
                0,
            ),
            ("Foto's – klant – pas", items("Foto's – klant – pas"), 0),
            ("VOG, pasfoto", items("VOG, pasfoto"), 0),
            // An open point is no list either: not filled in, and said so.
            ("TBD", None, 1),
            ("TBD — confirm with the DPO", None, 1),
            ("Nog te bepalen", None, 1),
            ("noch offen", None, 1),
            // … unless it names a term (`TBD: health data of members` lists health data).
            (
                "TBD: health data of members",
                items("TBD: health data of members"),
                0,
            ),
            // A word that only begins like one is none (`Tbilisi office staff`).
            ("Tbilisi office staff", items("Tbilisi office staff"), 0),
        ];
        for (text, expected, findings) in cases {
            let rec = parse(
                &["ID", "Bijzondere persoonsgegevens"],
                vec![s("X"), s(text)],
            );
            assert_eq!(rec.special_categories, expected, "{text}");
            assert_eq!(rec.findings.len(), findings, "{text}: {:?}", rec.findings);
            if let Some(f) = rec.findings.first() {
                assert!(
                    f.message
                        .starts_with("een toelichting, verwijzing of open punt"),
                    "{text}: {}",
                    f.message
                );
                assert_eq!(f.cell, "B2", "{text}");
            }
        }
    }

    /// Every denial and reference the tool knew before they became rubric data still reads so
    /// with the default rubric (the German ones through its German pack): a denial followed by
    /// more is no, a reference is not filled in, with a finding. `Tbc` (tuberculosis) is none
    /// of them.
    #[test]
    fn the_denials_and_references_of_before_still_read() {
        let denials = [
            "nee",
            "neen",
            "no",
            "nein",
            "geen",
            "none",
            "keine",
            "kein",
            "nvt",
            "we do not",
            "we don t",
            "wij verwerken geen",
            "we verwerken geen",
            "n v t",
            "n a",
            "not applicable",
            "niet van toepassing",
            "nicht zutreffend",
            "nicht anwendbar",
            "entfallt",
        ];
        let references = [
            "inherited",
            "mirrors",
            "mirror",
            "as for",
            "as per",
            "as above",
            "as below",
            "same as",
            "see",
            "refer to",
            "depends on",
            "not sought",
            "not requested",
            "not collected",
            "idem",
            "zie",
            "zoals bij",
            "gelijk aan",
            "afhankelijk van",
            "niet gevraagd",
            "niet uitgevraagd",
            "siehe",
            "vgl",
            "wie bei",
            "abhangig von",
            "nicht erhoben",
        ];
        let read = |text: &str| {
            parse(
                &["ID", "Bijzondere persoonsgegevens"],
                vec![s("X"), s(text)],
            )
        };
        for phrase in denials {
            let text = format!("{phrase} alleen naam");
            let rec = read(&text);
            assert_eq!(rec.special_categories, Some(Special::No), "{text}");
            assert!(rec.findings.is_empty(), "{text}: {:?}", rec.findings);
        }
        for phrase in references {
            let text = format!("{phrase} rij 3");
            let rec = read(&text);
            assert_eq!(rec.special_categories, None, "{text}");
            assert_eq!(rec.findings.len(), 1, "{text}: {:?}", rec.findings);
        }
        for text in ["Tbc, hiv-status", "TBC-screening van medewerkers"] {
            let rec = read(text);
            assert_eq!(
                rec.special_categories,
                Some(Special::Items(value::parse_list(text))),
                "{text}"
            );
            assert!(rec.findings.is_empty(), "{text}: {:?}", rec.findings);
        }
    }

    /// Words that say "none" are no: in the special-categories column they give no special
    /// categories (not a category called "geen"), in the AP-list and EDPB columns no item and no
    /// finding.
    #[test]
    fn none_words_state_none() {
        let cases = [
            ("geen", Some(Special::No)),
            ("n.v.t.", Some(Special::No)),
            ("-", Some(Special::No)),
            ("N/A", Some(Special::No)),
            ("none", Some(Special::No)),
            ("nee", Some(Special::No)),
            ("deels", Some(Special::Yes)),
            // Unknown is not none.
            ("?", None),
            ("onbekend", None),
            ("Unknown", None),
            (
                "gezondheid",
                Some(Special::Items(vec!["gezondheid".into()])),
            ),
        ];
        for (text, expected) in cases {
            let rec = parse(
                &["ID", "Bijzondere persoonsgegevens"],
                vec![s("X"), s(text)],
            );
            assert_eq!(rec.special_categories, expected, "{text}");
            assert!(rec.findings.is_empty(), "{text}: {:?}", rec.findings);
        }
        for cell in [
            s("geen"),
            s("Geen"),
            s("nee"),
            s("0"),
            Data::Float(0.0),
            s("n.v.t."),
            s("-"),
        ] {
            let rec = parse(
                &["ID", "AP-lijst", "EDPB-criteria"],
                vec![s("X"), cell.clone(), cell.clone()],
            );
            assert!(
                rec.ap_list.is_empty() && rec.edpb_criteria.is_empty(),
                "{cell:?}"
            );
            assert!(rec.ap_stated.is_some(), "{cell:?} is stated");
            assert!(rec.findings.is_empty(), "{cell:?}: {:?}", rec.findings);
        }
    }
}
