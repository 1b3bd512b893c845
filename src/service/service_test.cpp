// The services in process, over a real SQLite store in a temporary file: the 2012 seed decision
// imported and published, sign-in, allocations, a report saved, submitted and approved, the
// dashboard's figures, and the audit log verified — the path a ministry's year takes, without
// HTTP (tests/api runs the same against the binary).

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "service/briefing.hpp"
#include "service/internal/shared.hpp"
#include "service/service_set.hpp"
#include "store/store.hpp"

namespace wp::service {
namespace {

namespace fs = std::filesystem;
using domain::ReportAction;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::chrono::system_clock::time_point At(int year, int month, int day, int hour) {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year} / month / day} + hours{hour};
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("workplan_service_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    SetNow(At(2012, 3, 1, 2));
    set_ = OpenSet();
  }
  // The services over the test's database; a second set is another server on the same file.
  // With `anchor_` set, its audit log anchors the chain's head there.
  std::unique_ptr<ServiceSet> OpenSet(const std::string& db = "wp.db") {
    auto store = store::OpenStore("sqlite:" + (dir_ / db).string());
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return nullptr;
    OrgSeed seed{ReadFile("data/provinces.csv"),
                 ReadFile("data/provinces_2025.csv"),
                 ReadFile("data/holidays.csv"),
                 {{"molisa", ReadFile("data/indicators/molisa.csv")}}};
    ServiceOptions options;
    options.audit_anchor = anchor_;
    // The rehearsal clock: the test moves it through 2012.
    options.clock = [now = now_] { return std::chrono::system_clock::time_point(now->load()); };
    auto set = ServiceSet::Open(std::move(*store), seed, std::move(options));
    EXPECT_TRUE(set) << set.error().message;
    return set ? std::move(*set) : nullptr;
  }
  void TearDown() override {
    set_.reset();
    fs::remove_all(dir_);
  }

  void SetNow(std::chrono::system_clock::time_point t) { now_->store(t.time_since_epoch()); }
  const Services& svc() const { return set_->services(); }

  // The 2012 seed decision imported and published by the command line.
  ProgramId ImportSeed() {
    auto imported = svc().programs.ImportProgram(admin_, ReadFile("data/seeds/molisa_2012.txt"),
                                                 "molisa_2012.txt", ImportMode::kNew);
    EXPECT_TRUE(imported) << imported.error().message;
    if (!imported) return 0;
    EXPECT_TRUE(svc().programs.PublishProgram(admin_, imported->id));
    return imported->id;
  }

  domain::Principal NewUser(const std::string& name, domain::Role role, const std::string& unit) {
    auto u = svc().accounts.CreateUser(admin_, {name, name, role, unit, kPassword, ""});
    EXPECT_TRUE(u) << u.error().message;
    auto login = svc().accounts.Login(name, kPassword, "service_test");
    EXPECT_TRUE(login) << login.error().message;
    return login ? login->principal : domain::Principal{};
  }

  static constexpr const char* kPassword = "Lua-chin-vang-2012";
  std::shared_ptr<std::atomic<std::chrono::system_clock::duration>> now_ =
      std::make_shared<std::atomic<std::chrono::system_clock::duration>>();
  fs::path dir_;
  std::unique_ptr<ServiceSet> set_;
  domain::Principal admin_ = SystemPrincipal("test");
  std::string anchor_;
};

TEST_F(ServiceTest, SignInGivesASessionAndRefusesAWrongPassword) {
  auto editor = svc().accounts.CreateUser(
      admin_, {"Hanoi.NhapLieu", "Sở Nội vụ Hà Nội", domain::Role::kEditor, "01", kPassword, ""});
  ASSERT_TRUE(editor) << editor.error().message;
  EXPECT_EQ(editor->username, "hanoi.nhaplieu");
  EXPECT_FALSE(editor->unit_name.empty());

  auto login = svc().accounts.Login("hanoi.nhaplieu", kPassword, "127.0.0.1");
  ASSERT_TRUE(login) << login.error().message;
  auto session = svc().accounts.AuthenticateSession(login->session_token);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->principal.user_id, editor->id);
  EXPECT_EQ(session->csrf_token, login->csrf_token);

  auto wrong = svc().accounts.Login("hanoi.nhaplieu", "not-the-password", "127.0.0.1");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().reason, "bad_credentials");
  auto unknown = svc().accounts.Login("nobody", kPassword, "127.0.0.1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().reason, "bad_credentials");

  ASSERT_TRUE(svc().accounts.Logout(session->principal, login->session_token));
  EXPECT_FALSE(svc().accounts.AuthenticateSession(login->session_token));
}

TEST_F(ServiceTest, AReportGoesFromTheFormToTheDashboardAndTheAuditHoldsIt) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto listed = svc().programs.ListPrograms(admin_);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().status, ProgramStatus::kPublished);

  auto hanoi = svc().org.FindUnit("01", core::CivilDate{2012, 6, 30});
  ASSERT_TRUE(hanoi);
  const domain::OrgUnitId hn = (*hanoi)->id;
  auto editor = NewUser("hanoi", domain::Role::kEditor, "01");
  auto approver = NewUser("hanoi.duyet", domain::Role::kApprover, "01");

  auto view = svc().programs.GetProgram(editor, program);
  ASSERT_TRUE(view);
  const auto& targets = (*view)->targets;
  auto jobs = std::find_if(targets.begin(), targets.end(), [](const TargetView& t) {
    return t.target.indicator == "Tạo việc làm";
  });
  ASSERT_NE(jobs, targets.end());

  // Hà Nội's share of the jobs target; the sum check flags the rest as unallocated.
  auto allocated =
      svc().reporting.ReplaceAllocations(admin_, program, {{jobs->id, "01", "50.000", "", "", ""}});
  ASSERT_TRUE(allocated) << allocated.error().message;
  ASSERT_EQ(allocated->rows.size(), 1u);
  EXPECT_EQ(allocated->rows[0].unit_id, hn);
  ASSERT_EQ(allocated->checks.size(), 1u);
  EXPECT_EQ(allocated->checks[0].allocated_sum.ToString(), "50000");
  EXPECT_NE(allocated->checks[0].warning.find("thấp hơn"), std::string::npos);

  // The form of March: the allocated target first, with its share; the skeleton is kept.
  ReportRef march{program, "r2", "2012-M03", hn};
  auto form = svc().reporting.GetReportForm(editor, march);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_EQ(form->version(), 0);
  ASSERT_FALSE(form->targets().empty());
  EXPECT_EQ(form->targets()[0].target->id, jobs->id);
  ASSERT_TRUE(form->targets()[0].allocated);
  EXPECT_EQ(form->targets()[0].allocated->ToString(), "50000");
  auto again = svc().reporting.GetReportForm(editor, march);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->skeleton.get(), form->skeleton.get());

  // Saved and submitted before the deadline (19/3/2012), approved the next day.
  SetNow(At(2012, 3, 16, 3));
  ReportInput input;
  input.values.push_back({jobs->id, domain::ValueScope::kPeriod, domain::ValueKind::kEstimate,
                          core::Decimal{41000, 0}, ""});
  auto sent = svc().reporting.SaveReport(editor, march, 0, input, ReportAction::kSubmit);
  ASSERT_TRUE(sent) << sent.error().message;
  ASSERT_TRUE(sent->report);
  EXPECT_EQ(sent->report->version, 1);
  EXPECT_EQ(sent->report->status, domain::ReportStatus::kSubmitted);
  EXPECT_FALSE(sent->late);
  auto stale = svc().reporting.SaveReport(editor, march, 0, input, ReportAction::kSave);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, "stale_version");

  SetNow(At(2012, 3, 20, 3));
  auto own = svc().reporting.ActOnReport(editor, sent->report->id, 1, ReportAction::kApprove, "");
  EXPECT_FALSE(own) << "an editor does not approve";
  auto approved =
      svc().reporting.ActOnReport(approver, sent->report->id, 1, ReportAction::kApprove, "");
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->report->status, domain::ReportStatus::kApproved);
  EXPECT_EQ(approved->report->version, 2);
  auto history = svc().reporting.ReportHistory(editor, sent->report->id);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().value.value->ToString(), "41000");

  // The approval is in the figures: Hà Nội's March, and its reporting of the period.
  auto dashboard = svc().figures.Dashboard(admin_, program, core::CivilDate{2012, 3, 31},
                                           domain::OrgKind::kProvince, jobs->id, hn);
  ASSERT_TRUE(dashboard) << dashboard.error().message;
  EXPECT_EQ(dashboard->period, "2012-M03");
  EXPECT_EQ(dashboard->reporting.expected, 1u);
  EXPECT_EQ(dashboard->reporting.on_time, 1u);
  EXPECT_EQ(dashboard->reporting.approved, 1u);
  // Hà Nội's dashboard lists what Hà Nội reports (its share of the jobs, the targets of the
  // sections it leads), not the whole program.
  EXPECT_LT(dashboard->targets.size(), targets.size());
  size_t counted = 0;
  for (const auto& [status, n] : dashboard->by_status) counted += n;
  EXPECT_EQ(counted, dashboard->targets.size());
  auto measured = std::find_if(dashboard->targets.begin(), dashboard->targets.end(),
                               [&](const TargetMeasure& m) { return m.target->id == jobs->id; });
  ASSERT_NE(measured, dashboard->targets.end());
  ASSERT_TRUE(measured->measure.current);
  EXPECT_DOUBLE_EQ(*measured->measure.current, 41000);

  AnalyticsQuery q;
  q.program = program;
  q.targets = {jobs->id};
  q.unit = hn;
  q.periods = {"2012-M03"};
  q.at = core::CivilDate{2012, 3, 31};
  auto cells = svc().figures.QueryAnalytics(admin_, q);
  ASSERT_TRUE(cells) << cells.error().message;
  ASSERT_EQ(cells->size(), 1u);
  ASSERT_TRUE(cells->front().aggregate.value);
  EXPECT_DOUBLE_EQ(*cells->front().aggregate.value, 41000);

  // Every write is in the log, and the stored state matches what it recorded.
  auto entries = svc().audit.Audit(admin_, 0, 1000);
  ASSERT_TRUE(entries);
  EXPECT_TRUE(std::any_of(entries->begin(), entries->end(), [](const AuditEntryView& e) {
    return e.event.action == "report.approve";
  }));
  auto verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->ok()) << verified->problems.front().message;
  EXPECT_EQ(verified->programs_checked, 1u);
  EXPECT_EQ(verified->reports_checked, 1u);
  EXPECT_EQ(verified->entries, entries->size());
}

// What a save reuses — the unit's form skeleton and the report's content — is kept per server;
// a write by another server (another process on the same database) is seen at once: the
// skeleton is rebuilt when the allocations moved on, the content when the report's version did.
TEST_F(ServiceTest, AFormReadsWhatAnotherServerWroteThroughItsCaches) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto other = OpenSet();
  ASSERT_TRUE(other);
  const Services& b = other->services();
  auto hanoi = svc().org.FindUnit("01", core::CivilDate{2012, 6, 30});
  ASSERT_TRUE(hanoi);
  auto editor = NewUser("hanoi", domain::Role::kEditor, "01");
  ReportRef march{program, "r2", "2012-M03", (*hanoi)->id};

  auto before = b.reporting.GetReportForm(editor, march);
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_FALSE(before->targets().empty());
  const int64_t first = before->targets()[0].target->id;
  EXPECT_FALSE(before->targets()[0].allocated);
  auto allocated =
      svc().reporting.ReplaceAllocations(admin_, program, {{first, "01", "7", "", "", ""}});
  ASSERT_TRUE(allocated) << allocated.error().message;
  auto after = b.reporting.GetReportForm(editor, march);
  ASSERT_TRUE(after);
  EXPECT_NE(after->skeleton.get(), before->skeleton.get());
  ASSERT_TRUE(after->targets()[0].allocated);
  EXPECT_EQ(after->targets()[0].allocated->ToString(), "7");

  SetNow(At(2012, 3, 16, 3));
  auto value = [&](int64_t v) {
    ReportInput in;
    in.values.push_back({first, domain::ValueScope::kPeriod, domain::ValueKind::kEstimate,
                         core::Decimal{v, 0}, ""});
    return in;
  };
  ASSERT_TRUE(svc().reporting.SaveReport(editor, march, 0, value(5), ReportAction::kSave));
  auto read = b.reporting.GetReportForm(editor, march);  // B keeps version 1's content
  ASSERT_TRUE(read);
  ASSERT_EQ(read->version(), 1);
  ASSERT_EQ(read->content.values.size(), 1u);
  EXPECT_EQ(read->content.values[0].value->ToString(), "5");
  ASSERT_TRUE(svc().reporting.SaveReport(editor, march, 1, value(6), ReportAction::kSave));
  read = b.reporting.GetReportForm(editor, march);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->version(), 2);
  ASSERT_EQ(read->content.values.size(), 1u);
  EXPECT_EQ(read->content.values[0].value->ToString(), "6");
  // And B's own save starts from that content, at that version.
  auto saved = b.reporting.SaveReport(editor, march, 2, value(7), ReportAction::kSave);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->version(), 3);
}

// Issue 16: the matrix a planner sets is what every server reads (Reporters() is kept per
// revision, so another server's change is seen at the next read); a change of a published
// program holds from its date, the months before keep what they had; a wrong row stores nothing.
TEST_F(ServiceTest, TheMatrixIsSharedByServersAndChangesFromADate) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto view = svc().programs.GetProgram(admin_, program);
  ASSERT_TRUE(view);
  const int64_t target = (*view)->targets.front().id;
  auto hanoi = svc().org.FindUnit("01", core::CivilDate{2012, 6, 30});
  auto haiphong = svc().org.FindUnit("31", core::CivilDate{2012, 6, 30});
  ASSERT_TRUE(hanoi && haiphong);
  auto other = OpenSet();  // a second server on the same database
  ASSERT_TRUE(other);
  auto before = other->services().responsibilities.Reporters(program);
  ASSERT_TRUE(before) << before.error().message;

  auto matrix = svc().responsibilities.Matrix(admin_, program, std::nullopt);
  ASSERT_TRUE(matrix) << matrix.error().message;
  EXPECT_EQ(matrix->rows.size(), (*view)->targets.size());
  MatrixChange change{target, {{"group:province", std::nullopt}}, (*hanoi)->id};
  auto first = svc().responsibilities.Replace(admin_, program, matrix->revision,
                                              core::CivilDate{2012, 3, 1}, {change});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->revision, matrix->revision + 1);
  auto seen = other->services().responsibilities.Reporters(program);
  ASSERT_TRUE(seen);
  EXPECT_EQ((*seen)->size(), (*before)->size() + 2);  // the provinces and the consolidator
  const auto& registry = svc().org.registry();
  EXPECT_TRUE(domain::ReportsAt(**seen, target, (*haiphong)->id, {2012, 3, 31}, registry));

  // From July only Hà Nội reports it; March keeps the provinces.
  change.reporters = {{"unit:" + std::to_string((*hanoi)->id), domain::Frequency::kMonthly}};
  auto july = svc().responsibilities.Replace(admin_, program, first->revision,
                                             core::CivilDate{2012, 7, 1}, {change});
  ASSERT_TRUE(july) << july.error().message;
  auto now = other->services().responsibilities.Reporters(program);
  ASSERT_TRUE(now);
  EXPECT_TRUE(domain::ReportsAt(**now, target, (*haiphong)->id, {2012, 3, 31}, registry));
  EXPECT_FALSE(domain::ReportsAt(**now, target, (*haiphong)->id, {2012, 7, 31}, registry));
  EXPECT_TRUE(domain::ReportsAt(**now, target, (*hanoi)->id, {2012, 7, 31}, registry));
  auto in_march = svc().responsibilities.Matrix(admin_, program, core::CivilDate{2012, 3, 31});
  ASSERT_TRUE(in_march);
  EXPECT_EQ(in_march->rows.front().reporters.front().key, "group:province");

  // On the revision before: refused. A wrong column and an unknown target: refused, nothing kept.
  auto stale = svc().responsibilities.Replace(admin_, program, first->revision,
                                              core::CivilDate{2012, 8, 1}, {change});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, "stale_revision");
  MatrixChange wrong{target, {{"unit:abc", std::nullopt}}, std::nullopt};
  MatrixChange unknown{target + 100000, {}, std::nullopt};
  auto refused = svc().responsibilities.Replace(admin_, program, july->revision,
                                                core::CivilDate{2012, 8, 1}, {wrong, unknown});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "responsibility_invalid");
  ASSERT_EQ(refused.error().details.size(), 2u);
  EXPECT_EQ(refused.error().details[0].field, "rows[0].reporters[0].key");
  EXPECT_EQ(refused.error().details[1].field, "rows[1].target_id");
  EXPECT_EQ(*svc().responsibilities.Revision(program), july->revision);
  // Only planners and administrators change it.
  auto viewer = NewUser("xem", domain::Role::kViewer, "");
  auto denied = svc().responsibilities.Replace(viewer, program, july->revision,
                                               core::CivilDate{2012, 8, 1}, {change});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().reason, "forbidden");
}

TEST_F(ServiceTest, ADraftIsHiddenFromThoseWhoDoNotManagePrograms) {
  auto imported = svc().programs.ImportProgram(admin_, ReadFile("data/seeds/molisa_2012.txt"),
                                               "molisa_2012.txt", ImportMode::kNew);
  ASSERT_TRUE(imported) << imported.error().message;
  auto viewer = NewUser("lanhdao", domain::Role::kViewer, "");
  auto seen = svc().programs.GetProgram(viewer, imported->id);
  ASSERT_FALSE(seen);
  EXPECT_EQ(seen.error().code, core::ErrorCode::kNotFound);
  auto listed = svc().programs.ListPrograms(viewer);
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  auto due = svc().reporting.DueReports(admin_, imported->id, {});
  ASSERT_FALSE(due);
  EXPECT_EQ(due.error().reason, "program_not_published");
}

// The chain's head anchored in a file: written when the log moved on, bounded (the newest
// records and the first of the day), and never replaced by a log that fell behind it — another
// database under the same anchor is named as a cut log and the file is kept as it was.
TEST_F(ServiceTest, TheAnchorKeepsTheHeadBoundedAndNamesALogThatFellBehindIt) {
  anchor_ = (dir_ / "anchor").string();
  set_ = OpenSet();
  ProgramId id = ImportSeed();
  auto first = svc().audit.AnchorHead();
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(*first);
  auto again = svc().audit.AnchorHead();
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again) << "the head did not move: nothing written";
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(svc().programs.SetSettings(admin_, id, {i % 2 == 0}));
    auto r = svc().audit.AnchorHead();
    ASSERT_TRUE(r && *r) << (r ? "no record" : r.error().message);
  }
  auto records = ReadAnchorFile(anchor_);
  ASSERT_TRUE(records) << records.error().message;
  // 121 heads seen on one day: the newest 100 and the day's first (and the next day's first,
  // should the test run over midnight).
  ASSERT_GE(records->size(), 101u);
  ASSERT_LE(records->size(), 102u);
  EXPECT_EQ(records->front().seq, (*first)->seq);
  auto head = svc().audit.Audit(admin_, records->back().seq - 1, 10);
  ASSERT_TRUE(head);
  ASSERT_EQ(head->size(), 1u) << "the newest record is the log's head";
  EXPECT_EQ(head->front().hash, records->back().hash);
  auto verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok()) << verified->problems.front().message;
  EXPECT_EQ(verified->anchor_records, records->size());

  // Another database under the same anchor: its log ends below what the file recorded.
  const std::string kept = ReadFile(anchor_);
  set_ = OpenSet("other.db");
  ImportSeed();
  auto conflict = svc().audit.AnchorHead();
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().reason, "audit_anchor_conflict");
  EXPECT_EQ(ReadFile(anchor_), kept) << "the evidence is not overwritten";
  verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified);
  ASSERT_FALSE(verified->ok());
  EXPECT_EQ(verified->problems.front().code, "audit_tail_cut");

  // An anchor that cannot be read is a finding of verify and is never replaced.
  { std::ofstream(anchor_) << "12 not-a-hash 2026-12-07T00:00:00Z\n"; }
  set_ = OpenSet("other.db");
  verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified);
  ASSERT_EQ(verified->problems.size(), 1u);
  EXPECT_EQ(verified->problems.front().code, "audit_anchor_unreadable");
  auto unreadable = svc().audit.AnchorHead();
  ASSERT_FALSE(unreadable);
  EXPECT_EQ(unreadable.error().reason, "bad_anchor");
}

// ── issue 16, figures: each unit's plan, a dashboard that does not mislead ──

// The jobs target of the 2012 program (I.1 "Tạo việc làm").
const TargetView* JobsTarget(const ProgramView& p) {
  for (const auto& t : p.targets) {
    if (t.target.indicator == "Tạo việc làm" && t.target.unit == "người") return &t;
  }
  return nullptr;
}

const TargetMeasure* MeasureOf(const DashboardView& v, int64_t target) {
  for (const auto& m : v.targets) {
    if (m.target->id == target) return &m;
  }
  return nullptr;
}

// A province's share of a national target is its plan: Hà Nội's dashboard measures its jobs
// against its 160.000, the country's against the program's 1.600.000; a new allocation changes
// the plan at once (the figures already built are dropped), and a plan the province reported
// does not override the planner's share.
TEST_F(ServiceTest, AllocationIsTheProvincePlan) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto view = svc().programs.GetProgram(admin_, program);
  ASSERT_TRUE(view);
  const TargetView* jobs = JobsTarget(**view);
  ASSERT_NE(jobs, nullptr);
  auto hanoi = svc().org.FindUnit("01", core::CivilDate{2012, 6, 30});
  ASSERT_TRUE(hanoi);
  const domain::OrgUnitId hn = (*hanoi)->id;
  const core::CivilDate june{2012, 6, 30};

  // The matrix has the provinces report jobs, not the Vụ Pháp chế: no share for it, nothing
  // stored. (A program without a matrix keeps today's rule: a share makes a unit report.)
  auto matrix = svc().responsibilities.Reporters(program);
  ASSERT_TRUE(matrix);
  if (!(*matrix)->empty()) {
    auto refused = svc().reporting.ReplaceAllocations(
        admin_, program,
        {{jobs->id, "01", "160.000", "", "", ""}, {jobs->id, "PC", "5", "", "", ""}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().reason, "allocation_invalid");
    ASSERT_FALSE(refused.error().details.empty());
    EXPECT_NE(refused.error().details.front().message.find("không báo cáo chỉ tiêu này"),
              std::string::npos);
    EXPECT_TRUE(svc().reporting.Allocations(admin_, program)->rows.empty());
  }

  ASSERT_TRUE(svc().reporting.ReplaceAllocations(
      admin_, program,
      {{jobs->id, "01", "160.000", "", "", ""}, {jobs->id, "79", "200.000", "", "", ""}}));
  auto unit =
      svc().figures.Dashboard(admin_, program, june, domain::OrgKind::kProvince, jobs->id, hn);
  ASSERT_TRUE(unit) << unit.error().message;
  const auto* m = MeasureOf(*unit, jobs->id);
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->measure.target);
  EXPECT_DOUBLE_EQ(*m->measure.target, 160000);
  EXPECT_EQ(m->measure.target_source, "plan");
  auto nation =
      svc().figures.Dashboard(admin_, program, june, domain::OrgKind::kProvince, jobs->id);
  ASSERT_TRUE(nation);
  const auto* n = MeasureOf(*nation, jobs->id);
  ASSERT_NE(n, nullptr);
  ASSERT_TRUE(n->measure.target);
  EXPECT_DOUBLE_EQ(*n->measure.target, 1600000) << "the nation keeps the program's target";
  EXPECT_EQ(n->measure.target_source, "program");

  // A new share is read at once, although the figures were built.
  ASSERT_TRUE(svc().reporting.ReplaceAllocations(admin_, program,
                                                 {{jobs->id, "01", "170.000", "", "", ""}}));
  unit = svc().figures.Dashboard(admin_, program, june, domain::OrgKind::kProvince, jobs->id, hn);
  ASSERT_TRUE(unit) << unit.error().message;
  m = MeasureOf(*unit, jobs->id);
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->measure.target);
  EXPECT_DOUBLE_EQ(*m->measure.target, 170000);

  // Hà Nội reports a plan of its own in its yearly plan report: the share stays its plan.
  auto editor = NewUser("hanoi", domain::Role::kEditor, "01");
  auto approver = NewUser("hanoi.duyet", domain::Role::kApprover, "01");
  auto due = svc().reporting.DueReports(admin_, program, {});
  ASSERT_TRUE(due);
  auto plan_report = std::find_if(due->begin(), due->end(), [&](const auto& d) {
    // A unit's own program (issue 18: 2012's r1) is no form.
    auto o = svc().reporting.FindObligation(**view, d.expected.obligation);
    return d.expected.unit == hn && o && !IsUnitProgram(*o) &&
           (d.expected.period.kind == domain::PeriodKind::kOnce ||
            d.expected.period.kind == domain::PeriodKind::kYear);
  });
  if (plan_report != due->end()) {
    ReportRef ref{program, plan_report->expected.obligation, plan_report->expected.period.Key(),
                  hn};
    ReportInput in;
    in.values.push_back({jobs->id, domain::ValueScope::kPeriod, domain::ValueKind::kPlan,
                         core::Decimal{90000, 0}, ""});
    auto sent = svc().reporting.SaveReport(editor, ref, 0, in, ReportAction::kSubmit);
    ASSERT_TRUE(sent) << sent.error().message;
    auto ok = svc().reporting.ActOnReport(approver, sent->report->id, sent->version(),
                                          ReportAction::kApprove, "");
    ASSERT_TRUE(ok) << ok.error().message;
    unit = svc().figures.Dashboard(admin_, program, june, domain::OrgKind::kProvince, jobs->id, hn);
    ASSERT_TRUE(unit) << unit.error().message;
    m = MeasureOf(*unit, jobs->id);
    ASSERT_NE(m, nullptr);
    ASSERT_TRUE(m->measure.target);
    EXPECT_DOUBLE_EQ(*m->measure.target, 170000) << "a reported plan does not override the share";
  }

  // The allocations list each target with the units that report it.
  auto listed = svc().reporting.Allocations(admin_, program);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->targets.size(), (*view)->targets.size());
  auto row = std::find_if(listed->targets.begin(), listed->targets.end(),
                          [&](const auto& t) { return t.target_id == jobs->id; });
  ASSERT_NE(row, listed->targets.end());
  EXPECT_NE(std::find(row->reporters.begin(), row->reporters.end(), hn), row->reporters.end());
}

// The demo's Hà Nội accounts belong to the Hà Nội formed on 1/7/2025: their 2012 dashboard is
// the old Hà Nội's (its unit, its share as plan), not an error; they see no other province.
TEST_F(ServiceTest, PredecessorUnitDashboard) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto view = svc().programs.GetProgram(admin_, program);
  ASSERT_TRUE(view);
  const TargetView* jobs = JobsTarget(**view);
  ASSERT_NE(jobs, nullptr);
  auto old_hanoi = svc().org.FindUnit("01", core::CivilDate{2012, 12, 31});
  auto new_hanoi = svc().org.FindUnit("01", core::CivilDate{2026, 1, 1});
  ASSERT_TRUE(old_hanoi && new_hanoi);
  ASSERT_NE((*old_hanoi)->id, (*new_hanoi)->id);
  ASSERT_TRUE(svc().reporting.ReplaceAllocations(admin_, program,
                                                 {{jobs->id, "01", "160.000", "", "", ""}}));
  auto editor = NewUser("hanoi.nhaplieu", domain::Role::kEditor, std::to_string((*new_hanoi)->id));
  ASSERT_EQ(editor.unit, (*new_hanoi)->id);

  auto v = svc().figures.Dashboard(editor, program, core::CivilDate{2012, 12, 31},
                                   domain::OrgKind::kProvince, jobs->id);
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_TRUE(v->unit);
  EXPECT_EQ(*v->unit, (*old_hanoi)->id) << "the Hà Nội of 2012";
  const auto* m = MeasureOf(*v, jobs->id);
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->measure.target);
  EXPECT_DOUBLE_EQ(*m->measure.target, 160000);
  auto other = svc().org.FindUnit("79", core::CivilDate{2012, 12, 31});
  ASSERT_TRUE(other);
  auto denied = svc().figures.Dashboard(editor, program, core::CivilDate{2012, 12, 31},
                                        domain::OrgKind::kProvince, jobs->id, (*other)->id);
  ASSERT_FALSE(denied) << "succession reads, never widens";
  EXPECT_EQ(denied.error().reason, "out_of_scope");
}

// The 2012 program with the jobs target shared between Hà Nội (160.000) and Hồ Chí Minh city
// (200.000), both of which report March; in April only Hồ Chí Minh city does.
class FiguresTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    program_ = ImportSeed();
    ASSERT_NE(program_, 0);
    auto view = svc().programs.GetProgram(admin_, program_);
    ASSERT_TRUE(view);
    view_ = *view;
    jobs_ = JobsTarget(*view_);
    ASSERT_NE(jobs_, nullptr);
    hn_ = (*svc().org.FindUnit("01", core::CivilDate{2012, 6, 30}))->id;
    hcm_ = (*svc().org.FindUnit("79", core::CivilDate{2012, 6, 30}))->id;
    // The decision has every province report jobs (issue 16's matrix); here the planner has
    // only these two report it, from the decision's date.
    auto matrix = svc().responsibilities.Matrix(admin_, program_, std::nullopt);
    ASSERT_TRUE(matrix) << matrix.error().message;
    MatrixChange two{jobs_->id,
                     {{"unit:" + std::to_string(hn_), std::nullopt},
                      {"unit:" + std::to_string(hcm_), std::nullopt}},
                     std::nullopt};
    auto narrowed = svc().responsibilities.Replace(admin_, program_, matrix->revision,
                                                   ProgramDate(view_->record), {two});
    ASSERT_TRUE(narrowed) << narrowed.error().message;
    ASSERT_TRUE(svc().reporting.ReplaceAllocations(
        admin_, program_,
        {{jobs_->id, "01", "160.000", "", "", ""}, {jobs_->id, "79", "200.000", "", "", ""}}));
    Send("01", "2012-M03", 13000, At(2012, 3, 15, 3));
    Send("79", "2012-M03", 16000, At(2012, 3, 15, 3));
    Send("79", "2012-M04", 17000, At(2012, 4, 16, 3));
  }
  // The unit's monthly report of the period, with its jobs, submitted and approved.
  void Send(const std::string& code, const std::string& period, int64_t jobs,
            std::chrono::system_clock::time_point when) {
    SetNow(when);
    auto& staff = staff_[code];
    if (staff.first.user_id == 0) {
      staff = {NewUser(code + ".nhaplieu", domain::Role::kEditor, code),
               NewUser(code + ".duyet", domain::Role::kApprover, code)};
    }
    ReportRef ref{program_, "r2", period, *staff.first.unit};
    ReportInput in;
    in.values.push_back({jobs_->id, domain::ValueScope::kPeriod, domain::ValueKind::kEstimate,
                         core::Decimal{jobs, 0}, ""});
    auto sent = svc().reporting.SaveReport(staff.first, ref, 0, in, ReportAction::kSubmit);
    ASSERT_TRUE(sent) << sent.error().message;
    auto ok = svc().reporting.ActOnReport(staff.second, sent->report->id, sent->version(),
                                          ReportAction::kApprove, "");
    ASSERT_TRUE(ok) << ok.error().message;
  }
  DashboardView Dashboard(const domain::Principal& by, core::CivilDate at,
                          std::optional<domain::OrgUnitId> unit = std::nullopt) {
    auto v = svc().figures.Dashboard(by, program_, at, domain::OrgKind::kProvince, jobs_->id, unit);
    EXPECT_TRUE(v) << v.error().message;
    return v ? std::move(*v) : DashboardView{};
  }

  ProgramId program_ = 0;
  std::shared_ptr<const ProgramView> view_;
  const TargetView* jobs_ = nullptr;
  domain::OrgUnitId hn_ = 0, hcm_ = 0;
  std::map<std::string, std::pair<domain::Principal, domain::Principal>> staff_;
};

// The national headline counts every target once, in one of the five states, each target that
// cannot be measured saying why: they add up to the program's targets.
TEST_F(FiguresTest, HeadlineCountsAddUp) {
  auto v = Dashboard(admin_, core::CivilDate{2012, 4, 30});
  EXPECT_EQ(v.targets.size(), view_->targets.size());
  size_t sum = 0;
  for (const auto& [state, n] : v.headline_counts) sum += n;
  EXPECT_EQ(sum, view_->targets.size());
  for (const auto& t : v.targets) {
    EXPECT_FALSE(t.why.empty()) << t.target->target.section << " " << t.target->target.indicator;
  }
  ASSERT_TRUE(v.coverage_period);
  EXPECT_EQ(*v.coverage_period, "2012-M04");
  EXPECT_EQ(v.period, "2012-M04") << "the panel counts the period the coverage counts";
}

// Hà Nội's dashboard lists what Hà Nội reports — the targets its March form asks — and its
// headline counts those: "1/10", not "1/100".
TEST_F(FiguresTest, UnitDashboardCountsOwnTargets) {
  auto v = Dashboard(admin_, core::CivilDate{2012, 3, 31}, hn_);
  auto form = svc().reporting.GetReportForm(admin_, {program_, "r2", "2012-M03", hn_});
  ASSERT_TRUE(form) << form.error().message;
  std::set<int64_t> asked;
  // A rate is asked as its two parts (issue 16) and listed as the rate.
  for (const auto& row : form->targets()) asked.insert(row.rate ? row.rate->id : row.target->id);
  std::set<int64_t> listed;
  for (const auto& t : v.targets) listed.insert(t.target->id);
  EXPECT_EQ(listed, asked);
  EXPECT_LT(listed.size(), view_->targets.size());
  size_t sum = 0;
  for (const auto& [state, n] : v.headline_counts) sum += n;
  EXPECT_EQ(sum, listed.size());
  const auto* jobs = MeasureOf(v, jobs_->id);
  ASSERT_NE(jobs, nullptr);
  ASSERT_TRUE(jobs->coverage);
  EXPECT_EQ(jobs->coverage->text, "1/1 tỉnh đã báo cáo tháng 3/2012");
}

// April: Hồ Chí Minh city reported, Hà Nội did not. The country's jobs are incomplete — not off
// track, although the 2 provinces' sum is far below the national 1.600.000 — and say how far
// those who reported are against their own shares; Hà Nội is incomplete too, projected from
// March, not from March taken as April.
TEST_F(FiguresTest, MissingReportIsIncompleteNotOffTrack) {
  auto v = Dashboard(admin_, core::CivilDate{2012, 4, 30});
  const auto* jobs = MeasureOf(v, jobs_->id);
  ASSERT_NE(jobs, nullptr);
  EXPECT_EQ(jobs->measure.status, MeasureStatus::kOffTrack) << "the projection alone misleads";
  EXPECT_EQ(jobs->state, TargetState::kIncomplete);
  ASSERT_TRUE(jobs->coverage);
  // Everyone who reports jobs is expected: the units the matrix names (the 2012 decision's
  // provinces), or — a program without a matrix — the two provinces allocated a share.
  auto listed = svc().reporting.Allocations(admin_, program_);
  ASSERT_TRUE(listed);
  auto row = std::find_if(listed->targets.begin(), listed->targets.end(),
                          [&](const auto& t) { return t.target_id == jobs_->id; });
  ASSERT_NE(row, listed->targets.end());
  const std::string expected = std::to_string(row->reporters.size());
  EXPECT_GE(row->reporters.size(), 2u);
  EXPECT_EQ(jobs->coverage->reported, 1u);
  EXPECT_EQ(jobs->coverage->expected, row->reporters.size());
  EXPECT_EQ(jobs->coverage->text.rfind("1/" + expected + " ", 0), 0u) << jobs->coverage->text;
  EXPECT_NE(jobs->coverage->text.find("đã báo cáo tháng 4/2012"), std::string::npos);
  // HCM: 33.000 in four months → 99.000 a year against its 200.000.
  EXPECT_NE(jobs->why.find("dự báo theo 1/" + expected), std::string::npos) << jobs->why;
  EXPECT_NE(jobs->why.find("đạt 50% kế hoạch"), std::string::npos) << jobs->why;

  auto hn = Dashboard(admin_, core::CivilDate{2012, 4, 30}, hn_);
  const auto* own = MeasureOf(hn, jobs_->id);
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->state, TargetState::kIncomplete);
  EXPECT_EQ(own->measure.months_elapsed, 3) << "projected from the months reported";
  ASSERT_TRUE(own->measure.projection);
  EXPECT_DOUBLE_EQ(*own->measure.projection, 13000 * 4) << own->why;

  // Once Hà Nội's April is in, Hà Nội is measured again, on April; the country counts it.
  Send("01", "2012-M04", 14000, At(2012, 5, 2, 3));
  hn = Dashboard(admin_, core::CivilDate{2012, 4, 30}, hn_);
  own = MeasureOf(hn, jobs_->id);
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->state, TargetState::kOffTrack) << own->why;  // 27.000 in 4 months of 160.000
  EXPECT_EQ(own->measure.months_elapsed, 4);
  v = Dashboard(admin_, core::CivilDate{2012, 4, 30});
  jobs = MeasureOf(v, jobs_->id);
  ASSERT_NE(jobs, nullptr);
  EXPECT_EQ(jobs->coverage->reported, 2u);
  EXPECT_EQ(jobs->state,
            row->reporters.size() == 2 ? TargetState::kOffTrack : TargetState::kIncomplete);
}

// The password policy (libpwquality with cracklib's dictionary, and a few Vietnamese words):
// each refusal says why in Vietnamese; long passphrases pass, as do the demo's and the tests'.
// ── issue 16, point 4: forms people can fill in once a month ──

// Hà Nội's editor and the targets of its form used below: an additive one (people) and a rate.
struct MonthlyForms {
  domain::Principal editor;
  domain::OrgUnitId unit = 0;
  int64_t people = 0;  // a target counted in people: period and cumulative add up
  int64_t rate = 0;    // a target in %: never checked period against cumulative
  std::vector<std::string> tasks;
};

MonthlyForms HanoiForms(const Services& svc, ProgramId program, const domain::Principal& editor) {
  MonthlyForms m;
  m.editor = editor;
  auto hanoi = svc.org.FindUnit("01", core::CivilDate{2012, 6, 30});
  EXPECT_TRUE(hanoi);
  if (!hanoi) return m;
  m.unit = (*hanoi)->id;
  auto form = svc.reporting.GetReportForm(editor, {program, "r2", "2012-M03", m.unit});
  EXPECT_TRUE(form) << form.error().message;
  if (!form) return m;
  for (const auto& t : form->targets()) {
    if (!m.people && t.form.unit == "người") m.people = t.form.id;
    if (!m.rate && t.form.unit == "%") m.rate = t.form.id;
  }
  for (const auto& t : form->tasks()) m.tasks.push_back(t.id);
  EXPECT_NE(m.people, 0);
  EXPECT_NE(m.rate, 0);
  EXPECT_GE(m.tasks.size(), 3u);
  return m;
}

domain::ReportValue Value(int64_t target, domain::ValueScope scope, int64_t value) {
  return {target, scope, domain::ValueKind::kEstimate, core::Decimal{value, 0}, ""};
}

const domain::Problem* FindProblem(const std::vector<domain::Problem>& problems,
                                   const std::string& code) {
  auto it = std::find_if(problems.begin(), problems.end(),
                         [&](const domain::Problem& p) { return p.code == code; });
  return it == problems.end() ? nullptr : &*it;
}

// A cumulative is last month's cumulative plus this month's: a mismatch is flagged with the
// numbers (accepted, kept with the report), the form tells the browser what to check it with,
// and in the year's first period (the first quarter) the cumulative is the period's. (The 2012
// decision is of 27/2: its first monthly report is March's.)
TEST_F(ServiceTest, CumulativeIsCheckedAgainstLastPeriodsCumulative) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  SetNow(At(2012, 5, 10, 3));
  auto m = HanoiForms(svc(), program, NewUser("hanoi", domain::Role::kEditor, "01"));
  ASSERT_NE(m.people, 0);
  using domain::ValueScope;
  ReportRef q1{program, "r3", "2012-Q1", m.unit}, mar{program, "r2", "2012-M03", m.unit},
      apr{program, "r2", "2012-M04", m.unit};

  auto form = svc().reporting.GetReportForm(m.editor, q1);
  ASSERT_TRUE(form) << form.error().message;
  auto year_start =
      std::find_if(form->cumulative_references.begin(), form->cumulative_references.end(),
                   [&](const domain::ReferenceValue& r) { return r.target_id == m.people; });
  ASSERT_NE(year_start, form->cumulative_references.end());
  EXPECT_EQ(year_start->role, domain::ReferenceRole::kYearStart);
  EXPECT_TRUE(std::none_of(form->cumulative_references.begin(), form->cumulative_references.end(),
                           [&](const domain::ReferenceValue& r) { return r.target_id == m.rate; }))
      << "rates are not checked period against cumulative";

  ReportInput in;
  in.values = {Value(m.people, ValueScope::kPeriod, 10315),
               Value(m.people, ValueScope::kCumulative, 10400),
               Value(m.rate, ValueScope::kPeriod, 5), Value(m.rate, ValueScope::kCumulative, 4)};
  auto saved = svc().reporting.SaveReport(m.editor, q1, 0, in, ReportAction::kSave);
  ASSERT_TRUE(saved) << saved.error().message;
  const auto* first = FindProblem(saved->warnings, "cumulative_mismatch");
  ASSERT_NE(first, nullptr) << "the first quarter's cumulative is its period's";
  EXPECT_EQ(first->field, domain::ValueField(m.people, ValueScope::kCumulative));
  EXPECT_EQ(saved->warnings.size(), 1u) << "the rate's period above its cumulative is no flag";
  in.values[1] = Value(m.people, ValueScope::kCumulative, 10315);
  saved = svc().reporting.SaveReport(m.editor, q1, 1, in, ReportAction::kSave);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_TRUE(saved->warnings.empty());

  in.values.resize(2);
  saved = svc().reporting.SaveReport(m.editor, mar, 0, in, ReportAction::kSave);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_TRUE(saved->warnings.empty()) << "March has no month before it in the program";

  form = svc().reporting.GetReportForm(m.editor, apr);
  ASSERT_TRUE(form) << form.error().message;
  auto previous =
      std::find_if(form->cumulative_references.begin(), form->cumulative_references.end(),
                   [&](const domain::ReferenceValue& r) { return r.target_id == m.people; });
  ASSERT_NE(previous, form->cumulative_references.end());
  EXPECT_EQ(previous->role, domain::ReferenceRole::kPreviousCumulative);
  EXPECT_EQ(previous->value.ToString(), "10315");

  ReportInput aprin;
  aprin.values = {Value(m.people, ValueScope::kPeriod, 95000),
                  Value(m.people, ValueScope::kCumulative, 113018)};
  auto check = svc().reporting.CheckReport(m.editor, apr, 0, aprin, ReportAction::kSave);
  ASSERT_TRUE(check) << check.error().message;
  EXPECT_TRUE(check->ok());
  const auto* mismatch = FindProblem(check->problems, "cumulative_mismatch");
  ASSERT_NE(mismatch, nullptr);
  EXPECT_EQ(mismatch->message,
            "Lũy kế 113.018 khác lũy kế kỳ trước 10.315 + số trong kỳ 95.000 = 105.315; đề "
            "nghị kiểm tra lại.");
  auto apr_saved = svc().reporting.SaveReport(m.editor, apr, 0, aprin, ReportAction::kSave);
  ASSERT_TRUE(apr_saved) << apr_saved.error().message;
  ASSERT_NE(FindProblem(apr_saved->warnings, "cumulative_mismatch"), nullptr)
      << "accepted, and kept with the report for the approver";
  aprin.values[1] = Value(m.people, ValueScope::kCumulative, 105315);
  apr_saved = svc().reporting.SaveReport(m.editor, apr, 1, aprin, ReportAction::kSave);
  ASSERT_TRUE(apr_saved) << apr_saved.error().message;
  EXPECT_EQ(FindProblem(apr_saved->warnings, "cumulative_mismatch"), nullptr);
  EXPECT_NE(FindProblem(apr_saved->warnings, "far_from_reference"), nullptr)
      << "95.000 against March's 10.315 is still far from it";
}

// A new month's form starts from each task's newest progress in the unit's earlier reports,
// whatever their obligation: the quarter's as well as the month's, and never a later period's.
TEST_F(ServiceTest, CarriedTaskProgress) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto m = HanoiForms(svc(), program, NewUser("hanoi", domain::Role::kEditor, "01"));
  ASSERT_GE(m.tasks.size(), 3u);
  const std::string a = m.tasks[0], b = m.tasks[1], c = m.tasks[2];
  using domain::TaskStatus;
  auto progress = [](const std::string& id, TaskStatus status, std::optional<int> percent,
                     std::string output) {
    return domain::TaskProgress{id, status, percent, std::move(output)};
  };
  int day = 1;  // each save a day after the one before
  auto save = [&](const std::string& obligation, const std::string& period,
                  std::vector<domain::TaskProgress> tasks) {
    SetNow(At(2012, 6, day++, 3));
    ReportInput in;
    in.tasks = std::move(tasks);
    auto form = svc().reporting.GetReportForm(m.editor, {program, obligation, period, m.unit});
    EXPECT_TRUE(form) << form.error().message;
    auto saved = svc().reporting.SaveReport(m.editor, {program, obligation, period, m.unit},
                                            form ? form->version() : 0, in, ReportAction::kSave);
    EXPECT_TRUE(saved) << saved.error().message;
  };
  auto carried = [&](const std::string& period) {
    auto form = svc().reporting.GetReportForm(m.editor, {program, "r2", period, m.unit});
    EXPECT_TRUE(form) << form.error().message;
    std::map<std::string, CarriedTask> out;
    if (form) {
      for (const auto& t : form->carried_tasks) out[t.progress.task_id] = t;
    }
    return out;
  };

  EXPECT_TRUE(carried("2012-M03").empty()) << "nothing reported before";
  save("r2", "2012-M03",
       {progress(a, TaskStatus::kInProgress, 30, "đã lập dự thảo"),
        progress(b, TaskStatus::kDone, 100, "đã ban hành")});
  // The quarter's report (another obligation) ends with March, and was written after it.
  save("r3", "2012-Q1",
       {progress(a, TaskStatus::kInProgress, 60, "đã trình Bộ"),
        progress(c, TaskStatus::kNotStarted, std::nullopt, "")});
  EXPECT_TRUE(carried("2012-M03").empty()) << "the quarter ends with March: not before it";

  auto april = carried("2012-M04");
  ASSERT_EQ(april.size(), 3u);
  EXPECT_EQ(april[a].progress.percent, 60);
  EXPECT_EQ(april[a].progress.output, "đã trình Bộ");
  EXPECT_EQ(april[a].period.Label(), "Quý I/2012");
  EXPECT_EQ(april[a].obligation, "r3");
  EXPECT_EQ(april[b].progress.status, TaskStatus::kDone);
  EXPECT_EQ(april[b].period.Label(), "Tháng 3/2012");

  save("r2", "2012-M04", {progress(a, TaskStatus::kInProgress, 70, "đã lấy ý kiến")});
  auto may = carried("2012-M05");
  EXPECT_EQ(may[a].progress.percent, 70);
  EXPECT_EQ(may[a].period.Label(), "Tháng 4/2012");
  EXPECT_EQ(may[b].period.Label(), "Tháng 3/2012");
  EXPECT_EQ(may[c].period.Label(), "Quý I/2012");
  EXPECT_EQ(carried("2012-M04")[a].progress.percent, 60) << "a month's own is not carried";

  // A later month's progress is never carried back; a write is seen at once (the unit's kept
  // progress is read again when one of its reports moved on).
  save("r2", "2012-M05", {progress(b, TaskStatus::kCancelled, std::nullopt, "không làm nữa")});
  EXPECT_EQ(carried("2012-M05")[b].progress.status, TaskStatus::kDone);
  EXPECT_EQ(carried("2012-M06")[b].progress.status, TaskStatus::kCancelled);
}

// The monthly report of a quarter's last month answers the quarter's, due the same day, in one
// transaction: the quarter's period value is the three months' sum for an additive target, its
// cumulative and a rate's values the month's; tasks and narrative copied; both audited; and
// when the quarter cannot be written, neither is.
TEST_F(ServiceTest, PairedMonthAnswersQuarter) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto m = HanoiForms(svc(), program, NewUser("hanoi", domain::Role::kEditor, "01"));
  ASSERT_NE(m.people, 0);
  using domain::ValueScope;
  SetNow(At(2012, 6, 10, 3));
  ReportRef apr{program, "r2", "2012-M04", m.unit}, may{program, "r2", "2012-M05", m.unit},
      jun{program, "r2", "2012-M06", m.unit}, q2{program, "r3", "2012-Q2", m.unit};
  auto save = [&](const ReportRef& ref, int64_t version, int64_t period, int64_t cumulative) {
    ReportInput in;
    in.values = {Value(m.people, ValueScope::kPeriod, period),
                 Value(m.people, ValueScope::kCumulative, cumulative)};
    auto saved = svc().reporting.SaveReport(m.editor, ref, version, in, ReportAction::kSave);
    EXPECT_TRUE(saved) << saved.error().message;
  };
  save(apr, 0, 100, 100);
  save(may, 0, 200, 300);

  auto form = svc().reporting.GetReportForm(m.editor, jun);
  ASSERT_TRUE(form) << form.error().message;
  ASSERT_TRUE(form->paired);
  EXPECT_TRUE(form->paired->answers);
  EXPECT_EQ(form->paired->expected.obligation, "r3");
  EXPECT_EQ(form->paired->expected.period.Key(), "2012-Q2");
  EXPECT_EQ(form->paired->expected.due, form->expected.due);
  auto quarter = svc().reporting.GetReportForm(m.editor, q2);
  ASSERT_TRUE(quarter) << quarter.error().message;
  ASSERT_TRUE(quarter->paired) << "the quarter's form says which month answers it";
  EXPECT_FALSE(quarter->paired->answers);
  EXPECT_EQ(quarter->paired->expected.period.Key(), "2012-M06");
  auto may_form = svc().reporting.GetReportForm(m.editor, may);
  ASSERT_TRUE(may_form);
  EXPECT_FALSE(may_form->paired) << "May ends no quarter";

  ReportInput in;
  in.values = {Value(m.people, ValueScope::kPeriod, 300),
               Value(m.people, ValueScope::kCumulative, 600), Value(m.rate, ValueScope::kPeriod, 4),
               Value(m.rate, ValueScope::kCumulative, 5)};
  in.tasks = {{m.tasks[0], domain::TaskStatus::kInProgress, 40, "đã trình Thủ tướng"}};
  in.narrative = {{domain::Narrative::kResults, "Quý II: tạo việc làm cho 600 người."}};

  // Answering from a form that answers nothing is refused, nothing stored.
  auto from_quarter = svc().reporting.SaveReport(m.editor, q2, 0, in, ReportAction::kSave, 1);
  ASSERT_FALSE(from_quarter);
  EXPECT_EQ(from_quarter.error().reason, "no_paired_report");

  // The quarter written meanwhile by someone else: its stale version refuses both.
  auto other = svc().reporting.SaveReport(m.editor, q2, 0, {}, ReportAction::kSave);
  ASSERT_TRUE(other) << other.error().message;
  auto stale = svc().reporting.SaveReport(m.editor, jun, 0, in, ReportAction::kSave, 0);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, "stale_version");
  EXPECT_NE(stale.error().message.find("Quý II/2012"), std::string::npos)
      << "named as the quarter's: " << stale.error().message;
  auto untouched = svc().reporting.GetReportForm(m.editor, jun);
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->version(), 0) << "the month is not stored without its quarter";

  auto both = svc().reporting.SaveReport(m.editor, jun, 0, in, ReportAction::kSubmit, 1);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->report->status, domain::ReportStatus::kSubmitted);
  ASSERT_TRUE(both->paired);
  ASSERT_TRUE(both->paired->report);
  EXPECT_EQ(both->paired->report->version, 2);
  EXPECT_EQ(both->paired->state, DueState::kSubmitted);

  auto q = svc().reporting.GetReportForm(m.editor, q2);
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->report->status, domain::ReportStatus::kSubmitted);
  auto value = [&](int64_t target, ValueScope scope) -> std::string {
    for (const auto& v : q->content.values) {
      if (v.target_id == target && v.scope == scope && v.value) return v.value->ToString();
    }
    return "";
  };
  EXPECT_EQ(value(m.people, ValueScope::kPeriod), "600") << "100 + 200 + 300";
  EXPECT_EQ(value(m.people, ValueScope::kCumulative), "600");
  EXPECT_EQ(value(m.rate, ValueScope::kPeriod), "4") << "a rate is the month's, not a sum";
  EXPECT_EQ(value(m.rate, ValueScope::kCumulative), "5");
  ASSERT_EQ(q->content.tasks.size(), 1u);
  EXPECT_EQ(q->content.tasks[0].output, "đã trình Thủ tướng");
  EXPECT_EQ(q->content.narrative[0], "Quý II: tạo việc làm cho 600 người.");

  // Both writes are in the log, the quarter's naming the month it was answered from; the
  // stored reports match what the log recorded.
  auto entries = svc().audit.Audit(admin_, 0, 1000);
  ASSERT_TRUE(entries);
  size_t submits = 0;
  for (const auto& e : *entries) {
    if (e.event.action != "report.submit") continue;
    ++submits;
    if (e.event.after.find("\"2012-Q2\"") != std::string::npos) {
      EXPECT_NE(e.event.after.find("answered_from"), std::string::npos) << e.event.after;
    }
  }
  EXPECT_EQ(submits, 2u);
  auto verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->ok()) << verified->problems.front().message;
}

TEST(PasswordPolicy, RefusesShortDictionaryAndSimplePasswordsSayingWhy) {
  auto why = [](const std::string& p, const std::string& user = "") {
    return PasswordProblem(p, user).value_or("");
  };
  EXPECT_NE(why("12345678").find("ít nhất 10 ký tự"), std::string::npos) << why("12345678");
  EXPECT_NE(why("password").find("ít nhất 10 ký tự"), std::string::npos);
  EXPECT_NE(why("Password123").find("từ điển"), std::string::npos) << why("Password123");
  EXPECT_NE(why("matkhau123").find("matkhau"), std::string::npos) << why("matkhau123");
  EXPECT_NE(why("1234567890").find("đơn giản"), std::string::npos) << why("1234567890");
  EXPECT_NE(why("aaaaaaaaaaaa").find("đơn giản"), std::string::npos) << why("aaaaaaaaaaaa");
  EXPECT_NE(why("nguyenvana-2012", "nguyenvana").find("tên đăng nhập"), std::string::npos)
      << why("nguyenvana-2012", "nguyenvana");
  EXPECT_FALSE(PasswordProblem(std::string(300, 'x') + "Ab1").value_or("").empty());
  for (const char* ok : {"workplan-demo", "mat-khau-thu-nghiem", "Lua-chin-vang-2012",
                         "bench-first-paint-password"}) {
    EXPECT_EQ(PasswordProblem(ok), std::nullopt) << ok;
  }
}

// The sign-in limit's delays per account: none for the first four failures in a row, 30 s at
// the fifth, doubling with each further one up to 15 minutes.
TEST(LoginLimit, AnAccountWaitsLongerWithEachFailureUpToFifteenMinutes) {
  using std::chrono::seconds;
  for (int n = 0; n <= 4; ++n) EXPECT_EQ(AccountLoginDelay(n), seconds(0)) << n;
  EXPECT_EQ(AccountLoginDelay(5), seconds(30));
  EXPECT_EQ(AccountLoginDelay(6), seconds(60));
  EXPECT_EQ(AccountLoginDelay(7), seconds(120));
  EXPECT_EQ(AccountLoginDelay(9), seconds(480));
  EXPECT_EQ(AccountLoginDelay(10), seconds(900));
  EXPECT_EQ(AccountLoginDelay(1000000), seconds(900));
}

// A document (issue 17) is held against the fingerprint its newest entry recorded: as written it
// verifies; a block edited by hand in the database (sqlite3) makes `audit verify` name it.
TEST_F(ServiceTest, AuditVerifyNamesADocumentEditedByHand) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  auto office = svc().org.FindUnit("01", core::CivilDate{2012, 12, 31});
  ASSERT_TRUE(office);
  auto store = store::OpenStore("sqlite:" + (dir_ / "wp.db").string());
  ASSERT_TRUE(store);

  store::DocumentRecord d;
  d.program_id = program;
  d.kind = domain::DocumentKind::kUnit;
  d.unit_id = (*office)->id;
  d.period = "2012-M12";
  d.as_of = {2012, 12, 31};
  d.header.title = "BÁO CÁO";
  d.header.symbol = "BC-SLĐTBXH";
  d.generated_at = d.updated_at = "2013-01-05T02:00:00Z";
  std::vector<domain::Block> blocks(2);
  blocks[0].key = "intro";
  blocks[0].generated = "Thực hiện Chương trình công tác năm 2012, Sở báo cáo như sau:";
  blocks[1].key = "I.fig.7";
  blocks[1].generated = "Tạo việc làm cho 141,2 nghìn người, đạt 98,1% kế hoạch năm.";
  blocks[1].base = blocks[1].generated;
  blocks[1].edited = "Tạo việc làm cho 141,2 nghìn lao động.";
  blocks[1].state = domain::BlockState::kEdited;
  store::DocumentRecord as_stored = d;
  as_stored.version = 1;
  store::AuditEvent audit;
  audit.at = d.updated_at;
  audit.actor = "test";
  audit.action = "document.generate";
  audit.entity = "document";
  audit.after =
      "{\"version\":1,\"fingerprint\":\"" + DocumentFingerprint(as_stored, blocks) + "\"}";
  auto stored = (*store)->PutDocument(d, blocks, 0, "generate", audit);
  ASSERT_TRUE(stored) << stored.error().message << " " << stored.error().internal_note;

  auto verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->ok()) << verified->problems.front().message;
  EXPECT_EQ(verified->documents_checked, 1u);

  // By hand, with the sqlite3 shell (only store/sqlite links SQLite's library).
  const std::string edit = "sqlite3 -cmd '.timeout 5000' '" + (dir_ / "wp.db").string() +
                           "' \"UPDATE document_blocks SET edited_text = 'Tạo việc làm cho 200 "
                           "nghìn lao động.' WHERE key = 'I.fig.7'\"";
  ASSERT_EQ(std::system(edit.c_str()), 0) << edit;

  verified = svc().audit.VerifyAudit();
  ASSERT_TRUE(verified) << verified.error().message;
  ASSERT_FALSE(verified->ok());
  ASSERT_EQ(verified->problems.size(), 1u);
  EXPECT_EQ(verified->problems[0].code, "edited_outside");
  EXPECT_NE(verified->problems[0].message.find("Văn bản #" + std::to_string(stored->id)),
            std::string::npos)
      << verified->problems[0].message;
  EXPECT_NE(verified->problems[0].message.find("Tháng 12/2012"), std::string::npos)
      << verified->problems[0].message;
}

// ── issue 18: what is in force on a date ──

// An amendment approved as the store records it (what the Amendments service ends with), written
// through a store of its own on the same database: another server's approval.
class InForceTest : public FiguresTest {
 protected:
  // Stores a forwarded amendment of `changes` effective from `from`, approves it; the version.
  int Approve(core::CivilDate from, std::vector<domain::Change> changes) {
    auto store = store::OpenStore("sqlite:" + (dir_ / "wp.db").string());
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return 0;
    store::AmendmentRecord a;
    a.program_id = program_;
    a.unit_id = hn_;
    a.status = domain::AmendmentStatus::kForwarded;
    a.effective_from = from;
    a.reason = "Kết quả 6 tháng đầu năm vượt kế hoạch";
    a.changes = std::move(changes);
    a.created_at = a.updated_at = "2012-06-20T02:00:00Z";
    store::AuditEvent e{
        "2012-06-20T02:00:00Z", std::nullopt, "test", "amendment.save", "amendment", "", "", "{}"};
    auto saved = (*store)->PutAmendment(a, 0, e);
    EXPECT_TRUE(saved) << saved.error().message;
    if (!saved) return 0;
    auto next = *saved;
    next.status = domain::AmendmentStatus::kApproved;
    next.decided_at = "2012-06-25T02:00:00Z";
    next.decision_number = "512/QĐ-LĐTBXH";
    auto approve = e;
    approve.action = "amendment.approve";
    approve.entity_id = std::to_string(saved->id);
    auto amend = e;
    amend.action = "program.amend";
    amend.entity = "program";
    amend.entity_id = std::to_string(program_);
    auto version = (*store)->ApproveAmendment(next, saved->version, approve, amend);
    EXPECT_TRUE(version) << version.error().message;
    return version ? *version : 0;
  }
  domain::Change RaiseJobs(const std::string& value) {
    return {
        domain::ChangeKind::kTargetValue, "target:" + std::to_string(jobs_->id), value, "", "", ""};
  }
};

// A measure at date D reads the year against the target in force on D: an amendment approved
// on 25/6 raising jobs from 1/7 leaves June's dashboard against the published target, and
// reads December's against the new one, saying so; the program's targets in force follow the
// same dates, the published program stays as it was.
TEST_F(InForceTest, AmendedTargetMeasuredFromItsDate) {
  const double original = jobs_->target.value.AsDouble();
  const double raised = original + original / 32;  // 1.600.000 → 1.650.000
  Send("01", "2012-M07", 15000, At(2012, 8, 2, 3));
  auto june = Dashboard(admin_, core::CivilDate{2012, 6, 30});  // the engine built before
  const auto* jobs = MeasureOf(june, jobs_->id);
  ASSERT_NE(jobs, nullptr);
  EXPECT_DOUBLE_EQ(*jobs->measure.target, original);

  ASSERT_EQ(Approve(core::CivilDate{2012, 7, 1},
                    {RaiseJobs(std::to_string(static_cast<int64_t>(raised)))}),
            2);
  june = Dashboard(admin_, core::CivilDate{2012, 6, 30});
  jobs = MeasureOf(june, jobs_->id);
  ASSERT_NE(jobs, nullptr);
  EXPECT_DOUBLE_EQ(*jobs->measure.target, original) << "before its date nothing changes";
  EXPECT_EQ(jobs->measure.target_version, 1);
  EXPECT_FALSE(jobs->measure.target_from);
  EXPECT_DOUBLE_EQ(jobs->target->target.value.AsDouble(), original);

  auto december = Dashboard(admin_, core::CivilDate{2012, 12, 31});
  jobs = MeasureOf(december, jobs_->id);
  ASSERT_NE(jobs, nullptr);
  EXPECT_DOUBLE_EQ(*jobs->measure.target, raised);
  EXPECT_DOUBLE_EQ(*jobs->measure.target_original, original);
  EXPECT_EQ(jobs->measure.target_version, 2);
  EXPECT_EQ(jobs->measure.target_from, (core::CivilDate{2012, 7, 1}));
  EXPECT_DOUBLE_EQ(jobs->target->target.value.AsDouble(), raised) << "the value shown";
  ASSERT_TRUE(jobs->measure.current);
  EXPECT_DOUBLE_EQ(*jobs->measure.achievement, *jobs->measure.current / raised);
  EXPECT_NE(jobs->measure.explanation.find("(điều chỉnh từ 01/07/2012)"), std::string::npos)
      << jobs->measure.explanation;

  auto in_march = svc().programs.InForce(admin_, program_, core::CivilDate{2012, 3, 1});
  auto in_august = svc().programs.InForce(admin_, program_, core::CivilDate{2012, 8, 1});
  ASSERT_TRUE(in_march && in_august);
  EXPECT_EQ((*in_march)->version, 1);
  EXPECT_EQ((*in_august)->version, 2);
  auto value_in = [&](const ProgramView& p) {
    for (const auto& t : p.targets) {
      if (t.id == jobs_->id) return t.target.value.AsDouble();
    }
    return 0.0;
  };
  EXPECT_DOUBLE_EQ(value_in(**in_march), original);
  EXPECT_DOUBLE_EQ(value_in(**in_august), raised);
  const auto* steps = (*in_august)->StepsOf("target:" + std::to_string(jobs_->id));
  ASSERT_NE(steps, nullptr);
  EXPECT_EQ(steps->front().version, 2);
  auto published = svc().programs.GetProgram(admin_, program_);
  ASSERT_TRUE(published);
  EXPECT_DOUBLE_EQ(value_in(**published), original) << "the baseline is never overwritten";

  // The baseline page: the change, its reason, from when, by which unit.
  auto baseline = svc().programs.Baseline(admin_, program_, core::CivilDate{2012, 12, 31});
  ASSERT_TRUE(baseline) << baseline.error().message;
  EXPECT_EQ(baseline->version_in_force, 2);
  ASSERT_EQ(baseline->items.size(), 1u);
  const auto& item = baseline->items[0];
  EXPECT_EQ(item.kind, "target");
  EXPECT_EQ(item.status, "changed");
  ASSERT_EQ(item.steps.size(), 1u);
  EXPECT_EQ(item.steps[0].reason, "Kết quả 6 tháng đầu năm vượt kế hoạch");
  EXPECT_EQ(item.steps[0].effective_from, (core::CivilDate{2012, 7, 1}));
  EXPECT_EQ(item.steps[0].decision_number, "512/QĐ-LĐTBXH");
  EXPECT_EQ(item.steps[0].proposed_by, hn_);
  auto before = svc().programs.Baseline(admin_, program_, core::CivilDate{2012, 6, 30});
  ASSERT_TRUE(before);
  EXPECT_EQ(before->version_in_force, 1);
  EXPECT_TRUE(before->items.empty());
}

// Another server's approval is seen at its next request: the program it keeps is checked
// against the amendments' revision (one indexed read), its engine takes the new steps in place,
// and a unit's form of a period after a lead change asks the tasks it now leads — the periods
// before keep theirs.
TEST_F(InForceTest, AnotherServersApprovalIsSeen) {
  auto other = OpenSet();
  ASSERT_TRUE(other);
  const Services& b = other->services();
  // A task led by some unit other than Hà Nội, handed to Hà Nội from 1/9.
  auto tasks = svc().programs.Tasks(admin_, *view_, std::nullopt);
  ASSERT_TRUE(tasks);
  const TaskView* moved = nullptr;
  for (const auto& t : *tasks) {
    const bool hanoi = std::any_of(
        t.task->resolved_leads.begin(), t.task->resolved_leads.end(), [&](const auto& r) {
          return std::find(r.units.begin(), r.units.end(), hn_) != r.units.end();
        });
    if (!t.task->resolved_leads.empty() && t.task->leads_inherited && !hanoi &&
        t.section->number.starts_with("II.")) {
      moved = &t;
      break;
    }
  }
  ASSERT_NE(moved, nullptr);
  ReportRef august{program_, "r2", "2012-M08", hn_};
  ReportRef september{program_, "r2", "2012-M09", hn_};
  auto asks = [&](const Services& s, const ReportRef& ref, const std::string& task) {
    auto form = s.reporting.GetReportForm(admin_, ref);
    EXPECT_TRUE(form) << form.error().message;
    if (!form) return false;
    return std::any_of(form->skeleton->tasks.begin(), form->skeleton->tasks.end(),
                       [&](const TaskView& t) { return t.id == task; });
  };
  SetNow(At(2012, 8, 20, 3));
  EXPECT_FALSE(asks(b, september, moved->id));
  auto dash = b.figures.Dashboard(admin_, program_, core::CivilDate{2012, 12, 31},
                                  domain::OrgKind::kProvince, jobs_->id, std::nullopt);
  ASSERT_TRUE(dash) << dash.error().message;

  const double original = jobs_->target.value.AsDouble();
  ASSERT_EQ(Approve(core::CivilDate{2012, 9, 1},
                    {RaiseJobs(std::to_string(static_cast<int64_t>(original + original / 32))),
                     {domain::ChangeKind::kLead, "section:" + std::string(moved->section->number),
                      "Hà Nội", "", "", ""},
                     {domain::ChangeKind::kTaskAdd, "section:" + moved->section->number,
                      "Tổng kết thí điểm", "", "", moved->section->number + "#99"}}),
            2);
  // Server B, which read everything before, sees it at its next request.
  EXPECT_TRUE(asks(b, september, moved->id)) << "Hà Nội leads the section from 1/9";
  EXPECT_TRUE(asks(b, september, moved->section->number + "#99")) << "the task added";
  EXPECT_FALSE(asks(b, august, moved->id)) << "August keeps what it asked";
  EXPECT_FALSE(asks(b, august, moved->section->number + "#99"));
  dash = b.figures.Dashboard(admin_, program_, core::CivilDate{2012, 12, 31},
                             domain::OrgKind::kProvince, jobs_->id, std::nullopt);
  ASSERT_TRUE(dash) << dash.error().message;
  const auto* jobs = MeasureOf(*dash, jobs_->id);
  ASSERT_NE(jobs, nullptr);
  EXPECT_DOUBLE_EQ(*jobs->measure.target, original + original / 32);
  EXPECT_EQ(jobs->measure.target_version, 2);
  // The task board of B on a date after it lists the added task, marked.
  auto board = b.figures.TaskStatuses(admin_, program_, core::CivilDate{2012, 10, 1}, hn_);
  ASSERT_TRUE(board) << board.error().message;
  auto added = std::find_if(board->rows.begin(), board->rows.end(), [&](const auto& r) {
    return r.task.id == moved->section->number + "#99";
  });
  ASSERT_NE(added, board->rows.end());
  ASSERT_TRUE(board->program);
  EXPECT_EQ(PlanStatus(*board->program, added->task), "added");
}

// One rule places a target (service/areas.hpp): the consolidated report and the briefing pack of
// the 2012 program put every target under the same area of part II, and the targets of section I
// no item restates under one too.
TEST_F(ServiceTest, TheReportAndTheBriefingPutEveryTargetUnderTheSameArea) {
  ProgramId program = ImportSeed();
  ASSERT_NE(program, 0);
  SetNow(At(2013, 1, 5, 2));
  GenerateInput in;
  in.period = "2012-M12";
  in.as_of = core::CivilDate{2012, 12, 31};
  auto doc = svc().documents.Generate(admin_, program, in);
  ASSERT_TRUE(doc) << doc.error().message << " " << doc.error().internal_note;
  std::map<int64_t, std::string> in_report;
  for (const auto& b : doc->blocks) {
    if (b.block.key.rfind("I.fig.", 0) != 0) continue;
    in_report[std::stoll(b.block.key.substr(6))] = b.block.area;
  }
  Briefings briefings(svc().figures, svc().programs, svc().responsibilities, svc().org);
  auto brief = briefings.Build(admin_, program, core::CivilDate{2012, 12, 31}, std::nullopt);
  ASSERT_TRUE(brief) << brief.error().message;
  std::map<int64_t, std::string> in_briefing;
  for (const auto& a : brief->areas) {
    for (const auto& t : a.targets) in_briefing[t.target->id] = a.section;
  }
  // The report has sentences for the headline and lagging targets only (the rest in tables).
  ASSERT_GT(in_report.size(), 30u);
  EXPECT_LT(in_report.size(), in_briefing.size());
  size_t in_part_two = 0;
  for (const auto& [id, area] : in_report) {
    auto it = in_briefing.find(id);
    ASSERT_NE(it, in_briefing.end()) << "target " << id << " is in the report only";
    // The report calls the area of the targets no item claims "general", the briefing "I".
    const std::string briefing_area = it->second.rfind("II.", 0) == 0 ? it->second : "general";
    EXPECT_EQ(area, briefing_area) << "target " << id;
    if (area != "general") ++in_part_two;
  }
  EXPECT_EQ(in_part_two, in_report.size()) << "every target of 2012 finds an area of part II";
  // Jobs (I.1, restated in II.2.1) are II.2's in both; the poor households' rate (I.4, restated
  // nowhere, answered for by the Social Protection Department) II.7's.
  const auto program_view = svc().programs.GetProgram(admin_, program);
  ASSERT_TRUE(program_view);
  for (const auto& t : (*program_view)->targets) {
    if (t.target.indicator_code == "viec_lam") {
      EXPECT_EQ(in_report[t.id], "II.2");
    }
    if (t.target.indicator_code == "ty_le_ho_ngheo") {
      EXPECT_EQ(in_report[t.id], "II.7");
    }
  }
}

// The report writes a target's result in the catalogue's words, and a catalogue stored before
// the words existed gets them from the data directory once, never over an edit.
TEST_F(ServiceTest, TheCatalogueWordsTheReportsSentences) {
  auto jobs = [&]() -> domain::Indicator {
    auto list = svc().responsibilities.Indicators(admin_, kDefaultIssuer);
    EXPECT_TRUE(list);
    for (const auto& x : *list) {
      if (x.code == "viec_lam") return x;
    }
    ADD_FAILURE() << "no viec_lam";
    return {};
  };
  EXPECT_EQ(jobs().sentence, "tạo việc làm cho {value}");

  // A database whose catalogue was stored before issue 17: its sentences NULL.
  set_.reset();
  const std::string db = (dir_ / "wp.db").string();
  const std::string null_them =
      "sqlite3 -cmd '.timeout 5000' '" + db + "' \"UPDATE indicators SET sentence = NULL\"";
  ASSERT_EQ(std::system(null_them.c_str()), 0) << null_them;
  set_ = OpenSet();
  ASSERT_TRUE(set_);
  EXPECT_EQ(jobs().sentence, "tạo việc làm cho {value}");
  auto trail = svc().audit.Audit(admin_, 0, 1000);
  ASSERT_TRUE(trail);
  EXPECT_TRUE(std::any_of(trail->begin(), trail->end(),
                          [](const auto& e) { return e.event.action == "indicator.sentences"; }));

  // A planner drops the wording; the next start leaves it dropped.
  IndicatorEdit edit;
  edit.sentence = "";
  ASSERT_TRUE(svc().responsibilities.EditIndicator(admin_, jobs().id, edit));
  set_.reset();
  set_ = OpenSet();
  EXPECT_EQ(jobs().sentence, "");
  // A wording without its {value} is refused, nothing stored.
  edit.sentence = "tạo việc làm cho nhiều người";
  auto refused = svc().responsibilities.EditIndicator(admin_, jobs().id, edit);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "indicator_invalid");
  EXPECT_EQ(jobs().sentence, "");
}

}  // namespace
}  // namespace wp::service
