#!/usr/bin/env python3
"""Times the import of the 2012 seed through the API (POST /api/v1/programs?replace=draft,
parse + bind + resolve + one transaction), N times on a running server; prints the median and
the spread. usage: import_time.py PORT COOKIE CSRF [N]"""
import http.client
import os
import statistics
import sys
import time

port, cookie, csrf = int(sys.argv[1]), sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 20
seed = os.path.join(os.path.dirname(__file__), "..", "..", "data", "seeds", "molisa_2012.txt")
text = open(seed, "rb").read().replace(b"224/Q", b"9224/Q", 1)  # a number of its own
times = []
for _ in range(n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    t = time.perf_counter()
    conn.request("POST", "/api/v1/programs?replace=draft", body=text,
                 headers={"Content-Type": "text/plain", "Cookie": cookie, "X-CSRF-Token": csrf})
    resp = conn.getresponse()
    resp.read()
    times.append((time.perf_counter() - t) * 1000)
    conn.close()
    if resp.status != 201:
        sys.exit("import failed: %d" % resp.status)
times.sort()
print("import of the 2012 seed (82 KB) over HTTP, %d runs: median %.1f ms, min %.1f ms, max %.1f ms"
      % (n, statistics.median(times), times[0], times[-1]))
