#include <zip.h>

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "export/csv.hpp"
#include "export/docx.hpp"
#include "export/workbook.hpp"

namespace wp::xport {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

// A zip archive of `files`, built in memory with libzip.
std::string Zip(const Files& files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (src == nullptr) ADD_FAILURE() << "zip_source_buffer_create";
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) ADD_FAILURE() << zip_error_strerror(&err);
  for (const auto& [name, data] : files) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    if (zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
      ADD_FAILURE() << "zip_file_add " << name << ": " << zip_strerror(z);
      zip_source_free(s);
    }
  }
  if (zip_close(z) != 0) ADD_FAILURE() << "zip_close: " << zip_strerror(z);
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

// One part of a zip archive, or "" when it is missing.
std::string Unzip(const std::string& bytes, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  zip_error_fini(&err);
  if (z == nullptr) {
    zip_source_free(src);
    return "";
  }
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
    char buf[4096];
    zip_int64_t n = 0;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    zip_fclose(f);
  }
  zip_discard(z);
  return out;
}

constexpr char kMain[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelTypes[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A one-sheet package around `sheet_xml`, as small as a reader must accept.
std::string OneSheetXlsx(const std::string& sheet_xml, const std::string& strings_xml = "") {
  Files files = {
      {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRelTypes +
                              "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
                              "</sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       std::string("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                   "relationships\"><Relationship Id=\"rId1\" Type=\"") +
           kRelTypes + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", sheet_xml},
  };
  if (!strings_xml.empty()) files.push_back({"xl/sharedStrings.xml", strings_xml});
  return Zip(files);
}

std::string SheetXml(const std::string& rows) {
  return std::string("<worksheet xmlns=\"") + kMain + "\"><sheetData>" + rows +
         "</sheetData></worksheet>";
}

void ExpectInvalid(const core::Result<ReadBook>& r, const std::string& what) {
  ASSERT_FALSE(r) << what;
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << what;
  EXPECT_EQ(r.error().reason, "xlsx_invalid") << what;
  EXPECT_EQ(r.error().message, "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.") << what;
}

// ---- cell references

TEST(CellRef, ColumnNamesAndReferences) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(51), "AZ");
  EXPECT_EQ(ColumnName(52), "BA");
  EXPECT_EQ(ColumnName(701), "ZZ");
  EXPECT_EQ(ColumnName(702), "AAA");
  EXPECT_EQ(ColumnName(16383), "XFD");
  EXPECT_EQ(ColumnName(16384), "");
  EXPECT_EQ(ColumnName(-1), "");
  EXPECT_EQ(CellRef(6, 1), "B7");
  EXPECT_EQ(CellRef(1048575, 16383), "XFD1048576");
  EXPECT_EQ(CellRef(1048576, 0), "");
  for (int col : {0, 25, 26, 51, 52, 701, 702, 16383}) {
    EXPECT_EQ(ParseCellRef(CellRef(41, col)), (std::pair{41, col})) << col;
  }
}

TEST(CellRef, ParsesOnlyWellFormedReferences) {
  EXPECT_EQ(ParseCellRef("B7"), (std::pair{6, 1}));
  EXPECT_EQ(ParseCellRef("A1"), (std::pair{0, 0}));
  EXPECT_EQ(ParseCellRef("AZ10"), (std::pair{9, 51}));
  EXPECT_EQ(ParseCellRef("XFD1048576"), (std::pair{1048575, 16383}));
  for (const char* bad : {"", "A", "7", "A0", "1A", "A01", "b7", "$B$7", "B7 ", " B7", "XFE1",
                          "AAAA1", "A1048577", "A99999999", "B-7", "B7:C8"}) {
    EXPECT_FALSE(ParseCellRef(bad).has_value()) << bad;
  }
}

TEST(NumberText, SixteenSignificantDigitsAsLibxlsxwriterWrites) {
  EXPECT_EQ(NumberText(4.3), "4.3");
  EXPECT_EQ(NumberText(1510000), "1510000");
  EXPECT_EQ(NumberText(-12.5), "-12.5");
  EXPECT_EQ(NumberText(0.1 + 0.2), "0.3");  // 0.30000000000000004 needs a 17th digit
  EXPECT_EQ(NumberText(0.1 + 0.7), "0.7999999999999999");
  EXPECT_EQ(NumberText(1e20), "1E+20");
  EXPECT_EQ(NumberText(1e-7), "1E-07");
  EXPECT_EQ(Cell::Number(4396.2).text, "4396.2");
}

// ---- writing and reading back

Workbook ReportForm() {
  const CellStyle header{.bold = true, .wrap = true};
  const CellStyle input{.input = true};
  const CellStyle input_number{.input = true, .format = NumberFormat::kDecimal};

  Sheet form;
  form.name = "Báo cáo quý I";
  form.protect = true;
  form.freeze_rows = 2;
  form.column_widths = {6, 40, 0, 16};
  form.rows = {
      {Cell::Text("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024", header)},
      {Cell::Text("STT", header), Cell::Text("Nhiệm vụ", header), Cell::Text("Chỉ tiêu", header),
       Cell::Text("Trạng thái", header), Cell::Text("Kết quả", header)},
      {Cell::Number(1, {.format = NumberFormat::kInteger}),
       Cell::Text("Giải quyết việc làm cho 1,51 triệu lao động"),
       Cell::Number(1510000, {.format = NumberFormat::kInteger}), Cell::Empty(input),
       Cell::Empty(input_number)},
      {Cell::Number(2), Cell::Text("Giảm tỷ lệ hộ nghèo “đa chiều”"),
       Cell::Number(4.3, {.format = NumberFormat::kDecimal}), Cell::Text("Hoàn thành", input),
       Cell::Number(0.1 + 0.2, input_number)},
      {Cell::Number(-12.5), Cell::Text("  khoảng trắng đầu và cuối  "), Cell::Number(1e20),
       Cell::Number(1e-7), Cell::Bool(true)},
      {Cell::Text("dòng 1\ndòng 2\ttab\rCR"), Cell::Text("=SUM(A1:A3)"),
       Cell::Text("chữ _x0041_ giữ nguyên"), Cell::Text(""), Cell::Number(0.1 + 0.7)},
  };
  form.merges = {{0, 0, 0, 4}};
  form.lists = {{2, 3, 3, {"Chưa thực hiện", "Đang thực hiện", "Hoàn thành"}}};

  Sheet meta;
  meta.name = "_meta";
  meta.hidden = true;
  meta.rows = {{Cell::Text("form"), Cell::Text("bc-2024-q1")},
               {Cell::Text("version"), Cell::Number(3)}};

  Workbook book;
  book.title = "Báo cáo quý I";
  book.author = "Bộ Lao động - Thương binh và Xã hội";
  book.sheets = {meta, form};  // the hidden sheet first: the form must still open first
  return book;
}

TEST(Xlsx, WritesAndReadsBackEveryCell) {
  const Workbook book = ReportForm();
  auto bytes = WriteXlsx(book);
  ASSERT_TRUE(bytes) << bytes.error().reason << " " << bytes.error().internal_note;
  EXPECT_EQ(bytes->substr(0, 2), "PK");

  auto read = ReadXlsx(*bytes);
  ASSERT_TRUE(read) << read.error().reason << " " << read.error().internal_note;
  ASSERT_EQ(read->sheets.size(), 2u);
  EXPECT_EQ(read->sheets[0].name, "_meta");
  EXPECT_TRUE(read->sheets[0].hidden);
  EXPECT_EQ(read->sheets[1].name, "Báo cáo quý I");
  EXPECT_FALSE(read->sheets[1].hidden);
  EXPECT_EQ(read->FindSheet("Nope"), nullptr);

  for (const Sheet& sheet : book.sheets) {
    const ReadSheet* got = read->FindSheet(sheet.name);
    ASSERT_NE(got, nullptr) << sheet.name;
    size_t expected_cells = 0;
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const Cell& cell = sheet.rows[r][c];
        const ReadCell* rc = got->Find(static_cast<int>(r), static_cast<int>(c));
        const std::string at = sheet.name + "!" + CellRef(static_cast<int>(r), static_cast<int>(c));
        if (cell.kind == Cell::Kind::kEmpty ||
            (cell.kind == Cell::Kind::kText && cell.text.empty())) {
          EXPECT_EQ(rc, nullptr) << at << " should be empty";
          continue;
        }
        ++expected_cells;
        ASSERT_NE(rc, nullptr) << at;
        EXPECT_EQ(CellKindName(rc->kind), std::string(CellKindName(cell.kind))) << at;
        EXPECT_EQ(rc->text, cell.text) << at;
        EXPECT_TRUE(rc->formula.empty()) << at;
        EXPECT_FALSE(rc->error) << at;
        if (cell.kind == Cell::Kind::kNumber) {
          // Exactly the double written, except where it needs 17 digits.
          EXPECT_DOUBLE_EQ(std::stod(rc->text), cell.number) << at;
        }
      }
    }
    EXPECT_EQ(got->cells.size(), expected_cells) << sheet.name;
  }

  const ReadSheet& form = *read->FindSheet("Báo cáo quý I");
  EXPECT_EQ(form.Find(2, 2)->text, "1510000");
  EXPECT_EQ(form.Find(3, 2)->text, "4.3");
  EXPECT_EQ(form.Find(3, 4)->text, "0.3");  // 0.1 + 0.2, as Excel would show it
  EXPECT_EQ(form.Find(4, 2)->text, "1E+20");
  EXPECT_EQ(form.Find(4, 4)->text, "TRUE");
  EXPECT_EQ(form.Find(5, 0)->text, "dòng 1\ndòng 2\ttab\rCR");
  EXPECT_EQ(form.Find(5, 1)->text, "=SUM(A1:A3)");  // a text, never a formula
  EXPECT_EQ(form.Find(5, 2)->text, "chữ _x0041_ giữ nguyên");
  EXPECT_EQ(form.Find(4, 1)->text, "  khoảng trắng đầu và cuối  ");
}

TEST(Xlsx, FormIsProtectedWithUnlockedInputCellsAndAStatusList) {
  auto bytes = WriteXlsx(ReportForm());
  ASSERT_TRUE(bytes);
  const std::string workbook = Unzip(*bytes, "xl/workbook.xml");
  EXPECT_NE(workbook.find("<sheet name=\"_meta\" sheetId=\"1\" state=\"hidden\""),
            std::string::npos)
      << workbook;
  EXPECT_NE(workbook.find("activeTab=\"1\""), std::string::npos) << workbook;

  const std::string form = Unzip(*bytes, "xl/worksheets/sheet2.xml");
  EXPECT_NE(form.find("<sheetProtection sheet=\"1\""), std::string::npos);
  EXPECT_EQ(form.find("password"), std::string::npos);
  EXPECT_NE(form.find("<dataValidation type=\"list\""), std::string::npos);
  EXPECT_NE(form.find("sqref=\"D3:D4\""), std::string::npos);
  EXPECT_NE(form.find("<formula1>\"Chưa thực hiện,Đang thực hiện,Hoàn thành\"</formula1>"),
            std::string::npos);
  EXPECT_NE(form.find("<mergeCell ref=\"A1:E1\"/>"), std::string::npos);
  EXPECT_NE(form.find("<pane ySplit=\"2\""), std::string::npos);
  EXPECT_NE(form.find("<c r=\"E3\" s="), std::string::npos) << "empty input cells keep a style";
  EXPECT_EQ(Unzip(*bytes, "xl/worksheets/sheet1.xml").find("sheetProtection"), std::string::npos);

  const std::string styles = Unzip(*bytes, "xl/styles.xml");
  EXPECT_NE(styles.find("<protection locked=\"0\"/>"), std::string::npos);
  EXPECT_NE(styles.find("FFFFF2CC"), std::string::npos);  // the light yellow of input cells
  EXPECT_NE(styles.find("formatCode=\"#,##0.###\""), std::string::npos);

  EXPECT_NE(Unzip(*bytes, "docProps/core.xml").find("Bộ Lao động"), std::string::npos);
}

core::Error WriteError(const Workbook& book) {
  auto r = WriteXlsx(book);
  EXPECT_FALSE(r);
  return r ? core::Error{} : r.error();
}

Workbook OneSheet(std::string name) {
  Sheet sheet;
  sheet.name = std::move(name);
  sheet.rows = {{Cell::Text("x")}};
  Workbook book;
  book.sheets.push_back(std::move(sheet));
  return book;
}

TEST(Xlsx, RefusesSheetNamesExcelWouldRefuse) {
  for (const std::string bad : {"", "Báo cáo tổng hợp kết quả thực hiện năm", "Quý I/2024", "[x]",
                                "a:b", "a*b", "a?b", "a\\b", "'Báo cáo'", "History", "Tên \xff"}) {
    const core::Error e = WriteError(OneSheet(bad));
    EXPECT_EQ(e.code, core::ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(e.reason, "bad_sheet_name") << bad;
  }
  // 31 characters of Vietnamese are fine although they are more than 31 bytes.
  EXPECT_TRUE(WriteXlsx(OneSheet("Báo cáo tổng hợp kết quả năm 24")));

  Workbook twice = OneSheet("Báo cáo");
  twice.sheets.push_back(twice.sheets[0]);
  twice.sheets[1].name = "BÁO CÁO";
  const core::Error e = WriteError(twice);
  EXPECT_EQ(e.reason, "bad_sheet_name");
  EXPECT_NE(e.message.find("trùng"), std::string::npos) << e.message;
}

TEST(Xlsx, RefusesWhatExcelWouldRepair) {
  Workbook bad_text = OneSheet("S");
  bad_text.sheets[0].rows = {{Cell::Text("ok"), Cell::Text("hỏng \xc3")}};
  core::Error e = WriteError(bad_text);
  EXPECT_EQ(e.reason, "invalid_text");
  ASSERT_EQ(e.details.size(), 1u);
  EXPECT_EQ(e.details[0].field, "S!B1");

  Workbook nan = OneSheet("S");
  nan.sheets[0].rows = {{}, {Cell::Number(std::nan(""))}};
  e = WriteError(nan);
  EXPECT_EQ(e.reason, "bad_number");
  EXPECT_EQ(e.details.at(0).field, "S!A2");

  Workbook long_text = OneSheet("S");
  long_text.sheets[0].rows = {{Cell::Text(std::string(32768, 'a'))}};
  EXPECT_EQ(WriteError(long_text).reason, "text_too_long");

  Workbook overlap = OneSheet("S");
  overlap.sheets[0].merges = {{0, 0, 1, 1}, {1, 1, 2, 2}};
  EXPECT_EQ(WriteError(overlap).reason, "bad_merge");
  Workbook single = OneSheet("S");
  single.sheets[0].merges = {{3, 3, 3, 3}};
  EXPECT_EQ(WriteError(single).reason, "bad_merge");

  for (const std::vector<std::string>& items :
       {std::vector<std::string>{}, {"a,b"}, {"\"x\""}, {""}, {std::string(256, 'x')}}) {
    Workbook list = OneSheet("S");
    list.sheets[0].lists = {{0, 5, 1, items}};
    EXPECT_EQ(WriteError(list).reason, "bad_validation_list");
  }
  Workbook inverted = OneSheet("S");
  inverted.sheets[0].lists = {{5, 0, 1, {"a"}}};
  EXPECT_EQ(WriteError(inverted).reason, "bad_validation_list");

  Workbook all_hidden = OneSheet("S");
  all_hidden.sheets[0].hidden = true;
  EXPECT_EQ(WriteError(all_hidden).reason, "no_visible_sheet");
  EXPECT_EQ(WriteError(Workbook{}).reason, "no_visible_sheet");

  Workbook freeze = OneSheet("S");
  freeze.sheets[0].freeze_rows = -1;
  EXPECT_EQ(WriteError(freeze).reason, "bad_sheet_layout");
}

TEST(Xlsx, TemporaryFileIsRemovedAndItsFailureIsInternal) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  std::string dir = (std::filesystem::temp_directory_path() / "wp-export-test-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);

  setenv("TMPDIR", dir.c_str(), 1);
  auto ok = WriteXlsx(ReportForm());
  auto bad_name = WriteXlsx(OneSheet("a/b"));
  setenv("TMPDIR", (dir + "/missing").c_str(), 1);
  auto no_dir = WriteXlsx(ReportForm());
  if (old != nullptr) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }

  EXPECT_TRUE(ok);
  EXPECT_FALSE(bad_name);
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "a temporary file was left in " << dir;
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(no_dir);
  EXPECT_EQ(no_dir.error().code, core::ErrorCode::kInternal);
  EXPECT_EQ(no_dir.error().reason, "xlsx_write_failed");
  EXPECT_NE(no_dir.error().internal_note.find("missing"), std::string::npos);
}

// ---- reading what other programs write

TEST(XlsxReader, ReadsWhatOtherWritersWrite) {
  const std::string rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships";
  const std::string workbook =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><x:workbook xmlns:x=\"") + kMain +
      "\" xmlns:rel=\"" + kRelTypes +
      "\"><x:sheets><x:sheet name=\"Dữ liệu\" sheetId=\"1\" rel:id=\"rId7\"/>"
      "<x:sheet name=\"Ẩn\" sheetId=\"2\" state=\"veryHidden\" rel:id=\"rId8\"/>"
      "</x:sheets></x:workbook>";
  const std::string rels =
      "<Relationships xmlns=\"" + rels_ns + "\"><Relationship Id=\"rId7\" Type=\"" + kRelTypes +
      "/worksheet\" Target=\"/xl/worksheets/data.xml\"/><Relationship Id=\"rId8\" Type=\"" +
      kRelTypes + "/worksheet\" Target=\"worksheets/../worksheets/hidden.xml\"/>" +
      "<Relationship Id=\"rId9\" Type=\"" + kRelTypes +
      "/sharedStrings\" Target=\"/xl/strings.xml\"/><Relationship Id=\"rId10\" Type=\"" +
      kRelTypes + "/hyperlink\" Target=\"http://example.vn/\" TargetMode=\"External\"/>" +
      "</Relationships>";
  const std::string strings =
      std::string("<sst xmlns=\"") + kMain +
      "\"><si><t>Kế hoạch</t></si>"
      "<si><r><rPr><b/></rPr><t>Đang </t></r><r><t xml:space=\"preserve\">thực hiện </t></r></si>"
      "<si><t>Tỷ lệ</t><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
      "<si><t>dòng 1_x000D_\ndòng 2 _x005F_x0041_</t></si>"
      "<si><t xml:space=\"preserve\">  </t></si></sst>";
  const std::string data =
      std::string("<x:worksheet xmlns:x=\"") + kMain +
      "\"><x:sheetData>"
      "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" t=\"s\"><x:v>1</x:v>"
      "</x:c><x:c r=\"C1\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"D1\" t=\"s\"><x:v>3</x:v></x:c>"
      "<x:c r=\"E1\" t=\"s\"><x:v>4</x:v></x:c></x:row>"
      "<x:row r=\"3\"><x:c><x:v>1510000</x:v></x:c><x:c t=\"n\"><x:v>1.2E-3</x:v></x:c>"
      "<x:c t=\"b\"><x:v>1</x:v></x:c><x:c t=\"e\"><x:v>#DIV/0!</x:v></x:c>"
      "<x:c t=\"str\"><x:f>A1&amp;\"!\"</x:f><x:v>Kế hoạch!</x:v></x:c>"
      "<x:c t=\"inlineStr\"><x:is><x:t>Nội dung &lt;trực tiếp&gt;</x:t></x:is></x:c>"
      "<x:c s=\"3\"/><x:c><x:f>SUM(A3:B3)</x:f></x:c></x:row>"
      "<x:row><x:c t=\"inlineStr\"><x:is><x:r><x:t>Hà </x:t></x:r><x:r><x:t>Nội</x:t></x:r>"
      "</x:is></x:c></x:row>"
      "</x:sheetData></x:worksheet>";
  const std::string hidden = std::string("<worksheet xmlns=\"") + kMain +
                             "\"><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>"
                             "<![CDATA[a & b]]></t></is></c><c r=\"C2\"><v>-0.5</v></c></row>"
                             "</sheetData></worksheet>";
  // No _rels/.rels: the workbook is then found at xl/workbook.xml.
  auto read = ReadXlsx(Zip({{"xl/workbook.xml", workbook},
                            {"xl/_rels/workbook.xml.rels", rels},
                            {"xl/strings.xml", strings},
                            {"xl/worksheets/data.xml", data},
                            {"xl/worksheets/hidden.xml", hidden}}));
  ASSERT_TRUE(read) << read.error().internal_note;
  ASSERT_EQ(read->sheets.size(), 2u);
  const ReadSheet& s = read->sheets[0];
  EXPECT_EQ(s.name, "Dữ liệu");
  EXPECT_FALSE(s.hidden);
  EXPECT_TRUE(read->sheets[1].hidden);

  struct Expect {
    const char* ref;
    Cell::Kind kind;
    const char* text;
    const char* formula;
    bool error;
  };
  const Expect expected[] = {
      {"A1", Cell::Kind::kText, "Kế hoạch", "", false},
      {"B1", Cell::Kind::kText, "Đang thực hiện ", "", false},
      {"C1", Cell::Kind::kText, "Tỷ lệ", "", false},
      {"D1", Cell::Kind::kText, "dòng 1\r\ndòng 2 _x0041_", "", false},
      {"E1", Cell::Kind::kText, "  ", "", false},
      {"A3", Cell::Kind::kNumber, "1510000", "", false},
      {"B3", Cell::Kind::kNumber, "1.2E-3", "", false},
      {"C3", Cell::Kind::kBool, "TRUE", "", false},
      {"D3", Cell::Kind::kText, "#DIV/0!", "", true},
      {"E3", Cell::Kind::kText, "Kế hoạch!", "A1&\"!\"", false},
      {"F3", Cell::Kind::kText, "Nội dung <trực tiếp>", "", false},
      {"H3", Cell::Kind::kEmpty, "", "SUM(A3:B3)", false},
      {"A4", Cell::Kind::kText, "Hà Nội", "", false},
  };
  ASSERT_EQ(s.cells.size(), std::size(expected));
  for (const Expect& e : expected) {
    const auto pos = ParseCellRef(e.ref);
    const ReadCell* c = s.Find(pos->first, pos->second);
    ASSERT_NE(c, nullptr) << e.ref;
    EXPECT_EQ(CellKindName(c->kind), std::string(CellKindName(e.kind))) << e.ref;
    EXPECT_EQ(c->text, e.text) << e.ref;
    EXPECT_EQ(c->formula, e.formula) << e.ref;
    EXPECT_EQ(c->error, e.error) << e.ref;
  }
  EXPECT_EQ(s.Find(2, 6), nullptr);  // G3: a styled empty cell
  EXPECT_EQ(read->sheets[1].Find(1, 1)->text, "a & b");
  EXPECT_EQ(read->sheets[1].Find(1, 2)->text, "-0.5");
}

TEST(XlsxReader, RefusesHostileInputWithoutCrashing) {
  ExpectInvalid(ReadXlsx(""), "empty");
  ExpectInvalid(ReadXlsx("PK"), "two bytes");

  std::mt19937 rng(20240101);
  for (size_t size : {1, 4, 22, 100, 1000, 65536}) {
    std::string noise(size, '\0');
    for (char& ch : noise) ch = static_cast<char>(rng());
    ExpectInvalid(ReadXlsx(noise), "random " + std::to_string(size));
    if (size >= 4) {
      noise.replace(0, 4, "PK\x03\x04");
      ExpectInvalid(ReadXlsx(noise), "random zip header " + std::to_string(size));
    }
  }

  auto no_workbook = ReadXlsx(Zip({{"word/document.xml", "<w:document/>"}}));
  ExpectInvalid(no_workbook, "zip without workbook");
  EXPECT_NE(no_workbook.error().internal_note.find("workbook"), std::string::npos);

  auto malformed = ReadXlsx(OneSheetXlsx("<worksheet><sheetData><row><c r=\"A1\"><v>1</v></row>"));
  ExpectInvalid(malformed, "malformed sheet");
  EXPECT_NE(malformed.error().internal_note.find("malformed XML"), std::string::npos);

  const std::string sst = std::string("<sst xmlns=\"") + kMain + "\"><si><t>a</t></si></sst>";
  ExpectInvalid(
      ReadXlsx(OneSheetXlsx(SheetXml("<row><c r=\"A1\" t=\"s\"><v>1</v></c></row>"), sst)),
      "shared string index out of range");
  ExpectInvalid(
      ReadXlsx(OneSheetXlsx(SheetXml("<row><c r=\"A1\" t=\"s\"><v>-1</v></c></row>"), sst)),
      "negative shared string index");
  ExpectInvalid(ReadXlsx(OneSheetXlsx(SheetXml("<row><c r=\"A1\"><v>abc</v></c></row>"))),
                "not a number");
  ExpectInvalid(ReadXlsx(OneSheetXlsx(SheetXml("<row><c r=\"A1\"><v>inf</v></c></row>"))),
                "infinity");
  ExpectInvalid(ReadXlsx(OneSheetXlsx(SheetXml("<row><c r=\"A0\"><v>1</v></c></row>"))), "cell A0");
  ExpectInvalid(ReadXlsx(OneSheetXlsx(SheetXml("<row r=\"1048577\"><c><v>1</v></c></row>"))),
                "row beyond Excel");
  ExpectInvalid(ReadXlsx(OneSheetXlsx(SheetXml(
                    "<row><c r=\"A1\" t=\"inlineStr\"><is><t>h\xc3\x28ng</t></is></c></row>"))),
                "inline string not UTF-8");
  ExpectInvalid(ReadXlsx(OneSheetXlsx(SheetXml("<row><c r=\"A1\" t=\"b\"><v>2</v></c></row>"))),
                "boolean 2");
  ExpectInvalid(ReadXlsx(OneSheetXlsx(SheetXml("<row><c r=\"A1\" t=\"zz\"><v>2</v></c></row>"))),
                "unknown cell type");
  ExpectInvalid(ReadXlsx(Zip({{"xl/workbook.xml",
                               "<workbook><sheets><sheet name=\"S\" "
                               "sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                               "</workbook>"}})),
                "sheet without its relationship");
}

TEST(XlsxReader, TruncatedOrCorruptedFilesAreRefusedNotCrashed) {
  auto bytes = WriteXlsx(ReportForm());
  ASSERT_TRUE(bytes);
  for (size_t cut = 0; cut < bytes->size(); cut += 211) {
    ExpectInvalid(ReadXlsx(std::string_view(*bytes).substr(0, cut)),
                  "truncated at " + std::to_string(cut));
  }
  // Damage inside the compressed parts: refused (CRC, inflate or XML) or, when the damage
  // misses what is read, still read; never an internal error or a crash.
  for (size_t at = 40; at < bytes->size(); at += 97) {
    std::string damaged = *bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    auto r = ReadXlsx(damaged);
    if (!r) {
      EXPECT_EQ(r.error().reason, "xlsx_invalid") << "damaged at " << at;
    }
  }
}

TEST(XlsxReader, LimitsRefuseLargeFilesAndZipBombs) {
  auto bytes = WriteXlsx(ReportForm());
  ASSERT_TRUE(bytes);

  auto r = ReadXlsx(*bytes, {.max_bytes = 100});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().reason, "file_too_large");
  EXPECT_NE(r.error().message.find("100 byte"), std::string::npos) << r.error().message;

  r = ReadXlsx(*bytes, {.max_uncompressed = 2000});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");

  r = ReadXlsx(*bytes, {.max_cells = 10});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  EXPECT_NE(r.error().message.find("10 ô"), std::string::npos) << r.error().message;
  EXPECT_TRUE(ReadXlsx(*bytes, {.max_cells = 40}));

  // 8 MB of one sheet compressed to a few kilobytes: refused from the declared sizes.
  const std::string bomb = OneSheetXlsx(SheetXml(std::string(8u << 20, ' ')));
  ASSERT_LT(bomb.size(), 64u << 10);
  r = ReadXlsx(bomb, {.max_uncompressed = 1u << 20});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  // Within the default 64 MB, but packed more than 250 times: refused from the directory.
  r = ReadXlsx(bomb);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  EXPECT_NE(r.error().message.find("250 lần"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().internal_note.find("sheet1.xml"), std::string::npos);
  EXPECT_TRUE(ReadXlsx(bomb, {.max_ratio = 0})) << "without a ratio limit";

  // Many tiny elements: refused before pugixml builds them.
  std::string rows;
  for (int i = 0; i < 100000; ++i) rows += "<row/>";
  r = ReadXlsx(OneSheetXlsx(SheetXml(rows)), {.max_cells = 100});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  EXPECT_NE(r.error().message.find("tối đa 66.136"), std::string::npos) << r.error().message;
}

TEST(XlsxReader, RefusesManyCellsBeforeParsingThem) {
  // A sheet that declares 2 M cells in its dimension: refused at that element.
  const std::string declared =
      std::string("<worksheet xmlns=\"") + kMain +
      "\"><dimension ref=\"A1:T100000\"/><sheetData>"
      "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
  auto r = ReadXlsx(OneSheetXlsx(declared));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  EXPECT_NE(r.error().message.find("A1:T100000 (2.000.000 ô)"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("200.000 ô"), std::string::npos) << r.error().message;
  // The same dimension under a namespace prefix, a dimension within the limit.
  const std::string prefixed = std::string("<x:worksheet xmlns:x=\"") + kMain +
                               "\"><x:dimension ref='B2:XFD1048576'/><x:sheetData/></x:worksheet>";
  r = ReadXlsx(OneSheetXlsx(prefixed));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  const std::string small = std::string("<worksheet xmlns=\"") + kMain +
                            "\"><dimension ref=\"A1:C3\"/><sheetData>"
                            "<row r=\"3\"><c r=\"C3\"><v>7</v></c></row></sheetData></worksheet>";
  auto ok = ReadXlsx(OneSheetXlsx(small));
  ASSERT_TRUE(ok) << ok.error().internal_note;
  EXPECT_EQ(ok->sheets[0].cells.size(), 1u);

  // No dimension: the cells are counted as the sheet is inflated, under a small ratio limit so
  // that the directory does not refuse it first.
  std::string rows;
  for (int i = 0; i < 3000; ++i) rows += "<row><c><v>1</v></c><c t=\"b\"><v>0</v></c></row>";
  r = ReadXlsx(OneSheetXlsx(SheetXml(rows)), {.max_cells = 5000});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  EXPECT_NE(r.error().message.find("5.000 ô"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().internal_note.find("sheet1.xml: more than 5000 cells"), std::string::npos)
      << r.error().internal_note;
  EXPECT_TRUE(ReadXlsx(OneSheetXlsx(SheetXml(rows)), {.max_cells = 6000}));

  // A zip directory of many files.
  Files many;
  for (int i = 0; i < 50; ++i) many.push_back({"x/" + std::to_string(i), "a"});
  r = ReadXlsx(Zip(many), {.max_entries = 40});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "xlsx_too_large");
  EXPECT_NE(r.error().message.find("tối đa 40"), std::string::npos) << r.error().message;
}

TEST(XlsxReader, ReadsAFewWorkbooksAtOnce) {
  auto bytes = WriteXlsx(ReportForm());
  ASSERT_TRUE(bytes);
  EXPECT_EQ(ConcurrentReads(), 2);
  SetConcurrentReads(1, std::chrono::milliseconds(50));
  std::atomic<int> busy{0}, read{0};
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        for (int k = 0; k < 20; ++k) {
          auto r = ReadXlsx(*bytes);
          if (r) {
            ++read;
          } else if (r.error().reason == "busy") {
            EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
            ++busy;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(read + busy, 160);
  EXPECT_GT(read, 0);
  SetConcurrentReads(2);
  EXPECT_TRUE(ReadXlsx(*bytes)) << "a slot is free again";
}

// ---- CSV

TEST(Csv, WritesWhatExcelOpens) {
  EXPECT_EQ(WriteCsv({{"Mã", "Tên"}, {"1", "a,b"}, {"2", "nói \"có\""}, {"3", "hai\ndòng"}}),
            "\xEF\xBB\xBFMã,Tên\r\n1,\"a,b\"\r\n2,\"nói \"\"có\"\"\"\r\n3,\"hai\ndòng\"\r\n");
  EXPECT_EQ(WriteCsv({{"a", ""}, {""}, {}}, CsvBom::kNo), "a,\r\n\"\"\r\n\r\n");
}

TEST(Csv, RoundTripsAwkwardFields) {
  const std::vector<std::vector<std::string>> rows = {
      {"STT", "Nhiệm vụ", "Giá trị", "Ghi chú"},
      {"1", "Giải quyết việc làm, đào tạo nghề", "1.510.000", ""},
      {"2", "Trích “dẫn” và \"ngoặc kép\"", "4,3", "dòng 1\r\ndòng 2\ndòng 3"},
      {"", "", "", ""},
      {"3", " khoảng trắng ", ";", "\""},
      {""},
  };
  for (CsvBom bom : {CsvBom::kYes, CsvBom::kNo}) {
    auto back = ReadCsv(WriteCsv(rows, bom));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, rows);
  }
}

// OWASP's CSV injection: a field Excel would run as a formula gets a "'" before it; numbers,
// even negative ones, stay numbers; the server reads back exactly what it wrote.
TEST(Csv, NeutralisesWhatASpreadsheetWouldRun) {
  EXPECT_EQ(WriteCsv({{"=cmd|' /C calc'!A0", "+84 912 345 678", "@SUM(A1)", "-5", "-0,5 điểm"}},
                     CsvBom::kNo),
            "'=cmd|' /C calc'!A0,'+84 912 345 678,'@SUM(A1),-5,\"'-0,5 điểm\"\r\n");
  EXPECT_EQ(WriteCsv({{"\tx", "\r=1", "ghi chú", "4.3", "'=1"}}, CsvBom::kNo),
            "'\tx,\"'\r=1\",ghi chú,4.3,''=1\r\n");
  for (std::string field : {"=1+1", "'=1+1", "''@x", "-", "'", "-7", "'-7", "ghi chú", ""}) {
    EXPECT_EQ(RestoreFormula(NeutraliseFormula(field)), field) << field;
    auto back = ReadCsv(WriteCsv({{field, "x"}}, CsvBom::kNo));
    ASSERT_TRUE(back);
    EXPECT_EQ(RestoreFormula((*back)[0][0]), field);
  }
}

TEST(Csv, ReadsExcelVariants) {
  auto r = ReadCsv("\xEF\xBB\xBFMã;Tên\nA01;Hà Nội\n", ';');
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<std::vector<std::string>>{{"Mã", "Tên"}, {"A01", "Hà Nội"}}));
  r = ReadCsv("a,b\r\nc,d");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d"}}));
  r = ReadCsv("a\r\rb\r");  // old Mac line ends; an empty line is one empty field
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<std::vector<std::string>>{{"a"}, {""}, {"b"}}));
  r = ReadCsv("");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
  r = ReadCsv("\xEF\xBB\xBF");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
  r = ReadCsv("x,ab\"c\",\"q\"z");  // stray quotes are kept, as Excel does
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<std::vector<std::string>>{{"x", "ab\"c\"", "qz"}}));
}

TEST(Csv, DetectsTheVietnameseExcelSeparator) {
  EXPECT_EQ(DetectSeparator("\xEF\xBB\xBFMã;Tên;Giá trị\r\n1;a,b,c,d;3"), ';');
  EXPECT_EQ(DetectSeparator("Mã,Tên,Giá trị\n1;2;3;4;5"), ',');
  EXPECT_EQ(DetectSeparator("\"a;b;c\",d"), ',');  // separators inside quotes do not count
  EXPECT_EQ(DetectSeparator("một cột"), ',');
  EXPECT_EQ(DetectSeparator(""), ',');
}

TEST(Csv, NamesTheLineOfAnUnclosedQuoteOrBadBytes) {
  auto r = ReadCsv("a,b\n\"c\nd\",e\nf,\"g\n\nh\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().reason, "csv_invalid");
  EXPECT_NE(r.error().message.find("dòng 4"), std::string::npos) << r.error().message;
  ASSERT_EQ(r.error().details.size(), 1u);
  EXPECT_EQ(r.error().details[0].field, "line 4");

  for (const char* bad : {"ok\r\nb\xff\n", "ok\nb\xc0\xaf\n", "ok\nb\xed\xa0\x80\n",
                          "ok\nb\xf4\x90\x80\x80\n", "ok\nb\xe1\x80"}) {
    r = ReadCsv(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().reason, "csv_invalid");
    EXPECT_NE(r.error().message.find("dòng 2"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
  }
}

TEST(Utf8, AcceptsVietnameseAndRefusesMalformedBytes) {
  EXPECT_FALSE(FindInvalidUtf8("Bộ Lao động – Thương binh và Xã hội 😀"));
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xc1\xbf"), 0u);          // overlong
  EXPECT_EQ(FindInvalidUtf8("x\xe0\x80\x80"), 1u);     // overlong
  EXPECT_EQ(FindInvalidUtf8("\xed\xb0\x80"), 0u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ộ\xe1\xbb"), 3u);         // cut short
}

// ---- tables exported as shown (issue 17): filter buttons, figures and ratios

TEST(XlsxTable, HeaderRowGetsAutofilterAndFiguresTheirFormats) {
  Workbook book = OneSheet("Bảng");
  Sheet& s = book.sheets[0];
  s.rows = {{Cell::Text("Chỉ tiêu", {.bold = true}), Cell::Text("Thực hiện", {.bold = true}),
             Cell::Text("% KH", {.bold = true})},
            {Cell::Text("Việc làm"), Cell::Number(1584800.5, {.format = NumberFormat::kDecimalOne}),
             Cell::Number(0.9905, {.format = NumberFormat::kRatio})}};
  s.freeze_rows = 1;
  s.autofilter = std::make_tuple(0, 0, 1, 2);
  auto bytes = WriteXlsx(book);
  ASSERT_TRUE(bytes) << bytes.error().message;
  const std::string sheet = Unzip(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:C2\"/>"), std::string::npos) << sheet;
  const std::string workbook = Unzip(*bytes, "xl/workbook.xml");
  EXPECT_NE(workbook.find("_xlnm._FilterDatabase"), std::string::npos) << workbook;
  const std::string styles = Unzip(*bytes, "xl/styles.xml");
  EXPECT_NE(styles.find("formatCode=\"#,##0.0##\""), std::string::npos) << styles;
  EXPECT_NE(styles.find("formatCode=\"0.0%\""), std::string::npos) << styles;
  auto back = ReadXlsx(*bytes);
  ASSERT_TRUE(back);
  const ReadCell* ratio = back->sheets[0].Find(1, 2);
  ASSERT_NE(ratio, nullptr);
  EXPECT_EQ(ratio->kind, Cell::Kind::kNumber);
  EXPECT_EQ(ratio->text, "0.9905") << "the ratio itself, not a rounded percentage";
}

TEST(XlsxTable, RefusesAnAutofilterOutsideTheSheet) {
  for (auto range :
       {std::make_tuple(-1, 0, 1, 1), std::make_tuple(2, 0, 1, 1), std::make_tuple(0, 3, 1, 1),
        std::make_tuple(0, 0, kMaxRows, 1), std::make_tuple(0, 0, 1, kMaxCols)}) {
    Workbook book = OneSheet("S");
    book.sheets[0].autofilter = range;
    const core::Error e = WriteError(book);
    EXPECT_EQ(e.reason, "bad_sheet_layout");
    EXPECT_NE(e.message.find("Vùng lọc"), std::string::npos) << e.message;
  }
}

// ---- .docx templates (docx.hpp)

constexpr char kW[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// A minimal template: its body's XML inside <w:body>, a styles part defining `styles`.
Files DocxFiles(const std::string& body, const std::vector<std::string>& styles = {"WPBody"},
                const std::string& document_rels_extra = "") {
  std::string style_xml = std::string("<w:styles xmlns:w=\"") + kW + "\">";
  for (const auto& s : styles) {
    style_xml += "<w:style w:type=\"paragraph\" w:styleId=\"" + s + "\"><w:name w:val=\"" + s +
                 "\"/></w:style>";
  }
  style_xml += "</w:styles>";
  return {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
       "<Override PartName=\"/word/document.xml\" "
       "ContentType=\"application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
       "<Override PartName=\"/word/styles.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
       "</Types>"},
      {"_rels/.rels",
       std::string("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                   "relationships\"><Relationship Id=\"rId1\" Type=\"") +
           kRelTypes + "/officeDocument\" Target=\"word/document.xml\"/></Relationships>"},
      {"word/_rels/document.xml.rels",
       std::string("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                   "relationships\"><Relationship Id=\"rId1\" Type=\"") +
           kRelTypes + "/styles\" Target=\"styles.xml\"/>" + document_rels_extra +
           "</Relationships>"},
      {"word/document.xml",
       std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                   "<w:document xmlns:w=\"") +
           kW + "\"><w:body>" + body +
           "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" "
           "w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\"/></w:sectPr></w:body></w:document>"},
      {"word/styles.xml", style_xml},
  };
}

std::string InlineSdt(const std::string& tag, const std::string& rpr = "") {
  return "<w:sdt><w:sdtPr><w:tag w:val=\"" + tag + "\"/></w:sdtPr><w:sdtContent><w:r>" + rpr +
         "<w:t>mẫu</w:t></w:r></w:sdtContent></w:sdt>";
}

std::string BlockSdt(const std::string& tag) {
  return "<w:sdt><w:sdtPr><w:tag w:val=\"" + tag +
         "\"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>mẫu</w:t></w:r></w:p></w:sdtContent></w:sdt>";
}

// Header: "Số: " + number (bold in the template); an empty-able parent body line; the body.
std::string SimpleTemplate() {
  return Zip(DocxFiles(
      "<w:p>" + InlineSdt("wp.parent_body") + "</w:p>" +
          "<w:p><w:r><w:t xml:space=\"preserve\">Số: </w:t></w:r>" +
          InlineSdt("wp.number", "<w:rPr><w:rStyle w:val=\"PlaceholderText\"/><w:b/></w:rPr>") +
          "</w:p>" + BlockSdt("wp.body") + "<w:tbl><w:tr><w:tc>" + BlockSdt("wp.recipients") +
          "</w:tc></w:tr></w:tbl>",
      {"WPBody", "WPTable", "WPTableCell"}));
}

DocParagraph Para(std::string style, std::string text) {
  return DocParagraph{
      std::move(style), {DocRun{std::move(text), false, false}}, DocAlign::kDefault};
}

pugi::xml_document ParsedDocument(const std::string& docx) {
  pugi::xml_document doc;
  const std::string xml = Unzip(docx, "word/document.xml");
  EXPECT_TRUE(doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata));
  return doc;
}

// The paragraphs' texts as a reader sees them (w:t; w:br as "\n", w:tab as "\t").
std::vector<std::string> ParagraphTexts(const pugi::xml_node& root) {
  std::vector<std::string> out;
  for (pugi::xpath_node p : root.select_nodes("//w:p")) {
    std::string text;
    pugi::xpath_node_set pieces = p.node().select_nodes(".//w:t | .//w:br | .//w:tab");
    pieces.sort();
    for (pugi::xpath_node n : pieces) {
      const std::string_view name = n.node().name();
      text += name == "w:t" ? n.node().child_value() : name == "w:br" ? "\n" : "\t";
    }
    out.push_back(text);
  }
  return out;
}

void ExpectError(const core::Status& r, std::string_view reason, std::string_view in_message,
                 const std::string& what) {
  ASSERT_FALSE(r) << what;
  EXPECT_EQ(r.error().reason, reason) << what << ": " << r.error().message;
  EXPECT_NE(r.error().message.find(in_message), std::string::npos)
      << what << ": " << r.error().message;
}

template <class T>
core::Status StatusOf(const core::Result<T>& r) {
  if (r) return {};
  return tl::unexpected(r.error());
}

TEST(Docx, FindsTagsAndStylesAndChecksRequirements) {
  auto t = DocxTemplate::Open(SimpleTemplate());
  ASSERT_TRUE(t) << t.error().message << " " << t.error().internal_note;
  EXPECT_EQ(t->tags(),
            (std::vector<std::string>{"wp.parent_body", "wp.number", "wp.body", "wp.recipients"}));
  EXPECT_TRUE(t->HasStyle("WPBody"));
  EXPECT_FALSE(t->HasStyle("WPTitle"));
  EXPECT_TRUE(t->Check({{"wp.number"}, {"wp.body"}, {"WPBody"}}));
  ExpectError(t->Check({{"wp.number", "wp.signer_name"}, {}, {}}), "template_invalid",
              "wp.signer_name", "missing tag");
  ExpectError(t->Check({{}, {}, {"WPBody", "WPTitle"}}), "template_invalid", "WPTitle",
              "missing style");
  ExpectError(t->Check({{}, {"wp.number"}, {}}), "template_invalid", "wp.number",
              "an inline control asked to hold blocks");
  ASSERT_TRUE(RequirementsOf("bao_cao"));
  ASSERT_TRUE(RequirementsOf("giao_ban"));
  EXPECT_FALSE(RequirementsOf("cong_van"));
}

TEST(Docx, FillsInlineTagsInTheirFormattingWithEscapingAndBreaks) {
  auto t = DocxTemplate::Open(SimpleTemplate());
  ASSERT_TRUE(t);
  auto out =
      t->Fill({{"wp.parent_body", "BỘ LAO ĐỘNG\nTHƯƠNG BINH"}, {"wp.number", "12/BC-<&>\"'\tx"}},
              {{"wp.body", {Para("WPBody", "a < b && c > \"d\"")}}});
  ASSERT_TRUE(out) << out.error().message;
  const std::string xml = Unzip(*out, "word/document.xml");
  EXPECT_EQ(xml.find("w:sdt"), std::string::npos) << "every content control unwrapped";
  EXPECT_EQ(xml.find("<&>"), std::string::npos);
  EXPECT_EQ(xml.find("PlaceholderText"), std::string::npos) << "Word's grey placeholder style";
  pugi::xml_document doc = ParsedDocument(*out);
  const std::vector<std::string> texts = ParagraphTexts(doc);
  ASSERT_GE(texts.size(), 3u);
  EXPECT_EQ(texts[0], "BỘ LAO ĐỘNG\nTHƯƠNG BINH");
  EXPECT_EQ(texts[1], "Số: 12/BC-<&>\"'\tx");
  EXPECT_EQ(texts[2], "a < b && c > \"d\"");
  // The number keeps the bold of the control's first run, in a run of the paragraph itself.
  pugi::xpath_node number = doc.select_node("//w:p[2]/w:r[2]");
  ASSERT_TRUE(number);
  EXPECT_TRUE(number.node().child("w:rPr").child("w:b"));
  // The body paragraph carries its style; the recipients control, left without blocks, is
  // gone but its cell still ends with a paragraph.
  EXPECT_STREQ(doc.select_node("//w:body/w:p[3]/w:pPr/w:pStyle").node().attribute("w:val").value(),
               "WPBody");
  EXPECT_TRUE(doc.select_node("//w:tc/w:p"));
  EXPECT_EQ(xml.find("mẫu"), std::string::npos) << "no sample text left";

  // The output is a .docx again: it opens as a template (without tags now).
  auto again = DocxTemplate::Open(*out);
  ASSERT_TRUE(again) << again.error().internal_note;
  EXPECT_TRUE(again->tags().empty());
  EXPECT_TRUE(again->HasStyle("WPBody"));
  // The same input gives the same bytes.
  EXPECT_EQ(*out, *t->Fill({{"wp.parent_body", "BỘ LAO ĐỘNG\nTHƯƠNG BINH"},
                            {"wp.number", "12/BC-<&>\"'\tx"}},
                           {{"wp.body", {Para("WPBody", "a < b && c > \"d\"")}}}));
}

TEST(Docx, AnEmptyInlineValueDropsItsLineNotTheOthers) {
  auto t = DocxTemplate::Open(SimpleTemplate());
  ASSERT_TRUE(t);
  auto out = t->Fill({{"wp.parent_body", ""}}, {});
  ASSERT_TRUE(out);
  const std::vector<std::string> texts = ParagraphTexts(ParsedDocument(*out));
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(texts[0], "Số: ") << "the empty parent body line is dropped; 'Số: ' stays";
}

TEST(Docx, WritesTablesAndPageBreaks) {
  auto t = DocxTemplate::Open(SimpleTemplate());
  ASSERT_TRUE(t);
  DocTable table;
  table.style = "WPTable";
  table.widths = {1000, 2000, 3000};
  table.rows = {{DocCell{{Para("WPTableCell", "TT")}, 1}, DocCell{{Para("", "Chỉ tiêu")}, 2}},
                {DocCell{{}, 1}, DocCell{{Para("WPTableCell", "x")}, 1},
                 DocCell{{Para("WPTableCell", "1.584,8")}, 1}}};
  auto out = t->Fill({}, {{"wp.body", {table, DocPageBreak{}, Para("WPBody", "sau")}}});
  ASSERT_TRUE(out) << out.error().message;
  pugi::xml_document doc = ParsedDocument(*out);
  pugi::xml_node tbl = doc.select_node("//w:body/w:tbl").node();
  ASSERT_TRUE(tbl);
  EXPECT_STREQ(tbl.child("w:tblPr").child("w:tblStyle").attribute("w:val").value(), "WPTable");
  EXPECT_EQ(tbl.select_nodes("w:tblGrid/w:gridCol").size(), 3u);
  EXPECT_EQ(tbl.select_nodes("w:tr").size(), 2u);
  EXPECT_TRUE(tbl.select_node("w:tr[1]/w:trPr/w:tblHeader"));
  EXPECT_FALSE(tbl.select_node("w:tr[2]/w:trPr/w:tblHeader"));
  EXPECT_STREQ(
      tbl.select_node("w:tr[1]/w:tc[2]/w:tcPr/w:gridSpan").node().attribute("w:val").value(), "2");
  EXPECT_STREQ(tbl.select_node("w:tr[1]/w:tc[2]/w:tcPr/w:tcW").node().attribute("w:w").value(),
               "5000");
  EXPECT_TRUE(tbl.select_node("w:tr[2]/w:tc[1]/w:p")) << "an empty cell gets a paragraph";
  EXPECT_TRUE(doc.select_node("//w:br[@w:type='page']"));

  // Two tables in a row keep a paragraph between them (Word would join them into one).
  out = t->Fill({}, {{"wp.body", {table, table}}});
  ASSERT_TRUE(out);
  doc = ParsedDocument(*out);
  pugi::xml_node first = doc.select_node("//w:body/w:tbl").node();
  ASSERT_TRUE(first);
  EXPECT_STREQ(first.next_sibling().name(), "w:p");
  EXPECT_STREQ(first.next_sibling().next_sibling().name(), "w:tbl");

  // The text after a table stands 6 pt below it (it would touch the table's last border), its
  // style kept first in w:pPr; the paragraph after that keeps its style's spacing.
  out = t->Fill({}, {{"wp.body", {table, Para("WPBody", "sau"), Para("WPBody", "tiếp")}}});
  ASSERT_TRUE(out);
  doc = ParsedDocument(*out);
  pugi::xml_node after = doc.select_node("//w:body/w:tbl").node().next_sibling();
  EXPECT_STREQ(after.child("w:pPr").first_child().name(), "w:pStyle");
  EXPECT_STREQ(after.select_node("w:pPr/w:spacing").node().attribute("w:before").value(), "120");
  EXPECT_FALSE(after.next_sibling().select_node("w:pPr/w:spacing")) << "only the first";

  // Wider than the text (9355 twips): shrunk to fit, the proportions kept.
  table.widths = {2000, 4000, 12000};
  out = t->Fill({}, {{"wp.body", {table}}});
  ASSERT_TRUE(out);
  doc = ParsedDocument(*out);
  EXPECT_STREQ(doc.select_node("//w:tblW").node().attribute("w:w").value(), "9353");
}

TEST(Docx, RefusesWhatTheTemplateCannotHoldNamingTheBlock) {
  auto t = DocxTemplate::Open(SimpleTemplate());
  ASSERT_TRUE(t);
  auto r = t->Fill({}, {{"wp.body", {Para("WPBody", "ok"), Para("WPKhong", "x")}}});
  ExpectError(StatusOf(r), "document_invalid", "Khối thứ 2 của wp.body", "missing style");
  EXPECT_NE(r.error().message.find("WPKhong"), std::string::npos);
  ExpectError(StatusOf(t->Fill({{"wp.number", "a\x01"}}, {})), "document_invalid", "wp.number",
              "control character");
  ExpectError(StatusOf(t->Fill({{"wp.number", "h\xc3\x28"}}, {})), "document_invalid", "wp.number",
              "not UTF-8");
  ExpectError(StatusOf(t->Fill({}, {{"wp.body", {Para("WPBody", "a\rb")}}})), "document_invalid",
              "Khối thứ 1 của wp.body", "carriage return");
  DocTable bad;
  bad.style = "WPTable";
  bad.widths = {1000, 1000};
  bad.rows = {{DocCell{{Para("WPTableCell", "a")}, 1}}};
  ExpectError(StatusOf(t->Fill({}, {{"wp.body", {bad}}})), "document_invalid", "dòng 1",
              "a row short of a column");
  bad.rows = {{DocCell{{Para("WPTableCell", "a")}, 0}, DocCell{{}, 2}}};
  ExpectError(StatusOf(t->Fill({}, {{"wp.body", {bad}}})), "document_invalid", "dòng 1",
              "a zero span");
  bad.rows = {};
  ExpectError(StatusOf(t->Fill({}, {{"wp.body", {bad}}})), "document_invalid", "không có dòng",
              "a table without rows");
  bad.rows = {{DocCell{{Para("WPTableCell", "a")}, 1}, DocCell{{Para("WPTitle", "b")}, 1}}};
  ExpectError(StatusOf(t->Fill({}, {{"wp.body", {bad}}})), "document_invalid", "WPTitle",
              "a cell's missing style");
  ExpectError(StatusOf(t->Fill({}, {{"wp.number", {Para("WPBody", "x")}}})), "document_invalid",
              "wp.number", "blocks for an inline control");
}

TEST(Docx, UnwrapsOtherContentControlsAndFillsABlockControlWithText) {
  const std::string other =
      "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Cover Pages\"/></w:docPartObj>"
      "</w:sdtPr><w:sdtContent><w:p><w:r><w:t>giữ lại</w:t></w:r></w:p>" +
      BlockSdt("wp.body") + "</w:sdtContent></w:sdt>";
  const std::string subject =
      "<w:sdt><w:sdtPr><w:tag w:val=\"wp.subject\"/></w:sdtPr><w:sdtContent><w:p><w:pPr>"
      "<w:pStyle w:val=\"WPBody\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>"
      "<w:t>mẫu</w:t></w:r></w:p></w:sdtContent></w:sdt>";
  auto t = DocxTemplate::Open(Zip(DocxFiles(other + subject)));
  ASSERT_TRUE(t) << t.error().internal_note;
  EXPECT_EQ(t->tags(), (std::vector<std::string>{"wp.body", "wp.subject"}));
  auto out = t->Fill({{"wp.subject", "Tình hình tháng 12"}}, {{"wp.body", {Para("WPBody", "b")}}});
  ASSERT_TRUE(out);
  pugi::xml_document doc = ParsedDocument(*out);
  EXPECT_EQ(ParagraphTexts(doc), (std::vector<std::string>{"giữ lại", "b", "Tình hình tháng 12"}));
  EXPECT_TRUE(doc.select_node("//w:body/w:p[3]/w:pPr/w:jc[@w:val='center']"));
  EXPECT_TRUE(doc.select_node("//w:body/w:p[3]/w:r/w:rPr/w:b"));
  EXPECT_FALSE(doc.select_node("//w:sdt"));
}

TEST(Docx, RefusesHostileTemplates) {
  auto expect_invalid = [](const std::string& bytes, std::string_view in_message,
                           const std::string& what) {
    auto r = DocxTemplate::Open(bytes);
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << what;
    EXPECT_EQ(r.error().reason, "template_invalid") << what;
    EXPECT_NE(r.error().message.find(in_message), std::string::npos)
        << what << ": " << r.error().message;
  };
  expect_invalid("", "không phải", "empty");
  expect_invalid("PK\x03\x04 not really", "không phải", "zip header only");
  expect_invalid(Zip({{"a.txt", "x"}}), "không phải", "a zip without a document");

  Files macro = DocxFiles(BlockSdt("wp.body"));
  macro.push_back({"word/vbaProject.bin", "\xd0\xcf\x11\xe0"});
  expect_invalid(Zip(macro), "macro", "vbaProject.bin");

  const std::string hyperlink =
      std::string("<Relationship Id=\"rId9\" Type=\"") + kRelTypes +
      "/hyperlink\" Target=\"http://example.com/x\" TargetMode=\"External\"/>";
  expect_invalid(Zip(DocxFiles(BlockSdt("wp.body"), {"WPBody"}, hyperlink)), "liên kết ra ngoài",
                 "external relationship");

  const std::string chunk = std::string("<Relationship Id=\"rId8\" Type=\"") + kRelTypes +
                            "/aFChunk\" Target=\"chunk.html\"/>";
  expect_invalid(Zip(DocxFiles(BlockSdt("wp.body"), {"WPBody"}, chunk)), "altChunk",
                 "altChunk relationship");
  expect_invalid(Zip(DocxFiles("<w:altChunk r:id=\"rId8\"/>")), "altChunk", "altChunk element");

  expect_invalid(Zip(DocxFiles(BlockSdt("wp.body") + BlockSdt("wp.body"))), "hai lần",
                 "a tag used twice");
  const std::string nested = "<w:sdt><w:sdtPr><w:tag w:val=\"wp.body\"/></w:sdtPr><w:sdtContent>" +
                             BlockSdt("wp.annex") + "</w:sdtContent></w:sdt>";
  expect_invalid(Zip(DocxFiles(nested)), "wp.annex", "a tag inside another");

  Files twice = DocxFiles(BlockSdt("wp.body"));
  twice.push_back({"WORD/document.xml", twice[3].second});
  expect_invalid(Zip(twice), "không phải", "a part twice, in another case");

  Files broken = DocxFiles("<w:p>");
  expect_invalid(Zip(broken), "không phải", "malformed document.xml");
}

TEST(Docx, LimitsRefuseLargeTemplatesAndZipBombs) {
  const std::string ok = SimpleTemplate();
  auto r = DocxTemplate::Open(ok, {.max_bytes = 100});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "file_too_large");

  // 8 MB of spaces in the document, packed to a few kilobytes.
  Files bomb = DocxFiles("<w:p>" + std::string(8u << 20, ' ') + "</w:p>");
  const std::string packed = Zip(bomb);
  ASSERT_LT(packed.size(), 64u << 10);
  r = DocxTemplate::Open(packed);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().reason, "docx_too_large");
  EXPECT_NE(r.error().message.find("250 lần"), std::string::npos) << r.error().message;
  r = DocxTemplate::Open(packed, {.max_uncompressed = 1u << 20});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "docx_too_large");

  Files many = DocxFiles(BlockSdt("wp.body"));
  for (int i = 0; i < 600; ++i) many.push_back({"word/media/x" + std::to_string(i), "x"});
  r = DocxTemplate::Open(Zip(many));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "docx_too_large");

  std::string paras;
  for (int i = 0; i < 250000; ++i) paras += "<w:p/>";
  r = DocxTemplate::Open(Zip(DocxFiles(paras)), {.max_ratio = 0});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "docx_too_large");
  EXPECT_NE(r.error().message.find("200.000"), std::string::npos) << r.error().message;
}

TEST(Docx, TruncatedOrDamagedTemplatesAreRefusedNotCrashed) {
  const std::string bytes = SimpleTemplate();
  for (size_t cut = 0; cut < bytes.size(); cut += 97) {
    auto r = DocxTemplate::Open(bytes.substr(0, cut));
    ASSERT_FALSE(r) << "truncated at " << cut;
    EXPECT_EQ(r.error().reason, "template_invalid") << "truncated at " << cut;
  }
  for (size_t at = 30; at < bytes.size(); at += 53) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    auto r = DocxTemplate::Open(damaged);
    if (!r) {
      EXPECT_EQ(r.error().reason, "template_invalid") << "damaged at " << at;
    }
  }
}

TEST(Docx, TheCheckedInTemplatesMeetTheirRequirements) {
  for (const char* name : {"bao_cao", "giao_ban"}) {
    const std::string path = std::string(WP_SOURCE_DIR) + "/data/templates/" + name + ".docx";
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto t = DocxTemplate::Open(std::move(bytes));
    ASSERT_TRUE(t) << name << ": " << t.error().message << " " << t.error().internal_note;
    auto ok = t->Check(*RequirementsOf(name));
    EXPECT_TRUE(ok) << name << ": " << (ok ? "" : ok.error().message);
    auto out = t->Fill({{"wp.title", "BÁO CÁO"}}, {});
    ASSERT_TRUE(out) << name;
    EXPECT_EQ(Unzip(*out, "word/document.xml").find("w:sdt"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace wp::xport
