#pragma once
// Programs: importing a decision (parse → bind → resolve names at the decision's date → one
// transaction, refused when the text holds no program), a planner's corrections of a draft,
// publication, and reading programs with draft visibility (drafts only for those who manage
// programs) and their tasks. Published programs never change, so they are kept in memory once
// read (the program cache). Only views leave it, never the stored records.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/access.hpp"
#include "domain/amendment.hpp"
#include "domain/indicator.hpp"
#include "domain/plan.hpp"
#include "service/common.hpp"

namespace wp::store {
struct ProgramRecord;
}  // namespace wp::store

namespace wp::service {

class Organisation;
class ProgramCache;

enum class ImportMode {
  kNew,           // refuse a decision number that is already stored
  kReplaceDraft,  // replace the draft with the same number; refuse a published one
};

// A program as read, with the ids of its targets.
struct ProgramView {
  ProgramRecordView record;  // with the corrections applied (record.plan)
  // The program's targets, one however often the decision states it (issue 16: a later
  // restatement or growth note is a mention of the first, not a target), rate components left
  // out: what headlines count and the matrix lists.
  std::vector<TargetView> targets;
  // Every stored target row in document order (position = ord, as plan.targets and the
  // numerator/denominator ords): the targets, their mentions and rates' components.
  std::vector<TargetView> rows;
  size_t corrections = 0;  // how many were applied

  // ---- Issue 18: what is in force on a date --------------------------------------------------
  // The program's approved versions after the first (the baseline: the program as published),
  // as stored, and the revision of its amendments they were read at.
  std::vector<domain::Version> versions;
  int64_t amendments_revision = 0;
  // For a view of the program in force on a date (ProgramCache::InForce): the newest version
  // in force, and each item a version changed: its locator ("target:17", "deadline:3",
  // "section:II.2.1", "task:II.2.1#4") → the steps applied, oldest first. Empty for the
  // baseline.
  struct Step {
    int version = 1;
    core::CivilDate from;
    domain::ChangeKind kind = domain::ChangeKind::kTargetValue;
    std::string before, after;  // as a person reads them
    std::string original;       // the baseline's value as stored ("1600000", an ISO date, …)
  };
  int version = 1;
  std::map<std::string, std::vector<Step>, std::less<>> changed;
  // Tasks an amendment added (their assigned ids, by (section, task) index) or dropped (TaskId →
  // the date from which).
  std::map<std::pair<size_t, size_t>, std::string> added_tasks;
  std::map<std::string, core::CivilDate, std::less<>> dropped_tasks;
  const std::vector<Step>* StepsOf(std::string_view locator) const {
    auto it = changed.find(locator);
    return it == changed.end() ? nullptr : &it->second;
  }
};

// How a program's reports are reviewed; a planner may change it at any time, so it is read from
// the store at each use rather than kept with the published program.
struct ProgramSettingsView {
  bool four_eyes = true;  // whoever submitted a report may not approve it
};

// A task's id in `view`: the id an amendment assigned to a task it added, else domain::TaskId.
std::string TaskIdIn(const ProgramView& view, size_t section_index, size_t task_index);

// The date a program's units are read at (its issue date, else 1 January of its year).
core::CivilDate ProgramDate(const ProgramRecordView& program);

// The issuer a decision without one is read as (the catalogue data/indicators/molisa.csv is
// this issuer's).
inline constexpr const char* kDefaultIssuer = "Bộ Lao động - Thương binh và Xã hội";
// The key of a plan's issuer in the catalogue (text::FoldKey of its name).
std::string IssuerKey(const domain::PlanDraft& plan);
// The program's targets from its stored rows (issue 16): a row restating or giving the growth
// of an earlier one is a mention of it (the chain followed to its first), rate components are
// left out; each target has its mentions (its own clause first) when the program has any, and
// its display name — the catalogue's name of its indicator, else its own.
std::vector<TargetView> FoldMentions(const std::vector<TargetView>& rows,
                                     const std::vector<domain::Indicator>& catalogue);

struct ImportResult {
  ProgramId id = 0;
  std::optional<std::string> number;
  size_t sections = 0, targets = 0, budgets = 0, deadlines = 0;  // what the plan holds
  size_t unresolved_units = 0, diagnostics = 0;                  // what a planner should review
  bool replaced = false;  // a draft of the same number was replaced
  // Issue 19: the file it came as ("text", "docx", "pdf"), a PDF's pages, its size in bytes.
  std::string source_form = "text";
  int source_pages = 0;
  size_t source_bytes = 0;
};

// Issue 19: the decision as it was uploaded: its form ("text", "docx", "pdf"), the file name
// it came with ("-" when none) and its bytes (a text's own text).
struct SourceFileView {
  std::string form;
  std::string name;
  std::string bytes;
  bool as_sent = false;  // the bytes are the text read (UTF-8), not a file kept beside it
};

// The file a decision was read from, kept with the program it becomes (issue 19).
struct UploadedFile {
  std::string form = "text";
  int pages = 0;
  std::string_view bytes;  // the original when it is not the text read (.docx, PDF, TCVN3 .txt)
  std::vector<core::Diagnostic> notes;  // what the reading changed (legacy_encoding_converted, …)
};

// A correction of a draft as a planner asks for it: `locator` "target:17" (a target's id),
// "deadline:3" (its position in the plan) or "section:II.2"; `field` value | unit | comparator
// | indicator for a target, due for a deadline, lead for a section; `value` as typed
// ("1.600.000", "4,3", "31/12/2012", a unit's name).
struct CorrectionInput {
  std::string locator;
  std::string field;
  std::string value;
  std::string reason;
};

// A task with the place it holds in the outline and its id (domain::TaskId: "II.2.1#3",
// "II.11.2~2#1" in the second section numbered 11.2).
struct TaskView {
  std::string id;
  const domain::Section* section = nullptr;
  const domain::Task* task = nullptr;
  size_t ord = 0;
};

// Issue 18, of a task of a view in force on a date: "added" by an amendment, "dropped" by one,
// "" as published; and the date it is dropped from.
std::string PlanStatus(const ProgramView& view, const TaskView& task);
std::optional<core::CivilDate> DroppedFrom(const ProgramView& view, std::string_view task_id);

// Issue 18: a program as published beside the program in force on a date (OpenProject's
// baseline: one reading at two points in time, each item changed, added or dropped marked), each
// item with the approved steps that changed it.
struct BaselineStep {
  int version = 1;
  core::CivilDate effective_from;
  std::string before, after;  // as a person reads them
  std::optional<int64_t> amendment_id;
  std::string reason;
  std::optional<domain::OrgUnitId> proposed_by;  // the proposing unit
  std::string proposed_by_name;
  std::string forwarded_by, forwarded_by_name;  // username, display name ("" when unknown)
  std::string planner_opinion;
  std::string approved_by, approved_by_name, approved_by_title;  // "Bộ trưởng", "Thứ trưởng"
  std::string approved_at;
  std::string decision_number;
};
struct BaselineItem {
  std::string kind;     // "target", "deadline", "lead", "task"
  std::string locator;  // "target:17", "deadline:3", "section:II.2.1", "task:II.2.1#7"
  std::string id;       // "17", "3", "II.2.1", "II.2.1#7"
  std::string section;  // the section it is in ("II.2.1"; a target's as written)
  std::string name;     // the target's name, a deadline's what, a section's title, a task's text
  std::string original, current;  // as a person reads them; "" for an added task's original
  std::string status;             // "changed", "added", "dropped"
  std::vector<BaselineStep> steps;
};
struct BaselineView {
  core::CivilDate at;
  int version_in_force = 1;
  std::optional<core::CivilDate> version_from;  // the newest version's date in force
  std::vector<BaselineItem> items;
};

class Programs {
 public:
  Programs(store::Store& store, const Organisation& org, ProgramCache& cache, const Time& time,
           DataGeneration& generation, const ServiceOptions& options);

  // Parses, binds and resolves units at the decision's date, and stores the whole plan as a
  // draft in one transaction. kTooLarge, kInvalidArgument ("not_a_program"), the parser's
  // errors, kAlreadyExists ("program_exists").
  core::Result<ImportResult> ImportProgram(const domain::Principal& by, std::string_view text,
                                           const std::string& source_name, ImportMode mode);
  // The same from a file as uploaded: `form` "text", "docx", "pdf" or "" (by its bytes,
  // read::Sniff). A .docx is read in process, a PDF in a child process (this binary's
  // `extract --serialized`) so a hostile PDF costs a child; the reader's refusals
  // (unsupported_format, pdf_no_text, pdf_locked, pdf_too_many_pages, docx_invalid, …) as they
  // come. The original bytes are kept with the program (SourceFile), the reading's notes are
  // the plan's diagnostics.
  core::Result<ImportResult> ImportProgramFile(const domain::Principal& by, std::string_view bytes,
                                               std::string_view form,
                                               const std::string& source_name, ImportMode mode);
  // kNotFound for a draft the principal may not see, kPermissionDenied for one it may see but
  // not publish, kFailedPrecondition ("program_published") when it already is.
  core::Status PublishProgram(const domain::Principal& by, ProgramId id);
  // Corrects what the parser read in a draft (CorrectionInput); kInvalidArgument
  // ("correction_invalid") naming the bad part, kFailedPrecondition ("program_published").
  // Audited; the program reads corrected from then on (corrections.cpp).
  core::Result<CorrectionView> CorrectProgram(const domain::Principal& by, ProgramId id,
                                              const CorrectionInput& in);
  core::Result<std::vector<CorrectionView>> ListCorrections(const domain::Principal& by,
                                                            ProgramId id);
  // Drafts only for those who manage programs.
  core::Result<std::vector<ProgramSummaryView>> ListPrograms(const domain::Principal& by);
  // kNotFound also for a draft the principal may not see.
  core::Result<std::shared_ptr<const ProgramView>> GetProgram(const domain::Principal& by,
                                                              ProgramId id);
  // The decision's text as received, read from the store and served only when it is the text
  // the audit recorded: its SHA-256 the one stored beside it, and the program as its last entry
  // fingerprinted it. kNotFound as GetProgram; kInternal ("source_tampered") when edited by hand.
  core::Result<std::string> SourceText(const domain::Principal& by, ProgramId id);
  // Issue 19: the decision as uploaded (.docx, PDF, or the text), vouched for as SourceText is:
  // the bytes' SHA-256 is the one the audited fingerprint covers. Errors as SourceText.
  core::Result<SourceFileView> SourceFile(const domain::Principal& by, ProgramId id);
  // Its settings as stored now. kNotFound as GetProgram.
  core::Result<ProgramSettingsView> GetSettings(const domain::Principal& by, ProgramId id) const;
  // Changes them (admin, planner), audited with both states. kNotFound as GetProgram,
  // kPermissionDenied for others.
  core::Result<ProgramSettingsView> SetSettings(const domain::Principal& by, ProgramId id,
                                                const ProgramSettingsView& settings);
  // Issue 18: the program as published against the program in force on `at`: each item an
  // approved amendment changed, added or dropped by then, with the steps (who proposed,
  // forwarded and approved each, why, from when). kNotFound as GetProgram,
  // kFailedPrecondition ("program_not_published") for a draft.
  core::Result<BaselineView> Baseline(const domain::Principal& by, ProgramId id,
                                      core::CivilDate at);
  // The program in force on `at` (ProgramCache::InForce); kNotFound as GetProgram.
  core::Result<std::shared_ptr<const ProgramView>> InForce(const domain::Principal& by,
                                                           ProgramId id, core::CivilDate at);
  // Tasks led by `lead` (resolved at the program's date, groups expanded); without it, the
  // tasks within the principal's scope (all for those who see all units). kPermissionDenied
  // for a lead outside the principal's scope.
  core::Result<std::vector<TaskView>> Tasks(const domain::Principal& by, const ProgramView& program,
                                            std::optional<domain::OrgUnitId> lead) const;

 private:
  // Adds to the issuer's catalogue an indicator for each target of `program` without one
  // (issue 16), audited ("indicator.create"); nothing for a program read before the catalogue.
  core::Status AddMissingIndicators(const domain::Principal& by, const ProgramView& program,
                                    const std::string& at);
  // Import of the text read from `file`.
  core::Result<ImportResult> ImportRead(const domain::Principal& by, std::string_view text,
                                        const std::string& source_name, ImportMode mode,
                                        const UploadedFile& file);
  // The stored record once its text and the program are what the audit log vouches for.
  core::Result<store::ProgramRecord> VouchedRecord(const domain::Principal& by, ProgramId id);
  store::Store& store_;
  const Organisation& org_;
  ProgramCache& cache_;
  const Time& time_;
  DataGeneration& generation_;
  size_t max_decision_bytes_;
};

}  // namespace wp::service
