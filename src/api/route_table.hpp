#pragma once
// The route table: every endpoint declared once — method, path pattern, who may call it, the
// handler and its OpenAPI operation — from which Api finds a request's handler, answers 404 and
// 405 (with Allow) and writes /api/v1/openapi.json. Patterns are split into segments once;
// finding a route compares segments, with no regex and nothing allocated.

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "core/error.hpp"
#include "domain/access.hpp"

namespace wp::api {

// Who may call a route: anyone, or a signed-in principal (a session cookie with its CSRF token
// on unsafe methods, or a bearer API token).
enum class Access { kPublic, kSignedIn };

// The caller as authentication found it; empty on a public route.
struct Caller {
  domain::Principal who;
  bool via_session = false;
  std::string session_token;
  std::string csrf_token;
  std::string expires_at;  // of the session
};

// What a handler gets besides the request and the principal: the pattern's {parameters} in
// the order the pattern names them, and the caller.
struct Call {
  static constexpr size_t kMaxParams = 4;
  std::array<std::string_view, kMaxParams> path{};
  const Caller* caller = nullptr;
};

using Handler = std::function<core::Result<Response>(
    const Request& req, const domain::Principal& who, const Call& call)>;

// A route that takes a file: the limit of its body and who may send one, both checked from the
// request's headers (Api::Admit) before the body is read, so that a refused upload costs
// nothing but its headers.
struct Upload {
  size_t max_bytes = 8u << 20;
  // OK, or the refusal (kPermissionDenied) of a caller who may never write through this route.
  std::function<core::Status(const domain::Principal&)> may;
};

struct Route {
  std::string method;   // "GET", "POST", …
  std::string pattern;  // "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}"
  Access access = Access::kSignedIn;
  // The OpenAPI operation (summary, parameters, requestBody, responses); the pattern's path
  // parameters it does not describe itself are added from their names (see openapi.cpp).
  nlohmann::ordered_json doc;
  Handler handler;
  // A permission the role must grant, checked before the handler (most checks depend on the
  // caller's unit and are the service's); `denied` is the message when it is missing.
  std::optional<domain::Permission> permission = std::nullopt;
  std::string denied = {};
  std::optional<Upload> upload = std::nullopt;
};

// Sets the permission of the route `method` `pattern` in `routes` (which must have it): for the
// routes whose role check comes before their body is read.
void RequirePermission(std::vector<Route>& routes, std::string_view method,
                       std::string_view pattern, domain::Permission permission, std::string denied);

class RouteTable {
 public:
  // Aborts (an assertion) on two routes with one method and pattern, or on a pattern with more
  // than Call::kMaxParams parameters or kMaxSegments segments: mistakes in the table, never in a
  // request.
  explicit RouteTable(std::vector<Route> routes);

  struct Match {
    const Route* route = nullptr;          // null: no route for this method (see `pattern`)
    const std::string* pattern = nullptr;  // null: no pattern matches the path (404)
    const std::string* allow = nullptr;    // the methods of `pattern` ("GET, PUT"), for 405
    std::array<std::string_view, Call::kMaxParams> path{};
  };
  // The route for `method` on `path` (decoded, without the query). A literal segment is
  // preferred to a parameter (/reports/upload over /reports/{id}).
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  static constexpr size_t kMaxSegments = 12;
  struct Pattern {
    std::string text;
    std::vector<std::string> segments;  // "{…}" for a parameter
    std::vector<size_t> routes;         // indexes into routes_
    std::string allow;
  };
  std::vector<Route> routes_;
  std::vector<Pattern> patterns_;  // in the order they are tried
};

}  // namespace wp::api
