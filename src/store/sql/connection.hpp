#pragma once
// The seam between the SQL written once (store/sql) and the two database libraries: a prepared
// statement bound by index and stepped row by row, a connection that prepares (and keeps) them
// and writes many rows of one table at once, and the few places where SQLite and PostgreSQL
// speak differently (Dialect). store/sqlite implements it over SQLiteCpp, store/postgres over
// libpqxx; nothing here knows either.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/span.hpp"
#include "domain/report.hpp"

namespace wp::store::sql {

enum class Engine { kSqlite, kPostgres };

// What differs between the engines in the statements of store/sql, named here and nowhere
// else. Placeholders are written `?` (SQLite's); a PostgreSQL connection numbers them ($1, $2 …)
// when it prepares a statement (NumberedPlaceholders).
struct Dialect {
  Engine engine;
  // Appended to a SELECT that reads a row the transaction is about to change: PostgreSQL locks
  // it (two writers of one report take turns); SQLite's one writer needs nothing.
  std::string_view for_update;
  // The end of the audit chain: (seq, hash) of the last entry, no row for an empty log.
  // PostgreSQL keeps it in audit_head, locked by every write transaction first (so writers of
  // all processes take turns); SQLite reads the log's last entry under its write lock.
  std::string_view audit_head;
  // Appends an entry (seq, at, actor_id, actor, action, entity, entity_id, before, after,
  // prev_hash, hash) and, on PostgreSQL, moves audit_head with it.
  std::string_view append_audit;
  // Makes SQLite read one unit's allocations through allocations_unit (left to itself, it walks
  // all the program's shares to spare a sort of 100 rows: 1.6 ms instead of 0.4).
  std::string_view allocations_of_unit_index;
  // The newest vintage of each value of the reports r that `where` selects, cleared ones left
  // out: (report, target, scope, kind, mantissa, scale, note) by report, target and scope.
  std::string (*current_values)(std::string_view where);
};

extern const Dialect kSqlite;
extern const Dialect kPostgres;

// `sql` with its `?` placeholders numbered $1, $2 … (a `?` inside a quoted literal stays).
std::string NumberedPlaceholders(std::string_view sql);

// A statement prepared on one connection, parameters bound by index (from 1), columns read by
// index (from 0). Text bound by reference must stay alive until the statement has run (Step's
// last row or Exec); text passed as a temporary std::string is copied.
class Statement {
 public:
  virtual ~Statement() = default;

  virtual void BindNull(int i) = 0;
  virtual void Bind(int i, int64_t v) = 0;
  // `copy`: the engine keeps its own copy of the text (a temporary's).
  virtual void BindText(int i, std::string_view v, bool copy) = 0;
  // Bytes for a {BLOB} column (BLOB | BYTEA), any byte allowed; copied.
  virtual void BindBlob(int i, std::string_view v) = 0;

  // Runs the statement on the first call; true while there is a row to read.
  virtual bool Step() = 0;
  // Runs it to the end; the number of rows it changed.
  virtual int64_t Exec() = 0;

  virtual bool IsNull(int col) = 0;
  virtual int64_t Int(int col) = 0;
  virtual std::string Text(int col) = 0;
  virtual bool Bool(int col) = 0;         // INTEGER 0/1 (SQLite), BOOLEAN (PostgreSQL)
  virtual std::string Blob(int col) = 0;  // a {BLOB} column's bytes ("" for NULL)

  void Bind(int i, int v) { Bind(i, int64_t{v}); }
  void Bind(int i, const std::string& v) { BindText(i, v, false); }
  void Bind(int i, std::string&& v) { BindText(i, v, true); }
  void Bind(int i, const char* v) { BindText(i, v, false); }  // a constant
  void BindBool(int i, bool v) { Bind(i, int64_t{v ? 1 : 0}); }
  void Bind(int i, const core::CivilDate& d) { Bind(i, d.ToIso()); }
  // NULL for none.
  template <typename T>
  void Bind(int i, const std::optional<T>& v) {
    if (v) {
      Bind(i, *v);
    } else {
      BindNull(i);
    }
  }
  // line, column, offset, length from parameter `first`.
  void Bind(int first, const core::SourceSpan& s);

  std::optional<int64_t> OptInt(int col);
  std::optional<std::string> OptText(int col);
  std::optional<core::CivilDate> OptDate(int col);
  core::SourceSpan Span(int first);

  // Binds `values` to parameters 1, 2 … in order (a span takes four), as Bind does one:
  // q.BindAll(r.id, r.name, r.note) for "… VALUES (?, ?, ?)".
  template <typename... T>
  void BindAll(T&&... values) {
    int i = 1;
    (Put(i, std::forward<T>(values)), ...);
  }
  // Reads the columns from `first` into `out` in order (a span takes four), by each one's type:
  // q.Get(0, r.id, r.name, r.note) for "SELECT id, name, note …".
  template <typename... T>
  void Get(int first, T&... out) {
    int col = first;
    (Fetch(col, out), ...);
  }

 private:
  template <typename T>
  requires(!std::is_same_v<std::remove_cvref_t<T>, core::SourceSpan>) void Put(int& i, T&& v) {
    Bind(i++, std::forward<T>(v));
  }
  void Put(int& i, const core::SourceSpan& s) {
    Bind(i, s);
    i += 4;
  }
  void Fetch(int& col, int64_t& v) { v = Int(col++); }
  void Fetch(int& col, int& v) { v = static_cast<int>(Int(col++)); }
  void Fetch(int& col, bool& v) { v = Bool(col++); }
  void Fetch(int& col, std::string& v) { v = Text(col++); }
  void Fetch(int& col, std::optional<std::string>& v) { v = OptText(col++); }
  void Fetch(int& col, std::optional<int64_t>& v) { v = OptInt(col++); }
  void Fetch(int& col, std::optional<int>& v) {
    auto x = OptInt(col++);
    v = x ? std::optional<int>(static_cast<int>(*x)) : std::nullopt;
  }
  void Fetch(int& col, std::optional<core::CivilDate>& v) { v = OptDate(col++); }
  void Fetch(int& col, core::SourceSpan& s) {
    s = Span(col);
    col += 4;
  }
};

// Many rows of one table, to be inserted together (Connection::Insert): SQLite runs multi-row
// INSERTs, PostgreSQL one INSERT … SELECT FROM unnest() of one array per column. Text given as
// a view must stay alive until the rows are inserted; a temporary std::string is kept here.
class Rows {
 public:
  struct Value {
    enum class Kind { kNull, kInt, kText } kind = Kind::kNull;
    int64_t i = 0;
    std::string_view text;
  };

  // `columns`: "name type, name type, …" (the type is PostgreSQL's, for its arrays).
  Rows(std::string table, std::string_view columns);

  // Inline: a report's write adds 2 000 values here.
  Rows& Int(int64_t v) {
    Value& x = Next();
    x.kind = Value::Kind::kInt;
    x.i = v;
    return *this;
  }
  Rows& Text(std::string_view v) {
    Value& x = Next();
    x.kind = Value::Kind::kText;
    x.text = v;
    return *this;
  }
  Rows& Text(std::string&& v);
  Rows& Text(const std::string& v) { return Text(std::string_view(v)); }
  Rows& Text(const char* v) { return Text(std::string_view(v)); }
  Rows& Null() {
    Next();
    return *this;
  }
  Rows& Bool(bool v) { return Int(v ? 1 : 0); }
  Rows& OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Null(); }
  Rows& OptInt(const std::optional<int>& v) { return v ? Int(*v) : Null(); }
  Rows& OptText(const std::optional<std::string>& v) { return v ? Text(*v) : Null(); }
  Rows& Date(const std::optional<core::CivilDate>& d) { return d ? Text(d->ToIso()) : Null(); }
  Rows& Span(const core::SourceSpan& s);
  // Closes a row; throws std::logic_error when it lacks a column.
  void End();
  void Reserve(size_t rows) { values_.reserve(rows * names_.size()); }
  // Forgets the rows, keeping the memory for the next ones.
  void Clear() {
    values_.clear();
    owned_.clear();
    column_ = rows_ = 0;
  }

  const std::string& table() const { return table_; }
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<std::string>& types() const { return types_; }
  size_t rows() const { return rows_; }
  const Value& at(size_t row, size_t col) const { return values_[row * names_.size() + col]; }

 private:
  Value& Next() {
    if (column_ >= names_.size()) TooLong();
    ++column_;
    return values_.emplace_back();
  }
  [[noreturn]] void TooLong() const;

  std::string table_;
  std::vector<std::string> names_, types_;
  std::vector<Value> values_;
  std::deque<std::string> owned_;  // stable addresses for the views into them
  size_t column_ = 0, rows_ = 0;
};

// A connection lent to one call at a time, inside the transaction its backend began.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual const Dialect& dialect() const = 0;
  // The statement of `sql`, prepared on this connection's first use of it, its parameters
  // unbound. It stays valid while the connection lives; it is not used twice at once.
  virtual Statement& Prepare(std::string_view sql) = 0;
  // The statement of `sql` with `params` bound (Statement::BindAll), ready to step.
  template <typename... T>
  Statement& Query(std::string_view sql, T&&... params) {
    Statement& q = Prepare(sql);
    q.BindAll(std::forward<T>(params)...);
    return q;
  }
  // Inserts `rows` (nothing for none) with `suffix` appended to each statement ("ON CONFLICT
  // …"); returns how many rows were inserted.
  virtual size_t Insert(const Rows& rows, std::string_view suffix = {}) = 0;
  // Appends `values` to report_values as version `version` of `report`, recorded at `at` by
  // `by`: the hot path of every report write (SQLite binds them straight into 50-row INSERTs).
  virtual void AppendValues(int64_t report, int64_t version,
                            const std::vector<domain::ReportValue>& values, const std::string& at,
                            const std::optional<int64_t>& by) = 0;
  // `count` new ids for rows of `table` (its `id` column), never given before and never to be
  // given by the database itself.
  virtual std::vector<int64_t> TakeIds(std::string_view table, size_t count) = 0;
};

}  // namespace wp::store::sql
