// Times store::Store::BulkLoadValues with a million values, below the service and the HTTP layer.
//
// usage: store_bulk DB_URL [VALUES] [REPEATS]
//
// DB_URL must hold a published program of 2012 (bench/reports/run.py runs
// `workplan import data/seeds/molisa_2012.txt --publish --db DB_URL` first). The rows are
// VALUES values (default 1 000 000) of that program's first 100 targets, both scopes, for
// VALUES / 200 reports: monthly periods of past years ("2000-M01" …) × the first provinces,
// grouped by report as a CSV export would have them. The store does not check that reports are
// expected (the service does), so any obligation, period and unit is accepted. REPEATS loads
// (default 2): the first creates the reports, later ones give each report one more version
// (a re-import). Prints one JSON line per load: values, reports, seconds, values/s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace {

using wp::store::BulkValue;

std::string Now() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: store_bulk DB_URL [VALUES] [REPEATS]\n";
    return 2;
  }
  const std::string url = argv[1];
  const size_t values = argc > 2 ? std::stoul(argv[2]) : 1000000;
  const int repeats = argc > 3 ? std::stoi(argv[3]) : 2;

  auto store = wp::store::OpenStore(url);
  if (!store) {
    std::cerr << "store_bulk: " << store.error().message << "\n";
    return 1;
  }
  auto& s = **store;
  auto programs = s.ListPrograms();
  if (!programs) {
    std::cerr << "store_bulk: " << programs.error().message << "\n";
    return 1;
  }
  wp::store::ProgramId program = 0;
  for (const auto& p : *programs) {
    if (p.year == 2012) program = p.id;
  }
  auto targets = program ? s.ListTargets(program) : decltype(s.ListTargets(program)){};
  auto units = s.LoadOrgUnits();
  if (!program || !targets || targets->size() < 100 || !units) {
    std::cerr << "store_bulk: no 2012 program with 100 targets (import the seed first)\n";
    return 1;
  }
  std::vector<wp::domain::OrgUnitId> provinces;
  for (const auto& u : *units) {
    if (u.kind == wp::domain::OrgKind::kProvince) provinces.push_back(u.id);
  }
  std::vector<std::string> periods;
  for (int y = 2000; y <= 2011; ++y) {
    for (int m = 1; m <= 12; ++m) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d-M%02d", y, m);
      periods.push_back(buf);
    }
  }
  // 200 values per report: 100 targets × 2 scopes.
  const size_t reports = (values + 199) / 200;
  const size_t n_units = std::min<size_t>(provinces.size(), 50);
  if (reports > n_units * periods.size()) {
    std::cerr << "store_bulk: at most " << n_units * periods.size() * 200 << " values\n";
    return 1;
  }
  std::vector<BulkValue> rows;
  rows.reserve(values);
  for (size_t r = 0; r < reports && rows.size() < values; ++r) {
    const std::string& period = periods[r / n_units];
    const auto unit = provinces[r % n_units];
    const std::string due = period.substr(0, 4) + "-" + period.substr(6, 2) + "-18";
    for (size_t t = 0; t < 100 && rows.size() < values; ++t) {
      for (auto scope : {wp::domain::ValueScope::kPeriod, wp::domain::ValueScope::kCumulative}) {
        if (rows.size() == values) break;
        BulkValue v;
        v.obligation = "r2";
        v.period = period;
        v.unit_id = unit;
        v.due = due;
        v.value.target_id = (*targets)[t].id;
        v.value.scope = scope;
        v.value.kind = wp::domain::ValueKind::kActual;
        v.value.value = wp::core::Decimal{static_cast<int64_t>(1000 + r % 997 + t), 0};
        rows.push_back(std::move(v));
      }
    }
  }

  for (int i = 0; i < repeats; ++i) {
    wp::store::AuditEvent audit;
    audit.at = Now();
    audit.actor = "bench";
    audit.action = "report.bulk_load";
    audit.entity = "program";
    audit.entity_id = std::to_string(program);
    audit.after = "{\"values\":" + std::to_string(rows.size()) + "}";
    auto t0 = std::chrono::steady_clock::now();
    auto n = s.BulkLoadValues(program, rows, wp::domain::ReportStatus::kApproved, audit.at, audit);
    double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!n) {
      std::cerr << "store_bulk: " << n.error().message << " " << n.error().internal_note << "\n";
      return 1;
    }
    std::printf(
        "{\"load\": %d, \"values\": %zu, \"reports\": %zu, \"seconds\": %.3f, "
        "\"values_per_second\": "
        "%.0f}\n",
        i + 1, *n, reports, sec, static_cast<double>(*n) / sec);
    std::fflush(stdout);
  }
  return 0;
}
