#!/usr/bin/env python3
"""Durability and tamper evidence against the real binary: SIGTERM the moment the server
says where it listens stops it cleanly; kill -9 right after an
acknowledged import, restart, the program is there whole; `workplan audit verify` passes; a
row edited by hand in the database (a target, then an audit entry) makes it fail.

usage: crash_test.py WORKPLAN_BINARY sqlite|postgres"""
import signal
import sys

from harness import Check, Client, Database, PASSWORD, SEED_2012, Server, workplan


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    try:
        workplan(binary, "user", "add", "kehoach", "--role", "planner", "--unit", "KHTC",
                 "--password-stdin", "--db", db.url, stdin=PASSWORD + "\n")
        with open(SEED_2012, encoding="utf-8") as f:
            text = f.read()

        # A supervisor (or a test) may stop the server the moment it prints its address: that
        # SIGTERM is an orderly stop, not a kill.
        early = Server(binary, db.url)
        c.eq(early.stop(), 0, "SIGTERM right after the banner stops the server cleanly")

        server = Server(binary, db.url)
        cl = Client(server.port)
        cl.login("kehoach")
        status, body, _ = cl.request("POST", "/api/v1/programs", text, "text/plain")
        c.eq(status, 201, "import acknowledged")
        pid = body.get("id")
        server.proc.send_signal(signal.SIGKILL)  # no chance to flush anything more
        server.proc.wait(timeout=10)

        server = Server(binary, db.url)
        cl = Client(server.port)
        c.eq(cl.login("kehoach")[0], 200, "login after the crash")
        status, program, _ = cl.request("GET", "/api/v1/programs/%s" % pid)
        c.eq(status, 200, "the acknowledged program survived kill -9")
        if status == 200:
            c.eq(program["counts"]["sections"], 66, "all sections")
            c.eq(program["counts"]["targets"], 94, "all targets, each once")
            c.eq(program["counts"]["mentions"], 7, "and the 7 statements of one again")
            c.eq(program["counts"]["budgets"], 17, "all budgets")
            c.eq(program["document"]["number"], "224/QĐ-LĐTBXH", "its number")
        status, source, _ = cl.request("GET", "/api/v1/programs/%s/source" % pid)
        c.eq(source.decode("utf-8") if isinstance(source, bytes) else source, text,
             "the decision text, byte for byte")
        status, _, _ = cl.request("POST", "/api/v1/programs/%s/publish" % pid)
        c.eq(status, 200, "publish after restart")
        c.eq(server.stop(), 0, "clean stop")

        ok = workplan(binary, "audit", "verify", "--db", db.url, check=False)
        c.eq(ok.returncode, 0, "audit verify passes on untouched data: " + ok.stderr)

        # A target edited by hand, around the application.
        db.execute("UPDATE targets SET value_mantissa = value_mantissa + 1 "
                   "WHERE id = (SELECT MIN(id) FROM targets)")
        bad = workplan(binary, "audit", "verify", "--db", db.url, check=False)
        c.eq(bad.returncode, 1, "audit verify fails after a target was edited by hand")
        c.true("audit_broken" in bad.stderr and "#%s" % pid in bad.stderr,
               "the failure names the program: " + bad.stderr)
        db.execute("UPDATE targets SET value_mantissa = value_mantissa - 1 "
                   "WHERE id = (SELECT MIN(id) FROM targets)")
        again = workplan(binary, "audit", "verify", "--db", db.url, check=False)
        c.eq(again.returncode, 0, "restoring the value restores the verification")

        # The log itself refuses edits; an edit made around that breaks the chain.
        refused = False
        try:
            db.execute("UPDATE audit_log SET actor = 'ai đó' WHERE seq = 1")
        except Exception:
            refused = True
        c.true(refused, "the database refuses to update the audit log")
        if backend == "sqlite":
            db.execute("DROP TRIGGER audit_log_no_update")
        else:
            db.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        db.execute("UPDATE audit_log SET actor = 'ai đó' WHERE seq = 1")
        broken = workplan(binary, "audit", "verify", "--db", db.url, check=False)
        c.eq(broken.returncode, 1, "audit verify fails after an audit entry was edited")
        c.true("#1" in broken.stderr, "the failure names the entry: " + broken.stderr)
    finally:
        db.close()
    c.finish("crash_test[%s]" % backend)


if __name__ == "__main__":
    main()
