#pragma once
// The synthetic national data set of issue 5: an organisation hung under a frame of provinces
// (S: the provinces, M: plus 700 districts, L: plus 10 665 communes, and the 1/7/2025 reform),
// 200 indicators of every aggregation kind and 60 months (2021–2025) of seasonal values with
// late and missing reports. Every cell is a pure function of (seed, unit, indicator, month), so
// the values can be produced in any order — by unit for the engine, by indicator and month for
// a database's clustered load, by report for `workplan gen-data` — without holding them all.
// Shared by bench/analytics_engine_bench, the bench/analytics harness (a frame of made-up
// provinces) and service's gen-data (the real provinces of the registry).

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analytics/engine.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "domain/org.hpp"
#include "domain/report.hpp"

namespace wp::analytics::synthetic {

constexpr int kIndicators = 200;
constexpr int kFirstYear = 2021, kYears = 5;
constexpr int kMonths = kYears * 12;
constexpr double kApplies = 0.64;   // share of (unit, indicator) pairs that report at all
constexpr double kReported = 0.92;  // share of months a reporting unit reports (late, missing)
// The 1/7/2025 reform, as a month index (0 = January of kFirstYear).
constexpr int kSwitchMonth = 4 * 12 + 6;
constexpr int kDistricts = 700, kCommunes = 10665, kNewCommunes = 3321;

inline uint64_t Mix(uint64_t x) {  // splitmix64: order-independent, so any cell regenerates
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The provinces a data set hangs its units under. With a reform, `old_provinces` are those of
// 30/6/2025 and old_provinces[i] went into provinces[into[i]] on 1/7/2025; without one,
// `old_provinces` is empty and `provinces` stand all along.
struct Frame {
  std::vector<domain::OrgUnit> units;  // the ministry (or ministries) and every province
  std::vector<domain::OrgUnitId> old_provinces, provinces;
  std::vector<size_t> into;
  domain::OrgUnitId next_id = 1;  // generated units are numbered from here
  bool readable_names = false;    // "Huyện D001 (Hà Nội)" rather than "D001"
};

// Made-up provinces under one ministry "BNV" (ids from 1): with `reorg`, 63 ("O00".."O62")
// until 30/6/2025 going into 34 ("P00".."P33", O_i into P_{i mod 34}); else the 34 all along.
Frame SyntheticFrame(bool reorg);
// The registry's own provinces: those valid on 30/6/2025 and on 1/7/2025, each old one into
// the one new province it became. Fails with kFailedPrecondition, reason "no_reform", when the
// registry does not hold the 1/7/2025 reform that way (generated ids start above its largest).
core::Result<Frame> RegistryFrame(const domain::OrgRegistry& registry);

// Which aggregations the 200 indicators take. kEngine: 140 flows, 20 rates (ratio of two flows),
// 20 means, 10 "last", 5 min, 5 max — every kind the engine has. kProgram: what a program's
// targets can say today (a sum, or a percentage): the last/min/max ones are flows too.
enum class IndicatorMix { kEngine, kProgram };

// A unit that reports, and the months it reports (indices from January of kFirstYear).
struct Reporter {
  domain::OrgUnitId unit = 0;
  int first = 0, last = kMonths - 1;
};

struct Dataset {
  char scale = 'L';
  bool reorg = false;
  uint64_t seed = 0;                         // 0: the data set of the engine benchmark's first runs
  std::vector<domain::OrgUnit> units;        // the frame's, then the generated ones
  size_t frame_units = 0;                    // how many of `units` came from the frame
  std::vector<domain::OrgUnitId> provinces;  // of the current structure
  std::vector<domain::OrgUnitId> old_provinces;  // with reorg: the 63 of before 1/7/2025
  std::vector<domain::OrgUnitId> districts;      // (with reorg: of the old structure)
  std::vector<Reporter> reporters;
  std::vector<std::pair<domain::OrgUnitId, int>> plans;  // province, year its plan is for
  std::vector<domain::OrgUnitId> current_leaves;         // reporting units of the current structure
  std::vector<analytics::Indicator> indicators;

  // A uniform number in [0, 1) from three keys and the seed.
  double Uniform(uint64_t a, uint64_t b, uint64_t c = 0) const {
    const uint64_t salt = seed == 0 ? 0 : Mix(seed ^ 0x5eed5eed5eedULL);
    return (Mix(a * 1000003 + Mix(b * 7919 + (Mix(c) ^ salt))) >> 11) * 0x1.0p-53;
  }
};

// The data set over `frame`. With a reform: until 30/6/2025 the old provinces (from M, 700
// districts under them; at L 10 665 communes under those); from 1/7/2025 the new provinces —
// two versions of the organisation. Who reports after the reform: at L 3 321 new communes
// directly under the provinces, each formed from about three old ones; at S and M the new
// provinces themselves (the old districts were dissolved). Without a reform, the provinces all
// along.
Dataset MakeDataset(char scale, Frame frame, uint64_t seed,
                    IndicatorMix mix = IndicatorMix::kEngine);
// The benchmarks' data set: MakeDataset over SyntheticFrame(reorg).
Dataset MakeDataset(char scale, bool reorg, uint64_t seed = 0);

// Whether `r` reports `ind` at all (a ratio indicator takes no values of its own).
inline bool Reports(const Dataset& d, const Reporter& r, const analytics::Indicator& ind) {
  return ind.aggregation != analytics::Aggregation::kRatio &&
         d.Uniform(r.unit, ind.id, 1) < kApplies;
}

// The values of one unit, indicator and month (`index` from January of kFirstYear), when the
// unit reports that indicator: a seasonal series with missing months; the last month an
// estimate only (its report is not approved yet), the one before an estimate and an actual.
// `emit(kind, month, value)` is called for the estimate before the actual.
template <typename Emit>
void CellValues(const Dataset& d, const Reporter& r, const analytics::Indicator& ind, int index,
                Emit&& emit) {
  if (index < r.first || index > r.last) return;
  const int y = index / 12, m = index % 12 + 1;
  if (d.Uniform(r.unit, ind.id * 100 + y * 13 + m, 3) >= kReported) return;
  const double level = 50 + 100 * d.Uniform(r.unit, ind.id, 2);
  const double season = 1 + 0.3 * std::sin(2 * M_PI * (m + ind.id % 12) / 12.0);
  const double v = std::round(level * season * (0.8 + 0.4 * d.Uniform(r.unit, ind.id, y * 13 + m)));
  const bool last = y == kYears - 1 && m == 12, before = y == kYears - 1 && m == 11;
  if (last || before) emit(domain::ValueKind::kEstimate, m, std::round(v * 1.05));
  if (!last) emit(domain::ValueKind::kActual, m, v);
}

// Every value of one reporting unit, indicator by indicator.
inline void UnitValues(const Dataset& d, const Reporter& r, std::vector<analytics::Value>& out) {
  for (const auto& ind : d.indicators) {
    if (!Reports(d, r, ind)) continue;
    for (int index = r.first; index <= r.last; ++index) {
      const int year = kFirstYear + index / 12;
      CellValues(d, r, ind, index, [&](domain::ValueKind kind, int month, double v) {
        out.push_back({r.unit, ind.id, year, month, kind, v});
      });
    }
  }
}

// The year plan of one province for every flow (the targets allocated to it), month 0.
inline double PlanValue(const Dataset& d, domain::OrgUnitId province,
                        const analytics::Indicator& ind) {
  const double share = 1.0 / static_cast<double>(d.provinces.size());
  return std::round(*ind.target * share * (0.8 + 0.4 * d.Uniform(province, ind.id)));
}
inline void ProvincePlans(const Dataset& d, std::pair<domain::OrgUnitId, int> plan,
                          std::vector<analytics::Value>& out) {
  for (const auto& ind : d.indicators) {
    if (ind.aggregation != analytics::Aggregation::kSum) continue;
    out.push_back({plan.first, ind.id, plan.second, 0, domain::ValueKind::kPlan,
                   PlanValue(d, plan.first, ind)});
  }
}

// What became of one unit's monthly report (`index` from January of kFirstYear) — beside the
// cells missing from it, whole reports are late or never sent: about 1.5 % never arrive, 6 %
// arrive after their deadline.
enum class ReportFate { kOnTime, kLate, kMissing };
inline ReportFate FateOf(const Dataset& d, domain::OrgUnitId unit, int index) {
  const double u = d.Uniform(unit, 0x7e9047 + static_cast<uint64_t>(index), 5);
  return u < 0.015 ? ReportFate::kMissing : u < 0.075 ? ReportFate::kLate : ReportFate::kOnTime;
}

}  // namespace wp::analytics::synthetic
