//! The `check` command's sink: writes no file, prints the column mapping and every finding to
//! stdout as rows stream past, so a user can fix the register before scoring it.

use crate::messages as M;

use std::io::Write;

use anyhow::Result;

use super::csv::finding_line;
use super::{FingerprintOf, Sink, Summary};
use crate::fields::Field;
use crate::finding::Finding;
use crate::input::header::{propose, ColumnMap};
use crate::input::layout::SheetLayout;
use crate::input::RawRow;
use crate::ooxml::cellref::column_letters;
use crate::rubric::Rubric;

/// Prints findings; writes nothing else.
pub struct CheckSink<W: Write> {
    out: W,
    lang: crate::lang::Lang,
}

impl<W: Write> CheckSink<W> {
    /// A sink printing to `out` in `lang`.
    pub fn new(out: W, lang: crate::lang::Lang) -> Self {
        CheckSink { out, lang }
    }
}

/// A text from a user's cell as a terminal should print it: control characters (which could move
/// the cursor or clear the screen) shown as `\u{..}` escapes, one line.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "⏎".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The column mapping as lines: `C  Aantal betrokkenen → data_subjects`.
pub fn mapping_lines(map: &ColumnMap, rubric: &Rubric, lang: crate::lang::Lang) -> Vec<String> {
    let mut lines: Vec<String> = map
        .headers
        .iter()
        .map(|(col, raw)| (col, raw, printable(raw)))
        .map(|(col, raw, text)| match map.field_of(*col) {
            Some(f) => format!("  {:<4} {text} → {}", column_letters(*col), f.key()),
            // A close match is proposed, with the --map that would take it.
            None => match propose(raw, rubric).filter(|(f, _)| map.column_of(*f).is_none()) {
                Some((f, like)) => format!(
                    "  {:<4} {text} → ({})",
                    column_letters(*col),
                    M::CHECK_DID_YOU_MEAN.with(lang, &[&f.key(), &like, &text, &f.key()])
                ),
                None => format!(
                    "  {:<4} {text} → ({})",
                    column_letters(*col),
                    M::CHECK_PASSED_THROUGH.get(lang)
                ),
            },
        })
        .collect();
    // The template's header, and the field name a --map takes.
    let missing: Vec<String> = Field::TEMPLATE
        .iter()
        .filter(|f| map.column_of(**f).is_none())
        .map(|f| format!("{} ({})", crate::fields::template_header(*f, lang), f.key()))
        .collect();
    if !missing.is_empty() {
        lines.push(format!(
            "  {}: {}",
            M::CHECK_FIELDS_WITHOUT_COLUMN.get(lang),
            missing.join(", ")
        ));
    }
    lines
}

impl<W: Write + Send> Sink for CheckSink<W> {
    fn begin_sheet(&mut self, _name: &str, _scored: bool, _layout: &SheetLayout) -> Result<()> {
        Ok(())
    }

    fn user_row(&mut self, _row: RawRow) -> Result<()> {
        Ok(())
    }

    fn header_row(&mut self, _row: &RawRow, _map: &ColumnMap) -> Result<()> {
        Ok(())
    }

    fn scored_row(&mut self, _row: RawRow, s: super::Scored) -> Result<()> {
        let a = s.assessment;
        for f in &a.findings {
            let id = printable(a.id.as_deref().unwrap_or(""));
            writeln!(
                self.out,
                "  {} {} {id}: {}",
                M::CHECK_ROW.get(self.lang),
                a.row,
                printable(&finding_line(f))
            )?;
        }
        Ok(())
    }

    fn sheet_findings(&mut self, findings: &[Finding]) -> Result<()> {
        for f in findings {
            writeln!(self.out, "  {}", printable(&finding_line(f)))?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, summary: &Summary, _input: FingerprintOf<'_>) -> Result<()> {
        // The absent inputs that decide outcomes, once each, as on Meldingen.
        for f in super::deciding_findings(summary, self.lang) {
            writeln!(self.out, "  {}", printable(&finding_line(&f)))?;
        }
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    /// (text, as printed)
    #[test]
    fn control_characters_are_escaped() {
        let cases = [
            ("gewoon", "gewoon"),
            ("a\u{1b}[2Jb", "a\\u{1b}[2Jb"),
            ("regel 1\nregel 2", "regel 1⏎regel 2"),
            ("tab\there", "tab\\u{9}here"),
        ];
        for (text, shown) in cases {
            assert_eq!(printable(text), shown, "{text:?}");
        }
    }
}
