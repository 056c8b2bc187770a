#!/usr/bin/env python3
"""Validate the XML parts of an .xlsx package against the ECMA-376 / ISO/IEC 29500-4 schemas.

usage: validate_ooxml.py SCHEMA_DIR FILE.xlsx [--parts p1,p2,...] [--verbose]

SCHEMA_DIR is tests/schemas (see its README.md). For each part (by default every part whose name
ends in .xml, .rels or .vml) the script

1. parses it (a well-formedness or namespace error is a failure);
2. applies Markup Compatibility (ECMA-376 Part 3): elements and attributes of namespaces that
   are mc:Ignorable in scope are dropped (or unwrapped where mc:ProcessContent says so), unless
   a vendored schema covers that namespace; every mc:AlternateContent is replaced by the
   children of its first mc:Choice whose Requires namespaces are all covered by the vendored
   schemas, else of its mc:Fallback, else dropped (producers require extension namespaces such
   as x14 or a14, so in practice the Fallback is taken); the mc:Ignorable / mc:ProcessContent /
   mc:MustUnderstand attributes are removed (a MustUnderstand namespace that no vendored schema
   covers is a failure, as the spec says). The content of extension elements (extLst/ext) is
   left alone: the schemas accept it through a lax wildcard that needs one child, and Excel
   puts elements of its Ignorable x14/x15 namespaces there;
3. picks the schema by the root element's namespace; a root that no vendored schema covers is
   "not checked" (not a failure);
4. VML parts (root <xml> without namespace, which has no schema) have each child element
   validated on its own against vml-main.xsd and the o:/x:/w10: schemas it imports.

It prints `PART: line N: message (at /path/of/the/element)` for each failing part (its first
error, with `[+N more]`; `--verbose` prints every error, and the parts that passed or were not
checked too). Exit code: 0 no part failed, 1 a part failed (or FILE is not a zip), 2 lxml is
not installed (a test may skip), 3 usage error or a schema file missing.

Besides the extension content above, two deliberate choices (also in the schemas' README):
- sml.xsd types <t> (in shared strings, inline strings and comments) as a bare string, but
  ECMA-376 Part 1 (18.4.12) lets it carry xml:space, and every producer writes
  xml:space="preserve" there. The in-memory copy of sml.xsd gives those <t> elements an optional
  xml:space attribute (typed by xml.xsd, so a bad value still fails). Nothing else is relaxed.
- docProps/core.xml is not validated: opc-coreProperties.xsd imports the Dublin Core schemas
  from dublincore.org, which are not vendored (and there is no network). If SCHEMA_DIR/dcmi/
  holds dc.xsd, dcterms.xsd and dcmitype.xsd (the DCMI 2003-04-02 versions), core.xml is
  validated with them.
"""

import argparse
import os
import re
import sys
import zipfile

try:
    from lxml import etree
except ImportError:  # pragma: no cover
    print("validate_ooxml.py needs lxml (pip install lxml)", file=sys.stderr)
    sys.exit(2)

XSD = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ISO = "ISO-IEC29500-4_2016"
OPC = "ecma/fouth-edition"

# Root namespace -> schema file (relative to SCHEMA_DIR). Every global element of that schema is
# an acceptable root; a root of a known namespace that the schema does not declare globally is a
# failure ("No matching global declaration available for the validation root").
ROOT_SCHEMAS = {
    SML: f"{ISO}/sml.xsd",  # worksheet, workbook, styleSheet, sst, comments, table, ...
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing":
        f"{ISO}/dml-spreadsheetDrawing.xsd",  # xdr:wsDr (xl/drawings/drawingN.xml)
    "http://schemas.openxmlformats.org/drawingml/2006/chart":
        f"{ISO}/dml-chart.xsd",  # c:chartSpace (xl/charts/chartN.xml)
    "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing":
        f"{ISO}/dml-chartDrawing.xsd",  # c:userShapes drawings
    "http://schemas.openxmlformats.org/drawingml/2006/main":
        f"{ISO}/dml-main.xsd",  # a:theme (xl/theme/themeN.xml)
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        f"{ISO}/shared-documentPropertiesExtended.xsd",  # docProps/app.xml
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties":
        f"{ISO}/shared-documentPropertiesCustom.xsd",  # docProps/custom.xml
    "http://schemas.openxmlformats.org/package/2006/content-types":
        f"{OPC}/opc-contentTypes.xsd",  # [Content_Types].xml
    "http://schemas.openxmlformats.org/package/2006/relationships":
        f"{OPC}/opc-relationships.xsd",  # *.rels
}
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CORE_XSD = f"{OPC}/opc-coreProperties.xsd"
VML_XSD = f"{ISO}/vml-main.xsd"  # imports o: (officeDrawing), x: (spreadsheetDrawing), w10:, ...
DCMI = {  # where opc-coreProperties.xsd imports Dublin Core from -> optional local file
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": "dcmi/dc.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": "dcmi/dcterms.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcmitype.xsd": "dcmi/dcmitype.xsd",
}


class Failure(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


class Schemas:
    """Compiled schemas, each compiled once per run."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.cache = {}
        self.understood = {XML_NS, MC}
        for path in set(ROOT_SCHEMAS.values()) | {VML_XSD}:
            self._collect_namespaces(path)

    def _collect_namespaces(self, rel, seen=None):
        """Target namespaces of a schema and its local imports: what MustUnderstand accepts."""
        seen = set() if seen is None else seen
        path = os.path.normpath(os.path.join(self.root, rel))
        if path in seen or not os.path.exists(path):
            return
        seen.add(path)
        doc = etree.parse(path)
        tns = doc.getroot().get("targetNamespace")
        if tns:
            self.understood.add(tns)
        for imp in doc.getroot().iter(f"{{{XSD}}}import", f"{{{XSD}}}include"):
            loc = imp.get("schemaLocation")
            if loc and "://" not in loc:
                self._collect_namespaces(os.path.join(os.path.dirname(rel), loc), seen)

    def get(self, rel):
        if rel not in self.cache:
            path = os.path.join(self.root, rel)
            if not os.path.exists(path):
                print(f"validate_ooxml.py: schema {path} not found", file=sys.stderr)
                sys.exit(3)
            doc = etree.parse(path)
            if rel.endswith("/sml.xsd"):
                _allow_xml_space_on_t(doc)
            self.cache[rel] = etree.XMLSchema(doc)
        return self.cache[rel]

    def core(self):
        """The core-properties schema, or None when the Dublin Core schemas are not present."""
        if "core" not in self.cache:
            local = {url: os.path.join(self.root, p) for url, p in DCMI.items()}
            if not all(os.path.exists(p) for p in local.values()):
                self.cache["core"] = None
            else:
                class Resolver(etree.Resolver):
                    def resolve(self, url, _id, context):
                        if url in local:
                            return self.resolve_filename(local[url], context)
                        return None

                parser = etree.XMLParser(no_network=True)
                parser.resolvers.add(Resolver())
                doc = etree.parse(os.path.join(self.root, CORE_XSD), parser)
                self.cache["core"] = etree.XMLSchema(doc)
        return self.cache["core"]


def _allow_xml_space_on_t(doc):
    """Give sml.xsd's <t> elements (typed s:ST_Xstring) an optional xml:space attribute."""
    root = doc.getroot()
    imp = etree.Element(f"{{{XSD}}}import", namespace=XML_NS, schemaLocation="xml.xsd")
    root.insert(0, imp)
    for el in root.iter(f"{{{XSD}}}element"):
        if el.get("name") == "t" and el.get("type") == "s:ST_Xstring":
            del el.attrib["type"]
            ct = etree.SubElement(el, f"{{{XSD}}}complexType")
            sc = etree.SubElement(ct, f"{{{XSD}}}simpleContent")
            ext = etree.SubElement(sc, f"{{{XSD}}}extension", base="s:ST_Xstring")
            etree.SubElement(ext, f"{{{XSD}}}attribute", ref="xml:space", use="optional")


# ---------------------------------------------------------------- Markup Compatibility

def _prefixes_to_namespaces(el, value, what):
    out = set()
    for prefix in value.split():
        ns = el.nsmap.get(prefix)
        if ns is None:
            raise Failure(el.sourceline, f"mc:{what} names undeclared prefix '{prefix}'")
        out.add(ns)
    return out


def _qnames(el, value, what):
    out = set()
    for qn in value.split():
        prefix, _, local = qn.rpartition(":")
        ns = el.nsmap.get(prefix or None)
        if ns is None:
            raise Failure(el.sourceline, f"mc:{what} names undeclared prefix '{prefix}'")
        out.add((ns, local))
    return out


def _ns(el):
    tag = el.tag
    return tag[1:tag.index("}")] if tag[0] == "{" else None


def _remove_keep_text(el):
    """Remove el from its parent, keeping its tail text."""
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _replace_with_children(el, children):
    """Replace el in its parent by `children` (elements), keeping text around them."""
    parent = el.getparent()
    idx = parent.index(el)
    tail = el.tail
    el.tail = None
    lead = el.text
    parent.remove(el)
    if lead:
        prev = parent[idx - 1] if idx > 0 else None
        if prev is not None:
            prev.tail = (prev.tail or "") + lead
        else:
            parent.text = (parent.text or "") + lead
    for i, ch in enumerate(children):
        parent.insert(idx + i, ch)
    if tail:
        last = children[-1] if children else (parent[idx - 1] if idx > 0 else None)
        if last is not None:
            last.tail = (last.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _mce_attrs(el, ignorable, process, understood):
    """Read and strip the mc: attributes of el; return the scope for its content."""
    a = el.attrib
    if not a:
        return ignorable, process
    ign = a.get(f"{{{MC}}}Ignorable")
    if ign is not None:
        # A namespace that the validator understands is not ignored even when declared
        # Ignorable (ECMA-376 Part 3, 10.1.1): its markup is validated as usual.
        ignorable = ignorable | (_prefixes_to_namespaces(el, ign, "Ignorable") - understood)
    pc = a.get(f"{{{MC}}}ProcessContent")
    if pc is not None:
        process = process | _qnames(el, pc, "ProcessContent")
    mu = a.get(f"{{{MC}}}MustUnderstand")
    if mu is not None:
        for ns in _prefixes_to_namespaces(el, mu, "MustUnderstand"):
            if ns not in understood:
                raise Failure(el.sourceline, f"mc:MustUnderstand names namespace {ns}, "
                                             "which no vendored schema covers")
    for name in list(a):
        if name.startswith("{"):
            ns = name[1:].split("}", 1)[0]
            if ns == MC or ns in ignorable:
                del a[name]
    return ignorable, process


def _mce(el, ignorable, process, understood):
    """Apply Markup Compatibility to the content of el (already processed itself)."""
    for ch in list(el):  # a snapshot: indexing an lxml element is linear in the index
        if not isinstance(ch.tag, str):  # comment / processing instruction
            continue
        ns = _ns(ch)
        if ns == MC and etree.QName(ch).localname == "AlternateContent":
            ign, pc = _mce_attrs(ch, ignorable, process, understood)
            chosen = None
            for branch in ch:
                if not isinstance(branch.tag, str):
                    continue
                if branch.tag == f"{{{MC}}}Choice":
                    req = branch.get("Requires")
                    if req is None:
                        raise Failure(branch.sourceline, "mc:Choice without Requires")
                    # The first Choice whose required namespaces are all understood is taken;
                    # in practice they name extension namespaces (x14, a14, ...), so the
                    # Fallback is.
                    if _prefixes_to_namespaces(branch, req, "Choice Requires") <= understood:
                        chosen = branch
                        break
                elif branch.tag == f"{{{MC}}}Fallback":
                    chosen = branch
                    break
            kids = []
            if chosen is not None:
                # The chosen content lives in the scope of AlternateContent and the branch:
                # process it there, inside the branch element, before lifting it out.
                ign, pc = _mce_attrs(chosen, ign, pc, understood)
                _mce(chosen, ign, pc, understood)
                kids = list(chosen)
            _replace_with_children(ch, kids)
        elif ns in ignorable:
            if (ns, etree.QName(ch).localname) in process:
                ign, pc = _mce_attrs(ch, ignorable, process, understood)
                _mce(ch, ign, pc, understood)
                _replace_with_children(ch, list(ch))
            else:
                _remove_keep_text(ch)
        else:
            ign, pc = _mce_attrs(ch, ignorable, process, understood)
            if _is_extension(ch):
                # Extension content (extLst/ext) is left as written: the schemas take it with a
                # lax wildcard that needs one child, and Excel fills it with elements of its
                # Ignorable x14/x15 namespaces, so dropping them would leave an <ext> that the
                # schema rejects though Excel's markup is right.
                continue
            _mce(ch, ign, pc, understood)


def _is_extension(el):
    parent = el.getparent()
    return (el.tag.endswith("}ext") and parent is not None
            and parent.tag.endswith("}extLst"))


def apply_mce(root, understood):
    if _ns(root) == MC:
        raise Failure(root.sourceline, "root element is in the markup-compatibility namespace")
    ign, pc = _mce_attrs(root, frozenset(), frozenset(), understood)
    _mce(root, ign, pc, understood)


# ---------------------------------------------------------------- validation

MAX_TAGGED = 65534  # libxml2 keeps a node's line number in an unsigned short
KEY_ATTRS = ("r", "ref", "sqref", "name", "Id", "id", "PartName", "Extension", "idx")


class Locator:
    """Say where a schema error is, also in parts written on one line.

    libxml2 reports an error with the line number of the element concerned. Before validation
    each element's line number is replaced by a serial number (when the part has few enough
    elements), so that the error leads back to the element: its original line and a path such as
    /worksheet/sheetData/row[@r="2"]/c[@r="B2"] are reported. The path is taken before Markup
    Compatibility processing, so it is the path in the part as written.
    """

    def __init__(self, root):
        self.where = None
        elements = [el for el in root.iter() if isinstance(el.tag, str)]
        if len(elements) > MAX_TAGGED:
            return  # keep the parser's line numbers; no paths
        self.where = {}
        paths = {}
        totals = {}  # parent -> {tag: number of such children}
        seen = {}  # parent -> {tag: children of that tag so far}
        for n, el in enumerate(elements, start=1):
            parent = el.getparent()
            step = self._name(el)
            key = next((k for k in KEY_ATTRS if el.get(k) is not None), None)
            if key is not None:
                step += f'[@{key}="{el.get(key)}"]'
            elif parent is not None:
                if parent not in totals:
                    t = totals[parent] = {}
                    for sib in parent:
                        t[sib.tag] = t.get(sib.tag, 0) + 1
                    seen[parent] = {}
                k = seen[parent][el.tag] = seen[parent].get(el.tag, 0) + 1
                if totals[parent][el.tag] > 1:
                    step += f"[{k}]"
            paths[el] = (paths[parent] if parent is not None else "") + "/" + step
            self.where[n] = (el.sourceline, paths[el])
            el.sourceline = n

    @staticmethod
    def _name(el):
        local = etree.QName(el).localname
        return f"{el.prefix}:{local}" if el.prefix else local

    def __call__(self, line):
        """(original line, path) for a line number reported by libxml2."""
        if self.where is None:
            return line, ""
        return self.where.get(line, (line, ""))


PREFIXES = {  # for shorter messages: '{namespace}name' -> 'prefix:name'
    SML: "sml",
    "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac": "x14ac",
    "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main": "x14",
    "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main": "x15",
    "http://schemas.microsoft.com/office/spreadsheetml/2014/revision": "xr",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes": "s",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": "xdr",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "c",
    "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing": "cdr",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": "ep",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "op",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes": "vt",
    "http://schemas.openxmlformats.org/package/2006/content-types": "ct",
    "http://schemas.openxmlformats.org/package/2006/relationships": "pr",
    CORE_NS: "cp",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "urn:schemas-microsoft-com:vml": "v",
    "urn:schemas-microsoft-com:office:office": "o",
    "urn:schemas-microsoft-com:office:excel": "x",
    "urn:schemas-microsoft-com:office:word": "w10",
    XML_NS: "xml",
    MC: "mc",
}


def _shorten(message, default_ns):
    """Write '{namespace}name' as 'name' in the part's own namespace, else as 'prefix:name'."""
    def repl(m):
        ns, name = m.group(1), m.group(2)
        if ns == default_ns:
            return name
        return f"{PREFIXES[ns]}:{name}" if ns in PREFIXES else m.group(0)
    return re.sub(r"\{([^{}]*)\}([\w.-]+)", repl, message)


def _errors(schema, locate, default_ns):
    out = []
    for e in schema.error_log:
        line, path = locate(e.line)
        msg = _shorten(e.message, default_ns)
        out.append((line, f"{msg} (at {path})" if path else msg))
    return out


def check_part(name, data, schemas):
    """Return ("ok" | "not checked: why" , []) or ("fail", [(line, message), ...])."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        msg = e.msg if hasattr(e, "msg") and e.msg else str(e)
        return "fail", [(e.lineno, f"not well-formed: {msg}")]
    locate = Locator(root)
    try:
        # Without the markup-compatibility namespace there is nothing to process (the test
        # is on bytes: anything but plain UTF-8/ASCII starting with '<' is processed anyway).
        if MC.encode() in data or data[:1] != b"<":
            apply_mce(root, schemas.understood)
    except Failure as f:
        line, path = locate(f.line)
        return "fail", [(line, f"{f.message} (at {path})" if path else f.message)]

    qn = etree.QName(root)
    if qn.namespace is None and qn.localname == "xml":
        # VML: the <xml> wrapper has no schema; each child is a v:/o:/x: element of its own.
        schema = schemas.get(VML_XSD)
        errors = []
        for ch in root:
            if not isinstance(ch.tag, str):
                continue
            if not schema.validate(ch):
                errors += _errors(schema, locate, ch.nsmap.get(None))
        return ("fail", errors) if errors else ("ok", [])
    if qn.namespace == CORE_NS:
        schema = schemas.core()
        if schema is None:
            # Skipped on purpose: opc-coreProperties.xsd imports dc.xsd / dcterms.xsd from
            # dublincore.org, which are not vendored and cannot be fetched (no network).
            return "not checked (Dublin Core schemas not vendored)", []
    elif qn.namespace in ROOT_SCHEMAS:
        schema = schemas.get(ROOT_SCHEMAS[qn.namespace])
    else:
        return f"not checked (no schema for root {qn.text})", []
    if schema.validate(root):
        return "ok", []
    return "fail", _errors(schema, locate, qn.namespace)


def default_parts(names):
    return [n for n in names if n.lower().endswith((".xml", ".rels", ".vml"))]


def main(argv=None):
    class Parser(argparse.ArgumentParser):
        def error(self, message):
            self.print_usage(sys.stderr)
            print(f"validate_ooxml.py: {message}", file=sys.stderr)
            sys.exit(3)

    ap = Parser(description=__doc__.split("\n\n")[0])
    ap.add_argument("schema_dir")
    ap.add_argument("file")
    ap.add_argument("--parts", help="comma-separated part names (default: all XML parts)")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)

    schemas = Schemas(args.schema_dir)
    try:
        zf = zipfile.ZipFile(args.file)
    except (OSError, zipfile.BadZipFile) as e:
        print(f"{args.file}: not a readable zip package: {e}")
        return 1
    with zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        if args.parts:
            parts = [p.strip().lstrip("/") for p in args.parts.split(",") if p.strip()]
        else:
            parts = default_parts(names)
        failed = False
        for part in parts:
            if part not in names:
                print(f"{part}: line 0: part not found in package")
                failed = True
                continue
            status, errors = check_part(part, zf.read(part), schemas)
            if status == "fail":
                failed = True
                shown = errors if args.verbose else errors[:1]
                for line, msg in shown:
                    more = ""
                    if not args.verbose and len(errors) > 1:
                        more = f" [+{len(errors) - 1} more]"
                    print(f"{part}: line {line}: {msg}{more}")
            elif args.verbose:
                print(f"{part}: {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
