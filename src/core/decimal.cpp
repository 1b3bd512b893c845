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
