#pragma once
// The PostgreSQL store (libpqxx 6.4), for several `workplan serve` processes sharing one
// database: a small pool of connections (one per call), numbered migrations applied at open
// under an advisory lock, every write one transaction that first locks the audit chain's head
// so writers of all processes take turns, and multi-row statements instead of one round trip
// per row. The only place pqxx appears.

#include <memory>
#include <string>

#include "store/store.hpp"

namespace wp::store {

// `url` is libpq's ("postgresql://user@host:port/db?…"). Fails with kUnavailable
// ("db_unavailable") when the server cannot be reached or the schema cannot be migrated; the
// message names the server without the password.
core::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

}  // namespace wp::store
