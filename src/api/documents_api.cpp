// The consolidated report and a unit's own report (issue 17):
//   POST/GET /api/v1/programs/{id}/documents, GET/PUT /api/v1/documents/{id},
//   POST …/regenerate, POST …/issue, GET …/history, GET …/versions/{version},
//   GET …/file.docx, GET …/tables.xlsx, PUT/GET /api/v1/templates/{name}[/file.docx].

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"
#include "service/documents.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;

constexpr const char* kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr size_t kTemplateLimit = 2u << 20;
constexpr size_t kMaxEdits = 2000;

ordered_json UnitJson(const service::DocumentUnitView& u) {
  return {{"id", u.id}, {"code", u.code}, {"name", u.name}};
}

ordered_json TableJson(const domain::BlockTable& t) {
  ordered_json columns = ordered_json::array();
  for (const auto& c : t.columns) columns.push_back({{"label", c.label}, {"format", c.format}});
  ordered_json rows = ordered_json::array();
  for (const auto& r : t.rows) {
    ordered_json row = ordered_json::array();
    for (const auto& c : r) {
      row.push_back({{"text", c.text}, {"value", OptJson(c.value)}, {"bold", c.bold}});
    }
    rows.push_back(std::move(row));
  }
  return {{"columns", std::move(columns)}, {"rows", std::move(rows)}};
}

ordered_json BlockJson(const service::Services& svc, const service::DocumentBlockView& bv) {
  const auto& b = bv.block;
  ordered_json underneath = nullptr;
  if (bv.before || bv.after) {
    underneath = {{"before", OptJson(bv.before)}, {"after", OptJson(bv.after)}};
  }
  return {{"key", b.key},
          {"kind", domain::BlockKindName(b.kind)},
          {"style", b.style},
          {"section", b.section},
          {"area", b.area},
          {"unit", b.unit ? UnitRef(svc, *b.unit) : ordered_json(nullptr)},
          {"text", b.Text()},
          {"generated", b.generated},
          {"edited", b.edited.has_value()},
          {"removed", b.removed},
          {"anchor", OptJson(b.anchor)},
          {"state", domain::BlockStateName(b.state)},
          {"underneath", std::move(underneath)},
          {"suggestion", OptJson(bv.suggestion)},
          {"table", b.table ? TableJson(*b.table) : ordered_json(nullptr)}};
}

ordered_json DocumentJson(const service::Services& svc, const service::DocumentView& v) {
  const auto& h = v.header;
  ordered_json recipients = ordered_json::array();
  for (const auto& r : h.recipients) recipients.push_back(r);
  ordered_json blocks = ordered_json::array();
  for (const auto& b : v.blocks) blocks.push_back(BlockJson(svc, b));
  ordered_json j = {{"id", v.id},
                    {"program_id", v.program_id},
                    {"kind", domain::DocumentKindName(v.kind)},
                    {"period", PeriodJson(v.period)},
                    {"as_of", v.as_of.ToIso()},
                    {"unit", UnitJson(v.unit)},
                    {"status", domain::DocumentStatusName(v.status)},
                    {"version", v.version},
                    {"stale", v.stale},
                    {"generated_at", v.generated_at},
                    {"updated_at", v.updated_at},
                    {"issued_at", OptJson(v.issued_at)},
                    {"header",
                     {{"parent_body", h.parent_body},
                      {"issuer", h.issuer},
                      {"symbol", h.symbol},
                      {"number", OptJson(v.number)},
                      {"place", h.place},
                      {"date", OptDate(h.date)},
                      {"date_line", v.date_line},
                      {"title", h.title},
                      {"subject", h.subject}}},
                    {"signature",
                     {{"authority", h.signature.authority},
                      {"title", h.signature.title},
                      {"name", h.signature.name}}},
                    {"recipients", std::move(recipients)},
                    {"counts",
                     {{"blocks", v.counts.blocks},
                      {"edited", v.counts.edited},
                      {"changed_underneath", v.counts.changed_underneath},
                      {"orphaned", v.counts.orphaned}}},
                    {"blocks", std::move(blocks)}};
  if (!v.kept.empty() || !v.changed_underneath.empty() || !v.orphaned.empty()) {
    j["merge"] = {
        {"kept", v.kept}, {"changed_underneath", v.changed_underneath}, {"orphaned", v.orphaned}};
  }
  return j;
}

ordered_json SummaryJson(const service::DocumentSummaryView& s) {
  return {{"id", s.id},
          {"kind", domain::DocumentKindName(s.kind)},
          {"period", {{"key", s.period.Key()}, {"label", s.period.Label()}}},
          {"as_of", s.as_of.ToIso()},
          {"unit", UnitJson(s.unit)},
          {"status", domain::DocumentStatusName(s.status)},
          {"version", s.version},
          {"number", OptJson(s.number)},
          {"stale", s.stale},
          {"conflicts", s.conflicts},
          {"updated_at", s.updated_at}};
}

core::Error Invalid(std::vector<core::ErrorDetail> problems) {
  auto e = Err(ErrorCode::kInvalidArgument, "document_invalid",
               "Nội dung gửi lên chưa hợp lệ; chưa lưu gì");
  if (problems.size() > 100) problems.resize(100);
  e.details = std::move(problems);
  return e;
}

// An integer field: the value, or a problem named.
std::optional<int64_t> IntField(const ordered_json& j, const char* key, bool required,
                                std::vector<core::ErrorDetail>& problems, const std::string& at) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) problems.push_back({at + key, "Cần giá trị số nguyên"});
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    problems.push_back({at + key, "Cần giá trị số nguyên"});
    return std::nullopt;
  }
  return it->get<int64_t>();
}

std::optional<std::string> StrField(const ordered_json& j, const char* key,
                                    std::vector<core::ErrorDetail>& problems,
                                    const std::string& at) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (!it->is_string()) {
    problems.push_back({at + key, "Cần một chuỗi"});
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<core::CivilDate> DateField(const ordered_json& j, const char* key,
                                         std::vector<core::ErrorDetail>& problems, bool required) {
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

std::optional<domain::DocumentSignature> SignatureField(const ordered_json& j,
                                                        std::vector<core::ErrorDetail>& problems) {
  auto it = j.find("signature");
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) {
    problems.push_back({"signature", "Cần {authority, title, name}"});
    return std::nullopt;
  }
  domain::DocumentSignature s;
  s.authority = StrField(*it, "authority", problems, "signature.").value_or("");
  s.title = StrField(*it, "title", problems, "signature.").value_or("");
  s.name = StrField(*it, "name", problems, "signature.").value_or("");
  return s;
}

std::optional<std::vector<std::string>> RecipientsField(const ordered_json& j,
                                                        std::vector<core::ErrorDetail>& problems) {
  auto it = j.find("recipients");
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_array() || it->size() > 50 ||
      !std::all_of(it->begin(), it->end(), [](const auto& x) { return x.is_string(); })) {
    problems.push_back({"recipients", "Nơi nhận là danh sách các dòng (chuỗi, tối đa 50)"});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& x : *it) out.push_back(x.get<std::string>());
  return out;
}

core::Result<service::GenerateInput> ReadGenerate(const ordered_json& j) {
  service::GenerateInput in;
  std::vector<core::ErrorDetail> problems;
  auto kind = StrField(j, "kind", problems, "");
  if (kind) {
    auto k = domain::ParseDocumentKind(*kind);
    if (!k) {
      problems.push_back({"kind", "Loại báo cáo: consolidated hoặc unit"});
    } else {
      in.kind = *k;
    }
  }
  auto period = StrField(j, "period", problems, "");
  if (!period) {
    problems.push_back({"period", "Cần kỳ báo cáo (2012-M12, 2012-Q4, 2012-H1, 2012-Y)"});
  } else {
    in.period = *period;
  }
  in.as_of = DateField(j, "as_of", problems, false);
  if (auto u = IntField(j, "unit_id", false, problems, "")) in.unit = *u;
  if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
  return in;
}

core::Result<service::DocumentEdit> ReadEdit(const ordered_json& j) {
  service::DocumentEdit e;
  std::vector<core::ErrorDetail> problems;
  e.version = IntField(j, "version", true, problems, "").value_or(0);
  if (auto h = j.find("header"); h != j.end() && !h->is_null()) {
    if (!h->is_object()) {
      problems.push_back({"header", "Cần một đối tượng"});
    } else {
      e.parent_body = StrField(*h, "parent_body", problems, "header.");
      e.issuer = StrField(*h, "issuer", problems, "header.");
      e.symbol = StrField(*h, "symbol", problems, "header.");
      e.place = StrField(*h, "place", problems, "header.");
      e.title = StrField(*h, "title", problems, "header.");
      e.subject = StrField(*h, "subject", problems, "header.");
      if (auto d = h->find("date"); d != h->end()) {
        if (d->is_null()) {
          e.date = std::optional<core::CivilDate>();
        } else {
          std::optional<core::CivilDate> date;
          if (d->is_string()) date = core::ParseIsoDate(d->get<std::string>());
          if (!date) {
            problems.push_back({"header.date", "Ngày theo dạng YYYY-MM-DD"});
          } else {
            e.date = date;
          }
        }
      }
    }
  }
  e.signature = SignatureField(j, problems);
  e.recipients = RecipientsField(j, problems);
  auto blocks = j.find("blocks");
  if (blocks != j.end() && !blocks->is_null()) {
    if (!blocks->is_array() || blocks->size() > kMaxEdits) {
      problems.push_back({"blocks", "Cần danh sách các thay đổi (tối đa 2.000)"});
    } else {
      for (size_t i = 0; i < blocks->size(); ++i) {
        const auto& b = (*blocks)[i];
        const std::string at = "blocks[" + std::to_string(i) + "]";
        if (!b.is_object()) {
          problems.push_back({at, "Mỗi thay đổi là {key, text} hoặc {key, remove: true}"});
          continue;
        }
        service::BlockEdit be;
        be.field = at;
        auto key = StrField(b, "key", problems, at + ".");
        if (!key) {
          problems.push_back({at + ".key", "Cần khóa của đoạn"});
          continue;
        }
        be.key = *key;
        if (auto t = b.find("text"); t != b.end()) {
          if (t->is_string()) {
            be.text = t->get<std::string>();
          } else if (!t->is_null()) {
            problems.push_back({at + ".text", "Nội dung là một chuỗi (null: trở lại bản tạo)"});
          }
        }
        be.after = StrField(b, "after", problems, at + ".");
        if (auto r = b.find("remove"); r != b.end()) {
          if (!r->is_boolean()) {
            problems.push_back({at + ".remove", "remove là true hoặc false"});
          } else {
            be.remove = r->get<bool>();
          }
        }
        e.blocks.push_back(std::move(be));
      }
    }
  }
  auto resolve = j.find("resolve");
  if (resolve != j.end() && !resolve->is_null()) {
    if (!resolve->is_array() || resolve->size() > kMaxEdits) {
      problems.push_back({"resolve", "Cần danh sách {key, take}"});
    } else {
      for (size_t i = 0; i < resolve->size(); ++i) {
        const auto& r = (*resolve)[i];
        const std::string at = "resolve[" + std::to_string(i) + "]";
        if (!r.is_object()) {
          problems.push_back({at, "Mỗi mục là {key, take}"});
          continue;
        }
        service::BlockResolve br;
        br.field = at;
        auto key = StrField(r, "key", problems, at + ".");
        auto take = StrField(r, "take", problems, at + ".");
        if (!key) problems.push_back({at + ".key", "Cần khóa của đoạn"});
        if (!take || (*take != "mine" && *take != "new" && *take != "suggestion")) {
          problems.push_back({at + ".take", "take: mine, new hoặc suggestion"});
          continue;
        }
        if (!key) continue;
        br.key = *key;
        br.take = *take == "mine"  ? service::Take::kMine
                  : *take == "new" ? service::Take::kNew
                                   : service::Take::kSuggestion;
        e.resolve.push_back(std::move(br));
      }
    }
  }
  if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
  return e;
}

core::Result<service::DocumentIssueInput> ReadIssue(const ordered_json& j) {
  service::DocumentIssueInput in;
  std::vector<core::ErrorDetail> problems;
  in.version = IntField(j, "version", true, problems, "").value_or(0);
  if (auto n = j.find("number"); n != j.end() && !n->is_null()) {
    std::optional<int64_t> v;
    if (n->is_number_integer()) {
      v = n->get<int64_t>();
    } else if (n->is_string()) {
      v = ParseId(n->get<std::string>());
    }
    if (!v || *v <= 0) {
      problems.push_back({"number", "Số văn bản là một số nguyên dương (\"12\")"});
    } else {
      in.number = v;
    }
  }
  if (auto d = DateField(j, "date", problems, true)) in.date = *d;
  auto sig = SignatureField(j, problems);
  if (!sig) {
    problems.push_back({"signature", "Cần người ký {authority, title, name}"});
  } else {
    in.signature = *sig;
  }
  in.recipients = RecipientsField(j, problems);
  if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
  return in;
}

core::Result<int64_t> VersionBody(const ordered_json& j, std::optional<core::CivilDate>& as_of) {
  std::vector<core::ErrorDetail> problems;
  auto v = IntField(j, "version", true, problems, "");
  as_of = DateField(j, "as_of", problems, false);
  if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
  return *v;
}

Response File(std::string bytes, const char* type, const std::string& name) {
  Response r;
  r.content_type = type;
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return r;
}

std::string DocxName(const service::DocumentView& v) {
  std::string base = v.kind == domain::DocumentKind::kConsolidated
                         ? "bao-cao-tong-hop-" + v.period.Key()
                         : "bao-cao-" + v.unit.code + "-" + v.period.Key();
  return base + (v.number ? "-so-" + std::to_string(v.id) : "") + ".docx";
}

core::Status MayUploadTemplate(const Principal& who) {
  if (who.role == domain::Role::kAdmin) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Chỉ quản trị hệ thống mới thay mẫu văn bản");
}

}  // namespace

std::vector<Route> Api::DocumentRoutes() {
  using openapi::Body;
  using openapi::FileOp;
  using openapi::ItemsOf;
  using openapi::Op;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  std::vector<Route> routes;
  routes.push_back(
      {"POST", "/api/v1/programs/{id}/documents", Access::kSignedIn,
       Op("Tạo dự thảo báo cáo tổng hợp (consolidated, người lập kế hoạch, quản trị) hoặc báo cáo "
          "của một đơn vị (unit) cho một kỳ, từ các báo cáo đã duyệt đến ngày as_of; nếu đã có "
          "dự thảo thì cập nhật số liệu, giữ các đoạn đã sửa (200)",
          Ref("Document"), {400, 401, 403, 404, 409}, 201),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto in, ReadGenerate(j));
         WP_ASSIGN_OR_RETURN(auto v, service_.documents.Generate(who, program, in));
         Response r = Json(v.created ? 201 : 200, DocumentJson(service_, v));
         if (v.created)
           r.headers.emplace_back("Location", "/api/v1/documents/" + std::to_string(v.id));
         return r;
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("DocumentCreate"));
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/documents", Access::kSignedIn,
       With(Op("Các báo cáo tổng hợp và báo cáo đơn vị của chương trình, mới sửa trước",
               ItemsOf("DocumentSummary"), {400, 401, 404}),
            {Param("kind", "query", "string", "consolidated | unit"),
             Param("period", "query", "string", "Kỳ (2012-M12 …)"),
             Param("status", "query", "string", "draft | issued")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         service::DocumentListFilter f;
         if (auto k = OptQuery(req, "kind")) {
           f.kind = domain::ParseDocumentKind(*k);
           if (!f.kind) return tl::unexpected(BadParameter(req, "kind", "consolidated hoặc unit"));
         }
         if (auto p = OptQuery(req, "period")) {
           if (!domain::ParsePeriodKey(*p)) {
             return tl::unexpected(BadParameter(req, "period", "kỳ dạng 2012-M12, 2012-Q4"));
           }
           f.period = *p;
         }
         if (auto s = OptQuery(req, "status")) {
           f.status = domain::ParseDocumentStatus(*s);
           if (!f.status) return tl::unexpected(BadParameter(req, "status", "draft hoặc issued"));
         }
         WP_ASSIGN_OR_RETURN(auto list, service_.documents.List(who, program, f));
         return ItemsResponse(list, SummaryJson);
       }});
  routes.push_back(
      {"GET", "/api/v1/documents/{id}", Access::kSignedIn,
       Op("Một báo cáo: phần đầu theo Nghị định 30, các đoạn (văn bản đang dùng, bản tạo, đã "
          "sửa, số liệu bên dưới đã thay đổi: trước → sau và gợi ý áp dụng số mới), các bảng",
          Ref("Document"), {401, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto v, service_.documents.Get(who, id));
         return Json(200, DocumentJson(service_, v));
       }});
  routes.push_back(
      {"PUT", "/api/v1/documents/{id}", Access::kSignedIn,
       Op("Sửa dự thảo ở phiên bản đã đọc: phần đầu, người ký, nơi nhận, các đoạn ({key, text}; "
          "{key, text: null} trở lại bản tạo; {key: \"new\", after, text} thêm đoạn; {key, "
          "remove: true} bỏ đoạn) và xử lý đoạn có số liệu thay đổi (resolve: [{key, take: "
          "mine|new|suggestion}])",
          Ref("Document"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto e, ReadEdit(j));
         WP_ASSIGN_OR_RETURN(auto v, service_.documents.Edit(who, id, e));
         return Json(200, DocumentJson(service_, v));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("DocumentEdit"));
  routes.push_back(
      {"POST", "/api/v1/documents/{id}/regenerate", Access::kSignedIn,
       Op("Cập nhật số liệu của dự thảo (từ các báo cáo đã duyệt đến nay, hoặc đến as_of): đoạn "
          "chưa sửa lấy bản mới; đoạn đã sửa được giữ, đánh dấu changed_underneath khi số liệu "
          "bên dưới đổi",
          Ref("Document"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         std::optional<core::CivilDate> as_of;
         WP_ASSIGN_OR_RETURN(auto version, VersionBody(j, as_of));
         WP_ASSIGN_OR_RETURN(auto v, service_.documents.Regenerate(who, id, version, as_of));
         return Json(200, DocumentJson(service_, v));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("DocumentRegenerate"));
  routes.push_back(
      {"POST", "/api/v1/documents/{id}/issue", Access::kSignedIn,
       Op("Ban hành: cấp số (số tiếp theo của đơn vị trong năm, hoặc số văn thư nhập), ngày, "
          "người ký, nơi nhận; lưu tệp .docx như đã ban hành. 409 document_has_conflicts khi còn "
          "đoạn có số liệu thay đổi chưa xử lý; 400 signature_missing khi thiếu họ tên người ký",
          Ref("Document"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto in, ReadIssue(j));
         WP_ASSIGN_OR_RETURN(auto v, service_.documents.Issue(who, id, in));
         return Json(200, DocumentJson(service_, v));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("DocumentIssue"));
  routes.push_back(
      {"GET", "/api/v1/documents/{id}/history", Access::kSignedIn,
       Op("Các phiên bản của báo cáo: thao tác (generate, edit, regenerate, resolve, issue), "
          "lúc, người, các đoạn thay đổi",
          ItemsOf("DocumentHistoryItem"), {401, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto list, service_.documents.History(who, id));
         return ItemsResponse(list, [](const service::DocumentHistoryItem& h) {
           return ordered_json{
               {"version", h.version},
               {"action", h.action},
               {"at", h.at},
               {"by", h.by ? ordered_json{{"id", *h.by}, {"username", h.by_username}}
                           : ordered_json(nullptr)},
               {"changed", h.changed}};
         });
       }});
  routes.push_back(
      {"GET", "/api/v1/documents/{id}/versions/{version}", Access::kSignedIn,
       Op("Báo cáo như ở một phiên bản", Ref("Document"), {401, 404}),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(int64_t version, IdParam(call.path[1]));
         WP_ASSIGN_OR_RETURN(auto v, service_.documents.AtVersion(who, id, version));
         return Json(200, DocumentJson(service_, v));
       }});
  routes.push_back(
      {"GET", "/api/v1/documents/{id}/file.docx", Access::kSignedIn,
       With(FileOp("Tệp Word theo Nghị định 30: đã ban hành là tệp lưu khi ban hành (không đổi); "
                   "dự thảo được ghi từ mẫu lúc tải",
                   kDocxType),
            {Param("version", "query", "integer", "Một phiên bản cũ")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto version, OptIdParam(req, "version"));
         WP_ASSIGN_OR_RETURN(auto v, service_.documents.Get(who, id));
         WP_ASSIGN_OR_RETURN(auto bytes, service_.documents.Docx(who, id, version));
         return File(std::move(bytes), kDocxType, DocxName(v));
       }});
  routes.push_back(
      {"GET", "/api/v1/documents/{id}/tables.xlsx", Access::kSignedIn,
       FileOp("Các bảng số liệu của báo cáo, mỗi bảng một trang tính (số là số)", kXlsxType),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto t, service_.documents.TablesXlsx(who, id));
         return File(std::move(t.xlsx), kXlsxType, t.file_name);
       }});
  routes.push_back(
      {"PUT", "/api/v1/templates/{name}", Access::kSignedIn,
       Op("Thay mẫu văn bản (quản trị): tệp .docx sửa trong Word, phải còn đủ các ô nội dung "
          "(wp.*) và kiểu đoạn; không có macro, liên kết ngoài; tối đa 2 MB",
          Ref("Template"), {400, 401, 403, 404, 413}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_RETURN_IF_ERROR(MayUploadTemplate(who));
         WP_ASSIGN_OR_RETURN(
             auto t, service_.documents.ReplaceTemplate(who, std::string(call.path[0]), req.body));
         return Json(
             200,
             {{"name", t.name}, {"version", t.version}, {"sha256", t.sha256}, {"tags", t.tags}});
       }});
  routes.back().doc["requestBody"] = Body(kDocxType, {{"type", "string"}, {"format", "binary"}});
  routes.back().upload = Upload{kTemplateLimit, MayUploadTemplate};
  routes.push_back(
      {"GET", "/api/v1/templates/{name}/file.docx", Access::kSignedIn,
       FileOp("Mẫu văn bản đang dùng (bao_cao, giao_ban), để sửa trong Word", kDocxType),
       [this](const Request&, const Principal& who, const Call& call) -> core::Result<Response> {
         std::string name(call.path[0]);
         WP_ASSIGN_OR_RETURN(auto bytes, service_.documents.TemplateFile(who, name));
         return File(std::move(bytes), kDocxType, name + ".docx");
       }});
  // Viewers (leaders) read drafts; writing is refused by role before the body is read — the
  // unit's scope (a unit's editor, its own report) stays the service's.
  for (auto [method, pattern] :
       {std::pair<std::string, std::string>{"POST", "/api/v1/programs/{id}/documents"},
        {"PUT", "/api/v1/documents/{id}"},
        {"POST", "/api/v1/documents/{id}/regenerate"}}) {
    RequirePermission(routes, method, pattern, domain::Permission::kWriteReports,
                      "Tài khoản chỉ xem không tạo, sửa được báo cáo");
  }
  // Issuing: planners and admins, a unit's approver its own report — never an editor.
  RequirePermission(routes, "POST", "/api/v1/documents/{id}/issue",
                    domain::Permission::kDecideReports,
                    "Chỉ lãnh đạo đơn vị (người duyệt), cán bộ kế hoạch hoặc quản trị mới ban "
                    "hành được báo cáo");
  return routes;
}

}  // namespace wp::api
