#pragma once
// An exact decimal number: mantissa × 10^-scale. Vietnamese documents write amounts such as
// "4.396,2 tỷ đồng"; reading them through a binary double would turn exact sums (the budget
// check) into approximations.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wp::core {

struct Decimal {
  int64_t mantissa = 0;
  int scale = 0;  // digits after the decimal point, >= 0

  // Multiplies by 10^power (power >= 0); nullopt on overflow.
  std::optional<Decimal> Shifted(int power) const;
  // Drops trailing zero decimals: 4.30 -> 4.3.
  Decimal Normalized() const;
  bool IsInteger() const { return Normalized().scale == 0; }
  double AsDouble() const;
  // Exact integer value when there are no decimals left after normalising.
  std::optional<int64_t> ToInteger() const;
  // "4.3", "1600000": plain ASCII, for logs and JSON.
  std::string ToString() const;
  // "1.600.000", "4,3": as Vietnamese readers write numbers.
  std::string ToVietnamese() const;

  friend bool operator==(const Decimal& a, const Decimal& b);
};

// Reads a plain machine number: "1510000", "-0.5", "4.30", "1.2E-3" (a spreadsheet's stored
// form). nullopt when malformed, empty, or beyond 18 significant digits.
std::optional<Decimal> ParseDecimal(std::string_view s);

// Exact sum; nullopt on overflow.
std::optional<Decimal> Add(const Decimal& a, const Decimal& b);

}  // namespace wp::core
