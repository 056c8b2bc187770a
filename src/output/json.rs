//! JSON output with the stable keys of docs/output.md#json. Rows are streamed to a spill file while the
//! register is read, then the document is assembled in the documented key order (tool, rubric, input,
//! summary, rows) — so memory stays flat however many rows there are.

use crate::messages as M;
use std::io::{BufWriter, Read, Seek, Write};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{FingerprintOf, RunInfo, Sink, Summary, Target};
use crate::assess::Assessment;
use crate::fields::Criterion;
use crate::finding::Finding;
use crate::input::header::ColumnMap;
use crate::input::layout::SheetLayout;
use crate::input::RawRow;
use crate::lang::Lang;
use crate::rubric::{Rubric, Trigger};

/// Levels keyed by criterion, in SURF order.
struct Levels<'a>(&'a Assessment);

impl Serialize for Levels<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(10))?;
        for c in Criterion::ALL {
            m.serialize_entry(c.key(), self.0.level(c).map_or("unknown", |l| l.key()))?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct ReasonOut<'a> {
    criterion: &'static str,
    level: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct SignalOut<'a> {
    weight: u8,
    text: &'a str,
}

#[derive(Serialize)]
struct MeasureOut<'a> {
    id: &'a str,
    criterion: &'a str,
    role: &'a str,
    text: &'a str,
}

/// One row as docs/output.md#json writes it.
#[derive(Serialize)]
pub struct RowOut<'a> {
    row: u32,
    id: Option<&'a str>,
    name: Option<&'a str>,
    /// Only for an activity without a name: what the lists call it.
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    levels: Levels<'a>,
    score: u32,
    max_score: u32,
    high_count: u32,
    unknown_count: u32,
    class: &'static str,
    outcome: &'static str,
    outcome_reason: &'a str,
    flags: Vec<&'static str>,
    /// What the row's text and values say towards a DPIA, with where it came from, weightiest
    /// first (how an incomplete row leans), and their total weight.
    signals: Vec<SignalOut<'a>>,
    signal_weight: u32,
    changes: &'a [String],
    reasons: Vec<ReasonOut<'a>>,
    measures: Vec<MeasureOut<'a>>,
    findings: &'a [Finding],
}

/// The criterion key (or flag) a measure is attached to.
pub fn measure_subject(trigger: &Trigger) -> &str {
    match trigger {
        Trigger::Criterion(c, _) => c.key(),
        Trigger::Flag(f) => f,
    }
}

impl<'a> RowOut<'a> {
    /// Borrow an assessment as its JSON row.
    pub fn new(a: &'a Assessment, rubric: &'a Rubric, lang: Lang) -> Self {
        RowOut {
            row: a.row,
            id: a.id.as_deref(),
            name: a.name.as_deref(),
            label: a.label.as_deref(),
            levels: Levels(a),
            score: a.score,
            max_score: a.max_score,
            high_count: a.high_count,
            unknown_count: a.unknown_count,
            class: a.class_key(),
            outcome: a.outcome.key(),
            outcome_reason: &a.outcome_reason,
            flags: a.flags.iter().map(|f| f.key()).collect(),
            signals: a
                .signals
                .iter()
                .map(|s| SignalOut {
                    weight: s.weight,
                    text: &s.text,
                })
                .collect(),
            signal_weight: a.signal_weight(),
            changes: &a.changes,
            reasons: Criterion::ALL
                .iter()
                .zip(&a.judgements)
                .map(|(c, j)| ReasonOut {
                    criterion: c.key(),
                    level: j.level.map_or("unknown", |l| l.key()),
                    text: &j.reason,
                })
                .collect(),
            measures: a
                .measures
                .iter()
                .filter_map(|i| rubric.measures.get(*i))
                .map(|m| MeasureOut {
                    id: &m.id,
                    criterion: measure_subject(&m.trigger),
                    role: &m.role,
                    text: m.text.get(lang),
                })
                .collect(),
            findings: &a.findings,
        }
    }
}

/// Which activities the document's `rows` hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum JsonRows {
    /// Every activity (the command line).
    #[default]
    All,
    /// At most this many of the activities that need a DPIA, most urgent first: required before
    /// recommended, those without a DPIA on record first, register order within those. The page
    /// shows these; its figures come from the summary, so a register of any size gives a small
    /// document.
    Needing(usize),
}

/// Streams rows to a spill file and assembles the document at the end.
pub struct JsonSink {
    target: Target,
    info: RunInfo,
    rubric: Arc<Rubric>,
    lang: Lang,
    spill: BufWriter<std::fs::File>,
    first: bool,
    sheet_findings: Vec<Finding>,
    rows: JsonRows,
    /// With `JsonRows::Needing`: the rows kept, as JSON, in four groups of urgency (required
    /// without a DPIA, required with one, recommended without, recommended with).
    kept: [Vec<String>; 4],
    /// With `JsonRows::Needing`: the incomplete rows with the weightiest signals, as
    /// (signal weight, row, JSON); at most the cap once sorted.
    incomplete: Vec<(u32, u32, String)>,
    /// Whether the register has a column that records a DPIA (the page shows "DPIA vastgelegd"
    /// only then).
    dpia_column: bool,
}

/// Keep the `cap` weightiest incomplete rows, register order among equals.
fn keep_weightiest(rows: &mut Vec<(u32, u32, String)>, cap: usize) {
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    rows.truncate(cap);
}

impl JsonSink {
    /// A sink writing to `target`.
    pub fn new(
        target: Target,
        info: RunInfo,
        rubric: Arc<Rubric>,
        lang: Lang,
        rows: JsonRows,
    ) -> Result<JsonSink> {
        let spill = tempfile::tempfile().context(M::NO_TEMP_FILE.get(lang))?;
        Ok(JsonSink {
            target,
            info,
            rubric,
            lang,
            spill: BufWriter::with_capacity(256 * 1024, spill),
            first: true,
            sheet_findings: Vec::new(),
            rows,
            kept: Default::default(),
            incomplete: Vec::new(),
            dpia_column: false,
        })
    }
}

#[derive(Serialize)]
struct Head<'a> {
    tool: Tool,
    rubric: RubricOut<'a>,
    input: InputOut<'a>,
    summary: &'a Summary,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct RubricOut<'a> {
    name: &'a str,
    version: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct InputOut<'a> {
    path: String,
    sha256: &'a str,
    sheet: &'a str,
    header_row: u32,
}

impl Sink for JsonSink {
    fn begin_sheet(&mut self, _name: &str, _scored: bool, _layout: &SheetLayout) -> Result<()> {
        Ok(())
    }

    fn user_row(&mut self, _row: RawRow) -> Result<()> {
        Ok(())
    }

    fn header_row(&mut self, _row: &RawRow, map: &ColumnMap) -> Result<()> {
        self.dpia_column = map.column_of(crate::fields::Field::DpiaDone).is_some();
        Ok(())
    }

    fn scored_row(&mut self, _row: RawRow, s: super::Scored) -> Result<()> {
        let a = s.assessment;
        if let JsonRows::Needing(cap) = self.rows {
            use crate::assess::{Flag, Outcome};
            let group = match a.outcome {
                Outcome::Required => 0,
                Outcome::Recommended => 2,
                Outcome::NotRequired => return Ok(()),
                Outcome::Incomplete => {
                    let row = RowOut::new(&a, &self.rubric, self.lang);
                    self.incomplete
                        .push((a.signal_weight(), a.row, serde_json::to_string(&row)?));
                    if self.incomplete.len() >= 2 * cap.max(1) {
                        keep_weightiest(&mut self.incomplete, cap);
                    }
                    return Ok(());
                }
            } + usize::from(!a.flags.contains(&Flag::DpiaMissing));
            let kept = &mut self.kept[group];
            if kept.len() < cap {
                kept.push(serde_json::to_string(&RowOut::new(
                    &a,
                    &self.rubric,
                    self.lang,
                ))?);
            }
            return Ok(());
        }
        if !self.first {
            self.spill.write_all(b",\n")?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.spill, &RowOut::new(&a, &self.rubric, self.lang))?;
        Ok(())
    }

    fn sheet_findings(&mut self, findings: &[Finding]) -> Result<()> {
        self.sheet_findings.extend_from_slice(findings);
        Ok(())
    }

    fn finish(self: Box<Self>, summary: &Summary, input: FingerprintOf<'_>) -> Result<()> {
        let input = input()?;
        let lang = self.lang;
        let JsonSink {
            target,
            info,
            rubric,
            spill,
            mut sheet_findings,
            rows,
            kept,
            mut incomplete,
            dpia_column,
            ..
        } = *self;
        // The inputs that decide outcomes, as on the workbook's Meldingen.
        sheet_findings.extend(super::deciding_findings(summary, lang));
        let head = Head {
            tool: Tool {
                name: "dpia-triage",
                version: info.version,
            },
            rubric: RubricOut {
                name: &rubric.meta.name,
                version: &rubric.meta.version,
                sha256: &rubric.sha256,
            },
            input: InputOut {
                path: info.shown_name(),
                sha256: &input.sha256,
                sheet: &info.sheet,
                header_row: info.header_row,
            },
            summary,
            findings: &sheet_findings,
        };
        let mut head_text = serde_json::to_string(&head)?;
        // Open the object again to append the rows array.
        head_text.pop();
        let mut spill = spill.into_inner().map_err(|e| e.into_error())?;
        spill.rewind()?;
        let mut out = target.writer()?;
        out.write_all(head_text.as_bytes())?;
        out.write_all(b",\"rows\":[\n")?;
        std::io::copy(&mut (&mut spill).take(u64::MAX), &mut out)?;
        if let JsonRows::Needing(cap) = rows {
            for (i, row) in kept.iter().flatten().take(cap).enumerate() {
                if i > 0 {
                    out.write_all(b",\n")?;
                }
                out.write_all(row.as_bytes())?;
            }
            // The page's second list: incomplete activities, weightiest signals first; and
            // whether the register records DPIAs at all.
            keep_weightiest(&mut incomplete, cap);
            out.write_all(b"],\"incomplete_rows\":[\n")?;
            for (i, (_, _, row)) in incomplete.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",\n")?;
                }
                out.write_all(row.as_bytes())?;
            }
            out.write_all(format!("],\"dpia_column\":{dpia_column}}}\n").as_bytes())?;
        } else {
            out.write_all(b"]}\n")?;
        }
        out.flush()?;
        drop(out);
        target.commit()
    }
}
