#!/usr/bin/env python3
"""Tables as Excel (issue 17, point 3) against the real binary on the 2012 program: the
dashboard's targets table as an .xlsx (GET /programs/{id}/dashboard.xlsx) holds the numbers of
GET /dashboard at the same date and unit, under its filter rows and a bold, frozen header row
with filter buttons; a table the browser posts (POST /exports/table.xlsx) comes back with its
filters, numbers as numbers in Vietnamese-friendly formats, ratios as percentages and dates as
dates; a bad cell is named (rows[3][2]), a table beyond 20 000 rows or 400 000 cells is refused
with 413 before it is built, and nobody unsigned gets either.

usage: exports_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io

import openpyxl

from harness import Client, PASSWORD, routes_missing_from_openapi, run_on_2012_program


def main():
    run_on_2012_program("exports_test", dt.date(2012, 4, 25), run)


def book_of(data, c, what):
    try:
        return openpyxl.load_workbook(io.BytesIO(data))
    except Exception as e:  # not an .xlsx: the check fails, the run goes on
        c.true(False, "%s opens with openpyxl: %r" % (what, e))
        return None


def same(got, want):
    """Equal, to the 16 significant digits an .xlsx holds."""
    if want is None or got is None:
        return got is want
    return isinstance(got, (int, float)) and abs(got - want) <= 1e-15 * max(1.0, abs(want))


def header_row(ws, first):
    for r in range(1, 12):
        if ws.cell(row=r, column=1).value == first:
            return r
    return None


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-31&kind=province")
    provinces = sorted(provinces["items"], key=lambda u: u["code"])
    hn = next(u for u in provinces if u["code"] == "01")
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-31&kind=department")
    kh = next(u for u in depts["items"] if u["code"] == "KHTC")

    def add_user(name, role, unit_id):
        st, _, _ = admin.request("POST", "/api/v1/users", {
            "username": name, "password": PASSWORD, "role": role, "unit_id": unit_id})
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl

    planner = add_user("kehoach", "planner", kh["id"])
    leader = add_user("lanhdao", "viewer", None)
    hanoi = add_user("hanoi.xem", "viewer", hn["id"])

    # Figures to export: March's jobs of ten provinces, loaded by the planner.
    _, targets, _ = admin.request("GET", base + "/targets")
    jobs = next(t for t in targets["items"] if t.get("indicator_code") == "viec_lam")
    rows = ["obligation,period,unit,target_id,scope,kind,value"]
    for i, p in enumerate(provinces[:10]):
        rows.append("r2,2012-M03,%s,%d,period,actual,%d" % (p["code"], jobs["id"], 1234 + 7 * i))
    st, b, _ = planner.request("POST", base + "/bulk-values", "\n".join(rows) + "\n", "text/csv")
    c.eq((st, b.get("values") if isinstance(b, dict) else b), (200, 10), "March's jobs loaded")

    dashboard_xlsx(leader, hanoi, base, hn, jobs, c)
    posted_table(leader, c)
    refused_tables(leader, c)

    anon = Client(port)
    st, _, _ = anon.request("GET", base + "/dashboard.xlsx")
    c.eq(st, 401, "no session, no dashboard.xlsx")
    st, _, _ = anon.request("POST", "/api/v1/exports/table.xlsx",
                            {"columns": [{"label": "A"}], "rows": []})
    c.eq(st, 401, "no session, no export")
    missing, paths = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is described in openapi.json")
    c.true("/api/v1/exports/table.xlsx" in paths and
           "/api/v1/programs/{id}/dashboard.xlsx" in paths, "both export routes are in openapi.json")


def dashboard_xlsx(leader, hanoi, base, hn, jobs, c):
    for who, query, scope in ((leader, "?at=2012-03-31", "Phạm vi: Cả nước"),
                              (hanoi, "?at=2012-03-31", "Đơn vị: " + hn["name"]),
                              (leader, "?at=2012-03-31&unit=%d" % hn["id"],
                               "Đơn vị: " + hn["name"])):
        st, d, _ = who.request("GET", base + "/dashboard" + query)
        c.eq(st, 200, "the dashboard %s" % query)
        st, data, resp = who.request("GET", base + "/dashboard.xlsx" + query)
        c.eq((st, resp.getheader("Content-Type")),
             (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
             "dashboard.xlsx %s" % query)
        c.true('filename="bang-dieu-hanh-' in (resp.getheader("Content-Disposition") or ""),
               "downloaded under its name: %r" % resp.getheader("Content-Disposition"))
        wb = book_of(data, c, "dashboard.xlsx")
        if wb is None:
            continue
        ws = wb.active
        c.true(str(ws["A1"].value).startswith("Bảng điều hành") and ws["A1"].font.b,
               "the title row, bold: %r" % ws["A1"].value)
        filters = [ws.cell(row=r, column=1).value for r in range(2, 5)]
        c.eq(filters, ["Ngày số liệu: 31/03/2012", scope, "Số liệu từ báo cáo đã duyệt"],
             "a row per filter %s" % query)
        h = header_row(ws, "Mã chỉ tiêu")
        c.true(h is not None, "the header row")
        if h is None:
            continue
        labels = [ws.cell(row=h, column=k).value for k in range(1, ws.max_column + 1)]
        c.eq(labels[:9], ["Mã chỉ tiêu", "Mục", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm",
                          "Thực hiện đến nay", "% kế hoạch", "Dự báo cuối năm",
                          "% kế hoạch (dự báo)"], "the columns")
        c.true(all(ws.cell(row=h, column=k).font.b for k in range(1, len(labels) + 1)),
               "the header row is bold")
        c.eq(ws.freeze_panes, "A%d" % (h + 1), "frozen under the header row")
        c.eq(ws.auto_filter.ref, "A%d:%s%d" % (h, openpyxl.utils.get_column_letter(len(labels)),
                                               h + len(d["targets"])),
             "filter buttons on the header row over every target")
        got = {}
        for r in range(h + 1, ws.max_row + 1):
            got[ws.cell(row=r, column=1).value] = [ws.cell(row=r, column=k) for k in (5, 6, 7, 8, 9)]
        c.eq(sorted(got), sorted(t["target"]["id"] for t in d["targets"]),
             "a row per target of the dashboard %s" % query)
        bad = []
        for t in d["targets"]:
            cells = got.get(t["target"]["id"])
            if cells is None:
                continue
            want = [t["target_value"], t["current"], t["achievement"], t["projection"],
                    t["projected_achievement"]]
            values = [x.value for x in cells]
            if not all(same(g, x) for g, x in zip(values, want)):
                bad.append((t["target"]["id"], values, want))
            if t["achievement"] is not None and cells[2].number_format != "0.0%":
                bad.append((t["target"]["id"], "format", cells[2].number_format))
            if t["target_value"] is not None and float(t["target_value"]).is_integer() and \
                    cells[0].number_format != "#,##0":
                bad.append((t["target"]["id"], "plan format", cells[0].number_format))
        c.eq(bad[:5], [], "every plan, figure and percentage is the dashboard's %s" % query)
        measured = [t for t in d["targets"] if t["current"] is not None]
        c.true(any(t["target"]["id"] == jobs["id"] for t in measured) or "unit=" in query or
               who is hanoi, "jobs has a figure nationally (%d measured)" % len(measured))

    st, b, _ = leader.request("GET", base + "/dashboard.xlsx?at=2012-02-31")
    c.eq((st, b["error"]["code"] if isinstance(b, dict) else b), (400, "bad_date"),
         "a date that is not one is refused")
    st, b, _ = hanoi.request("GET", base + "/dashboard.xlsx?unit=%d" % (hn["id"] + 1))
    c.true(st in (403, 404), "another province's dashboard.xlsx is not Hà Nội's viewer's: %d" % st)


def posted_table(leader, c):
    table = {
        "title": "Nhiệm vụ · 224/QĐ-LĐTBXH",
        "filters": ["Ngày số liệu: 31/12/2012", "Trạng thái: Chậm tiến độ", "Tìm: việc làm"],
        "columns": [{"label": "Nhiệm vụ", "format": "text"}, {"label": "Kế hoạch",
                                                             "format": "integer"},
                    {"label": "Tỷ lệ", "format": "percent"}, {"label": "Hạn"},
                    {"label": "Ghi chú"}],
        "rows": [
            ["Tạo việc làm <&> \"mới\"", 1600000, 0.9905, {"value": "2012-12-31", "format": "date"},
             None],
            ["Giảm nghèo", {"value": 2.5, "format": "decimal"},
             {"value": 0.5, "format": "percent"}, {"value": None, "format": "date"}, "dòng\nhai"],
            ["Ngắn"],
        ],
        "sheet": "Nhiệm vụ: [quá hạn]/2012",
        "file_name": "Nhiệm vụ quá hạn 2012",
    }
    st, data, resp = leader.request("POST", "/api/v1/exports/table.xlsx", table)
    c.eq(st, 200, "a table posted as shown comes back as an .xlsx")
    c.eq(resp.getheader("Content-Disposition"), 'attachment; filename="Nhi-m-v-qu-h-n-2012.xlsx"',
         "the file named in ASCII")
    wb = book_of(data, c, "table.xlsx")
    if wb is None:
        return
    ws = wb.active
    c.eq(ws.title, "Nhiệm vụ quá hạn2012", "the sheet named without what Excel refuses")
    c.eq([ws.cell(row=r, column=1).value for r in range(1, 5)],
         [table["title"]] + table["filters"], "the title row, then a row per filter")
    c.eq(ws.cell(row=5, column=1).value, None, "a blank row before the header")
    c.eq([ws.cell(row=6, column=k).value for k in range(1, 6)],
         ["Nhiệm vụ", "Kế hoạch", "Tỷ lệ", "Hạn", "Ghi chú"], "the header row")
    c.true(ws.cell(row=6, column=1).font.b, "bold")
    c.eq((ws.freeze_panes, ws.auto_filter.ref), ("A7", "A6:E9"), "frozen, with filter buttons")
    r7 = [ws.cell(row=7, column=k) for k in range(1, 6)]
    c.eq([x.value for x in r7[:4]], ['Tạo việc làm <&> "mới"', 1600000, 0.9905,
                                     dt.datetime(2012, 12, 31)], "text, number, ratio and date")
    c.eq([x.number_format for x in r7[1:4]], ["#,##0", "0.0%", "dd/mm/yyyy"],
         "Vietnamese-friendly formats: the number, the percentage, the date")
    r8 = [ws.cell(row=8, column=k) for k in range(1, 6)]
    c.eq([x.value for x in r8], ["Giảm nghèo", 2.5, 0.5, None, "dòng\nhai"],
         "a decimal, a ratio, an empty date, a line break kept")
    c.eq(r8[1].number_format, "#,##0.0##", "a decimal with at least one decimal shown")
    c.eq(ws.cell(row=9, column=2).value, None, "a short row leaves its other cells empty")


def refused_tables(leader, c):
    cols = [{"label": "A"}, {"label": "B"}, {"label": "C", "format": "integer"}]
    good = [["x", "y", 1]] * 3

    def post(body):
        st, b, _ = leader.request("POST", "/api/v1/exports/table.xlsx", body)
        err = b.get("error", {}) if isinstance(b, dict) else {}
        return st, err.get("code"), [d["field"] for d in err.get("details", [])]

    for cell, why in (({"value": "x", "format": "integer"}, "a text where a number is said"),
                      ({"value": "2012-02-30", "format": "date"}, "a date that is not one"),
                      ({"value": 1, "format": "money"}, "an unknown format"),
                      ([1, 2], "a list"), (True, "a boolean"),
                      ("\x07chuông", "a control character"), ("x" * 4001, "a text too long")):
        rows = [list(r) for r in good] + [["x", "y", cell]]
        c.eq(post({"columns": cols, "rows": rows}), (400, "export_invalid", ["rows[3][2]"]),
             "%s is named by its cell" % why)
    c.eq(post({"columns": cols, "rows": good + [["x", "y", 1, 2]]}),
         (400, "export_invalid", ["rows[3][3]"]), "a row longer than the header")
    c.eq(post({"columns": [], "rows": []}), (400, "export_invalid", ["columns"]), "no columns")
    c.eq(post({"columns": cols, "rows": good, "filters": ["a\x00b"]}),
         (400, "export_invalid", ["filters[0]"]), "a filter with NUL")
    c.eq(post({"rows": good}), (400, "export_invalid", ["columns"]), "columns missing")
    st, b, _ = leader.request("POST", "/api/v1/exports/table.xlsx", b"{not json",
                              content_type="application/json")
    c.eq(st, 400, "a body that is not JSON")
    st, code, _ = post({"columns": [{"label": "A"}], "rows": [[1]] * 20001})
    c.eq((st, code), (413, "export_too_large"), "20 001 rows are refused")
    st, code, _ = post({"columns": [{"label": "A"}] * 21, "rows": [[1] * 21] * 19050})
    c.eq((st, code), (413, "export_too_large"), "400 050 cells are refused")
    st, data, _ = leader.request("POST", "/api/v1/exports/table.xlsx",
                                 {"columns": [{"label": "A"}] * 20, "rows": [[1] * 20] * 20000})
    c.eq(st, 200, "20 000 rows × 20 columns (400 000 cells) are written")
    wb = book_of(data, c, "the largest table") if st == 200 else None
    if wb is not None:
        c.eq(wb.active.max_row, 20001, "every row of the largest table")


if __name__ == "__main__":
    main()
