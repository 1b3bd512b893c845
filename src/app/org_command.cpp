#include "app/org_command.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "app/parse_command.hpp"
#include "app/summary.hpp"
#include "domain/org_catalog.hpp"
#include "ingest/resolver.hpp"

namespace wp::app {
namespace {

namespace fs = std::filesystem;

core::Result<core::CivilDate> ParseDateArg(const std::string& s) {
  auto d = core::ParseIsoDate(s);
  if (!d) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_date",
                      "Ngày không hợp lệ: \"" + s + "\" (cần dạng YYYY-MM-DD, ví dụ 2012-06-30)");
  }
  return *d;
}

std::string DateOrDash(const std::optional<core::CivilDate>& d) {
  return d ? d->ToVietnamese() : "—";
}

nlohmann::ordered_json UnitJson(const domain::OrgUnit& u) {
  return {
      {"id", u.id},
      {"code", u.code},
      {"name", u.name},
      {"kind", domain::OrgKindName(u.kind)},
      {"parent_id", u.parent ? nlohmann::ordered_json(*u.parent) : nlohmann::ordered_json(nullptr)},
      {"valid_from", u.valid_from ? nlohmann::ordered_json(u.valid_from->ToIso())
                                  : nlohmann::ordered_json(nullptr)},
      {"valid_to",
       u.valid_to ? nlohmann::ordered_json(u.valid_to->ToIso()) : nlohmann::ordered_json(nullptr)},
      {"successor_ids", u.successors}};
}

}  // namespace

core::Result<std::filesystem::path> FindDataDir(const std::string& dir, const std::string& argv0) {
  std::vector<fs::path> candidates;
  if (!dir.empty()) {
    candidates.emplace_back(dir);
  } else {
    if (const char* env = std::getenv("WORKPLAN_DATA")) candidates.emplace_back(env);
    candidates.emplace_back("data");
    std::error_code ec;
    fs::path exe = fs::canonical(fs::path(argv0), ec);
    if (!ec) candidates.push_back(exe.parent_path() / ".." / ".." / "data");
  }
  for (const fs::path& d : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(d / "provinces.csv", ec) &&
        fs::is_regular_file(d / "provinces_2025.csv", ec)) {
      return d;
    }
  }
  return core::Fail(core::ErrorCode::kNotFound, "org_data_not_found",
                    "Không tìm thấy bảng đơn vị hành chính (provinces.csv, provinces_2025.csv); "
                    "dùng --data THƯ_MỤC");
}

core::Result<service::OrgSeed> LoadOrgSeed(const std::string& dir, const std::string& argv0) {
  WP_ASSIGN_OR_RETURN(auto d, FindDataDir(dir, argv0));
  auto slurp = [](const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  };
  // Without holidays.csv only weekends and the fixed solar holidays are days off.
  std::error_code ec;
  std::string holidays =
      fs::is_regular_file(d / "holidays.csv", ec) ? slurp(d / "holidays.csv") : std::string();
  // The issuers' catalogues of indicators (issue 16), in file name order.
  std::vector<std::pair<std::string, std::string>> catalogues;
  if (fs::is_directory(d / "indicators", ec)) {
    for (const auto& e : fs::directory_iterator(d / "indicators", ec)) {
      if (e.path().extension() == ".csv" && e.is_regular_file(ec)) {
        catalogues.emplace_back(e.path().stem().string(), slurp(e.path()));
      }
    }
    std::sort(catalogues.begin(), catalogues.end());
  }
  // The papers' templates (issue 17): data/templates/<name>.docx, at most 2 MB each.
  std::map<std::string, std::string> templates;
  if (fs::is_directory(d / "templates", ec)) {
    for (const auto& e : fs::directory_iterator(d / "templates", ec)) {
      if (e.path().extension() == ".docx" && e.is_regular_file(ec) &&
          e.file_size(ec) <= (2u << 20)) {
        templates.emplace(e.path().stem().string(), slurp(e.path()));
      }
    }
  }
  return service::OrgSeed{slurp(d / "provinces.csv"), slurp(d / "provinces_2025.csv"),
                          std::move(holidays), std::move(catalogues), std::move(templates)};
}

core::Result<domain::OrgRegistry> LoadRegistry(const std::string& dir, const std::string& argv0) {
  WP_ASSIGN_OR_RETURN(auto seed, LoadOrgSeed(dir, argv0));
  return domain::BuildInitialRegistry(seed.provinces_csv, seed.provinces_2025_csv);
}

int RunOrgUnits(const domain::OrgRegistry& registry, const std::string& at, const std::string& kind,
                bool json, std::ostream& out, std::ostream& err) {
  auto date = ParseDateArg(at);
  if (!date) {
    err << FormatError(date.error()) << "\n";
    return 1;
  }
  std::optional<domain::OrgKind> k;
  if (!kind.empty()) {
    k = domain::ParseOrgKind(kind);
    if (!k) {
      err << FormatError(
                 core::MakeError(core::ErrorCode::kInvalidArgument, "bad_kind",
                                 "Loại đơn vị không hợp lệ: \"" + kind +
                                     "\" (ministry, department, province, district, commune)"))
          << "\n";
      return 1;
    }
  }
  auto units = registry.UnitsAt(*date, k);
  if (json) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const auto* u : units) items.push_back(UnitJson(*u));
    out << nlohmann::ordered_json{{"at", date->ToIso()}, {"items", items}}.dump(2) << "\n";
    return 0;
  }
  out << "Đơn vị ngày " << date->ToVietnamese() << ": " << units.size() << "\n";
  out << Fit("Mã", 10) << Fit("Tên", 48) << Fit("Loại", 12) << Fit("Từ ngày", 12) << "Đến ngày\n";
  for (const auto* u : units) {
    out << Fit(u->code, 10) << Fit(u->name, 48) << Fit(domain::OrgKindName(u->kind), 12)
        << Fit(DateOrDash(u->valid_from), 12) << DateOrDash(u->valid_to) << "\n";
  }
  return 0;
}

int RunOrgResolve(const domain::OrgRegistry& registry, const std::string& name,
                  const std::string& at, bool json, std::ostream& out, std::ostream& err) {
  auto date = ParseDateArg(at);
  if (!date) {
    err << FormatError(date.error()) << "\n";
    return 1;
  }
  ingest::UnitResolver resolver(registry);
  auto r = resolver.Resolve(name, *date);
  if (json) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (auto id : r.units) items.push_back(UnitJson(*registry.Find(id)));
    out << nlohmann::ordered_json{{"written", r.written},
                                  {"resolution", ingest::ResolutionName(r.resolution)},
                                  {"units", items}}
               .dump(2)
        << "\n";
    return r.resolution == ingest::Resolution::kUnresolved ? 1 : 0;
  }
  out << "\"" << r.written << "\" → " << ingest::ResolutionName(r.resolution) << ", "
      << r.units.size() << " đơn vị\n";
  for (auto id : r.units) {
    const auto* u = registry.Find(id);
    out << "  " << Fit(u->code, 10) << u->name << "\n";
  }
  return r.resolution == ingest::Resolution::kUnresolved ? 1 : 0;
}

}  // namespace wp::app
