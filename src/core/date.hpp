#pragma once
// Civil (calendar) dates without time zones: what a decision means by "ngày 15/3/2012".
// Proleptic Gregorian; valid for years 1..9999.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace wp::core {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  auto operator<=>(const CivilDate&) const = default;

  // "2012-02-29".
  std::string ToIso() const;
  // "29/02/2012", as Vietnamese documents write dates.
  std::string ToVietnamese() const;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);  // 0 for a month outside 1..12

// nullopt when the parts do not form a real date (31/2, month 13, year 0).
std::optional<CivilDate> MakeDate(int year, int month, int day);

// Last day of the month / quarter (1..4) / year.
CivilDate EndOfMonth(int year, int month);
CivilDate EndOfQuarter(int year, int quarter);

// Parses "YYYY-MM-DD"; nullopt when malformed or not a real date.
std::optional<CivilDate> ParseIsoDate(std::string_view s);

// Days since 1970-01-01 (negative before), and back.
long DaysFromCivil(const CivilDate& d);
CivilDate CivilFromDays(long days);

// 0 = Monday … 6 = Sunday.
int Weekday(const CivilDate& d);

}  // namespace wp::core
