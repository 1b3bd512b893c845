#include "store/sqlite/sqlite_store.hpp"

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "store/sql/migrations.hpp"
#include "store/sql/sql_store.hpp"
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

// A statement through SQLite's C API (SQLiteCpp's Column holds a shared pointer to its statement,
// whose count is a cost on every column read). Text bound by reference is SQLITE_STATIC: the
// caller keeps it alive until the statement has run (sql::Statement's contract).
class Statement final : public sql::Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &st_, nullptr);
    if (rc != SQLITE_OK) throw SQLite::Exception(db, rc);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() override { sqlite3_finalize(st_); }

  using sql::Statement::Bind;
  void BindNull(int i) override { Check(sqlite3_bind_null(Fresh(), i)); }
  void Bind(int i, int64_t v) override { Check(sqlite3_bind_int64(Fresh(), i, v)); }
  void BindText(int i, std::string_view v, bool copy) override {
    Check(sqlite3_bind_text(Fresh(), i, v.data() ? v.data() : "", static_cast<int>(v.size()),
                            copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
  }
  void BindBlob(int i, std::string_view v) override {
    Check(sqlite3_bind_blob64(Fresh(), i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT));
  }

  bool Step() override {
    if (state_ == State::kDone) return false;
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) {
      state_ = State::kRow;
      return true;
    }
    state_ = State::kDone;
    if (rc != SQLITE_DONE) throw SQLite::Exception(db_, rc);
    return false;
  }
  int64_t Exec() override {
    Fresh();
    while (Step()) {
    }
    return sqlite3_changes64(db_);
  }

  bool IsNull(int col) override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  int64_t Int(int col) override { return sqlite3_column_int64(st_, col); }
  std::string Text(int col) override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(st_, col)))
                : std::string();
  }
  bool Bool(int col) override { return sqlite3_column_int64(st_, col) != 0; }
  std::string Blob(int col) override {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(st_, col));
    return bytes ? std::string(bytes, static_cast<size_t>(sqlite3_column_bytes(st_, col)))
                 : std::string();
  }

  // Ends a run (a statement left on a row holds its read transaction open), bindings kept.
  void Reset() noexcept {
    sqlite3_reset(st_);  // repeats the last step's error: it was reported then
    state_ = State::kFresh;
  }
  void ClearBindings() noexcept { sqlite3_clear_bindings(st_); }

 private:
  enum class State { kFresh, kRow, kDone };

  // The statement, ready for new parameters: a statement that ran is reset first.
  sqlite3_stmt* Fresh() {
    if (state_ != State::kFresh) Reset();
    return st_;
  }
  void Check(int rc) const {
    if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
  }

  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  State state_ = State::kFresh;
};

// One connection and the statements prepared on it, used by one thread at a time (the store
// lends it), so it is opened without SQLite's own mutex.
class Conn final : public sql::Connection {
 public:
  Conn(const std::string& path, int flags) : db(path, flags | SQLite::OPEN_NOMUTEX) {
    db.setBusyTimeout(5000);
  }

  const sql::Dialect& dialect() const override { return sql::kSqlite; }

  Statement& Prepare(std::string_view sql) override {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db.getHandle(), sql))
               .first;
    } else {
      it->second->Reset();
      it->second->ClearBindings();
    }
    used_.push_back(it->second.get());
    return *it->second;
  }

  // Rows go in statements of kRowsPerStatement rows: SQLite's work per statement costs more
  // than the rows themselves (a million values: 4.3–6.4 s one row per INSERT, 2.3–3.2 s with
  // 50); the statement of a last, shorter chunk is kept too.
  size_t Insert(const sql::Rows& rows, std::string_view suffix = {}) override {
    const size_t count = rows.rows();
    size_t first = 0, added = 0;
    if (count >= kRowsPerStatement) {
      auto& q = Prepare(InsertSql(rows, kRowsPerStatement, suffix));
      for (; first + kRowsPerStatement <= count; first += kRowsPerStatement) {
        added += BindAndRun(q, rows, first, kRowsPerStatement);
      }
    }
    if (first < count) {
      added +=
          BindAndRun(Prepare(InsertSql(rows, count - first, suffix)), rows, first, count - first);
    }
    return added;
  }

  void AppendValues(ReportId report, int64_t version,
                    const std::vector<domain::ReportValue>& values, const std::string& at,
                    const std::optional<domain::UserId>& by) override;

  // One more than the largest id the table has had: its largest, or for an AUTOINCREMENT table
  // the one sqlite_sequence remembers (a deleted program's id is not given again).
  std::vector<int64_t> TakeIds(std::string_view table, size_t count) override {
    if (count == 0) return {};
    const std::string name(table);
    auto& q = Prepare(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
        "coalesce((SELECT max(id) FROM " +
        name + "), 0))");
    q.Bind(1, name);
    q.Step();
    const int64_t last = q.Int(0);
    std::vector<int64_t> ids(count);
    for (size_t i = 0; i < count; ++i) ids[i] = last + 1 + static_cast<int64_t>(i);
    return ids;
  }

  // Resets the statements used since the last call: a statement left on a row would hold its
  // read transaction (and its snapshot) open.
  void Release() noexcept {
    for (auto* q : used_) q->Reset();
    used_.clear();
  }

  bool InTransaction() const { return sqlite3_get_autocommit(db.getHandle()) == 0; }

  SQLite::Database db;

 private:
  static constexpr size_t kRowsPerStatement = 50;

  // Binds rows [first, first + n) of `rows` and runs `q`; the number of rows it inserted.
  static size_t BindAndRun(Statement& q, const sql::Rows& rows, size_t first, size_t n) {
    const size_t columns = rows.names().size();
    int param = 1;
    for (size_t row = first; row < first + n; ++row) {
      for (size_t col = 0; col < columns; ++col, ++param) {
        const auto& v = rows.at(row, col);
        switch (v.kind) {
          case sql::Rows::Value::Kind::kNull:
            q.BindNull(param);
            break;
          case sql::Rows::Value::Kind::kInt:
            q.Bind(param, v.i);
            break;
          case sql::Rows::Value::Kind::kText:
            q.BindText(param, v.text, false);
            break;
        }
      }
    }
    return static_cast<size_t>(q.Exec());
  }

  static std::string InsertSql(const sql::Rows& rows, size_t n, std::string_view suffix) {
    const auto& names = rows.names();
    std::string sql;
    sql.reserve(64 + suffix.size() + n * (2 * names.size() + 2));
    sql.append("INSERT INTO ").append(rows.table()).push_back('(');
    for (size_t i = 0; i < names.size(); ++i) sql.append(i ? ", " : "").append(names[i]);
    sql.append(") VALUES ");
    for (size_t row = 0; row < n; ++row) {
      sql.append(row ? ",(?" : "(?");
      for (size_t i = 1; i < names.size(); ++i) sql.append(",?");
      sql.push_back(')');
    }
    if (!suffix.empty()) sql.append(" ").append(suffix);
    return sql;
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, Hash, std::equal_to<>> statements_;
  std::vector<Statement*> used_;
};

// Values go in statements of kValueRows rows: SQLite's work per statement costs more than
// the rows themselves (a million values: 4.3–6.4 s one row per INSERT, 2.3–3.2 s with 50).
constexpr size_t kValueRows = 50;
constexpr int kValueColumns = 10;
std::string InsertValuesSql(size_t rows) {
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
void InsertValues(Conn& c, size_t count, BindRow&& bind) {
  static const std::string full = InsertValuesSql(kValueRows);  // the same text every write
  size_t i = 0;
  if (count >= kValueRows) {
    auto& q = c.Prepare(full);
    for (; i + kValueRows <= count; i += kValueRows) {
      for (size_t k = 0; k < kValueRows; ++k) {
        bind(i + k, q, static_cast<int>(k) * kValueColumns + 1);
      }
      q.Exec();
    }
  }
  if (i == count) return;
  auto& q = c.Prepare(InsertValuesSql(count - i));
  for (size_t k = 0; i + k < count; ++k) bind(i + k, q, static_cast<int>(k) * kValueColumns + 1);
  q.Exec();
}

// Binds one row of report_values from parameter `first`. Text is bound without a copy: the
// names are constants, the rest outlives the statement's execution.
void BindValue(Statement& q, int first, ReportId report, int64_t version,
               const domain::ReportValue& v, const std::string& at,
               const std::optional<domain::UserId>& by) {
  q.Bind(first, report);
  q.Bind(first + 1, v.target_id);
  q.Bind(first + 2, domain::ValueScopeName(v.scope));
  q.Bind(first + 3, version);
  q.Bind(first + 4, domain::ValueKindName(v.kind));
  if (v.value) {
    q.Bind(first + 5, v.value->mantissa);
    q.Bind(first + 6, v.value->scale);
  } else {
    q.BindNull(first + 5);
    q.BindNull(first + 6);
  }
  q.Bind(first + 7, v.note);
  q.Bind(first + 8, at);
  q.Bind(first + 9, by);
}

void Conn::AppendValues(ReportId report, int64_t version,
                        const std::vector<domain::ReportValue>& values, const std::string& at,
                        const std::optional<domain::UserId>& by) {
  InsertValues(*this, values.size(), [&](size_t i, Statement& q, int first) {
    BindValue(q, first, report, version, values[i], at, by);
  });
}

// Writes go through one connection (SQLite has one writer at a time anyway), each in a
// BEGIN IMMEDIATE transaction under write_mu_. Reads take a connection of their own from a
// pool of read-only ones: in WAL mode they run beside the writer and beside each other, and a
// read transaction begun after a commit sees it. A database in memory is one connection for
// both (another connection would open another, empty, database).
class SqliteStore final : public sql::SqlStore {
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

  WriteStats GetWriteStats() const override {
    std::lock_guard lock(stats_mu_);
    return stats_;
  }

  core::Result<size_t> BulkLoadValues(ProgramId program, const std::vector<BulkValue>& rows,
                                      domain::ReportStatus status, const std::string& at,
                                      const AuditEvent& audit) override {
    return Write([&](sql::Connection& conn) -> core::Result<size_t> {
      auto& c = static_cast<Conn&>(conn);
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
          find.Bind(1, program);
          find.Bind(2, row.obligation);
          find.Bind(3, row.period);
          find.Bind(4, row.unit_id);
          if (find.Step()) {
            it->second = {find.Int(0), find.Int(1) + 1};
            bump.Bind(1, it->second.second);
            bump.Bind(2, at);
            bump.Bind(3, it->second.first);
            bump.Exec();
          } else {
            const std::optional<std::string> when(at), never;
            create.Bind(1, program);
            create.Bind(2, row.obligation);
            create.Bind(3, row.period);
            create.Bind(4, row.unit_id);
            create.Bind(5, row.due);
            create.Bind(6, domain::ReportStatusName(status));
            create.Bind(7, submitted ? when : never);
            create.Bind(8, submitted ? when : never);
            create.Bind(9, status == domain::ReportStatus::kApproved ? when : never);
            create.Bind(10, at);
            create.Bind(11, at);
            create.Exec();
            it->second = {c.db.getLastInsertRowid(), 1};
          }
        }
        of[i] = it->second;
      }
      InsertValues(c, rows.size(), [&](size_t i, Statement& q, int first) {
        BindValue(q, first, of[i].first, of[i].second, rows[i].value, at, audit.actor_id);
      });
      AppendAudit(c, audit, std::to_string(program));
      RecordChange(c, audit.action, program, audit.at);
      return rows.size();
    });
  }

  core::Status ScanApproved(ProgramId program, ReportId first, ReportId last,
                            const ApprovedSink& sink) override {
    return Read(
        [&](sql::Connection& conn) -> core::Status {
          auto& c = static_cast<Conn&>(conn);
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
        sql::Snapshot::kYes);
  }

  // The batch's reports one INSERT each, their values kValueRows per statement.
  void WriteDatasetReports(sql::Connection& conn, const DatasetIds& ids,
                           const std::vector<DatasetReport>& batch) override {
    auto& c = static_cast<Conn&>(conn);
    auto& report = c.Prepare(
        "INSERT INTO reports(program_id, obligation, period, unit_id, due, status, version, "
        "first_submitted_at, submitted_at, approved_at, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    struct Row {
      ReportId report;
      int64_t version;
      const std::string* at;
      const domain::ReportValue* value;
    };
    std::vector<Row> rows;
    for (const auto& r : batch) {
      report.Bind(1, ids.programs[r.program]);
      report.Bind(2, r.obligation);
      report.Bind(3, r.period);
      report.Bind(4, r.unit_id);
      report.Bind(5, r.due);
      report.Bind(6, domain::ReportStatusName(r.status));
      report.Bind(7, static_cast<int64_t>(r.versions.size()));
      report.Bind(8, r.first_submitted_at);
      report.Bind(9, r.submitted_at);
      report.Bind(10, r.approved_at);
      report.Bind(11, r.versions.front().recorded_at);
      report.Bind(12, r.versions.back().recorded_at);
      report.Exec();
      const ReportId id = c.db.getLastInsertRowid();
      for (size_t k = 0; k < r.versions.size(); ++k) {
        for (const auto& v : r.versions[k].values) {
          rows.push_back({id, static_cast<int64_t>(k + 1), &r.versions[k].recorded_at, &v});
        }
      }
    }
    InsertValues(c, rows.size(), [&](size_t i, Statement& q, int first) {
      BindValue(q, first, rows[i].report, rows[i].version, *rows[i].value, *rows[i].at,
                std::nullopt);
    });
  }

 protected:
  // Group commit: with synchronous=FULL every COMMIT waits for the disk (3–4 ms on this
  // machine's disk), so writes that arrive while one is committing queue up, and the next of
  // them to run (the leader) runs them all in one transaction, each body in a savepoint of its
  // own: a body that fails rolls back to its savepoint and alone gets its error; one COMMIT then
  // makes the others durable together, and each caller returns only after that COMMIT. A body
  // sees the writes of those before it in the group, as it would have after their commits.
  bool ScansInParallel() const override { return !shared_; }

  core::Status RunWrite(const Body& body) override {
    PendingWrite w;
    w.run = [&](Conn& c) {
      bool ok = false;
      try {
        ok = body(c);
      } catch (const std::exception& e) {
        w.error = FromException(e);
      }
      c.Release();
      return ok;
    };
    WriteInGroup(w);
    if (w.error) return tl::unexpected(*w.error);
    return {};
  }

  // On a read connection (the writer for a database in memory); with Snapshot::kYes its
  // statements all read one commit.
  core::Status RunRead(const Body& body, sql::Snapshot snapshot) override {
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

 private:
  // Each migration is checked and applied under the write lock (BEGIN IMMEDIATE), so two
  // processes opening the same new file apply it once.
  // Makes `edits` in the current transaction (SchemaEdit in migrations.hpp).
  static void EditSchema(SQLite::Database& db, std::span<const sql::SchemaEdit> edits) {
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
    for (const auto& m : sql::kMigrations) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at "
          "TEXT NOT NULL)");
      SQLite::Statement q(db, "SELECT 1 FROM schema_migrations WHERE version = ?");
      q.bind(1, m.version);
      if (q.executeStep()) continue;
      q.reset();
      if (std::string sql = sql::MigrationSql(m, sql::Engine::kSqlite); !sql.empty()) db.exec(sql);
      if (!m.sqlite_edits.empty()) EditSchema(db, m.sqlite_edits);
      SQLite::Statement done(
          db, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, datetime('now'))");
      done.bind(1, m.version);
      done.exec();
      tx.commit();
    }
  }

  struct PendingWrite {
    std::function<bool(Conn&)> run;    // runs the body; false when it failed
    bool ran = false;                  // run was called
    bool done = false;                 // its group has ended: committed or rolled back
    std::optional<core::Error> error;  // what the body threw, or the group's BEGIN or COMMIT
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
        writer_.Prepare("BEGIN IMMEDIATE").Exec();
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
          writer_.Prepare("SAVEPOINT w").Exec();
          writer_.Release();
          body_ok = w->run(writer_);
          if (!writer_.InTransaction()) {
            whole_lost = true;
          } else if (body_ok) {
            writer_.Prepare("RELEASE w").Exec();
            ++ok;
          } else {
            writer_.Prepare("ROLLBACK TO w").Exec();
            writer_.Prepare("RELEASE w").Exec();
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
          writer_.Prepare("COMMIT").Exec();
          std::lock_guard count(stats_mu_);
          stats_.commit_seconds += Seconds(std::chrono::steady_clock::now() - start);
          ++stats_.transactions;
        } else {
          writer_.Prepare("ROLLBACK").Exec();
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

  static core::Status ReadOn(Conn& c, const Body& body, sql::Snapshot snapshot) {
    try {
      if (snapshot == sql::Snapshot::kYes) c.Prepare("BEGIN").Exec();
      body(c);
      c.Release();
      if (snapshot == sql::Snapshot::kYes) c.Prepare("COMMIT").Exec();
      c.Release();
      return {};
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
