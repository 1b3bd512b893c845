#!/usr/bin/env python3
"""Report forms and the lists around them, against the real binary on the rehearsal clock
(2 May 2012):

- task ids: the 2012 decision numbers two sections "11.2."; their tasks get distinct ids, a form
  (JSON and .xlsx) lists each task once, and progress reported on a task of the second section
  shows on that task only (task status, overdue list);
- the overdue list names each task once per lead, with its section's earliest passed deadline,
  and the dashboard and task board count it once (a 2011 copy of the decision whose second
  "11.2" has two deadlines);
- a report body checked without saving: the problems a save would find (errors and values to
  confirm), the same refusals (stale version, a viewer), and nothing stored or audited;
- the reports due, page by page: limit / offset, the total, bad values refused by name (an
  unknown state too, with the states accepted);
- the targets of a form are those of the sections the unit leads, each section by itself: in a
  copy with a target under each "11.2.", a province leading only the first is asked only its
  target, the department leading both is asked both;
- reports in the audit: saved, submitted, returned, approved and reopened, `workplan audit
  verify` checks them; a value, a task's progress or a status edited in the database by hand
  makes it fail naming the report (id, unit, period); restored, it passes again; the report
  deleted by hand, it fails naming it.

usage: tasks_checks_paging_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io
import os
import re
import sys
import urllib.parse

from harness import (Check, Client, Database, PASSWORD, SEED_2012, routes_missing_from_openapi,
                     serve_and_run, workplan)

TODAY = dt.date(2012, 5, 2)


def write_clock(path, day):
    t = dt.datetime.combine(day, dt.time(9)) - dt.timedelta(hours=7)  # 9:00 in Việt Nam
    with open(path, "w") as f:
        f.write(t.strftime("%Y-%m-%dT%H:%M:%SZ"))


def text_2011(tmp):
    """The 2012 decision a year earlier, its second "11.2" given a second deadline (15/02, written
    after the "quý I" one the section already has)."""
    with open(SEED_2012, encoding="utf-8") as f:
        text = f.read()
    bullet = ("- Hoàn thiện hệ thống văn bản hướng dẫn thực hiện; tổng hợp báo cáo đánh giá kết quả "
              "thực hiện tháng, quý, năm theo quy định Chương trình hành động phòng, chống mại dâm")
    assert text.count(bullet) == 1, "the second 11.2's bullet is in the seed"
    text = text.replace(bullet, bullet.replace("thực hiện;", "thực hiện trước ngày 15/02/2012;", 1))
    text = text.replace("2012", "2011").replace("224/QĐ", "199/QĐ")
    path = os.path.join(tmp, "molisa_2011.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def text_targets_11_2(tmp):
    """The 2012 decision under another number, with a target in each section numbered "11.2.":
    the first is led by the department and the provinces' departments, the second by the
    department alone."""
    with open(SEED_2012, encoding="utf-8") as f:
        text = f.read()
    first = ("- Quản lý, hướng dẫn, theo dõi và tổng hợp đánh giá thực hiện chỉ tiêu, nhiệm vụ về "
             "cai nghiện ma túy; phòng, chống mại dâm.")
    second = "- Xây dựng, hoàn thiện văn kiện dự án"
    assert text.count(first) == 1 and text.count(second) == 1, "both 11.2 are in the seed"
    text = text.replace(first, first + "\n\n- " + COMMUNITY + " cho 12.000 lượt người.")
    text = text.replace(second, "- " + CENTRES + " cho 40.000 lượt người.\n\n" + second)
    text = text.replace("224/QĐ", "225/QĐ")
    path = os.path.join(tmp, "molisa_2012_targets_11_2.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


COMMUNITY = "Cai nghiện tại cộng đồng"
CENTRES = "Cai nghiện tại các trung tâm"


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    clock = os.path.join(db.tmp, "clock")
    write_clock(clock, TODAY)
    os.environ["WORKPLAN_CLOCK_FILE"] = clock
    try:
        workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin",
                 "--db", db.url, stdin=PASSWORD + "\n")
        pids = []
        for path in (SEED_2012, text_2011(db.tmp), text_targets_11_2(db.tmp)):
            out = workplan(binary, "import", path, "--publish", "--db", db.url)
            pids.append(int(re.search(r"#(\d+)", out.stdout).group(1)))
        found = {}
        serve_and_run(binary, db, c, lambda port: found.update(run(port, *pids, c)))
        if "report" in found:
            edited_by_hand(binary, db, found["report"], c)
    finally:
        db.close()
    c.finish("tasks_checks_paging_test[%s]" % backend)


def run(port, pid, pid_2011, pid_targets, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=department")
    pctnxh = next(u for u in depts["items"] if u["code"] == "PCTNXH")

    def add_user(name, role, unit_id):
        st, _, _ = admin.request("POST", "/api/v1/users", {
            "username": name, "password": PASSWORD, "role": role, "unit_id": unit_id})
        c.eq(st, 201, "create " + name)
        client = Client(port)
        c.eq(client.login(name)[0], 200, name + " signs in")
        return client

    editor = add_user("pctnxh.nhap", "editor", pctnxh["id"])
    viewer = add_user("lanhdao", "viewer", None)
    base = "/api/v1/programs/%d" % pid

    target = task_ids(admin, editor, base, pctnxh, c)
    overdue_once(admin, "/api/v1/programs/%d" % pid_2011, pctnxh, c)
    check_without_saving(admin, editor, viewer, base, pctnxh, target, c)
    due_pages(admin, base, c)
    targets_by_section(admin, editor, "/api/v1/programs/%d" % pid_targets, pctnxh, c)
    report = reports_in_the_audit(admin, editor, base, pctnxh, target, c)

    missing, paths = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is described in openapi.json")
    check_path = "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}/check"
    c.true("post" in paths.get(check_path, {}), "openapi.json describes the check")
    due = paths["/api/v1/programs/{id}/reports/due"]["get"]
    c.true(any(p["name"] == "limit" for p in due["parameters"]),
           "openapi.json describes the paging of the reports due")
    return {"report": report}


def task_quote(task_id):
    return urllib.parse.quote(task_id, safe="")


def task_ids(admin, editor, base, pctnxh, c):
    """Cục Phòng, chống tệ nạn xã hội leads both sections numbered 11.2: its form lists their
    tasks apart, and progress on the second's first task is that task's only. Returns a target
    of its form (counted in people, not a rate) for the checks that follow."""
    # Who reports what (issue 16): the department reports no count of the decision; the planner
    # has it report one.
    _, matrix, _ = admin.request("GET", base + "/responsibilities")
    _, listed, _ = admin.request("GET", base + "/targets")
    counted = {t["id"] for t in listed["items"] if t["unit"] != "%"}
    row = next(r for r in matrix["rows"] if r["target_id"] in counted)
    st, _, _ = admin.request("PUT", base + "/responsibilities", {
        "revision": matrix["revision"], "effective_from": "2012-01-01", "rows": [{
            "target_id": row["target_id"],
            "reporters": [{"key": x["key"]} for x in row["reporters"]] +
                         [{"key": "unit:%d" % pctnxh["id"]}],
            "consolidator_unit_id": (row["consolidator"] or {}).get("unit_id")}]})
    c.eq(st, 200, "the department reports a count")
    april = "%s/reports/r2/2012-M04/%d" % (base, pctnxh["id"])
    st, form, _ = editor.request("GET", april)
    c.eq(st, 200, "the department reads its April form")
    ids = [t["id"] for t in form["tasks"]]
    c.eq(len(ids), len(set(ids)), "the form lists each task once: %s" % ids)
    first = [i for i in ids if i.startswith("II.11.2#")]
    second = [i for i in ids if i.startswith("II.11.2~2#")]
    c.eq((first, second), (["II.11.2#1", "II.11.2#2", "II.11.2#3"],
                           ["II.11.2~2#1", "II.11.2~2#2", "II.11.2~2#3"]),
         "the first 11.2 keeps its ids, the second is told apart")
    text = {t["id"]: t["text"] for t in form["tasks"]}
    c.true(text["II.11.2#1"].startswith("Quản lý, hướng dẫn, theo dõi"), "II.11.2#1 is the first's")
    c.true(text["II.11.2~2#1"].startswith("Xây dựng, hoàn thiện văn kiện dự án"),
           "II.11.2~2#1 is the second's")
    xlsx_tasks_once(editor, april, ids, c)

    target = next(t for t in form["targets"] if t["unit"] != "%")
    st, saved, _ = editor.request("PUT", april, {
        "version": form["version"], "submit": True,
        "values": [{"target_id": target["id"], "scope": "period", "kind": "estimate",
                    "value": "1000"}],
        "task_progress": [{"task_id": "II.11.2~2#1", "status": "done", "percent": 100,
                           "output": "Đã trình Bộ văn kiện dự án"}]})
    c.eq((st, saved.get("status")), (200, "submitted"),
         "the department reports the second 11.2's first task done")
    c.eq([p["task_id"] for p in saved["task_progress"]], ["II.11.2~2#1"],
         "the progress is stored under that task")

    def leads_of(task_id):
        st, board, _ = admin.request("GET", base + "/task-status?task=" + task_quote(task_id))
        c.eq((st, [r["task_id"] for r in board["items"]]), (200, [task_id]),
             "the task status of %s is that one task's" % task_id)
        return {x["unit"]["code"]: x for x in board["items"][0]["leads"]}

    done = leads_of("II.11.2~2#1")["PCTNXH"]
    c.eq((done["status"], done["percent"], done["output"], done["period"], done["overdue"]),
         ("done", 100, "Đã trình Bộ văn kiện dự án", "2012-M04", False),
         "the second 11.2's first task: done by the department")
    other = leads_of("II.11.2#1")["PCTNXH"]
    c.eq((other["status"], other["percent"]), (None, None),
         "the first 11.2's first task: never reported by the department")

    st, board, _ = admin.request("GET", base + "/task-status")
    rows = [r["task_id"] for r in board["items"]]
    c.eq(len(rows), len(set(rows)), "the task board lists each task once")
    done_counts = {r["task_id"]: r["counts"]["states"]["done"] for r in board["items"]}
    c.eq((done_counts.get("II.11.2~2#1"), done_counts.get("II.11.2#1")), (1, 0),
         "the board counts the progress on its task only")

    st, overdue, _ = admin.request("GET", base + "/overdue-tasks")
    mine = sorted(x["task_id"] for x in overdue["items"] if x["unit"]["id"] == pctnxh["id"])
    c.eq(mine, ["II.11.2~2#2", "II.11.2~2#3"],
         "overdue for the department: the second 11.2's tasks not reported done (its deadline, "
         "quý I, is the second's only)")
    return target


def xlsx_tasks_once(client, form_url, ids, c):
    """The .xlsx form's task sheet lists the tasks as the JSON form does."""
    import openpyxl
    st, body, _ = client.request("GET", form_url + "/form.xlsx")
    c.eq(st, 200, "the .xlsx form downloads")
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Nhiệm vụ"]
    got = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    c.eq(got, ids, "the .xlsx form lists the same tasks, each once")


def overdue_once(admin, base, pctnxh, c):
    """In the 2011 copy the second 11.2 has two passed deadlines (31/03 and, written after it,
    15/02): each of its tasks is overdue once, from 15/02, and counted once."""
    _, deadlines, _ = admin.request("GET", base + "/deadlines")
    c.eq(sorted(d["due"] for d in deadlines["items"] if d["section"] == "II.11.2"),
         ["2011-02-15", "2011-03-31"], "the 2011 copy's second 11.2 has two deadlines")
    st, overdue, _ = admin.request("GET", base + "/overdue-tasks")
    items = overdue["items"]
    pairs = [(x["task_id"], x["unit"]["id"]) for x in items]
    c.eq((st, len(pairs)), (200, len(set(pairs))), "each task is listed once per lead unit")
    mine = [(x["task_id"], x["deadline"]) for x in items if x["unit"]["id"] == pctnxh["id"]]
    c.eq(sorted(mine), [("II.11.2~2#1", "2011-02-15"), ("II.11.2~2#2", "2011-02-15"),
                        ("II.11.2~2#3", "2011-02-15")],
         "the department's three tasks, with the earliest deadline passed")
    dates = [x["deadline"] for x in items]
    c.eq(dates, sorted(dates), "earliest deadline first")

    st, dash, _ = admin.request("GET", base + "/dashboard")
    by_lead = {x["unit"]["id"]: x["tasks"] for x in dash["overdue_tasks_by_lead"]}
    c.eq((st, by_lead.get(pctnxh["id"])), (200, 3),
         "the dashboard counts the department's overdue tasks once each")
    listed = {}
    for _, unit in pairs:
        listed[unit] = listed.get(unit, 0) + 1
    c.eq(by_lead, listed, "every lead's count on the dashboard is its rows in the overdue list")
    st, board, _ = admin.request("GET", base + "/task-status")
    units = {u["unit"]["id"]: u["counts"]["overdue"] for u in board["units"]}
    c.eq(units.get(pctnxh["id"]), 3, "the task board counts them once too")


def audit_entries(admin):
    n, after = 0, 0
    while True:
        _, page, _ = admin.request("GET", "/api/v1/audit?after=%d&limit=1000" % after)
        if not page["items"]:
            return n
        n += len(page["items"])
        after = page["items"][-1]["seq"]


def check_without_saving(admin, editor, viewer, base, pctnxh, target, c):
    """POST …/check runs a save's checks on a body and stores nothing."""
    may = "%s/reports/r2/2012-M05/%d" % (base, pctnxh["id"])
    audit_before = audit_entries(admin)
    field = "values[%d].period" % target["id"]

    bad = {"version": 0, "submit": True,
           "values": [{"target_id": target["id"], "scope": "period", "kind": "estimate",
                       "value": "-5"}],
           "task_progress": [{"task_id": "II.11.2~2#2", "status": "in_progress", "percent": 150},
                             {"task_id": "II.99#1", "status": "done", "percent": 100}]}
    st, r, _ = editor.request("POST", may + "/check", bad)
    c.eq((st, r.get("ok")), (200, False), "a bad body is checked: it would be refused")
    c.eq(sorted((e["field"], e["code"]) for e in r.get("errors", [])),
         sorted([(field, "negative"), ("tasks[II.11.2~2#2].percent", "out_of_range"),
                 ("tasks[II.99#1]", "unknown_task")]),
         "each problem is named by its field")
    c.true(all(e["message"] for e in r.get("errors", [])), "each problem says what is wrong")
    st, refused, _ = editor.request("PUT", may, bad)
    c.eq((st, refused["error"]["code"],
          sorted(d["field"] for d in refused["error"]["details"])),
         (400, "report_invalid", sorted(e["field"] for e in r.get("errors", []))),
         "the PUT of the same body is refused for the same fields")

    far = {"version": 0, "values": [{"target_id": target["id"], "scope": "period",
                                     "kind": "estimate", "value": "100000"}]}
    st, r, _ = editor.request("POST", may + "/check", far)
    c.eq((st, r.get("ok"), r.get("errors")), (200, True, []), "a good body would be accepted")
    c.eq([(w["field"], w["code"]) for w in r.get("warnings", [])],
         [(field, "far_from_reference")],
         "a value far from April's (1 000) is flagged for confirmation")
    c.eq((r.get("version"), r.get("status")), (0, "draft"), "the report as stored: not yet")

    st, stale, _ = editor.request("POST", may + "/check", dict(far, version=4))
    c.eq((st, stale["error"]["code"]), (409, "stale_version"), "a stale version: as the PUT")
    st, denied, _ = viewer.request("POST", may + "/check", far)
    c.eq(st, 403, "a viewer may not check what it may not save")
    c.eq(editor.request("GET", may + "/check")[0], 405, "the check is a POST")

    st, form, _ = editor.request("GET", may)
    c.eq((st, form["version"], form["id"], form["values"], form["task_progress"]),
         (200, 0, None, [], []), "nothing was stored: May's report is still to be started")
    st, due, _ = admin.request("GET", base + "/reports/due?period=2012-M05&unit=%d"
                               % pctnxh["id"])
    c.eq([d["state"] for d in due["items"]], ["not_due"], "the list of reports due agrees")
    c.eq(audit_entries(admin), audit_before, "nothing was audited")


def due_pages(admin, base, c):
    """The reports due, page by page."""
    st, whole, _ = admin.request("GET", base + "/reports/due?limit=5000")
    keys = [(d["obligation"]["key"], d["period"]["key"], d["unit"]["id"]) for d in whole["items"]]
    total = whole["total"]
    c.eq((st, len(keys), whole["next_offset"]), (200, total, None), "5 000 rows hold them all")
    c.true(total > 1000, "the 2012 program owes more than a thousand reports: %d" % total)

    st, first, _ = admin.request("GET", base + "/reports/due")
    c.eq((st, len(first["items"]), first["total"], first["limit"], first["offset"],
          first["next_offset"]), (200, 500, total, 500, 0, 500),
         "without limit: the first 500, with the total and where the next page starts")

    walked, offset, pages = [], 0, 0
    while offset is not None:
        st, page, _ = admin.request("GET", base + "/reports/due?limit=400&offset=%d" % offset)
        c.eq((st, page["total"]), (200, total), "every page gives the same total")
        walked += [(d["obligation"]["key"], d["period"]["key"], d["unit"]["id"])
                   for d in page["items"]]
        offset, pages = page["next_offset"], pages + 1
    c.eq((walked == keys, pages), (True, -(-total // 400)),
         "pages of 400 give every report once, in the same order")

    st, missing, _ = admin.request("GET", base + "/reports/due?state=missing&limit=10&offset=5")
    want = [k for k, d in zip(keys, whole["items"]) if d["state"] == "missing"]
    c.eq((st, missing["total"],
          [(d["obligation"]["key"], d["period"]["key"], d["unit"]["id"])
           for d in missing["items"]]),
         (200, len(want), want[5:15]), "the total and the pages are of the filtered list")
    st, past, _ = admin.request("GET", base + "/reports/due?offset=%d" % total)
    c.eq((st, past["items"], past["total"], past["next_offset"]), (200, [], total, None),
         "past the end: no rows, the total still")

    for query, param in (("limit=0", "limit"), ("limit=5001", "limit"), ("limit=ba", "limit"),
                         ("offset=-1", "offset"), ("offset=1.5", "offset")):
        st, err, _ = admin.request("GET", base + "/reports/due?" + query)
        e = err.get("error", {}) if isinstance(err, dict) else {}
        c.eq((st, e.get("code"), [d["field"] for d in e.get("details", [])]),
             (400, "bad_parameter", [param]), "?%s is refused, naming %s" % (query, param))
        c.true(("Tham số " + param) in e.get("message", ""), "in Vietnamese: " + e.get("message", ""))

    st, err, _ = admin.request("GET", base + "/reports/due?state=overdue")
    e = err.get("error", {}) if isinstance(err, dict) else {}
    c.eq((st, e.get("code"), [d["field"] for d in e.get("details", [])]),
         (400, "bad_parameter", ["state"]), "an unknown state is refused, naming it")
    message = e.get("message", "")
    c.true(message.startswith("Tham số state") and "\"overdue\"" in message and all(
        s in message for s in ("not_due", "missing", "draft", "submitted", "returned",
                               "approved")), "in Vietnamese, with the states accepted: " + message)


def targets_by_section(admin, editor, base, pctnxh, c):
    """A copy of 2012 with a target in each section numbered 11.2: Hà Nội's department leads
    the first only and is asked its target only; Cục Phòng, chống tệ nạn xã hội leads both and
    is asked both."""
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hanoi = next(u for u in provinces["items"] if u["code"] == "01")
    _, due, _ = admin.request("GET", base + "/reports/due?period=2012-M04&unit=%d" % hanoi["id"])
    c.true(len(due.get("items", [])) >= 1, "Hà Nội owes an April report: %s" % due)

    # Who is asked what is the matrix's (issue 16): the two targets are told apart by their
    # rows, whatever section number they share. A form names a target by its indicator, so the
    # targets are known by id and named as the decision reads them.
    _, listed, _ = admin.request("GET", base + "/targets")
    name = {t["id"]: t["indicator"] for t in listed["items"]}

    def indicators(client, unit_id, obligation):
        st, form, _ = client.request("GET", "%s/reports/%s/2012-M04/%d" % (base, obligation,
                                                                           unit_id))
        c.eq(st, 200, "the form of unit #%d" % unit_id)
        return {name.get(t["id"]) for t in form.get("targets", [])} & {COMMUNITY, CENTRES}
    _, matrix, _ = admin.request("GET", base + "/responsibilities?at=2012-04-30")
    keys = {r["target_id"]: {x["key"] for x in r["reporters"]} for r in matrix["rows"]
            if name.get(r["target_id"]) in (COMMUNITY, CENTRES)}
    c.eq({name[t] for t in keys}, {COMMUNITY, CENTRES}, "both targets are rows of the matrix")

    def asked_of(unit_id, province):
        return {name[t] for t, k in keys.items()
                if "unit:%d" % unit_id in k or (province and "group:province" in k)}

    for d in due.get("items", []):
        c.eq(indicators(admin, d["unit"]["id"], d["obligation"]["key"]),
             asked_of(d["unit"]["id"], True),
             "%s is asked what the matrix has it report" % d["unit"]["name"])
    _, mine, _ = admin.request("GET", base + "/reports/due?period=2012-M04&unit=%d"
                               % pctnxh["id"])
    obligation = mine["items"][0]["obligation"]["key"]
    c.eq(indicators(editor, pctnxh["id"], obligation), asked_of(pctnxh["id"], False),
         "the department is asked what the matrix has it report")


def reports_in_the_audit(admin, editor, base, pctnxh, target, c):
    """June's report of the department, through every write a report has; the audit verifies
    it. Returns its id."""
    june = "%s/reports/r2/2012-M06/%d" % (base, pctnxh["id"])
    st, saved, _ = editor.request("PUT", june, {
        "version": 0,
        "values": [{"target_id": target["id"], "scope": "period", "kind": "estimate",
                    "value": "1200"}],
        "task_progress": [{"task_id": "II.11.2#1", "status": "in_progress", "percent": 40,
                           "output": "Đã hướng dẫn 20 tỉnh"}],
        "narrative": {"results": "Hoàn thành hướng dẫn cai nghiện"}})
    c.eq((st, saved.get("status")), (200, "draft"), "June's report is saved")
    st, sent, _ = editor.request("PUT", june, {"version": saved["version"], "submit": True})
    report = "/api/v1/reports/%d" % saved["id"]
    st, back, _ = admin.request("POST", report + "/return",
                                {"version": sent["version"], "comment": "Bổ sung số liệu"})
    c.eq((st, back.get("status")), (200, "returned"), "returned")
    st, sent, _ = editor.request("PUT", june, {
        "version": back["version"], "submit": True,
        "values": [{"target_id": target["id"], "scope": "cumulative", "kind": "estimate",
                    "value": "3400"}]})
    c.eq((st, sent.get("status")), (200, "submitted"), "sent again with a cumulative value")
    st, ok, _ = admin.request("POST", report + "/approve", {"version": sent["version"]})
    st, opened, _ = admin.request("POST", report + "/reopen",
                                  {"version": ok["version"], "comment": "Sửa số liệu tháng"})
    c.eq((st, opened.get("status")), (200, "returned"), "reopened: back to the unit")
    st, sent, _ = editor.request("PUT", june, {"version": opened["version"], "submit": True})
    st, ok, _ = admin.request("POST", report + "/approve", {"version": sent["version"]})
    c.eq((st, ok.get("status"), ok.get("version")), (200, "approved", 8),
         "approved, reopened, sent and approved again: version 8")
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((st, v.get("ok"), v.get("problems")), (200, True, []), "the audit verifies")
    c.eq(v.get("reports_checked"), 2, "both reports written (April's, June's) are checked")
    return saved["id"]


def edited_by_hand(binary, db, report, c):
    """A report's rows edited around the application: verify names the report each time."""
    def verify():
        return workplan(binary, "audit", "verify", "--db", db.url, check=False)

    ok = verify()
    c.eq(ok.returncode, 0, "audit verify passes on untouched reports: " + ok.stderr)
    c.true(re.search(r"và [1-9]\d* báo cáo khớp với nhật ký", ok.stdout),
           "it says how many reports it checked: " + ok.stdout)
    newest = ("(SELECT MAX(version) FROM report_values v WHERE v.report_id = %d "
              "AND v.target_id = report_values.target_id AND v.scope = report_values.scope)"
              % report)
    edits = [
        ("a value", "UPDATE report_values SET value_mantissa = value_mantissa + 1 "
                    "WHERE report_id = %d AND scope = 'period' AND version = %s" % (report, newest),
         "UPDATE report_values SET value_mantissa = value_mantissa - 1 "
         "WHERE report_id = %d AND scope = 'period' AND version = %s" % (report, newest)),
        ("a task's progress", "UPDATE report_tasks SET percent = 90 WHERE report_id = %d" % report,
         "UPDATE report_tasks SET percent = 40 WHERE report_id = %d" % report),
        ("the status", "UPDATE reports SET status = 'submitted' WHERE id = %d" % report,
         "UPDATE reports SET status = 'approved' WHERE id = %d" % report),
    ]
    for what, edit, undo in edits:
        db.execute(edit)
        bad = verify()
        c.eq(bad.returncode, 1, "audit verify fails after %s was edited by hand" % what)
        c.true("audit_broken" in bad.stderr and
               ("Báo cáo #%d (Cục Phòng, chống tệ nạn xã hội, Tháng 6/2012)" % report)
               in bad.stderr and "sửa ngoài hệ thống" in bad.stderr,
               "the failure names the report, its unit and period: " + bad.stderr)
        db.execute(undo)
        again = verify()
        c.eq(again.returncode, 0, "undoing %s restores the verification: %s" % (what, again.stderr))

    db.execute("DELETE FROM report_tasks WHERE report_id = %d" % report)
    db.execute("DELETE FROM report_narratives WHERE report_id = %d" % report)
    db.execute("DELETE FROM report_values WHERE report_id = %d" % report)
    db.execute("DELETE FROM reports WHERE id = %d" % report)
    gone = verify()
    c.eq(gone.returncode, 1, "audit verify fails after the report was deleted by hand")
    c.true(("Báo cáo #%d có trong nhật ký" % report) in gone.stderr and
           "đã bị xóa ngoài hệ thống" in gone.stderr, "the failure names it: " + gone.stderr)


if __name__ == "__main__":
    main()
