"""Workbooks made to try the .xlsx reader's limits: one sheet of many cells, each the one shared
string, a few hundred kilobytes however many cells (the upload-limits API test and
bench/limits/run.py use the same files)."""
import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(cells, declare=True, refs=False, cols=20):
    """An .xlsx of one sheet of `cells` cells, all the one shared string: a tiny file. With
    `declare` the sheet's <dimension> says how many; with `refs` each cell names itself (which
    packs less tightly)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="%s"><Relationship Id="rId1" '
                   'Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>'
                   % (PKG, RELS))
        z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet '
                   'name="Chỉ tiêu" sheetId="1" r:id="rId1"/></sheets></workbook>' % (MAIN, RELS))
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/worksheet" '
                   'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
                   'Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
                   % (PKG, RELS, RELS))
        z.writestr("xl/sharedStrings.xml",
                   '<sst xmlns="%s"><si><t>Tạo việc làm</t></si></sst>' % MAIN)
        rows = cells // cols
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(('<worksheet xmlns="%s">' % MAIN).encode())
            if declare:
                f.write(('<dimension ref="A1:%s%d"/>' % (chr(ord("A") + cols - 1), rows)).encode())
            f.write(b"<sheetData>")
            plain = ("<row>" + '<c t="s"><v>0</v></c>' * cols + "</row>").encode()
            for r in range(1, rows + 1):
                if refs:
                    f.write(("<row r=\"%d\">" % r + "".join(
                        '<c r="%s%d" t="s"><v>0</v></c>' % (chr(ord("A") + k), r)
                        for k in range(cols)) + "</row>").encode())
                else:
                    f.write(plain)
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()
