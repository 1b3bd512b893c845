#!/usr/bin/env python3
"""Trust in the reporting workflow against the real binary (issue 15): rights over a report
come from the place of the account's unit in the hierarchy at the report's date. The units
formed in the 2025 reorganisation (Hà Nội from 1/7/2025; the new Đà Nẵng, formed from Quảng Nam
and Đà Nẵng) read their predecessors' 2012 reports but are not above them: they cannot reopen
an approved one, while an approver of the Ministry (strictly above) can. Four eyes: whoever
submitted a report cannot approve it while the program's setting is on (its default); another
approver can, and the audit entry of the approval names both people.

usage: trust_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt

from harness import Client, PASSWORD, run_on_2012_program


def main():
    run_on_2012_program("trust_test", dt.date(2012, 3, 15), run)


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid

    def provinces(at):
        _, b, _ = admin.request("GET", "/api/v1/org-units?at=%s&kind=province" % at)
        return {u["code"]: u for u in b["items"]}

    old, new = provinces("2012-06-30"), provinces("2025-07-01")
    hn, dn, qn = old["01"], old["48"], old["49"]
    hn_new, dn_new = new["01"], new["48"]
    c.true(hn_new["id"] != hn["id"] and dn_new["id"] != dn["id"],
           "the 2025 units are other units than those of 2012")
    molisa = 1  # the Ministry of 2012, above every province then

    def add_user(name, role, unit_id):
        body = {"username": name, "password": PASSWORD, "role": role, "unit_id": unit_id}
        st, b, _ = admin.request("POST", "/api/v1/users", body)
        c.eq((st, b.get("unit_id")), (201, unit_id), "create " + name)
        cl = Client(port)
        c.eq(cl.login(name)[0], 200, name + " signs in")
        return cl

    hn_editor = add_user("hanoi.nhap", "editor", hn["id"])
    hn_approver = add_user("hanoi.duyet", "approver", hn["id"])
    qn_editor = add_user("quangnam.nhap", "editor", qn["id"])
    qn_approver = add_user("quangnam.duyet", "approver", qn["id"])
    hn_new_approver = add_user("hanoi2025.duyet", "approver", hn_new["id"])
    dn_new_approver = add_user("danang2025.duyet", "approver", dn_new["id"])
    ministry = add_user("bo.duyet", "approver", molisa)

    # The province's editor submits March, its approver approves.
    approved = {}
    for unit, editor, approver in ((hn, hn_editor, hn_approver), (qn, qn_editor, qn_approver)):
        url = "%s/reports/r2/2012-M03/%d" % (base, unit["id"])
        st, r, _ = editor.request("PUT", url, {"version": 0, "submit": True})
        c.eq((st, r.get("status")), (200, "submitted"), unit["name"] + " submits March")
        st, r, _ = approver.request("POST", "/api/v1/reports/%d/approve" % r["id"],
                                    {"version": r["version"]})
        c.eq((st, r.get("status")), (200, "approved"), unit["name"] + "'s approver approves")
        approved[unit["code"]] = (url, r["id"], r["version"])

    # Succession: the successors read their predecessors' reports…
    for who, name, code in ((hn_new_approver, "Hà Nội 2025", "01"),
                            (dn_new_approver, "the new Đà Nẵng", "49")):
        url, rid, version = approved[code]
        st, r, _ = who.request("GET", url)
        c.eq((st, r.get("status")), (200, "approved"), name + " reads its predecessor's report")
        st, _, _ = who.request("GET", "/api/v1/reports/%d/history" % rid)
        c.eq(st, 200, name + " reads its predecessor's report's history")
        # …but are not above them: no reopening, whatever their role.
        st, r, _ = who.request("POST", "/api/v1/reports/%d/reopen" % rid,
                               {"version": version, "comment": "Mở lại."})
        c.eq((st, r.get("error", {}).get("code")), (403, "forbidden"),
             name + "'s approver cannot reopen its predecessor's approved report")
        st, r, _ = who.request("GET", url)
        c.eq((r.get("status"), r.get("version")), ("approved", version), "it stays approved")

    # The unit's own approver cannot reopen either; the Ministry's (strictly above) can.
    url, rid, version = approved["01"]
    st, _, _ = hn_approver.request("POST", "/api/v1/reports/%d/reopen" % rid,
                                   {"version": version, "comment": "Mở lại."})
    c.eq(st, 403, "Hà Nội's own approver cannot reopen")
    st, r, _ = ministry.request("POST", "/api/v1/reports/%d/reopen" % rid,
                                {"version": version, "comment": "Bổ sung số thực hiện."})
    c.eq((st, r.get("status")), (200, "returned"), "the Ministry's approver reopens it")
    # The successor continues the open report of its predecessor where the workflow allows.
    st, r, _ = hn_new_approver.request("PUT", url, {"version": r.get("version", 0), "values": []})
    c.eq(st, 200, "Hà Nội 2025 continues the reopened report of the old Hà Nội")

    four_eyes(port, admin, base, pid, db, hn, hn_editor, hn_approver, ministry, c)


def four_eyes(port, admin, base, pid, db, hn, hn_editor, hn_approver, ministry, c):
    st, b, _ = admin.request("POST", "/api/v1/users",
                             {"username": "kehoach", "password": PASSWORD, "role": "planner"})
    c.eq(st, 201, "create the planner")
    planner = Client(port)
    c.eq(planner.login("kehoach")[0], 200, "the planner signs in")
    _, program, _ = planner.request("GET", base)
    c.eq(program.get("settings"), {"four_eyes": True}, "four eyes is on by default")

    # Hà Nội's approver saves April's report, submits it and tries to approve it himself.
    april = "%s/reports/r2/2012-M04/%d" % (base, hn["id"])
    st, r, _ = hn_approver.request("PUT", april, {"version": 0, "narrative": {"results": "Xong."}})
    c.eq(st, 200, "the approver saves April")
    st, r, _ = hn_approver.request("PUT", april, {"version": r["version"], "submit": True})
    c.eq((st, r.get("status")), (200, "submitted"), "the approver submits April himself")
    rid = r["id"]
    st, b, _ = hn_approver.request("POST", "/api/v1/reports/%d/approve" % rid,
                                   {"version": r["version"]})
    c.eq((st, b.get("error", {}).get("code")), (403, "four_eyes"),
         "who submitted a report cannot approve it")
    c.true("không được tự duyệt" in b.get("error", {}).get("message", ""),
           "the refusal says so in Vietnamese: %r" % b.get("error", {}).get("message"))
    # Another approver (above the unit) can, and the audit names both people.
    st, ok, _ = ministry.request("POST", "/api/v1/reports/%d/approve" % rid,
                                 {"version": r["version"]})
    c.eq((st, ok.get("status")), (200, "approved"), "another approver approves it")
    _, log, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    approvals = [e for e in log["items"]
                 if e["action"] == "report.approve" and e["entity_id"] == str(rid)]
    c.eq([(e["actor"], e["after"].get("approved_by"), e["after"].get("submitted_by"))
          for e in approvals], [("bo.duyet", "bo.duyet", "hanoi.duyet")],
         "the approval's audit entry names the approver and who submitted")

    # The setting is the planner's: not an editor's or an approver's.
    settings = base + "/settings"
    for who, name in ((hn_editor, "an editor"), (hn_approver, "an approver")):
        st, _, _ = who.request("PUT", settings, {"four_eyes": False})
        c.eq(st, 403, name + " cannot turn four eyes off")
    st, b, _ = planner.request("PUT", settings, {"four_eyes": "no"})
    c.eq((st, b.get("error", {}).get("code")), (400, "invalid_settings"), "a boolean is needed")
    st, b, _ = planner.request("PUT", settings, {"four_eyes": False})
    c.eq((st, b), (200, {"four_eyes": False}), "the planner turns four eyes off")
    _, program, _ = hn_editor.request("GET", base)
    c.eq(program.get("settings"), {"four_eyes": False}, "the program says so at once")

    # Off: the approver who submitted May approves it himself.
    may = "%s/reports/r2/2012-M05/%d" % (base, hn["id"])
    st, r, _ = hn_approver.request("PUT", may, {"version": 0, "submit": True})
    c.eq((st, r.get("status")), (200, "submitted"), "the approver submits May")
    st, r, _ = hn_approver.request("POST", "/api/v1/reports/%d/approve" % r["id"],
                                   {"version": r["version"]})
    c.eq((st, r.get("status")), (200, "approved"), "with four eyes off he may approve it")
    st, b, _ = planner.request("PUT", settings, {"four_eyes": True})
    c.eq((st, b), (200, {"four_eyes": True}), "the planner turns four eyes on again")

    _, log, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    changes = [(e["actor"], e["before"].get("four_eyes"), e["after"].get("four_eyes"))
               for e in log["items"] if e["action"] == "program.settings"]
    c.eq(changes, [("kehoach", True, False), ("kehoach", False, True)],
         "each change of the setting is audited with both states")
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((st, v.get("ok"), v.get("problems")), (200, True, []), "the audit verifies")
    # Four eyes turned off by hand, around the application, is seen.
    db.execute("UPDATE programs SET four_eyes = %s WHERE id = %d"
               % ("0" if db.backend == "sqlite" else "false", pid))
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.true(v.get("ok") is False and any("#%d" % pid in p for p in v.get("problems", [])),
           "audit verify names the program whose four eyes was turned off by hand: %r" % (v,))


if __name__ == "__main__":
    main()
