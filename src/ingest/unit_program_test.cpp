#include "ingest/unit_program.hpp"

#include <gtest/gtest.h>

#include <string>

#include "doc/parser.hpp"

namespace wp::ingest {
namespace {

std::string Due(std::string_view written, int year = 2012) {
  TimeSpan t = ReadTaskTime(written, year);
  return t.due ? t.due->ToIso() : "-";
}

std::string Start(std::string_view written, int year = 2012) {
  TimeSpan t = ReadTaskTime(written, year);
  return t.start ? t.start->ToIso() : "-";
}

TEST(ReadTaskTime, ReadsWhatUnitsWrite) {
  EXPECT_EQ(Due("Quý II/2012"), "2012-06-30");
  EXPECT_EQ(Due("Quý I, II và III"), "2012-09-30");
  EXPECT_EQ(Due("quý 4"), "2012-12-31");
  EXPECT_EQ(Due("Tháng 6/2012"), "2012-06-30");
  EXPECT_EQ(Due("tháng 2"), "2012-02-29");
  EXPECT_EQ(Due("Trước ngày 15/3"), "2012-03-15");
  EXPECT_EQ(Due("30/11/2012"), "2012-11-30");
  EXPECT_EQ(Due("ngày 20 tháng 10 năm 2012"), "2012-10-20");
  EXPECT_EQ(Due("6 tháng đầu năm"), "2012-06-30");
  EXPECT_EQ(Due("6 tháng cuối năm"), "2012-12-31");
  EXPECT_EQ(Start("6 tháng cuối năm"), "2012-07-01");
  EXPECT_EQ(Due("Thường xuyên"), "2012-12-31");
  EXPECT_EQ(Due("Cả năm"), "2012-12-31");
  EXPECT_EQ(Due("Hằng tháng"), "2012-12-31");
  EXPECT_EQ(Due("Từ tháng 4 đến tháng 9/2012"), "2012-09-30");
  EXPECT_EQ(Start("Từ tháng 4 đến tháng 9/2012"), "2012-04-01");
  EXPECT_EQ(Start("Từ quý II đến quý III"), "2012-04-01");
  EXPECT_EQ(Start("từ 15/3 đến 30/6"), "2012-03-15");
  EXPECT_EQ(Due("từ 15/3 đến 30/6"), "2012-06-30");
  EXPECT_EQ(Due("Quý I/2013"), "2013-03-31");
  EXPECT_EQ(Due("6 tháng đầu năm và cả năm"), "2012-12-31");
  EXPECT_EQ(Due("Quý I năm 2012"), "2012-03-31");
}

TEST(ReadTaskTime, LeavesWhatItCannotReadUnread) {
  EXPECT_EQ(Due("Khi có chỉ đạo của Bộ"), "-");
  EXPECT_EQ(Due("tháng 13"), "-");
  EXPECT_EQ(Due("31/2"), "-");
  EXPECT_EQ(Due(""), "-");
  EXPECT_EQ(Due("Quý II", 0), "-");  // no year known
}

UnitProgramImport Bind(std::string_view text, UnitItems items) {
  auto d = doc::Parse(text);
  EXPECT_TRUE(d) << (d ? "" : d.error().message);
  return BindUnitProgram(*d, items);
}

TEST(BindUnitProgram, FieldsInsideTheLineAreCutFromTheTask) {
  auto r = Bind(
      "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2012\n"
      "II. NHIỆM VỤ\n"
      "1. Việc làm\n"
      "- Tổ chức sàn giao dịch việc làm (Chủ trì: Phòng Việc làm; Thời gian: Quý II; Sản "
      "phẩm: 6 phiên).\n",
      {2012, {{"II.2.1#2", "nâng cao năng lực hoạt động sàn giao dịch việc làm"}}});
  ASSERT_EQ(r.tasks.size(), 1u);
  EXPECT_EQ(r.tasks[0].text, "Tổ chức sàn giao dịch việc làm");
  EXPECT_EQ(r.tasks[0].responsible, "Phòng Việc làm");
  EXPECT_EQ(r.tasks[0].output, "6 phiên");
  ASSERT_TRUE(r.tasks[0].due);
  EXPECT_EQ(r.tasks[0].due->ToIso(), "2012-06-30");
  EXPECT_EQ(r.tasks[0].serves, "II.2.1#2");
  EXPECT_EQ(r.tasks[0].rule, ServesRule::kWords);
  EXPECT_EQ(r.matched, 1);
}

TEST(BindUnitProgram, AProseOnlyTextProposesNothingAndSaysWhy) {
  auto r = Bind("CHƯƠNG TRÌNH CÔNG TÁC NĂM 2012\nSở sẽ cố gắng hoàn thành mọi việc.\n", {2012, {}});
  EXPECT_TRUE(r.tasks.empty());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.back().code, "no_unit_tasks");
}

TEST(BindUnitProgram, KeepsAtMostTheBoundOfTasks) {
  std::string text = "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2012\nII. NHIỆM VỤ\n1. Việc làm\n";
  for (int i = 0; i < 520; ++i) text += "- Nhiệm vụ số " + std::to_string(i) + " của Sở.\n";
  auto r = Bind(text, {2012, {}});
  EXPECT_EQ(r.tasks.size(), kMaxImportedTasks);
  bool said = false;
  for (const auto& d : r.diagnostics) said |= d.code == "too_many_tasks";
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace wp::ingest
