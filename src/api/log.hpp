#pragma once
// The server's log (spdlog): lines of an event name and fields, written as text
// (`2026-12-07T09:40:01.123Z info access method=GET …`) or as one JSON object per line, to
// stderr or a file. Callers pass only what may be logged: never a password or a token.

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/common.h>

#include "core/error.hpp"

namespace spdlog::sinks {
class sink;
}

namespace wp::api {

enum class LogFormat { kText, kJson };

// "text" or "json"; nullopt otherwise.
std::optional<LogFormat> ParseLogFormat(std::string_view name);

struct LogOptions {
  LogFormat format = LogFormat::kText;
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
  std::string file;            // "": stderr
};

// Makes the process's logger write `options`' lines, to `sink` when one is given (tests).
// Lines below a warning are written in blocks, within a second (FlushLog writes them now).
// kInvalidArgument ("bad_log_level") for an unknown level, kUnavailable ("log_file") when the
// file cannot be opened for appending.
core::Status SetUpLogging(const LogOptions& options,
                          std::shared_ptr<spdlog::sinks::sink> sink = nullptr);

// Writes the lines still held (at the end of a command or of the server).
void FlushLog();

// One field of a line: a string (quoted as needed) or a number written as it is.
struct LogField {
  std::string_view key;
  std::string_view value;
  bool number = false;
};

// Writes `event` with `fields` at `level`.
void Log(spdlog::level::level_enum level, std::string_view event,
         std::initializer_list<LogField> fields);

}  // namespace wp::api
