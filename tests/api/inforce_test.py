#!/usr/bin/env python3
"""What is in force on a date (issue 18) against the real binary on the 2012 program: Cục Việc
làm proposes raising the jobs target from 1.600.000 to 1.650.000 from 1/7/2012, Vụ Kế hoạch -
Tài chính forwards it, the Minister approves it (on 20/6). The dashboard at 30/6 still measures
against 1.600.000, at 31/12 against 1.650.000 (saying the published value and from when); the
baseline page shows the change with its reason, the proposing unit, who forwarded and who
approved it; the program's targets read as in force on ?at=; a section's lead handed to Hà Nội
from 1/9 puts its tasks on Hà Nội's September form, not on August's; and a second server on the
same database sees the approval at its next request.

usage: inforce_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import sys

from harness import Client, PASSWORD, Server, routes_missing_from_openapi, run_on_2012_program


def main():
    run_on_2012_program("inforce_test", dt.date(2012, 6, 20), run)


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    by_code = {u["code"]: u for u in provinces["items"]}
    hn = by_code["01"]
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=department")
    dept = {u["code"]: u for u in depts["items"]}
    vl, kh = dept["VL"], dept["KHTC"]

    def add_user(name, role, unit_id=None, title=None):
        body = {"username": name, "password": PASSWORD, "role": role}
        if unit_id is not None:
            body["unit_id"] = unit_id
        if title is not None:
            body["title"] = title
        st, _, _ = admin.request("POST", "/api/v1/users", body)
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl

    planner = add_user("kehoach", "planner", kh["id"])
    vieclam = add_user("vieclam", "editor", vl["id"])
    minister = add_user("bo.truong", "leader", title="Bộ trưởng")
    hanoi = add_user("hanoi.nhap", "editor", hn["id"])

    _, targets, _ = admin.request("GET", base + "/targets")
    jobs = next(t for t in targets["items"] if t.get("indicator_code") == "viec_lam")
    c.eq((jobs["value"], jobs["value_original"], jobs["changed_in"]), (1600000, 1600000, []),
         "as published: 1.600.000, no change")

    # Hà Nội's jobs of March to May (the decision is of 27/2), approved: the figure the
    # dashboard measures.
    for month in range(3, 6):
        period = "2012-M%02d" % month
        st, saved, _ = admin.request("PUT", "%s/reports/r2/%s/%d" % (base, period, hn["id"]), {
            "version": 0, "submit": True,
            "values": [{"target_id": jobs["id"], "scope": "period", "value": "60000"}]})
        c.eq((st, saved.get("status")), (200, "submitted"), "Hà Nội's %s sent" % period)
        if st == 200:
            st, done, _ = planner.request("POST", "/api/v1/reports/%d/approve" % saved["id"],
                                          {"version": saved["version"], "comment": ""})
            c.eq(st, 200, "Hà Nội's %s approved" % period)

    # A second server on the same database reads everything before the approval.
    other = Server(sys.argv[1], db.url)
    try:
        run_with_other(port, other.port, pid, base, c, admin, planner, vieclam, minister, hanoi,
                       jobs, hn, vl)
    finally:
        c.eq(other.stop(), 0, "the second server stops cleanly")
    missing, _ = routes_missing_from_openapi(admin)
    c.eq(sorted(r for r in missing if "baseline" in r), [], "the baseline route is described")


def on(client, port):
    other = Client(port)
    other.cookie, other.csrf = client.cookie, client.csrf
    return other


def run_with_other(port, port_b, pid, base, c, admin, planner, vieclam, minister, hanoi, jobs,
                   hn, vl):
    admin_b = on(admin, port_b)
    st, d, _ = admin_b.request("GET", base + "/dashboard?at=2012-12-31")
    c.eq(st, 200, "server B's dashboard before the approval")
    row = next((t for t in d.get("targets", []) if t["target"]["id"] == jobs["id"]), {})
    c.eq(row.get("target_value"), 1600000, "server B: 1.600.000 before the approval")
    st, outline, _ = admin.request("GET", base + "/outline")
    section = next(s for s in outline["items"]
                   if s["number"].startswith("II.") and s["task_count"] > 0
                   and s["resolved_leads"] and all(
                       u["id"] != hn["id"] for r in s["resolved_leads"] for u in r["units"]))
    st, tasks, _ = admin.request("GET", base + "/tasks")
    moved = [t["id"] for t in tasks["items"] if t["id"].startswith(section["key"] + "#")]

    # ── the amendment: proposed, forwarded, approved ──
    change = {"effective_from": "2012-07-01", "submit": True,
              "reason": "Sáu tháng đầu năm đã tạo việc làm vượt tiến độ",
              "changes": [{"kind": "target_value", "locator": "target:%d" % jobs["id"],
                           "value": "1.650.000"}]}
    st, a, _ = vieclam.request("POST", base + "/amendments", change)
    c.eq(st, 201, "Cục Việc làm proposes the raise")
    st, a, _ = planner.request("POST", "/api/v1/amendments/%d/forward" % a["id"],
                               {"version": a["version"], "comment": "Đề nghị Lãnh đạo Bộ đồng ý"})
    c.eq(st, 200, "Vụ Kế hoạch - Tài chính forwards it")
    st, a, _ = minister.request("POST", "/api/v1/amendments/%d/approve" % a["id"],
                                {"version": a["version"], "decision_number": "512/QĐ-LĐTBXH"})
    c.eq((st, a.get("status")), (200, "approved"), "the Minister approves it")
    lead = {"effective_from": "2012-09-01", "submit": True,
            "reason": "Giao Hà Nội chủ trì thí điểm",
            "changes": [{"kind": "lead", "locator": "section:" + section["key"],
                         "value": "Hà Nội"}]}
    st, b, _ = planner.request("POST", base + "/amendments", dict(lead, unit_id=vl["id"]))
    c.eq(st, 201, "the planner proposes a lead change from 1/9")
    if st == 201:
        st, b, _ = planner.request("POST", "/api/v1/amendments/%d/forward" % b["id"],
                                   {"version": b["version"], "comment": ""})
        st, b, _ = minister.request("POST", "/api/v1/amendments/%d/approve" % b["id"],
                                    {"version": b["version"]})
        c.eq((st, b.get("status")), (200, "approved"), "the lead change is approved")

    # ── figures: against the target in force on the date ──
    st, d, _ = admin.request("GET", base + "/dashboard?at=2012-06-30")
    row = next(t for t in d["targets"] if t["target"]["id"] == jobs["id"])
    c.eq((row["target_value"], row["target_version"], row["target_from"]),
         (1600000, 1, None), "at 30/6: 1.600.000 (before its date)")
    st, d, _ = admin.request("GET", base + "/dashboard?at=2012-12-31")
    row = next(t for t in d["targets"] if t["target"]["id"] == jobs["id"])
    c.eq((row["target_value"], row["target_original"], row["target_version"],
          row["target_from"]), (1650000, 1600000, 2, "2012-07-01"),
         "at 31/12: 1.650.000, published 1.600.000, version 2 from 1/7")
    c.true(row["current"] is not None and abs(row["achievement"] - row["current"] / 1650000)
           < 1e-9, "achievement = current / 1.650.000 (%s)" % row.get("achievement"))
    c.true("(điều chỉnh từ 01/07/2012)" in row["explanation"], row["explanation"])
    c.eq(row["target"]["value"], "1650000", "the target shown is the one in force")

    # ── the program's targets on a date ──
    _, t, _ = admin.request("GET", base + "/targets?at=2012-03-01")
    one = next(x for x in t["items"] if x["id"] == jobs["id"])
    c.eq((one["value"], one["changed_in"]), (1600000, []), "targets?at=2012-03-01: 1.600.000")
    _, t, _ = admin.request("GET", base + "/targets?at=2012-08-01")
    one = next(x for x in t["items"] if x["id"] == jobs["id"])
    c.eq((one["value"], one["value_original"]), (1650000, 1600000),
         "targets?at=2012-08-01: 1.650.000, published 1.600.000")
    c.eq([(s["version"], s["effective_from"]) for s in one["changed_in"]], [(2, "2012-07-01")],
         "changed in version 2 from 1/7")
    st, bad, _ = admin.request("GET", base + "/targets?at=2012-13-01")
    c.eq(st, 400, "a date that is not one: 400")

    # ── the baseline ──
    st, bl, _ = admin.request("GET", base + "/baseline?at=2012-12-31")
    c.eq(st, 200, "the baseline at 31/12")
    item = next((i for i in bl.get("items", []) if i["locator"] == "target:%d" % jobs["id"]), {})
    step = (item.get("steps") or [{}])[0]
    c.eq((item.get("status"), step.get("reason"), (step.get("proposed_by") or {}).get("unit"),
          (step.get("forwarded_by") or {}).get("username"),
          (step.get("approved_by") or {}).get("username"),
          (step.get("approved_by") or {}).get("title"), step.get("effective_from"),
          step.get("decision_number")),
         ("changed", "Sáu tháng đầu năm đã tạo việc làm vượt tiến độ", vl["name"], "kehoach",
          "bo.truong", "Bộ trưởng", "2012-07-01", "512/QĐ-LĐTBXH"),
         "the change, its reason, Cục Việc làm, kehoach, the Minister, from 1/7")
    c.eq(bl.get("version_in_force"), 3, "both versions in force at 31/12")
    st, bl, _ = admin.request("GET", base + "/baseline?at=2012-06-30")
    c.eq((st, bl.get("version_in_force"), bl.get("items")), (200, 1, []),
         "nothing in force at 30/6")

    # ── a lead change moves the form's tasks of the periods after it ──
    def asked(period):
        st, form, _ = hanoi.request("GET", "%s/reports/r2/%s/%d" % (base, period, hn["id"]))
        c.eq(st, 200, "Hà Nội's form of " + period)
        return {t["id"] for t in form.get("tasks", [])}
    c.true(moved and not (set(moved) & asked("2012-M08")),
           "August: %s's tasks are not Hà Nội's" % section["key"])
    c.true(moved and set(moved) <= asked("2012-M09"),
           "September: Hà Nội leads %s's tasks %s" % (section["key"], moved))

    # ── server B sees it all at its next request ──
    st, d, _ = admin_b.request("GET", base + "/dashboard?at=2012-12-31")
    row = next((t for t in d.get("targets", []) if t["target"]["id"] == jobs["id"]), {})
    c.eq((row.get("target_value"), row.get("target_version")), (1650000, 2),
         "server B: 1.650.000 at its next request")
    _, t, _ = admin_b.request("GET", base + "/targets?at=2012-08-01")
    one = next(x for x in t["items"] if x["id"] == jobs["id"])
    c.eq(one["value"], 1650000, "server B's targets in force")
    hanoi_b = on(hanoi, port_b)
    st, form, _ = hanoi_b.request("GET", "%s/reports/r2/2012-M09/%d" % (base, hn["id"]))
    c.true(set(moved) <= {t["id"] for t in form.get("tasks", [])},
           "server B's September form asks Hà Nội the tasks it now leads")


if __name__ == "__main__":
    main()
