#pragma once
// Who may do what (pure rules, no I/O). Roles of issue 3: admin (everything, accounts, audit),
// planner (the Ministry's planning and office staff: every unit, manages programs), editor and
// approver (their unit and the units below it), viewer (reads; its unit's scope when it has a
// unit, everything otherwise).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/org.hpp"

namespace wp::domain {

enum class Role { kAdmin, kPlanner, kEditor, kApprover, kViewer };
const char* RoleName(Role r);  // "admin", "planner", "editor", "approver", "viewer"
std::optional<Role> ParseRole(std::string_view s);
// True for the roles that act for one unit and must name it.
bool RoleNeedsUnit(Role r);

using UserId = int64_t;

// The authenticated caller of a use case.
struct Principal {
  UserId user_id = 0;
  std::string username;
  Role role = Role::kViewer;
  std::optional<OrgUnitId> unit;
};

// Things that are allowed by role alone.
enum class Permission {
  kReadPublished,   // published programs, targets, the organisation
  kReadDrafts,      // programs not yet published
  kManagePrograms,  // import, replace a draft, publish
  kManageUsers,     // accounts and their tokens
  kReadAudit,
  kReadMetrics,  // the server's operating figures (/metrics)
};
bool Can(const Principal& who, Permission what);

// True when `who` sees every unit (admin, planner, a viewer without a unit).
bool SeesAllUnits(const Principal& who);

// True when `unit` lies within `who`'s scope on `at`: everything for those who see all units,
// otherwise the principal's unit and the units below it, following what the principal's unit
// was on `at` (a unit that has since merged keeps the data of the unit it became).
bool InScope(const Principal& who, OrgUnitId unit, const OrgRegistry& registry,
             const core::CivilDate& at);

// True when `who`'s unit lies strictly above `unit` in the hierarchy on `at`, both units existing
// then. Succession never counts: the Hà Nội formed on 1/7/2025 may read and continue the old Hà
// Nội's reports (InScope) but is not above them, so it may not act on them as a superior would.
bool IsAbove(const Principal& who, OrgUnitId unit, const OrgRegistry& registry,
             const core::CivilDate& at);

}  // namespace wp::domain
