#pragma once
// The embedded SQLite store (SQLiteCpp over SQLite 3.40): WAL, synchronous=FULL so an
// acknowledged write survives a crash, foreign keys on, numbered migrations applied at open.
// The only place SQLiteCpp or sqlite3.h appear.

#include <memory>
#include <string>

#include "store/store.hpp"

namespace wp::store {

// Fails with kUnavailable ("db_unavailable") when the file cannot be opened or migrated.
core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace wp::store
