"""Runs the real `workplan` binary for API tests: a fresh database (SQLite file, or a new
PostgreSQL database on the cluster of scripts/with-postgres), a server on a free loopback
port, and a small HTTP client with a cookie jar."""
import datetime as dt
import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_2012 = os.path.join(ROOT, "data", "seeds", "molisa_2012.txt")
SEED_2008 = os.path.join(ROOT, "data", "seeds", "molisa_2008.txt")
PASSWORD = "mat-khau-thu-nghiem"


# The audit anchor file of each database's URL: the commands and servers the tests start on a
# PostgreSQL database keep theirs beside the test's files (not in the checkout's var/).
ANCHORS = {}


class Database:
    """A throwaway database for one test run. On PostgreSQL, as in production, the schema is
    migrated by its owner (`workplan db migrate --grant-to`) and `url` connects as the server's
    role, which owns nothing (WP_POSTGRES_APP_URL of scripts/with-postgres); `owner_url` as the
    owner, which `execute` uses to edit by hand around the application."""

    def __init__(self, backend, binary=None):
        self.backend = backend
        self.tmp = tempfile.mkdtemp(prefix="wp_api_")
        if backend == "sqlite":
            self.path = os.path.join(self.tmp, "test.db")
            self.url = self.owner_url = "sqlite:" + self.path
            self.anchor = self.path + ".audit-anchor"
        elif backend == "postgres":
            base = os.environ.get("WP_POSTGRES_URL")
            if not base:
                raise SystemExit("WP_POSTGRES_URL is not set: run under scripts/with-postgres")
            self.name = "wp_api_" + uuid.uuid4().hex[:12]
            self.admin_url = base
            self.psql("CREATE DATABASE " + self.name)
            self.owner_url = re.sub(r"/[^/]*$", "/" + self.name, base)
            app = os.environ.get("WP_POSTGRES_APP_URL")
            role = os.environ.get("WP_POSTGRES_APP_ROLE")
            if app and role:
                workplan(binary or sys.argv[1], "db", "migrate", "--db", self.owner_url,
                         "--grant-to", role)
                self.url = re.sub(r"/[^/]*$", "/" + self.name, app)
            else:
                self.url = self.owner_url
            self.anchor = os.path.join(self.tmp, "audit-anchor")
            ANCHORS[self.url] = ANCHORS[self.owner_url] = self.anchor
        else:
            raise SystemExit("unknown backend " + backend)

    def psql(self, sql, url=None):
        out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                              url or self.admin_url, "-c", sql],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError("psql failed: " + out.stderr)
        return out.stdout.strip()

    def execute(self, sql):
        """Runs SQL on the test database by hand, around the application (on PostgreSQL as the
        owner of the schema)."""
        if self.backend == "sqlite":
            import sqlite3
            con = sqlite3.connect(self.path)
            try:
                cur = con.execute(sql)
                rows = cur.fetchall()
                con.commit()
                return rows
            finally:
                con.close()
        return self.psql(sql, self.owner_url)

    def execute_as_server(self, sql):
        """Runs SQL on the test database as the server's own role (PostgreSQL)."""
        return self.psql(sql, self.url)

    def close(self):
        if self.backend == "postgres":
            try:
                self.psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name)
            except Exception as e:  # the cluster goes away with with-postgres anyway
                print("warning:", e, file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)


def anchor_env(args):
    """The environment of a command on one of the tests' databases: its audit anchor file."""
    env = dict(os.environ)
    args = list(args)
    for i, a in enumerate(args[:-1]):
        if a == "--db" and args[i + 1] in ANCHORS:
            env.setdefault("WORKPLAN_AUDIT_ANCHOR", ANCHORS[args[i + 1]])
    return env


def workplan(binary, *args, stdin=None, check=True):
    out = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True,
                         timeout=120, cwd=ROOT, env=anchor_env(args))
    if check and out.returncode != 0:
        raise AssertionError("workplan %s failed (%d): %s" % (" ".join(args), out.returncode,
                                                               out.stderr))
    return out


class Server:
    """`workplan serve` on a free port of 127.0.0.1. `start_timeout`: how long its banner may take
    (`--demo`'s first start writes a year of reports); `real_clock`: without the tests' held clock,
    as `make run` runs."""

    def __init__(self, binary, db_url, extra=(), start_timeout=60, real_clock=False):
        self.binary = binary
        # The log (a line per request) goes to a file: a pipe nobody reads would fill and stop
        # the server.
        self.log = tempfile.NamedTemporaryFile("w+", prefix="workplan-log-", suffix=".txt")
        args = ["serve", "--db", db_url, "--listen", "127.0.0.1:0", *extra]
        env = anchor_env(args)
        if real_clock:
            env.pop("WORKPLAN_CLOCK_FILE", None)
        self.proc = subprocess.Popen([binary, *args], stdout=subprocess.PIPE, stderr=self.log,
                                     text=True, cwd=ROOT, env=env)
        # stdout is read by a thread of its own, so the wait for the banner keeps its deadline
        # even when the server writes nothing (a blocked readline would ignore it), and whatever
        # the server writes later never fills the pipe.
        self._lines = lines = queue.Queue()

        def drain(stream):
            for line in stream:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=drain, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.time() + start_timeout
        self.port = None
        self.banner = []
        while self.port is None:
            left = deadline - time.time()
            if left <= 0:
                self.banner.append("(no address within %ds)\n" % start_timeout)
                break
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                break
            self.banner.append(line)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            self.proc.kill()
            raise AssertionError("server did not start: " + "".join(self.banner) +
                                 self.log_text())

    def next_line(self, timeout=30):
        """The server's next line on stdout after the banner ("" at its end or after `timeout`
        seconds)."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return ""
        if line is None:
            self._lines.put(None)  # the end stays the end for the next caller
            return ""
        return line

    def log_text(self):
        """What the server has logged so far."""
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("server did not stop within %ds of signal %d" % (timeout, sig))


class Client:
    """One user agent: a cookie jar and the CSRF token of its session."""

    def __init__(self, port):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.token = None

    def request(self, method, path, body=None, content_type=None, headers=None, csrf=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            content_type = content_type or "application/json"
        elif isinstance(body, str):
            body = body.encode()
        if content_type:
            h["Content-Type"] = content_type
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie" and v.startswith("wp_session="):
                value = v.split(";")[0]
                self.cookie = None if value == "wp_session=" else value
        conn.close()
        ctype = resp.getheader("Content-Type") or ""
        parsed = json.loads(data) if data and ctype.startswith("application/json") else data
        return resp.status, parsed, resp

    def login(self, username, password=PASSWORD):
        status, body, _ = self.request("POST", "/api/v1/session",
                                       {"username": username, "password": password})
        if status == 200:
            self.csrf = body["csrf_token"]
        return status, body


def serve_and_run(binary, db, c, body):
    """Starts the server on `db`, runs body(port) against it and stops it with SIGTERM, checking
    that it stops cleanly; when body breaks, the failures it had collected are printed first."""
    server = Server(binary, db.url)
    try:
        body(server.port)
    except Exception:
        print("\n".join(c.failures), file=sys.stderr)  # what went wrong before it broke
        raise
    finally:
        c.eq(server.stop(), 0, "SIGTERM stops the server cleanly")


def set_clock(path, local_date, hour=9):
    """Moves the rehearsal clock (WORKPLAN_CLOCK_FILE) to `hour` o'clock in Việt Nam on
    `local_date`."""
    t = dt.datetime.combine(local_date, dt.time(hour)) - dt.timedelta(hours=7)
    with open(path, "w") as f:
        f.write(t.strftime("%Y-%m-%dT%H:%M:%SZ"))


def run_on_2012_program(name, day, body):
    """The opening of a test of the 2012 program (argv: binary, backend): a fresh database with
    the admin and the 2012 decision published, the rehearsal clock at `day` (its path in
    db.tmp/clock), the server started; body(port, program_id, db, c) runs against it."""
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    clock = os.path.join(db.tmp, "clock")
    set_clock(clock, day)
    os.environ["WORKPLAN_CLOCK_FILE"] = clock
    try:
        workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin",
                 "--db", db.url, stdin=PASSWORD + "\n")
        out = workplan(binary, "import", SEED_2012, "--publish", "--db", db.url)
        pid = int(re.search(r"#(\d+)", out.stdout).group(1))
        serve_and_run(binary, db, c, lambda port: body(port, pid, db, c))
    finally:
        db.close()
    c.finish("%s[%s]" % (name, backend))


def routes_missing_from_openapi(client):
    """The routes the server has answered so far (by its /metrics) that /api/v1/openapi.json does
    not describe, and the spec's paths."""
    _, spec, _ = Client(client.port).request("GET", "/api/v1/openapi.json")
    _, metrics, _ = client.request("GET", "/metrics")
    text = metrics.decode() if isinstance(metrics, bytes) else metrics
    routes = set(re.findall(r'route="([^"]+)"', text))
    internal = {"static", "unmatched", "unauthenticated", "csrf", "rejected"}
    return sorted(r for r in routes - internal if r not in spec["paths"]), spec["paths"]


class Check:
    """Collects failures so one run reports all of them."""

    def __init__(self):
        self.failures = []
        self.count = 0

    def eq(self, got, want, what):
        self.count += 1
        if got != want:
            self.failures.append("%s: got %r, want %r" % (what, got, want))

    def true(self, cond, what):
        self.count += 1
        if not cond:
            self.failures.append(what)

    def finish(self, name):
        if self.failures:
            print("%s: %d of %d checks failed" % (name, len(self.failures), self.count))
            for f in self.failures:
                print("  FAIL", f)
            sys.exit(1)
        print("%s: all %d checks passed" % (name, self.count))
