#pragma once
// A unit's own program (chương trình công tác của đơn vị, issue 18): the tasks a unit or a
// provincial department sets itself under the Ministry's items it leads or coordinates and the
// targets it reports or consolidates — each with the part or person responsible, start and due
// dates, the expected output —, its own targets, and the decision that issued it. Sent to the
// Ministry by the program's date (15/3 in 2012), accepted or returned by the planning
// department; an accepted one is reopened for re-acceptance. Pure: no I/O, no JSON.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/decimal.hpp"
#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/plan.hpp"
#include "domain/report.hpp"

namespace wp::domain {

// draft → submitted → returned | accepted; returned → submitted; accepted → draft (reopened,
// for re-acceptance: forms keep the accepted version meanwhile).
enum class UnitProgramStatus { kDraft, kSubmitted, kReturned, kAccepted };
const char* UnitProgramStatusName(UnitProgramStatus s);  // "draft", "submitted", …
std::optional<UnitProgramStatus> ParseUnitProgramStatus(std::string_view s);

// What a version of a unit program records (unit_program_versions.action).
enum class UnitProgramAction { kSave, kImport, kSubmit, kReturn, kAccept, kReopen };
const char* UnitProgramActionName(UnitProgramAction a);  // "save", "import", "submit", …
std::optional<UnitProgramAction> ParseUnitProgramAction(std::string_view s);

// The status `action` leads to from `from`. Saving and importing keep a draft or a returned
// program as it is; kFailedPrecondition with "unit_program_submitted" for a change of one
// waiting for review, "unit_program_accepted" for a change of an accepted one (reopen it
// first), "unit_program_not_submitted" for a return or an acceptance of one not sent,
// "unit_program_not_accepted" for reopening one not accepted.
core::Result<UnitProgramStatus> Transition(UnitProgramStatus from, UnitProgramAction action);

// One task of a unit's program. `serves`: the Ministry item it serves — a TaskId
// ("II.2.1#3"), a section's key ("II.2.3") or a target ("target:17"). The responsible is one
// of the unit's accounts, or a part or person as written ("Phòng Lao động - Việc làm"), or
// both. `id` is the stored task's (0 for a new one); its form id is UnitTaskId(id).
struct UnitTask {
  int64_t id = 0;
  std::string serves;
  std::string text;
  std::optional<UserId> responsible_user;
  std::string responsible_name;
  std::optional<core::CivilDate> start;
  std::optional<core::CivilDate> due;
  std::string output;        // sản phẩm: "Trình UBND thành phố", "Ban hành Thông tư"
  std::string carried_from;  // "2:II.2.1#1" | "u:57": last year's item it continues
  std::optional<core::CivilDate> dropped_from;
  bool operator==(const UnitTask&) const = default;
};

// A target of a unit's program: one of its allocations shown (`target_id` set), or one it adds
// (reported in its own forms, never counted in the national headline figures).
struct UnitTarget {
  std::optional<int64_t> target_id;
  std::string indicator_code;
  std::string name;
  std::string uom;
  std::optional<core::Decimal> value;
  std::optional<Comparator> comparator;
  std::string serves;  // as UnitTask::serves, "" for none
  bool operator==(const UnitTarget&) const = default;
};

// What a unit's program holds besides its workflow: the decision that issued it and its lines.
struct UnitProgramContent {
  std::string decision_number;  // "125/QĐ-SLĐTBXH"
  std::optional<core::CivilDate> decision_date;
  std::string signer;
  std::vector<UnitTask> tasks;
  std::vector<UnitTarget> targets;
  bool operator==(const UnitProgramContent&) const = default;
};

// What a unit's tasks may serve on the program's date: the sections and Ministry tasks whose
// resolved leads or coordinators hold the unit, the targets the matrix has it report or
// consolidate; and the accounts of the unit a task may name as responsible.
struct UnitItems {
  std::set<std::string> sections;  // section keys
  std::set<std::string> tasks;     // TaskIds
  std::set<int64_t> targets;       // stored target ids
  std::set<UserId> accounts;
};

inline constexpr size_t kMaxUnitTasks = 500;
inline constexpr size_t kMaxUnitTargets = 200;

// The problems of a unit's program, each naming its field ("tasks[5].serves", "tasks[2].due",
// "decision.number"): more than kMaxUnitTasks tasks or kMaxUnitTargets targets ("too_many");
// a task serving nothing of `items` ("not_your_item"), with no text ("required"), an account
// not of the unit ("not_your_account"), a start or due outside `year` ("outside_year") or a
// start after its due ("start_after_due"); a target serving an item not of `items`, without a
// name, or a target_id not among `items.targets`; texts that CheckText refuses (text, output,
// names). Fields count from 0, as the API's lists do. Empty when it may be saved.
std::vector<Problem> CheckUnitProgram(const UnitItems& items, const UnitProgramContent& content,
                                      int year);

// The id under which a target the unit adds itself (no target_id: not an allocation) is asked
// on its forms and its values kept (report_values.target_id): negative, so never a program
// target's, and the same while its name (folded) and unit of measure stay, whatever its place
// in the list or its value. Two of a program's targets with one name and unit are refused
// ("duplicate", CheckUnitProgram).
int64_t UnitTargetFormId(const UnitTarget& target);
inline bool IsUnitTargetFormId(int64_t id) { return id < 0; }

// "u:57": a unit task's id in forms (report_tasks.task_id), never a TaskId ("II.2.1#3").
std::string UnitTaskId(int64_t id);
bool IsUnitTaskId(std::string_view id);
// The stored id of "u:57"; nullopt for anything else ("u:", "u:0", "u:5x", "II.2.1#3").
std::optional<int64_t> ParseUnitTaskId(std::string_view id);

}  // namespace wp::domain
