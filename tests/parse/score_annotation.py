#!/usr/bin/env python3
"""Scores `workplan parse --json` against an independent hand annotation of a seed.

Usage: score_annotation.py WORKPLAN_BINARY SEED_TEXT ANNOTATION_JSON [--verbose]

Prints per-category agreement and exits non-zero when a category falls below the bar the
project promises (issue 2): targets (section, value, unit, comparator) >= 95% matched both
ways; numbered sections with the same lead units >= 95%; every budget's total / investment /
recurrent; deadlines >= 90%; the reporting regime exact; metadata exact.
"""
import json
import subprocess
import sys
import unicodedata


def fold(s):
    if s is None:
        return None
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    for dash in "–—‐−":
        s = s.replace(dash, "-")
    return "".join(s.split())


def close(a, b):
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def match_both_ways(pred, gold, same):
    """Greedy one-to-one matching; returns (matched, unmatched_pred, unmatched_gold)."""
    used = [False] * len(gold)
    matched, extra = [], []
    for p in pred:
        for i, g in enumerate(gold):
            if not used[i] and same(p, g):
                used[i] = True
                matched.append((p, g))
                break
        else:
            extra.append(p)
    missing = [g for i, g in enumerate(gold) if not used[i]]
    return matched, extra, missing


def main():
    binary, seed, annotation = sys.argv[1:4]
    verbose = "--verbose" in sys.argv
    out = subprocess.run([binary, "parse", seed, "--json"], capture_output=True, check=True)
    plan = json.loads(out.stdout)
    gold = json.load(open(annotation, encoding="utf-8"))
    failures = []

    def report(name, ok, detail):
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        if not ok:
            failures.append(name)

    # Metadata.
    keys = ["type", "number", "issued_date", "place", "issuer", "signer", "signer_title", "year", "title"]
    bad = [k for k in keys if fold(str(plan["document"].get(k))) != fold(str(gold["document"].get(k)))]
    report("metadata", not bad, "exact" if not bad else f"differs in {bad}")

    # Targets.
    def same_target(p, g):
        return (p["section"] == g["section"] and close(p["value"], g["value"])
                and fold(p["unit"]) == fold(g["unit"]) and p["comparator"] == g["comparator"])
    # A rate's parts the decision does not state (role "component", issue 16) are not read from
    # it: the annotation scores what the decision says.
    stated = [t for t in plan["targets"] if t.get("role", "target") == "target"]
    m, extra, missing = match_both_ways(stated, gold["targets"], same_target)
    precision = len(m) / max(1, len(stated))
    recall = len(m) / max(1, len(gold["targets"]))
    report("targets", precision >= 0.95 and recall >= 0.95,
           f"{len(m)} matched of {len(stated)} read / {len(gold['targets'])} annotated "
           f"(precision {precision:.1%}, recall {recall:.1%})")
    if verbose:
        for p in extra:
            print(f"   extra   {p['section']:8} {p['raw']!r} {p['value']} {p['unit']} {p['comparator']}")
        for g in missing:
            print(f"   missing {g['section']:8} {g['raw']!r} {g['value']} {g['unit']} {g['comparator']}")

    # Sections and their lead units (duplicated numbers matched in order).
    pred_sections = {}
    for s in plan["sections"]:
        pred_sections.setdefault(s["number"], []).append(s)
    seen = {}
    right = 0
    wrong = []
    for g in gold["sections"]:
        k = seen.get(g["number"], 0)
        seen[g["number"]] = k + 1
        candidates = pred_sections.get(g["number"], [])
        p = candidates[k] if k < len(candidates) else None
        if p is not None and sorted(map(fold, p["lead_units"])) == sorted(map(fold, g["lead_units"])):
            right += 1
        else:
            wrong.append((g["number"], g["lead_units"], p["lead_units"] if p else None))
    share = right / max(1, len(gold["sections"]))
    report("sections", share >= 0.95, f"{right}/{len(gold['sections'])} with the same lead units ({share:.1%})")
    if verbose:
        for number, want, got in wrong:
            print(f"   {number:8} annotated {want} read {got}")

    # Budgets.
    def same_budget(p, g):
        def eq(a, b):
            return (a is None and b is None) or (a is not None and b is not None and close(a, b))
        return (close(p["total_vnd"], g["total_vnd"]) and eq(p["investment_vnd"], g.get("investment_vnd"))
                and eq(p["recurrent_vnd"], g.get("recurrent_vnd")))
    m, extra, missing = match_both_ways(plan["budgets"], gold["budgets"], same_budget)
    report("budgets", not extra and not missing,
           f"{len(m)} matched, {len(extra)} extra, {len(missing)} missing")
    if verbose:
        for p in extra + missing:
            print(f"   {p['section']} {p.get('program')} {p['total_vnd']}")

    # Deadlines.
    def same_deadline(p, g):
        return p["section"] == g["section"] and p["due"] == g["due"]
    m, extra, missing = match_both_ways(plan["deadlines"], gold["deadlines"], same_deadline)
    share = len(m) / max(1, len(gold["deadlines"]))
    prec = len(m) / max(1, len(plan["deadlines"]))
    report("deadlines", share >= 0.90 and prec >= 0.90,
           f"{len(m)} matched of {len(plan['deadlines'])} read / {len(gold['deadlines'])} annotated")
    if verbose:
        for p in extra:
            print(f"   extra   {p['section']} {p['raw']!r} {p['due']}")
        for g in missing:
            print(f"   missing {g['section']} {g['raw']!r} {g['due']}")

    # Reporting regime: the rules with a frequency the contract defines must agree exactly.
    def rule_key(r):
        return (r["frequency"], r["due"], r["day_of_month"], tuple(sorted(map(fold, r["to"]))))
    frequencies = {"once", "monthly", "quarterly", "semiannual", "annual"}
    want = sorted(rule_key(r) for r in gold["reporting"] if r.get("frequency") in frequencies)
    got = sorted(rule_key(r) for r in plan["reporting"])
    report("reporting", want == got, f"{len(got)} rules read, {len(want)} annotated")
    if verbose and want != got:
        print(f"   annotated {want}\n   read      {got}")

    print(f"{len(failures)} failed" if failures else "all categories within the promised bounds")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
