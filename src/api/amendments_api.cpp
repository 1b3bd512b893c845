// Amendments of a published program (issue 18):
//   GET/POST /api/v1/programs/{id}/amendments, GET/PUT /api/v1/amendments/{id},
//   POST /api/v1/amendments/{id}/submit|withdraw|return|forward|approve|refuse,
//   GET /api/v1/programs/{id}/versions, GET/POST /api/v1/delegations, DELETE …/{id}.

#include <algorithm>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"
#include "service/amendments.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;

constexpr size_t kMaxChanges = 50;

ordered_json ActorJson(const std::optional<service::AmendmentActor>& a) {
  if (!a) return nullptr;
  return {{"id", a->id},
          {"username", a->username},
          {"display_name", a->display_name},
          {"title", a->title}};
}

ordered_json ChangeJson(const service::AmendmentChangeView& c) {
  return {{"kind", domain::ChangeKindName(c.change.kind)},
          {"locator", c.change.locator},
          {"label", c.label},
          {"value", c.change.value},
          {"before", c.change.before},
          {"after", c.change.after},
          {"assigned_task_id", c.change.assigned_task_id.empty()
                                   ? ordered_json(nullptr)
                                   : ordered_json(c.change.assigned_task_id)}};
}

ordered_json AmendmentJson(const service::AmendmentView& a) {
  ordered_json changes = ordered_json::array();
  for (const auto& c : a.changes) changes.push_back(ChangeJson(c));
  ordered_json submitted = nullptr, forwarded = nullptr, decided = nullptr;
  if (a.submitted_at) submitted = {{"at", *a.submitted_at}, {"by", ActorJson(a.submitted_by)}};
  if (a.forwarded_at) {
    forwarded = {
        {"at", *a.forwarded_at}, {"by", ActorJson(a.forwarded_by)}, {"opinion", a.planner_opinion}};
  }
  if (a.decided_at) {
    decided = {{"at", *a.decided_at},
               {"by", ActorJson(a.decided_by)},
               {"delegation_id", a.delegation_id ? ordered_json(*a.delegation_id) : nullptr},
               {"decision_number", a.decision_number},
               {"comment", a.decision_comment}};
  }
  return {{"id", a.id},
          {"program_id", a.program_id},
          {"unit", {{"id", a.unit_id}, {"code", a.unit_code}, {"name", a.unit_name}}},
          {"status", domain::AmendmentStatusName(a.status)},
          {"version", a.version},
          {"effective_from", a.effective_from.ToIso()},
          {"reason", a.reason},
          {"changes", std::move(changes)},
          {"submitted", std::move(submitted)},
          {"forwarded", std::move(forwarded)},
          {"decided", std::move(decided)},
          {"comment", a.decision_comment},
          {"program_version", a.program_version ? ordered_json(*a.program_version) : nullptr},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at},
          {"actions", a.actions}};
}

ordered_json VersionJson(const service::ProgramVersionView& v) {
  ordered_json changes = ordered_json::array();
  for (const auto& c : v.changes) changes.push_back(ChangeJson(c));
  return {{"version", v.version},
          {"effective_from", v.effective_from.ToIso()},
          {"amendment_id", v.amendment_id ? ordered_json(*v.amendment_id) : nullptr},
          {"approved_at", v.approved_at},
          {"approved_by", ActorJson(v.approved_by)},
          {"reason", v.reason},
          {"decision_number", v.decision_number},
          {"changes", std::move(changes)}};
}

ordered_json DelegationJson(const service::DelegationView& v) {
  const auto& d = v.delegation;
  return {{"id", d.id},
          {"grantee", ActorJson(v.grantee)},
          {"granted_by", ActorJson(v.granted_by)},
          {"areas", d.areas},
          {"valid_from", d.valid_from.ToIso()},
          {"valid_to", d.valid_to ? ordered_json(d.valid_to->ToIso()) : nullptr},
          {"revoked_at", OptJson(d.revoked_at)},
          {"created_at", d.created_at},
          {"in_force", v.in_force}};
}

core::Error Invalid(std::vector<core::ErrorDetail> problems) {
  auto e = Err(ErrorCode::kInvalidArgument, "amendment_invalid",
               "Đề nghị điều chỉnh chưa hợp lệ; chưa lưu gì");
  if (problems.size() > 100) problems.resize(100);
  e.details = std::move(problems);
  return e;
}

std::optional<int64_t> IntField(const ordered_json& j, const char* key, bool required,
                                std::vector<core::ErrorDetail>& problems) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) problems.push_back({key, "Cần giá trị số nguyên"});
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    problems.push_back({key, "Cần giá trị số nguyên"});
    return std::nullopt;
  }
  return it->get<int64_t>();
}

std::optional<core::CivilDate> DateField(const ordered_json& j, const char* key, bool required,
                                         std::vector<core::ErrorDetail>& problems) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) problems.push_back({key, "Cần ngày theo dạng YYYY-MM-DD"});
    return std::nullopt;
  }
  std::optional<core::CivilDate> d;
  if (it->is_string()) d = core::ParseIsoDate(it->get<std::string>());
  if (!d) problems.push_back({key, "Ngày theo dạng YYYY-MM-DD"});
  return d;
}

// A change's value: a string, or a number as a client may send a target's value.
std::string ValueText(const ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return "";
}

core::Result<service::AmendmentInput> ReadInput(const ordered_json& j) {
  service::AmendmentInput in;
  std::vector<core::ErrorDetail> problems;
  if (auto u = IntField(j, "unit_id", false, problems)) in.unit_id = *u;
  in.effective_from = DateField(j, "effective_from", true, problems);
  in.reason = StringField(j, "reason", false, problems).value_or("");
  if (auto s = j.find("submit"); s != j.end() && !s->is_null()) {
    if (!s->is_boolean()) {
      problems.push_back({"submit", "submit là true hoặc false"});
    } else {
      in.submit = s->get<bool>();
    }
  }
  auto changes = j.find("changes");
  if (changes == j.end() || !changes->is_array() || changes->size() > kMaxChanges) {
    problems.push_back(
        {"changes", "Cần danh sách các thay đổi {kind, locator, value} (tối đa 50)"});
  } else {
    for (size_t i = 0; i < changes->size(); ++i) {
      const auto& c = (*changes)[i];
      const std::string at = "changes[" + std::to_string(i) + "]";
      if (!c.is_object()) {
        problems.push_back({at, "Mỗi thay đổi là {kind, locator, value}"});
        continue;
      }
      service::AmendmentChangeInput x;
      auto kind = c.find("kind");
      auto locator = c.find("locator");
      if (kind == c.end() || !kind->is_string()) {
        problems.push_back({at + ".kind", "Cần loại thay đổi"});
        continue;
      }
      if (locator == c.end() || !locator->is_string()) {
        problems.push_back({at + ".locator", "Cần vị trí (target:17, section:II.2.1 …)"});
        continue;
      }
      x.kind = kind->get<std::string>();
      x.locator = locator->get<std::string>();
      if (auto v = c.find("value"); v != c.end() && !v->is_null()) {
        if (!v->is_string() && !v->is_number()) {
          problems.push_back({at + ".value", "Giá trị là một chuỗi hoặc một số"});
          continue;
        }
        x.value = ValueText(*v);
      }
      in.changes.push_back(std::move(x));
    }
  }
  if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
  return in;
}

}  // namespace

std::vector<Route> Api::AmendmentRoutes() {
  using openapi::Body;
  using openapi::ItemsOf;
  using openapi::Op;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  std::vector<Route> routes;
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/amendments", Access::kSignedIn,
       With(Op("Các đề nghị điều chỉnh chương trình: của đơn vị mình và mọi đề nghị đã phê duyệt "
               "(người thấy mọi đơn vị: tất cả), mới sửa trước",
               ItemsOf("Amendment"), {400, 401, 404}),
            {Param("status", "query", "string",
                   "draft | submitted | returned | forwarded | approved | refused | withdrawn"),
             Param("unit", "query", "integer", "Số hiệu đơn vị đề nghị")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         service::AmendmentListFilter f;
         if (auto s = OptQuery(req, "status")) {
           f.status = domain::ParseAmendmentStatus(*s);
           if (!f.status) {
             return tl::unexpected(BadParameter(
                 req, "status",
                 "draft, submitted, returned, forwarded, approved, refused hoặc withdrawn"));
           }
         }
         WP_ASSIGN_OR_RETURN(f.unit, OptIdParam(req, "unit"));
         WP_ASSIGN_OR_RETURN(auto list, service_.amendments.List(who, program, f));
         return ItemsResponse(list, AmendmentJson);
       }});
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/amendments", Access::kSignedIn,
       Op("Lập đề nghị điều chỉnh chương trình đã ban hành (đơn vị chủ trì mục hoặc tổng hợp chỉ "
          "tiêu; Vụ Kế hoạch cho mọi đơn vị): ngày áp dụng, lý do, các thay đổi; submit: gửi luôn",
          Ref("Amendment"), {400, 401, 403, 404, 409}, 201),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto in, ReadInput(j));
         WP_ASSIGN_OR_RETURN(auto v, service_.amendments.Save(who, program, std::nullopt, 0, in));
         Response r = Json(201, AmendmentJson(v));
         r.headers.emplace_back("Location", "/api/v1/amendments/" + std::to_string(v.id));
         return r;
       },
       domain::Permission::kProposeAmendments,
       "Chỉ đơn vị (nhập liệu, phê duyệt) và Vụ Kế hoạch lập đề nghị điều chỉnh"});
  routes.back().doc["requestBody"] = Body("application/json", Ref("AmendmentInput"));
  routes.push_back(
      {"GET", "/api/v1/amendments/{id}", Access::kSignedIn,
       Op("Một đề nghị điều chỉnh: các thay đổi (trước → sau), ai gửi, ai chuyển, ai quyết định",
          Ref("Amendment"), {401, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto v, service_.amendments.Get(who, id));
         return Json(200, AmendmentJson(v));
       }});
  routes.push_back(
      {"PUT", "/api/v1/amendments/{id}", Access::kSignedIn,
       Op("Sửa đề nghị (nháp hoặc bị trả lại) ở phiên bản đã đọc: {version, effective_from, "
          "reason, changes, submit?}",
          Ref("Amendment"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         auto version = IntField(j, "version", true, problems);
         if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
         WP_ASSIGN_OR_RETURN(auto in, ReadInput(j));
         WP_ASSIGN_OR_RETURN(auto v, service_.amendments.Save(who, 0, id, *version, in));
         return Json(200, AmendmentJson(v));
       },
       domain::Permission::kProposeAmendments,
       "Chỉ đơn vị đề nghị và Vụ Kế hoạch sửa đề nghị điều chỉnh"});
  routes.back().doc["requestBody"] = Body("application/json", Ref("AmendmentInput"));
  struct ActionRoute {
    domain::AmendmentAction action;
    const char* summary;
    domain::Permission permission;
    const char* denied;
  };
  const ActionRoute actions[] = {
      {domain::AmendmentAction::kSubmit, "Gửi đề nghị điều chỉnh tới Vụ Kế hoạch – Tài chính",
       domain::Permission::kProposeAmendments, "Chỉ đơn vị đề nghị gửi được"},
      {domain::AmendmentAction::kWithdraw, "Rút đề nghị (chưa chuyển Lãnh đạo Bộ)",
       domain::Permission::kProposeAmendments, "Chỉ đơn vị đề nghị rút được"},
      {domain::AmendmentAction::kReturn, "Trả lại đơn vị đề nghị, kèm ý kiến (comment bắt buộc)",
       domain::Permission::kReviewAmendments, "Chỉ Vụ Kế hoạch – Tài chính trả lại được"},
      {domain::AmendmentAction::kForward,
       "Chuyển Lãnh đạo Bộ xem xét, kèm ý kiến của Vụ Kế hoạch (comment)",
       domain::Permission::kReviewAmendments, "Chỉ Vụ Kế hoạch – Tài chính chuyển được"},
      {domain::AmendmentAction::kApprove,
       "Phê duyệt (Bộ trưởng; Thứ trưởng trong lĩnh vực được ủy quyền): chương trình có phiên "
       "bản mới từ ngày áp dụng; decision_number: số quyết định điều chỉnh (không bắt buộc)",
       domain::Permission::kDecideAmendments, "Chỉ Lãnh đạo Bộ phê duyệt điều chỉnh"},
      {domain::AmendmentAction::kRefuse, "Không đồng ý (comment: lý do)",
       domain::Permission::kDecideAmendments, "Chỉ Lãnh đạo Bộ quyết định điều chỉnh"},
  };
  for (const auto& a : actions) {
    const domain::AmendmentAction action = a.action;
    routes.push_back(
        {"POST", std::string("/api/v1/amendments/{id}/") + domain::AmendmentActionName(action),
         Access::kSignedIn, Op(a.summary, Ref("Amendment"), {400, 401, 403, 404, 409}),
         [this, action](const Request& req, const Principal& who,
                        const Call& call) -> core::Result<Response> {
           WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
           WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
           std::vector<core::ErrorDetail> problems;
           auto version = IntField(j, "version", true, problems);
           auto comment = StringField(j, "comment", false, problems).value_or("");
           auto number = StringField(j, "decision_number", false, problems).value_or("");
           if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
           WP_ASSIGN_OR_RETURN(auto v,
                               service_.amendments.Act(who, id, *version, action, comment, number));
           return Json(200, AmendmentJson(v));
         },
         a.permission, a.denied});
    routes.back().doc["requestBody"] = Body("application/json", Ref("AmendmentAction"));
  }
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/versions", Access::kSignedIn,
       Op("Các phiên bản của chương trình: 1 là bản ban hành, mỗi lần phê duyệt điều chỉnh thêm "
          "một phiên bản có hiệu lực từ ngày áp dụng",
          ItemsOf("ProgramVersion"), {401, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto list, service_.amendments.Versions(who, program));
         return ItemsResponse(list, VersionJson);
       }});
  routes.push_back(
      {"GET", "/api/v1/delegations", Access::kSignedIn,
       Op("Các ủy quyền của Bộ trưởng cho Thứ trưởng quyết định điều chỉnh theo lĩnh vực "
          "(quản trị, Vụ Kế hoạch, Lãnh đạo Bộ)",
          ItemsOf("Delegation"), {401, 403}),
       [this](const Request&, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto list, service_.amendments.Delegations(who));
         return ItemsResponse(list, DelegationJson);
       }});
  routes.push_back(
      {"POST", "/api/v1/delegations", Access::kSignedIn,
       Op("Giao quyền (Bộ trưởng, hoặc quản trị viên ghi nhận quyết định của Bộ trưởng): "
          "{grantee_id, areas: [\"II.2\"] (rỗng: mọi lĩnh vực), valid_from, valid_to?}",
          Ref("Delegation"), {400, 401, 403}, 201),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::vector<core::ErrorDetail> problems;
         service::DelegationInput in;
         in.grantee = IntField(j, "grantee_id", true, problems).value_or(0);
         if (auto a = j.find("areas"); a != j.end() && !a->is_null()) {
           if (!a->is_array() || a->size() > 20 ||
               !std::all_of(a->begin(), a->end(), [](const auto& x) { return x.is_string(); })) {
             problems.push_back({"areas", "Danh sách lĩnh vực (\"II.2\"), tối đa 20"});
           } else {
             for (const auto& x : *a) in.areas.push_back(x.get<std::string>());
           }
         }
         in.valid_from = DateField(j, "valid_from", true, problems);
         in.valid_to = DateField(j, "valid_to", false, problems);
         if (!problems.empty()) {
           auto e = Err(ErrorCode::kInvalidArgument, "delegation_invalid",
                        "Ủy quyền chưa hợp lệ; chưa lưu gì");
           e.details = std::move(problems);
           return tl::unexpected(e);
         }
         WP_ASSIGN_OR_RETURN(auto v, service_.amendments.Grant(who, in));
         return Json(201, DelegationJson(v));
       },
       domain::Permission::kGrantDelegations, "Chỉ Bộ trưởng hoặc quản trị viên giao quyền"});
  routes.back().doc["requestBody"] = Body("application/json", Ref("DelegationInput"));
  routes.push_back(
      {"DELETE", "/api/v1/delegations/{id}", Access::kSignedIn,
       Op("Thu hồi một ủy quyền", openapi::Obj({{"revoked", "boolean"}}), {401, 403, 404, 409}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_RETURN_IF_ERROR(service_.amendments.Revoke(who, id));
         return Json(200, {{"revoked", true}});
       },
       domain::Permission::kGrantDelegations, "Chỉ Bộ trưởng hoặc quản trị viên thu hồi ủy quyền"});
  return routes;
}

}  // namespace wp::api
