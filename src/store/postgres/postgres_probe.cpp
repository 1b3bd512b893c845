// /readyz's write probe on PostgreSQL (store/backup.hpp): a connection of its own, so that a
// database turned read-only (default_transaction_read_only, a standby after a fail-over) or
// unreachable shows at once, whatever the server's pooled connections hold.
#include <exception>
#include <string>

#include <pqxx/pqxx>

#include "store/backup.hpp"

namespace wp::store {

core::Status PostgresProbeWrite(const std::string& url) {
  std::string conninfo = url;
  if (conninfo.find("connect_timeout=") == std::string::npos) {
    conninfo += conninfo.find('?') == std::string::npos ? "?" : "&";
    conninfo += "connect_timeout=5&application_name=workplan-readyz";
  }
  try {
    pqxx::connection c(conninfo);
    pqxx::work tx(c);
    // A temporary table created and written, then rolled back: refused by a read-only
    // transaction, nothing of it left.
    tx.exec("CREATE TEMP TABLE wp_ready_probe(x int) ON COMMIT DROP");
    tx.exec("INSERT INTO wp_ready_probe VALUES (1)");
    tx.abort();
    return {};
  } catch (const pqxx::sql_error& e) {
    bool read_only = e.sqlstate() == "25006";  // read_only_sql_transaction
    auto err = core::MakeError(core::ErrorCode::kUnavailable,
                               read_only ? "database_read_only" : "database_unavailable",
                               read_only ? "Cơ sở dữ liệu PostgreSQL chỉ đọc, không ghi được"
                                         : "Cơ sở dữ liệu PostgreSQL không nhận ghi");
    err.internal_note = e.sqlstate();
    return tl::unexpected(err);
  } catch (const std::exception& e) {
    // The message of a failed connection may name the host, never the password: kept short.
    auto err = core::MakeError(core::ErrorCode::kUnavailable, "database_unavailable",
                               "Không kết nối được cơ sở dữ liệu PostgreSQL");
    err.internal_note = std::string(e.what()).substr(0, 200);
    return tl::unexpected(err);
  }
}

}  // namespace wp::store
