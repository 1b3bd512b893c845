#pragma once
// Reads unit names as a decision writes them against the organisation of the decision's date:
// case, dash and spacing variants, aliases ("Vụ KHTC"), person titles ("Giám đốc Sở …"), small
// typos, and group phrases that stand for many units ("Sở Lao động – Thương binh và Xã hội các
// tỉnh, thành phố" = every provincial department existing that day). What it cannot read stays
// as written, marked unresolved, for a person to settle.

#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"

namespace wp::ingest {

using Resolution = domain::NameResolution;
using ResolvedName = domain::ResolvedUnitName;
inline const char* ResolutionName(Resolution r) { return domain::NameResolutionName(r); }

class UnitResolver {
 public:
  explicit UnitResolver(const domain::OrgRegistry& registry);

  ResolvedName Resolve(std::string_view written, const core::CivilDate& at) const;
  // A unit named by its code ("VL", as the indicator catalogue names a consolidator) at a date;
  // unresolved when no unit valid then has it.
  ResolvedName ResolveCode(std::string_view code, const core::CivilDate& at) const;
  std::string UnitName(domain::OrgUnitId id) const;

 private:
  struct Entry {
    std::string key;  // FoldKey of a name or alias
    domain::OrgUnitId id;
  };
  const domain::OrgRegistry& registry_;
  std::vector<Entry> entries_;  // sorted by key
};

// Resolves every lead and coordinating unit of the plan's sections and tasks at the decision's
// date (1 January of the program year when the date is unknown), filling their resolved_*
// lists, and the units each target's proposed reporters and consolidator name (a name, or a unit
// code from the indicator catalogue; groups stay groups); each name not understood adds an
// "unit_unresolved" warning, each typo read as a unit an "unit_approximate" note. Reports how
// many names were not understood.
size_t ResolvePlanUnits(domain::PlanDraft& plan, const UnitResolver& resolver);

// Edit distance between two strings of code points, stopping early above `limit`.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit);

}  // namespace wp::ingest
