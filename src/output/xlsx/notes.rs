//! Notes (comments) on the added header cells, in place: a comments part and the legacy VML
//! drawing Excel still needs to show them. A sheet that has notes already gets ours added to its
//! own comments part and drawing (a second set would not show); a sheet without gets both parts
//! new. On a workbook annotated before, the notes on the earlier run's header cells are taken out
//! first, so scoring again never doubles them.

use std::fmt::Write as _;

use crate::fields::Criterion;
use crate::lang::Lang;
use crate::messages as M;
use crate::ooxml::cellref::{cell_ref, parse_cell};
use crate::ooxml::package::tags;
use crate::ooxml::scan::Kind;
use crate::ooxml::tree::{Document, Element, Node, NS_MAIN};
use crate::ooxml::xml_text::escape_text;
use crate::rubric::Rubric;

/// The author written on the tool's notes.
pub const AUTHOR: &str = crate::input::marker::NOTE_AUTHOR;
use crate::input::marker::{is_tool_note, JOINED};

/// What each added column means, in the output language: one note per added header cell.
pub fn texts(lang: Lang, rubric: &Rubric) -> Vec<String> {
    let tail = M::NOTE_TAIL.get(lang);
    let mut out: Vec<String> = Criterion::ALL
        .iter()
        .map(|c| M::NOTE_LEVEL.with(lang, &[&lang.criterion(*c, rubric), &tail]))
        .collect();
    out.extend(
        M::RESULT_NOTES
            .iter()
            .map(|note| format!("{}\n{tail}", note.get(lang))),
    );
    out
}

/// The `<comment>` elements for the header cells at `row`, in columns `cols`.
fn comment_elements(row: u32, cols: &[u16], texts: &[String], author: usize, p: &str) -> String {
    let mut xml = String::new();
    for (&col, text) in cols.iter().zip(texts) {
        let cell = cell_ref(row + 1, col);
        let _ = write!(
            xml,
            "<{p}comment ref=\"{cell}\" authorId=\"{author}\"><{p}text><{p}t xml:space=\"preserve\">"
        );
        escape_text(text, &mut xml);
        let _ = write!(xml, "</{p}t></{p}text></{p}comment>");
    }
    xml
}

/// Take the tool's joined text out of a note's `<text>`: from the run or string where it starts,
/// everything after it.
fn strip_joined(text: &mut Element) {
    let mut cut: Option<usize> = None;
    for (i, n) in text.children.iter_mut().enumerate() {
        let Node::Element(e) = n else { continue };
        let t = if e.is(NS_MAIN, "t") {
            Some(e)
        } else if e.is(NS_MAIN, "r") {
            e.child_mut(NS_MAIN, "t")
        } else {
            None
        };
        let Some(t) = t else { continue };
        let content = t.text();
        if let Some(at) = content.find(JOINED) {
            if at == 0 && !e_is_t(n) {
                cut = Some(i);
            } else {
                let t = match n {
                    Node::Element(e) if e.is(NS_MAIN, "t") => Some(e),
                    Node::Element(e) => e.child_mut(NS_MAIN, "t"),
                    _ => None,
                };
                if let Some(t) = t {
                    t.children.clear();
                    t.push_text(&content[..at]);
                }
                cut = Some(i + 1);
            }
            break;
        }
    }
    if let Some(i) = cut {
        // Phonetic runs and properties after the text stay.
        let mut k = 0;
        text.children.retain(|n| {
            k += 1;
            k <= i || !matches!(n, Node::Element(e) if e.is(NS_MAIN, "r") || e.is(NS_MAIN, "t"))
        });
    }
}

fn e_is_t(n: &Node) -> bool {
    matches!(n, Node::Element(e) if e.is(NS_MAIN, "t"))
}

/// A new comments part.
pub fn new_comments(row: u32, cols: &[u16], texts: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors><author>{AUTHOR}</author></authors><commentList>{}</commentList></comments>",
        comment_elements(row, cols, texts, 0, "")
    )
}

/// What the comments merge did: the header cells whose note the tool now has alone (they need
/// a shape in the drawing), and those where it joined a note of the user's (the user's shape
/// shows it).
#[derive(Debug, Default, PartialEq)]
pub struct Merged {
    /// The comments part.
    pub xml: String,
    /// Columns (0-based, on the header row) whose earlier tool note was taken out.
    pub removed: Vec<u16>,
    /// Columns that got a note of their own (a shape each).
    pub own: Vec<u16>,
}

/// The user's comments part with the earlier run's notes (on `old` columns of the header row)
/// taken out and ours added, on the header cells in `cols` (one per text). Excel shows one note per cell: where the user has a note on a cell
/// the tool's header takes, the tool's text joins it as a run of its own (and is taken out
/// again the next time).
pub fn merge_comments(
    xml: &str,
    row: u32,
    cols: &[u16],
    old: &[u16],
    texts: &[String],
    lang: Lang,
) -> anyhow::Result<Merged> {
    let mut doc = Document::parse(xml, lang)?;
    let root = &mut doc.root;
    if root.child(NS_MAIN, "authors").is_none() {
        let authors = root.make_child(NS_MAIN, "authors");
        root.insert(0, authors);
    }
    if root.child(NS_MAIN, "commentList").is_none() {
        let list = root.make_child(NS_MAIN, "commentList");
        let at = root.position(NS_MAIN, "authors").map_or(0, |i| i + 1);
        root.insert(at, list);
    }
    let authors = root
        .child_mut(NS_MAIN, "authors")
        .ok_or_else(|| anyhow::anyhow!("authors"))?;
    let names: Vec<String> = authors
        .elements()
        .filter(|e| e.is(NS_MAIN, "author"))
        .map(|e| e.text())
        .collect();
    let ours = match names.iter().position(|n| n == AUTHOR) {
        Some(i) => i,
        None => {
            let mut a = authors.make_child(NS_MAIN, "author");
            a.push_text(AUTHOR);
            authors.push(a);
            names.len()
        }
    };
    let list = root
        .child_mut(NS_MAIN, "commentList")
        .ok_or_else(|| anyhow::anyhow!("commentList"))?;
    let mut removed = Vec::new();
    let cell_of = |e: &Element| e.attr("ref").and_then(|r| parse_cell(&r));
    let on_old = |c: u16| old.contains(&c) || cols.contains(&c);
    // The tool's text joined to a user's note last time comes out: its own run, or from where
    // it starts in a text another program flattened into one.
    for e in list.elements_mut() {
        if let Some(text) = e.child_mut(NS_MAIN, "text") {
            strip_joined(text);
        }
    }
    // The tool's notes on the header row come out (by their author, or by their closing
    // sentence where a program dropped the author).
    list.children.retain(|n| {
        let Node::Element(e) = n else { return true };
        let tool = e.attr("authorId").and_then(|a| a.parse::<usize>().ok()) == Some(ours)
            || e.child(NS_MAIN, "text")
                .is_some_and(|t| is_tool_note(&t.text()));
        match cell_of(e) {
            Some((r, c)) if tool && r == row && on_old(c) => {
                removed.push(c);
                false
            }
            _ => true,
        }
    });
    let mut own = Vec::new();
    for (&col, note) in cols.iter().zip(texts) {
        let user = list
            .elements_mut()
            .find(|e| e.is(NS_MAIN, "comment") && cell_of(e) == Some((row, col)));
        match user {
            Some(comment) => {
                let text = match comment.child_mut(NS_MAIN, "text") {
                    Some(t) => t,
                    None => {
                        let t = comment.make_child(NS_MAIN, "text");
                        comment.push(t);
                        comment
                            .child_mut(NS_MAIN, "text")
                            .ok_or_else(|| anyhow::anyhow!("text"))?
                    }
                };
                let mut run = text.make_child(NS_MAIN, "r");
                let mut t = run.make_child(NS_MAIN, "t");
                t.attrs.push(crate::ooxml::tree::Attr {
                    name: "xml:space".into(),
                    raw: "preserve".into(),
                });
                t.push_text(&format!("{JOINED}{note}"));
                run.push(t);
                // After the plain text and runs, before phonetic runs (CT_Rst's order).
                let at = text
                    .children
                    .iter()
                    .position(|n| {
                        matches!(n, Node::Element(e) if e.is(NS_MAIN, "rPh") || e.is(NS_MAIN, "phoneticPr"))
                    })
                    .unwrap_or(text.children.len());
                text.insert(at, run);
            }
            None => {
                let mut comment = list.make_child(NS_MAIN, "comment");
                comment.set_attr("ref", &cell_ref(row + 1, col));
                comment.set_attr("authorId", &ours.to_string());
                let mut text = comment.make_child(NS_MAIN, "text");
                let mut t = text.make_child(NS_MAIN, "t");
                t.attrs.push(crate::ooxml::tree::Attr {
                    name: "xml:space".into(),
                    raw: "preserve".into(),
                });
                t.push_text(note);
                text.push(t);
                comment.push(text);
                list.push(comment);
                own.push(col);
            }
        }
    }
    Ok(Merged {
        xml: doc.to_xml(),
        removed,
        own,
    })
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

/// The VML namespaces: VML itself, Office's extensions, Excel's client data.
const VML_NS: [(&str, &str); 3] = [
    ("v", "urn:schemas-microsoft-com:vml"),
    ("o", "urn:schemas-microsoft-com:office:office"),
    ("x", "urn:schemas-microsoft-com:office:excel"),
];

/// The prefixes a VML drawing's root binds to the three VML namespaces (`v`, `o`, `x` as Excel
/// writes them; `ns0`, `ns1` … as openpyxl does), and the declarations a shape the tool adds must
/// carry for those the root does not bind.
fn vml_prefixes(xml: &str) -> ([String; 3], String) {
    let root = tags(xml)
        .into_iter()
        .find(|(k, _, _)| matches!(k, Kind::Start | Kind::Empty))
        .map(|(_, _, r)| xml[r].to_string())
        .unwrap_or_default();
    let mut bound: Vec<(String, String)> = Vec::new();
    for (k, v) in crate::ooxml::scan::attrs(root.as_bytes()) {
        if let Some(p) = k.strip_prefix(b"xmlns:") {
            bound.push((
                String::from_utf8_lossy(p).into_owned(),
                crate::ooxml::xml_text::unescape(v),
            ));
        }
    }
    let mut declare = String::new();
    let prefixes = VML_NS.map(|(want, ns)| match bound.iter().find(|(_, n)| n == ns) {
        Some((p, _)) => p.clone(),
        None => {
            // Declared on each added shape, under a prefix the root does not use otherwise.
            let p = if bound.iter().any(|(b, _)| b == want) {
                format!("{want}dpia")
            } else {
                want.to_string()
            };
            let _ = write!(declare, " xmlns:{p}=\"{ns}\"");
            p
        }
    });
    (prefixes, declare)
}

/// A VML fragment written with `v:`, `o:`, `x:` moved to the drawing's own prefixes.
fn with_prefixes(fragment: &str, p: &[String; 3]) -> String {
    let mut out = fragment.to_string();
    for (i, from) in ["v:", "o:", "x:"].iter().enumerate() {
        if p[i] == from.trim_end_matches(':') {
            continue;
        }
        // Moved through a placeholder, so that `v:` → `o:` and `o:` → `v:` do not mix.
        out = out.replace(&format!("<{from}"), &format!("<\u{1}{i}"));
        out = out.replace(&format!("</{from}"), &format!("</\u{1}{i}"));
        out = out.replace(&format!(" {from}"), &format!(" \u{1}{i}"));
    }
    for (i, prefix) in p.iter().enumerate() {
        out = out.replace(&format!("\u{1}{i}"), &format!("{prefix}:"));
    }
    out
}

const SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";

fn shapes(row: u32, cols: &[u16], first_id: u64, declare: &str) -> String {
    let mut xml = String::new();
    for (i, col) in cols.iter().enumerate() {
        let col = u32::from(*col);
        let _ = write!(
            xml,
            "<v:shape{declare} id=\"_x0000_s{}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:240pt;height:96pt;z-index:{};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>",
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
pub fn new_vml(row: u32, cols: &[u16], block: u64) -> String {
    format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{block}\"/></o:shapelayout>{SHAPETYPE}{}</xml>",
        shapes(row, cols, block * 1024 + 1, "")
    )
}

/// The user's VML drawing with the shapes of the earlier run's notes (`removed` columns of the
/// header row) taken out and shapes added for the columns `own`, with shape ids after the highest
/// it uses and the drawing's own prefixes (VML from other producers is not always well-formed
/// XML, so it is edited by its tags).
pub fn merge_vml(xml: &str, row: u32, removed: &[u16], own: &[u16]) -> String {
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
                let ours = srow == Some(row) && scol.is_some_and(|c| removed.contains(&c));
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
    let (prefixes, declare) = vml_prefixes(xml);
    let mut add = String::new();
    if !xml.contains("_x0000_t202") {
        add.push_str(&SHAPETYPE.replacen("<v:shapetype", &format!("<v:shapetype{declare}"), 1));
    }
    add.push_str(&shapes(row, own, max_id + 1, &declare));
    let add = with_prefixes(&add, &prefixes);
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
        let first = new_comments(4, &[10, 11], &texts);
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
        let again = merge_comments(
            &with_user,
            4,
            &[11, 12],
            &[10, 11],
            &texts,
            crate::lang::Lang::Nl,
        )
        .unwrap();
        let xml = &again.xml;
        assert_eq!(xml.matches("<comment ").count(), 3, "{xml}");
        assert!(xml.contains("mijn notitie"));
        assert!(xml.contains("ref=\"L5\" authorId=\"0\"") && xml.contains("ref=\"M5\""));
        assert!(!xml.contains("ref=\"K5\""));
        assert_eq!(xml.matches("<author>").count(), 2);
        assert_eq!((again.removed, again.own), (vec![10, 11], vec![11, 12]));

        let vml = new_vml(4, &[10, 11], 500);
        assert_eq!(vml.matches("<v:shape ").count(), 2);
        let vml2 = merge_vml(&vml, 4, &[10, 11], &[11, 12]);
        assert_eq!(vml2.matches("<v:shape ").count(), 2, "{vml2}");
        assert!(
            vml2.contains("<x:Column>12</x:Column>") && !vml2.contains("<x:Column>10</x:Column>")
        );
        assert!(vml2.contains("_x0000_s512003"));
    }

    /// A user's note on a cell where a tool header goes: one note, the user's text first and the
    /// tool's joined; the next run takes its own text out again and joins it anew.
    #[test]
    fn a_users_note_on_a_header_cell_is_joined_not_doubled() {
        let user = format!("<comments xmlns=\"{NS_MAIN}\"><authors><author>Jan</author></authors><commentList><comment ref=\"K5\" authorId=\"0\"><text><t>van Jan</t></text></comment></commentList></comments>");
        let texts = vec!["a".to_string(), "b".to_string()];
        let once = merge_comments(&user, 4, &[10, 11], &[], &texts, crate::lang::Lang::Nl).unwrap();
        assert_eq!(once.xml.matches("<comment ").count(), 2, "{}", once.xml);
        assert_eq!(once.own, vec![11]);
        let twice = merge_comments(
            &once.xml,
            4,
            &[10, 11],
            &[10, 11],
            &texts,
            crate::lang::Lang::Nl,
        )
        .unwrap();
        assert_eq!(twice.xml, once.xml);
        let doc = Document::parse(&twice.xml, crate::lang::Lang::Nl).unwrap();
        let list = doc.root.child(NS_MAIN, "commentList").unwrap();
        let k5 = list.elements().next().unwrap().text();
        assert_eq!(k5, "van Jan\n\ndpia-triage: a");
    }

    /// (drawing's root, a shape as it must start): the drawing's own prefixes, or declarations
    /// on the shape for those it lacks.
    #[test]
    fn shapes_take_the_drawings_prefixes() {
        let cases = [
            ("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"></xml>", "<v:shape id="),
            ("<xml xmlns:ns0=\"urn:schemas-microsoft-com:vml\" xmlns:ns1=\"urn:schemas-microsoft-com:office:office\" xmlns:ns2=\"urn:schemas-microsoft-com:office:excel\"></xml>", "<ns0:shape id="),
            ("<xml></xml>", "<v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\" id="),
        ];
        for (root, start) in cases {
            let out = merge_vml(root, 0, &[], &[3]);
            assert!(out.contains(start), "{out}");
            Document::parse(&out, crate::lang::Lang::Nl).unwrap();
            assert!(!out.contains("<v:") || start.starts_with("<v:"), "{out}");
        }
    }
}
