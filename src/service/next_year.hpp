#pragma once
// Next year's program started from this year's (issue 18): a draft holding this year's outline
// and leads, every target with its catalogue indicator and this year's value in force on 31/12
// (awaiting next year's decision), only the Ministry tasks not finished by then (each marked
// with the task it continues), and the responsibility matrix copied from 1 January. When next
// year's decision arrives it is read against the draft: each target matched by its indicator,
// then by its folded name and unit; each carried task by the share of words it has in common
// with a task of the decision (≥ 0,6), in its section first, then anywhere. The planner decides
// each proposal; applying the decisions makes the draft the decision's program with the carried
// items kept, and only then may it be published. Indicator codes are kept, so last year's
// figures stand beside next year's. Hides the store's next-year records.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/plan.hpp"
#include "service/common.hpp"

namespace wp::store {
class Store;
struct NextYearItem;
}  // namespace wp::store

namespace wp::service {

class Organisation;
class ProgramCache;
class Figures;

struct NextYearTarget {
  std::string key;  // its indicator code, else "ord:N"
  int64_t target_id = 0;
  std::string indicator_code;
  std::string section;
  std::string name;
  std::string uom;
  core::Decimal carried_value;  // last year's in force on 31/12
  std::string carried_from;     // "2:target:17"
  std::string decision;         // "" undecided, "2013", "carried", "drop"
};

struct NextYearTask {
  std::string id;  // in the draft: "II.2.1#1"
  std::string section;
  std::string text;
  std::string carried_from;  // "2:II.2.1#1"
  std::string decision;
};

struct NextYearView {
  ProgramId program_id = 0;
  ProgramId from_program = 0;
  int year = 0;
  int64_t revision = 0;
  core::CivilDate matrix_from;  // 1 January of the year
  std::string decision_name;    // next year's decision last read ("" none yet)
  std::optional<std::string> reconciled_at;
  std::vector<NextYearTarget> targets;
  std::vector<NextYearTask> tasks;
};

// One proposal of a reconciliation: `key` "target:LD.VL.01" / "target:ord:7" (a carried target),
// "target:new:3" (the decision's target at ord 3), "task:II.2.1#1" (a carried task),
// "task:new:II.4.2#1" (the decision's task). `match` matched | new | carried_only; `takes` the
// decisions it allows ("2013" the decision's, "carried" last year's, "drop"), `proposal` the
// one proposed.
struct ReconcileItem {
  std::string key;
  std::string kind;  // "target" | "task"
  std::string match;
  std::string section;
  std::string name;
  std::string indicator_code;
  std::string carried_from;
  std::string carried;       // as a person reads it: "1.600.000 người", a task's text
  std::string decided_2013;  // the decision's
  std::string proposal;
  std::string why;  // "cùng mã chỉ tiêu LD.VL.01", "trùng 72% số từ, cùng mục II.2.1", …
  std::vector<std::string> takes;
  std::string decision;  // applied ("" before)
  // What it matched in the decision: a target's ord, a task's id (-1 / "" for none).
  int decided_ord = -1;
  std::string decided_task;
};

struct ReconcileView {
  ProgramId program_id = 0;
  int64_t revision = 0;
  std::string decision_name;
  std::optional<std::string> reconciled_at;
  std::vector<ReconcileItem> items;
};

struct ReconcileDecision {
  std::string key;
  std::string take;  // "2013" | "carried" | "drop"
};

// The share of distinct folded words two texts have in common (|A∩B| / |A∪B|); 0 for two
// texts without words.
double WordJaccard(std::string_view a, std::string_view b);

// The proposals for a draft (`draft`, with what it carries: `items`) against next year's
// decision as bound (`decided`). Pure: the rule the service and its tests share.
std::vector<ReconcileItem> ProposeReconcile(const domain::PlanDraft& draft,
                                            const std::vector<store::NextYearItem>& items,
                                            const domain::PlanDraft& decided);

class NextYear {
 public:
  NextYear(store::Store& store, const Organisation& org, ProgramCache& cache, Figures& figures,
           const Time& time, DataGeneration& generation, const ServiceOptions& options);

  // A draft of `year` from published program `from` (of year − 1), audited
  // ("program.start_from"). kPermissionDenied without kManagePrograms; kNotFound;
  // kFailedPrecondition ("program_not_published"); kInvalidArgument ("year_invalid") unless
  // `year` follows the program's; kAlreadyExists ("next_year_exists") when one was started.
  core::Result<NextYearView> Start(const domain::Principal& by, ProgramId from, int year);
  // kNotFound ("not_next_year") for a program not started from last year's.
  core::Result<NextYearView> Get(const domain::Principal& by, ProgramId draft);
  // Reads next year's decision (text, or a .docx/.pdf as the import takes it: `form` "", text,
  // docx, pdf) against the draft and keeps it; returns the proposals at the new revision.
  // Audited ("program.reconcile", stage "read"). kNotFound; kFailedPrecondition
  // ("program_published"); the parser's and reader's errors; kInvalidArgument
  // ("not_a_program").
  core::Result<ReconcileView> Reconcile(const domain::Principal& by, ProgramId draft,
                                        std::string_view bytes, std::string_view form,
                                        const std::string& name);
  // The proposals of the decision last read (none before), or once applied the decisions.
  core::Result<ReconcileView> Proposals(const domain::Principal& by, ProgramId draft);
  // Applies the planner's decisions, every proposal's given (a proposal without one is
  // kInvalidArgument "reconcile_incomplete" naming it; an unknown key or a take it does not
  // allow "reconcile_invalid" naming decisions[i]); the draft becomes the decision's program
  // with the carried items kept, in one transaction, audited ("program.reconcile", stage
  // "apply"). kAborted ("stale_revision") when `revision` is not the draft's;
  // kFailedPrecondition ("nothing_to_reconcile") before a decision was read.
  core::Result<ReconcileView> ApplyReconcile(const domain::Principal& by, ProgramId draft,
                                             int64_t revision,
                                             const std::vector<ReconcileDecision>& decisions);

 private:
  core::Result<domain::PlanDraft> Bind(std::string_view text);
  store::Store& store_;
  const Organisation& org_;
  ProgramCache& cache_;
  Figures& figures_;
  const Time& time_;
  DataGeneration& generation_;
  size_t max_decision_bytes_;
};

}  // namespace wp::service
