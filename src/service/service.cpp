#include "service/service.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "doc/parser.hpp"
#include "domain/org_catalog.hpp"
#include "ingest/binder.hpp"
#include "ingest/resolver.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Permission;
using domain::Principal;

std::string IsoUtc(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

core::Status Require(const Principal& who, Permission what) {
  if (domain::Can(who, what)) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Tài khoản của bạn không có quyền thực hiện thao tác này");
}

std::string HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return out;
}

bool PasswordMatches(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// The value of a string field in a flat JSON object text written by JsonObjectText.
std::optional<std::string> JsonField(const std::string& json, const std::string& key) {
  std::string needle = "\"" + key + "\":\"";
  auto at = json.find(needle);
  if (at == std::string::npos) return std::nullopt;
  at += needle.size();
  auto end = json.find('"', at);
  if (end == std::string::npos) return std::nullopt;
  return json.substr(at, end - at);
}

bool LeadsInclude(const std::vector<domain::ResolvedUnitName>& leads, domain::OrgUnitId unit) {
  return std::any_of(leads.begin(), leads.end(), [&](const domain::ResolvedUnitName& r) {
    return std::find(r.units.begin(), r.units.end(), unit) != r.units.end();
  });
}

// Usernames are kept and compared in lower case.
std::string NormalizedUsername(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

}  // namespace

Principal SystemPrincipal(const std::string& name) {
  Principal p;
  p.user_id = 0;
  p.username = name;
  p.role = domain::Role::kAdmin;
  return p;
}

Service::Service(std::unique_ptr<store::Store> store, domain::OrgRegistry registry,
                 domain::WorkCalendar calendar, ServiceOptions options)
    : store_(std::move(store)),
      registry_(std::move(registry)),
      calendar_(std::move(calendar)),
      resolver_(std::make_unique<ingest::UnitResolver>(registry_)),
      options_(std::move(options)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  dummy_hash_ = HashPassword(core::RandomHex(16));
}

Service::~Service() = default;

core::Result<std::unique_ptr<Service>> Service::Open(std::unique_ptr<store::Store> store,
                                                     const OrgSeed& seed, ServiceOptions options) {
  WP_ASSIGN_OR_RETURN(auto units, store->LoadOrgUnits());
  domain::OrgRegistry registry;
  if (units.empty()) {
    WP_ASSIGN_OR_RETURN(registry,
                        domain::BuildInitialRegistry(seed.provinces_csv, seed.provinces_2025_csv));
    WP_RETURN_IF_ERROR(store->SaveOrgUnits(registry.units()));
  } else {
    registry = domain::OrgRegistry(std::move(units));
  }
  domain::WorkCalendar calendar;
  if (!seed.holidays_csv.empty()) {
    WP_ASSIGN_OR_RETURN(calendar, domain::WorkCalendar::FromCsv(seed.holidays_csv));
  }
  return std::unique_ptr<Service>(
      new Service(std::move(store), std::move(registry), std::move(calendar), std::move(options)));
}

std::string Service::NowIso() const { return IsoUtc(options_.clock()); }

// The date in Việt Nam: a report sent at 23:30 on the 18th is sent on the 18th.
core::CivilDate Service::Today() const { return LocalDate(NowIso()); }

store::AuditEvent Service::Event(const Principal& by, std::string action, std::string entity,
                                 std::string entity_id) const {
  store::AuditEvent e;
  e.at = NowIso();
  if (by.user_id != 0) e.actor_id = by.user_id;
  e.actor = by.username;
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = std::move(entity_id);
  return e;
}

// ───────────────────────────── sign-in ─────────────────────────────

bool Service::LoginAllowed(const std::string& key) {
  std::lock_guard lock(login_mu_);
  auto it = login_failures_.find(key);
  if (it == login_failures_.end()) return true;
  auto cutoff = options_.clock() - options_.login_window;
  auto& v = it->second;
  v.erase(std::remove_if(v.begin(), v.end(), [&](auto t) { return t < cutoff; }), v.end());
  if (v.empty()) {
    login_failures_.erase(it);
    return true;
  }
  return static_cast<int>(v.size()) < options_.login_failures_allowed;
}

void Service::RecordLoginFailure(const std::string& key) {
  std::lock_guard lock(login_mu_);
  if (login_failures_.size() > 100000) login_failures_.clear();  // bounded under a flood
  login_failures_[key].push_back(options_.clock());
}

core::Result<LoginResult> Service::Login(const std::string& username, const std::string& password,
                                         const std::string& client) {
  std::string name = NormalizedUsername(username);
  std::string key = name + "|" + client;
  if (!LoginAllowed(key)) {
    return core::Fail(ErrorCode::kResourceExhausted, "too_many_attempts",
                      "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút");
  }
  auto user = store_->FindUser(name);
  if (!user && user.error().code != ErrorCode::kNotFound) return tl::unexpected(user.error());
  bool ok = PasswordMatches(user ? user->password_hash : dummy_hash_, password);
  if (!user || !ok || !user->active) {
    RecordLoginFailure(key);
    return core::Fail(ErrorCode::kUnauthenticated, "bad_credentials",
                      "Tên đăng nhập hoặc mật khẩu không đúng");
  }
  LoginResult r;
  r.session_token = core::RandomHex(32);
  r.csrf_token = core::RandomHex(16);
  auto now = options_.clock();
  r.expires_at = IsoUtc(now + options_.session_ttl);
  r.principal = ToPrincipal(*user);
  store::SessionRecord s{core::Sha256Hex(r.session_token), user->id, r.csrf_token, IsoUtc(now),
                         r.expires_at};
  auto event = Event(r.principal, "session.create", "session", std::to_string(user->id));
  event.after = core::JsonObjectText()
                    .Add("username", user->username)
                    .Add("client", client)
                    .Add("expires_at", r.expires_at)
                    .Finish();
  WP_RETURN_IF_ERROR(store_->CreateSession(s, event));
  return r;
}

core::Result<SessionAuth> Service::AuthenticateSession(const std::string& session_token) {
  auto s = store_->FindSession(core::Sha256Hex(session_token), NowIso());
  if (!s) {
    if (s.error().code != ErrorCode::kNotFound) return tl::unexpected(s.error());
    return core::Fail(ErrorCode::kUnauthenticated, "session_expired",
                      "Phiên làm việc đã hết hạn hoặc chưa đăng nhập; vui lòng đăng nhập lại");
  }
  auto user = store_->GetUser(s->user_id);
  if (!user || !user->active) {
    return core::Fail(ErrorCode::kUnauthenticated, "session_expired",
                      "Tài khoản không còn hoạt động; vui lòng đăng nhập lại");
  }
  return SessionAuth{ToPrincipal(*user), s->csrf_token, s->expires_at};
}

core::Result<Principal> Service::AuthenticateToken(const std::string& api_token) {
  auto t = store_->FindApiToken(core::Sha256Hex(api_token));
  if (!t) {
    if (t.error().code != ErrorCode::kNotFound) return tl::unexpected(t.error());
    return core::Fail(ErrorCode::kUnauthenticated, "bad_token",
                      "Mã truy cập (API token) không hợp lệ hoặc đã bị thu hồi");
  }
  auto user = store_->GetUser(t->user_id);
  if (!user || !user->active) {
    return core::Fail(ErrorCode::kUnauthenticated, "bad_token",
                      "Tài khoản của mã truy cập không còn hoạt động");
  }
  return ToPrincipal(*user);
}

core::Status Service::Logout(const Principal& who, const std::string& session_token) {
  auto event = Event(who, "session.delete", "session", std::to_string(who.user_id));
  return store_->DeleteSession(core::Sha256Hex(session_token), event);
}

// ───────────────────────────── accounts ─────────────────────────────

domain::Principal Service::ToPrincipal(const store::UserRecord& u) const {
  return Principal{u.id, u.username, u.role, u.unit};
}

UserView Service::ToView(const store::UserRecord& u) const {
  UserView v{u.id, u.username, u.display_name, u.role, u.unit, "", u.active, u.created_at};
  if (u.unit) v.unit_name = UnitName(*u.unit);
  return v;
}

std::string Service::UnitName(domain::OrgUnitId id) const { return resolver_->UnitName(id); }

core::Result<const domain::OrgUnit*> Service::FindUnit(const std::string& id_or_code,
                                                       const core::CivilDate& at) const {
  const domain::OrgUnit* u = registry_.FindByCode(id_or_code, at);
  if (u == nullptr && !id_or_code.empty() &&
      std::all_of(id_or_code.begin(), id_or_code.end(),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      id_or_code.size() < 18) {
    u = registry_.Find(std::stoll(id_or_code));
  }
  if (u == nullptr) {
    // A code no longer in use names the last unit that had it (Vụ KHTC of the Ministry before
    // 2025).
    for (const auto& c : registry_.units()) {
      if (c.code == id_or_code &&
          (u == nullptr || (c.valid_from && (!u->valid_from || *u->valid_from < *c.valid_from))))
        u = &c;
    }
  }
  if (u == nullptr) {
    return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                      "Không tìm thấy đơn vị \"" + id_or_code + "\" (mã hoặc số hiệu)");
  }
  return u;
}

core::Result<UserView> Service::CreateUser(const Principal& by, const NewUser& in) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  std::vector<core::ErrorDetail> problems;
  store::UserRecord u;
  u.username = NormalizedUsername(in.username);
  bool name_ok =
      !u.username.empty() && u.username.size() <= 64 &&
      std::all_of(u.username.begin(), u.username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!name_ok) {
    problems.push_back(
        {"username", "Tên đăng nhập gồm 1–64 ký tự a–z, 0–9, dấu chấm, gạch dưới, gạch ngang"});
  }
  if (in.password.size() < 8 || in.password.size() > 256) {
    problems.push_back({"password", "Mật khẩu cần từ 8 đến 256 ký tự"});
  }
  if (!in.unit.empty()) {
    auto unit = FindUnit(in.unit, Today());
    if (!unit) {
      problems.push_back({"unit", unit.error().message});
    } else {
      u.unit = (*unit)->id;
    }
  } else if (domain::RoleNeedsUnit(in.role)) {
    problems.push_back({"unit", std::string("Vai trò ") + domain::RoleName(in.role) +
                                    " cần gắn với một đơn vị (--unit)"});
  }
  if (!problems.empty()) {
    auto err = core::MakeError(ErrorCode::kInvalidArgument, "invalid_user",
                               "Thông tin tài khoản chưa hợp lệ");
    err.details = std::move(problems);
    return tl::unexpected(err);
  }
  u.display_name = in.display_name.empty() ? u.username : in.display_name;
  u.role = in.role;
  u.password_hash = HashPassword(in.password);
  u.active = true;
  u.created_at = NowIso();
  auto event = Event(by, "user.create", "user");
  event.after = core::JsonObjectText()
                    .Add("username", u.username)
                    .Add("role", domain::RoleName(u.role))
                    .Add("unit_id", u.unit)
                    .Add("active", u.active)
                    .Add("fingerprint", UserFingerprint(u))
                    .Finish();
  WP_ASSIGN_OR_RETURN(u.id, store_->CreateUser(u, event));
  return ToView(u);
}

core::Result<std::vector<UserView>> Service::ListUsers(const Principal& by) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto users, store_->ListUsers());
  std::vector<UserView> out;
  for (const auto& u : users) out.push_back(ToView(u));
  return out;
}

core::Result<UserView> Service::Me(const Principal& who) {
  WP_ASSIGN_OR_RETURN(auto u, store_->GetUser(who.user_id));
  return ToView(u);
}

core::Result<std::string> Service::CreateApiToken(const Principal& by, const std::string& name) {
  if (by.user_id == 0) {
    return core::Fail(ErrorCode::kInvalidArgument, "token_needs_user",
                      "Mã truy cập phải thuộc về một tài khoản");
  }
  if (name.empty() || name.size() > 200) {
    return core::Fail(ErrorCode::kInvalidArgument, "invalid_token_name",
                      "Tên mã truy cập cần từ 1 đến 200 ký tự");
  }
  std::string token = "wpt_" + core::RandomHex(32);
  store::ApiTokenRecord t;
  t.user_id = by.user_id;
  t.name = name;
  t.token_hash = core::Sha256Hex(token);
  t.created_at = NowIso();
  auto event = Event(by, "api_token.create", "api_token");
  event.after = core::JsonObjectText().Add("name", name).Add("user_id", by.user_id).Finish();
  WP_RETURN_IF_ERROR(store_->CreateApiToken(t, event));
  return token;
}

// ───────────────────────────── programs ─────────────────────────────

core::CivilDate Service::ProgramDate(const store::ProgramRecord& p) {
  const auto& d = p.plan.document;
  if (d.issued_date) return *d.issued_date;
  if (d.year) return core::CivilDate{*d.year, 1, 1};
  return core::CivilDate{1970, 1, 1};
}

core::Result<ImportResult> Service::ImportProgram(const Principal& by, std::string_view text,
                                                  const std::string& source_name,
                                                  store::ImportMode mode) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  if (text.size() > options_.max_decision_bytes) {
    return core::Fail(ErrorCode::kTooLarge, "too_large",
                      "Văn bản quá lớn (" + std::to_string(text.size() >> 20) + " MB); tối đa " +
                          std::to_string(options_.max_decision_bytes >> 20) + " MB");
  }
  WP_ASSIGN_OR_RETURN(auto document, doc::Parse(text));
  store::ProgramRecord record;
  record.plan = ingest::Bind(document);
  if (record.plan.sections.empty() && record.plan.targets.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "not_a_program",
                      "Không đọc được chương trình công tác trong văn bản: không có mục, nhiệm vụ "
                      "hay chỉ tiêu nào");
  }
  size_t unresolved = ingest::ResolvePlanUnits(record.plan, *resolver_);
  record.source_name = source_name.empty() ? "-" : source_name;
  record.source_text = std::string(text);
  record.source_sha256 = core::Sha256Hex(text);
  record.created_at = NowIso();
  const auto& d = record.plan.document;
  auto event = Event(by, "program.import", "program");
  event.after = core::JsonObjectText()
                    .Add("number", d.number)
                    .Add("title", d.title)
                    .Add("status", "draft")
                    .Add("source_sha256", record.source_sha256)
                    .Add("sections", static_cast<int64_t>(record.plan.sections.size()))
                    .Add("targets", static_cast<int64_t>(record.plan.targets.size()))
                    .Add("fingerprint", ProgramFingerprint(record))
                    .Finish();
  ImportResult r;
  if (mode == store::ImportMode::kReplaceDraft && d.number) {
    auto list = store_->ListPrograms();
    if (list) {
      r.replaced = std::any_of(list->begin(), list->end(), [&](const store::ProgramSummary& s) {
        return s.number == d.number;
      });
    }
  }
  WP_ASSIGN_OR_RETURN(r.id, store_->InsertProgram(record, mode, event));
  r.number = d.number;
  r.sections = record.plan.sections.size();
  r.targets = record.plan.targets.size();
  r.budgets = record.plan.budgets.size();
  r.deadlines = record.plan.deadlines.size();
  r.unresolved_units = unresolved;
  r.diagnostics = record.plan.diagnostics.size();
  return r;
}

core::Status Service::PublishProgram(const Principal& by, store::ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto record, store_->GetProgram(id));
  // A draft is invisible to those who may not manage programs: 404 like any unknown id, not a
  // hint that it exists; a published one they may see but not publish: 403.
  if (record.status != store::ProgramStatus::kPublished &&
      !domain::Can(by, Permission::kReadDrafts)) {
    return core::Fail(ErrorCode::kNotFound, "program_not_found",
                      "Không tìm thấy chương trình #" + std::to_string(id));
  }
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  if (record.status == store::ProgramStatus::kPublished) {
    return core::Fail(ErrorCode::kFailedPrecondition, "program_published",
                      "Chương trình #" + std::to_string(id) + " đã ban hành chính thức");
  }
  std::string at = NowIso();
  std::string before = ProgramFingerprint(record);
  record.status = store::ProgramStatus::kPublished;
  record.published_at = at;
  auto event = Event(by, "program.publish", "program", std::to_string(id));
  event.before = core::JsonObjectText().Add("status", "draft").Add("fingerprint", before).Finish();
  event.after = core::JsonObjectText()
                    .Add("status", "published")
                    .Add("published_at", at)
                    .Add("fingerprint", ProgramFingerprint(record))
                    .Finish();
  WP_RETURN_IF_ERROR(store_->PublishProgram(id, at, event));
  Changed();
  return {};
}

core::Result<std::vector<store::ProgramSummary>> Service::ListPrograms(const Principal& by) {
  WP_ASSIGN_OR_RETURN(auto all, store_->ListPrograms());
  if (domain::Can(by, Permission::kReadDrafts)) return all;
  std::erase_if(all, [](const auto& s) { return s.status != store::ProgramStatus::kPublished; });
  return all;
}

core::Result<std::shared_ptr<const ProgramView>> Service::LoadProgram(store::ProgramId id) {
  {
    std::lock_guard lock(cache_mu_);
    auto it = published_.find(id);
    if (it != published_.end()) return it->second;
  }
  auto view = std::make_shared<ProgramView>();
  WP_ASSIGN_OR_RETURN(view->record, store_->GetProgram(id));
  WP_ASSIGN_OR_RETURN(view->targets, store_->ListTargets(id));
  WP_ASSIGN_OR_RETURN(auto corrections, store_->ListCorrections(id));
  for (auto& k : corrections) {
    // Each was checked when it was made, on the plan as corrected before it.
    if (Correct(*view, k, true)) ++view->corrections;
  }
  std::shared_ptr<const ProgramView> out = std::move(view);
  if (out->record.status == store::ProgramStatus::kPublished) {
    std::lock_guard lock(cache_mu_);
    published_.emplace(id, out);
  }
  return out;
}

core::Result<std::shared_ptr<const ProgramView>> Service::GetProgram(const Principal& by,
                                                                     store::ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto view, LoadProgram(id));
  if (view->record.status != store::ProgramStatus::kPublished &&
      !domain::Can(by, Permission::kReadDrafts)) {
    return core::Fail(ErrorCode::kNotFound, "program_not_found",
                      "Không tìm thấy chương trình #" + std::to_string(id));
  }
  return view;
}

core::Result<std::vector<TaskView>> Service::Tasks(const Principal& by, const ProgramView& program,
                                                   std::optional<domain::OrgUnitId> lead) {
  core::CivilDate at = ProgramDate(program.record);
  if (lead) {
    if (registry_.Find(*lead) == nullptr) {
      return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                        "Không tìm thấy đơn vị #" + std::to_string(*lead));
    }
    if (!domain::InScope(by, *lead, registry_, at)) {
      return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                        "Bạn chỉ xem được nhiệm vụ của đơn vị mình và các đơn vị trực thuộc");
    }
  }
  bool all = domain::SeesAllUnits(by) && !lead;
  std::vector<TaskView> out;
  const auto& plan = program.record.plan;
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const auto& s = plan.sections[i];
    for (size_t k = 0; k < s.tasks.size(); ++k) {
      const auto& t = s.tasks[k];
      bool keep = all;
      if (!keep && lead) keep = LeadsInclude(t.resolved_leads, *lead);
      if (!keep && !lead) {
        keep = std::any_of(t.resolved_leads.begin(), t.resolved_leads.end(), [&](const auto& r) {
          return std::any_of(r.units.begin(), r.units.end(), [&](domain::OrgUnitId u) {
            return domain::InScope(by, u, registry_, at);
          });
        });
      }
      if (keep) out.push_back({domain::TaskId(plan, i, k), &s, &t, k});
    }
  }
  return out;
}

// ───────────────────────────── audit ─────────────────────────────

core::Result<std::vector<store::AuditEntry>> Service::Audit(const Principal& by, int64_t after_seq,
                                                            size_t limit) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kReadAudit));
  return store_->ListAudit(after_seq, std::min<size_t>(limit, 1000));
}

namespace {

// What the log says of the reports, gathered while its chain is checked.
struct ReportTrail {
  struct Last {
    int64_t seq = 0;
    std::optional<std::string> fingerprint;
  };
  std::map<std::string, Last> last;     // report id → its newest entry
  std::map<std::string, int64_t> bulk;  // "program|ReportKey" → newest load
  std::set<std::string> generated;      // programs of a gen-data load

  void Note(const store::AuditEntry& e) {
    const auto& ev = e.event;
    if (ev.entity == "report" && !ev.entity_id.empty()) {
      last[ev.entity_id] = {e.seq, JsonField(ev.after, "fingerprint")};
    } else if (ev.action == "report.bulk_load") {
      auto keys = JsonField(ev.after, "reports");
      if (!keys) return;
      std::string_view rest = *keys;
      while (!rest.empty()) {
        auto end = rest.find(' ');
        bulk[ev.entity_id + "|" + std::string(rest.substr(0, end))] = e.seq;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
    } else if (ev.entity == "program" && ev.action == "program.import" &&
               JsonField(ev.after, "source") == "gen-data") {
      generated.insert(ev.entity_id);
    }
  }
};

// Every report against the newest entry that recorded its fingerprint (ReportFingerprint).
core::Status VerifyReports(store::Store& store, const Service& service, const ReportTrail& trail,
                           AuditVerification& v) {
  WP_ASSIGN_OR_RETURN(auto reports, store.ListReports({}));
  std::set<std::string> stored;
  for (const auto& r : reports) {
    std::string id = std::to_string(r.id);
    stored.insert(id);
    auto name = [&] {
      auto period = domain::ParsePeriodKey(r.period);
      return "Báo cáo #" + id + " (" + service.UnitName(r.unit_id) + ", " +
             (period ? period->Label() : r.period) + ")";
    };
    auto last = trail.last.find(id);
    auto bulk = trail.bulk.find(std::to_string(r.program_id) + "|" +
                                ReportKey(r.obligation, r.period, r.unit_id));
    if (bulk != trail.bulk.end() && (last == trail.last.end() || bulk->second > last->second.seq)) {
      ++v.reports_bulk_loaded;
      continue;
    }
    if (last == trail.last.end()) {
      if (trail.generated.count(std::to_string(r.program_id))) {
        ++v.reports_generated;
      } else {
        v.problems.push_back(name() +
                             " không có mục nhật ký nào ghi nhận nó; đã được thêm ngoài "
                             "hệ thống");
      }
      continue;
    }
    auto recorded = last->second.fingerprint;
    if (!recorded) {  // last written before report entries recorded one
      ++v.reports_unrecorded;
      continue;
    }
    ++v.reports_checked;
    int64_t version = 0;
    WP_ASSIGN_OR_RETURN(auto content, store.GetReportContent(r.id, &version));
    if (version == r.version && ReportFingerprint(r, r.version, content) == *recorded) {
      continue;
    }
    // A write since the log was read moves the report and its entry on together: read both
    // again before calling it an edit.
    WP_ASSIGN_OR_RETURN(auto now, store.GetReport(r.id));
    WP_ASSIGN_OR_RETURN(content, store.GetReportContent(r.id, &version));
    WP_ASSIGN_OR_RETURN(auto entry, store.LastAuditOf("report", id));
    recorded = entry ? JsonField(entry->event.after, "fingerprint") : std::nullopt;
    if (!recorded) {
      v.problems.push_back(name() + ": mục nhật ký mới nhất (#" +
                           std::to_string(entry ? entry->seq : 0) +
                           ") không ghi dấu vân tay của báo cáo");
    } else if (version != now.version ||
               ReportFingerprint(now, now.version, content) != *recorded) {
      v.problems.push_back(name() + ": dữ liệu trong cơ sở dữ liệu khác với mục nhật ký #" +
                           std::to_string(entry->seq) + " (" + entry->event.action +
                           "); đã bị sửa ngoài hệ thống");
    }
  }
  // Nothing deletes a report: one the log knows and the database does not was removed by hand.
  for (const auto& [id, last] : trail.last) {
    if (!stored.count(id)) {
      v.problems.push_back("Báo cáo #" + id + " có trong nhật ký (mục #" +
                           std::to_string(last.seq) +
                           ") nhưng không còn trong cơ sở dữ liệu; đã bị xóa ngoài hệ thống");
    }
  }
  return {};
}

}  // namespace

core::Result<AuditVerification> Service::VerifyAudit() {
  AuditVerification v;
  ReportTrail trail;
  std::string prev = store::kAuditGenesisHash;
  int64_t seq = 0;
  while (true) {
    WP_ASSIGN_OR_RETURN(auto page, store_->ListAudit(seq, 1000));
    if (page.empty()) break;
    for (const auto& e : page) {
      ++v.entries;
      trail.Note(e);
      if (e.seq != seq + 1) {
        v.problems.push_back("Nhật ký thiếu mục: sau #" + std::to_string(seq) + " là #" +
                             std::to_string(e.seq));
      }
      if (e.prev_hash != prev) {
        v.problems.push_back("Mục #" + std::to_string(e.seq) +
                             " không nối với mục trước (prev_hash khác)");
      }
      if (AuditHash(e) != e.hash) {
        v.problems.push_back("Mục #" + std::to_string(e.seq) + " (" + e.event.action +
                             ") đã bị sửa: mã băm không khớp nội dung");
      }
      prev = e.hash;
      seq = e.seq;
    }
  }
  WP_ASSIGN_OR_RETURN(auto programs, store_->ListPrograms());
  for (const auto& s : programs) {
    ++v.programs_checked;
    std::string name = "Chương trình #" + std::to_string(s.id);
    WP_ASSIGN_OR_RETURN(auto last, store_->LastAuditOf("program", std::to_string(s.id)));
    auto recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
    if (!recorded) {
      v.problems.push_back(name + " không có mục nhật ký nào ghi nhận trạng thái của nó");
      continue;
    }
    WP_ASSIGN_OR_RETURN(auto record, store_->GetProgram(s.id));
    if (ProgramFingerprint(record) != *recorded) {
      v.problems.push_back(name + ": dữ liệu trong cơ sở dữ liệu khác với mục nhật ký #" +
                           std::to_string(last->seq) + " (" + last->event.action +
                           "); đã bị sửa ngoài hệ thống");
    }
  }
  WP_ASSIGN_OR_RETURN(auto users, store_->ListUsers());
  for (const auto& u : users) {
    ++v.users_checked;
    WP_ASSIGN_OR_RETURN(auto last, store_->LastAuditOf("user", std::to_string(u.id)));
    auto recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
    if (!recorded || UserFingerprint(u) != *recorded) {
      v.problems.push_back("Tài khoản \"" + u.username +
                           "\": dữ liệu khác với nhật ký; đã bị sửa ngoài hệ thống");
    }
  }
  WP_RETURN_IF_ERROR(VerifyReports(*store_, *this, trail, v));
  return v;
}

}  // namespace wp::service
