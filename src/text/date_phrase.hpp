#pragma once
// Dates as Vietnamese documents write them: "15/3/2012", "25/01/2008",
// "ngày 27 tháng 02 năm 2012". What a phrase such as "trong quý I" means is the binder's
// business (ingest); this file only reads the words.

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/date.hpp"

namespace wp::text {

struct DateMatch {
  core::CivilDate date;
  size_t begin = 0;
  size_t end = 0;
};

// "D/M/YYYY" (or "D-M-YYYY", "D.M.YYYY") starting at `pos`; nullopt if absent or not a real date.
std::optional<DateMatch> ReadSlashDate(std::string_view s, size_t pos);

// "ngày D tháng M năm YYYY" starting at `pos` (the word "ngày", any case).
std::optional<DateMatch> ReadLongDate(std::string_view s, size_t pos);

// Either form, at `pos`; the long form may also start at "ngày" followed by a slash date.
std::optional<DateMatch> ReadDate(std::string_view s, size_t pos);

// Finds the first date of either form at or after `pos`.
std::optional<DateMatch> FindDate(std::string_view s, size_t pos = 0);

// Roman numerals (I to L) as used for parts and quarters; nullopt if `s` is not one.
std::optional<int> ParseRoman(std::string_view s);

}  // namespace wp::text
