//! The marker of an annotated workbook (docs/output.md#workbook, scoring again): the tool names what it added
//! with workbook-level defined names, one over its header cells on the scored sheet and one on
//! cell A1 of each of its sheets. Excel and LibreOffice keep defined names when they save, and
//! move their references when the user inserts or deletes columns or renames a sheet, so a later
//! run finds the tool's columns and sheets by these names, never by header text or a sheet name a
//! user might have typed. Read here, on the input side, because both the scored register and an
//! earlier assessment (`--previous`, or the workbook itself) are read through it.

use std::path::Path;

use crate::ooxml::cellref::{parse_range, split_ref};
use crate::ooxml::package::{self, Package, WorkbookInfo};

/// The defined name over the tool's header cells on the scored sheet.
pub const MARK_COLUMNS: &str = "dpia_triage_columns";
/// The defined name over the header cells of the input columns the tool added for fields the
/// register lacks (docs/output.md#workbook). They are the user's to fill in; an empty cell there has not been
/// answered yet, so an empty AP-list or EDPB cell in them does not say "none apply" (docs/output.md#score-class-and-advice).
pub const MARK_INPUTS: &str = "dpia_triage_inputs";
/// The defined names on the tool's sheets, in the order Samenvatting, Maatregelen, Meldingen,
/// Verantwoording.
pub const MARK_SHEETS: [&str; 4] = [
    "dpia_triage_summary",
    "dpia_triage_measures",
    "dpia_triage_findings",
    "dpia_triage_audit",
];

/// What an earlier run of the tool left in a workbook, found through the marker names.
#[derive(Debug, Clone, Default)]
pub struct Marker {
    /// Per scored sheet: the sheet, its 0-based header row and the tool's columns (0-based,
    /// inclusive).
    pub columns: Vec<(String, u32, u16, u16)>,
    /// The input columns it added, as `columns`.
    pub inputs: Vec<(String, u32, u16, u16)>,
    /// The tool's sheets by role (Samenvatting, Maatregelen, Meldingen, Verantwoording).
    pub sheets: [Option<String>; 4],
}

impl Marker {
    /// Whether the workbook was annotated by this tool before.
    pub fn is_annotated(&self) -> bool {
        !self.columns.is_empty() || self.sheets.iter().any(Option::is_some)
    }

    /// The tool's columns on `sheet`, when they are there.
    pub fn columns_on(&self, sheet: &str) -> Option<(u32, u16, u16)> {
        self.columns
            .iter()
            .find(|(s, ..)| s == sheet)
            .map(|(_, r, a, b)| (*r, *a, *b))
    }

    /// The input columns it added on `sheet`, when they are there.
    pub fn inputs_on(&self, sheet: &str) -> Option<(u32, u16, u16)> {
        self.inputs
            .iter()
            .find(|(s, ..)| s == sheet)
            .map(|(_, r, a, b)| (*r, *a, *b))
    }
}

/// The marker in a workbook's defined names.
pub fn marker_of(info: &WorkbookInfo) -> Marker {
    let mut m = Marker::default();
    let sheet_exists = |name: &str| info.sheets.iter().any(|s| s.name == name);
    // The column markers are local to their sheet (one per scored sheet); earlier versions wrote
    // one workbook-level marker. The sheet markers are workbook-level.
    for n in &info.names {
        let Some((sheet, range)) = split_ref(&n.value) else {
            continue;
        };
        if !sheet_exists(&sheet) {
            continue;
        }
        if n.name.eq_ignore_ascii_case(MARK_COLUMNS) {
            if let Some((r0, c0, _, c1)) = parse_range(&range) {
                m.columns.retain(|(s, ..)| *s != sheet);
                m.columns.push((sheet, r0, c0, c1));
            }
        } else if n.name.eq_ignore_ascii_case(MARK_INPUTS) {
            if let Some((r0, c0, _, c1)) = parse_range(&range) {
                m.inputs.retain(|(s, ..)| *s != sheet);
                m.inputs.push((sheet, r0, c0, c1));
            }
        } else if let Some(i) = MARK_SHEETS
            .iter()
            .position(|k| n.name.eq_ignore_ascii_case(k))
            .filter(|_| n.local_sheet.is_none())
        {
            m.sheets[i] = Some(sheet);
        }
    }
    m
}

/// The marker of an xlsx/xlsm workbook (empty for a workbook the tool never annotated, or one
/// whose package cannot be read this way).
pub fn read_marker(path: &Path) -> Marker {
    Package::open(path)
        .and_then(|mut p| package::workbook_info(&mut p))
        .map(|info| marker_of(&info))
        .unwrap_or_default()
}
