#!/usr/bin/env python3
"""Each unit's own program (issue 18, acceptance 1, the unit program's part) against the real
binary on the 2012 program: on 5/3 Hà Nội builds its program — five tasks under three Ministry
items, one to its own account, four to parts by name, with dates and outputs — and a task serving
an item Hà Nội neither leads nor coordinates is refused, naming it; on 10/3 it is sent (not late,
the due date is 15/3); the planner returns it (a comment required), Hà Nội sends it again on 12/3,
the planner accepts it; its history tells each step. Đà Nẵng sends its own on 20/3: late, in the
list and in the timeliness of 2012-O1. The unit-program rule is no form (409 use_unit_program).
Reopened, the accepted version stays readable as it was until accepted again. Every write is
audited, `audit verify` passes, and a task edited by hand is named.

usage: unit_programs_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import os

from harness import (Client, PASSWORD, routes_missing_from_openapi, run_on_2012_program,
                     set_clock, workplan)
import sys


def main():
    run_on_2012_program("unit_programs_test", dt.date(2012, 3, 5), run)


def run(port, pid, db, c):
    clock = os.environ["WORKPLAN_CLOCK_FILE"]
    binary = sys.argv[1]
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-01&kind=province")
    prov = {u["code"]: u for u in provinces["items"]}
    hn, dn = prov["01"], prov["48"]
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-01&kind=department")
    kh = next(u for u in depts["items"] if u["code"] == "KHTC")

    def add_user(name, role, unit_id):
        body = {"username": name, "password": PASSWORD, "role": role}
        if unit_id:
            body["unit_id"] = unit_id
        st, user, _ = admin.request("POST", "/api/v1/users", body)
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl, user

    planner, _ = add_user("kehoach", "planner", kh["id"])
    hanoi, hanoi_user = add_user("hanoi.nhaplieu", "editor", hn["id"])
    danang, _ = add_user("danang.nhaplieu", "editor", dn["id"])
    viewer, _ = add_user("hanoi.xem", "viewer", hn["id"])
    signed_in = {"admin": admin, "kehoach": planner, "hanoi.nhaplieu": hanoi,
                 "danang.nhaplieu": danang, "hanoi.xem": viewer}

    def move_to(day):
        """The clock moves on: everyone signs in again (a session lasts a working day)."""
        set_clock(clock, day)
        for name, cl in signed_in.items():
            c.eq(cl.login(name)[0], 200, name + " signs in on " + day.isoformat())

    url = "%s/unit-programs/%d" % (base, hn["id"])
    st, view, _ = hanoi.request("GET", url)
    c.eq(st, 200, "Hà Nội reads its program before starting it")
    c.eq((view.get("id"), view.get("version"), view.get("status"), view.get("due")),
         (None, 0, "draft", "2012-03-15"), "not started; due 15/3/2012")
    keys = {i["key"]: i for i in view.get("items", [])}
    for k in ("II.2.1", "II.2.3", "II.4.3"):
        c.true(k in keys, "Hà Nội may serve %s (%s)" % (k, sorted(keys)[:40]))
    # II.2.2 (the national target programme's documents) is Cục Việc làm's alone; II.1.1, which
    # the 2012 decision gives every province to lead too, is Hà Nội's.
    c.true("II.2.2" not in keys, "not II.2.2 (Cục Việc làm's alone)")
    c.true(any(i["kind"] == "target" and i["role"] in ("reports", "consolidates")
               for i in view.get("items", [])), "the targets it reports are items too")
    c.true(any(a["username"] == "hanoi.nhaplieu" for a in view.get("accounts", [])),
           "its accounts are offered as responsible")

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
        {"serves": "II.4.3", "text": "Rà soát hộ nghèo cuối năm",
         "responsible_name": "Phòng Bảo trợ xã hội", "start": "2012-10-01", "due": "2012-11-30",
         "output": "Quyết định công nhận của UBND thành phố"},
    ]
    body = {"version": 0, "decision": {"number": "125/QĐ-SLĐTBXH", "date": "2012-02-27",
                                       "signer": "Nguyễn Văn A"},
            "tasks": five + [{"serves": "II.2.2", "text": "Trình Thủ tướng văn kiện Chương trình"}],
            "targets": [{"name": "Số phiên giao dịch việc làm", "uom": "phiên", "value": "24",
                         "comparator": "min", "serves": "II.2.1"}]}
    st, b, _ = hanoi.request("PUT", url, body)
    c.eq((st, b.get("error", {}).get("code")), (400, "unit_program_invalid"),
         "a task serving II.2.2: refused")
    c.eq([d["field"] for d in b.get("error", {}).get("details", [])], ["tasks[5].serves"],
         "the task named")
    st, b, _ = hanoi.request("GET", url)
    c.eq(b.get("version"), 0, "nothing stored")
    st, b, _ = viewer.request("PUT", url, dict(body, tasks=five))
    c.eq((st, b.get("error", {}).get("code")), (403, "forbidden"), "a viewer may not write it")
    st, b, _ = danang.request("PUT", url, dict(body, tasks=five))
    c.eq((st, b.get("error", {}).get("code")), (403, "out_of_scope"),
         "Đà Nẵng may not write Hà Nội's")
    bad_dates = [dict(five[0], start="2012-12-20")]
    st, b, _ = hanoi.request("PUT", url, dict(body, tasks=bad_dates))
    c.eq([d["field"] for d in b.get("error", {}).get("details", [])], ["tasks[0].due"],
         "a start after the due date: named")

    body["tasks"] = five
    st, view, _ = hanoi.request("PUT", url, body)
    c.eq(st, 200, "Hà Nội saves five tasks")
    c.eq((view.get("version"), view.get("status")), (1, "draft"), "version 1, a draft")
    by_item = {i["key"]: i["tasks"] for i in view.get("items", [])}
    c.eq([len(by_item.get(k, [])) for k in ("II.2.1", "II.2.3", "II.4.3")], [2, 2, 1],
         "the tasks under their items")
    first = (by_item.get("II.2.1") or [{}])[0]
    c.eq((first.get("responsible") or {}).get("user", {}).get("username"), "hanoi.nhaplieu",
         "one task to Hà Nội's own account")
    c.true(str(first.get("id", "")).startswith("u:"), "a unit task's id is u:<id>")
    c.eq(sorted(t["responsible"]["name"] for k in ("II.2.1", "II.2.3", "II.4.3")
                for t in by_item.get(k, []) if t["responsible"]["name"]),
         ["Phòng Bảo trợ xã hội", "Phòng Dạy nghề", "Phòng Dạy nghề",
          "Phòng Lao động - Việc làm"], "four to parts by name")
    c.eq(view.get("decision"), {"number": "125/QĐ-SLĐTBXH", "date": "2012-02-27",
                                "signer": "Nguyễn Văn A"}, "the decision that issued it")
    c.eq([t["value"] for t in view.get("targets", [])], ["24"], "its own target")
    st, b, _ = hanoi.request("PUT", url, body)
    c.eq((st, b.get("error", {}).get("code")), (409, "stale_version"),
         "a save on version 0 again: stale")
    uid = view.get("id")

    # ── 10/3: sent, not late ──
    move_to(dt.date(2012, 3, 10))
    act = "/api/v1/unit-programs/%s/" % uid
    st, view, _ = hanoi.request("POST", act + "submit", {"version": 1})
    c.eq((st, view.get("status"), view.get("late")), (200, "submitted", False),
         "sent on 10/3: submitted, not late")
    st, b, _ = hanoi.request("PUT", url, dict(body, version=2))
    c.eq((st, b.get("error", {}).get("code")), (409, "unit_program_submitted"),
         "no change while it waits for review")
    st, b, _ = hanoi.request("POST", act + "accept", {"version": 2})
    c.eq((st, b.get("error", {}).get("code")), (403, "forbidden"), "the unit may not accept it")
    st, b, _ = planner.request("POST", act + "return", {"version": 2})
    c.eq((st, b.get("error", {}).get("code")), (400, "comment_required"),
         "returning without a comment: 400")
    why = "Bổ sung nhiệm vụ về bảo hiểm thất nghiệp"
    st, view, _ = planner.request("POST", act + "return", {"version": 2, "comment": why})
    c.eq((st, view.get("status"), view.get("comment")), (200, "returned", why),
         "returned with its comment")

    # ── 12/3: changed and sent again; accepted ──
    move_to(dt.date(2012, 3, 12))
    kept = [dict(t, id=x["id"]) for t, x in zip(five, by_item["II.2.1"] + by_item["II.2.3"] +
                                                 by_item["II.4.3"])]
    kept[1]["text"] = "Giải quyết việc làm cho 140 nghìn lao động, trong đó 40 nghìn qua vay vốn"
    st, view, _ = hanoi.request("PUT", url, dict(body, version=3, tasks=kept))
    c.eq((st, view.get("status")), (200, "returned"), "changed while returned")
    ids = sorted(t["id"] for i in view.get("items", []) for t in i["tasks"])
    c.eq(ids, sorted(t["id"] for t in kept), "the tasks keep their ids")
    st, view, _ = hanoi.request("POST", act + "submit", {"version": 4})
    c.eq((st, view.get("status")), (200, "submitted"), "sent again on 12/3")
    st, view, _ = planner.request("POST", act + "accept", {"version": 5})
    c.eq((st, view.get("status"), view.get("accepted_version")), (200, "accepted", 6),
         "accepted")
    c.eq([h["action"] for h in view.get("history", [])],
         ["save", "submit", "return", "save", "submit", "accept"], "its history")
    c.eq(view.get("history", [{}] * 3)[2].get("comment"), why, "the return's comment kept")
    c.eq(view.get("history", [{}])[0].get("by", {}).get("username"), "hanoi.nhaplieu",
         "who saved it")
    c.eq((view.get("late"), view.get("first_submitted_at", "")[:10]), (False, "2012-03-10"),
         "not late: first sent 10/3")

    # ── the unit-program rule is no form ──
    st, b, _ = hanoi.request("GET", "%s/reports/r1/2012-O1/%d" % (base, hn["id"]))
    c.eq((st, b.get("error", {}).get("code")), (409, "use_unit_program"),
         "r1's form: use the unit program")
    c.true(any(d["message"].endswith("/unit-programs/%d" % hn["id"])
               for d in b.get("error", {}).get("details", [])), "with the link")

    # ── Đà Nẵng: sent 20/3, late ──
    move_to(dt.date(2012, 3, 18))
    dn_url = "%s/unit-programs/%d" % (base, dn["id"])
    st, dview, _ = danang.request("GET", dn_url)
    dn_item = next((i["key"] for i in dview.get("items", []) if i["kind"] == "section"), "II.2.1")
    st, dview, _ = danang.request("PUT", dn_url, {"version": 0, "tasks": [
        {"serves": dn_item, "text": "Triển khai chương trình của Bộ tại thành phố"}]})
    c.eq(st, 200, "Đà Nẵng saves its program on 18/3")
    move_to(dt.date(2012, 3, 20))
    st, dview, _ = danang.request("POST", "/api/v1/unit-programs/%s/submit" % dview.get("id"),
                                  {"version": 1})
    c.eq((st, dview.get("late")), (200, True), "sent 20/3: late")

    st, lst, _ = planner.request("GET", base + "/unit-programs")
    c.eq((st, lst.get("obligation"), lst.get("due")), (200, "r1", "2012-03-15"), "the list")
    rows = {r["unit"]["code"]: r for r in lst.get("items", [])}
    c.eq((rows.get("01", {}).get("status"), rows.get("01", {}).get("late"),
          rows.get("01", {}).get("tasks")), ("accepted", False, 5), "Hà Nội: accepted, on time")
    c.eq((rows.get("48", {}).get("status"), rows.get("48", {}).get("late")),
         ("submitted", True), "Đà Nẵng: submitted, late")
    c.eq(rows.get("31", {}).get("status"), "missing", "Hải Phòng: missing")
    st, late, _ = planner.request("GET", base + "/unit-programs?status=missing")
    c.true(late.get("items") and all(r["status"] == "missing" for r in late["items"]),
           "filtered by status")
    st, own, _ = hanoi.request("GET", base + "/unit-programs")
    c.eq([r["unit"]["code"] for r in own.get("items", [])], ["01"], "Hà Nội sees its own only")
    st, t, _ = planner.request("GET", base + "/timeliness?period=2012-O1")
    c.eq(st, 200, "timeliness of 2012-O1")
    r1 = [p for p in t.get("periods", []) if p["obligation"] == "r1"]
    counts = r1[0]["counts"] if r1 else {}
    c.eq((counts.get("received"), counts.get("late"), counts.get("approved")), (2, 1, 1),
         "r1 counted from unit programs: 2 received, 1 late, 1 accepted")
    st, due, _ = planner.request("GET", base + "/reports/due?obligation=r1&unit=48")
    c.eq([(d["state"], d["late"]) for d in due.get("items", [])], [("submitted", True)],
         "the due list too")

    # ── reopened: the accepted version stays as it was ──
    st, view, _ = hanoi.request("POST", act + "reopen", {"version": 6})
    c.eq((st, view.get("status"), view.get("accepted_version")), (200, "draft", 6),
         "reopened; the accepted version is kept")
    changed = kept[:4]
    st, view, _ = hanoi.request("PUT", url, dict(body, version=7, tasks=changed))
    c.eq((st, sum(len(i["tasks"]) for i in view.get("items", []))), (200, 4),
         "a task dropped in the reopened draft")
    st, v6, _ = hanoi.request("GET", act + "versions/6")
    c.eq((st, sum(len(i["tasks"]) for i in v6.get("items", []))), (200, 5),
         "the accepted version still has its five tasks")
    st, lst, _ = planner.request("GET", base + "/unit-programs?unit=%d" % hn["id"])
    c.eq([r["status"] for r in lst.get("items", [])], ["accepted"],
         "it stands accepted until accepted again")
    st, b, _ = hanoi.request("GET", act + "versions/99")
    c.eq((st, b.get("error", {}).get("code")), (404, "version_not_found"), "no version 99")

    # ── audited; verify; a task edited by hand is named ──
    _, audit, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    actions = [e["action"] for e in audit.get("items", []) if e["entity"] == "unit_program"]
    c.eq(sorted(set(actions)), ["unit_program.accept", "unit_program.reopen",
                                "unit_program.return", "unit_program.save",
                                "unit_program.submit"], "every write audited")
    out = workplan(binary, "audit", "verify", "--db", db.url, check=False)
    c.eq(out.returncode, 0, "audit verify passes: " + out.stdout + out.stderr)
    c.true("chương trình công tác của đơn vị" in out.stdout, "and says it checked them")
    out = workplan(binary, "unit-programs", "list", "--program", str(pid), "--status",
                   "submitted", "--db", db.url, check=False)
    c.eq(out.returncode, 0, "the CLI lists: " + out.stderr)
    c.true("48\t" in out.stdout and "trễ hạn" in out.stdout and "01\t" not in out.stdout,
           "Đà Nẵng submitted late: " + out.stdout)
    out = workplan(binary, "unit-programs", "return", "--program", str(pid), "--unit", "48",
                   "--db", db.url, check=False)
    c.true(out.returncode != 0 and "comment_required" in out.stderr + out.stdout,
           "the CLI's return needs a comment")
    out = workplan(binary, "unit-programs", "accept", "--program", str(pid), "--unit", "48",
                   "--db", db.url, check=False)
    c.eq(out.returncode, 0, "the CLI accepts Đà Nẵng's: " + out.stdout + out.stderr)
    db.execute("UPDATE unit_tasks SET text = 'Sửa tay' WHERE unit_program_id = %s" % uid)
    out = workplan(binary, "audit", "verify", "--db", db.url, check=False)
    c.true(out.returncode != 0 and ("#%s" % uid) in out.stdout + out.stderr,
           "a task edited by hand is named: " + out.stdout + out.stderr)

    missing, _ = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is in the OpenAPI document")


if __name__ == "__main__":
    main()
