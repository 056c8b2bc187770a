//! What an activity carries over from an earlier annotated workbook to the new one: which
//! earlier activity it is, and the user's rows on the earlier Maatregelen sheet (their values,
//! and the formulas, links and formats of their cells), with the records they are kept as in a
//! temporary store. The earlier workbook's reader (`previous`) makes them, the assessment holds
//! them, and the Maatregelen writer writes them anew.

use calamine::Data;

use crate::spill::{Dec, Enc};

/// A row of the earlier Maatregelen sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrevMeasure {
    /// Activity id.
    pub activity_id: String,
    /// Activity name.
    pub activity_name: String,
    /// Criterion label.
    pub criterion: String,
    /// Measure id (empty or unknown for rows added by hand).
    pub measure_id: String,
    /// Measure text.
    pub text: String,
    /// Owner role.
    pub role: String,
    /// Status.
    pub status: String,
    /// Deadline as the cell held it (a date stays a date).
    pub deadline: Data,
    /// Evidence.
    pub evidence: String,
    /// Remarks.
    pub remarks: String,
    /// Source.
    pub source: String,
    /// The values of the columns the user added to the sheet, in the order of
    /// `Previous::measure_columns` (empty where the row has none).
    pub extra: Vec<Data>,
    /// What the user's cells of the row hold besides their values (formulas, links, formats).
    pub rich: Vec<RichCell>,
}

impl PrevMeasure {
    /// Its texts, in the order of a record.
    fn texts(&self) -> [&String; 10] {
        [
            &self.activity_id,
            &self.activity_name,
            &self.criterion,
            &self.measure_id,
            &self.text,
            &self.role,
            &self.status,
            &self.evidence,
            &self.remarks,
            &self.source,
        ]
    }

    /// Whether it holds anything: a text, a deadline, a value in a column the user added, or a
    /// cell with more than a value.
    pub fn has_content(&self) -> bool {
        self.texts().iter().any(|s| !s.is_empty())
            || self.deadline != Data::Empty
            || self.extra.iter().any(|d| *d != Data::Empty)
            || !self.rich.is_empty()
    }
}

/// A cell of the user's on Maatregelen with more than a value: where it stood and what it
/// holds, so that it is written anew as it was (a link keeps its target, a formula stays one).
#[derive(Debug, Clone, PartialEq)]
pub struct RichCell {
    /// Which of the carried cells: 0 status, 1 deadline, 2 evidence, 3 remarks, 4 and on the
    /// user's own columns in order.
    pub slot: u16,
    /// Its 0-based row and column on the earlier sheet (a formula moves from there).
    pub from: (u32, u16),
    /// Formula, link and style.
    pub rich: crate::ooxml::rich::Rich,
}

/// What a scored row's earlier self brings along: its place among the earlier activities and
/// its Maatregelen rows.
#[derive(Debug, Clone, Default)]
pub struct Matched {
    /// Index among the earlier activities compared with, in their order; `None` for an activity
    /// that is new since then but whose Maatregelen rows are carried (below).
    pub index: Option<u32>,
    /// Index among the activities whose Maatregelen rows are carried, where those are another
    /// workbook's than the one compared with: the workbook scored again, whose own Maatregelen
    /// hold the latest work, compared with an earlier one named by `--previous`.
    pub carried: Option<u32>,
    /// The user's rows on the earlier Maatregelen sheet for this activity.
    pub measures: Vec<PrevMeasure>,
}

/// An earlier Maatregelen row as a record of the store.
pub(crate) fn encode_measure(m: &PrevMeasure) -> Vec<u8> {
    let texts = m.texts();
    // Made at its size, not grown text by text (the measure's text and sources are long).
    let size: usize = texts.iter().map(|s| s.len() + 4).sum();
    let mut e = Enc(Vec::with_capacity(size + 64));
    for s in texts {
        e.str(s);
    }
    e.data(&m.deadline);
    e.0.extend_from_slice(&(m.extra.len() as u32).to_le_bytes());
    for x in &m.extra {
        e.data(x);
    }
    encode_rich(&mut e, &m.rich);
    e.0
}

/// The rich cells of a row, into a record.
pub(crate) fn encode_rich(e: &mut Enc, cells: &[RichCell]) {
    use crate::ooxml::rich::Link;
    e.u32(cells.len() as u32);
    for c in cells {
        e.u32(u32::from(c.slot));
        e.u32(c.from.0);
        e.u32(u32::from(c.from.1));
        e.u32(c.rich.style);
        e.opt_str(c.rich.formula.as_deref());
        match &c.rich.link {
            None => e.byte(0),
            Some(Link::External(t)) => {
                e.byte(1);
                e.str(t);
            }
            Some(Link::Internal(t)) => {
                e.byte(2);
                e.str(t);
            }
        }
    }
}

/// The rich cells of a row, from a record.
pub(crate) fn decode_rich(d: &mut Dec) -> Option<Vec<RichCell>> {
    use crate::ooxml::rich::{Link, Rich};
    let n = d.u32()?;
    let mut out = Vec::new();
    for _ in 0..n {
        let slot = u16::try_from(d.u32()?).ok()?;
        let from = (d.u32()?, u16::try_from(d.u32()?).ok()?);
        let style = d.u32()?;
        let formula = d.opt_str()?;
        let link = match d.byte()? {
            0 => None,
            1 => Some(Link::External(d.str()?)),
            2 => Some(Link::Internal(d.str()?)),
            _ => return None,
        };
        out.push(RichCell {
            slot,
            from,
            rich: Rich {
                formula,
                link,
                style,
            },
        });
    }
    Some(out)
}

pub(crate) fn decode_measure(bytes: &[u8]) -> Option<PrevMeasure> {
    let mut d = Dec(bytes);
    let mut texts: [String; 10] = Default::default();
    for t in &mut texts {
        *t = d.str()?;
    }
    let deadline = d.data()?;
    let n = u32::from_le_bytes([d.byte()?, d.byte()?, d.byte()?, d.byte()?]);
    let mut extra = Vec::new();
    for _ in 0..n {
        extra.push(d.data()?);
    }
    let rich = decode_rich(&mut d)?;
    let [activity_id, activity_name, criterion, measure_id, text, role, status, evidence, remarks, source] =
        texts;
    Some(PrevMeasure {
        activity_id,
        activity_name,
        criterion,
        measure_id,
        text,
        role,
        status,
        deadline,
        evidence,
        remarks,
        source,
        extra,
        rich,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Maatregelen row holds something when any one of its texts, its deadline, a value in a
    /// column the user added or a cell with more than a value is there; a column of the user's
    /// without a value (`Data::Empty`) is nothing. Each case also survives a record.
    #[test]
    fn a_measure_row_has_content_when_any_cell_does() {
        let blank = PrevMeasure::default();
        let with = |f: &dyn Fn(&mut PrevMeasure)| {
            let mut m = PrevMeasure::default();
            f(&mut m);
            m
        };
        let cases: Vec<(&str, PrevMeasure, bool)> = vec![
            ("nothing", blank.clone(), false),
            (
                "an empty value in a column of the user's",
                with(&|m| m.extra = vec![Data::Empty, Data::Empty]),
                false,
            ),
            (
                "activity id",
                with(&|m| m.activity_id = "VW-1".into()),
                true,
            ),
            (
                "activity name",
                with(&|m| m.activity_name = "a".into()),
                true,
            ),
            ("criterion", with(&|m| m.criterion = "c".into()), true),
            ("measure id", with(&|m| m.measure_id = "M1".into()), true),
            ("text", with(&|m| m.text = "t".into()), true),
            ("role", with(&|m| m.role = "r".into()), true),
            ("status", with(&|m| m.status = "gereed".into()), true),
            ("evidence", with(&|m| m.evidence = "e".into()), true),
            ("remarks", with(&|m| m.remarks = "x".into()), true),
            ("source", with(&|m| m.source = "s".into()), true),
            (
                "deadline",
                with(&|m| m.deadline = Data::Float(46000.0)),
                true,
            ),
            (
                "a value in a column of the user's",
                with(&|m| m.extra = vec![Data::Empty, Data::Bool(false)]),
                true,
            ),
        ];
        for (what, m, expected) in cases {
            assert_eq!(m.has_content(), expected, "{what}");
            let back = decode_measure(&encode_measure(&m)).expect(what);
            assert_eq!(back, m, "{what}");
        }
    }
}
