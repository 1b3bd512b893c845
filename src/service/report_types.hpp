#pragma once
// The views of the reporting cycle that cross to callers: obligations, the reports due and where
// each stands, the report form (a report's header, its content, the unit's form skeleton),
// what a unit sends, timeliness, allocations, the outbox and a report's value history. Plain
// data; the use cases are in reporting.hpp.

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/decimal.hpp"
#include "domain/calendar.hpp"
#include "domain/report.hpp"
#include "domain/unit_program.hpp"
#include "service/programs.hpp"

namespace wp::service {

// A reporting obligation of a program: the decision's rule read as a schedule, with the units
// it binds. `key` ("r1", "r2", …) follows the order of the decision's rules.
struct ObligationView {
  domain::Obligation obligation;  // key, name, schedule, responsible units
  const domain::ReportingRule* rule = nullptr;
  std::vector<std::string> unresolved;  // names in "from" that bind nobody
};

// Where an expected report stands on a date.
enum class DueState {
  kNotDue,     // not received, deadline not passed
  kMissing,    // not received, deadline passed
  kDraft,      // started, not sent, deadline not passed
  kSubmitted,  // sent, awaiting approval
  kReturned,   // sent back to the unit
  kApproved,
};
const char* DueStateName(DueState s);  // "not_due", "missing", "draft", "submitted", …
inline constexpr DueState kDueStates[] = {DueState::kNotDue,   DueState::kMissing,
                                          DueState::kDraft,    DueState::kSubmitted,
                                          DueState::kReturned, DueState::kApproved};
// The state DueStateName writes as `name`; nullopt for any other text.
std::optional<DueState> ParseDueState(std::string_view name);
// Every state's name, for a message refusing another: "not_due, missing, …, approved".
std::string DueStateNames();

struct DueReportView {
  domain::ExpectedReport expected;
  std::string obligation_name;
  std::optional<ReportHeader> report;
  DueState state = DueState::kNotDue;
  bool received = false;  // submitted at least once
  bool late = false;      // first submitted after its deadline (stays late)
  bool overdue = false;   // deadline passed, never submitted
  // When it was first received: the report's, or the unit's own program's (issue 18: then
  // `report` is empty and `state` is the unit program's).
  std::optional<std::string> first_submitted_at;
};

struct DueFilter {
  std::optional<std::string> period;      // a period key
  std::optional<std::string> obligation;  // an obligation key
  std::optional<domain::OrgUnitId> unit;
  std::optional<core::CivilDate> due_to;  // due on or before
};

// One line of a report form: a target with the unit's allocated share.
struct FormTargetRow {
  const TargetView* target = nullptr;
  domain::FormTarget form;
  std::optional<core::Decimal> allocated;
  // A rate's part (issue 16): the form asks the unemployed and the labour force, not the rate
  // they make (Σ numerator / Σ denominator, never a mean of the units' rates); `rate` is that
  // rate (shown read-only beside them), `numerator` which part this is.
  const TargetView* rate = nullptr;
  bool numerator = false;
  // Issue 18: a target the unit's accepted program adds (no allocation of the Ministry's): its
  // id is domain::UnitTargetFormId (negative), `target` one of FormSkeleton::own_targets.
  bool own = false;
  std::string serves;  // of an own target: the Ministry item it serves, as its program says
};

// What every form of one unit in a published program asks, whatever the period: the targets
// allocated to the unit or of the sections it leads, the tasks it leads, and both indexed for
// validation. Built once per program, unit and allocations revision, then shared (immutable).
// A task of the unit's own program (issue 18) on its form, as last accepted: "u:57", shown under
// the Ministry item it serves, its progress reported and carried as a Ministry task's.
struct UnitTaskRow {
  std::string id;       // "u:57"
  std::string section;  // the number of the section of the item it serves; "" for none
  domain::UnitTask task;
  std::string responsible_display;  // the account's name when the task names one
};

struct FormSkeleton {
  std::shared_ptr<const ProgramView> program;  // keeps the targets and tasks pointed to alive
  // Issue 18: the program in force at the period's end the tasks are of (the program itself
  // when no amendment is in force), kept alive with them.
  std::shared_ptr<const ProgramView> in_force;
  std::vector<FormTargetRow> targets;
  std::vector<TaskView> tasks;
  std::vector<UnitTaskRow> unit_tasks;  // the unit's own, in its program's order
  // The targets the unit's accepted program adds, as the TargetViews `targets` rows point to
  // (a deque: appending never moves them).
  std::deque<TargetView> own_targets;
  domain::FormSpec spec;
};

// A line of a form's tasks, in the order the form shows them (the web form and the .xlsx alike):
// each Ministry task, then the unit's own tasks (issue 18) that serve it, then those serving its
// section after the section's last task; the unit's tasks of an item without a task last.
struct FormTaskLine {
  const TaskView* task = nullptr;     // a Ministry task, or
  const UnitTaskRow* unit = nullptr;  // one of the unit's own
  const std::string& id() const { return task ? task->id : unit->id; }
};
std::vector<FormTaskLine> FormTaskLines(const FormSkeleton& skeleton);

// A task's newest progress in the unit's earlier reports of the program (any obligation): what
// a new form starts from, so that only what moved is touched.
struct CarriedTask {
  domain::TaskProgress progress;
  ReportId report = 0;     // the report it was read from
  std::string obligation;  // that report's obligation and period
  domain::Period period;
};

// The other report a unit owes on the same day for a period ending the same day (2012: the
// monthly report of March, June, September and December with the quarter's): one form answers
// both. `answers` when this form (the shorter period) can answer the paired one; otherwise the
// paired one answers this.
struct PairedReport {
  domain::ExpectedReport expected;
  std::string obligation_name;
  std::optional<ReportHeader> report;  // nullopt until first saved
  DueState state = DueState::kNotDue;
  bool answers = false;
  int64_t version() const { return report ? report->version : 0; }
};

struct ReportForm {
  std::shared_ptr<const ProgramView> program;
  ObligationView obligation;
  domain::Period period;
  const domain::OrgUnit* unit = nullptr;
  domain::ExpectedReport expected;
  std::shared_ptr<const FormSkeleton> skeleton;  // the unit's targets and tasks
  std::optional<ReportHeader> report;            // nullopt until first saved (version 0)
  domain::ReportContent content;
  std::vector<domain::Problem> warnings;  // flagged for confirmation at the last save
  bool late = false;
  // Read for a form that is shown (GetReportForm, GetReportFormById, a save's answer), not for
  // the checks of a save: every task's carried progress, the additive targets' previous
  // cumulative (or the year's start) the browser checks the cumulative with, the paired report.
  std::vector<CarriedTask> carried_tasks;
  std::vector<domain::ReferenceValue> cumulative_references;
  std::optional<PairedReport> paired;
  int64_t version() const { return report ? report->version : 0; }
  const std::vector<FormTargetRow>& targets() const { return skeleton->targets; }
  const std::vector<TaskView>& tasks() const { return skeleton->tasks; }
};

// A report's values as CSV, and the version they were read at.
struct ReportValuesCsv {
  std::string csv;
  int64_t version = 0;
};

// What a unit sends: its values (a null value clears one), task progress and narrative.
struct ReportInput {
  std::vector<domain::ReportValue> values;
  std::vector<domain::TaskProgress> tasks;
  std::vector<std::pair<domain::Narrative, std::string>> narrative;
};

// What a save would find wrong with a report's content (Reporting::CheckReport): the form as
// stored, and the problems — errors refuse a save, confirmations are flagged and accepted.
struct ReportCheck {
  ReportForm form;
  std::vector<domain::Problem> problems;
  bool ok() const { return !domain::HasErrors(problems); }
};

struct ReportRef {
  ProgramId program = 0;
  std::string obligation;
  std::string period;
  domain::OrgUnitId unit = 0;
};

struct TimelinessCounts {
  size_t expected = 0;
  size_t received = 0;  // submitted at least once
  size_t on_time = 0;
  size_t late = 0;
  size_t missing = 0;  // deadline passed, nothing received
  size_t pending = 0;  // deadline not passed, nothing received
  size_t approved = 0;
  size_t returned = 0;
  double completeness() const { return expected ? double(received) / double(expected) : 0; }
  double timeliness() const { return received ? double(on_time) / double(received) : 0; }
};

struct TimelinessRow {
  std::string obligation;
  std::string period;  // "" in per-unit rows
  std::optional<domain::OrgUnitId> unit;
  core::CivilDate due;
  TimelinessCounts counts;
};

struct TimelinessSummary {
  core::CivilDate as_of;
  TimelinessCounts total;
  std::vector<TimelinessRow> by_period;  // per obligation and period
  std::vector<TimelinessRow> by_unit;    // per unit, all periods
};

struct AllocationRow {
  int64_t target_id = 0;
  std::string unit;   // id or code at the program's date
  std::string value;  // "150000", "4,3", "1.510.000"
  // Where each field was read in a spreadsheet ("Giao chỉ tiêu!D5"), to name it in errors;
  // "" for JSON and CSV rows (named "rows[3].unit").
  std::string target_cell, unit_cell, value_cell;
};

struct AllocationCheck {
  int64_t target_id = 0;
  core::Decimal national;  // the value in force at the end of the year (issue 18)
  std::optional<core::Decimal> national_original;  // as published, when an amendment changed it
  core::Decimal allocated_sum;
  size_t units = 0;
  std::string warning;  // "" when the shares add up (Vietnamese otherwise)
};

// A target of the program with the units that report it (those a share may be given to).
struct AllocationTarget {
  int64_t target_id = 0;
  std::vector<domain::OrgUnitId> reporters;  // in code order
};

struct AllocationView {
  std::vector<AllocationShare> rows;
  std::vector<AllocationCheck> checks;
  std::vector<AllocationTarget> targets;  // every target of the program, in program order
};

// A value of a bulk load (machine clients): the report it belongs to is found or created.
struct BulkValueRow {
  std::string obligation;
  std::string period;
  domain::OrgUnitId unit_id = 0;
  domain::ReportValue value;
};

struct DigestResult {
  size_t units = 0;
  size_t queued = 0;  // new messages (already queued ones are skipped)
};

}  // namespace wp::service
