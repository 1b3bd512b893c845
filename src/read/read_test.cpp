#include "read/read.hpp"

#include <zip.h>

#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "read/lines.hpp"

namespace wp::read {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

// A zip archive of `files`, built in memory with libzip.
std::string Zip(const Files& files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : files) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    if (zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0)
      zip_source_free(s);
  }
  if (zip_close(z) != 0) ADD_FAILURE() << "zip_close";
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

constexpr const char* kW =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

std::string Document(const std::string& body) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document ") + kW + "><w:body>" +
         body + "</w:body></w:document>";
}

std::string Docx(const std::string& body, const std::string& numbering = "",
                 const std::string& styles = "") {
  Files files = {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", Document(body)}};
  if (!numbering.empty()) {
    files.push_back({"word/numbering.xml",
                     std::string("<w:numbering ") + kW + ">" + numbering + "</w:numbering>"});
  }
  if (!styles.empty()) {
    files.push_back(
        {"word/styles.xml", std::string("<w:styles ") + kW + ">" + styles + "</w:styles>"});
  }
  return Zip(files);
}

std::string P(const std::string& text, const std::string& ppr = "") {
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") +
         "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

std::string NumPr(int num, int ilvl) {
  return "<w:numPr><w:ilvl w:val=\"" + std::to_string(ilvl) + "\"/><w:numId w:val=\"" +
         std::to_string(num) + "\"/></w:numPr>";
}

std::string Lvl(int ilvl, const std::string& fmt, const std::string& text,
                const std::string& extra = "") {
  return "<w:lvl w:ilvl=\"" + std::to_string(ilvl) + "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" +
         fmt + "\"/><w:lvlText w:val=\"" + text + "\"/>" + extra + "</w:lvl>";
}

// An outline list: I. / 1. / a) and 1.1.; a bullet list; the outline restarted by a second num.
const std::string kNumbering =
    "<w:abstractNum w:abstractNumId=\"0\">" + Lvl(0, "upperRoman", "%1.") +
    Lvl(1, "decimal", "%2.") + Lvl(2, "lowerLetter", "%3)") + "</w:abstractNum>" +
    "<w:abstractNum w:abstractNumId=\"1\">" + Lvl(0, "decimal", "%1.") +
    Lvl(1, "decimal", "%1.%2.") + "</w:abstractNum>" + "<w:abstractNum w:abstractNumId=\"2\">" +
    Lvl(0, "bullet", "\xEF\x82\xB7") + "</w:abstractNum>" +
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>" +
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>" +
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/></w:num>" +
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\">"
    "<w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>";

std::string TextOf(const std::string& docx) {
  auto r = Extract(docx);
  EXPECT_TRUE(r) << (r ? "" : r.error().reason + ": " + r.error().message);
  return r ? r->text : "";
}

TEST(Docx, WordsAutomaticNumberingIsRebuilt) {
  std::string body = P("MỤC TIÊU", NumPr(1, 0)) + P("Việc làm", NumPr(1, 1)) +
                     P("Tạo việc làm", NumPr(1, 2)) + P("Dạy nghề", NumPr(1, 2)) +
                     P("Giảm nghèo", NumPr(1, 1)) + P("Giảm tỷ lệ", NumPr(1, 2)) +
                     P("NHIỆM VỤ", NumPr(1, 0)) + P("Lao động", NumPr(1, 1)) +
                     P("Một", NumPr(2, 0)) + P("Một một", NumPr(2, 1)) + P("Một hai", NumPr(2, 1)) +
                     P("Hai", NumPr(2, 0)) + P("Hai một", NumPr(2, 1)) + P("Gạch", NumPr(3, 0)) +
                     P("Lại một", NumPr(4, 0)) + P("Không số", NumPr(0, 0));
  EXPECT_EQ(TextOf(Docx(body, kNumbering)),
            "I. MỤC TIÊU\n1. Việc làm\na) Tạo việc làm\nb) Dạy nghề\n2. Giảm nghèo\na) Giảm tỷ lệ\n"
            "II. NHIỆM VỤ\n1. Lao động\n1. Một\n1.1. Một một\n1.2. Một hai\n2. Hai\n2.1. Hai một\n"
            "- Gạch\n1. Lại một\nKhông số\n");
}

TEST(Docx, NumberingFromTheStyleChain) {
  std::string styles =
      "<w:style w:type=\"paragraph\" w:styleId=\"Base\"><w:pPr>" + NumPr(1, 0) +
      "</w:pPr></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Heading\"><w:basedOn w:val=\"Base\"/></w:style>";
  std::string body = P("MỤC TIÊU", "<w:pStyle w:val=\"Heading\"/>") +
                     P("NHIỆM VỤ", "<w:pStyle w:val=\"Heading\"/>");
  EXPECT_EQ(TextOf(Docx(body, kNumbering, styles)), "I. MỤC TIÊU\nII. NHIỆM VỤ\n");
}

TEST(Docx, TrackedChangesHiddenRunsFieldsAndLinks) {
  std::string body =
      "<w:p><w:r><w:t>Tạo việc làm cho </w:t></w:r><w:del><w:r><w:delText>1,5</w:delText></w:r>"
      "</w:del><w:ins><w:r><w:t>1,6</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\"> triệu"
      "</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t> ẩn</w:t></w:r><w:hyperlink><w:r><w:t> lao"
      " động</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>"
      "<w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
      "<w:r><w:t>.</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
      "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d"
      "</w:t></w:r></w:p><w:sdt><w:sdtContent>" +
      P("trong sdt") + "</w:sdtContent></w:sdt>";
  EXPECT_EQ(TextOf(Docx(body)), "Tạo việc làm cho 1,6 triệu lao động.\na\tb\nc-d\ntrong sdt\n");
}

TEST(Docx, TextBoxReadOnceAfterItsParagraph) {
  std::string box = "<w:txbxContent>" + P("trong hộp") + "</w:txbxContent>";
  std::string body =
      "<w:p><w:r><w:t>trước</w:t></w:r><w:r><mc:AlternateContent "
      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><mc:Choice>"
      "<w:drawing><wps:txbx xmlns:wps=\"x\">" +
      box +
      "</wps:txbx></w:drawing></mc:Choice>"
      "<mc:Fallback><w:pict><v:textbox xmlns:v=\"y\">" +
      box + "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>" + P("sau");
  EXPECT_EQ(TextOf(Docx(body)), "trước\ntrong hộp\nsau\n");
}

std::string Tc(const std::string& content, const std::string& tcpr = "") {
  return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + content + "</w:tc>";
}

TEST(Docx, TablesRowsCellsMergesAndTheHeaderAndClosingTables) {
  std::string header =
      "<w:tbl><w:tr>" + Tc(P("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") + P("-------")) +
      Tc(P("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + P("Độc lập - Tự do - Hạnh phúc")) +
      "</w:tr><w:tr>" + Tc(P("Số: 1/QĐ-LĐTBXH")) + Tc(P("Hà Nội, ngày 2 tháng 1 năm 2013")) +
      "</w:tr></w:tbl>";
  std::string tasks =
      "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>" + Tc(P("TT")) + Tc(P("Nội dung")) +
      Tc(P("Chủ trì")) + "</w:tr><w:tr>" + Tc(P("1")) + Tc(P("Việc một") + P("tiếp")) +
      Tc(P("Cục A"), "<w:vMerge w:val=\"restart\"/>") + "</w:tr><w:tr>" + Tc(P("2")) +
      Tc(P("Việc hai")) + Tc(P(""), "<w:vMerge/>") + "</w:tr><w:tr>" +
      Tc(P("Tổng"), "<w:gridSpan w:val=\"2\"/>") + Tc(P("Vụ B")) + "</w:tr></w:tbl>";
  std::string closing = "<w:tbl><w:tr>" + Tc(P("Nơi nhận:") + P("- Lưu: VT.")) +
                        Tc(P("BỘ TRƯỞNG") + P("Nguyễn Văn A")) + "</w:tr></w:tbl>";
  auto r = Extract(Docx(header + P("QUYẾT ĐỊNH") + tasks + closing));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text,
            "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "-------\tĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 1/QĐ-LĐTBXH\tHà Nội, ngày 2 tháng 1 năm 2013\n"
            "QUYẾT ĐỊNH\n"
            "TT\tNội dung\tChủ trì\n1\tViệc một tiếp\tCục A\n2\tViệc hai\nTổng\t\tVụ B\n"
            "Nơi nhận:\n- Lưu: VT.\nBỘ TRƯỞNG\nNguyễn Văn A\n");
  ASSERT_EQ(r->origins.size(), 12u);
  EXPECT_EQ(r->origins[0], (Origin{0, 1, 1, false}));
  EXPECT_EQ(r->origins[3], (Origin{0, 2, 0, false}));
  EXPECT_EQ(r->origins[4], (Origin{0, 3, 1, true}));
  EXPECT_EQ(r->origins[7], (Origin{0, 3, 4, false}));
}

TEST(Docx, HostileFilesAreRefusedWithTheirReason) {
  // Tables nested past the depth bound.
  std::string nested = P("x");
  for (int i = 0; i < 80; ++i) nested = "<w:tbl><w:tr><w:tc>" + nested + "</w:tc></w:tr></w:tbl>";
  auto deep = Extract(Docx(nested));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().reason, "docx_invalid");
  // Broken XML.
  auto broken = Extract(Zip({{"word/document.xml", "<w:document><w:body><w:p>"}}));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().reason, "docx_invalid");
  // A zip bomb: one part inflating past the budget.
  Limits small;
  small.max_inflated = 1 << 20;
  auto bomb = Extract(Zip({{"word/document.xml", Document(P(std::string(3 << 20, 'a')))}}),
                      std::nullopt, small);
  ASSERT_FALSE(bomb);
  EXPECT_EQ(bomb.error().reason, "docx_too_large");
  // Too much text once read.
  Limits little_text;
  little_text.max_text = 1000;
  std::string many;
  for (int i = 0; i < 200; ++i) many += P("mười chữ một dòng");
  auto text = Extract(Docx(many), std::nullopt, little_text);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().reason, "text_too_large");
  // Above the upload size.
  Limits tiny;
  tiny.max_upload = 100;
  auto upload = Extract(Docx(many), std::nullopt, tiny);
  ASSERT_FALSE(upload);
  EXPECT_EQ(upload.error().reason, "file_too_large");
  EXPECT_EQ(upload.error().code, core::ErrorCode::kTooLarge);
}

TEST(Sniff, TheFormIsTheBytesNotTheName) {
  EXPECT_EQ(Sniff(Docx(P("x"))).value(), Form::kDocx);
  EXPECT_EQ(Sniff("%PDF-1.7\n...").value(), Form::kPdf);
  EXPECT_EQ(Sniff("QUYẾT ĐỊNH\n").value(), Form::kText);
  EXPECT_EQ(Sniff("").value(), Form::kText);
  // Text in a legacy 8-bit encoding stays text: the parser names its first invalid line.
  EXPECT_EQ(Sniff("Qu\xB6ng Ng\xB7i\n").value(), Form::kText);
  auto doc = Sniff(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0'));
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().reason, "unsupported_format");
  EXPECT_EQ(doc.error().message, "Tệp .doc (Word 97–2003): hãy lưu lại thành .docx");
  auto odt = Sniff(
      Zip({{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", "<x/>"}}));
  ASSERT_FALSE(odt);
  EXPECT_EQ(odt.error().reason, "unsupported_format");
  EXPECT_NE(odt.error().message.find(".odt"), std::string::npos);
  auto xlsx = Sniff(Zip({{"xl/workbook.xml", "<x/>"}}));
  ASSERT_FALSE(xlsx);
  EXPECT_NE(xlsx.error().message.find("Excel"), std::string::npos);
  auto png = Sniff(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  ASSERT_FALSE(png);
  EXPECT_EQ(png.error().reason, "unsupported_format");
  auto not_zip = Extract(std::string("PK\x03\x04garbage", 11));
  ASSERT_FALSE(not_zip);
  EXPECT_EQ(not_zip.error().reason, "docx_invalid");
}

TEST(Text, PassesThroughWithALineEach) {
  auto r = Extract("a\nb\n\nc");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, "a\nb\n\nc");
  EXPECT_EQ(r->origins.size(), 4u);
  EXPECT_EQ(r->origins[3].paragraph, 4);
}

TEST(Serialize, RoundTripsAnAnswerAndAnError) {
  Extracted e;
  e.form = Form::kPdf;
  e.pages = 3;
  e.text = "một:\nhai 12:3\n";
  e.origins = {{1, 0, 0, false}, {3, 0, 0, false}};
  e.notes = {{"pdf_pages_without_text", "Các trang: 2"}};
  auto back = Deserialize(Serialize(e));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->text, e.text);
  EXPECT_EQ(back->pages, 3);
  EXPECT_EQ(back->origins, e.origins);
  EXPECT_EQ(back->notes[0].message, "Các trang: 2");
  core::Result<Extracted> err = core::Fail(core::ErrorCode::kTooLarge, "pdf_too_many_pages", "x");
  auto err_back = Deserialize(Serialize(err));
  ASSERT_FALSE(err_back);
  EXPECT_EQ(err_back.error().reason, "pdf_too_many_pages");
  EXPECT_EQ(err_back.error().code, core::ErrorCode::kTooLarge);
  for (std::string bad : {"", "WPX1", "WPX12:ok3:pdf", "WPX199999999999:ok", "WPX15:error1:9"}) {
    EXPECT_FALSE(Deserialize(bad)) << bad;
  }
}

// ---- line assembly over synthetic boxes ----------------------------------------------------

Box B(std::string text, double x, double y, double w, double size = 12) {
  return Box{std::move(text), x, y, w, size, size};
}

TEST(Lines, LetterSpacedWordsHealAndColumnsBecomeTabs) {
  PageBoxes page;
  page.boxes = {B("ỦY", 72, 100, 16),     B("B", 91.5, 100, 8),   B("AN", 100.5, 100, 16),
                B("NHÂN", 119, 100, 30),  B("DÂN", 152, 100, 24), B("CỘNG", 300, 100, 30),
                B("HÒA", 333, 100, 24),   B("ngày", 72, 130, 24), B("26", 99, 130, 12),
                B("tháng", 114, 130, 30), B("0", 147, 130, 6),    B("6", 154.5, 130, 6)};
  Assembly a = AssembleLines({page});
  ASSERT_EQ(a.lines.size(), 2u);
  EXPECT_EQ(a.lines[0].text, "ỦY BAN NHÂN DÂN\tCỘNG HÒA");
  EXPECT_EQ(a.lines[1].text, "ngày 26 tháng 06");
}

TEST(Lines, FurnitureIsDroppedAndWrapsJoined) {
  std::vector<PageBoxes> pages(3);
  for (int p = 0; p < 3; ++p) {
    pages[static_cast<size_t>(p)].boxes = {B("CÔNG", 72, 20, 30),
                                           B("BÁO/Số", 105, 20, 40),
                                           B("12/Ngày", 148, 20, 40),
                                           B("Bộ", 72, 40, 14),
                                           B("Lao", 89, 40, 18),
                                           B("động", 110, 40, 28),  // margin? no
                                           B(std::to_string(p + 1), 290, 800, 8)};
  }
  // A paragraph wrapping on page 1: the first line reaches the right edge.
  auto& first = pages[0].boxes;
  first.push_back(B("Tạo", 72, 200, 20));
  first.push_back(B("việc", 95, 200, 420));  // ends at 515, the body's right edge
  first.push_back(B("làm", 72, 215, 20));
  first.push_back(B("mới.", 95, 215, 25));
  first.push_back(B("-", 72, 230, 5));
  first.push_back(B("Một", 80, 230, 435));
  first.push_back(B("việc.", 72, 245, 30));
  Assembly a = AssembleLines(pages);
  std::vector<std::string> texts;
  for (const auto& l : a.lines) texts.push_back(l.text);
  // "CÔNG BÁO/Số …" (every page, any place) and the page numbers in the bottom margin go;
  // "Bộ Lao động" at y=40 (in the top 8 %) repeats on every page: a running header.
  EXPECT_EQ(texts, (std::vector<std::string>{"Tạo việc làm mới.", "- Một việc."}));
  EXPECT_EQ(a.furniture_dropped, 9);
}

TEST(Lines, PagesWithoutTextAndHostileBoxes) {
  std::vector<PageBoxes> pages(3);
  pages[1].boxes = {B("chữ", 72, 300, 20)};
  double nan = std::numeric_limits<double>::quiet_NaN();
  pages[2].boxes = {Box{"x", nan, 1, 1, 1, 1}, Box{"y", 1e300, 1, 1, 1, 1}, Box{"", 1, 1, 1, 1, 1}};
  Assembly a = AssembleLines(pages);
  EXPECT_EQ(a.pages_without_text, (std::vector<int>{1, 3}));
  ASSERT_EQ(a.lines.size(), 1u);
  EXPECT_EQ(a.lines[0].page, 2);
}

// ---- PDFs LibreOffice made (tests/read/make_fixtures.py) -----------------------------------

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/tests/read/fixtures/" + name, std::ios::binary);
  EXPECT_TRUE(f) << name;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

TEST(Pdf, ReadsTheSeedWithoutPageFurniture) {
  auto r = Extract(Fixture("molisa_2012.pdf"));
  ASSERT_TRUE(r) << r.error().reason;
  EXPECT_EQ(r->form, Form::kPdf);
  EXPECT_GT(r->pages, 10);
  EXPECT_EQ(r->text.find("Số: 224/QĐ-LĐTBXH\n") != std::string::npos, true);
  EXPECT_EQ(r->origins.size(),
            static_cast<size_t>(std::count(r->text.begin(), r->text.end(), '\n')));
  EXPECT_EQ(r->origins.back().page, r->pages);
}

TEST(Pdf, RefusesScansLockedFilesAndTooManyPages) {
  auto scan = Extract(Fixture("refuse_scan.pdf"));
  ASSERT_FALSE(scan);
  EXPECT_EQ(scan.error().reason, "pdf_no_text");
  auto locked = Extract(Fixture("refuse_locked.pdf"));
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().reason, "pdf_locked");
  Limits few;
  few.max_pages = 3;
  auto pages = Extract(Fixture("molisa_2012.pdf"), std::nullopt, few);
  ASSERT_FALSE(pages);
  EXPECT_EQ(pages.error().reason, "pdf_too_many_pages");
  auto cut = Extract(Fixture("molisa_2012.pdf").substr(0, 3000));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().reason.substr(0, 4), "pdf_");
}

}  // namespace
}  // namespace wp::read

namespace wp::read {
namespace {

TEST(Child, ReadsAPdfInAChildProcessAsInProcess) {
  std::string pdf = Fixture("molisa_2008.pdf");
  auto here = Extract(pdf);
  auto there = ExtractPdfInChild(pdf, WP_WORKPLAN);
  ASSERT_TRUE(here);
  ASSERT_TRUE(there) << there.error().reason << ": " << there.error().message;
  EXPECT_EQ(there->text, here->text);
  EXPECT_EQ(there->origins, here->origins);
  EXPECT_EQ(there->pages, here->pages);
  // The child's refusals come back as the same errors.
  auto scan = ExtractPdfInChild(Fixture("refuse_scan.pdf"), WP_WORKPLAN);
  ASSERT_FALSE(scan);
  EXPECT_EQ(scan.error().reason, "pdf_no_text");
  Limits few;
  few.max_pages = 2;
  auto pages = ExtractPdfInChild(pdf, WP_WORKPLAN, few);
  ASSERT_FALSE(pages);
  EXPECT_EQ(pages.error().reason, "pdf_too_many_pages");
  // A child that cannot start, or answers nonsense, is a refusal, not a crash.
  auto missing = ExtractPdfInChild(pdf, "/nonexistent/workplan");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "pdf_invalid");
  auto silent = ExtractPdfInChild(pdf, "/bin/true");
  ASSERT_FALSE(silent);
  EXPECT_EQ(silent.error().reason, "pdf_invalid");
}

}  // namespace
}  // namespace wp::read
