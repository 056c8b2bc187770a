//! CSV output (docs/output.md#json): one line per scored row with the JSON fields flattened — a column per
//! criterion level and per reason, lists joined with ` | `. UTF-8 with a BOM and `;` so that Dutch
//! Excel opens it as it opens its own exports.

use std::sync::Arc;

use anyhow::Result;

use super::json::measure_subject;
use super::{FingerprintOf, Sink, Summary, Target};
use crate::fields::Criterion;
use crate::finding::Finding;
use crate::input::header::ColumnMap;
use crate::input::layout::SheetLayout;
use crate::input::RawRow;
use crate::rubric::Rubric;

/// Streams one CSV line per scored row.
pub struct CsvSink {
    target: Target,
    rubric: Arc<Rubric>,
    writer: csv::Writer<Box<dyn std::io::Write + Send>>,
}

impl CsvSink {
    /// A sink writing to `target`; writes the header line at once.
    pub fn new(target: Target, rubric: Arc<Rubric>) -> Result<CsvSink> {
        let mut raw = target.writer()?;
        raw.write_all("\u{feff}".as_bytes())?;
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(raw);
        let mut header: Vec<String> = ["row", "id", "name"].map(String::from).to_vec();
        header.extend(Criterion::ALL.iter().map(|c| format!("level_{}", c.key())));
        header.extend(
            [
                "score",
                "max_score",
                "high_count",
                "unknown_count",
                "class",
                "outcome",
                "flags",
                "outcome_reason",
            ]
            .map(String::from),
        );
        header.extend(Criterion::ALL.iter().map(|c| format!("reason_{}", c.key())));
        header.extend(
            [
                "measures",
                "findings",
                "changes",
                "signal_weight",
                "signals",
            ]
            .map(String::from),
        );
        writer.write_record(&header)?;
        Ok(CsvSink {
            target,
            rubric,
            writer,
        })
    }
}

/// A finding in one line: `D17 Aantal betrokkenen "veel": niet herkend …`.
pub fn finding_line(f: &Finding) -> String {
    if f.cell.is_empty() {
        f.message.clone()
    } else {
        format!("{} {} \"{}\": {}", f.cell, f.column, f.value, f.message)
    }
}

/// Keep a spreadsheet from reading a text as a formula (CSV injection, docs/output.md#csv): a field that
/// starts with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, which Excel and LibreOffice show
/// as text and do not evaluate. The numbers the tool writes itself are left alone.
fn defuse(field: &mut String) {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err() {
        field.insert(0, '\'');
    }
}

impl Sink for CsvSink {
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
        let mut rec: Vec<String> = vec![
            a.row.to_string(),
            a.id.clone().unwrap_or_default(),
            a.name.clone().unwrap_or_default(),
        ];
        rec.extend(
            a.judgements
                .iter()
                .map(|j| j.level.map_or("unknown", |l| l.key()).to_string()),
        );
        rec.extend([
            a.score.to_string(),
            a.max_score.to_string(),
            a.high_count.to_string(),
            a.unknown_count.to_string(),
            a.class_key().to_string(),
            a.outcome.key().to_string(),
            a.flags
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(" | "),
            a.outcome_reason.clone(),
        ]);
        rec.extend(a.judgements.iter().map(|j| j.reason.clone()));
        rec.push(
            a.measures
                .iter()
                .filter_map(|i| self.rubric.measures.get(*i))
                .map(|m| format!("{} ({}, {})", m.id, measure_subject(&m.trigger), m.role))
                .collect::<Vec<_>>()
                .join(" | "),
        );
        rec.push(
            a.findings
                .iter()
                .map(finding_line)
                .collect::<Vec<_>>()
                .join(" | "),
        );
        // What changed since the --previous run, as in the JSON.
        rec.push(a.changes.join(" | "));
        // What the row's text and values say towards a DPIA, weightiest first, as in the JSON:
        // how an incomplete row leans.
        rec.push(a.signal_weight().to_string());
        rec.push(
            a.signals
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        );
        for field in rec.iter_mut().skip(1) {
            defuse(field);
        }
        self.writer.write_record(&rec)?;
        Ok(())
    }

    fn sheet_findings(&mut self, _findings: &[Finding]) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, _summary: &Summary, _input: FingerprintOf<'_>) -> Result<()> {
        let CsvSink { target, writer, .. } = *self;
        let mut inner = writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
        inner.flush()?;
        drop(inner);
        target.commit()
    }
}

use std::io::Write as _;

#[cfg(test)]
mod tests {
    use super::defuse;

    /// (field as composed, field as written)
    #[test]
    fn formula_starts_are_defused() {
        let cases = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1", "'\r=1"),
            ("Salarisadministratie", "Salarisadministratie"),
            ("a=b", "a=b"),
            ("", ""),
            ("12", "12"),
        ];
        for (input, expected) in cases {
            let mut field = input.to_string();
            defuse(&mut field);
            assert_eq!(field, expected, "{input:?}");
        }
    }
}
