#pragma once
// The synthetic national data set of issue 5, shared by bench/analytics_engine_bench and the
// bench/analytics harness: a deterministic organisation (S: provinces, M: plus 700 districts,
// L: plus 10 665 communes), 200 indicators of every aggregation kind and 60 months of seasonal
// values with late and missing reports. Every cell is a pure function of (seed, unit,
// indicator, month), so the values can be produced in any order — by unit for the engine, by
// indicator and month for a database's clustered load — without holding them all.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analytics/engine.hpp"
#include "core/date.hpp"
#include "domain/org.hpp"
#include "domain/report.hpp"

namespace wp::bench {

constexpr int kIndicators = 200;
constexpr int kFirstYear = 2021, kYears = 5;
constexpr int kMonths = kYears * 12;
constexpr double kApplies = 0.64;   // share of (unit, indicator) pairs that report at all
constexpr double kReported = 0.92;  // share of months a reporting unit reports (late, missing)
// The 1/7/2025 reform, as a month index (0 = January of kFirstYear).
constexpr int kSwitchMonth = 4 * 12 + 6;

inline uint64_t Mix(uint64_t x) {  // splitmix64: order-independent, so any cell regenerates
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A unit that reports, and the months it reports (indices from January of kFirstYear).
struct Reporter {
  domain::OrgUnitId unit = 0;
  int first = 0, last = kMonths - 1;
};

struct Dataset {
  char scale = 'L';
  bool reorg = false;
  uint64_t seed = 0;  // 0: the data set of the engine benchmark's first runs
  std::vector<domain::OrgUnit> units;
  std::vector<domain::OrgUnitId> provinces;      // of the current structure
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

// With `reorg`, the shape of 1/7/2025: until 30/6/2025 63 provinces (and, from M, 700 districts
// under them; at L 10 665 communes under those); from 1/7/2025 34 provinces formed from them —
// two versions of the organisation. Who reports after the reform: at L 3 321 new communes
// directly under the provinces, each formed from about three old ones; at S and M the new
// provinces themselves (the old districts were dissolved). Without reorg, 34 provinces all along.
inline Dataset MakeDataset(char scale, bool reorg, uint64_t seed = 0) {
  using domain::OrgKind;
  using domain::OrgUnitId;
  Dataset d;
  d.scale = scale;
  d.reorg = reorg;
  d.seed = seed;
  auto add = [&](OrgKind kind, std::optional<OrgUnitId> parent, const std::string& code) {
    domain::OrgUnit u;
    u.id = static_cast<OrgUnitId>(d.units.size() + 1);
    u.code = code;
    u.name = code;
    u.kind = kind;
    u.parent = parent;
    d.units.push_back(u);
    return u.id;
  };
  const core::CivilDate last_old{2025, 6, 30}, first_new{2025, 7, 1};
  OrgUnitId ministry = add(OrgKind::kMinistry, std::nullopt, "BNV");
  char code[32];
  if (reorg) {
    for (int p = 0; p < 63; ++p) {
      std::snprintf(code, sizeof code, "O%02d", p);
      d.old_provinces.push_back(add(OrgKind::kProvince, ministry, code));
      d.units.back().valid_to = last_old;
    }
  }
  for (int p = 0; p < 34; ++p) {
    std::snprintf(code, sizeof code, "P%02d", p);
    d.provinces.push_back(add(OrgKind::kProvince, ministry, code));
    if (reorg) d.units.back().valid_from = first_new;
  }
  if (reorg) {
    for (int p = 0; p < 63; ++p) d.units[d.old_provinces[p] - 1].successors = {d.provinces[p % 34]};
  }
  const auto& district_parents = reorg ? d.old_provinces : d.provinces;
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
        d.reporters.push_back({new_communes.back(), kSwitchMonth, kMonths - 1});
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
        d.reporters.push_back({c, 0, kSwitchMonth - 1});
      } else {
        d.reporters.push_back({c});
        d.current_leaves.push_back(c);
      }
    }
  } else if (reorg) {
    for (OrgUnitId u : scale == 'M' ? d.districts : d.old_provinces)
      d.reporters.push_back({u, 0, kSwitchMonth - 1});
    for (OrgUnitId p : d.provinces) {
      d.reporters.push_back({p, kSwitchMonth, kMonths - 1});
      d.current_leaves.push_back(p);
    }
  } else {
    for (OrgUnitId u : scale == 'M' ? d.districts : d.provinces) {
      d.reporters.push_back({u});
      d.current_leaves.push_back(u);
    }
  }
  for (int y = 0; y < kYears; ++y) {
    const bool old = reorg && y < kYears - 1;
    for (OrgUnitId p : old ? d.old_provinces : d.provinces) d.plans.emplace_back(p, kFirstYear + y);
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
      ind.target = 100.0 * 12 * leaves * kApplies * kReported * (0.85 + 0.3 * d.Uniform(i, 1));
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

}  // namespace wp::bench
