#include "core/error.hpp"

namespace wp::core {

std::string_view CodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kAborted:
      return "aborted";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kResourceExhausted:
      return "resource_exhausted";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error MakeError(ErrorCode code, std::string reason, std::string message) {
  Error e;
  e.code = code;
  e.reason = std::move(reason);
  e.message = std::move(message);
  return e;
}

}  // namespace wp::core
