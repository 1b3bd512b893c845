// The briefing pack of the monthly giao ban (issue 17): one JSON of the cover and the areas'
// pages (service/briefing.hpp), generated on request from the dashboard's figures, and the
// same pack as a .docx from the Office's giao_ban template (briefing.docx).

#include <cmath>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"
#include "service/briefing.hpp"
#include "service/documents.hpp"

namespace wp::api {
namespace {

using domain::Principal;

constexpr const char* kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// RFC 5987's ext-value of a UTF-8 name: "UTF-8''" and every byte outside attr-char as %XX.
std::string ExtValue(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool attr_char = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                           (u >= '0' && u <= '9') ||
                           std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
    if (attr_char) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

ordered_json Num(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json CoverageJson(const std::optional<service::CoverageView>& c) {
  if (!c) return nullptr;
  return {{"reported", c->reported},
          {"expected", c->expected},
          {"period", c->period},
          {"text", c->text}};
}

ordered_json NodeRef(const service::NodeView& n) {
  return {{"id", n.unit ? ordered_json(*n.unit) : ordered_json(nullptr)},
          {"code", n.code},
          {"name", n.label.empty() ? n.name : n.label}};
}

ordered_json BriefingJson(const service::Services& svc, const service::BriefingView& b) {
  const auto& d = b.dashboard;
  const auto& doc = b.program->record.plan.document;
  ordered_json headline = ordered_json::object();
  for (auto s : {service::TargetState::kOnTrack, service::TargetState::kAtRisk,
                 service::TargetState::kOffTrack, service::TargetState::kIncomplete,
                 service::TargetState::kNotMeasurable}) {
    auto it = d.headline_counts.find(s);
    headline[service::TargetStateName(s)] = it == d.headline_counts.end() ? 0 : it->second;
  }
  headline["total"] = d.targets.size();
  ordered_json period = nullptr;
  if (d.period) {
    if (auto p = domain::ParsePeriodKey(*d.period)) period = PeriodJson(*p);
  }
  ordered_json areas = ordered_json::array();
  for (const auto& a : b.areas) {
    ordered_json leads = ordered_json::array();
    for (auto u : a.leads) leads.push_back(UnitRef(svc, u));
    ordered_json targets = ordered_json::array();
    for (const auto& t : a.targets) {
      const auto& m = t.measure;
      targets.push_back({{"target_id", t.target->id},
                         {"section", t.target->target.section},
                         {"name", t.target->name()},
                         {"unit", t.target->target.unit},
                         {"comparator", domain::ComparatorName(t.target->target.comparator)},
                         {"plan", Num(m.target)},
                         {"current", Num(m.current)},
                         {"achievement", Num(m.achievement)},
                         {"expected", Num(m.expected)},
                         {"pace", Num(m.pace)},
                         {"projected_achievement", Num(m.projected_achievement)},
                         {"state", service::TargetStateName(t.state)},
                         {"state_label", service::TargetStateLabel(t.state)},
                         {"coverage", CoverageJson(t.coverage)}});
    }
    ordered_json shortfalls = ordered_json::array();
    for (const auto& s : a.shortfalls) {
      shortfalls.push_back({{"target_id", s.target->id},
                            {"name", s.target->name()},
                            {"achievement", Num(s.achievement)},
                            {"expected", Num(s.expected)},
                            {"gap", s.gap},
                            {"state", service::TargetStateName(s.state)},
                            {"text", s.text}});
    }
    ordered_json lagging = ordered_json::array();
    for (const auto& l : a.lagging) {
      lagging.push_back({{"target_id", l.target_id},
                         {"unit", NodeRef(l.node)},
                         {"achievement", Num(l.achievement)},
                         {"pace", Num(l.pace)},
                         {"current", Num(l.current)},
                         {"plan", Num(l.target)}});
    }
    ordered_json overdue = ordered_json::array();
    for (const auto& o : a.overdue) {
      overdue.push_back({{"task_id", o.task_id},
                         {"section", o.section},
                         {"what", o.what},
                         {"lead", UnitRef(svc, o.lead)},
                         {"deadline", o.deadline.ToIso()},
                         {"deadline_text", o.deadline_text},
                         {"days_overdue", o.days_overdue},
                         {"status", o.status ? ordered_json(domain::TaskStatusName(*o.status))
                                             : ordered_json(nullptr)},
                         {"text", "quá hạn " + std::to_string(o.days_overdue) + " ngày"}});
    }
    areas.push_back({{"section", a.section},
                     {"title", a.title},
                     {"leads", std::move(leads)},
                     {"provinces_lead", a.provinces_lead},
                     {"targets", std::move(targets)},
                     {"shortfalls", std::move(shortfalls)},
                     {"main_target", a.main_target ? ordered_json(*a.main_target) : nullptr},
                     {"lagging_units", std::move(lagging)},
                     {"overdue_tasks", std::move(overdue)},
                     {"overdue_total", a.overdue_total}});
  }
  size_t on_track = headline["on_track"].get<size_t>();
  return {{"program",
           {{"id", b.program->record.id},
            {"number", doc.number ? ordered_json(*doc.number) : ordered_json(nullptr)},
            {"title", doc.title ? ordered_json(*doc.title) : ordered_json(nullptr)}}},
          {"at", d.at.ToIso()},
          {"year", d.year},
          {"unit", d.unit ? UnitRef(svc, *d.unit) : ordered_json(nullptr)},
          {"period", std::move(period)},
          {"headline", std::to_string(on_track) + "/" + std::to_string(d.targets.size()) +
                           " chỉ tiêu đúng tiến độ"},
          {"headline_counts", std::move(headline)},
          {"reporting",
           {{"period", d.period ? ordered_json(*d.period) : ordered_json(nullptr)},
            {"counts", CountsJson(d.reporting)},
            {"text", ReportingText(d.reporting)}}},
          {"areas", std::move(areas)}};
}

}  // namespace

std::vector<Route> Api::BriefingRoutes() {
  using openapi::FileOp;
  using openapi::Op;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  std::vector<Route> routes;
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/briefing", Access::kSignedIn,
       With(Op("Tài liệu giao ban: số chỉ tiêu theo trạng thái, tình hình báo cáo của kỳ, và mỗi "
               "lĩnh vực (mục II) với các chỉ tiêu (kế hoạch, thực hiện, % kế hoạch, trạng thái, "
               "số đơn vị đã báo cáo) và những việc cần quyết định: tối đa 3 chỉ tiêu thiếu hụt "
               "nhiều nhất so với tiến độ, 5 tỉnh chậm nhất ở chỉ tiêu chính, 5 nhiệm vụ quá hạn "
               "lâu nhất; số liệu như bảng điều hành tại cùng ngày",
               Ref("Briefing"), {400, 401, 403, 404, 409}),
            {Param("at", "query", "string",
                   "Ngày số liệu (YYYY-MM-DD); mặc định như bảng điều hành"),
             Param("unit", "query", "integer",
                   "Tại một đơn vị trong phạm vi được xem: chỉ tiêu và nhiệm vụ của đơn vị và "
                   "các đơn vị trực thuộc")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         auto at = OptDateParam(req, "at");
         if (!at) return tl::unexpected(at.error());
         auto unit = OptIdParam(req, "unit");
         if (!unit) return tl::unexpected(unit.error());
         std::string key =
             "briefing|" + std::to_string(id) + "|" + at->value_or(service_.time.Today()).ToIso() +
             "|" + (*unit ? std::to_string(**unit) : "") + "|" + domain::RoleName(who.role) + "|" +
             (domain::SeesAllUnits(who) ? std::string("*") : std::to_string(who.unit.value_or(0)));
         return CachedAnswerFor(key, [&]() -> core::Result<Response> {
           service::Briefings briefings(service_.figures, service_.programs,
                                        service_.responsibilities, service_.org);
           auto b = briefings.Build(who, id, *at, *unit);
           if (!b) return tl::unexpected(b.error());
           return Json(200, BriefingJson(service_, *b));
         });
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/briefing.docx", Access::kSignedIn,
       [] {
         auto op = With(
             FileOp(
                 "Tài liệu giao ban dạng Word (mẫu giao_ban.docx của Văn phòng Bộ, A4, Times New "
                 "Roman): trang đầu là tình hình chung, mỗi lĩnh vực một trang với bảng chỉ tiêu "
                 "(kế hoạch năm, thực hiện, % kế hoạch, trạng thái) và những việc cần quyết "
                 "định; số liệu như GET …/briefing tại cùng ngày. Tên tệp giao-ban-2012-M12.docx "
                 "(filename* tiếng Việt)",
                 kDocxType),
             {Param("period", "query", "string",
                    "Tháng giao ban (2012-M12); mặc định tháng của ngày số liệu"),
              Param("at", "query", "string",
                    "Ngày số liệu (YYYY-MM-DD); mặc định ngày cuối tháng giao ban, hoặc hôm nay "
                    "nếu sớm hơn; không có tháng: như bảng điều hành"),
              Param("unit", "query", "integer",
                    "Tại một đơn vị trong phạm vi được xem: chỉ tiêu và nhiệm vụ của đơn vị và "
                    "các đơn vị trực thuộc")});
         op["responses"].update(openapi::ErrorResponses({400, 401, 403, 409}));
         return op;
       }(),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         WP_ASSIGN_OR_RETURN(auto at, OptDateParam(req, "at"));
         WP_ASSIGN_OR_RETURN(auto unit, OptIdParam(req, "unit"));
         auto period = OptQuery(req, "period");
         WP_ASSIGN_OR_RETURN(auto tpl, service_.documents.TemplateFile(who, "giao_ban"));
         service::Briefings briefings(service_.figures, service_.programs,
                                      service_.responsibilities, service_.org);
         WP_ASSIGN_OR_RETURN(auto file,
                             briefings.Docx(who, id, at, period, unit, service_.time.Today(), tpl));
         Response r;
         r.content_type = kDocxType;
         r.body = std::move(file.bytes);
         r.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"" + file.file_name +
                                    "\"; filename*=" + ExtValue(file.display_name));
         return r;
       }});
  return routes;
}

}  // namespace wp::api
