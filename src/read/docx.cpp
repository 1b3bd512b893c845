// A .docx through export's bounded zip package and pugixml: the body in order, each paragraph
// a line with the number Word's automatic numbering shows rebuilt (it is not in the text),
// tables a line per row with cells joined by tabs (the header table a line per paragraph of
// its cells, the closing table cell after cell, as legal websites flatten them).

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "export/zip_package.hpp"
#include "read/read.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::read {

namespace {

constexpr xport::PackageKind kDocxPackage{"docx_invalid",
                                          "Tệp không phải là văn bản Word (.docx) hợp lệ.",
                                          "docx_too_large", "Văn bản Word"};

std::string_view Local(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// w:val and friends; the prefix is Word's "w" in every producer seen.
const char* Attr(const pugi::xml_node& n, const char* local) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    size_t colon = name.find(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local)
      return a.value();
  }
  return nullptr;
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (Local(c) == local) return c;
  }
  return {};
}

std::optional<int> IntAttr(const pugi::xml_node& n, const char* local = "val") {
  const char* v = Attr(n, local);
  if (!v || !*v) return std::nullopt;
  long long x = 0;
  bool neg = *v == '-';
  for (const char* c = v + (neg ? 1 : 0); *c; ++c) {
    if (*c < '0' || *c > '9') return std::nullopt;
    x = x * 10 + (*c - '0');
    if (x > 1'000'000) return std::nullopt;
  }
  return static_cast<int>(neg ? -x : x);
}

// An on/off property (w:vanish, w:tblHeader): present and not "0"/"false"/"off".
bool On(const pugi::xml_node& n) {
  if (!n) return false;
  const char* v = Attr(n, "val");
  if (!v) return true;
  std::string_view s = v;
  return !(s == "0" || s == "false" || s == "off");
}

void AppendCodePoint(std::string& s, char32_t cp) {
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) return;
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// ---- numbering ----------------------------------------------------------------------------

constexpr int kLevels = 9;

struct Level {
  int start = 1;
  std::string format = "decimal";
  std::string text;    // "%1.%2."
  int restart = -1;    // w:lvlRestart: -1 unset (after any higher level), 0 never
  bool legal = false;  // w:isLgl: every level shown decimal
  std::string style;   // w:pStyle: the paragraph style this level belongs to
  bool present = false;
};

struct Abstract {
  std::array<Level, kLevels> levels;
};

struct Num {
  std::string abstract;
  std::array<std::optional<int>, kLevels> start_override;
  std::array<std::optional<Level>, kLevels> level_override;
  bool overrides = false;
};

struct StyleInfo {
  std::string based_on;
  std::optional<std::string> num_id;
  std::optional<int> ilvl;
};

Level ReadLevel(const pugi::xml_node& lvl) {
  Level l;
  l.present = true;
  if (auto v = IntAttr(Child(lvl, "start"))) l.start = *v;
  if (const char* f = Attr(Child(lvl, "numFmt"), "val")) l.format = f;
  if (const char* t = Attr(Child(lvl, "lvlText"), "val")) l.text = t;
  if (auto r = IntAttr(Child(lvl, "lvlRestart"))) l.restart = *r;
  l.legal = On(Child(lvl, "isLgl"));
  if (const char* s = Attr(Child(lvl, "pStyle"), "val")) l.style = s;
  return l;
}

std::string Roman(int n, bool upper) {
  if (n <= 0 || n >= 4000) return std::to_string(n);
  static const std::pair<int, const char*> kTable[] = {
      {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
      {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
  std::string s;
  for (auto [v, r] : kTable) {
    while (n >= v) {
      s += r;
      n -= v;
    }
  }
  if (!upper) {
    for (char& c : s) c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Word's letters: a … z, then aa … zz, aaa …
std::string Letters(int n, bool upper) {
  if (n <= 0) return std::to_string(n);
  int repeat = (n - 1) / 26 + 1;
  if (repeat > 10) return std::to_string(n);
  char c = static_cast<char>((upper ? 'A' : 'a') + (n - 1) % 26);
  return std::string(static_cast<size_t>(repeat), c);
}

std::string FormatNumber(int n, std::string_view format) {
  if (format == "upperRoman") return Roman(n, true);
  if (format == "lowerRoman") return Roman(n, false);
  if (format == "upperLetter") return Letters(n, true);
  if (format == "lowerLetter") return Letters(n, false);
  if (format == "decimalZero") return (n >= 0 && n < 10 ? "0" : "") + std::to_string(n);
  if (format == "none") return "";
  return std::to_string(n);
}

class Numbering {
 public:
  void Load(const pugi::xml_document& numbering, const pugi::xml_document& styles) {
    pugi::xml_node root = numbering.first_child();
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
      if (Local(n) == "abstractNum") {
        const char* id = Attr(n, "abstractNumId");
        if (!id) continue;
        Abstract a;
        for (pugi::xml_node lvl = n.first_child(); lvl; lvl = lvl.next_sibling()) {
          if (Local(lvl) != "lvl") continue;
          auto ilvl = IntAttr(lvl, "ilvl");
          if (ilvl && *ilvl >= 0 && *ilvl < kLevels)
            a.levels[static_cast<size_t>(*ilvl)] = ReadLevel(lvl);
        }
        abstracts_[id] = std::move(a);
      } else if (Local(n) == "num") {
        const char* id = Attr(n, "numId");
        if (!id) continue;
        Num num;
        if (const char* a = Attr(Child(n, "abstractNumId"), "val")) num.abstract = a;
        for (pugi::xml_node o = n.first_child(); o; o = o.next_sibling()) {
          if (Local(o) != "lvlOverride") continue;
          auto ilvl = IntAttr(o, "ilvl");
          if (!ilvl || *ilvl < 0 || *ilvl >= kLevels) continue;
          auto i = static_cast<size_t>(*ilvl);
          if (auto s = IntAttr(Child(o, "startOverride"))) {
            num.start_override[i] = *s;
            num.overrides = true;
          }
          if (pugi::xml_node lvl = Child(o, "lvl")) {
            num.level_override[i] = ReadLevel(lvl);
            num.overrides = true;
          }
        }
        nums_[id] = std::move(num);
      }
    }
    for (pugi::xml_node s = styles.first_child().first_child(); s; s = s.next_sibling()) {
      if (Local(s) != "style") continue;
      const char* id = Attr(s, "styleId");
      if (!id) continue;
      StyleInfo info;
      if (const char* b = Attr(Child(s, "basedOn"), "val")) info.based_on = b;
      pugi::xml_node numpr = Child(Child(s, "pPr"), "numPr");
      if (numpr) {
        if (const char* v = Attr(Child(numpr, "numId"), "val")) info.num_id = v;
        info.ilvl = IntAttr(Child(numpr, "ilvl"));
      }
      const char* type = Attr(s, "type");
      const char* is_default = Attr(s, "default");
      if (type && std::string_view(type) == "paragraph" && is_default &&
          (std::string_view(is_default) == "1" || std::string_view(is_default) == "true")) {
        default_style_ = id;
      }
      styles_[id] = std::move(info);
    }
  }

  // The label Word shows before paragraph `p` ("1.", "II.", "a)", "-" for a bullet), counting it.
  std::string Label(const pugi::xml_node& p) {
    pugi::xml_node ppr = Child(p, "pPr");
    pugi::xml_node numpr = Child(ppr, "numPr");
    std::optional<std::string> num_id;
    std::optional<int> ilvl;
    if (numpr) {
      if (const char* v = Attr(Child(numpr, "numId"), "val")) num_id = v;
      ilvl = IntAttr(Child(numpr, "ilvl"));
    }
    std::string style = default_style_;
    if (const char* s = Attr(Child(ppr, "pStyle"), "val")) style = s;
    bool from_style = false;
    if (!num_id || !ilvl) {
      std::string id = style;
      for (int guard = 0; guard < 16 && !id.empty(); ++guard) {
        auto it = styles_.find(id);
        if (it == styles_.end()) break;
        if (!num_id && it->second.num_id) {
          num_id = it->second.num_id;
          from_style = true;
        }
        if (!ilvl && it->second.ilvl) ilvl = it->second.ilvl;
        if (num_id && ilvl) break;
        id = it->second.based_on;
      }
    }
    if (!num_id || *num_id == "0") return {};
    auto n = nums_.find(*num_id);
    if (n == nums_.end()) return {};
    auto a = abstracts_.find(n->second.abstract);
    if (a == abstracts_.end()) return {};
    if (!ilvl && from_style) {
      // A style's numbering names no level: the level that names the style.
      for (int k = 0; k < kLevels; ++k) {
        if (a->second.levels[static_cast<size_t>(k)].style == style) ilvl = k;
      }
    }
    int level = std::clamp(ilvl.value_or(0), 0, kLevels - 1);
    auto level_of = [&](int k) -> Level {
      auto i = static_cast<size_t>(k);
      Level l = n->second.level_override[i] ? *n->second.level_override[i] : a->second.levels[i];
      if (n->second.start_override[i]) l.start = *n->second.start_override[i];
      return l;
    };
    Level current = level_of(level);
    if (!current.present) return {};
    std::string key = n->second.overrides ? "num:" + *num_id : "abs:" + n->second.abstract;
    auto& counters = counters_[key];
    auto i = static_cast<size_t>(level);
    counters[i] = counters[i] ? *counters[i] + 1 : current.start;
    for (int k = level + 1; k < kLevels; ++k) {
      int restart = level_of(k).restart;
      if (restart == 0) continue;
      if (restart < 0 || level + 1 <= restart) counters[static_cast<size_t>(k)].reset();
    }
    if (current.format == "bullet") return "-";
    std::string label;
    const std::string& t = current.text;
    for (size_t c = 0; c < t.size(); ++c) {
      if (t[c] == '%' && c + 1 < t.size() && t[c + 1] >= '1' && t[c + 1] <= '9') {
        int k = t[c + 1] - '1';
        Level lk = level_of(k);
        int value = counters[static_cast<size_t>(k)].value_or(lk.start);
        label += FormatNumber(value, current.legal ? "decimal" : lk.format);
        ++c;
      } else {
        label += t[c];
      }
    }
    return std::string(text::Trim(label));
  }

 private:
  std::map<std::string, Abstract> abstracts_;
  std::map<std::string, Num> nums_;
  std::map<std::string, StyleInfo> styles_;
  std::string default_style_;
  std::map<std::string, std::array<std::optional<int>, kLevels>> counters_;
};

// ---- the body -----------------------------------------------------------------------------

class Walker {
 public:
  Walker(Numbering& numbering, const Limits& limits)
      : numbering_(numbering),
        limits_(limits),
        deadline_(std::chrono::steady_clock::now() + limits.budget) {}

  core::Status Body(const pugi::xml_node& parent, size_t depth) {
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      std::string_view name = Local(n);
      if (name == "p") {
        ++block_;
        WP_RETURN_IF_ERROR(Check());
        std::vector<pugi::xml_node> boxes;
        std::string line = Paragraph(n, boxes, depth);
        Emit(line, {0, block_, 0, false});
        for (const auto& box : boxes) WP_RETURN_IF_ERROR(Body(box, depth + 1));
      } else if (name == "tbl") {
        ++block_;
        WP_RETURN_IF_ERROR(Check());
        WP_RETURN_IF_ERROR(Table(n, depth + 1));
      } else if (name == "sdt") {
        WP_RETURN_IF_ERROR(Deeper(depth));
        WP_RETURN_IF_ERROR(Body(Child(n, "sdtContent"), depth + 1));
      } else if (name == "customXml" || name == "ins" || name == "moveTo") {
        WP_RETURN_IF_ERROR(Deeper(depth));
        WP_RETURN_IF_ERROR(Body(n, depth + 1));
      }
      if (out_.text.size() > limits_.max_text) {
        return core::Fail(core::ErrorCode::kTooLarge, "text_too_large",
                          "Văn bản trong tệp quá dài (tối đa " +
                              std::to_string(limits_.max_text >> 20) + " MiB chữ).");
      }
    }
    return {};
  }

  Extracted Take() && { return std::move(out_); }

 private:
  core::Status Deeper(size_t depth) const {
    if (depth + 1 > limits_.max_depth) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "docx_invalid",
                        "Văn bản Word lồng nhau quá sâu (bảng trong bảng …), không đọc được.");
    }
    return {};
  }

  core::Status Check() const {
    if ((block_ & 255) == 0 && std::chrono::steady_clock::now() > deadline_) {
      return core::Fail(core::ErrorCode::kTooLarge, "extract_timeout",
                        "Đọc tệp quá lâu (quá " + std::to_string(limits_.budget.count() / 1000) +
                            " giây); tệp quá lớn hoặc phức tạp.");
    }
    return {};
  }

  void Emit(std::string_view line, const Origin& origin) {
    // A w:br inside a paragraph is a line of its own; empty lines are left out.
    size_t start = 0;
    while (start <= line.size()) {
      size_t end = line.find('\n', start);
      if (end == std::string_view::npos) end = line.size();
      std::string_view piece = text::TrimRight(line.substr(start, end - start));
      while (!piece.empty() && (piece.front() == ' ')) piece.remove_prefix(1);
      if (!text::Trim(piece).empty()) {
        out_.text += piece;
        out_.text += '\n';
        out_.origins.push_back(origin);
      }
      start = end + 1;
    }
  }

  std::string Paragraph(const pugi::xml_node& p, std::vector<pugi::xml_node>& boxes, size_t depth) {
    std::string s;
    Inline(p, s, boxes, depth);
    std::string label = numbering_.Label(p);
    if (!label.empty() && !text::Trim(s).empty()) return label + " " + s;
    return s;
  }

  void Inline(const pugi::xml_node& parent, std::string& s, std::vector<pugi::xml_node>& boxes,
              size_t depth) {
    if (depth > limits_.max_depth) return;
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element) continue;
      std::string_view name = Local(n);
      if (name == "t") {
        s += n.child_value();
      } else if (name == "tab" || name == "ptab") {
        s += '\t';
      } else if (name == "br" || name == "cr") {
        s += '\n';
      } else if (name == "noBreakHyphen") {
        s += '-';
      } else if (name == "softHyphen") {
        // Invisible in Unicode text (dropped by read::Extract), but TCVN3's "ư" (0xAD): kept
        // for the legacy-font reading (text/legacy).
        s += "\u00AD";
      } else if (name == "sym") {
        const char* c = Attr(n, "char");
        if (c) {
          char32_t cp = static_cast<char32_t>(std::strtoul(c, nullptr, 16));
          // Symbol-font glyphs (F000–F0FF) are pictures, not letters.
          if (cp >= 0x20 && !(cp >= 0xF000 && cp <= 0xF0FF)) AppendCodePoint(s, cp);
        }
      } else if (name == "r") {
        if (On(Child(Child(n, "rPr"), "vanish"))) continue;
        Inline(n, s, boxes, depth + 1);
      } else if (name == "txbxContent") {
        boxes.push_back(n);
      } else if (name == "AlternateContent") {
        // The choice Word made; the fallback repeats it for older readers.
        if (pugi::xml_node choice = Child(n, "Choice")) Inline(choice, s, boxes, depth + 1);
      } else if (name == "del" || name == "moveFrom" || name == "instrText" || name == "delText" ||
                 name == "rPr" || name == "pPr" || name == "fldChar" ||
                 name == "footnoteReference" || name == "endnoteReference" ||
                 name == "commentReference" || name == "delInstrText") {
        continue;
      } else if (name == "p") {
        // A paragraph inside inline content (a text box's, an odd producer's): its own line.
        std::string inner;
        Inline(n, inner, boxes, depth + 1);
        if (!s.empty()) s += '\n';
        s += inner;
        s += '\n';
      } else {
        // w:ins, w:hyperlink, w:smartTag, w:sdt/w:sdtContent, w:fldSimple, w:drawing … entered.
        Inline(n, s, boxes, depth + 1);
      }
    }
  }

  // The lines of a cell: its paragraphs; a nested table's rows flattened (cells by spaces).
  core::Status CellLines(const pugi::xml_node& tc, std::vector<std::string>& lines, size_t depth) {
    WP_RETURN_IF_ERROR(Deeper(depth));
    for (pugi::xml_node n = tc.first_child(); n; n = n.next_sibling()) {
      std::string_view name = Local(n);
      if (name == "p") {
        std::vector<pugi::xml_node> boxes;
        std::string line = Paragraph(n, boxes, depth);
        for (const auto& box : boxes) WP_RETURN_IF_ERROR(CellLines(box, lines, depth + 1));
        size_t start = 0;
        while (start <= line.size()) {
          size_t end = line.find('\n', start);
          if (end == std::string::npos) end = line.size();
          lines.emplace_back(text::Trim(std::string_view(line).substr(start, end - start)));
          start = end + 1;
        }
      } else if (name == "tbl") {
        for (pugi::xml_node tr = n.first_child(); tr; tr = tr.next_sibling()) {
          if (Local(tr) != "tr") continue;
          std::string row;
          for (pugi::xml_node cell = tr.first_child(); cell; cell = cell.next_sibling()) {
            if (Local(cell) != "tc") continue;
            std::vector<std::string> inner;
            WP_RETURN_IF_ERROR(CellLines(cell, inner, depth + 2));
            for (const auto& l : inner) {
              if (l.empty()) continue;
              if (!row.empty()) row += ' ';
              row += l;
            }
          }
          lines.push_back(row);
        }
      } else if (name == "sdt") {
        WP_RETURN_IF_ERROR(CellLines(Child(n, "sdtContent"), lines, depth + 1));
      } else if (name == "customXml") {
        WP_RETURN_IF_ERROR(CellLines(n, lines, depth + 1));
      }
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return {};
  }

  struct Cell {
    std::vector<std::string> lines;
  };

  core::Status Table(const pugi::xml_node& tbl, size_t depth) {
    WP_RETURN_IF_ERROR(Deeper(depth));
    std::vector<std::vector<Cell>> rows;
    std::vector<bool> header;
    auto add_row = [&](const pugi::xml_node& tr) -> core::Status {
      std::vector<Cell> cells;
      std::vector<pugi::xml_node> tcs;
      for (pugi::xml_node c = tr.first_child(); c; c = c.next_sibling()) {
        if (Local(c) == "tc") {
          tcs.push_back(c);
        } else if (Local(c) == "sdt" || Local(c) == "customXml") {
          pugi::xml_node inner = Local(c) == "sdt" ? Child(c, "sdtContent") : c;
          for (pugi::xml_node t = inner.first_child(); t; t = t.next_sibling()) {
            if (Local(t) == "tc") tcs.push_back(t);
          }
        }
      }
      for (const pugi::xml_node& tc : tcs) {
        pugi::xml_node pr = Child(tc, "tcPr");
        Cell cell;
        pugi::xml_node vmerge = Child(pr, "vMerge");
        const char* vm = vmerge ? Attr(vmerge, "val") : nullptr;
        bool continued = vmerge && (!vm || std::string_view(vm) != "restart");
        if (!continued) WP_RETURN_IF_ERROR(CellLines(tc, cell.lines, depth + 1));
        cells.push_back(std::move(cell));
        int span = IntAttr(Child(pr, "gridSpan")).value_or(1);
        for (int k = 1; k < std::min(span, 64); ++k) cells.push_back({});
      }
      rows.push_back(std::move(cells));
      header.push_back(On(Child(Child(tr, "trPr"), "tblHeader")));
      return {};
    };
    for (pugi::xml_node tr = tbl.first_child(); tr; tr = tr.next_sibling()) {
      if (Local(tr) == "tr") {
        WP_RETURN_IF_ERROR(add_row(tr));
      } else if (Local(tr) == "sdt" || Local(tr) == "customXml") {
        pugi::xml_node inner = Local(tr) == "sdt" ? Child(tr, "sdtContent") : tr;
        for (pugi::xml_node r = inner.first_child(); r; r = r.next_sibling()) {
          if (Local(r) == "tr") WP_RETURN_IF_ERROR(add_row(r));
        }
      }
    }
    bool is_header = false, is_closing = false;
    for (const auto& row : rows) {
      for (const auto& cell : row) {
        for (const auto& l : cell.lines) {
          std::string key = text::FoldKey(l);
          if (key.find("conghoaxahoi") != std::string::npos) is_header = true;
          if (key.find("noinhan") != std::string::npos) is_closing = true;
        }
      }
    }
    int row_no = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
      ++row_no;
      Origin origin{0, block_, row_no, header[r]};
      const auto& row = rows[r];
      if (is_header && !is_closing) {
        // A paragraph of each cell side by side: "issuer\tquốc hiệu", "Số: …\tHà Nội, ngày …".
        size_t depth_lines = 0;
        for (const auto& c : row) depth_lines = std::max(depth_lines, c.lines.size());
        for (size_t k = 0; k < depth_lines; ++k) {
          std::string line;
          for (size_t c = 0; c < row.size(); ++c) {
            if (c > 0) line += '\t';
            if (k < row[c].lines.size()) line += row[c].lines[k];
          }
          while (!line.empty() && line.back() == '\t') line.pop_back();
          Emit(line, origin);
        }
      } else if (is_closing) {
        for (const auto& c : row) {
          for (const auto& l : c.lines) Emit(l, origin);
        }
      } else {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
          if (c > 0) line += '\t';
          bool first = true;
          for (const auto& l : row[c].lines) {
            if (l.empty()) continue;
            if (!first) line += ' ';
            line += l;
            first = false;
          }
        }
        // A row is one line: breaks inside its cells are spaces.
        for (char& ch : line) {
          if (ch == '\n') ch = ' ';
        }
        while (!line.empty() && line.back() == '\t') line.pop_back();
        Emit(line, origin);
      }
    }
    return {};
  }

  Numbering& numbering_;
  const Limits& limits_;
  std::chrono::steady_clock::time_point deadline_;
  Extracted out_;
  int block_ = 0;
};

core::Result<pugi::xml_document*> ParsePart(xport::Package& package, const std::string& name,
                                            pugi::xml_document& doc, bool required) {
  if (!package.Has(name)) {
    if (required) return tl::unexpected(package.Invalid("missing " + name));
    return &doc;
  }
  WP_ASSIGN_OR_RETURN(std::string xml, package.Read(name));
  pugi::xml_parse_result r =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) return tl::unexpected(package.Invalid(name + ": " + r.description()));
  return &doc;
}

}  // namespace

core::Result<Form> SniffZip(std::string_view bytes, const Limits& limits) {
  xport::PackageLimits pl;
  pl.max_uncompressed = limits.max_inflated;
  pl.max_entries = limits.max_entries;
  WP_ASSIGN_OR_RETURN(xport::Package package, xport::Package::Open(bytes, pl, kDocxPackage));
  if (package.Has("word/document.xml")) return Form::kDocx;
  std::string what = "Tệp nén (.zip) không phải văn bản Word";
  if (package.Has("content.xml")) {
    what = "Tệp OpenDocument (.odt) không đọc được; hãy lưu lại thành .docx";
  } else if (package.Has("xl/workbook.xml")) {
    what = "Tệp là bảng tính Excel, không phải văn bản";
  } else if (package.Has("ppt/presentation.xml")) {
    what = "Tệp là bản trình chiếu PowerPoint, không phải văn bản";
  }
  return core::Fail(core::ErrorCode::kInvalidArgument, "unsupported_format",
                    what +
                        ": hãy gửi văn bản Word (.docx), PDF có lớp chữ, hoặc văn bản thuần "
                        "(.txt, UTF-8).");
}

core::Result<Extracted> ExtractDocx(std::string_view bytes, const Limits& limits) {
  xport::PackageLimits pl;
  pl.max_uncompressed = limits.max_inflated;
  pl.max_entries = limits.max_entries;
  WP_ASSIGN_OR_RETURN(xport::Package package, xport::Package::Open(bytes, pl, kDocxPackage));
  pugi::xml_document document, styles, numbering_xml;
  WP_RETURN_IF_ERROR(ParsePart(package, "word/document.xml", document, true));
  WP_RETURN_IF_ERROR(ParsePart(package, "word/styles.xml", styles, false));
  WP_RETURN_IF_ERROR(ParsePart(package, "word/numbering.xml", numbering_xml, false));
  Numbering numbering;
  numbering.Load(numbering_xml, styles);
  pugi::xml_node body = Child(document.first_child(), "body");
  if (!body) return tl::unexpected(package.Invalid("no w:body"));
  Walker walker(numbering, limits);
  WP_RETURN_IF_ERROR(walker.Body(body, 0));
  Extracted out = std::move(walker).Take();
  out.form = Form::kDocx;
  return out;
}

}  // namespace wp::read
