#include "ingest/binder.hpp"

#include <gtest/gtest.h>

#include "doc/parser.hpp"
#include "ingest/units.hpp"
#include "ingest/words.hpp"

namespace wp::ingest {
namespace {

using Units = std::vector<std::string>;

const UnitReader& Reader() {
  static const UnitReader reader(domain::MolisaUnitNames());
  return reader;
}

TEST(UnitReader, KeepsCommasInsideNamesAndSplitsBetweenUnits) {
  EXPECT_EQ(
      Reader().SplitList(
          "Cục Bảo vệ, chăm sóc trẻ em, Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố"),
      (Units{"Cục Bảo vệ, chăm sóc trẻ em",
             "Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố"}));
  EXPECT_EQ(Reader().SplitList("Quỹ Bảo trợ trẻ em Việt Nam; Cục Phòng, chống tệ nạn xã hội"),
            (Units{"Quỹ Bảo trợ trẻ em Việt Nam", "Cục Phòng, chống tệ nạn xã hội"}));
  EXPECT_EQ(Reader().SplitList("Bộ Công Thương và Bộ Nông nghiệp và Phát triển nông thôn"),
            (Units{"Bộ Công Thương", "Bộ Nông nghiệp và Phát triển nông thôn"}));
}

TEST(Responsibility, ReadsLeadsCoordinatorsAndTitles) {
  auto r = ReadResponsibility(
      "Cục Việc làm, Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố chủ trì phối hợp với "
      "các cơ quan, "
      "đơn vị ở trung ương và địa phương:",
      Reader(), ActorPosition::kStartOnly);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->explicit_lead);
  EXPECT_EQ(r->leads,
            (Units{"Cục Việc làm", "Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố"}));
  EXPECT_EQ(r->coordinators, (Units{"các cơ quan, đơn vị ở trung ương và địa phương"}));

  auto titled = ReadResponsibility(
      "Chánh Văn phòng Bộ chủ trì phối hợp với Vụ trưởng Vụ Kế hoạch – Tài chính theo dõi, đôn đốc "
      "việc thực hiện",
      Reader(), ActorPosition::kStartOnly);
  ASSERT_TRUE(titled);
  EXPECT_EQ(titled->leads, (Units{"Văn phòng Bộ"}));
  EXPECT_EQ(titled->coordinators, (Units{"Vụ Kế hoạch – Tài chính"}));

  auto qualified = ReadResponsibility(
      "Các đơn vị thuộc và trực thuộc Bộ theo chức năng, nhiệm vụ được giao, Sở Lao động – Thương "
      "binh và Xã hội "
      "các tỉnh, thành phố phối hợp với các cơ quan, đơn vị liên quan ở trung ương và địa phương:",
      Reader(), ActorPosition::kStartOnly);
  ASSERT_TRUE(qualified);
  EXPECT_FALSE(qualified->explicit_lead);
  EXPECT_EQ(qualified->leads.size(), 2u);
}

TEST(Responsibility, ReportsAChuTriWithoutAReadableLead) {
  auto r = ReadResponsibility(
      "Tập trung chỉ đạo; phân công một đồng chí Lãnh đạo chủ trì, chỉ đạo trực tiếp.", Reader(),
      ActorPosition::kStartOnly);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->unreadable);
  EXPECT_TRUE(r->leads.empty());
  EXPECT_FALSE(ReadResponsibility("Tăng cường công tác tuyên truyền, giáo dục pháp luật.", Reader(),
                                  ActorPosition::kStartOnly));
}

TEST(Words, SplitsSentencesButNotNumbers) {
  auto s = Sentences("Tạo việc làm 1.600 ngàn người. Tỷ lệ thất nghiệp 4,3% (v.v. Xem). Hết");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "Tạo việc làm 1.600 ngàn người.");
  EXPECT_EQ(Clauses("a; b (c; d); e").size(), 3u);
  EXPECT_NE(FindPhrase("Phối hợp với Vụ", "phoi hop voi"), std::string_view::npos);
}

domain::PlanDraft BindText(const char* text) {
  auto d = doc::Parse(text);
  EXPECT_TRUE(d) << d.error().message;
  return Bind(*d);
}

TEST(Bind, TasksInheritTheirItemsLeadsAndKeepTheirOwn) {
  auto plan = BindText(
      "II. GIẢI PHÁP\n1. Việc làm\n1.1. Cục Việc làm chủ trì phối hợp với các đơn vị liên quan:\n"
      "- Tổng hợp báo cáo.\n- Vụ Pháp chế chủ trì rà soát văn bản.\n");
  ASSERT_EQ(plan.sections.size(), 3u);
  const auto& s = plan.sections[2];
  EXPECT_EQ(s.number, "II.1.1");
  ASSERT_EQ(s.tasks.size(), 2u);
  EXPECT_EQ(s.tasks[0].lead_units, (Units{"Cục Việc làm"}));
  EXPECT_TRUE(s.tasks[0].leads_inherited);
  EXPECT_EQ(s.tasks[1].lead_units, (Units{"Vụ Pháp chế"}));
  EXPECT_FALSE(s.tasks[1].leads_inherited);
}

TEST(Bind, DeadlinesUseTheProgramYearWhenTheDateHasNone) {
  auto plan = BindText(
      "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2016\nI. NHIỆM VỤ\n1. Gửi báo cáo về Bộ trước ngày 15/3.\n");
  ASSERT_EQ(plan.deadlines.size(), 1u);
  ASSERT_TRUE(plan.deadlines[0].due);
  EXPECT_EQ(plan.deadlines[0].due->ToIso(), "2016-03-15");
  ASSERT_EQ(plan.reporting.size(), 1u);
  EXPECT_EQ(plan.reporting[0].frequency, domain::Frequency::kOnce);
}

TEST(Bind, EveryItemPointsBackAtItsClause) {
  const char* text = "I. CHỈ TIÊU\n1. Tạo việc làm 1.600 ngàn người; giảm tỷ lệ hộ nghèo 2%.\n";
  auto plan = BindText(text);
  ASSERT_EQ(plan.targets.size(), 2u);
  std::string_view t(text);
  EXPECT_EQ(t.substr(plan.targets[0].span.offset, plan.targets[0].span.length), "1.600 ngàn người");
  EXPECT_EQ(t.substr(plan.targets[1].span.offset, plan.targets[1].span.length), "2%");
  EXPECT_EQ(plan.targets[1].comparator, domain::Comparator::kDecreaseBy);
  EXPECT_EQ(plan.targets[0].span.line, 2u);
}

}  // namespace
}  // namespace wp::ingest
