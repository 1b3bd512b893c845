#include "domain/org.hpp"

#include <algorithm>
#include <array>
#include <cassert>

#include "core/enum_names.hpp"

namespace wp::domain {

namespace {
constexpr std::array kOrgKindNames{"ministry", "department", "province", "district", "commune"};
constexpr std::array kResolutionNames{"unit", "group", "approximate", "generic", "unresolved"};
}  // namespace

const char* OrgKindName(OrgKind k) { return core::NameIn(kOrgKindNames, k); }

std::optional<OrgKind> ParseOrgKind(std::string_view s) {
  return core::ValueIn<OrgKind>(kOrgKindNames, s);
}

const char* NameResolutionName(NameResolution r) { return core::NameIn(kResolutionNames, r); }

std::optional<NameResolution> ParseNameResolution(std::string_view s) {
  return core::ValueIn<NameResolution>(kResolutionNames, s);
}

OrgRegistry::OrgRegistry(std::vector<OrgUnit> units) : units_(std::move(units)) {
  std::sort(units_.begin(), units_.end(),
            [](const OrgUnit& a, const OrgUnit& b) { return a.id < b.id; });
  for (size_t i = 1; i < units_.size(); ++i)
    assert(units_[i - 1].id != units_[i].id && "duplicate org unit id");
}

const OrgUnit* OrgRegistry::Find(OrgUnitId id) const {
  auto it = std::lower_bound(units_.begin(), units_.end(), id,
                             [](const OrgUnit& u, OrgUnitId v) { return u.id < v; });
  return it != units_.end() && it->id == id ? &*it : nullptr;
}

const OrgUnit* OrgRegistry::FindByCode(std::string_view code, const core::CivilDate& at) const {
  for (const OrgUnit& u : units_) {
    if (u.code == code && u.ValidOn(at)) return &u;
  }
  return nullptr;
}

std::vector<const OrgUnit*> OrgRegistry::UnitsAt(const core::CivilDate& at,
                                                 std::optional<OrgKind> kind) const {
  std::vector<const OrgUnit*> out;
  for (const OrgUnit& u : units_) {
    if (u.ValidOn(at) && (!kind || u.kind == *kind)) out.push_back(&u);
  }
  std::sort(out.begin(), out.end(), [](const OrgUnit* a, const OrgUnit* b) {
    return a->code != b->code ? a->code < b->code : a->id < b->id;
  });
  return out;
}

std::vector<OrgUnitId> OrgRegistry::BecameBy(OrgUnitId id, const core::CivilDate& at) const {
  std::vector<OrgUnitId> out;
  std::vector<OrgUnitId> frontier{id};
  // Successions form a DAG forward in time; a bound on the walk guards against bad data.
  for (size_t steps = 0; !frontier.empty() && steps < 64; ++steps) {
    std::vector<OrgUnitId> next;
    for (OrgUnitId cur : frontier) {
      const OrgUnit* u = Find(cur);
      if (!u) continue;
      if (u->valid_from && at < *u->valid_from) continue;
      if (u->ValidOn(at)) {
        if (std::find(out.begin(), out.end(), cur) == out.end()) out.push_back(cur);
        continue;
      }
      for (OrgUnitId s : u->successors) next.push_back(s);
    }
    frontier = std::move(next);
  }
  return out;
}

bool OrgRegistry::IsWithin(OrgUnitId id, OrgUnitId ancestor, const core::CivilDate& at) const {
  for (size_t steps = 0; steps < 32; ++steps) {
    if (id == ancestor) return true;
    const OrgUnit* u = Find(id);
    if (!u || !u->parent || !u->ValidOn(at)) return false;
    id = *u->parent;
  }
  return false;
}

}  // namespace wp::domain
