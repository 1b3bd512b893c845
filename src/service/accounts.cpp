// Accounts and sessions (accounts.hpp): sign-in, browser sessions, API tokens, accounts.

#include "service/accounts.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Permission;
using domain::Principal;

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
  UserView v{u.id, u.username, u.display_name, u.role, u.unit, "", u.active, u.created_at};
  if (u.unit) v.unit_name = org.UnitName(*u.unit);
  return v;
}

}  // namespace

Accounts::Accounts(store::Store& store, const Organisation& org, const Time& time,
                   const ServiceOptions& options)
    : store_(store), org_(org), time_(time), options_(options) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  dummy_hash_ = HashPassword(core::RandomHex(16));
}

// ───────────────────────────── sign-in ─────────────────────────────

bool Accounts::LoginAllowed(const std::string& key) {
  std::lock_guard lock(login_mu_);
  auto it = login_failures_.find(key);
  if (it == login_failures_.end()) return true;
  auto cutoff = time_.Now() - options_.login_window;
  auto& v = it->second;
  v.erase(std::remove_if(v.begin(), v.end(), [&](auto t) { return t < cutoff; }), v.end());
  if (v.empty()) {
    login_failures_.erase(it);
    return true;
  }
  return static_cast<int>(v.size()) < options_.login_failures_allowed;
}

void Accounts::RecordLoginFailure(const std::string& key) {
  std::lock_guard lock(login_mu_);
  if (login_failures_.size() > 100000) login_failures_.clear();  // bounded under a flood
  login_failures_[key].push_back(time_.Now());
}

core::Result<LoginResult> Accounts::Login(const std::string& username, const std::string& password,
                                          const std::string& client) {
  std::string name = NormalizedUsername(username);
  std::string key = name + "|" + client;
  if (!LoginAllowed(key)) {
    return core::Fail(ErrorCode::kResourceExhausted, "too_many_attempts",
                      "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút");
  }
  auto user = store_.FindUser(name);
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
  auto now = time_.Now();
  r.expires_at = IsoUtc(now + options_.session_ttl);
  r.principal = ToPrincipal(*user);
  store::SessionRecord s{core::Sha256Hex(r.session_token), user->id, r.csrf_token, IsoUtc(now),
                         r.expires_at};
  auto event = Event(time_, r.principal, "session.create", "session", std::to_string(user->id));
  event.after = core::JsonObjectText()
                    .Add("username", user->username)
                    .Add("client", client)
                    .Add("expires_at", r.expires_at)
                    .Finish();
  WP_RETURN_IF_ERROR(store_.CreateSession(s, event));
  return r;
}

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

core::Result<SessionAuth> Accounts::AuthenticateSession(const std::string& session_token) {
  auto s = store_.FindSession(core::Sha256Hex(session_token), time_.NowIso());
  WP_ASSIGN_OR_RETURN(
      auto principal,
      ActiveHolder(store_, s, "session_expired",
                   "Phiên làm việc đã hết hạn hoặc chưa đăng nhập; vui lòng đăng nhập lại",
                   "Tài khoản không còn hoạt động; vui lòng đăng nhập lại"));
  return SessionAuth{std::move(principal), s->csrf_token, s->expires_at};
}

core::Result<Principal> Accounts::AuthenticateToken(const std::string& api_token) {
  return ActiveHolder(store_, store_.FindApiToken(core::Sha256Hex(api_token)), "bad_token",
                      "Mã truy cập (API token) không hợp lệ hoặc đã bị thu hồi",
                      "Tài khoản của mã truy cập không còn hoạt động");
}

core::Status Accounts::Logout(const Principal& who, const std::string& session_token) {
  auto event = Event(time_, who, "session.delete", "session", std::to_string(who.user_id));
  return store_.DeleteSession(core::Sha256Hex(session_token), event);
}

// ───────────────────────────── accounts ─────────────────────────────

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
  if (in.password.size() < 8 || in.password.size() > 256) {
    problems.push_back({"password", "Mật khẩu cần từ 8 đến 256 ký tự"});
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
  u.created_at = time_.NowIso();
  auto event = Event(time_, by, "user.create", "user");
  event.after = core::JsonObjectText()
                    .Add("username", u.username)
                    .Add("role", domain::RoleName(u.role))
                    .Add("unit_id", u.unit)
                    .Add("active", u.active)
                    .Add("fingerprint", UserFingerprint(u))
                    .Finish();
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

core::Result<UserView> Accounts::Me(const Principal& who) {
  WP_ASSIGN_OR_RETURN(auto u, store_.GetUser(who.user_id));
  return ToView(org_, u);
}

core::Result<std::string> Accounts::CreateApiToken(const Principal& by, const std::string& name) {
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
  t.created_at = time_.NowIso();
  auto event = Event(time_, by, "api_token.create", "api_token");
  event.after = core::JsonObjectText().Add("name", name).Add("user_id", by.user_id).Finish();
  WP_RETURN_IF_ERROR(store_.CreateApiToken(t, event));
  return token;
}

}  // namespace wp::service
