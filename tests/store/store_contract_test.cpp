// The storage contract: what every Store implementation must do, run against each backend
// (SQLite, and PostgreSQL when WP_POSTGRES_URL names a server), plus what only PostgreSQL has
// to show (servers starting together, the database refusing edits of the audit log).

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include <sqlite3.h>
#include <pqxx/pqxx>

#include "core/hash.hpp"
#include "doc/parser.hpp"
#include "domain/org_catalog.hpp"
#include "ingest/binder.hpp"
#include "ingest/resolver.hpp"
#include "store/document_json.hpp"
#include "store/postgres/migrations.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/migrations.hpp"
#include "store/store.hpp"
#include "store/unit_program_json.hpp"

namespace wp::store {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/" + path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// A seed decision of data/seeds.
std::string Seed(const std::string& name) { return "data/seeds/" + name; }

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

// The server named by WP_POSTGRES_URL (a superuser URL; scripts/with-postgres sets it).
std::optional<std::string> PostgresServer() {
  const char* url = std::getenv("WP_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

constexpr const char* kNoPostgres =
    "WP_POSTGRES_URL is not set: the PostgreSQL cases run under scripts/with-postgres "
    "(ctest's store_contract_postgres does so)";

// `url` with database `name` in place of its own.
std::string WithDatabase(const std::string& url, const std::string& name) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = std::min(url.find('?', start), url.size());
  size_t path = std::min(url.find('/', start), query);
  return url.substr(0, path) + "/" + name + url.substr(query);
}

// A database of its own for one test, created on the server and dropped afterwards.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(std::string server) : server_(std::move(server)) {
    static std::atomic<int> counter{0};
    name_ = "wp_contract_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    pqxx::connection c(server_);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_));
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
    url_ = WithDatabase(server_, name_);
  }
  ~ScratchDatabase() {
    try {
      pqxx::connection c(server_);
      pqxx::nontransaction tx(c);
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "could not drop " << name_ << ": " << e.what();
    }
  }
  const std::string& url() const { return url_; }
  // One statement on the database itself, around the store.
  pqxx::result Exec(const std::string& sql) {
    pqxx::connection c(url_);
    pqxx::work tx(c);
    auto r = tx.exec(sql);
    tx.commit();
    return r;
  }

 private:
  std::string server_, name_, url_;
};

// Skips a PostgreSQL case without a server, and says so; fails instead where a server was
// promised (WP_REQUIRE_POSTGRES, set by the ctest entry that runs under scripts/with-postgres).
#define WP_REQUIRE_POSTGRES_SERVER(server)                                                     \
  if (!(server)) {                                                                             \
    if (std::getenv("WP_REQUIRE_POSTGRES") != nullptr) FAIL() << "no server: " << kNoPostgres; \
    GTEST_SKIP() << kNoPostgres;                                                               \
  }

// Every case runs on both backends: "sqlite" (a file in a temporary directory) and "postgres"
// (a fresh database on WP_POSTGRES_URL's server).
// The log is numbered 1, 2, 3 … without gaps and each entry is chained to the one before it.
void ExpectUnbrokenChain(const std::vector<AuditEntry>& log) {
  std::string prev = kAuditGenesisHash;
  for (size_t i = 0; i < log.size(); ++i) {
    const auto& e = log[i];
    EXPECT_EQ(e.seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(e.prev_hash, prev);
    EXPECT_EQ(e.hash, AuditHash(e));
    prev = e.hash;
  }
}

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      auto server = PostgresServer();
      WP_REQUIRE_POSTGRES_SERVER(server);
      db_ = std::make_unique<ScratchDatabase>(*server);
      url_ = db_->url();
    } else {
      std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      std::replace(test.begin(), test.end(), '/', '_');
      dir_ = fs::temp_directory_path() / ("wp_store_" + std::to_string(::getpid()) + "_" + test);
      fs::remove_all(dir_);
      fs::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "test.db").string();
    }
    auto s = OpenStore(url_);
    ASSERT_TRUE(s) << s.error().message << " " << s.error().internal_note;
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  fs::path dir_;
  std::unique_ptr<ScratchDatabase> db_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

TEST_P(StoreContract, KeepsTheOrganisationWithItsHistory) {
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

TEST_P(StoreContract, StoresAWholeProgramAndReadsItBack) {
  ProgramRecord in = Record(Seed("molisa_2012.txt"));
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
  ASSERT_EQ(out->plan.targets.size(), 101u);
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

// Every field of `b` equals `a`'s, except that a phrase's resolved units come back sorted, once
// each (the key of the table keeping them).
void ExpectSameUnits(const std::vector<domain::ResolvedUnitName>& a,
                     const std::vector<domain::ResolvedUnitName>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    auto units = a[i].units;
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    EXPECT_EQ(a[i].written, b[i].written);
    EXPECT_EQ(a[i].resolution, b[i].resolution) << a[i].written;
    EXPECT_EQ(units, b[i].units) << a[i].written;
  }
}

void ExpectSamePlan(const domain::PlanDraft& a, const domain::PlanDraft& b) {
  const auto &x = a.document, &y = b.document;
  EXPECT_EQ(x.type, y.type);
  EXPECT_EQ(x.number, y.number);
  EXPECT_EQ(x.issued_date, y.issued_date);
  EXPECT_EQ(x.place, y.place);
  EXPECT_EQ(x.issuer, y.issuer);
  EXPECT_EQ(x.signer, y.signer);
  EXPECT_EQ(x.signer_title, y.signer_title);
  EXPECT_EQ(x.year, y.year);
  EXPECT_EQ(x.title, y.title);
  EXPECT_EQ(x.legal_bases, y.legal_bases);
  EXPECT_EQ(x.recipients, y.recipients);
  ASSERT_EQ(x.articles.size(), y.articles.size());
  for (size_t i = 0; i < x.articles.size(); ++i) {
    EXPECT_EQ(x.articles[i].number, y.articles[i].number);
    EXPECT_EQ(x.articles[i].text, y.articles[i].text);
    EXPECT_EQ(x.articles[i].span, y.articles[i].span);
  }
  ASSERT_EQ(a.sections.size(), b.sections.size());
  for (size_t i = 0; i < a.sections.size(); ++i) {
    const auto &s = a.sections[i], &t = b.sections[i];
    SCOPED_TRACE("section " + s.number);
    EXPECT_EQ(s.number, t.number);
    EXPECT_EQ(s.title, t.title);
    EXPECT_EQ(s.parent, t.parent);
    EXPECT_EQ(s.depth, t.depth);
    EXPECT_EQ(s.lead_units, t.lead_units);
    EXPECT_EQ(s.coordinating_units, t.coordinating_units);
    EXPECT_EQ(s.lead_phrase, t.lead_phrase);
    EXPECT_EQ(s.leads_inherited, t.leads_inherited);
    ExpectSameUnits(s.resolved_leads, t.resolved_leads);
    ExpectSameUnits(s.resolved_coordinators, t.resolved_coordinators);
    EXPECT_EQ(s.span, t.span);
    ASSERT_EQ(s.tasks.size(), t.tasks.size());
    for (size_t k = 0; k < s.tasks.size(); ++k) {
      const auto &u = s.tasks[k], &v = t.tasks[k];
      SCOPED_TRACE("task " + std::to_string(k));
      EXPECT_EQ(u.text, v.text);
      EXPECT_EQ(u.kind, v.kind);
      EXPECT_EQ(u.lead_units, v.lead_units);
      EXPECT_EQ(u.coordinating_units, v.coordinating_units);
      EXPECT_EQ(u.leads_inherited, v.leads_inherited);
      EXPECT_EQ(u.details, v.details);
      ExpectSameUnits(u.resolved_leads, v.resolved_leads);
      ExpectSameUnits(u.resolved_coordinators, v.resolved_coordinators);
      EXPECT_EQ(u.span, v.span);
    }
  }
  ASSERT_EQ(a.targets.size(), b.targets.size());
  for (size_t i = 0; i < a.targets.size(); ++i) {
    const auto &u = a.targets[i], &v = b.targets[i];
    SCOPED_TRACE("target " + u.raw);
    EXPECT_EQ(u.section, v.section);
    EXPECT_EQ(u.indicator, v.indicator);
    EXPECT_EQ(u.raw, v.raw);
    EXPECT_EQ(u.value.mantissa, v.value.mantissa);
    EXPECT_EQ(u.value.scale, v.value.scale);
    EXPECT_EQ(u.unit, v.unit);
    EXPECT_EQ(u.comparator, v.comparator);
    EXPECT_EQ(u.approximate, v.approximate);
    EXPECT_EQ(u.parent, v.parent);
    EXPECT_EQ(u.restates, v.restates);
    EXPECT_EQ(u.span, v.span);
    EXPECT_EQ(u.mention_of, v.mention_of);
    EXPECT_EQ(u.mention_kind, v.mention_kind);
    EXPECT_EQ(u.indicator_code, v.indicator_code);
    EXPECT_EQ(u.baseline.has_value(), v.baseline.has_value());
    if (u.baseline && v.baseline) {
      EXPECT_EQ(*u.baseline, *v.baseline);
    }
    EXPECT_EQ(u.role, v.role);
    EXPECT_EQ(u.reporters.rule, v.reporters.rule);
    EXPECT_EQ(u.reporters.why_none, v.reporters.why_none);
    ASSERT_EQ(u.reporters.reporters.size(), v.reporters.reporters.size());
    for (size_t k = 0; k < u.reporters.reporters.size(); ++k) {
      EXPECT_EQ(u.reporters.reporters[k].written, v.reporters.reporters[k].written);
      EXPECT_EQ(u.reporters.reporters[k].group, v.reporters.reporters[k].group);
      EXPECT_EQ(u.reporters.reporters[k].units, v.reporters.reporters[k].units);
    }
    EXPECT_EQ(u.reporters.consolidator.has_value(), v.reporters.consolidator.has_value());
    if (u.reporters.consolidator && v.reporters.consolidator) {
      EXPECT_EQ(u.reporters.consolidator->written, v.reporters.consolidator->written);
      EXPECT_EQ(u.reporters.consolidator->units, v.reporters.consolidator->units);
    }
  }
  ASSERT_EQ(a.budgets.size(), b.budgets.size());
  for (size_t i = 0; i < a.budgets.size(); ++i) {
    const auto &u = a.budgets[i], &v = b.budgets[i];
    EXPECT_EQ(u.section, v.section);
    EXPECT_EQ(u.program, v.program);
    EXPECT_EQ(u.raw, v.raw);
    EXPECT_EQ(u.total_vnd, v.total_vnd);
    EXPECT_EQ(u.investment_vnd, v.investment_vnd);
    EXPECT_EQ(u.recurrent_vnd, v.recurrent_vnd);
    EXPECT_EQ(u.source, v.source);
    EXPECT_EQ(u.span, v.span);
  }
  ASSERT_EQ(a.deadlines.size(), b.deadlines.size());
  for (size_t i = 0; i < a.deadlines.size(); ++i) {
    const auto &u = a.deadlines[i], &v = b.deadlines[i];
    EXPECT_EQ(u.section, v.section);
    EXPECT_EQ(u.raw, v.raw);
    EXPECT_EQ(u.due, v.due);
    EXPECT_EQ(u.what, v.what);
    EXPECT_EQ(u.responsible, v.responsible);
    EXPECT_EQ(u.span, v.span);
  }
  ASSERT_EQ(a.reporting.size(), b.reporting.size());
  for (size_t i = 0; i < a.reporting.size(); ++i) {
    const auto &u = a.reporting[i], &v = b.reporting[i];
    EXPECT_EQ(u.raw, v.raw);
    EXPECT_EQ(u.report, v.report);
    EXPECT_EQ(u.frequency, v.frequency);
    EXPECT_EQ(u.due, v.due);
    EXPECT_EQ(u.day_of_month, v.day_of_month);
    EXPECT_EQ(u.last_month_of_quarter, v.last_month_of_quarter);
    EXPECT_EQ(u.decree09, v.decree09);
    EXPECT_EQ(u.working_days, v.working_days);
    EXPECT_EQ(u.from, v.from);
    EXPECT_EQ(u.from_units, v.from_units);
    EXPECT_EQ(u.to, v.to);
    EXPECT_EQ(u.section, v.section);
    EXPECT_EQ(u.span, v.span);
  }
  ASSERT_EQ(a.units.size(), b.units.size());
  for (size_t i = 0; i < a.units.size(); ++i) {
    EXPECT_EQ(a.units[i].name, b.units[i].name);
    EXPECT_EQ(a.units[i].mentions, b.units[i].mentions);
    EXPECT_EQ(a.units[i].variants, b.units[i].variants);
  }
  ASSERT_EQ(a.diagnostics.size(), b.diagnostics.size());
  for (size_t i = 0; i < a.diagnostics.size(); ++i) {
    EXPECT_EQ(a.diagnostics[i].severity, b.diagnostics[i].severity);
    EXPECT_EQ(a.diagnostics[i].code, b.diagnostics[i].code);
    EXPECT_EQ(a.diagnostics[i].message, b.diagnostics[i].message);
    EXPECT_EQ(a.diagnostics[i].span, b.diagnostics[i].span);
  }
}

// Both seeds, and values at the edges (quotes, backslashes, braces, the word NULL, empty
// strings, extreme numbers and spans), come back exactly as stored.
TEST_P(StoreContract, EveryFieldComesBackExactly) {
  for (const char* seed : {"molisa_2012.txt", "molisa_2008.txt"}) {
    SCOPED_TRACE(seed);
    ProgramRecord in = Record(Seed(seed));
    auto id = store_->InsertProgram(in, ImportMode::kNew, Audit("program.import"));
    ASSERT_TRUE(id) << id.error().message << " " << id.error().internal_note;
    auto out = store_->GetProgram(*id);
    ASSERT_TRUE(out);
    ExpectSamePlan(in.plan, out->plan);
    EXPECT_EQ(out->source_name, in.source_name);
    EXPECT_EQ(out->source_text, in.source_text);
    EXPECT_EQ(out->source_sha256, in.source_sha256);
    EXPECT_EQ(out->created_at, in.created_at);
    EXPECT_FALSE(out->published_at.has_value());
  }

  ProgramRecord odd = Record(Seed("molisa_2008.txt"));
  auto& plan = odd.plan;
  const std::string tricky = "\"Luật\" {a,b} \\ 'x' NULL \t\n  ";
  plan.document.number = "99/" + tricky;
  plan.document.title = "";
  plan.document.place = std::nullopt;
  plan.document.year = -1;
  plan.document.legal_bases = {tricky, "", "NULL", " ", "{}", "\\\""};
  plan.document.recipients.clear();
  ASSERT_FALSE(plan.targets.empty());
  plan.targets[0].indicator = tricky;
  plan.targets[0].parent = "NULL";
  plan.targets[0].restates = "";
  plan.targets[0].value = core::Decimal{std::numeric_limits<int64_t>::min() + 1, 18};
  plan.targets[0].span = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
  ASSERT_FALSE(plan.reporting.empty());
  plan.reporting[0].decree09 = true;  // Decree 09/2019: cut-off windows, 5 working days
  plan.reporting[0].working_days = 5;
  plan.reporting[0].due.reset();
  plan.reporting[0].day_of_month.reset();
  ASSERT_FALSE(plan.budgets.empty());
  plan.budgets[0].total_vnd = std::numeric_limits<int64_t>::max();
  plan.budgets[0].investment_vnd = 0;
  plan.budgets[0].recurrent_vnd = std::nullopt;
  plan.budgets[0].program = tricky;
  ASSERT_FALSE(plan.sections.empty());
  plan.sections[0].lead_phrase = tricky;
  plan.sections[0].parent = "";
  for (auto& section : plan.sections) {
    for (auto& task : section.tasks) task.details.push_back(tricky);
  }
  plan.units.push_back({tricky, 3, {"a", "", "b"}});
  plan.diagnostics.push_back({core::Severity::kError, "edge", tricky, {}});
  odd.source_text += tricky;
  auto id = store_->InsertProgram(odd, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(id) << id.error().message << " " << id.error().internal_note;
  auto out = store_->GetProgram(*id);
  ASSERT_TRUE(out);
  ExpectSamePlan(odd.plan, out->plan);
  EXPECT_EQ(out->source_text, odd.source_text);
  auto targets = store_->ListTargets(*id);
  ASSERT_TRUE(targets);
  ASSERT_EQ(targets->size(), plan.targets.size());
  EXPECT_EQ(targets->front().target.indicator, tricky);
  EXPECT_EQ(targets->front().target.value.mantissa, std::numeric_limits<int64_t>::min() + 1);
  EXPECT_EQ(targets->front().target.span.offset, UINT32_MAX);
}

// Issue 16: a target keeps the indicator it measures, the target it restates, last year's
// value, its role and the reporters the binder proposed; the resolved proposals become the
// program's matrix in the import's transaction, valid from the program's date.
TEST_P(StoreContract, TargetsKeepTheirIndicatorMentionsAndProposedReporters) {
  ASSERT_TRUE(store_->SaveOrgUnits(Registry().units()));
  ProgramRecord in = Record(Seed("molisa_2012.txt"));
  auto& targets = in.plan.targets;
  ASSERT_GE(targets.size(), 3u);
  for (auto& t : targets) t.reporters = {};  // only the proposals set below
  const auto vl = Registry().FindByCode("VL", {2012, 1, 1});
  const auto hanoi = Registry().FindByCode("01", {2012, 1, 1});
  ASSERT_NE(vl, nullptr);
  ASSERT_NE(hanoi, nullptr);
  auto& jobs = targets[0];
  jobs.indicator_code = "viec_lam";
  jobs.baseline = core::Decimal{18486, 1};
  jobs.reporters = {};
  jobs.reporters.reporters.push_back({"", domain::ReporterGroup::kProvinces, {}});
  jobs.reporters.reporters.push_back({"Hà Nội", std::nullopt, {hanoi->id, hanoi->id}});
  jobs.reporters.reporters.push_back({"Sở\tlạ", std::nullopt, {}});  // unresolved: no row
  jobs.reporters.consolidator = domain::ReporterProposal{"Cục Việc làm", std::nullopt, {vl->id}};
  jobs.reporters.rule = "restated_in:II.2.1";
  auto& again = targets[1];
  again.mention_of = 0;
  again.mention_kind = domain::MentionKind::kRestated;
  again.role = domain::TargetRole::kComponent;
  again.reporters = {};
  again.reporters.rule = "none";
  again.reporters.why_none = "Tổng cục Thống kê công bố";
  in.plan.document.issued_date = core::CivilDate{2012, 1, 16};
  auto id = store_->InsertProgram(in, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(id) << id.error().message << " " << id.error().internal_note;
  auto out = store_->GetProgram(*id);
  ASSERT_TRUE(out);
  in.plan.targets[0].reporters.reporters[2].written = "Sở lạ";  // no tab in a line of text
  ExpectSamePlan(in.plan, out->plan);
  EXPECT_FALSE(out->plan.targets[2].mention_of.has_value());  // as before issue 16
  EXPECT_EQ(out->plan.targets[2].role, domain::TargetRole::kTarget);

  auto stored = store_->ListTargets(*id);
  ASSERT_TRUE(stored);
  auto matrix = store_->ListReporters(*id);
  ASSERT_TRUE(matrix) << matrix.error().message << " " << matrix.error().internal_note;
  ASSERT_EQ(matrix->size(), 3u);  // the provinces, Hà Nội once, Cục Việc làm consolidating
  for (const auto& r : *matrix) {
    EXPECT_EQ(r.target_id, stored->at(0).id);
    EXPECT_EQ(r.valid_from, (core::CivilDate{2012, 1, 16}));
    EXPECT_FALSE(r.valid_to.has_value());
    EXPECT_EQ(r.source, domain::ReporterSource::kProposed);
    EXPECT_EQ(r.rule, "restated_in:II.2.1");
  }
  EXPECT_EQ((*matrix)[0].group, domain::ReporterGroup::kProvinces);
  EXPECT_EQ((*matrix)[1].unit, hanoi->id);
  EXPECT_EQ((*matrix)[2].unit, vl->id);
  EXPECT_EQ((*matrix)[2].role, domain::ReporterRole::kConsolidates);
  EXPECT_EQ(*store_->ResponsibilityRevision(*id), 0);
  EXPECT_EQ(store_->ListReporters(*id + 100).error().reason, "program_not_found");

  // A draft replaced by a new import takes its matrix with it.
  auto replaced = store_->InsertProgram(in, ImportMode::kReplaceDraft, Audit("program.import"));
  ASSERT_TRUE(replaced) << replaced.error().internal_note;
  EXPECT_EQ(store_->ListReporters(*replaced)->size(), 3u);
  EXPECT_FALSE(store_->ListReporters(*id));
  // A program without proposals (read before issue 16, gen-data) has no matrix: today's rule.
  ProgramRecord old = Record(Seed("molisa_2008.txt"));
  for (auto& t : old.plan.targets) t.reporters = {};
  auto old_id = store_->InsertProgram(old, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(old_id);
  EXPECT_TRUE(store_->ListReporters(*old_id)->empty());
}

// The issuer's catalogue: added once per (issuer, code), read back whole, edited with its
// aliases; every write audited.
TEST_P(StoreContract, KeepsTheIssuersCatalogueOfIndicators) {
  const std::string molisa = "bo lao dong - thuong binh va xa hoi";
  domain::Indicator jobs;
  jobs.issuer_key = molisa;
  jobs.code = "viec_lam";
  jobs.name = "Số người được tạo việc làm";
  jobs.unit = "người";
  jobs.default_reporters = domain::ReporterGroup::kProvinces;
  jobs.default_consolidator = "VL";
  jobs.aliases = {"tạo việc làm", "giải quyết việc làm"};
  domain::Indicator rate;
  rate.issuer_key = molisa;
  rate.code = "that_nghiep_tt";
  rate.name = "Tỷ lệ thất nghiệp khu vực thành thị";
  rate.unit = "%";
  rate.aggregation = domain::Aggregation::kRatio;
  rate.numerator_code = "so_that_nghiep_tt";
  rate.denominator_code = "llld_tt";
  rate.ratio_scale = core::Decimal{100, 0};
  rate.better = domain::Better::kLower;
  domain::Indicator other = jobs;
  other.issuer_key = "ubnd tinh x";
  auto added = store_->AddIndicators({jobs, rate, other}, "2026-11-23T10:00:00Z",
                                     Audit("indicator.load", "indicator"));
  ASSERT_TRUE(added) << added.error().message << " " << added.error().internal_note;
  EXPECT_EQ(*added, 3u);
  // A second load adds only what is new; a stored code keeps its (edited) fields.
  domain::Indicator renamed = jobs;
  renamed.name = "khác";
  EXPECT_EQ(*store_->AddIndicators({renamed}, "2026-11-24T10:00:00Z",
                                   Audit("indicator.load", "indicator")),
            0u);
  auto list = store_->ListIndicators(molisa);
  ASSERT_TRUE(list) << list.error().internal_note;
  ASSERT_EQ(list->size(), 2u);
  const auto& r = (*list)[0];  // by code: that_nghiep_tt before viec_lam
  EXPECT_EQ(r.code, "that_nghiep_tt");
  EXPECT_EQ(r.aggregation, domain::Aggregation::kRatio);
  EXPECT_EQ(r.numerator_code, "so_that_nghiep_tt");
  EXPECT_EQ(r.denominator_code, "llld_tt");
  EXPECT_EQ(r.ratio_scale, (core::Decimal{100, 0}));
  EXPECT_EQ(r.better, domain::Better::kLower);
  EXPECT_FALSE(r.default_reporters.has_value());
  EXPECT_TRUE(r.aliases.empty());
  auto j = (*list)[1];
  EXPECT_EQ(j.name, "Số người được tạo việc làm");
  EXPECT_EQ(j.default_reporters, domain::ReporterGroup::kProvinces);
  EXPECT_EQ(j.default_consolidator, "VL");
  EXPECT_EQ(j.aliases, jobs.aliases);
  EXPECT_EQ(store_->ListIndicators("")->size(), 3u);

  j.name = "Số lao động được tạo việc làm";
  j.aliases = {"việc làm mới"};
  j.aggregation = domain::Aggregation::kLast;
  ASSERT_TRUE(store_->UpdateIndicator(j, Audit("indicator.update", "indicator")));
  auto back = store_->GetIndicator(j.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "Số lao động được tạo việc làm");
  EXPECT_EQ(back->aliases, std::vector<std::string>{"việc làm mới"});
  EXPECT_EQ(back->aggregation, domain::Aggregation::kLast);
  EXPECT_EQ(back->code, "viec_lam");
  j.id = 999999;
  EXPECT_EQ(store_->UpdateIndicator(j, Audit("indicator.update", "indicator")).error().reason,
            "indicator_not_found");
  EXPECT_EQ(store_->GetIndicator(999999).error().reason, "indicator_not_found");
  auto log = store_->ListAudit(0, 100);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 2u);  // the first load and the edit: nothing for a load adding nothing
  EXPECT_EQ(log->back().event.entity_id, std::to_string(back->id));
  ExpectUnbrokenChain(*log);
}

TEST_P(StoreContract, RefusesADuplicateNumberAndReplacesOnlyADraft) {
  ProgramRecord p = Record(Seed("molisa_2008.txt"));
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
  auto over_published =
      store_->InsertProgram(p, ImportMode::kReplaceDraft, Audit("program.import"));
  ASSERT_FALSE(over_published);
  EXPECT_EQ(over_published.error().reason, "program_published");
  auto list = store_->ListPrograms();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().targets, 26u);
}

TEST_P(StoreContract, NothingIsHalfStoredAndDataOutlivesTheProcess) {
  ProgramRecord p = Record(Seed("molisa_2012.txt"));
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
  EXPECT_EQ(back->plan.targets.size(), 101u);
  auto missing = (*reopened)->GetProgram(*id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "program_not_found");
  EXPECT_FALSE((*reopened)->ListTargets(*id + 1000));
}

TEST_P(StoreContract, KeepsAccountsSessionsAndTokens) {
  ASSERT_TRUE(store_->SaveOrgUnits(Registry().units()));
  auto admin =
      store_->CreateUser(User("admin", domain::Role::kAdmin), Audit("user.create", "user"));
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
  const int64_t read_at = found->version;
  found->version = read_at + 1;
  ASSERT_TRUE(store_->UpdateUser(*found, read_at, {}, Audit("user.update", "user")));
  EXPECT_EQ(store_->GetUser(*editor_id)->role, domain::Role::kApprover);
  EXPECT_FALSE(store_->GetUser(*editor_id)->active);
  EXPECT_EQ(store_->GetUser(*editor_id)->version, read_at + 1);
  // A write on a version another write moved on is refused; so is one leaving no active admin.
  EXPECT_EQ(store_->UpdateUser(*found, read_at, {}, Audit("user.update", "user")).error().reason,
            "stale_user");
  auto last_admin = store_->GetUser(*admin);
  ASSERT_TRUE(last_admin);
  last_admin->active = false;
  last_admin->version += 1;
  EXPECT_EQ(
      store_->UpdateUser(*last_admin, last_admin->version - 1, {}, Audit("user.deactivate", "user"))
          .error()
          .reason,
      "last_admin");
  EXPECT_TRUE(store_->GetUser(*admin)->active);

  // The sign-in limit counts failures in one write whoever counts, and forgets on a success.
  auto lock_at_three = [](const LoginLimit& l) -> std::optional<std::string> {
    if (l.failures < 3) return std::nullopt;
    return std::string("2026-11-23T10:05:00Z");
  };
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_->RecordLoginFailure("user:x", "2026-11-23T10:00:00Z", "2026-11-22T10:00:00Z",
                                           "2026-11-22T10:00:00Z", lock_at_three));
  }
  auto limits = store_->GetLoginLimits({"user:x", "addr:y"});
  ASSERT_TRUE(limits);
  ASSERT_EQ(limits->size(), 1u);
  EXPECT_EQ(limits->front().failures, 3);
  EXPECT_EQ(limits->front().locked_until, "2026-11-23T10:05:00Z");
  // A failure after the window starts the count again.
  ASSERT_TRUE(store_->RecordLoginFailure("user:x", "2026-11-25T10:00:00Z", "2026-11-24T10:00:00Z",
                                         "2026-11-20T10:00:00Z", lock_at_three));
  EXPECT_EQ(store_->GetLoginLimits({"user:x"})->front().failures, 1);
  ASSERT_TRUE(store_->ClearLoginLimit("user:x"));
  EXPECT_TRUE(store_->GetLoginLimits({"user:x"})->empty());

  SessionRecord s{"hash-1",    *admin, "csrf-1", "2026-11-23T10:00:00Z", "2026-11-23T18:00:00Z",
                  std::nullopt};
  ASSERT_TRUE(store_->CreateSession(s, Audit("session.create", "session")));
  auto live = store_->FindSession("hash-1", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->user_id, *admin);
  EXPECT_EQ(live->csrf_token, "csrf-1");
  // The row names the audit entry of its creation, and the account records the sign-in.
  ASSERT_TRUE(live->audit_seq);
  auto entry = store_->ListAudit(*live->audit_seq - 1, 1);
  ASSERT_TRUE(entry && !entry->empty());
  EXPECT_EQ(entry->front().event.action, "session.create");
  EXPECT_EQ(store_->GetUser(*admin)->last_login_at, "2026-11-23T10:00:00Z");
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

// A failure of the store's own logic (here: a constraint no method expects to hit, a session
// token stored twice) is kInternal, not a retryable outage; what the database said is in the
// internal note only, and nothing of the write is kept.
TEST_P(StoreContract, AnUnexpectedConstraintFailureIsInternalWithItsNote) {
  auto admin =
      store_->CreateUser(User("admin", domain::Role::kAdmin), Audit("user.create", "user"));
  ASSERT_TRUE(admin) << admin.error().internal_note;
  SessionRecord s{"hash-1",    *admin, "csrf-1", "2026-11-23T10:00:00Z", "2026-11-23T18:00:00Z",
                  std::nullopt};
  ASSERT_TRUE(store_->CreateSession(s, Audit("session.create", "session")));
  auto again = store_->CreateSession(s, Audit("session.create", "session"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(again.error().reason, "db_internal");
  EXPECT_FALSE(again.error().internal_note.empty());
  EXPECT_EQ(again.error().message.find(again.error().internal_note), std::string::npos);
  EXPECT_EQ(again.error().message.find("sessions"), std::string::npos) << again.error().message;
  ApiTokenRecord t;
  t.user_id = *admin + 1000;  // no such user: the foreign key refuses it
  t.name = "x";
  t.token_hash = "token-hash";
  t.created_at = "2026-11-23T10:00:00Z";
  auto orphan = store_->CreateApiToken(t, Audit("api_token.create", "api_token"));
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, core::ErrorCode::kInternal);
  auto log = store_->ListAudit(0, 10);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 2u);  // the user and the first session only
}

// A database that does not serve — locked by another writer past the busy timeout (SQLite), or
// refusing connections (PostgreSQL) — is kUnavailable: retrying later may help.
TEST_P(StoreContract, ADatabaseThatDoesNotServeIsUnavailable) {
  ASSERT_TRUE(
      store_->CreateUser(User("admin", domain::Role::kAdmin), Audit("user.create", "user")));
  sqlite3* other = nullptr;
  if (GetParam() == "sqlite") {
    ASSERT_EQ(sqlite3_open((dir_ / "test.db").string().c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  } else {
    auto name = db_->Exec("SELECT current_database()")[0][0].as<std::string>();
    pqxx::connection server(*PostgresServer());
    pqxx::nontransaction tx(server);
    tx.exec("ALTER DATABASE " + tx.quote_name(name) + " ALLOW_CONNECTIONS false");
    tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = " +
        tx.quote(name));
  }
  auto refused =
      store_->CreateUser(User("editor", domain::Role::kEditor), Audit("user.create", "user"));
  if (other != nullptr) sqlite3_close(other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().reason, "db_unavailable");
  EXPECT_FALSE(refused.error().internal_note.empty());
}

TEST_P(StoreContract, AuditsEveryWriteInOneHashChain) {
  ProgramRecord p = Record(Seed("molisa_2008.txt"));
  auto id = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(id);
  ASSERT_TRUE(store_->PublishProgram(*id, "2026-11-23T10:05:00Z", Audit("program.publish")));
  // A refused write leaves no entry.
  ASSERT_FALSE(store_->InsertProgram(p, ImportMode::kNew, Audit("program.import")));
  ASSERT_TRUE(
      store_->CreateUser(User("planner", domain::Role::kPlanner), Audit("user.create", "user")));

  auto log = store_->ListAudit(0, 100);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 3u);
  ExpectUnbrokenChain(*log);
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

TEST_P(StoreContract, ProgramsWithoutANumberAreNeverDuplicates) {
  ProgramRecord p = Record(Seed("molisa_2008.txt"));
  p.plan.document.number.reset();
  auto a = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(a) << a.error().message << " " << a.error().internal_note;
  auto b = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
  ASSERT_TRUE(b) << b.error().message;
  auto c = store_->InsertProgram(p, ImportMode::kReplaceDraft, Audit("program.import"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NE(*a, *b);
  EXPECT_NE(*b, *c);
  auto list = store_->ListPrograms();
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 3u);
  auto back = store_->GetProgram(*a);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->plan.document.number.has_value());
  EXPECT_EQ(back->plan.targets.size(), 26u);
}

TEST_P(StoreContract, ListsProgramsNewestFirstAndUndatedLast) {
  const ProgramRecord base = Record(Seed("molisa_2008.txt"));
  auto add = [&](std::optional<std::string> number, std::optional<core::CivilDate> issued) {
    ProgramRecord p = base;
    p.plan.document.number = std::move(number);
    p.plan.document.issued_date = issued;
    auto id = store_->InsertProgram(p, ImportMode::kNew, Audit("program.import"));
    EXPECT_TRUE(id) << id.error().message << " " << id.error().internal_note;
    return id.value_or(0);
  };
  ProgramId undated = add("1/QĐ", std::nullopt);
  ProgramId older = add("2/QĐ", core::CivilDate{2008, 1, 25});
  ProgramId newer = add("3/QĐ", core::CivilDate{2012, 2, 29});
  ProgramId undated_later = add(std::nullopt, std::nullopt);
  ProgramId newer_later = add("4/QĐ", core::CivilDate{2012, 2, 29});
  auto list = store_->ListPrograms();
  ASSERT_TRUE(list);
  std::vector<ProgramId> order;
  for (const auto& s : *list) order.push_back(s.id);
  // By date, newest first; one date by id, newest first; undated last, newest first.
  EXPECT_EQ(order, (std::vector<ProgramId>{newer_later, newer, older, undated_later, undated}));
  EXPECT_EQ(list->front().issued_date, (core::CivilDate{2012, 2, 29}));
  EXPECT_EQ(list->front().number, "4/QĐ");
  EXPECT_FALSE(list->back().issued_date.has_value());
  EXPECT_EQ(list->front().targets, 26u);
}

// Two stores on one database, as two server processes: their writes interleave, and the audit
// log stays one chain holding every write once.
TEST_P(StoreContract, TwoStoresOnOneDatabaseKeepOneAuditChain) {
  auto second = OpenStore(url_);
  ASSERT_TRUE(second) << second.error().message << " " << second.error().internal_note;
  Store* stores[] = {store_.get(), second->get()};
  constexpr int kThreadsPerStore = 5;  // more than a store's connections: some wait their turn
  constexpr int kUsersPerThread = 8;
  constexpr size_t kWrites = 2 * kThreadsPerStore * kUsersPerThread;
  std::mutex mu;
  std::vector<std::string> errors;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int s = 0; s < 2; ++s) {
    for (int t = 0; t < kThreadsPerStore; ++t) {
      threads.emplace_back([&, s, t] {
        for (int i = 0; i < kUsersPerThread; ++i) {
          std::string name =
              "u" + std::to_string(s) + "." + std::to_string(t) + "." + std::to_string(i);
          auto id = stores[s]->CreateUser(User(name, domain::Role::kViewer),
                                          Audit("user.create", "user"));
          std::lock_guard lock(mu);
          if (id) {
            ids.insert(std::to_string(*id));
          } else {
            errors.push_back(id.error().message + " " + id.error().internal_note);
          }
        }
      });
    }
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(errors.empty()) << errors.size() << " failed writes, first: " << errors.front();
  ASSERT_EQ(ids.size(), kWrites);
  for (Store* store : stores) {  // both see the same whole chain
    auto log = store->ListAudit(0, 1000);
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), kWrites);
    ExpectUnbrokenChain(*log);
    std::set<std::string> audited;
    for (const auto& e : *log) audited.insert(e.event.entity_id);
    EXPECT_EQ(audited, ids);
  }
  auto users = stores[1]->ListUsers();
  ASSERT_TRUE(users);
  EXPECT_EQ(users->size(), kWrites);
}

// The reporting cycle's records: reports with optimistic versions and value vintages,
// allocations, the outbox, and bulk loads.
// A whole data set in one transaction, then the start-up scan of its approved values: the
// newest version of each target, cleared ones and other scopes left out, unapproved reports
// left out, over enough reports that the stores split the scan over two readers.
TEST_P(StoreContract, LoadsADataSetAtOnceAndScansItsApprovedValues) {
  ASSERT_TRUE(store_->SaveOrgUnits(Registry().units()));
  const domain::OrgUnitId hanoi = Registry().FindByCode("01", {2012, 3, 1})->id;
  DatasetLoad load;
  for (domain::OrgUnitId id : {900001, 900002}) {
    domain::OrgUnit u;
    u.id = id;
    u.code = "X" + std::to_string(id);
    u.name = "Xã " + u.code;
    u.kind = domain::OrgKind::kCommune;
    u.parent = hanoi;
    load.units.push_back(u);
  }
  ProgramRecord program = Record(Seed("molisa_2012.txt"));
  program.status = ProgramStatus::kPublished;
  program.published_at = "2012-03-01T00:00:00Z";
  program.plan.targets[2].numerator = 0;  // a rate computed from two other targets
  program.plan.targets[2].denominator = 1;
  load.programs.emplace_back(program, Audit("program.import"));
  std::vector<domain::OrgUnitId> units = {900001, 900002};
  for (const auto* u : Registry().UnitsAt({2012, 3, 1}, domain::OrgKind::kProvince)) {
    units.push_back(u->id);
  }
  // Reports i = 0 … 1559: (obligation, month, unit); even ones approved.
  const size_t total = 2 * 12 * units.size();
  size_t next = 0;
  load.next = [&](const DatasetIds& ids, std::vector<DatasetReport>& batch) {
    for (; next < total && batch.size() < 700; ++next) {
      const size_t i = next;
      DatasetReport r;
      r.obligation = i < total / 2 ? "r1" : "r2";
      char period[16];
      std::snprintf(period, sizeof period, "2012-M%02zu", (i / units.size()) % 12 + 1);
      r.period = period;
      r.unit_id = units[i % units.size()];
      r.due = "2012-03-19";
      r.status = i % 2 == 0 ? domain::ReportStatus::kApproved : domain::ReportStatus::kSubmitted;
      r.first_submitted_at = r.submitted_at = "2012-03-15T00:00:00Z";
      const int64_t t0 = ids.targets[0][0], t1 = ids.targets[0][1];
      const auto v = [](int64_t target, domain::ValueKind kind, std::optional<int64_t> x,
                        domain::ValueScope scope = domain::ValueScope::kPeriod) {
        domain::ReportValue out{target, scope, kind, std::nullopt, ""};
        if (x) out.value = core::Decimal{*x, 0};
        return out;
      };
      const auto n = static_cast<int64_t>(i);
      r.versions.push_back(
          {"2012-03-15T00:00:00Z",
           {v(t0, domain::ValueKind::kEstimate, n), v(t1, domain::ValueKind::kEstimate, n + 1),
            v(t0, domain::ValueKind::kActual, 5, domain::ValueScope::kCumulative)}});
      r.versions.push_back({"2012-04-15T00:00:00Z",
                            {v(t0, domain::ValueKind::kActual, n * 10),
                             v(t1, domain::ValueKind::kActual, std::nullopt)}});
      batch.push_back(std::move(r));
    }
    return next < total;
  };
  load.audit = [](const DatasetCounts& c) {
    auto e = Audit("dataset.generate", "dataset");
    e.entity_id = "test";
    e.after = "{\"values\":" + std::to_string(c.values) + "}";
    return e;
  };
  auto counts = store_->LoadDataset(load);
  ASSERT_TRUE(counts) << counts.error().message << " " << counts.error().internal_note;
  EXPECT_EQ(counts->units, 2u);
  EXPECT_EQ(counts->programs, 1u);
  EXPECT_EQ(counts->reports, total);
  EXPECT_EQ(counts->values, total * 5);
  auto stored = store_->LoadOrgUnits();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->size(), Registry().units().size() + 2);
  auto programs = store_->ListPrograms();
  ASSERT_TRUE(programs);
  ASSERT_EQ(programs->size(), 1u);
  const ProgramId id = programs->front().id;
  EXPECT_EQ(programs->front().status, ProgramStatus::kPublished);
  auto read = store_->GetProgram(id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->plan.targets[2].numerator, 0);
  EXPECT_EQ(read->plan.targets[2].denominator, 1);
  EXPECT_FALSE(read->plan.targets[3].numerator);
  EXPECT_EQ(read->published_at, "2012-03-01T00:00:00Z");
  auto entry = store_->LastAuditOf("program", std::to_string(id));
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->event.action, "program.import");
  auto last = store_->LastAuditOf("dataset", "test");
  ASSERT_TRUE(last && *last);
  EXPECT_EQ((*last)->event.after, "{\"values\":" + std::to_string(total * 5) + "}");

  ReportFilter f;
  f.program_id = id;
  auto reports = store_->ListReports(f);
  ASSERT_TRUE(reports);
  ASSERT_EQ(reports->size(), total);
  std::map<ReportId, int64_t> want;  // approved report → its n
  auto targets = store_->ListTargets(id);
  ASSERT_TRUE(targets);
  auto current = store_->CurrentValues(f);
  ASSERT_TRUE(current);
  std::map<ReportId, int64_t> period_actual;
  for (const auto& [report, v] : *current) {
    if (v.scope == domain::ValueScope::kPeriod) period_actual[report] = v.value->mantissa;
  }
  for (const auto& r : *reports) {
    EXPECT_EQ(r.version, 2);
    if (r.status == domain::ReportStatus::kApproved) want[r.id] = period_actual.at(r.id);
  }
  EXPECT_EQ(want.size(), total / 2);

  std::mutex mu;
  std::map<ReportId, std::vector<ApprovedValue>> got;
  auto scanned = store_->ScanApprovedValues(id, [&](std::vector<ApprovedValue>& batch) {
    std::lock_guard lock(mu);
    for (const auto& v : batch) got[v.report].push_back(v);
  });
  ASSERT_TRUE(scanned) << scanned.error().message << " " << scanned.error().internal_note;
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [report, values] : got) {
    ASSERT_EQ(values.size(), 1u) << "report " << report;
    EXPECT_EQ(values[0].target_id, targets->at(0).id);
    EXPECT_EQ(values[0].kind, domain::ValueKind::kActual);
    EXPECT_EQ(values[0].value.mantissa, want.at(report));
  }

  // Into a database that holds a program: refused, nothing added.
  size_t calls = 0;
  load.next = [&](const DatasetIds&, std::vector<DatasetReport>&) {
    ++calls;
    return false;
  };
  auto again = store_->LoadDataset(load);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason, "database_not_empty");
  EXPECT_EQ(calls, 0u);
  auto after = store_->ListPrograms();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size(), 1u);
}

class ReportContract : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    if (IsSkipped() || !store_) return;
    ASSERT_TRUE(store_->SaveOrgUnits(Registry().units()));
    auto id = store_->InsertProgram(Record(Seed("molisa_2012.txt")), ImportMode::kNew,
                                    Audit("program.import"));
    ASSERT_TRUE(id);
    program_ = *id;
    auto targets = store_->ListTargets(program_);
    ASSERT_TRUE(targets);
    for (const auto& t : *targets) targets_.push_back(t.id);
    hanoi_ = Registry().FindByCode("01", {2012, 3, 1})->id;
    haiphong_ = Registry().FindByCode("31", {2012, 3, 1})->id;
  }

  ReportRecord NewReport(domain::OrgUnitId unit, const std::string& period) const {
    ReportRecord r;
    r.program_id = program_;
    r.obligation = "r2";
    r.period = period;
    r.unit_id = unit;
    r.due = "2012-03-19";
    r.updated_at = "2012-03-10T02:00:00Z";
    r.updated_by = 7;
    return r;
  }
  domain::ReportValue Value(size_t target, int64_t mantissa, domain::ValueKind kind,
                            domain::ValueScope scope = domain::ValueScope::kPeriod) const {
    return {targets_.at(target), scope, kind, core::Decimal{mantissa, 0}, ""};
  }

  ProgramId program_ = 0;
  std::vector<int64_t> targets_;
  domain::OrgUnitId hanoi_ = 0, haiphong_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, ReportContract, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

TEST_P(ReportContract, KeepsEveryVintageAndRefusesStaleWrites) {
  using domain::ValueKind;
  ReportChanges first;
  first.values = {Value(0, 130000, ValueKind::kEstimate), Value(1, 120000, ValueKind::kEstimate),
                  Value(0, 260000, ValueKind::kEstimate, domain::ValueScope::kCumulative)};
  first.tasks = {{"II.2.1#1", domain::TaskStatus::kInProgress, 40, "đã xây dựng dự thảo"}};
  first.narrative = {{domain::Narrative::kResults, "Tạo việc làm cho 130 nghìn lao động."}};
  auto created =
      store_->PutReport(NewReport(hanoi_, "2012-M03"), 0, first, Audit("report.save", "report"));
  ASSERT_TRUE(created) << created.error().message << " " << created.error().internal_note;
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->created_at, "2012-03-10T02:00:00Z");

  // The estimate becomes an actual, one value is cleared, the report is submitted.
  ReportRecord next = *created;
  next.status = domain::ReportStatus::kSubmitted;
  next.first_submitted_at = next.submitted_at = "2012-03-18T09:00:00Z";
  next.updated_at = "2012-03-18T09:00:00Z";
  ReportChanges second;
  second.values = {Value(0, 131500, ValueKind::kActual)};
  second.values.push_back({targets_[1], domain::ValueScope::kPeriod, ValueKind::kEstimate,
                           std::nullopt, "chưa có số liệu"});
  second.tasks = {{"II.2.1#1", domain::TaskStatus::kDone, 100, "đã trình Thủ tướng Chính phủ"}};
  auto updated = store_->PutReport(next, 1, second, Audit("report.submit", "report"));
  ASSERT_TRUE(updated) << updated.error().message << " " << updated.error().internal_note;
  EXPECT_EQ(updated->version, 2);

  // A client still holding version 1 loses, and changes nothing.
  ReportChanges stale;
  stale.values = {Value(0, 1, ValueKind::kActual)};
  auto lost = store_->PutReport(next, 1, stale, Audit("report.save", "report"));
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, core::ErrorCode::kAborted);
  EXPECT_EQ(lost.error().reason, "stale_version");
  ASSERT_EQ(lost.error().details.size(), 1u);
  EXPECT_EQ(lost.error().details[0].message, "2");
  // So does a second creation of the same report.
  auto twice =
      store_->PutReport(NewReport(hanoi_, "2012-M03"), 0, first, Audit("report.save", "report"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().reason, "stale_version");

  auto stored = store_->GetReport(created->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(stored->status, domain::ReportStatus::kSubmitted);
  EXPECT_EQ(stored->first_submitted_at, "2012-03-18T09:00:00Z");
  EXPECT_EQ(stored->created_at, "2012-03-10T02:00:00Z");
  EXPECT_EQ(stored->updated_by, 7);

  auto content = store_->GetReportContent(created->id);
  ASSERT_TRUE(content);
  ASSERT_EQ(content->values.size(), 2u);  // the cleared one is not current
  EXPECT_EQ(content->values[0].target_id, targets_[0]);
  EXPECT_EQ(content->values[0].kind, ValueKind::kActual);
  EXPECT_EQ(content->values[0].value, (core::Decimal{131500, 0}));
  EXPECT_EQ(content->values[1].scope, domain::ValueScope::kCumulative);
  ASSERT_EQ(content->tasks.size(), 1u);
  EXPECT_EQ(content->tasks[0].status, domain::TaskStatus::kDone);
  EXPECT_EQ(content->tasks[0].output, "đã trình Thủ tướng Chính phủ");
  EXPECT_EQ(content->narrative[0], "Tạo việc làm cho 130 nghìn lao động.");

  auto vintages = store_->ListValueVintages(created->id);
  ASSERT_TRUE(vintages);
  ASSERT_EQ(vintages->size(), 5u);
  // Target 0, period: the estimate of version 1, then the actual of version 2.
  EXPECT_EQ((*vintages)[0].value.kind, ValueKind::kEstimate);
  EXPECT_EQ((*vintages)[0].version, 1);
  EXPECT_EQ((*vintages)[1].value.kind, ValueKind::kActual);
  EXPECT_EQ((*vintages)[1].version, 2);
  EXPECT_EQ((*vintages)[1].recorded_at, "2012-03-18T09:00:00Z");

  auto missing = store_->GetReport(created->id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "report_not_found");

  auto log = store_->ListAudit(0, 100);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 3u);  // import, save, submit: the refused writes left nothing
  EXPECT_EQ(log->back().event.action, "report.submit");
  EXPECT_EQ(log->back().event.entity_id, std::to_string(created->id));
}

// PutReports: a month and the quarter it answers, written together or not at all — a stale
// version of either (the second here) leaves both as they were, values, tasks and log alike.
TEST_P(ReportContract, PutReportsWritesAllOrNothing) {
  using domain::ValueKind;
  auto month = NewReport(hanoi_, "2012-M03");
  auto quarter = NewReport(hanoi_, "2012-Q1");
  quarter.obligation = "r3";
  ReportChanges changes;
  changes.values = {Value(0, 300, ValueKind::kEstimate),
                    Value(0, 600, ValueKind::kEstimate, domain::ValueScope::kCumulative)};
  changes.tasks = {{"II.2.1#1", domain::TaskStatus::kInProgress, 40, "đã trình"}};
  ReportChanges derived = changes;
  derived.values[0] = Value(0, 600, ValueKind::kEstimate);

  // The quarter exists at version 1; a pair naming version 0 for it is stale.
  auto first = store_->PutReport(quarter, 0, {}, Audit("report.save", "report"));
  ASSERT_TRUE(first) << first.error().message << " " << first.error().internal_note;
  quarter = *first;
  std::vector<PutReportArgs> pair = {
      {month, 0, changes, Audit("report.save", "report")},
      {quarter, 0, derived, Audit("report.save", "report")},
  };
  auto lost = store_->PutReports(pair);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().reason, "stale_version");
  auto none = store_->FindReport(program_, "r2", "2012-M03", hanoi_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value()) << "the month, written first, is rolled back with the quarter";
  auto kept = store_->GetReportContent(quarter.id);
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->values.empty());
  EXPECT_TRUE(kept->tasks.empty());
  auto log = store_->ListAudit(0, 100);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 2u) << "import and the quarter's first save only";

  pair[1].expected_version = 1;
  auto both = store_->PutReports(pair);
  ASSERT_TRUE(both) << both.error().message << " " << both.error().internal_note;
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].version, 1);
  EXPECT_EQ((*both)[0].period, "2012-M03");
  EXPECT_EQ((*both)[1].version, 2);
  EXPECT_EQ((*both)[1].id, quarter.id);
  auto q = store_->GetReportContent(quarter.id);
  ASSERT_TRUE(q);
  ASSERT_EQ(q->values.size(), 2u);
  EXPECT_EQ(q->values[0].value, (core::Decimal{600, 0}));
  ASSERT_EQ(q->tasks.size(), 1u);
  log = store_->ListAudit(0, 100);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 4u) << "one entry per report";
  EXPECT_EQ((*log)[2].event.entity_id, std::to_string((*both)[0].id));
  EXPECT_EQ((*log)[3].event.entity_id, std::to_string(quarter.id));
}

TEST_P(ReportContract, OfTwoWritersOfOneVersionExactlyOneWins) {
  auto created =
      store_->PutReport(NewReport(hanoi_, "2012-M04"), 0, {}, Audit("report.save", "report"));
  ASSERT_TRUE(created);
  constexpr int kWriters = 8;
  std::atomic<int> won{0}, stale{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      ReportChanges c;
      c.values = {Value(0, 1000 + i, domain::ValueKind::kEstimate)};
      auto r = store_->PutReport(*created, 1, c, Audit("report.save", "report"));
      if (r) {
        ++won;
      } else if (r.error().reason == "stale_version") {
        ++stale;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(stale.load(), kWriters - 1);
  auto vintages = store_->ListValueVintages(created->id);
  ASSERT_TRUE(vintages);
  EXPECT_EQ(vintages->size(), 1u);
}

// Many writers at once, as a server's threads write (the SQLite store commits writes that
// wait together in one transaction): every write that returned success is stored and audited
// once, in one unbroken chain; a write refused among them (a stale version) leaves nothing and
// takes nothing of the others with it.
TEST_P(ReportContract, ConcurrentWritesAllLandAndRefusalsTakeNothingWithThem) {
  constexpr int kThreads = 8, kRounds = 12;
  std::atomic<int> stored{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto unit = i % 2 ? hanoi_ : haiphong_;
      for (int round = 0; round < kRounds; ++round) {
        std::string period = "2013-M" + std::string(round < 9 ? "0" : "") +
                             std::to_string(round + 1) + "-" + std::to_string(i);
        ReportChanges c;
        c.values = {Value(0, i * 100 + round, domain::ValueKind::kEstimate)};
        // Every third write claims a version the report never had: refused.
        int64_t version = round % 3 == 2 ? 7 : 0;
        auto r =
            store_->PutReport(NewReport(unit, period), version, c, Audit("report.save", "report"));
        if (r) {
          ++stored;
        } else if (r.error().reason == "stale_version") {
          ++refused;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(stored.load(), kThreads * kRounds * 2 / 3);
  EXPECT_EQ(refused.load(), kThreads * kRounds / 3);
  EXPECT_EQ(other.load(), 0);

  ReportFilter f;
  f.program_id = program_;
  auto reports = store_->ListReports(f);
  ASSERT_TRUE(reports);
  int found = 0;
  for (const auto& r : *reports) {
    if (!r.period.starts_with("2013-")) continue;
    ++found;
    auto content = store_->GetReportContent(r.id);
    ASSERT_TRUE(content);
    ASSERT_EQ(content->values.size(), 1u);
    int thread = std::stoi(r.period.substr(r.period.find('-', 5) + 1));
    int round = std::stoi(r.period.substr(6, 2)) - 1;
    EXPECT_EQ(content->values[0].value, (core::Decimal{thread * 100 + round, 0})) << r.period;
    EXPECT_EQ(round % 3 == 2, false) << "a refused write was stored: " << r.period;
  }
  EXPECT_EQ(found, stored.load());

  auto log = store_->ListAudit(0, 1000);
  ASSERT_TRUE(log);
  ExpectUnbrokenChain(*log);
  int saves = 0;
  for (const auto& e : *log) saves += e.event.action == "report.save";
  EXPECT_EQ(saves, stored.load());
}

TEST_P(ReportContract, ListsByPeriodAndUnitWithCurrentValues) {
  for (auto unit : {hanoi_, haiphong_}) {
    for (std::string period : {"2012-M03", "2012-M04"}) {
      ReportChanges c;
      c.values = {Value(0, unit == hanoi_ ? 100 : 200, domain::ValueKind::kEstimate)};
      ASSERT_TRUE(store_->PutReport(NewReport(unit, period), 0, c, Audit("report.save", "report")));
    }
  }
  ReportFilter march;
  march.program_id = program_;
  march.period = "2012-M03";
  auto reports = store_->ListReports(march);
  ASSERT_TRUE(reports);
  ASSERT_EQ(reports->size(), 2u);
  EXPECT_EQ((*reports)[0].unit_id, std::min(hanoi_, haiphong_));
  march.unit_id = haiphong_;
  auto values = store_->CurrentValues(march);
  ASSERT_TRUE(values);
  ASSERT_EQ(values->size(), 1u);
  EXPECT_EQ(values->front().second.value, (core::Decimal{200, 0}));
  auto found = store_->FindReport(program_, "r2", "2012-M04", hanoi_);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->period, "2012-M04");
  auto none = store_->FindReport(program_, "r2", "2012-M05", hanoi_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST_P(ReportContract, BulkLoadsCreateReportsAndNewVintages) {
  ASSERT_TRUE(
      store_->PutReport(NewReport(hanoi_, "2012-M03"), 0, {}, Audit("report.save", "report")));
  std::vector<BulkValue> rows;
  for (auto unit : {hanoi_, haiphong_}) {
    for (size_t t = 0; t < 10; ++t) {
      rows.push_back({"r2", "2012-M03", unit, "2012-03-19",
                      Value(t, static_cast<int64_t>(t * 10), domain::ValueKind::kActual)});
    }
  }
  auto n = store_->BulkLoadValues(program_, rows, domain::ReportStatus::kApproved,
                                  "2013-01-05T00:00:00Z", Audit("report.bulk_load", "program"));
  ASSERT_TRUE(n) << n.error().message << " " << n.error().internal_note;
  EXPECT_EQ(*n, 20u);
  ReportFilter f;
  f.program_id = program_;
  auto reports = store_->ListReports(f);
  ASSERT_TRUE(reports);
  ASSERT_EQ(reports->size(), 2u);
  for (const auto& r : *reports) {
    if (r.unit_id == hanoi_) {
      EXPECT_EQ(r.version, 2);  // existed: one more version
      EXPECT_EQ(r.status, domain::ReportStatus::kDraft);
    } else {
      EXPECT_EQ(r.version, 1);
      EXPECT_EQ(r.status, domain::ReportStatus::kApproved);
      EXPECT_EQ(r.first_submitted_at, "2013-01-05T00:00:00Z");
    }
  }
  auto values = store_->CurrentValues(f);
  ASSERT_TRUE(values);
  EXPECT_EQ(values->size(), 20u);
}

// Writes of many values (the SQLite store inserts them several rows per statement): every
// value arrives with its own target, scope and figure, whatever the count.
TEST_P(ReportContract, ManyValuesInOneWriteAllArrive) {
  ReportChanges c;
  for (size_t t = 0; t < 73; ++t) {  // 146 values: not a whole number of statements
    for (auto scope : {domain::ValueScope::kPeriod, domain::ValueScope::kCumulative}) {
      c.values.push_back(
          Value(t, static_cast<int64_t>(t * 2 + (scope == domain::ValueScope::kPeriod ? 0 : 1)),
                domain::ValueKind::kEstimate, scope));
    }
  }
  auto r = store_->PutReport(NewReport(hanoi_, "2012-M05"), 0, c, Audit("report.save", "report"));
  ASSERT_TRUE(r) << r.error().message << " " << r.error().internal_note;
  auto content = store_->GetReportContent(r->id);
  ASSERT_TRUE(content);
  ASSERT_EQ(content->values.size(), c.values.size());
  std::vector<domain::ReportValue> sorted = c.values;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::pair(a.target_id, a.scope) < std::pair(b.target_id, b.scope);
  });
  EXPECT_EQ(content->values, sorted);

  std::vector<BulkValue> rows;
  for (auto unit : {hanoi_, haiphong_, Registry().FindByCode("48", {2012, 3, 1})->id}) {
    for (size_t t = 0; t < 61; ++t) {  // 366 values in all
      for (auto scope : {domain::ValueScope::kPeriod, domain::ValueScope::kCumulative}) {
        rows.push_back(
            {"r2", "2012-M06", unit, "2012-06-18",
             Value(t, static_cast<int64_t>(unit * 1000 + t), domain::ValueKind::kActual, scope)});
      }
    }
  }
  auto n = store_->BulkLoadValues(program_, rows, domain::ReportStatus::kApproved,
                                  "2013-01-05T00:00:00Z", Audit("report.bulk_load", "program"));
  ASSERT_TRUE(n) << n.error().message << " " << n.error().internal_note;
  EXPECT_EQ(*n, rows.size());
  ReportFilter june;
  june.program_id = program_;
  june.period = "2012-M06";
  auto values = store_->CurrentValues(june);
  ASSERT_TRUE(values);
  ASSERT_EQ(values->size(), rows.size());
  auto reports = store_->ListReports(june);
  ASSERT_TRUE(reports);
  ASSERT_EQ(reports->size(), 3u);
  std::map<ReportId, domain::OrgUnitId> unit_of;
  for (const auto& report : *reports) unit_of[report.id] = report.unit_id;
  for (const auto& [report, v] : *values) {
    size_t t = std::find(targets_.begin(), targets_.end(), v.target_id) - targets_.begin();
    EXPECT_EQ(v.value, (core::Decimal{static_cast<int64_t>(unit_of.at(report) * 1000 + t), 0}));
  }
}

// A read that starts after a write returned sees it, whichever connection serves it, also
// while other reads run at the same time (the SQLite store reads on a pool of connections).
TEST_P(ReportContract, ReadsSeeEveryWriteThatReturnedBeforeThem) {
  auto created =
      store_->PutReport(NewReport(haiphong_, "2012-M07"), 0, {}, Audit("report.save", "report"));
  ASSERT_TRUE(created);
  std::atomic<bool> done{false};
  std::atomic<int> failed_reads{0}, mismatched{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      ReportFilter f;
      f.program_id = program_;
      while (!done) {
        int64_t version = -1;
        auto content = store_->GetReportContent(created->id, &version);
        if (!store_->ListReports(f) || !content) {
          ++failed_reads;
          continue;
        }
        // The version given is the one the content is of: write i (version 2 + i) holds i.
        bool empty = content->values.empty();
        if (empty != (version == 1) ||
            (!empty && content->values[0].value != core::Decimal{version - 2, 0})) {
          ++mismatched;
        }
      }
    });
  }
  ReportRecord r = *created;
  for (int64_t i = 0; i < 40; ++i) {
    ReportChanges c;
    c.values = {Value(0, i, domain::ValueKind::kEstimate)};
    auto next = store_->PutReport(r, r.version, c, Audit("report.save", "report"));
    ASSERT_TRUE(next) << next.error().message;
    r = *next;
    auto read = store_->GetReport(r.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->version, r.version);
    auto content = store_->GetReportContent(r.id);
    ASSERT_TRUE(content);
    ASSERT_EQ(content->values.size(), 1u);
    EXPECT_EQ(content->values[0].value, (core::Decimal{i, 0}));
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failed_reads.load(), 0);
  EXPECT_EQ(mismatched.load(), 0);
}

TEST_P(ReportContract, AllocationsAreReplacedPerTarget) {
  std::vector<Allocation> rows = {{targets_[0], hanoi_, core::Decimal{150000, 0}},
                                  {targets_[0], haiphong_, core::Decimal{60000, 0}},
                                  {targets_[3], hanoi_, core::Decimal{43, 1}}};
  auto rev0 = store_->AllocationsRevision(program_);
  ASSERT_TRUE(rev0) << rev0.error().message;
  ASSERT_TRUE(store_->ReplaceAllocations(program_, rows, Audit("allocation.replace")));
  auto rev1 = store_->AllocationsRevision(program_);
  ASSERT_TRUE(rev1);
  EXPECT_GT(*rev1, *rev0);  // forms built before the upload are no longer current
  // A second upload for target 0 only replaces target 0's shares.
  ASSERT_TRUE(store_->ReplaceAllocations(
      program_, {{targets_[0], hanoi_, core::Decimal{155000, 0}}}, Audit("allocation.replace")));
  EXPECT_GT(*store_->AllocationsRevision(program_), *rev1);
  // A refused upload (no such program) moves nothing.
  auto before = *store_->AllocationsRevision(program_);
  EXPECT_FALSE(store_->ReplaceAllocations(program_ + 100, rows, Audit("allocation.replace")));
  EXPECT_EQ(*store_->AllocationsRevision(program_), before);
  EXPECT_EQ(store_->AllocationsRevision(program_ + 100).error().reason, "program_not_found");
  auto stored = store_->ListAllocations(program_, std::nullopt);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].value, (core::Decimal{155000, 0}));
  EXPECT_EQ((*stored)[1].value, (core::Decimal{43, 1}));
  auto haiphong = store_->ListAllocations(program_, haiphong_);
  ASSERT_TRUE(haiphong);
  EXPECT_TRUE(haiphong->empty());  // its share of target 0 went with the second upload
  auto hanoi = store_->ListAllocations(program_, hanoi_);
  ASSERT_TRUE(hanoi);
  EXPECT_EQ(hanoi->size(), 2u);
  auto missing = store_->ListAllocations(program_ + 100, std::nullopt);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "program_not_found");
}

// The matrix of a published program changes from a date: rows in force end the day before,
// the past stays as it was; a change made on a revision read before another is refused.
TEST_P(ReportContract, TheMatrixChangesFromADateAndKeepsThePast) {
  auto reporter = [](int64_t target, std::optional<domain::OrgUnitId> unit, core::CivilDate from) {
    domain::Reporter r;
    r.target_id = target;
    r.unit = unit;
    if (!unit) r.group = domain::ReporterGroup::kProvinces;
    r.valid_from = from;
    r.source = domain::ReporterSource::kPlanner;
    return r;
  };
  const core::CivilDate jan{2012, 1, 1}, jul{2012, 7, 1};
  // The rows of targets 0 and 1 (the others keep the binder's proposals).
  auto ours = [&]() -> std::vector<domain::Reporter> {
    auto all = store_->ListReporters(program_);
    EXPECT_TRUE(all);
    std::vector<domain::Reporter> out;
    for (const auto& r : *all) {
      if (r.target_id == targets_[0] || r.target_id == targets_[1]) out.push_back(r);
    }
    return out;
  };
  auto rev = store_->ResponsibilityRevision(program_);
  ASSERT_TRUE(rev);
  auto r1 = store_->ReplaceReporters(
      program_, *rev, std::nullopt, {targets_[0], targets_[1]},
      {reporter(targets_[0], std::nullopt, jan), reporter(targets_[1], hanoi_, jan)},
      Audit("responsibility.replace"));
  ASSERT_TRUE(r1) << r1.error().message << " " << r1.error().internal_note;
  EXPECT_EQ(*r1, *rev + 1);
  EXPECT_EQ(ours().size(), 2u);
  // Made on the revision before: refused, nothing changed.
  auto stale = store_->ReplaceReporters(program_, *rev, std::nullopt, {targets_[0]}, {},
                                        Audit("responsibility.replace"));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, "stale_revision");
  EXPECT_EQ(ours().size(), 2u);
  // A target of no program of this one: refused, nothing changed.
  auto foreign =
      store_->ReplaceReporters(program_, *r1, std::nullopt, {987654},
                               {reporter(987654, hanoi_, jan)}, Audit("responsibility.replace"));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().reason, "target_not_found");
  EXPECT_EQ(*store_->ResponsibilityRevision(program_), *r1);
  // From July Hải Phòng reports target 0 instead of the provinces.
  auto r2 = store_->ReplaceReporters(program_, *r1, jul, {targets_[0]},
                                     {reporter(targets_[0], haiphong_, jul)},
                                     Audit("responsibility.replace"));
  ASSERT_TRUE(r2) << r2.error().internal_note;
  auto rows = std::make_optional(ours());
  ASSERT_EQ(rows->size(), 3u);
  std::map<std::optional<domain::OrgUnitId>, domain::Reporter> by_unit;
  for (const auto& r : *rows) by_unit[r.unit] = r;
  EXPECT_EQ(by_unit[std::nullopt].valid_to, (core::CivilDate{2012, 6, 30}));
  EXPECT_FALSE(by_unit[hanoi_].valid_to.has_value());  // target 1 was not changed
  EXPECT_EQ(by_unit[haiphong_].valid_from, jul);
  EXPECT_FALSE(by_unit[haiphong_].valid_to.has_value());
  EXPECT_EQ(by_unit[haiphong_].source, domain::ReporterSource::kPlanner);
  const auto& registry = Registry();
  EXPECT_TRUE(domain::ReportsAt(*rows, targets_[0], hanoi_, {2012, 6, 30}, registry));
  EXPECT_FALSE(domain::ReportsAt(*rows, targets_[0], hanoi_, {2012, 7, 31}, registry));
  EXPECT_TRUE(domain::ReportsAt(*rows, targets_[0], haiphong_, {2012, 7, 31}, registry));
  // A second change from the same date replaces the first's rows, not the past.
  auto r3 = store_->ReplaceReporters(program_, *r2, jul, {targets_[0]},
                                     {reporter(targets_[0], hanoi_, jul)},
                                     Audit("responsibility.replace"));
  ASSERT_TRUE(r3);
  rows = ours();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_FALSE(domain::ReportsAt(*rows, targets_[0], haiphong_, {2012, 7, 31}, registry));
  EXPECT_TRUE(domain::ReportsAt(*rows, targets_[0], hanoi_, {2012, 7, 31}, registry));
  EXPECT_EQ(store_
                ->ReplaceReporters(program_ + 100, 0, std::nullopt, {}, {},
                                   Audit("responsibility.replace"))
                .error()
                .reason,
            "program_not_found");
  auto log = store_->ListAudit(0, 1000);
  ASSERT_TRUE(log);
  EXPECT_EQ(
      std::count_if(log->begin(), log->end(),
                    [](const AuditEntry& e) { return e.event.action == "responsibility.replace"; }),
      3);
}

TEST_P(ReportContract, TheOutboxIsIdempotentAndDrains) {
  std::vector<OutboxMessage> batch(2);
  batch[0].key = "digest:2012-03-16:" + std::to_string(hanoi_);
  batch[0].unit_id = hanoi_;
  batch[1].key = "digest:2012-03-16:" + std::to_string(haiphong_);
  batch[1].unit_id = haiphong_;
  for (auto& m : batch) {
    m.kind = "digest";
    m.subject = "Báo cáo sắp đến hạn";
    m.body = "Báo cáo tháng 3/2012 đến hạn ngày 19/03/2012.";
    m.created_at = "2012-03-16T01:00:00Z";
  }
  auto added = store_->EnqueueMessages(batch, Audit("outbox.enqueue", "outbox"));
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, 2u);
  auto again = store_->EnqueueMessages(batch, Audit("outbox.enqueue", "outbox"));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0u);
  auto pending = store_->ListOutbox(true, 10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].body, batch[0].body);
  ASSERT_TRUE(store_->MarkSent((*pending)[0].id, "2012-03-16T01:05:00Z", Audit("outbox.sent")));
  auto left = store_->ListOutbox(true, 10);
  ASSERT_TRUE(left);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().unit_id, haiphong_);
  auto all = store_->ListOutbox(false, 10);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->front().sent_at, "2012-03-16T01:05:00Z");
  auto missing = store_->MarkSent(999999, "2012-03-16T01:05:00Z", Audit("outbox.sent"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "message_not_found");
}

// ---- Documents (issue 17) ---------------------------------------------------------------------

// A consolidated report's draft as the generator makes it: a heading, a sentence with a figure,
// a table of figures, a unit's passage; one block edited, one removed, one added after another.
std::vector<domain::Block> DraftBlocks(domain::OrgUnitId unit) {
  std::vector<domain::Block> out(5);
  out[0].key = "I";
  out[0].kind = domain::BlockKind::kHeading;
  out[0].style = "WPSection";
  out[0].section = "I";
  out[0].generated = "I. Kết quả thực hiện";
  out[1].key = "I.fig.7";
  out[1].style = "WPBody";
  out[1].section = "I";
  out[1].area = "II.2";
  out[1].generated = "Tạo việc làm cho 1.584,8 nghìn người, đạt 99,1% kế hoạch năm.";
  out[1].base = out[1].generated;
  out[1].edited = "Cả nước tạo việc làm cho 1.584,8 nghìn người \"ước\" (99,1%) <&>\nxuống dòng";
  out[1].state = domain::BlockState::kEdited;
  out[2].key = "I.table.II.2";
  out[2].kind = domain::BlockKind::kTable;
  out[2].style = "WPTable";
  out[2].section = "I";
  out[2].area = "II.2";
  out[2].table =
      domain::BlockTable{{{"Chỉ tiêu", "text"}, {"Kế hoạch năm", "integer"}, {"% KH", "percent"}},
                         {{{"Tạo việc làm", std::nullopt, true},
                           {"1.600.000", "1600000", false},
                           {"99,1", "99.1", false}}}};
  out[3].key = "II.II.2." + std::to_string(unit);
  out[3].style = "WPBody";
  out[3].section = "II";
  out[3].area = "II.2";
  out[3].unit = unit;
  out[3].generated = "- Hà Nội: giải ngân vốn vay chậm.";
  out[3].removed = true;
  out[4].key = "free.1";
  out[4].style = "WPBody";
  out[4].section = "I";
  out[4].anchor = "I.fig.7";
  out[4].edited = "Một đoạn Văn phòng thêm.";
  out[4].state = domain::BlockState::kEdited;
  return out;
}

class DocumentContract : public ReportContract {
 protected:
  DocumentRecord Draft(domain::OrgUnitId unit, const std::string& period) const {
    DocumentRecord d;
    d.program_id = program_;
    d.kind = domain::DocumentKind::kConsolidated;
    d.unit_id = unit;
    d.period = period;
    d.as_of = {2012, 12, 31};
    d.header.issuer = "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI";
    d.header.symbol = "BC-LĐTBXH";
    d.header.place = "Hà Nội";
    d.header.title = "BÁO CÁO";
    d.header.subject = "Tình hình thực hiện Chương trình công tác tháng 12 năm 2012";
    d.header.signature = {"KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", ""};
    d.header.recipients = {"- Bộ trưởng (để báo cáo);", "- Lưu: VT, KHTC."};
    d.data_generation = 41;
    d.generated_at = "2013-01-05T02:00:00Z";
    d.updated_at = "2013-01-05T02:00:00Z";
    d.updated_by = 3;
    return d;
  }
  DocumentIssue Issue(std::optional<int64_t> number, const std::vector<domain::Block>& blocks,
                      const std::string& docx) const {
    DocumentIssue i;
    i.number_seq = number;
    i.header = Draft(hanoi_, "").header;
    i.header.date = core::CivilDate{2013, 1, 5};
    i.header.signature.name = "Nguyễn Thanh Hòa";
    i.blocks = blocks;
    i.docx = docx;
    i.at = "2013-01-05T08:00:00Z";
    i.by = 4;
    return i;
  }
  // Whether the database refuses `sql`, run on it directly around the store.
  bool DatabaseRefuses(const std::string& sql) {
    if (db_) {
      try {
        db_->Exec(sql);
      } catch (const pqxx::sql_error&) {
        return true;
      }
      return false;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open((dir_ / "test.db").string().c_str(), &db) != SQLITE_OK) {
      sqlite3_close(db);
      ADD_FAILURE() << "cannot open the SQLite file";
      return false;
    }
    sqlite3_busy_timeout(db, 5000);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc != SQLITE_OK;
  }
  int64_t AuditCount() {
    auto log = store_->ListAudit(0, 100000);
    EXPECT_TRUE(log);
    return log ? static_cast<int64_t>(log->size()) : -1;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, DocumentContract, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

// A draft is created, read back field by field, replaced on the version read, refused on a stale
// one (nothing of it stored) and, once issued, refused any change; its versions say what each
// write changed and hold a snapshot whose SHA-256 is stored beside it.
TEST_P(DocumentContract, DraftsAreVersionedAndIssuedOnesAreNotChanged) {
  const auto blocks = DraftBlocks(hanoi_);
  const int64_t audit0 = AuditCount();
  auto created = store_->PutDocument(Draft(hanoi_, "2012-M12"), blocks, 0, "generate",
                                     Audit("document.generate", "document"));
  ASSERT_TRUE(created) << created.error().message << " " << created.error().internal_note;
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->created_at, "2013-01-05T02:00:00Z");

  auto got = store_->GetDocument(created->id);
  ASSERT_TRUE(got) << got.error().internal_note;
  EXPECT_EQ(got->program_id, program_);
  EXPECT_EQ(got->kind, domain::DocumentKind::kConsolidated);
  EXPECT_EQ(got->unit_id, hanoi_);
  EXPECT_EQ(got->period, "2012-M12");
  EXPECT_EQ(got->as_of, (core::CivilDate{2012, 12, 31}));
  EXPECT_EQ(got->status, domain::DocumentStatus::kDraft);
  EXPECT_EQ(got->header, Draft(hanoi_, "2012-M12").header);
  EXPECT_EQ(got->data_generation, 41);
  EXPECT_EQ(got->created_by, 3);
  EXPECT_FALSE(got->number_seq);
  auto stored_blocks = store_->GetDocumentBlocks(created->id);
  ASSERT_TRUE(stored_blocks) << stored_blocks.error().internal_note;
  EXPECT_EQ(*stored_blocks, blocks);  // every field, the table's cells and quotes and newlines

  // A second draft of the same program, kind, unit and period is refused.
  auto twice = store_->PutDocument(Draft(hanoi_, "2012-M12"), blocks, 0, "generate",
                                   Audit("document.generate", "document"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.error().reason, "document_exists");

  // An edit on version 1.
  auto edited_blocks = blocks;
  edited_blocks[3].removed = false;
  DocumentRecord next = *got;
  next.header.signature.name = "Nguyễn Thanh Hòa";
  next.updated_at = "2013-01-05T03:00:00Z";
  next.updated_by = 5;
  auto edited =
      store_->PutDocument(next, edited_blocks, 1, "edit", Audit("document.edit", "document"));
  ASSERT_TRUE(edited) << edited.error().message << " " << edited.error().internal_note;
  EXPECT_EQ(edited->version, 2);
  EXPECT_EQ(edited->created_at, "2013-01-05T02:00:00Z");

  // A client still holding version 1 loses and changes nothing.
  auto stale_blocks = edited_blocks;
  stale_blocks[1].edited = "lost";
  auto stale =
      store_->PutDocument(next, stale_blocks, 1, "edit", Audit("document.edit", "document"));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, core::ErrorCode::kAborted);
  EXPECT_EQ(stale.error().reason, "stale_version");
  auto after_stale = store_->GetDocumentBlocks(created->id);
  ASSERT_TRUE(after_stale);
  EXPECT_EQ(*after_stale, edited_blocks);

  auto versions = store_->ListDocumentVersions(created->id);
  ASSERT_TRUE(versions) << versions.error().internal_note;
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].action, "generate");
  EXPECT_EQ((*versions)[0].changed.size(), blocks.size());
  EXPECT_EQ((*versions)[1].action, "edit");
  EXPECT_EQ((*versions)[1].changed, std::vector<std::string>{blocks[3].key});
  EXPECT_EQ((*versions)[1].by_user, 5);
  EXPECT_EQ((*versions)[1].content, "");
  auto v1 = store_->GetDocumentVersion(created->id, 1);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->sha256, core::Sha256Hex(v1->content));
  auto snapshot = ParseSnapshotJson(v1->content);
  ASSERT_TRUE(snapshot) << v1->content;
  EXPECT_EQ(snapshot->second, blocks);
  EXPECT_EQ(snapshot->first.version, 1);
  EXPECT_EQ(snapshot->first.header.signature.name, "");
  auto none = store_->GetDocumentVersion(created->id, 9);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason, "version_not_found");

  // Issued with the bytes of its .docx (any byte: NUL, 0xFF), which come back unchanged.
  const std::string docx = std::string("PK\x03\x04\0\xff\x80 word/document.xml", 25) + "\n\r";
  auto missing_file = store_->GetDocumentFile(created->id);
  ASSERT_FALSE(missing_file);
  EXPECT_EQ(missing_file.error().reason, "file_not_found");
  auto stale_issue = store_->IssueDocument(created->id, 1, Issue(std::nullopt, edited_blocks, docx),
                                           Audit("document.issue", "document"));
  ASSERT_FALSE(stale_issue);
  EXPECT_EQ(stale_issue.error().reason, "stale_version");
  auto issued = store_->IssueDocument(created->id, 2, Issue(std::nullopt, edited_blocks, docx),
                                      Audit("document.issue", "document"));
  ASSERT_TRUE(issued) << issued.error().message << " " << issued.error().internal_note;
  EXPECT_EQ(issued->status, domain::DocumentStatus::kIssued);
  EXPECT_EQ(issued->version, 3);
  EXPECT_EQ(issued->number_seq, 1);
  EXPECT_EQ(issued->number_year, 2013);
  auto file = store_->GetDocumentFile(created->id);
  ASSERT_TRUE(file) << file.error().internal_note;
  EXPECT_EQ(*file, docx);
  auto reread = store_->GetDocument(created->id);
  ASSERT_TRUE(reread);
  EXPECT_EQ(reread->status, domain::DocumentStatus::kIssued);
  EXPECT_EQ(reread->issued_at, "2013-01-05T08:00:00Z");
  EXPECT_EQ(reread->issued_by, 4);
  EXPECT_EQ(reread->header.date, (core::CivilDate{2013, 1, 5}));
  EXPECT_EQ(reread->header.signature.name, "Nguyễn Thanh Hòa");

  // Issued: no edit, no regeneration, no second issue.
  auto late = store_->PutDocument(*reread, edited_blocks, 3, "regenerate",
                                  Audit("document.regenerate", "document"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.error().reason, "document_issued");
  auto again = store_->IssueDocument(created->id, 3, Issue(std::nullopt, edited_blocks, "x"),
                                     Audit("document.issue", "document"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason, "document_issued");
  file = store_->GetDocumentFile(created->id);
  ASSERT_TRUE(file);
  EXPECT_EQ(*file, docx);

  auto missing = store_->GetDocument(created->id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "document_not_found");

  // Generate, edit, issue: three entries, each naming the document; the refusals left none.
  auto log = store_->ListAudit(0, 1000);
  ASSERT_TRUE(log);
  ASSERT_EQ(static_cast<int64_t>(log->size()), audit0 + 3);
  EXPECT_EQ(log->back().event.action, "document.issue");
  EXPECT_EQ(log->back().event.entity_id, std::to_string(created->id));
  ExpectUnbrokenChain(*log);

  // Found and listed by what it is of.
  auto found =
      store_->FindDocument(program_, domain::DocumentKind::kConsolidated, hanoi_, "2012-M12");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, created->id);
  auto unit_doc = Draft(haiphong_, "2012-M11");
  unit_doc.kind = domain::DocumentKind::kUnit;
  unit_doc.updated_at = "2013-01-06T00:00:00Z";
  ASSERT_TRUE(
      store_->PutDocument(unit_doc, {}, 0, "generate", Audit("document.generate", "document")));
  DocumentFilter all;
  all.program_id = program_;
  auto listed = store_->ListDocuments(all);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].unit_id, haiphong_);  // newest first
  DocumentFilter drafts = all;
  drafts.status = domain::DocumentStatus::kDraft;
  drafts.kind = domain::DocumentKind::kUnit;
  listed = store_->ListDocuments(drafts);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].period, "2012-M11");
  drafts.period = "2012-M12";
  listed = store_->ListDocuments(drafts);
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

// Numbers count per issuing unit, year and symbol: two issues at once take 1 and 2; a number the
// văn thư types is refused when taken, and the next one counts on from the largest.
TEST_P(DocumentContract, NumbersAreCountedPerUnitYearAndSymbol) {
  std::vector<DocumentId> ids;
  for (std::string period : {"2012-M09", "2012-M10", "2012-M11", "2012-M12", "2012-Q4"}) {
    auto d = store_->PutDocument(Draft(hanoi_, period), DraftBlocks(hanoi_), 0, "generate",
                                 Audit("document.generate", "document"));
    ASSERT_TRUE(d) << d.error().internal_note;
    ids.push_back(d->id);
  }
  std::vector<int64_t> numbers(2, 0);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      auto r = store_->IssueDocument(ids[i], 1, Issue(std::nullopt, {}, "docx"),
                                     Audit("document.issue", "document"));
      if (r) numbers[i] = r->number_seq.value_or(0);
    });
  }
  for (auto& t : threads) t.join();
  std::sort(numbers.begin(), numbers.end());
  EXPECT_EQ(numbers, (std::vector<int64_t>{1, 2}));

  auto taken =
      store_->IssueDocument(ids[2], 1, Issue(2, {}, "docx"), Audit("document.issue", "document"));
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(taken.error().reason, "number_taken");
  auto still = store_->GetDocument(ids[2]);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, domain::DocumentStatus::kDraft);
  EXPECT_EQ(still->version, 1);

  auto typed =
      store_->IssueDocument(ids[2], 1, Issue(45, {}, "docx"), Audit("document.issue", "document"));
  ASSERT_TRUE(typed) << typed.error().internal_note;
  EXPECT_EQ(typed->number_seq, 45);
  auto next = store_->IssueDocument(ids[3], 1, Issue(std::nullopt, {}, "docx"),
                                    Audit("document.issue", "document"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->number_seq, 46);
  // Another year starts at 1.
  auto later = Issue(std::nullopt, {}, "docx");
  later.header.date = core::CivilDate{2014, 1, 6};
  auto fresh_year = store_->IssueDocument(ids[4], 1, later, Audit("document.issue", "document"));
  ASSERT_TRUE(fresh_year);
  EXPECT_EQ(fresh_year->number_seq, 1);
  EXPECT_EQ(fresh_year->number_year, 2014);
}

// Versions and issued files are history: the database refuses to change or delete them.
TEST_P(DocumentContract, VersionsAndIssuedFilesCannotBeChanged) {
  auto d = store_->PutDocument(Draft(hanoi_, "2012-M12"), DraftBlocks(hanoi_), 0, "generate",
                               Audit("document.generate", "document"));
  ASSERT_TRUE(d);
  ASSERT_TRUE(store_->IssueDocument(d->id, 1, Issue(std::nullopt, {}, "docx"),
                                    Audit("document.issue", "document")));
  EXPECT_TRUE(DatabaseRefuses("UPDATE document_versions SET content = '{}'"));
  EXPECT_TRUE(DatabaseRefuses("DELETE FROM document_versions"));
  EXPECT_TRUE(DatabaseRefuses("UPDATE document_files SET sha256 = 'x'"));
  EXPECT_TRUE(DatabaseRefuses("DELETE FROM document_files"));
  auto versions = store_->ListDocumentVersions(d->id);
  ASSERT_TRUE(versions);
  EXPECT_EQ(versions->size(), 2u);
  auto v1 = store_->GetDocumentVersion(d->id, 1);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->sha256, core::Sha256Hex(v1->content));
  auto file = store_->GetDocumentFile(d->id);
  ASSERT_TRUE(file);
  EXPECT_EQ(*file, "docx");
  // The control: a table that is not history can be changed this way.
  EXPECT_FALSE(DatabaseRefuses("UPDATE document_blocks SET style = style"));
}

// ListNarratives answers in one query what reading each approved report of the periods would:
// their non-empty sections, of approved reports only, in the sections' own order.
TEST_P(DocumentContract, NarrativesAreThoseOfTheApprovedReports) {
  struct Given {
    domain::OrgUnitId unit;
    std::string period;
    domain::ReportStatus status;
  };
  const std::vector<Given> seeds = {{hanoi_, "2012-M12", domain::ReportStatus::kApproved},
                                    {haiphong_, "2012-M12", domain::ReportStatus::kSubmitted},
                                    {haiphong_, "2012-Q4", domain::ReportStatus::kApproved},
                                    {hanoi_, "2012-M11", domain::ReportStatus::kApproved}};
  for (const auto& s : seeds) {
    ReportChanges c;
    c.narrative = {{domain::Narrative::kProposals, "Đề nghị bổ sung vốn (" + s.period + ")."},
                   {domain::Narrative::kResults, "Kết quả của " + s.period + "."},
                   {domain::Narrative::kCauses, ""}};
    auto r = NewReport(s.unit, s.period);
    r.status = s.status;
    ASSERT_TRUE(store_->PutReport(r, 0, c, Audit("report.save", "report")));
  }
  const std::vector<std::string> periods = {"2012-M12", "2012-Q4"};
  auto got = store_->ListNarratives(program_, periods, std::nullopt);
  ASSERT_TRUE(got) << got.error().internal_note;

  std::vector<NarrativePassage> want;
  for (const auto& period : periods) {
    ReportFilter f;
    f.program_id = program_;
    f.period = period;
    auto reports = store_->ListReports(f);
    ASSERT_TRUE(reports);
    for (const auto& r : *reports) {
      if (r.status != domain::ReportStatus::kApproved) continue;
      auto content = store_->GetReportContent(r.id);
      ASSERT_TRUE(content);
      for (size_t s = 0; s < domain::kNarrativeCount; ++s) {
        if (content->narrative[s].empty()) continue;
        want.push_back(
            {r.id, r.unit_id, r.period, static_cast<domain::Narrative>(s), content->narrative[s]});
      }
    }
  }
  auto key = [](const NarrativePassage& n) {
    return std::tie(n.unit_id, n.period, n.report_id, n.section);
  };
  std::sort(want.begin(), want.end(),
            [&](const auto& a, const auto& b) { return key(a) < key(b); });
  ASSERT_EQ(got->size(), want.size());
  ASSERT_EQ(want.size(), 4u);  // Hà Nội M12 and Hải Phòng Q4, two sections each
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*got)[i].report_id, want[i].report_id);
    EXPECT_EQ((*got)[i].unit_id, want[i].unit_id);
    EXPECT_EQ((*got)[i].period, want[i].period);
    EXPECT_EQ((*got)[i].section, want[i].section);
    EXPECT_EQ((*got)[i].text, want[i].text);
  }
  // Results before proposals (the sections' order), whatever their names' order.
  EXPECT_EQ((*got)[0].section, domain::Narrative::kResults);
  // One unit's alone.
  auto one = store_->ListNarratives(program_, periods, haiphong_);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 2u);
  EXPECT_EQ(one->front().period, "2012-Q4");
  auto nothing = store_->ListNarratives(program_, {}, std::nullopt);
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty());
}

// Templates an admin uploads are kept in every version; the newest is the one read.
TEST_P(DocumentContract, TemplatesKeepEveryVersion) {
  auto none = store_->GetTemplate("bao_cao");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  const std::string first = std::string("PK\x03\x04\0\x01", 6), second = "PK\x03\x04 v2\xfe";
  auto t1 = store_->PutTemplate("bao_cao", first, "2013-01-02T00:00:00Z",
                                Audit("template.replace", "template"));
  ASSERT_TRUE(t1) << t1.error().internal_note;
  EXPECT_EQ(t1->version, 1);
  auto t2 = store_->PutTemplate("bao_cao", second, "2013-01-03T00:00:00Z",
                                Audit("template.replace", "template"));
  ASSERT_TRUE(t2);
  EXPECT_EQ(t2->version, 2);
  EXPECT_EQ(t2->sha256, core::Sha256Hex(second));
  auto got = store_->GetTemplate("bao_cao");
  ASSERT_TRUE(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->bytes, second);
  EXPECT_EQ((*got)->version, 2);
  EXPECT_EQ((*got)->uploaded_at, "2013-01-03T00:00:00Z");
  auto other = store_->GetTemplate("giao_ban");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_value());
  auto log = store_->ListAudit(0, 1000);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->back().event.action, "template.replace");
  EXPECT_EQ(log->back().event.entity_id, "bao_cao");
}

// ---- Each unit's own program (issue 18) --------------------------------------------------------

class UnitProgramContract : public DocumentContract {
 protected:
  UnitProgramRecord Record(domain::OrgUnitId unit) const {
    UnitProgramRecord r;
    r.program_id = program_;
    r.unit_id = unit;
    r.due = {2012, 3, 15};
    r.updated_at = "2012-03-05T02:00:00Z";
    return r;
  }
  domain::UnitProgramContent Content(std::optional<domain::UserId> user) const {
    domain::UnitProgramContent c;
    c.decision_number = "125/QĐ-SLĐTBXH";
    c.decision_date = core::CivilDate{2012, 2, 27};
    c.signer = "Nguyễn Văn A";
    domain::UnitTask a;
    a.serves = "II.2.1#3";
    a.text = "Tổ chức 12 phiên giao dịch việc làm \"lưu động\"";
    a.responsible_user = user;
    a.start = core::CivilDate{2012, 3, 1};
    a.due = core::CivilDate{2012, 12, 15};
    a.output = "Báo cáo UBND thành phố";
    domain::UnitTask b;
    b.serves = "II.2.3";
    b.text = "Kiểm tra các cơ sở dạy nghề";
    b.responsible_name = "Phòng Dạy nghề";
    c.tasks = {a, b};
    domain::UnitTarget own;
    own.name = "Số phiên giao dịch việc làm";
    own.uom = "phiên";
    own.value = core::Decimal{12, 0};
    own.comparator = domain::Comparator::kMin;
    own.serves = "II.2.1";
    domain::UnitTarget share;
    share.target_id = 17;
    share.indicator_code = "viec_lam";
    share.name = "Tạo việc làm";
    share.uom = "người";
    share.value = core::Decimal{1405, 1};
    c.targets = {own, share};
    return c;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, UnitProgramContract, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

// A unit's program is created, read back field by field, its tasks kept by id across a write
// (a new one gets an id never used; a dropped one goes), refused on a stale version (nothing of
// it stored), accepted (the revision moves, accepted_version set); its versions hold snapshots
// whose SHA-256 the audit entry records, and the database refuses to change them.
TEST_P(UnitProgramContract, TasksKeepTheirIdsAndSnapshotsAreImmutable) {
  UserRecord u;
  u.username = "hanoi.nhaplieu";
  u.display_name = "Hà Nội";
  u.role = domain::Role::kEditor;
  u.unit = hanoi_;
  u.password_hash = "x";
  u.created_at = "2012-01-01T00:00:00Z";
  auto user = store_->CreateUser(u, Audit("user.create", "user"));
  ASSERT_TRUE(user);
  auto none = store_->FindUnitProgram(program_, hanoi_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto rev0 = store_->UnitProgramsRevision(program_);
  ASSERT_TRUE(rev0);

  auto created =
      store_->PutUnitProgram(Record(hanoi_), 0, Content(*user), domain::UnitProgramAction::kSave,
                             "", Audit("unit_program.save", "unit_program"));
  ASSERT_TRUE(created) << created.error().message << created.error().internal_note;
  EXPECT_EQ(created->version, 1);
  auto content = store_->GetUnitProgramContent(created->id);
  ASSERT_TRUE(content);
  ASSERT_EQ(content->tasks.size(), 2u);
  EXPECT_GT(content->tasks[0].id, 0);
  auto expected = Content(*user);
  expected.tasks[0].id = content->tasks[0].id;
  expected.tasks[1].id = content->tasks[1].id;
  EXPECT_EQ(*content, expected);
  auto head = store_->AuditHead();
  ASSERT_TRUE(head && *head);
  EXPECT_EQ((*head)->event.entity_id, std::to_string(created->id));
  auto v1 = store_->GetUnitProgramVersion(created->id, 1);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->sha256, core::Sha256Hex(v1->content));
  EXPECT_EQ(v1->content, UnitProgramSnapshotJson(*created, *content));
  EXPECT_NE((*head)->event.after.find("\"fingerprint\":\"" + v1->sha256 + "\""), std::string::npos);
  EXPECT_NE((*head)->event.after.find("\"note\":\"ok\""), std::string::npos);
  auto parsed = ParseUnitProgramSnapshot(v1->content);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, *content);

  // Twice created: stale; nothing more stored.
  const int64_t entries = AuditCount();
  auto twice =
      store_->PutUnitProgram(Record(hanoi_), 0, Content(*user), domain::UnitProgramAction::kSave,
                             "", Audit("unit_program.save", "unit_program"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().reason, "stale_version");
  EXPECT_EQ(AuditCount(), entries);

  // The first task kept (moved second), the second dropped, one added.
  auto next = *created;
  next.status = domain::UnitProgramStatus::kSubmitted;
  next.first_submitted_at = next.submitted_at = "2012-03-10T03:00:00Z";
  next.updated_at = "2012-03-10T03:00:00Z";
  auto changed = *content;
  domain::UnitTask added;
  added.serves = "II.4.3";
  added.text = "Rà soát hộ nghèo";
  changed.tasks = {added, content->tasks[0]};
  changed.tasks[1].text = "Tổ chức 10 phiên";
  changed.targets.pop_back();
  auto stale = next;
  auto refused = store_->PutUnitProgram(stale, 0, changed, domain::UnitProgramAction::kSubmit, "",
                                        Audit("unit_program.submit", "unit_program"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "stale_version");
  auto foreign = changed;
  foreign.tasks[0].id = 999999;
  auto not_mine = store_->PutUnitProgram(next, 1, foreign, domain::UnitProgramAction::kSubmit, "",
                                         Audit("unit_program.submit", "unit_program"));
  ASSERT_FALSE(not_mine);
  EXPECT_EQ(not_mine.error().reason, "unit_task_not_found");
  EXPECT_EQ(not_mine.error().details.at(0).field, "tasks[0].id");
  EXPECT_EQ(AuditCount(), entries);
  auto unchanged = store_->GetUnitProgramContent(created->id);
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(*unchanged, *content);

  auto submitted = store_->PutUnitProgram(next, 1, changed, domain::UnitProgramAction::kSubmit, "",
                                          Audit("unit_program.submit", "unit_program"));
  ASSERT_TRUE(submitted) << submitted.error().message << submitted.error().internal_note;
  EXPECT_EQ(submitted->version, 2);
  int64_t at_version = 0;
  auto after = store_->GetUnitProgramContent(created->id, &at_version);
  ASSERT_TRUE(after);
  EXPECT_EQ(at_version, 2);
  ASSERT_EQ(after->tasks.size(), 2u);
  EXPECT_EQ(after->tasks[1].id, content->tasks[0].id);
  EXPECT_EQ(after->tasks[1].text, "Tổ chức 10 phiên");
  EXPECT_GT(after->tasks[0].id, content->tasks[1].id);
  EXPECT_EQ(after->targets.size(), 1u);

  auto accept = *submitted;
  accept.status = domain::UnitProgramStatus::kAccepted;
  accept.decided_at = accept.updated_at = "2012-03-12T03:00:00Z";
  auto accepted = store_->PutUnitProgram(accept, 2, *after, domain::UnitProgramAction::kAccept,
                                         "Đồng ý", Audit("unit_program.accept", "unit_program"));
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->accepted_version, 3);
  auto rev1 = store_->UnitProgramsRevision(program_);
  ASSERT_TRUE(rev1);
  EXPECT_EQ(*rev1, *rev0 + 1);
  auto read = store_->GetUnitProgram(created->id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, domain::UnitProgramStatus::kAccepted);
  EXPECT_EQ(read->first_submitted_at, "2012-03-10T03:00:00Z");
  EXPECT_EQ(read->decided_at, "2012-03-12T03:00:00Z");
  EXPECT_EQ(read->due, (core::CivilDate{2012, 3, 15}));
  auto found = store_->FindUnitProgram(program_, hanoi_);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, created->id);
  auto list = store_->ListUnitPrograms(program_);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 1u);

  auto versions = store_->ListUnitProgramVersions(created->id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[2].action, domain::UnitProgramAction::kAccept);
  EXPECT_EQ((*versions)[2].comment, "Đồng ý");
  EXPECT_TRUE((*versions)[2].content.empty());
  auto gone = store_->GetUnitProgramVersion(created->id, 9);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().reason, "version_not_found");
  auto missing = store_->GetUnitProgram(999999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "unit_program_not_found");

  EXPECT_TRUE(DatabaseRefuses("UPDATE unit_program_versions SET content = '{}'"));
  EXPECT_TRUE(DatabaseRefuses("DELETE FROM unit_program_versions"));
  // The control: the tasks as they stand can be changed this way.
  EXPECT_FALSE(DatabaseRefuses("UPDATE unit_tasks SET text = text"));
}

// What only the PostgreSQL store has to show, on a fresh database of WP_POSTGRES_URL's server.
// ---- Issue 18: amendments, program versions, delegations --------------------------------------

class AmendmentContract : public ReportContract {
 protected:
  void SetUp() override {
    ReportContract::SetUp();
    if (IsSkipped() || !store_) return;
    ASSERT_TRUE(store_->PublishProgram(program_, "2012-02-28T01:00:00Z", Audit("program.publish")));
    auto leader = User("bo.truong", domain::Role::kLeader);
    leader.title = "Bộ trưởng";
    auto id = store_->CreateUser(leader, Audit("user.create", "user"));
    ASSERT_TRUE(id) << id.error().internal_note;
    leader_ = *id;
  }
  AmendmentRecord Draft(const std::string& value) const {
    AmendmentRecord r;
    r.program_id = program_;
    r.unit_id = hanoi_;
    r.effective_from = {2012, 7, 1};
    r.reason = "Nhu cầu lao động tăng";
    r.changes.push_back({domain::ChangeKind::kTargetValue, "target:" + std::to_string(targets_[0]),
                         value, "1.600.000", value, ""});
    r.updated_at = "2012-06-20T02:00:00Z";
    r.updated_by = 7;
    return r;
  }
  // Stores `r` and walks it to forwarded; returns the stored record.
  AmendmentRecord Forwarded(AmendmentRecord r) {
    auto put = store_->PutAmendment(r, 0, Audit("amendment.save", "amendment"));
    EXPECT_TRUE(put) << put.error().message;
    r = *put;
    r.status = domain::AmendmentStatus::kForwarded;
    r.forwarded_at = "2012-06-21T02:00:00Z";
    r.forwarded_by = 8;
    r.planner_opinion = "Đề nghị đồng ý";
    auto fwd = store_->PutAmendment(r, r.version, Audit("amendment.forward", "amendment"));
    EXPECT_TRUE(fwd) << fwd.error().message;
    return *fwd;
  }
  domain::UserId leader_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, AmendmentContract, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& backend) {
                           return backend.param;
                         });

// An amendment is stored with its changes, replaced on the version read (a stale one refused,
// nothing of it stored), approved only once forwarded, and closed after: the program gains
// version 2 with the changes, its revision moves on, and each write has its audit entry.
TEST_P(AmendmentContract, AmendmentsAreVersionedAndApprovalMakesTheNextProgramVersion) {
  auto versions = store_->ListProgramVersions(program_);
  ASSERT_TRUE(versions) << versions.error().message;
  ASSERT_EQ(versions->size(), 1u) << "publishing writes the baseline";
  EXPECT_EQ(versions->front().version, 1);
  EXPECT_EQ(versions->front().effective_from, (core::CivilDate{2012, 2, 27}));
  EXPECT_FALSE(versions->front().amendment_id);
  EXPECT_EQ(*store_->AmendmentsRevision(program_), 0);

  auto made = store_->PutAmendment(Draft("1650000"), 0, Audit("amendment.save", "amendment"));
  ASSERT_TRUE(made) << made.error().message << made.error().internal_note;
  EXPECT_EQ(made->version, 1);
  auto got = store_->GetAmendment(made->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, domain::AmendmentStatus::kDraft);
  EXPECT_EQ(got->effective_from, (core::CivilDate{2012, 7, 1}));
  EXPECT_EQ(got->reason, "Nhu cầu lao động tăng");
  EXPECT_EQ(got->unit_id, hanoi_);
  EXPECT_EQ(got->created_at, "2012-06-20T02:00:00Z");
  ASSERT_EQ(got->changes.size(), 1u);
  EXPECT_EQ(got->changes[0], made->changes[0]);

  AmendmentRecord edit = *got;
  edit.changes[0].value = "1700000";
  edit.status = domain::AmendmentStatus::kSubmitted;
  edit.submitted_at = "2012-06-20T03:00:00Z";
  auto stale = store_->PutAmendment(edit, 7, Audit("amendment.save", "amendment"));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, "stale_version");
  EXPECT_EQ(store_->GetAmendment(made->id)->changes[0].value, "1650000");
  auto submitted = store_->PutAmendment(edit, 1, Audit("amendment.submit", "amendment"));
  ASSERT_TRUE(submitted);
  EXPECT_EQ(submitted->version, 2);

  auto early = store_->ApproveAmendment(*submitted, 2, Audit("amendment.approve", "amendment"),
                                        Audit("program.amend"));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().reason, "amendment_not_forwarded");

  AmendmentRecord fwd = *submitted;
  fwd.status = domain::AmendmentStatus::kForwarded;
  fwd.forwarded_at = "2012-06-21T02:00:00Z";
  fwd.forwarded_by = 8;
  auto forwarded = store_->PutAmendment(fwd, 2, Audit("amendment.forward", "amendment"));
  ASSERT_TRUE(forwarded);
  auto listed = store_->ListAmendments({program_, hanoi_, domain::AmendmentStatus::kForwarded});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().changes.size(), 1u);
  EXPECT_TRUE(store_->ListAmendments({program_, haiphong_, std::nullopt})->empty());

  const auto audit_before = store_->ListAudit(0, 100000)->size();
  AmendmentRecord approve = *forwarded;
  approve.decided_at = "2012-06-25T02:00:00Z";
  approve.decided_by = leader_;
  approve.decision_number = "512/QĐ-LĐTBXH";
  approve.updated_at = "2012-06-25T02:00:00Z";
  approve.updated_by = leader_;
  approve.program_version = 2;
  auto number = store_->ApproveAmendment(
      approve, forwarded->version, Audit("amendment.approve", "amendment"), Audit("program.amend"));
  ASSERT_TRUE(number) << number.error().message << number.error().internal_note;
  EXPECT_EQ(*number, 2);
  EXPECT_EQ(store_->ListAudit(0, 100000)->size(), audit_before + 2);
  auto approved = store_->GetAmendment(made->id);
  EXPECT_EQ(approved->status, domain::AmendmentStatus::kApproved);
  EXPECT_EQ(approved->program_version, 2);
  EXPECT_EQ(approved->decision_number, "512/QĐ-LĐTBXH");
  EXPECT_EQ(approved->decided_by, leader_);
  EXPECT_EQ(*store_->AmendmentsRevision(program_), 1);
  versions = store_->ListProgramVersions(program_);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(versions->back().version, 2);
  EXPECT_EQ(versions->back().amendment_id, made->id);
  EXPECT_EQ(versions->back().effective_from, (core::CivilDate{2012, 7, 1}));
  EXPECT_EQ(versions->back().approved_by, leader_);
  ASSERT_EQ(versions->back().changes.size(), 1u);
  EXPECT_EQ(versions->back().changes[0].value, "1700000");

  auto closed =
      store_->PutAmendment(*approved, approved->version, Audit("amendment.save", "amendment"));
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().reason, "amendment_closed");
  auto again =
      store_->ApproveAmendment(*approved, approved->version,
                               Audit("amendment.approve", "amendment"), Audit("program.amend"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason, "amendment_closed");
  EXPECT_EQ(store_->GetAmendment(987654).error().reason, "amendment_not_found");
  ExpectUnbrokenChain(*store_->ListAudit(0, 100000));
}

// Two approvals at once take the next numbers in turn (2 and 3), never one twice; an approval
// that expected a number another took is refused ("amendment_stale") with nothing stored.
TEST_P(AmendmentContract, TwoApprovalsAtOnceGetVersionsTwoAndThree) {
  auto a = Forwarded(Draft("1650000"));
  auto b = Forwarded(Draft("1700000"));
  auto c = Forwarded(Draft("1750000"));
  std::vector<core::Result<int>> results(2, core::Result<int>(0));
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      AmendmentRecord r = i == 0 ? a : b;
      r.decided_at = "2012-06-25T02:00:00Z";
      r.decided_by = leader_;
      results[i] = store_->ApproveAmendment(r, r.version, Audit("amendment.approve", "amendment"),
                                            Audit("program.amend"));
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(results[0]) << results[0].error().internal_note;
  ASSERT_TRUE(results[1]) << results[1].error().internal_note;
  EXPECT_EQ(std::set<int>({*results[0], *results[1]}), (std::set<int>{2, 3}));
  EXPECT_EQ(*store_->AmendmentsRevision(program_), 2);

  c.decided_by = leader_;
  c.program_version = 3;  // read before the two others were approved
  auto late = store_->ApproveAmendment(c, c.version, Audit("amendment.approve", "amendment"),
                                       Audit("program.amend"));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().reason, "amendment_stale");
  EXPECT_EQ(store_->GetAmendment(c.id)->status, domain::AmendmentStatus::kForwarded);
  EXPECT_EQ(store_->ListProgramVersions(program_)->size(), 3u);
  c.program_version = 4;
  EXPECT_EQ(*store_->ApproveAmendment(c, c.version, Audit("amendment.approve", "amendment"),
                                      Audit("program.amend")),
            4);
  ExpectUnbrokenChain(*store_->ListAudit(0, 100000));
}

// A leader keeps its title; delegations are granted with their areas and dates, listed by
// grantee, revoked once (never deleted).
TEST_P(AmendmentContract, LeadersAndDelegations) {
  auto boss = store_->GetUser(leader_);
  ASSERT_TRUE(boss);
  EXPECT_EQ(boss->role, domain::Role::kLeader);
  EXPECT_EQ(boss->title, "Bộ trưởng");
  auto deputy = User("thu.truong", domain::Role::kLeader);
  deputy.title = "Thứ trưởng";
  auto deputy_id = store_->CreateUser(deputy, Audit("user.create", "user"));
  ASSERT_TRUE(deputy_id);
  ASSERT_TRUE(
      store_->CreateUser(User("admin", domain::Role::kAdmin), Audit("user.create", "user")));
  boss->title = "Thứ trưởng";
  boss->version += 1;
  ASSERT_TRUE(store_->UpdateUser(*boss, boss->version - 1, {}, Audit("user.update", "user")));
  EXPECT_EQ(store_->GetUser(leader_)->title, "Thứ trưởng");

  domain::Delegation d;
  d.grantee = *deputy_id;
  d.granted_by = leader_;
  d.areas = {"II.2", "II.3"};
  d.valid_from = {2012, 1, 1};
  d.valid_to = core::CivilDate{2012, 12, 31};
  auto granted = store_->PutDelegation(d, Audit("delegation.grant", "delegation"));
  ASSERT_TRUE(granted) << granted.error().internal_note;
  EXPECT_GT(granted->id, 0);
  domain::Delegation all = d;
  all.areas.clear();
  all.valid_to.reset();
  ASSERT_TRUE(store_->PutDelegation(all, Audit("delegation.grant", "delegation")));
  auto nobody = d;
  nobody.grantee = 987654;
  EXPECT_EQ(store_->PutDelegation(nobody, Audit("delegation.grant", "delegation")).error().reason,
            "user_not_found");

  auto mine = store_->ListDelegations(*deputy_id);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(mine->front().areas, (std::vector<std::string>{"II.2", "II.3"}));
  EXPECT_EQ(mine->front().valid_to, (core::CivilDate{2012, 12, 31}));
  EXPECT_TRUE(mine->back().areas.empty());
  EXPECT_FALSE(mine->back().valid_to);
  EXPECT_TRUE(store_->ListDelegations(leader_)->empty());

  ASSERT_TRUE(store_->RevokeDelegation(granted->id, "2012-08-01T00:00:00Z",
                                       Audit("delegation.revoke", "delegation")));
  EXPECT_EQ(store_->ListDelegations(std::nullopt)->front().revoked_at, "2012-08-01T00:00:00Z");
  EXPECT_EQ(store_
                ->RevokeDelegation(granted->id, "2012-08-02T00:00:00Z",
                                   Audit("delegation.revoke", "delegation"))
                .error()
                .reason,
            "delegation_revoked");
  EXPECT_EQ(store_
                ->RevokeDelegation(987654, "2012-08-02T00:00:00Z",
                                   Audit("delegation.revoke", "delegation"))
                .error()
                .reason,
            "delegation_not_found");
}

// A database made before migration 15 holding a published program gets its version 1 (from the
// program's date) when opened, and accounts may then be leaders.
TEST_P(StoreContract, MigrationBackfillsTheBaselineOfPublishedPrograms) {
  store_.reset();
  const char* insert =
      "INSERT INTO programs(status, year, issued_date, title, source_name, source_text, "
      "source_sha256, created_at, published_at) VALUES "
      "('published', 2012, '2012-02-27', 'A', 'a.txt', '', 'x', '2026-01-01T00:00:00Z', "
      "'2026-01-02T00:00:00Z'), "
      "('published', 2013, NULL, 'B', 'b.txt', '', 'y', '2026-01-01T00:00:00Z', "
      "'2026-01-03T00:00:00Z'), "
      "('draft', 2014, NULL, 'C', 'c.txt', '', 'z', '2026-01-01T00:00:00Z', NULL)";
  if (db_) {
    db_.reset();
    auto server = PostgresServer();
    db_ = std::make_unique<ScratchDatabase>(*server);
    url_ = db_->url();
    pqxx::connection c(url_);
    pqxx::work tx(c);
    tx.exec("SET client_min_messages = warning");
    tx.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    for (const auto& m : sql::kMigrations) {
      if (m.version >= 15) break;
      tx.exec(sql::MigrationSql(m, sql::Engine::kPostgres));
      tx.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'then')");
    }
    tx.exec(insert);
    tx.commit();
  } else {
    for (const char* f : {"test.db", "test.db-wal", "test.db-shm"}) fs::remove(dir_ / f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "test.db").string().c_str(), &db), SQLITE_OK);
    std::string sql =
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);";
    for (const auto& m : sql::kMigrations) {
      if (m.version >= 15) break;
      sql += sql::MigrationSql(m, sql::Engine::kSqlite);  // the schema edits do not matter here
      sql += ";INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'then');";
    }
    sql += insert;
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }
  auto s = OpenStore(url_);
  ASSERT_TRUE(s) << s.error().message << " " << s.error().internal_note;
  store_ = std::move(*s);
  auto programs = store_->ListPrograms();
  ASSERT_TRUE(programs);
  ASSERT_EQ(programs->size(), 3u);
  std::map<std::string, ProgramId> by_title;
  for (const auto& p : *programs) by_title[p.title.value_or("")] = p.id;
  auto a = store_->ListProgramVersions(by_title["A"]);
  ASSERT_TRUE(a) << a.error().internal_note;
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ(a->front().version, 1);
  EXPECT_EQ(a->front().effective_from, (core::CivilDate{2012, 2, 27}));
  EXPECT_EQ(a->front().approved_at, "2026-01-02T00:00:00Z");
  auto b = store_->ListProgramVersions(by_title["B"]);
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ(b->front().effective_from, (core::CivilDate{2013, 1, 1}));
  EXPECT_TRUE(store_->ListProgramVersions(by_title["C"])->empty());
  auto leader = User("lanhdao", domain::Role::kLeader);
  leader.title = "Thứ trưởng";
  auto id = store_->CreateUser(leader, Audit("user.create", "user"));
  ASSERT_TRUE(id) << id.error().internal_note;
  EXPECT_EQ(store_->GetUser(*id)->title, "Thứ trưởng");
}

class PostgresStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = PostgresServer();
    WP_REQUIRE_POSTGRES_SERVER(server);
    db_ = std::make_unique<ScratchDatabase>(*server);
  }
  std::unique_ptr<ScratchDatabase> db_;
};

TEST_F(PostgresStore, ServersStartingTogetherMigrateOnce) {
  constexpr size_t kServers = 6;
  std::vector<std::unique_ptr<Store>> stores(kServers);
  std::mutex mu;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (size_t i = 0; i < kServers; ++i) {
    threads.emplace_back([&, i] {
      auto s = OpenStore(db_->url());
      std::lock_guard lock(mu);
      if (s) {
        stores[i] = std::move(*s);
      } else {
        errors.push_back(s.error().message + " " + s.error().internal_note);
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(errors.empty()) << errors.front();
  auto versions = db_->Exec("SELECT version FROM schema_migrations ORDER BY version");
  const size_t all = std::size(store::postgres::kMigrations);
  ASSERT_EQ(versions.size(), all);
  for (size_t v = 0; v < all; ++v) {
    EXPECT_EQ(versions[static_cast<pqxx::result::size_type>(v)][0].as<int>(),
              store::postgres::kMigrations[v].version);
  }
  for (size_t i = 0; i < kServers; ++i) {
    auto id = stores[i]->CreateUser(User("server" + std::to_string(i), domain::Role::kViewer),
                                    Audit("user.create", "user"));
    ASSERT_TRUE(id) << id.error().internal_note;
  }
  auto log = stores[0]->ListAudit(0, 100);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), kServers);
}

TEST_F(PostgresStore, TheDatabaseRefusesToEditTheAuditLog) {
  auto store = OpenStore(db_->url());
  ASSERT_TRUE(store) << store.error().internal_note;
  ASSERT_TRUE(
      (*store)->CreateUser(User("admin", domain::Role::kAdmin), Audit("user.create", "user")));
  EXPECT_THROW(db_->Exec("UPDATE audit_log SET actor = 'someone else'"), pqxx::sql_error);
  EXPECT_THROW(db_->Exec("DELETE FROM audit_log"), pqxx::sql_error);
  EXPECT_THROW(db_->Exec("TRUNCATE audit_log"), pqxx::sql_error);
  auto log = (*store)->ListAudit(0, 10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().event.actor, "test");
  EXPECT_EQ(log->front().hash, AuditHash(log->front()));
}

// A restarted server (here: its sessions cut) costs the store its connections, not its work.
TEST_F(PostgresStore, ReconnectsAfterTheServerDroppedItsConnections) {
  auto store = OpenStore(db_->url());
  ASSERT_TRUE(store) << store.error().internal_note;
  auto admin =
      (*store)->CreateUser(User("admin", domain::Role::kAdmin), Audit("user.create", "user"));
  ASSERT_TRUE(admin);
  auto cut = db_->Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_GE(cut.size(), 1u);
  auto again = (*store)->GetUser(*admin);
  ASSERT_TRUE(again) << again.error().internal_note;
  EXPECT_EQ(again->username, "admin");
  db_->Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  auto editor =
      (*store)->CreateUser(User("editor", domain::Role::kEditor), Audit("user.create", "user"));
  ASSERT_TRUE(editor) << editor.error().internal_note;
  auto log = (*store)->ListAudit(0, 10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ(log->back().prev_hash, log->front().hash);
}

// A database an earlier release left at schema version 8 (PostgreSQL's last before the two
// engines shared one history) opens: the later migrations run, what it held is kept.
TEST_F(PostgresStore, ADatabaseOfAnEarlierVersionIsMigratedOnOpen) {
  {
    pqxx::connection c(db_->url());
    pqxx::work tx(c);
    tx.exec("SET client_min_messages = warning");
    tx.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    for (const auto& m : sql::kMigrations) {
      if (m.version > 8) break;
      tx.exec(sql::MigrationSql(m, sql::Engine::kPostgres));
      tx.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'then')");
    }
    tx.exec(
        "INSERT INTO users(username, display_name, role, password_hash, created_at) "
        "VALUES ('old', 'Old', 'viewer', 'x', '2025-01-01T00:00:00Z')");
    tx.commit();
  }
  auto store = OpenStore(db_->url());
  ASSERT_TRUE(store) << store.error().internal_note;
  auto old = (*store)->FindUser("old");
  ASSERT_TRUE(old) << old.error().internal_note;
  EXPECT_EQ(old->display_name, "Old");
  ASSERT_TRUE(
      (*store)->CreateUser(User("new", domain::Role::kEditor), Audit("user.create", "user")));
  auto versions = db_->Exec("SELECT count(*) FROM schema_migrations");
  EXPECT_EQ(versions[0][0].as<size_t>(), std::size(sql::kMigrations));
}

// The one migration history reads as each engine's DDL: no placeholder is left, and what one
// engine alone needs stays out of the other's.
TEST(SqlDialect, MigrationsLeaveNoPlaceholderAndKeepEachEnginesOwn) {
  for (const auto& m : sql::kMigrations) {
    for (auto engine : {sql::Engine::kSqlite, sql::Engine::kPostgres}) {
      const std::string text = sql::MigrationSql(m, engine);
      for (const char* token : {"{ID}", "{AUTOID}", "{BIGINT}", "{BOOL}", "{TRUE}", "{DATE}", "{C}",
                                "{WITHOUT_ROWID}", "{BLOB}"}) {
        EXPECT_EQ(text.find(token), std::string::npos) << "migration " << m.version;
      }
      if (engine == sql::Engine::kSqlite) {
        EXPECT_EQ(text.find("COLLATE"), std::string::npos) << m.version;
        EXPECT_EQ(text.find("BIGSERIAL"), std::string::npos) << m.version;
      } else {
        EXPECT_EQ(text.find("WITHOUT ROWID"), std::string::npos) << m.version;
        EXPECT_EQ(text.find("AUTOINCREMENT"), std::string::npos) << m.version;
      }
    }
  }
}

// PostgreSQL's placeholders are numbered from the `?` the SQL is written with; a `?` inside a
// quoted literal is text, not a parameter.
TEST(SqlDialect, PlaceholdersAreNumberedOutsideLiterals) {
  EXPECT_EQ(sql::NumberedPlaceholders("SELECT a FROM t WHERE b = ? AND c = '?' AND d IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d IN ($2, $3)");
  EXPECT_EQ(sql::NumberedPlaceholders("SELECT 'it''s ?' || ?"), "SELECT 'it''s ?' || $1");
}

TEST(OpenStore, RefusesUnknownUrlsAndUnreachableFiles) {
  auto pg = OpenStore("mysql://localhost/x");
  ASSERT_FALSE(pg);
  EXPECT_EQ(pg.error().reason, "bad_db_url");
  auto secret = OpenStore("mysql://root:hunter2@localhost/x");
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().message.find("hunter2"), std::string::npos) << secret.error().message;
  auto nowhere = OpenStore("sqlite:/nonexistent-dir/x/y.db");
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().reason, "db_unavailable");
}

// Several servers started at once on one new SQLite file: each opens it, the schema is made once.
TEST(OpenStore, SqliteServersStartingTogetherShareOneSchema) {
  fs::path dir = fs::temp_directory_path() / ("wp_open_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string url = "sqlite:" + (dir / "new.db").string();
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  std::vector<std::string> failures(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto s = OpenStore(url);
      if (s) {
        ++opened;
      } else {
        failures[i] = s.error().internal_note;
      }
    });
  }
  for (auto& t : threads) t.join();
  std::string why;
  for (const auto& f : failures) why += f.empty() ? "" : f + "; ";
  EXPECT_EQ(opened.load(), 8) << why;
  fs::remove_all(dir);
}

// A file an earlier release left at an earlier schema version (8: before report_values' checks
// were rewritten) opens: the later migrations run, what it held is kept.
TEST(OpenStore, AnSqliteDatabaseOfAnEarlierVersionIsMigratedOnOpen) {
  fs::path dir = fs::temp_directory_path() / ("wp_old_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "old.db").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  auto exec = [&](const std::string& sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "") << " in " << sql;
    sqlite3_free(error);
  };
  exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  for (const auto& m : sql::kMigrations) {
    if (m.version > 8) break;
    exec(sql::MigrationSql(m, sql::Engine::kSqlite));
    exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'then')");
  }
  exec(
      "INSERT INTO users(username, display_name, role, password_hash, created_at) "
      "VALUES ('old', 'Old', 'viewer', 'x', '2025-01-01T00:00:00Z')");
  sqlite3_close(db);
  {
    auto store = OpenStore("sqlite:" + path);
    ASSERT_TRUE(store) << store.error().internal_note;
    auto old = (*store)->FindUser("old");
    ASSERT_TRUE(old) << old.error().internal_note;
    EXPECT_EQ(old->display_name, "Old");
    ASSERT_TRUE(
        (*store)->CreateUser(User("new", domain::Role::kEditor), Audit("user.create", "user")));
  }
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM schema_migrations", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(static_cast<size_t>(sqlite3_column_int64(st, 0)), std::size(sql::kMigrations));
  sqlite3_finalize(st);
  sqlite3_close(db);
  fs::remove_all(dir);
}

// Migration 9 rewrites report_values' CHECK constraints in place (SchemaEdit): the schema
// text holds the comparisons, a row outside them is still refused, the file stays sound, and
// a second open finds nothing left to do.
TEST(OpenStore, SqliteValueChecksStillRefuseWhatTheyRefused) {
  fs::path dir = fs::temp_directory_path() / ("wp_checks_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "checks.db").string();
  ASSERT_TRUE(OpenStore("sqlite:" + path));
  ASSERT_TRUE(OpenStore("sqlite:" + path));  // migrations already applied
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  auto one = [&](const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(st, 0);
      out = text ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(st);
    return out;
  };
  std::string schema = one("SELECT sql FROM sqlite_schema WHERE name = 'report_values'");
  EXPECT_NE(schema.find("CHECK (scope = 'period' OR scope = 'cumulative')"), std::string::npos)
      << schema;
  EXPECT_EQ(schema.find("IN ("), std::string::npos) << schema;
  EXPECT_EQ(one("SELECT count(*) FROM schema_migrations WHERE version = 9"), "1");
  auto insert = [&](const char* scope, const char* kind) {
    std::string sql = std::string(
                          "INSERT INTO report_values(report_id, target_id, scope, version, kind, "
                          "value_mantissa, value_scale, recorded_at) VALUES (1, 1, '") +
                      scope + "', 1, '" + kind + "', 5, 0, '2012-03-10T02:00:00Z')";
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  };
  EXPECT_EQ(insert("period", "estimate"), SQLITE_OK);
  EXPECT_EQ(insert("cumulative", "actual"), SQLITE_OK);
  EXPECT_EQ(insert("weekly", "actual"), SQLITE_CONSTRAINT);
  EXPECT_EQ(insert("period", "guess"), SQLITE_CONSTRAINT);
  EXPECT_EQ(one("PRAGMA integrity_check"), "ok");
  sqlite3_close(db);
  fs::remove_all(dir);
}

// A database in memory exists only in its one connection: the store reads through the
// connection it writes with.
TEST(OpenStore, AnSqliteDatabaseInMemoryReadsWhatItWrote) {
  auto s = OpenStore("sqlite::memory:");
  ASSERT_TRUE(s) << s.error().message << " " << s.error().internal_note;
  Store& store = **s;
  ASSERT_TRUE(store.SaveOrgUnits(Registry().units()));
  auto units = store.LoadOrgUnits();
  ASSERT_TRUE(units);
  EXPECT_EQ(units->size(), Registry().units().size());
  UserRecord u;
  u.username = "kehoach";
  u.display_name = "Phòng Kế hoạch";
  u.password_hash = "$argon2id$x";
  u.created_at = "2026-11-23T10:00:00Z";
  auto id = store.CreateUser(u, Audit("user.create", "user"));
  ASSERT_TRUE(id);
  auto found = store.FindUser("kehoach");
  ASSERT_TRUE(found) << found.error().message << " " << found.error().internal_note;
  EXPECT_EQ(found->id, *id);
  auto log = store.ListAudit(0, 10);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 1u);
}

TEST(OpenStore, NamesAnUnreachableServerWithoutItsPassword) {
  for (const char* url : {"postgresql://workplan:s3cr%65t@127.0.0.1:1/workplan",
                          "postgres://workplan@127.0.0.1:1/workplan?password=s3cret"}) {
    auto pg = OpenStore(url);
    ASSERT_FALSE(pg) << url;
    EXPECT_EQ(pg.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(pg.error().reason, "db_unavailable");
    EXPECT_NE(pg.error().message.find("127.0.0.1:1/workplan"), std::string::npos)
        << pg.error().message;
    EXPECT_EQ(pg.error().message.find("s3cr"), std::string::npos) << pg.error().message;
    EXPECT_EQ(pg.error().internal_note.find("s3cr"), std::string::npos) << pg.error().internal_note;
    EXPECT_FALSE(pg.error().internal_note.empty());
  }
}

}  // namespace
}  // namespace wp::store
