#include "store/sql/migrations.hpp"

#include <utility>

namespace wp::store::sql {

std::string MigrationSql(const Migration& m, Engine engine) {
  static constexpr std::pair<std::string_view, std::string_view> kSqliteTypes[] = {
      {"{ID}", "INTEGER PRIMARY KEY"},
      {"{AUTOID}", "INTEGER PRIMARY KEY AUTOINCREMENT"},
      {"{BIGINT}", "INTEGER"},
      {"{BOOL}", "INTEGER"},
      {"{TRUE}", "1"},
      {"{DATE}", "TEXT"},
      {"{C}", ""},
      {"{WITHOUT_ROWID}", " WITHOUT ROWID"},
      {"{BLOB}", "BLOB"},
  };
  static constexpr std::pair<std::string_view, std::string_view> kPostgresTypes[] = {
      {"{ID}", "BIGSERIAL PRIMARY KEY"},
      {"{AUTOID}", "BIGSERIAL PRIMARY KEY"},
      {"{BIGINT}", "BIGINT"},
      {"{BOOL}", "BOOLEAN"},
      {"{TRUE}", "TRUE"},
      {"{DATE}", "DATE"},
      {"{C}", " COLLATE \"C\""},
      {"{WITHOUT_ROWID}", ""},
      {"{BLOB}", "BYTEA"},
  };
  const bool sqlite = engine == Engine::kSqlite;
  std::string sql = std::string(m.sql) + std::string(sqlite ? m.sqlite : m.postgres);
  for (const auto& [from, to] : sqlite ? std::span(kSqliteTypes) : std::span(kPostgresTypes)) {
    for (size_t at = sql.find(from); at != std::string::npos; at = sql.find(from, at + to.size())) {
      sql.replace(at, from.size(), to);
    }
  }
  return sql;
}

}  // namespace wp::store::sql
