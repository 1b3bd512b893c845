#include "doc/parser.hpp"

#include <algorithm>
#include <map>
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
};

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
  return Marker{BlockKind::kPart, line.substr(0, i), {*value}, dot, rest, ""};
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
  if (i >= line.size() || (line[i] != ' ' && line[i] != '\t')) return std::nullopt;
  if (!trailing_dot && path.size() < 2) return std::nullopt;  // "5 Tập đoàn" is prose
  std::string_view rest = text::Trim(line.substr(i));
  if (rest.empty()) return std::nullopt;
  size_t marker_len = i;
  while (marker_len > 0 && (line[marker_len - 1] == ' ' || line[marker_len - 1] == '\t'))
    --marker_len;
  std::string_view marker = line.substr(0, marker_len);
  if (trailing_dot) marker.remove_suffix(1);
  return Marker{BlockKind::kItem, marker, path, trailing_dot, rest, ""};
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
  return Marker{BlockKind::kBullet, marker, {}, true, rest, cls};
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

void Parser::FrontLine(std::string_view line) {
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
      if (ReadRoman(line) || ReadNumbered(line)) {
        state_ = State::kBody;
        BodyLine(line);
        return;
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
      if (ReadRoman(line) || ReadNumbered(line)) {  // a program with no enacting part
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
        if (!doc_.title.empty() && IsAuthorityLine(line)) {
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
      if (key.starts_with("quyetdinh") || key.starts_with("chithi") || key.starts_with("nghiquyet"))
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
      if (!doc_.articles.empty()) {
        doc_.articles.back().continuation.push_back(MakeLine(line));
        return;
      }
      if (IsAttachmentTitleStart(line) || ReadRoman(line)) {
        state_ = ReadRoman(line) ? State::kBody : State::kAttachmentTitle;
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
        if (ReadRoman(cell) || ReadNumbered(cell)) {
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
      if (text::IsAllCaps(line) && !ReadRoman(line)) {
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
  std::optional<Marker> m = ReadRoman(line);
  if (!m) m = ReadNumbered(line);
  if (!m) m = ReadBullet(line);
  Block b;
  b.span = doc_.SpanOf(line);
  if (!m) {
    b.kind = BlockKind::kParagraph;
    b.text = line;
  } else {
    b.kind = m->kind;
    b.marker = m->marker;
    b.path = m->path;
    b.marker_has_dot = m->has_dot;
    b.text = m->rest;
  }
  int index = static_cast<int>(doc_.blocks.size());
  auto container = [&]() { return item_stack_.empty() ? current_part_ : item_stack_.back(); };
  switch (b.kind) {
    case BlockKind::kPart:
      item_stack_.clear();
      bullet_stack_.clear();
      bullet_classes_.clear();
      current_part_ = index;
      b.parent = -1;
      break;
    case BlockKind::kItem:
      bullet_stack_.clear();
      bullet_classes_.clear();
      while (!item_stack_.empty() &&
             doc_.blocks[static_cast<size_t>(item_stack_.back())].path.size() >= b.path.size()) {
        item_stack_.pop_back();
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
  // Parts in order I, II, III …; items under each parent numbered 1, 2, 3 … as written.
  auto check = [&](const std::vector<int>& siblings, const Block* parent) {
    int expected = 1;
    std::map<std::string_view, int> seen;
    for (int idx : siblings) {
      const Block& b = doc_.blocks[static_cast<size_t>(idx)];
      if (b.kind != BlockKind::kItem && b.kind != BlockKind::kPart) continue;
      int last = b.path.empty() ? 0 : b.path.back();
      std::string shown = std::string(b.marker);
      if (seen.count(b.marker)) {
        Diag(Severity::kWarning, "duplicate_section_number",
             "Số mục \"" + shown + "\" bị lặp lại (đã có ở dòng " + std::to_string(seen[b.marker]) +
                 ")",
             b.marker);
      } else if (last > expected) {
        std::string missing;
        std::string prefix;
        if (b.kind == BlockKind::kItem && b.path.size() > 1) {
          prefix = shown.substr(0, shown.rfind('.') + 1);
        }
        for (int k = expected; k < last; ++k) {
          if (!missing.empty()) missing += ", ";
          missing += b.kind == BlockKind::kPart ? Roman(k) : prefix + std::to_string(k);
        }
        const char* what = b.kind == BlockKind::kPart ? "phần" : "mục";
        Diag(Severity::kWarning, "missing_section_number",
             std::string("Thiếu ") + what + " " + missing + " trước " + what + " \"" + shown + "\"",
             b.marker);
      }
      if (b.kind == BlockKind::kItem && parent && parent->kind == BlockKind::kItem &&
          b.path.size() > 1) {
        std::vector<int> prefix(b.path.begin(), b.path.end() - 1);
        if (prefix != parent->path) {
          Diag(Severity::kWarning, "section_number_out_of_place",
               "Mục \"" + shown + "\" nằm dưới mục \"" + std::string(parent->marker) + "\"",
               b.marker);
        }
      }
      if (!seen.count(b.marker)) seen[b.marker] = static_cast<int>(b.span.line);
      expected = std::max(expected, last + 1);
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
             "Số mục \"" + std::string(b.marker) + "\" thiếu dấu chấm sau số", b.marker);
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
  for (size_t i = 0; i < doc_.line_starts_.size(); ++i) {
    size_t start = doc_.line_starts_[i];
    size_t end = i + 1 < doc_.line_starts_.size() ? doc_.line_starts_[i + 1] : all.size();
    std::string_view line = text::Trim(all.substr(start, end - start));
    if (line.empty()) continue;
    FrontLine(line);
  }
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

core::Result<Document> Parse(std::string_view input) {
  Parser parser(input);
  return parser.Run();
}

}  // namespace wp::doc
