// Accounts and sessions (accounts.hpp): sign-in and its limit, sessions, API tokens, the
// password policy, resets and changes, accounts.

#include "service/accounts.hpp"

#include <pwquality.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <functional>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Permission;
using domain::Principal;
using std::chrono::seconds;

constexpr std::chrono::minutes kResetTtl{30};
constexpr int64_t kDefaultTokenDays = 90;
constexpr int64_t kMaxTokenDays = 365;
constexpr seconds kTokenUseResolution{60};
constexpr std::chrono::hours kAccountWindow{24};
constexpr size_t kMaxVerified = 100000;

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

// Usernames are kept and compared in lower case.
std::string NormalizedUsername(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

Principal ToPrincipal(const store::UserRecord& u) {
  return Principal{u.id, u.username, u.role, u.unit};
}

UserView ToView(const Organisation& org, const store::UserRecord& u) {
  UserView v;
  v.id = u.id;
  v.username = u.username;
  v.display_name = u.display_name;
  v.role = u.role;
  v.unit = u.unit;
  v.active = u.active;
  v.created_at = u.created_at;
  if (u.unit) {
    v.unit_name = org.UnitName(*u.unit);
    if (const auto* unit = org.registry().Find(*u.unit)) v.unit_code = unit->code;
  }
  v.updated_at = u.updated_at.value_or(u.created_at);
  v.last_login_at = u.last_login_at;
  v.title = u.title;
  return v;
}

ApiTokenView ToView(const store::ApiTokenRecord& t) {
  return {t.id, t.user_id, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at};
}

// What an audit entry records of an account's state.
std::string UserState(const store::UserRecord& u) {
  return core::JsonObjectText()
      .Add("username", u.username)
      .Add("display_name", u.display_name)
      .Add("role", domain::RoleName(u.role))
      .Add("unit_id", u.unit)
      .Add("active", u.active)
      .Add("title", u.title)
      .Add("version", u.version)
      .Add("fingerprint", UserFingerprint(u))
      .Finish();
}

// A leader holds the title of its office (issue 18): "Bộ trưởng" decides every amendment, a
// "Thứ trưởng" those its delegations cover. Other roles hold none.
std::optional<std::string> TitleProblem(domain::Role role, const std::string& title) {
  if (role == domain::Role::kLeader) {
    if (title == domain::kMinisterTitle || title == "Thứ trưởng") return std::nullopt;
    return "Lãnh đạo Bộ cần chức danh \"Bộ trưởng\" hoặc \"Thứ trưởng\" (--title)";
  }
  if (!title.empty()) return "Chỉ tài khoản Lãnh đạo Bộ (leader) có chức danh";
  return std::nullopt;
}

core::Error WeakPassword(const std::string& why) {
  auto err = core::MakeError(ErrorCode::kInvalidArgument, "weak_password",
                             "Mật khẩu chưa đủ mạnh: " + why);
  err.details.push_back({"password", why});
  return err;
}

// "2012-03-10T02:00:00Z" as a time; nullopt when it is not one.
std::optional<std::chrono::system_clock::time_point> ParseIso(const std::string& iso) {
  int y, mo, d, h, mi, sec;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6) {
    return std::nullopt;
  }
  std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                  std::chrono::day{unsigned(d)}};
  if (!day.ok()) return std::nullopt;
  return std::chrono::sys_days{day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         seconds{sec};
}

// The whole seconds from `now` until `until` (an ISO text), at least 1.
int64_t SecondsUntil(const std::string& until, std::chrono::system_clock::time_point now) {
  auto t = ParseIso(until);
  if (!t) return 1;
  auto s = std::chrono::ceil<seconds>(*t - now).count();
  return std::max<int64_t>(s, 1);
}

}  // namespace

// ───────────────────────────── the policy and the limit ─────────────────────────────

std::optional<std::string> PasswordProblem(const std::string& password,
                                           const std::string& username) {
  if (password.size() > 256) return "dài quá 256 ký tự";
  // Vietnamese words a brute-force list starts with, that the English dictionary lacks.
  static constexpr std::array<const char*, 10> kLocalWords = {
      "matkhau", "quantri", "admin",    "hethong", "vietnam",
      "hanoi",   "saigon",  "workplan", "abc123",  "qwerty"};
  std::string folded;
  for (unsigned char ch : password) {
    if (std::isalpha(ch)) folded.push_back(static_cast<char>(std::tolower(ch)));
  }
  // libpwquality's settings and cracklib are not known to be thread-safe: one check at a time.
  static std::mutex mu;
  std::lock_guard lock(mu);
  pwquality_settings_t* settings = pwquality_default_settings();
  if (settings == nullptr) throw std::runtime_error("libpwquality: out of memory");
  pwquality_set_int_value(settings, PWQ_SETTING_MIN_LENGTH, kMinPasswordLength);
  pwquality_set_int_value(settings, PWQ_SETTING_MAX_REPEAT, 4);
  pwquality_set_int_value(settings, PWQ_SETTING_MAX_SEQUENCE, 5);
  void* aux = nullptr;
  int score = pwquality_check(settings, password.c_str(), nullptr,
                              username.empty() ? nullptr : username.c_str(), &aux);
  pwquality_free_settings(settings);
  std::string cracklib = score == PWQ_ERROR_CRACKLIB_CHECK && aux ? static_cast<char*>(aux) : "";
  if (score < 0) {
    switch (score) {
      case PWQ_ERROR_MIN_LENGTH:
        return "cần ít nhất " + std::to_string(kMinPasswordLength) + " ký tự";
      case PWQ_ERROR_CRACKLIB_CHECK:
        if (cracklib.find("dictionary") != std::string::npos) {
          return "dựa trên một từ trong từ điển; hãy dùng một cụm từ dài, khó đoán";
        }
        if (cracklib.find("short") != std::string::npos) {
          return "cần ít nhất " + std::to_string(kMinPasswordLength) + " ký tự";
        }
        if (cracklib.find("loading") != std::string::npos ||
            cracklib.find("error") != std::string::npos) {
          throw std::runtime_error("cracklib: " + cracklib);
        }
        return "quá đơn giản hoặc theo quy luật (dãy số, dãy phím, ký tự lặp lại)";
      case PWQ_ERROR_USER_CHECK:
        return "chứa tên đăng nhập";
      case PWQ_ERROR_PALINDROME:
      case PWQ_ERROR_MAX_CONSECUTIVE:
      case PWQ_ERROR_MAX_SEQUENCE:
      case PWQ_ERROR_MIN_CLASSES:
      case PWQ_ERROR_MAX_CLASS_REPEAT:
        return "quá đơn giản hoặc theo quy luật (dãy số, dãy phím, ký tự lặp lại)";
      case PWQ_ERROR_MEM_ALLOC:
        throw std::runtime_error("libpwquality: out of memory");
      default:
        return "quá đơn giản, dễ đoán";
    }
  }
  for (const char* word : kLocalWords) {
    std::string w = word;
    std::string letters;
    for (char ch : w) {
      if (std::isalpha(static_cast<unsigned char>(ch))) letters.push_back(ch);
    }
    if (folded.find(letters) != std::string::npos && folded.size() <= letters.size() + 3) {
      return "dựa trên một từ quá phổ biến (\"" + w + "\"); hãy dùng một cụm từ dài, khó đoán";
    }
  }
  return std::nullopt;
}

std::chrono::seconds AccountLoginDelay(int64_t failures) {
  if (failures <= kAccountFailuresFree) return seconds(0);
  const int64_t doublings = std::min<int64_t>(failures - kAccountFailuresFree - 1, 10);
  return std::min<seconds>(seconds(30) * (int64_t{1} << doublings), seconds(15 * 60));
}

Accounts::Accounts(store::Store& store, const Organisation& org, const Time& time,
                   const ServiceOptions& options)
    : store_(store), org_(org), time_(time), options_(options) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  dummy_hash_ = HashPassword(core::RandomHex(16));
}

core::Result<std::vector<std::string>> Accounts::CheckLimits(const std::vector<std::string>& keys) {
  WP_ASSIGN_OR_RETURN(auto limits, store_.GetLoginLimits(keys));
  const auto now = time_.Now();
  const std::string now_iso = IsoUtc(now);
  std::optional<std::string> until;
  for (const auto& l : limits) {
    if (l.locked_until && *l.locked_until > now_iso && (!until || *l.locked_until > *until)) {
      until = l.locked_until;
    }
  }
  if (!until) {
    std::vector<std::string> counted;
    for (const auto& l : limits) counted.push_back(l.key);
    return counted;
  }
  const int64_t wait = SecondsUntil(*until, now);
  auto err = core::MakeError(ErrorCode::kResourceExhausted, "too_many_attempts",
                             "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau " +
                                 (wait < 120 ? std::to_string(wait) + " giây"
                                             : std::to_string((wait + 59) / 60) + " phút"));
  err.details.push_back({"retry_after", std::to_string(wait)});
  return tl::unexpected(err);
}

void Accounts::CountFailure(const std::string& user_key, const std::string& address_key) {
  const auto now = time_.Now();
  const std::string now_iso = IsoUtc(now);
  const std::string day_ago = IsoUtc(now - kAccountWindow);
  if (!address_key.empty()) {
    (void)store_.RecordLoginFailure(address_key, now_iso, IsoUtc(now - kAddressWindow), day_ago,
                                    [&](const store::LoginLimit& l) -> std::optional<std::string> {
                                      if (l.failures < kAddressFailures) return std::nullopt;
                                      return IsoUtc(now + kAddressWindow);
                                    });
  }
  if (!user_key.empty()) {
    (void)store_.RecordLoginFailure(user_key, now_iso, day_ago, day_ago,
                                    [&](const store::LoginLimit& l) -> std::optional<std::string> {
                                      auto delay = AccountLoginDelay(l.failures);
                                      if (delay.count() == 0) return std::nullopt;
                                      return IsoUtc(now + delay);
                                    });
  }
}

// ───────────────────────────── sign-in ─────────────────────────────

core::Result<LoginResult> Accounts::Login(const std::string& username, const std::string& password,
                                          const std::string& client) {
  std::string name = NormalizedUsername(username);
  if (name.size() > 64) name.resize(64);
  const std::string user_key = "user:" + name;
  const std::string address_key = "addr:" + client;
  WP_ASSIGN_OR_RETURN(auto counted, CheckLimits({user_key, address_key}));
  auto user = store_.FindUser(name);
  if (!user && user.error().code != ErrorCode::kNotFound) return tl::unexpected(user.error());
  bool ok = PasswordMatches(user ? user->password_hash : dummy_hash_, password);
  if (!user || !ok || !user->active) {
    CountFailure(user_key, address_key);
    return core::Fail(ErrorCode::kUnauthenticated, "bad_credentials",
                      "Tên đăng nhập hoặc mật khẩu không đúng");
  }
  // A success starts the account's count again (the address's keeps its window).
  if (std::find(counted.begin(), counted.end(), user_key) != counted.end()) {
    WP_RETURN_IF_ERROR(store_.ClearLoginLimit(user_key));
  }
  LoginResult r;
  r.session_token = core::RandomHex(32);
  r.csrf_token = core::RandomHex(16);
  auto now = time_.Now();
  r.expires_at = IsoUtc(now + options_.session_ttl);
  r.principal = ToPrincipal(*user);
  store::SessionRecord s;
  s.token_hash = core::Sha256Hex(r.session_token);
  s.user_id = user->id;
  s.csrf_token = r.csrf_token;
  s.created_at = IsoUtc(now);
  s.expires_at = r.expires_at;
  auto event = Event(time_, r.principal, "session.create", "session", std::to_string(user->id));
  event.after = core::JsonObjectText()
                    .Add("username", user->username)
                    .Add("client", client)
                    .Add("expires_at", r.expires_at)
                    .Add("session", s.token_hash)
                    .Finish();
  WP_RETURN_IF_ERROR(store_.CreateSession(s, event));
  std::lock_guard lock(verified_mu_);
  if (verified_.size() > kMaxVerified) verified_.clear();
  verified_.insert("s:" + s.token_hash);
  return r;
}

core::Result<bool> Accounts::MadeByAudit(int64_t seq, const std::string& action, const char* field,
                                         const std::string& hash) {
  WP_ASSIGN_OR_RETURN(auto entries, store_.ListAudit(seq - 1, 1));
  if (entries.empty()) return false;
  const auto& e = entries.front();
  return e.seq == seq && e.event.action == action &&
         e.event.after.find("\"" + std::string(field) + "\":\"" + hash + "\"") != std::string::npos;
}

namespace {

// The principal of the active account a session or token (`found`) belongs to:
// kUnauthenticated (`reason`) for an unknown credential or an account no longer active, the
// store's other errors as they are.
template <typename Credential>
core::Result<Principal> ActiveHolder(store::Store& store, const core::Result<Credential>& found,
                                     const char* reason, const char* unknown,
                                     const char* inactive) {
  if (!found) {
    if (found.error().code != ErrorCode::kNotFound) return tl::unexpected(found.error());
    return core::Fail(ErrorCode::kUnauthenticated, reason, unknown);
  }
  auto user = store.GetUser(found->user_id);
  if (!user || !user->active) return core::Fail(ErrorCode::kUnauthenticated, reason, inactive);
  return ToPrincipal(*user);
}

constexpr const char* kSessionUnknown =
    "Phiên làm việc đã hết hạn hoặc chưa đăng nhập; vui lòng đăng nhập lại";
constexpr const char* kTokenUnknown = "Mã truy cập (API token) không hợp lệ hoặc đã bị thu hồi";

}  // namespace

core::Result<SessionAuth> Accounts::AuthenticateSession(const std::string& session_token) {
  auto s = store_.FindSession(core::Sha256Hex(session_token), time_.NowIso());
  WP_ASSIGN_OR_RETURN(auto principal,
                      ActiveHolder(store_, s, "session_expired", kSessionUnknown,
                                   "Tài khoản không còn hoạt động; vui lòng đăng nhập lại"));
  // A session no audited sign-in made (a row inserted by hand) is refused: checked once per
  // session by this process.
  const std::string key = "s:" + s->token_hash;
  bool known;
  {
    std::lock_guard lock(verified_mu_);
    known = verified_.count(key) > 0;
  }
  if (!known) {
    bool made = false;
    if (s->audit_seq) {
      WP_ASSIGN_OR_RETURN(made,
                          MadeByAudit(*s->audit_seq, "session.create", "session", s->token_hash));
    }
    if (!made) return core::Fail(ErrorCode::kUnauthenticated, "session_expired", kSessionUnknown);
    std::lock_guard lock(verified_mu_);
    if (verified_.size() > kMaxVerified) verified_.clear();
    verified_.insert(key);
  }
  return SessionAuth{std::move(principal), s->csrf_token, s->expires_at};
}

core::Result<Principal> Accounts::AuthenticateToken(const std::string& api_token) {
  if (api_token.size() > 200) {
    return core::Fail(ErrorCode::kUnauthenticated, "bad_token", kTokenUnknown);
  }
  auto t = store_.FindApiToken(core::Sha256Hex(api_token));
  WP_ASSIGN_OR_RETURN(auto principal,
                      ActiveHolder(store_, t, "bad_token", kTokenUnknown,
                                   "Tài khoản của mã truy cập không còn hoạt động"));
  const auto now = time_.Now();
  const std::string now_iso = IsoUtc(now);
  if (!t->expires_at || *t->expires_at <= now_iso) {
    return core::Fail(ErrorCode::kUnauthenticated, "token_expired",
                      "Mã truy cập (API token) đã hết hạn; hãy tạo mã mới");
  }
  const std::string key = "t:" + t->token_hash;
  bool known;
  {
    std::lock_guard lock(verified_mu_);
    known = verified_.count(key) > 0;
  }
  if (!known) {
    bool made = false;
    if (t->audit_seq) {
      WP_ASSIGN_OR_RETURN(
          made, MadeByAudit(*t->audit_seq, "api_token.create", "token_hash", t->token_hash));
    }
    if (!made) return core::Fail(ErrorCode::kUnauthenticated, "bad_token", kTokenUnknown);
    std::lock_guard lock(verified_mu_);
    if (verified_.size() > kMaxVerified) verified_.clear();
    verified_.insert(key);
  }
  // The last use, at most once a minute per token (a busy client does not write per request).
  const std::string since = IsoUtc(now - kTokenUseResolution);
  if (!t->last_used_at || *t->last_used_at < since) {
    WP_RETURN_IF_ERROR(store_.TouchApiToken(t->id, now_iso, since));
  }
  return principal;
}

core::Status Accounts::Logout(const Principal& who, const std::string& session_token) {
  auto event = Event(time_, who, "session.delete", "session", std::to_string(who.user_id));
  return store_.DeleteSession(core::Sha256Hex(session_token), event);
}

// ───────────────────────────── accounts ─────────────────────────────

core::Result<store::UserRecord> Accounts::FindAccount(const std::string& id_or_name) {
  if (!id_or_name.empty() &&
      std::all_of(id_or_name.begin(), id_or_name.end(),
                  [](unsigned char c) { return std::isdigit(c); }) &&
      id_or_name.size() < 18) {
    return store_.GetUser(std::stoll(id_or_name));
  }
  return store_.FindUser(NormalizedUsername(id_or_name));
}

core::Result<UserView> Accounts::CreateUser(const Principal& by, const NewUser& in) {
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
  std::optional<std::string> weak = PasswordProblem(in.password, u.username);
  if (in.display_name.size() > 200) {
    problems.push_back({"display_name", "Họ tên hiển thị dài quá 200 ký tự"});
  }
  if (!in.unit.empty()) {
    auto unit = org_.FindUnit(in.unit, time_.Today());
    if (!unit) {
      problems.push_back({"unit", unit.error().message});
    } else {
      u.unit = (*unit)->id;
    }
  } else if (domain::RoleNeedsUnit(in.role)) {
    problems.push_back({"unit", std::string("Vai trò ") + domain::RoleName(in.role) +
                                    " cần gắn với một đơn vị (--unit)"});
  }
  if (auto why = TitleProblem(in.role, in.title)) problems.push_back({"title", *why});
  if (!problems.empty()) {
    if (weak) problems.push_back({"password", "Mật khẩu chưa đủ mạnh: " + *weak});
    auto err = core::MakeError(ErrorCode::kInvalidArgument, "invalid_user",
                               "Thông tin tài khoản chưa hợp lệ");
    err.details = std::move(problems);
    return tl::unexpected(err);
  }
  if (weak) return tl::unexpected(WeakPassword(*weak));
  u.display_name = in.display_name.empty() ? u.username : in.display_name;
  u.role = in.role;
  u.title = in.title;
  u.password_hash = HashPassword(in.password);
  u.active = true;
  u.created_at = time_.NowIso();
  u.updated_at = u.created_at;
  u.version = 1;
  auto event = Event(time_, by, "user.create", "user");
  event.after = UserState(u);
  WP_ASSIGN_OR_RETURN(u.id, store_.CreateUser(u, event));
  return ToView(org_, u);
}

core::Result<std::vector<UserView>> Accounts::ListUsers(const Principal& by) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto users, store_.ListUsers());
  std::vector<UserView> out;
  for (const auto& u : users) out.push_back(ToView(org_, u));
  return out;
}

core::Result<UserView> Accounts::GetUser(const Principal& by, const std::string& id_or_name) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto u, FindAccount(id_or_name));
  return ToView(org_, u);
}

core::Result<UserView> Accounts::Me(const Principal& who) {
  WP_ASSIGN_OR_RETURN(auto u, store_.GetUser(who.user_id));
  return ToView(org_, u);
}

core::Result<store::UserRecord> Accounts::ChangeUser(
    const Principal& by, domain::UserId id, const std::string& action,
    const std::function<core::Status(store::UserRecord&, store::UserEnds&)>& change) {
  for (int attempt = 0;; ++attempt) {
    WP_ASSIGN_OR_RETURN(auto before, store_.GetUser(id));
    store::UserRecord after = before;
    store::UserEnds ends;
    ends.at = time_.NowIso();
    WP_RETURN_IF_ERROR(change(after, ends));
    after.version = before.version + 1;
    after.updated_at = ends.at;
    auto event = Event(time_, by, action, "user", std::to_string(id));
    event.before = UserState(before);
    event.after = UserState(after);
    auto stored = store_.UpdateUser(after, before.version, ends, event);
    if (stored) return after;
    if (stored.error().code != ErrorCode::kAborted || attempt >= 3) {
      return tl::unexpected(stored.error());
    }
  }
}

core::Result<UserView> Accounts::EditUser(const Principal& by, const std::string& id_or_name,
                                          const UserEdit& edit) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto target, FindAccount(id_or_name));
  std::vector<core::ErrorDetail> problems;
  std::optional<std::optional<domain::OrgUnitId>> unit;
  if (edit.unit) {
    if (edit.unit->empty()) {
      unit.emplace(std::nullopt);
    } else if (auto found = org_.FindUnit(*edit.unit, time_.Today()); found) {
      unit.emplace((*found)->id);
    } else {
      problems.push_back({"unit_id", found.error().message});
    }
  }
  if (edit.display_name && (edit.display_name->empty() || edit.display_name->size() > 200)) {
    problems.push_back({"display_name", "Họ tên hiển thị cần từ 1 đến 200 ký tự"});
  }
  if (!problems.empty()) {
    auto err = core::MakeError(ErrorCode::kInvalidArgument, "invalid_user",
                               "Thông tin tài khoản chưa hợp lệ");
    err.details = std::move(problems);
    return tl::unexpected(err);
  }
  if (by.user_id == target.id && edit.role && *edit.role != domain::Role::kAdmin) {
    return core::Fail(ErrorCode::kFailedPrecondition, "self_change",
                      "Quản trị viên không thể tự hạ quyền của chính mình");
  }
  WP_ASSIGN_OR_RETURN(
      auto after,
      ChangeUser(by, target.id, "user.update",
                 [&](store::UserRecord& u, store::UserEnds&) -> core::Status {
                   if (edit.display_name) u.display_name = *edit.display_name;
                   if (edit.role) u.role = *edit.role;
                   if (unit) u.unit = *unit;
                   if (edit.title) u.title = *edit.title;
                   if (u.role != domain::Role::kLeader && !edit.title) u.title.clear();
                   if (auto why = TitleProblem(u.role, u.title)) {
                     auto err = core::MakeError(ErrorCode::kInvalidArgument, "invalid_user",
                                                "Thông tin tài khoản chưa hợp lệ");
                     err.details.push_back({"title", *why});
                     return tl::unexpected(err);
                   }
                   if (domain::RoleNeedsUnit(u.role) && !u.unit) {
                     auto err = core::MakeError(ErrorCode::kInvalidArgument, "invalid_user",
                                                "Thông tin tài khoản chưa hợp lệ");
                     err.details.push_back({"unit_id", std::string("Vai trò ") +
                                                           domain::RoleName(u.role) +
                                                           " cần gắn với một đơn vị"});
                     return tl::unexpected(err);
                   }
                   return {};
                 }));
  return ToView(org_, after);
}

core::Result<UserView> Accounts::SetActive(const Principal& by, const std::string& id_or_name,
                                           bool active) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto target, FindAccount(id_or_name));
  if (!active && by.user_id == target.id) {
    return core::Fail(ErrorCode::kFailedPrecondition, "self_change",
                      "Quản trị viên không thể tự khóa tài khoản của chính mình");
  }
  WP_ASSIGN_OR_RETURN(auto after,
                      ChangeUser(by, target.id, active ? "user.activate" : "user.deactivate",
                                 [&](store::UserRecord& u, store::UserEnds& ends) -> core::Status {
                                   u.active = active;
                                   ends.sessions = !active;
                                   ends.tokens = !active;
                                   return {};
                                 }));
  return ToView(org_, after);
}

// ───────────────────────────── passwords ─────────────────────────────

core::Result<PasswordResetIssued> Accounts::IssuePasswordReset(const Principal& by,
                                                               const std::string& id_or_name) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto target, FindAccount(id_or_name));
  // 16 characters of a 32-letter alphabet without look-alikes (80 bits), in groups of four.
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::array<unsigned char, 16> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::string code;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && i % 4 == 0) code.push_back('-');
    code.push_back(kAlphabet[bytes[i] % 32]);
  }
  const auto now = time_.Now();
  store::PasswordReset reset;
  reset.code_hash = core::Sha256Hex(code);
  reset.user_id = target.id;
  reset.created_at = IsoUtc(now);
  reset.expires_at = IsoUtc(now + kResetTtl);
  store::OutboxMessage m;
  m.key = "password_reset:" + std::to_string(target.id) + ":" + reset.code_hash.substr(0, 16);
  m.user_id = target.id;
  m.kind = "password_reset";
  m.subject = "Mã đặt lại mật khẩu";
  m.body = "Kính gửi " + target.display_name + ",\n\nMã đặt lại mật khẩu của tài khoản " +
           target.username + " là: " + code + "\nMã dùng được một lần, đến " + reset.expires_at +
           " (giờ UTC). Nhập mã tại trang /reset cùng mật khẩu mới.\n";
  m.created_at = reset.created_at;
  auto event = Event(time_, by, "user.password_reset_issued", "user", std::to_string(target.id));
  event.after = core::JsonObjectText()
                    .Add("username", target.username)
                    .Add("expires_at", reset.expires_at)
                    .Add("code_hash", reset.code_hash)
                    .Add("fingerprint", UserFingerprint(target))
                    .Finish();
  WP_RETURN_IF_ERROR(store_.CreatePasswordReset(reset, m, event));
  return PasswordResetIssued{code, reset.expires_at};
}

core::Status Accounts::ResetPassword(const std::string& code_in, const std::string& new_password,
                                     const std::string& client) {
  const std::string address_key = "addr:" + client;
  WP_RETURN_IF_ERROR(CheckLimits({address_key}));
  std::string code;
  for (unsigned char ch : code_in) {
    if (std::isalnum(ch)) code.push_back(static_cast<char>(std::toupper(ch)));
    if (code.size() > 64) break;
  }
  std::string formatted;
  for (size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && i % 4 == 0) formatted.push_back('-');
    formatted.push_back(code[i]);
  }
  const std::string hash = core::Sha256Hex(formatted);
  auto invalid = [] {
    return core::Fail(ErrorCode::kInvalidArgument, "reset_code_invalid",
                      "Mã đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn");
  };
  auto reset = store_.FindPasswordReset(hash, time_.NowIso());
  if (!reset) {
    if (reset.error().code != ErrorCode::kNotFound) return tl::unexpected(reset.error());
    CountFailure("", address_key);
    return invalid();
  }
  WP_ASSIGN_OR_RETURN(auto user, store_.GetUser(reset->user_id));
  if (auto weak = PasswordProblem(new_password, user.username)) {
    return tl::unexpected(WeakPassword(*weak));
  }
  const std::string password_hash = HashPassword(new_password);
  for (int attempt = 0;; ++attempt) {
    WP_ASSIGN_OR_RETURN(auto before, store_.GetUser(reset->user_id));
    store::UserRecord after = before;
    after.password_hash = password_hash;
    after.version = before.version + 1;
    after.updated_at = time_.NowIso();
    store::UserEnds ends;
    ends.sessions = true;
    ends.at = *after.updated_at;
    auto event =
        Event(time_, ToPrincipal(before), "user.password_reset", "user", std::to_string(before.id));
    event.before = UserState(before);
    event.after = UserState(after);
    auto done = store_.CompletePasswordReset(hash, ends.at, after, before.version, ends, event);
    if (done) return {};
    if (done.error().code != ErrorCode::kAborted || attempt >= 3) {
      return tl::unexpected(done.error());
    }
  }
}

core::Status Accounts::ChangePassword(const Principal& who, const std::string& session_token,
                                      const std::string& current_password,
                                      const std::string& new_password) {
  WP_ASSIGN_OR_RETURN(auto user, store_.GetUser(who.user_id));
  if (!PasswordMatches(user.password_hash, current_password)) {
    auto err = core::MakeError(ErrorCode::kInvalidArgument, "bad_current_password",
                               "Mật khẩu hiện tại không đúng");
    err.details.push_back({"current_password", "Mật khẩu hiện tại không đúng"});
    return tl::unexpected(err);
  }
  if (auto weak = PasswordProblem(new_password, user.username)) {
    return tl::unexpected(WeakPassword(*weak));
  }
  if (new_password == current_password) {
    return tl::unexpected(WeakPassword("trùng với mật khẩu hiện tại"));
  }
  const std::string password_hash = HashPassword(new_password);
  const std::string keep = session_token.empty() ? "" : core::Sha256Hex(session_token);
  WP_ASSIGN_OR_RETURN(auto after,
                      ChangeUser(who, who.user_id, "user.password_change",
                                 [&](store::UserRecord& u, store::UserEnds& ends) -> core::Status {
                                   u.password_hash = password_hash;
                                   ends.sessions = true;
                                   ends.keep_session = keep;
                                   return {};
                                 }));
  (void)after;
  return {};
}

// ───────────────────────────── API tokens ─────────────────────────────

core::Result<NewApiToken> Accounts::CreateApiToken(const Principal& by, const std::string& name,
                                                   std::optional<int64_t> expires_in_days) {
  if (by.user_id == 0) {
    return core::Fail(ErrorCode::kInvalidArgument, "token_needs_user",
                      "Mã truy cập phải thuộc về một tài khoản");
  }
  if (name.empty() || name.size() > 200) {
    return core::Fail(ErrorCode::kInvalidArgument, "invalid_token_name",
                      "Tên mã truy cập cần từ 1 đến 200 ký tự");
  }
  const int64_t days = expires_in_days.value_or(kDefaultTokenDays);
  if (days < 1 || days > kMaxTokenDays) {
    auto err = core::MakeError(ErrorCode::kInvalidArgument, "invalid_expiry",
                               "Thời hạn của mã truy cập từ 1 đến 365 ngày");
    err.details.push_back({"expires_in_days", "Từ 1 đến 365 ngày"});
    return tl::unexpected(err);
  }
  std::string token = "wpt_" + core::RandomHex(32);
  const auto now = time_.Now();
  store::ApiTokenRecord t;
  t.user_id = by.user_id;
  t.name = name;
  t.token_hash = core::Sha256Hex(token);
  t.created_at = IsoUtc(now);
  t.expires_at = IsoUtc(now + std::chrono::hours(24 * days));
  auto event = Event(time_, by, "api_token.create", "api_token");
  event.after = core::JsonObjectText()
                    .Add("name", name)
                    .Add("user_id", by.user_id)
                    .Add("expires_at", t.expires_at)
                    .Add("token_hash", t.token_hash)
                    .Finish();
  WP_ASSIGN_OR_RETURN(auto id, store_.CreateApiToken(t, event));
  return NewApiToken{id, token, name, *t.expires_at};
}

core::Result<std::vector<ApiTokenView>> Accounts::ListApiTokens(
    const Principal& by, std::optional<domain::UserId> user) {
  if (user && *user != by.user_id) WP_RETURN_IF_ERROR(Require(by, Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto tokens, store_.ListApiTokens(user.value_or(by.user_id)));
  const std::string now_iso = time_.NowIso();
  std::vector<ApiTokenView> out;
  for (const auto& t : tokens) {
    out.push_back(ToView(t));
    // As AuthenticateToken reads it: a token without an expiry is one made before tokens had one.
    out.back().expired = !t.expires_at || *t.expires_at <= now_iso;
  }
  return out;
}

core::Status Accounts::RevokeApiToken(const Principal& by, int64_t id) {
  auto t = store_.GetApiToken(id);
  if (!t) return tl::unexpected(t.error());
  if (t->user_id != by.user_id && !domain::Can(by, Permission::kManageUsers)) {
    // Another's token is not told apart from none.
    return core::Fail(ErrorCode::kNotFound, "token_not_found", "Không có mã truy cập này");
  }
  auto event = Event(time_, by, "api_token.revoke", "api_token", std::to_string(id));
  event.after = core::JsonObjectText().Add("name", t->name).Add("user_id", t->user_id).Finish();
  return store_.RevokeApiToken(id, time_.NowIso(), event);
}

}  // namespace wp::service
