#!/usr/bin/env python3
"""Two servers on one database (two processes on one SQLite file, or two on one PostgreSQL
database): what one writes, the other shows at once. A server keeps what it built of a unit's
form (its targets with their shares, its tasks) and the reports' contents it read or wrote;
this test checks that nothing kept hides a change made through the other server — new shares,
a report saved there, a previous period's report that a far-from-last-period flag compares
with — and that a write based on a version the other server moved on is refused whole.

usage: two_servers_test.py BINARY sqlite|postgres
"""
import copy
import datetime as dt
import os
import re
import sys

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
        for name, role, unit in (("kehoach", "planner", "KHTC"), ("hanoi.nhap", "editor", "01")):
            workplan(binary, "user", "add", name, "--role", role, "--unit", unit,
                     "--password-stdin", "--db", db.url, stdin=PASSWORD + "\n")
        servers = [Server(binary, db.url), Server(binary, db.url)]
        run(servers[0].port, servers[1].port, pid, c)
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


if __name__ == "__main__":
    main()
