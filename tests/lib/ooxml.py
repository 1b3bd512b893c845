"""The element order WordprocessingML's schema requires, for the properties a .docx writer sets.

LibreOffice and python-docx read properties in any order; Word calls a file with a w:tblPr,
w:pPr, w:rPr, w:tcPr or w:sectPr out of the schema's sequence (or with a property twice)
"unreadable content". `order_problems(xml)` lists those of one part, empty when there are none.
"""
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# ECMA-376 transitional sequences ("*": any other child, at that place).
SEQUENCES = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
           "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
           "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
           "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
           "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
           "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
           "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW "
             "jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
             "tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
            "tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
              "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection "
              "bidi rtlGutter docGrid printerSettings sectPrChange",
    "tbl": "bookmarkStart tblPr tblGrid *",
    "tr": "tblPrEx trPr *",
    "tc": "tcPr *",
    "p": "pPr *",
    "r": "rPr *",
    "sdt": "sdtPr sdtEndPr sdtContent",
}
REPEATABLE = {"headerReference", "footerReference", "*"}
# In a section, the header and footer references may come in any order among themselves.
SAME_PLACE = {("sectPr", "footerReference"): "headerReference"}


def _local(tag):
    return etree.QName(tag).localname if isinstance(tag, str) else None


def order_problems(xml):
    root = etree.fromstring(xml) if isinstance(xml, (bytes, str)) else xml
    problems = []
    for parent in root.iter():
        if not isinstance(parent.tag, str) or etree.QName(parent).namespace != W:
            continue
        name = _local(parent.tag)
        if name not in SEQUENCES:
            continue
        seq = SEQUENCES[name].split()
        place = {n: i for i, n in enumerate(seq)}
        last, seen = -1, set()
        for child in parent:
            local = _local(child.tag)
            if local is None:
                continue
            if etree.QName(child).namespace != W:
                local = "*"
            key = SAME_PLACE.get((name, local), local)
            index = place.get(key, place.get("*"))
            if index is None:
                continue  # an element this check does not know: left alone
            if index < last:
                problems.append(f"w:{name}: w:{local} after what the schema puts after it")
            last = max(last, index)
            if local in seen and local not in REPEATABLE and "*" not in seq[index:index + 1]:
                problems.append(f"w:{name}: w:{local} twice")
            seen.add(local)
    return sorted(set(problems))
