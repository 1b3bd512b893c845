#!/usr/bin/env python3
"""Next year's program started from this year's (issue 18) against the real binary. Acceptance:
"A 2013 program started from 2012's carries the unfinished tasks and keeps indicator identity
(last year's figures appear beside 2013's)".

Cục Việc làm reports II.2.1#3 done and II.2.1#1 in progress in December 2012 (approved); a
planner starts 2013 from 2012: every target with its indicator code and 2012's value "chờ quyết
định năm 2013", the matrix from 1/1/2013, II.2.1#1 carried ("2:II.2.1#1"), #3 not; publishing
is refused (409 not_reconciled); the 2013 decision (tests/api/data/molisa_2013_excerpt.txt,
invented from 2012's: jobs 1.550 ngàn worded differently, a new task, most of 2012's tasks
absent) is read against it: jobs matched by its code, #1 matched by its words, the new task new,
an absent one carried_only; decisions applied (one absent task dropped, the others kept), the
program published with jobs 1.550.000 under 2012's indicator; audit verify holds; a unit's
account may not start or reconcile (403); a stale revision is refused (409).

usage: next_year_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import os
import sys

from harness import Client, PASSWORD, ROOT, routes_missing_from_openapi, run_on_2012_program, \
    workplan

EXCERPT = os.path.join(ROOT, "tests", "api", "data", "molisa_2013_excerpt.txt")


def main():
    run_on_2012_program("next_year_test", dt.date(2013, 1, 5), run)


def code(body):
    return body.get("error", {}).get("code") if isinstance(body, dict) else None


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-12-31&kind=department")
    vl = next(u for u in depts["items"] if u["code"] == "VL")
    st, b, _ = admin.request("POST", "/api/v1/users", {
        "username": "vieclam", "password": PASSWORD, "role": "editor", "unit_id": vl["id"]})
    c.eq(st, 201, "create vieclam: %r" % b)
    editor = Client(port)
    c.eq(editor.login("vieclam")[0], 200, "vieclam signs in")
    st, b, _ = admin.request("POST", "/api/v1/users", {
        "username": "kehoach", "password": PASSWORD, "role": "planner"})
    c.eq(st, 201, "create kehoach: %r" % b)
    planner = Client(port)
    c.eq(planner.login("kehoach")[0], 200, "kehoach signs in")

    # December 2012: II.2.1#3 done, #1 still under way, approved.
    december = "%s/reports/r2/2012-M12/%d" % (base, vl["id"])
    st, form, _ = editor.request("GET", december)
    c.eq(st, 200, "Cục Việc làm reads its December form")
    st, saved, _ = editor.request("PUT", december, {
        "version": form.get("version", 0), "submit": True,
        "task_progress": [
            {"task_id": "II.2.1#1", "status": "in_progress", "percent": 90,
             "output": "Đã tổng hợp 11 tháng"},
            {"task_id": "II.2.1#3", "status": "done", "percent": 100,
             "output": "Đã báo cáo Bộ"}]})
    c.eq((st, saved.get("status")), (200, "submitted"), "December's report is sent: %r" % saved)
    st, ok, _ = admin.request("POST", "/api/v1/reports/%d/approve" % saved.get("id", 0),
                              {"version": saved.get("version")})
    c.eq((st, ok.get("status")), (200, "approved"), "and approved")

    # A unit's account may not start next year's program.
    st, b, _ = editor.request("POST", base + "/next-year", {"year": 2013})
    c.eq((st, code(b)), (403, "forbidden"), "an editor may not start 2013")
    st, b, _ = planner.request("POST", base + "/next-year", {"year": 2014})
    c.eq((st, code(b)), (400, "year_invalid"), "2012's program starts 2013, not 2014")
    st, b, _ = planner.request("POST", base + "/next-year", {})
    c.eq((st, code(b)), (400, "year_invalid"), "the year is required")

    st, draft, _ = planner.request("POST", base + "/next-year", {"year": 2013})
    c.eq(st, 201, "kehoach starts 2013 from 2012: %r" % (draft if st != 201 else ""))
    new_id = draft["id"]
    nbase = "/api/v1/programs/%d" % new_id
    c.eq((draft["from"], draft["year"], draft["matrix_from"]), (pid, 2013, "2013-01-01"),
         "the draft says where it comes from")
    st, b, _ = planner.request("POST", base + "/next-year", {"year": 2013})
    c.eq((st, code(b)), (409, "next_year_exists"), "2013 is started once")

    targets = draft["targets"]
    c.true(len(targets) >= 20, "every 2012 target is carried: %d" % len(targets))
    c.eq([t["name"] for t in targets if not t["indicator_code"]], [],
         "every carried target has its indicator code")
    c.eq({t["status"] for t in targets}, {"chờ quyết định năm 2013"},
         "every carried value awaits 2013's decision")
    jobs = next(t for t in targets if t["indicator_code"] == "viec_lam")
    c.eq(jobs["carried_value"], "1600000", "jobs carries 2012's 1.600.000")
    carried = {t["carried_from"]: t for t in draft["tasks"]}
    c.true("%d:II.2.1#1" % pid in carried, "II.2.1#1 (in progress) is carried")
    c.true("%d:II.2.1#3" % pid not in carried, "II.2.1#3 (done) is not")
    first = carried.get("%d:II.2.1#1" % pid, {})
    c.eq((first.get("id"), first.get("note")), ("II.2.1#1", "tiếp tục từ 2012"),
         "II.2.1#1 is the first task of 2013's II.2.1, continued from 2012")

    # The draft reads as a program: the outline, the carried task, the matrix from 1/1/2013.
    st, tasks, _ = planner.request("GET", nbase + "/tasks")
    c.eq(st, 200, "the draft's tasks are read")
    texts = {t["id"]: t for t in tasks.get("items", [])}
    c.true(any("Tiếp tục từ năm 2012 (II.2.1#1)" in d for d in texts.get("II.2.1#1", {})
               .get("details", [])), "the carried task says where it comes from: %r"
           % texts.get("II.2.1#1"))
    st, matrix, _ = planner.request("GET", nbase + "/responsibilities?at=2013-01-01")
    c.eq(st, 200, "the draft's matrix is read")
    jobs_row = next((r for r in matrix.get("rows", []) if r["target_id"] == jobs["target_id"]), {})
    c.true(len(jobs_row.get("reporters", [])) > 0, "jobs has its 2012 reporters from 1/1/2013")

    # Not published before its decision is reconciled.
    st, b, _ = planner.request("POST", nbase + "/publish")
    c.eq((st, code(b)), (409, "not_reconciled"), "publishing waits for the reconciliation")

    with open(EXCERPT, "rb") as f:
        text = f.read()
    st, b, _ = editor.request("POST", nbase + "/reconcile?name=qd35.txt", text, "text/plain")
    c.eq(st, 403, "an editor may not reconcile")
    st, rec, _ = planner.request("POST", nbase + "/reconcile?name=qd35.txt", text, "text/plain")
    c.eq(st, 200, "the 2013 decision is read against the draft: %r" % (rec if st != 200 else ""))
    items = {i["key"]: i for i in rec["items"]}
    j = items.get("target:viec_lam", {})
    c.eq((j.get("match"), j.get("carried"), j.get("decided_2013"), j.get("proposal")),
         ("matched", "1.600.000 người", "1.550.000 người", "2013"),
         "jobs: matched by its code, 2012's value beside 2013's")
    t1 = items.get("task:II.2.1#1", {})
    c.eq((t1.get("match"), t1.get("carried_from")), ("matched", "%d:II.2.1#1" % pid),
         "II.2.1#1 matched though worded differently: %r" % t1.get("why"))
    new_tasks = [i for i in rec["items"] if i["kind"] == "task" and i["match"] == "new"]
    c.eq([i["key"] for i in new_tasks], ["task:new:II.2.1#3"], "the portal task is new")
    absent = items.get("task:II.2.2#1", {})
    c.eq((absent.get("match"), absent.get("takes")), ("carried_only", ["carried", "drop"]),
         "a 2012 task absent from 2013's decision is kept or dropped")

    # Decisions: the proposals, the absent task dropped.
    decisions = [{"key": i["key"], "take": i["proposal"]} for i in rec["items"]]
    for d in decisions:
        if d["key"] == "task:II.2.2#1":
            d["take"] = "drop"
    st, b, _ = planner.request("PUT", nbase + "/reconcile",
                               {"revision": rec["revision"], "decisions": decisions[1:]})
    c.eq((st, code(b)), (400, "reconcile_incomplete"), "every proposal needs a decision")
    st, b, _ = planner.request("PUT", nbase + "/reconcile", {
        "revision": rec["revision"],
        "decisions": [{"key": "task:II.2.2#1", "take": "2013"}] + decisions})
    c.eq((st, code(b)), (400, "reconcile_invalid"), "a take the proposal does not allow")
    st, b, _ = planner.request("PUT", nbase + "/reconcile",
                               {"revision": rec["revision"] - 1, "decisions": decisions})
    c.eq((st, code(b)), (409, "stale_revision"), "a stale revision is refused")
    st, applied, _ = planner.request("PUT", nbase + "/reconcile",
                                     {"revision": rec["revision"], "decisions": decisions})
    c.eq(st, 200, "the decisions are applied: %r" % (applied if st != 200 else ""))
    c.true(applied.get("reconciled_at") is not None, "the draft is reconciled")

    st, b, _ = planner.request("POST", nbase + "/publish")
    c.eq(st, 200, "2013 is published once reconciled: %r" % (b,))
    st, listed, _ = planner.request("GET", nbase + "/targets")
    c.eq(st, 200, "2013's targets")
    jobs13 = [t for t in listed.get("items", []) if t.get("indicator_code") == "viec_lam"]
    c.eq([(t.get("value"), t.get("baseline")) for t in jobs13], [(1550000, 1600000)],
         "2013's jobs: 1.550.000 under 2012's indicator, 2012's 1.600.000 beside it")
    st, tasks, _ = planner.request("GET", nbase + "/tasks")
    ids = {t["id"]: t for t in tasks.get("items", [])}
    c.true(any("Tiếp tục từ năm 2012" in d for t in ids.values() for d in t.get("details", [])),
           "a continued task is marked in 2013's program")
    c.true(not any(t["text"].startswith("Tổng hợp hoàn thiện văn kiện Chương trình mục tiêu")
                   for t in ids.values()), "the dropped task is not in 2013's program")
    c.true(any(t["text"].startswith("Xây dựng và đưa vào vận hành Cổng thông tin")
               for t in ids.values()), "the new task is")

    out = workplan(sys.argv[1], "audit", "verify", "--db", db.url, check=False)
    c.eq(out.returncode, 0, "audit verify holds: %s%s" % (out.stdout[-800:], out.stderr[-400:]))
    missing, _ = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is in the OpenAPI document")


if __name__ == "__main__":
    main()
