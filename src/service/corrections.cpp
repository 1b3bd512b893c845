// Corrections of a draft: what the parser read wrongly (a target's value, unit, comparator or
// indicator; a deadline's date; a section's lead unit), corrected by a planner before
// publishing. The parsed plan is kept as it was read; the corrections are kept beside it, in
// order, each audited, and applied over it whenever the program is read (ProgramCache::Load), so
// the published program is the corrected one and the parser's reading stays traceable. After
// publication (issue 18) an approved amendment's changes go through the same path (ApplyChange):
// never stored over the program, applied to a copy for the dates they are in force.

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "core/json_text.hpp"
#include "domain/indicator.hpp"
#include "ingest/resolver.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "store/store_errors.hpp"
#include "text/date_phrase.hpp"
#include "text/number.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Principal;

// What a locator names: "target:17" (a target's id), "deadline:3" (its position in the plan),
// "section:II.2" (a section's number).
struct Place {
  enum Kind { kTarget, kDeadline, kSection } kind = kTarget;
  size_t index = 0;  // in view.rows / plan.deadlines / plan.sections
};

std::optional<Place> Locate(const ProgramView& v, std::string_view locator) {
  auto colon = locator.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto kind = locator.substr(0, colon);
  auto ref = locator.substr(colon + 1);
  if (kind == "section") {
    const auto& sections = v.record.plan.sections;
    for (size_t i = 0; i < sections.size(); ++i) {
      if (sections[i].number == ref) return Place{Place::kSection, i};
    }
    return std::nullopt;
  }
  int64_t n = -1;
  auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), n);
  if (ec != std::errc() || end != ref.data() + ref.size() || n < 0) return std::nullopt;
  if (kind == "target") {
    for (size_t i = 0; i < v.rows.size(); ++i) {
      if (v.rows[i].id == n) return Place{Place::kTarget, i};
    }
  } else if (kind == "deadline" && static_cast<size_t>(n) < v.record.plan.deadlines.size()) {
    return Place{Place::kDeadline, static_cast<size_t>(n)};
  }
  return std::nullopt;
}

std::string DateText(const std::optional<core::CivilDate>& d) {
  if (!d) return "(không có)";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d->day, d->month, d->year);
  return buf;
}

std::string LeadsText(const std::vector<std::string>& leads) {
  std::string out;
  for (const auto& l : leads) out += (out.empty() ? "" : "; ") + l;
  return out.empty() ? "(chưa rõ)" : out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// A range as typed: "1,7 – 2", "1,7-2,0", "30 - 40" (either number as ParseTypedNumber reads it),
// split at the one dash between them.
std::optional<domain::Range> ParseTypedRange(std::string_view typed) {
  for (std::string_view dash : {"–", "—", "-"}) {
    size_t at = typed.find(dash, 1);  // not a leading minus
    if (at == std::string_view::npos) continue;
    auto lower = ParseTypedNumber(Trim(typed.substr(0, at)));
    auto upper = ParseTypedNumber(Trim(typed.substr(at + dash.size())));
    if (!lower || !upper) return std::nullopt;
    return domain::Range{*lower, *upper};
  }
  return std::nullopt;
}

std::string RangeText(const std::optional<domain::Range>& r, const std::string& unit) {
  if (!r) return "(không có)";
  return text::FormatVietnamese(r->lower) + " – " + text::FormatVietnamese(r->upper) + " " + unit;
}

core::Error Invalid(std::string field, std::string message) {
  auto e = core::MakeError(ErrorCode::kInvalidArgument, "correction_invalid",
                           "Không sửa được: " + message);
  e.details.push_back({std::move(field), std::move(message)});
  return e;
}

// The lead of a section, and of its tasks and sub-sections that inherit it.
void SetLead(domain::PlanDraft& plan, size_t index, const domain::ResolvedUnitName& lead) {
  const std::string number = plan.sections[index].number;
  auto apply = [&](domain::Section& s) {
    s.lead_units = {lead.written};
    s.resolved_leads = {lead};
    for (auto& t : s.tasks) {
      if (!t.leads_inherited) continue;
      t.lead_units = {lead.written};
      t.resolved_leads = {lead};
    }
  };
  apply(plan.sections[index]);
  for (auto& s : plan.sections) {
    if (s.leads_inherited && s.number.starts_with(number + ".")) apply(s);
  }
}

}  // namespace

// Checks `k` (locator, field, value as typed) against the view and fills its value as stored,
// its before and after; with `apply`, also puts it into the view.
core::Status Correct(const Organisation& org, ProgramView& view, store::ProgramCorrection& k,
                     bool apply) {
  auto place = Locate(view, k.locator);
  if (!place) return tl::unexpected(Invalid("locator", "không tìm thấy mục cần sửa"));
  auto& plan = view.record.plan;
  const std::string typed = Trim(k.value);
  // A text field of the plan (a target's unit, its indicator) set to what was typed.
  auto set_text = [&](std::string& field, const char* when_empty) -> core::Status {
    if (typed.empty()) return tl::unexpected(Invalid("value", when_empty));
    k.value = typed;
    k.before = field;
    k.after = typed;
    if (apply) field = typed;
    return {};
  };
  switch (place->kind) {
    case Place::kTarget: {
      auto& stored = view.rows[place->index];
      // plan.targets and the stored targets are in the same order (ord).
      domain::Target* in_plan =
          place->index < plan.targets.size() ? &plan.targets[place->index] : nullptr;
      auto& t = stored.target;
      if (k.field == "value") {
        auto d = ParseTypedNumber(typed);
        if (!d) return tl::unexpected(Invalid("value", "không phải là số: \"" + typed + "\""));
        k.value = d->ToString();
        k.before = text::FormatVietnamese(t.value) + " " + t.unit;
        k.after = text::FormatVietnamese(*d) + " " + t.unit;
        if (apply) t.value = *d;
      } else if (k.field == "unit") {
        WP_RETURN_IF_ERROR(set_text(t.unit, "đơn vị tính không được để trống"));
      } else if (k.field == "comparator") {
        auto c = domain::ParseComparator(typed);
        if (!c) {
          return tl::unexpected(Invalid("value", "là eq, min, max, decrease_by hoặc increase_by"));
        }
        k.value = typed;
        k.before = domain::ComparatorName(t.comparator);
        k.after = typed;
        if (apply) t.comparator = *c;
      } else if (k.field == "indicator") {
        WP_RETURN_IF_ERROR(set_text(t.indicator, "tên chỉ tiêu không được để trống"));
      } else if (k.field == "baseline") {
        // Last year's value a "giảm 2%" or "tăng 10%" target is measured from, when the decision
        // does not give it (issue 16): the planner types it from last year's report.
        auto d = ParseTypedNumber(typed);
        if (!d) return tl::unexpected(Invalid("value", "không phải là số: \"" + typed + "\""));
        k.value = d->ToString();
        k.before = t.baseline ? text::FormatVietnamese(*t.baseline) + " " + t.unit : "(chưa có)";
        k.after = text::FormatVietnamese(*d) + " " + t.unit;
        if (apply) t.baseline = *d;
      } else if (k.field == "range") {
        // Issue 19: "1,7 – 2" sets the range (and the value to its lower bound), "" clears it.
        std::optional<domain::Range> r;
        if (!typed.empty()) {
          r = ParseTypedRange(typed);
          if (!r) {
            return tl::unexpected(Invalid(
                "value", "không phải là khoảng hai số (ví dụ \"1,7 – 2\"): \"" + typed + "\""));
          }
          if (domain::CompareDecimal(r->lower, r->upper) > 0) {
            return tl::unexpected(Invalid("value", "cận dưới " + text::FormatVietnamese(r->lower) +
                                                       " lớn hơn cận trên " +
                                                       text::FormatVietnamese(r->upper)));
          }
        }
        k.value =
            r ? r->lower.Normalized().ToString() + "-" + r->upper.Normalized().ToString() : "";
        k.before = RangeText(t.range, t.unit);
        k.after = RangeText(r, t.unit);
        if (apply) {
          t.range = r;
          if (r) t.value = r->lower;
        }
      } else {
        return tl::unexpected(Invalid(
            "field", "chỉ tiêu sửa được value, unit, comparator, indicator, baseline hoặc range"));
      }
      if (apply && in_plan) *in_plan = t;
      return {};
    }
    case Place::kDeadline: {
      auto& dl = plan.deadlines[place->index];
      if (k.field != "due") return tl::unexpected(Invalid("field", "thời hạn chỉ sửa được due"));
      std::optional<core::CivilDate> date = core::ParseIsoDate(typed);
      if (!date) {
        if (auto m = text::ReadSlashDate(typed, 0); m && m->end == typed.size()) date = m->date;
      }
      if (!date) {
        return tl::unexpected(
            Invalid("value", "không phải là ngày (dd/mm/yyyy): \"" + typed + "\""));
      }
      k.value = date->ToIso();
      k.before = DateText(dl.due);
      k.after = DateText(date);
      if (apply) dl.due = date;
      return {};
    }
    case Place::kSection: {
      auto& s = plan.sections[place->index];
      if (k.field != "lead") {
        return tl::unexpected(Invalid("field", "mục chỉ sửa được lead (đơn vị chủ trì)"));
      }
      auto r = org.resolver().Resolve(typed, ProgramDate(view.record));
      bool known = (r.resolution == domain::NameResolution::kUnit ||
                    r.resolution == domain::NameResolution::kApproximate ||
                    r.resolution == domain::NameResolution::kGroup) &&
                   !r.units.empty();
      if (!known) {
        return tl::unexpected(Invalid("value", "không nhận ra đơn vị \"" + typed +
                                                   "\" trong tổ chức ở ngày ban "
                                                   "hành"));
      }
      k.value = typed;
      k.before = LeadsText(s.lead_units);
      k.after = typed;
      if (apply) SetLead(plan, place->index, {typed, r.resolution, r.units});
      return {};
    }
  }
  return {};
}

namespace {

// A section by its key ("II.2.1", "II.11.2~2"), as TaskIds begin.
std::optional<size_t> SectionByKey(const domain::PlanDraft& plan, std::string_view key) {
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    if (domain::SectionKey(plan, plan.sections[i]) == key) return i;
  }
  return std::nullopt;
}

// A task by its id in `view` (an added task by the id it was assigned).
std::optional<std::pair<size_t, size_t>> TaskById(const ProgramView& view, std::string_view id) {
  const auto& plan = view.record.plan;
  auto hash = id.find('#');
  if (hash == std::string_view::npos) return std::nullopt;
  auto section = SectionByKey(plan, id.substr(0, hash));
  if (!section) return std::nullopt;
  for (size_t k = 0; k < plan.sections[*section].tasks.size(); ++k) {
    if (TaskIdIn(view, *section, k) == id) return std::pair(*section, k);
  }
  return std::nullopt;
}

std::optional<domain::ResolvedUnitName> ResolveLead(const Organisation& org,
                                                    const ProgramView& view,
                                                    const std::string& typed) {
  auto r = org.resolver().Resolve(typed, ProgramDate(view.record));
  bool known = (r.resolution == domain::NameResolution::kUnit ||
                r.resolution == domain::NameResolution::kApproximate ||
                r.resolution == domain::NameResolution::kGroup) &&
               !r.units.empty();
  if (!known) return std::nullopt;
  return domain::ResolvedUnitName{typed, r.resolution, r.units};
}

constexpr size_t kMaxTaskText = 4000;  // bytes of an added task's text

}  // namespace

core::Status ApplyChange(const Organisation& org, ProgramView& view, domain::Change& c, bool apply,
                         int version, core::CivilDate from) {
  using K = domain::ChangeKind;
  auto& plan = view.record.plan;
  const std::string_view locator = c.locator;
  auto ref_of = [&](std::string_view kind) -> std::optional<std::string_view> {
    if (locator.size() <= kind.size() || locator.substr(0, kind.size()) != kind ||
        locator[kind.size()] != ':') {
      return std::nullopt;
    }
    return locator.substr(kind.size() + 1);
  };
  auto no_place = [] {
    return tl::unexpected(Invalid("locator", "không tìm thấy mục cần điều chỉnh"));
  };
  // The step as applied, under the item's locator, with the baseline's value; its before and
  // after as the amendment recorded them when it has them (what the proposer and the approver
  // read), else as read now.
  const std::string recorded_before = c.before, recorded_after = c.after;
  auto record = [&](const std::string& at, std::string original) {
    if (!apply) return;
    auto& steps = view.changed[at];
    if (!steps.empty()) original = steps.front().original;
    steps.push_back({version, from, c.kind,
                     recorded_before.empty() && recorded_after.empty() ? c.before : recorded_before,
                     recorded_after.empty() ? c.after : recorded_after, std::move(original)});
  };
  switch (c.kind) {
    case K::kTargetValue:
    case K::kDeadline: {
      const bool target = c.kind == K::kTargetValue;
      if (!ref_of(target ? "target" : "deadline")) return no_place();
      auto place = Locate(view, c.locator);
      if (!place) return no_place();
      std::string original =
          target ? view.rows[place->index].target.value.ToString()
                 : (plan.deadlines[place->index].due ? plan.deadlines[place->index].due->ToIso()
                                                     : std::string());
      store::ProgramCorrection k;
      k.locator = c.locator;
      k.field = target ? "value" : "due";
      k.value = c.value;
      WP_RETURN_IF_ERROR(Correct(org, view, k, apply));
      c.value = k.value;
      c.before = k.before;
      c.after = k.after;
      if (apply && target) {
        // The target as the program's pages list it (folded with its mentions) takes it too.
        const auto& row = view.rows[place->index];
        for (auto& t : view.targets) {
          if (t.id == row.id) t.target.value = row.target.value;
        }
      }
      record(c.locator, std::move(original));
      return {};
    }
    case K::kLead: {
      const std::string typed = Trim(c.value);
      if (typed.empty()) return tl::unexpected(Invalid("value", "chưa nêu đơn vị chủ trì mới"));
      auto lead = ResolveLead(org, view, typed);
      if (!lead) {
        return tl::unexpected(Invalid(
            "value", "không nhận ra đơn vị \"" + typed + "\" trong tổ chức ở ngày ban hành"));
      }
      c.value = typed;
      c.after = typed;
      if (auto key = ref_of("section")) {
        auto i = SectionByKey(plan, *key);
        if (!i) return no_place();
        auto& s = plan.sections[*i];
        c.before = LeadsText(s.lead_units);
        std::string original = c.before;
        if (apply) SetLead(plan, *i, *lead);
        record(c.locator, std::move(original));
        return {};
      }
      if (auto id = ref_of("task")) {
        auto at = TaskById(view, *id);
        if (!at) return no_place();
        auto& t = plan.sections[at->first].tasks[at->second];
        c.before = LeadsText(t.lead_units);
        std::string original = c.before;
        if (apply) {
          t.lead_units = {typed};
          t.resolved_leads = {*lead};
          t.leads_inherited = false;
        }
        record(c.locator, std::move(original));
        return {};
      }
      return no_place();
    }
    case K::kTaskAdd: {
      auto key = ref_of("section");
      if (!key) return no_place();
      auto i = SectionByKey(plan, *key);
      if (!i) return no_place();
      const std::string text = Trim(c.value);
      if (text.empty()) return tl::unexpected(Invalid("value", "chưa nêu nội dung nhiệm vụ"));
      if (text.size() > kMaxTaskText) {
        return tl::unexpected(Invalid("value", "nội dung nhiệm vụ quá dài (tối đa 4.000 ký tự)"));
      }
      c.value = text;
      c.before = "";
      c.after = text;
      auto& s = plan.sections[*i];
      if (!apply) return {};
      std::string id = c.assigned_task_id;
      if (id.empty()) id = domain::SectionKey(plan, s) + "#" + std::to_string(s.tasks.size() + 1);
      domain::Task t;
      t.text = text;
      t.kind = "bullet";
      t.lead_units = s.lead_units;
      t.resolved_leads = s.resolved_leads;
      t.coordinating_units = s.coordinating_units;
      t.resolved_coordinators = s.resolved_coordinators;
      t.leads_inherited = true;
      s.tasks.push_back(std::move(t));
      view.added_tasks[{*i, s.tasks.size() - 1}] = id;
      record("task:" + id, "");
      return {};
    }
    case K::kTaskDrop: {
      auto id = ref_of("task");
      if (!id) return no_place();
      auto at = TaskById(view, *id);
      if (!at) return no_place();
      if (view.dropped_tasks.contains(*id)) {
        return tl::unexpected(Invalid("locator", "nhiệm vụ đã được bỏ khỏi chương trình"));
      }
      const auto& t = plan.sections[at->first].tasks[at->second];
      c.value = "";
      c.before = t.text;
      c.after = "(bỏ khỏi chương trình)";
      if (apply) view.dropped_tasks.emplace(std::string(*id), from);
      record(c.locator, t.text);
      return {};
    }
  }
  return no_place();
}

core::Result<CorrectionView> Programs::CorrectProgram(const Principal& by, ProgramId id,
                                                      const CorrectionInput& in) {
  // A draft is invisible to those who may not manage programs: 404 first, as for publishing.
  WP_ASSIGN_OR_RETURN(auto view, cache_.Get(by, id));
  if (!domain::Can(by, domain::Permission::kManagePrograms)) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Tài khoản của bạn không có quyền thực hiện thao tác này");
  }
  if (view->record.status == ProgramStatus::kPublished) {
    return tl::unexpected(store::ProgramAlreadyPublished(id));
  }
  store::ProgramCorrection k;
  k.program_id = id;
  k.locator = in.locator;
  k.field = in.field;
  k.value = in.value;
  k.reason = Trim(in.reason);
  ProgramView scratch = *view;
  WP_RETURN_IF_ERROR(Correct(org_, scratch, k, false));
  if (k.before == k.after) {
    return tl::unexpected(Invalid("value", "giá trị mới trùng với giá trị hiện có"));
  }
  k.at = time_.NowIso();
  if (by.user_id) k.by = by.user_id;
  k.by_name = by.username;
  // The stored program is not changed by a correction: its fingerprint (audit verify) stays.
  WP_ASSIGN_OR_RETURN(auto stored, store_.GetProgram(id));
  auto event = Event(time_, by, "program.correct", "program", std::to_string(id));
  event.before = core::JsonObjectText()
                     .Add("locator", k.locator)
                     .Add("field", k.field)
                     .Add("value", k.before)
                     .Finish();
  event.after = core::JsonObjectText()
                    .Add("locator", k.locator)
                    .Add("field", k.field)
                    .Add("value", k.after)
                    .Add("reason", k.reason)
                    .Add("fingerprint", ProgramFingerprint(stored))
                    .Finish();
  WP_ASSIGN_OR_RETURN(k.id, store_.AddCorrection(k, event));
  return ViewOf(std::move(k));
}

core::Result<std::vector<CorrectionView>> Programs::ListCorrections(const Principal& by,
                                                                    ProgramId id) {
  WP_RETURN_IF_ERROR(cache_.Get(by, id));
  WP_ASSIGN_OR_RETURN(auto corrections, store_.ListCorrections(id));
  return ViewsOf(std::move(corrections));
}

}  // namespace wp::service
