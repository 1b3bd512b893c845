#include "doc/parser.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "text/date_phrase.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::doc {

core::SourceSpan Document::SpanOf(std::string_view piece) const {
  const std::string& t = text();
  size_t begin = static_cast<size_t>(piece.data() - t.data());
  if (begin > t.size()) begin = t.size();
  size_t end = std::min(t.size(), begin + piece.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), begin);
  size_t line_index =
      it == line_starts_.begin() ? 0 : static_cast<size_t>(it - line_starts_.begin()) - 1;
  size_t line_start = line_starts_.empty() ? 0 : line_starts_[line_index];
  core::SourceSpan span;
  span.line = static_cast<uint32_t>(line_index + 1);
  span.column = static_cast<uint32_t>(
      text::CountCodePoints(std::string_view(t).substr(line_start, begin - line_start)) + 1);
  size_t ob = nfc_->ToOriginal(begin);
  size_t oe = nfc_->ToOriginal(end);
  span.offset = static_cast<uint32_t>(ob);
  span.length = static_cast<uint32_t>(oe >= ob ? oe - ob : 0);
  return span;
}

namespace {

using core::Diagnostic;
using core::Severity;

bool StartsWithKey(std::string_view s, std::string_view key) {
  return text::FoldKey(s.substr(0, std::min(s.size(), key.size() * 3 + 8))).starts_with(key);
}

bool IsRule(std::string_view s) {
  if (s.size() < 3) return false;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = text::NextCodePoint(s, pos);
    if (!(text::IsDash(cp) || cp == '_' || cp == '=' || cp == '*' || cp == '.' ||
          text::IsSpace(cp)))
      return false;
  }
  return true;
}

// Splits a line into the cells a flattened two-column table left behind (tabs, or runs of
// three or more spaces).
std::vector<std::string_view> Cells(std::string_view line) {
  std::vector<std::string_view> cells;
  size_t start = 0;
  size_t i = 0;
  while (i <= line.size()) {
    bool cut = i == line.size() || line[i] == '\t';
    size_t skip = 1;
    if (!cut && line[i] == ' ' && i + 2 < line.size() && line[i + 1] == ' ' && line[i + 2] == ' ') {
      cut = true;
      skip = 3;
      while (i + skip < line.size() && line[i + skip] == ' ') ++skip;
    }
    if (cut) {
      std::string_view cell = text::Trim(line.substr(start, i - start));
      if (!cell.empty()) cells.push_back(cell);
      start = i + skip;
      i += skip;
      continue;
    }
    ++i;
  }
  return cells;
}

constexpr std::string_view kDocTypes[] = {
    "quyetdinh", "chuongtrinh", "kehoach", "chithi",         "thongbao", "baocao",
    "nghiquyet", "huongdan",    "thongtu", "nghidinh",       "totrinh",  "congvan",
    "quyche",    "quydinh",     "dean",    "thongtulientich"};

bool IsDocType(std::string_view s) {
  if (!text::IsAllCaps(s)) return false;
  std::string key = text::FoldKey(s);
  for (auto t : kDocTypes) {
    if (key == t) return true;
  }
  return false;
}

bool IsAttachmentTitleStart(std::string_view s) {
  if (!text::IsAllCaps(s)) return false;
  std::string key = text::FoldKey(s);
  for (auto t : {"chuongtrinh", "kehoach", "quyche", "quydinh", "huongdan", "dean", "danhmuc"}) {
    if (key.starts_with(t)) return true;
  }
  return false;
}

bool IsAuthorityLine(std::string_view s) {
  if (!text::IsAllCaps(s)) return false;
  std::string key = text::FoldKey(s);
  for (auto t : {"botruong", "thutuong", "chutich", "giamdoc", "tongcuctruong", "cuctruong",
                 "vutruong", "chanhvanphong", "chanhthanhtra", "vientruong", "thutruong", "kt.",
                 "tm.", "q.", "tl.", "tuq.", "pho"}) {
    if (key.starts_with(t)) return true;
  }
  return false;
}

// "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA": a collegial body that
// enacts the decision, written under its subject.
bool IsCollegialAuthority(std::string_view s) {
  std::string key = text::FoldKey(s.substr(0, std::min<size_t>(s.size(), 60)));
  return key.starts_with("uybannhandan") || key.starts_with("hoidongnhandan") ||
         key.starts_with("chinhphu");
}

// "Phạm Thị Hải Chuyền": 2–6 words, each starting with a capital, no digits or sentence marks.
bool IsPersonName(std::string_view s) {
  if (text::IsAllCaps(s)) return false;
  int words = 0;
  bool at_word_start = true;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = text::NextCodePoint(s, pos);
    if (cp == ' ') {
      at_word_start = true;
      continue;
    }
    if (!text::IsLetter(cp)) return false;
    if (at_word_start) {
      if (!text::IsUpper(cp)) return false;
      ++words;
      at_word_start = false;
    }
  }
  return words >= 2 && words <= 6;
}

bool IsArticleStart(std::string_view s) {
  std::string key = text::FoldKey(s.substr(0, std::min<size_t>(s.size(), 16)));
  return key.starts_with("dieu") && key.size() > 4 && key[4] >= '0' && key[4] <= '9';
}

// ---- Layout repairs: each keeps the length of the text, so every offset stays valid. ----

struct LineRange {
  size_t begin, end;  // the line without its break
};

bool IsSpaceByte(char c) { return c == ' ' || c == '\t'; }

// "a) …", "đ. …": a lettered item, not a continuation.
bool StartsLetteredMarker(std::string_view s) {
  size_t p = 0;
  char32_t cp = text::NextCodePoint(s, p);
  if (!text::IsLower(cp) || p >= s.size()) return false;
  if (s[p] != ')' && s[p] != '.') return false;
  return p + 1 >= s.size() || IsSpaceByte(s[p + 1]);
}

bool StartsLower(std::string_view s) {
  size_t p = 0;
  return !s.empty() && text::IsLower(text::NextCodePoint(s, p));
}

// "Điều 1." alone on its line, its text on the next.
bool IsArticleAlone(std::string_view s) {
  std::string key = text::FoldKey(s.substr(0, std::min<size_t>(s.size(), 24)));
  if (!key.starts_with("dieu") || key.size() < 5 || !(key[4] >= '0' && key[4] <= '9')) return false;
  size_t i = 4;
  while (i < key.size() && key[i] >= '0' && key[i] <= '9') ++i;
  if (i < key.size() && (key[i] == '.' || key[i] == ':')) ++i;
  return i == key.size();
}

std::string_view LastCell(std::string_view s) {
  size_t tab = s.rfind('\t');
  return tab == std::string_view::npos ? s : text::Trim(s.substr(tab + 1));
}

std::string_view FirstCell(std::string_view s) {
  size_t tab = s.find('\t');
  return tab == std::string_view::npos ? s : text::Trim(s.substr(0, tab));
}

constexpr std::string_view kNationalKey = "conghoaxahoichunghiavietnam";

// Whether `line` opens a numbered item of the body: a roman numeral ("I.", "IV.") or a number
// ("1.", "2.1.") followed by a space.
bool StartsNumberedItem(std::string_view line) {
  size_t n = 0;
  if (n < line.size() && line[n] >= '0' && line[n] <= '9') {
    while (n < line.size() && ((line[n] >= '0' && line[n] <= '9') || line[n] == '.')) ++n;
  } else {
    while (n < line.size() && (line[n] == 'I' || line[n] == 'V' || line[n] == 'X')) ++n;
    if (n == 0 || n >= line.size() || line[n] != '.') return false;
    ++n;
  }
  return n >= 2 && line[n - 1] == '.' && n < line.size() && line[n] == ' ';
}

// Whether the header field `last` continues on the next line's `first` cell: "Số:" /
// "1528/QĐ-UBND", "Bình Định, ngày" / "29 tháng 04 năm 2021", "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA
// VIỆT NAM", "THỦ TƯỚNG CHÍNH" / "PHỦ", "ỦY" / "BAN NHÂN DÂN", "Gia" / "Lai, ngày …".
bool HeaderFieldContinues(std::string_view line, std::string_view last, std::string_view first) {
  std::string lk = text::FoldKey(last.substr(0, std::min<size_t>(last.size(), 160)));
  std::string fk = text::FoldKey(first.substr(0, std::min<size_t>(first.size(), 160)));
  if (lk.empty() || fk.empty()) return false;
  if (lk == "so" || lk == "so:") return true;
  bool first_digit = fk[0] >= '0' && fk[0] <= '9';
  size_t ngay = lk.rfind("ngay");
  if (ngay != std::string::npos && lk.find("nam", ngay) == std::string::npos &&
      (lk.ends_with("ngay") || lk.find("thang", ngay) != std::string::npos) &&
      (first_digit || fk.starts_with("thang") || fk.starts_with("nam")))
    return true;
  std::string both = lk + fk;
  if (lk.size() >= 4 && lk.size() < kNationalKey.size() && kNationalKey.starts_with(lk) &&
      (both.starts_with(kNationalKey) || kNationalKey.starts_with(both)))
    return true;
  if (text::IsAllCaps(last) && text::IsAllCaps(first)) {
    for (std::string_view head : {"uybannhandan", "hoidongnhandan", "thutuongchinhphu"}) {
      if (head.starts_with(lk) && lk.size() < head.size() &&
          (both.starts_with(head) || head.starts_with(both)))
        return true;
    }
  }
  // A place name broken before its date: one or two capitalised words, then "Lai, ngày …".
  if (line.find('\t') == std::string_view::npos && last.size() <= 24 &&
      last.find(',') == std::string_view::npos && !text::IsAllCaps(last) &&
      fk.find(",ngay") != std::string::npos && fk.find(",ngay") < 24) {
    size_t p = 0;
    if (!text::IsUpper(text::NextCodePoint(last, p))) return false;
    for (char c : last) {
      if (c >= '0' && c <= '9') return false;
    }
    return true;
  }
  return false;
}

// Words a letter-spaced copy may break ("ỦY B AN NHÂN D Â N", "T hành phố", "M inh"): the
// document's own words and the commonest of headers and names.
class Lexicon {
 public:
  explicit Lexicon(const std::string& t) : t_(t) {}
  // `search`: whether the document itself may be searched (only for pieces in capitals,
  // where a letter-spaced header is; lower-case text relies on the common words).
  bool Has(const std::string& lower, bool search = true) {
    static const std::set<std::string_view> kCommon = {
        "ban",    "dân",   "nhân",  "thành",  "phố",   "minh", "tỉnh", "huyện", "hội",
        "đồng",   "tháng", "năm",   "ngày",   "số",    "chí",  "hồ",   "nội",   "kế",
        "hoạch",  "quyết", "định",  "chương", "trình", "bộ",   "lao",  "động",  "cộng",
        "hòa",    "việt",  "nam",   "ủy",     "sở",    "chủ",  "tịch", "phó",   "trưởng",
        "thương", "binh",  "chính", "phủ",    "tướng", "thủ"};
    if (kCommon.count(lower)) return true;
    if (text::CountCodePoints(lower) < 2) return false;  // a lone letter is never a word here
    auto cached = seen_.find(lower);
    if (cached != seen_.end()) return cached->second;
    // The document's own words, looked up a bounded number of times.
    if (!search || searches_ >= 16) return false;
    ++searches_;
    bool found = false;
    for (const std::string& form : {lower, text::ToUpper(lower)}) {
      for (size_t at = 0; !found && (at = t_.find(form, at)) != std::string::npos; ++at) {
        bool before = at == 0 || (static_cast<unsigned char>(t_[at - 1]) < 0x80 &&
                                  !std::isalnum(static_cast<unsigned char>(t_[at - 1])));
        size_t end = at + form.size();
        bool after = end >= t_.size() || (static_cast<unsigned char>(t_[end]) < 0x80 &&
                                          !std::isalnum(static_cast<unsigned char>(t_[end])));
        found = before && after;
      }
      if (found) break;
    }
    seen_[lower] = found;
    return found;
  }

 private:
  const std::string& t_;
  int searches_ = 0;
  std::map<std::string, bool> seen_;
};

// Joins the pieces of a letter-spaced word in place: "B AN" -> "BAN ", "D Â N" -> "DÂN  ",
// "tháng 0 6 năm" -> "tháng 06  năm". Only a lone letter that is no word of its own starts a
// join, and only when the joined pieces make a known word; only lone digits after "ngày" or
// "tháng" join into a day or a month.
void HealLetterSpacing(std::string& t, const LineRange& l, Lexicon& lexicon) {
  struct Token {
    size_t begin, end;
    size_t code_points;
    bool letters, digits;
  };
  std::string_view line(t.data() + l.begin, l.end - l.begin);
  // Most lines have no lone letter or digit between spaces: a byte scan tells them apart.
  bool any_short = false;
  for (size_t b = 0, start = 0; b <= line.size() && !any_short; ++b) {
    if (b == line.size() || line[b] == ' ') {
      size_t len = b - start;
      if (len >= 1 && len <= 3 && b < line.size()) {
        size_t q = start;
        char32_t cp = text::NextCodePoint(line, q);
        any_short = q == b && (text::IsLetter(cp) || (cp >= '0' && cp <= '9'));
      }
      start = b + 1;
    }
  }
  if (!any_short) return;
  std::vector<Token> tokens;
  size_t pos = 0;
  bool candidate = false;
  while (pos < line.size()) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos >= line.size()) break;
    Token tok{l.begin + pos, 0, 0, true, true};
    while (pos < line.size() && line[pos] != ' ') {
      char32_t cp = text::NextCodePoint(line, pos);
      ++tok.code_points;
      if (!text::IsLetter(cp)) tok.letters = false;
      if (!(cp >= '0' && cp <= '9')) tok.digits = false;
    }
    tok.end = l.begin + pos;
    if (tok.code_points == 1 && (tok.letters || tok.digits)) candidate = true;
    tokens.push_back(tok);
  }
  if (!candidate) return;
  auto piece = [&](const Token& tok) {
    return std::string_view(t).substr(tok.begin, tok.end - tok.begin);
  };
  auto adjacent = [&](size_t a) { return tokens[a + 1].begin == tokens[a].end + 1; };
  auto join = [&](size_t a, size_t b) {
    std::string joined;
    for (size_t k = a; k <= b; ++k) joined += piece(tokens[k]);
    size_t at = tokens[a].begin;
    t.replace(at, joined.size(), joined);
    for (size_t k = at + joined.size(); k < tokens[b].end; ++k) t[k] = ' ';
  };
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const Token& a = tokens[i];
    if (a.code_points != 1) continue;
    if (a.digits) {
      // "tháng 0 6 năm": a day or a month written digit by digit.
      if (i == 0 || !tokens[i + 1].digits || tokens[i + 1].code_points != 1 || !adjacent(i))
        continue;
      std::string before = text::Fold(piece(tokens[i - 1]));
      if (before != "thang" && before != "ngay") continue;
      join(i, i + 1);
      ++i;
      continue;
    }
    if (!a.letters) continue;
    std::string first = text::LowerFast(piece(a));
    if (lexicon.Has(first)) continue;
    if (i > 0) {
      // "điểm b khoản 2", "phụ lục B", "nhóm C": a letter that names something.
      std::string before = text::Fold(piece(tokens[i - 1]));
      if (before == "diem" || before == "muc" || before == "khoan" || before == "tiet" ||
          before == "luc" || before == "loai" || before == "hang" || before == "nhom" ||
          before == "phan" || before == "vitamin")
        continue;
    }
    size_t best = 0;
    std::string joined = first;
    for (size_t k = i + 1; k < tokens.size() && k <= i + 3 && tokens[k].letters && adjacent(k - 1);
         ++k) {
      joined += text::LowerFast(piece(tokens[k]));
      if (tokens[k].code_points > 4) break;
      if (lexicon.Has(joined, text::IsAllCaps(
                                  std::string_view(t).substr(a.begin, tokens[k].end - a.begin))))
        best = k;
      if (tokens[k].code_points > 1) break;  // only the last piece may be longer than a letter
    }
    if (best == 0) continue;
    // A capital alone before a lower-case word joins only at the start of a name: "T hành
    // phố", "Chí M inh"; never "hạng C hoặc".
    size_t q = 0;
    bool upper = text::IsUpper(text::NextCodePoint(piece(a), q));
    q = 0;
    bool next_lower = text::IsLower(text::NextCodePoint(piece(tokens[i + 1]), q));
    if (upper && next_lower && i > 0) {
      q = 0;
      if (text::IsLower(text::NextCodePoint(piece(tokens[i - 1]), q))) continue;
    }
    join(i, best);
    i = best;
  }
}

// Repairs, in place and without changing any length, what web copies and page layouts do to
// a document: "|" cell marks become tabs (a lone "|" line is then empty); the Official
// Gazette's page furniture ("CÔNG BÁO/Số 12/Ngày 15-02-2018" and the page number beside it)
// is blanked; a line is joined to the next (its break becomes spaces) when the next starts in
// lower case (a wrapped sentence or heading), when it is "Điều N." alone, or when a header
// field is cut over two lines.
void RepairLayout(std::string& t, const std::vector<size_t>& starts) {
  std::vector<LineRange> lines;
  lines.reserve(starts.size());
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t b = starts[i];
    size_t e = i + 1 < starts.size() ? starts[i + 1] : t.size();
    while (e > b && (t[e - 1] == '\n' || t[e - 1] == '\r')) --e;
    lines.push_back({b, e});
  }
  // A header written as a Markdown table ("| ỦY BAN NHÂN DÂN … | CỘNG HÒA … |", "|---|---|",
  // "| Số: … | Hà Giang, ngày … |"): the rows of that table are cells like any other header's.
  size_t header_table_begin = lines.size(), header_table_end = lines.size();
  auto row_of = [&](size_t i) {
    return text::Trim(std::string_view(t).substr(lines[i].begin, lines[i].end - lines[i].begin));
  };
  for (size_t i = 0; i < lines.size() && i < 40; ++i) {
    std::string_view row = row_of(i);
    if (row.size() < 2 || row.front() != '|') continue;
    if (text::FoldKey(row.substr(0, std::min<size_t>(row.size(), 400)))
            .find("conghoaxahoichunghia") == std::string::npos)
      continue;
    header_table_begin = i;
    header_table_end = i;
    while (header_table_end < lines.size() && row_of(header_table_end).size() > 1 &&
           row_of(header_table_end).front() == '|')
      ++header_table_end;
    break;
  }
  Lexicon lexicon(t);
  for (size_t li = 0; li < lines.size(); ++li) {
    const LineRange& l = lines[li];
    // Any other Markdown table row ("| TT | Nội dung | …") keeps its bars: the unit-program
    // reader reads it as a table. A lone "|" or cells ending in " |" are a web page's cell marks.
    std::string_view row = text::Trim(std::string_view(t).substr(l.begin, l.end - l.begin));
    bool in_header_table = li >= header_table_begin && li < header_table_end;
    if (in_header_table) {
      for (size_t k = l.begin; k < l.end; ++k) {
        if (t[k] == '|') t[k] = '\t';
      }
    }
    bool markdown_row = !in_header_table && row.size() > 1 && row.front() == '|';
    for (size_t k = l.begin; k < l.end && !markdown_row; ++k) {
      if (t[k] == '|' && (k == l.begin || IsSpaceByte(t[k - 1])) &&
          (k + 1 == l.end || IsSpaceByte(t[k + 1])))
        t[k] = '\t';
    }
    HealLetterSpacing(t, l, lexicon);
  }
  auto content = [&](size_t i) {
    return text::Trim(std::string_view(t).substr(lines[i].begin, lines[i].end - lines[i].begin));
  };
  auto blank = [&](size_t i) {
    for (size_t k = lines[i].begin; k < lines[i].end; ++k) t[k] = ' ';
  };
  auto lone_number = [&](std::string_view c) {
    return !c.empty() && c.size() <= 4 &&
           std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view c = content(i);
    if (c.empty() || c.size() > 100 || (c[0] != 'C' && c[0] != 'c')) continue;
    if (!text::FoldKey(c.substr(0, std::min<size_t>(c.size(), 30))).starts_with("congbao"))
      continue;
    blank(i);
    // The page number printed beside the furniture, above or below it.
    for (size_t j = i + 1; j < lines.size() && j <= i + 2; ++j) {
      if (content(j).empty()) continue;
      if (lone_number(content(j))) blank(j);
      break;
    }
    for (size_t j = i; j-- > 0 && j + 2 >= i;) {
      if (content(j).empty()) continue;
      if (lone_number(content(j))) blank(j);
      break;
    }
  }
  bool header_zone = true;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view c = content(i);
    if (c.empty()) continue;
    if (header_zone) {
      std::string key = text::FoldKey(c.substr(0, std::min<size_t>(c.size(), 24)));
      // The header ends at the legal bases, an article, or the first numbered item ("I.",
      // "1."): a body's "trước ngày 20 tháng cuối quý." is no date split over two lines.
      if (key.starts_with("cancu") || IsArticleStart(c) || i > 80 || StartsNumberedItem(c))
        header_zone = false;
    }
    size_t j = i + 1;
    while (j < lines.size() && j <= i + 2 && content(j).empty()) ++j;
    if (j >= lines.size() || content(j).empty()) continue;
    std::string_view next = content(j);
    bool join = false;
    if (StartsLower(next) && !StartsLetteredMarker(next)) {
      join = true;
    } else if ((c[0] == 'D' || c.starts_with("Đ")) && IsArticleAlone(c)) {
      join = !text::FoldKey(next.substr(0, std::min<size_t>(next.size(), 12))).starts_with("dieu");
    } else if (header_zone) {
      join = HeaderFieldContinues(c, LastCell(c), FirstCell(next));
    }
    if (!join) continue;
    size_t from = static_cast<size_t>(c.data() + c.size() - t.data());
    size_t to = static_cast<size_t>(next.data() - t.data());
    for (size_t k = from; k < to; ++k) t[k] = ' ';
  }
}

enum class State {
  kStart,
  kHeader,
  kTitle,
  kPreamble,
  kArticles,
  kRecipients,
  kSignature,
  kAttachmentTitle,
  kBody
};

struct Marker {
  BlockKind kind;
  std::string_view marker;
  std::vector<int> path;
  bool has_dot = true;
  std::string_view rest;
  std::string bullet_class;
  bool lettered = false;  // "a)", "2.1.a.", "A."
  bool step = false;      // "Bước 1:"
};

// Lettered items follow the Vietnamese alphabet: a b c d đ e g h i k l m n o p q r s t u v x y
// (no f, j, w, z). Word's automatic lists letter in Latin order; those letters get ordinals
// beyond the Vietnamese ones so that both orders read.
int LetterOrdinal(char32_t cp) {
  static constexpr std::u32string_view kVietnamese = U"abcdđeghiklmnopqrstuvxy";
  char32_t lower = cp;
  if (cp >= 'A' && cp <= 'Z') lower = cp - 'A' + 'a';
  if (cp == 0x0110) lower = 0x0111;  // Đ
  size_t at = kVietnamese.find(lower);
  if (at != std::u32string_view::npos) return static_cast<int>(at) + 1;
  if (lower == 'f' || lower == 'j' || lower == 'w' || lower == 'z')
    return 100 + static_cast<int>(lower - 'a') + 1;
  return 0;
}

std::string LetterOf(int ordinal, bool upper) {
  static constexpr std::string_view kLower[] = {"a", "b", "c", "d", "đ", "e", "g", "h",
                                                "i", "k", "l", "m", "n", "o", "p", "q",
                                                "r", "s", "t", "u", "v", "x", "y"};
  std::string out;
  if (ordinal >= 1 && ordinal <= 23) {
    out = kLower[ordinal - 1];
  } else if (ordinal > 100 && ordinal <= 126) {
    out = std::string(1, static_cast<char>('a' + ordinal - 101));
  }
  return upper ? text::ToUpper(out) : out;
}

bool Digit(char c) { return c >= '0' && c <= '9'; }

std::string_view SkipSpaces(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

std::optional<Marker> ReadRoman(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == 'I' || line[i] == 'V' || line[i] == 'X' || line[i] == 'L'))
    ++i;
  if (i == 0) return std::nullopt;
  auto value = text::ParseRoman(line.substr(0, i));
  if (!value) return std::nullopt;
  bool dot = i < line.size() && (line[i] == '.' || line[i] == ')');
  size_t j = dot ? i + 1 : i;
  if (j < line.size() && line[j] != ' ' && line[j] != '\t') return std::nullopt;
  std::string_view rest = text::Trim(line.substr(j));
  if (rest.empty()) return std::nullopt;
  if (!dot && !text::IsAllCaps(rest)) return std::nullopt;
  // A part title is written in capitals; a sentence that happens to start with "I." is not.
  if (!text::IsAllCaps(rest)) {
    size_t p = 0;
    char32_t first = text::NextCodePoint(rest, p);
    if (!text::IsUpper(first)) return std::nullopt;
  }
  return Marker{BlockKind::kPart, line.substr(0, i), {*value}, dot, rest, "", false, false};
}

std::optional<Marker> ReadNumbered(std::string_view line) {
  std::vector<int> path;
  size_t i = 0;
  bool trailing_dot = false;
  while (true) {
    size_t start = i;
    int v = 0;
    while (i < line.size() && Digit(line[i]) && i - start < 3) v = v * 10 + (line[i++] - '0');
    size_t len = i - start;
    if (len == 0 || len > 2 || (i < line.size() && Digit(line[i]))) return std::nullopt;
    path.push_back(v);
    if (i < line.size() && line[i] == '.' && i + 1 < line.size() && Digit(line[i + 1])) {
      ++i;
      continue;
    }
    if (i < line.size() && (line[i] == '.' || line[i] == ')')) {
      trailing_dot = true;
      ++i;
    }
    break;
  }
  bool lettered = false;
  if (trailing_dot && i < line.size() && line[i - 1] == '.') {
    // "2.1.a." / "2.1.a)": a lettered item written with its parents' numbers.
    size_t p = i;
    char32_t cp = text::NextCodePoint(line, p);
    int ordinal = text::IsLower(cp) ? LetterOrdinal(cp) : 0;
    if (ordinal > 0 && p < line.size() && (line[p] == '.' || line[p] == ')')) {
      path.push_back(ordinal);
      lettered = true;
      i = p + 1;
    }
  }
  if (i >= line.size() || (line[i] != ' ' && line[i] != '\t')) return std::nullopt;
  if (!trailing_dot && path.size() < 2) return std::nullopt;  // "5 Tập đoàn" is prose
  std::string_view rest = text::Trim(line.substr(i));
  if (rest.empty()) return std::nullopt;
  size_t marker_len = i;
  while (marker_len > 0 && (line[marker_len - 1] == ' ' || line[marker_len - 1] == '\t'))
    --marker_len;
  std::string_view marker = line.substr(0, marker_len);
  if (trailing_dot) marker.remove_suffix(1);
  return Marker{BlockKind::kItem, marker, path, trailing_dot, rest, "", lettered, false};
}

// "a) …", "đ. …": a lettered item (its key is completed by its parent's).
std::optional<Marker> ReadLettered(std::string_view line) {
  size_t p = 0;
  char32_t cp = text::NextCodePoint(line, p);
  if (!text::IsLower(cp)) return std::nullopt;
  int ordinal = LetterOrdinal(cp);
  if (ordinal == 0 || p + 1 >= line.size() || (line[p] != ')' && line[p] != '.') ||
      (line[p + 1] != ' ' && line[p + 1] != '\t'))
    return std::nullopt;
  std::string_view rest = text::Trim(line.substr(p + 1));
  if (rest.empty()) return std::nullopt;
  bool dot = line[p] == '.';
  if (dot) {
    // "v. v." or a sentence "a. b." is not an item: the text after "a." starts a word.
    size_t q = 0;
    if (!text::IsLetter(text::NextCodePoint(rest, q))) return std::nullopt;
  }
  return Marker{BlockKind::kItem, line.substr(0, p), {ordinal}, true, rest, "", true, false};
}

// "A. MỤC TIÊU", "B. NHIỆM VỤ": parts lettered above the roman ones, written in capitals.
std::optional<Marker> ReadLetteredPart(std::string_view line) {
  size_t p = 0;
  char32_t cp = text::NextCodePoint(line, p);
  if (!text::IsUpper(cp)) return std::nullopt;
  int ordinal = LetterOrdinal(cp);
  if (ordinal == 0 || ordinal > 8 || p + 1 >= line.size() || (line[p] != '.' && line[p] != ')') ||
      (line[p + 1] != ' ' && line[p + 1] != '\t'))
    return std::nullopt;
  std::string_view rest = text::Trim(line.substr(p + 1));
  if (rest.empty() || !text::IsAllCaps(rest)) return std::nullopt;
  return Marker{BlockKind::kPart, line.substr(0, p), {ordinal}, true, rest, "", true, false};
}

// "Bước 1: Rà soát …": a step of the item it stands under.
std::optional<Marker> ReadStep(std::string_view line) {
  if (line.empty() || (line[0] != 'B' && line[0] != 'b')) return std::nullopt;
  if (!text::FoldKey(line.substr(0, std::min<size_t>(line.size(), 12))).starts_with("buoc"))
    return std::nullopt;
  size_t p = 0;
  text::NextCodePoint(line, p);  // B
  while (p < line.size() && line[p] != ' ') ++p;
  size_t digits = p + 1;
  if (digits >= line.size()) return std::nullopt;
  size_t e = digits;
  int n = 0;
  while (e < line.size() && Digit(line[e]) && e - digits < 2) n = n * 10 + (line[e++] - '0');
  if (e == digits || e >= line.size() || (line[e] != ':' && line[e] != '.' && line[e] != ')'))
    return std::nullopt;
  std::string_view rest = text::Trim(line.substr(e + 1));
  if (rest.empty()) return std::nullopt;
  return Marker{BlockKind::kItem, line.substr(0, e), {n}, true, rest, "", false, true};
}

std::string Roman(int v) {
  static constexpr std::pair<int, const char*> kTable[] = {
      {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}};
  std::string out;
  for (auto [n, sym] : kTable) {
    while (v >= n) {
      out += sym;
      v -= n;
    }
  }
  return out;
}

std::string BulletClass(std::string_view marker) {
  size_t pos = 0;
  char32_t cp = text::NextCodePoint(marker, pos);
  if (text::IsDash(cp)) return "-";
  if (cp == '+') return "+";
  if (cp == '*') return "*";
  if (marker.size() == 2 && marker.back() == ')') return "a)";
  return "•";
}

std::optional<Marker> ReadBullet(std::string_view line) {
  size_t pos = 0;
  char32_t cp = text::NextCodePoint(line, pos);
  std::string cls;
  if (text::IsDash(cp)) {
    cls = "-";
  } else if (cp == '+') {
    cls = "+";
  } else if (cp == '*') {
    cls = "*";
  } else if (cp == 0x2022 || cp == 0x00B7 || cp == 0x25AA || cp == 0x25CF || cp == 0xF0B7) {
    cls = "•";
  } else if (text::IsLower(cp) && pos < line.size() && line[pos] == ')') {
    cls = "a)";
    ++pos;
  } else {
    return std::nullopt;
  }
  std::string_view marker = line.substr(0, pos);
  std::string_view rest = line.substr(pos);
  if (rest.empty()) return std::nullopt;
  if (rest[0] == ' ' || rest[0] == '\t') {
    rest = text::Trim(rest);
  } else {
    // "-Vụ Pháp chế" is a bullet; "-5%" or "--" is not.
    size_t p = 0;
    char32_t next = text::NextCodePoint(rest, p);
    if (!text::IsLetter(next) || cls == "a)") return std::nullopt;
  }
  if (rest.empty()) return std::nullopt;
  return Marker{BlockKind::kBullet, marker, {}, true, rest, cls, false, false};
}

// "Nơi nhận:", or a signature line in capitals ("KT. BỘ TRƯỞNG", "GIÁM ĐỐC") that is not an
// outline heading.
bool LooksLikeClosing(std::string_view line) {
  std::string key = text::FoldKey(line.substr(0, std::min<size_t>(line.size(), 24)));
  if (key.starts_with("noinhan")) return true;
  return IsAuthorityLine(line) && !ReadRoman(line) && text::CountCodePoints(line) <= 40;
}

}  // namespace

class Parser {
 public:
  explicit Parser(std::string_view input) : input_(input) {}

  core::Result<Document> Run();

 private:
  Line MakeLine(std::string_view piece) { return Line{piece, doc_.SpanOf(piece)}; }
  void Diag(Severity sev, std::string code, std::string message, std::string_view where) {
    doc_.diagnostics.push_back(
        Diagnostic{sev, std::move(code), std::move(message), doc_.SpanOf(where)});
  }

  bool HeaderCell(std::string_view cell);
  void AddIssuerLine(std::string_view cell);
  void FrontLine(std::string_view line);
  void BodyLine(std::string_view line);
  void CheckNumbering();

  std::string_view input_;
  Document doc_;
  State state_ = State::kStart;
  // Body outline construction.
  int current_part_ = -1;
  std::vector<int> item_stack_;
  std::vector<int> bullet_stack_;
  std::vector<std::string> bullet_classes_;
  std::vector<std::string_view> pending_noise_;
  int letter_part_ = -1;      // the current "A." part
  std::set<int> step_items_;  // blocks that are "Bước N" steps
  bool in_article_ = false;   // the outline being read stands inside an article ("Điều 2")
  void FinishFront();
  bool MetadataTableLine(std::string_view line);
};

// A name wrapped over two lines ("BỘ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ HỘI") is one issuer line;
// "UBND TỈNH NAM ĐỊNH" / "SỞ LAO ĐỘNG …" are the parent body and the issuer.
void Parser::AddIssuerLine(std::string_view cell) {
  auto& lines = doc_.header.issuer_lines;
  if (!lines.empty()) {
    std::string_view prev = lines.back().text;
    size_t p = prev.size();
    bool prev_dangles = p > 0 && text::IsDash(text::PrevCodePoint(prev, p));
    size_t q = 0;
    bool starts_joined = text::IsDash(text::NextCodePoint(cell, q)) || cell.starts_with("VÀ ");
    if ((prev_dangles || starts_joined) && cell.data() > prev.data()) {
      std::string_view joined(prev.data(),
                              static_cast<size_t>(cell.data() + cell.size() - prev.data()));
      lines.back() = MakeLine(joined);
      return;
    }
  }
  lines.push_back(MakeLine(cell));
}

bool Parser::HeaderCell(std::string_view cell) {
  Header& h = doc_.header;
  if (IsRule(cell)) return true;
  if (cell.size() <= 3 && (cell == "-" || cell == "--" || cell == "_" || cell == "–"))
    return true;  // a short rule under the issuer
  {
    // "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG -------": the rule under the name shares its cell.
    size_t end = cell.size();
    while (end > 0 && (cell[end - 1] == '-' || cell[end - 1] == '_' || cell[end - 1] == ' ')) --end;
    if (cell.size() - end >= 4 && end > 0) cell = text::TrimRight(cell.substr(0, end));
  }

  if (!h.number && cell.size() > 2 && Digit(cell[0])) {
    // "0BỘ LAO ĐỘNG": a stray digit a website glued to the issuer.
    size_t p = 1;
    if (text::IsUpper(text::NextCodePoint(cell, p)) && text::IsAllCaps(cell.substr(1)))
      cell.remove_prefix(1);
  }
  std::string key = text::FoldKey(cell.substr(0, std::min<size_t>(cell.size(), 120)));
  size_t national = key.find("conghoaxahoichunghiavietnam");
  if (national != std::string::npos) {
    // The issuer may share the cell when a table was flattened without tabs.
    std::string_view rest = cell;
    size_t pos = 0;
    while (pos < cell.size()) {
      if (text::MatchFoldedKey(cell, pos, "conghoaxahoichunghiavietnam") != std::string_view::npos)
        break;
      text::NextCodePoint(cell, pos);
    }
    if (pos > 0) {
      std::string_view issuer = text::Trim(cell.substr(0, pos));
      if (!issuer.empty() && !IsRule(issuer)) h.issuer_lines.push_back(MakeLine(issuer));
    }
    rest = text::Trim(cell.substr(pos));
    size_t end = text::MatchFoldedKey(rest, 0, "conghoaxahoichunghiavietnam");
    h.national_title = MakeLine(rest.substr(0, end == std::string_view::npos ? rest.size() : end));
    if (end != std::string_view::npos && end < rest.size())
      HeaderCell(text::Trim(rest.substr(end)));
    return true;
  }
  if (key.starts_with("doclap-tudo-hanhphuc")) {
    h.motto = MakeLine(cell);
    return true;
  }
  if (key.starts_with("so") && key.size() > 2 && (key[2] == ':' || Digit(key[2]))) {
    // "Số: 224/QĐ-LĐTBXH" possibly followed by the place and date.
    size_t p = 0;
    text::NextCodePoint(cell, p);  // S
    text::NextCodePoint(cell, p);  // ố
    std::string_view rest = cell.substr(p);
    while (!rest.empty() && (rest[0] == ':' || rest[0] == ' ' || rest[0] == '\t'))
      rest.remove_prefix(1);
    size_t end = 0;
    while (end < rest.size() && rest[end] != ' ' && rest[end] != '\t') ++end;
    std::string_view number = rest.substr(0, end);
    while (!number.empty() &&
           (number.back() == ',' || number.back() == ';' || number.back() == '.'))
      number.remove_suffix(1);
    if (!number.empty()) h.number = MakeLine(number);
    std::string_view after = text::Trim(rest.substr(end));
    if (!after.empty()) HeaderCell(after);
    return true;
  }
  // "Hà Nội, ngày 27 tháng 02 năm 2012".
  size_t comma = cell.find(',');
  if (comma != std::string_view::npos) {
    std::string_view after = SkipSpaces(cell.substr(comma + 1));
    if (auto d = text::ReadLongDate(after, 0)) {
      h.place = MakeLine(text::Trim(cell.substr(0, comma)));
      h.date = d->date;
      h.place_date = MakeLine(cell);
      return true;
    }
    if (StartsWithKey(after, "ngay")) {  // "ngày   tháng   năm 2012": a date left blank
      h.place = MakeLine(text::Trim(cell.substr(0, comma)));
      h.place_date = MakeLine(cell);
      return true;
    }
  }
  if (text::IsAllCaps(cell) && !IsDocType(cell) && !h.national_title && !h.number) {
    AddIssuerLine(cell);
    return true;
  }
  if (text::IsAllCaps(cell) && !IsDocType(cell) && h.national_title && !h.number &&
      h.issuer_lines.empty()) {
    AddIssuerLine(cell);
    return true;
  }
  return false;
}

// "Số hiệu | 80/QĐ-LĐTBXH |", "Ngày ban hành:\t20/01/2014\tLoại văn bản:\tQuyết định": the
// website's table of properties above the text. Returns whether the line was one.
bool Parser::MetadataTableLine(std::string_view line) {
  std::vector<std::string_view> cells = Cells(line);
  if (cells.size() == 1) {
    size_t colon = cells[0].find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view value = text::Trim(cells[0].substr(colon + 1));
    cells = {text::Trim(cells[0].substr(0, colon))};
    if (!value.empty()) cells.push_back(value);
  }
  enum class Field { kNone, kIgnored, kNumber, kIssued, kType, kIssuer, kSigner };
  auto field_of = [](std::string_view cell) {
    std::string key = text::FoldKey(cell.substr(0, std::min<size_t>(cell.size(), 60)));
    while (!key.empty() && key.back() == ':') key.pop_back();
    if (key == "sohieu" || key == "sokyhieu") return Field::kNumber;
    if (key == "ngaybanhanh") return Field::kIssued;
    if (key == "loaivanban") return Field::kType;
    if (key == "coquanbanhanh" || key == "noibanhanh") return Field::kIssuer;
    if (key == "nguoiky" || key == "nguoiky:") return Field::kSigner;
    for (std::string_view k :
         {"ngaycohieuluc", "ngayhethieuluc", "linhvuc", "tinhtrang", "tinhtranghieuluc",
          "ngaycongbao", "socongbao", "chucdanh", "phamvi", "nganh"}) {
      if (key == k) return Field::kIgnored;
    }
    return Field::kNone;
  };
  if (cells.empty() || field_of(cells[0]) == Field::kNone) return false;
  MetadataTable& m = doc_.metadata_table;
  for (size_t i = 0; i + 1 < cells.size(); i += 2) {
    Field f = field_of(cells[i]);
    std::string_view value = cells[i + 1];
    if (f == Field::kNone) break;
    while (!value.empty() && (value.back() == ';' || value.back() == ',')) value.remove_suffix(1);
    std::string vkey = text::FoldKey(value.substr(0, std::min<size_t>(value.size(), 40)));
    // "Đã biết", "Đang cập nhật": the site hides the value.
    if (value.empty() || vkey.starts_with("dabiet") || vkey.starts_with("dangcapnhat")) continue;
    switch (f) {
      case Field::kNumber:
        if (std::any_of(value.begin(), value.end(), Digit)) m.number = MakeLine(value);
        break;
      case Field::kIssued:
        m.issued = MakeLine(value);
        if (auto d = text::ReadDate(value, 0)) m.date = d->date;
        break;
      case Field::kType:
        m.type = MakeLine(value);
        break;
      case Field::kIssuer:
        m.issuer = MakeLine(value);
        break;
      case Field::kSigner:
        m.signer = MakeLine(value);
        break;
      default:
        break;
    }
  }
  return true;
}

// Reading notes on the front matter as a whole, once every line has been read.
void Parser::FinishFront() {
  const Header& h = doc_.header;
  if (doc_.type && h.number) {
    auto named = TypeFromNumber(h.number->text);
    if (named && text::FoldKey(*named) != text::FoldKey(doc_.type->text)) {
      Diag(Severity::kWarning, "number_type_mismatch",
           "Số hiệu \"" + std::string(h.number->text) + "\" là ký hiệu của " +
               text::SentenceCase(*named) + " nhưng văn bản là " +
               text::SentenceCase(doc_.type->text),
           h.number->text);
    }
  }
  const MetadataTable& m = doc_.metadata_table;
  auto disagree = [&](const char* what, const std::optional<Line>& cell, std::string_view header) {
    Diag(Severity::kWarning, "metadata_table_disagrees",
         std::string("Bảng thuộc tính ghi ") + what + " \"" + std::string(cell->text) +
             "\" nhưng văn bản ghi \"" + std::string(header) + "\"",
         cell->text);
  };
  if (m.number && h.number && text::FoldKey(m.number->text) != text::FoldKey(h.number->text))
    disagree("số hiệu", m.number, h.number->text);
  if (m.date && h.date && *m.date != *h.date && h.place_date)
    disagree("ngày ban hành", m.issued, h.place_date->text);
  if (m.type && doc_.type && text::FoldKey(m.type->text) != text::FoldKey(doc_.type->text))
    disagree("loại văn bản", m.type, doc_.type->text);
  if (m.signer && doc_.signature.name &&
      text::FoldKey(m.signer->text) != text::FoldKey(doc_.signature.name->text))
    disagree("người ký", m.signer, doc_.signature.name->text);
}

void Parser::FrontLine(std::string_view line) {
  if (state_ == State::kBody && in_article_ && IsArticleStart(line)) {
    in_article_ = false;
    state_ = State::kArticles;
  }
  if (state_ == State::kBody) {
    // A standalone plan or report ends with "Nơi nhận:" and its signature block.
    if (line.size() < 80 && LooksLikeClosing(line)) {
      bool recipients =
          text::FoldKey(line.substr(0, std::min<size_t>(line.size(), 24))).starts_with("noinhan");
      state_ = recipients ? State::kArticles : State::kRecipients;
    } else {
      BodyLine(line);
      return;
    }
  }
  std::string key = text::FoldKey(line.substr(0, std::min<size_t>(line.size(), 60)));
  switch (state_) {
    case State::kStart:
    case State::kHeader: {
      if (state_ == State::kStart && MetadataTableLine(line)) return;
      if (IsDocType(line)) {
        doc_.type = MakeLine(line);
        state_ = State::kTitle;
        return;
      }
      if (state_ == State::kStart && IsAttachmentTitleStart(line)) {
        doc_.attachment_title.push_back(MakeLine(line));
        state_ = State::kAttachmentTitle;
        return;
      }
      if (ReadRoman(line) || ReadNumbered(line) || ReadLetteredPart(line)) {
        state_ = State::kBody;
        BodyLine(line);
        return;
      }
      if (state_ == State::kHeader && (doc_.header.number || doc_.header.national_title) &&
          text::IsAllCaps(line) && line.find('\t') == std::string_view::npos) {
        // The type line was lost in the copy: the subject ("VỀ BAN HÀNH …", "PHÊ DUYỆT …")
        // or the enacting authority ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") follows the header.
        if (key.starts_with("ve") || key.starts_with("banhanh") || key.starts_with("pheduyet")) {
          doc_.title.push_back(MakeLine(line));
          state_ = State::kTitle;
          return;
        }
        if (doc_.header.number && IsAuthorityLine(line)) {
          doc_.authority = MakeLine(line);
          state_ = State::kTitle;
          return;
        }
      }
      bool any = false;
      bool header_like = state_ == State::kHeader || text::IsAllCaps(line) || IsRule(line) ||
                         key.starts_with("so:") || key.find("conghoa") != std::string::npos;
      if (header_like) {
        for (std::string_view cell : Cells(line)) any |= HeaderCell(cell);
      }
      if (any) {
        state_ = State::kHeader;
        return;
      }
      if (state_ == State::kHeader) {
        // Prose after a header but before any type line: the body of a letter-like document.
        state_ = State::kBody;
        BodyLine(line);
        return;
      }
      pending_noise_.push_back(line);
      return;
    }
    case State::kTitle: {
      if (IsRule(line)) return;
      if (key.starts_with("cancu") || key.starts_with("xetdenghi") ||
          key.starts_with("theodenghi")) {
        state_ = State::kPreamble;
        FrontLine(line);
        return;
      }
      if (ReadRoman(line) || ReadLetteredPart(line) ||
          ReadNumbered(line)) {  // a program with no enacting part
        state_ = State::kBody;
        BodyLine(line);
        return;
      }
      if (key.starts_with("dieu") && key.size() > 4 && Digit(key[4])) {
        state_ = State::kArticles;
        FrontLine(line);
        return;
      }
      if (text::IsAllCaps(line)) {
        if (!doc_.title.empty() && (IsAuthorityLine(line) || IsCollegialAuthority(line))) {
          doc_.authority = MakeLine(line);
        } else if (doc_.authority) {
          // "QUYẾT ĐỊNH:" or more capitals after the authority: the enacting words.
        } else {
          doc_.title.push_back(MakeLine(line));
        }
        return;
      }
      if (line.front() == '(' && key.find("banhanhkemtheo") != std::string::npos) {
        doc_.attachment_reference = MakeLine(line);
        return;
      }
      // Since Decree 30/2020 the subject under the type is written in sentence case
      // ("Ban hành Chương trình công tác năm 2024 …"), possibly over two lines.
      if (!doc_.authority && !doc_.attachment_reference &&
          (doc_.title.empty() ||
           (doc_.title.size() == 1 && !text::IsAllCaps(doc_.title.front().text) &&
            !line.ends_with(".")))) {
        doc_.title.push_back(MakeLine(line));
        return;
      }
      state_ = State::kBody;
      BodyLine(line);
      return;
    }
    case State::kPreamble: {
      if (key.starts_with("cancu")) {
        doc_.legal_bases.push_back(MakeLine(line));
        return;
      }
      if (key.starts_with("xetdenghi") || key.starts_with("theodenghi")) {
        doc_.considerations.push_back(MakeLine(line));
        return;
      }
      if (key.starts_with("quyetdinh") || key.starts_with("chithi") ||
          key.starts_with("nghiquyet") || key.starts_with("quyetnghi"))
        return;
      state_ = State::kArticles;
      FrontLine(line);
      return;
    }
    case State::kArticles: {
      if (key.starts_with("noinhan")) {
        state_ = State::kRecipients;
        std::vector<std::string_view> cells = Cells(line);
        for (size_t i = 1; i < cells.size(); ++i) FrontLine(cells[i]);
        // "Nơi nhận: - Như Điều 3;" on one line.
        std::string_view first = cells.empty() ? line : cells[0];
        size_t colon = first.find(':');
        if (colon != std::string_view::npos && colon + 1 < first.size()) {
          std::string_view rest = text::Trim(first.substr(colon + 1));
          if (!rest.empty()) FrontLine(rest);
        }
        return;
      }
      if (key.starts_with("dieu")) {
        size_t p = 0;
        text::NextCodePoint(line, p);
        while (p < line.size() && !Digit(line[p]) && line[p] != ' ') ++p;  // "iều"
        std::string_view rest = SkipSpaces(line.substr(p));
        int n = 0;
        size_t i = 0;
        while (i < rest.size() && Digit(rest[i]) && i < 3) n = n * 10 + (rest[i++] - '0');
        if (i > 0) {
          rest = rest.substr(i);
          while (!rest.empty() && (rest[0] == '.' || rest[0] == ':' || rest[0] == ' '))
            rest.remove_prefix(1);
          doc_.articles.push_back(Article{n, MakeLine(text::Trim(rest)), {}});
          return;
        }
      }
      if (!doc_.articles.empty() && line.size() < 80 && text::IsAllCaps(line) &&
          IsAuthorityLine(line) && !ReadRoman(line) && text::CountCodePoints(line) <= 40) {
        // The signature before "Nơi nhận" ("KT. CHỦ TỊCH" in a two-column closing).
        state_ = State::kSignature;
        FrontLine(line);
        return;
      }
      if (!doc_.articles.empty()) {
        Article& article = doc_.articles.back();
        std::string_view said =
            article.continuation.empty() ? article.text.text : article.continuation.back().text;
        bool numbered = ReadNumbered(line).has_value();
        if (text::TrimRight(said).ends_with(":") && (ReadRoman(line) || numbered)) {
          // "Điều 1. Chương trình … với những nội dung sau:" then "I. MỤC ĐÍCH", or "Điều 2.
          // … như sau:" then "1. Sở Kế hoạch và Đầu tư …": the outline stands in the article.
          state_ = State::kBody;
          in_article_ = true;
          current_part_ = -1;
          letter_part_ = -1;
          item_stack_.clear();
          bullet_stack_.clear();
          bullet_classes_.clear();
          if (numbered) {
            // Its items are "Điều 2.1", "Điều 2.2" …
            Block part;
            part.kind = BlockKind::kPart;
            part.marker = "Điều " + std::to_string(article.number);
            part.marker_text = article.text.text.substr(0, 0);
            part.path = {article.number};
            part.text = article.text.text;
            part.span = article.text.span;
            current_part_ = static_cast<int>(doc_.blocks.size());
            doc_.roots.push_back(current_part_);
            doc_.blocks.push_back(std::move(part));
          }
          BodyLine(line);
          return;
        }
        article.continuation.push_back(MakeLine(line));
        return;
      }
      if (IsAttachmentTitleStart(line) || ReadRoman(line) || ReadLetteredPart(line)) {
        state_ = ReadRoman(line) || ReadLetteredPart(line) ? State::kBody : State::kAttachmentTitle;
        if (state_ == State::kBody) {
          BodyLine(line);
        } else {
          doc_.attachment_title.push_back(MakeLine(line));
        }
        return;
      }
      state_ = State::kBody;
      BodyLine(line);
      return;
    }
    case State::kRecipients:
    case State::kSignature: {
      for (std::string_view cell : Cells(line)) {
        size_t p = 0;
        char32_t first = text::NextCodePoint(cell, p);
        std::string cell_key = text::FoldKey(cell.substr(0, std::min<size_t>(cell.size(), 20)));
        if ((state_ == State::kRecipients || !doc_.signature.name) &&
            (text::IsDash(first) || first == '+' || first == 0x2022 ||
             cell_key.starts_with("luu"))) {
          std::string_view r = text::IsDash(first) || first == '+' || first == 0x2022
                                   ? text::Trim(cell.substr(p))
                                   : cell;
          while (!r.empty() && (r.back() == ';' || r.back() == '.' || r.back() == ','))
            r.remove_suffix(1);
          r = text::TrimRight(r);
          if (!r.empty()) doc_.recipients.push_back(MakeLine(r));
          continue;
        }
        if (text::IsAllCaps(cell) && !doc_.signature.name) {
          if (IsAttachmentTitleStart(cell) && !doc_.signature.authority.empty()) {
            state_ = State::kAttachmentTitle;
            doc_.attachment_title.push_back(MakeLine(cell));
            continue;
          }
          doc_.signature.authority.push_back(MakeLine(cell));
          state_ = State::kSignature;
          continue;
        }
        if (state_ == State::kSignature && !doc_.signature.name && IsPersonName(cell)) {
          doc_.signature.name = MakeLine(cell);
          continue;
        }
        if (IsAttachmentTitleStart(cell)) {
          state_ = State::kAttachmentTitle;
          doc_.attachment_title.push_back(MakeLine(cell));
          continue;
        }
        if (state_ == State::kRecipients) {
          doc_.recipients.push_back(MakeLine(cell));  // an undashed recipient line
          continue;
        }
        if (ReadRoman(cell) || ReadLetteredPart(cell) || ReadNumbered(cell)) {
          state_ = State::kBody;
          BodyLine(cell);
          continue;
        }
        // A signature block with anything else after it: the attachment starts without a title.
        state_ = State::kBody;
        BodyLine(cell);
      }
      return;
    }
    case State::kAttachmentTitle: {
      if (line.front() == '(' && key.find("banhanhkemtheo") != std::string::npos) {
        doc_.attachment_reference = MakeLine(line);
        return;
      }
      if (text::IsAllCaps(line) && !ReadRoman(line) && !ReadLetteredPart(line)) {
        doc_.attachment_title.push_back(MakeLine(line));
        return;
      }
      state_ = State::kBody;
      BodyLine(line);
      return;
    }
    case State::kBody:
      BodyLine(line);
      return;
  }
}

void Parser::BodyLine(std::string_view line) {
  if (in_article_ && !doc_.articles.empty())
    doc_.articles.back().continuation.push_back(MakeLine(line));
  std::optional<Marker> m = ReadRoman(line);
  if (!m) m = ReadLetteredPart(line);
  if (!m) m = ReadNumbered(line);
  if (!m) m = ReadStep(line);
  if (!m) m = ReadLettered(line);
  if (!m) m = ReadBullet(line);
  Block b;
  b.span = doc_.SpanOf(line);
  if (!m) {
    b.kind = BlockKind::kParagraph;
    b.text = line;
  } else {
    b.kind = m->kind;
    b.marker = std::string(m->marker);
    b.marker_text = m->marker;
    b.path = m->path;
    b.marker_has_dot = m->has_dot;
    b.lettered = m->lettered;
    b.text = m->rest;
  }
  int index = static_cast<int>(doc_.blocks.size());
  auto container = [&]() { return item_stack_.empty() ? current_part_ : item_stack_.back(); };
  auto top = [&]() -> Block& { return doc_.blocks[static_cast<size_t>(item_stack_.back())]; };
  switch (b.kind) {
    case BlockKind::kPart:
      item_stack_.clear();
      bullet_stack_.clear();
      bullet_classes_.clear();
      b.parent = -1;
      if (b.lettered) {
        letter_part_ = index;
      } else if (letter_part_ >= 0) {
        // "I." under "A.": its key is "A.I".
        b.parent = letter_part_;
        b.marker = doc_.blocks[static_cast<size_t>(letter_part_)].marker + "." + b.marker;
      }
      current_part_ = index;
      break;
    case BlockKind::kItem:
      bullet_stack_.clear();
      bullet_classes_.clear();
      if (m->step || (m->lettered && m->path.size() == 1)) {
        // A step or a letter completes the key of the item it stands under.
        while (!item_stack_.empty() && step_items_.count(item_stack_.back()))
          item_stack_.pop_back();
        if (m->lettered) {
          while (!item_stack_.empty() && top().lettered) item_stack_.pop_back();
        }
        if (!item_stack_.empty()) {
          const Block& parent = top();
          b.path = parent.path;
          b.path.push_back(m->path.front());
          b.marker = parent.marker + "." + b.marker;
        }
        if (m->step) step_items_.insert(index);
      } else {
        while (!item_stack_.empty() &&
               doc_.blocks[static_cast<size_t>(item_stack_.back())].path.size() >= b.path.size()) {
          item_stack_.pop_back();
        }
      }
      b.parent = container();
      break;
    case BlockKind::kBullet: {
      // Bullet levels follow the order in which marks first appear under an item, as in
      // Markdown: "-" then "+" then "*" in the seeds, whatever the marks are.
      auto level_of = [&](const std::string& cls) {
        auto it = std::find(bullet_classes_.begin(), bullet_classes_.end(), cls);
        if (it == bullet_classes_.end()) {
          bullet_classes_.push_back(cls);
          return bullet_classes_.size() - 1;
        }
        return static_cast<size_t>(it - bullet_classes_.begin());
      };
      size_t level = level_of(m->bullet_class);
      while (!bullet_stack_.empty() &&
             level_of(BulletClass(doc_.blocks[static_cast<size_t>(bullet_stack_.back())].marker)) >=
                 level) {
        bullet_stack_.pop_back();
      }
      b.parent = bullet_stack_.empty() ? container() : bullet_stack_.back();
      break;
    }
    case BlockKind::kParagraph:
      bullet_stack_.clear();
      b.parent = container();
      break;
  }
  doc_.blocks.push_back(std::move(b));
  Block& added = doc_.blocks.back();
  if (added.parent < 0) {
    doc_.roots.push_back(index);
  } else {
    doc_.blocks[static_cast<size_t>(added.parent)].children.push_back(index);
  }
  if (added.kind == BlockKind::kItem) item_stack_.push_back(index);
  if (added.kind == BlockKind::kBullet) bullet_stack_.push_back(index);
}

void Parser::CheckNumbering() {
  // Parts in order I, II, III … (or A, B, C …); items under each parent numbered 1, 2, 3 …
  // (or a, b, c, d, đ …) as written.
  auto check = [&](const std::vector<int>& siblings, const Block* parent) {
    int expected = 1;
    bool latin = false;
    for (int idx : siblings) {
      const Block& b = doc_.blocks[static_cast<size_t>(idx)];
      if (b.lettered && !b.path.empty() && b.path.back() > 100) latin = true;
    }
    std::map<std::string, int> seen;
    std::string previous;
    for (int idx : siblings) {
      const Block& b = doc_.blocks[static_cast<size_t>(idx)];
      if (b.kind != BlockKind::kItem && b.kind != BlockKind::kPart) continue;
      if (step_items_.count(idx)) continue;
      int last = b.path.empty() ? 0 : b.path.back();
      std::string shown = b.marker;
      if (seen.count(b.marker)) {
        Diag(Severity::kWarning, "duplicate_section_number",
             "Số mục \"" + shown + "\" bị lặp lại (đã có ở dòng " + std::to_string(seen[b.marker]) +
                 ")",
             b.marker_text);
      } else if (last > expected && !(b.lettered && latin)) {
        std::string missing;
        std::string prefix;
        if (b.kind == BlockKind::kItem && b.path.size() > 1) {
          prefix = shown.substr(0, shown.rfind('.') + 1);
        }
        for (int k = expected; k < last; ++k) {
          if (!missing.empty()) missing += ", ";
          if (b.lettered) {
            missing += prefix + LetterOf(k, b.kind == BlockKind::kPart);
          } else {
            missing += b.kind == BlockKind::kPart ? Roman(k) : prefix + std::to_string(k);
          }
        }
        const char* what = b.kind == BlockKind::kPart ? "phần" : "mục";
        Diag(Severity::kWarning, "missing_section_number",
             std::string("Thiếu ") + what + " " + missing + " trước " + what + " \"" + shown + "\"",
             b.marker_text);
      } else if (last < expected - 1 && !previous.empty()) {
        // "2.1 … 2.4" then "1.", "2.": a copy that lost its headings; kept as written.
        Diag(Severity::kWarning, "numbering_restart",
             "Đánh số bắt đầu lại: mục \"" + shown + "\" đứng sau mục \"" + previous + "\"",
             b.marker_text);
        expected = last;
      }
      if (b.kind == BlockKind::kItem && parent && parent->kind == BlockKind::kItem &&
          b.path.size() > 1) {
        std::vector<int> prefix(b.path.begin(), b.path.end() - 1);
        if (prefix != parent->path) {
          Diag(Severity::kWarning, "section_number_out_of_place",
               "Mục \"" + shown + "\" nằm dưới mục \"" + std::string(parent->marker) + "\"",
               b.marker_text);
        }
      }
      if (!seen.count(b.marker)) seen[b.marker] = static_cast<int>(b.span.line);
      expected = std::max(expected, last + 1);
      previous = shown;
    }
  };
  check(doc_.roots, nullptr);
  for (const Block& b : doc_.blocks) {
    if (b.kind == BlockKind::kPart || b.kind == BlockKind::kItem) check(b.children, &b);
  }
  // Item numbers without their trailing dot, when the document otherwise writes one.
  int with_dot = 0, without = 0;
  for (const Block& b : doc_.blocks) {
    if (b.kind == BlockKind::kItem) (b.marker_has_dot ? with_dot : without)++;
  }
  if (with_dot > without) {
    for (const Block& b : doc_.blocks) {
      if (b.kind == BlockKind::kItem && !b.marker_has_dot) {
        Diag(Severity::kInfo, "section_number_missing_dot",
             "Số mục \"" + std::string(b.marker) + "\" thiếu dấu chấm sau số", b.marker_text);
      }
    }
  }
  std::stable_sort(
      doc_.diagnostics.begin(), doc_.diagnostics.end(),
      [](const Diagnostic& a, const Diagnostic& b) { return a.span.offset < b.span.offset; });
}

core::Result<Document> Parser::Run() {
  if (auto bad = text::FindInvalidUtf8(input_)) {
    auto err = core::MakeError(core::ErrorCode::kInvalidArgument, "invalid_utf8",
                               "Văn bản không phải UTF-8 hợp lệ: byte không hợp lệ ở vị trí " +
                                   std::to_string(*bad) + " (tính từ 0)");
    err.details.push_back({"byte_offset", std::to_string(*bad)});
    return tl::unexpected(err);
  }
  std::string_view body = input_;
  size_t bom = 0;
  if (body.starts_with("\xEF\xBB\xBF")) bom = 3;
  doc_.original_size_ = input_.size();
  doc_.nfc_ = std::make_unique<text::NfcText>(body.substr(bom));
  if (bom) {
    // Keep spans in input coordinates: re-normalise with the BOM replaced by a space.
    std::string copy(input_);
    copy.replace(0, 3, "   ");
    doc_.nfc_ = std::make_unique<text::NfcText>(copy);
  }
  doc_.nfc_->BlankOutSpaces();
  doc_.text_ = doc_.nfc_->text();
  const std::string& t = doc_.text();
  if (text::Trim(t).empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "empty_input",
                      "Văn bản rỗng: không có nội dung để đọc");
  }
  std::string_view all(t);
  size_t pos = 0;
  while (pos <= all.size()) {
    doc_.line_starts_.push_back(pos);
    size_t nl = pos;
    while (nl < all.size() && all[nl] != '\n' && all[nl] != '\r') ++nl;
    if (nl >= all.size()) break;
    pos = nl + ((all[nl] == '\r' && nl + 1 < all.size() && all[nl + 1] == '\n') ? 2 : 1);
  }
  RepairLayout(doc_.text_, doc_.line_starts_);
  // The repaired text has the input's length; lines joined by the repairs are read as one.
  pos = 0;
  while (pos < all.size()) {
    size_t nl = pos;
    while (nl < all.size() && all[nl] != '\n' && all[nl] != '\r') ++nl;
    std::string_view line = text::Trim(all.substr(pos, nl - pos));
    if (!line.empty()) FrontLine(line);
    if (nl >= all.size()) break;
    pos = nl + ((all[nl] == '\r' && nl + 1 < all.size() && all[nl + 1] == '\n') ? 2 : 1);
  }
  FinishFront();
  if (!pending_noise_.empty() && (doc_.type || !doc_.attachment_title.empty() ||
                                  !doc_.header.issuer_lines.empty() || !doc_.blocks.empty())) {
    for (std::string_view n : pending_noise_) doc_.noise.push_back(MakeLine(n));
    doc_.diagnostics.push_back(Diagnostic{Severity::kInfo, "ignored_text",
                                          "Bỏ qua " + std::to_string(pending_noise_.size()) +
                                              " dòng đứng trước văn bản (không thuộc văn bản)",
                                          doc_.SpanOf(pending_noise_.front())});
  }
  bool has_outline = std::any_of(doc_.blocks.begin(), doc_.blocks.end(), [](const Block& b) {
    return b.kind == BlockKind::kPart || b.kind == BlockKind::kItem;
  });
  if (!doc_.type && doc_.attachment_title.empty() && !has_outline && doc_.articles.empty()) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, "not_a_document",
        "Không nhận ra văn bản hành chính: không tìm thấy tên loại văn bản (QUYẾT ĐỊNH, "
        "CHƯƠNG TRÌNH…), điều khoản hay mục đánh số");
  }
  CheckNumbering();
  return std::move(doc_);
}

std::optional<std::string> TypeFromNumber(std::string_view number) {
  // "316/KH-UBND", "55/2007/CT-UBND", "19/CT-TTg": the symbol after the last "/" up to "-".
  size_t slash = number.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view symbol = number.substr(slash + 1);
  size_t dash = symbol.find('-');
  if (dash != std::string_view::npos) symbol = symbol.substr(0, dash);
  std::string key = text::FoldKey(symbol);
  static constexpr std::pair<std::string_view, std::string_view> kSymbols[] = {
      {"qd", "QUYẾT ĐỊNH"},          {"kh", "KẾ HOẠCH"},      {"ct", "CHỈ THỊ"},
      {"nq", "NGHỊ QUYẾT"},          {"tb", "THÔNG BÁO"},     {"bc", "BÁO CÁO"},
      {"hd", "HƯỚNG DẪN"},           {"ctr", "CHƯƠNG TRÌNH"}, {"tt", "THÔNG TƯ"},
      {"nd", "NGHỊ ĐỊNH"},           {"ttr", "TỜ TRÌNH"},     {"qc", "QUY CHẾ"},
      {"ttlt", "THÔNG TƯ LIÊN TỊCH"}};
  for (auto [k, name] : kSymbols) {
    if (key == k) return std::string(name);
  }
  return std::nullopt;
}

core::Result<Document> Parse(std::string_view input) {
  Parser parser(input);
  return parser.Run();
}

}  // namespace wp::doc
