#pragma once
// Who may do what (pure rules, no I/O). Roles of issue 3: admin (everything, accounts, audit),
// planner (the Ministry's planning and office staff: every unit, manages programs), editor and
// approver (their unit and the units below it), viewer (reads; its unit's scope when it has a
// unit, everything otherwise). Issue 18: leader (Lãnh đạo Bộ: the Minister and the Thứ trưởng;
// reads everything as a viewer without a unit, writes no report, and decides amendments of a
// published program — the Minister any, a Thứ trưởng those its delegations cover).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "domain/document.hpp"
#include "domain/org.hpp"

namespace wp::domain {

enum class Role { kAdmin, kPlanner, kEditor, kApprover, kViewer, kLeader };
// "admin", "planner", "editor", "approver", "viewer", "leader"
const char* RoleName(Role r);
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
  // Checked by role before a request's body is read; the unit's scope is the service's.
  kWriteReports,   // save, submit, check a report (not a viewer)
  kDecideReports,  // approve, return, reopen (an approver, a planner, an admin)
  // The papers of issue 17. Reading: everyone who reads published programs (leaders, viewers,
  // read drafts: they sign); which documents, MayReadDocument says. Editing (generate,
  // regenerate, edit, resolve) and issuing any document: planners and admins; a unit's editor
  // or approver edits its own unit's report, as MayEditDocument says.
  kReadDocuments,
  kEditDocuments,
  kIssueDocuments,
  // Issue 18: amendments of a published program. Proposing: editors and approvers (for their
  // unit: the service checks the unit leads the item or consolidates the target), planners and
  // admins (for any unit). Reviewing (forward with an opinion, return): planners and admins.
  // Deciding (approve, refuse): leaders only — never an admin, it is the Minister's act —, and
  // a Thứ trưởng only under a delegation (MayDecide). Granting delegations: admins (recording
  // the Minister's decision) and leaders (the service lets only one titled kMinisterTitle).
  kProposeAmendments,
  kReviewAmendments,
  kDecideAmendments,
  kGrantDelegations,
};
bool Can(const Principal& who, Permission what);

// The title that decides every amendment without a delegation.
inline constexpr std::string_view kMinisterTitle = "Bộ trưởng";

// A Thứ trưởng in charge of some areas (phụ trách lĩnh vực): the Minister, or an admin who
// records the Minister's decision, delegates to a leader the decision of amendments over
// `areas` (part-II area keys "II.2"; empty = every area) from `valid_from` to `valid_to`
// (inclusive; none = open), unless revoked.
struct Delegation {
  int64_t id = 0;
  UserId grantee = 0;
  UserId granted_by = 0;
  std::vector<std::string> areas;
  core::CivilDate valid_from;
  std::optional<core::CivilDate> valid_to;
  std::optional<std::string> revoked_at;  // ISO 8601 UTC
  std::string created_at;
};

// True when `who` (a user whose title — users.title — is `title`) may approve or refuse an
// amendment whose changed items lie in `areas` (AreaOfItem of each; "" for a part-I item, which
// only the Minister or an all-areas delegation covers) on `on`: a leader titled kMinisterTitle
// always; another leader when one of its own unrevoked delegations valid on `on` covers every
// area. Never anyone else.
bool MayDecide(const Principal& who, std::string_view title,
               std::span<const Delegation> delegations, std::span<const std::string> areas,
               const core::CivilDate& on);

// True when `who` sees every unit (admin, planner, a viewer without a unit).
bool SeesAllUnits(const Principal& who);

// True when `unit` lies within `who`'s scope on `at`: everything for those who see all units,
// otherwise the principal's unit and the units below it, following what the principal's unit
// was on `at` (a unit that has since merged keeps the data of the unit it became).
bool InScope(const Principal& who, OrgUnitId unit, const OrgRegistry& registry,
             const core::CivilDate& at);

// The units `who` acts for on `at`: its unit while it exists; before it was formed, the units
// of that day that became it (the Hà Nội of 2025 acts for the Hà Nội of 2012; the new Đà Nẵng for
// the old Đà Nẵng and Quảng Nam), the one with the same code first, then by code. Empty without
// a unit, or for a unit that had ended by `at` (Hà Tây's accounts in 2012). What they show by
// default (a dashboard, figures); the rights stay InScope's.
std::vector<OrgUnitId> UnitsActedFor(const Principal& who, const OrgRegistry& registry,
                                     const core::CivilDate& at);

// True when `who`'s unit lies strictly above `unit` in the hierarchy on `at`, both units existing
// then. Succession never counts: the Hà Nội formed on 1/7/2025 may read and continue the old Hà
// Nội's reports (InScope) but is not above them, so it may not act on them as a superior would.
bool IsAbove(const Principal& who, OrgUnitId unit, const OrgRegistry& registry,
             const core::CivilDate& at);

// Documents (issue 17), of `kind`, issued by `unit` (the Ministry's office for the consolidated
// report, the unit itself for its own report), on `at`:
// - read: a unit's report by whoever has the unit in scope (InScope); the consolidated report,
//   issued, by every reader; as a draft, by those who see all units (admins, planners, leaders).
bool MayReadDocument(const Principal& who, DocumentKind kind, OrgUnitId unit, DocumentStatus status,
                     const OrgRegistry& registry, const core::CivilDate& at);
// - generate, regenerate, edit, resolve: planners and admins (kEditDocuments); a unit's own
//   report also by an editor or approver acting for that unit (UnitsActedFor), not one above it.
bool MayEditDocument(const Principal& who, DocumentKind kind, OrgUnitId unit,
                     const OrgRegistry& registry, const core::CivilDate& at);
// - issue: planners and admins (kIssueDocuments); a unit's own report also by an approver acting
//   for that unit.
bool MayIssueDocument(const Principal& who, DocumentKind kind, OrgUnitId unit,
                      const OrgRegistry& registry, const core::CivilDate& at);

}  // namespace wp::domain
