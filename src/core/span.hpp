#pragma once
// Where something was read from: a place in the original input bytes, plus the line and the
// column a person would see. Every extracted item carries one, so it can be shown beside its
// clause.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wp::core {

struct SourceSpan {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in characters (Unicode code points of the NFC text)
  uint32_t offset = 0;  // byte offset in the original input
  uint32_t length = 0;  // bytes in the original input

  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

enum class Severity { kInfo, kWarning, kError };

const char* SeverityName(Severity s);  // "info", "warning", "error"
std::optional<Severity> ParseSeverity(std::string_view s);

// Something odd or unreadable in an input, reported instead of guessed away.
struct Diagnostic {
  Severity severity = Severity::kWarning;
  std::string code;     // stable snake_case: "duplicate_section_number"
  std::string message;  // readable, Vietnamese
  SourceSpan span;
};

}  // namespace wp::core
