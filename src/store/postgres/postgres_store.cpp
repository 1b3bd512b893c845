#include "store/postgres/postgres_store.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "store/sql/migrations.hpp"
#include "store/sql/records.hpp"
#include "store/sql/sql_store.hpp"
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
    {"bytea_output", "'hex'"},  // Statement::Blob reads the hex form
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

// ---- The seam ---------------------------------------------------------------------------------

// "unnest($first::type[], …)": the rows as a table, its columns parameters $first… (Arrays()).
std::string Unnest(const sql::Rows& rows, size_t first = 1) {
  std::string out = "unnest(";
  for (size_t i = 0; i < rows.names().size(); ++i) {
    out += (i ? ", $" : "$") + std::to_string(first + i) + "::" + rows.types()[i] + "[]";
  }
  return out + ")";
}

// The columns of `rows` as PostgreSQL array literals ("{…}"), the parameters of Unnest(). Text
// is always quoted (backslash before " and \), so no text reads as NULL and no spacing is lost.
std::vector<std::string> Arrays(const sql::Rows& rows) {
  std::vector<std::string> params(rows.names().size(), "{");
  for (size_t col = 0; col < params.size(); ++col) {
    std::string& out = params[col];
    for (size_t row = 0; row < rows.rows(); ++row) {
      if (row > 0) out.push_back(',');
      const auto& v = rows.at(row, col);
      switch (v.kind) {
        case sql::Rows::Value::Kind::kNull:
          out += "NULL";
          break;
        case sql::Rows::Value::Kind::kInt:
          out += std::to_string(v.i);
          break;
        case sql::Rows::Value::Kind::kText:
          out.push_back('"');
          for (char c : v.text) {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
          }
          out.push_back('"');
          break;
      }
    }
    out.push_back('}');
  }
  return params;
}

class PgConn;

// A statement prepared on the server under a name of its own; its parameters are sent as text
// (PostgreSQL reads them as the types the statement gives them).
class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgConn& conn, std::string name) : conn_(conn), name_(std::move(name)) {}

  using sql::Statement::Bind;
  void BindNull(int i) override { Param(i).reset(); }
  void Bind(int i, int64_t v) override { Param(i) = std::to_string(v); }
  void BindText(int i, std::string_view v, bool) override { Param(i) = std::string(v); }
  // Parameters go as text: bytea's text form is "\\x" and two hex digits a byte.
  void BindBlob(int i, std::string_view v) override {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text = "\\x";
    text.reserve(2 + 2 * v.size());
    for (unsigned char ch : v) {
      text.push_back(kHex[ch >> 4]);
      text.push_back(kHex[ch & 15]);
    }
    Param(i) = std::move(text);
  }

  bool Step() override {
    if (!ran_) Run();
    return ++row_ < static_cast<int64_t>(result_.size());
  }
  int64_t Exec() override {
    Run();
    return static_cast<int64_t>(result_.affected_rows());
  }

  bool IsNull(int col) override { return Field(col).is_null(); }
  int64_t Int(int col) override {
    auto f = Field(col);
    return f.is_null() ? 0 : f.as<int64_t>();
  }
  std::string Text(int col) override {
    auto f = Field(col);
    return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
  }
  bool Bool(int col) override {
    auto f = Field(col);
    return !f.is_null() && (f.c_str()[0] == 't' || f.c_str()[0] == '1');
  }
  // bytea comes back in its hex text form (bytea_output 'hex', the default): "\\x0a1b…".
  std::string Blob(int col) override {
    auto f = Field(col);
    if (f.is_null()) return std::string();
    std::string_view text(f.c_str(), f.size());
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') {
      throw std::runtime_error("bytea not in hex form");
    }
    auto nibble = [](char ch) -> int {
      if (ch >= '0' && ch <= '9') return ch - '0';
      if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
      if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
      throw std::runtime_error("bytea hex digit expected");
    };
    std::string out;
    out.reserve((text.size() - 2) / 2);
    for (size_t i = 2; i + 1 < text.size(); i += 2) {
      out.push_back(static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1])));
    }
    return out;
  }

  void Reset() {
    params_.clear();
    result_ = pqxx::result();
    ran_ = false;
  }

 private:
  std::optional<std::string>& Param(int i) {
    ran_ = false;
    if (params_.size() < static_cast<size_t>(i)) params_.resize(static_cast<size_t>(i));
    return params_[static_cast<size_t>(i - 1)];
  }
  void Run();
  pqxx::field Field(int col) const {
    return result_[static_cast<pqxx::result::size_type>(row_)][col];
  }

  PgConn& conn_;
  const std::string name_;
  std::vector<std::optional<std::string>> params_;
  pqxx::result result_;
  bool ran_ = false;
  int64_t row_ = -1;
};

// A connection, its prepared statements, and the transaction a call runs in (Attach).
class PgConn final : public sql::Connection {
 public:
  // Throws pqxx::broken_connection when the server is unreachable.
  explicit PgConn(const std::string& conninfo) : c_(conninfo) {
    c_.set_client_encoding("UTF8");
    for (const auto& [name, value] : kSessionSettings) c_.set_variable(name, value);
  }

  const sql::Dialect& dialect() const override { return sql::kPostgres; }

  // Prepared on the server at its first use on this connection, then reused (parsing and
  // planning a submission's statements was a fifth of PostgreSQL's work per submission).
  PgStatement& Prepare(std::string_view sql) override {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      std::string name = "s" + std::to_string(statements_.size() + 1);
      c_.prepare(name, sql::NumberedPlaceholders(sql));
      it = statements_.emplace(std::string(sql), std::make_unique<PgStatement>(*this, name)).first;
    } else {
      it->second->Reset();
    }
    return *it->second;
  }

  // One statement whatever the number of rows: each column one array parameter, expanded by
  // unnest(); the same text for any number of rows, so it is prepared once.
  size_t Insert(const sql::Rows& rows, std::string_view suffix = {}) override {
    if (rows.rows() == 0) return 0;
    std::string sql = "INSERT INTO " + rows.table() + "(";
    for (size_t i = 0; i < rows.names().size(); ++i) sql += (i ? ", " : "") + rows.names()[i];
    sql += ") SELECT * FROM " + Unnest(rows);
    if (!suffix.empty()) sql += " " + std::string(suffix);
    auto& q = Prepare(sql);
    auto arrays = Arrays(rows);
    for (size_t i = 0; i < arrays.size(); ++i)
      q.Bind(static_cast<int>(i + 1), std::move(arrays[i]));
    return static_cast<size_t>(q.Exec());
  }

  void AppendValues(ReportId report, int64_t version,
                    const std::vector<domain::ReportValue>& values, const std::string& at,
                    const std::optional<domain::UserId>& by) override {
    sql::Rows rows = sql::ValueRows();
    rows.Reserve(values.size());
    for (const auto& v : values) sql::AddValue(rows, report, version, v, at, by);
    Insert(rows);
  }

  std::vector<int64_t> TakeIds(std::string_view table, size_t count) override {
    if (count == 0) return {};
    auto& q = Prepare("SELECT nextval('" + std::string(table) +
                      "_id_seq') FROM generate_series(1, ?::bigint)");
    q.Bind(1, static_cast<int64_t>(count));
    std::vector<int64_t> ids;
    while (q.Step()) ids.push_back(q.Int(0));
    if (ids.size() != count) throw std::runtime_error("sequence returned too few ids");
    return ids;
  }

  pqxx::connection& raw() { return c_; }
  pqxx::transaction_base& tx() {
    if (tx_ == nullptr) throw std::logic_error("a statement outside a transaction");
    return *tx_;
  }

  // Lends the connection's statements `tx` for the life of this object.
  class Attach {
   public:
    Attach(PgConn& c, pqxx::transaction_base& tx) : c_(c) { c_.tx_ = &tx; }
    Attach(const Attach&) = delete;
    Attach& operator=(const Attach&) = delete;
    ~Attach() { c_.tx_ = nullptr; }

   private:
    PgConn& c_;
  };

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  pqxx::connection c_;
  pqxx::transaction_base* tx_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>, Hash, std::equal_to<>> statements_;
};

void PgStatement::Run() {
  result_ = conn_.tx().exec_prepared(name_, pqxx::prepare::make_dynamic_params(params_));
  ran_ = true;
  row_ = -1;
}

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
    Lease(Pool* pool, std::unique_ptr<PgConn> c, bool reused)
        : pool_(pool), conn_(std::move(c)), reused_(reused) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->Release(std::move(conn_)); }
    PgConn& get() { return *conn_; }
    bool reused() const { return reused_; }

   private:
    Pool* pool_;
    std::unique_ptr<PgConn> conn_;
    bool reused_;
  };

  // A new connection, set up; throws pqxx::broken_connection when the server is unreachable.
  std::unique_ptr<PgConn> Connect() const { return std::make_unique<PgConn>(conninfo_); }

  void Add(std::unique_ptr<PgConn> c) {
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
    std::vector<std::unique_ptr<PgConn>> dropped;
    {
      std::lock_guard lock(mu_);
      dropped.swap(idle_);
      open_ -= dropped.size();
    }
    cv_.notify_all();
  }

 private:
  void Release(std::unique_ptr<PgConn> c) {
    std::unique_ptr<PgConn> dropped;
    {
      std::lock_guard lock(mu_);
      if (c && c->raw().is_open()) {
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
  std::vector<std::unique_ptr<PgConn>> idle_;
  size_t open_ = 0;
};

// ---- The store ------------------------------------------------------------------------------

using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// Migrations are missing and the role may not apply them.
struct MigrationNeedsOwner : std::runtime_error {
  MigrationNeedsOwner(int first, const std::string& what)
      : std::runtime_error(what), first_missing(first) {}
  int first_missing;
};

class PostgresStore final : public sql::SqlStore {
 public:
  explicit PostgresStore(const std::string& url)
      : secrets_(ViewUrl(url).secrets),
        pool_conninfo_(ConnectionString(url)),
        pool_(pool_conninfo_) {
    auto c = pool_.Connect();
    Migrate(c->raw());
    owns_schema_ = OwnsSchema(c->raw());
    pool_.Add(std::move(c));
    writer_thread_ = std::thread([this] { WriterLoop(); });
  }

  ~PostgresStore() override {
    {
      std::lock_guard lock(queue_mu_);
      stopping_ = true;
    }
    work_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
  }

  WriteStats GetWriteStats() const override {
    std::lock_guard lock(stats_mu_);
    return stats_;
  }

  bool RoleOwnsSchema() const override { return owns_schema_; }

  // LISTEN on a connection of its own (named "workplan-listen" in pg_stat_activity): the
  // changes table's trigger NOTIFYs at every commit that added a change. A lost connection is
  // made again at the next call, which says kResumed: what was notified meanwhile is unknown.
  ChangeWait WaitForChanges(std::chrono::milliseconds timeout) override {
    std::lock_guard lock(listen_mu_);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
    try {
      bool resumed = false;
      if (listener_ == nullptr || !listener_->conn.is_open()) {
        listener_.reset();
        listener_ = std::make_unique<Listener>(pool_conninfo_);
        resumed = listened_;
        listened_ = true;
      }
      const int got = listener_->conn.await_notification(micros / 1000000, micros % 1000000);
      if (resumed) return ChangeWait::kResumed;
      return got > 0 ? ChangeWait::kNotified : ChangeWait::kTimeout;
    } catch (const std::exception&) {
      listener_.reset();  // made again at the next call
      std::this_thread::sleep_for(timeout);
      return ChangeWait::kTimeout;
    }
  }

  core::Status GrantServerRole(const std::string& role) override {
    return Run([&](PgConn& c) -> core::Status {
      pqxx::work tx(c.raw());
      if (tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", role).empty()) {
        return core::Fail(
            core::ErrorCode::kNotFound, "role_not_found",
            "Vai trò PostgreSQL \"" + role + "\" không tồn tại (tạo bằng CREATE ROLE … LOGIN)");
      }
      const std::string r = tx.quote_name(role);
      const std::string schema = tx.quote_name(tx.exec("SELECT current_schema()")[0][0].c_str());
      // Rows of the data: read and write, never TRUNCATE, REFERENCES or TRIGGER; the log and its
      // head only as a write appends to them (a document's versions and issued files too); the
      // migrations' record only read. The defaults give the same to the tables a later migration
      // adds (the owner runs it).
      for (const std::string& sql : {
               "GRANT USAGE ON SCHEMA " + schema + " TO " + r,
               "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " +
                   r,
               "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + r,
               "REVOKE UPDATE, DELETE ON audit_log FROM " + r,
               "REVOKE UPDATE, DELETE ON document_versions FROM " + r,
               "REVOKE UPDATE, DELETE ON document_files FROM " + r,
               "REVOKE UPDATE, DELETE ON unit_program_versions FROM " + r,
               "REVOKE INSERT, DELETE ON audit_head FROM " + r,
               "REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM " + r,
               "ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema +
                   " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + r,
               "ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema +
                   " GRANT USAGE, SELECT ON SEQUENCES TO " + r,
           }) {
        tx.exec(sql);
      }
      tx.commit();
      return {};
    });
  }

  core::Result<size_t> BulkLoadValues(ProgramId program, const std::vector<BulkValue>& rows,
                                      domain::ReportStatus status, const std::string& at,
                                      const AuditEvent& audit) override {
    return Write([&](sql::Connection& conn) -> core::Result<size_t> {
      auto& c = static_cast<PgConn&>(conn);
      auto& tx = c.tx();

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
        sql::Rows keys("keys", "obligation text, period text, unit_id bigint");
        for (size_t k = from; k < to; ++k) {
          const BulkValue& row = *reports[k].first;
          keys.Text(row.obligation).Text(row.period).Int(row.unit_id).End();
        }
        auto bumped = tx.exec_params(
            "UPDATE reports r SET version = r.version + 1, updated_at = $4 FROM " + Unnest(keys) +
                " WITH ORDINALITY AS k(obligation, period, unit_id, ord) WHERE r.program_id = $5 "
                "AND r.obligation = k.obligation AND r.period = k.period AND "
                "r.unit_id = k.unit_id RETURNING k.ord, r.id, r.version",
            pqxx::prepare::make_dynamic_params(Arrays(keys)), at, program);
        for (const auto& b : bumped) {
          auto& t = reports.at(from + b[0].as<size_t>() - 1);
          t.id = b[1].as<int64_t>();
          t.version = b[2].as<int64_t>();
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
          reports[missing[m]].id = ids[static_cast<pqxx::result::size_type>(m)][0].as<int64_t>();
          reports[missing[m]].version = 1;
        }
        const bool submitted = status != domain::ReportStatus::kDraft;
        const bool approved = status == domain::ReportStatus::kApproved;
        for (size_t from = 0; from < missing.size(); from += kChunk) {
          sql::Rows created("reports",
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
          c.Insert(created);
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

      AppendAudit(c, audit, std::to_string(program));
      RecordChange(c, audit.action, program, audit.at);
      return rows.size();
    });
  }

  // Through a cursor read in pages; the server decodes the text.
  core::Status ScanApproved(ProgramId program, ReportId first, ReportId last,
                            const ApprovedSink& sink) override {
    return Run([&](PgConn& c) -> core::Status {
      pqxx::read_transaction tx(c.raw());
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
  }

  // The batch's report ids from the sequence, then the reports and their values as two COPYs
  // (nothing else may run on the connection while one is open), values in the primary key's
  // order.
  void WriteDatasetReports(sql::Connection& conn, const DatasetIds& ids,
                           const std::vector<DatasetReport>& batch) override {
    auto& tx = static_cast<PgConn&>(conn).tx();
    auto taken_ids = tx.exec_params("SELECT nextval('reports_id_seq') FROM generate_series(1, $1)",
                                    static_cast<int64_t>(batch.size()));
    if (taken_ids.size() != batch.size()) throw std::runtime_error("sequence returned too few ids");
    struct Row {
      ReportId report;
      int64_t target;
      bool period;
      int64_t version;
      const std::string* at;
      const domain::ReportValue* value;
    };
    std::vector<Row> rows;
    {
      pqxx::stream_to copy(
          tx, "reports",
          std::vector<std::string>{"id", "program_id", "obligation", "period", "unit_id", "due",
                                   "status", "version", "first_submitted_at", "submitted_at",
                                   "approved_at", "created_at", "updated_at"});
      for (size_t i = 0; i < batch.size(); ++i) {
        const auto& r = batch[i];
        const ReportId id = taken_ids[static_cast<pqxx::result::size_type>(i)][0].as<int64_t>();
        copy << std::tuple<int64_t, int64_t, const std::string&, const std::string&, int64_t,
                           const std::string&, const char*, int64_t,
                           const std::optional<std::string>&, const std::optional<std::string>&,
                           const std::optional<std::string>&, const std::string&,
                           const std::string&>(
            id, ids.programs[r.program], r.obligation, r.period, r.unit_id, r.due,
            domain::ReportStatusName(r.status), static_cast<int64_t>(r.versions.size()),
            r.first_submitted_at, r.submitted_at, r.approved_at, r.versions.front().recorded_at,
            r.versions.back().recorded_at);
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
  }

 protected:
  // Every write transaction first locks the chain's head: a writer in another process waits
  // there until this one commits or rolls back (at most lock_timeout), so writers of all
  // processes take turns as SQLite's one writer does. Since they take turns, a COMMIT (the
  // WAL's flush: 1–5 ms on this machine's disk) held the head for the whole of each write: so
  // writes group as on SQLite (issue 20). Those that queue while one group runs are the next
  // group, run by one writer thread in one transaction, each body in a savepoint of its own: a
  // body that fails rolls back to its savepoint and alone gets its error; one COMMIT makes the
  // others durable together, and each caller returns only after it. A body sees the writes of
  // those before it in the group, as it would have after their commits.
  core::Status RunWrite(const Body& body) override {
    PendingWrite w;
    w.body = &body;
    {
      std::unique_lock lock(queue_mu_);
      queue_.push_back(&w);
      work_cv_.notify_one();
      queue_cv_.wait(lock, [&] { return w.done; });
    }
    if (w.error) return tl::unexpected(*w.error);
    return {};
  }

  core::Status RunRead(const Body& body, sql::Snapshot snapshot) override {
    return Run([&](PgConn& c) -> core::Status {
      if (snapshot == sql::Snapshot::kYes) {
        Snapshot tx(c.raw());
        PgConn::Attach attach(c, tx);
        body(c);
        tx.commit();
      } else {
        pqxx::nontransaction tx(c.raw());
        PgConn::Attach attach(c, tx);
        body(c);
      }
      return {};
    });
  }

 private:
  struct PendingWrite {
    const Body* body = nullptr;
    bool done = false;                 // its group has ended: committed or rolled back
    std::optional<core::Error> error;  // the body's own, or the group's BEGIN or COMMIT
  };

  // The writer thread: runs what queued up while it ran the last group as the next group.
  void WriterLoop() {
    std::unique_lock lock(queue_mu_);
    for (;;) {
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      std::vector<PendingWrite*> group;
      group.swap(queue_);
      lock.unlock();
      const auto start = std::chrono::steady_clock::now();
      const size_t committed = RunGroup(group);
      {
        std::lock_guard count(stats_mu_);
        stats_.busy_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        stats_.writes += group.size();
        if (committed > 0) ++stats_.transactions;
      }
      lock.lock();
      for (auto* g : group) g->done = true;
      queue_cv_.notify_all();
    }
  }

  // One transaction for `group`; each body in a savepoint when there are several. Returns how
  // many were committed. A pooled connection the server dropped (restart) breaks before
  // anything ran: the group is tried once more on a new connection. A failure that ends the
  // transaction itself (the connection lost, the COMMIT refused) is every unfinished caller's.
  size_t RunGroup(const std::vector<PendingWrite*>& group) {
    for (int attempt = 1;; ++attempt) {
      bool reused = false, began = false;
      try {
        Pool::Lease lease = pool_.Acquire();
        reused = lease.reused();
        PgConn& c = lease.get();
        pqxx::work tx(c.raw());
        {
          PgConn::Attach attach(c, tx);
          if (!c.Prepare(sql::kPostgres.audit_head).Step()) {
            throw std::runtime_error("audit_head has no row: the audit chain is broken");
          }
        }
        began = true;
        size_t ok = 0;
        if (group.size() == 1) {
          PgConn::Attach attach(c, tx);
          try {
            ok = (*group[0]->body)(c) ? 1 : 0;
          } catch (const std::exception& e) {
            group[0]->error = ErrorOf(e);
            return 0;  // tx rolls back as it goes
          }
        } else {
          for (auto* w : group) {
            pqxx::subtransaction sub(tx, "w");
            PgConn::Attach attach(c, sub);
            try {
              if ((*w->body)(c)) {
                sub.commit();
                ++ok;
              } else {
                sub.abort();
              }
            } catch (const std::exception& e) {
              w->error = ErrorOf(e);
              if (!c.raw().is_open()) throw;  // the transaction is gone with the connection
              sub.abort();
            }
          }
        }
        if (ok == 0) return 0;
        const auto start = std::chrono::steady_clock::now();
        tx.commit();
        std::lock_guard count(stats_mu_);
        stats_.commit_seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return ok;
      } catch (const pqxx::broken_connection& e) {
        pool_.DropIdle();
        if (reused && !began && attempt == 1) continue;
        Lost(group, ErrorOf(e));
        return 0;
      } catch (const std::exception& e) {
        Lost(group, ErrorOf(e));
        return 0;
      }
    }
  }

  // The group's transaction is gone: its callers get `err` (a body's own error comes first).
  static void Lost(const std::vector<PendingWrite*>& group, const core::Error& err) {
    for (auto* w : group) {
      if (!w->error) w->error = err;
    }
  }

  // Runs one call on a pooled connection; a database failure ends here as an Error (ErrorOf). A
  // pooled connection the server has dropped (restart) breaks before anything is committed:
  // the call is tried once more on a new connection.
  template <typename F>
  std::invoke_result_t<F&, PgConn&> Run(F&& body) {
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
  static pqxx::stream_to CopyValues(pqxx::transaction_base& tx) {
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

  // The migrations not applied yet, in order (all of them on an empty database).
  static std::vector<const sql::Migration*> Missing(pqxx::transaction_base& tx) {
    std::vector<int> applied;
    if (!tx.exec("SELECT to_regclass('schema_migrations')")[0][0].is_null()) {
      for (const auto& r : tx.exec("SELECT version FROM schema_migrations")) {
        applied.push_back(r[0].as<int>());
      }
    }
    std::vector<const sql::Migration*> out;
    for (const auto& m : sql::kMigrations) {
      if (std::find(applied.begin(), applied.end(), m.version) == applied.end()) out.push_back(&m);
    }
    return out;
  }

  // Applies the missing migrations in one transaction. The advisory lock makes servers that
  // start together take turns: the second finds the schema done. Nothing is written when none
  // is missing, so a role that owns nothing (the server's) opens a migrated database; when one
  // is missing and the role may not alter the schema, MigrationNeedsOwner says what to run.
  static void Migrate(pqxx::connection& c) {
    {
      pqxx::read_transaction look(c);
      if (Missing(look).empty()) return;
    }
    pqxx::work tx(c);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    auto missing = Missing(tx);
    if (missing.empty()) return;
    try {
      tx.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
          "applied_at TEXT NOT NULL)");
      for (const auto* m : missing) {
        if (std::string sql = sql::MigrationSql(*m, sql::Engine::kPostgres); !sql.empty()) {
          tx.exec(sql);
        }
        tx.exec_params0(
            "INSERT INTO schema_migrations(version, applied_at) "
            "VALUES ($1, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))",
            m->version);
      }
    } catch (const pqxx::insufficient_privilege& e) {
      throw MigrationNeedsOwner(missing.front()->version, e.what());
    }
    tx.commit();
  }

  // Whether the connected role owns the log (or is a superuser, or a member of its owner): it
  // could then disable the log's triggers.
  static bool OwnsSchema(pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r = tx.exec(
        "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class "
        "WHERE oid = to_regclass('audit_log')");
    return !r.empty() && r[0][0].as<bool>();
  }

  // Rows per statement of a bulk load's reports (each an array parameter per column).
  static constexpr size_t kChunk = 50000;

  // The LISTEN connection and what it hears (WaitForChanges).
  struct Listener {
    struct Receiver final : pqxx::notification_receiver {
      using pqxx::notification_receiver::notification_receiver;
      void operator()(const std::string&, int) override {}
    };
    explicit Listener(const std::string& conninfo) : conn(conninfo), receiver(conn, kChannel) {
      conn.set_variable("application_name", "'workplan-listen'");
    }
    static constexpr const char* kChannel = "workplan_changes";
    pqxx::connection conn;  // declared first: closed after the receiver has unlistened
    Receiver receiver;
  };

  const std::vector<std::string> secrets_;
  const std::string pool_conninfo_;
  Pool pool_;
  std::mutex queue_mu_;               // the writes waiting for a group
  std::condition_variable queue_cv_;  // a group ended (writers wait on it)
  std::condition_variable work_cv_;   // something queued, or stopping (the writer waits on it)
  std::vector<PendingWrite*> queue_;
  bool stopping_ = false;
  mutable std::mutex stats_mu_;
  WriteStats stats_{.counted = true};
  bool owns_schema_ = false;
  std::mutex listen_mu_;
  std::unique_ptr<Listener> listener_;
  bool listened_ = false;      // a listener was made before: a new one resumes
  std::thread writer_thread_;  // started last, stopped first (~PostgresStore)
};

}  // namespace

core::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  UrlView view = ViewUrl(url);
  try {
    return std::unique_ptr<Store>(std::make_unique<PostgresStore>(url));
  } catch (const MigrationNeedsOwner& e) {
    auto err = core::MakeError(
        core::ErrorCode::kFailedPrecondition, "db_needs_migration",
        "Cơ sở dữ liệu PostgreSQL \"" + view.shown + "\" chưa có bản nâng cấp lược đồ số " +
            std::to_string(e.first_missing) +
            " và vai trò đang kết nối không được sửa lược đồ (đúng như thiết kế: máy chủ không sở "
            "hữu bảng nào). Chạy \"workplan db migrate --db URL_CỦA_VAI_TRÒ_SỞ_HỮU --grant-to "
            "VAI_TRÒ_MÁY_CHỦ\" rồi khởi động lại.");
    err.internal_note = Scrubbed(e.what(), view.secrets);
    return tl::unexpected(err);
  } catch (const std::exception& e) {
    auto err = IsUnavailable(e) ? DbUnavailable(e) : DbInternal(e);
    err.message =
        "Không kết nối hoặc không chuẩn bị được cơ sở dữ liệu PostgreSQL \"" + view.shown + "\"";
    err.internal_note = Scrubbed(err.internal_note, view.secrets);
    return tl::unexpected(err);
  }
}

}  // namespace wp::store
