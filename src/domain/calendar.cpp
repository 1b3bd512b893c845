#include "domain/calendar.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <iterator>
#include <tuple>
#include <utility>

#include "core/lines.hpp"

namespace wp::domain {
namespace {

using core::CivilDate;

constexpr int kMaxWorkingDaysAfterCutoff = 90;

CivilDate AddDays(const CivilDate& d, long n) {
  return core::CivilFromDays(core::DaysFromCivil(d) + n);
}

bool IsWeekend(const CivilDate& d) { return core::Weekday(d) >= 5; }

struct FixedHoliday {
  int month;
  int day;
  const char* name;
};

// The holidays fixed in the solar calendar (Labour Code 2019 art. 112); the second day of
// Quốc khánh (from 2021) is chosen every year, so only a table knows it.
constexpr std::array<FixedHoliday, 4> kFixedHolidays = {{
    {1, 1, "Tết Dương lịch"},
    {4, 30, "Ngày Chiến thắng"},
    {5, 1, "Ngày Quốc tế Lao động"},
    {9, 2, "Quốc khánh"},
}};

const FixedHoliday* FindFixedHoliday(const CivilDate& d) {
  for (const FixedHoliday& h : kFixedHolidays) {
    if (h.month == d.month && h.day == d.day) return &h;
  }
  return nullptr;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

tl::unexpected<core::Error> TableError(size_t line, const std::string& what) {
  std::string field = "line " + std::to_string(line);
  core::Error e = core::MakeError(core::ErrorCode::kInvalidArgument, "bad_holiday_table",
                                  "Bảng ngày nghỉ dòng " + std::to_string(line) + ": " + what);
  e.details.push_back({field, what});
  return tl::unexpected<core::Error>(std::move(e));
}

// What a user wrote, cut short enough to quote in a message.
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string out = "\"" + std::string(s.substr(0, kMax));
  if (s.size() > kMax) out += "…";
  return out + "\"";
}

tl::unexpected<core::Error> BadSchedule(const std::string& what) {
  return core::Fail(core::ErrorCode::kInvalidArgument, "bad_schedule",
                    "Lịch báo cáo không hợp lệ: " + what);
}

tl::unexpected<core::Error> BadObligation(const std::string& what) {
  return core::Fail(core::ErrorCode::kInvalidArgument, "bad_obligation",
                    "Nghĩa vụ báo cáo không hợp lệ: " + what);
}

const char* Roman(int quarter) {
  static constexpr const char* kRoman[] = {"I", "II", "III", "IV"};
  return kRoman[quarter - 1];
}

CivilDate DayOfMonthClamped(int year, int month, int day) {
  return CivilDate{year, month, std::min(day, core::DaysInMonth(year, month))};
}

// The 15th of the month before `month` of `year` (December of the previous year for January).
CivilDate FifteenthOfPreviousMonth(int year, int month) {
  return month == 1 ? CivilDate{year - 1, 12, 15} : CivilDate{year, month - 1, 15};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// WorkCalendar

WorkCalendar::WorkCalendar() = default;

core::Result<WorkCalendar> WorkCalendar::FromCsv(std::string_view csv) {
  WorkCalendar cal;
  std::map<long, size_t> line_of;  // day -> line that listed it
  core::LineReader lines(csv);
  std::string_view line;
  while (lines.Next(line)) {
    const size_t line_no = lines.line_no();
    line = Trim(line);
    if (line.empty() || line.front() == '#' || line == "date,kind,name") continue;

    size_t c1 = line.find(',');
    size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos) {
      return TableError(line_no, "cần ba trường: ngày,loại,tên");
    }
    std::string_view date_text = Trim(line.substr(0, c1));
    std::string_view kind = Trim(line.substr(c1 + 1, c2 - c1 - 1));
    std::string_view name = Trim(line.substr(c2 + 1));
    std::optional<CivilDate> date = core::ParseIsoDate(date_text);
    if (!date) return TableError(line_no, "ngày không hợp lệ " + Quote(date_text));
    bool off = kind == "off";
    if (!off && kind != "work") {
      return TableError(line_no, "loại phải là off hoặc work, không phải " + Quote(kind));
    }
    if (off && name.empty()) return TableError(line_no, "ngày nghỉ cần có tên");
    if (!off && !IsWeekend(*date)) {
      return TableError(line_no,
                        "ngày làm bù " + date->ToVietnamese() + " không phải thứ Bảy hay Chủ nhật");
    }
    long key = core::DaysFromCivil(*date);
    auto [it, inserted] = line_of.emplace(key, line_no);
    if (!inserted) {
      return TableError(
          line_no, "ngày " + date->ToVietnamese() + " đã có ở dòng " + std::to_string(it->second));
    }
    cal.table_[key] = TableDay{off, std::string(name)};
    cal.years_.insert(date->year);
  }
  // A listed year replaces the built-in holidays, so a year with only a swap listed would
  // silently lose 30/4 and 2/9.
  for (int year : cal.years_) {
    for (const FixedHoliday& h : kFixedHolidays) {
      auto it = cal.table_.find(core::DaysFromCivil(CivilDate{year, h.month, h.day}));
      if (it == cal.table_.end() || !it->second.off) {
        std::string what = "thiếu ngày nghỉ " + CivilDate{year, h.month, h.day}.ToVietnamese() +
                           " (" + h.name + ")";
        core::Error e = core::MakeError(core::ErrorCode::kInvalidArgument, "bad_holiday_table",
                                        "Bảng ngày nghỉ năm " + std::to_string(year) + ": " + what);
        e.details.push_back({"year " + std::to_string(year), what});
        return tl::unexpected<core::Error>(std::move(e));
      }
    }
  }
  return cal;
}

bool WorkCalendar::HasTableFor(int year) const { return years_.count(year) > 0; }

bool WorkCalendar::IsWorkingDay(const CivilDate& d) const {
  if (HasTableFor(d.year)) {
    auto it = table_.find(core::DaysFromCivil(d));
    if (it != table_.end()) return !it->second.off;
    return !IsWeekend(d);
  }
  return !IsWeekend(d) && FindFixedHoliday(d) == nullptr;
}

CivilDate WorkCalendar::OnOrNextWorkingDay(const CivilDate& d) const {
  CivilDate cur = d;
  while (!IsWorkingDay(cur)) cur = AddDays(cur, 1);
  return cur;
}

CivilDate WorkCalendar::AddWorkingDays(const CivilDate& d, int n) const {
  CivilDate cur = d;
  for (int i = 0; i < n; ++i) cur = OnOrNextWorkingDay(AddDays(cur, 1));
  return cur;
}

int WorkCalendar::WorkingDaysBetween(const CivilDate& from, const CivilDate& to) const {
  int count = 0;
  for (long k = core::DaysFromCivil(from) + 1, end = core::DaysFromCivil(to); k <= end; ++k) {
    if (IsWorkingDay(core::CivilFromDays(k))) ++count;
  }
  return count;
}

std::optional<std::string> WorkCalendar::HolidayName(const CivilDate& d) const {
  if (HasTableFor(d.year)) {
    auto it = table_.find(core::DaysFromCivil(d));
    if (it == table_.end() || !it->second.off) return std::nullopt;
    return it->second.name;
  }
  if (const FixedHoliday* h = FindFixedHoliday(d)) return std::string(h->name);
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Periods

std::string Period::Key() const {
  char buf[32];
  switch (kind) {
    case PeriodKind::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-M%02d", year, index);
      break;
    case PeriodKind::kQuarter:
      std::snprintf(buf, sizeof buf, "%04d-Q%d", year, index);
      break;
    case PeriodKind::kHalf:
      std::snprintf(buf, sizeof buf, "%04d-H%d", year, index);
      break;
    case PeriodKind::kYear:
      std::snprintf(buf, sizeof buf, "%04d-Y", year);
      break;
    case PeriodKind::kOnce:
      std::snprintf(buf, sizeof buf, "%04d-O%d", year, index);
      break;
  }
  return buf;
}

std::string Period::Label() const {
  std::string y = std::to_string(year);
  switch (kind) {
    case PeriodKind::kMonth:
      return "Tháng " + std::to_string(index) + "/" + y;
    case PeriodKind::kQuarter:
      return std::string("Quý ") + (index >= 1 && index <= 4 ? Roman(index) : "?") + "/" + y;
    case PeriodKind::kHalf:
      return (index == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + y;
    case PeriodKind::kYear:
      return "Năm " + y;
    case PeriodKind::kOnce:
      return "Một lần (" + y + ")";
  }
  return y;
}

core::Result<Period> MakePeriod(PeriodKind kind, int year, int index) {
  int max_index = 1;
  switch (kind) {
    case PeriodKind::kMonth:
      max_index = 12;
      break;
    case PeriodKind::kQuarter:
      max_index = 4;
      break;
    case PeriodKind::kHalf:
      max_index = 2;
      break;
    case PeriodKind::kYear:
    case PeriodKind::kOnce:
      break;
  }
  if (year < 1 || year > 9999 || index < 1 || index > max_index) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, "bad_period",
        "Kỳ báo cáo không hợp lệ: năm " + std::to_string(year) + ", kỳ " + std::to_string(index));
  }
  Period p;
  p.kind = kind;
  p.year = year;
  p.index = index;
  switch (kind) {
    case PeriodKind::kMonth:
      p.start = CivilDate{year, index, 1};
      p.end = core::EndOfMonth(year, index);
      break;
    case PeriodKind::kQuarter:
      p.start = CivilDate{year, index * 3 - 2, 1};
      p.end = core::EndOfQuarter(year, index);
      break;
    case PeriodKind::kHalf:
      p.start = CivilDate{year, index == 1 ? 1 : 7, 1};
      p.end = index == 1 ? CivilDate{year, 6, 30} : CivilDate{year, 12, 31};
      break;
    case PeriodKind::kYear:
    case PeriodKind::kOnce:
      p.start = CivilDate{year, 1, 1};
      p.end = CivilDate{year, 12, 31};
      break;
  }
  return p;
}

core::Result<Period> ParsePeriodKey(std::string_view key) {
  auto fail = [&] {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_period",
                      "Mã kỳ báo cáo không hợp lệ: " + Quote(key));
  };
  auto digits = [&](size_t from, size_t count) -> int {
    if (key.size() < from + count) return -1;
    int v = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (key[i] < '0' || key[i] > '9') return -1;
      v = v * 10 + (key[i] - '0');
    }
    return v;
  };
  if (key.size() < 6 || key[4] != '-') return fail();
  int year = digits(0, 4);
  if (year < 0) return fail();
  // The letter after "YYYY-" names the kind; the digits of the index follow ("2012-M03").
  struct KeyForm {
    char letter;
    PeriodKind kind;
    size_t index_digits;
  };
  static constexpr KeyForm kForms[] = {{'M', PeriodKind::kMonth, 2},
                                       {'Q', PeriodKind::kQuarter, 1},
                                       {'H', PeriodKind::kHalf, 1},
                                       {'O', PeriodKind::kOnce, 1},
                                       {'Y', PeriodKind::kYear, 0}};
  const KeyForm* form = std::find_if(std::begin(kForms), std::end(kForms),
                                     [&](const KeyForm& f) { return f.letter == key[5]; });
  if (form == std::end(kForms)) return fail();
  const PeriodKind kind = form->kind;
  const int index = form->index_digits ? digits(6, form->index_digits) : 1;
  const size_t expected_size = 6 + form->index_digits;
  if (key.size() != expected_size || index < 0) return fail();
  auto period = MakePeriod(kind, year, index);
  if (!period) return fail();
  return period;
}

// ---------------------------------------------------------------------------------------------
// Due dates

core::Result<std::vector<Due>> DueDates(const Schedule& s, int year, const WorkCalendar& cal) {
  if (year < 2 || year > 9998) return BadSchedule("năm " + std::to_string(year));
  if (s.day_of_month && (*s.day_of_month < 1 || *s.day_of_month > 31)) {
    return BadSchedule("ngày trong tháng " + std::to_string(*s.day_of_month) +
                       " ngoài khoảng 1..31");
  }
  const char* frequency = FrequencyName(s.frequency);
  std::vector<Due> out;
  auto add = [&](PeriodKind kind, int index, const CivilDate& nominal) -> core::Status {
    WP_ASSIGN_OR_RETURN(Period period, MakePeriod(kind, year, index));
    out.push_back(
        Due{period, std::nullopt, std::nullopt, nominal, cal.OnOrNextWorkingDay(nominal)});
    return {};
  };

  if (s.rule == DueRule::kDecree09) {
    if (s.frequency == Frequency::kOnce) {
      return BadSchedule(
          "Nghị định 09/2019/NĐ-CP không quy định thời gian chốt số liệu cho báo "
          "cáo một lần");
    }
    if (s.day_of_month || s.due) {
      return BadSchedule("lịch theo Nghị định 09/2019/NĐ-CP không dùng ngày cố định");
    }
    if (s.working_days_after_cutoff < 1 ||
        s.working_days_after_cutoff > kMaxWorkingDaysAfterCutoff) {
      return BadSchedule("số ngày làm việc sau khi chốt số liệu phải từ 1 đến " +
                         std::to_string(kMaxWorkingDaysAfterCutoff));
    }
    auto add_window = [&](PeriodKind kind, int index, const CivilDate& from,
                          const CivilDate& to) -> core::Status {
      WP_ASSIGN_OR_RETURN(Period period, MakePeriod(kind, year, index));
      CivilDate deadline = cal.AddWorkingDays(to, s.working_days_after_cutoff);
      out.push_back(Due{period, from, to, deadline, deadline});
      return {};
    };
    switch (s.frequency) {
      case Frequency::kMonthly:
        for (int m = 1; m <= 12; ++m) {
          WP_RETURN_IF_ERROR(add_window(PeriodKind::kMonth, m, FifteenthOfPreviousMonth(year, m),
                                        CivilDate{year, m, 14}));
        }
        break;
      case Frequency::kQuarterly:
        for (int q = 1; q <= 4; ++q) {
          WP_RETURN_IF_ERROR(add_window(PeriodKind::kQuarter, q,
                                        FifteenthOfPreviousMonth(year, q * 3 - 2),
                                        CivilDate{year, q * 3, 14}));
        }
        break;
      case Frequency::kSemiannual:
        WP_RETURN_IF_ERROR(
            add_window(PeriodKind::kHalf, 1, CivilDate{year - 1, 12, 15}, CivilDate{year, 6, 14}));
        WP_RETURN_IF_ERROR(
            add_window(PeriodKind::kHalf, 2, CivilDate{year, 6, 15}, CivilDate{year, 12, 14}));
        break;
      case Frequency::kAnnual:
        WP_RETURN_IF_ERROR(
            add_window(PeriodKind::kYear, 1, CivilDate{year - 1, 12, 15}, CivilDate{year, 12, 14}));
        break;
      case Frequency::kOnce:
        break;
    }
    return out;
  }

  switch (s.frequency) {
    case Frequency::kMonthly:
    case Frequency::kQuarterly: {
      if (!s.day_of_month) {
        return BadSchedule(std::string("báo cáo ") + frequency + " cần ngày trong tháng");
      }
      if (s.due) {
        return BadSchedule(std::string("báo cáo ") + frequency + " không có hạn một ngày cố định");
      }
      bool monthly = s.frequency == Frequency::kMonthly;
      for (int i = 1; i <= (monthly ? 12 : 4); ++i) {
        int month = monthly ? i : i * 3;
        WP_RETURN_IF_ERROR(add(monthly ? PeriodKind::kMonth : PeriodKind::kQuarter, i,
                               DayOfMonthClamped(year, month, *s.day_of_month)));
      }
      return out;
    }
    case Frequency::kSemiannual:
    case Frequency::kAnnual: {
      bool half = s.frequency == Frequency::kSemiannual;
      PeriodKind kind = half ? PeriodKind::kHalf : PeriodKind::kYear;
      if (s.due) {
        if (s.due->year != year) {
          return BadSchedule("hạn " + s.due->ToVietnamese() + " không thuộc năm " +
                             std::to_string(year));
        }
        WP_RETURN_IF_ERROR(add(kind, half && s.due->month > 6 ? 2 : 1, *s.due));
        return out;
      }
      if (!s.day_of_month) {
        return BadSchedule(std::string("báo cáo ") + frequency +
                           " cần hạn cố định hoặc ngày trong tháng");
      }
      if (half) {
        WP_RETURN_IF_ERROR(add(kind, 1, DayOfMonthClamped(year, 6, *s.day_of_month)));
        WP_RETURN_IF_ERROR(add(kind, 2, DayOfMonthClamped(year, 12, *s.day_of_month)));
      } else {
        WP_RETURN_IF_ERROR(add(kind, 1, DayOfMonthClamped(year, 12, *s.day_of_month)));
      }
      return out;
    }
    case Frequency::kOnce:
      if (!s.due) return BadSchedule("báo cáo một lần cần hạn cố định");
      if (s.day_of_month) return BadSchedule("báo cáo một lần không dùng ngày trong tháng");
      WP_RETURN_IF_ERROR(add(PeriodKind::kOnce, 1, *s.due));
      return out;
  }
  return BadSchedule("tần suất không rõ");
}

// ---------------------------------------------------------------------------------------------
// Expected reports

core::Result<std::vector<ExpectedReport>> ExpectedReports(
    const std::vector<Obligation>& obligations, int year, const OrgRegistry& registry,
    const WorkCalendar& cal) {
  std::set<std::string_view> keys;
  for (const Obligation& o : obligations) {
    if (o.key.empty()) return BadObligation("thiếu mã nghĩa vụ (\"" + o.name + "\")");
    if (!keys.insert(o.key).second) return BadObligation("mã " + Quote(o.key) + " lặp lại");
    for (const Responsible& r : o.from) {
      if (r.unit && (r.kind || r.parent)) {
        return BadObligation(Quote(o.key) + " vừa nêu một đơn vị vừa nêu một nhóm");
      }
      if (!r.unit && !r.kind && !r.parent) {
        return BadObligation(Quote(o.key) + " có bên chịu trách nhiệm không chỉ ra đơn vị nào");
      }
      for (const std::optional<OrgUnitId>& id : {r.unit, r.parent}) {
        if (id && registry.Find(*id) == nullptr) {
          return BadObligation(Quote(o.key) + " nêu đơn vị mã số " + std::to_string(*id) +
                               " không có trong danh mục");
        }
      }
    }
  }

  struct Row {
    ExpectedReport report;
    std::string_view code;
  };
  std::vector<Row> rows;
  for (const Obligation& o : obligations) {
    auto dues = DueDates(o.schedule, year, cal);
    if (!dues) {
      core::Error e = dues.error();
      e.message = "Nghĩa vụ báo cáo " + Quote(o.key) + ": " + e.message;
      return tl::unexpected<core::Error>(std::move(e));
    }
    for (const Due& d : *dues) {
      const CivilDate& at = d.nominal;
      std::set<OrgUnitId> units;
      for (const Responsible& r : o.from) {
        if (r.unit) {
          if (registry.Find(*r.unit)->ValidOn(at)) units.insert(*r.unit);
          continue;
        }
        // A parent that had ended by then stands also for what it became: the provinces of
        // July 2025 are Bộ Nội vụ's, where those of January were MOLISA's (and those of April
        // still are, the units below an ended parent keeping their link until they end).
        std::vector<OrgUnitId> parents;
        if (r.parent) {
          parents.push_back(*r.parent);
          if (!registry.Find(*r.parent)->ValidOn(at)) {
            for (OrgUnitId p : registry.BecameBy(*r.parent, at)) parents.push_back(p);
          }
        }
        for (const OrgUnit* u : registry.UnitsAt(at, r.kind)) {
          if (r.parent && std::none_of(parents.begin(), parents.end(), [&](OrgUnitId p) {
                return u->id != p && registry.IsWithin(u->id, p, at);
              })) {
            continue;
          }
          units.insert(u->id);
        }
      }
      for (OrgUnitId id : units) {
        rows.push_back(
            Row{ExpectedReport{o.key, d.period, id, d.due, d.nominal, d.cutoff_start, d.cutoff_end},
                registry.Find(id)->code});
      }
    }
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.report.due, a.report.obligation, a.report.period, a.code, a.report.unit) <
           std::tie(b.report.due, b.report.obligation, b.report.period, b.code, b.report.unit);
  });
  std::vector<ExpectedReport> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(std::move(r.report));
  return out;
}

ObligationKind KindOf(const ReportingRule& rule) {
  if (rule.frequency != Frequency::kOnce) return ObligationKind::kReport;
  // The report's words as written; its first letter may be capitalised ("Chương trình …").
  constexpr std::string_view kWords = "hương trình công tác";
  const auto at = rule.report.find(kWords);
  if (at == std::string::npos || at == 0) return ObligationKind::kReport;
  const char first = rule.report[at - 1];
  return first == 'c' || first == 'C' ? ObligationKind::kUnitProgram : ObligationKind::kReport;
}

}  // namespace wp::domain
