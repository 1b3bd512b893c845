#pragma once
// A unit's periodic report as the domain sees it: values per target (plan, estimate or actual;
// for the period or cumulative for the year), progress per task, the five narrative sections of
// a progress report, the workflow draft → submitted → approved / returned, and the validation
// rules a report's content must pass. Pure: no I/O, no JSON.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/error.hpp"
#include "domain/plan.hpp"

namespace wp::domain {

enum class ReportStatus { kDraft, kSubmitted, kApproved, kReturned };
const char* ReportStatusName(ReportStatus s);  // "draft", "submitted", "approved", "returned"
std::optional<ReportStatus> ParseReportStatus(std::string_view s);

// kế hoạch / ước thực hiện / thực hiện (DOMAIN.md §2).
enum class ValueKind { kPlan, kEstimate, kActual };
const char* ValueKindName(ValueKind k);  // "plan", "estimate", "actual"
std::optional<ValueKind> ParseValueKind(std::string_view s);

// The value of the period itself, or cumulative from the start of the year (lũy kế).
enum class ValueScope { kPeriod, kCumulative };
const char* ValueScopeName(ValueScope s);  // "period", "cumulative"
std::optional<ValueScope> ParseValueScope(std::string_view s);

enum class TaskStatus { kNotStarted, kInProgress, kDone, kOverdue, kCancelled };
// "not_started", "in_progress", "done", "overdue", "cancelled"
const char* TaskStatusName(TaskStatus s);
std::optional<TaskStatus> ParseTaskStatus(std::string_view s);
const char* TaskStatusLabel(TaskStatus s);  // Vietnamese: "Chưa bắt đầu", "Đang thực hiện", …
std::optional<TaskStatus> ParseTaskStatusLabel(std::string_view label);

// The outline of a progress report: kết quả đạt được; tồn tại, hạn chế; nguyên nhân; nhiệm vụ,
// giải pháp thời gian tới; kiến nghị, đề xuất.
enum class Narrative { kResults, kShortcomings, kCauses, kNextSteps, kProposals };
inline constexpr size_t kNarrativeCount = 5;
// "results", "shortcomings", "causes", "next_steps", "proposals"
const char* NarrativeName(Narrative n);
std::optional<Narrative> ParseNarrative(std::string_view s);
const char* NarrativeTitle(Narrative n);  // "Kết quả đạt được", …

struct ReportValue {
  int64_t target_id = 0;
  ValueScope scope = ValueScope::kPeriod;
  ValueKind kind = ValueKind::kEstimate;
  std::optional<core::Decimal> value;  // nullopt: cleared
  std::string note;
  bool operator==(const ReportValue&) const = default;
};

struct TaskProgress {
  std::string task_id;  // domain::TaskId: "II.2.1#3", unique and stable in a published program
  TaskStatus status = TaskStatus::kNotStarted;
  std::optional<int> percent;  // 0..100
  std::string output;          // "đã trình Thủ tướng Chính phủ"
  bool operator==(const TaskProgress&) const = default;
};

struct ReportContent {
  std::vector<ReportValue> values;  // one per (target, scope)
  std::vector<TaskProgress> tasks;  // one per task
  std::array<std::string, kNarrativeCount> narrative;
};

// The workflow. kSave edits a draft or returned report; kSubmit sends it; kApprove locks it;
// kReturn sends it back with a comment; kReopen unlocks an approved report (an approver above
// the unit only — checked by the caller, which knows the organisation).
enum class ReportAction { kSave, kSubmit, kApprove, kReturn, kReopen };
const char* ReportActionName(ReportAction a);  // "save", "submit", "approve", "return", "reopen"
// The status after `action`, or kFailedPrecondition ("report_locked" for writing an approved
// report, "report_not_submitted" for approving/returning one not submitted, "report_submitted"
// for saving or submitting one awaiting approval, "report_not_approved" for reopening).
core::Result<ReportStatus> Transition(ReportStatus from, ReportAction action);

// What the form asks about one target, for validation.
struct FormTarget {
  int64_t id = 0;
  std::string indicator;
  std::string unit;  // "người", "%", "đồng", …
  Comparator comparator = Comparator::kEq;
  std::optional<int64_t> parent_id;  // the whole this target is a part of ("trong đó")
  // Whether the target's values add up over the periods of a year (the catalogue's aggregation
  // "sum": people given jobs, money raised), so that a cumulative is last period's cumulative
  // plus this period's. Rates (unit "%") never do, whatever this says.
  bool additive = true;
};

enum class ProblemSeverity { kError, kConfirm };  // refused / accepted but flagged for confirmation

struct Problem {
  std::string field;  // "values[12].period" — the target id and scope, or "tasks[II.2.1#3].percent"
  std::string code;     // "out_of_range", "part_exceeds_whole", "far_from_previous", …
  std::string message;  // Vietnamese
  ProblemSeverity severity = ProblemSeverity::kError;
};

// What a reference value is compared for.
enum class ReferenceRole {
  kFarFrom,             // a value more than twice or less than half of it is flagged
  kPreviousCumulative,  // the cumulative of the unit's previous period of the year: this
                        // period's cumulative should be it plus this period's value
  kYearStart,           // this is the year's first period: its cumulative is its period value
                        // (`value` unused)
};

// A value to compare against: the same target and scope in the unit's previous report or the
// same period of the previous year; or what an additive target's cumulative is checked with.
struct ReferenceValue {
  int64_t target_id = 0;
  ValueScope scope = ValueScope::kPeriod;
  core::Decimal value;
  std::string source;  // "báo cáo kỳ trước", "cùng kỳ năm trước"
  ReferenceRole role = ReferenceRole::kFarFrom;
};

// A form's targets and task ids, indexed once for the validation of every report written on it
// (a unit's form of a program is the same for all its reports).
class FormSpec {
 public:
  FormSpec() = default;
  FormSpec(std::vector<FormTarget> targets, std::vector<std::string> task_ids);
  const std::vector<FormTarget>& targets() const { return targets_; }
  // The position of a target in targets(), or -1 when the form has no such target.
  int Find(int64_t target_id) const;
  // The position of the whole target i is a part of, or -1.
  int ParentOf(size_t i) const { return parent_[i]; }
  bool HasTask(std::string_view task_id) const;

 private:
  std::vector<FormTarget> targets_;
  std::vector<std::pair<int64_t, int>> by_id_;  // (target id, position), by id
  std::vector<int> parent_;
  std::vector<std::string> tasks_;  // sorted
};

// Checks the content against the form: every value names a target of the form, once per scope;
// percentages lie within 0–100, counts and money are not negative (changes — decrease_by /
// increase_by — may be); parts do not exceed their whole when both are reported (same scope);
// counts (IsCountUnit) are whole; task percents lie within 0–100, a done task is at 100 % when a
// percent is given; every task names a task of the form; notes, task outputs and narrative
// sections pass CheckText. Values more than twice or less than half of a reference are flagged
// for confirmation. For an additive target (FormTarget::additive, not a rate) with both its
// period and cumulative values entered, also flagged on the cumulative's field:
// "period_exceeds_cumulative" when the period's value is above the cumulative, else
// "cumulative_mismatch" when the cumulative differs from the previous period's cumulative
// (kPreviousCumulative) plus the period's, or from the period's in the year's first period
// (kYearStart), by more than max(1, 0,5 % of what it should be). Errors first, each problem
// naming its field.
std::vector<Problem> ValidateReport(const FormSpec& form, const ReportContent& content,
                                    const std::vector<ReferenceValue>& references);
// The same with the form given as its parts (indexed for this one call).
std::vector<Problem> ValidateReport(const std::vector<FormTarget>& targets,
                                    const std::vector<std::string>& task_ids,
                                    const ReportContent& content,
                                    const std::vector<ReferenceValue>& references);

bool HasErrors(const std::vector<Problem>& problems);

// Whether a value in `unit` counts whole things — people, visits, schools, households, units —
// and so must be a whole number ("0,5 người" is refused). The units are those the plan's
// quantities are written in (ingest/quantities.cpp); money, rates and measures may be fractional.
bool IsCountUnit(std::string_view unit);

// The free texts of a report and the limits that fit their use (MaxChars).
enum class ReportText {
  kNote,        // a value's note: values[12].period.note
  kNarrative,   // a narrative section: narrative.results
  kTaskOutput,  // a task's output: tasks[II.2.1#3].output
  kComment,     // an approver's reason for returning or reopening: comment
};
// The most characters (Unicode code points, not bytes) a text may have.
size_t MaxChars(ReportText kind);
// The problem of a text named `field`, if any: "text_too_long" above MaxChars(kind), or
// "control_character" for NUL and the other C0/C1 controls and DEL (tab, LF and CR are allowed:
// every one of these texts may run over several lines). The text is valid UTF-8 (the readers
// refuse anything else before this).
std::optional<Problem> CheckText(ReportText kind, std::string_view text, std::string field);

// The field name of a value in problems and error details: "values[12].period".
std::string ValueField(int64_t target_id, ValueScope scope);

}  // namespace wp::domain
