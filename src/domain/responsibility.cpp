#include "domain/responsibility.hpp"

#include <algorithm>
#include <array>

#include "core/enum_names.hpp"

namespace wp::domain {

namespace {
constexpr std::array kRoleNames{"reports", "consolidates"};
constexpr std::array kSourceNames{"proposed", "planner"};

OrgKind KindOf(ReporterGroup g) {
  return g == ReporterGroup::kProvinces ? OrgKind::kProvince : OrgKind::kDepartment;
}
}  // namespace

const char* ReporterRoleName(ReporterRole r) { return core::NameIn(kRoleNames, r); }
std::optional<ReporterRole> ParseReporterRole(std::string_view s) {
  return core::ValueIn<ReporterRole>(kRoleNames, s);
}
const char* ReporterSourceName(ReporterSource s) { return core::NameIn(kSourceNames, s); }
std::optional<ReporterSource> ParseReporterSource(std::string_view s) {
  return core::ValueIn<ReporterSource>(kSourceNames, s);
}

bool Covers(const Reporter& r, OrgUnitId unit, const core::CivilDate& at, const OrgRegistry& org) {
  if (r.role != ReporterRole::kReports || !r.ValidOn(at)) return false;
  if (r.unit) return *r.unit == unit;
  if (!r.group) return false;
  const OrgUnit* u = org.Find(unit);
  return u && u->ValidOn(at) && u->kind == KindOf(*r.group);
}

bool ReportsAt(std::span<const Reporter> reporters, int64_t target_id, OrgUnitId unit,
               const core::CivilDate& at, const OrgRegistry& org) {
  return std::any_of(reporters.begin(), reporters.end(), [&](const Reporter& r) {
    return r.target_id == target_id && Covers(r, unit, at, org);
  });
}

std::vector<OrgUnitId> ReportersAt(std::span<const Reporter> reporters, int64_t target_id,
                                   const core::CivilDate& at, const OrgRegistry& org) {
  std::vector<OrgUnitId> out;
  bool any = false;
  for (const auto& r : reporters) {
    if (r.target_id != target_id || r.role != ReporterRole::kReports || !r.ValidOn(at)) continue;
    any = true;
    if (r.unit) {
      out.push_back(*r.unit);
    } else if (r.group) {
      for (const OrgUnit* u : org.UnitsAt(at, KindOf(*r.group))) out.push_back(u->id);
    }
  }
  if (!any) return out;
  // The registry's code order, without duplicates (a unit named and also in its group).
  std::vector<std::pair<std::string, OrgUnitId>> keyed;
  for (OrgUnitId id : out) {
    const OrgUnit* u = org.Find(id);
    keyed.emplace_back(u ? u->code : std::string(), id);
  }
  std::sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());
  out.clear();
  for (const auto& [code, id] : keyed) out.push_back(id);
  return out;
}

std::optional<OrgUnitId> ConsolidatorAt(std::span<const Reporter> reporters, int64_t target_id,
                                        const core::CivilDate& at) {
  for (const auto& r : reporters) {
    if (r.target_id == target_id && r.role == ReporterRole::kConsolidates && r.unit &&
        r.ValidOn(at)) {
      return r.unit;
    }
  }
  return std::nullopt;
}

}  // namespace wp::domain
