#include "analytics/synthetic.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace wp::analytics::synthetic {
namespace {

using domain::OrgKind;
using domain::OrgUnitId;

const core::CivilDate kLastOld{2025, 6, 30}, kFirstNew{2025, 7, 1};

}  // namespace

Frame SyntheticFrame(bool reorg) {
  Frame f;
  auto add = [&](OrgKind kind, std::optional<OrgUnitId> parent, const std::string& code) {
    domain::OrgUnit u;
    u.id = f.next_id++;
    u.code = code;
    u.name = code;
    u.kind = kind;
    u.parent = parent;
    f.units.push_back(u);
    return u.id;
  };
  OrgUnitId ministry = add(OrgKind::kMinistry, std::nullopt, "BNV");
  char code[32];
  if (reorg) {
    for (int p = 0; p < 63; ++p) {
      std::snprintf(code, sizeof code, "O%02d", p);
      f.old_provinces.push_back(add(OrgKind::kProvince, ministry, code));
      f.units.back().valid_to = kLastOld;
      f.into.push_back(static_cast<size_t>(p % 34));
    }
  }
  for (int p = 0; p < 34; ++p) {
    std::snprintf(code, sizeof code, "P%02d", p);
    f.provinces.push_back(add(OrgKind::kProvince, ministry, code));
    if (reorg) f.units.back().valid_from = kFirstNew;
  }
  for (size_t i = 0; i < f.old_provinces.size(); ++i) {
    f.units[static_cast<size_t>(f.old_provinces[i] - 1)].successors = {f.provinces[f.into[i]]};
  }
  return f;
}

core::Result<Frame> RegistryFrame(const domain::OrgRegistry& registry) {
  Frame f;
  f.units = registry.units();
  std::map<OrgUnitId, size_t> new_index;
  for (const auto* u : registry.UnitsAt(kFirstNew, OrgKind::kProvince)) {
    new_index[u->id] = f.provinces.size();
    f.provinces.push_back(u->id);
  }
  for (const auto* u : registry.UnitsAt(kLastOld, OrgKind::kProvince)) {
    auto became = registry.BecameBy(u->id, kFirstNew);
    if (u->valid_to != kLastOld || became.size() != 1 || !new_index.count(became[0])) {
      return core::Fail(core::ErrorCode::kFailedPrecondition, "no_reform",
                        "Danh mục tổ chức không có cuộc sắp xếp tỉnh ngày 01/07/2025 (mỗi tỉnh "
                        "cũ vào đúng một tỉnh mới) nên không sinh được dữ liệu mẫu");
    }
    f.old_provinces.push_back(u->id);
    f.into.push_back(new_index[became[0]]);
  }
  if (f.provinces.empty() || f.old_provinces.empty()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition, "no_reform",
                      "Danh mục tổ chức không có tỉnh trước và sau ngày 01/07/2025 nên không sinh "
                      "được dữ liệu mẫu");
  }
  for (const auto& u : f.units) f.next_id = std::max(f.next_id, u.id + 1);
  // Round up, so that generated ids read apart from the catalogue's.
  f.next_id = (f.next_id / 10000 + 1) * 10000;
  f.readable_names = true;
  return f;
}

Dataset MakeDataset(char scale, bool reorg, uint64_t seed) {
  return MakeDataset(scale, SyntheticFrame(reorg), seed, IndicatorMix::kEngine);
}

Dataset MakeDataset(char scale, Frame frame, uint64_t seed, IndicatorMix mix) {
  Dataset d;
  d.scale = scale;
  d.reorg = !frame.old_provinces.empty();
  d.seed = seed;
  d.units = std::move(frame.units);
  d.frame_units = d.units.size();
  d.provinces = frame.provinces;
  d.old_provinces = frame.old_provinces;
  const bool reorg = d.reorg;
  const bool named = frame.readable_names;
  OrgUnitId next_id = frame.next_id;
  auto add = [&](OrgKind kind, std::optional<OrgUnitId> parent, const std::string& code,
                 const std::string& name) {
    domain::OrgUnit u;
    u.id = next_id++;
    u.code = code;
    u.name = named ? name : code;
    u.kind = kind;
    u.parent = parent;
    d.units.push_back(u);
    return u.id;
  };
  std::map<OrgUnitId, std::string> province_name;
  for (size_t i = 0; i < d.frame_units; ++i) province_name[d.units[i].id] = d.units[i].name;

  char code[32];
  const auto& district_parents = reorg ? d.old_provinces : d.provinces;
  if (scale != 'S') {
    for (int i = 0; i < kDistricts; ++i) {
      std::snprintf(code, sizeof code, "D%03d", i);
      OrgUnitId parent = district_parents[static_cast<size_t>(i) % district_parents.size()];
      d.districts.push_back(add(OrgKind::kDistrict, parent, code,
                                std::string("Huyện ") + code + " (" + province_name[parent] + ")"));
      if (reorg) d.units.back().valid_to = kLastOld;
    }
  }
  const size_t np = d.provinces.size();
  if (scale == 'L') {
    std::vector<OrgUnitId> new_communes;
    if (reorg) {
      for (int k = 0; k < kNewCommunes; ++k) {
        std::snprintf(code, sizeof code, "N%04d", k);
        OrgUnitId parent = d.provinces[static_cast<size_t>(k) % np];
        new_communes.push_back(add(OrgKind::kCommune, parent, code,
                                   std::string("Xã ") + code + " (" + province_name[parent] + ")"));
        d.units.back().valid_from = kFirstNew;
        d.reporters.push_back({new_communes.back(), kSwitchMonth, kMonths - 1});
        d.current_leaves.push_back(new_communes.back());
      }
    }
    const size_t per_province = static_cast<size_t>(kNewCommunes) / np;
    for (int i = 0; i < kCommunes; ++i) {
      std::snprintf(code, sizeof code, "C%05d", i);
      OrgUnitId c = add(OrgKind::kCommune, d.districts[static_cast<size_t>(i % kDistricts)], code,
                        std::string("Xã ") + code);
      if (reorg) {
        // Into a new commune of the province its old province went into.
        const size_t q =
            frame.into[static_cast<size_t>(i % kDistricts) % frame.old_provinces.size()];
        d.units.back().valid_to = kLastOld;
        d.units.back().successors = {
            new_communes[q + np * (static_cast<size_t>(i / kDistricts) % per_province)]};
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
  // The units a yearly total adds up over. The benchmarks keep their first definition; a
  // program's targets count the units reporting in a month (with the reform, the old ones).
  double leaves = scale == 'L' ? kCommunes : static_cast<double>(d.reporters.size());
  if (mix == IndicatorMix::kProgram) {
    leaves = static_cast<double>(std::count_if(d.reporters.begin(), d.reporters.end(),
                                               [](const Reporter& r) { return r.first == 0; }));
  }
  for (int i = 0; i < kIndicators; ++i) {
    analytics::Indicator ind;
    ind.id = i + 1;
    ind.code = "i" + std::to_string(i + 1);
    ind.name = ind.code;
    const bool flow = i < 140 || (mix == IndicatorMix::kProgram && i >= 180);
    if (flow) {  // flows: jobs created, trainees, beneficiaries paid …
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

}  // namespace wp::analytics::synthetic
