#pragma once
// Names of organisation units a decision may mention, with the group phrases that stand for
// many units ("Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố"). The binder uses them
// to find where a unit name ends inside a sentence; the versioned registry (store) resolves
// them to units. Pure data.

#include <string>
#include <string_view>
#include <vector>

namespace wp::domain {

enum class UnitNameKind {
  kUnit,     // one unit: "Cục Việc làm"
  kGroup,    // stands for many: "các đơn vị thuộc và trực thuộc Bộ"
  kGeneric,  // an unnamed set the text leaves open: "các cơ quan, đơn vị liên quan"
};

struct UnitName {
  std::string name;  // canonical spelling
  UnitNameKind kind = UnitNameKind::kUnit;
  std::vector<std::string> aliases;  // other spellings and abbreviations
};

// The Ministry of Labour, Invalids and Social Affairs (MOLISA) units of DOMAIN.md §3, the
// provincial-department group phrases, and common generic phrases.
const std::vector<UnitName>& MolisaUnitNames();

// Words that begin a unit name in Vietnamese administrative writing ("Vụ", "Cục", "Sở", …),
// and person titles that stand for their unit ("Giám đốc Sở …").
bool StartsWithUnitHead(std::string_view s);

}  // namespace wp::domain
