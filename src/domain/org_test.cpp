#include "domain/org.hpp"

#include <gtest/gtest.h>

#include "domain/access.hpp"
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

// Issue 15: a unit formed in 2025 reads and continues its predecessors' 2012 data (InScope) but
// is not above them (IsAbove), which only the hierarchy of the data's date gives.
TEST(Access, SuccessionIsScopeButNeverAbove) {
  const core::CivilDate y2012{2012, 3, 18}, y2026{2026, 1, 1};
  const OrgUnit* hanoi = Registry().FindByCode("01", y2012);
  const OrgUnit* quang_nam = Registry().FindByCode("49", y2012);
  const OrgUnit* hanoi_2025 = Registry().FindByCode("01", y2026);
  const OrgUnit* da_nang_2025 = Registry().FindByCode("48", y2026);
  ASSERT_TRUE(hanoi && quang_nam && hanoi_2025 && da_nang_2025);
  ASSERT_NE(hanoi->id, hanoi_2025->id);
  auto approver = [](OrgUnitId unit) { return Principal{1, "x", Role::kApprover, unit}; };

  for (auto [successor, old] : {std::pair{hanoi_2025, hanoi}, std::pair{da_nang_2025, quang_nam}}) {
    EXPECT_TRUE(InScope(approver(successor->id), old->id, Registry(), y2012)) << old->name;
    EXPECT_FALSE(IsAbove(approver(successor->id), old->id, Registry(), y2012)) << old->name;
  }
  EXPECT_FALSE(IsAbove(approver(hanoi->id), hanoi->id, Registry(), y2012)) << "not its own";
  EXPECT_TRUE(IsAbove(approver(1), hanoi->id, Registry(), y2012)) << "the Ministry of 2012";
  // The Ministry of Home Affairs took over from 2025: above the new provinces, not the old.
  const OrgUnit* home_affairs = Registry().FindByCode("BNV", y2026);
  ASSERT_NE(home_affairs, nullptr);
  EXPECT_TRUE(IsAbove(approver(home_affairs->id), hanoi_2025->id, Registry(), y2026));
  EXPECT_FALSE(IsAbove(approver(home_affairs->id), hanoi->id, Registry(), y2012));
  EXPECT_FALSE(
      IsAbove(Principal{1, "x", Role::kPlanner, std::nullopt}, hanoi->id, Registry(), y2012))
      << "without a unit, nothing is above (admins and planners pass by role)";
}

// Before a unit of 2025 existed its accounts act for the units that became it: the Hà Nội of
// 2012 for Hà Nội's; the old Đà Nẵng (same code) and Quảng Nam for the new Đà Nẵng's. A unit that
// had ended (Hà Tây, 2008) acts for nothing in 2012, and nobody's scope grows by it.
TEST(Access, UnitsActedForFollowSuccessionBackwards) {
  const core::CivilDate y2012{2012, 12, 31}, y2026{2026, 1, 1};
  const OrgUnit* hanoi = Registry().FindByCode("01", y2012);
  const OrgUnit* da_nang = Registry().FindByCode("48", y2012);
  const OrgUnit* quang_nam = Registry().FindByCode("49", y2012);
  const OrgUnit* hanoi_2025 = Registry().FindByCode("01", y2026);
  const OrgUnit* da_nang_2025 = Registry().FindByCode("48", y2026);
  const OrgUnit* ha_tay = Registry().FindByCode("28", core::CivilDate{2008, 1, 1});
  ASSERT_TRUE(hanoi && da_nang && quang_nam && hanoi_2025 && da_nang_2025 && ha_tay);
  auto editor = [](OrgUnitId unit) { return Principal{1, "x", Role::kEditor, unit}; };

  EXPECT_EQ(UnitsActedFor(editor(hanoi_2025->id), Registry(), y2012),
            std::vector<OrgUnitId>{hanoi->id});
  EXPECT_EQ(UnitsActedFor(editor(da_nang_2025->id), Registry(), y2012),
            (std::vector<OrgUnitId>{da_nang->id, quang_nam->id}));
  EXPECT_EQ(UnitsActedFor(editor(hanoi_2025->id), Registry(), y2026),
            std::vector<OrgUnitId>{hanoi_2025->id});
  EXPECT_EQ(UnitsActedFor(editor(hanoi->id), Registry(), y2012), std::vector<OrgUnitId>{hanoi->id});
  EXPECT_TRUE(UnitsActedFor(editor(ha_tay->id), Registry(), y2012).empty());
  EXPECT_TRUE(
      UnitsActedFor(Principal{1, "x", Role::kPlanner, std::nullopt}, Registry(), y2012).empty());
  for (auto u : UnitsActedFor(editor(da_nang_2025->id), Registry(), y2012)) {
    EXPECT_TRUE(InScope(editor(da_nang_2025->id), u, Registry(), y2012)) << "no wider than scope";
  }
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
