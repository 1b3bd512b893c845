// The OpenAPI 3.0 description of /api/v1, written out here beside the routes it describes.
// tests/api checks that every route the server answers is in it.

#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "api/api_util.hpp"

namespace wp::api {
namespace {

using nlohmann::ordered_json;

ordered_json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

ordered_json JsonContent(const ordered_json& schema) {
  return {{"application/json", {{"schema", schema}}}};
}

ordered_json ErrorResponses(std::initializer_list<int> codes) {
  static const std::map<int, const char*> kText = {
      {400, "Dữ liệu không hợp lệ (invalid_argument)"},
      {401, "Chưa đăng nhập hoặc phiên hết hạn (unauthenticated)"},
      {403, "Không có quyền, ngoài phạm vi đơn vị, hoặc thiếu X-CSRF-Token (permission_denied)"},
      {404, "Không tìm thấy (not_found)"},
      {405, "Phương thức không dùng được (method_not_allowed)"},
      {409, "Xung đột trạng thái: đã có, đã ban hành (already_exists, failed_precondition)"},
      {413, "Nội dung quá lớn (too_large)"},
      {429, "Đăng nhập sai quá nhiều lần (resource_exhausted)"},
      {503, "Cơ sở dữ liệu không sẵn sàng (unavailable)"}};
  ordered_json out;
  for (int c : codes) {
    out[std::to_string(c)] = {{"description", kText.at(c)}, {"content", JsonContent(Ref("Error"))}};
  }
  return out;
}

ordered_json Op(const std::string& summary, const ordered_json& ok_schema,
                std::initializer_list<int> errors, int ok = 200) {
  ordered_json responses = ErrorResponses(errors);
  responses[std::to_string(ok)] = {{"description", "OK"}, {"content", JsonContent(ok_schema)}};
  return {{"summary", summary}, {"responses", responses}};
}

ordered_json ItemsOf(const std::string& name) {
  return {{"type", "object"},
          {"properties", {{"items", {{"type", "array"}, {"items", Ref(name)}}}}}};
}

ordered_json IdParam() {
  return {{"name", "id"},
          {"in", "path"},
          {"required", true},
          {"schema", {{"type", "integer"}, {"minimum", 1}}}};
}

ordered_json ProgramSub(const std::string& summary, const std::string& item) {
  ordered_json op = Op(summary, ItemsOf(item), {401, 404});
  op["parameters"] = ordered_json::array({IdParam()});
  return {{"get", op}};
}

ordered_json Obj(std::initializer_list<std::pair<const char*, const char*>> fields) {
  ordered_json props;
  for (auto [k, t] : fields) props[k] = {{"type", t}};
  return {{"type", "object"}, {"properties", props}};
}

ordered_json Param(const char* name, const char* in, const char* type, const char* description,
                   bool required = false) {
  return {{"name", name},
          {"in", in},
          {"required", required || std::string(in) == "path"},
          {"schema", {{"type", type}}},
          {"description", description}};
}

ordered_json Body(const char* type, const ordered_json& schema) {
  return {{"required", true}, {"content", {{type, {{"schema", schema}}}}}};
}

// What a task id is (domain::TaskId), where the API names one.
constexpr const char* kTaskIdText =
    "Mã nhiệm vụ: số mục và thứ tự nhiệm vụ trong mục (II.2.1#3); khi quyết định đánh cùng một "
    "số cho hai mục (\"11.2.\" hai lần năm 2012), mục đầu giữ số, mục thứ n thêm ~n "
    "(II.11.2~2#1). Không đổi trong chương trình đã ban hành";

// The reporting cycle (issue 4): schedule, due reports, forms and their workflow, timeliness,
// overdue tasks, allocations, bulk loads, digest and outbox.
void ReportingPaths(ordered_json& paths, ordered_json& schemas) {
  auto program = [](ordered_json op, std::initializer_list<ordered_json> more = {}) {
    op["parameters"] = ordered_json::array({IdParam()});
    for (const auto& p : more) op["parameters"].push_back(p);
    return op;
  };
  ordered_json as_of =
      Param("as_of", "query", "string", "Ngày tính (YYYY-MM-DD); mặc định hôm nay");
  ordered_json period =
      Param("period", "query", "string", "Kỳ báo cáo: 2012-M03, 2012-Q1, 2012-H1, 2012-Y, 2012-O1");
  paths["/api/v1/programs/{id}/schedule"]["get"] =
      program(Op("Lịch báo cáo: các nghĩa vụ báo cáo, đơn vị phải báo cáo, các kỳ và hạn gửi",
                 ItemsOf("ScheduleItem"), {401, 404}));
  ordered_json due_page = ItemsOf("DueReport");
  for (auto [k, t] : {std::pair{"total", "integer"}, std::pair{"limit", "integer"},
                      std::pair{"offset", "integer"}, std::pair{"next_offset", "integer"}}) {
    due_page["properties"][k] = {{"type", t}};
  }
  due_page["properties"]["next_offset"]["nullable"] = true;
  paths["/api/v1/programs/{id}/reports/due"]["get"] = program(
      Op("Các báo cáo phải gửi (trong phạm vi của người hỏi) và tình trạng từng báo cáo, từng "
         "trang: total là số báo cáo khớp bộ lọc, next_offset là offset của trang sau (null khi "
         "hết); limit, offset hoặc state sai: 400 bad_parameter",
         due_page, {400, 401, 404, 409}),
      {period, Param("obligation", "query", "string", "Mã nghĩa vụ: r1, r2 …"),
       Param("unit", "query", "string", "Số hiệu hoặc mã đơn vị"),
       Param("state", "query", "string",
             "not_due | missing | draft | submitted | returned | approved (khác: 400)"),
       Param("due_to", "query", "string", "Chỉ những báo cáo có hạn đến ngày này"),
       Param("limit", "query", "integer",
             ("Số báo cáo mỗi trang, 1–" + std::to_string(kMaxPage) + "; mặc định " +
              std::to_string(kDefaultPage))
                 .c_str()),
       Param("offset", "query", "integer", "Số báo cáo bỏ qua (từ 0); mặc định 0")});
  std::initializer_list<ordered_json> key = {
      Param("obligation", "path", "string", "Mã nghĩa vụ báo cáo (r1, r2 …)"),
      Param("period", "path", "string", "Kỳ báo cáo (2012-M03 …)"),
      Param("unit", "path", "integer", "Số hiệu đơn vị")};
  const char* form_path = "/api/v1/programs/{id}/reports/{obligation}/{period}/{unit}";
  paths[form_path]["get"] = program(
      Op("Biểu mẫu báo cáo của một đơn vị cho một kỳ, với số liệu đã nhập (version 0: chưa có)",
         Ref("ReportForm"), {400, 401, 403, 404, 409}),
      key);
  ordered_json put =
      program(Op("Lưu (và với submit: gửi) báo cáo ở phiên bản đã đọc; 409 stale_version khi người "
                 "khác đã lưu trước, report_locked khi đã duyệt",
                 Ref("ReportForm"), {400, 401, 403, 404, 409}),
              key);
  ordered_json prefer = Param("Prefer", "header", "string",
                              "return=minimal: trả về phần đầu báo cáo (phiên bản, trạng thái, "
                              "cảnh báo), không kèm nội dung");
  put["parameters"].push_back(prefer);
  put["requestBody"] = Body("application/json", Ref("ReportInput"));
  paths[form_path]["put"] = put;
  ordered_json check = program(
      Op("Kiểm tra báo cáo mà không lưu: cùng nội dung và cùng các bước kiểm tra như PUT (quyền, "
         "phiên bản, trạng thái, từng trường); trả về lỗi sẽ khiến việc lưu bị từ chối (errors) "
         "và số liệu cần xác nhận (warnings: khác xa báo cáo kỳ trước, cùng kỳ năm trước). "
         "Không lưu, không ghi nhật ký",
         Ref("ReportCheck"), {400, 401, 403, 404, 409}),
      key);
  check["requestBody"] = Body("application/json", Ref("ReportInput"));
  paths[std::string(form_path) + "/check"]["post"] = check;
  paths[std::string(form_path) + "/form.xlsx"]["get"] = program(
      {{"summary", "Biểu mẫu Excel để điền ngoại tuyến (ô nhập nền vàng, các ô khác khóa)"},
       {"responses",
        {{"200",
          {{"description", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}},
         {"404", ErrorResponses({404})["404"]}}}},
      key);
  std::string values_path = std::string(form_path) + "/values.csv";
  paths[values_path]["get"] = program(
      {{"summary",
        "Số liệu của báo cáo dạng CSV cho máy (target_id, indicator, unit_of_measure, scope, "
        "kind, value, note; dấu phẩy, số dạng 1510000 / 4.3); ETag là phiên bản"},
       {"responses",
        {{"200", {{"description", "text/csv"}}}, {"404", ErrorResponses({404})["404"]}}}},
      key);
  ordered_json put_csv = program(
      Op("Lưu số liệu từ CSV (cột target_id, scope, kind, value, note; giá trị trống là xóa) ở "
         "phiên bản đã đọc (If-Match: \"3\" hoặc ?version=3); lỗi nêu dòng, không lưu gì khi "
         "có dòng sai; ?submit=1 để gửi luôn",
         Ref("ReportForm"), {400, 401, 403, 404, 409}),
      key);
  put_csv["parameters"].push_back(Param("version", "query", "integer", "Phiên bản đã đọc"));
  put_csv["parameters"].push_back(Param("submit", "query", "string", "1: gửi sau khi lưu"));
  put_csv["parameters"].push_back(prefer);
  put_csv["requestBody"] = Body("text/csv", {{"type", "string"}});
  paths[values_path]["put"] = put_csv;
  ordered_json upload =
      Op("Tải lên biểu mẫu Excel đã điền; kiểm tra từng ô, lỗi nêu trang và ô "
         "(Chỉ tiêu!E8), không lưu gì khi có ô sai; ?submit=1 để gửi luôn",
         Ref("ReportForm"), {400, 401, 403, 404, 409, 413});
  upload["requestBody"] =
      Body("application/octet-stream", {{"type", "string"}, {"format", "binary"}});
  upload["parameters"] = {Param("submit", "query", "string", "1: gửi sau khi lưu")};
  paths["/api/v1/reports/upload"]["post"] = upload;
  ordered_json rid = Param("id", "path", "integer", "Số hiệu báo cáo");
  ordered_json get_report = Op("Một báo cáo theo số hiệu", Ref("ReportForm"), {401, 404});
  get_report["parameters"] = {rid};
  paths["/api/v1/reports/{id}"]["get"] = get_report;
  ordered_json put_report =
      Op("Lưu báo cáo ở phiên bản đã đọc", Ref("ReportForm"), {400, 401, 403, 404, 409});
  put_report["parameters"] = {rid, prefer};
  put_report["requestBody"] = Body("application/json", Ref("ReportInput"));
  paths["/api/v1/reports/{id}"]["put"] = put_report;
  for (auto [action, summary] :
       {std::pair{"submit", "Gửi báo cáo (người nhập liệu)"},
        std::pair{"approve",
                  "Duyệt báo cáo; báo cáo bị khóa (người duyệt của đơn vị hoặc cấp trên)"},
        std::pair{"return", "Trả lại báo cáo kèm lý do (comment bắt buộc)"},
        std::pair{"reopen", "Mở lại báo cáo đã duyệt (chỉ cấp trên của đơn vị)"}}) {
    ordered_json op = Op(summary, Ref("ReportForm"), {400, 401, 403, 404, 409});
    op["parameters"] = {rid};
    op["requestBody"] =
        Body("application/json", Obj({{"version", "integer"}, {"comment", "string"}}));
    paths["/api/v1/reports/{id}/" + std::string(action)]["post"] = op;
  }
  ordered_json history = Op("Mọi lần ghi số liệu (ước thực hiện rồi thực hiện …), cũ trước",
                            ItemsOf("ValueVintage"), {401, 404});
  history["parameters"] = {rid};
  paths["/api/v1/reports/{id}/history"]["get"] = history;
  paths["/api/v1/programs/{id}/timeliness"]["get"] = program(
      Op("Tính kịp thời và đầy đủ: phải gửi, đã nhận, đúng hạn, trễ hạn, chưa gửi — theo kỳ và "
         "theo đơn vị",
         Ref("Timeliness"), {400, 401, 404, 409}),
      {period, as_of});
  paths["/api/v1/programs/{id}/dashboard"]["get"] = program(
      Op("Bảng điều hành: từng chỉ tiêu (thực hiện, tỷ lệ đạt, tiến độ, dự báo cuối năm, trạng "
         "thái theo quy tắc status_rule), số chỉ tiêu theo trạng thái, báo cáo của kỳ, nhiệm vụ "
         "quá hạn theo đơn vị chủ trì, xếp hạng đơn vị theo một chỉ tiêu; số liệu từ báo cáo đã "
         "duyệt. Người chỉ xem được đơn vị mình nhận số liệu của đơn vị mình",
         Ref("Dashboard"), {400, 401, 403, 404, 409}),
      {Param("at", "query", "string",
             "Ngày xem (YYYY-MM-DD); mặc định hôm nay, hoặc ngày cuối năm của chương trình khi "
             "năm đó đã qua"),
       Param("level", "query", "string", "Cấp xếp hạng: province (mặc định), department …"),
       Param("target", "query", "integer", "Chỉ tiêu để xếp hạng; mặc định chỉ tiêu đầu tiên"),
       Param("unit", "query", "integer",
             "Xem tại một đơn vị (trong phạm vi được xem): số liệu, báo cáo và nhiệm vụ quá hạn "
             "của đơn vị và các đơn vị trực thuộc")});
  ordered_json query =
      Op("Số liệu theo chỉ tiêu × đơn vị × kỳ (tổng, trung bình … theo loại chỉ tiêu), theo cơ cấu "
         "tổ chức tại ngày at",
         ItemsOf("AnalyticsCell"), {400, 401, 403, 404});
  query["requestBody"] = Body("application/json", Ref("AnalyticsQuery"));
  paths["/api/v1/analytics/query"]["post"] = query;
  paths["/api/v1/programs/{id}/task-status"]["get"] = program(
      Op("Tình hình từng nhiệm vụ: mỗi đơn vị chủ trì với tiến độ báo cáo gần nhất (trạng thái, "
         "phần trăm, kỳ báo cáo) và có quá hạn không (thời hạn sớm nhất nêu trong mục đã qua, chưa "
         "báo cáo hoàn thành)",
         ItemsOf("TaskStatus"), {400, 401, 403, 404, 409}),
      {as_of, Param("lead", "query", "integer", "Chỉ các nhiệm vụ do đơn vị này chủ trì"),
       Param("task", "query", "string", kTaskIdText)});
  paths["/api/v1/programs/{id}/overdue-tasks"]["get"] =
      program(Op("Nhiệm vụ quá hạn chưa được báo cáo hoàn thành: mỗi nhiệm vụ một lần cho mỗi đơn "
                 "vị chủ trì, với thời hạn sớm nhất đã qua của mục, hạn sớm trước",
                 ItemsOf("OverdueTask"), {400, 401, 404, 409}),
              {as_of});
  paths["/api/v1/programs/{id}/allocations"]["get"] =
      program(Op("Giao chỉ tiêu cho đơn vị, với kiểm tra tổng so với chỉ tiêu toàn quốc",
                 Ref("Allocations"), {401, 404}));
  ordered_json alloc =
      program(Op("Giao chỉ tiêu (planner): JSON {items: [{target_id, unit, value}]} "
                 "hoặc CSV target_id,unit,value hoặc tệp .xlsx (trang Giao chỉ tiêu, lỗi nêu ô); "
                 "thay các chỉ tiêu được nêu",
                 Ref("Allocations"), {400, 401, 403, 404}));
  alloc["requestBody"] = {{"required", true},
                          {"content",
                           {{"application/json", {{"schema", Obj({{"items", "array"}})}}},
                            {"text/csv", {{"schema", {{"type", "string"}}}}},
                            {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
  paths["/api/v1/programs/{id}/allocations"]["put"] = alloc;
  paths["/api/v1/programs/{id}/allocations.xlsx"]["get"] = program(
      {{"summary",
        "Bảng giao chỉ tiêu dạng Excel: các dòng đã giao, dòng trống để thêm, danh sách chỉ tiêu "
        "và đơn vị"},
       {"responses",
        {{"200",
          {{"description", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}},
         {"404", ErrorResponses({404})["404"]}}}});
  ordered_json bulk =
      program(Op("Nạp hàng loạt số liệu (planner), CSV "
                 "obligation,period,unit,target_id,scope,kind,value",
                 Obj({{"values", "integer"}}), {400, 401, 403, 404, 409}));
  bulk["requestBody"] = Body("text/csv", {{"type", "string"}});
  paths["/api/v1/programs/{id}/bulk-values"]["post"] = bulk;
  paths["/api/v1/programs/{id}/digest"]["post"] = program(
      Op("Xếp thư nhắc (báo cáo quá hạn, sắp đến hạn) cho từng đơn vị vào hộp thư đi",
         Obj({{"units", "integer"}, {"queued", "integer"}}), {400, 401, 403, 404, 409}),
      {as_of, Param("horizon", "query", "integer", "Số ngày tới được coi là sắp đến hạn (1–60)")});
  ordered_json outbox = Op("Hộp thư đi (admin): thư chờ gửi", ItemsOf("OutboxMessage"), {401, 403});
  outbox["parameters"] = {Param("pending", "query", "string", "0: cả thư đã gửi")};
  paths["/api/v1/outbox"]["get"] = outbox;
  paths["/api/v1/outbox/{id}/sent"]["post"] = {
      {"summary", "Đánh dấu thư đã gửi (admin)"},
      {"parameters", {Param("id", "path", "integer", "Số hiệu thư")}},
      {"responses",
       {{"204", {{"description", "Đã đánh dấu"}}}, {"404", ErrorResponses({404})["404"]}}}};

  schemas["ScheduleItem"] = Obj({{"key", "string"},
                                 {"name", "string"},
                                 {"frequency", "string"},
                                 {"rule", "string"},
                                 {"day_of_month", "integer"},
                                 {"working_days_after_cutoff", "integer"},
                                 {"due", "string"},
                                 {"from", "array"},
                                 {"unresolved", "array"},
                                 {"periods", "array"}});
  schemas["DueReport"] = Obj({{"obligation", "object"},
                              {"period", "object"},
                              {"unit", "object"},
                              {"due", "string"},
                              {"nominal_due", "string"},
                              {"state", "string"},
                              {"received", "boolean"},
                              {"late", "boolean"},
                              {"overdue", "boolean"},
                              {"report", "object"}});
  schemas["ReportForm"] = Obj({{"id", "integer"},
                               {"program_id", "integer"},
                               {"obligation", "object"},
                               {"period", "object"},
                               {"unit", "object"},
                               {"due", "string"},
                               {"status", "string"},
                               {"version", "integer"},
                               {"late", "boolean"},
                               {"comment", "string"},
                               {"targets", "array"},
                               {"tasks", "array"},
                               {"values", "array"},
                               {"task_progress", "array"},
                               {"narrative", "object"},
                               {"warnings", "array"},
                               {"actions", "array"}});
  schemas["CorrectionInput"] =
      Obj({{"locator", "string"}, {"field", "string"}, {"value", "string"}, {"reason", "string"}});
  schemas["Correction"] = Obj({{"id", "integer"},
                               {"locator", "string"},
                               {"field", "string"},
                               {"value", "string"},
                               {"before", "string"},
                               {"after", "string"},
                               {"reason", "string"},
                               {"at", "string"},
                               {"by", "string"}});
  schemas["ReportInput"] = Obj({{"version", "integer"},
                                {"submit", "boolean"},
                                {"values", "array"},
                                {"task_progress", "array"},
                                {"narrative", "object"}});
  schemas["ValueVintage"] = Obj({{"target_id", "integer"},
                                 {"scope", "string"},
                                 {"kind", "string"},
                                 {"value", "string"},
                                 {"version", "integer"},
                                 {"recorded_at", "string"}});
  schemas["Dashboard"] = Obj({{"program_id", "integer"},
                              {"at", "string"},
                              {"year", "integer"},
                              {"unit", "object"},
                              {"headline", "string"},
                              {"status_rule", "string"},
                              {"by_status", "object"},
                              {"targets", "array"},
                              {"reporting", "object"},
                              {"overdue_tasks_by_lead", "array"},
                              {"ranking", "object"}});
  schemas["AnalyticsQuery"] = Obj({{"program_id", "integer"},
                                   {"targets", "array"},
                                   {"unit", "integer"},
                                   {"level", "string"},
                                   {"periods", "array"},
                                   {"at", "string"},
                                   {"read", "string"}});
  schemas["AnalyticsCell"] = Obj({{"target_id", "integer"},
                                  {"period", "string"},
                                  {"node", "object"},
                                  {"value", "number"},
                                  {"count", "integer"}});
  schemas["Timeliness"] =
      Obj({{"as_of", "string"}, {"total", "object"}, {"periods", "array"}, {"units", "array"}});
  schemas["TaskStatus"] = Obj({{"task_id", "string"},
                               {"section", "string"},
                               {"section_title", "string"},
                               {"text", "string"},
                               {"deadlines", "array"},
                               {"leads", "array"}});
  schemas["OverdueTask"] = Obj({{"task_id", "string"},
                                {"section", "string"},
                                {"deadline", "string"},
                                {"unit", "object"},
                                {"status", "string"}});
  schemas["ReportCheck"] = Obj({{"ok", "boolean"},
                                {"errors", "array"},
                                {"warnings", "array"},
                                {"version", "integer"},
                                {"status", "string"}});
  for (const char* name : {"TaskStatus", "OverdueTask"}) {
    schemas[name]["properties"]["task_id"]["description"] = kTaskIdText;
  }
  schemas["Allocations"] = Obj({{"items", "array"}, {"checks", "array"}});
  schemas["OutboxMessage"] = Obj({{"id", "integer"},
                                  {"key", "string"},
                                  {"unit", "object"},
                                  {"subject", "string"},
                                  {"body", "string"},
                                  {"sent_at", "string"}});
}

}  // namespace

std::string OpenApiDocument() {
  static const std::string doc = [] {
    ordered_json paths;
    paths["/healthz"]["get"] = Op("Tình trạng máy chủ", Obj({{"status", "string"}}), {});
    paths["/metrics"]["get"] = {{"summary", "Số liệu vận hành (Prometheus text)"},
                                {"responses", {{"200", {{"description", "text/plain"}}}}}};
    paths["/api/v1/openapi.json"]["get"] = Op("Mô tả API này", {{"type", "object"}}, {});
    ordered_json login = Op("Đăng nhập; đặt cookie phiên (HttpOnly, SameSite=Strict)",
                            Ref("Session"), {400, 401, 429});
    login["requestBody"] = {
        {"required", true},
        {"content", JsonContent(Obj({{"username", "string"}, {"password", "string"}}))}};
    login["security"] = ordered_json::array();
    paths["/api/v1/session"]["post"] = login;
    paths["/api/v1/session"]["get"] = Op("Phiên hiện tại và mã CSRF", Ref("Session"), {401});
    paths["/api/v1/session"]["delete"] = {
        {"summary", "Đăng xuất"}, {"responses", {{"204", {{"description", "Đã đăng xuất"}}}}}};
    paths["/api/v1/me"]["get"] = Op("Tài khoản đang đăng nhập", Ref("User"), {401});
    ordered_json token = Op("Tạo mã truy cập (API token) cho tài khoản của mình; chỉ hiện một lần",
                            Obj({{"token", "string"}, {"name", "string"}}), {400, 401, 403}, 201);
    token["requestBody"] = {{"required", true},
                            {"content", JsonContent(Obj({{"name", "string"}}))}};
    paths["/api/v1/tokens"]["post"] = token;
    paths["/api/v1/users"]["get"] = Op("Danh sách tài khoản (admin)", ItemsOf("User"), {401, 403});
    ordered_json add_user = Op("Tạo tài khoản (admin)", Ref("User"), {400, 401, 403, 409}, 201);
    add_user["requestBody"] = {{"required", true}, {"content", JsonContent(Ref("NewUser"))}};
    paths["/api/v1/users"]["post"] = add_user;
    ordered_json audit = Op("Nhật ký kiểm toán (admin)", ItemsOf("AuditEntry"), {400, 401, 403});
    audit["parameters"] = {
        {{"name", "after"}, {"in", "query"}, {"schema", {{"type", "integer"}}}},
        {{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"maximum", 1000}}}}};
    paths["/api/v1/audit"]["get"] = audit;
    paths["/api/v1/audit/verify"]["get"] = Op("Kiểm tra chuỗi băm của nhật ký và dữ liệu (admin)",
                                              Obj({{"ok", "boolean"},
                                                   {"entries", "integer"},
                                                   {"programs_checked", "integer"},
                                                   {"users_checked", "integer"},
                                                   {"reports_checked", "integer"},
                                                   {"reports_bulk_loaded", "integer"},
                                                   {"reports_generated", "integer"},
                                                   {"reports_unrecorded", "integer"},
                                                   {"problems", "array"}}),
                                              {401, 403});
    ordered_json units = Op("Đơn vị có hiệu lực tại một ngày", ItemsOf("OrgUnit"), {400, 401});
    units["parameters"] = {
        {{"name", "at"}, {"in", "query"}, {"schema", {{"type", "string"}, {"format", "date"}}}},
        {{"name", "kind"},
         {"in", "query"},
         {"schema", {{"type", "string"}, {"enum", {"ministry", "department", "province"}}}}}};
    paths["/api/v1/org-units"]["get"] = units;
    ordered_json unit = Op("Một đơn vị và đơn vị kế thừa tại một ngày", Ref("OrgUnit"), {401, 404});
    unit["parameters"] = {
        IdParam(),
        {{"name", "at"}, {"in", "query"}, {"schema", {{"type", "string"}, {"format", "date"}}}}};
    paths["/api/v1/org-units/{id}"]["get"] = unit;
    paths["/api/v1/programs"]["get"] =
        Op("Các chương trình (bản nháp chỉ với admin, planner)", ItemsOf("ProgramSummary"), {401});
    ordered_json import = Op("Nhập một quyết định (văn bản UTF-8) thành bản nháp",
                             Obj({{"id", "integer"}, {"number", "string"}, {"status", "string"}}),
                             {400, 401, 403, 409, 413}, 201);
    import["requestBody"] = {{"required", true},
                             { "content",
                               {
                                 { "text/plain",
                                   {
                                     { "schema",
                                       {
                                         { "type",
                                           "string" }
                                       } }
                                   } }
                               } }};
    import["parameters"] = {{{"name", "replace"},
                             {"in", "query"},
                             { "schema",
                               { {"type", "string"},
                                 { "enum",
                                   { "draft" } } } }},
                            { {"name", "name"},
                              {"in", "query"},
                              { "schema",
                                {
                                  { "type",
                                    "string" }
                                } } }};
    paths["/api/v1/programs"]["post"] = import;
    ordered_json get =
        Op("Một chương trình: thông tin văn bản và số lượng", Ref("Program"), {401, 404});
    get["parameters"] = ordered_json::array({IdParam()});
    paths["/api/v1/programs/{id}"]["get"] = get;
    ordered_json publish =
        Op("Ban hành chính thức bản nháp (admin, planner)", Ref("Program"), {401, 403, 404, 409});
    publish["parameters"] = ordered_json::array({IdParam()});
    paths["/api/v1/programs/{id}/publish"]["post"] = publish;
    ordered_json corrections =
        ProgramSub("Các sửa đổi bản nháp (điều parser đọc sai), theo thứ tự đã sửa", "Correction");
    ordered_json correct =
        Op("Sửa một chỉ tiêu (value, unit, comparator, indicator), thời hạn (due) hoặc đơn vị chủ "
           "trì của một mục (lead) trong bản nháp; ghi nhật ký (admin, planner)",
           Ref("Correction"), {400, 401, 403, 404, 409}, 201);
    correct["parameters"] = ordered_json::array({IdParam()});
    correct["requestBody"] = Body("application/json", Ref("CorrectionInput"));
    corrections["post"] = correct;
    paths["/api/v1/programs/{id}/corrections"] = corrections;
    ordered_json source = {{"summary", "Văn bản gốc của quyết định"},
                           {"parameters", ordered_json::array({IdParam()})},
                           {"responses", {{"200", {{"description", "text/plain"}}}}}};
    paths["/api/v1/programs/{id}/source"]["get"] = source;
    paths["/api/v1/programs/{id}/outline"] = ProgramSub("Các mục của chương trình", "Section");
    paths["/api/v1/programs/{id}/targets"] =
        ProgramSub("Chỉ tiêu (trường như plan-json.md, thêm id)", "Target");
    ordered_json tasks = ProgramSub("Nhiệm vụ; theo đơn vị chủ trì (?lead=)", "Task");
    tasks["get"]["parameters"].push_back({{"name", "lead"},
                                          {"in", "query"},
                                          {"schema", {{"type", "string"}}},
                                          {"description", "Số hiệu hoặc mã đơn vị chủ trì"}});
    tasks["get"]["responses"]["403"] = ErrorResponses({403})["403"];
    paths["/api/v1/programs/{id}/tasks"] = tasks;
    paths["/api/v1/programs/{id}/budgets"] =
        ProgramSub("Kinh phí các chương trình mục tiêu", "Budget");
    paths["/api/v1/programs/{id}/deadlines"] = ProgramSub("Thời hạn", "Deadline");
    paths["/api/v1/programs/{id}/obligations"] = ProgramSub("Chế độ báo cáo", "Obligation");
    paths["/api/v1/programs/{id}/diagnostics"] =
        ProgramSub("Cảnh báo khi đọc văn bản", "Diagnostic");

    ordered_json span = Obj(
        {{"line", "integer"}, {"column", "integer"}, {"offset", "integer"}, {"length", "integer"}});
    ordered_json schemas;
    schemas["Error"] = {{"type", "object"},
                        {"properties",
                         {{"error", Obj({{"code", "string"},
                                         {"status", "string"},
                                         {"message", "string"},
                                         {"details", "array"}})}}}};
    schemas["Span"] = span;
    schemas["Session"] =
        Obj({{"csrf_token", "string"}, {"expires_at", "string"}, {"user", "object"}});
    schemas["User"] = Obj({{"id", "integer"},
                           {"username", "string"},
                           {"display_name", "string"},
                           {"role", "string"},
                           {"unit_id", "integer"},
                           {"unit_name", "string"},
                           {"active", "boolean"},
                           {"created_at", "string"}});
    schemas["NewUser"] = Obj({{"username", "string"},
                              {"password", "string"},
                              {"role", "string"},
                              {"unit_id", "integer"},
                              {"display_name", "string"}});
    schemas["AuditEntry"] = Obj({{"seq", "integer"},
                                 {"at", "string"},
                                 {"actor", "string"},
                                 {"action", "string"},
                                 {"entity", "string"},
                                 {"entity_id", "string"},
                                 {"before", "object"},
                                 {"after", "object"},
                                 {"prev_hash", "string"},
                                 {"hash", "string"}});
    schemas["OrgUnit"] = Obj({{"id", "integer"},
                              {"code", "string"},
                              {"name", "string"},
                              {"kind", "string"},
                              {"parent_id", "integer"},
                              {"valid_from", "string"},
                              {"valid_to", "string"},
                              {"aliases", "array"},
                              {"successor_ids", "array"}});
    schemas["ProgramSummary"] = Obj({{"id", "integer"},
                                     {"status", "string"},
                                     {"number", "string"},
                                     {"issued_date", "string"},
                                     {"title", "string"},
                                     {"year", "integer"},
                                     {"targets", "integer"},
                                     {"sections", "integer"}});
    schemas["Program"] = Obj({{"id", "integer"},
                              {"status", "string"},
                              {"document", "object"},
                              {"source", "object"},
                              {"created_at", "string"},
                              {"published_at", "string"},
                              {"counts", "object"}});
    schemas["Section"] = Obj({{"number", "string"},
                              {"title", "string"},
                              {"lead_units", "array"},
                              {"coordinating_units", "array"},
                              {"parent", "string"},
                              {"depth", "integer"},
                              {"resolved_leads", "array"},
                              {"task_count", "integer"}});
    schemas["Target"] = Obj({{"id", "integer"},
                             {"section", "string"},
                             {"indicator", "string"},
                             {"raw", "string"},
                             {"value", "number"},
                             {"unit", "string"},
                             {"comparator", "string"},
                             {"parent", "string"},
                             {"approximate", "boolean"},
                             {"restates", "string"},
                             {"span", "object"}});
    schemas["Task"] = Obj({{"id", "string"},
                           {"section", "string"},
                           {"text", "string"},
                           {"lead_units", "array"},
                           {"resolved_leads", "array"},
                           {"span", "object"}});
    schemas["Budget"] = Obj({{"section", "string"},
                             {"program", "string"},
                             {"raw", "string"},
                             {"total_vnd", "integer"},
                             {"investment_vnd", "integer"},
                             {"recurrent_vnd", "integer"},
                             {"span", "object"}});
    schemas["Deadline"] = Obj({{"section", "string"},
                               {"raw", "string"},
                               {"due", "string"},
                               {"what", "string"},
                               {"responsible", "string"},
                               {"span", "object"}});
    schemas["Obligation"] = Obj({{"report", "string"},
                                 {"frequency", "string"},
                                 {"due", "string"},
                                 {"day_of_month", "integer"},
                                 {"rule", "string"},
                                 {"working_days_after_cutoff", "integer"},
                                 {"from", "string"},
                                 {"to", "array"},
                                 {"span", "object"}});
    schemas["Diagnostic"] = Obj(
        {{"severity", "string"}, {"code", "string"}, {"message", "string"}, {"span", "object"}});
    ReportingPaths(paths, schemas);
    ordered_json spec = {
        {"openapi", "3.0.3"},
        {"info",
         {{"title", "workplan API"},
          {"version", "1"},
          {"description",
           "Chương trình công tác của Bộ: nhập quyết định, tổ chức theo ngày, tài khoản, nhật ký. "
           "Lỗi: {\"error\": {\"code\", \"message\", \"details\"}}. Phương thức ghi với cookie "
           "phiên cần header X-CSRF-Token; máy khách dùng Authorization: Bearer <token>."}}},
        {"components",
         {{"schemas", schemas},
          {"securitySchemes",
           {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "wp_session"}}},
            {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
        {"security", ordered_json::array({{{"session", ordered_json::array()}},
                                          {{"token", ordered_json::array()}}})},
        {"paths", paths}};
    return spec.dump();
  }();
  return doc;
}

}  // namespace wp::api
