//! Which sheet of a register is scored, and its header row: `--sheet`, else the first visible
//! sheet with a header row in its first rows, else a hidden one; refused with the headers it
//! expects when none has one. The earlier workbook's reader (`previous`) finds its sheet the
//! same way.

use crate::messages as M;
use std::ops::ControlFlow;

use anyhow::{anyhow, bail, Result};

use super::header::{is_header_row, map_columns, ColumnMap, HeaderLookup, HEADER_SEARCH_ROWS};
use super::{RawRow, Source};
use crate::fields::Field;
use crate::lang::Lang;
use crate::rubric::Rubric;

/// How the scored sheet was chosen (docs/output.md#verantwoording: the audit trail says which sheet and why).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetChoice {
    /// `--sheet`.
    Given,
    /// The first visible sheet with a header row.
    FirstVisible,
    /// A hidden sheet: no visible one had a header row.
    HiddenOnly,
}

impl SheetChoice {
    /// In words.
    pub fn text(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            SheetChoice::Given => M::SHEET_CHOSEN.get(lang),
            SheetChoice::FirstVisible => M::SHEET_FIRST_VISIBLE.get(lang),
            SheetChoice::HiddenOnly => M::SHEET_HIDDEN_ONLY.get(lang),
        }
    }
}

/// The sheet to score and its header.
#[derive(Debug, Clone)]
pub struct Located {
    /// Sheet name.
    pub sheet: String,
    /// All sheet names in order.
    pub sheets: Vec<String>,
    /// The hidden ones among them.
    pub hidden: Vec<String>,
    /// Why this sheet was scored, for the audit trail.
    pub why: SheetChoice,
    /// Column mapping.
    pub map: ColumnMap,
}

/// Find the scored sheet: `--sheet` or the first sheet with a header row in its first 30 rows.
pub fn locate(
    source: &mut Source,
    wanted: Option<&str>,
    rubric: &Rubric,
    user_map: &[(String, Field)],
    lang: Lang,
) -> Result<Located> {
    let path = source.path().to_path_buf();
    let sheets = source.sheet_names();
    let lookup = HeaderLookup::new(rubric, user_map);
    let candidates: Vec<String> = match wanted {
        Some(w) => {
            let found = sheets.iter().find(|s| s.as_str() == w).ok_or_else(|| {
                anyhow!(M::NO_SUCH_SHEET.with(lang, &[&path.display(), &w, &sheets.join(", ")]))
            })?;
            vec![found.clone()]
        }
        // A visible register is preferred over a hidden one (a hidden copy or archive).
        None => {
            let (visible, hidden): (Vec<String>, Vec<String>) =
                sheets.iter().cloned().partition(|s| !source.is_hidden(s));
            visible.into_iter().chain(hidden).collect()
        }
    };
    let mut first_texts: Option<(String, Vec<String>)> = None;
    for sheet in &candidates {
        let mut header: Option<RawRow> = None;
        source.read_sheet(sheet, lang, &mut |row| {
            if row.index >= HEADER_SEARCH_ROWS {
                return ControlFlow::Break(());
            }
            if first_texts.is_none() && row.has_content() {
                let texts = row
                    .cells
                    .iter()
                    .map(|c| crate::input::cell::display(&c.value))
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                first_texts = Some((sheet.clone(), texts));
            }
            if is_header_row(&row, &lookup) {
                header = Some(row);
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        })?;
        if let Some(h) = header {
            let map = map_columns(&h, &lookup, lang);
            // A register kept the art. 30 way may have text columns only: what they say is
            // derived, and the rest is unknown (docs/register.md#art-30-registers).
            let art30 = crate::fields::Field::ART30
                .iter()
                .any(|f| map.column_of(*f).is_some());
            if !map.has_criterion_field() && !art30 {
                let found: Vec<&str> = map.headers.iter().map(|(_, t)| t.as_str()).collect();
                bail!(M::NO_CRITERION_COLUMN.with(
                    lang,
                    &[
                        &path.display(),
                        &source.sheet_words(sheet, lang),
                        &(h.index + 1),
                        &found.join(", "),
                        &expected_headers(rubric, lang),
                    ]
                ));
            }
            let hidden: Vec<String> = sheets
                .iter()
                .filter(|s| source.is_hidden(s))
                .cloned()
                .collect();
            let why = if wanted.is_some() {
                SheetChoice::Given
            } else if hidden.contains(sheet) {
                SheetChoice::HiddenOnly
            } else {
                SheetChoice::FirstVisible
            };
            return Ok(Located {
                sheet: sheet.clone(),
                hidden,
                why,
                sheets,
                map,
            });
        }
    }
    let found = match first_texts {
        Some((sheet, texts)) if source.sheet_words(&sheet, lang).is_empty() => {
            M::FIRST_FILLED_ROW.with(lang, &[&texts.join(", ")])
        }
        Some((sheet, texts)) => M::FIRST_FILLED_ROW_OF.with(lang, &[&sheet, &texts.join(", ")]),
        None => M::SHEETS_EMPTY.get(lang).to_string(),
    };
    bail!(M::NO_HEADER_ROW.with(
        lang,
        &[
            &path.display(),
            &HEADER_SEARCH_ROWS,
            &found,
            &expected_headers(rubric, lang),
        ]
    ))
}

/// The first (Dutch) header of each field, for error messages.
fn expected_headers(rubric: &Rubric, lang: Lang) -> String {
    // In English, the English template's headers (the rubric's first headers are Dutch).
    if lang == Lang::En {
        return Field::ALL
            .iter()
            .map(|f| crate::fields::template_header(*f, Lang::En))
            .collect::<Vec<_>>()
            .join(", ");
    }
    rubric
        .header_names
        .iter()
        .map(|(_, h)| h.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
