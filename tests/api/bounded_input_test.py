#!/usr/bin/env python3
"""Bounded inputs of a report's own fields (issue 15, point 4), against the real binary:

- a narrative section of 2 MB is refused (400 `report_invalid`, the field named) and nothing is
  stored — not the report, not a version in its history;
- a NUL in a narrative or a note is refused naming its field, and the unit's .xlsx form still
  downloads afterwards (it once answered 400 `invalid_text` for everyone);
- 0,5 as a count of people is refused alike by the JSON PUT, POST …/check, the CSV values PUT
  and the .xlsx upload (which names the cell);
- an approver's return comment is bounded and free of control characters;
- a valid report — its longest texts at their limits, over several lines — is still saved.

usage: bounded_input_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io

from harness import Client, PASSWORD, run_on_2012_program


def main():
    run_on_2012_program("bounded_input_test", dt.date(2012, 3, 10), run)


def fields(body):
    return [d["field"] for d in body.get("error", {}).get("details", [])]


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hn = next(u for u in provinces["items"] if u["code"] == "01")

    def add_user(name, role):
        body = {"username": name, "password": PASSWORD, "role": role, "unit_id": hn["id"]}
        c.eq(admin.request("POST", "/api/v1/users", body)[0], 201, "create " + name)
        client = Client(port)
        c.eq(client.login(name)[0], 200, name + " signs in")
        return client

    editor = add_user("hanoi.nhap", "editor")
    approver = add_user("hanoi.duyet", "approver")

    _, targets, _ = admin.request("GET", base + "/targets")
    jobs = next(t for t in targets["items"] if t["indicator"] == "Tạo việc làm")
    c.eq(jobs["unit"], "người", "the jobs target counts people")
    st, _, _ = admin.request("PUT", base + "/allocations",
                             {"items": [{"target_id": jobs["id"], "unit": "01", "value": 50000}]})
    c.eq(st, 200, "Hà Nội's share of the jobs target")

    url = "%s/reports/r2/2012-M03/%d" % (base, hn["id"])
    st, form, _ = editor.request("GET", url)
    c.eq((st, form.get("version")), (200, 0), "Hà Nội's March report, not yet started")
    value_field = "values[%d].period" % jobs["id"]

    def nothing_stored(what):
        _, now, _ = editor.request("GET", url)
        c.eq((now.get("version"), now.get("values"), now.get("narrative", {}).get("results", "")),
             (0, [], ""), "nothing stored: " + what)

    # ── a 2 MB narrative ──
    huge = "Kết quả đạt được trong tháng. " * 70000  # 2.1 M characters, 2.4 MB
    st, b, _ = editor.request("PUT", url, {"version": 0, "narrative": {"results": huge}})
    c.eq((st, b.get("error", {}).get("code"), fields(b)),
         (400, "report_invalid", ["narrative.results"]), "a 2 MB narrative is refused, named")
    message = b.get("error", {}).get("details", [{}])[0].get("message", "")
    c.true("Kết quả đạt được" in message and "20.000 ký tự" in message,
           "the refusal names the section and its limit: %r" % message)
    nothing_stored("a 2 MB narrative")
    st, b, _ = editor.request("PUT", url, {"version": 0, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 40000, "note": "x" * 1001}]})
    c.eq((st, fields(b)), (400, [value_field + ".note"]), "a note above 1 000 characters")
    nothing_stored("a long note")

    # ── a NUL ──
    st, b, _ = editor.request("PUT", url, {"version": 0, "narrative": {
        "results": "Tạo việc làm.", "causes": "Do thiếu\u0000 kinh phí."}})
    c.eq((st, b.get("error", {}).get("code"), fields(b)),
         (400, "report_invalid", ["narrative.causes"]), "a NUL in a narrative is refused, named")
    c.true("ký tự điều khiển" in str(b.get("error", {}).get("details")),
           "the refusal says why: %r" % b)
    st, b, _ = editor.request("PUT", url, {"version": 0, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 40000, "note": "ghi\u0000chú"}]})
    c.eq((st, fields(b)), (400, [value_field + ".note"]), "a NUL in a note is refused, named")
    nothing_stored("a NUL")
    st, _, _ = editor.request("GET", url + "/form.xlsx")
    c.eq(st, 200, "the unit's .xlsx form still downloads")

    # ── 0,5 người ──
    half = {"version": 0, "values": [{"target_id": jobs["id"], "kind": "estimate", "value": "0.5"}]}
    st, b, _ = editor.request("PUT", url, half)
    c.eq((st, b.get("error", {}).get("code"), fields(b)), (400, "report_invalid", [value_field]),
         "0,5 người is refused by the JSON PUT")
    c.true("số nguyên" in str(b.get("error", {}).get("details")), "as not whole: %r" % b)
    st, r, _ = editor.request("POST", url + "/check", half)
    c.eq((st, r.get("ok"), [(e["field"], e["code"]) for e in r.get("errors", [])]),
         (200, False, [(value_field, "not_whole")]), "POST …/check finds it alike")
    st, b, _ = editor.request("PUT", url + "/values.csv?version=0",
                              "target_id,scope,kind,value\n%d,period,estimate,0.5\n" % jobs["id"],
                              "text/csv")
    c.eq((st, fields(b)), (400, [value_field]), "the CSV values PUT refuses it alike: %r" % b)
    xlsx_half(editor, url, jobs, value_field, c)
    nothing_stored("0,5 người")

    # ── a valid report, its texts at their limits ──
    lead = "Kết quả:\r\n\t- tạo việc làm;\n"
    full = lead + "ệ" * (20000 - len(lead))
    c.eq(len(full), 20000, "a section of exactly 20 000 characters (some 60 KB)")
    st, form, _ = editor.request("PUT", url, {"version": 0, "submit": True, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": "41000", "note": "ư" * 1000}],
        "narrative": {"results": full, "causes": "Do thiếu kinh phí."}})
    c.eq((st, form.get("version"), form.get("status")), (200, 1, "submitted"),
         "a valid report is saved and submitted")
    c.eq((form.get("narrative", {}).get("results"), [v.get("note") for v in form.get("values", [])]),
         (full, ["ư" * 1000]), "its texts kept as sent")

    rid = form.get("id")
    st, hist, _ = editor.request("GET", "/api/v1/reports/%d/history" % rid)
    c.eq((st, [(v["value"], v["note"]) for v in hist.get("items", [])]),
         (200, [("41000", "ư" * 1000)]), "the values' history holds the valid save only")

    # ── an approver's return comment ──
    returned = "/api/v1/reports/%d/return" % rid
    st, b, _ = approver.request("POST", returned, {"version": 1, "comment": "Sai\u0000 số"})
    c.eq((st, fields(b)), (400, ["comment"]), "a NUL in a return comment is refused, named")
    st, b, _ = approver.request("POST", returned, {"version": 1, "comment": "ý" * 2001})
    c.eq((st, fields(b)), (400, ["comment"]), "a return comment above 2 000 characters")
    st, r, _ = approver.request("POST", returned,
                                {"version": 1, "comment": "Đề nghị bổ sung:\n- số liệu quý."})
    c.eq((st, r.get("status")), (200, "returned"), "a return with a sound comment")


def xlsx_half(editor, url, jobs, value_field, c):
    import openpyxl
    st, data, _ = editor.request("GET", url + "/form.xlsx")
    c.eq(st, 200, "the .xlsx form downloads")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Chỉ tiêu"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == jobs["id"])
    ws.cell(row=row, column=5).value = 0.5
    ws.cell(row=row, column=6).value = "Ước thực hiện"
    out = io.BytesIO()
    wb.save(out)
    st, b, _ = editor.request("POST", "/api/v1/reports/upload", out.getvalue(),
                              "application/octet-stream")
    c.eq((st, b.get("error", {}).get("code"), fields(b)),
         (400, "xlsx_cells_invalid", ["Chỉ tiêu!E%d" % row]),
         "the .xlsx upload refuses it alike, naming the cell")
    c.true("số nguyên" in str(b.get("error", {}).get("details")), "as not whole: %r" % b)
    message = b.get("error", {}).get("message", "")
    c.true(message.startswith("Biểu mẫu có 1 ô chưa hợp lệ"),
           "the refusal counts the one cell it names: %r" % message)
    # A cell that is not a number at all is refused while the file is read: counted alike (it
    # once said "0 ô chưa hợp lệ" while naming the cell).
    ws.cell(row=row, column=5).value = "bốn mươi nghìn"
    out = io.BytesIO()
    wb.save(out)
    st, b, _ = editor.request("POST", "/api/v1/reports/upload", out.getvalue(),
                              "application/octet-stream")
    message = b.get("error", {}).get("message", "")
    c.eq((st, b.get("error", {}).get("code"), fields(b)),
         (400, "xlsx_cells_invalid", ["Chỉ tiêu!E%d" % row]), "a text in a number cell, named")
    c.true(message.startswith("Biểu mẫu có 1 ô chưa hợp lệ"),
           "that refusal counts its one cell too: %r" % message)


if __name__ == "__main__":
    main()
