#include "domain/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/enum_names.hpp"

namespace wp::domain {
namespace {

constexpr ValueScope kScopes[] = {ValueScope::kPeriod, ValueScope::kCumulative};

// Names and labels in the order of each enum's values (core/enum_names.hpp).
constexpr std::array kStatusNames{"draft", "submitted", "approved", "returned"};
constexpr std::array kKindNames{"plan", "estimate", "actual"};
constexpr std::array kScopeNames{"period", "cumulative"};
constexpr std::array kTaskStatusNames{"not_started", "in_progress", "done", "overdue", "cancelled"};
constexpr std::array kTaskStatusLabels{"Chưa bắt đầu", "Đang thực hiện", "Hoàn thành", "Quá hạn",
                                       "Hủy bỏ"};
constexpr std::array kNarrativeNames{"results", "shortcomings", "causes", "next_steps",
                                     "proposals"};
constexpr std::array kNarrativeTitles{"Kết quả đạt được", "Tồn tại, hạn chế", "Nguyên nhân",
                                      "Nhiệm vụ, giải pháp thời gian tới", "Kiến nghị, đề xuất"};
constexpr std::array kActionNames{"save", "submit", "approve", "return", "reopen"};

bool IsPercent(const std::string& unit) { return unit == "%"; }

// Changes may be negative: a poverty rate that rose instead of falling is reported as it was.
bool MayBeNegative(Comparator c) {
  return c == Comparator::kDecreaseBy || c == Comparator::kIncreaseBy;
}

// Units that count whole things: the units the plan's quantities are written in
// (ingest/quantities.cpp, canonical forms) are all counts of people, visits or things.
constexpr std::string_view kCountUnits[] = {"lượt người",   "người",
                                            "lao động",     "đối tượng",
                                            "trẻ em",       "hộ gia đình",
                                            "hộ",           "doanh nghiệp",
                                            "trung tâm",    "làng nghề",
                                            "hợp tác xã",   "cán bộ",
                                            "giáo viên",    "chương trình khung",
                                            "chương trình", "đề tài",
                                            "công trình",   "mô hình",
                                            "thôn bản",     "chỉ thị",
                                            "đề án",        "nghị định",
                                            "quyết định",   "tập đoàn, tổng công ty",
                                            "tập đoàn",     "đoàn kinh tế quốc phòng",
                                            "cơ sở",        "học sinh",
                                            "sinh viên",    "tỉnh",
                                            "thành phố",    "xã",
                                            "huyện",        "trường",
                                            "nhà",          "nghề",
                                            "bộ",           "lớp",
                                            "dự án",        "văn bản",
                                            "khoa",         "lượt",
                                            "tổ chức",      "cơ quan"};

// The limits, in characters. A note explains one figure in a sentence or two; a narrative
// section of a ministry's progress report runs to a few pages (20 000 characters is some eight
// pages of Vietnamese, above any section of the 2008 and 2012 reports); a task's output and an
// approver's comment are a paragraph. Counted in code points, not bytes: a Vietnamese letter
// takes two or three bytes in UTF-8, and a byte limit would give a Vietnamese writer a third of
// what it gives an English one — and differ from what the browser's form counts. With these, a
// save stores at most some 300 KB of text, not the 15 MB a single field once took.
constexpr size_t kMaxChars[] = {1000, 20000, 2000, 2000};
constexpr const char* kTextLabels[] = {"Ghi chú", "Phần", "Kết quả thực hiện nhiệm vụ", "Lý do"};

std::string WithThousands(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

std::string TextLabel(ReportText kind, std::string_view field) {
  if (kind != ReportText::kNarrative) return kTextLabels[static_cast<size_t>(kind)];
  auto section = ParseNarrative(field.substr(field.find('.') + 1));
  return std::string("Phần \"") + (section ? NarrativeTitle(*section) : "") + "\"";
}

}  // namespace

bool IsCountUnit(std::string_view unit) {
  return std::find(std::begin(kCountUnits), std::end(kCountUnits), unit) != std::end(kCountUnits);
}

size_t MaxChars(ReportText kind) { return kMaxChars[static_cast<size_t>(kind)]; }

std::optional<Problem> CheckText(ReportText kind, std::string_view text, std::string field) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    // C0 controls but tab, LF and CR; DEL; C1 controls (U+0080–U+009F: C2 80 – C2 9F).
    bool control =
        (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f ||
        (b == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0);
    if (control) {
      std::string label = TextLabel(kind, field);
      return Problem{std::move(field), "control_character",
                     label +
                         " có ký tự điều khiển không được phép (như ký tự NUL); hãy xóa "
                         "ký tự đó rồi lưu lại.",
                     ProblemSeverity::kError};
    }
    if ((b & 0xc0) != 0x80) ++chars;  // a code point's first byte
  }
  if (chars > MaxChars(kind)) {
    std::string label = TextLabel(kind, field);
    return Problem{std::move(field), "text_too_long",
                   label + " dài " + WithThousands(chars) + " ký tự, quá mức tối đa " +
                       WithThousands(MaxChars(kind)) + " ký tự.",
                   ProblemSeverity::kError};
  }
  return std::nullopt;
}

const char* ReportStatusName(ReportStatus s) { return core::NameIn(kStatusNames, s); }
std::optional<ReportStatus> ParseReportStatus(std::string_view s) {
  return core::ValueIn<ReportStatus>(kStatusNames, s);
}

const char* ValueKindName(ValueKind k) { return core::NameIn(kKindNames, k); }
std::optional<ValueKind> ParseValueKind(std::string_view s) {
  return core::ValueIn<ValueKind>(kKindNames, s);
}

const char* ValueScopeName(ValueScope s) { return core::NameIn(kScopeNames, s); }
std::optional<ValueScope> ParseValueScope(std::string_view s) {
  return core::ValueIn<ValueScope>(kScopeNames, s);
}

const char* TaskStatusName(TaskStatus s) { return core::NameIn(kTaskStatusNames, s); }
std::optional<TaskStatus> ParseTaskStatus(std::string_view s) {
  return core::ValueIn<TaskStatus>(kTaskStatusNames, s);
}
const char* TaskStatusLabel(TaskStatus s) { return core::NameIn(kTaskStatusLabels, s); }
std::optional<TaskStatus> ParseTaskStatusLabel(std::string_view label) {
  return core::ValueIn<TaskStatus>(kTaskStatusLabels, label);
}

const char* NarrativeName(Narrative n) { return core::NameIn(kNarrativeNames, n); }
std::optional<Narrative> ParseNarrative(std::string_view s) {
  return core::ValueIn<Narrative>(kNarrativeNames, s);
}
const char* NarrativeTitle(Narrative n) { return core::NameIn(kNarrativeTitles, n); }

const char* ReportActionName(ReportAction a) { return core::NameIn(kActionNames, a); }

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

FormSpec::FormSpec(std::vector<FormTarget> targets, std::vector<std::string> task_ids)
    : targets_(std::move(targets)), tasks_(std::move(task_ids)) {
  by_id_.reserve(targets_.size());
  for (size_t i = 0; i < targets_.size(); ++i) {
    by_id_.emplace_back(targets_[i].id, static_cast<int>(i));
  }
  std::sort(by_id_.begin(), by_id_.end());
  parent_.reserve(targets_.size());
  for (const auto& t : targets_) parent_.push_back(t.parent_id ? Find(*t.parent_id) : -1);
  std::sort(tasks_.begin(), tasks_.end());
}

int FormSpec::Find(int64_t target_id) const {
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), std::pair{target_id, -1});
  return it != by_id_.end() && it->first == target_id ? it->second : -1;
}

bool FormSpec::HasTask(std::string_view task_id) const {
  return std::binary_search(tasks_.begin(), tasks_.end(), task_id,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

std::vector<Problem> ValidateReport(const FormSpec& form, const ReportContent& content,
                                    const std::vector<ReferenceValue>& references) {
  std::vector<Problem> errors, confirms;
  auto error = [&](std::string field, std::string code, std::string message) {
    errors.push_back(
        {std::move(field), std::move(code), std::move(message), ProblemSeverity::kError});
  };

  // What was entered, by the target's position in the form and the scope (2 × position +
  // scope); a field's name is made only for a problem.
  struct Slot {
    bool seen = false;
    bool entered = false;
    core::Decimal value;
  };
  const auto& targets = form.targets();
  std::vector<Slot> slots(2 * targets.size());
  auto slot_of = [&](int pos, ValueScope scope) -> Slot& {
    return slots[2 * static_cast<size_t>(pos) + (scope == ValueScope::kCumulative ? 1 : 0)];
  };

  for (const auto& v : content.values) {
    int pos = form.Find(v.target_id);
    if (pos < 0) {
      error(ValueField(v.target_id, v.scope), "unknown_target",
            "Chỉ tiêu này không có trong biểu mẫu của đơn vị.");
      continue;
    }
    Slot& slot = slot_of(pos, v.scope);
    if (slot.seen) {
      error(ValueField(v.target_id, v.scope), "duplicate_value",
            "Chỉ tiêu này được nhập hai lần cho cùng một cột.");
      continue;
    }
    slot.seen = true;
    // Most values have no note: the field's name is made only for one that has.
    if (!v.note.empty()) {
      if (auto p =
              CheckText(ReportText::kNote, v.note, ValueField(v.target_id, v.scope) + ".note")) {
        errors.push_back(std::move(*p));
      }
    }
    if (!v.value) continue;  // cleared
    slot.entered = true;
    slot.value = *v.value;
    const FormTarget& t = targets[static_cast<size_t>(pos)];
    double x = v.value->AsDouble();
    if (IsPercent(t.unit) && (x < 0 || x > 100) && !MayBeNegative(t.comparator)) {
      error(ValueField(v.target_id, v.scope), "out_of_range",
            "Tỷ lệ phải nằm trong khoảng 0–100%.");
    } else if (IsPercent(t.unit) && (x < -100 || x > 100)) {
      error(ValueField(v.target_id, v.scope), "out_of_range",
            "Mức thay đổi tỷ lệ phải nằm trong khoảng -100 đến 100 điểm %.");
    } else if (x < 0 && !MayBeNegative(t.comparator)) {
      error(ValueField(v.target_id, v.scope), "negative", "Giá trị không được âm.");
    } else if (!v.value->IsInteger() && IsCountUnit(t.unit)) {
      error(ValueField(v.target_id, v.scope), "not_whole",
            "Chỉ tiêu tính bằng \"" + t.unit + "\" phải là số nguyên.");
    }
  }

  // Parts not above their whole: 1.510 + 90 ≤ 1.600 when both are reported.
  std::vector<double> parts(slots.size(), 0.0);
  std::vector<bool> has_parts(slots.size(), false);
  for (size_t i = 0; i < targets.size(); ++i) {
    int whole = form.ParentOf(i);
    if (whole < 0 || IsPercent(targets[i].unit)) continue;
    for (size_t s = 0; s < 2; ++s) {
      const Slot& part = slots[2 * i + s];
      if (!part.entered) continue;
      parts[2 * static_cast<size_t>(whole) + s] += part.value.AsDouble();
      has_parts[2 * static_cast<size_t>(whole) + s] = true;
    }
  }
  for (size_t i = 0; i < targets.size(); ++i) {  // in the form's order, then by scope
    const FormTarget& t = targets[i];
    for (ValueScope scope : kScopes) {
      size_t k = 2 * i + (scope == ValueScope::kCumulative ? 1 : 0);
      if (!has_parts[k] || !slots[k].entered) continue;
      double w = slots[k].value.AsDouble();
      // Values are exact decimals; a relative epsilon keeps 1.510.000 + 90.000 = 1.600.000 equal.
      if (parts[k] > w + std::abs(w) * 1e-12) {
        error(ValueField(t.id, scope), "part_exceeds_whole",
              "Tổng các chỉ tiêu thành phần vượt quá chỉ tiêu \"" + t.indicator + "\" (" +
                  slots[k].value.ToVietnamese() + ").");
      }
    }
  }

  std::set<std::string_view> seen_tasks;
  for (const auto& p : content.tasks) {
    auto field = [&] { return "tasks[" + p.task_id + "]"; };
    if (!form.HasTask(p.task_id)) {
      error(field(), "unknown_task", "Nhiệm vụ này không thuộc biểu mẫu của đơn vị.");
      continue;
    }
    if (!seen_tasks.insert(p.task_id).second) {
      error(field(), "duplicate_task", "Nhiệm vụ này được nhập hai lần.");
      continue;
    }
    if (p.percent && (*p.percent < 0 || *p.percent > 100)) {
      error(field() + ".percent", "out_of_range", "Tỷ lệ hoàn thành phải nằm trong khoảng 0–100%.");
    } else if (p.status == TaskStatus::kDone && p.percent && *p.percent != 100) {
      error(field() + ".percent", "done_not_complete",
            "Nhiệm vụ đã hoàn thành thì tỷ lệ hoàn thành phải là 100%.");
    }
    if (p.output.empty()) continue;
    if (auto problem = CheckText(ReportText::kTaskOutput, p.output, field() + ".output")) {
      errors.push_back(std::move(*problem));
    }
  }
  for (size_t i = 0; i < kNarrativeCount; ++i) {
    if (content.narrative[i].empty()) continue;
    std::string field = std::string("narrative.") + kNarrativeNames[i];
    if (auto p = CheckText(ReportText::kNarrative, content.narrative[i], std::move(field))) {
      errors.push_back(std::move(*p));
    }
  }

  // Period against cumulative (additive targets, not rates): a cumulative is the year's sum so
  // far, so it is not below the period's value, and it is the previous period's cumulative plus
  // this period's (in the year's first period, the period's alone).
  std::vector<const ReferenceValue*> cumulative_refs(targets.size(), nullptr);
  for (const auto& r : references) {
    if (r.role == ReferenceRole::kFarFrom) continue;
    if (int pos = form.Find(r.target_id); pos >= 0) cumulative_refs[static_cast<size_t>(pos)] = &r;
  }
  auto confirm = [&](std::string field, std::string code, std::string message) {
    confirms.push_back(
        {std::move(field), std::move(code), std::move(message), ProblemSeverity::kConfirm});
  };
  for (size_t i = 0; i < targets.size(); ++i) {
    const FormTarget& t = targets[i];
    const Slot& period = slots[2 * i];
    const Slot& cumulative = slots[2 * i + 1];
    if (!t.additive || IsPercent(t.unit) || !period.entered || !cumulative.entered) continue;
    std::string field = ValueField(t.id, ValueScope::kCumulative);
    double p = period.value.AsDouble(), c = cumulative.value.AsDouble();
    if (p >= 0 && c >= 0 && p > c) {
      confirm(std::move(field), "period_exceeds_cumulative",
              "Số trong kỳ " + period.value.ToVietnamese() + " lớn hơn lũy kế " +
                  cumulative.value.ToVietnamese() +
                  " (lũy kế từ đầu năm gồm cả kỳ này); đề nghị kiểm tra lại.");
      continue;
    }
    const ReferenceValue* r = cumulative_refs[i];
    if (r == nullptr) continue;
    std::optional<core::Decimal> expected =
        r->role == ReferenceRole::kYearStart ? period.value : core::Add(r->value, period.value);
    if (!expected) continue;
    double e = expected->AsDouble();
    if (std::abs(c - e) <= std::max(1.0, 0.005 * std::abs(e))) continue;
    confirm(std::move(field), "cumulative_mismatch",
            r->role == ReferenceRole::kYearStart
                ? "Lũy kế " + cumulative.value.ToVietnamese() + " khác số trong kỳ " +
                      period.value.ToVietnamese() +
                      " (kỳ đầu năm: lũy kế bằng số trong kỳ); đề nghị kiểm tra lại."
                : "Lũy kế " + cumulative.value.ToVietnamese() + " khác lũy kế kỳ trước " +
                      r->value.ToVietnamese() + " + số trong kỳ " + period.value.ToVietnamese() +
                      " = " + expected->ToVietnamese() + "; đề nghị kiểm tra lại.");
  }

  for (const auto& r : references) {
    if (r.role != ReferenceRole::kFarFrom) continue;
    int pos = form.Find(r.target_id);
    if (pos < 0) continue;
    const Slot& slot = slot_of(pos, r.scope);
    if (!slot.entered) continue;
    double ref = r.value.AsDouble(), x = slot.value.AsDouble();
    if (ref <= 0 || x < 0) continue;
    if (x > 2 * ref || x < ref / 2) {
      confirms.push_back({ValueField(r.target_id, r.scope), "far_from_reference",
                          "Giá trị " + slot.value.ToVietnamese() + " chênh lệch lớn so với " +
                              r.source + " (" + r.value.ToVietnamese() + "); đề nghị kiểm tra lại.",
                          ProblemSeverity::kConfirm});
    }
  }
  errors.insert(errors.end(), confirms.begin(), confirms.end());
  return errors;
}

std::vector<Problem> ValidateReport(const std::vector<FormTarget>& targets,
                                    const std::vector<std::string>& task_ids,
                                    const ReportContent& content,
                                    const std::vector<ReferenceValue>& references) {
  return ValidateReport(FormSpec(targets, task_ids), content, references);
}

bool HasErrors(const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const Problem& p) { return p.severity == ProblemSeverity::kError; });
}

}  // namespace wp::domain
