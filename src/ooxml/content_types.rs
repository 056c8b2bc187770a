//! `[Content_Types].xml` (ECMA-376 Part 2 §10.1.2): every part's type, by an `Override` for its
//! name or a `Default` for its extension. Read and edited as XML, whatever prefix the root has.

use crate::lang::Lang;
use std::collections::HashSet;

use anyhow::Result;

use super::tree::{Document, Node, NS_TYPES};

/// The content type of `part`: its Override, else its extension's Default (names and extensions
/// ignore ASCII case).
pub fn content_type(xml: &str, part: &str, lang: Lang) -> Result<Option<String>> {
    let doc = Document::parse(xml, lang)?;
    let ext = part.rsplit_once('.').map_or("", |(_, e)| e);
    let mut by_ext = None;
    for e in doc.root.elements() {
        if e.is(NS_TYPES, "Override")
            && e.attr("PartName")
                .is_some_and(|p| p.trim_start_matches('/').eq_ignore_ascii_case(part))
        {
            return Ok(e.attr("ContentType"));
        }
        if e.is(NS_TYPES, "Default")
            && e.attr("Extension")
                .is_some_and(|x| x.eq_ignore_ascii_case(ext))
        {
            by_ext = e.attr("ContentType");
        }
    }
    Ok(by_ext)
}

/// The content types with the overrides of the `dropped` parts taken out, a Default added for
/// each of `defaults` whose extension has none, and an Override for each of `add`.
pub fn edit_content_types(
    xml: &str,
    dropped: &HashSet<String>,
    defaults: &[(&str, &str)],
    add: &[(String, String)],
    lang: Lang,
) -> Result<String> {
    let mut doc = Document::parse(xml, lang)?;
    let lower: HashSet<String> = dropped.iter().map(|d| d.to_ascii_lowercase()).collect();
    doc.root.children.retain(|n| match n {
        Node::Element(e) if e.is(NS_TYPES, "Override") => !e
            .attr("PartName")
            .is_some_and(|p| lower.contains(&p.trim_start_matches('/').to_ascii_lowercase())),
        _ => true,
    });
    for (ext, typ) in defaults {
        let has = doc.root.elements().any(|e| {
            e.is(NS_TYPES, "Default")
                && e.attr("Extension")
                    .is_some_and(|x| x.eq_ignore_ascii_case(ext))
        });
        if !has {
            let mut d = doc.root.make_child(NS_TYPES, "Default");
            d.set_attr("Extension", ext);
            d.set_attr("ContentType", typ);
            // Defaults before the overrides, as the schema's examples and Excel write them.
            let at = doc
                .root
                .position(NS_TYPES, "Override")
                .unwrap_or(doc.root.children.len());
            doc.root.insert(at, d);
        }
    }
    for (part, typ) in add {
        let mut o = doc.root.make_child(NS_TYPES, "Override");
        o.set_attr("PartName", &format!("/{part}"));
        o.set_attr("ContentType", typ);
        doc.root.push(o);
    }
    Ok(doc.to_xml())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (content types as written, part, its type)
    #[test]
    fn types_are_found_by_override_then_extension() {
        let plain = format!("<Types xmlns=\"{NS_TYPES}\"><Default Extension=\"XML\" ContentType=\"application/xml\"/><Override PartName=\"/xl/worksheets/Sheet1.xml\" ContentType=\"ws\"/></Types>");
        let prefixed = format!("<t:Types xmlns:t=\"{NS_TYPES}\"><t:Default Extension=\"xml\" ContentType=\"application/xml\"></t:Default><t:Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"ws\"/></t:Types>");
        let cases = [
            (&plain, "xl/worksheets/sheet1.xml", Some("ws")),
            (&plain, "xl/other.xml", Some("application/xml")),
            (&prefixed, "xl/worksheets/sheet1.xml", Some("ws")),
            (&prefixed, "xl/x.bin", None),
        ];
        for (xml, part, typ) in cases {
            assert_eq!(
                content_type(xml, part, crate::lang::Lang::Nl)
                    .unwrap()
                    .as_deref(),
                typ,
                "{xml} {part}"
            );
        }
    }

    /// Edits keep the part's prefix, add a Default once, drop overrides whatever their case.
    #[test]
    fn types_are_edited_as_xml() {
        let xml = format!("<t:Types xmlns:t=\"{NS_TYPES}\"><t:Default Extension=\"xml\" ContentType=\"application/xml\"/><t:Override PartName=\"/xl/Sheet9.xml\" ContentType=\"ws\"/></t:Types>");
        let dropped: HashSet<String> = ["xl/sheet9.xml".to_string()].into();
        let out = edit_content_types(
            &xml,
            &dropped,
            &[("vml", "v"), ("xml", "other")],
            &[("xl/new.xml".into(), "n".into())],
            crate::lang::Lang::Nl,
        )
        .unwrap();
        assert_eq!(
            out,
            format!("<t:Types xmlns:t=\"{NS_TYPES}\"><t:Default Extension=\"xml\" ContentType=\"application/xml\"/><t:Default Extension=\"vml\" ContentType=\"v\"/><t:Override PartName=\"/xl/new.xml\" ContentType=\"n\"/></t:Types>")
        );
    }
}
