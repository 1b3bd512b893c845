// bench/analytics: the same dashboard queries on the analytics engine, on SQLite and on
// PostgreSQL 15, over the same synthetic national data set (src/analytics/synthetic.hpp). One
// process per system, so that the engine's resident memory is its own; each writes its load
// time, every timing and every answer to a TSV file, which report.py compares and tabulates.
// run.sh drives the three runs and the throwaway PostgreSQL cluster.
//
//   analytics_harness engine   --scale S|M|L [--seed N] --out FILE
//   analytics_harness sqlite   --scale S|M|L [--seed N] --out FILE --db PATH
//   analytics_harness postgres --scale S|M|L [--seed N] --out FILE      (WP_POSTGRES_URL)
//
// The relational design (the same for both databases; see README.md):
//   fact(indicator, year, month, unit, kind, best, value), primary key (indicator, year, month,
//     unit, kind), loaded in that order (SQLite: WITHOUT ROWID, so the table is the index;
//     PostgreSQL: the heap is in key order, and the key INCLUDEs best and value, so that scans
//     are index-only as SQLite's are). `best` marks the value a "best" read takes — the
//     actual, else the estimate — maintained on write as the engine keeps its best roll-ups.
//   rollup(version, unit, node, node_kind, node_parent): for each version of the organisation
//     (the structure of 31/12/2024 and of 30/11/2025), every node a unit's data counts in — the
//     closure of the engine's view, followed through mergers — so a roll-up is one join.
//   fact_by_unit(unit, indicator, year, month): for the children of one district or province.
//   expected(version, node, year, month, cells): the cells each province's reporting units owe
//     in a month, for completeness.
// Every SQL statement does the scan, the join and the grouping by (node, indicator, month); the
// client folds those few partial rows (≤ nodes × 12) by the indicator's aggregation, exactly as
// the engine folds its per-month roll-ups. Ranking (top-10 lagging) is done wholly in SQL.

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

#include "analytics/engine.hpp"
#include "analytics/measures.hpp"
#include "analytics/synthetic.hpp"
#include "core/process.hpp"

// The generator's functions, as this file has always called them.
namespace bench = wp::analytics::synthetic;

namespace {

using namespace wp;
using analytics::Aggregate;
using analytics::Aggregation;
using analytics::Engine;
using analytics::Indicator;
using analytics::IndicatorId;
using analytics::Window;
using core::CivilDate;
using domain::OrgKind;
using domain::OrgUnitId;

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "analytics_harness: %s\n", why.c_str());
  std::exit(1);
}

// The two structures the dashboard reads: version 0 the organisation of 31/12/2024 (63
// provinces with the reform), version 1 today's (30/11/2025, the dashboard's "now").
const CivilDate kViewDate[2] = {{2024, 12, 31}, {2025, 11, 30}};
constexpr int kOld = 0, kNow = 1;
constexpr int kYear = 2025, kMonthsElapsed = 11;

// ---------------------------------------------------------------------------------------------
// The closure of the organisation's views, read from the engine's (empty) views, so that the
// databases roll up exactly the way the engine does.

struct RollupRow {
  int version = 0;
  OrgUnitId unit = 0, node = 0;
  int node_kind = 0;
  OrgUnitId node_parent = 0;  // 0: the whole country
};

struct Views {
  std::vector<RollupRow> rollup;
  // (version, province node, month index) → cells its reporting units owe that month.
  std::map<std::tuple<int, OrgUnitId, int>, int64_t> expected;
};

// The node a unit's data goes to in the view of `at` (see engine.hpp: ended units follow their
// one successor, a unit begun later its one predecessor).
OrgUnitId DataNode(const Engine& engine, OrgUnitId unit, const CivilDate& at) {
  if (engine.Node(unit, at)) return unit;
  const domain::OrgRegistry& reg = engine.registry();
  const domain::OrgUnit* u = reg.Find(unit);
  if (u->valid_to && *u->valid_to < at) {
    std::vector<OrgUnitId> became = reg.BecameBy(unit, at);
    if (became.size() == 1) return DataNode(engine, became[0], at);
  } else {
    std::vector<OrgUnitId> preds;
    for (const domain::OrgUnit& p : reg.units()) {
      if (std::find(p.successors.begin(), p.successors.end(), unit) != p.successors.end())
        preds.push_back(p.id);
    }
    if (preds.size() == 1) return DataNode(engine, preds[0], at);
  }
  Die("no node for unit " + u->code);
}

Views BuildViews(const Engine& engine, const bench::Dataset& d) {
  Views views;
  const int flows_and_levels = static_cast<int>(
      std::count_if(d.indicators.begin(), d.indicators.end(),
                    [](const Indicator& i) { return i.aggregation != Aggregation::kRatio; }));
  for (int version : {kOld, kNow}) {
    const CivilDate at = kViewDate[version];
    std::map<OrgUnitId, OrgUnitId> province_of;
    for (const domain::OrgUnit& u : d.units) {
      for (std::optional<OrgUnitId> n = DataNode(engine, u.id, at); n;) {
        auto info = engine.Node(*n, at);
        if (!info) Die("node " + std::to_string(*n) + ": " + info.error().message);
        views.rollup.push_back(
            {version, u.id, *n, static_cast<int>(*info->kind), info->parent ? *info->parent : 0});
        if (info->kind == OrgKind::kProvince) province_of[u.id] = *n;
        n = info->parent;
      }
    }
    for (const bench::Reporter& r : d.reporters) {
      auto it = province_of.find(r.unit);
      if (it == province_of.end()) continue;
      for (int index = r.first; index <= r.last; ++index)
        views.expected[{version, it->second, index}] += flows_and_levels;
    }
  }
  return views;
}

// ---------------------------------------------------------------------------------------------
// Queries: names, parameters per variant, answers.

struct Entry {
  std::string key;
  std::optional<double> value;
  uint32_t count = 0;
};
using Answer = std::vector<Entry>;

constexpr int kVariants = 8;
const char* const kQueryNames[] = {
    "national_year_all",     // every indicator's national figure for a year (200 figures)
    "province_breakdown",    // one indicator by province, year to date, today's structure
    "province_districts",    // one province's districts, 2024, the structure of 2024
    "ytd_by_month",          // one indicator, national, year to date at each month of 2025
    "quarters_by_province",  // one flow, province × quarter of 2025
    "ratio_by_province",     // a rate Σnum/Σden by province, year to date
    "mean_last_min_max",     // a mean/last/min/max indicator by province, first half of 2025
    "completeness",          // cells reported / cells expected, by province, one month
    "top10_lagging",         // the 10 provinces whose projection is furthest below their plan
    "history_today",         // 2023 by today's provinces (the old provinces' data followed)
    "earlier_structure",     // 2024 by the provinces of 2024
    "district_communes",     // one district's communes, 2024
};
constexpr int kQueries = sizeof kQueryNames / sizeof kQueryNames[0];

IndicatorId AnyInd(int i) { return 1 + (i * 37) % bench::kIndicators; }
IndicatorId FlowInd(int i) { return 1 + (i * 13) % 140; }
IndicatorId RatioInd(int i) { return 141 + (i * 3) % 20; }
IndicatorId OtherInd(int i) { return 161 + (i * 7) % 40; }
Window YtdOrYear(int i) {
  return i % 2 == 0 ? Window{kYear, 1, kMonthsElapsed} : Window{bench::kFirstYear + i % 4, 1, 12};
}
std::pair<int, int> CompletenessMonth(int i) {  // year, month
  static const std::pair<int, int> kMonthsAsked[kVariants] = {
      {2025, 10}, {2024, 3}, {2025, 2}, {2024, 12}, {2025, 8}, {2023, 6}, {2025, 11}, {2022, 9}};
  return kMonthsAsked[i % kVariants];
}
OrgUnitId ProvinceOf2024(const bench::Dataset& d, int i) {
  const auto& p = d.reorg ? d.old_provinces : d.provinces;
  return p[(i * 11) % p.size()];
}

// Folds per-month partial aggregates (sum, count, min, max of the cells of one node and
// indicator) over a window, as Engine::Combine folds its roll-ups.
struct Partial {
  double sum = 0, lo = 0, hi = 0;
  uint32_t count = 0;
};
using Months = std::array<Partial, 13>;

Aggregate Fold(Aggregation agg, const Months& m, const Window& w) {
  auto finish = [&](double value, uint32_t count) {
    if (count == 0) return Aggregate{};
    if (agg == Aggregation::kMean) value /= count;
    return Aggregate{value, count};
  };
  auto of = [&](const Partial& p) {
    return agg == Aggregation::kMin ? p.lo : agg == Aggregation::kMax ? p.hi : p.sum;
  };
  if (w.WholeYear() && m[0].count > 0) return finish(of(m[0]), m[0].count);
  double value = 0;
  uint32_t count = 0;
  for (int k = w.first_month; k <= w.last_month; ++k) {
    const Partial& p = m[k];
    if (p.count == 0) continue;
    switch (agg) {
      case Aggregation::kSum:
      case Aggregation::kMean:
        value += p.sum;
        count += p.count;
        break;
      case Aggregation::kLast:
        value = p.sum;
        count = p.count;
        break;
      case Aggregation::kMin:
        value = count == 0 ? p.lo : std::min(value, p.lo);
        count += p.count;
        break;
      case Aggregation::kMax:
        value = count == 0 ? p.hi : std::max(value, p.hi);
        count += p.count;
        break;
      case Aggregation::kRatio:
        break;
    }
  }
  return finish(value, count);
}

Aggregate FoldIndicator(const Indicator& ind, const std::map<IndicatorId, Months>& by_indicator,
                        const Window& w) {
  static const Months kEmpty{};
  auto months = [&](IndicatorId id) -> const Months& {
    auto it = by_indicator.find(id);
    return it == by_indicator.end() ? kEmpty : it->second;
  };
  if (ind.aggregation != Aggregation::kRatio) return Fold(ind.aggregation, months(ind.id), w);
  Aggregate num = Fold(Aggregation::kSum, months(*ind.numerator), w);
  Aggregate den = Fold(Aggregation::kSum, months(*ind.denominator), w);
  Aggregate out;
  out.count = den.count;
  if (num.value && den.value && *den.value != 0)
    out.value = *num.value / *den.value * ind.ratio_scale;
  return out;
}

void Add(Answer& a, std::string key, const Aggregate& g) {
  if (!g.value && g.count == 0) return;  // no data: the engine lists it, SQL never sees it
  a.push_back({std::move(key), g.value, g.count});
}

// ---------------------------------------------------------------------------------------------
// A system under test answers query q, variant i.

class System {
 public:
  virtual ~System() = default;
  virtual Answer Run(int q, int i) = 0;
};

class EngineSystem : public System {
 public:
  EngineSystem(const bench::Dataset& d, const Engine& e, const Views& v) : d_(d), e_(e) {
    // The cells owed per month, by province of today's structure: reporting-cycle metadata a
    // dashboard service keeps at hand, as the databases keep the table `expected`.
    expected_now_.resize(bench::kMonths);
    for (const auto& [key, cells] : v.expected) {
      if (std::get<0>(key) == kNow)
        expected_now_[std::get<2>(key)].emplace_back(std::get<1>(key), cells);
    }
  }

  Answer Run(int q, int i) override {
    Answer a;
    const CivilDate now = kViewDate[kNow], old = kViewDate[kOld];
    auto level = [&](IndicatorId ind, const CivilDate& at, Window w, const std::string& suffix) {
      auto rows = e_.Level({ind, std::nullopt, at, w}, OrgKind::kProvince);
      if (!rows) Die(rows.error().message);
      for (const auto& r : *rows) Add(a, r.node.code + suffix, r.aggregate);
    };
    auto children = [&](IndicatorId ind, OrgUnitId unit, const CivilDate& at, Window w) {
      auto rows = e_.Children({ind, unit, at, w});
      if (!rows) Die(rows.error().message);
      for (const auto& r : *rows) Add(a, r.node.code, r.aggregate);
    };
    switch (q) {
      case 0: {
        const Window w = YtdOrYear(i);
        for (const Indicator& ind : e_.indicators()) {
          auto g = e_.Get({ind.id, std::nullopt, now, w});
          if (!g) Die(g.error().message);
          Add(a, ind.code, *g);
        }
        break;
      }
      case 1:
        level(AnyInd(i), now, {kYear, 1, kMonthsElapsed}, "");
        break;
      case 2:
        children(AnyInd(i), ProvinceOf2024(d_, i), old, {2024, 1, 12});
        break;
      case 3:
        for (int m = 1; m <= 12; ++m) {
          auto g = e_.Get({AnyInd(i), std::nullopt, now, {kYear, 1, m}});
          if (!g) Die(g.error().message);
          Add(a, "M" + std::to_string(m), *g);
        }
        break;
      case 4:
        for (int k = 0; k < 4; ++k)
          level(FlowInd(i), now, {kYear, k * 3 + 1, k * 3 + 3}, "/Q" + std::to_string(k + 1));
        break;
      case 5:
        level(RatioInd(i), now, {kYear, 1, kMonthsElapsed}, "");
        break;
      case 6:
        level(OtherInd(i), now, {kYear, 1, 6}, "");
        break;
      case 7: {
        const auto [year, month] = CompletenessMonth(i);
        std::unordered_map<OrgUnitId, uint32_t> reported;
        for (const Indicator& ind : e_.indicators()) {
          if (ind.aggregation == Aggregation::kRatio) continue;
          auto rows =
              e_.Level({ind.id, std::nullopt, now, {year, month, month}}, OrgKind::kProvince);
          if (!rows) Die(rows.error().message);
          for (const auto& r : *rows) reported[*r.node.unit] += r.aggregate.count;
        }
        const int index = (year - bench::kFirstYear) * 12 + month - 1;
        for (const auto& [node, cells] : expected_now_[index]) {
          const uint32_t n = reported[node];
          a.push_back({e_.registry().Find(node)->code, double(n) / double(cells), n});
        }
        break;
      }
      case 8: {
        auto ranked =
            analytics::Rank(e_, {FlowInd(i), std::nullopt, now, kYear}, OrgKind::kProvince);
        if (!ranked) Die(ranked.error().message);
        int taken = 0;
        for (auto it = ranked->rbegin(); it != ranked->rend() && taken < 10; ++it) {
          if (!it->projected_achievement) continue;
          a.push_back({it->node.code, it->projected_achievement, 1});
          ++taken;
        }
        break;
      }
      case 9:
        level(AnyInd(i), now, {2023, 1, 12}, "");
        break;
      case 10:
        level(AnyInd(i), old, {2024, 1, 12}, "");
        break;
      case 11:
        if (!d_.districts.empty())
          children(AnyInd(i), d_.districts[(i * 53) % d_.districts.size()], old, {2024, 1, 12});
        break;
    }
    return a;
  }

 private:
  const bench::Dataset& d_;
  const Engine& e_;
  std::vector<std::vector<std::pair<OrgUnitId, int64_t>>> expected_now_;  // by month index
};

// ---------------------------------------------------------------------------------------------
// SQL systems: one statement text per query, in PostgreSQL's notation ($n parameters, {IN n}
// for "= ANY of an array" — SQLite reads it from json_each), prepared once each.

using Param = std::variant<int64_t, std::string>;
using SqlRows = std::vector<std::vector<double>>;  // every column numeric; NULL is NaN

class SqlDb {
 public:
  virtual ~SqlDb() = default;
  virtual void Exec(const std::string& sql) = 0;
  virtual SqlRows Query(const std::string& sql, const std::vector<Param>& params) = 0;
  virtual const char* name() const = 0;
};

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

class PgDb : public SqlDb {
 public:
  explicit PgDb(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) Die(std::string("postgres: ") + PQerrorMessage(conn_));
    Exec("SET client_min_messages = warning");
  }
  ~PgDb() override { PQfinish(conn_); }
  PGconn* conn() { return conn_; }
  // ABENCH_EXPLAIN: print the plan each prepared statement runs with (EXPLAIN ANALYZE EXECUTE).
  bool explain = false;
  const char* name() const override { return "postgres"; }

  void Exec(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      Die("postgres: " + sql.substr(0, 80) + ": " + PQresultErrorMessage(r));
    PQclear(r);
  }
  SqlRows Query(const std::string& sql, const std::vector<Param>& params) override {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      std::string name = "q" + std::to_string(prepared_.size());
      std::string text = sql;
      for (int n = 9; n >= 1; --n)
        text = ReplaceAll(text, "{IN $" + std::to_string(n) + "}",
                          "= ANY($" + std::to_string(n) + "::int[])");
      PGresult* r = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
      if (PQresultStatus(r) != PGRES_COMMAND_OK)
        Die("postgres prepare: " + std::string(PQresultErrorMessage(r)) + "\n" + text);
      PQclear(r);
      it = prepared_.emplace(sql, name).first;
    }
    std::vector<std::string> text;
    for (const Param& p : params) {
      if (const auto* n = std::get_if<int64_t>(&p)) {
        text.push_back(std::to_string(*n));
      } else {
        // A JSON array of ints "[1,2]" becomes the array literal "{1,2}".
        std::string s = std::get<std::string>(p);
        if (!s.empty() && s.front() == '[') s = "{" + s.substr(1, s.size() - 2) + "}";
        text.push_back(s);
      }
    }
    if (explain) {
      std::string e = "EXPLAIN (ANALYZE, COSTS OFF) EXECUTE " + it->second + "(";
      for (size_t k = 0; k < text.size(); ++k) {
        char* quoted = PQescapeLiteral(conn_, text[k].c_str(), text[k].size());
        e += (k ? ", " : "") + std::string(quoted);
        PQfreemem(quoted);
      }
      PGresult* plan = PQexec(conn_, (e + ")").c_str());
      for (int row = 0; row < PQntuples(plan); ++row)
        std::fprintf(stderr, "      %s\n", PQgetvalue(plan, row, 0));
      PQclear(plan);
    }
    std::vector<const char*> values;
    for (const auto& t : text) values.push_back(t.c_str());
    PGresult* r = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
      Die("postgres: " + std::string(PQresultErrorMessage(r)));
    SqlRows rows(PQntuples(r));
    const int cols = PQnfields(r);
    for (int row = 0; row < PQntuples(r); ++row) {
      rows[row].resize(cols);
      for (int c = 0; c < cols; ++c) {
        rows[row][c] =
            PQgetisnull(r, row, c) ? std::nan("") : std::strtod(PQgetvalue(r, row, c), nullptr);
      }
    }
    PQclear(r);
    return rows;
  }

 private:
  PGconn* conn_;
  std::map<std::string, std::string> prepared_;
};

class SqliteDb : public SqlDb {
 public:
  explicit SqliteDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("sqlite: cannot open " + path);
  }
  ~SqliteDb() override {
    for (auto& [sql, stmt] : prepared_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  sqlite3* db() { return db_; }
  const char* name() const override { return "sqlite"; }

  void Exec(const std::string& sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
      Die("sqlite: " + sql.substr(0, 80) + ": " + (error ? error : "?"));
  }
  sqlite3_stmt* Prepare(const std::string& sql) {
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return it->second;
    std::string text = sql;
    for (int n = 9; n >= 1; --n) {
      const std::string k = std::to_string(n);
      text = ReplaceAll(text, "{IN $" + k + "}", "IN (SELECT value FROM json_each(?" + k + "))");
      text = ReplaceAll(text, "$" + k, "?" + k);
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, text.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      Die("sqlite prepare: " + std::string(sqlite3_errmsg(db_)) + "\n" + text);
    prepared_.emplace(sql, stmt);
    return stmt;
  }
  SqlRows Query(const std::string& sql, const std::vector<Param>& params) override {
    sqlite3_stmt* stmt = Prepare(sql);
    for (size_t k = 0; k < params.size(); ++k) {
      const int at = static_cast<int>(k + 1);
      if (const auto* n = std::get_if<int64_t>(&params[k])) {
        sqlite3_bind_int64(stmt, at, *n);
      } else {
        const auto& s = std::get<std::string>(params[k]);
        sqlite3_bind_text(stmt, at, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
    }
    SqlRows rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const int cols = sqlite3_column_count(stmt);
      std::vector<double> row(cols);
      for (int c = 0; c < cols; ++c) {
        row[c] = sqlite3_column_type(stmt, c) == SQLITE_NULL ? std::nan("")
                                                             : sqlite3_column_double(stmt, c);
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) Die("sqlite: " + std::string(sqlite3_errmsg(db_)));
    sqlite3_reset(stmt);
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> prepared_;
};

// Partial aggregates per (node, indicator, month) of the "best" cells. Parameters: $1 the
// indicators, $2 the version, $3 a node kind / parent node, $4 the year, $5..$6 the months.
const char* const kByKind = R"(
SELECT r.node, f.indicator, f.month, sum(f.value), count(*), min(f.value), max(f.value)
FROM fact f JOIN rollup r ON r.unit = f.unit
WHERE r.version = $2 AND r.node_kind = $3 AND f.indicator {IN $1} AND f.year = $4
  AND f.month BETWEEN $5 AND $6 AND f.best = 1
GROUP BY r.node, f.indicator, f.month)";
// CROSS JOIN is SQLite's join-order hint (the few units under one parent first, then their cells
// through fact_by_unit); PostgreSQL plans it as any inner join.
const char* const kByParent = R"(
SELECT r.node, f.indicator, f.month, sum(f.value), count(*), min(f.value), max(f.value)
FROM rollup r CROSS JOIN fact f
WHERE r.version = $2 AND r.node_parent = $3 AND f.unit = r.unit AND f.indicator {IN $1}
  AND f.year = $4
  AND f.month BETWEEN $5 AND $6 AND f.best = 1
GROUP BY r.node, f.indicator, f.month)";
const char* const kNational = R"(
SELECT 0, f.indicator, f.month, sum(f.value), count(*), min(f.value), max(f.value)
FROM fact f
WHERE f.indicator {IN $1} AND f.year = $2 AND f.month BETWEEN $3 AND $4 AND f.best = 1
GROUP BY f.indicator, f.month)";
// Cells reported over cells expected, by province, in one month.
const char* const kCompleteness = R"(
SELECT e.node, e.cells, coalesce(c.n, 0) FROM expected e LEFT JOIN (
  SELECT r.node AS node, count(*) AS n
  FROM fact f JOIN rollup r ON r.unit = f.unit
  WHERE r.version = $1 AND r.node_kind = $2 AND f.indicator {IN $3} AND f.year = $4
    AND f.month = $5 AND f.best = 1
  GROUP BY r.node) c ON c.node = e.node
WHERE e.version = $1 AND e.year = $4 AND e.month = $5)";
// measures.hpp for a flow compared with "min": the year-end projection (seasonal from last
// year's same months, else linear) over the province's plan; the ten lowest.
const char* const kTop10Lagging = R"(
WITH p AS (
  SELECT r.node AS node,
    sum(CASE WHEN f.year = $3 AND f.best = 1 AND f.month BETWEEN 1 AND $4 THEN f.value END) AS cur,
    sum(CASE WHEN f.year = $3 - 1 AND f.best = 1 THEN f.value END) AS ly,
    sum(CASE WHEN f.year = $3 - 1 AND f.best = 1 AND f.month BETWEEN 1 AND $4 THEN f.value END)
      AS ly_same,
    sum(CASE WHEN f.year = $3 AND f.kind = 0 AND f.month = 0 THEN f.value END) AS plan
  FROM fact f JOIN rollup r ON r.unit = f.unit
  WHERE r.version = $2 AND r.node_kind = 2 AND f.indicator = $1 AND f.year IN ($3 - 1, $3)
  GROUP BY r.node),
q AS (
  SELECT node, plan,
    CASE WHEN ly IS NOT NULL AND ly_same > 0 THEN cur * (ly / ly_same)
         ELSE cur / ($4 / 12.0) END AS projection
  FROM p WHERE cur IS NOT NULL AND plan > 0)
SELECT node, projection / plan AS achievement FROM q ORDER BY achievement, node LIMIT 10)";

class SqlSystem : public System {
 public:
  SqlSystem(const bench::Dataset& d, SqlDb& db) : d_(d), db_(db) {
    for (const Indicator& ind : d.indicators) {
      by_id_[ind.id] = &ind;
      if (ind.aggregation != Aggregation::kRatio) stored_.push_back(ind.id);
    }
    for (const domain::OrgUnit& u : d.units) code_[u.id] = u.code;
  }

  Answer Run(int q, int i) override {
    Answer a;
    switch (q) {
      case 0: {
        const Window w = YtdOrYear(i);
        auto rows = db_.Query(
            kNational, {List(stored_), int64_t{w.year}, int64_t{w.WholeYear() ? 0 : w.first_month},
                        int64_t{w.last_month}});
        auto folded = Partials(rows);
        for (const Indicator& ind : d_.indicators)
          Add(a, ind.code, FoldIndicator(ind, folded[0], w));
        break;
      }
      case 1:
        ByKind(a, AnyInd(i), kNow, {kYear, 1, kMonthsElapsed}, "");
        break;
      case 2:
        ByParent(a, AnyInd(i), kOld, ProvinceOf2024(d_, i), {2024, 1, 12});
        break;
      case 3: {
        const IndicatorId id = AnyInd(i);
        auto rows =
            db_.Query(kNational, {List(Parts(id)), int64_t{kYear}, int64_t{1}, int64_t{12}});
        auto folded = Partials(rows);
        for (int m = 1; m <= 12; ++m)
          Add(a, "M" + std::to_string(m), FoldIndicator(*by_id_.at(id), folded[0], {kYear, 1, m}));
        break;
      }
      case 4: {
        const IndicatorId id = FlowInd(i);
        auto rows = db_.Query(
            kByKind, {List(Parts(id)), int64_t{kNow}, int64_t{static_cast<int>(OrgKind::kProvince)},
                      int64_t{kYear}, int64_t{1}, int64_t{12}});
        auto folded = Partials(rows);
        for (int k = 0; k < 4; ++k) {
          for (const auto& [node, months] : folded) {
            Add(a, code_.at(node) + "/Q" + std::to_string(k + 1),
                FoldIndicator(*by_id_.at(id), months, {kYear, k * 3 + 1, k * 3 + 3}));
          }
        }
        break;
      }
      case 5:
        ByKind(a, RatioInd(i), kNow, {kYear, 1, kMonthsElapsed}, "");
        break;
      case 6:
        ByKind(a, OtherInd(i), kNow, {kYear, 1, 6}, "");
        break;
      case 7: {
        const auto [year, month] = CompletenessMonth(i);
        auto rows =
            db_.Query(kCompleteness, {int64_t{kNow}, int64_t{static_cast<int>(OrgKind::kProvince)},
                                      List(stored_), int64_t{year}, int64_t{month}});
        for (const auto& r : rows) {
          a.push_back(
              {code_.at(static_cast<OrgUnitId>(r[0])), r[2] / r[1], static_cast<uint32_t>(r[2])});
        }
        break;
      }
      case 8: {
        auto rows = db_.Query(kTop10Lagging, {int64_t{FlowInd(i)}, int64_t{kNow}, int64_t{kYear},
                                              int64_t{kMonthsElapsed}});
        for (const auto& r : rows) a.push_back({code_.at(static_cast<OrgUnitId>(r[0])), r[1], 1});
        break;
      }
      case 9:
        ByKind(a, AnyInd(i), kNow, {2023, 1, 12}, "");
        break;
      case 10:
        ByKind(a, AnyInd(i), kOld, {2024, 1, 12}, "");
        break;
      case 11:
        if (!d_.districts.empty()) {
          ByParent(a, AnyInd(i), kOld, d_.districts[(i * 53) % d_.districts.size()], {2024, 1, 12});
        }
        break;
    }
    return a;
  }

 private:
  static Param List(const std::vector<IndicatorId>& ids) {
    std::string s = "[";
    for (IndicatorId id : ids) s += (s.size() > 1 ? "," : "") + std::to_string(id);
    return s + "]";
  }
  // The stored indicators an indicator reads: itself, or a ratio's numerator and denominator.
  std::vector<IndicatorId> Parts(IndicatorId id) const {
    const Indicator& ind = *by_id_.at(id);
    if (ind.aggregation == Aggregation::kRatio) return {*ind.numerator, *ind.denominator};
    return {id};
  }
  // node → indicator → months.
  static std::map<OrgUnitId, std::map<IndicatorId, Months>> Partials(const SqlRows& rows) {
    std::map<OrgUnitId, std::map<IndicatorId, Months>> out;
    for (const auto& r : rows) {
      Partial& p =
          out[static_cast<OrgUnitId>(r[0])][static_cast<IndicatorId>(r[1])][static_cast<int>(r[2])];
      p = {r[3], r[5], r[6], static_cast<uint32_t>(r[4])};
    }
    return out;
  }
  void Emit(Answer& a, IndicatorId id, const SqlRows& rows, const Window& w,
            const std::string& suffix) {
    for (const auto& [node, months] : Partials(rows))
      Add(a, code_.at(node) + suffix, FoldIndicator(*by_id_.at(id), months, w));
  }
  void ByKind(Answer& a, IndicatorId id, int version, Window w, const std::string& suffix) {
    auto rows =
        db_.Query(kByKind, {List(Parts(id)), int64_t{version},
                            int64_t{static_cast<int>(OrgKind::kProvince)}, int64_t{w.year},
                            int64_t{w.WholeYear() ? 0 : w.first_month}, int64_t{w.last_month}});
    Emit(a, id, rows, w, suffix);
  }
  void ByParent(Answer& a, IndicatorId id, int version, OrgUnitId parent, Window w) {
    auto rows =
        db_.Query(kByParent, {List(Parts(id)), int64_t{version}, int64_t{parent}, int64_t{w.year},
                              int64_t{w.WholeYear() ? 0 : w.first_month}, int64_t{w.last_month}});
    Emit(a, id, rows, w, "");
  }

  const bench::Dataset& d_;
  SqlDb& db_;
  std::map<IndicatorId, const Indicator*> by_id_;
  std::vector<IndicatorId> stored_;
  std::map<OrgUnitId, std::string> code_;
};

// ---------------------------------------------------------------------------------------------
// Loading the databases: every value in key order (indicator, year, month, unit, kind).

struct FactRow {
  int indicator, year, month;
  OrgUnitId unit;
  int kind, best;
  double value;
};

// Prints how long each step of a load took (stderr), for the README's breakdown.
class Phases {
 public:
  void Done(const char* what) {
    std::fprintf(stderr, "    %-34s %7.1f s\n", what, Seconds(t_));
    t_ = Clock::now();
  }

 private:
  Clock::time_point t_ = Clock::now();
};

// Calls `emit(row)` for every fact in primary-key order; returns how many.
size_t ForEachFact(const bench::Dataset& d, const std::function<void(const FactRow&)>& emit) {
  std::vector<bench::Reporter> reporters = d.reporters;
  std::sort(reporters.begin(), reporters.end(),
            [](const auto& a, const auto& b) { return a.unit < b.unit; });
  size_t n = 0;
  for (const Indicator& ind : d.indicators) {
    if (ind.aggregation == Aggregation::kRatio) continue;
    std::vector<const bench::Reporter*> reporting;
    for (const auto& r : reporters) {
      if (bench::Reports(d, r, ind)) reporting.push_back(&r);
    }
    for (int y = 0; y < bench::kYears; ++y) {
      const int year = bench::kFirstYear + y;
      if (ind.aggregation == Aggregation::kSum) {
        std::vector<OrgUnitId> provinces;
        for (const auto& [p, plan_year] : d.plans) {
          if (plan_year == year) provinces.push_back(p);
        }
        std::sort(provinces.begin(), provinces.end());
        for (OrgUnitId p : provinces) {
          emit({static_cast<int>(ind.id), year, 0, p, 0, 0, bench::PlanValue(d, p, ind)});
          ++n;
        }
      }
      for (int m = 1; m <= 12; ++m) {
        for (const bench::Reporter* r : reporting) {
          FactRow cell[2];
          int cells = 0;
          bench::CellValues(d, *r, ind, y * 12 + m - 1,
                            [&](domain::ValueKind kind, int month, double v) {
                              cell[cells++] = {static_cast<int>(ind.id), year, month, r->unit,
                                               static_cast<int>(kind),   1,    v};
                            });
          if (cells == 2) cell[0].best = 0;  // the estimate, once there is an actual
          for (int k = 0; k < cells; ++k) emit(cell[k]);
          n += cells;
        }
      }
    }
  }
  return n;
}

const char* const kSchema = R"(
CREATE TABLE rollup (version smallint NOT NULL, unit integer NOT NULL, node integer NOT NULL,
  node_kind smallint NOT NULL, node_parent integer NOT NULL,
  PRIMARY KEY (version, node_kind, unit));
CREATE INDEX rollup_by_parent ON rollup (version, node_parent, unit);
CREATE TABLE expected (version smallint NOT NULL, node integer NOT NULL, year smallint NOT NULL,
  month smallint NOT NULL, cells bigint NOT NULL, PRIMARY KEY (version, year, month, node));
)";

void InsertViews(const Views& v, const std::function<void(const std::string&)>& exec) {
  std::string sql;
  auto flush = [&](const char* head) {
    if (sql.empty()) return;
    exec(std::string(head) + sql);
    sql.clear();
  };
  for (size_t k = 0; k < v.rollup.size(); ++k) {
    const RollupRow& r = v.rollup[k];
    sql += (sql.empty() ? "" : ",") +
           ("(" + std::to_string(r.version) + "," + std::to_string(r.unit) + "," +
            std::to_string(r.node) + "," + std::to_string(r.node_kind) + "," +
            std::to_string(r.node_parent) + ")");
    if (k % 2000 == 1999) flush("INSERT INTO rollup VALUES ");
  }
  flush("INSERT INTO rollup VALUES ");
  size_t k = 0;
  for (const auto& [key, cells] : v.expected) {
    const auto& [version, node, index] = key;
    sql += (sql.empty() ? "" : ",") +
           ("(" + std::to_string(version) + "," + std::to_string(node) + "," +
            std::to_string(bench::kFirstYear + index / 12) + "," + std::to_string(index % 12 + 1) +
            "," + std::to_string(cells) + ")");
    if (++k % 2000 == 0) flush("INSERT INTO expected VALUES ");
  }
  flush("INSERT INTO expected VALUES ");
}

size_t LoadSqlite(SqliteDb& db, const bench::Dataset& d, const Views& v) {
  Phases phases;
  db.Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576;"
      "PRAGMA temp_store=MEMORY;");
  db.Exec("BEGIN");
  db.Exec(kSchema);
  db.Exec(
      "CREATE TABLE fact (indicator smallint NOT NULL, year smallint NOT NULL, month smallint NOT "
      "NULL, unit integer NOT NULL, kind smallint NOT NULL, best smallint NOT NULL, value real "
      "NOT NULL, PRIMARY KEY (indicator, year, month, unit, kind)) WITHOUT ROWID");
  InsertViews(v, [&](const std::string& s) { db.Exec(s); });
  constexpr int kRowsPerStatement = 100;
  std::string multi = "INSERT INTO fact VALUES ";
  for (int k = 0; k < kRowsPerStatement; ++k) multi += k ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)";
  sqlite3_stmt* many = db.Prepare(multi);
  sqlite3_stmt* one = db.Prepare("INSERT INTO fact VALUES (?,?,?,?,?,?,?)");
  std::vector<FactRow> pending;
  auto bind = [](sqlite3_stmt* s, int base, const FactRow& r) {
    sqlite3_bind_int(s, base + 1, r.indicator);
    sqlite3_bind_int(s, base + 2, r.year);
    sqlite3_bind_int(s, base + 3, r.month);
    sqlite3_bind_int64(s, base + 4, r.unit);
    sqlite3_bind_int(s, base + 5, r.kind);
    sqlite3_bind_int(s, base + 6, r.best);
    sqlite3_bind_double(s, base + 7, r.value);
  };
  auto step = [&](sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE)
      Die("sqlite insert: " + std::string(sqlite3_errmsg(db.db())));
    sqlite3_reset(s);
  };
  size_t n = ForEachFact(d, [&](const FactRow& r) {
    pending.push_back(r);
    if (pending.size() < kRowsPerStatement) return;
    for (int k = 0; k < kRowsPerStatement; ++k) bind(many, k * 7, pending[k]);
    step(many);
    pending.clear();
  });
  for (const FactRow& r : pending) {
    bind(one, 0, r);
    step(one);
  }
  phases.Done("generate + insert (WITHOUT ROWID)");
  db.Exec("CREATE INDEX fact_by_unit ON fact (unit, indicator, year, month)");
  db.Exec("COMMIT");
  phases.Done("index fact_by_unit, commit");
  // Statistics from a sample of each index: exact counts are not needed to choose the plans.
  db.Exec("PRAGMA analysis_limit=2000; ANALYZE; PRAGMA synchronous=NORMAL;");
  db.Exec("PRAGMA wal_checkpoint(TRUNCATE);");
  phases.Done("analyze, checkpoint");
  return n;
}

size_t LoadPostgres(PgDb& db, const bench::Dataset& d, const Views& v) {
  Phases phases;
  db.Exec("DROP TABLE IF EXISTS fact, rollup, expected");
  db.Exec("BEGIN");
  db.Exec(kSchema);
  // Created in the loading transaction: with wal_level=minimal COPY skips the WAL, and FREEZE
  // writes the rows frozen and all-visible (no VACUUM pass over 70 M rows afterwards).
  db.Exec(
      "CREATE TABLE fact (value float8 NOT NULL, unit integer NOT NULL, indicator smallint NOT "
      "NULL, year smallint NOT NULL, month smallint NOT NULL, kind smallint NOT NULL, best "
      "smallint NOT NULL)");
  InsertViews(v, [&](const std::string& s) { db.Exec(s); });
  PGconn* c = db.conn();
  PGresult* r = PQexec(c,
                       "COPY fact (indicator, year, month, unit, kind, best, value) FROM STDIN "
                       "WITH (FREEZE)");
  if (PQresultStatus(r) != PGRES_COPY_IN) Die("postgres COPY: " + std::string(PQerrorMessage(c)));
  PQclear(r);
  std::string buffer;
  buffer.reserve(1 << 20);
  char line[128];
  auto put = [&] {
    if (PQputCopyData(c, buffer.data(), static_cast<int>(buffer.size())) != 1)
      Die("postgres COPY: " + std::string(PQerrorMessage(c)));
    buffer.clear();
  };
  size_t n = ForEachFact(d, [&](const FactRow& f) {
    int len =
        std::snprintf(line, sizeof line, "%d\t%d\t%d\t%lld\t%d\t%d\t%.17g\n", f.indicator, f.year,
                      f.month, static_cast<long long>(f.unit), f.kind, f.best, f.value);
    buffer.append(line, len);
    if (buffer.size() > (1 << 20) - 128) put();
  });
  put();
  if (PQputCopyEnd(c, nullptr) != 1) Die("postgres COPY end: " + std::string(PQerrorMessage(c)));
  r = PQgetResult(c);
  if (PQresultStatus(r) != PGRES_COMMAND_OK)
    Die("postgres COPY: " + std::string(PQresultErrorMessage(r)));
  PQclear(r);
  while ((r = PQgetResult(c))) PQclear(r);
  db.Exec("COMMIT");
  phases.Done("generate + COPY FREEZE");
  db.Exec(
      "ALTER TABLE fact ADD PRIMARY KEY (indicator, year, month, unit, kind) INCLUDE (best, "
      "value)");
  phases.Done("primary key");
  // Covering as well: with heap fetches the planner prefers scanning the indicator-year.
  db.Exec("CREATE INDEX fact_by_unit ON fact (unit, indicator, year, month) INCLUDE (best, value)");
  phases.Done("index fact_by_unit");
  db.Exec("VACUUM (ANALYZE) fact, rollup, expected");
  phases.Done("vacuum analyze");
  return n;
}

// ---------------------------------------------------------------------------------------------

struct Options {
  std::string system, out, db;
  char scale = 'S';
  uint64_t seed = 0;
  double budget_s = 0;  // per query and system; 0: by scale
  int max_reps = 0;
};

Options Parse(int argc, char** argv) {
  Options o;
  if (argc < 2) Die("usage: analytics_harness engine|sqlite|postgres --scale S|M|L --out FILE");
  o.system = argv[1];
  for (int k = 2; k < argc; ++k) {
    std::string a = argv[k];
    auto value = [&]() -> std::string {
      if (k + 1 >= argc) Die(a + " needs a value");
      return argv[++k];
    };
    if (a == "--scale") {
      std::string s = value();
      o.scale = s.empty() ? '?' : s[0];
    } else if (a == "--seed") {
      o.seed = std::stoull(value());
    } else if (a == "--out") {
      o.out = value();
    } else if (a == "--db") {
      o.db = value();
    } else if (a == "--budget") {
      o.budget_s = std::stod(value());
    } else if (a == "--max-reps") {
      o.max_reps = std::stoi(value());
    } else {
      Die("unknown argument " + a);
    }
  }
  if (o.scale != 'S' && o.scale != 'M' && o.scale != 'L') Die("--scale S|M|L");
  if (o.out.empty()) Die("--out FILE");
  if (o.budget_s == 0) o.budget_s = o.scale == 'L' ? 12 : o.scale == 'M' ? 4 : 0.5;
  if (o.max_reps == 0) o.max_reps = o.system == "engine" ? 1000 : 200;
  return o;
}

// Runs every query: variant 0 once untimed (warm-up), then variants in turn, timed, until
// max_reps or the time budget (at least 3 runs, and each variant once when time allows). The
// first answer of each variant goes to the file.
void RunQueries(System& sys, const Options& o, std::FILE* out) {
  for (int q = 0; q < kQueries; ++q) {
    sys.Run(q, 0);
    const auto start = Clock::now();
    std::vector<bool> answered(kVariants, false);
    std::vector<double> ms;
    for (int rep = 0; rep < o.max_reps; ++rep) {
      if (rep >= 3 && Seconds(start) > o.budget_s) break;
      const int variant = rep % kVariants;
      const auto t0 = Clock::now();
      Answer a = sys.Run(q, variant);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (!answered[variant]) {
        answered[variant] = true;
        for (const Entry& e : a) {
          std::fprintf(out, "answer\t%s\t%d\t%s\t", kQueryNames[q], variant, e.key.c_str());
          if (e.value) {
            std::fprintf(out, "%.17g\t%u\n", *e.value, e.count);
          } else {
            std::fprintf(out, "NA\t%u\n", e.count);
          }
        }
        std::fprintf(out, "answered\t%s\t%d\t%zu\n", kQueryNames[q], variant, a.size());
      }
    }
    for (double t : ms) std::fprintf(out, "time\t%s\t%.6f\n", kQueryNames[q], t);
    std::sort(ms.begin(), ms.end());
    std::fprintf(stderr, "  %-22s %4zu runs  p50 %9.3f ms  max %9.3f ms\n", kQueryNames[q],
                 ms.size(), ms[ms.size() / 2], ms.back());
    std::fflush(out);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  std::FILE* out = std::fopen(o.out.c_str(), "w");
  if (!out) Die("cannot write " + o.out);
  bench::Dataset d = bench::MakeDataset(o.scale, /*reorg=*/true, o.seed);
  std::fprintf(out, "meta\tunits\t%zu\n", d.units.size());

  if (o.system == "engine") {
    const size_t rss_before_kib = core::ProcessMemoryKib("VmRSS:");
    const auto t0 = Clock::now();
    auto created = Engine::Create(domain::OrgRegistry(d.units), d.indicators);
    if (!created) Die(created.error().message);
    Engine engine = std::move(*created);
    size_t next_leaf = 0, next_plan = 0;
    auto status = engine.Load([&](std::vector<analytics::Value>& batch) {
      if (next_plan < d.plans.size()) {
        bench::ProvincePlans(d, d.plans[next_plan++], batch);
        return true;
      }
      for (int k = 0; k < 64 && next_leaf < d.reporters.size(); ++k)
        bench::UnitValues(d, d.reporters[next_leaf++], batch);
      return !batch.empty();
    });
    if (!status) Die(status.error().message);
    engine
        .Prepare();  // every version's roll-ups: ready for any query, as the load has always meant
    const double load_s = Seconds(t0);
    const double rss_mib = core::ProcessMemoryKib("VmRSS:") / 1024.0;
    std::fprintf(out, "meta\tload_s\t%.3f\nmeta\tvalues\t%zu\nmeta\trss_mib\t%.1f\n", load_s,
                 engine.value_count(), rss_mib);
    std::fprintf(out, "meta\trss_before_load_mib\t%.1f\nmeta\tengine_arrays_mib\t%.1f\n",
                 rss_before_kib / 1024.0, engine.memory_bytes() / 1048576.0);
    std::fprintf(stderr,
                 "engine: %zu units, %zu values, %zu versions, load %.2f s (generation "
                 "included), RSS %.0f MiB (%.0f before the load)\n",
                 d.units.size(), engine.value_count(), engine.version_count(), load_s, rss_mib,
                 rss_before_kib / 1024.0);
    const Views views = BuildViews(engine, d);
    EngineSystem sys(d, engine, views);
    RunQueries(sys, o, out);
    std::fprintf(out, "meta\tpeak_rss_mib\t%.1f\n", core::ProcessMemoryKib("VmHWM:") / 1024.0);
  } else if (o.system == "sqlite" || o.system == "postgres") {
    // The views come from an engine without values: the organisation alone.
    auto created = Engine::Create(domain::OrgRegistry(d.units), d.indicators);
    if (!created) Die(created.error().message);
    const Views views = BuildViews(*created, d);
    std::unique_ptr<SqlDb> db;
    const auto t0 = Clock::now();
    size_t rows = 0;
    if (o.system == "sqlite") {
      if (o.db.empty()) Die("--db PATH for sqlite");
      for (const char* suffix : {"", "-wal", "-shm"}) std::remove((o.db + suffix).c_str());
      auto s = std::make_unique<SqliteDb>(o.db);
      rows = LoadSqlite(*s, d, views);
      // Queries: a page cache of 2 GiB and the file mapped, as a read-mostly service would.
      s->Exec("PRAGMA cache_size=-2097152; PRAGMA mmap_size=17179869184;");
      db = std::move(s);
    } else {
      const char* url = std::getenv("WP_POSTGRES_URL");
      if (!url) Die("WP_POSTGRES_URL is not set (run.sh starts a cluster)");
      auto p = std::make_unique<PgDb>(url);
      rows = LoadPostgres(*p, d, views);
      db = std::move(p);
    }
    const double load_s = Seconds(t0);
    std::fprintf(out, "meta\tload_s\t%.3f\nmeta\tvalues\t%zu\n", load_s, rows);
    std::fprintf(stderr, "%s: %zu rows loaded in %.1f s (generation, insert, index, analyze)\n",
                 o.system.c_str(), rows, load_s);
    SqlSystem sys(d, *db);
    RunQueries(sys, o, out);
    if (auto* pg = dynamic_cast<PgDb*>(db.get()); pg && std::getenv("ABENCH_EXPLAIN")) {
      pg->explain = true;
      for (int q = 0; q < kQueries; ++q) {
        std::fprintf(stderr, "    plan of %s, variant 1:\n", kQueryNames[q]);
        sys.Run(q, 1);
      }
    }
  } else {
    Die("unknown system " + o.system);
  }
  std::fclose(out);
  return 0;
}
