#include "api/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "core/json_text.hpp"

namespace wp::api {
namespace {

std::atomic<LogFormat> format{LogFormat::kText};

// Lines written to a file descriptor in blocks. spdlog's own stderr sink flushes every line: a
// write(2) per request under the sink's lock, measured at 5 µs of the 70 µs of CPU a cached
// dashboard answer takes. Lines wait for a block, a second at most (flush_every); warnings and
// errors are written at once (flush_on).
class BlockSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  BlockSink(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~BlockSink() override {
    Write();
    if (owned_) ::close(fd_);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    block_.append(line.data(), line.size());
    if (block_.size() >= kBlock) Write();
  }
  void flush_() override { Write(); }

 private:
  static constexpr size_t kBlock = 32 << 10;
  void Write() {
    for (size_t done = 0; done < block_.size();) {
      ssize_t n = ::write(fd_, block_.data() + done, block_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // nowhere to write: the lines are dropped, the server goes on
      done += static_cast<size_t>(n);
    }
    block_.clear();
  }
  int fd_;
  bool owned_;
  std::string block_;
};

// A text value needs quotes when a reader splitting on spaces and '=' would cut it.
bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

core::Status SetUpLogging(const LogOptions& options, std::shared_ptr<spdlog::sinks::sink> sink) {
  auto level = spdlog::level::from_str(options.level);
  // from_str answers "off" for a name it does not know.
  if (level == spdlog::level::off && options.level != "off") {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_log_level",
                      "Mức ghi nhật ký không hợp lệ: \"" + options.level +
                          "\" (trace, debug, info, warn, error, critical, off)");
  }
  if (!sink && !options.file.empty()) {
    int fd = ::open(options.file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
      auto error = core::MakeError(core::ErrorCode::kUnavailable, "log_file",
                                   "Không mở được tệp nhật ký " + options.file);
      error.internal_note = std::strerror(errno);
      return tl::unexpected(error);
    }
    sink = std::make_shared<BlockSink>(fd, true);
  }
  if (!sink) sink = std::make_shared<BlockSink>(STDERR_FILENO, false);
  auto logger = std::make_shared<spdlog::logger>("workplan", std::move(sink));
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  format = options.format;
  // The time in UTC with milliseconds, then the level; JSON lines put the fields after them.
  logger->set_pattern(options.format == LogFormat::kJson
                          ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})"
                          : "%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                      spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(std::move(logger));
  spdlog::flush_every(std::chrono::seconds(1));
  return {};
}

void FlushLog() { spdlog::default_logger_raw()->flush(); }

void Log(spdlog::level::level_enum level, std::string_view event,
         std::initializer_list<LogField> fields) {
  auto* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  std::string line;
  line.reserve(160);
  if (format.load(std::memory_order_relaxed) == LogFormat::kJson) {
    line += "\"event\":";
    core::AppendJsonString(line, event);
    for (const auto& f : fields) {
      line += ',';
      core::AppendJsonString(line, f.key);
      line += ':';
      if (f.number) {
        line += f.value;
      } else {
        core::AppendJsonString(line, f.value);
      }
    }
  } else {
    line += event;
    for (const auto& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      if (!f.number && NeedsQuotes(f.value)) {
        core::AppendJsonString(line, f.value);
      } else {
        line += f.value;
      }
    }
  }
  logger->log(level, std::string_view(line));
}

}  // namespace wp::api
