#pragma once
// Who reports what (issue 16's responsibility matrix): for each target of a published program,
// the units or groups of units that report it, at which frequency, which unit consolidates it,
// and from when to when that holds (a change is made effective from a date; nothing is
// overwritten). Groups are expanded at each period's date, like obligations: Hà Tây reports as a
// province until 31/7/2008, never after.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"

namespace wp::domain {

enum class ReporterRole { kReports, kConsolidates };
const char* ReporterRoleName(ReporterRole r);  // "reports", "consolidates"
std::optional<ReporterRole> ParseReporterRole(std::string_view s);

enum class ReporterSource { kProposed, kPlanner };  // read from the decision, or set by a planner
const char* ReporterSourceName(ReporterSource s);   // "proposed", "planner"
std::optional<ReporterSource> ParseReporterSource(std::string_view s);

struct Reporter {
  int64_t target_id = 0;          // the store's target id
  std::optional<OrgUnitId> unit;  // exactly one of unit and group is set
  std::optional<ReporterGroup> group;
  ReporterRole role = ReporterRole::kReports;
  std::optional<Frequency> frequency;  // nullopt: in every periodic report the unit sends
  core::CivilDate valid_from;
  std::optional<core::CivilDate> valid_to;  // inclusive; nullopt: still in force
  ReporterSource source = ReporterSource::kProposed;
  std::string rule;  // the binder's rule for a proposal ("leads", "fund" …); "" for a planner's

  bool ValidOn(const core::CivilDate& d) const {
    return valid_from <= d && (!valid_to || d <= *valid_to);
  }
};

// True when `r` makes `unit` report on `at`: r is valid on `at` and names the unit, or a group
// the unit belongs to on `at` (a province valid on `at`; a department of the Ministry).
bool Covers(const Reporter& r, OrgUnitId unit, const core::CivilDate& at, const OrgRegistry& org);

// True when some reporter of `target_id` among `reporters` makes `unit` report it on `at`.
bool ReportsAt(std::span<const Reporter> reporters, int64_t target_id, OrgUnitId unit,
               const core::CivilDate& at, const OrgRegistry& org);

// The units that report `target_id` on `at`, groups expanded, in the registry's code order,
// without duplicates (the coverage's "expected").
std::vector<OrgUnitId> ReportersAt(std::span<const Reporter> reporters, int64_t target_id,
                                   const core::CivilDate& at, const OrgRegistry& org);

// The unit that consolidates `target_id` on `at`, if one is named.
std::optional<OrgUnitId> ConsolidatorAt(std::span<const Reporter> reporters, int64_t target_id,
                                        const core::CivilDate& at);

}  // namespace wp::domain
