// The briefing pack's pure parts: the area a section belongs to; the month a giao ban's .docx is
// of and the date of its figures.

#include "service/briefing.hpp"
#include "service/consolidation.hpp"

#include <gtest/gtest.h>

namespace wp::service {
namespace {

TEST(Briefing, AreaOfSection) {
  EXPECT_EQ(AreaOfSection("II.2.1"), "II.2");
  EXPECT_EQ(AreaOfSection("II.11.2"), "II.11");
  EXPECT_EQ(AreaOfSection("II.14"), "II.14");
  EXPECT_EQ(AreaOfSection("I.1"), "");
  EXPECT_EQ(AreaOfSection("III.3"), "");
  EXPECT_EQ(AreaOfSection("II"), "");
  EXPECT_EQ(AreaOfSection(""), "");
}

core::CivilDate D(int y, int m, int d) { return core::CivilDate{y, m, d}; }

TEST(Briefing, MonthOfThePack) {
  const auto today = D(2012, 10, 22);
  // No month asked: the dashboard's date (default or asked) decides, the month follows it.
  auto none = ResolveBriefingMonth(std::nullopt, std::nullopt, today);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->month);
  EXPECT_FALSE(none->at);
  // A past month: its last day.
  auto sep = ResolveBriefingMonth(std::string("2012-M09"), std::nullopt, today);
  ASSERT_TRUE(sep);
  EXPECT_EQ(sep->month->Key(), "2012-M09");
  EXPECT_EQ(*sep->at, D(2012, 9, 30));
  // The current month: today.
  auto oct = ResolveBriefingMonth(std::string("2012-M10"), std::nullopt, today);
  ASSERT_TRUE(oct);
  EXPECT_EQ(*oct->at, today);
  // A date asked is kept, after the month too (the giao ban of September held in October).
  auto later = ResolveBriefingMonth(std::string("2012-M09"), D(2012, 10, 5), today);
  ASSERT_TRUE(later);
  EXPECT_EQ(*later->at, D(2012, 10, 5));
  // A month not begun by the figures' date, a quarter, a malformed key: bad_period.
  for (auto [period, at] : {std::pair<const char*, std::optional<core::CivilDate>>{"2012-M11", {}},
                            {"2012-M09", D(2012, 8, 31)},
                            {"2012-Q4", {}},
                            {"2012-M13", {}},
                            {"2012-m12", {}}}) {
    auto r = ResolveBriefingMonth(std::string(period), at, today);
    ASSERT_FALSE(r) << period;
    EXPECT_EQ(r.error().reason, "bad_period") << period;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << period;
  }
}

}  // namespace
}  // namespace wp::service
