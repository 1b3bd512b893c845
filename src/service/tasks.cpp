// Where the tasks of a program stand: each lead unit's newest reported progress on each task,
// read from the reports the units have sent, and which of them are overdue. A task's deadlines
// are those the decision states in its section (as OverdueTasks reads them): a task is overdue
// for a lead unit once one of them has passed and the unit has not reported it done or
// cancelled.

#include <algorithm>
#include <set>
#include <tuple>

#include "service/service.hpp"

namespace wp::service {

using domain::Principal;

core::Result<std::map<std::pair<domain::OrgUnitId, std::string>, ReportedTask>>
Service::LatestTaskProgress(store::ProgramId program, core::CivilDate as_of,
                            const std::set<domain::OrgUnitId>* units) {
  store::ReportFilter f;
  f.program_id = program;
  WP_ASSIGN_OR_RETURN(auto reports, store_->ListReports(f));
  // Later periods overwrite earlier ones (by due date, then period key).
  std::sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) {
    return std::tie(a.due, a.period) < std::tie(b.due, b.period);
  });
  std::map<std::pair<domain::OrgUnitId, std::string>, ReportedTask> out;
  for (const auto& r : reports) {
    if (units && !units->count(r.unit_id)) continue;
    if (!r.first_submitted_at || LocalDate(*r.first_submitted_at) > as_of) continue;
    WP_ASSIGN_OR_RETURN(auto content, store_->GetReportContent(r.id));
    for (auto& t : content.tasks) {
      auto& slot = out[{r.unit_id, t.task_id}];
      slot.progress = std::move(t);
      slot.period = r.period;
      slot.reported_at = *r.first_submitted_at;
    }
  }
  return out;
}

const domain::Section* SectionOfDeadline(const domain::PlanDraft& plan, const domain::Deadline& d) {
  const domain::Section* found = nullptr;
  for (const auto& s : plan.sections) {
    if (s.number != d.section) continue;
    if (!found || s.span.offset <= d.span.offset) found = &s;
  }
  return found;
}

namespace {

bool IsSettled(domain::TaskStatus s) {
  return s == domain::TaskStatus::kDone || s == domain::TaskStatus::kCancelled;
}

}  // namespace

core::Result<TaskBoardView> Service::TaskStatuses(const Principal& by, store::ProgramId program_id,
                                                  std::optional<core::CivilDate> as_of,
                                                  std::optional<domain::OrgUnitId> lead) {
  WP_ASSIGN_OR_RETURN(auto program, PublishedProgram(by, program_id));
  core::CivilDate at = ProgramDate(program->record);
  // Today by default: a report sent late, after the program's year, still tells where a task
  // stands.
  core::CivilDate today = as_of.value_or(Today());
  WP_ASSIGN_OR_RETURN(auto tasks, Tasks(by, *program, lead));
  // Only the reports of the units shown are read (one unit's board: its own).
  std::set<domain::OrgUnitId> shown;
  auto shows = [&](domain::OrgUnitId unit) {
    return lead ? unit == *lead : domain::InScope(by, unit, registry_, at);
  };
  for (const auto& task : tasks) {
    for (const auto& l : task.task->resolved_leads) {
      for (auto unit : l.units) {
        if (shows(unit)) shown.insert(unit);
      }
    }
  }
  WP_ASSIGN_OR_RETURN(auto reported, LatestTaskProgress(program_id, today, &shown));

  std::map<const domain::Section*, std::vector<const domain::Deadline*>> by_section;
  for (const auto& d : program->record.plan.deadlines) {
    const auto* section = SectionOfDeadline(program->record.plan, d);
    if (d.due && section) by_section[section].push_back(&d);
  }
  for (auto& [section, list] : by_section) {
    std::stable_sort(list.begin(), list.end(),
                     [](const auto* a, const auto* b) { return *a->due < *b->due; });
  }

  TaskBoardView out;
  out.as_of = today;
  for (auto& task : tasks) {
    TaskStatusRow row;
    if (auto it = by_section.find(task.section); it != by_section.end()) {
      row.deadlines = it->second;
    }
    bool past_due = !row.deadlines.empty() && *row.deadlines.front()->due < today;
    std::set<domain::OrgUnitId> units;
    for (const auto& l : task.task->resolved_leads) units.insert(l.units.begin(), l.units.end());
    for (auto unit : units) {
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
      const auto* ua = registry_.Find(a.unit);
      const auto* ub = registry_.Find(b.unit);
      return (ua ? ua->code : "") < (ub ? ub->code : "");
    });
    row.task = std::move(task);
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace wp::service
