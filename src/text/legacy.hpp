#pragma once
// Vietnamese text typed in the legacy 8-bit fonts many provincial files still use. TCVN3 (TCVN
// 5712:1993 VN3, the "ABC" code of the .VnTime fonts) puts each accented letter on one code
// point of U+00A1–U+00FE, so a file read as Unicode shows "Qu¶ng Ng·i" for "Quảng Ngãi"; VNI
// Windows writes a base letter and a separate mark ("Quaûng Ngaõi"). Both are told by the share
// of their code points (detection first: a silent misreading would be worse than a refusal),
// TCVN3 is converted by its table, VNI is only recognised.

#include <cstddef>
#include <string>
#include <string_view>

namespace wp::text {

enum class LegacyEncoding { kNone, kTcvn3, kVni };

struct LegacyCounts {
  size_t tcvn3 = 0;      // code points only TCVN3 uses for letters (not Unicode Vietnamese's)
  size_t unicode = 0;    // Unicode Vietnamese letters (ă đ ĩ ũ ơ ư, U+1EA0–U+1EF9)
  size_t vni = 0;        // a vowel followed by one of VNI's marks (aû, oï, eä …)
  size_t vni_marks = 0;  // those marks wherever they stand
};

// Counts over `text`: UTF-8, or, when it is not valid UTF-8, its bytes read as U+0000–U+00FF
// (an 8-bit file saved by an old editor).
LegacyCounts CountLegacy(std::string_view text);
// kVni when VNI's base-and-mark pairs are frequent, kTcvn3 when TCVN3's letters are (and
// Unicode Vietnamese letters rare beside them), else kNone.
LegacyEncoding DetectLegacy(std::string_view text);
// TCVN3 → Unicode (UTF-8), line by line; a line that already holds Unicode Vietnamese letters is
// left as it is (a file mixing fonts). A line in capitals (the .VnTimeH fonts draw the lower-case
// code points as capitals) gets capitals. Newlines are kept, so lines keep their numbers.
std::string Tcvn3ToUnicode(std::string_view text);

}  // namespace wp::text
