#!/usr/bin/env python3
"""Regenerates tests/fixtures/layouts/: the seed disclosure as each plain-text layout real tools
produce.

The seed (corpus/000_19b5df8ff6376e0f.txt) is the text of a Word document in the cell-per-line
layout. This script rebuilds a Word document from it (text -> HTML tables with their merged
cells -> LibreOffice -> DOCX, with a running header and page numbers added), prints it to PDF,
and runs the converters users actually use on it:

  seed.pdftotext-layout.txt   pdftotext -layout on the PDF (poppler-utils)
  seed.pandoc-plain.txt       pandoc -t plain on the DOCX
  seed.soffice.txt            soffice --convert-to txt on the DOCX (LibreOffice Writer)
  seed.docx2txt.txt           docx2txt on the DOCX (PyPI docx2txt)
  seed.tab-separated.txt      one row per line, cells separated by TABs
  seed.spaces.txt            one row per line, cells padded with spaces to columns of equal
                              display width (what `column -t` or a fixed-width export gives)

Needs: poppler-utils, pandoc, libreoffice-writer-nogui, fonts-noto-cjk (Debian); docx2txt and
python-docx (PyPI). Run from the repository root:

    python3 scripts/make_layout_fixtures.py

The outputs are committed; tests read them and never run this script.
"""

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "000_19b5df8ff6376e0f.txt"
OUT = ROOT / "tests" / "fixtures" / "layouts"
RUNNING_TITLE = "重庆市九龙坡区人民政府办公室2026年预算公开"
AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")


def parse_seed(path):
    """The seed's cell-per-line layout: TAB-indented cells, rows ended by blank lines, short
    untabbed lines continuing the cell above (vertical text)."""
    blocks = []
    table = None
    row = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        line = line.rstrip("\r")
        if line.startswith("\t"):
            if table is None:
                table = []
                blocks.append(("table", table))
            if row is None:
                row = []
                table.append(row)
            row.append(line[1:].strip())
        elif not line.strip():
            row = None
        else:
            if (
                row
                and not line[0].isspace()
                and len(line) <= 8
                and "表" not in line
            ):
                row[-1] += line.strip()
                continue
            row = None
            table = None
            blocks.append(("p", line.strip()))
    return blocks


def is_amount(text):
    return bool(AMOUNT.match(text.strip())) and any(c in text for c in ".,")


def is_data_row(row):
    filled = [c for c in row if c]
    first = filled[0] if filled else ""
    return (
        re.match(r"^\d{3,}(-|$)", first) is not None
        or (first.rstrip("：:") in ("合计", "总计") and len(filled) == 1)
        or any(is_amount(c) for c in row)
    )


def split_run(run, parents):
    """Shares a run of leaf columns among the parent labels above it: code and name columns go to
    a parent that names a 科目; a label that recurs starts the next parent's share; else evenly."""
    if len(parents) <= 1:
        return [run]
    labels = [label for _, label in run]
    cut = 0
    if "科目" in parents[0] or parents[0] == "项目":
        while cut < len(run) and re.search(r"编码|名称|科目", labels[cut]):
            cut += 1
    if not cut and labels and labels[0] in labels[1:]:
        cut = labels.index(labels[0], 1)
    if not cut:
        cut = max(1, len(run) // len(parents))
    return [run[:cut]] + split_run(run[cut:], parents[1:])


def header_spans(upper, lower):
    """(text, colspan, rowspan) of a compact header row above a full-width one: a blank below
    means the cell above runs down; a run of labels below is shared by the cells above it."""
    spans = []
    cells = list(upper)
    i = 0
    while i < len(lower) and cells:
        if not lower[i]:
            spans.append((cells.pop(0), 1, 2))
            i += 1
            continue
        j = i
        while j < len(lower) and lower[j]:
            j += 1
        run = list(enumerate(lower[i:j], start=i))
        blanks_after = sum(1 for c in lower[j:] if not c)
        runs_after = len(re.findall(r"1+", "".join("1" if c else "0" for c in lower[j:])))
        share = max(1, len(cells) - blanks_after - runs_after)
        parents = cells[:share]
        for parent, part in zip(parents, split_run(run, parents)):
            if part:
                spans.append((parent, len(part), 1))
        del cells[:share]
        i = j
    return spans


def table_cells(rows):
    """The table as Word holds it: rows of (text, colspan, rowspan), merged cells written once,
    and the number of header rows."""
    width = max(len(r) for r in rows)
    first_data = next((i for i, r in enumerate(rows) if is_data_row(r)), len(rows))
    if first_data > 4:
        first_data = 0
    out = []
    covered = set()
    for i, row in enumerate(rows):
        texts = [t for k, t in enumerate(row) if k not in covered]
        runs_down = len(covered)
        covered = set()
        cells = []
        if i < first_data and len(texts) == 1:
            cells.append((texts[0], width, 1))
        elif i + 1 < first_data and len(texts) < len(rows[i + 1]):
            col = 0
            for text, colspan, rowspan in header_spans(texts, rows[i + 1]):
                if rowspan == 2:
                    covered.add(col)
                cells.append((text, colspan, rowspan))
                col += colspan
        elif (
            i >= first_data
            and 1 < len(texts) < width
            and texts[0].rstrip("：:") in ("合计", "总计")
            and is_amount(texts[1])
        ):
            cells.append((texts[0], width - len(texts) + 1, 1))
            cells.extend((t, 1, 1) for t in texts[1:])
        else:
            cells.extend((t, 1, 1) for t in texts)
            if i >= first_data or i + 1 == first_data:
                used = sum(c[1] for c in cells) + runs_down
                cells.extend(("", 1, 1) for _ in range(max(0, width - used)))
        out.append(cells)
    return out, first_data


def expanded(cells):
    """The table on its grid: each cell's text at its top-left position, covered positions
    empty, and for each position the span it starts (its colspan), or 0 where covered."""
    width = max(sum(c[1] for c in row) for row in cells)
    grid = []
    spans = []
    below = {}
    for row in cells:
        texts = [""] * width
        starts = [1] * width
        col = 0
        queue = list(row)
        while col < width:
            if below.get(col, 0) > 0:
                below[col] -= 1
                starts[col] = 0
                col += 1
                continue
            if not queue:
                break
            text, colspan, rowspan = queue.pop(0)
            texts[col] = text
            starts[col] = colspan
            for k in range(col, min(width, col + colspan)):
                if k > col:
                    starts[k] = 0
                if rowspan > 1:
                    below[k] = rowspan - 1
            col += colspan
        grid.append(texts)
        spans.append(starts)
    return grid, spans


def table_html(rows):
    cells, first_data = table_cells(rows)
    out = ['<table border="1" cellspacing="0" cellpadding="2" width="100%">']
    for i, row in enumerate(cells):
        out.append("<tr>")
        for text, colspan, rowspan in row:
            attrs = ""
            if colspan > 1:
                attrs += f' colspan="{colspan}"'
            if rowspan > 1:
                attrs += f' rowspan="{rowspan}"'
            if is_amount(text):
                align = ' align="right"'
            elif i < first_data:
                align = ' align="center"'
            else:
                align = ""
            body = html.escape(text).replace("\n", "<br/>")
            out.append(f"<td{attrs}{align}>{body}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def seed_html(blocks):
    parts = [
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>",
        "body { font-family: 'Noto Sans CJK SC'; font-size: 10pt; }",
        "td { font-size: 9pt; }",
        "</style></head><body>",
    ]
    for kind, block in blocks:
        if kind == "p":
            centred = "表" in block and len(block) < 60
            style = ' align="center"' if centred else ""
            parts.append(f"<p{style}>{html.escape(block)}</p>")
        else:
            parts.append(table_html(block))
    parts.append("</body></html>")
    return "\n".join(parts)


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def spaced(blocks):
    """Each table as fixed-width columns two spaces apart, as a fixed-width export prints it:
    header labels centred over the columns they span, names left-aligned, amounts
    right-aligned; paragraphs as they are."""
    lines = []
    for kind, block in blocks:
        if kind == "p":
            lines.append(block)
            continue
        cells, first_data = table_cells(block)
        grid, spans = expanded(cells)
        width = len(grid[0])
        widths = [0] * width
        for r, row in enumerate(grid):
            for k, text in enumerate(row):
                if spans[r][k] == 1:
                    widths[k] = max(widths[k], display_width(text.replace("\n", "")))
        starts = []
        x = 0
        for w in widths:
            starts.append(x)
            x += w + 2
        for r, row in enumerate(grid):
            placed = []
            for k, text in enumerate(row):
                text = text.replace("\n", "")
                if not text or spans[r][k] == 0:
                    continue
                last = min(width - 1, k + spans[r][k] - 1)
                left, right = starts[k], starts[last] + widths[last]
                w = display_width(text)
                if is_amount(text):
                    at = right - w
                elif r < first_data:
                    at = left + max(0, (right - left - w) // 2)
                else:
                    at = left
                placed.append((at, text))
            out = ""
            for at, text in placed:
                have = display_width(out)
                out += " " * max(at - have, 2 if out else 0) + text
            lines.append(out.rstrip())
        lines.append("")
    return "\n".join(lines) + "\n"


def tab_separated(blocks):
    """Each table row on one line, cells separated by TABs, as a spreadsheet exports it: a
    merged cell's text in its first position, the positions it covers empty."""
    lines = []
    for kind, block in blocks:
        if kind == "p":
            lines.append(block)
            continue
        cells, _ = table_cells(block)
        grid, _ = expanded(cells)
        lines.extend("\t".join(c.replace("\n", "") for c in row) for row in grid)
        lines.append("")
    return "\n".join(lines) + "\n"


def run(args, **kwargs):
    print("+", " ".join(str(a) for a in args), file=sys.stderr)
    subprocess.run(args, check=True, **kwargs)


def add_running_title_and_page_numbers(docx_path):
    """Puts the running title in the page header and the page number in the footer, as printed
    disclosures have."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(str(docx_path))
    for section in document.sections:
        header = section.header.paragraphs[0]
        header.text = RUNNING_TITLE
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_ = footer.add_run()
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run_._r.append(element)
    document.save(str(docx_path))


def main():
    for tool in ("soffice", "pdftotext", "pandoc", "docx2txt"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed; see the script's docstring")
    blocks = parse_seed(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        html_path = tmp / "seed.html"
        html_path.write_text(seed_html(blocks), encoding="utf-8")
        run(
            ["soffice", profile, "--headless", "--infilter=HTML (StarWriter)",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp), str(html_path)],
            stdout=subprocess.DEVNULL,
        )
        docx_path = tmp / "seed.docx"
        add_running_title_and_page_numbers(docx_path)
        run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp),
             str(docx_path)], stdout=subprocess.DEVNULL)
        run(["pdftotext", "-layout", str(tmp / "seed.pdf"),
             str(OUT / "seed.pdftotext-layout.txt")])
        run(["pandoc", "-f", "docx", "-t", "plain", "-o", str(OUT / "seed.pandoc-plain.txt"),
             str(docx_path)])
        run(["soffice", profile, "--headless", "--convert-to", "txt:Text (encoded):UTF8",
             "--outdir", str(tmp), str(docx_path)], stdout=subprocess.DEVNULL)
        shutil.copy(tmp / "seed.txt", OUT / "seed.soffice.txt")
        with open(OUT / "seed.docx2txt.txt", "wb") as out:
            run(["docx2txt", str(docx_path)], stdout=out)
        if os.environ.get("KEEP_INTERMEDIATE"):
            for name in ("seed.html", "seed.docx", "seed.pdf"):
                shutil.copy(tmp / name, Path(os.environ["KEEP_INTERMEDIATE"]) / name)
    (OUT / "seed.spaces.txt").write_text(spaced(blocks), encoding="utf-8")
    (OUT / "seed.tab-separated.txt").write_text(tab_separated(blocks), encoding="utf-8")


if __name__ == "__main__":
    main()
