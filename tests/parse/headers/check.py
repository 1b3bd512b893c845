#!/usr/bin/env python3
"""Run `workplan parse FILE --json` on every header sample here and compare the
document metadata with NN_name.expected.json. Prints mismatches and
"N passed, M failed" (per file); exits 1 if any file mismatches."""
import glob, json, os, subprocess, sys, time, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("WORKPLAN", os.path.join(HERE, "..", "..", "..", "build", "bin", "workplan"))
FIELDS = ["type", "number", "issued_date", "place", "issuer", "signer",
          "signer_title", "year", "title"]


def nfc(v):
    return unicodedata.normalize("NFC", v) if isinstance(v, str) else v


def run(path):
    for attempt in range(10):  # binary may be momentarily missing during a rebuild
        if os.path.exists(BIN):
            break
        time.sleep(3)
    p = subprocess.run([BIN, "parse", path, "--json"], capture_output=True, timeout=60)
    if p.returncode != 0:
        return None, "exit %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace").strip()[:200])
    try:
        return json.loads(p.stdout.decode("utf-8")).get("document") or {}, None
    except (ValueError, UnicodeDecodeError) as e:
        return None, "bad JSON: %s" % e


def main():
    rows, passed, failed = [], 0, 0
    for txt in sorted(glob.glob(os.path.join(HERE, "*.txt"))):
        name = os.path.basename(txt)[:-4]
        with open(os.path.join(HERE, name + ".expected.json"), encoding="utf-8") as f:
            exp = json.load(f)
        doc, err = run(txt)
        bad = []
        if doc is None:
            bad.append(("(run)", "", err))
        else:
            for k in FIELDS:
                e, g = exp.get(k), doc.get(k)
                if k == "year":
                    ok = (e is None and g is None) or (isinstance(g, (int, float)) and e is not None and int(g) == int(e) and g == int(g))
                else:
                    ok = nfc(e) == nfc(g)
                if not ok:
                    bad.append((k, e, g))
        if bad:
            failed += 1
            rows += [(name,) + b for b in bad]
        else:
            passed += 1
    if rows:
        w = [max(len(str(r[i])) for r in rows + [("file", "field", "expected", "got")]) for i in range(2)]
        print("%-*s  %-*s  %s  |  %s" % (w[0], "file", w[1], "field", "expected", "got"))
        for f, k, e, g in rows:
            print("%-*s  %-*s  %s  |  %s" % (w[0], f, w[1], k,
                  json.dumps(e, ensure_ascii=False), json.dumps(g, ensure_ascii=False)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
