#!/usr/bin/env python3
"""Backups that restore (issue 20 §3), on the real binary: 32 writer threads submit reports
through the server while `workplan backup` copies the database; the backup restores into a
fresh database with `workplan restore`, where every submission acknowledged before the backup
started is present and `audit verify` passes; the backup's own restored-copy check printed its
verdict; a restore into a database that holds data is refused and changes nothing; a file that
is not a backup is refused.

usage: backup_test.py WORKPLAN_BINARY sqlite|postgres"""
import json
import os
import re
import subprocess
import sys
import threading
import time

from harness import (Check, Client, Database, PASSWORD, ROOT, SEED_2012, Server, workplan)

WRITERS = 32
MAX_REPORTS = 2000      # submissions at most, whatever the machine's speed
MAX_SECONDS = 60        # and the writers stop after this long


def run_cli(binary, *args, env_extra=None):
    env = dict(os.environ)
    env.pop("WORKPLAN_CLOCK_FILE", None)
    env.update(env_extra or {})
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env=env)


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend, binary)
    restored_name = None
    try:
        workplan(binary, "user", "add", "kehoach", "--role", "planner", "--unit", "KHTC",
                 "--password-stdin", "--db", db.url, stdin=PASSWORD + "\n")
        workplan(binary, "user", "add", "quantri", "--role", "admin", "--password-stdin",
                 "--db", db.url, stdin=PASSWORD + "\n")
        workplan(binary, "import", SEED_2012, "--publish", "--db", db.url)
        server = Server(binary, db.url, real_clock=True)
        try:
            api = Client(server.port)
            c.eq(api.login("kehoach")[0], 200, "the planner signs in")
            st, progs, _ = api.request("GET", "/api/v1/programs")
            pid = progs["items"][0]["id"]
            base = "/api/v1/programs/%d" % pid
            st, due, _ = api.request("GET", base + "/reports/due?limit=5000")
            # Obligations filled on a report form (a unit's own program is sent on its page).
            forms = {}
            for d in due["items"]:
                key = d["obligation"]["key"]
                if key not in forms:
                    url = "%s/reports/%s/%s/%d" % (base, key, d["period"]["key"], d["unit"]["id"])
                    forms[key] = api.request("GET", url)[0] == 200
            urls = ["%s/reports/%s/%s/%d" % (base, d["obligation"]["key"], d["period"]["key"],
                                             d["unit"]["id"]) for d in due["items"]
                    if forms[d["obligation"]["key"]]][:MAX_REPORTS]
            c.true(len(urls) >= 500, "enough reports due to keep 32 writers busy: %d" % len(urls))

            lock = threading.Lock()
            acked = []      # URLs whose submission was acknowledged (200), in order
            refused = []
            todo = list(reversed(urls))
            stop = threading.Event()
            deadline = time.time() + MAX_SECONDS

            def writer():
                cl = Client(server.port)
                cl.cookie, cl.csrf = api.cookie, api.csrf
                while not stop.is_set() and time.time() < deadline:
                    with lock:
                        if not todo:
                            return
                        url = todo.pop()
                    st, body, _ = cl.request("PUT", url, {"version": 0, "values": [],
                                                          "submit": True})
                    with lock:
                        (acked if st == 200 else refused).append((url, st, body))

            threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
            for t in threads:
                t.start()
            while True:  # some writes acknowledged before the backup starts
                with lock:
                    if len(acked) >= 100 or not todo:
                        break
                time.sleep(0.05)
            with lock:
                before = [u for u, _, _ in acked]
            backup_file = os.path.join(db.tmp, "workplan-backup" +
                                       (".db" if backend == "sqlite" else ".dump"))
            b = run_cli(binary, "backup", "--db", db.owner_url, "--to", backup_file)
            with lock:
                during = len(acked) - len(before)
                left = len(todo)
            stop.set()
            for t in threads:
                t.join(timeout=120)
            c.eq(b.returncode, 0, "the backup succeeds while the writers run: " + b.stderr)
            c.true(os.path.getsize(backup_file) > 0 if os.path.exists(backup_file) else False,
                   "the backup file is written")
            c.true("Nhật ký toàn vẹn" in b.stdout and "khôi phục thử" in b.stdout,
                   "the backup printed the audit verdict of its restored copy: " + b.stdout)
            c.eq([x for x in refused if x[1] != 200][:3], [], "no submission refused")
            print("backup[%s]: %d acknowledged before the backup, %d during it, %d not sent; %s"
                  % (backend, len(before), during, left, b.stdout.splitlines()[0]
                     if b.stdout else ""))
        finally:
            c.eq(server.stop(), 0, "the server stops cleanly")

        # A restore into the database that holds the data is refused, and changes nothing.
        no = run_cli(binary, "restore", "--from", backup_file, "--db", db.owner_url)
        c.eq(no.returncode, 1, "a restore into a non-empty database is refused")
        c.true("restore_target_not_empty" in no.stderr and "trống" in no.stderr,
               "with the reason, in Vietnamese: " + no.stderr)
        # A file that is not a backup.
        junk = os.path.join(db.tmp, "junk.bin")
        with open(junk, "wb") as f:
            f.write(b"not a backup\n" * 100)
        if backend == "sqlite":
            target = "sqlite:" + os.path.join(db.tmp, "junk-target.db")
        else:
            junk_db = "wp_junk_" + db.name[7:]
            db.psql("CREATE DATABASE " + junk_db)
            target = re.sub(r"/[^/]*$", "/" + junk_db, db.admin_url)
        bad = run_cli(binary, "restore", "--from", junk, "--db", target)
        c.eq(bad.returncode, 1, "a file that is not a backup is refused")
        c.true("backup_unreadable" in bad.stderr, "with its code: " + bad.stderr)
        if backend == "postgres":
            db.psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % junk_db)

        # Restore into a fresh database.
        if backend == "sqlite":
            restored = "sqlite:" + os.path.join(db.tmp, "restored", "workplan.db")
        else:
            restored_name = "wp_restored_" + db.name[7:]
            db.psql("CREATE DATABASE " + restored_name)
            restored = re.sub(r"/[^/]*$", "/" + restored_name, db.admin_url)
        r = run_cli(binary, "restore", "--from", backup_file, "--db", restored)
        c.eq(r.returncode, 0, "the backup restores into a fresh database: " + r.stderr)
        v = run_cli(binary, "audit", "verify", "--db", restored,
                    env_extra={"WORKPLAN_AUDIT_ANCHOR": "none"})
        c.eq(v.returncode, 0, "audit verify passes on the restored copy: " + v.stderr)

        # Every acknowledged-before submission is there, as a user would read it.
        again = Server(binary, restored, real_clock=True,
                       extra=["--audit-anchor", os.path.join(db.tmp, "restored-anchor")])
        try:
            cl = Client(again.port)
            c.eq(cl.login("kehoach")[0], 200, "the planner signs in on the restored database")
            missing = []
            for url in before:
                st, form, _ = cl.request("GET", url)
                if st != 200 or form.get("status") != "submitted":
                    missing.append((url, st, form.get("status") if isinstance(form, dict)
                                    else form))
            c.eq(missing[:5], [], "every submission acknowledged before the backup is restored "
                 "(%d checked)" % len(before))
        finally:
            c.eq(again.stop(), 0, "the restored server stops cleanly")

        # Scheduled backups: every second, the newest 2 kept, each logged and counted. (On
        # PostgreSQL as the owner: the check restores into a database it creates.)
        bdir = os.path.join(db.tmp, "scheduled")
        sched = Server(binary, db.owner_url, real_clock=True,
                       extra=["--backup-dir", bdir, "--backup-every", "1s", "--backup-keep", "2"])
        stopped = False
        try:
            deadline = time.time() + 120
            while time.time() < deadline and sched.log_text().count("backup_removed") < 2:
                time.sleep(0.5)
            log = sched.log_text()
            taken = len(re.findall(r"\bbackup\b.*file=", log))
            c.true(taken >= 3, "three scheduled backups or more logged: %d" % taken)
            c.eq(log.count("backup_failed"), 0, "no scheduled backup failed")
            adm = Client(sched.port)
            c.eq(adm.login("quantri")[0], 200, "the admin signs in")
            st, text, _ = adm.request("GET", "/metrics")
            text = text.decode() if isinstance(text, bytes) else str(text)
            m = re.search(r'^workplan_backups_total\{outcome="ok"\} (\d+)$', text, re.M)
            c.true(m is not None and int(m.group(1)) >= 3, "/metrics counts the backups")
            m = re.search(r"^workplan_backup_last_success_timestamp_seconds (\d+)$", text, re.M)
            c.true(m is not None and abs(int(m.group(1)) - time.time()) < 120,
                   "/metrics has the last good backup's time")
            # The schedule keeps running (every second) while the test reads: the directory is
            # looked at once the server has stopped and finished the backup it was taking.
            stopped = True
            c.eq(sched.stop(timeout=120), 0, "the server with a schedule stops cleanly")
            kept = sorted(n for n in os.listdir(bdir) if re.fullmatch(
                r"workplan-\d{8}T\d{6}Z\.(db|dump)", n))
            c.eq(len(kept), 2, "the newest two kept: %r" % kept)
            c.eq(sorted(os.listdir(bdir)), kept, "nothing else left in the directory")
        finally:
            if not stopped:
                sched.stop(timeout=120)
    finally:
        if restored_name:
            try:
                db.psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % restored_name)
            except Exception as e:
                print("warning:", e, file=sys.stderr)
        db.close()
    c.finish("backup_test[%s]" % backend)


if __name__ == "__main__":
    main()
