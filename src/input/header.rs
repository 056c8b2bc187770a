//! Header detection and column mapping (docs/register.md#files): find the header row among the first rows,
//! map each header to a field through the rubric's header table, `[columns]` and `--map`, and note
//! duplicates. Columns that map to nothing are passed through untouched by the output stage.

use super::RawRow;
use crate::fields::Field;
use crate::finding::Finding;
use crate::lang::Lang;
use crate::messages as M;
use crate::ooxml::cellref::cell_ref;
use crate::rubric::Rubric;
use crate::value;

/// How many rows from the top the header row may be found in.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// The mapping of a sheet's columns to fields.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    /// 0-based index of the header row.
    pub header_row: u32,
    /// Header text per column (as found), for every non-empty header cell.
    pub headers: Vec<(u16, String)>,
    /// Field of each column, indexed by column; `None` for passed-through columns.
    by_col: Vec<Option<Field>>,
    /// Column of each field (index `Field::index`).
    by_field: [Option<u16>; Field::COUNT],
    /// Findings about the header (duplicates), repeated on no row: reported once.
    pub header_findings: Vec<Finding>,
    /// Input columns the tool added for the user to fill in: an empty cell there is not
    /// answered yet rather than "none apply".
    unanswered: Vec<u16>,
}

impl Default for ColumnMap {
    fn default() -> Self {
        ColumnMap {
            header_row: 0,
            headers: Vec::new(),
            by_col: Vec::new(),
            by_field: [None; Field::COUNT],
            header_findings: Vec::new(),
            unanswered: Vec::new(),
        }
    }
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

    /// The columns `first..=last` were added by the tool for the user to fill in (its
    /// `dpia_triage_inputs` marker): an empty cell in them has not been answered yet.
    pub fn mark_unanswered(&mut self, first: u16, last: u16) {
        self.unanswered.extend(first..=last);
    }

    /// Whether an empty cell of `field` means "not answered yet" rather than "none apply": the
    /// field's column is one the tool added and the user has not filled in.
    pub fn blank_is_unanswered(&self, field: Field) -> bool {
        self.column_of(field)
            .is_some_and(|c| self.unanswered.contains(&c))
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
    /// The rubric's headers folded (`value::fold_header`): the second chance of a header that
    /// names no field as written.
    folded: Vec<(String, Field)>,
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
            folded: rubric
                .headers
                .iter()
                .map(|(h, f)| (value::fold_header(h), *f))
                .collect(),
        }
    }

    /// Whether the user mapped this header with `--map` (or `[columns]`' first entries).
    pub fn is_users(&self, header: &str) -> bool {
        let norm = value::normalize_header(header);
        !norm.is_empty() && self.user.iter().any(|(h, _)| *h == norm)
    }

    /// The field a header text names, if any: the whole text, else (`Verwerkers / doorgeven`,
    /// `Grondslag / rechtmatigheid`, `Zweck & Beschreibung`, `Purpose and legal basis`) the first
    /// of its sides (`header_sides`) that names one.
    pub fn field(&self, header: &str) -> Option<Field> {
        let known = |text: &str| {
            let norm = value::normalize_header(text);
            if norm.is_empty() {
                return None;
            }
            self.user
                .iter()
                .chain(self.rubric.headers.iter())
                .find(|(h, _)| *h == norm)
                .map(|(_, f)| *f)
        };
        // The second chance: the header's words in their base forms (`Empfaenger`, `Data
        // Category`), against the rubric's headers folded the same way.
        let folded = |text: &str| {
            let norm = value::normalize_header(text);
            if norm.is_empty() {
                return None;
            }
            let norm = value::fold_header(&norm);
            self.folded
                .iter()
                .find(|(h, _)| *h == norm)
                .map(|(_, f)| *f)
        };
        // A side after `+` or a joining word never names the activity or its id: `Naam en
        // contactgegevens verwerkingsverantwoordelijke` is the controller, not the activity.
        let sides = |known: &dyn Fn(&str) -> Option<Field>| {
            known(header)
                .or_else(|| header_sides(header, false).into_iter().find_map(known))
                .or_else(|| {
                    header_sides(header, true)
                        .into_iter()
                        .find_map(known)
                        .filter(|f| !matches!(f, Field::Name | Field::Id))
                })
        };
        sides(&known).or_else(|| sides(&folded))
    }
}

/// The sides of a header that joins two: around `/` and `&` (`Verwerkers / doorgeven`, `Zweck &
/// Beschreibung`), and (`joined`) around `+` and the joining words `and`, `und`, `en`
/// (`Drittland + Grundlage`, `Purpose and legal basis`, `Kategorien betroffener Personen und
/// Daten`); in their order, none for a header that joins nothing.
fn header_sides(header: &str, joined: bool) -> Vec<&str> {
    const WORDS: [&str; 3] = [" and ", " und ", " en "];
    let mut sides = Vec::new();
    if !joined {
        if header.contains(['/', '&']) {
            sides.extend(header.split(['/', '&']));
        }
        return sides;
    }
    for part in header.split('+') {
        // The joining words are ASCII: lowercased as ASCII, the part keeps every byte offset.
        let lower = part.to_ascii_lowercase();
        let mut cuts: Vec<(usize, usize)> = WORDS
            .iter()
            .flat_map(|w| lower.match_indices(w).map(|(i, _)| (i, w.len())))
            .collect();
        cuts.sort_unstable();
        let mut start = 0;
        for (at, len) in cuts {
            if at >= start {
                sides.push(&part[start..at]);
                start = at + len;
            }
        }
        sides.push(&part[start..]);
    }
    if sides.len() < 2 {
        sides.clear();
    }
    sides
}

/// The field a header not recognised most likely means, for `check` to propose (docs/register.md#art-30-registers): the
/// known header closest to it, when close enough — most of its words shared, or the whole text
/// within a few typing errors (`Doelbinding` → `purpose` does not qualify; `Catgorieen
/// betrokkenen` → `subject_categories` does).
pub fn propose(header: &str, rubric: &Rubric) -> Option<(Field, String)> {
    let norm = value::normalize_header(header);
    if norm.is_empty() {
        return None;
    }
    let words: Vec<&str> = norm.split(' ').collect();
    let mut best: Option<(f64, Field, &str)> = None;
    for (known, field) in &rubric.headers {
        let theirs: Vec<&str> = known.split(' ').collect();
        // A word counts as shared when equal, or when one starts with the other and the shorter
        // has five letters or more (`betrokken`, `betrokkenen`).
        let same = |a: &str, b: &str| {
            a == b || (a.len().min(b.len()) >= 5 && (a.starts_with(b) || b.starts_with(a)))
        };
        let shared = words
            .iter()
            .filter(|w| theirs.iter().any(|t| same(w, t)))
            .count();
        let overlap = shared as f64 / words.len().max(theirs.len()) as f64;
        let distance = edit_distance(&norm, known);
        let typo = 1.0 - distance as f64 / norm.chars().count().max(known.chars().count()) as f64;
        // Most words shared (0.6), or the whole text within a few typing errors (0.8).
        let score = overlap.max(if typo >= 0.8 { typo } else { 0.0 });
        if best.is_none_or(|(b, ..)| score > b) {
            best = Some((score, *field, known));
        }
    }
    let (score, field, known) = best?;
    let written = rubric
        .header_names
        .iter()
        .find(|(f, _)| *f == field)
        .map_or_else(|| known.to_string(), |(_, h)| h.clone());
    (score >= 0.6).then_some((field, written))
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Count the recognised field headers of a row (distinct fields).
fn recognised(row: &RawRow, lookup: &HeaderLookup<'_>) -> usize {
    let mut seen = [false; Field::COUNT];
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
pub fn map_columns(row: &RawRow, lookup: &HeaderLookup<'_>, lang: Lang) -> ColumnMap {
    let mut map = ColumnMap {
        header_row: row.index,
        ..ColumnMap::default()
    };
    for cell in &row.cells {
        let text = super::cell::display(&cell.value);
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
            // A column the user mapped with --map wins over one recognised on its own.
            if lookup.is_users(text) && !lookup.is_users(map.header_text(first)) {
                let first_text = map.header_text(first).to_string();
                map.header_findings.push(Finding {
                    cell: cell_ref(row.index + 1, first),
                    column: first_text.clone(),
                    value: first_text,
                    message: M::DUPLICATE_COLUMN_MAPPED
                        .with(lang, &[&field.key(), &cell_ref(row.index + 1, cell.col)]),
                });
                if let Some(slot) = map.by_col.get_mut(usize::from(first)) {
                    *slot = None;
                }
                map.by_field[field.index()] = Some(cell.col);
                map.by_col[col] = Some(field);
                continue;
            }
            // Two columns of a list or a text (Ontvangers and Verwerkers, Omschrijving and
            // Toelichting) are read together.
            if field.reads_several_columns() {
                map.by_col[col] = Some(field);
                continue;
            }
            map.header_findings.push(Finding {
                cell: cell_ref(row.index + 1, cell.col),
                column: text.to_string(),
                value: text.to_string(),
                message: M::DUPLICATE_COLUMN
                    .with(lang, &[&field.key(), &cell_ref(row.index + 1, first)]),
            });
            continue;
        }
        map.by_field[field.index()] = Some(cell.col);
        map.by_col[col] = Some(field);
    }
    name_from_first_column(&mut map, &lookup.rubric.register_titles);
    map
}

/// A register whose activities stand under the register's own title (`Record of Processing
/// Activities`, `Records of Processing — Draft Verzeichnis …`, `Verwerkingsregister`) or under
/// `Vorgang`: when no column is the activity's name, the first column is, provided it names no
/// other field and its header holds a word of such a title (the rubric's `[register_titles]`;
/// one of more than six letters also ends a compound: `verarbeitungsverzeichnis`); a date, a status, an owner or a
/// number heads no names. Its names then show on the
/// Samenvatting, match rows again with `--previous` and are read for derived items, as a named
/// column's are.
fn name_from_first_column(map: &mut ColumnMap, titles: &[String]) {
    if map.column_of(Field::Name).is_some() {
        return;
    }
    let Some((col, header)) = map.headers.iter().min_by_key(|(c, _)| *c) else {
        return;
    };
    let col = *col;
    let norm = value::normalize_header(header);
    let titled = norm.split(' ').any(|w| {
        titles
            .iter()
            .any(|t| w == t || (t.len() > 6 && w.ends_with(t.as_str())))
    });
    if map.field_of(col).is_some() || !titled {
        return;
    }
    let at = usize::from(col);
    if map.by_col.len() <= at {
        map.by_col.resize(at + 1, None);
    }
    map.by_col[at] = Some(Field::Name);
    map.by_field[Field::Name.index()] = Some(col);
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
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
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

    /// The headers of art. 30 registers as organisations publish them (docs/register.md#art-30-registers): (header text,
    /// expected field). Little words, a trailing `?`, `(s)`, line breaks and a word broken by a
    /// hyphen at a line break do not matter.
    #[test]
    fn art30_headers_are_recognised() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let lookup = HeaderLookup::new(&rubric, &[]);
        let cases = [
            ("Proces", Some(Field::Name)),
            ("Gegevensverwerking", Some(Field::Name)),
            ("Naam van de verwerking", Some(Field::Name)),
            ("Processing Reference", Some(Field::Name)),
            ("Omschrijving", Some(Field::Description)),
            ("Omschrijving verwerking", Some(Field::Name)),
            ("Beschrijving", Some(Field::Description)),
            ("Doel", Some(Field::Purpose)),
            ("Doel van de verwerking", Some(Field::Purpose)),
            ("Verwerkingsdoeleinden", Some(Field::Purpose)),
            ("Doel / rechtsgrond", Some(Field::Purpose)),
            ("Purpose of the processing", Some(Field::Purpose)),
            ("Grondslag", Some(Field::LegalBasis)),
            ("Rechtmatige grondslag", Some(Field::LegalBasis)),
            ("Lawful basis", Some(Field::LegalBasis)),
            ("Betrokkenen", Some(Field::SubjectCategories)),
            (
                "Categorieën van betrokkenen",
                Some(Field::SubjectCategories),
            ),
            (
                "Categories of data subjects",
                Some(Field::SubjectCategories),
            ),
            ("Aantal betrokkenen", Some(Field::DataSubjects)),
            ("Persoonsgegevens", Some(Field::DataCategories)),
            (
                "Categorieën van persoonsgegevens",
                Some(Field::DataCategories),
            ),
            ("Personal data", Some(Field::DataCategories)),
            ("Ontvangers", Some(Field::Recipients)),
            ("Categorieën (van) ontvangers", Some(Field::Recipients)),
            ("Verwerker(s)", Some(Field::Recipients)),
            ("Verwerkers / doorgeven", Some(Field::Recipients)),
            // Headers of published registers (issue: triage of real registers).
            ("Verwerker(s) / doorgeven", Some(Field::Recipients)),
            ("Rechtmatigheid", Some(Field::LegalBasis)),
            ("Over wie?", Some(Field::SubjectCategories)),
            ("Personal data used", Some(Field::DataCategories)),
            ("Art. 6 basis", Some(Field::LegalBasis)),
            ("Art. 9 basis", Some(Field::SpecialCategories)),
            ("Proposed lawful basis", Some(Field::LegalBasis)),
            ("Safeguards", Some(Field::Security)),
            ("Cross-border transfer", Some(Field::Transfers)),
            ("Categories of data subject", Some(Field::SubjectCategories)),
            ("People/data", Some(Field::SubjectCategories)),
            ("Welke persoonsgegevens?", Some(Field::DataCategories)),
            (
                "Welke gevoelige persoonsgegevens?",
                Some(Field::SpecialCategories),
            ),
            ("Verwerkende dienst", Some(Field::Department)),
            ("Data categories", Some(Field::DataCategories)),
            ("Transfers to Third Countries", Some(Field::Transfers)),
            ("doelbinding", Some(Field::Purpose)),
            ("categorieenBetrokkenen", Some(Field::SubjectCategories)),
            ("Grondslag / rechtmatigheid", Some(Field::LegalBasis)),
            ("Onbekend / ook onbekend", None),
            // A German register (Verzeichnis von Verarbeitungstätigkeiten).
            ("Zweck der Verarbeitung", Some(Field::Purpose)),
            ("Rechtsgrundlage", Some(Field::LegalBasis)),
            (
                "Kategorien betroffener Personen",
                Some(Field::SubjectCategories),
            ),
            (
                "Kategorien personenbezogener Daten",
                Some(Field::DataCategories),
            ),
            ("Empfänger", Some(Field::Recipients)),
            ("Drittlandübermittlung", Some(Field::Transfers)),
            ("Löschfristen", Some(Field::Retention)),
            ("TOM", Some(Field::Security)),
            ("Processors / Recipients", Some(Field::Recipients)),
            // Sub-processors named are recipients; their number is its own field.
            ("Sub-processors", Some(Field::Recipients)),
            ("Subverwerkers", Some(Field::Recipients)),
            ("Aantal subverwerkers", Some(Field::Subprocessors)),
            ("Unterauftragsverarbeiter", Some(Field::Recipients)),
            ("Doorgifte buiten de EU", Some(Field::Transfers)),
            (
                "Doorgifte aan een derde land of internationale organisatie",
                Some(Field::Transfers),
            ),
            ("Transfers outside EU/EEA", Some(Field::Transfers)),
            // A published English RoPA template's headers.
            (
                "Transfers Outside UK/EU (Safeguards)",
                Some(Field::Transfers),
            ),
            (
                "Special Category Data? (Y/N)",
                Some(Field::SpecialCategories),
            ),
            ("Art. 9?", Some(Field::SpecialCategories)),
            ("Activiteit", Some(Field::Name)),
            ("Art. 9 data", Some(Field::SpecialCategories)),
            ("Business Owner", Some(Field::Department)),
            ("Bewaartermijn", Some(Field::Retention)),
            ("Retention period", Some(Field::Retention)),
            ("Beveiligingsmaatregelen", Some(Field::Security)),
            ("Security measures", Some(Field::Security)),
            ("Applicaties", Some(Field::SystemsList)),
            ("System", Some(Field::SystemsList)),
            ("Aantal systemen", Some(Field::Systems)),
            ("Afdeling", Some(Field::Department)),
            ("Proceseigenaar", Some(Field::Department)),
            ("Business owner", Some(Field::Department)),
            ("DPIA a priori vereist ?", Some(Field::DpiaNeeded)),
            ("DPIA vereist?", Some(Field::DpiaNeeded)),
            ("DPIA required", Some(Field::DpiaNeeded)),
            ("Gevoelig-\nheid", Some(Field::Sensitivity)),
            ("Aantal\nbetrokkenen", Some(Field::DataSubjects)),
            ("Datum laatste\r\nbeoordeling", Some(Field::LastReview)),
            // Headers of published municipal and company registers.
            ("Naam", Some(Field::Name)),
            ("Categorieën gegevens", Some(Field::DataCategories)),
            ("Type Persoonsgegevens", Some(Field::DataCategories)),
            (
                "categorieën bijz. persoonsgeg.",
                Some(Field::SpecialCategories),
            ),
            (
                "Categorieën bijzondere persoonsgegevens",
                Some(Field::SpecialCategories),
            ),
            ("verwerkingsgrondslagen", Some(Field::LegalBasis)),
            ("Verwerkingsgrondslag", Some(Field::LegalBasis)),
            ("Ontvangers / verwerkers (locatie)", Some(Field::Recipients)),
            ("Verwerking in het buitenland?", Some(Field::Transfers)),
            ("Opmerkingen", None),
            // The second chance: an umlaut written out, a singular or plural the rubric does not
            // list (`value::fold_header`).
            ("Empfaenger", Some(Field::Recipients)),
            ("Loeschfristen", Some(Field::Retention)),
            ("Übermittlungen an Drittländer", Some(Field::Transfers)),
            ("Data Category", Some(Field::DataCategories)),
            ("Data Subject Category", Some(Field::SubjectCategories)),
            ("Third-country transfer", Some(Field::Transfers)),
            ("Transfer", Some(Field::Transfers)),
            ("TOMs", Some(Field::Security)),
            ("TOMs (Art. 32)", Some(Field::Security)),
            (
                "Kategorie betroffener Personen",
                Some(Field::SubjectCategories),
            ),
            ("Purpose of the processings", Some(Field::Purpose)),
            // Headers of published registers, as written.
            ("Datenarten", Some(Field::DataCategories)),
            ("Zweckbestimmung", Some(Field::Purpose)),
            ("Speicherfrist", Some(Field::Retention)),
            (
                "Technisch-organisatorische Maßnahmen",
                Some(Field::Security),
            ),
            ("Rechtsgrondslag", Some(Field::LegalBasis)),
            ("Bijzondere categorieën", Some(Field::SpecialCategories)),
            ("Technical measures", Some(Field::Security)),
            ("Activity name", Some(Field::Name)),
            // Either side of `&` as of `/`.
            ("Zweck & Beschreibung", Some(Field::Purpose)),
            ("Speicher- & Löschfristen", Some(Field::Retention)),
            ("Tätigkeit", Some(Field::Name)),
            ("Transfer mechanism", Some(Field::Transfers)),
            // A Dutch compound, one word (the eighteenth round); its singular by the second chance.
            ("Gegevenscategorieën", Some(Field::DataCategories)),
            ("Gegevenscategorie", Some(Field::DataCategories)),
            // The twenty-third round.
            ("Data involved", Some(Field::DataCategories)),
            ("Third parties", Some(Field::Recipients)),
            // After the twenty-fifth round: either side of `+` and of a joining word (`and`,
            // `und`, `en`), the first that names a field; a word inside another word joins
            // nothing.
            ("Purpose and legal basis", Some(Field::Purpose)),
            ("Purpose and lawful basis", Some(Field::Purpose)),
            ("People and data", Some(Field::SubjectCategories)),
            (
                "Kategorien betroffener Personen und Daten",
                Some(Field::SubjectCategories),
            ),
            ("Drittland + Grundlage", Some(Field::Transfers)),
            ("Doel en grondslag", Some(Field::Purpose)),
            ("Standard and quality", None),
            // A joining word never leads to the activity's name or id: the controller's name and
            // contact details are art. 30(1)(a)'s, not the activity's.
            ("Naam en contactgegevens verwerkingsverantwoordelijke", None),
            ("Name and contact details of (joint) controller", None),
            ("Name und Kontaktdaten des Verantwortlichen", None),
            // Letters whose lowercase form is longer or shorter do not move the cut.
            ("GROẞ UND KLEİN", None),
            ("Doel und İl", Some(Field::Purpose)),
            ("Rentention", None),
            // Folded, still nothing: the controller is no activity, a status no field.
            ("Verwerkingsverantwoordelijke", None),
            ("Verantwortlicher", None),
            ("Status", None),
            ("Notes", None),
        ];
        for (header, expected) in cases {
            assert_eq!(lookup.field(header), expected, "{header:?}");
        }
    }

    /// No two headers of different fields fold to the same text: the second chance is never a
    /// choice between two fields.
    #[test]
    fn folded_headers_name_one_field_each() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let mut seen: std::collections::HashMap<String, (Field, &str)> = Default::default();
        for (h, f) in &rubric.headers {
            let folded = value::fold_header(h);
            if let Some((other, first)) = seen.get(&folded) {
                assert_eq!(other, f, "{h:?} and {first:?} fold to {folded:?}");
            } else {
                seen.insert(folded, (*f, h));
            }
        }
    }

    /// Two columns of a list or a text field are read together; two of a count are not (the
    /// second is a finding).
    #[test]
    fn several_columns_of_a_list_are_read_together() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let lookup = HeaderLookup::new(&rubric, &[]);
        let header = |texts: &[&str]| RawRow {
            index: 0,
            cells: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Cell {
                    col: i as u16,
                    value: Data::String(t.to_string()),
                    formula: None,
                })
                .collect(),
        };
        let map = map_columns(
            &header(&[
                "Verwerking",
                "Ontvangers",
                "Verwerker",
                "Aantal betrokkenen",
                "Aantal betrokkenen",
            ]),
            &lookup,
            crate::lang::Lang::Nl,
        );
        assert_eq!(map.field_of(1), Some(Field::Recipients));
        assert_eq!(map.field_of(2), Some(Field::Recipients));
        assert_eq!(map.field_of(3), Some(Field::DataSubjects));
        assert_eq!(map.field_of(4), None);
        assert_eq!(map.header_findings.len(), 1, "{:?}", map.header_findings);
        assert_eq!(map.header_findings[0].cell, "E1");
        let row = RawRow {
            index: 1,
            cells: [
                (0, "Leerlingvolgsysteem"),
                (1, "Iddink; Eljakim"),
                (2, "Eljakim, BKWI"),
            ]
            .iter()
            .map(|(c, t)| Cell {
                col: *c,
                value: Data::String(t.to_string()),
                formula: None,
            })
            .collect(),
        };
        let rec = super::super::record::parse_record(&row, &map, &rubric, crate::lang::Lang::Nl);
        assert_eq!(rec.recipients, ["Iddink", "Eljakim", "BKWI"]);
        assert_eq!(rec.processors, Some(3));
    }

    /// (header not recognised, field proposed)
    #[test]
    fn check_proposes_close_headers() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let cases = [
            ("Catgorieen betrokkenen", Some(Field::SubjectCategories)),
            ("Aantal betrokken personen", Some(Field::DataSubjects)),
            ("Bewaartermijnen persoonsgegevens", Some(Field::Retention)),
            ("Doelmatigheid", None),
            ("Opmerkingen", None),
            ("Eigenaar", None),
        ];
        for (header, expected) in cases {
            assert_eq!(
                propose(header, &rubric).map(|(f, _)| f),
                expected,
                "{header}"
            );
        }
    }

    /// A column mapped with --map wins over a column recognised on its own for the same field.
    #[test]
    fn a_users_mapping_wins_over_recognition() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let lookup = HeaderLookup::new(&rubric, &[("Aantal personen".into(), Field::DataSubjects)]);
        let map = map_columns(
            &row(0, &["ID", "Aantal betrokkenen", "Aantal personen"]),
            &lookup,
            crate::lang::Lang::Nl,
        );
        assert_eq!(map.column_of(Field::DataSubjects), Some(2));
        assert_eq!(map.field_of(1), None);
        assert_eq!(map.header_findings.len(), 1);
        assert!(map.header_findings[0].message.contains("--map"));
    }

    #[test]
    fn header_row_needs_two_fields_and_duplicates_are_findings() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
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
        let map = map_columns(&header, &lookup, crate::lang::Lang::Nl);
        assert_eq!(map.header_row, 3);
        assert_eq!(map.column_of(Field::DataSubjects), Some(3));
        assert_eq!(map.field_of(2), None);
        assert_eq!(map.field_of(4), None);
        assert_eq!(map.header_findings.len(), 1);
        assert_eq!(map.header_findings[0].cell, "E4");
        assert!(map.header_findings[0].message.contains("D4"));
        assert!(!is_header_row(&row(30, &["ID", "Verwerking"]), &lookup));
    }

    /// Without a name column, the first column is the activity's name when it names no other
    /// field (a register's title over its activities, a word no header table holds): (headers,
    /// expected name column).
    #[test]
    fn the_first_column_names_the_activity_when_no_column_does() {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let lookup = HeaderLookup::new(&rubric, &[]);
        let cases: [(&[&str], Option<u16>); 14] = [
            (
                &[
                    "Record of Processing Activities",
                    "Purpose",
                    "Data subjects",
                ],
                Some(0),
            ),
            (&["Verwerkingsregister", "Doel", "Betrokkenen"], Some(0)),
            (
                &["Records of Processing — Draft Verzeichnis", "Purpose"],
                Some(0),
            ),
            (&["Vorgang", "Zweck", "Betroffene"], Some(0)),
            // Not a title: a date, a status, an owner, a number, a domain, a typing error.
            (&["Datum", "Doel", "Grondslag"], None),
            (&["Status", "Doel", "Grondslag"], None),
            (&["Eigenaar", "Doel", "Grondslag"], None),
            (&["No.", "Doel", "Grondslag"], None),
            (&["Domein", "Doel", "Grondslag"], None),
            (&["Catgorieen betrokkenen", "Doel", "Grondslag"], None),
            // A name column wins wherever it stands.
            (
                &["Records of Processing", "Processing Activity", "Purpose"],
                Some(1),
            ),
            // A first column that is another field's is not taken, nor a later one.
            (&["#", "Purpose", "Data subjects"], None),
            (&["Doel", "Categorieën betrokkenen", "Opmerking"], None),
            // An empty first header: the first column with a header.
            (&["", "Verwerkingsregister", "Doel", "Betrokkenen"], Some(1)),
        ];
        for (headers, expected) in cases {
            let map = map_columns(&row(0, headers), &lookup, crate::lang::Lang::Nl);
            assert_eq!(map.column_of(Field::Name), expected, "{headers:?}");
            if let Some(col) = expected {
                assert_eq!(map.field_of(col), Some(Field::Name), "{headers:?}");
            }
        }
        // The words are the rubric's: without `[register_titles]` no first column is taken.
        let mut bare = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        bare.register_titles.clear();
        let lookup = HeaderLookup::new(&bare, &[]);
        let headers = [
            "Record of Processing Activities",
            "Purpose",
            "Data subjects",
        ];
        let map = map_columns(&row(0, &headers), &lookup, crate::lang::Lang::Nl);
        assert_eq!(map.column_of(Field::Name), None);
    }
}
