//! Header detection and column mapping (SPEC §3.1–3.2): find the header row among the first rows,
//! map each header to a field through the rubric's header table, `[columns]` and `--map`, and note
//! duplicates. Columns that map to nothing are passed through untouched by the output stage.

use super::record::Finding;
use super::{cell_ref, RawRow};
use crate::fields::Field;
use crate::rubric::Rubric;
use crate::value;

/// How many rows from the top the header row may be found in.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// The mapping of a sheet's columns to fields.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    /// 0-based index of the header row.
    pub header_row: u32,
    /// Header text per column (as found), for every non-empty header cell.
    pub headers: Vec<(u16, String)>,
    /// Field of each column, indexed by column; `None` for passed-through columns.
    by_col: Vec<Option<Field>>,
    /// Column of each field (index `Field::index`).
    by_field: [Option<u16>; 23],
    /// Findings about the header (duplicates), repeated on no row: reported once.
    pub header_findings: Vec<Finding>,
}

impl ColumnMap {
    /// The field a column feeds, if any.
    pub fn field_of(&self, col: u16) -> Option<Field> {
        self.by_col.get(usize::from(col)).copied().flatten()
    }

    /// The column of a field, if mapped.
    pub fn column_of(&self, field: Field) -> Option<u16> {
        self.by_field[field.index()]
    }

    /// The header text of a column, or "" when it has none.
    pub fn header_text(&self, col: u16) -> &str {
        self.headers
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, h)| h.as_str())
            .unwrap_or("")
    }

    /// Number of columns up to and including the last header.
    pub fn width(&self) -> u16 {
        self.headers.iter().map(|(c, _)| c + 1).max().unwrap_or(0)
    }

    /// Mapped (column, header, field) triples, in column order.
    pub fn mapped(&self) -> Vec<(u16, &str, Field)> {
        self.headers
            .iter()
            .filter_map(|(c, h)| self.field_of(*c).map(|f| (*c, h.as_str(), f)))
            .collect()
    }

    /// Forget the columns `first..=last`: the tool's own columns of an earlier run, which are
    /// not the register's input.
    pub fn forget_columns(&mut self, first: u16, last: u16) {
        self.headers.retain(|(c, _)| *c < first || *c > last);
        for col in first..=last {
            if let Some(slot) = self.by_col.get_mut(usize::from(col)) {
                if let Some(field) = slot.take() {
                    if self.by_field[field.index()] == Some(col) {
                        self.by_field[field.index()] = None;
                    }
                }
            }
        }
    }

    /// Whether any field that feeds a criterion is mapped.
    pub fn has_criterion_field(&self) -> bool {
        Field::ALL
            .iter()
            .any(|f| f.is_criterion_input() && self.column_of(*f).is_some())
    }
}

/// Header → field lookups: user mappings (`--map`) first, then the rubric's tables.
pub struct HeaderLookup<'a> {
    user: Vec<(String, Field)>,
    rubric: &'a Rubric,
}

impl<'a> HeaderLookup<'a> {
    /// `user_map` holds `--map` pairs (header text, field).
    pub fn new(rubric: &'a Rubric, user_map: &[(String, Field)]) -> Self {
        HeaderLookup {
            user: user_map
                .iter()
                .map(|(h, f)| (value::normalize_header(h), *f))
                .collect(),
            rubric,
        }
    }

    /// The field a header text names, if any.
    pub fn field(&self, header: &str) -> Option<Field> {
        let norm = value::normalize_header(header);
        if norm.is_empty() {
            return None;
        }
        self.user
            .iter()
            .chain(self.rubric.headers.iter())
            .find(|(h, _)| *h == norm)
            .map(|(_, f)| *f)
    }
}

/// Count the recognised field headers of a row (distinct fields).
fn recognised(row: &RawRow, lookup: &HeaderLookup<'_>) -> usize {
    let mut seen = [false; 23];
    for cell in &row.cells {
        if let calamine::Data::String(s) = &cell.value {
            if let Some(f) = lookup.field(s) {
                seen[f.index()] = true;
            }
        }
    }
    seen.iter().filter(|s| **s).count()
}

/// Whether this row qualifies as the header row (at least two recognised field headers).
pub fn is_header_row(row: &RawRow, lookup: &HeaderLookup<'_>) -> bool {
    row.index < HEADER_SEARCH_ROWS && recognised(row, lookup) >= 2
}

/// Build the column map from the header row.
pub fn map_columns(row: &RawRow, lookup: &HeaderLookup<'_>) -> ColumnMap {
    let mut map = ColumnMap {
        header_row: row.index,
        ..ColumnMap::default()
    };
    for cell in &row.cells {
        let text = super::record::display(&cell.value);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        map.headers.push((cell.col, text.to_string()));
        let Some(field) = lookup.field(text) else {
            continue;
        };
        let col = usize::from(cell.col);
        if map.by_col.len() <= col {
            map.by_col.resize(col + 1, None);
        }
        if let Some(first) = map.by_field[field.index()] {
            map.header_findings.push(Finding {
                cell: cell_ref(row.index + 1, cell.col),
                column: text.to_string(),
                value: text.to_string(),
                message: format!(
                    "dubbele kolom voor veld {}; kolom {} wordt gebruikt, deze niet",
                    field.key(),
                    cell_ref(row.index + 1, first)
                ),
            });
            continue;
        }
        map.by_field[field.index()] = Some(cell.col);
        map.by_col[col] = Some(field);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Cell;
    use calamine::Data;

    fn row(index: u32, texts: &[&str]) -> RawRow {
        RawRow {
            index,
            cells: texts
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(i, t)| Cell {
                    col: i as u16,
                    value: Data::String(t.to_string()),
                    formula: None,
                })
                .collect(),
        }
    }

    #[test]
    fn headers_map_after_normalising() {
        let rubric = Rubric::default_rubric().unwrap();
        let lookup = HeaderLookup::new(&rubric, &[("Hoeveel mensen".into(), Field::DataSubjects)]);
        // (header text, expected field)
        let cases = [
            ("Aantal betrokkenen", Some(Field::DataSubjects)),
            (
                "  AANTAL BETROKKENEN (schatting) ",
                Some(Field::DataSubjects),
            ),
            ("Categorieen persoonsgegevens", Some(Field::DataCategories)),
            ("Categorieën persoonsgegevens", Some(Field::DataCategories)),
            ("AP-lijst", Some(Field::ApList)),
            ("ap lijst", Some(Field::ApList)),
            ("Gebruik AI / algoritmes", Some(Field::AiUse)),
            ("Number of sub-processors", Some(Field::Subprocessors)),
            ("Number of sub processors", Some(Field::Subprocessors)),
            ("Hoeveel mensen", Some(Field::DataSubjects)),
            ("Eigenaar", None),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(lookup.field(header), expected, "{header}");
        }
    }

    #[test]
    fn header_row_needs_two_fields_and_duplicates_are_findings() {
        let rubric = Rubric::default_rubric().unwrap();
        let lookup = HeaderLookup::new(&rubric, &[]);
        assert!(!is_header_row(
            &row(0, &["Verwerkingsregister", "Aantal betrokkenen"]),
            &lookup
        ));
        let header = row(
            3,
            &[
                "ID",
                "Verwerking",
                "Eigenaar",
                "Aantal betrokkenen",
                "Number of data subjects",
            ],
        );
        assert!(is_header_row(&header, &lookup));
        let map = map_columns(&header, &lookup);
        assert_eq!(map.header_row, 3);
        assert_eq!(map.column_of(Field::DataSubjects), Some(3));
        assert_eq!(map.field_of(2), None);
        assert_eq!(map.field_of(4), None);
        assert_eq!(map.header_findings.len(), 1);
        assert_eq!(map.header_findings[0].cell, "E4");
        assert!(map.header_findings[0].message.contains("D4"));
        assert!(!is_header_row(&row(30, &["ID", "Verwerking"]), &lookup));
    }
}
