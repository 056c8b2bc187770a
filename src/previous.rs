//! Re-assessment (SPEC §6.4): reading an earlier annotated workbook of the same register and
//! comparing. Rows are matched by `id`, else by `name`; input values that changed are listed and
//! set `changed`; an outcome or class that went up sets `escalated`. The user's work on the earlier
//! Maatregelen sheet (status, deadline, evidence, remarks, rows added by hand) is kept here so the
//! xlsx sink can carry it forward. Columns are found by header text, not position, so a workbook
//! re-sorted, filtered or widened in Excel or LibreOffice still reads.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use calamine::Data;

use crate::assess::{Assessment, Flag, Outcome};
use crate::fields::Field;
use crate::input::guard::Limits;
use crate::input::header::ColumnMap;
use crate::input::record::display;
use crate::input::{RawRow, Source};
use crate::lang::Lang;
use crate::pipeline::locate;
use crate::rubric::Rubric;
use crate::value::{self, Level};

/// An activity as the earlier run saw it.
#[derive(Debug, Clone, Default)]
pub struct PrevRow {
    /// Id as written.
    pub id: Option<String>,
    /// Name as written.
    pub name: Option<String>,
    /// Displayed input value per field (non-empty fields only).
    pub values: Vec<(Field, String)>,
    /// The outcome then.
    pub outcome: Option<Outcome>,
    /// The class then.
    pub class: Option<Level>,
}

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
}

/// An earlier annotated workbook, read.
#[derive(Debug, Default)]
pub struct Previous {
    /// The file.
    pub path: PathBuf,
    /// Activities by match key, with their order of appearance.
    pub rows: HashMap<String, (usize, PrevRow)>,
    /// Maatregelen rows by activity match key (rows without activity id under "").
    pub measures: HashMap<String, Vec<PrevMeasure>>,
    /// Headers of the columns the user added to the Maatregelen sheet, in sheet order.
    pub measure_columns: Vec<String>,
}

/// The key an activity is matched by: its id, else its name (normalised).
pub fn match_key(id: Option<&str>, name: Option<&str>) -> Option<String> {
    let id = id.map(value::normalize).filter(|s| !s.is_empty());
    let name = name.map(value::normalize).filter(|s| !s.is_empty());
    match (id, name) {
        (Some(id), _) => Some(format!("id:{id}")),
        (None, Some(name)) => Some(format!("name:{name}")),
        _ => None,
    }
}

fn outcome_from_text(text: &str) -> Option<Outcome> {
    let norm = value::normalize(text);
    Outcome::ALL.into_iter().find(|o| {
        [Lang::Nl, Lang::En]
            .iter()
            .any(|l| value::normalize(l.outcome(*o)) == norm)
    })
}

fn level_from_text(text: &str) -> Option<Level> {
    match value::parse_level(text, true, false, false) {
        Some(value::LevelWord::Level(l)) => Some(l),
        _ => None,
    }
}

/// Outcome rank for escalation: incomplete has none.
fn rank(o: Outcome) -> Option<u8> {
    match o {
        Outcome::NotRequired => Some(0),
        Outcome::Recommended => Some(1),
        Outcome::Required => Some(2),
        Outcome::Incomplete => None,
    }
}

/// Headers of the Maatregelen sheet in both languages, by role.
const MEASURE_HEADERS: [(&str, &str); 11] = [
    ("activiteit id", "activity id"),
    ("verwerking", "processing activity"),
    ("criterium", "criterion"),
    ("maatregel id", "measure id"),
    ("maatregel", "measure"),
    ("eigenaar", "owner"),
    ("status", "status"),
    ("deadline", "deadline"),
    ("bewijsstuk", "evidence"),
    ("opmerkingen", "remarks"),
    ("bron", "source"),
];

fn text(cells: &[(u16, Data)], col: Option<u16>) -> String {
    col.and_then(|c| cells.iter().find(|(k, _)| *k == c))
        .map(|(_, d)| display(d).trim().to_string())
        .unwrap_or_default()
}

impl Previous {
    /// Read an earlier annotated workbook; refuses a workbook this tool did not write.
    pub fn load(
        path: &Path,
        rubric: &Rubric,
        user_map: &[(String, Field)],
        limits: &Limits,
    ) -> Result<Previous> {
        // A JSON or CSV output of the tool is no annotated workbook: say so, instead of reading
        // its first line as a header row.
        let head = std::fs::File::open(path).ok().and_then(|mut f| {
            let mut buf = [0u8; 64];
            std::io::Read::read(&mut f, &mut buf)
                .ok()
                .map(|n| buf[..n].to_vec())
        });
        if head.as_deref().is_some_and(|h| {
            let text = String::from_utf8_lossy(h);
            let t = text.trim_start_matches('\u{feff}').trim_start();
            t.starts_with('{') || t.starts_with('[')
        }) {
            bail!(
                "--previous {}: dit is een JSON-bestand; geef de eerder geannoteerde werkmap (.xlsx) van hetzelfde register",
                path.display()
            );
        }
        let mut source = Source::open(path, limits)?;
        let located = locate(&mut source, None, rubric, user_map)
            .with_context(|| format!("--previous {}", path.display()))?;
        let map = &located.map;
        let find = |nl: &str, en: &str| {
            map.headers
                .iter()
                .find(|(_, h)| {
                    let h = value::normalize_header(h);
                    h == value::normalize_header(nl) || h == value::normalize_header(en)
                })
                .map(|(c, _)| *c)
        };
        let (Some(outcome_col), class_col) = (
            find("DPIA-advies", "DPIA advice"),
            find("Risicoklasse", "Risk class"),
        ) else {
            bail!(
                "--previous {}: dit is geen door dpia-triage geannoteerde werkmap (geen kolom 'DPIA-advies' naast de koppen op rij {})",
                path.display(),
                map.header_row + 1
            );
        };
        let mut prev = Previous {
            path: path.to_path_buf(),
            ..Previous::default()
        };
        let mut order = 0usize;
        source.read_sheet(&located.sheet, &mut |row: RawRow| {
            if row.index <= map.header_row || !row.has_content() {
                return ControlFlow::Continue(());
            }
            let r = prev_row(&row, map, outcome_col, class_col);
            if let Some(key) = match_key(r.id.as_deref(), r.name.as_deref()) {
                prev.rows.entry(key).or_insert((order, r));
                order += 1;
            }
            ControlFlow::Continue(())
        })?;
        // An in-place annotated workbook names its Maatregelen sheet with the marker; a user's own
        // sheet called Maatregelen is then not the tool's. A rebuilt one is found by its name.
        let marker = crate::input::marker::read_marker(path);
        let measures_sheet = if marker.is_annotated() {
            marker.sheets[1].clone()
        } else {
            source
                .sheet_names()
                .into_iter()
                .find(|s| matches!(s.as_str(), "Maatregelen" | "Measures"))
        };
        if let Some(sheet) = measures_sheet {
            prev.read_measures(&mut source, &sheet)?;
        }
        Ok(prev)
    }

    fn read_measures(&mut self, source: &mut Source, sheet: &str) -> Result<()> {
        let mut cols: Option<[Option<u16>; 11]> = None;
        let mut extra_cols: Vec<(u16, String)> = Vec::new();
        let mut out: Vec<PrevMeasure> = Vec::new();
        source.read_sheet(sheet, &mut |row: RawRow| {
            let cells: Vec<(u16, Data)> =
                row.cells.iter().map(|c| (c.col, c.value.clone())).collect();
            let Some(cols) = cols else {
                // The first row with an "activity id" header is the header row.
                let mut found = [None; 11];
                for (c, d) in &cells {
                    let h = value::normalize_header(&display(d));
                    if let Some(i) = MEASURE_HEADERS
                        .iter()
                        .position(|(nl, en)| h.starts_with(nl) || h.starts_with(en))
                    {
                        // "maatregel" also prefixes "maatregel id": take the exact one first.
                        let exact = MEASURE_HEADERS
                            .iter()
                            .position(|(nl, en)| h == *nl || h == *en);
                        let i = exact.unwrap_or(i);
                        if found[i].is_none() {
                            found[i] = Some(*c);
                        }
                    }
                }
                if found[0].is_some() && found[3].is_some() {
                    // Every other header is a column the user added (the tool's own last
                    // column, Rij, is written anew).
                    extra_cols = cells
                        .iter()
                        .filter(|(c, _)| !found.contains(&Some(*c)))
                        .map(|(c, d)| (*c, display(d).trim().to_string()))
                        .filter(|(_, h)| {
                            let n = value::normalize_header(h);
                            !h.is_empty() && n != "rij" && n != "row"
                        })
                        .collect();
                    cols = Some(found);
                }
                return ControlFlow::Continue(());
            };
            let deadline = cols[7]
                .and_then(|c| cells.iter().find(|(k, _)| *k == c))
                .map(|(_, d)| d.clone())
                .unwrap_or(Data::Empty);
            let m = PrevMeasure {
                activity_id: text(&cells, cols[0]),
                activity_name: text(&cells, cols[1]),
                criterion: text(&cells, cols[2]),
                measure_id: text(&cells, cols[3]),
                text: text(&cells, cols[4]),
                role: text(&cells, cols[5]),
                status: text(&cells, cols[6]),
                deadline,
                evidence: text(&cells, cols[8]),
                remarks: text(&cells, cols[9]),
                source: text(&cells, cols[10]),
                extra: extra_cols
                    .iter()
                    .map(|(c, _)| {
                        cells
                            .iter()
                            .find(|(k, _)| k == c)
                            .map(|(_, d)| d.clone())
                            .unwrap_or(Data::Empty)
                    })
                    .collect(),
            };
            let blank = PrevMeasure {
                extra: m.extra.clone(),
                ..PrevMeasure::default()
            };
            if m != blank || m.extra.iter().any(|d| *d != Data::Empty) {
                out.push(m);
            }
            ControlFlow::Continue(())
        })?;
        self.measure_columns = extra_cols.into_iter().map(|(_, h)| h).collect();
        for m in out {
            let key = match_key(Some(&m.activity_id), Some(&m.activity_name)).unwrap_or_default();
            self.measures.entry(key).or_default().push(m);
        }
        Ok(())
    }

    /// Match a scored row to its earlier self and note what changed: sets `changed`/`escalated`,
    /// fills `a.changes` and `a.previous` (the match key).
    pub fn annotate(&self, row: &RawRow, map: &ColumnMap, a: &mut Assessment, lang: Lang) {
        let by_id =
            a.id.as_deref()
                .and_then(|id| match_key(Some(id), None))
                .filter(|k| self.rows.contains_key(k));
        let by_name = || {
            a.name
                .as_deref()
                .and_then(|n| match_key(None, Some(n)))
                .filter(|k| self.rows.contains_key(k))
        };
        let Some(key) = by_id.or_else(by_name) else {
            return;
        };
        let Some((_, prev)) = self.rows.get(&key) else {
            return;
        };
        let now = current_values(row, map);
        let empty = lang.word("(leeg)", "(empty)");
        for field in Field::ALL
            .iter()
            .filter(|f| !matches!(f, Field::Id | Field::Name))
        {
            let old = prev
                .values
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| v.as_str());
            let new = now
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| v.as_str());
            if old.map(value::normalize) != new.map(value::normalize) {
                let header = map
                    .column_of(*field)
                    .map(|c| map.header_text(c))
                    .unwrap_or(field.key());
                a.changes.push(format!(
                    "{header}: {} → {}",
                    old.unwrap_or(empty),
                    new.unwrap_or(empty)
                ));
            }
        }
        if !a.changes.is_empty() {
            a.flags.push(Flag::Changed);
        }
        let outcome_up = match (prev.outcome.and_then(rank), rank(a.outcome)) {
            (Some(before), Some(now)) => now > before,
            _ => false,
        };
        // With unknowns the class is the one at their lowest level: a rise of that is a rise.
        let class_up = prev.class.is_some_and(|c| a.class > c);
        if outcome_up || class_up {
            a.flags.push(Flag::Escalated);
        }
        a.previous = Some(key);
    }

    /// Activities of the earlier run that were not matched, in their earlier order.
    pub fn removed<'a>(&'a self, seen: &std::collections::HashSet<String>) -> Vec<&'a PrevRow> {
        let mut gone: Vec<&(usize, PrevRow)> = self
            .rows
            .iter()
            .filter(|(k, _)| !seen.contains(*k))
            .map(|(_, v)| v)
            .collect();
        gone.sort_by_key(|(order, _)| *order);
        gone.into_iter().map(|(_, r)| r).collect()
    }
}

fn prev_row(row: &RawRow, map: &ColumnMap, outcome_col: u16, class_col: Option<u16>) -> PrevRow {
    let mut r = PrevRow::default();
    for cell in &row.cells {
        let shown = display(&cell.value).trim().to_string();
        if cell.col == outcome_col {
            r.outcome = outcome_from_text(&shown);
        } else if Some(cell.col) == class_col {
            r.class = level_from_text(&shown);
        } else if let Some(field) = map.field_of(cell.col) {
            match field {
                Field::Id => r.id = Some(shown).filter(|s| !s.is_empty()),
                Field::Name => r.name = Some(shown).filter(|s| !s.is_empty()),
                f if !shown.is_empty() => r.values.push((f, shown)),
                _ => {}
            }
        }
    }
    r
}

fn current_values(row: &RawRow, map: &ColumnMap) -> Vec<(Field, String)> {
    row.cells
        .iter()
        .filter_map(|c| {
            let f = map.field_of(c.col)?;
            let shown = display(&c.value).trim().to_string();
            (!shown.is_empty()).then_some((f, shown))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_texts() {
        let cases = [
            (Some(" VW-001 "), Some("X"), Some("id:vw-001")),
            (
                None,
                Some("Nieuwsbrief Alumni"),
                Some("name:nieuwsbrief alumni"),
            ),
            (Some(""), Some("Naam"), Some("name:naam")),
            (None, None, None),
        ];
        for (id, name, expected) in cases {
            assert_eq!(match_key(id, name).as_deref(), expected);
        }
        assert_eq!(outcome_from_text("DPIA verplicht"), Some(Outcome::Required));
        assert_eq!(
            outcome_from_text("No DPIA needed"),
            Some(Outcome::NotRequired)
        );
        assert_eq!(outcome_from_text("iets"), None);
        assert_eq!(level_from_text("Midden"), Some(Level::Medium));
        assert_eq!(rank(Outcome::Incomplete), None);
    }
}
