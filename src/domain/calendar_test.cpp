#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "domain/org_catalog.hpp"
#include "domain/test_data.hpp"

namespace wp::domain {
namespace {

using core::CivilDate;

using testing::Data;
using testing::Registry;

const WorkCalendar& Calendar() {
  static const WorkCalendar calendar = [] {
    auto c = WorkCalendar::FromCsv(Data("holidays.csv"));
    EXPECT_TRUE(c) << c.error().message;
    return c ? std::move(*c) : WorkCalendar();
  }();
  return calendar;
}

std::vector<CivilDate> DueDays(const std::vector<Due>& dues) {
  std::vector<CivilDate> out;
  for (const Due& d : dues) out.push_back(d.due);
  return out;
}

std::vector<Due> MustDue(const Schedule& s, int year, const WorkCalendar& cal = Calendar()) {
  auto dues = DueDates(s, year, cal);
  EXPECT_TRUE(dues) << dues.error().message;
  return dues ? *dues : std::vector<Due>();
}

Schedule Monthly(int day) { return Schedule{Frequency::kMonthly, DueRule::kFixed, day, {}, 1}; }
Schedule FixedOn(Frequency f, CivilDate due) {
  return Schedule{f, DueRule::kFixed, std::nullopt, due, 1};
}
Schedule Decree09(Frequency f, int working_days = 1) {
  return Schedule{f, DueRule::kDecree09, std::nullopt, std::nullopt, working_days};
}

// ---------------------------------------------------------------------------------------------
// WorkCalendar

TEST(WorkCalendar, WithoutATableKnowsWeekendsAndTheFixedHolidaysOnly) {
  WorkCalendar cal;
  EXPECT_FALSE(cal.HasTableFor(2012));
  EXPECT_TRUE(cal.IsWorkingDay({2012, 1, 23}));  // Tết 2012: unknown without a table
  EXPECT_FALSE(cal.IsWorkingDay({2030, 9, 2}));  // Monday, Quốc khánh
  EXPECT_FALSE(cal.IsWorkingDay({2030, 4, 30}));
  EXPECT_FALSE(cal.IsWorkingDay({2030, 5, 1}));
  EXPECT_FALSE(cal.IsWorkingDay({2030, 1, 1}));
  EXPECT_FALSE(cal.IsWorkingDay({2030, 1, 5}));  // Saturday
  EXPECT_TRUE(cal.IsWorkingDay({2030, 1, 7}));
  EXPECT_EQ(cal.HolidayName({2030, 9, 2}), "Quốc khánh");
  EXPECT_EQ(cal.HolidayName({2030, 1, 7}), std::nullopt);
  EXPECT_EQ(cal.OnOrNextWorkingDay({2030, 4, 30}), (CivilDate{2030, 5, 2}));
}

TEST(WorkCalendar, TableCoversEveryYearFrom2008To2026) {
  for (int y = 2008; y <= 2026; ++y) EXPECT_TRUE(Calendar().HasTableFor(y)) << y;
  EXPECT_FALSE(Calendar().HasTableFor(2007));
  EXPECT_FALSE(Calendar().HasTableFor(2027));
  const CivilDate kTet[] = {{2008, 2, 7},  {2009, 1, 26}, {2010, 2, 14}, {2011, 2, 3},
                            {2012, 1, 23}, {2013, 2, 10}, {2014, 1, 31}, {2015, 2, 19},
                            {2016, 2, 8},  {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5},
                            {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},  {2023, 1, 22},
                            {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17}};
  for (const CivilDate& d : kTet) {
    EXPECT_EQ(Calendar().HolidayName(d), "Tết Nguyên đán") << d.ToIso();
    EXPECT_FALSE(Calendar().IsWorkingDay(d)) << d.ToIso();
  }
  // The table replaces the built-in rule only for its years.
  EXPECT_FALSE(Calendar().IsWorkingDay({2030, 9, 2}));
}

TEST(WorkCalendar, Tet2012RanFromSaturday21ToSunday29January) {
  for (int day = 21; day <= 29; ++day) {
    EXPECT_FALSE(Calendar().IsWorkingDay({2012, 1, day})) << day;
  }
  EXPECT_TRUE(Calendar().IsWorkingDay({2012, 1, 20}));
  EXPECT_TRUE(Calendar().IsWorkingDay({2012, 1, 30}));
  EXPECT_TRUE(Calendar().IsWorkingDay({2012, 2, 4}));  // Saturday worked in exchange for 27/1
  EXPECT_EQ(Calendar().HolidayName({2012, 2, 4}), std::nullopt);
  EXPECT_FALSE(Calendar().IsWorkingDay({2012, 4, 2}));  // Giỗ Tổ (Saturday 31/3) moved
  EXPECT_EQ(Calendar().HolidayName({2012, 3, 31}), "Giỗ Tổ Hùng Vương");
  EXPECT_FALSE(Calendar().IsWorkingDay({2012, 4, 30}));
  EXPECT_FALSE(Calendar().IsWorkingDay({2012, 5, 1}));
  EXPECT_FALSE(Calendar().IsWorkingDay({2012, 9, 3}));  // 2/9 was a Sunday
}

TEST(WorkCalendar, Year2008HolidaysIncludeGioTo) {
  EXPECT_FALSE(Calendar().IsWorkingDay({2008, 4, 15}));
  EXPECT_EQ(Calendar().HolidayName({2008, 4, 15}), "Giỗ Tổ Hùng Vương");
  EXPECT_FALSE(Calendar().IsWorkingDay({2008, 2, 6}));
  EXPECT_TRUE(Calendar().IsWorkingDay({2008, 2, 5}));
  EXPECT_FALSE(Calendar().IsWorkingDay({2008, 9, 2}));
  EXPECT_TRUE(Calendar().IsWorkingDay({2008, 9, 1}));
}

TEST(WorkCalendar, NationalDayHasTwoDaysFrom2021) {
  EXPECT_FALSE(Calendar().IsWorkingDay({2021, 9, 3}));
  EXPECT_FALSE(Calendar().IsWorkingDay({2024, 9, 3}));
  EXPECT_TRUE(Calendar().IsWorkingDay({2020, 9, 3}));
}

TEST(WorkCalendar, AddWorkingDaysSkipsWeekendsAndTet) {
  EXPECT_EQ(Calendar().AddWorkingDays({2012, 1, 20}, 1), (CivilDate{2012, 1, 30}));
  EXPECT_EQ(Calendar().AddWorkingDays({2012, 1, 20}, 5), (CivilDate{2012, 2, 3}));
  EXPECT_EQ(Calendar().AddWorkingDays({2012, 1, 20}, 6), (CivilDate{2012, 2, 4}));  // Saturday
  EXPECT_EQ(Calendar().AddWorkingDays({2012, 3, 16}, 1), (CivilDate{2012, 3, 19}));
  EXPECT_EQ(Calendar().AddWorkingDays({2012, 3, 16}, 0), (CivilDate{2012, 3, 16}));
}

TEST(WorkCalendar, WorkingDaysBetweenCountsTheHalfOpenRange) {
  EXPECT_EQ(Calendar().WorkingDaysBetween({2012, 1, 13}, {2012, 1, 20}), 5);
  EXPECT_EQ(Calendar().WorkingDaysBetween({2012, 1, 20}, {2012, 1, 30}), 1);  // all of Tết
  EXPECT_EQ(Calendar().WorkingDaysBetween({2012, 2, 3}, {2012, 2, 6}), 2);    // Sat 4/2 worked
  EXPECT_EQ(Calendar().WorkingDaysBetween({2012, 3, 19}, {2012, 3, 19}), 0);
  EXPECT_EQ(Calendar().WorkingDaysBetween({2012, 3, 19}, {2012, 3, 1}), 0);
  // A late 2012 report: due 19/3 (Monday), sent Monday 26/3: five working days late.
  EXPECT_EQ(Calendar().WorkingDaysBetween({2012, 3, 19}, {2012, 3, 26}), 5);
  // The whole of 2012: 366 days, 105 weekend days, one worked Saturday (4/2), 11 weekdays off
  // (2/1, 23-27/1, 2/4, 30/4, 1/5, 3/9, 31/12).
  EXPECT_EQ(Calendar().WorkingDaysBetween({2011, 12, 31}, {2012, 12, 31}), 366 - 105 + 1 - 11);
}

TEST(WorkCalendar, FromCsvAcceptsCommentsHeaderAndCommasInNames) {
  auto cal = WorkCalendar::FromCsv(
      "\xEF\xBB\xBF# comment\r\ndate,kind,name\r\n\r\n2030-01-01,off,Tết Dương lịch\r\n"
      "2030-04-30,off,Ngày Chiến thắng\n2030-05-01,off,Ngày Quốc tế Lao động\n"
      "2030-05-02,off,Nghỉ hoán đổi, thay cho thứ Bảy 11/5\n2030-05-11,work,Làm bù\n"
      "2030-09-02,off,Quốc khánh\n2030-09-03,off,Quốc khánh\n");
  ASSERT_TRUE(cal) << cal.error().message;
  EXPECT_TRUE(cal->HasTableFor(2030));
  EXPECT_EQ(cal->HolidayName({2030, 5, 2}), "Nghỉ hoán đổi, thay cho thứ Bảy 11/5");
  EXPECT_TRUE(cal->IsWorkingDay({2030, 5, 11}));
  EXPECT_FALSE(cal->IsWorkingDay({2030, 9, 3}));
  EXPECT_FALSE(cal->IsWorkingDay({2031, 9, 2}));  // built-in rule outside the table
}

TEST(WorkCalendar, FromCsvNamesTheBadLine) {
  struct Case {
    const char* csv;
    int line;
  };
  const Case kCases[] = {
      {"date,kind,name\n2012-01-23,off\n", 2},
      {"# x\n\n2012-02-30,off,Tết\n", 3},
      {"2012-1-23,off,Tết\n", 1},
      {"2012-01-23,holiday,Tết\n", 1},
      {"2012-01-23,off,\n", 1},
      {"2012-01-23,work,Làm bù\n", 1},  // a Monday
      {"2012-04-30,off,A\n2012-05-01,off,B\n2012-04-30,off,C\n", 3},
  };
  for (const Case& c : kCases) {
    auto cal = WorkCalendar::FromCsv(c.csv);
    ASSERT_FALSE(cal) << c.csv;
    EXPECT_EQ(cal.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(cal.error().reason, "bad_holiday_table");
    EXPECT_NE(cal.error().message.find("dòng " + std::to_string(c.line)), std::string::npos)
        << cal.error().message;
    ASSERT_EQ(cal.error().details.size(), 1u);
    EXPECT_EQ(cal.error().details[0].field, "line " + std::to_string(c.line));
  }
}

TEST(WorkCalendar, FromCsvRejectsAYearWithoutItsFixedHolidays) {
  auto cal = WorkCalendar::FromCsv("2027-01-02,work,Làm bù\n");
  ASSERT_FALSE(cal);
  EXPECT_EQ(cal.error().reason, "bad_holiday_table");
  EXPECT_NE(cal.error().message.find("2027"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Periods

TEST(Period, KeysAndLabels) {
  Period m = *MakePeriod(PeriodKind::kMonth, 2012, 3);
  EXPECT_EQ(m.Key(), "2012-M03");
  EXPECT_EQ(m.Label(), "Tháng 3/2012");
  EXPECT_EQ(m.start, (CivilDate{2012, 3, 1}));
  EXPECT_EQ(m.end, (CivilDate{2012, 3, 31}));
  Period q = *MakePeriod(PeriodKind::kQuarter, 2012, 4);
  EXPECT_EQ(q.Key(), "2012-Q4");
  EXPECT_EQ(q.Label(), "Quý IV/2012");
  EXPECT_EQ(q.start, (CivilDate{2012, 10, 1}));
  EXPECT_EQ(MakePeriod(PeriodKind::kQuarter, 2012, 1)->Label(), "Quý I/2012");
  EXPECT_EQ(MakePeriod(PeriodKind::kHalf, 2012, 1)->Label(), "6 tháng đầu năm 2012");
  EXPECT_EQ(MakePeriod(PeriodKind::kHalf, 2012, 2)->Label(), "6 tháng cuối năm 2012");
  EXPECT_EQ(MakePeriod(PeriodKind::kHalf, 2012, 1)->end, (CivilDate{2012, 6, 30}));
  EXPECT_EQ(MakePeriod(PeriodKind::kYear, 2012, 1)->Key(), "2012-Y");
  EXPECT_EQ(MakePeriod(PeriodKind::kYear, 2012, 1)->Label(), "Năm 2012");
  EXPECT_EQ(MakePeriod(PeriodKind::kOnce, 2012, 1)->Key(), "2012-O1");
  EXPECT_EQ(MakePeriod(PeriodKind::kOnce, 2012, 1)->Label(), "Một lần (2012)");
  EXPECT_FALSE(MakePeriod(PeriodKind::kMonth, 2012, 13));
  EXPECT_FALSE(MakePeriod(PeriodKind::kYear, 2012, 2));
}

TEST(Period, FebruaryEndsOnTheLeapDay) {
  EXPECT_EQ(ParsePeriodKey("2012-M02")->end, (CivilDate{2012, 2, 29}));
  EXPECT_EQ(ParsePeriodKey("2011-M02")->end, (CivilDate{2011, 2, 28}));
  EXPECT_EQ(ParsePeriodKey("2000-M02")->end, (CivilDate{2000, 2, 29}));
  EXPECT_EQ(ParsePeriodKey("2100-M02")->end, (CivilDate{2100, 2, 28}));
  EXPECT_EQ(ParsePeriodKey("2012-Q1")->end, (CivilDate{2012, 3, 31}));
}

TEST(Period, ParseKeyRoundTrips) {
  for (const char* key : {"2012-M01", "2012-M12", "2012-Q1", "2012-Q4", "2012-H1", "2012-H2",
                          "2012-Y", "2012-O1", "0001-Y", "9999-M12"}) {
    auto p = ParsePeriodKey(key);
    ASSERT_TRUE(p) << key;
    EXPECT_EQ(p->Key(), key);
    EXPECT_EQ(*ParsePeriodKey(p->Key()), *p);
  }
  for (int kind = 0; kind < 5; ++kind) {
    auto p = MakePeriod(static_cast<PeriodKind>(kind), 2025, 1);
    ASSERT_TRUE(p);
    EXPECT_EQ(*ParsePeriodKey(p->Key()), *p);
  }
  // Keys sort in time order within one kind.
  EXPECT_LT(ParsePeriodKey("2012-M09")->Key(), ParsePeriodKey("2012-M10")->Key());
  EXPECT_LT(*ParsePeriodKey("2012-M09"), *ParsePeriodKey("2012-M10"));
}

TEST(Period, ParseKeyRejectsWhatKeyWouldNotWrite) {
  for (const char* key :
       {"",         "2012",    "2012-",   "2012-M3",  "2012-M003", "2012-M00", "2012-M13",
        "2012-Q0",  "2012-Q5", "2012-H3", "2012-Y1",  "2012-y",    "2012-O2",  "12-M03",
        "2012/M03", "0000-Y",  "2012-X1", "2012-M0a", " 2012-Y",   "2012-Q1 "}) {
    auto p = ParsePeriodKey(key);
    ASSERT_FALSE(p) << key;
    EXPECT_EQ(p.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(p.error().reason, "bad_period");
  }
}

// ---------------------------------------------------------------------------------------------
// Due dates: fixed rule

TEST(DueDates, Monthly18thIn2012MovesOffWeekends) {
  auto dues = MustDue(Monthly(18), 2012);
  ASSERT_EQ(dues.size(), 12u);
  const std::vector<CivilDate> expected = {
      {2012, 1, 18}, {2012, 2, 20}, {2012, 3, 19}, {2012, 4, 18},  {2012, 5, 18},  {2012, 6, 18},
      {2012, 7, 18}, {2012, 8, 20}, {2012, 9, 18}, {2012, 10, 18}, {2012, 11, 19}, {2012, 12, 18}};
  EXPECT_EQ(DueDays(dues), expected);
  for (int m = 1; m <= 12; ++m) {
    const Due& d = dues[m - 1];
    EXPECT_EQ(d.period, *MakePeriod(PeriodKind::kMonth, 2012, m));
    EXPECT_EQ(d.nominal, (CivilDate{2012, m, 18}));  // before the month ends: an estimate
    EXPECT_FALSE(d.cutoff_start);
  }
  EXPECT_EQ(Calendar().HolidayName(dues[2].nominal), std::nullopt);  // 18/3: a plain Sunday
}

TEST(DueDates, QuarterlyUsesTheQuartersLastMonth) {
  Schedule s = Monthly(18);
  s.frequency = Frequency::kQuarterly;
  auto dues = MustDue(s, 2012);
  ASSERT_EQ(dues.size(), 4u);
  EXPECT_EQ(dues[0].period.Key(), "2012-Q1");
  EXPECT_EQ(dues[0].nominal, (CivilDate{2012, 3, 18}));
  EXPECT_EQ(DueDays(dues),
            (std::vector<CivilDate>{{2012, 3, 19}, {2012, 6, 18}, {2012, 9, 18}, {2012, 12, 18}}));
}

TEST(DueDates, DayBeyondTheMonthEndMeansItsLastDay) {
  auto leap = MustDue(Monthly(30), 2012);
  EXPECT_EQ(leap[1].nominal, (CivilDate{2012, 2, 29}));
  EXPECT_EQ(leap[1].due, (CivilDate{2012, 2, 29}));  // Wednesday
  auto leap31 = MustDue(Monthly(31), 2012);
  EXPECT_EQ(leap31[1].nominal, (CivilDate{2012, 2, 29}));
  EXPECT_EQ(leap31[3].nominal, (CivilDate{2012, 4, 30}));
  EXPECT_EQ(leap31[3].due, (CivilDate{2012, 5, 2}));   // 30/4 and 1/5 are holidays
  EXPECT_EQ(leap31[11].due, (CivilDate{2013, 1, 2}));  // 31/12 off (swap), 1/1 holiday
  auto plain = MustDue(Monthly(31), 2011);
  EXPECT_EQ(plain[1].nominal, (CivilDate{2011, 2, 28}));
  EXPECT_EQ(plain[1].due, (CivilDate{2011, 2, 28}));
  EXPECT_EQ(MustDue(Monthly(29), 2011)[1].nominal, (CivilDate{2011, 2, 28}));
  EXPECT_EQ(MustDue(Monthly(29), 2012)[1].nominal, (CivilDate{2012, 2, 29}));
}

TEST(DueDates, The2008RulesFallOnAWeekendAndMoveToMonday) {
  auto half = MustDue(FixedOn(Frequency::kSemiannual, {2008, 6, 15}), 2008);
  ASSERT_EQ(half.size(), 1u);
  EXPECT_EQ(half[0].period.Key(), "2008-H1");
  EXPECT_EQ(half[0].nominal, (CivilDate{2008, 6, 15}));  // Sunday
  EXPECT_EQ(half[0].due, (CivilDate{2008, 6, 16}));
  auto year = MustDue(FixedOn(Frequency::kAnnual, {2008, 11, 15}), 2008);
  ASSERT_EQ(year.size(), 1u);
  EXPECT_EQ(year[0].period.Key(), "2008-Y");
  EXPECT_EQ(year[0].due, (CivilDate{2008, 11, 17}));  // 15/11 a Saturday
  auto second_half = MustDue(FixedOn(Frequency::kSemiannual, {2008, 12, 10}), 2008);
  ASSERT_EQ(second_half.size(), 1u);
  EXPECT_EQ(second_half[0].period.Key(), "2008-H2");
}

TEST(DueDates, SemiannualAndAnnualByDayOfMonth) {
  Schedule s{Frequency::kSemiannual, DueRule::kFixed, 20, std::nullopt, 1};
  auto halves = MustDue(s, 2012);
  ASSERT_EQ(halves.size(), 2u);
  EXPECT_EQ(halves[0].nominal, (CivilDate{2012, 6, 20}));
  EXPECT_EQ(halves[1].nominal, (CivilDate{2012, 12, 20}));
  s.frequency = Frequency::kAnnual;
  auto year = MustDue(s, 2012);
  ASSERT_EQ(year.size(), 1u);
  EXPECT_EQ(year[0].nominal, (CivilDate{2012, 12, 20}));
}

TEST(DueDates, OnceDueInTet2012MovesPastTheWholeBreak) {
  auto dues = MustDue(FixedOn(Frequency::kOnce, {2012, 1, 25}), 2012);
  ASSERT_EQ(dues.size(), 1u);
  EXPECT_EQ(dues[0].period.Key(), "2012-O1");
  EXPECT_EQ(dues[0].nominal, (CivilDate{2012, 1, 25}));
  EXPECT_EQ(dues[0].due, (CivilDate{2012, 1, 30}));
  // The 2012 program's own deadline: "trước ngày 15/3/2012", a Thursday.
  EXPECT_EQ(MustDue(FixedOn(Frequency::kOnce, {2012, 3, 15}), 2012)[0].due,
            (CivilDate{2012, 3, 15}));
  // A once-due may lie in the next year.
  EXPECT_EQ(MustDue(FixedOn(Frequency::kOnce, {2013, 1, 15}), 2012)[0].due,
            (CivilDate{2013, 1, 15}));
}

TEST(DueDates, WithoutATableTetIsNotKnown) {
  WorkCalendar plain;
  auto dues = MustDue(FixedOn(Frequency::kOnce, {2012, 1, 25}), 2012, plain);
  EXPECT_EQ(dues[0].due, (CivilDate{2012, 1, 25}));
}

TEST(DueDates, RejectsSchedulesThatCannotProduceDates) {
  const Schedule kBad[] = {
      {Frequency::kMonthly, DueRule::kFixed, std::nullopt, std::nullopt, 1},
      {Frequency::kQuarterly, DueRule::kFixed, std::nullopt, std::nullopt, 1},
      {Frequency::kMonthly, DueRule::kFixed, 18, CivilDate{2012, 3, 18}, 1},
      {Frequency::kOnce, DueRule::kFixed, std::nullopt, std::nullopt, 1},
      {Frequency::kOnce, DueRule::kFixed, 18, std::nullopt, 1},
      {Frequency::kSemiannual, DueRule::kFixed, std::nullopt, std::nullopt, 1},
      {Frequency::kAnnual, DueRule::kFixed, std::nullopt, std::nullopt, 1},
      {Frequency::kMonthly, DueRule::kFixed, 0, std::nullopt, 1},
      {Frequency::kMonthly, DueRule::kFixed, 32, std::nullopt, 1},
      {Frequency::kAnnual, DueRule::kFixed, std::nullopt, CivilDate{2009, 1, 15}, 1},
      {Frequency::kSemiannual, DueRule::kFixed, std::nullopt, CivilDate{2007, 12, 15}, 1},
      {Frequency::kOnce, DueRule::kDecree09, std::nullopt, std::nullopt, 1},
      {Frequency::kMonthly, DueRule::kDecree09, std::nullopt, std::nullopt, 0},
      {Frequency::kMonthly, DueRule::kDecree09, std::nullopt, std::nullopt, 91},
      {Frequency::kMonthly, DueRule::kDecree09, 18, std::nullopt, 1},
  };
  for (const Schedule& s : kBad) {
    auto dues = DueDates(s, 2008, Calendar());
    ASSERT_FALSE(dues) << FrequencyName(s.frequency);
    EXPECT_EQ(dues.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(dues.error().reason, "bad_schedule");
  }
  EXPECT_FALSE(DueDates(Monthly(18), 1, Calendar()));
}

// ---------------------------------------------------------------------------------------------
// Due dates: Decree 09/2019/NĐ-CP

TEST(DueDates, Decree09MonthWindows2020) {
  auto dues = MustDue(Decree09(Frequency::kMonthly), 2020);
  ASSERT_EQ(dues.size(), 12u);
  EXPECT_EQ(dues[0].cutoff_start, (CivilDate{2019, 12, 15}));
  EXPECT_EQ(dues[0].cutoff_end, (CivilDate{2020, 1, 14}));
  EXPECT_EQ(dues[0].due, (CivilDate{2020, 1, 15}));
  EXPECT_EQ(dues[0].nominal, dues[0].due);
  EXPECT_EQ(dues[1].cutoff_start, (CivilDate{2020, 1, 15}));
  EXPECT_EQ(dues[1].cutoff_end, (CivilDate{2020, 2, 14}));  // a Friday
  EXPECT_EQ(dues[1].due, (CivilDate{2020, 2, 17}));
  EXPECT_EQ(dues[2].due, (CivilDate{2020, 3, 16}));  // 14/3 Saturday
  EXPECT_EQ(dues[11].cutoff_start, (CivilDate{2020, 11, 15}));
  EXPECT_EQ(dues[11].due, (CivilDate{2020, 12, 15}));
  auto three = MustDue(Decree09(Frequency::kMonthly, 3), 2020);
  EXPECT_EQ(three[0].due, (CivilDate{2020, 1, 17}));
  EXPECT_EQ(three[4].due, (CivilDate{2020, 5, 19}));  // 14/5 Thursday: Fri, Mon, Tue
}

TEST(DueDates, Decree09WindowEndingBeforeTet2026) {
  auto dues = MustDue(Decree09(Frequency::kMonthly), 2026);
  // 14/2/2026 is the Saturday the 9-day Tết break begins: first working day Monday 23/2.
  EXPECT_EQ(dues[1].cutoff_end, (CivilDate{2026, 2, 14}));
  EXPECT_EQ(dues[1].due, (CivilDate{2026, 2, 23}));
  EXPECT_EQ(MustDue(Decree09(Frequency::kMonthly, 3), 2026)[1].due, (CivilDate{2026, 2, 25}));
  // September 2026: 14/9 Monday, well after Quốc khánh.
  EXPECT_EQ(dues[8].due, (CivilDate{2026, 9, 15}));
}

TEST(DueDates, Decree09QuarterHalfAndYearWindows) {
  auto q = MustDue(Decree09(Frequency::kQuarterly), 2026);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0].cutoff_start, (CivilDate{2025, 12, 15}));
  EXPECT_EQ(q[0].cutoff_end, (CivilDate{2026, 3, 14}));
  EXPECT_EQ(q[0].due, (CivilDate{2026, 3, 16}));
  EXPECT_EQ(q[1].cutoff_start, (CivilDate{2026, 3, 15}));
  EXPECT_EQ(q[1].cutoff_end, (CivilDate{2026, 6, 14}));
  EXPECT_EQ(q[1].due, (CivilDate{2026, 6, 15}));
  EXPECT_EQ(q[3].cutoff_start, (CivilDate{2026, 9, 15}));
  auto h = MustDue(Decree09(Frequency::kSemiannual), 2026);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].cutoff_start, (CivilDate{2025, 12, 15}));
  EXPECT_EQ(h[0].cutoff_end, (CivilDate{2026, 6, 14}));
  EXPECT_EQ(h[1].cutoff_start, (CivilDate{2026, 6, 15}));
  EXPECT_EQ(h[1].cutoff_end, (CivilDate{2026, 12, 14}));
  EXPECT_EQ(h[1].due, (CivilDate{2026, 12, 15}));
  auto y = MustDue(Decree09(Frequency::kAnnual), 2026);
  ASSERT_EQ(y.size(), 1u);
  EXPECT_EQ(y[0].period.Key(), "2026-Y");
  EXPECT_EQ(y[0].cutoff_start, (CivilDate{2025, 12, 15}));
  EXPECT_EQ(y[0].cutoff_end, (CivilDate{2026, 12, 14}));
}

// ---------------------------------------------------------------------------------------------
// Expected reports

OrgUnitId IdOf(const char* code, CivilDate at) {
  const OrgUnit* u = Registry().FindByCode(code, at);
  EXPECT_NE(u, nullptr) << code;
  return u ? u->id : 0;
}

Responsible EveryProvince() { return Responsible{std::nullopt, OrgKind::kProvince, std::nullopt}; }

std::vector<ExpectedReport> MustExpect(const std::vector<Obligation>& obligations, int year) {
  auto r = ExpectedReports(obligations, year, Registry(), Calendar());
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : std::vector<ExpectedReport>();
}

std::set<std::string> CodesFor(const std::vector<ExpectedReport>& reports, const char* period) {
  std::set<std::string> codes;
  for (const ExpectedReport& r : reports) {
    if (r.period.Key() == period) codes.insert(Registry().Find(r.unit)->code);
  }
  return codes;
}

size_t CountFor(const std::vector<ExpectedReport>& reports, const char* period) {
  return static_cast<size_t>(std::count_if(
      reports.begin(), reports.end(), [&](const auto& r) { return r.period.Key() == period; }));
}

TEST(ExpectedReports, HaTayReportsForTheFirstHalfOf2008Only) {
  std::vector<Obligation> obligations = {
      {"6-thang",
       "Báo cáo 6 tháng",
       FixedOn(Frequency::kSemiannual, {2008, 6, 15}),
       {EveryProvince()}},
      {"nam", "Báo cáo năm", FixedOn(Frequency::kAnnual, {2008, 11, 15}), {EveryProvince()}},
  };
  auto reports = MustExpect(obligations, 2008);
  ASSERT_EQ(reports.size(), 64u + 63u);
  auto h1 = CodesFor(reports, "2008-H1");
  auto y = CodesFor(reports, "2008-Y");
  EXPECT_EQ(h1.size(), 64u);
  EXPECT_EQ(y.size(), 63u);
  EXPECT_TRUE(h1.count("28"));
  EXPECT_FALSE(y.count("28"));
  // Sorted by due date: all the 6-month reports (16/6) before the annual ones (17/11).
  EXPECT_EQ(reports.front().due, (CivilDate{2008, 6, 16}));
  EXPECT_EQ(reports.front().nominal, (CivilDate{2008, 6, 15}));
  EXPECT_EQ(reports.front().obligation, "6-thang");
  EXPECT_EQ(Registry().Find(reports.front().unit)->code, "01");
  EXPECT_EQ(reports.back().due, (CivilDate{2008, 11, 17}));
  EXPECT_TRUE(std::is_sorted(reports.begin(), reports.end(),
                             [](const auto& a, const auto& b) { return a.due < b.due; }));
}

TEST(ExpectedReports, Monthly2012From63Provinces) {
  auto reports = MustExpect({{"thang", "Báo cáo tháng", Monthly(18), {EveryProvince()}}}, 2012);
  ASSERT_EQ(reports.size(), 756u);
  for (int m = 1; m <= 12; ++m) {
    auto key = MakePeriod(PeriodKind::kMonth, 2012, m)->Key();
    EXPECT_EQ(CountFor(reports, key.c_str()), 63u) << key;
  }
  EXPECT_EQ(reports[0].period.Key(), "2012-M01");
  EXPECT_EQ(reports[63].period.Key(), "2012-M02");
  EXPECT_EQ(reports[63].due, (CivilDate{2012, 2, 20}));
  EXPECT_EQ(Registry().Find(reports[0].unit)->code, "01");
  EXPECT_EQ(Registry().Find(reports[62].unit)->code, "96");  // Cà Mau, last by code
  EXPECT_EQ(reports.back().period.Key(), "2012-M12");
}

TEST(ExpectedReports, OneDepartmentAndDeduplication) {
  const CivilDate at{2012, 2, 27};
  OrgUnitId vl = IdOf("VL", at);
  OrgUnitId molisa = IdOf("LĐTBXH", at);
  Schedule once = FixedOn(Frequency::kOnce, {2012, 3, 15});
  auto single = MustExpect(
      {{"ctct", "Chương trình công tác", once, {Responsible{vl, std::nullopt, std::nullopt}}}},
      2012);
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].unit, vl);
  EXPECT_EQ(single[0].due, (CivilDate{2012, 3, 15}));

  Responsible departments{std::nullopt, OrgKind::kDepartment, molisa};
  size_t department_count = Registry().UnitsAt(at, OrgKind::kDepartment).size();
  auto dedup = MustExpect({{"ctct",
                            "Chương trình công tác",
                            once,
                            {Responsible{vl, std::nullopt, std::nullopt}, departments,
                             Responsible{vl, std::nullopt, std::nullopt}, departments}}},
                          2012);
  EXPECT_EQ(dedup.size(), department_count);
  EXPECT_EQ(std::count_if(dedup.begin(), dedup.end(), [&](const auto& r) { return r.unit == vl; }),
            1);
  // Everything below the Ministry, of any kind: its departments and the 63 provincial
  // departments, not the Ministry itself.
  auto below = MustExpect(
      {{"ctct", "Chương trình công tác", once, {Responsible{std::nullopt, std::nullopt, molisa}}}},
      2012);
  EXPECT_EQ(below.size(), department_count + 63);
  EXPECT_EQ(
      std::count_if(below.begin(), below.end(), [&](const auto& r) { return r.unit == molisa; }),
      0);
  // Two obligations naming the same unit each expect it.
  auto two = MustExpect({{"a", "A", once, {Responsible{vl, std::nullopt, std::nullopt}}},
                         {"b", "B", once, {Responsible{vl, std::nullopt, std::nullopt}}}},
                        2012);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].obligation, "a");
  EXPECT_EQ(two[1].obligation, "b");
}

TEST(ExpectedReports, AUnitThatNoLongerExistsIsNotExpected) {
  OrgUnitId ha_tay = IdOf("28", {2008, 1, 25});
  Responsible only_ha_tay{ha_tay, std::nullopt, std::nullopt};
  auto reports = MustExpect(
      {{"6-thang", "6 tháng", FixedOn(Frequency::kSemiannual, {2008, 6, 15}), {only_ha_tay}},
       {"nam", "Năm", FixedOn(Frequency::kAnnual, {2008, 11, 15}), {only_ha_tay}}},
      2008);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].period.Key(), "2008-H1");
}

TEST(ExpectedReports, The2025ReorganisationSplitsTheYear) {
  ASSERT_EQ(Registry().UnitsAt({2025, 6, 30}, OrgKind::kProvince).size(), 63u);
  ASSERT_EQ(Registry().UnitsAt({2025, 7, 1}, OrgKind::kProvince).size(), 34u);
  auto reports = MustExpect({{"thang", "Báo cáo tháng", Monthly(18), {EveryProvince()}}}, 2025);
  EXPECT_EQ(reports.size(), 63u * 6 + 34u * 6);
  EXPECT_EQ(CountFor(reports, "2025-M06"), 63u);
  EXPECT_EQ(CountFor(reports, "2025-M07"), 34u);
  EXPECT_TRUE(CodesFor(reports, "2025-M06").count("02"));   // Hà Giang
  EXPECT_FALSE(CodesFor(reports, "2025-M07").count("02"));  // merged into Tuyên Quang

  // The Ministry's own departments end with MOLISA on 28/2/2025.
  Responsible departments{std::nullopt, OrgKind::kDepartment, IdOf("LĐTBXH", {2025, 1, 1})};
  auto ministry = MustExpect({{"thang", "Báo cáo tháng", Monthly(18), {departments}}}, 2025);
  EXPECT_GT(CountFor(ministry, "2025-M02"), 0u);
  EXPECT_EQ(CountFor(ministry, "2025-M03"), 0u);
  EXPECT_EQ(ministry.size(), 2 * CountFor(ministry, "2025-M01"));

  // "Sở … các tỉnh, thành phố" read in January 2025 is the provinces below MOLISA; from July
  // they are below Bộ Nội vụ, which MOLISA became: the 34 provinces owe the second half.
  Responsible molisa_provinces{std::nullopt, OrgKind::kProvince, IdOf("LĐTBXH", {2025, 1, 1})};
  auto provinces = MustExpect({{"thang", "Báo cáo tháng", Monthly(18), {molisa_provinces}}}, 2025);
  EXPECT_EQ(CountFor(provinces, "2025-M04"), 63u);
  EXPECT_EQ(CountFor(provinces, "2025-M07"), 34u);
  EXPECT_EQ(provinces.size(), 63u * 6 + 34u * 6);
}

TEST(ExpectedReports, Decree09ReportsCarryTheirWindow) {
  auto reports = MustExpect(
      {{"quy", "Báo cáo quý", Decree09(Frequency::kQuarterly), {EveryProvince()}}}, 2020);
  ASSERT_EQ(reports.size(), 4u * 63);
  EXPECT_EQ(reports[0].cutoff_start, (CivilDate{2019, 12, 15}));
  EXPECT_EQ(reports[0].cutoff_end, (CivilDate{2020, 3, 14}));
  EXPECT_EQ(reports[0].due, (CivilDate{2020, 3, 16}));
}

TEST(ExpectedReports, RejectsBadObligations) {
  Schedule once = FixedOn(Frequency::kOnce, {2012, 3, 15});
  const std::vector<std::vector<Obligation>> kBad = {
      {{"", "no key", once, {EveryProvince()}}},
      {{"a", "A", once, {EveryProvince()}}, {"a", "A again", once, {EveryProvince()}}},
      {{"a", "nobody", once, {Responsible{}}}},
      {{"a", "both", once, {Responsible{1, OrgKind::kProvince, std::nullopt}}}},
      {{"a", "unknown", once, {Responsible{424242, std::nullopt, std::nullopt}}}},
      {{"a", "unknown parent", once, {Responsible{std::nullopt, std::nullopt, 424242}}}},
  };
  for (const auto& obligations : kBad) {
    auto r = ExpectedReports(obligations, 2012, Registry(), Calendar());
    ASSERT_FALSE(r) << obligations.back().name;
    EXPECT_EQ(r.error().reason, "bad_obligation");
  }
  auto bad_schedule = ExpectedReports({{"thang", "Báo cáo tháng", Monthly(0), {EveryProvince()}}},
                                      2012, Registry(), Calendar());
  ASSERT_FALSE(bad_schedule);
  EXPECT_EQ(bad_schedule.error().reason, "bad_schedule");
  EXPECT_NE(bad_schedule.error().message.find("thang"), std::string::npos);
}

}  // namespace
}  // namespace wp::domain
