#!/usr/bin/env python3
"""Forms people can fill in once a month (issue 16, point 4), against the real binary on the
rehearsal clock (10 June 2012), as Hà Nội's editor (the decision is of 27/2: its first monthly
report is March's):

- carried task progress: June's form starts from each task's newest progress in Hà Nội's
  earlier reports (April's, May's), saying which report it came from;
- period against cumulative: the first quarter's form has its cumulative equal to its period's;
  June's form gives May's cumulative to check with, and a cumulative that is not May's plus
  June's (113.018 against 10.315 + 95.000) is flagged with the numbers — by a check before
  saving and with the saved report — never refused;
- one form per unit and due date: June's form answers the second quarter's report due the same
  day; `"answer_paired": true` writes both in one transaction (the quarter's period value the
  three months' sum), and when the quarter cannot be written (a stale version) neither is.

usage: forms_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt

from harness import Client, PASSWORD, run_on_2012_program


def main():
    run_on_2012_program("forms_test", dt.date(2012, 6, 10), run)


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, units, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hanoi = next(u for u in units["items"] if u["code"] == "01")
    st, _, _ = admin.request("POST", "/api/v1/users", {"username": "hanoi.nhap", "password": PASSWORD,
                                                        "role": "editor", "unit_id": hanoi["id"]})
    c.eq(st, 201, "Hà Nội's editor is created")
    editor = Client(port)
    c.eq(editor.login("hanoi.nhap")[0], 200, "Hà Nội's editor signs in")

    def url(obligation, period):
        return "%s/reports/%s/%s/%d" % (base, obligation, period, hanoi["id"])

    st, jan, _ = editor.request("GET", url("r2", "2012-M04"))
    c.eq(st, 200, "April's form")
    people = next((t for t in jan["targets"] if t["unit"] == "người" and t["additive"]), None)
    rate = next((t for t in jan["targets"] if t["unit"] == "%"), None)
    c.true(people is not None, "the form has a target counted in people, additive")
    c.true(rate is not None and rate["additive"] is False, "a rate is not additive")
    if people is None:
        return
    tasks = [t["id"] for t in jan["tasks"]]
    c.true(len(tasks) >= 2, "the form has tasks")
    a, b = tasks[0], tasks[1]
    _, q1 = editor.request("GET", url("r3", "2012-Q1"))[:2]
    c.eq((q1["cumulative_references"]["role"], q1["cumulative_references"]["values"]), ("year_start", {}),
         "the first quarter: the year's first, its cumulative is its period's")
    c.eq(jan["cumulative_references"]["role"], None, "April: no March report to continue")
    c.eq(jan["paired"], None, "April ends no quarter")

    def values(period, cumulative):
        return [{"target_id": people["id"], "scope": "period", "value": period},
                {"target_id": people["id"], "scope": "cumulative", "value": cumulative}]

    st, r, _ = editor.request("PUT", url("r2", "2012-M04"), {
        "version": 0, "values": values(5000, 5000),
        "task_progress": [{"task_id": a, "status": "in_progress", "percent": 30, "output": "đã lập dự thảo"},
                          {"task_id": b, "status": "done", "percent": 100, "output": "đã ban hành"}]})
    c.eq((st, r.get("warnings")), (200, []), "April saved, nothing flagged")
    st, r, _ = editor.request("PUT", url("r2", "2012-M05"), {
        "version": 0, "values": values(5315, 10315),
        "task_progress": [{"task_id": a, "status": "in_progress", "percent": 50, "output": "đã lấy ý kiến"}]})
    c.eq((st, r.get("warnings")), (200, []), "May saved, its cumulative April's plus its own")

    # June starts from each task's newest progress, and from May's cumulative.
    st, mar, _ = editor.request("GET", url("r2", "2012-M06"))
    c.eq(st, 200, "June's form")
    carried = {t["task_id"]: t for t in mar["carried_tasks"]}
    c.eq((carried.get(a, {}).get("percent"), carried.get(a, {}).get("from", {}).get("label")),
         (50, "Tháng 5/2012"), "task a carried from May")
    c.eq((carried.get(b, {}).get("status"), carried.get(b, {}).get("from", {}).get("label")),
         ("done", "Tháng 4/2012"), "task b carried from April")
    refs = mar["cumulative_references"]
    c.eq((refs["role"], refs["source"], refs["values"].get(str(people["id"]))),
         ("previous_cumulative", "báo cáo kỳ trước (Tháng 5/2012)", "10315"), "June is checked against May's cumulative")
    paired = mar["paired"] or {}
    c.eq((paired.get("obligation", {}).get("key"), paired.get("period", {}).get("key"),
          paired.get("answers"), paired.get("due")),
         ("r3", "2012-Q2", True, mar["due"]), "June answers the second quarter's report, due the same day")

    # A cumulative that is not May's plus June's: flagged with the numbers, not refused.
    mismatch = "Lũy kế 113.018 khác lũy kế kỳ trước 10.315 + số trong kỳ 95.000 = 105.315; đề nghị kiểm tra lại."
    st, check, _ = editor.request("POST", url("r2", "2012-M06") + "/check",
                                  {"version": 0, "values": values(95000, 113018)})
    c.eq((st, check.get("ok")), (200, True), "the check accepts it")
    c.eq([(w["code"], w["message"]) for w in check.get("warnings", []) if w["code"] == "cumulative_mismatch"],
         [("cumulative_mismatch", mismatch)], "the check flags the cumulative with its numbers")

    # The quarter written meanwhile (version 1): a paired save naming version 0 stores neither.
    st, q, _ = editor.request("PUT", url("r3", "2012-Q2"), {"version": 0})
    c.eq((st, q.get("version")), (200, 1), "the quarter's report started by itself")
    body = {"version": 0, "values": values(95000, 105315), "answer_paired": True, "paired_version": 0,
            "task_progress": [{"task_id": a, "status": "in_progress", "percent": 70, "output": "đã trình Bộ"}],
            "narrative": {"results": "Quý II: tạo việc làm cho 105.315 người."}}
    st, r, _ = editor.request("PUT", url("r2", "2012-M06"), body)
    c.eq((st, r.get("error", {}).get("code")), (409, "stale_version"), "the quarter's stale version refuses both")
    c.true("Quý II/2012" in r.get("error", {}).get("message", ""), "the refusal names the quarter")
    _, mar_now, _ = editor.request("GET", url("r2", "2012-M06"))
    c.eq(mar_now["version"], 0, "June was not stored without its quarter")
    st, r, _ = editor.request("PUT", url("r2", "2012-M06"), dict(body, paired_version=None))
    c.eq((st, r.get("error", {}).get("code")), (400, "version_required"), "answer_paired needs paired_version")
    st, r, _ = editor.request("PUT", url("r3", "2012-Q2"), dict(body, version=1, paired_version=1))
    c.eq((st, r.get("error", {}).get("code")), (409, "no_paired_report"), "the quarter answers no other report")

    body["paired_version"] = 1
    st, r, _ = editor.request("PUT", url("r2", "2012-M06"), body)
    c.eq((st, r.get("version"), (r.get("paired") or {}).get("report", {}).get("version")), (200, 1, 2),
         "June and the quarter saved together")
    _, q, _ = editor.request("GET", url("r3", "2012-Q2"))
    qv = {(v["target_id"], v["scope"]): v["value"] for v in q["values"]}
    c.eq((qv.get((people["id"], "period")), qv.get((people["id"], "cumulative"))), ("105315", "105315"),
         "the quarter's period value is the three months' sum, its cumulative June's")
    c.eq([(t["task_id"], t["percent"]) for t in q["task_progress"]], [(a, 70)], "the tasks are copied")
    c.eq(q["narrative"]["results"], "Quý II: tạo việc làm cho 105.315 người.", "the narrative is copied")
    c.eq((q["paired"] or {}).get("period", {}).get("key"), "2012-M06", "the quarter's form names the month answering it")

    # A check of the pair: the quarter too, its refusals named as its.
    st, r, _ = editor.request("POST", url("r2", "2012-M06") + "/check", dict(body, version=1, paired_version=0))
    c.eq((st, r.get("error", {}).get("code")), (409, "stale_version"), "a check of the pair finds the quarter's stale version")
    st, r, _ = editor.request("POST", url("r2", "2012-M06") + "/check",
                              dict(body, version=1, paired_version=2, values=values(95000, 100000)))
    flagged = [(w["field"], w["code"]) for w in r.get("warnings", []) if w["code"] != "far_from_reference"]
    c.eq((st, r.get("ok"), flagged),
         (200, True, [("values[%d].cumulative" % people["id"], "cumulative_mismatch"),
                      ("paired.values[%d].cumulative" % people["id"], "period_exceeds_cumulative")]),
         "a check of the pair flags June's cumulative and the quarter's (its three months' 105.315 above it)")

    # Saved with the mismatch: accepted, flagged with the report for the approver.
    st, r, _ = editor.request("PUT", url("r2", "2012-M06"), {"version": 1, "values": values(95000, 113018)})
    c.eq((st, [w["message"] for w in r.get("warnings", []) if w["code"] == "cumulative_mismatch"]), (200, [mismatch]),
         "a mismatched cumulative is saved and flagged")

    # Both paired writes are in the log, the quarter's naming the month.
    _, log, _ = admin.request("GET", "/api/v1/audit?limit=500")
    saves = [e for e in log.get("items", []) if e["action"] == "report.save"
             and isinstance(e.get("after"), dict) and e["after"].get("answered_from")]
    c.eq([(e["after"].get("period"), e["after"].get("answered_from")) for e in saves],
         [("2012-Q2", "r2|2012-M06|%d" % hanoi["id"])], "the quarter's entry names the month it was answered from")


if __name__ == "__main__":
    main()
