#pragma once
// The repository workplan keeps its state in, behind one interface with an embedded SQLite
// implementation (store/sqlite) and a PostgreSQL one (store/postgres) for several servers
// sharing one database. Every function states what it returns on failure; every write is one
// transaction: it is all stored or nothing is, and every audited write appends its audit entry
// in that same transaction, chained by hash to the entry before it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"

namespace wp::store {

using ProgramId = int64_t;

enum class ProgramStatus { kDraft, kPublished };
const char* ProgramStatusName(ProgramStatus s);  // "draft" | "published"

// A decision as stored: its plan (with units resolved), its text, and its state.
struct ProgramRecord {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  domain::PlanDraft plan;
  std::string source_name;  // file name or "-"
  std::string source_text;  // the decision as received
  std::string source_sha256;
  std::string created_at;  // ISO 8601 UTC
  std::optional<std::string> published_at;
};

struct ProgramSummary {
  ProgramId id = 0;
  ProgramStatus status = ProgramStatus::kDraft;
  std::optional<std::string> number;
  std::optional<core::CivilDate> issued_date;
  std::optional<std::string> title;
  std::optional<int> year;
  size_t targets = 0;
  size_t sections = 0;
};

struct StoredTarget {
  int64_t id = 0;
  domain::Target target;
};

enum class ImportMode {
  kNew,           // refuse a decision number that is already stored
  kReplaceDraft,  // replace the draft with the same number; refuse a published one
};

// An account. The password is kept only as an argon2id hash string (libsodium's format).
struct UserRecord {
  domain::UserId id = 0;
  std::string username;  // unique, compared as stored (the service lower-cases it)
  std::string display_name;
  domain::Role role = domain::Role::kViewer;
  std::optional<domain::OrgUnitId> unit;
  std::string password_hash;
  bool active = true;
  std::string created_at;
};

// A signed-in browser session. The cookie's token is stored only as its SHA-256.
struct SessionRecord {
  std::string token_hash;
  domain::UserId user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;  // ISO 8601 UTC; compared as text
};

// A token for machine clients ("Authorization: Bearer …"), stored only as its SHA-256.
struct ApiTokenRecord {
  int64_t id = 0;
  domain::UserId user_id = 0;
  std::string name;
  std::string token_hash;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// What a write records about itself. `before` and `after` are JSON object texts ("" for none).
struct AuditEvent {
  std::string at;  // ISO 8601 UTC
  std::optional<domain::UserId> actor_id;
  std::string actor;   // username, or "system" / "cli:<os user>"
  std::string action;  // "program.import", "program.publish", "user.create", …
  std::string entity;  // "program", "user", "session", "api_token"
  std::string entity_id;
  std::string before;
  std::string after;
};

// An entry of the append-only log: the event, its position, and the chain. `hash` is
// AuditHash(entry) over every other field including `prev_hash`; the first entry's prev_hash is
// 64 zeros.
struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3 … without gaps
  AuditEvent event;
  std::string prev_hash;
  std::string hash;
};

// The hash of an entry as the chain defines it (lower-case hex SHA-256 of its fields, each
// length-prefixed, in a fixed order). Every store computes it the same way, here.
std::string AuditHash(const AuditEntry& entry);
inline const std::string kAuditGenesisHash(64, '0');

class Store {
 public:
  virtual ~Store() = default;

  // The organisation. SaveOrgUnits replaces all units in one transaction (first start).
  virtual core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) = 0;
  // Empty when none were saved yet.
  virtual core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() = 0;

  // Stores a whole program as a draft and appends `audit` (its entity_id is filled with the
  // new id when empty). Fails with kAlreadyExists (reason "program_exists")
  // when its number is stored and `mode` does not allow replacing it, kFailedPrecondition
  // ("program_published") when replacing a published one.
  virtual core::Result<ProgramId> InsertProgram(const ProgramRecord& program, ImportMode mode,
                                                const AuditEvent& audit) = 0;
  // kNotFound ("program_not_found").
  virtual core::Result<ProgramRecord> GetProgram(ProgramId id) = 0;
  virtual core::Result<std::vector<ProgramSummary>> ListPrograms() = 0;
  // Makes a draft official. kNotFound; kFailedPrecondition ("program_published") if it already is.
  virtual core::Status PublishProgram(ProgramId id, const std::string& at,
                                      const AuditEvent& audit) = 0;
  // Targets of a program in document order, with their ids. kNotFound.
  virtual core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) = 0;

  // Accounts. CreateUser fails with kAlreadyExists ("user_exists") for a taken username; the
  // audit entry's entity_id is filled with the new id when empty.
  virtual core::Result<domain::UserId> CreateUser(const UserRecord& user,
                                                  const AuditEvent& audit) = 0;
  // kNotFound ("user_not_found").
  virtual core::Result<UserRecord> FindUser(const std::string& username) = 0;
  virtual core::Result<UserRecord> GetUser(domain::UserId id) = 0;
  virtual core::Result<std::vector<UserRecord>> ListUsers() = 0;  // by username
  // Replaces role, unit, display name, password hash and active flag. kNotFound.
  virtual core::Status UpdateUser(const UserRecord& user, const AuditEvent& audit) = 0;

  // Sessions. FindSession: kNotFound ("session_not_found") also when expired at `now`.
  virtual core::Status CreateSession(const SessionRecord& session, const AuditEvent& audit) = 0;
  virtual core::Result<SessionRecord> FindSession(const std::string& token_hash,
                                                  const std::string& now) = 0;
  // Deleting a session that does not exist succeeds (logout is idempotent) and audits nothing.
  virtual core::Status DeleteSession(const std::string& token_hash, const AuditEvent& audit) = 0;

  // API tokens. FindApiToken: kNotFound ("token_not_found") also when revoked.
  virtual core::Result<int64_t> CreateApiToken(const ApiTokenRecord& token,
                                               const AuditEvent& audit) = 0;
  virtual core::Result<ApiTokenRecord> FindApiToken(const std::string& token_hash) = 0;

  // The audit log in order, from the entry after `after_seq`, at most `limit` entries.
  virtual core::Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, size_t limit) = 0;
  // The newest entry about one entity, if any.
  virtual core::Result<std::optional<AuditEntry>> LastAuditOf(const std::string& entity,
                                                              const std::string& entity_id) = 0;
};

// Opens (creating if needed) a store from a URL: "sqlite:PATH" (or a plain path), or
// "postgresql://…" / "postgres://…" (libpq's URL). Migrations are applied at open.
// Fails with kInvalidArgument ("bad_db_url") for an unknown scheme, kUnavailable
// ("db_unavailable") when the database cannot be opened or migrated.
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace wp::store
