#pragma once
// Copies of an embedded (SQLite) database for `workplan backup` and `workplan restore`: SQLite's
// online backup API, page by page inside one read transaction of the source, so the copy is the
// database as of one instant while a server keeps writing (WAL lets the writers go on). The
// PostgreSQL side is pg_dump/pg_restore, run by app/backup_command. And /readyz's write probes,
// each on a connection of its own (issue 20).

#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace wp::store {

struct SqliteCopyStats {
  int64_t pages = 0;
  int64_t bytes = 0;
};

// Copies the database file `source` (which must exist and be a SQLite database) to `dest`, a
// path that must not exist: written beside it under a temporary name, checked
// (PRAGMA integrity_check), synced and renamed, so `dest` is either the whole copy or absent.
core::Result<SqliteCopyStats> SqliteCopy(const std::string& source, const std::string& dest);

// Whether the SQLite file at `path` holds any table (false for a missing or empty file); an
// error when it is not a SQLite database.
core::Result<bool> SqliteHasTables(const std::string& path);

// Store::ProbeWrite of a SQLite file: a connection of its own takes the write lock and creates
// a table, then rolls back (nothing is written). Its own connection, so that a file made
// read-only since the server opened it shows (the server's writer keeps its descriptor).
// ":memory:" or "" → success.
core::Status SqliteProbeWrite(const std::string& path);
// The same on PostgreSQL (postgres/postgres_probe.cpp): a connection of its own, a temporary
// table created and written, rolled back; "database_read_only" for a read-only transaction.
core::Status PostgresProbeWrite(const std::string& url);

}  // namespace wp::store
