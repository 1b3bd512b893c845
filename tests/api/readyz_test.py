#!/usr/bin/env python3
"""Health that tells the truth (issue 20 §4), on the real binary: /healthz says the process
lives; /readyz says 200 ready once the engines are loaded, 503 with its reasons (English code,
Vietnamese message) while the SQLite file cannot be written (made read-only under the running
server) or while the data directory's disk is below the free-space threshold, and 200 again
once each is fixed, without a restart; /metrics carries the probe's latency, the engines' load
age and readiness.

usage: readyz_test.py WORKPLAN_BINARY sqlite|postgres"""
import os
import re
import subprocess
import sys
import time

from harness import Check, Client, Database, PASSWORD, SEED_2012, Server, workplan

FILLER = 1 << 30  # bytes taken from the disk to make it "full"


def free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def wait_ready(cl, want, timeout=60):
    """Polls /readyz until its status is `want`; the last answer."""
    deadline = time.time() + timeout
    while True:
        st, body, _ = cl.request("GET", "/readyz")
        if st == want or time.time() > deadline:
            return st, body
        time.sleep(0.3)


def codes(body):
    return [p["code"] for p in body.get("problems", [])] if isinstance(body, dict) else body


def set_read_only(path, on):
    if os.geteuid() == 0:  # root writes a 0444 file: the immutable flag stops even root
        subprocess.run(["chattr", "+i" if on else "-i", path], check=True)
    else:
        os.chmod(path, 0o444 if on else 0o644)


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend, binary)
    data_dir = db.tmp
    filler = os.path.join(data_dir, "filler.bin")
    read_only = False
    try:
        workplan(binary, "user", "add", "quantri", "--role", "admin", "--password-stdin",
                 "--db", db.url, stdin=PASSWORD + "\n")
        workplan(binary, "import", SEED_2012, "--publish", "--db", db.url)
        # The disk's threshold: 512 MiB above what will be free once FILLER is taken, so that
        # taking it makes the disk "full" and giving it back fixes it, whatever else runs.
        threshold_mb = (free_bytes(data_dir) - FILLER) // (1 << 20) + 512
        server = Server(binary, db.url, extra=["--min-free-mb", str(threshold_mb)])
        try:
            cl = Client(server.port)
            st, body, _ = cl.request("GET", "/healthz")
            c.eq((st, body), (200, {"status": "ok"}), "/healthz: the process lives")
            st, body = wait_ready(cl, 200)
            c.eq((st, body), (200, {"status": "ready"}), "/readyz: ready once the engines load")

            if backend == "sqlite":
                set_read_only(db.path, True)
                read_only = True
                st, body = wait_ready(cl, 503, timeout=15)
                c.eq((st, codes(body)), (503, ["database_read_only"]),
                     "/readyz: 503 while the database file cannot be written")
                msg = body["problems"][0]["message"] if st == 503 else ""
                c.true("chỉ đọc" in msg, "the reason in Vietnamese: " + msg)
                st, _, _ = cl.request("GET", "/healthz")
                c.eq(st, 200, "/healthz still says the process lives")
                set_read_only(db.path, False)
                read_only = False
                st, body = wait_ready(cl, 200, timeout=15)
                c.eq((st, body), (200, {"status": "ready"}),
                     "/readyz: ready again once the file is writable, without a restart")

            with open(filler, "wb") as f:
                os.posix_fallocate(f.fileno(), 0, FILLER)
            st, body = wait_ready(cl, 503, timeout=15)
            c.eq((st, codes(body)), (503, ["disk_full"]),
                 "/readyz: 503 while the data directory's disk is below the threshold")
            msg = body["problems"][0]["message"] if st == 503 else ""
            c.true("MiB" in msg and "ngưỡng" in msg, "the reason in Vietnamese: " + msg)
            os.remove(filler)
            st, body = wait_ready(cl, 200, timeout=15)
            c.eq((st, body), (200, {"status": "ready"}),
                 "/readyz: ready again once the space is back, without a restart")

            c.eq(cl.login("quantri")[0], 200, "the admin signs in")
            st, text, _ = cl.request("GET", "/metrics")
            text = text.decode() if isinstance(text, bytes) else str(text)
            for name in ("workplan_ready 1", "workplan_db_write_probe_seconds ",
                         "workplan_engines_load_age_seconds ", "workplan_data_dir_free_bytes "):
                c.true(name in text, "/metrics has %r" % name.strip())
        finally:
            if read_only:
                set_read_only(db.path, False)
            c.eq(server.stop(), 0, "the server stops cleanly")
    finally:
        if os.path.exists(filler):
            os.remove(filler)
        db.close()
    c.finish("readyz_test[%s]" % backend)


if __name__ == "__main__":
    main()
