#include "domain/unit_names.hpp"

namespace wp::domain {

const std::vector<UnitName>& MolisaUnitNames() {
  static const std::vector<UnitName> kNames = {
      {"Bộ Lao động - Thương binh và Xã hội",
       UnitNameKind::kUnit,
       {"Bộ LĐTBXH", "Bộ Lao động-Thương binh và Xã hội"}},
      {"Vụ Kế hoạch – Tài chính", UnitNameKind::kUnit, {"Vụ KHTC", "Vụ Kế hoạch - Tài chính"}},
      {"Vụ Pháp chế", UnitNameKind::kUnit, {"Vụ PC"}},
      {"Văn phòng Bộ", UnitNameKind::kUnit, {}},
      {"Thanh tra Bộ", UnitNameKind::kUnit, {}},
      {"Vụ Lao động – Tiền lương", UnitNameKind::kUnit, {"Vụ Lao động - Tiền lương"}},
      {"Vụ Bảo hiểm xã hội", UnitNameKind::kUnit, {"Vụ BHXH"}},
      {"Vụ Bình đẳng giới", UnitNameKind::kUnit, {}},
      {"Vụ Hợp tác quốc tế", UnitNameKind::kUnit, {"Vụ HTQT"}},
      {"Vụ Tổ chức cán bộ", UnitNameKind::kUnit, {"Vụ TCCB"}},
      {"Cục Việc làm", UnitNameKind::kUnit, {}},
      {"Cục Quản lý lao động ngoài nước", UnitNameKind::kUnit, {}},
      {"Cục An toàn lao động", UnitNameKind::kUnit, {}},
      {"Cục Người có công", UnitNameKind::kUnit, {"Cục NCC"}},
      {"Cục Bảo trợ xã hội", UnitNameKind::kUnit, {"Cục BTXH"}},
      {"Cục Bảo vệ, chăm sóc trẻ em", UnitNameKind::kUnit, {}},
      {"Cục Phòng, chống tệ nạn xã hội", UnitNameKind::kUnit, {}},
      {"Tổng cục Dạy nghề", UnitNameKind::kUnit, {}},
      {"Viện Khoa học Lao động – Xã hội", UnitNameKind::kUnit, {"Viện Khoa học Lao động - Xã hội"}},
      {"Quỹ Bảo trợ trẻ em Việt Nam", UnitNameKind::kUnit, {}},
      {"Báo Lao động - Xã hội", UnitNameKind::kUnit, {}},
      {"Tạp chí Lao động - Xã hội", UnitNameKind::kUnit, {}},
      {"Tạp chí Gia đình và trẻ em", UnitNameKind::kUnit, {}},
      {"Trung tâm tư vấn và dịch vụ truyền thông", UnitNameKind::kUnit, {}},
      {"Ngân hàng chính sách xã hội", UnitNameKind::kUnit, {"Ngân hàng Chính sách xã hội"}},
      {"Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố trực thuộc Trung ương",
       UnitNameKind::kGroup,
       {}},
      {"Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố", UnitNameKind::kGroup, {}},
      {"các Sở Lao động - Thương binh và Xã hội", UnitNameKind::kGroup, {}},
      {"Sở Lao động – Thương binh và Xã hội", UnitNameKind::kGroup, {}},
      {"các đơn vị thuộc và trực thuộc Bộ", UnitNameKind::kGroup, {}},
      {"các đơn vị thuộc cơ quan Bộ", UnitNameKind::kGroup, {}},
      {"các đơn vị thuộc Bộ", UnitNameKind::kGroup, {}},
      {"các cơ quan, đơn vị, doanh nghiệp ở trung ương và địa phương", UnitNameKind::kGeneric, {}},
      {"các cơ quan, đơn vị ở trung ương và địa phương", UnitNameKind::kGeneric, {}},
      {"các cơ quan, đơn vị liên quan ở trung ương và địa phương", UnitNameKind::kGeneric, {}},
      {"các cơ quan chức năng của địa phương", UnitNameKind::kGeneric, {}},
      {"các cơ quan, đơn vị liên quan", UnitNameKind::kGeneric, {}},
      {"các cơ quan, đơn vị", UnitNameKind::kGeneric, {}},
      {"các cơ quan liên quan", UnitNameKind::kGeneric, {}},
      {"các đơn vị liên quan", UnitNameKind::kGeneric, {}},
      {"các đơn vị chức năng", UnitNameKind::kGeneric, {}},
      {"các cơ quan, đơn vị liên quan", UnitNameKind::kGeneric, {}},
  };
  return kNames;
}

bool StartsWithUnitHead(std::string_view s) {
  static constexpr std::string_view kHeads[] = {"Vụ ",          "Cục ",
                                                "Tổng cục ",    "Sở ",
                                                "Viện ",        "Quỹ ",
                                                "Văn phòng ",   "Thanh tra ",
                                                "Báo ",         "Tạp chí ",
                                                "Trung tâm ",   "Ngân hàng ",
                                                "Ủy ban ",      "Uỷ ban ",
                                                "UBND ",        "Ban ",
                                                "Bộ ",          "Học viện ",
                                                "Trường ",      "Hội ",
                                                "Tập đoàn ",    "Tổng công ty ",
                                                "Đoàn ",        "Liên minh ",
                                                "các đơn vị",   "Các đơn vị",
                                                "các cơ quan",  "Các cơ quan",
                                                "các Bộ",       "Các Bộ",
                                                "các Sở",       "Các Sở",
                                                "Chánh ",       "Giám đốc ",
                                                "Thủ trưởng ",  "Vụ trưởng ",
                                                "Cục trưởng ",  "Tổng cục trưởng ",
                                                "Viện trưởng ", "Lãnh đạo "};
  for (auto h : kHeads) {
    if (s.starts_with(h)) return true;
  }
  return false;
}

}  // namespace wp::domain
