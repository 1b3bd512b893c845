#include "text/legacy.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "text/utf8.hpp"

namespace wp::text {
namespace {

// TCVN3 (VN3) code point → Unicode, 0 where the code point is not a TCVN3 letter. Lower-case
// letters and the seven capitals Ă Â Ê Ô Ơ Ư Đ (TCVN 5712:1993; checked against real words in
// legacy_test: "Qu¶ng Ng·i", "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", "Bé Lao ®éng - Th­¬ng binh").
constexpr std::array<char32_t, 256> MakeTable() {
  std::array<char32_t, 256> t{};
  struct Pair {
    unsigned char from;
    char32_t to;
  };
  constexpr Pair kPairs[] = {
      {0xA1, U'Ă'}, {0xA2, U'Â'}, {0xA3, U'Ê'}, {0xA4, U'Ô'}, {0xA5, U'Ơ'}, {0xA6, U'Ư'},
      {0xA7, U'Đ'}, {0xA8, U'ă'}, {0xA9, U'â'}, {0xAA, U'ê'}, {0xAB, U'ô'}, {0xAC, U'ơ'},
      {0xAD, U'ư'}, {0xAE, U'đ'}, {0xB5, U'à'}, {0xB6, U'ả'}, {0xB7, U'ã'}, {0xB8, U'á'},
      {0xB9, U'ạ'}, {0xBB, U'ằ'}, {0xBC, U'ẳ'}, {0xBD, U'ẵ'}, {0xBE, U'ắ'}, {0xC6, U'ặ'},
      {0xC7, U'ầ'}, {0xC8, U'ẩ'}, {0xC9, U'ẫ'}, {0xCA, U'ấ'}, {0xCB, U'ậ'}, {0xCC, U'è'},
      {0xCE, U'ẻ'}, {0xCF, U'ẽ'}, {0xD0, U'é'}, {0xD1, U'ẹ'}, {0xD2, U'ề'}, {0xD3, U'ể'},
      {0xD4, U'ễ'}, {0xD5, U'ế'}, {0xD6, U'ệ'}, {0xD7, U'ì'}, {0xD8, U'ỉ'}, {0xDC, U'ĩ'},
      {0xDD, U'í'}, {0xDE, U'ị'}, {0xDF, U'ò'}, {0xE1, U'ỏ'}, {0xE2, U'õ'}, {0xE3, U'ó'},
      {0xE4, U'ọ'}, {0xE5, U'ồ'}, {0xE6, U'ổ'}, {0xE7, U'ỗ'}, {0xE8, U'ố'}, {0xE9, U'ộ'},
      {0xEA, U'ờ'}, {0xEB, U'ở'}, {0xEC, U'ỡ'}, {0xED, U'ớ'}, {0xEE, U'ợ'}, {0xEF, U'ù'},
      {0xF1, U'ủ'}, {0xF2, U'ũ'}, {0xF3, U'ú'}, {0xF4, U'ụ'}, {0xF5, U'ừ'}, {0xF6, U'ử'},
      {0xF7, U'ữ'}, {0xF8, U'ứ'}, {0xF9, U'ự'}, {0xFA, U'ỳ'}, {0xFB, U'ỷ'}, {0xFC, U'ỹ'},
      {0xFD, U'ý'}, {0xFE, U'ỵ'},
  };
  for (const auto& p : kPairs) t[p.from] = p.to;
  return t;
}
constexpr auto kTcvn3 = MakeTable();

// The Latin-1 letters Unicode Vietnamese itself uses: as TCVN3 code points they are not
// evidence (a Unicode "á" is TCVN3's "ỏ").
bool UnicodeVietnameseLatin1(char32_t c) {
  switch (c) {
    case U'À':
    case U'Á':
    case U'Â':
    case U'Ã':
    case U'È':
    case U'É':
    case U'Ê':
    case U'Ì':
    case U'Í':
    case U'Ò':
    case U'Ó':
    case U'Ô':
    case U'Õ':
    case U'Ù':
    case U'Ú':
    case U'Ý':
    case U'à':
    case U'á':
    case U'â':
    case U'ã':
    case U'è':
    case U'é':
    case U'ê':
    case U'ì':
    case U'í':
    case U'ò':
    case U'ó':
    case U'ô':
    case U'õ':
    case U'ù':
    case U'ú':
    case U'ý':
      return true;
    default:
      return false;
  }
}

bool UnicodeVietnamese(char32_t c) {
  switch (c) {
    case U'Ă':
    case U'ă':
    case U'Đ':
    case U'đ':
    case U'Ĩ':
    case U'ĩ':
    case U'Ũ':
    case U'ũ':
    case U'Ơ':
    case U'ơ':
    case U'Ư':
    case U'ư':
      return true;
    default:
      return c >= 0x1EA0 && c <= 0x1EF9;
  }
}

// VNI Windows' marks that no Unicode Vietnamese letter is (ø û ï å ä ë ü and capitals): after a
// vowel they are VNI's tone and shape marks.
bool VniMark(char32_t c) {
  switch (c) {
    case U'ø':
    case U'û':
    case U'ï':
    case U'å':
    case U'ä':
    case U'ë':
    case U'ü':
    case U'Ø':
    case U'Û':
    case U'Ï':
    case U'Å':
    case U'Ä':
    case U'Ë':
    case U'Ü':
      return true;
    default:
      return false;
  }
}

bool VniBase(char32_t c) {
  switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
    case 'A':
    case 'E':
    case 'I':
    case 'O':
    case 'U':
    case 'Y':
    case U'ô':
    case U'ö':
    case U'Ô':
    case U'Ö':  // VNI's ơ and ư
      return true;
    default:
      return false;
  }
}

// Windows-1252's 0x80–0x9F (the dashes, quotes and ellipsis an 8-bit file from Windows holds
// beside its TCVN3 letters); 0 where it has none.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Calls f(code point) over `text`: UTF-8, or, when it is not UTF-8, bytes as U+0000–U+00FF
// (0x80–0x9F as Windows-1252's punctuation).
template <typename F>
void ForEach(std::string_view text, bool utf8, F&& f) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (utf8) {
      f(NextCodePoint(text, pos));
    } else {
      auto b = static_cast<unsigned char>(text[pos++]);
      char32_t c = b;
      if (b >= 0x80 && b < 0xA0 && kCp1252High[b - 0x80]) c = kCp1252High[b - 0x80];
      f(c);
    }
  }
}

// TCVN3's "ư" is 0xAD, the soft hyphen, which PDF readers give as "-": a hyphen right after a
// lower-case consonant and before a TCVN3 letter, a lower-case letter or the end of the word
// ("ng-êi" người, "Th-¬ng" Thương, "nh-" như) is that "ư" (not "QĐ-LĐTBXH", "1,7 - 2").
bool PdfUhorn(const std::u32string& line, size_t at) {
  char32_t h = line[at];
  if (h != '-' && h != 0x2010 && h != 0x2011) return false;
  if (at == 0) return false;
  char32_t p = line[at - 1];
  if (!(p >= 'a' && p <= 'z') ||
      std::u32string_view(U"aeiouy").find(p) != std::u32string_view::npos) {
    return false;
  }
  if (at + 1 == line.size()) return true;
  char32_t n = line[at + 1];
  if (n < 0x100 && kTcvn3[n]) return true;
  if (n >= 'a' && n <= 'z') return true;
  return n == ' ' || n == ',' || n == '.' || n == ';' || n == ':' || n == ')' || n == '\t';
}

char32_t Upper(char32_t c) {
  if (c >= 0x1EA0 && c <= 0x1EF9) return (c & 1) ? c - 1 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  switch (c) {
    case U'ă':
      return U'Ă';
    case U'đ':
      return U'Đ';
    case U'ĩ':
      return U'Ĩ';
    case U'ũ':
      return U'Ũ';
    case U'ơ':
      return U'Ơ';
    case U'ư':
      return U'Ư';
    default:
      return c;
  }
}

}  // namespace

LegacyCounts CountLegacy(std::string_view text) {
  LegacyCounts n;
  const bool utf8 = !FindInvalidUtf8(text).has_value();
  char32_t prev = 0;
  ForEach(text, utf8, [&](char32_t c) {
    if (c < 0x100 && kTcvn3[c] && !UnicodeVietnameseLatin1(c)) ++n.tcvn3;
    if (UnicodeVietnamese(c)) ++n.unicode;
    if (VniMark(c)) {
      ++n.vni_marks;
      if (VniBase(prev)) ++n.vni;
    }
    prev = c;
  });
  return n;
}

LegacyEncoding DetectLegacy(std::string_view text) {
  // A byte scan first (every import runs this): text with no byte above ASCII, or with Unicode
  // Vietnamese letters of U+1EA0–U+1EF9 (E1 BA/BB …) at least a tenth as many as the two-byte
  // code points U+0080–U+00FF (C2/C3 …) that every TCVN3 letter and VNI mark is, cannot pass
  // either test below. An 8-bit file (TCVN3 bytes are not UTF-8 leads of E1 BA) goes on.
  size_t high = 0, latin1 = 0, vietnamese = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) continue;
    ++high;
    if (b == 0xC2 || b == 0xC3) {
      ++latin1;
    } else if (b == 0xE1 && i + 1 < text.size() &&
               (static_cast<unsigned char>(text[i + 1]) & 0xFE) == 0xBA) {
      ++vietnamese;
    }
  }
  if (high == 0 || (vietnamese > 0 && vietnamese * 10 >= latin1)) return LegacyEncoding::kNone;
  const LegacyCounts n = CountLegacy(text);
  // VNI first: its marks are TCVN3 letters too, but in VNI nearly every one follows a vowel.
  if (n.vni >= 5 && n.vni * 10 >= n.vni_marks * 6 && n.unicode * 10 < n.vni) {
    return LegacyEncoding::kVni;
  }
  if (n.tcvn3 >= 8 && n.unicode * 10 < n.tcvn3) return LegacyEncoding::kTcvn3;
  return LegacyEncoding::kNone;
}

std::string Tcvn3ToUnicode(std::string_view text) {
  const bool utf8 = !FindInvalidUtf8(text).has_value();
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  size_t start = 0;
  std::u32string line;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(start, nl - start);
    line.clear();
    ForEach(raw, utf8, [&](char32_t c) { line.push_back(c); });
    bool has_unicode = false, has_lower = false;
    for (char32_t c : line) {
      has_unicode = has_unicode || UnicodeVietnamese(c);
      has_lower = has_lower || (c >= 'a' && c <= 'z');
    }
    if (has_unicode && utf8) {
      out.append(raw);  // already Unicode: a paragraph in another font
    } else {
      for (size_t k = 0; k < line.size(); ++k) {
        if (PdfUhorn(line, k)) line[k] = 0xAD;  // "Th-¬ng": the "ư" a PDF reader gave as "-"
      }
      // Words: [begin, end) with their ASCII capitals, whether they hold an ASCII small letter
      // and a TCVN3 small letter (code points from 0xA8 on; 0xA1–0xA7 are capitals).
      struct Word {
        size_t begin = 0, end = 0, capitals = 0;
        bool ascii_lower = false, tcvn3_lower = false;
      };
      std::vector<Word> words;
      for (size_t i = 0; i < line.size();) {
        Word w;
        w.begin = w.end = i;
        while (w.end < line.size()) {
          char32_t c = line[w.end];
          const bool tcvn3 = c < 0x100 && kTcvn3[c];
          if (!tcvn3 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) break;
          w.capitals += c >= 'A' && c <= 'Z';
          w.ascii_lower = w.ascii_lower || (c >= 'a' && c <= 'z');
          w.tcvn3_lower = w.tcvn3_lower || (tcvn3 && c >= 0xA8);
          ++w.end;
        }
        if (w.end == i) w.end = i + 1;  // not a letter: one code point
        i = w.end;
        words.push_back(w);
      }
      // A line of the .VnTimeH fonts (they draw the small letters' code points as capitals): no
      // ASCII small letter, and a word in capitals around a TCVN3 letter ("HéI"). A word of two
      // capitals or more with no small letter ("QUYÕT", "UBND") is in capitals in any line.
      bool upper_line = !has_lower;
      if (upper_line) {
        upper_line = std::any_of(words.begin(), words.end(),
                                 [](const Word& w) { return w.capitals >= 2 && w.tcvn3_lower; });
      }
      for (const Word& w : words) {
        const bool upper = !w.ascii_lower && (upper_line || w.capitals >= 2);
        for (size_t k = w.begin; k < w.end; ++k) {
          char32_t c = line[k];
          if (c < 0x100 && kTcvn3[c]) {
            c = kTcvn3[c];
            if (upper) c = Upper(c);
          }
          AppendUtf8(out, c);
        }
      }
    }
    if (nl == text.size()) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

}  // namespace wp::text
