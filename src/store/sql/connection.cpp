#include "store/sql/connection.hpp"

#include <stdexcept>

namespace wp::store::sql {
namespace {

// SQLite: with a single max(), SQLite takes the other columns from the row that has it, so one
// pass over report_values' key in report order (the ids of IN come sorted) gives the newest
// vintages. With a subquery per row instead, one report's 200 values of six versions took
// 1.4 ms instead of 0.8, a program's million values 4.5 s instead of 3.8.
std::string SqliteCurrentValues(std::string_view where) {
  return "SELECT v.report_id, v.target_id, v.scope, v.kind, v.value_mantissa, v.value_scale, "
         "v.note, max(v.version) FROM report_values v WHERE v.report_id IN (SELECT r.id FROM "
         "reports r WHERE " +
         std::string(where) +
         ") GROUP BY v.report_id, v.target_id, v.scope HAVING v.value_mantissa IS NOT NULL "
         "ORDER BY v.report_id, v.target_id, v.scope = 'cumulative'";
}

// PostgreSQL: DISTINCT ON walks the primary key's order; the period's value before the
// cumulative one (not the names' alphabetical order).
std::string PostgresCurrentValues(std::string_view where) {
  return "SELECT report_id, target_id, scope, kind, value_mantissa, value_scale, note FROM ("
         "SELECT DISTINCT ON (v.report_id, v.target_id, v.scope) v.report_id, v.target_id, "
         "v.scope, v.kind, v.value_mantissa, v.value_scale, v.note FROM report_values v "
         "JOIN reports r ON r.id = v.report_id WHERE " +
         std::string(where) +
         " ORDER BY v.report_id, v.target_id, v.scope, v.version DESC) cur "
         "WHERE value_mantissa IS NOT NULL ORDER BY report_id, target_id, "
         "CASE scope WHEN 'period' THEN 0 ELSE 1 END";
}

// Each difference as {SQLite's, PostgreSQL's}, side by side.
constexpr std::string_view kForUpdate[] = {"", " FOR UPDATE"};
constexpr std::string_view kAuditHead[] = {
    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
    "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE"};
constexpr std::string_view kAppendAudit[] = {
    "INSERT INTO audit_log(seq, at, actor_id, actor, action, entity, entity_id, before, after, "
    "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "WITH entry AS (INSERT INTO audit_log(seq, at, actor_id, actor, action, entity, entity_id, "
    "before, after, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)) "
    "UPDATE audit_head SET last_seq = $1, last_hash = $11 WHERE id = 1"};
constexpr std::string_view kAllocationsOfUnitIndex[] = {"INDEXED BY allocations_unit ", ""};

}  // namespace

const Dialect kSqlite = {
    Engine::kSqlite,    kForUpdate[0], kAuditHead[0], kAppendAudit[0], kAllocationsOfUnitIndex[0],
    SqliteCurrentValues};
const Dialect kPostgres = {
    Engine::kPostgres,          kForUpdate[1],        kAuditHead[1], kAppendAudit[1],
    kAllocationsOfUnitIndex[1], PostgresCurrentValues};

std::string NumberedPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += "$" + std::to_string(++next);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void Statement::Bind(int first, const core::SourceSpan& s) {
  Bind(first, int64_t{s.line});
  Bind(first + 1, int64_t{s.column});
  Bind(first + 2, int64_t{s.offset});
  Bind(first + 3, int64_t{s.length});
}

std::optional<int64_t> Statement::OptInt(int col) {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<std::string> Statement::OptText(int col) {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

std::optional<core::CivilDate> Statement::OptDate(int col) {
  if (IsNull(col)) return std::nullopt;
  return core::ParseIsoDate(Text(col));
}

core::SourceSpan Statement::Span(int first) {
  core::SourceSpan s;
  s.line = static_cast<uint32_t>(Int(first));
  s.column = static_cast<uint32_t>(Int(first + 1));
  s.offset = static_cast<uint32_t>(Int(first + 2));
  s.length = static_cast<uint32_t>(Int(first + 3));
  return s;
}

Rows::Rows(std::string table, std::string_view columns) : table_(std::move(table)) {
  while (!columns.empty()) {
    size_t comma = columns.find(',');
    std::string_view col = columns.substr(0, comma);
    while (col.starts_with(' ')) col.remove_prefix(1);
    size_t space = col.find(' ');
    names_.emplace_back(col.substr(0, space));
    types_.emplace_back(space == std::string_view::npos ? "text" : col.substr(space + 1));
    if (comma == std::string_view::npos) break;
    columns.remove_prefix(comma + 1);
  }
}

void Rows::TooLong() const { throw std::logic_error("row of " + table_ + " is too long"); }

Rows& Rows::Text(std::string&& v) { return Text(std::string_view(owned_.emplace_back(v))); }

Rows& Rows::Span(const core::SourceSpan& s) {
  return Int(s.line).Int(s.column).Int(s.offset).Int(s.length);
}

void Rows::End() {
  if (column_ != names_.size()) throw std::logic_error("row of " + table_ + " is incomplete");
  column_ = 0;
  ++rows_;
}

}  // namespace wp::store::sql
