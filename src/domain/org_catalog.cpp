#include "domain/org_catalog.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "core/lines.hpp"

namespace wp::domain {
namespace {

using core::CivilDate;

constexpr OrgUnitId kMolisa = 1;
constexpr OrgUnitId kMinistryOfHomeAffairs = 2;
constexpr OrgUnitId kFirstDepartment = 100;
constexpr OrgUnitId kFirstProvince = 1000;
constexpr OrgUnitId kFirstProvince2025 = 2000;

struct DepartmentSpec {
  const char* code;
  const char* name;
  std::vector<std::string> aliases;
};

// The units of the Ministry that the real decisions name (DOMAIN.md §3). Their functions moved
// to several ministries on 1/3/2025; which unit took over which is not recorded yet.
const std::vector<DepartmentSpec>& Departments() {
  static const std::vector<DepartmentSpec> kDepartments = {
      {"KHTC", "Vụ Kế hoạch – Tài chính", {"Vụ KHTC", "Vụ Kế hoạch - Tài chính"}},
      {"PC", "Vụ Pháp chế", {"Vụ PC"}},
      {"VP", "Văn phòng Bộ", {}},
      {"TTR", "Thanh tra Bộ", {}},
      {"LDTL", "Vụ Lao động – Tiền lương", {"Vụ Lao động - Tiền lương"}},
      {"BHXH", "Vụ Bảo hiểm xã hội", {"Vụ BHXH"}},
      {"BDG", "Vụ Bình đẳng giới", {}},
      {"HTQT", "Vụ Hợp tác quốc tế", {"Vụ HTQT"}},
      {"TCCB", "Vụ Tổ chức cán bộ", {"Vụ TCCB"}},
      {"VL", "Cục Việc làm", {}},
      {"QLLDNN", "Cục Quản lý lao động ngoài nước", {}},
      {"ATLD", "Cục An toàn lao động", {}},
      {"NCC", "Cục Người có công", {"Cục NCC"}},
      {"BTXH", "Cục Bảo trợ xã hội", {"Cục BTXH"}},
      {"BVCSTE", "Cục Bảo vệ, chăm sóc trẻ em", {}},
      {"PCTNXH", "Cục Phòng, chống tệ nạn xã hội", {}},
      {"TCDN", "Tổng cục Dạy nghề", {}},
      {"VKHLDXH", "Viện Khoa học Lao động – Xã hội", {"Viện Khoa học Lao động - Xã hội"}},
      {"QBTTE", "Quỹ Bảo trợ trẻ em Việt Nam", {}},
      {"BLDXH", "Báo Lao động - Xã hội", {}},
      {"TCLDXH", "Tạp chí Lao động - Xã hội", {}},
      {"TCGDTE", "Tạp chí Gia đình và trẻ em", {}},
      {"TTTVTT", "Trung tâm tư vấn và dịch vụ truyền thông", {}},
  };
  return kDepartments;
}

struct Row {
  std::vector<std::string> cells;
  size_t line = 0;
};

core::Result<std::vector<Row>> ParseCsv(std::string_view text, size_t columns, const char* table) {
  std::vector<Row> rows;
  core::LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    const size_t line_no = lines.line_no();
    if (line.empty() || line_no == 1) continue;  // the header
    Row row;
    row.line = line_no;
    size_t start = 0;
    while (true) {
      size_t comma = line.find(',', start);
      row.cells.emplace_back(line.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (row.cells.size() != columns) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "bad_org_table",
                        std::string("Bảng ") + table + " dòng " + std::to_string(line_no) +
                            ": cần " + std::to_string(columns) + " cột");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

core::Result<std::optional<CivilDate>> Date(const std::string& s, const char* table, size_t line) {
  if (s.empty()) return std::optional<CivilDate>();
  auto d = core::ParseIsoDate(s);
  if (!d) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_org_table",
                      std::string("Bảng ") + table + " dòng " + std::to_string(line) +
                          ": ngày không hợp lệ \"" + s + "\"");
  }
  return std::optional<CivilDate>(*d);
}

std::vector<std::string> ProvinceAliases(const std::string& name, const std::string& type) {
  return {"Sở Lao động – Thương binh và Xã hội " + name,
          "Sở Lao động - Thương binh và Xã hội " + name, "Sở LĐTBXH " + name, type + " " + name,
          "Sở Lao động – Thương binh và Xã hội " + type + " " + name};
}

}  // namespace

core::Result<OrgRegistry> BuildInitialRegistry(std::string_view provinces_csv,
                                               std::string_view provinces_2025_csv) {
  std::vector<OrgUnit> units;
  const CivilDate molisa_end{2025, 2, 28};
  units.push_back(OrgUnit{kMolisa,
                          "LĐTBXH",
                          "Bộ Lao động - Thương binh và Xã hội",
                          OrgKind::kMinistry,
                          std::nullopt,
                          std::nullopt,
                          molisa_end,
                          {"Bộ LĐTBXH", "Bộ Lao động – Thương binh và Xã hội", "Bộ"},
                          {kMinistryOfHomeAffairs}});
  units.push_back(OrgUnit{kMinistryOfHomeAffairs,
                          "BNV",
                          "Bộ Nội vụ",
                          OrgKind::kMinistry,
                          std::nullopt,
                          CivilDate{2025, 3, 1},
                          std::nullopt,
                          {},
                          {}});
  OrgUnitId id = kFirstDepartment;
  for (const DepartmentSpec& d : Departments()) {
    units.push_back(OrgUnit{id++,
                            d.code,
                            d.name,
                            OrgKind::kDepartment,
                            kMolisa,
                            std::nullopt,
                            molisa_end,
                            d.aliases,
                            {}});
  }

  WP_ASSIGN_OR_RETURN(auto rows, ParseCsv(provinces_csv, 6, "provinces.csv"));
  WP_ASSIGN_OR_RETURN(auto rows_2025, ParseCsv(provinces_2025_csv, 5, "provinces_2025.csv"));
  // Units of 1/7/2025 first, so that the older units can point at them.
  std::map<std::string, OrgUnitId> new_by_code;
  id = kFirstProvince2025;
  std::vector<size_t> new_index;
  for (const Row& r : rows_2025) {
    WP_ASSIGN_OR_RETURN(auto from, Date(r.cells[3], "provinces_2025.csv", r.line));
    new_by_code[r.cells[0]] = id;
    new_index.push_back(units.size());
    units.push_back(OrgUnit{id++,
                            r.cells[0],
                            r.cells[1],
                            OrgKind::kProvince,
                            kMinistryOfHomeAffairs,
                            from,
                            std::nullopt,
                            ProvinceAliases(r.cells[1], r.cells[2]),
                            {}});
  }
  std::map<std::string, OrgUnitId> old_by_code;
  std::map<std::string, size_t> old_position;                   // code -> index in `units`
  std::vector<std::pair<size_t, std::string>> successor_codes;  // unit index, successor code
  id = kFirstProvince;
  for (const Row& r : rows) {
    WP_ASSIGN_OR_RETURN(auto from, Date(r.cells[3], "provinces.csv", r.line));
    WP_ASSIGN_OR_RETURN(auto to, Date(r.cells[4], "provinces.csv", r.line));
    old_by_code[r.cells[0]] = id;
    old_position[r.cells[0]] = units.size();
    successor_codes.emplace_back(units.size(), r.cells[5]);
    units.push_back(OrgUnit{id++,
                            r.cells[0],
                            r.cells[1],
                            OrgKind::kProvince,
                            kMolisa,
                            from,
                            to,
                            ProvinceAliases(r.cells[1], r.cells[2]),
                            {}});
  }
  // A unit ending before 2025 (Hà Tây, 31/7/2008) went into an older unit with the successor
  // code; one ending on 30/6/2025 went into the new unit with that code.
  for (auto& [index, code] : successor_codes) {
    OrgUnit& u = units[index];
    if (code.empty()) continue;
    bool before_2025 = u.valid_to && *u.valid_to < CivilDate{2025, 6, 30};
    const auto& table = before_2025 ? old_by_code : new_by_code;
    auto it = table.find(code);
    if (it == table.end() || it->second == u.id) {
      return core::Fail(
          core::ErrorCode::kInvalidArgument, "bad_org_table",
          "Bảng provinces.csv: mã kế thừa \"" + code + "\" của " + u.name + " không có");
    }
    u.successors.push_back(it->second);
  }
  // Cross-check: each new unit was formed from exactly the units that name it as successor.
  for (size_t k = 0; k < rows_2025.size(); ++k) {
    const OrgUnit& n = units[new_index[k]];
    size_t start = 0;
    const std::string& formed = rows_2025[k].cells[4];
    while (start < formed.size()) {
      size_t sp = formed.find(' ', start);
      std::string code =
          formed.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
      start = sp == std::string::npos ? formed.size() : sp + 1;
      if (code.empty()) continue;
      auto it = old_position.find(code);
      bool ok = it != old_position.end();
      if (ok) {
        const OrgUnit& old = units[it->second];
        ok = std::find(old.successors.begin(), old.successors.end(), n.id) != old.successors.end();
      }
      if (!ok) {
        return core::Fail(core::ErrorCode::kInvalidArgument, "bad_org_table",
                          "Bảng provinces_2025.csv dòng " + std::to_string(rows_2025[k].line) +
                              ": " + n.name + " được lập từ mã \"" + code +
                              "\" nhưng bảng cũ không ghi như vậy");
      }
    }
  }
  return OrgRegistry(std::move(units));
}

}  // namespace wp::domain
