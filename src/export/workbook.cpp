#include "export/workbook.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

#include "core/enum_names.hpp"

namespace wp::xport {

namespace {

Cell MakeCell(Cell::Kind kind, std::string text, CellStyle style, double number = 0,
              bool boolean = false) {
  Cell c;
  c.kind = kind;
  c.text = std::move(text);
  c.number = number;
  c.boolean = boolean;
  c.style = style;
  return c;
}

}  // namespace

Cell Cell::Text(std::string text, CellStyle style) {
  return MakeCell(Kind::kText, std::move(text), style);
}

Cell Cell::Number(double number, CellStyle style) {
  return MakeCell(Kind::kNumber, NumberText(number), style, number);
}

Cell Cell::Bool(bool value, CellStyle style) {
  return MakeCell(Kind::kBool, value ? "TRUE" : "FALSE", style, 0, value);
}

Cell Cell::Empty(CellStyle style) { return MakeCell(Kind::kEmpty, "", style); }

const char* CellKindName(Cell::Kind kind) {
  static constexpr std::array kNames{"empty", "text", "number", "bool"};
  return core::NameIn(kNames, kind);
}

std::string ColumnName(int col) {
  if (col < 0 || col >= kMaxCols) return "";
  std::string name;
  for (int n = col + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

std::string CellRef(int row, int col) {
  if (row < 0 || row >= kMaxRows || col < 0 || col >= kMaxCols) return "";
  return ColumnName(col) + std::to_string(row + 1);
}

std::optional<std::pair<int, int>> ParseCellRef(std::string_view ref) {
  size_t i = 0;
  int col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    if (i == 3) return std::nullopt;  // "XFD" is the last column
    col = col * 26 + (ref[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || col > kMaxCols) return std::nullopt;
  const size_t digits = i;
  if (digits == ref.size() || ref[digits] == '0') return std::nullopt;
  int row = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || i - digits >= 7) return std::nullopt;
    row = row * 10 + (ref[i] - '0');
  }
  if (row > kMaxRows) return std::nullopt;
  return std::pair<int, int>{row - 1, col - 1};
}

std::string NumberText(double number) {
  // std::to_chars is locale-independent, where "%.16G" would write "4,3" under vi_VN; the
  // exponent letter is made upper case to match libxlsxwriter byte for byte.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number, std::chars_format::general, 16);
  if (ec != std::errc()) return "";
  std::string text(buf, end);
  for (char& ch : text) {
    if (ch == 'e') ch = 'E';
  }
  return text;
}

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;  // overlong
      if (b == 0xED) hi = 0x9F;  // surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;  // overlong
      if (b == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace wp::xport
