//! Relationship parts (`_rels/*.rels`, ECMA-376 Part 2 §9.3): read, and edited as XML. The root
//! may carry any prefix (`<pr:Relationships>`); relationships are found by namespace; targets are
//! resolved against their source part (`./`, `../` and absolute `/` targets alike).

use crate::lang::Lang;
use anyhow::Result;

use super::tree::{Document, Element, NS_PACKAGE_REL};

/// One relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct Rel {
    /// `Id`.
    pub id: String,
    /// `Type`.
    pub typ: String,
    /// The target part's name, resolved against the source part (or the raw target when external).
    pub target: String,
    /// `TargetMode="External"`.
    pub external: bool,
}

/// The relationship part of `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
pub fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

fn relationships(doc: &Document) -> impl Iterator<Item = &Element> {
    doc.root
        .elements()
        .filter(|e| e.is(NS_PACKAGE_REL, "Relationship"))
}

/// Parse a relationship part of `source_part`.
pub fn parse_rels(xml: &str, source_part: &str, lang: Lang) -> Result<Vec<Rel>> {
    let doc = Document::parse(xml, lang)?;
    Ok(relationships(&doc)
        .filter_map(|e| {
            let (id, typ, target) = (e.attr("Id")?, e.attr("Type")?, e.attr("Target")?);
            let external = e.attr("TargetMode").is_some_and(|m| m == "External");
            let target = if external {
                target
            } else {
                resolve(source_part, &target)
            };
            Some(Rel {
                id,
                typ,
                target,
                external,
            })
        })
        .collect())
}

/// A relationship part with the relationships `remove` taken out and `add` appended (a new part
/// when `xml` is `None`).
pub fn edit_rels(
    xml: Option<&str>,
    source: &str,
    remove: &[String],
    add: &[Rel],
    lang: Lang,
) -> Result<String> {
    let mut doc = match xml {
        Some(xml) => Document::parse(xml, lang)?,
        None => Document {
            head: "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n".into(),
            root: Element::root(NS_PACKAGE_REL, "Relationships"),
            tail: String::new(),
        },
    };
    doc.root.children.retain(|n| match n {
        super::tree::Node::Element(e) if e.is(NS_PACKAGE_REL, "Relationship") => {
            !e.attr("Id").is_some_and(|id| remove.contains(&id))
        }
        _ => true,
    });
    // The targets kept are written plainly (`./x`, `../xl/x`, `/xl/x` → `x`): the same parts,
    // in the form every reader resolves.
    plain(&mut doc, source);
    for r in add {
        let mut e = doc.root.make_child(NS_PACKAGE_REL, "Relationship");
        let target = if r.external {
            r.target.clone()
        } else {
            relative(source, &r.target)
        };
        e.set_attr("Id", &r.id);
        e.set_attr("Type", &r.typ);
        e.set_attr("Target", &target);
        if r.external {
            e.set_attr("TargetMode", "External");
        }
        doc.root.push(e);
    }
    Ok(doc.to_xml())
}

/// The relationships part `xml` of `source` with every internal target written plainly:
/// relative, without `./`, `../` past what is needed, or a leading `/` (all valid, but readers
/// such as calamine resolve only the plain form). `None` when every target is plain already.
pub fn plain_targets(xml: &str, source: &str, lang: Lang) -> Result<Option<String>> {
    let mut doc = Document::parse(xml, lang)?;
    Ok(plain(&mut doc, source).then(|| doc.to_xml()))
}

/// Write a relationships document's internal targets plainly; whether any changed.
fn plain(doc: &mut Document, source: &str) -> bool {
    let mut changed = false;
    for e in doc.root.elements_mut() {
        if !e.is(NS_PACKAGE_REL, "Relationship")
            || e.attr("TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("external"))
        {
            continue;
        }
        let Some(target) = e.attr("Target") else {
            continue;
        };
        let plain = relative(source, &resolve(source, &target));
        if plain != target {
            e.set_attr("Target", &plain);
            changed = true;
        }
    }
    changed
}

/// A relationship id none of `taken` uses.
pub fn unused_id<'a>(taken: impl Iterator<Item = &'a Rel> + Clone) -> String {
    (1..)
        .map(|n| format!("rIdDpia{n}"))
        .find(|id| !taken.clone().any(|r| &r.id == id))
        .unwrap_or_else(|| "rIdDpia".into())
}

/// Resolve a relationship target against the part it is relative to.
pub fn resolve(source_part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = source_part.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A target for a relationship from `source_part` to `part` (relative, as Excel writes them).
pub fn relative(source_part: &str, part: &str) -> String {
    let from: Vec<&str> = source_part.split('/').collect();
    let to: Vec<&str> = part.split('/').collect();
    let dir = &from[..from.len().saturating_sub(1)];
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; dir.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (target in xl/_rels/workbook.xml.rels, as written plainly; `None`: plain already)
    #[test]
    fn targets_are_written_plainly() {
        let cases = [
            ("worksheets/sheet1.xml", None),
            ("./worksheets/sheet1.xml", Some("worksheets/sheet1.xml")),
            ("../xl/worksheets/sheet1.xml", Some("worksheets/sheet1.xml")),
            ("/xl/styles.xml", Some("styles.xml")),
            ("/customXml/item1.xml", Some("../customXml/item1.xml")),
            ("../customXml/item1.xml", None),
        ];
        for (target, plain) in cases {
            let xml = format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"t\" Target=\"{target}\"/><Relationship Id=\"rId2\" Type=\"h\" Target=\"./x\" TargetMode=\"External\"/></Relationships>");
            let out = plain_targets(&xml, "xl/workbook.xml", crate::lang::Lang::Nl).unwrap();
            match plain {
                None => assert_eq!(out, None, "{target}"),
                Some(p) => {
                    let out = out.unwrap_or_else(|| panic!("{target}"));
                    assert!(out.contains(&format!("Target=\"{p}\"")), "{target}: {out}");
                    assert!(out.contains("Target=\"./x\""), "{out}");
                }
            }
        }
    }

    const T: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

    /// (part as a producer wrote it, relationships read)
    #[test]
    fn relationships_read_whatever_the_prefix() {
        let cases = [
            format!("<Relationships xmlns=\"{NS_PACKAGE_REL}\"><Relationship Id=\"rId1\" Type=\"{T}\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
            format!("<pr:Relationships xmlns:pr=\"{NS_PACKAGE_REL}\"><pr:Relationship Id=\"rId1\" Type=\"{T}\" Target=\"./worksheets/sheet1.xml\"></pr:Relationship></pr:Relationships>"),
            format!("<Relationships xmlns=\"{NS_PACKAGE_REL}\"><Relationship Id=\"rId1\" Type=\"{T}\" Target=\"/xl/worksheets/sheet1.xml\"/><Other Id=\"rId2\" Type=\"{T}\" Target=\"x\"/></Relationships>"),
        ];
        for xml in cases {
            let rels = parse_rels(&xml, "xl/workbook.xml", crate::lang::Lang::Nl).unwrap();
            assert_eq!(rels.len(), 1, "{xml}");
            assert_eq!(rels[0].target, "xl/worksheets/sheet1.xml", "{xml}");
        }
    }

    /// Added relationships take the part's prefix; removed ones go; the rest stays as written.
    #[test]
    fn relationships_are_edited_as_xml() {
        let xml = format!("<pr:Relationships xmlns:pr=\"{NS_PACKAGE_REL}\"><pr:Relationship Id=\"rId1\" Type=\"{T}\" Target=\"worksheets/sheet1.xml\"/><pr:Relationship Id=\"rId2\" Type=\"{T}\" Target=\"worksheets/sheet2.xml\"/></pr:Relationships>");
        let add = Rel {
            id: "rIdDpia1".into(),
            typ: T.into(),
            target: "xl/worksheets/sheet3.xml".into(),
            external: false,
        };
        let out = edit_rels(
            Some(&xml),
            "xl/workbook.xml",
            &["rId2".into()],
            std::slice::from_ref(&add),
            crate::lang::Lang::Nl,
        )
        .unwrap();
        assert!(out.contains("<pr:Relationship Id=\"rIdDpia1\""), "{out}");
        let rels = parse_rels(&out, "xl/workbook.xml", crate::lang::Lang::Nl).unwrap();
        let ids: Vec<&str> = rels.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["rId1", "rIdDpia1"]);
        assert_eq!(rels[1].target, "xl/worksheets/sheet3.xml");
        let new = edit_rels(
            None,
            "xl/worksheets/sheet1.xml",
            &[],
            &[add],
            crate::lang::Lang::Nl,
        )
        .unwrap();
        assert!(new.contains("Target=\"sheet3.xml\""), "{new}");
        assert_eq!(unused_id(rels.iter()), "rIdDpia2");
    }
}
