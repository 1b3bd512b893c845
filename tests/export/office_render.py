#!/usr/bin/python3
"""docx_tool's sample report printed by LibreOffice: the page a reader of the PDF gets.

LibreOffice (headless) converts the filled bao_cao template; poppler reads the PDF: every page
A4 portrait, only Liberation Serif (Times New Roman's metric twin: no fallback font, so the
layout is Word's), on page 1 the national name right of the page's centre and the issuer left
of it, "BÁO CÁO" centred within 10 mm, no page number; "2" at the top centre of page 2; Nơi
nhận and the signature on one page. Page 1 is rendered to build/screenshots/docx-sample-p1.png
(look at it). The giao_ban template beside it: each area opens a page of its own
(docx-giao-ban-p2.png).

usage: office_render.py DOCX_TOOL TEMPLATE
Exit 0 when all is well, 1 with one line per mismatch, 77 when LibreOffice or poppler is
missing.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
import office  # noqa: E402

NAME = "docx_office_render"
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    office.skip_unless_available(NAME)
    tool, template = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="wp-docx-") as tmp:
        docx_path = Path(tmp) / "docx-sample.docx"
        subprocess.run([tool, "fill", template, str(docx_path)], check=True)
        pdf = office.to_pdf(docx_path, tmp)

        sizes = office.page_sizes(pdf)
        check(len(sizes) >= 2, f"{len(sizes)} pages, expected the report then the annex")
        for i, (w, h) in enumerate(sizes, 1):
            check(abs(w - 595.3) < 1 and abs(h - 841.9) < 1, f"page {i} is {w}×{h} pt, not A4")
        families = {f.family for f in office.fonts(pdf)}
        check(families == {"LiberationSerif"},
              f"fonts {sorted(families)}: Times New Roman did not map to Liberation Serif alone")

        p1 = office.words(pdf, 1)
        centre = p1.width / 2
        nation = p1.line_of("CỘNG", "HÒA")
        check(nation is not None and nation.x0 > centre - 40 * office.MM and nation.cx > centre,
              f"national name not in the right column: {nation}")
        issuer = p1.line_of("BỘ", "LAO", "ĐỘNG")
        check(issuer is not None and issuer.cx < centre, f"issuer not in the left column: {issuer}")
        if nation and issuer:
            check(abs(nation.y0 - issuer.y0) < 3, "issuer and national name not on one line")
        title = p1.line_of("BÁO", "CÁO")
        # The text block is centred between 30 mm and 15 mm margins: its centre is 7.5 mm right
        # of the page's.
        text_centre = (30 + (210 - 15)) / 2 * office.MM
        check(title is not None and abs(title.cx - text_centre) < 10 * office.MM,
              f"BÁO CÁO not centred: {title}")
        date = p1.line_of("Hà", "Nội,", "ngày", "05", "tháng", "01", "năm", "2013")
        check(date is not None and date.cx > centre, f"date line not right: {date}")
        top = [w for w in p1.words if w.y1 < 20 * office.MM]
        check(not top, f"something above the header on page 1 (a page number?): {top}")

        p2 = office.words(pdf, 2)
        number = [w for w in p2.words if w.text == "2" and w.y1 < 20 * office.MM]
        check(len(number) == 1 and abs(number[0].cx - text_centre) < 5 * office.MM,
              f"no centred '2' atop page 2: {[w for w in p2.words if w.y1 < 20 * office.MM]}")

        pages_text = [office.text(pdf, i) for i in range(1, len(sizes) + 1)]
        where_recipients = [i for i, t in enumerate(pages_text, 1) if "Nơi nhận:" in t]
        where_name = [i for i, t in enumerate(pages_text, 1) if "Nguyễn Văn A" in t]
        check(where_recipients and where_recipients == where_name,
              f"Nơi nhận (p. {where_recipients}) and the signer (p. {where_name}) apart")
        annex = [i for i, t in enumerate(pages_text, 1) if "PHỤ LỤC" in t]
        check(annex and where_name and annex[0] > where_name[0],
              "the annex does not start on a page after the signature")

        shot = office.render_png(pdf, 1, office.screenshots_dir() / "docx-sample-p1.png")
        print(f"{NAME}: page 1 → {shot}")

        # The briefing pack beside it: each area on a page of its own (WPArea in giao_ban).
        briefing = Path(template).with_name("giao_ban.docx")
        if briefing.is_file():
            docx_path = Path(tmp) / "docx-giao-ban.docx"
            subprocess.run([tool, "fill", str(briefing), str(docx_path)], check=True)
            pdf = office.to_pdf(docx_path, tmp)
            sizes = office.page_sizes(pdf)
            check(len(sizes) == 3, f"briefing: {len(sizes)} pages, expected a cover and 2 areas")
            for page, area in ((2, "1. Lĩnh vực việc làm"), (3, "2. Lĩnh vực dạy nghề")):
                if page > len(sizes):
                    break
                lines = [ln.strip() for ln in office.text(pdf, page).splitlines() if ln.strip()]
                # Line 1 is the page number.
                check(lines[1:2] == [area], f"briefing page {page} opens {lines[:2]}, not {area}")
            shot = office.render_png(pdf, 2, office.screenshots_dir() / "docx-giao-ban-p2.png")
            print(f"{NAME}: briefing page 2 → {shot}")

    for p in problems:
        print(f"{NAME}: FAIL: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except office.OfficeError as e:
        print(f"{NAME}: FAIL: {e}", file=sys.stderr)
        sys.exit(1)
