#pragma once
// The JSON API under /api/v1 over the service: routing, authentication (session cookie with a
// CSRF token for unsafe methods, or a bearer API token), JSON in and out, the one catch site
// that maps errors to {"error": {"code", "message", "details"}} and HTTP status codes, static
// files of the web app, /healthz, /metrics and /api/v1/openapi.json.

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
#include "core/error.hpp"
#include "service/services.hpp"

namespace wp::api {

struct ApiOptions {
  std::string static_dir;       // web/dist; "" or missing: no static files
  bool secure_cookies = false;  // add "Secure" (behind TLS)
  size_t body_limit = 16u << 20;
};

// Maps an error code to its HTTP status (docs/architecture.md).
int HttpStatus(core::ErrorCode code);
// The error body.
std::string ErrorBody(const core::Error& e);

class Api {
 public:
  Api(const service::Services& service, ApiOptions options);

  // Answers one request. Never throws: every failure becomes an error response here.
  Response Handle(const Request& request);

  // Prometheus text exposition of the counters.
  std::string MetricsText() const;
  // Records a response written by the server without reaching Handle (malformed HTTP,
  // body too large).
  void CountRejected(int status);

 private:
  struct Context;
  core::Result<Response> Route(const Request& request, std::string& route);
  // The reporting cycle's routes (reports_api.cpp); nullopt when `seg` is not one of them.
  std::optional<core::Result<Response>> RouteReporting(const Request& request,
                                                       const std::vector<std::string_view>& seg,
                                                       std::string& route,
                                                       const domain::Principal& who);
  // The analytics routes (analytics_api.cpp): /programs/{id}/dashboard|task-status,
  // /analytics/query.
  std::optional<core::Result<Response>> RouteAnalytics(const Request& request,
                                                       const std::vector<std::string_view>& seg,
                                                       std::string& route,
                                                       const domain::Principal& who);
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

  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  std::mutex rendered_mu_;
  std::map<std::string, Response> rendered_;  // "id/part" of published programs → response

  // Dashboard answers (analytics_api.cpp) by program, query and the caller's scope, kept while
  // the service's DataGeneration() is the one they were computed at, and at most kAnswerTtl
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
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// The OpenAPI 3.0 description of every endpoint.
std::string OpenApiDocument();

}  // namespace wp::api
