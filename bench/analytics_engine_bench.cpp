// The analytics engine at national scale (Google Benchmark). Builds a synthetic organisation
// and data set in memory with a deterministic generator — scale L of issue 5: 34 provinces,
// 700 districts, 10 665 communes (11 400 units), 200 indicators, 60 months (2021–2025), about
// 70 million values — loads it through Engine::Load in batches, prints the load time, the
// engine's arrays and the process's resident memory, then times dashboard queries and writes
// one by one, reporting p50/p99 per query (counters p50_ms, p99_ms). The generator is
// src/analytics/synthetic.hpp, shared with the bench/analytics harness.
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
#include <map>
#include <string>
#include <vector>

#include "analytics/engine.hpp"
#include "analytics/measures.hpp"
#include "analytics/synthetic.hpp"
#include "core/process.hpp"

// The generator's functions, as this file has always called them.
namespace bench = wp::analytics::synthetic;

namespace {

using namespace wp;
using analytics::Engine;
using analytics::IndicatorId;
using core::CivilDate;
using domain::OrgKind;
using domain::OrgUnitId;

using bench::Dataset;
using bench::kIndicators;
using bench::MakeDataset;
using bench::Mix;
using bench::ProvincePlans;
using bench::Reporter;
using bench::UnitValues;

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
  const size_t rss_before = core::ProcessMemoryKib("VmRSS:");
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
  world.engine->Prepare();  // every version's roll-ups, as the load has always meant
  world.load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double rss_mib = core::ProcessMemoryKib("VmRSS:") / 1024.0;
  std::fprintf(stderr,
               "scale=%c units=%zu indicators=%d values=%zu versions=%zu load_s=%.2f "
               "(generating %zu values alone: %.2f s) engine_mib=%.0f rss_mib=%.0f (before load "
               "%.0f) peak_rss_mib=%.0f\n",
               scale, world.data.units.size(), kIndicators, world.engine->value_count(),
               world.engine->version_count(), world.load_s, generated, generate_s,
               world.engine->memory_bytes() / 1048576.0, rss_mib, rss_before / 1024.0,
               core::ProcessMemoryKib("VmHWM:") / 1024.0);

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
      core::ProcessMemoryKib("VmRSS:") / 1024.0, core::ProcessMemoryKib("VmHWM:") / 1024.0, worst,
      worst_name.c_str());
  benchmark::Shutdown();
  return 0;
}
