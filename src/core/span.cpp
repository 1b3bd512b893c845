#include "core/span.hpp"

namespace wp::core {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  for (auto v : {Severity::kInfo, Severity::kWarning, Severity::kError}) {
    if (s == SeverityName(v)) return v;
  }
  return std::nullopt;
}

}  // namespace wp::core
