#include "domain/unit_program.hpp"

#include <gtest/gtest.h>

#include "domain/calendar.hpp"

namespace wp::domain {
namespace {

using core::CivilDate;

TEST(UnitProgram, NamesReadBack) {
  for (auto s : {UnitProgramStatus::kDraft, UnitProgramStatus::kSubmitted,
                 UnitProgramStatus::kReturned, UnitProgramStatus::kAccepted}) {
    EXPECT_EQ(ParseUnitProgramStatus(UnitProgramStatusName(s)), s);
  }
  EXPECT_EQ(ParseUnitProgramAction("reopen"), UnitProgramAction::kReopen);
  EXPECT_FALSE(ParseUnitProgramStatus("approved").has_value());
}

TEST(UnitProgram, SubmittedReturnedOrAcceptedThenReopened) {
  using S = UnitProgramStatus;
  using A = UnitProgramAction;
  EXPECT_EQ(Transition(S::kDraft, A::kSave).value(), S::kDraft);
  EXPECT_EQ(Transition(S::kDraft, A::kSubmit).value(), S::kSubmitted);
  EXPECT_EQ(Transition(S::kSubmitted, A::kSave).error().reason, "unit_program_submitted");
  EXPECT_EQ(Transition(S::kSubmitted, A::kReturn).value(), S::kReturned);
  EXPECT_EQ(Transition(S::kReturned, A::kSave).value(), S::kReturned);
  EXPECT_EQ(Transition(S::kReturned, A::kSubmit).value(), S::kSubmitted);
  EXPECT_EQ(Transition(S::kSubmitted, A::kAccept).value(), S::kAccepted);
  EXPECT_EQ(Transition(S::kAccepted, A::kSave).error().reason, "unit_program_accepted");
  EXPECT_EQ(Transition(S::kAccepted, A::kReturn).error().reason, "unit_program_not_submitted");
  EXPECT_EQ(Transition(S::kDraft, A::kAccept).error().reason, "unit_program_not_submitted");
  EXPECT_EQ(Transition(S::kDraft, A::kReopen).error().reason, "unit_program_not_accepted");
  EXPECT_EQ(Transition(S::kAccepted, A::kReopen).value(), S::kDraft);
}

UnitItems HanoiItems() {
  UnitItems items;
  items.sections = {"II.2.1", "II.2.3", "II.4.3"};
  items.tasks = {"II.2.1#1", "II.2.1#3"};
  items.targets = {17};
  items.accounts = {7};
  return items;
}

UnitTask Task(std::string serves, std::string text) {
  UnitTask t;
  t.serves = std::move(serves);
  t.text = std::move(text);
  return t;
}

TEST(UnitProgram, EachTaskServesAnItemOfTheUnit) {
  UnitProgramContent c;
  c.tasks.push_back(Task("II.2.1#3", "Tổ chức 12 phiên giao dịch việc làm"));
  c.tasks.push_back(Task("II.2.3", "Kiểm tra các cơ sở dạy nghề"));
  c.tasks.push_back(Task("target:17", "Tạo việc làm cho 140 nghìn lao động"));
  c.tasks.push_back(Task("II.1.1", "Sửa đổi Luật"));
  c.tasks.push_back(Task("target:18", "Chỉ tiêu không được giao"));
  c.tasks.push_back(Task("", "Chưa gắn"));
  auto problems = CheckUnitProgram(HanoiItems(), c, 2012);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "tasks[3].serves");
  EXPECT_EQ(problems[0].code, "not_your_item");
  EXPECT_NE(problems[0].message.find("II.1.1"), std::string::npos);
  EXPECT_EQ(problems[1].field, "tasks[4].serves");
  EXPECT_EQ(problems[2].field, "tasks[5].serves");
}

TEST(UnitProgram, DatesWithinTheYearAndInOrder) {
  UnitProgramContent c;
  auto t = Task("II.2.1", "Xây dựng kế hoạch");
  t.start = CivilDate{2012, 4, 1};
  t.due = CivilDate{2012, 3, 31};
  c.tasks.push_back(t);
  t.start = CivilDate{2011, 12, 1};
  t.due = CivilDate{2013, 1, 15};
  c.tasks.push_back(t);
  t.start = CivilDate{2012, 3, 1};
  t.due = CivilDate{2012, 3, 1};
  c.tasks.push_back(t);
  auto problems = CheckUnitProgram(HanoiItems(), c, 2012);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "tasks[0].due");
  EXPECT_EQ(problems[0].code, "start_after_due");
  EXPECT_EQ(problems[1].field, "tasks[1].start");
  EXPECT_EQ(problems[1].code, "outside_year");
  EXPECT_EQ(problems[2].field, "tasks[1].due");
}

TEST(UnitProgram, TextsAccountsAndSize) {
  UnitProgramContent c;
  auto t = Task("II.2.1", "  ");
  t.responsible_user = 8;
  t.output = std::string("Tr\x01nh");
  c.tasks.push_back(t);
  UnitTarget own;
  own.serves = "II.9";
  c.targets.push_back(own);
  auto problems = CheckUnitProgram(HanoiItems(), c, 2012);
  std::vector<std::string> fields;
  for (const auto& p : problems) fields.push_back(p.field + ":" + p.code);
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "tasks[0].text:required", "tasks[0].output:control_character",
                        "tasks[0].responsible_user_id:not_your_account",
                        "targets[0].serves:not_your_item", "targets[0].name:required"}));

  UnitProgramContent many;
  many.tasks.assign(kMaxUnitTasks + 1, Task("II.2.1", "Việc"));
  problems = CheckUnitProgram(HanoiItems(), many, 2012);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "too_many");
  many.tasks.pop_back();
  EXPECT_TRUE(CheckUnitProgram(HanoiItems(), many, 2012).empty());
}

// A target the unit adds is reported under an id of its own: negative (never a program
// target's), the same whatever its place or value, another for another name or unit.
TEST(UnitProgram, OwnTargetsKeepTheirFormIdByNameAndUnit) {
  UnitTarget fairs{
      std::nullopt,     "",      "Số phiên giao dịch việc làm", "phiên", core::Decimal{24, 0},
      Comparator::kMin, "II.2.1"};
  const int64_t id = UnitTargetFormId(fairs);
  EXPECT_LT(id, 0);
  EXPECT_GT(id, -1'000'000'000);
  UnitTarget moved = fairs;
  moved.value = core::Decimal{30, 0};
  moved.serves = "II.2.3";
  moved.name = "  Số phiên  giao dịch việc làm";
  EXPECT_EQ(UnitTargetFormId(moved), id) << "value, item and spacing do not change it";
  UnitTarget other = fairs;
  other.uom = "lượt";
  EXPECT_NE(UnitTargetFormId(other), id);
  other = fairs;
  other.name = "Số người được tư vấn việc làm";
  EXPECT_NE(UnitTargetFormId(other), id);

  UnitProgramContent c;
  c.targets = {fairs, other, moved};
  auto problems = CheckUnitProgram(HanoiItems(), c, 2012);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "targets[2].name");
  EXPECT_EQ(problems[0].code, "duplicate");
}

TEST(UnitProgram, UnitTaskIdsAreNeverTaskIds) {
  EXPECT_EQ(UnitTaskId(57), "u:57");
  EXPECT_TRUE(IsUnitTaskId("u:57"));
  EXPECT_FALSE(IsUnitTaskId("II.2.1#3"));
  EXPECT_EQ(ParseUnitTaskId("u:57"), 57);
  for (auto bad : {"u:", "u:0", "u:05", "u:5x", "u:-3", "II.2.1#3", "u:99999999999999999999"}) {
    EXPECT_FALSE(ParseUnitTaskId(bad).has_value()) << bad;
  }
}

TEST(UnitProgram, The2012UnitProgramRuleIsNotAReport) {
  ReportingRule r1;
  r1.report = "chương trình công tác cụ thể của đơn vị, địa phương";
  r1.frequency = Frequency::kOnce;
  r1.due = CivilDate{2012, 3, 15};
  EXPECT_EQ(KindOf(r1), ObligationKind::kUnitProgram);
  r1.report = "Chương trình công tác năm của đơn vị";
  EXPECT_EQ(KindOf(r1), ObligationKind::kUnitProgram);
  ReportingRule monthly = r1;
  monthly.frequency = Frequency::kMonthly;
  monthly.report = "tình hình thực hiện chương trình công tác";
  EXPECT_EQ(KindOf(monthly), ObligationKind::kReport);
  ReportingRule once = r1;
  once.report = "báo cáo sơ kết 6 tháng";
  EXPECT_EQ(KindOf(once), ObligationKind::kReport);
}

}  // namespace
}  // namespace wp::domain
