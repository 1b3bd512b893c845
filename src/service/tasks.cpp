// Where the tasks of a program stand: each lead unit's newest reported progress on each task,
// read from the reports the units have sent, and which of them are overdue. A task's deadlines
// are those the decision states in its section: a task is overdue for a lead unit once the
// earliest of them has passed and the unit has not reported it done or cancelled. The task
// board (TaskStatuses) and the overdue list (OverdueTasks) read the same tasks and deadlines:
// those of the program in force on the date asked (issue 18: an amended deadline or lead, a task
// added; a task dropped is overdue for nobody from its date).

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "service/figures.hpp"
#include "service/internal/caches.hpp"
#include "service/organisation.hpp"
#include "store/store.hpp"
#include "store/unit_program_json.hpp"

namespace wp::service {

using domain::Principal;

core::Result<std::map<std::pair<domain::OrgUnitId, std::string>, Figures::ReportedTask>>
Figures::LatestTaskProgress(ProgramId program, core::CivilDate as_of,
                            const std::set<domain::OrgUnitId>* units) {
  store::ReportFilter f;
  f.program_id = program;
  // Only the reports holding tasks, with what ordering them needs, in one read (never a
  // report's values; a national program's tens of thousands of reports without tasks not at
  // all): later periods overwrite earlier ones (by due date, then period key).
  WP_ASSIGN_OR_RETURN(auto rows, store_.ListReportTasks(f));
  std::map<std::pair<domain::OrgUnitId, std::string>, ReportedTask> out;
  for (auto& row : rows) {
    if (units && !units->count(row.unit_id)) continue;
    if (!row.first_submitted_at || LocalDate(*row.first_submitted_at) > as_of) continue;
    auto& slot = out[{row.unit_id, row.progress.task_id}];
    slot.progress = std::move(row.progress);
    slot.period = row.period;
    slot.reported_at = *row.first_submitted_at;
  }
  return out;
}

namespace {

bool IsSettled(domain::TaskStatus s) {
  return s == domain::TaskStatus::kDone || s == domain::TaskStatus::kCancelled;
}

// The dated deadlines of each section, earliest first.
std::map<const domain::Section*, std::vector<const domain::Deadline*>> DeadlinesBySection(
    const domain::PlanDraft& plan) {
  std::map<const domain::Section*, std::vector<const domain::Deadline*>> out;
  for (const auto& d : plan.deadlines) {
    const auto* section = domain::SectionOf(plan, d.section, d.span);
    if (d.due && section) out[section].push_back(&d);
  }
  for (auto& [section, list] : out) {
    std::stable_sort(list.begin(), list.end(),
                     [](const auto* a, const auto* b) { return *a->due < *b->due; });
  }
  return out;
}

// The units a task names as its leads, each once.
std::set<domain::OrgUnitId> LeadUnits(const domain::Task& task) {
  std::set<domain::OrgUnitId> units;
  for (const auto& l : task.resolved_leads) units.insert(l.units.begin(), l.units.end());
  return units;
}

}  // namespace

core::Result<TaskBoardView> Figures::TaskStatuses(const Principal& by, ProgramId program_id,
                                                  std::optional<core::CivilDate> as_of,
                                                  std::optional<domain::OrgUnitId> lead,
                                                  std::optional<domain::UserId> responsible) {
  WP_ASSIGN_OR_RETURN(auto baseline, cache_.Published(by, program_id));
  core::CivilDate at = ProgramDate(baseline->record);
  // Today by default: a report sent late, after the program's year, still tells where a task
  // stands.
  core::CivilDate today = as_of.value_or(time_.Today());
  // The tasks, leads and deadlines in force that day (issue 18).
  WP_ASSIGN_OR_RETURN(auto program, cache_.InForce(baseline, today));
  WP_ASSIGN_OR_RETURN(auto tasks, programs_.Tasks(by, *program, lead));
  // Only the reports of the units shown are read (one unit's board: its own).
  std::set<domain::OrgUnitId> shown;
  auto shows = [&](domain::OrgUnitId unit) {
    return lead ? unit == *lead : domain::InScope(by, unit, org_.registry(), at);
  };
  for (const auto& task : tasks) {
    for (const auto& l : task.task->resolved_leads) {
      for (auto unit : l.units) {
        if (shows(unit)) shown.insert(unit);
      }
    }
  }
  // Issue 18: the units' own accepted programs, read for the units shown.
  WP_ASSIGN_OR_RETURN(auto unit_programs, store_.ListUnitPrograms(program_id));
  std::vector<UnitTaskStatus> unit_tasks;
  for (const auto& r : unit_programs) {
    if (!r.accepted_version || !shown.count(r.unit_id)) continue;
    WP_ASSIGN_OR_RETURN(auto accepted, store_.GetUnitProgramVersion(r.id, *r.accepted_version));
    auto content = store::ParseUnitProgramSnapshot(accepted.content);
    if (!content) continue;
    for (auto& t : content->tasks) {
      if (t.dropped_from && *t.dropped_from <= today) continue;
      if (responsible && t.responsible_user != responsible) continue;
      UnitTaskStatus u;
      u.unit = r.unit_id;
      u.id = domain::UnitTaskId(t.id);
      u.task = std::move(t);
      unit_tasks.push_back(std::move(u));
    }
  }
  WP_ASSIGN_OR_RETURN(auto reported, LatestTaskProgress(program_id, today, &shown));

  auto by_section = DeadlinesBySection(program->record.plan);
  // Each unit task under the Ministry task it serves, or the first task of the section it serves.
  std::map<std::string, std::vector<UnitTaskStatus*>, std::less<>> serving;
  for (auto& u : unit_tasks) {
    serving[u.task.serves].push_back(&u);
    if (auto it = reported.find({u.unit, u.id}); it != reported.end()) {
      u.progress = it->second.progress;
      u.period = it->second.period;
      u.reported_at = it->second.reported_at;
    }
    u.overdue = u.task.due && *u.task.due < today && !(u.progress && IsSettled(u.progress->status));
  }
  if (std::any_of(unit_tasks.begin(), unit_tasks.end(),
                  [](const auto& u) { return u.task.responsible_user.has_value(); })) {
    WP_ASSIGN_OR_RETURN(auto users, store_.ListUsers());
    std::map<domain::UserId, std::string> names;
    for (const auto& x : users) names[x.id] = x.display_name.empty() ? x.username : x.display_name;
    for (auto& u : unit_tasks) {
      if (u.task.responsible_user) u.responsible_display = names[*u.task.responsible_user];
    }
  }
  std::set<std::string, std::less<>> sections_seen;

  TaskBoardView out;
  out.as_of = today;
  out.program = program;
  for (auto& task : tasks) {
    TaskStatusRow row;
    if (auto it = by_section.find(task.section); it != by_section.end()) {
      row.deadlines = it->second;
    }
    // A task dropped from the program by then is overdue for nobody.
    bool past_due = !row.deadlines.empty() && *row.deadlines.front()->due < today &&
                    !(DroppedFrom(*program, task.id) && *DroppedFrom(*program, task.id) <= today);
    for (auto unit : LeadUnits(*task.task)) {
      if (!shown.count(unit)) continue;
      TaskLeadStatus s;
      s.unit = unit;
      if (auto it = reported.find({unit, task.id}); it != reported.end()) {
        s.progress = it->second.progress;
        s.period = it->second.period;
        s.reported_at = it->second.reported_at;
      }
      s.overdue = past_due && !(s.progress && IsSettled(s.progress->status));
      row.leads.push_back(std::move(s));
    }
    std::sort(row.leads.begin(), row.leads.end(), [&](const auto& a, const auto& b) {
      const auto* ua = org_.registry().Find(a.unit);
      const auto* ub = org_.registry().Find(b.unit);
      return (ua ? ua->code : "") < (ub ? ub->code : "");
    });
    const std::string_view section_key = std::string_view(task.id).substr(0, task.id.find('#'));
    for (std::string_view serves : {std::string_view(task.id), section_key}) {
      if (serves == section_key && !sections_seen.insert(std::string(section_key)).second) break;
      if (auto it = serving.find(serves); it != serving.end()) {
        for (auto* u : it->second) row.unit_tasks.push_back(*u);
      }
    }
    std::stable_sort(row.unit_tasks.begin(), row.unit_tasks.end(),
                     [&](const auto& a, const auto& b) {
                       const auto* ua = org_.registry().Find(a.unit);
                       const auto* ub = org_.registry().Find(b.unit);
                       return (ua ? ua->code : "") < (ub ? ub->code : "");
                     });
    row.task = std::move(task);
    if (responsible && row.unit_tasks.empty()) continue;  // only where the account has a task
    out.rows.push_back(std::move(row));
  }
  return out;
}

core::Result<std::vector<OverdueTask>> Figures::OverdueTasks(const Principal& by,
                                                             ProgramId program_id,
                                                             std::optional<core::CivilDate> as_of) {
  WP_ASSIGN_OR_RETURN(auto baseline, cache_.Published(by, program_id));
  core::CivilDate today = as_of.value_or(time_.Today());
  core::CivilDate at = ProgramDate(baseline->record);
  WP_ASSIGN_OR_RETURN(auto program, cache_.InForce(baseline, today));
  auto by_section = DeadlinesBySection(program->record.plan);
  WP_ASSIGN_OR_RETURN(auto tasks, programs_.Tasks(by, *program, std::nullopt));
  // Each task past its earliest deadline once per lead in the principal's scope, first: the
  // reports are read only for those units (a national program's other units send thousands).
  std::vector<OverdueTask> out;
  for (const auto& task : tasks) {
    auto it = by_section.find(task.section);
    if (it == by_section.end() || !(*it->second.front()->due < today)) continue;
    if (auto dropped = DroppedFrom(*program, task.id); dropped && *dropped <= today) continue;
    for (auto unit : LeadUnits(*task.task)) {
      if (!domain::InScope(by, unit, org_.registry(), at)) continue;
      OverdueTask o;
      o.task_id = task.id;
      o.section = task.section;
      o.deadline = it->second.front();
      o.unit = unit;
      o.program = program;
      out.push_back(std::move(o));
    }
  }
  if (out.empty()) return out;
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return *a.deadline->due < *b.deadline->due;
  });
  std::set<domain::OrgUnitId> units;
  for (const auto& o : out) units.insert(o.unit);

  // The newest reported status of each task by each of those units.
  WP_ASSIGN_OR_RETURN(auto status, LatestTaskProgress(program_id, today, &units));
  std::erase_if(out, [&](OverdueTask& o) {
    auto it = status.find({o.unit, o.task_id});
    if (it == status.end()) return false;
    o.status = it->second.progress.status;
    return IsSettled(*o.status);
  });
  return out;
}

}  // namespace wp::service
