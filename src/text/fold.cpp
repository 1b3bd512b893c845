#include "text/fold.hpp"

#include <array>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include "text/utf8.hpp"

namespace wp::text {
namespace {

constexpr char32_t kTableSize = 0x2100;  // Latin, Latin Extended Additional, punctuation

std::array<char32_t, kTableSize> BuildTable() {
  std::array<char32_t, kTableSize> table{};
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(ec);
  for (char32_t cp = 0; cp < kTableSize; ++cp) {
    char32_t base = cp;
    icu::UnicodeString decomposition;
    if (U_SUCCESS(ec) && nfd->getDecomposition(static_cast<UChar32>(cp), decomposition) &&
        decomposition.length() > 0) {
      base = static_cast<char32_t>(decomposition.char32At(0));
    }
    base = static_cast<char32_t>(u_tolower(static_cast<UChar32>(base)));
    if (base == 0x0111) base = 'd';  // đ has no decomposition
    if (IsDash(cp)) base = '-';
    if (IsSpace(cp)) base = ' ';
    table[cp] = base;
  }
  return table;
}

const std::array<char32_t, kTableSize>& Table() {
  static const std::array<char32_t, kTableSize> table = BuildTable();
  return table;
}

bool IsCombiningMark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

}  // namespace

char32_t FoldChar(char32_t cp) {
  if (cp < kTableSize) return Table()[cp];
  if (IsSpace(cp)) return ' ';
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
}

std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t f = FoldChar(NextCodePoint(s, pos));
    if (IsCombiningMark(f)) continue;
    if (f == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    AppendUtf8(out, f);
  }
  return out;
}

std::string FoldKey(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t f = FoldChar(NextCodePoint(s, pos));
    if (f == ' ' || IsCombiningMark(f)) continue;
    AppendUtf8(out, f);
  }
  return out;
}

namespace {

size_t Match(std::string_view s, size_t pos, std::string_view key, bool key_has_spaces) {
  size_t k = 0;
  size_t p = pos;
  while (k < key.size()) {
    if (key_has_spaces && key[k] == ' ') {
      ++k;
      continue;
    }
    if (p >= s.size()) return std::string_view::npos;
    char32_t f;
    unsigned char c = static_cast<unsigned char>(s[p]);
    if (c < 0x80) {
      f = FoldAscii(static_cast<char>(c));
      ++p;
    } else {
      f = FoldChar(NextCodePoint(s, p));
    }
    if (f == ' ' || IsCombiningMark(f)) continue;
    char32_t want;
    if (static_cast<unsigned char>(key[k]) < 0x80) {
      want = static_cast<unsigned char>(key[k++]);
    } else {
      size_t kp = k;
      want = NextCodePoint(key, kp);
      k = kp;
    }
    if (f != want) return std::string_view::npos;
  }
  // Swallow trailing combining marks, then require a word boundary.
  size_t end = p;
  while (end < s.size()) {
    size_t q = end;
    char32_t cp = NextCodePoint(s, q);
    if (!IsCombiningMark(cp)) {
      if (IsLetter(cp) || IsDigit(cp)) return std::string_view::npos;
      break;
    }
    end = q;
  }
  return end;
}

}  // namespace

size_t MatchFoldedKey(std::string_view s, size_t pos, std::string_view key) {
  return Match(s, pos, key, false);
}

size_t MatchFoldedPhrase(std::string_view s, size_t pos, std::string_view phrase) {
  return Match(s, pos, phrase, true);
}

}  // namespace wp::text
