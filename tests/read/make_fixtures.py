#!/usr/bin/env python3
"""Writes the reader's fixtures into tests/read/fixtures/ (checked in; rerun after changing this).

- molisa_2008/molisa_2012 .docx and .pdf: the seeds (data/seeds) through LibreOffice headless,
  as a drafting unit saving the text would, the PDF set as a signed copy is (justified, first
  lines indented); compare_forms.py parses them against the seeds;
- word_like.docx (python-docx, the parts Word writes that LibreOffice does not): the header and
  the closing as borderless tables, the programme's headings typed by Word's automatic
  numbering (I., 1., a), a restarted list, a style that carries the numbering), a tracked
  deletion and insertion, a hyperlink, a hidden run, a table with merged cells and a header row
  repeated on each page; word_like.txt is the text a reader sees in it. (No PDF of it: a
  PDF's narrow table cells wrap, and the lines of a cell cannot be told from the next row's
  without ruling lines; LibreOffice also prints tracked deletions struck through.)
- refusals: refuse_scan.pdf (an image, no text layer), locked.pdf (a password to open), old.doc
  (Word 97–2003), old.odt.

usage: make_fixtures.py [SOURCE_DIR]   (needs soffice, python3-docx)
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

SRC = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(SRC, "tests", "read", "fixtures")


def soffice(args, cwd):
    subprocess.run(["soffice", "--headless", "--norestore"] + args, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn("w:" + k), str(v))
    return e


def sub(parent, tag, **attrs):
    e = el(tag, **attrs)
    parent.append(e)
    return e


# ---- numbering: an outline list (I. / 1. / a)) and a plain decimal list ------------------

def add_numbering(document):
    numbering = document.part.numbering_part.element
    outline = el("w:abstractNum", abstractNumId=90)
    for ilvl, (fmt, text) in enumerate([("upperRoman", "%1."), ("decimal", "%2."),
                                        ("lowerLetter", "%3)")]):
        lvl = sub(outline, "w:lvl", ilvl=ilvl)
        sub(lvl, "w:start", val=1)
        sub(lvl, "w:numFmt", val=fmt)
        sub(lvl, "w:lvlText", val=text)
        if ilvl == 0:
            sub(lvl, "w:pStyle", val="OutlineHeading")
    plain = el("w:abstractNum", abstractNumId=91)
    lvl = sub(plain, "w:lvl", ilvl=0)
    sub(lvl, "w:start", val=1)
    sub(lvl, "w:numFmt", val="decimal")
    sub(lvl, "w:lvlText", val="%1.")
    bullet = el("w:abstractNum", abstractNumId=92)
    lvl = sub(bullet, "w:lvl", ilvl=0)
    sub(lvl, "w:numFmt", val="bullet")
    sub(lvl, "w:lvlText", val="\uf0b7")
    # abstractNum elements precede num elements (the schema's order).
    first_num = numbering.find(qn("w:num"))
    for a in (outline, plain, bullet):
        if first_num is not None:
            first_num.addprevious(a)
        else:
            numbering.append(a)
    for num_id, abstract in ((90, 90), (91, 91), (92, 92)):
        num = sub(numbering, "w:num", numId=num_id)
        sub(num, "w:abstractNumId", val=abstract)
    # The same plain list started again at 1 (Word's "Restart numbering").
    num = sub(numbering, "w:num", numId=93)
    sub(num, "w:abstractNumId", val=91)
    override = sub(num, "w:lvlOverride", ilvl=0)
    sub(override, "w:startOverride", val=1)
    # A paragraph style that carries the outline's first level: numbered through its style.
    styles = document.styles.element
    style = sub(styles, "w:style", type="paragraph", styleId="OutlineHeading")
    sub(style, "w:name", val="Outline Heading")
    sub(style, "w:basedOn", val="Normal")
    ppr = sub(style, "w:pPr")
    numpr = sub(ppr, "w:numPr")
    sub(numpr, "w:numId", val=90)


def numbered(document, text, num_id, ilvl=0):
    p = document.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    numpr = sub(ppr, "w:numPr")
    sub(numpr, "w:ilvl", val=ilvl)
    sub(numpr, "w:numId", val=num_id)
    return p


def styled_heading(document, text):
    p = document.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0, el("w:pStyle", val="OutlineHeading"))
    return p


def borderless(table):
    tblpr = table._tbl.tblPr
    borders = sub(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, "w:" + side, val="nil")


def cell_lines(cell, lines):
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def tracked(document, before, deleted, inserted, after):
    p = document.add_paragraph()
    p.add_run(before)
    d = sub(p._p, "w:del", id=1, author="Vụ KHTC", date="2013-01-05T00:00:00Z")
    r = sub(d, "w:r")
    t = sub(r, "w:delText")
    t.text = deleted
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    ins = sub(p._p, "w:ins", id=2, author="Vụ KHTC", date="2013-01-05T00:00:00Z")
    r = sub(ins, "w:r")
    t = sub(r, "w:t")
    t.text = inserted
    p.add_run(after)
    return p


def word_like(path_docx, path_txt):
    d = docx.Document()
    d.styles["Normal"].font.name = "Liberation Serif"
    d.styles["Normal"].font.size = Pt(13)
    add_numbering(d)
    lines = []

    header = d.add_table(rows=2, cols=2)
    borderless(header)
    cell_lines(header.cell(0, 0), ["BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "-------"])
    cell_lines(header.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                   "Độc lập - Tự do - Hạnh phúc", "---------------"])
    cell_lines(header.cell(1, 0), ["Số: 99/QĐ-LĐTBXH"])
    cell_lines(header.cell(1, 1), ["Hà Nội, ngày 10 tháng 01 năm 2013"])
    lines += ["BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "-------\tĐộc lập - Tự do - Hạnh phúc",
              "\t---------------",
              "Số: 99/QĐ-LĐTBXH\tHà Nội, ngày 10 tháng 01 năm 2013"]

    def para(text):
        d.add_paragraph(text)
        lines.append(text)

    para("QUYẾT ĐỊNH")
    para("VỀ VIỆC BAN HÀNH CHƯƠNG TRÌNH CÔNG TÁC NĂM 2013")
    para("BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    # A hyperlink's text is the document's; a hidden run is not.
    p = d.add_paragraph("Căn cứ Nghị định số 106/2012/NĐ-CP ngày 20/12/2012 của ")
    link = sub(p._p, "w:hyperlink")
    r = sub(link, "w:r")
    t = sub(r, "w:t")
    t.text = "Chính phủ"
    hidden = p.add_run(" (ghi chú ẩn)")
    hidden.font.hidden = True
    p.add_run(" quy định chức năng, nhiệm vụ, quyền hạn của Bộ;")
    lines.append("Căn cứ Nghị định số 106/2012/NĐ-CP ngày 20/12/2012 của Chính phủ quy định chức "
                 "năng, nhiệm vụ, quyền hạn của Bộ;")
    para("Xét đề nghị của Vụ trưởng Vụ Kế hoạch - Tài chính,")
    para("QUYẾT ĐỊNH:")
    para("Điều 1. Ban hành kèm theo Quyết định này Chương trình công tác năm 2013.")
    para("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    para("Điều 3. Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định này.")

    closing = d.add_table(rows=1, cols=2)
    borderless(closing)
    cell_lines(closing.cell(0, 0), ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, KHTC."])
    cell_lines(closing.cell(0, 1), ["BỘ TRƯỞNG", "Nguyễn Văn Bình"])
    lines += ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, KHTC.", "BỘ TRƯỞNG", "Nguyễn Văn Bình"]

    para("CHƯƠNG TRÌNH CÔNG TÁC NĂM 2013")
    para("(Ban hành kèm theo Quyết định số 99/QĐ-LĐTBXH ngày 10/01/2013 của Bộ trưởng Bộ Lao "
         "động - Thương binh và Xã hội)")

    def outline(text, ilvl, label):
        numbered(d, text, 90, ilvl)
        lines.append(label + " " + text)

    styled_heading(d, "MỤC TIÊU, CHỈ TIÊU CHỦ YẾU")
    lines.append("I. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU")
    outline("Việc làm", 1, "1.")
    tracked(d, "Tạo việc làm cho ", "1,5 triệu", "1,6 triệu", " lao động trong năm 2013.")
    lines.append("Tạo việc làm cho 1,6 triệu lao động trong năm 2013.")
    outline("Giảm nghèo", 1, "2.")
    para("Tỷ lệ hộ nghèo giảm 2% so với năm 2012.")
    styled_heading(d, "NHIỆM VỤ, GIẢI PHÁP")
    lines.append("II. NHIỆM VỤ, GIẢI PHÁP")
    outline("Lĩnh vực việc làm (Cục Việc làm chủ trì)", 1, "1.")
    outline("Trình Chính phủ Nghị định hướng dẫn Luật Việc làm trước ngày 30/6/2013.", 2, "a)")
    outline("Tổ chức sàn giao dịch việc làm hằng tháng tại các tỉnh.", 2, "b)")
    outline("Lĩnh vực giảm nghèo (Văn phòng Quốc gia về giảm nghèo chủ trì)", 1, "2.")
    numbered(d, "Tổng kết Chương trình 30a trong quý IV năm 2013.", 92)
    lines.append("- Tổng kết Chương trình 30a trong quý IV năm 2013.")

    # The tasks as a table: a header row repeated on each page, merged cells.
    table = d.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    head = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    for i, h in enumerate(head):
        table.cell(0, i).text = h
    trpr = table.rows[0]._tr.get_or_add_trPr()
    sub(trpr, "w:tblHeader")
    rows = [["1", "Xây dựng đề án hỗ trợ việc làm", "Cục Việc làm", "Quý II/2013"],
            ["2", "Sơ kết Chương trình 30a", "Văn phòng Quốc gia về giảm nghèo", "Quý III/2013"],
            ["3", "Báo cáo tổng hợp năm", "", ""]]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    # Row 3's last two cells merged into one ("Vụ Kế hoạch - Tài chính, tháng 12/2013") and
    # the lead of rows 2 and 3 merged vertically.
    merged = table.cell(3, 2).merge(table.cell(3, 3))
    merged.text = "Vụ Kế hoạch - Tài chính, tháng 12/2013"
    lines += ["\t".join(head),
              "1\tXây dựng đề án hỗ trợ việc làm\tCục Việc làm\tQuý II/2013",
              "2\tSơ kết Chương trình 30a\tVăn phòng Quốc gia về giảm nghèo\tQuý III/2013",
              "3\tBáo cáo tổng hợp năm\tVụ Kế hoạch - Tài chính, tháng 12/2013"]

    styled_heading(d, "TỔ CHỨC THỰC HIỆN")
    lines.append("III. TỔ CHỨC THỰC HIỆN")
    numbered(d, "Các đơn vị xây dựng kế hoạch thực hiện, gửi Vụ Kế hoạch - Tài chính trước ngày "
                "31/01/2013.", 93)
    lines.append("1. Các đơn vị xây dựng kế hoạch thực hiện, gửi Vụ Kế hoạch - Tài chính trước "
                 "ngày 31/01/2013.")
    numbered(d, "Vụ Kế hoạch - Tài chính tổng hợp, báo cáo Bộ trưởng hằng quý.", 93)
    lines.append("2. Vụ Kế hoạch - Tài chính tổng hợp, báo cáo Bộ trưởng hằng quý.")
    d.save(path_docx)
    with open(path_txt, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def png(path, w=200, h=120):
    """A grey image with a dark band: a 'scan' with no text layer."""
    raw = b""
    for y in range(h):
        raw += b"\x00" + bytes([40 if 50 <= y < 70 else 220] * w)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for seed in ("molisa_2008", "molisa_2012"):
            shutil.copy(os.path.join(SRC, "data", "seeds", seed + ".txt"), tmp)
            soffice(["--infilter=Text (encoded):UTF8", "--convert-to", "docx:MS Word 2007 XML",
                     seed + ".txt"], tmp)
            shutil.copy(os.path.join(tmp, seed + ".docx"), OUT)
            # The PDF as a signed copy is set (Decree 30): Times-like 13 pt, justified, the
            # first line of each paragraph indented 1 cm; without the indent nothing on the page
            # tells a paragraph's end at the margin from a wrap.
            d = docx.Document(os.path.join(tmp, seed + ".docx"))
            for p in d.paragraphs:
                p.paragraph_format.first_line_indent = Cm(1)
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                for r in p.runs:
                    r.font.name = "Liberation Serif"
                    r.font.size = Pt(13)
            os.makedirs(os.path.join(tmp, "set"), exist_ok=True)
            d.save(os.path.join(tmp, "set", seed + ".docx"))
            soffice(["--convert-to", "pdf", seed + ".docx"], os.path.join(tmp, "set"))
            shutil.copy(os.path.join(tmp, "set", seed + ".pdf"), OUT)
        word_like(os.path.join(OUT, "word_like.docx"), os.path.join(OUT, "word_like.txt"))
        shutil.copy(os.path.join(OUT, "word_like.docx"), tmp)
        # Refusals.
        png(os.path.join(tmp, "scan.png"))
        scan = docx.Document()
        scan.add_picture(os.path.join(tmp, "scan.png"))
        scan.save(os.path.join(tmp, "scan.docx"))
        soffice(["--convert-to", "pdf", "scan.docx"], tmp)
        shutil.copy(os.path.join(tmp, "scan.pdf"), os.path.join(OUT, "refuse_scan.pdf"))
        locked = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                  '"DocumentOpenPassword":{"type":"string","value":"matkhau"}}')
        soffice(["--convert-to", locked, "word_like.docx"], tmp)
        shutil.copy(os.path.join(tmp, "word_like.pdf"), os.path.join(OUT, "refuse_locked.pdf"))
        soffice(["--convert-to", "doc:MS Word 97", "word_like.docx"], tmp)
        shutil.copy(os.path.join(tmp, "word_like.doc"), os.path.join(OUT, "refuse_old.doc"))
        soffice(["--convert-to", "odt", "word_like.docx"], tmp)
        shutil.copy(os.path.join(tmp, "word_like.odt"), os.path.join(OUT, "refuse_old.odt"))
    for f in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, f)):>8}  {f}")


if __name__ == "__main__":
    main()
