// The organisation's and the programs' endpoints: org units at a date, the programs (import,
// publication, corrections) and the parts of a program (source, outline, targets, tasks, …).

#include <algorithm>
#include <cctype>
#include <set>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"
#include "api/plan_json.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;
using openapi::ItemsOf;
using openapi::Op;
using openapi::Ref;
using openapi::With;

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

// `attachment` with the file's name: an ASCII fallback (other bytes, quotes and controls as "_")
// and the name itself as RFC 5987's filename* (UTF-8, percent-encoded).
std::string AttachmentDisposition(const std::string& name) {
  std::string ascii, encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char ch : name) {
    const bool plain =
        ch > 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '%' && ch != ';' && ch != ',';
    ascii += plain ? static_cast<char>(ch) : '_';
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

ordered_json ProgramJson(const service::ProgramView& v) {
  const auto& r = v.record;
  size_t tasks = 0;
  for (const auto& s : r.plan.sections) tasks += s.tasks.size();
  return {{"id", r.id},
          {"status", service::ProgramStatusName(r.status)},
          {"document", DocumentJson(r.plan.document)},
          {"source",
           {{"file", r.source_name},
            {"bytes", r.source_text.size()},
            {"sha256", r.source_sha256},
            // Issue 19: the file it came as (GET …/source returns it, …/source.txt the text).
            {"form", r.source_form},
            {"pages", r.source_pages},
            {"file_bytes", r.source_file_bytes}}},
          {"created_at", r.created_at},
          {"published_at", OptJson(r.published_at)},
          {"counts",
           {{"sections", r.plan.sections.size()},
            {"tasks", tasks},
            // One per target however often stated (issue 16); the later statements apart.
            {"targets", v.targets.size()},
            {"mentions", std::count_if(v.rows.begin(), v.rows.end(),
                                       [](const service::TargetView& t) {
                                         return t.target.mention_of.has_value();
                                       })},
            {"budgets", r.plan.budgets.size()},
            {"deadlines", r.plan.deadlines.size()},
            {"obligations", r.plan.reporting.size()},
            {"diagnostics", r.plan.diagnostics.size()},
            {"corrections", v.corrections}}}};
}

// The date a program's parts are read in force on by default: today, or the last day of a past
// year's program.
core::CivilDate DefaultInForceDate(const service::ProgramView& v, const core::CivilDate& today) {
  const int year = v.record.plan.document.year.value_or(service::ProgramDate(v.record).year);
  return std::min(today, core::CivilDate{year, 12, 31});
}

ordered_json SettingsJson(const service::ProgramSettingsView& s) {
  return {{"four_eyes", s.four_eyes}};
}

ordered_json CorrectionJson(const service::CorrectionView& k) {
  return {{"id", k.id},         {"locator", k.locator}, {"field", k.field},
          {"value", k.value},   {"before", k.before},   {"after", k.after},
          {"reason", k.reason}, {"at", k.at},           {"by", k.by_name}};
}

// A list of a program's part.
ordered_json Part(const std::string& summary, const std::string& item) {
  return Op(summary, ItemsOf(item), {401, 404});
}

// Issue 18: the approved steps that changed an item of the program in force (empty as
// published), and the item's value as published ("" when it was not changed).
ordered_json ChangedIn(const service::ProgramView& v, const std::string& locator) {
  ordered_json out = ordered_json::array();
  if (const auto* steps = v.StepsOf(locator)) {
    for (const auto& st : *steps) {
      out.push_back({{"version", st.version},
                     {"effective_from", st.from.ToIso()},
                     {"kind", domain::ChangeKindName(st.kind)},
                     {"before", st.before},
                     {"after", st.after}});
    }
  }
  return out;
}

ordered_json BaselineJson(const service::BaselineView& b, int64_t program) {
  ordered_json items = ordered_json::array();
  for (const auto& i : b.items) {
    ordered_json steps = ordered_json::array();
    for (const auto& st : i.steps) {
      steps.push_back(
          {{"version", st.version},
           {"effective_from", st.effective_from.ToIso()},
           {"before", st.before},
           {"after", st.after},
           {"reason", st.reason},
           {"amendment_id", st.amendment_id ? ordered_json(*st.amendment_id) : ordered_json()},
           {"proposed_by",
            {{"unit_id", st.proposed_by ? ordered_json(*st.proposed_by) : ordered_json()},
             {"unit", st.proposed_by_name}}},
           {"forwarded_by", st.forwarded_by.empty()
                                ? ordered_json()
                                : ordered_json{{"username", st.forwarded_by},
                                               {"display_name", st.forwarded_by_name},
                                               {"opinion", st.planner_opinion}}},
           {"approved_by", st.approved_by.empty()
                               ? ordered_json()
                               : ordered_json{{"username", st.approved_by},
                                              {"display_name", st.approved_by_name},
                                              {"title", st.approved_by_title}}},
           {"approved_at", st.approved_at},
           {"decision_number", st.decision_number}});
    }
    items.push_back({{"kind", i.kind},
                     {"locator", i.locator},
                     {"id", i.id},
                     {"section", i.section},
                     {"name", i.name},
                     {"original", i.original},
                     {"current", i.current},
                     {"status", i.status},
                     {"steps", std::move(steps)}});
  }
  return {{"program_id", program},
          {"at", b.at.ToIso()},
          {"version_in_force", b.version_in_force},
          {"version_from", b.version_from ? ordered_json(b.version_from->ToIso()) : ordered_json()},
          {"items", std::move(items)}};
}

}  // namespace

std::vector<Route> Api::ProgramRoutes() {
  std::vector<Route> routes;
  routes.push_back(
      {"GET", "/api/v1/org-units", Access::kSignedIn,
       With(
           Op("Đơn vị có hiệu lực tại một ngày", ItemsOf("OrgUnit"), {400, 401}),
           {{{"name", "at"}, {"in", "query"}, {"schema", {{"type", "string"}, {"format", "date"}}}},
            {{"name", "kind"},
             {"in", "query"},
             {"schema", {{"type", "string"}, {"enum", {"ministry", "department", "province"}}}}}}),
       [this](const Request& req, const Principal&, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto at, DateParam(req, "at", service_.time.Today()));
         std::optional<domain::OrgKind> kind;
         if (auto it = req.query.find("kind"); it != req.query.end() && !it->second.empty()) {
           kind = domain::ParseOrgKind(it->second);
           if (!kind) {
             auto e = Err(ErrorCode::kInvalidArgument, "bad_kind",
                          "Loại đơn vị không hợp lệ: \"" + it->second +
                              "\" (ministry, department, province)");
             e.details.push_back({"kind", "ministry | department | province"});
             return tl::unexpected(e);
           }
         }
         ordered_json items = ordered_json::array();
         for (const auto* u : service_.org.registry().UnitsAt(at, kind))
           items.push_back(UnitJson(*u));
         ordered_json j = Items(std::move(items));
         j["at"] = at.ToIso();
         return Json(200, j);
       }});
  routes.push_back(
      {"GET", "/api/v1/org-units/{id}", Access::kSignedIn,
       With(Op("Một đơn vị và đơn vị kế thừa tại một ngày", Ref("OrgUnit"), {401, 404}),
            {{{"name", "at"},
              {"in", "query"},
              {"schema", {{"type", "string"}, {"format", "date"}}}}}),
       [this](const Request& req, const Principal&, const Call& call) -> core::Result<Response> {
         auto id = ParseId(call.path[0]);
         const domain::OrgUnit* u = id ? service_.org.registry().Find(*id) : nullptr;
         if (u == nullptr) {
           return tl::unexpected(Err(ErrorCode::kNotFound, "unit_not_found",
                                     "Không tìm thấy đơn vị #" + std::string(call.path[0])));
         }
         WP_ASSIGN_OR_RETURN(auto at, DateParam(req, "at", service_.time.Today()));
         ordered_json j = UnitJson(*u);
         ordered_json became = ordered_json::array();
         for (auto b : service_.org.registry().BecameBy(u->id, at)) {
           became.push_back({{"id", b}, {"name", service_.org.UnitName(b)}});
         }
         j["became_by"] = {{"at", at.ToIso()}, {"units", std::move(became)}};
         return Json(200, j);
       }});
  routes.push_back(
      {"GET", "/api/v1/programs", Access::kSignedIn,
       Op("Các chương trình (bản nháp chỉ với admin, planner)", ItemsOf("ProgramSummary"), {401}),
       [this](const Request&, const Principal& who, const Call&) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(auto list, service_.programs.ListPrograms(who));
         return ItemsResponse(list, SummaryJson);
       }});
  routes.push_back(
      {"POST", "/api/v1/programs", Access::kSignedIn,
       With(Op("Nhập một quyết định (văn bản UTF-8, .docx hoặc PDF) thành bản nháp",
               openapi::Obj({{"id", "integer"}, {"number", "string"}, {"status", "string"}}),
               {400, 401, 403, 409, 413, 415}, 201),
            {{{"name", "replace"},
              {"in", "query"},
              {"schema", {{"type", "string"}, {"enum", {"draft"}}}}},
             {{"name", "name"}, {"in", "query"}, {"schema", {{"type", "string"}}}}}),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         // The decision as text, a .docx or a PDF; octet-stream (or none) is told by its bytes.
         const std::string* ct = req.Header("content-type");
         std::string type = ct ? ct->substr(0, ct->find(';')) : "";
         std::transform(type.begin(), type.end(), type.begin(),
                        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
         while (!type.empty() && type.back() == ' ') type.pop_back();
         std::string form;
         if (type == "text/plain") {
           form = "text";
         } else if (type ==
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
           form = "docx";
         } else if (type == "application/pdf") {
           form = "pdf";
         } else if (!type.empty() && type != "application/octet-stream") {
           Response refused;
           refused.status = 415;
           refused.body = ErrorBody(Err(ErrorCode::kInvalidArgument, "unsupported_media_type",
                                        "Gửi quyết định dạng văn bản (text/plain, UTF-8), Word "
                                        "(.docx) hoặc PDF"));
           return refused;
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
         WP_ASSIGN_OR_RETURN(auto r,
                             service_.programs.ImportProgramFile(who, req.body, form, name, mode));
         Response resp = Json(
             201,
             {{"id", r.id},
              {"number", OptJson(r.number)},
              {"status", "draft"},
              {"replaced", r.replaced},
              {"source",
               {{"form", r.source_form}, {"pages", r.source_pages}, {"bytes", r.source_bytes}}},
              {"counts",
               {{"sections", r.sections},
                {"targets", r.targets},
                {"budgets", r.budgets},
                {"deadlines", r.deadlines},
                {"unresolved_units", r.unresolved_units},
                {"diagnostics", r.diagnostics}}}});
         resp.headers.emplace_back("Location", "/api/v1/programs/" + std::to_string(r.id));
         return resp;
       }});
  routes.back().doc["requestBody"] = openapi::Body("text/plain", {{"type", "string"}});
  for (const char* type :
       {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf", "application/octet-stream"}) {
    routes.back().doc["requestBody"]["content"][type] = {
        {"schema", {{"type", "string"}, {"format", "binary"}}}};
  }
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/publish", Access::kSignedIn,
       Op("Ban hành chính thức bản nháp (admin, planner)", Ref("Program"), {401, 403, 404, 409}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, ProgramIdParam(call.path[0]));
         WP_RETURN_IF_ERROR(service_.programs.PublishProgram(who, id));
         WP_ASSIGN_OR_RETURN(auto after, service_.programs.GetProgram(who, id));
         return Json(200, ProgramJson(*after));
       }});
  routes.push_back(
      {"PUT", "/api/v1/programs/{id}/settings", Access::kSignedIn,
       Op("Đổi cách duyệt báo cáo của chương trình: four_eyes — người gửi báo cáo không được tự "
          "duyệt (mặc định bật); ghi nhật ký (admin, planner)",
          Ref("ProgramSettings"), {400, 401, 403, 404}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         auto four_eyes = j.find("four_eyes");
         if (four_eyes == j.end() || !four_eyes->is_boolean()) {
           auto err = core::MakeError(core::ErrorCode::kInvalidArgument, "invalid_settings",
                                      "Thiết lập không hợp lệ");
           err.details.push_back({"four_eyes", "Cần true hoặc false"});
           return tl::unexpected(err);
         }
         service::ProgramSettingsView s{four_eyes->get<bool>()};
         WP_ASSIGN_OR_RETURN(auto after, service_.programs.SetSettings(who, id, s));
         return Json(200, SettingsJson(after));
       }});
  routes.back().doc["requestBody"] = openapi::Body("application/json", Ref("ProgramSettings"));
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/corrections", Access::kSignedIn,
       Part("Các sửa đổi bản nháp (điều parser đọc sai), theo thứ tự đã sửa", "Correction"),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto list, service_.programs.ListCorrections(who, id));
         return ItemsResponse(list, CorrectionJson);
       }});
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/corrections", Access::kSignedIn,
       Op("Sửa một chỉ tiêu (value, unit, comparator, indicator), thời hạn (due) hoặc đơn vị chủ "
          "trì của một mục (lead) trong bản nháp; ghi nhật ký (admin, planner)",
          Ref("Correction"), {400, 401, 403, 404, 409}, 201),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, ProgramIdParam(call.path[0]));
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
         WP_ASSIGN_OR_RETURN(auto k, service_.programs.CorrectProgram(who, id, in));
         return Json(201, CorrectionJson(k));
       }});
  routes.back().doc["requestBody"] = openapi::Body("application/json", Ref("CorrectionInput"));
  // The parts of a program, read from one view of it.
  auto part = [this](std::string_view sub) -> Handler {
    return [this, sub](const Request& req, const Principal& who, const Call& call) {
      return ProgramPart(req, who, call.path[0], sub);
    };
  };
  routes.push_back(
      {"GET", "/api/v1/programs/{id}", Access::kSignedIn,
       Op("Một chương trình: thông tin văn bản và số lượng", Ref("Program"), {401, 404}),
       part("")});
  routes.push_back({"GET", "/api/v1/programs/{id}/source", Access::kSignedIn,
                    openapi::FileOp("Tệp gốc của quyết định như đã nhập (văn bản, .docx hoặc PDF)",
                                    "text/plain"),
                    part("source")});
  for (const char* type :
       {"text/plain", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf"}) {
    routes.back().doc["responses"]["200"]["content"][type] = {
        {"schema", {{"type", "string"}, {"format", "binary"}}}};
  }
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/source.txt", Access::kSignedIn,
       openapi::FileOp("Văn bản đọc được từ tệp gốc (các vị trí span chỉ vào văn bản này)",
                       "text/plain"),
       part("source.txt")});
  // Issue 18: outline, targets, tasks and deadlines are read as in force on ?at= (default today,
  // the 31/12 of a past year's program), each changed item with `changed_in`.
  const auto at_param = openapi::Param(
      "at", "query", "string",
      "Ngày xem chương trình hiện hành (YYYY-MM-DD; mặc định hôm nay, với chương trình năm đã "
      "qua là 31/12): các điều chỉnh đã phê duyệt có hiệu lực đến ngày đó được áp dụng");
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/outline", Access::kSignedIn,
       With(Op("Các mục của chương trình", ItemsOf("Section"), {400, 401, 404}), {at_param}),
       part("outline")});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/targets", Access::kSignedIn,
       With(Op("Chỉ tiêu (trường như plan-json.md, thêm id; value là giá trị hiện hành, "
               "value_original giá trị ban hành)",
               ItemsOf("Target"), {400, 401, 404}),
            {at_param}),
       part("targets")});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/tasks", Access::kSignedIn,
       With(
           Op("Nhiệm vụ; theo đơn vị chủ trì (?lead=); plan_status added|dropped theo điều chỉnh",
              ItemsOf("Task"), {400, 401, 403, 404}),
           {openapi::Param("lead", "query", "string", "Số hiệu hoặc mã đơn vị chủ trì"), at_param}),
       part("tasks")});
  routes.push_back({"GET", "/api/v1/programs/{id}/budgets", Access::kSignedIn,
                    Part("Kinh phí các chương trình mục tiêu", "Budget"), part("budgets")});
  routes.push_back({"GET", "/api/v1/programs/{id}/deadlines", Access::kSignedIn,
                    With(Op("Thời hạn (due hiện hành, due_original ban hành)", ItemsOf("Deadline"),
                            {400, 401, 404}),
                         {at_param}),
                    part("deadlines")});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/baseline", Access::kSignedIn,
       With(Op("Chương trình ban hành so với chương trình hiện hành tại một ngày: mỗi mục được "
               "điều chỉnh, bổ sung hoặc bỏ, với từng bước (lý do, đơn vị đề nghị, người chuyển, "
               "người phê duyệt, số quyết định, ngày hiệu lực)",
               openapi::Obj({{"at", "string"}, {"version_in_force", "integer"}}),
               {400, 401, 404, 409}),
            {at_param}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto view, service_.programs.GetProgram(who, id));
         WP_ASSIGN_OR_RETURN(
             auto at, DateParam(req, "at", DefaultInForceDate(*view, service_.time.Today())));
         WP_ASSIGN_OR_RETURN(auto b, service_.programs.Baseline(who, id, at));
         return Json(200, BaselineJson(b, id));
       }});
  routes.push_back({"GET", "/api/v1/programs/{id}/obligations", Access::kSignedIn,
                    Part("Chế độ báo cáo", "Obligation"), part("obligations")});
  routes.push_back({"GET", "/api/v1/programs/{id}/diagnostics", Access::kSignedIn,
                    Part("Cảnh báo khi đọc văn bản", "Diagnostic"), part("diagnostics")});
  // Refused by role before the body is read or parsed (a draft stays hidden: a 403 says nothing
  // of whether the program exists).
  for (auto [method, pattern] : {std::pair<const char*, const char*>{"POST", "/api/v1/programs"},
                                 {"POST", "/api/v1/programs/{id}/publish"},
                                 {"PUT", "/api/v1/programs/{id}/settings"},
                                 {"POST", "/api/v1/programs/{id}/corrections"}}) {
    RequirePermission(routes, method, pattern, domain::Permission::kManagePrograms,
                      "Chỉ quản trị viên và người lập kế hoạch được nhập, sửa, ban hành chương "
                      "trình hay đổi cách duyệt báo cáo");
  }
  return routes;
}

core::Result<Response> Api::ProgramPart(const Request& req, const Principal& who,
                                        std::string_view id_text, std::string_view sub) {
  WP_ASSIGN_OR_RETURN(int64_t id, ProgramIdParam(id_text));
  WP_ASSIGN_OR_RETURN(auto baseline, service_.programs.GetProgram(who, id));
  // Issue 18: the parts an amendment may change are read as in force on ?at=.
  std::shared_ptr<const service::ProgramView> view = baseline;
  size_t in_force = 0;
  if (sub == "outline" || sub == "targets" || sub == "tasks" || sub == "deadlines") {
    WP_ASSIGN_OR_RETURN(auto at,
                        DateParam(req, "at", DefaultInForceDate(*baseline, service_.time.Today())));
    WP_ASSIGN_OR_RETURN(view, service_.programs.InForce(who, id, at));
    in_force = domain::InForce(baseline->versions, at).size();
  }
  // A published program never changes, nor its versions at one revision, and neither does what
  // these parts render from them: render once, serve many. Not kept: tasks (they depend on the
  // caller's scope) and the program itself (it carries its settings, which a planner may change).
  bool cacheable = view->record.status == service::ProgramStatus::kPublished && sub != "tasks" &&
                   !sub.empty() && sub != "source" && sub != "source.txt";
  std::string cache_key = std::to_string(id) + "/" + std::string(sub) + "@" +
                          std::to_string(baseline->amendments_revision) + "." +
                          std::to_string(in_force);
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

core::Result<Response> Api::RenderProgramPart(const service::ProgramView& program,
                                              std::string_view sub, const Request& req,
                                              const domain::Principal& who) {
  const auto& plan = program.record.plan;
  if (sub.empty()) {
    ordered_json j = ProgramJson(program);
    WP_ASSIGN_OR_RETURN(auto settings, service_.programs.GetSettings(who, program.record.id));
    j["settings"] = SettingsJson(settings);
    return Json(200, std::move(j));
  }
  if (sub == "source.txt") {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    WP_ASSIGN_OR_RETURN(r.body, service_.programs.SourceText(who, program.record.id));
    return r;
  }
  if (sub == "source") {
    // The file as uploaded, with its type and its name (issue 19).
    WP_ASSIGN_OR_RETURN(auto file, service_.programs.SourceFile(who, program.record.id));
    Response r;
    const char* ext = ".txt";
    if (file.form == "docx") {
      r.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      ext = ".docx";
    } else if (file.form == "pdf") {
      r.content_type = "application/pdf";
      ext = ".pdf";
    } else {
      // A .txt in a legacy font is served as it came (its 8 bits are not UTF-8).
      r.content_type =
          file.form == "text" && file.as_sent ? "text/plain; charset=utf-8" : "text/plain";
    }
    std::string name = file.name == "-" || file.name.empty()
                           ? "quyet-dinh-" + std::to_string(program.record.id) + ext
                           : file.name;
    r.headers.emplace_back("Content-Disposition", AttachmentDisposition(name));
    r.body = std::move(file.bytes);
    return r;
  }
  if (sub == "outline") {
    ordered_json items = ordered_json::array();
    for (const auto& s : plan.sections) {
      ordered_json j = SectionJson(s, false);
      j["task_count"] = s.tasks.size();
      j["resolved_leads"] = ResolvedJson(s.resolved_leads, service_);
      j["resolved_coordinators"] = ResolvedJson(s.resolved_coordinators, service_);
      const std::string key = domain::SectionKey(plan, s);
      j["key"] = key;
      const auto* steps = program.StepsOf("section:" + key);
      j["lead_original"] = steps ? ordered_json(steps->front().original) : ordered_json();
      j["changed_in"] = ChangedIn(program, "section:" + key);
      items.push_back(std::move(j));
    }
    ordered_json out = Items(std::move(items));
    out["version"] = program.version;
    return Json(200, std::move(out));
  }
  if (sub == "targets") {
    ordered_json items = ordered_json::array();
    for (const auto& t : program.targets) {
      ordered_json j = TargetJson(t.target);
      j["id"] = t.id;
      j["display_name"] = t.name();
      const std::string locator = "target:" + std::to_string(t.id);
      if (const auto* steps = program.StepsOf(locator)) {
        auto original = core::ParseDecimal(steps->front().original);
        j["value_original"] = original ? ordered_json(original->AsDouble()) : ordered_json();
      } else {
        j["value_original"] = j["value"];
      }
      j["changed_in"] = ChangedIn(program, locator);
      // Where the decision states it (issue 16): its own clause, then its restatements.
      if (!t.mentions.empty()) {
        ordered_json mentions = ordered_json::array();
        for (const auto& m : t.mentions) {
          mentions.push_back(
              {{"target_id", m.target_id},
               {"section", m.section},
               {"raw", m.raw},
               {"comparator", domain::ComparatorName(m.comparator)},
               {"kind", m.kind ? ordered_json(domain::MentionKindName(*m.kind)) : ordered_json()},
               {"span", SpanJson(m.span)}});
        }
        j["mentions"] = std::move(mentions);
      }
      // A rate computed as the ratio of two sums (issue 16): the targets its parts are, which
      // forms ask instead of it (role "component": not a target of the program's own).
      if (t.target.numerator && t.target.denominator) {
        ordered_json parts = ordered_json::array();
        for (const auto& [ord, part] : {std::pair(*t.target.numerator, "numerator"),
                                        std::pair(*t.target.denominator, "denominator")}) {
          if (ord < 0 || static_cast<size_t>(ord) >= program.rows.size()) continue;
          const auto& row = program.rows[static_cast<size_t>(ord)];
          parts.push_back({{"part", part},
                           {"id", row.id},
                           {"indicator_code", row.target.indicator_code},
                           {"name", row.target.indicator},
                           {"unit", row.target.unit},
                           {"role", domain::TargetRoleName(row.target.role)}});
        }
        j["ratio_of"] = std::move(parts);
      }
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
      const std::string status = service::PlanStatus(program, t);
      const auto dropped = service::DroppedFrom(program, t.id);
      j["plan_status"] = status.empty() ? ordered_json() : ordered_json(status);
      j["dropped_from"] = dropped ? ordered_json(dropped->ToIso()) : ordered_json();
      j["changed_in"] = ChangedIn(program, "task:" + t.id);
      items.push_back(std::move(j));
    }
    ordered_json out = Items(std::move(items));
    out["version"] = program.version;
    return Json(200, std::move(out));
  }
  if (sub == "budgets") return ItemsResponse(plan.budgets, BudgetJson);
  if (sub == "deadlines") {
    ordered_json items = ordered_json::array();
    for (size_t i = 0; i < plan.deadlines.size(); ++i) {
      ordered_json j = DeadlineJson(plan.deadlines[i]);
      const std::string locator = "deadline:" + std::to_string(i);
      const auto* steps = program.StepsOf(locator);
      j["due_original"] = steps ? ordered_json(steps->front().original) : j["due"];
      j["changed_in"] = ChangedIn(program, locator);
      items.push_back(std::move(j));
    }
    ordered_json out = Items(std::move(items));
    out["version"] = program.version;
    return Json(200, std::move(out));
  }
  if (sub == "obligations") return ItemsResponse(plan.reporting, ReportingJson);
  if (sub == "diagnostics") return ItemsResponse(plan.diagnostics, DiagnosticJson);
  return tl::unexpected(Err(ErrorCode::kNotFound, "not_found", "Không có địa chỉ này"));
}

}  // namespace wp::api
