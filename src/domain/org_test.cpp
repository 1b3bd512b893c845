#include "domain/org.hpp"

#include <gtest/gtest.h>

#include "domain/org_catalog.hpp"
#include "domain/test_data.hpp"

namespace wp::domain {
namespace {

using testing::Data;
using testing::Registry;

TEST(OrgRegistry, ProvincesAsTheyWereOnEachDate) {
  EXPECT_EQ(Registry().UnitsAt({2008, 1, 25}, OrgKind::kProvince).size(), 64u);
  EXPECT_EQ(Registry().UnitsAt({2008, 7, 31}, OrgKind::kProvince).size(), 64u);
  EXPECT_EQ(Registry().UnitsAt({2008, 8, 1}, OrgKind::kProvince).size(), 63u);
  EXPECT_EQ(Registry().UnitsAt({2012, 6, 30}, OrgKind::kProvince).size(), 63u);
  EXPECT_EQ(Registry().UnitsAt({2025, 6, 30}, OrgKind::kProvince).size(), 63u);
  EXPECT_EQ(Registry().UnitsAt({2025, 7, 1}, OrgKind::kProvince).size(), 34u);
}

TEST(OrgRegistry, FollowsMergesForward) {
  const OrgUnit* ha_tay = Registry().FindByCode("28", {2008, 1, 25});
  ASSERT_NE(ha_tay, nullptr);
  EXPECT_EQ(ha_tay->name, "Hà Tây");
  EXPECT_EQ(Registry().FindByCode("28", {2008, 8, 1}), nullptr);
  auto in_2012 = Registry().BecameBy(ha_tay->id, {2012, 1, 1});
  ASSERT_EQ(in_2012.size(), 1u);
  EXPECT_EQ(Registry().Find(in_2012[0])->name, "Hà Nội");
  auto in_2026 = Registry().BecameBy(ha_tay->id, {2026, 1, 1});
  ASSERT_EQ(in_2026.size(), 1u);
  EXPECT_EQ(Registry().Find(in_2026[0])->code, "01");
  EXPECT_TRUE(Registry().Find(in_2026[0])->valid_from.has_value());  // the 2025 Hà Nội

  const OrgUnit* ha_giang = Registry().FindByCode("02", {2012, 1, 1});
  ASSERT_NE(ha_giang, nullptr);
  auto became = Registry().BecameBy(ha_giang->id, {2025, 7, 1});
  ASSERT_EQ(became.size(), 1u);
  EXPECT_EQ(Registry().Find(became[0])->name, "Tuyên Quang");
  EXPECT_TRUE(
      Registry().BecameBy(Registry().FindByCode("08", {2026, 1, 1})->id, {2012, 1, 1}).empty());
}

TEST(OrgRegistry, MinistryUnitsAndHierarchy) {
  auto departments = Registry().UnitsAt({2012, 2, 27}, OrgKind::kDepartment);
  EXPECT_GE(departments.size(), 20u);
  const OrgUnit* vl = Registry().FindByCode("VL", {2012, 2, 27});
  ASSERT_NE(vl, nullptr);
  EXPECT_EQ(vl->name, "Cục Việc làm");
  EXPECT_TRUE(Registry().IsWithin(vl->id, 1, {2012, 2, 27}));
  EXPECT_FALSE(Registry().IsWithin(1, vl->id, {2012, 2, 27}));
}

TEST(OrgCatalog, RejectsAMalformedTable) {
  auto bad = BuildInitialRegistry("code,name,type,valid_from,valid_to,successor\n01,Hà Nội,tỉnh\n",
                                  Data("provinces_2025.csv"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "bad_org_table");
  EXPECT_NE(bad.error().message.find("dòng 2"), std::string::npos);
  auto dangling = BuildInitialRegistry(
      "code,name,type,valid_from,valid_to,successor\n28,Hà Tây,tỉnh,,2008-07-31,99\n",
      "code,name,type,valid_from,formed_from\n");
  ASSERT_FALSE(dangling);
}

}  // namespace
}  // namespace wp::domain
