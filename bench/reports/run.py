#!/usr/bin/env python3
"""Reporting-cycle benchmarks (issue 4) on one database: report submissions over loopback and
bulk loads, through HTTP and directly on the store. bench/reports/run.sh runs it on SQLite and
then under scripts/with-postgres on PostgreSQL.

usage: run.py BIN_DIR sqlite|postgres [--phases single,pieces,submit200,…] [--json FILE]
              [--quiet-wait SECONDS]

BIN_DIR holds workplan, report_load and store_bulk (build-bench/bin). Each phase starts
`workplan serve` on a fresh database holding the 2012 program and the planner (a SQLite file
under $TMPDIR, or a new database of the cluster in WP_POSTGRES_URL), signs in as the planner `kehoach`, allocates all 100 targets of
the 2012 program (224/QĐ-LĐTBXH) to all 86 units that report (so every form has 100 targets),
writes the requests for bench/reports/report_load (C++, one thread, keep-alive connections)
and runs it. Everything binds 127.0.0.1; every load is bounded in count and in time.

  pieces     where the time goes, one connection: 300 GETs of distinct forms, 300 submissions
             without values, 300 with 200 values.
  single     300 submissions of 200 values (100 targets × period and cumulative) on distinct
             reports, one connection: client round trip (an upper bound of the server's time)
             and the server's own time from /metrics (sum and buckets of
             workplan_http_request_duration_seconds over exactly these requests).
  submit200  64 connections submit all 1 290 expected reports of the program, 200 values each.
  sustained  the same for longer: six programs (2012 and copies dated 2013–2017), all their
             7 740 expected reports, 200 values each, the programs interleaved.
  submit20   the same with 20 values (10 targets × 2 scopes) per report.
  save200    64 connections each own ~20 reports and save each of them SAVE_ROUNDS (6)
             times (version 0, 1, 2 …; values alternate so that every save records 200 new
             vintages), without submitting: a sustained load on distinct reports.
  bulk       POST /api/v1/programs/{id}/bulk-values: every expected report × 100 targets × 2
             scopes = 258 000 values in one CSV (~11 MB; the most one program allows), twice
             (creating the reports, then a new version of each).
  store      store_bulk: store::Store::BulkLoadValues with 1 000 000 values, twice.
  sqlite-variants (not run by default; SQLite only) the same million values through the
             sqlite3 C API with the store's settings and with others (sqlite_bulk_variants).
"""
import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PASSWORD = "workplan-demo"
CONNECTIONS = 64
SINGLE_COUNT = 300
SAVE_ROUNDS = 6
SUSTAINED_PROGRAMS = 6
MAX_SECONDS = 90  # per load run
# BENCH_HEADER="Prefer: return=minimal" adds a header to every request of the loads (a client
# that does not need the form sent back).
EXTRA_HEADERS = ["--header", os.environ["BENCH_HEADER"]] if os.environ.get("BENCH_HEADER") else []


# ───────────────────────────── machine ─────────────────────────────

def cpu_times():
    """(busy, total) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def all_procs():
    """pid → (comm, ppid, cpu seconds, cmdline) of every process now."""
    out = {}
    tck = os.sysconf("SC_CLK_TCK")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                raw = f.read()
            comm = raw[raw.index("(") + 1:raw.rindex(")")]
            fields = raw.rsplit(")", 1)[1].split()
            with open("/proc/%s/cmdline" % d, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            out[int(d)] = (comm, int(fields[1]), (int(fields[11]) + int(fields[12])) / tck, cmd)
        except (OSError, ValueError):
            pass
    return out


def our_postgres(procs):
    """The postmaster of WP_POSTGRES_URL's cluster and its children (backends, walwriter …)."""
    url = os.environ.get("WP_POSTGRES_URL")
    if not url:
        return set()
    port = re.search(r":(\d+)/", url).group(1)
    roots = {pid for pid, (comm, _, _, cmd) in procs.items()
             if comm in ("postgres", "postmaster") and ("-p " + port) in cmd}
    return roots | {pid for pid, (_, ppid, _, _) in procs.items() if ppid in roots}


class Meter:
    """Machine CPU use over a span, split into the server, the load client, our PostgreSQL
    cluster and everything else on the machine (other users of the shared cores). Processes are
    sampled every 0.2 s so that those which end during the span (the load client, a PostgreSQL
    backend) still count, up to their last sample."""

    def __init__(self, server_pid):
        self.pid = server_pid
        self.m0 = cpu_times()
        self.first = all_procs()
        self.last = dict(self.first)
        self.pg = our_postgres(self.first)
        self.t0 = time.time()
        self.load = loadavg()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self):
        while not self.done.wait(0.2):
            self._take()

    def _take(self):
        now = all_procs()
        self.pg |= our_postgres(now)
        for pid, p in now.items():
            self.last[pid] = p

    def stop(self):
        self.done.set()
        self.thread.join()
        self._take()
        m1 = cpu_times()
        wall = time.time() - self.t0
        busy = (m1[0] - self.m0[0]) / max(1, m1[1] - self.m0[1])
        split = {"server": 0.0, "client": 0.0, "postgres": 0.0, "others": 0.0}
        others = {}
        for pid, (comm, _, cpu, _) in self.last.items():
            before = self.first.get(pid)
            delta = cpu - (before[2] if before else 0.0)
            if delta <= 0:
                continue
            if pid == self.pid:
                split["server"] += delta
            elif comm in ("report_load", "store_bulk"):
                split["client"] += delta
            elif pid in self.pg:
                split["postgres"] += delta
            elif pid == os.getpid():
                split["client"] += delta  # this driver (setup, /metrics)
            else:
                split["others"] += delta
                name = re.sub(r"[-/].*", "", comm)  # kworker/0:1-events → kworker
                others[name] = others.get(name, 0.0) + delta
        top = sorted(others.items(), key=lambda kv: -kv[1])[:3]
        return {"wall": wall, "machine_busy": busy, "server_cpu": split["server"],
                "cpu_split": split, "others_top": top,
                "loadavg_before": self.load, "loadavg_after": loadavg(),
                "cores": os.cpu_count()}


def wait_quiet(limit):
    """Waits (at most `limit` seconds) until the machine's cores are less than 15 % busy over a
    second, so that other users of a shared machine disturb the figures less. Returns the
    seconds waited and whether it became quiet."""
    t0 = time.time()
    while True:
        a = cpu_times()
        time.sleep(1)
        b = cpu_times()
        if (b[0] - a[0]) / max(1, b[1] - a[1]) < 0.15:
            return time.time() - t0, True
        if time.time() - t0 >= limit:
            return time.time() - t0, False


# ───────────────────────────── server and API ─────────────────────────────

class Database:
    def __init__(self, backend, name):
        self.backend = backend
        if backend == "sqlite":
            self.dir = tempfile.mkdtemp(prefix="wp-reports-bench-")
            self.url = "sqlite:" + os.path.join(self.dir, "bench.db")
        else:
            base = os.environ["WP_POSTGRES_URL"]
            # One left by a run that broke off goes first, with the audit anchor its servers
            # wrote (the server's default file for the database's name).
            try:
                os.remove(os.path.join(ROOT, "var", "audit-anchor-" + name))
            except FileNotFoundError:
                pass
            subprocess.run(["psql", "-X", "-q", base, "-c",
                            "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run(["psql", "-X", "-q", base, "-c", "CREATE DATABASE " + name], check=True,
                           stdout=subprocess.DEVNULL)
            self.url = base.rsplit("/", 1)[0] + "/" + name

    def close(self):
        if self.backend == "sqlite":
            shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    def __init__(self, binary, db_url, log_dir, years=(2012,)):
        self.out = open(os.path.join(log_dir, "server.out"), "w+")
        self.err = open(os.path.join(log_dir, "server.err"), "w+")
        env = dict(os.environ)
        env.pop("WORKPLAN_CLOCK_FILE", None)
        # The 2012 program published and the planner, without the demo's year of reports (they
        # would take the reports the loads submit).
        seed = os.path.join(ROOT, "data", "seeds", "molisa_2012.txt")
        steps = []
        for year in years:  # other years: the 2012 text dated that year under another number
            path = seed
            if year != 2012:
                with open(seed, encoding="utf-8") as f:
                    text = f.read().replace("2012", str(year))
                path = os.path.join(log_dir, "molisa_%d.txt" % year)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text.replace("224/QĐ", "%d/QĐ" % (year - 1800)))
            steps.append((["import", path, "--publish"], None))
        steps.append((["user", "add", "kehoach", "--role", "planner", "--unit", "KHTC",
                       "--password-stdin"], PASSWORD + "\n"))
        # /metrics is an admin's: the driver reads it with an admin's API token.
        steps.append((["user", "add", "quantri", "--role", "admin", "--password-stdin"],
                      PASSWORD + "\n"))
        for args, stdin in steps:
            subprocess.run([binary] + args + ["--db", db_url], input=stdin, text=True, check=True,
                           stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
        self.proc = subprocess.Popen([binary, "serve", "--db", db_url, "--listen", "127.0.0.1:0"],
                                     stdout=self.out, stderr=self.err, cwd=ROOT, env=env)
        self.port = None
        deadline = time.time() + 120
        while time.time() < deadline and self.proc.poll() is None:
            self.out.seek(0)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", self.out.read())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.1)
        if self.port is None:
            self.stop()
            self.err.seek(0)
            raise SystemExit("server did not start: " + self.err.read())

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Api:
    def __init__(self, port):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.metrics_token = None  # an admin's API token: /metrics is an admin's

    def request(self, method, path, body=None, content_type=None, timeout=300):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {}
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            content_type = "application/json"
        elif isinstance(body, str):
            body = body.encode()
        if content_type:
            headers["Content-Type"] = content_type
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie" and v.startswith("wp_session="):
                self.cookie = v.split(";")[0]
        conn.close()
        try:
            return resp.status, json.loads(data)
        except ValueError:
            return resp.status, data.decode(errors="replace")

    def login(self, user):
        st, b = self.request("POST", "/api/v1/session", {"username": user, "password": PASSWORD})
        if st != 200:
            raise SystemExit("login %s: %d %r" % (user, st, b))
        self.csrf = b["csrf_token"]

    def sign_in_metrics(self, admin):
        """Takes an API token of the admin `admin` for /metrics, as Prometheus would."""
        other = Api(self.port)
        other.login(admin)
        st, b = other.request("POST", "/api/v1/tokens", {"name": "bench-metrics"})
        if st != 201:
            raise SystemExit("token for %s: %d %r" % (admin, st, b))
        self.metrics_token = b["token"]

    def metrics(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", "/metrics",
                     headers={"Authorization": "Bearer " + self.metrics_token})
        resp = conn.getresponse()
        text = resp.read().decode()
        conn.close()
        if resp.status != 200:
            raise SystemExit("/metrics: %d %s" % (resp.status, text[:200]))
        out = {"buckets": {}}
        for line in text.splitlines():
            m = re.match(r'workplan_http_request_duration_seconds_bucket\{le="([^"]+)"\} (\S+)', line)
            if m:
                out["buckets"][m.group(1)] = float(m.group(2))
            m = re.match(r"workplan_http_request_duration_seconds_(sum|count) (\S+)", line)
            if m:
                out[m.group(1)] = float(m.group(2))
            m = re.match(r"workplan_store_(writes|transactions|writer_busy_seconds|writer_cpu_seconds|"
                         r"commit_seconds)"
                         r"_total (\S+)", line)
            if m:
                out["store_" + m.group(1)] = float(m.group(2))
        return out


# ───────────────────────────── the program and its forms ─────────────────────────────

class Program:
    """The 2012 program on a fresh demo server: its expected reports and form targets, with all
    100 targets allocated to every unit that reports."""

    def __init__(self, api, year=2012):
        self.api = api
        st, progs = api.request("GET", "/api/v1/programs")
        self.id = next(p["id"] for p in progs["items"] if p["year"] == year)
        self.base = "/api/v1/programs/%d" % self.id
        self.due = []
        offset = 0
        while offset is not None:  # page after page (5 000 at most each)
            st, due = api.request("GET", self.base + "/reports/due?limit=5000&offset=%d" % offset)
            self.due += [(d["obligation"]["key"], d["period"]["key"], d["unit"]["id"])
                         for d in due["items"]]
            offset = due["next_offset"]
        # A unit's own program (issue 18) is sent as a program, not on a form: not a report.
        for key in sorted({o for o, _, _ in self.due}):
            o, p, u = next(r for r in self.due if r[0] == key)
            st, b = api.request("GET", self.url(o, p, u))
            if st == 409 and b.get("error", {}).get("code") == "use_unit_program":
                self.due = [r for r in self.due if r[0] != key]
        self.units = sorted({u for _, _, u in self.due})
        st, t = api.request("GET", self.base + "/targets")
        self.targets = t["items"]

    def report_all(self):
        """Since issue 16 the matrix says who reports what: every unit is made to report every
        target from the program's start, so that every form still has its 100 targets."""
        st, m = self.api.request("GET", self.base + "/responsibilities")
        if st != 200:
            raise SystemExit("responsibilities: %d %r" % (st, m))
        change = {"revision": m["revision"], "effective_from": "2012-01-01", "rows": [
            {"target_id": t["id"], "reporters": [{"key": "unit:%d" % u} for u in self.units]}
            for t in self.targets]}
        st, b = self.api.request("PUT", self.base + "/responsibilities", change)
        if st != 200:
            raise SystemExit("responsibilities: %d %r" % (st, b))

    def allocate_all(self):
        self.report_all()
        rows = ["target_id;unit;value"]
        for t in self.targets:
            share = t["value"] if t["unit"] == "%" else max(1, int(float(t["value"]) // 100))
            for u in self.units:
                rows.append("%d;%d;%s" % (t["id"], u, share))
        st, b = self.api.request("PUT", self.base + "/allocations", "\r\n".join(rows) + "\r\n",
                                 "text/csv")
        if st != 200:
            raise SystemExit("allocations: %d %r" % (st, b))
        o, p, u = next(r for r in self.due if r[2] in self.units)
        st, form = self.api.request("GET", self.url(o, p, u))
        # 95 since issue 16: the five rates are computed from their parts, not asked.
        if st != 200 or len(form["targets"]) < 95:
            raise SystemExit("form: %d, %r targets: %s" % (st, len(form.get("targets", [])),
                                                            str(form)[:300]))
        self.form_targets = form["targets"]
        return len(rows) - 1

    def url(self, obligation, period, unit):
        return "%s/reports/%s/%s/%d" % (self.base, obligation, period, unit)

    def values(self, n_targets, variant):
        """Valid values of the first n_targets form targets, both scopes: wholes above their
        parts, rates within 0–100; `variant` (0/1) changes every value."""
        by_id = {t["id"]: t for t in self.form_targets}

        def depth(t):
            d = 0
            while t["parent_id"]:
                t = by_id[t["parent_id"]]
                d += 1
            return d

        out = []
        for t in self.form_targets[:n_targets]:
            v = 50 + variant if t["unit"] == "%" else 10 ** (6 - 2 * depth(t)) + variant
            for scope in ("period", "cumulative"):
                out.append({"target_id": t["id"], "scope": scope, "kind": "estimate", "value": v})
        return out


def write_requests(path, reqs):
    """reqs: (conn, method, path, content_type, body bytes)."""
    with open(path, "wb") as f:
        for conn, method, url, ct, body in reqs:
            f.write(("%d %s %s %s %d\n" % (conn, method, url, ct, len(body))).encode())
            f.write(body)
            f.write(b"\n")


def run_load(bin_dir, api, reqs, work, name, server_pid):
    path = os.path.join(work, name + ".req")
    write_requests(path, reqs)
    lat = os.path.join(work, name + ".lat")
    meter = Meter(server_pid)
    m0 = api.metrics()
    # PERF_OUT=FILE records the server's CPU profile during the load (perf, call graphs by frame
    # pointer; build-bench compiles with -fno-omit-frame-pointer), NAME appended to FILE.
    perf = None
    if os.environ.get("PERF_OUT"):
        perf = subprocess.Popen(["perf", "record", "-F", os.environ.get("PERF_FREQ", "1999"), "--call-graph", os.environ.get("PERF_CALLGRAPH", "fp"), "-p", str(server_pid),
                                 "-o", os.environ["PERF_OUT"] + "." + name],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    p = subprocess.run([os.path.join(bin_dir, "report_load"), "--port", str(api.port),
                        "--requests", path, "--header", "Cookie: " + api.cookie,
                        "--header", "X-CSRF-Token: " + api.csrf] + EXTRA_HEADERS +
                       ["--max-seconds", str(MAX_SECONDS),
                        "--latencies", lat], capture_output=True, text=True, timeout=MAX_SECONDS + 120)
    machine = meter.stop()
    if perf:
        perf.send_signal(2)
        perf.wait(timeout=60)
    m1 = api.metrics()
    if p.returncode != 0:
        raise SystemExit("report_load failed: " + p.stderr)
    if p.stderr:
        sys.stderr.write(p.stderr)
    res = json.loads(p.stdout)
    res["machine"] = machine
    # The first /metrics request is counted once answered, so it is in m1 and not in m0: one
    # request of well under a millisecond (in every bucket) to take out.
    n = m1["count"] - m0["count"] - 1
    res["server_requests"] = n
    res["server_mean_ms"] = (m1["sum"] - m0["sum"]) / n * 1000 if n else None
    res["server_buckets"] = {k: m1["buckets"][k] - m0["buckets"].get(k, 0) - 1
                             for k in m1["buckets"]}
    res["server_cpu_ms_per_request"] = machine["server_cpu"] / max(1, res["requests"]) * 1000
    if "store_writes" in m1:  # SQLite's group commit: mean group, the writer's share of the load
        d = {k: m1[k] - m0.get(k, 0) for k in ("store_writes", "store_transactions",
                                                "store_writer_busy_seconds",
                                                "store_writer_cpu_seconds",
                                                "store_commit_seconds")}
        res["store"] = {"writes": d["store_writes"], "transactions": d["store_transactions"],
                        "mean_group": d["store_writes"] / max(1, d["store_transactions"]),
                        "writer_busy_share": d["store_writer_busy_seconds"] / max(1e-9, res["seconds"]),
                        "writer_cpu_ms": d["store_writer_cpu_seconds"] * 1000 / max(1, d["store_writes"]),
                        "writer_busy_ms": d["store_writer_busy_seconds"] * 1000 / max(1, d["store_writes"]),
                        "commit_ms": d["store_commit_seconds"] * 1000 / max(1, d["store_transactions"])}
    res["client_cpu_share"] = res["client_cpu_seconds"] / max(1e-9, res["seconds"])
    res["server_cpu_share"] = machine["server_cpu"] / max(1e-9, res["seconds"])
    return res


def json_body(version, values, submit):
    body = {"version": version, "values": values}
    if submit:
        body["submit"] = True
    return json.dumps(body, separators=(",", ":")).encode()


# ───────────────────────────── phases ─────────────────────────────

def fresh(args, name, years=(2012,)):
    db = Database(args.backend, "wp_reports_" + name)
    work = tempfile.mkdtemp(prefix="wp-reports-" + name + "-")
    server = Server(os.path.join(args.bin_dir, "workplan"), db.url, work, years)
    api = Api(server.port)
    api.login("kehoach")
    api.sign_in_metrics("quantri")
    program = Program(api)
    return db, work, server, api, program


def phase_single(args):
    db, work, server, api, prog = fresh(args, "single")
    try:
        allocated = prog.allocate_all()
        vals = prog.values(100, 0)
        reqs = [(0, "PUT", prog.url(*r), "application/json", json_body(0, vals, True))
                for r in prog.due[:SINGLE_COUNT]]
        res = run_load(args.bin_dir, api, reqs, work, "single", server.pid)
        res["allocations"] = allocated
        res["values_per_report"] = len(vals)
        res["body_bytes"] = len(reqs[0][4])
        return res
    finally:
        server.stop()
        db.close()
        shutil.rmtree(work, ignore_errors=True)


def phase_pieces(args):
    """Where a submission's time goes, one connection, 300 requests each, distinct reports:
    GET of a form (authentication + building the form + rendering it), a submission without
    values, and one with 200 values (the single phase's request)."""
    db, work, server, api, prog = fresh(args, "pieces")
    try:
        prog.allocate_all()
        vals = prog.values(100, 0)
        n = SINGLE_COUNT
        out = {}
        gets = [(0, "GET", prog.url(*r), "-", b"") for r in prog.due[:n]]
        out["get_form"] = run_load(args.bin_dir, api, gets, work, "get", server.pid)
        empty = [(0, "PUT", prog.url(*r), "application/json", json_body(0, [], True))
                 for r in prog.due[:n]]
        out["submit_0"] = run_load(args.bin_dir, api, empty, work, "empty", server.pid)
        full = [(0, "PUT", prog.url(*r), "application/json", json_body(0, vals, True))
                for r in prog.due[n:2 * n]]
        out["submit_200"] = run_load(args.bin_dir, api, full, work, "full", server.pid)
        return out
    finally:
        server.stop()
        db.close()
        shutil.rmtree(work, ignore_errors=True)


def phase_submit(args, n_targets, name):
    db, work, server, api, prog = fresh(args, name)
    try:
        prog.allocate_all()
        vals = prog.values(n_targets, 0)
        reqs = [(i % CONNECTIONS, "PUT", prog.url(*r), "application/json",
                 json_body(0, vals, True)) for i, r in enumerate(prog.due)]
        res = run_load(args.bin_dir, api, reqs, work, name, server.pid)
        res["values_per_report"] = len(vals)
        res["distinct_reports"] = len(prog.due)
        return res
    finally:
        server.stop()
        db.close()
        shutil.rmtree(work, ignore_errors=True)


def phase_sustained(args):
    """Submissions of 200 values for longer than a burst: six programs (2012 and its copies
    dated 2013–2017), all their expected reports (6 × 1 290), the programs interleaved."""
    years = list(range(2012, 2012 + SUSTAINED_PROGRAMS))
    db, work, server, api, prog = fresh(args, "sustained", years)
    try:
        programs = [prog] + [Program(api, y) for y in years[1:]]
        for p in programs:
            p.allocate_all()
        lists = [[(p, r) for r in p.due] for p in programs]
        order = [x for group in zip(*lists) for x in group]
        reqs = [(i % CONNECTIONS, "PUT", p.url(*r), "application/json",
                 json_body(0, p.values(100, 0), True)) for i, (p, r) in enumerate(order)]
        res = run_load(args.bin_dir, api, reqs, work, "sustained", server.pid)
        res["values_per_report"] = 200
        res["distinct_reports"] = len(order)
        res["programs"] = len(programs)
        return res
    finally:
        server.stop()
        db.close()
        shutil.rmtree(work, ignore_errors=True)


def phase_save(args):
    db, work, server, api, prog = fresh(args, "save200")
    try:
        prog.allocate_all()
        variants = [prog.values(100, 0), prog.values(100, 1)]
        reqs = []
        for rnd in range(SAVE_ROUNDS):
            for i, r in enumerate(prog.due):
                reqs.append((i % CONNECTIONS, "PUT", prog.url(*r), "application/json",
                             json_body(rnd, variants[rnd % 2], False)))
        res = run_load(args.bin_dir, api, reqs, work, "save200", server.pid)
        res["rounds"] = SAVE_ROUNDS
        res["distinct_reports"] = len(prog.due)
        res["values_per_report"] = 200
        return res
    finally:
        server.stop()
        db.close()
        shutil.rmtree(work, ignore_errors=True)


def phase_bulk(args):
    db, work, server, api, prog = fresh(args, "bulk")
    try:
        lines = ["obligation,period,unit,target_id,scope,kind,value"]
        for o, p, u in prog.due:
            for i, t in enumerate(prog.targets):
                for scope in ("period", "cumulative"):
                    lines.append("%s,%s,%d,%d,%s,actual,%d" % (o, p, u, t["id"], scope, 1000 + i))
        csv = ("\n".join(lines) + "\n").encode()
        out = {"values": len(lines) - 1, "csv_bytes": len(csv), "runs": []}
        for run in range(2):
            meter = Meter(server.pid)
            m0 = api.metrics()
            t0 = time.perf_counter()
            st, b = api.request("POST", prog.base + "/bulk-values", csv, "text/csv")
            client = time.perf_counter() - t0
            machine = meter.stop()
            m1 = api.metrics()
            if st != 200:
                raise SystemExit("bulk: %d %r" % (st, str(b)[:500]))
            out["runs"].append({"stored": b["values"], "client_seconds": client,
                                "server_seconds": m1["sum"] - m0["sum"], "machine": machine})
        return out
    finally:
        server.stop()
        db.close()
        shutil.rmtree(work, ignore_errors=True)


def phase_store(args):
    db = Database(args.backend, "wp_reports_store")
    try:
        env = dict(os.environ)
        env.pop("WORKPLAN_CLOCK_FILE", None)
        subprocess.run([os.path.join(args.bin_dir, "workplan"), "import",
                        os.path.join(ROOT, "data", "seeds", "molisa_2012.txt"), "--publish",
                        "--db", db.url], check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env,
                       timeout=300)
        meter = Meter(0)
        p = subprocess.run([os.path.join(args.bin_dir, "store_bulk"), db.url, "1000000", "2"],
                           capture_output=True, text=True, timeout=900, cwd=ROOT)
        machine = meter.stop()
        if p.returncode != 0:
            raise SystemExit("store_bulk failed: " + p.stderr)
        loads = [json.loads(x) for x in p.stdout.splitlines() if x.startswith("{")]
        return {"loads": loads, "machine": machine}
    finally:
        db.close()


VARIANTS = ["store", "nomutex", "multi", "nofk", "nomutex,static,cache,multi",
            "nomutex,static,cache,multi,nofk"]


def phase_sqlite_variants(args):
    """SQLite only: the million values of the store phase inserted with the sqlite3 C API under
    the store's settings and under others (bench/reports/sqlite_bulk_variants.cpp), each on a
    fresh copy of a database with the 2012 program."""
    if args.backend != "sqlite":
        return None
    db = Database("sqlite", "")
    try:
        env = dict(os.environ)
        env.pop("WORKPLAN_CLOCK_FILE", None)
        subprocess.run([os.path.join(args.bin_dir, "workplan"), "import",
                        os.path.join(ROOT, "data", "seeds", "molisa_2012.txt"), "--publish",
                        "--db", db.url], check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env,
                       timeout=300)
        base = db.url[len("sqlite:"):]
        copy = base + ".copy"
        out = []
        for variant in VARIANTS:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(copy + suffix):
                    os.unlink(copy + suffix)
            shutil.copy(base, copy)
            p = subprocess.run([os.path.join(args.bin_dir, "sqlite_bulk_variants"), copy, variant],
                               capture_output=True, text=True, timeout=600)
            if p.returncode != 0:
                raise SystemExit("sqlite_bulk_variants failed: " + p.stderr)
            out.append(json.loads(p.stdout))
        return out
    finally:
        db.close()


# ───────────────────────────── report ─────────────────────────────

def cpu_line(m):
    sp, wall = m["cpu_split"], max(1e-9, m["wall"])
    top = ", ".join("%s %.1f s" % kv for kv in m["others_top"]) or "none"
    return ("CPU over %.1f s (cores busy, 1.0 = one core): server %.2f, postgres %.2f, "
            "client %.2f, other processes %.2f (%s)" % (wall, sp["server"] / wall,
                                                         sp["postgres"] / wall,
                                                         sp["client"] / wall, sp["others"] / wall,
                                                         top))


def bucket_line(b, total):
    keys = ["0.0025", "0.005", "0.01", "0.025", "0.05"]
    return ", ".join("≤%g ms %.0f%%" % (float(k) * 1000, 100 * b.get(k, 0) / max(1, total))
                     for k in keys)


def print_load(label, r):
    m = r["machine"]
    print("%s: %d requests (%s), %.2f s, %.0f ok/s; round trip p50 %.2f ms, p90 %.2f, p99 %.2f, "
          "max %.1f" % (label, r["requests"], r["statuses"], r["seconds"], r["ok_per_second"],
                        r["p50_ms"], r["p90_ms"], r["p99_ms"], r["max_ms"]))
    print("    server time (/metrics) mean %.2f ms [%s]; server CPU %.2f ms/request "
          "(%.0f%% of a core), client CPU %.0f%% of a core; machine busy %.0f%% of %d cores, "
          "load %s → %s" % (r["server_mean_ms"] or 0, bucket_line(r["server_buckets"],
                                                                   r["server_requests"]),
                            r["server_cpu_ms_per_request"], 100 * r["server_cpu_share"],
                            100 * r["client_cpu_share"], 100 * m["machine_busy"], m["cores"],
                            m["loadavg_before"], m["loadavg_after"]))
    if r.get("store"):
        st = r["store"]
        print("    store writer: %d writes in %d transactions (mean group %.1f), busy %.0f%% of "
              "the load's time (%.2f ms a write, %.2f ms of it on a core), COMMIT %.1f ms each"
              % (st["writes"], st["transactions"], st["mean_group"],
                 100 * st["writer_busy_share"], st["writer_busy_ms"], st["writer_cpu_ms"],
                 st["commit_ms"]))
    print("    " + cpu_line(m))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin_dir")
    ap.add_argument("backend", choices=["sqlite", "postgres"])
    ap.add_argument("--phases",
                    default="single,pieces,submit200,sustained,submit20,save200,bulk,store")
    ap.add_argument("--json")
    ap.add_argument("--quiet-wait", type=float, default=float(os.environ.get("QUIET_WAIT", "0")),
                    help="before each phase, wait at most this many seconds for an idle machine")
    args = ap.parse_args()
    label = "SQLite" if args.backend == "sqlite" else "PostgreSQL"
    results = {"backend": args.backend}
    for phase in args.phases.split(","):
        if args.quiet_wait > 0:
            waited, quiet = wait_quiet(args.quiet_wait)
            if not quiet:
                print("(the machine stayed busy for %.0f s: %s runs anyway)" % (waited, phase))
        if phase == "single":
            r = results["single"] = phase_single(args)
            print_load("%s single: submit %d values, 1 connection" % (label, r["values_per_report"]), r)
        elif phase == "pieces":
            r = results["pieces"] = phase_pieces(args)
            for key, what in (("get_form", "GET the form (no write)"),
                              ("submit_0", "submit without values"),
                              ("submit_200", "submit 200 values")):
                x = r[key]
                print("%s pieces, %s: %d requests (%s), round trip p50 %.2f ms; server mean %.2f "
                      "ms, server CPU %.2f ms/request" % (label, what, x["requests"], x["statuses"],
                                                          x["p50_ms"], x["server_mean_ms"],
                                                          x["server_cpu_ms_per_request"]))
        elif phase == "submit200":
            r = results["submit200"] = phase_submit(args, 100, "submit200")
            print_load("%s submit200: %d connections, %d distinct reports × 200 values"
                       % (label, CONNECTIONS, r["distinct_reports"]), r)
        elif phase == "submit20":
            r = results["submit20"] = phase_submit(args, 10, "submit20")
            print_load("%s submit20: %d connections, %d distinct reports × 20 values"
                       % (label, CONNECTIONS, r["distinct_reports"]), r)
        elif phase == "sustained":
            r = results["sustained"] = phase_sustained(args)
            print_load("%s sustained: %d connections, %d programs' %d reports × 200 values"
                       % (label, CONNECTIONS, r["programs"], r["distinct_reports"]), r)
        elif phase == "save200":
            r = results["save200"] = phase_save(args)
            print_load("%s save200: %d connections, %d reports × %d saves of 200 values"
                       % (label, CONNECTIONS, r["distinct_reports"], r["rounds"]), r)
        elif phase == "bulk":
            r = results["bulk"] = phase_bulk(args)
            for i, run in enumerate(r["runs"]):
                print("%s bulk over HTTP (%s): %d values (%.1f MB CSV) in %.2f s client, %.2f s "
                      "server (%.0f values/s); machine busy %.0f%%, load %s"
                      % (label, "new reports" if i == 0 else "again: new versions", run["stored"],
                         r["csv_bytes"] / 1e6, run["client_seconds"], run["server_seconds"],
                         run["stored"] / run["server_seconds"], 100 * run["machine"]["machine_busy"],
                         run["machine"]["loadavg_before"]))
                print("    " + cpu_line(run["machine"]))
        elif phase == "store":
            r = results["store"] = phase_store(args)
            for x in r["loads"]:
                print("%s store BulkLoadValues (%s): %d values, %d reports in %.2f s (%.0f values/s)"
                      % (label, "new reports" if x["load"] == 1 else "again: new versions",
                         x["values"], x["reports"], x["seconds"], x["values_per_second"]))
            m = r["machine"]
            print("    machine busy %.0f%% of %d cores, load %s → %s; store_bulk counts as client"
                  % (100 * m["machine_busy"], m["cores"], m["loadavg_before"], m["loadavg_after"]))
            print("    " + cpu_line(m))
        elif phase == "sqlite-variants":
            r = results["sqlite_variants"] = phase_sqlite_variants(args)
            for x in r or []:
                print("%s 1 000 000 values with the C API, %-32s %.2f s"
                      % (label, x["variant"] + ":", x["seconds"]))
        else:
            raise SystemExit("unknown phase " + phase)
        sys.stdout.flush()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
