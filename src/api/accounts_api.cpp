// The accounts' endpoints: sign-in and sessions, the signed-in account, API tokens, the
// accounts an admin manages, and the audit log.

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
using openapi::Ref;

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

}  // namespace

std::vector<Route> Api::AccountRoutes() {
  std::vector<Route> routes;
  // Sign-in does not need a session.
  routes.push_back(
      {"POST", "/api/v1/session", Access::kPublic,
       Op("Đăng nhập; đặt cookie phiên (HttpOnly, SameSite=Strict)", Ref("Session"),
          {400, 401, 429}),
       [this](const Request& req, const Principal&, const Call&) -> core::Result<Response> {
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
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         const Caller& ctx = *call.caller;
         if (ctx.via_session) WP_RETURN_IF_ERROR(service_.accounts.Logout(who, ctx.session_token));
         Response r;
         r.status = 204;
         r.content_type.clear();
         r.headers.emplace_back(
             "Set-Cookie",
             std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
         return r;
       }});
  routes.push_back(
      {"GET", "/api/v1/me", Access::kSignedIn, Op("Tài khoản đang đăng nhập", Ref("User"), {401}),
       [this](const Request&, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto me, service_.accounts.Me(who));
         return Json(200, UserJson(me));
       }});
  routes.push_back(
      {"POST", "/api/v1/tokens", Access::kSignedIn,
       Op("Tạo mã truy cập (API token) cho tài khoản của mình; chỉ hiện một lần",
          Obj({{"token", "string"}, {"name", "string"}}), {400, 401, 403}, 201),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         auto name = StringField(j, "name", true, problems);
         WP_RETURN_IF_ERROR(Check(std::move(problems)));
         WP_ASSIGN_OR_RETURN(auto token, service_.accounts.CreateApiToken(who, *name));
         return Json(201, {{"token", token}, {"name", *name}});
       }});
  routes.back().doc["requestBody"] = Body("application/json", Obj({{"name", "string"}}));
  routes.push_back(
      {"GET", "/api/v1/users", Access::kSignedIn,
       Op("Danh sách tài khoản (admin)", ItemsOf("User"), {401, 403}),
       [this](const Request&, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto users, service_.accounts.ListUsers(who));
         return ItemsResponse(users, UserJson);
       }});
  routes.push_back(
      {"POST", "/api/v1/users", Access::kSignedIn,
       Op("Tạo tài khoản (admin)", Ref("User"), {400, 401, 403, 409}, 201),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
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
             problems.push_back(
                 {"role", "Vai trò là admin, planner, editor, approver hoặc viewer"});
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
       },
       domain::Permission::kManageUsers, "Chỉ quản trị viên được tạo tài khoản"});
  routes.back().doc["requestBody"] = Body("application/json", Ref("NewUser"));
  routes.push_back(
      {"GET", "/api/v1/audit/verify", Access::kSignedIn,
       Op("Kiểm tra chuỗi băm của nhật ký và dữ liệu (admin)",
          Obj({{"ok", "boolean"},
               {"entries", "integer"},
               {"programs_checked", "integer"},
               {"users_checked", "integer"},
               {"reports_checked", "integer"},
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
                           {"reports_checked", v.reports_checked},
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
