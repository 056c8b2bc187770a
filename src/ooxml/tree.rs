//! A namespace-aware tree for the small parts the in-place writer edits (workbook, relationships,
//! content types, styles, comments, document properties). A part is parsed whole with quick-xml,
//! edited as elements, and written back: whatever the tool does not touch is written as it was
//! read (names with their prefixes, attributes in their order with their escaping, text, comments,
//! the XML declaration), so an edit never disturbs the user's bytes around it more than XML itself
//! allows (`<a></a>` comes back as `<a/>`, the same element).
//!
//! Names are matched by namespace, not by the prefix one producer happens to write: each element
//! knows the bindings in scope where it stands (openpyxl declares `xmlns:r` on each `<sheet>`,
//! .NET writers prefix the main namespace, a relationships part may be `<pr:Relationships>`).
//! What the tool inserts is written with the prefix the document binds to its namespace there,
//! or declares the namespace on the inserted element itself.

use crate::lang::Lang;
use crate::messages as M;
use std::fmt::Write as _;
use std::sync::Arc;

use anyhow::{bail, Result};
use quick_xml::events::Event;

/// SpreadsheetML's main namespace (transitional).
pub const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
/// SpreadsheetML's main namespace in Strict Open XML (ISO/IEC 29500 strict).
pub const NS_MAIN_STRICT: &str = "http://purl.oclc.org/ooxml/spreadsheetml/main";
/// The namespace of relationship references in a part (`r:id`).
pub const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The namespace of a relationships part.
pub const NS_PACKAGE_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// The namespace of `[Content_Types].xml`.
pub const NS_TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
/// Markup Compatibility (`mc:AlternateContent`, `mc:Ignorable`).
pub const NS_MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// The extended document properties (`docProps/app.xml`).
pub const NS_APP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
/// Variant types inside the document properties (`vt:lpstr`).
pub const NS_VT: &str = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
/// The namespace the `xml:` prefix is bound to by definition.
const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// The deepest nesting a small part may have (a part nested deeper is refused, not recursed).
const MAX_DEPTH: usize = 256;

/// Prefix → namespace bindings in scope ("" for the default namespace).
type Scope = Arc<Vec<(String, String)>>;

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data as written in the part (escaped).
    Text(String),
    /// A comment, processing instruction or CDATA section, as written.
    Raw(String),
}

/// An attribute: its name as written and its value as written (escaped).
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// The qualified name (`r:id`, `xmlns:x`, `name`).
    pub name: String,
    /// The value, escaped as in the part.
    pub raw: String,
}

/// An element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The qualified name as written (`x:sheet`, `sheet`).
    pub name: String,
    /// Attributes in their order.
    pub attrs: Vec<Attr>,
    /// Child nodes.
    pub children: Vec<Node>,
    scope: Scope,
}

/// A parsed part: what stands before the root (declaration, comments), the root, what follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Everything before the root element, as written.
    pub head: String,
    /// The root element.
    pub root: Element,
    /// Everything after it, as written.
    pub tail: String,
}

fn split_name(name: &str) -> (&str, &str) {
    match name.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", name),
    }
}

fn lookup<'a>(scope: &'a [(String, String)], prefix: &str) -> Option<&'a str> {
    if prefix == "xml" {
        return Some(NS_XML);
    }
    scope
        .iter()
        .rev()
        .find(|(p, _)| p == prefix)
        .map(|(_, ns)| ns.as_str())
        .filter(|ns| !ns.is_empty())
}

/// The scope of an element with `attrs` inside `parent`.
fn scope_of(parent: &Scope, attrs: &[Attr]) -> Scope {
    let decls: Vec<(String, String)> = attrs
        .iter()
        .filter_map(|a| {
            if a.name == "xmlns" {
                Some((String::new(), unescape(&a.raw)))
            } else {
                a.name
                    .strip_prefix("xmlns:")
                    .map(|p| (p.to_string(), unescape(&a.raw)))
            }
        })
        .collect();
    if decls.is_empty() {
        return parent.clone();
    }
    let mut scope: Vec<(String, String)> = parent
        .iter()
        .filter(|(p, _)| !decls.iter().any(|(d, _)| d == p))
        .cloned()
        .collect();
    scope.extend(decls);
    Arc::new(scope)
}

/// Undo XML escaping of an attribute value or text.
pub fn unescape(raw: &str) -> String {
    super::xml_text::unescape(raw.as_bytes())
}

/// Escape a value for an attribute.
pub fn escape_attr(value: &str) -> String {
    super::xml_text::escaped(value)
}

impl Document {
    /// Parse a part. Not well-formed XML is an error (the caller says which part).
    pub fn parse(xml: &str, lang: Lang) -> Result<Document> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        let mut head = String::new();
        let mut tail = String::new();
        let mut stack: Vec<Element> = Vec::new();
        let mut root: Option<Element> = None;
        let empty: Scope = Arc::new(Vec::new());
        loop {
            let event = reader.read_event()?;
            let raw_text = |e: &Event<'_>| -> Option<String> {
                Some(match e {
                    Event::Comment(t) => format!("<!--{}-->", &t[..]),
                    Event::PI(p) => format!("<?{}?>", &p[..]),
                    Event::Decl(d) => format!("<?{}?>", &d[..]),
                    Event::DocType(d) => format!("<!DOCTYPE {}>", &d[..]),
                    Event::CData(c) => format!("<![CDATA[{}]]>", &c[..]),
                    _ => return None,
                })
            };
            match event {
                Event::Eof => break,
                Event::Start(ref e) | Event::Empty(ref e) => {
                    if root.is_some() {
                        bail!("meer dan één hoofdelement");
                    }
                    if stack.len() >= MAX_DEPTH {
                        bail!("te diep genest (meer dan {MAX_DEPTH} niveaus)");
                    }
                    let name = e.name().into_inner().to_string();
                    let mut attrs = Vec::new();
                    for a in e.attributes().with_checks(true) {
                        let a = a?;
                        attrs.push(Attr {
                            name: a.key.into_inner().to_string(),
                            raw: a.value.to_string(),
                        });
                    }
                    let parent = stack.last().map_or(&empty, |p| &p.scope);
                    let scope = scope_of(parent, &attrs);
                    let element = Element {
                        name,
                        attrs,
                        children: Vec::new(),
                        scope,
                    };
                    if matches!(event, Event::Start(_)) {
                        stack.push(element);
                    } else if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::Element(element));
                    } else {
                        root = Some(element);
                    }
                }
                Event::End(_) => {
                    let Some(done) = stack.pop() else {
                        bail!("sluittag zonder begintag");
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(Node::Element(done)),
                        None => root = Some(done),
                    }
                }
                Event::Text(ref t) => {
                    let text = t[..].to_string();
                    match stack.last_mut() {
                        Some(parent) => push_text(parent, &text),
                        None if root.is_none() => head.push_str(&text),
                        None => tail.push_str(&text),
                    }
                }
                Event::GeneralRef(ref r) => {
                    let text = format!("&{};", &r[..]);
                    match stack.last_mut() {
                        Some(parent) => push_text(parent, &text),
                        None => bail!(M::XML_TEXT_OUTSIDE_ROOT.get(lang)),
                    }
                }
                ref other => {
                    let Some(text) = raw_text(other) else {
                        continue;
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(Node::Raw(text)),
                        None if root.is_none() => head.push_str(&text),
                        None => tail.push_str(&text),
                    }
                }
            }
        }
        if !stack.is_empty() {
            bail!(M::XML_ENDS_EARLY.get(lang));
        }
        let Some(root) = root else {
            bail!("geen hoofdelement");
        };
        Ok(Document { head, root, tail })
    }

    /// The part as text.
    pub fn to_xml(&self) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str(&self.head);
        self.root.write(&mut out);
        out.push_str(&self.tail);
        out
    }
}

fn push_text(parent: &mut Element, text: &str) {
    if let Some(Node::Text(t)) = parent.children.last_mut() {
        t.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_string()));
    }
}

impl Element {
    /// A new root element in namespace `ns` (declared as the default namespace).
    pub fn root(ns: &str, local: &str) -> Element {
        let attrs = vec![Attr {
            name: "xmlns".into(),
            raw: escape_attr(ns),
        }];
        let scope = scope_of(&Arc::new(Vec::new()), &attrs);
        Element {
            name: local.into(),
            attrs,
            children: Vec::new(),
            scope,
        }
    }

    /// The local name.
    pub fn local(&self) -> &str {
        split_name(&self.name).1
    }

    /// The element's namespace (`None` when it has none or its prefix is not declared).
    pub fn ns(&self) -> Option<&str> {
        lookup(&self.scope, split_name(&self.name).0)
    }

    /// Whether the element is `local` in namespace `ns`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.local() == local && self.ns() == Some(ns)
    }

    /// The namespace bound to `prefix` where this element stands.
    pub fn namespace_of(&self, prefix: &str) -> Option<&str> {
        lookup(&self.scope, prefix)
    }

    /// A prefix bound to `ns` in this element's scope (`""` for the default namespace), preferring
    /// the default namespace; `None` when `ns` is not in scope.
    pub fn prefix_for(&self, ns: &str) -> Option<String> {
        if lookup(&self.scope, "") == Some(ns) {
            return Some(String::new());
        }
        self.scope
            .iter()
            .rev()
            .filter(|(p, n)| !p.is_empty() && n == ns)
            .map(|(p, _)| p)
            .find(|p| lookup(&self.scope, p) == Some(ns))
            .cloned()
    }

    /// The value of an unprefixed attribute, unescaped.
    pub fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| unescape(&a.raw))
    }

    /// The value of attribute `local` in namespace `ns` (`r:id` whatever its prefix), unescaped.
    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|a| match a.name.split_once(':') {
                Some((p, l)) => l == local && p != "xmlns" && lookup(&self.scope, p) == Some(ns),
                None => false,
            })
            .map(|a| unescape(&a.raw))
    }

    /// Set an unprefixed attribute (added at the end when absent).
    pub fn set_attr(&mut self, name: &str, value: &str) {
        let raw = escape_attr(value);
        match self.attrs.iter_mut().find(|a| a.name == name) {
            Some(a) => a.raw = raw,
            None => self.attrs.push(Attr {
                name: name.into(),
                raw,
            }),
        }
    }

    /// Set attribute `local` in namespace `ns`, with the prefix in scope or one declared here.
    pub fn set_attr_ns(&mut self, ns: &str, local: &str, value: &str, preferred: &str) {
        let prefix = match self.prefix_for(ns).filter(|p| !p.is_empty()) {
            Some(p) => p,
            None => self.declare(ns, preferred),
        };
        let name = format!("{prefix}:{local}");
        self.attrs.retain(|a| {
            !a.name.split_once(':').is_some_and(|(p, l)| {
                l == local && p != "xmlns" && lookup(&self.scope, p) == Some(ns)
            })
        });
        self.attrs.push(Attr {
            name,
            raw: escape_attr(value),
        });
    }

    /// Remove an unprefixed attribute.
    pub fn remove_attr(&mut self, name: &str) {
        self.attrs.retain(|a| a.name != name);
    }

    /// Declare `ns` on this element with a prefix not yet bound here (`preferred` when free).
    fn declare(&mut self, ns: &str, preferred: &str) -> String {
        let taken = |p: &str| self.scope.iter().any(|(q, _)| q == p);
        let prefix = if !preferred.is_empty() && !taken(preferred) {
            preferred.to_string()
        } else {
            (1..)
                .map(|n| format!("{preferred}{n}"))
                .find(|p| !taken(p))
                .unwrap_or_else(|| "ns".into())
        };
        self.attrs.push(Attr {
            name: format!("xmlns:{prefix}"),
            raw: escape_attr(ns),
        });
        self.scope = scope_of(&self.scope, &self.attrs[self.attrs.len() - 1..]);
        prefix
    }

    /// A new element `local` in namespace `ns`, to be placed among this element's children:
    /// written with the prefix bound to `ns` here, or declaring it.
    pub fn make_child(&self, ns: &str, local: &str) -> Element {
        let mut child = Element {
            name: String::new(),
            attrs: Vec::new(),
            children: Vec::new(),
            scope: self.scope.clone(),
        };
        let prefix = match self.prefix_for(ns) {
            Some(p) => p,
            None if lookup(&self.scope, "").is_none() => {
                // No default namespace here: declare it on the child.
                child.attrs.push(Attr {
                    name: "xmlns".into(),
                    raw: escape_attr(ns),
                });
                child.scope = scope_of(&self.scope, &child.attrs);
                String::new()
            }
            None => child.declare(ns, "x"),
        };
        child.name = qualified(&prefix, local);
        child
    }

    /// Elements parsed from `fragment` (unprefixed, without namespace declarations, such as
    /// `<font><b/></font>`) placed in namespace `ns` for this element's children.
    pub fn adopt(&self, ns: &str, fragment: &str, lang: Lang) -> Result<Vec<Element>> {
        let wrapped = Document::parse(&format!("<w>{fragment}</w>"), lang)?;
        let mut out = Vec::new();
        for node in wrapped.root.children {
            if let Node::Element(e) = node {
                let mut child = self.make_child(ns, e.local());
                let prefix = split_name(&child.name).0.to_string();
                fill(&mut child, e, &prefix);
                out.push(child);
            }
        }
        Ok(out)
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// Child elements, mutable.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The first child `local` in namespace `ns`.
    pub fn child(&self, ns: &str, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, local))
    }

    /// The first child `local` in namespace `ns`, mutable.
    pub fn child_mut(&mut self, ns: &str, local: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.is(ns, local))
    }

    /// The index in `children` of the first child `local` in namespace `ns`.
    pub fn position(&self, ns: &str, local: &str) -> Option<usize> {
        self.children
            .iter()
            .position(|n| matches!(n, Node::Element(e) if e.is(ns, local)))
    }

    /// Insert a child element at `children` index `at`.
    pub fn insert(&mut self, at: usize, child: Element) {
        let at = at.min(self.children.len());
        self.children.insert(at, Node::Element(child));
    }

    /// Append a child element.
    pub fn push(&mut self, child: Element) {
        self.children.push(Node::Element(child));
    }

    /// Append text (escaped here).
    pub fn push_text(&mut self, text: &str) {
        let mut raw = String::new();
        super::xml_text::escape_text(text, &mut raw);
        push_text(self, &raw);
    }

    /// The element's text content, unescaped (the text of its descendants, in order).
    pub fn text(&self) -> String {
        let mut raw = String::new();
        collect_text(self, &mut raw);
        unescape(&raw)
    }

    /// The element as written, with local names and without namespace declarations: the same
    /// for `<x:font>` and `<font>`, to compare entries whatever prefix a producer chose.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        self.write_with(&mut out, true);
        out
    }

    /// Write the element.
    pub fn write(&self, out: &mut String) {
        self.write_with(out, false);
    }

    /// The element as text.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write_with(&self, out: &mut String, canonical: bool) {
        let name = if canonical { self.local() } else { &self.name };
        out.push('<');
        out.push_str(name);
        for a in &self.attrs {
            if canonical && (a.name == "xmlns" || a.name.starts_with("xmlns:")) {
                continue;
            }
            let _ = write!(out, " {}=\"{}\"", a.name, a.raw.replace('"', "&quot;"));
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            match child {
                Node::Element(e) => e.write_with(out, canonical),
                Node::Text(t) | Node::Raw(t) => out.push_str(t),
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

fn collect_text(e: &Element, out: &mut String) {
    for child in &e.children {
        match child {
            Node::Element(c) => collect_text(c, out),
            Node::Text(t) => out.push_str(t),
            Node::Raw(r) => {
                if let Some(c) = r
                    .strip_prefix("<![CDATA[")
                    .and_then(|r| r.strip_suffix("]]>"))
                {
                    super::xml_text::escape_text(c, out);
                }
            }
        }
    }
}

/// Copy `from`'s attributes and children into `to`, every element of it named with `prefix`.
fn fill(to: &mut Element, from: Element, prefix: &str) {
    to.attrs.extend(from.attrs);
    for node in from.children {
        match node {
            Node::Element(e) => {
                let mut child = Element {
                    name: qualified(prefix, e.local()),
                    attrs: Vec::new(),
                    children: Vec::new(),
                    scope: to.scope.clone(),
                };
                fill(&mut child, e, prefix);
                to.children.push(Node::Element(child));
            }
            other => to.children.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsing and writing back keeps the part as it was, but for `<a></a>` → `<a/>`.
    #[test]
    fn parts_come_back_as_they_were() {
        let cases = [
            (
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<a xmlns=\"u\"><b c='x\"y'>t &amp; &#233;<!-- n --></b><d></d></a>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<a xmlns=\"u\"><b c=\"x&quot;y\">t &amp; &#233;<!-- n --></b><d/></a>",
            ),
            ("<x:a xmlns:x=\"u\"><x:b/></x:a>", "<x:a xmlns:x=\"u\"><x:b/></x:a>"),
            ("<a><![CDATA[<z>]]></a>\n", "<a><![CDATA[<z>]]></a>\n"),
        ];
        for (xml, expected) in cases {
            assert_eq!(
                Document::parse(xml, crate::lang::Lang::Nl)
                    .unwrap()
                    .to_xml(),
                expected,
                "{xml}"
            );
        }
    }

    /// (part, not well-formed)
    #[test]
    fn malformed_parts_are_refused() {
        for xml in [
            "<a><b></a>",
            "<a>",
            "</a>",
            "",
            "<a/><b/>",
            "<a x=\"1\" x=\"2\"/>",
        ] {
            assert!(
                Document::parse(xml, crate::lang::Lang::Nl).is_err(),
                "{xml}"
            );
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(Document::parse(&deep, crate::lang::Lang::Nl).is_err());
    }

    /// Names resolve through the declarations in scope, whatever prefix a producer used.
    #[test]
    fn names_resolve_by_namespace() {
        let xml = format!(
            "<workbook xmlns=\"{NS_MAIN}\"><sheets><sheet xmlns:r=\"{NS_REL}\" name=\"A\" r:id=\"rId1\"/><sheet xmlns:rel=\"{NS_REL}\" name=\"B\" rel:id=\"rId2\"/></sheets></workbook>"
        );
        let doc = Document::parse(&xml, crate::lang::Lang::Nl).unwrap();
        let sheets = doc.root.child(NS_MAIN, "sheets").unwrap();
        let ids: Vec<String> = sheets
            .elements()
            .filter(|e| e.is(NS_MAIN, "sheet"))
            .filter_map(|e| e.attr_ns(NS_REL, "id"))
            .collect();
        assert_eq!(ids, ["rId1", "rId2"]);

        let prefixed = format!("<x:worksheet xmlns:x=\"{NS_MAIN}\"><x:sheetData/></x:worksheet>");
        let doc = Document::parse(&prefixed, crate::lang::Lang::Nl).unwrap();
        assert!(doc.root.is(NS_MAIN, "worksheet"));
        assert!(doc.root.child(NS_MAIN, "sheetData").is_some());
        assert!(!doc.root.is("other", "worksheet"));
    }

    /// (parent, inserted element as written): the document's own prefix where it binds the
    /// namespace, a declaration on the new element where it does not.
    #[test]
    fn inserted_elements_carry_a_bound_prefix() {
        let cases = [
            (format!("<a xmlns=\"{NS_MAIN}\"/>"), "<sheet xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId9\"/>"),
            (format!("<x:a xmlns:x=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\"/>"), "<x:sheet r:id=\"rId9\"/>"),
            (format!("<x:a xmlns:x=\"{NS_MAIN}\" xmlns:rel=\"{NS_REL}\"/>"), "<x:sheet rel:id=\"rId9\"/>"),
            ("<a xmlns=\"other\" xmlns:r=\"q\"/>".to_string(), "<x:sheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r1=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r1:id=\"rId9\"/>"),
            ("<a/>".to_string(), "<sheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId9\"/>"),
        ];
        for (parent, expected) in cases {
            let doc = Document::parse(&parent, crate::lang::Lang::Nl).unwrap();
            let mut sheet = doc.root.make_child(NS_MAIN, "sheet");
            sheet.set_attr_ns(NS_REL, "id", "rId9", "r");
            assert_eq!(sheet.to_xml(), expected, "{parent}");
            assert!(sheet.is(NS_MAIN, "sheet"));
            assert_eq!(sheet.attr_ns(NS_REL, "id").as_deref(), Some("rId9"));
        }
    }

    /// A fragment adopted into a prefixed part takes the part's prefix throughout.
    #[test]
    fn fragments_take_the_parts_prefix() {
        let doc = Document::parse(
            &format!("<x:fonts xmlns:x=\"{NS_MAIN}\"/>"),
            crate::lang::Lang::Nl,
        )
        .unwrap();
        let fonts = doc
            .root
            .adopt(
                NS_MAIN,
                "<font><b/><sz val=\"11\"/></font>",
                crate::lang::Lang::Nl,
            )
            .unwrap();
        assert_eq!(
            fonts[0].to_xml(),
            "<x:font><x:b/><x:sz val=\"11\"/></x:font>"
        );
        assert_eq!(fonts[0].canonical(), "<font><b/><sz val=\"11\"/></font>");
    }
}
