#pragma once
// The organisation workplan starts with: the Ministry (MOLISA), the units of it that the real
// decisions name (DOMAIN.md §3), and the provincial departments of every province from the
// province tables (64 until 31/7/2008, 63 until 30/6/2025, 34 from 1/7/2025) with their merges.
// Reads the tables from their text; the caller supplies the files.

#include <string_view>

#include "core/error.hpp"
#include "domain/org.hpp"

namespace wp::domain {

// `provinces_csv`: code,name,type,valid_from,valid_to,successor (the units until 2025);
// `provinces_2025_csv`: code,name,type,valid_from,formed_from (the units from 1/7/2025).
// Fails with kInvalidArgument, reason "bad_org_table", naming the line, when a row is malformed
// or refers to an unknown code.
core::Result<OrgRegistry> BuildInitialRegistry(std::string_view provinces_csv,
                                               std::string_view provinces_2025_csv);

}  // namespace wp::domain
