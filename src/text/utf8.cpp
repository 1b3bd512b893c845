#include "text/utf8.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace wp::text {

char32_t PrevCodePoint(std::string_view s, size_t& pos) {
  size_t start = pos;
  do {
    --start;
  } while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80);
  size_t p = start;
  char32_t cp = NextCodePoint(s, p);
  pos = start;
  return cp;
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  // Vietnamese letters: Latin-1, Latin Extended-A/B and Latin Extended Additional.
  if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF))
    return true;
  return u_isalpha(static_cast<UChar32>(cp));
}
bool IsUpper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return u_isupper(static_cast<UChar32>(cp));
}
bool IsLower(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return u_islower(static_cast<UChar32>(cp));
}
bool IsDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

bool IsSpace(char32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
  if (cp == 0x00A0 || cp == 0x200B || cp == 0xFEFF || cp == 0x200C || cp == 0x200D) return true;
  return u_isUWhiteSpace(static_cast<UChar32>(cp));
}

bool IsDash(char32_t cp) {
  return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2010 || cp == 0x2011 || cp == 0x2212;
}

std::string_view TrimRight(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t p = end;
    char32_t cp = PrevCodePoint(s, p);
    if (!IsSpace(cp)) break;
    end = p;
  }
  return s.substr(0, end);
}

std::string_view Trim(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t p = begin;
    char32_t cp = NextCodePoint(s, p);
    if (!IsSpace(cp)) break;
    begin = p;
  }
  return TrimRight(s.substr(begin));
}

namespace {

std::string FromUnicode(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::string ToLower(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  return FromUnicode(u.toLower(icu::Locale::getRoot()));
}

std::string ToUpper(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  return FromUnicode(u.toUpper(icu::Locale::getRoot()));
}

std::string CapitalizeFirst(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    char32_t cp = NextCodePoint(s, pos);
    if (IsLetter(cp)) {
      std::string out(s.substr(0, start));
      out += ToUpper(s.substr(start, pos - start));
      out.append(s.substr(pos));
      return out;
    }
  }
  return std::string(s);
}

std::string SentenceCase(std::string_view s) { return CapitalizeFirst(ToLower(s)); }

bool IsAllCaps(std::string_view s) {
  int letters = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = NextCodePoint(s, pos);
    if (!IsLetter(cp)) continue;
    if (IsLower(cp)) return false;
    ++letters;
  }
  return letters >= 2;
}

size_t MultiByteSpaceAt(std::string_view s, size_t i) {
  // The UTF-8 encodings of the white space above ASCII, decided on bytes: decoding and asking
  // ICU for every Vietnamese letter (most start with 0xE1) would cost far more.
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  switch (at(0)) {
    case 0xC2:  // U+0085, U+00A0
      return (at(1) == 0x85 || at(1) == 0xA0) ? 2 : 0;
    case 0xE1:  // U+1680, U+180E
      return ((at(1) == 0x9A && at(2) == 0x80) || (at(1) == 0xA0 && at(2) == 0x8E)) ? 3 : 0;
    case 0xE2:  // U+2000–U+200D, U+2028, U+2029, U+202F, U+205F
      if (at(1) == 0x80) {
        unsigned char c = at(2);
        return (c <= 0x8D || c == 0xA8 || c == 0xA9 || c == 0xAF) ? 3 : 0;
      }
      return (at(1) == 0x81 && at(2) == 0x9F) ? 3 : 0;
    case 0xE3:  // U+3000
      return (at(1) == 0x80 && at(2) == 0x80) ? 3 : 0;
    case 0xEF:  // U+FEFF
      return (at(1) == 0xBB && at(2) == 0xBF) ? 3 : 0;
    default:
      return 0;
  }
}

std::string CollapseSpaces(std::string_view s) {
  // Most text is already clean: one ASCII space between words, no special spaces. Check that
  // in one tight pass and copy it whole.
  bool clean = !s.empty() && s.front() != ' ' && s.back() != ' ';
  for (size_t i = 0; clean && i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c > 0x20 &&
        (c < 0x80 ||
         !MayStartMultiByteSpace(c, i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0)))
      continue;
    if (c == ' ') {
      clean = i + 1 < s.size() && s[i + 1] != ' ';
    } else if (c < 0x20) {
      clean = false;
    } else if (MultiByteSpaceAt(s, i) != 0) {
      clean = false;
    }
  }
  if (clean) return std::string(s);
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t pos = 0;
  const size_t n = s.size();
  while (pos < n) {
    // Copy a run of non-space bytes at once. Only these lead bytes can start a multi-byte
    // space (U+00A0, U+1680, U+2000–U+200B, U+3000, U+FEFF …): decode just those.
    size_t run = pos;
    while (run < n) {
      auto c = static_cast<unsigned char>(s[run]);
      if (c > 0x20 && c < 0x80) {  // printable ASCII: the common case
        ++run;
        continue;
      }
      if (c >= 0x80) {
        unsigned char next = run + 1 < n ? static_cast<unsigned char>(s[run + 1]) : 0;
        if (MayStartMultiByteSpace(c, next) && MultiByteSpaceAt(s, run) != 0) break;
        ++run;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') break;
      ++run;
    }
    if (run > pos) {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(s.substr(pos, run - pos));
      pos = run;
      continue;
    }
    size_t space = static_cast<unsigned char>(s[pos]) < 0x80 ? 1 : MultiByteSpaceAt(s, pos);
    pos += space == 0 ? 1 : space;  // a space
    pending_space = !out.empty();
  }
  return out;
}

std::string LowerFast(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[pos]);
    if (c < 0x80) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++pos;
      continue;
    }
    char32_t cp = NextCodePoint(s, pos);
    AppendUtf8(out, IsUpper(cp) ? static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))) : cp);
  }
  return out;
}

}  // namespace wp::text
