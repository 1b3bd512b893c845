#pragma once
// Amendments of a published program (issue 18): a unit proposes a change of the program —
// a target's value, a deadline, a section's or task's lead, a task added or dropped —, the
// planning department forwards it with its opinion, and the Minister (or a Thứ trưởng under a
// delegation covering the item's area) approves or refuses it. Nothing is overwritten: the
// program as published stays version 1, the baseline; an approved amendment makes the next
// version, whose changes take effect from its `effective_from`. What is in force on a date is
// the baseline plus the changes of the versions effective on or before it, applied in
// (effective_from, number) order. Pure: no I/O, no JSON.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "domain/org.hpp"

namespace wp::domain {

// draft → submitted → forwarded → approved | refused; submitted|forwarded → returned (to the
// proposer, who edits and submits again); draft|submitted|returned → withdrawn.
enum class AmendmentStatus {
  kDraft,
  kSubmitted,
  kReturned,
  kForwarded,
  kApproved,
  kRefused,
  kWithdrawn,
};
const char* AmendmentStatusName(AmendmentStatus s);  // "draft", "submitted", …
std::optional<AmendmentStatus> ParseAmendmentStatus(std::string_view s);

enum class AmendmentAction { kSubmit, kWithdraw, kReturn, kForward, kApprove, kRefuse };
const char* AmendmentActionName(AmendmentAction a);  // "submit", "withdraw", …
std::optional<AmendmentAction> ParseAmendmentAction(std::string_view s);

// The status an action leads to from `from`; kFailedPrecondition with a code naming why
// ("amendment_not_forwarded" for an approval or refusal before forwarding,
// "amendment_not_submitted", "amendment_closed" for anything after approved/refused/withdrawn).
core::Result<AmendmentStatus> Transition(AmendmentStatus from, AmendmentAction action);

enum class ChangeKind { kTargetValue, kDeadline, kLead, kTaskAdd, kTaskDrop };
const char* ChangeKindName(
    ChangeKind k);  // "target_value", "deadline", "lead", "task_add", "task_drop"
std::optional<ChangeKind> ParseChangeKind(std::string_view s);

// True for the kinds that change what a unit's form asks (who leads, which tasks): those may
// not take effect inside a period already reported, and never before their approval.
bool ChangesForms(ChangeKind k);

// One change of an amendment. `locator` names the item as corrections do: "target:17" (the
// stored target's id: a folded target, never a mention), "deadline:3", "section:II.2.1" (a
// section's key: its lead, or where a task is added), "task:II.2.1#4" (a task's lead, or the
// task dropped). `value`: a decimal in base units ("1650000"), an ISO date, a unit's name as
// the decision would write it, or the text of an added task; "" for task_drop. `before` and
// `after` are what a person reads ("1.600.000 người", "30/06/2012"), `before` read on the
// version in force on the amendment's effective date. `assigned_task_id`: the TaskId an
// added task receives at approval ("II.2.1#7": one more than the largest of the section in any
// version), never reused.
struct Change {
  ChangeKind kind = ChangeKind::kTargetValue;
  std::string locator;
  std::string value;
  std::string before;
  std::string after;
  std::string assigned_task_id;
  bool operator==(const Change&) const = default;
};

// A version of a program: 1 is the baseline (no changes, effective from the program's date);
// each approved amendment adds the next number with its changes.
struct Version {
  int number = 1;
  core::CivilDate effective_from;
  std::optional<int64_t> amendment_id;
  std::vector<Change> changes;
};

// The versions whose changes are in force on `on`: number ≥ 2, effective_from ≤ on, in
// (effective_from, number) order — an older date approved later applies before a newer one
// approved earlier; two on one date by number. The baseline is never returned (it has no
// changes). Pointers into `versions`.
std::vector<const Version*> InForce(std::span<const Version> versions, core::CivilDate on);

// The number of the newest version in force on `on` (1 when none is): what "phiên bản" a
// page shows for that date.
int VersionOn(std::span<const Version> versions, core::CivilDate on);

// A target's value as it steps through the year: the baseline's from the start, then each
// approved target_value change of `locator` from its effective date. Ordered by date; the
// analytics engine reads the step in force on a measure's date.
struct TargetStep {
  core::CivilDate from;
  std::string value;  // decimal in base units, as Change::value
  int version = 1;
};
std::vector<TargetStep> TargetSteps(std::span<const Version> versions, std::string_view locator,
                                    core::CivilDate program_date, std::string_view baseline_value);

// The part-II area of a section key or TaskId ("II.2.1#3" → "II.2", "II.2" → "II.2"; "" for
// part I and anything else): what a Thứ trưởng's delegation is granted over.
std::string AreaOfItem(std::string_view key);

}  // namespace wp::domain
