#!/usr/bin/python3
"""Edit a workbook in LibreOffice, as a user would, and save it as xlsx.

    /usr/bin/python3 tests/tools/lo_edit.py IN.xlsx OUT.xlsx EDITS.json
    /usr/bin/python3 tests/tools/lo_edit.py --batch JOBS.json

The batch form edits many workbooks in one LibreOffice session: JOBS is a list of
{"in": path, "out": path, "edits": [...]}; it prints one JSON line per job ({"out", "ok",
"error"}) and goes on after a job that fails.

Runs a headless LibreOffice (its own profile, a pipe of its own) through UNO, opens IN, applies
the edits in order and stores OUT with LibreOffice's own xlsx filter. Columns are found by the
text of their header cell (the first cell in the sheet's first 30 rows that shows it), so a test
says "insert a column before DPIA-advies" rather than a column letter. Each edit is an object:

    {"op": "insert_col", "sheet": S, "before": H, "header": T, "cells": {"2": "x"}}
        a column before header H's column, T in the header cell; cells by row offset below it
    {"op": "delete_col", "sheet": S, "header": H}
    {"op": "move_col", "sheet": S, "header": H, "before": H2}   cut H, insert before H2
    {"op": "set", "sheet": S, "cell": "B3", "text": T}          or "formula": "=A1*2"
    {"op": "set_below", "sheet": S, "header": H, "row": N, "text": T}   N rows below H
    {"op": "link", "sheet": S, "header": H, "row": N, "url": U, "text": T}
    {"op": "note", "sheet": S, "cell": "B3", "text": T}
    {"op": "note_on", "sheet": S, "header": H, "text": T}      a note on a header cell
    {"op": "fill", "sheet": S, "header": H, "row": N, "color": 0xFFFF00}   a background colour
    {"op": "formula_below", "sheet": S, "header": H, "row": N, "formula": "=A1*2"}
    {"op": "insert_row", "sheet": S, "row": N}                  0-based, before row N

Exit 2 when UNO is not available (python3-uno); 1 when the single edit job fails.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.table import CellAddress
except ImportError:
    print("python3-uno is not installed", file=sys.stderr)
    sys.exit(2)


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def find_header(sheet, text):
    for row in range(30):
        for col in range(200):
            if sheet.getCellByPosition(col, row).getString() == text:
                return row, col
    raise SystemExit(f"no header '{text}' on sheet {sheet.getName()}")


def apply(doc, edits):
    for e in edits:
        sheet = doc.Sheets.getByName(e["sheet"])
        op = e["op"]
        if op == "insert_col":
            row, col = find_header(sheet, e["before"])
            sheet.Columns.insertByIndex(col, 1)
            sheet.getCellByPosition(col, row).setString(e["header"])
            for offset, text in e.get("cells", {}).items():
                sheet.getCellByPosition(col, row + int(offset)).setString(text)
        elif op == "delete_col":
            _, col = find_header(sheet, e["header"])
            sheet.Columns.removeByIndex(col, 1)
        elif op == "move_col":
            _, col = find_header(sheet, e["header"])
            _, to = find_header(sheet, e["before"])
            sheet.Columns.insertByIndex(to, 1)
            if col >= to:
                col += 1
            source = sheet.getColumns().getByIndex(col).getRangeAddress()
            target = sheet.getCellByPosition(to, 0).getCellAddress()
            sheet.moveRange(target, source)
            sheet.Columns.removeByIndex(col, 1)
        elif op == "set":
            cell = sheet.getCellRangeByName(e["cell"])
            if "formula" in e:
                cell.setFormula(e["formula"])
            else:
                cell.setString(e["text"])
        elif op == "set_below":
            row, col = find_header(sheet, e["header"])
            sheet.getCellByPosition(col, row + e["row"]).setString(e["text"])
        elif op == "link":
            row, col = find_header(sheet, e["header"])
            cell = sheet.getCellByPosition(col, row + e["row"])
            field = doc.createInstance("com.sun.star.text.TextField.URL")
            field.URL = e["url"]
            field.Representation = e["text"]
            cell.setString("")
            cell.insertTextContent(cell.createTextCursor(), field, False)
        elif op == "note":
            cell = sheet.getCellRangeByName(e["cell"])
            sheet.getAnnotations().insertNew(cell.getCellAddress(), e["text"])
        elif op == "note_on":
            row, col = find_header(sheet, e["header"])
            cell = sheet.getCellByPosition(col, row)
            sheet.getAnnotations().insertNew(cell.getCellAddress(), e["text"])
        elif op == "fill":
            row, col = find_header(sheet, e["header"])
            sheet.getCellByPosition(col, row + e["row"]).CellBackColor = e["color"]
        elif op == "formula_below":
            row, col = find_header(sheet, e["header"])
            sheet.getCellByPosition(col, row + e["row"]).setFormula(e["formula"])
        elif op == "insert_row":
            sheet.Rows.insertByIndex(e["row"], 1)
        else:
            raise SystemExit(f"unknown edit {op}")


def edit(desktop, src, dst, edits):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),)
    )
    if doc is None:
        raise SystemExit(f"LibreOffice could not open {src}")
    try:
        apply(doc, edits)
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(dst)),
            (prop("FilterName", "Calc Office Open XML"),),
        )
    finally:
        doc.close(True)


def main():
    if sys.argv[1] == "--batch":
        with open(sys.argv[2], encoding="utf-8") as f:
            jobs = json.load(f)
    else:
        src, dst, edits_path = sys.argv[1:4]
        with open(edits_path, encoding="utf-8") as f:
            jobs = [{"in": src, "out": dst, "edits": json.load(f)}]
    profile = tempfile.mkdtemp(prefix="lo-edit-")
    pipe = f"lo_edit_{os.getpid()}"
    office = shutil.which("soffice") or shutil.which("libreoffice")
    proc = subprocess.Popen(
        [
            office,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failed = False
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for job in jobs:
            try:
                edit(desktop, job["in"], job["out"], job["edits"])
                print(json.dumps({"out": job["out"], "ok": True}), flush=True)
            except BaseException as e:  # one job's failure is reported, the others go on
                failed = True
                print(json.dumps({"out": job["out"], "ok": False, "error": str(e)}), flush=True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    if failed and len(jobs) == 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
