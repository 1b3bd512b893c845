#pragma once
// What the header and the closing of a document say, read off the syntax tree the parser
// built: the issuing body as one name, the signer's office, the subject of the title without
// its enacting words, the years a multi-year plan covers. Text in, text out: `ingest` decides
// what goes into the plan.

#include <optional>
#include <string>
#include <string_view>

#include "doc/document.hpp"

namespace wp::doc {

// The issuing body in capitals, its lines put together: "ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH" ->
// "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"; a first letter the copy lost is restored ("Y BAN NHÂN
// DÂN" -> "ỦY BAN NHÂN DÂN"). Empty when the header names none.
std::string IssuerCaps(const Header& header);

// Whether `caps` is a council or committee named without its locality ("ỦY BAN NHÂN DÂN").
bool IsBareLocalBody(std::string_view caps);

// The locality a local body's name ends with, in its own case: "ỦY BAN NHÂN DÂN TỈNH BẮC
// NINH" -> "tỉnh Bắc Ninh"; "" when it names none.
std::string LocalityOf(std::string_view caps);

// "tỉnh Gia Lai" or "thành phố Hà Nội" for the place a provincial body writes in its header.
std::string LocalityOfPlace(std::string_view place);

// The office of the signer: "KT. CHỦ TỊCH" -> "Phó Chủ tịch" (a deputy signs for the
// chair), "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" -> "Chủ tịch", "BỘ TRƯỞNG" -> "Bộ trưởng";
// nullopt when only the collegial body is written.
std::optional<std::string> SignerTitle(const Signature& signature);

// Words a website glued together put apart again, only where a known word is glued:
// "PHÊDUYỆT KẾ HOẠCH" -> "PHÊ DUYỆT KẾ HOẠCH", "CHỈ THỊ SỐ29-CT/TU" -> "CHỈ THỊ SỐ 29-CT/TU".
std::string Unglue(std::string_view s);

// The subject without the enacting words in front of it: "VỀ VIỆC BAN HÀNH", "VỀ BAN HÀNH",
// "BAN HÀNH", "PHÊ DUYỆT", "VỀ VIỆC", "VỀ".
std::string StripSubjectLead(std::string_view title);

struct YearSpan {
  int from = 0;
  int to = 0;
};
// The years a plan's title says it covers: "GIAI ĐOẠN 2021 - 2025" -> 2021–2025, "GIAI ĐOẠN
// 2021-2025, ĐỊNH HƯỚNG ĐẾN NĂM 2030" -> 2021–2030, "(2021 - 2025)" -> 2021–2025, "ĐẾN NĂM 2020"
// -> issue year–2020. A vision ("TẦM NHÌN ĐẾN NĂM 2030") is not part of the period.
std::optional<YearSpan> PeriodOf(std::string_view title, std::optional<int> issue_year);

}  // namespace wp::doc
