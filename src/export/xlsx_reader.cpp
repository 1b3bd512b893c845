// ReadXlsx over libzip (the package, opened from memory) and pugixml (its XML parts). The
// file comes from a user's upload, so every size is bounded before the work it would cause:
// the file; from the zip directory, the number of files, the sum of the parts' declared sizes
// and their compression ratio; while a part is inflated, the bytes, the elements (about 100
// bytes of memory each once pugixml builds them), the cells and a sheet's declared dimension,
// so that a refused part is never parsed nor even inflated whole. At most a few workbooks are
// read at once (SetConcurrentReads).

#include "export/workbook.hpp"

#include "export/zip_package.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pugixml.hpp>

namespace wp::xport {
namespace {

using core::ErrorCode;

core::Error Invalid(std::string note) {
  core::Error e =
      core::MakeError(ErrorCode::kInvalidArgument, std::string(kXlsxPackage.invalid_reason),
                      std::string(kXlsxPackage.invalid_message));
  e.internal_note = std::move(note);
  return e;
}

core::Error TooLarge(std::string reason, std::string message, std::string note) {
  core::Error e = core::MakeError(ErrorCode::kTooLarge, std::move(reason), std::move(message));
  e.internal_note = std::move(note);
  return e;
}

std::string Grouped(size_t n) { return GroupedCount(n); }

// ---- XML helpers: SpreadsheetML may come with any namespace prefix ("x:c"), so elements
// and attributes are matched by local name.

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

bool Is(const pugi::xml_node& n, std::string_view local) {
  return n.type() == pugi::node_element && LocalName(n.name()) == local;
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (Is(c, local)) return c;
  }
  return {};
}

// The attribute named exactly `name`, or nullptr.
const char* Attr(const pugi::xml_node& n, const char* name) {
  pugi::xml_attribute a = n.attribute(name);
  return a ? a.value() : nullptr;
}

// The relationship id of a <sheet>: "r:id" under whatever prefix the file binds.
const char* RelId(const pugi::xml_node& n) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name(a.name());
    if (name.find(':') != std::string_view::npos && LocalName(a.name()) == "id") return a.value();
  }
  return nullptr;
}

std::string Text(const pugi::xml_node& n) {
  std::string s;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) s += c.value();
  }
  return s;
}

std::string_view Trim(std::string_view s) {
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The UTF-16 unit of an "_xHHHH_" escape at s[i], or -1.
int Escape(std::string_view s, size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return -1;
  int v = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const char c = s[k];
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Decodes Excel's "_xHHHH_" escapes (ST_Xstring): "_x000D_" is a carriage return and
// "_x005F_" a literal underscore. A lone surrogate is left as written.
std::string DecodeXstring(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const int unit = Escape(s, i);
    if (unit < 0) {
      out += s[i++];
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const int low = Escape(s, i + 7);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendUtf8(out, 0x10000 + ((static_cast<uint32_t>(unit) - 0xD800) << 10) +
                            (static_cast<uint32_t>(low) - 0xDC00));
        i += 14;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      out += s.substr(i, 7);
    } else {
      AppendUtf8(out, static_cast<uint32_t>(unit));
    }
    i += 7;
  }
  return out;
}

// The text of an <si> or <is>: its <t>, or the <t> of each rich-text run <r>. Phonetic
// guides (<rPh>) are not part of the value.
std::string RichText(const pugi::xml_node& n) {
  std::string s;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (Is(c, "t")) {
      s += Text(c);
    } else if (Is(c, "r")) {
      for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling()) {
        if (Is(t, "t")) s += Text(t);
      }
    }
  }
  return DecodeXstring(s);
}

class Reader {
 public:
  Reader(Package& pkg, const ReadLimits& limits) : pkg_(pkg), limits_(limits) {}

  core::Result<ReadBook> Run();

 private:
  struct Rel {
    std::string type;
    std::string target;  // the part name, resolved
  };
  using Rels = std::unordered_map<std::string, Rel>;

  core::Status Parse(const std::string& part, pugi::xml_document& doc);
  core::Result<Rels> ReadRels(const std::string& part);
  core::Status ReadSharedStrings(const std::string& part);
  core::Status ReadCells(const pugi::xml_node& sheet_data, ReadSheet& sheet);
  core::Status ReadCellValue(const pugi::xml_node& c, ReadCell& cell);

  Package& pkg_;
  const ReadLimits& limits_;
  std::vector<std::string> strings_;
  size_t cells_ = 0;
};

// A relationship's target as a part name (ResolvePartName), or the workbook's error.
core::Result<std::string> Resolve(const std::string& source_part, std::string_view target) {
  auto part = ResolvePartName(source_part, target);
  if (!part) return tl::unexpected(Invalid("relationship target outside the package"));
  return *part;
}

std::string RelsPartOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  return dir + "_rels/" + part.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

core::Error TooManyCells(const ReadLimits& limits, std::string note) {
  return TooLarge("xlsx_too_large", "Bảng tính có quá " + Grouped(limits.max_cells) + " ô.",
                  std::move(note));
}

// Watches a part as it is inflated: counts its start tags (pugixml builds each, so they are
// bounded by the cells allowed) and its cells (<c>, under any prefix), and reads a sheet's
// <dimension ref="A1:F120">, refusing the part as soon as one is above the limits.
class TagScan {
 public:
  TagScan(const std::string& part, const ReadLimits& limits, size_t cells_before)
      : part_(part), limits_(limits), cells_(cells_before) {}

  core::Status operator()(std::string_view xml, bool end) {
    const size_t max_cells = std::min(limits_.max_cells, std::numeric_limits<size_t>::max() / 16);
    const size_t max_tags = 6 * max_cells + 65536;
    for (;;) {
      const size_t lt = xml.find('<', pos_);
      if (lt == std::string_view::npos) {
        pos_ = xml.size();
        return {};
      }
      const size_t start = lt + 1;
      if (start >= xml.size()) {
        pos_ = end ? xml.size() : lt;
        return {};
      }
      const char first = xml[start];
      if (first == '/' || first == '?' || first == '!') {  // an end tag, a declaration
        pos_ = start;
        continue;
      }
      size_t stop = start;
      while (stop < xml.size() && stop - start < 256 && !Delimiter(xml[stop])) ++stop;
      if (stop == xml.size() && !end) {  // the name goes on in the next piece
        pos_ = lt;
        return {};
      }
      std::string_view name = xml.substr(start, stop - start);
      if (const size_t colon = name.rfind(':'); colon != std::string_view::npos) {
        name.remove_prefix(colon + 1);
      }
      if (name == "dimension") {
        const size_t gt = xml.find('>', stop);
        if (gt == std::string_view::npos && !end) {
          pos_ = lt;
          return {};
        }
        WP_RETURN_IF_ERROR(Dimension(
            xml.substr(stop, gt == std::string_view::npos ? std::string_view::npos : gt - stop)));
      }
      if (++tags_ > max_tags) {
        return tl::unexpected(
            TooLarge("xlsx_too_large",
                     "Bảng tính có quá nhiều phần tử để xử lý (tối đa " + Grouped(max_tags) +
                         " trong một phần).",
                     part_ + " has more than " + std::to_string(max_tags) + " elements"));
      }
      if (name == "c" && ++cells_ > limits_.max_cells) {
        return tl::unexpected(TooManyCells(
            limits_, part_ + ": more than " + std::to_string(limits_.max_cells) + " cells"));
      }
      pos_ = stop;
    }
  }

 private:
  static bool Delimiter(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
  }

  // The attributes of <dimension>: its ref's area against the cells allowed. A ref that
  // does not parse is left alone (the dimension only describes the sheet).
  core::Status Dimension(std::string_view attrs) {
    const size_t at = attrs.find("ref=");
    if (at == std::string_view::npos || at + 5 >= attrs.size()) return {};
    const char quote = attrs[at + 4];
    const size_t close = attrs.find(quote, at + 5);
    if ((quote != '"' && quote != '\'') || close == std::string_view::npos) return {};
    const std::string_view ref = Trim(attrs.substr(at + 5, close - at - 5));
    const size_t colon = ref.find(':');
    const auto from = ParseCellRef(ref.substr(0, colon));
    const auto to = colon == std::string_view::npos ? from : ParseCellRef(ref.substr(colon + 1));
    if (!from || !to) return {};
    const uint64_t rows = static_cast<uint64_t>(std::abs(to->first - from->first)) + 1;
    const uint64_t cols = static_cast<uint64_t>(std::abs(to->second - from->second)) + 1;
    if (rows * cols > limits_.max_cells) {
      return tl::unexpected(TooLarge("xlsx_too_large",
                                     "Trang tính khai báo vùng " + std::string(ref.substr(0, 40)) +
                                         " (" + Grouped(rows * cols) + " ô), vượt quá giới hạn " +
                                         Grouped(limits_.max_cells) + " ô.",
                                     part_ + ": dimension " + std::string(ref.substr(0, 40))));
    }
    return {};
  }

  const std::string& part_;
  const ReadLimits& limits_;
  size_t cells_;
  size_t pos_ = 0;
  size_t tags_ = 0;
};

core::Status Reader::Parse(const std::string& part, pugi::xml_document& doc) {
  // pugixml keeps every element and attribute in memory: their number is bounded while the
  // part is inflated, before anything is built.
  TagScan scan(part, limits_, cells_);
  WP_ASSIGN_OR_RETURN(std::string xml, pkg_.Read(part, std::ref(scan)));
  const pugi::xml_parse_result ok =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                      pugi::encoding_auto);
  if (!ok) {
    return tl::unexpected(Invalid(part + ": malformed XML at byte " + std::to_string(ok.offset) +
                                  ": " + ok.description()));
  }
  if (!doc.document_element()) return tl::unexpected(Invalid(part + ": no root element"));
  return {};
}

core::Result<Reader::Rels> Reader::ReadRels(const std::string& part) {
  Rels rels;
  const std::string rels_part = RelsPartOf(part);
  if (!pkg_.Has(rels_part)) return rels;
  pugi::xml_document doc;
  WP_RETURN_IF_ERROR(Parse(rels_part, doc));
  for (pugi::xml_node r = doc.document_element().first_child(); r; r = r.next_sibling()) {
    if (!Is(r, "Relationship")) continue;
    const char* id = Attr(r, "Id");
    const char* type = Attr(r, "Type");
    const char* target = Attr(r, "Target");
    const char* mode = Attr(r, "TargetMode");
    if (id == nullptr || target == nullptr) continue;
    if (mode != nullptr && std::string_view(mode) == "External") continue;
    WP_ASSIGN_OR_RETURN(std::string resolved, Resolve(part, target));
    rels[id] = Rel{type != nullptr ? type : "", std::move(resolved)};
  }
  return rels;
}

core::Status Reader::ReadSharedStrings(const std::string& part) {
  pugi::xml_document doc;
  WP_RETURN_IF_ERROR(Parse(part, doc));
  for (pugi::xml_node si = doc.document_element().first_child(); si; si = si.next_sibling()) {
    if (!Is(si, "si")) continue;
    std::string s = RichText(si);
    if (FindInvalidUtf8(s)) {
      return tl::unexpected(
          Invalid(part + ": string " + std::to_string(strings_.size()) + " is not UTF-8"));
    }
    strings_.push_back(std::move(s));
  }
  return {};
}

bool IsNumber(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.front();
  if (!(c == '-' || c == '.' || (c >= '0' && c <= '9'))) return false;  // no "inf", "nan"
  double d = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(d);
}

core::Status Reader::ReadCellValue(const pugi::xml_node& c, ReadCell& cell) {
  const char* t_attr = Attr(c, "t");
  const std::string_view t = t_attr != nullptr ? t_attr : "n";
  const pugi::xml_node v = Child(c, "v");
  const std::string where = CellRef(cell.row, cell.col);
  if (const pugi::xml_node f = Child(c, "f")) cell.formula = Text(f);

  if (t == "s") {
    if (!v) return {};
    const std::string value = Text(v);
    const std::string_view raw = Trim(value);
    size_t index = 0;
    const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), index);
    if (raw.empty() || ec != std::errc() || end != raw.data() + raw.size() ||
        index >= strings_.size()) {
      return tl::unexpected(Invalid(where + ": shared string index '" + std::string(raw) + "' of " +
                                    std::to_string(strings_.size())));
    }
    cell.kind = Cell::Kind::kText;
    cell.text = strings_[index];
  } else if (t == "inlineStr") {
    if (const pugi::xml_node is = Child(c, "is")) {
      cell.kind = Cell::Kind::kText;
      cell.text = RichText(is);
    }
  } else if (t == "str" || t == "d" || t == "e") {
    if (v) {
      cell.kind = Cell::Kind::kText;
      cell.text = t == "str" ? DecodeXstring(Text(v)) : std::string(Trim(Text(v)));
      cell.error = t == "e";
    }
  } else if (t == "b") {
    if (v) {
      const std::string value = Text(v);
      const std::string_view b = Trim(value);
      if (b != "0" && b != "1") {
        return tl::unexpected(Invalid(where + ": boolean '" + std::string(b) + "'"));
      }
      cell.kind = Cell::Kind::kBool;
      cell.text = b == "1" ? "TRUE" : "FALSE";
    }
  } else if (t == "n") {
    const std::string value = v ? Text(v) : std::string();
    const std::string_view n = Trim(value);
    if (!n.empty()) {
      if (!IsNumber(n)) {
        return tl::unexpected(Invalid(where + ": number '" + std::string(n.substr(0, 40)) + "'"));
      }
      cell.kind = Cell::Kind::kNumber;
      cell.text = std::string(n);
    }
  } else {
    return tl::unexpected(Invalid(where + ": cell type '" + std::string(t.substr(0, 20)) + "'"));
  }
  if (FindInvalidUtf8(cell.text) || FindInvalidUtf8(cell.formula)) {
    return tl::unexpected(Invalid(where + ": text is not UTF-8"));
  }
  return {};
}

core::Status Reader::ReadCells(const pugi::xml_node& sheet_data, ReadSheet& sheet) {
  int next_row = 0;
  for (pugi::xml_node row = sheet_data.first_child(); row; row = row.next_sibling()) {
    if (!Is(row, "row")) continue;
    int r = next_row;
    if (const char* attr = Attr(row, "r")) {
      const std::string_view raw = Trim(attr);
      int n = 0;
      const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
      if (ec != std::errc() || end != raw.data() + raw.size() || n < 1 || n > kMaxRows) {
        return tl::unexpected(Invalid(sheet.name + ": row number '" + std::string(raw) + "'"));
      }
      r = n - 1;
    }
    if (r >= kMaxRows) return tl::unexpected(Invalid(sheet.name + ": more than 1048576 rows"));
    next_row = r + 1;
    int next_col = 0;
    for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
      if (!Is(c, "c")) continue;
      if (++cells_ > limits_.max_cells) {
        return tl::unexpected(
            TooManyCells(limits_, "more than " + std::to_string(limits_.max_cells) + " cells"));
      }
      ReadCell cell;
      cell.row = r;
      cell.col = next_col;
      if (const char* ref = Attr(c, "r")) {
        const auto pos = ParseCellRef(Trim(ref));
        if (!pos) {
          return tl::unexpected(Invalid(sheet.name + ": cell reference '" +
                                        std::string(std::string_view(ref).substr(0, 20)) + "'"));
        }
        cell.row = pos->first;
        cell.col = pos->second;
      }
      if (cell.col >= kMaxCols) {
        return tl::unexpected(Invalid(sheet.name + ": more than 16384 columns"));
      }
      next_col = cell.col + 1;
      WP_RETURN_IF_ERROR(ReadCellValue(c, cell));
      if (cell.kind != Cell::Kind::kEmpty || !cell.formula.empty()) {
        sheet.cells.push_back(std::move(cell));
      }
    }
  }
  // Sorted for Find; a cell written twice keeps its last value.
  std::stable_sort(sheet.cells.begin(), sheet.cells.end(), [](const auto& a, const auto& b) {
    return std::pair(a.row, a.col) < std::pair(b.row, b.col);
  });
  auto last =
      std::unique(sheet.cells.rbegin(), sheet.cells.rend(),
                  [](const auto& a, const auto& b) { return a.row == b.row && a.col == b.col; });
  sheet.cells.erase(sheet.cells.begin(), last.base());
  return {};
}

core::Result<ReadBook> Reader::Run() {
  // The workbook part is named by the package's relationships, normally xl/workbook.xml.
  std::string workbook_part = "xl/workbook.xml";
  WP_ASSIGN_OR_RETURN(Rels root_rels, ReadRels(""));
  for (const auto& [id, rel] : root_rels) {
    if (EndsWith(rel.type, "/officeDocument")) workbook_part = rel.target;
  }
  if (!pkg_.Has(workbook_part)) return tl::unexpected(Invalid("no workbook part " + workbook_part));
  pugi::xml_document workbook;
  WP_RETURN_IF_ERROR(Parse(workbook_part, workbook));
  if (!Is(workbook.document_element(), "workbook")) {
    return tl::unexpected(Invalid(workbook_part + ": root is not <workbook>"));
  }
  WP_ASSIGN_OR_RETURN(Rels rels, ReadRels(workbook_part));

  std::string strings_part;
  for (const auto& [id, rel] : rels) {
    if (EndsWith(rel.type, "/sharedStrings")) strings_part = rel.target;
  }
  if (strings_part.empty()) {
    auto guess = Resolve(workbook_part, "sharedStrings.xml");
    if (guess) strings_part = *guess;
  }
  if (!strings_part.empty() && pkg_.Has(strings_part)) {
    WP_RETURN_IF_ERROR(ReadSharedStrings(strings_part));
  }

  ReadBook book;
  const pugi::xml_node sheets = Child(workbook.document_element(), "sheets");
  for (pugi::xml_node s = sheets.first_child(); s; s = s.next_sibling()) {
    if (!Is(s, "sheet")) continue;
    const char* name = Attr(s, "name");
    const char* id = RelId(s);
    if (name == nullptr || *name == '\0' || FindInvalidUtf8(name)) {
      return tl::unexpected(Invalid(workbook_part + ": a sheet without a valid name"));
    }
    const auto rel = id != nullptr ? rels.find(id) : rels.end();
    if (rel == rels.end()) {
      return tl::unexpected(Invalid(workbook_part + ": no relationship for sheet " + name));
    }
    ReadSheet sheet;
    sheet.name = name;
    const char* state = Attr(s, "state");
    sheet.hidden = state != nullptr &&
                   (std::string_view(state) == "hidden" || std::string_view(state) == "veryHidden");
    pugi::xml_document doc;
    WP_RETURN_IF_ERROR(Parse(rel->second.target, doc));
    // A chart sheet or dialog sheet has no <sheetData>: it is kept, without cells.
    if (const pugi::xml_node data = Child(doc.document_element(), "sheetData")) {
      WP_RETURN_IF_ERROR(ReadCells(data, sheet));
    }
    book.sheets.push_back(std::move(sheet));
  }
  if (book.sheets.empty()) return tl::unexpected(Invalid(workbook_part + ": no sheets"));
  return book;
}

// The read slots of this process (SetConcurrentReads).
struct Slots {
  std::mutex mu;
  std::condition_variable freed;
  int limit = 2;
  int taken = 0;
  std::chrono::milliseconds wait{1000};
};

Slots& ReadSlots() {
  static Slots slots;
  return slots;
}

// One slot held for the time of a read.
class Slot {
 public:
  Slot() = default;
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot() {
    if (!held_) return;
    Slots& s = ReadSlots();
    {
      std::lock_guard lock(s.mu);
      --s.taken;
    }
    s.freed.notify_one();
  }

  core::Status Take() {
    Slots& s = ReadSlots();
    std::unique_lock lock(s.mu);
    if (!s.freed.wait_for(lock, s.wait, [&] { return s.taken < s.limit; })) {
      core::Error e = core::MakeError(ErrorCode::kUnavailable, "busy",
                                      "Máy chủ đang đọc " + std::to_string(s.limit) +
                                          " tệp Excel cùng lúc (tối đa); hãy gửi lại sau ít giây.");
      e.internal_note = "no xlsx read slot after " + std::to_string(s.wait.count()) + " ms";
      return tl::unexpected(std::move(e));
    }
    ++s.taken;
    held_ = true;
    return {};
  }

 private:
  bool held_ = false;
};

}  // namespace

void SetConcurrentReads(int n, std::chrono::milliseconds wait) {
  Slots& s = ReadSlots();
  {
    std::lock_guard lock(s.mu);
    s.limit = std::max(1, n);
    s.wait = wait;
  }
  s.freed.notify_all();
}

int ConcurrentReads() {
  Slots& s = ReadSlots();
  std::lock_guard lock(s.mu);
  return s.limit;
}

const ReadCell* ReadSheet::Find(int row, int col) const {
  const auto it = std::lower_bound(cells.begin(), cells.end(), std::pair(row, col),
                                   [](const ReadCell& c, const std::pair<int, int>& key) {
                                     return std::pair(c.row, c.col) < key;
                                   });
  return it != cells.end() && it->row == row && it->col == col ? &*it : nullptr;
}

const ReadSheet* ReadBook::FindSheet(std::string_view name) const {
  for (const ReadSheet& s : sheets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

core::Result<ReadBook> ReadXlsx(std::string_view bytes, const ReadLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return tl::unexpected(TooLarge("file_too_large",
                                   "Tệp quá lớn (" + SizeText(bytes.size()) +
                                       "); dung lượng tối đa là " + SizeText(limits.max_bytes) +
                                       ".",
                                   std::to_string(bytes.size()) + " bytes"));
  }
  Slot slot;
  WP_RETURN_IF_ERROR(slot.Take());
  try {
    WP_ASSIGN_OR_RETURN(
        Package pkg,
        Package::Open(bytes,
                      PackageLimits{limits.max_uncompressed, limits.max_entries, limits.max_ratio},
                      kXlsxPackage));
    Reader reader(pkg, limits);
    return reader.Run();
  } catch (const std::bad_alloc&) {
    return tl::unexpected(
        TooLarge("xlsx_too_large", "Bảng tính quá lớn để xử lý.", "out of memory while reading"));
  } catch (const std::exception& e) {
    core::Error err = core::MakeError(ErrorCode::kInternal, "xlsx_read_failed",
                                      "Không đọc được tệp Excel. Vui lòng thử lại sau.");
    err.internal_note = e.what();
    return tl::unexpected(std::move(err));
  }
}

}  // namespace wp::xport
