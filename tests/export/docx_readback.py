#!/usr/bin/python3
"""The sample report docx_tool writes from data/templates/bao_cao.docx, read back by python-docx.

What the Office opens must be a Decree 30 report (DOMAIN.md §4) to any reader, not only to
Word: python-docx 0.8.11 (Debian python3-docx) sees only a body's direct paragraphs and tables
and a paragraph's direct runs, so content controls must be gone. Checked: A4 and the margins,
the page number from page 2 on, Times New Roman, the borderless header table (the empty parent
body line dropped, the issuer bold, "Số:", the national name and motto, the italic place and
date), "BÁO CÁO", the figures table (repeated header row, a merged area row, a row per target),
runs in bold and italic, the text escaped and unescaped exactly, Nơi nhận and the signature,
the annex after it; every part's properties in the schema's order (Word refuses others).

usage: docx_readback.py DOCX_TOOL TEMPLATE
Exit 0 when all is well, 1 with one line per mismatch, 77 when python-docx is missing.
"""
import os
import subprocess
import sys
import tempfile
import zipfile

try:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt
except ImportError:
    print("docx_readback: SKIP: python-docx missing (Debian python3-docx)", file=sys.stderr)
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import ooxml  # noqa: E402

FONT = "Times New Roman"
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def mm(length):
    return round(length.mm, 1)


def paragraph_style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def effective(paragraph, run, attr):
    """A run's bold/italic/size as Word resolves it: the run, its paragraph style chain."""
    value = getattr(run.font, attr) if attr == "size" else getattr(run, attr)
    if value is not None:
        return value
    for style in paragraph_style_chain(paragraph.style):
        v = getattr(style.font, attr)
        if v is not None:
            return v
    return None


def alignment(paragraph):
    if paragraph.alignment is not None:
        return paragraph.alignment
    for style in paragraph_style_chain(paragraph.style):
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
    return None


def texts(cell):
    return [p.text for p in cell.paragraphs]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    tool, template = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bao_cao.docx")
        subprocess.run([tool, "fill", template, out], check=True)
        d = docx.Document(out)
        body_xml = d.element.xml
        with zipfile.ZipFile(out) as z:
            for part in z.namelist():
                if part.startswith("word/") and part.endswith(".xml"):
                    for problem in ooxml.order_problems(z.read(part)):
                        problems.append(f"{part}: {problem} (Word refuses it)")

    # No content control left anywhere in the body.
    check("<w:sdt>" not in body_xml and "<w:sdt " not in body_xml, "a w:sdt is left in the body")

    s = d.sections[0]
    check((mm(s.page_width), mm(s.page_height)) == (210.0, 297.0),
          f"page {mm(s.page_width)}×{mm(s.page_height)} mm, not A4")
    check(mm(s.left_margin) == 30.0 and mm(s.right_margin) == 15.0,
          f"left/right margins {mm(s.left_margin)}/{mm(s.right_margin)} mm, not 30/15")
    check(mm(s.top_margin) == 20.0 and mm(s.bottom_margin) == 20.0,
          f"top/bottom margins {mm(s.top_margin)}/{mm(s.bottom_margin)} mm, not 20/20")
    check(s.different_first_page_header_footer, "no different first page (titlePg)")
    header_xml = s.header._element.xml
    check("PAGE" in header_xml and "fldChar" in header_xml, "no PAGE field in the header")
    check(any(alignment(p) == WD_ALIGN_PARAGRAPH.CENTER for p in s.header.paragraphs),
          "the page number is not centred")
    check("PAGE" not in s.first_page_header._element.xml, "a page number on page 1")

    normal = d.styles["Normal"]
    check(normal.font.name == FONT, f"Normal font {normal.font.name}")
    check(normal.font.size in (Pt(13), Pt(14)), f"Normal size {normal.font.size}")
    for rfonts in d.element.iter(qn("w:rFonts")):
        for key, value in rfonts.attrib.items():
            check(value == FONT and "Theme" not in key,
                  f"a run names another font: {key}={value}")
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    check(all(fonts.get(qn("w:" + k)) == FONT for k in ("ascii", "hAnsi", "cs", "eastAsia")),
          "document defaults are not Times New Roman for every script")

    tables = d.tables
    check(len(tables) == 4, f"{len(tables)} tables, expected header, figures, closing, annex")
    head = tables[0]
    check(len(head.columns) == 2, "the header table has not 2 columns")
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    check(borders is not None and
          all(b.get(qn("w:val")) in ("nil", "none") for b in borders),
          "the header table has borders")
    left, right = head.cell(0, 0), head.cell(0, 1)
    check(texts(left)[0] == "BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI",
          f"the empty parent body line is not dropped, or the issuer differs: {texts(left)}")
    issuer = left.paragraphs[0]
    check(all(effective(issuer, r, "bold") for r in issuer.runs), "the issuer is not bold")
    check(head.cell(1, 0).paragraphs[0].text == "Số: 45/BC-LĐTBXH",
          f"number line {head.cell(1, 0).paragraphs[0].text!r}")
    check(texts(right)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
          f"national name and motto {texts(right)[:2]}")
    nation, motto = right.paragraphs[0], right.paragraphs[1]
    check(effective(nation, nation.runs[0], "bold") and
          effective(nation, nation.runs[0], "size") == Pt(13), "national name not bold 13")
    check(effective(motto, motto.runs[0], "bold") and
          effective(motto, motto.runs[0], "size") == Pt(14), "motto not bold 14")
    date = head.cell(1, 1).paragraphs[0]
    check(date.text == "Hà Nội, ngày 05 tháng 01 năm 2013", f"date line {date.text!r}")
    check(all(effective(date, r, "italic") for r in date.runs), "the date line is not italic")

    paragraphs = d.paragraphs
    title = [p for p in paragraphs if p.text == "BÁO CÁO"]
    check(len(title) == 1, "no 'BÁO CÁO' paragraph")
    if title:
        t = title[0]
        check(alignment(t) == WD_ALIGN_PARAGRAPH.CENTER, "BÁO CÁO not centred")
        check(all(effective(t, r, "bold") for r in t.runs), "BÁO CÁO not bold")
    subject = [p for p in paragraphs if p.text.startswith("Tình hình thực hiện")]
    check(subject and subject[0].style.style_id == "WPSubject", "no subject in WPSubject")
    check(subject and "\n" in subject[0].text, "the subject's line break is lost")

    figures = tables[1]
    check(figures.style is not None and figures.style.style_id == "WPTable",
          "the figures table is not in WPTable")
    header_cells = [c.text for c in figures.rows[0].cells]
    check(header_cells[:3] == ["TT", "Chỉ tiêu", "Kế hoạch năm"], f"figures header {header_cells}")
    check(figures.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None,
          "the figures header row does not repeat")
    area = figures.rows[1]._tr.findall(qn("w:tc"))
    check(len(area) == 1 and area[0].grid_span == 7, "the area row is not one merged cell")
    rows = [[c.text for c in r.cells] for r in figures.rows[2:]]
    check(len(rows) == 4, f"{len(rows)} target rows, expected 4")
    check(rows and rows[0][1:6] == ["Tạo việc làm (nghìn người)", "1.600", "142,3", "1.584,8",
                                    "99,1"], f"first target row {rows[:1]}")
    num = figures.rows[2].cells[5].paragraphs[0]
    check(num.style.style_id == "WPTableNum" and alignment(num) == WD_ALIGN_PARAGRAPH.RIGHT,
          "numbers are not right-aligned WPTableNum")

    jobs = [p for p in paragraphs if p.text.startswith("Tạo việc làm cho 1.584,8 nghìn người")]
    check(jobs and jobs[0].runs[0].bold and not jobs[0].runs[1].bold,
          "the figure sentence's bold run is lost")
    passage = [p for p in paragraphs if p.text.startswith("Sở LĐTBXH Hà Giang: ")]
    check(passage and passage[0].runs[0].italic, "the unit naming a passage is not italic")
    check(passage and '<kế hoạch> & "hướng dẫn"' in passage[0].text,
          "escaped characters do not read back")

    closing = tables[2]
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    head_p = left.paragraphs[0]
    check(head_p.text == "Nơi nhận:", f"closing left starts {head_p.text!r}")
    check(effective(head_p, head_p.runs[0], "bold") and effective(head_p, head_p.runs[0], "italic")
          and effective(head_p, head_p.runs[0], "size") == Pt(12), "Nơi nhận: not bold italic 12")
    recipients = [p for p in left.paragraphs[1:] if p.text]
    check([p.text for p in recipients][-1:] == ["- Lưu: VT, KHTC."],
          f"recipients {[p.text for p in recipients]}")
    check(all(p.style.style_id == "WPRecipients" and p.style.font.size == Pt(11)
              for p in recipients), "recipients are not WPRecipients 11")
    signed = [p.text for p in right.paragraphs if p.text]
    check(signed == ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Văn A"], f"signature {signed}")
    name = [p for p in right.paragraphs if p.text == "Nguyễn Văn A"]
    check(name and effective(name[0], name[0].runs[0], "bold"), "the signer's name is not bold")

    annex = [p for p in paragraphs if p.text.startswith("PHỤ LỤC")]
    check(annex and annex[0].style.style_id == "WPAnnexTitle" and
          annex[0].style.paragraph_format.page_break_before, "the annex does not start a page")
    check(paragraphs.index(annex[0]) > paragraphs.index(title[0]) if annex and title else False,
          "the annex is not after the title")
    check([c.text for c in tables[3].rows[3].cells][1:] == ["Sở LĐTBXH Hà Giang", "", "Chưa báo cáo"],
          "annex rows")
    check('w:type="page"' in body_xml, "no page break")

    for p in problems:
        print(f"docx_readback: FAIL: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
