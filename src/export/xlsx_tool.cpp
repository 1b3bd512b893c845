// xlsx_tool: the export module as a program, for tests that check its files with other
// software (tests/export/openpyxl_roundtrip.py).
//   xlsx_tool write OUT.xlsx   writes a demo report form: a protected sheet whose input cells
//                              a unit fills in, and a hidden sheet of form metadata.
//   xlsx_tool dump IN.xlsx     prints every non-empty cell as sheet!A1<TAB>kind<TAB>text, kind
//                              being text, number, bool, error or empty (a formula without a
//                              value); backslash, tab, CR and LF in texts are escaped as \\ \t
//                              \r \n.
// Exit status 0, 1 when reading or writing fails (the error on stderr), 2 for bad usage.

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "export/workbook.hpp"

namespace {

using wp::xport::Cell;
using wp::xport::CellStyle;
using wp::xport::NumberFormat;

wp::xport::Workbook DemoForm() {
  const CellStyle title{.bold = true, .wrap = true};
  const CellStyle header{.bold = true, .wrap = true};
  const CellStyle note{.italic = true};
  const CellStyle integer{.format = NumberFormat::kInteger};
  const CellStyle decimal{.format = NumberFormat::kDecimal};
  const CellStyle percent{.format = NumberFormat::kPercent};
  const CellStyle text_input{.wrap = true, .input = true, .format = NumberFormat::kText};
  const CellStyle number_input{.input = true, .format = NumberFormat::kDecimal};
  const CellStyle status_input{.input = true};

  wp::xport::Sheet form;
  form.name = "Báo cáo";
  form.protect = true;
  form.freeze_rows = 3;
  form.column_widths = {6, 48, 14, 18, 14, 40};
  form.rows = {
      {Cell::Text("BÁO CÁO KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH CÔNG TÁC NĂM 2024", title)},
      {Cell::Text("Đơn vị: Sở Lao động - Thương binh và Xã hội tỉnh Hà Giang", note)},
      {Cell::Text("STT", header), Cell::Text("Nhiệm vụ", header), Cell::Text("Chỉ tiêu", header),
       Cell::Text("Trạng thái", header), Cell::Text("Kết quả", header),
       Cell::Text("Ghi chú", header)},
      {Cell::Number(1, integer), Cell::Text("Giải quyết việc làm cho người lao động"),
       Cell::Number(1510000, integer), Cell::Empty(status_input), Cell::Empty(number_input),
       Cell::Empty(text_input)},
      {Cell::Number(2, integer), Cell::Text("Tỷ lệ hộ nghèo giảm (điểm %)"),
       Cell::Number(4.3, decimal), Cell::Text("Đang thực hiện", status_input),
       Cell::Number(1.25, number_input), Cell::Empty(text_input)},
      {Cell::Number(3, integer), Cell::Text("Tỷ lệ lao động qua đào tạo"),
       Cell::Number(68.5, percent), Cell::Empty(status_input), Cell::Empty(number_input),
       Cell::Empty(text_input)},
  };
  form.merges = {{0, 0, 0, 5}, {1, 0, 1, 5}};
  form.lists = {{3, 5, 3, {"Chưa thực hiện", "Đang thực hiện", "Hoàn thành"}}};

  wp::xport::Sheet meta;
  meta.name = "_meta";
  meta.hidden = true;
  meta.protect = true;
  meta.rows = {
      {Cell::Text("form"), Cell::Text("bc-2024-q1")},
      {Cell::Text("program"), Cell::Number(2024)},
      {Cell::Text("version"), Cell::Number(3)},
  };

  wp::xport::Workbook book;
  book.title = "Báo cáo quý I năm 2024";
  book.author = "workplan";
  book.sheets = {form, meta};
  return book;
}

std::string Escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* KindName(const wp::xport::ReadCell& cell) {
  return cell.error ? "error" : wp::xport::CellKindName(cell.kind);
}

int Fail(const wp::core::Error& e) {
  std::cerr << "xlsx_tool: " << wp::core::CodeName(e.code) << " " << e.reason << ": " << e.message
            << (e.internal_note.empty() ? "" : " (" + e.internal_note + ")") << "\n";
  return 1;
}

int Write(const std::string& path) {
  auto bytes = wp::xport::WriteXlsx(DemoForm());
  if (!bytes) return Fail(bytes.error());
  std::ofstream out(path, std::ios::binary);
  out << *bytes;
  out.close();
  if (!out) {
    std::cerr << "xlsx_tool: cannot write " << path << "\n";
    return 1;
  }
  return 0;
}

int Dump(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "xlsx_tool: cannot open " << path << "\n";
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto book = wp::xport::ReadXlsx(bytes);
  if (!book) return Fail(book.error());
  for (const auto& sheet : book->sheets) {
    for (const auto& cell : sheet.cells) {
      std::cout << sheet.name << "!" << wp::xport::CellRef(cell.row, cell.col) << "\t"
                << KindName(cell) << "\t" << Escaped(cell.text) << "\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string verb = argc == 3 ? argv[1] : "";
  if (verb == "write") return Write(argv[2]);
  if (verb == "dump") return Dump(argv[2]);
  std::cerr << "usage: xlsx_tool write OUT.xlsx | xlsx_tool dump IN.xlsx\n";
  return 2;
}
