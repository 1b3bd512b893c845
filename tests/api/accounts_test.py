#!/usr/bin/env python3
"""Accounts, their whole life, against the real binary (issue 15, point 3): an admin creates,
edits, deactivates and activates accounts (effective at once for open sessions and tokens; not
oneself, never the last admin); the password policy (libpwquality) refuses 12345678, password
and matkhau123; a reset code works once and ends the account's sessions; one's own password
change ends the other sessions; API tokens expire (the clock 400 days ahead), are revoked and
listed with their last use; the sign-in limit lives in the database (it survives a restart and
holds on a second server), per account and per source address, answering 429 with Retry-After;
sign-in is JSON only (a form: 415); the cookie gets Secure by flag or from a trusted proxy; a
session or token row inserted by hand is refused and named by `audit verify`.

usage: accounts_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import hashlib
import os
import sys

from harness import (Check, Client, Database, PASSWORD, Server, set_clock, workplan)

DAY = dt.date(2012, 3, 15)
GOOD = "Lua-chin-vang-2012"
NEWER = "Song-Hong-mua-lu-7"


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    clock = os.path.join(db.tmp, "clock")
    set_clock(clock, DAY)
    os.environ["WORKPLAN_CLOCK_FILE"] = clock
    servers = []
    try:
        out = workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin",
                       "--db", db.url, stdin="12345678\n", check=False)
        c.true(out.returncode != 0 and "weak_password" in out.stderr,
               "the command line refuses 12345678 too: " + out.stderr)
        workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin",
                 "--db", db.url, stdin=PASSWORD + "\n")
        server = Server(binary, db.url)
        servers.append(server)
        lifecycle(server.port, db, clock, c)
        forged(binary, server.port, db, c)
        # The sign-in limit survives a restart and holds on a second server.
        limit_before_restart(server.port, c)
        c.eq(server.stop(), 0, "SIGTERM stops the server cleanly")
        servers.remove(server)
        a, b = Server(binary, db.url), Server(binary, db.url)
        servers += [a, b]
        limit_after_restart(a.port, b.port, clock, c)
        cookies(binary, db, c, servers)
        cli(binary, db, c)
        token_expiry_listed(a.port, clock, c)
    finally:
        for s in servers:
            s.stop()
        db.close()
    c.finish("accounts_test[%s]" % backend)


def errcode(body):
    return body.get("error", {}).get("code") if isinstance(body, dict) else body


def fields(body):
    return [d["field"] for d in body.get("error", {}).get("details", [])]


def lifecycle(port, db, clock, c):
    admin = Client(port)
    # Sign-in is JSON only: a form or text/plain from another site's page is refused.
    st, body, _ = admin.request("POST", "/api/v1/session",
                                "username=admin&password=" + PASSWORD,
                                "application/x-www-form-urlencoded")
    c.eq((st, errcode(body)), (415, "unsupported_media_type"), "a form-encoded sign-in: 415")
    st, body, _ = admin.request("POST", "/api/v1/session",
                                '{"username":"admin","password":"%s"}' % PASSWORD, "text/plain")
    c.eq((st, errcode(body)), (415, "unsupported_media_type"), "a text/plain sign-in: 415")
    c.eq(admin.login("admin")[0], 200, "admin signs in with JSON")
    _, units, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    unit = {u["code"]: u for u in units["items"]}
    hn, hp = unit["01"], unit["31"]

    # The password policy.
    for weak in ("12345678", "password", "matkhau123", "Password123"):
        st, body, _ = admin.request("POST", "/api/v1/users", {
            "username": "hanoi.nhap", "password": weak, "role": "editor", "unit_id": hn["id"]})
        c.eq((st, errcode(body), fields(body)), (400, "weak_password", ["password"]),
             "the password %r is refused" % weak)
        c.true(st != 400 or any(ch in body["error"]["details"][0]["message"] for ch in "ảấự"),
               "the refusal of %r says why in Vietnamese" % weak)
    st, editor, _ = admin.request("POST", "/api/v1/users", {
        "username": "hanoi.nhap", "password": GOOD, "role": "editor", "unit_id": hn["id"],
        "display_name": "Nguyễn Văn A"})
    c.eq(st, 201, "an editor with a good password is created")
    c.eq((editor.get("unit_code"), editor.get("active"), editor.get("last_login_at")),
         ("01", True, None), "the new account as the contract lists it")
    uid = editor["id"]

    e1, e2 = Client(port), Client(port)
    c.eq(e1.login("hanoi.nhap", GOOD)[0], 200, "the editor signs in (browser 1)")
    c.eq(e2.login("hanoi.nhap", GOOD)[0], 200, "the editor signs in (browser 2)")
    _, users, _ = admin.request("GET", "/api/v1/users")
    row = next(u for u in users["items"] if u["id"] == uid)
    c.true(row["last_login_at"] is not None, "the list shows the last sign-in")

    # An edit is effective at once for the open session, and audited with before and after.
    st, body, _ = admin.request("PATCH", "/api/v1/users/%d" % uid,
                                {"role": "approver", "unit_id": hp["id"]})
    c.eq((st, body.get("role"), body.get("unit_id")), (200, "approver", hp["id"]),
         "the admin makes the editor Hải Phòng's approver")
    st, me, _ = e1.request("GET", "/api/v1/me")
    c.eq((st, me.get("role"), me.get("unit_id")), (200, "approver", hp["id"]),
         "the open session acts with the new role and unit at once")
    _, audit, _ = admin.request("GET", "/api/v1/audit?limit=1000")
    upd = [e for e in audit["items"] if e["action"] == "user.update"]
    c.true(upd and upd[-1]["before"]["role"] == "editor" and upd[-1]["after"]["role"] == "approver",
           "the edit is audited with before and after")
    st, body, _ = admin.request("PATCH", "/api/v1/users/%d" % uid, {"role": "chief"})
    c.eq((st, fields(body)), (400, ["role"]), "an unknown role is refused, the field named")
    st, body, _ = admin.request("PATCH", "/api/v1/users/%d" % uid, {"role": "editor"})
    c.eq(st, 200, "back to editor")

    # Not oneself; never the last admin.
    _, me, _ = admin.request("GET", "/api/v1/me")
    st, body, _ = admin.request("POST", "/api/v1/users/%d/deactivate" % me["id"])
    c.eq((st, errcode(body)), (409, "self_change"), "an admin cannot deactivate themselves")
    st, body, _ = admin.request("PATCH", "/api/v1/users/%d" % me["id"], {"role": "viewer"})
    c.eq((st, errcode(body)), (409, "self_change"), "an admin cannot demote themselves")
    st, body, _ = e1.request("POST", "/api/v1/users/%d/deactivate" % me["id"])
    c.eq(st, 403, "an editor cannot deactivate anyone")

    # Tokens: named, expiring, listed with their last use, revoked.
    st, body, _ = e1.request("POST", "/api/v1/tokens", {"name": "máy tổng hợp",
                                                         "expires_in_days": 366})
    c.eq((st, errcode(body)), (400, "invalid_expiry"), "a token of more than 365 days: 400")
    st, tok, _ = e1.request("POST", "/api/v1/tokens", {"name": "máy tổng hợp"})
    c.eq(st, 201, "the editor makes a token")
    expires = dt.date.fromisoformat(tok["expires_at"][:10])
    c.eq((expires - dt.date(2012, 3, 15)).days in (89, 90, 91), True,
         "a token lasts 90 days by default: " + tok["expires_at"])
    bot = Client(port)
    bot.token = tok["token"]
    st, me, _ = bot.request("GET", "/api/v1/me")
    c.eq((st, me.get("username")), (200, "hanoi.nhap"), "the token works")
    _, listed, _ = e1.request("GET", "/api/v1/tokens")
    row = next(t for t in listed["items"] if t["id"] == tok["id"])
    c.true(row["last_used_at"] is not None and "token" not in row,
           "the list shows the last use, never the token")
    c.eq(row.get("expired"), False, "a fresh token is not expired")
    st, _, _ = admin.request("GET", "/api/v1/tokens?user_id=%d" % uid)
    c.eq(st, 200, "the admin lists another account's tokens")
    st, _, _ = e1.request("GET", "/api/v1/tokens?user_id=1")
    c.eq(st, 403, "an editor cannot list the admin's tokens")
    set_clock(clock, DAY + dt.timedelta(days=400))
    st, body, _ = bot.request("GET", "/api/v1/me")
    c.eq((st, errcode(body) in ("token_expired", "bad_token")), (401, True),
         "a token used with the clock 400 days ahead is refused")
    set_clock(clock, DAY)
    st, tok2, _ = e1.request("POST", "/api/v1/tokens", {"name": "thu hồi", "expires_in_days": 7})
    bot2 = Client(port)
    bot2.token = tok2["token"]
    c.eq(bot2.request("GET", "/api/v1/me")[0], 200, "a second token works")
    c.eq(e1.request("DELETE", "/api/v1/tokens/%d" % tok2["id"])[0], 204, "its owner revokes it")
    st, body, _ = bot2.request("GET", "/api/v1/me")
    c.eq((st, errcode(body)), (401, "bad_token"), "a revoked token is refused at once")
    _, listed, _ = e1.request("GET", "/api/v1/tokens")
    row = next(t for t in listed["items"] if t["id"] == tok2["id"])
    c.true(row["revoked_at"] is not None, "the list shows it revoked")
    st, tok3, _ = e1.request("POST", "/api/v1/tokens", {"name": "khóa", "expires_in_days": 30})
    bot3 = Client(port)
    bot3.token = tok3["token"]

    # Deactivation: the open session and the token are refused at once; sign-in too.
    st, body, _ = admin.request("POST", "/api/v1/users/%d/deactivate" % uid)
    c.eq((st, body.get("active")), (200, False), "the admin deactivates the editor")
    c.eq(e1.request("GET", "/api/v1/me")[0], 401, "its open session is refused at once")
    c.eq(bot3.request("GET", "/api/v1/me")[0], 401, "its token is refused at once")
    st, body = Client(port).login("hanoi.nhap", GOOD)
    c.eq((st, errcode(body)), (401, "bad_credentials"),
         "an inactive account signs in as a wrong password does")
    st, body, _ = admin.request("POST", "/api/v1/users/%d/activate" % uid)
    c.eq((st, body.get("active")), (200, True), "the admin activates it again")
    c.eq(e1.request("GET", "/api/v1/me")[0], 401, "the ended session stays ended")
    c.eq(bot3.request("GET", "/api/v1/me")[0], 401, "the revoked token stays revoked")

    # One's own password: the current one required; the other sessions end, this one stays.
    c.eq(e1.login("hanoi.nhap", GOOD)[0], 200, "signs in again (1)")
    c.eq(e2.login("hanoi.nhap", GOOD)[0], 200, "signs in again (2)")
    st, body, _ = e1.request("PUT", "/api/v1/me/password",
                             {"current_password": "sai-mat-khau", "new_password": NEWER})
    c.eq((st, errcode(body)), (400, "bad_current_password"), "a wrong current password: 400")
    st, body, _ = e1.request("PUT", "/api/v1/me/password",
                             {"current_password": GOOD, "new_password": "12345678"})
    c.eq((st, errcode(body)), (400, "weak_password"), "a weak new password: 400")
    st, _, _ = e1.request("PUT", "/api/v1/me/password",
                          {"current_password": GOOD, "new_password": NEWER})
    c.eq(st, 204, "the editor changes the password")
    c.eq(e1.request("GET", "/api/v1/me")[0], 200, "this session stays")
    c.eq(e2.request("GET", "/api/v1/me")[0], 401, "the other session ended")
    c.eq(Client(port).login("hanoi.nhap", GOOD)[0], 401, "the old password no longer works")
    c.eq(e2.login("hanoi.nhap", NEWER)[0], 200, "the new one does")

    # A reset code: once, queued in the outbox to the account, ends the sessions.
    st, issued, _ = admin.request("POST", "/api/v1/users/%d/password-reset" % uid)
    c.eq(st, 201, "the admin asks for a reset code")
    code = issued.get("code", "")
    c.true(len(code) >= 16 and issued.get("reset_url", "").startswith("/reset"),
           "a code and the page to enter it: %r" % issued)
    _, outbox, _ = admin.request("GET", "/api/v1/outbox")
    msgs = [m for m in outbox["items"] if m["kind"] == "password_reset"]
    c.true(msgs and code in msgs[-1]["body"] and msgs[-1]["unit"] is None
           and msgs[-1].get("user", {}).get("id") == uid,
           "the code is queued in the outbox as a message to the account")
    rows = db.execute("SELECT code_hash FROM password_resets")
    stored = str(rows)
    c.true(code not in stored and code.replace("-", "") not in stored,
           "the code is stored only as its hash")
    anon = Client(port)
    st, body, _ = anon.request("POST", "/api/v1/password-reset",
                               {"code": code, "new_password": "password"})
    c.eq((st, errcode(body)), (400, "weak_password"), "a reset to a weak password: 400")
    st, _, _ = anon.request("POST", "/api/v1/password-reset",
                            {"code": code.lower(), "new_password": GOOD + "x"})
    c.eq(st, 204, "the code sets a new password")
    st, body, _ = anon.request("POST", "/api/v1/password-reset",
                               {"code": code, "new_password": GOOD + "y"})
    c.eq((st, errcode(body)), (400, "reset_code_invalid"), "a code works once")
    c.eq(e1.request("GET", "/api/v1/me")[0], 401, "the reset ended the sessions (1)")
    c.eq(e2.request("GET", "/api/v1/me")[0], 401, "the reset ended the sessions (2)")
    c.eq(e1.login("hanoi.nhap", GOOD + "x")[0], 200, "the new password signs in")
    _, issued, _ = admin.request("POST", "/api/v1/users/%d/password-reset" % uid)
    set_clock(clock, DAY, hour=10)
    st, body, _ = anon.request("POST", "/api/v1/password-reset",
                               {"code": issued["code"], "new_password": GOOD + "z"})
    c.eq((st, errcode(body)), (400, "reset_code_invalid"), "a code past its 30 minutes: 400")
    set_clock(clock, DAY)

    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((st, v.get("ok"), v.get("problems")), (200, True, []),
         "the audit verifies after the whole life of the account")


def forged(binary, port, db, c):
    """Rows inserted by hand act as nobody, and the audit names them."""
    token = "f" * 64
    h = hashlib.sha256(token.encode()).hexdigest()
    db.execute("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) "
               "VALUES ('%s', 1, 'x', '2012-03-15T00:00:00Z', '2099-01-01T00:00:00Z')" % h)
    forged_client = Client(port)
    forged_client.cookie = "wp_session=" + token
    st, body, _ = forged_client.request("GET", "/api/v1/me")
    c.eq(st, 401, "a session row inserted by hand is refused")
    api_token = "wpt_" + "e" * 64
    th = hashlib.sha256(api_token.encode()).hexdigest()
    db.execute("INSERT INTO api_tokens(user_id, name, token_hash, created_at, expires_at) "
               "VALUES (1, 'x', '%s', '2012-03-15T00:00:00Z', '2099-01-01T00:00:00Z')" % th)
    bot = Client(port)
    bot.token = api_token
    c.eq(bot.request("GET", "/api/v1/me")[0], 401, "a token row inserted by hand is refused")
    out = workplan(binary, "audit", "verify", "--db", db.url, check=False)
    c.true(out.returncode != 0, "audit verify fails")
    text = out.stdout + out.stderr
    c.true("Phiên" in text and h[:12] in text, "audit verify names the forged session: " + text)
    c.true("Mã truy cập" in text, "audit verify names the forged token: " + text)
    db.execute("DELETE FROM sessions WHERE token_hash = '%s'" % h)
    db.execute("DELETE FROM api_tokens WHERE token_hash = '%s'" % th)


def limit_before_restart(port, c):
    admin = Client(port)
    admin.login("admin")
    admin.request("POST", "/api/v1/users", {"username": "bi.khoa", "password": GOOD,
                                            "role": "viewer"})
    cl = Client(port)
    statuses = [cl.login("bi.khoa", "sai-mat-khau")[0] for _ in range(5)]
    c.eq(statuses, [401] * 5, "five wrong passwords")
    st, body, resp = cl.request("POST", "/api/v1/session",
                                {"username": "bi.khoa", "password": GOOD})
    c.eq((st, errcode(body)), (429, "too_many_attempts"),
         "after five failures even the right password waits")
    retry = resp.getheader("Retry-After")
    c.true(retry is not None and 1 <= int(retry) <= 30, "429 says when: Retry-After %r" % retry)


def limit_after_restart(port_a, port_b, clock, c):
    for port, name in ((port_a, "after a restart"), (port_b, "on a second server")):
        st, body = Client(port).login("bi.khoa", GOOD)
        c.eq((st, errcode(body)), (429, "too_many_attempts"), "the limit holds " + name)
    set_clock(clock, DAY, hour=9)
    # 31 s later: the account may try again; one more failure doubles the wait.
    t = dt.datetime.combine(DAY, dt.time(9)) - dt.timedelta(hours=7) + dt.timedelta(seconds=31)
    with open(clock, "w") as f:
        f.write(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
    c.eq(Client(port_b).login("bi.khoa", "sai-mat-khau")[0], 401, "after 30 s it may try again")
    st, body, resp = Client(port_a).request("POST", "/api/v1/session",
                                            {"username": "bi.khoa", "password": GOOD})
    retry = int(resp.getheader("Retry-After") or 0)
    c.eq((st, 30 < retry <= 60), (429, True), "the sixth failure holds it for 60 s: %r" % retry)
    t += dt.timedelta(seconds=61)
    with open(clock, "w") as f:
        f.write(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
    c.eq(Client(port_a).login("bi.khoa", GOOD)[0], 200, "the right password then signs in")
    # Per source address: 50 failures in 15 minutes hold back every account from it.
    cl = Client(port_b)
    statuses = [cl.login("khach%d" % i, "sai-mat-khau")[0] for i in range(60)]
    c.true(statuses.count(429) >= 5 and statuses[:30] == [401] * 30,
           "many names from one address: held back after 50 failures (%d x 429)"
           % statuses.count(429))
    st, body = Client(port_a).login("admin")
    c.eq((st, errcode(body)), (429, "too_many_attempts"),
         "the address is held back on the other server too")
    st, body, _ = Client(port_a).request("POST", "/api/v1/password-reset",
                                         {"code": "AAAA-BBBB", "new_password": GOOD})
    c.eq((st, errcode(body)), (429, "too_many_attempts"), "the reset route is limited alike")
    t += dt.timedelta(minutes=20)
    with open(clock, "w") as f:
        f.write(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
    c.eq(Client(port_a).login("admin")[0], 200, "20 minutes later the address may sign in")


def token_expiry_listed(port, clock, c):
    """The token list says which expired, by the server's clock (a rehearsal's clock is not the
    browser's, so the page cannot tell by itself). Last: signing in 8 days later clears the
    sessions that expired by then."""
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "the admin signs in")
    st, tok, _ = admin.request("POST", "/api/v1/tokens", {"name": "một tuần", "expires_in_days": 7})
    c.eq(st, 201, "a token for 7 days")
    set_clock(clock, DAY + dt.timedelta(days=8))
    later = Client(port)
    c.eq(later.login("admin")[0], 200, "the admin signs in 8 days later")
    _, listed, _ = later.request("GET", "/api/v1/tokens")
    row = next((t for t in listed.get("items", []) if t["id"] == tok.get("id")), {})
    c.eq(row.get("expired"), True, "the list says the 7-day token expired")
    set_clock(clock, DAY)


def cookies(binary, db, c, servers):
    for extra, headers, want, what in (
            ((), {}, False, "by default"),
            ((), {"X-Forwarded-Proto": "https"}, False, "X-Forwarded-Proto from an untrusted peer"),
            (("--cookie-secure",), {}, True, "with --cookie-secure"),
            (("--trusted-proxy", "127.0.0.1"), {"X-Forwarded-Proto": "https"}, True,
             "via HTTPS per a trusted proxy"),
            (("--trusted-proxy", "127.0.0.1"), {}, False, "via plain HTTP per a trusted proxy")):
        s = Server(binary, db.url, extra)
        servers.append(s)
        try:
            cl = Client(s.port)
            st, _, resp = cl.request("POST", "/api/v1/session",
                                     {"username": "admin", "password": PASSWORD}, headers=headers)
            cookie = resp.getheader("Set-Cookie") or ""
            c.eq((st, "; Secure" in cookie), (200, want), "the cookie's Secure " + what)
        finally:
            s.stop()
            servers.remove(s)


def cli(binary, db, c):
    def run(*args, stdin=None):
        return workplan(binary, "user", *args, "--db", db.url, stdin=stdin, check=False)
    out = run("list")
    c.true(out.returncode == 0 and "hanoi.nhap" in out.stdout, "user list: " + out.stderr)
    out = run("edit", "hanoi.nhap", "--role", "viewer")
    c.true(out.returncode == 0, "user edit: " + out.stderr)
    out = run("deactivate", "hanoi.nhap")
    c.true(out.returncode == 0, "user deactivate: " + out.stderr)
    out = run("deactivate", "admin")
    c.true(out.returncode != 0 and "last_admin" in out.stderr,
           "the last admin cannot be deactivated: " + out.stderr)
    out = run("activate", "hanoi.nhap")
    c.true(out.returncode == 0, "user activate: " + out.stderr)
    out = run("reset-password", "hanoi.nhap")
    c.true(out.returncode == 0 and "/reset" in out.stdout, "user reset-password: " + out.stderr)
    out = workplan(binary, "audit", "verify", "--db", db.url, check=False)
    c.eq(out.returncode, 0, "audit verify passes after the command line's changes: " + out.stdout)


if __name__ == "__main__":
    main()
