// What a bulk load of a million values costs in SQLite itself, and what the store's settings
// add: the same rows as store_bulk, inserted with the sqlite3 C API into a database that
// `workplan import` created (the real schema and migrations), under several settings.
//
// usage: sqlite_bulk_variants DB_PATH VARIANT [VALUES]
//   VARIANT is a comma-separated list of:
//     store      what SqliteStore::BulkLoadValues did before 93acd31: SQLITE_OPEN_FULLMUTEX,
//                foreign keys on, default page cache (2 MB), one row per INSERT, text bound as
//                SQLITE_TRANSIENT (copied); it now does nomutex,static,cache (64 MB),multi and
//                its table has no foreign key (migration 4)
//     nomutex    SQLITE_OPEN_NOMUTEX (the store lends each connection to one thread at a time)
//     cache      PRAGMA cache_size = -262144 (256 MB) for the load
//     static     text bound with SQLITE_STATIC (no copy)
//     nofk       PRAGMA foreign_keys = OFF for the load (the store itself created or found
//                every report the rows point at, in the same transaction)
//     multi      50 rows per INSERT statement instead of one
// Prints one JSON line: variant, values, seconds.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

void Check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::cerr << what << ": " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::cerr << sql << ": " << (err ? err : "?") << "\n";
    std::exit(1);
  }
}

struct Row {
  std::string period;
  int64_t unit = 0;
  int64_t target = 0;
  const char* scope = "period";
  int64_t mantissa = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: sqlite_bulk_variants DB_PATH VARIANT[,VARIANT…] [VALUES]\n";
    return 2;
  }
  const std::string path = argv[1];
  std::set<std::string> v;
  {
    std::stringstream ss(argv[2]);
    for (std::string x; std::getline(ss, x, ',');) v.insert(x);
  }
  const size_t values = argc > 3 ? std::stoul(argv[3]) : 1000000;

  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | (v.count("nomutex") ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX);
  Check(sqlite3_open_v2(path.c_str(), &db, flags, nullptr), db, "open");
  sqlite3_busy_timeout(db, 5000);
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");
  Exec(db, v.count("nofk") ? "PRAGMA foreign_keys=OFF" : "PRAGMA foreign_keys=ON");
  if (v.count("cache")) Exec(db, "PRAGMA cache_size=-262144");

  // The 2012 program, its first 100 targets and the first 50 provinces, as store_bulk takes them.
  int64_t program = 0;
  std::vector<int64_t> targets, provinces;
  {
    sqlite3_stmt* q = nullptr;
    Check(sqlite3_prepare_v2(db, "SELECT id FROM programs WHERE year = 2012", -1, &q, nullptr), db,
          "programs");
    if (sqlite3_step(q) == SQLITE_ROW) program = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    Check(sqlite3_prepare_v2(db, "SELECT id FROM targets WHERE program_id = ? ORDER BY ord", -1, &q,
                             nullptr),
          db, "targets");
    sqlite3_bind_int64(q, 1, program);
    while (sqlite3_step(q) == SQLITE_ROW && targets.size() < 100) {
      targets.push_back(sqlite3_column_int64(q, 0));
    }
    sqlite3_finalize(q);
    Check(sqlite3_prepare_v2(db, "SELECT id FROM org_units WHERE kind = 'province' ORDER BY id", -1,
                             &q, nullptr),
          db, "units");
    while (sqlite3_step(q) == SQLITE_ROW && provinces.size() < 50) {
      provinces.push_back(sqlite3_column_int64(q, 0));
    }
    sqlite3_finalize(q);
  }
  if (program == 0 || targets.size() < 100 || provinces.size() < 50) {
    std::cerr << "no 2012 program (run workplan import … --publish first)\n";
    return 1;
  }
  std::vector<std::string> periods;
  for (int y = 2000; y <= 2011; ++y) {
    for (int m = 1; m <= 12; ++m) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d-M%02d", y, m);
      periods.push_back(buf);
    }
  }
  std::vector<Row> rows;
  rows.reserve(values);
  for (size_t r = 0; rows.size() < values; ++r) {
    for (size_t t = 0; t < 100 && rows.size() < values; ++t) {
      for (const char* scope : {"period", "cumulative"}) {
        if (rows.size() == values) break;
        rows.push_back({periods[r / 50], provinces[r % 50], targets[t], scope,
                        static_cast<int64_t>(1000 + r % 997 + t)});
      }
    }
  }

  const std::string at = "2026-01-01T00:00:00Z";
  auto text = [&](sqlite3_stmt* q, int i, const std::string& s) {
    sqlite3_bind_text(q, i, s.data(), static_cast<int>(s.size()),
                      v.count("static") ? SQLITE_STATIC : SQLITE_TRANSIENT);
  };
  auto ctext = [&](sqlite3_stmt* q, int i, const char* s) {
    sqlite3_bind_text(q, i, s, -1, v.count("static") ? SQLITE_STATIC : SQLITE_TRANSIENT);
  };
  const int per = v.count("multi") ? 50 : 1;
  std::string insert =
      "INSERT INTO report_values(report_id, target_id, scope, version, kind, value_mantissa, "
      "value_scale, note, recorded_at, recorded_by) VALUES ";
  for (int i = 0; i < per; ++i) insert += i ? ",(?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?)";

  auto t0 = std::chrono::steady_clock::now();
  Exec(db, "BEGIN IMMEDIATE");
  sqlite3_stmt *find = nullptr, *create = nullptr, *one = nullptr, *many = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "SELECT id, version FROM reports WHERE program_id = ? AND obligation = "
                           "? AND period = ? AND unit_id = ?",
                           -1, &find, nullptr),
        db, "find");
  Check(sqlite3_prepare_v2(db,
                           "INSERT INTO reports(program_id, obligation, period, unit_id, due, "
                           "status, version, first_submitted_at, submitted_at, approved_at, "
                           "created_at, updated_at) VALUES (?,'r2',?,?,?,'approved',1,?,?,?,?,?)",
                           -1, &create, nullptr),
        db, "create");
  Check(sqlite3_prepare_v2(db, insert.c_str(), -1, &many, nullptr), db, "insert");
  Check(sqlite3_prepare_v2(
            db,
            "INSERT INTO report_values(report_id, target_id, scope, version, kind, value_mantissa, "
            "value_scale, note, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
            -1, &one, nullptr),
        db, "insert one");
  std::map<std::tuple<std::string, int64_t>, int64_t> report_of;
  std::vector<int64_t> ids(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    auto key = std::tuple{r.period, r.unit};
    auto it = report_of.find(key);
    if (it == report_of.end()) {
      sqlite3_reset(find);
      sqlite3_bind_int64(find, 1, program);
      ctext(find, 2, "r2");
      text(find, 3, r.period);
      sqlite3_bind_int64(find, 4, r.unit);
      if (sqlite3_step(find) == SQLITE_ROW) {
        std::cerr << "reports already loaded: use a fresh database\n";
        return 1;
      }
      sqlite3_reset(create);
      sqlite3_bind_int64(create, 1, program);
      text(create, 2, r.period);
      sqlite3_bind_int64(create, 3, r.unit);
      ctext(create, 4, "2011-01-18");
      for (int c = 5; c <= 9; ++c) text(create, c, at);
      Check(sqlite3_step(create), db, "create report");
      it = report_of.emplace(key, sqlite3_last_insert_rowid(db)).first;
    }
    ids[i] = it->second;
  }
  auto bind_row = [&](sqlite3_stmt* q, int base, size_t i) {
    const Row& r = rows[i];
    sqlite3_bind_int64(q, base + 1, ids[i]);
    sqlite3_bind_int64(q, base + 2, r.target);
    ctext(q, base + 3, r.scope);
    sqlite3_bind_int64(q, base + 4, 1);
    ctext(q, base + 5, "actual");
    sqlite3_bind_int64(q, base + 6, r.mantissa);
    sqlite3_bind_int(q, base + 7, 0);
    ctext(q, base + 8, "");
    text(q, base + 9, at);
    sqlite3_bind_null(q, base + 10);
  };
  size_t i = 0;
  for (; i + per <= rows.size(); i += per) {
    sqlite3_reset(many);
    for (int k = 0; k < per; ++k) bind_row(many, 10 * k, i + k);
    Check(sqlite3_step(many), db, "insert value");
  }
  for (; i < rows.size(); ++i) {
    sqlite3_reset(one);
    bind_row(one, 0, i);
    Check(sqlite3_step(one), db, "insert value");
  }
  sqlite3_finalize(find);
  sqlite3_finalize(create);
  sqlite3_finalize(one);
  sqlite3_finalize(many);
  Exec(db, "COMMIT");
  double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"variant\": \"%s\", \"values\": %zu, \"reports\": %zu, \"seconds\": %.3f}\n",
              argv[2], rows.size(), report_of.size(), sec);
  sqlite3_close(db);
  return 0;
}
