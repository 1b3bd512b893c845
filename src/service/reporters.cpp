#include "service/internal/reporters.hpp"

#include <algorithm>
#include <set>

namespace wp::service {

ReportingUnits::ReportingUnits(const ProgramView& program, std::span<const domain::Reporter> matrix,
                               const std::vector<store::Allocation>& allocations,
                               const domain::OrgRegistry& org)
    : matrix_(matrix), org_(org) {
  if (!matrix_.empty()) return;
  // Today's rule (programs imported before the matrix, generated ones): a form asks a unit the
  // targets allocated to it and those of the sections it leads.
  std::map<int64_t, std::set<domain::OrgUnitId>> units;
  for (const auto& a : allocations) units[a.target_id].insert(a.unit_id);
  const auto& plan = program.record.plan;
  auto leads = [&](std::set<domain::OrgUnitId>& of, const std::string& section,
                   const core::SourceSpan& span) {
    if (const auto* s = domain::SectionOf(plan, section, span)) {
      for (const auto& lead : s->resolved_leads) of.insert(lead.units.begin(), lead.units.end());
    }
  };
  for (const auto& st : program.targets) {
    auto& of = units[st.id];
    leads(of, st.target.section, st.target.span);
    // A target stated again in another section is asked of that section's leads too.
    for (const auto& m : st.mentions) leads(of, m.section, m.span);
  }
  for (auto& [target, set] : units) {
    std::vector<std::pair<std::string, domain::OrgUnitId>> keyed;
    for (auto id : set) {
      const auto* u = org_.Find(id);
      keyed.emplace_back(u ? u->code : std::string(), id);
    }
    std::sort(keyed.begin(), keyed.end());
    auto& out = fallback_[target];
    for (const auto& [code, id] : keyed) out.push_back(id);
  }
}

std::vector<domain::OrgUnitId> ReportingUnits::Of(int64_t target, const core::CivilDate& at) const {
  if (!matrix_.empty()) return domain::ReportersAt(matrix_, target, at, org_);
  auto it = fallback_.find(target);
  return it == fallback_.end() ? std::vector<domain::OrgUnitId>{} : it->second;
}

bool ReportingUnits::Reports(int64_t target, domain::OrgUnitId unit,
                             const core::CivilDate& at) const {
  if (!matrix_.empty()) return domain::ReportsAt(matrix_, target, unit, at, org_);
  auto it = fallback_.find(target);
  return it != fallback_.end() &&
         std::find(it->second.begin(), it->second.end(), unit) != it->second.end();
}

bool ReportingUnits::ReportedWithin(int64_t target, domain::OrgUnitId unit,
                                    const core::CivilDate& at) const {
  for (auto u : Of(target, at)) {
    if (u == unit || org_.IsWithin(u, unit, at)) return true;
  }
  return false;
}

}  // namespace wp::service
