#pragma once
// The commands that work on a database: `workplan serve`, `workplan user add`,
// `workplan import`, `workplan publish`, `workplan audit verify`, `workplan db migrate`, and
// the reporting cycle's `workplan reports due|timeliness|overdue-tasks|digest`, `workplan
// report form|check|submit|approve|return|reopen`, `workplan values import`, `workplan
// allocations import|export`, `workplan outbox list`.

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"

namespace wp::service {
struct Services;
}

namespace wp::app {

// Where the database is and where the data tables are; shared by every database command.
struct DbConfig {
  std::string db;  // "sqlite:PATH" or "postgresql://…"; "" → WORKPLAN_DB or sqlite:var/workplan.db
  std::string data_dir;  // "" → FindDataDir's search
  std::string argv0;
  // The audit chain's anchor file: "" → WORKPLAN_AUDIT_ANCHOR, or beside the SQLite file
  // ("PATH.audit-anchor"), or var/audit-anchor-DBNAME for PostgreSQL; "none" → no anchor.
  std::string audit_anchor;
};

struct ServeConfig {
  DbConfig db;
  std::string listen;      // "127.0.0.1:8080"; "" → WORKPLAN_LISTEN or 127.0.0.1:8080
  std::string static_dir;  // "" → WORKPLAN_STATIC_DIR or web/dist beside the data directory
  int threads = 0;         // 0 → WORKPLAN_THREADS or 2
  bool demo = false;       // load the demo decisions and accounts when absent
  std::string log_format;  // "text" | "json"; "" → WORKPLAN_LOG_FORMAT or text
  std::string log_file;    // "" → stderr
  // Connection caps (api::ServerOptions); -1 → WORKPLAN_MAX_CONNECTIONS[_PER_CLIENT] or the
  // defaults (the descriptor limit less an eighth, at least 128; 128 per client address); 0 → no
  // per-client cap.
  int max_connections = -1;
  int max_connections_per_client = -1;
  int header_timeout = 0;  // seconds for a connection's first request header; 0 → 10
  int xlsx_reads = 0;      // .xlsx uploads read at once; 0 → WORKPLAN_XLSX_READS or 2
  // "127.0.0.1:9100": /metrics alone, without a session; "" → WORKPLAN_METRICS_LISTEN or none
  std::string metrics_listen;
  bool cookie_secure = false;  // or WORKPLAN_COOKIE_SECURE=1: the session cookie gets Secure
  // Peer addresses of proxies whose X-Forwarded-Proto/-For are believed; empty →
  // WORKPLAN_TRUSTED_PROXIES (comma-separated)
  std::vector<std::string> trusted_proxies;
  // Issue 20. Scheduled backups into backup_dir ("" → WORKPLAN_BACKUP_DIR or none), every
  // backup_every ("" → WORKPLAN_BACKUP_EVERY or 24h), the newest backup_keep kept (0 →
  // WORKPLAN_BACKUP_KEEP or 14). /readyz fails below min_free_mb MiB free on the data
  // directory's disk (-1 → WORKPLAN_MIN_FREE_MB or 256).
  std::string backup_dir, backup_every;
  int backup_keep = 0;
  long long min_free_mb = -1;
};

int RunServe(const ServeConfig& config, std::ostream& out, std::ostream& err);
// `title`: a leader's ("Bộ trưởng" | "Thứ trưởng"), "" for the other roles.
int RunUserAdd(const DbConfig& db, const std::string& username, const std::string& role,
               const std::string& unit, const std::string& display_name, const std::string& title,
               std::istream& in, std::ostream& out, std::ostream& err);
// `workplan user list|edit|deactivate|activate|reset-password`, acting as the command line.
struct UserCommand {
  std::string action;
  std::string name;  // a username or an id
  std::string role, unit, display_name, title;
  bool role_given = false, unit_given = false, display_name_given = false, title_given = false;
};
int RunUser(const DbConfig& db, const UserCommand& command, std::ostream& out, std::ostream& err);
// `workplan amendments list|forward` (issue 18), acting as the command line: the amendments of a
// program (a status to keep), or one forwarded to the leaders with the planning department's
// opinion. Never approve: that is the Minister's act, in the web app.
struct AmendmentsCommand {
  std::string action;  // "list" | "forward"
  long long program = 0;
  long long id = 0;
  long long version = 0;  // 0: the current one
  std::string status, comment;
};
int RunAmendments(const DbConfig& db, const AmendmentsCommand& command, std::ostream& out,
                  std::ostream& err);
int RunImport(const DbConfig& db, const std::string& file, bool replace_draft, bool publish,
              std::istream& in, std::ostream& out, std::ostream& err);
int RunPublish(const DbConfig& db, long long id, std::ostream& out, std::ostream& err);
// `workplan audit verify [--anchor FILE]`: the chain, the fingerprints, and the log against the
// anchor (FILE, which must exist; without it the server's default anchor when there is one).
int RunAuditVerify(const DbConfig& db, const std::string& anchor_file, std::ostream& out,
                   std::ostream& err);
// `workplan db migrate [--grant-to ROLE]`: the migrations applied (by the role of --db, the
// owner) and, on PostgreSQL, ROLE given what the server needs and no ownership.
int RunDbMigrate(const DbConfig& db, const std::string& grant_to, std::ostream& out,
                 std::ostream& err);

// `workplan gen-data`: the synthetic national data set written into the database (admin, as
// "cli:<os user>"). `scale` S, M or L; with `summary_path`, a JSON file of what was written and
// of the figures the newest program's dashboard should answer (for tests).
int RunGenData(const DbConfig& db, const std::string& scale, unsigned long long seed,
               const std::string& summary_path, std::ostream& out, std::ostream& err);

// The reporting cycle from the command line (acting as the system principal "cli:<os user>").
struct ReportsQuery {
  long long program = 0;
  std::string period;      // "" all
  std::string unit;        // id or code; "" all
  std::string state;       // "missing", "submitted", …; "" all
  std::string obligation;  // "" all
};
// `workplan reports due`: the reports due, one line each.
int RunReportsDue(const DbConfig& db, const ReportsQuery& q, std::ostream& out, std::ostream& err);
// `workplan report form`: writes the .xlsx form of one report to `path`.
int RunReportForm(const DbConfig& db, const ReportsQuery& q, const std::string& path,
                  std::ostream& out, std::ostream& err);
// `workplan report submit FILE.xlsx`: uploads a filled form (saved only with `save_only`).
int RunReportSubmit(const DbConfig& db, const std::string& path, bool save_only, std::ostream& out,
                    std::ostream& err);
// `workplan report check FILE.xlsx`: a filled form checked as `report submit` would check it
// (as a save only with `save_only`), nothing stored: exit 0 when it would be accepted (values to
// confirm listed), 1 with each cell that would refuse it named.
int RunReportCheck(const DbConfig& db, const std::string& path, bool save_only, std::ostream& out,
                   std::ostream& err);
// `workplan values import`: a bulk CSV load (obligation,period,unit,target_id,scope,kind,value).
int RunValuesImport(const DbConfig& db, long long program, const std::string& path,
                    std::ostream& out, std::ostream& err);
// `workplan report approve|return|reopen --id N --version V [--comment …]`.
int RunReportAct(const DbConfig& db, long long report, long long version, const std::string& action,
                 const std::string& comment, std::ostream& out, std::ostream& err);
// `workplan reports timeliness`: expected, received, on time, late, missing … of the whole
// program, of each obligation and period, and (`by_unit`) of each unit, as of a date.
int RunReportsTimeliness(const DbConfig& db, long long program, const std::string& period,
                         const std::string& as_of, bool by_unit, std::ostream& out,
                         std::ostream& err);
// `workplan reports overdue-tasks`: each overdue task once per lead unit, earliest first.
int RunReportsOverdueTasks(const DbConfig& db, long long program, const std::string& as_of,
                           std::ostream& out, std::ostream& err);
// `workplan allocations import FILE` (.csv, or .xlsx as `allocations export` writes it) and
// `workplan allocations export --out FILE.xlsx`.
int RunAllocationsImport(const DbConfig& db, long long program, const std::string& path,
                         std::ostream& out, std::ostream& err);
int RunAllocationsExport(const DbConfig& db, long long program, const std::string& path,
                         std::ostream& out, std::ostream& err);
// `workplan reports digest`: one reminder per unit with reports due within `horizon_days` or
// overdue, queued in the outbox (each once); `workplan outbox list [--pending]`.
int RunReportsDigest(const DbConfig& db, long long program, const std::string& as_of,
                     int horizon_days, std::ostream& out, std::ostream& err);
int RunOutboxList(const DbConfig& db, bool pending_only, std::ostream& out, std::ostream& err);

// For the commands of other files: runs `body` over the services of `db` as the command line's
// principal ("cli:<user>"), what it writes anchored when they close; its exit code, or 1 when
// they cannot be opened.
int WithServices(
    const DbConfig& db, std::ostream& err,
    const std::function<int(const service::Services&, const domain::Principal&)>& body);
// An error on `err` as every command writes it; 1 (or the code of its kind).
int CommandFail(std::ostream& err, const core::Error& e);
// Writes `bytes` to `path` and says so; 1 when it cannot.
int CommandWriteFile(const std::string& path, const std::string& bytes, const char* what,
                     std::ostream& out, std::ostream& err);

}  // namespace wp::app
