#!/usr/bin/env python3
"""The access matrix (issue 15, point 1) against the real binary: every route of the server
(its /api/v1/openapi.json) × every role (admin, planner, editor, approver, viewer with a unit,
viewer without one, no session) × the scope of the data (a unit's own, one below the caller's,
one outside it, the caller's predecessor, its successor).

The data is always the old Hà Nội's (the unit of 2012, until 30/6/2025) in the 2012 program;
the scope is the caller's unit:
  own          the old Hà Nội itself
  below        the Ministry (the old Hà Nội lies below it in 2012)
  outside      Quảng Nam (of 2012)
  predecessor  the Hà Nội formed on 1/7/2025: the data is its predecessor's
  successor    Hà Tây (until 31/7/2008, then into Hà Nội): the data is its successor's

What each route should answer is data (EXPECTED below): who may, in which scope. A successor's
users read their predecessor's history and continue its open reports as the unit itself would
(save, submit, approve, return); nobody acts "from above" on it: a reopen needs a unit strictly
above. Each cell is run against the server with the report in the state the action needs; the
table of mismatches is printed, and a route the server has that the matrix does not cover fails
the test. A draft program's every part is tried by every cell too (the planners' alone; hidden
from the others as an unknown program), and the form's "reopen" button against the right to
reopen.

usage: access_matrix_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import io
import sys

from harness import Client, PASSWORD, SEED_2008, run_on_2012_program

SCOPES = ("own", "below", "outside", "predecessor", "successor")
# Roles acting for a unit are tried in every scope; the others once ("any").
UNIT_ROLES = ("editor", "approver", "viewer")
# "leader" (issue 18, Lãnh đạo Bộ, here the Minister): reads as "viewer-all" wherever a rule does
# not name it, writes no report, decides amendments.
OTHER_ROLES = ("admin", "planner", "viewer-all", "leader", "anon")

# Shorthands for the expectations: a role → the scopes in which it may (a set), or True (every
# scope, or the one cell of a role without a unit), or False.
SUCCESSION = {"own", "below", "predecessor"}  # the unit's own, above it, its successor
ANYONE = {"admin": True, "planner": True, "viewer-all": True, "anon": True,
          "editor": True, "approver": True, "viewer": True}
SIGNED_IN = dict(ANYONE, anon=False)
ADMIN = {"admin": True}
PLANNERS = {"admin": True, "planner": True}
# Reading a unit's data: those who see every unit, and the unit's own, above it, its successor.
READ_UNIT = {"admin": True, "planner": True, "viewer-all": True,
             "editor": SUCCESSION, "approver": SUCCESSION, "viewer": SUCCESSION}
WRITE_UNIT = {"admin": True, "planner": True, "editor": SUCCESSION, "approver": SUCCESSION}
DECIDE_UNIT = {"admin": True, "planner": True, "approver": SUCCESSION}
REOPEN_UNIT = {"admin": True, "planner": True, "approver": {"below"}}
# A unit's own paper (issue 17): written by those acting for the unit (itself, or its successor
# continuing it), not from above; issued by its approvers.
OWN_UNIT = {"own", "predecessor"}
WRITE_OWN = {"admin": True, "planner": True, "editor": OWN_UNIT, "approver": OWN_UNIT}
ISSUE_OWN = {"admin": True, "planner": True, "approver": OWN_UNIT}
# Issue 18: who proposes amendments (the unit's own editors and approvers, the planners), and who
# decides them (a leader, never an admin; false for every rule that does not name it).
PROPOSE = {"admin": True, "planner": True, "editor": True, "approver": True}
LEADER = {"leader": True, "viewer-all": False}

P = "/api/v1/programs/{id}"
R = P + "/reports/{obligation}/{period}/{unit}"
EXPECTED = {
    ("GET", "/healthz"): ANYONE,
    ("GET", "/readyz"): ANYONE,
    ("GET", "/metrics"): ADMIN,
    ("GET", "/api/v1/openapi.json"): ANYONE,
    ("POST", "/api/v1/session"): ANYONE,
    ("GET", "/api/v1/session"): SIGNED_IN,
    ("DELETE", "/api/v1/session"): SIGNED_IN,
    ("GET", "/api/v1/me"): SIGNED_IN,
    ("POST", "/api/v1/tokens"): SIGNED_IN,
    ("GET", "/api/v1/tokens"): SIGNED_IN,
    ("DELETE", "/api/v1/tokens/{id}"): SIGNED_IN,
    ("PUT", "/api/v1/me/password"): SIGNED_IN,
    ("POST", "/api/v1/password-reset"): ANYONE,
    ("PUT", "/api/v1/me/password"): SIGNED_IN,
    ("POST", "/api/v1/password-reset"): ANYONE,
    ("GET", "/api/v1/tokens"): SIGNED_IN,
    ("DELETE", "/api/v1/tokens/{id}"): SIGNED_IN,
    ("GET", "/api/v1/users"): ADMIN,
    ("POST", "/api/v1/users"): ADMIN,
    ("PATCH", "/api/v1/users/{id}"): ADMIN,
    ("POST", "/api/v1/users/{id}/deactivate"): ADMIN,
    ("POST", "/api/v1/users/{id}/activate"): ADMIN,
    ("POST", "/api/v1/users/{id}/password-reset"): ADMIN,
    ("PATCH", "/api/v1/users/{id}"): ADMIN,
    ("POST", "/api/v1/users/{id}/activate"): ADMIN,
    ("POST", "/api/v1/users/{id}/deactivate"): ADMIN,
    ("POST", "/api/v1/users/{id}/password-reset"): ADMIN,
    ("GET", "/api/v1/audit/verify"): ADMIN,
    ("GET", "/api/v1/audit"): ADMIN,
    ("GET", "/api/v1/org-units"): SIGNED_IN,
    ("GET", "/api/v1/org-units/{id}"): SIGNED_IN,
    ("GET", "/api/v1/programs"): SIGNED_IN,
    ("POST", "/api/v1/programs"): PLANNERS,
    ("POST", P + "/publish"): PLANNERS,
    ("PUT", P + "/settings"): PLANNERS,
    ("GET", P + "/corrections"): SIGNED_IN,
    ("POST", P + "/corrections"): PLANNERS,
    ("GET", P): SIGNED_IN,
    ("GET", P + "/source"): SIGNED_IN,
    ("GET", P + "/source.txt"): SIGNED_IN,
    ("GET", P + "/outline"): SIGNED_IN,
    ("GET", P + "/targets"): SIGNED_IN,
    ("GET", P + "/tasks"): READ_UNIT,  # ?lead= the unit
    ("GET", P + "/budgets"): SIGNED_IN,
    ("GET", P + "/deadlines"): SIGNED_IN,
    ("GET", P + "/obligations"): SIGNED_IN,
    ("GET", P + "/diagnostics"): SIGNED_IN,
    ("POST", "/api/v1/reports/upload"): WRITE_UNIT,
    ("GET", "/api/v1/reports/{id}"): READ_UNIT,
    ("PUT", "/api/v1/reports/{id}"): WRITE_UNIT,
    ("GET", "/api/v1/reports/{id}/history"): READ_UNIT,
    ("POST", "/api/v1/reports/{id}/submit"): WRITE_UNIT,
    ("POST", "/api/v1/reports/{id}/approve"): DECIDE_UNIT,
    ("POST", "/api/v1/reports/{id}/return"): DECIDE_UNIT,
    ("POST", "/api/v1/reports/{id}/reopen"): REOPEN_UNIT,
    ("GET", "/api/v1/outbox"): ADMIN,
    ("POST", "/api/v1/outbox/{id}/sent"): ADMIN,
    ("GET", P + "/reports/due"): READ_UNIT,  # the unit's rows are listed
    ("GET", R): READ_UNIT,
    ("PUT", R): WRITE_UNIT,
    ("POST", R + "/check"): WRITE_UNIT,
    ("GET", R + "/form.xlsx"): READ_UNIT,
    ("GET", R + "/values.csv"): READ_UNIT,
    ("PUT", R + "/values.csv"): WRITE_UNIT,
    ("GET", P + "/schedule"): SIGNED_IN,
    ("GET", P + "/timeliness"): READ_UNIT,  # the unit's row is counted
    # Filtered by scope too, but no task led by a province has a deadline in 2012: here only
    # that everyone signed in may ask.
    ("GET", P + "/overdue-tasks"): SIGNED_IN,
    ("GET", P + "/allocations.xlsx"): READ_UNIT,  # the unit's allocations are in it
    ("GET", P + "/allocations"): READ_UNIT,
    ("PUT", P + "/allocations"): PLANNERS,
    ("POST", P + "/bulk-values"): PLANNERS,
    ("POST", P + "/digest"): PLANNERS,
    ("GET", P + "/task-status"): READ_UNIT,  # ?lead= the unit
    ("GET", P + "/dashboard"): READ_UNIT,  # ?unit= the unit
    ("GET", P + "/briefing"): READ_UNIT,  # ?unit= the unit (issue 17: the giao ban's pack)
    ("GET", P + "/briefing.docx"): READ_UNIT,  # ?unit= the unit: the same pack as .docx
    ("POST", "/api/v1/analytics/query"): READ_UNIT,  # the unit's figures
    # Issue 16: who reports what is read by everyone signed in, changed by the planners; so is
    # the issuer's catalogue of indicators.
    ("GET", P + "/responsibilities"): SIGNED_IN,
    ("PUT", P + "/responsibilities"): PLANNERS,
    ("GET", "/api/v1/indicators"): SIGNED_IN,
    ("PATCH", "/api/v1/indicators/{id}"): PLANNERS,
    # Issue 17: a table the browser shows, as an .xlsx, for everyone signed in (the data is the
    # caller's own); the dashboard's targets table read as the dashboard is.
    ("POST", "/api/v1/exports/table.xlsx"): SIGNED_IN,
    ("GET", P + "/dashboard.xlsx"): READ_UNIT,  # ?unit= the unit
    # Issue 17: the papers. Probed on the old Hà Nội's own report of March (kind "unit"): read
    # in the unit's scope, written by those acting for it, issued by its approvers; the
    # consolidated report (planners and admins write it, those who see all units read its
    # draft) is documents_test's.
    ("POST", P + "/documents"): WRITE_OWN,
    ("GET", P + "/documents"): READ_UNIT,  # the unit's report is listed
    ("GET", "/api/v1/documents/{id}"): READ_UNIT,
    ("PUT", "/api/v1/documents/{id}"): WRITE_OWN,
    ("POST", "/api/v1/documents/{id}/regenerate"): WRITE_OWN,
    ("POST", "/api/v1/documents/{id}/issue"): ISSUE_OWN,
    ("GET", "/api/v1/documents/{id}/history"): READ_UNIT,
    ("GET", "/api/v1/documents/{id}/versions/{version}"): READ_UNIT,
    ("GET", "/api/v1/documents/{id}/file.docx"): READ_UNIT,
    ("GET", "/api/v1/documents/{id}/tables.xlsx"): READ_UNIT,
    ("PUT", "/api/v1/templates/{name}"): ADMIN,
    ("GET", "/api/v1/templates/{name}/file.docx"): SIGNED_IN,
    # Issue 18: amendments. Probed on a draft the admin proposes for the old Hà Nội: read in the
    # unit's scope (and by those who see every unit), changed and sent by those acting for it,
    # forwarded or returned by the planners, decided by a leader only; a proposal's body is
    # checked once the role may propose at all.
    ("GET", P + "/amendments"): SIGNED_IN,
    ("POST", P + "/amendments"): PROPOSE,
    ("GET", "/api/v1/amendments/{id}"): READ_UNIT,
    ("PUT", "/api/v1/amendments/{id}"): WRITE_UNIT,
    ("POST", "/api/v1/amendments/{id}/submit"): WRITE_UNIT,
    ("POST", "/api/v1/amendments/{id}/withdraw"): WRITE_UNIT,
    ("POST", "/api/v1/amendments/{id}/return"): PLANNERS,
    ("POST", "/api/v1/amendments/{id}/forward"): PLANNERS,
    ("POST", "/api/v1/amendments/{id}/approve"): LEADER,
    ("POST", "/api/v1/amendments/{id}/refuse"): LEADER,
    ("GET", P + "/versions"): SIGNED_IN,
    ("GET", "/api/v1/delegations"): {"admin": True, "planner": True, "leader": True},
    ("POST", "/api/v1/delegations"): {"admin": True, "leader": True},
    ("DELETE", "/api/v1/delegations/{id}"): {"admin": True, "leader": True},
    # issue 18 (inforce): the program as published against the program in force on a date.
    ("GET", P + "/baseline"): SIGNED_IN,
    # Issue 18: the old Hà Nội's own program (chương trình công tác của đơn vị): read in the
    # unit's scope, written, sent and reopened by those acting for it, accepted or returned by
    # the planners.
    ("GET", P + "/unit-programs"): READ_UNIT,  # the unit's row is listed
    ("GET", P + "/unit-programs/{unit}"): READ_UNIT,
    ("PUT", P + "/unit-programs/{unit}"): WRITE_UNIT,
    ("POST", "/api/v1/unit-programs/{id}/submit"): WRITE_UNIT,
    ("POST", "/api/v1/unit-programs/{id}/return"): PLANNERS,
    ("POST", "/api/v1/unit-programs/{id}/accept"): PLANNERS,
    ("POST", "/api/v1/unit-programs/{id}/reopen"): WRITE_UNIT,
    ("GET", "/api/v1/unit-programs/{id}/versions/{version}"): READ_UNIT,
    ("POST", P + "/unit-programs/{unit}/import"): WRITE_UNIT,  # its decision read into the draft
    # Issue 18: next year's program started from this one, reconciled with its decision.
    ("POST", P + "/next-year"): PLANNERS,
    ("GET", P + "/next-year"): SIGNED_IN,  # 2012's is no draft: 404 for those who may ask
    ("GET", P + "/reconcile"): PLANNERS,
    ("POST", P + "/reconcile"): PLANNERS,
    ("PUT", P + "/reconcile"): PLANNERS,
}

# A draft program is the planners' until published: its parts, its reporting and its figures.
DRAFT_PARTS = ("", "/source", "/source.txt", "/outline", "/targets", "/tasks", "/budgets", "/deadlines",
               "/obligations", "/diagnostics", "/corrections", "/schedule", "/allocations",
               "/allocations.xlsx", "/reports/due", "/timeliness", "/overdue-tasks",
               "/task-status", "/dashboard", "/dashboard.xlsx", "/briefing", "/briefing.docx",
               "/responsibilities")
# A draft has no reporting yet: nobody sees its reports, timeliness, tasks' progress or figures.
DRAFT_RULES = {part: {} for part in ("/reports/due", "/timeliness", "/overdue-tasks",
                                     "/task-status", "/dashboard", "/dashboard.xlsx",
                                     "/briefing", "/briefing.docx")}

# Report periods of the old Hà Nội, one per kind of action, so that cells do not disturb each
# other: each cell first brings its report to the state its action needs.
READ_PERIOD = "2012-M03"  # approved: read by everyone who may
SAVE_PERIOD = "2012-M04"  # a draft
ACTION_PERIOD = {"submit": "2012-M05", "approve": "2012-M06", "return": "2012-M07",
                 "reopen": "2012-M08"}


def main():
    run_on_2012_program("access_matrix_test", dt.date(2012, 12, 20), run)


def mentions_unit(body, uid):
    """True when a JSON answer names the unit `uid` as a unit (a {"unit": {"id": …}} reference,
    a "unit_id" or a "unit" number)."""
    stack = [body]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            u = x.get("unit")
            if isinstance(u, dict) and u.get("id") == uid:
                return True
            if x.get("unit_id") == uid or (isinstance(u, int) and u == uid):
                return True
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return False


def xlsx_allocates_to(data, code):
    """True when an allocations workbook has a row of the unit `code` on its first sheet (the
    allocations; the lists of targets and units are on others)."""
    if not isinstance(data, bytes) or not data.startswith(b"PK"):
        return False
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    return any(row[header.index("unit")] == code for row in rows)


class World:
    """The program, the units, the accounts and the reports the cells act on."""

    def __init__(self, port, pid, db, c):
        self.port, self.pid, self.db, self.c = port, pid, db, c
        self.base = "/api/v1/programs/%d" % pid
        self.admin = Client(port)
        self.admin.name = "admin"
        c.eq(self.admin.login("admin")[0], 200, "admin signs in")

        def units(at, kind):
            _, b, _ = self.admin.request("GET", "/api/v1/org-units?at=%s&kind=%s" % (at, kind))
            return {u["code"]: u for u in b["items"]}

        old, new = units("2012-06-30", "province"), units("2025-07-01", "province")
        hatay = units("2008-01-01", "province")["28"]
        self.hn = old["01"]["id"]
        self.hn_code = old["01"]["code"]
        ministry = units("2012-06-30", "ministry")
        self.caller_unit = {"own": self.hn, "below": next(iter(ministry.values()))["id"],
                            "outside": old["49"]["id"], "predecessor": new["01"]["id"],
                            "successor": hatay["id"]}
        self.clients = {}
        n = 0
        for role in UNIT_ROLES:
            for scope in SCOPES:
                n += 1
                self.clients[(role, scope)] = self.account("m%d.%s" % (n, role), role,
                                                           self.caller_unit[scope])
        self.clients[("planner", "any")] = self.account("m.planner", "planner", None)
        self.clients[("viewer-all", "any")] = self.account("m.viewer", "viewer", None)
        self.clients[("leader", "any")] = self.account("m.leader", "leader", None, "Bộ trưởng")
        self.clients[("admin", "any")] = self.admin
        self.clients[("anon", "any")] = Client(port)
        # The unit's own editor submits the reports the approvers decide (four eyes).
        self.editor = self.clients[("editor", "own")]
        self.target_id = self.form(SAVE_PERIOD)["targets"][0]["id"]
        # The read report carries a figure (approved: the dashboard counts it).
        st, _, _ = self.editor.request("PUT", self.url(READ_PERIOD), {"version": 0, "values": [
            {"target_id": self.target_id, "scope": "period", "kind": "actual",
             "value": "1234"}]})
        c.eq(st, 200, "the old Hà Nội's editor enters March")
        self.bring(READ_PERIOD, "approved")
        # A target allocated to the old Hà Nội (the allocations list it).
        st, b, _ = self.admin.request("PUT", self.base + "/allocations", {"items": [
            {"target_id": self.target_id, "unit": self.hn, "value": "1000"}]})
        c.eq(st, 200, "the admin allocates a target to the old Hà Nội: %r" % (b,))

    def account(self, name, role, unit, title=None):
        body = {"username": name, "password": PASSWORD, "role": role}
        if unit is not None:
            body["unit_id"] = unit
        if title is not None:
            body["title"] = title
        st, b, _ = self.admin.request("POST", "/api/v1/users", body)
        self.c.eq(st, 201, "create %s (%s, unit %s): %r" % (name, role, unit, b))
        cl = Client(self.port)
        self.c.eq(cl.login(name)[0], 200, name + " signs in")
        cl.name = name
        return cl

    def url(self, period, suffix=""):
        return "%s/reports/r2/%s/%d%s" % (self.base, period, self.hn, suffix)

    def form(self, period):
        st, f, _ = self.admin.request("GET", self.url(period))
        assert st == 200, (st, f)
        return f

    def head(self, period):
        f = self.form(period)
        if f.get("id") is None:  # not written yet
            return None, 0, "none"
        return f["id"], f["version"], f["status"]

    def bring(self, period, state):
        """Brings the old Hà Nội's report of `period` to `state` (draft, submitted, approved)
        with the admin and the unit's editor; returns (id, version)."""
        for _ in range(6):
            rid, version, status = self.head(period)
            if status == state or (state == "draft" and status == "returned"):
                return rid, version
            if status in ("none", "draft", "returned"):
                if state == "draft":
                    self.admin.request("PUT", self.url(period), {"version": version})
                else:
                    self.editor.request("PUT", self.url(period), {"version": version,
                                                                  "submit": True})
            elif status == "submitted":
                if state == "approved":
                    self.admin.request("POST", "/api/v1/reports/%d/approve" % rid,
                                       {"version": version})
                else:
                    self.admin.request("POST", "/api/v1/reports/%d/return" % rid,
                                       {"version": version, "comment": "Trả lại để thử."})
            elif status == "approved":
                self.admin.request("POST", "/api/v1/reports/%d/reopen" % rid,
                                   {"version": version, "comment": "Mở lại để thử."})
        raise AssertionError("could not bring %s to %s (at %s)" % (period, state, status))


def probes(w):
    """(method, pattern) → probe(client) → (status, allowed?, note). A probe asks as the
    client; whether it was let do it is read from the answer: 401 or 403 is a refusal; for a list
    the unit's rows missing is one too."""
    hn, base = w.hn, w.base

    def plain(method, path, body=None, **kw):
        def probe(cl):
            st, b, _ = cl.request(method, path, body, **kw)
            return st, st not in (401, 403), b
        return probe

    def listing(path, has=lambda b: mentions_unit(b, hn)):
        def probe(cl):
            st, b, _ = cl.request("GET", path)
            return st, st == 200 and has(b), b
        return probe

    def fresh_session(cl):
        # Ending a session: one of the same account made for it.
        if not getattr(cl, "name", None):
            st, b, _ = cl.request("DELETE", "/api/v1/session")
            return st, st not in (401, 403), b
        other = Client(w.port)
        other.login(cl.name)
        st, b, _ = other.request("DELETE", "/api/v1/session")
        return st, st not in (401, 403), b

    def sign_in(cl):
        # Anyone may sign in (the one without an account as the admin would).
        st, b = Client(w.port).login(getattr(cl, "name", "admin"))
        return st, st == 200, b

    # The old Hà Nội's own report of March, made once by the admin for the documents' cells: a
    # caller outside its scope does not see it (404), one who may not write it is refused (403).
    document = {}

    def on_document(method, suffix, body=None):
        def probe(cl):
            if "id" not in document:
                st, b, _ = w.admin.request("POST", base + "/documents", {
                    "kind": "unit", "period": "2012-M03", "as_of": "2012-03-31", "unit_id": hn})
                document["id"] = b.get("id", 0) if isinstance(b, dict) else 0
            st, b, _ = cl.request(method, "/api/v1/documents/%d%s" % (document["id"], suffix), body)
            return st, st not in (401, 403, 404), b
        return probe

    # A draft amendment of the old Hà Nội, proposed once by the admin (as the planning department
    # may, for any unit): a caller outside the unit's scope does not see it (404), one who may
    # not act on it is refused (403); those who may get 409 for a version never stored, or for
    # an action its state does not allow.
    amendment = {}
    amendment_body = {"version": -1, "effective_from": "2012-12-25", "reason": "Thử quyền.",
                      "changes": [{"kind": "target_value", "locator": "target:%d" % w.target_id,
                                   "value": "1"}]}

    def on_amendment(method, suffix, body=None):
        def probe(cl):
            if "id" not in amendment:
                st, b, _ = w.admin.request("POST", base + "/amendments", dict(
                    amendment_body, unit_id=hn))
                w.c.eq(st, 201, "the admin proposes an amendment for the old Hà Nội: %r" % (b,))
                amendment["id"] = b.get("id", 0) if isinstance(b, dict) else 0
            st, b, _ = cl.request(method, "/api/v1/amendments/%d%s" % (amendment["id"], suffix),
                                  body)
            return st, st not in (401, 403, 404), b
        return probe

    def on_report(action):
        period = ACTION_PERIOD[action]
        state = {"submit": "draft", "approve": "submitted", "return": "submitted",
                 "reopen": "approved"}[action]

        def probe(cl):
            rid, version = w.bring(period, state)
            st, b, _ = cl.request("POST", "/api/v1/reports/%d/%s" % (rid, action),
                                  {"version": version, "comment": "Thử quyền."})
            return st, st == 200, b
        return probe

    def save(method, suffix, body_of, **kw):
        def probe(cl):
            rid, version = w.bring(SAVE_PERIOD, "draft")
            path = (w.url(SAVE_PERIOD, suffix) if suffix is not None
                    else "/api/v1/reports/%d" % rid)
            body, extra = body_of(version)
            st, b, _ = cl.request(method, path + extra, body, **kw)
            return st, st == 200, b
        return probe

    def read_report(suffix):
        def probe(cl):
            rid, _ = w.bring(READ_PERIOD, "approved")
            path = "/api/v1/reports/%d%s" % (rid, suffix)
            st, b, _ = cl.request("GET", path)
            return st, st == 200, b
        return probe

    def upload(cl):
        w.bring(SAVE_PERIOD, "draft")
        _, book, _ = w.admin.request("GET", w.url(SAVE_PERIOD, "/form.xlsx"))
        st, b, _ = cl.request("POST", "/api/v1/reports/upload", book,
                              content_type="application/vnd.openxmlformats-officedocument."
                                           "spreadsheetml.sheet")
        return st, st == 200, b

    # Issue 18: the old Hà Nội's own program, brought by the admin to the state a cell needs
    # (one program per unit: each cell first moves it there).
    unit_program_url = base + "/unit-programs/%d" % hn

    def unit_program(state):
        for _ in range(6):
            _, v, _ = w.admin.request("GET", unit_program_url)
            status, version, upid = v.get("status"), v.get("version", 0), v.get("id")
            if v.get("id") is None:
                serves = next(i["key"] for i in v["items"] if i["kind"] == "section")
                w.admin.request("PUT", unit_program_url, {"version": 0, "tasks": [
                    {"serves": serves, "text": "Nhiệm vụ để thử quyền"}]})
                continue
            if status == state or (state == "draft" and status == "returned"):
                return upid, version, v
            act = "/api/v1/unit-programs/%d/" % upid
            step = {("draft", "submitted"): "submit", ("draft", "accepted"): "submit",
                    ("returned", "submitted"): "submit", ("returned", "accepted"): "submit",
                    ("submitted", "accepted"): "accept", ("submitted", "draft"): "return",
                    ("accepted", "draft"): "reopen", ("accepted", "submitted"): "reopen"}
            w.admin.request("POST", act + step[(status, state)],
                            {"version": version, "comment": "Để thử quyền."})
        raise AssertionError("could not bring the unit program to " + state)

    def on_unit_program(action, state):
        def probe(cl):
            upid, version, v = unit_program(state)
            if action == "save":
                st, b, _ = cl.request("PUT", unit_program_url, {
                    "version": version, "tasks": [{"serves": t["serves"], "text": t["text"]}
                                                  for i in v["items"] for t in i["tasks"]]})
            else:
                st, b, _ = cl.request("POST", "/api/v1/unit-programs/%d/%s" % (upid, action),
                                      {"version": version, "comment": "Thử quyền."})
            return st, st == 200, b
        return probe

    def import_unit_program(cl):
        _, version, _ = unit_program("draft")
        st, b, _ = cl.request(
            "POST", unit_program_url + "/import?name=ct.txt&version=%d" % version,
            "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2012\nII. NHIỆM VỤ\n1. Việc làm (mục II.2.1)\n"
            "- Tổ chức sàn giao dịch việc làm; Thời gian: Quý II.\n", content_type="text/plain")
        return st, st == 200, b

    def read_unit_program(suffix):
        def probe(cl):
            upid, _, _ = unit_program("accepted")
            path = (unit_program_url if suffix is None
                    else "/api/v1/unit-programs/%d%s" % (upid, suffix))
            st, b, _ = cl.request("GET", path)
            return st, st == 200, b
        return probe

    value = lambda v: ({"version": v, "values": [{"target_id": w.target_id, "scope": "period",
                                                   "kind": "actual", "value": "1"}]}, "")
    csv = lambda v: ("target_id,scope,kind,value,note\n%d,period,actual,2,\n" % w.target_id,
                     "?version=%d" % v)
    read_period = w.url(READ_PERIOD)
    return {
        # Account routes: a body or an id that cannot succeed, so that only the refusal by role
        # tells 401/403 from the rest.
        ("PUT", "/api/v1/me/password"): plain("PUT", "/api/v1/me/password", {}),
        ("POST", "/api/v1/password-reset"): plain("POST", "/api/v1/password-reset", {}),
        ("GET", "/api/v1/tokens"): plain("GET", "/api/v1/tokens"),
        ("DELETE", "/api/v1/tokens/{id}"): plain("DELETE", "/api/v1/tokens/999999"),
        ("PATCH", "/api/v1/users/{id}"): plain("PATCH", "/api/v1/users/999999", {}),
        ("POST", "/api/v1/users/{id}/activate"): plain("POST", "/api/v1/users/999999/activate"),
        ("POST", "/api/v1/users/{id}/deactivate"): plain("POST",
                                                         "/api/v1/users/999999/deactivate"),
        ("POST", "/api/v1/users/{id}/password-reset"): plain(
            "POST", "/api/v1/users/999999/password-reset"),
        ("GET", "/healthz"): plain("GET", "/healthz"),
        ("GET", "/readyz"): plain("GET", "/readyz"),
        ("GET", "/metrics"): plain("GET", "/metrics"),
        ("GET", "/api/v1/openapi.json"): plain("GET", "/api/v1/openapi.json"),
        ("POST", "/api/v1/session"): sign_in,
        ("GET", "/api/v1/session"): plain("GET", "/api/v1/session"),
        ("DELETE", "/api/v1/session"): fresh_session,
        ("GET", "/api/v1/me"): plain("GET", "/api/v1/me"),
        ("POST", "/api/v1/tokens"): plain("POST", "/api/v1/tokens", {"name": "ma-tran"}),
        # A token or account that is not there: 404 for those who may, 401/403 for the others;
        # a wrong current password or a reset without a new one: 400 (counts no failure).
        ("GET", "/api/v1/tokens"): plain("GET", "/api/v1/tokens"),
        ("DELETE", "/api/v1/tokens/{id}"): plain("DELETE", "/api/v1/tokens/999999"),
        ("PUT", "/api/v1/me/password"): plain("PUT", "/api/v1/me/password", {
            "current_password": "khong-phai-mat-khau", "new_password": "x"}),
        ("POST", "/api/v1/password-reset"): plain("POST", "/api/v1/password-reset",
                                                   {"code": "x"}),
        ("GET", "/api/v1/users"): plain("GET", "/api/v1/users"),
        ("POST", "/api/v1/users"): plain("POST", "/api/v1/users", {"username": "x"}),
        ("PATCH", "/api/v1/users/{id}"): plain("PATCH", "/api/v1/users/999999", {}),
        ("POST", "/api/v1/users/{id}/deactivate"): plain("POST", "/api/v1/users/999999/deactivate"),
        ("POST", "/api/v1/users/{id}/activate"): plain("POST", "/api/v1/users/999999/activate"),
        ("POST", "/api/v1/users/{id}/password-reset"): plain(
            "POST", "/api/v1/users/999999/password-reset"),
        ("GET", "/api/v1/audit/verify"): plain("GET", "/api/v1/audit/verify"),
        ("GET", "/api/v1/audit"): plain("GET", "/api/v1/audit?limit=1"),
        ("GET", "/api/v1/org-units"): plain("GET", "/api/v1/org-units"),
        ("GET", "/api/v1/org-units/{id}"): plain("GET", "/api/v1/org-units/%d" % hn),
        ("GET", "/api/v1/programs"): plain("GET", "/api/v1/programs"),
        # A decision already imported: 409 for those who may, 403 for the others.
        ("POST", "/api/v1/programs"): plain("POST", "/api/v1/programs", w.source,
                                            content_type="text/plain; charset=utf-8"),
        ("POST", P + "/publish"): plain("POST", base + "/publish"),
        ("PUT", P + "/settings"): plain("PUT", base + "/settings", {"four_eyes": True}),
        ("GET", P + "/corrections"): plain("GET", base + "/corrections"),
        ("POST", P + "/corrections"): plain("POST", base + "/corrections",
                                            {"locator": "target:1", "field": "value",
                                             "value": "1"}),
        ("GET", P): plain("GET", base),
        ("GET", P + "/source"): plain("GET", base + "/source"),
        ("GET", P + "/source.txt"): plain("GET", base + "/source.txt"),
        ("GET", P + "/outline"): plain("GET", base + "/outline"),
        ("GET", P + "/targets"): plain("GET", base + "/targets"),
        ("GET", P + "/tasks"): listing(base + "/tasks?lead=%d" % hn,
                                       lambda b: bool(b.get("items"))),
        ("GET", P + "/budgets"): plain("GET", base + "/budgets"),
        ("GET", P + "/deadlines"): plain("GET", base + "/deadlines"),
        ("GET", P + "/obligations"): plain("GET", base + "/obligations"),
        ("GET", P + "/diagnostics"): plain("GET", base + "/diagnostics"),
        ("POST", "/api/v1/reports/upload"): upload,
        ("GET", "/api/v1/reports/{id}"): read_report(""),
        ("PUT", "/api/v1/reports/{id}"): save("PUT", None, value),
        ("GET", "/api/v1/reports/{id}/history"): read_report("/history"),
        ("POST", "/api/v1/reports/{id}/submit"): on_report("submit"),
        ("POST", "/api/v1/reports/{id}/approve"): on_report("approve"),
        ("POST", "/api/v1/reports/{id}/return"): on_report("return"),
        ("POST", "/api/v1/reports/{id}/reopen"): on_report("reopen"),
        ("GET", "/api/v1/outbox"): plain("GET", "/api/v1/outbox"),
        ("POST", "/api/v1/outbox/{id}/sent"): plain("POST", "/api/v1/outbox/999999/sent"),
        ("GET", P + "/reports/due"): listing(base + "/reports/due?obligation=r2&period=%s&unit=%d"
                                             % (READ_PERIOD, hn)),
        ("GET", R): lambda cl: (lambda a: (a[0], a[0] == 200, a[1]))(
            cl.request("GET", read_period)),
        ("PUT", R): save("PUT", "", value),
        ("POST", R + "/check"): save("POST", "/check", value),
        ("GET", R + "/form.xlsx"): plain("GET", read_period + "/form.xlsx"),
        ("GET", R + "/values.csv"): plain("GET", read_period + "/values.csv"),
        ("PUT", R + "/values.csv"): save("PUT", "/values.csv", csv, content_type="text/csv"),
        ("GET", P + "/schedule"): plain("GET", base + "/schedule"),
        ("GET", P + "/timeliness"): listing(base + "/timeliness?period=" + READ_PERIOD),
        ("GET", P + "/overdue-tasks"): plain("GET", base + "/overdue-tasks?as_of=2012-12-31"),
        ("GET", P + "/allocations.xlsx"): listing(
            base + "/allocations.xlsx", lambda b: xlsx_allocates_to(b, w.hn_code)),
        ("GET", P + "/allocations"): listing(base + "/allocations"),
        ("PUT", P + "/allocations"): plain("PUT", base + "/allocations", {"items": []}),
        ("POST", P + "/bulk-values"): plain("POST", base + "/bulk-values",
                                            "obligation,period,unit,target_id,scope,kind,value\n",
                                            content_type="text/csv"),
        ("POST", P + "/digest"): plain("POST", base + "/digest?as_of=2012-12-20"),
        ("GET", P + "/task-status"): listing(base + "/task-status?lead=%d" % hn),
        ("GET", P + "/dashboard"): listing(base + "/dashboard?unit=%d" % hn,
                                           lambda b: bool(b.get("targets"))),
        ("GET", P + "/briefing"): listing(base + "/briefing?unit=%d" % hn,
                                          lambda b: bool(b.get("areas"))),
        # The unit's pack: its code in the file's name.
        ("GET", P + "/briefing.docx"): lambda cl: (lambda st, b, resp: (
            st, st == 200 and isinstance(b, bytes) and b.startswith(b"PK") and
            ("-%s.docx" % w.hn_code) in (resp.getheader("Content-Disposition") or ""), b))(
            *cl.request("GET", base + "/briefing.docx?unit=%d" % hn)),
        ("POST", "/api/v1/analytics/query"): plain(
            "POST", "/api/v1/analytics/query", {"program_id": w.pid, "unit": hn,
                                                "at": "2012-12-31", "periods": ["2012-Y"]}),
        ("GET", P + "/responsibilities"): plain("GET", base + "/responsibilities"),
        # A revision never stored: 409 for those who may, 403 for the others; nothing changes.
        ("PUT", P + "/responsibilities"): plain("PUT", base + "/responsibilities",
                                                {"revision": -1, "rows": []}),
        ("GET", "/api/v1/indicators"): plain("GET", "/api/v1/indicators"),
        ("PATCH", "/api/v1/indicators/{id}"): plain("PATCH", "/api/v1/indicators/999999",
                                                    {"name": "x"}),
        ("POST", "/api/v1/exports/table.xlsx"): plain(
            "POST", "/api/v1/exports/table.xlsx", {"columns": [{"label": "A"}], "rows": [[1]]}),
        ("GET", P + "/dashboard.xlsx"): listing(
            base + "/dashboard.xlsx?unit=%d" % hn,
            lambda b: isinstance(b, bytes) and b.startswith(b"PK")),
        ("POST", P + "/documents"): plain("POST", base + "/documents", {
            "kind": "unit", "period": "2012-M03", "as_of": "2012-03-31", "unit_id": hn}),
        ("GET", P + "/documents"): listing(base + "/documents?kind=unit",
                                           lambda b: any(d["unit"]["id"] == hn
                                                         for d in b.get("items", []))),
        ("GET", "/api/v1/documents/{id}"): on_document("GET", ""),
        # A version never stored: 409 for those who may, 403 or 404 for the others.
        ("PUT", "/api/v1/documents/{id}"): on_document("PUT", "", {"version": -1, "blocks": []}),
        ("POST", "/api/v1/documents/{id}/regenerate"): on_document("POST", "/regenerate",
                                                                   {"version": -1}),
        ("POST", "/api/v1/documents/{id}/issue"): on_document("POST", "/issue", {
            "version": -1, "date": "2012-04-10",
            "signature": {"authority": "", "title": "GIÁM ĐỐC", "name": "Nguyễn Văn A"}}),
        ("GET", "/api/v1/documents/{id}/history"): on_document("GET", "/history"),
        ("GET", "/api/v1/documents/{id}/versions/{version}"): on_document("GET", "/versions/1"),
        ("GET", "/api/v1/documents/{id}/file.docx"): on_document("GET", "/file.docx"),
        ("GET", "/api/v1/documents/{id}/tables.xlsx"): on_document("GET", "/tables.xlsx"),
        # Not a .docx: 400 for the admin, refused before the body for the others.
        ("PUT", "/api/v1/templates/{name}"): plain("PUT", "/api/v1/templates/bao_cao", "not a docx",
                                                   content_type="application/octet-stream"),
        ("GET", "/api/v1/templates/{name}/file.docx"): plain("GET",
                                                             "/api/v1/templates/bao_cao/file.docx"),
        ("GET", P + "/amendments"): plain("GET", base + "/amendments"),
        # An unreadable date: 400 for those who may propose, 403 for the others.
        ("POST", P + "/amendments"): plain("POST", base + "/amendments", {"effective_from": "x"}),
        ("GET", "/api/v1/amendments/{id}"): on_amendment("GET", ""),
        ("PUT", "/api/v1/amendments/{id}"): on_amendment("PUT", "", amendment_body),
        ("POST", "/api/v1/amendments/{id}/submit"): on_amendment("POST", "/submit",
                                                                 {"version": -1}),
        ("POST", "/api/v1/amendments/{id}/withdraw"): on_amendment("POST", "/withdraw",
                                                                   {"version": -1}),
        ("POST", "/api/v1/amendments/{id}/return"): on_amendment(
            "POST", "/return", {"version": -1, "comment": "Thử quyền."}),
        ("POST", "/api/v1/amendments/{id}/forward"): on_amendment("POST", "/forward",
                                                                  {"version": -1}),
        ("POST", "/api/v1/amendments/{id}/approve"): on_amendment("POST", "/approve",
                                                                  {"version": -1}),
        ("POST", "/api/v1/amendments/{id}/refuse"): on_amendment(
            "POST", "/refuse", {"version": -1, "comment": "Thử quyền."}),
        ("GET", P + "/versions"): plain("GET", base + "/versions"),
        ("GET", "/api/v1/delegations"): plain("GET", "/api/v1/delegations"),
        # An account that does not exist: 400 for those who may grant, 403 for the others.
        ("POST", "/api/v1/delegations"): plain("POST", "/api/v1/delegations", {
            "grantee_id": 999999, "valid_from": "2012-01-01"}),
        ("DELETE", "/api/v1/delegations/{id}"): plain("DELETE", "/api/v1/delegations/999999"),
        # issue 18 (inforce)
        ("GET", P + "/baseline"): plain("GET", base + "/baseline?at=2012-12-31"),
        ("GET", P + "/unit-programs"): listing(base + "/unit-programs"),
        ("GET", P + "/unit-programs/{unit}"): read_unit_program(None),
        ("PUT", P + "/unit-programs/{unit}"): on_unit_program("save", "draft"),
        ("POST", "/api/v1/unit-programs/{id}/submit"): on_unit_program("submit", "draft"),
        ("POST", "/api/v1/unit-programs/{id}/return"): on_unit_program("return", "submitted"),
        ("POST", "/api/v1/unit-programs/{id}/accept"): on_unit_program("accept", "submitted"),
        ("POST", "/api/v1/unit-programs/{id}/reopen"): on_unit_program("reopen", "accepted"),
        ("GET", "/api/v1/unit-programs/{id}/versions/{version}"): read_unit_program("/versions/1"),
        ("POST", P + "/unit-programs/{unit}/import"): import_unit_program,
        # A year 2012's program does not start (400) for those who may; the others 403.
        ("POST", P + "/next-year"): plain("POST", base + "/next-year", {"year": 2099}),
        ("GET", P + "/next-year"): plain("GET", base + "/next-year"),
        ("GET", P + "/reconcile"): plain("GET", base + "/reconcile"),
        ("POST", P + "/reconcile"): plain("POST", base + "/reconcile", "x",
                                          content_type="text/plain; charset=utf-8"),
        ("PUT", P + "/reconcile"): plain("PUT", base + "/reconcile",
                                         {"revision": 1, "decisions": []}),
    }


def cells():
    for role in OTHER_ROLES:
        yield role, "any"
    for role in UNIT_ROLES:
        for scope in SCOPES:
            yield role, scope


def expected(rule, role, scope):
    if role == "leader" and role not in rule:
        role = "viewer-all"  # a leader reads as a viewer without a unit
    want = rule.get(role, False)
    if isinstance(want, bool):
        return want
    return scope in want


def predecessors_figures(w, c):
    """Issue 15: the accounts of the Hà Nội formed in 2025 open the 2012 program's dashboard on
    their predecessor's figures (their own unit was not in the structure of 2012), and ask its
    figures without naming a unit; the Hà Tây of 2008 (ended) still gets a clear 404."""
    for role in UNIT_ROLES:
        cl = w.clients[(role, "predecessor")]
        st, d, _ = cl.request("GET", w.base + "/dashboard")
        c.eq((st, (d.get("unit") or {}).get("id") if st == 200 else d.get("error", {}).get("code")),
             (200, w.hn), "the 2025 Hà Nội's %s: the 2012 dashboard is the old Hà Nội's" % role)
        row = [t for t in d.get("targets", []) if t["target"].get("id") == w.target_id]
        c.eq([t.get("current") for t in row], [1234],
             "the 2025 Hà Nội's %s sees its predecessor's approved March figure" % role)
        st, q, _ = cl.request("POST", "/api/v1/analytics/query",
                              {"program_id": w.pid, "targets": [w.target_id], "at": "2012-12-31",
                               "periods": ["2012-M03"]})
        c.eq((st, [x.get("value") for x in q.get("items", [])] if st == 200 else q),
             (200, [1234]), "its figures of 2012 without naming a unit")
    # The new Đà Nẵng (formed from Đà Nẵng and Quảng Nam): the old Đà Nẵng by default (same
    # code), Quảng Nam when asked, not a unit outside them.
    def unit(at, code):
        _, b, _ = w.admin.request("GET", "/api/v1/org-units?at=%s&kind=province" % at)
        return next(u["id"] for u in b["items"] if u["code"] == code)
    da_nang, quang_nam = unit("2012-06-30", "48"), unit("2012-06-30", "49")
    dn = w.account("m.danang2025", "editor", unit("2025-07-01", "48"))
    st, d, _ = dn.request("GET", w.base + "/dashboard")
    c.eq((st, (d.get("unit") or {}).get("id")), (200, da_nang),
         "the new Đà Nẵng's 2012 dashboard is the old Đà Nẵng's")
    st, d, _ = dn.request("GET", w.base + "/dashboard?unit=%d" % quang_nam)
    c.eq((st, (d.get("unit") or {}).get("id")), (200, quang_nam), "and Quảng Nam's when asked")
    st, d, _ = dn.request("GET", w.base + "/dashboard?unit=%d" % w.hn)
    c.eq((st, d.get("error", {}).get("code")), (403, "out_of_scope"), "not Hà Nội's")

    st, d, _ = w.clients[("editor", "successor")].request("GET", w.base + "/dashboard")
    c.eq((st, d.get("error", {}).get("code")), (404, "unit_not_in_structure"),
         "an account of Hà Tây (ended 2008) has no unit in 2012's structure")


def metrics_address(db, c):
    """/metrics on a separate address (serve --metrics-listen, WORKPLAN_METRICS_LISTEN): served
    there without a session, and nothing else is; on the main address it stays an admin's."""
    import re
    from harness import Server, workplan
    binary = sys.argv[1]
    server = Server(binary, db.url, extra=("--metrics-listen", "127.0.0.1:0"))
    try:
        lines, m = [], None
        while m is None and len(lines) < 20:  # after the main address's lines
            lines.append(server.next_line())
            m = re.search(r"http://127\.0\.0\.1:(\d+)/metrics", lines[-1])
        line = "".join(lines)
        c.true(m is not None, "the server names its metrics address: %r" % line)
        if m is None:
            return
        scraper = Client(int(m.group(1)))
        st, text, resp = scraper.request("GET", "/metrics")
        c.eq((st, resp.getheader("Content-Type")), (200, "text/plain; version=0.0.4"),
             "the metrics address serves /metrics without a session")
        c.true(b"workplan_uptime_seconds" in text, "with the server's figures")
        for method, path in (("GET", "/api/v1/me"), ("GET", "/healthz"), ("POST", "/metrics")):
            st, b, _ = scraper.request(method, path)
            c.eq((st, b.get("error", {}).get("code")), (404, "not_found"),
                 "the metrics address serves nothing else: %s %s" % (method, path))
        st, _, _ = Client(server.port).request("GET", "/metrics")
        c.eq(st, 401, "on the main address /metrics still needs an admin")
    finally:
        c.eq(server.stop(), 0, "the server with a metrics address stops cleanly")
    bad = workplan(binary, "serve", "--db", db.url, "--metrics-listen", "9100", check=False)
    c.true(bad.returncode != 0 and "bad_listen_address" in bad.stderr + bad.stdout,
           "a metrics address without a port is refused: %r" % bad.stderr)


def run(port, pid, db, c):
    w = World(port, pid, db, c)
    predecessors_figures(w, c)
    metrics_address(db, c)
    _, w.source, _ = w.admin.request("GET", w.base + "/source")
    table = probes(w)

    # Every route of the server is in the matrix, and the matrix names no route it lacks.
    _, spec, _ = Client(port).request("GET", "/api/v1/openapi.json")
    served = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    c.eq(sorted(served - set(EXPECTED)), [], "routes the access matrix does not cover")
    c.eq(sorted(set(EXPECTED) - served), [], "routes in the matrix the server does not have")
    c.eq(sorted(set(EXPECTED) - set(table)), [], "routes of the matrix without a probe")

    mismatches = []
    n = 0
    for key in sorted(EXPECTED, key=lambda k: (k[1], k[0])):
        probe = table.get(key)
        if probe is None:
            continue
        for role, scope in cells():
            want = expected(EXPECTED[key], role, scope)
            try:
                st, got, body = probe(w.clients[(role, scope)])
            except Exception as e:  # a probe that breaks is a mismatch, not the end of the run
                st, got, body = "error", None, {"error": {"code": repr(e)[:150]}}
            n += 1
            if got != want:
                note = body.get("error", {}).get("code") if isinstance(body, dict) else ""
                mismatches.append((key[0], key[1], role, scope, want, st, note))
    # Refused by role before the body is read: a write by a role that may not in any scope,
    # with a body that cannot be read, still answers 401 or 403 (not 400 from parsing it). A
    # refusal by scope needs the report's unit and date, read after the (bounded) body.
    rid, _ = w.bring(SAVE_PERIOD, "draft")
    concrete = {"{obligation}/{period}/{unit}": "r2/%s/%d" % (SAVE_PERIOD, w.hn)}
    for key in sorted(EXPECTED, key=lambda k: (k[1], k[0])):
        method, pattern = key
        if method == "GET" or EXPECTED[key] is ANYONE:
            continue
        path = pattern.replace("{obligation}/{period}/{unit}", concrete[
            "{obligation}/{period}/{unit}"])
        if pattern.startswith(P):
            path = path.replace("{id}", str(w.pid), 1)
        elif pattern.startswith("/api/v1/reports/{id}"):
            path = path.replace("{id}", str(rid))
        path = path.replace("{id}", "999999")
        path = path.replace("{unit}", str(w.hn))
        for role, scope in cells():
            if any(expected(EXPECTED[key], role, sc) for sc in SCOPES):
                continue
            st, b, _ = w.clients[(role, scope)].request(
                method, path, b"\x00\xff{not a body" * 1000,
                content_type="application/json")
            n += 1
            if st not in (401, 403):
                note = b.get("error", {}).get("code") if isinstance(b, dict) else ""
                mismatches.append((method, pattern + " (unreadable body)", role, scope, False,
                                   st, note))

    # A draft program: every part of it, the planners' alone.
    st, draft, _ = w.admin.request("POST", "/api/v1/programs?name=molisa_2008.txt",
                                   open(SEED_2008, encoding="utf-8").read(),
                                   content_type="text/plain; charset=utf-8")
    c.eq(st, 201, "the admin imports the 2008 decision as a draft")
    for part in DRAFT_PARTS:
        path = "/api/v1/programs/%d%s" % (draft.get("id", 0), part)
        for role, scope in cells():
            st, b, _ = w.clients[(role, scope)].request("GET", path)
            want = expected(DRAFT_RULES.get(part, PLANNERS), role, scope)
            n += 1
            note = b.get("error", {}).get("code") if isinstance(b, dict) else ""
            # Refused, a draft is not there for those who may not see it (401, or 404 as an
            # unknown program: not 403 or 409, which would tell it exists).
            hidden = st in (401, 404) or expected(PLANNERS, role, scope)
            if (st == 200) != want or not (want or hidden):
                mismatches.append(("GET", P + part + " (draft)", role, scope, want, st, note))

    # What the form offers is what the server allows: "reopen" on an approved report only to
    # those who may reopen it (not to its own unit, nor to its successor).
    for role, scope in cells():
        if not expected(READ_UNIT, role, scope):
            continue
        st, form, _ = w.clients[(role, scope)].request("GET", w.url(READ_PERIOD))
        offered = st == 200 and "reopen" in form.get("actions", [])
        want = expected(REOPEN_UNIT, role, scope)
        n += 1
        if offered != want:
            mismatches.append(("GET", R + " actions∋reopen", role, scope, want, st,
                               "offered" if offered else "not offered"))
    print("access matrix: %d routes × roles × scopes, %d cells, %d mismatches"
          % (len(EXPECTED), n, len(mismatches)))
    if mismatches:
        print("  %-6s %-62s %-10s %-11s %-6s %s" % ("method", "route", "role", "scope",
                                                   "should", "got"))
        for m, p, role, scope, want, st, note in mismatches:
            print("  %-6s %-62s %-10s %-11s %-6s %s %s" % (
                m, p, role, scope, "allow" if want else "deny", st, note or ""))
    c.eq(len(mismatches), 0, "cells of the access matrix answered otherwise than expected")
    c.true(n >= len(EXPECTED) * 19, "every route tried in every cell: %d" % n)


if __name__ == "__main__":
    main()
