// The analytics routes: the dashboard of a program (the whole national picture in one
// response), figures per target × node × period, and where the program's tasks stand.

#include <algorithm>
#include <cmath>
#include <map>

#include "api/api.hpp"
#include "api/api_util.hpp"
#include "api/openapi.hpp"

namespace wp::api {
namespace {

using core::ErrorCode;
using domain::Principal;

ordered_json Num(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json NodeJson(const service::Services& svc, const service::NodeView& n) {
  ordered_json related = ordered_json::array();
  for (auto id : n.related) related.push_back(UnitRef(svc, id));
  return {{"unit_id", n.unit ? ordered_json(*n.unit) : ordered_json(nullptr)},
          {"code", n.code},
          {"name", n.name},
          {"kind", n.kind ? ordered_json(domain::OrgKindName(*n.kind)) : ordered_json(nullptr)},
          {"label", n.label},
          {"outside_date", n.outside_date},
          {"related", std::move(related)}};
}

// With issue 18's target_version, target_from (when amended) and target_original (as published).
ordered_json MeasureJson(const service::Services& svc, const service::MeasureView& m) {
  ordered_json from = m.target_from ? ordered_json(m.target_from->ToIso()) : ordered_json(nullptr);
  return {{"node", NodeJson(svc, m.node)},
          {"months_elapsed", m.months_elapsed},
          {"current", Num(m.current)},
          {"count", m.count},
          {"target", Num(m.target)},
          {"target_source", m.target_source},
          {"target_version", m.target_version},
          {"target_from", std::move(from)},
          {"target_original", Num(m.target_original ? m.target_original : m.target)},
          {"baseline", Num(m.baseline)},
          {"achievement", Num(m.achievement)},
          {"expected", Num(m.expected)},
          {"pace", Num(m.pace)},
          {"projection", Num(m.projection)},
          {"projection_method", service::ProjectionMethodName(m.method)},
          {"projected_achievement", Num(m.projected_achievement)},
          {"status", service::StatusName(m.status)},
          {"status_label", service::StatusLabel(m.status)},
          {"explanation", m.explanation}};
}

ordered_json TargetJson(const service::TargetView& st) {
  const auto& t = st.target;
  // Where the decision states it ("nêu tại I.1, II.2.1"): empty for a target stated once.
  ordered_json mentions = ordered_json::array();
  for (const auto& m : st.mentions) {
    mentions.push_back({{"target_id", m.target_id},
                        {"section", m.section},
                        {"raw", m.raw},
                        {"comparator", domain::ComparatorName(m.comparator)},
                        {"kind", m.kind ? ordered_json(domain::MentionKindName(*m.kind))
                                        : ordered_json(nullptr)}});
  }
  return {{"id", st.id},
          {"section", t.section},
          {"indicator", t.indicator},
          {"unit", t.unit},
          {"comparator", domain::ComparatorName(t.comparator)},
          {"value", Text(t.value)},
          {"indicator_code", t.indicator_code},
          {"display_name", st.name()},
          {"mentions", std::move(mentions)}};
}

// How many lead units stand where on a task, or on the tasks a unit leads.
struct TaskCounts {
  std::map<std::string, size_t> by_state;  // not_reported, not_started, in_progress, done, …
  size_t overdue = 0;
  size_t total = 0;
  void Add(const service::TaskLeadStatus& l) {
    ++by_state[l.progress ? domain::TaskStatusName(l.progress->status) : "not_reported"];
    overdue += l.overdue;
    ++total;
  }
  // {total, overdue (deadline passed, not done), states: {not_reported, not_started, …}}
  ordered_json Json() const {
    ordered_json states = ordered_json::object();
    for (const char* s :
         {"not_reported", "not_started", "in_progress", "done", "overdue", "cancelled"}) {
      auto it = by_state.find(s);
      states[s] = it == by_state.end() ? 0 : it->second;
    }
    return {{"total", total}, {"overdue", overdue}, {"states", std::move(states)}};
  }
};

// The task board: every task with the counts of its lead units by state; the units with theirs,
// most overdue first; each lead's progress listed when `detailed` (one unit's tasks, or one
// task's units, or — `task` given — only that task).
ordered_json TaskStatusJson(const service::Services& svc,
                            const std::vector<service::TaskStatusRow>& rows,
                            const core::CivilDate& as_of, const std::optional<std::string>& task,
                            bool detailed) {
  ordered_json items = ordered_json::array();
  std::map<domain::OrgUnitId, TaskCounts> units;
  for (const auto& row : rows) {
    TaskCounts counts;
    for (const auto& l : row.leads) {
      counts.Add(l);
      units[l.unit].Add(l);
    }
    if (task && row.task.id != *task) continue;
    ordered_json deadlines = ordered_json::array();
    for (const auto* d : row.deadlines) {
      deadlines.push_back({{"due", d->due->ToIso()}, {"text", d->raw}, {"what", d->what}});
    }
    ordered_json j = {{"task_id", row.task.id},
                      {"section", row.task.section->number},
                      {"section_title", row.task.section->title},
                      {"text", row.task.task->text},
                      {"deadlines", std::move(deadlines)},
                      {"counts", counts.Json()}};
    // Issue 18: the units' own tasks under it (Ministry item → unit task → person).
    ordered_json unit_tasks = ordered_json::array();
    for (const auto& u : row.unit_tasks) {
      unit_tasks.push_back(
          {{"id", u.id},
           {"unit", UnitRef(svc, u.unit)},
           {"serves", u.task.serves},
           {"text", u.task.text},
           {"responsible",
            {{"user_id", u.task.responsible_user ? ordered_json(*u.task.responsible_user)
                                                 : ordered_json(nullptr)},
             {"name",
              u.task.responsible_name.empty() ? u.responsible_display : u.task.responsible_name}}},
           {"start", u.task.start ? ordered_json(u.task.start->ToIso()) : ordered_json(nullptr)},
           {"due", u.task.due ? ordered_json(u.task.due->ToIso()) : ordered_json(nullptr)},
           {"output_expected", u.task.output},
           {"status", u.progress ? ordered_json(domain::TaskStatusName(u.progress->status))
                                 : ordered_json(nullptr)},
           {"percent", u.progress && u.progress->percent ? ordered_json(*u.progress->percent)
                                                         : ordered_json(nullptr)},
           {"output", u.progress ? u.progress->output : ""},
           {"period", u.progress ? ordered_json(u.period) : ordered_json(nullptr)},
           {"overdue", u.overdue}});
    }
    j["unit_tasks"] = std::move(unit_tasks);
    if (detailed) {
      ordered_json leads = ordered_json::array();
      for (const auto& l : row.leads) {
        ordered_json x = {{"unit", UnitRef(svc, l.unit)}};
        x["status"] = l.progress ? ordered_json(domain::TaskStatusName(l.progress->status))
                                 : ordered_json(nullptr);
        x["percent"] = l.progress && l.progress->percent ? ordered_json(*l.progress->percent)
                                                         : ordered_json(nullptr);
        x["output"] = l.progress ? l.progress->output : "";
        x["period"] = l.progress ? ordered_json(l.period) : ordered_json(nullptr);
        x["reported_at"] = l.progress ? ordered_json(l.reported_at) : ordered_json(nullptr);
        x["overdue"] = l.overdue;
        leads.push_back(std::move(x));
      }
      j["leads"] = std::move(leads);
    }
    items.push_back(std::move(j));
  }
  std::vector<std::pair<domain::OrgUnitId, const TaskCounts*>> order;
  for (const auto& [u, c] : units) order.push_back({u, &c});
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second->overdue > b.second->overdue;
  });
  ordered_json by_unit = ordered_json::array();
  for (const auto& [u, c] : order) {
    by_unit.push_back({{"unit", UnitRef(svc, u)}, {"counts", c->Json()}});
  }
  return {{"as_of", as_of.ToIso()}, {"items", std::move(items)}, {"units", std::move(by_unit)}};
}

}  // namespace

// The reporting panel's main figure: the approved reports against those expected (the reports
// the targets' coverage counts), the ones awaiting approval apart.
std::string ReportingText(const service::TimelinessCounts& c) {
  size_t awaiting =
      c.received >= c.approved + c.returned ? c.received - c.approved - c.returned : 0;
  std::string text =
      std::to_string(c.approved) + "/" + std::to_string(c.expected) + " báo cáo đã được duyệt";
  if (awaiting > 0) text += ", " + std::to_string(awaiting) + " đang chờ duyệt";
  if (c.returned > 0) text += ", " + std::to_string(c.returned) + " bị trả lại";
  return text;
}

core::Result<Response> Api::RenderDashboard(int64_t program, const Principal& who,
                                            std::optional<core::CivilDate> at,
                                            domain::OrgKind level, std::optional<int64_t> target,
                                            std::optional<domain::OrgUnitId> unit) {
  auto v = service_.figures.Dashboard(who, program, at, level, target, unit);
  if (!v) return tl::unexpected(v.error());
  ordered_json targets = ordered_json::array();
  for (const auto& t : v->targets) {
    ordered_json j = MeasureJson(service_, t.measure);
    j["target"] = TargetJson(*t.target);
    j["target_value"] = Num(t.measure.target);
    j["state"] = service::TargetStateName(t.state);
    j["state_label"] = service::TargetStateLabel(t.state);
    j["why"] = t.why;
    j["coverage"] = t.coverage ? ordered_json{{"reported", t.coverage->reported},
                                              {"expected", t.coverage->expected},
                                              {"period", t.coverage->period},
                                              {"text", t.coverage->text}}
                               : ordered_json(nullptr);
    targets.push_back(std::move(j));
  }
  // The targets by state: they add up to the targets listed.
  ordered_json headline_counts = ordered_json::object();
  for (auto s : {service::TargetState::kOnTrack, service::TargetState::kAtRisk,
                 service::TargetState::kOffTrack, service::TargetState::kIncomplete,
                 service::TargetState::kNotMeasurable}) {
    auto it = v->headline_counts.find(s);
    headline_counts[service::TargetStateName(s)] = it == v->headline_counts.end() ? 0 : it->second;
  }
  headline_counts["total"] = v->targets.size();
  ordered_json by_status = ordered_json::object();
  for (auto s : {service::MeasureStatus::kOnTrack, service::MeasureStatus::kAtRisk,
                 service::MeasureStatus::kOffTrack, service::MeasureStatus::kNoData,
                 service::MeasureStatus::kNoTarget}) {
    auto it = v->by_status.find(s);
    by_status[service::StatusName(s)] = it == v->by_status.end() ? 0 : it->second;
  }
  // The headline counts the targets on track by state (a projection on track with reports
  // missing is incomplete), as the page shows it.
  size_t on_track = headline_counts["on_track"].get<size_t>();
  ordered_json overdue = ordered_json::array();
  for (const auto& [lead, n] : v->overdue_by_lead) {
    overdue.push_back({{"unit", UnitRef(service_, lead)}, {"tasks", n}});
  }
  ordered_json ranking = ordered_json::array();
  for (const auto& m : v->ranking) ranking.push_back(MeasureJson(service_, m));
  // Issue 18: at a unit, the targets its own program adds.
  ordered_json own = ordered_json::array();
  for (const auto& m : v->own_targets) {
    const auto& t = m.target;
    own.push_back(
        {{"id", m.id},
         {"name", t.name},
         {"uom", t.uom},
         {"value", t.value ? ordered_json(Text(*t.value)) : ordered_json(nullptr)},
         {"comparator", t.comparator ? ordered_json(domain::ComparatorName(*t.comparator))
                                     : ordered_json(nullptr)},
         {"serves", t.serves},
         {"current", m.current ? ordered_json(*m.current) : ordered_json(nullptr)},
         {"period", m.period.empty() ? ordered_json(nullptr) : ordered_json(m.period)},
         {"achievement", m.achievement ? ordered_json(*m.achievement) : ordered_json(nullptr)}});
  }
  ordered_json period = nullptr;
  if (v->period) {
    if (auto p = domain::ParsePeriodKey(*v->period)) period = PeriodJson(*p);
  }
  return Json(200, {{"program_id", program},
                    {"at", v->at.ToIso()},
                    {"year", v->year},
                    {"unit", v->unit ? UnitRef(service_, *v->unit) : ordered_json(nullptr)},
                    {"headline", std::to_string(on_track) + "/" +
                                     std::to_string(v->targets.size()) + " chỉ tiêu đúng tiến độ"},
                    {"status_rule", service::StatusRule()},
                    {"by_status", std::move(by_status)},
                    {"headline_counts", std::move(headline_counts)},
                    {"targets", std::move(targets)},
                    {"reporting",
                     {{"period", std::move(period)},
                      {"counts", CountsJson(v->reporting)},
                      {"text", ReportingText(v->reporting)}}},
                    {"overdue_tasks_by_lead", std::move(overdue)},
                    {"own_targets", std::move(own)},
                    {"ranking",
                     {{"target_id", *v->ranked_target},
                      {"level", domain::OrgKindName(v->level)},
                      {"items", std::move(ranking)}}}});
}

core::Result<Response> Api::CachedAnswerFor(
    const std::string& key, const std::function<core::Result<Response>()>& compute) {
  std::unique_lock lock(answers_mu_);
  while (true) {
    // Read before computing: an answer is filed under the generation it may already miss.
    const uint64_t generation = service_.generation.Current();
    auto it = answers_.find(key);
    if (it != answers_.end() && it->second.generation == generation &&
        std::chrono::steady_clock::now() - it->second.made < kAnswerTtl) {
      return *it->second.response;
    }
    if (computing_.count(key)) {
      // Bounded: a request that computes for too long does not hold the others forever.
      answers_cv_.wait_for(lock, std::chrono::seconds(30));
      continue;
    }
    computing_.insert(key);
    lock.unlock();
    core::Result<Response> r;
    try {
      r = compute();
    } catch (...) {
      lock.lock();
      computing_.erase(key);
      answers_cv_.notify_all();
      throw;
    }
    lock.lock();
    computing_.erase(key);
    answers_cv_.notify_all();
    if (r && r->status == 200) {
      if (answers_.size() >= kMaxAnswers) answers_.clear();
      answers_[key] = {generation, std::chrono::steady_clock::now(),
                       std::make_shared<const Response>(*r)};
    }
    return r;
  }
}

std::vector<Route> Api::AnalyticsRoutes() {
  using openapi::ItemsOf;
  using openapi::Op;
  using openapi::Param;
  using openapi::Ref;
  using openapi::With;
  std::vector<Route> routes;
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/task-status", Access::kSignedIn,
       With(Op("Tình hình từng nhiệm vụ: mỗi đơn vị chủ trì với tiến độ báo cáo gần nhất (trạng "
               "thái, phần trăm, kỳ báo cáo) và có quá hạn không (thời hạn sớm nhất nêu trong mục "
               "đã qua, chưa báo cáo hoàn thành)",
               ItemsOf("TaskStatus"), {400, 401, 403, 404, 409}),
            {Param("as_of", "query", "string", "Ngày tính (YYYY-MM-DD); mặc định hôm nay"),
             Param("lead", "query", "integer", "Chỉ các nhiệm vụ do đơn vị này chủ trì"),
             Param("task", "query", "string", openapi::kTaskIdText),
             Param("responsible", "query", "string",
                   "me: chỉ các nhiệm vụ có việc của đơn vị giao cho tài khoản đang đăng nhập")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         auto as_of = OptDateParam(req, "as_of");
         if (!as_of) return tl::unexpected(as_of.error());
         auto lead = OptIdParam(req, "lead");
         if (!lead) return tl::unexpected(lead.error());
         std::optional<std::string> task;
         if (auto it = req.query.find("task"); it != req.query.end() && !it->second.empty()) {
           task = it->second;
         }
         std::optional<domain::UserId> responsible;
         if (auto r = OptQuery(req, "responsible"); r && !r->empty()) {
           if (*r != "me" || !who.user_id) {
             return tl::unexpected(BadParameter(req, "responsible", "me"));
           }
           responsible = who.user_id;
         }
         auto rows = service_.figures.TaskStatuses(who, id, *as_of, *lead, responsible);
         if (!rows) return tl::unexpected(rows.error());
         return Json(200, TaskStatusJson(service_, rows->rows, rows->as_of, task, *lead || task));
       }});
  routes.push_back(
      {"GET", "/api/v1/programs/{id}/dashboard", Access::kSignedIn,
       With(
           Op("Bảng điều hành: từng chỉ tiêu (thực hiện, tỷ lệ đạt, tiến độ, dự báo cuối năm, "
              "trạng thái theo quy tắc status_rule), số chỉ tiêu theo trạng thái, báo cáo của kỳ, "
              "nhiệm vụ quá hạn theo đơn vị chủ trì, xếp hạng đơn vị theo một chỉ tiêu; số liệu "
              "từ báo cáo đã duyệt. Người chỉ xem được đơn vị mình nhận số liệu của đơn vị mình",
              Ref("Dashboard"), {400, 401, 403, 404, 409}),
           {Param("at", "query", "string",
                  "Ngày xem (YYYY-MM-DD); mặc định hôm nay, hoặc ngày cuối năm của chương trình "
                  "khi năm đó đã qua"),
            Param("level", "query", "string", "Cấp xếp hạng: province (mặc định), department …"),
            Param("target", "query", "integer", "Chỉ tiêu để xếp hạng; mặc định chỉ tiêu đầu tiên"),
            Param("unit", "query", "integer",
                  "Xem tại một đơn vị (trong phạm vi được xem): số liệu, báo cáo và nhiệm vụ quá "
                  "hạn của đơn vị và các đơn vị trực thuộc")}),
       [this](const Request& req, const Principal& who,
              const Call& call) -> core::Result<Response> {
         WP_ASSIGN_OR_RETURN(int64_t id, IdParam(call.path[0]));
         auto at_param = OptDateParam(req, "at");
         if (!at_param) return tl::unexpected(at_param.error());
         std::optional<core::CivilDate> at = *at_param;
         domain::OrgKind level = domain::OrgKind::kProvince;
         if (auto it = req.query.find("level"); it != req.query.end() && !it->second.empty()) {
           auto k = domain::ParseOrgKind(it->second);
           if (!k) {
             return tl::unexpected(Err(ErrorCode::kInvalidArgument, "bad_level",
                                       "Cấp đơn vị \"" + it->second +
                                           "\" không hợp lệ (province, department, district, …)"));
           }
           level = *k;
         }
         std::optional<int64_t> target;
         if (auto it = req.query.find("target"); it != req.query.end() && !it->second.empty()) {
           target = ParseId(it->second);
           if (!target) {
             return tl::unexpected(Err(ErrorCode::kInvalidArgument, "bad_target",
                                       "Mã chỉ tiêu phải là số nguyên dương"));
           }
         }
         auto node = OptIdParam(req, "unit");
         if (!node) return tl::unexpected(node.error());
         // The answer depends on the program and its approved amendments (issue 18: the revision
         // read at each request, so that another server's approval is seen at the next one), the
         // query (`at` resolved: today by default) and what the caller may see: every unit, or
         // its own unit's.
         WP_ASSIGN_OR_RETURN(auto program, service_.programs.GetProgram(who, id));
         std::string key =
             std::to_string(id) + "@" + std::to_string(program->amendments_revision) + "|" +
             at.value_or(service_.time.Today()).ToIso() + "|" + domain::OrgKindName(level) + "|" +
             (target ? std::to_string(*target) : "") + "|" + (*node ? std::to_string(**node) : "") +
             "|" + domain::RoleName(who.role) + "|" +
             (domain::SeesAllUnits(who) ? std::string("*") : std::to_string(who.unit.value_or(0)));
         return CachedAnswerFor(key,
                                [&] { return RenderDashboard(id, who, at, level, target, *node); });
       }});
  routes.push_back(
      {"POST", "/api/v1/analytics/query", Access::kSignedIn,
       Op("Số liệu theo chỉ tiêu × đơn vị × kỳ (tổng, trung bình … theo loại chỉ tiêu), theo cơ "
          "cấu tổ chức tại ngày at",
          ItemsOf("AnalyticsCell"), {400, 401, 403, 404}),
       [this](const Request& req, const Principal& who, const Call&) -> core::Result<Response> {
         auto j = ParseJsonObject(req);
         if (!j) return tl::unexpected(j.error());
         service::AnalyticsQuery q;
         std::vector<core::ErrorDetail> problems;
         if (auto it = j->find("program_id"); it != j->end() && it->is_number_integer()) {
           q.program = it->get<int64_t>();
         } else {
           problems.push_back({"program_id", "Số hiệu chương trình (số nguyên)"});
         }
         if (auto it = j->find("targets"); it != j->end() && !it->is_null()) {
           if (!it->is_array()) problems.push_back({"targets", "Danh sách mã chỉ tiêu"});
           for (size_t i = 0; it->is_array() && i < it->size(); ++i) {
             if ((*it)[i].is_number_integer()) {
               q.targets.push_back((*it)[i].get<int64_t>());
             } else {
               problems.push_back(
                   {"targets[" + std::to_string(i) + "]", "Mã chỉ tiêu là số nguyên"});
             }
           }
         }
         if (auto it = j->find("unit"); it != j->end() && !it->is_null()) {
           if (it->is_number_integer()) {
             q.unit = it->get<int64_t>();
           } else {
             problems.push_back({"unit", "Số hiệu đơn vị (số nguyên) hoặc null cho cả nước"});
           }
         }
         if (auto it = j->find("level"); it != j->end() && !it->is_null()) {
           auto k = it->is_string() ? domain::ParseOrgKind(it->get<std::string>()) : std::nullopt;
           if (k) {
             q.level = *k;
           } else {
             problems.push_back({"level", "province, department, district, commune hoặc ministry"});
           }
         }
         if (auto it = j->find("periods"); it != j->end() && it->is_array()) {
           for (size_t i = 0; i < it->size(); ++i) {
             if ((*it)[i].is_string()) {
               q.periods.push_back((*it)[i].get<std::string>());
             } else {
               problems.push_back({"periods[" + std::to_string(i) + "]", "Kỳ, ví dụ 2012-Q1"});
             }
           }
         } else {
           problems.push_back(
               {"periods", "Danh sách kỳ: 2012-M03, 2012-Q1, 2012-H1, 2012-Y, 2012-YTD05"});
         }
         if (auto it = j->find("at"); it != j->end() && !it->is_null()) {
           auto d = it->is_string() ? core::ParseIsoDate(it->get<std::string>()) : std::nullopt;
           if (d) {
             q.at = *d;
           } else {
             problems.push_back({"at", "Ngày dạng YYYY-MM-DD"});
           }
         }
         if (auto it = j->find("read"); it != j->end() && !it->is_null()) {
           auto r = it->is_string() ? service::ParseRead(it->get<std::string>()) : std::nullopt;
           if (r) {
             q.read = *r;
           } else {
             problems.push_back({"read", "plan, estimate, actual hoặc best"});
           }
         }
         if (auto c = Check(std::move(problems)); !c) return tl::unexpected(c.error());
         auto cells = service_.figures.QueryAnalytics(who, q);
         if (!cells) return tl::unexpected(cells.error());
         ordered_json items = ordered_json::array();
         for (const auto& c : *cells) {
           items.push_back({{"target_id", c.target},
                            {"period", c.period},
                            {"node", NodeJson(service_, c.node)},
                            {"value", Num(c.aggregate.value)},
                            {"count", c.aggregate.count}});
         }
         return Json(200, Items(std::move(items)));
       }});
  routes.back().doc["requestBody"] = openapi::Body("application/json", Ref("AnalyticsQuery"));
  return routes;
}

}  // namespace wp::api
