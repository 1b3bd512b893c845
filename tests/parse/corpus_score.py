#!/usr/bin/env python3
"""The corpus gate (issue 19 §5): real decisions and plans read by the real binary and scored
field by field against hand annotations written by reading each document (never from the
parser's output).

usage: corpus_score.py WORKPLAN [--dir DIR] [--quiet] [--floors FILE] [--update-floors]
       corpus_score.py WORKPLAN --forms

  For every DIR/NAME.expected.json: the input is NAME.docx, NAME.pdf or NAME.txt as NAME.source
  says ("form: docx|pdf|text"); `workplan parse --json INPUT` is run and scored. Prints a table
  per document and per field, the issue's bars beside today's figures, and fails when a figure
  falls below its floor in FILE (DIR/floors.json by default): today's figure rounded down, a
  regression gate. A refused document scores 0 on everything it was annotated with.
  --quiet prints totals only (the held-out directory: its misses are not shown to anyone tuning).
  --forms: the .docx and PDF made from a corpus text give the same plan as the text (spans and
  the source block removed) for every NAME.txt that has both NAME.docx and NAME.pdf beside it.

Fields (right/annotated unless said otherwise):
  meta   type, number, issued_date, place, issuer, signer, signer_title, year, title (folded:
         case, diacritics, dashes and whitespace ignored; fields listed in "unscored" skipped)
  sect   numbered sections found (number as written: "I", "I.1", "I.1.a", "Điều 2.1")
  leads  annotated sections whose lead units agree exactly, plus articles that name a lead
         (read if any section or article of the plan carries that lead)
  tgt    targets matched one to one on (section, value, unit, comparator[, lower, upper]):
         matched/read/annotated, precision and recall
  dl     deadlines matched on (section, due); bud: budgets on total; art: articles found
"""
import json
import math
import os
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
META = ["type", "number", "issued_date", "place", "issuer", "signer", "signer_title", "year", "title"]
# The acceptance bars (measured there on an independent held-out set), shown beside ours.
BARS = {"meta": 95, "sect": 90, "leads": 85, "dl_r": 85, "tgt_p": 85, "tgt_r": 85}
METRICS = ["meta", "sect", "leads", "tgt_p", "tgt_r", "dl_p", "dl_r", "bud_p", "bud_r", "art"]


def fold(s):
    if s is None:
        return None
    s = unicodedata.normalize("NFD", str(s).replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    for dash in "–—‐−":
        s = s.replace(dash, "-")
    return "".join(s.split())


def close(a, b):
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def one_to_one(pred, gold, same):
    used, matched = [False] * len(gold), 0
    for p in pred:
        for i, g in enumerate(gold):
            if not used[i] and same(p, g):
                used[i] = True
                matched += 1
                break
    return matched


def form_of(directory, name):
    form = "text"
    try:
        for line in open(os.path.join(directory, name + ".source"), encoding="utf-8"):
            if line.lower().startswith("form:"):
                form = line.split(":", 1)[1].strip().split()[0].lower()
    except OSError:
        pass
    ext = {"docx": ".docx", "pdf": ".pdf"}.get(form, ".txt")
    return form, os.path.join(directory, name + ext)


def parse(workplan, path):
    r = subprocess.run(["nice", "-n", "10", workplan, "parse", "--json", path],
                       capture_output=True, timeout=180)
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace").strip()
        code = err.split("]")[0].split("[")[-1] if "[" in err else (err[:40] or "exit %d" % r.returncode)
        return None, code
    try:
        return json.loads(r.stdout.decode("utf-8")), None
    except ValueError as e:
        return None, "bad JSON: %s" % e


def score(plan, gold, verbose):
    r, misses = {}, []
    doc = plan["document"] if plan else {}
    keys = [k for k in META if k not in gold.get("unscored", [])]
    bad = [k for k in keys if not plan or fold(doc.get(k)) != fold(gold["document"].get(k))]
    r["meta"] = (len(keys) - len(bad), len(keys))
    misses += [f"meta {k}: want {gold['document'].get(k)!r} got {doc.get(k)!r}" for k in bad]
    psec = [s["number"] for s in plan["sections"]] if plan else []
    gsec = [s["number"] for s in gold["sections"]]
    r["sect"] = (one_to_one(psec, gsec, lambda p, g: p == g), len(gsec))
    missing = [g for g in gsec if g not in psec]
    if missing:
        misses.append(f"sections not found: {missing}")
    pmap, seen, right = {}, {}, 0
    for s in (plan["sections"] if plan else []):
        pmap.setdefault(s["number"], []).append(s)
    for g in gold["sections"]:
        k = seen.get(g["number"], 0)
        seen[g["number"]] = k + 1
        c = pmap.get(g["number"], [])
        got = sorted(map(fold, c[k]["lead_units"])) if k < len(c) else None
        if got == sorted(map(fold, g["lead_units"])):
            right += 1
        elif g["lead_units"] or got:
            misses.append(f"leads {g['number']}: want {g['lead_units']} got {c[k]['lead_units'] if k < len(c) else '(no section)'}")
    all_leads = set()
    for s in (plan["sections"] if plan else []):
        all_leads.update(map(fold, s["lead_units"]))
    for a in doc.get("articles", []) or []:
        all_leads.update(map(fold, a.get("lead_units", []) or []))
    art_leads = [a for a in gold.get("articles", []) if a.get("lead_units")]
    for a in art_leads:
        if all(fold(u) in all_leads for u in a["lead_units"]):
            right += 1
        else:
            misses.append(f"leads Điều {a['number']}: want {a['lead_units']} (not read anywhere)")
    r["leads"] = (right, len(gold["sections"]) + len(art_leads))

    def same_t(p, g):
        if p.get("section") != g["section"] or fold(p.get("unit")) != fold(g["unit"]):
            return False
        if g["comparator"] == "range":
            rng = p.get("range") or {}
            lo = p.get("lower", rng.get("lower"))
            hi = p.get("upper", rng.get("upper"))
            return close(lo, g["lower"]) and close(hi, g["upper"])
        return p.get("comparator") == g["comparator"] and close(p.get("value"), g["value"])
    pt = plan["targets"] if plan else []
    r["tgt"] = (one_to_one(pt, gold["targets"], same_t), len(pt), len(gold["targets"]))
    misses += [f"target read, not annotated: {t.get('section')} {t.get('raw')!r} {t.get('value')} {t.get('unit')} {t.get('comparator')}"
               for t in pt if not any(same_t(t, g) for g in gold["targets"])]
    misses += [f"target annotated, not read: {g['section']} {g['raw']!r}"
               for g in gold["targets"] if not any(same_t(t, g) for t in pt)]
    pd = plan["deadlines"] if plan else []

    def same_d(p, g):
        return p.get("section") == g["section"] and p.get("due") == g["due"]
    r["dl"] = (one_to_one(pd, gold["deadlines"], same_d), len(pd), len(gold["deadlines"]))
    misses += [f"deadline read, not annotated: {d.get('section')} {d.get('raw')!r} → {d.get('due')}"
               for d in pd if not any(same_d(d, g) for g in gold["deadlines"])]
    misses += [f"deadline annotated, not read: {g['section']} {g['raw']!r} → {g['due']}"
               for g in gold["deadlines"] if not any(same_d(d, g) for d in pd)]
    pb = plan["budgets"] if plan else []

    def same_b(p, g):
        return close(p.get("total_vnd"), g["total_vnd"])
    r["bud"] = (one_to_one(pb, gold["budgets"], same_b), len(pb), len(gold["budgets"]))
    misses += [f"budget read, not annotated: {b.get('section')} {b.get('raw')!r}"
               for b in pb if not any(same_b(b, g) for g in gold["budgets"])]
    misses += [f"budget annotated, not read: {g.get('section')} {g['raw']!r}"
               for g in gold["budgets"] if not any(same_b(b, g) for b in pb)]
    pa = [a["number"] for a in doc.get("articles", []) or []]
    ga = [a["number"] for a in gold.get("articles", [])]
    r["art"] = (one_to_one(pa, ga, lambda p, g: p == g), len(ga))
    return r, misses


def cell(v):
    return "/".join(str(x) for x in v) if v else "–"


def pct(a, b):
    return 100.0 * a / b if b else None


def figures(tot):
    f = {"meta": pct(tot["meta"][0], tot["meta"][2]), "sect": pct(tot["sect"][0], tot["sect"][2]),
         "leads": pct(tot["leads"][0], tot["leads"][2]), "art": pct(tot["art"][0], tot["art"][2])}
    for c in ("tgt", "dl", "bud"):
        a, read, b = tot[c]
        f[c + "_p"], f[c + "_r"] = pct(a, read), pct(a, b)
    return f


def run_corpus(workplan, directory, quiet, floors_path, update):
    names = sorted(f[:-len(".expected.json")] for f in os.listdir(directory) if f.endswith(".expected.json"))
    if not names:
        print(f"FAIL no annotated documents in {directory}")
        return 1
    cols = ["meta", "sect", "leads", "tgt", "dl", "bud", "art"]
    tot = {c: [0, 0, 0] for c in cols}
    if not quiet:
        print("| document | form | refused | " + " | ".join(cols) + " |")
        print("|---|---|---|" + "---|" * len(cols))
    refused = 0
    for n in names:
        gold = json.load(open(os.path.join(directory, n + ".expected.json"), encoding="utf-8"))
        form, path = form_of(directory, n)
        plan, err = parse(workplan, path)
        refused += plan is None
        r, misses = score(plan, gold, not quiet)
        for c, v in r.items():
            if len(v) == 2:
                tot[c][0] += v[0]
                tot[c][2] += v[1]
            else:
                for i in range(3):
                    tot[c][i] += v[i]
        if not quiet:
            print(f"| {n} | {form} | {err or ''} | " + " | ".join(cell(r.get(c)) for c in cols) + " |")
            for m in misses:
                print(f"      {m}")
    f = figures(tot)
    print(f"\n{len(names)} documents, {refused} refused")
    print("| field | today | issue's bar |")
    print("|---|---|---|")
    for m in METRICS:
        c = m.split("_")[0]
        a, read, b = tot[c]
        counts = f"{a}/{read if m.endswith('_p') else b}" if c in ("tgt", "dl", "bud") else f"{a}/{b}"
        val = "n/a" if f[m] is None else f"{f[m]:.0f} %"
        bar = f"≥ {BARS[m]} %" if m in BARS else ""
        print(f"| {m} | {counts} = {val} | {bar} |")
    floors_path = floors_path or os.path.join(directory, "floors.json")
    if update:
        json.dump({m: (None if f[m] is None else math.floor(f[m])) for m in METRICS},
                  open(floors_path, "w"), indent=1)
        print(f"floors written to {floors_path}")
        return 0
    floors = json.load(open(floors_path))
    failed = [m for m in METRICS if floors.get(m) is not None and (f[m] is None or f[m] < floors[m])]
    for m in failed:
        print(f"FAIL {m}: {f[m] if f[m] is None else round(f[m], 1)} % is below the floor {floors[m]} %")
    if not failed:
        print("every field at or above its floor (" + ", ".join(f"{m} {floors[m]}" for m in METRICS
                                                               if floors.get(m) is not None) + ")")
    return 1 if failed else 0


DROP = {"span", "spans", "line", "lines", "source_line"}
COMPARED = ["document", "sections", "targets", "budgets", "deadlines", "reporting", "units"]


def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k not in DROP}
    if isinstance(o, list):
        return [strip(x) for x in o]
    return o


def differences(a, b, path, out, limit=20):
    """Every path where the two plans differ (lists of different lengths: the list's path)."""
    if len(out) >= limit:
        return out
    if type(a) is not type(b):
        out.append((path, f"{json.dumps(a, ensure_ascii=False)[:120]} ≠ {json.dumps(b, ensure_ascii=False)[:120]}"))
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append((f"{path}.{k}", "present in one only"))
            else:
                differences(a[k], b[k], f"{path}.{k}", out, limit)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append((path, f"{len(a)} items ≠ {len(b)}"))
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                differences(x, y, f"{path}[{i}]", out, limit)
    elif a != b:
        out.append((path, f"{json.dumps(a, ensure_ascii=False)[:120]} ≠ {json.dumps(b, ensure_ascii=False)[:120]}"))
    return out


def run_forms(workplan, directory):
    """.docx and PDF made from a corpus text must give its plan. Differences listed in
    forms_known.json (file → {path: why}) are today's known reader defects: printed, not failed;
    any other difference fails; a known one that no longer occurs is reported for removal."""
    groups = sorted(f[:-4] for f in os.listdir(directory) if f.endswith(".txt")
                    and os.path.exists(os.path.join(directory, f[:-4] + ".docx"))
                    and os.path.exists(os.path.join(directory, f[:-4] + ".pdf")))
    if len(groups) < 3:
        print(f"FAIL only {len(groups)} corpus documents have a .docx and a PDF beside their text (3 wanted)")
        return 1
    known_path = os.path.join(directory, "forms_known.json")
    known = json.load(open(known_path, encoding="utf-8")) if os.path.exists(known_path) else {}
    failures = 0
    for g in groups:
        base, err = parse(workplan, os.path.join(directory, g + ".txt"))
        if base is None:
            print(f"FAIL {g}.txt refused: {err}")
            failures += 1
            continue
        for ext in (".docx", ".pdf"):
            plan, err = parse(workplan, os.path.join(directory, g + ext))
            if plan is None:
                print(f"FAIL {g}{ext} refused: {err}")
                failures += 1
                continue
            diffs = []
            for k in COMPARED:
                differences(strip(base.get(k)), strip(plan.get(k)), k, diffs)
            expected = known.get(g + ext, {})
            for path, what in diffs:
                if path in expected:
                    print(f"KNOWN {g}{ext}: {path}: {expected[path]}")
                else:
                    print(f"FAIL {g}{ext} vs {g}.txt: {path}: {what}")
                    failures += 1
            for path in expected:
                if path not in [d[0] for d in diffs]:
                    print(f"FIXED {g}{ext}: {path} no longer differs — remove it from forms_known.json")
            counts = tuple(len(base.get(k, [])) for k in ("sections", "targets", "budgets", "deadlines"))
            print(f"     {g}{ext} vs {g}.txt: {'same plan' if not diffs else f'{len(diffs)} difference(s)'} "
                  f"(sections, targets, budgets, deadlines: {counts})")
    print(f"{len(groups)} documents in three forms, {failures} unexpected difference(s)")
    return 1 if failures else 0


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__)
        return 2
    workplan = args[0]

    def opt(name):
        return args[args.index(name) + 1] if name in args else None
    directory = opt("--dir") or os.path.join(HERE, "corpus")
    if "--forms" in args:
        return run_forms(workplan, directory)
    return run_corpus(workplan, directory, "--quiet" in args, opt("--floors"), "--update-floors" in args)


if __name__ == "__main__":
    sys.exit(main())
