#pragma once
// The JSON API under /api/v1 over the service: one route table (route_table.hpp) from which
// requests are routed and openapi.json is written, authentication (session cookie with a CSRF
// token for unsafe methods, or a bearer API token), JSON in and out, and the one catch site that
// maps errors to {"error": {"code", "message", "details", "request_id"}} and HTTP status codes
// and logs every request (an access line; an error line with the internal note for a 5xx).
// Also static files of the web app, /healthz and /metrics.

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.hpp"
#include "api/route_table.hpp"
#include "core/error.hpp"
#include "service/services.hpp"

namespace wp::api {

// The session cookie's name.
inline constexpr const char* kSessionCookie = "wp_session";

struct ApiOptions {
  std::string static_dir;       // web/dist; "" or missing: no static files
  bool secure_cookies = false;  // add "Secure" (behind TLS)
  // Proxies whose X-Forwarded-Proto (https: the cookie gets Secure) and X-Forwarded-For (the
  // client's address, for the sign-in limit) are believed: their peer addresses.
  std::vector<std::string> trusted_proxies;
  size_t body_limit = 16u << 20;
};

// Maps an error code to its HTTP status (docs/architecture.md).
int HttpStatus(core::ErrorCode code);
// The error body; `request_id` is left out when empty.
std::string ErrorBody(const core::Error& e, std::string_view request_id = {});

class Api {
 public:
  Api(const service::Services& service, ApiOptions options);

  // Answers one request. Never throws: every failure becomes an error response here. The
  // response carries the request id (X-Request-Id: the client's when well formed, otherwise a
  // new one), in its error body too.
  Response Handle(const Request& request);

  // The answer to a request the server refused before it could reach Handle (malformed HTTP,
  // body too large): counted, logged and given a request id like any other. `request` holds
  // what was read of it (the method and headers, when they were).
  Response Rejected(int status, const core::Error& error, const Request& request);

  // What the server may do with a request once its headers are read, before its body: the
  // limit of the body, or a refusal to answer instead of reading it (for a route that takes a
  // file: a declared length above its limit, a caller not signed in or never allowed to send
  // one). Refusals are answered through Rejected.
  struct Admission {
    size_t body_limit = 0;
    std::optional<core::Error> refusal;
  };
  Admission Admit(const Request& head);

  // The server's connections, for /metrics: accepted, refused at once ("per_client", "total"),
  // closed to make room ("evicted"), failed accepts (out of descriptors), and those open now.
  void CountConnection(std::string_view outcome);
  void CountAcceptError();
  void SetOpenConnections(int64_t n) { connections_open_ = n; }

  // Prometheus text exposition of the counters.
  std::string MetricsText() const;
  // The answer on the metrics address (serve --metrics-listen): GET /metrics without a session,
  // anything else 404. That address is the operators' network's, never the users'.
  Response HandleMetrics(const Request& request);

  const RouteTable& routes() const { return table_; }

 private:
  // What Handle learns of a request on its way, for the metrics and the access log.
  struct Exchange {
    std::string request_id;
    std::string_view route = "unmatched";  // the pattern, "static" or "unmatched"
    std::optional<int64_t> account;
  };
  core::Result<Response> Dispatch(const Request& request, Exchange& x);
  // The principal of a request: a bearer token, or a session cookie (with its CSRF token on
  // unsafe methods); kUnauthenticated or kPermissionDenied ("csrf_token_missing") otherwise.
  core::Status Authenticate(const Request& request, Caller& caller);
  core::Result<Response> ServeStatic(const Request& request);
  // The client's address: the peer's, or what a trusted proxy says it saw (accounts_api.cpp).
  std::string ClientAddress(const Request& request) const;
  // Whether the session cookie gets Secure: always with secure_cookies, or when a trusted
  // proxy says the request came by HTTPS.
  bool SecureRequest(const Request& request) const;
  // The error answer of `e`, logged with its internal note when it is a 5xx.
  Response ErrorResponse(const core::Error& e, const Request& request, const Exchange& x);
  void Finish(const Request& request, const Exchange& x, Response& response,
              std::chrono::steady_clock::time_point start);

  // The route table's parts, each in the file of its handlers.
  std::vector<Route> SystemRoutes();       // api.cpp: /healthz, /metrics, openapi.json
  std::vector<Route> AccountRoutes();      // accounts_api.cpp: session, me, tokens, users, audit
  std::vector<Route> ProgramRoutes();      // programs_api.cpp: org units, programs
  std::vector<Route> ReportingRoutes();    // reports_api.cpp
  std::vector<Route> AnalyticsRoutes();    // analytics_api.cpp
  std::vector<Route> MatrixRoutes();       // matrix_api.cpp: responsibilities, indicators
  std::vector<Route> ExportRoutes();       // exports_api.cpp: tables as .xlsx
  std::vector<Route> DocumentRoutes();     // documents_api.cpp: reports as documents, templates
  std::vector<Route> BriefingRoutes();     // briefing_api.cpp: the giao ban's pack
  std::vector<Route> AmendmentRoutes();    // amendments_api.cpp: amendments, versions, delegations
  std::vector<Route> UnitProgramRoutes();  // unit_programs_api.cpp: units' own programs (18)
  std::vector<Route> NextYearRoutes();     // next_year_api.cpp: next year's program (18)
  // GET /programs/{id}[/part]: a published program's parts rendered once.
  core::Result<Response> ProgramPart(const Request& req, const domain::Principal& who,
                                     std::string_view id_text, std::string_view sub);
  // GET /programs/{id}/dashboard rendered (analytics_api.cpp).
  core::Result<Response> RenderDashboard(int64_t program, const domain::Principal& who,
                                         std::optional<core::CivilDate> at, domain::OrgKind level,
                                         std::optional<int64_t> target,
                                         std::optional<domain::OrgUnitId> unit);
  core::Result<Response> RenderProgramPart(const service::ProgramView& program,
                                           std::string_view sub, const Request& request,
                                           const domain::Principal& who);
  void Count(const std::string& method, const std::string& route, int status, double seconds);

  service::Services service_;
  ApiOptions options_;
  RouteTable table_;
  std::string openapi_;  // written once from table_

  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  std::mutex rendered_mu_;
  std::map<std::string, Response> rendered_;  // "id/part" of published programs → response

  // Dashboard answers (analytics_api.cpp) by program, query and the caller's scope, kept while
  // the services' DataGeneration is the one they were computed at, and at most kAnswerTtl
  // (what other server processes write). A missing answer is computed by one request; others
  // asking for it meanwhile wait for that one instead of computing it again.
  struct CachedAnswer {
    uint64_t generation = 0;
    std::chrono::steady_clock::time_point made;
    std::shared_ptr<const Response> response;
  };
  static constexpr std::chrono::seconds kAnswerTtl{10};
  static constexpr size_t kMaxAnswers = 512;
  core::Result<Response> CachedAnswerFor(const std::string& key,
                                         const std::function<core::Result<Response>()>& compute);
  std::mutex answers_mu_;
  std::condition_variable answers_cv_;
  std::map<std::string, CachedAnswer> answers_;
  std::set<std::string> computing_;

  mutable std::mutex metrics_mu_;
  std::map<std::string, uint64_t> requests_;  // "method|route|status" → count
  std::array<uint64_t, kBuckets.size() + 1> latency_buckets_{};
  double latency_sum_ = 0;
  uint64_t latency_count_ = 0;
  uint64_t errors_5xx_ = 0;
  std::atomic<uint64_t> connections_accepted_{0}, connections_per_client_{0}, connections_total_{0},
      connections_evicted_{0}, accept_errors_{0};
  std::atomic<int64_t> connections_open_{0};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace wp::api
