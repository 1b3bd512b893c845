#include "app/backup_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "api/log.hpp"
#include "core/error.hpp"
#include "store/backup.hpp"

namespace wp::app {
namespace {

namespace fs = std::filesystem;

std::string Url(const DbConfig& c) {
  if (!c.db.empty()) return c.db;
  const char* v = std::getenv("WORKPLAN_DB");
  return v != nullptr && *v != '\0' ? std::string(v) : std::string("sqlite:var/workplan.db");
}

bool IsPostgres(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string SqlitePath(const std::string& url) {
  std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
  if (path.starts_with("//")) path = path.substr(2);
  return path;
}

// `url` with its database name replaced by `name` (the query kept).
std::string WithDatabase(const std::string& url, const std::string& name) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme + 3);
  auto query = url.find('?', scheme + 3);
  std::string head =
      url.substr(0, slash == std::string::npos ? std::min(query, url.size()) : slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + name + tail;
}

struct ToolRun {
  int status = -1;     // the exit status; -1 when it could not run or was killed
  std::string output;  // stdout and stderr together, the last 64 KiB
};

// Runs a PostgreSQL client tool (no shell), its output kept, at most `limit` long.
ToolRun RunTool(std::vector<std::string> args, std::chrono::seconds limit) {
  ToolRun r;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return r;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return r;
  }
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + limit;
  char buf[8192];
  bool killed = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    ssize_t got = read(fds[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    r.output.append(buf, static_cast<size_t>(got));
    if (r.output.size() > (64u << 10)) r.output.erase(0, r.output.size() - (64u << 10));
  }
  close(fds[0]);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (!killed && WIFEXITED(st)) r.status = WEXITSTATUS(st);
  return r;
}

int ToolFail(std::ostream& err, const std::string& reason, const std::string& message,
             const ToolRun& run) {
  err << "lỗi [" << reason << "]: " << message << "\n";
  if (run.status == 127) {
    err << "  (không chạy được công cụ của PostgreSQL: cài gói postgresql-client)\n";
  } else if (!run.output.empty()) {
    err << "  " << run.output << (run.output.ends_with('\n') ? "" : "\n");
  }
  return 1;
}

constexpr std::chrono::seconds kDumpLimit{6 * 3600};
constexpr std::chrono::seconds kQuickLimit{120};

std::string Stamp() {
  return std::to_string(getpid()) + "_" +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

// `audit verify` on a restored copy, printed under a heading; the anchor is not consulted (it
// has moved on since the copy was taken).
int VerifyCopy(const DbConfig& db, const std::string& copy_url, std::ostream& out,
               std::ostream& err) {
  DbConfig copy = db;
  copy.db = copy_url;
  copy.audit_anchor = "none";
  out << "Kiểm tra nhật ký kiểm toán trên bản khôi phục thử:\n";
  int rc = RunAuditVerify(copy, "", out, err);
  if (rc != 0) {
    err << "lỗi [backup_audit_failed]: bản sao lưu đã ghi nhưng nhật ký kiểm toán của bản khôi "
           "phục thử không toàn vẹn\n";
  }
  return rc;
}

void SyncDir(const std::string& file) {
  fs::path dir = fs::path(file).parent_path();
  int fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

int BackupSqlite(const DbConfig& db, const std::string& url, const std::string& to,
                 std::ostream& out, std::ostream& err) {
  auto copied = store::SqliteCopy(SqlitePath(url), to);
  if (!copied) return CommandFail(err, copied.error());
  SyncDir(to);
  out << "Đã sao lưu " << SqlitePath(url) << " vào " << to << " (" << copied->pages << " trang, "
      << copied->bytes << " byte; PRAGMA integrity_check: ok)\n";
  // The backup restored as `workplan restore` would, into a file of its own, and verified.
  std::string scratch = to + ".check-" + Stamp() + ".db";
  auto restored = store::SqliteCopy(to, scratch);
  int rc =
      restored ? VerifyCopy(db, "sqlite:" + scratch, out, err) : CommandFail(err, restored.error());
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(scratch + suffix, ec);
  return rc;
}

int BackupPostgres(const DbConfig& db, const std::string& url, const std::string& to,
                   std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (fs::exists(to, ec)) {
    err << "lỗi [backup_file_exists]: Tệp đích " << to << " đã có: không ghi đè\n";
    return 1;
  }
  std::string part = to + ".part-" + std::to_string(getpid());
  auto dump =
      RunTool({"pg_dump", "--format=custom", "--file=" + part, "--dbname=" + url}, kDumpLimit);
  if (dump.status != 0) {
    fs::remove(part, ec);
    return ToolFail(err, "backup_failed", "pg_dump không sao lưu được cơ sở dữ liệu", dump);
  }
  auto list = RunTool({"pg_restore", "--list", part}, kQuickLimit);
  if (list.status != 0 || list.output.find("audit_log") == std::string::npos) {
    fs::remove(part, ec);
    return ToolFail(err, "backup_unreadable",
                    "Tệp do pg_dump ghi không đọc lại được (pg_restore --list)", list);
  }
  int fd = open(part.c_str(), O_RDONLY | O_CLOEXEC);
  bool synced = fd >= 0 && fsync(fd) == 0;
  if (fd >= 0) close(fd);
  if (!synced || std::rename(part.c_str(), to.c_str()) != 0) {
    fs::remove(part, ec);
    err << "lỗi [backup_failed]: không ghi được tệp " << to << "\n";
    return 1;
  }
  SyncDir(to);
  out << "Đã sao lưu cơ sở dữ liệu vào " << to << " (pg_dump -Fc, " << fs::file_size(to, ec)
      << " byte; pg_restore --list đọc lại được)\n";
  // Restored into a temporary database of the same server, verified, dropped.
  std::string name = "wp_backup_check_" + Stamp();
  auto created = RunTool({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname=" + url, "-c",
                          "CREATE DATABASE " + name},
                         kQuickLimit);
  if (created.status != 0) {
    return ToolFail(err, "backup_check_failed",
                    "Không tạo được cơ sở dữ liệu tạm để khôi phục thử (vai trò cần quyền "
                    "CREATEDB); tệp sao lưu đã ghi nhưng chưa được kiểm tra",
                    created);
  }
  std::string scratch = WithDatabase(url, name);
  auto restored = RunTool(
      {"pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--dbname=" + scratch, to},
      kDumpLimit);
  int rc = restored.status == 0 ? VerifyCopy(db, scratch, out, err)
                                : ToolFail(err, "backup_check_failed",
                                           "Không khôi phục thử được tệp sao lưu", restored);
  auto dropped = RunTool({"psql", "-X", "-q", "--dbname=" + url, "-c",
                          "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"},
                         kQuickLimit);
  if (dropped.status != 0) err << "cảnh báo: không xóa được cơ sở dữ liệu tạm " << name << "\n";
  return rc;
}

int RestoreSqlite(const std::string& url, const std::string& from, std::ostream& out,
                  std::ostream& err) {
  std::string dest = SqlitePath(url);
  auto has = store::SqliteHasTables(dest);
  if (!has) return CommandFail(err, has.error());
  if (*has) {
    err << "lỗi [restore_target_not_empty]: cơ sở dữ liệu " << dest
        << " đã có dữ liệu: chỉ khôi phục vào một cơ sở dữ liệu trống (một tệp chưa có)\n";
    return 1;
  }
  auto src = store::SqliteHasTables(from);
  if (!src || !*src) {
    err << "lỗi [backup_unreadable]: " << from << " không phải tệp sao lưu SQLite của workplan\n";
    return 1;
  }
  std::error_code ec;
  fs::remove(dest, ec);  // an empty file (no table) only
  if (fs::path(dest).has_parent_path()) fs::create_directories(fs::path(dest).parent_path(), ec);
  auto copied = store::SqliteCopy(from, dest);
  if (!copied) return CommandFail(err, copied.error());
  SyncDir(dest);
  out << "Đã khôi phục " << from << " vào " << dest << " (" << copied->pages << " trang)\n";
  // The old database's anchor holds entries this copy may not have: kept aside, not followed.
  std::string anchor = dest + ".audit-anchor";
  if (fs::exists(anchor, ec)) {
    std::string aside = anchor + ".before-restore-" + Stamp();
    fs::rename(anchor, aside, ec);
    out << "  mốc neo cũ " << anchor << " chuyển sang " << aside << "\n";
  }
  return 0;
}

int RestorePostgres(const std::string& url, const std::string& from, std::ostream& out,
                    std::ostream& err) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) {
    err << "lỗi [backup_file_missing]: không có tệp " << from << "\n";
    return 1;
  }
  auto list = RunTool({"pg_restore", "--list", from}, kQuickLimit);
  if (list.status != 0 || list.output.find("audit_log") == std::string::npos) {
    return ToolFail(err, "backup_unreadable",
                    from + " không phải tệp sao lưu PostgreSQL (pg_dump -Fc) của workplan", list);
  }
  auto count =
      RunTool({"psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "--dbname=" + url, "-c",
               "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN "
               "('pg_catalog', 'information_schema')"},
              kQuickLimit);
  if (count.status != 0) {
    return ToolFail(err, "database_unavailable", "Không kết nối được cơ sở dữ liệu đích", count);
  }
  std::string n = count.output.substr(0, count.output.find_first_of("\r\n"));
  if (n != "0") {
    err << "lỗi [restore_target_not_empty]: cơ sở dữ liệu đích đã có " << n
        << " bảng: chỉ khôi phục vào một cơ sở dữ liệu trống (CREATE DATABASE … trước)\n";
    return 1;
  }
  auto restored = RunTool({"pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
                           "--single-transaction", "--dbname=" + url, from},
                          kDumpLimit);
  if (restored.status != 0) {
    return ToolFail(err, "restore_failed",
                    "pg_restore không khôi phục được (không có gì được ghi: một giao dịch)",
                    restored);
  }
  out << "Đã khôi phục " << from
      << " vào cơ sở dữ liệu đích; cấp quyền cho vai trò của máy chủ bằng `workplan db migrate "
         "--grant-to VAI_TRÒ`\n";
  return 0;
}

}  // namespace

std::string BackupExtension(const DbConfig& db) { return IsPostgres(Url(db)) ? ".dump" : ".db"; }

int RunBackup(const DbConfig& db, const std::string& to, std::ostream& out, std::ostream& err) {
  std::string url = Url(db);
  if (to.empty()) {
    err << "lỗi [invalid_argument]: thiếu --to TỆP\n";
    return 1;
  }
  return IsPostgres(url) ? BackupPostgres(db, url, to, out, err)
                         : BackupSqlite(db, url, to, out, err);
}

int RunRestore(const DbConfig& db, const std::string& from, std::ostream& out, std::ostream& err) {
  std::string url = Url(db);
  return IsPostgres(url) ? RestorePostgres(url, from, out, err)
                         : RestoreSqlite(url, from, out, err);
}

core::Result<std::chrono::seconds> ParseInterval(const std::string& text) {
  auto bad = [&] {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_interval",
                      "Khoảng thời gian không hợp lệ: \"" + text + "\" (ví dụ 24h, 90m, 30s, 7d)");
  };
  if (text.size() < 2 || text.size() > 12) return bad();
  long long n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    n = n * 10 + (text[i] - '0');
  }
  long long unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return bad();
  }
  if (n < 1 || n > 366LL * 86400 / unit) return bad();
  return std::chrono::seconds(n * unit);
}

BackupScheduler::BackupScheduler(DbConfig db, std::string dir, std::chrono::seconds every, int keep)
    : db_(std::move(db)), dir_(std::move(dir)), every_(every), keep_(std::max(1, keep)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  thread_ = std::thread([this] { Loop(); });
}

BackupScheduler::~BackupScheduler() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BackupScheduler::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (cv_.wait_for(lock, every_, [this] { return stopping_; })) return;
    lock.unlock();
    TakeOne();
    lock.lock();
  }
}

void BackupScheduler::TakeOne() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::ostringstream name;
  name << "workplan-" << std::put_time(&tm, "%Y%m%dT%H%M%SZ") << BackupExtension(db_);
  std::string file = (fs::path(dir_) / name.str()).string();
  auto t0 = std::chrono::steady_clock::now();
  std::ostringstream out, err;
  int rc = RunBackup(db_, file, out, err);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::error_code ec;
  int64_t bytes = rc == 0 ? static_cast<int64_t>(fs::file_size(file, ec)) : 0;
  {
    std::lock_guard lock(mu_);
    if (rc == 0) {
      ++ok_;
      last_ok_unix_ = static_cast<int64_t>(now);
      last_bytes_ = bytes;
      last_seconds_ = seconds;
    } else {
      ++failed_;
    }
  }
  std::string secs = std::to_string(seconds), size = std::to_string(bytes);
  if (rc == 0) {
    api::Log(spdlog::level::info, "backup",
             {{"file", file},
              {"bytes", size, true},
              {"seconds", secs, true},
              {"audit", "verified on a restored copy"}});
    Prune();
  } else {
    std::string why = err.str();
    while (!why.empty() && why.back() == '\n') why.pop_back();
    api::Log(spdlog::level::err, "backup_failed", {{"file", file}, {"message", why}});
  }
}

void BackupScheduler::Prune() {
  std::string ext = BackupExtension(db_);
  std::vector<fs::path> backups;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    std::string n = e.path().filename().string();
    // The scheduler's own names only: workplan-YYYYMMDDTHHMMSSZ.EXT (sorted = by time).
    if (n.size() == 25 + ext.size() && n.starts_with("workplan-") && n.ends_with(ext) &&
        n.find(".part") == std::string::npos && n.find(".check") == std::string::npos) {
      backups.push_back(e.path());
    }
  }
  std::sort(backups.begin(), backups.end());
  for (size_t i = 0; i + static_cast<size_t>(keep_) < backups.size(); ++i) {
    fs::remove(backups[i].string() + "-wal", ec);
    fs::remove(backups[i].string() + "-shm", ec);
    if (fs::remove(backups[i], ec)) {
      api::Log(spdlog::level::info, "backup_removed",
               {{"file", backups[i].string()}, {"keep", std::to_string(keep_), true}});
    }
  }
}

std::string BackupScheduler::MetricsText() const {
  std::lock_guard lock(mu_);
  std::ostringstream o;
  o << "# HELP workplan_backups_total Scheduled backups by outcome (ok: written, checked, and "
       "its restored copy's audit log verified).\n"
       "# TYPE workplan_backups_total counter\n"
       "workplan_backups_total{outcome=\"ok\"} "
    << ok_ << "\nworkplan_backups_total{outcome=\"failed\"} " << failed_
    << "\n# HELP workplan_backup_last_success_timestamp_seconds Unix time of the last good "
       "backup (0: none yet).\n"
       "# TYPE workplan_backup_last_success_timestamp_seconds gauge\n"
       "workplan_backup_last_success_timestamp_seconds "
    << last_ok_unix_
    << "\n# HELP workplan_backup_last_bytes Size of the last good backup.\n"
       "# TYPE workplan_backup_last_bytes gauge\n"
       "workplan_backup_last_bytes "
    << last_bytes_
    << "\n# HELP workplan_backup_last_seconds Time the last good backup took (with its check).\n"
       "# TYPE workplan_backup_last_seconds gauge\n"
       "workplan_backup_last_seconds "
    << last_seconds_ << "\n";
  return o.str();
}

}  // namespace wp::app
