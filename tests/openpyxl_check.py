#!/usr/bin/env python3
"""openpyxl as an independent reader and editor of annotated workbooks, for the integration
tests in tests/integration/inplace.rs.

  openpyxl_check.py dump FILE
      Print, as JSON, what openpyxl reads from FILE: sheets and their state, workbook and sheet
      defined names, per sheet its data validations, notes (comments), tables, print setup,
      freeze panes, tab colour, merged cells, conditional formats, hyperlinks, custom row heights
      and the number format of every cell that has one other than General; and the document
      properties. The Rust test asserts on it.

  openpyxl_check.py edit IN OUT
      Open IN, and on the Maatregelen sheet set the first measure's Status to 'gerealiseerd' and
      add a column 'Kosten' with the value 1250 on that row; save as OUT. Print the activity and
      measure ids of the edited row as JSON.

Exit code 2 when openpyxl cannot be imported (the test then skips).
"""

import json
import sys
import warnings

try:
    import openpyxl
except ImportError:  # pragma: no cover - the test skips
    print("openpyxl is not installed", file=sys.stderr)
    sys.exit(2)

warnings.simplefilter("ignore")


def dump(path):
    wb = openpyxl.load_workbook(path)
    out = {
        "sheets": [[ws.title, ws.sheet_state] for ws in wb.worksheets],
        "names": {name: dn.attr_text for name, dn in wb.defined_names.items()},
        "properties": {
            "title": wb.properties.title,
            "creator": wb.properties.creator,
            "custom": {p.name: str(p.value) for p in wb.custom_doc_props.props},
        },
        "sheet": {},
    }
    for ws in wb.worksheets:
        tab = ws.sheet_properties.tabColor
        pup = ws.sheet_properties.pageSetUpPr
        notes = {}
        formats = {}
        values = {}
        links = {}
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None:
                    notes[c.coordinate] = [c.comment.text, c.comment.author]
                if c.number_format and c.number_format != "General":
                    formats[c.coordinate] = c.number_format
                if c.value is not None:
                    values[c.coordinate] = str(c.value)
                if c.hyperlink is not None:
                    links[c.coordinate] = [
                        c.hyperlink.target or "",
                        c.hyperlink.location or "",
                    ]
        out["sheet"][ws.title] = {
            "names": {name: dn.attr_text for name, dn in ws.defined_names.items()},
            "validations": [
                [str(dv.sqref), dv.type, dv.formula1]
                for dv in ws.data_validations.dataValidation
            ],
            "notes": notes,
            "tables": {name: ref for name, ref in ws.tables.items()},
            "print": {
                "orientation": ws.page_setup.orientation,
                "fit_to_page": bool(pup is not None and pup.fitToPage),
                "fit_width": ws.page_setup.fitToWidth,
                "fit_height": ws.page_setup.fitToHeight,
                "area": ws.print_area,
                "title_rows": ws.print_title_rows,
                "header": ws.oddHeader.center.text,
                "footer": ws.oddFooter.right.text,
            },
            "freeze_panes": ws.freeze_panes,
            "tab_color": tab.rgb if tab is not None else None,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "conditional_formats": sorted(
                [str(cf.sqref), r.type, r.operator, list(r.formula or [])]
                for cf in ws.conditional_formatting
                for r in cf.rules
            ),
            "hyperlinks": links,
            "row_heights": {
                str(i): d.height
                for i, d in ws.row_dimensions.items()
                if d.customHeight and d.height is not None
            },
            "auto_filter": ws.auto_filter.ref,
            "formats": formats,
            "values": values,
        }
    print(json.dumps(out, ensure_ascii=False, indent=1))


def edit(src, dst):
    wb = openpyxl.load_workbook(src)
    ws = wb["Maatregelen"]
    header = [c.value for c in ws[1]]
    status = header.index("Status") + 1
    activity = header.index("Activiteit-ID") + 1
    measure = header.index("Maatregel-ID") + 1
    extra = len(header) + 1
    while header and header[-1] is None:
        header.pop()
        extra = len(header) + 1
    ws.cell(row=1, column=extra, value="Kosten")
    ws.cell(row=2, column=status, value="gerealiseerd")
    ws.cell(row=2, column=extra, value=1250)
    wb.save(dst)
    print(
        json.dumps(
            {
                "activity": str(ws.cell(row=2, column=activity).value),
                "measure": str(ws.cell(row=2, column=measure).value),
            }
        )
    )


def main(argv):
    if len(argv) == 3 and argv[1] == "dump":
        dump(argv[2])
    elif len(argv) == 4 and argv[1] == "edit":
        edit(argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
