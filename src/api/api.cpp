#include "api/api.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/api_util.hpp"
#include "api/health.hpp"
#include "api/log.hpp"
#include "api/openapi.hpp"
#include "core/hash.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;
using openapi::Obj;
using openapi::Op;
using openapi::Param;

std::string CookieValue(const Request& req, const std::string& name) {
  const std::string* cookie = req.Header("cookie");
  if (cookie == nullptr) return "";
  std::string_view c = *cookie;
  while (!c.empty()) {
    auto semi = c.find(';');
    std::string_view part = c.substr(0, semi);
    c = semi == std::string_view::npos ? std::string_view() : c.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
  }
  return "";
}

bool IsUnsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// True for /api/v1 and below: what is not there is a page of the web app.
bool IsApiPath(std::string_view path) {
  size_t n = 0;
  for (std::string_view want : {"api", "v1"}) {
    while (n < path.size() && path[n] == '/') ++n;
    size_t end = path.find('/', n);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(n, end - n) != want) return false;
    n = end;
  }
  return true;
}

// The request id a client sent, when it is one a log can hold as it is (1–64 letters, digits,
// '-', '_', '.'); otherwise a new one, 16 hex digits.
std::string RequestId(const Request& req) {
  if (const std::string* sent = req.Header("x-request-id");
      sent != nullptr && !sent->empty() && sent->size() <= 64 &&
      std::all_of(sent->begin(), sent->end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.';
      })) {
    return *sent;
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  char buf[17];
  auto [end, ec] = std::to_chars(buf, buf + 16, random() | (uint64_t{1} << 63), 16);
  return std::string(buf, end);
}

std::string ContentTypeFor(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// {"error": {"code", "status", "message", "details", "request_id"}}; `status` is the code's
// name unless given (405 has no code of its own).
std::string ErrorText(const core::Error& e, std::string_view request_id,
                      std::string_view status = {}) {
  ordered_json details = ordered_json::array();
  for (const auto& d : e.details) details.push_back({{"field", d.field}, {"message", d.message}});
  ordered_json error = {{"code", e.reason.empty() ? std::string(core::CodeName(e.code)) : e.reason},
                        {"status", status.empty() ? core::CodeName(e.code) : status},
                        {"message", e.message},
                        {"details", std::move(details)}};
  if (!request_id.empty()) error["request_id"] = request_id;
  return ordered_json{{"error", std::move(error)}}.dump();
}

}  // namespace

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kAborted:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string ErrorBody(const core::Error& e, std::string_view request_id) {
  return ErrorText(e, request_id);
}

Api::Api(const service::Services& service, ApiOptions options)
    : service_(service), options_(std::move(options)), table_([this] {
        std::vector<Route> all;
        for (auto part : {&Api::SystemRoutes, &Api::AccountRoutes, &Api::ProgramRoutes,
                          &Api::ReportingRoutes, &Api::AnalyticsRoutes, &Api::MatrixRoutes,
                          &Api::ExportRoutes, &Api::DocumentRoutes, &Api::BriefingRoutes,
                          &Api::AmendmentRoutes, &Api::UnitProgramRoutes, &Api::NextYearRoutes}) {
          for (auto& r : (this->*part)()) all.push_back(std::move(r));
        }
        return all;
      }()) {
  openapi_ = openapi::Document(table_);
}

Response Api::Handle(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  Exchange x;
  x.request_id = RequestId(request);
  Response response;
  // The one catch site: expected failures arrive as Errors, anything thrown below is a bug or a
  // lost dependency and becomes a 500 whose details go to the log only.
  try {
    auto r = Dispatch(request, x);
    response = r ? std::move(*r) : ErrorResponse(r.error(), request, x);
  } catch (const std::exception& ex) {
    auto e = Err(ErrorCode::kInternal, "internal", "Lỗi hệ thống; thao tác chưa được thực hiện");
    e.internal_note = std::string("exception: ") + ex.what();
    response = ErrorResponse(e, request, x);
  } catch (...) {
    auto e = Err(ErrorCode::kInternal, "internal", "Lỗi hệ thống; thao tác chưa được thực hiện");
    e.internal_note = "exception of an unknown type";
    response = ErrorResponse(e, request, x);
  }
  if (request.path.starts_with("/api/")) {
    response.headers.emplace_back("Cache-Control", "no-store");
    // JSON is never a page: nothing may load from it or frame it.
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; frame-ancestors 'none'");
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // Addresses of the intranet (a report's id, a province's page) do not leave with a link.
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  Finish(request, x, response, start);
  return response;
}

Response Api::Rejected(int status, const core::Error& error, const Request& request) {
  auto start = std::chrono::steady_clock::now();
  Exchange x;
  x.request_id = RequestId(request);
  x.route = "rejected";
  Response response = ErrorResponse(error, request, x);
  response.status = status;
  Finish(request, x, response, start);
  return response;
}

Response Api::HandleMetrics(const Request& request) {
  if (request.path != "/metrics" || (request.method != "GET" && request.method != "HEAD")) {
    return Rejected(404,
                    Err(ErrorCode::kNotFound, "not_found",
                        "Địa chỉ này chỉ phục vụ GET /metrics (số liệu vận hành)"),
                    request);
  }
  Response r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = MetricsText();
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

Response Api::ErrorResponse(const core::Error& e, const Request& request, const Exchange& x) {
  Response response;
  response.status = HttpStatus(e.code);
  response.body = ErrorBody(e, x.request_id);
  if (e.reason == "busy") response.headers.emplace_back("Retry-After", "2");
  if (response.status >= 500) {
    Log(spdlog::level::err, "error",
        {{"method", request.method},
         {"route", x.route},
         {"status", std::to_string(response.status), true},
         {"code", e.reason.empty() ? core::CodeName(e.code) : std::string_view(e.reason)},
         {"note", e.internal_note},
         {"request_id", x.request_id}});
  }
  return response;
}

void Api::Finish(const Request& request, const Exchange& x, Response& response,
                 std::chrono::steady_clock::time_point start) {
  response.headers.emplace_back("X-Request-Id", x.request_id);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Count(request.method.empty() ? "-" : request.method, std::string(x.route), response.status,
        seconds);
  char ms[32];
  auto [end, ec] = std::to_chars(ms, ms + sizeof ms, seconds * 1000, std::chars_format::fixed, 3);
  Log(spdlog::level::info, "access",
      {{"method", request.method.empty() ? "-" : std::string_view(request.method)},
       {"route", x.route},
       {"status", std::to_string(response.status), true},
       {"ms", std::string_view(ms, end - ms), true},
       {"account", x.account ? std::to_string(*x.account) : "-", x.account.has_value()},
       {"request_id", x.request_id}});
}

Api::Admission Api::Admit(const Request& head) {
  Admission a;
  a.body_limit = options_.body_limit;
  auto match = table_.Find(head.method, head.path);
  if (match.route == nullptr || !match.route->upload) return a;
  const Upload& upload = *match.route->upload;
  a.body_limit = std::min(a.body_limit, upload.max_bytes);
  if (const std::string* length = head.Header("content-length")) {
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), n);
    if (ec == std::errc() && end == length->data() + length->size() && n > a.body_limit) {
      a.refusal =
          Err(ErrorCode::kTooLarge, "too_large",
              "Tệp gửi lên quá lớn (" + std::to_string((n + (1u << 20) - 1) >> 20) +
                  " MB); dung lượng tối đa là " + std::to_string(a.body_limit >> 20) + " MB.");
      return a;
    }
  }
  Caller caller;
  if (auto s = Authenticate(head, caller); !s) {
    a.refusal = s.error();
  } else if (upload.may) {
    if (auto m = upload.may(caller.who); !m) a.refusal = m.error();
  }
  return a;
}

void Api::CountConnection(std::string_view outcome) {
  if (outcome == "accepted") ++connections_accepted_;
  if (outcome == "per_client") ++connections_per_client_;
  if (outcome == "total") ++connections_total_;
  if (outcome == "evicted") ++connections_evicted_;
}

void Api::CountAcceptError() { ++accept_errors_; }

core::Result<Response> Api::Dispatch(const Request& req, Exchange& x) {
  auto match = table_.Find(req.method, req.path);
  if (match.pattern == nullptr) {
    if (!IsApiPath(req.path)) {
      x.route = "static";
      if (req.method != "GET" && req.method != "HEAD") {
        match.allow = nullptr;  // the 405 below, for static files
      } else {
        return ServeStatic(req);
      }
    } else {
      return tl::unexpected(
          Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này: " + req.path));
    }
  } else {
    x.route = *match.pattern;
  }
  if (match.route == nullptr) {
    // The one 405: the methods the path has, in Allow.
    Response r;
    r.status = 405;
    r.body = ErrorText(Err(ErrorCode::kInvalidArgument, "method_not_allowed",
                           "Phương thức " + req.method + " không dùng được cho " + req.path),
                       x.request_id, "method_not_allowed");
    r.headers.emplace_back("Allow", match.allow ? *match.allow : std::string("GET, HEAD"));
    return r;
  }
  const Route& route = *match.route;
  Caller caller;
  if (route.access == Access::kSignedIn) {
    WP_RETURN_IF_ERROR(Authenticate(req, caller));
    x.account = caller.who.user_id;
    if (route.permission && !domain::Can(caller.who, *route.permission)) {
      return tl::unexpected(Err(ErrorCode::kPermissionDenied, "forbidden", route.denied));
    }
  }
  Call call;
  call.path = match.path;
  call.caller = &caller;
  return route.handler(req, caller.who, call);
}

core::Status Api::Authenticate(const Request& req, Caller& ctx) {
  const std::string* auth = req.Header("authorization");
  if (auth != nullptr && auth->starts_with("Bearer ")) {
    WP_ASSIGN_OR_RETURN(ctx.who, service_.accounts.AuthenticateToken(auth->substr(7)));
    return {};
  }
  ctx.session_token = CookieValue(req, kSessionCookie);
  if (ctx.session_token.empty()) {
    return tl::unexpected(Err(ErrorCode::kUnauthenticated, "not_signed_in",
                              "Bạn chưa đăng nhập hoặc phiên đã hết hạn"));
  }
  WP_ASSIGN_OR_RETURN(auto s, service_.accounts.AuthenticateSession(ctx.session_token));
  ctx.who = s.principal;
  ctx.via_session = true;
  ctx.csrf_token = s.csrf_token;
  ctx.expires_at = s.expires_at;
  if (IsUnsafe(req.method)) {
    const std::string* sent = req.Header("x-csrf-token");
    if (sent == nullptr || !core::ConstantTimeEquals(*sent, ctx.csrf_token)) {
      return tl::unexpected(
          Err(ErrorCode::kPermissionDenied, "csrf_token_missing",
              "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang"));
    }
  }
  return {};
}

core::Result<Response> Api::ServeStatic(const Request& req) {
  std::vector<std::string_view> seg;
  for (size_t i = 0; i < req.path.size();) {
    while (i < req.path.size() && req.path[i] == '/') ++i;
    size_t j = std::min(req.path.find('/', i), req.path.size());
    if (j > i) seg.push_back(std::string_view(req.path).substr(i, j - i));
    i = j;
  }
  namespace fs = std::filesystem;
  if (options_.static_dir.empty() || !fs::is_directory(options_.static_dir)) {
    return tl::unexpected(Err(ErrorCode::kNotFound, "not_found",
                              "Không có trang này (giao diện web chưa được xây dựng: make web)"));
  }
  for (auto s : seg) {
    if (s == ".." || s.find('\\') != std::string_view::npos ||
        s.find('\0') != std::string_view::npos)
      return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có trang này"));
  }
  fs::path root(options_.static_dir);
  fs::path file = root;
  for (auto s : seg) file /= std::string(s);
  std::error_code ec;
  bool is_asset = !seg.empty() && seg.back().find('.') != std::string_view::npos;
  if (!fs::is_regular_file(file, ec)) {
    if (is_asset) return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có tệp này"));
    file = root / "index.html";  // the app's own routes
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có trang này"));
  Response r;
  r.content_type = ContentTypeFor(file);
  r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  r.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      "frame-ancestors 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  if (seg.size() >= 1 && seg[0] == "assets") {
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    // index.html names the hashed assets of the current build: always ask again.
    r.headers.emplace_back("Cache-Control", "no-cache");
  }
  return r;
}

void Api::Count(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(metrics_mu_);
  ++requests_[method + "|" + route + "|" + std::to_string(status)];
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  ++latency_buckets_[b];
  latency_sum_ += seconds;
  ++latency_count_;
  if (status >= 500) ++errors_5xx_;
}

std::string Api::MetricsText() const {
  // The health gauges first, without metrics_mu_: the write probe may wait for the writer.
  std::string health = HealthMetricsText(service_);
  std::lock_guard lock(metrics_mu_);
  std::ostringstream o;
  o << "# HELP workplan_http_requests_total HTTP requests by method, route and status.\n"
       "# TYPE workplan_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    auto a = key.find('|'), b = key.rfind('|');
    o << "workplan_http_requests_total{method=\"" << key.substr(0, a) << "\",route=\""
      << key.substr(a + 1, b - a - 1) << "\",status=\"" << key.substr(b + 1) << "\"} " << n << "\n";
  }
  o << "# HELP workplan_http_request_duration_seconds Time to answer a request.\n"
       "# TYPE workplan_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += latency_buckets_[i];
    o << "workplan_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} "
      << cumulative << "\n";
  }
  cumulative += latency_buckets_[kBuckets.size()];
  o << "workplan_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n";
  o << "workplan_http_request_duration_seconds_sum " << latency_sum_ << "\n";
  o << "workplan_http_request_duration_seconds_count " << latency_count_ << "\n";
  o << "# HELP workplan_http_errors_total Responses with a 5xx status.\n"
       "# TYPE workplan_http_errors_total counter\n"
       "workplan_http_errors_total "
    << errors_5xx_ << "\n";
  if (auto w = service_.metrics.WriteStats(); w.counted) {
    o << "# HELP workplan_store_writes_total Writes run by the store (SQLite: in groups that "
         "share one commit).\n"
         "# TYPE workplan_store_writes_total counter\n"
         "workplan_store_writes_total "
      << w.writes
      << "\n# HELP workplan_store_transactions_total Transactions committed by the store's "
         "writer.\n"
         "# TYPE workplan_store_transactions_total counter\n"
         "workplan_store_transactions_total "
      << w.transactions
      << "\n# HELP workplan_store_writer_busy_seconds_total Time the store's single writer was "
         "taken.\n"
         "# TYPE workplan_store_writer_busy_seconds_total counter\n"
         "workplan_store_writer_busy_seconds_total "
      << w.busy_seconds
      << "\n# HELP workplan_store_writer_cpu_seconds_total CPU time of the store's writer while "
         "taken.\n"
         "# TYPE workplan_store_writer_cpu_seconds_total counter\n"
         "workplan_store_writer_cpu_seconds_total "
      << w.cpu_seconds
      << "\n# HELP workplan_store_commit_seconds_total Time spent in COMMIT (waiting for the "
         "disk).\n"
         "# TYPE workplan_store_commit_seconds_total counter\n"
         "workplan_store_commit_seconds_total "
      << w.commit_seconds << "\n";
  }
  // Issue 20: how far this server is behind the writes of the others on the same database.
  if (auto s = service_.changes.State(); s && s->following) {
    o << "# HELP workplan_changes_head_seq The newest change stored (every server's writes).\n"
         "# TYPE workplan_changes_head_seq gauge\n"
         "workplan_changes_head_seq "
      << s->head
      << "\n# HELP workplan_changes_applied_seq The last change this server applied.\n"
         "# TYPE workplan_changes_applied_seq gauge\n"
         "workplan_changes_applied_seq "
      << s->applied
      << "\n# HELP workplan_changes_lag Changes stored but not yet applied by this server.\n"
         "# TYPE workplan_changes_lag gauge\n"
         "workplan_changes_lag "
      << std::max<int64_t>(0, s->head - s->applied)
      << "\n# HELP workplan_changes_applied_total Other servers' changes applied since start.\n"
         "# TYPE workplan_changes_applied_total counter\n"
         "workplan_changes_applied_total "
      << s->applied_total << "\n";
  }
  o << "# HELP workplan_connections_total Connections by what became of them: accepted, refused "
       "at once over the cap per client address or the total cap, or closed while idle to make "
       "room.\n"
       "# TYPE workplan_connections_total counter\n";
  for (auto [name, n] : {std::pair{"accepted", connections_accepted_.load()},
                         std::pair{"refused_per_client", connections_per_client_.load()},
                         std::pair{"refused_total", connections_total_.load()},
                         std::pair{"evicted_idle", connections_evicted_.load()}}) {
    o << "workplan_connections_total{outcome=\"" << name << "\"} " << n << "\n";
  }
  o << "# HELP workplan_connections_open Connections open now.\n"
       "# TYPE workplan_connections_open gauge\n"
       "workplan_connections_open "
    << connections_open_.load()
    << "\n# HELP workplan_accept_errors_total Failed accepts (out of file descriptors), each "
       "followed by a pause.\n"
       "# TYPE workplan_accept_errors_total counter\n"
       "workplan_accept_errors_total "
    << accept_errors_.load() << "\n";
  o << health;
  o << "# HELP workplan_uptime_seconds Seconds since the server started.\n"
       "# TYPE workplan_uptime_seconds gauge\n"
       "workplan_uptime_seconds "
    << std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() << "\n";
  return o.str();
}

std::vector<Route> Api::SystemRoutes() {
  return {
      {"GET", "/healthz", Access::kPublic,
       Op("Tình trạng máy chủ (tiến trình còn sống)", Obj({{"status", "string"}}), {}),
       [](const Request&, const Principal&, const Call&) -> core::Result<Response> {
         return Json(200, {{"status", "ok"}});
       }},
      {"GET", "/readyz", Access::kPublic,
       Op("Máy chủ sẵn sàng phục vụ: cơ sở dữ liệu nhận ghi, số liệu tổng hợp đã nạp, ổ đĩa còn "
          "chỗ (503 kèm lý do khi không)",
          Obj({{"status", "string"}}), {}),
       [this](const Request&, const Principal&, const Call&) -> core::Result<Response> {
         auto r = CheckReadiness(service_);
         if (r.problems.empty()) return Json(200, {{"status", "ready"}});
         ordered_json problems = ordered_json::array();
         for (const auto& p : r.problems) {
           problems.push_back({{"code", p.reason}, {"message", p.message}});
         }
         return Json(503, {{"status", "not_ready"}, {"problems", problems}});
       }},
      {"GET",
       "/metrics",
       Access::kSignedIn,
       {{"summary",
         "Số liệu vận hành (Prometheus text; admin, bằng phiên hoặc mã truy cập Bearer)"},
        {"responses", {{"200", {{"description", "text/plain"}}}}}},
       [this](const Request&, const Principal&, const Call&) -> core::Result<Response> {
         Response r;
         r.content_type = "text/plain; version=0.0.4";
         r.body = MetricsText();
         return r;
       },
       domain::Permission::kReadMetrics,
       "Chỉ quản trị viên được xem số liệu vận hành"},
      {"GET", "/api/v1/openapi.json", Access::kPublic,
       Op("Mô tả API này", {{"type", "object"}}, {}),
       [this](const Request&, const Principal&, const Call&) -> core::Result<Response> {
         Response r;
         r.body = openapi_;
         return r;
       }},
  };
}

}  // namespace wp::api
