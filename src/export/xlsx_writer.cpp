// WriteXlsx over libxlsxwriter. The whole workbook is checked before libxlsxwriter sees it, so
// that what Excel would refuse or silently "repair" comes back as kInvalidArgument naming the
// sheet or cell, and libxlsxwriter failing is left to mean an internal problem.
//
// libxlsxwriter 1.1.4 (Debian 12) can only write to a named file: writing to a memory buffer
// (lxw_workbook_options.output_buffer) came in 1.1.5. So the file goes to a mkstemp file in
// $TMPDIR (or /tmp), is read back, and is removed on every path.

#include "export/workbook.hpp"

#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xlsxwriter.h>

#include "core/enum_names.hpp"

namespace wp::xport {
namespace {

using core::ErrorCode;

constexpr int kMaxTextUnits = 32767;  // Excel's limit for a cell's text, in UTF-16 units
constexpr int kMaxListUnits = 255;    // an inline validation list, commas included

core::Error Invalid(std::string reason, std::string message, std::string field = "") {
  core::Error e = core::MakeError(ErrorCode::kInvalidArgument, std::move(reason), message);
  if (!field.empty()) e.details.push_back({std::move(field), std::move(message)});
  return e;
}

core::Error WriteFailed(std::string note) {
  core::Error e = core::MakeError(ErrorCode::kInternal, "xlsx_write_failed",
                                  "Không tạo được tệp Excel. Vui lòng thử lại sau.");
  e.internal_note = std::move(note);
  return e;
}

core::Error LxwFailed(lxw_error err, const std::string& what) {
  return WriteFailed("libxlsxwriter: " + what + ": " + lxw_strerror(err));
}

// Decodes valid UTF-8 (checked before) into code points.
std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Length as Excel counts it: UTF-16 code units.
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (char32_t cp : Decode(s)) n += cp > 0xFFFF ? 2 : 1;
  return n;
}

// Lower case for comparing sheet names the way Excel does (it refuses "BÁO CÁO" beside
// "Báo cáo"). Covers ASCII, Latin-1, Latin Extended-A and the Vietnamese letters; export may
// not use ICU (text owns it), and sheet names here are Vietnamese or English.
char32_t Lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x137 && c % 2 == 0) return c + 1;
  if (c >= 0x139 && c <= 0x148 && c % 2 == 1) return c + 1;
  if (c >= 0x14A && c <= 0x177 && c % 2 == 0) return c + 1;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E && c % 2 == 1) return c + 1;
  if (c == 0x1A0 || c == 0x1AF) return c + 1;  // Ơ, Ư
  if (c >= 0x1EA0 && c <= 0x1EFF && c % 2 == 0) return c + 1;
  return c;
}

std::u32string Folded(std::string_view name) {
  std::u32string s = Decode(name);
  for (char32_t& c : s) c = Lower(c);
  return s;
}

bool HasNul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

bool ValidText(std::string_view s) { return !FindInvalidUtf8(s) && !HasNul(s); }

std::string Where(const Sheet& sheet, int row, int col) {
  return sheet.name + "!" + CellRef(row, col);
}

core::Status CheckSheetName(const Sheet& sheet, const std::vector<std::u32string>& earlier) {
  const std::string& name = sheet.name;
  auto bad = [&](std::string why) {
    core::Error e = Invalid(
        "bad_sheet_name",
        "Tên trang tính “" + (ValidText(name) ? name : std::string("?")) + "” không hợp lệ: " + why,
        "sheets");
    return tl::unexpected(std::move(e));
  };
  if (!ValidText(name)) return bad("không phải văn bản UTF-8.");
  const size_t len = Utf16Length(name);
  if (len == 0 || len > 31) return bad("cần từ 1 đến 31 ký tự.");
  if (name.find_first_of("[]:*?/\\") != std::string::npos) {
    return bad("không được chứa các ký tự [ ] : * ? / \\.");
  }
  if (name.front() == '\'' || name.back() == '\'') {
    return bad("không được bắt đầu hoặc kết thúc bằng dấu nháy đơn.");
  }
  const std::u32string folded = Folded(name);
  if (folded == U"history") return bad("Excel dành riêng tên “History”.");
  for (const auto& other : earlier) {
    if (other == folded) return bad("trùng với tên một trang tính khác.");
  }
  return {};
}

core::Status CheckCells(const Sheet& sheet) {
  if (sheet.rows.size() > static_cast<size_t>(kMaxRows)) {
    return tl::unexpected(Invalid(
        "sheet_too_large", "Trang tính “" + sheet.name + "” có quá 1.048.576 dòng.", sheet.name));
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto& row = sheet.rows[r];
    if (row.size() > static_cast<size_t>(kMaxCols)) {
      return tl::unexpected(Invalid("sheet_too_large",
                                    "Trang tính “" + sheet.name + "” có quá 16.384 cột.",
                                    Where(sheet, static_cast<int>(r), 0)));
    }
    for (size_t c = 0; c < row.size(); ++c) {
      const Cell& cell = row[c];
      const std::string at = Where(sheet, static_cast<int>(r), static_cast<int>(c));
      if (cell.kind == Cell::Kind::kText) {
        if (!ValidText(cell.text)) {
          return tl::unexpected(Invalid(
              "invalid_text", "Nội dung ô " + at + " không phải văn bản UTF-8 hợp lệ.", at));
        }
        if (Utf16Length(cell.text) > kMaxTextUnits) {
          return tl::unexpected(Invalid(
              "text_too_long", "Ô " + at + " dài quá 32.767 ký tự, giới hạn của Excel.", at));
        }
      }
      if (cell.kind == Cell::Kind::kNumber && !std::isfinite(cell.number)) {
        return tl::unexpected(Invalid("bad_number", "Ô " + at + " không chứa một số hợp lệ.", at));
      }
    }
  }
  return {};
}

core::Status CheckLayout(const Sheet& sheet) {
  if (sheet.freeze_rows < 0 || sheet.freeze_rows >= kMaxRows || sheet.freeze_cols < 0 ||
      sheet.freeze_cols >= kMaxCols) {
    return tl::unexpected(
        Invalid("bad_sheet_layout",
                "Cố định dòng/cột ở trang tính “" + sheet.name + "” nằm ngoài giới hạn của Excel.",
                sheet.name));
  }
  if (sheet.autofilter) {
    const auto [r1, c1, r2, c2] = *sheet.autofilter;
    if (r1 < 0 || c1 < 0 || r2 >= kMaxRows || c2 >= kMaxCols || r1 > r2 || c1 > c2) {
      return tl::unexpected(Invalid("bad_sheet_layout",
                                    "Vùng lọc ở trang tính “" + sheet.name +
                                        "” không hợp lệ hoặc nằm ngoài giới hạn của Excel.",
                                    sheet.name));
    }
  }
  for (size_t i = 0; i < sheet.merges.size(); ++i) {
    // Plain variables, not a structured binding: clang 14 (the fuzz build) cannot capture those.
    const int r1 = std::get<0>(sheet.merges[i]), c1 = std::get<1>(sheet.merges[i]);
    const int r2 = std::get<2>(sheet.merges[i]), c2 = std::get<3>(sheet.merges[i]);
    auto bad = [&](const char* why) {
      const std::string range = CellRef(r1, c1) + ":" + CellRef(r2, c2);
      return tl::unexpected(
          Invalid("bad_merge", "Vùng gộp ô " + range + " ở trang tính “" + sheet.name + "” " + why,
                  sheet.name + "!" + range));
    };
    if (r1 < 0 || c1 < 0 || r2 >= kMaxRows || c2 >= kMaxCols || r1 > r2 || c1 > c2) {
      return bad("không hợp lệ.");
    }
    if (r1 == r2 && c1 == c2) return bad("chỉ có một ô.");
    for (size_t j = 0; j < i; ++j) {
      const auto [s1, d1, s2, d2] = sheet.merges[j];
      if (r1 <= s2 && s1 <= r2 && c1 <= d2 && d1 <= c2) return bad("chồng lên vùng gộp khác.");
    }
  }
  for (const ListValidation& list : sheet.lists) {
    const bool in_range = list.first_row >= 0 && list.first_row <= list.last_row &&
                          list.last_row < kMaxRows && list.col >= 0 && list.col < kMaxCols;
    const std::string where = in_range ? sheet.name + "!" + CellRef(list.first_row, list.col) +
                                             ":" + CellRef(list.last_row, list.col)
                                       : sheet.name;
    auto bad = [&](const std::string& why) {
      return tl::unexpected(Invalid("bad_validation_list",
                                    "Danh sách chọn ở " + where + " không hợp lệ: " + why, where));
    };
    if (!in_range) return bad("vùng ô nằm ngoài trang tính.");
    if (list.allowed.empty()) return bad("danh sách trống.");
    size_t units = list.allowed.size() - 1;  // the commas between items
    for (const std::string& item : list.allowed) {
      if (item.empty() || !ValidText(item)) return bad("có giá trị trống hoặc không phải UTF-8.");
      if (item.find_first_of(",\"") != std::string::npos) {
        return bad("giá trị không được chứa dấu phẩy hoặc dấu ngoặc kép.");
      }
      units += Utf16Length(item);
    }
    if (units > kMaxListUnits) return bad("tổng độ dài vượt quá 255 ký tự, giới hạn của Excel.");
  }
  return {};
}

core::Status Check(const Workbook& book) {
  if (!ValidText(book.title) || !ValidText(book.author)) {
    return tl::unexpected(
        Invalid("invalid_text", "Tiêu đề hoặc tác giả của bảng tính không phải UTF-8 hợp lệ."));
  }
  std::vector<std::u32string> names;
  bool any_visible = false;
  for (const Sheet& sheet : book.sheets) {
    WP_RETURN_IF_ERROR(CheckSheetName(sheet, names));
    names.push_back(Folded(sheet.name));
    WP_RETURN_IF_ERROR(CheckCells(sheet));
    WP_RETURN_IF_ERROR(CheckLayout(sheet));
    any_visible = any_visible || !sheet.hidden;
  }
  if (!any_visible) {
    return tl::unexpected(
        Invalid("no_visible_sheet", "Bảng tính cần ít nhất một trang tính không bị ẩn."));
  }
  return {};
}

// Excel reads "_x0041_" in a cell's text as the escape of "A"; libxlsxwriter escapes control
// characters that way but leaves such literal text alone. Escaping its underscore as
// "_x005F_" (what Excel itself writes) keeps the text as typed.
std::string EscapeXstring(const std::string& text) {
  if (text.find("_x") == std::string::npos) return text;
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && hex(text[i + 2]) &&
        hex(text[i + 3]) && hex(text[i + 4]) && hex(text[i + 5]) && text[i + 6] == '_') {
      out += "_x005F";
    }
    out += text[i];
  }
  return out;
}

// Excel's format codes in the order of NumberFormat; none for kGeneral.
constexpr std::array<const char*, 8> kFormatCodes{nullptr, "#,##0",      "#,##0.###", "0.0##",
                                                  "@",     "dd/mm/yyyy", "#,##0.0##", "0.0%"};
const char* FormatCode(NumberFormat f) { return core::NameIn(kFormatCodes, f); }

// libxlsxwriter formats belong to one workbook, so each distinct CellStyle gets one format
// per file.
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}

  lxw_format* For(const CellStyle& s) {
    if (s == CellStyle{}) return nullptr;
    const int key = (s.locked ? 1 : 0) | (s.bold ? 2 : 0) | (s.italic ? 4 : 0) | (s.wrap ? 8 : 0) |
                    (s.input ? 16 : 0) | (static_cast<int>(s.format) << 5);
    auto [it, inserted] = cache_.try_emplace(key, nullptr);
    if (!inserted) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    if (f == nullptr) return nullptr;
    if (!s.locked || s.input) format_set_unlocked(f);
    if (s.bold) format_set_bold(f);
    if (s.italic) format_set_italic(f);
    if (s.wrap) format_set_text_wrap(f);
    if (s.input) {
      format_set_pattern(f, LXW_PATTERN_SOLID);
      format_set_bg_color(f, 0xFFF2CC);
      format_set_border(f, LXW_BORDER_THIN);
      format_set_border_color(f, 0xA6A6A6);
    }
    if (const char* code = FormatCode(s.format)) format_set_num_format(f, code);
    it->second = f;
    return f;
  }

 private:
  lxw_workbook* wb_;
  std::unordered_map<int, lxw_format*> cache_;
};

// A mkstemp file removed when this goes out of scope, whatever happened.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  core::Status Create(const std::string& dir) {
    std::string pattern = dir + "/wp-export-XXXXXX.xlsx";
    const int fd = ::mkstemps(pattern.data(), 5);
    if (fd < 0) return tl::unexpected(WriteFailed("mkstemps in " + dir + ": " + strerror(errno)));
    ::close(fd);
    path_ = pattern;
    return {};
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string TempDir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string("/tmp");
}

core::Status WriteSheet(lxw_worksheet* ws, const Sheet& sheet, Formats& formats) {
  for (size_t c = 0; c < sheet.column_widths.size() && c < static_cast<size_t>(kMaxCols); ++c) {
    const double w = sheet.column_widths[c];
    if (!(w > 0) || !std::isfinite(w)) continue;
    const auto col = static_cast<lxw_col_t>(c);
    if (lxw_error err = worksheet_set_column(ws, col, col, w, nullptr)) {
      return tl::unexpected(LxwFailed(err, "set_column"));
    }
  }
  // worksheet_merge_range writes its own (empty) first cell, so merges go before the cells.
  for (const auto& [r1, c1, r2, c2] : sheet.merges) {
    const Cell* first = static_cast<size_t>(r1) < sheet.rows.size() &&
                                static_cast<size_t>(c1) < sheet.rows[r1].size()
                            ? &sheet.rows[r1][c1]
                            : nullptr;
    lxw_format* f = first != nullptr ? formats.For(first->style) : nullptr;
    if (lxw_error err = worksheet_merge_range(ws, r1, static_cast<lxw_col_t>(c1), r2,
                                              static_cast<lxw_col_t>(c2), "", f)) {
      return tl::unexpected(LxwFailed(err, "merge_range"));
    }
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r);
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const Cell& cell = sheet.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      lxw_format* f = formats.For(cell.style);
      lxw_error err = LXW_NO_ERROR;
      switch (cell.kind) {
        case Cell::Kind::kEmpty:
          if (f != nullptr) err = worksheet_write_blank(ws, row, col, f);
          break;
        case Cell::Kind::kText:
          // An empty string becomes a blank cell (kept only when it has a format).
          err = worksheet_write_string(ws, row, col, EscapeXstring(cell.text).c_str(), f);
          break;
        case Cell::Kind::kNumber:
          err = worksheet_write_number(ws, row, col, cell.number, f);
          break;
        case Cell::Kind::kBool:
          err = worksheet_write_boolean(ws, row, col, cell.boolean ? 1 : 0, f);
          break;
      }
      if (err != LXW_NO_ERROR) {
        return tl::unexpected(LxwFailed(err, "write " + Where(sheet, row, col)));
      }
    }
  }
  for (const ListValidation& list : sheet.lists) {
    std::vector<char*> items;
    for (const std::string& item : list.allowed) items.push_back(const_cast<char*>(item.c_str()));
    items.push_back(nullptr);
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = items.data();
    std::string title = "Giá trị không hợp lệ";
    std::string message = "Hãy chọn một giá trị trong danh sách.";
    dv.error_title = title.data();
    dv.error_message = message.data();
    const auto col = static_cast<lxw_col_t>(list.col);
    if (lxw_error err =
            worksheet_data_validation_range(ws, list.first_row, col, list.last_row, col, &dv)) {
      return tl::unexpected(LxwFailed(err, "data_validation " + sheet.name));
    }
  }
  if (sheet.freeze_rows > 0 || sheet.freeze_cols > 0) {
    worksheet_freeze_panes(ws, sheet.freeze_rows, static_cast<lxw_col_t>(sheet.freeze_cols));
  }
  if (sheet.autofilter) {
    const auto [r1, c1, r2, c2] = *sheet.autofilter;
    if (lxw_error err = worksheet_autofilter(ws, r1, static_cast<lxw_col_t>(c1), r2,
                                             static_cast<lxw_col_t>(c2))) {
      return tl::unexpected(LxwFailed(err, "autofilter " + sheet.name));
    }
  }
  if (sheet.protect) worksheet_protect(ws, nullptr, nullptr);
  return {};
}

core::Result<std::string> WriteChecked(const Workbook& book) {
  TempFile file;
  std::string dir = TempDir();
  WP_RETURN_IF_ERROR(file.Create(dir));

  lxw_workbook_options options{};
  options.tmpdir = dir.data();
  std::unique_ptr<lxw_workbook, decltype(&lxw_workbook_free)> wb(
      workbook_new_opt(file.path().c_str(), &options), &lxw_workbook_free);
  if (!wb) return tl::unexpected(WriteFailed("workbook_new_opt returned NULL"));

  Formats formats(wb.get());
  std::vector<lxw_worksheet*> sheets;
  for (const Sheet& sheet : book.sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), sheet.name.c_str());
    if (ws == nullptr) return tl::unexpected(WriteFailed("add_worksheet " + sheet.name));
    WP_RETURN_IF_ERROR(WriteSheet(ws, sheet, formats));
    sheets.push_back(ws);
  }
  // A hidden sheet must not be the active one: Excel opens on the first visible sheet.
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (book.sheets[i].hidden) worksheet_hide(sheets[i]);
  }
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (book.sheets[i].hidden) continue;
    worksheet_activate(sheets[i]);
    if (i > 0) worksheet_set_first_sheet(sheets[i]);
    break;
  }
  lxw_doc_properties props{};
  std::string title = book.title;
  std::string author = book.author;
  if (!title.empty()) props.title = title.data();
  if (!author.empty()) props.author = author.data();
  if (!title.empty() || !author.empty()) {
    if (lxw_error err = workbook_set_properties(wb.get(), &props)) {
      return tl::unexpected(LxwFailed(err, "set_properties"));
    }
  }
  // workbook_close frees the workbook whether or not it succeeds.
  if (lxw_error err = workbook_close(wb.release())) {
    return tl::unexpected(LxwFailed(err, "workbook_close"));
  }

  std::ifstream in(file.path(), std::ios::binary);
  if (!in) return tl::unexpected(WriteFailed("reopening " + file.path()));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return tl::unexpected(WriteFailed("reading " + file.path()));
  if (bytes.empty()) return tl::unexpected(WriteFailed("libxlsxwriter wrote an empty file"));
  return bytes;
}

}  // namespace

core::Result<std::string> WriteXlsx(const Workbook& book) {
  WP_RETURN_IF_ERROR(Check(book));
  try {
    return WriteChecked(book);
  } catch (const std::exception& e) {
    return tl::unexpected(WriteFailed(std::string("exception: ") + e.what()));
  }
}

}  // namespace wp::xport
