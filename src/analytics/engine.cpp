#include "analytics/engine.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/enum_names.hpp"

namespace wp::analytics {
namespace {

using core::CivilDate;
using core::ErrorCode;
using domain::OrgUnit;
using domain::OrgUnitId;

// Cells of one unit-year: the year as a whole (0), then the twelve months.
constexpr int kCells = 13;
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr int kStoredKinds = 3;  // plan, estimate, actual
constexpr int kReads = 4;        // plan, estimate, actual, best

int StoredKind(domain::ValueKind k) {
  switch (k) {
    case domain::ValueKind::kPlan:
      return 0;
    case domain::ValueKind::kEstimate:
      return 1;
    case domain::ValueKind::kActual:
      return 2;
  }
  return 2;
}

bool Present(double x) { return !std::isnan(x); }

bool SumLike(Aggregation a) {
  return a == Aggregation::kSum || a == Aggregation::kMean || a == Aggregation::kLast;
}

// The cells of every unit-year holding a value, 13 doubles each (NaN: no value), in pages so
// that growing never copies what is stored and never doubles the memory held for a moment.
class ChunkPool {
 public:
  static constexpr uint32_t kPerPage = 8192;

  uint32_t Allocate() {
    if (count_ % kPerPage == 0) {
      auto page = std::make_unique<double[]>(size_t{kPerPage} * kCells);
      std::fill(page.get(), page.get() + size_t{kPerPage} * kCells, kMissing);
      pages_.push_back(std::move(page));
    }
    return ++count_;  // 0 means "none"
  }
  double* At(uint32_t id) const {
    --id;
    return pages_[id / kPerPage].get() + size_t{id % kPerPage} * kCells;
  }
  size_t bytes() const { return pages_.size() * size_t{kPerPage} * kCells * sizeof(double); }

 private:
  std::vector<std::unique_ptr<double[]>> pages_;
  uint32_t count_ = 0;
};

// Items by year, allocated for the years that hold data.
template <typename T>
class ByYear {
 public:
  const T* Find(int year) const {
    if (items_.empty() || year < base_ || year >= base_ + static_cast<int>(items_.size()))
      return nullptr;
    return &items_[year - base_];
  }
  T* Find(int year) { return const_cast<T*>(std::as_const(*this).Find(year)); }
  T& Get(int year) {
    if (items_.empty()) {
      base_ = year;
      items_.resize(1);
    } else if (year < base_) {
      items_.insert(items_.begin(), base_ - year, T{});
      base_ = year;
    } else if (year >= base_ + static_cast<int>(items_.size())) {
      items_.resize(year - base_ + 1);
    }
    return items_[year - base_];
  }
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < items_.size(); ++i) f(base_ + static_cast<int>(i), items_[i]);
  }
  void Clear() { items_.clear(); }
  size_t size() const { return items_.size(); }

 private:
  int base_ = 0;
  std::vector<T> items_;
};

// Per year: the chunk of each unit slot (0: none).
using LeafColumn = ByYear<std::vector<uint32_t>>;

// Per year: the roll-up of each aggregated node, 13 cells each. `value` is the sum (sum, mean,
// last) or the extreme (min, max) of the cells below; `count` how many cells that is.
struct AggYear {
  std::vector<double> value;
  std::vector<uint32_t> count;
};
using AggColumn = ByYear<AggYear>;

struct VNode {
  int parent = -1;  // -1 for the root
  int slot = -1;    // the unit, -1 for the root
  bool outside = false;
  int depth = 0;
  int agg = -1;               // index of its roll-up, -1 when it reads its one unit's cells
  std::vector<int> children;  // nodes, in code order
  std::vector<int> direct;    // unit slots whose data goes here
  std::vector<OrgUnitId> related;
  std::string label;
};

struct Version {
  std::optional<CivilDate> from;  // nullopt: since the beginning
  CivilDate date;                 // a date inside it the view was computed for
  std::vector<VNode> nodes;       // 0 is the whole country
  std::vector<int> data_node;     // per slot: the node its data goes to
  std::vector<int> data_agg;      // per slot: the first aggregated node at or above data_node
  std::vector<int> own_node;      // per slot: the node that is the unit itself, -1 if none
  std::vector<int> agg_node;      // per roll-up: its node
  std::vector<int> bottom_up;     // roll-ups, deepest first
  std::vector<std::vector<int>> by_kind;            // per domain::OrgKind: its nodes in code order
  std::vector<std::array<AggColumn, kReads>> aggs;  // per indicator
};

std::string JoinNames(const domain::OrgRegistry& reg, const std::vector<OrgUnitId>& ids) {
  std::string out;
  for (OrgUnitId id : ids) {
    const OrgUnit* u = reg.Find(id);
    if (!out.empty()) out += ", ";
    out += u ? u->name : std::to_string(id);
  }
  return out;
}

}  // namespace

struct Engine::Impl {
  domain::OrgRegistry registry;
  std::vector<Indicator> indicators;
  std::unordered_map<IndicatorId, int> indicator_index;
  std::unordered_map<OrgUnitId, int> slot_of;
  std::vector<std::vector<int>> predecessors;  // per slot
  ChunkPool pool;
  std::vector<std::array<LeafColumn, kStoredKinds>> leaves;  // per indicator
  std::vector<Version> versions;
  // Per version: whether its roll-ups are up to date. Load writes cells only; a version's
  // roll-ups are rebuilt at its first read (or Prepare), under its own mutex, so that views of
  // dates nobody reads cost nothing (a 2025 dashboard reads one version of four).
  std::unique_ptr<std::atomic<bool>[]> built;
  std::unique_ptr<std::mutex[]> build_mu;
  size_t values = 0;

  int units() const { return static_cast<int>(registry.units().size()); }

  double Stored(int ind, int kind, int slot, int year, int cell) const {
    const auto* col = leaves[ind][kind].Find(year);
    if (!col || col->empty()) return kMissing;
    uint32_t chunk = (*col)[slot];
    return chunk ? pool.At(chunk)[cell] : kMissing;
  }
  double Leaf(int ind, Read r, int slot, int year, int cell) const {
    if (r == Read::kBest) {
      double a = Stored(ind, 2, slot, year, cell);
      return Present(a) ? a : Stored(ind, 1, slot, year, cell);
    }
    return Stored(ind, static_cast<int>(r), slot, year, cell);
  }

  // --- versions -------------------------------------------------------------------------

  void BuildVersions();
  void BuildVersion(Version& v);
  size_t VersionIndex(const CivilDate& d) const {
    // versions_[i] holds dates from versions_[i].from to the next one's.
    size_t i = versions.size() - 1;
    while (i > 0 && d < *versions[i].from) --i;
    return i;
  }
  // The version of `d`, its roll-ups built first if they are not. Reads run concurrently, and
  // writes never beside them (the class's contract): the build changes only this version's
  // roll-ups, under its mutex, so the const_cast is a cache being filled.
  const Version& VersionAt(const CivilDate& d) const {
    const size_t i = VersionIndex(d);
    const_cast<Impl*>(this)->EnsureBuilt(i);
    return versions[i];
  }
  void EnsureBuilt(size_t i) {
    if (built[i].load(std::memory_order_acquire)) return;
    std::lock_guard lock(build_mu[i]);
    if (built[i].load(std::memory_order_relaxed)) return;
    RebuildAll(versions[i]);
    built[i].store(true, std::memory_order_release);
  }

  // --- roll-ups -------------------------------------------------------------------------

  AggYear& AggFor(Version& v, int ind, int read, int year) {
    AggYear& ay = v.aggs[ind][read].Get(year);
    if (ay.value.empty()) {
      ay.value.assign(v.agg_node.size() * kCells, 0.0);
      ay.count.assign(v.agg_node.size() * kCells, 0);
    }
    return ay;
  }
  void Recompute(Version& v, int ind, Read r, AggYear& ay, const VNode& n, int year, int cell);
  void Apply(Version& v, int ind, Read r, int slot, int year, int cell, double old_v, double new_v);
  // Recomputes the roll-ups of indicators [first, last) of one version from the cells. Each
  // indicator's roll-ups are its own, so disjoint ranges may be rebuilt on different threads.
  void Rebuild(Version& v, size_t first, size_t last);
  // Every indicator of one version, on two threads (a third of a national load's work per
  // version).
  void RebuildAll(Version& v);
  // After cells were written without rolling up: every version is rebuilt at its next read.
  void Invalidate() {
    for (size_t i = 0; i < versions.size(); ++i) built[i].store(false, std::memory_order_release);
  }

  // --- writes ---------------------------------------------------------------------------

  struct Written {
    int ind, kind, slot;
    double old_v, new_v, old_best, new_best;
  };
  core::Result<Written> WriteLeaf(const Value& v);
  // The unit's slot and the indicator's index, or why the value is refused.
  core::Result<std::pair<int, int>> Check(const Value& v) const;
  // The cells of a unit-year, allocated when missing.
  double* CellFor(int ind, int kind, int slot, int year);
  // Writes cells without rolling up (Load rolls up once at the end).
  core::Status WriteBatch(std::span<const Value> batch, size_t& position);

  // --- reads ----------------------------------------------------------------------------

  Aggregate CellAt(const Version& v, int ind, Read r, const VNode& n, int year, int cell) const;
  Aggregate Combine(const Version& v, int ind, Read r, const VNode& n, const Window& w) const;
  Aggregate Figure(const Version& v, int ind, Read r, const VNode& n, const Window& w) const;
  core::Result<int> NodeIndex(const Version& v, std::optional<OrgUnitId> unit,
                              const CivilDate& at) const;
  NodeInfo Info(const Version& v, int node) const;
  core::Result<int> IndicatorIndex(IndicatorId id) const {
    auto it = indicator_index.find(id);
    if (it == indicator_index.end()) {
      return core::Fail(ErrorCode::kNotFound, "unknown_indicator",
                        "Không có chỉ tiêu mã " + std::to_string(id));
    }
    return it->second;
  }
};

// ---------------------------------------------------------------------------------------------
// Versions of the organisation

void Engine::Impl::BuildVersions() {
  std::vector<CivilDate> changes;
  for (const OrgUnit& u : registry.units()) {
    if (u.valid_from) changes.push_back(*u.valid_from);
    if (u.valid_to) changes.push_back(core::CivilFromDays(core::DaysFromCivil(*u.valid_to) + 1));
  }
  std::sort(changes.begin(), changes.end());
  changes.erase(std::unique(changes.begin(), changes.end()), changes.end());
  versions.clear();
  Version first;
  first.date = changes.empty() ? CivilDate{2000, 1, 1}
                               : core::CivilFromDays(core::DaysFromCivil(changes[0]) - 1);
  versions.push_back(std::move(first));
  for (const CivilDate& c : changes) {
    Version v;
    v.from = c;
    v.date = c;
    versions.push_back(std::move(v));
  }
  for (Version& v : versions) BuildVersion(v);
}

void Engine::Impl::BuildVersion(Version& v) {
  const CivilDate d = v.date;
  const auto& units_list = registry.units();
  const int n_units = units();
  v.nodes.assign(1, VNode{});
  v.nodes[0].label = "Toàn quốc";
  v.data_node.assign(n_units, 0);
  v.own_node.assign(n_units, -1);
  std::vector<int8_t> state(n_units, 0);  // 0 new, 1 being resolved, 2 done

  auto slot = [&](OrgUnitId id) {
    auto it = slot_of.find(id);
    return it == slot_of.end() ? -1 : it->second;
  };
  auto new_node = [&](int s, int parent, bool outside, std::vector<OrgUnitId> related) {
    VNode n;
    n.parent = parent;
    n.slot = s;
    n.outside = outside;
    n.depth = v.nodes[parent].depth + 1;
    n.related = std::move(related);
    v.nodes.push_back(std::move(n));
    int index = static_cast<int>(v.nodes.size()) - 1;
    v.own_node[s] = index;
    return index;
  };

  std::function<int(int)> resolve;
  auto parent_node = [&](const OrgUnit& u) {
    if (!u.parent) return 0;
    int s = slot(*u.parent);
    return s < 0 ? 0 : resolve(s);
  };
  // The lowest node containing the parents of the nodes the given units go to.
  auto common_parent = [&](const std::vector<OrgUnitId>& ids) {
    int lca = -1;
    for (OrgUnitId id : ids) {
      int s = slot(id);
      int n = s < 0 ? 0 : resolve(s);
      int p = std::max(v.nodes[n].parent, 0);
      if (lca < 0) {
        lca = p;
        continue;
      }
      int a = lca, b = p;
      while (v.nodes[a].depth > v.nodes[b].depth) a = v.nodes[a].parent;
      while (v.nodes[b].depth > v.nodes[a].depth) b = v.nodes[b].parent;
      while (a != b) {
        a = v.nodes[a].parent;
        b = v.nodes[b].parent;
      }
      lca = a;
    }
    return std::max(lca, 0);
  };
  // The units valid on d that `s` was formed from, following predecessors back in time.
  auto predecessors_at = [&](int s) {
    std::vector<OrgUnitId> out;
    std::vector<int> stack = predecessors[s], seen;
    while (!stack.empty()) {
      int p = stack.back();
      stack.pop_back();
      if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
      seen.push_back(p);
      const OrgUnit& pu = units_list[p];
      if (pu.ValidOn(d)) {
        out.push_back(pu.id);
      } else if (pu.valid_from && d < *pu.valid_from) {
        stack.insert(stack.end(), predecessors[p].begin(), predecessors[p].end());
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };

  resolve = [&](int s) -> int {
    if (state[s] == 2) return v.data_node[s];
    if (state[s] == 1) return 0;  // a cycle in bad data: the whole country
    state[s] = 1;
    const OrgUnit& u = units_list[s];
    int node = 0;
    if (u.ValidOn(d)) {
      node = new_node(s, parent_node(u), false, {});
    } else if (u.valid_to && *u.valid_to < d) {
      std::vector<OrgUnitId> became = registry.BecameBy(u.id, d);
      if (became.size() == 1 && slot(became[0]) >= 0) {
        node = resolve(slot(became[0]));
      } else {
        int parent = became.empty() ? parent_node(u) : common_parent(became);
        node = new_node(s, parent, true, became);
        std::string label = u.name + " (đến " + u.valid_to->ToVietnamese();
        if (!became.empty()) label += "; nay thuộc " + JoinNames(registry, became);
        v.nodes[node].label = label + ")";
      }
    } else {
      std::vector<OrgUnitId> preds = predecessors_at(s);
      bool continuation = false;
      if (preds.size() == 1 && u.valid_from) {
        std::vector<OrgUnitId> b = registry.BecameBy(preds[0], *u.valid_from);
        continuation = b.size() == 1 && b[0] == u.id;
      }
      if (continuation) {
        node = resolve(slot(preds[0]));
      } else {
        int parent = preds.empty() ? parent_node(u) : common_parent(preds);
        node = new_node(s, parent, true, preds);
        std::string label = u.name;
        if (u.valid_from) label += " (từ " + u.valid_from->ToVietnamese();
        if (!preds.empty()) label += "; gồm " + JoinNames(registry, preds);
        v.nodes[node].label = label + ")";
      }
    }
    v.data_node[s] = node;
    state[s] = 2;
    return node;
  };
  for (int s = 0; s < n_units; ++s) resolve(s);

  for (size_t i = 1; i < v.nodes.size(); ++i) {
    VNode& n = v.nodes[i];
    if (n.label.empty()) n.label = units_list[n.slot].name;
    v.nodes[n.parent].children.push_back(static_cast<int>(i));
  }
  for (int s = 0; s < n_units; ++s) v.nodes[v.data_node[s]].direct.push_back(s);
  auto code_order = [&](int a, int b) {
    const OrgUnit& ua = units_list[v.nodes[a].slot];
    const OrgUnit& ub = units_list[v.nodes[b].slot];
    if (ua.code != ub.code) return ua.code < ub.code;
    if (v.nodes[a].outside != v.nodes[b].outside) return !v.nodes[a].outside;
    return ua.id < ub.id;
  };
  for (VNode& n : v.nodes) std::sort(n.children.begin(), n.children.end(), code_order);

  v.agg_node.clear();
  for (size_t i = 0; i < v.nodes.size(); ++i) {
    VNode& n = v.nodes[i];
    bool reads_own_cells = i > 0 && n.children.empty() && n.direct.size() == 1;
    if (!reads_own_cells) {
      n.agg = static_cast<int>(v.agg_node.size());
      v.agg_node.push_back(static_cast<int>(i));
    }
  }
  v.data_agg.assign(n_units, 0);
  for (int s = 0; s < n_units; ++s) {
    int n = v.data_node[s];
    if (v.nodes[n].agg < 0) n = v.nodes[n].parent;
    v.data_agg[s] = n;
  }
  v.bottom_up.resize(v.agg_node.size());
  for (size_t a = 0; a < v.agg_node.size(); ++a) v.bottom_up[a] = static_cast<int>(a);
  std::stable_sort(v.bottom_up.begin(), v.bottom_up.end(), [&](int a, int b) {
    return v.nodes[v.agg_node[a]].depth > v.nodes[v.agg_node[b]].depth;
  });
  v.by_kind.assign(5, {});
  for (size_t i = 1; i < v.nodes.size(); ++i) {
    size_t kind = static_cast<size_t>(units_list[v.nodes[i].slot].kind);
    if (kind < v.by_kind.size()) v.by_kind[kind].push_back(static_cast<int>(i));
  }
  for (auto& list : v.by_kind) std::sort(list.begin(), list.end(), code_order);
  v.aggs.assign(indicators.size(), {});
}

// ---------------------------------------------------------------------------------------------
// Roll-ups

void Engine::Impl::Recompute(Version& v, int ind, Read r, AggYear& ay, const VNode& n, int year,
                             int cell) {
  const bool is_min = indicators[ind].aggregation == Aggregation::kMin;
  double best = 0;
  uint32_t count = 0;
  auto fold = [&](double x, uint32_t c) {
    if (c == 0) return;
    best = count == 0 ? x : (is_min ? std::min(best, x) : std::max(best, x));
    count += c;
  };
  for (int s : n.direct) {
    double x = Leaf(ind, r, s, year, cell);
    if (Present(x)) fold(x, 1);
  }
  for (int c : n.children) {
    const VNode& child = v.nodes[c];
    if (child.agg >= 0) {
      size_t i = size_t(child.agg) * kCells + cell;
      fold(ay.value[i], ay.count[i]);
    } else {
      double x = Leaf(ind, r, child.direct[0], year, cell);
      if (Present(x)) fold(x, 1);
    }
  }
  size_t i = size_t(n.agg) * kCells + cell;
  ay.value[i] = best;
  ay.count[i] = count;
}

void Engine::Impl::Apply(Version& v, int ind, Read r, int slot, int year, int cell, double old_v,
                         double new_v) {
  bool had = Present(old_v), has = Present(new_v);
  if (!had && !has) return;
  if (had && has && old_v == new_v) return;
  AggYear& ay = AggFor(v, ind, static_cast<int>(r), year);
  const bool sum_like = SumLike(indicators[ind].aggregation);
  for (int n = v.data_agg[slot]; n >= 0; n = v.nodes[n].parent) {
    const VNode& node = v.nodes[n];
    if (!sum_like) {
      Recompute(v, ind, r, ay, node, year, cell);
      continue;
    }
    size_t i = size_t(node.agg) * kCells + cell;
    ay.value[i] += (has ? new_v : 0.0) - (had ? old_v : 0.0);
    ay.count[i] = ay.count[i] + (has ? 1 : 0) - (had ? 1 : 0);
    if (ay.count[i] == 0) ay.value[i] = 0;  // no drift left behind by cleared cells
  }
}

void Engine::Impl::RebuildAll(Version& v) {
  const size_t half = indicators.size() / 2;
  std::thread other([&] { Rebuild(v, half, indicators.size()); });
  Rebuild(v, 0, half);
  other.join();
}

void Engine::Impl::Rebuild(Version& v, size_t first, size_t last) {
  const int n_units = units();
  for (size_t ind = first; ind < last; ++ind) {
    const Aggregation agg = indicators[ind].aggregation;
    if (agg == Aggregation::kRatio) continue;
    const bool sum_like = SumLike(agg), is_min = agg == Aggregation::kMin;
    auto fold = [&](AggYear& ay, size_t i, double x, uint32_t c) {
      if (c == 0) return;
      if (sum_like) {
        ay.value[i] += x;
      } else {
        ay.value[i] =
            ay.count[i] == 0 ? x : (is_min ? std::min(ay.value[i], x) : std::max(ay.value[i], x));
      }
      ay.count[i] += c;
    };
    for (auto& col : v.aggs[ind]) col.Clear();
    std::vector<int> years;
    for (const LeafColumn& kind : leaves[ind]) {
      kind.ForEach([&](int y, const std::vector<uint32_t>& col) {
        if (!col.empty()) years.push_back(y);
      });
    }
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    // One pass over the cells of a year feeds the four reads at once.
    for (int y : years) {
      const std::vector<uint32_t>* cols[kStoredKinds];
      for (int k = 0; k < kStoredKinds; ++k) {
        cols[k] = leaves[ind][k].Find(y);
        if (cols[k] && cols[k]->empty()) cols[k] = nullptr;
      }
      AggYear* ays[kReads] = {};
      for (int r = 0; r < kReads; ++r) {
        if (r < kStoredKinds ? cols[r] != nullptr : (cols[1] || cols[2]))
          ays[r] = &AggFor(v, static_cast<int>(ind), r, y);
      }
      for (int s = 0; s < n_units; ++s) {
        const double* c[kStoredKinds];
        bool any = false;
        for (int k = 0; k < kStoredKinds; ++k) {
          c[k] = cols[k] && (*cols[k])[s] ? pool.At((*cols[k])[s]) : nullptr;
          any = any || c[k];
        }
        if (!any) continue;
        const size_t base = size_t(v.nodes[v.data_agg[s]].agg) * kCells;
        for (int cell = 0; cell < kCells; ++cell) {
          for (int k = 0; k < kStoredKinds; ++k) {
            if (c[k] && Present(c[k][cell])) fold(*ays[k], base + cell, c[k][cell], 1);
          }
          double best = c[2] ? c[2][cell] : kMissing;
          if (!Present(best) && c[1]) best = c[1][cell];
          if (Present(best)) fold(*ays[3], base + cell, best, 1);
        }
      }
      for (AggYear* ay : ays) {
        if (!ay) continue;
        for (int a : v.bottom_up) {
          int parent = v.nodes[v.agg_node[a]].parent;
          if (parent < 0) continue;
          size_t from = size_t(a) * kCells, to = size_t(v.nodes[parent].agg) * kCells;
          for (int cell = 0; cell < kCells; ++cell)
            fold(*ay, to + cell, ay->value[from + cell], ay->count[from + cell]);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writes

core::Result<std::pair<int, int>> Engine::Impl::Check(const Value& val) const {
  auto it_unit = slot_of.find(val.unit);
  if (it_unit == slot_of.end()) {
    return core::Fail(ErrorCode::kNotFound, "unknown_unit",
                      "Không có đơn vị mã " + std::to_string(val.unit));
  }
  WP_ASSIGN_OR_RETURN(int ind, IndicatorIndex(val.indicator));
  if (indicators[ind].aggregation == Aggregation::kRatio) {
    return core::Fail(
        ErrorCode::kInvalidArgument, "bad_value",
        "Chỉ tiêu \"" + indicators[ind].name + "\" là một tỷ lệ: hãy nhập tử số và mẫu số của nó");
  }
  if (val.month < 0 || val.month > 12 || val.year < 1 || val.year > 9999) {
    return core::Fail(ErrorCode::kInvalidArgument, "bad_value",
                      "Kỳ số liệu không hợp lệ: tháng " + std::to_string(val.month) + " năm " +
                          std::to_string(val.year));
  }
  if (val.value && !std::isfinite(*val.value)) {
    return core::Fail(ErrorCode::kInvalidArgument, "bad_value", "Giá trị không phải là một số");
  }
  return std::pair<int, int>{it_unit->second, ind};
}

double* Engine::Impl::CellFor(int ind, int kind, int slot, int year) {
  auto& col = leaves[ind][kind].Get(year);
  if (col.empty()) col.assign(registry.units().size(), 0);
  if (col[slot] == 0) col[slot] = pool.Allocate();
  return pool.At(col[slot]);
}

core::Result<Engine::Impl::Written> Engine::Impl::WriteLeaf(const Value& val) {
  WP_ASSIGN_OR_RETURN(auto checked, Check(val));
  const int slot = checked.first, ind = checked.second;
  const int kind = StoredKind(val.kind), cell = val.month;
  Written w{ind, kind, slot, kMissing, kMissing, kMissing, kMissing};
  w.old_v = Stored(ind, kind, slot, val.year, cell);
  w.new_v = val.value ? *val.value : kMissing;
  if (kind != 0) w.old_best = w.new_best = Leaf(ind, Read::kBest, slot, val.year, cell);
  if (!Present(w.old_v) && !Present(w.new_v)) return w;  // clearing an empty cell
  CellFor(ind, kind, slot, val.year)[cell] = w.new_v;
  values = values + (Present(w.new_v) ? 1 : 0) - (Present(w.old_v) ? 1 : 0);
  if (kind != 0) w.new_best = Leaf(ind, Read::kBest, slot, val.year, cell);
  return w;
}

// ---------------------------------------------------------------------------------------------
// Reads

Aggregate Engine::Impl::CellAt(const Version& v, int ind, Read r, const VNode& n, int year,
                               int cell) const {
  if (n.agg < 0) {
    double x = Leaf(ind, r, n.direct[0], year, cell);
    return Present(x) ? Aggregate{x, 1} : Aggregate{};
  }
  const AggYear* ay = v.aggs[ind][static_cast<int>(r)].Find(year);
  if (!ay || ay->value.empty()) return {};
  size_t i = size_t(n.agg) * kCells + cell;
  if (ay->count[i] == 0) return {};
  return Aggregate{ay->value[i], ay->count[i]};
}

Aggregate Engine::Impl::Combine(const Version& v, int ind, Read r, const VNode& n,
                                const Window& w) const {
  const Aggregation agg = indicators[ind].aggregation;
  auto finish = [&](double value, uint32_t count) {
    if (count == 0) return Aggregate{};
    if (agg == Aggregation::kMean) value /= count;
    return Aggregate{value, count};
  };
  if (w.WholeYear()) {
    Aggregate year = CellAt(v, ind, r, n, w.year, 0);
    if (year.count > 0) return finish(*year.value, year.count);
  }
  double value = 0;
  uint32_t count = 0;
  for (int m = w.first_month; m <= w.last_month; ++m) {
    Aggregate c = CellAt(v, ind, r, n, w.year, m);
    if (c.count == 0) continue;
    switch (agg) {
      case Aggregation::kSum:
      case Aggregation::kMean:
        value += *c.value;
        count += c.count;
        break;
      case Aggregation::kLast:
        value = *c.value;
        count = c.count;
        break;
      case Aggregation::kMin:
        value = count == 0 ? *c.value : std::min(value, *c.value);
        count += c.count;
        break;
      case Aggregation::kMax:
        value = count == 0 ? *c.value : std::max(value, *c.value);
        count += c.count;
        break;
      case Aggregation::kRatio:
        break;
    }
  }
  return finish(value, count);
}

Aggregate Engine::Impl::Figure(const Version& v, int ind, Read r, const VNode& n,
                               const Window& w) const {
  const Indicator& indicator = indicators[ind];
  if (indicator.aggregation != Aggregation::kRatio) return Combine(v, ind, r, n, w);
  Aggregate num = Combine(v, indicator_index.at(*indicator.numerator), r, n, w);
  Aggregate den = Combine(v, indicator_index.at(*indicator.denominator), r, n, w);
  Aggregate out;
  out.count = den.count;
  if (num.value && den.value && *den.value != 0)
    out.value = *num.value / *den.value * indicator.ratio_scale;
  return out;
}

core::Result<int> Engine::Impl::NodeIndex(const Version& v, std::optional<OrgUnitId> unit,
                                          const CivilDate& at) const {
  if (!unit) return 0;
  auto it = slot_of.find(*unit);
  if (it == slot_of.end()) {
    return core::Fail(ErrorCode::kNotFound, "unknown_unit",
                      "Không có đơn vị mã " + std::to_string(*unit));
  }
  int own = v.own_node[it->second];
  if (own >= 0) return own;
  const VNode& into = v.nodes[v.data_node[it->second]];
  return core::Fail(ErrorCode::kNotFound, "unit_not_in_structure",
                    "Đơn vị \"" + registry.units()[it->second].name +
                        "\" không có trong cơ cấu tổ chức ngày " + at.ToVietnamese() +
                        "; số liệu của đơn vị thuộc \"" + into.label + "\"");
}

NodeInfo Engine::Impl::Info(const Version& v, int node) const {
  const VNode& n = v.nodes[node];
  NodeInfo info;
  info.label = n.label;
  if (n.slot < 0) {
    info.name = n.label;
    return info;
  }
  const OrgUnit& u = registry.units()[n.slot];
  info.unit = u.id;
  info.code = u.code;
  info.name = u.name;
  info.kind = u.kind;
  if (n.parent > 0) info.parent = registry.units()[v.nodes[n.parent].slot].id;
  info.outside_date = n.outside;
  info.related = n.related;
  return info;
}

// ---------------------------------------------------------------------------------------------
// Public surface

namespace {
constexpr std::array kAggregationNames{"sum", "mean", "ratio", "last", "min", "max"};
constexpr std::array kReadNames{"plan", "estimate", "actual", "best"};
}  // namespace

const char* AggregationName(Aggregation a) { return core::NameIn(kAggregationNames, a); }

std::optional<Aggregation> ParseAggregation(std::string_view s) {
  return core::ValueIn<Aggregation>(kAggregationNames, s);
}

const char* ReadName(Read r) { return core::NameIn(kReadNames, r); }

std::optional<Read> ParseRead(std::string_view s) { return core::ValueIn<Read>(kReadNames, s); }

std::string Window::Key() const {
  char buf[40];
  if (WholeYear()) {
    std::snprintf(buf, sizeof buf, "%04d-Y", year);
  } else if (first_month == last_month) {
    std::snprintf(buf, sizeof buf, "%04d-M%02d", year, first_month);
  } else if (first_month % 3 == 1 && last_month == first_month + 2) {
    std::snprintf(buf, sizeof buf, "%04d-Q%d", year, first_month / 3 + 1);
  } else if ((first_month == 1 && last_month == 6) || (first_month == 7 && last_month == 12)) {
    std::snprintf(buf, sizeof buf, "%04d-H%d", year, first_month == 1 ? 1 : 2);
  } else if (first_month == 1) {
    std::snprintf(buf, sizeof buf, "%04d-YTD%02d", year, last_month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-M%02d..M%02d", year, first_month, last_month);
  }
  return buf;
}

core::Result<Window> WindowOf(const domain::Period& p) {
  switch (p.kind) {
    case domain::PeriodKind::kMonth:
      return Window{p.year, p.index, p.index};
    case domain::PeriodKind::kQuarter:
      return Window{p.year, p.index * 3 - 2, p.index * 3};
    case domain::PeriodKind::kHalf:
      return Window{p.year, p.index * 6 - 5, p.index * 6};
    case domain::PeriodKind::kYear:
      return Window{p.year, 1, 12};
    case domain::PeriodKind::kOnce:
      break;
  }
  return core::Fail(ErrorCode::kInvalidArgument, "bad_period",
                    "Kỳ một lần không có tháng để tổng hợp");
}

core::Result<Window> YearToDate(int year, int through_month) {
  if (year < 1 || year > 9999 || through_month < 1 || through_month > 12) {
    return core::Fail(ErrorCode::kInvalidArgument, "bad_period",
                      "Kỳ lũy kế không hợp lệ: tháng " + std::to_string(through_month));
  }
  return Window{year, 1, through_month};
}

core::Result<Window> ParseWindowKey(std::string_view key) {
  if (key.size() == 10 && key.substr(4, 4) == "-YTD") {
    int year = 0, month = 0;
    for (char c : key.substr(0, 4)) {
      if (c < '0' || c > '9') year = -1;
      if (year >= 0) year = year * 10 + (c - '0');
    }
    for (char c : key.substr(8, 2)) {
      if (c < '0' || c > '9') month = -100;
      month = month * 10 + (c - '0');
    }
    if (year > 0 && month > 0) return YearToDate(year, month);
    return core::Fail(ErrorCode::kInvalidArgument, "bad_period",
                      "Kỳ không hợp lệ: \"" + std::string(key) + "\"");
  }
  WP_ASSIGN_OR_RETURN(domain::Period p, domain::ParsePeriodKey(key));
  return WindowOf(p);
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

core::Result<Engine> Engine::Create(domain::OrgRegistry registry,
                                    std::vector<Indicator> indicators) {
  auto impl = std::make_unique<Impl>();
  auto bad = [](const Indicator& i, const std::string& why) {
    return core::Fail(ErrorCode::kInvalidArgument, "bad_indicator",
                      "Chỉ tiêu \"" + (i.name.empty() ? i.code : i.name) + "\": " + why);
  };
  for (size_t k = 0; k < indicators.size(); ++k) {
    if (!impl->indicator_index.emplace(indicators[k].id, static_cast<int>(k)).second)
      return bad(indicators[k], "mã trùng");
  }
  for (const Indicator& i : indicators) {
    if (i.aggregation != Aggregation::kRatio) {
      if (i.numerator || i.denominator) return bad(i, "chỉ tỷ lệ mới có tử số và mẫu số");
      continue;
    }
    if (!i.numerator || !i.denominator) return bad(i, "tỷ lệ cần tử số và mẫu số");
    for (IndicatorId part : {*i.numerator, *i.denominator}) {
      auto it = impl->indicator_index.find(part);
      if (it == impl->indicator_index.end() ||
          indicators[it->second].aggregation != Aggregation::kSum)
        return bad(i, "tử số và mẫu số phải là chỉ tiêu cộng dồn có trong danh sách");
    }
    if (!(i.ratio_scale > 0)) return bad(i, "hệ số của tỷ lệ phải dương");
  }
  impl->registry = std::move(registry);
  impl->indicators = std::move(indicators);
  const auto& units = impl->registry.units();
  impl->predecessors.assign(units.size(), {});
  for (size_t s = 0; s < units.size(); ++s) impl->slot_of[units[s].id] = static_cast<int>(s);
  for (size_t s = 0; s < units.size(); ++s) {
    for (OrgUnitId succ : units[s].successors) {
      auto it = impl->slot_of.find(succ);
      if (it != impl->slot_of.end()) impl->predecessors[it->second].push_back(static_cast<int>(s));
    }
  }
  impl->leaves.assign(impl->indicators.size(), {});
  impl->BuildVersions();
  // No values yet: every version's (empty) roll-ups are up to date.
  impl->built = std::make_unique<std::atomic<bool>[]>(impl->versions.size());
  impl->build_mu = std::make_unique<std::mutex[]>(impl->versions.size());
  for (size_t i = 0; i < impl->versions.size(); ++i) impl->built[i].store(true);
  return Engine(std::move(impl));
}

core::Status Engine::Upsert(const Value& v) {
  WP_ASSIGN_OR_RETURN(Impl::Written w, impl_->WriteLeaf(v));
  for (size_t i = 0; i < impl_->versions.size(); ++i) {
    // A version not built yet takes the new cell when it is.
    if (!impl_->built[i].load(std::memory_order_relaxed)) continue;
    Version& version = impl_->versions[i];
    impl_->Apply(version, w.ind, static_cast<Read>(w.kind), w.slot, v.year, v.month, w.old_v,
                 w.new_v);
    if (w.kind != 0) {
      impl_->Apply(version, w.ind, Read::kBest, w.slot, v.year, v.month, w.old_best, w.new_best);
    }
  }
  return {};
}

core::Status Engine::Impl::WriteBatch(std::span<const Value> batch, size_t& position) {
  for (const Value& v : batch) {
    auto checked = Check(v);
    if (!checked) {
      core::Error e = checked.error();
      e.details.push_back({"values[" + std::to_string(position) + "]", e.message});
      return tl::unexpected(std::move(e));
    }
    double* cells = CellFor(checked->second, StoredKind(v.kind), checked->first, v.year);
    double& cell = cells[v.month];
    double next = v.value ? *v.value : kMissing;
    values = values + (Present(next) ? 1 : 0) - (Present(cell) ? 1 : 0);
    cell = next;
    ++position;
  }
  return {};
}

core::Status Engine::Load(std::span<const Value> values) {
  size_t position = 0;
  core::Status status = impl_->WriteBatch(values, position);
  impl_->Invalidate();
  return status;
}

core::Status Engine::Load(const ValueSource& next) {
  core::Status status;
  std::vector<Value> batch;
  size_t position = 0;
  while (status) {
    batch.clear();
    if (!next(batch)) break;
    status = impl_->WriteBatch(batch, position);
  }
  impl_->Invalidate();
  return status;
}

core::Result<Aggregate> Engine::Get(const Query& q) const {
  WP_ASSIGN_OR_RETURN(int ind, impl_->IndicatorIndex(q.indicator));
  const Version& v = impl_->VersionAt(q.at);
  WP_ASSIGN_OR_RETURN(int node, impl_->NodeIndex(v, q.unit, q.at));
  return impl_->Figure(v, ind, q.read, v.nodes[node], q.window);
}

core::Result<std::vector<Row>> Engine::Children(const Query& q) const {
  WP_ASSIGN_OR_RETURN(int ind, impl_->IndicatorIndex(q.indicator));
  const Version& v = impl_->VersionAt(q.at);
  WP_ASSIGN_OR_RETURN(int node, impl_->NodeIndex(v, q.unit, q.at));
  std::vector<Row> rows;
  for (int c : v.nodes[node].children) {
    Aggregate a = impl_->Figure(v, ind, q.read, v.nodes[c], q.window);
    if (v.nodes[c].outside && a.count == 0) continue;
    rows.push_back(Row{impl_->Info(v, c), a});
  }
  return rows;
}

core::Result<std::vector<Row>> Engine::Level(const Query& q, domain::OrgKind kind) const {
  WP_ASSIGN_OR_RETURN(int ind, impl_->IndicatorIndex(q.indicator));
  const Version& v = impl_->VersionAt(q.at);
  WP_ASSIGN_OR_RETURN(int start, impl_->NodeIndex(v, q.unit, q.at));
  static const std::vector<int> kNone;
  const size_t k = static_cast<size_t>(kind);
  const std::vector<int>& all = k < v.by_kind.size() ? v.by_kind[k] : kNone;
  std::vector<int> found;
  for (int n : all) {
    int up = n;
    while (up > 0 && up != start) up = v.nodes[up].parent;
    if (up == start) found.push_back(n);
  }
  std::vector<Row> rows;
  rows.reserve(found.size());
  for (int n : found) {
    Aggregate a = impl_->Figure(v, ind, q.read, v.nodes[n], q.window);
    if (v.nodes[n].outside && a.count == 0) continue;
    rows.push_back(Row{impl_->Info(v, n), a});
  }
  return rows;
}

core::Result<NodeInfo> Engine::Node(std::optional<OrgUnitId> unit, const CivilDate& at) const {
  const Version& v = impl_->VersionAt(at);
  WP_ASSIGN_OR_RETURN(int node, impl_->NodeIndex(v, unit, at));
  return impl_->Info(v, node);
}

const TargetStep* Indicator::StepOn(const core::CivilDate& on) const {
  if (steps.empty()) return nullptr;
  const TargetStep* in_force = &steps.front();
  for (const TargetStep& s : steps) {
    if (on < s.from) break;
    in_force = &s;
  }
  return in_force;
}

std::optional<double> Indicator::TargetOn(const core::CivilDate& on) const {
  if (const TargetStep* s = StepOn(on)) return s->target;
  return target;
}

core::Status Engine::SetTargetSteps(IndicatorId id, std::vector<TargetStep> steps) {
  auto it = impl_->indicator_index.find(id);
  if (it == impl_->indicator_index.end()) {
    return core::Fail(core::ErrorCode::kNotFound, "unknown_indicator",
                      "Không có chỉ tiêu mã " + std::to_string(id));
  }
  for (const TargetStep& s : steps) {
    if (!std::isfinite(s.target)) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "bad_value",
                        "Chỉ tiêu điều chỉnh không phải là số hữu hạn");
    }
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const TargetStep& a, const TargetStep& b) { return a.from < b.from; });
  impl_->indicators[it->second].steps = std::move(steps);
  return {};
}

const Indicator* Engine::FindIndicator(IndicatorId id) const {
  auto it = impl_->indicator_index.find(id);
  return it == impl_->indicator_index.end() ? nullptr : &impl_->indicators[it->second];
}
const std::vector<Indicator>& Engine::indicators() const { return impl_->indicators; }
const domain::OrgRegistry& Engine::registry() const { return impl_->registry; }
size_t Engine::value_count() const { return impl_->values; }
size_t Engine::version_count() const { return impl_->versions.size(); }

void Engine::Prepare(std::optional<core::CivilDate> at) {
  if (at) {
    impl_->EnsureBuilt(impl_->VersionIndex(*at));
    return;
  }
  for (size_t i = 0; i < impl_->versions.size(); ++i) impl_->EnsureBuilt(i);
}

size_t Engine::memory_bytes() const {
  size_t bytes = impl_->pool.bytes();
  for (const auto& kinds : impl_->leaves) {
    for (const LeafColumn& col : kinds) {
      col.ForEach(
          [&](int, const std::vector<uint32_t>& c) { bytes += c.capacity() * sizeof(uint32_t); });
    }
  }
  for (const Version& v : impl_->versions) {
    bytes += v.nodes.size() * sizeof(VNode) + v.data_node.size() * 3 * sizeof(int);
    for (const auto& reads : v.aggs) {
      for (const AggColumn& col : reads) {
        col.ForEach([&](int, const AggYear& ay) {
          bytes += ay.value.capacity() * sizeof(double) + ay.count.capacity() * sizeof(uint32_t);
        });
      }
    }
  }
  return bytes;
}

}  // namespace wp::analytics
