#pragma once
// When reports fall due: the civil servants' working calendar (weekends, public holidays, Tết,
// swapped Saturdays, from data/holidays.csv), reporting periods, the due-date rules a program
// states (a fixed day, or Decree 09/2019/NĐ-CP cut-off windows), and the list of reports
// expected from each unit. Pure: no I/O, no JSON.

#include <compare>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "domain/org.hpp"
#include "domain/plan.hpp"

namespace wp::domain {

// Which days a ministry works. Without a table: Saturdays, Sundays and the fixed solar holidays
// (1/1, 30/4, 1/5, 2/9) are off — Tết and Giỗ Tổ follow the lunar calendar and the compensating
// days and swaps are decided every year, so they are known only for the years a table lists.
class WorkCalendar {
 public:
  WorkCalendar();

  // Adds the table: rows "date,kind,name" (date as YYYY-MM-DD; kind "off" for a day off —
  // holiday, Tết, compensating or swapped day — or "work" for a Saturday or Sunday worked in
  // exchange; the name is the rest of the line). Lines starting with '#', blank lines and a
  // header line "date,kind,name" are skipped. For every year it lists the table replaces the
  // fixed holidays, so each listed year must list 1/1, 30/4, 1/5 and 2/9 as "off".
  // Fails with kInvalidArgument, reason "bad_holiday_table", naming the line ("dòng 7") for a
  // row without three fields, a bad date, an unknown kind, an "off" row without a name, a "work"
  // row on a weekday or a date listed twice; naming the year when it lacks a fixed holiday.
  static core::Result<WorkCalendar> FromCsv(std::string_view csv);

  // True when the table lists `year`, so that its Tết and swaps are known.
  bool HasTableFor(int year) const;

  bool IsWorkingDay(const core::CivilDate& d) const;

  // The day itself when it is a working day, else the next working day (Civil Code 2015 art.
  // 148(5): a time limit ending on a day off ends on the next working day).
  core::CivilDate OnOrNextWorkingDay(const core::CivilDate& d) const;

  // The n-th working day after d (d itself not counted); d itself when n < 1.
  core::CivilDate AddWorkingDays(const core::CivilDate& d, int n) const;

  // Working days in (from, to], for "days late" figures; 0 when to <= from.
  int WorkingDaysBetween(const core::CivilDate& from, const core::CivilDate& to) const;

  // The name of the holiday or day off on d ("Tết Nguyên đán", "Nghỉ bù Quốc khánh"), if any;
  // nullopt for weekends, working days and swapped working Saturdays.
  std::optional<std::string> HolidayName(const core::CivilDate& d) const;

 private:
  struct TableDay {
    bool off = true;
    std::string name;
  };
  std::map<long, TableDay> table_;  // by core::DaysFromCivil
  std::set<int> years_;
};

// The time one report covers.
enum class PeriodKind { kOnce, kMonth, kQuarter, kHalf, kYear };

struct Period {
  PeriodKind kind = PeriodKind::kYear;
  int year = 1970;
  int index = 1;               // month 1..12, quarter 1..4, half 1..2, 1 for year and once
  core::CivilDate start, end;  // inclusive; once: the whole program year

  // "2012-M03", "2012-Q1", "2012-H1", "2012-Y", "2012-O1": stable, used in URLs.
  std::string Key() const;
  // "Tháng 3/2012", "Quý I/2012", "6 tháng đầu năm 2012", "6 tháng cuối năm 2012", "Năm 2012",
  // "Một lần (2012)".
  std::string Label() const;

  auto operator<=>(const Period&) const = default;
};

// The period of that kind, year (1..9999) and index, with its start and end. Fails with
// kInvalidArgument, reason "bad_period", when the year or index is out of range.
core::Result<Period> MakePeriod(PeriodKind kind, int year, int index);

// The period a Key() names. Fails with kInvalidArgument, reason "bad_period", for anything
// Key() would not produce ("2012-M3", "2012-Q5", "2012-y").
core::Result<Period> ParsePeriodKey(std::string_view key);

enum class DueRule {
  kFixed,     // a day the program names: "trước ngày 18 hàng tháng", "trước 15/6/2008"
  kDecree09,  // Decree 09/2019/NĐ-CP: data cut-off windows, then N working days to send
};

// How one reporting obligation falls due.
//
// kFixed:
// - monthly: day `day_of_month` of each month (18 → 18/1, 18/2 …: reports fall due before
//   their period ends, so their figures are estimates);
// - quarterly: that day of the quarter's last month ("… và tháng cuối quý": 18/3, 18/6 …);
// - semiannual, annual: with `due`, only the one period containing that date falls due, on that
//   date (2008: the 6-month report by 15/6, the annual one by 15/11); else that day of the
//   period's last month (June and December; the annual report that day of December);
// - once: on `due` (which may lie outside the program year: a 2012 program may ask for
//   something by 15/1/2013).
// A day beyond the month's end means its last day (31 → 29/2/2012, 28/2/2011, 30/4). The due
// date is the nominal one moved to the next working day when that is a day off.
//
// kDecree09: month: from the 15th of the previous month to the 14th; quarter: from the 15th of
// the month before the quarter to the 14th of its last month; halves: 15/12 (previous year) →
// 14/6 and 15/6 → 14/12; year: 15/12 (previous year) → 14/12. The deadline is the
// `working_days_after_cutoff`-th working day after the cut-off end.
struct Schedule {
  Frequency frequency = Frequency::kOnce;
  DueRule rule = DueRule::kFixed;
  std::optional<int> day_of_month;     // kFixed
  std::optional<core::CivilDate> due;  // kFixed
  int working_days_after_cutoff = 1;   // kDecree09, 1..90
};

struct Due {
  Period period;
  std::optional<core::CivilDate> cutoff_start, cutoff_end;  // kDecree09 only
  core::CivilDate nominal;                                  // the date the rule names
  core::CivilDate due;  // the last day a submission is on time (a working day)
};

// Every period of `year` the schedule makes due, in period order. Fails with kInvalidArgument,
// reason "bad_schedule", when the schedule cannot produce dates: fixed monthly or quarterly
// without `day_of_month` or with `due`; fixed once without `due` or with `day_of_month`; fixed
// semiannual or annual with neither; `day_of_month` outside 1..31; a fixed `due` outside `year`
// for anything but once; Decree 09 for a one-off report, with fixed-rule fields, or with
// working_days_after_cutoff outside 1..90; `year` outside 2..9998.
core::Result<std::vector<Due>> DueDates(const Schedule& s, int year, const WorkCalendar& cal);

// One responsible party of an obligation as the decision names it: one unit, or a group phrase
// that stands for every unit of a kind (optionally below one parent) existing on a given date
// ("Sở … các tỉnh, thành phố" = every province; "các đơn vị thuộc và trực thuộc Bộ" = every
// department below the Ministry).
struct Responsible {
  std::optional<OrgUnitId> unit;    // set: this one unit (kind and parent unset)
  std::optional<OrgKind> kind;      // else: every unit of this kind (nullopt: any kind) …
  std::optional<OrgUnitId> parent;  // … below this parent, not itself (nullopt: any parent)
};

struct Obligation {
  std::string key;  // unique among the obligations passed together: "bao-cao-thang"
  std::string name;
  Schedule schedule;
  std::vector<Responsible> from;
};

struct ExpectedReport {
  std::string obligation;  // Obligation::key
  Period period;
  OrgUnitId unit = 0;
  core::CivilDate due;
  core::CivilDate nominal;
  std::optional<core::CivilDate> cutoff_start, cutoff_end;
};

// Every report expected in `year`: for each obligation and due period, each unit responsible on
// the period's nominal due date. A group is expanded to the units valid on that date (Hà Tây,
// valid to 31/7/2008, is expected for the 6-month report due 15/6/2008, not for the annual one
// due 15/11/2008), below its parent or, once that parent has ended, what it became (MOLISA's
// provinces of January 2025 are Bộ Nội vụ's in July); a single unit that does not exist on
// that date is not expected. A unit named
// twice is expected once per obligation and period. Sorted by (due, obligation, period, unit
// code). Fails with the error of DueDates (its message prefixed with the obligation's key), or
// with kInvalidArgument, reason "bad_obligation", for an empty or repeated key, a responsible
// party naming nobody (no unit, kind or parent) or both a unit and a group, or an id the
// registry does not know.
core::Result<std::vector<ExpectedReport>> ExpectedReports(
    const std::vector<Obligation>& obligations, int year, const OrgRegistry& registry,
    const WorkCalendar& cal);

// What an obligation asks a unit to send (issue 18): a report of figures and progress on the
// form, or the unit's own program (chương trình công tác của đơn vị), a document of its tasks
// sent once and reviewed by the planning department, never filled on a form.
enum class ObligationKind { kReport, kUnitProgram };

// kUnitProgram for a one-off rule whose report is a unit's "chương trình công tác" (2012's r1:
// "chương trình công tác cụ thể của đơn vị, địa phương", due 15/3/2012), kReport otherwise.
ObligationKind KindOf(const ReportingRule& rule);

}  // namespace wp::domain
