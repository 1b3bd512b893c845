// The reconciliation's matching rule (issue 18): targets by indicator code, then by folded name
// and unit; carried tasks by the share of words in common (≥ 0,6), in their section first, then
// anywhere; what is left is new (the decision's) or carried_only (last year's).

#include "service/next_year.hpp"

#include <gtest/gtest.h>

#include "store/store.hpp"

namespace wp::service {
namespace {

domain::Target Target(std::string section, std::string name, int64_t value, std::string unit,
                      std::string code = "") {
  domain::Target t;
  t.section = std::move(section);
  t.indicator = std::move(name);
  t.value = core::Decimal{value, 0};
  t.unit = std::move(unit);
  t.indicator_code = std::move(code);
  return t;
}

domain::Section Section(std::string number, std::vector<std::string> tasks) {
  domain::Section s;
  s.number = std::move(number);
  for (auto& text : tasks) {
    domain::Task t;
    t.text = std::move(text);
    s.tasks.push_back(std::move(t));
  }
  return s;
}

const ReconcileItem* Find(const std::vector<ReconcileItem>& items, const std::string& key) {
  for (const auto& i : items) {
    if (i.key == key) return &i;
  }
  return nullptr;
}

TEST(WordJaccard, SharesOfFoldedWords) {
  EXPECT_DOUBLE_EQ(WordJaccard("Tạo việc làm", "tao viec lam"), 1.0);
  EXPECT_DOUBLE_EQ(WordJaccard("tạo việc làm", "giải quyết việc làm"), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(WordJaccard("", ""), 0.0);
}

TEST(ProposeReconcile, TargetsByCodeThenByNameAndUnit) {
  domain::PlanDraft draft, decided;
  decided.document.year = 2013;
  draft.targets = {Target("I.1", "Tạo việc làm", 1600000, "người", "viec_lam"),
                   Target("I.2", "Tuyển mới dạy nghề", 1900000, "người"),
                   Target("I.8", "Cai nghiện", 68000, "lượt người", "cai_nghien")};
  decided.targets = {Target("I.1", "Giải quyết việc làm", 1550000, "người", "viec_lam"),
                     Target("I.2", "tuyển mới dạy nghề", 1750000, "người"),
                     Target("I.3", "Bảo hiểm thất nghiệp", 20, "%")};
  std::vector<store::NextYearItem> items = {{"target", "viec_lam", "2:target:1", "1600000", ""},
                                            {"target", "ord:1", "2:target:2", "1900000", ""},
                                            {"target", "cai_nghien", "2:target:3", "68000", ""}};
  auto out = ProposeReconcile(draft, items, decided);
  const auto* jobs = Find(out, "target:viec_lam");
  ASSERT_NE(jobs, nullptr);
  EXPECT_EQ(jobs->match, "matched");
  EXPECT_EQ(jobs->carried, "1.600.000 người");
  EXPECT_EQ(jobs->decided_2013, "1.550.000 người");
  EXPECT_EQ(jobs->carried_from, "2:target:1");
  EXPECT_EQ(jobs->decided_ord, 0);
  const auto* training = Find(out, "target:ord:1");
  ASSERT_NE(training, nullptr);
  EXPECT_EQ(training->match, "matched") << "same folded name and unit";
  EXPECT_EQ(training->decided_ord, 1);
  const auto* fresh = Find(out, "target:new:2");
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->match, "new");
  EXPECT_EQ(fresh->takes, (std::vector<std::string>{"2013", "drop"}));
  const auto* gone = Find(out, "target:cai_nghien");
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->match, "carried_only");
  EXPECT_EQ(gone->proposal, "carried");
  EXPECT_EQ(gone->takes, (std::vector<std::string>{"carried", "drop"}));
}

TEST(ProposeReconcile, TasksByWordsInTheirSectionThenAnywhere) {
  domain::PlanDraft draft, decided;
  draft.sections = {
      Section("II.2.1", {"Quản lý, hướng dẫn, theo dõi và tổng hợp đánh giá thực hiện chỉ tiêu "
                         "tạo việc làm 1.600 ngàn người",
                         "Theo dõi tình hình lao động người nước ngoài làm việc tại Việt Nam"}),
      Section("II.2.2", {"Tổng hợp hoàn thiện văn kiện Chương trình mục tiêu quốc gia"})};
  decided.sections = {
      Section("II.2.1", {"Quản lý, hướng dẫn, theo dõi, tổng hợp và đánh giá thực hiện chỉ tiêu "
                         "giải quyết việc làm 1.550 ngàn người",
                         "Xây dựng Cổng thông tin việc làm quốc gia"}),
      Section("II.3.1", {"Theo dõi tình hình lao động người nước ngoài làm việc tại Việt Nam"})};
  auto out = ProposeReconcile(draft, {}, decided);
  const auto* first = Find(out, "task:II.2.1#1");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->match, "matched");
  EXPECT_EQ(first->decided_task, "II.2.1#1");
  EXPECT_NE(first->why.find("cùng mục II.2.1"), std::string::npos) << first->why;
  const auto* moved = Find(out, "task:II.2.1#2");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->match, "matched") << "found in another section";
  EXPECT_EQ(moved->decided_task, "II.3.1#1");
  EXPECT_NE(moved->why.find("mục khác"), std::string::npos) << moved->why;
  const auto* absent = Find(out, "task:II.2.2#1");
  ASSERT_NE(absent, nullptr);
  EXPECT_EQ(absent->match, "carried_only");
  const auto* portal = Find(out, "task:new:II.2.1#2");
  ASSERT_NE(portal, nullptr);
  EXPECT_EQ(portal->match, "new");
  EXPECT_EQ(out.size(), 4u);
}

TEST(ProposeReconcile, AWordShareBelowTheThresholdIsNoMatch) {
  domain::PlanDraft draft, decided;
  draft.sections = {Section("II.1", {"Xây dựng Luật Việc làm trình Quốc hội"})};
  decided.sections = {Section("II.1", {"Tổ chức thi hành Luật Việc làm tại các địa phương"})};
  auto out = ProposeReconcile(draft, {}, decided);
  ASSERT_NE(Find(out, "task:II.1#1"), nullptr);
  EXPECT_EQ(Find(out, "task:II.1#1")->match, "carried_only");
  ASSERT_NE(Find(out, "task:new:II.1#1"), nullptr);
}

}  // namespace
}  // namespace wp::service
