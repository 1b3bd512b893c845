#include "analytics/measures.hpp"

#include <gtest/gtest.h>

#include "analytics/engine.hpp"

namespace wp::analytics {
namespace {

using domain::Comparator;

TEST(Achievement, FollowsTheComparator) {
  // "tạo việc làm cho 1.600 ngàn người": 1 625 is 101.6 %.
  EXPECT_NEAR(*Achievement(Comparator::kMin, 1625, 1600, std::nullopt), 1.015625, 1e-12);
  EXPECT_NEAR(*Achievement(Comparator::kEq, 800, 1600, std::nullopt), 0.5, 1e-12);
  // "dưới 4,3%": lower is better; exactly at the ceiling is 100 %.
  EXPECT_NEAR(*Achievement(Comparator::kMax, 4.3, 4.3, std::nullopt), 1.0, 1e-12);
  EXPECT_GT(*Achievement(Comparator::kMax, 4.0, 4.3, std::nullopt), 1.0);
  EXPECT_LT(*Achievement(Comparator::kMax, 4.6, 4.3, std::nullopt), 1.0);
  EXPECT_NEAR(*Achievement(Comparator::kMax, 0, 4.3, std::nullopt), 2.0, 1e-12);
  // "giảm tỷ lệ hộ nghèo 2%": points from the baseline.
  EXPECT_NEAR(*Achievement(Comparator::kDecreaseBy, 12.2, 2, 14.2), 1.0, 1e-12);
  EXPECT_NEAR(*Achievement(Comparator::kDecreaseBy, 13.2, 2, 14.2), 0.5, 1e-12);
  EXPECT_LT(*Achievement(Comparator::kDecreaseBy, 15, 2, 14.2), 0);  // it rose
  EXPECT_NEAR(*Achievement(Comparator::kIncreaseBy, 63, 5, 60), 0.6, 1e-12);
  EXPECT_FALSE(Achievement(Comparator::kDecreaseBy, 12, 2, std::nullopt));
  EXPECT_FALSE(Achievement(Comparator::kMin, 5, 0, std::nullopt));
}

TEST(Status, NamesAndRuleAreStated) {
  EXPECT_STREQ(StatusName(Status::kOnTrack), "on_track");
  EXPECT_STREQ(StatusName(Status::kAtRisk), "at_risk");
  EXPECT_STREQ(StatusName(Status::kNoTarget), "no_target");
  EXPECT_STREQ(StatusLabel(Status::kOnTrack), "Đúng tiến độ");
  EXPECT_STREQ(StatusLabel(Status::kOffTrack), "Chậm tiến độ");
  EXPECT_STREQ(StatusLabel(Status::kNoTarget), "Chưa có chỉ tiêu");
  EXPECT_STREQ(AggregationName(Aggregation::kRatio), "ratio");
  EXPECT_EQ(ParseAggregation("max"), Aggregation::kMax);
  EXPECT_EQ(ParseRead("best"), Read::kBest);
  EXPECT_FALSE(ParseRead("actuals").has_value());
  EXPECT_NE(std::string(kStatusRule).find("90%"), std::string::npos);
  EXPECT_STREQ(ProjectionMethodName(ProjectionMethod::kSeasonal), "seasonal");
}

// A unit whose December is missing is measured through November when asked: its eleven months
// projected to the year (on track), not eleven months taken for twelve (at risk); without
// through_month the answer stays what it was.
TEST(Evaluate, ThroughMonthProjectsFromTheMonthsReported) {
  domain::OrgUnit m;
  m.id = 1;
  m.code = m.name = "M";
  m.kind = domain::OrgKind::kMinistry;
  Indicator jobs;
  jobs.id = 1;
  jobs.code = "viec_lam";
  jobs.target = 1200;
  auto engine = Engine::Create(domain::OrgRegistry({m}), {jobs});
  ASSERT_TRUE(engine) << engine.error().message;
  for (int month = 1; month <= 11; ++month) {
    ASSERT_TRUE(engine->Upsert({1, 1, 2012, month, domain::ValueKind::kEstimate, 100.0}));
  }
  MeasureQuery q{1, std::nullopt, core::CivilDate{2012, 12, 31}, 2012, Read::kBest};
  auto as_twelve = Evaluate(*engine, q);
  ASSERT_TRUE(as_twelve);
  EXPECT_EQ(as_twelve->months_elapsed, 12);
  EXPECT_DOUBLE_EQ(*as_twelve->projection, 1100);
  EXPECT_EQ(as_twelve->status, Status::kAtRisk);
  q.through_month = 11;
  auto through = Evaluate(*engine, q);
  ASSERT_TRUE(through);
  EXPECT_EQ(through->months_elapsed, 11);
  EXPECT_DOUBLE_EQ(*through->current, 1100);
  EXPECT_DOUBLE_EQ(*through->projection, 1200);
  EXPECT_EQ(through->status, Status::kOnTrack);
}

}  // namespace
}  // namespace wp::analytics
