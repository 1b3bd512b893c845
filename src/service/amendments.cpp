// Amendments of a published program (amendments.hpp): their checks against the program in
// force on their date, their way from the proposing unit through the planning department to a
// leader, the versions approvals make, and the Minister's delegations.

#include "service/amendments.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/json_text.hpp"
#include "domain/calendar.hpp"
#include "domain/responsibility.hpp"
#include "ingest/resolver.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "service/responsibilities.hpp"
#include "store/store.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::AmendmentAction;
using domain::AmendmentStatus;
using domain::Change;
using domain::ChangeKind;
using domain::Permission;
using domain::Principal;
using domain::Role;

constexpr size_t kMaxChanges = 50;
constexpr size_t kMaxText = 4000;
constexpr std::string_view kDeputyTitle = "Thứ trưởng";

// The program as in force on a date: the baseline with the approved changes effective then
// applied, tasks dropped marked (never removed: a task's id is its place).
struct InForceView {
  ProgramView view;
  std::set<std::string> dropped;
};

std::string Clip(std::string_view s, size_t n) {
  if (s.size() <= n) return std::string(s);
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

std::string DateText(const core::CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buf;
}

core::Error Invalid(std::vector<core::ErrorDetail> problems) {
  auto e = core::MakeError(ErrorCode::kInvalidArgument, "amendment_invalid",
                           "Đề nghị điều chỉnh chưa hợp lệ; chưa lưu gì");
  if (problems.size() > 100) problems.resize(100);
  e.details = std::move(problems);
  return e;
}

core::Error NotFound(int64_t id) {
  return core::MakeError(ErrorCode::kNotFound, "amendment_not_found",
                         "Không có đề nghị điều chỉnh #" + std::to_string(id));
}

// A task of the plan by its id ("II.2.1#4"): (section index, task index).
std::optional<std::pair<size_t, size_t>> FindTask(const domain::PlanDraft& plan,
                                                  std::string_view id) {
  auto hash = id.find('#');
  if (hash == std::string_view::npos) return std::nullopt;
  for (size_t si = 0; si < plan.sections.size(); ++si) {
    const auto& s = plan.sections[si];
    if (s.tasks.empty()) continue;
    if (domain::SectionKey(plan, s) != id.substr(0, hash)) continue;
    for (size_t ti = 0; ti < s.tasks.size(); ++ti) {
      if (domain::TaskId(plan, si, ti) == id) return std::pair{si, ti};
    }
  }
  return std::nullopt;
}

std::optional<size_t> FindSection(const domain::PlanDraft& plan, std::string_view number) {
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    if (plan.sections[i].number == number) return i;
  }
  return std::nullopt;
}

std::string_view LocatorRef(std::string_view locator, std::string_view kind) {
  if (!locator.starts_with(kind) || locator.size() <= kind.size() || locator[kind.size()] != ':') {
    return {};
  }
  return locator.substr(kind.size() + 1);
}

std::string LeadsText(const std::vector<std::string>& leads) {
  std::string out;
  for (const auto& l : leads) out += (out.empty() ? "" : "; ") + l;
  return out.empty() ? "(chưa rõ)" : out;
}

const TargetView* FoldedTarget(const ProgramView& v, int64_t id) {
  for (const auto& t : v.targets) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

// Checks `ch` (value as typed) against the program in force and fills its value as stored, its
// before and after; with `apply`, makes it in `iv`. `field` names the change in errors.
core::Status CheckChange(const Organisation& org, InForceView& iv, Change& ch, bool apply,
                         const std::string& field) {
  auto& v = iv.view;
  auto& plan = v.record.plan;
  auto bad = [&](const std::string& what) { return tl::unexpected(Invalid({{field, what}})); };
  auto corrected = [&](const std::string& f) -> core::Status {
    store::ProgramCorrection k;
    k.locator = ch.locator;
    k.field = f;
    k.value = ch.value;
    auto done = Correct(org, v, k, apply);
    if (!done) {
      std::string why = done.error().details.empty() ? done.error().message
                                                     : done.error().details.front().message;
      return bad(why);
    }
    ch.value = k.value;
    ch.before = k.before;
    ch.after = k.after;
    return {};
  };
  switch (ch.kind) {
    case ChangeKind::kTargetValue: {
      auto ref = LocatorRef(ch.locator, "target");
      int64_t id = -1;
      try {
        id = ref.empty() ? -1 : std::stoll(std::string(ref));
      } catch (const std::exception&) {
        id = -1;
      }
      const TargetView* folded = FoldedTarget(v, id);
      if (!folded) {
        for (const auto& t : v.targets) {
          for (const auto& m : t.mentions) {
            if (m.target_id != id || m.target_id == t.id) continue;
            auto e = core::MakeError(ErrorCode::kInvalidArgument, "amendment_on_mention",
                                     "Chỉ tiêu #" + std::to_string(id) + " (mục " + m.section +
                                         ") là chỗ nhắc lại chỉ tiêu \"" + t.name() + "\" (#" +
                                         std::to_string(t.id) +
                                         "); hãy đề nghị điều chỉnh chính chỉ tiêu đó");
            e.details.push_back({field + ".locator", "target:" + std::to_string(t.id)});
            return tl::unexpected(e);
          }
        }
        return bad("không có chỉ tiêu " + ch.locator + " trong chương trình");
      }
      WP_RETURN_IF_ERROR(corrected("value"));
      if (apply) {
        for (auto& t : v.targets) {
          if (t.id == id) {
            for (const auto& r : v.rows) {
              if (r.id == id) t.target.value = r.target.value;
            }
          }
        }
      }
      return {};
    }
    case ChangeKind::kDeadline:
      if (LocatorRef(ch.locator, "deadline").empty()) {
        return bad("thời hạn được chỉ bằng deadline:<số thứ tự>");
      }
      return corrected("due");
    case ChangeKind::kLead: {
      if (!LocatorRef(ch.locator, "section").empty()) return corrected("lead");
      auto ref = LocatorRef(ch.locator, "task");
      auto at = ref.empty() ? std::nullopt : FindTask(plan, ref);
      if (!at || iv.dropped.contains(std::string(ref))) {
        return bad("không có mục hoặc nhiệm vụ " + ch.locator + " trong chương trình");
      }
      std::string typed = ch.value;
      while (!typed.empty() && typed.back() == ' ') typed.pop_back();
      while (!typed.empty() && typed.front() == ' ') typed.erase(typed.begin());
      auto r = org.resolver().Resolve(typed, ProgramDate(v.record));
      bool known = (r.resolution == domain::NameResolution::kUnit ||
                    r.resolution == domain::NameResolution::kApproximate ||
                    r.resolution == domain::NameResolution::kGroup) &&
                   !r.units.empty();
      if (typed.empty() || !known) {
        return bad("không nhận ra đơn vị \"" + typed + "\" trong tổ chức ở ngày ban hành");
      }
      auto& task = plan.sections[at->first].tasks[at->second];
      ch.value = typed;
      ch.before = LeadsText(task.lead_units);
      ch.after = typed;
      if (apply) {
        task.lead_units = {typed};
        task.resolved_leads = {{typed, r.resolution, r.units}};
        task.leads_inherited = false;
      }
      return {};
    }
    case ChangeKind::kTaskAdd: {
      auto ref = LocatorRef(ch.locator, "section");
      auto at = ref.empty() ? std::nullopt : FindSection(plan, ref);
      if (!at) return bad("không có mục " + ch.locator + " để thêm nhiệm vụ");
      std::string text = ch.value;
      while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
      while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.erase(0, 1);
      if (text.empty()) return bad("cần nội dung của nhiệm vụ thêm");
      if (text.size() > kMaxText) return bad("nội dung nhiệm vụ dài quá 4.000 ký tự");
      ch.value = text;
      ch.before = "";
      ch.after = text;
      if (apply) {
        auto& s = plan.sections[*at];
        domain::Task t;
        t.text = text;
        t.kind = "bullet";
        t.lead_units = s.lead_units;
        t.resolved_leads = s.resolved_leads;
        t.coordinating_units = s.coordinating_units;
        t.resolved_coordinators = s.resolved_coordinators;
        t.leads_inherited = true;
        s.tasks.push_back(std::move(t));
      }
      return {};
    }
    case ChangeKind::kTaskDrop: {
      auto ref = LocatorRef(ch.locator, "task");
      auto at = ref.empty() ? std::nullopt : FindTask(plan, ref);
      if (!at || iv.dropped.contains(std::string(ref))) {
        return bad("không có nhiệm vụ " + ch.locator + " trong chương trình");
      }
      ch.value = "";
      ch.before = Clip(plan.sections[at->first].tasks[at->second].text, 300);
      ch.after = "(bỏ nhiệm vụ)";
      if (apply) iv.dropped.insert(std::string(ref));
      return {};
    }
  }
  return {};
}

std::vector<domain::Version> VersionsOf(const std::vector<store::ProgramVersionRecord>& rows) {
  std::vector<domain::Version> out;
  for (const auto& r : rows)
    out.push_back({r.version, r.effective_from, r.amendment_id, r.changes});
  return out;
}

// The program in force on `on`: the baseline plus the approved changes effective then.
InForceView InForceOn(const Organisation& org, const ProgramView& baseline,
                      const std::vector<store::ProgramVersionRecord>& rows, core::CivilDate on) {
  InForceView iv{baseline, {}};
  auto versions = VersionsOf(rows);
  for (const domain::Version* v : domain::InForce(versions, on)) {
    for (Change ch : v->changes) {
      // The stored value is what was typed, as stored: applying it again gives the same.
      (void)CheckChange(org, iv, ch, true, "changes");
    }
  }
  return iv;
}

// The section key or task id a change is about (what a delegation's area and the proposer's
// leads are read from); for a target, its section, else the first of its mentions in part II.
std::string ItemKey(const ProgramView& v, const Change& ch) {
  const auto& plan = v.record.plan;
  if (auto ref = LocatorRef(ch.locator, "section"); !ref.empty()) return std::string(ref);
  if (auto ref = LocatorRef(ch.locator, "task"); !ref.empty()) return std::string(ref);
  if (auto ref = LocatorRef(ch.locator, "deadline"); !ref.empty()) {
    try {
      size_t i = std::stoul(std::string(ref));
      if (i < plan.deadlines.size()) return plan.deadlines[i].section;
    } catch (const std::exception&) {
    }
    return "";
  }
  if (auto ref = LocatorRef(ch.locator, "target"); !ref.empty()) {
    int64_t id = -1;
    try {
      id = std::stoll(std::string(ref));
    } catch (const std::exception&) {
    }
    if (const auto* t = FoldedTarget(v, id)) {
      if (!domain::AreaOfItem(t->target.section).empty()) return t->target.section;
      for (const auto& m : t->mentions) {
        if (!domain::AreaOfItem(m.section).empty()) return m.section;
      }
      return t->target.section;
    }
  }
  return "";
}

// The units that lead the item of `ch` in `iv` by name (a lead written as a group — "các tỉnh"
// — makes no province answer for the item; the planning department proposes for those). A
// target: the leads of its own section, for one nobody consolidates.
std::set<domain::OrgUnitId> LeadsOf(const InForceView& iv, const Change& ch) {
  std::set<domain::OrgUnitId> out;
  const auto& plan = iv.view.record.plan;
  auto add = [&](const std::vector<domain::ResolvedUnitName>& leads) {
    for (const auto& l : leads) {
      if (l.resolution == domain::NameResolution::kGroup) continue;
      out.insert(l.units.begin(), l.units.end());
    }
  };
  auto add_section = [&](std::string_view number) {
    if (auto i = FindSection(plan, number)) add(plan.sections[*i].resolved_leads);
  };
  if (auto ref = LocatorRef(ch.locator, "task"); !ref.empty()) {
    if (auto at = FindTask(plan, ref))
      add(plan.sections[at->first].tasks[at->second].resolved_leads);
    return out;
  }
  if (auto ref = LocatorRef(ch.locator, "target"); !ref.empty()) {
    int64_t id = -1;
    try {
      id = std::stoll(std::string(ref));
    } catch (const std::exception&) {
    }
    if (const auto* t = FoldedTarget(iv.view, id)) add_section(t->target.section);
    return out;
  }
  add_section(ItemKey(iv.view, ch));
  return out;
}

std::string LabelOf(const ProgramView& v, const Change& ch) {
  const auto& plan = v.record.plan;
  if (auto ref = LocatorRef(ch.locator, "target"); !ref.empty()) {
    int64_t id = -1;
    try {
      id = std::stoll(std::string(ref));
    } catch (const std::exception&) {
    }
    if (const auto* t = FoldedTarget(v, id)) return "Chỉ tiêu: " + Clip(t->name(), 200);
  }
  if (auto ref = LocatorRef(ch.locator, "deadline"); !ref.empty()) {
    try {
      size_t i = std::stoul(std::string(ref));
      if (i < plan.deadlines.size()) {
        const auto& d = plan.deadlines[i];
        return "Thời hạn (mục " + d.section + "): " + Clip(d.what.empty() ? d.raw : d.what, 200);
      }
    } catch (const std::exception&) {
    }
  }
  if (auto ref = LocatorRef(ch.locator, "section"); !ref.empty()) {
    if (auto i = FindSection(plan, ref)) {
      std::string what = ch.kind == ChangeKind::kTaskAdd ? "Thêm nhiệm vụ vào mục " : "Mục ";
      return what + std::string(ref) + ": " + Clip(plan.sections[*i].title, 200);
    }
  }
  if (auto ref = LocatorRef(ch.locator, "task"); !ref.empty()) {
    if (auto at = FindTask(plan, ref)) {
      return "Nhiệm vụ " + std::string(ref) + ": " +
             Clip(plan.sections[at->first].tasks[at->second].text, 200);
    }
  }
  return ch.locator;
}

int ProgramYear(const ProgramView& v) {
  if (v.record.plan.document.year) return *v.record.plan.document.year;
  return ProgramDate(v.record).year;
}

std::string AmendmentState(const store::AmendmentRecord& a) {
  return core::JsonObjectText()
      .Add("program_id", a.program_id)
      .Add("unit_id", a.unit_id)
      .Add("status", domain::AmendmentStatusName(a.status))
      .Add("version", a.version)
      .Add("effective_from", a.effective_from.ToIso())
      .Add("changes", static_cast<int64_t>(a.changes.size()))
      .Add("program_version", a.program_version ? std::optional<int64_t>(*a.program_version)
                                                : std::optional<int64_t>())
      .Add("fingerprint", AmendmentFingerprint(a))
      .Finish();
}

bool Closed(AmendmentStatus s) {
  return s == AmendmentStatus::kApproved || s == AmendmentStatus::kRefused ||
         s == AmendmentStatus::kWithdrawn;
}

}  // namespace

// What the methods share, over the service's references.
struct Amendments::Impl {
  Amendments& a;

  core::Result<std::shared_ptr<const ProgramView>> Published(const Principal& by, ProgramId id) {
    return a.programs_.Published(by, id);
  }

  std::optional<AmendmentActor> Actor(std::map<domain::UserId, AmendmentActor>& known,
                                      const std::optional<domain::UserId>& id) {
    if (!id) return std::nullopt;
    auto it = known.find(*id);
    if (it != known.end()) return it->second;
    AmendmentActor actor{*id, "", "", ""};
    if (auto u = a.store_.GetUser(*id)) {
      actor.username = u->username;
      actor.display_name = u->display_name;
      actor.title = u->title;
    }
    known.emplace(*id, actor);
    return actor;
  }

  // Whether `by` proposes for `unit`: its own scope (editors, approvers) or any (planners).
  bool ActsFor(const Principal& by, domain::OrgUnitId unit) {
    if (Can(by, Permission::kReviewAmendments)) return true;
    return Can(by, Permission::kProposeAmendments) &&
           domain::InScope(by, unit, a.org_.registry(), a.time_.Today());
  }

  bool MaySee(const Principal& by, const store::AmendmentRecord& r) {
    if (r.status == AmendmentStatus::kApproved) return true;
    if (domain::SeesAllUnits(by)) return true;
    return domain::InScope(by, r.unit_id, a.org_.registry(), a.time_.Today());
  }

  std::vector<std::string> Actions(const Principal& by, const store::AmendmentRecord& r) {
    std::vector<std::string> out;
    const bool proposer = ActsFor(by, r.unit_id);
    auto can = [&](AmendmentAction act) { return domain::Transition(r.status, act).has_value(); };
    if (proposer && (r.status == AmendmentStatus::kDraft || r.status == AmendmentStatus::kReturned))
      out.push_back("edit");
    if (proposer && can(AmendmentAction::kSubmit)) out.push_back("submit");
    if (proposer && can(AmendmentAction::kWithdraw)) out.push_back("withdraw");
    if (Can(by, Permission::kReviewAmendments)) {
      if (can(AmendmentAction::kReturn)) out.push_back("return");
      if (can(AmendmentAction::kForward)) out.push_back("forward");
    }
    if (Can(by, Permission::kDecideAmendments) && r.status == AmendmentStatus::kForwarded) {
      out.push_back("approve");
      out.push_back("refuse");
    }
    return out;
  }

  AmendmentView ViewOf(const Principal& by, const store::AmendmentRecord& r, const ProgramView& v,
                       std::map<domain::UserId, AmendmentActor>& known) {
    AmendmentView out;
    out.id = r.id;
    out.program_id = r.program_id;
    out.unit_id = r.unit_id;
    out.unit_name = a.org_.UnitName(r.unit_id);
    if (const auto* u = a.org_.registry().Find(r.unit_id)) out.unit_code = u->code;
    out.status = r.status;
    out.version = r.version;
    out.effective_from = r.effective_from;
    out.reason = r.reason;
    for (const auto& ch : r.changes) out.changes.push_back({ch, LabelOf(v, ch)});
    out.submitted_at = r.submitted_at;
    out.submitted_by = Actor(known, r.submitted_by);
    out.forwarded_at = r.forwarded_at;
    out.forwarded_by = Actor(known, r.forwarded_by);
    out.planner_opinion = r.planner_opinion;
    out.decided_at = r.decided_at;
    out.decided_by = Actor(known, r.decided_by);
    out.delegation_id = r.delegation_id;
    out.decision_number = r.decision_number;
    out.decision_comment = r.decision_comment;
    out.program_version = r.program_version;
    out.created_at = r.created_at;
    out.updated_at = r.updated_at;
    out.actions = Actions(by, r);
    return out;
  }

  // A change of forms inside a period already reported: refused (the matrix's rule).
  core::Status CheckPeriods(ProgramId program, const std::vector<Change>& changes,
                            core::CivilDate from) {
    bool forms = std::any_of(changes.begin(), changes.end(),
                             [](const Change& c) { return domain::ChangesForms(c.kind); });
    if (!forms) return {};
    store::ReportFilter filter;
    filter.program_id = program;
    WP_ASSIGN_OR_RETURN(auto reports, a.store_.ListReports(filter));
    for (const auto& r : reports) {
      if (r.status == domain::ReportStatus::kDraft) continue;
      auto period = domain::ParsePeriodKey(r.period);
      if (period && period->end >= from) {
        return core::Fail(ErrorCode::kFailedPrecondition, "period_already_reported",
                          "Đã có báo cáo kỳ " + period->Label() + " gửi sau ngày hiệu lực " +
                              DateText(from) +
                              ": thay đổi nhiệm vụ hoặc đơn vị chủ trì chỉ áp dụng từ sau kỳ đó");
      }
    }
    return {};
  }

  // The changes of `in` checked against the program in force on `from`: value as stored, before
  // and after filled. Problems as details.
  core::Result<std::vector<Change>> ReadChanges(
      const ProgramView& baseline, const std::vector<store::ProgramVersionRecord>& rows,
      const std::vector<AmendmentChangeInput>& input, core::CivilDate from) {
    InForceView iv = InForceOn(a.org_, baseline, rows, from);
    std::vector<core::ErrorDetail> problems;
    std::vector<Change> out;
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = 0; i < input.size(); ++i) {
      const auto& c = input[i];
      const std::string field = "changes[" + std::to_string(i) + "]";
      auto kind = domain::ParseChangeKind(c.kind);
      if (!kind) {
        problems.push_back(
            {field + ".kind", "Loại thay đổi: target_value, deadline, lead, task_add, task_drop"});
        continue;
      }
      if (c.value.size() > kMaxText || c.locator.size() > 200) {
        problems.push_back({field, "Giá trị hoặc vị trí dài quá"});
        continue;
      }
      Change ch{*kind, c.locator, c.value, "", "", ""};
      if (*kind != ChangeKind::kTaskAdd && !seen.insert({c.kind, c.locator}).second) {
        problems.push_back({field, "Mục " + c.locator + " đã có một thay đổi cùng loại"});
        continue;
      }
      auto checked = CheckChange(a.org_, iv, ch, false, field);
      if (!checked) {
        if (checked.error().reason == "amendment_on_mention")
          return tl::unexpected(checked.error());
        for (auto& d : checked.error().details) problems.push_back(std::move(d));
        continue;
      }
      out.push_back(std::move(ch));
    }
    if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
    return out;
  }

  // The leader's right to decide `r`: the delegation it decides under (none for the Minister).
  core::Result<std::optional<int64_t>> Decides(const Principal& by, const ProgramView& v,
                                               const store::AmendmentRecord& r) {
    WP_RETURN_IF_ERROR(Require(by, Permission::kDecideAmendments));
    WP_ASSIGN_OR_RETURN(auto me, a.store_.GetUser(by.user_id));
    std::vector<std::string> areas;
    for (const auto& ch : r.changes) areas.push_back(domain::AreaOfItem(ItemKey(v, ch)));
    const auto today = a.time_.Today();
    if (me.title == domain::kMinisterTitle) return std::optional<int64_t>();
    WP_ASSIGN_OR_RETURN(auto delegations, a.store_.ListDelegations(by.user_id));
    for (const auto& d : delegations) {
      if (domain::MayDecide(by, me.title, std::span(&d, 1), areas, today)) {
        return std::optional<int64_t>(d.id);
      }
    }
    std::string list;
    for (const auto& x : areas) list += (list.empty() ? "" : ", ") + (x.empty() ? "phần I" : x);
    return core::Fail(ErrorCode::kPermissionDenied, "no_delegation",
                      "Bạn chưa được Bộ trưởng ủy quyền quyết định điều chỉnh thuộc lĩnh vực " +
                          list + " vào ngày " + DateText(today));
  }
};

Amendments::Amendments(store::Store& store, const Organisation& org, ProgramCache& programs,
                       Responsibilities& responsibilities, const Time& time,
                       DataGeneration& generation)
    : store_(store),
      org_(org),
      programs_(programs),
      responsibilities_(responsibilities),
      time_(time),
      generation_(generation) {}

core::Result<AmendmentView> Amendments::Save(const Principal& by, ProgramId program,
                                             std::optional<int64_t> id, int64_t version,
                                             const AmendmentInput& in) {
  Impl impl{*this};
  WP_RETURN_IF_ERROR(Require(by, Permission::kProposeAmendments));
  std::optional<store::AmendmentRecord> stored;
  if (id) {
    auto got = store_.GetAmendment(*id);
    if (!got && got.error().code == ErrorCode::kNotFound) return tl::unexpected(NotFound(*id));
    if (!got) return tl::unexpected(got.error());
    if ((program != 0 && got->program_id != program) || !impl.MaySee(by, *got)) {
      return tl::unexpected(NotFound(*id));
    }
    program = got->program_id;
    if (!impl.ActsFor(by, got->unit_id)) {
      return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                        "Đề nghị này của đơn vị khác: bạn không sửa được");
    }
    if (got->status != AmendmentStatus::kDraft && got->status != AmendmentStatus::kReturned) {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        Closed(got->status) ? "amendment_closed" : "amendment_submitted",
                        "Đề nghị điều chỉnh đã được gửi hoặc đã kết thúc: không sửa được nữa");
    }
    if (got->version != version) {
      auto e = core::MakeError(ErrorCode::kAborted, "stale_version",
                               "Đề nghị vừa được người khác cập nhật; hãy tải lại trang");
      e.details.push_back({"version", std::to_string(got->version)});
      return tl::unexpected(e);
    }
    stored = std::move(*got);
  }
  WP_ASSIGN_OR_RETURN(auto baseline, impl.Published(by, program));

  // The unit it is for.
  std::vector<core::ErrorDetail> problems;
  domain::OrgUnitId unit = 0;
  if (stored) {
    unit = stored->unit_id;
  } else if (in.unit_id) {
    unit = *in.unit_id;
  } else if (by.unit) {
    unit = *by.unit;
  } else {
    problems.push_back({"unit_id", "Cần đơn vị đề nghị"});
  }
  if (unit != 0 && !org_.registry().Find(unit)) {
    problems.push_back({"unit_id", "Không có đơn vị #" + std::to_string(unit)});
    unit = 0;
  }
  const int year = ProgramYear(*baseline);
  if (!in.effective_from) {
    problems.push_back({"effective_from", "Cần ngày áp dụng (YYYY-MM-DD)"});
  } else if (in.effective_from->year != year) {
    problems.push_back({"effective_from", "Ngày áp dụng phải trong năm " + std::to_string(year) +
                                              " của chương trình"});
  }
  std::string reason = in.reason;
  while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\n')) reason.pop_back();
  if (reason.empty()) problems.push_back({"reason", "Cần lý do điều chỉnh"});
  if (reason.size() > kMaxText) problems.push_back({"reason", "Lý do dài quá 4.000 ký tự"});
  if (in.changes.empty()) problems.push_back({"changes", "Cần ít nhất một thay đổi"});
  if (in.changes.size() > kMaxChanges) {
    problems.push_back({"changes", "Tối đa 50 thay đổi trong một đề nghị"});
  }
  if (!problems.empty()) return tl::unexpected(Invalid(std::move(problems)));
  if (!stored && !impl.ActsFor(by, unit)) {
    return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                      "Bạn chỉ đề nghị điều chỉnh cho đơn vị của mình");
  }
  const core::CivilDate from = *in.effective_from;

  WP_ASSIGN_OR_RETURN(auto versions, store_.ListProgramVersions(program));
  WP_ASSIGN_OR_RETURN(auto changes, impl.ReadChanges(*baseline, versions, in.changes, from));

  // The proposer answers for the item: it leads it, or consolidates the target, on the date.
  if (!Can(by, Permission::kReviewAmendments)) {
    InForceView iv = InForceOn(org_, *baseline, versions, from);
    WP_ASSIGN_OR_RETURN(auto reporters, responsibilities_.Reporters(program));
    for (size_t i = 0; i < changes.size(); ++i) {
      const auto& ch = changes[i];
      bool ours = false;
      std::optional<domain::OrgUnitId> consolidator;
      if (ch.kind == ChangeKind::kTargetValue) {
        int64_t target = std::stoll(std::string(LocatorRef(ch.locator, "target")));
        consolidator = domain::ConsolidatorAt(*reporters, target, from);
        ours = consolidator == unit;
      }
      // A target someone consolidates is that unit's to propose; another item its leads'.
      if (!ours && !consolidator) ours = LeadsOf(iv, ch).contains(unit);
      if (!ours) {
        auto e = core::MakeError(ErrorCode::kPermissionDenied, "not_your_item",
                                 org_.UnitName(unit) +
                                     " không chủ trì mục này, cũng không tổng hợp chỉ tiêu này vào "
                                     "ngày " +
                                     DateText(from) +
                                     ": đơn vị chủ trì hoặc Vụ Kế hoạch – Tài chính đề nghị");
        e.details.push_back({"changes[" + std::to_string(i) + "]", LabelOf(*baseline, ch)});
        return tl::unexpected(e);
      }
    }
  }
  WP_RETURN_IF_ERROR(impl.CheckPeriods(program, changes, from));
  // Only target values may take effect before the day they are decided.
  const auto today = time_.Today();
  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].kind != ChangeKind::kTargetValue && from < today) {
      return tl::unexpected(Invalid(
          {{"effective_from",
            "Thay đổi thời hạn, nhiệm vụ, đơn vị chủ trì chỉ áp dụng từ ngày phê duyệt trở đi "
            "(không trước " +
                DateText(today) + "); chỉ chỉ tiêu mới được áp dụng từ ngày trước đó"}}));
    }
  }

  store::AmendmentRecord next = stored ? *stored : store::AmendmentRecord{};
  next.program_id = program;
  next.unit_id = unit;
  next.effective_from = from;
  next.reason = reason;
  next.changes = std::move(changes);
  next.updated_at = time_.NowIso();
  next.updated_by = by.user_id ? std::optional<domain::UserId>(by.user_id) : std::nullopt;
  std::string action = "amendment.save";
  if (!stored) {
    next.status = AmendmentStatus::kDraft;
    next.created_at = next.updated_at;
    next.created_by = next.updated_by;
  }
  if (in.submit) {
    WP_ASSIGN_OR_RETURN(next.status, domain::Transition(next.status, AmendmentAction::kSubmit));
    next.submitted_at = next.updated_at;
    next.submitted_by = next.updated_by;
    action = "amendment.submit";
  }
  next.version = stored ? stored->version + 1 : 1;
  auto event = Event(time_, by, action, "amendment", stored ? std::to_string(stored->id) : "");
  if (stored) event.before = AmendmentState(*stored);
  event.after = AmendmentState(next);
  WP_ASSIGN_OR_RETURN(auto written, store_.PutAmendment(next, stored ? stored->version : 0, event));
  generation_.Changed();
  std::map<domain::UserId, AmendmentActor> known;
  return impl.ViewOf(by, written, *baseline, known);
}

core::Result<AmendmentView> Amendments::Act(const Principal& by, int64_t id, int64_t version,
                                            AmendmentAction action, const std::string& comment,
                                            const std::string& decision_number) {
  Impl impl{*this};
  switch (action) {
    case AmendmentAction::kSubmit:
    case AmendmentAction::kWithdraw:
      WP_RETURN_IF_ERROR(Require(by, Permission::kProposeAmendments));
      break;
    case AmendmentAction::kReturn:
    case AmendmentAction::kForward:
      WP_RETURN_IF_ERROR(Require(by, Permission::kReviewAmendments));
      break;
    case AmendmentAction::kApprove:
    case AmendmentAction::kRefuse:
      WP_RETURN_IF_ERROR(Require(by, Permission::kDecideAmendments));
      break;
  }
  if (comment.size() > kMaxText || decision_number.size() > 200) {
    return tl::unexpected(Invalid({{"comment", "Ý kiến hoặc số quyết định dài quá"}}));
  }
  auto got = store_.GetAmendment(id);
  if (!got && got.error().code == ErrorCode::kNotFound) return tl::unexpected(NotFound(id));
  if (!got) return tl::unexpected(got.error());
  store::AmendmentRecord r = std::move(*got);
  if (!impl.MaySee(by, r)) return tl::unexpected(NotFound(id));
  WP_ASSIGN_OR_RETURN(auto baseline, impl.Published(by, r.program_id));
  if ((action == AmendmentAction::kSubmit || action == AmendmentAction::kWithdraw) &&
      !impl.ActsFor(by, r.unit_id)) {
    return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                      "Đề nghị này của đơn vị khác: bạn không thao tác được");
  }
  std::optional<int64_t> delegation;
  if (action == AmendmentAction::kApprove || action == AmendmentAction::kRefuse) {
    WP_ASSIGN_OR_RETURN(delegation, impl.Decides(by, *baseline, r));
  }
  WP_ASSIGN_OR_RETURN(auto status, domain::Transition(r.status, action));
  if (r.version != version) {
    auto e = core::MakeError(ErrorCode::kAborted, "stale_version",
                             "Đề nghị vừa được người khác cập nhật; hãy tải lại trang");
    e.details.push_back({"version", std::to_string(r.version)});
    return tl::unexpected(e);
  }
  if (action == AmendmentAction::kReturn && comment.empty()) {
    return tl::unexpected(Invalid({{"comment", "Trả lại cần ý kiến cho đơn vị đề nghị"}}));
  }
  if (action == AmendmentAction::kRefuse && comment.empty()) {
    return tl::unexpected(Invalid({{"comment", "Không đồng ý cần nêu lý do"}}));
  }
  store::AmendmentRecord next = r;
  const std::string now = time_.NowIso();
  const auto me = by.user_id ? std::optional<domain::UserId>(by.user_id) : std::nullopt;
  next.status = status;
  next.updated_at = now;
  next.updated_by = me;
  next.version = r.version + 1;
  switch (action) {
    case AmendmentAction::kSubmit:
      next.submitted_at = now;
      next.submitted_by = me;
      break;
    case AmendmentAction::kWithdraw:
      break;
    case AmendmentAction::kReturn:
      next.decision_comment = comment;
      break;
    case AmendmentAction::kForward:
      next.forwarded_at = now;
      next.forwarded_by = me;
      next.planner_opinion = comment;
      break;
    case AmendmentAction::kApprove:
    case AmendmentAction::kRefuse:
      next.decided_at = now;
      next.decided_by = me;
      next.delegation_id = delegation;
      next.decision_comment = comment;
      next.decision_number = decision_number;
      break;
  }
  const std::string name = std::string("amendment.") + domain::AmendmentActionName(action);
  if (action != AmendmentAction::kApprove) {
    if (action == AmendmentAction::kSubmit) {
      // What it changes is read again on the program as now in force.
      WP_ASSIGN_OR_RETURN(auto versions, store_.ListProgramVersions(r.program_id));
      std::vector<AmendmentChangeInput> typed;
      for (const auto& ch : r.changes) {
        typed.push_back({domain::ChangeKindName(ch.kind), ch.locator, ch.value});
      }
      WP_ASSIGN_OR_RETURN(next.changes,
                          impl.ReadChanges(*baseline, versions, typed, r.effective_from));
    }
    auto event = Event(time_, by, name, "amendment", std::to_string(id));
    event.before = AmendmentState(r);
    event.after = AmendmentState(next);
    WP_ASSIGN_OR_RETURN(auto written, store_.PutAmendment(next, r.version, event));
    generation_.Changed();
    std::map<domain::UserId, AmendmentActor> known;
    return impl.ViewOf(by, written, *baseline, known);
  }

  // Approval: every change checked again on the program now in force on its date.
  WP_ASSIGN_OR_RETURN(auto versions, store_.ListProgramVersions(r.program_id));
  InForceView iv = InForceOn(org_, *baseline, versions, r.effective_from);
  for (size_t i = 0; i < r.changes.size(); ++i) {
    Change again = r.changes[i];
    auto checked = CheckChange(org_, iv, again, false, "changes[" + std::to_string(i) + "]");
    if (!checked || again.before != r.changes[i].before) {
      auto e = core::MakeError(ErrorCode::kFailedPrecondition, "amendment_stale",
                               "Chương trình đã được điều chỉnh từ khi đề nghị này được lập: " +
                                   LabelOf(*baseline, r.changes[i]) + " nay là \"" +
                                   (checked ? again.before : std::string("(không còn)")) +
                                   "\", không phải \"" + r.changes[i].before +
                                   "\". Hãy trả lại để đơn vị lập lại đề nghị.");
      e.details.push_back({"changes[" + std::to_string(i) + "]", again.before});
      return tl::unexpected(e);
    }
  }
  WP_RETURN_IF_ERROR(impl.CheckPeriods(r.program_id, r.changes, r.effective_from));
  const auto today = time_.Today();
  for (const auto& ch : r.changes) {
    if (ch.kind != ChangeKind::kTargetValue && r.effective_from < today) {
      return core::Fail(ErrorCode::kFailedPrecondition, "amendment_retroactive",
                        "Thay đổi thời hạn, nhiệm vụ, đơn vị chủ trì không áp dụng được từ " +
                            DateText(r.effective_from) +
                            ", trước ngày phê duyệt: hãy trả lại để đơn vị chọn ngày áp dụng mới");
    }
  }
  // Tasks added get their ids: one more than the largest of their section in any version.
  const auto& plan = baseline->record.plan;
  std::map<std::string, size_t> count;
  auto section_key = [&](std::string_view number) -> std::string {
    if (auto i = FindSection(plan, number)) return domain::SectionKey(plan, plan.sections[*i]);
    return std::string(number);
  };
  auto tasks_of = [&](const std::string& key) -> size_t& {
    auto it = count.find(key);
    if (it != count.end()) return it->second;
    size_t n = 0;
    for (const auto& s : plan.sections) {
      if (domain::SectionKey(plan, s) == key) n = s.tasks.size();
    }
    for (const auto& v : versions) {
      for (const auto& ch : v.changes) {
        if (ch.kind == ChangeKind::kTaskAdd &&
            section_key(LocatorRef(ch.locator, "section")) == key) {
          ++n;
        }
      }
    }
    return count.emplace(key, n).first->second;
  };
  for (auto& ch : next.changes) {
    if (ch.kind != ChangeKind::kTaskAdd) continue;
    const std::string key = section_key(LocatorRef(ch.locator, "section"));
    size_t& n = tasks_of(key);
    ch.assigned_task_id = key + "#" + std::to_string(++n);
  }
  int number = 1;
  for (const auto& v : versions) number = std::max(number, v.version);
  next.program_version = number + 1;
  auto amendment_event = Event(time_, by, name, "amendment", std::to_string(id));
  amendment_event.before = AmendmentState(r);
  amendment_event.after = AmendmentState(next);
  WP_ASSIGN_OR_RETURN(auto program_record, store_.GetProgram(r.program_id));
  auto program_event = Event(time_, by, "program.amend", "program", std::to_string(r.program_id));
  program_event.after = core::JsonObjectText()
                            .Add("version", static_cast<int64_t>(*next.program_version))
                            .Add("effective_from", r.effective_from.ToIso())
                            .Add("amendment", id)
                            .Add("decision_number", decision_number)
                            .Add("fingerprint", ProgramFingerprint(program_record))
                            .Finish();
  WP_ASSIGN_OR_RETURN(int made,
                      store_.ApproveAmendment(next, r.version, amendment_event, program_event));
  generation_.Changed();
  (void)made;
  WP_ASSIGN_OR_RETURN(auto written, store_.GetAmendment(id));
  std::map<domain::UserId, AmendmentActor> known;
  return impl.ViewOf(by, written, *baseline, known);
}

core::Result<AmendmentView> Amendments::Get(const Principal& by, int64_t id) {
  Impl impl{*this};
  auto got = store_.GetAmendment(id);
  if (!got && got.error().code == ErrorCode::kNotFound) return tl::unexpected(NotFound(id));
  if (!got) return tl::unexpected(got.error());
  if (!impl.MaySee(by, *got)) return tl::unexpected(NotFound(id));
  WP_ASSIGN_OR_RETURN(auto baseline, impl.Published(by, got->program_id));
  std::map<domain::UserId, AmendmentActor> known;
  return impl.ViewOf(by, *got, *baseline, known);
}

core::Result<std::vector<AmendmentView>> Amendments::List(const Principal& by, ProgramId program,
                                                          const AmendmentListFilter& filter) {
  Impl impl{*this};
  WP_ASSIGN_OR_RETURN(auto baseline, programs_.Get(by, program));
  std::vector<AmendmentView> out;
  if (baseline->record.status != ProgramStatus::kPublished) return out;
  store::AmendmentFilter f;
  f.program_id = program;
  f.unit_id = filter.unit;
  f.status = filter.status;
  WP_ASSIGN_OR_RETURN(auto rows, store_.ListAmendments(f));
  std::map<domain::UserId, AmendmentActor> known;
  for (const auto& r : rows) {
    if (!impl.MaySee(by, r)) continue;
    out.push_back(impl.ViewOf(by, r, *baseline, known));
  }
  return out;
}

core::Result<std::vector<ProgramVersionView>> Amendments::Versions(const Principal& by,
                                                                   ProgramId program) {
  Impl impl{*this};
  WP_ASSIGN_OR_RETURN(auto baseline, programs_.Get(by, program));
  WP_ASSIGN_OR_RETURN(auto rows, store_.ListProgramVersions(program));
  std::vector<ProgramVersionView> out;
  std::map<domain::UserId, AmendmentActor> known;
  for (const auto& r : rows) {
    ProgramVersionView v;
    v.version = r.version;
    v.effective_from = r.effective_from;
    v.amendment_id = r.amendment_id;
    v.approved_at = r.approved_at;
    v.approved_by = impl.Actor(known, r.approved_by);
    for (const auto& ch : r.changes) v.changes.push_back({ch, LabelOf(*baseline, ch)});
    if (r.amendment_id) {
      if (auto a = store_.GetAmendment(*r.amendment_id)) {
        v.reason = a->reason;
        v.decision_number = a->decision_number;
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

// ---- Delegations ------------------------------------------------------------------------------

core::Result<std::vector<DelegationView>> Amendments::Delegations(const Principal& by) {
  if (!Can(by, Permission::kGrantDelegations) && !Can(by, Permission::kReviewAmendments)) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Chỉ quản trị viên, Vụ Kế hoạch và Lãnh đạo Bộ xem được các ủy quyền");
  }
  Impl impl{*this};
  WP_ASSIGN_OR_RETURN(auto rows, store_.ListDelegations(std::nullopt));
  std::vector<DelegationView> out;
  std::map<domain::UserId, AmendmentActor> known;
  const auto today = time_.Today();
  for (auto& d : rows) {
    DelegationView v;
    v.grantee = *impl.Actor(known, d.grantee);
    v.granted_by = *impl.Actor(known, d.granted_by);
    v.in_force = !d.revoked_at && d.valid_from <= today && (!d.valid_to || today <= *d.valid_to);
    v.delegation = std::move(d);
    out.push_back(std::move(v));
  }
  return out;
}

core::Result<DelegationView> Amendments::Grant(const Principal& by, const DelegationInput& in) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kGrantDelegations));
  Impl impl{*this};
  if (by.user_id == 0) {
    return core::Fail(ErrorCode::kFailedPrecondition, "delegation_needs_account",
                      "Ủy quyền được ghi nhận bằng tài khoản của Bộ trưởng hoặc của quản trị viên "
                      "(không từ dòng lệnh)");
  }
  if (by.role == Role::kLeader) {
    WP_ASSIGN_OR_RETURN(auto me, store_.GetUser(by.user_id));
    if (me.title != domain::kMinisterTitle) {
      return core::Fail(ErrorCode::kPermissionDenied, "not_minister",
                        "Chỉ Bộ trưởng (hoặc quản trị viên ghi nhận quyết định của Bộ trưởng) "
                        "giao quyền quyết định điều chỉnh");
    }
  }
  std::vector<core::ErrorDetail> problems;
  auto grantee = store_.GetUser(in.grantee);
  if (!grantee) {
    problems.push_back({"grantee_id", "Không có tài khoản #" + std::to_string(in.grantee)});
  } else if (grantee->role != Role::kLeader || grantee->title != kDeputyTitle) {
    problems.push_back({"grantee_id", "Người được ủy quyền phải là Thứ trưởng (leader)"});
  }
  if (in.areas.size() > 20) problems.push_back({"areas", "Tối đa 20 lĩnh vực"});
  std::vector<std::string> areas;
  for (const auto& x : in.areas) {
    if (x.size() > 20 || domain::AreaOfItem(x) != x) {
      problems.push_back(
          {"areas", "Lĩnh vực là một mục của phần II (\"II.2\"): \"" + Clip(x, 40) + "\""});
    } else if (std::find(areas.begin(), areas.end(), x) == areas.end()) {
      areas.push_back(x);
    }
  }
  if (!in.valid_from) problems.push_back({"valid_from", "Cần ngày bắt đầu (YYYY-MM-DD)"});
  if (in.valid_from && in.valid_to && *in.valid_to < *in.valid_from) {
    problems.push_back({"valid_to", "Ngày kết thúc trước ngày bắt đầu"});
  }
  if (!problems.empty()) {
    auto e = core::MakeError(ErrorCode::kInvalidArgument, "delegation_invalid",
                             "Ủy quyền chưa hợp lệ; chưa lưu gì");
    e.details = std::move(problems);
    return tl::unexpected(e);
  }
  domain::Delegation d;
  d.grantee = in.grantee;
  d.granted_by = by.user_id;
  d.areas = areas;
  d.valid_from = *in.valid_from;
  d.valid_to = in.valid_to;
  d.created_at = time_.NowIso();
  std::string area_text;
  for (const auto& x : areas) area_text += (area_text.empty() ? "" : " ") + x;
  auto event = Event(time_, by, "delegation.grant", "delegation");
  event.after = core::JsonObjectText()
                    .Add("grantee_id", d.grantee)
                    .Add("areas", area_text)
                    .Add("valid_from", d.valid_from.ToIso())
                    .Add("valid_to", d.valid_to ? std::optional<std::string>(d.valid_to->ToIso())
                                                : std::optional<std::string>())
                    .Finish();
  WP_ASSIGN_OR_RETURN(auto stored, store_.PutDelegation(d, event));
  generation_.Changed();
  std::map<domain::UserId, AmendmentActor> known;
  DelegationView v;
  v.grantee = *impl.Actor(known, stored.grantee);
  v.granted_by = *impl.Actor(known, stored.granted_by);
  const auto today = time_.Today();
  v.in_force = stored.valid_from <= today && (!stored.valid_to || today <= *stored.valid_to);
  v.delegation = std::move(stored);
  return v;
}

core::Status Amendments::Revoke(const Principal& by, int64_t id) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kGrantDelegations));
  if (by.role == Role::kLeader) {
    WP_ASSIGN_OR_RETURN(auto me, store_.GetUser(by.user_id));
    if (me.title != domain::kMinisterTitle) {
      return core::Fail(ErrorCode::kPermissionDenied, "not_minister",
                        "Chỉ Bộ trưởng (hoặc quản trị viên) thu hồi ủy quyền");
    }
  }
  auto event = Event(time_, by, "delegation.revoke", "delegation", std::to_string(id));
  event.after = core::JsonObjectText().Add("revoked", true).Finish();
  WP_RETURN_IF_ERROR(store_.RevokeDelegation(id, time_.NowIso(), event));
  generation_.Changed();
  return {};
}

}  // namespace wp::service
