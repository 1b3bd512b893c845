// The storage contract: what every Store implementation must do, run against each backend
// (SQLite now; PostgreSQL joins with the same cases).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "doc/parser.hpp"
#include "domain/org_catalog.hpp"
#include "ingest/binder.hpp"
#include "ingest/resolver.hpp"
#include "store/store.hpp"

namespace wp::store {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/" + path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

const domain::OrgRegistry& Registry() {
  static const domain::OrgRegistry r =
      *domain::BuildInitialRegistry(Slurp("data/provinces.csv"), Slurp("data/provinces_2025.csv"));
  return r;
}

ProgramRecord Record(const std::string& seed) {
  ProgramRecord p;
  p.source_name = seed;
  p.source_text = Slurp(seed);
  p.source_sha256 = "sha-of-" + seed;
  p.created_at = "2026-11-23T10:00:00Z";
  auto doc = doc::Parse(p.source_text);
  EXPECT_TRUE(doc);
  p.plan = ingest::Bind(*doc);
  ingest::UnitResolver resolver(Registry());
  ingest::ResolvePlanUnits(p.plan, resolver);
  return p;
}

AuditEvent Audit(const std::string& action, const std::string& entity = "program") {
  AuditEvent e;
  e.at = "2026-11-23T10:00:00Z";
  e.actor = "test";
  e.action = action;
  e.entity = entity;
  e.after = "{\"note\":\"ok\"}";
  return e;
}

UserRecord User(const std::string& name, domain::Role role) {
  UserRecord u;
  u.username = name;
  u.display_name = "Người dùng " + name;
  u.role = role;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$fake";
  u.created_at = "2026-11-23T10:00:00Z";
  return u;
}

// The store URL under test: SQLite in a temporary directory, or PostgreSQL when
// WP_TEST_POSTGRES_URL names a database (scripts/with-postgres sets it).
class StoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("wp_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "test.db").string();
    auto s = OpenStore(url_);
    ASSERT_TRUE(s) << s.error().message << " " << s.error().internal_note;
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreContract, KeepsTheOrganisationWithItsHistory) {
  ASSERT_TRUE(store_->SaveOrgUnits(Registry().units()));
  auto loaded = store_->LoadOrgUnits();
  ASSERT_TRUE(loaded);
  domain::OrgRegistry again(std::move(*loaded));
  EXPECT_EQ(again.UnitsAt({2008, 1, 25}, domain::OrgKind::kProvince).size(), 64u);
  EXPECT_EQ(again.UnitsAt({2012, 6, 30}, domain::OrgKind::kProvince).size(), 63u);
  EXPECT_EQ(again.UnitsAt({2025, 7, 1}, domain::OrgKind::kProvince).size(), 34u);
  const auto* ha_tay = again.FindByCode("28", {2008, 1, 1});
  ASSERT_NE(ha_tay, nullptr);
  EXPECT_EQ(again.Find(again.BecameBy(ha_tay->id, {2012, 1, 1}).at(0))->name, "Hà Nội");
  EXPECT_FALSE(ha_tay->aliases.empty());
}

TEST_F(StoreContract, StoresAWholeProgramAndReadsItBack) {
  ProgramRecord in = Record("tests/seeds/molisa_2012.txt");
  auto id = store_->InsertProgram(in, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(id) << id.error().message << " " << id.error().internal_note;
  auto out = store_->GetProgram(*id);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, ProgramStatus::kDraft);
  EXPECT_EQ(out->plan.document.number, in.plan.document.number);
  EXPECT_EQ(out->plan.document.issued_date, in.plan.document.issued_date);
  EXPECT_EQ(out->plan.document.legal_bases, in.plan.document.legal_bases);
  EXPECT_EQ(out->plan.document.recipients, in.plan.document.recipients);
  ASSERT_EQ(out->plan.sections.size(), in.plan.sections.size());
  for (size_t i = 0; i < in.plan.sections.size(); ++i) {
    const auto& a = in.plan.sections[i];
    const auto& b = out->plan.sections[i];
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.lead_units, b.lead_units) << a.number;
    EXPECT_EQ(a.coordinating_units, b.coordinating_units) << a.number;
    ASSERT_EQ(a.resolved_leads.size(), b.resolved_leads.size()) << a.number;
    for (size_t k = 0; k < a.resolved_leads.size(); ++k) {
      auto x = a.resolved_leads[k].units, y = b.resolved_leads[k].units;
      std::sort(x.begin(), x.end());
      EXPECT_EQ(x, y) << a.number;
    }
    ASSERT_EQ(a.tasks.size(), b.tasks.size()) << a.number;
    for (size_t k = 0; k < a.tasks.size(); ++k) {
      EXPECT_EQ(a.tasks[k].text, b.tasks[k].text);
      EXPECT_EQ(a.tasks[k].lead_units, b.tasks[k].lead_units);
      EXPECT_EQ(a.tasks[k].details, b.tasks[k].details);
      EXPECT_EQ(a.tasks[k].span, b.tasks[k].span);
    }
  }
  ASSERT_EQ(out->plan.targets.size(), 100u);
  for (size_t i = 0; i < in.plan.targets.size(); ++i) {
    EXPECT_TRUE(out->plan.targets[i].value == in.plan.targets[i].value);
    EXPECT_EQ(out->plan.targets[i].unit, in.plan.targets[i].unit);
    EXPECT_EQ(out->plan.targets[i].comparator, in.plan.targets[i].comparator);
    EXPECT_EQ(out->plan.targets[i].span, in.plan.targets[i].span);
  }
  ASSERT_EQ(out->plan.budgets.size(), in.plan.budgets.size());
  EXPECT_EQ(out->plan.budgets[8].investment_vnd, in.plan.budgets[8].investment_vnd);
  EXPECT_EQ(out->plan.deadlines.size(), in.plan.deadlines.size());
  ASSERT_EQ(out->plan.reporting.size(), in.plan.reporting.size());
  EXPECT_EQ(out->plan.reporting[1].to, in.plan.reporting[1].to);
  EXPECT_EQ(out->plan.reporting[1].day_of_month, 18);
  EXPECT_EQ(out->plan.units.size(), in.plan.units.size());
  EXPECT_EQ(out->plan.diagnostics.size(), in.plan.diagnostics.size());
  EXPECT_EQ(out->source_text, in.source_text);

  auto targets = store_->ListTargets(*id);
  ASSERT_TRUE(targets);
  size_t part_one = std::count_if(targets->begin(), targets->end(), [](const StoredTarget& t) {
    return t.target.section.starts_with("I.");
  });
  EXPECT_EQ(part_one, 35u);
}

TEST_F(StoreContract, RefusesADuplicateNumberAndReplacesOnlyADraft) {
  ProgramRecord p = Record("tests/seeds/molisa_2008.txt");
  auto first = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(first);
  auto again = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason, "program_exists");
  auto replaced = store_->InsertProgram(p, ImportMode::kReplaceDraft, Audit("program.import"));
  ASSERT_TRUE(replaced);
  EXPECT_FALSE(store_->GetProgram(*first));  // the old draft is gone, whole
  ASSERT_TRUE(store_->PublishProgram(*replaced, "2026-11-23T10:05:00Z", Audit("program.publish")));
  auto published = store_->GetProgram(*replaced);
  ASSERT_TRUE(published);
  EXPECT_EQ(published->status, ProgramStatus::kPublished);
  EXPECT_EQ(published->published_at, "2026-11-23T10:05:00Z");
  auto twice = store_->PublishProgram(*replaced, "2026-11-23T10:06:00Z", Audit("program.publish"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().reason, "program_published");
  auto over_published = store_->InsertProgram(p, ImportMode::kReplaceDraft, Audit("program.import"));
  ASSERT_FALSE(over_published);
  EXPECT_EQ(over_published.error().reason, "program_published");
  auto list = store_->ListPrograms();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().targets, 20u);
}

TEST_F(StoreContract, NothingIsHalfStoredAndDataOutlivesTheProcess) {
  ProgramRecord p = Record("tests/seeds/molisa_2012.txt");
  // A row the schema refuses (a day of month of 40) aborts the whole import.
  ProgramRecord bad = p;
  bad.plan.reporting.at(0).day_of_month = 40;
  auto refused = store_->InsertProgram(bad, ImportMode::kNew, Audit("program.import"));
  ASSERT_FALSE(refused);
  auto none = store_->ListPrograms();
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto id = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(id);
  store_.reset();
  auto reopened = OpenStore(url_);
  ASSERT_TRUE(reopened);
  auto back = (*reopened)->GetProgram(*id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->plan.targets.size(), 100u);
  auto missing = (*reopened)->GetProgram(*id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "program_not_found");
  EXPECT_FALSE((*reopened)->ListTargets(*id + 1000));
}

TEST_F(StoreContract, KeepsAccountsSessionsAndTokens) {
  ASSERT_TRUE(store_->SaveOrgUnits(Registry().units()));
  auto admin = store_->CreateUser(User("admin", domain::Role::kAdmin), Audit("user.create", "user"));
  ASSERT_TRUE(admin) << admin.error().internal_note;
  UserRecord editor = User("hanoi.editor", domain::Role::kEditor);
  editor.unit = Registry().FindByCode("01", {2012, 1, 1})->id;
  auto editor_id = store_->CreateUser(editor, Audit("user.create", "user"));
  ASSERT_TRUE(editor_id);
  auto dup = store_->CreateUser(User("admin", domain::Role::kViewer), Audit("user.create", "user"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().reason, "user_exists");

  auto found = store_->FindUser("hanoi.editor");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, *editor_id);
  EXPECT_EQ(found->role, domain::Role::kEditor);
  EXPECT_EQ(found->unit, editor.unit);
  EXPECT_EQ(found->password_hash, editor.password_hash);
  EXPECT_EQ(store_->FindUser("nobody").error().reason, "user_not_found");
  auto all = store_->ListUsers();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->front().username, "admin");

  found->role = domain::Role::kApprover;
  found->active = false;
  ASSERT_TRUE(store_->UpdateUser(*found, Audit("user.update", "user")));
  EXPECT_EQ(store_->GetUser(*editor_id)->role, domain::Role::kApprover);
  EXPECT_FALSE(store_->GetUser(*editor_id)->active);

  SessionRecord s{"hash-1", *admin, "csrf-1", "2026-11-23T10:00:00Z", "2026-11-23T18:00:00Z"};
  ASSERT_TRUE(store_->CreateSession(s, Audit("session.create", "session")));
  auto live = store_->FindSession("hash-1", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->user_id, *admin);
  EXPECT_EQ(live->csrf_token, "csrf-1");
  EXPECT_EQ(store_->FindSession("hash-1", "2026-11-23T18:00:01Z").error().reason,
            "session_not_found");
  ASSERT_TRUE(store_->DeleteSession("hash-1", Audit("session.delete", "session")));
  EXPECT_FALSE(store_->FindSession("hash-1", "2026-11-23T12:00:00Z"));
  ASSERT_TRUE(store_->DeleteSession("hash-1", Audit("session.delete", "session")));

  ApiTokenRecord t;
  t.user_id = *admin;
  t.name = "máy chủ tổng hợp";
  t.token_hash = "token-hash";
  t.created_at = "2026-11-23T10:00:00Z";
  ASSERT_TRUE(store_->CreateApiToken(t, Audit("api_token.create", "api_token")));
  auto tok = store_->FindApiToken("token-hash");
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->name, "máy chủ tổng hợp");
  EXPECT_EQ(store_->FindApiToken("other").error().reason, "token_not_found");
}

TEST_F(StoreContract, AuditsEveryWriteInOneHashChain) {
  ProgramRecord p = Record("tests/seeds/molisa_2008.txt");
  auto id = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(id);
  ASSERT_TRUE(store_->PublishProgram(*id, "2026-11-23T10:05:00Z", Audit("program.publish")));
  // A refused write leaves no entry.
  ASSERT_FALSE(store_->InsertProgram(p, ImportMode::kNew, Audit("program.import")));
  ASSERT_TRUE(store_->CreateUser(User("planner", domain::Role::kPlanner), Audit("user.create", "user")));

  auto log = store_->ListAudit(0, 100);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 3u);
  std::string prev = kAuditGenesisHash;
  for (size_t i = 0; i < log->size(); ++i) {
    const auto& e = (*log)[i];
    EXPECT_EQ(e.seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(e.prev_hash, prev);
    EXPECT_EQ(e.hash, AuditHash(e));
    prev = e.hash;
  }
  EXPECT_EQ((*log)[0].event.action, "program.import");
  EXPECT_EQ((*log)[0].event.entity_id, std::to_string(*id));
  EXPECT_EQ((*log)[0].event.after, "{\"note\":\"ok\"}");
  EXPECT_EQ((*log)[2].event.entity, "user");

  auto page = store_->ListAudit(1, 1);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().seq, 2);
  auto last = store_->LastAuditOf("program", std::to_string(*id));
  ASSERT_TRUE(last);
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->event.action, "program.publish");
  auto none = store_->LastAuditOf("program", "999");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST(OpenStore, RefusesUnknownUrlsAndUnreachableFiles) {
  auto pg = OpenStore("mysql://localhost/x");
  ASSERT_FALSE(pg);
  EXPECT_EQ(pg.error().reason, "bad_db_url");
  auto nowhere = OpenStore("sqlite:/nonexistent-dir/x/y.db");
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().reason, "db_unavailable");
}

}  // namespace
}  // namespace wp::store
