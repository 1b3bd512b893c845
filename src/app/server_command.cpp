#include "app/server_command.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "api/health.hpp"
#include "api/log.hpp"
#include "api/server.hpp"
#include "app/backup_command.hpp"
#include "app/demo_data.hpp"
#include "app/org_command.hpp"
#include "app/parse_command.hpp"
#include "core/process.hpp"
#include "export/workbook.hpp"
#include "read/read.hpp"
#include "service/service_set.hpp"
#include "store/backup.hpp"
#include "store/store.hpp"

namespace wp::app {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

std::string OsUser() { return Env("USER", "unknown"); }

std::string DbUrl(const DbConfig& c) {
  return c.db.empty() ? Env("WORKPLAN_DB", "sqlite:var/workplan.db") : c.db;
}

// The audit anchor's file for `url` (DbConfig::audit_anchor); "" none.
std::string AnchorFile(const DbConfig& c, const std::string& url) {
  std::string file = c.audit_anchor.empty() ? Env("WORKPLAN_AUDIT_ANCHOR", "") : c.audit_anchor;
  if (file == "none") return "";
  if (!file.empty()) return file;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    // The database's name: the URL's path, without its query.
    std::string rest = url.substr(url.find("://") + 3);
    auto slash = rest.find('/');
    std::string name = slash == std::string::npos ? "" : rest.substr(slash + 1);
    name = name.substr(0, name.find('?'));
    for (char& ch : name) {
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') ch = '_';
    }
    return "var/audit-anchor-" + (name.empty() ? std::string("postgres") : name);
  }
  std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
  if (path.starts_with("//")) path = path.substr(2);
  if (path.empty() || path == ":memory:") return "";
  return path + ".audit-anchor";
}

// Closes a command's services: what the command wrote to the audit log is anchored as the
// server anchors its writes (AuditLog::AnchorHead; nothing when the head did not move). A
// failure is a line on the log: the command's work is done.
struct AnchorOnClose {
  bool anchor = true;  // false for a command that only reads (audit verify)
  void operator()(service::ServiceSet* set) const {
    if (set == nullptr) return;
    if (auto r = anchor ? set->services().audit.AnchorHead()
                        : core::Result<std::optional<service::AnchorRecord>>();
        !r) {
      api::Log(spdlog::level::warn, "audit_anchor_failed",
               {{"code", r.error().reason},
                {"message", r.error().message},
                {"note", r.error().internal_note}});
    }
    delete set;
  }
};
using ServiceSetPtr = std::unique_ptr<service::ServiceSet, AnchorOnClose>;

// `held`, when given, overrides the clock while it holds a time (the demo replaying 2012).
// `owns_schema`, when given, is told whether the database's role could alter its schema.
core::Result<ServiceSetPtr> OpenService(const DbConfig& c, const HeldClock* held = nullptr,
                                        bool* owns_schema = nullptr) {
  std::string url = DbUrl(c);
  // An embedded database in a directory that does not exist yet: make the directory.
  if (url.starts_with("sqlite:")) {
    fs::path p(url.substr(7));
    std::error_code ec;
    if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  }
  WP_ASSIGN_OR_RETURN(auto seed, LoadOrgSeed(c.data_dir, c.argv0));
  WP_ASSIGN_OR_RETURN(auto store, store::OpenStore(url));
  if (owns_schema) *owns_schema = store->RoleOwnsSchema();
  service::ServiceOptions options;
  options.audit_anchor = AnchorFile(c, url);
  // A rehearsal clock for tests and training: the file holds an ISO 8601 UTC time that stands
  // for "now" (re-read on every call, so a test moves time by rewriting it).
  if (std::string file = Env("WORKPLAN_CLOCK_FILE", ""); !file.empty()) {
    options.clock = [file] {
      std::ifstream f(file);
      std::string iso;
      std::getline(f, iso);
      std::tm tm{};
      if (iso.size() >= 19 && strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr) {
        return std::chrono::system_clock::from_time_t(timegm(&tm));
      }
      return std::chrono::system_clock::now();
    };
  }
  if (held) {
    options.clock = [held, base = std::move(options.clock)] {
      return held->Held().value_or(base());
    };
  }
  WP_ASSIGN_OR_RETURN(auto set,
                      service::ServiceSet::Open(std::move(store), seed, std::move(options)));
  return ServiceSetPtr(set.release());
}

int Fail(std::ostream& err, const core::Error& e) {
  // What went wrong inside a failure of the system (as the server's 5xx) is for the log, not the
  // message.
  if ((e.code == core::ErrorCode::kInternal || e.code == core::ErrorCode::kUnavailable) &&
      !e.internal_note.empty()) {
    api::Log(spdlog::level::err, "error",
             {{"code", e.reason.empty() ? core::CodeName(e.code) : std::string_view(e.reason)},
              {"note", e.internal_note}});
  }
  err << FormatError(e) << "\n";
  for (const auto& d : e.details) err << "  " << d.field << ": " << d.message << "\n";
  return 1;
}

struct DemoAccount {
  const char* username;
  const char* display_name;
  domain::Role role;
  const char* unit;
  const char* title = "";  // a leader's
};

constexpr const char* kDemoPassword = "workplan-demo";
const DemoAccount kDemoAccounts[] = {
    {"admin", "Quản trị hệ thống", domain::Role::kAdmin, ""},
    {"kehoach", "Chuyên viên Vụ Kế hoạch – Tài chính", domain::Role::kPlanner, "KHTC"},
    {"vieclam", "Chuyên viên Cục Việc làm", domain::Role::kEditor, "VL"},
    {"hanoi.nhaplieu", "Chuyên viên Sở Nội vụ Hà Nội", domain::Role::kEditor, "01"},
    {"hanoi.duyet", "Lãnh đạo phòng, Sở Nội vụ Hà Nội", domain::Role::kApprover, "01"},
    {"lanhdao", "Thứ trưởng phụ trách", domain::Role::kLeader, "", "Thứ trưởng"},
    {"botruong", "Bộ trưởng", domain::Role::kLeader, "", "Bộ trưởng"},
};

// Issue 18: the Minister (botruong) delegates to lanhdao, a Thứ trưởng, the decision of
// amendments over every area from the start of 2012, once.
core::Status DelegateDemoLeader(const service::Services& svc, const domain::Principal& system) {
  auto minister = svc.accounts.GetUser(system, "botruong");
  auto deputy = svc.accounts.GetUser(system, "lanhdao");
  if (!minister || !deputy || deputy->role != domain::Role::kLeader) return {};
  domain::Principal by{minister->id, minister->username, minister->role, minister->unit};
  WP_ASSIGN_OR_RETURN(auto delegations, svc.amendments.Delegations(by));
  for (const auto& d : delegations) {
    if (d.delegation.grantee == deputy->id) return {};
  }
  service::DelegationInput in;
  in.grantee = deputy->id;
  in.valid_from = core::CivilDate{2012, 1, 1};
  WP_RETURN_IF_ERROR(svc.amendments.Grant(by, in));
  return {};
}

// Imports and publishes the decisions of data/seeds, creates the demo accounts and writes the
// year of reports of the 2012 program (demo_data.hpp), each only when absent, so a restart
// keeps what the demo users did.
core::Status LoadDemo(const service::Services& svc, HeldClock& clock, const fs::path& data_dir,
                      std::ostream& out) {
  auto system = service::SystemPrincipal("demo");
  std::vector<fs::path> seeds;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(data_dir / "seeds", ec)) {
    if (e.path().extension() == ".txt") seeds.push_back(e.path());
  }
  std::sort(seeds.begin(), seeds.end());
  for (const auto& path : seeds) {
    std::ifstream f(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto r = svc.programs.ImportProgram(system, text, path.filename().string(),
                                        service::ImportMode::kNew);
    if (!r) {
      if (r.error().reason == "program_exists") continue;
      return tl::unexpected(r.error());
    }
    WP_RETURN_IF_ERROR(SetDemoBaselines(svc, r->id));
    WP_RETURN_IF_ERROR(svc.programs.PublishProgram(system, r->id));
    out << "  đã nhập và ban hành " << path.filename().string() << " → chương trình #" << r->id
        << " (" << r->targets << " chỉ tiêu)\n";
  }
  for (const auto& a : kDemoAccounts) {
    service::NewUser u{a.username, a.display_name, a.role, a.unit, kDemoPassword, a.title};
    auto created = svc.accounts.CreateUser(system, u);
    if (!created && created.error().reason != "user_exists") return tl::unexpected(created.error());
  }
  WP_RETURN_IF_ERROR(DelegateDemoLeader(svc, system));
  return LoadDemoReports(svc, clock, 2012, out);
}

// Writes the audit chain's head to the anchor file (AuditLog::AnchorHead) and a line to the log
// at start, every second the log moved on, and at stop. A failure is logged once until it
// changes (a conflict — the log cut below what the file recorded — stays until someone looks).
class AnchorWriter {
 public:
  explicit AnchorWriter(service::AuditLog& audit) : audit_(audit) {
    if (audit_.anchor_file().empty()) return;
    thread_ = std::thread([this] { Run(); });
  }
  ~AnchorWriter() { Stop(); }

  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (true) {
      lock.unlock();
      Tick();
      lock.lock();
      if (cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; })) break;
    }
    lock.unlock();
    Tick();  // the head at stop
  }

  void Tick() {
    auto r = audit_.AnchorHead();
    if (r) {
      last_failure_.clear();
      if (*r) {
        std::string seq = std::to_string((*r)->seq);
        api::Log(spdlog::level::info, "audit_anchor",
                 {{"seq", seq, true}, {"hash", (*r)->hash}, {"file", audit_.anchor_file()}});
      }
      return;
    }
    const auto& e = r.error();
    if (e.reason == last_failure_) return;
    last_failure_ = e.reason;
    api::Log(spdlog::level::err, "audit_anchor_failed",
             {{"code", e.reason}, {"message", e.message}, {"note", e.internal_note}});
  }

  service::AuditLog& audit_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::string last_failure_;
  std::thread thread_;
};

}  // namespace

int RunServe(const ServeConfig& c, std::ostream& out, std::ostream& err) {
  api::LogOptions log;
  std::string format = c.log_format.empty() ? Env("WORKPLAN_LOG_FORMAT", "text") : c.log_format;
  if (auto f = api::ParseLogFormat(format)) {
    log.format = *f;
  } else {
    return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_log_format",
                                     "Dạng nhật ký không hợp lệ: \"" + format + "\" (text, json)"));
  }
  log.level = Env("WORKPLAN_LOG_LEVEL", "info");
  log.file = c.log_file;
  if (auto s = api::SetUpLogging(log); !s) return Fail(err, s.error());
  std::string listen = c.listen.empty() ? Env("WORKPLAN_LISTEN", "127.0.0.1:8080") : c.listen;
  std::string metrics_listen =
      c.metrics_listen.empty() ? Env("WORKPLAN_METRICS_LISTEN", "") : c.metrics_listen;
  api::ServerOptions options;
  // "host:port" into its parts; false when it is not one.
  auto split = [](const std::string& text, std::string& host, unsigned short& port) {
    auto colon = text.rfind(':');
    try {
      if (colon == std::string::npos) return false;
      int p = std::stoi(text.substr(colon + 1));
      if (p < 0 || p > 65535) return false;
      host = text.substr(0, colon);
      port = static_cast<unsigned short>(p);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  };
  auto bad = [&](const std::string& text) {
    return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_listen_address",
                                     "Địa chỉ lắng nghe không hợp lệ: \"" + text +
                                         "\" (cần dạng 127.0.0.1:8080)"));
  };
  if (!split(listen, options.address, options.port)) return bad(listen);
  if (!metrics_listen.empty() &&
      !split(metrics_listen, options.metrics_address, options.metrics_port)) {
    return bad(metrics_listen);
  }
  try {
    options.threads = c.threads > 0 ? c.threads : std::stoi(Env("WORKPLAN_THREADS", "16"));
  } catch (const std::exception&) {
    return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_threads",
                                     "WORKPLAN_THREADS phải là số luồng"));
  }
  try {
    options.max_connections = c.max_connections >= 0
                                  ? c.max_connections
                                  : std::stoi(Env("WORKPLAN_MAX_CONNECTIONS", "0"));
    options.max_connections_per_client =
        c.max_connections_per_client >= 0
            ? c.max_connections_per_client
            : std::stoi(Env("WORKPLAN_MAX_CONNECTIONS_PER_CLIENT", "128"));
    if (c.header_timeout > 0) options.header_timeout = std::chrono::seconds(c.header_timeout);
    int reads = c.xlsx_reads > 0 ? c.xlsx_reads : std::stoi(Env("WORKPLAN_XLSX_READS", "2"));
    if (options.max_connections < 0 || options.max_connections_per_client < 0 || reads < 1) {
      throw std::out_of_range("negative");
    }
    xport::SetConcurrentReads(reads);
  } catch (const std::exception&) {
    return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_option",
                                     "Giới hạn kết nối hoặc số tệp Excel đọc cùng lúc phải là "
                                     "số nguyên không âm (WORKPLAN_MAX_CONNECTIONS, "
                                     "WORKPLAN_MAX_CONNECTIONS_PER_CLIENT, WORKPLAN_XLSX_READS)"));
  }
  // Each step of the start is logged with the time since the process began it, so a start that
  // is slow (or hangs) says where: the database, the demo's load, or the listener.
  const auto started = std::chrono::steady_clock::now();
  auto phase = [&](const char* name) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    api::Log(spdlog::level::info, "startup", {{"phase", name}, {"ms", std::to_string(ms), true}});
    api::FlushLog();
  };
  auto data_dir = FindDataDir(c.db.data_dir, c.db.argv0);
  if (!data_dir) return Fail(err, data_dir.error());
  HeldClock demo_clock;
  phase("open_store");
  bool owns_schema = false;
  auto svc = OpenService(c.db, &demo_clock, &owns_schema);
  if (!svc) return Fail(err, svc.error());
  phase("store_open");
  if (owns_schema) {
    api::Log(spdlog::level::warn, "db_role_owns_schema",
             {{"message",
               "the server's PostgreSQL role owns the tables (or is a superuser): it could "
               "disable the audit log's triggers; run `workplan db migrate --grant-to ROLE` as "
               "the owner and serve as ROLE (README, install)"}});
  }
  if (!Env("WORKPLAN_CLOCK_FILE", "").empty()) {
    err << "Cảnh báo: đồng hồ diễn tập (WORKPLAN_CLOCK_FILE) đang thay đồng hồ hệ thống; hôm nay "
           "là "
        << (*svc)->services().time.Today().ToVietnamese() << "\n";
  }
  if (c.demo) {
    out << "Dữ liệu mẫu:\n";
    if (auto s = LoadDemo((*svc)->services(), demo_clock, *data_dir, out); !s)
      return Fail(err, s.error());
    phase("demo_loaded");
  }
  api::ApiOptions api_options;
  api_options.static_dir = c.static_dir.empty() ? Env("WORKPLAN_STATIC_DIR",
                                                      (*data_dir / ".." / "web" / "dist").string())
                                                : c.static_dir;
  api_options.secure_cookies = c.cookie_secure || Env("WORKPLAN_COOKIE_SECURE", "0") == "1";
  api_options.trusted_proxies = c.trusted_proxies;
  if (api_options.trusted_proxies.empty()) {
    std::string list = Env("WORKPLAN_TRUSTED_PROXIES", "");
    for (size_t at = 0; at < list.size();) {
      size_t end = std::min(list.find(',', at), list.size());
      std::string one = list.substr(at, end - at);
      one.erase(0, one.find_first_not_of(' '));
      one.erase(one.find_last_not_of(' ') + 1);
      if (!one.empty()) api_options.trusted_proxies.push_back(one);
      at = end + 1;
    }
  }
  // Issue 20: what /readyz checks beyond the database (the engines, the data directory's disk)
  // and the scheduled backups (backup_command).
  std::atomic<int64_t> engines_loaded_at{0};
  api::HealthOptions health;
  health.engines_loaded_at = &engines_loaded_at;
  {
    std::string url = DbUrl(c.db);
    std::string file = url.starts_with("sqlite:") ? url.substr(7) : AnchorFile(c.db, url);
    if (file.starts_with("//")) file = file.substr(2);
    fs::path dir = file == ":memory:" ? fs::path() : fs::path(file).parent_path();
    health.data_dir = dir.empty() ? "." : dir.string();
    std::string mb =
        c.min_free_mb >= 0 ? std::to_string(c.min_free_mb) : Env("WORKPLAN_MIN_FREE_MB", "256");
    if (mb.empty() || mb.size() > 12 || mb.find_first_not_of("0123456789") != std::string::npos) {
      return Fail(err,
                  core::MakeError(core::ErrorCode::kInvalidArgument, "bad_min_free",
                                  "Ngưỡng dung lượng trống không hợp lệ: \"" + mb + "\" (MiB)"));
    }
    health.min_free_bytes = std::stoull(mb) << 20;
    health.probe_write =
        url.starts_with("postgresql://") || url.starts_with("postgres://")
            ? std::function<core::Status()>([url] { return store::PostgresProbeWrite(url); })
            : [file] { return store::SqliteProbeWrite(file); };
  }
  std::unique_ptr<BackupScheduler> backups;
  if (std::string dir = c.backup_dir.empty() ? Env("WORKPLAN_BACKUP_DIR", "") : c.backup_dir;
      !dir.empty()) {
    auto every = ParseInterval(c.backup_every.empty() ? Env("WORKPLAN_BACKUP_EVERY", "24h")
                                                      : c.backup_every);
    if (!every) return Fail(err, every.error());
    std::string keep =
        c.backup_keep > 0 ? std::to_string(c.backup_keep) : Env("WORKPLAN_BACKUP_KEEP", "14");
    if (keep.empty() || keep.size() > 6 ||
        keep.find_first_not_of("0123456789") != std::string::npos || std::stoi(keep) < 1) {
      return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_backup_keep",
                                       "Số bản sao lưu giữ lại không hợp lệ: \"" + keep + "\""));
    }
    backups = std::make_unique<BackupScheduler>(c.db, dir, *every, std::stoi(keep));
    health.more_metrics = [&backups] { return backups->MetricsText(); };
    api::Log(spdlog::level::info, "backup_schedule",
             {{"dir", dir},
              {"every_seconds", std::to_string(every->count()), true},
              {"keep", keep, true}});
  }
  api::ConfigureHealth(std::move(health));
  // The checks refer to this function's locals: forgotten when it returns.
  struct ForgetHealth {
    ~ForgetHealth() { api::ConfigureHealth({}); }
  } forget_health;
  api::Api api((*svc)->services(), api_options);
  phase("routes_built");
  // The banner and the warm-up's line are written by two threads at once: each is composed whole
  // and written under `print_mu`, or a line could be cut by the other's ("http://Số liệu …"), and
  // whoever waits for the address (a test, a supervisor) would never read it.
  std::mutex print_mu;
  auto print = [&](std::ostream& to, const std::string& text) {
    std::lock_guard lock(print_mu);
    to << text << std::flush;
  };
  options.on_listening = [&](const std::string& address, unsigned short port) {
    phase("listening");
    std::ostringstream banner;
    banner << "workplan đang chạy: http://" << address << ":" << port << "/\n";
    if (c.demo) {
      banner << "Tài khoản mẫu (mật khẩu chung: " << kDemoPassword << "):\n";
      for (const auto& a : kDemoAccounts) {
        banner << "  " << a.username
               << std::string(16 - std::min<size_t>(15, strlen(a.username)), ' ')
               << domain::RoleName(a.role)
               << std::string(10 - strlen(domain::RoleName(a.role)), ' ') << a.display_name << "\n";
      }
    }
    banner << "Dừng: Ctrl+C\n";
    print(out, banner.str());
  };
  options.on_metrics_listening = [&](const std::string& address, unsigned short port) {
    print(out, "Số liệu vận hành (không cần đăng nhập): http://" + address + ":" +
                   std::to_string(port) + "/metrics\n");
  };
  // The other servers' writes on the same database are followed from the change stored last
  // now, before the engines read the store (issue 20).
  if (auto s = (*svc)->services().changes.Start(); !s) return Fail(err, s.error());
  // The current programs' analytics engines load from the store while the server starts
  // listening; a dashboard asked meanwhile waits for its engine.
  std::thread warm([&] {
    const auto t0 = std::chrono::steady_clock::now();
    auto w = (*svc)->services().figures.WarmAnalytics();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::ostringstream line;
    engines_loaded_at = w ? std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count()
                          : -1;
    if (w) {
      line << "Số liệu tổng hợp đã nạp: " << w->programs << " chương trình, " << w->values
           << " ô trong " << std::fixed << std::setprecision(2) << seconds << " giây (bộ nhớ "
           << core::ProcessMemoryKib("VmRSS:") / 1024 << " MiB)\n";
      print(out, line.str());
    } else {
      line << "Cảnh báo: chưa nạp được số liệu tổng hợp (sẽ nạp khi được hỏi): "
           << FormatError(w.error()) << "\n";
      print(err, line.str());
    }
  });
  AnchorWriter anchor((*svc)->services().audit);
  auto served = api::Serve(api, options);
  (*svc)->services().changes.Stop();
  anchor.Stop();
  warm.join();
  api::FlushLog();
  if (!served) return Fail(err, served.error());
  out << "workplan đã dừng.\n";
  return 0;
}

int RunUserAdd(const DbConfig& db, const std::string& username, const std::string& role,
               const std::string& unit, const std::string& display_name, const std::string& title,
               std::istream& in, std::ostream& out, std::ostream& err) {
  auto r = domain::ParseRole(role);
  if (!r) {
    return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_role",
                                     "Vai trò không hợp lệ: \"" + role +
                                         "\" (admin, planner, editor, approver, viewer, leader)"));
  }
  std::string password;
  std::getline(in, password);
  while (!password.empty() && (password.back() == '\r' || password.back() == '\n'))
    password.pop_back();
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  service::NewUser u{username, display_name, *r, unit, password, title};
  auto created =
      (*svc)->services().accounts.CreateUser(service::SystemPrincipal("cli:" + OsUser()), u);
  if (!created) return Fail(err, created.error());
  out << "Đã tạo tài khoản " << created->username << " (#" << created->id << ", "
      << domain::RoleName(created->role);
  if (created->unit) out << ", " << created->unit_name;
  if (!created->title.empty()) out << ", " << created->title;
  out << ")\n";
  return 0;
}

int RunUser(const DbConfig& db, const UserCommand& c, std::ostream& out, std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto& accounts = (*svc)->services().accounts;
  const auto by = service::SystemPrincipal("cli:" + OsUser());
  auto line = [&](const service::UserView& u) {
    out << "#" << u.id << "  " << u.username << "  " << domain::RoleName(u.role)
        << (u.title.empty() ? "" : " (" + u.title + ")") << "  " << (u.unit ? u.unit_code : "-")
        << "  " << (u.active ? "hoạt động" : "đã khóa") << "  " << u.display_name << "\n";
  };
  if (c.action == "list") {
    auto users = accounts.ListUsers(by);
    if (!users) return Fail(err, users.error());
    for (const auto& u : *users) line(u);
    return 0;
  }
  if (c.action == "reset-password") {
    auto issued = accounts.IssuePasswordReset(by, c.name);
    if (!issued) return Fail(err, issued.error());
    out << "Mã đặt lại mật khẩu (một lần, đến " << issued->expires_at << " UTC): " << issued->code
        << "\nNhập tại /reset?code=" << issued->code << "\n";
    return 0;
  }
  core::Result<service::UserView> user = tl::unexpected(core::Error{});
  if (c.action == "edit") {
    service::UserEdit edit;
    if (c.role_given) {
      auto r = domain::ParseRole(c.role);
      if (!r) {
        return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_role",
                                         "Vai trò không hợp lệ: \"" + c.role +
                                             "\" (admin, planner, editor, approver, viewer, "
                                             "leader)"));
      }
      edit.role = *r;
    }
    if (c.unit_given) edit.unit = c.unit;
    if (c.display_name_given) edit.display_name = c.display_name;
    if (c.title_given) edit.title = c.title;
    user = accounts.EditUser(by, c.name, edit);
  } else {
    user = accounts.SetActive(by, c.name, c.action == "activate");
  }
  if (!user) return Fail(err, user.error());
  line(*user);
  return 0;
}

int RunAmendments(const DbConfig& db, const AmendmentsCommand& c, std::ostream& out,
                  std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto& amendments = (*svc)->services().amendments;
  const auto by = service::SystemPrincipal("cli:" + OsUser());
  auto line = [&](const service::AmendmentView& a) {
    out << "#" << a.id << "  " << domain::AmendmentStatusName(a.status) << "  v" << a.version
        << "  " << a.unit_code << "  từ " << a.effective_from.ToIso() << "  " << a.reason << "\n";
    for (const auto& ch : a.changes) {
      out << "    " << ch.label << ": " << (ch.change.before.empty() ? "-" : ch.change.before)
          << " → " << ch.change.after << "\n";
    }
  };
  if (c.action == "list") {
    service::AmendmentListFilter f;
    if (!c.status.empty()) {
      f.status = domain::ParseAmendmentStatus(c.status);
      if (!f.status) {
        return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_status",
                                         "Trạng thái không hợp lệ: \"" + c.status + "\""));
      }
    }
    auto list = amendments.List(by, c.program, f);
    if (!list) return Fail(err, list.error());
    for (const auto& a : *list) line(a);
    if (list->empty()) out << "Chưa có đề nghị điều chỉnh nào.\n";
    return 0;
  }
  auto current = amendments.Get(by, c.id);
  if (!current) return Fail(err, current.error());
  if (current->program_id != c.program) {
    return Fail(err,
                core::MakeError(core::ErrorCode::kNotFound, "amendment_not_found",
                                "Đề nghị #" + std::to_string(c.id) + " không thuộc chương trình #" +
                                    std::to_string(c.program)));
  }
  auto done = amendments.Act(by, c.id, c.version > 0 ? c.version : current->version,
                             domain::AmendmentAction::kForward, c.comment, "");
  if (!done) return Fail(err, done.error());
  out << "Đã chuyển Lãnh đạo Bộ: ";
  line(*done);
  return 0;
}

int RunImport(const DbConfig& db, const std::string& file, bool replace_draft, bool publish,
              std::istream& in, std::ostream& out, std::ostream& err) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    std::ifstream f(file, std::ios::binary);
    if (!f) {
      return Fail(err, core::MakeError(core::ErrorCode::kNotFound, "file_not_found",
                                       "Không mở được tệp \"" + file + "\""));
    }
    text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  // A .docx or PDF is read into the text the parser reads (read::Extract, a PDF in a child
  // process) and kept as it came, as the API's import keeps it.
  if (auto form = read::Sniff(text); !form) return Fail(err, form.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto who = service::SystemPrincipal("cli:" + OsUser());
  auto r = (*svc)->services().programs.ImportProgramFile(
      who, text, "", fs::path(file).filename().string(),
      replace_draft ? service::ImportMode::kReplaceDraft : service::ImportMode::kNew);
  if (!r) return Fail(err, r.error());
  out << (r->replaced ? "Đã thay bản nháp: " : "Đã nhập: ") << "chương trình #" << r->id;
  if (r->number) out << " (Quyết định số " << *r->number << ")";
  out << " — " << r->sections << " mục, " << r->targets << " chỉ tiêu, " << r->budgets
      << " khoản kinh phí, " << r->deadlines << " thời hạn; " << r->unresolved_units
      << " tên đơn vị chưa đọc được, " << r->diagnostics << " cảnh báo\n";
  if (publish) {
    if (auto s = (*svc)->services().programs.PublishProgram(who, r->id); !s)
      return Fail(err, s.error());
    out << "Đã ban hành chính thức chương trình #" << r->id << "\n";
  }
  return 0;
}

int RunPublish(const DbConfig& db, long long id, std::ostream& out, std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  if (auto s = (*svc)->services().programs.PublishProgram(
          service::SystemPrincipal("cli:" + OsUser()), id);
      !s)
    return Fail(err, s.error());
  out << "Đã ban hành chính thức chương trình #" << id << "\n";
  return 0;
}

int RunAuditVerify(const DbConfig& db, const std::string& anchor_file, std::ostream& out,
                   std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  svc->get_deleter().anchor = false;  // a verification reads; it does not anchor
  auto& audit = (*svc)->services().audit;
  auto v = anchor_file.empty() ? audit.VerifyAudit() : audit.VerifyAudit(anchor_file);
  if (!v) return Fail(err, v.error());
  if (!v->ok()) {
    err << "lỗi [audit_broken]: nhật ký kiểm toán không toàn vẹn (" << v->problems.size()
        << " vấn đề)\n";
    for (const auto& p : v->problems) err << "  [" << p.code << "] " << p.message << "\n";
    return 1;
  }
  out << "Nhật ký toàn vẹn: " << v->entries << " mục nối chuỗi băm đúng; " << v->programs_checked
      << " chương trình, " << v->users_checked << " tài khoản và " << v->reports_checked
      << " báo cáo khớp với nhật ký\n";
  if (v->anchor_file) {
    out << "  mốc neo " << *v->anchor_file << ": "
        << (v->anchor_records > 0 ? std::to_string(v->anchor_records) + " bản ghi, khớp với nhật ký"
                                  : std::string("chưa có bản ghi nào"))
        << "\n";
  }
  if (v->documents_checked > 0) {
    out << "  " << v->documents_checked << " văn bản (báo cáo tổng hợp, báo cáo đơn vị) khớp với "
        << "nhật ký\n";
  }
  if (v->amendments_checked > 0 || v->versions_checked > 0) {
    out << "  " << v->amendments_checked << " đề nghị điều chỉnh và " << v->versions_checked
        << " phiên bản chương trình khớp với nhật ký\n";
  }
  if (v->unit_programs_checked > 0) {
    out << "  " << v->unit_programs_checked
        << " chương trình công tác của đơn vị và mọi phiên bản của chúng khớp với nhật ký\n";
  }
  if (v->reports_bulk_loaded > 0) {
    out << "  " << v->reports_bulk_loaded
        << " báo cáo ghi lần cuối bằng nạp hàng loạt: nhật ký chỉ ghi tên, không kiểm từng "
           "báo cáo\n";
  }
  if (v->reports_generated > 0) {
    out << "  " << v->reports_generated
        << " báo cáo do gen-data tạo và chưa sửa từ đó: không kiểm từng báo cáo\n";
  }
  if (v->reports_unrecorded > 0) {
    out << "  " << v->reports_unrecorded
        << " báo cáo ghi lần cuối trước khi nhật ký ghi dấu vân tay báo cáo: không kiểm được\n";
  }
  return 0;
}

int RunDbMigrate(const DbConfig& db, const std::string& grant_to, std::ostream& out,
                 std::ostream& err) {
  auto store = store::OpenStore(DbUrl(db));  // applies the missing migrations
  if (!store) return Fail(err, store.error());
  out << "Lược đồ cơ sở dữ liệu đã đủ các bản nâng cấp\n";
  if (grant_to.empty()) return 0;
  if (auto s = (*store)->GrantServerRole(grant_to); !s) return Fail(err, s.error());
  out << "Đã cấp cho vai trò " << grant_to
      << " quyền đọc và ghi dữ liệu, chỉ thêm vào nhật ký kiểm toán; vai trò này không sở hữu "
         "bảng nào (không sửa được lược đồ, không tắt được trigger). Chạy máy chủ bằng vai trò "
         "này.\n";
  return 0;
}

namespace {

// Writes `bytes` to `path` and says so ("Đã ghi <what> <path> (N byte)"); 1 when it cannot.
int WriteFile(const std::string& path, const std::string& bytes, const char* what,
              std::ostream& out, std::ostream& err) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  if (!f.flush()) {
    return Fail(err, core::MakeError(core::ErrorCode::kUnavailable, "write_failed",
                                     "Không ghi được tệp \"" + path + "\""));
  }
  out << "Đã ghi " << what << " " << path << " (" << bytes.size() << " byte)\n";
  return 0;
}

core::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return core::Fail(core::ErrorCode::kNotFound, "file_not_found",
                      "Không mở được tệp \"" + path + "\"");
  }
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

}  // namespace

int RunReportsDue(const DbConfig& db, const ReportsQuery& q, std::ostream& out, std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto who = service::SystemPrincipal("cli:" + OsUser());
  std::optional<service::DueState> state;
  if (!q.state.empty()) {
    state = service::ParseDueState(q.state);
    if (!state) {
      return Fail(err,
                  core::MakeError(core::ErrorCode::kInvalidArgument, "bad_parameter",
                                  "Tham số --state phải là một trong " + service::DueStateNames() +
                                      ", không phải \"" + q.state + "\""));
    }
  }
  service::DueFilter f;
  if (!q.period.empty()) f.period = q.period;
  if (!q.obligation.empty()) f.obligation = q.obligation;
  if (!q.unit.empty()) {
    auto u = (*svc)->services().org.FindUnit(q.unit, (*svc)->services().time.Today());
    if (!u) return Fail(err, u.error());
    f.unit = (*u)->id;
  }
  auto due = (*svc)->services().reporting.DueReports(who, q.program, f);
  if (!due) return Fail(err, due.error());
  size_t shown = 0;
  for (const auto& d : *due) {
    if (state && *state != d.state) continue;
    const auto* u = (*svc)->services().org.registry().Find(d.expected.unit);
    out << d.expected.due.ToIso() << "  " << d.expected.obligation << "  "
        << d.expected.period.Key() << "  " << (u ? u->code : "?") << "  "
        << service::DueStateName(d.state) << (d.late ? " (trễ hạn)" : "") << "  "
        << (u ? u->name : "") << "  " << d.obligation_name << "\n";
    ++shown;
  }
  out << shown << " báo cáo\n";
  return 0;
}

int RunReportForm(const DbConfig& db, const ReportsQuery& q, const std::string& path,
                  std::ostream& out, std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto who = service::SystemPrincipal("cli:" + OsUser());
  auto unit = (*svc)->services().org.FindUnit(q.unit, (*svc)->services().time.Today());
  if (!unit) return Fail(err, unit.error());
  auto bytes = (*svc)->services().files.ReportWorkbook(
      who, {q.program, q.obligation, q.period, (*unit)->id});
  if (!bytes) return Fail(err, bytes.error());
  return WriteFile(path, *bytes, "biểu mẫu", out, err);
}

int RunReportSubmit(const DbConfig& db, const std::string& path, bool save_only, std::ostream& out,
                    std::ostream& err) {
  auto bytes = ReadFile(path);
  if (!bytes) return Fail(err, bytes.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto form = (*svc)->services().files.UploadReportWorkbook(
      service::SystemPrincipal("cli:" + OsUser()), *bytes,
      save_only ? domain::ReportAction::kSave : domain::ReportAction::kSubmit);
  if (!form) return Fail(err, form.error());
  out << (save_only ? "Đã lưu" : "Đã gửi") << " báo cáo #" << form->report->id << " ("
      << form->unit->name << ", " << form->period.Label() << "), phiên bản "
      << form->report->version << (form->late ? ", trễ hạn" : "") << "\n";
  for (const auto& w : form->warnings) out << "  cần kiểm tra: " << w.message << "\n";
  return 0;
}

int RunReportCheck(const DbConfig& db, const std::string& path, bool save_only, std::ostream& out,
                   std::ostream& err) {
  auto bytes = ReadFile(path);
  if (!bytes) return Fail(err, bytes.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto check = (*svc)->services().files.CheckReportWorkbook(
      service::SystemPrincipal("cli:" + OsUser()), *bytes,
      save_only ? domain::ReportAction::kSave : domain::ReportAction::kSubmit);
  if (!check) return Fail(err, check.error());
  const auto& form = check->form;
  std::string what = form.unit->name + ", " + form.period.Label() + ", phiên bản " +
                     std::to_string(form.version());
  if (!check->ok()) {
    auto e = core::MakeError(core::ErrorCode::kInvalidArgument, "xlsx_cells_invalid",
                             "Biểu mẫu (" + what + ") có ô sẽ bị từ chối khi " +
                                 (save_only ? "lưu" : "gửi") + "; chưa lưu gì.");
    for (const auto& p : check->problems) {
      if (p.severity == domain::ProblemSeverity::kError) e.details.push_back({p.field, p.message});
    }
    return Fail(err, e);
  }
  out << "Biểu mẫu hợp lệ (" << what << "): " << (save_only ? "lưu" : "gửi")
      << " được; chưa lưu gì.\n";
  for (const auto& p : check->problems) {
    out << "  cần kiểm tra: " << p.field << ": " << p.message << "\n";
  }
  return 0;
}

int RunGenData(const DbConfig& db, const std::string& scale, unsigned long long seed,
               const std::string& summary_path, std::ostream& out, std::ostream& err) {
  if (scale.size() != 1 || std::string_view("SML").find(scale[0]) == std::string_view::npos) {
    return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_scale",
                                     "Quy mô không hợp lệ: \"" + scale + "\" (S, M hoặc L)"));
  }
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  const auto t0 = std::chrono::steady_clock::now();
  auto r = (*svc)->services().gen_data.GenerateData(service::SystemPrincipal("cli:" + OsUser()),
                                                    {scale[0], seed});
  if (!r) return Fail(err, r.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out << "Đã sinh dữ liệu mẫu quy mô " << scale << " (hạt giống " << seed
      << "): " << r->counts.units << " đơn vị, " << r->counts.programs << " chương trình, "
      << r->counts.reports << " báo cáo (" << r->approved_reports << " đã duyệt, "
      << r->pending_reports << " chờ duyệt, " << r->late_reports << " trễ hạn; "
      << r->missing_reports << " không gửi), " << r->counts.values << " số liệu trong "
      << std::fixed << std::setprecision(1) << seconds << " giây\n";
  if (!summary_path.empty()) {
    nlohmann::json j;
    j["scale"] = scale;
    j["seed"] = seed;
    j["units"] = r->counts.units;
    j["programs"] = r->programs;
    j["reports"] = r->counts.reports;
    j["values"] = r->counts.values;
    j["approved_reports"] = r->approved_reports;
    j["pending_reports"] = r->pending_reports;
    j["late_reports"] = r->late_reports;
    j["missing_reports"] = r->missing_reports;
    j["latest_year"] = r->latest_year;
    nlohmann::json current = nlohmann::json::object();
    for (const auto& [target, value] : r->latest_current) current[std::to_string(target)] = value;
    j["latest_current"] = current;
    std::ofstream f(summary_path);
    f << j.dump(1) << "\n";
    if (!f.flush()) {
      return Fail(err, core::MakeError(core::ErrorCode::kUnavailable, "write_failed",
                                       "Không ghi được tệp \"" + summary_path + "\""));
    }
  }
  return 0;
}

int RunValuesImport(const DbConfig& db, long long program, const std::string& path,
                    std::ostream& out, std::ostream& err) {
  auto text = ReadFile(path);
  if (!text) return Fail(err, text.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto rows = (*svc)->services().files.ParseBulkCsv(*text);
  if (!rows) return Fail(err, rows.error());
  auto n = (*svc)->services().reporting.BulkLoadValues(service::SystemPrincipal("cli:" + OsUser()),
                                                       program, *rows);
  if (!n) return Fail(err, n.error());
  out << "Đã nạp " << *n << " số liệu vào chương trình #" << program << "\n";
  return 0;
}

namespace {

// "--as-of" as a date; nullopt when not given; kInvalidArgument ("bad_date") when unreadable.
core::Result<std::optional<core::CivilDate>> AsOf(const std::string& text) {
  if (text.empty()) return std::optional<core::CivilDate>();
  auto d = core::ParseIsoDate(text);
  if (!d) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_date",
                      "Ngày \"" + text + "\" không hợp lệ (viết YYYY-MM-DD)");
  }
  return std::optional<core::CivilDate>(*d);
}

std::string Percent(double share) {  // 0.0123 → "1,2%"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  std::string s = buf;
  for (char& c : s) c = c == '.' ? ',' : c;
  return s;
}

std::string UnitLabel(const service::Services& svc, domain::OrgUnitId id) {
  const auto* u = svc.org.registry().Find(id);
  return u ? u->code + " " + u->name : "#" + std::to_string(id);
}

}  // namespace

int RunReportAct(const DbConfig& db, long long report, long long version, const std::string& action,
                 const std::string& comment, std::ostream& out, std::ostream& err) {
  using domain::ReportAction;
  std::optional<ReportAction> a = action == "approve"  ? ReportAction::kApprove
                                  : action == "return" ? ReportAction::kReturn
                                  : action == "reopen" ? ReportAction::kReopen
                                                       : std::optional<ReportAction>();
  if (!a) {
    return Fail(err, core::MakeError(core::ErrorCode::kInvalidArgument, "bad_action",
                                     "Thao tác là approve, return hoặc reopen"));
  }
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto form = (*svc)->services().reporting.ActOnReport(service::SystemPrincipal("cli:" + OsUser()),
                                                       report, version, *a, comment);
  if (!form) return Fail(err, form.error());
  const char* done = *a == ReportAction::kApprove  ? "Đã duyệt"
                     : *a == ReportAction::kReturn ? "Đã trả lại"
                                                   : "Đã mở lại";
  out << done << " báo cáo #" << form->report->id << " (" << form->unit->name << ", "
      << form->period.Label() << "), phiên bản " << form->report->version << "\n";
  return 0;
}

int RunReportsTimeliness(const DbConfig& db, long long program, const std::string& period,
                         const std::string& as_of, bool by_unit, std::ostream& out,
                         std::ostream& err) {
  auto at = AsOf(as_of);
  if (!at) return Fail(err, at.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto sum = (*svc)->services().reporting.Timeliness(
      service::SystemPrincipal("cli:" + OsUser()), program,
      period.empty() ? std::nullopt : std::optional(period), *at);
  if (!sum) return Fail(err, sum.error());
  auto line = [&](const service::TimelinessCounts& c) {
    out << "phải gửi " << c.expected << ", đã nhận " << c.received << " (đúng hạn " << c.on_time
        << ", trễ " << c.late << "), quá hạn chưa gửi " << c.missing << ", chưa đến hạn "
        << c.pending << ", đã duyệt " << c.approved << ", bị trả lại " << c.returned << "; đầy đủ "
        << Percent(c.completeness()) << ", đúng hạn " << Percent(c.timeliness()) << "\n";
  };
  out << "Tại ngày " << sum->as_of.ToIso() << ": ";
  line(sum->total);
  for (const auto& r : sum->by_period) {
    out << "  " << r.obligation << "  " << r.period << "  hạn " << r.due.ToIso() << "  ";
    line(r.counts);
  }
  if (by_unit) {
    for (const auto& r : sum->by_unit) {
      out << "  " << (r.unit ? UnitLabel((*svc)->services(), *r.unit) : "?") << "  ";
      line(r.counts);
    }
  }
  return 0;
}

int RunReportsOverdueTasks(const DbConfig& db, long long program, const std::string& as_of,
                           std::ostream& out, std::ostream& err) {
  auto at = AsOf(as_of);
  if (!at) return Fail(err, at.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto tasks = (*svc)->services().figures.OverdueTasks(service::SystemPrincipal("cli:" + OsUser()),
                                                       program, *at);
  if (!tasks) return Fail(err, tasks.error());
  for (const auto& t : *tasks) {
    out << (t.deadline && t.deadline->due ? t.deadline->due->ToIso() : "?") << "  " << t.task_id
        << "  " << UnitLabel((*svc)->services(), t.unit) << "  "
        << (t.status ? domain::TaskStatusLabel(*t.status) : "chưa báo cáo") << "\n";
  }
  out << tasks->size() << " nhiệm vụ quá hạn\n";
  return 0;
}

int RunAllocationsImport(const DbConfig& db, long long program, const std::string& path,
                         std::ostream& out, std::ostream& err) {
  auto bytes = ReadFile(path);
  if (!bytes) return Fail(err, bytes.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  // A workbook is a zip archive ("PK"); anything else is read as CSV.
  auto rows = bytes->starts_with("PK") ? (*svc)->services().files.ParseAllocationXlsx(*bytes)
                                       : (*svc)->services().files.ParseAllocationCsv(*bytes);
  if (!rows) return Fail(err, rows.error());
  auto view = (*svc)->services().reporting.ReplaceAllocations(
      service::SystemPrincipal("cli:" + OsUser()), program, *rows);
  if (!view) return Fail(err, view.error());
  out << "Đã giao " << rows->size() << " phần chỉ tiêu; chương trình #" << program << " có "
      << view->rows.size() << " phần\n";
  for (const auto& c : view->checks) {
    if (!c.warning.empty()) out << "  chỉ tiêu #" << c.target_id << ": " << c.warning << "\n";
  }
  return 0;
}

int RunAllocationsExport(const DbConfig& db, long long program, const std::string& path,
                         std::ostream& out, std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto bytes = (*svc)->services().files.AllocationWorkbook(
      service::SystemPrincipal("cli:" + OsUser()), program);
  if (!bytes) return Fail(err, bytes.error());
  return WriteFile(path, *bytes, "bảng giao chỉ tiêu", out, err);
}

int RunReportsDigest(const DbConfig& db, long long program, const std::string& as_of,
                     int horizon_days, std::ostream& out, std::ostream& err) {
  auto at = AsOf(as_of);
  if (!at) return Fail(err, at.error());
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto r = (*svc)->services().reporting.RunDigest(service::SystemPrincipal("cli:" + OsUser()),
                                                  program, *at, horizon_days);
  if (!r) return Fail(err, r.error());
  out << "Đã xếp " << r->queued << " thư nhắc vào hộp thư đi (" << r->units
      << " đơn vị có báo cáo sắp đến hạn hoặc quá hạn)\n";
  return 0;
}

int RunOutboxList(const DbConfig& db, bool pending_only, std::ostream& out, std::ostream& err) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  auto messages = (*svc)->services().reporting.Outbox(service::SystemPrincipal("cli:" + OsUser()),
                                                      pending_only, 1000);
  if (!messages) return Fail(err, messages.error());
  for (const auto& m : *messages) {
    out << "#" << m.id << "  " << m.created_at << "  " << UnitLabel((*svc)->services(), m.unit_id)
        << "  " << (m.sent_at ? "đã gửi " + *m.sent_at : std::string("chờ gửi")) << "  "
        << m.subject << "\n";
  }
  out << messages->size() << " thư\n";
  return 0;
}

// What the commands of other files (document_command.cpp) need of these: the services opened
// as every database command opens them (what they write anchored on close), the command line's
// principal, the error and file helpers.
int WithServices(
    const DbConfig& db, std::ostream& err,
    const std::function<int(const service::Services&, const domain::Principal&)>& body) {
  auto svc = OpenService(db);
  if (!svc) return Fail(err, svc.error());
  return body((*svc)->services(), service::SystemPrincipal("cli:" + OsUser()));
}
int CommandFail(std::ostream& err, const core::Error& e) { return Fail(err, e); }
int CommandWriteFile(const std::string& path, const std::string& bytes, const char* what,
                     std::ostream& out, std::ostream& err) {
  return WriteFile(path, bytes, what, out, err);
}

}  // namespace wp::app
