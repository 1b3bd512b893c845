#pragma once
// Reads numbers as Vietnamese documents write them: "." groups thousands, "," marks decimals
// ("1.536" = 1536, "245,5" = 245.5), optionally followed by a scale word
// ("1.600 ngàn" = 1 600 000; nghìn/ngàn ×10³, triệu ×10⁶, tỷ ×10⁹, "nghìn tỷ" ×10¹²).
// Refuses what only looks like a number: "30a/2008", "2012-2015", "25/12/2007", "1.1.", "IC3".

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/decimal.hpp"

namespace wp::text {

struct Number {
  core::Decimal value;  // as written, before any scale word
  size_t begin = 0;     // byte offsets in the text
  size_t end = 0;
};

// A number that starts exactly at `pos` and stands alone as a token; nullopt otherwise.
std::optional<Number> ReadNumber(std::string_view s, size_t pos);

struct Quantity {
  core::Decimal value;    // in base units: "1.600 ngàn" -> 1600000
  core::Decimal written;  // the digits as written: 1600
  int scale_power = 0;    // 3 for ngàn/nghìn, 6 triệu, 9 tỷ, 12 nghìn tỷ
  size_t begin = 0;
  size_t end = 0;  // past the scale word when there is one
};

// A number at `pos` with its optional scale word; nullopt when there is no number or the
// value overflows.
std::optional<Quantity> ReadQuantity(std::string_view s, size_t pos);

// Two quantities joined by a dash, a span of values: "1,7 – 2", "30% - 40%" (the '%' of the first
// is in the span; the second's unit is the caller's), "01-02", "1,5 - 2 triệu" (a scale word after
// the second applies to both). Starts exactly at `pos`; nullopt unless both numbers read, lower
// < upper, and the pair is not a span of years ("2012-2015", "2011 – 2020").
struct QuantityRange {
  Quantity lower, upper;          // `upper.end` ends the span; `lower.begin` begins it
  bool percent_on_lower = false;  // "30% - 40%"
};
std::optional<QuantityRange> ReadQuantityRange(std::string_view s, size_t pos);

// Formats a value the Vietnamese way: 1600000 -> "1.600.000", 4.3 -> "4,3".
std::string FormatVietnamese(const core::Decimal& d);

}  // namespace wp::text
