#include "core/error.hpp"

#include <array>

#include "core/enum_names.hpp"

namespace wp::core {

namespace {
constexpr std::array kCodeNames{"invalid_argument",    "unauthenticated", "permission_denied",
                                "not_found",           "already_exists",  "aborted",
                                "failed_precondition", "too_large",       "resource_exhausted",
                                "unavailable",         "internal"};
}  // namespace

std::string_view CodeName(ErrorCode code) { return NameIn(kCodeNames, code); }

Error MakeError(ErrorCode code, std::string reason, std::string message) {
  Error e;
  e.code = code;
  e.reason = std::move(reason);
  e.message = std::move(message);
  return e;
}

}  // namespace wp::core
