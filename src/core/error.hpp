#pragma once
// The error vocabulary of workplan: one canonical set of codes (after absl::StatusCode), an
// Error that keeps the message a user may see apart from the note that is only logged, and
// Result<T> (a [[nodiscard]] tl::expected<T, Error>) with the RETURN/ASSIGN macros used to
// propagate it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace wp::core {

enum class ErrorCode {
  kInvalidArgument,     // bad input: unreadable file, invalid UTF-8, malformed value (HTTP 400)
  kUnauthenticated,     // no valid session or token (401)
  kPermissionDenied,    // authenticated but not allowed (403)
  kNotFound,            // the named thing does not exist (404)
  kAlreadyExists,       // creating something that exists (409)
  kAborted,             // stale version, concurrent change (409)
  kFailedPrecondition,  // state forbids the operation, e.g. a closed period (409)
  kTooLarge,            // input above a limit (413)
  kResourceExhausted,   // too many attempts; wait and retry (429)
  kUnavailable,         // a dependency is down; retrying may help (503)
  kInternal,            // a bug or corruption (500)
};

// Stable English name of a code ("invalid_argument").
std::string_view CodeName(ErrorCode code);

// A problem attached to one field or place of the input.
struct ErrorDetail {
  std::string field;    // "line 12", "B7", "targets[3].value"
  std::string message;  // user-facing, Vietnamese
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string reason;   // stable snake_case code a client can switch on: "invalid_utf8"
  std::string message;  // safe to show the user; Vietnamese
  std::vector<ErrorDetail> details;
  std::string internal_note;  // for logs only, never shown to users
};

Error MakeError(ErrorCode code, std::string reason, std::string message);

// A value or the Error that prevented it. [[nodiscard]]: a failure dropped on the floor is a
// bug the compiler finds (a function whose result may be ignored says so with `(void)` at the
// call and a comment why). It is tl::expected and converts from it, so `.map()` and friends,
// and the RETURN/ASSIGN macros below, work as they do on tl::expected.
template <typename T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using tl::expected<T, Error>::expected;
  Result(tl::expected<T, Error> base) : tl::expected<T, Error>(std::move(base)) {}  // NOLINT
};

// Success or the Error of an operation that returns nothing.
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string reason, std::string message) {
  return tl::unexpected<Error>(MakeError(code, std::move(reason), std::move(message)));
}

}  // namespace wp::core

#define WP_CONCAT_INNER_(a, b) a##b
#define WP_CONCAT_(a, b) WP_CONCAT_INNER_(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define WP_RETURN_IF_ERROR(expr)                                  \
  do {                                                            \
    auto&& wp_status_ = (expr);                                   \
    if (!wp_status_) return ::tl::unexpected(wp_status_.error()); \
  } while (0)

// Declares `lhs` from the value of `expr`, or returns its error.
#define WP_ASSIGN_OR_RETURN(lhs, expr)                                 \
  auto WP_CONCAT_(wp_result_, __LINE__) = (expr);                      \
  if (!WP_CONCAT_(wp_result_, __LINE__))                               \
    return ::tl::unexpected(WP_CONCAT_(wp_result_, __LINE__).error()); \
  lhs = std::move(*WP_CONCAT_(wp_result_, __LINE__))
