#include "domain/amendment.hpp"

#include <gtest/gtest.h>

#include "domain/access.hpp"

namespace wp::domain {
namespace {

using core::CivilDate;

TEST(Amendment, NamesReadBack) {
  for (auto s : {AmendmentStatus::kDraft, AmendmentStatus::kSubmitted, AmendmentStatus::kReturned,
                 AmendmentStatus::kForwarded, AmendmentStatus::kApproved, AmendmentStatus::kRefused,
                 AmendmentStatus::kWithdrawn}) {
    EXPECT_EQ(ParseAmendmentStatus(AmendmentStatusName(s)), s);
  }
  EXPECT_STREQ(ChangeKindName(ChangeKind::kTaskDrop), "task_drop");
  EXPECT_EQ(ParseChangeKind("target_value"), ChangeKind::kTargetValue);
  EXPECT_FALSE(ParseChangeKind("value").has_value());
  EXPECT_EQ(ParseAmendmentAction("forward"), AmendmentAction::kForward);
}

TEST(Amendment, ApprovalOnlyAfterForwarding) {
  using S = AmendmentStatus;
  using A = AmendmentAction;
  EXPECT_EQ(Transition(S::kDraft, A::kSubmit).value(), S::kSubmitted);
  EXPECT_EQ(Transition(S::kSubmitted, A::kApprove).error().reason, "amendment_not_forwarded");
  EXPECT_EQ(Transition(S::kSubmitted, A::kForward).value(), S::kForwarded);
  EXPECT_EQ(Transition(S::kForwarded, A::kApprove).value(), S::kApproved);
  EXPECT_EQ(Transition(S::kForwarded, A::kRefuse).value(), S::kRefused);
  EXPECT_EQ(Transition(S::kForwarded, A::kReturn).value(), S::kReturned);
  EXPECT_EQ(Transition(S::kReturned, A::kSubmit).value(), S::kSubmitted);
  EXPECT_EQ(Transition(S::kForwarded, A::kWithdraw).error().reason, "amendment_forwarded");
  EXPECT_EQ(Transition(S::kApproved, A::kReturn).error().reason, "amendment_closed");
  EXPECT_EQ(Transition(S::kDraft, A::kForward).error().reason, "amendment_not_submitted");
}

Version V(int n, CivilDate from, std::vector<Change> changes) {
  return Version{n, from, int64_t{n}, std::move(changes)};
}

TEST(Amendment, InForceOrdersByDateThenNumber) {
  std::vector<Version> vs{V(1, {2012, 2, 27}, {}), V(2, {2012, 10, 1}, {}), V(3, {2012, 7, 1}, {}),
                          V(4, {2012, 7, 1}, {})};
  auto on = InForce(vs, {2012, 12, 31});
  ASSERT_EQ(on.size(), 3u);
  EXPECT_EQ(on[0]->number, 3);  // an older date approved later applies first
  EXPECT_EQ(on[1]->number, 4);
  EXPECT_EQ(on[2]->number, 2);
  EXPECT_TRUE(InForce(vs, {2012, 6, 30}).empty());
  EXPECT_EQ(VersionOn(vs, {2012, 6, 30}), 1);
  EXPECT_EQ(VersionOn(vs, {2012, 7, 1}), 4);
  EXPECT_EQ(VersionOn(vs, {2012, 11, 1}), 4);  // the newest number in force, not the latest date
}

TEST(Amendment, TargetStepsFollowEffectiveDates) {
  Change raise{ChangeKind::kTargetValue, "target:17", "1650000", "1.600.000", "1.650.000", ""};
  Change cut{ChangeKind::kTargetValue, "target:17", "1620000", "1.650.000", "1.620.000", ""};
  Change other{ChangeKind::kTargetValue, "target:18", "5", "", "", ""};
  std::vector<Version> vs{V(1, {2012, 2, 27}, {}), V(2, {2012, 10, 1}, {cut}),
                          V(3, {2012, 7, 1}, {raise, other})};
  auto steps = TargetSteps(vs, "target:17", {2012, 2, 27}, "1600000");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].value, "1600000");
  EXPECT_EQ(steps[1].from, (CivilDate{2012, 7, 1}));
  EXPECT_EQ(steps[1].value, "1650000");
  EXPECT_EQ(steps[1].version, 3);
  EXPECT_EQ(steps[2].value, "1620000");
  // A value taking effect before the program's date starts with it.
  std::vector<Version> early{V(2, {2012, 1, 1}, {raise})};
  auto s2 = TargetSteps(early, "target:17", {2012, 2, 27}, "1600000");
  ASSERT_EQ(s2.size(), 1u);
  EXPECT_EQ(s2[0].value, "1650000");
}

TEST(Amendment, AreaOfItem) {
  EXPECT_EQ(AreaOfItem("II.2.1#3"), "II.2");
  EXPECT_EQ(AreaOfItem("II.12"), "II.12");
  EXPECT_EQ(AreaOfItem("II.11.2~2#1"), "II.11");
  EXPECT_EQ(AreaOfItem("I.1"), "");
  EXPECT_EQ(AreaOfItem("III.1"), "");
}

TEST(Access, LeadersDecideUnderDelegations) {
  Principal minister{1, "bo.truong", Role::kLeader, std::nullopt};
  Principal deputy{2, "thu.truong", Role::kLeader, std::nullopt};
  Principal admin{3, "admin", Role::kAdmin, std::nullopt};
  Principal planner{4, "kehoach", Role::kPlanner, std::nullopt};
  const std::string bt = "Bộ trưởng", tt = "Thứ trưởng";
  std::vector<std::string> jobs{"II.2"};
  std::vector<std::string> headline{""};
  const CivilDate on{2012, 6, 25};
  EXPECT_TRUE(MayDecide(minister, bt, {}, headline, on));
  EXPECT_FALSE(MayDecide(deputy, tt, {}, jobs, on));
  EXPECT_FALSE(MayDecide(admin, bt, {}, jobs, on));  // IT staff never approve
  EXPECT_FALSE(MayDecide(planner, bt, {}, jobs, on));
  std::vector<Delegation> ds{
      Delegation{1, 2, 1, {"II.2", "II.3"}, {2012, 3, 1}, CivilDate{2012, 12, 31}, {}, ""}};
  EXPECT_TRUE(MayDecide(deputy, tt, ds, jobs, on));
  EXPECT_FALSE(MayDecide(deputy, tt, ds, headline, on));  // part I: not covered by area delegations
  std::vector<std::string> mixed{"II.2", "II.5"};
  EXPECT_FALSE(MayDecide(deputy, tt, ds, mixed, on));
  EXPECT_FALSE(MayDecide(deputy, tt, ds, jobs, {2012, 2, 1}));
  ds[0].revoked_at = "2012-05-01T00:00:00Z";
  EXPECT_FALSE(MayDecide(deputy, tt, ds, jobs, on));
  std::vector<Delegation> all{Delegation{2, 2, 1, {}, {2012, 1, 1}, std::nullopt, {}, ""}};
  EXPECT_TRUE(MayDecide(deputy, tt, all, headline, on));
  EXPECT_FALSE(Can(deputy, Permission::kWriteReports));
  EXPECT_TRUE(SeesAllUnits(deputy));
  EXPECT_TRUE(Can(minister, Permission::kGrantDelegations));
  EXPECT_FALSE(Can(planner, Permission::kGrantDelegations));
  EXPECT_EQ(ParseRole("leader"), Role::kLeader);
}

}  // namespace
}  // namespace wp::domain
