#include "domain/access.hpp"

#include <algorithm>
#include <array>

#include "core/enum_names.hpp"

namespace wp::domain {
namespace {

constexpr std::array kRoleNames{"admin", "planner", "editor", "approver", "viewer", "leader"};

}  // namespace

const char* RoleName(Role r) { return core::NameIn(kRoleNames, r); }

std::optional<Role> ParseRole(std::string_view s) { return core::ValueIn<Role>(kRoleNames, s); }

bool RoleNeedsUnit(Role r) { return r == Role::kEditor || r == Role::kApprover; }

bool Can(const Principal& who, Permission what) {
  switch (what) {
    case Permission::kReadPublished:
      return true;
    case Permission::kReadDrafts:
    case Permission::kManagePrograms:
      return who.role == Role::kAdmin || who.role == Role::kPlanner;
    case Permission::kManageUsers:
    case Permission::kReadAudit:
    case Permission::kReadMetrics:
      return who.role == Role::kAdmin;
    case Permission::kWriteReports:
      return who.role != Role::kViewer && who.role != Role::kLeader;
    case Permission::kDecideReports:
      return who.role == Role::kAdmin || who.role == Role::kPlanner || who.role == Role::kApprover;
    case Permission::kReadDocuments:
      return true;
    case Permission::kEditDocuments:
    case Permission::kIssueDocuments:
      return who.role == Role::kAdmin || who.role == Role::kPlanner;
    case Permission::kProposeAmendments:
      return who.role == Role::kAdmin || who.role == Role::kPlanner || who.role == Role::kEditor ||
             who.role == Role::kApprover;
    case Permission::kReviewAmendments:
      return who.role == Role::kAdmin || who.role == Role::kPlanner;
    case Permission::kDecideAmendments:
      return who.role == Role::kLeader;
    case Permission::kGrantDelegations:
      return who.role == Role::kAdmin || who.role == Role::kLeader;
  }
  return false;
}

bool SeesAllUnits(const Principal& who) {
  return who.role == Role::kAdmin || who.role == Role::kPlanner || who.role == Role::kLeader ||
         (who.role == Role::kViewer && !who.unit);
}

bool MayDecide(const Principal& who, std::string_view title,
               std::span<const Delegation> delegations, std::span<const std::string> areas,
               const core::CivilDate& on) {
  if (!Can(who, Permission::kDecideAmendments)) return false;
  if (title == kMinisterTitle) return true;
  for (const Delegation& d : delegations) {
    if (d.grantee != who.user_id || d.revoked_at || on < d.valid_from) continue;
    if (d.valid_to && *d.valid_to < on) continue;
    if (d.areas.empty()) return true;
    bool covers = std::all_of(areas.begin(), areas.end(), [&](const std::string& a) {
      return !a.empty() && std::find(d.areas.begin(), d.areas.end(), a) != d.areas.end();
    });
    if (covers) return true;
  }
  return false;
}

bool InScope(const Principal& who, OrgUnitId unit, const OrgRegistry& registry,
             const core::CivilDate& at) {
  if (SeesAllUnits(who)) return true;
  if (!who.unit) return false;
  if (unit == *who.unit) return true;
  const OrgUnit* u = registry.Find(unit);
  const OrgUnit* mine = registry.Find(*who.unit);
  if (u == nullptr || mine == nullptr) return false;
  if (u->ValidOn(at) && mine->ValidOn(at)) return registry.IsWithin(unit, *who.unit, at);
  // Data of a unit that has since become the principal's (Hà Tây's 2008 data for Hà Nội).
  core::CivilDate since = mine->valid_from && at < *mine->valid_from ? *mine->valid_from : at;
  auto became = registry.BecameBy(unit, since);
  return std::find(became.begin(), became.end(), *who.unit) != became.end();
}

std::vector<OrgUnitId> UnitsActedFor(const Principal& who, const OrgRegistry& registry,
                                     const core::CivilDate& at) {
  if (!who.unit) return {};
  const OrgUnit* mine = registry.Find(*who.unit);
  if (mine == nullptr) return {};
  if (mine->ValidOn(at)) return {mine->id};
  if (!mine->valid_from || !(at < *mine->valid_from)) return {};  // it had ended by then
  std::vector<OrgUnitId> out;
  for (const OrgUnit* u : registry.UnitsAt(at)) {  // in code order
    auto became = registry.BecameBy(u->id, *mine->valid_from);
    if (std::find(became.begin(), became.end(), mine->id) == became.end()) continue;
    if (u->code == mine->code) {
      out.insert(out.begin(), u->id);
    } else {
      out.push_back(u->id);
    }
  }
  return out;
}

bool IsAbove(const Principal& who, OrgUnitId unit, const OrgRegistry& registry,
             const core::CivilDate& at) {
  if (!who.unit || *who.unit == unit) return false;
  const OrgUnit* u = registry.Find(unit);
  const OrgUnit* mine = registry.Find(*who.unit);
  if (u == nullptr || mine == nullptr || !u->ValidOn(at) || !mine->ValidOn(at)) return false;
  return registry.IsWithin(unit, *who.unit, at);
}

namespace {

// True when `who` acts for `unit` on `at` (its own unit, or the one it succeeded).
bool ActsFor(const Principal& who, OrgUnitId unit, const OrgRegistry& registry,
             const core::CivilDate& at) {
  if (who.unit && *who.unit == unit) return true;
  const auto units = UnitsActedFor(who, registry, at);
  return std::find(units.begin(), units.end(), unit) != units.end();
}

}  // namespace

bool MayReadDocument(const Principal& who, DocumentKind kind, OrgUnitId unit, DocumentStatus status,
                     const OrgRegistry& registry, const core::CivilDate& at) {
  if (!Can(who, Permission::kReadDocuments)) return false;
  if (kind == DocumentKind::kUnit) return InScope(who, unit, registry, at);
  return status == DocumentStatus::kIssued || SeesAllUnits(who);
}

bool MayEditDocument(const Principal& who, DocumentKind kind, OrgUnitId unit,
                     const OrgRegistry& registry, const core::CivilDate& at) {
  if (Can(who, Permission::kEditDocuments)) return true;
  return kind == DocumentKind::kUnit &&
         (who.role == Role::kEditor || who.role == Role::kApprover) &&
         ActsFor(who, unit, registry, at);
}

bool MayIssueDocument(const Principal& who, DocumentKind kind, OrgUnitId unit,
                      const OrgRegistry& registry, const core::CivilDate& at) {
  if (Can(who, Permission::kIssueDocuments)) return true;
  return kind == DocumentKind::kUnit && who.role == Role::kApprover &&
         ActsFor(who, unit, registry, at);
}

}  // namespace wp::domain
