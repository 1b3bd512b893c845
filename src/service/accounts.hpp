#pragma once
// Accounts and sessions, their whole life: sign-in (argon2id through libsodium, the same answer
// and the same time for an unknown name, a wrong password or an inactive account), the sign-in
// limit kept in the database (per account with growing delays, per source address), browser
// sessions and API tokens that an audited sign-in or creation made (one inserted by hand is
// refused), tokens with an expiry, revocation and last use, the password policy (libpwquality),
// password resets by a one-time code queued in the outbox, one's own password change, and the
// accounts an admin edits, deactivates and activates. Hides the stored records: only views and
// principals leave it. Thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "service/common.hpp"

namespace wp::store {
struct UserRecord;
struct UserEnds;
}  // namespace wp::store

namespace wp::service {

class Organisation;

struct LoginResult {
  std::string session_token;  // for the cookie; shown once, stored only as a hash
  std::string csrf_token;
  std::string expires_at;
  domain::Principal principal;
};

struct SessionAuth {
  domain::Principal principal;
  std::string csrf_token;
  std::string expires_at;  // ISO 8601 UTC: the page can warn before it ends
};

struct NewUser {
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::kViewer;
  std::string unit;  // an id or a code valid today; "" for none
  std::string password;
  std::string title;  // a leader's: "Bộ trưởng" or "Thứ trưởng" (required); "" for the others
};

// An admin's edit of an account: only the fields given change. `unit` "" clears it.
struct UserEdit {
  std::optional<std::string> display_name;
  std::optional<domain::Role> role;
  std::optional<std::string> unit;
  std::optional<std::string> title;  // a leader's; cleared when the role is not leader
};

// A password reset code, shown once to the admin who asked for it.
struct PasswordResetIssued {
  std::string code;
  std::string expires_at;
};

struct ApiTokenView {
  int64_t id = 0;
  domain::UserId user_id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> last_used_at;
  std::optional<std::string> revoked_at;
  bool expired = false;  // by the server's clock (a rehearsal's may not be the browser's)
};

struct NewApiToken {
  int64_t id = 0;
  std::string token;  // shown once
  std::string name;
  std::string expires_at;
};

// The password policy: libpwquality's checks (at least kMinPasswordLength characters, not a
// dictionary word nor built on one, not too simple or systematic, not the username) and a list
// of Vietnamese words it does not know ("matkhau" …). nullopt when acceptable, otherwise the
// cause in Vietnamese.
inline constexpr int kMinPasswordLength = 10;
std::optional<std::string> PasswordProblem(const std::string& password,
                                           const std::string& username = "");

// The sign-in limit. An account may try again `AccountLoginDelay(n)` after its n-th failure in a
// row: at once below kAccountFailuresFree, then 30 s, doubling up to 15 minutes; a success
// starts it again. A source address may fail kAddressFailures times in kAddressWindow.
inline constexpr int64_t kAccountFailuresFree = 4;
inline constexpr int64_t kAddressFailures = 50;
inline constexpr std::chrono::minutes kAddressWindow{15};
std::chrono::seconds AccountLoginDelay(int64_t failures);

class Accounts {
 public:
  Accounts(store::Store& store, const Organisation& org, const Time& time,
           const ServiceOptions& options);

  // Sign-in. kUnauthenticated ("bad_credentials") for a wrong name or password or an inactive
  // account (the same message), kResourceExhausted ("too_many_attempts", a detail
  // "retry_after" with the seconds to wait) while the account or the address is held back.
  core::Result<LoginResult> Login(const std::string& username, const std::string& password,
                                  const std::string& client);
  // kUnauthenticated ("session_expired") when the session is unknown, expired, of an inactive
  // account, or not made by an audited sign-in.
  core::Result<SessionAuth> AuthenticateSession(const std::string& session_token);
  // kUnauthenticated ("bad_token", "token_expired").
  core::Result<domain::Principal> AuthenticateToken(const std::string& api_token);
  core::Status Logout(const domain::Principal& who, const std::string& session_token);

  // Accounts (admin; the command line acts as the system principal). kPermissionDenied for
  // others; kInvalidArgument ("invalid_user", a detail per field; "weak_password"),
  // kAlreadyExists, kNotFound ("user_not_found"), kFailedPrecondition ("self_change",
  // "last_admin").
  core::Result<UserView> CreateUser(const domain::Principal& by, const NewUser& user);
  core::Result<std::vector<UserView>> ListUsers(const domain::Principal& by);
  core::Result<UserView> GetUser(const domain::Principal& by, const std::string& id_or_name);
  core::Result<UserView> Me(const domain::Principal& who);
  core::Result<UserView> EditUser(const domain::Principal& by, const std::string& id_or_name,
                                  const UserEdit& edit);
  // Deactivation ends the account's sessions and revokes its tokens at once.
  core::Result<UserView> SetActive(const domain::Principal& by, const std::string& id_or_name,
                                   bool active);

  // A one-time code (30 minutes) for the account, stored as its hash and queued in the outbox.
  core::Result<PasswordResetIssued> IssuePasswordReset(const domain::Principal& by,
                                                       const std::string& id_or_name);
  // Sets the password of the code's account and ends its sessions. kInvalidArgument
  // ("reset_code_invalid": unknown, used or expired; "weak_password"); kResourceExhausted as
  // sign-in, for the address.
  core::Status ResetPassword(const std::string& code, const std::string& new_password,
                             const std::string& client);
  // One's own password; the current one required. Ends the account's other sessions (not
  // `session_token`'s). kInvalidArgument ("bad_current_password", "weak_password").
  core::Status ChangePassword(const domain::Principal& who, const std::string& session_token,
                              const std::string& current_password, const std::string& new_password);

  // API tokens. kInvalidArgument ("invalid_token_name", "invalid_expiry"); the expiry 1–365
  // days, 90 when not given.
  core::Result<NewApiToken> CreateApiToken(const domain::Principal& by, const std::string& name,
                                           std::optional<int64_t> expires_in_days = {});
  // One's own; an admin's of any account (`user`).
  core::Result<std::vector<ApiTokenView>> ListApiTokens(const domain::Principal& by,
                                                        std::optional<domain::UserId> user);
  // One's own, or an admin any. kNotFound ("token_not_found").
  core::Status RevokeApiToken(const domain::Principal& by, int64_t id);

 private:
  core::Result<store::UserRecord> FindAccount(const std::string& id_or_name);
  // Applies `change` to the account's current row and stores it with `ends` and the event
  // `action` (before/after), again on a fresh read when another write came first.
  core::Result<store::UserRecord> ChangeUser(
      const domain::Principal& by, domain::UserId id, const std::string& action,
      const std::function<core::Status(store::UserRecord&, store::UserEnds&)>& change);
  // kResourceExhausted while one of `keys` is held back; otherwise the keys that have a count.
  core::Result<std::vector<std::string>> CheckLimits(const std::vector<std::string>& keys);
  void CountFailure(const std::string& user_key, const std::string& address_key);
  // Whether entry `seq` is `action` naming `hash` as `field`; the store's errors as they are
  // (an outage is not a forged session).
  core::Result<bool> MadeByAudit(int64_t seq, const std::string& action, const char* field,
                                 const std::string& hash);

  store::Store& store_;
  const Organisation& org_;
  const Time& time_;
  ServiceOptions options_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not tell

  // Sessions and tokens whose audited creation was checked by this process (once each).
  std::mutex verified_mu_;
  std::unordered_set<std::string> verified_;
};

}  // namespace wp::service
