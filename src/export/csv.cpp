#include "export/csv.hpp"

#include "core/decimal.hpp"
#include "export/workbook.hpp"

namespace wp::xport {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view StripBom(std::string_view text) {
  return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

// The 1-based line of byte `offset`, counting LF, CRLF and a lone CR as one line break each.
size_t LineAt(std::string_view text, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
  }
  return line;
}

core::Error CsvInvalid(size_t line, const std::string& what) {
  core::Error e = core::MakeError(core::ErrorCode::kInvalidArgument, "csv_invalid",
                                  "Tệp CSV không hợp lệ: " + what);
  e.details.push_back({"line " + std::to_string(line), what});
  e.internal_note = "csv line " + std::to_string(line);
  return e;
}

// Whether a spreadsheet would run `field` (or would once one "'" in front of it is taken away).
bool LooksLikeFormula(std::string_view field) {
  size_t quotes = field.find_first_not_of('\'');
  if (quotes == std::string_view::npos) return false;
  std::string_view rest = field.substr(quotes);
  if (std::string_view("=+-@\t\r").find(rest[0]) == std::string_view::npos) return false;
  return quotes > 0 || !core::ParseDecimal(rest).has_value();
}

}  // namespace

std::string NeutraliseFormula(std::string_view field) {
  return LooksLikeFormula(field) ? "'" + std::string(field) : std::string(field);
}

std::string RestoreFormula(std::string_view field) {
  if (!field.empty() && field[0] == '\'' && LooksLikeFormula(field.substr(1))) {
    field.remove_prefix(1);
  }
  return std::string(field);
}

std::string WriteCsv(const std::vector<std::vector<std::string>>& rows, CsvBom bom) {
  std::string out;
  if (bom == CsvBom::kYes) out += kBom;
  for (const auto& row : rows) {
    if (row.size() == 1 && row[0].empty()) {
      out += "\"\"\r\n";
      continue;
    }
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      const std::string field = NeutraliseFormula(row[i]);
      if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        continue;
      }
      out += '"';
      for (char c : field) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

core::Result<std::vector<std::vector<std::string>>> ReadCsv(std::string_view text, char sep) {
  text = StripBom(text);
  if (const auto bad = FindInvalidUtf8(text)) {
    const size_t line = LineAt(text, *bad);
    return tl::unexpected(CsvInvalid(line, "dòng " + std::to_string(line) +
                                               " có ký tự không phải UTF-8; hãy lưu tệp dưới "
                                               "dạng “CSV UTF-8”."));
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false;
  bool field_start = true;      // nothing read yet in this field
  bool record_started = false;  // something read in this record
  size_t line = 1;
  size_t quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
        continue;
      }
      if (c == '\n' || (c == '\r' && !crlf)) ++line;
      field += c;
      continue;
    }
    if (c == '"' && field_start) {
      in_quotes = true;
      field_start = false;
      record_started = true;
      quote_line = line;
    } else if (c == sep) {
      row.push_back(std::move(field));
      field.clear();
      field_start = true;
      record_started = true;
    } else if (c == '\r' || c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      field_start = true;
      record_started = false;
      if (crlf) ++i;
      ++line;
    } else {
      // A quote inside an unquoted field, or after a closing quote, is kept as written, as
      // Excel does.
      field += c;
      field_start = false;
      record_started = true;
    }
  }
  if (in_quotes) {
    return tl::unexpected(CsvInvalid(
        quote_line, "dấu ngoặc kép mở ở dòng " + std::to_string(quote_line) + " không được đóng."));
  }
  if (record_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

char DetectSeparator(std::string_view text) {
  text = StripBom(text);
  size_t semicolons = 0;
  size_t commas = 0;
  bool in_quotes = false;
  for (char c : text) {
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes) {
      if (c == '\r' || c == '\n') break;
      if (c == ';') ++semicolons;
      if (c == ',') ++commas;
    }
  }
  return semicolons > commas ? ';' : ',';
}

}  // namespace wp::xport
