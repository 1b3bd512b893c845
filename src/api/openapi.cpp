// The OpenAPI 3.0 description of the API: the helpers the route table's operations are
// written with, the schemas they refer to, and the document put together from the table (so a
// route cannot be served undescribed).

#include "api/openapi.hpp"

#include <map>

namespace wp::api::openapi {
namespace {

ordered_json JsonContent(const ordered_json& schema) {
  return {{"application/json", {{"schema", schema}}}};
}

// A path parameter of a pattern that its operation does not describe itself, by its name.
ordered_json PathParam(std::string_view name) {
  if (name == "obligation") {
    return Param("obligation", "path", "string", "Mã nghĩa vụ báo cáo (r1, r2 …)");
  }
  if (name == "period") return Param("period", "path", "string", "Kỳ báo cáo (2012-M03 …)");
  if (name == "unit") return Param("unit", "path", "integer", "Số hiệu đơn vị");
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"schema", {{"type", "integer"}, {"minimum", 1}}}};
}

// The schemas the operations refer to: the name, then each property as name:type; a line that
// starts with spaces goes on with the schema above it.
constexpr std::string_view kSchemas = R"(
Amendment id:integer program_id:integer unit:object status:string version:integer
    effective_from:string reason:string changes:array submitted:object forwarded:object
    decided:object comment:string program_version:integer created_at:string updated_at:string
    actions:array
AmendmentInput version:integer unit_id:integer effective_from:string reason:string changes:array
    submit:boolean
AmendmentAction version:integer comment:string decision_number:string
ProgramVersion version:integer effective_from:string amendment_id:integer approved_at:string
    approved_by:object reason:string decision_number:string changes:array
Delegation id:integer grantee:object granted_by:object areas:array valid_from:string
    valid_to:string revoked_at:string created_at:string in_force:boolean
DelegationInput grantee_id:integer areas:array valid_from:string valid_to:string
Session csrf_token:string expires_at:string user:object
User id:integer username:string display_name:string role:string unit_id:integer unit_code:string
    unit_name:string active:boolean created_at:string updated_at:string last_login_at:string
    title:string
UserEdit display_name:string role:string unit_id:integer title:string
ApiToken id:integer name:string created_at:string expires_at:string last_used_at:string
    revoked_at:string expired:boolean
NewApiToken id:integer token:string name:string expires_at:string
PasswordResetCode code:string reset_url:string expires_at:string
NewUser username:string password:string role:string unit_id:integer display_name:string
    title:string
AuditEntry seq:integer at:string actor:string action:string entity:string entity_id:string
    before:object after:object prev_hash:string hash:string
OrgUnit id:integer code:string name:string kind:string parent_id:integer valid_from:string
    valid_to:string aliases:array successor_ids:array
ProgramSummary id:integer status:string number:string issued_date:string title:string year:integer
    targets:integer sections:integer
Program id:integer status:string document:object source:object created_at:string
    published_at:string counts:object settings:object
ProgramSettings four_eyes:boolean
Section number:string title:string lead_units:array coordinating_units:array parent:string
    depth:integer resolved_leads:array task_count:integer key:string lead_original:string
    changed_in:array
Target id:integer section:string indicator:string raw:string value:number unit:string
    comparator:string parent:string approximate:boolean restates:string span:object
    mention_of:integer mention_kind:string indicator_code:string baseline:number role:string
    reporters:object value_original:number changed_in:array
Task id:string section:string text:string lead_units:array resolved_leads:array span:object
    plan_status:string dropped_from:string changed_in:array
Budget section:string program:string raw:string total_vnd:integer investment_vnd:integer
    recurrent_vnd:integer span:object
Deadline section:string raw:string due:string what:string responsible:string span:object
    due_original:string changed_in:array
Obligation report:string frequency:string due:string day_of_month:integer rule:string
    working_days_after_cutoff:integer from:string to:array span:object
Diagnostic severity:string code:string message:string span:object
ScheduleItem key:string name:string frequency:string rule:string day_of_month:integer
    working_days_after_cutoff:integer due:string from:array unresolved:array periods:array
DueReport obligation:object period:object unit:object due:string nominal_due:string state:string
    received:boolean late:boolean overdue:boolean report:object
ReportForm id:integer program_id:integer obligation:object period:object unit:object due:string
    status:string version:integer late:boolean comment:string targets:array tasks:array
    values:array task_progress:array narrative:object warnings:array actions:array
    paired:object carried_tasks:array cumulative_references:array
CorrectionInput locator:string field:string value:string reason:string
Correction id:integer locator:string field:string value:string before:string after:string
    reason:string at:string by:string
ReportInput version:integer submit:boolean values:array task_progress:array narrative:object
    answer_paired:boolean paired_version:integer
ValueVintage target_id:integer scope:string kind:string value:string version:integer
    recorded_at:string
Dashboard program_id:integer at:string year:integer unit:object headline:string status_rule:string
    by_status:object headline_counts:object targets:array reporting:object
    overdue_tasks_by_lead:array own_targets:array ranking:object
AnalyticsQuery program_id:integer targets:array unit:integer level:string periods:array at:string
    read:string
AnalyticsCell target_id:integer period:string node:object value:number count:integer
Timeliness as_of:string total:object periods:array units:array
TaskStatus task_id:string section:string section_title:string text:string deadlines:array
    leads:array
OverdueTask task_id:string section:string deadline:string unit:object status:string
ReportCheck ok:boolean errors:array warnings:array version:integer status:string
Allocations items:array checks:array targets:array
Responsibilities program_id:integer revision:integer at:string columns:array rows:array
ResponsibilitiesInput revision:integer effective_from:string rows:array
Indicator id:integer issuer_key:string code:string name:string unit:string aggregation:string
    numerator_code:string denominator_code:string ratio_scale:string better:string
    default_reporters:string default_consolidator:string aliases:array sentence:string
IndicatorEdit name:string aliases:array aggregation:string better:string sentence:string
TableExport title:string filters:array columns:array rows:array sheet:string file_name:string
Document id:integer program_id:integer kind:string period:object as_of:string unit:object
    status:string version:integer stale:boolean generated_at:string updated_at:string
    issued_at:string header:object signature:object recipients:array counts:object blocks:array
    merge:object
DocumentSummary id:integer kind:string period:object as_of:string unit:object status:string
    version:integer number:string stale:boolean conflicts:integer updated_at:string
DocumentCreate kind:string period:string as_of:string unit_id:integer
DocumentEdit version:integer header:object signature:object recipients:array blocks:array
    resolve:array
DocumentRegenerate version:integer as_of:string
DocumentIssue version:integer number:string date:string signature:object recipients:array
DocumentHistoryItem version:integer action:string at:string by:object changed:array
Template name:string version:integer sha256:string tags:array
OutboxMessage id:integer key:string unit:object subject:string body:string sent_at:string
Briefing program:object at:string year:integer unit:object period:object headline:string
    headline_counts:object reporting:object areas:array
UnitProgram id:integer program_id:integer unit:object obligation:string status:string
    version:integer due:string late:boolean first_submitted_at:string submitted_at:string
    decided_at:string accepted_version:integer decision:object comment:string items:array
    unassigned:array targets:array accounts:array history:array
UnitProgramInput version:integer decision:object tasks:array targets:array
UnitProgramList obligation:string due:string items:array
UnitProgramImport program:object decision:object diagnostics:array proposed:object
NextYear id:integer from:integer year:integer revision:integer matrix_from:string
    decision_name:string reconciled_at:string targets:array tasks:array
Reconcile program_id:integer revision:integer decision_name:string reconciled_at:string
    items:array
Span line:integer column:integer offset:integer length:integer
ErrorFields code:string status:string message:string details:array request_id:string
)";

ordered_json Schemas() {
  ordered_json schemas;
  std::string name, fields;
  auto add = [&] {
    if (!name.empty()) schemas[name] = Obj(fields);
  };
  for (size_t i = 0; i < kSchemas.size();) {
    size_t end = std::min(kSchemas.find('\n', i), kSchemas.size());
    std::string_view line = kSchemas.substr(i, end - i);
    i = end + 1;
    if (line.empty()) continue;
    if (line.starts_with(' ')) {
      fields += ' ';
      fields += line.substr(line.find_first_not_of(' '));
      continue;
    }
    add();
    size_t space = line.find(' ');
    name = line.substr(0, space);
    fields = line.substr(space + 1);
  }
  add();
  schemas["Error"] = {{"type", "object"}, {"properties", {{"error", schemas["ErrorFields"]}}}};
  schemas.erase("ErrorFields");
  for (const char* schema : {"TaskStatus", "OverdueTask"}) {
    schemas[schema]["properties"]["task_id"]["description"] = kTaskIdText;
  }
  auto& table = schemas["TableExport"]["properties"];
  table["columns"]["description"] =
      "Các cột: {\"label\": tên cột, \"format\": integer|decimal|percent|date|text (cách đọc "
      "số không ghi định dạng riêng)}";
  table["rows"]["description"] =
      "Các dòng, mỗi dòng một danh sách ô: null, chuỗi, số, hoặc {\"value\", \"format\"} "
      "(percent: tỷ lệ 0.9905 = 99,05%; date: YYYY-MM-DD). Tối đa 20.000 dòng, 400.000 ô";
  table["filters"]["description"] = "Mỗi điều kiện lọc một dòng (\"Ngày số liệu: 31/12/2012\")";
  return schemas;
}

}  // namespace

ordered_json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

ordered_json ItemsOf(const std::string& name) {
  return {{"type", "object"},
          {"properties", {{"items", {{"type", "array"}, {"items", Ref(name)}}}}}};
}

ordered_json Obj(std::string_view fields) {
  ordered_json props = ordered_json::object();
  for (size_t i = 0; i < fields.size();) {
    size_t end = std::min(fields.find(' ', i), fields.size());
    std::string_view field = fields.substr(i, end - i);
    size_t colon = field.find(':');
    props[std::string(field.substr(0, colon))] = {{"type", field.substr(colon + 1)}};
    i = end + 1;
  }
  return {{"type", "object"}, {"properties", props}};
}

ordered_json Obj(std::initializer_list<std::pair<const char*, const char*>> fields) {
  ordered_json props;
  for (auto [k, t] : fields) props[k] = {{"type", t}};
  return {{"type", "object"}, {"properties", props}};
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
      {415, "Không phải JSON (unsupported_media_type)"},
      {429, "Đăng nhập sai quá nhiều lần (resource_exhausted)"},
      {503,
       "Tạm thời không phục vụ được: cơ sở dữ liệu không sẵn sàng hoặc máy chủ đang bận; thử lại "
       "sau Retry-After (unavailable, busy)"}};
  ordered_json out;
  for (int c : codes) {
    out[std::to_string(c)] = {{"description", kText.at(c)}, {"content", JsonContent(Ref("Error"))}};
  }
  return out;
}

ordered_json Op(const std::string& summary, const ordered_json& ok_schema,
                std::initializer_list<int> errors, int ok) {
  ordered_json responses = ErrorResponses(errors);
  responses[std::to_string(ok)] = {{"description", "OK"}, {"content", JsonContent(ok_schema)}};
  return {{"summary", summary}, {"responses", responses}};
}

ordered_json FileOp(const std::string& summary, const std::string& what) {
  return {{"summary", summary},
          {"responses", {{"200", {{"description", what}}}, {"404", ErrorResponses({404})["404"]}}}};
}

ordered_json Param(const char* name, const char* in, const char* type, const std::string& text,
                   bool required) {
  return {{"name", name},
          {"in", in},
          {"required", required || std::string_view(in) == "path"},
          {"schema", {{"type", type}}},
          {"description", text}};
}

ordered_json Body(const char* type, const ordered_json& schema) {
  return {{"required", true}, {"content", {{type, {{"schema", schema}}}}}};
}

ordered_json With(ordered_json op, std::initializer_list<ordered_json> params) {
  if (!op.contains("parameters")) op["parameters"] = ordered_json::array();
  for (const auto& p : params) op["parameters"].push_back(p);
  return op;
}

std::string Document(const RouteTable& table) {
  ordered_json paths = ordered_json::object();
  for (const Route& r : table.routes()) {
    ordered_json op = r.doc;
    ordered_json params = ordered_json::array();
    for (size_t i = r.pattern.find('{'); i != std::string::npos; i = r.pattern.find('{', i + 1)) {
      std::string name = r.pattern.substr(i + 1, r.pattern.find('}', i) - i - 1);
      bool described = false;
      for (const auto& p : op.value("parameters", ordered_json::array())) {
        described |= p["in"] == "path" && p["name"] == name;
      }
      if (!described) params.push_back(PathParam(name));
    }
    if (!params.empty() || op.contains("parameters")) {
      for (const auto& p : op.value("parameters", ordered_json::array())) params.push_back(p);
      op["parameters"] = std::move(params);
    }
    if (r.access == Access::kPublic) op["security"] = ordered_json::array();
    std::string method = r.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[r.pattern][method] = std::move(op);
  }
  ordered_json spec = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "workplan API"},
        {"version", "1"},
        {"description",
         "Chương trình công tác của Bộ: nhập quyết định, tổ chức theo ngày, tài khoản, nhật ký. "
         "Lỗi: {\"error\": {\"code\", \"message\", \"details\", \"request_id\"}} (request_id "
         "như tiêu đề X-Request-Id, để tìm trong nhật ký máy chủ). Phương thức ghi với cookie "
         "phiên cần header X-CSRF-Token; máy khách dùng Authorization: Bearer <token>."}}},
      {"components",
       {{"schemas", Schemas()},
        {"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "wp_session"}}},
          {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
      {"security", ordered_json::array(
                       {{{"session", ordered_json::array()}}, {{"token", ordered_json::array()}}})},
      {"paths", paths}};
  return spec.dump();
}

}  // namespace wp::api::openapi
