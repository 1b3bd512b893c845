#include "domain/responsibility.hpp"

#include <gtest/gtest.h>

#include "domain/test_data.hpp"

namespace wp::domain {
namespace {

using testing::Registry;

Reporter Group(int64_t target, ReporterGroup g, core::CivilDate from,
               std::optional<core::CivilDate> to = std::nullopt) {
  Reporter r;
  r.target_id = target;
  r.group = g;
  r.valid_from = from;
  r.valid_to = to;
  return r;
}

// "Sở … các tỉnh, thành phố" reports as the provinces of each period's date: Hà Tây in July
// 2008, not in August; 63 provinces in 2012, 34 in 2026.
TEST(Responsibility, ProvinceGroupFollowsTheOrganisationOfTheDate) {
  std::vector<Reporter> rs{Group(7, ReporterGroup::kProvinces, {2008, 1, 1})};
  const OrgUnit* ha_tay = Registry().FindByCode("28", {2008, 1, 25});
  ASSERT_NE(ha_tay, nullptr);
  EXPECT_TRUE(ReportsAt(rs, 7, ha_tay->id, {2008, 7, 31}, Registry()));
  EXPECT_FALSE(ReportsAt(rs, 7, ha_tay->id, {2008, 8, 1}, Registry()));
  EXPECT_FALSE(ReportsAt(rs, 8, ha_tay->id, {2008, 7, 31}, Registry()));  // another target
  EXPECT_EQ(ReportersAt(rs, 7, {2008, 7, 31}, Registry()).size(), 64u);
  EXPECT_EQ(ReportersAt(rs, 7, {2012, 12, 31}, Registry()).size(), 63u);
  EXPECT_EQ(ReportersAt(rs, 7, {2026, 1, 1}, Registry()).size(), 34u);
  const OrgUnit* vl = Registry().FindByCode("VL", {2012, 2, 27});
  ASSERT_NE(vl, nullptr);
  EXPECT_FALSE(ReportsAt(rs, 7, vl->id, {2012, 3, 1}, Registry()));  // a department
}

// A change made effective from 1/7 leaves the first half as it was.
TEST(Responsibility, ValidityIntervalsAndTheConsolidator) {
  const OrgUnit* vl = Registry().FindByCode("VL", {2012, 2, 27});
  const OrgUnit* hanoi = Registry().FindByCode("01", {2012, 2, 27});
  ASSERT_TRUE(vl && hanoi);
  std::vector<Reporter> rs{Group(1, ReporterGroup::kProvinces, {2012, 1, 1}, {{2012, 6, 30}})};
  Reporter one;
  one.target_id = 1;
  one.unit = vl->id;
  one.valid_from = {2012, 7, 1};
  rs.push_back(one);
  Reporter cons = one;
  cons.role = ReporterRole::kConsolidates;
  cons.valid_from = {2012, 1, 1};
  rs.push_back(cons);
  EXPECT_TRUE(ReportsAt(rs, 1, hanoi->id, {2012, 6, 30}, Registry()));
  EXPECT_FALSE(ReportsAt(rs, 1, hanoi->id, {2012, 7, 1}, Registry()));
  EXPECT_FALSE(ReportsAt(rs, 1, vl->id, {2012, 6, 30}, Registry()));  // consolidating ≠ reporting
  EXPECT_EQ(ReportersAt(rs, 1, {2012, 7, 31}, Registry()), std::vector<OrgUnitId>{vl->id});
  EXPECT_EQ(ConsolidatorAt(rs, 1, {2012, 3, 1}), vl->id);
  EXPECT_FALSE(ConsolidatorAt(rs, 2, {2012, 3, 1}).has_value());
  // A unit named and also in its group is expected once.
  Reporter named;
  named.target_id = 1;
  named.unit = hanoi->id;
  named.valid_from = {2012, 1, 1};
  rs.push_back(named);
  EXPECT_EQ(ReportersAt(rs, 1, {2012, 6, 30}, Registry()).size(), 63u);
}

TEST(Responsibility, NamesRoundTrip) {
  EXPECT_STREQ(ReporterRoleName(ReporterRole::kConsolidates), "consolidates");
  EXPECT_EQ(ParseReporterSource("planner"), ReporterSource::kPlanner);
  EXPECT_EQ(ParseReporterGroup("province"), ReporterGroup::kProvinces);
  EXPECT_EQ(ParseMentionKind("growth"), MentionKind::kGrowth);
  EXPECT_FALSE(ParseTargetRole("headline").has_value());
}

}  // namespace
}  // namespace wp::domain
