// The analytics engine at national scale (Google Benchmark). Builds a synthetic organisation
// and data set in memory with a deterministic generator — scale L of issue 5: 34 provinces,
// 700 districts, 10 665 communes (11 400 units), 200 indicators, 60 months (2021–2025), about
// 70 million values — loads it through Engine::Load in batches, prints the load time, the
// engine's arrays and the process's resident memory, then times dashboard queries and writes
// one by one, reporting p50/p99 per query (counters p50_ms, p99_ms).
//
//   build-ana-bench/bin/analytics_engine_bench [--scale=S|M|L] [--reorg] [google benchmark flags]
//
// S: values reported by the provinces; M: by 700 districts; L: by the communes. --reorg (L):
// the 1/7/2025 reform in the synthetic organisation (63 → 34 provinces, districts abolished,
// 10 665 → 3 321 communes), so the engine keeps two versions of its roll-ups. The full
// harness (gen-data into SQLite and PostgreSQL, the same queries on all three) is issue 5's
// bench/analytics; this measures the engine alone.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "analytics/engine.hpp"
#include "analytics/measures.hpp"

namespace {

using namespace wp;
using analytics::Engine;
using analytics::IndicatorId;
using core::CivilDate;
using domain::OrgKind;
using domain::OrgUnit;
using domain::OrgUnitId;

constexpr int kIndicators = 200;
constexpr int kFirstYear = 2021, kYears = 5;
constexpr double kApplies = 0.64;   // share of (unit, indicator) pairs that report at all
constexpr double kReported = 0.92;  // share of months a reporting unit reports (late, missing)

uint64_t Mix(uint64_t x) {  // splitmix64: order-independent, so any cell can be regenerated
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
double Uniform(uint64_t a, uint64_t b, uint64_t c = 0) {
  return (Mix(a * 1000003 + Mix(b * 7919 + Mix(c))) >> 11) * 0x1.0p-53;
}

// A unit that reports, and the months it reports (0 = January of kFirstYear).
struct Reporter {
  OrgUnitId unit = 0;
  int first = 0, last = kYears * 12 - 1;
};

struct Dataset {
  std::vector<OrgUnit> units;
  std::vector<OrgUnitId> provinces, districts;  // of the current structure (districts: the last)
  std::vector<Reporter> reporters;
  std::vector<std::pair<OrgUnitId, int>> plans;  // province, year its plan is for
  std::vector<OrgUnitId> current_leaves;         // the reporting units of the current structure
  std::vector<analytics::Indicator> indicators;
};

// With `reorg` (scale L only), the shape of 1/7/2025: until 30/6/2025 63 provinces, 700 districts
// and 10 665 communes; from 1/7/2025 34 provinces formed from them and 3 321 communes directly
// under the provinces, each formed from about three old ones — two versions of the organisation.
Dataset MakeDataset(char scale, bool reorg) {
  Dataset d;
  auto add = [&](OrgKind kind, std::optional<OrgUnitId> parent, const std::string& code) {
    OrgUnit u;
    u.id = static_cast<OrgUnitId>(d.units.size() + 1);
    u.code = code;
    u.name = code;
    u.kind = kind;
    u.parent = parent;
    d.units.push_back(u);
    return u.id;
  };
  const CivilDate last_old{2025, 6, 30}, first_new{2025, 7, 1};
  const int switch_month = 4 * 12 + 6;  // July 2025
  OrgUnitId ministry = add(OrgKind::kMinistry, std::nullopt, "BNV");
  char code[32];
  std::vector<OrgUnitId> old_provinces;
  if (reorg) {
    for (int p = 0; p < 63; ++p) {
      std::snprintf(code, sizeof code, "O%02d", p);
      old_provinces.push_back(add(OrgKind::kProvince, ministry, code));
      d.units.back().valid_to = last_old;
    }
  }
  for (int p = 0; p < 34; ++p) {
    std::snprintf(code, sizeof code, "P%02d", p);
    d.provinces.push_back(add(OrgKind::kProvince, ministry, code));
    if (reorg) d.units.back().valid_from = first_new;
  }
  if (reorg) {
    for (int p = 0; p < 63; ++p) d.units[old_provinces[p] - 1].successors = {d.provinces[p % 34]};
  }
  const auto& district_parents = reorg ? old_provinces : d.provinces;
  if (scale != 'S') {
    for (int i = 0; i < 700; ++i) {
      std::snprintf(code, sizeof code, "D%03d", i);
      d.districts.push_back(
          add(OrgKind::kDistrict, district_parents[i % district_parents.size()], code));
      if (reorg) d.units.back().valid_to = last_old;
    }
  }
  if (scale == 'L') {
    std::vector<OrgUnitId> new_communes;
    if (reorg) {
      for (int k = 0; k < 3321; ++k) {
        std::snprintf(code, sizeof code, "N%04d", k);
        new_communes.push_back(add(OrgKind::kCommune, d.provinces[k % 34], code));
        d.units.back().valid_from = first_new;
        d.reporters.push_back({new_communes.back(), switch_month, kYears * 12 - 1});
        d.current_leaves.push_back(new_communes.back());
      }
    }
    for (int i = 0; i < 10665; ++i) {
      std::snprintf(code, sizeof code, "C%05d", i);
      OrgUnitId c = add(OrgKind::kCommune, d.districts[i % 700], code);
      if (reorg) {
        // Into a new commune of the province its old province went into.
        int p = static_cast<int>((i % 700) % 63) % 34;
        d.units.back().valid_to = last_old;
        d.units.back().successors = {new_communes[p + 34 * ((i / 700) % 97)]};
        d.reporters.push_back({c, 0, switch_month - 1});
      } else {
        d.reporters.push_back({c});
        d.current_leaves.push_back(c);
      }
    }
  } else {
    for (OrgUnitId u : scale == 'M' ? d.districts : d.provinces) {
      d.reporters.push_back({u});
      d.current_leaves.push_back(u);
    }
  }
  for (int y = 0; y < kYears; ++y) {
    const bool old = reorg && y < kYears - 1;
    for (OrgUnitId p : old ? old_provinces : d.provinces) d.plans.emplace_back(p, kFirstYear + y);
  }
  const double leaves = scale == 'L' ? 10665 : static_cast<double>(d.reporters.size());
  for (int i = 0; i < kIndicators; ++i) {
    analytics::Indicator ind;
    ind.id = i + 1;
    ind.code = "i" + std::to_string(i + 1);
    ind.name = ind.code;
    if (i < 140) {  // flows: jobs created, trainees, beneficiaries paid …
      ind.aggregation = analytics::Aggregation::kSum;
      ind.comparator = domain::Comparator::kMin;
      // About the yearly total the generator makes, ±15 %, so statuses vary.
      ind.target = 100.0 * 12 * leaves * kApplies * kReported * (0.85 + 0.3 * Uniform(i, 1));
    } else if (i < 160) {  // rates: numerator and denominator among the flows
      ind.aggregation = analytics::Aggregation::kRatio;
      ind.numerator = (i - 140) * 2 + 1;
      ind.denominator = (i - 140) * 2 + 2;
      ind.ratio_scale = 100;
      ind.comparator = domain::Comparator::kMax;
      ind.target = 100;
    } else if (i < 180) {
      ind.aggregation = analytics::Aggregation::kMean;
      ind.comparator = domain::Comparator::kMin;
      ind.target = 100;
    } else if (i < 190) {
      ind.aggregation = analytics::Aggregation::kLast;
    } else {
      ind.aggregation = i < 195 ? analytics::Aggregation::kMin : analytics::Aggregation::kMax;
    }
    d.indicators.push_back(ind);
  }
  return d;
}

// Every value of one reporting unit: seasonal series with missing months; the last month an
// estimate only (its report is not approved yet), the one before an estimate and an actual.
void UnitValues(const Dataset& d, const Reporter& r, std::vector<analytics::Value>& out) {
  const OrgUnitId unit = r.unit;
  for (const auto& ind : d.indicators) {
    if (ind.aggregation == analytics::Aggregation::kRatio) continue;
    if (Uniform(unit, ind.id, 1) >= kApplies) continue;
    const double level = 50 + 100 * Uniform(unit, ind.id, 2);
    for (int index = r.first; index <= r.last; ++index) {
      const int y = index / 12, m = index % 12 + 1;
      if (Uniform(unit, ind.id * 100 + y * 13 + m, 3) >= kReported) continue;
      double season = 1 + 0.3 * std::sin(2 * M_PI * (m + ind.id % 12) / 12.0);
      double v = std::round(level * season * (0.8 + 0.4 * Uniform(unit, ind.id, y * 13 + m)));
      const bool last = y == kYears - 1 && m == 12, before = y == kYears - 1 && m == 11;
      if (last || before) {
        out.push_back(
            {unit, ind.id, kFirstYear + y, m, domain::ValueKind::kEstimate, std::round(v * 1.05)});
      }
      if (!last) out.push_back({unit, ind.id, kFirstYear + y, m, domain::ValueKind::kActual, v});
    }
  }
}

// The year plans of the provinces (the targets allocated to them).
void ProvincePlans(const Dataset& d, std::pair<OrgUnitId, int> plan,
                   std::vector<analytics::Value>& out) {
  const double share = 1.0 / static_cast<double>(d.provinces.size());
  for (const auto& ind : d.indicators) {
    if (ind.aggregation != analytics::Aggregation::kSum) continue;
    out.push_back({plan.first, ind.id, plan.second, 0, domain::ValueKind::kPlan,
                   std::round(*ind.target * share * (0.8 + 0.4 * Uniform(plan.first, ind.id)))});
  }
}

size_t StatusKib(const char* field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(field, 0) == 0) return std::stoul(line.substr(std::strlen(field)));
  }
  return 0;
}

struct World {
  Dataset data;
  std::unique_ptr<Engine> engine;
  double load_s = 0;
  bool reorg = false;
};
World* g_world = nullptr;
std::map<std::string, double> g_p99;

const CivilDate kAt{2025, 11, 30};  // the dashboard's "now": eleven months of 2025 ended
const CivilDate kOldAt{2024, 12, 31};
constexpr int kYear = 2025;

// Runs `op` once per iteration, timing each call (the first kSamples), and reports p50/p99.
constexpr size_t kSamples = 100000;
template <typename Op>
void Timed(benchmark::State& state, const char* name, Op&& op) {
  std::vector<double> ms;
  int64_t i = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    op(i++);
    if (ms.size() < kSamples)
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  if (ms.empty()) return;
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * ms.size()))]; };
  state.counters["p50_ms"] = at(0.5);
  state.counters["p99_ms"] = at(0.99);
  g_p99[name] = at(0.99);
}

IndicatorId Ind(int64_t i) { return 1 + i % kIndicators; }
IndicatorId Flow(int64_t i) { return 1 + i % 140; }

void NationalYearAllIndicators(benchmark::State& state) {
  Timed(state, __func__, [](int64_t) {
    for (const auto& ind : g_world->engine->indicators()) {
      auto a = g_world->engine->Get({ind.id, std::nullopt, kAt, {kYear, 1, 12}});
      benchmark::DoNotOptimize(a);
    }
  });
}

void ProvinceBreakdown(benchmark::State& state) {
  Timed(state, __func__, [](int64_t i) {
    auto rows =
        g_world->engine->Level({Ind(i), std::nullopt, kAt, {kYear, 1, 12}}, OrgKind::kProvince);
    benchmark::DoNotOptimize(rows);
  });
}

void OneProvinceDistricts(benchmark::State& state) {
  Timed(state, __func__, [](int64_t i) {
    const auto& p = g_world->data.provinces;
    auto rows = g_world->engine->Children({Ind(i), p[i % p.size()], kAt, {kYear, 1, 11}});
    benchmark::DoNotOptimize(rows);
  });
}

void YearToDateByMonth(benchmark::State& state) {
  Timed(state, __func__, [](int64_t i) {
    for (int m = 1; m <= 12; ++m) {
      auto a = g_world->engine->Get({Ind(i), std::nullopt, kAt, {kYear, 1, m}});
      benchmark::DoNotOptimize(a);
    }
  });
}

void ProvincesByQuarterAllFlows(benchmark::State& state) {
  // The province × quarter matrix of one flow — and of its numerator's rate.
  Timed(state, __func__, [](int64_t i) {
    for (int q = 0; q < 4; ++q) {
      auto rows = g_world->engine->Level(
          {Flow(i), std::nullopt, kAt, {kYear, q * 3 + 1, q * 3 + 3}}, OrgKind::kProvince);
      benchmark::DoNotOptimize(rows);
    }
  });
}

void RateByProvince(benchmark::State& state) {
  Timed(state, __func__, [](int64_t i) {
    auto rows = g_world->engine->Level({141 + i % 20, std::nullopt, kAt, {kYear, 1, 11}},
                                       OrgKind::kProvince);
    benchmark::DoNotOptimize(rows);
  });
}

void Top10LaggingProvinces(benchmark::State& state) {
  Timed(state, __func__, [](int64_t i) {
    auto ranked =
        analytics::Rank(*g_world->engine, {Flow(i), std::nullopt, kAt, kYear}, OrgKind::kProvince);
    benchmark::DoNotOptimize(ranked);
  });
}

void NationalDashboardMeasures(benchmark::State& state) {
  // Every indicator's achievement, pace, projection and status for the whole country.
  Timed(state, __func__, [](int64_t) {
    for (const auto& ind : g_world->engine->indicators()) {
      auto m = analytics::Evaluate(*g_world->engine, {ind.id, std::nullopt, kAt, kYear});
      benchmark::DoNotOptimize(m);
    }
  });
}

void OneDistrictCommunes(benchmark::State& state) {
  Timed(state, __func__, [](int64_t i) {
    const auto& d = g_world->data.districts;
    if (d.empty()) return;
    // With --reorg the districts are those of the old structure: read it at the end of 2024.
    auto rows = g_world->reorg
                    ? g_world->engine->Children({Ind(i), d[i % d.size()], kOldAt, {2024, 1, 12}})
                    : g_world->engine->Children({Ind(i), d[i % d.size()], kAt, {kYear, 1, 11}});
    benchmark::DoNotOptimize(rows);
  });
}

void EveryLeafOneIndicator(benchmark::State& state) {
  // The heaviest listing: every reporting unit of the country for one indicator and quarter.
  Timed(state, __func__, [](int64_t i) {
    OrgKind kind = g_world->data.current_leaves.size() > 1000 ? OrgKind::kCommune
                   : g_world->data.districts.empty()          ? OrgKind::kProvince
                                                              : OrgKind::kDistrict;
    auto rows = g_world->engine->Level({Flow(i), std::nullopt, kAt, {kYear, 7, 9}}, kind);
    benchmark::DoNotOptimize(rows);
  });
}

void ProvincesOfAnEarlierStructure(benchmark::State& state) {
  // 2024 in the structure of 2024 (63 provinces with --reorg).
  Timed(state, __func__, [](int64_t i) {
    auto rows =
        g_world->engine->Level({Ind(i), std::nullopt, kOldAt, {2024, 1, 12}}, OrgKind::kProvince);
    benchmark::DoNotOptimize(rows);
  });
}

void HistoryInTheCurrentStructure(benchmark::State& state) {
  // 2023 by the provinces of today (with --reorg, the old provinces' data followed forward).
  Timed(state, __func__, [](int64_t i) {
    auto rows =
        g_world->engine->Level({Ind(i), std::nullopt, kAt, {2023, 1, 12}}, OrgKind::kProvince);
    benchmark::DoNotOptimize(rows);
  });
}

void UpsertApprovedValue(benchmark::State& state) {
  // An approved report's value replaces the estimate; the next query sees it.
  Timed(state, __func__, [](int64_t i) {
    const auto& leaves = g_world->data.current_leaves;
    OrgUnitId unit = leaves[Mix(i) % leaves.size()];
    IndicatorId ind = static_cast<IndicatorId>(1 + Mix(i + 1) % 140);
    auto st = g_world->engine->Upsert(
        {unit, ind, kYear, 12, domain::ValueKind::kActual, double(100 + i % 50)});
    benchmark::DoNotOptimize(st);
  });
}

void UpsertMinMax(benchmark::State& state) {
  // min/max roll-ups recompute a cell from the children along the path.
  Timed(state, __func__, [](int64_t i) {
    const auto& leaves = g_world->data.current_leaves;
    OrgUnitId unit = leaves[Mix(i) % leaves.size()];
    auto st = g_world->engine->Upsert(
        {unit, IndicatorId(191 + i % 10), kYear, 12, domain::ValueKind::kActual, double(i % 300)});
    benchmark::DoNotOptimize(st);
  });
}

BENCHMARK(NationalYearAllIndicators)->Unit(benchmark::kMillisecond);
BENCHMARK(ProvinceBreakdown)->Unit(benchmark::kMicrosecond);
BENCHMARK(OneProvinceDistricts)->Unit(benchmark::kMicrosecond);
BENCHMARK(YearToDateByMonth)->Unit(benchmark::kMicrosecond);
BENCHMARK(ProvincesByQuarterAllFlows)->Unit(benchmark::kMicrosecond);
BENCHMARK(RateByProvince)->Unit(benchmark::kMicrosecond);
BENCHMARK(Top10LaggingProvinces)->Unit(benchmark::kMicrosecond);
BENCHMARK(NationalDashboardMeasures)->Unit(benchmark::kMillisecond);
BENCHMARK(OneDistrictCommunes)->Unit(benchmark::kMicrosecond);
BENCHMARK(EveryLeafOneIndicator)->Unit(benchmark::kMillisecond);
BENCHMARK(ProvincesOfAnEarlierStructure)->Unit(benchmark::kMicrosecond);
BENCHMARK(HistoryInTheCurrentStructure)->Unit(benchmark::kMicrosecond);
BENCHMARK(UpsertApprovedValue)->Unit(benchmark::kMicrosecond);
BENCHMARK(UpsertMinMax)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  char scale = 'L';
  bool reorg = false;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--reorg") == 0) {
      reorg = true;
    } else if (std::strncmp(argv[i], "--scale=", 8) == 0) {
      scale = argv[i][8];
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (scale != 'S' && scale != 'M' && scale != 'L') {
    std::fprintf(stderr, "--scale=S|M|L [--reorg]\n");
    return 2;
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());

  static World world;
  g_world = &world;
  world.reorg = reorg && scale == 'L';
  world.data = MakeDataset(scale, world.reorg);
  // The generator alone, so that the engine's share of the load time can be told apart.
  auto g0 = std::chrono::steady_clock::now();
  size_t generated = 0;
  {
    std::vector<analytics::Value> batch;
    for (const auto& plan : world.data.plans) ProvincePlans(world.data, plan, batch);
    for (const Reporter& r : world.data.reporters) {
      batch.clear();
      UnitValues(world.data, r, batch);
      generated += batch.size();
    }
  }
  const double generate_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count();
  const size_t rss_before = StatusKib("VmRSS:");
  auto t0 = std::chrono::steady_clock::now();
  auto engine = Engine::Create(domain::OrgRegistry(world.data.units), world.data.indicators);
  if (!engine) {
    std::fprintf(stderr, "%s\n", engine.error().message.c_str());
    return 1;
  }
  world.engine = std::make_unique<Engine>(std::move(*engine));
  size_t next_leaf = 0, next_plan = 0;
  auto status = world.engine->Load([&](std::vector<analytics::Value>& batch) {
    if (next_plan < world.data.plans.size()) {
      ProvincePlans(world.data, world.data.plans[next_plan++], batch);
      return true;
    }
    for (int k = 0; k < 64 && next_leaf < world.data.reporters.size(); ++k)
      UnitValues(world.data, world.data.reporters[next_leaf++], batch);
    return !batch.empty();
  });
  if (!status) {
    std::fprintf(stderr, "%s\n", status.error().message.c_str());
    return 1;
  }
  world.load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double rss_mib = StatusKib("VmRSS:") / 1024.0;
  std::fprintf(stderr,
               "scale=%c units=%zu indicators=%d values=%zu versions=%zu load_s=%.2f "
               "(generating %zu values alone: %.2f s) engine_mib=%.0f rss_mib=%.0f (before load "
               "%.0f) peak_rss_mib=%.0f\n",
               scale, world.data.units.size(), kIndicators, world.engine->value_count(),
               world.engine->version_count(), world.load_s, generated, generate_s,
               world.engine->memory_bytes() / 1048576.0, rss_mib, rss_before / 1024.0,
               StatusKib("VmHWM:") / 1024.0);

  benchmark::RunSpecifiedBenchmarks();
  double worst = 0;
  std::string worst_name;
  for (const auto& [name, p99] : g_p99) {
    if (name.rfind("Upsert", 0) == 0) continue;
    if (p99 > worst) {
      worst = p99;
      worst_name = name;
    }
  }
  std::printf(
      "analytics-engine-bench scale=%c%s values=%zu load_s=%.2f rss_mib=%.0f peak_rss_mib=%.0f "
      "query_p99_ms_max=%.3f (%s)\n",
      scale, world.reorg ? " reorg" : "", world.engine->value_count(), world.load_s,
      StatusKib("VmRSS:") / 1024.0, StatusKib("VmHWM:") / 1024.0, worst, worst_name.c_str());
  benchmark::Shutdown();
  return 0;
}
