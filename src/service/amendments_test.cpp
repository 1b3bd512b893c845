// Amendments (issue 18) in process, over a real SQLite store: the 2012 seed decision published,
// the rules of who proposes (the unit leading the item or consolidating the target), what a
// change is read against (the version in force on its date), which changes may be retroactive,
// who decides (the Minister, a Thứ trưởng under a delegation covering the item's area), the
// check at approval that the program did not change underneath, and the ids of added tasks.

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/service_set.hpp"
#include "store/store.hpp"

namespace wp::service {
namespace {

namespace fs = std::filesystem;
using domain::AmendmentAction;
using domain::AmendmentStatus;
using domain::Role;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::chrono::system_clock::time_point At(int year, int month, int day) {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year} / month / day} + hours{2};
}

class AmendmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("workplan_amendments_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    now_->store(At(2012, 6, 20).time_since_epoch());
    auto store = store::OpenStore("sqlite:" + (dir_ / "wp.db").string());
    ASSERT_TRUE(store) << store.error().message;
    OrgSeed seed{ReadFile("data/provinces.csv"),
                 ReadFile("data/provinces_2025.csv"),
                 ReadFile("data/holidays.csv"),
                 {{"molisa", ReadFile("data/indicators/molisa.csv")}}};
    ServiceOptions options;
    options.clock = [now = now_] { return std::chrono::system_clock::time_point(now->load()); };
    auto set = ServiceSet::Open(std::move(*store), seed, std::move(options));
    ASSERT_TRUE(set) << set.error().message;
    set_ = std::move(*set);
    auto imported = svc().programs.ImportProgram(admin_, ReadFile("data/seeds/molisa_2012.txt"),
                                                 "molisa_2012.txt", ImportMode::kNew);
    ASSERT_TRUE(imported) << imported.error().message;
    program_ = imported->id;
    ASSERT_TRUE(svc().programs.PublishProgram(admin_, program_));
    auto matrix = svc().responsibilities.Matrix(admin_, program_, core::CivilDate{2012, 6, 30});
    ASSERT_TRUE(matrix);
    for (const auto& r : matrix->rows) {
      if (r.indicator_code == "viec_lam") jobs_ = r.target_id;
    }
    ASSERT_NE(jobs_, 0);
    vieclam_ = NewUser("vieclam", Role::kEditor, "VL");
    hanoi_ = NewUser("hanoi", Role::kEditor, "01");
    planner_ = NewUser("kehoach", Role::kPlanner, "KHTC");
    minister_ = NewUser("bo.truong", Role::kLeader, "", "Bộ trưởng");
    deputy_ = NewUser("thu.truong", Role::kLeader, "", "Thứ trưởng");
  }
  void TearDown() override {
    set_.reset();
    fs::remove_all(dir_);
  }
  const Services& svc() const { return set_->services(); }

  domain::Principal NewUser(const std::string& name, Role role, const std::string& unit,
                            const std::string& title = "") {
    auto u = svc().accounts.CreateUser(admin_, {name, name, role, unit, kPassword, title});
    EXPECT_TRUE(u) << name << ": " << u.error().message;
    auto login = svc().accounts.Login(name, kPassword, "amendments_test");
    EXPECT_TRUE(login) << login.error().message;
    return login ? login->principal : domain::Principal{};
  }
  AmendmentInput Jobs(const std::string& value, core::CivilDate from) const {
    AmendmentInput in;
    in.effective_from = from;
    in.reason = "Nhu cầu lao động tăng";
    in.changes.push_back({"target_value", "target:" + std::to_string(jobs_), value});
    return in;
  }
  // Proposed by Cục Việc làm, sent, forwarded, approved by the Minister.
  AmendmentView Approved(const AmendmentInput& in) {
    auto a = svc().amendments.Save(vieclam_, program_, std::nullopt, 0, in);
    EXPECT_TRUE(a) << a.error().message;
    auto s = svc().amendments.Act(vieclam_, a->id, a->version, AmendmentAction::kSubmit, "", "");
    EXPECT_TRUE(s) << s.error().message;
    auto f = svc().amendments.Act(planner_, a->id, s->version, AmendmentAction::kForward, "", "");
    EXPECT_TRUE(f) << f.error().message;
    auto ok = svc().amendments.Act(minister_, a->id, f->version, AmendmentAction::kApprove, "", "");
    EXPECT_TRUE(ok) << ok.error().message;
    return *ok;
  }

  static constexpr const char* kPassword = "Lua-chin-vang-2012";
  std::shared_ptr<std::atomic<std::chrono::system_clock::duration>> now_ =
      std::make_shared<std::atomic<std::chrono::system_clock::duration>>();
  fs::path dir_;
  std::unique_ptr<ServiceSet> set_;
  domain::Principal admin_ = SystemPrincipal("test");
  ProgramId program_ = 0;
  int64_t jobs_ = 0;
  domain::Principal vieclam_, hanoi_, planner_, minister_, deputy_;
};

TEST_F(AmendmentsTest, TheUnitAnsweringForTheItemProposesAndPlannersForAnyUnit) {
  auto a =
      svc().amendments.Save(vieclam_, program_, std::nullopt, 0, Jobs("1.650.000", {2012, 7, 1}));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->status, AmendmentStatus::kDraft);
  ASSERT_EQ(a->changes.size(), 1u);
  EXPECT_EQ(a->changes[0].change.before, "1.600.000 người");
  EXPECT_EQ(a->changes[0].change.after, "1.650.000 người");
  EXPECT_EQ(a->changes[0].change.value, "1650000");

  auto hanoi =
      svc().amendments.Save(hanoi_, program_, std::nullopt, 0, Jobs("1.650.000", {2012, 7, 1}));
  ASSERT_FALSE(hanoi);
  EXPECT_EQ(hanoi.error().reason, "not_your_item");
  auto leader =
      svc().amendments.Save(minister_, program_, std::nullopt, 0, Jobs("1.650.000", {2012, 7, 1}));
  ASSERT_FALSE(leader);
  EXPECT_EQ(leader.error().code, core::ErrorCode::kPermissionDenied);

  AmendmentInput for_hanoi = Jobs("1.650.000", {2012, 7, 1});
  for_hanoi.unit_id = hanoi_.unit;
  auto planned = svc().amendments.Save(planner_, program_, std::nullopt, 0, for_hanoi);
  ASSERT_TRUE(planned) << planned.error().message;
  EXPECT_EQ(planned->unit_id, *hanoi_.unit);
  // Hà Nội sees its own pending proposal, not Cục Việc làm's.
  EXPECT_TRUE(svc().amendments.Get(hanoi_, planned->id));
  EXPECT_EQ(svc().amendments.Get(hanoi_, a->id).error().reason, "amendment_not_found");
}

TEST_F(AmendmentsTest, BadChangesAreNamedAndNothingIsStored) {
  AmendmentInput in = Jobs("nhiều", {2012, 7, 1});
  in.changes.push_back({"lead", "section:IX.99", "Cục Việc làm"});
  in.changes.push_back({"rename", "target:1", "x"});
  auto bad = svc().amendments.Save(vieclam_, program_, std::nullopt, 0, in);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "amendment_invalid");
  ASSERT_EQ(bad.error().details.size(), 3u);
  EXPECT_EQ(bad.error().details[0].field, "changes[0]");
  EXPECT_EQ(bad.error().details[1].field, "changes[1]");
  EXPECT_EQ(bad.error().details[2].field, "changes[2].kind");
  auto outside =
      svc().amendments.Save(vieclam_, program_, std::nullopt, 0, Jobs("1.650.000", {2013, 1, 1}));
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().details.at(0).field, "effective_from");
  EXPECT_TRUE(svc().amendments.List(admin_, program_, {})->empty());
}

// Target values may take effect before the day they are decided; a deadline, a lead or a task
// only from that day on.
TEST_F(AmendmentsTest, OnlyTargetValuesMayBeRetroactive) {
  auto jobs =
      svc().amendments.Save(vieclam_, program_, std::nullopt, 0, Jobs("1.650.000", {2012, 3, 1}));
  EXPECT_TRUE(jobs) << jobs.error().message;
  AmendmentInput drop;
  drop.unit_id = vieclam_.unit;
  drop.effective_from = core::CivilDate{2012, 5, 1};
  drop.reason = "Không còn phù hợp";
  drop.changes.push_back({"task_drop", "task:II.2.1#1", ""});
  auto past = svc().amendments.Save(planner_, program_, std::nullopt, 0, drop);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().reason, "amendment_invalid");
  EXPECT_EQ(past.error().details.at(0).field, "effective_from");
  drop.effective_from = core::CivilDate{2012, 7, 1};
  auto later = svc().amendments.Save(planner_, program_, std::nullopt, 0, drop);
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_EQ(later->changes[0].change.after, "(bỏ nhiệm vụ)");
  // Approved after its date has passed: refused, the unit chooses another date.
  auto s =
      svc().amendments.Act(planner_, later->id, later->version, AmendmentAction::kSubmit, "", "");
  ASSERT_TRUE(s);
  auto f = svc().amendments.Act(planner_, later->id, s->version, AmendmentAction::kForward, "", "");
  ASSERT_TRUE(f);
  now_->store(At(2012, 7, 5).time_since_epoch());
  auto late =
      svc().amendments.Act(minister_, later->id, f->version, AmendmentAction::kApprove, "", "");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().reason, "amendment_retroactive");
}

// What a change is read against is the program in force on its date: after a raise from 1/7,
// a change from 1/9 starts from 1.650.000, one from 1/5 still from 1.600.000; an approval whose
// `before` no longer holds is refused.
TEST_F(AmendmentsTest, BeforeIsReadOnTheVersionInForceAndCheckedAgainAtApproval) {
  auto stale =
      svc().amendments.Save(vieclam_, program_, std::nullopt, 0, Jobs("1.700.000", {2012, 8, 1}));
  ASSERT_TRUE(stale);
  auto s =
      svc().amendments.Act(vieclam_, stale->id, stale->version, AmendmentAction::kSubmit, "", "");
  auto f = svc().amendments.Act(planner_, stale->id, s->version, AmendmentAction::kForward,
                                "Đồng ý", "");
  ASSERT_TRUE(f);

  auto first = Approved(Jobs("1.650.000", {2012, 7, 1}));
  EXPECT_EQ(first.program_version, 2);
  auto september =
      svc().amendments.Save(vieclam_, program_, std::nullopt, 0, Jobs("1.680.000", {2012, 9, 1}));
  ASSERT_TRUE(september);
  EXPECT_EQ(september->changes[0].change.before, "1.650.000 người");
  auto may =
      svc().amendments.Save(vieclam_, program_, std::nullopt, 0, Jobs("1.620.000", {2012, 5, 1}));
  ASSERT_TRUE(may);
  EXPECT_EQ(may->changes[0].change.before, "1.600.000 người");

  auto refused =
      svc().amendments.Act(minister_, stale->id, f->version, AmendmentAction::kApprove, "", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "amendment_stale");
  EXPECT_EQ(svc().amendments.Get(admin_, stale->id)->status, AmendmentStatus::kForwarded);
  auto versions = svc().amendments.Versions(hanoi_, program_);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(versions->back().effective_from, (core::CivilDate{2012, 7, 1}));
}

// The Minister decides anything; a Thứ trưởng only under a delegation valid today covering the
// area of every changed item (jobs: II.2); never an admin.
TEST_F(AmendmentsTest, AThuTruongDecidesOnlyUnderADelegationCoveringTheArea) {
  auto a =
      svc().amendments.Save(vieclam_, program_, std::nullopt, 0, Jobs("1.650.000", {2012, 7, 1}));
  auto s = svc().amendments.Act(vieclam_, a->id, a->version, AmendmentAction::kSubmit, "", "");
  auto f = svc().amendments.Act(planner_, a->id, s->version, AmendmentAction::kForward, "", "");
  ASSERT_TRUE(f);
  auto approve = [&] {
    return svc().amendments.Act(deputy_, a->id, f->version, AmendmentAction::kApprove, "",
                                "1012/QĐ-LĐTBXH");
  };
  EXPECT_EQ(approve().error().reason, "no_delegation");
  EXPECT_EQ(svc()
                .amendments.Act(admin_, a->id, f->version, AmendmentAction::kApprove, "", "")
                .error()
                .code,
            core::ErrorCode::kPermissionDenied);
  DelegationInput other{deputy_.user_id, {"II.3"}, core::CivilDate{2012, 1, 1}, std::nullopt};
  EXPECT_EQ(svc().amendments.Grant(deputy_, other).error().reason, "not_minister");
  ASSERT_TRUE(svc().amendments.Grant(minister_, other));
  EXPECT_EQ(approve().error().reason, "no_delegation");
  DelegationInput expired{
      deputy_.user_id, {"II.2"}, core::CivilDate{2012, 1, 1}, core::CivilDate{2012, 5, 31}};
  ASSERT_TRUE(svc().amendments.Grant(minister_, expired));
  EXPECT_EQ(approve().error().reason, "no_delegation");
  DelegationInput jobs{
      deputy_.user_id, {"II.2", "II.4"}, core::CivilDate{2012, 6, 1}, std::nullopt};
  EXPECT_EQ(svc().amendments.Grant(admin_, jobs).error().reason, "delegation_needs_account");
  auto it = NewUser("quantri", Role::kAdmin, "");
  auto granted = svc().amendments.Grant(it, jobs);
  ASSERT_TRUE(granted) << granted.error().message;
  auto ok = approve();
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->status, AmendmentStatus::kApproved);
  EXPECT_EQ(ok->delegation_id, granted->delegation.id);
  EXPECT_EQ(ok->decision_number, "1012/QĐ-LĐTBXH");
  EXPECT_EQ(ok->decided_by->title, "Thứ trưởng");
}

// A task added receives the next id of its section, kept across versions; the audit holds.
TEST_F(AmendmentsTest, AnAddedTaskGetsTheNextIdOfItsSection) {
  auto program = svc().programs.GetProgram(admin_, program_);
  ASSERT_TRUE(program);
  size_t tasks = 0;
  for (const auto& s : (*program)->record.plan.sections) {
    if (s.number == "II.2.1") tasks = s.tasks.size();
  }
  ASSERT_GT(tasks, 0u);
  AmendmentInput in;
  in.effective_from = core::CivilDate{2012, 7, 1};
  in.reason = "Bổ sung nhiệm vụ";
  in.changes.push_back({"task_add", "section:II.2.1", "Tổ chức sàn giao dịch việc làm lưu động"});
  in.changes.push_back({"task_add", "section:II.2.1", "Khảo sát nhu cầu tuyển dụng"});
  auto first = Approved(in);
  ASSERT_EQ(first.changes.size(), 2u);
  EXPECT_EQ(first.changes[0].change.assigned_task_id, "II.2.1#" + std::to_string(tasks + 1));
  EXPECT_EQ(first.changes[1].change.assigned_task_id, "II.2.1#" + std::to_string(tasks + 2));
  in.changes.resize(1);
  in.changes[0].value = "Tổng kết sàn giao dịch việc làm";
  auto second = Approved(in);
  EXPECT_EQ(second.changes[0].change.assigned_task_id, "II.2.1#" + std::to_string(tasks + 3));
  EXPECT_EQ(second.program_version, 3);
  auto verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok()) << (verified->problems.empty() ? "" : verified->problems[0].message);
  EXPECT_EQ(verified->amendments_checked, 2u);
  EXPECT_EQ(verified->versions_checked, 3u);
}

}  // namespace
}  // namespace wp::service
