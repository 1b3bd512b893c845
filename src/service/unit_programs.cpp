// Each unit's own program (unit_programs.hpp): the items it may serve, read from the program's
// outline (resolved leads and coordinators), the responsibility matrix and the allocations on
// the program's date; its workflow over the store's unit program and versions.

#include "service/unit_programs.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "core/enum_names.hpp"
#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "doc/parser.hpp"
#include "domain/calendar.hpp"
#include "ingest/unit_program.hpp"
#include "read/read.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "service/responsibilities.hpp"
#include "store/store.hpp"
#include "store/store_errors.hpp"
#include "store/unit_program_json.hpp"
#include "text/fold.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Principal;
using domain::Role;
using domain::UnitProgramAction;
using domain::UnitProgramStatus;

constexpr std::array kStateNames{"not_due",   "missing",  "draft",
                                 "submitted", "returned", "accepted"};

bool IsRole(const Principal& p, std::initializer_list<Role> roles) {
  return std::find(roles.begin(), roles.end(), p.role) != roles.end();
}

bool Holds(const std::vector<domain::ResolvedUnitName>& names, domain::OrgUnitId unit) {
  for (const auto& n : names) {
    if (std::find(n.units.begin(), n.units.end(), unit) != n.units.end()) return true;
  }
  return false;
}

AccountRef RefOf(const store::UserRecord& u) { return {u.id, u.username, u.display_name}; }

}  // namespace

bool IsUnitProgram(const ObligationView& o) {
  return o.rule && domain::KindOf(*o.rule) == domain::ObligationKind::kUnitProgram;
}

const char* UnitProgramStateName(UnitProgramState s) { return core::NameIn(kStateNames, s); }
std::optional<UnitProgramState> ParseUnitProgramState(std::string_view s) {
  return core::ValueIn<UnitProgramState>(kStateNames, s);
}

UnitProgramStanding StandingOf(const std::optional<domain::UnitProgramStatus>& status,
                               const std::optional<std::string>& first_submitted_at,
                               const std::optional<int64_t>& accepted_version,
                               const core::CivilDate& due, const core::CivilDate& today) {
  UnitProgramStanding s;
  s.received = first_submitted_at.has_value();
  s.late = s.received && LocalDate(*first_submitted_at) > due;
  s.overdue = !s.received && today > due;
  if (!s.received) {
    s.state = s.overdue ? UnitProgramState::kMissing
                        : (status ? UnitProgramState::kDraft : UnitProgramState::kNotDue);
    return s;
  }
  switch (status.value_or(UnitProgramStatus::kSubmitted)) {
    case UnitProgramStatus::kAccepted:
      s.state = UnitProgramState::kAccepted;
      break;
    case UnitProgramStatus::kReturned:
      s.state = UnitProgramState::kReturned;
      break;
    case UnitProgramStatus::kSubmitted:
      s.state = UnitProgramState::kSubmitted;
      break;
    case UnitProgramStatus::kDraft:  // reopened: accepted before, being changed
      s.state = accepted_version ? UnitProgramState::kAccepted : UnitProgramState::kDraft;
      break;
  }
  return s;
}

struct UnitPrograms::Context {
  std::shared_ptr<const ProgramView> program;
  ObligationView obligation;
  domain::ExpectedReport expected;
  const domain::OrgUnit* unit = nullptr;
  std::optional<store::UnitProgramRecord> record;
  domain::UnitProgramContent content;
  domain::UnitItems allowed;
  std::vector<UnitProgramItem> items;
  std::vector<store::UserRecord> users;
  int year = 0;
};

UnitPrograms::UnitPrograms(store::Store& store, const Organisation& org, ProgramCache& cache,
                           Schedule& schedule, Responsibilities& responsibilities, const Time& time,
                           DataGeneration& generation)
    : store_(store),
      org_(org),
      cache_(cache),
      schedule_(schedule),
      responsibilities_(responsibilities),
      time_(time),
      generation_(generation) {}

core::Result<UnitPrograms::Context> UnitPrograms::Load(const Principal& by, ProgramId program_id,
                                                       domain::OrgUnitId unit) {
  Context c;
  WP_ASSIGN_OR_RETURN(c.program, cache_.Published(by, program_id));
  auto not_expected = [&] {
    return core::Fail(ErrorCode::kNotFound, "unit_program_not_expected",
                      "Chương trình không yêu cầu đơn vị này gửi chương trình công tác của đơn vị");
  };
  std::optional<ObligationView> obligation;
  for (auto& o : schedule_.Obligations(*c.program)) {
    if (IsUnitProgram(o)) {
      obligation = std::move(o);
      break;
    }
  }
  if (!obligation) return not_expected();
  c.obligation = std::move(*obligation);
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.SharedExpected(*c.program));
  auto e = std::find_if(expected->begin(), expected->end(), [&](const domain::ExpectedReport& x) {
    return x.unit == unit && x.obligation == c.obligation.obligation.key;
  });
  if (e == expected->end()) return not_expected();
  c.expected = *e;
  c.unit = org_.registry().Find(unit);
  if (!domain::InScope(by, unit, org_.registry(), e->nominal)) {
    return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                      "Bạn chỉ xem được chương trình công tác của đơn vị mình và các đơn vị "
                      "trực thuộc");
  }
  const auto& plan = c.program->record.plan;
  const core::CivilDate at = ProgramDate(c.program->record);
  c.year = plan.document.year.value_or(at.year);

  // The sections and tasks the unit leads or coordinates, in the outline's order.
  for (size_t si = 0; si < plan.sections.size(); ++si) {
    const auto& s = plan.sections[si];
    const std::string key = domain::SectionKey(plan, s);
    const char* role = Holds(s.resolved_leads, unit)          ? "lead"
                       : Holds(s.resolved_coordinators, unit) ? "coordinate"
                                                              : nullptr;
    if (role) {
      c.allowed.sections.insert(key);
      c.items.push_back({key, "section", s.number + " " + s.title, role, std::nullopt, "", {}});
    }
    for (size_t ti = 0; ti < s.tasks.size(); ++ti) {
      const auto& t = s.tasks[ti];
      const char* task_role = Holds(t.resolved_leads, unit)          ? "lead"
                              : Holds(t.resolved_coordinators, unit) ? "coordinate"
                                                                     : nullptr;
      if (!task_role) continue;
      const std::string id = domain::TaskId(plan, si, ti);
      c.allowed.tasks.insert(id);
      c.items.push_back({id, "task", t.text, task_role, std::nullopt, "", {}});
    }
  }
  // The targets the matrix has it report or consolidate; without a matrix, those allocated.
  WP_ASSIGN_OR_RETURN(auto reporters, responsibilities_.Reporters(program_id));
  WP_ASSIGN_OR_RETURN(auto shares, store_.ListAllocations(program_id, unit));
  std::map<int64_t, core::Decimal> share_of;
  for (const auto& a : shares) share_of[a.target_id] = a.value;
  for (const auto& t : c.program->targets) {
    const char* role = nullptr;
    if (!reporters->empty()) {
      if (domain::ConsolidatorAt(*reporters, t.id, at) == unit) {
        role = "consolidates";
      } else if (domain::ReportsAt(*reporters, t.id, unit, at, org_.registry())) {
        role = "reports";
      }
    } else if (share_of.count(t.id)) {
      role = "reports";
    }
    if (!role) continue;
    c.allowed.targets.insert(t.id);
    UnitProgramItem item{"target:" + std::to_string(t.id),
                         "target",
                         t.name(),
                         role,
                         std::nullopt,
                         t.target.unit,
                         {}};
    if (auto it = share_of.find(t.id); it != share_of.end()) item.allocation = it->second;
    c.items.push_back(std::move(item));
  }

  WP_ASSIGN_OR_RETURN(c.users, store_.ListUsers());
  for (const auto& u : c.users) {
    if (u.unit == unit && u.active) c.allowed.accounts.insert(u.id);
  }
  WP_ASSIGN_OR_RETURN(c.record, store_.FindUnitProgram(program_id, unit));
  if (c.record) {
    int64_t version = 0;
    WP_ASSIGN_OR_RETURN(c.content, store_.GetUnitProgramContent(c.record->id, &version));
    if (version != c.record->version) {
      // Written between the two reads: read the row again at the content's version.
      WP_ASSIGN_OR_RETURN(auto again, store_.GetUnitProgram(c.record->id));
      c.record = std::move(again);
      WP_ASSIGN_OR_RETURN(c.content, store_.GetUnitProgramContent(c.record->id, &version));
    }
  }
  return c;
}

core::Result<UnitProgramView> UnitPrograms::ViewOf(const Context& c) {
  UnitProgramView v;
  v.program_id = c.program->record.id;
  v.unit_id = c.expected.unit;
  if (c.unit) {
    v.unit_code = c.unit->code;
    v.unit_name = c.unit->name;
  }
  v.obligation = c.obligation.obligation.key;
  v.due = c.expected.due;
  v.content = c.content;
  v.items = c.items;
  std::map<domain::UserId, const store::UserRecord*> users;
  for (const auto& u : c.users) users[u.id] = &u;
  for (const auto& u : c.users) {
    if (c.allowed.accounts.count(u.id)) v.accounts.push_back(RefOf(u));
  }
  auto person = [&](const std::optional<domain::UserId>& id) -> std::optional<AccountRef> {
    if (!id) return std::nullopt;
    auto it = users.find(*id);
    if (it == users.end()) return std::nullopt;
    v.people[*id] = RefOf(*it->second);
    return RefOf(*it->second);
  };
  std::map<std::string, size_t> item_of;
  for (size_t i = 0; i < v.items.size(); ++i) item_of[v.items[i].key] = i;
  for (size_t i = 0; i < v.content.tasks.size(); ++i) {
    const auto& t = v.content.tasks[i];
    (void)person(t.responsible_user);
    if (auto it = item_of.find(t.serves); it != item_of.end()) {
      v.items[it->second].tasks.push_back(i);
    } else {
      v.unassigned.push_back(i);
    }
  }
  if (!c.record) return v;
  const auto& r = *c.record;
  v.id = r.id;
  v.status = r.status;
  v.version = r.version;
  v.due = r.due;
  v.first_submitted_at = r.first_submitted_at;
  v.submitted_at = r.submitted_at;
  v.decided_at = r.decided_at;
  v.comment = r.comment;
  v.accepted_version = r.accepted_version;
  v.late = r.first_submitted_at && LocalDate(*r.first_submitted_at) > r.due;
  WP_ASSIGN_OR_RETURN(auto versions, store_.ListUnitProgramVersions(r.id));
  for (const auto& x : versions) {
    v.history.push_back({x.version, x.action, x.at, person(x.by_user), x.comment});
  }
  return v;
}

core::Status UnitPrograms::RequireWrite(const Principal& by, const Context& c,
                                        UnitProgramAction action) const {
  auto denied = [](std::string message) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden", std::move(message));
  };
  switch (action) {
    case UnitProgramAction::kReturn:
    case UnitProgramAction::kAccept:
      if (IsRole(by, {Role::kAdmin, Role::kPlanner})) return {};
      return denied(
          "Chỉ Vụ Kế hoạch – Tài chính, Văn phòng Bộ (người lập kế hoạch) mới chấp nhận hoặc trả "
          "lại chương trình công tác của đơn vị");
    default:
      if (IsRole(by, {Role::kAdmin, Role::kPlanner})) return {};
      if (!IsRole(by, {Role::kEditor, Role::kApprover})) {
        return denied("Tài khoản của bạn chỉ được xem, không được lập chương trình công tác");
      }
      if (!domain::InScope(by, c.expected.unit, org_.registry(), c.expected.nominal)) {
        return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                          "Bạn chỉ lập được chương trình công tác của đơn vị mình");
      }
      return {};
  }
}

core::Result<UnitProgramView> UnitPrograms::Get(const Principal& by, ProgramId program,
                                                domain::OrgUnitId unit) {
  WP_ASSIGN_OR_RETURN(auto c, Load(by, program, unit));
  return ViewOf(c);
}

core::Result<UnitProgramView> UnitPrograms::GetById(const Principal& by, int64_t id) {
  WP_ASSIGN_OR_RETURN(auto r, store_.GetUnitProgram(id));
  return Get(by, r.program_id, r.unit_id);
}

namespace {

std::string AuditAfter(const store::UnitProgramRecord& r, const domain::UnitProgramContent& content,
                       const std::string& comment) {
  return core::JsonObjectText()
      .Add("program_id", r.program_id)
      .Add("unit_id", r.unit_id)
      .Add("status", domain::UnitProgramStatusName(r.status))
      .Add("version", r.version)
      .Add("tasks", static_cast<int64_t>(content.tasks.size()))
      .Add("targets", static_cast<int64_t>(content.targets.size()))
      .Add("comment", comment)
      .Finish();
}

core::Error InvalidProgram(const std::vector<domain::Problem>& problems) {
  auto e = core::MakeError(ErrorCode::kInvalidArgument, "unit_program_invalid",
                           "Chương trình công tác có " + std::to_string(problems.size()) +
                               " chỗ chưa đúng; chưa lưu gì: " + problems.front().message);
  for (const auto& p : problems) {
    if (e.details.size() >= 100) break;
    e.details.push_back({p.field, p.message});
  }
  return e;
}

// The text of a .docx as src/read extracts it, with the rows of each table of three or more
// columns written as the import reads an appendix table, "| TT | Nội dung | … |" (src/read joins
// a row's cells with tabs; the decision's two-column header table stays as it is).
std::string TablesAsRows(const read::Extracted& e) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at <= e.text.size();) {
    size_t end = e.text.find('\n', at);
    if (end == std::string::npos) end = e.text.size();
    lines.push_back(std::string_view(e.text).substr(at, end - at));
    at = end + 1;
  }
  auto row_of = [&](size_t i) {
    return i < e.origins.size() && e.origins[i].row > 0 ? e.origins[i].paragraph : 0;
  };
  std::set<int> wide;  // the body blocks of the tables with three or more columns
  for (size_t i = 0; i < lines.size(); ++i) {
    if (row_of(i) && std::count(lines[i].begin(), lines[i].end(), '\t') >= 2) {
      wide.insert(row_of(i));
    }
  }
  std::string out;
  out.reserve(e.text.size() + e.text.size() / 8);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    if (!wide.count(row_of(i))) {
      out += lines[i];
      continue;
    }
    out += "| ";
    for (char ch : lines[i]) {
      if (ch == '\t') {
        out += " | ";
      } else if (ch == '|') {
        out += '/';  // a bar of the cell's own text would split it
      } else {
        out += ch;
      }
    }
    out += " |";
  }
  return out;
}

}  // namespace

core::Result<UnitProgramView> UnitPrograms::Save(const Principal& by, ProgramId program,
                                                 domain::OrgUnitId unit, int64_t version,
                                                 const domain::UnitProgramContent& content) {
  WP_ASSIGN_OR_RETURN(auto c, Load(by, program, unit));
  WP_RETURN_IF_ERROR(RequireWrite(by, c, UnitProgramAction::kSave));
  store::UnitProgramRecord next;
  if (c.record) {
    next = *c.record;
    WP_ASSIGN_OR_RETURN(next.status,
                        domain::Transition(c.record->status, UnitProgramAction::kSave));
  } else {
    next.program_id = program;
    next.unit_id = unit;
    next.due = c.expected.due;
  }
  auto problems = domain::CheckUnitProgram(c.allowed, content, c.year);
  if (!problems.empty()) return tl::unexpected(InvalidProgram(problems));
  const std::string now = time_.NowIso();
  next.updated_at = now;
  next.updated_by = by.user_id ? std::optional<domain::UserId>(by.user_id) : std::nullopt;
  auto event = Event(time_, by, "unit_program.save", "unit_program",
                     c.record ? std::to_string(c.record->id) : "");
  auto after = next;
  after.version = version + 1;
  event.after = AuditAfter(after, content, "");
  WP_ASSIGN_OR_RETURN(auto stored, store_.PutUnitProgram(next, version, content,
                                                         UnitProgramAction::kSave, "", event));
  (void)stored;
  generation_.Changed();
  WP_ASSIGN_OR_RETURN(auto fresh, Load(by, program, unit));
  return ViewOf(fresh);
}

core::Result<UnitProgramView> UnitPrograms::Act(const Principal& by, int64_t id, int64_t version,
                                                UnitProgramAction action,
                                                const std::string& comment) {
  if (action == UnitProgramAction::kSave || action == UnitProgramAction::kImport) {
    return core::Fail(ErrorCode::kInvalidArgument, "unit_program_action",
                      "Thao tác không hợp lệ với chương trình công tác");
  }
  WP_ASSIGN_OR_RETURN(auto stored, store_.GetUnitProgram(id));
  WP_ASSIGN_OR_RETURN(auto c, Load(by, stored.program_id, stored.unit_id));
  WP_RETURN_IF_ERROR(RequireWrite(by, c, action));
  if (!c.record) return tl::unexpected(store::UnitProgramNotFound(id));
  if (auto p = domain::CheckText(domain::ReportText::kComment, comment, "comment")) {
    return core::Fail(ErrorCode::kInvalidArgument, p->code, p->message);
  }
  if (action == UnitProgramAction::kReturn &&
      comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    auto e = core::MakeError(ErrorCode::kInvalidArgument, "comment_required",
                             "Cần ghi lý do trả lại chương trình công tác để đơn vị sửa");
    e.details.push_back({"comment", "Cần ghi lý do trả lại"});
    return tl::unexpected(e);
  }
  if (c.record->version != version) {
    return tl::unexpected(store::UnitProgramStale(version, c.record->version));
  }
  WP_ASSIGN_OR_RETURN(auto status, domain::Transition(c.record->status, action));
  if (action == UnitProgramAction::kSubmit) {
    if (c.content.tasks.empty()) {
      return core::Fail(ErrorCode::kFailedPrecondition, "unit_program_empty",
                        "Chương trình công tác chưa có nhiệm vụ nào: chưa gửi được");
    }
    // The outline or the matrix may have changed since it was saved.
    auto problems = domain::CheckUnitProgram(c.allowed, c.content, c.year);
    if (!problems.empty()) return tl::unexpected(InvalidProgram(problems));
  }
  const std::string now = time_.NowIso();
  store::UnitProgramRecord next = *c.record;
  next.status = status;
  next.updated_at = now;
  next.updated_by = by.user_id ? std::optional<domain::UserId>(by.user_id) : std::nullopt;
  switch (action) {
    case UnitProgramAction::kSubmit:
      next.submitted_at = now;
      if (!next.first_submitted_at) next.first_submitted_at = now;
      next.comment.clear();
      break;
    case UnitProgramAction::kReturn:
    case UnitProgramAction::kAccept:
      next.decided_at = now;
      next.decided_by = next.updated_by;
      next.comment = comment;
      break;
    default:
      next.comment = comment;
      break;
  }
  auto event =
      Event(time_, by, std::string("unit_program.") + domain::UnitProgramActionName(action),
            "unit_program", std::to_string(id));
  event.before = core::JsonObjectText()
                     .Add("status", domain::UnitProgramStatusName(c.record->status))
                     .Add("version", c.record->version)
                     .Finish();
  auto after = next;
  after.version = version + 1;
  event.after = AuditAfter(after, c.content, comment);
  WP_ASSIGN_OR_RETURN(auto written,
                      store_.PutUnitProgram(next, version, c.content, action, comment, event));
  (void)written;
  generation_.Changed();
  WP_ASSIGN_OR_RETURN(auto fresh, Load(by, stored.program_id, stored.unit_id));
  return ViewOf(fresh);
}

core::Result<UnitProgramList> UnitPrograms::List(const Principal& by, ProgramId program_id,
                                                 std::optional<UnitProgramState> state,
                                                 std::optional<domain::OrgUnitId> unit) {
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, program_id));
  UnitProgramList out;
  std::optional<ObligationView> obligation;
  for (auto& o : schedule_.Obligations(*program)) {
    if (IsUnitProgram(o)) {
      obligation = std::move(o);
      break;
    }
  }
  if (!obligation) return out;
  out.obligation = obligation->obligation.key;
  if (obligation->obligation.schedule.due) {
    out.due = org_.calendar().OnOrNextWorkingDay(*obligation->obligation.schedule.due);
  }
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.SharedExpected(*program));
  WP_ASSIGN_OR_RETURN(auto stored, store_.ListUnitPrograms(program_id));
  std::map<domain::OrgUnitId, const store::UnitProgramRecord*> of_unit;
  for (const auto& r : stored) of_unit[r.unit_id] = &r;
  std::map<int64_t, size_t> tasks;
  const core::CivilDate today = time_.Today();
  for (const auto& e : *expected) {
    if (e.obligation != out.obligation) continue;
    if (unit && e.unit != *unit) continue;
    if (!domain::InScope(by, e.unit, org_.registry(), e.nominal)) continue;
    out.due = e.due;
    UnitProgramRow row;
    row.unit_id = e.unit;
    if (const auto* u = org_.registry().Find(e.unit)) {
      row.unit_code = u->code;
      row.unit_name = u->name;
    }
    const store::UnitProgramRecord* r = nullptr;
    if (auto it = of_unit.find(e.unit); it != of_unit.end()) r = it->second;
    auto standing = StandingOf(r ? std::optional(r->status) : std::nullopt,
                               r ? r->first_submitted_at : std::nullopt,
                               r ? r->accepted_version : std::nullopt, e.due, today);
    if (state && standing.state != *state) continue;
    row.state = standing.state;
    row.late = standing.late;
    if (r) {
      row.id = r->id;
      row.first_submitted_at = r->first_submitted_at;
      row.version = r->version;
      WP_ASSIGN_OR_RETURN(auto content, store_.GetUnitProgramContent(r->id));
      row.tasks = content.tasks.size();
    }
    out.items.push_back(std::move(row));
  }
  return out;
}

core::Result<UnitProgramView> UnitPrograms::Version(const Principal& by, int64_t id,
                                                    int64_t version) {
  WP_ASSIGN_OR_RETURN(auto stored, store_.GetUnitProgram(id));
  WP_ASSIGN_OR_RETURN(auto c, Load(by, stored.program_id, stored.unit_id));
  WP_ASSIGN_OR_RETURN(auto v, store_.GetUnitProgramVersion(id, version));
  auto content = store::ParseUnitProgramSnapshot(v.content);
  if (!content) {
    return core::Fail(
        ErrorCode::kInternal, "unit_program_snapshot_unreadable",
        "Không đọc được phiên bản " + std::to_string(version) + " của chương trình công tác");
  }
  c.content = std::move(*content);
  WP_ASSIGN_OR_RETURN(auto view, ViewOf(c));
  view.version = version;
  return view;
}

// ---- Issue 18 (unitingest): a unit's program read from its decision ----------------------

core::Result<UnitProgramImported> UnitPrograms::Import(const Principal& by, ProgramId program,
                                                       domain::OrgUnitId unit, int64_t version,
                                                       std::string_view bytes,
                                                       const std::string& name) {
  if (bytes.size() > kMaxUnitProgramUpload) {
    return core::Fail(ErrorCode::kTooLarge, "file_too_large",
                      "Tệp quá lớn: quyết định của đơn vị được tối đa 2 MB");
  }
  WP_ASSIGN_OR_RETURN(auto c, Load(by, program, unit));
  WP_RETURN_IF_ERROR(RequireWrite(by, c, UnitProgramAction::kImport));
  store::UnitProgramRecord next;
  if (c.record) {
    next = *c.record;
    WP_ASSIGN_OR_RETURN(next.status,
                        domain::Transition(c.record->status, UnitProgramAction::kImport));
  } else {
    next.program_id = program;
    next.unit_id = unit;
    next.due = c.expected.due;
  }
  // A .docx is a zip package ("PK\3\4"), read as a decision is (src/read): each paragraph a
  // line with the number Word's automatic numbering shows, so a list Word numbers reads as the
  // numbered items it prints. Anything else is read as text.
  std::string text;
  if (bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
    read::Limits limits;
    limits.max_upload = kMaxUnitProgramUpload;
    WP_ASSIGN_OR_RETURN(auto extracted, read::Extract(bytes, read::Form::kDocx, limits));
    text = TablesAsRows(extracted);
  } else {
    text.assign(bytes);
  }
  WP_ASSIGN_OR_RETURN(auto document, doc::Parse(text));
  ingest::UnitItems items;
  items.year = c.year;
  for (const auto& it : c.items) items.items.push_back({it.key, it.title});
  UnitProgramImported out;
  out.read = ingest::BindUnitProgram(document, items);
  if (out.read.tasks.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "no_unit_tasks",
                      "Không đọc được nhiệm vụ nào trong văn bản: cần các mục đánh số, gạch đầu "
                      "dòng hoặc bảng nhiệm vụ (TT, Nội dung, Bộ phận chủ trì, …); chưa lưu gì");
  }

  // The tasks read, in place of the draft's; its targets stay.
  domain::UnitProgramContent content = c.content;
  if (!out.read.number.empty()) content.decision_number = out.read.number;
  if (out.read.date) content.decision_date = out.read.date;
  if (!out.read.signer.empty()) content.signer = out.read.signer;
  // A responsible written as one of the unit's accounts' names is that account.
  std::map<std::string, domain::UserId> account_by_name;
  for (const auto& u : c.users) {
    if (!c.allowed.accounts.count(u.id)) continue;
    account_by_name.emplace(text::FoldKey(u.display_name), u.id);
    account_by_name.emplace(text::FoldKey(u.username), u.id);
  }
  content.tasks.clear();
  for (const auto& t : out.read.tasks) {
    domain::UnitTask u;
    u.serves = t.serves;
    u.text = t.text;
    u.responsible_name = t.responsible;
    if (auto it = account_by_name.find(text::FoldKey(t.responsible));
        !t.responsible.empty() && it != account_by_name.end()) {
      u.responsible_user = it->second;
    }
    u.start = t.start;
    u.due = t.due;
    u.output = t.output;
    content.tasks.push_back(std::move(u));
  }
  // What the unit settles on its page is not a refusal here: a task tied to no item (it picks
  // one before sending), a date the program's year cannot hold (left out, said so).
  auto problems = domain::CheckUnitProgram(c.allowed, content, c.year);
  std::vector<domain::Problem> refused;
  for (auto& p : problems) {
    size_t open = p.field.find('['), close = p.field.find("].");
    if (p.field.starts_with("tasks[") && close != std::string::npos) {
      size_t i = std::stoul(p.field.substr(open + 1, close - open - 1));
      std::string_view part = std::string_view(p.field).substr(close + 2);
      auto& task = content.tasks[i];
      if (part == "serves" && task.serves.empty()) continue;
      if ((part == "start" || part == "due") && p.code != "required") {
        auto& date = part == "start" ? task.start : task.due;
        if (date) {
          out.read.diagnostics.push_back(
              {core::Severity::kWarning, "task_date_dropped",
               "Bỏ " + std::string(part == "start" ? "ngày bắt đầu " : "thời hạn ") +
                   date->ToVietnamese() + " của nhiệm vụ thứ " + std::to_string(i + 1) + ": " +
                   p.message,
               out.read.tasks[i].span});
          date.reset();
        }
        continue;
      }
    }
    refused.push_back(std::move(p));
  }
  if (!refused.empty()) return tl::unexpected(InvalidProgram(refused));

  const std::string now = time_.NowIso();
  next.updated_at = now;
  next.updated_by = by.user_id ? std::optional<domain::UserId>(by.user_id) : std::nullopt;
  next.source_name = name;
  next.source_sha256 = core::Sha256Hex(bytes);
  auto event = Event(time_, by, "unit_program.import", "unit_program",
                     c.record ? std::to_string(c.record->id) : "");
  auto after = next;
  after.version = version + 1;
  event.after = AuditAfter(after, content, "");
  WP_ASSIGN_OR_RETURN(auto stored, store_.PutUnitProgram(next, version, content,
                                                         UnitProgramAction::kImport, "", event));
  (void)stored;
  generation_.Changed();
  WP_ASSIGN_OR_RETURN(auto fresh, Load(by, program, unit));
  WP_ASSIGN_OR_RETURN(out.program, ViewOf(fresh));
  return out;
}

}  // namespace wp::service
