#pragma once
// Plan against actual, and where the tasks stand: the dashboard of a program (every target
// measured at a node, counts by status, the reporting of the latest period due, overdue tasks
// by lead, a ranking), figures per target × node × period, the task board and the overdue
// list. Hides the analytics engines (one per program, fed from approved reports; Engines in
// service/internal): what crosses to callers are the views below, not the engine's types.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "service/report_types.hpp"

namespace wp::service {

class Reporting;
class Schedule;
class Engines;

// A target's status by its projection (analytics::Status).
enum class MeasureStatus { kOnTrack, kAtRisk, kOffTrack, kNoData, kNoTarget };
const char* StatusName(MeasureStatus s);  // "on_track", "at_risk", "off_track", "no_data", …
const char* StatusLabel(MeasureStatus s);  // "Đúng tiến độ", "Có nguy cơ không đạt", …
const char* StatusRule();                  // the rule behind every status, for the legend

enum class ProjectionMethod { kNone, kLinear, kSeasonal };
const char* ProjectionMethodName(ProjectionMethod m);  // "none", "linear", "seasonal"

// Which values a figure reads; best: the actual, else the estimate.
enum class FigureRead { kPlan, kEstimate, kActual, kBest };
std::optional<FigureRead> ParseRead(std::string_view s);  // "plan", "estimate", "actual", "best"

// A node of the organisation a figure is of (analytics::NodeInfo).
struct NodeView {
  // nullopt: the whole country (named "Toàn quốc", of no kind and no parent).
  std::optional<domain::OrgUnitId> unit, parent;
  std::optional<domain::OrgKind> kind;
  std::string code, name;
  // Shown although it did not exist on the view's date: the units of the date it was formed
  // from, or went into, and its name with those dates and units.
  bool outside_date = false;
  std::vector<domain::OrgUnitId> related;
  std::string label;
};

// A target measured at a node (analytics::Measure: achievement, pace, projection, status).
struct MeasureView {
  NodeView node;
  int months_elapsed = 0;  // 0..12
  uint32_t count = 0;      // cells behind `current`
  // The year to date over the months elapsed; the year's target, from the program or the
  // unit's plan (`target_source`: "program", "plan" or ""), and the baseline.
  std::optional<double> current, target, baseline;
  std::string target_source;
  // Issue 18: the program's version the target is of (1: as published), the date it is in force
  // from when amended, and the target as published (the same when not amended).
  int target_version = 1;
  std::optional<core::CivilDate> target_from;
  std::optional<double> target_original;
  // The current figure's achievement against the year's target; for flows, the share of the
  // target due by now (`expected`) and the achievement against it (`pace`).
  std::optional<double> achievement, expected, pace;
  std::optional<double> projection, projected_achievement;
  ProjectionMethod method = ProjectionMethod::kNone;
  MeasureStatus status = MeasureStatus::kNoData;
  std::string explanation;  // Vietnamese: the figures the status came from
};

// Where a target stands on the dashboard (issue 16), beside the projection's status: a target
// whose units have not all reported the latest period due is incomplete — never off track by
// absence — and one that cannot be measured says why (no unit reports it, no target or
// baseline, no data yet).
enum class TargetState { kOnTrack, kAtRisk, kOffTrack, kIncomplete, kNotMeasurable };
const char* TargetStateName(TargetState s);  // "on_track", …, "incomplete", "not_measurable"
const char* TargetStateLabel(TargetState s);  // "Đúng tiến độ", …, "Chưa đủ báo cáo", …

// How many of the units expected to report a target on the period's date have an approved
// report of the period holding a value of it.
struct CoverageView {
  size_t reported = 0, expected = 0;
  std::string period;      // "2012-M12"
  std::string text;        // "61/63 tỉnh đã báo cáo tháng 12/2012"
  bool provinces = false;  // every unit expected is a province
};

// One target of the program measured at a node (the whole country, or the principal's unit).
struct TargetMeasure {
  const TargetView* target = nullptr;
  MeasureView measure;
  TargetState state = TargetState::kNotMeasurable;
  std::string why;                       // Vietnamese: what the state came from
  std::optional<CoverageView> coverage;  // nullopt: no period due yet, or nobody reports it
};

// Issue 18: a target a unit's accepted program adds, on the unit's dashboard, measured from the
// unit's approved reports up to the dashboard's date: the cumulative of the latest report that
// gives one, else the sum of the period values of that report's obligation in the year.
struct OwnTargetMeasure {
  int64_t id = 0;  // domain::UnitTargetFormId: the id its values are kept under
  domain::UnitTarget target;
  std::optional<double> current;
  std::string period;                 // the report's period the figure is of ("2012-M05")
  std::optional<double> achievement;  // current / value (a target of zero: none)
};

struct DashboardView {
  // Issue 18: the program in force on `at` the targets point into (names and values shown).
  std::shared_ptr<const ProgramView> program;
  core::CivilDate at;
  int year = 0;
  std::optional<domain::OrgUnitId> unit;  // nullopt: the whole country
  // In program order; at a unit, only the targets it or a unit within it reports.
  std::vector<TargetMeasure> targets;
  std::map<MeasureStatus, size_t> by_status;
  std::map<TargetState, size_t> headline_counts;  // add up to targets.size()
  // The period the coverage is of: the latest due by `at` of those the figures read.
  std::optional<std::string> coverage_period;
  std::optional<std::string> period;  // the reporting period whose figures are shown
  TimelinessCounts reporting;         // of that period, as of `at`
  std::vector<std::pair<domain::OrgUnitId, size_t>> overdue_by_lead;  // most first
  domain::OrgKind level = domain::OrgKind::kProvince;
  std::optional<int64_t> ranked_target;
  std::vector<MeasureView> ranking;           // units of `level` for ranked_target, best first
  std::vector<OwnTargetMeasure> own_targets;  // at a unit: those its own program adds
};

struct AnalyticsQuery {
  ProgramId program = 0;
  std::vector<int64_t> targets;           // empty: every target
  std::optional<domain::OrgUnitId> unit;  // nullopt: the whole country (or the caller's unit)
  std::optional<domain::OrgKind> level;   // rows for every unit of this kind below `unit`
  std::vector<std::string> periods;       // "2012-M03", "2012-Q1", "2012-YTD05", "2012-Y"
  std::optional<core::CivilDate> at;      // the organisation's structure; default today
  FigureRead read = FigureRead::kBest;
};

struct AggregateView {
  std::optional<double> value;  // nullopt: no data (or a zero denominator)
  uint32_t count = 0;           // cells behind the figure (a ratio: the denominator's)
};

struct AnalyticsCell {
  int64_t target = 0;
  std::string period;
  NodeView node;
  AggregateView aggregate;
};

// What WarmAnalytics built before anyone asked.
struct AnalyticsWarmup {
  size_t programs = 0;
  size_t values = 0;  // cells held, this year's and last year's
};

struct OverdueTask {
  std::string task_id;
  const domain::Section* section = nullptr;
  const domain::Deadline* deadline = nullptr;  // the earliest of its section's, passed
  domain::OrgUnitId unit = 0;
  std::optional<domain::TaskStatus> status;    // as last reported; nullopt never reported
  std::shared_ptr<const ProgramView> program;  // issue 18: keeps the program in force alive
};

struct TaskLeadStatus {
  domain::OrgUnitId unit = 0;
  std::optional<domain::TaskProgress> progress;  // nullopt: never reported
  std::string period;                            // "" when never reported
  std::string reported_at;
  bool overdue = false;  // a deadline of its section passed, not reported done or cancelled
};

// A task of a unit's own accepted program (issue 18) under the Ministry task it serves (or the
// first of the section it serves), with the unit's newest reported progress on it.
struct UnitTaskStatus {
  domain::OrgUnitId unit = 0;
  std::string id;  // "u:57"
  domain::UnitTask task;
  std::string responsible_display;               // the account's name when the task names one
  std::optional<domain::TaskProgress> progress;  // nullopt: never reported
  std::string period;
  std::string reported_at;
  bool overdue = false;  // its due date passed, not reported done or cancelled
};

struct TaskStatusRow {
  TaskView task;
  std::vector<const domain::Deadline*> deadlines;  // dated, of its section, earliest first
  std::vector<TaskLeadStatus> leads;               // in unit code order
  std::vector<UnitTaskStatus> unit_tasks;          // by unit code, then the unit's order
};

struct TaskBoardView {
  core::CivilDate as_of;  // the date the progress is read at
  std::vector<TaskStatusRow> rows;
  // Issue 18: the program in force on `as_of` the rows point into (its tasks, leads and
  // deadlines as amended by then; a task dropped by then marked), kept alive with them.
  std::shared_ptr<const ProgramView> program;
};

class Figures {
 public:
  Figures(store::Store& store, const Organisation& org, const Programs& programs,
          ProgramCache& cache, Schedule& schedule, Engines& engines, Reporting& reporting,
          const Time& time);

  // The national picture of a program on a date (default today, or the last day of the
  // program's year once that has passed), or the principal's unit's when it does not see every
  // unit: every target measured (achievement, pace, projection, status), counts by status, the
  // reporting of the period, overdue tasks by lead unit, and the ranking of the units of
  // `level` for one target (default the first). With `unit` (within the principal's scope,
  // else kPermissionDenied "out_of_scope"; kNotFound "unit_not_found"), the same measured at
  // that unit, with its reporting and overdue tasks and those of the units below it. Figures
  // come from approved reports, the engine loaded from the store at first use and updated by
  // every approval and reopening.
  core::Result<DashboardView> Dashboard(const domain::Principal& by, ProgramId program,
                                        std::optional<core::CivilDate> at, domain::OrgKind level,
                                        std::optional<int64_t> ranked_target,
                                        std::optional<domain::OrgUnitId> unit = std::nullopt);
  // The dashboard's ranking alone: the units of `level` within the principal's scope (or
  // `unit`) measured on one target at `at` (default as the dashboard's), best first. Fails as
  // the dashboard does; kInvalidArgument ("bad_target") for a target not in the program.
  core::Result<std::vector<MeasureView>> Ranking(
      const domain::Principal& by, ProgramId program, std::optional<core::CivilDate> at,
      domain::OrgKind level, int64_t target, std::optional<domain::OrgUnitId> unit = std::nullopt);
  // Figures per target × node × period. kInvalidArgument ("bad_period", "bad_target").
  core::Result<std::vector<AnalyticsCell>> QueryAnalytics(const domain::Principal& by,
                                                          const AnalyticsQuery& q);
  // Builds from the store, before anyone asks, the analytics engine of every current program —
  // the newest published program of each issuer (with its previous year's values); older
  // programs' engines are built at their first read. Fails like the dashboard's first read.
  core::Result<AnalyticsWarmup> WarmAnalytics();

  // Every task within the principal's scope (or led by `lead`) with each lead unit's newest
  // reported progress as of `as_of` (today by default) and whether it is overdue; under each,
  // the tasks of the units' own accepted programs that serve it (issue 18). With
  // `responsible`, only the Ministry tasks under which a unit task names that account, with
  // those unit tasks alone. kPermissionDenied ("out_of_scope") for a lead outside the
  // principal's scope.
  core::Result<TaskBoardView> TaskStatuses(
      const domain::Principal& by, ProgramId program, std::optional<core::CivilDate> as_of,
      std::optional<domain::OrgUnitId> lead,
      std::optional<domain::UserId> responsible = std::nullopt);
  // Tasks whose section's earliest deadline passed before `as_of` (today by default) and that
  // a lead unit in the principal's scope has not reported done or cancelled: one row per task
  // and such lead, with that deadline, earliest deadline first.
  core::Result<std::vector<OverdueTask>> OverdueTasks(const domain::Principal& by,
                                                      ProgramId program,
                                                      std::optional<core::CivilDate> as_of);

 private:
  // Issue 18: the targets the unit's accepted program adds, measured (OwnTargetMeasure).
  core::Result<std::vector<OwnTargetMeasure>> OwnTargets(const ProgramView& program,
                                                         domain::OrgUnitId unit,
                                                         const core::CivilDate& at);
  // One lead unit's newest report on a task.
  struct ReportedTask {
    domain::TaskProgress progress;
    std::string period;       // the report it came from: "2012-Q3"
    std::string reported_at;  // that report's first submission (ISO 8601 UTC)
  };
  // The newest task progress of each (unit, task) in the reports first sent by `as_of`, of
  // `units` only when given (the reports of the others are not read).
  core::Result<std::map<std::pair<domain::OrgUnitId, std::string>, ReportedTask>>
  LatestTaskProgress(ProgramId program, core::CivilDate as_of,
                     const std::set<domain::OrgUnitId>* units = nullptr);

  const Time& time_;
  const Organisation& org_;
  store::Store& store_;
  const Programs& programs_;
  ProgramCache& cache_;
  Schedule& schedule_;
  Engines& engines_;
  Reporting& reporting_;
};

}  // namespace wp::service
