#!/usr/bin/env python3
"""Self-test of validate_ooxml.py: a small hand-written workbook in Excel's style (mc:Ignorable
x14ac/xr attributes, mc:AlternateContent, an extLst, a note with its VML) must pass, and copies
broken in one place each must fail with the expected message.

usage: selftest_validate_ooxml.py [SCHEMA_DIR]   (default: ../schemas beside this script)
Prints one line per case and 'N passed, N failed'; exits 1 if a case failed, 2 without lxml.
"""

import contextlib
import io
import os
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import validate_ooxml  # noqa: E402  (exits 2 when lxml is missing)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MCNS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

PARTS = {
    "[Content_Types].xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>""",
    "_rels/.rels": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PR}">
<Relationship Id="rId1" Type="{OD}/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="{OD}/extended-properties" Target="docProps/app.xml"/>
</Relationships>""",
    "docProps/app.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">
<Application>Microsoft Excel</Application><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>Blad1</vt:lpstr></vt:vector></TitlesOfParts>
</Properties>""",
    "xl/workbook.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MCNS}" mc:Ignorable="x15 xr xr6 xr10 xr2" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2">
<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>
<workbookPr defaultThemeVersion="166925"/>
<mc:AlternateContent xmlns:mc="{MCNS}"><mc:Choice Requires="x15"><x15ac:absPath url="C:\\tmp\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>
<xr:revisionPtr revIDLastSave="0" documentId="8_{{00000000-0000-0000-0000-000000000000}}" xr6:coauthVersionLast="47" xr6:coauthVersionMax="47" xr10:uidLastSave="{{00000000-0000-0000-0000-000000000000}}"/>
<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840" xr2:uid="{{00000000-000D-0000-FFFF-FFFF00000000}}"/></bookViews>
<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets>
<calcPr calcId="191029"/>
<extLst><ext uri="{{140A7094-0E35-4892-8432-C4D2E57EDEB5}}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>
</workbook>""",
    "xl/_rels/workbook.xml.rels": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PR}">
<Relationship Id="rId1" Type="{OD}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{OD}/styles" Target="styles.xml"/>
</Relationships>""",
    "xl/styles.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}" xmlns:mc="{MCNS}" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">
<fonts count="1" x14ac:knownFonts="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
<dxfs count="1"><dxf><font><b/></font></dxf></dxfs>
</styleSheet>""",
    "xl/worksheets/sheet1.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MCNS}" mc:Ignorable="x14ac xr xr2 xr3" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" xr:uid="{{00000000-0001-0000-0000-000000000000}}">
<dimension ref="A1:B2"/>
<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>
<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>
<sheetData>
<row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> Naam </t></is></c><c r="B1"><v>1</v></c></row>
<row r="2" spans="1:2" x14ac:dyDescent="0.25"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><f>B1+1</f><v>2</v></c></row>
</sheetData>
<conditionalFormatting sqref="B1:B2"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>1</formula></cfRule></conditionalFormatting>
<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="C1:C2" xr:uid="{{00000000-0002-0000-0000-000000000000}}"><formula1>"ja,nee"</formula1></dataValidation></dataValidations>
<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
<legacyDrawing r:id="rId1"/>
<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst>
</worksheet>""",
    "xl/worksheets/_rels/sheet1.xml.rels": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PR}">
<Relationship Id="rId1" Type="{OD}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>
<Relationship Id="rId2" Type="{OD}/comments" Target="../comments1.xml"/>
</Relationships>""",
    "xl/comments1.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="{MAIN}" xmlns:mc="{MCNS}" mc:Ignorable="xr" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision">
<authors><author>Tester</author></authors>
<commentList><comment ref="A1" authorId="0" shapeId="0" xr:uid="{{00000000-0006-0000-0000-000001000000}}"><text><r><rPr><b/><sz val="9"/><rFont val="Tahoma"/></rPr><t xml:space="preserve">Tester: </t></r><r><t>notitie</t></r></text></comment></commentList>
</comments>""",
    "xl/drawings/vmlDrawing1.vml": """<xml xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <o:shapelayout v:ext="edit">
  <o:idmap v:ext="edit" data="1"/>
 </o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"
  path="m,l,21600r21600,l21600,xe">
  <v:stroke joinstyle="miter"/>
  <v:path gradientshapeok="t" o:connecttype="rect"/>
 </v:shapetype><v:shape id="_x0000_s1025" type="#_x0000_t202" style='position:absolute;
  margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:1;
  visibility:hidden' fillcolor="#ffffe1" o:insetmode="auto">
  <v:fill color2="#ffffe1"/>
  <v:shadow on="t" color="black" obscured="t"/>
  <v:path o:connecttype="none"/>
  <v:textbox style='mso-direction-alt:auto'>
   <div style='text-align:left'></div>
  </v:textbox>
  <x:ClientData ObjectType="Note">
   <x:MoveWithCells/>
   <x:SizeWithCells/>
   <x:Anchor>
    1, 15, 0, 2, 3, 15, 4, 4</x:Anchor>
   <x:AutoFill>False</x:AutoFill>
   <x:Row>0</x:Row>
   <x:Column>0</x:Column>
  </x:ClientData>
 </v:shape></xml>""",
}

S = "xl/worksheets/sheet1.xml"


def cf_after_dv(s):
    start = s.index("<conditionalFormatting")
    end = s.index("</conditionalFormatting>") + len("</conditionalFormatting>")
    cf = s[start:end]
    s = s[:start] + s[end:]
    return s.replace("</dataValidations>", "</dataValidations>" + cf, 1)


# (name, part, edit, expected substring of the output; None = must pass)
CASES = [
    ("valid Excel-style workbook", None, None, None),
    ("element out of order", S, cf_after_dv,
     "xl/worksheets/sheet1.xml: line 11: Element 'conditionalFormatting': This element is not expected"),
    ("undeclared prefix", S, lambda s: s.replace("<sheetData>", "<sheetData><q:row/>", 1),
     "xl/worksheets/sheet1.xml: line 6: not well-formed: Namespace prefix q on row is not defined"),
    ("attribute not allowed", S, lambda s: s.replace('<sheetFormatPr ', '<sheetFormatPr bogus="1" ', 1),
     "line 5: Element 'sheetFormatPr', attribute 'bogus': The attribute 'bogus' is not allowed. (at /worksheet/sheetFormatPr)"),
    ("bad attribute value", S, lambda s: s.replace('<c r="B1">', '<c r="B1" t="q">', 1),
     '(at /worksheet/sheetData/row[@r="1"]/c[@r="B1"])'),
    ("extension attribute not declared Ignorable", S,
     lambda s: s.replace('mc:Ignorable="x14ac xr xr2 xr3"', 'mc:Ignorable="xr xr2 xr3"', 1),
     "attribute 'x14ac:dyDescent': The attribute 'x14ac:dyDescent' is not allowed"),
    ("Ignorable names an undeclared prefix", S,
     lambda s: s.replace('mc:Ignorable="x14ac xr xr2 xr3"', 'mc:Ignorable="x14ac xr xr2 xr3 x99"', 1),
     "mc:Ignorable names undeclared prefix 'x99'"),
    ("bad xml:space value", S, lambda s: s.replace('xml:space="preserve"', 'xml:space="keep"', 1),
     "attribute 'xml:space': [facet 'enumeration'] The value 'keep'"),
    ("not well-formed", S, lambda s: s.replace("</sheetData>", "</sheetDta>", 1),
     "not well-formed: Opening and ending tag mismatch"),
    ("bad VML", "xl/drawings/vmlDrawing1.vml",
     lambda s: s.replace('ObjectType="Note"', 'ObjectType="Notitie"', 1),
     "xl/drawings/vmlDrawing1.vml: line 19: Element 'x:ClientData', attribute 'ObjectType'"),
    ("Fallback content is validated", "xl/workbook.xml",
     lambda s: s.replace('</mc:Choice></mc:AlternateContent>',
                         '</mc:Choice><mc:Fallback><bogus/></mc:Fallback></mc:AlternateContent>', 1),
     "Element 'bogus': This element is not expected"),
    ("Choice Requires names an undeclared prefix", "xl/workbook.xml",
     lambda s: s.replace('Requires="x15"', 'Requires="x99"', 1),
     "mc:Choice Requires names undeclared prefix 'x99'"),
    ("bad relationship", "xl/_rels/workbook.xml.rels",
     lambda s: s.replace("<Relationship ", '<Relationship Foo="x" ', 1),
     "The attribute 'Foo' is not allowed"),
    ("bad content types", "[Content_Types].xml",
     lambda s: s.replace("<Default ", '<Default Extra="1" ', 1),
     "The attribute 'Extra' is not allowed"),
    ("bad app.xml", "docProps/app.xml",
     lambda s: s.replace("</Properties>", "<Bogus/></Properties>", 1),
     "docProps/app.xml: line 4: Element 'Bogus': This element is not expected"),
]


def build(path, part=None, edit=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            if name == part:
                new = edit(text)
                assert new != text, f"edit of {part} changed nothing"
                text = new
            z.writestr(name, text.encode("utf-8"))


def run(schema_dir, path):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = validate_ooxml.main([schema_dir, path])
    return rc, out.getvalue()


def main():
    schema_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "schemas")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, part, edit, expect) in enumerate(CASES):
            path = os.path.join(tmp, f"case{i}.xlsx")
            build(path, part, edit)
            rc, out = run(schema_dir, path)
            if expect is None:
                ok = rc == 0 and out == ""
            else:
                ok = rc == 1 and expect in out
            print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": rc={rc}\n{out}"))
            passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
