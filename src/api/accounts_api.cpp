// The accounts' endpoints: sign-in and sessions, the signed-in account and its password, API
// tokens, the accounts an admin manages (edit, deactivate, password reset codes), the public
// password reset, and the audit log.

#include <algorithm>
#include <cctype>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;
using openapi::Body;
using openapi::ItemsOf;
using openapi::Obj;
using openapi::Op;
using openapi::Param;
using openapi::Ref;

ordered_json UserJson(const service::UserView& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", domain::RoleName(u.role)},
          {"unit_id", u.unit ? ordered_json(*u.unit) : ordered_json(nullptr)},
          {"unit_code", u.unit ? ordered_json(u.unit_code) : ordered_json(nullptr)},
          {"unit_name", u.unit ? ordered_json(u.unit_name) : ordered_json(nullptr)},
          {"active", u.active},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at},
          {"last_login_at", OptJson(u.last_login_at)},
          {"title", u.title}};
}

ordered_json TokenJson(const service::ApiTokenView& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", t.created_at},
          {"expires_at", OptJson(t.expires_at)},
          {"last_used_at", OptJson(t.last_used_at)},
          {"revoked_at", OptJson(t.revoked_at)},
          {"expired", t.expired}};
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

// An error answered by the route itself: a status the code does not map to (415), or a header
// (429's Retry-After, from the error's "retry_after" detail).
Response ErrorAnswer(int status, const core::Error& e) {
  Response r;
  r.status = status;
  r.body = ErrorBody(e);
  for (const auto& d : e.details) {
    if (d.field == "retry_after") r.headers.emplace_back("Retry-After", d.message);
  }
  return r;
}

// `result`, or its error answered with Retry-After when it is a 429.
template <typename T>
core::Result<T> Limited(core::Result<T> result, Response& limited) {
  if (!result && result.error().code == ErrorCode::kResourceExhausted) {
    limited = ErrorAnswer(429, result.error());
  }
  return result;
}

// A body that is not JSON is refused before it is read: a form or text/plain can be posted by
// another site's page without a preflight (login CSRF).
std::optional<Response> NotJson(const Request& req) {
  const std::string* ct = req.Header("content-type");
  std::string type = ct ? ct->substr(0, ct->find(';')) : "";
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type == "application/json") return std::nullopt;
  return ErrorAnswer(415, Err(ErrorCode::kInvalidArgument, "unsupported_media_type",
                              "Gửi dữ liệu dạng JSON (Content-Type: application/json)"));
}

std::optional<int64_t> OptInt(const ordered_json& j, const char* key,
                              std::vector<core::ErrorDetail>& problems) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    problems.push_back({key, "Phải là số nguyên"});
    return std::nullopt;
  }
  return it->get<int64_t>();
}

// A unit given as an id or a code; "" for null (none).
std::optional<std::string> UnitField(const ordered_json& j,
                                     std::vector<core::ErrorDetail>& problems) {
  auto it = j.find("unit_id");
  if (it == j.end()) return std::nullopt;
  if (it->is_null()) return std::string();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (it->is_string()) return it->get<std::string>();
  problems.push_back({"unit_id", "Phải là số hiệu hoặc mã đơn vị"});
  return std::nullopt;
}

std::optional<domain::Role> RoleField(const ordered_json& j, bool required,
                                      std::vector<core::ErrorDetail>& problems) {
  auto role = StringField(j, "role", required, problems);
  if (!role) return std::nullopt;
  if (auto r = domain::ParseRole(*role)) return r;
  problems.push_back({"role", "Vai trò là admin, planner, editor, approver, viewer hoặc leader"});
  return std::nullopt;
}

}  // namespace

std::string Api::ClientAddress(const Request& req) const {
  const auto& proxies = options_.trusted_proxies;
  if (std::find(proxies.begin(), proxies.end(), req.client) == proxies.end()) return req.client;
  const std::string* forwarded = req.Header("x-forwarded-for");
  if (forwarded == nullptr) return req.client;
  // The address the proxy appended last: the one it saw.
  std::string last = forwarded->substr(forwarded->rfind(',') + 1);
  last.erase(0, last.find_first_not_of(' '));
  while (!last.empty() && last.back() == ' ') last.pop_back();
  return last.empty() || last.size() > 64 ? req.client : last;
}

bool Api::SecureRequest(const Request& req) const {
  if (options_.secure_cookies) return true;
  const auto& proxies = options_.trusted_proxies;
  if (std::find(proxies.begin(), proxies.end(), req.client) == proxies.end()) return false;
  const std::string* proto = req.Header("x-forwarded-proto");
  return proto != nullptr && *proto == "https";
}

std::vector<Route> Api::AccountRoutes() {
  std::vector<Route> routes;
  // Sign-in does not need a session.
  routes.push_back(
      {"POST", "/api/v1/session", Access::kPublic,
       Op("Đăng nhập (JSON; một biểu mẫu hay text/plain: 415); đặt cookie phiên (HttpOnly, "
          "SameSite=Strict, Secure sau HTTPS); sai quá nhiều lần: 429 với Retry-After",
          Ref("Session"), {400, 401, 415, 429}),
       [this](const Request& req, const Principal&, const Call&) -> core::Result<Response> {
         if (auto refused = NotJson(req)) return *refused;
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         auto user = StringField(j, "username", true, problems);
         auto pass = StringField(j, "password", true, problems);
         WP_RETURN_IF_ERROR(Check(std::move(problems)));
         Response limited;
         auto login = Limited(service_.accounts.Login(*user, *pass, ClientAddress(req)), limited);
         if (!login && limited.status == 429) return limited;
         if (!login) return tl::unexpected(login.error());
         auto me = service_.accounts.Me(login->principal);
         Response r = Json(200, {{"csrf_token", login->csrf_token},
                                 {"expires_at", login->expires_at},
                                 {"user", me ? UserJson(*me) : ordered_json(nullptr)}});
         std::string cookie = std::string(kSessionCookie) + "=" + login->session_token +
                              "; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800";
         if (SecureRequest(req)) cookie += "; Secure";
         r.headers.emplace_back("Set-Cookie", cookie);
         return r;
       }});
  routes.back().doc["requestBody"] =
      Body("application/json", Obj({{"username", "string"}, {"password", "string"}}));
  routes.push_back(
      {"GET", "/api/v1/session", Access::kSignedIn,
       Op("Phiên hiện tại và mã CSRF", Ref("Session"), {401}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         const Caller& ctx = *call.caller;
         WP_ASSIGN_OR_RETURN(auto me, service_.accounts.Me(who));
         return Json(200, {{"csrf_token",
                            ctx.via_session ? ordered_json(ctx.csrf_token) : ordered_json(nullptr)},
                           {"expires_at",
                            ctx.via_session ? ordered_json(ctx.expires_at) : ordered_json(nullptr)},
                           {"user", UserJson(me)}});
       }});
  routes.push_back(
      {"DELETE",
       "/api/v1/session",
       Access::kSignedIn,
       {{"summary", "Đăng xuất"}, {"responses", {{"204", {{"description", "Đã đăng xuất"}}}}}},
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         const Caller& ctx = *call.caller;
         if (ctx.via_session) WP_RETURN_IF_ERROR(service_.accounts.Logout(who, ctx.session_token));
         Response r = NoContent();
         r.headers.emplace_back("Set-Cookie",
                                std::string(kSessionCookie) +
                                    "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                    (SecureRequest(req) ? "; Secure" : ""));
         return r;
       }});
  routes.push_back(
      {"GET", "/api/v1/me", Access::kSignedIn, Op("Tài khoản đang đăng nhập", Ref("User"), {401}),
       [this](const Request&, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto me, service_.accounts.Me(who));
         return Json(200, UserJson(me));
       }});
  routes.push_back(
      {"PUT",
       "/api/v1/me/password",
       Access::kSignedIn,
       {{"summary",
         "Đổi mật khẩu của mình (cần mật khẩu hiện tại); các phiên khác của tài khoản kết thúc"},
        {"responses",
         {{"204", {{"description", "Đã đổi"}}}, {"400", openapi::ErrorResponses({400})["400"]}}}},
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         auto current = StringField(j, "current_password", true, problems);
         auto next = StringField(j, "new_password", true, problems);
         WP_RETURN_IF_ERROR(Check(std::move(problems)));
         const Caller& ctx = *call.caller;
         WP_RETURN_IF_ERROR(service_.accounts.ChangePassword(
             who, ctx.via_session ? ctx.session_token : "", *current, *next));
         return NoContent();
       }});
  routes.back().doc["requestBody"] =
      Body("application/json", Obj({{"current_password", "string"}, {"new_password", "string"}}));
  routes.push_back(
      {"POST",
       "/api/v1/password-reset",
       Access::kPublic,
       {{"summary",
         "Đặt mật khẩu mới bằng mã đặt lại (một lần, 30 phút); mọi phiên của tài khoản kết thúc"},
        {"responses",
         {{"204", {{"description", "Đã đặt"}}},
          {"400", openapi::ErrorResponses({400})["400"]},
          {"429", openapi::ErrorResponses({429})["429"]}}}},
       [this](const Request& req, const Principal&, const Call&) -> core::Result<Response> {
         if (auto refused = NotJson(req)) return *refused;
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         auto code = StringField(j, "code", true, problems);
         auto next = StringField(j, "new_password", true, problems);
         WP_RETURN_IF_ERROR(Check(std::move(problems)));
         auto done = service_.accounts.ResetPassword(*code, *next, ClientAddress(req));
         if (!done && done.error().code == ErrorCode::kResourceExhausted) {
           return ErrorAnswer(429, done.error());
         }
         if (!done) return tl::unexpected(done.error());
         return NoContent();
       }});
  routes.back().doc["requestBody"] =
      Body("application/json", Obj({{"code", "string"}, {"new_password", "string"}}));
  routes.push_back(
      {"GET", "/api/v1/tokens", Access::kSignedIn,
       openapi::With(Op("Mã truy cập (API token) của mình; admin: của tài khoản user_id",
                        ItemsOf("ApiToken"), {400, 401, 403}),
                     {Param("user_id", "query", "integer", "Tài khoản (admin)")}),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         std::optional<domain::UserId> user;
         if (auto u = OptQuery(req, "user_id")) {
           user = ParseId(*u);
           if (!user) return tl::unexpected(BadParameter(req, "user_id", "số hiệu tài khoản"));
         }
         WP_ASSIGN_OR_RETURN(auto tokens, service_.accounts.ListApiTokens(who, user));
         return ItemsResponse(tokens, TokenJson);
       }});
  routes.push_back(
      {"POST", "/api/v1/tokens", Access::kSignedIn,
       Op("Tạo mã truy cập (API token) cho tài khoản của mình, hạn 1–365 ngày (mặc định 90); "
          "chỉ hiện một lần",
          Ref("NewApiToken"), {400, 401, 403}, 201),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         auto name = StringField(j, "name", true, problems);
         auto days = OptInt(j, "expires_in_days", problems);
         WP_RETURN_IF_ERROR(Check(std::move(problems)));
         WP_ASSIGN_OR_RETURN(auto t, service_.accounts.CreateApiToken(who, *name, days));
         return Json(
             201,
             {{"id", t.id}, {"token", t.token}, {"name", t.name}, {"expires_at", t.expires_at}});
       }});
  routes.back().doc["requestBody"] =
      Body("application/json", Obj({{"name", "string"}, {"expires_in_days", "integer"}}));
  routes.push_back(
      {"DELETE",
       "/api/v1/tokens/{id}",
       Access::kSignedIn,
       {{"summary", "Thu hồi một mã truy cập (của mình; admin: của bất kỳ ai)"},
        {"parameters", {Param("id", "path", "integer", "Số hiệu mã")}},
        {"responses",
         {{"204", {{"description", "Đã thu hồi"}}},
          {"404", openapi::ErrorResponses({404})["404"]}}}},
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_RETURN_IF_ERROR(service_.accounts.RevokeApiToken(who, id));
         return NoContent();
       }});
  routes.push_back(
      {"GET", "/api/v1/users", Access::kSignedIn,
       Op("Danh sách tài khoản (admin)", ItemsOf("User"), {401, 403}),
       [this](const Request&, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto users, service_.accounts.ListUsers(who));
         return ItemsResponse(users, UserJson);
       }});
  routes.push_back(
      {"POST", "/api/v1/users", Access::kSignedIn,
       Op("Tạo tài khoản (admin); mật khẩu yếu: 400 weak_password", Ref("User"),
          {400, 401, 403, 409}, 201),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         service::NewUser u;
         u.username = StringField(j, "username", true, problems).value_or("");
         u.display_name = StringField(j, "display_name", false, problems).value_or("");
         u.password = StringField(j, "password", true, problems).value_or("");
         if (auto role = RoleField(j, true, problems)) u.role = *role;
         u.unit = UnitField(j, problems).value_or("");
         u.title = StringField(j, "title", false, problems).value_or("");
         WP_RETURN_IF_ERROR(Check(std::move(problems)));
         WP_ASSIGN_OR_RETURN(auto created, service_.accounts.CreateUser(who, u));
         return Json(201, UserJson(created));
       },
       domain::Permission::kManageUsers, "Chỉ quản trị viên được tạo tài khoản"});
  routes.back().doc["requestBody"] = Body("application/json", Ref("NewUser"));
  routes.push_back({"PATCH", "/api/v1/users/{id}", Access::kSignedIn,
                    Op("Sửa họ tên, vai trò, đơn vị của một tài khoản (admin); có hiệu lực ngay",
                       Ref("User"), {400, 401, 403, 404, 409}),
                    [this](const Request& req, const Principal& who,
                           const Call& call) -> core::Result<Response> {
                      WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
                      WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
                      std::vector<core::ErrorDetail> problems;
                      service::UserEdit edit;
                      edit.display_name = StringField(j, "display_name", false, problems);
                      edit.role = RoleField(j, false, problems);
                      edit.unit = UnitField(j, problems);
                      edit.title = StringField(j, "title", false, problems);
                      WP_RETURN_IF_ERROR(Check(std::move(problems)));
                      WP_ASSIGN_OR_RETURN(
                          auto user, service_.accounts.EditUser(who, std::to_string(id), edit));
                      return Json(200, UserJson(user));
                    },
                    domain::Permission::kManageUsers, "Chỉ quản trị viên được sửa tài khoản"});
  routes.back().doc["requestBody"] = Body("application/json", Ref("UserEdit"));
  for (bool active : {false, true}) {
    routes.push_back(
        {"POST", active ? "/api/v1/users/{id}/activate" : "/api/v1/users/{id}/deactivate",
         Access::kSignedIn,
         Op(active ? "Mở lại một tài khoản (admin)"
                   : "Khóa một tài khoản (admin): phiên và mã truy cập của nó hết hiệu lực ngay",
            Ref("User"), {401, 403, 404, 409}),
         [this, active](const Request&, const Principal& who,
                        const Call& call) -> core::Result<Response> {
           WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
           WP_ASSIGN_OR_RETURN(auto user,
                               service_.accounts.SetActive(who, std::to_string(id), active));
           return Json(200, UserJson(user));
         },
         domain::Permission::kManageUsers, "Chỉ quản trị viên được khóa hoặc mở tài khoản"});
  }
  routes.push_back(
      {"POST", "/api/v1/users/{id}/password-reset", Access::kSignedIn,
       Op("Tạo mã đặt lại mật khẩu (admin): dùng một lần, 30 phút; cũng xếp vào hộp thư đi",
          Ref("PasswordResetCode"), {401, 403, 404}, 201),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto issued,
                             service_.accounts.IssuePasswordReset(who, std::to_string(id)));
         return Json(201, {{"code", issued.code},
                           {"reset_url", "/reset?code=" + issued.code},
                           {"expires_at", issued.expires_at}});
       },
       domain::Permission::kManageUsers, "Chỉ quản trị viên được đặt lại mật khẩu"});
  routes.push_back(
      {"GET", "/api/v1/audit/verify", Access::kSignedIn,
       Op("Kiểm tra chuỗi băm của nhật ký và dữ liệu (admin)",
          Obj({{"ok", "boolean"},
               {"entries", "integer"},
               {"programs_checked", "integer"},
               {"users_checked", "integer"},
               {"sessions_checked", "integer"},
               {"tokens_checked", "integer"},
               {"reports_checked", "integer"},
               {"documents_checked", "integer"},
               {"amendments_checked", "integer"},
               {"versions_checked", "integer"},
               {"reports_bulk_loaded", "integer"},
               {"reports_generated", "integer"},
               {"reports_unrecorded", "integer"},
               {"anchor", "object"},
               {"problems", "array"},
               {"findings", "array"}}),
          {401, 403}),
       [this](const Request&, const Principal&, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto v, service_.audit.VerifyAudit());
         // "problems": the messages, as before; "findings": each with its code.
         ordered_json problems = ordered_json::array(), findings = ordered_json::array();
         for (const auto& p : v.problems) {
           problems.push_back(p.message);
           findings.push_back({{"code", p.code}, {"message", p.message}});
         }
         ordered_json anchor = nullptr;
         if (v.anchor_file) anchor = {{"file", *v.anchor_file}, {"records", v.anchor_records}};
         return Json(200, {{"ok", v.ok()},
                           {"entries", v.entries},
                           {"programs_checked", v.programs_checked},
                           {"users_checked", v.users_checked},
                           {"sessions_checked", v.sessions_checked},
                           {"tokens_checked", v.tokens_checked},
                           {"reports_checked", v.reports_checked},
                           {"documents_checked", v.documents_checked},
                           {"amendments_checked", v.amendments_checked},
                           {"versions_checked", v.versions_checked},
                           {"reports_bulk_loaded", v.reports_bulk_loaded},
                           {"reports_generated", v.reports_generated},
                           {"reports_unrecorded", v.reports_unrecorded},
                           {"anchor", std::move(anchor)},
                           {"problems", std::move(problems)},
                           {"findings", std::move(findings)}});
       },
       domain::Permission::kReadAudit, "Chỉ quản trị viên được xem nhật ký"});
  routes.push_back(
      {"GET", "/api/v1/audit", Access::kSignedIn,
       openapi::With(Op("Nhật ký kiểm toán (admin)", ItemsOf("AuditEntry"), {400, 401, 403}),
                     {{{"name", "after"}, {"in", "query"}, {"schema", {{"type", "integer"}}}},
                      {{"name", "limit"},
                       {"in", "query"},
                       {"schema", {{"type", "integer"}, {"maximum", 1000}}}}}),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
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
             return tl::unexpected(Err(ErrorCode::kInvalidArgument, "bad_parameter",
                                       "Tham số limit phải là số dương"));
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
           items.push_back({{"seq", e.seq},
                            {"at", e.event.at},
                            {"actor_id", e.event.actor_id ? ordered_json(*e.event.actor_id)
                                                          : ordered_json(nullptr)},
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
       }});
  return routes;
}

}  // namespace wp::api
