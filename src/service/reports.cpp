// The reporting cycle's use cases: obligations read from a published program, the reports due,
// report forms with their validation and workflow, timeliness and completeness, allocations of
// national targets, the digest outbox and bulk loads (where tasks stand: tasks.cpp); and the
// report content cache a save reads through.

#include "service/reporting.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

#include "core/enum_names.hpp"
#include "core/json_text.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/engines.hpp"
#include "service/internal/reporters.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "service/responsibilities.hpp"
#include "service/unit_programs.hpp"
#include "store/store_errors.hpp"
#include "store/unit_program_json.hpp"
#include "text/fold.hpp"
#include "text/number.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Principal;
using domain::ReportAction;
using domain::Role;

std::string EncodeProblems(const std::vector<domain::Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (p.severity != domain::ProblemSeverity::kConfirm) continue;
    out += p.field + "\t" + p.code + "\t" + p.message + "\n";
  }
  return out;
}

std::vector<domain::Problem> DecodeProblems(const std::string& text) {
  std::vector<domain::Problem> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    size_t a = line.find('\t'), b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b != std::string::npos) {
      out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1),
                     domain::ProblemSeverity::kConfirm});
    }
    start = end + 1;
  }
  return out;
}

core::Error Invalid(std::string reason, std::string message,
                    const std::vector<domain::Problem>& problems) {
  auto err = core::MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
  for (const auto& p : problems) {
    if (p.severity == domain::ProblemSeverity::kError) err.details.push_back({p.field, p.message});
  }
  return err;
}

bool IsRole(const Principal& p, std::initializer_list<Role> roles) {
  return std::find(roles.begin(), roles.end(), p.role) != roles.end();
}

}  // namespace

Reporting::Reporting(store::Store& store, const Organisation& org, const Programs& programs,
                     ProgramCache& cache, Schedule& schedule, ReportCaches& caches,
                     Engines& engines, const Time& time, DataGeneration& generation,
                     Responsibilities& responsibilities)
    : store_(store),
      org_(org),
      programs_(programs),
      cache_(cache),
      schedule_(schedule),
      caches_(caches),
      engines_(engines),
      time_(time),
      generation_(generation),
      responsibilities_(responsibilities) {}

Reporting::~Reporting() = default;

std::vector<ObligationView> Reporting::Obligations(const ProgramView& program) const {
  return schedule_.Obligations(program);
}

std::optional<ObligationView> Reporting::FindObligation(const ProgramView& program,
                                                        std::string_view key) const {
  return schedule_.FindObligation(program, key);
}

const char* DueStateName(DueState s) {
  static constexpr std::array kNames{"not_due",   "missing",  "draft",
                                     "submitted", "returned", "approved"};
  return core::NameIn(kNames, s);
}

std::optional<DueState> ParseDueState(std::string_view name) {
  for (auto s : kDueStates) {
    if (name == DueStateName(s)) return s;
  }
  return std::nullopt;
}

std::string DueStateNames() {
  std::string names;
  for (auto s : kDueStates) names += std::string(names.empty() ? "" : ", ") + DueStateName(s);
  return names;
}

namespace {

DueReportView MakeDue(const domain::ExpectedReport& e, const std::string& name,
                      std::optional<ReportHeader> report, const core::CivilDate& today) {
  DueReportView v;
  v.expected = e;
  v.obligation_name = name;
  v.report = std::move(report);
  const auto* r = v.report ? &*v.report : nullptr;
  v.received = r && r->first_submitted_at.has_value();
  v.late = v.received && LocalDate(*r->first_submitted_at) > e.due;
  if (r) v.first_submitted_at = r->first_submitted_at;
  v.overdue = !v.received && today > e.due;
  if (!v.received) {
    v.state = v.overdue ? DueState::kMissing : (r ? DueState::kDraft : DueState::kNotDue);
  } else {
    switch (r->status) {
      case domain::ReportStatus::kApproved:
        v.state = DueState::kApproved;
        break;
      case domain::ReportStatus::kReturned:
        v.state = DueState::kReturned;
        break;
      default:
        v.state = DueState::kSubmitted;
    }
  }
  return v;
}

// A unit's own program (issue 18) due as a report is: where it stands is the unit program's
// (UnitPrograms' standing), never a report's; `report` stays empty.
DueReportView MakeUnitProgramDue(const domain::ExpectedReport& e, const std::string& name,
                                 const store::UnitProgramRecord* r, const core::CivilDate& today) {
  DueReportView v;
  v.expected = e;
  v.obligation_name = name;
  auto standing = StandingOf(r ? std::optional(r->status) : std::nullopt,
                             r ? r->first_submitted_at : std::nullopt,
                             r ? r->accepted_version : std::nullopt, e.due, today);
  v.received = standing.received;
  v.late = standing.late;
  if (r) v.first_submitted_at = r->first_submitted_at;
  v.overdue = standing.overdue;
  switch (standing.state) {
    case UnitProgramState::kNotDue:
      v.state = DueState::kNotDue;
      break;
    case UnitProgramState::kMissing:
      v.state = DueState::kMissing;
      break;
    case UnitProgramState::kDraft:
      v.state = DueState::kDraft;
      break;
    case UnitProgramState::kSubmitted:
      v.state = DueState::kSubmitted;
      break;
    case UnitProgramState::kReturned:
      v.state = DueState::kReturned;
      break;
    case UnitProgramState::kAccepted:
      v.state = DueState::kApproved;
      break;
  }
  return v;
}

}  // namespace

core::Result<std::vector<DueReportView>> Reporting::DueReports(const Principal& by,
                                                               ProgramId program_id,
                                                               const DueFilter& filter) {
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, program_id));
  if (filter.period) WP_RETURN_IF_ERROR(domain::ParsePeriodKey(*filter.period));
  if (filter.unit && org_.registry().Find(*filter.unit) == nullptr) {
    return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                      "Không tìm thấy đơn vị #" + std::to_string(*filter.unit));
  }
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.Expected(*program));
  std::map<std::string, std::string> names;
  std::set<std::string> unit_program_keys;
  for (const auto& o : schedule_.Obligations(*program)) {
    names[o.obligation.key] = o.obligation.name;
    if (IsUnitProgram(o)) unit_program_keys.insert(o.obligation.key);
  }
  // Units' own programs are counted from unit_programs (issue 18).
  std::vector<store::UnitProgramRecord> unit_programs;
  std::map<domain::OrgUnitId, const store::UnitProgramRecord*> unit_program_of;
  if (!unit_program_keys.empty()) {
    WP_ASSIGN_OR_RETURN(unit_programs, store_.ListUnitPrograms(program_id));
    for (const auto& r : unit_programs) unit_program_of[r.unit_id] = &r;
  }

  store::ReportFilter rf;
  rf.program_id = program_id;
  rf.period = filter.period;
  rf.obligation = filter.obligation;
  rf.unit_id = filter.unit;
  WP_ASSIGN_OR_RETURN(auto stored, store_.ListReports(rf));
  std::map<std::string, ReportHeader> by_key;
  for (auto& r : stored) {
    std::string key = ReportKey(r.obligation, r.period, r.unit_id);
    by_key.emplace(std::move(key), ViewOf(std::move(r)));
  }

  core::CivilDate today = time_.Today();
  std::vector<DueReportView> out;
  for (const auto& e : expected) {
    std::string period = e.period.Key();
    if (filter.period && *filter.period != period) continue;
    if (filter.obligation && *filter.obligation != e.obligation) continue;
    if (filter.unit && *filter.unit != e.unit) continue;
    if (filter.due_to && e.due > *filter.due_to) continue;
    if (!domain::InScope(by, e.unit, org_.registry(), e.nominal)) continue;
    if (unit_program_keys.count(e.obligation)) {
      auto it = unit_program_of.find(e.unit);
      out.push_back(MakeUnitProgramDue(e, names[e.obligation],
                                       it == unit_program_of.end() ? nullptr : it->second, today));
      continue;
    }
    std::optional<ReportHeader> report;
    if (auto it = by_key.find(ReportKey(e.obligation, period, e.unit)); it != by_key.end()) {
      report = it->second;
    }
    out.push_back(MakeDue(e, names[e.obligation], std::move(report), today));
  }
  return out;
}

// ───────────────────────────── forms ─────────────────────────────

core::Status Reporting::RequireUnitAccess(const Principal& by, domain::OrgUnitId unit,
                                          const core::CivilDate& at, ReportAction action) const {
  auto denied = [](std::string message) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden", std::move(message));
  };
  switch (action) {
    case ReportAction::kSave:
    case ReportAction::kSubmit:
      if (!IsRole(by, {Role::kAdmin, Role::kPlanner, Role::kEditor, Role::kApprover})) {
        return denied("Tài khoản của bạn chỉ được xem, không được nhập báo cáo");
      }
      break;
    case ReportAction::kApprove:
    case ReportAction::kReturn:
      if (!IsRole(by, {Role::kAdmin, Role::kPlanner, Role::kApprover})) {
        return denied("Chỉ người có quyền duyệt mới duyệt hoặc trả lại được báo cáo");
      }
      break;
    case ReportAction::kReopen:
      if (IsRole(by, {Role::kAdmin, Role::kPlanner})) break;
      // An approver of a unit strictly above the report's unit on the report's date: neither the
      // unit's own nor the unit it has since become (succession is not hierarchy).
      if (by.role != Role::kApprover || !domain::IsAbove(by, unit, org_.registry(), at)) {
        return denied("Chỉ cấp trên của đơn vị mới mở lại được báo cáo đã duyệt");
      }
      break;
  }
  if (!domain::InScope(by, unit, org_.registry(), at)) {
    return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                      "Bạn chỉ làm việc được với báo cáo của đơn vị mình và các đơn vị trực thuộc");
  }
  return {};
}

core::Result<ReportForm> Reporting::BuildForm(const Principal& by,
                                              std::shared_ptr<const ProgramView> program,
                                              const ReportRef& ref) {
  ReportForm form;
  form.program = program;
  WP_ASSIGN_OR_RETURN(form.period, domain::ParsePeriodKey(ref.period));
  auto not_expected = [&] {
    return core::Fail(ErrorCode::kNotFound, "report_not_expected",
                      "Đơn vị không phải gửi báo cáo này (không có trong lịch báo cáo của "
                      "chương trình)");
  };
  auto obligation = schedule_.FindObligation(*program, ref.obligation);
  if (!obligation) return not_expected();
  form.obligation = std::move(*obligation);
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.SharedExpected(*program));
  auto e = std::find_if(expected->begin(), expected->end(), [&](const domain::ExpectedReport& x) {
    return x.unit == ref.unit && x.obligation == ref.obligation && x.period == form.period;
  });
  if (e == expected->end()) return not_expected();
  form.expected = *e;
  form.unit = org_.registry().Find(ref.unit);
  if (!domain::InScope(by, ref.unit, org_.registry(), e->nominal)) {
    return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                      "Bạn chỉ xem được báo cáo của đơn vị mình và các đơn vị trực thuộc");
  }
  if (IsUnitProgram(form.obligation)) {
    // A unit's own program is a document of tasks, sent and reviewed on its own page.
    auto err = core::MakeError(
        ErrorCode::kFailedPrecondition, "use_unit_program",
        "\"" + form.obligation.obligation.name +
            "\" không nhập trên biểu mẫu báo cáo: lập và gửi chương trình công tác của đơn vị");
    err.details.push_back({"link", "/api/v1/programs/" + std::to_string(program->record.id) +
                                       "/unit-programs/" + std::to_string(ref.unit)});
    return tl::unexpected(err);
  }

  WP_ASSIGN_OR_RETURN(form.skeleton, Skeleton(program, ref.unit, form.period.end));
  WP_ASSIGN_OR_RETURN(auto found,
                      store_.FindReport(program->record.id, ref.obligation, ref.period, ref.unit));
  if (found) {
    form.report = ViewOf(std::move(*found));
    WP_ASSIGN_OR_RETURN(auto content,
                        caches_.CurrentContent(form.report->id, form.report->version));
    form.content = *content;
    form.warnings = DecodeProblems(form.report->warnings);
    form.late = form.report->first_submitted_at &&
                LocalDate(*form.report->first_submitted_at) > form.expected.due;
  }
  return form;
}

namespace {

// The row at `ord` of `program` when it is a rate's component (role component, counted by sum).
const TargetView* ComponentRow(const ProgramView& program, int ord) {
  if (ord < 0 || static_cast<size_t>(ord) >= program.rows.size()) return nullptr;
  const TargetView& row = program.rows[static_cast<size_t>(ord)];
  if (row.target.role != domain::TargetRole::kComponent || row.target.unit == "%") return nullptr;
  return &row;
}

}  // namespace

core::Result<std::shared_ptr<const FormSkeleton>> Reporting::Skeleton(
    const std::shared_ptr<const ProgramView>& program, domain::OrgUnitId unit,
    const core::CivilDate& at) {
  const ProgramId id = program->record.id;
  const auto key = std::pair<int64_t, int64_t>(id, unit);
  WP_ASSIGN_OR_RETURN(int64_t revision, store_.AllocationsRevision(id));
  WP_ASSIGN_OR_RETURN(int64_t matrix_revision, responsibilities_.Revision(id));
  WP_ASSIGN_OR_RETURN(int64_t unit_programs_revision, store_.UnitProgramsRevision(id));
  if (auto kept = caches_.skeletons.Find(key);
      kept && kept->allocations_revision == revision &&
      kept->responsibility_revision == matrix_revision &&
      kept->unit_programs_revision == unit_programs_revision &&
      kept->skeleton->program == program && (!kept->from || *kept->from <= at) &&
      (!kept->to || at <= *kept->to)) {
    return kept->skeleton;
  }
  WP_ASSIGN_OR_RETURN(auto reporters, responsibilities_.Reporters(id));
  // The dates around `at` on which no row of the matrix starts or ends: the skeleton holds for
  // every period ending between them.
  std::optional<core::CivilDate> from, to;
  for (const auto& r : *reporters) {
    auto bound = [&](const core::CivilDate& first_day) {  // a row's rule changes on first_day
      if (first_day <= at) {
        if (!from || *from < first_day) from = first_day;
      } else {
        const auto last = core::CivilFromDays(core::DaysFromCivil(first_day) - 1);
        if (!to || last < *to) to = last;
      }
    };
    bound(r.valid_from);
    if (r.valid_to) bound(core::CivilFromDays(core::DaysFromCivil(*r.valid_to) + 1));
  }
  // Issue 18: the tasks are those of the program in force at the period's end (an amendment's
  // lead or added task from its date; a task dropped by then is no longer asked), which changes
  // on each version's date too.
  for (const auto& v : program->versions) {
    if (v.effective_from <= at) {
      if (!from || *from < v.effective_from) from = v.effective_from;
    } else {
      const auto last = core::CivilFromDays(core::DaysFromCivil(v.effective_from) - 1);
      if (!to || last < *to) to = last;
    }
  }
  WP_ASSIGN_OR_RETURN(auto in_force, cache_.InForce(program, at));
  // A program with a matrix asks what the matrix has the unit report on `at`, and the parts of
  // the rates it reports (issue 16); one without (imported before, or gen-data) keeps the rule
  // before it: the targets allocated to the unit and those of the sections it leads.
  const bool by_matrix = !reporters->empty();

  WP_ASSIGN_OR_RETURN(auto allocations, store_.ListAllocations(id, unit));
  auto skeleton = std::make_shared<FormSkeleton>();
  skeleton->program = program;
  std::map<int64_t, core::Decimal> allocated;
  for (const auto& a : allocations) allocated[a.target_id] = a.value;
  // Sections by themselves, not by number: a decision may number two alike.
  const auto& plan = program->record.plan;
  std::set<const domain::Section*> led_sections;
  for (const auto& s : plan.sections) {
    for (const auto& lead : s.resolved_leads) {
      if (std::find(lead.units.begin(), lead.units.end(), unit) != lead.units.end()) {
        led_sections.insert(&s);
      }
    }
  }
  auto asked = [&](const TargetView& st) {
    if (by_matrix) return domain::ReportsAt(*reporters, st.id, unit, at, org_.registry());
    if (allocated.contains(st.id)) return true;
    if (led_sections.count(domain::SectionOf(plan, st.target.section, st.target.span)) > 0) {
      return true;
    }
    // A target stated again in a section the unit leads (I.1's jobs in II.2.1) is asked too.
    return std::any_of(st.mentions.begin(), st.mentions.end(), [&](const TargetMention& m) {
      return led_sections.count(domain::SectionOf(plan, m.section, m.span)) > 0;
    });
  };
  std::map<std::string, int64_t> last_by_indicator;  // the whole a "trong đó" part belongs to
  std::vector<domain::FormTarget> spec_targets;
  for (const auto& st : program->targets) {
    const auto& t = st.target;
    std::optional<int64_t> parent;
    if (t.parent) {
      if (auto it = last_by_indicator.find(*t.parent); it != last_by_indicator.end()) {
        parent = it->second;
      }
    }
    last_by_indicator[t.indicator] = st.id;
    if (!asked(st)) continue;
    // A rate with its parts as component rows (the binder's, issue 16) is asked as those parts,
    // the rate computed from their sums: whoever reports the rate reports them.
    if (t.numerator && t.denominator) {
      const TargetView* num = ComponentRow(*program, *t.numerator);
      const TargetView* den = ComponentRow(*program, *t.denominator);
      if (num && den) {
        for (const TargetView* part : {num, den}) {
          FormTargetRow row;
          row.target = part;
          row.rate = &st;
          row.numerator = part == num;
          row.form = {part->id, part->target.indicator, part->target.unit, domain::Comparator::kEq,
                      std::nullopt};
          // Each period's level (the period's unemployed, its labour force), not a flow: the
          // rate of a period is the ratio of its sums, with no cumulative to add up.
          row.form.additive = false;
          spec_targets.push_back(row.form);
          skeleton->targets.push_back(std::move(row));
        }
        continue;
      }
    }
    FormTargetRow row;
    row.target = &st;
    // The form names a target as people say it (the indicator's name), never by a task's fragment.
    row.form = {st.id, st.name(), t.unit, t.comparator, parent};
    // Period and cumulative are checked against each other only for what adds up over the months
    // (a sum); a stock reported as its last value ("số người đang cai nghiện") or a mean is not.
    row.form.additive = !st.aggregation || *st.aggregation == domain::Aggregation::kSum;
    if (auto alloc = allocated.find(st.id); alloc != allocated.end()) row.allocated = alloc->second;
    spec_targets.push_back(row.form);
    skeleton->targets.push_back(std::move(row));
  }
  skeleton->in_force = in_force;
  WP_ASSIGN_OR_RETURN(skeleton->tasks, programs_.Tasks(SystemPrincipal("system"), *in_force, unit));
  std::erase_if(skeleton->tasks, [&](const TaskView& t) {
    auto dropped = DroppedFrom(*in_force, t.id);
    return dropped && *dropped <= at;
  });
  std::vector<std::string> task_ids;
  for (const auto& t : skeleton->tasks) task_ids.push_back(t.id);
  // Issue 18: the unit's own tasks, as last accepted, that stand on a form of a period ending
  // `at`: started by then (or undated) and not dropped before the month it is in.
  std::vector<domain::UnitTarget> own;
  WP_ASSIGN_OR_RETURN(skeleton->unit_tasks, UnitTasksOn(*program, unit, at, from, to, &own));
  for (const auto& t : skeleton->unit_tasks) task_ids.push_back(t.id);
  // The targets its program adds (those it took from the Ministry are its allocations, asked
  // above), entered like the others under an id of their own (domain::UnitTargetFormId).
  for (const auto& u : own) {
    if (u.target_id) continue;
    TargetView& tv = skeleton->own_targets.emplace_back();
    tv.id = domain::UnitTargetFormId(u);
    tv.target.indicator = u.name;
    tv.target.unit = u.uom;
    tv.target.value = u.value.value_or(core::Decimal{});
    tv.target.comparator = u.comparator.value_or(domain::Comparator::kMin);
    tv.target.indicator_code = u.indicator_code;
    std::string_view serves = u.serves;
    if (serves.starts_with("target:")) {
      auto served = std::atoll(std::string(serves.substr(7)).c_str());
      for (const auto& st : program->targets) {
        if (st.id == served) tv.target.section = st.target.section;
      }
    } else {
      std::string_view item = serves.substr(0, serves.find('#'));
      tv.target.section = std::string(item.substr(0, item.find('~')));
    }
    FormTargetRow row;
    row.target = &tv;
    row.own = true;
    row.serves = u.serves;
    row.allocated = u.value;  // the unit's own value: its plan, shown as a share is
    row.form = {tv.id, u.name, u.uom, tv.target.comparator, std::nullopt};
    row.form.additive = u.uom != "%";
    spec_targets.push_back(row.form);
    skeleton->targets.push_back(std::move(row));
  }
  skeleton->spec = domain::FormSpec(std::move(spec_targets), std::move(task_ids));

  size_t cost = 1 + skeleton->targets.size() + skeleton->tasks.size() + skeleton->unit_tasks.size();
  std::shared_ptr<const FormSkeleton> shared = std::move(skeleton);
  caches_.skeletons.Put(
      key,
      std::make_shared<const ReportCaches::KeptSkeleton>(ReportCaches::KeptSkeleton{
          revision, matrix_revision, unit_programs_revision, from, to, shared}),
      cost);
  return shared;
}

std::vector<FormTaskLine> FormTaskLines(const FormSkeleton& skeleton) {
  std::vector<FormTaskLine> out;
  std::vector<bool> placed(skeleton.unit_tasks.size(), false);
  auto place = [&](auto&& serves_here) {
    for (size_t i = 0; i < skeleton.unit_tasks.size(); ++i) {
      if (placed[i] || !serves_here(skeleton.unit_tasks[i].task.serves)) continue;
      placed[i] = true;
      out.push_back({nullptr, &skeleton.unit_tasks[i]});
    }
  };
  auto section_key = [](std::string_view id) { return id.substr(0, id.find('#')); };
  for (size_t k = 0; k < skeleton.tasks.size(); ++k) {
    const auto& t = skeleton.tasks[k];
    out.push_back({&t, nullptr});
    place([&](std::string_view serves) { return serves == t.id; });
    if (k + 1 == skeleton.tasks.size() ||
        section_key(skeleton.tasks[k + 1].id) != section_key(t.id)) {
      place([&](std::string_view serves) { return serves == section_key(t.id); });
    }
  }
  place([](std::string_view) { return true; });
  return out;
}

core::Result<std::vector<UnitTaskRow>> Reporting::UnitTasksOn(
    const ProgramView& program, domain::OrgUnitId unit, const core::CivilDate& at,
    std::optional<core::CivilDate>& from, std::optional<core::CivilDate>& to,
    std::vector<domain::UnitTarget>* targets) {
  std::vector<UnitTaskRow> out;
  WP_ASSIGN_OR_RETURN(auto record, store_.FindUnitProgram(program.record.id, unit));
  if (!record || !record->accepted_version) return out;
  WP_ASSIGN_OR_RETURN(auto accepted,
                      store_.GetUnitProgramVersion(record->id, *record->accepted_version));
  auto content = store::ParseUnitProgramSnapshot(accepted.content);
  if (!content) {
    return core::Fail(ErrorCode::kInternal, "unit_program_unreadable",
                      "Không đọc được phiên bản đã chấp nhận của chương trình công tác của đơn vị");
  }
  if (targets) *targets = content->targets;
  // The skeleton holds while no task starts or leaves: narrow [from, to] to the dates around `at`.
  auto changes_on = [&](const core::CivilDate& first_day) {
    if (first_day <= at) {
      if (!from || *from < first_day) from = first_day;
    } else {
      const auto last = core::CivilFromDays(core::DaysFromCivil(first_day) - 1);
      if (!to || last < *to) to = last;
    }
  };
  const core::CivilDate month_start{at.year, at.month, 1};
  std::set<domain::UserId> named;
  for (auto& t : content->tasks) {
    if (t.start) changes_on(*t.start);
    if (t.dropped_from) {
      // Dropped from D: forms of months that begin on or after D leave it out.
      const auto& d = *t.dropped_from;
      changes_on(d.day == 1 ? d
                            : core::CivilFromDays(
                                  core::DaysFromCivil(core::EndOfMonth(d.year, d.month)) + 1));
    }
    if (t.start && at < *t.start) continue;
    if (t.dropped_from && !(month_start < *t.dropped_from)) continue;
    UnitTaskRow row;
    row.id = domain::UnitTaskId(t.id);
    std::string_view serves = t.serves;
    if (serves.starts_with("target:")) {
      auto id = std::atoll(std::string(serves.substr(7)).c_str());
      for (const auto& target : program.targets) {
        if (target.id == id) row.section = target.target.section;
      }
    } else {
      std::string_view key = serves.substr(0, serves.find('#'));
      row.section = std::string(key.substr(0, key.find('~')));
    }
    if (t.responsible_user) named.insert(*t.responsible_user);
    row.task = std::move(t);
    out.push_back(std::move(row));
  }
  if (!named.empty()) {
    WP_ASSIGN_OR_RETURN(auto users, store_.ListUsers());
    std::map<domain::UserId, std::string> names;
    for (const auto& u : users) {
      if (named.count(u.id)) names[u.id] = u.display_name.empty() ? u.username : u.display_name;
    }
    for (auto& row : out) {
      if (row.task.responsible_user) row.responsible_display = names[*row.task.responsible_user];
    }
  }
  return out;
}

// ───────────────────────────── report caches ─────────────────────────────

core::Result<std::shared_ptr<const domain::ReportContent>> ReportCaches::CurrentContent(
    ReportId id, int64_t version) {
  auto kept = contents_.Find(id);
  if (!kept || kept->version != version) {
    int64_t read_at = 0;
    WP_ASSIGN_OR_RETURN(auto content, store_.GetReportContent(id, &read_at));
    // Kept at the version it was read at: a write since the record was read moves it on.
    kept = Keep(id, read_at, std::move(content));
  }
  return std::shared_ptr<const domain::ReportContent>(kept, &kept->content);
}

void ReportCaches::KeepContent(ReportId id, int64_t version, domain::ReportContent content) {
  Keep(id, version, std::move(content));
}

std::shared_ptr<const ReportCaches::KeptContent> ReportCaches::Keep(ReportId id, int64_t version,
                                                                    domain::ReportContent content) {
  size_t cost = 1 + content.values.size() + content.tasks.size();
  auto kept = std::make_shared<const KeptContent>(KeptContent{version, std::move(content)});
  contents_.Put(id, kept, cost);
  return kept;
}

core::Result<ReportForm> Reporting::GetReportForm(const Principal& by, const ReportRef& ref) {
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, ref.program));
  WP_ASSIGN_OR_RETURN(auto form, BuildForm(by, program, ref));
  WP_RETURN_IF_ERROR(AddShownParts(*program, form, ref));
  return form;
}

core::Status Reporting::AddShownParts(const ProgramView& program, ReportForm& form,
                                      const ReportRef& ref) {
  WP_ASSIGN_OR_RETURN(form.carried_tasks, CarriedTasks(form, ref));
  WP_ASSIGN_OR_RETURN(auto refs, References(program, form, ref));
  for (auto& r : refs) {
    if (r.role != domain::ReferenceRole::kFarFrom) form.cumulative_references.push_back(r);
  }
  WP_ASSIGN_OR_RETURN(form.paired, Paired(form));
  return {};
}

core::Result<std::vector<CarriedTask>> Reporting::CarriedTasks(const ReportForm& form,
                                                               const ReportRef& ref) {
  std::vector<CarriedTask> out;
  std::vector<std::string_view> ids;  // the Ministry's tasks, then the unit's own (issue 18)
  for (const auto& t : form.tasks()) ids.push_back(t.id);
  for (const auto& t : form.skeleton->unit_tasks) ids.push_back(t.id);
  if (ids.empty()) return out;
  store::ReportFilter filter;
  filter.program_id = ref.program;
  filter.unit_id = ref.unit;
  WP_ASSIGN_OR_RETURN(auto reports, store_.ListReports(filter));
  std::vector<std::pair<ReportId, int64_t>> read_from;
  read_from.reserve(reports.size());
  for (const auto& r : reports) read_from.emplace_back(r.id, r.version);
  std::sort(read_from.begin(), read_from.end());

  // The unit's progress by task, read again only when one of its reports was written since.
  const auto key = std::pair<int64_t, int64_t>(ref.program, ref.unit);
  auto kept = caches_.progress.Find(key);
  if (!kept || kept->read_from != read_from) {
    auto fresh = std::make_shared<ReportCaches::ReportedProgress>();
    fresh->read_from = std::move(read_from);
    size_t cost = 1;
    for (const auto& r : reports) {
      auto period = domain::ParsePeriodKey(r.period);
      if (!period) continue;
      WP_ASSIGN_OR_RETURN(auto content, caches_.CurrentContent(r.id, r.version));
      for (const auto& p : content->tasks) {
        fresh->by_task[p.task_id].push_back(
            {period->end, r.updated_at, r.id, r.obligation, *period, p});
        ++cost;
      }
    }
    for (auto& [task, entries] : fresh->by_task) {
      std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return std::tie(a.end, a.updated_at) > std::tie(b.end, b.updated_at);
      });
    }
    caches_.progress.Put(key, fresh, cost);
    kept = std::move(fresh);
  }
  // Of each task, the newest progress of a period that ended before this one.
  for (std::string_view id : ids) {
    auto it = kept->by_task.find(id);
    if (it == kept->by_task.end()) continue;
    for (const auto& e : it->second) {
      if (e.end < form.period.end) {
        out.push_back({e.progress, e.report, e.obligation, e.period});
        break;
      }
    }
  }
  return out;
}

core::Result<std::optional<PairedReport>> Reporting::Paired(const ReportForm& form) {
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.SharedExpected(*form.program));
  const auto& me = form.expected;
  // Of the reports due the same day for a period ending the same day: one of a shorter period
  // answers this form (the longest such), else this form answers one of a longer period (the
  // shortest such).
  const domain::ExpectedReport* shorter = nullptr;
  const domain::ExpectedReport* longer = nullptr;
  for (const auto& e : *expected) {
    if (e.unit != me.unit || e.due != me.due || e.period.end != me.period.end ||
        e.obligation == me.obligation || e.period.start == me.period.start) {
      continue;
    }
    if (e.period.start > me.period.start) {
      if (!shorter || e.period.start < shorter->period.start) shorter = &e;
    } else if (!longer || e.period.start > longer->period.start) {
      longer = &e;
    }
  }
  const domain::ExpectedReport* e = shorter ? shorter : longer;
  if (e == nullptr) return std::optional<PairedReport>();
  PairedReport out;
  out.answers = e == longer;
  // Its rule's name ("báo cáo quý"), read without FindObligation's resolving of the rule's units
  // (a save reads the paired report: what a resolver costs would be paid on every one).
  const auto& rules = form.program->record.plan.reporting;
  size_t n = 0;
  if (e->obligation.size() > 1) {
    std::from_chars(e->obligation.data() + 1, e->obligation.data() + e->obligation.size(), n);
  }
  out.obligation_name = n >= 1 && n <= rules.size() ? rules[n - 1].report : e->obligation;
  WP_ASSIGN_OR_RETURN(auto found, store_.FindReport(form.program->record.id, e->obligation,
                                                    e->period.Key(), e->unit));
  std::optional<ReportHeader> header;
  if (found) header = ViewOf(std::move(*found));
  auto due = MakeDue(*e, out.obligation_name, std::move(header), time_.Today());
  out.expected = *e;
  out.report = std::move(due.report);
  out.state = due.state;
  return std::optional<PairedReport>(std::move(out));
}

namespace {

ReportRef RefOf(const store::ReportRecord& r) {
  return {r.program_id, r.obligation, r.period, r.unit_id};
}

// Whether a report of another unit exists is not the principal's business.
core::Result<ReportForm> HideOutOfScope(core::Result<ReportForm> form, ReportId id) {
  if (!form && form.error().reason == "out_of_scope") {
    return tl::unexpected(store::ReportNotFound(id));
  }
  return form;
}

}  // namespace

core::Result<ReportForm> Reporting::GetReportFormById(const Principal& by, ReportId id) {
  WP_ASSIGN_OR_RETURN(auto record, store_.GetReport(id));
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, record.program_id));
  const ReportRef ref = RefOf(record);
  WP_ASSIGN_OR_RETURN(auto form, HideOutOfScope(BuildForm(by, program, ref), id));
  WP_RETURN_IF_ERROR(AddShownParts(*program, form, ref));
  return form;
}

core::Result<ReportForm> Reporting::SaveReportById(const Principal& by, ReportId id,
                                                   int64_t version, const ReportInput& input,
                                                   ReportAction action,
                                                   std::optional<int64_t> paired_version) {
  WP_ASSIGN_OR_RETURN(auto record, store_.GetReport(id));
  return HideOutOfScope(SaveReport(by, RefOf(record), version, input, action, paired_version), id);
}

// ───────────────────────────── references ─────────────────────────────

core::Result<std::vector<domain::ReferenceValue>> Reporting::References(const ProgramView& program,
                                                                        const ReportForm& form,
                                                                        const ReportRef& ref) {
  std::vector<domain::ReferenceValue> refs;
  const auto& spec = form.skeleton->spec;
  // The current values of the unit's report of `obligation` and `period` in `program` (none
  // when it sent none), each of the target of this form `target_of` gives (0: none).
  auto add = [&](ProgramId program_id, const std::string& obligation, const std::string& period,
                 auto&& target_of, const std::string& source) -> core::Status {
    WP_ASSIGN_OR_RETURN(auto report, store_.FindReport(program_id, obligation, period, ref.unit));
    if (!report) return {};
    WP_ASSIGN_OR_RETURN(auto content, caches_.CurrentContent(report->id, report->version));
    for (const auto& v : content->values) {
      if (!v.value) continue;
      int64_t target = target_of(v.target_id);
      if (target != 0 && spec.Find(target) >= 0)
        refs.push_back({target, v.scope, *v.value, source});
    }
    return {};
  };

  // The unit's report of the previous period of the same obligation: its period values to
  // compare with (a cumulative grows from one period to the next), and, in the same year, its
  // cumulative values, which this period's cumulative continues. The year's first period has
  // no cumulative before it: its cumulative is its period's value.
  const bool year_start = form.period.index == 1 && form.period.kind != domain::PeriodKind::kOnce;
  if (year_start) {
    for (const auto& t : spec.targets()) {
      if (t.additive && t.unit != "%") {
        refs.push_back({t.id, domain::ValueScope::kCumulative, core::Decimal{}, "đầu năm",
                        domain::ReferenceRole::kYearStart});
      }
    }
  }
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.SharedExpected(program));
  const domain::ExpectedReport* previous = nullptr;
  for (const auto& e : *expected) {
    if (e.obligation == ref.obligation && e.unit == ref.unit && e.period < form.period &&
        (!previous || previous->period < e.period)) {
      previous = &e;
    }
  }
  if (previous) {
    WP_ASSIGN_OR_RETURN(auto report, store_.FindReport(ref.program, ref.obligation,
                                                       previous->period.Key(), ref.unit));
    if (report) {
      WP_ASSIGN_OR_RETURN(auto content, caches_.CurrentContent(report->id, report->version));
      const bool same_year = !year_start && previous->period.year == form.period.year;
      const std::string source = "báo cáo kỳ trước (" + previous->period.Label() + ")";
      for (const auto& v : content->values) {
        if (!v.value || spec.Find(v.target_id) < 0) continue;
        if (v.scope == domain::ValueScope::kPeriod) {
          refs.push_back({v.target_id, v.scope, *v.value, source});
        } else if (same_year) {
          refs.push_back(
              {v.target_id, v.scope, *v.value, source, domain::ReferenceRole::kPreviousCumulative});
        }
      }
    }
  }

  // The same period a year earlier: the same unit's report under the previous year's program
  // of the same issuer, for the obligation of the same frequency (and name, when several), its
  // targets matched by indicator and unit of measure as written (PreviousYearProgram).
  WP_ASSIGN_OR_RETURN(auto last, schedule_.PreviousYearProgram(program));
  if (!last.program) return refs;
  auto obligation = last.obligations->find(ref.obligation);
  if (obligation == last.obligations->end()) return refs;
  auto period = domain::MakePeriod(form.period.kind, form.period.year - 1, form.period.index);
  if (!period) return refs;
  const auto& targets = *last.targets;
  WP_RETURN_IF_ERROR(add(
      last.program->record.id, obligation->second, period->Key(),
      [&](int64_t then) {
        auto now = targets.find(then);
        return now == targets.end() ? int64_t{0} : now->second;
      },
      "cùng kỳ năm trước (" + period->Label() + ")"));
  return refs;
}

struct Reporting::PendingSave {
  ReportForm form;
  domain::ReportStatus from = domain::ReportStatus::kDraft;
  domain::ReportStatus next_status = domain::ReportStatus::kDraft;
  domain::ReportContent merged;
  store::ReportChanges changes;
  std::vector<domain::Problem> problems;
  std::vector<domain::ReferenceValue> references;  // what the content was compared with
};

core::Result<Reporting::PendingSave> Reporting::PrepareSave(const Principal& by,
                                                            const ReportRef& ref, int64_t version,
                                                            const ReportInput& input,
                                                            ReportAction action) {
  PendingSave p;
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, ref.program));
  WP_ASSIGN_OR_RETURN(p.form, BuildForm(by, program, ref));
  auto& form = p.form;
  WP_RETURN_IF_ERROR(RequireUnitAccess(by, ref.unit, form.expected.nominal, action));
  if (version != form.version()) {
    return tl::unexpected(store::StaleVersion(version, form.version()));
  }
  p.from = form.report ? form.report->status : domain::ReportStatus::kDraft;
  WP_ASSIGN_OR_RETURN(p.next_status, domain::Transition(p.from, action));

  // The content after this write, and what it changes; kept in the store's order (values by
  // target, the period's before the cumulative; tasks by id).
  auto& merged = p.merged;
  auto& changes = p.changes;
  merged = form.content;
  auto value_order = [](const domain::ReportValue& a, const domain::ReportValue& b) {
    return std::pair(a.target_id, a.scope) < std::pair(b.target_id, b.scope);
  };
  auto task_order = [](const domain::TaskProgress& a, const domain::TaskProgress& b) {
    return a.task_id < b.task_id;
  };
  if (!std::is_sorted(merged.values.begin(), merged.values.end(), value_order)) {
    std::sort(merged.values.begin(), merged.values.end(), value_order);
  }
  if (!std::is_sorted(merged.tasks.begin(), merged.tasks.end(), task_order)) {
    std::sort(merged.tasks.begin(), merged.tasks.end(), task_order);
  }
  for (const auto& v : input.values) {
    auto it = std::lower_bound(merged.values.begin(), merged.values.end(), v, value_order);
    if (it == merged.values.end() || value_order(v, *it)) {
      if (!v.value) continue;  // clearing what is not there changes nothing
      merged.values.insert(it, v);
      changes.values.push_back(v);
    } else if (!(*it == v)) {
      changes.values.push_back(v);
      if (v.value) {
        *it = v;
      } else {
        merged.values.erase(it);
      }
    }
  }
  for (const auto& t : input.tasks) {
    auto it = std::lower_bound(merged.tasks.begin(), merged.tasks.end(), t, task_order);
    if (it == merged.tasks.end() || task_order(t, *it)) {
      merged.tasks.insert(it, t);
      changes.tasks.push_back(t);
    } else if (!(*it == t)) {
      *it = t;
      changes.tasks.push_back(t);
    }
  }
  for (const auto& [section, text] : input.narrative) {
    auto& current = merged.narrative[static_cast<size_t>(section)];
    if (current != text) {
      current = text;
      changes.narrative.emplace_back(section, text);
    }
  }
  // Input values are validated as sent (duplicates, unknown targets), then the whole result.
  domain::ReportContent sent;
  sent.values = input.values;
  sent.tasks = input.tasks;
  for (const auto& [section, text] : input.narrative) {
    sent.narrative[static_cast<size_t>(section)] = text;
  }
  const auto& spec = form.skeleton->spec;
  p.problems = domain::ValidateReport(spec, sent, {});
  if (!domain::HasErrors(p.problems)) {
    WP_ASSIGN_OR_RETURN(p.references, References(*program, form, ref));
    p.problems = domain::ValidateReport(spec, merged, p.references);
  }
  return p;
}

namespace {

// The value of (target, scope) in a content kept in the store's order, or null.
const domain::ReportValue* ValueIn(const domain::ReportContent& c, int64_t target,
                                   domain::ValueScope scope) {
  auto it = std::lower_bound(c.values.begin(), c.values.end(), std::pair(target, scope),
                             [](const domain::ReportValue& v, const auto& key) {
                               return std::pair(v.target_id, v.scope) < key;
                             });
  return it != c.values.end() && it->target_id == target && it->scope == scope ? &*it : nullptr;
}

// The paired report's content as this one answers it (Reporting::SaveReport): every target's
// value for both scopes (none clears one), the tasks and the narrative. `within` holds the
// contents of the obligation's other reports within the paired period (null: not started).
ReportInput PairedInput(const FormSkeleton& skeleton, const domain::ReportContent& mine,
                        const std::vector<std::shared_ptr<const domain::ReportContent>>& within) {
  ReportInput in;
  for (const auto& t : skeleton.spec.targets()) {
    const bool additive = t.additive && t.unit != "%";
    for (auto scope : {domain::ValueScope::kPeriod, domain::ValueScope::kCumulative}) {
      domain::ReportValue v;
      v.target_id = t.id;
      v.scope = scope;
      if (const auto* m = ValueIn(mine, t.id, scope)) v = *m;
      if (additive && scope == domain::ValueScope::kPeriod && v.value) {
        // The period's value is the sum of its parts' period values: none when one is missing.
        for (const auto& other : within) {
          const auto* x = other ? ValueIn(*other, t.id, scope) : nullptr;
          auto sum = x && x->value ? core::Add(*v.value, *x->value) : std::nullopt;
          v.value = sum;
          if (!sum) break;
        }
      }
      in.values.push_back(std::move(v));
    }
  }
  in.tasks = mine.tasks;
  for (size_t i = 0; i < domain::kNarrativeCount; ++i) {
    in.narrative.emplace_back(static_cast<domain::Narrative>(i), mine.narrative[i]);
  }
  return in;
}

// A refusal of the paired report, named as its: "Quý IV/2012: …", fields under "paired.".
core::Error AsPaired(core::Error e, const std::string& label) {
  e.message = label + ": " + e.message;
  for (auto& d : e.details) d.field = "paired." + d.field;
  return e;
}

}  // namespace

struct Reporting::PendingWrite {
  store::PutReportArgs args;
};

Reporting::PendingWrite Reporting::WriteOf(const Principal& by, const ReportRef& ref,
                                           int64_t version, PendingSave& p, ReportAction action,
                                           const std::string& answered_from) const {
  const auto& form = p.form;
  PendingWrite pending;
  store::PutReportArgs& write = pending.args;
  write.expected_version = version;
  store::ReportRecord& next = write.next;
  if (form.report) {
    next = RecordOf(*form.report);
  } else {
    next.program_id = ref.program;
    next.obligation = ref.obligation;
    next.period = ref.period;
    next.unit_id = ref.unit;
  }
  next.due = form.expected.due.ToIso();
  next.status = p.next_status;
  next.updated_at = time_.NowIso();
  next.updated_by = by.user_id ? std::optional(by.user_id) : std::nullopt;
  next.warnings = EncodeProblems(p.problems);
  if (action == ReportAction::kSubmit) {
    next.submitted_at = next.updated_at;
    if (!next.first_submitted_at) next.first_submitted_at = next.updated_at;
    next.comment.clear();
  }
  auto event = Event(time_, by, action == ReportAction::kSubmit ? "report.submit" : "report.save",
                     "report", form.report ? std::to_string(form.report->id) : "");
  event.before = core::JsonObjectText()
                     .Add("status", domain::ReportStatusName(p.from))
                     .Add("version", version)
                     .Finish();
  core::JsonObjectText after;
  after.Add("program", ref.program)
      .Add("obligation", ref.obligation)
      .Add("period", ref.period)
      .Add("unit", ref.unit)
      .Add("status", domain::ReportStatusName(p.next_status))
      .Add("values_changed", static_cast<int64_t>(p.changes.values.size()))
      .Add("tasks_changed", static_cast<int64_t>(p.changes.tasks.size()))
      .Add("sections_changed", static_cast<int64_t>(p.changes.narrative.size()));
  // A paired report names the report it was answered from (ReportKey).
  if (!answered_from.empty()) after.Add("answered_from", answered_from);
  event.after = after.Add("fingerprint", ReportFingerprint(next, version + 1, p.merged)).Finish();
  write.audit = std::move(event);
  write.changes = std::move(p.changes);
  return pending;
}

// The form of a save's answer: the stored header and content, the flags of this save.
void Reporting::Saved(PendingSave& p, ReportHeader stored) {
  auto& form = p.form;
  form.report = std::move(stored);
  caches_.KeepContent(form.report->id, form.report->version, p.merged);
  form.content = std::move(p.merged);
  form.warnings = DecodeProblems(form.report->warnings);
  form.late = form.report->first_submitted_at &&
              LocalDate(*form.report->first_submitted_at) > form.expected.due;
  for (const auto& r : p.references) {
    if (r.role != domain::ReferenceRole::kFarFrom) form.cumulative_references.push_back(r);
  }
}

core::Result<ReportCheck> Reporting::CheckReport(const Principal& by, const ReportRef& ref,
                                                 int64_t version, const ReportInput& input,
                                                 ReportAction action,
                                                 std::optional<int64_t> paired_version) {
  WP_ASSIGN_OR_RETURN(auto p, PrepareSave(by, ref, version, input, action));
  if (paired_version && !domain::HasErrors(p.problems)) {
    ReportRef paired_ref;
    WP_ASSIGN_OR_RETURN(auto q, PreparePaired(by, ref, p, *paired_version, action, paired_ref));
    for (auto& problem : q.problems) {
      problem.field = "paired." + problem.field;
      p.problems.push_back(std::move(problem));
    }
    // Errors first, as a save's details come.
    std::stable_partition(p.problems.begin(), p.problems.end(), [](const domain::Problem& x) {
      return x.severity == domain::ProblemSeverity::kError;
    });
  }
  return ReportCheck{std::move(p.form), std::move(p.problems)};
}

core::Result<Reporting::PendingSave> Reporting::PreparePaired(
    const Principal& by, const ReportRef& ref, const PendingSave& p, int64_t paired_version,
    ReportAction action, ReportRef& ref_of) {
  WP_ASSIGN_OR_RETURN(auto paired, Paired(p.form));
  if (!paired || !paired->answers) {
    return core::Fail(ErrorCode::kFailedPrecondition, "no_paired_report",
                      "Báo cáo " + p.form.period.Label() +
                          " không trả lời kèm báo cáo nào khác (không có báo cáo kỳ dài hơn "
                          "cùng hạn gửi và cùng ngày kết thúc kỳ); hãy lưu riêng.");
  }
  const auto& pe = paired->expected;
  const std::string label = paired->obligation_name + " " + pe.period.Label();
  ref_of = ReportRef{ref.program, pe.obligation, pe.period.Key(), ref.unit};
  // The period values of this obligation's other reports within the paired period.
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.SharedExpected(*p.form.program));
  std::vector<std::shared_ptr<const domain::ReportContent>> within;
  for (const auto& e : *expected) {
    if (e.unit != ref.unit || e.obligation != ref.obligation || e.period == p.form.period ||
        e.period.start < pe.period.start || e.period.end > pe.period.end) {
      continue;
    }
    WP_ASSIGN_OR_RETURN(auto found,
                        store_.FindReport(ref.program, e.obligation, e.period.Key(), e.unit));
    std::shared_ptr<const domain::ReportContent> content;
    if (found) {
      WP_ASSIGN_OR_RETURN(content, caches_.CurrentContent(found->id, found->version));
    }
    within.push_back(std::move(content));
  }
  auto q = PrepareSave(by, ref_of, paired_version, PairedInput(*p.form.skeleton, p.merged, within),
                       action);
  if (!q) return tl::unexpected(AsPaired(q.error(), label));
  if (domain::HasErrors(q->problems)) {
    return tl::unexpected(AsPaired(Invalid("report_invalid",
                                           "số liệu lấy từ báo cáo này chưa hợp lệ cho kỳ đó; "
                                           "chưa lưu báo cáo nào.",
                                           q->problems),
                                   label));
  }
  q->form.paired = std::move(paired);  // kept for the answer: the paired report's own view
  return q;
}

core::Result<ReportForm> Reporting::SaveReport(const Principal& by, const ReportRef& ref,
                                               int64_t version, const ReportInput& input,
                                               ReportAction action,
                                               std::optional<int64_t> paired_version) {
  WP_ASSIGN_OR_RETURN(auto p, PrepareSave(by, ref, version, input, action));
  if (domain::HasErrors(p.problems)) {
    return tl::unexpected(Invalid("report_invalid",
                                  "Báo cáo có số liệu chưa hợp lệ; chưa lưu. Hãy sửa các ô "
                                  "được đánh dấu.",
                                  p.problems));
  }
  WP_ASSIGN_OR_RETURN(auto paired, Paired(p.form));
  if (!paired_version) {
    auto write = WriteOf(by, ref, version, p, action, "").args;
    WP_ASSIGN_OR_RETURN(auto stored,
                        store_.PutReport(write.next, version, write.changes, write.audit));
    generation_.Changed();
    Saved(p, ViewOf(std::move(stored)));
    p.form.paired = std::move(paired);
    return std::move(p.form);
  }

  // This report answers the paired one too: both prepared, then written in one transaction.
  ReportRef paired_ref;
  WP_ASSIGN_OR_RETURN(auto q, PreparePaired(by, ref, p, *paired_version, action, paired_ref));
  std::vector<store::PutReportArgs> writes;
  writes.push_back(WriteOf(by, ref, version, p, action, "").args);
  writes.push_back(WriteOf(by, paired_ref, *paired_version, q, action,
                           ReportKey(ref.obligation, ref.period, ref.unit))
                       .args);
  WP_ASSIGN_OR_RETURN(auto stored, store_.PutReports(writes));
  generation_.Changed();
  Saved(q, ViewOf(std::move(stored[1])));
  Saved(p, ViewOf(std::move(stored[0])));
  paired = std::move(q.form.paired);
  paired->report = q.form.report;
  paired->state =
      MakeDue(paired->expected, paired->obligation_name, paired->report, time_.Today()).state;
  p.form.paired = std::move(paired);
  return std::move(p.form);
}

core::Result<ReportForm> Reporting::ActOnReport(const Principal& by, ReportId id, int64_t version,
                                                ReportAction action, const std::string& comment) {
  if (action == ReportAction::kSubmit || action == ReportAction::kSave) {
    return SaveReportById(by, id, version, {}, action);
  }
  WP_ASSIGN_OR_RETURN(auto form, GetReportFormById(by, id));
  const auto& record = *form.report;
  WP_RETURN_IF_ERROR(RequireUnitAccess(by, record.unit_id, form.expected.nominal, action));
  if (version != record.version) {
    return tl::unexpected(store::StaleVersion(version, record.version));
  }
  WP_ASSIGN_OR_RETURN(auto next_status, domain::Transition(record.status, action));
  // Only a submitted report is approved, and a submitted one cannot be saved: who submitted it
  // (updated_by) is who last wrote it.
  std::optional<std::string> submitted_by;
  if (action == ReportAction::kApprove && record.updated_by) {
    WP_ASSIGN_OR_RETURN(auto settings, store_.GetProgramSettings(record.program_id));
    if (settings.four_eyes && *record.updated_by == by.user_id) {
      return core::Fail(ErrorCode::kPermissionDenied, "four_eyes",
                        "Người đã lưu và gửi báo cáo không được tự duyệt báo cáo đó (nguyên tắc "
                        "hai người); cần một người có quyền duyệt khác.");
    }
    auto submitter = store_.GetUser(*record.updated_by);
    submitted_by = submitter ? submitter->username : "#" + std::to_string(*record.updated_by);
  }
  if (action == ReportAction::kReturn &&
      comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    auto err = core::MakeError(ErrorCode::kInvalidArgument, "comment_required",
                               "Khi trả lại báo cáo cần ghi rõ lý do để đơn vị sửa.");
    err.details.push_back({"comment", "Chưa nhập lý do trả lại."});
    return tl::unexpected(err);
  }
  if (auto p = domain::CheckText(domain::ReportText::kComment, comment, "comment")) {
    return tl::unexpected(Invalid("comment_invalid", p->message, {*p}));
  }
  store::ReportRecord next = RecordOf(record);
  next.status = next_status;
  next.updated_at = time_.NowIso();
  next.updated_by = by.user_id ? std::optional(by.user_id) : std::nullopt;
  if (action == ReportAction::kApprove) next.approved_at = next.updated_at;
  if (action == ReportAction::kReopen) next.approved_at.reset();
  if (action == ReportAction::kReturn || action == ReportAction::kReopen) next.comment = comment;
  auto event = Event(time_, by, std::string("report.") + domain::ReportActionName(action), "report",
                     std::to_string(id));
  event.before = core::JsonObjectText()
                     .Add("status", domain::ReportStatusName(record.status))
                     .Add("version", version)
                     .Finish();
  core::JsonObjectText after;
  after.Add("status", domain::ReportStatusName(next_status)).Add("comment", next.comment);
  // An approval names both people: who approved and who had submitted.
  if (action == ReportAction::kApprove) {
    after.Add("submitted_by", submitted_by).Add("approved_by", by.username);
  }
  event.after =
      after.Add("fingerprint", ReportFingerprint(next, version + 1, form.content)).Finish();
  WP_ASSIGN_OR_RETURN(auto stored, store_.PutReport(next, version, {}, event));
  // Approved values count in the figures; a reopened report's leave them.
  if (action == ReportAction::kApprove || action == ReportAction::kReopen) {
    engines_.Feed(stored, action == ReportAction::kApprove);
  }
  generation_.Changed();
  form.report = ViewOf(std::move(stored));
  return form;
}

core::Result<std::vector<ValueVersionView>> Reporting::ReportHistory(const Principal& by,
                                                                     ReportId id) {
  WP_RETURN_IF_ERROR(GetReportFormById(by, id));
  WP_ASSIGN_OR_RETURN(auto vintages, store_.ListValueVintages(id));
  return ViewsOf(std::move(vintages));
}

// ───────────────────────────── timeliness ─────────────────────────────

core::Result<TimelinessSummary> Reporting::Timeliness(const Principal& by, ProgramId program,
                                                      std::optional<std::string> period,
                                                      std::optional<core::CivilDate> as_of) {
  if (period) WP_RETURN_IF_ERROR(domain::ParsePeriodKey(*period));
  DueFilter filter;
  filter.period = period;
  WP_ASSIGN_OR_RETURN(auto due, DueReports(by, program, filter));
  TimelinessSummary out;
  out.as_of = as_of.value_or(time_.Today());
  std::map<std::pair<core::CivilDate, std::string>, TimelinessRow> by_period;
  std::map<domain::OrgUnitId, TimelinessRow> by_unit;
  for (const auto& d : due) {
    const auto& e = d.expected;
    std::string key = e.obligation + "|" + e.period.Key();
    auto& p = by_period[{e.due, key}];
    p.obligation = e.obligation;
    p.period = e.period.Key();
    p.due = e.due;
    auto& u = by_unit[e.unit];
    u.unit = e.unit;
    u.obligation = "";
    for (TimelinessCounts* c : {&p.counts, &u.counts, &out.total}) {
      ++c->expected;
      // As of a date: what was received by then.
      bool received =
          d.received && d.first_submitted_at && LocalDate(*d.first_submitted_at) <= out.as_of;
      if (received) {
        ++c->received;
        ++(d.late ? c->late : c->on_time);
        if (d.state == DueState::kApproved) ++c->approved;
        if (d.state == DueState::kReturned) ++c->returned;
      } else if (out.as_of > e.due) {
        ++c->missing;
      } else {
        ++c->pending;
      }
    }
  }
  for (auto& [k, row] : by_period) out.by_period.push_back(std::move(row));
  for (auto& [k, row] : by_unit) out.by_unit.push_back(std::move(row));
  return out;
}

// ───────────────────────────── allocations ─────────────────────────────

namespace {

// `program` is the program in force at the end of its year (issue 18): shares given out before
// an amendment changed the target's value are checked against the value as amended, and the
// warning says so.
std::vector<AllocationCheck> CheckAllocations(const ProgramView& program,
                                              const ProgramView& published,
                                              const std::vector<store::Allocation>& rows) {
  std::map<int64_t, AllocationCheck> checks;
  for (const auto& a : rows) {
    auto& c = checks[a.target_id];
    c.target_id = a.target_id;
    c.allocated_sum = core::Add(c.allocated_sum, a.value).value_or(c.allocated_sum);
    ++c.units;
  }
  std::vector<AllocationCheck> out;
  for (auto& [id, c] : checks) {
    auto t = std::find_if(program.targets.begin(), program.targets.end(),
                          [&](const auto& st) { return st.id == id; });
    if (t == program.targets.end()) continue;
    c.national = t->target.value;
    // The value as published, when an approved amendment changed it.
    std::string amended;
    for (const auto& o : published.targets) {
      if (o.id != id || o.target.value.AsDouble() == c.national.AsDouble()) continue;
      c.national_original = o.target.value;
      amended = ", đã điều chỉnh từ " + o.target.value.ToVietnamese();
      if (const auto* steps = program.StepsOf("target:" + std::to_string(id));
          steps && !steps->empty()) {
        amended += " từ ngày " + steps->back().from.ToVietnamese();
      }
    }
    // Rates are not shared out by adding them up: only counts and amounts are checked.
    if (t->target.unit != "%") {
      double sum = c.allocated_sum.AsDouble(), national = c.national.AsDouble();
      std::string what = "Tổng giao cho " + std::to_string(c.units) + " đơn vị (" +
                         c.allocated_sum.ToVietnamese() + " " + t->target.unit + ")";
      std::string of = "chỉ tiêu toàn quốc (" + c.national.ToVietnamese() + amended + ").";
      if (sum < national) {
        c.warning = what + " thấp hơn " + of;
      } else if (sum > national) {
        c.warning = what + " vượt " + of;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The dates of the program's year on which who reports `target` may change: the program's
// date and each start of a reporter row of the target that year.
std::vector<core::CivilDate> ReportingDates(const ProgramView& program,
                                            std::span<const domain::Reporter> matrix,
                                            int64_t target) {
  core::CivilDate at = ProgramDate(program.record);
  std::vector<core::CivilDate> dates{at};
  for (const auto& r : matrix) {
    if (r.target_id == target && at < r.valid_from && r.valid_from.year == at.year)
      dates.push_back(r.valid_from);
  }
  return dates;
}

}  // namespace

core::Result<std::shared_ptr<const std::vector<domain::Reporter>>> Reporting::MatrixOf(
    const ProgramView& program) {
  return responsibilities_.Reporters(program.record.id);
}

core::Result<AllocationView> Reporting::Allocations(const Principal& by, ProgramId id) {
  WP_ASSIGN_OR_RETURN(auto program, cache_.Get(by, id));
  WP_ASSIGN_OR_RETURN(auto rows, store_.ListAllocations(id, std::nullopt));
  WP_ASSIGN_OR_RETURN(auto matrix, MatrixOf(*program));
  core::CivilDate at = ProgramDate(program->record);
  AllocationView out;
  {
    ReportingUnits reporting(*program, *matrix, rows, org_.registry());
    for (const auto& st : program->targets) {
      AllocationTarget t{st.id, {}};
      for (auto date : ReportingDates(*program, *matrix, st.id)) {
        for (auto u : reporting.Of(st.id, date)) {
          if (std::find(t.reporters.begin(), t.reporters.end(), u) == t.reporters.end())
            t.reporters.push_back(u);
        }
      }
      if (!domain::SeesAllUnits(by)) {
        std::erase_if(t.reporters, [&](domain::OrgUnitId u) {
          return !domain::InScope(by, u, org_.registry(), at);
        });
      }
      out.targets.push_back(std::move(t));
    }
  }
  if (!domain::SeesAllUnits(by)) {
    std::erase_if(rows, [&](const store::Allocation& a) {
      return !domain::InScope(by, a.unit_id, org_.registry(), at);
    });
  }
  // Checked against the values in force at the end of the year: after every approved amendment.
  WP_ASSIGN_OR_RETURN(auto in_force, cache_.InForce(program, core::CivilDate{at.year, 12, 31}));
  out.checks = CheckAllocations(*in_force, *program, rows);
  out.rows = ViewsOf(std::move(rows));
  return out;
}

core::Result<AllocationView> Reporting::ReplaceAllocations(const Principal& by, ProgramId id,
                                                           const std::vector<AllocationRow>& rows) {
  if (!domain::Can(by, domain::Permission::kManagePrograms)) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Chỉ Vụ Kế hoạch – Tài chính (người lập kế hoạch) mới giao chỉ tiêu");
  }
  WP_ASSIGN_OR_RETURN(auto program, cache_.Get(by, id));
  core::CivilDate at = ProgramDate(program->record);
  // A share goes only to a unit that reports the target (the responsibility matrix; a program
  // without one keeps today's rule, where a share is what makes a unit report a target).
  WP_ASSIGN_OR_RETURN(auto matrix, MatrixOf(*program));
  ReportingUnits reporting(*program, *matrix, {}, org_.registry());
  std::vector<domain::Problem> problems;
  std::vector<store::Allocation> parsed;
  std::set<std::pair<int64_t, domain::OrgUnitId>> seen;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string field = "rows[" + std::to_string(i + 1) + "]";
    // Named by the row ("rows[3].unit"), or by the cell of a spreadsheet ("Giao chỉ tiêu!D5").
    auto bad = [&](std::string sub, std::string message) {
      const std::string& cell = sub == ".target"  ? r.target_cell
                                : sub == ".value" ? r.value_cell
                                                  : r.unit_cell;
      problems.push_back({cell.empty() ? field + sub : cell, "bad_row", std::move(message),
                          domain::ProblemSeverity::kError});
    };
    bool known_target = std::any_of(program->targets.begin(), program->targets.end(),
                                    [&](const auto& st) { return st.id == r.target_id; });
    if (!known_target) {
      bad(".target", "Chỉ tiêu #" + std::to_string(r.target_id) + " không có trong chương trình.");
      continue;
    }
    auto unit = org_.FindUnit(r.unit, at);
    if (!unit) {
      bad(".unit", "Không tìm thấy đơn vị \"" + r.unit + "\" tại ngày " + at.ToVietnamese() + ".");
      continue;
    }
    auto value = ParseTypedNumber(r.value);
    if (!value) {
      bad(".value", "\"" + r.value + "\" không phải là số.");
      continue;
    }
    if (value->mantissa < 0) {
      bad(".value", "Chỉ tiêu giao không được âm.");
      continue;
    }
    if (reporting.from_matrix()) {
      auto dates = ReportingDates(*program, *matrix, r.target_id);
      if (std::none_of(dates.begin(), dates.end(), [&](const core::CivilDate& d) {
            return reporting.Reports(r.target_id, (*unit)->id, d);
          })) {
        bad(".unit", "Đơn vị " + (*unit)->name + " không báo cáo chỉ tiêu này.");
        continue;
      }
    }
    if (!seen.insert({r.target_id, (*unit)->id}).second) {
      bad("", "Đơn vị " + (*unit)->name + " được giao chỉ tiêu này hai lần.");
      continue;
    }
    parsed.push_back({r.target_id, (*unit)->id, *value});
  }
  if (!problems.empty()) {
    return tl::unexpected(Invalid("allocation_invalid",
                                  "Bảng giao chỉ tiêu có dòng chưa hợp lệ; chưa lưu dòng nào.",
                                  problems));
  }
  std::set<int64_t> targets;
  for (const auto& a : parsed) targets.insert(a.target_id);
  auto event = Event(time_, by, "allocation.replace", "allocations", std::to_string(id));
  event.after = core::JsonObjectText()
                    .Add("rows", static_cast<int64_t>(parsed.size()))
                    .Add("targets", static_cast<int64_t>(targets.size()))
                    .Finish();
  WP_RETURN_IF_ERROR(store_.ReplaceAllocations(id, parsed, event));
  engines_.Drop(id);  // the shares are the units' plans: the next read rebuilds the figures
  return Allocations(by, id);
}

// ───────────────────────────── digests and the outbox ─────────────────────────────

core::Result<DigestResult> Reporting::RunDigest(const Principal& by, ProgramId program,
                                                std::optional<core::CivilDate> as_of,
                                                int horizon_days) {
  WP_RETURN_IF_ERROR(Require(by, domain::Permission::kManagePrograms));
  core::CivilDate today = as_of.value_or(time_.Today());
  WP_ASSIGN_OR_RETURN(auto due, DueReports(by, program, {}));
  long horizon = core::DaysFromCivil(today) + std::max(0, horizon_days);
  std::map<domain::OrgUnitId, std::pair<std::string, std::string>> lines;  // overdue, soon
  for (const auto& d : due) {
    const auto& e = d.expected;
    bool received = d.received && d.first_submitted_at && LocalDate(*d.first_submitted_at) <= today;
    if (received) continue;
    std::string line =
        "- " + d.obligation_name + " " + e.period.Label() + ": hạn " + e.due.ToVietnamese() + "\n";
    if (e.due < today) {
      lines[e.unit].first += line;
    } else if (core::DaysFromCivil(e.due) <= horizon) {
      lines[e.unit].second += line;
    }
  }
  std::vector<store::OutboxMessage> messages;
  for (const auto& [unit, text] : lines) {
    store::OutboxMessage m;
    m.key = "digest:" + std::to_string(program) + ":" + today.ToIso() + ":" + std::to_string(unit);
    m.unit_id = unit;
    m.kind = "digest";
    m.subject = text.first.empty() ? "Báo cáo sắp đến hạn" : "Báo cáo quá hạn chưa gửi";
    m.body = "Kính gửi " + org_.UnitName(unit) + ",\n";
    if (!text.first.empty()) m.body += "\nCác báo cáo đã quá hạn:\n" + text.first;
    if (!text.second.empty()) m.body += "\nCác báo cáo sắp đến hạn:\n" + text.second;
    m.created_at = time_.NowIso();
    messages.push_back(std::move(m));
  }
  DigestResult out;
  out.units = messages.size();
  auto event = Event(time_, by, "outbox.digest", "outbox", std::to_string(program));
  event.after = core::JsonObjectText()
                    .Add("as_of", today.ToIso())
                    .Add("units", static_cast<int64_t>(messages.size()))
                    .Finish();
  WP_ASSIGN_OR_RETURN(out.queued, store_.EnqueueMessages(messages, event));
  return out;
}

core::Result<std::vector<OutboxMessageView>> Reporting::Outbox(const Principal& by,
                                                               bool pending_only, size_t limit) {
  WP_RETURN_IF_ERROR(Require(by, domain::Permission::kManageUsers));
  WP_ASSIGN_OR_RETURN(auto messages,
                      store_.ListOutbox(pending_only, std::min<size_t>(limit, 1000)));
  return ViewsOf(std::move(messages));
}

core::Status Reporting::MarkMessageSent(const Principal& by, int64_t id) {
  WP_RETURN_IF_ERROR(Require(by, domain::Permission::kManageUsers));
  return store_.MarkSent(id, time_.NowIso(),
                         Event(time_, by, "outbox.sent", "outbox", std::to_string(id)));
}

// ───────────────────────────── bulk loads ─────────────────────────────

core::Result<size_t> Reporting::BulkLoadValues(const Principal& by, ProgramId program_id,
                                               const std::vector<BulkValueRow>& rows) {
  WP_RETURN_IF_ERROR(Require(by, domain::Permission::kManagePrograms));
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, program_id));
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.Expected(*program));
  std::map<std::string, const domain::ExpectedReport*> owed;
  for (const auto& e : expected) owed[ReportKey(e.obligation, e.period.Key(), e.unit)] = &e;
  std::set<int64_t> targets;
  for (const auto& t : program->targets) targets.insert(t.id);
  std::vector<store::BulkValue> checked;
  checked.reserve(rows.size());
  for (const auto& r : rows) checked.push_back({r.obligation, r.period, r.unit_id, "", r.value});
  std::vector<domain::Problem> problems;
  for (size_t i = 0; i < checked.size() && problems.size() < 100; ++i) {
    auto& r = checked[i];
    std::string field = "rows[" + std::to_string(i + 1) + "]";
    auto it = owed.find(ReportKey(r.obligation, r.period, r.unit_id));
    if (it == owed.end()) {
      problems.push_back({field, "report_not_expected",
                          "Đơn vị #" + std::to_string(r.unit_id) + " không phải gửi báo cáo " +
                              r.obligation + " kỳ " + r.period + ".",
                          domain::ProblemSeverity::kError});
      continue;
    }
    if (!targets.count(r.value.target_id)) {
      problems.push_back(
          {field, "unknown_target",
           "Chỉ tiêu #" + std::to_string(r.value.target_id) + " không có trong chương trình.",
           domain::ProblemSeverity::kError});
      continue;
    }
    r.due = it->second->due.ToIso();
  }
  if (!problems.empty()) {
    return tl::unexpected(
        Invalid("bulk_invalid", "Dữ liệu nạp có dòng chưa hợp lệ; chưa lưu dòng nào.", problems));
  }
  // The reports a load writes are named in its entry (a key each, ReportKey), not
  // fingerprinted: their content is known only once the store has merged the rows. VerifyAudit
  // counts a report a load wrote last as not checked one by one.
  std::set<std::string> touched;
  for (const auto& r : checked) touched.insert(ReportKey(r.obligation, r.period, r.unit_id));
  std::string reports;
  for (const auto& k : touched) {
    if (!reports.empty()) reports.push_back(' ');
    reports += k;
  }
  auto event = Event(time_, by, "report.bulk_load", "report_values", std::to_string(program_id));
  event.after = core::JsonObjectText()
                    .Add("values", static_cast<int64_t>(rows.size()))
                    .Add("reports", reports)
                    .Finish();
  WP_ASSIGN_OR_RETURN(auto loaded,
                      store_.BulkLoadValues(program_id, checked, domain::ReportStatus::kApproved,
                                            time_.NowIso(), event));
  engines_.Drop(program_id);  // loaded as approved: the next read rebuilds the figures
  generation_.Changed();
  return loaded;
}

}  // namespace wp::service
