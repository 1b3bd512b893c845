#!/usr/bin/env python3
"""The reporting cycle against the real binary: a whole year of the 2012 program on a
rehearsal clock. Expected reports for every unit; allocations with their sum check; provinces
that submit on time, late, or never; approvals, returns and resubmissions; validation that
names fields; two clients editing one report (one wins, the other gets 409, nothing lost);
estimates replaced by actuals with both vintages kept; the .xlsx form filled by a script and
uploaded (and refused whole for one bad cell); the timeliness and completeness figures
against those computed here; overdue lists and the digest outbox; OpenAPI coverage.

usage: reports_test.py WORKPLAN_BINARY sqlite|postgres"""
import csv
import datetime as dt
import io
import os
import re
import sys
import urllib.parse

from harness import (Check, Client, Database, PASSWORD, ROOT, SEED_2012,
                     routes_missing_from_openapi, serve_and_run, workplan)

PROGRAM_ISSUED = dt.date(2012, 2, 27)


def days_off_2012():
    """The days off and swapped working days of 2012, from the holiday table."""
    off, work = set(), set()
    with open(os.path.join(ROOT, "data", "holidays.csv"), encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(",", 2)
            if len(parts) == 3 and parts[0].startswith("2012-"):
                d = dt.date.fromisoformat(parts[0])
                (off if parts[1] == "off" else work).add(d)
    return off, work


OFF, WORK = days_off_2012()


def next_working_day(d):
    while (d.weekday() >= 5 and d not in WORK) or d in OFF:
        d += dt.timedelta(days=1)
    return d


def expected_schedule():
    """(obligation, period key, nominal date, due date) of the 2012 program, computed here."""
    out = [("r1", "2012-O1", dt.date(2012, 3, 15))]
    for m in range(1, 13):
        out.append(("r2", "2012-M%02d" % m, dt.date(2012, m, 18)))
    for q in range(1, 5):
        out.append(("r3", "2012-Q%d" % q, dt.date(2012, 3 * q, 18)))
    return [(o, p, n, next_working_day(n)) for o, p, n in out if n >= PROGRAM_ISSUED]


class Clock:
    """The rehearsal clock of the server (WORKPLAN_CLOCK_FILE). Sessions last 8 hours of it, so
    the clients signed in sign in again whenever it moves."""

    def __init__(self, path):
        self.path = path
        self.clients = []

    def set(self, local_date, hour=9):
        """Moves "now" to `hour` o'clock in Việt Nam on `local_date`."""
        t = dt.datetime.combine(local_date, dt.time(hour)) - dt.timedelta(hours=7)
        with open(self.path, "w") as f:
            f.write(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
        for client, name in self.clients:
            client.login(name)


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    clock = Clock(os.path.join(db.tmp, "clock"))
    clock.set(dt.date(2012, 3, 1))
    os.environ["WORKPLAN_CLOCK_FILE"] = clock.path
    try:
        workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin",
                 "--db", db.url, stdin=PASSWORD + "\n")
        out = workplan(binary, "import", SEED_2012, "--publish", "--db", db.url)
        pid = int(re.search(r"#(\d+)", out.stdout).group(1))
        # The program of the year before, for "the same period last year": the 2012 text
        # dated a year earlier under another number.
        with open(SEED_2012, encoding="utf-8") as f:
            text_2011 = f.read().replace("2012", "2011").replace("224/QĐ", "199/QĐ")
        path_2011 = os.path.join(db.tmp, "molisa_2011.txt")
        with open(path_2011, "w", encoding="utf-8") as f:
            f.write(text_2011)
        out = workplan(binary, "import", path_2011, "--publish", "--db", db.url)
        pid_2011 = int(re.search(r"#(\d+)", out.stdout).group(1))
        serve_and_run(binary, db, c, lambda port: run(port, pid, pid_2011, clock, db, binary, c))
    finally:
        db.close()
    c.finish("reports_test[%s]" % backend)


def run(port, pid, pid_2011, clock, db, binary, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    clock.clients.append((admin, "admin"))
    base = "/api/v1/programs/%d" % pid

    # The organisation of 2012: who has to report.
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    provinces = provinces["items"]
    c.eq(len(provinces), 63, "63 provinces in 2012")
    by_code = {u["code"]: u for u in provinces}
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=department")
    depts = [u for u in depts["items"] if u["parent_id"] == 1]
    kh = next(u for u in depts if u["code"] == "KHTC")

    # Accounts: a planner, and editors / an approver of five provinces of 2012.
    def add_user(name, role, unit_id):
        body = {"username": name, "password": PASSWORD, "role": role, "unit_id": unit_id}
        st, b, _ = admin.request("POST", "/api/v1/users", body)
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        clock.clients.append((cl, name))
        return cl

    planner = add_user("kehoach", "planner", kh["id"])
    hn, hp, dn, hcm, ct = (by_code[x] for x in ("01", "31", "48", "79", "92"))
    hanoi = add_user("hanoi.nhap", "editor", hn["id"])
    hanoi_ok = add_user("hanoi.duyet", "approver", hn["id"])
    haiphong = add_user("haiphong.nhap", "editor", hp["id"])
    hcmc = add_user("hcm.nhap", "editor", hcm["id"])
    cantho = add_user("cantho.nhap", "editor", ct["id"])
    viewer = add_user("lanhdao", "viewer", None)

    # ── expected reports ──
    schedule = expected_schedule()
    st, due, _ = planner.request("GET", base + "/reports/due?limit=5000")
    c.eq(st, 200, "planner lists the reports due")
    c.eq((due["total"], due["next_offset"]), (len(due["items"]), None), "all of them in one page")
    due = due["items"]
    c.eq(len(due), len(schedule) * (63 + len(depts)),
         "one report per obligation, period and unit (63 provinces + %d departments)" % len(depts))
    got = {(d["obligation"]["key"], d["period"]["key"], d["unit"]["id"]): d["due"] for d in due}
    for o, p, nominal, deadline in schedule:
        c.eq(got.get((o, p, hn["id"])), deadline.isoformat(), "due date of %s %s" % (o, p))
    c.true(("r2", "2012-M02", hn["id"]) not in got, "no report before the decision was issued")
    c.eq(got[("r2", "2012-M03", hn["id"])], "2012-03-19", "18/3/2012 is a Sunday: due Monday")
    st, mine, _ = hanoi.request("GET", base + "/reports/due")
    c.eq({d["unit"]["id"] for d in mine["items"]}, {hn["id"]}, "an editor sees its unit's only")
    c.eq(len(mine["items"]), len(schedule), "Hà Nội owes %d reports" % len(schedule))

    # ── allocations: the jobs target shared out to the provinces ──
    _, targets, _ = admin.request("GET", base + "/targets")
    targets = targets["items"]
    jobs = next(t for t in targets if t["indicator"] == "Tạo việc làm")
    domestic = next(t for t in targets if t["indicator"] == "Tạo việc làm trong nước")
    abroad = next(t for t in targets if t["indicator"] == "Xuất khẩu lao động")
    # The urban unemployment rate is asked as its two parts (issue 16: a ratio of sums); the rate
    # typed on forms is one the provinces report as such (households of people with merit living
    # at least as well as their neighbours, a mean of the provinces' rates).
    unemployment = next(t for t in targets if t.get("indicator_code") == "that_nghiep_tt")
    parts = [p["id"] for p in unemployment.get("ratio_of", [])]
    c.eq(len(parts), 2, "the unemployment rate is the ratio of two parts")
    rate = next(t for t in targets if t.get("indicator_code") == "ho_ncc_muc_song")
    # Who reports what (issue 16): export is Cục QLLĐNN's alone as the decision reads; the
    # planner has the provinces report it too, from the first month, before sharing it out.
    _, matrix, _ = planner.request("GET", base + "/responsibilities")
    row = next(r for r in matrix["rows"] if r["target_id"] == abroad["id"])
    st, matrix, _ = planner.request("PUT", base + "/responsibilities", {
        "revision": matrix["revision"], "effective_from": "2012-03-01", "rows": [{
            "target_id": abroad["id"],
            "reporters": [{"key": x["key"]} for x in row["reporters"]] + [{"key": "group:province"}],
            "consolidator_unit_id": (row["consolidator"] or {}).get("unit_id")}]})
    c.eq(st, 200, "the planner has the provinces report export too")
    shares = {p["code"]: 25000 for p in provinces}  # 63 × 25 000 = 1 575 000 < 1 600 000
    shares_csv = "target_id;unit;value\r\n" + "".join(
        "%d;%s;%s\r\n" % (jobs["id"], code, "{:,}".format(v).replace(",", "."))
        for code, v in shares.items())
    st, alloc, _ = planner.request("PUT", base + "/allocations", shares_csv, "text/csv")
    c.eq(st, 200, "planner uploads allocations as CSV (vi-VN ';' and '.' thousands)")
    check = next(x for x in alloc["checks"] if x["target_id"] == jobs["id"])
    c.eq(check["allocated_sum"], "1575000", "sum of the shares")
    c.true(check["warning"] and "thấp hơn" in check["warning"], "a shortfall is flagged")
    shares["01"] = 50000
    rows = [{"target_id": jobs["id"], "unit": code, "value": v} for code, v in shares.items()]
    rows += [{"target_id": domestic["id"], "unit": "01", "value": "45000"},
             {"target_id": abroad["id"], "unit": "01", "value": 5000},
             {"target_id": rate["id"], "unit": "01", "value": "4,3"}]
    st, alloc, _ = planner.request("PUT", base + "/allocations", {"items": rows})
    check = next(x for x in alloc["checks"] if x["target_id"] == jobs["id"])
    c.eq((st, check["allocated_sum"], check["warning"]), (200, "1600000", None),
         "the shares add up to the national target")
    # Jobs are the provinces' to report, not the Vụ Pháp chế's: no share for it.
    st, b, _ = planner.request("PUT", base + "/allocations",
                               {"items": [{"target_id": jobs["id"], "unit": "PC", "value": 5000}]})
    c.eq((st, b["error"]["code"], b["error"]["details"][0]["field"]),
         (400, "allocation_invalid", "rows[1].unit"), "a unit that does not report it gets no share")
    c.true("không báo cáo chỉ tiêu này" in b["error"]["details"][0]["message"], "and is told why")
    st, b, _ = planner.request("PUT", base + "/allocations",
                               {"items": [{"target_id": jobs["id"], "unit": "99", "value": "1"},
                                          {"target_id": jobs["id"], "unit": "01", "value": "x"}]})
    c.eq((st, b["error"]["code"], [d["field"] for d in b["error"]["details"]]),
         (400, "allocation_invalid", ["rows[1].unit", "rows[2].value"]),
         "bad allocation rows are named, nothing stored")
    st, b, _ = hanoi.request("PUT", base + "/allocations", {"items": rows})
    c.eq(st, 403, "an editor may not allocate")
    _, alloc, _ = planner.request("GET", base + "/allocations")
    c.eq(len(alloc["items"]), 66, "allocations unchanged by the refused uploads")

    # ── the form of Hà Nội's March report ──
    march = "%s/reports/r2/2012-M03/%d" % (base, hn["id"])
    st, form, _ = hanoi.request("GET", march)
    c.eq((st, form["version"], form["status"]), (200, 0, "draft"), "a report not yet started")
    c.eq([t["id"] for t in form["targets"]][:5], [jobs["id"], domestic["id"], abroad["id"]] + parts,
         "the form lists the targets the unit reports, in the decision's order, the unemployment "
         "rate as its two parts")
    c.true(rate["id"] in [t["id"] for t in form["targets"]], "and the rate the provinces report")
    _, matrix, _ = planner.request("GET", base + "/responsibilities?at=2012-03-31")
    ours = {r["target_id"] for r in matrix["rows"]
            if any(x["key"] in ("group:province", "unit:%d" % hn["id"]) for x in r["reporters"])}
    if unemployment["id"] in ours:
        ours = (ours - {unemployment["id"]}) | set(parts)
    c.eq({t["id"] for t in form["targets"]}, ours,
         "exactly those the matrix has the provinces (or Hà Nội) report")
    c.eq(form["targets"][0]["allocated"], "50000", "with the unit's share")
    c.true(len(form["tasks"]) > 0, "and the tasks the provinces lead")
    st, b, _ = haiphong.request("GET", march)
    c.eq(st, 403, "another province's report is out of scope")
    st, b, _ = hanoi.request("GET", "%s/reports/r2/2012-M02/%d" % (base, hn["id"]))
    c.eq((st, b["error"]["code"]), (404, "report_not_expected"), "no February report is owed")

    # Validation: each problem names its field; nothing stored.
    st, b, _ = hanoi.request("PUT", march, {"version": 0, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 40000},
        {"target_id": domestic["id"], "kind": "estimate", "value": 38000},
        {"target_id": abroad["id"], "kind": "estimate", "value": 3000},
        {"target_id": rate["id"], "kind": "estimate", "value": "104.5"}]})
    c.eq((st, b["error"]["code"]), (400, "report_invalid"), "invalid values are refused")
    c.eq(sorted(d["field"] for d in b["error"]["details"]),
         sorted(["values[%d].period" % jobs["id"], "values[%d].period" % rate["id"]]),
         "the problems name the rate above 100 % and the whole below its parts")
    _, form, _ = hanoi.request("GET", march)
    c.eq(form["version"], 0, "nothing was stored")
    put_shapes(hanoi, march, jobs, c)

    # ── two clients edit the same report ──
    first = [{"target_id": jobs["id"], "kind": "estimate", "value": 41000},
             {"target_id": jobs["id"], "scope": "cumulative", "kind": "estimate", "value": 41000}]
    st, form, _ = hanoi.request("PUT", march, {"version": 0, "values": first,
                                               "narrative": {"results": "Tạo việc làm cho 41 nghìn lao động."}})
    c.eq((st, form["version"]), (200, 1), "the first save creates version 1")
    st_a, a, _ = hanoi.request("PUT", march, {"version": 1, "values": [
        {"target_id": domestic["id"], "kind": "estimate", "value": 37000}]})
    st_b, b, _ = hanoi_ok.request("PUT", march, {"version": 1, "values": [
        {"target_id": abroad["id"], "kind": "estimate", "value": 4000}]})
    c.eq((st_a, st_b), (200, 409), "of two writers of version 1, the second gets 409")
    c.eq((b["error"]["code"], b["error"]["details"][0]["message"]), ("stale_version", "2"),
         "the 409 says the report is now at version 2")
    st, b, _ = hanoi_ok.request("PUT", march, {"version": 2, "values": [
        {"target_id": abroad["id"], "kind": "estimate", "value": 4000}]})
    c.eq(st, 200, "the loser saves again on the new version")
    _, form, _ = hanoi.request("GET", march)
    vals = {(v["target_id"], v["scope"]): v["value"] for v in form["values"]}
    c.eq(vals, {(jobs["id"], "period"): "41000", (jobs["id"], "cumulative"): "41000",
                (domestic["id"], "period"): "37000", (abroad["id"], "period"): "4000"},
         "no value was lost")
    c.eq(form["narrative"]["results"], "Tạo việc làm cho 41 nghìn lao động.", "narrative kept")

    # ── a whole year ──
    # Hà Nội: always on time, approved. Hải Phòng: always 3 days late. Đà Nẵng: never.
    # TP HCM: on time in odd months, late in even ones. Cần Thơ: on time, returned by the
    # planner, resubmitted after the deadline (stays on time).
    monthly = [(p, d) for o, p, n, d in schedule if o == "r2"]
    plan = {}  # (period, unit id) → "on_time" | "late"
    version = form["version"]
    for period, deadline in monthly:
        url = lambda unit: "%s/reports/r2/%s/%d" % (base, period, unit["id"])
        clock.set(deadline - dt.timedelta(days=1))
        if period != "2012-M03":
            version = 0
        st, r, _ = hanoi.request("PUT", url(hn), {"version": version, "submit": True, "values": [
            {"target_id": jobs["id"], "kind": "estimate", "value": 45000 + int(period[-2:])}]})
        c.eq((st, r.get("status")), (200, "submitted"), "Hà Nội submits " + period)
        if st != 200:
            raise SystemExit("stopping: %r" % (r,))
        plan[(period, hn["id"])] = "on_time"
        st, r, _ = hanoi_ok.request("POST", "/api/v1/reports/%d/approve" % r["id"],
                                    {"version": r["version"]})
        c.eq((st, r.get("status")), (200, "approved"), "Hà Nội's approver approves " + period)
        month = int(period[-2:])
        if month % 2 == 1:
            st, _, _ = hcmc.request("PUT", url(hcm), {"version": 0, "submit": True})
            c.eq(st, 200, "TP HCM submits on time " + period)
            plan[(period, hcm["id"])] = "on_time"
        st, sent, _ = cantho.request("PUT", url(ct), {"version": 0, "submit": True})
        c.eq(st, 200, "Cần Thơ submits " + period)
        plan[(period, ct["id"])] = "on_time"
        returned = "/api/v1/reports/%d/return" % sent["id"]
        st, r, _ = planner.request("POST", returned, {"version": sent["version"]})
        c.eq((st, r["error"]["code"]), (400, "comment_required"), "a return needs a reason")
        st, r, _ = planner.request("POST", returned, {"version": sent["version"],
                                                      "comment": "Thiếu số liệu lũy kế."})
        c.eq((st, r.get("status"), r.get("comment")), (200, "returned", "Thiếu số liệu lũy kế."),
             "the planner returns Cần Thơ's " + period)
        ct_version = r["version"]
        clock.set(deadline + dt.timedelta(days=3))
        st, r, _ = haiphong.request("PUT", url(hp), {"version": 0, "submit": True})
        c.eq(st, 200, "Hải Phòng submits late " + period)
        plan[(period, hp["id"])] = "late"
        if month % 2 == 0:
            st, _, _ = hcmc.request("PUT", url(hcm), {"version": 0, "submit": True})
            plan[(period, hcm["id"])] = "late"
        st, r, _ = cantho.request("PUT", url(ct), {"version": ct_version, "submit": True})
        c.eq((st, r.get("status"), r.get("late")), (200, "submitted", False),
             "Cần Thơ resubmits after the deadline and stays on time " + period)
    april = "%s/reports/r2/2012-M04/%d" % (base, hn["id"])
    _, approved, _ = hanoi.request("GET", april)
    v = approved["version"]
    st, r, _ = hanoi.request("PUT", april, {"version": v, "values": []})
    c.eq((st, r["error"]["code"]), (409, "report_locked"), "an approved report is locked")
    rid = approved["id"]
    st, r, _ = hanoi_ok.request("POST", "/api/v1/reports/%d/reopen" % rid, {"version": v})
    c.eq(st, 403, "the unit's own approver cannot reopen")
    st, r, _ = planner.request("POST", "/api/v1/reports/%d/reopen" % rid,
                               {"version": v, "comment": "Bổ sung số thực hiện."})
    c.eq((st, r.get("status")), (200, "returned"), "the planner (above) reopens it")

    # An estimate replaced by an actual keeps its history.
    clock.set(dt.date(2012, 5, 10))
    st, r, _ = hanoi.request("PUT", april, {
        "version": v + 1, "values": [{"target_id": jobs["id"], "kind": "actual", "value": 45500}]})
    c.eq((st, r.get("late")), (200, False), "the actual replaces the estimate, still on time")
    st, hist, _ = hanoi.request("GET", "/api/v1/reports/%d/history" % rid)
    jobs_hist = [(h["kind"], h["value"]) for h in hist["items"]
                 if h["target_id"] == jobs["id"] and h["scope"] == "period"]
    c.eq(jobs_hist, [("estimate", "45004"), ("actual", "45500")], "both vintages remain")

    # ── timeliness and completeness, computed here and by the server ──
    clock.set(dt.date(2013, 1, 10))
    st, t, _ = planner.request("GET", base + "/timeliness")
    c.eq(st, 200, "timeliness summary")
    units = 63 + len(depts)
    rows = {(r["obligation"], r["period"]["key"]): r["counts"] for r in t["periods"]}
    for period, deadline in monthly:
        received = [k for k in plan if k[0] == period]
        late = [k for k in received if plan[k] == "late"]
        want = {"expected": units, "received": len(received), "on_time": len(received) - len(late),
                "late": len(late), "missing": units - len(received), "pending": 0,
                "approved": 1 if period != "2012-M04" else 0,
                "returned": 1 if period == "2012-M04" else 0}
        got_counts = {k: rows[("r2", period)][k] for k in want}
        c.eq(got_counts, want, "timeliness of " + period)
    total_expected = len(schedule) * units
    c.eq((t["total"]["expected"], t["total"]["received"], t["total"]["late"]),
         (total_expected, len(plan), sum(1 for v in plan.values() if v == "late")),
         "year totals")
    hp_row = next(r for r in t["units"] if r["unit"]["id"] == hp["id"])["counts"]
    c.eq((hp_row["received"], hp_row["late"], hp_row["missing"]), (10, 10, len(schedule) - 10),
         "Hải Phòng: every monthly report late, the others missing")
    st, t_mid, _ = planner.request("GET", base + "/timeliness?period=2012-M06&as_of=2012-06-01")
    c.eq(t_mid["total"]["pending"], units, "as of 1/6, June's reports are not due yet")
    st, hn_t, _ = hanoi.request("GET", base + "/timeliness")
    c.eq(hn_t["total"]["expected"], len(schedule), "an editor's summary covers its unit")
    st, overdue, _ = planner.request("GET", base + "/reports/due?state=missing&unit=" +
                                     str(dn["id"]))
    c.eq(len(overdue["items"]), len(schedule), "Đà Nẵng: every report missing")

    # ── overdue tasks and the digest outbox ──
    st, tasks, _ = planner.request("GET", base + "/overdue-tasks?as_of=2012-04-15")
    c.true(st == 200 and any(t["deadline"] == "2012-03-31" for t in tasks["items"]),
           "tasks due in quarter I and not reported done are overdue on 15/4")
    st, d, _ = planner.request("POST", base + "/digest?as_of=2012-06-15&horizon=5")
    c.eq(st, 200, "the digest runs")
    c.true(d["queued"] >= 60, "one digest per unit with overdue or soon-due reports: %r" % d)
    st, d2, _ = planner.request("POST", base + "/digest?as_of=2012-06-15&horizon=5")
    c.eq(d2["queued"], 0, "running it twice queues nothing new")
    st, box, _ = admin.request("GET", "/api/v1/outbox")
    dn_msg = next(m for m in box["items"] if m["unit"]["id"] == dn["id"])
    c.true("Tháng 6/2012" in dn_msg["body"] and "quá hạn" in dn_msg["body"],
           "Đà Nẵng's digest lists its overdue and due-soon reports")
    st, _, _ = admin.request("POST", "/api/v1/outbox/%d/sent" % dn_msg["id"])
    c.eq(st, 204, "a sender marks a message sent")
    _, box2, _ = admin.request("GET", "/api/v1/outbox")
    c.eq(len(box2["items"]), len(box["items"]) - 1, "and it leaves the pending list")
    c.eq(viewer.request("GET", "/api/v1/outbox")[0], 403, "the outbox is for admins")

    dashboard(planner, hanoi, hanoi_ok, viewer, base, hn, hp, jobs, c)
    task_status(planner, hanoi, viewer, base, hn, hp, jobs, c)
    xlsx_round_trip(planner, hanoi, base, hn, jobs, domestic, abroad, parts[0], clock, c)
    references(planner, hanoi, base, "/api/v1/programs/%d" % pid_2011, hn, jobs, c)
    csv_values(hcmc, base, hcm, jobs, c)
    decree09(planner, c)
    allocations_xlsx(planner, base, jobs, rate, hp, c)
    bulk_load(planner, base, provinces, jobs, c)
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((st, v["ok"], v["problems"]), (200, True, []), "the audit chain is intact after the year")
    c.eq((v["reports_checked"], v["reports_bulk_loaded"]), (44, 11),
         "the 44 reports written through the forms are checked one by one, the 11 a bulk load "
         "wrote last are counted")
    _, log, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    actions = {e["action"] for e in log["items"]}
    c.true({"report.save", "report.submit", "report.approve", "report.return", "report.reopen",
            "allocation.replace", "outbox.digest", "outbox.sent"} <= actions,
           "every kind of write is audited: %s" % sorted(actions))
    openapi_covers_routes(admin, c)


def put_shapes(hanoi, march, jobs, c):
    """A body of the wrong shape: each bad element of "values" named with its index, a value
    that is not a number quoted as sent, nothing stored; a body that is not JSON refused."""
    j = jobs["id"]
    st, b, _ = hanoi.request("PUT", march, {"version": 0, "values": [
        5, {"kind": "estimate", "value": 1}, {"target_id": j, "scope": "year"},
        {"target_id": j, "kind": "guess"}, {"target_id": j, "value": "abc"},
        {"target_id": j, "value": [1, {"x": [2]}]}, [1, [2, {"y": 3}]], None,
        {"target_id": j, "other": {"deep": [1, 2]}, "value": 7, "kind": "estimate"}]})
    c.eq((st, b["error"]["code"]), (400, "invalid_fields"), "a body of the wrong shape is refused")
    c.eq([(d["field"], d["message"]) for d in b["error"]["details"]], [
        ("values[0]", "Phải là một đối tượng"),
        ("values[1].target_id", "Thiếu số hiệu chỉ tiêu"),
        ("values[2].scope", "Là period (trong kỳ) hoặc cumulative (lũy kế)"),
        ("values[3].kind", "Là plan (kế hoạch), estimate (ước) hoặc actual (thực hiện)"),
        ("values[%d].period" % j, 'Không phải là số: "abc"'),
        ("values[%d].period" % j, 'Không phải là số: [1,{"x":[2]}]'),
        ("values[6]", "Phải là một đối tượng"),
        ("values[7]", "Phải là một đối tượng")],
        "each bad element is named by its index; the last, with an unknown field, is fine")
    st, b, _ = hanoi.request("PUT", march, {"version": 0, "values": 3})
    c.eq([d["field"] for d in b["error"]["details"]], ["values"], "values that is not a list")
    st, b, _ = hanoi.request("PUT", march, b'{"version": 0, "values": [{"target_id": 1}',
                             "application/json")
    c.eq((st, b["error"]["code"]), (400, "malformed_json"), "a body cut short is not JSON")
    st, b, _ = hanoi.request(
        "PUT", march, b'{"values": [], "version": 0, "values": [{"target_id": %d, "value": "x"}]}' % j,
        "application/json")
    c.eq([d["field"] for d in b["error"]["details"]], ["values[%d].period" % j],
         "of a repeated key the last counts, as JSON readers do")
    st, b, _ = hanoi.request(
        "PUT", march, b'{"values": [{"target_id": %d, "value": "x"}], "values": 5, "version": 0}' % j,
        "application/json")
    c.eq([d["field"] for d in b["error"]["details"]], ["values"], "and the first is forgotten")


def report_id(client, url):
    _, form, _ = client.request("GET", url)
    return form["id"]


def xlsx_round_trip(planner, hanoi, base, hn, jobs, domestic, abroad, unemployed, clock, c):
    import openpyxl
    clock.set(dt.date(2012, 12, 10))
    url = "%s/reports/r3/2012-Q4/%d" % (base, hn["id"])
    st, data, resp = hanoi.request("GET", url + "/form.xlsx")
    c.eq(st, 200, "the .xlsx form downloads")
    c.true(resp.getheader("Content-Type").startswith("application/vnd.openxmlformats"),
           "as a spreadsheet")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Chỉ tiêu"]
    c.true(ws.protection.sheet, "the targets sheet is protected")
    c.true(ws["B7"].protection.locked and not ws["E7"].protection.locked,
           "names are locked, value cells are not")
    c.eq(ws["A7"].value, jobs["id"], "the first row is the jobs target")
    entered = {jobs["id"]: 160000, domestic["id"]: 150000, abroad["id"]: 10000, unemployed: 41000}
    for row in range(7, 11):
        ws.cell(row=row, column=5).value = entered[ws.cell(row=row, column=1).value]
        ws.cell(row=row, column=6).value = "Thực hiện"
    ws["G7"] = 480000
    ws["H7"] = "Ước thực hiện"
    tasks = wb["Nhiệm vụ"]
    tasks["D2"] = "Hoàn thành"
    tasks["E2"] = 100
    tasks["F2"] = "Đã trình Ủy ban nhân dân thành phố"
    wb["Thuyết minh"]["B2"] = "Năm 2012 tạo việc làm cho 160 nghìn lao động."
    good = io.BytesIO()
    wb.save(good)

    ws["E8"] = "mười nghìn"  # one bad cell
    bad = io.BytesIO()
    wb.save(bad)
    st, b, _ = hanoi.request("POST", "/api/v1/reports/upload", bad.getvalue(),
                             "application/octet-stream")
    c.eq((st, b["error"]["code"]), (400, "xlsx_cells_invalid"), "one bad cell refuses the file")
    c.eq([d["field"] for d in b["error"]["details"]], ["Chỉ tiêu!E8"], "naming that cell")
    _, form, _ = hanoi.request("GET", url)
    c.eq(form["version"], 0, "nothing of the refused file was stored")

    st, form, _ = hanoi.request("POST", "/api/v1/reports/upload?submit=1", good.getvalue(),
                                "application/octet-stream")
    c.eq((st, form.get("status")), (200, "submitted"), "the filled form uploads and submits")
    vals = {(v["target_id"], v["scope"]): (v["kind"], v["value"]) for v in form["values"]}
    c.eq(vals, {(jobs["id"], "period"): ("actual", "160000"),
                (domestic["id"], "period"): ("actual", "150000"),
                (abroad["id"], "period"): ("actual", "10000"),
                (unemployed, "period"): ("actual", "41000"),
                (jobs["id"], "cumulative"): ("estimate", "480000")},
         "exactly the values entered")
    c.eq([(p["status"], p["percent"], p["output"]) for p in form["task_progress"]],
         [("done", 100, "Đã trình Ủy ban nhân dân thành phố")], "the task progress entered")
    c.eq(form["narrative"]["results"], "Năm 2012 tạo việc làm cho 160 nghìn lao động.",
         "the narrative entered")
    st, b, _ = hanoi.request("POST", "/api/v1/reports/upload", good.getvalue(),
                             "application/octet-stream")
    c.eq((st, b["error"]["code"]), (409, "stale_version"),
         "the same file again is stale (the report moved on)")
    st, b, _ = hanoi.request("POST", "/api/v1/reports/upload", b"not a spreadsheet",
                             "application/octet-stream")
    c.eq((st, b["error"]["code"]), (400, "xlsx_invalid"), "a file that is not .xlsx is refused")


def dashboard(planner, hanoi, hanoi_ok, viewer, base, hn, hp, jobs, c):
    """The national picture from approved reports; an approval shows in the next query."""
    _, due, _ = planner.request("GET", base + "/reports/due?obligation=r2&unit=%d&state=approved"
                                % hn["id"])
    approved = 0
    for d in due["items"]:
        _, form, _ = planner.request("GET", "/api/v1/reports/%d" % d["report"]["id"])
        approved += sum(int(v["value"]) for v in form["values"]
                        if v["target_id"] == jobs["id"] and v["scope"] == "period")
    st, dash, _ = viewer.request("GET", base + "/dashboard?at=2013-01-10")
    c.eq(st, 200, "a leader opens the dashboard")
    row = next(t for t in dash["targets"] if t["target"]["id"] == jobs["id"])
    c.eq((row["current"], row["target_value"], row["months_elapsed"]),
         (approved, 1600000, 12), "jobs created: the sum of the approved monthly reports")
    c.eq(dash["headline"], "%d/%d chỉ tiêu đúng tiến độ" % (dash["headline_counts"]["on_track"],
                                                             len(dash["targets"])), "a headline")
    c.eq(row["status"], "off_track", "45 thousand of 1.6 million is off track")
    # The target's state (issue 16) says why it stands where it does.
    c.true(row["state"] in ("incomplete", "off_track") and row["why"],
           "the target's state says why: %r" % row.get("why"))
    c.eq(sum(dash["headline_counts"][s] for s in ("on_track", "at_risk", "off_track",
                                                  "incomplete", "not_measurable")),
         len(dash["targets"]), "the headline counts add up to the targets")
    c.eq(dash["ranking"]["items"][0]["node"]["code"], "01", "Hà Nội ranks first on jobs")
    c.eq(len(dash["ranking"]["items"]), 63, "the ranking lists the 63 provinces of 2012")
    c.true(dash["reporting"]["counts"]["expected"] > 0, "with the reporting of the period")
    # Hà Nội's April report, reopened with an actual of 45 500, is submitted and approved again.
    april = "%s/reports/r2/2012-M04/%d" % (base, hn["id"])
    _, form, _ = hanoi.request("GET", april)
    st, form, _ = hanoi.request("PUT", april, {"version": form["version"], "submit": True})
    st, form, _ = hanoi_ok.request("POST", "/api/v1/reports/%d/approve" % form["id"],
                                   {"version": form["version"]})
    c.eq((st, form.get("status")), (200, "approved"), "April approved again")
    st, dash, _ = viewer.request("GET", base + "/dashboard?at=2013-01-10")
    row = next(t for t in dash["targets"] if t["target"]["id"] == jobs["id"])
    c.eq(row["current"], approved + 45500, "the approval shows in the next query")
    st, q, _ = planner.request("POST", "/api/v1/analytics/query", {
        "program_id": int(base.rsplit("/", 1)[1]), "targets": [jobs["id"]], "level": "province",
        "periods": ["2012-Q2", "2012-Y"], "at": "2012-12-31"})
    cells = {(x["period"], x["node"]["code"]): x["value"] for x in q.get("items", [])}
    c.eq((st, cells.get(("2012-Q2", "01")), cells.get(("2012-Q2", "31"))),
         (200, 45500 + 45005 + 45006, None), "figures per province and quarter")
    st, mine, _ = hanoi.request("GET", base + "/dashboard?at=2013-01-10")
    c.eq((st, mine["unit"]["code"]), (200, "01"), "an editor's dashboard is its province's")
    st, b, _ = hanoi.request("POST", "/api/v1/analytics/query", {
        "program_id": int(base.rsplit("/", 1)[1]), "unit": hp["id"], "periods": ["2012-Y"]})
    c.eq(st, 403, "another province's figures are out of an editor's scope")


def task_status(planner, hanoi, viewer, base, hn, hp, jobs, c):
    """Where the tasks stand: each lead unit's newest reported progress, overdue as the overdue
    list has it; the dashboard measured at one unit."""
    st, board, _ = planner.request("GET", base + "/task-status?as_of=2012-04-15")
    _, overdue, _ = planner.request("GET", base + "/overdue-tasks?as_of=2012-04-15")
    c.eq((st, sum(t["counts"]["overdue"] for t in board["items"])), (200, len(overdue["items"])),
         "the task board counts as many overdue (task, unit) pairs as the overdue list")
    c.true(all("leads" not in t for t in board["items"]), "the national board gives counts only")
    q3 = "%s/reports/r3/2012-Q3/%d" % (base, hn["id"])
    _, form, _ = hanoi.request("GET", q3)
    task = form["tasks"][0]["id"]
    st, r, _ = hanoi.request("PUT", q3, {"version": form["version"], "submit": True,
                                         "task_progress": [{"task_id": task,
                                                            "status": "in_progress", "percent": 60,
                                                            "output": "Đã ban hành kế hoạch"}]})
    c.eq((st, r.get("status")), (200, "submitted"), "Hà Nội reports a task 60% done in Q3")
    st, mine, _ = hanoi.request("GET", base + "/task-status?lead=%d" % hn["id"])
    lead = next(t for t in mine["items"] if t["task_id"] == task)["leads"]
    c.eq([(x["unit"]["code"], x["status"], x["percent"], x["period"], x["output"]) for x in lead],
         [("01", "in_progress", 60, "2012-Q3", "Đã ban hành kế hoạch")],
         "Hà Nội's board shows its newest progress on the task")
    c.eq([u["unit"]["code"] for u in mine["units"]], ["01"], "an editor's board is its unit's")
    st, one, _ = planner.request("GET", base + "/task-status?task=" + urllib.parse.quote(task))
    row = one["items"][0]
    states = {x["unit"]["code"]: x["status"] for x in row["leads"]}
    c.eq((len(one["items"]), states.get("01"), states.get("31")), (1, "in_progress", None),
         "one task's units: Hà Nội in progress, Hải Phòng never reported")
    c.eq((row["counts"]["total"], row["counts"]["states"]["not_reported"]),
         (len(row["leads"]), sum(1 for x in row["leads"] if x["status"] is None)),
         "its counts are those of its units")
    c.eq(hanoi.request("GET", base + "/task-status?lead=%d" % hp["id"])[0], 403,
         "another province's tasks are out of an editor's scope")
    # The dashboard measured at one unit is that unit's own.
    st, at_hn, _ = viewer.request("GET", base + "/dashboard?at=2013-01-10&unit=%d" % hn["id"])
    _, own, _ = hanoi.request("GET", base + "/dashboard?at=2013-01-10")
    row = lambda d: next(t for t in d["targets"] if t["target"]["id"] == jobs["id"])["current"]
    c.eq((st, at_hn["unit"]["code"], row(at_hn)), (200, "01", row(own)),
         "a leader's dashboard at Hà Nội shows what Hà Nội's own does")
    c.eq((at_hn["reporting"]["counts"]["expected"], at_hn["reporting"]["counts"]["received"]),
         (1, 1), "with Hà Nội's report of the period alone")
    c.eq(hanoi.request("GET", base + "/dashboard?unit=%d" % hp["id"])[0], 403,
         "an editor cannot look at another province's dashboard")


def references(planner, hanoi, base, base_2011, hn, jobs, c):
    """Values far from the same period last year or from the previous report are accepted and
    flagged for confirmation, naming the field and what they were compared with."""
    _, targets, _ = planner.request("GET", base_2011 + "/targets")
    jobs_2011 = next(t for t in targets["items"] if t["indicator"] == "Tạo việc làm")
    st, b, _ = planner.request("POST", base_2011 + "/bulk-values",
                               "obligation,period,unit,target_id,scope,kind,value\n"
                               "r3,2011-Q1,01,%d,period,actual,10000\n" % jobs_2011["id"],
                               "text/csv")
    c.eq((st, b.get("values")), (200, 1), "Hà Nội's first quarter of 2011 is loaded")
    q1 = "%s/reports/r3/2012-Q1/%d" % (base, hn["id"])
    field = "values[%d].period" % jobs["id"]
    st, r, _ = hanoi.request("PUT", q1, {"version": 0, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 45000}]})
    flags = [(w["field"], w["code"]) for w in r.get("warnings", [])]
    c.eq((st, flags), (200, [(field, "far_from_reference")]),
         "4.5 times the same quarter of 2011 is stored and flagged for confirmation")
    message = r["warnings"][0]["message"] if r.get("warnings") else ""
    c.true("cùng kỳ năm trước (Quý I/2011)" in message and "10.000" in message,
           "the flag says what it was compared with: %r" % message)
    st, r, _ = hanoi.request("PUT", q1, {"version": r["version"], "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 11000}]})
    c.eq((st, r["warnings"]), (200, []), "a value near last year's is not flagged")
    st, r, _ = hanoi.request("PUT", "%s/reports/r3/2012-Q2/%d" % (base, hn["id"]), {
        "version": 0, "values": [{"target_id": jobs["id"], "kind": "estimate", "value": 40000}]})
    c.true(st == 200 and [w["field"] for w in r["warnings"]] == [field]
           and "báo cáo kỳ trước (Quý I/2012)" in r["warnings"][0]["message"],
           "far from the unit's previous report: flagged, naming that report: %r" % (r,))


DECREE_09_PROGRAM = """CHƯƠNG TRÌNH CÔNG TÁC NĂM 2026
I. NHIỆM VỤ
1. Tạo việc làm cho 1.500 ngàn người.
II. TỔ CHỨC THỰC HIỆN
1. Giám đốc các Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố tổ chức thực hiện. Chế \
độ báo cáo tháng, quý, 6 tháng và năm thực hiện theo Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 \
của Chính phủ: số liệu chốt từ ngày 15 tháng trước đến ngày 14 tháng báo cáo; báo cáo gửi về \
Văn phòng Bộ chậm nhất 05 ngày làm việc sau ngày chốt số liệu.
"""


def decree09(planner, c):
    """A program whose regime follows Decree 09/2019: imported, stored and read back with its
    cut-off windows, deadlines five working days after each cut-off."""
    st, b, _ = planner.request("POST", "/api/v1/programs", DECREE_09_PROGRAM, "text/plain")
    c.eq(st, 201, "a Decree 09 program imports")
    pid = b["id"]
    st, _, _ = planner.request("POST", "/api/v1/programs/%d/publish" % pid)
    st, sched, _ = planner.request("GET", "/api/v1/programs/%d/schedule" % pid)
    monthly = next(o for o in sched["items"] if o["frequency"] == "monthly")
    c.eq((monthly["rule"], monthly["working_days_after_cutoff"]), ("decree09", 5),
         "the stored rule is Decree 09's, five working days")
    march = next(p for p in monthly["periods"] if p["key"] == "2026-M03")
    # Cut-off Saturday 14/3/2026; five working days: 16, 17, 18, 19, 20 March.
    c.eq((march["cutoff_start"], march["cutoff_end"], march["due"]),
         ("2026-02-15", "2026-03-14", "2026-03-20"), "March's window and deadline")
    c.eq(sorted(o["frequency"] for o in sched["items"]),
         ["annual", "monthly", "quarterly", "semiannual"], "one obligation per frequency")
    st, due, _ = planner.request("GET", "/api/v1/programs/%d/reports/due?period=2026-M03" % pid)
    c.eq((st, len(due["items"]), {d["due"] for d in due["items"]}), (200, 34, {"2026-03-20"}),
         "every one of the 34 provinces of 2026 owes March's report by 20/3")


def csv_values(client, base, unit, jobs, c):
    """A machine client reads a report's values as CSV and writes them back, naming the version
    it read; a bad line refuses the whole file."""
    url = "%s/reports/r3/2012-Q3/%d/values.csv" % (base, unit["id"])
    st, body, resp = client.request("GET", url)
    c.eq((st, resp.getheader("Content-Type"), resp.getheader("ETag")),
         (200, "text/csv; charset=utf-8", '"0"'), "the values of an empty report as CSV")
    rows = list(csv.reader(io.StringIO(body.decode())))
    c.eq(rows[0], ["target_id", "indicator", "unit_of_measure", "scope", "kind", "value", "note"],
         "the CSV header")
    c.eq([r[3] for r in rows[1:3]], ["period", "cumulative"],
         "one row per target and scope: %r" % rows[1:3])
    c.true(all(r[5] == "" for r in rows[1:]), "nothing reported yet")
    for r in rows[1:]:
        if r[0] == str(jobs["id"]):
            r[4], r[5] = "actual", "26000" if r[3] == "period" else "78000"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    text = out.getvalue()
    st, form, _ = client.request("PUT", url, text, "text/csv", {"If-Match": '"0"'})
    vals = {(v["target_id"], v["scope"], v["kind"]): v["value"] for v in form.get("values", [])}
    c.eq((st, form.get("version"), vals),
         (200, 1, {(jobs["id"], "period", "actual"): "26000",
                   (jobs["id"], "cumulative", "actual"): "78000"}),
         "the filled CSV is stored: exactly the values entered")
    st, b, _ = client.request("PUT", url, text, "text/csv", {"If-Match": '"0"'})
    c.eq((st, b["error"]["code"]), (409, "stale_version"), "a CSV naming an old version: 409")
    st, b, _ = client.request("PUT", url + "?version=1",
                              "target_id,scope,kind,value\n%d,period,actual,27000\n"
                              "%d,cumulative,actual,abc\n" % (jobs["id"], jobs["id"]), "text/csv")
    c.eq((st, b["error"]["code"], [d["field"] for d in b["error"]["details"]]),
         (400, "csv_invalid", ["line 3"]), "a bad line is named")
    st, body, resp = client.request("GET", url)
    c.true(resp.getheader("ETag") == '"1"' and ",26000," in body.decode(),
           "and nothing of that file was stored")
    st, form, resp = client.request("PUT", url, "target_id,scope,kind,value\n", "text/csv",
                                    {"If-Match": '"1"', "Prefer": "return=minimal"})
    c.eq((st, form.get("version"), "values" in form, resp.getheader("Preference-Applied")),
         (200, 2, False, "return=minimal"),
         "Prefer: return=minimal answers with the header of the report only")
    st, b, _ = client.request("PUT", url, "target_id,scope,kind,value\n", "text/csv")
    c.eq((st, b["error"]["code"]), (400, "version_required"), "a CSV write must name its version")
    # A note a spreadsheet would run as a formula (CSV injection) is written neutralised, and a
    # machine client that sends the downloaded file back stores the note as it was typed.
    formula = "=cmd|' /C calc'!A0"
    st, form, _ = client.request(
        "PUT", url + "?version=2", 'target_id,scope,kind,value,note\n%d,period,actual,27000,"%s"\n'
        % (jobs["id"], formula), "text/csv")
    c.eq((st, form.get("version")), (200, 3), "a note that looks like a formula is stored")
    st, body, resp = client.request("GET", url)
    text = body.decode()
    rows = list(csv.reader(io.StringIO(text)))
    c.eq([r[6] for r in rows[1:] if r[0] == str(jobs["id"]) and r[3] == "period"],
         ["'" + formula], "the CSV neutralises it with a leading apostrophe (OWASP)")
    st, form, _ = client.request("PUT", url, text, "text/csv", {"If-Match": resp.getheader("ETag")})
    notes = {(v["target_id"], v["scope"]): v["note"] for v in form.get("values", [])}
    c.eq((st, notes.get((jobs["id"], "period"))), (200, formula),
         "the downloaded CSV sent back stores the note as typed")


def allocations_xlsx(planner, base, jobs, rate, hp, c):
    """Allocations downloaded as a workbook, edited by a script and uploaded; a bad cell is
    named and refuses the file."""
    import openpyxl
    st, data, resp = planner.request("GET", base + "/allocations.xlsx")
    c.true(st == 200 and resp.getheader("Content-Type").startswith("application/vnd.openxml"),
           "the allocations download as a spreadsheet")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Giao chỉ tiêu"]
    c.eq([ws.cell(row=1, column=i).value for i in range(1, 7)],
         ["target_id", "indicator", "unit_of_measure", "unit", "unit_name", "value"], "its header")
    rows = {(ws.cell(row=r, column=1).value, ws.cell(row=r, column=4).value):
            ws.cell(row=r, column=6).value for r in range(2, ws.max_row + 1)
            if ws.cell(row=r, column=1).value is not None}
    c.eq((len(rows), rows.get((jobs["id"], "31"))), (66, 25000),
         "with every share stored (Hải Phòng's jobs: 25 000)")
    for r in range(2, ws.max_row + 1):
        if (ws.cell(row=r, column=1).value, ws.cell(row=r, column=4).value) == (jobs["id"], "31"):
            ws.cell(row=r, column=6).value = 27500
    free = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value is None)
    ws.cell(row=free, column=1).value = rate["id"]
    ws.cell(row=free, column=4).value = "31"
    ws.cell(row=free, column=6).value = "4,5"
    good = io.BytesIO()
    wb.save(good)
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws.cell(row=free + 1, column=1).value = rate["id"]
    ws.cell(row=free + 1, column=4).value = "99"
    ws.cell(row=free + 1, column=6).value = 3
    bad = io.BytesIO()
    wb.save(bad)
    st, b, _ = planner.request("PUT", base + "/allocations", bad.getvalue(), xlsx_type)
    c.eq((st, b["error"]["code"], [d["field"] for d in b["error"]["details"]]),
         (400, "allocation_invalid", ["Giao chỉ tiêu!D%d" % (free + 1)]),
         "an unknown unit is named by its cell, nothing stored")
    st, b, _ = planner.request("PUT", base + "/allocations", good.getvalue(), xlsx_type)
    c.eq(st, 200, "the edited workbook is accepted")
    got = {(a["target_id"], a["unit"]["code"]): a["value"] for a in b.get("items", [])}
    c.eq((got.get((jobs["id"], "31")), got.get((rate["id"], "31")), len(got)),
         ("27500", "4.5", 67), "the shares are exactly those entered")


def bulk_load(planner, base, provinces, jobs, c):
    rows = ["obligation,period,unit,target_id,scope,kind,value"]
    for p in provinces[:10]:
        rows.append("r3,2012-Q1,%s,%d,period,actual,%d" % (p["code"], jobs["id"], 1000))
    st, b, _ = planner.request("POST", base + "/bulk-values", "\n".join(rows) + "\n", "text/csv")
    c.eq((st, b.get("values")), (200, 10), "a bulk load of CSV values")
    st, b, _ = planner.request("POST", base + "/bulk-values",
                               rows[0] + "\nr3,2012-Q1,01,%d,period,actual,abc\n" % jobs["id"],
                               "text/csv")
    c.eq((st, [d["field"] for d in b["error"]["details"]]), (400, ["line 2"]),
         "a bad line is named")


def openapi_covers_routes(admin, c):
    missing, _ = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is described in openapi.json")


if __name__ == "__main__":
    main()
