// The responsibility matrix and the issuer's catalogue of indicators (issue 16):
//   GET/PUT /api/v1/programs/{id}/responsibilities, GET /api/v1/indicators?issuer=,
//   PATCH /api/v1/indicators/{id}.

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;

constexpr size_t kMaxRows = 10'000;
constexpr size_t kMaxReportersPerRow = 200;

ordered_json MatrixJson(const service::MatrixView& v) {
  ordered_json columns = ordered_json::array();
  for (const auto& c : v.columns) columns.push_back({{"key", c.key}, {"label", c.label}});
  ordered_json rows = ordered_json::array();
  for (const auto& r : v.rows) {
    ordered_json reporters = ordered_json::array();
    for (const auto& x : r.reporters) {
      reporters.push_back(
          {{"key", x.key},
           {"frequency", x.frequency ? ordered_json(domain::FrequencyName(*x.frequency))
                                     : ordered_json(nullptr)},
           {"source", domain::ReporterSourceName(x.source)},
           {"rule", x.rule},
           {"valid_from", x.valid_from.ToIso()},
           {"valid_to", OptDate(x.valid_to)}});
    }
    rows.push_back(
        {{"target_id", r.target_id},
         {"section", r.section},
         {"display_name", r.display_name},
         {"indicator_code",
          r.indicator_code.empty() ? ordered_json(nullptr) : ordered_json(r.indicator_code)},
         {"reporters", std::move(reporters)},
         {"consolidator",
          r.consolidator ? ordered_json{{"unit_id", *r.consolidator}, {"name", r.consolidator_name}}
                         : ordered_json(nullptr)},
         {"why_none", r.why_none.empty() ? ordered_json(nullptr) : ordered_json(r.why_none)}});
  }
  return {{"program_id", v.program},
          {"revision", v.revision},
          {"at", v.at.ToIso()},
          {"columns", std::move(columns)},
          {"rows", std::move(rows)}};
}

ordered_json IndicatorJson(const domain::Indicator& x) {
  ordered_json aliases = ordered_json::array();
  for (const auto& a : x.aliases) aliases.push_back(a);
  return {
      {"id", x.id},
      {"issuer_key", x.issuer_key},
      {"code", x.code},
      {"name", x.name},
      {"unit", x.unit},
      {"aggregation", domain::AggregationName(x.aggregation)},
      {"numerator_code",
       x.numerator_code.empty() ? ordered_json(nullptr) : ordered_json(x.numerator_code)},
      {"denominator_code",
       x.denominator_code.empty() ? ordered_json(nullptr) : ordered_json(x.denominator_code)},
      {"ratio_scale", x.ratio_scale ? ordered_json(Text(*x.ratio_scale)) : ordered_json(nullptr)},
      {"better", domain::BetterName(x.better)},
      {"default_reporters", x.default_reporters
                                ? ordered_json(domain::ReporterGroupName(*x.default_reporters))
                                : ordered_json(nullptr)},
      {"default_consolidator", x.default_consolidator.empty()
                                   ? ordered_json(nullptr)
                                   : ordered_json(x.default_consolidator)},
      {"aliases", std::move(aliases)},
      {"sentence", x.sentence.empty() ? ordered_json(nullptr) : ordered_json(x.sentence)}};
}

core::Error Invalid(std::vector<core::ErrorDetail> details) {
  auto e = Err(ErrorCode::kInvalidArgument, "responsibility_invalid",
               "Bảng phân công báo cáo gửi lên chưa hợp lệ; chưa lưu gì");
  if (details.size() > 100) details.resize(100);
  e.details = std::move(details);
  return e;
}

// The PUT body: {revision, effective_from?, rows: [{target_id, reporters: [{key, frequency?}],
// consolidator_unit_id?}]}, each wrong field named.
struct MatrixInput {
  int64_t revision = 0;
  std::optional<core::CivilDate> effective_from;
  std::vector<service::MatrixChange> rows;
};

core::Result<MatrixInput> ReadMatrixInput(const ordered_json& j) {
  MatrixInput in;
  std::vector<core::ErrorDetail> problems;
  auto revision = j.find("revision");
  if (revision == j.end() || !revision->is_number_integer()) {
    problems.push_back({"revision", "Cần phiên bản của bảng đã đọc (số nguyên)"});
  } else {
    in.revision = revision->get<int64_t>();
  }
  if (auto from = j.find("effective_from"); from != j.end() && !from->is_null()) {
    std::optional<core::CivilDate> d;
    if (from->is_string()) d = core::ParseIsoDate(from->get<std::string>());
    if (!d) {
      problems.push_back({"effective_from", "Ngày hiệu lực theo dạng YYYY-MM-DD"});
    } else {
      in.effective_from = d;
    }
  }
  auto rows = j.find("rows");
  if (rows == j.end() || !rows->is_array()) {
    problems.push_back({"rows",
                        "Cần danh sách các dòng {target_id, reporters, "
                        "consolidator_unit_id}"});
    return tl::unexpected(Invalid(std::move(problems)));
  }
  if (rows->size() > kMaxRows) {
    problems.push_back({"rows", "Quá nhiều dòng (tối đa 10.000)"});
    return tl::unexpected(Invalid(std::move(problems)));
  }
  for (size_t i = 0; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    const std::string at = "rows[" + std::to_string(i) + "]";
    if (!r.is_object()) {
      problems.push_back({at, "Mỗi dòng là một đối tượng {target_id, reporters, …}"});
      continue;
    }
    service::MatrixChange change;
    auto target = r.find("target_id");
    if (target == r.end() || !target->is_number_integer()) {
      problems.push_back({at + ".target_id", "Cần số hiệu chỉ tiêu"});
    } else {
      change.target_id = target->get<int64_t>();
    }
    auto who = r.find("reporters");
    if (who == r.end() || !who->is_array() || who->size() > kMaxReportersPerRow) {
      problems.push_back({at + ".reporters", "Cần danh sách đơn vị báo cáo (tối đa 200)"});
    } else {
      for (size_t k = 0; k < who->size(); ++k) {
        const auto& x = (*who)[k];
        const std::string xat = at + ".reporters[" + std::to_string(k) + "]";
        if (!x.is_object() || !x.contains("key") || !x["key"].is_string()) {
          problems.push_back({xat + ".key",
                              "Cần khóa cột: group:province, group:department "
                              "hoặc unit:<số hiệu>"});
          continue;
        }
        service::MatrixChange::Who w;
        w.key = x["key"].get<std::string>();
        if (auto f = x.find("frequency"); f != x.end() && !f->is_null()) {
          std::optional<domain::Frequency> freq;
          if (f->is_string()) freq = domain::ParseFrequency(f->get<std::string>());
          if (!freq) {
            problems.push_back(
                {xat + ".frequency", "Tần suất: monthly, quarterly, semiannual, annual hoặc once"});
            continue;
          }
          w.frequency = freq;
        }
        change.reporters.push_back(std::move(w));
      }
    }
    if (auto c = r.find("consolidator_unit_id"); c != r.end() && !c->is_null()) {
      if (!c->is_number_integer()) {
        problems.push_back({at + ".consolidator_unit_id", "Cần số hiệu đơn vị tổng hợp"});
      } else {
        change.consolidator = c->get<int64_t>();
      }
    }
    in.rows.push_back(std::move(change));
  }
  if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
  return in;
}

core::Result<service::IndicatorEdit> ReadIndicatorEdit(const ordered_json& j) {
  service::IndicatorEdit edit;
  std::vector<core::ErrorDetail> problems;
  if (auto n = j.find("name"); n != j.end()) {
    if (!n->is_string()) {
      problems.push_back({"name", "Tên chỉ số là một chuỗi"});
    } else {
      edit.name = n->get<std::string>();
    }
  }
  if (auto a = j.find("aliases"); a != j.end()) {
    if (!a->is_array() || a->size() > 50 ||
        !std::all_of(a->begin(), a->end(), [](const auto& x) { return x.is_string(); })) {
      problems.push_back({"aliases", "Danh sách các cách gọi khác (chuỗi, tối đa 50)"});
    } else {
      edit.aliases.emplace();
      for (const auto& x : *a) edit.aliases->push_back(x.get<std::string>());
    }
  }
  if (auto w = j.find("sentence"); w != j.end()) {
    if (w->is_null()) {
      edit.sentence = "";
    } else if (!w->is_string()) {
      problems.push_back({"sentence", "Câu báo cáo là một chuỗi, hoặc null để bỏ"});
    } else {
      edit.sentence = w->get<std::string>();
    }
  }
  if (auto a = j.find("aggregation"); a != j.end()) {
    std::optional<domain::Aggregation> v;
    if (a->is_string()) v = domain::ParseAggregation(a->get<std::string>());
    if (!v) {
      problems.push_back({"aggregation", "Cách cộng dồn: sum, ratio, mean hoặc last"});
    } else {
      edit.aggregation = v;
    }
  }
  if (auto b = j.find("better"); b != j.end()) {
    std::optional<domain::Better> v;
    if (b->is_string()) v = domain::ParseBetter(b->get<std::string>());
    if (!v) {
      problems.push_back({"better", "Chiều tốt: higher hoặc lower"});
    } else {
      edit.better = v;
    }
  }
  if (!problems.empty()) {
    auto e = Err(ErrorCode::kInvalidArgument, "indicator_invalid",
                 "Dữ liệu sửa chỉ số chưa hợp lệ; chưa lưu gì");
    e.details = std::move(problems);
    return tl::unexpected(e);
  }
  return edit;
}

core::Status MayChangeMatrix(const Principal& who) {
  if (domain::Can(who, domain::Permission::kManagePrograms)) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Chỉ người lập kế hoạch hoặc quản trị viên mới phân công báo cáo và sửa danh "
                    "mục chỉ số");
}

}  // namespace

std::vector<Route> Api::MatrixRoutes() {
  using openapi::Body;
  using openapi::ItemsOf;
  using openapi::Op;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  std::vector<Route> routes;
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/responsibilities", Access::kSignedIn,
       With(Op("Bảng phân công báo cáo: chỉ tiêu × đơn vị báo cáo (nhóm tỉnh, nhóm đơn vị thuộc "
               "Bộ, từng đơn vị), đơn vị tổng hợp, căn cứ đề xuất; hiệu lực tại ngày ?at",
               Ref("Responsibilities"), {400, 401, 404}),
            {Param("at", "query", "string", "Ngày xem (YYYY-MM-DD); mặc định hôm nay")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto at, OptDateParam(req, "at"));
         WP_ASSIGN_OR_RETURN(auto view, service_.responsibilities.Matrix(who, program, at));
         return Json(200, MatrixJson(view));
       }});
  routes.push_back(
      {"PUT", "/api/v1/programs/{id}/responsibilities", Access::kSignedIn,
       Op("Xác nhận hoặc sửa bảng phân công (người lập kế hoạch): {revision, effective_from?, "
          "rows: [{target_id, reporters: [{key, frequency?}], consolidator_unit_id}]}; chỉ các "
          "chỉ tiêu được nêu thay đổi; chương trình đã ban hành: từ ngày hiệu lực",
          Ref("Responsibilities"), {400, 401, 403, 404, 409}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t program, ProgramIdParam(call.path[0]));
         WP_RETURN_IF_ERROR(MayChangeMatrix(who));  // before the body is parsed
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto in, ReadMatrixInput(j));
         WP_ASSIGN_OR_RETURN(auto view, service_.responsibilities.Replace(
                                            who, program, in.revision, in.effective_from, in.rows));
         return Json(200, MatrixJson(view));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("ResponsibilitiesInput"));
  routes.push_back(
      {"GET", "/api/v1/indicators", Access::kSignedIn,
       With(Op("Danh mục chỉ số của cơ quan ban hành (giữ qua các năm)", ItemsOf("Indicator"),
               {401}),
            {Param("issuer", "query", "string",
                   "Cơ quan ban hành như văn bản ghi; mặc định mọi cơ quan")}),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         std::string issuer = OptQuery(req, "issuer").value_or("");
         if (issuer.size() > 500) return tl::unexpected(BadParameter(req, "issuer", "≤ 500 ký tự"));
         WP_ASSIGN_OR_RETURN(auto list, service_.responsibilities.Indicators(who, issuer));
         return ItemsResponse(list, IndicatorJson);
       }});
  routes.push_back(
      {"PATCH", "/api/v1/indicators/{id}", Access::kSignedIn,
       Op("Sửa một chỉ số của danh mục (người lập kế hoạch): name, aliases, aggregation, better, "
          "sentence (câu báo cáo: \"tạo việc làm cho {value}\")",
          Ref("Indicator"), {400, 401, 403, 404}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_RETURN_IF_ERROR(MayChangeMatrix(who));
         WP_ASSIGN_OR_RETURN(auto j, ParseJsonObject(req));
         WP_ASSIGN_OR_RETURN(auto edit, ReadIndicatorEdit(j));
         WP_ASSIGN_OR_RETURN(auto after, service_.responsibilities.EditIndicator(who, id, edit));
         return Json(200, IndicatorJson(after));
       }});
  routes.back().doc["requestBody"] = Body("application/json", Ref("IndicatorEdit"));
  return routes;
}

}  // namespace wp::api
