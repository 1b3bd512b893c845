#include "store/sqlite/sqlite_store.hpp"
#include "store/lines.hpp"

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "store/sqlite/migrations.hpp"
#include "store/store_errors.hpp"

namespace wp::store {
namespace {

// SQLiteCpp reports failures as exceptions; they end at this module's boundary as Errors. The
// database not serving (busy past the timeout, read-only, a full disk, an I/O error, a file that
// cannot be opened or is not a database) is kUnavailable; anything else — a constraint the
// method did not expect, a misused statement, a C++ exception of the store's own code — is a
// bug, kInternal.
core::Error FromException(const std::exception& e) {
  const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
  if (sqlite == nullptr) return DbInternal(e);
  switch (sqlite->getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOTADB:
    case SQLITE_NOMEM:
    case SQLITE_PERM:
      return DbUnavailable(e);
    default:
      return DbInternal(e);
  }
}

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

// One connection and the statements prepared on it, used by one thread at a time (the store
// lends it), so it is opened without SQLite's own mutex.
class Conn {
 public:
  Conn(const std::string& path, int flags) : db(path, flags | SQLite::OPEN_NOMUTEX) {
    db.setBusyTimeout(5000);
  }

  // The statement of `sql`, prepared on this connection's first use of it, reset, its
  // parameters unbound. It stays valid until Release(); a statement is not used twice at once.
  SQLite::Statement& Prepare(const std::string& sql) {
    auto [it, added] = statements_.try_emplace(sql);
    if (added) {
      it->second = std::make_unique<SQLite::Statement>(db, sql);
    } else {
      it->second->reset();
      it->second->clearBindings();
    }
    used_.push_back(it->second.get());
    return *it->second;
  }

  // Resets the statements used since the last call: a statement left on a row would hold its
  // read transaction (and its snapshot) open.
  void Release() noexcept {
    for (auto* q : used_) {
      try {
        q->reset();
      } catch (...) {  // reset repeats the statement's last error: it was reported then
      }
    }
    used_.clear();
  }

  bool InTransaction() const { return sqlite3_get_autocommit(db.getHandle()) == 0; }

  SQLite::Database db;

 private:
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::vector<SQLite::Statement*> used_;
};

// Whether a read of several statements sees them from one commit (a read transaction).
enum class Snapshot { kNo, kYes };

// Writes go through one connection (SQLite has one writer at a time anyway), each in a
// BEGIN IMMEDIATE transaction under write_mu_. Reads take a connection of their own from a
// pool of read-only ones: in WAL mode they run beside the writer and beside each other, and a
// read transaction begun after a commit sees it. A database in memory is one connection for
// both (another connection would open another, empty, database).
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path)
      : path_(path),
        shared_(path.empty() || path == ":memory:"),
        writer_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    // First, so that servers opening a new file at the same moment wait for each other.
    // Switching a new file to WAL takes an exclusive lock; of two connections switching it at
    // once, one gets SQLITE_BUSY without SQLite's busy handler (waiting could deadlock): it
    // tries again (1 open in about 100 failed so, 8 servers starting together).
    for (int attempt = 1;; ++attempt) {
      try {
        writer_.db.exec("PRAGMA journal_mode=WAL");
        break;
      } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() != SQLITE_BUSY || attempt == 500) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    writer_.db.exec("PRAGMA synchronous=FULL");  // an acknowledged write survives a crash
    writer_.db.exec("PRAGMA foreign_keys=ON");
    // Up to 64 MB of pages for the writer (SQLite's default is 2 MB): a bulk load that adds a
    // version to reports already stored writes all over report_values' key (a million values
    // again: 3.6 s with 2 MB, 2.6–2.9 s with 64). Memory is taken only as pages are read.
    writer_.db.exec("PRAGMA cache_size=-65536");
    Migrate(writer_.db);
    writer_thread_ = std::thread([this] { WriterLoop(); });
  }

  ~SqliteStore() override {
    {
      std::lock_guard lock(queue_mu_);
      stopping_ = true;
    }
    work_cv_.notify_one();
    writer_thread_.join();
  }

  core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) override {
    return Write([&](Conn& c) -> core::Status {
      c.db.exec(
          "DELETE FROM org_successions; DELETE FROM org_unit_aliases; DELETE FROM org_units;");
      InsertUnits(c, units);
      return {};
    });
  }

  core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() override {
    return Read(
        [&](Conn& c) -> core::Result<std::vector<domain::OrgUnit>> {
          std::vector<domain::OrgUnit> units;
          std::map<int64_t, size_t> index;
          auto& q = c.Prepare(
              "SELECT id, code, name, kind, parent_id, valid_from, valid_to FROM org_units ORDER "
              "BY id");
          while (q.executeStep()) {
            domain::OrgUnit u;
            u.id = q.getColumn(0).getInt64();
            u.code = q.getColumn(1).getString();
            u.name = q.getColumn(2).getString();
            u.kind = domain::ParseOrgKind(q.getColumn(3).getString())
                         .value_or(domain::OrgKind::kDepartment);
            u.parent = OptInt(q, 4);
            u.valid_from = OptDate(q, 5);
            u.valid_to = OptDate(q, 6);
            index[u.id] = units.size();
            units.push_back(std::move(u));
          }
          auto& a = c.Prepare("SELECT unit_id, alias FROM org_unit_aliases ORDER BY unit_id, ord");
          while (a.executeStep())
            units[index.at(a.getColumn(0).getInt64())].aliases.push_back(
                a.getColumn(1).getString());
          auto& s =
              c.Prepare("SELECT unit_id, successor_id FROM org_successions ORDER BY unit_id, ord");
          while (s.executeStep())
            units[index.at(s.getColumn(0).getInt64())].successors.push_back(
                s.getColumn(1).getInt64());
          return units;
        },
        Snapshot::kYes);
  }

  core::Result<ProgramId> InsertProgram(const ProgramRecord& p, ImportMode mode,
                                        const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Result<ProgramId> {
      const auto& d = p.plan.document;
      if (d.number) {
        auto& existing = c.Prepare("SELECT id, status FROM programs WHERE number = ?");
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
          auto& del = c.Prepare("DELETE FROM programs WHERE id = ?");
          del.bind(1, old_id);
          del.exec();
        }
      }
      ProgramId id = InsertPlan(c, p, ProgramStatus::kDraft, std::nullopt);
      AppendAudit(c, audit, std::to_string(id));
      return id;
    });
  }

  core::Result<ProgramRecord> GetProgram(ProgramId id) override {
    return Read(
        [&](Conn& c) -> core::Result<ProgramRecord> {
          ProgramRecord p;
          auto& q = c.Prepare(
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
          LoadChildren(c, id, p.plan);
          return p;
        },
        Snapshot::kYes);
  }

  core::Result<std::vector<ProgramSummary>> ListPrograms() override {
    return Read([&](Conn& c) -> core::Result<std::vector<ProgramSummary>> {
      std::vector<ProgramSummary> out;
      auto& q = c.Prepare(
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
    });
  }

  core::Status PublishProgram(ProgramId id, const std::string& at,
                              const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Status {
      auto& q = c.Prepare("SELECT status FROM programs WHERE id = ?");
      q.bind(1, id);
      if (!q.executeStep()) return tl::unexpected(NotFound(id).error());
      if (q.getColumn(0).getString() == "published") {
        return tl::unexpected(ProgramAlreadyPublished(id));
      }
      q.reset();
      auto& u =
          c.Prepare("UPDATE programs SET status = 'published', published_at = ? WHERE id = ?");
      u.bind(1, at);
      u.bind(2, id);
      u.exec();
      AppendAudit(c, audit, std::to_string(id));
      return {};
    });
  }

  core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) override {
    return Read(
        [&](Conn& c) -> core::Result<std::vector<StoredTarget>> {
          if (!Exists(c, id)) return tl::unexpected(NotFound(id).error());
          std::vector<StoredTarget> out;
          auto& q = c.Prepare(kSelectTargets);
          q.bind(1, id);
          while (q.executeStep()) out.push_back(ReadTarget(q));
          return out;
        },
        Snapshot::kYes);
  }

  core::Result<int64_t> AddCorrection(const ProgramCorrection& k,
                                      const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Result<int64_t> {
      auto& status = c.Prepare("SELECT status FROM programs WHERE id = ?");
      status.bind(1, k.program_id);
      if (!status.executeStep()) return tl::unexpected(ProgramNotFound(k.program_id));
      if (status.getColumn(0).getString() != "draft") {
        return tl::unexpected(ProgramAlreadyPublished(k.program_id));
      }
      auto& q = c.Prepare(
          "INSERT INTO program_corrections(program_id, locator, field, value, before, after, "
          "reason, at, by_user, by_name) VALUES (?,?,?,?,?,?,?,?,?,?)");
      q.bind(1, k.program_id);
      q.bind(2, k.locator);
      q.bind(3, k.field);
      q.bind(4, k.value);
      q.bind(5, k.before);
      q.bind(6, k.after);
      q.bind(7, k.reason);
      q.bind(8, k.at);
      BindOpt(q, 9, k.by);
      q.bind(10, k.by_name);
      q.exec();
      int64_t id = c.db.getLastInsertRowid();
      AppendAudit(c, audit, std::to_string(k.program_id));
      return id;
    });
  }

  core::Result<std::vector<ProgramCorrection>> ListCorrections(ProgramId id) override {
    return Read(
        [&](Conn& c) -> core::Result<std::vector<ProgramCorrection>> {
          if (!Exists(c, id)) return tl::unexpected(ProgramNotFound(id));
          auto& q = c.Prepare(
              "SELECT id, locator, field, value, before, after, reason, at, by_user, by_name "
              "FROM program_corrections WHERE program_id = ? ORDER BY id");
          q.bind(1, id);
          std::vector<ProgramCorrection> out;
          while (q.executeStep()) {
            ProgramCorrection k;
            k.id = q.getColumn(0).getInt64();
            k.program_id = id;
            k.locator = q.getColumn(1).getString();
            k.field = q.getColumn(2).getString();
            k.value = q.getColumn(3).getString();
            k.before = q.getColumn(4).getString();
            k.after = q.getColumn(5).getString();
            k.reason = q.getColumn(6).getString();
            k.at = q.getColumn(7).getString();
            if (!q.getColumn(8).isNull()) k.by = q.getColumn(8).getInt64();
            k.by_name = q.getColumn(9).getString();
            out.push_back(std::move(k));
          }
          return out;
        },
        Snapshot::kYes);
  }

  core::Result<domain::UserId> CreateUser(const UserRecord& u, const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Result<domain::UserId> {
      auto& exists = c.Prepare("SELECT 1 FROM users WHERE username = ?");
      exists.bind(1, u.username);
      if (exists.executeStep()) {
        return tl::unexpected(UserExists(u.username));
      }
      auto& q = c.Prepare(
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
      domain::UserId id = c.db.getLastInsertRowid();
      AppendAudit(c, audit, std::to_string(id));
      return id;
    });
  }

  core::Result<UserRecord> FindUser(const std::string& username) override {
    return Read([&](Conn& c) -> core::Result<UserRecord> {
      auto& q = c.Prepare(std::string(kSelectUser) + " WHERE username = ?");
      q.bind(1, username);
      if (!q.executeStep()) return UserNotFound();
      return ReadUser(q);
    });
  }

  core::Result<UserRecord> GetUser(domain::UserId id) override {
    return Read([&](Conn& c) -> core::Result<UserRecord> {
      auto& q = c.Prepare(std::string(kSelectUser) + " WHERE id = ?");
      q.bind(1, id);
      if (!q.executeStep()) return UserNotFound();
      return ReadUser(q);
    });
  }

  core::Result<std::vector<UserRecord>> ListUsers() override {
    return Read([&](Conn& c) -> core::Result<std::vector<UserRecord>> {
      auto& q = c.Prepare(std::string(kSelectUser) + " ORDER BY username");
      std::vector<UserRecord> out;
      while (q.executeStep()) out.push_back(ReadUser(q));
      return out;
    });
  }

  core::Status UpdateUser(const UserRecord& u, const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Status {
      auto& q = c.Prepare(
          "UPDATE users SET display_name = ?, role = ?, unit_id = ?, "
          "password_hash = ?, active = ? WHERE id = ?");
      q.bind(1, u.display_name);
      q.bind(2, domain::RoleName(u.role));
      BindOpt(q, 3, u.unit);
      q.bind(4, u.password_hash);
      q.bind(5, u.active ? 1 : 0);
      q.bind(6, u.id);
      if (q.exec() == 0) return tl::unexpected(UserNotFound().error());
      AppendAudit(c, audit, std::to_string(u.id));
      return {};
    });
  }

  core::Status CreateSession(const SessionRecord& s, const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Status {
      // Expired sessions go as new ones come: the table holds only live ones.
      auto& gc = c.Prepare("DELETE FROM sessions WHERE expires_at <= ?");
      gc.bind(1, s.created_at);
      gc.exec();
      auto& q = c.Prepare(
          "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, "
          "expires_at) VALUES (?,?,?,?,?)");
      q.bind(1, s.token_hash);
      q.bind(2, s.user_id);
      q.bind(3, s.csrf_token);
      q.bind(4, s.created_at);
      q.bind(5, s.expires_at);
      q.exec();
      AppendAudit(c, audit, std::to_string(s.user_id));
      return {};
    });
  }

  core::Result<SessionRecord> FindSession(const std::string& token_hash,
                                          const std::string& now) override {
    return Read([&](Conn& c) -> core::Result<SessionRecord> {
      auto& q = c.Prepare(
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
    });
  }

  core::Status DeleteSession(const std::string& token_hash, const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Status {
      auto& q = c.Prepare("DELETE FROM sessions WHERE token_hash = ?");
      q.bind(1, token_hash);
      if (q.exec() > 0) AppendAudit(c, audit, audit.entity_id);
      return {};
    });
  }

  core::Result<int64_t> CreateApiToken(const ApiTokenRecord& t, const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Result<int64_t> {
      auto& q = c.Prepare(
          "INSERT INTO api_tokens(user_id, name, token_hash, created_at) VALUES (?,?,?,?)");
      q.bind(1, t.user_id);
      q.bind(2, t.name);
      q.bind(3, t.token_hash);
      q.bind(4, t.created_at);
      q.exec();
      int64_t id = c.db.getLastInsertRowid();
      AppendAudit(c, audit, std::to_string(id));
      return id;
    });
  }

  core::Result<ApiTokenRecord> FindApiToken(const std::string& token_hash) override {
    return Read([&](Conn& c) -> core::Result<ApiTokenRecord> {
      auto& q = c.Prepare(
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
    });
  }

  core::Result<ReportRecord> PutReport(const ReportRecord& next, int64_t expected_version,
                                       const ReportChanges& changes,
                                       const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Result<ReportRecord> {
      ReportRecord r = next;
      if (r.id == 0) {
        // A creation races with another one of the same report: the loser sees a stale version.
        auto& existing = c.Prepare(
            "SELECT version FROM reports WHERE program_id = ? AND "
            "obligation = ? AND period = ? AND unit_id = ?");
        existing.bind(1, r.program_id);
        existing.bind(2, r.obligation);
        existing.bind(3, r.period);
        existing.bind(4, r.unit_id);
        if (existing.executeStep()) {
          return tl::unexpected(StaleVersion(expected_version, existing.getColumn(0).getInt64()));
        }
        if (expected_version != 0) return tl::unexpected(StaleVersion(expected_version, 0));
        r.version = 1;
        r.created_at = r.updated_at;
        auto& q = c.Prepare(
            "INSERT INTO reports(program_id, obligation, period, unit_id, due, "
            "status, version, first_submitted_at, submitted_at, approved_at, "
            "comment, warnings, created_at, updated_at, updated_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        q.bind(1, r.program_id);
        q.bind(2, r.obligation);
        q.bind(3, r.period);
        q.bind(4, r.unit_id);
        q.bind(5, r.due);
        q.bind(6, domain::ReportStatusName(r.status));
        q.bind(7, r.version);
        BindOpt(q, 8, r.first_submitted_at);
        BindOpt(q, 9, r.submitted_at);
        BindOpt(q, 10, r.approved_at);
        q.bind(11, r.comment);
        q.bind(12, r.warnings);
        q.bind(13, r.created_at);
        q.bind(14, r.updated_at);
        BindOpt(q, 15, r.updated_by);
        q.exec();
        r.id = c.db.getLastInsertRowid();
      } else {
        auto& cur = c.Prepare("SELECT version FROM reports WHERE id = ?");
        cur.bind(1, r.id);
        if (!cur.executeStep()) return tl::unexpected(ReportNotFound(r.id));
        int64_t stored = cur.getColumn(0).getInt64();
        if (stored != expected_version) {
          return tl::unexpected(StaleVersion(expected_version, stored));
        }
        r.version = stored + 1;
        auto& q = c.Prepare(
            "UPDATE reports SET due = ?, status = ?, version = ?, "
            "first_submitted_at = ?, submitted_at = ?, approved_at = ?, "
            "comment = ?, warnings = ?, updated_at = ?, updated_by = ? WHERE id = ?");
        q.bind(1, r.due);
        q.bind(2, domain::ReportStatusName(r.status));
        q.bind(3, r.version);
        BindOpt(q, 4, r.first_submitted_at);
        BindOpt(q, 5, r.submitted_at);
        BindOpt(q, 6, r.approved_at);
        q.bind(7, r.comment);
        q.bind(8, r.warnings);
        q.bind(9, r.updated_at);
        BindOpt(q, 10, r.updated_by);
        q.bind(11, r.id);
        q.exec();
        auto& created = c.Prepare("SELECT created_at FROM reports WHERE id = ?");
        created.bind(1, r.id);
        if (created.executeStep()) r.created_at = created.getColumn(0).getString();
      }
      WriteChanges(c, r, changes);
      AppendAudit(c, audit, std::to_string(r.id));
      return r;
    });
  }

  core::Result<ReportRecord> GetReport(ReportId id) override {
    return Read([&](Conn& c) -> core::Result<ReportRecord> {
      auto& q = c.Prepare(std::string(kSelectReport) + " WHERE id = ?");
      q.bind(1, id);
      if (!q.executeStep()) return tl::unexpected(ReportNotFound(id));
      return ReadReport(q);
    });
  }

  core::Result<std::optional<ReportRecord>> FindReport(ProgramId program,
                                                       const std::string& obligation,
                                                       const std::string& period,
                                                       domain::OrgUnitId unit) override {
    return Read([&](Conn& c) -> core::Result<std::optional<ReportRecord>> {
      auto& q = c.Prepare(std::string(kSelectReport) +
                          " WHERE program_id = ? AND obligation = ? AND period = ? AND "
                          "unit_id = ?");
      q.bind(1, program);
      q.bind(2, obligation);
      q.bind(3, period);
      q.bind(4, unit);
      if (!q.executeStep()) return std::optional<ReportRecord>();
      return std::optional<ReportRecord>(ReadReport(q));
    });
  }

  core::Result<std::vector<ReportRecord>> ListReports(const ReportFilter& filter) override {
    return Read([&](Conn& c) -> core::Result<std::vector<ReportRecord>> {
      auto& q = c.Prepare(std::string(kSelectReport) + " WHERE " + FilterSql("", filter) +
                          " ORDER BY program_id, period, obligation, unit_id");
      BindFilter(q, filter);
      std::vector<ReportRecord> out;
      while (q.executeStep()) out.push_back(ReadReport(q));
      return out;
    });
  }

  core::Result<domain::ReportContent> GetReportContent(ReportId id, int64_t* version) override {
    return Read(
        [&](Conn& c) -> core::Result<domain::ReportContent> {
          auto& exists = c.Prepare("SELECT version FROM reports WHERE id = ?");
          exists.bind(1, id);
          if (!exists.executeStep()) return tl::unexpected(ReportNotFound(id));
          if (version) *version = exists.getColumn(0).getInt64();
          domain::ReportContent content;
          auto& v = c.Prepare(CurrentValuesSql("r.id = ?"));
          v.bind(1, id);
          while (v.executeStep()) content.values.push_back(ReadValue(v, 1));
          auto& t = c.Prepare(
              "SELECT task_id, status, percent, output FROM report_tasks WHERE "
              "report_id = ? ORDER BY task_id");
          t.bind(1, id);
          while (t.executeStep()) {
            domain::TaskProgress p;
            p.task_id = t.getColumn(0).getString();
            p.status = domain::ParseTaskStatus(t.getColumn(1).getString())
                           .value_or(domain::TaskStatus::kNotStarted);
            if (auto pct = OptInt(t, 2)) p.percent = static_cast<int>(*pct);
            p.output = t.getColumn(3).getString();
            content.tasks.push_back(std::move(p));
          }
          auto& n = c.Prepare("SELECT section, text FROM report_narratives WHERE report_id = ?");
          n.bind(1, id);
          while (n.executeStep()) {
            if (auto s = domain::ParseNarrative(n.getColumn(0).getString())) {
              content.narrative[static_cast<size_t>(*s)] = n.getColumn(1).getString();
            }
          }
          return content;
        },
        Snapshot::kYes);
  }

  core::Result<std::vector<ValueVintage>> ListValueVintages(ReportId id) override {
    return Read(
        [&](Conn& c) -> core::Result<std::vector<ValueVintage>> {
          auto& exists = c.Prepare("SELECT 1 FROM reports WHERE id = ?");
          exists.bind(1, id);
          if (!exists.executeStep()) return tl::unexpected(ReportNotFound(id));
          auto& q = c.Prepare(
              "SELECT target_id, scope, kind, value_mantissa, value_scale, note, "
              "version, recorded_at, recorded_by FROM report_values WHERE report_id = ? "
              "ORDER BY target_id, scope = 'cumulative', version");
          q.bind(1, id);
          std::vector<ValueVintage> out;
          while (q.executeStep()) {
            ValueVintage vv;
            vv.value = ReadValue(q, 0);
            vv.version = q.getColumn(6).getInt64();
            vv.recorded_at = q.getColumn(7).getString();
            vv.recorded_by = OptInt(q, 8);
            out.push_back(std::move(vv));
          }
          return out;
        },
        Snapshot::kYes);
  }

  core::Result<std::vector<std::pair<ReportId, domain::ReportValue>>> CurrentValues(
      const ReportFilter& filter) override {
    return Read(
        [&](Conn& c) -> core::Result<std::vector<std::pair<ReportId, domain::ReportValue>>> {
          auto& q = c.Prepare(CurrentValuesSql(FilterSql("r.", filter)));
          BindFilter(q, filter);
          std::vector<std::pair<ReportId, domain::ReportValue>> out;
          while (q.executeStep()) out.emplace_back(q.getColumn(0).getInt64(), ReadValue(q, 1));
          return out;
        });
  }

  core::Result<size_t> BulkLoadValues(ProgramId program, const std::vector<BulkValue>& rows,
                                      domain::ReportStatus status, const std::string& at,
                                      const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Result<size_t> {
      // Each report touched gets one new version for the whole load; of[i] is row i's report
      // (id, version). Rows of one report usually come together.
      using Key = std::tuple<std::string_view, std::string_view, domain::OrgUnitId>;
      std::map<Key, std::pair<ReportId, int64_t>> reports;
      std::vector<std::pair<ReportId, int64_t>> of(rows.size());
      auto& find = c.Prepare(
          "SELECT id, version FROM reports WHERE program_id = ? AND "
          "obligation = ? AND period = ? AND unit_id = ?");
      auto& bump = c.Prepare("UPDATE reports SET version = ?, updated_at = ? WHERE id = ?");
      auto& create = c.Prepare(
          "INSERT INTO reports(program_id, obligation, period, unit_id, due, "
          "status, version, first_submitted_at, submitted_at, approved_at, "
          "created_at, updated_at) VALUES (?,?,?,?,?,?,1,?,?,?,?,?)");
      bool submitted = status != domain::ReportStatus::kDraft;
      for (size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        if (i > 0 && row.unit_id == rows[i - 1].unit_id && row.period == rows[i - 1].period &&
            row.obligation == rows[i - 1].obligation) {
          of[i] = of[i - 1];
          continue;
        }
        auto [it, added] = reports.try_emplace(Key{row.obligation, row.period, row.unit_id});
        if (added) {
          find.reset();
          find.bind(1, program);
          find.bind(2, row.obligation);
          find.bind(3, row.period);
          find.bind(4, row.unit_id);
          if (find.executeStep()) {
            it->second = {find.getColumn(0).getInt64(), find.getColumn(1).getInt64() + 1};
            bump.reset();
            bump.bind(1, it->second.second);
            bump.bind(2, at);
            bump.bind(3, it->second.first);
            bump.exec();
          } else {
            create.reset();
            create.bind(1, program);
            create.bind(2, row.obligation);
            create.bind(3, row.period);
            create.bind(4, row.unit_id);
            create.bind(5, row.due);
            create.bind(6, domain::ReportStatusName(status));
            BindOpt(create, 7, submitted ? std::optional(at) : std::nullopt);
            BindOpt(create, 8, submitted ? std::optional(at) : std::nullopt);
            BindOpt(create, 9,
                    status == domain::ReportStatus::kApproved ? std::optional(at) : std::nullopt);
            create.bind(10, at);
            create.bind(11, at);
            create.exec();
            it->second = {c.db.getLastInsertRowid(), 1};
          }
        }
        of[i] = it->second;
      }
      InsertValues(c, rows.size(), [&](size_t i, SQLite::Statement& q, int first) {
        BindValue(q, first, of[i].first, of[i].second, rows[i].value, at, audit.actor_id);
      });
      AppendAudit(c, audit, std::to_string(program));
      return rows.size();
    });
  }

  core::Status ScanApprovedValues(ProgramId program, const ApprovedSink& sink) override {
    auto bounds = Read([&](Conn& c) -> core::Result<std::vector<ReportId>> {
      auto& q = c.Prepare(
          "SELECT id FROM reports WHERE program_id = ? AND status = 'approved' ORDER BY id");
      q.bind(1, program);
      std::vector<ReportId> ids;
      while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
      return ids;
    });
    if (!bounds) return tl::unexpected(bounds.error());
    const auto& ids = *bounds;
    if (ids.empty()) return {};
    // Two halves of the reports on two readers (one connection for a database in memory): the
    // scan is SQLite's stepping and decoding, one core's work per connection.
    const size_t parts = shared_ || ids.size() < 1000 ? 1 : 2;
    auto scan = [&](ReportId first, ReportId last) {
      return Read(
          [&](Conn& c) -> core::Status {
            // The approved reports' rows as report_values' key holds them (SQLite walks the
            // sorted ids of IN and seeks each report in the key), so a target's versions come
            // together; the newest is kept here. No ORDER BY: SQLite does not see that the key
            // already gives it and sorts each report's rows (9.3 M rows: 7.3 s instead of 1.9).
            // Through the C API: SQLiteCpp's Column holds a shared pointer to its statement,
            // whose count cost a fifth of the scan at this many rows.
            static constexpr const char* kScan =
                "SELECT v.report_id, v.target_id, v.kind, v.value_mantissa, v.value_scale, "
                "v.version FROM report_values v WHERE v.report_id IN (SELECT id FROM reports "
                "WHERE program_id = ?1 AND status = 'approved' AND id BETWEEN ?2 AND ?3) AND "
                "v.scope = 'period'";
            sqlite3_stmt* raw = nullptr;
            if (sqlite3_prepare_v2(c.db.getHandle(), kScan, -1, &raw, nullptr) != SQLITE_OK) {
              throw SQLite::Exception(c.db.getHandle());
            }
            std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
            sqlite3_bind_int64(raw, 1, program);
            sqlite3_bind_int64(raw, 2, first);
            sqlite3_bind_int64(raw, 3, last);
            constexpr size_t kBatch = 1 << 16;
            std::vector<ApprovedValue> batch;
            batch.reserve(kBatch);
            ApprovedValue pending;
            int64_t pending_version = 0;
            bool have = false, cleared = false;
            auto flush = [&] {
              if (have && !cleared) batch.push_back(pending);
              if (batch.size() >= kBatch) {
                sink(batch);
                batch.clear();
              }
            };
            int step;
            while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
              const ReportId report = sqlite3_column_int64(raw, 0);
              const int64_t target = sqlite3_column_int64(raw, 1);
              const int64_t version = sqlite3_column_int64(raw, 5);
              if (have && (report != pending.report || target != pending.target_id)) {
                flush();
              } else if (have && version < pending_version) {
                continue;
              }
              have = true;
              pending_version = version;
              pending.report = report;
              pending.target_id = target;
              const unsigned char* kind = sqlite3_column_text(raw, 2);
              pending.kind = kind[0] == 'a'   ? domain::ValueKind::kActual
                             : kind[0] == 'e' ? domain::ValueKind::kEstimate
                                              : domain::ValueKind::kPlan;
              cleared = sqlite3_column_type(raw, 3) == SQLITE_NULL;
              if (!cleared) {
                pending.value =
                    core::Decimal{sqlite3_column_int64(raw, 3), sqlite3_column_int(raw, 4)};
              }
            }
            if (step != SQLITE_DONE) throw SQLite::Exception(c.db.getHandle());
            flush();
            if (!batch.empty()) sink(batch);
            return {};
          },
          Snapshot::kYes);
    };
    if (parts == 1) return scan(ids.front(), ids.back());
    const size_t mid = ids.size() / 2;
    core::Status second;
    std::thread other([&] { second = scan(ids[mid], ids.back()); });
    core::Status first = scan(ids.front(), ids[mid - 1]);
    other.join();
    return first ? second : first;
  }

  core::Result<DatasetCounts> LoadDataset(const DatasetLoad& load) override {
    return Write([&](Conn& c) -> core::Result<DatasetCounts> {
      auto& held =
          c.Prepare("SELECT (SELECT count(*) FROM programs), (SELECT count(*) FROM reports)");
      held.executeStep();
      if (int64_t programs = held.getColumn(0).getInt64(), reports = held.getColumn(1).getInt64();
          programs > 0 || reports > 0) {
        return tl::unexpected(DatabaseNotEmpty(programs, reports));
      }
      auto& taken = c.Prepare("SELECT 1 FROM org_units WHERE id = ?");
      for (const auto& u : load.units) {
        taken.reset();
        taken.bind(1, u.id);
        if (taken.executeStep()) return tl::unexpected(UnitExists(u.id));
      }
      DatasetCounts counts;
      InsertUnits(c, load.units);
      counts.units = load.units.size();

      DatasetIds ids;
      auto& targets = c.Prepare("SELECT id FROM targets WHERE program_id = ? ORDER BY ord");
      for (const auto& [program, audit] : load.programs) {
        ProgramId id = InsertPlan(c, program, program.status, program.published_at);
        AppendAudit(c, audit, std::to_string(id));
        ids.programs.push_back(id);
        targets.reset();
        targets.bind(1, id);
        auto& list = ids.targets.emplace_back();
        while (targets.executeStep()) list.push_back(targets.getColumn(0).getInt64());
      }
      counts.programs = ids.programs.size();

      auto& report = c.Prepare(
          "INSERT INTO reports(program_id, obligation, period, unit_id, due, status, version, "
          "first_submitted_at, submitted_at, approved_at, created_at, updated_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
      // One batch's values in report order, written kValueRows per statement.
      struct Row {
        ReportId report;
        int64_t version;
        const std::string* at;
        const domain::ReportValue* value;
      };
      std::vector<DatasetReport> batch;
      std::vector<Row> rows;
      while (true) {
        batch.clear();
        bool more = load.next(ids, batch);
        rows.clear();
        for (const auto& r : batch) {
          if (r.versions.empty() || r.program >= ids.programs.size()) {
            throw std::invalid_argument("a data set report without versions or program");
          }
          report.reset();
          report.bind(1, ids.programs[r.program]);
          report.bind(2, r.obligation);
          report.bind(3, r.period);
          report.bind(4, r.unit_id);
          report.bind(5, r.due);
          report.bind(6, domain::ReportStatusName(r.status));
          report.bind(7, static_cast<int64_t>(r.versions.size()));
          BindOpt(report, 8, r.first_submitted_at);
          BindOpt(report, 9, r.submitted_at);
          BindOpt(report, 10, r.approved_at);
          report.bind(11, r.versions.front().recorded_at);
          report.bind(12, r.versions.back().recorded_at);
          report.exec();
          ReportId id = c.db.getLastInsertRowid();
          for (size_t k = 0; k < r.versions.size(); ++k) {
            for (const auto& v : r.versions[k].values) {
              rows.push_back({id, static_cast<int64_t>(k + 1), &r.versions[k].recorded_at, &v});
            }
          }
        }
        InsertValues(c, rows.size(), [&](size_t i, SQLite::Statement& q, int first) {
          BindValue(q, first, rows[i].report, rows[i].version, *rows[i].value, *rows[i].at,
                    std::nullopt);
        });
        counts.reports += batch.size();
        counts.values += rows.size();
        if (!more) break;
      }
      AppendAudit(c, load.audit(counts), "");
      return counts;
    });
  }

  core::Status ReplaceAllocations(ProgramId program, const std::vector<Allocation>& rows,
                                  const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Status {
      if (!Exists(c, program)) return tl::unexpected(ProgramNotFound(program));
      std::set<int64_t> targets;
      for (const auto& a : rows) targets.insert(a.target_id);
      auto& del = c.Prepare("DELETE FROM allocations WHERE program_id = ? AND target_id = ?");
      for (int64_t t : targets) {
        del.reset();
        del.bind(1, program);
        del.bind(2, t);
        del.exec();
      }
      auto& ins = c.Prepare(
          "INSERT INTO allocations(program_id, target_id, unit_id, "
          "value_mantissa, value_scale) VALUES (?,?,?,?,?)");
      for (const auto& a : rows) {
        ins.reset();
        ins.bind(1, program);
        ins.bind(2, a.target_id);
        ins.bind(3, a.unit_id);
        ins.bind(4, a.value.mantissa);
        ins.bind(5, a.value.scale);
        ins.exec();
      }
      auto& rev =
          c.Prepare("UPDATE programs SET allocations_rev = allocations_rev + 1 WHERE id = ?");
      rev.bind(1, program);
      rev.exec();
      AppendAudit(c, audit, std::to_string(program));
      return {};
    });
  }

  WriteStats GetWriteStats() const override {
    std::lock_guard lock(stats_mu_);
    return stats_;
  }

  core::Result<int64_t> AllocationsRevision(ProgramId program) override {
    return Read([&](Conn& c) -> core::Result<int64_t> {
      auto& q = c.Prepare("SELECT allocations_rev FROM programs WHERE id = ?");
      q.bind(1, program);
      if (!q.executeStep()) return tl::unexpected(ProgramNotFound(program));
      return q.getColumn(0).getInt64();
    });
  }

  core::Result<std::vector<Allocation>> ListAllocations(
      ProgramId program, std::optional<domain::OrgUnitId> unit) override {
    return Read(
        [&](Conn& c) -> core::Result<std::vector<Allocation>> {
          if (!Exists(c, program)) return tl::unexpected(ProgramNotFound(program));
          // One unit's shares through allocations_unit, already in target order (the index
          // ends with the key): left to itself, SQLite walks all the program's shares in key
          // order to spare a sort of 100 rows (100 of 8 600 shares: 1.6 ms instead of 0.4).
          auto& q = c.Prepare(std::string("SELECT target_id, unit_id, value_mantissa, value_scale "
                                          "FROM allocations ") +
                              (unit ? "INDEXED BY allocations_unit WHERE program_id = ?1 AND "
                                      "unit_id = ?2"
                                    : "WHERE program_id = ?1") +
                              " ORDER BY target_id, unit_id");
          q.bind(1, program);
          if (unit) q.bind(2, *unit);
          std::vector<Allocation> out;
          while (q.executeStep()) {
            out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                           core::Decimal{q.getColumn(2).getInt64(), q.getColumn(3).getInt()}});
          }
          return out;
        },
        Snapshot::kYes);
  }

  core::Result<size_t> EnqueueMessages(const std::vector<OutboxMessage>& messages,
                                       const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Result<size_t> {
      auto& q = c.Prepare(
          "INSERT INTO outbox(key, unit_id, kind, subject, body, created_at) "
          "VALUES (?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING");
      size_t added = 0;
      for (const auto& m : messages) {
        q.reset();
        q.bind(1, m.key);
        q.bind(2, m.unit_id);
        q.bind(3, m.kind);
        q.bind(4, m.subject);
        q.bind(5, m.body);
        q.bind(6, m.created_at);
        added += static_cast<size_t>(q.exec());
      }
      if (added > 0) AppendAudit(c, audit, audit.entity_id);
      return added;
    });
  }

  core::Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, size_t limit) override {
    return Read([&](Conn& c) -> core::Result<std::vector<OutboxMessage>> {
      auto& q = c.Prepare(std::string("SELECT id, key, unit_id, kind, subject, body, "
                                      "created_at, sent_at FROM outbox") +
                          (pending_only ? " WHERE sent_at IS NULL" : "") + " ORDER BY id LIMIT ?");
      q.bind(1, static_cast<int64_t>(limit));
      std::vector<OutboxMessage> out;
      while (q.executeStep()) {
        OutboxMessage m;
        m.id = q.getColumn(0).getInt64();
        m.key = q.getColumn(1).getString();
        m.unit_id = q.getColumn(2).getInt64();
        m.kind = q.getColumn(3).getString();
        m.subject = q.getColumn(4).getString();
        m.body = q.getColumn(5).getString();
        m.created_at = q.getColumn(6).getString();
        m.sent_at = OptText(q, 7);
        out.push_back(std::move(m));
      }
      return out;
    });
  }

  core::Status MarkSent(int64_t id, const std::string& at, const AuditEvent& audit) override {
    return Write([&](Conn& c) -> core::Status {
      auto& q = c.Prepare("UPDATE outbox SET sent_at = COALESCE(sent_at, ?) WHERE id = ?");
      q.bind(1, at);
      q.bind(2, id);
      if (q.exec() == 0) return tl::unexpected(MessageNotFound(id));
      AppendAudit(c, audit, std::to_string(id));
      return {};
    });
  }

  core::Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, size_t limit) override {
    return Read([&](Conn& c) -> core::Result<std::vector<AuditEntry>> {
      auto& q = c.Prepare(std::string(kSelectAudit) + " WHERE seq > ? ORDER BY seq LIMIT ?");
      q.bind(1, after_seq);
      q.bind(2, static_cast<int64_t>(limit));
      std::vector<AuditEntry> out;
      while (q.executeStep()) out.push_back(ReadAudit(q));
      return out;
    });
  }

  core::Result<std::optional<AuditEntry>> LastAuditOf(const std::string& entity,
                                                      const std::string& entity_id) override {
    return Read([&](Conn& c) -> core::Result<std::optional<AuditEntry>> {
      auto& q = c.Prepare(std::string(kSelectAudit) +
                          " WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1");
      q.bind(1, entity);
      q.bind(2, entity_id);
      if (!q.executeStep()) return std::optional<AuditEntry>();
      return std::optional<AuditEntry>(ReadAudit(q));
    });
  }

 private:
  static constexpr const char* kSelectReport =
      "SELECT id, program_id, obligation, period, unit_id, due, status, version, "
      "first_submitted_at, submitted_at, approved_at, comment, warnings, created_at, updated_at, "
      "updated_by FROM reports";
  // The newest vintage of each value of the reports that `where` (a condition on the report
  // r) selects, cleared ones left out: (report, target, scope, kind, mantissa, scale, note,
  // version) by report, target and scope. One pass over report_values' key in report order
  // (the ids of `where` come sorted out of IN): with a single max(), SQLite takes the other
  // columns from the row that has it. With a subquery per row instead, one report's 200 values
  // of six versions took 1.4 ms instead of 0.8, a program's million values 4.5 s instead of 3.8
  // (read through Python's sqlite3).
  static std::string CurrentValuesSql(const std::string& where) {
    return "SELECT v.report_id, v.target_id, v.scope, v.kind, v.value_mantissa, v.value_scale, "
           "v.note, max(v.version) FROM report_values v WHERE v.report_id IN (SELECT r.id FROM "
           "reports r WHERE " +
           where +
           ") GROUP BY v.report_id, v.target_id, v.scope HAVING v.value_mantissa IS NOT NULL "
           "ORDER BY v.report_id, v.target_id, v.scope = 'cumulative'";
  }
  // Values go in statements of kValueRows rows: SQLite's work per statement costs more than
  // the rows themselves (a million values: 4.3–6.4 s one row per INSERT, 2.3–3.2 s with 50).
  static constexpr size_t kValueRows = 50;
  static constexpr int kValueColumns = 10;
  static std::string InsertValuesSql(size_t rows) {
    std::string sql =
        "INSERT INTO report_values(report_id, target_id, scope, version, kind, value_mantissa, "
        "value_scale, note, recorded_at, recorded_by) VALUES ";
    for (size_t i = 0; i < rows; ++i) sql += i ? ",(?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?)";
    return sql;
  }

  // Appends `count` values, kValueRows per statement; bind(i, q, first) binds value i's
  // columns from parameter `first` (BindValue). The statements are kept on the connection: one
  // of kValueRows rows, one per size of a last, shorter statement.
  template <typename BindRow>
  static void InsertValues(Conn& c, size_t count, BindRow&& bind) {
    static const std::string full = InsertValuesSql(kValueRows);
    size_t i = 0;
    if (count >= kValueRows) {
      auto& q = c.Prepare(full);
      for (; i + kValueRows <= count; i += kValueRows) {
        q.reset();
        for (size_t k = 0; k < kValueRows; ++k) {
          bind(i + k, q, static_cast<int>(k) * kValueColumns + 1);
        }
        q.exec();
      }
    }
    if (i == count) return;
    auto& q = c.Prepare(InsertValuesSql(count - i));
    for (size_t k = 0; i + k < count; ++k) bind(i + k, q, static_cast<int>(k) * kValueColumns + 1);
    q.exec();
  }

  static ReportRecord ReadReport(SQLite::Statement& q) {
    ReportRecord r;
    r.id = q.getColumn(0).getInt64();
    r.program_id = q.getColumn(1).getInt64();
    r.obligation = q.getColumn(2).getString();
    r.period = q.getColumn(3).getString();
    r.unit_id = q.getColumn(4).getInt64();
    r.due = q.getColumn(5).getString();
    r.status = domain::ParseReportStatus(q.getColumn(6).getString())
                   .value_or(domain::ReportStatus::kDraft);
    r.version = q.getColumn(7).getInt64();
    r.first_submitted_at = OptText(q, 8);
    r.submitted_at = OptText(q, 9);
    r.approved_at = OptText(q, 10);
    r.comment = q.getColumn(11).getString();
    r.warnings = q.getColumn(12).getString();
    r.created_at = q.getColumn(13).getString();
    r.updated_at = q.getColumn(14).getString();
    r.updated_by = OptInt(q, 15);
    return r;
  }

  // Reads (target_id, scope, kind, mantissa, scale, note) starting at column `first`.
  static domain::ReportValue ReadValue(SQLite::Statement& q, int first) {
    domain::ReportValue v;
    v.target_id = q.getColumn(first).getInt64();
    v.scope = domain::ParseValueScope(q.getColumn(first + 1).getString())
                  .value_or(domain::ValueScope::kPeriod);
    v.kind = domain::ParseValueKind(q.getColumn(first + 2).getString())
                 .value_or(domain::ValueKind::kEstimate);
    if (!q.getColumn(first + 3).isNull()) {
      v.value = core::Decimal{q.getColumn(first + 3).getInt64(), q.getColumn(first + 4).getInt()};
    }
    v.note = q.getColumn(first + 5).getString();
    return v;
  }

  // Binds one row of report_values from parameter `first`. Text is bound without a copy: the
  // names are constants, the rest outlives the statement's execution.
  static void BindValue(SQLite::Statement& q, int first, ReportId report, int64_t version,
                        const domain::ReportValue& v, const std::string& at,
                        const std::optional<domain::UserId>& by) {
    q.bind(first, report);
    q.bind(first + 1, v.target_id);
    q.bindNoCopy(first + 2, domain::ValueScopeName(v.scope));
    q.bind(first + 3, version);
    q.bindNoCopy(first + 4, domain::ValueKindName(v.kind));
    if (v.value) {
      q.bind(first + 5, v.value->mantissa);
      q.bind(first + 6, v.value->scale);
    } else {
      q.bind(first + 5);
      q.bind(first + 6);
    }
    q.bindNoCopy(first + 7, v.note);
    q.bindNoCopy(first + 8, at);
    if (by) {
      q.bind(first + 9, *by);
    } else {
      q.bind(first + 9);
    }
  }

  // "1 = 1 AND program_id = ?1 …" for the filter's set fields only (so that SQLite picks the
  // reports indexes), columns prefixed with `table`; BindFilter binds them by number.
  static std::string FilterSql(const std::string& table, const ReportFilter& f) {
    std::string sql = "1 = 1";
    if (f.program_id) sql += " AND " + table + "program_id = ?1";
    if (f.period) sql += " AND " + table + "period = ?2";
    if (f.obligation) sql += " AND " + table + "obligation = ?3";
    if (f.unit_id) sql += " AND " + table + "unit_id = ?4";
    return sql;
  }
  static void BindFilter(SQLite::Statement& q, const ReportFilter& f) {
    if (f.program_id) q.bind(1, *f.program_id);
    if (f.period) q.bind(2, *f.period);
    if (f.obligation) q.bind(3, *f.obligation);
    if (f.unit_id) q.bind(4, *f.unit_id);
  }

  void WriteChanges(Conn& c, const ReportRecord& r, const ReportChanges& changes) {
    InsertValues(c, changes.values.size(), [&](size_t i, SQLite::Statement& q, int first) {
      BindValue(q, first, r.id, r.version, changes.values[i], r.updated_at, r.updated_by);
    });
    if (!changes.tasks.empty()) {
      auto& q = c.Prepare(
          "INSERT OR REPLACE INTO report_tasks(report_id, task_id, status, "
          "percent, output) VALUES (?,?,?,?,?)");
      for (const auto& t : changes.tasks) {
        q.reset();
        q.bind(1, r.id);
        q.bind(2, t.task_id);
        q.bind(3, domain::TaskStatusName(t.status));
        BindOpt(q, 4, t.percent);
        q.bind(5, t.output);
        q.exec();
      }
    }
    if (!changes.narrative.empty()) {
      auto& q = c.Prepare(
          "INSERT OR REPLACE INTO report_narratives(report_id, section, text) "
          "VALUES (?,?,?)");
      for (const auto& [section, text] : changes.narrative) {
        q.reset();
        q.bind(1, r.id);
        q.bind(2, domain::NarrativeName(section));
        q.bind(3, text);
        q.exec();
      }
    }
  }

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
  void AppendAudit(Conn& c, const AuditEvent& event, const std::string& entity_id) {
    AuditEntry e;
    e.event = event;
    if (e.event.entity_id.empty()) e.event.entity_id = entity_id;
    auto& last = c.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.executeStep()) {
      e.seq = last.getColumn(0).getInt64() + 1;
      e.prev_hash = last.getColumn(1).getString();
    } else {
      e.seq = 1;
      e.prev_hash = kAuditGenesisHash;
    }
    e.hash = AuditHash(e);
    auto& q = c.Prepare(
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

  // Adds units; a parent or successor may come later in the list.
  static void InsertUnits(Conn& c, const std::vector<domain::OrgUnit>& units) {
    auto& unit = c.Prepare(
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
    auto& parent = c.Prepare("UPDATE org_units SET parent_id = ? WHERE id = ?");
    auto& alias = c.Prepare("INSERT INTO org_unit_aliases(unit_id, ord, alias) VALUES (?,?,?)");
    auto& succ =
        c.Prepare("INSERT INTO org_successions(unit_id, ord, successor_id) VALUES (?,?,?)");
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
  }

  // Stores a program with its plan, as `status` (published at `published_at`).
  ProgramId InsertPlan(Conn& c, const ProgramRecord& p, ProgramStatus status,
                       const std::optional<std::string>& published_at) {
    const auto& d = p.plan.document;
    auto& q = c.Prepare(
        "INSERT INTO programs(type, number, issued_date, place, issuer, "
        "signer, signer_title, "
        "year, title, source_name, source_text, source_sha256, created_at, status, "
        "published_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
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
    q.bind(14, ProgramStatusName(status));
    BindOpt(q, 15, published_at);
    q.exec();
    ProgramId id = c.db.getLastInsertRowid();
    InsertChildren(c, id, p.plan);
    return id;
  }

  static constexpr const char* kSelectTargets =
      "SELECT id, section, indicator, raw, value_mantissa, value_scale, unit, comparator, "
      "approximate, parent, "
      "restates, span_line, span_column, span_offset, span_length, numerator_ord, denominator_ord "
      "FROM targets WHERE program_id = "
      "? ORDER BY ord";

  static core::Result<ProgramRecord> NotFound(ProgramId id) {
    return tl::unexpected(ProgramNotFound(id));
  }

  bool Exists(Conn& c, ProgramId id) {
    auto& q = c.Prepare("SELECT 1 FROM programs WHERE id = ?");
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
    if (auto n = OptInt(q, 15)) t.numerator = static_cast<int>(*n);
    if (auto d = OptInt(q, 16)) t.denominator = static_cast<int>(*d);
    return st;
  }

  void InsertRefs(Conn& c, ProgramId program, const char* owner, int64_t owner_id, const char* role,
                  const std::vector<std::string>& written,
                  const std::vector<domain::ResolvedUnitName>& resolved) {
    auto& ref = c.Prepare(
        "INSERT INTO unit_refs(program_id, owner, owner_id, role, ord, written, resolution) "
        "VALUES (?,?,?,?,?,?,?)");
    auto& unit = c.Prepare("INSERT OR IGNORE INTO unit_ref_units(ref_id, unit_id) VALUES (?,?)");
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
      int64_t ref_id = c.db.getLastInsertRowid();
      if (i >= resolved.size()) continue;
      for (auto unit_id : resolved[i].units) {
        unit.reset();
        unit.bind(1, ref_id);
        unit.bind(2, unit_id);
        unit.exec();
      }
    }
  }

  void InsertChildren(Conn& c, ProgramId id, const domain::PlanDraft& plan) {
    const auto& d = plan.document;
    auto& text =
        c.Prepare("INSERT INTO program_texts(program_id, kind, ord, text) VALUES (?,?,?,?)");
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
    auto& art = c.Prepare("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < d.articles.size(); ++i) {
      art.reset();
      art.bind(1, id);
      art.bind(2, static_cast<int64_t>(i));
      art.bind(3, d.articles[i].number);
      art.bind(4, d.articles[i].text);
      BindSpan(art, 5, d.articles[i].span);
      art.exec();
    }
    auto& sec = c.Prepare(
        "INSERT INTO sections(program_id, ord, number, title, parent, depth, lead_phrase, "
        "leads_inherited, span_line, span_column, span_offset, span_length) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    auto& task = c.Prepare(
        "INSERT INTO tasks(section_id, ord, text, kind, leads_inherited, span_line, span_column, "
        "span_offset, span_length) VALUES (?,?,?,?,?,?,?,?,?)");
    auto& detail = c.Prepare("INSERT INTO task_details(task_id, ord, text) VALUES (?,?,?)");
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
      int64_t section_id = c.db.getLastInsertRowid();
      InsertRefs(c, id, "section", section_id, "lead", s.lead_units, s.resolved_leads);
      InsertRefs(c, id, "section", section_id, "coordinate", s.coordinating_units,
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
        int64_t task_id = c.db.getLastInsertRowid();
        // Inherited leads are the section's: stored once, with the section.
        if (!t.leads_inherited)
          InsertRefs(c, id, "task", task_id, "lead", t.lead_units, t.resolved_leads);
        InsertRefs(c, id, "task", task_id, "coordinate", t.coordinating_units,
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
    auto& tgt = c.Prepare(
        "INSERT INTO targets(program_id, ord, section, indicator, raw, value_mantissa, "
        "value_scale, "
        "unit, comparator, approximate, parent, restates, span_line, span_column, span_offset, "
        "span_length, numerator_ord, denominator_ord) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
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
      BindOpt(tgt, 17, t.numerator);
      BindOpt(tgt, 18, t.denominator);
      tgt.exec();
    }
    auto& bud = c.Prepare(
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
    auto& dl = c.Prepare(
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
    auto& rule = c.Prepare(
        "INSERT INTO reporting_rules(program_id, ord, section, raw, report, frequency, due, "
        "day_of_month, last_month_of_quarter, from_text, span_line, span_column, span_offset, "
        "span_length, cutoff_working_days) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    auto& rule_unit =
        c.Prepare("INSERT INTO reporting_rule_units(rule_id, role, ord, written) VALUES (?,?,?,?)");
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
      BindOpt(rule, 15, r.decree09 ? r.working_days : std::nullopt);
      BindSpan(rule, 11, r.span);
      rule.exec();
      int64_t rule_id = c.db.getLastInsertRowid();
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
    auto& men = c.Prepare(
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
    auto& diag = c.Prepare("INSERT INTO diagnostics VALUES (?,?,?,?,?,?,?,?,?)");
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

  void LoadRefs(Conn& c, const char* owner, int64_t owner_id, const char* role,
                std::vector<std::string>& written,
                std::vector<domain::ResolvedUnitName>& resolved) {
    auto& q = c.Prepare(
        "SELECT id, written, resolution FROM unit_refs WHERE owner = ? AND "
        "owner_id = ? AND role = ? ORDER BY ord");
    q.bind(1, owner);
    q.bind(2, owner_id);
    q.bind(3, role);
    auto& u = c.Prepare("SELECT unit_id FROM unit_ref_units WHERE ref_id = ? ORDER BY unit_id");
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

  void LoadChildren(Conn& c, ProgramId id, domain::PlanDraft& plan) {
    auto& d = plan.document;
    auto& text =
        c.Prepare("SELECT kind, text FROM program_texts WHERE program_id = ? ORDER BY kind, ord");
    text.bind(1, id);
    while (text.executeStep()) {
      (text.getColumn(0).getString() == "legal_basis" ? d.legal_bases : d.recipients)
          .push_back(text.getColumn(1).getString());
    }
    auto& art = c.Prepare(
        "SELECT number, text, span_line, span_column, span_offset, span_length FROM articles "
        "WHERE program_id = ? ORDER BY ord");
    art.bind(1, id);
    while (art.executeStep()) {
      d.articles.push_back(
          {art.getColumn(0).getInt(), art.getColumn(1).getString(), ReadSpan(art, 2)});
    }
    auto& sec = c.Prepare(
        "SELECT id, number, title, parent, depth, lead_phrase, leads_inherited, span_line, "
        "span_column, "
        "span_offset, span_length FROM sections WHERE program_id = ? ORDER BY ord");
    sec.bind(1, id);
    auto& task = c.Prepare(
        "SELECT id, text, kind, leads_inherited, span_line, span_column, span_offset, span_length "
        "FROM tasks WHERE section_id = ? ORDER BY ord");
    auto& detail = c.Prepare("SELECT text FROM task_details WHERE task_id = ? ORDER BY ord");
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
      LoadRefs(c, "section", section_id, "lead", s.lead_units, s.resolved_leads);
      LoadRefs(c, "section", section_id, "coordinate", s.coordinating_units,
               s.resolved_coordinators);
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
          LoadRefs(c, "task", task_id, "lead", t.lead_units, t.resolved_leads);
        }
        LoadRefs(c, "task", task_id, "coordinate", t.coordinating_units, t.resolved_coordinators);
        detail.reset();
        detail.bind(1, task_id);
        while (detail.executeStep()) t.details.push_back(detail.getColumn(0).getString());
        s.tasks.push_back(std::move(t));
      }
      plan.sections.push_back(std::move(s));
    }
    auto& tgt = c.Prepare(kSelectTargets);
    tgt.bind(1, id);
    while (tgt.executeStep()) plan.targets.push_back(ReadTarget(tgt).target);
    auto& bud = c.Prepare(
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
    auto& dl = c.Prepare(
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
    auto& rule = c.Prepare(
        "SELECT id, section, raw, report, frequency, due, day_of_month, last_month_of_quarter, "
        "from_text, span_line, span_column, span_offset, span_length, cutoff_working_days "
        "FROM reporting_rules WHERE program_id = ? ORDER BY ord");
    rule.bind(1, id);
    auto& ru = c.Prepare(
        "SELECT role, written FROM reporting_rule_units WHERE rule_id = ? ORDER BY role, ord");
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
      if (auto days = OptInt(rule, 13)) {
        r.decree09 = true;
        r.working_days = static_cast<int>(*days);
      }
      ru.reset();
      ru.bind(1, rule.getColumn(0).getInt64());
      while (ru.executeStep()) {
        (ru.getColumn(0).getString() == "from" ? r.from_units : r.to)
            .push_back(ru.getColumn(1).getString());
      }
      plan.reporting.push_back(std::move(r));
    }
    auto& men = c.Prepare(
        "SELECT name, mentions, variants FROM unit_mentions WHERE program_id = ? ORDER BY ord");
    men.bind(1, id);
    while (men.executeStep()) {
      plan.units.push_back({men.getColumn(0).getString(), men.getColumn(1).getInt(),
                            SplitLines(men.getColumn(2).getString())});
    }
    auto& diag = c.Prepare(
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
  // Makes `edits` in the current transaction (SchemaEdit in migrations.hpp).
  static void EditSchema(SQLite::Database& db, std::span<const sqlite::SchemaEdit> edits) {
    int64_t version = db.execAndGet("PRAGMA schema_version").getInt64();
    db.exec("PRAGMA writable_schema=ON");
    for (const auto& e : edits) {
      SQLite::Statement get(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?");
      get.bind(1, std::string(e.table));
      if (!get.executeStep())
        throw std::runtime_error("schema edit: no table " + std::string(e.table));
      std::string sql = get.getColumn(0).getString();
      size_t at = sql.find(e.from);
      if (at == std::string::npos || sql.find(e.from, at + 1) != std::string::npos) {
        throw std::runtime_error("schema edit: " + std::string(e.table) + " does not hold " +
                                 std::string(e.from) + " once");
      }
      sql.replace(at, e.from.size(), e.to);
      SQLite::Statement put(db,
                            "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?");
      put.bind(1, sql);
      put.bind(2, std::string(e.table));
      put.exec();
    }
    db.exec("PRAGMA schema_version=" + std::to_string(version + 1));
    db.exec("PRAGMA writable_schema=OFF");
  }

  static void Migrate(SQLite::Database& db) {
    for (const auto& m : sqlite::kMigrations) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at "
          "TEXT NOT NULL)");
      SQLite::Statement q(db, "SELECT 1 FROM schema_migrations WHERE version = ?");
      q.bind(1, m.version);
      if (q.executeStep()) continue;
      q.reset();
      if (!m.sql.empty()) db.exec(std::string(m.sql));
      if (!m.edits.empty()) EditSchema(db, m.edits);
      SQLite::Statement done(
          db, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, datetime('now'))");
      done.bind(1, m.version);
      done.exec();
      tx.commit();
    }
  }

  // Runs `body` in a write transaction on the writer connection: committed when it returns a
  // value, rolled back when it returns an error or throws (a database error: db_unavailable).
  //
  // Group commit: with synchronous=FULL every COMMIT waits for the disk (3–4 ms on this
  // machine's disk), so writes that arrive while one is committing queue up, and the next of
  // them to run (the leader) runs them all in one transaction, each body in a savepoint of its
  // own: a body that fails rolls back to its savepoint and alone gets its error; one COMMIT then
  // makes the others durable together, and each caller returns only after that COMMIT. A body
  // sees the writes of those before it in the group, as it would have after their commits.
  template <typename F>
  std::invoke_result_t<F&, Conn&> Write(F&& body) {
    using R = std::invoke_result_t<F&, Conn&>;
    std::optional<R> result;
    PendingWrite w;
    w.run = [&](Conn& c) {
      try {
        result.emplace(body(c));
      } catch (const std::exception& e) {
        result.emplace(tl::unexpected(FromException(e)));
      }
      c.Release();
      return result->has_value();
    };
    WriteInGroup(w);
    if (w.error && (!result || result->has_value())) return tl::unexpected(*w.error);
    return std::move(*result);
  }

  struct PendingWrite {
    std::function<bool(Conn&)> run;    // runs the body; false when it failed
    bool ran = false;                  // run was called
    bool done = false;                 // its group has ended: committed or rolled back
    std::optional<core::Error> error;  // the group's COMMIT (or BEGIN) failed
  };

  // Queues `w` for the writer thread and returns when its group has ended.
  void WriteInGroup(PendingWrite& w) {
    std::unique_lock lock(queue_mu_);
    queue_.push_back(&w);
    work_cv_.notify_one();
    queue_cv_.wait(lock, [&] { return w.done; });
  }

  // The writer thread: runs what queued up while it ran the last group as the next group.
  void WriterLoop() {
    std::unique_lock lock(queue_mu_);
    for (;;) {
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      std::vector<PendingWrite*> group;
      group.swap(queue_);
      lock.unlock();
      {
        std::lock_guard write(write_mu_);
        auto start = std::chrono::steady_clock::now();
        double cpu = ThreadCpuSeconds();
        RunGroup(group);
        cpu = ThreadCpuSeconds() - cpu;
        std::lock_guard count(stats_mu_);
        stats_.busy_seconds += Seconds(std::chrono::steady_clock::now() - start);
        stats_.cpu_seconds += cpu;
        stats_.writes += group.size();
      }
      lock.lock();
      for (auto* g : group) g->done = true;
      queue_cv_.notify_all();
    }
  }

  static double Seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
  }
  static double ThreadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }

  // One transaction for `group`; each write alone in a savepoint when there are several.
  void RunGroup(const std::vector<PendingWrite*>& group) {
    size_t next = 0;
    while (next < group.size()) {
      const size_t first = next;
      try {
        writer_.Prepare("BEGIN IMMEDIATE").exec();
        writer_.Release();
      } catch (const std::exception& e) {
        writer_.Release();
        for (size_t i = first; i < group.size(); ++i) group[i]->error = FromException(e);
        return;
      }
      bool whole_lost = false;  // an error that ended the transaction itself (SQLITE_FULL …)
      size_t ok = 0;
      const bool alone = group.size() - first == 1;
      for (; next < group.size() && !whole_lost; ++next) {
        auto* w = group[next];
        w->ran = true;
        if (alone) {
          ok += w->run(writer_) ? 1 : 0;
          whole_lost = !writer_.InTransaction();
          continue;
        }
        bool body_ok = false;
        try {
          writer_.Prepare("SAVEPOINT w").exec();
          writer_.Release();
          body_ok = w->run(writer_);
          if (!writer_.InTransaction()) {
            whole_lost = true;
          } else if (body_ok) {
            writer_.Prepare("RELEASE w").exec();
            ++ok;
          } else {
            writer_.Prepare("ROLLBACK TO w").exec();
            writer_.Prepare("RELEASE w").exec();
          }
          writer_.Release();
        } catch (const std::exception& e) {
          writer_.Release();
          if (body_ok) w->error = FromException(e);
          whole_lost = !writer_.InTransaction();
        }
      }
      if (whole_lost) {
        // What the earlier bodies of this transaction wrote is gone with it: their callers get
        // the error; the bodies not yet run go into a new transaction.
        auto lost = DbUnavailable(std::runtime_error("SQLite rolled back the group's transaction"));
        for (size_t i = first; i < next; ++i) {
          if (!group[i]->error) group[i]->error = lost;  // a body's own error comes first
        }
        continue;
      }
      try {
        if (ok > 0) {
          auto start = std::chrono::steady_clock::now();
          writer_.Prepare("COMMIT").exec();
          std::lock_guard count(stats_mu_);
          stats_.commit_seconds += Seconds(std::chrono::steady_clock::now() - start);
          ++stats_.transactions;
        } else {
          writer_.Prepare("ROLLBACK").exec();
        }
        writer_.Release();
      } catch (const std::exception& e) {
        writer_.Release();
        auto err = FromException(e);
        for (size_t i = first; i < next; ++i) {
          if (!group[i]->error) group[i]->error = err;
        }
        if (writer_.InTransaction()) {
          try {
            writer_.db.exec("ROLLBACK");
          } catch (...) {  // the next BEGIN reports a connection that cannot go on
          }
        }
      }
    }
  }

  // Runs `body` on a read connection (the writer for a database in memory); with
  // Snapshot::kYes its statements all read one commit.
  template <typename F>
  std::invoke_result_t<F&, Conn&> Read(F&& body, Snapshot snapshot = Snapshot::kNo) {
    if (shared_) {
      std::lock_guard lock(write_mu_);
      return ReadOn(writer_, body, snapshot);
    }
    std::unique_ptr<Conn> c;
    try {
      c = TakeReader();
    } catch (const std::exception& e) {
      return tl::unexpected(FromException(e));
    }
    auto result = ReadOn(*c, body, snapshot);
    std::lock_guard lock(readers_mu_);
    idle_readers_.push_back(std::move(c));
    return result;
  }

  template <typename F>
  static std::invoke_result_t<F&, Conn&> ReadOn(Conn& c, F& body, Snapshot snapshot) {
    try {
      if (snapshot == Snapshot::kYes) c.Prepare("BEGIN").exec();
      auto result = body(c);
      c.Release();
      if (snapshot == Snapshot::kYes) c.Prepare("COMMIT").exec();
      c.Release();
      return result;
    } catch (const std::exception& e) {
      c.Release();
      if (c.InTransaction()) {
        try {
          c.db.exec("ROLLBACK");
        } catch (...) {  // the connection is dropped below if it stays in a transaction
        }
      }
      return tl::unexpected(FromException(e));
    }
  }

  // An idle read connection, or a new one (read-only: a reader cannot write by mistake).
  std::unique_ptr<Conn> TakeReader() {
    {
      std::lock_guard lock(readers_mu_);
      while (!idle_readers_.empty()) {
        auto c = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        if (!c->InTransaction()) return c;
      }
    }
    return std::make_unique<Conn>(path_, SQLite::OPEN_READONLY);
  }

  const std::string path_;
  const bool shared_;    // in memory: the writer reads too
  std::mutex write_mu_;  // the writer connection (and, in memory, every read)
  Conn writer_;
  std::mutex queue_mu_;               // the writes waiting for a group, and whether one is running
  std::condition_variable queue_cv_;  // a group ended (writers wait on it)
  std::condition_variable work_cv_;   // something queued, or stopping (the writer thread waits)
  std::vector<PendingWrite*> queue_;
  bool stopping_ = false;
  mutable std::mutex stats_mu_;
  WriteStats stats_{.counted = true};
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Conn>> idle_readers_;  // closed before the writer (declared after)
  std::thread writer_thread_;                        // started last, stopped first (~SqliteStore)
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
