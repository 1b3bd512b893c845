#!/usr/bin/env python3
"""A rate is a ratio of sums (issue 16's last gap) against the real binary on the 2012 program:
the urban unemployment rate (I.1 "4,3%", restated "dưới 4,3%" in II.2.1) has its two parts as
component targets (the unemployed and the urban labour force, catalogue indicators, never
targets of the program's own); a province's form asks those two, not the rate; provinces report
them for March and April and an approver approves; the national rate is then Σ unemployed /
Σ labour force × 100 over the provinces and months reported, not the mean of their rates, and a
province's own rate is its own ratio of sums likewise.

usage: rates_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt

from harness import Client, PASSWORD, run_on_2012_program

# (unemployed, labour force) by province code and month: rates of 2 %, 5 %, 1,5 % and 5 % in
# April, other ones in March, so that a mean of rates and the ratio of sums differ.
FIGURES = {
    "01": {"2012-M04": (60000, 3000000), "2012-M03": (66000, 3010000)},
    "79": {"2012-M04": (200000, 4000000), "2012-M03": (180000, 4050000)},
    "48": {"2012-M04": (9000, 600000), "2012-M03": (9900, 605000)},
    "31": {"2012-M04": (50000, 1000000), "2012-M03": (41000, 1002000)},
}


def main():
    run_on_2012_program("rates_test", dt.date(2012, 5, 20), run)


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    by_code = {u["code"]: u for u in provinces["items"]}
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=department")
    kh = next(u for u in depts["items"] if u["code"] == "KHTC")
    st, _, _ = admin.request("POST", "/api/v1/users", {
        "username": "kehoach", "password": PASSWORD, "role": "planner", "unit_id": kh["id"]})
    c.eq(st, 201, "a planner is created")
    planner = Client(port)
    c.eq(planner.login("kehoach")[0], 200, "the planner signs in")

    # ── the rate and its parts ──
    st, targets, _ = admin.request("GET", base + "/targets")
    c.eq(st, 200, "the program's targets")
    items = targets.get("items", [])
    rates = [t for t in items if t.get("indicator_code") == "that_nghiep_tt"]
    c.eq(len(rates), 1, "one urban unemployment rate (I.1 and II.2.1 are one target)")
    if not rates:
        return
    rate = rates[0]
    parts = {p["part"]: p for p in rate.get("ratio_of", [])}
    c.eq(sorted(parts), ["denominator", "numerator"], "the rate is the ratio of two parts")
    num, den = parts.get("numerator", {}), parts.get("denominator", {})
    c.eq((num.get("indicator_code"), num.get("unit"), num.get("role")),
         ("so_that_nghiep_tt", "người", "component"), "numerator: the unemployed, a component")
    c.eq((den.get("indicator_code"), den.get("unit"), den.get("role")),
         ("llld_tt", "người", "component"), "denominator: the urban labour force, a component")
    c.true(not any(t["id"] in (num.get("id"), den.get("id")) for t in items),
           "the parts are not listed among the program's targets")
    if not num or not den:
        return
    poverty = next((t for t in items if t.get("indicator_code") == "ty_le_ho_ngheo"), {})
    c.eq(sorted((p["indicator_code"], p["unit"]) for p in poverty.get("ratio_of", [])),
         [("so_ho_ngheo", "hộ"), ("tong_so_ho", "hộ")], "the poverty rate: poor / all households")
    _, programs, _ = admin.request("GET", "/api/v1/programs")
    count = next(p for p in programs["items"] if p["id"] == pid)["targets"]
    c.eq(count, len(items), "the program's count leaves the parts out (%d)" % count)

    # ── a province's form asks the two parts, not the rate ──
    def url(code, period):
        return "%s/reports/r2/%s/%d" % (base, period, by_code[code]["id"])
    st, form, _ = admin.request("GET", url("01", "2012-M03"))
    c.eq(st, 200, "Hà Nội's March form")
    asked = {t["id"]: t for t in form.get("targets", [])}
    c.true(rate["id"] not in asked, "the rate itself is not asked")
    c.true(num.get("id") in asked and den.get("id") in asked, "its two parts are")
    row = asked.get(num.get("id"), {})
    c.eq(((row.get("rate") or {}).get("id"), (row.get("rate") or {}).get("part"),
          (row.get("rate") or {}).get("scale"), row.get("additive"), row.get("national")),
         (rate["id"], "numerator", "100", False, None),
         "the unemployed's row names the rate it makes; a level, no national figure")

    # ── provinces report, the planner approves (four eyes: admin sent them) ──
    for code, months in FIGURES.items():
        for period, (unemployed, labour) in months.items():
            st, saved, _ = admin.request("PUT", url(code, period), {
                "version": 0, "submit": True,
                "values": [{"target_id": num["id"], "scope": "period", "value": str(unemployed)},
                           {"target_id": den["id"], "scope": "period", "value": str(labour)}]})
            c.eq((st, saved.get("status")), (200, "submitted"), "%s %s sent" % (code, period))
            if st != 200:
                continue
            st, done, _ = planner.request("POST", "/api/v1/reports/%d/approve" % saved["id"],
                                          {"version": saved["version"], "comment": ""})
            c.eq((st, done.get("status")), (200, "approved"), "%s %s approved" % (code, period))
    st, bad, _ = admin.request("PUT", url("30", "2012-M03"), {
        "version": 0, "values": [{"target_id": rate["id"], "scope": "period", "value": "4"}]})
    c.eq(st, 400, "the rate itself cannot be typed on a form that asks its parts")

    # ── the nation: Σ/Σ, not the mean of the provinces' rates ──
    all_u = sum(u for m in FIGURES.values() for u, _ in m.values())
    all_l = sum(lab for m in FIGURES.values() for _, lab in m.values())
    ratio = all_u / all_l * 100
    mean = sum(sum(u for u, _ in m.values()) / sum(lab for _, lab in m.values()) * 100
               for m in FIGURES.values()) / len(FIGURES)
    c.true(abs(ratio - mean) > 0.2, "the figures tell the two apart (%.3f vs %.3f)" % (ratio, mean))

    def figure(unit=None):
        q = base + "/dashboard?at=2012-04-30" + ("&unit=%d" % unit if unit else "")
        st, d, _ = admin.request("GET", q)
        c.eq(st, 200, "the dashboard " + q)
        return next((t for t in d.get("targets", []) if t["target"]["id"] == rate["id"]), {})

    nation = figure()
    c.true(nation.get("current") is not None and abs(nation["current"] - ratio) < 1e-6,
           "the national rate is Σ unemployed / Σ labour force × 100: %s, want %.6f (the mean "
           "of the provinces' rates would be %.6f)" % (nation.get("current"), ratio, mean))
    c.eq((nation.get("coverage") or {}).get("reported"), len(FIGURES),
         "coverage counts the provinces that reported its parts")
    c.eq(nation.get("state"), "incomplete", "59 provinces missing: incomplete, not off track")

    u, lab = map(sum, zip(*FIGURES["79"].values()))
    hcm = figure(by_code["79"]["id"])
    c.true(hcm.get("current") is not None and abs(hcm["current"] - u / lab * 100) < 1e-6,
           "Hồ Chí Minh's own rate is its ratio of sums: %s, want %.6f"
           % (hcm.get("current"), u / lab * 100))
    c.true(abs(u / lab * 100 - (5 + 180000 / 4050000 * 100) / 2) > 1e-3,
           "which is not the mean of its months' rates")


if __name__ == "__main__":
    main()
