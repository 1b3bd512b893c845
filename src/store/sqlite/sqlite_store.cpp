#include "store/sqlite/sqlite_store.hpp"
#include "store/lines.hpp"

#include <map>
#include <mutex>

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sqlite/migrations.hpp"
#include "store/store_errors.hpp"

namespace wp::store {
namespace {

// SQLiteCpp reports failures as exceptions; they end at this module's boundary as Errors.
core::Error FromException(const std::exception& e) { return DbUnavailable(e); }

template <typename T>
void BindOpt(SQLite::Statement& q, int i, const std::optional<T>& v) {
  if (v) {
    q.bind(i, *v);
  } else {
    q.bind(i);
  }
}

void BindDate(SQLite::Statement& q, int i, const std::optional<core::CivilDate>& d) {
  if (d) {
    q.bind(i, d->ToIso());
  } else {
    q.bind(i);
  }
}

void BindSpan(SQLite::Statement& q, int first, const core::SourceSpan& s) {
  q.bind(first, static_cast<int64_t>(s.line));
  q.bind(first + 1, static_cast<int64_t>(s.column));
  q.bind(first + 2, static_cast<int64_t>(s.offset));
  q.bind(first + 3, static_cast<int64_t>(s.length));
}

core::SourceSpan ReadSpan(SQLite::Statement& q, int first) {
  core::SourceSpan s;
  s.line = static_cast<uint32_t>(q.getColumn(first).getInt64());
  s.column = static_cast<uint32_t>(q.getColumn(first + 1).getInt64());
  s.offset = static_cast<uint32_t>(q.getColumn(first + 2).getInt64());
  s.length = static_cast<uint32_t>(q.getColumn(first + 3).getInt64());
  return s;
}

std::optional<std::string> OptText(SQLite::Statement& q, int i) {
  auto c = q.getColumn(i);
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

std::optional<core::CivilDate> OptDate(SQLite::Statement& q, int i) {
  auto t = OptText(q, i);
  if (!t) return std::nullopt;
  return core::ParseIsoDate(*t);
}

std::optional<int64_t> OptInt(SQLite::Statement& q, int i) {
  auto c = q.getColumn(i);
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path)
      : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX) {
    // First, so that servers opening a new file at the same moment wait for each other.
    db_.setBusyTimeout(5000);
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=FULL");  // an acknowledged write survives a crash
    db_.exec("PRAGMA foreign_keys=ON");
    Migrate();
  }

  core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) override try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    db_.exec("DELETE FROM org_successions; DELETE FROM org_unit_aliases; DELETE FROM org_units;");
    SQLite::Statement unit(
        db_,
        "INSERT INTO org_units(id, code, name, kind, parent_id, valid_from, valid_to) "
        "VALUES (?,?,?,?,?,?,?)");
    // Units first, then parent links: a parent may come later in the list.
    for (const auto& u : units) {
      unit.reset();
      unit.bind(1, u.id);
      unit.bind(2, u.code);
      unit.bind(3, u.name);
      unit.bind(4, domain::OrgKindName(u.kind));
      unit.bind(5);
      BindDate(unit, 6, u.valid_from);
      BindDate(unit, 7, u.valid_to);
      unit.exec();
    }
    SQLite::Statement parent(db_, "UPDATE org_units SET parent_id = ? WHERE id = ?");
    SQLite::Statement alias(db_,
                            "INSERT INTO org_unit_aliases(unit_id, ord, alias) VALUES (?,?,?)");
    SQLite::Statement succ(
        db_, "INSERT INTO org_successions(unit_id, ord, successor_id) VALUES (?,?,?)");
    for (const auto& u : units) {
      if (u.parent) {
        parent.reset();
        parent.bind(1, *u.parent);
        parent.bind(2, u.id);
        parent.exec();
      }
      for (size_t i = 0; i < u.aliases.size(); ++i) {
        alias.reset();
        alias.bind(1, u.id);
        alias.bind(2, static_cast<int64_t>(i));
        alias.bind(3, u.aliases[i]);
        alias.exec();
      }
      for (size_t i = 0; i < u.successors.size(); ++i) {
        succ.reset();
        succ.bind(1, u.id);
        succ.bind(2, static_cast<int64_t>(i));
        succ.bind(3, u.successors[i]);
        succ.exec();
      }
    }
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() override try {
    std::lock_guard lock(mu_);
    std::vector<domain::OrgUnit> units;
    std::map<int64_t, size_t> index;
    SQLite::Statement q(
        db_,
        "SELECT id, code, name, kind, parent_id, valid_from, valid_to FROM org_units ORDER BY id");
    while (q.executeStep()) {
      domain::OrgUnit u;
      u.id = q.getColumn(0).getInt64();
      u.code = q.getColumn(1).getString();
      u.name = q.getColumn(2).getString();
      u.kind =
          domain::ParseOrgKind(q.getColumn(3).getString()).value_or(domain::OrgKind::kDepartment);
      u.parent = OptInt(q, 4);
      u.valid_from = OptDate(q, 5);
      u.valid_to = OptDate(q, 6);
      index[u.id] = units.size();
      units.push_back(std::move(u));
    }
    SQLite::Statement a(db_, "SELECT unit_id, alias FROM org_unit_aliases ORDER BY unit_id, ord");
    while (a.executeStep())
      units[index.at(a.getColumn(0).getInt64())].aliases.push_back(a.getColumn(1).getString());
    SQLite::Statement s(db_,
                        "SELECT unit_id, successor_id FROM org_successions ORDER BY unit_id, ord");
    while (s.executeStep())
      units[index.at(s.getColumn(0).getInt64())].successors.push_back(s.getColumn(1).getInt64());
    return units;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<ProgramId> InsertProgram(const ProgramRecord& p, ImportMode mode,
                                        const AuditEvent& audit) override try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    const auto& d = p.plan.document;
    if (d.number) {
      SQLite::Statement existing(db_, "SELECT id, status FROM programs WHERE number = ?");
      existing.bind(1, *d.number);
      if (existing.executeStep()) {
        int64_t old_id = existing.getColumn(0).getInt64();
        bool published = existing.getColumn(1).getString() == "published";
        if (mode == ImportMode::kNew) {
          return tl::unexpected(ProgramExists(*d.number, old_id));
        }
        if (published) {
          return tl::unexpected(ProgramPublishedCannotReplace(*d.number));
        }
        existing.reset();
        SQLite::Statement del(db_, "DELETE FROM programs WHERE id = ?");
        del.bind(1, old_id);
        del.exec();
      }
    }
    SQLite::Statement q(db_,
                        "INSERT INTO programs(status, type, number, issued_date, place, issuer, "
                        "signer, signer_title, "
                        "year, title, source_name, source_text, source_sha256, created_at) "
                        "VALUES ('draft',?,?,?,?,?,?,?,?,?,?,?,?,?)");
    BindOpt(q, 1, d.type);
    BindOpt(q, 2, d.number);
    BindDate(q, 3, d.issued_date);
    BindOpt(q, 4, d.place);
    BindOpt(q, 5, d.issuer);
    BindOpt(q, 6, d.signer);
    BindOpt(q, 7, d.signer_title);
    BindOpt(q, 8, d.year);
    BindOpt(q, 9, d.title);
    q.bind(10, p.source_name);
    q.bind(11, p.source_text);
    q.bind(12, p.source_sha256);
    q.bind(13, p.created_at);
    q.exec();
    ProgramId id = db_.getLastInsertRowid();
    InsertChildren(id, p.plan);
    AppendAudit(audit, std::to_string(id));
    tx.commit();
    return id;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<ProgramRecord> GetProgram(ProgramId id) override try {
    std::lock_guard lock(mu_);
    ProgramRecord p;
    SQLite::Statement q(db_,
                        "SELECT id, status, type, number, issued_date, place, issuer, signer, "
                        "signer_title, year, title, "
                        "source_name, source_text, source_sha256, created_at, published_at FROM "
                        "programs WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return NotFound(id);
    p.id = q.getColumn(0).getInt64();
    p.status = q.getColumn(1).getString() == "published" ? ProgramStatus::kPublished
                                                         : ProgramStatus::kDraft;
    auto& d = p.plan.document;
    d.type = OptText(q, 2);
    d.number = OptText(q, 3);
    d.issued_date = OptDate(q, 4);
    d.place = OptText(q, 5);
    d.issuer = OptText(q, 6);
    d.signer = OptText(q, 7);
    d.signer_title = OptText(q, 8);
    if (auto y = OptInt(q, 9)) d.year = static_cast<int>(*y);
    d.title = OptText(q, 10);
    p.source_name = q.getColumn(11).getString();
    p.source_text = q.getColumn(12).getString();
    p.source_sha256 = q.getColumn(13).getString();
    p.created_at = q.getColumn(14).getString();
    p.published_at = OptText(q, 15);
    LoadChildren(id, p.plan);
    return p;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<std::vector<ProgramSummary>> ListPrograms() override try {
    std::lock_guard lock(mu_);
    std::vector<ProgramSummary> out;
    SQLite::Statement q(db_,
                        "SELECT p.id, p.status, p.number, p.issued_date, p.title, p.year, "
                        "(SELECT COUNT(*) FROM targets t WHERE t.program_id = p.id), "
                        "(SELECT COUNT(*) FROM sections s WHERE s.program_id = p.id) "
                        "FROM programs p ORDER BY p.issued_date DESC NULLS LAST, p.id DESC");
    while (q.executeStep()) {
      ProgramSummary s;
      s.id = q.getColumn(0).getInt64();
      s.status = q.getColumn(1).getString() == "published" ? ProgramStatus::kPublished
                                                           : ProgramStatus::kDraft;
      s.number = OptText(q, 2);
      s.issued_date = OptDate(q, 3);
      s.title = OptText(q, 4);
      if (auto y = OptInt(q, 5)) s.year = static_cast<int>(*y);
      s.targets = static_cast<size_t>(q.getColumn(6).getInt64());
      s.sections = static_cast<size_t>(q.getColumn(7).getInt64());
      out.push_back(std::move(s));
    }
    return out;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Status PublishProgram(ProgramId id, const std::string& at, const AuditEvent& audit) override
      try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db_, "SELECT status FROM programs WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return tl::unexpected(NotFound(id).error());
    if (q.getColumn(0).getString() == "published") {
      return tl::unexpected(ProgramAlreadyPublished(id));
    }
    q.reset();
    SQLite::Statement u(db_,
                        "UPDATE programs SET status = 'published', published_at = ? WHERE id = ?");
    u.bind(1, at);
    u.bind(2, id);
    u.exec();
    AppendAudit(audit, std::to_string(id));
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) override try {
    std::lock_guard lock(mu_);
    if (!Exists(id)) return tl::unexpected(NotFound(id).error());
    std::vector<StoredTarget> out;
    SQLite::Statement q(db_, kSelectTargets);
    q.bind(1, id);
    while (q.executeStep()) out.push_back(ReadTarget(q));
    return out;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<domain::UserId> CreateUser(const UserRecord& u, const AuditEvent& audit) override
      try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(db_, "SELECT 1 FROM users WHERE username = ?");
    exists.bind(1, u.username);
    if (exists.executeStep()) {
      return tl::unexpected(UserExists(u.username));
    }
    SQLite::Statement q(db_,
                        "INSERT INTO users(username, display_name, role, unit_id, password_hash, "
                        "active, created_at) VALUES (?,?,?,?,?,?,?)");
    q.bind(1, u.username);
    q.bind(2, u.display_name);
    q.bind(3, domain::RoleName(u.role));
    BindOpt(q, 4, u.unit);
    q.bind(5, u.password_hash);
    q.bind(6, u.active ? 1 : 0);
    q.bind(7, u.created_at);
    q.exec();
    domain::UserId id = db_.getLastInsertRowid();
    AppendAudit(audit, std::to_string(id));
    tx.commit();
    return id;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<UserRecord> FindUser(const std::string& username) override try {
    std::lock_guard lock(mu_);
    SQLite::Statement q(db_, std::string(kSelectUser) + " WHERE username = ?");
    q.bind(1, username);
    if (!q.executeStep()) return UserNotFound();
    return ReadUser(q);
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<UserRecord> GetUser(domain::UserId id) override try {
    std::lock_guard lock(mu_);
    SQLite::Statement q(db_, std::string(kSelectUser) + " WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return UserNotFound();
    return ReadUser(q);
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<std::vector<UserRecord>> ListUsers() override try {
    std::lock_guard lock(mu_);
    SQLite::Statement q(db_, std::string(kSelectUser) + " ORDER BY username");
    std::vector<UserRecord> out;
    while (q.executeStep()) out.push_back(ReadUser(q));
    return out;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Status UpdateUser(const UserRecord& u, const AuditEvent& audit) override try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db_,
                        "UPDATE users SET display_name = ?, role = ?, unit_id = ?, "
                        "password_hash = ?, active = ? WHERE id = ?");
    q.bind(1, u.display_name);
    q.bind(2, domain::RoleName(u.role));
    BindOpt(q, 3, u.unit);
    q.bind(4, u.password_hash);
    q.bind(5, u.active ? 1 : 0);
    q.bind(6, u.id);
    if (q.exec() == 0) return tl::unexpected(UserNotFound().error());
    AppendAudit(audit, std::to_string(u.id));
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Status CreateSession(const SessionRecord& s, const AuditEvent& audit) override try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    // Expired sessions go as new ones come: the table holds only live ones.
    SQLite::Statement gc(db_, "DELETE FROM sessions WHERE expires_at <= ?");
    gc.bind(1, s.created_at);
    gc.exec();
    SQLite::Statement q(db_,
                        "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, "
                        "expires_at) VALUES (?,?,?,?,?)");
    q.bind(1, s.token_hash);
    q.bind(2, s.user_id);
    q.bind(3, s.csrf_token);
    q.bind(4, s.created_at);
    q.bind(5, s.expires_at);
    q.exec();
    AppendAudit(audit, std::to_string(s.user_id));
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<SessionRecord> FindSession(const std::string& token_hash,
                                          const std::string& now) override try {
    std::lock_guard lock(mu_);
    SQLite::Statement q(db_,
                        "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM "
                        "sessions WHERE token_hash = ? AND expires_at > ?");
    q.bind(1, token_hash);
    q.bind(2, now);
    if (!q.executeStep()) {
      return tl::unexpected(SessionNotFound());
    }
    return SessionRecord{q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                         q.getColumn(2).getString(), q.getColumn(3).getString(),
                         q.getColumn(4).getString()};
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Status DeleteSession(const std::string& token_hash, const AuditEvent& audit) override try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(db_, "DELETE FROM sessions WHERE token_hash = ?");
    q.bind(1, token_hash);
    if (q.exec() > 0) AppendAudit(audit, audit.entity_id);
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<int64_t> CreateApiToken(const ApiTokenRecord& t, const AuditEvent& audit) override
      try {
    std::lock_guard lock(mu_);
    SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(
        db_, "INSERT INTO api_tokens(user_id, name, token_hash, created_at) VALUES (?,?,?,?)");
    q.bind(1, t.user_id);
    q.bind(2, t.name);
    q.bind(3, t.token_hash);
    q.bind(4, t.created_at);
    q.exec();
    int64_t id = db_.getLastInsertRowid();
    AppendAudit(audit, std::to_string(id));
    tx.commit();
    return id;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<ApiTokenRecord> FindApiToken(const std::string& token_hash) override try {
    std::lock_guard lock(mu_);
    SQLite::Statement q(db_,
                        "SELECT id, user_id, name, token_hash, created_at FROM api_tokens "
                        "WHERE token_hash = ? AND revoked_at IS NULL");
    q.bind(1, token_hash);
    if (!q.executeStep()) {
      return tl::unexpected(TokenNotFound());
    }
    ApiTokenRecord t;
    t.id = q.getColumn(0).getInt64();
    t.user_id = q.getColumn(1).getInt64();
    t.name = q.getColumn(2).getString();
    t.token_hash = q.getColumn(3).getString();
    t.created_at = q.getColumn(4).getString();
    return t;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, size_t limit) override try {
    std::lock_guard lock(mu_);
    SQLite::Statement q(db_, std::string(kSelectAudit) + " WHERE seq > ? ORDER BY seq LIMIT ?");
    q.bind(1, after_seq);
    q.bind(2, static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (q.executeStep()) out.push_back(ReadAudit(q));
    return out;
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

  core::Result<std::optional<AuditEntry>> LastAuditOf(const std::string& entity,
                                                      const std::string& entity_id) override try {
    std::lock_guard lock(mu_);
    SQLite::Statement q(db_, std::string(kSelectAudit) +
                                 " WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1");
    q.bind(1, entity);
    q.bind(2, entity_id);
    if (!q.executeStep()) return std::optional<AuditEntry>();
    return std::optional<AuditEntry>(ReadAudit(q));
  } catch (const std::exception& e) {
    return tl::unexpected(FromException(e));
  }

 private:
  static constexpr const char* kSelectUser =
      "SELECT id, username, display_name, role, unit_id, password_hash, active, created_at "
      "FROM users";
  static constexpr const char* kSelectAudit =
      "SELECT seq, at, actor_id, actor, action, entity, entity_id, before, after, prev_hash, "
      "hash FROM audit_log";

  static core::Result<UserRecord> UserNotFound() { return tl::unexpected(store::UserNotFound()); }

  static UserRecord ReadUser(SQLite::Statement& q) {
    UserRecord u;
    u.id = q.getColumn(0).getInt64();
    u.username = q.getColumn(1).getString();
    u.display_name = q.getColumn(2).getString();
    u.role = domain::ParseRole(q.getColumn(3).getString()).value_or(domain::Role::kViewer);
    u.unit = OptInt(q, 4);
    u.password_hash = q.getColumn(5).getString();
    u.active = q.getColumn(6).getInt() != 0;
    u.created_at = q.getColumn(7).getString();
    return u;
  }

  static AuditEntry ReadAudit(SQLite::Statement& q) {
    AuditEntry a;
    a.seq = q.getColumn(0).getInt64();
    a.event.at = q.getColumn(1).getString();
    a.event.actor_id = OptInt(q, 2);
    a.event.actor = q.getColumn(3).getString();
    a.event.action = q.getColumn(4).getString();
    a.event.entity = q.getColumn(5).getString();
    a.event.entity_id = q.getColumn(6).getString();
    a.event.before = q.getColumn(7).getString();
    a.event.after = q.getColumn(8).getString();
    a.prev_hash = q.getColumn(9).getString();
    a.hash = q.getColumn(10).getString();
    return a;
  }

  // Appends to the chain inside the caller's write transaction (which holds SQLite's write
  // lock, so no other writer can take the same seq).
  void AppendAudit(const AuditEvent& event, const std::string& entity_id) {
    AuditEntry e;
    e.event = event;
    if (e.event.entity_id.empty()) e.event.entity_id = entity_id;
    SQLite::Statement last(db_, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.executeStep()) {
      e.seq = last.getColumn(0).getInt64() + 1;
      e.prev_hash = last.getColumn(1).getString();
    } else {
      e.seq = 1;
      e.prev_hash = kAuditGenesisHash;
    }
    e.hash = AuditHash(e);
    SQLite::Statement q(
        db_,
        "INSERT INTO audit_log(seq, at, actor_id, actor, action, entity, "
        "entity_id, before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(1, e.seq);
    q.bind(2, e.event.at);
    BindOpt(q, 3, e.event.actor_id);
    q.bind(4, e.event.actor);
    q.bind(5, e.event.action);
    q.bind(6, e.event.entity);
    q.bind(7, e.event.entity_id);
    q.bind(8, e.event.before);
    q.bind(9, e.event.after);
    q.bind(10, e.prev_hash);
    q.bind(11, e.hash);
    q.exec();
  }

  static constexpr const char* kSelectTargets =
      "SELECT id, section, indicator, raw, value_mantissa, value_scale, unit, comparator, "
      "approximate, parent, "
      "restates, span_line, span_column, span_offset, span_length FROM targets WHERE program_id = "
      "? ORDER BY ord";

  static core::Result<ProgramRecord> NotFound(ProgramId id) {
    return tl::unexpected(ProgramNotFound(id));
  }

  bool Exists(ProgramId id) {
    SQLite::Statement q(db_, "SELECT 1 FROM programs WHERE id = ?");
    q.bind(1, id);
    return q.executeStep();
  }

  static StoredTarget ReadTarget(SQLite::Statement& q) {
    StoredTarget st;
    st.id = q.getColumn(0).getInt64();
    auto& t = st.target;
    t.section = q.getColumn(1).getString();
    t.indicator = q.getColumn(2).getString();
    t.raw = q.getColumn(3).getString();
    t.value = core::Decimal{q.getColumn(4).getInt64(), q.getColumn(5).getInt()};
    t.unit = q.getColumn(6).getString();
    t.comparator =
        domain::ParseComparator(q.getColumn(7).getString()).value_or(domain::Comparator::kEq);
    t.approximate = q.getColumn(8).getInt() != 0;
    t.parent = OptText(q, 9);
    t.restates = OptText(q, 10);
    t.span = ReadSpan(q, 11);
    return st;
  }

  void InsertRefs(ProgramId program, const char* owner, int64_t owner_id, const char* role,
                  const std::vector<std::string>& written,
                  const std::vector<domain::ResolvedUnitName>& resolved) {
    SQLite::Statement ref(
        db_,
        "INSERT INTO unit_refs(program_id, owner, owner_id, role, ord, written, resolution) "
        "VALUES (?,?,?,?,?,?,?)");
    SQLite::Statement unit(db_,
                           "INSERT OR IGNORE INTO unit_ref_units(ref_id, unit_id) VALUES (?,?)");
    for (size_t i = 0; i < written.size(); ++i) {
      ref.reset();
      ref.bind(1, program);
      ref.bind(2, owner);
      ref.bind(3, owner_id);
      ref.bind(4, role);
      ref.bind(5, static_cast<int64_t>(i));
      ref.bind(6, written[i]);
      if (i < resolved.size()) {
        ref.bind(7, domain::NameResolutionName(resolved[i].resolution));
      } else {
        ref.bind(7);
      }
      ref.exec();
      int64_t ref_id = db_.getLastInsertRowid();
      if (i >= resolved.size()) continue;
      for (auto unit_id : resolved[i].units) {
        unit.reset();
        unit.bind(1, ref_id);
        unit.bind(2, unit_id);
        unit.exec();
      }
    }
  }

  void InsertChildren(ProgramId id, const domain::PlanDraft& plan) {
    const auto& d = plan.document;
    SQLite::Statement text(
        db_, "INSERT INTO program_texts(program_id, kind, ord, text) VALUES (?,?,?,?)");
    auto texts = [&](const char* kind, const std::vector<std::string>& v) {
      for (size_t i = 0; i < v.size(); ++i) {
        text.reset();
        text.bind(1, id);
        text.bind(2, kind);
        text.bind(3, static_cast<int64_t>(i));
        text.bind(4, v[i]);
        text.exec();
      }
    };
    texts("legal_basis", d.legal_bases);
    texts("recipient", d.recipients);
    SQLite::Statement art(db_, "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < d.articles.size(); ++i) {
      art.reset();
      art.bind(1, id);
      art.bind(2, static_cast<int64_t>(i));
      art.bind(3, d.articles[i].number);
      art.bind(4, d.articles[i].text);
      BindSpan(art, 5, d.articles[i].span);
      art.exec();
    }
    SQLite::Statement sec(
        db_,
        "INSERT INTO sections(program_id, ord, number, title, parent, depth, lead_phrase, "
        "leads_inherited, span_line, span_column, span_offset, span_length) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    SQLite::Statement task(
        db_,
        "INSERT INTO tasks(section_id, ord, text, kind, leads_inherited, span_line, span_column, "
        "span_offset, span_length) VALUES (?,?,?,?,?,?,?,?,?)");
    SQLite::Statement detail(db_, "INSERT INTO task_details(task_id, ord, text) VALUES (?,?,?)");
    for (size_t i = 0; i < plan.sections.size(); ++i) {
      const auto& s = plan.sections[i];
      sec.reset();
      sec.bind(1, id);
      sec.bind(2, static_cast<int64_t>(i));
      sec.bind(3, s.number);
      sec.bind(4, s.title);
      if (s.parent.empty()) {
        sec.bind(5);
      } else {
        sec.bind(5, s.parent);
      }
      sec.bind(6, s.depth);
      sec.bind(7, s.lead_phrase);
      sec.bind(8, s.leads_inherited ? 1 : 0);
      BindSpan(sec, 9, s.span);
      sec.exec();
      int64_t section_id = db_.getLastInsertRowid();
      InsertRefs(id, "section", section_id, "lead", s.lead_units, s.resolved_leads);
      InsertRefs(id, "section", section_id, "coordinate", s.coordinating_units,
                 s.resolved_coordinators);
      for (size_t k = 0; k < s.tasks.size(); ++k) {
        const auto& t = s.tasks[k];
        task.reset();
        task.bind(1, section_id);
        task.bind(2, static_cast<int64_t>(k));
        task.bind(3, t.text);
        task.bind(4, t.kind);
        task.bind(5, t.leads_inherited ? 1 : 0);
        BindSpan(task, 6, t.span);
        task.exec();
        int64_t task_id = db_.getLastInsertRowid();
        // Inherited leads are the section's: stored once, with the section.
        if (!t.leads_inherited)
          InsertRefs(id, "task", task_id, "lead", t.lead_units, t.resolved_leads);
        InsertRefs(id, "task", task_id, "coordinate", t.coordinating_units,
                   t.resolved_coordinators);
        for (size_t m = 0; m < t.details.size(); ++m) {
          detail.reset();
          detail.bind(1, task_id);
          detail.bind(2, static_cast<int64_t>(m));
          detail.bind(3, t.details[m]);
          detail.exec();
        }
      }
    }
    SQLite::Statement tgt(
        db_,
        "INSERT INTO targets(program_id, ord, section, indicator, raw, value_mantissa, "
        "value_scale, "
        "unit, comparator, approximate, parent, restates, span_line, span_column, span_offset, "
        "span_length) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < plan.targets.size(); ++i) {
      const auto& t = plan.targets[i];
      tgt.reset();
      tgt.bind(1, id);
      tgt.bind(2, static_cast<int64_t>(i));
      tgt.bind(3, t.section);
      tgt.bind(4, t.indicator);
      tgt.bind(5, t.raw);
      tgt.bind(6, t.value.mantissa);
      tgt.bind(7, t.value.scale);
      tgt.bind(8, t.unit);
      tgt.bind(9, domain::ComparatorName(t.comparator));
      tgt.bind(10, t.approximate ? 1 : 0);
      BindOpt(tgt, 11, t.parent);
      BindOpt(tgt, 12, t.restates);
      BindSpan(tgt, 13, t.span);
      tgt.exec();
    }
    SQLite::Statement bud(
        db_,
        "INSERT INTO budgets(program_id, ord, section, program_name, raw, total_vnd, "
        "investment_vnd, "
        "recurrent_vnd, source, span_line, span_column, span_offset, span_length) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < plan.budgets.size(); ++i) {
      const auto& b = plan.budgets[i];
      bud.reset();
      bud.bind(1, id);
      bud.bind(2, static_cast<int64_t>(i));
      bud.bind(3, b.section);
      BindOpt(bud, 4, b.program);
      bud.bind(5, b.raw);
      bud.bind(6, b.total_vnd);
      BindOpt(bud, 7, b.investment_vnd);
      BindOpt(bud, 8, b.recurrent_vnd);
      BindOpt(bud, 9, b.source);
      BindSpan(bud, 10, b.span);
      bud.exec();
    }
    SQLite::Statement dl(
        db_,
        "INSERT INTO deadlines(program_id, ord, section, raw, due, what, responsible, span_line, "
        "span_column, span_offset, span_length) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < plan.deadlines.size(); ++i) {
      const auto& x = plan.deadlines[i];
      dl.reset();
      dl.bind(1, id);
      dl.bind(2, static_cast<int64_t>(i));
      dl.bind(3, x.section);
      dl.bind(4, x.raw);
      BindDate(dl, 5, x.due);
      dl.bind(6, x.what);
      dl.bind(7, x.responsible);
      BindSpan(dl, 8, x.span);
      dl.exec();
    }
    SQLite::Statement rule(
        db_,
        "INSERT INTO reporting_rules(program_id, ord, section, raw, report, frequency, due, "
        "day_of_month, last_month_of_quarter, from_text, span_line, span_column, span_offset, "
        "span_length) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    SQLite::Statement rule_unit(
        db_, "INSERT INTO reporting_rule_units(rule_id, role, ord, written) VALUES (?,?,?,?)");
    for (size_t i = 0; i < plan.reporting.size(); ++i) {
      const auto& r = plan.reporting[i];
      rule.reset();
      rule.bind(1, id);
      rule.bind(2, static_cast<int64_t>(i));
      rule.bind(3, r.section);
      rule.bind(4, r.raw);
      rule.bind(5, r.report);
      rule.bind(6, domain::FrequencyName(r.frequency));
      BindDate(rule, 7, r.due);
      BindOpt(rule, 8, r.day_of_month);
      rule.bind(9, r.last_month_of_quarter ? 1 : 0);
      rule.bind(10, r.from);
      BindSpan(rule, 11, r.span);
      rule.exec();
      int64_t rule_id = db_.getLastInsertRowid();
      auto units = [&](const char* role, const std::vector<std::string>& v) {
        for (size_t k = 0; k < v.size(); ++k) {
          rule_unit.reset();
          rule_unit.bind(1, rule_id);
          rule_unit.bind(2, role);
          rule_unit.bind(3, static_cast<int64_t>(k));
          rule_unit.bind(4, v[k]);
          rule_unit.exec();
        }
      };
      units("from", r.from_units);
      units("to", r.to);
    }
    SQLite::Statement men(
        db_,
        "INSERT INTO unit_mentions(program_id, ord, name, mentions, variants) VALUES (?,?,?,?,?)");
    for (size_t i = 0; i < plan.units.size(); ++i) {
      men.reset();
      men.bind(1, id);
      men.bind(2, static_cast<int64_t>(i));
      men.bind(3, plan.units[i].name);
      men.bind(4, plan.units[i].mentions);
      men.bind(5, JoinLines(plan.units[i].variants));
      men.exec();
    }
    SQLite::Statement diag(db_, "INSERT INTO diagnostics VALUES (?,?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < plan.diagnostics.size(); ++i) {
      const auto& g = plan.diagnostics[i];
      diag.reset();
      diag.bind(1, id);
      diag.bind(2, static_cast<int64_t>(i));
      diag.bind(3, core::SeverityName(g.severity));
      diag.bind(4, g.code);
      diag.bind(5, g.message);
      BindSpan(diag, 6, g.span);
      diag.exec();
    }
  }

  void LoadRefs(const char* owner, int64_t owner_id, const char* role,
                std::vector<std::string>& written,
                std::vector<domain::ResolvedUnitName>& resolved) {
    SQLite::Statement q(db_,
                        "SELECT id, written, resolution FROM unit_refs WHERE owner = ? AND "
                        "owner_id = ? AND role = ? ORDER BY ord");
    q.bind(1, owner);
    q.bind(2, owner_id);
    q.bind(3, role);
    SQLite::Statement u(db_,
                        "SELECT unit_id FROM unit_ref_units WHERE ref_id = ? ORDER BY unit_id");
    bool any_resolved = false;
    std::vector<domain::ResolvedUnitName> out;
    while (q.executeStep()) {
      written.push_back(q.getColumn(1).getString());
      domain::ResolvedUnitName r;
      r.written = written.back();
      if (auto res = OptText(q, 2)) {
        any_resolved = true;
        r.resolution =
            domain::ParseNameResolution(*res).value_or(domain::NameResolution::kUnresolved);
      }
      u.reset();
      u.bind(1, q.getColumn(0).getInt64());
      while (u.executeStep()) r.units.push_back(u.getColumn(0).getInt64());
      out.push_back(std::move(r));
    }
    if (any_resolved) resolved = std::move(out);
  }

  void LoadChildren(ProgramId id, domain::PlanDraft& plan) {
    auto& d = plan.document;
    SQLite::Statement text(
        db_, "SELECT kind, text FROM program_texts WHERE program_id = ? ORDER BY kind, ord");
    text.bind(1, id);
    while (text.executeStep()) {
      (text.getColumn(0).getString() == "legal_basis" ? d.legal_bases : d.recipients)
          .push_back(text.getColumn(1).getString());
    }
    SQLite::Statement art(
        db_,
        "SELECT number, text, span_line, span_column, span_offset, span_length FROM articles "
        "WHERE program_id = ? ORDER BY ord");
    art.bind(1, id);
    while (art.executeStep()) {
      d.articles.push_back(
          {art.getColumn(0).getInt(), art.getColumn(1).getString(), ReadSpan(art, 2)});
    }
    SQLite::Statement sec(
        db_,
        "SELECT id, number, title, parent, depth, lead_phrase, leads_inherited, span_line, "
        "span_column, "
        "span_offset, span_length FROM sections WHERE program_id = ? ORDER BY ord");
    sec.bind(1, id);
    SQLite::Statement task(
        db_,
        "SELECT id, text, kind, leads_inherited, span_line, span_column, span_offset, span_length "
        "FROM tasks WHERE section_id = ? ORDER BY ord");
    SQLite::Statement detail(db_, "SELECT text FROM task_details WHERE task_id = ? ORDER BY ord");
    while (sec.executeStep()) {
      domain::Section s;
      int64_t section_id = sec.getColumn(0).getInt64();
      s.number = sec.getColumn(1).getString();
      s.title = sec.getColumn(2).getString();
      s.parent = OptText(sec, 3).value_or("");
      s.depth = sec.getColumn(4).getInt();
      s.lead_phrase = OptText(sec, 5).value_or("");
      s.leads_inherited = sec.getColumn(6).getInt() != 0;
      s.span = ReadSpan(sec, 7);
      LoadRefs("section", section_id, "lead", s.lead_units, s.resolved_leads);
      LoadRefs("section", section_id, "coordinate", s.coordinating_units, s.resolved_coordinators);
      task.reset();
      task.bind(1, section_id);
      while (task.executeStep()) {
        domain::Task t;
        int64_t task_id = task.getColumn(0).getInt64();
        t.text = task.getColumn(1).getString();
        t.kind = task.getColumn(2).getString();
        t.leads_inherited = task.getColumn(3).getInt() != 0;
        t.span = ReadSpan(task, 4);
        if (t.leads_inherited) {
          t.lead_units = s.lead_units;
          t.resolved_leads = s.resolved_leads;
        } else {
          LoadRefs("task", task_id, "lead", t.lead_units, t.resolved_leads);
        }
        LoadRefs("task", task_id, "coordinate", t.coordinating_units, t.resolved_coordinators);
        detail.reset();
        detail.bind(1, task_id);
        while (detail.executeStep()) t.details.push_back(detail.getColumn(0).getString());
        s.tasks.push_back(std::move(t));
      }
      plan.sections.push_back(std::move(s));
    }
    SQLite::Statement tgt(db_, kSelectTargets);
    tgt.bind(1, id);
    while (tgt.executeStep()) plan.targets.push_back(ReadTarget(tgt).target);
    SQLite::Statement bud(
        db_,
        "SELECT section, program_name, raw, total_vnd, investment_vnd, recurrent_vnd, source, "
        "span_line, span_column, span_offset, span_length FROM budgets WHERE program_id = ? ORDER "
        "BY ord");
    bud.bind(1, id);
    while (bud.executeStep()) {
      domain::Budget b;
      b.section = bud.getColumn(0).getString();
      b.program = OptText(bud, 1);
      b.raw = bud.getColumn(2).getString();
      b.total_vnd = bud.getColumn(3).getInt64();
      b.investment_vnd = OptInt(bud, 4);
      b.recurrent_vnd = OptInt(bud, 5);
      b.source = OptText(bud, 6);
      b.span = ReadSpan(bud, 7);
      plan.budgets.push_back(std::move(b));
    }
    SQLite::Statement dl(
        db_,
        "SELECT section, raw, due, what, responsible, span_line, span_column, span_offset, "
        "span_length FROM deadlines WHERE program_id = ? ORDER BY ord");
    dl.bind(1, id);
    while (dl.executeStep()) {
      domain::Deadline x;
      x.section = dl.getColumn(0).getString();
      x.raw = dl.getColumn(1).getString();
      x.due = OptDate(dl, 2);
      x.what = dl.getColumn(3).getString();
      x.responsible = dl.getColumn(4).getString();
      x.span = ReadSpan(dl, 5);
      plan.deadlines.push_back(std::move(x));
    }
    SQLite::Statement rule(
        db_,
        "SELECT id, section, raw, report, frequency, due, day_of_month, last_month_of_quarter, "
        "from_text, span_line, span_column, span_offset, span_length FROM reporting_rules "
        "WHERE program_id = ? ORDER BY ord");
    rule.bind(1, id);
    SQLite::Statement ru(
        db_, "SELECT role, written FROM reporting_rule_units WHERE rule_id = ? ORDER BY role, ord");
    while (rule.executeStep()) {
      domain::ReportingRule r;
      r.section = rule.getColumn(1).getString();
      r.raw = rule.getColumn(2).getString();
      r.report = rule.getColumn(3).getString();
      r.frequency =
          domain::ParseFrequency(rule.getColumn(4).getString()).value_or(domain::Frequency::kOnce);
      r.due = OptDate(rule, 5);
      if (auto dom = OptInt(rule, 6)) r.day_of_month = static_cast<int>(*dom);
      r.last_month_of_quarter = rule.getColumn(7).getInt() != 0;
      r.from = rule.getColumn(8).getString();
      r.span = ReadSpan(rule, 9);
      ru.reset();
      ru.bind(1, rule.getColumn(0).getInt64());
      while (ru.executeStep()) {
        (ru.getColumn(0).getString() == "from" ? r.from_units : r.to)
            .push_back(ru.getColumn(1).getString());
      }
      plan.reporting.push_back(std::move(r));
    }
    SQLite::Statement men(
        db_,
        "SELECT name, mentions, variants FROM unit_mentions WHERE program_id = ? ORDER BY ord");
    men.bind(1, id);
    while (men.executeStep()) {
      plan.units.push_back({men.getColumn(0).getString(), men.getColumn(1).getInt(),
                            SplitLines(men.getColumn(2).getString())});
    }
    SQLite::Statement diag(
        db_,
        "SELECT severity, code, message, span_line, span_column, span_offset, span_length "
        "FROM diagnostics WHERE program_id = ? ORDER BY ord");
    diag.bind(1, id);
    while (diag.executeStep()) {
      core::Diagnostic g;
      g.severity =
          core::ParseSeverity(diag.getColumn(0).getString()).value_or(core::Severity::kWarning);
      g.code = diag.getColumn(1).getString();
      g.message = diag.getColumn(2).getString();
      g.span = ReadSpan(diag, 3);
      plan.diagnostics.push_back(std::move(g));
    }
  }

  // Each migration is checked and applied under the write lock (BEGIN IMMEDIATE), so two
  // processes opening the same new file apply it once.
  void Migrate() {
    for (const auto& m : sqlite::kMigrations) {
      SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
      db_.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at "
          "TEXT NOT NULL)");
      SQLite::Statement q(db_, "SELECT 1 FROM schema_migrations WHERE version = ?");
      q.bind(1, m.version);
      if (q.executeStep()) continue;
      q.reset();
      db_.exec(std::string(m.sql));
      SQLite::Statement done(
          db_, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, datetime('now'))");
      done.bind(1, m.version);
      done.exec();
      tx.commit();
    }
  }

  std::mutex mu_;  // one connection: one use at a time
  SQLite::Database db_;
};

}  // namespace

core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  try {
    return std::unique_ptr<Store>(std::make_unique<SqliteStore>(path));
  } catch (const std::exception& e) {
    auto err = FromException(e);
    err.message = "Không mở được cơ sở dữ liệu \"" + path + "\"";
    return tl::unexpected(err);
  }
}

}  // namespace wp::store
