#include "store/backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include <sqlite3.h>

namespace wp::store {
namespace {

namespace fs = std::filesystem;

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close_v2(db); }
};

core::Error Broken(const std::string& reason, const std::string& message, const std::string& note) {
  core::Error e = core::MakeError(core::ErrorCode::kUnavailable, reason, message);
  e.internal_note = note;
  return e;
}

std::string Msg(sqlite3* db) { return db ? sqlite3_errmsg(db) : "sqlite3_open failed"; }

// Opens `path` read-only (no file created); the caller's error when it cannot.
core::Status OpenReadOnly(const std::string& path, Db& out) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return core::Fail(core::ErrorCode::kNotFound, "database_file_missing",
                      "Không có tệp cơ sở dữ liệu " + path);
  }
  if (sqlite3_open_v2(path.c_str(), &out.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return tl::unexpected(
        Broken("database_unreadable", "Không mở được tệp cơ sở dữ liệu " + path, Msg(out.db)));
  }
  sqlite3_busy_timeout(out.db, 30000);
  return {};
}

bool Exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace

core::Result<bool> SqliteHasTables(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return false;
  Db db;
  if (auto s = OpenReadOnly(path, db); !s) return tl::unexpected(s.error());
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db.db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1, &st,
                         nullptr) != SQLITE_OK) {
    return tl::unexpected(core::MakeError(core::ErrorCode::kInvalidArgument, "not_a_database",
                                          "Tệp " + path + " không phải cơ sở dữ liệu SQLite"));
  }
  int rc = sqlite3_step(st);
  bool has = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) {
    return tl::unexpected(core::MakeError(core::ErrorCode::kInvalidArgument, "not_a_database",
                                          "Tệp " + path + " không phải cơ sở dữ liệu SQLite"));
  }
  return has;
}

core::Result<SqliteCopyStats> SqliteCopy(const std::string& source, const std::string& dest) {
  std::error_code ec;
  if (fs::exists(dest, ec)) {
    return core::Fail(core::ErrorCode::kAlreadyExists, "backup_file_exists",
                      "Tệp đích " + dest + " đã có: không ghi đè");
  }
  Db src;
  WP_RETURN_IF_ERROR(OpenReadOnly(source, src));
  // One read transaction over the whole copy: every step reads the same snapshot, and the
  // server's writers (WAL) are not held up nor is the copy restarted by their commits.
  if (!Exec(src.db, "BEGIN") || !Exec(src.db, "SELECT count(*) FROM sqlite_master")) {
    return tl::unexpected(
        Broken("database_unreadable", "Không đọc được cơ sở dữ liệu " + source, Msg(src.db)));
  }
  std::string tmp = dest + ".part-" + std::to_string(getpid());
  fs::remove(tmp, ec);
  auto fail = [&](const std::string& note) {
    fs::remove(tmp, ec);
    return tl::unexpected(
        Broken("backup_failed", "Không sao được cơ sở dữ liệu " + source + " sang " + dest, note));
  };
  SqliteCopyStats stats;
  {
    Db out;
    if (sqlite3_open_v2(tmp.c_str(), &out.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
      return fail(Msg(out.db));
    }
    sqlite3_backup* b = sqlite3_backup_init(out.db, "main", src.db, "main");
    if (b == nullptr) return fail(Msg(out.db));
    int rc = SQLITE_OK;
    while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      rc = sqlite3_backup_step(b, 1024);  // 1024 pages a step
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    stats.pages = sqlite3_backup_pagecount(b);
    int fin = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE || fin != SQLITE_OK) return fail(Msg(out.db));
    // The copy is read back whole before it is given its name.
    sqlite3_stmt* st = nullptr;
    std::string check;
    if (sqlite3_prepare_v2(out.db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      check = t ? reinterpret_cast<const char*>(t) : "";
    }
    sqlite3_finalize(st);
    if (check != "ok") return fail("integrity_check: " + check);
    // The copy is one file with no WAL (a copy of a WAL database says WAL in its header, and
    // reading it would leave -wal and -shm files beside it); the server turns WAL on again.
    if (!Exec(out.db, "PRAGMA journal_mode=DELETE")) return fail(Msg(out.db));
  }
  (void)Exec(src.db, "COMMIT");
  int fd = open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    if (fd >= 0) close(fd);
    return fail(std::string("fsync: ") + std::strerror(errno));
  }
  close(fd);
  if (std::rename(tmp.c_str(), dest.c_str()) != 0) return fail("rename");
  stats.bytes = static_cast<int64_t>(fs::file_size(dest, ec));
  return stats;
}

core::Status SqliteProbeWrite(const std::string& path) {
  if (path.empty() || path == ":memory:") return {};
  Db db;
  // The file itself first: SQLite in WAL mode can take a transaction on a file it may no longer
  // write (the pages go to the -wal file until a checkpoint), so its verdict alone comes late.
  for (const std::string& file : {path, path + "-wal"}) {
    int fd = open(file.c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
      close(fd);
    } else if (errno == EACCES || errno == EPERM || errno == EROFS) {
      return tl::unexpected(Broken("database_read_only",
                                   "Cơ sở dữ liệu chỉ đọc, không ghi được (quyền của tệp " + path +
                                       " hoặc của thư mục, hoặc ổ đĩa chỉ đọc)",
                                   file + ": " + std::strerror(errno)));
    }
  }
  int rc = sqlite3_open_v2(path.c_str(), &db.db, SQLITE_OPEN_READWRITE, nullptr);
  auto read_only = [&] {
    return tl::unexpected(Broken("database_read_only",
                                 "Cơ sở dữ liệu chỉ đọc, không ghi được (quyền của tệp " + path +
                                     " hoặc của thư mục, hoặc ổ đĩa chỉ đọc)",
                                 Msg(db.db)));
  };
  if (rc != SQLITE_OK) {
    if (rc == SQLITE_READONLY || rc == SQLITE_PERM || rc == SQLITE_CANTOPEN) return read_only();
    return tl::unexpected(
        Broken("database_unavailable", "Không mở được cơ sở dữ liệu " + path, Msg(db.db)));
  }
  if (sqlite3_db_readonly(db.db, "main") == 1) return read_only();
  sqlite3_busy_timeout(db.db, 2000);
  rc = sqlite3_exec(db.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  // The writer holding the lock for 2 s is writing: the database takes writes.
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return {};
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(db.db, "CREATE TABLE wp_ready_probe(x)", nullptr, nullptr, nullptr);
  }
  int code = rc;
  std::string note = Msg(db.db);
  (void)sqlite3_exec(db.db, "ROLLBACK", nullptr, nullptr, nullptr);
  if (code == SQLITE_OK) return {};
  if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_PERM) return read_only();
  return tl::unexpected(
      Broken("database_unavailable", "Cơ sở dữ liệu không nhận ghi: " + path, note));
}

}  // namespace wp::store
