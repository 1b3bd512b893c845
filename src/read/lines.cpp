#include "read/lines.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "text/utf8.hpp"

namespace wp::read {

namespace {

// A gap between two boxes of a line under this share of the font size is a letter-spaced or
// broken word ("ỦY B AN", "M inh", "0 6"): poppler's own word break is about 0.1 em, a space
// in the fonts decisions are set in 0.25 em.
constexpr double kGlueGap = 0.18;
// Above this share a column's gap: "left\tright" (the header's two columns).
constexpr double kColumnGap = 1.5;
constexpr double kMargin = 0.08;  // top and bottom shares where page furniture lives
constexpr size_t kMaxBoxesPerPage = 200'000;

struct Line {
  std::string text;
  double top = 0, bottom = 0, left = 0, right = 0, font = 1;
  double first_word = 0;    // the width of its first word: would it have fit on the line above?
  double content_left = 0;  // where the text after a leading marker starts (hanging indents)
  int page = 0;
  bool margin = false;
};

bool Finite(const Box& b) {
  return std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.width) &&
         std::isfinite(b.height) && std::isfinite(b.font_size) && std::fabs(b.x) < 1e7 &&
         std::fabs(b.y) < 1e7 && std::fabs(b.width) < 1e7 && std::fabs(b.height) < 1e7 &&
         std::fabs(b.font_size) < 1e5;
}

double FontOf(const Box& b) {
  double f = b.font_size > 0 ? b.font_size : b.height;
  return f > 0.01 ? f : 1;
}
double FontOf(const Box* b) { return FontOf(*b); }

bool StartsWithMarker(std::string_view s);

// A box that is a numbering label alone: "I.", "1.", "2.1.", "a)", "-", a bullet glyph.
bool IsMarkerToken(std::string_view t) {
  t = text::Trim(t);
  if (t.empty() || t.size() > 12 || t.find(' ') != std::string_view::npos) return false;
  if (t == "-" || t == "+" || t == "\u2022" || t == "\uf0b7" || t == "\u25cf" || t == "\uf0a7") {
    return true;
  }
  return StartsWithMarker(std::string(t) + " x");
}

// A bullet glyph (Word's Symbol-font U+F0B7, "•", "●") opening a line reads as "- ".
void NormalizeBullet(std::string& s) {
  for (std::string_view b : {"\uf0b7", "\u2022", "\u25cf", "\uf0a7"}) {
    if (s.starts_with(b)) {
      size_t n = b.size();
      while (n < s.size() && (s[n] == ' ' || s[n] == '\t')) ++n;
      s.replace(0, n, "- ");
      return;
    }
  }
}

std::vector<Line> PageLines(const PageBoxes& page, int number) {
  std::vector<const Box*> boxes;
  for (const Box& b : page.boxes) {
    if (boxes.size() >= kMaxBoxesPerPage) break;
    if (!Finite(b) || text::Trim(b.text).empty()) continue;
    boxes.push_back(&b);
  }
  auto baseline = [](const Box* b) { return b->y + std::max(b->height, 0.0); };
  std::stable_sort(boxes.begin(), boxes.end(),
                   [&](const Box* a, const Box* b) { return baseline(a) < baseline(b); });
  std::vector<std::vector<const Box*>> groups;
  double group_base = 0, group_font = 1;
  for (const Box* b : boxes) {
    double base = baseline(b);
    double tolerance = 0.4 * std::min(group_font, FontOf(b));
    if (groups.empty() || base - group_base > tolerance) {
      groups.push_back({b});
      group_base = base;
      group_font = FontOf(b);
    } else {
      groups.back().push_back(b);
    }
  }
  std::vector<Line> lines;
  double h = page.height > 1 && std::isfinite(page.height) ? page.height : 842;
  for (auto& g : groups) {
    std::stable_sort(g.begin(), g.end(), [](const Box* a, const Box* b) { return a->x < b->x; });
    Line line;
    line.page = number;
    line.left = g.front()->x;
    line.top = g.front()->y;
    line.bottom = baseline(g.front());
    line.first_word = std::max(g.front()->width, 0.0);
    double right = g.front()->x;
    for (size_t i = 0; i < g.size(); ++i) {
      const Box* b = g[i];
      double font = FontOf(b);
      if (i > 0) {
        double gap = b->x - right;
        double f = std::max(font, FontOf(g[i - 1]));
        if (gap > kColumnGap * f) {
          line.text += '\t';
        } else if (gap >= kGlueGap * f) {
          line.text += ' ';
        }
      }
      line.text += text::Trim(b->text);
      right = std::max(right, b->x + std::max(b->width, 0.0));
      line.font = std::max(line.font, font);
      line.top = std::min(line.top, b->y);
      line.bottom = std::max(line.bottom, baseline(b));
    }
    line.right = right;
    line.content_left = line.left;
    if (g.size() >= 2 && IsMarkerToken(g.front()->text)) {
      line.content_left = g[1]->x;
      // "I.\tMỤC TIÊU": a numbering label's gap is not a column.
      size_t tab = line.text.find('\t');
      if (tab != std::string::npos && tab == text::Trim(g.front()->text).size())
        line.text[tab] = ' ';
    }
    NormalizeBullet(line.text);
    line.margin = line.bottom < kMargin * h || line.top > (1 - kMargin) * h;
    lines.push_back(std::move(line));
  }
  return lines;
}

// Digits folded: "Trang 3" and "Trang 4" are one furniture line.
std::string FurnitureKey(std::string_view s) {
  std::string key;
  for (char c : text::Trim(s)) key += (c >= '0' && c <= '9') ? '#' : c;
  return key;
}

bool IsPageNumber(std::string_view s) {
  s = text::Trim(s);
  if (s.starts_with("Trang ")) s.remove_prefix(6);
  int digits = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = text::NextCodePoint(s, pos);
    if (cp >= '0' && cp <= '9') {
      ++digits;
    } else if (!(text::IsDash(cp) || text::IsSpace(cp) || cp == '/' || cp == '(' || cp == ')')) {
      return false;
    }
  }
  return digits > 0 && digits <= 4;
}

bool IsGazette(std::string_view s) {
  s = text::Trim(s);
  return s.starts_with("CÔNG BÁO") && s.find("Số") != std::string_view::npos;
}

// "1.", "2.1.", "II.", "a)", "đ)", "-", "+", "•", "Điều 2.", "Chương", "Phần", "Mục".
bool StartsWithMarker(std::string_view s) {
  s = text::Trim(s);
  if (s.empty()) return false;
  for (std::string_view w : {"PHỤ LỤC", "Căn cứ", "Nơi nhận"}) {
    if (s.starts_with(w)) return true;
  }
  // "Điều 2.", "Chương II", "Phần A", "Mục 3" — not "Chương trình …".
  for (std::string_view w : {"Điều ", "Chương ", "Phần ", "Mục ", "ĐIỀU ", "CHƯƠNG ", "PHẦN "}) {
    if (s.starts_with(w) && s.size() > w.size()) {
      char c = s[w.size()];
      if ((c >= '0' && c <= '9') || c == 'I' || c == 'V' || c == 'X' ||
          (c >= 'A' && c <= 'D' &&
           (s.size() == w.size() + 1 || s[w.size() + 1] == ' ' || s[w.size() + 1] == '.' ||
            s[w.size() + 1] == ':'))) {
        return true;
      }
    }
  }
  size_t pos = 0;
  char32_t first = text::NextCodePoint(s, pos);
  if (first == '-' || first == '+' || first == '*' || first == 0x2022 || first == 0x25CF ||
      first == 0xF0B7) {
    return true;
  }
  size_t end = s.find_first_of(" \t");
  std::string_view token = s.substr(0, end);
  if (token.size() < 2) return false;
  char last = token.back();
  if (last != '.' && last != ')' && last != ':') return false;
  std::string_view body = token.substr(0, token.size() - 1);
  bool digits = !body.empty() && std::all_of(body.begin(), body.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.';
  });
  bool roman = !body.empty() && body.size() <= 6 &&
               std::all_of(body.begin(), body.end(),
                           [](char c) { return c == 'I' || c == 'V' || c == 'X' || c == 'L'; });
  bool letter = text::CountCodePoints(body) == 1 && text::IsLetter(first);
  return digits || roman || letter;
}

// "1.", "2.1.", "IV." opening the line (not "a)", "-", "Điều").
bool StartsWithNumber(std::string_view s) {
  s = text::Trim(s);
  size_t end = s.find_first_of(" \t");
  std::string_view token = s.substr(0, end);
  if (token.size() < 2 || token.back() != '.') return false;
  std::string_view body = token.substr(0, token.size() - 1);
  bool digits = std::all_of(body.begin(), body.end(),
                            [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
  bool roman = body.size() <= 6 && std::all_of(body.begin(), body.end(), [](char c) {
                 return c == 'I' || c == 'V' || c == 'X' || c == 'L';
               });
  return !body.empty() && (digits || roman);
}

bool EndsSentence(std::string_view s) {
  s = text::TrimRight(s);
  if (s.empty()) return true;
  char c = s.back();
  return c == '.' || c == ';' || c == ':' || c == '!' || c == '?';
}

}  // namespace

Assembly AssembleLines(const std::vector<PageBoxes>& pages) {
  Assembly out;
  std::vector<std::vector<Line>> all;
  all.reserve(pages.size());
  for (size_t p = 0; p < pages.size(); ++p) {
    all.push_back(PageLines(pages[p], static_cast<int>(p + 1)));
    if (all.back().empty()) out.pages_without_text.push_back(static_cast<int>(p + 1));
  }
  // Furniture: margin lines repeating on half the pages (two at least), digits folded.
  std::map<std::string, std::set<int>> seen;
  for (const auto& page : all) {
    for (const Line& l : page) {
      if (l.margin) seen[FurnitureKey(l.text)].insert(l.page);
    }
  }
  size_t with_text = pages.size() - out.pages_without_text.size();
  size_t repeat = std::max<size_t>(2, (with_text + 1) / 2);
  std::vector<Line> body;
  for (auto& page : all) {
    for (Line& l : page) {
      bool furniture =
          IsGazette(l.text) ||
          (l.margin && (IsPageNumber(l.text) || seen[FurnitureKey(l.text)].size() >= repeat));
      if (furniture) {
        ++out.furniture_dropped;
        continue;
      }
      body.push_back(std::move(l));
    }
  }
  // The body's left and right edges per page: the lines a wrap fills.
  std::map<int, std::pair<double, double>> edges;
  for (const Line& l : body) {
    auto [it, fresh] = edges.try_emplace(l.page, l.left, l.right);
    if (!fresh) {
      it->second.first = std::min(it->second.first, l.left);
      it->second.second = std::max(it->second.second, l.right);
    }
  }
  for (size_t i = 0; i < body.size(); ++i) {
    const Line& l = body[i];
    bool joins = false;
    bool glue = false;
    if (i > 0) {
      const Line& prev = body[i - 1];
      auto [left, right] = edges[prev.page];
      double width = right - left;
      // A wrap: the next line's first word would not have fitted after this one (justified
      // lines reach the right edge; ragged ones stop a word short of it).
      double space = 0.25 * prev.font;
      bool fills = width > 0 && prev.right + space + l.first_word > right - 0.5 * space;
      bool close = l.page != prev.page || l.top - prev.bottom < 1.0 * prev.font;
      double l_left = edges[l.page].first;
      // Indented as a new paragraph; a hanging indent under "a) …" continues the item.
      bool indented =
          l.left > l_left + 1.5 * l.font && std::fabs(l.left - prev.content_left) > 0.5 * l.font;
      // A dash opens an item only after a finished sentence: "lao động" + "- việc làm" and
      // "Việt" + "– Bỉ" are wraps before a spaced dash.
      std::string_view next = text::Trim(l.text);
      bool dash =
          next.starts_with("- ") || next.starts_with("\u2013") || next.starts_with("\u2014");
      bool marker = dash ? EndsSentence(prev.text) : StartsWithMarker(next);
      // A numbered heading's single line with a capital after it is a new paragraph even when
      // the next word would not have fitted ("14. Cải cách …" + "Các đơn vị …"), unless the
      // line ends mid-phrase ("Sở Lao động –" + "Thương binh") or both are capitals (a heading
      // in capitals wrapping).
      size_t cp_pos = 0;
      char32_t first = next.empty() ? 0 : text::NextCodePoint(next, cp_pos);
      std::string_view p_text = text::TrimRight(prev.text);
      size_t end_pos = p_text.size();
      char32_t last = p_text.empty() ? 0 : text::PrevCodePoint(p_text, end_pos);
      bool mid_phrase = last == ',' || text::IsDash(last);
      bool heading = !out.lines.empty() && out.lines.back().text == prev.text &&
                     StartsWithNumber(prev.text) && !mid_phrase && text::IsUpper(first) &&
                     !(text::IsAllCaps(prev.text) && text::IsAllCaps(next));
      joins = fills && close && !indented && prev.text.find('\t') == std::string::npos &&
              l.text.find('\t') == std::string::npos && !marker && !heading;
      // "Lao động-" + "Thương binh", "2011-" + "2020": a break after a hyphen keeps it.
      std::string_view p = prev.text;
      glue = p.size() >= 2 && p.back() == '-' && p[p.size() - 2] != ' ';
    }
    if (joins && !out.lines.empty()) {
      if (!glue) out.lines.back().text += ' ';
      out.lines.back().text += l.text;
    } else {
      out.lines.push_back({l.text, l.page});
    }
  }
  return out;
}

}  // namespace wp::read
