//! Notes (comments) on the added header cells, in place: a comments part and the legacy VML
//! drawing Excel still needs to show them. A sheet that has notes already gets ours added to its
//! own comments part and drawing (a second set would not show); a sheet without gets both parts
//! new. On a workbook annotated before, the notes on the earlier run's header cells are taken out
//! first, so scoring again never doubles them.

use std::fmt::Write as _;

use crate::fields::Criterion;
use crate::lang::Lang;
use crate::ooxml::cellref::cell_ref;
use crate::ooxml::package::{escape_text, tags};
use crate::ooxml::scan::Kind;
use crate::rubric::Rubric;

/// The author written on the tool's notes.
pub const AUTHOR: &str = "dpia-triage";

/// What each added column means, in the output language: one note per added header cell.
pub fn texts(lang: Lang, rubric: &Rubric) -> Vec<String> {
    let tail = lang.word(
        "Kolom van dpia-triage: wordt bij een nieuwe beoordeling opnieuw berekend.",
        "Column of dpia-triage: recalculated when the register is scored again.",
    );
    let mut out: Vec<String> = Criterion::ALL
        .iter()
        .map(|c| {
            let name = lang.criterion(*c, rubric);
            match lang {
                Lang::Nl => format!("Niveau van het criterium '{name}' (Hoog, Midden, Laag, Geen of Onbekend), bepaald uit de invoer van deze rij. De reden staat in Onderbouwing.\n{tail}"),
                Lang::En => format!("Level of the criterion '{name}' (High, Medium, Low, None or Unknown), determined from this row's input. The reason is in Rationale.\n{tail}"),
            }
        })
        .collect();
    let results: [(&str, &str); 7] = [
        ("Som van gewicht × punten over de tien criteria (Geen 0, Laag 1, Midden 2, Hoog 3); een onbekend criterium telt als 0.",
         "Sum of weight × points over the ten criteria (None 0, Low 1, Medium 2, High 3); an unknown criterion counts as 0."),
        ("Risicoklasse uit het aantal criteria op Hoog en de score (drempels op het blad Verantwoording). Onvolledig wanneer onbekende criteria de klasse kunnen veranderen.",
         "Risk class from the number of criteria at High and the score (thresholds on the Audit trail sheet). Incomplete when unknown criteria could change the class."),
        ("Aantal criteria op Hoog.", "Number of criteria at High."),
        ("DPIA verplicht (een categorie van de AP-lijst of twee of meer EDPB-criteria), aanbevolen (klasse Hoog of één EDPB-criterium), geen DPIA nodig, of onvolledig (ontbrekende invoer kan het advies veranderen).",
         "DPIA required (an AP-list category or two or more EDPB criteria), recommended (class High or one EDPB criterion), not required, or incomplete (missing input could change the advice)."),
        ("Signalen: DPIA ontbreekt, herbeoordeling nodig, en bij een nieuwe beoordeling gewijzigd en risico gestegen, met wat er veranderde.",
         "Signals: DPIA missing, review due, and on a new assessment changed and escalated, with what changed."),
        ("Per criterium de invoer en de regel die het niveau gaf, en de reden van het DPIA-advies.",
         "Per criterion the input and the rule that gave its level, and the reason for the DPIA advice."),
        ("Cellen van deze rij die niet gelezen konden worden, met celverwijzing en wat werd verwacht; ook op het blad Meldingen.",
         "Cells of this row that could not be read, with their reference and what was expected; also on the Findings sheet."),
    ];
    out.extend(
        results
            .iter()
            .map(|(nl, en)| format!("{}\n{tail}", lang.word(nl, en))),
    );
    out
}

/// The `<comment>` elements for the header cells at `row`, from column `first`.
fn comment_elements(row: u32, first: u16, texts: &[String], author: usize, p: &str) -> String {
    let mut xml = String::new();
    for (i, text) in texts.iter().enumerate() {
        let cell = cell_ref(row + 1, first + i as u16);
        let _ = write!(
            xml,
            "<{p}comment ref=\"{cell}\" authorId=\"{author}\"><{p}text><{p}t xml:space=\"preserve\">"
        );
        escape_text(text, &mut xml);
        let _ = write!(xml, "</{p}t></{p}text></{p}comment>");
    }
    xml
}

/// A new comments part.
pub fn new_comments(row: u32, first: u16, texts: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors><author>{AUTHOR}</author></authors><commentList>{}</commentList></comments>",
        comment_elements(row, first, texts, 0, "")
    )
}

/// A cell reference's (row, col), 0-based.
fn ref_of(tag: &str) -> Option<(u32, u16)> {
    let r = crate::ooxml::package::attr(tag.as_bytes(), "ref")?;
    crate::ooxml::cellref::parse_cell(&r)
}

/// The user's comments part with the earlier run's notes (on `old` columns of the header row)
/// taken out and ours added.
pub fn merge_comments(
    xml: &str,
    row: u32,
    first: u16,
    old: Option<(u16, u16)>,
    texts: &[String],
) -> String {
    let all = tags(xml);
    let mut authors = 0usize;
    let mut our_author: Option<usize> = None;
    let mut authors_end: Option<usize> = None;
    let mut list_end: Option<usize> = None;
    let mut drop: Vec<std::ops::Range<usize>> = Vec::new();
    let mut prefix = String::new();
    let mut open_comment: Option<(usize, bool)> = None;
    let mut author_start = 0usize;
    for (kind, local, range) in &all {
        match (kind, local.as_str()) {
            (Kind::Start, "comments") => {
                prefix = crate::ooxml::package::prefix_of(&xml[range.clone()])
            }
            (Kind::Start, "author") => author_start = range.end,
            (Kind::End, "author") => {
                if &xml[author_start..range.start] == AUTHOR {
                    our_author = Some(authors);
                }
                authors += 1;
            }
            (Kind::Empty, "author") => authors += 1,
            (Kind::End, "authors") => authors_end = Some(range.start),
            (Kind::End, "commentList") => list_end = Some(range.start),
            (Kind::Start, "comment") => {
                let ours = ref_of(&xml[range.clone()])
                    .is_some_and(|(r, c)| r == row && old.is_some_and(|(a, b)| c >= a && c <= b));
                open_comment = Some((range.start, ours));
            }
            (Kind::End, "comment") => {
                if let Some((start, true)) = open_comment.take() {
                    drop.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    let author = our_author.unwrap_or(authors);
    let mut edits: Vec<(std::ops::Range<usize>, String)> =
        drop.into_iter().map(|r| (r, String::new())).collect();
    if our_author.is_none() {
        if let Some(at) = authors_end {
            edits.push((at..at, format!("<{prefix}author>{AUTHOR}</{prefix}author>")));
        }
    }
    if let Some(at) = list_end {
        edits.push((at..at, comment_elements(row, first, texts, author, &prefix)));
    }
    splice(xml, edits)
}

fn splice(xml: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(xml.len() + 8192);
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&xml[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&xml[at..]);
    out
}

const SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";

fn shapes(row: u32, first: u16, count: usize, first_id: u64) -> String {
    let mut xml = String::new();
    for i in 0..count {
        let col = u32::from(first) + i as u32;
        let _ = write!(
            xml,
            "<v:shape id=\"_x0000_s{}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:240pt;height:96pt;z-index:{};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>",
            first_id + i as u64,
            i + 1,
            col + 1,
            row,
            col + 4,
            row + 6
        );
    }
    xml
}

/// A new VML drawing for the notes; `block` is its shape-id block (`o:idmap`), distinct from
/// the workbook's other drawings.
pub fn new_vml(row: u32, first: u16, count: usize, block: u64) -> String {
    format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{block}\"/></o:shapelayout>{SHAPETYPE}{}</xml>",
        shapes(row, first, count, block * 1024 + 1)
    )
}

/// The user's VML drawing with the earlier run's note shapes taken out and ours added, with
/// shape ids after the highest it uses.
pub fn merge_vml(xml: &str, row: u32, first: u16, old: Option<(u16, u16)>, count: usize) -> String {
    let all = tags(xml);
    let mut drop = Vec::new();
    let mut shape: Option<usize> = None;
    let (mut in_row, mut in_col) = (None::<usize>, None::<usize>);
    let (mut srow, mut scol) = (None::<u32>, None::<u16>);
    let mut root_end = xml.len();
    for (kind, local, range) in &all {
        match (kind, local.as_str()) {
            (Kind::Start, "shape") => {
                shape = Some(range.start);
                srow = None;
                scol = None;
            }
            (Kind::Start, "Row") => in_row = Some(range.end),
            (Kind::End, "Row") => {
                srow = in_row.and_then(|s| xml[s..range.start].trim().parse().ok())
            }
            (Kind::Start, "Column") => in_col = Some(range.end),
            (Kind::End, "Column") => {
                scol = in_col.and_then(|s| xml[s..range.start].trim().parse().ok())
            }
            (Kind::End, "shape") => {
                let ours = srow == Some(row)
                    && scol.is_some_and(|c| old.is_some_and(|(a, b)| c >= a && c <= b));
                if let (Some(start), true) = (shape.take(), ours) {
                    drop.push(start..range.end);
                }
            }
            (Kind::End, "xml") => root_end = range.start,
            _ => {}
        }
    }
    let max_id = xml
        .match_indices("_x0000_s")
        .filter_map(|(i, m)| {
            let digits: String = xml[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(1024);
    let mut add = String::new();
    if !xml.contains("_x0000_t202") {
        add.push_str(SHAPETYPE);
    }
    add.push_str(&shapes(row, first, count, max_id + 1));
    let mut edits: Vec<(std::ops::Range<usize>, String)> =
        drop.into_iter().map(|r| (r, String::new())).collect();
    edits.push((root_end..root_end, add));
    splice(xml, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scoring again replaces the tool's notes and keeps the user's.
    #[test]
    fn notes_are_replaced_not_doubled() {
        let texts = vec!["a".to_string(), "b & c".to_string()];
        let first = new_comments(4, 10, &texts);
        assert!(
            first.contains("ref=\"K5\"")
                && first.contains("ref=\"L5\"")
                && first.contains("b &amp; c")
        );
        // A user's note is added by hand beside ours, then the sheet is scored again with the
        // columns one further right.
        let with_user = first.replace(
            "<commentList>",
            "<commentList><comment ref=\"A1\" authorId=\"1\"><text><t>mijn notitie</t></text></comment>",
        ).replace("</authors>", "<author>Jan</author></authors>");
        let again = merge_comments(&with_user, 4, 11, Some((10, 11)), &texts);
        assert_eq!(again.matches("<comment ").count(), 3, "{again}");
        assert!(again.contains("mijn notitie"));
        assert!(again.contains("ref=\"L5\" authorId=\"0\"") && again.contains("ref=\"M5\""));
        assert!(!again.contains("ref=\"K5\""));
        assert_eq!(again.matches("<author>").count(), 2);

        let vml = new_vml(4, 10, 2, 500);
        assert_eq!(vml.matches("<v:shape ").count(), 2);
        let vml2 = merge_vml(&vml, 4, 11, Some((10, 11)), 2);
        assert_eq!(vml2.matches("<v:shape ").count(), 2, "{vml2}");
        assert!(
            vml2.contains("<x:Column>12</x:Column>") && !vml2.contains("<x:Column>10</x:Column>")
        );
        assert!(vml2.contains("_x0000_s512003"));
    }
}
