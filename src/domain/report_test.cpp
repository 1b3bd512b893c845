#include "domain/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>

#include "domain/access.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"

namespace wp::domain {
namespace {

core::Decimal D(int64_t mantissa, int scale = 0) { return core::Decimal{mantissa, scale}; }

// The 2012 jobs target and its two parts (1.600 = 1.510 in the country + 90 abroad), the urban
// unemployment ceiling and the poverty fall in percentage points.
std::vector<FormTarget> Form() {
  return {
      {1, "Tạo việc làm", "người", Comparator::kEq, std::nullopt},
      {2, "Tạo việc làm trong nước", "người", Comparator::kEq, 1},
      {3, "Xuất khẩu lao động", "người", Comparator::kEq, 1},
      {4, "Tỷ lệ thất nghiệp thành thị", "%", Comparator::kMax, std::nullopt},
      {5, "Giảm tỷ lệ hộ nghèo", "%", Comparator::kDecreaseBy, std::nullopt},
  };
}

ReportValue V(int64_t target, core::Decimal value, ValueScope scope = ValueScope::kPeriod) {
  return {target, scope, ValueKind::kEstimate, value, ""};
}

std::vector<std::string> Fields(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.field + ":" + p.code);
  return out;
}

// The words of an enum's `count` values (0, 1, 2 …) joined by spaces, each checked to read back
// as its value: what a report, a plan or an account stores is what it reads.
template <typename E>
std::string Words(const char* (*name)(E), std::optional<E> (*parse)(std::string_view), int count) {
  std::string words;
  for (int i = 0; i < count; ++i) {
    E e = static_cast<E>(i);
    EXPECT_EQ(parse(name(e)), std::optional<E>(e)) << name(e);
    words += (i ? " " : "") + std::string(name(e));
  }
  EXPECT_FALSE(parse("").has_value());
  return words;
}

TEST(Names, EveryValueHasItsWordAndReadsBackFromIt) {
  EXPECT_EQ(Words(ReportStatusName, ParseReportStatus, 4), "draft submitted approved returned");
  EXPECT_EQ(Words(ValueKindName, ParseValueKind, 3), "plan estimate actual");
  EXPECT_EQ(Words(ValueScopeName, ParseValueScope, 2), "period cumulative");
  EXPECT_EQ(Words(NarrativeName, ParseNarrative, 5),
            "results shortcomings causes next_steps proposals");
  EXPECT_STREQ(NarrativeTitle(Narrative::kProposals), "Kiến nghị, đề xuất");
  EXPECT_EQ(Words(TaskStatusName, ParseTaskStatus, 5),
            "not_started in_progress done overdue cancelled");
  EXPECT_EQ(Words(TaskStatusLabel, ParseTaskStatusLabel, 5),
            "Chưa bắt đầu Đang thực hiện Hoàn thành Quá hạn Hủy bỏ");
  EXPECT_STREQ(ReportActionName(ReportAction::kReopen), "reopen");
  EXPECT_EQ(Words(ComparatorName, ParseComparator, 5), "eq min max decrease_by increase_by");
  EXPECT_EQ(Words(FrequencyName, ParseFrequency, 5), "once monthly quarterly semiannual annual");
  EXPECT_EQ(Words(OrgKindName, ParseOrgKind, 5), "ministry department province district commune");
  EXPECT_EQ(Words(RoleName, ParseRole, 5), "admin planner editor approver viewer");
  EXPECT_EQ(Words(NameResolutionName, ParseNameResolution, 5),
            "unit group approximate generic unresolved");
}

TEST(ReportValidation, AcceptsConsistentValues) {
  ReportContent c;
  c.values = {V(1, D(1600000)), V(2, D(1510000)), V(3, D(90000)), V(4, D(43, 1)), V(5, D(2))};
  EXPECT_TRUE(ValidateReport(Form(), {}, c, {}).empty());
}

TEST(ReportValidation, PartsAboveTheirWholeNameTheWhole) {
  ReportContent c;
  c.values = {V(1, D(1600000)), V(2, D(1510001)), V(3, D(90000))};
  auto problems = ValidateReport(Form(), {}, c, {});
  ASSERT_EQ(Fields(problems), std::vector<std::string>{"values[1].period:part_exceeds_whole"});
  EXPECT_NE(problems[0].message.find("1.600.000"), std::string::npos) << problems[0].message;
  // Only when both are reported, and per scope.
  c.values = {V(2, D(1510001)), V(3, D(90000)), V(1, D(10), ValueScope::kCumulative)};
  EXPECT_TRUE(ValidateReport(Form(), {}, c, {}).empty());
}

TEST(ReportValidation, RangesByUnitAndComparator) {
  ReportContent c;
  c.values = {V(4, D(1005, 1)), V(1, D(-1)), V(5, D(-5, 1))};
  EXPECT_EQ(
      Fields(ValidateReport(Form(), {}, c, {})),
      (std::vector<std::string>{"values[4].period:out_of_range", "values[1].period:negative"}));
}

TEST(ReportValidation, UnknownAndDuplicateEntries) {
  ReportContent c;
  c.values = {V(99, D(1)), V(2, D(1)), V(2, D(2))};
  c.tasks = {{"II.1#1", TaskStatus::kDone, 90, ""},
             {"II.9#9", TaskStatus::kDone, 100, ""},
             {"II.1#2", TaskStatus::kInProgress, 140, ""}};
  EXPECT_EQ(Fields(ValidateReport(Form(), {"II.1#1", "II.1#2"}, c, {})),
            (std::vector<std::string>{
                "values[99].period:unknown_target", "values[2].period:duplicate_value",
                "tasks[II.1#1].percent:done_not_complete", "tasks[II.9#9]:unknown_task",
                "tasks[II.1#2].percent:out_of_range"}));
}

TEST(ReportValidation, FarFromReferenceIsFlaggedNotRefused) {
  ReportContent c;
  c.values = {V(2, D(400000)), V(3, D(9000))};
  std::vector<ReferenceValue> refs = {{2, ValueScope::kPeriod, D(130000), "báo cáo kỳ trước"},
                                      {3, ValueScope::kPeriod, D(8000), "báo cáo kỳ trước"}};
  auto problems = ValidateReport(Form(), {}, c, refs);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "values[2].period");
  EXPECT_EQ(problems[0].severity, ProblemSeverity::kConfirm);
  EXPECT_FALSE(HasErrors(problems));
  EXPECT_NE(problems[0].message.find("130.000"), std::string::npos);
}

TEST(ReportValidation, OneFormSpecServesEveryReport) {
  // The form's targets out of id order (a whole listed after its parts), indexed once.
  auto targets = Form();
  std::rotate(targets.begin(), targets.begin() + 1, targets.end());
  FormSpec form(targets, {"II.1#2", "II.1#1"});
  EXPECT_EQ(form.Find(1), 4);
  EXPECT_EQ(form.Find(99), -1);
  EXPECT_EQ(form.ParentOf(0), 4);  // target 2 is a part of target 1
  EXPECT_TRUE(form.HasTask("II.1#1"));
  EXPECT_FALSE(form.HasTask("II.1#3"));

  ReportContent c;
  c.values = {V(2, D(1510001)), V(3, D(90000)), V(1, D(1600000))};
  EXPECT_EQ(Fields(ValidateReport(form, c, {})),
            std::vector<std::string>{"values[1].period:part_exceeds_whole"});
  c.values[0].value = D(1510000);
  EXPECT_TRUE(ValidateReport(form, c, {}).empty());

  // A value cleared and sent again in the same write is entered twice.
  c.values = {{2, ValueScope::kPeriod, ValueKind::kActual, std::nullopt, ""}, V(2, D(5))};
  EXPECT_EQ(Fields(ValidateReport(form, c, {})),
            std::vector<std::string>{"values[2].period:duplicate_value"});
  // A reference for a value not entered, or of another scope, flags nothing.
  c.values = {V(3, D(90000))};
  std::vector<ReferenceValue> refs = {{2, ValueScope::kPeriod, D(1), "báo cáo kỳ trước"},
                                      {3, ValueScope::kCumulative, D(1), "báo cáo kỳ trước"},
                                      {3, ValueScope::kPeriod, D(30000), "cùng kỳ năm trước"}};
  auto problems = ValidateReport(form, c, refs);
  ASSERT_EQ(Fields(problems), std::vector<std::string>{"values[3].period:far_from_reference"});
  EXPECT_NE(problems[0].message.find("cùng kỳ năm trước (30.000)"), std::string::npos)
      << problems[0].message;
}

TEST(ReportWorkflow, Transitions) {
  using enum ReportStatus;
  EXPECT_EQ(*Transition(kDraft, ReportAction::kSave), kDraft);
  EXPECT_EQ(*Transition(kDraft, ReportAction::kSubmit), kSubmitted);
  EXPECT_EQ(*Transition(kSubmitted, ReportAction::kReturn), kReturned);
  EXPECT_EQ(*Transition(kReturned, ReportAction::kSave), kReturned);
  EXPECT_EQ(*Transition(kReturned, ReportAction::kSubmit), kSubmitted);
  EXPECT_EQ(*Transition(kSubmitted, ReportAction::kApprove), kApproved);
  EXPECT_EQ(Transition(kApproved, ReportAction::kSave).error().reason, "report_locked");
  EXPECT_EQ(Transition(kSubmitted, ReportAction::kSave).error().reason, "report_submitted");
  EXPECT_EQ(Transition(kDraft, ReportAction::kApprove).error().reason, "report_not_submitted");
  EXPECT_EQ(Transition(kSubmitted, ReportAction::kReopen).error().reason, "report_not_approved");
  EXPECT_EQ(*Transition(kApproved, ReportAction::kReopen), kReturned);
}

TEST(ReportNames, RoundTrip) {
  for (auto s : {TaskStatus::kNotStarted, TaskStatus::kInProgress, TaskStatus::kDone,
                 TaskStatus::kOverdue, TaskStatus::kCancelled}) {
    EXPECT_EQ(ParseTaskStatus(TaskStatusName(s)), s);
    EXPECT_EQ(ParseTaskStatusLabel(TaskStatusLabel(s)), s);
  }
  EXPECT_EQ(ParseValueKind("actual"), ValueKind::kActual);
  EXPECT_EQ(ParseNarrative("next_steps"), Narrative::kNextSteps);
  EXPECT_FALSE(ParseReportStatus("closed"));
}

}  // namespace
}  // namespace wp::domain
