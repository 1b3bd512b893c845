#!/usr/bin/python3
"""The checked-in templates (data/templates/*.docx) carry what the code fills, as Word keeps it.

For each template name: every tag of RequirementsOf(name) (from `docx_tool requirements`) is
the w:tag of exactly one content control of the main document, an inline one inside a
paragraph, a block one directly in the body or a table cell; every style is defined, of the
right type (WPTable a table style, the others paragraph styles); `docx_tool check` accepts it.
And the page: A4 portrait, margins 20/20/30/15 mm, a different first page whose header is
empty, a centred PAGE field in the other header, Times New Roman 14 by default for every
script; properties in the schema's order (Word refuses others); the borderless two-column header table with the national name and motto; WPArea
starts a page in giao_ban only; WPAnnexTitle always does.

usage: templates_check.py DOCX_TOOL TEMPLATES_DIR
Exit 0 when all is well, 1 with one line per problem, 77 when python-docx is missing.
"""
import os
import subprocess
import sys
import zipfile

try:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt
except ImportError:
    print("templates_check: SKIP: python-docx missing (Debian python3-docx)", file=sys.stderr)
    sys.exit(77)

from lxml import etree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import ooxml  # noqa: E402

FONT = "Times New Roman"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def requirements(tool, name):
    out = subprocess.run([tool, "requirements", name], check=True, capture_output=True,
                         text=True).stdout
    req = {"inline": [], "block": [], "style": []}
    for line in out.splitlines():
        kind, value = line.split("\t")
        req[kind].append(value)
    return req


def check_template(tool, path, name):
    where = os.path.basename(path)
    req = requirements(tool, name)
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
        names = z.namelist()
        for part in names:
            if part.startswith("word/") and part.endswith(".xml"):
                for problem in ooxml.order_problems(z.read(part)):
                    problems.append(f"{where}: {part}: {problem} (Word refuses it)")
    check(not any("vbaproject" in n.lower() for n in names), f"{where}: a macro part")

    tags = {}
    for sdt in document.iter(f"{{{W}}}sdt"):
        tag = sdt.find(f"{{{W}}}sdtPr/{{{W}}}tag")
        if tag is not None:
            tags.setdefault(tag.get(f"{{{W}}}val"), []).append(sdt)
    for kind in ("inline", "block"):
        for tag in req[kind]:
            found = tags.get(tag, [])
            check(len(found) == 1, f"{where}: {tag} appears {len(found)} times, not once")
            if len(found) != 1:
                continue
            parent = etree.QName(found[0].getparent()).localname
            if kind == "inline":
                check(parent == "p", f"{where}: inline {tag} is not inside a paragraph")
            else:
                check(parent in ("body", "tc"), f"{where}: block {tag} is inside {parent}")
    for tag in tags:
        check(tag.startswith("wp."), f"{where}: a content control tagged {tag!r}")

    types = {s.get(f"{{{W}}}styleId"): s.get(f"{{{W}}}type") for s in styles.iter(f"{{{W}}}style")}
    for style in req["style"]:
        expected = "table" if style == "WPTable" else "paragraph"
        check(types.get(style) == expected,
              f"{where}: style {style} is {types.get(style)!r}, not a {expected} style")

    ok = subprocess.run([tool, "check", path, name], capture_output=True, text=True)
    check(ok.returncode == 0, f"{where}: docx_tool check: {ok.stderr.strip()}")

    d = docx.Document(path)
    s = d.sections[0]
    check((round(s.page_width.mm), round(s.page_height.mm)) == (210, 297), f"{where}: not A4 portrait")
    check([round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)]
          == [20, 20, 30, 15], f"{where}: margins are not 20/20/30/15 mm")
    check(s.different_first_page_header_footer, f"{where}: no titlePg")
    check("PAGE" in s.header._element.xml, f"{where}: no PAGE field in the header")
    check("PAGE" not in s.first_page_header._element.xml, f"{where}: a page number on page 1")
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    check(all(fonts.get(qn("w:" + k)) == FONT for k in ("ascii", "hAnsi", "cs", "eastAsia")),
          f"{where}: default fonts are not Times New Roman")
    check(d.styles["Normal"].font.size == Pt(14), f"{where}: Normal is not 14 pt")

    head = d.tables[0]
    check(len(head.columns) == 2, f"{where}: the header table has not 2 columns")
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    check(borders is not None and all(b.get(qn("w:val")) in ("nil", "none") for b in borders),
          f"{where}: the header table has borders")
    right = [p.text for p in head.cell(0, 1).paragraphs]
    check(right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
          f"{where}: header right {right[:2]}")

    area = d.styles["WPArea"].paragraph_format.page_break_before
    check(bool(area) == (name == "giao_ban"),
          f"{where}: WPArea pageBreakBefore is {area} in {name}")
    if "WPAnnexTitle" in req["style"]:
        check(d.styles["WPAnnexTitle"].paragraph_format.page_break_before,
              f"{where}: WPAnnexTitle does not start a page")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    tool, directory = sys.argv[1], sys.argv[2]
    for name in ("bao_cao", "giao_ban"):
        check_template(tool, os.path.join(directory, name + ".docx"), name)
    for p in problems:
        print(f"templates_check: FAIL: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
