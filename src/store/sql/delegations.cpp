// Delegations (issue 18): the Minister's decision that a Thứ trưởng decides amendments over some
// areas of part II for a time. Granted and revoked each with its audit entry; never deleted.

#include <stdexcept>

#include "store/sql/sql_store.hpp"
#include "store/store_errors.hpp"

namespace wp::store::sql {
namespace {

using core::ErrorCode;

core::Error DelegationNotFound(int64_t id) {
  return core::MakeError(ErrorCode::kNotFound, "delegation_not_found",
                         "Không có ủy quyền #" + std::to_string(id));
}

core::Error DelegationRevoked(int64_t id) {
  return core::MakeError(ErrorCode::kFailedPrecondition, "delegation_revoked",
                         "Ủy quyền #" + std::to_string(id) + " đã bị thu hồi");
}

std::string JoinAreas(const std::vector<std::string>& areas) {
  std::string out;
  for (const auto& a : areas) {
    if (a.empty()) continue;
    if (!out.empty()) out += ' ';
    out += a;
  }
  return out;
}

std::vector<std::string> SplitAreas(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

constexpr const char* kSelectDelegation =
    "SELECT id, grantee_id, granted_by, areas, valid_from, valid_to, revoked_at, created_at "
    "FROM delegations";

domain::Delegation ReadDelegation(Statement& q) {
  domain::Delegation d;
  std::string areas;
  std::optional<core::CivilDate> from;
  q.Get(0, d.id, d.grantee, d.granted_by, areas, from, d.valid_to, d.revoked_at, d.created_at);
  if (!from) throw std::runtime_error("delegation " + std::to_string(d.id) + " cannot be read");
  d.valid_from = *from;
  d.areas = SplitAreas(areas);
  return d;
}

}  // namespace

core::Result<domain::Delegation> SqlStore::PutDelegation(const domain::Delegation& next,
                                                         const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<domain::Delegation> {
    domain::Delegation d = next;
    d.revoked_at.reset();
    if (d.created_at.empty()) d.created_at = audit.at;
    for (domain::UserId u : {d.grantee, d.granted_by}) {
      auto& q = c.Query("SELECT 1 FROM users WHERE id = ?", u);
      if (!q.Step()) return tl::unexpected(UserNotFound());
      while (q.Step()) {
      }
    }
    auto& q = c.Query(
        "INSERT INTO delegations(grantee_id, granted_by, areas, valid_from, valid_to, "
        "created_at) VALUES (?,?,?,?,?,?) RETURNING id",
        d.grantee, d.granted_by, JoinAreas(d.areas), d.valid_from, d.valid_to, d.created_at);
    if (!q.Step()) throw std::runtime_error("delegation insert returned no id");
    d.id = q.Int(0);
    while (q.Step()) {
    }
    AppendAudit(c, audit, std::to_string(d.id));
    return d;
  });
}

core::Result<std::vector<domain::Delegation>> SqlStore::ListDelegations(
    std::optional<domain::UserId> grantee) {
  return Read([&](Connection& c) -> core::Result<std::vector<domain::Delegation>> {
    std::vector<domain::Delegation> out;
    if (grantee) {
      auto& q =
          c.Query(std::string(kSelectDelegation) + " WHERE grantee_id = ? ORDER BY id", *grantee);
      while (q.Step()) out.push_back(ReadDelegation(q));
    } else {
      auto& q = c.Prepare(std::string(kSelectDelegation) + " ORDER BY id");
      while (q.Step()) out.push_back(ReadDelegation(q));
    }
    return out;
  });
}

core::Status SqlStore::RevokeDelegation(int64_t id, const std::string& at,
                                        const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    {
      auto& q = c.Query(std::string("SELECT revoked_at FROM delegations WHERE id = ?") +
                            std::string(c.dialect().for_update),
                        id);
      if (!q.Step()) return tl::unexpected(DelegationNotFound(id));
      bool revoked = !q.IsNull(0);
      while (q.Step()) {
      }
      if (revoked) return tl::unexpected(DelegationRevoked(id));
    }
    c.Query("UPDATE delegations SET revoked_at = ? WHERE id = ?", at, id).Exec();
    AppendAudit(c, audit, std::to_string(id));
    return {};
  });
}

}  // namespace wp::store::sql
