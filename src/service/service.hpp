#pragma once
// The use cases of workplan, one class over a Store and the organisation: sign-in, accounts and
// API tokens; importing, publishing and reading programs; the organisation at a date; the audit
// log and its verification. Every call that reads or writes on behalf of someone takes the
// Principal it acts for and checks its permission and unit scope first; every write goes to the
// store with its audit event in the same transaction. Thread-safe: the server calls it from
// several threads.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"
#include "store/store.hpp"

namespace wp::ingest {
class UnitResolver;
}

namespace wp::service {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct ServiceOptions {
  std::chrono::seconds session_ttl{8 * 3600};
  int login_failures_allowed = 5;  // per username and client within the window
  std::chrono::seconds login_window{15 * 60};
  size_t max_decision_bytes = 8u << 20;
  Clock clock = [] { return std::chrono::system_clock::now(); };
};

// Where the first organisation comes from when the store has none (the two province tables of
// data/, as texts).
struct OrgSeed {
  std::string provinces_csv;
  std::string provinces_2025_csv;
};

// The acting principal of the command line and of first-start loading.
domain::Principal SystemPrincipal(const std::string& name);

struct LoginResult {
  std::string session_token;  // for the cookie; shown once, stored only as a hash
  std::string csrf_token;
  std::string expires_at;
  domain::Principal principal;
};

struct SessionAuth {
  domain::Principal principal;
  std::string csrf_token;
};

struct NewUser {
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::kViewer;
  std::string unit;  // an id or a code valid today; "" for none
  std::string password;
};

struct UserView {
  domain::UserId id = 0;
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::kViewer;
  std::optional<domain::OrgUnitId> unit;
  std::string unit_name;
  bool active = true;
  std::string created_at;
};

struct ImportResult {
  store::ProgramId id = 0;
  std::optional<std::string> number;
  size_t sections = 0;
  size_t targets = 0;
  size_t budgets = 0;
  size_t deadlines = 0;
  size_t unresolved_units = 0;
  size_t diagnostics = 0;
  bool replaced = false;
};

// A program as read, with the ids of its targets. Published programs never change, so they
// are kept in memory once read.
struct ProgramView {
  store::ProgramRecord record;
  std::vector<store::StoredTarget> targets;
};

// A task with the place it holds in the outline ("II.2.1#3": section and position).
struct TaskView {
  std::string id;
  const domain::Section* section = nullptr;
  const domain::Task* task = nullptr;
  size_t ord = 0;
};

struct AuditVerification {
  size_t entries = 0;
  size_t programs_checked = 0;
  size_t users_checked = 0;
  std::vector<std::string> problems;  // Vietnamese, one per finding; empty when intact
  bool ok() const { return problems.empty(); }
};

class Service {
 public:
  // Loads the organisation from the store, saving the initial one from `seed` at first start.
  static core::Result<std::unique_ptr<Service>> Open(std::unique_ptr<store::Store> store,
                                                     const OrgSeed& seed,
                                                     ServiceOptions options = {});
  ~Service();

  // Sign-in. kUnauthenticated ("bad_credentials") for a wrong name or password (the same
  // message for both), kResourceExhausted ("too_many_attempts") after repeated failures.
  core::Result<LoginResult> Login(const std::string& username, const std::string& password,
                                  const std::string& client);
  // kUnauthenticated ("session_expired") when the session is unknown or expired.
  core::Result<SessionAuth> AuthenticateSession(const std::string& session_token);
  // kUnauthenticated ("bad_token").
  core::Result<domain::Principal> AuthenticateToken(const std::string& api_token);
  core::Status Logout(const domain::Principal& who, const std::string& session_token);

  // Accounts (admin; the command line acts as the system principal).
  core::Result<UserView> CreateUser(const domain::Principal& by, const NewUser& user);
  core::Result<std::vector<UserView>> ListUsers(const domain::Principal& by);
  core::Result<UserView> Me(const domain::Principal& who);
  // Returns the token, shown once.
  core::Result<std::string> CreateApiToken(const domain::Principal& by, const std::string& name);

  // Programs. Import parses, binds and resolves units at the decision's date, and stores the
  // whole plan as a draft in one transaction.
  core::Result<ImportResult> ImportProgram(const domain::Principal& by, std::string_view text,
                                           const std::string& source_name, store::ImportMode mode);
  // kNotFound for a draft the principal may not see, kPermissionDenied for one it may see but
  // not publish, kFailedPrecondition ("program_published") when it already is.
  core::Status PublishProgram(const domain::Principal& by, store::ProgramId id);
  // Drafts only for those who manage programs.
  core::Result<std::vector<store::ProgramSummary>> ListPrograms(const domain::Principal& by);
  // kNotFound also for a draft the principal may not see.
  core::Result<std::shared_ptr<const ProgramView>> GetProgram(const domain::Principal& by,
                                                              store::ProgramId id);
  // Tasks led by `lead` (resolved at the program's date, groups expanded); without it, the
  // tasks within the principal's scope (all for those who see all units). kPermissionDenied
  // for a lead outside the principal's scope.
  core::Result<std::vector<TaskView>> Tasks(const domain::Principal& by, const ProgramView& program,
                                            std::optional<domain::OrgUnitId> lead);
  // The date a program's units are read at (its issue date, else 1 January of its year).
  static core::CivilDate ProgramDate(const store::ProgramRecord& program);

  // The organisation.
  const domain::OrgRegistry& registry() const { return registry_; }
  std::string UnitName(domain::OrgUnitId id) const;
  // A unit by id, or by code valid on `at`. kNotFound ("unit_not_found").
  core::Result<const domain::OrgUnit*> FindUnit(const std::string& id_or_code,
                                                const core::CivilDate& at) const;

  // The audit log (admin), and its verification: the hash chain from the first entry, and every
  // program's and account's stored state against the fingerprint of its newest entry.
  core::Result<std::vector<store::AuditEntry>> Audit(const domain::Principal& by, int64_t after_seq,
                                                     size_t limit);
  core::Result<AuditVerification> VerifyAudit();

  core::CivilDate Today() const;
  std::string NowIso() const;

 private:
  Service(std::unique_ptr<store::Store> store, domain::OrgRegistry registry,
          ServiceOptions options);
  core::Result<std::shared_ptr<const ProgramView>> LoadProgram(store::ProgramId id);
  store::AuditEvent Event(const domain::Principal& by, std::string action, std::string entity,
                          std::string entity_id = "") const;
  UserView ToView(const store::UserRecord& u) const;
  domain::Principal ToPrincipal(const store::UserRecord& u) const;
  bool LoginAllowed(const std::string& key);
  void RecordLoginFailure(const std::string& key);

  std::unique_ptr<store::Store> store_;
  domain::OrgRegistry registry_;
  std::unique_ptr<ingest::UnitResolver> resolver_;
  ServiceOptions options_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not tell

  std::mutex cache_mu_;
  std::map<store::ProgramId, std::shared_ptr<const ProgramView>> published_;

  std::mutex login_mu_;
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>> login_failures_;
};

// Fingerprints of stored state, recorded in audit entries and recomputed by VerifyAudit.
std::string ProgramFingerprint(const store::ProgramRecord& program);
std::string UserFingerprint(const store::UserRecord& user);

}  // namespace wp::service
