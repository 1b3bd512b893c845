#pragma once
// Amendments of a published program (issue 18): a unit proposes to change the program from a
// date — a target's value, a deadline, a section's or task's lead, a task added or dropped —
// with a reason; the planning department forwards it with its opinion (or returns it); a leader
// approves or refuses it: the Minister ("Bộ trưởng") any, a Thứ trưởng those its delegations
// cover, never an admin. An approval makes the program's next version; nothing of the
// published plan is overwritten (domain/amendment.hpp). Also the delegations the Minister grants.
// Every write is audited ("amendment.*", "program.amend", "delegation.grant|revoke").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/amendment.hpp"
#include "service/common.hpp"

namespace wp::service {

class Organisation;
class ProgramCache;
class Responsibilities;

// A change as the proposer types it: kind "target_value" | "deadline" | "lead" | "task_add" |
// "task_drop", locator "target:17" | "deadline:3" | "section:II.2.1" | "task:II.2.1#4", value as
// typed ("1.650.000", "30/09/2012", a unit's name, a task's text; "" to drop a task).
struct AmendmentChangeInput {
  std::string kind;
  std::string locator;
  std::string value;
};

struct AmendmentInput {
  std::optional<domain::OrgUnitId> unit_id;  // the proposing unit: the caller's own by default
  std::optional<core::CivilDate> effective_from;
  std::string reason;
  std::vector<AmendmentChangeInput> changes;
  bool submit = false;  // send it to the planning department at once
};

// Someone who acted on an amendment.
struct AmendmentActor {
  domain::UserId id = 0;
  std::string username;
  std::string display_name;
  std::string title;  // a leader's
};

struct AmendmentChangeView {
  domain::Change change;
  std::string label;  // what the change is of, as a person reads it
};

struct AmendmentView {
  int64_t id = 0;
  ProgramId program_id = 0;
  domain::OrgUnitId unit_id = 0;
  std::string unit_code;
  std::string unit_name;
  domain::AmendmentStatus status = domain::AmendmentStatus::kDraft;
  int64_t version = 0;
  core::CivilDate effective_from;
  std::string reason;
  std::vector<AmendmentChangeView> changes;
  std::optional<std::string> submitted_at;
  std::optional<AmendmentActor> submitted_by;
  std::optional<std::string> forwarded_at;
  std::optional<AmendmentActor> forwarded_by;
  std::string planner_opinion;
  std::optional<std::string> decided_at;
  std::optional<AmendmentActor> decided_by;
  std::optional<int64_t> delegation_id;
  std::string decision_number;
  std::string decision_comment;
  std::optional<int> program_version;
  std::string created_at;
  std::string updated_at;
  std::vector<std::string> actions;  // what the caller may do now: "edit", "submit", "approve" …
};

struct AmendmentListFilter {
  std::optional<domain::OrgUnitId> unit;
  std::optional<domain::AmendmentStatus> status;
};

struct ProgramVersionView {
  int version = 1;
  core::CivilDate effective_from;
  std::optional<int64_t> amendment_id;
  std::string approved_at;
  std::optional<AmendmentActor> approved_by;
  std::vector<AmendmentChangeView> changes;
  std::string reason;           // the amendment's
  std::string decision_number;  // the amending decision's, when given
};

struct DelegationInput {
  domain::UserId grantee = 0;
  std::vector<std::string> areas;  // part-II areas ("II.2"); empty: every area
  std::optional<core::CivilDate> valid_from;
  std::optional<core::CivilDate> valid_to;
};

struct DelegationView {
  domain::Delegation delegation;
  AmendmentActor grantee;
  AmendmentActor granted_by;
  bool in_force = false;  // not revoked and valid today
};

class Amendments {
 public:
  Amendments(store::Store& store, const Organisation& org, ProgramCache& programs,
             Responsibilities& responsibilities, const Time& time, DataGeneration& generation);

  // Creates (no `id`, `version` 0) or edits (a draft or returned one, on `version`; `program`
  // 0: the amendment's own) an
  // amendment. The caller proposes for its own unit (editor, approver: a unit in its scope
  // that leads the item, or consolidates the target, on effective_from; else kPermissionDenied
  // "not_your_item"), a planner or admin for any unit. kInvalidArgument ("amendment_invalid",
  // details per field; "amendment_on_mention" for a mention of a target, naming the target);
  // kFailedPrecondition ("program_not_published", "period_already_reported" for a change of
  // forms inside a period already reported, "amendment_closed"); kAborted ("stale_version").
  core::Result<AmendmentView> Save(const domain::Principal& by, ProgramId program,
                                   std::optional<int64_t> id, int64_t version,
                                   const AmendmentInput& in);
  // submit / withdraw (the proposer), return / forward (planner, admin; a return needs a
  // comment, a forwarding's comment is the planner's opinion), approve / refuse (a leader who
  // may decide: kPermissionDenied "no_delegation"; from forwarded only: kFailedPrecondition
  // "amendment_not_forwarded"; an approval checks every change's `before` on the version now
  // in force: kFailedPrecondition "amendment_stale").
  core::Result<AmendmentView> Act(const domain::Principal& by, int64_t id, int64_t version,
                                  domain::AmendmentAction action, const std::string& comment,
                                  const std::string& decision_number);
  // A unit's own and every approved one; everything for those who see every unit. kNotFound
  // ("amendment_not_found") for one the caller may not see.
  core::Result<AmendmentView> Get(const domain::Principal& by, int64_t id);
  core::Result<std::vector<AmendmentView>> List(const domain::Principal& by, ProgramId program,
                                                const AmendmentListFilter& filter);
  // The program's versions, oldest first: 1 the baseline, each approval the next.
  core::Result<std::vector<ProgramVersionView>> Versions(const domain::Principal& by,
                                                         ProgramId program);

  // Delegations: read by admins, planners and leaders; granted and revoked by an admin
  // (recording the Minister's decision) or the Minister. kInvalidArgument
  // ("delegation_invalid"), kPermissionDenied ("not_minister"), kNotFound.
  core::Result<std::vector<DelegationView>> Delegations(const domain::Principal& by);
  core::Result<DelegationView> Grant(const domain::Principal& by, const DelegationInput& in);
  core::Status Revoke(const domain::Principal& by, int64_t id);

 private:
  struct Impl;
  store::Store& store_;
  const Organisation& org_;
  ProgramCache& programs_;
  Responsibilities& responsibilities_;
  const Time& time_;
  DataGeneration& generation_;
};

}  // namespace wp::service
