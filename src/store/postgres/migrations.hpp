#pragma once
// The migrations as PostgreSQL records them: the one history of store/sql/migrations.hpp, by
// its old name (what a test of the PostgreSQL store compares schema_migrations with).

#include "store/sql/migrations.hpp"

namespace wp::store::postgres {

inline constexpr const auto& kMigrations = sql::kMigrations;

}  // namespace wp::store::postgres
