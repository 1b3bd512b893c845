#pragma once
// The commands that work on a database: `workplan serve`, `workplan user add`,
// `workplan import`, `workplan publish`, `workplan audit verify`.

#include <iosfwd>
#include <string>

namespace wp::app {

// Where the database is and where the data tables are; shared by every database command.
struct DbConfig {
  std::string db;  // "sqlite:PATH" or "postgresql://…"; "" → WORKPLAN_DB or sqlite:var/workplan.db
  std::string data_dir;  // "" → FindDataDir's search
  std::string argv0;
};

struct ServeConfig {
  DbConfig db;
  std::string listen;      // "127.0.0.1:8080"; "" → WORKPLAN_LISTEN or 127.0.0.1:8080
  std::string static_dir;  // "" → WORKPLAN_STATIC_DIR or web/dist beside the data directory
  int threads = 0;         // 0 → WORKPLAN_THREADS or 2
  bool demo = false;       // load the demo decisions and accounts when absent
};

int RunServe(const ServeConfig& config, std::ostream& out, std::ostream& err);
int RunUserAdd(const DbConfig& db, const std::string& username, const std::string& role,
               const std::string& unit, const std::string& display_name, std::istream& in,
               std::ostream& out, std::ostream& err);
int RunImport(const DbConfig& db, const std::string& file, bool replace_draft, bool publish,
              std::istream& in, std::ostream& out, std::ostream& err);
int RunPublish(const DbConfig& db, long long id, std::ostream& out, std::ostream& err);
int RunAuditVerify(const DbConfig& db, std::ostream& out, std::ostream& err);

}  // namespace wp::app
