#include "domain/indicator.hpp"

#include <set>

#include <gtest/gtest.h>

#include "domain/test_data.hpp"

namespace wp::domain {
namespace {

const std::vector<Indicator>& Molisa() {
  static const std::vector<Indicator> catalogue = [] {
    auto r = ParseIndicatorCatalogue(testing::Data("indicators/molisa.csv"), "molisa");
    EXPECT_TRUE(r) << r.error().message;
    return r ? std::move(*r) : std::vector<Indicator>();
  }();
  return catalogue;
}

TEST(IndicatorCatalogue, ReadsTheMinistrysCatalogue) {
  const auto& cat = Molisa();
  ASSERT_GE(cat.size(), 35u);
  std::set<std::string> codes;
  for (const Indicator& ind : cat) {
    EXPECT_TRUE(codes.insert(ind.code).second) << ind.code;
    EXPECT_EQ(ind.issuer_key, "molisa");
    EXPECT_FALSE(ind.name.empty());
  }
  auto find = [&](std::string_view code) {
    for (const Indicator& ind : cat)
      if (ind.code == code) return &ind;
    return static_cast<const Indicator*>(nullptr);
  };
  const Indicator* rate = find("that_nghiep_tt");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->name, "Tỷ lệ thất nghiệp khu vực thành thị");
  EXPECT_EQ(rate->aggregation, Aggregation::kRatio);
  EXPECT_EQ(rate->numerator_code, "so_that_nghiep_tt");
  EXPECT_EQ(rate->denominator_code, "llld_tt");
  ASSERT_TRUE(rate->ratio_scale);
  EXPECT_EQ(*rate->ratio_scale, (core::Decimal{100, 0}));
  EXPECT_EQ(rate->better, Better::kLower);
  EXPECT_EQ(rate->default_reporters, ReporterGroup::kProvinces);
  EXPECT_EQ(rate->default_consolidator, "VL");
  const Indicator* jobs = find("viec_lam");
  ASSERT_NE(jobs, nullptr);
  EXPECT_EQ(jobs->name, "Số người được tạo việc làm");
  EXPECT_EQ(jobs->aliases.front(), "tạo việc làm");
  // The labour structure is published by the statistics office: nobody of the Ministry reports it.
  const Indicator* structure = find("co_cau_ld_nong_nghiep");
  ASSERT_NE(structure, nullptr);
  EXPECT_FALSE(structure->default_reporters);
  EXPECT_EQ(structure->default_consolidator, "TCTK");
  // The report's wording (issue 17): every indicator a target of the decisions names has one.
  EXPECT_EQ(jobs->sentence, "tạo việc làm cho {value}");
  EXPECT_EQ(rate->sentence, "tỷ lệ thất nghiệp khu vực thành thị {ước} {value}");
  for (const Indicator& ind : cat) {
    bool component = ind.code == "so_that_nghiep_tt" || ind.code == "llld_tt" ||
                     ind.code == "so_ho_ngheo" || ind.code == "tong_so_ho";
    EXPECT_EQ(ind.sentence.empty(), component) << ind.code;
    if (!ind.sentence.empty()) {
      EXPECT_TRUE(IsSentenceWording(ind.sentence)) << ind.code;
    }
  }
}

TEST(IndicatorCatalogue, ASentenceHasItsValueOnce) {
  const std::string h =
      "code;name;unit;aggregation;numerator;denominator;better;reporters;consolidator;aliases;"
      "sentence\n";
  auto ok = ParseIndicatorCatalogue(h + "a;A;người;sum;;;higher;;;;tạo việc làm cho {value}\n"
                                        "b;B;người;sum;;;higher;;;\n",
                                    "molisa");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ((*ok)[0].sentence, "tạo việc làm cho {value}");
  EXPECT_EQ((*ok)[1].sentence, "");
  auto refused = ParseIndicatorCatalogue(h + "a;A;người;sum;;;higher;;;;tạo việc làm\n", "m");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "Danh mục chỉ tiêu, dòng 2: câu báo cáo \"tạo việc làm\" phải có đúng một chỗ {value} "
            "(và nhiều nhất một chỗ {ước})");
  EXPECT_FALSE(IsSentenceWording("{value} và {value}"));
  EXPECT_FALSE(IsSentenceWording("{ước} {ước} {value}"));
  EXPECT_FALSE(IsSentenceWording("{value} {name}"));
  EXPECT_TRUE(IsSentenceWording("tỷ lệ hộ nghèo {ước} {value}"));
}

std::string Refusal(std::string_view csv) {
  auto r = ParseIndicatorCatalogue(csv, "molisa");
  EXPECT_FALSE(r) << "accepted:\n" << csv;
  if (r) return "";
  EXPECT_EQ(r.error().reason, "bad_indicator_catalogue");
  return r.error().message;
}

constexpr std::string_view kHeader =
    "code;name;unit;aggregation;numerator;denominator;better;reporters;consolidator;aliases\n";

TEST(IndicatorCatalogue, RefusesABadFileSayingWhereInVietnamese) {
  std::string h(kHeader);
  EXPECT_EQ(Refusal(h + "viec_lam;Số người được tạo việc làm;người;sum;;;higher;province;VL\n"),
            "Danh mục chỉ tiêu, dòng 2: cần 10 hoặc 11 cột cách nhau bởi dấu chấm phẩy, có 9");
  EXPECT_EQ(
      Refusal(h + "\n# ghi chú\nviec_lam;Việc làm;người;tong;;;higher;;;\n"),
      "Danh mục chỉ tiêu, dòng 4: cách tổng hợp \"tong\" không hợp lệ (sum, ratio, mean, last)");
  EXPECT_EQ(Refusal(h + "a;A;người;sum;;;higher;;;\nb;B;người;sum;;;better;;;\n"),
            "Danh mục chỉ tiêu, dòng 3: chiều tốt \"better\" không hợp lệ (higher, lower)");
  EXPECT_EQ(Refusal(h + "a;A;người;sum;;;higher;;;\na;B;người;sum;;;higher;;;\n"),
            "Danh mục chỉ tiêu, dòng 3: mã chỉ tiêu \"a\" trùng với dòng 2");
  EXPECT_EQ(Refusal(h + "a;A;người;sum;;;higher;tinh;;\n"),
            "Danh mục chỉ tiêu, dòng 2: nhóm báo cáo \"tinh\" không hợp lệ (province, department)");
  EXPECT_EQ(Refusal(h + "Việc làm;A;người;sum;;;higher;;;\n"),
            "Danh mục chỉ tiêu, dòng 2: mã chỉ tiêu \"Việc làm\" không hợp lệ (chữ thường không "
            "dấu, số, dấu _)");
  EXPECT_EQ(Refusal(h + "r;Tỷ lệ;%;ratio;a;;lower;;;\n"),
            "Danh mục chỉ tiêu, dòng 2: chỉ tiêu tỷ lệ \"r\" cần mã tử số và mẫu số");
  EXPECT_EQ(Refusal(h + "r;Tỷ lệ;%;ratio;a;b;lower;;;\na;A;người;sum;;;higher;;;\n"),
            "Danh mục chỉ tiêu, dòng 2: thành phần \"b\" của tỷ lệ \"r\" không có trong danh mục");
  EXPECT_EQ(Refusal("viec_lam;A;người;sum;;;higher;;;\n"),
            "Danh mục chỉ tiêu, dòng 1: dòng đầu phải là tên cột "
            "\"code;name;unit;aggregation;numerator;denominator;better;reporters;consolidator;"
            "aliases;sentence\"");
  EXPECT_NE(Refusal(h + "a;A;người;sum;;;higher;;;x||y\n").find("dòng 2: tên gọi khác rỗng"),
            std::string::npos);
  EXPECT_NE(Refusal(h + "a;\xC3\x28;người;sum;;;higher;;;\n").find("UTF-8"), std::string::npos);
  // Bounded: a file above 1 MiB is refused before it is read.
  EXPECT_NE(Refusal(h + std::string(1u << 20, '#')).find("tệp quá lớn"), std::string::npos);
  // An empty catalogue (the header alone) is a catalogue.
  auto empty = ParseIndicatorCatalogue(h, "molisa");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(MostExplicit, AnExplicitComparatorBeatsALevel) {
  using C = Comparator;
  EXPECT_EQ(MostExplicit(std::vector<C>{C::kEq, C::kMax}).comparator, C::kMax);
  EXPECT_EQ(MostExplicit(std::vector<C>{C::kMax, C::kEq}).comparator, C::kMax);
  EXPECT_EQ(MostExplicit(std::vector<C>{C::kEq, C::kEq}).comparator, C::kEq);
  EXPECT_FALSE(MostExplicit(std::vector<C>{C::kEq, C::kMax, C::kMax}).conflict);
  auto two = MostExplicit(std::vector<C>{C::kEq, C::kMax, C::kMin});
  EXPECT_EQ(two.comparator, C::kMax);
  ASSERT_TRUE(two.conflict);
  EXPECT_EQ(two.conflict->code, "comparator_conflict");
  EXPECT_EQ(MostExplicit(std::vector<C>{}).comparator, C::kEq);

  // Over a plan: I.1 "4,3%" and its restatement II.2.1 "dưới 4,3%" → a ceiling; the growth note
  // of another target does not count.
  std::vector<Target> ts(3);
  ts[0].section = "I.1";
  ts[1].section = "II.2.1";
  ts[1].comparator = C::kMax;
  ts[1].mention_of = 0;
  ts[1].mention_kind = MentionKind::kRestated;
  ts[2].comparator = C::kIncreaseBy;
  ts[2].mention_of = 0;
  ts[2].mention_kind = MentionKind::kGrowth;
  auto merged = MostExplicit(ts, 0);
  EXPECT_EQ(merged.comparator, C::kMax);
  EXPECT_FALSE(merged.conflict);
}

TEST(RangeStanding, BelowWithinAboveTheRange) {
  Range r{core::Decimal{17, 1}, core::Decimal{2, 0}};  // 1,7 – 2
  EXPECT_EQ(StandingIn(r, core::Decimal{16, 1}), RangeStanding::kBelow);
  EXPECT_EQ(StandingIn(r, core::Decimal{170, 2}), RangeStanding::kWithin);  // 1,70 = lower
  EXPECT_EQ(StandingIn(r, core::Decimal{19, 1}), RangeStanding::kWithin);
  EXPECT_EQ(StandingIn(r, core::Decimal{2, 0}), RangeStanding::kWithin);
  EXPECT_EQ(StandingIn(r, core::Decimal{2001, 3}), RangeStanding::kAbove);
  EXPECT_STREQ(RangeStandingName(RangeStanding::kAbove), "above");
  EXPECT_EQ(CompareDecimal(core::Decimal{5, 0}, core::Decimal{50, 1}), 0);
}

}  // namespace
}  // namespace wp::domain
