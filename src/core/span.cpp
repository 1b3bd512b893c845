#include "core/span.hpp"

#include <array>

#include "core/enum_names.hpp"

namespace wp::core {

namespace {
constexpr std::array kSeverityNames{"info", "warning", "error"};
}  // namespace

const char* SeverityName(Severity s) { return NameIn(kSeverityNames, s); }

std::optional<Severity> ParseSeverity(std::string_view s) {
  return ValueIn<Severity>(kSeverityNames, s);
}

}  // namespace wp::core
