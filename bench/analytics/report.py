#!/usr/bin/env python3
"""Compares and tabulates the three runs of bench/analytics (engine, sqlite, postgres TSVs).

usage: report.py SCALE ENGINE.tsv SQLITE.tsv POSTGRES.tsv

Answers: every (query, variant) answered by all three systems must hold the same keys, the
same cell counts and the same values (relative tolerance 1e-9: sums of whole numbers are exact,
means, ratios and projections may differ in the last bits). Timings: p50 and p99 per query and
system (nearest rank; p99 of fewer than 100 runs is the slowest run). The ratio of a database to
the engine is the median over the query set of the database's per-query p50, over the same
median for the engine. Exits 1 when the answers differ.
"""
import math
import sys
from collections import defaultdict

SYSTEMS = ("engine", "sqlite", "postgres")


def read(path):
    meta, times, answers, answered, order = {}, defaultdict(list), defaultdict(dict), {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "meta":
                meta[p[1]] = float(p[2])
            elif p[0] == "time":
                if p[1] not in times:
                    order.append(p[1])
                times[p[1]].append(float(p[2]))
            elif p[0] == "answer":
                value = None if p[4] == "NA" else float(p[4])
                answers[(p[1], int(p[2]))][p[3]] = (value, int(p[5]))
            elif p[0] == "answered":
                answered[(p[1], int(p[2]))] = int(p[3])
    return {"meta": meta, "times": times, "answers": answers, "answered": answered,
            "order": order}


def percentile(xs, q):
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, math.ceil(q * len(xs)) - 1))]


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def compare(runs):
    mismatches, compared = [], 0
    engine = runs["engine"]
    for key in sorted(engine["answered"]):
        if not all(key in runs[s]["answered"] for s in SYSTEMS):
            continue
        compared += 1
        ref = engine["answers"].get(key, {})
        for s in SYSTEMS[1:]:
            other = runs[s]["answers"].get(key, {})
            for k in sorted(set(ref) | set(other)):
                a, b = ref.get(k), other.get(k)
                if a is None or b is None or a[1] != b[1] or not same(a[0], b[0]):
                    mismatches.append(f"{key[0]} variant {key[1]} {k}: engine {a} {s} {b}")
    return compared, mismatches


def main():
    scale = sys.argv[1]
    runs = {s: read(path) for s, path in zip(SYSTEMS, sys.argv[2:5])}
    queries = runs["engine"]["order"]
    compared, mismatches = compare(runs)
    values = {s: int(runs[s]["meta"].get("values", -1)) for s in SYSTEMS}
    if len(set(values.values())) != 1:
        mismatches.append(f"values loaded differ: {values}")
    missing = [q for q in queries if not all(runs[s]["times"].get(q) for s in SYSTEMS)]
    if missing:
        mismatches.append(f"queries without runs: {missing}")
    equal = not mismatches and compared > 0

    em = runs["engine"]["meta"]
    print(f"\n== bench/analytics scale={scale}: {int(em['units'])} units, {values['engine']} values"
          f" (every system loaded {'the same' if len(set(values.values())) == 1 else 'DIFFERENT'}"
          f" count)")
    print("load (s): " + ", ".join(f"{s} {runs[s]['meta']['load_s']:.2f}" for s in SYSTEMS)
          + "  (each includes generating the values; databases: insert/COPY, index, ANALYZE)")
    print(f"engine RSS after load: {em['rss_mib']:.0f} MiB (before load {em['rss_before_load_mib']:.0f},"
          f" engine arrays {em['engine_arrays_mib']:.0f}, peak {em.get('peak_rss_mib', 0):.0f})")
    print()
    head = f"{'query':22} {'runs e/s/p':>15} " + " ".join(
        f"{s + ' p50':>12} {s + ' p99':>12}" for s in SYSTEMS) + f" {'sqlite/eng':>10} {'pg/eng':>10}"
    print(head)
    print("-" * len(head))
    p50 = {s: {} for s in SYSTEMS}
    p99 = {s: {} for s in SYSTEMS}
    for q in queries:
        for s in SYSTEMS:
            t = runs[s]["times"].get(q) or [math.nan]
            p50[s][q], p99[s][q] = percentile(t, 0.5), percentile(t, 0.99)
        runs_col = "/".join(str(len(runs[s]["times"].get(q, []))) for s in SYSTEMS)
        ratio = lambda s: p50[s][q] / p50["engine"][q] if p50["engine"][q] > 0 else math.inf
        print(f"{q:22} {runs_col:>15} " + " ".join(
            f"{p50[s][q]:12.3f} {p99[s][q]:12.3f}" for s in SYSTEMS)
              + f" {ratio('sqlite'):10.0f} {ratio('postgres'):10.0f}")
    med = {s: median([p50[s][q] for q in queries]) for s in SYSTEMS}
    timed = [q for q in queries if p50["engine"][q] > 0 and all(p50[s][q] > 0 for s in SYSTEMS)]
    geo = {s: math.exp(sum(math.log(p50[s][q] / p50["engine"][q]) for q in timed) / max(1, len(timed)))
           for s in SYSTEMS[1:]}
    print("(milliseconds; runs = timed runs engine/sqlite/postgres; p99 of fewer than 100 runs is "
          "the slowest)")
    print(f"median over the {len(queries)} queries of the per-query p50: " + ", ".join(
        f"{s} {med[s]:.3f} ms" for s in SYSTEMS))
    print(f"engine_vs_X = median(X p50) / median(engine p50); for reference the geometric mean of "
          f"the per-query ratios: sqlite {geo['sqlite']:.0f}x, postgres {geo['postgres']:.0f}x")
    worst = max(queries, key=lambda q: p99["engine"][q])
    print(f"engine p99 worst: {p99['engine'][worst]:.3f} ms ({worst})")
    print(f"answers compared: {compared} (query, variant) pairs answered by all three; "
          f"mismatches: {len(mismatches)}")
    for m in mismatches[:30]:
        print("  MISMATCH " + m)
    print(f"analytics-bench scale={scale} engine_p99_ms={p99['engine'][worst]:.3f} "
          f"engine_vs_postgres={med['postgres'] / med['engine']:.0f} "
          f"engine_vs_sqlite={med['sqlite'] / med['engine']:.0f} rss_mib={em['rss_mib']:.0f} "
          f"load_s={em['load_s']:.2f} results_equal={'yes' if equal else 'no'}")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
