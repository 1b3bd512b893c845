#include "domain/report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace wp::domain {
namespace {

template <typename E, size_t N>
std::optional<E> ParseName(std::string_view s, const E (&all)[N], const char* (*name)(E)) {
  for (E e : all) {
    if (s == name(e)) return e;
  }
  return std::nullopt;
}

constexpr ReportStatus kStatuses[] = {ReportStatus::kDraft, ReportStatus::kSubmitted,
                                      ReportStatus::kApproved, ReportStatus::kReturned};
constexpr ValueKind kKinds[] = {ValueKind::kPlan, ValueKind::kEstimate, ValueKind::kActual};
constexpr ValueScope kScopes[] = {ValueScope::kPeriod, ValueScope::kCumulative};
constexpr TaskStatus kTaskStatuses[] = {TaskStatus::kNotStarted, TaskStatus::kInProgress,
                                        TaskStatus::kDone, TaskStatus::kOverdue,
                                        TaskStatus::kCancelled};
constexpr Narrative kNarratives[] = {Narrative::kResults, Narrative::kShortcomings,
                                     Narrative::kCauses, Narrative::kNextSteps,
                                     Narrative::kProposals};

bool IsPercent(const std::string& unit) { return unit == "%"; }

// Changes may be negative: a poverty rate that rose instead of falling is reported as it was.
bool MayBeNegative(Comparator c) {
  return c == Comparator::kDecreaseBy || c == Comparator::kIncreaseBy;
}

}  // namespace

const char* ReportStatusName(ReportStatus s) {
  switch (s) {
    case ReportStatus::kDraft:
      return "draft";
    case ReportStatus::kSubmitted:
      return "submitted";
    case ReportStatus::kApproved:
      return "approved";
    case ReportStatus::kReturned:
      return "returned";
  }
  return "draft";
}
std::optional<ReportStatus> ParseReportStatus(std::string_view s) {
  return ParseName(s, kStatuses, ReportStatusName);
}

const char* ValueKindName(ValueKind k) {
  switch (k) {
    case ValueKind::kPlan:
      return "plan";
    case ValueKind::kEstimate:
      return "estimate";
    case ValueKind::kActual:
      return "actual";
  }
  return "estimate";
}
std::optional<ValueKind> ParseValueKind(std::string_view s) {
  return ParseName(s, kKinds, ValueKindName);
}

const char* ValueScopeName(ValueScope s) {
  return s == ValueScope::kPeriod ? "period" : "cumulative";
}
std::optional<ValueScope> ParseValueScope(std::string_view s) {
  return ParseName(s, kScopes, ValueScopeName);
}

const char* TaskStatusName(TaskStatus s) {
  switch (s) {
    case TaskStatus::kNotStarted:
      return "not_started";
    case TaskStatus::kInProgress:
      return "in_progress";
    case TaskStatus::kDone:
      return "done";
    case TaskStatus::kOverdue:
      return "overdue";
    case TaskStatus::kCancelled:
      return "cancelled";
  }
  return "not_started";
}
std::optional<TaskStatus> ParseTaskStatus(std::string_view s) {
  return ParseName(s, kTaskStatuses, TaskStatusName);
}
const char* TaskStatusLabel(TaskStatus s) {
  switch (s) {
    case TaskStatus::kNotStarted:
      return "Chưa bắt đầu";
    case TaskStatus::kInProgress:
      return "Đang thực hiện";
    case TaskStatus::kDone:
      return "Hoàn thành";
    case TaskStatus::kOverdue:
      return "Quá hạn";
    case TaskStatus::kCancelled:
      return "Hủy bỏ";
  }
  return "Chưa bắt đầu";
}
std::optional<TaskStatus> ParseTaskStatusLabel(std::string_view label) {
  return ParseName(label, kTaskStatuses, TaskStatusLabel);
}

const char* NarrativeName(Narrative n) {
  switch (n) {
    case Narrative::kResults:
      return "results";
    case Narrative::kShortcomings:
      return "shortcomings";
    case Narrative::kCauses:
      return "causes";
    case Narrative::kNextSteps:
      return "next_steps";
    case Narrative::kProposals:
      return "proposals";
  }
  return "results";
}
std::optional<Narrative> ParseNarrative(std::string_view s) {
  return ParseName(s, kNarratives, NarrativeName);
}
const char* NarrativeTitle(Narrative n) {
  switch (n) {
    case Narrative::kResults:
      return "Kết quả đạt được";
    case Narrative::kShortcomings:
      return "Tồn tại, hạn chế";
    case Narrative::kCauses:
      return "Nguyên nhân";
    case Narrative::kNextSteps:
      return "Nhiệm vụ, giải pháp thời gian tới";
    case Narrative::kProposals:
      return "Kiến nghị, đề xuất";
  }
  return "";
}

const char* ReportActionName(ReportAction a) {
  switch (a) {
    case ReportAction::kSave:
      return "save";
    case ReportAction::kSubmit:
      return "submit";
    case ReportAction::kApprove:
      return "approve";
    case ReportAction::kReturn:
      return "return";
    case ReportAction::kReopen:
      return "reopen";
  }
  return "save";
}

core::Result<ReportStatus> Transition(ReportStatus from, ReportAction action) {
  using enum ReportStatus;
  switch (action) {
    case ReportAction::kSave:
    case ReportAction::kSubmit:
      if (from == kApproved) {
        return core::Fail(core::ErrorCode::kFailedPrecondition, "report_locked",
                          "Báo cáo đã được duyệt nên không thể sửa; cần cấp trên mở lại.");
      }
      if (from == kSubmitted) {
        return core::Fail(core::ErrorCode::kFailedPrecondition, "report_submitted",
                          "Báo cáo đã gửi và đang chờ duyệt; chỉ sửa được khi bị trả lại.");
      }
      return action == ReportAction::kSave ? from : kSubmitted;
    case ReportAction::kApprove:
    case ReportAction::kReturn:
      if (from != kSubmitted) {
        return core::Fail(core::ErrorCode::kFailedPrecondition, "report_not_submitted",
                          "Chỉ duyệt hoặc trả lại được báo cáo đã gửi.");
      }
      return action == ReportAction::kApprove ? kApproved : kReturned;
    case ReportAction::kReopen:
      if (from != kApproved) {
        return core::Fail(core::ErrorCode::kFailedPrecondition, "report_not_approved",
                          "Chỉ mở lại được báo cáo đã duyệt.");
      }
      return kReturned;
  }
  return from;
}

std::string ValueField(int64_t target_id, ValueScope scope) {
  return "values[" + std::to_string(target_id) + "]." + ValueScopeName(scope);
}

std::vector<Problem> ValidateReport(const std::vector<FormTarget>& targets,
                                    const std::vector<std::string>& task_ids,
                                    const ReportContent& content,
                                    const std::vector<ReferenceValue>& references) {
  std::vector<Problem> errors, confirms;
  auto error = [&](std::string field, std::string code, std::string message) {
    errors.push_back(
        {std::move(field), std::move(code), std::move(message), ProblemSeverity::kError});
  };

  std::map<int64_t, const FormTarget*> by_id;
  for (const auto& t : targets) by_id[t.id] = &t;
  std::map<std::pair<int64_t, ValueScope>, core::Decimal> entered;

  for (const auto& v : content.values) {
    std::string field = ValueField(v.target_id, v.scope);
    auto it = by_id.find(v.target_id);
    if (it == by_id.end()) {
      error(field, "unknown_target", "Chỉ tiêu này không có trong biểu mẫu của đơn vị.");
      continue;
    }
    if (!entered.emplace(std::pair{v.target_id, v.scope}, core::Decimal{}).second) {
      error(field, "duplicate_value", "Chỉ tiêu này được nhập hai lần cho cùng một cột.");
      continue;
    }
    if (!v.value) {
      entered.erase({v.target_id, v.scope});
      continue;
    }
    entered[{v.target_id, v.scope}] = *v.value;
    const FormTarget& t = *it->second;
    double x = v.value->AsDouble();
    if (IsPercent(t.unit) && (x < 0 || x > 100) && !MayBeNegative(t.comparator)) {
      error(field, "out_of_range", "Tỷ lệ phải nằm trong khoảng 0–100%.");
    } else if (IsPercent(t.unit) && (x < -100 || x > 100)) {
      error(field, "out_of_range", "Mức thay đổi tỷ lệ phải nằm trong khoảng -100 đến 100 điểm %.");
    } else if (x < 0 && !MayBeNegative(t.comparator)) {
      error(field, "negative", "Giá trị không được âm.");
    }
  }

  // Parts not above their whole: 1.510 + 90 ≤ 1.600 when both are reported.
  std::map<std::pair<int64_t, ValueScope>, std::pair<double, std::vector<int64_t>>> parts;
  for (const auto& [key, value] : entered) {
    const FormTarget& t = *by_id.at(key.first);
    if (!t.parent_id || IsPercent(t.unit)) continue;
    auto& [sum, ids] = parts[{*t.parent_id, key.second}];
    sum += value.AsDouble();
    ids.push_back(key.first);
  }
  for (const auto& [key, sum_ids] : parts) {
    auto whole = entered.find(key);
    if (whole == entered.end()) continue;
    double w = whole->second.AsDouble();
    // Values are exact decimals; a relative epsilon keeps 1.510.000 + 90.000 = 1.600.000 equal.
    if (sum_ids.first > w + std::abs(w) * 1e-12) {
      const FormTarget& t = *by_id.at(key.first);
      error(ValueField(key.first, key.second), "part_exceeds_whole",
            "Tổng các chỉ tiêu thành phần vượt quá chỉ tiêu \"" + t.indicator + "\" (" +
                whole->second.ToVietnamese() + ").");
    }
  }

  std::set<std::string> known_tasks(task_ids.begin(), task_ids.end());
  std::set<std::string> seen_tasks;
  for (const auto& p : content.tasks) {
    std::string field = "tasks[" + p.task_id + "]";
    if (!known_tasks.count(p.task_id)) {
      error(field, "unknown_task", "Nhiệm vụ này không thuộc biểu mẫu của đơn vị.");
      continue;
    }
    if (!seen_tasks.insert(p.task_id).second) {
      error(field, "duplicate_task", "Nhiệm vụ này được nhập hai lần.");
      continue;
    }
    if (p.percent && (*p.percent < 0 || *p.percent > 100)) {
      error(field + ".percent", "out_of_range", "Tỷ lệ hoàn thành phải nằm trong khoảng 0–100%.");
    } else if (p.status == TaskStatus::kDone && p.percent && *p.percent != 100) {
      error(field + ".percent", "done_not_complete",
            "Nhiệm vụ đã hoàn thành thì tỷ lệ hoàn thành phải là 100%.");
    }
  }

  for (const auto& r : references) {
    auto it = entered.find({r.target_id, r.scope});
    if (it == entered.end()) continue;
    double ref = r.value.AsDouble(), x = it->second.AsDouble();
    if (ref <= 0 || x < 0) continue;
    if (x > 2 * ref || x < ref / 2) {
      confirms.push_back({ValueField(r.target_id, r.scope), "far_from_reference",
                          "Giá trị " + it->second.ToVietnamese() + " chênh lệch lớn so với " +
                              r.source + " (" + r.value.ToVietnamese() + "); đề nghị kiểm tra lại.",
                          ProblemSeverity::kConfirm});
    }
  }
  errors.insert(errors.end(), confirms.begin(), confirms.end());
  return errors;
}

bool HasErrors(const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const Problem& p) { return p.severity == ProblemSeverity::kError; });
}

}  // namespace wp::domain
