#include "analytics/engine.hpp"

#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

#include "analytics/measures.hpp"
#include "domain/org_catalog.hpp"

namespace wp::analytics {
namespace {

using core::CivilDate;
using domain::OrgKind;
using domain::OrgUnit;
using domain::OrgUnitId;
using domain::ValueKind;

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

domain::OrgRegistry OneMinistry() {
  OrgUnit m;
  m.id = 1;
  m.code = m.name = "M";
  m.kind = OrgKind::kMinistry;
  return domain::OrgRegistry({m});
}

std::vector<Indicator> AllKinds() {
  std::vector<Indicator> out;
  IndicatorId id = 1;
  for (Aggregation a : {Aggregation::kSum, Aggregation::kSum, Aggregation::kMean,
                        Aggregation::kLast, Aggregation::kMin, Aggregation::kMax}) {
    Indicator i;
    i.id = id++;
    i.code = AggregationName(a);
    i.aggregation = a;
    i.target = 100;
    out.push_back(i);
  }
  Indicator ratio;
  ratio.id = id++;
  ratio.code = "ratio";
  ratio.aggregation = Aggregation::kRatio;
  ratio.numerator = 1;
  ratio.denominator = 2;
  ratio.ratio_scale = 100;
  ratio.comparator = domain::Comparator::kMax;
  ratio.target = 5;
  out.push_back(ratio);
  return out;
}

TEST(Engine, RealOrganisationHasFourVersions) {
  auto reg =
      domain::BuildInitialRegistry(Slurp(std::string(WP_SOURCE_DIR) + "/data/provinces.csv"),
                                   Slurp(std::string(WP_SOURCE_DIR) + "/data/provinces_2025.csv"));
  ASSERT_TRUE(reg) << reg.error().message;
  auto engine = Engine::Create(*reg, AllKinds());
  ASSERT_TRUE(engine) << engine.error().message;
  // Before 1/8/2008; to 28/2/2025; to 30/6/2025; from 1/7/2025.
  EXPECT_EQ(engine->version_count(), 4u);
  Query q{1, std::nullopt, CivilDate{2012, 1, 1}, Window{2012, 1, 12}, Read::kBest};
  auto provinces = engine->Level(q, OrgKind::kProvince);
  ASSERT_TRUE(provinces);
  EXPECT_EQ(provinces->size(), 63u);
  q.at = CivilDate{2008, 7, 31};
  EXPECT_EQ(engine->Level(q, OrgKind::kProvince)->size(), 64u);
  q.at = CivilDate{2025, 7, 1};
  EXPECT_EQ(engine->Level(q, OrgKind::kProvince)->size(), 34u);
}

TEST(Engine, RefusesBadIndicators) {
  domain::OrgRegistry reg = OneMinistry();
  std::vector<Indicator> dup = AllKinds();
  dup[1].id = 1;
  EXPECT_EQ(Engine::Create(reg, dup).error().reason, "bad_indicator");
  std::vector<Indicator> ratio_of_mean = AllKinds();
  ratio_of_mean.back().denominator = 3;  // a mean
  EXPECT_EQ(Engine::Create(reg, ratio_of_mean).error().reason, "bad_indicator");
  std::vector<Indicator> no_den = AllKinds();
  no_den.back().denominator.reset();
  EXPECT_EQ(Engine::Create(reg, no_den).error().reason, "bad_indicator");
  std::vector<Indicator> sum_with_parts = AllKinds();
  sum_with_parts[0].numerator = 2;
  EXPECT_EQ(Engine::Create(reg, sum_with_parts).error().reason, "bad_indicator");
}

TEST(Engine, LoadNamesTheFirstBadValue) {
  domain::OrgRegistry reg = OneMinistry();
  auto engine = Engine::Create(reg, AllKinds());
  ASSERT_TRUE(engine);
  std::vector<Value> values = {{1, 1, 2012, 1, ValueKind::kActual, 5.0},
                               {1, 1, 2012, 14, ValueKind::kActual, 5.0}};
  auto st = engine->Load(values);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().reason, "bad_value");
  ASSERT_EQ(st.error().details.size(), 1u);
  EXPECT_EQ(st.error().details[0].field, "values[1]");
  // The cells before it are written and rolled up.
  auto a = engine->Get(Query{1, std::nullopt, CivilDate{2012, 1, 1}, Window{2012, 1, 1}});
  ASSERT_TRUE(a);
  EXPECT_EQ(a->value, 5.0);
  EXPECT_EQ(engine->value_count(), 1u);
}

TEST(Window, KeysRoundTrip) {
  for (const char* key : {"2012-M03", "2012-Q1", "2012-Q4", "2012-H1", "2012-H2", "2012-Y",
                          "2012-YTD05", "2012-M12"}) {
    auto w = ParseWindowKey(key);
    ASSERT_TRUE(w) << key;
    EXPECT_EQ(w->Key(), key);
  }
  EXPECT_EQ((Window{2012, 2, 5}).Key(), "2012-M02..M05");
  for (const char* bad : {"2012-YTD13", "2012-YTDx1", "2012", "2012-O1", "12-M01"}) {
    EXPECT_FALSE(ParseWindowKey(bad)) << bad;
  }
}

// --- Property: incremental == rebuilt from scratch -----------------------------------------

// A random organisation: a ministry, provinces with districts and communes, then
// reorganisations on a few dates — merges into a new unit, absorptions into an existing one,
// splits, dissolutions and new units.
std::vector<OrgUnit> RandomOrganisation(std::mt19937& rng) {
  std::vector<OrgUnit> units;
  auto add = [&](OrgKind kind, std::optional<OrgUnitId> parent, std::optional<CivilDate> from) {
    OrgUnit u;
    u.id = static_cast<OrgUnitId>(units.size() + 1);
    u.code = "U" + std::to_string(u.id);
    u.name = u.code;
    u.kind = kind;
    u.parent = parent;
    u.valid_from = from;
    units.push_back(u);
    return u.id;
  };
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  OrgUnitId root = add(OrgKind::kMinistry, std::nullopt, std::nullopt);
  int provinces = 2 + pick(4);
  for (int p = 0; p < provinces; ++p) {
    OrgUnitId pid = add(OrgKind::kProvince, root, std::nullopt);
    int districts = pick(3);
    for (int d = 0; d < districts; ++d) {
      OrgUnitId did = add(OrgKind::kDistrict, pid, std::nullopt);
      int communes = pick(3);
      for (int c = 0; c < communes; ++c) add(OrgKind::kCommune, did, std::nullopt);
    }
  }
  const CivilDate dates[] = {{2010, 1, 1}, {2015, 7, 1}, {2020, 1, 1}};
  for (const CivilDate& date : dates) {
    CivilDate before = core::CivilFromDays(core::DaysFromCivil(date) - 1);
    int events = 1 + pick(3);
    for (int e = 0; e < events; ++e) {
      std::vector<size_t> alive;
      for (size_t i = 1; i < units.size(); ++i) {
        if (units[i].ValidOn(before) && units[i].ValidOn(date)) alive.push_back(i);
      }
      if (alive.size() < 2) break;
      size_t a = alive[pick(static_cast<int>(alive.size()))];
      size_t b = alive[pick(static_cast<int>(alive.size()))];
      OrgKind kind = units[a].kind;
      std::optional<OrgUnitId> parent = units[a].parent;
      switch (pick(5)) {
        case 0: {  // a and b merge into a new unit
          OrgUnitId n = add(kind, parent, date);
          units[a].valid_to = before;
          units[a].successors = {n};
          if (b != a) {
            units[b].valid_to = before;
            units[b].successors = {n};
          }
          break;
        }
        case 1:  // a goes into b
          if (b == a) break;
          units[a].valid_to = before;
          units[a].successors = {units[b].id};
          break;
        case 2: {  // a splits in two
          OrgUnitId n1 = add(kind, parent, date);
          OrgUnitId n2 = add(kind, parent, date);
          units[a].valid_to = before;
          units[a].successors = {n1, n2};
          break;
        }
        case 3:  // a is dissolved
          units[a].valid_to = before;
          break;
        default:  // a new unit under a
          add(OrgKind::kCommune, units[a].id, date);
          break;
      }
    }
  }
  return units;
}

using CellKey = std::tuple<OrgUnitId, IndicatorId, int, int, int>;

struct Fixture {
  std::vector<OrgUnit> units;
  std::vector<Value> writes;             // in order, with overwrites and clears
  std::map<CellKey, Value> final_cells;  // what remains
};

Fixture RandomFixture(uint32_t seed) {
  std::mt19937 rng(seed);
  Fixture f;
  f.units = RandomOrganisation(rng);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const int years[] = {2009, 2016, 2021};
  const ValueKind kinds[] = {ValueKind::kPlan, ValueKind::kEstimate, ValueKind::kActual};
  const int writes = 150 + pick(200);
  for (int i = 0; i < writes; ++i) {
    Value v;
    // Few distinct cells, so that writes overwrite and clear each other.
    v.unit = f.units[pick(static_cast<int>(f.units.size()))].id;
    v.indicator = 1 + pick(6);
    v.year = years[pick(3)];
    v.month = pick(4) == 0 ? 0 : 1 + pick(12);
    v.kind = kinds[pick(3)];
    // Multiples of 1/4: sums are exact in a double, whatever the order of the additions.
    if (pick(8) != 0) v.value = (pick(1000) - 200) / 4.0;
    f.writes.push_back(v);
    CellKey key{v.unit, v.indicator, v.year, v.month, static_cast<int>(v.kind)};
    if (v.value) {
      f.final_cells[key] = v;
    } else {
      f.final_cells.erase(key);
    }
  }
  return f;
}

void ExpectSame(const Engine& inc, const Engine& bulk, const std::vector<OrgUnit>& units,
                uint32_t seed) {
  const CivilDate dates[] = {{2005, 1, 1},   {2010, 1, 1}, {2012, 6, 30}, {2015, 7, 1},
                             {2019, 12, 31}, {2020, 1, 1}, {2024, 1, 1}};
  std::vector<Window> windows;
  for (int year : {2009, 2016, 2021}) {
    for (int m = 1; m <= 12; ++m) windows.push_back(Window{year, m, m});
    for (int q = 0; q < 4; ++q) windows.push_back(Window{year, q * 3 + 1, q * 3 + 3});
    windows.push_back(Window{year, 1, 6});
    windows.push_back(Window{year, 7, 12});
    windows.push_back(Window{year, 1, 12});
    windows.push_back(Window{year, 1, 4});
    windows.push_back(Window{year, 1, 9});
  }
  size_t checked = 0;
  for (const CivilDate& at : dates) {
    // Every node of the view: the whole country and every unit that has a node of its own.
    std::vector<std::optional<OrgUnitId>> nodes{std::nullopt};
    for (const OrgUnit& u : units) {
      auto a = inc.Node(u.id, at);
      auto b = bulk.Node(u.id, at);
      ASSERT_EQ(a.has_value(), b.has_value()) << "seed " << seed << " unit " << u.id;
      if (!a) {
        EXPECT_EQ(a.error().reason, "unit_not_in_structure");
        continue;
      }
      EXPECT_EQ(a->label, b->label);
      EXPECT_EQ(a->parent, b->parent);
      nodes.push_back(u.id);
    }
    for (const Indicator& ind : inc.indicators()) {
      for (Read read : {Read::kPlan, Read::kEstimate, Read::kActual, Read::kBest}) {
        for (const auto& node : nodes) {
          for (const Window& w : windows) {
            Query q{ind.id, node, at, w, read};
            auto a = inc.Get(q);
            auto b = bulk.Get(q);
            ASSERT_TRUE(a && b);
            ASSERT_EQ(a->value, b->value)
                << "seed " << seed << " " << ind.code << " " << ReadName(read) << " unit "
                << (node ? *node : 0) << " at " << at.ToIso() << " " << w.Key();
            ASSERT_EQ(a->count, b->count) << "seed " << seed << " " << ind.code;
            ++checked;
          }
          Query children{ind.id, node, at, Window{2016, 1, 12}, read};
          auto ca = inc.Children(children);
          auto cb = bulk.Children(children);
          ASSERT_TRUE(ca && cb);
          ASSERT_EQ(ca->size(), cb->size());
          for (size_t i = 0; i < ca->size(); ++i) {
            EXPECT_EQ((*ca)[i].node.unit, (*cb)[i].node.unit);
            EXPECT_EQ((*ca)[i].aggregate.value, (*cb)[i].aggregate.value);
          }
        }
      }
      for (const auto& node : nodes) {
        auto ma = Evaluate(inc, MeasureQuery{ind.id, node, at, std::min(at.year, 2016)});
        auto mb = Evaluate(bulk, MeasureQuery{ind.id, node, at, std::min(at.year, 2016)});
        ASSERT_EQ(ma.has_value(), mb.has_value());
        if (!ma) continue;
        EXPECT_EQ(ma->current, mb->current);
        EXPECT_EQ(ma->projection, mb->projection);
        EXPECT_EQ(ma->status, mb->status);
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

TEST(EngineProperty, IncrementalEqualsRebuiltFromScratch) {
  for (uint32_t seed = 1; seed <= 30; ++seed) {
    Fixture f = RandomFixture(seed);
    domain::OrgRegistry reg(f.units);
    auto inc = Engine::Create(reg, AllKinds());
    ASSERT_TRUE(inc) << inc.error().message;
    for (const Value& v : f.writes) ASSERT_TRUE(inc->Upsert(v)) << "seed " << seed;

    auto bulk = Engine::Create(reg, AllKinds());
    ASSERT_TRUE(bulk);
    std::vector<Value> cells;
    for (const auto& [key, v] : f.final_cells) cells.push_back(v);
    ASSERT_TRUE(bulk->Load(cells));
    EXPECT_EQ(inc->value_count(), bulk->value_count());
    EXPECT_EQ(inc->value_count(), cells.size());
    ExpectSame(*inc, *bulk, f.units, seed);
    if (HasFatalFailure()) return;
  }
}

// Whatever the structure, the whole country's figure of a sum is the sum of every value.
TEST(EngineProperty, WholeCountryCountsEveryValueOnce) {
  for (uint32_t seed = 100; seed < 130; ++seed) {
    Fixture f = RandomFixture(seed);
    auto engine = Engine::Create(domain::OrgRegistry(f.units), AllKinds());
    ASSERT_TRUE(engine);
    for (const Value& v : f.writes) ASSERT_TRUE(engine->Upsert(v));
    for (int year : {2009, 2016, 2021}) {
      double expected = 0;
      uint32_t count = 0;
      for (const auto& [key, v] : f.final_cells) {
        if (v.indicator == 1 && v.year == year && v.month == 3 && v.kind == ValueKind::kPlan) {
          expected += *v.value;
          ++count;
        }
      }
      for (CivilDate at : {CivilDate{2005, 1, 1}, CivilDate{2016, 1, 1}, CivilDate{2024, 1, 1}}) {
        auto a = engine->Get(Query{1, std::nullopt, at, Window{year, 3, 3}, Read::kPlan});
        ASSERT_TRUE(a);
        EXPECT_EQ(a->count, count) << "seed " << seed;
        if (count > 0) {
          EXPECT_EQ(a->value, expected) << "seed " << seed;
        }
      }
    }
  }
}

}  // namespace
}  // namespace wp::analytics
