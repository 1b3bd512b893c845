#pragma once
// Accounts and sessions: sign-in (argon2id through libsodium, the same answer and the same time
// for an unknown name as for a wrong password, repeated failures per name and client locking
// sign-in for a while), browser sessions, API tokens, and the accounts an admin manages. Hides
// the stored records: only views and principals leave it. Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "service/common.hpp"

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
};

class Accounts {
 public:
  Accounts(store::Store& store, const Organisation& org, const Time& time,
           const ServiceOptions& options);

  // Sign-in. kUnauthenticated ("bad_credentials") for a wrong name or password (the same
  // message for both), kResourceExhausted ("too_many_attempts") after repeated failures.
  core::Result<LoginResult> Login(const std::string& username, const std::string& password,
                                  const std::string& client);
  // kUnauthenticated ("session_expired") when the session is unknown or expired.
  core::Result<SessionAuth> AuthenticateSession(const std::string& session_token);
  // kUnauthenticated ("bad_token").
  core::Result<domain::Principal> AuthenticateToken(const std::string& api_token);
  core::Status Logout(const domain::Principal& who, const std::string& session_token);

  // Accounts (admin; the command line acts as the system principal). kPermissionDenied for
  // others; CreateUser: kInvalidArgument ("invalid_user", a detail per field), kAlreadyExists.
  core::Result<UserView> CreateUser(const domain::Principal& by, const NewUser& user);
  core::Result<std::vector<UserView>> ListUsers(const domain::Principal& by);
  core::Result<UserView> Me(const domain::Principal& who);
  // Returns the token, shown once.
  core::Result<std::string> CreateApiToken(const domain::Principal& by, const std::string& name);

 private:
  bool LoginAllowed(const std::string& key);
  void RecordLoginFailure(const std::string& key);

  store::Store& store_;
  const Organisation& org_;
  const Time& time_;
  ServiceOptions options_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not tell

  std::mutex login_mu_;
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>> login_failures_;
};

}  // namespace wp::service
