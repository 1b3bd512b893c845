#!/usr/bin/env python3
"""Tamper evidence without holes (issue 15, point 6), against the real binary, as an attacker
with the database in hand would try it:

- the tail of the audit log cut (its triggers dropped on SQLite; on PostgreSQL as the owner)
  and the report rolled back to match (the command line's writes are anchored as well): the chain and the fingerprints still hold, but the
  anchor — the chain's head the server wrote to a file outside the database — names the cut
  (`audit verify --anchor`, and the API's verify with the server's anchor); the server does not
  overwrite that evidence, and a log grown back past the cut is named too (another hash at an
  anchored seq);
- the program's source text edited (alone, or with its stored SHA-256 recomputed): verify names
  it and `GET …/source` refuses to serve it (500 source_tampered) instead of serving the forgery;
- an account changed by hand is named by verify;
- on PostgreSQL the server runs as a role that owns nothing: it cannot disable the log's
  triggers, edit, delete or truncate the log, nor drop a table; a database it cannot migrate is
  refused with what to run; a server running as the owner says so in its log.

usage: tamper_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import hashlib
import os
import re
import sys
import time

from harness import (Check, Client, Database, PASSWORD, SEED_2012, Server, set_clock,
                     workplan)


def anchor_records(path):
    """The anchor file's records (seq, hash, time), oldest first; none when there is no file."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.split() for line in f if line.strip() and not line.startswith("#")]


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    clock = os.path.join(db.tmp, "clock")
    set_clock(clock, dt.date(2012, 4, 5))
    os.environ["WORKPLAN_CLOCK_FILE"] = clock
    try:
        run(binary, backend, db, c)
    finally:
        db.close()
    c.finish("tamper_test[%s]" % backend)


def verify(binary, db, *args, env_anchor=None):
    """`workplan audit verify` on the test database (with the anchor of the environment)."""
    if env_anchor is not None:
        os.environ["WORKPLAN_AUDIT_ANCHOR"] = env_anchor
    try:
        return workplan(binary, "audit", "verify", "--db", db.url, *args, check=False)
    finally:
        if env_anchor is not None:
            del os.environ["WORKPLAN_AUDIT_ANCHOR"]


def error_code(body):
    """An error answer's code; a text answer as its size (not the whole decision)."""
    return body.get("error", {}).get("code") if isinstance(body, dict) else \
        "%d bytes of text" % len(body)


def run(binary, backend, db, c):
    workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin", "--db",
             db.url, stdin=PASSWORD + "\n")
    out = workplan(binary, "import", SEED_2012, "--publish", "--db", db.url)
    pid = int(re.search(r"#(\d+)", out.stdout).group(1))
    # The command line's writes are anchored too, as the command ends.
    last = db.execute("SELECT max(seq) FROM audit_log")
    last = int(last[0][0] if isinstance(last, list) else last)
    c.eq([int(r[0]) for r in anchor_records(db.anchor)][-1:], [last],
         "the anchor holds the head the command line wrote (#%d)" % last)
    with open(SEED_2012, "rb") as f:
        seed_text = f.read().decode("utf-8")

    # ---- A report written, submitted and approved; the server anchors the head. ------------
    server = Server(binary, db.url)
    admin = Client(server.port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    _, units, _ = admin.request("GET", "/api/v1/org-units?at=2012-03-31&kind=province")
    hanoi = next(u for u in units["items"] if u["code"] == "01")
    people = {}
    for name, role in (("hanoi.nhap", "editor"), ("hanoi.duyet", "approver")):
        st, _, _ = admin.request("POST", "/api/v1/users", {"username": name, "password": PASSWORD,
                                                           "role": role, "unit_id": hanoi["id"]})
        c.eq(st, 201, "create " + name)
        people[name] = Client(server.port)
        c.eq(people[name].login(name)[0], 200, name + " signs in")
    url = "/api/v1/programs/%d/reports/r2/2012-M03/%d" % (pid, hanoi["id"])
    st, r, _ = people["hanoi.nhap"].request("PUT", url, {"version": 0, "submit": True})
    c.eq((st, r.get("status")), (200, "submitted"), "the editor submits March")
    rid, submitted_version = r["id"], r["version"]
    st, r, _ = people["hanoi.duyet"].request("POST", "/api/v1/reports/%d/approve" % rid,
                                             {"version": submitted_version})
    c.eq((st, r.get("status")), (200, "approved"), "the approver approves it")
    _, entries, _ = admin.request("GET", "/api/v1/audit?after=0&limit=1000")
    head = entries["items"][-1]
    c.eq(head["action"], "report.approve", "the approval is the log's last entry")
    head_seq = head["seq"]

    # Within a second of the write the anchor holds the head, and the log says so.
    deadline = time.time() + 5
    while time.time() < deadline:
        if [int(r[0]) for r in anchor_records(db.anchor)][-1:] == [head_seq]:
            break
        time.sleep(0.1)
    records = anchor_records(db.anchor)
    c.true(records and int(records[-1][0]) == head_seq,
           "the anchor file records the head #%d within a second: %r" % (head_seq, records[-1:]))
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((st, v.get("ok"), v.get("problems")), (200, True, []), "the untouched log verifies")
    c.eq((v.get("anchor") or {}).get("file"), db.anchor, "the API verifies with the anchor")
    c.eq(server.stop(), 0, "the server stops cleanly")
    c.true(re.search(r"audit_anchor.*seq.?=?.?%d" % head_seq, server.log_text()) is not None,
           "the log has a line of the anchored head #%d" % head_seq)

    ok = verify(binary, db, "--anchor", db.anchor)
    c.eq(ok.returncode, 0, "audit verify --anchor passes on the untouched log: " + ok.stderr)
    c.true("mốc neo" in ok.stdout, "it says it held the log against the anchor: " + ok.stdout)

    # A second server on the same database keeps its own anchor of what it saw; the first's,
    # now behind the log's head, still holds (its seq is in the log with its hash).
    other_anchor = os.path.join(db.tmp, "other-server.anchor")
    other = Server(binary, db.url, ["--audit-anchor", other_anchor])
    visitor = Client(other.port)
    c.eq(visitor.login("admin")[0], 200, "admin signs in on the second server")
    c.eq(visitor.request("DELETE", "/api/v1/session")[0], 204, "and signs out")
    c.eq(other.stop(), 0, "the second server stops cleanly")
    other_seq = int(anchor_records(other_anchor)[-1][0]) if anchor_records(other_anchor) else 0
    c.eq(other_seq, head_seq + 2, "the second server anchored its sign-in and sign-out")
    for name, path in (("the first server's", db.anchor), ("the second's", other_anchor)):
        both = verify(binary, db, "--anchor", path)
        c.eq(both.returncode, 0, "the log verifies against %s anchor: %s" % (name, both.stderr))

    # ---- The tail cut: the approval's entry (and what followed) deleted, the report rolled
    # back to match. ---------------------------------------------------------------------------
    if backend == "sqlite":
        db.execute("DROP TRIGGER audit_log_no_delete")
        db.execute("DELETE FROM audit_log WHERE seq >= %d" % head_seq)
    else:
        db.execute("ALTER TABLE audit_log DISABLE TRIGGER USER; "
                   "DELETE FROM audit_log WHERE seq >= %d; "
                   "UPDATE audit_head SET last_seq = %d, last_hash = (SELECT hash FROM audit_log "
                   "WHERE seq = %d); ALTER TABLE audit_log ENABLE TRIGGER USER"
                   % (head_seq, head_seq - 1, head_seq - 1))
    db.execute("UPDATE reports SET status = 'submitted', version = %d, approved_at = NULL "
               "WHERE id = %d" % (submitted_version, rid))
    hole = verify(binary, db, env_anchor="none")
    c.eq(hole.returncode, 0, "without an anchor the cut log still verifies (the hole): " +
         hole.stderr)
    cut = verify(binary, db, "--anchor", db.anchor)
    c.eq(cut.returncode, 1, "audit verify --anchor fails on the cut log")
    c.true("[audit_tail_cut]" in cut.stderr and "mục #%d" % (head_seq - 1) in cut.stderr and
           "#%d" % head_seq in cut.stderr,
           "it names the cut: the log ends at #%d, the anchor recorded #%d: %s"
           % (head_seq - 1, head_seq, cut.stderr))
    default = verify(binary, db)
    c.eq(default.returncode, 1, "audit verify uses the server's anchor by default")
    second = verify(binary, db, "--anchor", other_anchor)
    c.true(second.returncode == 1 and "#%d" % other_seq in second.stderr,
           "the second server's anchor names the cut too (#%d): %s" % (other_seq, second.stderr))

    # The server on the cut log: it keeps the anchor as it is and logs the conflict. Signing in
    # writes the log on past the cut: another entry now stands at the anchored seq, and the
    # API's verify (with the server's anchor) names that.
    server = Server(binary, db.url)
    admin = Client(server.port)
    c.eq(admin.login("admin")[0], 200, "admin signs in again")
    editor = Client(server.port)
    c.eq(editor.login("hanoi.nhap")[0], 200, "the editor signs in")
    time.sleep(1.5)  # a tick of the anchor writer after the writes
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.eq((st, v.get("ok")), (200, False), "the API's verify fails on the cut log")
    named = [f["message"] for f in v.get("findings", [])
             if f["code"] in ("audit_anchor_mismatch", "audit_tail_cut")]
    c.true(named and ("#%d" % head_seq) in named[0],
           "grown back past the cut, the log is named at #%d: %r" % (head_seq, v.get("findings")))
    c.true([int(r[0]) for r in anchor_records(db.anchor)][-1:] == [head_seq],
           "the server does not overwrite the anchor's evidence")
    c.true("audit_anchor_conflict" in server.log_text(),
           "the server logs the conflict between the log and its anchor")

    # ---- The program's source text edited by hand. ----------------------------------------
    source_url = "/api/v1/programs/%d/source" % pid
    db.execute("UPDATE programs SET source_text = source_text || ' (đã sửa)' WHERE id = %d" % pid)
    st, body, _ = admin.request("GET", source_url)
    c.eq((st, error_code(body)),
         (500, "source_tampered"), "/source refuses the edited text")
    c.true(isinstance(body, dict) and ("chương trình #%d" % pid) in body["error"]["message"],
           "the refusal names the program: %r" % (body if isinstance(body, dict) else "text"))
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    named = [f["message"] for f in v.get("findings", []) if f["code"] == "source_tampered"]
    c.true(named and ("#%d" % pid) in named[0],
           "verify names the program whose source text was edited: %r" % v.get("findings"))
    # Edited with its SHA-256 recomputed: the fingerprint of the program still tells.
    forged = seed_text + " (đã sửa)"
    sha = hashlib.sha256(forged.encode("utf-8")).hexdigest()
    db.execute("UPDATE programs SET source_sha256 = '%s' WHERE id = %d" % (sha, pid))
    st, body, _ = admin.request("GET", source_url)
    c.eq((st, error_code(body)),
         (500, "source_tampered"), "/source refuses the text whose hash was recomputed too")
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.true(any(("Chương trình #%d" % pid) in p for p in v.get("problems", [])),
           "verify names the program whose text and hash were edited: %r" % v.get("problems"))
    # Restored, it is served again.
    seed_sha = hashlib.sha256(seed_text.encode("utf-8")).hexdigest()
    db.execute("UPDATE programs SET source_text = substr(source_text, 1, length(source_text) - "
               "%d), source_sha256 = '%s' WHERE id = %d" % (len(" (đã sửa)"), seed_sha, pid))
    st, body, _ = admin.request("GET", source_url)
    c.eq((st, body.decode("utf-8") if isinstance(body, bytes) else body), (200, seed_text),
         "the text as received is served again once restored")

    # ---- An account changed by hand. --------------------------------------------------------
    db.execute("UPDATE users SET role = 'admin' WHERE username = 'hanoi.nhap'")
    st, v, _ = admin.request("GET", "/api/v1/audit/verify")
    c.true(any("hanoi.nhap" in p for p in v.get("problems", [])),
           "verify names the account changed by hand: %r" % v.get("problems"))
    c.eq(server.stop(), 0, "the server stops cleanly")

    if backend == "postgres":
        server_role(binary, db, c)


def server_role(binary, db, c):
    """The server's PostgreSQL role owns nothing."""
    refusals = {
        "disable the log's triggers": "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "edit an entry": "UPDATE audit_log SET actor = 'ai đó' WHERE seq = 1",
        "delete an entry": "DELETE FROM audit_log WHERE seq = 1",
        "truncate the log": "TRUNCATE audit_log",
        "drop a table": "DROP TABLE reports",
        "move the head back": "DELETE FROM audit_head",
    }
    for what, sql in refusals.items():
        try:
            db.execute_as_server(sql)
            c.true(False, "the server's role could " + what)
        except RuntimeError as e:
            c.true("permission denied" in str(e) or "must be owner" in str(e),
                   "the server's role cannot %s: %s" % (what, e))
    # It reads and writes the data as the server needs (the tests above ran as it).
    c.true(int(db.execute_as_server("SELECT count(*) FROM audit_log")) > 0,
           "the server's role reads the log")

    # A server run as the owner says in its log that it could disable the triggers.
    owner = Server(binary, db.owner_url)
    c.eq(Client(owner.port).request("GET", "/healthz")[0], 200, "a server as the owner answers")
    c.eq(owner.stop(), 0, "a server as the owner stops cleanly")
    c.true("db_role_owns_schema" in owner.log_text(),
           "a server running as the owner warns that it could disable the triggers")

    # A database not migrated: the server's role cannot, and says what to run.
    name = db.name + "_fresh"
    db.psql("CREATE DATABASE " + name)
    try:
        app_url = re.sub(r"/[^/]*$", "/" + name, db.url)
        out = workplan(binary, "serve", "--db", app_url, "--listen", "127.0.0.1:0", check=False)
        c.eq(out.returncode, 1, "the server's role does not migrate a database")
        c.true("db_needs_migration" in out.stderr and "workplan db migrate" in out.stderr,
               "it says to run `workplan db migrate` as the owner: " + out.stderr)
    finally:
        db.psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)


if __name__ == "__main__":
    main()
