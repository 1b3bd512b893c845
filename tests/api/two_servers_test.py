#!/usr/bin/env python3
"""Two servers on one database (two processes on one SQLite file, or two on one PostgreSQL
database): what one writes, the other shows at once. A server keeps what it built of a unit's
form (its targets with their shares, its tasks) and the reports' contents it read or wrote;
this test checks that nothing kept hides a change made through the other server — new shares,
a report saved there, a previous period's report that a far-from-last-period flag compares
with — and that a write based on a version the other server moved on is refused whole.

Then each server's dashboard follows the other's approvals and reopenings (issue 20: the change
sequence, LISTEN/NOTIFY on PostgreSQL, polled on SQLite) within 2 s; on PostgreSQL B's LISTEN
connection is killed and B still catches up; B is stopped while A approves and, restarted,
shows what A shows; a session ended on A is refused on B.

usage: two_servers_test.py BINARY sqlite|postgres
"""
import copy
import datetime as dt
import os
import re
import sys
import time

from harness import Check, Client, Database, PASSWORD, SEED_2012, Server, workplan


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    clock = os.path.join(db.tmp, "clock")
    with open(clock, "w") as f:  # 10/3/2012, 9:00 in Việt Nam: the March report is open
        f.write("2012-03-10T02:00:00Z")
    os.environ["WORKPLAN_CLOCK_FILE"] = clock
    servers = []
    try:
        out = workplan(binary, "import", SEED_2012, "--publish", "--db", db.url)
        pid = int(re.search(r"#(\d+)", out.stdout).group(1))
        for name, role, unit in (("kehoach", "planner", "KHTC"), ("hanoi.nhap", "editor", "01"),
                                 ("hanoi.duyet", "approver", "01"), ("quantri", "admin", "KHTC")):
            workplan(binary, "user", "add", name, "--role", role, "--unit", unit,
                     "--password-stdin", "--db", db.url, stdin=PASSWORD + "\n")
        servers = [Server(binary, db.url), Server(binary, db.url)]
        hanoi_a = run(servers[0].port, servers[1].port, pid, c)
        follow(binary, db, servers, pid, hanoi_a, c)
    finally:
        for s in servers:
            c.eq(s.stop(), 0, "SIGTERM stops the server cleanly")
        db.close()
    c.finish("two_servers_test[%s]" % backend)


def on(client, port):
    """The same signed-in user agent talking to another server (sessions live in the database)."""
    other = copy.copy(client)
    other.port = port
    return other


def run(port_a, port_b, pid, c):
    planner_a, hanoi_a = Client(port_a), Client(port_a)
    c.eq(planner_a.login("kehoach")[0], 200, "the planner signs in on server A")
    c.eq(hanoi_a.login("hanoi.nhap")[0], 200, "Hà Nội's editor signs in on server A")
    planner_b, hanoi_b = on(planner_a, port_b), on(hanoi_a, port_b)
    base = "/api/v1/programs/%d" % pid
    _, targets, _ = planner_a.request("GET", base + "/targets")
    targets = targets["items"]
    jobs = next(t for t in targets if t["indicator"] == "Tạo việc làm")
    domestic = next(t for t in targets if t["indicator"] == "Tạo việc làm trong nước")
    _, units, _ = planner_a.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hanoi = next(u for u in units["items"] if u["code"] == "01")
    march = "%s/reports/r2/2012-M03/%d" % (base, hanoi["id"])
    april = "%s/reports/r2/2012-M04/%d" % (base, hanoi["id"])

    def share(client, value, more=()):
        st, _, _ = client.request("PUT", base + "/allocations", {"items": [
            {"target_id": jobs["id"], "unit": "01", "value": value}, *more]})
        return st

    def allocated(form):
        row = next((t for t in form["targets"] if t["id"] == jobs["id"]), None)
        return row and row["allocated"]

    def value_of(form, target):
        return next((v["value"] for v in form["values"]
                     if v["target_id"] == target["id"] and v["scope"] == "period"), None)

    # Shares changed on B show in the form A built before.
    c.eq(share(planner_a, 50000, [{"target_id": domestic["id"], "unit": "01", "value": 45000}]),
         200, "A: the planner gives Hà Nội 50.000 jobs, 45.000 of them at home")
    st, form, _ = hanoi_a.request("GET", march)
    c.eq((st, allocated(form)), (200, "50000"), "A: the March form shows the share")
    c.eq(share(planner_b, 60000), 200, "B: the planner changes it to 60.000")
    _, form, _ = hanoi_a.request("GET", march)
    c.eq(allocated(form), "60000", "A: the form shows B's share at once")
    _, form, _ = hanoi_b.request("GET", april)
    c.eq(allocated(form), "60000", "B: and so does April's form")

    # A report saved on A, then on B: each server shows the other's newest.
    st, form, _ = hanoi_a.request("PUT", march, {"version": 0, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 4000}]})
    c.eq((st, form["version"], value_of(form, jobs)), (200, 1, "4000"), "A: March saved")
    st, form, _ = hanoi_b.request("GET", march)
    c.eq((st, form["version"], value_of(form, jobs)), (200, 1, "4000"), "B: shows A's save")
    st, form, _ = hanoi_b.request("PUT", march, {"version": 1, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 5000},
        {"target_id": domestic["id"], "kind": "estimate", "value": 4500}]})
    c.eq((st, form["version"]), (200, 2), "B: March saved again")
    _, form, _ = hanoi_a.request("GET", march)
    c.eq((form["version"], value_of(form, jobs), value_of(form, domestic)), (2, "5000", "4500"),
         "A: shows B's version, not the content it wrote itself")

    # A write based on the version B moved on is refused whole.
    st, b, _ = hanoi_a.request("PUT", march, {"version": 1, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 1}]})
    c.eq((st, b["error"]["code"]), (409, "stale_version"), "A: a write of version 1 is stale")
    _, form, _ = hanoi_b.request("GET", march)
    c.eq((form["version"], value_of(form, jobs)), (2, "5000"), "nothing of it was stored")

    # April on A is compared with March as B left it: 11.000 is more than twice 5.000 (B's)
    # though not twice 6.000.
    clock_path = os.environ["WORKPLAN_CLOCK_FILE"]
    with open(clock_path, "w") as f:
        f.write("2012-04-10T02:00:00Z")
    c.eq(hanoi_a.login("hanoi.nhap")[0], 200, "a month on, Hà Nội's editor signs in again")
    hanoi_b = on(hanoi_a, port_b)
    st, form, _ = hanoi_b.request("PUT", march, {"version": 2, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 6000}]})
    c.eq(st, 200, "B: March's jobs become 6.000")
    st, form, _ = hanoi_a.request("PUT", april, {"version": 0, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 11000}]})
    flags = [w["code"] for w in form.get("warnings", [])]
    c.eq((st, flags), (200, []), "A: April's 11.000 is not flagged against March's 6.000")
    st, form, _ = hanoi_a.request("PUT", april, {"version": 1, "values": [
        {"target_id": jobs["id"], "kind": "estimate", "value": 13000}]})
    flags = [w for w in form.get("warnings", []) if w["code"] == "far_from_reference"]
    c.true(st == 200 and len(flags) == 1 and "6.000" in flags[0]["message"],
           "A: 13.000 is flagged against March's 6.000 (B's last save): %s" % flags)
    return hanoi_a


def follow(binary, db, servers, pid, hanoi_a, c):
    """Issue 20: approvals, reopenings and what a stopped server missed reach the other's
    dashboard within 2 s; every step ends with the two dashboards alike."""
    port_a = servers[0].port
    approver_a, planner_a, admin_a = Client(port_a), Client(port_a), Client(port_a)
    c.eq(approver_a.login("hanoi.duyet")[0], 200, "Hà Nội's approver signs in on A")
    c.eq(planner_a.login("kehoach")[0], 200, "the planner signs in on A")
    c.eq(admin_a.login("quantri")[0], 200, "the administrator signs in on A")
    base = "/api/v1/programs/%d" % pid
    _, units, _ = planner_a.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hanoi = next(u for u in units["items"] if u["code"] == "01")
    march = "%s/reports/r2/2012-M03/%d" % (base, hanoi["id"])
    dashboard = base + "/dashboard?at=2012-04-10"

    def figures(port):
        st, body, _ = on(planner_a, port).request("GET", dashboard)
        return body if st == 200 else ("status", st, body)

    def alike(what, before=None):
        """Waits (at most 2 s) for B's dashboard to be A's; checks that it moved from `before`
        when given. Returns A's."""
        want = figures(port_a)
        if before is not None:
            c.true(want != before, "A: %s moves the dashboard" % what)
        deadline = time.monotonic() + 2.0
        got = figures(servers[1].port)
        while got != want and time.monotonic() < deadline:
            time.sleep(0.05)
            got = figures(servers[1].port)
        c.true(got == want, "B: %s shows on B's dashboard within 2 s" % what)
        return want

    def head(period="2012-M03"):
        _, form, _ = hanoi_a.request("GET", "%s/reports/r2/%s/%d" % (base, period, hanoi["id"]))
        return form["id"], form["version"]

    def act(action, rid, version):
        body = {"version": version}
        if action == "reopen":
            body["comment"] = "Mở lại để sửa số liệu."
        # Hà Nội's approver approves; only a unit above it reopens: the planning department.
        who = approver_a if action == "approve" else planner_a
        st, b, _ = who.request("POST", "/api/v1/reports/%d/%s" % (rid, action), body)
        c.eq(st, 200, "A: %s the report (%s)" % (action, b if st != 200 else ""))

    # B has answered the dashboard before: its answer is kept there.
    start = alike("the start")
    rid, version = head()
    st, _, _ = hanoi_a.request("PUT", march, {"version": version, "submit": True})
    c.eq(st, 200, "A: Hà Nội submits March")
    submitted = alike("a submission")
    act("approve", rid, version + 1)
    approved = alike("an approval", submitted)
    c.true(approved != start, "the approval changes what the dashboard shows")
    act("reopen", rid, version + 2)
    reopened = alike("a reopening", approved)

    if db.backend == "postgres":
        # B's LISTEN connection killed (A's too): what A approves meanwhile is caught up.
        killed = db.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         "WHERE application_name = 'workplan-listen' AND datname = '%s'" % db.name)
        c.eq(killed, "2", "both servers' LISTEN connections are killed")
        rid, version = head()
        st, _, _ = hanoi_a.request("PUT", march, {"version": version, "submit": True})
        act("approve", rid, version + 1)
        alike("an approval after B's LISTEN connection was lost", reopened)
        act("reopen", rid, version + 2)
        reopened = alike("a reopening after it", None)
        st, m, _ = on(admin_a, servers[1].port).request("GET", "/metrics")
        text = m.decode() if isinstance(m, bytes) else str(m)
        lag = re.search(r"^workplan_changes_lag (\d+)$", text, re.M)
        c.true(st == 200 and lag is not None and lag.group(1) == "0",
               "B's /metrics: the change sequence lag is 0 (%s)" % (lag and lag.group(0)))

    # B stopped while A approves April and March; restarted, it shows what A shows.
    c.eq(servers[1].stop(), 0, "B stops")
    rid, version = head()
    st, _, _ = hanoi_a.request("PUT", march, {"version": version, "submit": True})
    act("approve", rid, version + 1)
    april_id, april_version = head("2012-M04")
    st, _, _ = hanoi_a.request("PUT", "%s/reports/r2/2012-M04/%d" % (base, hanoi["id"]),
                               {"version": april_version, "submit": True})
    act("approve", april_id, april_version + 1)
    servers[1] = Server(binary, db.url)
    alike("what A approved while B was stopped", reopened)

    # A session ended on A is refused on B at once (sessions live in the database).
    hanoi_b = on(hanoi_a, servers[1].port)
    c.eq(hanoi_b.request("GET", march)[0], 200, "B: Hà Nội's editor's session works on B")
    c.eq(hanoi_a.request("DELETE", "/api/v1/session")[0] in (200, 204), True,
         "A: Hà Nội's editor signs out")
    c.eq(hanoi_b.request("GET", march)[0], 401, "B: the ended session is refused")


if __name__ == "__main__":
    main()
