// Corrections of a draft: what the parser read wrongly (a target's value, unit, comparator or
// indicator; a deadline's date; a section's lead unit), corrected by a planner before
// publishing. The parsed plan is kept as it was read; the corrections are kept beside it, in
// order, each audited, and applied over it whenever the program is read (ProgramCache::Load), so
// the published program is the corrected one and the parser's reading stays traceable.

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "core/json_text.hpp"
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
      } else {
        return tl::unexpected(
            Invalid("field", "chỉ tiêu sửa được value, unit, comparator, indicator hoặc baseline"));
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
