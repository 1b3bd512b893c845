#!/usr/bin/env python3
"""Issue 18's acceptance, as the issue words it, in one run on the 2012 program against the real
binary: Hà Nội builds its own 2012 program — five tasks under three Ministry items — and sends it
on 10/3; the planning department returns it once with a comment, Hà Nội sends it again and it is
accepted; its five tasks stand on Hà Nội's April form under the Ministry items they serve, and
Hà Nội reports progress on one of them. On 20/6 Cục Việc làm proposes raising the jobs target
from 1.600 to 1.650 nghìn người from 1/7/2012, with its reason; kehoach forwards it; the Thứ
trưởng (lanhdao) may not approve it before the Minister delegates him area II.2, then approves
it. The dashboard at 30/6 measures jobs against 1.600.000, at 31/12 against 1.650.000 (saying
so); the baseline lists the change with its reason, who proposed, forwarded and approved it;
`workplan audit verify` passes.

usage: plan_life_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io
import os
import sys

import openpyxl

from harness import Client, PASSWORD, run_on_2012_program, set_clock, workplan


def main():
    run_on_2012_program("plan_life_test", dt.date(2012, 3, 5), run)


def code(body):
    return body.get("error", {}).get("code") if isinstance(body, dict) else None


def run(port, pid, db, c):
    clock = os.environ["WORKPLAN_CLOCK_FILE"]
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-01&kind=province")
    hn = next(u for u in provinces["items"] if u["code"] == "01")
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-01&kind=department")
    dept = {u["code"]: u for u in depts["items"]}
    vl, kh = dept["VL"], dept["KHTC"]

    signed_in = {"admin": admin}

    def add_user(name, role, unit_id=None, title=None):
        body = {"username": name, "password": PASSWORD, "role": role}
        if unit_id is not None:
            body["unit_id"] = unit_id
        if title is not None:
            body["title"] = title
        st, user, _ = admin.request("POST", "/api/v1/users", body)
        c.eq(st, 201, "create %s: %r" % (name, user))
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        signed_in[name] = cl
        return cl, user

    planner, _ = add_user("kehoach", "planner", kh["id"])
    hanoi, hanoi_user = add_user("hanoi.nhaplieu", "editor", hn["id"])
    vieclam, _ = add_user("vieclam", "editor", vl["id"])
    minister, _ = add_user("botruong", "leader", title="Bộ trưởng")
    deputy, deputy_user = add_user("lanhdao", "leader", title="Thứ trưởng")

    def move_to(day):
        """The clock moves on: everyone signs in again (a session lasts a working day)."""
        set_clock(clock, day)
        for name, cl in signed_in.items():
            c.eq(cl.login(name)[0], 200, "%s signs in on %s" % (name, day.isoformat()))

    # The planning department shares the jobs target out to the 63 provinces: it adds up.
    _, targets, _ = admin.request("GET", base + "/targets")
    jobs = next(t for t in targets["items"] if t.get("indicator_code") == "viec_lam"
                and not t.get("mention_of"))
    c.eq(jobs["value"], 1600000, "jobs as published: 1.600.000")
    shares = {p["code"]: 25000 for p in provinces["items"]}
    shares["01"] = 1600000 - 25000 * (len(shares) - 1)
    st, al, _ = planner.request("PUT", base + "/allocations", {"items": [
        {"target_id": jobs["id"], "unit": k, "value": v} for k, v in shares.items()]})
    check = next((x for x in al.get("checks", []) if x["target_id"] == jobs["id"]), {})
    c.eq((st, len(shares), check.get("warning"), check.get("national_original")),
         (200, 63, None, None), "the jobs target shared out to 63 provinces, adding up")

    # ── 5/3: Hà Nội builds its program, five tasks under three Ministry items ──
    url = "%s/unit-programs/%d" % (base, hn["id"])
    st, view, _ = hanoi.request("GET", url)
    c.eq((st, view.get("status"), view.get("due")), (200, "draft", "2012-03-15"),
         "Hà Nội's program: not started, due 15/3/2012")
    five = [
        {"serves": "II.2.1", "text": "Tổ chức 24 phiên giao dịch việc làm tại các quận, huyện",
         "responsible_user_id": hanoi_user["id"], "start": "2012-03-01", "due": "2012-12-15",
         "output": "Báo cáo UBND thành phố"},
        {"serves": "II.2.1", "text": "Giải quyết việc làm cho 140 nghìn lao động",
         "responsible_name": "Phòng Lao động - Việc làm", "start": "2012-01-01",
         "due": "2012-12-31", "output": "Báo cáo kết quả"},
        {"serves": "II.2.3", "text": "Kiểm tra 40 cơ sở dạy nghề",
         "responsible_name": "Phòng Dạy nghề", "start": "2012-04-01", "due": "2012-10-31",
         "output": "Kết luận kiểm tra"},
        {"serves": "II.2.3", "text": "Tuyển sinh học nghề cho 150 nghìn người",
         "responsible_name": "Phòng Dạy nghề", "due": "2012-12-31", "output": "Trình UBND"},
        {"serves": "II.4.3", "text": "Hướng dẫn quận, huyện rà soát hộ nghèo năm 2012",
         "responsible_name": "Phòng Bảo trợ xã hội", "start": "2012-03-15", "due": "2012-11-30",
         "output": "Quyết định công nhận của UBND thành phố"},
    ]
    fairs = {"name": "Số phiên giao dịch việc làm", "uom": "phiên", "value": "24",
             "comparator": "min", "serves": "II.2.1"}
    body = {"version": 0, "decision": {"number": "125/QĐ-SLĐTBXH", "date": "2012-02-27",
                                       "signer": "Nguyễn Văn A"}, "tasks": five,
            "targets": [fairs, dict(fairs, value="30")]}
    st, b, _ = hanoi.request("PUT", url, body)
    c.eq((st, code(b), [d["field"] for d in b.get("error", {}).get("details", [])]),
         (400, "unit_program_invalid", ["targets[1].name"]),
         "two of its own targets with one name and unit: the second is named")
    body["targets"] = [fairs]
    st, view, _ = hanoi.request("PUT", url, body)
    c.eq((st, view.get("version"), view.get("status")), (200, 1, "draft"),
         "Hà Nội saves five tasks: %r" % (code(view),))
    by_item = {i["key"]: i["tasks"] for i in view.get("items", [])}
    c.eq([len(by_item.get(k, [])) for k in ("II.2.1", "II.2.3", "II.4.3")], [2, 2, 1],
         "five tasks under three Ministry items")
    uid = view.get("id")
    act = "/api/v1/unit-programs/%s/" % uid

    # ── 10/3: sent; the planner returns it once ──
    move_to(dt.date(2012, 3, 10))
    st, view, _ = hanoi.request("POST", act + "submit", {"version": 1})
    c.eq((st, view.get("status"), view.get("late")), (200, "submitted", False),
         "sent on 10/3, before 15/3: not late")
    why = "Đề nghị ghi rõ sản phẩm của nhiệm vụ tuyển sinh học nghề"
    st, view, _ = planner.request("POST", act + "return", {"version": 2, "comment": why})
    c.eq((st, view.get("status"), view.get("comment")), (200, "returned", why),
         "returned once, with its comment")

    # ── 12/3: changed, sent again, accepted ──
    move_to(dt.date(2012, 3, 12))
    kept = [dict(t, id=x["id"]) for t, x in zip(five, by_item["II.2.1"] + by_item["II.2.3"] +
                                                 by_item["II.4.3"])]
    kept[3]["output"] = "Báo cáo kết quả tuyển sinh trình UBND thành phố"
    st, view, _ = hanoi.request("PUT", url, dict(body, version=3, tasks=kept))
    c.eq((st, view.get("status")), (200, "returned"), "changed as asked")
    st, view, _ = hanoi.request("POST", act + "submit", {"version": 4})
    c.eq((st, view.get("status")), (200, "submitted"), "sent again on 12/3")
    st, view, _ = planner.request("POST", act + "accept", {"version": 5})
    c.eq((st, view.get("status"), view.get("late")), (200, "accepted", False),
         "accepted, on time")
    c.eq([h["action"] for h in view.get("history", [])],
         ["save", "submit", "return", "save", "submit", "accept"], "its history tells each step")

    # ── its tasks on Hà Nội's April form, under the Ministry items they serve ──
    move_to(dt.date(2012, 4, 28))
    april = "%s/reports/r2/2012-M04/%d" % (base, hn["id"])
    st, form, _ = hanoi.request("GET", april)
    c.eq(st, 200, "Hà Nội's April form")
    tasks = form.get("tasks", [])
    unit_tasks = [t for t in tasks if t.get("kind") == "unit"]
    c.eq(sorted(t["id"] for t in unit_tasks), sorted(t["id"] for t in kept),
         "the five tasks of its program are on the April form")
    c.eq(sorted(t["serves"] for t in unit_tasks), ["II.2.1", "II.2.1", "II.2.3", "II.2.3",
                                                   "II.4.3"], "each under the item it serves")
    order = [t.get("section") or t["id"] for t in tasks]
    first_unit = next((i for i, t in enumerate(tasks) if t.get("kind") == "unit"), -1)
    c.true(first_unit > 0 and tasks[first_unit - 1]["id"].startswith("II.2.1#"),
           "a unit task follows the Ministry task it serves: %r" % order[:12])
    own = [t for t in form.get("targets", []) if t.get("kind") == "unit"]
    c.eq([(t["indicator"], t["unit"], t["allocated"], t["national"], t["serves"], t["id"] < 0)
          for t in own], [("Số phiên giao dịch việc làm", "phiên", "24", None, "II.2.1", True)],
         "its own target is on the April form, its own value as its plan")
    fairs_id = own[0]["id"] if own else 0
    c.true(any(t["id"] == jobs["id"] and t["allocated"] == str(shares["01"])
               for t in form.get("targets", [])),
           "beside its share of the jobs target (an allocation, as before)")
    one = kept[0]["id"]
    st, saved, _ = hanoi.request("PUT", april, {
        "version": form.get("version", 0), "submit": True,
        "values": [{"target_id": jobs["id"], "scope": "period", "value": "12000",
                    "kind": "actual"},
                   {"target_id": fairs_id, "scope": "period", "value": "3", "kind": "actual"},
                   {"target_id": fairs_id, "scope": "cumulative", "value": "5",
                    "kind": "actual"}],
        "task_progress": [{"task_id": one, "status": "in_progress", "percent": 30,
                           "output": "Đã tổ chức 8 phiên"}]})
    c.eq((st, saved.get("status")), (200, "submitted"),
         "Hà Nội reports jobs, its own task 30%% done and 5 job fairs so far in April: %r"
         % (code(saved),))
    st, again, _ = hanoi.request("GET", april)
    c.eq([(p["task_id"], p["percent"]) for p in again.get("task_progress", [])
          if p["task_id"] == one], [(one, 30)], "its progress is read back")
    c.eq(sorted((v["scope"], v["value"]) for v in again.get("values", [])
                if v["target_id"] == fairs_id), [("cumulative", "5"), ("period", "3")],
         "and its own target's figures")
    st, ok, _ = planner.request("POST", "/api/v1/reports/%d/approve" % saved.get("id", 0),
                                {"version": saved.get("version"), "comment": ""})
    c.eq(st, 200, "April approved")

    # ── the May form as a spreadsheet: the same tasks in the same order, round trip ──
    move_to(dt.date(2012, 5, 28))
    may = "%s/reports/r2/2012-M05/%d" % (base, hn["id"])
    st, form, _ = hanoi.request("GET", may)
    c.eq(st, 200, "Hà Nội's May form")
    st, data, _ = hanoi.request("GET", may + "/form.xlsx")
    c.eq(st, 200, "the May form downloads as .xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheet = wb["Nhiệm vụ"]
    rows = [[cell.value for cell in r] for r in sheet.iter_rows(min_row=2)]
    c.eq([r[0] for r in rows], [t["id"] for t in form.get("tasks", [])],
         "the spreadsheet lists the tasks as the web form does, the unit's own among them")
    mine = {r[0]: i for i, r in enumerate(rows) if str(r[0]).startswith("u:")}
    c.eq(sorted(mine), sorted(t["id"] for t in kept), "its five tasks")
    line = rows[mine.get(kept[0]["id"], 0)]
    c.true(str(line[2]).startswith("[Nhiệm vụ của đơn vị] Tổ chức 24 phiên") and
           "hạn: 15/12/2012" in str(line[2]) and "sản phẩm: Báo cáo UBND thành phố" in
           str(line[2]), "a unit task's line says what it is, its due date and output: %r"
           % (line[2],))
    targets_sheet = wb["Chỉ tiêu"]
    fairs_row = next((r for r in range(1, targets_sheet.max_row + 1)
                      if targets_sheet.cell(row=r, column=1).value == fairs_id), None)
    c.true(fairs_row is not None and str(targets_sheet.cell(row=fairs_row, column=2).value)
           .startswith("[Chỉ tiêu của đơn vị] Số phiên") and
           targets_sheet.cell(row=fairs_row, column=4).value == 24,
           "the spreadsheet has its own target too, its plan 24")
    if fairs_row:
        targets_sheet.cell(row=fairs_row, column=5).value = 2
        targets_sheet.cell(row=fairs_row, column=6).value = "Thực hiện"
        targets_sheet.cell(row=fairs_row, column=7).value = 7
        targets_sheet.cell(row=fairs_row, column=8).value = "Thực hiện"
    row = mine.get(kept[2]["id"], 0) + 2
    sheet.cell(row=row, column=4).value = "Đang thực hiện"
    sheet.cell(row=row, column=5).value = 40
    sheet.cell(row=row, column=6).value = "Đã kiểm tra 16 cơ sở"
    filled = io.BytesIO()
    wb.save(filled)
    st, up, _ = hanoi.request("POST", "/api/v1/reports/upload?submit=1", filled.getvalue(),
                              "application/octet-stream")
    c.eq((st, up.get("status")), (200, "submitted"),
         "the filled spreadsheet uploads: %r" % (code(up),))
    c.eq([(p["status"], p["percent"], p["output"]) for p in up.get("task_progress", [])
          if p["task_id"] == kept[2]["id"]], [("in_progress", 40, "Đã kiểm tra 16 cơ sở")],
         "the unit task's progress entered in the spreadsheet is stored")
    c.eq(sorted((v["scope"], v["value"]) for v in up.get("values", [])
                if v["target_id"] == fairs_id), [("cumulative", "7"), ("period", "2")],
         "and its own target's figures")
    st, _, _ = planner.request("POST", "/api/v1/reports/%d/approve" % up.get("id", 0),
                               {"version": up.get("version"), "comment": ""})
    c.eq(st, 200, "May approved")
    st, dash, _ = hanoi.request("GET", base + "/dashboard?at=2012-05-31")
    c.eq([(o["name"], o["value"], o["current"], o["period"], round(o["achievement"] or 0, 4))
          for o in dash.get("own_targets", [])],
         [("Số phiên giao dịch việc làm", "24", 7, "2012-M05", round(7 / 24, 4))],
         "Hà Nội's dashboard measures its own target: 7 of 24 job fairs by May")
    st, whole, _ = planner.request("GET", base + "/dashboard?at=2012-05-31")
    c.eq(whole.get("own_targets"), [], "the country's dashboard lists no unit's own targets")
    st, dash, _ = planner.request("GET", base + "/dashboard?at=2012-05-31&unit=%d" % hn["id"])
    c.eq([o["current"] for o in dash.get("own_targets", [])], [7],
         "nor does the planner's, but filtered to Hà Nội it does")
    _, back, _ = hanoi.request("GET", may + "/form.xlsx")
    again = openpyxl.load_workbook(io.BytesIO(back))["Nhiệm vụ"]
    c.eq([again.cell(row=row, column=k).value for k in (4, 5, 6)],
         ["Đang thực hiện", 40, "Đã kiểm tra 16 cơ sở"], "and downloads again as entered")

    # ── 20/6: Cục Việc làm proposes 1.600 → 1.650 nghìn from 1/7 ──
    move_to(dt.date(2012, 6, 20))
    reason = "Nhu cầu tuyển dụng của doanh nghiệp tăng mạnh từ quý III"
    st, a, _ = vieclam.request("POST", base + "/amendments", {
        "effective_from": "2012-07-01", "reason": reason, "submit": True,
        "changes": [{"kind": "target_value", "locator": "target:%d" % jobs["id"],
                     "value": "1.650.000"}]})
    c.eq((st, a.get("status")), (201, "submitted"), "Cục Việc làm proposes it: %r" % (code(a),))
    change = (a.get("changes") or [{}])[0]
    c.eq((change.get("before"), change.get("after")), ("1.600.000 người", "1.650.000 người"),
         "1.600.000 → 1.650.000")
    aid = a.get("id", 0)
    st, f, _ = planner.request("POST", "/api/v1/amendments/%d/forward" % aid,
                               {"version": a.get("version"),
                                "comment": "Vụ KHTC đồng ý, trình Lãnh đạo Bộ phê duyệt"})
    c.eq((st, f.get("status")), (200, "forwarded"), "kehoach forwards it")
    st, b, _ = deputy.request("POST", "/api/v1/amendments/%d/approve" % aid,
                              {"version": f.get("version")})
    c.eq((st, code(b)), (403, "no_delegation"), "lanhdao, without a delegation, may not approve")
    st, g, _ = minister.request("POST", "/api/v1/delegations", {
        "grantee_id": deputy_user.get("id"), "areas": ["II.2"], "valid_from": "2012-01-01"})
    c.eq(st, 201, "the Minister delegates area II.2 (lao động, việc làm) to lanhdao")
    st, ok, _ = deputy.request("POST", "/api/v1/amendments/%d/approve" % aid,
                               {"version": f.get("version"),
                                "decision_number": "862/QĐ-LĐTBXH"})
    c.eq((st, ok.get("status"), ok.get("program_version")), (200, "approved", 2),
         "lanhdao approves it by delegation: version 2 (%r)" % (code(ok),))
    c.eq((ok.get("decided") or {}).get("delegation_id"), g.get("id"), "under that delegation")

    # ── the shares given out before no longer add up to the target as amended: flagged ──
    st, al, _ = planner.request("GET", base + "/allocations")
    check = next((x for x in al.get("checks", []) if x["target_id"] == jobs["id"]), {})
    c.eq((st, check.get("national"), check.get("national_original"), check.get("allocated_sum")),
         (200, "1650000", "1600000", "1600000"),
         "the allocations are checked against 1.650.000 in force, published 1.600.000")
    c.eq(check.get("warning"),
         "Tổng giao cho 63 đơn vị (1.600.000 người) thấp hơn chỉ tiêu toàn quốc (1.650.000, "
         "đã điều chỉnh từ 1.600.000 từ ngày 01/07/2012).", "and say how it no longer adds up")

    # ── the dashboard: 1.600.000 at 30/6, 1.650.000 at 31/12 ──
    def jobs_row(at):
        st, d, _ = planner.request("GET", base + "/dashboard?at=" + at)
        c.eq(st, 200, "the dashboard at " + at)
        return next((t for t in d.get("targets", []) if t["target"]["id"] == jobs["id"]), {})
    row = jobs_row("2012-06-30")
    c.eq((row.get("target_value"), row.get("target_version")), (1600000, 1),
         "at 30/6 jobs are measured against 1.600.000")
    row = jobs_row("2012-12-31")
    c.eq((row.get("target_value"), row.get("target_original"), row.get("target_from")),
         (1650000, 1600000, "2012-07-01"), "at 31/12 against 1.650.000, from 1/7")
    c.true("(điều chỉnh từ 01/07/2012)" in row.get("explanation", ""),
           "and says so: %r" % row.get("explanation"))

    # ── the baseline lists the change with its reason ──
    st, bl, _ = hanoi.request("GET", base + "/baseline?at=2012-12-31")
    c.eq(st, 200, "Hà Nội reads the baseline")
    item = next((i for i in bl.get("items", []) if i["locator"] == "target:%d" % jobs["id"]), {})
    step = (item.get("steps") or [{}])[0]
    c.eq((item.get("status"), step.get("reason"), (step.get("proposed_by") or {}).get("unit"),
          (step.get("forwarded_by") or {}).get("username"),
          (step.get("approved_by") or {}).get("username"),
          (step.get("approved_by") or {}).get("title")),
         ("changed", reason, vl["name"], "kehoach", "lanhdao", "Thứ trưởng"),
         "the change, its reason, who proposed, forwarded and approved it")
    c.eq(len(bl.get("items", [])), 1, "one change, nothing else")

    # ── the audit ──
    out = workplan(sys.argv[1], "audit", "verify", "--db", db.url, check=False)
    c.eq(out.returncode, 0, "workplan audit verify passes: " + out.stdout[-300:] + out.stderr)
    _, log, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    actions = {e["action"] for e in log.get("items", [])}
    for action in ("unit_program.save", "unit_program.submit", "unit_program.return",
                   "unit_program.accept", "report.submit", "amendment.submit",
                   "amendment.forward", "delegation.grant", "amendment.approve", "program.amend"):
        c.true(action in actions, "audited: " + action)


if __name__ == "__main__":
    main()
