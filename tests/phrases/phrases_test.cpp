// The report's numbers and sentences (src/service/phrases.hpp) against tests/phrases/cases.json,
// whose "format" cases web/src/lib/format_cases.test.ts runs against format.ts too: a percentage in
// the .docx is the one the dashboard shows.

#include "service/phrases.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace wp::service {
namespace {

using nlohmann::json;

json Cases() {
  std::ifstream in(std::string(WP_SOURCE_DIR) + "/tests/phrases/cases.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::optional<double> Opt(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<double>();
}

TEST(Phrases, FormatAsTheBrowser) {
  auto cases = Cases()["format"];
  ASSERT_GT(cases.size(), 20u);
  for (const auto& c : cases) {
    std::string fn = c["fn"];
    const auto& a = c["args"];
    std::string got;
    if (fn == "formatNumber") {
      got = a.size() > 1 ? FormatNumber(a[0].get<double>(), a[1].get<int>())
                         : FormatNumber(a[0].get<double>());
    } else if (fn == "formatPercent") {
      got = a.size() > 1 ? FormatPercent(a[0].get<double>(), a[1].get<int>())
                         : FormatPercent(a[0].get<double>());
    } else if (fn == "formatRatio") {
      got = FormatRatio(a[0].get<double>());
    } else if (fn == "formatMoney") {
      got = FormatMoney(a[0].get<double>());
    } else if (fn == "formatQuantity") {
      got = FormatQuantity(a[0].get<double>(), a[1].get<std::string>());
    } else {
      FAIL() << "unknown function " << fn;
    }
    EXPECT_EQ(got, c["out"].get<std::string>()) << fn << a.dump();
  }
}

TEST(Phrases, ToFixedRoundsTheExactBinaryValueHalfUp) {
  EXPECT_EQ(ToFixed(99.25, 1), "99.3");  // a tie: printf's "%.1f" gives 99.2
  EXPECT_EQ(ToFixed(0.125, 2), "0.13");  // a tie
  EXPECT_EQ(ToFixed(1.005, 2), "1.00");  // 1.00499999999999989…
  EXPECT_EQ(ToFixed(999.95, 1), "1000.0");
  EXPECT_EQ(ToFixed(-0.04, 1), "-0.0");
  EXPECT_EQ(ToFixed(5, 0), "5");
  EXPECT_EQ(ToFixed(1.0 / 0.0, 1), "");
}

TEST(Phrases, QuantitiesAtTheDecisionsScale) {
  for (const auto& c : Cases()["scaled"]) {
    int power = ScalePower(c["raw"].get<std::string>());
    double v = c["value"];
    std::string unit = c["unit"];
    EXPECT_EQ(ScaledNumber(v, unit, power), c["number"].get<std::string>()) << c.dump();
    EXPECT_EQ(ScaledUnit(unit, power), c["unit_label"].get<std::string>()) << c.dump();
    EXPECT_EQ(ScaledQuantity(v, unit, power), c["out"].get<std::string>()) << c.dump();
  }
  EXPECT_EQ(ScalePower("giảm khoảng 4%"), 0);
  EXPECT_EQ(ScalePower("trên 40 ngàn người"), 3);
  EXPECT_EQ(ScalePower("khoảng 600 tỷ đồng"), 9);
}

TEST(Phrases, TargetSentences) {
  auto cases = Cases()["sentences"];
  ASSERT_GT(cases.size(), 8u);
  for (const auto& c : cases) {
    const auto& j = c["figure"];
    TargetFigure f;
    f.name = j["name"];
    f.sentence = j.value("sentence", "");
    f.unit = j["unit"];
    f.scale_power = ScalePower(j["raw"].get<std::string>());
    f.comparator = *domain::ParseComparator(j["comparator"].get<std::string>());
    f.plan = Opt(j, "plan");
    f.current = Opt(j, "current");
    f.achievement = Opt(j, "achievement");
    f.baseline = Opt(j, "baseline");
    f.estimate = j.value("estimate", false);
    f.last_year = Opt(j, "last_year");
    if (j.contains("last_year_label")) f.last_year_label = j["last_year_label"];
    f.rate = j.value("rate", false);
    f.coverage = j.value("coverage", "");
    EXPECT_EQ(TargetSentence(f), c["out"].get<std::string>()) << c["name"];
  }
}

TEST(Phrases, CountsTasksSubjects) {
  auto all = Cases();
  for (const auto& c : all["counts"]) {
    EXPECT_EQ(CountsSentence(c["total"], c["counts"].get<std::vector<size_t>>()),
              c["out"].get<std::string>());
  }
  for (const auto& c : all["tasks"]) {
    std::vector<LateTask> late;
    for (const auto& l : c["late"]) {
      LateTask t;
      t.what = l["what"];
      t.leads = l["leads"].get<std::vector<std::string>>();
      if (!l["deadline"].is_null())
        t.deadline = core::ParseIsoDate(l["deadline"].get<std::string>());
      late.push_back(t);
    }
    EXPECT_EQ(TasksSentence(c["done"], c["total"], c["in_progress"], late, c["max_listed"]),
              c["out"].get<std::string>());
  }
  for (const auto& c : all["subjects"]) {
    auto p = domain::ParsePeriodKey(c["period"].get<std::string>());
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(ReportSubject(*p), c["out"].get<std::string>());
  }
  for (const auto& c : all["short_text"]) {
    EXPECT_EQ(ShortText(c["text"].get<std::string>(), c["max"]), c["out"].get<std::string>());
  }
}

}  // namespace
}  // namespace wp::service
