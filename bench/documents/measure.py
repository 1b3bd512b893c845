#!/usr/bin/env python3
"""The rounds of bench/documents/run.sh against a running server: signs in as a planner, finds
the newest published program, then ROUNDS times generates the consolidated report of PERIOD
(POST /api/v1/programs/{id}/documents) and downloads its .docx, timing each round; reads the
server's VmHWM (/proc/PID/status) before the first round and after the last."""
import argparse
import calendar
import http.client
import json
import statistics
import sys
import time


def hwm_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmHWM for pid %d" % pid)


class Client:
    def __init__(self, port):
        self.port, self.cookie, self.csrf = port, None, None

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {}
        if body is not None:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
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
        ctype = resp.getheader("Content-Type") or ""
        return resp.status, (json.loads(data) if ctype.startswith("application/json") else data)


def main():
    ap = argparse.ArgumentParser()
    for name in ("port", "pid", "rounds"):
        ap.add_argument("--" + name, type=int, required=True)
    for name in ("user", "password", "period", "scale"):
        ap.add_argument("--" + name, required=True)
    a = ap.parse_args()
    c = Client(a.port)
    st, s = c.request("POST", "/api/v1/session", {"username": a.user, "password": a.password})
    if st != 200:
        sys.exit("sign-in failed: %s %s" % (st, s))
    c.csrf = s["csrf_token"]
    st, programs = c.request("GET", "/api/v1/programs")
    published = [p for p in programs["items"] if p["status"] == "published"]
    year = int(a.period[:4])
    program = max((p for p in published if p.get("year") == year), key=lambda p: p["id"],
                  default=None) or max(published, key=lambda p: p["id"])
    month = int(a.period[-2:]) if "-M" in a.period else 12
    as_of = "%04d-%02d-%02d" % (year, month, calendar.monthrange(year, month)[1])
    body = {"kind": "consolidated", "period": a.period, "as_of": as_of, "unit_id": None}
    before = hwm_mib(a.pid)
    times, size = [], 0
    for i in range(a.rounds):
        t0 = time.perf_counter()
        st, doc = c.request("POST", "/api/v1/programs/%d/documents" % program["id"], body)
        if st not in (200, 201):
            sys.exit("generate failed: %s %s" % (st, doc))
        t1 = time.perf_counter()
        st, docx = c.request("GET", "/api/v1/documents/%d/file.docx" % doc["id"])
        if st != 200 or not docx.startswith(b"PK"):
            sys.exit("file.docx failed: %s %r" % (st, docx[:200]))
        t2 = time.perf_counter()
        size = len(docx)
        times.append(t2 - t0)
        print("round %d: generate %.3f s, file.docx %.3f s (%d bytes, %d blocks)"
              % (i + 1, t1 - t0, t2 - t1, size, len(doc.get("blocks", []))))
    after = hwm_mib(a.pid)
    print("documents-bench scale=%s period=%s program=%d rounds=%d p50_s=%.3f max_s=%.3f "
          "hwm_before_mib=%.0f hwm_after_mib=%.0f extra_mib=%.0f docx_bytes=%d"
          % (a.scale, a.period, program["id"], a.rounds, statistics.median(times), max(times),
             before, after, after - before, size))


if __name__ == "__main__":
    main()
