#include "ingest/resolver.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "doc/parser.hpp"
#include "domain/indicator.hpp"
#include "domain/org_catalog.hpp"
#include "ingest/binder.hpp"

namespace wp::ingest {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/" + path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

const domain::OrgRegistry& Registry() {
  static const domain::OrgRegistry registry =
      *domain::BuildInitialRegistry(Slurp("data/provinces.csv"), Slurp("data/provinces_2025.csv"));
  return registry;
}

const domain::OrgUnit& Only(const ResolvedName& r) {
  EXPECT_EQ(r.units.size(), 1u) << r.written;
  static const domain::OrgUnit kNone;
  return r.units.empty() ? kNone : *Registry().Find(r.units[0]);
}

TEST(UnitResolver, ReadsVariantsAliasesTitlesAndTypos) {
  UnitResolver resolver(Registry());
  core::CivilDate d{2012, 2, 27};
  EXPECT_EQ(Only(resolver.Resolve("Tổng cục dạy nghề", d)).code, "TCDN");
  EXPECT_EQ(Only(resolver.Resolve("Vụ Kế hoạch-Tài chính", d)).code, "KHTC");
  EXPECT_EQ(Only(resolver.Resolve("Vụ KHTC", d)).code, "KHTC");
  EXPECT_EQ(Only(resolver.Resolve("Vụ trưởng Vụ Kế hoạch – Tài chính", d)).code, "KHTC");
  EXPECT_EQ(Only(resolver.Resolve("Chánh Văn phòng Bộ", d)).code, "VP");
  EXPECT_EQ(Only(resolver.Resolve("Cục Viêc làm", d)).code, "VL");  // a wrong accent: folded away
  auto typo = resolver.Resolve("Cục Việt làm", d);  // the seed's own typo of "Việc làm"
  EXPECT_EQ(typo.resolution, Resolution::kApproximate);
  EXPECT_EQ(Only(typo).code, "VL");
  EXPECT_EQ(
      Only(resolver.Resolve("Sở Lao động – Thương binh và Xã hội Hà Tây", {2008, 1, 25})).code,
      "28");
  EXPECT_EQ(resolver.Resolve("Bộ Y tế", d).resolution, Resolution::kUnresolved);
  EXPECT_EQ(resolver.Resolve("các cơ quan, đơn vị liên quan", d).resolution, Resolution::kGeneric);
}

TEST(UnitResolver, ExpandsGroupPhrasesAtTheDate) {
  UnitResolver resolver(Registry());
  auto in_2008 =
      resolver.Resolve("Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố", {2008, 1, 25});
  EXPECT_EQ(in_2008.resolution, Resolution::kGroup);
  EXPECT_EQ(in_2008.units.size(), 64u);
  EXPECT_EQ(resolver.Resolve("Giám đốc các Sở Lao động - Thương binh và Xã hội", {2012, 2, 27})
                .units.size(),
            63u);
  auto ministry = resolver.Resolve("thủ trưởng các đơn vị thuộc và trực thuộc Bộ", {2012, 2, 27});
  EXPECT_EQ(ministry.resolution, Resolution::kGroup);
  EXPECT_GE(ministry.units.size(), 20u);
}

TEST(UnitResolver, ExpandsDistrictAndCommuneGroupsToTheUnitsOfTheDate) {
  // Two districts and three communes (one commune formed on 1/7/2025, when districts ended).
  auto units = Registry().units();
  const domain::OrgUnitId hanoi = Registry().FindByCode("01", {2012, 1, 1})->id;
  auto add = [&](domain::OrgUnitId id, domain::OrgKind kind, domain::OrgUnitId parent,
                 std::optional<core::CivilDate> from, std::optional<core::CivilDate> to) {
    domain::OrgUnit u;
    u.id = id;
    u.code = "G" + std::to_string(id);
    u.name = "Đơn vị " + u.code;
    u.kind = kind;
    u.parent = parent;
    u.valid_from = from;
    u.valid_to = to;
    units.push_back(u);
  };
  const core::CivilDate end{2025, 6, 30}, start{2025, 7, 1};
  add(90001, domain::OrgKind::kDistrict, hanoi, std::nullopt, end);
  add(90002, domain::OrgKind::kDistrict, hanoi, std::nullopt, end);
  add(90003, domain::OrgKind::kCommune, 90001, std::nullopt, end);
  add(90004, domain::OrgKind::kCommune, 90002, std::nullopt, end);
  add(90005, domain::OrgKind::kCommune, hanoi, start, std::nullopt);
  domain::OrgRegistry registry(units);
  UnitResolver resolver(registry);
  auto districts = resolver.Resolve(
      "Phòng Lao động – Thương binh và Xã hội các quận, huyện, thị xã, thành phố thuộc tỉnh",
      {2024, 1, 5});
  EXPECT_EQ(districts.resolution, Resolution::kGroup);
  EXPECT_EQ(districts.units, (std::vector<domain::OrgUnitId>{90001, 90002}));
  EXPECT_EQ(resolver.Resolve("Uỷ ban nhân dân các xã, phường, thị trấn", {2024, 1, 5}).units,
            (std::vector<domain::OrgUnitId>{90003, 90004}));
  EXPECT_EQ(resolver.Resolve("UBND các xã, phường, thị trấn", {2025, 9, 1}).units,
            (std::vector<domain::OrgUnitId>{90005}));
  EXPECT_TRUE(
      resolver.Resolve("Phòng Lao động – Thương binh và Xã hội các quận, huyện", {2025, 9, 1})
          .units.empty());
}

TEST(UnitResolver, EveryUnitTheSeedsNameIsUnderstood) {
  UnitResolver resolver(Registry());
  for (const char* seed : {"data/seeds/molisa_2012.txt", "data/seeds/molisa_2008.txt"}) {
    auto document = doc::Parse(Slurp(seed));
    ASSERT_TRUE(document);
    auto plan = Bind(*document);
    ASSERT_TRUE(plan.document.issued_date);
    for (const auto& s : plan.sections) {
      for (const auto* list : {&s.lead_units, &s.coordinating_units}) {
        for (const auto& name : *list) {
          auto r = resolver.Resolve(name, *plan.document.issued_date);
          EXPECT_NE(r.resolution, Resolution::kUnresolved)
              << seed << " " << s.number << ": " << name;
          EXPECT_NE(r.resolution, Resolution::kApproximate)
              << seed << " " << s.number << ": " << name;
        }
      }
    }
  }
}

// The reporters the binder proposes get the organisation's ids at import, like the leads: a
// written name, a catalogue's unit code; a group stays a group (expanded at each period's date).
TEST(ResolvePlanUnits, ResolvesProposedReportersByNameAndCode) {
  auto csv = Slurp("data/indicators/molisa.csv");
  auto catalogue = domain::ParseIndicatorCatalogue(csv, "molisa");
  ASSERT_TRUE(catalogue);
  auto document = doc::Parse(Slurp("data/seeds/molisa_2012.txt"));
  ASSERT_TRUE(document);
  BindOptions options;
  options.indicators = *catalogue;
  auto plan = Bind(*document, options);
  UnitResolver resolver(Registry());
  ResolvePlanUnits(plan, resolver);
  size_t with_units = 0, by_code = 0;
  for (const auto& t : plan.targets) {
    for (const auto& p : t.reporters.reporters) {
      if (p.group) {
        EXPECT_TRUE(p.units.empty());
        continue;
      }
      ASSERT_EQ(p.units.size(), 1u) << t.section << " " << p.written;
      ++with_units;
    }
    if (t.reporters.consolidator) {
      ASSERT_EQ(t.reporters.consolidator->units.size(), 1u)
          << t.section << " " << t.reporters.consolidator->written;
      by_code += t.reporters.consolidator->written == "PCTNXH";
    }
  }
  EXPECT_GT(with_units, 10u);
  EXPECT_GT(by_code, 0u);  // I.8's figures: the catalogue names Cục Phòng, chống tệ nạn xã hội
  for (const auto& t : plan.targets) {
    if (t.section == "II.1.1" && t.raw == "03 Chỉ thị") {
      ASSERT_EQ(t.reporters.reporters.size(), 1u);
      EXPECT_EQ(Registry().Find(t.reporters.reporters[0].units[0])->code, "PC");
    }
  }
}

TEST(EditDistance, CountsCodePointsAndStopsEarly) {
  EXPECT_EQ(EditDistance("việc", "viêc", 3), 1u);
  EXPECT_EQ(EditDistance("abc", "abc", 0), 0u);
  EXPECT_EQ(EditDistance("abcdef", "uvwxyz", 2), 3u);
}

}  // namespace
}  // namespace wp::ingest
