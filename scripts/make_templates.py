#!/usr/bin/python3
"""Makes data/templates/bao_cao.docx and giao_ban.docx, the Word templates of issue 17.

Run once by hand (/usr/bin/python3 scripts/make_templates.py [OUT_DIR]); the output is checked
in, because the Office edits it in Word afterwards and a build would overwrite their edits.
python-docx (Debian python3-docx) stays a tool and test dependency, never the server's.

What a template carries (Decree 30/2020/NĐ-CP, Phụ lục I): A4 portrait, margins top/bottom
20 mm, left 30 mm, right 15 mm; Times New Roman 14 (header 13); the page number centred at the
top from page 2 on; the borderless two-column header table; the title, the subject and its
short rule; the body; the closing table (Nơi nhận, signature). Where the code writes, the
template holds content controls (w:sdt) tagged "wp.<name>"; the styles the code names are
listed in src/export/docx.cpp (RequirementsOf) and checked by tests/export/templates_check.py.
"""

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

FONT = "Times New Roman"
# Text width of A4 portrait less 30 mm and 15 mm: 11906 - 1701 - 850 twips.
TEXT_WIDTH = 9355


def el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn("w:" + k), str(v))
    return e


def set_fonts(rpr):
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    # First in w:rPr but after a w:rStyle (the schema's order).
    at = 1 if len(rpr) and rpr[0].tag == qn("w:rStyle") else 0
    rpr.insert(at, el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))


def paragraph_style(doc, name, size, bold=False, italic=False, caps=False,
                    align=None, first_line=0, before=0, after=0, keep_next=False,
                    page_break_before=False):
    styles = doc.styles
    s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    s.base_style = styles["Normal"]
    s.quick_style = True
    f = s.font
    f.name = FONT
    f.size = Pt(size)
    f.bold = bold
    f.italic = italic
    f.all_caps = caps
    set_fonts(s.element.get_or_add_rPr())
    pf = s.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Twips(first_line)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.keep_with_next = keep_next
    pf.page_break_before = page_break_before
    return s


def table_style(doc):
    s = doc.styles.add_style("WPTable", WD_STYLE_TYPE.TABLE)
    tblpr = s.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        s.element.append(tblpr)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el("w:" + side, val="single", sz=4, space=0, color="000000"))
    tblpr.append(borders)
    mar = OxmlElement("w:tblCellMar")
    mar.append(el("w:left", w=85, type="dxa"))
    mar.append(el("w:right", w=85, type="dxa"))
    tblpr.append(mar)
    return s


def setup_styles(doc, area_break):
    # Document defaults: Times New Roman everywhere (no theme fonts), 14 pt, Vietnamese.
    styles_el = doc.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default)
    for tag in ("w:sz", "w:szCs", "w:lang"):
        for old in rpr_default.findall(qn(tag)):
            rpr_default.remove(old)
    rpr_default.append(el("w:sz", val=28))
    rpr_default.append(el("w:szCs", val=28))
    rpr_default.append(el("w:lang", val="vi-VN", eastAsia="en-US", bidi="ar-SA"))

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    set_fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Twips(720)
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.0
    for name in ("Header", "Footer"):
        if name in [s.name for s in doc.styles]:
            hs = doc.styles[name]
            hs.paragraph_format.first_line_indent = Twips(0)
            hs.paragraph_format.space_after = Pt(0)
            hs.font.size = Pt(13)

    center, left, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    paragraph_style(doc, "WPHeadLeft", 13, align=center)
    paragraph_style(doc, "WPHeadRight", 13, align=center)
    paragraph_style(doc, "WPTitle", 14, bold=True, caps=True, align=center, before=18,
                    keep_next=True)
    paragraph_style(doc, "WPSubject", 14, bold=True, align=center, keep_next=True)
    paragraph_style(doc, "WPSection", 14, bold=True, first_line=720, before=6, after=6,
                    keep_next=True)
    paragraph_style(doc, "WPArea", 14, bold=True, first_line=720, before=6, after=6,
                    keep_next=True, page_break_before=area_break)
    paragraph_style(doc, "WPBody", 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=720, after=6)
    paragraph_style(doc, "WPTableHead", 12, bold=True, align=center, before=2, after=2,
                    keep_next=True)
    paragraph_style(doc, "WPTableCell", 12, align=left, before=2, after=2)
    paragraph_style(doc, "WPTableNum", 12, align=right, before=2, after=2)
    table_style(doc)
    paragraph_style(doc, "WPRecipientsHead", 12, bold=True, italic=True, align=left)
    paragraph_style(doc, "WPRecipients", 11, align=left)
    paragraph_style(doc, "WPSignAuthority", 14, bold=True, caps=True, align=center)
    paragraph_style(doc, "WPSignName", 14, bold=True, align=center)
    paragraph_style(doc, "WPAnnexTitle", 14, bold=True, caps=True, align=center,
                    page_break_before=True, after=12, keep_next=True)
    # python-docx's default styles name Courier (macro, HTML) and the theme's heading fonts
    # (Title, Heading n, the table styles' parts): a style the Office picks in Word stays in
    # Times New Roman.
    for fonts in styles_el.iter(qn("w:rFonts")):
        fonts.attrib.clear()
        for k in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn("w:" + k), FONT)


def setup_section(doc):
    s = doc.sections[0]
    s.page_width, s.page_height = Twips(11906), Twips(16838)
    s.top_margin = s.bottom_margin = Twips(1134)
    s.left_margin, s.right_margin = Twips(1701), Twips(850)
    s.header_distance = Mm(10)
    s.footer_distance = Mm(10)
    s.different_first_page_header_footer = True
    # Page 2 on: the number centred at the top; page 1: an empty header of its own.
    header = s.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Twips(0)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"),
                       ("end", None)):
        r = p.add_run()
        r.font.size = Pt(13)
        if kind == "instr":
            t = OxmlElement("w:instrText")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            r._r.append(t)
        elif kind == "text":
            r.text = text
        else:
            r._r.append(el("w:fldChar", fldCharType=kind))
    first = s.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].paragraph_format.first_line_indent = Twips(0)


def sdt_inline(paragraph, tag, alias, sample, bold=False, italic=False, caps=False, size=None):
    """A run-level content control holding `sample` in the formatting the code keeps."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    pr.append(el("w:alias", val=alias))
    pr.append(el("w:tag", val=tag))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    if caps:
        rpr.append(OxmlElement("w:caps"))
    if size:
        rpr.append(el("w:sz", val=size * 2))
        rpr.append(el("w:szCs", val=size * 2))
    if len(rpr):
        r.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = sample
    r.append(t)
    content.append(r)
    sdt.append(content)
    paragraph._p.append(sdt)


def sdt_block(container_el, before_el, tag, alias, style, sample):
    """A block-level content control (in the body or a cell) holding one sample paragraph."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    pr.append(el("w:alias", val=alias))
    pr.append(el("w:tag", val=tag))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(el("w:pStyle", val=style))
    p.append(ppr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = sample
    r.append(t)
    p.append(r)
    content.append(p)
    sdt.append(content)
    if before_el is None:
        container_el.append(sdt)
    else:
        before_el.addprevious(sdt)


def borderless(table, widths, indent=0):
    tbl = table._tbl
    tblpr = tbl.tblPr
    # Rebuilt in the schema's order (Word refuses another): width, indent, borders, layout,
    # cell margins, look.
    look = tblpr.find(qn("w:tblLook"))
    for child in list(tblpr):
        tblpr.remove(child)
    tblpr.append(el("w:tblW", w=sum(widths), type="dxa"))
    if indent:
        tblpr.append(el("w:tblInd", w=indent, type="dxa"))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el("w:" + side, val="nil"))
    tblpr.append(borders)
    tblpr.append(el("w:tblLayout", type="fixed"))
    mar = OxmlElement("w:tblCellMar")
    mar.append(el("w:left", w=57, type="dxa"))
    mar.append(el("w:right", w=57, type="dxa"))
    tblpr.append(mar)
    if look is not None:
        tblpr.append(look)
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Twips(w)


def cell_paragraph(cell, style, first=False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.style = style
    return p


def rule(cell_or_doc, style, width, line_width, before=3):
    """An empty paragraph whose top border, centred by its indents, is the rule under a line:
    `before` points below the line's descenders, or LibreOffice draws it as an underline."""
    p = cell_or_doc.add_paragraph()
    p.style = style
    side = max((width - line_width) // 2, 0)
    pf = p.paragraph_format
    pf.left_indent = Twips(side)
    pf.right_indent = Twips(side)
    pf.first_line_indent = Twips(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(4)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bdr.append(el("w:top", val="single", sz=6, space=1, color="000000"))
    ppr.insert(1, bdr)
    return p


def header_table(doc, with_number):
    # Slightly wider than the text (into the left margin) so that the national name holds on
    # one line in 13 pt bold, as in the Ministry's own documents.
    left_w, right_w = 4300, 5900
    table = doc.add_table(rows=2, cols=2)
    borderless(table, [left_w, right_w], indent=-560)
    l1, r1 = table.rows[0].cells
    l2, r2 = table.rows[1].cells
    p = cell_paragraph(l1, "WPHeadLeft", first=True)
    sdt_inline(p, "wp.parent_body", "Cơ quan chủ quản", "BỘ CHỦ QUẢN", caps=True)
    p = cell_paragraph(l1, "WPHeadLeft")
    sdt_inline(p, "wp.issuer", "Cơ quan ban hành", "CƠ QUAN BAN HÀNH", bold=True, caps=True)
    rule(l1, "WPHeadLeft", left_w - 114, 1300)
    p = cell_paragraph(r1, "WPHeadRight", first=True)
    r = p.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    r.bold = True
    p = cell_paragraph(r1, "WPHeadRight")
    r = p.add_run("Độc lập - Tự do - Hạnh phúc")
    r.bold = True
    r.font.size = Pt(14)
    rule(r1, "WPHeadRight", right_w - 114, 3800)
    p = cell_paragraph(l2, "WPHeadLeft", first=True)
    if with_number:
        p.add_run("Số: ")
        sdt_inline(p, "wp.number", "Số, ký hiệu", "…/BC-LĐTBXH")
    p = cell_paragraph(r2, "WPHeadRight", first=True)
    sdt_inline(p, "wp.place_date", "Địa danh, ngày tháng", "Hà Nội, ngày … tháng … năm …",
               italic=True, size=14)
    return table


def title_block(doc):
    p = doc.add_paragraph(style="WPTitle")
    sdt_inline(p, "wp.title", "Tên loại văn bản", "BÁO CÁO")
    p = doc.add_paragraph(style="WPSubject")
    sdt_inline(p, "wp.subject", "Trích yếu", "Trích yếu nội dung")
    rule(doc, "WPSubject", TEXT_WIDTH, 2600, before=5)


def body_control(doc, tag="wp.body", alias="Nội dung", style="WPBody",
                 sample="Nội dung văn bản."):
    body = doc.element.body
    sdt_block(body, body.find(qn("w:sectPr")), tag, alias, style, sample)


def closing_table(doc):
    left_w, right_w = 4400, 4955
    table = doc.add_table(rows=1, cols=2)
    borderless(table, [left_w, right_w])
    # Nơi nhận and the signature stay together on one page.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    p = cell_paragraph(left, "WPRecipientsHead", first=True)
    p.add_run("Nơi nhận:")
    sdt_block(left._tc, None, "wp.recipients", "Nơi nhận", "WPRecipients", "- Như trên;")
    # A cell ends with a paragraph.
    left._tc.append(OxmlElement("w:p"))
    last = left.paragraphs[-1]
    last.style = "WPRecipients"
    p = cell_paragraph(right, "WPSignAuthority", first=True)
    sdt_inline(p, "wp.authority", "Quyền hạn ký", "KT. BỘ TRƯỞNG")
    p = cell_paragraph(right, "WPSignAuthority")
    sdt_inline(p, "wp.signer_title", "Chức vụ người ký", "THỨ TRƯỞNG")
    for _ in range(4):
        cell_paragraph(right, "WPSignName")
    p = cell_paragraph(right, "WPSignName")
    sdt_inline(p, "wp.signer_name", "Họ tên người ký", "Họ và tên")


def spacer(doc):
    p = doc.add_paragraph(style="WPBody")
    p.paragraph_format.space_after = Pt(0)
    return p


def no_stretched_breaks(doc):
    """A line ended by a line break (a passage's "- …" items) is not spread to the full width of
    a justified paragraph (Word's "Don't expand character spaces on a line that ends with
    SHIFT+RETURN"; LibreOffice reads it too). First in w:compat, as the schema orders it."""
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        doc.settings.element.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def make(kind):
    doc = Document()
    # The default template's single empty paragraph goes: the header table opens the body.
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    setup_styles(doc, area_break=kind == "giao_ban")
    setup_section(doc)
    no_stretched_breaks(doc)
    header_table(doc, with_number=kind == "bao_cao")
    title_block(doc)
    if kind == "bao_cao":
        body_control(doc)
        spacer(doc)
        closing_table(doc)
        # Annexes follow the signature, each from a new page (WPAnnexTitle).
        body_control(doc, "wp.annex", "Phụ lục", "WPAnnexTitle", "PHỤ LỤC")
    else:
        body_control(doc)
    # The filled documents keep these: no "template" title or comment in a report's properties.
    props = doc.core_properties
    props.author = "workplan"
    props.title = ""
    props.comments = ""
    props.revision = 1
    props.created = props.modified = datetime.datetime(2026, 12, 7)
    props.last_modified_by = "workplan"
    return doc


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        Path(__file__).resolve().parent.parent / "data" / "templates"
    out.mkdir(parents=True, exist_ok=True)
    for kind in ("bao_cao", "giao_ban"):
        path = out / (kind + ".docx")
        make(kind).save(str(path))
        print(path)


if __name__ == "__main__":
    main()
