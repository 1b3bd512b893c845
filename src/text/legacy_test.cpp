// Legacy fonts (text/legacy.hpp) on real words: the TCVN3 bytes below are what glibc's iconv
// (TCVN5712-1, whose upper half is TCVN3's) writes for them, as an old .txt holds them (8-bit)
// and as a .docx or a PDF typed in .VnTime holds them (the same code points in UTF-8).

#include "text/legacy.hpp"

#include <gtest/gtest.h>

#include <string>

#include "text/utf8.hpp"

namespace wp::text {
namespace {

// 8-bit bytes → the same code points in UTF-8 (what Word stores for text typed in .VnTime).
std::string AsUtf8(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) AppendUtf8(out, b);
  return out;
}

// "Quảng Ngãi, ngày 15 tháng 3 năm 2012"
constexpr std::string_view kQuangNgai = "Qu\xb6ng Ng\xb7i, ng\xb5y 15 th\xb8ng 3 n\xa8m 2012";
// "Bộ Lao động - Thương binh và Xã hội"
constexpr std::string_view kMinistry =
    "B\xe9 Lao \xae\xe9ng - Th\xad\xacng binh v\xb5 X\xb7 h\xe9i";
// "Độc lập - Tự do - Hạnh phúc"
constexpr std::string_view kMotto = "\xa7\xe9\x63 l\xcbp - T\xf9 do - H\xb9nh ph\xf3\x63";
// "Giảm tỷ lệ hộ nghèo bình quân 1,7% đến 2%/năm"
constexpr std::string_view kTarget =
    "Gi\xb6m t\xfb l\xd6 h\xe9 ngh\xcco b\xd7nh qu\xa9n 1,7% \xae\xd5n 2%/n\xa8m";
// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in .VnTimeH (the lower-case code points drawn as capitals)
constexpr std::string_view kRepublic =
    "C\xe9NG H\xdf"
    "A X\xb7 H\xe9I CH\xf1 NGH\xdc"
    "A VI\xd6T NAM";
// "Điều 1. Ban hành kèm theo Quyết định này Chương trình công tác năm 2012"
constexpr std::string_view kArticle =
    "\xa7i\xd2u 1. Ban h\xb5nh k\xccm theo Quy\xd5t \xae\xdenh n\xb5y Ch\xad\xacng tr\xd7nh "
    "c\xabng t\xb8\x63 n\xa8m 2012";

std::string Document(bool utf8) {
  std::string raw = std::string(kRepublic) + "\n" + std::string(kMotto) + "\n" +
                    std::string(kQuangNgai) + "\n" + std::string(kArticle) + "\n" +
                    std::string(kMinistry) + "\n" + std::string(kTarget) + "\n";
  return utf8 ? AsUtf8(raw) : raw;
}

constexpr std::string_view kExpected =
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Quảng Ngãi, ngày 15 tháng 3 năm 2012\n"
    "Điều 1. Ban hành kèm theo Quyết định này Chương trình công tác năm 2012\n"
    "Bộ Lao động - Thương binh và Xã hội\nGiảm tỷ lệ hộ nghèo bình quân 1,7% đến 2%/năm\n";

TEST(Legacy, ConvertsTcvn3WordsReadAsUnicode) {
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8(kQuangNgai)), "Quảng Ngãi, ngày 15 tháng 3 năm 2012");
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8(kMinistry)), "Bộ Lao động - Thương binh và Xã hội");
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8(kMotto)), "Độc lập - Tự do - Hạnh phúc");
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8(kTarget)), "Giảm tỷ lệ hộ nghèo bình quân 1,7% đến 2%/năm");
}

TEST(Legacy, CapitalsOfVnTimeHBecomeCapitals) {
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8(kRepublic)), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  // A word in capitals in a line that is not ("UBND tỉnh", "QUYẾT ĐỊNH số").
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8("QUY\xd5T \xae\xdeNH s\xe8 12")), "QUYẾT ĐỊNH số 12");
  // A title-case word keeps its small letters ("Hồ" is not "HỒ").
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8("TP H\xe5 Ch\xdd Minh")), "TP Hồ Chí Minh");
}

TEST(Legacy, DetectsAndConvertsAWholeDecisionInEitherForm) {
  for (bool utf8 : {true, false}) {
    std::string doc = Document(utf8);
    EXPECT_EQ(DetectLegacy(doc), LegacyEncoding::kTcvn3) << utf8;
    EXPECT_EQ(Tcvn3ToUnicode(doc), kExpected) << utf8;
  }
}

TEST(Legacy, UnicodeVietnameseIsNotMistakenForALegacyFont) {
  EXPECT_EQ(DetectLegacy(kExpected), LegacyEncoding::kNone);
  // Unicode text with the odd «quotes», § and · of a real decision.
  std::string s(kExpected);
  s += "Theo «Luật» § 3 · điểm a ® ¼ ½ ¾\n";
  EXPECT_EQ(DetectLegacy(s), LegacyEncoding::kNone);
  EXPECT_EQ(DetectLegacy("Plain ASCII text, 2012.\n"), LegacyEncoding::kNone);
  EXPECT_EQ(DetectLegacy(""), LegacyEncoding::kNone);
}

TEST(Legacy, AMixedFileKeepsItsUnicodeParagraphs) {
  std::string doc = Document(true) + "Trưởng phòng (Unicode)\n";
  EXPECT_EQ(DetectLegacy(doc), LegacyEncoding::kTcvn3);
  EXPECT_EQ(Tcvn3ToUnicode(doc), std::string(kExpected) + "Trưởng phòng (Unicode)\n");
}

TEST(Legacy, AnEightBitFileKeepsItsWindowsPunctuation) {
  // An 8-bit .txt from Windows: TCVN3 letters beside Windows-1252's en dash and quotes.
  std::string raw = std::string(kMinistry) + "\n\x93Lao \xae\xe9ng \x96 vi\xd6\x63 l\xb5m\x94\n";
  EXPECT_EQ(DetectLegacy(raw), LegacyEncoding::kTcvn3);
  EXPECT_EQ(Tcvn3ToUnicode(raw), "Bộ Lao động - Thương binh và Xã hội\n“Lao động – việc làm”\n");
}

TEST(Legacy, TheUhornAPdfReaderGaveAsAHyphen) {
  // poppler gives TCVN3's 0xAD ("ư") as "-": "Thương", "người", "như" come back; a hyphen in a
  // number or a code, or between spaced words, stays.
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8("B\xe9 Lao \xae\xe9ng - Th-\xacng binh v\xb5 X\xb7 h\xe9i")),
            "Bộ Lao động - Thương binh và Xã hội");
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8("ng-\xeai d\xa9n nh- sau")), "người dân như sau");
  EXPECT_EQ(Tcvn3ToUnicode(AsUtf8("S\xe8: 224/Q\xa7-L\xa7TBXH, 1,7-2%")),
            "Số: 224/QĐ-LĐTBXH, 1,7-2%");
}

TEST(Legacy, VniIsRecognised) {
  // "Cộng hòa xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc / Quảng Ngãi, ngày 15
  // tháng 3 năm 2012 / Bộ Lao động - Thương binh và Xã hội" in VNI Windows.
  std::string vni =
      "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n"
      "Quaûng Ngaõi, ngaøy 15 thaùng 3 naêm 2012\nBoä Lao ñoäng - Thöông binh vaø Xaõ hoäi\n";
  EXPECT_EQ(DetectLegacy(vni), LegacyEncoding::kVni);
  // The same as 8-bit bytes (Latin-1 code points).
  std::string bytes;
  size_t pos = 0;
  while (pos < vni.size()) bytes += static_cast<char>(NextCodePoint(vni, pos));
  EXPECT_EQ(DetectLegacy(bytes), LegacyEncoding::kVni);
}

}  // namespace
}  // namespace wp::text
