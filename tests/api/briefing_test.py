#!/usr/bin/env python3
"""The briefing pack of the monthly giao ban (issue 17), against the real binary on the rehearsal
clock (22 October 2012), the 2012 decision published, the jobs target shared out to the 63
provinces and ten months of figures loaded for them (six provinces far behind):

- one area per item of part II, in the decision's order, titled as the decision titles it; the
  jobs target (I.1, restated in II.2.1) on the page of II.2;
- every target's plan, figure and % of plan are the dashboard's at the same date, and the
  cover's headline counts and reporting panel too;
- at most three shortfalls per area, the largest gap to the expected pace first;
- the provinces lagging most on II.2's main target: the five furthest behind, in order, with
  the dashboard ranking's figures, none on pace;
- at most five overdue tasks per area, the longest overdue first, "quá hạn N ngày" counted from
  the deadline, and the area's total the overdue list's rows of its sections;
- a leader (viewer) reads it, a province's editor gets its province's, another province is out
  of scope; a bad date and an unknown program are refused with a Vietnamese message; the route
  is in openapi.json.

usage: briefing_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import json
import os

from harness import Client, PASSWORD, routes_missing_from_openapi, run_on_2012_program

TODAY = dt.date(2012, 10, 22)
LOW = {"02": 0.30, "04": 0.35, "06": 0.40, "08": 0.45, "10": 0.50, "11": 0.55}


def area_of(section):
    """"II.2.1" → "II.2"; "" outside part II."""
    parts = section.split(".")
    return ".".join(parts[:2]) if parts[0] == "II" and len(parts) > 1 else ""


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    provinces = provinces["items"]
    by_code = {u["code"]: u for u in provinces}

    def add_user(name, role, unit_id):
        st, _, _ = admin.request("POST", "/api/v1/users", {
            "username": name, "password": PASSWORD, "role": role, "unit_id": unit_id})
        c.eq(st, 201, "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl

    viewer = add_user("lanhdao", "viewer", None)
    hanoi = add_user("hanoi.nhap", "editor", by_code["01"]["id"])

    # The jobs target shared out (25 000 a province, Hà Nội the rest) and nine months loaded.
    _, targets, _ = admin.request("GET", base + "/targets")
    jobs = next(t for t in targets["items"] if t["indicator"] == "Tạo việc làm")
    shares = {p["code"]: 25000 for p in provinces}
    shares["01"] = 1600000 - 25000 * 62
    st, _, _ = admin.request("PUT", base + "/allocations", {"items": [
        {"target_id": jobs["id"], "unit": code, "value": v} for code, v in shares.items()]})
    c.eq(st, 200, "the jobs target is shared out to the provinces")
    rows = ["obligation,period,unit,target_id,scope,kind,value"]
    for code, share in shares.items():
        for month in range(3, 11):
            value = round(share * 0.1 * LOW.get(code, 1.0)) + (month if code not in LOW else 0)
            rows.append("r2,2012-M%02d,%s,%d,period,actual,%d" % (month, code, jobs["id"], value))
    st, b, _ = admin.request("POST", base + "/bulk-values", "\n".join(rows) + "\n", "text/csv")
    c.eq((st, b.get("values")), (200, len(rows) - 1), "ten months of figures loaded")

    at = TODAY.isoformat()
    st, brief, _ = viewer.request("GET", base + "/briefing?at=" + at)
    c.eq(st, 200, "a leader opens the briefing pack")
    if st != 200:
        return
    _, dash, _ = viewer.request("GET", base + "/dashboard?at=" + at)
    if os.environ.get("BRIEFING_DUMP"):
        with open(os.environ["BRIEFING_DUMP"], "w") as f:
            json.dump(brief, f, ensure_ascii=False, indent=1)
    _, outline, _ = viewer.request("GET", base + "/outline")
    sections = outline["items"] if isinstance(outline, dict) and "items" in outline else outline
    items_of_ii = []
    for s in sections:
        if area_of(s["number"]) == s["number"] and s["number"] not in [x[0] for x in items_of_ii]:
            items_of_ii.append((s["number"], s["title"]))

    # ── the cover ──
    c.eq(brief["at"], at, "the pack is of the date asked")
    c.eq(brief["headline_counts"], dash["headline_counts"], "the cover's counts are the dashboard's")
    c.eq(brief["headline"], dash["headline"], "and its headline")
    c.eq(brief["reporting"]["counts"], dash["reporting"]["counts"],
         "the reporting of the period is the dashboard's")
    c.eq(brief["reporting"]["text"], dash["reporting"]["text"], "with the same sentence")
    c.eq(brief["program"]["number"], "224/QĐ-LĐTBXH", "the program named on the cover")

    # ── one area per item of part II, in order ──
    areas = brief["areas"]
    of_ii = [(a["section"], a["title"]) for a in areas if a["section"].startswith("II.")]
    c.eq(of_ii, items_of_ii, "an area per item of part II, in order, with its title")
    c.true(len(of_ii) == 14, "the 2012 decision has 14 items in part II: %d" % len(of_ii))
    placed = {}
    for a in areas:
        for t in a["targets"]:
            c.true(t["target_id"] not in placed, "target %d on one page only" % t["target_id"])
            placed[t["target_id"]] = a["section"]
    c.eq(sorted(placed), sorted(t["target"]["id"] for t in dash["targets"]),
         "every target of the dashboard is on a page")
    c.eq(placed.get(jobs["id"]), "II.2", "jobs created (I.1, restated in II.2.1) is on II.2's page")
    # Section I's targets no item of part II restates go to the area their unit leads.
    code_of = {t["id"]: t.get("indicator_code") for t in targets["items"]}
    for code, area in (("ty_le_ho_ngheo", "II.7"), ("nha_tinh_nghia_xay_moi", "II.6"),
                       ("tuyen_moi_day_nghe", "II.5"), ("cai_nghien", "II.11"),
                       ("xkld", "II.3"), ("tre_em_dbkk_tro_giup", "II.9")):
        ids = [i for i, cd in code_of.items() if cd == code and i in placed]
        c.eq([placed[i] for i in ids], [area], "%s is on %s's page" % (code, area))
    c.true(all(a["section"].startswith("II.") for a in areas),
           "every target of section I finds its area of part II")

    # ── the figures are the dashboard's ──
    by_id = {t["target"]["id"]: t for t in dash["targets"]}
    for a in areas:
        for t in a["targets"]:
            d = by_id[t["target_id"]]
            c.eq((t["plan"], t["current"], t["achievement"], t["state"]),
                 (d["target_value"], d["current"], d["achievement"], d["state"]),
                 "target %d: plan, figure, %% of plan and state as the dashboard's"
                 % t["target_id"])
            c.eq(t["coverage"], d["coverage"], "target %d: the same coverage" % t["target_id"])

    # ── shortfalls ──
    for a in areas:
        gaps = [s["gap"] for s in a["shortfalls"]]
        c.true(len(gaps) <= 3, "%s: at most three shortfalls" % a["section"])
        c.eq(gaps, sorted(gaps, reverse=True), "%s: the largest shortfall first" % a["section"])
        for s in a["shortfalls"]:
            t = by_id[s["target_id"]]
            c.eq(s["achievement"], t["achievement"], "a shortfall's %% is the dashboard's")
            c.true(s["gap"] > 0 and s["text"].startswith("đạt "), "a shortfall says what it lacks")
            c.true(placed[s["target_id"]] == a["section"], "a shortfall of the area's targets")
    jobs_row = by_id[jobs["id"]]
    ii2 = next(a for a in areas if a["section"] == "II.2")
    share = jobs_row["expected"] / jobs_row["target_value"]
    c.true(jobs_row["achievement"] < share, "jobs is behind its pace (six provinces far behind)")
    mine = [s for s in ii2["shortfalls"] if s["target_id"] == jobs["id"]]
    c.eq(len(mine), 1, "jobs behind its pace is among II.2's shortfalls")
    for s in mine:
        c.eq(round(s["expected"], 9), round(share, 9), "its expected share of the year's plan")
        c.eq(round(s["gap"], 9), round(share - jobs_row["achievement"], 9), "what it lacks")

    # ── the provinces lagging most on II.2's main target ──
    c.eq(ii2["main_target"], jobs["id"], "II.2's main province-reported target is jobs")
    lagging = ii2["lagging_units"]
    c.eq([x["unit"]["code"] for x in lagging], ["02", "04", "06", "08", "10"],
         "the five provinces furthest behind, furthest first")
    _, ranked, _ = viewer.request("GET", base + "/dashboard?at=%s&target=%d" % (at, jobs["id"]))
    ranking = {r["node"]["code"]: r for r in ranked["ranking"]["items"]}
    for x in lagging:
        r = ranking[x["unit"]["code"]]
        c.eq((x["achievement"], x["pace"], x["current"]), (r["achievement"], r["pace"], r["current"]),
             "%s: the ranking's figures" % x["unit"]["code"])
        c.true((x["pace"] if x["pace"] is not None else x["achievement"]) < 1,
               "%s is behind its pace" % x["unit"]["code"])

    # ── the tasks overdue longest ──
    _, overdue, _ = viewer.request("GET", base + "/overdue-tasks?as_of=" + at)
    per_area = {}
    for o in overdue["items"]:
        key = area_of(o["section"]) or o["section"].split(".")[0]
        per_area[key] = per_area.get(key, 0) + 1
    c.true(sum(per_area.values()) > 0, "some tasks are overdue on 22/10/2012")
    for a in areas:
        listed = a["overdue_tasks"]
        c.eq(a["overdue_total"], per_area.get(a["section"], 0),
             "%s: its overdue tasks are the overdue list's rows of its sections" % a["section"])
        c.eq(len(listed), min(5, a["overdue_total"]), "%s: at most five listed" % a["section"])
        days = [x["days_overdue"] for x in listed]
        c.eq(days, sorted(days, reverse=True), "%s: the longest overdue first" % a["section"])
        for x in listed:
            due = dt.date.fromisoformat(x["deadline"])
            c.eq(x["days_overdue"], (TODAY - due).days, "days overdue counted from the deadline")
            c.eq(x["text"], "quá hạn %d ngày" % x["days_overdue"], "as the lead says it")
            c.true(x["what"] and x["lead"]["name"], "the task's text and its lead unit")
    pairs = sorted((a["section"], x["task_id"], x["lead"]["id"])
                   for a in areas for x in a["overdue_tasks"])
    c.eq(len(pairs), len(set(pairs)), "a task and lead listed once")
    n = sum(a["overdue_total"] for a in areas)
    c.eq(n, len(overdue["items"]), "every overdue row is counted on some page")

    # ── who reads it ──
    st, mine, _ = hanoi.request("GET", base + "/briefing?at=" + at)
    c.eq((st, (mine.get("unit") or {}).get("code")), (200, "01"),
         "a province's editor gets its province's pack")
    if st == 200:
        mine_targets = [t["target_id"] for a in mine["areas"] for t in a["targets"]]
        c.true(jobs["id"] in mine_targets, "with the targets Hà Nội reports")
    st, b, _ = hanoi.request("GET", base + "/briefing?at=%s&unit=%d" % (at, by_code["31"]["id"]))
    c.eq((st, b["error"]["code"]), (403, "out_of_scope"),
         "another province's pack is out of an editor's scope")
    st, b, _ = viewer.request("GET", base + "/briefing?at=31/12/2012")
    c.eq(st, 400, "a date not in YYYY-MM-DD is refused")
    c.true("message" in b.get("error", {}) and any(ch in b["error"]["message"] for ch in "àáạảãâăđêôơư"),
           "with a Vietnamese message: %r" % b)
    st, b, _ = viewer.request("GET", "/api/v1/programs/9999/briefing")
    c.eq(st, 404, "an unknown program")
    st, _, _ = Client(port).request("GET", base + "/briefing")
    c.eq(st, 401, "not signed in")
    missing, paths = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is in openapi.json")
    c.true("/api/v1/programs/{id}/briefing" in paths, "the briefing is described")


if __name__ == "__main__":
    run_on_2012_program("briefing_test", TODAY, run)
