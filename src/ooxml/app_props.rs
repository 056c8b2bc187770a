//! `docProps/app.xml`, the extended document properties: the sheet titles it lists
//! (`TitlesOfParts`, counted per kind in `HeadingPairs`) follow the sheets the tool adds and
//! replaces. Excel and LibreOffice do not check the list, but a file manager's preview and a
//! document management system read it; a part whose lists do not add up is left as it was.

use crate::lang::Lang;
use anyhow::Result;

use super::tree::{Document, Element, Node, NS_APP, NS_VT};

fn vector(parent: &Element) -> Option<&Element> {
    parent.child(NS_VT, "vector")
}

/// The part with `removed` taken out of, and `added` appended to, its first group of titles
/// (the worksheets, as every producer writes them first); `None` when the part does not list
/// its sheets in the usual shape.
pub fn with_sheets(
    xml: &str,
    removed: &[String],
    added: &[String],
    lang: Lang,
) -> Result<Option<String>> {
    let mut doc = Document::parse(xml, lang)?;
    let root = &mut doc.root;
    if !root.is(NS_APP, "Properties") {
        return Ok(None);
    }
    // The counts of the heading pairs, and the i4 element of the first.
    let Some(pairs) = root.child(NS_APP, "HeadingPairs").and_then(vector) else {
        return Ok(None);
    };
    let counts: Vec<usize> = pairs
        .elements()
        .filter_map(|v| v.child(NS_VT, "i4").or_else(|| v.child(NS_VT, "i2")))
        .map(|i| i.text().trim().parse().unwrap_or(0))
        .collect();
    let Some(titles) = root.child(NS_APP, "TitlesOfParts").and_then(vector) else {
        return Ok(None);
    };
    let listed = titles.elements().count();
    if counts.is_empty() || counts.iter().sum::<usize>() != listed {
        return Ok(None);
    }
    let first = counts[0];
    // Titles: the first group edited, the rest as they were.
    let Some(titles) = root
        .child_mut(NS_APP, "TitlesOfParts")
        .and_then(|t| t.child_mut(NS_VT, "vector"))
    else {
        return Ok(None);
    };
    let mut seen = 0usize;
    let mut kept_first = 0usize;
    let mut insert_at = 0usize;
    let mut keep: Vec<bool> = Vec::new();
    for (i, n) in titles.children.iter().enumerate() {
        let Node::Element(e) = n else {
            keep.push(true);
            continue;
        };
        let in_first = seen < first;
        seen += 1;
        let drop = in_first && removed.contains(&e.text());
        keep.push(!drop);
        if in_first && !drop {
            kept_first += 1;
        }
        if in_first {
            insert_at = i + 1;
        }
    }
    let mut k = keep.into_iter();
    let mut removed_before = 0usize;
    let mut index = 0usize;
    titles.children.retain(|_| {
        let keep = k.next().unwrap_or(true);
        if !keep && index < insert_at {
            removed_before += 1;
        }
        index += 1;
        keep
    });
    for (at, name) in (insert_at - removed_before..).zip(added) {
        let mut t = titles.make_child(NS_VT, "lpstr");
        t.push_text(name);
        titles.insert(at, t);
    }
    let total = titles.elements().count();
    titles.set_attr("size", &total.to_string());
    let group = kept_first + added.len();
    if let Some(i4) = root
        .child_mut(NS_APP, "HeadingPairs")
        .and_then(|h| h.child_mut(NS_VT, "vector"))
        .and_then(|v| {
            v.elements_mut()
                .find(|e| e.child(NS_VT, "i4").is_some() || e.child(NS_VT, "i2").is_some())
        })
        .and_then(|v| v.elements_mut().next())
    {
        i4.children.clear();
        i4.push_text(&group.to_string());
    }
    Ok(Some(doc.to_xml()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(titles: &[&str], groups: &[(&str, usize)]) -> String {
        let pairs: String = groups
            .iter()
            .map(|(h, n)| format!("<vt:variant><vt:lpstr>{h}</vt:lpstr></vt:variant><vt:variant><vt:i4>{n}</vt:i4></vt:variant>"))
            .collect();
        let t: String = titles
            .iter()
            .map(|t| format!("<vt:lpstr>{t}</vt:lpstr>"))
            .collect();
        format!("<Properties xmlns=\"{NS_APP}\" xmlns:vt=\"{NS_VT}\"><HeadingPairs><vt:vector size=\"{}\" baseType=\"variant\">{pairs}</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size=\"{}\" baseType=\"lpstr\">{t}</vt:vector></TitlesOfParts></Properties>", groups.len() * 2, titles.len())
    }

    /// (titles and groups before, removed, added, titles and groups after)
    #[test]
    fn sheet_titles_follow_the_sheets() {
        type Groups<'a> = &'a [(&'a str, usize)];
        type Names<'a> = &'a [&'a str];
        type Case<'a> = (
            Names<'a>,
            Groups<'a>,
            Names<'a>,
            Names<'a>,
            Names<'a>,
            Groups<'a>,
        );
        let cases: [Case; 3] = [
            (
                &["Register"],
                &[("Werkbladen", 1)],
                &[],
                &["Samenvatting", "Maatregelen"],
                &["Register", "Samenvatting", "Maatregelen"],
                &[("Werkbladen", 3)],
            ),
            (
                &["Register", "Samenvatting", "Print_Titles"],
                &[("Worksheets", 2), ("Named Ranges", 1)],
                &["Samenvatting"],
                &["Summary"],
                &["Register", "Summary", "Print_Titles"],
                &[("Worksheets", 2), ("Named Ranges", 1)],
            ),
            (
                &["A"],
                &[("Worksheets", 1)],
                &["A"],
                &[],
                &[],
                &[("Worksheets", 0)],
            ),
        ];
        for (titles, groups, removed, added, after, groups_after) in cases {
            let removed: Vec<String> = removed.iter().map(|s| s.to_string()).collect();
            let added: Vec<String> = added.iter().map(|s| s.to_string()).collect();
            let out = with_sheets(
                &app(titles, groups),
                &removed,
                &added,
                crate::lang::Lang::Nl,
            )
            .unwrap()
            .unwrap();
            let expected = Document::parse(&app(after, groups_after), crate::lang::Lang::Nl)
                .unwrap()
                .to_xml();
            assert_eq!(out, expected, "{titles:?}");
        }
        // Lists that do not add up are left alone.
        assert_eq!(
            with_sheets(
                &app(&["A", "B"], &[("Worksheets", 1)]),
                &[],
                &["C".into()],
                crate::lang::Lang::Nl
            )
            .unwrap(),
            None
        );
    }
}
