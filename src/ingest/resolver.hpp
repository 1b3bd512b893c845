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

namespace wp::ingest {

enum class Resolution {
  kUnit,         // one unit
  kGroup,        // several units named by one phrase
  kApproximate,  // one unit, written with a small typo
  kGeneric,      // an open set the text does not name ("các cơ quan, đơn vị liên quan")
  kUnresolved,   // not understood
};
const char* ResolutionName(
    Resolution r);  // "unit", "group", "approximate", "generic", "unresolved"

struct ResolvedName {
  std::string written;
  Resolution resolution = Resolution::kUnresolved;
  std::vector<domain::OrgUnitId> units;
};

class UnitResolver {
 public:
  explicit UnitResolver(const domain::OrgRegistry& registry);

  ResolvedName Resolve(std::string_view written, const core::CivilDate& at) const;

 private:
  struct Entry {
    std::string key;  // FoldKey of a name or alias
    domain::OrgUnitId id;
  };
  const domain::OrgRegistry& registry_;
  std::vector<Entry> entries_;  // sorted by key
};

// Edit distance between two strings of code points, stopping early above `limit`.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit);

}  // namespace wp::ingest
