#!/usr/bin/env python3
"""The .xlsx the leader downloads with "Xuất Excel" on the dashboard's targets table (print_export.mjs),
read back with openpyxl: the title row, the filter rows, the header row (bold, frozen, with filter
buttons), then one row per target in the dashboard's order whose plan, figure so far, achievement
and projection are numbers equal to those of GET /dashboard at the same date (the achievement a
ratio shown as a percentage).

usage: check_xlsx.py FILE.xlsx DASHBOARD.json
Prints one line per check; exit 1 when one fails."""
import json
import sys

import openpyxl

HEADER = ["Chỉ tiêu", "Kế hoạch", "Ước/thực hiện", "Mức đạt", "Dự báo cuối năm", "Đã báo cáo",
          "Tình trạng"]


def same(got, want):
    """Equal, to the 16 significant digits an .xlsx holds (Excel itself shows 15)."""
    if want is None or got is None:
        return got is want
    return isinstance(got, (int, float)) and abs(got - want) <= 1e-15 * max(1.0, abs(want))


def main():
    path, dash_path = sys.argv[1], sys.argv[2]
    with open(dash_path, encoding="utf-8") as f:
        dash = json.load(f)
    failures = []

    def check(cond, what):
        print(("  ok   " if cond else "  FAIL ") + what)
        if not cond:
            failures.append(what)

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    first = [ws.cell(row=r, column=1).value for r in range(1, 8)]
    check(isinstance(first[0], str) and first[0].startswith("Tổng quan") and ws["A1"].font.b,
          "the title row, bold: %r" % first[0])
    date = "/".join(reversed(dash["at"].split("-")))
    check("Ngày số liệu: %s" % date in first, "a filter row with the date: %r" % first)
    check("Đơn vị: Cả nước" in first, "a filter row with the unit")
    h = next((r for r in range(1, 12) if ws.cell(row=r, column=1).value == HEADER[0]), None)
    check(h is not None, "the header row")
    if h is None:
        sys.exit(1)
    labels = [ws.cell(row=h, column=k).value for k in range(1, ws.max_column + 1)]
    check(labels == HEADER, "the header row as shown, without the trend: %r" % labels)
    check(all(ws.cell(row=h, column=k).font.b for k in range(1, len(labels) + 1)), "bold")
    check(ws.freeze_panes == "A%d" % (h + 1), "frozen under the header: %r" % ws.freeze_panes)
    check(ws.auto_filter.ref == "A%d:G%d" % (h, h + len(dash["targets"])),
          "filter buttons over every row: %r" % ws.auto_filter.ref)
    rows = [[ws.cell(row=r, column=k) for k in range(1, 8)] for r in range(h + 1, ws.max_row + 1)]
    check(len(rows) == len(dash["targets"]),
          "a row per target: %d of %d" % (len(rows), len(dash["targets"])))
    bad = []
    measured = 0
    for row, t in zip(rows, dash["targets"]):
        want = [t["target_value"], t["current"], t["achievement"], t["projection"]]
        got = [row[1].value, row[2].value, row[3].value, row[4].value]
        if not all(same(g, w) for g, w in zip(got, want)):
            bad.append((t["target"]["section"], got, want))
        if t["current"] is not None:
            measured += 1
            if not isinstance(row[2].value, (int, float)):
                bad.append((t["target"]["section"], "not a number", row[2].value))
        if t["achievement"] is not None and row[3].number_format != "0.0%":
            bad.append((t["target"]["section"], "format", row[3].number_format))
        if not str(row[0].value or "").startswith(t["target"]["section"]):
            bad.append((t["target"]["section"], "name", row[0].value))
    check(not bad, "plan, figure, achievement and projection are the dashboard's numbers %s"
          % bad[:3])
    check(measured >= 10, "%d targets with figures compared" % measured)
    jobs = next((t for t in dash["targets"] if t["target"].get("indicator_code") == "viec_lam"),
                None)
    if jobs:
        i = dash["targets"].index(jobs)
        print("  info jobs: plan %r, figure %r, achievement %r (%s)" % (
            rows[i][1].value, rows[i][2].value, rows[i][3].value, rows[i][3].number_format))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
