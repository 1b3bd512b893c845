#!/usr/bin/env python3
"""Who reports what (issue 16, acceptance 3, the matrix's part) against the real binary on the
2012 program: the planner reads the matrix the binder proposed (II.1.1's document counts: Vụ
Pháp chế alone; jobs: the provinces, consolidated by Cục Việc làm), Hà Nội's forms ask only what
the matrix has Hà Nội report (no II.1.1 counts, no Quỹ's 600 tỷ), the planner changes the matrix
from 1/7/2012 (audited; March's form stays as it was, July's changes), a stale or wrong change is
refused with nothing stored, only planners change it, and the catalogue is read and edited.

usage: matrix_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import json

from harness import Client, PASSWORD, routes_missing_from_openapi, run_on_2012_program


def main():
    run_on_2012_program("matrix_test", dt.date(2012, 3, 20), run)


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hn = next(u for u in provinces["items"] if u["code"] == "01")
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=department")
    dept = {u["code"]: u for u in depts["items"]}
    pc, vl, kh = dept["PC"], dept["VL"], dept["KHTC"]

    def add_user(name, role, unit_id):
        st, _, _ = admin.request("POST", "/api/v1/users", {
            "username": name, "password": PASSWORD, "role": role, "unit_id": unit_id})
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl

    planner = add_user("kehoach", "planner", kh["id"])
    hanoi = add_user("hanoi.nhap", "editor", hn["id"])

    # ── the proposed matrix ──
    st, m, _ = planner.request("GET", base + "/responsibilities?at=2012-03-31")
    c.eq(st, 200, "the planner reads the matrix")
    rows = m["rows"]
    c.eq(m["revision"], 0, "nothing changed yet")
    c.true(all(r["section"].startswith(("I", "II", "III")) for r in rows), "rows are targets")
    keys = {col["key"] for col in m["columns"]}
    c.true({"group:province", "group:department"} <= keys, "the two groups are columns")
    docs = [r for r in rows if r["section"] == "II.1.1"]
    c.true(len(docs) >= 4, "II.1.1's document counts are rows (%d)" % len(docs))
    c.true(all([x["key"] for x in r["reporters"]] == ["unit:%d" % pc["id"]] for r in docs),
           "II.1.1's document counts: Vụ Pháp chế alone %s"
           % [[x["key"] for x in r["reporters"]] for r in docs])
    c.true(all(x["rule"] == "document_count" and x["source"] == "proposed"
               for r in docs for x in r["reporters"]), "by the rule document_count, proposed")
    jobs = [r for r in rows if r["indicator_code"] == "viec_lam"]
    c.eq(len(jobs), 1, "jobs is one target (I.1 and II.2.1 are one)")
    jobs = jobs[0] if jobs else {"reporters": [], "consolidator": None, "target_id": 0}
    c.true("group:province" in [x["key"] for x in jobs["reporters"]], "jobs: the provinces report")
    c.eq((jobs["consolidator"] or {}).get("unit_id"), vl["id"], "jobs: Cục Việc làm consolidates")
    fund = [r for r in rows if r["section"] == "II.9.4" and "600" in r["display_name"] + str(r)]
    c.true(all("group:province" not in [x["key"] for x in r["reporters"]] for r in fund),
           "the Quỹ's 600 tỷ: not the provinces")
    c.true(all(r["why_none"] for r in rows if not r["reporters"]),
           "a target without a reporter says why")

    # ── Hà Nội's forms ask what the matrix has it report ──
    march = "%s/reports/r2/2012-M03/%d" % (base, hn["id"])
    st, form, _ = hanoi.request("GET", march)
    c.eq(st, 200, "Hà Nội's March form")
    asked = {t["id"] for t in form.get("targets", [])}
    c.true(not any(r["target_id"] in asked for r in docs), "no II.1.1 document count on it")
    fund_ids = {r["target_id"] for r in rows if r["section"] == "II.9.4"
                and not any(x["key"] == "group:province" for x in r["reporters"])}
    c.true(not (fund_ids & asked), "no target only the Quỹ reports on it")
    c.true(jobs["target_id"] in asked, "the jobs target is on it")

    # ── a change from 1/7/2012: the provinces also report the first II.1.1 count ──
    doc = docs[0] if docs else {"target_id": 0, "reporters": []}
    change = {"revision": m["revision"], "effective_from": "2012-07-01", "rows": [
        {"target_id": doc["target_id"],
         "reporters": [{"key": "unit:%d" % pc["id"]}, {"key": "group:province",
                                                        "frequency": "monthly"}],
         "consolidator_unit_id": pc["id"]}]}
    st, b, _ = hanoi.request("PUT", base + "/responsibilities", change)
    c.eq((st, b.get("error", {}).get("code")), (403, "forbidden"), "an editor may not change it")
    wrong = dict(change, rows=[{"target_id": doc["target_id"],
                                "reporters": [{"key": "unit:abc"}]},
                               {"target_id": 99999999, "reporters": []}])
    st, b, _ = planner.request("PUT", base + "/responsibilities", wrong)
    c.eq((st, b["error"]["code"]), (400, "responsibility_invalid"), "a wrong change: 400")
    c.eq([d["field"] for d in b["error"]["details"]],
         ["rows[0].reporters[0].key", "rows[1].target_id"], "each wrong field named")
    st, after, _ = planner.request("PUT", base + "/responsibilities", change)
    c.eq(st, 200, "the planner changes the matrix from July")
    c.eq(after["revision"], m["revision"] + 1, "a new revision")
    st, b, _ = planner.request("PUT", base + "/responsibilities", change)
    c.eq((st, b["error"]["code"]), (409, "stale_revision"), "the same change again: stale")
    _, audit, _ = admin.request("GET", "/api/v1/audit?limit=500")
    entries = [e for e in audit["items"] if e["action"] == "responsibility.replace"]
    c.eq(len(entries), 1, "the change is audited once")
    c.true(entries and "2012-07-01" in json.dumps(entries[0]["after"]), "with its date")

    st, form, _ = hanoi.request("GET", march)
    c.true(doc["target_id"] not in {t["id"] for t in form["targets"]},
           "March's form stays as it was")
    july = "%s/reports/r2/2012-M07/%d" % (base, hn["id"])
    st, form, _ = hanoi.request("GET", july)
    c.eq(st, 200, "Hà Nội's July form")
    c.true(doc["target_id"] in {t["id"] for t in form.get("targets", [])},
           "July's form asks the count from Hà Nội")
    _, m_march, _ = planner.request("GET", base + "/responsibilities?at=2012-03-31")
    row = next(r for r in m_march["rows"] if r["target_id"] == doc["target_id"])
    c.eq([x["key"] for x in row["reporters"]], ["unit:%d" % pc["id"]],
         "the matrix read at March: as before")

    # ── the catalogue ──
    st, cat, _ = planner.request("GET", "/api/v1/indicators?issuer=" +
                                 "B%E1%BB%99%20Lao%20%C4%91%E1%BB%99ng%20-%20Th%C6%B0%C6%A1ng"
                                 "%20binh%20v%C3%A0%20X%C3%A3%20h%E1%BB%99i")
    c.eq(st, 200, "the Ministry's catalogue")
    items = {x["code"]: x for x in cat.get("items", [])}
    c.true("viec_lam" in items, "has viec_lam")
    vlam = items.get("viec_lam", {"id": 0})
    st, b, _ = hanoi.request("PATCH", "/api/v1/indicators/%d" % vlam["id"], {"name": "x"})
    c.eq(st, 403, "an editor may not edit it")
    st, b, _ = planner.request("PATCH", "/api/v1/indicators/%d" % vlam["id"],
                               {"aliases": ["tạo việc làm", "giải quyết việc làm", "việc làm mới"]})
    c.eq((st, b.get("aliases", [])[-1:]), (200, ["việc làm mới"]), "the planner adds an alias")
    st, b, _ = planner.request("PATCH", "/api/v1/indicators/%d" % vlam["id"],
                               {"aggregation": "median"})
    c.eq((st, b["error"]["code"]), (400, "indicator_invalid"), "an unknown aggregation: 400")
    st, b, _ = planner.request("PATCH", "/api/v1/indicators/999999", {"name": "x"})
    c.eq(st, 404, "an unknown indicator: 404")

    missing, _ = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is in openapi.json")


if __name__ == "__main__":
    main()
