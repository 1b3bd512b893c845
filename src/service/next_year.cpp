// Next year's program from this year's, and its reconciliation with next year's decision
// (issue 18). The draft is an ordinary draft program; what it carries (each target's value of
// last year, each unfinished task) is kept beside it in the store's next-year record, so the
// program pages read it as any draft and publication waits for the reconciliation.

#include "service/next_year.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "doc/parser.hpp"
#include "ingest/binder.hpp"
#include "ingest/resolver.hpp"
#include "ingest/words.hpp"
#include "read/read.hpp"
#include "service/figures.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "service/programs.hpp"
#include "store/store.hpp"
#include "text/fold.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Permission;
using domain::Principal;

constexpr double kTaskMatch = 0.6;

bool IsOwnTarget(const domain::Target& t) {
  return !t.mention_of && t.role == domain::TargetRole::kTarget;
}

std::string ValueText(const domain::Target& t) {
  std::string out = t.value.ToVietnamese();
  if (!t.unit.empty()) out += " " + t.unit;
  return out;
}

std::string Percent(double j) { return std::to_string(static_cast<int>(j * 100 + 0.5)) + "%"; }

// The keys of the carried targets: the indicator code when one target has it, else "ord:N".
std::vector<std::string> TargetKeys(const domain::PlanDraft& plan) {
  std::map<std::string, int> seen;
  for (const auto& t : plan.targets) {
    if (IsOwnTarget(t) && !t.indicator_code.empty()) ++seen[t.indicator_code];
  }
  std::vector<std::string> keys(plan.targets.size());
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    const auto& t = plan.targets[i];
    if (!IsOwnTarget(t)) continue;
    keys[i] = !t.indicator_code.empty() && seen[t.indicator_code] == 1 ? t.indicator_code
                                                                       : "ord:" + std::to_string(i);
  }
  return keys;
}

// Every task of a plan with its id and section key.
struct TaskAt {
  size_t section = 0, task = 0;
  std::string id, section_key;
};
std::vector<TaskAt> TasksOf(const domain::PlanDraft& plan) {
  std::vector<TaskAt> out;
  for (size_t s = 0; s < plan.sections.size(); ++s) {
    const std::string key = domain::SectionKey(plan, plan.sections[s]);
    for (size_t t = 0; t < plan.sections[s].tasks.size(); ++t) {
      out.push_back({s, t, domain::TaskId(plan, s, t), key});
    }
  }
  return out;
}

// The matrix of `program` in force on `at` as proposals on its targets (by ord), said to come
// from last year's ("from:2012").
void CopyMatrix(const std::vector<domain::Reporter>& rows, const std::vector<int64_t>& ids,
                core::CivilDate at, const std::string& rule, std::vector<domain::Target>& targets) {
  std::map<int64_t, size_t> ord;
  for (size_t i = 0; i < ids.size(); ++i) ord[ids[i]] = i;
  std::set<size_t> touched;
  for (const auto& r : rows) {
    if (!r.ValidOn(at)) continue;
    auto it = ord.find(r.target_id);
    if (it == ord.end() || it->second >= targets.size()) continue;
    auto& proposal = targets[it->second].reporters;
    if (touched.insert(it->second).second) proposal = domain::TargetReporters{};
    proposal.rule = rule;
    domain::ReporterProposal who;
    if (r.group) {
      who.group = r.group;
    } else if (r.unit) {
      who.units = {*r.unit};
    } else {
      continue;
    }
    if (r.role == domain::ReporterRole::kConsolidates) {
      if (!proposal.consolidator) proposal.consolidator = who;
    } else {
      proposal.reporters.push_back(std::move(who));
    }
  }
}

core::Error NotNextYear(ProgramId id) {
  return core::MakeError(
      ErrorCode::kNotFound, "not_next_year",
      "Chương trình #" + std::to_string(id) + " không được lập từ chương trình năm trước");
}

core::Error Invalid(std::string code, std::string field, std::string message) {
  auto e = core::MakeError(ErrorCode::kInvalidArgument, std::move(code), message);
  e.details.push_back({std::move(field), std::move(message)});
  return e;
}

// Removes the targets whose `keep` is false, the ords that point at targets following.
void KeepTargets(std::vector<domain::Target>& targets, const std::vector<bool>& keep) {
  std::vector<int> moved(targets.size(), -1);
  std::vector<domain::Target> out;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (!keep[i]) continue;
    moved[i] = static_cast<int>(out.size());
    out.push_back(std::move(targets[i]));
  }
  auto remap = [&](std::optional<int>& ord) {
    if (!ord) return;
    if (*ord < 0 || static_cast<size_t>(*ord) >= moved.size() || moved[*ord] < 0) {
      ord.reset();
    } else {
      ord = moved[*ord];
    }
  };
  for (auto& t : out) {
    remap(t.numerator);
    remap(t.denominator);
    remap(t.mention_of);
    if (!t.mention_of) t.mention_kind.reset();
  }
  targets = std::move(out);
}

}  // namespace

double WordJaccard(std::string_view a, std::string_view b) {
  auto wa = ingest::FoldedWords(a);
  auto wb = ingest::FoldedWords(b);
  std::set<std::string> sa(wa.begin(), wa.end()), sb(wb.begin(), wb.end());
  if (sa.empty() && sb.empty()) return 0;
  size_t common = 0;
  for (const auto& w : sa) common += sb.count(w);
  return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

std::vector<ReconcileItem> ProposeReconcile(const domain::PlanDraft& draft,
                                            const std::vector<store::NextYearItem>& items,
                                            const domain::PlanDraft& decided) {
  std::vector<ReconcileItem> out;
  std::map<std::string, const store::NextYearItem*> carried;
  for (const auto& it : items) carried[it.kind + ":" + it.key] = &it;

  // Targets: by indicator code, then by folded name and unit.
  const auto keys = TargetKeys(draft);
  std::vector<bool> used(decided.targets.size(), false);
  std::vector<ReconcileItem> carried_only;
  for (size_t i = 0; i < draft.targets.size(); ++i) {
    const auto& t = draft.targets[i];
    if (!IsOwnTarget(t)) continue;
    std::optional<size_t> found;
    std::string why;
    if (!t.indicator_code.empty()) {
      for (size_t k = 0; k < decided.targets.size() && !found; ++k) {
        const auto& d = decided.targets[k];
        if (!used[k] && IsOwnTarget(d) && d.indicator_code == t.indicator_code) {
          found = k;
          why = "cùng mã chỉ tiêu " + t.indicator_code;
        }
      }
    }
    if (!found) {
      const std::string name = text::FoldKey(t.indicator);
      for (size_t k = 0; k < decided.targets.size() && !found; ++k) {
        const auto& d = decided.targets[k];
        if (!used[k] && IsOwnTarget(d) && text::FoldKey(d.indicator) == name && d.unit == t.unit) {
          found = k;
          why = "cùng tên chỉ tiêu và đơn vị tính";
        }
      }
    }
    ReconcileItem item;
    item.key = "target:" + keys[i];
    item.kind = "target";
    item.section = t.section;
    item.name = t.indicator;
    item.indicator_code = t.indicator_code;
    auto c = carried.find(item.key);
    if (c != carried.end()) {
      item.carried_from = c->second->carried_from;
      item.decision = c->second->decision;
    }
    item.carried = ValueText(t);
    if (found) {
      used[*found] = true;
      const auto& d = decided.targets[*found];
      item.match = "matched";
      item.decided_2013 = ValueText(d);
      item.section = d.section;
      item.proposal = "2013";
      item.why = why;
      item.decided_ord = static_cast<int>(*found);
      item.takes = {"2013", "carried"};
      out.push_back(std::move(item));
    } else {
      item.match = "carried_only";
      item.proposal = "carried";
      item.why = "Quyết định năm " + std::to_string(decided.document.year.value_or(0)) +
                 " không nêu chỉ tiêu này";
      item.takes = {"carried", "drop"};
      carried_only.push_back(std::move(item));
    }
  }
  for (size_t k = 0; k < decided.targets.size(); ++k) {
    const auto& d = decided.targets[k];
    if (used[k] || !IsOwnTarget(d)) continue;
    ReconcileItem item;
    item.key = "target:new:" + std::to_string(k);
    item.kind = "target";
    item.match = "new";
    item.section = d.section;
    item.name = d.indicator;
    item.indicator_code = d.indicator_code;
    item.decided_2013 = ValueText(d);
    item.proposal = "2013";
    item.why = "Chỉ tiêu mới của quyết định";
    item.takes = {"2013", "drop"};
    out.push_back(std::move(item));
  }
  for (auto& item : carried_only) out.push_back(std::move(item));

  // Tasks: the carried ones by the words they share with a task of the decision, in their
  // section first, then anywhere.
  const auto draft_tasks = TasksOf(draft);
  const auto decided_tasks = TasksOf(decided);
  std::vector<bool> taken(decided_tasks.size(), false);
  std::vector<ReconcileItem> kept;
  for (const auto& dt : draft_tasks) {
    const auto& task = draft.sections[dt.section].tasks[dt.task];
    ReconcileItem item;
    item.key = "task:" + dt.id;
    item.kind = "task";
    item.section = dt.section_key;
    item.name = task.text;
    item.carried = task.text;
    auto c = carried.find(item.key);
    if (c != carried.end()) {
      item.carried_from = c->second->carried_from;
      item.decision = c->second->decision;
    }
    std::optional<size_t> best;
    double best_j = 0;
    bool same_section = false;
    for (int pass = 0; pass < 2 && !best; ++pass) {
      for (size_t k = 0; k < decided_tasks.size(); ++k) {
        if (taken[k]) continue;
        if (pass == 0 && decided_tasks[k].section_key != dt.section_key) continue;
        const auto& other = decided.sections[decided_tasks[k].section].tasks[decided_tasks[k].task];
        double j = WordJaccard(task.text, other.text);
        if (j >= kTaskMatch && j > best_j) {
          best = k;
          best_j = j;
        }
      }
      same_section = pass == 0;
    }
    if (best) {
      taken[*best] = true;
      const auto& at = decided_tasks[*best];
      item.match = "matched";
      item.decided_2013 = decided.sections[at.section].tasks[at.task].text;
      item.decided_task = at.id;
      item.proposal = "2013";
      item.why = "trùng " + Percent(best_j) + " số từ với " + at.id +
                 (same_section ? ", cùng mục " + dt.section_key : ", ở mục khác");
      item.takes = {"2013", "carried"};
      out.push_back(std::move(item));
    } else {
      item.match = "carried_only";
      item.proposal = "carried";
      item.why = "Quyết định năm " + std::to_string(decided.document.year.value_or(0)) +
                 " không có nhiệm vụ này: giữ để tiếp tục, hoặc bỏ";
      item.takes = {"carried", "drop"};
      kept.push_back(std::move(item));
    }
  }
  for (size_t k = 0; k < decided_tasks.size(); ++k) {
    if (taken[k]) continue;
    const auto& at = decided_tasks[k];
    ReconcileItem item;
    item.key = "task:new:" + at.id;
    item.kind = "task";
    item.match = "new";
    item.section = at.section_key;
    item.name = decided.sections[at.section].tasks[at.task].text;
    item.decided_2013 = item.name;
    item.proposal = "2013";
    item.why = "Nhiệm vụ của quyết định";
    item.takes = {"2013", "drop"};
    out.push_back(std::move(item));
  }
  for (auto& item : kept) out.push_back(std::move(item));
  return out;
}

NextYear::NextYear(store::Store& store, const Organisation& org, ProgramCache& cache,
                   Figures& figures, const Time& time, DataGeneration& generation,
                   const ServiceOptions& options)
    : store_(store),
      org_(org),
      cache_(cache),
      figures_(figures),
      time_(time),
      generation_(generation),
      max_decision_bytes_(options.max_decision_bytes) {}

core::Result<NextYearView> NextYear::Start(const Principal& by, ProgramId from, int year) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  WP_ASSIGN_OR_RETURN(auto base, cache_.Published(by, from));
  const int from_year = ProgramDate(base->record).year;
  if (year != from_year + 1) {
    return tl::unexpected(Invalid("year_invalid", "year",
                                  "Chương trình năm " + std::to_string(from_year) +
                                      " chỉ lập được chương trình năm " +
                                      std::to_string(from_year + 1)));
  }
  WP_ASSIGN_OR_RETURN(auto existing, store_.ListNextYearDrafts());
  for (const auto& r : existing) {
    if (r.from_program == from && r.year == year) {
      auto e = core::MakeError(ErrorCode::kAlreadyExists, "next_year_exists",
                               "Chương trình năm " + std::to_string(year) +
                                   " đã được lập từ chương trình này (#" +
                                   std::to_string(r.program_id) + ")");
      e.details.push_back({"program_id", std::to_string(r.program_id)});
      return tl::unexpected(std::move(e));
    }
  }
  const core::CivilDate end{from_year, 12, 31};
  const core::CivilDate first{year, 1, 1};
  // The tasks finished by 31/12: reported done or cancelled in a lead's newest report, and by
  // no lead as still under way. A lead that never reported on it says nothing (a section led by
  // a department "and the provinces" is finished when the department says so); a task nobody
  // reported on is not finished.
  // Read on the day it is started (December's report is sent in January), of the program in
  // force on 31/12 (amendments take effect within the year).
  WP_ASSIGN_OR_RETURN(auto board,
                      figures_.TaskStatuses(by, from, std::max(end, time_.Today()), std::nullopt));
  const auto& in_force = *board.program;
  std::set<std::string> finished;
  for (const auto& row : board.rows) {
    bool closed_by_one = false, open_by_one = false;
    for (const auto& lead : row.leads) {
      if (!lead.progress) continue;
      const bool closed = lead.progress->status == domain::TaskStatus::kDone ||
                          lead.progress->status == domain::TaskStatus::kCancelled;
      (closed ? closed_by_one : open_by_one) = true;
    }
    if (closed_by_one && !open_by_one) finished.insert(row.task.id);
  }

  const auto& src = in_force.record.plan;
  const std::string prefix = std::to_string(from) + ":";
  store::ProgramRecord record;
  auto& plan = record.plan;
  plan.document.issuer = src.document.issuer;
  plan.document.year = year;
  plan.document.title = "Chương trình công tác năm " + std::to_string(year) +
                        " (lập từ chương trình năm " + std::to_string(from_year) + ")";
  store::NextYearRecord ny;
  ny.from_program = from;
  ny.year = year;
  std::vector<std::pair<std::string, std::string>> carried_tasks;  // (2012 id, section index)
  for (size_t s = 0; s < src.sections.size(); ++s) {
    domain::Section section = src.sections[s];
    section.span = {};
    section.tasks.clear();
    for (size_t t = 0; t < src.sections[s].tasks.size(); ++t) {
      const std::string id = TaskIdIn(in_force, s, t);
      if (finished.contains(id) || DroppedFrom(in_force, id)) continue;
      domain::Task task = src.sections[s].tasks[t];
      task.span = {};
      task.details.push_back("Tiếp tục từ năm " + std::to_string(from_year) + " (" + id + ")");
      section.tasks.push_back(std::move(task));
      carried_tasks.emplace_back(id, std::to_string(s));
    }
    plan.sections.push_back(std::move(section));
  }
  size_t next_carried = 0;
  for (const auto& at : TasksOf(plan)) {
    store::NextYearItem item;
    item.kind = "task";
    item.key = at.id;
    item.carried_from = prefix + carried_tasks.at(next_carried++).first;
    ny.items.push_back(std::move(item));
  }
  // A target the decision read without a catalogue indicator got one at publication, named
  // as the program names it: found again by that name, so every target carries a code.
  WP_ASSIGN_OR_RETURN(auto catalogue, store_.ListIndicators(IssuerKey(src)));
  std::map<std::string, std::string> code_of;  // folded name or alias → code
  for (const auto& x : catalogue) {
    code_of.emplace(text::FoldKey(x.name), x.code);
    for (const auto& a : x.aliases) code_of.emplace(text::FoldKey(a), x.code);
  }
  std::vector<int64_t> ids;
  for (const auto& row : in_force.rows) {
    ids.push_back(row.id);
    domain::Target t = row.target;
    if (t.indicator_code.empty() && IsOwnTarget(t)) {
      for (const std::string& name : {row.name(), t.indicator}) {
        auto it = code_of.find(text::FoldKey(name));
        if (it != code_of.end()) {
          t.indicator_code = it->second;
          break;
        }
      }
    }
    t.span = {};
    t.baseline = row.target.value;
    t.reporters = {};
    plan.targets.push_back(std::move(t));
  }
  WP_ASSIGN_OR_RETURN(auto matrix, store_.ListReporters(from));
  CopyMatrix(matrix, ids, first, "from:" + std::to_string(from_year), plan.targets);
  const auto keys = TargetKeys(plan);
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    const auto& t = plan.targets[i];
    if (!IsOwnTarget(t)) continue;
    store::NextYearItem item;
    item.kind = "target";
    item.key = keys[i];
    item.carried_from = prefix + "target:" + std::to_string(ids[i]);
    item.carried_value = t.value.ToString();
    ny.items.push_back(std::move(item));
    plan.diagnostics.push_back({core::Severity::kWarning,
                                "carried_value",
                                t.indicator + ": " + ValueText(t) + " (năm " +
                                    std::to_string(from_year) + ") — chờ quyết định năm " +
                                    std::to_string(year),
                                {}});
  }
  for (auto rule : src.reporting) {
    rule.span = {};
    if (rule.due) rule.due = core::CivilDate{rule.due->year + 1, rule.due->month, rule.due->day};
    plan.reporting.push_back(std::move(rule));
  }
  plan.units = src.units;
  record.source_name = "next-year:" + std::to_string(from);
  record.source_text = "";
  record.source_sha256 = core::Sha256Hex("");
  record.created_at = time_.NowIso();
  ny.created_at = ny.updated_at = record.created_at;

  auto event = Event(time_, by, "program.start_from", "program");
  event.after = core::JsonObjectText()
                    .Add("from", static_cast<int64_t>(from))
                    .Add("year", static_cast<int64_t>(year))
                    .Add("title", plan.document.title)
                    .Add("status", "draft")
                    .Add("tasks_carried", static_cast<int64_t>(carried_tasks.size()))
                    .Add("targets", static_cast<int64_t>(ny.items.size() - carried_tasks.size()))
                    .Add("fingerprint", ProgramFingerprint(record))
                    .Finish();
  WP_ASSIGN_OR_RETURN(auto id, store_.InsertNextYearDraft(record, ny, event));
  generation_.Changed();
  return Get(by, id);
}

core::Result<NextYearView> NextYear::Get(const Principal& by, ProgramId draft) {
  WP_ASSIGN_OR_RETURN(auto view, cache_.Get(by, draft));
  WP_ASSIGN_OR_RETURN(auto ny, store_.GetNextYearDraft(draft));
  if (!ny) return tl::unexpected(NotNextYear(draft));
  NextYearView out;
  out.program_id = draft;
  out.from_program = ny->from_program;
  out.year = ny->year;
  out.revision = ny->revision;
  out.matrix_from = core::CivilDate{ny->year, 1, 1};
  out.decision_name = ny->decision_name;
  out.reconciled_at = ny->reconciled_at;
  const auto& plan = view->record.plan;
  const auto keys = TargetKeys(plan);
  std::map<std::string, const store::NextYearItem*> items;
  for (const auto& it : ny->items) items[it.kind + ":" + it.key] = &it;
  for (size_t i = 0; i < plan.targets.size() && i < view->rows.size(); ++i) {
    auto it = items.find("target:" + keys[i]);
    if (keys[i].empty() || it == items.end()) continue;
    const auto& t = view->rows[i].target;
    NextYearTarget x;
    x.key = keys[i];
    x.target_id = view->rows[i].id;
    x.indicator_code = t.indicator_code;
    x.section = t.section;
    x.name = view->rows[i].name();
    x.uom = t.unit;
    x.carried_value = core::ParseDecimal(it->second->carried_value).value_or(core::Decimal{});
    x.carried_from = it->second->carried_from;
    x.decision = it->second->decision;
    out.targets.push_back(std::move(x));
  }
  for (const auto& at : TasksOf(plan)) {
    auto it = items.find("task:" + at.id);
    if (it == items.end()) continue;
    NextYearTask x;
    x.id = at.id;
    x.section = at.section_key;
    x.text = plan.sections[at.section].tasks[at.task].text;
    x.carried_from = it->second->carried_from;
    x.decision = it->second->decision;
    out.tasks.push_back(std::move(x));
  }
  return out;
}

core::Result<domain::PlanDraft> NextYear::Bind(std::string_view text) {
  if (text.size() > max_decision_bytes_) {
    return core::Fail(ErrorCode::kTooLarge, "too_large",
                      "Văn bản quá lớn (" + std::to_string(text.size() >> 20) + " MB); tối đa " +
                          std::to_string(max_decision_bytes_ >> 20) + " MB");
  }
  WP_ASSIGN_OR_RETURN(auto document, doc::Parse(text));
  domain::PlanDraft plan = ingest::Bind(document);
  WP_ASSIGN_OR_RETURN(auto catalogue, store_.ListIndicators(IssuerKey(plan)));
  if (!catalogue.empty()) {
    ingest::BindOptions options;
    options.indicators = catalogue;
    plan = ingest::Bind(document, options);
  }
  if (plan.sections.empty() && plan.targets.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "not_a_program",
                      "Không đọc được chương trình công tác trong văn bản: không có mục, nhiệm vụ "
                      "hay chỉ tiêu nào");
  }
  ingest::ResolvePlanUnits(plan, org_.resolver());
  return plan;
}

core::Result<ReconcileView> NextYear::Reconcile(const Principal& by, ProgramId draft,
                                                std::string_view bytes, std::string_view form,
                                                const std::string& name) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  WP_ASSIGN_OR_RETURN(auto view, cache_.Get(by, draft));
  WP_ASSIGN_OR_RETURN(auto ny, store_.GetNextYearDraft(draft));
  if (!ny) return tl::unexpected(NotNextYear(draft));
  if (view->record.status == ProgramStatus::kPublished) {
    return core::Fail(ErrorCode::kFailedPrecondition, "program_published",
                      "Chương trình #" + std::to_string(draft) + " đã ban hành chính thức");
  }
  read::Form f = read::Form::kText;
  if (!form.empty()) {
    auto named = read::FormFromName(form);
    if (!named) {
      return core::Fail(ErrorCode::kInvalidArgument, "bad_form", "Dạng tệp: text, docx hoặc pdf");
    }
    f = *named;
  } else {
    WP_ASSIGN_OR_RETURN(f, read::Sniff(bytes));
  }
  std::string text;
  if (f == read::Form::kText) {
    text = std::string(bytes);
  } else {
    auto extracted = f == read::Form::kPdf ? read::ExtractPdfInChild(bytes, "/proc/self/exe")
                                           : read::Extract(bytes, f);
    if (!extracted) return tl::unexpected(extracted.error());
    text = std::move(extracted->text);
  }
  WP_ASSIGN_OR_RETURN(auto decided, Bind(text));
  if (decided.document.year && *decided.document.year != ny->year) {
    return tl::unexpected(Invalid("decision_year", "year",
                                  "Quyết định là chương trình năm " +
                                      std::to_string(*decided.document.year) + ", không phải năm " +
                                      std::to_string(ny->year)));
  }
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(draft));
  store::NextYearRecord next = *ny;
  next.decision_text = text;
  next.decision_name = name.empty() ? "-" : name;
  next.reconciled_at.reset();
  for (auto& it : next.items) it.decision.clear();
  next.updated_at = time_.NowIso();
  auto proposals = ProposeReconcile(record.plan, next.items, decided);
  auto count = [&](const char* match) {
    return static_cast<int64_t>(std::count_if(proposals.begin(), proposals.end(),
                                              [&](const auto& p) { return p.match == match; }));
  };
  auto event = Event(time_, by, "program.reconcile", "program", std::to_string(draft));
  event.after = core::JsonObjectText()
                    .Add("stage", "read")
                    .Add("decision", next.decision_name)
                    .Add("decision_sha256", core::Sha256Hex(text))
                    .Add("matched", count("matched"))
                    .Add("new", count("new"))
                    .Add("carried_only", count("carried_only"))
                    .Add("fingerprint", ProgramFingerprint(record))
                    .Finish();
  WP_ASSIGN_OR_RETURN(auto revision, store_.PutNextYearDraft(next, ny->revision, nullptr, event));
  ReconcileView out;
  out.program_id = draft;
  out.revision = revision;
  out.decision_name = next.decision_name;
  out.items = std::move(proposals);
  return out;
}

core::Result<ReconcileView> NextYear::Proposals(const Principal& by, ProgramId draft) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  WP_ASSIGN_OR_RETURN(auto view, cache_.Get(by, draft));
  WP_ASSIGN_OR_RETURN(auto ny, store_.GetNextYearDraft(draft));
  if (!ny) return tl::unexpected(NotNextYear(draft));
  ReconcileView out;
  out.program_id = draft;
  out.revision = ny->revision;
  out.decision_name = ny->decision_name;
  out.reconciled_at = ny->reconciled_at;
  if (ny->reconciled_at) {
    // Applied: the decisions, as kept.
    for (const auto& it : ny->items) {
      ReconcileItem item;
      item.key = it.kind + ":" + it.key;
      item.kind = it.kind;
      item.carried_from = it.carried_from;
      item.carried = it.carried_value;
      item.decision = it.decision;
      out.items.push_back(std::move(item));
    }
    return out;
  }
  if (ny->decision_text.empty()) return out;
  WP_ASSIGN_OR_RETURN(auto decided, Bind(ny->decision_text));
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(draft));
  out.items = ProposeReconcile(record.plan, ny->items, decided);
  return out;
}

core::Result<ReconcileView> NextYear::ApplyReconcile(
    const Principal& by, ProgramId draft, int64_t revision,
    const std::vector<ReconcileDecision>& decisions) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  WP_ASSIGN_OR_RETURN(auto view, cache_.Get(by, draft));
  WP_ASSIGN_OR_RETURN(auto ny, store_.GetNextYearDraft(draft));
  if (!ny) return tl::unexpected(NotNextYear(draft));
  if (view->record.status == ProgramStatus::kPublished) {
    return core::Fail(ErrorCode::kFailedPrecondition, "program_published",
                      "Chương trình #" + std::to_string(draft) + " đã ban hành chính thức");
  }
  if (ny->revision != revision) {
    auto e = core::MakeError(ErrorCode::kAborted, "stale_revision",
                             "Chương trình vừa được người khác thay đổi (phiên bản " +
                                 std::to_string(ny->revision) + "); hãy tải lại");
    e.details.push_back({"revision", std::to_string(ny->revision)});
    return tl::unexpected(std::move(e));
  }
  if (ny->decision_text.empty() || ny->reconciled_at) {
    return core::Fail(
        ErrorCode::kFailedPrecondition, "nothing_to_reconcile",
        "Chưa đọc quyết định năm " + std::to_string(ny->year) + " để đối chiếu với chương trình");
  }
  WP_ASSIGN_OR_RETURN(auto decided, Bind(ny->decision_text));
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(draft));
  auto proposals = ProposeReconcile(record.plan, ny->items, decided);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < proposals.size(); ++i) index[proposals[i].key] = i;
  std::map<std::string, std::string> take;
  for (size_t i = 0; i < decisions.size(); ++i) {
    const auto& d = decisions[i];
    const std::string field = "decisions[" + std::to_string(i) + "]";
    auto it = index.find(d.key);
    if (it == index.end()) {
      return tl::unexpected(Invalid("reconcile_invalid", field + ".key",
                                    "Không có đề xuất \"" + d.key + "\" trong lần đối chiếu này"));
    }
    const auto& allowed = proposals[it->second].takes;
    if (std::find(allowed.begin(), allowed.end(), d.take) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return tl::unexpected(Invalid("reconcile_invalid", field + ".take",
                                    "Với \"" + d.key + "\" chỉ chọn được: " + list));
    }
    take[d.key] = d.take;
  }
  for (const auto& p : proposals) {
    if (!take.contains(p.key)) {
      return tl::unexpected(Invalid("reconcile_incomplete", p.key,
                                    "Chưa quyết định: " + p.name + " (" + p.key + ")"));
    }
  }

  // The decision's program, with what is kept from the draft.
  const auto& old = record.plan;
  const auto old_keys = TargetKeys(old);
  domain::PlanDraft plan = decided;
  plan.document.year = ny->year;
  plan.diagnostics.clear();
  // Targets: the decision's ones kept or dropped; a matched one keeps last year's indicator
  // (and its value when "carried"); a carried one not in the decision appended.
  WP_ASSIGN_OR_RETURN(auto matrix, store_.ListReporters(draft));
  std::vector<int64_t> old_ids;
  WP_ASSIGN_OR_RETURN(auto stored_targets, store_.ListTargets(draft));
  for (const auto& t : stored_targets) old_ids.push_back(t.id);
  std::vector<domain::Target> old_targets = old.targets;
  CopyMatrix(matrix, old_ids, core::CivilDate{ny->year, 1, 1},
             "from:" + std::to_string(ny->year - 1), old_targets);
  std::vector<bool> keep(plan.targets.size(), true);
  std::vector<domain::Target> appended;
  std::map<std::string, std::string> decision_of;  // item key → decision
  for (size_t i = 0; i < old.targets.size(); ++i) {
    if (old_keys[i].empty()) continue;
    const std::string key = "target:" + old_keys[i];
    auto it = index.find(key);
    if (it == index.end()) continue;
    const auto& p = proposals[it->second];
    const std::string& chosen = take[key];
    decision_of["target:" + old_keys[i]] = chosen;
    if (p.match == "matched") {
      auto& t = plan.targets.at(static_cast<size_t>(p.decided_ord));
      t.indicator_code = old.targets[i].indicator_code;
      t.baseline = old.targets[i].value;
      t.reporters = old_targets[i].reporters;
      if (chosen == "carried") {
        t.value = old.targets[i].value;
        t.unit = old.targets[i].unit;
        t.comparator = old.targets[i].comparator;
      }
    } else if (chosen == "carried") {
      domain::Target t = old_targets[i];
      t.mention_of.reset();
      t.mention_kind.reset();
      t.numerator.reset();
      t.denominator.reset();
      appended.push_back(std::move(t));
    }
  }
  for (const auto& p : proposals) {
    if (p.kind != "target" || p.match != "new") continue;
    const size_t k = std::stoul(p.key.substr(std::string("target:new:").size()));
    if (take[p.key] == "drop") keep[k] = false;
  }
  KeepTargets(plan.targets, keep);
  for (auto& t : appended) plan.targets.push_back(std::move(t));

  // Tasks: the decision's, a matched one with its text as chosen and marked as continued; the
  // carried ones kept appended to their section (the draft's section added when the decision
  // has none of that number); dropped ones gone.
  const auto decided_tasks = TasksOf(decided);
  std::map<std::string, size_t> decided_at;
  for (size_t k = 0; k < decided_tasks.size(); ++k) decided_at[decided_tasks[k].id] = k;
  std::map<std::pair<size_t, size_t>, std::string> continued;  // (section, task) → carried_from
  std::set<std::pair<size_t, size_t>> dropped;
  std::vector<std::pair<size_t, size_t>> kept_old;  // draft (section, task)
  std::map<std::string, std::string> carried_from;
  for (const auto& it : ny->items) {
    if (it.kind == "task") carried_from[it.key] = it.carried_from;
  }
  const auto old_tasks = TasksOf(old);
  const std::string note = "Tiếp tục từ năm " + std::to_string(ny->year - 1);
  for (const auto& at : old_tasks) {
    const std::string key = "task:" + at.id;
    auto it = index.find(key);
    if (it == index.end()) continue;
    const auto& p = proposals[it->second];
    const std::string& chosen = take[key];
    decision_of[key] = chosen;
    if (p.match == "matched") {
      const auto& d = decided_tasks.at(decided_at.at(p.decided_task));
      auto& task = plan.sections[d.section].tasks[d.task];
      if (chosen == "carried") task.text = old.sections[at.section].tasks[at.task].text;
      continued[{d.section, d.task}] = carried_from[at.id];
    } else if (chosen == "carried") {
      kept_old.push_back({at.section, at.task});
    }
  }
  for (const auto& p : proposals) {
    if (p.kind != "task" || p.match != "new") continue;
    if (take[p.key] != "drop") continue;
    const auto& d = decided_tasks.at(decided_at.at(p.key.substr(std::string("task:new:").size())));
    dropped.insert({d.section, d.task});
  }
  for (auto& [where, from] : continued) {
    auto& task = plan.sections[where.first].tasks[where.second];
    task.details.push_back(note + " (" + from.substr(from.find(':') + 1) + ")");
  }
  std::vector<std::pair<size_t, domain::Task>> to_append;  // (section in plan, task)
  for (const auto& [s, t] : kept_old) {
    const auto& section = old.sections[s];
    std::optional<size_t> in_plan;
    for (size_t k = 0; k < plan.sections.size() && !in_plan; ++k) {
      if (domain::SectionKey(plan, plan.sections[k]) == domain::SectionKey(old, section)) {
        in_plan = k;
      }
    }
    if (!in_plan) {
      domain::Section copy = section;
      copy.tasks.clear();
      plan.sections.push_back(std::move(copy));
      in_plan = plan.sections.size() - 1;
    }
    domain::Task task = section.tasks[t];
    to_append.emplace_back(*in_plan, std::move(task));
  }
  // Dropped tasks leave, then the kept carried ones join (ids are positions: the carried
  // mapping is read from the finished plan).
  for (size_t s = 0; s < plan.sections.size(); ++s) {
    auto& tasks = plan.sections[s].tasks;
    std::vector<domain::Task> left;
    for (size_t t = 0; t < tasks.size(); ++t) {
      if (!dropped.contains({s, t})) left.push_back(std::move(tasks[t]));
    }
    tasks = std::move(left);
  }
  for (auto& [s, task] : to_append) plan.sections[s].tasks.push_back(std::move(task));

  store::NextYearRecord next = *ny;
  next.items.clear();
  // Targets as decided, by the key they had.
  for (const auto& it : ny->items) {
    if (it.kind != "target") continue;
    store::NextYearItem x = it;
    x.decision = decision_of.count("target:" + it.key) ? decision_of["target:" + it.key] : "";
    next.items.push_back(std::move(x));
  }
  // Tasks continued, under their ids in the new plan (found by the note they carry).
  for (const auto& at : TasksOf(plan)) {
    const auto& task = plan.sections[at.section].tasks[at.task];
    for (const auto& d : task.details) {
      if (d.rfind(note + " (", 0) != 0) continue;
      const std::string old_id = d.substr(note.size() + 2, d.size() - note.size() - 3);
      store::NextYearItem x;
      x.kind = "task";
      x.key = at.id;
      x.carried_from = std::to_string(ny->from_program) + ":" + old_id;
      x.decision = "carried";
      next.items.push_back(std::move(x));
      break;
    }
  }
  for (const auto& at : old_tasks) {
    if (decision_of["task:" + at.id] != "drop") continue;
    store::NextYearItem x;
    x.kind = "task";
    x.key = at.id;
    x.carried_from = carried_from[at.id];
    x.decision = "drop";
    next.items.push_back(std::move(x));
  }
  const std::string now = time_.NowIso();
  next.reconciled_at = now;
  next.updated_at = now;

  store::ProgramRecord updated;
  updated.id = draft;
  updated.status = store::ProgramStatus::kDraft;
  updated.plan = std::move(plan);
  updated.source_name = ny->decision_name;
  updated.source_text = ny->decision_text;
  updated.source_sha256 = core::Sha256Hex(ny->decision_text);
  updated.created_at = record.created_at;

  auto count = [&](const char* choice) {
    return static_cast<int64_t>(std::count_if(take.begin(), take.end(),
                                              [&](const auto& kv) { return kv.second == choice; }));
  };
  auto event = Event(time_, by, "program.reconcile", "program", std::to_string(draft));
  event.before = core::JsonObjectText()
                     .Add("revision", ny->revision)
                     .Add("fingerprint", ProgramFingerprint(record))
                     .Finish();
  event.after = core::JsonObjectText()
                    .Add("stage", "apply")
                    .Add("decision", ny->decision_name)
                    .Add("number", updated.plan.document.number)
                    .Add("took_2013", count("2013"))
                    .Add("kept_carried", count("carried"))
                    .Add("dropped", count("drop"))
                    .Add("fingerprint", ProgramFingerprint(updated))
                    .Finish();
  WP_ASSIGN_OR_RETURN(auto rev, store_.PutNextYearDraft(next, ny->revision, &updated, event));
  generation_.Changed();
  ReconcileView out;
  out.program_id = draft;
  out.revision = rev;
  out.decision_name = ny->decision_name;
  out.reconciled_at = now;
  for (auto& p : proposals) {
    p.decision = take[p.key];
    out.items.push_back(std::move(p));
  }
  return out;
}

}  // namespace wp::service
