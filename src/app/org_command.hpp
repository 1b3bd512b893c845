#pragma once
// `workplan org units --at DATE [--kind KIND]` and `workplan org resolve NAME --at DATE`:
// the organisation as it stood on a date, and how a name from a decision is read against it.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "domain/org.hpp"
#include "service/services.hpp"

namespace wp::app {

// The data directory: `dir`, else the WORKPLAN_DATA variable, else ./data, else data/ beside
// the source tree of the binary; the first holding provinces.csv and provinces_2025.csv.
core::Result<std::filesystem::path> FindDataDir(const std::string& dir, const std::string& argv0);
// The two province tables of the data directory.
core::Result<service::OrgSeed> LoadOrgSeed(const std::string& dir, const std::string& argv0);
// The registry built from them.
core::Result<domain::OrgRegistry> LoadRegistry(const std::string& dir, const std::string& argv0);

int RunOrgUnits(const domain::OrgRegistry& registry, const std::string& at, const std::string& kind,
                bool json, std::ostream& out, std::ostream& err);
int RunOrgResolve(const domain::OrgRegistry& registry, const std::string& name,
                  const std::string& at, bool json, std::ostream& out, std::ostream& err);

}  // namespace wp::app
