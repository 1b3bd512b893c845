#include "store/postgres/postgres_store.hpp"
#include "store/lines.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "store/postgres/migrations.hpp"
#include "store/store_errors.hpp"

namespace wp::store {
namespace {

constexpr size_t kPoolSize =
    8;  // of the server's 16 threads at most 8 wait on the database at once
constexpr auto kPoolWait = std::chrono::seconds(30);
// pg_advisory_xact_lock key taken while migrating: "workplan" in ASCII.
constexpr int64_t kMigrationLock = 0x776f726b706c616e;

// Session settings of every connection. lock_timeout bounds the wait for another process's
// write (the audit head) or migration; DateStyle makes DATE read back as ISO text; notices
// ("relation already exists, skipping") stay out of the server's output.
constexpr std::pair<const char*, const char*> kSessionSettings[] = {
    {"lock_timeout", "'30s'"},
    {"DateStyle", "'ISO, YMD'"},
    {"client_min_messages", "warning"},
};

constexpr const char* kSelectTargetColumns =
    "t.id, t.section, t.indicator, t.raw, t.value_mantissa, t.value_scale, t.unit, "
    "t.comparator, t.approximate, t.parent, t.restates, t.span_line, t.span_column, "
    "t.span_offset, t.span_length, t.numerator_ord, t.denominator_ord";
constexpr const char* kSelectUser =
    "SELECT id, username, display_name, role, unit_id, password_hash, active, created_at "
    "FROM users";
constexpr const char* kSelectAudit =
    "SELECT seq, at, actor_id, actor, action, entity, entity_id, before, after, prev_hash, "
    "hash FROM audit_log";

constexpr const char* kReportColumns =
    "id, program_id, obligation, period, unit_id, due, status, version, first_submitted_at, "
    "submitted_at, approved_at, comment, warnings, created_at, updated_at, updated_by";
constexpr const char* kValueColumns =
    "report_id bigint, target_id bigint, scope text, version bigint, kind text, "
    "value_mantissa bigint, value_scale int, note text, recorded_at text, recorded_by bigint";

// Values are listed by target, then scope in the domain's order: the period's value before the
// cumulative one (not the names' alphabetical order).
std::string ScopeOrder(const std::string& column) {
  return "CASE " + column + " WHEN 'period' THEN 0 ELSE 1 END";
}

// The newest vintage of each value of the reports that `where` (a condition on the report r)
// selects, cleared ones left out: (report, target, scope, kind, mantissa, scale, note) by
// report, target and scope. DISTINCT ON walks the primary key's order.
std::string CurrentValuesSql(const std::string& where) {
  return "SELECT report_id, target_id, scope, kind, value_mantissa, value_scale, note FROM ("
         "SELECT DISTINCT ON (v.report_id, v.target_id, v.scope) v.report_id, v.target_id, "
         "v.scope, v.kind, v.value_mantissa, v.value_scale, v.note FROM report_values v "
         "JOIN reports r ON r.id = v.report_id WHERE " +
         where +
         " ORDER BY v.report_id, v.target_id, v.scope, v.version DESC) cur "
         "WHERE value_mantissa IS NOT NULL ORDER BY report_id, target_id, " +
         ScopeOrder("scope");
}

// The condition of a ReportFilter on the reports' columns (prefixed with `table`), its fields
// parameters $1…$4, NULL for a field not set. Run unnamed (exec_params), the statement is
// planned with the values, so the conditions of unset fields fold away.
std::string FilterSql(const std::string& table) {
  return "($1::bigint IS NULL OR " + table + "program_id = $1) AND ($2::text IS NULL OR " + table +
         "period = $2) AND ($3::text IS NULL OR " + table +
         "obligation = $3) AND ($4::bigint IS NULL OR " + table + "unit_id = $4)";
}

// A report's new row, or its changed header, returning its columns.
const std::string kInsertReport =
    std::string(
        "INSERT INTO reports(program_id, obligation, period, unit_id, due, status, version, "
        "first_submitted_at, submitted_at, approved_at, comment, warnings, created_at, "
        "updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, "
        "$12, $13) ON CONFLICT (program_id, obligation, period, unit_id) DO NOTHING RETURNING ") +
    kReportColumns;
const std::string kUpdateReport =
    std::string(
        "UPDATE reports SET due = $1, status = $2, version = $3, first_submitted_at = $4, "
        "submitted_at = $5, approved_at = $6, comment = $7, warnings = $8, updated_at = $9, "
        "updated_by = $10 WHERE id = $11 RETURNING ") +
    kReportColumns;

// A program's allocations (one row without a share for a program that has none, none for a
// missing program); `unit`: of the unit $2 only.
std::string AllocationsSql(bool unit) {
  return std::string(
             "SELECT p.id, a.target_id, a.unit_id, a.value_mantissa, a.value_scale FROM "
             "programs p LEFT JOIN allocations a ON a.program_id = p.id") +
         (unit ? " AND a.unit_id = $2" : "") + " WHERE p.id = $1 ORDER BY a.target_id, a.unit_id";
}

// Statements prepared on every connection: the hot reads, the writes of a report submission
// and the audit chain's two steps (parsing and planning them was a fifth of PostgreSQL's work
// per submission).
const std::pair<std::string, std::string> kPrepared[] = {
    {"list_targets", std::string("SELECT p.id, ") + kSelectTargetColumns +
                         " FROM programs p LEFT JOIN targets t ON t.program_id = p.id "
                         "WHERE p.id = $1 ORDER BY t.ord"},
    {"find_session",
     "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
     "WHERE token_hash = $1 AND expires_at > $2"},
    {"find_api_token",
     "SELECT id, user_id, name, token_hash, created_at FROM api_tokens "
     "WHERE token_hash = $1 AND revoked_at IS NULL"},
    {"get_user", std::string(kSelectUser) + " WHERE id = $1"},
    {"find_user", std::string(kSelectUser) + " WHERE username = $1"},
    {"get_report", std::string("SELECT ") + kReportColumns + " FROM reports WHERE id = $1"},
    {"find_report", std::string("SELECT ") + kReportColumns +
                        " FROM reports WHERE program_id = $1 AND obligation = $2 AND "
                        "period = $3 AND unit_id = $4"},
    {"lock_report", "SELECT version FROM reports WHERE id = $1 FOR UPDATE"},
    {"report_values", CurrentValuesSql("r.id = $1")},
    // CurrentValues of one report named by its key (the previous period's, for references).
    {"key_values", CurrentValuesSql("r.program_id = $1 AND r.period = $2 AND r.obligation = $3 "
                                    "AND r.unit_id = $4")},
    {"allocations", AllocationsSql(false)},
    {"allocations_rev", "SELECT allocations_rev FROM programs WHERE id = $1"},
    {"unit_allocations", AllocationsSql(true)},
    {"insert_report", kInsertReport},
    {"update_report", kUpdateReport},
    {"report_tasks",
     "SELECT task_id, status, percent, output FROM report_tasks WHERE report_id = $1 "
     "ORDER BY task_id"},
    {"report_narratives", "SELECT section, text FROM report_narratives WHERE report_id = $1"},
    {"lock_head", "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE"},
    {"append_audit",
     "WITH entry AS (INSERT INTO audit_log(seq, at, actor_id, actor, action, entity, entity_id, "
     "before, after, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)) "
     "UPDATE audit_head SET last_seq = $1, last_hash = $11 WHERE id = 1"},
};

// ---- URLs -----------------------------------------------------------------------------------

// What may be shown of a URL (no password, no query) and the secrets to keep out of notes.
struct UrlView {
  std::string shown;
  std::vector<std::string> secrets;
};

std::string PercentDecoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      char hex[3] = {s[i + 1], s[i + 2], 0};
      char* end = nullptr;
      long v = std::strtol(hex, &end, 16);
      if (end == hex + 2) {
        out.push_back(static_cast<char>(v));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

UrlView ViewUrl(const std::string& url) {
  UrlView v;
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', start);
  std::string base = url.substr(0, query);
  size_t authority_end = std::min(base.find('/', start), base.size());
  std::string authority = base.substr(start, authority_end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) {
    size_t colon = authority.find(':');
    if (colon < at) {
      v.secrets.push_back(authority.substr(colon + 1, at - colon - 1));
      authority = authority.substr(0, colon) + authority.substr(at);
    }
  }
  v.shown = base.substr(0, start) + authority + base.substr(authority_end);
  if (query != std::string::npos) {
    std::string_view rest(url);
    rest.remove_prefix(query + 1);
    while (!rest.empty()) {
      size_t amp = rest.find('&');
      std::string_view param = rest.substr(0, amp);
      if (param.starts_with("password=")) v.secrets.emplace_back(param.substr(9));
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  size_t raw = v.secrets.size();
  for (size_t i = 0; i < raw; ++i) v.secrets.push_back(PercentDecoded(v.secrets[i]));
  std::erase_if(v.secrets, [](const std::string& s) { return s.empty(); });
  return v;
}

std::string Scrubbed(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    for (size_t pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos + 3)) {
      text.replace(pos, s.size(), "***");
    }
  }
  return text;
}

// The URL with what every connection needs: a bounded connect and a name in pg_stat_activity.
std::string ConnectionString(const std::string& url) {
  std::string out = url;
  auto add = [&](const std::string& key, const std::string& value) {
    if (out.find(key + "=") != std::string::npos) return;
    out += out.find('?') == std::string::npos ? '?' : '&';
    out += key + "=" + value;
  };
  add("connect_timeout", "10");
  add("application_name", "workplan");
  return out;
}

// ---- Values ---------------------------------------------------------------------------------

std::string Str(const pqxx::field& f) {
  return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}

std::optional<std::string> OptStr(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return Str(f);
}

int64_t Int(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

std::optional<int64_t> OptInt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int64_t>();
}

bool Bool(const pqxx::field& f) { return !f.is_null() && f.as<bool>(); }

std::optional<core::CivilDate> OptDate(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return core::ParseIsoDate(Str(f));
}

std::optional<std::string> IsoDate(const std::optional<core::CivilDate>& d) {
  if (!d) return std::nullopt;
  return d->ToIso();
}

core::SourceSpan Span(const pqxx::row& r, int first) {
  core::SourceSpan s;
  s.line = static_cast<uint32_t>(Int(r[first]));
  s.column = static_cast<uint32_t>(Int(r[first + 1]));
  s.offset = static_cast<uint32_t>(Int(r[first + 2]));
  s.length = static_cast<uint32_t>(Int(r[first + 3]));
  return s;
}

ProgramStatus ReadStatus(const pqxx::field& f) {
  return Str(f) == "published" ? ProgramStatus::kPublished : ProgramStatus::kDraft;
}

// The rows of one multi-row INSERT. Each column becomes a PostgreSQL array literal ("{…}")
// passed as one parameter and expanded by unnest(), so a table of any size is one statement
// and one round trip. Text is always quoted (backslash before " and \), so no text reads as
// NULL and no spacing is lost.
class Rows {
 public:
  // `columns`: "name type, name type, …" as the table has them.
  Rows(std::string table, std::string_view columns) : table_(std::move(table)) {
    while (!columns.empty()) {
      size_t comma = columns.find(',');
      std::string_view col = columns.substr(0, comma);
      while (col.starts_with(' ')) col.remove_prefix(1);
      size_t space = col.find(' ');
      names_.emplace_back(col.substr(0, space));
      types_.emplace_back(col.substr(space + 1));
      if (comma == std::string_view::npos) break;
      columns.remove_prefix(comma + 1);
    }
    values_.resize(names_.size());
  }

  Rows& Text(std::string_view v) {
    std::string& out = Next();
    out.push_back('"');
    for (char c : v) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
    return *this;
  }
  Rows& OptText(const std::optional<std::string>& v) { return v ? Text(*v) : Null(); }
  Rows& Int(int64_t v) {
    Next() += std::to_string(v);
    return *this;
  }
  Rows& OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Null(); }
  Rows& OptInt(const std::optional<int>& v) { return v ? Int(int64_t{*v}) : Null(); }
  Rows& Bool(bool v) {
    Next() += v ? "t" : "f";
    return *this;
  }
  Rows& Date(const std::optional<core::CivilDate>& d) { return d ? Text(d->ToIso()) : Null(); }
  Rows& Span(const core::SourceSpan& s) {
    return Int(int64_t{s.line})
        .Int(int64_t{s.column})
        .Int(int64_t{s.offset})
        .Int(int64_t{s.length});
  }
  Rows& Null() {
    Next() += "NULL";
    return *this;
  }
  // Closes a row: every column must have had its value.
  void End() {
    if (column_ != names_.size()) throw std::logic_error("row of " + table_ + " is incomplete");
    column_ = 0;
    ++rows_;
  }

  // "unnest($first::type[], …)": the rows as a table, its columns parameters $first… (Arrays()).
  std::string Unnest(size_t first = 1) const {
    std::string out = "unnest(";
    for (size_t i = 0; i < names_.size(); ++i) {
      out += (i ? ", $" : "$") + std::to_string(first + i) + "::" + types_[i] + "[]";
    }
    return out + ")";
  }
  // The columns as array literals, the parameters of Unnest().
  std::vector<std::string> Arrays() const {
    std::vector<std::string> params;
    params.reserve(values_.size());
    for (const auto& v : values_) params.push_back("{" + v + "}");
    return params;
  }

  // The one statement that inserts all the rows, `suffix` appended ("ON CONFLICT …"); its
  // parameters are Arrays(). The same text for any number of rows, so it can be prepared.
  std::string InsertSql(std::string_view suffix = {}) const {
    std::string sql = "INSERT INTO " + table_ + "(";
    for (size_t i = 0; i < names_.size(); ++i) sql += (i ? ", " : "") + names_[i];
    sql += ") SELECT * FROM " + Unnest();
    if (!suffix.empty()) sql += " " + std::string(suffix);
    return sql;
  }

  // Runs InsertSql(suffix); nothing for no rows. Returns how many rows it inserted.
  size_t InsertInto(pqxx::work& tx, std::string_view suffix = {}) const {
    if (rows_ == 0) return 0;
    return tx.exec_params(InsertSql(suffix), pqxx::prepare::make_dynamic_params(Arrays()))
        .affected_rows();
  }
  // The same through the statement `name` prepared from InsertSql().
  size_t InsertPrepared(pqxx::work& tx, const std::string& name) const {
    if (rows_ == 0) return 0;
    return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(Arrays())).affected_rows();
  }

 private:
  std::string& Next() {
    if (column_ >= names_.size()) throw std::logic_error("row of " + table_ + " is too long");
    std::string& out = values_[column_++];
    if (rows_ > 0) out.push_back(',');
    return out;
  }

  std::string table_;
  std::vector<std::string> names_, types_, values_;
  size_t column_ = 0, rows_ = 0;
};

// ---- Connections ----------------------------------------------------------------------------

// No pooled connection came back in time: the database is too slow or too busy to serve.
struct PoolExhausted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Whether a failure is the database not serving (kUnavailable) rather than a bug (kInternal):
// a connection lost or refused, the transaction's outcome unknown, a serialization failure or
// deadlock, a lock not granted in lock_timeout, a read-only server, and the SQLSTATE classes of
// resources (53: disk full, out of memory, too many connections), operator intervention (57:
// shutdown, recovery) and system errors (58: I/O). A constraint violation (23), bad data (22)
// or SQL (42) is the store's own mistake.
bool IsUnavailable(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr ||
      dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr ||
      dynamic_cast<const PoolExhausted*>(&e) != nullptr) {
    return true;
  }
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (sql == nullptr) return false;
  const std::string& state = sql->sqlstate();
  const std::string_view cls = std::string_view(state).substr(0, 2);
  return cls == "08" || cls == "40" || cls == "53" || cls == "57" || cls == "58" ||
         state == "55P03" || state == "25006";
}

// A few connections, one lent per call: two threads never share one, and a connection the
// server dropped is not lent again.
class Pool {
 public:
  explicit Pool(std::string conninfo) : conninfo_(std::move(conninfo)) {}

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> c, bool reused)
        : pool_(pool), conn_(std::move(c)), reused_(reused) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->Release(std::move(conn_)); }
    pqxx::connection& get() { return *conn_; }
    bool reused() const { return reused_; }

   private:
    Pool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool reused_;
  };

  // A new connection, set up; throws pqxx::broken_connection when the server is unreachable.
  std::unique_ptr<pqxx::connection> Connect() const {
    auto c = std::make_unique<pqxx::connection>(conninfo_);
    c->set_client_encoding("UTF8");
    for (const auto& [name, value] : kSessionSettings) c->set_variable(name, value);
    for (const auto& [name, sql] : kPrepared) c->prepare(name, sql);
    c->prepare("insert_values", Rows("report_values", kValueColumns).InsertSql());
    return c;
  }

  void Add(std::unique_ptr<pqxx::connection> c) {
    std::lock_guard lock(mu_);
    ++open_;
    idle_.push_back(std::move(c));
  }

  // An idle connection, or a new one while fewer than kPoolSize are open; waits at most
  // kPoolWait for one to come back.
  Lease Acquire() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kPoolWait, [&] { return !idle_.empty() || open_ < kPoolSize; })) {
      throw PoolExhausted("no database connection became free in 30 s");
    }
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c), true);
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(this, Connect(), false);
    } catch (...) {
      Release(nullptr);
      throw;
    }
  }

  // Closes the idle connections: after one broke, the others likely did too (server restart).
  void DropIdle() {
    std::vector<std::unique_ptr<pqxx::connection>> dropped;
    {
      std::lock_guard lock(mu_);
      dropped.swap(idle_);
      open_ -= dropped.size();
    }
    cv_.notify_all();
  }

 private:
  void Release(std::unique_ptr<pqxx::connection> c) {
    std::unique_ptr<pqxx::connection> dropped;
    {
      std::lock_guard lock(mu_);
      if (c && c->is_open()) {
        idle_.push_back(std::move(c));
      } else {
        dropped = std::move(c);
        --open_;
      }
    }
    cv_.notify_one();
  }

  const std::string conninfo_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  size_t open_ = 0;
};

// ---- The store ------------------------------------------------------------------------------

// The end of the audit chain, locked for the rest of a write transaction.
struct Head {
  int64_t seq = 0;
  std::string hash;
};

using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const std::string& url)
      : secrets_(ViewUrl(url).secrets), pool_(ConnectionString(url)) {
    auto c = pool_.Connect();
    Migrate(*c);
    pool_.Add(std::move(c));
  }

  core::Status SaveOrgUnits(const std::vector<domain::OrgUnit>& units) override {
    return Run([&](pqxx::connection& c) -> core::Status {
      pqxx::work tx(c);
      LockHead(tx);  // not audited, but two first starts must not interleave
      tx.exec("DELETE FROM org_successions; DELETE FROM org_unit_aliases; DELETE FROM org_units");
      InsertUnits(tx, units);
      tx.commit();
      return {};
    });
  }

  core::Result<std::vector<domain::OrgUnit>> LoadOrgUnits() override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<domain::OrgUnit>> {
      Snapshot tx(c);
      std::vector<domain::OrgUnit> units;
      std::map<int64_t, size_t> index;
      for (const auto& r : tx.exec("SELECT id, code, name, kind, parent_id, valid_from, valid_to "
                                   "FROM org_units ORDER BY id")) {
        domain::OrgUnit u;
        u.id = Int(r[0]);
        u.code = Str(r[1]);
        u.name = Str(r[2]);
        u.kind = domain::ParseOrgKind(Str(r[3])).value_or(domain::OrgKind::kDepartment);
        u.parent = OptInt(r[4]);
        u.valid_from = OptDate(r[5]);
        u.valid_to = OptDate(r[6]);
        index[u.id] = units.size();
        units.push_back(std::move(u));
      }
      for (const auto& r :
           tx.exec("SELECT unit_id, alias FROM org_unit_aliases ORDER BY unit_id, ord")) {
        units[index.at(Int(r[0]))].aliases.push_back(Str(r[1]));
      }
      for (const auto& r :
           tx.exec("SELECT unit_id, successor_id FROM org_successions ORDER BY unit_id, ord")) {
        units[index.at(Int(r[0]))].successors.push_back(Int(r[1]));
      }
      tx.commit();
      return units;
    });
  }

  core::Result<ProgramId> InsertProgram(const ProgramRecord& p, ImportMode mode,
                                        const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Result<ProgramId> {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      const auto& d = p.plan.document;
      if (d.number) {
        auto existing =
            tx.exec_params("SELECT id, status FROM programs WHERE number = $1", *d.number);
        if (!existing.empty()) {
          ProgramId old_id = Int(existing[0][0]);
          if (mode == ImportMode::kNew) return tl::unexpected(ProgramExists(*d.number, old_id));
          if (ReadStatus(existing[0][1]) == ProgramStatus::kPublished) {
            return tl::unexpected(ProgramPublishedCannotReplace(*d.number));
          }
          tx.exec_params0("DELETE FROM programs WHERE id = $1", old_id);
        }
      }
      ProgramId id = InsertPlan(tx, p);
      AppendAudit(tx, head, audit, std::to_string(id));
      tx.commit();
      return id;
    });
  }

  core::Result<ProgramRecord> GetProgram(ProgramId id) override {
    return Run([&](pqxx::connection& c) -> core::Result<ProgramRecord> {
      Snapshot tx(c);  // one program, as one commit left it
      auto rows = tx.exec_params(
          "SELECT id, status, type, number, issued_date, place, issuer, signer, signer_title, "
          "year, title, source_name, source_text, source_sha256, created_at, published_at "
          "FROM programs WHERE id = $1",
          id);
      if (rows.empty()) return tl::unexpected(ProgramNotFound(id));
      const auto& r = rows[0];
      ProgramRecord p;
      p.id = Int(r[0]);
      p.status = ReadStatus(r[1]);
      auto& d = p.plan.document;
      d.type = OptStr(r[2]);
      d.number = OptStr(r[3]);
      d.issued_date = OptDate(r[4]);
      d.place = OptStr(r[5]);
      d.issuer = OptStr(r[6]);
      d.signer = OptStr(r[7]);
      d.signer_title = OptStr(r[8]);
      if (auto y = OptInt(r[9])) d.year = static_cast<int>(*y);
      d.title = OptStr(r[10]);
      p.source_name = Str(r[11]);
      p.source_text = Str(r[12]);
      p.source_sha256 = Str(r[13]);
      p.created_at = Str(r[14]);
      p.published_at = OptStr(r[15]);
      LoadPlan(tx, id, p.plan);
      tx.commit();
      return p;
    });
  }

  core::Result<std::vector<ProgramSummary>> ListPrograms() override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<ProgramSummary>> {
      pqxx::nontransaction tx(c);
      // Newest decision first; those without a date after all dated ones (as in SQLite, where
      // NULL sorts below every value).
      auto rows = tx.exec(
          "SELECT p.id, p.status, p.number, p.issued_date, p.title, p.year, "
          "(SELECT COUNT(*) FROM targets t WHERE t.program_id = p.id), "
          "(SELECT COUNT(*) FROM sections s WHERE s.program_id = p.id) "
          "FROM programs p ORDER BY p.issued_date DESC NULLS LAST, p.id DESC");
      std::vector<ProgramSummary> out;
      out.reserve(rows.size());
      for (const auto& r : rows) {
        ProgramSummary s;
        s.id = Int(r[0]);
        s.status = ReadStatus(r[1]);
        s.number = OptStr(r[2]);
        s.issued_date = OptDate(r[3]);
        s.title = OptStr(r[4]);
        if (auto y = OptInt(r[5])) s.year = static_cast<int>(*y);
        s.targets = static_cast<size_t>(Int(r[6]));
        s.sections = static_cast<size_t>(Int(r[7]));
        out.push_back(std::move(s));
      }
      return out;
    });
  }

  core::Status PublishProgram(ProgramId id, const std::string& at,
                              const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Status {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      auto rows = tx.exec_params("SELECT status FROM programs WHERE id = $1", id);
      if (rows.empty()) return tl::unexpected(ProgramNotFound(id));
      if (ReadStatus(rows[0][0]) == ProgramStatus::kPublished) {
        return tl::unexpected(ProgramAlreadyPublished(id));
      }
      tx.exec_params0("UPDATE programs SET status = 'published', published_at = $1 WHERE id = $2",
                      at, id);
      AppendAudit(tx, head, audit, std::to_string(id));
      tx.commit();
      return {};
    });
  }

  core::Result<std::vector<StoredTarget>> ListTargets(ProgramId id) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<StoredTarget>> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("list_targets", id);
      if (rows.empty()) return tl::unexpected(ProgramNotFound(id));
      std::vector<StoredTarget> out;
      for (const auto& r : rows) {
        if (r[1].is_null()) continue;  // a program without targets
        out.push_back(ReadTarget(r, 1));
      }
      return out;
    });
  }

  core::Result<int64_t> AddCorrection(const ProgramCorrection& k,
                                      const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Result<int64_t> {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      auto status =
          tx.exec_params("SELECT status FROM programs WHERE id = $1 FOR UPDATE", k.program_id);
      if (status.empty()) return tl::unexpected(ProgramNotFound(k.program_id));
      if (Str(status[0][0]) != "draft") {
        return tl::unexpected(ProgramAlreadyPublished(k.program_id));
      }
      auto row = tx.exec_params1(
          "INSERT INTO program_corrections(program_id, locator, field, value, before, after, "
          "reason, at, by_user, by_name) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
          k.program_id, k.locator, k.field, k.value, k.before, k.after, k.reason, k.at, k.by,
          k.by_name);
      int64_t id = Int(row[0]);
      AppendAudit(tx, head, audit, std::to_string(k.program_id));
      tx.commit();
      return id;
    });
  }

  core::Result<std::vector<ProgramCorrection>> ListCorrections(ProgramId id) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<ProgramCorrection>> {
      pqxx::work tx(c);  // one snapshot: the program and its corrections
      if (tx.exec_params("SELECT 1 FROM programs WHERE id = $1", id).empty()) {
        return tl::unexpected(ProgramNotFound(id));
      }
      auto rows = tx.exec_params(
          "SELECT id, locator, field, value, before, after, reason, at, by_user, by_name "
          "FROM program_corrections WHERE program_id = $1 ORDER BY id",
          id);
      std::vector<ProgramCorrection> out;
      for (const auto& r : rows) {
        ProgramCorrection k;
        k.id = Int(r[0]);
        k.program_id = id;
        k.locator = Str(r[1]);
        k.field = Str(r[2]);
        k.value = Str(r[3]);
        k.before = Str(r[4]);
        k.after = Str(r[5]);
        k.reason = Str(r[6]);
        k.at = Str(r[7]);
        k.by = OptInt(r[8]);
        k.by_name = Str(r[9]);
        out.push_back(std::move(k));
      }
      tx.commit();
      return out;
    });
  }

  core::Result<domain::UserId> CreateUser(const UserRecord& u, const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Result<domain::UserId> {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      if (!tx.exec_params("SELECT 1 FROM users WHERE username = $1", u.username).empty()) {
        return tl::unexpected(UserExists(u.username));
      }
      auto row = tx.exec_params1(
          "INSERT INTO users(username, display_name, role, unit_id, password_hash, active, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          u.username, u.display_name, domain::RoleName(u.role), u.unit, u.password_hash, u.active,
          u.created_at);
      domain::UserId id = Int(row[0]);
      AppendAudit(tx, head, audit, std::to_string(id));
      tx.commit();
      return id;
    });
  }

  core::Result<UserRecord> FindUser(const std::string& username) override {
    return Run([&](pqxx::connection& c) -> core::Result<UserRecord> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("find_user", username);
      if (rows.empty()) return tl::unexpected(UserNotFound());
      return ReadUser(rows[0]);
    });
  }

  core::Result<UserRecord> GetUser(domain::UserId id) override {
    return Run([&](pqxx::connection& c) -> core::Result<UserRecord> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("get_user", id);
      if (rows.empty()) return tl::unexpected(UserNotFound());
      return ReadUser(rows[0]);
    });
  }

  core::Result<std::vector<UserRecord>> ListUsers() override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<UserRecord>> {
      pqxx::nontransaction tx(c);
      std::vector<UserRecord> out;
      for (const auto& r : tx.exec(std::string(kSelectUser) + " ORDER BY username")) {
        out.push_back(ReadUser(r));
      }
      return out;
    });
  }

  core::Status UpdateUser(const UserRecord& u, const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Status {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      auto done = tx.exec_params(
          "UPDATE users SET display_name = $1, role = $2, unit_id = $3, password_hash = $4, "
          "active = $5 WHERE id = $6",
          u.display_name, domain::RoleName(u.role), u.unit, u.password_hash, u.active, u.id);
      if (done.affected_rows() == 0) return tl::unexpected(UserNotFound());
      AppendAudit(tx, head, audit, std::to_string(u.id));
      tx.commit();
      return {};
    });
  }

  core::Status CreateSession(const SessionRecord& s, const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Status {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      // Expired sessions go as new ones come: the table holds only live ones.
      tx.exec_params0("DELETE FROM sessions WHERE expires_at <= $1", s.created_at);
      tx.exec_params0(
          "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) "
          "VALUES ($1, $2, $3, $4, $5)",
          s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at);
      AppendAudit(tx, head, audit, std::to_string(s.user_id));
      tx.commit();
      return {};
    });
  }

  core::Result<SessionRecord> FindSession(const std::string& token_hash,
                                          const std::string& now) override {
    return Run([&](pqxx::connection& c) -> core::Result<SessionRecord> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("find_session", token_hash, now);
      if (rows.empty()) return tl::unexpected(SessionNotFound());
      const auto& r = rows[0];
      return SessionRecord{Str(r[0]), Int(r[1]), Str(r[2]), Str(r[3]), Str(r[4])};
    });
  }

  core::Status DeleteSession(const std::string& token_hash, const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Status {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      auto done = tx.exec_params("DELETE FROM sessions WHERE token_hash = $1", token_hash);
      if (done.affected_rows() > 0) AppendAudit(tx, head, audit, audit.entity_id);
      tx.commit();
      return {};
    });
  }

  core::Result<int64_t> CreateApiToken(const ApiTokenRecord& t, const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Result<int64_t> {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      auto row = tx.exec_params1(
          "INSERT INTO api_tokens(user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) "
          "RETURNING id",
          t.user_id, t.name, t.token_hash, t.created_at);
      int64_t id = Int(row[0]);
      AppendAudit(tx, head, audit, std::to_string(id));
      tx.commit();
      return id;
    });
  }

  core::Result<ApiTokenRecord> FindApiToken(const std::string& token_hash) override {
    return Run([&](pqxx::connection& c) -> core::Result<ApiTokenRecord> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("find_api_token", token_hash);
      if (rows.empty()) return tl::unexpected(TokenNotFound());
      const auto& r = rows[0];
      ApiTokenRecord t;
      t.id = Int(r[0]);
      t.user_id = Int(r[1]);
      t.name = Str(r[2]);
      t.token_hash = Str(r[3]);
      t.created_at = Str(r[4]);
      return t;
    });
  }

  core::Result<ReportRecord> PutReport(const ReportRecord& next, int64_t expected_version,
                                       const ReportChanges& changes,
                                       const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Result<ReportRecord> {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      pqxx::result stored;
      if (next.id == 0) {
        // A report of this obligation, period and unit stored meanwhile makes this creation
        // stale. Every writer takes the audit head first, so it is seen here; ON CONFLICT keeps
        // a creation that got past it a stale version too, never a unique violation.
        auto stale = [&]() -> core::Error {
          auto rows = tx.exec_params(
              "SELECT version FROM reports WHERE program_id = $1 AND obligation = $2 AND "
              "period = $3 AND unit_id = $4",
              next.program_id, next.obligation, next.period, next.unit_id);
          return StaleVersion(expected_version, rows.empty() ? 0 : Int(rows[0][0]));
        };
        if (expected_version != 0) return tl::unexpected(stale());
        stored = tx.exec_prepared("insert_report", next.program_id, next.obligation, next.period,
                                  next.unit_id, next.due, domain::ReportStatusName(next.status),
                                  next.first_submitted_at, next.submitted_at, next.approved_at,
                                  next.comment, next.warnings, next.updated_at, next.updated_by);
        if (stored.empty()) return tl::unexpected(stale());
      } else {
        // The row lock makes writers of one report take turns even without the audit head.
        auto current = tx.exec_prepared("lock_report", next.id);
        if (current.empty()) return tl::unexpected(ReportNotFound(next.id));
        const int64_t version = Int(current[0][0]);
        if (version != expected_version) {
          return tl::unexpected(StaleVersion(expected_version, version));
        }
        stored = tx.exec_prepared("update_report", next.due, domain::ReportStatusName(next.status),
                                  version + 1, next.first_submitted_at, next.submitted_at,
                                  next.approved_at, next.comment, next.warnings, next.updated_at,
                                  next.updated_by, next.id);
      }
      ReportRecord r = ReadReport(stored.at(0));
      WriteChanges(tx, r, changes);
      AppendAudit(tx, head, audit, std::to_string(r.id));
      tx.commit();
      return r;
    });
  }

  core::Result<ReportRecord> GetReport(ReportId id) override {
    return Run([&](pqxx::connection& c) -> core::Result<ReportRecord> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("get_report", id);
      if (rows.empty()) return tl::unexpected(ReportNotFound(id));
      return ReadReport(rows[0]);
    });
  }

  core::Result<std::optional<ReportRecord>> FindReport(ProgramId program,
                                                       const std::string& obligation,
                                                       const std::string& period,
                                                       domain::OrgUnitId unit) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::optional<ReportRecord>> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("find_report", program, obligation, period, unit);
      if (rows.empty()) return std::optional<ReportRecord>();
      return std::optional<ReportRecord>(ReadReport(rows[0]));
    });
  }

  core::Result<std::vector<ReportRecord>> ListReports(const ReportFilter& filter) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<ReportRecord>> {
      pqxx::nontransaction tx(c);
      auto rows =
          tx.exec_params(std::string("SELECT ") + kReportColumns + " FROM reports WHERE " +
                             FilterSql("") + " ORDER BY program_id, period, obligation, unit_id",
                         filter.program_id, filter.period, filter.obligation, filter.unit_id);
      std::vector<ReportRecord> out;
      out.reserve(rows.size());
      for (const auto& r : rows) out.push_back(ReadReport(r));
      return out;
    });
  }

  core::Result<domain::ReportContent> GetReportContent(ReportId id, int64_t* version) override {
    return Run([&](pqxx::connection& c) -> core::Result<domain::ReportContent> {
      Snapshot tx(c);  // one report, as one commit left it
      auto head = tx.exec_prepared("get_report", id);
      if (head.empty()) return tl::unexpected(ReportNotFound(id));
      if (version) *version = ReadReport(head[0]).version;
      domain::ReportContent content;
      for (const auto& r : tx.exec_prepared("report_values", id)) {
        content.values.push_back(ReadValue(r, 1));
      }
      for (const auto& r : tx.exec_prepared("report_tasks", id)) {
        domain::TaskProgress p;
        p.task_id = Str(r[0]);
        p.status = domain::ParseTaskStatus(Str(r[1])).value_or(domain::TaskStatus::kNotStarted);
        if (auto pct = OptInt(r[2])) p.percent = static_cast<int>(*pct);
        p.output = Str(r[3]);
        content.tasks.push_back(std::move(p));
      }
      for (const auto& r : tx.exec_prepared("report_narratives", id)) {
        if (auto section = domain::ParseNarrative(Str(r[0]))) {
          content.narrative[static_cast<size_t>(*section)] = Str(r[1]);
        }
      }
      tx.commit();
      return content;
    });
  }

  core::Result<std::vector<ValueVintage>> ListValueVintages(ReportId id) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<ValueVintage>> {
      pqxx::nontransaction tx(c);
      // One row without a value for a report that has none, none for a missing report.
      auto rows = tx.exec_params(
          "SELECT r.id, v.target_id, v.scope, v.kind, v.value_mantissa, v.value_scale, v.note, "
          "v.version, v.recorded_at, v.recorded_by FROM reports r LEFT JOIN report_values v "
          "ON v.report_id = r.id WHERE r.id = $1 ORDER BY v.target_id, " +
              ScopeOrder("v.scope") + ", v.version",
          id);
      if (rows.empty()) return tl::unexpected(ReportNotFound(id));
      std::vector<ValueVintage> out;
      out.reserve(rows.size());
      for (const auto& r : rows) {
        if (r[1].is_null()) continue;
        ValueVintage vv;
        vv.value = ReadValue(r, 1);
        vv.version = Int(r[7]);
        vv.recorded_at = Str(r[8]);
        vv.recorded_by = OptInt(r[9]);
        out.push_back(std::move(vv));
      }
      return out;
    });
  }

  core::Result<std::vector<std::pair<ReportId, domain::ReportValue>>> CurrentValues(
      const ReportFilter& filter) override {
    using Out = std::vector<std::pair<ReportId, domain::ReportValue>>;
    return Run([&](pqxx::connection& c) -> core::Result<Out> {
      pqxx::nontransaction tx(c);
      auto rows = filter.program_id && filter.period && filter.obligation && filter.unit_id
                      ? tx.exec_prepared("key_values", *filter.program_id, *filter.period,
                                         *filter.obligation, *filter.unit_id)
                      : tx.exec_params(CurrentValuesSql(FilterSql("r.")), filter.program_id,
                                       filter.period, filter.obligation, filter.unit_id);
      Out out;
      out.reserve(rows.size());
      for (const auto& r : rows) out.emplace_back(Int(r[0]), ReadValue(r, 1));
      return out;
    });
  }

  core::Result<size_t> BulkLoadValues(ProgramId program, const std::vector<BulkValue>& rows,
                                      domain::ReportStatus status, const std::string& at,
                                      const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Result<size_t> {
      pqxx::work tx(c);
      Head head = LockHead(tx);

      // The reports the rows belong to, each once, in order of first appearance (its first
      // row gives a new report its due date); report_of[i] is row i's.
      struct Touched {
        const BulkValue* first = nullptr;
        ReportId id = 0;
        int64_t version = 0;
      };
      std::vector<Touched> reports;
      std::vector<size_t> report_of(rows.size());
      {
        using Key = std::tuple<std::string_view, std::string_view, domain::OrgUnitId>;
        std::map<Key, size_t> index;
        for (size_t i = 0; i < rows.size(); ++i) {
          const auto& row = rows[i];
          if (i > 0) {  // rows of one report usually come together
            const BulkValue& last = *reports[report_of[i - 1]].first;
            if (row.unit_id == last.unit_id && row.period == last.period &&
                row.obligation == last.obligation) {
              report_of[i] = report_of[i - 1];
              continue;
            }
          }
          auto [it, added] =
              index.try_emplace(Key{row.obligation, row.period, row.unit_id}, reports.size());
          if (added) reports.push_back({&row});
          report_of[i] = it->second;
        }
      }

      // Stored ones get one more version, in statements of kChunk reports.
      for (size_t from = 0; from < reports.size(); from += kChunk) {
        const size_t to = std::min(reports.size(), from + kChunk);
        Rows keys("keys", "obligation text, period text, unit_id bigint");
        for (size_t k = from; k < to; ++k) {
          const BulkValue& row = *reports[k].first;
          keys.Text(row.obligation).Text(row.period).Int(row.unit_id).End();
        }
        auto bumped = tx.exec_params(
            "UPDATE reports r SET version = r.version + 1, updated_at = $4 FROM " + keys.Unnest() +
                " WITH ORDINALITY AS k(obligation, period, unit_id, ord) WHERE r.program_id = $5 "
                "AND r.obligation = k.obligation AND r.period = k.period AND "
                "r.unit_id = k.unit_id RETURNING k.ord, r.id, r.version",
            pqxx::prepare::make_dynamic_params(keys.Arrays()), at, program);
        for (const auto& b : bumped) {
          auto& t = reports.at(from + static_cast<size_t>(Int(b[0])) - 1);
          t.id = Int(b[1]);
          t.version = Int(b[2]);
        }
      }

      // The others are created, with ids taken up front.
      std::vector<size_t> missing;
      for (size_t k = 0; k < reports.size(); ++k) {
        if (reports[k].id == 0) missing.push_back(k);
      }
      if (!missing.empty()) {
        auto ids = tx.exec_params("SELECT nextval('reports_id_seq') FROM generate_series(1, $1)",
                                  static_cast<int64_t>(missing.size()));
        if (ids.size() != missing.size()) throw std::runtime_error("sequence returned too few ids");
        for (size_t m = 0; m < missing.size(); ++m) {
          reports[missing[m]].id = Int(ids[static_cast<pqxx::result::size_type>(m)][0]);
          reports[missing[m]].version = 1;
        }
        const bool submitted = status != domain::ReportStatus::kDraft;
        const bool approved = status == domain::ReportStatus::kApproved;
        for (size_t from = 0; from < missing.size(); from += kChunk) {
          Rows created("reports",
                       "id bigint, program_id bigint, obligation text, period text, "
                       "unit_id bigint, due date, status text, version bigint, "
                       "first_submitted_at text, submitted_at text, approved_at text, "
                       "created_at text, updated_at text");
          for (size_t m = from; m < std::min(missing.size(), from + kChunk); ++m) {
            const Touched& t = reports[missing[m]];
            created.Int(t.id).Int(program).Text(t.first->obligation).Text(t.first->period);
            created.Int(t.first->unit_id).Text(t.first->due).Text(domain::ReportStatusName(status));
            created.Int(1);
            if (submitted) {
              created.Text(at).Text(at);
            } else {
              created.Null().Null();
            }
            if (approved) {
              created.Text(at);
            } else {
              created.Null();
            }
            created.Text(at).Text(at).End();
          }
          created.InsertInto(tx);
        }
      }

      // The values, as one COPY, in the primary key's order: each index entry lands next to
      // the one before, and the foreign key's lookups of one report follow each other (a
      // million values in another order take the server about twice as long).
      std::vector<size_t> order(rows.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      auto key = [&](size_t i) {
        const domain::ReportValue& v = rows[i].value;
        // Scope as its name sorts (COLLATE "C"): "cumulative" before "period".
        return std::tuple{reports[report_of[i]].id, v.target_id,
                          v.scope == domain::ValueScope::kPeriod};
      };
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
      {
        auto copy = CopyValues(tx);
        for (size_t i : order) {
          const Touched& t = reports[report_of[i]];
          CopyValue(copy, t.id, t.version, rows[i].value, at, audit.actor_id);
        }
        copy.complete();
      }

      AppendAudit(tx, head, audit, std::to_string(program));
      tx.commit();
      return rows.size();
    });
  }

  core::Status ScanApprovedValues(ProgramId program, const ApprovedSink& sink) override {
    auto ids = Run([&](pqxx::connection& c) -> core::Result<std::vector<ReportId>> {
      pqxx::read_transaction tx(c);
      std::vector<ReportId> out;
      for (const auto& r : tx.exec_params(
               "SELECT id FROM reports WHERE program_id = $1 AND status = 'approved' ORDER BY id",
               program)) {
        out.push_back(Int(r[0]));
      }
      return out;
    });
    if (!ids) return tl::unexpected(ids.error());
    if (ids->empty()) return {};
    // Two halves of the reports on two pooled connections, each through a cursor read in
    // pages: PostgreSQL picks the newest version of each key (DISTINCT ON over the key's
    // order), the server decodes the text.
    auto scan = [&](ReportId first, ReportId last) {
      return Run([&](pqxx::connection& c) -> core::Status {
        pqxx::read_transaction tx(c);
        // In report_values' key order, which its index gives without a sort (a cursor is
        // planned for a fast start); the newest version of each target is kept here, as in
        // the SQLite store. With DISTINCT ON … ORDER BY version DESC PostgreSQL sorted the
        // rows: at L the start-up load took 92 s.
        tx.exec(
            "DECLARE approved_scan NO SCROLL CURSOR FOR SELECT v.report_id, v.target_id, "
            "v.kind, v.value_mantissa, v.value_scale, v.version FROM reports r JOIN "
            "report_values v ON v.report_id = r.id WHERE r.program_id = " +
            std::to_string(program) + " AND r.status = 'approved' AND r.id BETWEEN " +
            std::to_string(first) + " AND " + std::to_string(last) +
            " AND v.scope = 'period' ORDER BY v.report_id, v.target_id, v.scope, v.version");
        std::vector<ApprovedValue> batch;
        ApprovedValue pending;
        bool have = false, cleared = false;
        while (true) {
          auto page = tx.exec("FETCH FORWARD 65536 FROM approved_scan");
          if (page.empty()) break;
          batch.clear();
          for (const auto& row : page) {
            const ReportId report = std::strtoll(row[0].c_str(), nullptr, 10);
            const int64_t target = std::strtoll(row[1].c_str(), nullptr, 10);
            if (have && !cleared && (report != pending.report || target != pending.target_id)) {
              batch.push_back(pending);
            }
            have = true;
            pending.report = report;
            pending.target_id = target;
            const char k = row[2].c_str()[0];
            pending.kind = k == 'a'   ? domain::ValueKind::kActual
                           : k == 'e' ? domain::ValueKind::kEstimate
                                      : domain::ValueKind::kPlan;
            cleared = row[3].is_null();
            if (!cleared) {
              pending.value =
                  core::Decimal{std::strtoll(row[3].c_str(), nullptr, 10),
                                static_cast<int>(std::strtol(row[4].c_str(), nullptr, 10))};
            }
          }
          if (!batch.empty()) sink(batch);
        }
        batch.clear();
        if (have && !cleared) batch.push_back(pending);
        if (!batch.empty()) sink(batch);
        return {};
      });
    };
    if (ids->size() < 1000) return scan(ids->front(), ids->back());
    const size_t mid = ids->size() / 2;
    core::Status second;
    std::thread other([&] { second = scan((*ids)[mid], ids->back()); });
    core::Status first = scan(ids->front(), (*ids)[mid - 1]);
    other.join();
    return first ? second : first;
  }

  core::Result<DatasetCounts> LoadDataset(const DatasetLoad& load) override {
    return Run([&](pqxx::connection& c) -> core::Result<DatasetCounts> {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      auto held = tx.exec("SELECT (SELECT count(*) FROM programs), (SELECT count(*) FROM reports)");
      if (int64_t programs = Int(held[0][0]), reports = Int(held[0][1]);
          programs > 0 || reports > 0) {
        return tl::unexpected(DatabaseNotEmpty(programs, reports));
      }
      std::string unit_ids = "{";
      for (const auto& u : load.units) {
        unit_ids += (unit_ids.size() > 1 ? "," : "") + std::to_string(u.id);
      }
      unit_ids += "}";
      auto taken = tx.exec_params(
          "SELECT u.id FROM org_units u JOIN unnest($1::bigint[]) AS n(id) USING (id) LIMIT 1",
          unit_ids);
      if (!taken.empty()) return tl::unexpected(UnitExists(Int(taken[0][0])));
      DatasetCounts counts;
      InsertUnits(tx, load.units);
      counts.units = load.units.size();

      DatasetIds ids;
      for (const auto& [program, audit] : load.programs) {
        ProgramId id = InsertPlan(tx, program, program.status, program.published_at);
        AppendAudit(tx, head, audit, std::to_string(id));
        ids.programs.push_back(id);
        auto& list = ids.targets.emplace_back();
        for (const auto& r :
             tx.exec_params("SELECT id FROM targets WHERE program_id = $1 ORDER BY ord", id)) {
          list.push_back(Int(r[0]));
        }
      }
      counts.programs = ids.programs.size();

      // Each batch: report ids from the sequence, then the reports and their values as two
      // COPYs (nothing else may run on the connection while one is open), values in the
      // primary key's order.
      struct Row {
        ReportId report;
        int64_t target;
        bool period;
        int64_t version;
        const std::string* at;
        const domain::ReportValue* value;
      };
      std::vector<DatasetReport> batch;
      std::vector<Row> rows;
      while (true) {
        batch.clear();
        bool more = load.next(ids, batch);
        if (!batch.empty()) {
          auto taken_ids =
              tx.exec_params("SELECT nextval('reports_id_seq') FROM generate_series(1, $1)",
                             static_cast<int64_t>(batch.size()));
          if (taken_ids.size() != batch.size()) {
            throw std::runtime_error("sequence returned too few ids");
          }
          rows.clear();
          {
            pqxx::stream_to copy(tx, "reports",
                                 std::vector<std::string>{
                                     "id", "program_id", "obligation", "period", "unit_id", "due",
                                     "status", "version", "first_submitted_at", "submitted_at",
                                     "approved_at", "created_at", "updated_at"});
            for (size_t i = 0; i < batch.size(); ++i) {
              const auto& r = batch[i];
              if (r.versions.empty() || r.program >= ids.programs.size()) {
                throw std::invalid_argument("a data set report without versions or program");
              }
              const ReportId id = Int(taken_ids[static_cast<pqxx::result::size_type>(i)][0]);
              copy << std::tuple<
                  int64_t, int64_t, const std::string&, const std::string&, int64_t,
                  const std::string&, const char*, int64_t, const std::optional<std::string>&,
                  const std::optional<std::string>&, const std::optional<std::string>&,
                  const std::string&, const std::string&>(
                  id, ids.programs[r.program], r.obligation, r.period, r.unit_id, r.due,
                  domain::ReportStatusName(r.status), static_cast<int64_t>(r.versions.size()),
                  r.first_submitted_at, r.submitted_at, r.approved_at,
                  r.versions.front().recorded_at, r.versions.back().recorded_at);
              for (size_t k = 0; k < r.versions.size(); ++k) {
                for (const auto& v : r.versions[k].values) {
                  rows.push_back({id, v.target_id, v.scope == domain::ValueScope::kPeriod,
                                  static_cast<int64_t>(k + 1), &r.versions[k].recorded_at, &v});
                }
              }
            }
            copy.complete();
          }
          std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return std::tie(a.report, a.target, a.period, a.version) <
                   std::tie(b.report, b.target, b.period, b.version);
          });
          auto copy = CopyValues(tx);
          for (const Row& row : rows) {
            CopyValue(copy, row.report, row.version, *row.value, *row.at, std::nullopt);
          }
          copy.complete();
          counts.reports += batch.size();
          counts.values += rows.size();
        }
        if (!more) break;
      }
      AppendAudit(tx, head, load.audit(counts), "");
      tx.commit();
      return counts;
    });
  }

  core::Status ReplaceAllocations(ProgramId program, const std::vector<Allocation>& rows,
                                  const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Status {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      if (tx.exec_params("SELECT 1 FROM programs WHERE id = $1", program).empty()) {
        return tl::unexpected(ProgramNotFound(program));
      }
      std::vector<int64_t> targets;
      for (const auto& a : rows) targets.push_back(a.target_id);
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      if (!targets.empty()) {
        std::string list;
        for (int64_t t : targets) list += (list.empty() ? "" : ",") + std::to_string(t);
        tx.exec_params0(
            "DELETE FROM allocations WHERE program_id = $1 AND target_id = ANY($2::bigint[])",
            program, "{" + list + "}");
      }
      Rows shares("allocations",
                  "program_id bigint, target_id bigint, unit_id bigint, value_mantissa bigint, "
                  "value_scale int");
      for (const auto& a : rows) {
        shares.Int(program).Int(a.target_id).Int(a.unit_id).Int(a.value.mantissa);
        shares.Int(int64_t{a.value.scale}).End();
      }
      shares.InsertInto(tx);
      tx.exec_params0("UPDATE programs SET allocations_rev = allocations_rev + 1 WHERE id = $1",
                      program);
      AppendAudit(tx, head, audit, std::to_string(program));
      tx.commit();
      return {};
    });
  }

  core::Result<int64_t> AllocationsRevision(ProgramId program) override {
    return Run([&](pqxx::connection& c) -> core::Result<int64_t> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_prepared("allocations_rev", program);
      if (rows.empty()) return tl::unexpected(ProgramNotFound(program));
      return Int(rows[0][0]);
    });
  }

  core::Result<std::vector<Allocation>> ListAllocations(
      ProgramId program, std::optional<domain::OrgUnitId> unit) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<Allocation>> {
      pqxx::nontransaction tx(c);
      auto rows = unit ? tx.exec_prepared("unit_allocations", program, *unit)
                       : tx.exec_prepared("allocations", program);
      if (rows.empty()) return tl::unexpected(ProgramNotFound(program));
      std::vector<Allocation> out;
      out.reserve(rows.size());
      for (const auto& r : rows) {
        if (r[1].is_null()) continue;
        out.push_back(
            {Int(r[1]), Int(r[2]), core::Decimal{Int(r[3]), static_cast<int>(Int(r[4]))}});
      }
      return out;
    });
  }

  core::Result<size_t> EnqueueMessages(const std::vector<OutboxMessage>& messages,
                                       const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Result<size_t> {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      Rows outbox("outbox",
                  "key text, unit_id bigint, kind text, subject text, body text, created_at text");
      for (const auto& m : messages) {
        outbox.Text(m.key).Int(m.unit_id).Text(m.kind).Text(m.subject).Text(m.body);
        outbox.Text(m.created_at).End();
      }
      // In order: of two messages with one key, the first is kept.
      const size_t added = outbox.InsertInto(tx, "ON CONFLICT (key) DO NOTHING");
      if (added > 0) AppendAudit(tx, head, audit, audit.entity_id);
      tx.commit();
      return added;
    });
  }

  core::Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, size_t limit) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<OutboxMessage>> {
      pqxx::nontransaction tx(c);
      const auto most = static_cast<size_t>(std::numeric_limits<int64_t>::max());
      auto rows = tx.exec_params(
          std::string("SELECT id, key, unit_id, kind, subject, body, created_at, sent_at "
                      "FROM outbox") +
              (pending_only ? " WHERE sent_at IS NULL" : "") + " ORDER BY id LIMIT $1",
          static_cast<int64_t>(std::min(limit, most)));
      std::vector<OutboxMessage> out;
      out.reserve(rows.size());
      for (const auto& r : rows) {
        OutboxMessage m;
        m.id = Int(r[0]);
        m.key = Str(r[1]);
        m.unit_id = Int(r[2]);
        m.kind = Str(r[3]);
        m.subject = Str(r[4]);
        m.body = Str(r[5]);
        m.created_at = Str(r[6]);
        m.sent_at = OptStr(r[7]);
        out.push_back(std::move(m));
      }
      return out;
    });
  }

  core::Status MarkSent(int64_t id, const std::string& at, const AuditEvent& audit) override {
    return Run([&](pqxx::connection& c) -> core::Status {
      pqxx::work tx(c);
      Head head = LockHead(tx);
      auto done =
          tx.exec_params("UPDATE outbox SET sent_at = COALESCE(sent_at, $1) WHERE id = $2", at, id);
      if (done.affected_rows() == 0) return tl::unexpected(MessageNotFound(id));
      AppendAudit(tx, head, audit, std::to_string(id));
      tx.commit();
      return {};
    });
  }

  core::Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, size_t limit) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::vector<AuditEntry>> {
      pqxx::nontransaction tx(c);
      const auto most = static_cast<size_t>(std::numeric_limits<int64_t>::max());
      auto rows =
          tx.exec_params(std::string(kSelectAudit) + " WHERE seq > $1 ORDER BY seq LIMIT $2",
                         after_seq, static_cast<int64_t>(std::min(limit, most)));
      std::vector<AuditEntry> out;
      out.reserve(rows.size());
      for (const auto& r : rows) out.push_back(ReadAudit(r));
      return out;
    });
  }

  core::Result<std::optional<AuditEntry>> LastAuditOf(const std::string& entity,
                                                      const std::string& entity_id) override {
    return Run([&](pqxx::connection& c) -> core::Result<std::optional<AuditEntry>> {
      pqxx::nontransaction tx(c);
      auto rows = tx.exec_params(std::string(kSelectAudit) +
                                     " WHERE entity = $1 AND entity_id = $2 ORDER BY seq DESC "
                                     "LIMIT 1",
                                 entity, entity_id);
      if (rows.empty()) return std::optional<AuditEntry>();
      return std::optional<AuditEntry>(ReadAudit(rows[0]));
    });
  }

 private:
  // Runs one call on a pooled connection; a database failure ends here as db_unavailable. A
  // pooled connection the server has dropped (restart) breaks before anything is committed:
  // the call is tried once more on a new connection.
  template <typename F>
  std::invoke_result_t<F&, pqxx::connection&> Run(F&& body) {
    for (int attempt = 1;; ++attempt) {
      bool reused = false;
      try {
        Pool::Lease lease = pool_.Acquire();
        reused = lease.reused();
        return body(lease.get());
      } catch (const pqxx::broken_connection& e) {
        pool_.DropIdle();
        if (reused && attempt == 1) continue;
        return tl::unexpected(ErrorOf(e));
      } catch (const std::exception& e) {
        return tl::unexpected(ErrorOf(e));
      }
    }
  }

  core::Error ErrorOf(const std::exception& e) const {
    auto err = IsUnavailable(e) ? DbUnavailable(e) : DbInternal(e);
    err.internal_note = Scrubbed(err.internal_note, secrets_);
    return err;
  }

  // A COPY into report_values, and one value row of it.
  static pqxx::stream_to CopyValues(pqxx::work& tx) {
    return pqxx::stream_to(tx, "report_values",
                           std::vector<std::string>{"report_id", "target_id", "scope", "version",
                                                    "kind", "value_mantissa", "value_scale", "note",
                                                    "recorded_at", "recorded_by"});
  }
  static void CopyValue(pqxx::stream_to& copy, ReportId report, int64_t version,
                        const domain::ReportValue& v, const std::string& at,
                        const std::optional<domain::UserId>& by) {
    std::optional<int64_t> mantissa, scale;
    if (v.value) {
      mantissa = v.value->mantissa;
      scale = v.value->scale;
    }
    copy
        << std::tuple<int64_t, int64_t, const char*, int64_t, const char*,
                      const std::optional<int64_t>&, const std::optional<int64_t>&,
                      const std::string&, const std::string&, const std::optional<domain::UserId>&>(
               report, v.target_id, domain::ValueScopeName(v.scope), version,
               domain::ValueKindName(v.kind), mantissa, scale, v.note, at, by);
  }

  // Takes the chain's head for this transaction: a writer in another process waits here until
  // this one commits or rolls back (at most lock_timeout).
  static Head LockHead(pqxx::work& tx) {
    auto rows = tx.exec_prepared("lock_head");
    if (rows.empty()) throw std::runtime_error("audit_head has no row: the audit chain is broken");
    return {Int(rows[0][0]), Str(rows[0][1])};
  }

  static void AppendAudit(pqxx::work& tx, Head& head, const AuditEvent& event,
                          const std::string& entity_id) {
    AuditEntry e;
    e.event = event;
    if (e.event.entity_id.empty()) e.event.entity_id = entity_id;
    e.seq = head.seq + 1;
    e.prev_hash = head.hash;
    e.hash = AuditHash(e);
    tx.exec_prepared0("append_audit", e.seq, e.event.at, e.event.actor_id, e.event.actor,
                      e.event.action, e.event.entity, e.event.entity_id, e.event.before,
                      e.event.after, e.prev_hash, e.hash);
    head = {e.seq, e.hash};
  }

  // Rows per statement of a bulk load's reports (each an array parameter per column).
  static constexpr size_t kChunk = 50000;

  // A report from kReportColumns.
  static ReportRecord ReadReport(const pqxx::row& r) {
    ReportRecord x;
    x.id = Int(r[0]);
    x.program_id = Int(r[1]);
    x.obligation = Str(r[2]);
    x.period = Str(r[3]);
    x.unit_id = Int(r[4]);
    x.due = Str(r[5]);
    x.status = domain::ParseReportStatus(Str(r[6])).value_or(domain::ReportStatus::kDraft);
    x.version = Int(r[7]);
    x.first_submitted_at = OptStr(r[8]);
    x.submitted_at = OptStr(r[9]);
    x.approved_at = OptStr(r[10]);
    x.comment = Str(r[11]);
    x.warnings = Str(r[12]);
    x.created_at = Str(r[13]);
    x.updated_at = Str(r[14]);
    x.updated_by = OptInt(r[15]);
    return x;
  }

  // A value from (target_id, scope, kind, mantissa, scale, note) starting at column `first`.
  static domain::ReportValue ReadValue(const pqxx::row& r, int first) {
    domain::ReportValue v;
    v.target_id = Int(r[first]);
    v.scope = domain::ParseValueScope(Str(r[first + 1])).value_or(domain::ValueScope::kPeriod);
    v.kind = domain::ParseValueKind(Str(r[first + 2])).value_or(domain::ValueKind::kEstimate);
    if (!r[first + 3].is_null()) {
      v.value = core::Decimal{Int(r[first + 3]), static_cast<int>(Int(r[first + 4]))};
    }
    v.note = Str(r[first + 5]);
    return v;
  }

  // A write's changes to report `r` (as stored: its id and new version): its values appended
  // as that version's vintage, its tasks and narrative sections replacing the stored ones. One
  // statement per table, whatever the number of rows.
  static void WriteChanges(pqxx::work& tx, const ReportRecord& r, const ReportChanges& changes) {
    Rows values("report_values", kValueColumns);
    for (const auto& v : changes.values) {
      values.Int(r.id).Int(v.target_id).Text(domain::ValueScopeName(v.scope)).Int(r.version);
      values.Text(domain::ValueKindName(v.kind));
      if (v.value) {
        values.Int(v.value->mantissa).Int(int64_t{v.value->scale});
      } else {
        values.Null().Null();
      }
      values.Text(v.note).Text(r.updated_at).OptInt(r.updated_by).End();
    }
    values.InsertPrepared(tx, "insert_values");

    // One upsert changes a row once: of a task or section listed twice, the last one counts.
    std::map<std::string_view, const domain::TaskProgress*> tasks;
    for (const auto& t : changes.tasks) tasks[t.task_id] = &t;
    Rows task_rows("report_tasks",
                   "report_id bigint, task_id text, status text, percent int, output text");
    for (const auto& [task_id, t] : tasks) {
      task_rows.Int(r.id).Text(task_id).Text(domain::TaskStatusName(t->status));
      task_rows.OptInt(t->percent).Text(t->output).End();
    }
    task_rows.InsertInto(tx,
                         "ON CONFLICT (report_id, task_id) DO UPDATE SET status = "
                         "EXCLUDED.status, percent = EXCLUDED.percent, output = EXCLUDED.output");

    std::map<domain::Narrative, const std::string*> sections;
    for (const auto& [section, text] : changes.narrative) sections[section] = &text;
    Rows narrative("report_narratives", "report_id bigint, section text, text text");
    for (const auto& [section, text] : sections) {
      narrative.Int(r.id).Text(domain::NarrativeName(section)).Text(*text).End();
    }
    narrative.InsertInto(tx, "ON CONFLICT (report_id, section) DO UPDATE SET text = EXCLUDED.text");
  }

  static UserRecord ReadUser(const pqxx::row& r) {
    UserRecord u;
    u.id = Int(r[0]);
    u.username = Str(r[1]);
    u.display_name = Str(r[2]);
    u.role = domain::ParseRole(Str(r[3])).value_or(domain::Role::kViewer);
    u.unit = OptInt(r[4]);
    u.password_hash = Str(r[5]);
    u.active = Bool(r[6]);
    u.created_at = Str(r[7]);
    return u;
  }

  static AuditEntry ReadAudit(const pqxx::row& r) {
    AuditEntry a;
    a.seq = Int(r[0]);
    a.event.at = Str(r[1]);
    a.event.actor_id = OptInt(r[2]);
    a.event.actor = Str(r[3]);
    a.event.action = Str(r[4]);
    a.event.entity = Str(r[5]);
    a.event.entity_id = Str(r[6]);
    a.event.before = Str(r[7]);
    a.event.after = Str(r[8]);
    a.prev_hash = Str(r[9]);
    a.hash = Str(r[10]);
    return a;
  }

  // A target from kSelectTargetColumns starting at column `first`.
  static StoredTarget ReadTarget(const pqxx::row& r, int first) {
    StoredTarget st;
    st.id = Int(r[first]);
    auto& t = st.target;
    t.section = Str(r[first + 1]);
    t.indicator = Str(r[first + 2]);
    t.raw = Str(r[first + 3]);
    t.value = core::Decimal{Int(r[first + 4]), static_cast<int>(Int(r[first + 5]))};
    t.unit = Str(r[first + 6]);
    t.comparator = domain::ParseComparator(Str(r[first + 7])).value_or(domain::Comparator::kEq);
    t.approximate = Bool(r[first + 8]);
    t.parent = OptStr(r[first + 9]);
    t.restates = OptStr(r[first + 10]);
    t.span = Span(r, first + 11);
    if (!r[first + 15].is_null()) t.numerator = static_cast<int>(Int(r[first + 15]));
    if (!r[first + 16].is_null()) t.denominator = static_cast<int>(Int(r[first + 16]));
    return st;
  }

  // Ids for the rows other rows point at, taken up front in one query so that each table is
  // then one statement: [0] the program, [1] sections, [2] tasks, [3] unit refs, [4] rules.
  static std::vector<std::vector<int64_t>> TakeIds(pqxx::work& tx, const size_t (&counts)[5]) {
    static constexpr const char* kSequences[] = {"programs_id_seq", "sections_id_seq",
                                                 "tasks_id_seq", "unit_refs_id_seq",
                                                 "reporting_rules_id_seq"};
    std::string sql;
    for (size_t k = 0; k < 5; ++k) {
      if (k) sql += " UNION ALL ";
      sql += "SELECT " + std::to_string(k) + ", nextval('" + kSequences[k] +
             "') FROM generate_series(1, " + std::to_string(counts[k]) + ")";
    }
    std::vector<std::vector<int64_t>> ids(5);
    for (const auto& r : tx.exec(sql)) ids.at(static_cast<size_t>(Int(r[0]))).push_back(Int(r[1]));
    for (size_t k = 0; k < 5; ++k) {
      if (ids[k].size() != counts[k]) throw std::runtime_error("sequence returned too few ids");
    }
    return ids;
  }

  // Writes a whole plan with a fixed number of statements, whatever its size.
  // Adds units; a parent or successor may come later in the list.
  static void InsertUnits(pqxx::work& tx, const std::vector<domain::OrgUnit>& units) {
    // One statement: a parent later in the list is there when the foreign key is checked.
    Rows rows("org_units",
              "id bigint, code text, name text, kind text, parent_id bigint, valid_from date, "
              "valid_to date");
    Rows aliases("org_unit_aliases", "unit_id bigint, ord int, alias text");
    Rows successors("org_successions", "unit_id bigint, ord int, successor_id bigint");
    for (const auto& u : units) {
      rows.Int(u.id).Text(u.code).Text(u.name).Text(domain::OrgKindName(u.kind)).OptInt(u.parent);
      rows.Date(u.valid_from).Date(u.valid_to).End();
      for (size_t i = 0; i < u.aliases.size(); ++i) {
        aliases.Int(u.id).Int(static_cast<int64_t>(i)).Text(u.aliases[i]).End();
      }
      for (size_t i = 0; i < u.successors.size(); ++i) {
        successors.Int(u.id).Int(static_cast<int64_t>(i)).Int(u.successors[i]).End();
      }
    }
    rows.InsertInto(tx);
    aliases.InsertInto(tx);
    successors.InsertInto(tx);
  }

  // Stores a program with its plan, as `status` (published at `published_at`).
  static ProgramId InsertPlan(pqxx::work& tx, const ProgramRecord& p,
                              ProgramStatus status = ProgramStatus::kDraft,
                              const std::optional<std::string>& published_at = std::nullopt) {
    const auto& plan = p.plan;
    const auto& d = plan.document;
    size_t tasks = 0, refs = 0;
    for (const auto& s : plan.sections) {
      refs += s.lead_units.size() + s.coordinating_units.size();
      for (const auto& t : s.tasks) {
        ++tasks;
        if (!t.leads_inherited) refs += t.lead_units.size();
        refs += t.coordinating_units.size();
      }
    }
    const size_t counts[5] = {1, plan.sections.size(), tasks, refs, plan.reporting.size()};
    auto ids = TakeIds(tx, counts);
    const ProgramId id = ids[0][0];

    tx.exec_params0(
        "INSERT INTO programs(id, status, type, number, issued_date, place, issuer, signer, "
        "signer_title, year, title, source_name, source_text, source_sha256, created_at, "
        "published_at) "
        "VALUES ($1, $15, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16)",
        id, d.type, d.number, IsoDate(d.issued_date), d.place, d.issuer, d.signer, d.signer_title,
        d.year, d.title, p.source_name, p.source_text, p.source_sha256, p.created_at,
        ProgramStatusName(status), published_at);

    Rows texts("program_texts", "program_id bigint, kind text, ord int, text text");
    for (size_t i = 0; i < d.legal_bases.size(); ++i) {
      texts.Int(id).Text("legal_basis").Int(static_cast<int64_t>(i)).Text(d.legal_bases[i]).End();
    }
    for (size_t i = 0; i < d.recipients.size(); ++i) {
      texts.Int(id).Text("recipient").Int(static_cast<int64_t>(i)).Text(d.recipients[i]).End();
    }
    texts.InsertInto(tx);

    Rows articles("articles",
                  "program_id bigint, ord int, number int, text text, span_line bigint, "
                  "span_column bigint, span_offset bigint, span_length bigint");
    for (size_t i = 0; i < d.articles.size(); ++i) {
      const auto& a = d.articles[i];
      articles.Int(id).Int(static_cast<int64_t>(i)).Int(int64_t{a.number}).Text(a.text);
      articles.Span(a.span).End();
    }
    articles.InsertInto(tx);

    Rows sections("sections",
                  "id bigint, program_id bigint, ord int, number text, title text, parent text, "
                  "depth int, lead_phrase text, leads_inherited boolean, span_line bigint, "
                  "span_column bigint, span_offset bigint, span_length bigint");
    Rows task_rows("tasks",
                   "id bigint, section_id bigint, ord int, text text, kind text, "
                   "leads_inherited boolean, span_line bigint, span_column bigint, "
                   "span_offset bigint, span_length bigint");
    Rows details("task_details", "task_id bigint, ord int, text text");
    Rows ref_rows("unit_refs",
                  "id bigint, program_id bigint, owner text, owner_id bigint, role text, "
                  "ord int, written text, resolution text");
    Rows ref_units("unit_ref_units", "ref_id bigint, unit_id bigint");
    size_t next_task = 0, next_ref = 0;
    auto add_refs = [&](const char* owner, int64_t owner_id, const char* role,
                        const std::vector<std::string>& written,
                        const std::vector<domain::ResolvedUnitName>& resolved) {
      for (size_t i = 0; i < written.size(); ++i) {
        int64_t ref_id = ids[3].at(next_ref++);
        ref_rows.Int(ref_id).Int(id).Text(owner).Int(owner_id).Text(role);
        ref_rows.Int(static_cast<int64_t>(i)).Text(written[i]);
        if (i < resolved.size()) {
          ref_rows.Text(domain::NameResolutionName(resolved[i].resolution));
        } else {
          ref_rows.Null();
        }
        ref_rows.End();
        if (i >= resolved.size()) continue;
        // A unit named twice in one phrase is one unit (the key of unit_ref_units).
        std::vector<domain::OrgUnitId> units = resolved[i].units;
        std::sort(units.begin(), units.end());
        units.erase(std::unique(units.begin(), units.end()), units.end());
        for (auto unit_id : units) ref_units.Int(ref_id).Int(unit_id).End();
      }
    };
    for (size_t i = 0; i < plan.sections.size(); ++i) {
      const auto& s = plan.sections[i];
      const int64_t section_id = ids[1].at(i);
      sections.Int(section_id).Int(id).Int(static_cast<int64_t>(i)).Text(s.number).Text(s.title);
      if (s.parent.empty()) {
        sections.Null();
      } else {
        sections.Text(s.parent);
      }
      sections.Int(int64_t{s.depth}).Text(s.lead_phrase).Bool(s.leads_inherited).Span(s.span);
      sections.End();
      add_refs("section", section_id, "lead", s.lead_units, s.resolved_leads);
      add_refs("section", section_id, "coordinate", s.coordinating_units, s.resolved_coordinators);
      for (size_t k = 0; k < s.tasks.size(); ++k) {
        const auto& t = s.tasks[k];
        const int64_t task_id = ids[2].at(next_task++);
        task_rows.Int(task_id).Int(section_id).Int(static_cast<int64_t>(k)).Text(t.text);
        task_rows.Text(t.kind).Bool(t.leads_inherited).Span(t.span).End();
        // Inherited leads are the section's: stored once, with the section.
        if (!t.leads_inherited) add_refs("task", task_id, "lead", t.lead_units, t.resolved_leads);
        add_refs("task", task_id, "coordinate", t.coordinating_units, t.resolved_coordinators);
        for (size_t m = 0; m < t.details.size(); ++m) {
          details.Int(task_id).Int(static_cast<int64_t>(m)).Text(t.details[m]).End();
        }
      }
    }
    // Parents before children: each statement's foreign keys point at rows already there.
    sections.InsertInto(tx);
    task_rows.InsertInto(tx);
    details.InsertInto(tx);
    ref_rows.InsertInto(tx);
    ref_units.InsertInto(tx);

    Rows targets("targets",
                 "program_id bigint, ord int, section text, indicator text, raw text, "
                 "value_mantissa bigint, value_scale int, unit text, comparator text, "
                 "approximate boolean, parent text, restates text, span_line bigint, "
                 "span_column bigint, span_offset bigint, span_length bigint, numerator_ord int, "
                 "denominator_ord int");
    for (size_t i = 0; i < plan.targets.size(); ++i) {
      const auto& t = plan.targets[i];
      targets.Int(id).Int(static_cast<int64_t>(i)).Text(t.section).Text(t.indicator).Text(t.raw);
      targets.Int(t.value.mantissa).Int(int64_t{t.value.scale}).Text(t.unit);
      targets.Text(domain::ComparatorName(t.comparator)).Bool(t.approximate).OptText(t.parent);
      targets.OptText(t.restates).Span(t.span).OptInt(t.numerator).OptInt(t.denominator).End();
    }
    targets.InsertInto(tx);

    Rows budgets("budgets",
                 "program_id bigint, ord int, section text, program_name text, raw text, "
                 "total_vnd bigint, investment_vnd bigint, recurrent_vnd bigint, source text, "
                 "span_line bigint, span_column bigint, span_offset bigint, span_length bigint");
    for (size_t i = 0; i < plan.budgets.size(); ++i) {
      const auto& b = plan.budgets[i];
      budgets.Int(id).Int(static_cast<int64_t>(i)).Text(b.section).OptText(b.program).Text(b.raw);
      budgets.Int(b.total_vnd).OptInt(b.investment_vnd).OptInt(b.recurrent_vnd).OptText(b.source);
      budgets.Span(b.span).End();
    }
    budgets.InsertInto(tx);

    Rows deadlines("deadlines",
                   "program_id bigint, ord int, section text, raw text, due date, what text, "
                   "responsible text, span_line bigint, span_column bigint, span_offset bigint, "
                   "span_length bigint");
    for (size_t i = 0; i < plan.deadlines.size(); ++i) {
      const auto& x = plan.deadlines[i];
      deadlines.Int(id).Int(static_cast<int64_t>(i)).Text(x.section).Text(x.raw).Date(x.due);
      deadlines.Text(x.what).Text(x.responsible).Span(x.span).End();
    }
    deadlines.InsertInto(tx);

    Rows rules("reporting_rules",
               "id bigint, program_id bigint, ord int, section text, raw text, report text, "
               "frequency text, due date, day_of_month int, last_month_of_quarter boolean, "
               "from_text text, span_line bigint, span_column bigint, span_offset bigint, "
               "span_length bigint, cutoff_working_days int");
    Rows rule_units("reporting_rule_units", "rule_id bigint, role text, ord int, written text");
    for (size_t i = 0; i < plan.reporting.size(); ++i) {
      const auto& r = plan.reporting[i];
      const int64_t rule_id = ids[4].at(i);
      rules.Int(rule_id).Int(id).Int(static_cast<int64_t>(i)).Text(r.section).Text(r.raw);
      rules.Text(r.report).Text(domain::FrequencyName(r.frequency)).Date(r.due);
      rules.OptInt(r.day_of_month).Bool(r.last_month_of_quarter).Text(r.from).Span(r.span);
      rules.OptInt(r.decree09 ? r.working_days : std::nullopt).End();
      for (size_t k = 0; k < r.from_units.size(); ++k) {
        rule_units.Int(rule_id).Text("from").Int(static_cast<int64_t>(k)).Text(r.from_units[k]);
        rule_units.End();
      }
      for (size_t k = 0; k < r.to.size(); ++k) {
        rule_units.Int(rule_id).Text("to").Int(static_cast<int64_t>(k)).Text(r.to[k]).End();
      }
    }
    rules.InsertInto(tx);
    rule_units.InsertInto(tx);

    Rows mentions("unit_mentions",
                  "program_id bigint, ord int, name text, mentions int, variants text");
    for (size_t i = 0; i < plan.units.size(); ++i) {
      const auto& u = plan.units[i];
      mentions.Int(id).Int(static_cast<int64_t>(i)).Text(u.name).Int(int64_t{u.mentions});
      mentions.Text(JoinLines(u.variants)).End();
    }
    mentions.InsertInto(tx);

    Rows diagnostics("diagnostics",
                     "program_id bigint, ord int, severity text, code text, message text, "
                     "span_line bigint, span_column bigint, span_offset bigint, "
                     "span_length bigint");
    for (size_t i = 0; i < plan.diagnostics.size(); ++i) {
      const auto& g = plan.diagnostics[i];
      diagnostics.Int(id).Int(static_cast<int64_t>(i)).Text(core::SeverityName(g.severity));
      diagnostics.Text(g.code).Text(g.message).Span(g.span).End();
    }
    diagnostics.InsertInto(tx);
    return id;
  }

  // Reads a whole plan with a fixed number of queries (one per table), whatever its size.
  static void LoadPlan(Snapshot& tx, ProgramId id, domain::PlanDraft& plan) {
    auto& d = plan.document;
    for (const auto& r : tx.exec_params(
             "SELECT kind, text FROM program_texts WHERE program_id = $1 ORDER BY kind, ord", id)) {
      (Str(r[0]) == "legal_basis" ? d.legal_bases : d.recipients).push_back(Str(r[1]));
    }
    for (const auto& r :
         tx.exec_params("SELECT number, text, span_line, span_column, span_offset, span_length "
                        "FROM articles WHERE program_id = $1 ORDER BY ord",
                        id)) {
      d.articles.push_back({static_cast<int>(Int(r[0])), Str(r[1]), Span(r, 2)});
    }

    // Unit references of every section and task: (owner, owner id, role) -> refs in order.
    struct Ref {
      std::string written;
      std::optional<std::string> resolution;
      std::vector<domain::OrgUnitId> units;
    };
    std::map<std::tuple<std::string, int64_t, std::string>, std::vector<Ref>> refs;
    {
      std::vector<std::tuple<int64_t, std::tuple<std::string, int64_t, std::string>, size_t>> at;
      for (const auto& r :
           tx.exec_params("SELECT id, owner, owner_id, role, written, resolution FROM unit_refs "
                          "WHERE program_id = $1 ORDER BY owner, owner_id, role, ord",
                          id)) {
        std::tuple<std::string, int64_t, std::string> key{Str(r[1]), Int(r[2]), Str(r[3])};
        auto& list = refs[key];
        at.emplace_back(Int(r[0]), key, list.size());
        list.push_back({Str(r[4]), OptStr(r[5]), {}});
      }
      // Pointers into the lists only now that they stopped growing.
      std::map<int64_t, Ref*> ref_of;
      for (const auto& [ref_id, key, index] : at) ref_of[ref_id] = &refs[key][index];
      for (const auto& r : tx.exec_params(
               "SELECT u.ref_id, u.unit_id FROM unit_ref_units u JOIN unit_refs r ON r.id = "
               "u.ref_id WHERE r.program_id = $1 ORDER BY u.ref_id, u.unit_id",
               id)) {
        ref_of.at(Int(r[0]))->units.push_back(Int(r[1]));
      }
    }
    auto load_refs = [&](const char* owner, int64_t owner_id, const char* role,
                         std::vector<std::string>& written,
                         std::vector<domain::ResolvedUnitName>& resolved) {
      auto it = refs.find({owner, owner_id, role});
      if (it == refs.end()) return;
      bool any_resolved = false;
      std::vector<domain::ResolvedUnitName> out;
      for (const auto& ref : it->second) {
        written.push_back(ref.written);
        domain::ResolvedUnitName n;
        n.written = ref.written;
        if (ref.resolution) {
          any_resolved = true;
          n.resolution = domain::ParseNameResolution(*ref.resolution)
                             .value_or(domain::NameResolution::kUnresolved);
        }
        n.units = ref.units;
        out.push_back(std::move(n));
      }
      if (any_resolved) resolved = std::move(out);
    };

    std::map<int64_t, size_t> section_index;
    std::vector<int64_t> section_ids;
    for (const auto& r : tx.exec_params(
             "SELECT id, number, title, parent, depth, lead_phrase, leads_inherited, span_line, "
             "span_column, span_offset, span_length FROM sections WHERE program_id = $1 "
             "ORDER BY ord",
             id)) {
      domain::Section s;
      const int64_t section_id = Int(r[0]);
      s.number = Str(r[1]);
      s.title = Str(r[2]);
      s.parent = Str(r[3]);
      s.depth = static_cast<int>(Int(r[4]));
      s.lead_phrase = Str(r[5]);
      s.leads_inherited = Bool(r[6]);
      s.span = Span(r, 7);
      load_refs("section", section_id, "lead", s.lead_units, s.resolved_leads);
      load_refs("section", section_id, "coordinate", s.coordinating_units, s.resolved_coordinators);
      section_index[section_id] = plan.sections.size();
      plan.sections.push_back(std::move(s));
    }
    std::map<int64_t, std::vector<std::string>> task_details;
    for (const auto& r : tx.exec_params(
             "SELECT d.task_id, d.text FROM task_details d JOIN tasks t ON t.id = d.task_id "
             "JOIN sections s ON s.id = t.section_id WHERE s.program_id = $1 "
             "ORDER BY d.task_id, d.ord",
             id)) {
      task_details[Int(r[0])].push_back(Str(r[1]));
    }
    for (const auto& r : tx.exec_params(
             "SELECT t.id, t.section_id, t.text, t.kind, t.leads_inherited, t.span_line, "
             "t.span_column, t.span_offset, t.span_length FROM tasks t JOIN sections s ON "
             "s.id = t.section_id WHERE s.program_id = $1 ORDER BY s.ord, t.ord",
             id)) {
      auto& s = plan.sections.at(section_index.at(Int(r[1])));
      domain::Task t;
      const int64_t task_id = Int(r[0]);
      t.text = Str(r[2]);
      t.kind = Str(r[3]);
      t.leads_inherited = Bool(r[4]);
      t.span = Span(r, 5);
      if (t.leads_inherited) {
        t.lead_units = s.lead_units;
        t.resolved_leads = s.resolved_leads;
      } else {
        load_refs("task", task_id, "lead", t.lead_units, t.resolved_leads);
      }
      load_refs("task", task_id, "coordinate", t.coordinating_units, t.resolved_coordinators);
      if (auto it = task_details.find(task_id); it != task_details.end()) {
        t.details = std::move(it->second);
      }
      s.tasks.push_back(std::move(t));
    }

    for (const auto& r : tx.exec_params(std::string("SELECT ") + kSelectTargetColumns +
                                            " FROM targets t WHERE t.program_id = $1 ORDER BY "
                                            "t.ord",
                                        id)) {
      plan.targets.push_back(ReadTarget(r, 0).target);
    }
    for (const auto& r : tx.exec_params(
             "SELECT section, program_name, raw, total_vnd, investment_vnd, recurrent_vnd, "
             "source, span_line, span_column, span_offset, span_length FROM budgets "
             "WHERE program_id = $1 ORDER BY ord",
             id)) {
      domain::Budget b;
      b.section = Str(r[0]);
      b.program = OptStr(r[1]);
      b.raw = Str(r[2]);
      b.total_vnd = Int(r[3]);
      b.investment_vnd = OptInt(r[4]);
      b.recurrent_vnd = OptInt(r[5]);
      b.source = OptStr(r[6]);
      b.span = Span(r, 7);
      plan.budgets.push_back(std::move(b));
    }
    for (const auto& r : tx.exec_params(
             "SELECT section, raw, due, what, responsible, span_line, span_column, span_offset, "
             "span_length FROM deadlines WHERE program_id = $1 ORDER BY ord",
             id)) {
      domain::Deadline x;
      x.section = Str(r[0]);
      x.raw = Str(r[1]);
      x.due = OptDate(r[2]);
      x.what = Str(r[3]);
      x.responsible = Str(r[4]);
      x.span = Span(r, 5);
      plan.deadlines.push_back(std::move(x));
    }
    std::map<int64_t, size_t> rule_index;
    for (const auto& r : tx.exec_params(
             "SELECT id, section, raw, report, frequency, due, day_of_month, "
             "last_month_of_quarter, from_text, span_line, span_column, span_offset, span_length, "
             "cutoff_working_days FROM reporting_rules WHERE program_id = $1 ORDER BY ord",
             id)) {
      domain::ReportingRule rule;
      rule.section = Str(r[1]);
      rule.raw = Str(r[2]);
      rule.report = Str(r[3]);
      rule.frequency = domain::ParseFrequency(Str(r[4])).value_or(domain::Frequency::kOnce);
      rule.due = OptDate(r[5]);
      if (auto dom = OptInt(r[6])) rule.day_of_month = static_cast<int>(*dom);
      rule.last_month_of_quarter = Bool(r[7]);
      rule.from = Str(r[8]);
      rule.span = Span(r, 9);
      if (auto days = OptInt(r[13])) {
        rule.decree09 = true;
        rule.working_days = static_cast<int>(*days);
      }
      rule_index[Int(r[0])] = plan.reporting.size();
      plan.reporting.push_back(std::move(rule));
    }
    for (const auto& r :
         tx.exec_params("SELECT u.rule_id, u.role, u.written FROM reporting_rule_units u JOIN "
                        "reporting_rules r ON r.id = u.rule_id WHERE r.program_id = $1 "
                        "ORDER BY u.rule_id, u.role, u.ord",
                        id)) {
      auto& rule = plan.reporting.at(rule_index.at(Int(r[0])));
      (Str(r[1]) == "from" ? rule.from_units : rule.to).push_back(Str(r[2]));
    }
    for (const auto& r :
         tx.exec_params("SELECT name, mentions, variants FROM unit_mentions WHERE program_id = $1 "
                        "ORDER BY ord",
                        id)) {
      plan.units.push_back({Str(r[0]), static_cast<int>(Int(r[1])), SplitLines(Str(r[2]))});
    }
    for (const auto& r : tx.exec_params(
             "SELECT severity, code, message, span_line, span_column, span_offset, span_length "
             "FROM diagnostics WHERE program_id = $1 ORDER BY ord",
             id)) {
      core::Diagnostic g;
      g.severity = core::ParseSeverity(Str(r[0])).value_or(core::Severity::kWarning);
      g.code = Str(r[1]);
      g.message = Str(r[2]);
      g.span = Span(r, 3);
      plan.diagnostics.push_back(std::move(g));
    }
  }

  // Applies the missing migrations in one transaction. The advisory lock makes servers that
  // start together take turns: the second finds the schema done.
  static void Migrate(pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at TEXT NOT NULL)");
    std::vector<int> applied;
    for (const auto& r : tx.exec("SELECT version FROM schema_migrations")) {
      applied.push_back(static_cast<int>(Int(r[0])));
    }
    for (const auto& m : postgres::kMigrations) {
      if (std::find(applied.begin(), applied.end(), m.version) != applied.end()) continue;
      tx.exec(std::string(m.sql));
      tx.exec_params0(
          "INSERT INTO schema_migrations(version, applied_at) "
          "VALUES ($1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))",
          m.version);
    }
    tx.commit();
  }

  const std::vector<std::string> secrets_;
  Pool pool_;
};

}  // namespace

core::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  UrlView view = ViewUrl(url);
  try {
    return std::unique_ptr<Store>(std::make_unique<PostgresStore>(url));
  } catch (const std::exception& e) {
    auto err = IsUnavailable(e) ? DbUnavailable(e) : DbInternal(e);
    err.message =
        "Không kết nối hoặc không chuẩn bị được cơ sở dữ liệu PostgreSQL \"" + view.shown + "\"";
    err.internal_note = Scrubbed(err.internal_note, view.secrets);
    return tl::unexpected(err);
  }
}

}  // namespace wp::store
