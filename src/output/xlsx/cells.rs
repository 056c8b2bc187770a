//! The user's sheets in a workbook the tool rebuilds (a register that is not annotated in place:
//! `.xls`, `.xlsb`, `.ods`, CSV): their names made valid for xlsx, and their cells written as they
//! were: numbers, text, booleans, dates with a date format, formulas with their cached result,
//! error constants as themselves; which CSV texts are whole numbers; and how a constant-memory
//! sheet is ended (`seal_rows`, the list sheets' too where they are not written as XML).

use anyhow::Result;
use calamine::Data;
use rust_xlsxwriter::{Format, Formula, Worksheet};

use crate::input::cell::display;
use crate::input::record::fit_cell;
use crate::input::RawRow;

/// A CSV cell that is a whole number as a person or a Dutch Excel writes it: digits, or digits
/// grouped in threes by dots (`1.250`); no leading zero, at most 15 digits (exact in a workbook).
/// Anything else (`ca. 500`, `0612`, `1,5`) stays text.
pub(super) fn whole_number(text: &str) -> Option<i64> {
    let t = text.trim();
    let grouped = t.contains('.');
    if grouped {
        let mut groups = t.split('.');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return None;
        }
    }
    let digits: String = t.chars().filter(|c| *c != '.').collect();
    if digits.is_empty()
        || digits.len() > 15
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    digits.parse().ok()
}

/// Write a row's cells as they were: numbers, text, booleans, dates with a date format, formulas
/// with their cached result.
pub(super) fn write_cells(
    ws: &mut Worksheet,
    row: RawRow,
    date: &Format,
    datetime: &Format,
) -> Result<()> {
    let r = row.index;
    for cell in row.cells {
        let c = cell.col;
        if let Some(f) = &cell.formula {
            let formula = Formula::new(f).set_result(display(&cell.value));
            match &cell.value {
                Data::DateTime(d) if d.is_datetime() => {
                    let fmt = if d.as_f64().fract() == 0.0 {
                        date
                    } else {
                        datetime
                    };
                    ws.write_formula_with_format(r, c, formula, fmt)?;
                }
                _ => {
                    ws.write_formula(r, c, formula)?;
                }
            }
            continue;
        }
        match cell.value {
            Data::Empty => {}
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                // Only a doctored file holds a longer text than a cell can.
                ws.write_string(r, c, fit_cell(s))?;
            }
            Data::Int(i) => {
                ws.write_number(r, c, i as f64)?;
            }
            Data::Float(x) => {
                ws.write_number(r, c, x)?;
            }
            Data::Bool(b) => {
                ws.write_boolean(r, c, b)?;
            }
            Data::DateTime(d) => {
                let x = if d.is_datetime() {
                    crate::input::cell::serial_1900(&d)
                } else {
                    d.as_f64()
                };
                if d.is_datetime() {
                    let fmt = if x.fract() == 0.0 { date } else { datetime };
                    ws.write_number_with_format(r, c, x, fmt)?;
                } else {
                    ws.write_number(r, c, x)?;
                }
            }
            Data::Error(e) => {
                // An error constant is written as itself (`=#REF!` gives #REF!), never as text.
                let formula = match &e {
                    calamine::CellErrorType::NA => "NA()".to_string(),
                    calamine::CellErrorType::Div0 => "1/0".to_string(),
                    calamine::CellErrorType::GettingData => "NA()".to_string(),
                    other => other.to_string(),
                };
                ws.write_formula(r, c, Formula::new(formula).set_result(e.to_string()))?;
            }
        }
    }
    Ok(())
}

/// Sheet names as xlsx allows them: at most 31 characters, none of `[ ] : * ? / \`, not
/// starting or ending with `'`, not empty, unique regardless of case. A name that is valid stays.
pub(super) fn valid_sheet_names(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let cleaned: String = name
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let cleaned = cleaned.trim_matches('\'').to_string();
        let base: String = if cleaned.is_empty() {
            "Blad".to_string()
        } else {
            cleaned.chars().take(31).collect()
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while out
            .iter()
            .any(|t| t.to_lowercase() == candidate.to_lowercase())
        {
            let suffix = format!(" ({n})");
            let keep = 31 - suffix.chars().count();
            candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            n += 1;
        }
        out.push(candidate);
    }
    out
}

pub(super) fn unique_name(wanted: &str, taken: &[String]) -> String {
    let mut name = wanted.to_string();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{wanted} ({n})");
        n += 1;
    }
    name
}

/// Ends a constant-memory sheet whose last row is `last`. rust_xlsxwriter (0.102) writes that
/// row a second time, as an empty `<row>`, when it has a height of its own (`flush_last_row`
/// flushes the current row and then passes it on as the next one), and Excel offers to repair a
/// sheet with a repeated row. A blank cell with a plain format in the row below moves the flush
/// on, so every row is written once; the blank shows nothing.
pub(super) fn seal_rows(ws: &mut Worksheet, last: u32, fmt: &Format) -> Result<()> {
    if last + 1 < 1_048_576 {
        ws.write_blank(last + 1, 0, fmt)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

    /// (CSV text, whole number written)
    #[test]
    fn a_csv_count_is_a_number_only_when_it_is_plainly_one() {
        let cases = [
            ("800", Some(800)),
            ("0", Some(0)),
            (" 14500 ", Some(14_500)),
            ("1.250", Some(1_250)),
            ("12.500.000", Some(12_500_000)),
            ("999999999999999", Some(999_999_999_999_999)),
            ("1000000000000000", None),
            ("0612", None),
            ("1,5", None),
            ("1.5", None),
            ("1.2500", None),
            (".250", None),
            ("ca. 500", None),
            ("meer dan 12.000", None),
            ("-5", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(super::whole_number(text), want, "{text:?}");
        }
    }

    /// An error constant is rebuilt as itself, not as text.
    #[test]
    fn error_constants_stay_errors() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let (date, datetime) = (Format::new(), Format::new());
        let row = RawRow {
            index: 0,
            cells: vec![crate::input::Cell {
                col: 0,
                value: Data::Error(calamine::CellErrorType::Ref),
                formula: None,
            }],
        };
        write_cells(ws, row, &date, &datetime).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(xml.contains("<f>#REF!</f>"), "{xml}");
    }

    /// (names as read, names as written)
    #[test]
    fn sheet_names_are_made_valid_for_xlsx() {
        let long = "Verwerkingsregister gemeente Noorderpoort 2026";
        let cases: [(&[&str], &[&str]); 5] = [
            (&["Register", "Toelichting"], &["Register", "Toelichting"]),
            (&["Q1: register", "a/b"], &["Q1_ register", "a_b"]),
            (&["'citaat'", "[x]"], &["citaat", "_x_"]),
            (
                &[long, long],
                &[
                    "Verwerkingsregister gemeente No",
                    "Verwerkingsregister gemeent (2)",
                ],
            ),
            (&["Blad", "blad", ""], &["Blad", "blad (2)", "Blad (3)"]),
        ];
        for (input, expected) in cases {
            let names: Vec<String> = input.iter().map(|s| s.to_string()).collect();
            assert_eq!(valid_sheet_names(&names), expected, "{input:?}");
        }
    }
}
