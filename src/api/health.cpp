#include "api/health.hpp"

#include <sys/statvfs.h>

#include <mutex>
#include <sstream>

#include "api/log.hpp"

namespace wp::api {
namespace {

std::mutex& Mu() {
  static std::mutex mu;
  return mu;
}
HealthOptions& Options() {
  static HealthOptions options;
  return options;
}
std::optional<Readiness>& Last() {
  static std::optional<Readiness> last;
  return last;
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void ConfigureHealth(HealthOptions options) {
  std::lock_guard lock(Mu());
  Options() = std::move(options);
  Last().reset();
}

Readiness CheckReadiness(const service::Services& services) {
  std::lock_guard lock(Mu());
  const auto now = std::chrono::steady_clock::now();
  if (Last() && now - Last()->at < std::chrono::seconds(1)) return *Last();
  const HealthOptions& o = Options();
  Readiness r;
  r.at = now;
  if (o.probe_write) {
    auto t0 = std::chrono::steady_clock::now();
    if (auto s = o.probe_write(); !s) {
      Log(spdlog::level::warn, "not_ready",
          {{"code", s.error().reason}, {"note", s.error().internal_note}});
      r.problems.push_back(s.error());
    }
    r.probe_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  if (auto* loaded = o.engines_loaded_at) {
    if (loaded->load() < 0 && services.figures.WarmAnalytics()) loaded->store(UnixNow());
    if (loaded->load() == 0) {
      r.problems.push_back(core::MakeError(core::ErrorCode::kUnavailable, "engines_loading",
                                           "Số liệu tổng hợp đang được nạp"));
    } else if (loaded->load() < 0) {
      r.problems.push_back(core::MakeError(core::ErrorCode::kUnavailable, "engines_not_loaded",
                                           "Chưa nạp được số liệu tổng hợp"));
    }
  }
  if (!o.data_dir.empty()) {
    struct statvfs fs {};
    if (statvfs(o.data_dir.c_str(), &fs) != 0) {
      r.problems.push_back(core::MakeError(core::ErrorCode::kUnavailable, "data_dir_unavailable",
                                           "Không đọc được thư mục dữ liệu " + o.data_dir));
    } else {
      r.free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
      if (*r.free_bytes < o.min_free_bytes) {
        r.problems.push_back(core::MakeError(core::ErrorCode::kUnavailable, "disk_full",
                                             "Ổ đĩa của thư mục dữ liệu " + o.data_dir + " còn " +
                                                 std::to_string(*r.free_bytes >> 20) +
                                                 " MiB trống, dưới ngưỡng " +
                                                 std::to_string(o.min_free_bytes >> 20) + " MiB"));
      }
    }
  }
  Last() = r;
  return r;
}

std::string HealthMetricsText(const service::Services& services) {
  Readiness r = CheckReadiness(services);
  std::atomic<int64_t>* loaded = nullptr;
  std::function<std::string()> more;
  {
    std::lock_guard lock(Mu());
    loaded = Options().engines_loaded_at;
    more = Options().more_metrics;
  }
  std::ostringstream o;
  o << "# HELP workplan_ready 1 when /readyz answers ready.\n"
       "# TYPE workplan_ready gauge\n"
       "workplan_ready "
    << (r.problems.empty() ? 1 : 0)
    << "\n# HELP workplan_db_write_probe_seconds Time of the database's write probe (/readyz: a "
       "write taken and rolled back).\n"
       "# TYPE workplan_db_write_probe_seconds gauge\n"
       "workplan_db_write_probe_seconds "
    << r.probe_seconds << "\n";
  if (r.free_bytes) {
    o << "# HELP workplan_data_dir_free_bytes Free space of the data directory's file system.\n"
         "# TYPE workplan_data_dir_free_bytes gauge\n"
         "workplan_data_dir_free_bytes "
      << *r.free_bytes << "\n";
  }
  if (loaded != nullptr && loaded->load() > 0) {
    o << "# HELP workplan_engines_load_age_seconds Seconds since the analytics engines were "
         "loaded from the database.\n"
         "# TYPE workplan_engines_load_age_seconds gauge\n"
         "workplan_engines_load_age_seconds "
      << UnixNow() - loaded->load() << "\n";
  }
  if (more) o << more();
  return o.str();
}

}  // namespace wp::api
