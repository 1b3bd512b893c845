#include "api/api.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/api_util.hpp"
#include "api/plan_json.hpp"
#include "core/hash.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;
constexpr const char* kSessionCookie = "wp_session";

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

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

ordered_json UnitJson(const domain::OrgUnit& u) {
  ordered_json j = {
      {"id", u.id},
      {"code", u.code},
      {"name", u.name},
      {"kind", domain::OrgKindName(u.kind)},
      {"parent_id", u.parent ? ordered_json(*u.parent) : ordered_json(nullptr)},
      {"valid_from", u.valid_from ? ordered_json(u.valid_from->ToIso()) : ordered_json(nullptr)},
      {"valid_to", u.valid_to ? ordered_json(u.valid_to->ToIso()) : ordered_json(nullptr)},
      {"aliases", u.aliases},
      {"successor_ids", u.successors}};
  return j;
}

ordered_json UserJson(const service::UserView& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", domain::RoleName(u.role)},
          {"unit_id", u.unit ? ordered_json(*u.unit) : ordered_json(nullptr)},
          {"unit_name", u.unit ? ordered_json(u.unit_name) : ordered_json(nullptr)},
          {"active", u.active},
          {"created_at", u.created_at}};
}

ordered_json SummaryJson(const service::ProgramSummaryView& s) {
  return {
      {"id", s.id},
      {"status", service::ProgramStatusName(s.status)},
      {"number", OptJson(s.number)},
      {"issued_date", s.issued_date ? ordered_json(s.issued_date->ToIso()) : ordered_json(nullptr)},
      {"title", OptJson(s.title)},
      {"year", s.year ? ordered_json(*s.year) : ordered_json(nullptr)},
      {"targets", s.targets},
      {"sections", s.sections}};
}

ordered_json ResolvedJson(const std::vector<domain::ResolvedUnitName>& v,
                          const service::Services& svc) {
  ordered_json out = ordered_json::array();
  for (const auto& r : v) {
    ordered_json units = ordered_json::array();
    for (auto id : r.units) units.push_back({{"id", id}, {"name", svc.org.UnitName(id)}});
    out.push_back({{"written", r.written},
                   {"resolution", domain::NameResolutionName(r.resolution)},
                   {"units", std::move(units)}});
  }
  return out;
}

ordered_json ProgramJson(const service::ProgramView& v) {
  const auto& r = v.record;
  size_t tasks = 0;
  for (const auto& s : r.plan.sections) tasks += s.tasks.size();
  return {{"id", r.id},
          {"status", service::ProgramStatusName(r.status)},
          {"document", DocumentJson(r.plan.document)},
          {"source",
           {{"file", r.source_name}, {"bytes", r.source_text.size()}, {"sha256", r.source_sha256}}},
          {"created_at", r.created_at},
          {"published_at", OptJson(r.published_at)},
          {"counts",
           {{"sections", r.plan.sections.size()},
            {"tasks", tasks},
            {"targets", r.plan.targets.size()},
            {"budgets", r.plan.budgets.size()},
            {"deadlines", r.plan.deadlines.size()},
            {"obligations", r.plan.reporting.size()},
            {"diagnostics", r.plan.diagnostics.size()},
            {"corrections", v.corrections}}}};
}

ordered_json CorrectionJson(const service::CorrectionView& k) {
  return {{"id", k.id},         {"locator", k.locator}, {"field", k.field},
          {"value", k.value},   {"before", k.before},   {"after", k.after},
          {"reason", k.reason}, {"at", k.at},           {"by", k.by_name}};
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

std::string ErrorBody(const core::Error& e) {
  ordered_json details = ordered_json::array();
  for (const auto& d : e.details) details.push_back({{"field", d.field}, {"message", d.message}});
  return ordered_json{{"error",
                       {{"code", e.reason.empty() ? std::string(core::CodeName(e.code)) : e.reason},
                        {"status", core::CodeName(e.code)},
                        {"message", e.message},
                        {"details", std::move(details)}}}}
      .dump();
}

struct Api::Context {
  Principal who;
  bool via_session = false;
  std::string session_token;
  std::string csrf_token;
  std::string expires_at;  // of the session
};

Api::Api(const service::Services& service, ApiOptions options)
    : service_(service), options_(std::move(options)) {}

Response Api::Handle(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  std::string route = "unmatched";
  Response response;
  // The one catch site: expected failures arrive as Errors, anything thrown below is a bug or a
  // lost dependency and becomes a 500 without its details leaking.
  try {
    auto r = Route(request, route);
    if (r) {
      response = std::move(*r);
    } else {
      response.status = HttpStatus(r.error().code);
      response.body = ErrorBody(r.error());
    }
  } catch (const std::exception& ex) {
    auto e = Err(ErrorCode::kInternal, "internal", "Lỗi hệ thống; thao tác chưa được thực hiện");
    e.internal_note = ex.what();
    response = Response{};
    response.status = 500;
    response.body = ErrorBody(e);
  }
  if (request.path.starts_with("/api/")) {
    response.headers.emplace_back("Cache-Control", "no-store");
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Count(request.method, route, response.status, seconds);
  return response;
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

void Api::CountRejected(int status) { Count("-", "rejected", status, 0); }

std::string Api::MetricsText() const {
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
  o << "# HELP workplan_uptime_seconds Seconds since the server started.\n"
       "# TYPE workplan_uptime_seconds gauge\n"
       "workplan_uptime_seconds "
    << std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() << "\n";
  return o.str();
}

core::Result<Response> Api::Route(const Request& req, std::string& route) {
  auto seg = Segments(req.path);
  const std::string& m = req.method;
  auto method_not_allowed = [&]() -> core::Result<Response> {
    Response r;
    r.status = 405;
    r.body = ErrorBody(Err(ErrorCode::kInvalidArgument, "method_not_allowed",
                           "Phương thức " + m + " không dùng được cho " + req.path));
    return r;
  };

  if (req.path == "/healthz") {
    route = "/healthz";
    return Json(200, {{"status", "ok"}});
  }
  if (req.path == "/metrics") {
    route = "/metrics";
    Response r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = MetricsText();
    return r;
  }
  if (seg.size() < 2 || seg[0] != "api" || seg[1] != "v1") {
    route = "static";
    if (m != "GET" && m != "HEAD") return method_not_allowed();
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
      if (is_asset)
        return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có tệp này"));
      file = root / "index.html";  // the app's own routes
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có trang này"));
    Response r;
    r.content_type = ContentTypeFor(file);
    r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    r.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    if (seg.size() >= 1 && seg[0] == "assets") {
      r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    } else {
      // index.html names the hashed assets of the current build: always ask again.
      r.headers.emplace_back("Cache-Control", "no-cache");
    }
    return r;
  }
  seg.erase(seg.begin(), seg.begin() + 2);

  if (seg.size() == 1 && seg[0] == "openapi.json") {
    route = "/api/v1/openapi.json";
    Response r;
    r.body = OpenApiDocument();
    return r;
  }

  // Sign-in does not need a session.
  if (seg.size() == 1 && seg[0] == "session" && m == "POST") {
    route = "/api/v1/session";
    WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
    std::vector<core::ErrorDetail> problems;
    auto user = StringField(j, "username", true, problems);
    auto pass = StringField(j, "password", true, problems);
    WP_RETURN_IF_ERROR(Check(std::move(problems)));
    WP_ASSIGN_OR_RETURN(auto login, service_.accounts.Login(*user, *pass, req.client));
    auto me = service_.accounts.Me(login.principal);
    Response r = Json(200, {{"csrf_token", login.csrf_token},
                            {"expires_at", login.expires_at},
                            {"user", me ? UserJson(*me) : ordered_json(nullptr)}});
    std::string cookie = std::string(kSessionCookie) + "=" + login.session_token +
                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800";
    if (options_.secure_cookies) cookie += "; Secure";
    r.headers.emplace_back("Set-Cookie", cookie);
    return r;
  }

  // Everything else needs a principal: a bearer token, or a session cookie (with its CSRF
  // token on unsafe methods).
  Context ctx;
  const std::string* auth = req.Header("authorization");
  if (auth != nullptr && auth->starts_with("Bearer ")) {
    WP_ASSIGN_OR_RETURN(ctx.who, service_.accounts.AuthenticateToken(auth->substr(7)));
  } else {
    ctx.session_token = CookieValue(req, kSessionCookie);
    if (ctx.session_token.empty()) {
      route = "unauthenticated";
      return tl::unexpected(Err(ErrorCode::kUnauthenticated, "not_signed_in",
                                "Bạn chưa đăng nhập hoặc phiên đã hết hạn"));
    }
    WP_ASSIGN_OR_RETURN(auto s, service_.accounts.AuthenticateSession(ctx.session_token));
    ctx.who = s.principal;
    ctx.via_session = true;
    ctx.csrf_token = s.csrf_token;
    ctx.expires_at = s.expires_at;
    if (IsUnsafe(m)) {
      const std::string* sent = req.Header("x-csrf-token");
      if (sent == nullptr || !core::ConstantTimeEquals(*sent, ctx.csrf_token)) {
        route = "csrf";
        return tl::unexpected(
            Err(ErrorCode::kPermissionDenied, "csrf_token_missing",
                "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang"));
      }
    }
  }
  const Principal& who = ctx.who;

  if (seg.size() == 1 && seg[0] == "session") {
    route = "/api/v1/session";
    if (m == "GET") {
      WP_ASSIGN_OR_RETURN(auto me, service_.accounts.Me(who));
      return Json(
          200,
          {{"csrf_token", ctx.via_session ? ordered_json(ctx.csrf_token) : ordered_json(nullptr)},
           {"expires_at", ctx.via_session ? ordered_json(ctx.expires_at) : ordered_json(nullptr)},
           {"user", UserJson(me)}});
    }
    if (m == "DELETE") {
      if (ctx.via_session) WP_RETURN_IF_ERROR(service_.accounts.Logout(who, ctx.session_token));
      Response r;
      r.status = 204;
      r.content_type.clear();
      r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                               "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
      return r;
    }
    return method_not_allowed();
  }

  if (seg.size() == 1 && seg[0] == "me") {
    route = "/api/v1/me";
    if (m != "GET") return method_not_allowed();
    WP_ASSIGN_OR_RETURN(auto me, service_.accounts.Me(who));
    return Json(200, UserJson(me));
  }

  if (seg.size() == 1 && seg[0] == "tokens") {
    route = "/api/v1/tokens";
    if (m != "POST") return method_not_allowed();
    WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
    std::vector<core::ErrorDetail> problems;
    auto name = StringField(j, "name", true, problems);
    WP_RETURN_IF_ERROR(Check(std::move(problems)));
    WP_ASSIGN_OR_RETURN(auto token, service_.accounts.CreateApiToken(who, *name));
    return Json(201, {{"token", token}, {"name", *name}});
  }

  if (seg.size() >= 1 && seg[0] == "users") {
    route = "/api/v1/users";
    if (seg.size() != 1)
      return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
    if (m == "GET") {
      WP_ASSIGN_OR_RETURN(auto users, service_.accounts.ListUsers(who));
      ordered_json items = ordered_json::array();
      for (const auto& u : users) items.push_back(UserJson(u));
      return Json(200, Items(std::move(items)));
    }
    if (m == "POST") {
      if (!domain::Can(who, domain::Permission::kManageUsers)) {
        return tl::unexpected(
            Err(ErrorCode::kPermissionDenied, "forbidden", "Chỉ quản trị viên được tạo tài khoản"));
      }
      WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
      std::vector<core::ErrorDetail> problems;
      service::NewUser u;
      u.username = StringField(j, "username", true, problems).value_or("");
      u.display_name = StringField(j, "display_name", false, problems).value_or("");
      u.password = StringField(j, "password", true, problems).value_or("");
      auto role = StringField(j, "role", true, problems);
      if (role) {
        if (auto r = domain::ParseRole(*role)) {
          u.role = *r;
        } else {
          problems.push_back({"role", "Vai trò là admin, planner, editor, approver hoặc viewer"});
        }
      }
      if (auto it = j.find("unit_id"); it != j.end() && !it->is_null()) {
        if (it->is_number_integer()) {
          u.unit = std::to_string(it->get<int64_t>());
        } else if (it->is_string()) {
          u.unit = it->get<std::string>();
        } else {
          problems.push_back({"unit_id", "Phải là số hiệu hoặc mã đơn vị"});
        }
      }
      WP_RETURN_IF_ERROR(Check(std::move(problems)));
      WP_ASSIGN_OR_RETURN(auto created, service_.accounts.CreateUser(who, u));
      return Json(201, UserJson(created));
    }
    return method_not_allowed();
  }

  if (seg.size() >= 1 && seg[0] == "audit") {
    if (seg.size() == 2 && seg[1] == "verify") {
      route = "/api/v1/audit/verify";
      if (m != "GET") return method_not_allowed();
      if (!domain::Can(who, domain::Permission::kReadAudit)) {
        return tl::unexpected(
            Err(ErrorCode::kPermissionDenied, "forbidden", "Chỉ quản trị viên được xem nhật ký"));
      }
      WP_ASSIGN_OR_RETURN(auto v, service_.audit.VerifyAudit());
      return Json(200, {{"ok", v.ok()},
                        {"entries", v.entries},
                        {"programs_checked", v.programs_checked},
                        {"users_checked", v.users_checked},
                        {"reports_checked", v.reports_checked},
                        {"reports_bulk_loaded", v.reports_bulk_loaded},
                        {"reports_generated", v.reports_generated},
                        {"reports_unrecorded", v.reports_unrecorded},
                        {"problems", v.problems}});
    }
    route = "/api/v1/audit";
    if (seg.size() != 1)
      return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
    if (m != "GET") return method_not_allowed();
    int64_t after = 0;
    size_t limit = 100;
    if (auto it = req.query.find("after"); it != req.query.end()) {
      auto v = it->second == "0" ? std::optional<int64_t>(0) : ParseId(it->second);
      if (!v)
        return tl::unexpected(
            Err(ErrorCode::kInvalidArgument, "bad_parameter", "Tham số after phải là số"));
      after = *v;
    }
    if (auto it = req.query.find("limit"); it != req.query.end()) {
      auto v = ParseId(it->second);
      if (!v)
        return tl::unexpected(
            Err(ErrorCode::kInvalidArgument, "bad_parameter", "Tham số limit phải là số dương"));
      limit = static_cast<size_t>(*v);
    }
    WP_ASSIGN_OR_RETURN(auto entries, service_.audit.Audit(who, after, limit));
    ordered_json items = ordered_json::array();
    for (const auto& e : entries) {
      auto parse = [](const std::string& s) {
        if (s.empty()) return ordered_json(nullptr);
        auto j = ordered_json::parse(s, nullptr, false);
        return j.is_discarded() ? ordered_json(s) : j;
      };
      items.push_back(
          {{"seq", e.seq},
           {"at", e.event.at},
           {"actor_id", e.event.actor_id ? ordered_json(*e.event.actor_id) : ordered_json(nullptr)},
           {"actor", e.event.actor},
           {"action", e.event.action},
           {"entity", e.event.entity},
           {"entity_id", e.event.entity_id},
           {"before", parse(e.event.before)},
           {"after", parse(e.event.after)},
           {"prev_hash", e.prev_hash},
           {"hash", e.hash}});
    }
    return Json(200, Items(std::move(items)));
  }

  if (seg.size() >= 1 && seg[0] == "org-units") {
    if (seg.size() == 1) {
      route = "/api/v1/org-units";
      if (m != "GET") return method_not_allowed();
      WP_ASSIGN_OR_RETURN(auto at, DateParam(req, "at", service_.time.Today()));
      std::optional<domain::OrgKind> kind;
      if (auto it = req.query.find("kind"); it != req.query.end() && !it->second.empty()) {
        kind = domain::ParseOrgKind(it->second);
        if (!kind) {
          auto e = Err(
              ErrorCode::kInvalidArgument, "bad_kind",
              "Loại đơn vị không hợp lệ: \"" + it->second + "\" (ministry, department, province)");
          e.details.push_back({"kind", "ministry | department | province"});
          return tl::unexpected(e);
        }
      }
      ordered_json items = ordered_json::array();
      for (const auto* u : service_.org.registry().UnitsAt(at, kind)) items.push_back(UnitJson(*u));
      ordered_json j = Items(std::move(items));
      j["at"] = at.ToIso();
      return Json(200, j);
    }
    route = "/api/v1/org-units/{id}";
    if (seg.size() != 2)
      return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
    if (m != "GET") return method_not_allowed();
    auto id = ParseId(seg[1]);
    const domain::OrgUnit* u = id ? service_.org.registry().Find(*id) : nullptr;
    if (u == nullptr) {
      return tl::unexpected(Err(ErrorCode::kNotFound, "unit_not_found",
                                "Không tìm thấy đơn vị #" + std::string(seg[1])));
    }
    WP_ASSIGN_OR_RETURN(auto at, DateParam(req, "at", service_.time.Today()));
    ordered_json j = UnitJson(*u);
    ordered_json became = ordered_json::array();
    for (auto b : service_.org.registry().BecameBy(u->id, at)) {
      became.push_back({{"id", b}, {"name", service_.org.UnitName(b)}});
    }
    j["became_by"] = {{"at", at.ToIso()}, {"units", std::move(became)}};
    return Json(200, j);
  }

  if (auto r = RouteAnalytics(req, seg, route, who)) return std::move(*r);
  if (auto r = RouteReporting(req, seg, route, who)) return std::move(*r);

  if (seg.size() >= 1 && seg[0] == "programs") {
    if (seg.size() == 1) {
      route = "/api/v1/programs";
      if (m == "GET") {
        WP_ASSIGN_OR_RETURN(auto list, service_.programs.ListPrograms(who));
        ordered_json items = ordered_json::array();
        for (const auto& s : list) items.push_back(SummaryJson(s));
        return Json(200, Items(std::move(items)));
      }
      if (m == "POST") {
        const std::string* ct = req.Header("content-type");
        if (ct != nullptr && !ct->starts_with("text/plain")) {
          return tl::unexpected(Err(ErrorCode::kInvalidArgument, "unsupported_media_type",
                                    "Gửi văn bản quyết định dạng text/plain (UTF-8)"));
        }
        auto mode = service::ImportMode::kNew;
        if (auto it = req.query.find("replace"); it != req.query.end()) {
          if (it->second != "draft") {
            return tl::unexpected(Err(ErrorCode::kInvalidArgument, "bad_parameter",
                                      "Tham số replace chỉ nhận giá trị draft"));
          }
          mode = service::ImportMode::kReplaceDraft;
        }
        std::string name = "-";
        if (auto it = req.query.find("name"); it != req.query.end() && !it->second.empty()) {
          name = it->second.substr(0, 255);
        }
        WP_ASSIGN_OR_RETURN(auto r, service_.programs.ImportProgram(who, req.body, name, mode));
        Response resp = Json(201, {{"id", r.id},
                                   {"number", OptJson(r.number)},
                                   {"status", "draft"},
                                   {"replaced", r.replaced},
                                   {"counts",
                                    {{"sections", r.sections},
                                     {"targets", r.targets},
                                     {"budgets", r.budgets},
                                     {"deadlines", r.deadlines},
                                     {"unresolved_units", r.unresolved_units},
                                     {"diagnostics", r.diagnostics}}}});
        resp.headers.emplace_back("Location", "/api/v1/programs/" + std::to_string(r.id));
        return resp;
      }
      return method_not_allowed();
    }
    auto id = ParseId(seg[1]);
    if (!id) {
      route = "/api/v1/programs/{id}";
      return tl::unexpected(Err(ErrorCode::kNotFound, "program_not_found",
                                "Không tìm thấy chương trình \"" + std::string(seg[1]) + "\""));
    }
    std::string_view sub = seg.size() >= 3 ? seg[2] : "";
    route = "/api/v1/programs/{id}" + (sub.empty() ? std::string() : "/" + std::string(sub));
    if (seg.size() > 3)
      return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
    if (sub == "publish") {
      if (m != "POST") return method_not_allowed();
      WP_RETURN_IF_ERROR(service_.programs.PublishProgram(who, *id));
      WP_ASSIGN_OR_RETURN(auto after, service_.programs.GetProgram(who, *id));
      return Json(200, ProgramJson(*after));
    }
    if (sub == "corrections") {
      if (m == "GET") {
        WP_ASSIGN_OR_RETURN(auto list, service_.programs.ListCorrections(who, *id));
        ordered_json items = ordered_json::array();
        for (const auto& k : list) items.push_back(CorrectionJson(k));
        return Json(200, Items(std::move(items)));
      }
      if (m != "POST") return method_not_allowed();
      WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
      std::vector<core::ErrorDetail> problems;
      service::CorrectionInput in;
      auto locator = StringField(j, "locator", true, problems);
      auto field = StringField(j, "field", true, problems);
      std::optional<std::string> value;
      if (auto v = j.find("value"); v != j.end() && v->is_number()) {
        value = v->dump();
      } else {
        value = StringField(j, "value", true, problems);
      }
      auto reason = StringField(j, "reason", false, problems);
      WP_RETURN_IF_ERROR(Check(std::move(problems)));
      in.locator = *locator;
      in.field = *field;
      in.value = *value;
      in.reason = reason.value_or("");
      WP_ASSIGN_OR_RETURN(auto k, service_.programs.CorrectProgram(who, *id, in));
      return Json(201, CorrectionJson(k));
    }
    static const std::set<std::string_view> kParts = {"",          "source",      "outline",
                                                      "targets",   "tasks",       "budgets",
                                                      "deadlines", "obligations", "diagnostics"};
    if (!kParts.contains(sub)) {
      route = "unmatched";  // never a label per unknown path
      return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
    }
    if (m != "GET") return method_not_allowed();
    WP_ASSIGN_OR_RETURN(auto view, service_.programs.GetProgram(who, *id));
    // A published program never changes, and neither does what these parts render from it
    // (tasks depend on the caller's scope and are not kept): render once, serve many.
    bool cacheable = view->record.status == service::ProgramStatus::kPublished && sub != "tasks";
    std::string cache_key = std::to_string(*id) + "/" + std::string(sub);
    if (cacheable) {
      std::lock_guard lock(rendered_mu_);
      if (auto it = rendered_.find(cache_key); it != rendered_.end()) return it->second;
    }
    WP_ASSIGN_OR_RETURN(Response out, RenderProgramPart(*view, sub, req, who));
    if (cacheable && out.status == 200) {
      std::lock_guard lock(rendered_mu_);
      if (rendered_.size() >= 512) rendered_.clear();  // bounded; refilled on demand
      rendered_.emplace(cache_key, out);
    }
    return out;
  }
  return tl::unexpected(
      Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này: " + req.path));
}

core::Result<Response> Api::RenderProgramPart(const service::ProgramView& program,
                                              std::string_view sub, const Request& req,
                                              const domain::Principal& who) {
  const auto& plan = program.record.plan;
  if (sub.empty()) return Json(200, ProgramJson(program));
  if (sub == "source") {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = program.record.source_text;
    return r;
  }
  if (sub == "outline") {
    ordered_json items = ordered_json::array();
    for (const auto& s : plan.sections) {
      ordered_json j = SectionJson(s, false);
      j["task_count"] = s.tasks.size();
      j["resolved_leads"] = ResolvedJson(s.resolved_leads, service_);
      j["resolved_coordinators"] = ResolvedJson(s.resolved_coordinators, service_);
      items.push_back(std::move(j));
    }
    return Json(200, Items(std::move(items)));
  }
  if (sub == "targets") {
    ordered_json items = ordered_json::array();
    for (const auto& t : program.targets) {
      ordered_json j = TargetJson(t.target);
      j["id"] = t.id;
      items.push_back(std::move(j));
    }
    return Json(200, Items(std::move(items)));
  }
  if (sub == "tasks") {
    std::optional<domain::OrgUnitId> lead;
    if (auto it = req.query.find("lead"); it != req.query.end() && !it->second.empty()) {
      auto u = service_.org.FindUnit(it->second, service::ProgramDate(program.record));
      if (!u) return tl::unexpected(u.error());
      lead = (*u)->id;
    }
    WP_ASSIGN_OR_RETURN(auto tasks, service_.programs.Tasks(who, program, lead));
    ordered_json items = ordered_json::array();
    for (const auto& t : tasks) {
      ordered_json j = TaskJson(*t.task);
      j["id"] = t.id;
      j["section"] = t.section->number;
      j["section_title"] = t.section->title;
      j["resolved_leads"] = ResolvedJson(t.task->resolved_leads, service_);
      j["resolved_coordinators"] = ResolvedJson(t.task->resolved_coordinators, service_);
      items.push_back(std::move(j));
    }
    return Json(200, Items(std::move(items)));
  }
  auto list = [&](const auto& v, auto&& fn) {
    ordered_json items = ordered_json::array();
    for (const auto& x : v) items.push_back(fn(x));
    return Json(200, Items(std::move(items)));
  };
  if (sub == "budgets") return list(plan.budgets, BudgetJson);
  if (sub == "deadlines") return list(plan.deadlines, DeadlineJson);
  if (sub == "obligations") return list(plan.reporting, ReportingJson);
  if (sub == "diagnostics") return list(plan.diagnostics, DiagnosticJson);
  return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
}

}  // namespace wp::api
