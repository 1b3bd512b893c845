#include <gtest/gtest.h>

#include "core/date.hpp"
#include "core/decimal.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "core/lru_cache.hpp"

namespace wp::core {
namespace {

TEST(Error, EveryCodeHasItsStableName) {
  std::string names;
  for (int c = 0; c <= static_cast<int>(ErrorCode::kInternal); ++c) {
    names += std::string(CodeName(static_cast<ErrorCode>(c))) + " ";
  }
  EXPECT_EQ(names,
            "invalid_argument unauthenticated permission_denied not_found already_exists aborted "
            "failed_precondition too_large resource_exhausted unavailable internal ");
}

TEST(Date, LeapYearsAndMonthEnds) {
  EXPECT_EQ(EndOfMonth(2012, 2).ToIso(), "2012-02-29");
  EXPECT_EQ(EndOfMonth(2100, 2).ToIso(), "2100-02-28");
  EXPECT_EQ(EndOfMonth(2000, 2).ToIso(), "2000-02-29");
  EXPECT_EQ(EndOfQuarter(2012, 1).ToIso(), "2012-03-31");
  EXPECT_EQ(EndOfQuarter(2012, 2).ToIso(), "2012-06-30");
  EXPECT_FALSE(MakeDate(2011, 2, 29).has_value());
  EXPECT_FALSE(MakeDate(2012, 13, 1).has_value());
  EXPECT_TRUE(MakeDate(2012, 2, 29).has_value());
}

TEST(Date, RoundTripsThroughDays) {
  for (long d = -1000; d < 30000; d += 37) {
    CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c), d);
  }
  EXPECT_EQ(Weekday(CivilDate{2012, 2, 27}), 0);  // a Monday
  EXPECT_EQ(ParseIsoDate("2012-02-27"), (CivilDate{2012, 2, 27}));
  EXPECT_FALSE(ParseIsoDate("2012-02-30").has_value());
  EXPECT_EQ((CivilDate{2008, 1, 5}).ToVietnamese(), "05/01/2008");
}

TEST(Decimal, ExactArithmetic) {
  Decimal a{43962, 1};  // 4396.2
  auto billions = a.Shifted(9);
  ASSERT_TRUE(billions);
  EXPECT_EQ(billions->ToInteger(), 4396200000000);
  auto sum = Add(*Decimal{43962, 1}.Shifted(9), *Decimal{126, 0}.Shifted(9));
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->ToInteger(), 4522200000000);
  EXPECT_EQ((Decimal{430, 2}).ToString(), "4.3");
  EXPECT_DOUBLE_EQ((Decimal{43, 1}).AsDouble(), 4.3);
  EXPECT_FALSE((Decimal{9000000000000000000, 0}).Shifted(3).has_value());
}

TEST(Decimal, ReadsWhatSpreadsheetsStoreAndWritesTheVietnameseWay) {
  EXPECT_EQ(ParseDecimal("1510000"), (Decimal{1510000, 0}));
  EXPECT_EQ(ParseDecimal("4.30"), (Decimal{43, 1}));
  EXPECT_EQ(ParseDecimal("-0.5"), (Decimal{-5, 1}));
  EXPECT_EQ(ParseDecimal("1.2E-3"), (Decimal{12, 4}));
  EXPECT_EQ(ParseDecimal("1.6e6"), (Decimal{1600000, 0}));
  EXPECT_EQ(ParseDecimal("007"), (Decimal{7, 0}));
  for (const char* bad :
       {"", "-", ".", "1,5", "1.2.3", "12a", "1e", "1e-", " 1", "1 ", "1234567890123456789"}) {
    EXPECT_FALSE(ParseDecimal(bad)) << bad;
  }
  EXPECT_EQ((Decimal{1600000, 0}).ToVietnamese(), "1.600.000");
  EXPECT_EQ((Decimal{-43962, 1}).ToVietnamese(), "-4.396,2");
  EXPECT_EQ((Decimal{5, 2}).ToVietnamese(), "0,05");
}

Result<int> Half(int v) {
  if (v % 2) return Fail(ErrorCode::kInvalidArgument, "odd", "Số lẻ");
  return v / 2;
}

Result<int> Quarter(int v) {
  WP_ASSIGN_OR_RETURN(int h, Half(v));
  WP_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(Hash, DigestsMatchTheirPublishedTestVectors) {
  // FIPS 180-2 and RFC 7693 (BLAKE2b with a 32-byte output, no key).
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Blake2bHex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_NE(Blake2bHex("a"), Blake2bHex("b"));
}

TEST(Result, PropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "odd");
  EXPECT_EQ(CodeName(r.error().code), "invalid_argument");
}

// What a JSON parser reads back is the text given: quotes, backslashes and control characters
// escaped, Vietnamese kept as UTF-8, runs between escapes copied whole.
TEST(JsonText, EscapesWhatJsonNeedsAndKeepsUtf8) {
  std::string out;
  AppendJsonString(out, "Lao động \"việc làm\"\\x\n\ty\r\x01z");
  EXPECT_EQ(out, "\"Lao động \\\"việc làm\\\"\\\\x\\n\\ty\\r\\u0001z\"");
  out.clear();
  AppendJsonString(out, "");
  EXPECT_EQ(out, "\"\"");
  EXPECT_EQ(JsonObjectText().Add("a", "b\"").Add("n", int64_t{-3}).AddNull("z").Finish(),
            "{\"a\":\"b\\\"\",\"n\":-3,\"z\":null}");
}

TEST(LruCache, KeepsTheMostRecentlyUsedWithinItsBudget) {
  LruCache<int, std::string> cache(10);
  cache.Put(1, std::make_shared<const std::string>("a"), 4);
  cache.Put(2, std::make_shared<const std::string>("b"), 4);
  auto held = cache.Find(2);
  ASSERT_NE(cache.Find(1), nullptr);                          // 1 is now more recent than 2
  cache.Put(3, std::make_shared<const std::string>("c"), 4);  // 12 > 10: drops 2
  EXPECT_EQ(cache.Find(2), nullptr);
  EXPECT_EQ(*held, "b");  // a dropped value lives on for its holder
  EXPECT_EQ(*cache.Find(1), "a");
  EXPECT_EQ(cache.cost(), 8u);
  cache.Put(1, std::make_shared<const std::string>("A"), 2);  // replaced, cost updated
  EXPECT_EQ(*cache.Find(1), "A");
  EXPECT_EQ(cache.cost(), 6u);
  cache.Put(4, std::make_shared<const std::string>("huge"), 11);  // above the budget: not kept
  EXPECT_EQ(cache.Find(4), nullptr);
  EXPECT_EQ(cache.size(), 2u);
  cache.Erase(3);
  EXPECT_EQ(cache.Find(3), nullptr);
  EXPECT_EQ(cache.cost(), 2u);
}

}  // namespace
}  // namespace wp::core
