#!/usr/bin/env python3
"""API acceptance test against the real binary: sign-in, import and publish of the 2012 seed,
targets, tasks by lead unit, the organisation on three dates, the access matrix (every role ×
every endpoint × inside/outside its unit), bad input (nothing stored), API tokens, logout,
the login rate limit, OpenAPI coverage, and a graceful stop.

usage: api_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import os
import re
import signal
import socket
import sys

from harness import (Check, Client, Database, PASSWORD, SEED_2008, SEED_2012, Server,
                     workplan)

USERS = [  # username, role, unit code (valid today)
    ("admin", "admin", None),
    ("kehoach", "planner", "KHTC"),
    ("vieclam", "editor", "VL"),
    ("hanoi.nhap", "editor", "01"),
    ("hanoi.duyet", "approver", "01"),
    ("haiphong.nhap", "editor", "31"),
    ("lanhdao", "viewer", None),
]


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    try:
        for name, role, unit in USERS:
            args = ["user", "add", name, "--role", role, "--password-stdin", "--db", db.url]
            if unit:
                args += ["--unit", unit]
            workplan(binary, *args, stdin=PASSWORD + "\n")
        bad = workplan(binary, "user", "add", "x", "--role", "editor", "--password-stdin",
                       "--db", db.url, stdin=PASSWORD + "\n", check=False)
        c.eq(bad.returncode, 1, "user add of an editor without a unit is refused")
        c.true("unit" in bad.stderr, "the refusal names the field: " + bad.stderr)

        static = os.path.join(db.tmp, "dist")
        os.makedirs(os.path.join(static, "assets"))
        with open(os.path.join(static, "index.html"), "w") as f:
            f.write("<!doctype html><title>workplan</title>")
        with open(os.path.join(static, "assets", "app.js"), "w") as f:
            f.write("console.log(1)")
        server = Server(binary, db.url, ["--static", static])
        try:
            static_files(server.port, c)
            run(server.port, db, c)
        finally:
            code = server.stop(signal.SIGTERM)
        c.eq(code, 0, "SIGTERM stops the server cleanly")
        server_log(server.log_text(), c)
    finally:
        db.close()
    c.finish("api_test[%s]" % backend)


def server_log(text, c):
    """The server's log after the whole run: a line per request, refused ones too, and no secret."""
    access = [l for l in text.splitlines() if " info access " in l]
    c.true(len(access) >= 100, "an access line per request: %d" % len(access))
    c.true(any("route=/api/v1/programs/{id} " in l for l in access), "lines name the pattern")
    c.true(any("route=rejected status=413" in l for l in access), "the oversized body is logged")
    c.true(any("route=static " in l for l in access), "static files are logged")
    c.true(all(re.search(r" request_id=[0-9A-Za-z._-]+$", l) for l in access),
           "each line ends with its request id")
    c.true(PASSWORD not in text, "no password in the log")
    # The audit anchor's lines carry the chain's head hash, which is no secret.
    kept = "\n".join(l for l in text.splitlines() if " audit_anchor " not in l)
    c.eq(re.findall(r"[0-9A-Za-z_-]{32,}", kept), [], "no session, API or CSRF token in the log")


def static_files(port, c):
    cl = Client(port)
    status, body, resp = cl.request("GET", "/")
    c.eq((status, resp.getheader("Content-Type")), (200, "text/html; charset=utf-8"), "index page")
    status, body, _ = cl.request("GET", "/programs/5/targets")
    c.true(status == 200 and b"<title>workplan" in body, "the app's own routes get the index page")
    status, body, resp = cl.request("GET", "/assets/app.js")
    c.eq((status, resp.getheader("Content-Type")), (200, "text/javascript; charset=utf-8"), "asset")
    c.eq(cl.request("GET", "/assets/missing.js")[0], 404, "a missing asset is 404, not the index")
    c.eq(cl.request("GET", "/assets/%2e%2e/%2e%2e/etc/passwd")[0], 404, "no way out of web/dist")
    c.eq(cl.request("POST", "/")[0], 405, "static files are read-only")
    _, _, page = cl.request("GET", "/")
    _, _, api = cl.request("GET", "/api/v1/programs")
    c.eq((page.getheader("Referrer-Policy"), api.getheader("Referrer-Policy")),
         ("no-referrer", "no-referrer"), "no address leaves with a link, from a page or the API")
    c.true("frame-ancestors 'none'" in (page.getheader("Content-Security-Policy") or "") and
           "frame-ancestors 'none'" in (api.getheader("Content-Security-Policy") or ""),
           "neither a page nor an answer of the API may be framed")
    # Exactly one Host on HTTP/1.1 (RFC 9112 §3.2): none, or two, is refused before routing.
    for name, head in (("no Host", ""), ("two Hosts", "Host: a\r\nHost: b\r\n")):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(("GET /healthz HTTP/1.1\r\n%sConnection: close\r\n\r\n" % head).encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        c.true(answer.startswith(b"HTTP/1.1 400") and b"bad_host" in answer,
               "%s: 400 bad_host (%r)" % (name, answer[:60]))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        answer = sock.recv(65536)
    c.true(answer.startswith(b"HTTP/1.0 200"), "HTTP/1.0 without Host is served: %r" % answer[:40])


def run(port, db, c):
    anon = Client(port)
    status, body, _ = anon.request("GET", "/api/v1/programs")
    c.eq(status, 401, "anonymous list of programs")
    c.eq(body["error"]["code"], "not_signed_in", "error body names the reason")
    c.true(body["error"]["message"], "error message for users is present")

    clients = {}
    for name, _, _ in USERS:
        cl = Client(port)
        status, body = cl.login(name)
        c.eq(status, 200, "login " + name)
        clients[name] = cl
    status, _, resp = Client(port).request("POST", "/api/v1/session",
                                           {"username": "admin", "password": PASSWORD})
    cookie = resp.getheader("Set-Cookie") or ""
    c.true("HttpOnly" in cookie and "SameSite=Strict" in cookie,
           "session cookie is HttpOnly and SameSite=Strict: " + cookie)
    planner, admin, viewer = clients["kehoach"], clients["admin"], clients["lanhdao"]
    status, session, _ = planner.request("GET", "/api/v1/session")
    expires = dt.datetime.fromisoformat(session["expires_at"].replace("Z", "+00:00"))
    left = expires - dt.datetime.now(dt.timezone.utc)
    c.true(dt.timedelta(hours=7, minutes=50) < left <= dt.timedelta(hours=8),
           "the session says when it ends (8 h after sign-in): %s" % session["expires_at"])

    # Import and publish the 2012 decision.
    with open(SEED_2012, encoding="utf-8") as f:
        text_2012 = f.read()
    status, body, resp = planner.request("POST", "/api/v1/programs?name=molisa_2012.txt",
                                         text_2012, "text/plain; charset=utf-8")
    c.eq(status, 201, "planner imports the 2012 decision")
    pid = body["id"]
    c.eq(body["number"], "224/QĐ-LĐTBXH", "imported decision number")
    c.eq(resp.getheader("Location"), "/api/v1/programs/%d" % pid, "Location of the new program")
    status, body, _ = planner.request("POST", "/api/v1/programs", text_2012, "text/plain")
    c.eq(status, 409, "importing the same number again is refused")
    c.eq(body["error"]["code"], "program_exists", "duplicate import reason")

    status, body, _ = viewer.request("GET", "/api/v1/programs/%d" % pid)
    c.eq(status, 404, "a draft is invisible to a viewer")
    status, body, _ = viewer.request("GET", "/api/v1/programs")
    c.eq([p["id"] for p in body["items"]], [], "a viewer lists no drafts")
    status, body, _ = planner.request("POST", "/api/v1/programs/%d/publish" % pid)
    c.eq(status, 200, "planner publishes")
    c.eq(body["status"], "published", "status after publishing")
    status, body, _ = viewer.request("GET", "/api/v1/programs")
    c.eq([p["id"] for p in body["items"]], [pid], "a viewer lists the published program")

    status, body, _ = viewer.request("GET", "/api/v1/programs/%d/targets" % pid)
    c.eq(status, 200, "targets")
    items = body["items"]
    # 100 quantities, of which 7 state a target again (issue 16): II.2.1's jobs and rate, II.3.1's
    # export, II.7.2's two, and I.2's two growth notes are mentions of the first statement.
    c.eq(len(items), 94, "every target of the decision, once")
    part_one = [t for t in items if t["section"].startswith("I.")]
    c.eq(len(part_one), 33, "quantified targets in part I")
    c.true(all(isinstance(t["value"], (int, float)) and t["unit"] for t in part_one),
           "every part-I target has a value and a unit")
    fields = {"id", "section", "indicator", "raw", "value", "unit", "comparator", "parent",
              "span", "approximate", "restates"}
    c.true(all(fields <= set(t) for t in items), "targets carry the plan-json fields and an id")
    c.true(len({t["id"] for t in items}) == 94, "target ids are distinct")
    merged = [t for t in items if len(t.get("mentions", [])) > 1]
    c.eq(sorted(m["section"] for t in merged for m in t["mentions"][1:]),
         ["I.2", "I.2", "II.2.1", "II.2.1", "II.3.1", "II.7.2", "II.7.2"],
         "the later statements are the targets' mentions")
    jobs = [t for t in part_one if t["value"] == 1600000 and t["unit"] == "người"]
    c.eq(len(jobs), 1, "the 1.600 ngàn jobs target")
    urban = [t for t in items if t["value"] == 4.3 and t["unit"] == "%"]
    c.true(any(t["comparator"] == "max" for t in urban),
           "urban unemployment below 4,3%% is a ceiling: %r" % urban)

    # Tasks by lead unit.
    units_2012 = {u["code"]: u for u in
                  viewer.request("GET", "/api/v1/org-units?at=2012-02-27")[1]["items"]}
    vl = units_2012["VL"]["id"]
    status, body, _ = planner.request("GET", "/api/v1/programs/%d/tasks?lead=VL" % pid)
    c.eq(status, 200, "tasks led by Cục Việc làm")
    c.true(len(body["items"]) >= 5, "Cục Việc làm leads several tasks: %d" % len(body["items"]))
    c.true(all(any(vl in [u["id"] for u in r["units"]] for r in t["resolved_leads"])
               for t in body["items"]), "each listed task is led by Cục Việc làm")
    hn, hp = units_2012["01"]["id"], units_2012["31"]["id"]
    hanoi = clients["hanoi.nhap"]
    status, body, _ = hanoi.request("GET", "/api/v1/programs/%d/tasks?lead=%d" % (pid, hn))
    c.eq(status, 200, "Hà Nội editor reads the tasks of Hà Nội (2012 unit, now merged)")
    c.true(len(body["items"]) > 0, "provinces lead tasks through the group phrase")
    status, mine, _ = hanoi.request("GET", "/api/v1/programs/%d/tasks" % pid)
    status_all, everything, _ = planner.request("GET", "/api/v1/programs/%d/tasks" % pid)
    c.true(0 < len(mine["items"]) < len(everything["items"]),
           "an editor sees only the tasks of its scope (%d of %d)" %
           (len(mine["items"]), len(everything["items"])))

    # The organisation on three dates.
    for at, n in (("2008-01-25", 64), ("2012-06-30", 63), ("2025-07-01", 34)):
        status, body, _ = viewer.request("GET", "/api/v1/org-units?at=%s&kind=province" % at)
        c.eq((status, len(body["items"])), (200, n), "provinces on " + at)
        c.true(all({"id", "code", "name"} <= set(u) for u in body["items"]), "unit fields")
    ha_tay = [u for u in viewer.request("GET", "/api/v1/org-units?at=2008-01-25&kind=province")[1]
              ["items"] if u["name"] == "Hà Tây"][0]
    status, body, _ = viewer.request("GET", "/api/v1/org-units/%d?at=2012-01-01" % ha_tay["id"])
    c.eq([u["name"] for u in body["became_by"]["units"]], ["Hà Nội"], "Hà Tây became Hà Nội")

    # A draft for the matrix: the 2008 decision, imported but not published.
    with open(SEED_2008, encoding="utf-8") as f:
        text_2008 = f.read()
    status, body, _ = planner.request("POST", "/api/v1/programs", text_2008, "text/plain")
    c.eq(status, 201, "planner imports the 2008 decision as a draft")
    draft = body["id"]

    matrix(port, clients, pid, draft, hn, hp, vl, text_2008, c)
    bad_input(clients["admin"], pid, db, c)
    corrections(clients, text_2012, c)
    tokens_and_logout(port, clients, c)
    rate_limit(port, c)
    openapi_covers_routes(admin, db, c)


def corrections(clients, text_2012, c):
    """A planner corrects what the parser read in a draft — a target's value (twice), a
    deadline, a section's lead — each kept, listed and audited; bad corrections are refused
    with the part named; the published program is the corrected one, and is closed to them."""
    planner, viewer, admin = clients["kehoach"], clients["lanhdao"], clients["admin"]
    text = text_2012.replace("224/QĐ-LĐTBXH", "225/QĐ-LĐTBXH")
    status, body, _ = planner.request("POST", "/api/v1/programs", text, "text/plain")
    c.eq((status, body.get("error")), (201, None), "a second copy of the 2012 decision as a draft")
    d = body["id"]
    base = "/api/v1/programs/%d" % d
    _, targets, _ = planner.request("GET", base + "/targets")
    jobs = [t for t in targets["items"] if t["value"] == 1600000 and t["unit"] == "người"][0]
    loc = "target:%d" % jobs["id"]

    status, _, _ = viewer.request("POST", base + "/corrections",
                                  {"locator": loc, "field": "value", "value": "1.650.000"})
    c.eq(status, 403, "a viewer may correct no program (refused by role before the body is "
         "read, the same answer for any id: nothing told of the draft)")
    status, _, _ = viewer.request("GET", base + "/corrections")
    c.eq(status, 404, "a viewer cannot see the draft")
    status, k, _ = planner.request("POST", base + "/corrections", {
        "locator": loc, "field": "value", "value": "1.650.000", "reason": "Bản ký ghi 1.650 ngàn"})
    c.eq((status, k.get("before"), k.get("after"), k.get("value"), k.get("by")),
         (201, "1.600.000 người", "1.650.000 người", "1650000", "kehoach"),
         "the planner corrects the jobs target; before and after as a reader writes them")
    _, targets, _ = planner.request("GET", base + "/targets")
    c.eq([t["value"] for t in targets["items"] if t["id"] == jobs["id"]], [1650000],
         "the draft reads corrected")
    status, k, _ = planner.request("POST", base + "/corrections",
                                   {"locator": loc, "field": "value", "value": "1.650.000"})
    c.eq((status, k["error"]["code"]), (400, "correction_invalid"),
         "a correction that changes nothing is refused")
    status, k, _ = planner.request("POST", base + "/corrections",
                                   {"locator": loc, "field": "value", "value": "1.600.000"})
    c.eq((status, k["before"]), (201, "1.650.000 người"), "and corrected back: a second correction")

    _, deadlines, _ = planner.request("GET", base + "/deadlines")
    dl = next(i for i, x in enumerate(deadlines["items"]) if x["due"])
    status, k, _ = planner.request("POST", base + "/corrections", {
        "locator": "deadline:%d" % dl, "field": "due", "value": "31/12/2012"})
    c.eq((status, k.get("after"), k.get("value")), (201, "31/12/2012", "2012-12-31"),
         "a deadline's date corrected")
    _, deadlines, _ = planner.request("GET", base + "/deadlines")
    c.eq(deadlines["items"][dl]["due"], "2012-12-31", "the deadline reads corrected")

    _, outline, _ = planner.request("GET", base + "/outline")
    sec = next(s for s in outline["items"]
               if [u["name"] for r in s["resolved_leads"] for u in r["units"]] == ["Cục Việc làm"])
    status, k, _ = planner.request("POST", base + "/corrections", {
        "locator": "section:" + sec["number"], "field": "lead", "value": "Tổng cục Dạy nghề"})
    c.eq((status, k.get("before"), k.get("after")),
         (201, "; ".join(sec["lead_units"]) or "(chưa rõ)", "Tổng cục Dạy nghề"),
         "a section's lead corrected")
    _, outline, _ = planner.request("GET", base + "/outline")
    now = next(s for s in outline["items"] if s["number"] == sec["number"])
    c.eq([u["name"] for r in now["resolved_leads"] for u in r["units"]], ["Tổng cục Dạy nghề"],
         "the section is led by the corrected unit")

    for bad, field in ((("target:%d" % jobs["id"], "value", "một triệu"), "value"),
                       (("target:99999999", "value", "5"), "locator"),
                       ((loc, "colour", "đỏ"), "field"),
                       ((loc, "unit", "  "), "value"),
                       ((loc, "indicator", ""), "value"),
                       (("deadline:%d" % dl, "due", "32/13/2012"), "value"),
                       (("section:" + sec["number"], "lead", "Sở Du hành Vũ trụ"), "value")):
        locator, f, value = bad
        status, b, _ = planner.request("POST", base + "/corrections",
                                       {"locator": locator, "field": f, "value": value})
        c.eq((status, b["error"]["code"], [x["field"] for x in b["error"]["details"]]),
             (400, "correction_invalid", [field]), "refused, naming %s: %r" % (field, bad))
    status, b, _ = planner.request("POST", base + "/corrections", {"field": "value"})
    c.eq((status, sorted(x["field"] for x in b["error"]["details"])),
         (400, ["locator", "value"]), "missing fields named")

    _, listed, _ = planner.request("GET", base + "/corrections")
    c.eq([(x["locator"], x["field"], x["after"]) for x in listed["items"]],
         [(loc, "value", "1.650.000 người"), (loc, "value", "1.600.000 người"),
          ("deadline:%d" % dl, "due", "31/12/2012"),
          ("section:" + sec["number"], "lead", "Tổng cục Dạy nghề")],
         "the corrections, in order")
    _, program, _ = planner.request("GET", base)
    c.eq(program["counts"]["corrections"], 4, "the program counts its corrections")
    _, audit, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    made = [e for e in audit["items"] if e["action"] == "program.correct" and e["entity_id"] == str(d)]
    c.eq([(e["before"]["value"], e["after"]["value"]) for e in made],
         [("1.600.000 người", "1.650.000 người"), ("1.650.000 người", "1.600.000 người"),
          (made[2]["before"]["value"], "31/12/2012"), (made[3]["before"]["value"], "Tổng cục Dạy nghề")],
         "each correction is audited with before and after")
    status, k, _ = planner.request("POST", base + "/corrections", {
        "locator": loc, "field": "indicator", "value": "Số người được tạo việc làm"})
    c.eq((status, k.get("before"), k.get("after")),
         (201, jobs["indicator"], "Số người được tạo việc làm"), "the target's indicator renamed")
    _, targets, _ = planner.request("GET", base + "/targets")
    c.eq([(t["indicator"], t["unit"]) for t in targets["items"] if t["id"] == jobs["id"]],
         [("Số người được tạo việc làm", "người")], "the draft reads renamed, its unit kept")

    status, _, _ = planner.request("POST", base + "/publish")
    c.eq(status, 200, "the corrected draft is published")
    _, deadlines, _ = viewer.request("GET", base + "/deadlines")
    c.eq(deadlines["items"][dl]["due"], "2012-12-31", "the published program is the corrected one")
    status, b, _ = planner.request("POST", base + "/corrections",
                                   {"locator": loc, "field": "value", "value": "2"})
    c.eq((status, b["error"]["code"]), (409, "program_published"),
         "a published program takes no more corrections")
    _, verify, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((verify["ok"], verify["problems"]), (True, []), "the audit chain and fingerprints hold")


def matrix(port, clients, pid, draft, hn, hp, vl, text_2008, c):
    managers = {"admin", "kehoach"}
    everyone = set(clients)
    counter = [0]

    def new_user():
        counter[0] += 1
        return {"username": "moi%d" % counter[0], "password": PASSWORD, "role": "viewer"}

    rows = []  # method, path, body, content type, {role: status}, anonymous status
    def allow(ok_roles, ok, other):
        return {u: (ok if u in ok_roles else other) for u in everyone}

    for sub in ("", "/targets", "/outline", "/tasks", "/budgets", "/deadlines", "/obligations",
                "/diagnostics", "/source"):
        rows.append(("GET", "/api/v1/programs/%d%s" % (pid, sub), None, None,
                     allow(everyone, 200, 0), 401))
        rows.append(("GET", "/api/v1/programs/%d%s" % (draft, sub), None, None,
                     allow(managers, 200, 404), 401))
    rows += [
        ("GET", "/api/v1/programs", None, None, allow(everyone, 200, 0), 401),
        ("GET", "/api/v1/me", None, None, allow(everyone, 200, 0), 401),
        ("GET", "/api/v1/session", None, None, allow(everyone, 200, 0), 401),
        ("GET", "/api/v1/org-units?at=2012-01-01", None, None, allow(everyone, 200, 0), 401),
        ("GET", "/api/v1/org-units/%d" % hn, None, None, allow(everyone, 200, 0), 401),
        ("POST", "/api/v1/programs?replace=draft", text_2008, "text/plain",
         allow(managers, 201, 403), 401),
        ("POST", "/api/v1/programs/%d/publish" % pid, None, None, allow(managers, 409, 403), 401),
        ("GET", "/api/v1/users", None, None, allow({"admin"}, 200, 403), 401),
        ("POST", "/api/v1/users", new_user, None, allow({"admin"}, 201, 403), 401),
        ("GET", "/api/v1/audit", None, None, allow({"admin"}, 200, 403), 401),
        ("GET", "/api/v1/audit/verify", None, None, allow({"admin"}, 200, 403), 401),
        # Unit scope: the tasks a unit leads.
        ("GET", "/api/v1/programs/%d/tasks?lead=%d" % (pid, hn), None, None,
         {"admin": 200, "kehoach": 200, "lanhdao": 200, "hanoi.nhap": 200, "hanoi.duyet": 200,
          "haiphong.nhap": 403, "vieclam": 403}, 401),
        ("GET", "/api/v1/programs/%d/tasks?lead=%d" % (pid, hp), None, None,
         {"admin": 200, "kehoach": 200, "lanhdao": 200, "hanoi.nhap": 403, "hanoi.duyet": 403,
          "haiphong.nhap": 200, "vieclam": 403}, 401),
        ("GET", "/api/v1/programs/%d/tasks?lead=%d" % (pid, vl), None, None,
         {"admin": 200, "kehoach": 200, "lanhdao": 200, "hanoi.nhap": 403, "hanoi.duyet": 403,
          "haiphong.nhap": 403, "vieclam": 200}, 401),
    ]
    anon = Client(port)
    for method, path, body, ctype, expected, anon_status in rows:
        for user in sorted(everyone):
            # The 2008 draft is replaced by a manager's import: follow its new id.
            want = expected[user]
            b = body() if callable(body) else body
            status, resp, _ = clients[user].request(method, path, b, ctype)
            c.eq(status, want, "%s %s as %s" % (method, path, user))
            if status >= 400:
                c.true(isinstance(resp, dict) and "error" in resp,
                       "%s %s as %s: error body" % (method, path, user))
        b = body() if callable(body) else body
        status, _, _ = anon.request(method, path, b, ctype)
        c.eq(status, anon_status, "%s %s anonymously" % (method, path))
    # A manager's replace gave the draft a new id; the old one is gone for everyone.
    status, _, _ = clients["admin"].request("GET", "/api/v1/programs/%d" % draft)
    c.eq(status, 404, "a replaced draft's id is gone")


def counts(admin, db):
    programs = admin.request("GET", "/api/v1/programs")[1]["items"]
    audit = admin.request("GET", "/api/v1/audit?limit=1000")[1]["items"]
    users = admin.request("GET", "/api/v1/users")[1]["items"]
    return len(programs), len(audit), len(users)


def bad_input(admin, pid, db, c):
    before = counts(admin, db)
    cases = [
        ("POST", "/api/v1/users", "{not json", "application/json", 400, "malformed_json"),
        ("POST", "/api/v1/users", "[1,2]", "application/json", 400, "malformed_json"),
        ("POST", "/api/v1/users", {"username": 5, "password": PASSWORD, "role": "viewer"}, None,
         400, "invalid_fields"),
        ("POST", "/api/v1/users", {"username": "ok.name", "password": "short", "role": "viewer"},
         None, 400, "weak_password"),
        ("POST", "/api/v1/users", {"username": "x1", "password": PASSWORD, "role": "king"}, None,
         400, "invalid_fields"),
        ("POST", "/api/v1/users", {"username": "x2", "password": PASSWORD, "role": "editor",
                                   "unit_id": 99999999}, None, 400, "invalid_user"),
        ("POST", "/api/v1/users", {"username": "admin", "password": PASSWORD, "role": "viewer"},
         None, 409, "user_exists"),
        ("POST", "/api/v1/session", {"username": ["a"], "password": 1}, None, 400,
         "invalid_fields"),
        ("GET", "/api/v1/programs/999999", None, None, 404, "program_not_found"),
        ("GET", "/api/v1/programs/abc/targets", None, None, 404, "program_not_found"),
        ("GET", "/api/v1/programs/%d/nothing" % pid, None, None, 404, "not_found"),
        ("GET", "/api/v1/org-units/99999999", None, None, 404, "unit_not_found"),
        ("GET", "/api/v1/org-units?at=2012-13-45", None, None, 400, "bad_date"),
        ("GET", "/api/v1/org-units?kind=galaxy", None, None, 400, "bad_kind"),
        ("GET", "/api/v1/programs/%d/tasks?lead=NOPE" % pid, None, None, 404, "unit_not_found"),
        ("POST", "/api/v1/programs", "xin chào", "text/plain", 400, "not_a_document"),
        ("POST", "/api/v1/programs", b"\xff\xfe bad", "text/plain", 400, "invalid_utf8"),
        ("POST", "/api/v1/programs", {"text": "x"}, None, 415, "unsupported_media_type"),  # issue 19: 415
        ("POST", "/api/v1/programs?replace=all", "x", "text/plain", 400, "bad_parameter"),
        ("DELETE", "/api/v1/programs", None, None, 405, "method_not_allowed"),
        ("GET", "/api/v1/audit?limit=-3", None, None, 400, "bad_parameter"),
    ]
    for method, path, body, ctype, want, reason in cases:
        status, resp, _ = admin.request(method, path, body, ctype)
        c.eq(status, want, "%s %s %r" % (method, path, body if not isinstance(body, bytes) else "bytes"))
        c.eq(resp.get("error", {}).get("code") if isinstance(resp, dict) else resp, reason,
             "reason of %s %s" % (method, path))
    # Field details name the field.
    status, resp, _ = admin.request("POST", "/api/v1/users",
                                    {"username": 5, "password": PASSWORD, "role": "viewer"})
    c.eq([d["field"] for d in resp["error"]["details"]], ["username"], "details name the field")
    # Without the CSRF token an unsafe request is refused, whatever it is.
    status, resp, _ = admin.request("POST", "/api/v1/users",
                                    {"username": "nocsrf", "password": PASSWORD, "role": "viewer"},
                                    csrf=False)
    c.eq((status, resp["error"]["code"]), (403, "csrf_token_missing"), "missing CSRF token")
    status, resp, _ = admin.request("POST", "/api/v1/users",
                                    {"username": "badcsrf", "password": PASSWORD, "role": "viewer"},
                                    headers={"X-CSRF-Token": "0" * 32}, csrf=False)
    c.eq(status, 403, "wrong CSRF token")
    # An oversized body is refused before it is read whole.
    status, resp, _ = admin.request("POST", "/api/v1/programs", b"a" * (17 << 20), "text/plain")
    c.eq(status, 413, "oversized body")
    c.eq(counts(admin, db), before, "nothing stored by any refused request (programs, audit, users)")


def tokens_and_logout(port, clients, c):
    planner = clients["kehoach"]
    status, body, _ = planner.request("POST", "/api/v1/tokens", {"name": "máy tổng hợp"})
    c.eq(status, 201, "a planner creates an API token")
    machine = Client(port)
    machine.token = body["token"]
    status, body, _ = machine.request("GET", "/api/v1/me")
    c.eq((status, body.get("username")), (200, "kehoach"), "the token acts as its owner")
    status, _, _ = machine.request("POST", "/api/v1/tokens", {"name": "thứ hai"})
    c.eq(status, 201, "bearer tokens need no CSRF token")
    machine.token = "wpt_" + "0" * 64
    status, body, _ = machine.request("GET", "/api/v1/me")
    c.eq((status, body["error"]["code"]), (401, "bad_token"), "an unknown token")

    viewer = clients["lanhdao"]
    status, _, _ = viewer.request("DELETE", "/api/v1/session")
    c.eq(status, 204, "logout")
    status, _, _ = viewer.request("GET", "/api/v1/me")
    c.eq(status, 401, "after logout the cookie is cleared")
    stolen = Client(port)
    stolen.cookie = clients["kehoach"].cookie
    clients["kehoach"].request("DELETE", "/api/v1/session")
    status, _, _ = stolen.request("GET", "/api/v1/me")
    c.eq(status, 401, "a logged-out session is dead on the server, not only in the browser")


def rate_limit(port, c):
    cl = Client(port)
    statuses = [cl.login("hanoi.duyet", "sai-mat-khau")[0] for _ in range(5)]
    c.eq(statuses, [401] * 5, "wrong passwords")
    status, body = cl.login("hanoi.duyet", PASSWORD)
    c.eq((status, body["error"]["code"]), (429, "too_many_attempts"),
         "after 5 failures even the right password waits")
    status, _ = Client(port).login("nobody", "x")
    c.eq(status, 401, "unknown user: same answer as a wrong password")


def openapi_covers_routes(admin, db, c):
    status, spec, _ = Client(admin.port).request("GET", "/api/v1/openapi.json")
    c.eq(status, 200, "openapi.json is public")
    paths = set(spec["paths"])
    _, metrics, _ = admin.request("GET", "/metrics")
    text = metrics.decode() if isinstance(metrics, bytes) else metrics
    import re
    routes = set(re.findall(r'route="([^"]+)"', text))
    internal = {"static", "unmatched", "unauthenticated", "csrf", "rejected"}
    missing = sorted(r for r in routes - internal if r not in paths)
    c.eq(missing, [], "every route answered is described in openapi.json")
    c.true(len(routes - internal) >= 20, "the test reached most routes: %d" % len(routes))
    c.true("workplan_http_request_duration_seconds_bucket" in text, "latency histogram")
    # The store's writer (group commit; on PostgreSQL too since issue 20) shows how many writes
    # it ran in how many transactions.
    store = {k: float(v) for k, v in re.findall(
        r"^workplan_store_(writes|transactions|writer_busy_seconds|commit_seconds)_total (\S+)$",
        text, re.M)}
    c.true(store.get("writes", 0) >= store.get("transactions", 0) >= 1 and
           store.get("writer_busy_seconds", 0) >= store.get("commit_seconds", 0) > 0,
           "the store's writer is counted on %s: %s" % (db.backend, store))


if __name__ == "__main__":
    main()
