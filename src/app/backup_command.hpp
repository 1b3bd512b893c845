#pragma once
// `workplan backup --to FILE` and `workplan restore --from FILE`: a copy of the database taken
// while the server runs (SQLite's online backup API; PostgreSQL's pg_dump -Fc, checked with
// pg_restore --list), restored at once into a temporary database where `audit verify` runs, its
// verdict printed; a restore only into an empty database. The server's scheduled backups
// (serve --backup-dir) take the same path.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

#include "app/server_command.hpp"

namespace wp::app {

// Exit 0: FILE written whole, checked, and the audit log of its restored copy verified.
int RunBackup(const DbConfig& db, const std::string& to, std::ostream& out, std::ostream& err);
// Exit 0: FILE (a backup of either kind) restored into the empty database of `db`; refused
// (exit 1, restore_target_not_empty) when that database already holds tables.
int RunRestore(const DbConfig& db, const std::string& from, std::ostream& out, std::ostream& err);
// The file name extension of a backup of `db`'s database: ".db" (SQLite) or ".dump" (pg_dump).
std::string BackupExtension(const DbConfig& db);

// "24h", "90m", "30s", "7d" (a whole number and its unit); kInvalidArgument ("bad_interval")
// otherwise or below 1 s.
core::Result<std::chrono::seconds> ParseInterval(const std::string& text);

// The server's scheduled backups (serve --backup-dir DIR --backup-every 24h --backup-keep 14):
// every `every`, RunBackup into DIR/workplan-YYYYMMDDTHHMMSSZ.db|.dump, each logged; the newest
// `keep` backups kept, older ones removed (retention by count; a failed backup removes none).
class BackupScheduler {
 public:
  BackupScheduler(DbConfig db, std::string dir, std::chrono::seconds every, int keep);
  ~BackupScheduler();  // stops; a backup under way is finished first
  BackupScheduler(const BackupScheduler&) = delete;
  BackupScheduler& operator=(const BackupScheduler&) = delete;
  // Prometheus text: backups taken and failed, the last success's time, size and duration.
  std::string MetricsText() const;

 private:
  void Loop();
  void TakeOne();
  void Prune();

  DbConfig db_;
  std::string dir_;
  std::chrono::seconds every_;
  int keep_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t ok_ = 0, failed_ = 0;
  int64_t last_ok_unix_ = 0, last_bytes_ = 0;
  double last_seconds_ = 0;
  std::thread thread_;
};

}  // namespace wp::app
