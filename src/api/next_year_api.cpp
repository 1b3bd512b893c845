// Next year's program started from this year's (issue 18):
//   POST /api/v1/programs/{id}/next-year {year} → 201 the draft,
//   GET  /api/v1/programs/{id}/next-year → what the draft carries,
//   GET|POST|PUT /api/v1/programs/{id}/reconcile → the proposals against next year's decision
//   (POST its text, .docx or PDF), the planner's decisions applied (PUT).

#include <algorithm>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;

ordered_json NextYearJson(const service::NextYearView& v) {
  ordered_json targets = ordered_json::array();
  for (const auto& t : v.targets) {
    targets.push_back(
        {{"key", t.key},
         {"target_id", t.target_id},
         {"indicator_code", t.indicator_code},
         {"section", t.section},
         {"name", t.name},
         {"uom", t.uom},
         {"carried_value", Text(t.carried_value)},
         {"carried_from", t.carried_from},
         {"status", t.decision.empty() ? "chờ quyết định năm " + std::to_string(v.year)
                                       : std::string("đã quyết định")},
         {"decision", t.decision.empty() ? ordered_json(nullptr) : ordered_json(t.decision)}});
  }
  ordered_json tasks = ordered_json::array();
  for (const auto& t : v.tasks) {
    tasks.push_back(
        {{"id", t.id},
         {"section", t.section},
         {"text", t.text},
         {"carried_from", t.carried_from},
         {"note", "tiếp tục từ " + std::to_string(v.year - 1)},
         {"decision", t.decision.empty() ? ordered_json(nullptr) : ordered_json(t.decision)}});
  }
  return {{"id", v.program_id},
          {"from", v.from_program},
          {"year", v.year},
          {"revision", v.revision},
          {"matrix_from", v.matrix_from.ToIso()},
          {"decision_name",
           v.decision_name.empty() ? ordered_json(nullptr) : ordered_json(v.decision_name)},
          {"reconciled_at", OptJson(v.reconciled_at)},
          {"targets", std::move(targets)},
          {"tasks", std::move(tasks)}};
}

ordered_json ReconcileJson(const service::ReconcileView& v) {
  ordered_json items = ordered_json::array();
  for (const auto& i : v.items) {
    auto opt = [](const std::string& s) {
      return s.empty() ? ordered_json(nullptr) : ordered_json(s);
    };
    items.push_back({{"key", i.key},
                     {"kind", i.kind},
                     {"match", opt(i.match)},
                     {"section", i.section},
                     {"name", i.name},
                     {"indicator_code", opt(i.indicator_code)},
                     {"carried_from", opt(i.carried_from)},
                     {"carried", opt(i.carried)},
                     {"decided_2013", opt(i.decided_2013)},
                     {"proposal", opt(i.proposal)},
                     {"why", i.why},
                     {"takes", i.takes},
                     {"decision", opt(i.decision)}});
  }
  return {{"program_id", v.program_id},
          {"revision", v.revision},
          {"decision_name",
           v.decision_name.empty() ? ordered_json(nullptr) : ordered_json(v.decision_name)},
          {"reconciled_at", OptJson(v.reconciled_at)},
          {"items", std::move(items)}};
}

// The form of an uploaded decision by its content type (as POST /programs takes it): "" when
// told by its bytes; nullopt for a type it does not take.
std::optional<std::string> FormOf(const Request& req) {
  const std::string* ct = req.Header("content-type");
  std::string type = ct ? ct->substr(0, ct->find(';')) : "";
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type == "text/plain") return "text";
  if (type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    return "docx";
  }
  if (type == "application/pdf") return "pdf";
  if (type.empty() || type == "application/octet-stream") return "";
  return std::nullopt;
}

}  // namespace

std::vector<Route> Api::NextYearRoutes() {
  using openapi::Obj;
  using openapi::Op;
  using openapi::Ref;
  std::vector<Route> routes;
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/next-year", Access::kSignedIn,
       Op("Lập bản nháp chương trình năm sau từ chương trình đã ban hành: dàn ý và đơn vị chủ "
          "trì, mọi chỉ tiêu với mã chỉ tiêu và giá trị năm nay hiệu lực ngày 31/12 (chờ quyết "
          "định năm sau), các nhiệm vụ chưa hoàn thành (tiếp tục), bảng phân công báo cáo từ "
          "ngày 1/1",
          Ref("NextYear"), {400, 401, 403, 404, 409}, 201),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         auto year = j.find("year");
         if (year == j.end() || !year->is_number_integer() || year->get<int64_t>() < 1900 ||
             year->get<int64_t>() > 2999) {
           auto e = Err(ErrorCode::kInvalidArgument, "year_invalid",
                        "Cần gửi năm của chương trình mới (year), ví dụ 2013");
           e.details.push_back({"year", "Số nguyên: năm của chương trình mới"});
           return tl::unexpected(e);
         }
         WP_ASSIGN_OR_RETURN(auto view, service_.next_year.Start(
                                            who, program, static_cast<int>(year->get<int64_t>())));
         Response resp = Json(201, NextYearJson(view));
         resp.headers.emplace_back("Location",
                                   "/api/v1/programs/" + std::to_string(view.program_id));
         return resp;
       }});
  routes.back().doc["requestBody"] = openapi::Body("application/json", Obj({{"year", "integer"}}));
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/next-year", Access::kSignedIn,
       Op("Những gì bản nháp lập từ chương trình năm trước mang theo: chỉ tiêu với giá trị năm "
          "trước, nhiệm vụ tiếp tục, và quyết định đã đối chiếu",
          Ref("NextYear"), {401, 403, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto view, service_.next_year.Get(who, program));
         return Json(200, NextYearJson(view));
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/reconcile", Access::kSignedIn,
       Op("Các đề xuất đối chiếu với quyết định năm sau đã đọc (hoặc các quyết định đã áp dụng)",
          Ref("Reconcile"), {401, 403, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto view, service_.next_year.Proposals(who, program));
         return Json(200, ReconcileJson(view));
       }});
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/reconcile", Access::kSignedIn,
       openapi::With(
           Op("Đọc quyết định năm sau (văn bản UTF-8, .docx hoặc PDF) và đối chiếu với bản "
              "nháp: mỗi chỉ tiêu theo mã chỉ tiêu rồi theo tên và đơn vị tính, mỗi nhiệm vụ "
              "mang theo theo tỷ lệ từ trùng (≥ 60%), trong cùng mục rồi toàn chương trình: "
              "khớp / mới / chỉ có ở năm trước",
              Ref("Reconcile"), {400, 401, 403, 404, 409, 413, 415}),
           {openapi::Param("name", "query", "string", "Tên tệp (ghi vào nhật ký)")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         auto form = FormOf(req);
         if (!form) {
           Response refused;
           refused.status = 415;
           refused.body = ErrorBody(Err(ErrorCode::kInvalidArgument, "unsupported_media_type",
                                        "Gửi quyết định dạng văn bản (text/plain, UTF-8), Word "
                                        "(.docx) hoặc PDF"));
           return refused;
         }
         std::string name(OptQuery(req, "name").value_or(""));
         if (name.size() > 255) name.resize(255);
         WP_ASSIGN_OR_RETURN(auto view,
                             service_.next_year.Reconcile(who, program, req.body, *form, name));
         return Json(200, ReconcileJson(view));
       }});
  routes.back().doc["requestBody"] = openapi::Body("text/plain", {{"type", "string"}});
  for (const char* type :
       {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf", "application/octet-stream"}) {
    routes.back().doc["requestBody"]["content"][type] = {
        {"schema", {{"type", "string"}, {"format", "binary"}}}};
  }
  routes.push_back(
      {"PUT", "/api/v1/programs/{id}/reconcile", Access::kSignedIn,
       Op("Áp dụng quyết định của người lập kế hoạch cho từng đề xuất {revision, decisions: "
          "[{key, take: \"2013\" | \"carried\" | \"drop\"}]}: bản nháp thành chương trình của "
          "quyết định, giữ những gì được giữ lại; sau đó mới ban hành được",
          Ref("Reconcile"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         auto revision = j.find("revision");
         if (revision == j.end() || !revision->is_number_integer()) {
           auto e = Err(ErrorCode::kInvalidArgument, "revision_required",
                        "Cần gửi kèm phiên bản (revision) của lần đối chiếu đã đọc");
           e.details.push_back({"revision", "Số nguyên: phiên bản đã đọc"});
           return tl::unexpected(e);
         }
         auto list = j.find("decisions");
         if (list == j.end() || !list->is_array() || list->size() > 5000) {
           auto e = Err(ErrorCode::kInvalidArgument, "reconcile_invalid",
                        "Cần gửi danh sách quyết định (decisions), tối đa 5000");
           e.details.push_back({"decisions", "Mảng [{key, take}]"});
           return tl::unexpected(e);
         }
         std::vector<service::ReconcileDecision> decisions;
         for (size_t i = 0; i < list->size(); ++i) {
           const auto& d = (*list)[i];
           const std::string field = "decisions[" + std::to_string(i) + "]";
           if (!d.is_object() || !d.contains("key") || !d["key"].is_string() ||
               !d.contains("take") || !d["take"].is_string()) {
             auto e = Err(ErrorCode::kInvalidArgument, "reconcile_invalid",
                          "Mỗi quyết định gồm key và take (chuỗi)");
             e.details.push_back({field, "Cần {key, take}"});
             return tl::unexpected(e);
           }
           decisions.push_back({d["key"].get<std::string>(), d["take"].get<std::string>()});
         }
         WP_ASSIGN_OR_RETURN(auto view, service_.next_year.ApplyReconcile(
                                            who, program, revision->get<int64_t>(), decisions));
         return Json(200, ReconcileJson(view));
       }});
  routes.back().doc["requestBody"] =
      openapi::Body("application/json", Obj({{"revision", "integer"}, {"decisions", "array"}}));

  for (auto [method, pattern] :
       {std::pair<const char*, const char*>{"POST", "/api/v1/programs/{id}/next-year"},
        {"POST", "/api/v1/programs/{id}/reconcile"},
        {"PUT", "/api/v1/programs/{id}/reconcile"}}) {
    RequirePermission(routes, method, pattern, domain::Permission::kManagePrograms,
                      "Chỉ quản trị viên và người lập kế hoạch được lập chương trình năm sau và "
                      "đối chiếu với quyết định");
  }
  return routes;
}

}  // namespace wp::api
