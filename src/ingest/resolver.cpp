#include "ingest/resolver.hpp"

#include <algorithm>

#include "ingest/units.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {

size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  std::vector<char32_t> x, y;
  for (size_t p = 0; p < a.size();) x.push_back(text::NextCodePoint(a, p));
  for (size_t p = 0; p < b.size();) y.push_back(text::NextCodePoint(b, p));
  if ((x.size() > y.size() ? x.size() - y.size() : y.size() - x.size()) > limit) return limit + 1;
  std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= y.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

UnitResolver::UnitResolver(const domain::OrgRegistry& registry) : registry_(registry) {
  for (const auto& u : registry.units()) {
    entries_.push_back({text::FoldKey(u.name), u.id});
    for (const auto& a : u.aliases) entries_.push_back({text::FoldKey(a), u.id});
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.key < b.key; });
}

std::string UnitResolver::UnitName(domain::OrgUnitId id) const {
  const domain::OrgUnit* u = registry_.Find(id);
  return u ? u->name : std::string();
}

namespace {

bool StartsWith(const std::string& key, std::string_view prefix) {
  return key.starts_with(text::FoldKey(prefix));
}

}  // namespace

ResolvedName UnitResolver::ResolveCode(std::string_view code, const core::CivilDate& at) const {
  ResolvedName r;
  r.written = std::string(code);
  if (const domain::OrgUnit* u = registry_.FindByCode(code, at)) {
    r.units.push_back(u->id);
    r.resolution = Resolution::kUnit;
  }
  return r;
}

ResolvedName UnitResolver::Resolve(std::string_view written, const core::CivilDate& at) const {
  ResolvedName r;
  r.written = std::string(written);
  std::string key = text::FoldKey(StripQualifier(StripTitle(written)));
  if (key.empty()) return r;
  auto all_of = [&](domain::OrgKind kind) {
    for (const auto* u : registry_.UnitsAt(at, kind)) r.units.push_back(u->id);
    r.resolution = Resolution::kGroup;
    return r;
  };
  // Group phrases.
  const bool provincial_department = StartsWith(key, "sở lao động - thương binh và xã hội") ||
                                     StartsWith(key, "các sở lao động - thương binh và xã hội") ||
                                     StartsWith(key, "sở lđtbxh") ||
                                     StartsWith(key, "các sở lđtbxh");
  if (provincial_department &&
      (key.find(text::FoldKey("các tỉnh")) != std::string::npos || StartsWith(key, "các sở") ||
       key == text::FoldKey("Sở Lao động - Thương binh và Xã hội") ||
       key == text::FoldKey("Sở LĐTBXH"))) {
    return all_of(domain::OrgKind::kProvince);
  }
  // The levels below the province: the district offices (Phòng Lao động – Thương binh và Xã
  // hội, until the district level ended on 1/7/2025) and the communes' people's committees.
  if ((StartsWith(key, "phòng lao động - thương binh và xã hội") ||
       StartsWith(key, "các phòng lao động - thương binh và xã hội") ||
       StartsWith(key, "phòng lđtbxh") || StartsWith(key, "các phòng lđtbxh")) &&
      key.find(text::FoldKey("các quận, huyện")) != std::string::npos) {
    return all_of(domain::OrgKind::kDistrict);
  }
  for (std::string_view phrase : {"ủy ban nhân dân các xã, phường, thị trấn",
                                  "ubnd các xã, phường, thị trấn", "ủy ban nhân dân cấp xã"}) {
    if (key == text::FoldKey(phrase)) return all_of(domain::OrgKind::kCommune);
  }
  for (std::string_view phrase :
       {"các đơn vị thuộc và trực thuộc bộ", "các đơn vị thuộc bộ", "các đơn vị thuộc cơ quan bộ",
        "các vụ, cục", "các đơn vị trực thuộc bộ"}) {
    if (key == text::FoldKey(phrase)) return all_of(domain::OrgKind::kDepartment);
  }
  // A name or alias of a unit valid that day (or, failing that, of any day).
  auto range = std::equal_range(entries_.begin(), entries_.end(), Entry{key, 0},
                                [](const Entry& a, const Entry& b) { return a.key < b.key; });
  for (auto it = range.first; it != range.second; ++it) {
    const domain::OrgUnit* u = registry_.Find(it->id);
    if (u && u->ValidOn(at) && std::find(r.units.begin(), r.units.end(), u->id) == r.units.end())
      r.units.push_back(u->id);
  }
  if (!r.units.empty()) {
    r.resolution = Resolution::kUnit;
    return r;
  }
  if (StartsWith(key, "các ") || StartsWith(key, "cơ quan") || StartsWith(key, "đơn vị")) {
    r.resolution = Resolution::kGeneric;
    return r;
  }
  // A small typo: the one closest name of a unit valid that day.
  size_t limit = text::CountCodePoints(key) <= 12 ? 1 : 2;
  size_t best = limit + 1;
  std::vector<domain::OrgUnitId> best_units;
  for (const Entry& e : entries_) {
    const domain::OrgUnit* u = registry_.Find(e.id);
    if (!u || !u->ValidOn(at)) continue;
    size_t d = EditDistance(key, e.key, limit);
    if (d < best) {
      best = d;
      best_units = {e.id};
    } else if (d == best && d <= limit &&
               std::find(best_units.begin(), best_units.end(), e.id) == best_units.end()) {
      best_units.push_back(e.id);
    }
  }
  if (best <= limit && best_units.size() == 1) {
    r.resolution = Resolution::kApproximate;
    r.units = best_units;
  }
  return r;
}

size_t ResolvePlanUnits(domain::PlanDraft& plan, const UnitResolver& resolver) {
  core::CivilDate at =
      plan.document.issued_date.value_or(core::CivilDate{plan.document.year.value_or(2000), 1, 1});
  size_t unresolved = 0;
  std::vector<core::Diagnostic> notes;
  auto resolve_all = [&](const std::vector<std::string>& names,
                         std::vector<domain::ResolvedUnitName>& out, const std::string& where,
                         const core::SourceSpan& span) {
    out.clear();
    for (const auto& name : names) {
      out.push_back(resolver.Resolve(name, at));
      const auto& r = out.back();
      if (r.resolution == Resolution::kUnresolved) {
        ++unresolved;
        notes.push_back(
            {core::Severity::kWarning, "unit_unresolved",
             "Không nhận ra đơn vị \"" + name + "\" (mục " + where + "); giữ nguyên như văn bản",
             span});
      } else if (r.resolution == Resolution::kApproximate) {
        notes.push_back({core::Severity::kInfo, "unit_approximate",
                         "Đơn vị \"" + name + "\" (mục " + where + ") được hiểu là \"" +
                             resolver.UnitName(r.units.front()) + "\"",
                         span});
      }
    }
  };
  for (auto& s : plan.sections) {
    resolve_all(s.lead_units, s.resolved_leads, s.number, s.span);
    resolve_all(s.coordinating_units, s.resolved_coordinators, s.number, s.span);
    for (auto& t : s.tasks) {
      if (t.leads_inherited) {
        t.resolved_leads = s.resolved_leads;
      } else {
        resolve_all(t.lead_units, t.resolved_leads, s.number, t.span);
      }
      resolve_all(t.coordinating_units, t.resolved_coordinators, s.number, t.span);
    }
  }
  // Proposed reporters: like leads; a catalogue's consolidator is a unit code.
  for (auto& t : plan.targets) {
    auto resolve = [&](domain::ReporterProposal& p) {
      if (p.written.empty() || p.group) return;
      ResolvedName r = resolver.Resolve(p.written, at);
      if (r.resolution == Resolution::kUnresolved) r = resolver.ResolveCode(p.written, at);
      if (r.resolution == Resolution::kUnresolved) {
        ++unresolved;
        notes.push_back({core::Severity::kWarning, "unit_unresolved",
                         "Không nhận ra đơn vị báo cáo \"" + p.written + "\" (chỉ tiêu mục " +
                             t.section + "); giữ nguyên như văn bản",
                         t.span});
      }
      p.units = r.units;
    };
    for (auto& p : t.reporters.reporters) resolve(p);
    if (t.reporters.consolidator) resolve(*t.reporters.consolidator);
  }
  // One note per distinct name and code is enough.
  std::vector<core::Diagnostic> unique;
  for (auto& n : notes) {
    bool seen = std::any_of(unique.begin(), unique.end(), [&](const core::Diagnostic& u) {
      return u.code == n.code && u.message == n.message;
    });
    if (!seen) unique.push_back(std::move(n));
  }
  for (auto& n : unique) plan.diagnostics.push_back(std::move(n));
  std::stable_sort(plan.diagnostics.begin(), plan.diagnostics.end(),
                   [](const core::Diagnostic& a, const core::Diagnostic& b) {
                     return a.span.offset < b.span.offset;
                   });
  return unresolved;
}

}  // namespace wp::ingest
