#!/usr/bin/env python3
"""Amendments of the published 2012 program (issue 18) against the real binary: on 20/6/2012
Cục Việc làm, which consolidates the jobs target, proposes raising it from 1.600.000 to
1.650.000 from 1/7/2012 (Hà Nội, which only reports it, may not: 403 not_your_item; a mention
of the target is named as such: 400 amendment_on_mention); approving it before the planning
department forwards it is refused (409 amendment_not_forwarded); kehoach forwards it with an
opinion; a Thứ trưởng without a delegation may not approve (403 no_delegation), nor an admin
(403); the Minister approves → version 2 in GET /programs/{id}/versions; audit verify holds;
an UPDATE of amendment_changes by hand is named by audit verify; a task dropped from 1/3/2012,
inside a period already reported, is refused (409 period_already_reported); delegations are
granted and revoked by the Minister, not by a Thứ trưởng.

usage: amendments_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import sys

from harness import Client, PASSWORD, routes_missing_from_openapi, run_on_2012_program, workplan


def main():
    run_on_2012_program("amendments_test", dt.date(2012, 6, 20), run)


def code(body):
    return body.get("error", {}).get("code") if isinstance(body, dict) else None


def rows_of(db, sql):
    """The first column of `sql`'s rows, as text, on either backend."""
    out = db.execute(sql)
    if isinstance(out, str):
        return [line for line in out.splitlines() if line]
    return [str(r[0]) for r in out]


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hn = next(u for u in provinces["items"] if u["code"] == "01")
    _, depts, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=department")
    dept = {u["code"]: u for u in depts["items"]}
    vl, kh = dept["VL"], dept["KHTC"]

    def add_user(name, role, unit_id=None, title=None):
        body = {"username": name, "password": PASSWORD, "role": role}
        if unit_id is not None:
            body["unit_id"] = unit_id
        if title is not None:
            body["title"] = title
        st, b, _ = admin.request("POST", "/api/v1/users", body)
        c.eq(st, 201, "create %s: %r" % (name, b))
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl, b

    # A leader needs a title, and only a leader has one.
    st, b, _ = admin.request("POST", "/api/v1/users", {"username": "x.leader", "password": PASSWORD,
                                                        "role": "leader"})
    c.eq((st, code(b), [d.get("field") for d in b.get("error", {}).get("details", [])]),
         (400, "invalid_user", ["title"]), "a leader without a title is refused")
    st, b, _ = admin.request("POST", "/api/v1/users", {"username": "x.viewer", "password": PASSWORD,
                                                        "role": "viewer", "title": "Bộ trưởng"})
    c.eq((st, code(b)), (400, "invalid_user"), "a viewer with a title is refused")

    planner, _ = add_user("kehoach", "planner", kh["id"])
    vieclam, _ = add_user("vieclam", "editor", vl["id"])
    hanoi, _ = add_user("hanoi", "editor", hn["id"])
    minister, m_user = add_user("bo.truong", "leader", title="Bộ trưởng")
    deputy, d_user = add_user("thu.truong", "leader", title="Thứ trưởng")
    c.eq((m_user.get("role"), m_user.get("title")), ("leader", "Bộ trưởng"),
         "the Minister is a leader titled Bộ trưởng")
    st, me, _ = deputy.request("GET", "/api/v1/me")
    c.eq((st, me.get("title")), (200, "Thứ trưởng"), "the deputy reads its own title")

    # A leader reads as a viewer without a unit and writes no report.
    st, _, _ = minister.request("GET", base + "/dashboard")
    c.eq(st, 200, "the Minister opens the dashboard")
    st, b, _ = minister.request("PUT", "%s/reports/r2/2012-M05/%d" % (base, hn["id"]),
                                {"version": 0})
    c.eq(st, 403, "a leader writes no report: %r" % (b,))

    st, m, _ = planner.request("GET", base + "/responsibilities?at=2012-06-30")
    jobs = [r for r in m.get("rows", []) if r["indicator_code"] == "viec_lam"]
    c.eq(len(jobs), 1, "the jobs target")
    jobs_id = jobs[0]["target_id"] if jobs else 0
    raise_jobs = {"effective_from": "2012-07-01",
                  "reason": "Nhu cầu tuyển dụng của doanh nghiệp tăng mạnh từ quý III",
                  "changes": [{"kind": "target_value", "locator": "target:%d" % jobs_id,
                               "value": "1.650.000"}]}

    # ── who may propose it ──
    st, b, _ = hanoi.request("POST", base + "/amendments", raise_jobs)
    c.eq((st, code(b)), (403, "not_your_item"),
         "Hà Nội, which reports jobs but does not consolidate them, may not propose")
    mention = rows_of(db, "SELECT id FROM targets WHERE program_id = %d AND indicator_code = "
                          "'viec_lam' AND mention_of_ord IS NOT NULL ORDER BY id" % pid)
    c.true(len(mention) >= 1, "the jobs target has a mention (I.1 restated in II.2.1)")
    if mention:
        on_mention = dict(raise_jobs, changes=[{"kind": "target_value",
                                                 "locator": "target:" + mention[0],
                                                 "value": "1.650.000"}])
        st, b, _ = vieclam.request("POST", base + "/amendments", on_mention)
        details = b.get("error", {}).get("details", [])
        c.eq((st, code(b), [d.get("message") for d in details]),
             (400, "amendment_on_mention", ["target:%d" % jobs_id]),
             "a mention's row is named as a mention of its target")
    st, b, _ = vieclam.request("POST", base + "/amendments",
                               dict(raise_jobs, effective_from="2013-02-01"))
    c.eq((st, code(b)), (400, "amendment_invalid"), "a date outside 2012 is refused")
    st, b, _ = vieclam.request("POST", base + "/amendments", dict(raise_jobs, reason=""))
    c.eq((st, code(b)), (400, "amendment_invalid"), "a reason is required")
    st, b, _ = minister.request("POST", base + "/amendments", raise_jobs)
    c.eq(st, 403, "a leader does not propose")

    st, a, _ = vieclam.request("POST", base + "/amendments", dict(raise_jobs, submit=True))
    c.eq((st, a.get("status")), (201, "submitted"), "Cục Việc làm proposes and sends: %r" % (a,))
    aid = a.get("id", 0)
    change = (a.get("changes") or [{}])[0]
    c.eq((change.get("before"), change.get("after"), change.get("value")),
         ("1.600.000 người", "1.650.000 người", "1650000"),
         "the change reads 1.600.000 → 1.650.000 on the program in force on 1/7")
    c.eq(a.get("unit", {}).get("id"), vl["id"], "for Cục Việc làm")
    st, seen, _ = hanoi.request("GET", "/api/v1/amendments/%d" % aid)
    c.eq(st, 404, "Hà Nội does not see another unit's pending proposal")
    st, seen, _ = deputy.request("GET", "/api/v1/amendments/%d" % aid)
    c.eq(st, 200, "a leader sees it")

    # ── its way to the Minister ──
    st, b, _ = minister.request("POST", "/api/v1/amendments/%d/approve" % aid,
                                {"version": a.get("version")})
    c.eq((st, code(b)), (409, "amendment_not_forwarded"),
         "approving before the planning department forwards it is refused")
    st, b, _ = vieclam.request("POST", "/api/v1/amendments/%d/forward" % aid,
                               {"version": a.get("version")})
    c.eq(st, 403, "the proposing unit does not forward its own proposal")
    st, f, _ = planner.request("POST", "/api/v1/amendments/%d/forward" % aid,
                               {"version": a.get("version"),
                                "comment": "Vụ KHTC đồng ý, đề nghị Lãnh đạo Bộ phê duyệt"})
    c.eq((st, f.get("status")), (200, "forwarded"), "kehoach forwards it: %r" % (f,))
    c.eq((f.get("forwarded") or {}).get("opinion"), "Vụ KHTC đồng ý, đề nghị Lãnh đạo Bộ phê duyệt",
         "with its opinion")
    st, b, _ = deputy.request("POST", "/api/v1/amendments/%d/approve" % aid,
                              {"version": f.get("version")})
    c.eq((st, code(b)), (403, "no_delegation"), "a Thứ trưởng without a delegation may not")
    st, b, _ = admin.request("POST", "/api/v1/amendments/%d/approve" % aid,
                             {"version": f.get("version")})
    c.eq(st, 403, "an admin never approves")
    st, b, _ = minister.request("POST", "/api/v1/amendments/%d/approve" % aid,
                                {"version": f.get("version") - 1})
    c.eq((st, code(b)), (409, "stale_version"), "an approval of an older version is refused")
    st, ok, _ = minister.request("POST", "/api/v1/amendments/%d/approve" % aid,
                                 {"version": f.get("version"),
                                  "decision_number": "1012/QĐ-LĐTBXH"})
    c.eq((st, ok.get("status"), ok.get("program_version")), (200, "approved", 2),
         "the Minister approves: version 2 (%r)" % (ok,))
    c.eq(((ok.get("decided") or {}).get("by") or {}).get("title"), "Bộ trưởng",
         "decided by the Minister")
    c.eq((ok.get("decided") or {}).get("decision_number"), "1012/QĐ-LĐTBXH",
         "with the amending decision's number")
    st, b, _ = minister.request("POST", "/api/v1/amendments/%d/approve" % aid,
                                {"version": ok.get("version")})
    c.eq((st, code(b)), (409, "amendment_closed"), "an approved amendment is closed")

    st, versions, _ = hanoi.request("GET", base + "/versions")
    items = versions.get("items", [])
    c.eq((st, [v["version"] for v in items]), (200, [1, 2]), "versions 1 and 2")
    if len(items) == 2:
        v2 = items[1]
        c.eq((v2["effective_from"], v2["amendment_id"], (v2["approved_by"] or {}).get("username"),
              [x["after"] for x in v2["changes"]], v2["reason"]),
             ("2012-07-01", aid, "bo.truong", ["1.650.000 người"], raise_jobs["reason"]),
             "version 2: from 1/7/2012, its amendment, the Minister, the change, the reason")
        c.eq((items[0]["effective_from"], items[0]["changes"]), ("2012-02-27", []),
             "version 1 is the published baseline")
    st, listed, _ = hanoi.request("GET", base + "/amendments")
    c.eq([x["id"] for x in listed.get("items", [])], [aid], "everyone sees an approved amendment")
    st, listed, _ = planner.request("GET", base + "/amendments?status=forwarded")
    c.eq(listed.get("items"), [], "none is waiting any more")

    # ── a change of the forms inside a reported period ──
    st, _, _ = hanoi.request("PUT", "%s/reports/r2/2012-M03/%d" % (base, hn["id"]),
                             {"version": 0, "submit": True})
    c.eq(st, 200, "Hà Nội sends its March report")
    st, b, _ = planner.request("POST", base + "/amendments", {
        "unit_id": vl["id"], "effective_from": "2012-03-01", "reason": "Không còn phù hợp",
        "changes": [{"kind": "task_drop", "locator": "task:II.2.1#1"}]})
    c.eq((st, code(b)), (409, "period_already_reported"),
         "a task dropped from 1/3/2012, inside a reported period, is refused: %r" % (b,))
    st, b, _ = planner.request("POST", base + "/amendments", {
        "unit_id": vl["id"], "effective_from": "2012-09-01", "reason": "Không còn phù hợp",
        "changes": [{"kind": "task_drop", "locator": "task:II.2.1#1"},
                    {"kind": "task_add", "locator": "section:II.2.1",
                     "value": "Tổ chức sàn giao dịch việc làm lưu động tại các khu công nghiệp"}]})
    c.eq((st, b.get("status")), (201, "draft"), "from 1/9 the same is a draft: %r" % (b,))

    # ── delegations ──
    st, b, _ = deputy.request("POST", "/api/v1/delegations", {
        "grantee_id": d_user.get("id"), "areas": ["II.2"], "valid_from": "2012-01-01"})
    c.eq((st, code(b)), (403, "not_minister"), "a Thứ trưởng does not delegate to itself")
    st, g, _ = minister.request("POST", "/api/v1/delegations", {
        "grantee_id": d_user.get("id"), "areas": ["II.3"], "valid_from": "2012-01-01"})
    c.eq((st, g.get("areas"), g.get("in_force")), (201, ["II.3"], True),
         "the Minister delegates II.3 to the deputy")
    st, b, _ = minister.request("POST", "/api/v1/delegations", {
        "grantee_id": d_user.get("id"), "areas": ["II"], "valid_from": "2012-01-01"})
    c.eq((st, code(b)), (400, "delegation_invalid"), "an area is a part-II section (II.2)")
    st, listed, _ = planner.request("GET", "/api/v1/delegations")
    c.eq((st, [x["grantee"]["username"] for x in listed.get("items", [])]), (200, ["thu.truong"]),
         "the planner reads the delegations")
    st, _, _ = hanoi.request("GET", "/api/v1/delegations")
    c.eq(st, 403, "a unit's editor does not")
    st, b, _ = minister.request("DELETE", "/api/v1/delegations/%d" % g.get("id", 0))
    c.eq((st, b.get("revoked")), (200, True), "the Minister revokes it")
    st, b, _ = minister.request("DELETE", "/api/v1/delegations/%d" % g.get("id", 0))
    c.eq((st, code(b)), (409, "delegation_revoked"), "once")

    # ── the audit ──
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((st, v.get("ok"), v.get("problems")), (200, True, []), "audit verify holds")
    c.eq((v.get("amendments_checked"), v.get("versions_checked")), (2, 2),
         "two amendments and two versions checked")
    st, log, _ = admin.request("GET", "/api/v1/audit?after=0")
    actions = [e["action"] for e in log.get("items", [])]
    for action in ("amendment.submit", "amendment.forward", "amendment.approve", "program.amend",
                   "amendment.save", "delegation.grant", "delegation.revoke"):
        c.true(action in actions, "audited: " + action)
    missing, _ = routes_missing_from_openapi(admin)
    c.eq(missing, [], "every route answered is described in openapi.json")

    db.execute("UPDATE amendment_changes SET after = '1.700.000 người' WHERE amendment_id = %d"
               % aid)
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    named = [p for p in v.get("problems", []) if "#%d" % aid in p and "điều chỉnh" in p]
    c.eq((st, v.get("ok"), len(named)), (200, False, 1),
         "an amendment's change edited by hand is named: %r" % v.get("problems"))
    out = workplan(sys.argv[1], "audit", "verify", "--db", db.url, check=False)
    c.true(out.returncode != 0 and ("#%d" % aid) in out.stderr + out.stdout,
           "workplan audit verify names it too: %r" % (out.stderr[-400:],))


if __name__ == "__main__":
    main()
