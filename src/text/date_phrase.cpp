#include "text/date_phrase.hpp"

#include <string>
#include <utility>

#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::text {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_len digits at pos; returns the value and advances.
std::optional<int> ReadInt(std::string_view s, size_t& pos, size_t max_len) {
  size_t start = pos;
  int v = 0;
  while (pos < s.size() && Digit(s[pos]) && pos - start < max_len) v = v * 10 + (s[pos++] - '0');
  if (pos == start || (pos < s.size() && Digit(s[pos]))) return std::nullopt;
  return v;
}

void SkipSpaces(std::string_view s, size_t& pos) {
  while (pos < s.size()) {
    size_t p = pos;
    if (!IsSpace(NextCodePoint(s, p))) break;
    pos = p;
  }
}

// Matches a folded word at pos (diacritic-insensitive), skipping spaces before it.
bool Word(std::string_view s, size_t& pos, std::string_view key) {
  size_t p = pos;
  SkipSpaces(s, p);
  size_t end = MatchFoldedKey(s, p, key);
  if (end == std::string_view::npos) return false;
  pos = end;
  return true;
}

}  // namespace

std::optional<DateMatch> ReadSlashDate(std::string_view s, size_t pos) {
  if (pos > 0 && (Digit(s[pos - 1]) || s[pos - 1] == '/')) return std::nullopt;
  size_t p = pos;
  auto d = ReadInt(s, p, 2);
  if (!d || p >= s.size()) return std::nullopt;
  char sep = s[p];
  if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
  ++p;
  auto m = ReadInt(s, p, 2);
  if (!m || p >= s.size() || s[p] != sep) return std::nullopt;
  ++p;
  auto y = ReadInt(s, p, 4);
  if (!y || *y < 1000) return std::nullopt;
  auto date = core::MakeDate(*y, *m, *d);
  if (!date) return std::nullopt;
  return DateMatch{*date, pos, p};
}

std::optional<DateMatch> ReadLongDate(std::string_view s, size_t pos) {
  size_t p = pos;
  if (!Word(s, p, "ngay")) return std::nullopt;
  SkipSpaces(s, p);
  if (auto slash = ReadSlashDate(s, p)) return DateMatch{slash->date, pos, slash->end};
  auto d = ReadInt(s, p, 2);
  if (!d || !Word(s, p, "thang")) return std::nullopt;
  SkipSpaces(s, p);
  auto m = ReadInt(s, p, 2);
  if (!m || !Word(s, p, "nam")) return std::nullopt;
  SkipSpaces(s, p);
  auto y = ReadInt(s, p, 4);
  if (!y) return std::nullopt;
  auto date = core::MakeDate(*y, *m, *d);
  if (!date) return std::nullopt;
  return DateMatch{*date, pos, p};
}

std::optional<DateMatch> ReadDate(std::string_view s, size_t pos) {
  if (pos < s.size() && Digit(s[pos])) return ReadSlashDate(s, pos);
  return ReadLongDate(s, pos);
}

std::optional<DateMatch> FindDate(std::string_view s, size_t pos) {
  for (size_t i = pos; i < s.size(); ++i) {
    char c = s[i];
    if (Digit(c) || c == 'n' || c == 'N') {
      if (auto m = ReadDate(s, i)) return m;
    }
  }
  return std::nullopt;
}

std::optional<int> ParseRoman(std::string_view s) {
  if (s.empty() || s.size() > 7) return std::nullopt;
  auto value = [](char c) {
    switch (c) {
      case 'I':
        return 1;
      case 'V':
        return 5;
      case 'X':
        return 10;
      case 'L':
        return 50;
      default:
        return 0;
    }
  };
  int total = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    int v = value(s[i]);
    if (v == 0) return std::nullopt;
    int next = i + 1 < s.size() ? value(s[i + 1]) : 0;
    total += next > v ? -v : v;
  }
  // Reject non-canonical spellings such as "IIII" or "VX" by round-tripping.
  static constexpr std::pair<int, std::string_view> kTable[] = {
      {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}};
  std::string canonical;
  int rest = total;
  for (auto [v, sym] : kTable) {
    while (rest >= v) {
      canonical += sym;
      rest -= v;
    }
  }
  if (canonical != s || total <= 0) return std::nullopt;
  return total;
}

}  // namespace wp::text
