//! The marker of an annotated workbook (docs/output.md#workbook, scoring again): the tool names what it added
//! with workbook-level defined names, one over its header cells on the scored sheet and one on
//! cell A1 of each of its sheets. Excel and LibreOffice keep defined names when they save, and
//! move their references when the user inserts or deletes columns or renames a sheet, so a later
//! run finds the tool's columns and sheets by these names, never by header text or a sheet name a
//! user might have typed. Read here, on the input side, because both the scored register and an
//! earlier assessment (`--previous`, or the workbook itself) are read through it.

use crate::lang::Lang;
use crate::messages as M;
use std::path::Path;

use crate::ooxml::cellref::{parse_cell, parse_range, split_ref, split_union};
use crate::ooxml::package::{self, Package, WorkbookInfo};
use crate::ooxml::tree::{Document, NS_MAIN};

/// The author of the notes the tool puts on its header cells.
pub const NOTE_AUTHOR: &str = "dpia-triage";

/// The sentence that closes each note on the tool's own header cells (the catalogue's
/// `NOTE_TAIL`), Dutch and English: how its notes are known where a program dropped their
/// author (LibreOffice does).
pub const NOTE_TAILS: [&str; 2] = [M::NOTE_TAIL.nl, M::NOTE_TAIL.en];

/// The start of the text the tool joins to a user's note on one of its header cells.
pub const JOINED: &str = "\n\ndpia-triage: ";

/// Whether a note's text is one of the tool's (its closing sentence).
pub fn is_tool_note(text: &str) -> bool {
    let t = text.trim_end();
    NOTE_TAILS.iter().any(|tail| t.ends_with(tail))
}

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
    /// Per scored sheet: the sheet, its 0-based header row and the columns the name covers
    /// (0-based, in the name's order). A user's column inserted inside the tool's block widens
    /// the name over it: which of these are the tool's is told by their headers (`app`).
    pub columns: Vec<(String, u32, Vec<u16>)>,
    /// The input columns it added, as `columns`.
    pub inputs: Vec<(String, u32, Vec<u16>)>,
    /// The tool's sheets by role (Samenvatting, Maatregelen, Meldingen, Verantwoording).
    pub sheets: [Option<String>; 4],
}

impl Marker {
    /// Whether the workbook was annotated by this tool before.
    pub fn is_annotated(&self) -> bool {
        !self.columns.is_empty() || self.sheets.iter().any(Option::is_some)
    }

    /// The columns of the tool's marker on `sheet`, when it is there.
    pub fn columns_on(&self, sheet: &str) -> Option<(u32, &[u16])> {
        self.columns
            .iter()
            .find(|(s, ..)| s == sheet)
            .map(|(_, r, c)| (*r, c.as_slice()))
    }

    /// The input columns it added on `sheet`, when they are there.
    pub fn inputs_on(&self, sheet: &str) -> Option<(u32, &[u16])> {
        self.inputs
            .iter()
            .find(|(s, ..)| s == sheet)
            .map(|(_, r, c)| (*r, c.as_slice()))
    }
}

/// The marker in a workbook's defined names.
pub fn marker_of(info: &WorkbookInfo) -> Marker {
    let mut m = Marker::default();
    let sheet_exists = |name: &str| info.sheets.iter().any(|s| s.name == name);
    // The column markers are local to their sheet (one per scored sheet); earlier versions wrote
    // one workbook-level marker. The sheet markers are workbook-level.
    for n in &info.names {
        // One range, or a union of ranges on one sheet (the tool's columns when a user's column
        // stands among them): `'Blad'!$M$5:$Q$5,'Blad'!$S$5:$Z$5`.
        let parts: Vec<(String, String)> = split_union(&n.value)
            .iter()
            .filter_map(|p| split_ref(p))
            .collect();
        let Some(sheet) = parts.first().map(|(s, _)| s.clone()) else {
            continue;
        };
        if !sheet_exists(&sheet) || parts.iter().any(|(s, _)| *s != sheet) {
            continue;
        }
        let columns = || -> Option<(u32, Vec<u16>)> {
            let mut row = None;
            let mut cols = Vec::new();
            for (_, range) in &parts {
                let (r0, c0, _, c1) = parse_range(range)?;
                if row.is_some_and(|r| r != r0) {
                    return None;
                }
                row = Some(r0);
                for c in c0..=c1 {
                    if !cols.contains(&c) {
                        cols.push(c);
                    }
                }
            }
            Some((row?, cols))
        };
        if n.name.eq_ignore_ascii_case(MARK_COLUMNS) {
            if let Some((r0, cols)) = columns() {
                m.columns.retain(|(s, ..)| *s != sheet);
                m.columns.push((sheet, r0, cols));
            }
        } else if n.name.eq_ignore_ascii_case(MARK_INPUTS) {
            if let Some((r0, cols)) = columns() {
                m.inputs.retain(|(s, ..)| *s != sheet);
                m.inputs.push((sheet, r0, cols));
            }
        } else if let Some(i) = MARK_SHEETS
            .iter()
            .position(|k| n.name.eq_ignore_ascii_case(k))
            .filter(|_| n.local_sheet.is_none() && parts.len() == 1)
        {
            m.sheets[i] = Some(sheet);
        }
    }
    m
}

/// The marker of an xlsx/xlsm workbook (empty for a workbook the tool never annotated, or one
/// whose package cannot be read this way).
pub fn read_marker(path: &Path) -> Marker {
    // An unreadable package has no marker; its error is not shown.
    Package::open(path, Lang::default())
        .and_then(|mut p| package::workbook_info(&mut p))
        .map(|info| marker_of(&info))
        .unwrap_or_default()
}

/// The cells of `sheet` that carry a note of the tool's (by its author), as 0-based (row, col).
/// Office programs move a note with its cell, also where they leave defined names behind
/// (openpyxl's column inserts): a second sign of the tool's header cells. Empty when the
/// package or its notes cannot be read this way.
pub fn tool_notes(path: &Path, sheet: &str) -> Vec<(u32, u16)> {
    // An unreadable package has no notes; its errors are not shown.
    let lang = Lang::default();
    let read = || -> anyhow::Result<Vec<(u32, u16)>> {
        let mut pkg = Package::open(path, lang)?;
        let info = package::workbook_info(&mut pkg)?;
        let Some(entry) = info.sheets.iter().find(|s| s.name == sheet) else {
            return Ok(Vec::new());
        };
        let rels = pkg.rels(&entry.part)?;
        let Some(rel) = rels.iter().find(|r| r.typ == package::REL_COMMENTS) else {
            return Ok(Vec::new());
        };
        let Some(xml) = pkg.read_text(&rel.target)? else {
            return Ok(Vec::new());
        };
        let doc = Document::parse(&xml, lang)?;
        let author = doc
            .root
            .child(NS_MAIN, "authors")
            .and_then(|a| {
                a.elements()
                    .filter(|e| e.is(NS_MAIN, "author"))
                    .position(|e| e.text() == NOTE_AUTHOR)
            })
            .map(|i| i.to_string());
        Ok(doc
            .root
            .child(NS_MAIN, "commentList")
            .map(|list| {
                list.elements()
                    .filter(|e| e.is(NS_MAIN, "comment"))
                    .filter(|e| {
                        author
                            .as_deref()
                            .is_some_and(|a| e.attr("authorId").as_deref() == Some(a))
                            || e.child(NS_MAIN, "text")
                                .is_some_and(|t| is_tool_note(&t.text()))
                    })
                    .filter_map(|e| e.attr("ref").and_then(|r| parse_cell(&r)))
                    .collect()
            })
            .unwrap_or_default())
    };
    read().unwrap_or_default()
}
