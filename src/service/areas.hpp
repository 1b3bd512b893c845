#pragma once
// The areas of a program (the items of its part II: "II.1" … "II.14") and the one rule placing
// each target in one of them (issue 17), shared by the consolidated report and the briefing pack
// so that the two papers never put one target under different areas. Pure.
//
// The rule: a target belongs to the area of part II it is stated in, else to the area of its
// first mention in part II (I.1's "tạo việc làm" restated in II.2.1 is II.2's); a section-I
// target no item of part II restates goes to the area the binder read its reporters from
// ("area:II.5.1"), else to the area its owner (the unit answering for it in the matrix) leads
// with the fewest others, else to the area most of its section-I siblings went to (the first of
// those in program order); else to none ("").

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/org.hpp"
#include "domain/plan.hpp"
#include "service/programs.hpp"
#include "service/responsibilities.hpp"

namespace wp::service {

// The area a section number lies in: "II.2.1" → "II.2"; "" outside part II.
std::string AreaOfSection(std::string_view number);

// An item of part II with the Ministry's units leading it or its subsections, first named
// first, and whether the provinces lead too ("Sở Lao động - Thương binh và Xã hội các tỉnh").
struct ProgramArea {
  std::string section, title;
  const domain::Section* source = nullptr;
  std::vector<domain::OrgUnitId> leads;
  bool provinces_lead = false;
};
// In program order. `registry` tells the provinces among the leads (null: none is).
std::vector<ProgramArea> ProgramAreas(const domain::PlanDraft& plan,
                                      const domain::OrgRegistry* registry);

// The Ministry unit answering for each target in the matrix: its consolidating unit, else its one
// named reporting unit (a whole class — provinces, every department — names nobody).
std::map<int64_t, domain::OrgUnitId> TargetOwners(const MatrixView& matrix);

// Every target of the program (`program.targets`) placed by the rule above: target id → area
// ("II.2"), "" for a target no area claims. `owners` as TargetOwners gives them (may be empty).
std::map<int64_t, std::string> PlaceTargets(const ProgramView& program,
                                            const std::vector<ProgramArea>& areas,
                                            const std::map<int64_t, domain::OrgUnitId>& owners);

// The area each Ministry unit answers for: of the areas it leads, the one it leads with the
// fewest others (an item every unit leads says nothing of whose it is), the first of those in
// program order; a unit leading only such items has none. Where a Ministry unit's passages go
// in the consolidated report.
std::map<domain::OrgUnitId, std::string> UnitAreas(const std::vector<ProgramArea>& areas);

}  // namespace wp::service
