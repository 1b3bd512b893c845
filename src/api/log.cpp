#include "api/log.hpp"

#include <atomic>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/json_text.hpp"

namespace wp::api {
namespace {

std::atomic<LogFormat> format{LogFormat::kText};

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
    try {
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file);
    } catch (const spdlog::spdlog_ex& e) {
      auto error = core::MakeError(core::ErrorCode::kUnavailable, "log_file",
                                   "Không mở được tệp nhật ký " + options.file);
      error.internal_note = e.what();
      return tl::unexpected(error);
    }
  }
  if (!sink) sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("workplan", std::move(sink));
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);  // a line is on disk when the request is answered
  format = options.format;
  // The time in UTC with milliseconds, then the level; JSON lines put the fields after them.
  logger->set_pattern(options.format == LogFormat::kJson
                          ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})"
                          : "%Y-%m-%dT%H:%M:%S.%eZ %l %v",
                      spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(std::move(logger));
  return {};
}

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
