#pragma once
// The plan a work-program decision describes, as read from its text before anyone has
// reviewed it: metadata, the numbered outline with its lead and coordinating units, tasks,
// targets, budgets, deadlines, the reporting regime, the units named, and diagnostics. Every
// item keeps the span of the clause it came from. Pure data: no I/O, no JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/decimal.hpp"
#include "core/span.hpp"
#include "domain/org.hpp"

namespace wp::domain {

// How a target's value is to be met (DOMAIN.md §2: "dưới 4,3%" is a ceiling; "giảm tỷ lệ hộ
// nghèo 2%" is a fall of 2 percentage points).
enum class Comparator { kEq, kMin, kMax, kDecreaseBy, kIncreaseBy };
const char* ComparatorName(Comparator c);  // "eq", "min", "max", "decrease_by", "increase_by"
std::optional<Comparator> ParseComparator(std::string_view s);

enum class Frequency { kOnce, kMonthly, kQuarterly, kSemiannual, kAnnual };
const char* FrequencyName(Frequency f);  // "once", "monthly", …
std::optional<Frequency> ParseFrequency(std::string_view s);

struct Article {
  int number = 0;
  std::string text;
  core::SourceSpan span;
};

struct DocumentInfo {
  std::optional<std::string> type;    // "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", …
  std::optional<std::string> number;  // "224/QĐ-LĐTBXH"
  std::optional<core::CivilDate> issued_date;
  std::optional<std::string> place;
  std::optional<std::string> issuer;  // "Bộ Lao động - Thương binh và Xã hội"
  std::optional<std::string> signer;
  std::optional<std::string> signer_title;  // "Bộ trưởng"
  std::optional<int> year;                  // the year the program covers
  std::optional<std::string> title;
  std::vector<std::string> legal_bases;
  std::vector<Article> articles;
  std::vector<std::string> recipients;
};

struct Task {
  std::string text;
  std::string kind;                     // "bullet" or "paragraph"
  std::vector<std::string> lead_units;  // its own, or inherited from the section
  std::vector<std::string> coordinating_units;
  bool leads_inherited = true;
  std::vector<std::string> details;                     // nested "+" / "*" lines
  std::vector<ResolvedUnitName> resolved_leads;         // filled when resolved against the
  std::vector<ResolvedUnitName> resolved_coordinators;  // organisation (empty before)
  core::SourceSpan span;
};

struct Section {
  std::string number;  // "II.2.1": roman part + arabic path as written
  std::string title;
  std::string parent;  // number of the enclosing section, "" at the top
  int depth = 0;       // 0 for a part
  std::vector<std::string> lead_units;
  std::vector<std::string> coordinating_units;
  std::string lead_phrase;  // the words that named the leads, as written
  bool leads_inherited = false;
  std::vector<ResolvedUnitName> resolved_leads;  // filled when resolved against the organisation
  std::vector<ResolvedUnitName> resolved_coordinators;
  std::vector<Task> tasks;
  core::SourceSpan span;
};

struct Target {
  std::string section;
  std::string indicator;
  std::string raw;
  core::Decimal value;  // in base units
  std::string unit;     // "người", "%", "đồng", …
  Comparator comparator = Comparator::kEq;
  bool approximate = false;             // "khoảng", "bình quân"
  std::optional<std::string> parent;    // indicator of the whole, for "trong đó" parts
  std::optional<std::string> restates;  // section of an earlier target with the same value and unit
  // A rate measured as the ratio of two other targets' sums (their positions in the plan's
  // targets; "tỷ lệ lao động qua đào tạo" = trained / workers), not as a mean of the units'
  // rates. Set by whoever knows the figures behind it (gen-data), not read from a decision.
  std::optional<int> numerator, denominator;
  core::SourceSpan span;
};

struct Budget {
  std::string section;
  std::optional<std::string> program;
  std::string raw;
  int64_t total_vnd = 0;
  std::optional<int64_t> investment_vnd;
  std::optional<int64_t> recurrent_vnd;
  std::optional<std::string> source;
  core::SourceSpan span;
};

struct Deadline {
  std::string section;
  std::string raw;
  std::optional<core::CivilDate> due;  // nullopt for a recurring rule
  std::string what;
  std::string responsible;
  core::SourceSpan span;
};

struct ReportingRule {
  std::string raw;
  std::string report;
  Frequency frequency = Frequency::kOnce;
  std::optional<core::CivilDate> due;
  std::optional<int> day_of_month;
  bool last_month_of_quarter = false;  // "… và tháng cuối quý"
  // "… thực hiện theo Nghị định số 09/2019/NĐ-CP …": data cut-off windows (15th of the
  // previous month to the 14th), the report due `working_days` working days after the cut-off;
  // `due` and `day_of_month` are then unset.
  bool decree09 = false;
  std::optional<int> working_days;
  std::string from;
  std::vector<std::string> from_units;
  std::vector<std::string> to;
  std::string section;
  core::SourceSpan span;
};

struct UnitMention {
  std::string name;
  int mentions = 0;
  std::vector<std::string> variants;  // other spellings of the same unit seen in the text
};

struct PlanDraft {
  DocumentInfo document;
  std::vector<Section> sections;
  std::vector<Target> targets;
  std::vector<Budget> budgets;
  std::vector<Deadline> deadlines;
  std::vector<ReportingRule> reporting;
  std::vector<UnitMention> units;
  std::vector<core::Diagnostic> diagnostics;
};

// The id of task `task_index` (from 0) of `plan.sections[section_index]`: the section's number
// and the task's place in it, from 1 ("II.2.1#3"). Reports store task progress under it, so it
// is unique in a plan and stable for a published one. A decision may number two sections alike
// (the 2012 one has "11.2." twice): the first section of a number keeps it, the n-th adds "~n"
// ("II.11.2~2#1"), so a plan without repeats keeps the ids it always had.
std::string TaskId(const PlanDraft& plan, size_t section_index, size_t task_index);

// The section an item (a target, a deadline) was written in, which the item names by number
// only: of the sections with that number, the last one that begins at or before `at` (the first
// when none does). Null when no section has that number. Every match of an item to a section
// goes through it, so two sections numbered alike ("11.2." twice in 2012) keep their own.
const Section* SectionOf(const PlanDraft& plan, std::string_view number,
                         const core::SourceSpan& at);
// A section's key: its number, with "~n" for the n-th section of a number a decision repeats
// ("11.2~2"); what TaskId begins with. `section` is one of `plan.sections`.
std::string SectionKey(const PlanDraft& plan, const Section& section);

}  // namespace wp::domain
