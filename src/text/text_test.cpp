#include <gtest/gtest.h>

#include "text/date_phrase.hpp"
#include "text/fold.hpp"
#include "text/normalize.hpp"
#include "text/number.hpp"
#include "text/utf8.hpp"

namespace wp::text {
namespace {

std::optional<int64_t> QuantityAt(std::string_view s, size_t pos = 0) {
  auto q = ReadQuantity(s, pos);
  if (!q) return std::nullopt;
  return q->value.ToInteger();
}

TEST(Number, ReadsVietnameseGroupingAndScaleWords) {
  EXPECT_EQ(QuantityAt("1.600 ngàn người"), 1600000);
  EXPECT_EQ(QuantityAt("1.510 nghìn người"), 1510000);
  EXPECT_EQ(QuantityAt("245,5 tỷ đồng"), 245500000000);
  EXPECT_EQ(QuantityAt("4.396,2 tỷ đồng"), 4396200000000);
  EXPECT_EQ(QuantityAt("1 triệu trẻ em"), 1000000);
  EXPECT_EQ(QuantityAt("2 nghìn tỷ đồng"), 2000000000000);
  EXPECT_EQ(QuantityAt("04 trung tâm"), 4);
  EXPECT_EQ(QuantityAt("13.100 lao động"), 13100);
  auto pct = ReadQuantity("4,3%", 0);
  ASSERT_TRUE(pct);
  EXPECT_DOUBLE_EQ(pct->value.AsDouble(), 4.3);
  EXPECT_EQ(pct->end, 3u);
}

TEST(Number, RefusesWhatOnlyLooksLikeANumber) {
  EXPECT_FALSE(ReadQuantity("30a/2008/NQ-CP", 0));
  EXPECT_FALSE(ReadQuantity("2012-2015", 0));
  EXPECT_FALSE(ReadQuantity("25/12/2007", 0));
  EXPECT_FALSE(ReadQuantity("1.1. Nâng cao", 0));
  EXPECT_FALSE(ReadQuantity("IC3", 2));
  EXPECT_FALSE(ReadQuantity("số 186/QĐ", 4));
  // "ngân sách" is not "ngàn": no scale word is read.
  EXPECT_EQ(QuantityAt("50 ngân sách"), 50);
  // A second year of a range is glued to the first.
  EXPECT_FALSE(ReadQuantity("2011-2015", 5));
}

TEST(Number, FormatsTheVietnameseWay) {
  EXPECT_EQ(FormatVietnamese(core::Decimal{1600000, 0}), "1.600.000");
  EXPECT_EQ(FormatVietnamese(core::Decimal{43, 1}), "4,3");
  EXPECT_EQ(FormatVietnamese(core::Decimal{9, 0}), "9");
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_FALSE(FindInvalidUtf8("Bộ Lao động"));
  std::string bad = "Hà Nội \xC3\x28 x";
  EXPECT_EQ(FindInvalidUtf8(bad), 10u);            // "Hà Nội " is 10 bytes
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);  // a surrogate
  EXPECT_EQ(FindInvalidUtf8("ab\xC0\xAF"), 2u);    // an overlong '/'
  EXPECT_EQ(FindInvalidUtf8("ab\xE1\xBB"), 2u);    // truncated
}

TEST(Utf8, CaseAndClasses) {
  EXPECT_EQ(SentenceCase("BỘ TRƯỞNG"), "Bộ trưởng");
  EXPECT_EQ(ToUpper("độc lập"), "ĐỘC LẬP");
  EXPECT_TRUE(IsAllCaps("QUYẾT ĐỊNH"));
  EXPECT_FALSE(IsAllCaps("Quyết định"));
  EXPECT_EQ(Trim("\xC2\xA0 Hà Nội \t"), "Hà Nội");
  EXPECT_EQ(CollapseSpaces("  a \t b  "), "a b");
}

TEST(Fold, IgnoresDiacriticsCaseAndDashSpacing) {
  EXPECT_EQ(Fold("Lao Động – Thương binh"), "lao dong - thuong binh");
  EXPECT_EQ(FoldKey("Lao động-Thương binh"), FoldKey("Lao động – Thương binh"));
  EXPECT_EQ(Fold("Đà Nẵng"), "da nang");
  std::string s = "Vụ Kế hoạch – Tài chính theo dõi";
  EXPECT_EQ(MatchFoldedKey(s, 0, FoldKey("Vụ Kế hoạch-Tài chính")), s.find(" theo"));
  EXPECT_EQ(MatchFoldedKey("Vụ Kế hoạchx", 0, FoldKey("Vụ Kế hoạch")), std::string_view::npos);
}

TEST(Normalize, MapsDecomposedTextBackToTheInput) {
  // "Việt" written as e + combining dot below + combining circumflex.
  std::string decomposed = "Vie\xCC\xA3\xCC\x82t Nam";
  NfcText nfc(decomposed);
  EXPECT_TRUE(nfc.changed());
  EXPECT_EQ(nfc.text(), "Việt Nam");
  size_t nam = nfc.text().find("Nam");
  EXPECT_EQ(nfc.ToOriginal(nam), decomposed.find("Nam"));
  NfcText same("Việt Nam");
  EXPECT_FALSE(same.changed());
  EXPECT_EQ(same.ToOriginal(3), 3u);
}

TEST(Dates, ReadsSlashAndLongForms) {
  auto d = ReadSlashDate("15/3/2012", 0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->date.ToIso(), "2012-03-15");
  EXPECT_FALSE(ReadSlashDate("30/2/2012", 0));
  auto l = ReadLongDate("ngày 27 tháng 02 năm 2012", 0);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->date.ToIso(), "2012-02-27");
  auto f = FindDate("Quyết định số 176/QĐ-LĐTBXH ngày 25/01/2008 của Bộ");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->date.ToIso(), "2008-01-25");
  EXPECT_EQ(ParseRoman("III"), 3);
  EXPECT_EQ(ParseRoman("XIV"), 14);
  EXPECT_FALSE(ParseRoman("IIII"));
  EXPECT_FALSE(ParseRoman("IC"));
}

TEST(Numbers, ReadsARangeAsOneSpan) {
  auto r = ReadQuantityRange("bình quân 1,7 – 2%/năm", std::string_view("bình quân ").size());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->lower.value.ToString(), "1.7");
  EXPECT_EQ(r->upper.value.ToString(), "2");
  auto pct = ReadQuantityRange("30% - 40%", 0);
  ASSERT_TRUE(pct);
  EXPECT_TRUE(pct->percent_on_lower);
  EXPECT_EQ(pct->upper.value.ToString(), "40");
  auto counts = ReadQuantityRange("01-02 cán bộ", 0);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->lower.value.ToString(), "1");
  // A scale word after the second number applies to both.
  auto scaled = ReadQuantityRange("1,5 - 1,6 triệu người", 0);
  ASSERT_TRUE(scaled);
  EXPECT_EQ(scaled->lower.value.ToString(), "1500000");
  EXPECT_EQ(scaled->upper.value.ToString(), "1600000");
  // Not ranges: years, dates, a fall, two numbers in the wrong order.
  EXPECT_FALSE(ReadQuantityRange("2012-2015", 0));
  EXPECT_FALSE(ReadQuantityRange("2011 – 2020", 0));
  EXPECT_FALSE(ReadQuantityRange("09/7/1912 - 09/7/2012", 0));
  EXPECT_FALSE(ReadQuantityRange("5% - giảm", 0));
  EXPECT_FALSE(ReadQuantityRange("40 - 30", 0));
}

}  // namespace
}  // namespace wp::text
