#!/usr/bin/env python3
"""Builds the spreadsheet fixtures in tests/fixtures/sheets/.

* justice-2026.xlsx and justice-2026.xls: the tables of
  corpus/shanghai-putuo-justice-bureau-2026-unit-budget.txt, one sheet per table as the
  Shanghai budget templates are laid out (title row merged across the table, a row with
  编制单位 and 单位, a two-level header with merged cells, then the rows). The cells come from
  the JSON the text gives (output/shanghai-putuo-justice-bureau-2026-unit-budget-*.json, made by
  `cargo run --release -- corpus -o output`): each table's `raw` cells, amounts stored as
  numbers with a `#,##0.00` (or `#,##0`) format as the finance systems export them, codes as
  text.
* constructs.xlsx: merged header cells, formulas with cached values, a hidden sheet, an empty
  sheet, a sheet titled only by its name, a percentage and a date.
* constructs.xls: the same for the legacy format (no formulas: xlwt writes no cached values).
* hostile/corners.xlsx and hostile/corners.xls: two cells at opposite corners of a sheet, whose
  grid would span every position of the sheet (17 billion in .xlsx, 16 million in .xls).

Needs openpyxl and xlwt (`pip install openpyxl xlwt`). Deterministic: run it again and the
files read the same (zip timestamps aside).
"""

import datetime
import glob
import json
import os
import re
import sys
import zipfile

import openpyxl
import xlwt
from openpyxl.styles import Alignment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "sheets")
AMOUNT = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?$")
DEPARTMENT = "上海市普陀区司法局"


def justice_tables():
    pattern = os.path.join(ROOT, "output", "shanghai-putuo-justice-bureau-2026-unit-budget-*.json")
    paths = sorted(glob.glob(pattern))
    if not paths:
        sys.exit("run `cargo run --release -- corpus -o output` first: " + pattern)
    with open(paths[0], encoding="utf-8") as f:
        return json.load(f)["tables"]


def header_rows(columns):
    """Two header rows from labels like 功能分类科目编码/类: the group above, the column below.
    Returns the rows and the merges as (first_row, first_col, last_row, last_col), 0-based."""
    top, bottom, merges = [], [], []
    for i, column in enumerate(columns):
        group, _, name = column["label"].rpartition("/")
        if group:
            top.append(group)
            bottom.append(name)
        else:
            top.append(name)
            bottom.append("")
            merges.append((0, i, 1, i))
    i = 0
    while i < len(columns):
        j = i
        while j + 1 < len(columns) and bottom[i] and bottom[j + 1] and top[j + 1] == top[i]:
            j += 1
        if j > i:
            merges.append((0, i, 0, j))
            for k in range(i + 1, j + 1):
                top[k] = ""
        i = j + 1
    return [top, bottom], merges


def body_rows(table):
    """The table's rows as printed; a two-sided table's sides side by side again."""
    columns = table["columns"]
    if not any(c.get("side") for c in columns):
        return [row["raw"] for row in table["rows"]]
    width = {side: sum(1 for c in columns if c.get("side") == side) for side in ("revenue", "expenditure")}
    rows = {}
    for row in table["rows"]:
        cells = list(row["raw"])[: width[row["side"]]]
        cells += [""] * (width[row["side"]] - len(cells))
        rows.setdefault(row["row"], {})[row["side"]] = cells
    out = []
    for number in sorted(rows):
        sides = rows[number]
        out.append(sides.get("revenue", [""] * width["revenue"]) + sides.get("expenditure", [""] * width["expenditure"]))
    return out


def sheet_layout(table):
    """(rows, merges, unit) of one table's sheet: title, unit line, header, body."""
    columns = table["columns"]
    width = len(columns)
    unit = "单位:万元" if table["source_unit"] == "万元" else "单位：元"
    if any(c.get("side") for c in columns):
        header, header_merges = [[c["label"] for c in columns]], []
    else:
        header, header_merges = header_rows(columns)
    rows = [[table["title"]] + [""] * (width - 1), ["编制单位：" + DEPARTMENT] + [""] * (width - 2) + [unit]]
    merges = [(0, 0, 0, width - 1)]
    rows += header
    merges += [(r + 2, c0, r1 + 2, c1) for (r, c0, r1, c1) in header_merges]
    rows += body_rows(table)
    return rows, merges


def number_format(text):
    return "#,##0.00" if "." in text else "#,##0"


def write_justice_xlsx(tables, path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n, table in enumerate(tables, 1):
        ws = wb.create_sheet(f"表{n}")
        rows, merges = sheet_layout(table)
        header_end = 2 + (1 if any(c.get("side") for c in table["columns"]) else 2)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text == "":
                    continue
                cell = ws.cell(row=r + 1, column=c + 1)
                if r >= header_end and AMOUNT.match(text) and not is_code(table, c):
                    cell.value = float(text.replace(",", ""))
                    cell.number_format = number_format(text)
                else:
                    cell.value = text
        for (r0, c0, r1, c1) in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    wb.save(path)


def is_code(table, column):
    columns = table["columns"]
    return column < len(columns) and columns[column]["key"].endswith("_code")


def write_justice_xls(tables, path):
    wb = xlwt.Workbook(encoding="utf-8")
    formats = {f: xlwt.easyxf(num_format_str=f) for f in ("#,##0.00", "#,##0")}
    for n, table in enumerate(tables, 1):
        ws = wb.add_sheet(f"表{n}")
        rows, merges = sheet_layout(table)
        header_end = 2 + (1 if any(c.get("side") for c in table["columns"]) else 2)
        covered = set()
        for (r0, c0, r1, c1) in merges:
            ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text == "" or (r, c) in covered:
                    continue
                if r >= header_end and AMOUNT.match(text) and not is_code(table, c):
                    ws.write(r, c, float(text.replace(",", "")), formats[number_format(text)])
                else:
                    ws.write(r, c, text)
    wb.save(path)


# The constructs workbook: what a reader of spreadsheets has to get right.
CONSTRUCTS_TITLE = "2025年部门支出预算表"
CONSTRUCTS_ROWS = [
    # code, name, basic, project (万元); the total is a formula
    ("201", "一般公共服务支出", 1200.5, 300.25),
    ("20101", "人大事务", 1200.5, 300.25),
    ("2010101", "行政运行", 1200.5, 300.25),
]


def write_constructs_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出表"
    ws["A1"] = CONSTRUCTS_TITLE
    ws.merge_cells("A1:E1")
    ws["E2"] = "单位：万元"
    ws["A3"] = "功能分类科目编码"
    ws.merge_cells("A3:A4")
    ws["B3"] = "功能分类科目名称"
    ws.merge_cells("B3:B4")
    ws["C3"] = "支出预算"
    ws.merge_cells("C3:E3")
    ws["C4"], ws["D4"], ws["E4"] = "合计", "基本支出", "项目支出"
    cached = {}
    for i, (code, name, basic, project) in enumerate(CONSTRUCTS_ROWS):
        r = 5 + i
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=name)
        ws.cell(row=r, column=3, value=f"=D{r}+E{r}").number_format = "#,##0.00"
        cached[f"C{r}"] = basic + project
        ws.cell(row=r, column=4, value=basic).number_format = "#,##0.00"
        ws.cell(row=r, column=5, value=project).number_format = "#,##0.00"
    r = 5 + len(CONSTRUCTS_ROWS)
    ws.cell(row=r, column=2, value="合计")
    for col, letter in ((3, "C"), (4, "D"), (5, "E")):
        ws.cell(row=r, column=col, value=f"={letter}5").number_format = "#,##0.00"
    cached[f"C{r}"] = CONSTRUCTS_ROWS[0][2] + CONSTRUCTS_ROWS[0][3]
    cached[f"D{r}"] = CONSTRUCTS_ROWS[0][2]
    cached[f"E{r}"] = CONSTRUCTS_ROWS[0][3]

    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "不应读出的隐藏表"
    hidden.sheet_state = "hidden"
    wb.create_sheet("空表")
    named = wb.create_sheet("部门收入预算表")
    named.append(["项目", "金额", "比上年", "日期"])
    named.append(["财政拨款收入", 4844.56, 0.1234, datetime.date(2025, 1, 31)])
    named["B2"].number_format = "#,##0.00"
    named["C2"].number_format = "0.0%"
    named["D2"].number_format = "yyyy-mm-dd"
    wb.save(path)
    add_cached_values(path, "xl/worksheets/sheet1.xml", cached)


def add_cached_values(path, part, cached):
    """openpyxl writes formulas without the value Excel caches beside them: add it, as a file
    saved by Excel holds it."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == part:
                xml = data.decode("utf-8")
                for ref, value in cached.items():
                    xml, n = re.subn(
                        rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/>|(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v></v>',
                        lambda m: f"{m.group(1) or m.group(3)}<f>{m.group(2) or m.group(4)}</f><v>{value!r}</v>",
                        xml,
                    )
                    if n == 0:
                        xml, n = re.subn(
                            rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(</c>)',
                            lambda m: f"{m.group(1)}<f>{m.group(2)}</f><v>{value!r}</v>{m.group(3)}",
                            xml,
                        )
                    if n != 1:
                        sys.exit(f"formula cell {ref} not found in {part}")
                data = xml.encode("utf-8")
            z.writestr(info, data)


def write_constructs_xls(path):
    wb = xlwt.Workbook(encoding="utf-8")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    ws = wb.add_sheet("支出表")
    ws.write_merge(0, 0, 0, 4, CONSTRUCTS_TITLE)
    ws.write(1, 4, "单位：万元")
    ws.write_merge(2, 3, 0, 0, "功能分类科目编码")
    ws.write_merge(2, 3, 1, 1, "功能分类科目名称")
    ws.write_merge(2, 2, 2, 4, "支出预算")
    for c, label in enumerate(("合计", "基本支出", "项目支出"), 2):
        ws.write(3, c, label)
    for i, (code, name, basic, project) in enumerate(CONSTRUCTS_ROWS):
        r = 4 + i
        ws.write(r, 0, code)
        ws.write(r, 1, name)
        ws.write(r, 2, basic + project, money)
        ws.write(r, 3, basic, money)
        ws.write(r, 4, project, money)
    hidden = wb.add_sheet("隐藏")
    hidden.write(0, 0, "不应读出的隐藏表")
    hidden.visibility = 1
    wb.add_sheet("空表")
    wb.save(path)


def write_corners(directory):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "部门收支总表"
    ws["XFD1048576"] = 1
    wb.save(os.path.join(directory, "corners.xlsx"))
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write(0, 0, "部门收支总表")
    ws.write(65535, 255, 1)
    wb.save(os.path.join(directory, "corners.xls"))


def main():
    os.makedirs(os.path.join(OUT, "hostile"), exist_ok=True)
    write_corners(os.path.join(OUT, "hostile"))
    tables = justice_tables()
    write_justice_xlsx(tables, os.path.join(OUT, "justice-2026.xlsx"))
    write_justice_xls(tables, os.path.join(OUT, "justice-2026.xls"))
    write_constructs_xlsx(os.path.join(OUT, "constructs.xlsx"))
    write_constructs_xls(os.path.join(OUT, "constructs.xls"))
    for folder, _, names in sorted(os.walk(OUT)):
        for name in sorted(names):
            path = os.path.join(folder, name)
            print(os.path.relpath(path, OUT), os.path.getsize(path))


if __name__ == "__main__":
    main()
