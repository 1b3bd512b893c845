#pragma once
// The organisation as it was on every date: units with validity periods, parents, kinds,
// codes, names and aliases, and succession links across reorganisations (Hà Tây into Hà Nội on
// 1/8/2008; 63 provinces into 34 on 1/7/2025). "Units at date D", "what did unit X become"
// are pure queries over it; reading unit names out of decisions against it is the binder's
// (ingest/resolver.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace wp::domain {

using OrgUnitId = int64_t;

enum class OrgKind {
  kMinistry,  // Bộ
  kDepartment,  // a unit of the Ministry: Vụ, Cục, Tổng cục, Viện, Văn phòng, Thanh tra …
  kProvince,  // the provincial department (Sở) of one province or centrally-run city
  kDistrict,  // later
  kCommune,   // later
};
const char* OrgKindName(OrgKind k);  // "ministry", "department", "province", …
std::optional<OrgKind> ParseOrgKind(std::string_view s);

struct OrgUnit {
  OrgUnitId id = 0;
  std::string code;  // unique among the units valid on any one date; never reused while valid
  std::string name;
  OrgKind kind = OrgKind::kDepartment;
  std::optional<OrgUnitId> parent;
  std::optional<core::CivilDate> valid_from;  // nullopt: since before the records
  std::optional<core::CivilDate> valid_to;    // nullopt: still valid (inclusive end)
  std::vector<std::string> aliases;
  std::vector<OrgUnitId> successors;  // the units it became when it ended

  bool ValidOn(const core::CivilDate& d) const {
    return (!valid_from || *valid_from <= d) && (!valid_to || d <= *valid_to);
  }
};

// How a unit name written in a decision maps to units of the registry.
enum class NameResolution {
  kUnit,         // one unit: "Cục Việc làm", "Tổng cục dạy nghề", "Vụ KHTC"
  kGroup,        // several units named by one phrase ("Sở … các tỉnh, thành phố")
  kApproximate,  // one unit, written with a small typo
  kGeneric,      // an open set the text does not name ("các cơ quan, đơn vị liên quan")
  kUnresolved,   // not understood: kept as written, reported
};
const char* NameResolutionName(NameResolution r);  // "unit", "group", "approximate", …
std::optional<NameResolution> ParseNameResolution(std::string_view s);

struct ResolvedUnitName {
  std::string written;
  NameResolution resolution = NameResolution::kUnresolved;
  std::vector<OrgUnitId> units;
};

class OrgRegistry {
 public:
  OrgRegistry() = default;
  // Takes units whose ids are unique and whose parents and successors refer to listed units.
  explicit OrgRegistry(std::vector<OrgUnit> units);

  const std::vector<OrgUnit>& units() const { return units_; }
  const OrgUnit* Find(OrgUnitId id) const;
  // The unit with this code valid on `at`, if any.
  const OrgUnit* FindByCode(std::string_view code, const core::CivilDate& at) const;

  // Units valid on `at`, optionally of one kind, in code order.
  std::vector<const OrgUnit*> UnitsAt(const core::CivilDate& at,
                                      std::optional<OrgKind> kind = std::nullopt) const;

  // What `id` had become on `at` (itself if still valid; the successors' successors as needed;
  // several units when it was split). Empty if `at` is before the unit began.
  std::vector<OrgUnitId> BecameBy(OrgUnitId id, const core::CivilDate& at) const;

  // True when `id` is `ancestor` or lies below it, following parent links from `id` (which
  // must be valid on `at`).
  bool IsWithin(OrgUnitId id, OrgUnitId ancestor, const core::CivilDate& at) const;

 private:
  std::vector<OrgUnit> units_;
};

}  // namespace wp::domain
