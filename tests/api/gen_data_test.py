"""`workplan gen-data` at scale S on a fresh database (SQLite or PostgreSQL): what it writes,
that a second run is refused with nothing added, that the same seed writes the same data, and
that the dashboard API on that database answers the figures the generator implies."""
import hashlib
import json
import os
import sys

from harness import Check, Client, Database, PASSWORD, Server, workplan


def count(db, sql):
    rows = db.execute(sql)
    return int(rows[0][0] if isinstance(rows, list) else rows.split("\n")[0])


def values_digest(db):
    """A digest of every stored value, in key order (what "the same data" means)."""
    rows = db.execute("SELECT r.obligation, r.period, r.unit_id, r.status, v.target_id, v.scope, "
                      "v.version, v.kind, v.value_mantissa, v.value_scale, v.recorded_at "
                      "FROM report_values v JOIN reports r ON r.id = v.report_id "
                      "ORDER BY r.period, r.obligation, r.unit_id, v.target_id, v.scope, v.version")
    text = rows if isinstance(rows, str) else "\n".join("|".join(map(str, r)) for r in rows)
    return hashlib.sha256(text.encode()).hexdigest(), len(rows if isinstance(rows, list) else
                                                           text.split("\n"))


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    c = Check()
    db = Database(backend)
    try:
        summary_path = os.path.join(db.tmp, "summary.json")
        out = workplan(binary, "gen-data", "--scale", "S", "--seed", "7", "--db", db.url,
                       "--summary", summary_path)
        c.true("Đã sinh dữ liệu mẫu quy mô S" in out.stdout, "gen-data says what it wrote: " +
               out.stdout)
        s = json.load(open(summary_path))

        # What was written, counted in the database itself.
        c.eq(count(db, "SELECT count(*) FROM programs WHERE status = 'published'"), 5,
             "one published program per year 2021-2025")
        c.eq(count(db, "SELECT count(*) FROM targets"), 5 * 200, "200 targets each")
        c.eq(count(db, "SELECT count(*) FROM reports"), s["reports"], "reports written")
        c.eq(count(db, "SELECT count(*) FROM report_values"), s["values"], "values written")
        c.eq(count(db, "SELECT count(*) FROM reports WHERE status = 'approved'"),
             s["approved_reports"], "approved reports")
        c.eq(count(db, "SELECT count(*) FROM reports WHERE status = 'submitted'"),
             s["pending_reports"], "December 2025's reports await approval")
        c.true(s["pending_reports"] > 0 and s["late_reports"] > 0 and s["missing_reports"] > 0,
               "some reports pending, late and missing: %r" % s)
        # 63 provinces x 12 months x 4 years + 63 x 6 + 34 x 6 in 2025, less the missing ones;
        # plus one yearly plan per province and year.
        monthly = 63 * 12 * 4 + 63 * 6 + 34 * 6
        c.eq(count(db, "SELECT count(*) FROM reports WHERE obligation = 'r1'"),
             monthly - s["missing_reports"], "monthly reports: all but the missing")
        c.eq(count(db, "SELECT count(*) FROM reports WHERE obligation = 'r2'"), 63 * 4 + 34,
             "yearly plans of every province")
        # About half the cells: 64 % of the 180 stored indicators of a unit, 92 % of months.
        per_report = (s["values"] - (63 * 4 + 34) * 160) / (monthly - s["missing_reports"])
        c.true(100 < per_report < 140, "values per monthly report: %.1f" % per_report)
        second = count(db, "SELECT count(*) FROM report_values WHERE version = 2")
        c.true(second > 0, "November 2025 has second versions")
        c.eq(second, count(db, "SELECT count(*) FROM report_values v JOIN reports r ON "
                               "r.id = v.report_id WHERE r.period = '2025-M11' AND "
                               "v.kind = 'actual'"),
             "November 2025's actuals replace its estimates as version 2")
        digest = values_digest(db)
        audit_entries = count(db, "SELECT count(*) FROM audit_log")
        c.eq(count(db, "SELECT count(*) FROM audit_log WHERE action = 'dataset.generate'"), 1,
             "the load is audited")

        # Again on the same database: refused, nothing added.
        again = workplan(binary, "gen-data", "--scale", "S", "--seed", "7", "--db", db.url,
                         check=False)
        c.eq(again.returncode, 1, "a second gen-data fails")
        c.true("database_not_empty" in again.stderr and "chương trình" in again.stderr,
               "with a Vietnamese message and an English code: " + again.stderr)
        c.eq(count(db, "SELECT count(*) FROM reports"), s["reports"], "no report added")
        c.eq(count(db, "SELECT count(*) FROM audit_log"), audit_entries, "nothing audited")
        bad = workplan(binary, "gen-data", "--scale", "X", "--db", db.url, check=False)
        c.true(bad.returncode == 1 and "bad_scale" in bad.stderr, "a bad scale: " + bad.stderr)
        verify = workplan(binary, "audit", "verify", "--db", db.url, check=False)
        c.eq(verify.returncode, 0, "the audit chain and the programs' fingerprints verify: " +
             verify.stderr)
        c.true(("\n  %d báo cáo do gen-data tạo" % s["reports"]) in verify.stdout,
               "verify counts the loaded reports, not checked one by one: " + verify.stdout)

        # The same seed, another database: the same data.
        if backend == "sqlite":
            other = Database(backend)
            try:
                workplan(binary, "gen-data", "--scale", "S", "--seed", "7", "--db", other.url)
                c.eq(values_digest(other), digest, "the same seed writes the same values")
            finally:
                other.close()

        # The dashboard on that database answers what the generator implies.
        workplan(binary, "user", "add", "admin", "--role", "admin", "--password-stdin", "--db",
                 db.url, stdin=PASSWORD + "\n")
        server = Server(binary, db.url)
        try:
            client = Client(server.port)
            c.eq(client.login("admin")[0], 200, "admin signs in")
            latest = max(s["programs"])
            status, dash, _ = client.request(
                "GET", "/api/v1/programs/%d/dashboard?at=2025-12-31" % latest)
            c.eq(status, 200, "dashboard of the 2025 program")
            want = {int(k): v for k, v in s["latest_current"].items()}
            c.eq(len(dash["targets"]), 200, "every target measured")
            c.eq(len(want), 200, "the generator implies a figure for every target")
            wrong = [(t["target"]["id"], t["current"], want.get(t["target"]["id"]))
                     for t in dash["targets"]
                     if t["current"] is None or want.get(t["target"]["id"]) is None or
                     abs(t["current"] - want[t["target"]["id"]]) > 1e-9 * abs(t["current"]) + 1e-9]
            c.eq(wrong[:5], [], "national year-to-date figures equal the generator's")
            # The store holds the same sums (current versions of approved monthly reports).
            first = dash["targets"][0]["target"]["id"]
            stored = count(db, "SELECT sum(v.value_mantissa) FROM report_values v JOIN reports r "
                               "ON r.id = v.report_id WHERE r.program_id = %d AND r.status = "
                               "'approved' AND r.obligation = 'r1' AND v.target_id = %d AND "
                               "v.version = r.version" % (latest, first))
            c.eq(stored, want[first], "the store's sum of the first target")
            c.eq(len(dash["ranking"]["items"]), 34, "34 provinces ranked at the end of 2025")
            c.eq(dash["reporting"]["period"]["key"], "2025-M12", "December's reporting")
            c.eq(dash["reporting"]["counts"]["expected"], 34, "owed by the 34 new provinces")
            c.eq(dash["reporting"]["counts"]["approved"], 0, "none approved yet")
            status, mid, _ = client.request(
                "GET", "/api/v1/programs/%d/dashboard?at=2025-06-30" % latest)
            c.eq(mid["targets"][0]["projection_method"], "seasonal",
                 "mid-year projection from last year's program")
            c.eq(mid["reporting"]["counts"]["expected"], 63, "June owed by the 63 old provinces")

            # An approval shows in the next answer (the dashboard's answers are kept between
            # requests): December's estimates of one province join the figures.
            rows = db.execute("SELECT id, version FROM reports WHERE period = '2025-M12' AND "
                              "status = 'submitted' ORDER BY id LIMIT 1")
            report_id, version = (rows[0] if isinstance(rows, list) else
                                  [int(x) for x in rows.split("|")])
            added = count(db, "SELECT sum(value_mantissa) FROM report_values WHERE "
                              "report_id = %d AND target_id = %d" % (report_id, first))
            status, _, _ = client.request("POST", "/api/v1/reports/%d/approve" % report_id,
                                          {"version": version})
            c.eq(status, 200, "admin approves a December report")
            status, after, _ = client.request(
                "GET", "/api/v1/programs/%d/dashboard?at=2025-12-31" % latest)
            c.eq(after["reporting"]["counts"]["approved"], 1, "the approval is counted at once")
            c.eq(after["targets"][0]["current"], want[first] + added,
                 "its values are in the next answer")
        finally:
            server.stop()
    finally:
        db.close()
    c.finish("gen_data_test[%s]" % backend)


if __name__ == "__main__":
    main()
