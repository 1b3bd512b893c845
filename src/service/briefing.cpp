#include "service/briefing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "service/consolidation.hpp"
#include "service/organisation.hpp"
#include "service/phrases.hpp"
#include "service/responsibilities.hpp"

namespace wp::service {
namespace {

// The first `n` dot-separated parts of a section number: ("II.2.1", 2) → "II.2".
std::string Prefix(std::string_view section, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    pos = section.find('.', pos);
    if (pos == std::string_view::npos) return std::string(section);
    if (i + 1 < n) ++pos;
  }
  return std::string(section.substr(0, pos));
}

// The part a section is written in: "I.1" → "I", "III" → "III".
std::string PartOf(std::string_view section) { return Prefix(section, 1); }

// The place of a task in its section, from its id ("II.2.1#3" → 2); nullopt if malformed.
std::optional<size_t> TaskIndex(std::string_view id) {
  auto hash = id.rfind('#');
  if (hash == std::string_view::npos || hash + 1 >= id.size()) return std::nullopt;
  size_t n = 0;
  for (char c : id.substr(hash + 1)) {
    if (c < '0' || c > '9' || n > 100000) return std::nullopt;
    n = n * 10 + size_t(c - '0');
  }
  if (n == 0) return std::nullopt;
  return n - 1;
}

bool Measured(TargetState s) {
  return s == TargetState::kOnTrack || s == TargetState::kAtRisk || s == TargetState::kOffTrack ||
         s == TargetState::kIncomplete;
}

// What a target lacks against the pace, or nullopt when it lacks nothing (or is not measured).
std::optional<BriefingShortfall> ShortfallOf(const TargetMeasure& tm) {
  const auto& m = tm.measure;
  if (!Measured(tm.state) || !m.achievement || !std::isfinite(*m.achievement)) return std::nullopt;
  BriefingShortfall s;
  s.target = tm.target;
  s.achievement = m.achievement;
  s.state = tm.state;
  if (m.expected && std::isfinite(*m.expected) && m.target && *m.target > 0) {
    // The share of the year's plan due by now (the engine's `expected` is in the target's unit).
    s.expected = *m.expected / *m.target;
    s.gap = *s.expected - *m.achievement;
    s.text = "đạt " + FormatRatio(*m.achievement) + " kế hoạch năm; theo tiến độ cần đạt " +
             FormatRatio(*s.expected) + " (thiếu " + FormatRatio(s.gap) + " kế hoạch năm)";
  } else if (m.projected_achievement && std::isfinite(*m.projected_achievement)) {
    s.gap = 1 - *m.projected_achievement;
    s.text = "đạt " + FormatRatio(*m.achievement) + " mục tiêu; dự báo cả năm đạt " +
             FormatRatio(*m.projected_achievement);
  } else {
    s.gap = 1 - *m.achievement;
    s.text = "đạt " + FormatRatio(*m.achievement) + " mục tiêu";
  }
  // Less than what the dashboard shows as 0,1 point is no shortfall.
  if (!(s.gap >= 0.0005)) return std::nullopt;
  if (tm.state == TargetState::kIncomplete && tm.coverage) {
    s.text += " (theo " + tm.coverage->text + ")";
  }
  return s;
}

}  // namespace

// An area led by more units than this is everyone's, not a target owner's.
constexpr size_t kSpecificLeads = 10;

std::vector<AreaOutline> OutlineAreas(const ProgramView& program, const DashboardView& dashboard,
                                      const std::map<int64_t, domain::OrgUnitId>& owners,
                                      const domain::OrgRegistry* registry) {
  const auto& plan = program.record.plan;
  std::vector<AreaOutline> areas;
  std::map<std::string, size_t> index;
  for (const auto& s : plan.sections) {
    if (s.number.substr(0, 3) != "II." || AreaOfSection(s.number) != s.number) continue;
    if (index.count(s.number)) continue;
    index[s.number] = areas.size();
    areas.push_back({s.number, s.title, &s, {}, false, {}});
  }
  // Each area's leads: those its item names, and those of its subsections ("2.1. Cục Việc làm
  // chủ trì …"), each once.
  for (const auto& s : plan.sections) {
    auto it = index.find(AreaOfSection(s.number));
    if (it == index.end()) continue;
    auto& area = areas[it->second];
    for (const auto& r : s.resolved_leads) {
      for (auto u : r.units) {
        const auto* unit = registry ? registry->Find(u) : nullptr;
        if (unit && unit->kind == domain::OrgKind::kProvince) {
          area.provinces_lead = true;
        } else if (std::find(area.leads.begin(), area.leads.end(), u) == area.leads.end()) {
          area.leads.push_back(u);
        }
      }
    }
  }
  auto area_for = [&](const std::string& key) -> AreaOutline& {
    auto it = index.find(key);
    if (it != index.end()) return areas[it->second];
    index[key] = areas.size();
    areas.push_back({key, "", nullptr, {}, false, {}});
    return areas.back();
  };
  // Where each target goes; the section-I targets no area restates wait for their siblings.
  std::vector<std::pair<const TargetMeasure*, std::string>> placed;
  std::vector<const TargetMeasure*> waiting;
  std::map<std::string, std::map<std::string, size_t>> siblings;  // I.x → area → targets
  for (const auto& tm : dashboard.targets) {
    const auto& own = tm.target->target.section;
    std::string area = AreaOfSection(own);
    for (const auto& m : tm.target->mentions) {
      if (!area.empty()) break;
      area = AreaOfSection(m.section);
    }
    if (auto owner = owners.find(tm.target->id); area.empty() && owner != owners.end()) {
      // The area its owner leads with the fewest others (an item every unit leads, "các đơn vị
      // thuộc Bộ …", says nothing of whose the target is), the first of those.
      size_t fewest = kSpecificLeads + 1;
      for (const auto& a : areas) {
        const auto& leads = a.leads;
        if (std::find(leads.begin(), leads.end(), owner->second) != leads.end() &&
            leads.size() < fewest) {
          fewest = leads.size();
          area = a.section;
        }
      }
    }
    if (area.empty()) {
      waiting.push_back(&tm);
      placed.push_back({&tm, ""});
      continue;
    }
    if (AreaOfSection(own).empty()) ++siblings[own][area];
    placed.push_back({&tm, area});
  }
  bool part_one = false;
  for (auto& [tm, area] : placed) {
    if (!area.empty()) continue;
    auto it = siblings.find(tm->target->target.section);
    if (it != siblings.end()) {
      size_t best = 0, best_pos = areas.size();
      for (const auto& [a, n] : it->second) {
        // The first area of the most siblings (areas in program order).
        const size_t pos = index.at(a);
        if (n > best || (n == best && pos < best_pos)) {
          best = n;
          best_pos = pos;
          area = a;
        }
      }
    }
    if (area.empty()) {
      area = PartOf(tm->target->target.section);
      part_one = true;
    }
  }
  if (part_one) {
    // The area of the targets no item of part II names comes first, under its part's title.
    for (const auto& [tm, area] : placed) {
      if (index.count(area)) continue;
      const domain::Section* part = nullptr;
      for (const auto& s : plan.sections) {
        if (s.number == area) {
          part = &s;
          break;
        }
      }
      index[area] = 0;
      for (auto& [k, i] : index) {
        if (k != area) ++i;
      }
      areas.insert(areas.begin(), {area, part ? part->title : "", part, {}, false, {}});
    }
  }
  for (auto& [tm, area] : placed) area_for(area).targets.push_back(tm);
  return areas;
}

std::map<std::string, int64_t> MainTargets(const std::vector<AreaOutline>& areas) {
  std::map<std::string, int64_t> out;
  for (const auto& a : areas) {
    for (const auto* tm : a.targets) {
      if (tm->coverage && tm->coverage->provinces && tm->measure.achievement &&
          Measured(tm->state)) {
        out[a.section] = tm->target->id;
        break;
      }
    }
  }
  return out;
}

BriefingView BuildBriefing(const BriefingInput& in) {
  BriefingView v;
  v.program = in.program;
  v.dashboard = in.dashboard;
  const auto& plan = in.program->record.plan;
  const auto outline = OutlineAreas(*in.program, v.dashboard, in.owners, in.registry);
  const auto mains = MainTargets(outline);
  std::map<std::string, size_t> index;
  for (const auto& a : outline) {
    BriefingArea area;
    area.section = a.section;
    area.title = a.title;
    area.leads = a.leads;
    area.provinces_lead = a.provinces_lead;
    for (const auto* tm : a.targets) {
      area.targets.push_back({tm->target, tm->measure, tm->state, tm->coverage});
      if (auto s = ShortfallOf(*tm)) area.shortfalls.push_back(std::move(*s));
    }
    std::stable_sort(area.shortfalls.begin(), area.shortfalls.end(),
                     [](const auto& x, const auto& y) { return x.gap > y.gap; });
    if (area.shortfalls.size() > kBriefingShortfalls) area.shortfalls.resize(kBriefingShortfalls);
    if (auto m = mains.find(a.section); m != mains.end()) {
      area.main_target = m->second;
      if (auto r = in.rankings.find(m->second); r != in.rankings.end()) {
        for (const auto& row : r->second) {
          const auto& by = row.pace ? row.pace : row.achievement;
          if (!by || !std::isfinite(*by) || !(*by < 1)) continue;
          area.lagging.push_back(
              {m->second, row.node, row.achievement, row.pace, row.current, row.target});
        }
        std::stable_sort(
            area.lagging.begin(), area.lagging.end(), [](const auto& x, const auto& y) {
              return *(x.pace ? x.pace : x.achievement) < *(y.pace ? y.pace : y.achievement);
            });
        if (area.lagging.size() > kBriefingLagging) area.lagging.resize(kBriefingLagging);
      }
    }
    index[area.section] = v.areas.size();
    v.areas.push_back(std::move(area));
  }
  // The overdue tasks by the area of their section; those of another part (III. Tổ chức thực
  // hiện) under an area of that part, after part II's.
  const long today = core::DaysFromCivil(v.dashboard.at);
  std::map<std::string, std::vector<BriefingOverdue>> overdue;
  for (const auto& o : in.overdue) {
    if (!o.section || !o.deadline || !o.deadline->due) continue;
    std::string key = AreaOfSection(o.section->number);
    if (key.empty()) key = PartOf(o.section->number);
    if (!index.count(key)) {
      const domain::Section* part = nullptr;
      for (const auto& s : plan.sections) {
        if (s.number == key) {
          part = &s;
          break;
        }
      }
      BriefingArea area;
      area.section = key;
      area.title = part ? part->title : "";
      index[key] = v.areas.size();
      v.areas.push_back(std::move(area));
    }
    BriefingOverdue b;
    b.task_id = o.task_id;
    if (auto i = TaskIndex(o.task_id); i && *i < o.section->tasks.size()) {
      b.what = o.section->tasks[*i].text;
    }
    if (b.what.empty()) b.what = o.section->title;
    b.section = o.section->number;
    b.lead = o.unit;
    b.deadline = *o.deadline->due;
    b.deadline_text = o.deadline->raw;
    b.days_overdue = today - core::DaysFromCivil(*o.deadline->due);
    b.status = o.status;
    overdue[key].push_back(std::move(b));
  }
  for (auto& [key, list] : overdue) {
    auto& area = v.areas[index[key]];
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& x, const auto& y) { return x.days_overdue > y.days_overdue; });
    area.overdue_total = list.size();
    if (list.size() > kBriefingOverdue) list.resize(kBriefingOverdue);
    area.overdue = std::move(list);
  }
  return v;
}

Briefings::Briefings(Figures& figures, Programs& programs, Responsibilities& responsibilities,
                     const Organisation& org)
    : figures_(figures), programs_(programs), responsibilities_(responsibilities), org_(org) {}

core::Result<BriefingView> Briefings::Build(const domain::Principal& by, ProgramId program,
                                            std::optional<core::CivilDate> at,
                                            std::optional<domain::OrgUnitId> unit) {
  BriefingInput in;
  in.registry = &org_.registry();
  WP_ASSIGN_OR_RETURN(in.dashboard, figures_.Dashboard(by, program, at, domain::OrgKind::kProvince,
                                                       std::nullopt, unit));
  WP_ASSIGN_OR_RETURN(in.program, programs_.GetProgram(by, program));
  const core::CivilDate day = in.dashboard.at;
  WP_ASSIGN_OR_RETURN(auto overdue, figures_.OverdueTasks(by, program, day));
  for (auto& o : overdue) {
    // At a unit, the tasks it or a unit within it leads (as the dashboard counts them).
    if (unit && o.unit != *unit && !org_.registry().IsWithin(o.unit, *unit, day)) continue;
    in.overdue.push_back(std::move(o));
  }
  WP_ASSIGN_OR_RETURN(auto matrix, responsibilities_.Matrix(by, program, day));
  for (const auto& row : matrix.rows) {
    if (row.consolidator) {
      in.owners[row.target_id] = *row.consolidator;
      continue;
    }
    // One named unit reporting it (not a whole class: provinces, every department).
    std::vector<std::string> named;
    for (const auto& r : row.reporters) {
      if (r.key.rfind("unit:", 0) == 0) named.push_back(r.key.substr(5));
    }
    if (named.size() != 1) continue;
    int64_t id = 0;
    auto [end, ec] = std::from_chars(named[0].data(), named[0].data() + named[0].size(), id);
    if (ec == std::errc() && end == named[0].data() + named[0].size())
      in.owners[row.target_id] = id;
  }
  for (const auto& [area, target] :
       MainTargets(OutlineAreas(*in.program, in.dashboard, in.owners, in.registry))) {
    if (in.rankings.count(target)) continue;
    WP_ASSIGN_OR_RETURN(
        auto ranking, figures_.Ranking(by, program, day, domain::OrgKind::kProvince, target, unit));
    in.rankings[target] = std::move(ranking);
  }
  return BuildBriefing(in);
}

}  // namespace wp::service
