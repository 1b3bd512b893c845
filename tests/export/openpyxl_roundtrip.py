#!/usr/bin/env python3
"""A report form written by the export module, filled in by openpyxl, read back by it.

Units fill their forms offline, in Excel or with a script; openpyxl stands in for both. The
test writes the demo form with `xlsx_tool write`, checks what openpyxl sees (sheet protection,
locked and input cells, the hidden metadata sheet, the status dropdown, frozen header), fills
the input cells with numbers and Vietnamese text as a user's script would, saves, and reads
the result with `xlsx_tool dump`: every value entered must come back exactly, and every other
cell unchanged (openpyxl rewrites all texts as inline strings and numbers as "%.16g").

usage: openpyxl_roundtrip.py XLSX_TOOL
Exit 0 when all is well; 1 with one line per mismatch otherwise.
"""
import os
import subprocess
import sys
import tempfile

FORM = "Báo cáo"
META = "_meta"


def fail(message):
    print(f"openpyxl_roundtrip: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


try:
    import openpyxl
except ImportError:
    fail(f"{sys.executable} cannot import openpyxl (scripts/install-deps installs python3-openpyxl)")


def run(tool, *args):
    proc = subprocess.run([tool, *args], capture_output=True, encoding="utf-8")
    if proc.returncode != 0:
        fail(f"xlsx_tool {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


def dump(tool, path):
    """{"Báo cáo!D4": ("text", "Hoàn thành"), ...} from xlsx_tool dump."""
    cells = {}
    for line in run(tool, "dump", path).splitlines():
        parts = line.split("\t", 2)
        if len(parts) != 3:
            fail(f"xlsx_tool dump printed a malformed line: {line!r}")
        cells[parts[0]] = (parts[1], parts[2])
    return cells


def escaped(text):
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r")
            .replace("\n", "\\n"))


def as_dumped(value):
    """What xlsx_tool dump prints for a value openpyxl saved."""
    if isinstance(value, bool):
        return ("bool", "TRUE" if value else "FALSE")
    if isinstance(value, (int, float)):
        return ("number", "%.16g" % value)  # openpyxl's safe_string
    return ("text", escaped(value))


def check(problems, condition, message):
    if not condition:
        problems.append(message)


def check_form_as_written(wb, problems):
    check(problems, wb.sheetnames == [FORM, META], f"sheet names {wb.sheetnames}")
    form, meta = wb[FORM], wb[META]
    check(problems, form.protection.sheet, "the form sheet is not protected")
    check(problems, not form.protection.password, "the form sheet has a password")
    check(problems, form.sheet_state == "visible", f"form sheet state {form.sheet_state}")
    check(problems, meta.sheet_state == "hidden", f"meta sheet state {meta.sheet_state}")
    check(problems, wb.active.title == FORM, f"the workbook opens on {wb.active.title}")
    check(problems, form.freeze_panes == "A4", f"freeze panes {form.freeze_panes}")
    check(problems, "A1:F1" in {str(r) for r in form.merged_cells.ranges}, "title not merged")

    for ref in ("A1", "A3", "B4", "C4", "C5", "A6"):
        check(problems, form[ref].protection.locked, f"{ref} should be locked")
    for row in (4, 5, 6):
        for col in "DEF":
            cell = form[f"{col}{row}"]
            check(problems, not cell.protection.locked, f"input cell {col}{row} is locked")
            check(problems, cell.fill.fgColor.rgb == "FFFFF2CC",
                  f"input cell {col}{row} fill {cell.fill.fgColor.rgb}")

    lists = [dv for dv in form.data_validations.dataValidation if dv.type == "list"]
    check(problems, len(lists) == 1, f"{len(lists)} list validations")
    if lists:
        check(problems, str(lists[0].sqref) == "D4:D6", f"list on {lists[0].sqref}")
        check(problems, lists[0].formula1 == '"Chưa thực hiện,Đang thực hiện,Hoàn thành"',
              f"list values {lists[0].formula1}")

    check(problems, form["C4"].value == 1510000, f"C4 = {form['C4'].value!r}")
    check(problems, form["C5"].value == 4.3, f"C5 = {form['C5'].value!r}")
    check(problems, form["C4"].number_format == "#,##0", f"C4 format {form['C4'].number_format}")
    check(problems, form["D5"].value == "Đang thực hiện", f"D5 = {form['D5'].value!r}")
    check(problems, form["E5"].value == 1.25, f"E5 = {form['E5'].value!r}")
    check(problems, meta["B1"].value == "bc-2024-q1", f"meta B1 = {meta['B1'].value!r}")


# What a unit enters: a status from the list, integers, decimals (one that a binary double
# cannot hold exactly), Vietnamese with punctuation, spaces and line breaks, and a changed
# pre-filled value.
ENTRIES = {
    "D4": "Hoàn thành",
    "E4": 1523400,
    "F4": "Vượt kế hoạch 0,9%; “đột phá” ở 12 tỉnh, thành phố",
    "E5": 4.35,
    "F5": "Ghi chú: 100% xã đã triển khai",
    "D6": "Chưa thực hiện",
    "E6": 0.1 + 0.2,
    "F6": "  dòng 1\ndòng 2\tcột  ",
}


def main():
    if len(sys.argv) != 2:
        fail("usage: openpyxl_roundtrip.py XLSX_TOOL")
    tool = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        written = os.path.join(tmp, "form.xlsx")
        filled = os.path.join(tmp, "filled.xlsx")
        run(tool, "write", written)
        before = dump(tool, written)
        if len(before) < 20:
            fail(f"the demo form has only {len(before)} cells: {before}")

        problems = []
        wb = openpyxl.load_workbook(written)
        check_form_as_written(wb, problems)
        form = wb[FORM]
        for ref, value in ENTRIES.items():
            form[ref].value = value
        wb.save(filled)

        reread = openpyxl.load_workbook(filled)
        check(problems, reread[FORM].protection.sheet, "protection lost after saving")
        check(problems, reread[META].sheet_state == "hidden", "meta sheet shown after saving")

        after = dump(tool, filled)
        expected = dict(before)
        for ref, value in ENTRIES.items():
            expected[f"{FORM}!{ref}"] = as_dumped(value)
        for ref in sorted(set(expected) | set(after)):
            want, got = expected.get(ref), after.get(ref)
            if want != got:
                problems.append(f"{ref}: expected {want}, read {got}")

        if problems:
            for p in problems:
                print(f"openpyxl_roundtrip: {p}", file=sys.stderr)
            fail(f"{len(problems)} mismatches")
    print(f"openpyxl_roundtrip: ok ({len(after)} cells, {len(ENTRIES)} entered by openpyxl)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
