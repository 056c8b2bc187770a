#!/usr/bin/env python3
"""Random owner's edits of an annotated register, with openpyxl: the property test's edits.

    python3 tests/tools/random_edits.py IN.xlsx SHEET SEED COUNT OUTDIR

Writes OUTDIR/edit-<i>.xlsx for i in 0..COUNT, each with one to three edits drawn from SEED+i
in and around the tool's columns of SHEET (found by their headers: the cell `DPIA-advies` marks
the header row, the tool's columns are those from `Niveau ...` to `Datakwaliteit`):

    insert   a column of the user's at a random place in or beside the block, with cells
    delete   one of the tool's columns
    move     one of the tool's columns to another place in the block
    above    text above the header row, over the block
    note     a note on a header cell of the user's
    value    a value in a cell of the user's
    right    a column of the user's right of the block

Prints one JSON line per file: its name and the edits made. openpyxl moves cells and their
notes, not defined names, as a script that edits a register would.
"""
import json
import random
import sys

import openpyxl
from openpyxl.comments import Comment

TOOL_FIRST = "Niveau "
TOOL_LAST = "Datakwaliteit"


def header_row(ws):
    for row in ws.iter_rows(min_row=1, max_row=30):
        for c in row:
            if c.value == "DPIA-advies":
                return c.row
    raise SystemExit("no DPIA-advies header")


def headers(ws, h):
    return {c.column: c.value for c in ws[h] if c.value is not None}


def block(ws, h):
    cols = headers(ws, h)
    tool = [c for c, v in cols.items() if isinstance(v, str) and (v.startswith(TOOL_FIRST) or v in (
        "Risicoscore", "Risicoklasse", "Aantal hoog", "DPIA-advies", "Signalen", "Onderbouwing", TOOL_LAST))]
    return min(tool), max(tool), tool


def move_column(ws, src, dst):
    """Move column src before column dst (1-based), cells and notes with it."""
    ws.insert_cols(dst)
    if src >= dst:
        src += 1
    for r in range(1, ws.max_row + 1):
        a = ws.cell(row=r, column=src)
        b = ws.cell(row=r, column=dst)
        b.value = a.value
        b._style = a._style
        if a.comment is not None:
            b.comment = Comment(a.comment.text, a.comment.author)
            a.comment = None
    ws.delete_cols(src)


def edit(path, sheet, seed, out):
    rnd = random.Random(seed)
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    h = header_row(ws)
    done = []
    for _ in range(rnd.randint(1, 3)):
        first, last, tool = block(ws, h)
        kind = rnd.choice(["insert", "delete", "move", "above", "note", "value", "right"])
        if kind == "insert":
            col = rnd.randint(first - 1, last + 1)
            ws.insert_cols(col)
            ws.cell(row=h, column=col).value = f"Eigen {seed}-{len(done)}"
            for r in rnd.sample(range(h + 1, ws.max_row + 1), 3):
                ws.cell(row=r, column=col).value = f"x{r}"
            done.append([kind, col])
        elif kind == "delete" and len(tool) > 1:
            col = rnd.choice(tool)
            done.append([kind, ws.cell(row=h, column=col).value])
            ws.delete_cols(col)
        elif kind == "move":
            src = rnd.choice(tool)
            dst = rnd.randint(first, last)
            if dst != src:
                done.append([kind, ws.cell(row=h, column=src).value, dst])
                move_column(ws, src, dst)
        elif kind == "above" and h > 1:
            col = rnd.randint(first, last)
            ws.cell(row=rnd.randint(1, h - 1), column=col).value = f"Titel {seed}"
            done.append([kind, col])
        elif kind == "note":
            users = [c for c in headers(ws, h) if c < first]
            col = rnd.choice(users)
            ws.cell(row=h, column=col).comment = Comment(f"notitie {seed}", "Eigenaar")
            done.append([kind, col])
        elif kind == "value":
            users = [c for c in headers(ws, h) if c < first]
            col = rnd.choice(users)
            r = rnd.randint(h + 1, ws.max_row)
            ws.cell(row=r, column=col).value = f"gewijzigd {seed}"
            done.append([kind, col, r])
        elif kind == "right":
            col = last + rnd.randint(1, 3)
            ws.cell(row=h, column=col).value = f"Rechts {seed}"
            ws.cell(row=h + 1, column=col).value = "r"
            done.append([kind, col])
    wb.save(out)
    return done


def main():
    src, sheet, seed, count, outdir = sys.argv[1:6]
    for i in range(int(count)):
        name = f"edit-{i}.xlsx"
        done = edit(src, sheet, int(seed) + i, f"{outdir}/{name}")
        print(json.dumps({"file": name, "edits": done}))


if __name__ == "__main__":
    main()
