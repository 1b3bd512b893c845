#!/usr/bin/env python3
"""Writes tests/fuzz/pdf_corpus: small hand-made PDFs (a few hundred bytes each, so that the
fuzzer mutates structure rather than font programs) that poppler reads as text: one page, two
pages with a running header and page numbers, two columns (a header), a hyphenated wrap, and a
page typed in a TCVN3 font (WinAnsi code points, converted by text/legacy). The fixtures of
tests/read (a scan, a locked PDF) are copied beside them by hand.

usage: make_pdf_corpus.py OUTDIR
"""
import os
import sys


def pdf(pages):
    """pages: a list of lists of (x, y, size, bytes) text runs in Helvetica (WinAnsi)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for runs in pages:
        content = b"BT\n"
        for x, y, size, text in runs:
            esc = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            content += b"/F1 %d Tf 1 0 0 1 %d %d Tm (%s) Tj\n" % (size, x, y, esc)
        content += b"ET\n"
        objs.append(b"<< /Length %d >>\nstream\n%sendstream" % (len(content), content))
        stream_id = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % stream_id)
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lines = [b"QUYET DINH", b"Dieu 1. Ban hanh Chuong trinh cong tac nam 2012",
             b"I. MUC TIEU", b"1. Tao viec lam cho 1.600.000 lao dong."]
    one = [[(72, 780 - 20 * i, 11, t) for i, t in enumerate(lines)]]
    two = [[(72, 810, 9, b"CONG BAO/So 12/Ngay 15-02-2018"),
            (72, 760, 11, b"II. NHIEM VU"), (72, 740, 11, b"1. Bo tri kinh phi 200 ty dong"),
            (290, 40, 9, b"%d" % n)] for n in (1, 2)]
    columns = [[(72, 800, 11, b"BO LAO DONG"), (330, 800, 11, b"CONG HOA XA HOI"),
                (72, 780, 11, b"So: 224/QD-LDTBXH"), (330, 780, 11, b"Ha Noi, ngay 23 thang 2")]]
    wrap = [[(72, 780, 11, b"Giam ty le ho ngheo binh quan 1,7 - 2%/nam, tao viec lam cho lao-"),
             (72, 766, 11, b"dong nong thon; T hanh pho Ho Chi M inh ngay 26 thang 0 6 nam 2018")]]
    # "Quảng Ngãi, ngày 15 tháng 3 năm 2012" and "Bộ Lao động" typed in .VnTime (TCVN3).
    tcvn3 = [[(72, 780, 11, b"Qu\xb6ng Ng\xb7i, ng\xb5y 15 th\xb8ng 3 n\xa8m 2012"),
              (72, 760, 11, b"B\xe9 Lao \xae\xe9ng - Th\xad\xacng binh v\xb5 X\xb7 h\xe9i"),
              (72, 740, 11, b"\xa7i\xd2u 1. Ban h\xb5nh Ch\xad\xacng tr\xd7nh c\xabng t\xb8\x63")]]
    for name, pages in (("one_page.pdf", one), ("two_pages.pdf", two), ("columns.pdf", columns),
                        ("wrap.pdf", wrap), ("tcvn3.pdf", tcvn3)):
        with open(os.path.join(out, name), "wb") as f:
            f.write(pdf(pages))


if __name__ == "__main__":
    main()
