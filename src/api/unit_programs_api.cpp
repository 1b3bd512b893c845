// Each unit's own program (issue 18):
//   GET /api/v1/programs/{id}/unit-programs?status=&unit=,
//   GET|PUT /api/v1/programs/{id}/unit-programs/{unit},
//   POST /api/v1/unit-programs/{id}/submit|return|accept|reopen,
//   GET /api/v1/unit-programs/{id}/versions/{version}.

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"
#include "api/unit_program_json.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;

ordered_json AccountJson(const service::AccountRef& a) {
  return {{"id", a.id}, {"username", a.username}, {"display_name", a.display_name}};
}

ordered_json TaskJson(const service::UnitProgramView& v, size_t ord) {
  const auto& t = v.content.tasks[ord];
  ordered_json user = nullptr;
  if (t.responsible_user) {
    if (auto it = v.people.find(*t.responsible_user); it != v.people.end()) {
      user = AccountJson(it->second);
    } else {
      user = {{"id", *t.responsible_user}, {"username", nullptr}, {"display_name", nullptr}};
    }
  }
  return {{"id", t.id ? ordered_json(domain::UnitTaskId(t.id)) : ordered_json(nullptr)},
          {"ord", ord},
          {"serves", t.serves},
          {"text", t.text},
          {"responsible", {{"user", std::move(user)}, {"name", t.responsible_name}}},
          {"start", OptDate(t.start)},
          {"due", OptDate(t.due)},
          {"output", t.output},
          {"carried_from",
           t.carried_from.empty() ? ordered_json(nullptr) : ordered_json(t.carried_from)},
          {"dropped_from", OptDate(t.dropped_from)}};
}

ordered_json TargetJson(const domain::UnitTarget& t, size_t ord) {
  return {{"ord", ord},
          {"target_id", t.target_id ? ordered_json(*t.target_id) : ordered_json(nullptr)},
          {"indicator_code", t.indicator_code},
          {"name", t.name},
          {"uom", t.uom},
          {"value", t.value ? ordered_json(Text(*t.value)) : ordered_json(nullptr)},
          {"comparator", t.comparator ? ordered_json(domain::ComparatorName(*t.comparator))
                                      : ordered_json(nullptr)},
          {"serves", t.serves}};
}

ordered_json UnitProgramJson(const service::Services& svc, const service::UnitProgramView& v) {
  ordered_json items = ordered_json::array();
  for (const auto& item : v.items) {
    ordered_json tasks = ordered_json::array();
    for (size_t i : item.tasks) tasks.push_back(TaskJson(v, i));
    items.push_back(
        {{"key", item.key},
         {"kind", item.kind},
         {"title", item.title},
         {"role", item.role},
         {"allocation", item.allocation
                            ? ordered_json{{"value", Text(*item.allocation)}, {"uom", item.uom}}
                            : ordered_json(nullptr)},
         {"tasks", std::move(tasks)}});
  }
  ordered_json unassigned = ordered_json::array();
  for (size_t i : v.unassigned) unassigned.push_back(TaskJson(v, i));
  ordered_json targets = ordered_json::array();
  for (size_t i = 0; i < v.content.targets.size(); ++i) {
    targets.push_back(TargetJson(v.content.targets[i], i));
  }
  ordered_json accounts = ordered_json::array();
  for (const auto& a : v.accounts) accounts.push_back(AccountJson(a));
  ordered_json history = ordered_json::array();
  for (const auto& h : v.history) {
    history.push_back({{"version", h.version},
                       {"action", domain::UnitProgramActionName(h.action)},
                       {"at", h.at},
                       {"by", h.by ? AccountJson(*h.by) : ordered_json(nullptr)},
                       {"comment", h.comment}});
  }
  return {{"id", v.id ? ordered_json(*v.id) : ordered_json(nullptr)},
          {"program_id", v.program_id},
          {"unit", UnitRef(svc, v.unit_id)},
          {"obligation", v.obligation},
          {"status", domain::UnitProgramStatusName(v.status)},
          {"version", v.version},
          {"due", v.due.ToIso()},
          {"late", v.late},
          {"first_submitted_at", OptJson(v.first_submitted_at)},
          {"submitted_at", OptJson(v.submitted_at)},
          {"decided_at", OptJson(v.decided_at)},
          {"accepted_version",
           v.accepted_version ? ordered_json(*v.accepted_version) : ordered_json(nullptr)},
          {"decision",
           {{"number", v.content.decision_number},
            {"date", OptDate(v.content.decision_date)},
            {"signer", v.content.signer}}},
          {"comment", v.comment},
          {"items", std::move(items)},
          {"unassigned", std::move(unassigned)},
          {"targets", std::move(targets)},
          {"accounts", std::move(accounts)},
          {"history", std::move(history)}};
}

// Reads the PUT body's fields, each wrong one named ("tasks[3].start").
class BodyReader {
 public:
  std::vector<core::ErrorDetail> problems;

  std::string Str(const ordered_json& j, const char* key, const std::string& at) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return "";
    if (!it->is_string()) {
      problems.push_back({at + key, "Cần một chuỗi"});
      return "";
    }
    return it->get<std::string>();
  }
  std::optional<core::CivilDate> Date(const ordered_json& j, const char* key,
                                      const std::string& at) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    std::optional<core::CivilDate> d;
    if (it->is_string()) d = core::ParseIsoDate(it->get<std::string>());
    if (!d) problems.push_back({at + key, "Ngày theo dạng YYYY-MM-DD"});
    return d;
  }
  std::optional<int64_t> Id(const ordered_json& j, const char* key, const std::string& at) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
      problems.push_back({at + key, "Cần một số hiệu (số nguyên dương)"});
      return std::nullopt;
    }
    return it->get<int64_t>();
  }
};

constexpr size_t kMaxTargetsSent = domain::kMaxUnitTargets;

core::Error Invalid(std::vector<core::ErrorDetail> details) {
  auto e = Err(ErrorCode::kInvalidArgument, "unit_program_invalid",
               "Chương trình công tác gửi lên chưa hợp lệ; chưa lưu gì" +
                   (details.empty() ? std::string() : ": " + details.front().message));
  if (details.size() > 100) details.resize(100);
  e.details = std::move(details);
  return e;
}

struct UnitProgramPut {
  int64_t version = 0;
  domain::UnitProgramContent content;
};

core::Result<UnitProgramPut> ReadUnitProgramPut(const ordered_json& j) {
  UnitProgramPut in;
  BodyReader r;
  auto version = j.find("version");
  if (version == j.end() || !version->is_number_integer() || version->get<int64_t>() < 0) {
    r.problems.push_back({"version", "Cần phiên bản đã đọc (số nguyên, 0 khi lập mới)"});
  } else {
    in.version = version->get<int64_t>();
  }
  if (auto d = j.find("decision"); d != j.end() && !d->is_null()) {
    if (!d->is_object()) {
      r.problems.push_back({"decision", "Cần {number, date, signer}"});
    } else {
      in.content.decision_number = r.Str(*d, "number", "decision.");
      in.content.decision_date = r.Date(*d, "date", "decision.");
      in.content.signer = r.Str(*d, "signer", "decision.");
    }
  }
  auto tasks = j.find("tasks");
  if (tasks == j.end() || !tasks->is_array()) {
    r.problems.push_back({"tasks", "Cần danh sách nhiệm vụ (có thể rỗng)"});
    return tl::unexpected(Invalid(std::move(r.problems)));
  }
  if (tasks->size() > domain::kMaxUnitTasks) {
    r.problems.push_back(
        {"tasks", "Quá nhiều nhiệm vụ (tối đa " + std::to_string(domain::kMaxUnitTasks) + ")"});
    return tl::unexpected(Invalid(std::move(r.problems)));
  }
  for (size_t i = 0; i < tasks->size(); ++i) {
    const auto& t = (*tasks)[i];
    const std::string at = "tasks[" + std::to_string(i) + "].";
    if (!t.is_object()) {
      r.problems.push_back(
          {"tasks[" + std::to_string(i) + "]", "Mỗi nhiệm vụ là một đối tượng {serves, text, …}"});
      continue;
    }
    domain::UnitTask task;
    if (auto id = t.find("id"); id != t.end() && !id->is_null()) {
      std::optional<int64_t> parsed;
      if (id->is_string()) parsed = domain::ParseUnitTaskId(id->get<std::string>());
      if (id->is_number_integer() && id->get<int64_t>() > 0) parsed = id->get<int64_t>();
      if (!parsed) {
        r.problems.push_back({at + "id", "Mã nhiệm vụ của đơn vị: \"u:<số>\""});
      } else {
        task.id = *parsed;
      }
    }
    task.serves = r.Str(t, "serves", at);
    task.text = r.Str(t, "text", at);
    task.responsible_user = r.Id(t, "responsible_user_id", at);
    task.responsible_name = r.Str(t, "responsible_name", at);
    task.start = r.Date(t, "start", at);
    task.due = r.Date(t, "due", at);
    task.output = r.Str(t, "output", at);
    task.carried_from = r.Str(t, "carried_from", at);
    task.dropped_from = r.Date(t, "dropped_from", at);
    in.content.tasks.push_back(std::move(task));
  }
  if (auto targets = j.find("targets"); targets != j.end() && !targets->is_null()) {
    if (!targets->is_array() || targets->size() > kMaxTargetsSent) {
      r.problems.push_back(
          {"targets", "Cần danh sách chỉ tiêu (tối đa " + std::to_string(kMaxTargetsSent) + ")"});
    } else {
      for (size_t i = 0; i < targets->size(); ++i) {
        const auto& t = (*targets)[i];
        const std::string at = "targets[" + std::to_string(i) + "].";
        if (!t.is_object()) {
          r.problems.push_back({"targets[" + std::to_string(i) + "]",
                                "Mỗi chỉ tiêu là một đối tượng {name, value, uom, …}"});
          continue;
        }
        domain::UnitTarget target;
        target.target_id = r.Id(t, "target_id", at);
        target.indicator_code = r.Str(t, "indicator_code", at);
        target.name = r.Str(t, "name", at);
        target.uom = r.Str(t, "uom", at);
        target.serves = r.Str(t, "serves", at);
        if (auto v = t.find("value"); v != t.end() && !v->is_null()) {
          std::optional<core::Decimal> d;
          if (v->is_string()) d = service::ParseTypedNumber(v->get<std::string>());
          if (v->is_number_integer()) d = core::Decimal{v->get<int64_t>(), 0};
          if (!d) {
            r.problems.push_back({at + "value", "Cần một số (\"1.600.000\", \"4,3\")"});
          } else {
            target.value = d;
          }
        }
        if (auto c = t.find("comparator"); c != t.end() && !c->is_null()) {
          std::optional<domain::Comparator> cmp;
          if (c->is_string()) cmp = domain::ParseComparator(c->get<std::string>());
          if (!cmp) {
            r.problems.push_back({at + "comparator", "eq, min, max, decrease_by hoặc increase_by"});
          } else {
            target.comparator = cmp;
          }
        }
        in.content.targets.push_back(std::move(target));
      }
    }
  }
  if (!r.problems.empty()) return tl::unexpected(Invalid(std::move(r.problems)));
  return in;
}

core::Result<domain::OrgUnitId> UnitParam(const service::Services& svc, std::string_view text) {
  auto id = ParseId(text);
  if (id && svc.org.registry().Find(*id)) return *id;
  return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                    "Không tìm thấy đơn vị \"" + std::string(text) + "\"");
}

}  // namespace

std::vector<Route> Api::UnitProgramRoutes() {
  using openapi::Body;
  using openapi::Obj;
  using openapi::Op;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  std::vector<Route> routes;
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/unit-programs", Access::kSignedIn,
       With(Op("Chương trình công tác của các đơn vị: mỗi đơn vị phải gửi (trong phạm vi người "
               "xem) với trạng thái not_due, missing, draft, submitted, returned, accepted và trễ "
               "hạn",
               Ref("UnitProgramList"), {400, 401, 404, 409}),
            {Param("status", "query", "string",
                   "Chỉ các đơn vị ở trạng thái này (not_due, missing, draft, submitted, "
                   "returned, accepted)"),
             Param("unit", "query", "integer", "Chỉ một đơn vị")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         std::optional<service::UnitProgramState> state;
         if (auto s = OptQuery(req, "status")) {
           state = service::ParseUnitProgramState(*s);
           if (!state) {
             return tl::unexpected(BadParameter(
                 req, "status", "not_due, missing, draft, submitted, returned hoặc accepted"));
           }
         }
         WP_ASSIGN_OR_RETURN(auto unit, OptIdParam(req, "unit"));
         WP_ASSIGN_OR_RETURN(auto list, service_.unit_programs.List(who, program, state, unit));
         ordered_json items = ordered_json::array();
         for (const auto& row : list.items) {
           items.push_back({{"unit", UnitRef(service_, row.unit_id)},
                            {"id", row.id ? ordered_json(*row.id) : ordered_json(nullptr)},
                            {"status", service::UnitProgramStateName(row.state)},
                            {"late", row.late},
                            {"first_submitted_at", OptJson(row.first_submitted_at)},
                            {"tasks", row.tasks},
                            {"version", row.version}});
         }
         return Json(200, {{"obligation", list.obligation.empty() ? ordered_json(nullptr)
                                                                  : ordered_json(list.obligation)},
                           {"due", list.obligation.empty() ? ordered_json(nullptr)
                                                           : ordered_json(list.due.ToIso())},
                           {"items", std::move(items)}});
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/unit-programs/{unit}", Access::kSignedIn,
       Op("Chương trình công tác của một đơn vị: các mục của Bộ đơn vị chủ trì, phối hợp, báo "
          "cáo hoặc tổng hợp, nhiệm vụ của đơn vị dưới từng mục, chỉ tiêu, trạng thái, hạn gửi, "
          "lịch sử",
          Ref("UnitProgram"), {401, 403, 404, 409}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto unit, UnitParam(service_, call.path[1]));
         WP_ASSIGN_OR_RETURN(auto view, service_.unit_programs.Get(who, program, unit));
         return Json(200, UnitProgramJson(service_, view));
       }});
  routes.push_back(
      {"PUT", "/api/v1/programs/{id}/unit-programs/{unit}", Access::kSignedIn,
       Op("Lưu chương trình công tác của đơn vị (người nhập liệu, người duyệt của đơn vị; người "
          "lập kế hoạch): {version, decision, tasks: [{id?, serves, text, responsible_user_id?, "
          "responsible_name?, start?, due?, output?}], targets: [...]}",
          Ref("UnitProgram"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto unit, UnitParam(service_, call.path[1]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto in, ReadUnitProgramPut(j));
         WP_ASSIGN_OR_RETURN(
             auto view, service_.unit_programs.Save(who, program, unit, in.version, in.content));
         return Json(200, UnitProgramJson(service_, view));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("UnitProgramInput"));
  for (auto [name, action, summary] :
       {std::tuple{"submit", domain::UnitProgramAction::kSubmit,
                   "Gửi chương trình công tác lên Bộ (đơn vị); gửi lần đầu sau hạn là trễ hạn"},
        std::tuple{"return", domain::UnitProgramAction::kReturn,
                   "Trả lại chương trình công tác kèm lý do (người lập kế hoạch; comment bắt "
                   "buộc)"},
        std::tuple{"accept", domain::UnitProgramAction::kAccept,
                   "Chấp nhận chương trình công tác (người lập kế hoạch): biểu mẫu báo cáo đọc "
                   "phiên bản này"},
        std::tuple{"reopen", domain::UnitProgramAction::kReopen,
                   "Mở lại chương trình đã chấp nhận để sửa và gửi lại; biểu mẫu giữ phiên bản "
                   "đã chấp nhận đến khi được chấp nhận lại"}}) {
    routes.push_back(
        {"POST", std::string("/api/v1/unit-programs/{id}/") + name, Access::kSignedIn,
         Op(summary, Ref("UnitProgram"), {400, 401, 403, 404, 409}),
         [this, action](const Request& req, const Principal& who,
                        const Call& call) -> core::Result<Response> {
           WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
           WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
           auto version = j.find("version");
           if (version == j.end() || !version->is_number_integer() || version->get<int64_t>() < 1) {
             auto e = Err(ErrorCode::kInvalidArgument, "version_required",
                          "Cần gửi kèm phiên bản (version) của chương trình công tác đã đọc");
             e.details.push_back({"version", "Số nguyên dương: phiên bản đã đọc"});
             return tl::unexpected(e);
           }
           std::vector<core::ErrorDetail> problems;
           auto comment = StringField(j, "comment", false, problems).value_or("");
           WP_RETURN_IF_ERROR(Check(std::move(problems)));
           WP_ASSIGN_OR_RETURN(auto view, service_.unit_programs.Act(
                                              who, id, version->get<int64_t>(), action, comment));
           return Json(200, UnitProgramJson(service_, view));
         }});
    routes.back().doc["requestBody"] =
        Body("application/json", Obj({{"version", "integer"}, {"comment", "string"}}));
  }
  routes.push_back(
      {"GET", "/api/v1/unit-programs/{id}/versions/{version}", Access::kSignedIn,
       Op("Một phiên bản của chương trình công tác như đã lưu (lưu, gửi, trả lại, chấp nhận, "
          "mở lại)",
          Ref("UnitProgram"), {401, 403, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(int64_t version, IdParam(call.path[1]));
         WP_ASSIGN_OR_RETURN(auto view, service_.unit_programs.Version(who, id, version));
         return Json(200, UnitProgramJson(service_, view));
       }});
  // Issue 18 (unitingest): the unit's program read from its own decision.
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/unit-programs/{unit}/import", Access::kSignedIn,
       With(Op("Nhập chương trình công tác của đơn vị từ quyết định của đơn vị (văn bản .txt "
               "UTF-8 hoặc .docx, tối đa 2 MB): nhiệm vụ, bộ phận chủ trì, thời gian, sản phẩm "
               "đọc được lưu thành bản nháp, mỗi nhiệm vụ gắn với mục của Bộ theo số mục ghi "
               "trong văn bản hoặc theo nội dung; nhiệm vụ chưa gắn để đơn vị chọn",
               Ref("UnitProgramImport"), {400, 401, 403, 404, 409, 413}),
            {Param("name", "query", "string", "Tên tệp (ghi vào lịch sử)"),
             Param("version", "query", "integer",
                   "Phiên bản chương trình đã đọc (0 hoặc bỏ trống: chưa có)")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto unit, UnitParam(service_, call.path[1]));
         int64_t version = 0;
         if (auto v = OptQuery(req, "version"); v && !v->empty() && *v != "0") {
           auto parsed = ParseId(*v);
           if (!parsed) return tl::unexpected(BadParameter(req, "version", "số nguyên ≥ 0"));
           version = *parsed;
         }
         std::string name(OptQuery(req, "name").value_or(""));
         if (name.size() > 200) name.resize(200);
         WP_ASSIGN_OR_RETURN(auto imported, service_.unit_programs.Import(who, program, unit,
                                                                          version, req.body, name));
         ordered_json read = UnitImportJson(imported.read);
         return Json(200, {{"program", UnitProgramJson(service_, imported.program)},
                           {"decision", std::move(read["decision"])},
                           {"diagnostics", std::move(read["diagnostics"])},
                           {"proposed",
                            {{"tasks", std::move(read["tasks"])},
                             {"matched", imported.read.matched},
                             {"unassigned", imported.read.unassigned}}}});
       }});
  routes.back().doc["requestBody"] =
      Body("application/octet-stream", {{"type", "string"}, {"format", "binary"}});
  routes.back().upload =
      Upload{service::kMaxUnitProgramUpload, [](const Principal& who) -> core::Status {
               if (domain::Can(who, domain::Permission::kWriteReports)) return {};
               return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                                 "Tài khoản chỉ xem không được lập chương trình công tác");
             }};

  // Refused by role before the body is read; the unit's scope stays the service's.
  RequirePermission(routes, "PUT", "/api/v1/programs/{id}/unit-programs/{unit}",
                    domain::Permission::kWriteReports,
                    "Tài khoản chỉ xem không được lập chương trình công tác");
  RequirePermission(routes, "POST", "/api/v1/programs/{id}/unit-programs/{unit}/import",
                    domain::Permission::kWriteReports,
                    "Tài khoản chỉ xem không được lập chương trình công tác");
  for (const char* action : {"submit", "reopen"}) {
    RequirePermission(routes, "POST", std::string("/api/v1/unit-programs/{id}/") + action,
                      domain::Permission::kWriteReports,
                      "Tài khoản chỉ xem không được gửi hay mở lại chương trình công tác");
  }
  for (const char* action : {"return", "accept"}) {
    RequirePermission(routes, "POST", std::string("/api/v1/unit-programs/{id}/") + action,
                      domain::Permission::kManagePrograms,
                      "Chỉ người lập kế hoạch mới chấp nhận hoặc trả lại chương trình công tác");
  }
  return routes;
}

}  // namespace wp::api
