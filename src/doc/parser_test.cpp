#include "doc/parser.hpp"

#include "doc/metadata.hpp"
#include "text/utf8.hpp"

#include <gtest/gtest.h>

namespace wp::doc {
namespace {

const Block& B(const Document& d, int i) { return d.blocks[static_cast<size_t>(i)]; }

TEST(Parser, ReadsHeaderTitleArticlesRecipientsAndSignature) {
  const char* text =
      "Đang tải nội dung...\n"
      "BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI\n-------\n"
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
      "Số: 224/QĐ-LĐTBXH\n\nHà Nội, ngày 27 tháng 02 năm 2012\n\xC2\xA0\n"
      "QUYẾT ĐỊNH\nVỀ BAN HÀNH CHƯƠNG TRÌNH CÔNG TÁC NĂM 2012\n"
      "BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n"
      "Căn cứ Nghị định số 186/2007/NĐ-CP;\nXét đề nghị của Vụ trưởng,\nQUYẾT ĐỊNH:\n"
      "Điều 1. Ban hành kèm theo Quyết định này Chương trình.\nĐiều 2. Có hiệu lực.\n"
      "Nơi nhận:\n- Như điều 3;\n- Lưu VT, KHTC.\nBỘ TRƯỞNG\n\n\nPhạm Thị Hải Chuyền\n"
      "CHƯƠNG TRÌNH CÔNG TÁC\nNĂM 2012\n(Ban hành kèm theo Quyết định số 224/QĐ-LĐTBXH)\n"
      "I. CHỈ TIÊU\n1. Tạo việc làm 1.600 ngàn người.\n";
  auto r = Parse(text);
  ASSERT_TRUE(r) << r.error().message;
  const Document& d = *r;
  ASSERT_EQ(d.header.issuer_lines.size(), 1u);
  EXPECT_EQ(d.header.issuer_lines[0].text, "BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI");
  ASSERT_TRUE(d.header.number);
  EXPECT_EQ(d.header.number->text, "224/QĐ-LĐTBXH");
  EXPECT_EQ(d.header.place->text, "Hà Nội");
  EXPECT_EQ(d.header.date->ToIso(), "2012-02-27");
  EXPECT_EQ(d.type->text, "QUYẾT ĐỊNH");
  ASSERT_EQ(d.title.size(), 1u);
  EXPECT_TRUE(d.authority.has_value());
  EXPECT_EQ(d.legal_bases.size(), 1u);
  ASSERT_EQ(d.articles.size(), 2u);
  EXPECT_EQ(d.articles[1].number, 2);
  EXPECT_EQ(d.articles[1].text.text, "Có hiệu lực.");
  ASSERT_EQ(d.recipients.size(), 2u);
  EXPECT_EQ(d.recipients[1].text, "Lưu VT, KHTC");
  EXPECT_EQ(d.signature.name->text, "Phạm Thị Hải Chuyền");
  EXPECT_EQ(d.attachment_title.size(), 2u);
  EXPECT_TRUE(d.attachment_reference.has_value());
  EXPECT_EQ(d.noise.size(), 1u);
  ASSERT_EQ(d.roots.size(), 1u);
  EXPECT_EQ(B(d, d.roots[0]).kind, BlockKind::kPart);
  EXPECT_EQ(B(d, 1).marker, "1");
  EXPECT_EQ(B(d, 1).parent, 0);
}

TEST(Parser, ReadsAHeaderFlattenedIntoCells) {
  auto r = Parse(
      "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "-------\tĐộc lập - Tự do - Hạnh phúc\n"
      "Số: 12/QĐ-LĐTBXH\tHà Nội, ngày 5 tháng 1 năm 2015\n"
      "QUYẾT ĐỊNH\nBAN HÀNH CHƯƠNG TRÌNH CÔNG TÁC NĂM 2015\n");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->header.issuer_lines.at(0).text, "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI");
  EXPECT_EQ(r->header.number->text, "12/QĐ-LĐTBXH");
  EXPECT_EQ(r->header.date->ToIso(), "2015-01-05");
  EXPECT_TRUE(r->header.motto.has_value());
}

TEST(Parser, NestsItemsBulletsAndKeepsIrregularNumbering) {
  auto r = Parse(
      "II. GIẢI PHÁP\n"
      "11. Giảm tệ nạn\n"
      "11.2. Cục A chủ trì:\n- việc một\n+ Dự án X:\n* Nguồn vốn 5 tỷ đồng.\n+ Dự án Y\n- việc "
      "hai\n"
      "11.2. Cục B chủ trì:\n– việc ba\n"
      "9.2 Cục C chủ trì\nĐoạn văn.\n");
  ASSERT_TRUE(r) << r.error().message;
  const Document& d = *r;
  // 0 II, 1 "11", 2 "11.2", 3 "-", 4 "+", 5 "*", 6 "+", 7 "-", 8 "11.2", 9 "–", 10 "9.2", 11 para
  EXPECT_EQ(B(d, 2).parent, 1);
  EXPECT_EQ(B(d, 3).parent, 2);
  EXPECT_EQ(B(d, 4).parent, 3);
  EXPECT_EQ(B(d, 5).parent, 4);
  EXPECT_EQ(B(d, 6).parent, 3);
  EXPECT_EQ(B(d, 7).parent, 2);
  EXPECT_EQ(B(d, 8).marker, "11.2");
  EXPECT_EQ(B(d, 9).kind, BlockKind::kBullet);
  EXPECT_EQ(B(d, 10).marker, "9.2");
  EXPECT_FALSE(B(d, 10).marker_has_dot);
  EXPECT_EQ(B(d, 11).parent, 10);
  std::vector<std::string> codes;
  for (const auto& diag : d.diagnostics) codes.push_back(diag.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "duplicate_section_number"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "missing_section_number"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "section_number_missing_dot"), codes.end());
}

TEST(Parser, NumbersInProseAreNotItems) {
  auto r =
      Parse("I. MỤC\n1. Mục một\n5 Tập đoàn tham gia.\n3.000 đối tượng.\n2012 là năm bản lề.\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->blocks.size(), 5u);
  EXPECT_EQ(r->blocks[2].kind, BlockKind::kParagraph);
  EXPECT_EQ(r->blocks[3].kind, BlockKind::kParagraph);
  EXPECT_EQ(r->blocks[4].kind, BlockKind::kParagraph);
}

TEST(Parser, RejectsBadInputWithClearErrors) {
  auto bad = Parse("Quyết định \xFF");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "invalid_utf8");
  EXPECT_NE(bad.error().message.find("16"), std::string::npos);  // "Quyết định " is 16 bytes
  auto empty = Parse(" \n\t\n");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().reason, "empty_input");
  auto prose = Parse("Hôm nay trời đẹp.\nChúng tôi đi chơi.\n");
  ASSERT_FALSE(prose);
  EXPECT_EQ(prose.error().reason, "not_a_document");
}

TEST(Parser, SpansPointAtTheOriginalBytes) {
  // Decomposed "ệ" before the item: offsets stay those of the input.
  std::string text = "Vie\xCC\xA3\xCC\x82t\nI. PHẦN\n1. Mục một\n";
  auto r = Parse(text);
  ASSERT_TRUE(r);
  const Block& item = r->blocks.at(1);
  EXPECT_EQ(item.span.line, 3u);
  EXPECT_EQ(item.span.column, 1u);
  EXPECT_EQ(item.span.offset, text.find("1. Mục"));
  EXPECT_EQ(text.substr(item.span.offset, item.span.length), "1. Mục một");
}

TEST(Metadata, TypeFromTheNumbersSymbol) {
  EXPECT_EQ(TypeFromNumber("316/KH-UBND"), "KẾ HOẠCH");
  EXPECT_EQ(TypeFromNumber("80/QĐ-LĐTBXH"), "QUYẾT ĐỊNH");
  EXPECT_EQ(TypeFromNumber("55/2007/CT-UBND"), "CHỈ THỊ");
  EXPECT_EQ(TypeFromNumber("12/CTr-UBND"), "CHƯƠNG TRÌNH");
  EXPECT_FALSE(TypeFromNumber("316"));
  EXPECT_FALSE(TypeFromNumber("5/XYZ-UBND"));
}

TEST(Metadata, PeriodOfAPlan) {
  auto p = PeriodOf("KẾ HOẠCH GIAI ĐOẠN 2021 – 2025, ĐỊNH HƯỚNG ĐẾN NĂM 2030", 2021);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, 2021);
  EXPECT_EQ(p->to, 2030);
  p = PeriodOf("ĐỀ ÁN GIAI ĐOẠN 2018-2025 VÀ TẦM NHÌN ĐẾN NĂM 2030", 2017);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to, 2025);
  p = PeriodOf("VÙNG KINH TẾ TRỌNG ĐIỂM PHÍA NAM ĐẾN NĂM 2020", 2014);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, 2014);
  EXPECT_FALSE(PeriodOf("CHƯƠNG TRÌNH CÔNG TÁC NĂM 2012", 2012));
  EXPECT_FALSE(PeriodOf("KỶ NIỆM 100 NĂM NGÀY SINH (09/7/1912 - 09/7/2012)", 2012));
}

TEST(Metadata, GluedWordsPutApartOnlyWhereKnown) {
  EXPECT_EQ(Unglue("PHÊDUYỆT KẾ HOẠCH"), "PHÊ DUYỆT KẾ HOẠCH");
  EXPECT_EQ(Unglue("CHỈ THỊ SỐ29-CT/TU"), "CHỈ THỊ SỐ 29-CT/TU");
  EXPECT_EQ(Unglue("phát trin biu toàn quc"), "phát trin biu toàn quc");
  EXPECT_EQ(Unglue("1.600 ngàn"), "1.600 ngàn");
}

TEST(Parser, LetterSpacedWordsAndDigitsJoined) {
  auto r = Parse(
      "ỦY B AN NHÂN D Â N\nTỈNH KON TUM\nKẾ HOẠCH\nCÔNG TÁC NĂM 2018\nI. MỤC TIÊU\n"
      "1. T hành phố Hồ Chí M inh họp ngày 26 tháng 0 6 năm 2018 tại điểm b khoản 2.\n");
  ASSERT_TRUE(r) << r.error().message;
  const Document& d = *r;
  ASSERT_FALSE(d.header.issuer_lines.empty());
  EXPECT_EQ(text::CollapseSpaces(d.header.issuer_lines[0].text), "ỦY BAN NHÂN DÂN");
  ASSERT_EQ(d.blocks.size(), 2u);
  EXPECT_EQ(text::CollapseSpaces(B(d, 1).text),
            "Thành phố Hồ Chí Minh họp ngày 26 tháng 06 năm 2018 tại điểm b khoản 2.");
}

}  // namespace
}  // namespace wp::doc
