#include "ingest/resolver.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "doc/parser.hpp"
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

TEST(EditDistance, CountsCodePointsAndStopsEarly) {
  EXPECT_EQ(EditDistance("việc", "viêc", 3), 1u);
  EXPECT_EQ(EditDistance("abc", "abc", 0), 0u);
  EXPECT_EQ(EditDistance("abcdef", "uvwxyz", 2), 3u);
}

}  // namespace
}  // namespace wp::ingest
