#include "text/number.hpp"

#include <string>

#include "text/utf8.hpp"

namespace wp::text {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

bool AppendDigit(core::Decimal& d, char c) {
  return !__builtin_mul_overflow(d.mantissa, 10, &d.mantissa) &&
         !__builtin_add_overflow(d.mantissa, c - '0', &d.mantissa);
}

// True when the code point before `pos` would glue a number to a word or an identifier.
bool GluedBefore(std::string_view s, size_t pos) {
  if (pos == 0) return false;
  size_t p = pos;
  char32_t cp = PrevCodePoint(s, p);
  if (IsLetter(cp) || IsDigit(cp)) return true;
  if (cp == '/' || cp == '.' || cp == ',' || cp == '_') {
    if (p == 0) return cp == '/';
    size_t q = p;
    char32_t before = PrevCodePoint(s, q);
    return IsDigit(before) || IsLetter(before) || cp == '/';
  }
  if (IsDash(cp) && p > 0) {  // "2012-2015": the second year
    size_t q = p;
    return IsDigit(PrevCodePoint(s, q));
  }
  if (cp == ' ' && p > 1) {  // "2012 – 2015": a range written with spaces
    size_t q = p;
    char32_t dash = PrevCodePoint(s, q);
    if (IsDash(dash) && q > 1) {
      size_t r = q;
      char32_t space = PrevCodePoint(s, r);
      if (space == ' ' && r > 0) {
        size_t t = r;
        return IsDigit(PrevCodePoint(s, t));
      }
    }
  }
  return false;
}

}  // namespace

std::optional<Number> ReadNumber(std::string_view s, size_t pos) {
  if (pos >= s.size() || !Digit(s[pos]) || GluedBefore(s, pos)) return std::nullopt;
  Number n;
  n.begin = pos;
  size_t i = pos;
  size_t first_group = 0;
  while (i < s.size() && Digit(s[i])) {
    if (!AppendDigit(n.value, s[i])) return std::nullopt;
    ++i, ++first_group;
  }
  // Thousands groups: ".ddd" not followed by another digit; only after 1-3 leading digits.
  while (first_group <= 3 && i + 3 < s.size() && s[i] == '.' && Digit(s[i + 1]) &&
         Digit(s[i + 2]) && Digit(s[i + 3]) && (i + 4 >= s.size() || !Digit(s[i + 4]))) {
    for (int k = 1; k <= 3; ++k) {
      if (!AppendDigit(n.value, s[i + k])) return std::nullopt;
    }
    i += 4;
  }
  // Decimals.
  if (i + 1 < s.size() && s[i] == ',' && Digit(s[i + 1])) {
    ++i;
    while (i < s.size() && Digit(s[i])) {
      if (!AppendDigit(n.value, s[i])) return std::nullopt;
      ++n.value.scale;
      ++i;
    }
  }
  // What follows must not glue the number to something else.
  if (i < s.size()) {
    size_t p = i;
    char32_t cp = NextCodePoint(s, p);
    if (IsLetter(cp) || IsDigit(cp)) return std::nullopt;  // "30a", "IC3"
    if (cp == '/' || cp == ':' || cp == '_') {
      if (p < s.size() && (Digit(s[p]) || IsLetter(static_cast<unsigned char>(s[p]))))
        return std::nullopt;
    }
    if ((cp == '.' || cp == ',' || IsDash(cp)) && p < s.size() && Digit(s[p])) return std::nullopt;
  }
  n.end = i;
  return n;
}

std::optional<Quantity> ReadQuantity(std::string_view s, size_t pos) {
  auto n = ReadNumber(s, pos);
  if (!n) return std::nullopt;
  Quantity q;
  q.written = n->value;
  q.begin = n->begin;
  q.end = n->end;
  // Scale words, spelled exactly (folding would read "ngân" of "ngân sách" as "ngàn").
  struct Scale {
    std::string_view word;
    int power;
  };
  static constexpr Scale kScales[] = {{"nghìn tỷ", 12}, {"ngàn tỷ", 12}, {"nghìn", 3}, {"ngàn", 3},
                                      {"triệu", 6},     {"tỷ", 9},       {"tỉ", 9}};
  size_t p = n->end;
  while (p < s.size() && (s[p] == ' ' || s[p] == '\t')) ++p;
  if (p > n->end) {
    for (const Scale& sc : kScales) {
      if (s.substr(p, sc.word.size()) != sc.word) continue;
      size_t end = p + sc.word.size();
      if (end < s.size()) {
        size_t after = end;
        char32_t cp = NextCodePoint(s, after);
        if (IsLetter(cp) || IsDigit(cp)) continue;
      }
      q.scale_power = sc.power;
      q.end = end;
      break;
    }
  }
  auto v = n->value.Shifted(q.scale_power);
  if (!v) return std::nullopt;
  q.value = *v;
  return q;
}

std::optional<QuantityRange> ReadQuantityRange(std::string_view s, size_t pos) {
  if (pos >= s.size() || !Digit(s[pos]) || GluedBefore(s, pos)) return std::nullopt;
  // The first number, read up to the dash (ReadNumber refuses a number a dash and digit follow).
  size_t dash = pos;
  while (dash < s.size() && (Digit(s[dash]) || s[dash] == '.' || s[dash] == ',')) ++dash;
  while (dash > pos && !Digit(s[dash - 1])) --dash;  // "2," of "2, 3" is not part of it
  std::string first(s.substr(pos, dash - pos));
  auto lower = ReadNumber(first, 0);
  if (!lower || lower->end != first.size()) return std::nullopt;
  size_t p = dash;
  bool percent = false;
  if (p < s.size() && s[p] == '%') {
    percent = true;
    ++p;
  }
  while (p < s.size() && s[p] == ' ') ++p;
  if (p >= s.size()) return std::nullopt;
  size_t after_dash = p;
  char32_t cp = NextCodePoint(s, after_dash);
  if (!IsDash(cp)) return std::nullopt;
  // "30% - 40%" and "1,7 – 2%" but not "5% - giảm …": a number right after the dash.
  size_t q = after_dash;
  while (q < s.size() && s[q] == ' ') ++q;
  if (q >= s.size() || !Digit(s[q]) || q - after_dash > 2) return std::nullopt;
  // The second number as its own token: read it in a copy cut at its start so that the dash
  // before it does not count as gluing.
  std::string_view rest = s.substr(q);
  auto upper = ReadQuantity(rest, 0);
  if (!upper) return std::nullopt;
  if (percent && (upper->end >= rest.size() || rest[upper->end] != '%')) return std::nullopt;
  QuantityRange r;
  r.percent_on_lower = percent;
  r.lower.written = lower->value;
  r.lower.begin = pos;
  r.lower.end = dash;
  r.lower.scale_power = upper->scale_power;
  auto lv = lower->value.Shifted(upper->scale_power);
  if (!lv) return std::nullopt;
  r.lower.value = *lv;
  r.upper = *upper;
  r.upper.begin += q;
  r.upper.end += q;
  // A span of years is a period, not a quantity.
  auto li = r.lower.written.ToInteger(), ui = r.upper.written.ToInteger();
  if (li && ui && *li >= 1900 && *li <= 2100 && *ui >= 1900 && *ui <= 2100) return std::nullopt;
  // lower < upper, compared exactly.
  __extension__ typedef __int128 Wide;
  Wide a = r.lower.value.mantissa, b = r.upper.value.mantissa;
  for (int i = r.lower.value.scale; i < r.upper.value.scale; ++i) a *= 10;
  for (int i = r.upper.value.scale; i < r.lower.value.scale; ++i) b *= 10;
  if (!(a < b)) return std::nullopt;
  return r;
}

std::string FormatVietnamese(const core::Decimal& d) { return d.ToVietnamese(); }

}  // namespace wp::text
