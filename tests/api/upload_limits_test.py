#!/usr/bin/env python3
"""Bounded uploads and connections (issue 15, point 4), against the real binary:

- a workbook of 2 M cells (a file of a few kilobytes) is refused by role before it is read: 403
  for a viewer on the form upload and for an editor on the allocations; 413 `xlsx_too_large`,
  naming the limit, for those who may send one; the same with the cells undeclared (counted as
  the sheet is inflated); nothing is stored;
- a body above the upload limit is refused 413 from its Content-Length, and a viewer's or an
  anonymous upload is answered 403 / 401 from its headers alone, before any of the body is sent
  (so are a viewer's values CSV and an editor's bulk load);
- eight such uploads at once are each refused (413, or 503 `busy` with Retry-After when no read
  slot came free) and the server still answers;
- connections: above the cap per client address a connection is closed at once; at the total
  cap a new connection closes the oldest idle one and is served; a connection that sends no
  request is closed after the header timeout; /metrics counts them;
- with the caps lifted under `ulimit -n 200`, 300 silent connections exhaust the descriptors:
  the server still answers /healthz, counts the failed accepts and logs one warning.

usage: upload_limits_test.py WORKPLAN_BINARY sqlite|postgres"""
import datetime as dt
import socket
import threading

from harness import Client, PASSWORD, Server, run_on_2012_program
from xlsx_files import workbook



def main():
    run_on_2012_program("upload_limits_test", dt.date(2012, 3, 10), run)


def code(body):
    return body.get("error", {}).get("code") if isinstance(body, dict) else None


def message(body):
    return body.get("error", {}).get("message", "") if isinstance(body, dict) else ""


def raw_head(port, lines, source="127.0.0.1"):
    """Sends a request's headers alone (no body) and reads the status line and body of the
    answer: an upload refused from its headers."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20, source_address=(source, 0))
    try:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data.split(b"\r\n", 1)[0].decode(errors="replace"), data
    finally:
        s.close()


def run(port, pid, db, c):
    admin = Client(port)
    c.eq(admin.login("admin")[0], 200, "admin signs in")
    base = "/api/v1/programs/%d" % pid
    _, provinces, _ = admin.request("GET", "/api/v1/org-units?at=2012-06-30&kind=province")
    hn = next(u for u in provinces["items"] if u["code"] == "01")

    def add_user(name, role, unit=True):
        body = {"username": name, "password": PASSWORD, "role": role}
        if unit:
            body["unit_id"] = hn["id"]
        c.eq(admin.request("POST", "/api/v1/users", body)[0], 201, "create " + name)
        client = Client(port)
        c.eq(client.login(name)[0], 200, name + " signs in")
        return client

    viewer = add_user("hanoi.xem", "viewer")
    editor = add_user("hanoi.nhap", "editor")
    planner = add_user("kehoach", "planner", unit=False)

    big = workbook(2_000_000)
    c.true(len(big) < 400_000, "2 M cells in a file of %d bytes" % len(big))
    undeclared = workbook(300_000, declare=False, refs=True)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    upload = "/api/v1/reports/upload"
    allocations = base + "/allocations"

    # ── by role, before the file is read ──
    st, b, _ = viewer.request("POST", upload, big, xlsx)
    c.eq((st, code(b)), (403, "forbidden"), "a viewer's 2 M-cell upload is refused by role")
    st, b, _ = editor.request("PUT", allocations, big, xlsx)
    c.eq((st, code(b)), (403, "forbidden"), "an editor's allocations workbook is refused by role")

    # ── by size, for those who may send one ──
    for who, name, method, path in ((editor, "editor", "POST", upload),
                                    (planner, "planner", "PUT", allocations)):
        st, b, _ = who.request(method, path, big, xlsx)
        c.eq((st, code(b)), (413, "xlsx_too_large"), "%s's 2 M cells to %s refused" % (name, path))
        c.true("250" in message(b) or "200.000 ô" in message(b),
               "the refusal names its limit: %r" % message(b))
        st, b, _ = who.request(method, path, undeclared, xlsx)
        c.eq((st, code(b)), (413, "xlsx_too_large"),
             "%s's 300 000 undeclared cells to %s refused" % (name, path))
        c.true("200.000 ô" in message(b), "counted as they came: %r" % message(b))

    # ── a body above the limit, and refusals from the headers alone ──
    st, b, _ = editor.request("POST", upload, b"PK\x03\x04" + b"\0" * (9 << 20), xlsx)
    c.eq((st, code(b)), (413, "too_large"), "a 9 MB upload is refused")
    c.true("8 MB" in message(b), "naming the limit: %r" % message(b))
    head = ["POST %s HTTP/1.1" % upload, "Host: 127.0.0.1", "Content-Type: " + xlsx,
            "Content-Length: %d" % (6 << 20)]
    status, _ = raw_head(port, head + ["Cookie: " + viewer.cookie, "X-CSRF-Token: " + viewer.csrf])
    c.eq(status, "HTTP/1.1 403 Forbidden", "a viewer's upload is refused before its body is sent")
    status, _ = raw_head(port, head)
    c.eq(status, "HTTP/1.1 401 Unauthorized", "an anonymous upload alike")
    status, data = raw_head(port, ["POST %s HTTP/1.1" % upload, "Host: 127.0.0.1",
                                   "Content-Length: %d" % (9 << 20), "Cookie: " + editor.cookie,
                                   "X-CSRF-Token: " + editor.csrf])
    c.eq(status, "HTTP/1.1 413 Payload Too Large", "9 MB declared: refused before the body")
    # The CSV writes alike: a viewer's values, an editor's bulk load.
    url = "%s/reports/r2/2012-M03/%d" % (base, hn["id"])
    for who, method, path, what in (
            (viewer, "PUT", url + "/values.csv?version=0", "a viewer's values CSV"),
            (editor, "POST", base + "/bulk-values", "an editor's bulk load")):
        status, _ = raw_head(port, ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1",
                                    "Content-Type: text/csv", "Content-Length: %d" % (1 << 20),
                                    "Cookie: " + who.cookie, "X-CSRF-Token: " + who.csrf])
        c.eq(status, "HTTP/1.1 403 Forbidden", what + " is refused before its body is sent")

    # ── eight at once ──
    answers = []

    def send(who, path, method):
        st, b, resp = who.request(method, path, big, xlsx)
        answers.append((st, code(b), resp.getheader("Retry-After")))

    threads = [threading.Thread(target=send, args=(editor, upload, "POST")) for _ in range(8)]
    threads += [threading.Thread(target=send, args=(viewer, upload, "POST")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    c.eq(len(answers), 16, "sixteen answers")
    c.eq(sorted(a for a in answers if a[0] == 403), [(403, "forbidden", None)] * 8,
         "the viewer's eight refused by role")
    others = [a for a in answers if a[0] != 403]
    c.true(all(a in ((413, "xlsx_too_large", None), (503, "busy", "2")) for a in others),
           "the editor's eight refused by size or busy (with Retry-After): %r" % others)
    st, b, _ = Client(port).request("GET", "/healthz")
    c.eq(st, 200, "the server still answers")
    url = "%s/reports/r2/2012-M03/%d" % (base, hn["id"])
    st, form, _ = editor.request("GET", url)
    c.eq((st, form.get("version")), (200, 0), "nothing stored")

    connections(c, db)
    descriptors(c, db)


def closed_at_once(s):
    """True when the server closes `s` without an answer (within the socket's timeout)."""
    try:
        return s.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def connections(c, db):
    import harness
    server = Server(harness.sys.argv[1], db.url,
                    ["--max-connections", "8", "--max-connections-per-client", "3",
                     "--header-timeout", "2"])
    port = server.port
    opened = []
    try:
        def connect(source):
            s = socket.create_connection(("127.0.0.1", port), timeout=10,
                                         source_address=(source, 0))
            opened.append(s)
            return s

        idle = [connect("127.0.0.2") for _ in range(3)]
        fourth = connect("127.0.0.2")
        c.true(closed_at_once(fourth), "a fourth connection from one address is closed at once")
        st, _, _ = Client(port).request("GET", "/healthz")
        c.eq(st, 200, "another address is served meanwhile")
        # Fill the total cap (8) with idle connections from other addresses.
        others = [connect("127.0.0.%d" % (3 + i)) for i in range(5)]
        newcomer = connect("127.0.0.20")
        newcomer.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while True:
            chunk = newcomer.recv(65536)
            if not chunk:
                break
            answer += chunk
        c.true(answer.startswith(b"HTTP/1.1 200"), "at the total cap a newcomer is served: %r"
               % answer[:40])
        c.true(closed_at_once(idle[0]), "the oldest idle connection made room")
        # A connection that never sends a request: closed after the header timeout (2 s).
        c.true(closed_at_once(others[-1]), "a silent connection is closed after the timeout")
        admin = Client(port)  # /metrics is an admin's
        admin.login("admin")
        _, metrics, _ = admin.request("GET", "/metrics")
        text = metrics.decode() if isinstance(metrics, bytes) else metrics
        for outcome in ("refused_per_client", "evicted_idle"):
            line = next((l for l in text.splitlines()
                         if l.startswith('workplan_connections_total{outcome="%s"}' % outcome)), "")
            c.true(line and int(line.split()[-1]) >= 1, "/metrics counts %s: %r" % (outcome, line))
        c.true("workplan_connections_open " in text, "/metrics has the open connections")
    finally:
        for s in opened:
            s.close()
        c.eq(server.stop(), 0, "the capped server stops cleanly")


def descriptors(c, db):
    """The caps lifted under `ulimit -n 200`: accepting runs out of descriptors. The server goes
    on answering (closing idle connections to make room) and logs one warning for the burst."""
    import harness
    import subprocess
    import tempfile
    import re
    log = tempfile.NamedTemporaryFile("w+", prefix="workplan-log-", suffix=".txt")
    proc = subprocess.Popen(
        ["bash", "-c", 'ulimit -n 200 && exec "$0" serve --db "$1" --listen 127.0.0.1:0 '
         "--max-connections 5000 --max-connections-per-client 0", harness.sys.argv[1], db.url],
        stdout=subprocess.PIPE, stderr=log, text=True, cwd=harness.ROOT)
    opened = []
    try:
        port = None
        for line in proc.stdout:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        c.true(port is not None, "the server starts under ulimit -n 200")
        if port is None:
            return
        admin = Client(port)  # /metrics is an admin's: signed in while descriptors are free
        admin.login("admin")
        for _ in range(300):
            s = socket.socket()
            s.setblocking(False)
            s.bind(("127.0.0.2", 0))
            try:
                s.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            opened.append(s)
        st, _, _ = Client(port).request("GET", "/healthz")
        c.eq(st, 200, "out of descriptors, the server still answers")
        _, metrics, _ = admin.request("GET", "/metrics")
        text = metrics.decode() if isinstance(metrics, bytes) else metrics
        errors = re.search(r"workplan_accept_errors_total (\d+)", text)
        c.true(errors and int(errors.group(1)) >= 1, "/metrics counts the failed accepts")
        log.flush()
        with open(log.name, encoding="utf-8", errors="replace") as f:
            paused = [l for l in f if "accept_paused" in l]
        c.eq(len(paused), 1, "one warning for the burst: %r" % paused)
    finally:
        for s in opened:
            s.close()
        proc.terminate()
        try:
            c.eq(proc.wait(timeout=20), 0, "it stops cleanly")
        except subprocess.TimeoutExpired:
            proc.kill()
            c.true(False, "it stops within 20 s of SIGTERM")


if __name__ == "__main__":
    main()
