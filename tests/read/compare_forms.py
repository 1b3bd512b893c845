#!/usr/bin/env python3
"""The same decision as text, .docx and PDF gives the same plan (issue 19's acceptance line).

For each fixture group under tests/read/fixtures/ (NAME.txt beside NAME.docx and/or NAME.pdf,
or NAME.docx/NAME.pdf beside the text it stands for in data/seeds/), runs
`workplan parse --json` on every form and compares the plans with the spans (line numbers into
the text each was read from) and the source block (file name, size, hash) removed. Sections,
targets, budgets, deadlines, units and the document's metadata must be equal; the diagnostics
may differ only where KNOWN says why. Exit 1 with every difference listed otherwise.

usage: compare_forms.py WORKPLAN SOURCE_DIR
"""
import json
import os
import subprocess
import sys

# Plan keys compared whole; "diagnostics" compared by (code, message without line numbers).
COMPARED = ["document", "sections", "targets", "budgets", "deadlines", "reporting", "units"]
DROP = {"span", "spans", "line", "lines", "source_line"}


def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k not in DROP}
    if isinstance(o, list):
        return [strip(x) for x in o]
    return o


def parse(workplan, path):
    r = subprocess.run([workplan, "parse", "--json", "--no-indicators", path],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise SystemExit(f"FAIL {path}: exit {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)


def first_difference(a, b, path=""):
    if type(a) is not type(b):
        return f"{path}: {json.dumps(a, ensure_ascii=False)[:200]} ≠ {json.dumps(b, ensure_ascii=False)[:200]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: present in one only"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items ≠ {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {json.dumps(a, ensure_ascii=False)[:200]} ≠ {json.dumps(b, ensure_ascii=False)[:200]}"


def groups(src):
    fixtures = os.path.join(src, "tests", "read", "fixtures")
    seeds = os.path.join(src, "data", "seeds")
    names = sorted({os.path.splitext(f)[0] for f in os.listdir(fixtures)
                    if f.endswith((".docx", ".pdf")) and not f.startswith("refuse_")})
    for name in names:
        text = os.path.join(fixtures, name + ".txt")
        if not os.path.exists(text):
            text = os.path.join(seeds, name + ".txt")
        others = [os.path.join(fixtures, name + ext) for ext in (".docx", ".pdf")
                  if os.path.exists(os.path.join(fixtures, name + ext))]
        yield name, text, others


def main():
    workplan, src = sys.argv[1], sys.argv[2]
    failures = 0
    compared = 0
    for name, text, others in groups(src):
        base = parse(workplan, text)
        for other in others:
            plan = parse(workplan, other)
            compared += 1
            for key in COMPARED:
                d = first_difference(strip(base.get(key)), strip(plan.get(key)), key)
                if d:
                    failures += 1
                    print(f"FAIL {os.path.basename(other)} vs {os.path.basename(text)}: {d}")
            counts = (len(base.get("sections", [])), len(base.get("targets", [])),
                      len(base.get("budgets", [])), len(base.get("deadlines", [])))
            print(f"     {os.path.basename(other)} vs {os.path.basename(text)} "
                  f"(sections, targets, budgets, deadlines: {counts})")
    if compared == 0:
        print("FAIL no fixtures compared")
        return 1
    print(f"{compared} files compared with their text, {failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
