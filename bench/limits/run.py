#!/usr/bin/env python3
"""Bounded inputs and connections (issue 15, point 4), measured on the real server.

usage: run.py [BINARY] [--skip-concurrent] [--scenarios uploads,one-address,many-addresses]

Starts `workplan serve` on a fresh SQLite file holding the 2012 program, its admin, a viewer
and an editor of Hà Nội, in a shell with `ulimit -n 512`, bound to 127.0.0.1. Then:

  uploads         the 2 M-cell workbook (one sheet, every cell the one shared string: a file of
                  about 250 KB) POSTed to /api/v1/reports/upload by the viewer and by the
                  editor, once each and then 8 at once; and two variants of it by the editor:
                  the cells not declared in <dimension> (2 M, packed tightly) and 300 000 cells
                  that each name themselves and declare nothing (so that only the count made as
                  the sheet is inflated refuses them). For each: the answers, the time to the
                  refusal, and the server's memory (VmRSS sampled every 5 ms from /proc: the
                  peak over the baseline; and VmHWM's growth).
  one-address     700 connections opened from 127.0.0.2 that never send a byte, then 10 s of
                  GET /healthz from 127.0.0.1 (one every 0.5 s, each on a new connection): the
                  slowest answer and the server's CPU seconds over the 10 s.
  many-addresses  the same with the 700 connections spread over 700 addresses
                  (127.0.1.1 …), so that only the total cap holds them.
  no-total-cap    (not in the default run) a second server with the caps lifted
                  (--max-connections 5000 --max-connections-per-client 0), so that accepting
                  runs out of descriptors: the same 700 from one address; counts the
                  accept_paused warnings in its log. Reported, not part of the result line.

Every request has a timeout (30 s), every phase a deadline; only loopback addresses are used.
Prints a table and a result line: "limits: PASS" when every upload is refused in ≤ 0.5 s with
the memory peak ≤ 50 MB over the baseline, and /healthz answers within 1 s with the server's
CPU ≤ 1 s over the 10 s in both connection scenarios.
"""
import argparse
import http.client
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "api"))
from xlsx_files import workbook  # noqa: E402  (the API test's files, the same bytes)
SEED = os.path.join(ROOT, "data", "seeds", "molisa_2012.txt")
PASSWORD = "mat-khau-do-kiem-2012"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HALF_OPEN = 700
WATCH_SECONDS = 10


# ───────────────────────────── the server ─────────────────────────────

def run(binary, *args, stdin=None):
    out = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit("workplan %s failed: %s" % (" ".join(args), out.stderr))
    return out.stdout


class Server:
    def __init__(self, binary, db_url, tmp, extra="", log="server.log"):
        self.log = open(os.path.join(tmp, log), "w")
        cmd = "ulimit -n 512 && exec %s serve --db %s --listen 127.0.0.1:0 %s" % (
            binary, db_url, extra)
        self.proc = subprocess.Popen(["bash", "-c", cmd], stdout=subprocess.PIPE,
                                     stderr=self.log, text=True, cwd=ROOT)
        self.port = None
        deadline = time.time() + 60
        while time.time() < deadline and self.port is None:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            self.proc.kill()
            raise SystemExit("the server did not start")
        self.pid = self.proc.pid  # bash exec'd the server

    def status(self, key):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        return 0

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Client:
    def __init__(self, port):
        self.port, self.cookie, self.csrf = port, None, None

    def request(self, method, path, body=None, content_type=None, source="127.0.0.1"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                          source_address=(source, 0))
        h = {}
        if isinstance(body, dict):
            body, content_type = json.dumps(body).encode(), "application/json"
        if content_type:
            h["Content-Type"] = content_type
        if self.cookie:
            h["Cookie"] = self.cookie
            if method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie" and v.startswith("wp_session="):
                self.cookie = v.split(";")[0]
        ctype = resp.getheader("Content-Type") or ""
        return resp.status, json.loads(data) if ctype.startswith("application/json") else data

    def login(self, user):
        st, b = self.request("POST", "/api/v1/session", {"username": user, "password": PASSWORD})
        if st != 200:
            raise SystemExit("sign-in of %s: %d %r" % (user, st, b))
        self.csrf = b["csrf_token"]


# ───────────────────────────── measures ─────────────────────────────

class RssWatch:
    """The server's VmRSS, sampled every 5 ms while in a `with`: the peak over the baseline."""

    def __init__(self, server):
        self.server = server

    def __enter__(self):
        self.base = self.server.status("VmRSS")
        self.hwm = self.server.status("VmHWM")
        self.peak = self.base
        self.done = False
        self.thread = threading.Thread(target=self.sample)
        self.thread.start()
        return self

    def sample(self):
        while not self.done:
            self.peak = max(self.peak, self.server.status("VmRSS"))
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.done = True
        self.thread.join()
        self.peak = max(self.peak, self.server.status("VmRSS"))
        self.growth = self.peak - self.base
        self.hwm_growth = self.server.status("VmHWM") - self.hwm


def upload(client, data):
    start = time.monotonic()
    try:
        st, b = client.request("POST", "/api/v1/reports/upload", data, XLSX)
        code = b.get("error", {}).get("code") if isinstance(b, dict) else None
        message = b.get("error", {}).get("message", "") if isinstance(b, dict) else ""
    except (OSError, http.client.HTTPException) as e:
        st, code, message = 0, type(e).__name__, str(e)
    return st, code, message, time.monotonic() - start


def uploads(server, clients, rows, concurrent):
    mb = 1 << 20
    big = workbook(2_000_000)
    variants = [("2 M cells, declared", big, ("viewer", "editor")),
                ("2 M cells, not declared", workbook(2_000_000, declare=False), ("editor",)),
                ("300 000 cells naming themselves, not declared",
                 workbook(300_000, declare=False, refs=True), ("editor",))]
    ok = True
    for name, data, roles in variants:
        for role in roles:
            with RssWatch(server) as w:
                st, code, message, seconds = upload(clients[role], data)
            good = st in (403, 413) and seconds <= 0.5 and w.growth <= 50 * mb
            ok &= good
            rows.append(["upload: %s (%d KB), %s" % (name, len(data) >> 10, role),
                         "%d %s" % (st, code), "%.3f s" % seconds,
                         "%.1f MB (HWM +%.1f)" % (w.growth / mb, w.hwm_growth / mb), message[:70]])
    if concurrent:
        for role in ("viewer", "editor"):
            answers = []

            def send():
                answers.append(upload(clients[role], big))

            threads = [threading.Thread(target=send) for _ in range(8)]
            with RssWatch(server) as w:
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            codes = sorted("%d %s" % (a[0], a[1]) for a in answers)
            slowest = max(a[3] for a in answers)
            good = all(a[0] in (403, 413, 503) for a in answers) and slowest <= 0.5 and \
                w.growth <= 50 * mb
            ok &= good
            summary = ", ".join("%d× %s" % (codes.count(c), c) for c in sorted(set(codes)))
            rows.append(["upload: 8 at once, 2 M cells, %s" % role, summary,
                         "%.3f s (slowest)" % slowest,
                         "%.1f MB (HWM +%.1f)" % (w.growth / mb, w.hwm_growth / mb), ""])
    return ok


def half_open(server, port, sources, label, rows):
    """HALF_OPEN connections that never send, then WATCH_SECONDS of /healthz."""
    admin = Client(port)  # /metrics is an admin's
    admin.login("admin")
    opened = []
    deadline = time.monotonic() + 60
    for i in range(HALF_OPEN):
        if time.monotonic() > deadline:
            break
        s = socket.socket()
        s.setblocking(False)
        s.bind((sources(i), 0))
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        opened.append(s)
    time.sleep(1)  # let the server accept what it will
    cpu0 = server.cpu_seconds()
    start = time.monotonic()
    latencies, failures = [], 0
    probe = Client(port)
    while time.monotonic() - start < WATCH_SECONDS:
        t0 = time.monotonic()
        try:
            st, _ = probe.request("GET", "/healthz")
            if st == 200:
                latencies.append(time.monotonic() - t0)
            else:
                failures += 1
        except (OSError, http.client.HTTPException):
            failures += 1
        time.sleep(max(0, 0.5 - (time.monotonic() - t0)))
    elapsed = time.monotonic() - start
    cpu = server.cpu_seconds() - cpu0
    metrics = admin.request("GET", "/metrics")[1]
    text = metrics.decode() if isinstance(metrics, bytes) else str(metrics)
    counts = dict(re.findall(r'workplan_connections_total\{outcome="(\w+)"\} (\d+)', text))
    accept_errors = re.search(r"workplan_accept_errors_total (\d+)", text)
    for s in opened:
        s.close()
    worst = max(latencies) if latencies else float("inf")
    good = failures == 0 and worst <= 1.0 and cpu <= 1.0
    rows.append(["%d half-open, %s, ulimit -n 512" % (len(opened), label),
                 "%d/%d healthz ok" % (len(latencies), len(latencies) + failures),
                 "%.3f s (slowest)" % worst, "CPU %.2f s in %.0f s" % (cpu, elapsed),
                 "refused per client %s, total %s, evicted %s; accept errors %s" % (
                     counts.get("refused_per_client", "?"), counts.get("refused_total", "?"),
                     counts.get("evicted_idle", "?"),
                     accept_errors.group(1) if accept_errors else "?")])
    time.sleep(1)
    return good


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default=os.path.join(ROOT, "build", "bin", "workplan"))
    ap.add_argument("--skip-concurrent", action="store_true")
    ap.add_argument("--scenarios", default="uploads,one-address,many-addresses")
    args = ap.parse_args()
    scenarios = args.scenarios.split(",")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))

    tmp = tempfile.mkdtemp(prefix="wp_limits_")
    db = "sqlite:" + os.path.join(tmp, "bench.db")
    binary = os.path.abspath(args.binary)
    run(binary, "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", db,
        stdin=PASSWORD + "\n")
    run(binary, "import", SEED, "--publish", "--db", db)
    server = Server(binary, db, tmp)
    rows, ok = [], True
    try:
        admin = Client(server.port)
        admin.login("admin")
        _, units = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
        hn = next(u for u in units["items"] if u["code"] == "01")
        clients = {}
        for name, role in (("viewer", "viewer"), ("editor", "editor")):
            st, b = admin.request("POST", "/api/v1/users", {
                "username": "hanoi." + name, "password": PASSWORD, "role": role,
                "unit_id": hn["id"]})
            if st != 201:
                raise SystemExit("create %s: %d %r" % (name, st, b))
            clients[name] = Client(server.port)
            clients[name].login("hanoi." + name)
        if "uploads" in scenarios:
            ok &= uploads(server, clients, rows, not args.skip_concurrent)
        if "one-address" in scenarios:
            ok &= half_open(server, server.port, lambda i: "127.0.0.2", "from one address", rows)
        if "many-addresses" in scenarios:
            ok &= half_open(server, server.port,
                            lambda i: "127.0.%d.%d" % (1 + i // 250, 1 + i % 250),
                            "from 700 addresses", rows)
        alive = Client(server.port).request("GET", "/healthz")[0] == 200
        ok &= alive
        if "no-total-cap" in scenarios:
            server.stop()
            server = Server(binary, db, tmp, "--max-connections 5000 "
                            "--max-connections-per-client 0", "uncapped.log")
            half_open(server, server.port, lambda i: "127.0.0.2", "from one address, caps "
                      "lifted", rows)
            uncapped = open(os.path.join(tmp, "uncapped.log")).read().splitlines()
            paused = [l for l in uncapped if "accept_" in l]
            rows.append(["caps lifted: accept warnings logged", str(len(paused)), "", "",
                         (paused[0][:90] if paused else "")])
    finally:
        server.stop()
        log = open(os.path.join(tmp, "server.log")).read()
        shutil.rmtree(tmp, ignore_errors=True)
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    warnings = [l for l in log.splitlines() if "accept_" in l]
    print("accept warnings logged: %d%s" % (len(warnings),
                                           (" (first: %s)" % warnings[0][:120]) if warnings else ""))
    print("limits: %s (the server still answers: %s)" % ("PASS" if ok else "FAIL", alive))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
