#!/usr/bin/env python3
"""Regenerates the DOCX fixtures in tests/fixtures/docx/ with two independent writers.

* python-docx (pip install -r scripts/requirements-fixtures.txt), with oxml edits for the
  constructs its API does not write (tracked changes, content controls, fields, text boxes...).
* LibreOffice (`soffice`, Debian package libreoffice-writer-nogui), converting HTML with real
  rowspan/colspan tables, and flat ODF (.fodt) for frames, tracked changes, lists and fields.

Both writers also render the full seed disclosure (corpus/000_19b5df8ff6376e0f.txt). The seed is
parsed the way src/read/text.rs parses it (non-TAB lines are paragraphs; TAB-led lines are cells;
blank lines end rows; a short untabbed line right after a cell continues it; a line starting with
a space closes the table), and written as the same paragraphs and tables in the same order, so
the DOCX route must give the same JSON as the text route.

Usage: scripts/make_docx_fixtures.py [--out tests/fixtures/docx] [--soffice soffice]
The tests use only the committed fixtures; this script runs on a developer's machine.
"""

import argparse
import copy
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "corpus", "000_19b5df8ff6376e0f.txt")

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
W = NAMESPACES["w"]


def element(markup):
    """An oxml element from a snippet that may use any prefix in NAMESPACES."""
    declarations = " ".join(f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    # Declare the namespaces on a wrapper so the snippet keeps its own root element.
    wrapper = parse_xml(f"<w:wrapper {declarations}>{markup}</w:wrapper>")
    return wrapper[0]


def run(text, **attrs):
    """A w:r holding `text` (xml:space preserved when needed)."""
    r = element("<w:r><w:t/></w:r>")
    t = r.find(qn("w:t"))
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def save(doc, path):
    """Saves without the template's thumbnail and its unused stylesWithEffects part."""
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rel.rId]
    package_rels = doc.part.package.rels
    for rel in list(package_rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel.rId]
    doc.save(path)


def paragraph(doc, *parts, style=None):
    """Appends a paragraph built from strings (one run each) and ready-made elements."""
    p = doc.add_paragraph(style=style)
    for part in parts:
        p._p.append(run(part) if isinstance(part, str) else part)
    return p


# ---------------------------------------------------------------------------------------------
# The seed, parsed like src/read/text.rs


def classify(line):
    if line.startswith("\t"):
        rest = line[1:]
        if "\t" in rest:
            return "row", [""] + rest.split("\t")
        return "cell", rest
    if line.strip() == "":
        return "blank", None
    if "\t" in line:
        return "row", line.split("\t")
    return "text", line


def continues_cell(line):
    return not line[:1].isspace() and len(line) <= 8 and "表" not in line


def parse_text_layout(text):
    """[("p", text) | ("table", [[cell text]])] in document order."""
    blocks = []
    table = None
    row = []

    def end_row():
        nonlocal row
        if row:
            table.append(row)
            row = []

    for line in re.split(r"\r\n|\n|\r", text):
        kind, value = classify(line)
        if kind == "blank":
            if table is not None:
                end_row()
        elif kind == "cell":
            if table is None:
                table, row = [], []
            row.append(value.strip())
        elif kind == "row":
            if table is None:
                table, row = [], []
            end_row()
            row = [c.strip() for c in value]
            end_row()
        else:
            if table is not None and continues_cell(value) and row:
                row[-1] += "\n" + value.strip()
                continue
            if table is not None:
                end_row()
                blocks.append(("table", table))
                table = None
            if value.strip():
                blocks.append(("p", value.strip()))
    if table is not None:
        end_row()
        blocks.append(("table", table))
    return blocks


def split_in_two(text):
    """Two runs, as Word splits text for proofing marks; whole if too short to split."""
    if len(text) < 2:
        return [text]
    middle = len(text) // 2
    return [text[:middle], text[middle:]]


def seed_python_docx(blocks, path):
    doc = docx.Document()
    for kind, value in blocks:
        if kind == "p":
            paragraph(doc, *split_in_two(value))
            continue
        width = max(len(r) for r in value)
        table = doc.add_table(rows=len(value), cols=width)
        for row, cells in zip(table.rows, value):
            tcs = row._tr.findall(qn("w:tc"))
            for tc, text in zip(tcs, cells):
                p = tc.find(qn("w:p"))
                lines = text.split("\n")
                for part in split_in_two(lines[0]) if lines[0] else []:
                    p.append(run(part))
                for line in lines[1:]:
                    extra = element("<w:p/>")
                    extra.append(run(line))
                    tc.append(extra)
            # The text layout keeps short rows short: drop the grid's trailing cells.
            for tc in tcs[len(cells):]:
                row._tr.remove(tc)
    save(doc, path)


def seed_html(blocks):
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>']
    for kind, value in blocks:
        if kind == "p":
            # HTML collapses runs of spaces; <pre> keeps them as typed.
            tag = "pre" if re.search(r"\s\s", value) else "p"
            out.append(f"<{tag}>{html.escape(value)}</{tag}>")
            continue
        out.append('<table border="1">')
        for cells in value:
            out.append("<tr>")
            for text in cells:
                paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line)
                out.append(f"<td>{paragraphs}</td>")
            out.append("</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def rewrite_part(path, part, edit):
    """Rewrites one part of a zip package in place with edit(bytes) -> bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == part:
                data = edit(data)
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def trim_padded_rows(path, blocks):
    """LibreOffice pads every table row out to the full grid with empty cells; the seed's text
    layout has short rows. Drop exactly the padding (asserting it is empty) so the LibreOffice
    rendering holds the same cells as the text."""
    tables = [value for kind, value in blocks if kind == "table"]

    def edit(data):
        root = etree.fromstring(data)
        body = root.find(qn("w:body"))
        found = body.findall(qn("w:tbl"))
        assert len(found) == len(tables), (len(found), len(tables))
        for tbl, rows in zip(found, tables):
            trs = tbl.findall(qn("w:tr"))
            assert len(trs) == len(rows), (len(trs), len(rows))
            for tr, cells in zip(trs, rows):
                tcs = tr.findall(qn("w:tc"))
                assert len(tcs) >= len(cells)
                for tc in tcs[len(cells):]:
                    assert "".join(tc.itertext()).strip() == "", "padding cell holds text"
                    tr.remove(tc)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    rewrite_part(path, "word/document.xml", edit)


def soffice_convert(soffice, source, out_dir):
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                out_dir,
                source,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    converted = os.path.join(out_dir, os.path.splitext(os.path.basename(source))[0] + ".docx")
    if not os.path.exists(converted):
        sys.exit(f"soffice did not convert {source}")
    return converted


def libreoffice(soffice, name, suffix, content, out, scratch):
    source = os.path.join(scratch, name + suffix)
    with open(source, "w", encoding="utf-8") as f:
        f.write(content)
    converted = soffice_convert(soffice, source, scratch)
    target = os.path.join(out, name + ".docx")
    shutil.move(converted, target)
    return target


# ---------------------------------------------------------------------------------------------
# Focused fixtures: python-docx


def fixture_runs(path):
    doc = docx.Document()
    paragraph(doc, "收入预算", "4,8", "44.56", "万元")
    paragraph(doc, "项目", element("<w:r><w:tab/></w:r>"), "金额")
    paragraph(
        doc,
        "第一行",
        element("<w:r><w:br/></w:r>"),
        "第二行",
        element("<w:r><w:cr/></w:r>"),
        "第三行",
    )
    page = doc.add_paragraph("甲")
    page.add_run().add_break(WD_BREAK.PAGE)
    page.add_run("乙")
    paragraph(
        doc,
        "电话023",
        element("<w:r><w:noBreakHyphen/></w:r>"),
        "68780926，预算",
        element("<w:r><w:softHyphen/></w:r>"),
        "公开",
    )
    paragraph(doc, "增长", element('<w:r><w:sym w:font="Symbol" w:char="F0B1"/></w:r>'), "5%")
    paragraph(doc, "@@REFERENCES@@")
    paragraph(doc, "甲 ", "乙")
    unpreserved = run("@@UNPRESERVED@@")
    paragraph(doc, "丙", unpreserved, "戊")
    doc.add_paragraph("")
    doc.add_paragraph("   ")
    hidden_style = doc.styles.add_style("HiddenNote", 2)  # character style
    hidden_style.font.hidden = True
    p = doc.add_paragraph("可见")
    p.add_run("隐藏").font.hidden = True
    p.add_run("文本")
    p.add_run("样式隐藏", style="HiddenNote")
    shown = p.add_run("再现")
    shown.font.hidden = False
    hidden_paragraph = doc.styles.add_style("HiddenParagraph", 1)  # paragraph style
    hidden_paragraph.font.hidden = True
    doc.add_paragraph("整段隐藏", style="HiddenParagraph")
    p = doc.add_paragraph("样式隐藏", style="HiddenParagraph")
    p.add_run("直接显示").font.hidden = False
    save(doc, path)

    def edit(data):
        text = data.decode("utf-8")
        text = text.replace(
            "@@REFERENCES@@", "A &amp; B &lt;C&gt; &#x4E00;&#20108;&#x1F600;"
        )
        text = text.replace("<w:t>@@UNPRESERVED@@</w:t>", "<w:t>\n   丁  </w:t>")
        return text.encode("utf-8")

    rewrite_part(path, "word/document.xml", edit)


def fixture_tables(path):
    doc = docx.Document()
    doc.add_paragraph("合并单元格")
    t = doc.add_table(rows=3, cols=4)
    t.cell(0, 0).text = "科目"
    t.cell(0, 1).text = "2026年预算数"
    t.cell(1, 1).text = "小计"
    t.cell(1, 2).text = "基本支出"
    t.cell(1, 3).text = "项目支出"
    t.cell(2, 0).text = "合计"
    t.cell(2, 1).text = "4,844.56"
    t.cell(2, 2).text = "2,309.40"
    # t.cell(2, 3) stays empty.
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(0, 3))

    doc.add_paragraph("多段与嵌套")
    t = doc.add_table(rows=2, cols=3)
    cell = t.cell(0, 0)
    cell.text = "第一段"
    cell.add_paragraph("")
    cell.add_paragraph("第二段")
    t.cell(0, 1).text = "外层"
    inner = t.cell(0, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "内1"
    inner.cell(0, 1).text = "内2"
    inner.cell(1, 0).text = "内3"
    inner.cell(1, 1).text = "内4"
    t.cell(0, 1).add_paragraph("外层之后")
    t.cell(0, 2).text = "右"
    t.cell(1, 0).text = "下左"
    t.cell(1, 1).text = ""
    t.cell(1, 2).text = "下右"
    # A three-row vertical merge in the last column.
    t3 = doc.add_table(rows=3, cols=2)
    for i in range(3):
        t3.cell(i, 0).text = f"行{i + 1}"
    t3.cell(0, 1).text = "纵向"
    t3.cell(0, 1).merge(t3.cell(2, 1))

    doc.add_paragraph("网格")
    t = doc.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            t.cell(r, c).text = f"{r}{c}"
    rows = t._tbl.findall(qn("w:tr"))
    # Row 1 starts one grid column in; row 2 stops one short and says so; row 3 just stops.
    tr_pr = rows[1].get_or_add_trPr()
    tr_pr.append(element('<w:gridBefore w:val="1"/>'))
    rows[1].remove(rows[1].findall(qn("w:tc"))[3])
    tr_pr = rows[2].get_or_add_trPr()
    tr_pr.append(element('<w:gridAfter w:val="1"/>'))
    rows[2].remove(rows[2].findall(qn("w:tc"))[3])
    rows[3].remove(rows[3].findall(qn("w:tc"))[3])
    rows[3].remove(rows[3].findall(qn("w:tc"))[2])
    # A row deleted with tracked changes is not part of the table Word shows.
    deleted = copy.deepcopy(rows[0])
    deleted.get_or_add_trPr().append(
        element('<w:del w:id="90" w:author="x" w:date="2026-01-01T00:00:00Z"/>')
    )
    for t_el in deleted.iter(qn("w:t")):
        t_el.text = "已删除行"
    rows[0].addnext(deleted)
    # Content controls around a row and around a cell.
    row_sdt = element("<w:sdt><w:sdtPr><w:alias w:val=\"行控件\"/></w:sdtPr><w:sdtContent/></w:sdt>")
    rows[3].addprevious(row_sdt)
    row_sdt.find(qn("w:sdtContent")).append(rows[3])
    cells = rows[0].findall(qn("w:tc"))
    cell_sdt = element("<w:sdt><w:sdtPr/><w:sdtContent/></w:sdt>")
    cells[1].addprevious(cell_sdt)
    cell_sdt.find(qn("w:sdtContent")).append(cells[1])
    save(doc, path)


def text_box_run(content):
    """A text box the way Word writes one: a DrawingML shape, with a VML copy as fallback."""
    return element(
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        "<wp:anchor distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" simplePos=\"0\" relativeHeight=\"1\""
        " behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\">"
        "<wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"column\"><wp:posOffset>0</wp:posOffset></wp:positionH>"
        "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset></wp:positionV>"
        "<wp:extent cx=\"914400\" cy=\"457200\"/><wp:wrapSquare wrapText=\"bothSides\"/>"
        "<wp:docPr id=\"1\" name=\"文本框 1\"/><a:graphic><a:graphicData"
        " uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp>"
        "<wps:cNvSpPr txBox=\"1\"/><wps:spPr/><wps:txbx><w:txbxContent>" + content +
        "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style=\"width:72pt;height:36pt\">"
        "<v:textbox><w:txbxContent>" + content + "</w:txbxContent></v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def fixture_wrappers(path):
    doc = docx.Document()
    link = doc.part.relate_to("https://www.cqjlp.gov.cn/", RT.HYPERLINK, is_external=True)
    paragraph(
        doc, "详见", element(f'<w:hyperlink r:id="{link}"><w:r><w:t>区政府网站</w:t></w:r></w:hyperlink>'), "。"
    )
    paragraph(
        doc,
        "金额",
        element('<w:smartTag w:uri="urn:x" w:element="n"><w:smartTagPr/><w:r><w:t>100</w:t></w:r></w:smartTag>'),
        "元",
    )
    paragraph(
        doc,
        "单位",
        element('<w:customXml w:element="unit"><w:customXmlPr/><w:r><w:t>名称</w:t></w:r></w:customXml>'),
    )
    body = doc.element.body
    block_custom = element(
        '<w:customXml w:element="block"><w:p><w:r><w:t>块级自定义</w:t></w:r></w:p></w:customXml>'
    )
    block_sdt = element(
        "<w:sdt><w:sdtPr><w:alias w:val=\"控件\"/><w:showingPlcHdr/></w:sdtPr>"
        "<w:sdtContent><w:p><w:r><w:t>块级控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.find(qn("w:sectPr")).addprevious(block_custom)
    body.find(qn("w:sectPr")).addprevious(block_sdt)
    paragraph(
        doc,
        "日期：",
        element(
            "<w:sdt><w:sdtPr><w:date/></w:sdtPr><w:sdtContent><w:r><w:t>2026年</w:t></w:r>"
            "</w:sdtContent></w:sdt>"
        ),
    )
    paragraph(
        doc, "第", element('<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>'), "页"
    )
    paragraph(
        doc,
        "见表",
        element('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'),
        element('<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>'),
        element('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'),
        "2",
        element('<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        "。",
    )
    paragraph(
        doc,
        "页码",
        element(
            '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText>'
            '<w:fldChar w:fldCharType="separate"/><w:t>7</w:t><w:fldChar w:fldCharType="end"/></w:r>'
        ),
    )
    paragraph(
        doc,
        "结论：",
        element('<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>IF </w:instrText></w:r>'),
        element('<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>MERGEFIELD x</w:instrText></w:r>'),
        element('<w:r><w:fldChar w:fldCharType="separate"/><w:t>甲</w:t><w:fldChar w:fldCharType="end"/></w:r>'),
        element('<w:r><w:instrText> = "甲" "是" "否"</w:instrText><w:fldChar w:fldCharType="separate"/></w:r>'),
        "是",
        element('<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        element('<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>XE "索引"</w:instrText>'
                '<w:fldChar w:fldCharType="end"/></w:r>'),
    )
    paragraph(
        doc,
        "预算",
        element('<w:ins w:id="1" w:author="x"><w:r><w:t>增加</w:t></w:r></w:ins>'),
        element('<w:del w:id="2" w:author="x"><w:r><w:delText>减少</w:delText></w:r></w:del>'),
        "了",
    )
    paragraph(
        doc,
        element('<w:moveFrom w:id="3" w:author="x"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'),
        element('<w:moveTo w:id="4" w:author="x"><w:r><w:t>新位置</w:t></w:r></w:moveTo>'),
    )
    joined = paragraph(doc, "前半")
    joined._p.get_or_add_pPr().append(element('<w:rPr><w:del w:id="5" w:author="x"/></w:rPr>'))
    paragraph(doc, "后半")
    paragraph(doc, "锚点段落", text_box_run("<w:p><w:r><w:t>文本框内容</w:t></w:r></w:p>"), "之后")
    table = doc.add_table(rows=1, cols=2)
    anchor = table.cell(0, 0).paragraphs[0]._p
    anchor.append(run("单元格锚点"))
    anchor.append(text_box_run("<w:p><w:r><w:t>单元格文本框</w:t></w:r></w:p>"))
    table.cell(0, 1).text = "右侧"
    paragraph(
        doc,
        "表格锚点",
        element(
            "<w:r><w:pict><v:shape style=\"width:144pt;height:72pt\"><v:textbox><w:txbxContent>"
            "<w:p><w:r><w:t>框内标题</w:t></w:r></w:p>"
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
            "<w:tc><w:p><w:r><w:t>框内甲</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>框内乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            "<w:p/></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        ),
    )
    paragraph(
        doc,
        "未知分支",
        element(
            "<w:r><mc:AlternateContent xmlns:future=\"urn:example:future\">"
            "<mc:Choice Requires=\"future\"><w:t>新版</w:t></mc:Choice>"
            "<mc:Fallback><w:t>旧版</w:t></mc:Fallback></mc:AlternateContent></w:r>"
        ),
    )
    chunk_part = docx.opc.part.Part(
        docx.opc.packuri.PackURI("/word/afchunk1.htm"),
        "text/html",
        "<html><body><p>嵌入的网页</p></body></html>".encode("utf-8"),
        doc.part.package,
    )
    chunk = doc.part.relate_to(chunk_part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
    body.find(qn("w:sectPr")).addprevious(element(f'<w:altChunk r:id="{chunk}"/>'))
    paragraph(doc, "结尾")
    save(doc, path)


def fixture_numbering(path):
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)

    def level(ilvl, fmt, text, suffix="nothing", start=1, extra=""):
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>'
        )

    abstracts = [
        (10, level(0, "chineseCounting", "%1、") + level(1, "chineseCounting", "（%2）")
         + level(2, "decimal", "%3.", suffix="tab")),
        (20, level(0, "decimal", "%1)", suffix="space")),
        (30, level(0, "chineseCounting", "第%1部分", extra='<w:pStyle w:val="BudgetPart"/>')),
        (40, level(0, "decimal", "%1.") + level(1, "decimal", "%1.%2", suffix="space")),
        (50, level(0, "bullet", "\uf0b7", suffix="tab")),
    ]
    for ident, levels in abstracts:
        numbering.append(element(f'<w:abstractNum w:abstractNumId="{ident}">{levels}</w:abstractNum>'))
    nums = [(1, 10, ""), (2, 20, ""), (3, 10, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
            (4, 30, ""), (5, 40, ""), (6, 50, "")]
    for ident, abstract, override in nums:
        numbering.append(element(
            f'<w:num w:numId="{ident}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'))

    style = doc.styles.add_style("BudgetPart", 1)
    style.element.get_or_add_pPr().append(element('<w:numPr><w:numId w:val="4"/></w:numPr>'))

    def numbered(text, num_id, ilvl=0):
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            element(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )
        return p

    numbered("单位基本情况", 1, 0)
    numbered("职能职责", 1, 1)
    numbered("负责区政府会议的准备工作。", 1, 2)
    numbered("协助区政府领导同志组织起草公文。", 1, 2)
    numbered("单位构成", 1, 1)
    numbered("部门收支总体情况", 1, 0)
    numbered("收入预算", 1, 1)
    numbered("插入的列表", 2)
    numbered("第二项", 2)
    numbered("部门预算情况说明", 1, 0)
    numbered("", 1, 1)
    numbered("空段之后", 1, 1)
    numbered("重新开始", 3, 0)
    doc.add_paragraph("总体", style="BudgetPart")
    doc.add_paragraph("明细", style="BudgetPart")
    off = doc.add_paragraph("不编号", style="BudgetPart")
    off._p.get_or_add_pPr().append(element('<w:numPr><w:numId w:val="0"/></w:numPr>'))
    numbered("十进制", 5, 0)
    numbered("子项", 5, 1)
    numbered("子项", 5, 1)
    numbered("项目符号", 6)
    # Ten items, so the counting form reaches 十 and 十一.
    for i in range(8):
        numbered(f"条目{i}", 1, 0)
    save(doc, path)


def fixture_headers(path):
    doc = docx.Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "页眉：重庆市九龙坡区"
    footer = section.footer.paragraphs[0]
    footer.text = "第"
    footer._p.append(element('<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer._p.append(run("页"))
    doc.add_paragraph("正文第一段")
    doc.add_paragraph("正文第二段")
    save(doc, path)


STRICT = [
    ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
     "http://purl.oclc.org/ooxml/wordprocessingml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main",
     "http://purl.oclc.org/ooxml/drawingml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/math",
     "http://purl.oclc.org/ooxml/officeDocument/math"),
]


def fixture_strict(path):
    """Strict OOXML namespaces, and prefixes other than w: in the main part."""
    doc = docx.Document()
    doc.add_paragraph("严格模式")
    t = doc.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "甲"
    t.cell(0, 0).merge(t.cell(0, 1))
    t.cell(1, 0).text = "乙"
    t.cell(1, 1).text = "丙"
    p = doc.add_paragraph("删除")
    p._p.append(element('<w:del w:id="1" w:author="x"><w:r><w:delText>不应出现</w:delText></w:r></w:del>'))
    p._p.append(element('<w:ins w:id="2" w:author="x"><w:r><w:t>保留</w:t></w:r></w:ins>'))
    save(doc, path)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for transitional, strict in STRICT:
                    text = text.replace(transitional, strict)
                if info.filename == "word/document.xml":
                    text = re.sub(r"(</?)w:", r"\1ooxml:", text)
                    text = re.sub(r"(\s)w:", r"\1ooxml:", text)
                    text = text.replace("xmlns:w=", "xmlns:ooxml=")
                data = text.encode("utf-8")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def fixture_doctype(path):
    doc = docx.Document()
    doc.add_paragraph("@@ENTITIES@@")
    save(doc, path)

    def edit(data):
        text = data.decode("utf-8")
        declaration_end = text.index("?>") + 2
        doctype = (
            '\n<!DOCTYPE w:document [\n  <!ENTITY secret "EXPANDED">\n'
            '  <!ENTITY ext SYSTEM "file:///etc/hostname">\n]>'
        )
        text = text[:declaration_end] + doctype + text[declaration_end:]
        return text.replace("@@ENTITIES@@", "值&amp;lt;与&secret;和&ext;&#x4E00;").encode("utf-8")

    rewrite_part(path, "word/document.xml", edit)


def fixture_relocated(path):
    """The main part where only the relationships say, and a decoy at word/document.xml."""
    doc = docx.Document()
    doc.add_paragraph("按关系找到的正文")
    save(doc, path)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    decoy = None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            name = info.filename
            if name == "word/document.xml":
                decoy = data.replace("按关系找到的正文".encode(), "错误的部件".encode())
                name = "word/main-body.xml"
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/main-body.xml.rels"
            elif name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/document.xml", b"word/main-body.xml")
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        target.writestr("word/document.xml", decoy, compress_type=zipfile.ZIP_DEFLATED)


# ---------------------------------------------------------------------------------------------
# Focused fixtures: LibreOffice

LO_TABLES = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<p>一般公共预算财政拨款支出预算表</p>
<p>单位：万元</p>
<table border="1">
<tr><td rowspan="2">科目编码</td><td rowspan="2">科目名称</td><td colspan="3">2026年预算数</td></tr>
<tr><td>小计</td><td>基本支出</td><td>项目支出</td></tr>
<tr><td>201</td><td>一般公共服务支出</td><td>4,035.79</td><td>1,529.03</td><td>2,506.76</td></tr>
<tr><td rowspan="3"><p>部</p><p>门</p></td><td colspan="2">跨两列</td><td></td><td>末列</td></tr>
<tr><td>a</td><td>b</td><td>c</td><td>d</td></tr>
<tr><td>e</td><td><p>嵌套前</p><table border="1"><tr><td>内甲</td><td>内乙</td></tr><tr><td>内丙</td><td>内丁</td></tr></table></td><td>g</td><td>h</td></tr>
</table>
<p>表后段落</p>
</body></html>
"""

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="Hidden" style:family="text">
   <style:text-properties text:display="none"/>
  </style:style>
  <text:list-style style:name="CN">
   <text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ...">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="nothing"/>
    </style:list-level-properties>
   </text:list-level-style-number>
   <text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ...">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="nothing"/>
    </style:list-level-properties>
   </text:list-level-style-number>
  </text:list-style>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p>页眉：九龙坡区</text:p></style:header>
   <style:footer><text:p>第<text:page-number text:select-page="current">1</text:page-number>页</text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
   <text:tracked-changes>
    <text:changed-region text:id="ct1">
     <text:insertion><office:change-info><dc:creator>审核</dc:creator><dc:date>2026-01-01T00:00:00</dc:date></office:change-info></text:insertion>
    </text:changed-region>
    <text:changed-region text:id="ct2">
     <text:deletion><office:change-info><dc:creator>审核</dc:creator><dc:date>2026-01-01T00:00:00</dc:date></office:change-info><text:p>减少</text:p></text:deletion>
    </text:changed-region>
   </text:tracked-changes>
   <text:p>预算<text:change-start text:change-id="ct1"/>增加<text:change-end text:change-id="ct1"/><text:change text:change-id="ct2"/>了</text:p>
   <text:p>锚点段落<draw:frame draw:name="Frame1" text:anchor-type="paragraph" svg:width="4cm" svg:height="1cm"><draw:text-box><text:p>文本框内容</text:p></draw:text-box></draw:frame>之后</text:p>
   <text:p>可见<text:span text:style-name="Hidden">隐藏</text:span>文本</text:p>
   <text:list text:style-name="CN">
    <text:list-item><text:p>单位基本情况</text:p>
     <text:list><text:list-item><text:p>职能职责</text:p></text:list-item><text:list-item><text:p>单位构成</text:p></text:list-item></text:list>
    </text:list-item>
    <text:list-item><text:p>部门收支总体情况</text:p></text:list-item>
   </text:list>
   <text:p>项目<text:tab/>金额<text:line-break/>第二行</text:p>
   <text:p>电话023\u201168780926，预算\u00ad公开</text:p>
   <text:p><text:bookmark text:name="b1"/>见<text:bookmark-ref text:reference-format="text" text:ref-name="t1">表二</text:bookmark-ref>。</text:p>
   <text:p><text:bookmark-start text:name="t1"/>表二<text:bookmark-end text:name="t1"/></text:p>
  </office:text>
 </office:body>
</office:document>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures", "docx"))
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = args.out

    with open(SEED, encoding="utf-8") as f:
        blocks = parse_text_layout(f.read())

    seed_python_docx(blocks, os.path.join(out, "seed-python-docx.docx"))
    fixture_runs(os.path.join(out, "runs-python-docx.docx"))
    fixture_tables(os.path.join(out, "tables-python-docx.docx"))
    fixture_wrappers(os.path.join(out, "wrappers-python-docx.docx"))
    fixture_numbering(os.path.join(out, "numbering-python-docx.docx"))
    fixture_headers(os.path.join(out, "headers-python-docx.docx"))
    fixture_strict(os.path.join(out, "strict-python-docx.docx"))
    fixture_doctype(os.path.join(out, "doctype-python-docx.docx"))
    fixture_relocated(os.path.join(out, "relocated-python-docx.docx"))

    with tempfile.TemporaryDirectory() as scratch:
        seed = libreoffice(args.soffice, "seed-libreoffice", ".html", seed_html(blocks), out, scratch)
        trim_padded_rows(seed, blocks)
        libreoffice(args.soffice, "tables-libreoffice", ".html", LO_TABLES, out, scratch)
        libreoffice(args.soffice, "features-libreoffice", ".fodt", FODT, out, scratch)

    for name in sorted(os.listdir(out)):
        print(f"{os.path.getsize(os.path.join(out, name)):>8}  {name}")


if __name__ == "__main__":
    main()
