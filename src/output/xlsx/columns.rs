//! The tool's columns on the register: their headers and the notes on them, how they look
//! (widths, colours, dropdowns of the input columns a register lacks), each scored row's values,
//! the Onderbouwing cell's explanation, and the texts they repeat on every row (stored once in the
//! workbook's shared strings). Both routes use them: in place (`inplace`) and rebuilt (`mod`).

use super::inplace;
use super::lists;
use super::notes;
use super::rewrite::Added;
use crate::assess::{Assessment, Outcome};
use crate::fields::Criterion;
use crate::input::record::fit_cell;
use crate::lang::Lang;
use crate::messages as M;
use crate::output::csv::finding_line;
use crate::rubric::Rubric;
use crate::value::Level;

/// Between the parts of a long text in one cell of the register (one line: a line break in a
/// cell that does not wrap is drawn over the rows below it).
pub const PARTS: &str = " | ";

/// The Onderbouwing cell, in one line: the advice's reason first (what decided it, what a row
/// shows before the cell is cut), then each criterion's reason.
pub fn explanation(a: &Assessment, lang: Lang, rubric: &Rubric) -> String {
    let mut why = String::with_capacity(1024);
    for part in [M::ADVICE.get(lang), ": ", &a.outcome_reason] {
        why.push_str(part);
    }
    for (c, j) in Criterion::ALL.iter().zip(&a.judgements) {
        for part in [PARTS, lang.criterion(*c, rubric), ": ", &j.reason] {
            why.push_str(part);
        }
    }
    why
}

/// The headers of every added column: the input columns a register lacks (the template's
/// headers), then the tool's own.
pub(super) fn all_headers(
    inputs: &[crate::fields::Field],
    lang: Lang,
    rubric: &Rubric,
) -> Vec<String> {
    let mut headers: Vec<String> = inputs
        .iter()
        .map(|f| crate::fields::template_header(*f, lang).to_string())
        .collect();
    headers.extend(added_headers(lang, rubric));
    headers
}

/// The notes on those headers, in the same order.
pub(super) fn all_notes(
    inputs: &[crate::fields::Field],
    lang: Lang,
    rubric: &Rubric,
) -> Vec<String> {
    let mut notes: Vec<String> = inputs
        .iter()
        .map(|f| crate::output::template::added_note(*f, rubric, lang))
        .collect();
    notes.extend(notes::texts(lang, rubric));
    notes
}

/// The tool's own headers.
pub(super) fn added_headers(lang: Lang, rubric: &Rubric) -> Vec<String> {
    crate::output::labels::tool_headers(lang, rubric)
}

/// How the added columns look: widths that show their headers whole and their texts readable,
/// the long texts (Signalen, Onderbouwing, Datakwaliteit) wrapped, and which columns are coloured.
pub(super) fn added_columns(
    lang: Lang,
    rubric: &Rubric,
    inputs: &[crate::fields::Field],
) -> inplace::Columns {
    // The input columns a register lacks come first, with the template's dropdowns.
    let k = inputs.len() as u16;
    let mut widths = vec![22.0; inputs.len()];
    let mut wrapped = vec![false; inputs.len()];
    let dropdowns: Vec<(u16, Vec<String>)> = inputs
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            crate::output::template::dropdown(*f, rubric, lang).map(|d| (i as u16, d))
        })
        .collect();
    widths.extend(vec![18.0; Criterion::ALL.len()]);
    widths.extend([11.0, 13.0, 9.0, 20.0, 30.0, 90.0, 60.0]);
    // One line per activity: nothing wraps, and each header shows whole at its column's width.
    wrapped.extend(vec![false; Criterion::ALL.len() + 7]);
    for (w, h) in widths.iter_mut().zip(all_headers(inputs, lang, rubric)) {
        *w = f64::max(*w, (h.chars().count() as f64 * 1.1 + 2.0).ceil());
    }
    let n = Criterion::ALL.len() as u16 + k;
    let mut words: Vec<String> = [
        Some(Level::High),
        Some(Level::Medium),
        Some(Level::Low),
        Some(Level::None),
        None,
    ]
    .iter()
    .map(|l| lang.level(*l).to_string())
    .collect();
    words.extend(Outcome::ALL.iter().map(|o| lang.outcome(*o).to_string()));
    inplace::Columns {
        widths,
        wrapped,
        level_columns: (k..n).chain([n + 1]).collect(),
        outcome_column: n + 3,
        words,
        inputs: k,
        dropdowns,
    }
}

/// The texts an annotated workbook repeats on its rows, stored once in its shared strings: the
/// levels, classes and outcomes of the register's columns, and the Maatregelen sheet's.
pub(super) fn shared_texts(rubric: &Rubric, lang: Lang) -> Vec<String> {
    let levels = [
        None,
        Some(Level::None),
        Some(Level::Low),
        Some(Level::Medium),
        Some(Level::High),
    ];
    levels
        .iter()
        .map(|l| lang.level(*l).to_string())
        .chain(Outcome::ALL.iter().map(|o| lang.outcome(*o).to_string()))
        .chain(lists::shared_texts(rubric, lang))
        .collect()
}

/// A scored row's added values, in the order of `added_headers`.
pub(super) fn added_values(
    a: &Assessment,
    explanation: String,
    lang: Lang,
    rubric: &Rubric,
) -> Vec<Added> {
    let mut out: Vec<Added> = a
        .judgements
        .iter()
        .map(|j| Added::Text(lang.level(j.level).to_string()))
        .collect();
    out.push(Added::Number(f64::from(a.score)));
    out.push(Added::Text(if a.class_incomplete {
        lang.outcome(Outcome::Incomplete).to_string()
    } else {
        lang.level(Some(a.class)).to_string()
    }));
    out.push(Added::Number(f64::from(a.high_count)));
    out.push(Added::Text(lang.outcome(a.outcome).to_string()));
    let signals: Vec<&str> = a
        .flags
        .iter()
        .map(|f| lang.flag(*f))
        .chain(a.changes.iter().map(String::as_str))
        .collect();
    out.push(Added::Text(fit_cell(signals.join("; "))));
    // Made on the scoring threads; made here only if they did not.
    let why = match explanation {
        made if made.is_empty() => self::explanation(a, lang, rubric),
        made => made,
    };
    out.push(Added::Text(fit_cell(why)));
    let findings: Vec<String> = a.findings.iter().map(finding_line).collect();
    out.push(Added::Text(fit_cell(findings.join(PARTS))));
    out
}
