#include "core/decimal.hpp"

#include <cmath>
#include <limits>

namespace wp::core {
namespace {

bool MulOverflows(int64_t a, int64_t b, int64_t* out) { return __builtin_mul_overflow(a, b, out); }

std::optional<Decimal> Rescale(const Decimal& d, int scale) {
  Decimal r = d;
  while (r.scale < scale) {
    if (MulOverflows(r.mantissa, 10, &r.mantissa)) return std::nullopt;
    ++r.scale;
  }
  return r;
}

}  // namespace

std::optional<Decimal> Decimal::Shifted(int power) const {
  Decimal r = *this;
  while (power > 0 && r.scale > 0) {
    --r.scale;
    --power;
  }
  while (power > 0) {
    if (MulOverflows(r.mantissa, 10, &r.mantissa)) return std::nullopt;
    --power;
  }
  return r;
}

Decimal Decimal::Normalized() const {
  Decimal r = *this;
  while (r.scale > 0 && r.mantissa % 10 == 0) {
    r.mantissa /= 10;
    --r.scale;
  }
  return r;
}

double Decimal::AsDouble() const {
  Decimal n = Normalized();
  return static_cast<double>(n.mantissa) / std::pow(10.0, n.scale);
}

std::optional<int64_t> Decimal::ToInteger() const {
  Decimal n = Normalized();
  if (n.scale != 0) return std::nullopt;
  return n.mantissa;
}

std::string Decimal::ToString() const {
  Decimal n = Normalized();
  std::string digits = std::to_string(n.mantissa < 0 ? -n.mantissa : n.mantissa);
  if (n.scale > 0) {
    while (static_cast<int>(digits.size()) <= n.scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - n.scale, '.');
  }
  return (n.mantissa < 0 ? "-" : "") + digits;
}

std::string Decimal::ToVietnamese() const {
  Decimal n = Normalized();
  std::string plain = n.ToString();
  bool negative = !plain.empty() && plain[0] == '-';
  if (negative) plain.erase(0, 1);
  auto dot = plain.find('.');
  std::string int_part = plain.substr(0, dot);
  std::string grouped;
  for (size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) grouped.push_back('.');
    grouped.push_back(int_part[i]);
  }
  if (dot != std::string::npos) grouped += "," + plain.substr(dot + 1);
  return (negative ? "-" : "") + grouped;
}

std::optional<Decimal> ParseDecimal(std::string_view s) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  Decimal d;
  int digits = 0;
  bool dot = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (digits == 0 && c == '0' && !dot) continue;  // leading zeros
      if (++digits > 18) return std::nullopt;
      d.mantissa = d.mantissa * 10 + (c - '0');
      if (dot) ++d.scale;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  int exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) exp_negative = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9' || exponent > 100) return std::nullopt;
      exponent = exponent * 10 + (s[i] - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  if (negative) d.mantissa = -d.mantissa;
  if (exponent < 0) {
    d.scale -= exponent;
    if (d.scale > 30) return std::nullopt;
  } else if (exponent > 0) {
    auto shifted = d.Shifted(exponent);
    if (!shifted) return std::nullopt;
    d = *shifted;
  }
  return d.Normalized();
}

bool operator==(const Decimal& a, const Decimal& b) {
  int s = a.scale > b.scale ? a.scale : b.scale;
  auto ra = Rescale(a, s), rb = Rescale(b, s);
  if (!ra || !rb) return false;
  return ra->mantissa == rb->mantissa;
}

std::optional<Decimal> Add(const Decimal& a, const Decimal& b) {
  int s = a.scale > b.scale ? a.scale : b.scale;
  auto ra = Rescale(a, s), rb = Rescale(b, s);
  if (!ra || !rb) return std::nullopt;
  Decimal r{0, s};
  if (__builtin_add_overflow(ra->mantissa, rb->mantissa, &r.mantissa)) return std::nullopt;
  return r;
}

}  // namespace wp::core
