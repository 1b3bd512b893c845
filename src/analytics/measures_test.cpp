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

}  // namespace
}  // namespace wp::analytics
