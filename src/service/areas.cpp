#include "service/areas.hpp"

#include <algorithm>
#include <charconv>

namespace wp::service {
namespace {

// An area led by more units than this is everyone's, not a target owner's.
constexpr size_t kSpecificLeads = 10;

}  // namespace

std::string AreaOfSection(std::string_view number) {
  if (number.rfind("II.", 0) != 0) return "";
  size_t end = number.find('.', 3);
  std::string_view area = number.substr(0, end);
  // "II.11.2~2" names a repeated section: its area is "II.11".
  if (auto tilde = area.find('~'); tilde != std::string_view::npos) area = area.substr(0, tilde);
  if (area.size() <= 3) return "";
  return std::string(area);
}

std::vector<ProgramArea> ProgramAreas(const domain::PlanDraft& plan,
                                      const domain::OrgRegistry* registry) {
  std::vector<ProgramArea> areas;
  std::map<std::string, size_t> index;
  for (const auto& s : plan.sections) {
    if (AreaOfSection(s.number) != s.number || index.count(s.number)) continue;
    index[s.number] = areas.size();
    areas.push_back({s.number, s.title, &s, {}, false});
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
  return areas;
}

std::map<domain::OrgUnitId, std::string> UnitAreas(const std::vector<ProgramArea>& areas) {
  std::map<domain::OrgUnitId, std::pair<size_t, std::string>> best;  // unit → (leads, area)
  for (const auto& a : areas) {
    if (a.leads.size() > kSpecificLeads) continue;
    for (auto u : a.leads) {
      auto [it, added] = best.emplace(u, std::pair{a.leads.size(), a.section});
      if (!added && a.leads.size() < it->second.first) it->second = {a.leads.size(), a.section};
    }
  }
  std::map<domain::OrgUnitId, std::string> out;
  for (auto& [u, p] : best) out.emplace(u, std::move(p.second));
  return out;
}

std::map<int64_t, domain::OrgUnitId> TargetOwners(const MatrixView& matrix) {
  std::map<int64_t, domain::OrgUnitId> owners;
  for (const auto& row : matrix.rows) {
    if (row.consolidator) {
      owners[row.target_id] = *row.consolidator;
      continue;
    }
    std::vector<std::string> named;
    for (const auto& r : row.reporters) {
      if (r.key.rfind("unit:", 0) == 0) named.push_back(r.key.substr(5));
    }
    if (named.size() != 1) continue;
    int64_t id = 0;
    auto [end, ec] = std::from_chars(named[0].data(), named[0].data() + named[0].size(), id);
    if (ec == std::errc() && end == named[0].data() + named[0].size()) owners[row.target_id] = id;
  }
  return owners;
}

std::map<int64_t, std::string> PlaceTargets(const ProgramView& program,
                                            const std::vector<ProgramArea>& areas,
                                            const std::map<int64_t, domain::OrgUnitId>& owners) {
  std::map<std::string, size_t> index;  // area → its place in program order
  for (size_t i = 0; i < areas.size(); ++i) index.emplace(areas[i].section, i);
  auto known = [&](const std::string& a) { return !a.empty() && index.count(a) > 0; };
  std::map<int64_t, std::string> placed;
  std::vector<const TargetView*> waiting;
  std::map<std::string, std::map<std::string, size_t>> siblings;  // I.x → area → targets
  for (const auto& tv : program.targets) {
    const std::string& own = tv.target.section;
    // Stated in part II, else its first mention there (mentions hold its own clause first).
    std::string area = AreaOfSection(own);
    for (const auto& m : tv.mentions) {
      if (!area.empty()) break;
      area = AreaOfSection(m.section);
    }
    // The area the binder read its reporters from.
    if (area.empty() && tv.target.reporters.rule.rfind("area:", 0) == 0) {
      area = AreaOfSection(std::string_view(tv.target.reporters.rule).substr(5));
    }
    if (auto owner = owners.find(tv.id); area.empty() && owner != owners.end()) {
      // The area its owner leads with the fewest others (an item every unit leads, "các đơn vị
      // thuộc Bộ …", says nothing of whose the target is), the first of those.
      size_t fewest = kSpecificLeads + 1;
      for (const auto& a : areas) {
        if (std::find(a.leads.begin(), a.leads.end(), owner->second) != a.leads.end() &&
            a.leads.size() < fewest) {
          fewest = a.leads.size();
          area = a.section;
        }
      }
    }
    if (area.empty()) {
      waiting.push_back(&tv);
      continue;
    }
    if (AreaOfSection(own).empty() && known(area)) ++siblings[own][area];
    placed[tv.id] = area;
  }
  for (const TargetView* tv : waiting) {
    std::string area;
    auto it = siblings.find(tv->target.section);
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
    placed[tv->id] = area;
  }
  return placed;
}

}  // namespace wp::service
