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
  // A multi-year plan ("giai đoạn 2021 - 2025", "đến năm 2020"): its first and last years;
  // `year` is then null.
  struct Period {
    int from = 0;
    int to = 0;
  };
  std::optional<Period> period;
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

// How one target relates to another the decision states elsewhere (issue 16): I.1 "Tạo việc làm
// cho 1.600 ngàn người" and II.2.1's "… chỉ tiêu tạo việc làm 1.600 ngàn người" are one target
// written twice (a restatement); "(tăng 2,78% so với thực hiện năm 2011)" after a quantity is a
// growth note on it (it gives the baseline, not a second target).
enum class MentionKind { kRestated, kGrowth };
const char* MentionKindName(MentionKind k);  // "restated", "growth"
std::optional<MentionKind> ParseMentionKind(std::string_view s);

// A target the decision states (kTarget), or a part the form asks for although the decision does
// not state it (kComponent: the numerator and denominator of a rate adding up as a ratio of sums);
// components are never counted among the program's targets.
enum class TargetRole { kTarget, kComponent };
const char* TargetRoleName(TargetRole r);  // "target", "component"
std::optional<TargetRole> ParseTargetRole(std::string_view s);

// A whole class of units that reports a target, as the decision names it: "Sở Lao động - Thương
// binh và Xã hội các tỉnh, thành phố" → every province valid on the period's date; "các đơn vị
// thuộc Bộ" → every unit of the Ministry.
enum class ReporterGroup { kProvinces, kDepartments };
const char* ReporterGroupName(ReporterGroup g);  // "province", "department"
std::optional<ReporterGroup> ParseReporterGroup(std::string_view s);

// Who the binder proposes should report a target, and why (the planner confirms or changes it in
// the responsibility matrix before publishing). One unit as written (resolved against the
// organisation at import), or a group.
struct ReporterProposal {
  std::string written;                 // the unit as the decision names it; "" for a group
  std::optional<ReporterGroup> group;  // set: the whole group (written empty)
  std::vector<OrgUnitId> units;        // `written` resolved at import (empty before, or unknown)
};

struct TargetReporters {
  std::vector<ReporterProposal> reporters;
  std::optional<ReporterProposal> consolidator;  // answers for the national figure (never a group)
  // How the proposal was found: "document_count", "fund", "leads", "restated_in:I.1",
  // "catalogue", "area:II.5.1"; "none" with `why_none` said to the planner.
  std::string rule;
  std::string why_none;
};

// A target written as a span of values ("bình quân 1,7 – 2%/năm", "đạt 30% - 40%", "từ 01-02 cán
// bộ"), in the target's base units; lower <= upper. The target's `value` is the lower bound, so a
// consumer that ignores ranges stays conservative.
struct Range {
  core::Decimal lower;
  core::Decimal upper;
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
  // Issue 16. Set on the later mention of a target stated twice: the position in the plan's
  // targets of its first mention (the chain ends there), and how it relates to it. A mention is
  // kept as read (its clause stays traceable) but is not a target of its own.
  std::optional<int> mention_of;
  std::optional<MentionKind> mention_kind;
  std::string indicator_code;             // the issuer's catalogue indicator it measures; "" none
  std::optional<core::Decimal> baseline;  // last year's value, when the decision gives it
  TargetRole role = TargetRole::kTarget;
  TargetReporters reporters;   // proposed by the binder; the published matrix is the store's
  std::optional<Range> range;  // "1,7 – 2%": value = range->lower
  // The date by which this value is to be reached when the decision sets yearly milestones ("năm
  // 2019 đạt 99,5%, đến năm 2020 đạt 100%": 2019-12-31, 2020-12-31); unset: the program's year.
  std::optional<core::CivilDate> by;
  core::SourceSpan span;
};

// Money the program allocates (a budget line of a programme), or money it sets out to raise
// ("huy động Quỹ đền ơn đáp nghĩa 200 tỷ đồng"): a mobilised line names its fund, and a part
// ("trong đó Quỹ Bảo trợ trẻ em Việt Nam đạt khoảng 40 tỷ đồng") points at its whole.
enum class BudgetKind { kAllocated, kMobilised };
const char* BudgetKindName(BudgetKind k);  // "allocated", "mobilised"

struct Budget {
  std::string section;
  BudgetKind kind = BudgetKind::kAllocated;
  std::optional<std::string> fund;  // mobilised: the fund raised for, as written
  std::optional<int> part_of;       // a part of the budget at this position in plan.budgets
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
  // A recurring deadline ("hằng năm" → annual; "trước ngày 20 tháng cuối quý" → quarterly on the
  // 20th of the quarter's last month); unset for a one-off.
  std::optional<Frequency> recurs;
  std::optional<int> day_of_month;
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
