#include "store/sql/sql_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>

#include "core/hash.hpp"
#include "store/sql/records.hpp"
#include "store/store_errors.hpp"

namespace wp::store::sql {
namespace {

bool HasProgram(Connection& c, ProgramId id) {
  auto& q = c.Query("SELECT 1 FROM programs WHERE id = ?", id);
  return q.Step();
}

// The rows `sql` selects for program `id` (its one parameter), each read by `read`; kNotFound
// ("program_not_found") when there is no such program.
template <typename Mapper>
auto OfProgram(Connection& c, ProgramId id, const std::string& sql, Mapper read)
    -> core::Result<std::vector<decltype(read(std::declval<Statement&>()))>> {
  if (!HasProgram(c, id)) return tl::unexpected(ProgramNotFound(id));
  auto& q = c.Query(sql, id);
  std::vector<decltype(read(std::declval<Statement&>()))> out;
  while (q.Step()) out.push_back(read(q));
  return out;
}

// The children a LEFT JOIN from one parent row (column 0) reads from column 1 on, each read by
// `read`; nothing when there is no parent (a row of NULLs stands for a parent without children).
// One statement: what it reads is one commit's on either engine, without a read transaction
// (on PostgreSQL two round trips fewer).
template <typename Mapper>
auto ChildrenOf(Statement& q, Mapper read)
    -> std::optional<std::vector<decltype(read(std::declval<Statement&>()))>> {
  if (!q.Step()) return std::nullopt;
  std::vector<decltype(read(std::declval<Statement&>()))> out;
  do {
    if (!q.IsNull(1)) out.push_back(read(q));
  } while (q.Step());
  return out;
}

// The user whose `column` is `key`; kNotFound ("user_not_found").
template <typename Key>
core::Result<UserRecord> UserWhere(Connection& c, std::string_view column, const Key& key) {
  auto& q = c.Query(std::string(kSelectUser) + " WHERE " + std::string(column) + " = ?", key);
  if (!q.Step()) return tl::unexpected(UserNotFound());
  return ReadUser(q);
}

// A LIMIT as a parameter: PostgreSQL refuses a negative one, and SIZE_MAX is one as int64.
int64_t Limit(size_t limit) {
  return static_cast<int64_t>(
      std::min(limit, static_cast<size_t>(std::numeric_limits<int64_t>::max())));
}

// The condition of a ReportFilter on the reports' columns (prefixed with `table`) for its set
// fields only (so that SQLite picks the reports indexes and PostgreSQL plans them), in the
// order BindFilter binds them.
std::string FilterSql(std::string_view table, const ReportFilter& f) {
  std::string sql = "1 = 1";
  auto add = [&](bool set, std::string_view column) {
    if (set) sql += " AND " + std::string(table) + std::string(column) + " = ?";
  };
  add(f.program_id.has_value(), "program_id");
  add(f.period.has_value(), "period");
  add(f.obligation.has_value(), "obligation");
  add(f.unit_id.has_value(), "unit_id");
  return sql;
}

void BindFilter(Statement& q, const ReportFilter& f) {
  int i = 0;
  if (f.program_id) q.Bind(++i, *f.program_id);
  if (f.period) q.Bind(++i, *f.period);
  if (f.obligation) q.Bind(++i, *f.obligation);
  if (f.unit_id) q.Bind(++i, *f.unit_id);
}

// A write's changes to report `r` (as stored: its id and new version): its values appended as
// that version's vintage, its tasks and narrative sections replacing the stored ones. A few
// statements whatever the number of rows.
void WriteChanges(Connection& c, const ReportRecord& r, const ReportChanges& changes) {
  c.AppendValues(r.id, r.version, changes.values, r.updated_at, r.updated_by);

  // One upsert changes a row once: of a task or section listed twice, the last one counts.
  std::map<std::string_view, const domain::TaskProgress*> tasks;
  for (const auto& t : changes.tasks) tasks[t.task_id] = &t;
  Rows task_rows("report_tasks",
                 "report_id bigint, task_id text, status text, percent int, output text");
  for (const auto& [task_id, t] : tasks) {
    task_rows.Int(r.id).Text(task_id).Text(domain::TaskStatusName(t->status));
    task_rows.OptInt(t->percent).Text(t->output).End();
  }
  c.Insert(task_rows,
           "ON CONFLICT (report_id, task_id) DO UPDATE SET status = excluded.status, "
           "percent = excluded.percent, output = excluded.output");

  std::map<domain::Narrative, const std::string*> sections;
  for (const auto& [section, text] : changes.narrative) sections[section] = &text;
  Rows narrative("report_narratives", "report_id bigint, section text, text text");
  for (const auto& [section, text] : sections) {
    narrative.Int(r.id).Text(domain::NarrativeName(section)).Text(*text).End();
  }
  c.Insert(narrative, "ON CONFLICT (report_id, section) DO UPDATE SET text = excluded.text");
}

}  // namespace

int64_t SqlStore::AppendAudit(Connection& c, const AuditEvent& event,
                              const std::string& entity_id) {
  AuditEntry e;
  e.event = event;
  if (e.event.entity_id.empty()) e.event.entity_id = entity_id;
  auto& last = c.Prepare(c.dialect().audit_head);
  if (last.Step()) {
    e.seq = last.Int(0) + 1;
    e.prev_hash = last.Text(1);
  } else {
    e.seq = 1;
    e.prev_hash = kAuditGenesisHash;
  }
  e.hash = AuditHash(e);
  auto& q = c.Prepare(c.dialect().append_audit);
  const auto& v = e.event;
  q.BindAll(e.seq, v.at, v.actor_id, v.actor, v.action, v.entity, v.entity_id, v.before, v.after,
            e.prev_hash, e.hash);
  q.Exec();
  return e.seq;
}

// ---- The organisation -----------------------------------------------------------------------

core::Status SqlStore::SaveOrgUnits(const std::vector<domain::OrgUnit>& units) {
  return Write([&](Connection& c) -> core::Status {
    for (const char* table : {"org_successions", "org_unit_aliases", "org_units"}) {
      c.Prepare(std::string("DELETE FROM ") + table).Exec();
    }
    InsertUnits(c, units);
    return {};
  });
}

core::Result<std::vector<domain::OrgUnit>> SqlStore::LoadOrgUnits() {
  return Read(
      [&](Connection& c) -> core::Result<std::vector<domain::OrgUnit>> {
        std::vector<domain::OrgUnit> units;
        std::map<int64_t, size_t> index;
        auto& q = c.Prepare(std::string(kSelectUnit) + " ORDER BY id");
        while (q.Step()) {
          index[q.Int(0)] = units.size();
          units.push_back(ReadUnit(q));
        }
        auto& a = c.Prepare("SELECT unit_id, alias FROM org_unit_aliases ORDER BY unit_id, ord");
        while (a.Step()) units[index.at(a.Int(0))].aliases.push_back(a.Text(1));
        auto& s =
            c.Prepare("SELECT unit_id, successor_id FROM org_successions ORDER BY unit_id, ord");
        while (s.Step()) units[index.at(s.Int(0))].successors.push_back(s.Int(1));
        return units;
      },
      Snapshot::kYes);
}

void SqlStore::InsertUnits(Connection& c, const std::vector<domain::OrgUnit>& units) {
  // Units first, then parent links: a parent may come later in the list.
  Rows rows = UnitRows();
  Rows aliases("org_unit_aliases", "unit_id bigint, ord int, alias text");
  Rows successors("org_successions", "unit_id bigint, ord int, successor_id bigint");
  for (const auto& u : units) {
    AddUnit(rows, u);
    for (size_t i = 0; i < u.aliases.size(); ++i) {
      aliases.Int(u.id).Int(static_cast<int64_t>(i)).Text(u.aliases[i]).End();
    }
    for (size_t i = 0; i < u.successors.size(); ++i) {
      successors.Int(u.id).Int(static_cast<int64_t>(i)).Int(u.successors[i]).End();
    }
  }
  c.Insert(rows);
  auto& parent = c.Prepare("UPDATE org_units SET parent_id = ? WHERE id = ?");
  for (const auto& u : units) {
    if (!u.parent) continue;
    parent.Bind(1, *u.parent);
    parent.Bind(2, u.id);
    parent.Exec();
  }
  c.Insert(aliases);
  c.Insert(successors);
}

// ---- Programs -------------------------------------------------------------------------------

core::Result<ProgramId> SqlStore::InsertProgram(const ProgramRecord& p, ImportMode mode,
                                                const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<ProgramId> {
    const auto& d = p.plan.document;
    if (d.number) {
      auto& existing = c.Query("SELECT id, status FROM programs WHERE number = ?", *d.number);
      if (existing.Step()) {
        const ProgramId old_id = existing.Int(0);
        const bool published = existing.Text(1) == "published";
        if (mode == ImportMode::kNew) return tl::unexpected(ProgramExists(*d.number, old_id));
        if (published) return tl::unexpected(ProgramPublishedCannotReplace(*d.number));
        auto& del = c.Query("DELETE FROM programs WHERE id = ?", old_id);
        del.Exec();
      }
    }
    ProgramId id = InsertPlan(c, p, ProgramStatus::kDraft, std::nullopt);
    AppendAudit(c, audit, std::to_string(id));
    return id;
  });
}

core::Result<ProgramRecord> SqlStore::GetProgram(ProgramId id) {
  return Read(
      [&](Connection& c) -> core::Result<ProgramRecord> {
        auto& q = c.Query(std::string(kSelectProgram) + " WHERE id = ?", id);
        if (!q.Step()) return tl::unexpected(ProgramNotFound(id));
        ProgramRecord p = ReadProgram(q);
        LoadPlan(c, id, p.plan);
        return p;
      },
      Snapshot::kYes);
}

core::Result<std::string> SqlStore::GetProgramSourceBytes(ProgramId id) {
  return Read([&](Connection& c) -> core::Result<std::string> {
    auto& q = c.Query("SELECT source_bytes FROM programs WHERE id = ?", id);
    if (!q.Step()) return tl::unexpected(ProgramNotFound(id));
    return q.Blob(0);
  });
}

core::Result<std::vector<ProgramSummary>> SqlStore::ListPrograms() {
  return Read([&](Connection& c) -> core::Result<std::vector<ProgramSummary>> {
    // Newest decision first; those without a date after all dated ones.
    auto& q = c.Prepare(
        "SELECT p.id, p.status, p.number, p.issued_date, p.title, p.year, "
        // Each target once: a restatement or growth note is a mention, a rate's part no target.
        "(SELECT COUNT(*) FROM targets t WHERE t.program_id = p.id AND t.mention_of_ord IS NULL "
        "AND t.role = 'target'), "
        "(SELECT COUNT(*) FROM sections s WHERE s.program_id = p.id) "
        "FROM programs p ORDER BY p.issued_date DESC NULLS LAST, p.id DESC");
    std::vector<ProgramSummary> out;
    while (q.Step()) {
      ProgramSummary s;
      s.id = q.Int(0);
      s.status = ReadProgramStatus(q, 1);
      s.number = q.OptText(2);
      s.issued_date = q.OptDate(3);
      s.title = q.OptText(4);
      if (auto y = q.OptInt(5)) s.year = static_cast<int>(*y);
      s.targets = static_cast<size_t>(q.Int(6));
      s.sections = static_cast<size_t>(q.Int(7));
      out.push_back(std::move(s));
    }
    return out;
  });
}

core::Status SqlStore::PublishProgram(ProgramId id, const std::string& at,
                                      const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    auto& q = c.Query(std::string("SELECT status FROM programs WHERE id = ?") +
                          std::string(c.dialect().for_update),
                      id);
    if (!q.Step()) return tl::unexpected(ProgramNotFound(id));
    if (ReadProgramStatus(q, 0) == ProgramStatus::kPublished) {
      return tl::unexpected(ProgramAlreadyPublished(id));
    }
    auto& u =
        c.Query("UPDATE programs SET status = 'published', published_at = ? WHERE id = ?", at, id);
    u.Exec();
    InsertBaselineVersion(c, id);
    AppendAudit(c, audit, std::to_string(id));
    RecordChange(c, audit.action, id, audit.at);
    return {};
  });
}

core::Result<ProgramSettings> SqlStore::GetProgramSettings(ProgramId id) {
  return Read([&](Connection& c) -> core::Result<ProgramSettings> {
    auto& q = c.Query(std::string(kSelectProgramSettings) + " WHERE id = ?", id);
    if (!q.Step()) return tl::unexpected(ProgramNotFound(id));
    return ReadProgramSettings(q);
  });
}

core::Status SqlStore::SetProgramSettings(ProgramId id, const ProgramSettings& settings,
                                          const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    auto& u =
        c.Query(std::string(kUpdateProgramSettings) + " WHERE id = ?", settings.four_eyes, id);
    if (u.Exec() == 0) return tl::unexpected(ProgramNotFound(id));
    AppendAudit(c, audit, std::to_string(id));
    RecordChange(c, audit.action, id, audit.at);
    return {};
  });
}

core::Result<std::vector<StoredTarget>> SqlStore::ListTargets(ProgramId id) {
  return Read([&](Connection& c) -> core::Result<std::vector<StoredTarget>> {
    auto& q = c.Query(std::string("SELECT p.id, ") + kTargetColumns +
                          " FROM programs p LEFT JOIN targets t ON t.program_id = p.id "
                          "WHERE p.id = ? ORDER BY t.ord",
                      id);
    auto targets = ChildrenOf(q, [](Statement& row) { return ReadTarget(row, 1); });
    if (!targets) return tl::unexpected(ProgramNotFound(id));
    return std::move(*targets);
  });
}

core::Result<int64_t> SqlStore::AddCorrection(const ProgramCorrection& k, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<int64_t> {
    auto& status = c.Query(std::string("SELECT status FROM programs WHERE id = ?") +
                               std::string(c.dialect().for_update),
                           k.program_id);
    if (!status.Step()) return tl::unexpected(ProgramNotFound(k.program_id));
    if (ReadProgramStatus(status, 0) != ProgramStatus::kDraft) {
      return tl::unexpected(ProgramAlreadyPublished(k.program_id));
    }
    auto& q = c.Prepare(kInsertCorrection);
    BindCorrection(q, k);
    q.Step();
    const int64_t id = q.Int(0);
    AppendAudit(c, audit, std::to_string(k.program_id));
    return id;
  });
}

core::Result<std::vector<ProgramCorrection>> SqlStore::ListCorrections(ProgramId id) {
  return Read(
      [&](Connection& c) {
        return OfProgram(c, id,
                         std::string(kSelectCorrection) + " WHERE program_id = ? ORDER BY id",
                         ReadCorrection);
      },
      Snapshot::kYes);
}

// ---- Accounts, sessions, tokens -------------------------------------------------------------

core::Result<domain::UserId> SqlStore::CreateUser(const UserRecord& u, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<domain::UserId> {
    auto& exists = c.Query("SELECT 1 FROM users WHERE username = ?", u.username);
    if (exists.Step()) return tl::unexpected(UserExists(u.username));
    auto& q = c.Prepare(kInsertUser);
    BindUser(q, u, u.username, u.created_at);
    q.Step();
    const domain::UserId id = q.Int(0);
    AppendAudit(c, audit, std::to_string(id));
    return id;
  });
}

core::Result<UserRecord> SqlStore::FindUser(const std::string& username) {
  return Read([&](Connection& c) { return UserWhere(c, "username", username); });
}

core::Result<UserRecord> SqlStore::GetUser(domain::UserId id) {
  return Read([&](Connection& c) { return UserWhere(c, "id", id); });
}

core::Result<std::vector<UserRecord>> SqlStore::ListUsers() {
  return Read([&](Connection& c) -> core::Result<std::vector<UserRecord>> {
    auto& q = c.Prepare(std::string(kSelectUser) + " ORDER BY username");
    std::vector<UserRecord> out;
    while (q.Step()) out.push_back(ReadUser(q));
    return out;
  });
}

namespace {

// UpdateUser's steps inside a write transaction: the row on its version, what it ends, and
// the check that an active admin remains.
core::Status WriteUser(Connection& c, const UserRecord& u, int64_t expected_version,
                       const UserEnds& ends) {
  auto& q = c.Prepare(kUpdateUser);
  BindUser(q, u, u.id, expected_version);
  if (q.Exec() == 0) {
    auto& exists = c.Query("SELECT 1 FROM users WHERE id = ?", u.id);
    if (!exists.Step()) return tl::unexpected(UserNotFound());
    return tl::unexpected(core::MakeError(core::ErrorCode::kAborted, "stale_user",
                                          "Tài khoản vừa được người khác sửa; hãy tải lại"));
  }
  if (ends.sessions) {
    c.Query("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", u.id, ends.keep_session)
        .Exec();
  }
  if (ends.tokens) {
    c.Query("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            ends.at, u.id)
        .Exec();
  }
  auto& admins =
      c.Query("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = ?", int64_t{1});
  if (!admins.Step() || admins.Int(0) == 0) {
    return tl::unexpected(core::MakeError(core::ErrorCode::kFailedPrecondition, "last_admin",
                                          "Phải còn ít nhất một quản trị viên đang hoạt động"));
  }
  return {};
}

}  // namespace

core::Status SqlStore::UpdateUser(const UserRecord& u, int64_t expected_version,
                                  const UserEnds& ends, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    WP_RETURN_IF_ERROR(WriteUser(c, u, expected_version, ends));
    AppendAudit(c, audit, std::to_string(u.id));
    return {};
  });
}

core::Status SqlStore::CreateSession(const SessionRecord& s, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    // Expired sessions go as new ones come: the table holds only live ones.
    auto& gc = c.Query("DELETE FROM sessions WHERE expires_at <= ?", s.created_at);
    gc.Exec();
    const int64_t seq = AppendAudit(c, audit, std::to_string(s.user_id));
    auto& q = c.Prepare(
        "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at, audit_seq) "
        "VALUES (?,?,?,?,?,?)");
    q.BindAll(s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at, seq);
    q.Exec();
    c.Query("UPDATE users SET last_login_at = ? WHERE id = ?", s.created_at, s.user_id).Exec();
    return {};
  });
}

core::Result<SessionRecord> SqlStore::FindSession(const std::string& token_hash,
                                                  const std::string& now) {
  return Read([&](Connection& c) -> core::Result<SessionRecord> {
    auto& q = c.Query(std::string(kSelectSession) + " WHERE token_hash = ? AND expires_at > ?",
                      token_hash, now);
    if (!q.Step()) return tl::unexpected(SessionNotFound());
    return ReadSession(q);
  });
}

core::Result<std::vector<SessionRecord>> SqlStore::ListSessions() {
  return Read([&](Connection& c) -> core::Result<std::vector<SessionRecord>> {
    auto& q = c.Prepare(std::string(kSelectSession) + " ORDER BY user_id, created_at");
    std::vector<SessionRecord> out;
    while (q.Step()) out.push_back(ReadSession(q));
    return out;
  });
}

core::Status SqlStore::DeleteSession(const std::string& token_hash, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    auto& q = c.Query("DELETE FROM sessions WHERE token_hash = ?", token_hash);
    if (q.Exec() > 0) AppendAudit(c, audit, audit.entity_id);
    return {};
  });
}

core::Result<int64_t> SqlStore::CreateApiToken(const ApiTokenRecord& t, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<int64_t> {
    auto& q = c.Prepare(
        "INSERT INTO api_tokens(user_id, name, token_hash, created_at, expires_at) "
        "VALUES (?,?,?,?,?) RETURNING id");
    q.BindAll(t.user_id, t.name, t.token_hash, t.created_at, t.expires_at);
    q.Step();
    const int64_t id = q.Int(0);
    const int64_t seq = AppendAudit(c, audit, std::to_string(id));
    c.Query("UPDATE api_tokens SET audit_seq = ? WHERE id = ?", seq, id).Exec();
    return id;
  });
}

core::Result<ApiTokenRecord> SqlStore::FindApiToken(const std::string& token_hash) {
  return Read([&](Connection& c) -> core::Result<ApiTokenRecord> {
    auto& q = c.Query(std::string(kSelectApiToken) + " WHERE token_hash = ? AND revoked_at IS NULL",
                      token_hash);
    if (!q.Step()) return tl::unexpected(TokenNotFound());
    return ReadApiToken(q);
  });
}

core::Result<ApiTokenRecord> SqlStore::GetApiToken(int64_t id) {
  return Read([&](Connection& c) -> core::Result<ApiTokenRecord> {
    auto& q = c.Query(std::string(kSelectApiToken) + " WHERE id = ?", id);
    if (!q.Step()) return tl::unexpected(TokenNotFound());
    return ReadApiToken(q);
  });
}

core::Result<std::vector<ApiTokenRecord>> SqlStore::ListApiTokens(
    std::optional<domain::UserId> user) {
  return Read([&](Connection& c) -> core::Result<std::vector<ApiTokenRecord>> {
    auto& q =
        user ? c.Query(std::string(kSelectApiToken) + " WHERE user_id = ? ORDER BY id DESC", *user)
             : c.Prepare(std::string(kSelectApiToken) + " ORDER BY id DESC");
    std::vector<ApiTokenRecord> out;
    while (q.Step()) out.push_back(ReadApiToken(q));
    return out;
  });
}

core::Status SqlStore::RevokeApiToken(int64_t id, const std::string& at, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    auto& exists = c.Query("SELECT 1 FROM api_tokens WHERE id = ?", id);
    if (!exists.Step()) return tl::unexpected(TokenNotFound());
    auto& q =
        c.Query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id);
    if (q.Exec() > 0) AppendAudit(c, audit, std::to_string(id));
    return {};
  });
}

core::Status SqlStore::TouchApiToken(int64_t id, const std::string& now, const std::string& since) {
  return Write([&](Connection& c) -> core::Status {
    c.Query(
         "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND "
         "(last_used_at IS NULL OR last_used_at < ?)",
         now, id, since)
        .Exec();
    return {};
  });
}

// ---- Password resets, the sign-in limit ------------------------------------------------------

core::Status SqlStore::CreatePasswordReset(const PasswordReset& r, const OutboxMessage& m,
                                           const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    c.Query("DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL", r.user_id).Exec();
    c.Query(
         "INSERT INTO password_resets(code_hash, user_id, created_at, expires_at) "
         "VALUES (?,?,?,?)",
         r.code_hash, r.user_id, r.created_at, r.expires_at)
        .Exec();
    c.Query(
         "INSERT INTO outbox(key, unit_id, user_id, kind, subject, body, created_at) "
         "VALUES (?,?,?,?,?,?,?)",
         m.key, std::optional<int64_t>(), m.user_id, m.kind, m.subject, m.body, m.created_at)
        .Exec();
    AppendAudit(c, audit, std::to_string(r.user_id));
    return {};
  });
}

core::Result<PasswordReset> SqlStore::FindPasswordReset(const std::string& code_hash,
                                                        const std::string& now) {
  return Read([&](Connection& c) -> core::Result<PasswordReset> {
    auto& q = c.Query(std::string(kSelectPasswordReset) +
                          " WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?",
                      code_hash, now);
    if (!q.Step()) {
      return tl::unexpected(core::MakeError(core::ErrorCode::kNotFound, "reset_not_found",
                                            "Không có mã đặt lại mật khẩu này"));
    }
    return ReadPasswordReset(q);
  });
}

core::Status SqlStore::CompletePasswordReset(const std::string& code_hash, const std::string& now,
                                             const UserRecord& user, int64_t expected_version,
                                             const UserEnds& ends, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    auto& used = c.Query(
        "UPDATE password_resets SET used_at = ? WHERE code_hash = ? AND user_id = ? AND "
        "used_at IS NULL AND expires_at > ?",
        now, code_hash, user.id, now);
    if (used.Exec() == 0) {
      return tl::unexpected(
          core::MakeError(core::ErrorCode::kInvalidArgument, "reset_code_invalid",
                          "Mã đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn"));
    }
    WP_RETURN_IF_ERROR(WriteUser(c, user, expected_version, ends));
    AppendAudit(c, audit, std::to_string(user.id));
    return {};
  });
}

core::Result<std::vector<LoginLimit>> SqlStore::GetLoginLimits(
    const std::vector<std::string>& keys) {
  return Read([&](Connection& c) -> core::Result<std::vector<LoginLimit>> {
    std::vector<LoginLimit> out;
    for (const auto& key : keys) {
      auto& q = c.Query(std::string(kSelectLoginLimit) + " WHERE key = ?", key);
      if (q.Step()) out.push_back(ReadLoginLimit(q));
    }
    return out;
  });
}

core::Status SqlStore::RecordLoginFailure(
    const std::string& key, const std::string& now, const std::string& window_start,
    const std::string& forget_before,
    const std::function<std::optional<std::string>(const LoginLimit&)>& lock) {
  return Write([&](Connection& c) -> core::Status {
    c.Query(
         "DELETE FROM login_limits WHERE first_at < ? AND "
         "(locked_until IS NULL OR locked_until < ?)",
         forget_before, now)
        .Exec();
    auto& q = c.Query(
        "INSERT INTO login_limits(key, failures, first_at) VALUES (?, 1, ?) "
        "ON CONFLICT (key) DO UPDATE SET "
        "failures = CASE WHEN login_limits.first_at < ? THEN 1 "
        "ELSE login_limits.failures + 1 END, "
        "first_at = CASE WHEN login_limits.first_at < ? THEN excluded.first_at "
        "ELSE login_limits.first_at END "
        "RETURNING key, failures, first_at, locked_until",
        key, now, window_start, window_start);
    q.Step();
    LoginLimit l = ReadLoginLimit(q);
    while (q.Step()) {
    }
    auto until = lock(l);
    c.Query("UPDATE login_limits SET locked_until = ? WHERE key = ?", until, key).Exec();
    return {};
  });
}

core::Status SqlStore::ClearLoginLimit(const std::string& key) {
  return Write([&](Connection& c) -> core::Status {
    c.Query("DELETE FROM login_limits WHERE key = ?", key).Exec();
    return {};
  });
}

// ---- Reports --------------------------------------------------------------------------------

core::Result<ReportRecord> SqlStore::PutReport(const ReportRecord& next, int64_t expected_version,
                                               const ReportChanges& changes,
                                               const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<ReportRecord> {
    return WriteReport(c, next, expected_version, changes, audit);
  });
}

core::Result<std::vector<ReportRecord>> SqlStore::PutReports(
    std::span<const PutReportArgs> reports) {
  return Write([&](Connection& c) -> core::Result<std::vector<ReportRecord>> {
    std::vector<ReportRecord> out;
    out.reserve(reports.size());
    for (const auto& a : reports) {
      // A failure returns before the rest: the transaction (or savepoint) is rolled back whole.
      WP_ASSIGN_OR_RETURN(auto r, WriteReport(c, a.next, a.expected_version, a.changes, a.audit));
      out.push_back(std::move(r));
    }
    return out;
  });
}

core::Result<ReportRecord> SqlStore::WriteReport(Connection& c, const ReportRecord& next,
                                                 int64_t expected_version,
                                                 const ReportChanges& changes,
                                                 const AuditEvent& audit) {
  ReportRecord r = next;
  if (r.id == 0) {
    // A report of this obligation, period and unit stored meanwhile makes this creation
    // stale; ON CONFLICT keeps a creation that got past the check a stale version too, never
    // a unique violation.
    auto stale = [&]() -> core::Error {
      auto& q = c.Prepare(
          "SELECT version FROM reports WHERE program_id = ? AND obligation = ? AND "
          "period = ? AND unit_id = ?");
      q.BindAll(r.program_id, r.obligation, r.period, r.unit_id);
      return StaleVersion(expected_version, q.Step() ? q.Int(0) : 0);
    };
    if (expected_version != 0) return tl::unexpected(stale());
    r.version = 1;
    r.created_at = r.updated_at;
    auto& q = c.Prepare(kInsertReport);
    BindReportHeader(q, r, r.program_id, r.obligation, r.period, r.unit_id, r.created_at);
    if (!q.Step()) return tl::unexpected(stale());
    r.id = q.Int(0);
  } else {
    // On PostgreSQL the row lock makes writers of one report take turns.
    auto& cur = c.Query(std::string("SELECT version, created_at FROM reports WHERE id = ?") +
                            std::string(c.dialect().for_update),
                        r.id);
    if (!cur.Step()) return tl::unexpected(ReportNotFound(r.id));
    const int64_t stored = cur.Int(0);
    if (stored != expected_version) return tl::unexpected(StaleVersion(expected_version, stored));
    r.version = stored + 1;
    r.created_at = cur.Text(1);
    auto& q = c.Prepare(kUpdateReport);
    BindReportHeader(q, r, r.id);
    q.Exec();
  }
  WriteChanges(c, r, changes);
  AppendAudit(c, audit, std::to_string(r.id));
  RecordChange(c, audit.action, r.program_id, audit.at, r.unit_id, r.period, r.id);
  return r;
}

core::Result<ReportRecord> SqlStore::GetReport(ReportId id) {
  return Read([&](Connection& c) -> core::Result<ReportRecord> {
    auto& q = c.Query(std::string(kSelectReport) + " WHERE id = ?", id);
    if (!q.Step()) return tl::unexpected(ReportNotFound(id));
    return ReadReport(q);
  });
}

core::Result<std::optional<ReportRecord>> SqlStore::FindReport(ProgramId program,
                                                               const std::string& obligation,
                                                               const std::string& period,
                                                               domain::OrgUnitId unit) {
  return Read([&](Connection& c) -> core::Result<std::optional<ReportRecord>> {
    auto& q = c.Prepare(std::string(kSelectReport) +
                        " WHERE program_id = ? AND obligation = ? AND period = ? AND unit_id = ?");
    q.BindAll(program, obligation, period, unit);
    if (!q.Step()) return std::optional<ReportRecord>();
    return std::optional<ReportRecord>(ReadReport(q));
  });
}

core::Result<std::vector<ReportRecord>> SqlStore::ListReports(const ReportFilter& filter) {
  return Read([&](Connection& c) -> core::Result<std::vector<ReportRecord>> {
    auto& q = c.Prepare(std::string(kSelectReport) + " WHERE " + FilterSql("", filter) +
                        " ORDER BY program_id, period, obligation, unit_id");
    BindFilter(q, filter);
    std::vector<ReportRecord> out;
    while (q.Step()) out.push_back(ReadReport(q));
    return out;
  });
}

core::Result<domain::ReportContent> SqlStore::GetReportContent(ReportId id, int64_t* version) {
  return Read(
      [&](Connection& c) -> core::Result<domain::ReportContent> {
        auto& exists = c.Query("SELECT version FROM reports WHERE id = ?", id);
        if (!exists.Step()) return tl::unexpected(ReportNotFound(id));
        if (version) *version = exists.Int(0);
        domain::ReportContent content;
        auto& v = c.Query(c.dialect().current_values("r.id = ?"), id);
        while (v.Step()) content.values.push_back(ReadValue(v, 1));
        auto& t = c.Query(
            "SELECT task_id, status, percent, output FROM report_tasks WHERE report_id = ? "
            "ORDER BY task_id",
            id);
        while (t.Step()) {
          domain::TaskProgress p;
          p.task_id = t.Text(0);
          p.status = domain::ParseTaskStatus(t.Text(1)).value_or(domain::TaskStatus::kNotStarted);
          if (auto pct = t.OptInt(2)) p.percent = static_cast<int>(*pct);
          p.output = t.Text(3);
          content.tasks.push_back(std::move(p));
        }
        auto& n = c.Query("SELECT section, text FROM report_narratives WHERE report_id = ?", id);
        while (n.Step()) {
          if (auto s = domain::ParseNarrative(n.Text(0))) {
            content.narrative[static_cast<size_t>(*s)] = n.Text(1);
          }
        }
        return content;
      },
      Snapshot::kYes);
}

core::Result<std::vector<ValueVintage>> SqlStore::ListValueVintages(ReportId id) {
  return Read([&](Connection& c) -> core::Result<std::vector<ValueVintage>> {
    // The period's value before the cumulative one (not the names' alphabetical order).
    auto& q = c.Query(
        "SELECT r.id, v.target_id, v.scope, v.kind, v.value_mantissa, v.value_scale, v.note, "
        "v.version, v.recorded_at, v.recorded_by FROM reports r LEFT JOIN report_values v ON "
        "v.report_id = r.id WHERE r.id = ? "
        "ORDER BY v.target_id, CASE v.scope WHEN 'period' THEN 0 ELSE 1 END, v.version",
        id);
    auto vintages = ChildrenOf(q, [](Statement& row) {
      ValueVintage vv;
      vv.value = ReadValue(row, 1);
      row.Get(7, vv.version, vv.recorded_at, vv.recorded_by);
      return vv;
    });
    if (!vintages) return tl::unexpected(ReportNotFound(id));
    return std::move(*vintages);
  });
}

core::Result<std::vector<std::pair<ReportId, domain::ReportValue>>> SqlStore::CurrentValues(
    const ReportFilter& filter) {
  using Out = std::vector<std::pair<ReportId, domain::ReportValue>>;
  return Read([&](Connection& c) -> core::Result<Out> {
    auto& q = c.Prepare(c.dialect().current_values(FilterSql("r.", filter)));
    BindFilter(q, filter);
    Out out;
    while (q.Step()) out.emplace_back(q.Int(0), ReadValue(q, 1));
    return out;
  });
}

core::Result<std::vector<ReportTaskRow>> SqlStore::ListReportTasks(const ReportFilter& filter) {
  using Out = std::vector<ReportTaskRow>;
  return Read(
      [&](Connection& c) -> core::Result<Out> {
        auto& q = c.Prepare(
            "SELECT r.id, r.unit_id, r.period, r.due, r.first_submitted_at, t.task_id, t.status, "
            "t.percent, t.output FROM report_tasks t JOIN reports r ON r.id = t.report_id WHERE " +
            FilterSql("r.", filter) + " ORDER BY r.due, r.period, r.id, t.task_id");
        BindFilter(q, filter);
        Out out;
        while (q.Step()) {
          ReportTaskRow row;
          q.Get(0, row.report_id, row.unit_id, row.period, row.due, row.first_submitted_at);
          auto& p = row.progress;
          p.task_id = q.Text(5);
          p.status = domain::ParseTaskStatus(q.Text(6)).value_or(domain::TaskStatus::kNotStarted);
          if (auto pct = q.OptInt(7)) p.percent = static_cast<int>(*pct);
          p.output = q.Text(8);
          out.push_back(std::move(row));
        }
        return out;
      },
      Snapshot::kYes);
}

core::Status SqlStore::ScanApprovedValues(ProgramId program, const ApprovedSink& sink) {
  auto ids = Read([&](Connection& c) -> core::Result<std::vector<ReportId>> {
    auto& q = c.Query(
        "SELECT id FROM reports WHERE program_id = ? AND status = 'approved' ORDER BY id", program);
    std::vector<ReportId> out;
    while (q.Step()) out.push_back(q.Int(0));
    return out;
  });
  if (!ids) return tl::unexpected(ids.error());
  if (ids->empty()) return {};
  if (ids->size() < 1000 || !ScansInParallel()) {
    return ScanApproved(program, ids->front(), ids->back(), sink);
  }
  const size_t mid = ids->size() / 2;
  core::Status second;
  std::thread other([&] { second = ScanApproved(program, (*ids)[mid], ids->back(), sink); });
  core::Status first = ScanApproved(program, ids->front(), (*ids)[mid - 1], sink);
  other.join();
  return first ? second : first;
}

core::Result<DatasetCounts> SqlStore::LoadDataset(const DatasetLoad& load) {
  return Write([&](Connection& c) -> core::Result<DatasetCounts> {
    auto& held =
        c.Prepare("SELECT (SELECT count(*) FROM programs), (SELECT count(*) FROM reports)");
    held.Step();
    if (int64_t programs = held.Int(0), reports = held.Int(1); programs > 0 || reports > 0) {
      return tl::unexpected(DatabaseNotEmpty(programs, reports));
    }
    if (!load.units.empty()) {
      // The stored units in the range of the new ones' ids, in one query.
      auto [low, high] = std::minmax_element(
          load.units.begin(), load.units.end(),
          [](const domain::OrgUnit& a, const domain::OrgUnit& b) { return a.id < b.id; });
      auto& q = c.Query("SELECT id FROM org_units WHERE id BETWEEN ? AND ?", low->id, high->id);
      std::set<domain::OrgUnitId> stored;
      while (q.Step()) stored.insert(q.Int(0));
      for (const auto& u : load.units) {
        if (stored.contains(u.id)) return tl::unexpected(UnitExists(u.id));
      }
    }
    DatasetCounts counts;
    InsertUnits(c, load.units);
    counts.units = load.units.size();

    DatasetIds ids;
    for (const auto& [program, audit] : load.programs) {
      ProgramId id = InsertPlan(c, program, program.status, program.published_at);
      if (program.status == ProgramStatus::kPublished) InsertBaselineVersion(c, id);
      AppendAudit(c, audit, std::to_string(id));
      ids.programs.push_back(id);
      auto& targets = c.Query("SELECT id FROM targets WHERE program_id = ? ORDER BY ord", id);
      auto& list = ids.targets.emplace_back();
      while (targets.Step()) list.push_back(targets.Int(0));
    }
    counts.programs = ids.programs.size();

    std::vector<DatasetReport> batch;
    while (true) {
      batch.clear();
      const bool more = load.next(ids, batch);
      for (const auto& r : batch) {
        if (r.versions.empty() || r.program >= ids.programs.size()) {
          throw std::invalid_argument("a data set report without versions or program");
        }
        for (const auto& v : r.versions) counts.values += v.values.size();
      }
      if (!batch.empty()) WriteDatasetReports(c, ids, batch);
      counts.reports += batch.size();
      if (!more) break;
    }
    auto event = load.audit(counts);
    AppendAudit(c, event, "");
    for (ProgramId id : ids.programs) RecordChange(c, event.action, id, event.at);
    return counts;
  });
}

// ---- Allocations ----------------------------------------------------------------------------

core::Status SqlStore::ReplaceAllocations(ProgramId program, const std::vector<Allocation>& rows,
                                          const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    if (!HasProgram(c, program)) return tl::unexpected(ProgramNotFound(program));
    std::set<int64_t> targets;
    for (const auto& a : rows) targets.insert(a.target_id);
    auto& del = c.Prepare("DELETE FROM allocations WHERE program_id = ? AND target_id = ?");
    for (int64_t t : targets) {
      del.Bind(1, program);
      del.Bind(2, t);
      del.Exec();
    }
    Rows shares("allocations",
                "program_id bigint, target_id bigint, unit_id bigint, value_mantissa bigint, "
                "value_scale int");
    for (const auto& a : rows) {
      shares.Int(program).Int(a.target_id).Int(a.unit_id).Int(a.value.mantissa);
      shares.Int(a.value.scale).End();
    }
    c.Insert(shares);
    auto& rev =
        c.Query("UPDATE programs SET allocations_rev = allocations_rev + 1 WHERE id = ?", program);
    rev.Exec();
    AppendAudit(c, audit, std::to_string(program));
    RecordChange(c, audit.action, program, audit.at);
    return {};
  });
}

core::Result<std::vector<Allocation>> SqlStore::ListAllocations(
    ProgramId program, std::optional<domain::OrgUnitId> unit) {
  return Read([&](Connection& c) -> core::Result<std::vector<Allocation>> {
    const std::string sql =
        "SELECT p.id, a.target_id, a.unit_id, a.value_mantissa, a.value_scale FROM programs p "
        "LEFT JOIN allocations a " +
        (unit ? std::string(c.dialect().allocations_of_unit_index) +
                    "ON a.program_id = p.id AND a.unit_id = ?"
              : std::string("ON a.program_id = p.id")) +
        " WHERE p.id = ? ORDER BY a.target_id, a.unit_id";
    auto& q = unit ? c.Query(sql, *unit, program) : c.Query(sql, program);
    auto shares = ChildrenOf(q, [](Statement& row) {
      return Allocation{row.Int(1), row.Int(2),
                        core::Decimal{row.Int(3), static_cast<int>(row.Int(4))}};
    });
    if (!shares) return tl::unexpected(ProgramNotFound(program));
    return std::move(*shares);
  });
}

core::Result<int64_t> SqlStore::AllocationsRevision(ProgramId program) {
  return Read([&](Connection& c) -> core::Result<int64_t> {
    auto& q = c.Query("SELECT allocations_rev FROM programs WHERE id = ?", program);
    if (!q.Step()) return tl::unexpected(ProgramNotFound(program));
    return q.Int(0);
  });
}

// ---- The outbox -----------------------------------------------------------------------------

core::Result<size_t> SqlStore::EnqueueMessages(const std::vector<OutboxMessage>& messages,
                                               const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<size_t> {
    Rows outbox("outbox",
                "key text, unit_id bigint, user_id bigint, kind text, subject text, body text, "
                "created_at text");
    for (const auto& m : messages) {
      outbox.Text(m.key);
      if (m.unit_id != 0) {
        outbox.Int(m.unit_id);
      } else {
        outbox.Null();
      }
      outbox.OptInt(m.user_id).Text(m.kind).Text(m.subject).Text(m.body);
      outbox.Text(m.created_at).End();
    }
    // In order: of two messages with one key, the first is kept.
    const size_t added = c.Insert(outbox, "ON CONFLICT (key) DO NOTHING");
    if (added > 0) AppendAudit(c, audit, audit.entity_id);
    return added;
  });
}

core::Result<std::vector<OutboxMessage>> SqlStore::ListOutbox(bool pending_only, size_t limit) {
  return Read([&](Connection& c) -> core::Result<std::vector<OutboxMessage>> {
    auto& q = c.Query(std::string(kSelectOutbox) + (pending_only ? " WHERE sent_at IS NULL" : "") +
                          " ORDER BY id LIMIT ?",
                      Limit(limit));
    std::vector<OutboxMessage> out;
    while (q.Step()) out.push_back(ReadOutbox(q));
    return out;
  });
}

core::Status SqlStore::MarkSent(int64_t id, const std::string& at, const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Status {
    auto& q = c.Query("UPDATE outbox SET sent_at = COALESCE(sent_at, ?) WHERE id = ?", at, id);
    if (q.Exec() == 0) return tl::unexpected(MessageNotFound(id));
    AppendAudit(c, audit, std::to_string(id));
    return {};
  });
}

// ---- The audit log --------------------------------------------------------------------------

core::Result<std::vector<AuditEntry>> SqlStore::ListAudit(int64_t after_seq, size_t limit) {
  return Read([&](Connection& c) -> core::Result<std::vector<AuditEntry>> {
    auto& q = c.Query(std::string(kSelectAudit) + " WHERE seq > ? ORDER BY seq LIMIT ?", after_seq,
                      Limit(limit));
    std::vector<AuditEntry> out;
    while (q.Step()) out.push_back(ReadAudit(q));
    return out;
  });
}

core::Result<std::optional<AuditEntry>> SqlStore::LastAuditOf(const std::string& entity,
                                                              const std::string& entity_id) {
  return Read([&](Connection& c) -> core::Result<std::optional<AuditEntry>> {
    auto& q = c.Query(
        std::string(kSelectAudit) + " WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1",
        entity, entity_id);
    if (!q.Step()) return std::optional<AuditEntry>();
    return std::optional<AuditEntry>(ReadAudit(q));
  });
}

core::Result<std::optional<AuditEntry>> SqlStore::AuditHead() {
  return Read([&](Connection& c) -> core::Result<std::optional<AuditEntry>> {
    auto& q = c.Prepare(std::string(kSelectAudit) + " ORDER BY seq DESC LIMIT 1");
    if (!q.Step()) return std::optional<AuditEntry>();
    return std::optional<AuditEntry>(ReadAudit(q));
  });
}

// ---- Changes (issue 20) ---------------------------------------------------------------------

SqlStore::SqlStore() : origin_(core::RandomHex(8)) {}

void SqlStore::RecordChange(Connection& c, const std::string& kind,
                            std::optional<ProgramId> program, const std::string& at,
                            std::optional<domain::OrgUnitId> unit, const std::string& period,
                            std::optional<ReportId> report) const {
  auto& q = c.Prepare(
      "INSERT INTO changes(kind, program_id, unit_id, period, report_id, origin, at) "
      "VALUES (?,?,?,?,?,?,?)");
  q.BindAll(kind, program, unit, period, report, origin_, at);
  q.Exec();
}

core::Result<std::vector<ChangeRecord>> SqlStore::ListChanges(int64_t after_seq, size_t limit) {
  return Read([&](Connection& c) -> core::Result<std::vector<ChangeRecord>> {
    auto& q = c.Query(
        "SELECT seq, kind, program_id, unit_id, period, report_id, origin, at FROM changes "
        "WHERE seq > ? ORDER BY seq LIMIT ?",
        after_seq, static_cast<int64_t>(limit));
    std::vector<ChangeRecord> out;
    while (q.Step()) {
      ChangeRecord r;
      r.seq = q.Int(0);
      r.kind = q.Text(1);
      r.program_id = q.OptInt(2);
      r.unit_id = q.OptInt(3);
      r.period = q.Text(4);
      r.report_id = q.OptInt(5);
      r.origin = q.Text(6);
      r.at = q.Text(7);
      out.push_back(std::move(r));
    }
    return out;
  });
}

core::Result<int64_t> SqlStore::ChangesHead() {
  return Read([&](Connection& c) -> core::Result<int64_t> {
    auto& q = c.Prepare("SELECT seq FROM changes ORDER BY seq DESC LIMIT 1");
    return q.Step() ? q.Int(0) : int64_t{0};
  });
}

}  // namespace wp::store::sql
