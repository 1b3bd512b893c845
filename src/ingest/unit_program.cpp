#include "ingest/unit_program.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include "ingest/words.hpp"
#include "text/date_phrase.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {

using doc::Block;
using doc::BlockKind;

namespace {

enum class Field { kResponsible, kCoordinating, kStart, kTime, kOutput, kServes };

struct Label {
  std::string_view phrase;  // folded, spaces between words
  Field field;
};

// The labels units write beside a task (DOMAIN §7), longest first where one begins another.
constexpr std::array kLabels = {
    Label{"bo phan chu tri", Field::kResponsible},
    Label{"don vi chu tri", Field::kResponsible},
    Label{"co quan chu tri", Field::kResponsible},
    Label{"phong chu tri", Field::kResponsible},
    Label{"ca nhan chu tri", Field::kResponsible},
    Label{"nguoi chu tri", Field::kResponsible},
    Label{"chu tri thuc hien", Field::kResponsible},
    Label{"bo phan thuc hien", Field::kResponsible},
    Label{"don vi thuc hien", Field::kResponsible},
    Label{"nguoi thuc hien", Field::kResponsible},
    Label{"can bo thuc hien", Field::kResponsible},
    Label{"chu tri", Field::kResponsible},
    Label{"bo phan phoi hop", Field::kCoordinating},
    Label{"don vi phoi hop", Field::kCoordinating},
    Label{"co quan phoi hop", Field::kCoordinating},
    Label{"phoi hop thuc hien", Field::kCoordinating},
    Label{"phoi hop", Field::kCoordinating},
    Label{"thoi gian bat dau", Field::kStart},
    Label{"ngay bat dau", Field::kStart},
    Label{"thoi gian hoan thanh", Field::kTime},
    Label{"thoi gian thuc hien", Field::kTime},
    Label{"thoi han hoan thanh", Field::kTime},
    Label{"thoi han", Field::kTime},
    Label{"thoi gian", Field::kTime},
    Label{"tien do", Field::kTime},
    Label{"san pham dau ra", Field::kOutput},
    Label{"san pham", Field::kOutput},
    Label{"ket qua dau ra", Field::kOutput},
    Label{"ket qua", Field::kOutput},
    Label{"muc chuong trinh cua bo", Field::kServes},
    Label{"muc cua bo", Field::kServes},
    Label{"phuc vu muc", Field::kServes},
    Label{"thuc hien muc", Field::kServes},
};

struct Fields {
  std::string responsible, coordinating, start, time, output, serves;
  std::string* Slot(Field f) {
    switch (f) {
      case Field::kResponsible:
        return &responsible;
      case Field::kCoordinating:
        return &coordinating;
      case Field::kStart:
        return &start;
      case Field::kTime:
        return &time;
      case Field::kOutput:
        return &output;
      case Field::kServes:
        return &serves;
    }
    return &output;
  }
  // Fills what is still empty from `outer` (a heading's fields apply to its tasks).
  void Inherit(const Fields& outer) {
    for (auto [mine, theirs] : {std::pair{&responsible, &outer.responsible},
                                {&coordinating, &outer.coordinating},
                                {&start, &outer.start},
                                {&time, &outer.time},
                                {&output, &outer.output},
                                {&serves, &outer.serves}}) {
      if (mine->empty()) *mine = *theirs;
    }
  }
};

std::string Clean(std::string_view s) {
  s = TrimPunct(text::Trim(s), " ,;:.-–—+*(");
  // A closing parenthesis stays when it closes one the text opened: "(mục II.2.1)".
  while (s.ends_with(")") &&
         std::count(s.begin(), s.end(), '(') < std::count(s.begin(), s.end(), ')')) {
    s.remove_suffix(1);
    s = TrimPunct(s, " ,;:.-–—+*(");
  }
  return text::CollapseSpaces(s);
}

// A label at `pos` followed by ':' (spaces allowed between): returns the offset after the
// colon and the label's field.
std::optional<std::pair<size_t, Field>> LabelAt(std::string_view s, size_t pos) {
  for (const Label& l : kLabels) {
    size_t end = text::MatchFoldedPhrase(s, pos, l.phrase);
    if (end == std::string_view::npos) continue;
    while (end < s.size() && (s[end] == ' ' || s[end] == '\t')) ++end;
    if (end < s.size() && s[end] == ':') return std::pair{end + 1, l.field};
  }
  return std::nullopt;
}

struct Split {
  std::string_view text;  // before the first field
  Fields fields;
  bool only_fields = false;  // the line is nothing but fields
};

// "Tổ chức sàn giao dịch việc làm (Bộ phận chủ trì: Phòng Việc làm; Thời gian: Quý II)":
// the task's words and the fields written inside the line.
Split SplitFields(std::string_view s) {
  struct Hit {
    size_t label, value;
    Field field;
  };
  std::vector<Hit> hits;
  bool word_start = true;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t at = pos;
    char32_t cp = text::NextCodePoint(s, pos);
    bool letter = text::IsLetter(cp) || (cp >= 0x0300 && cp <= 0x036F);
    if (letter && word_start) {
      // Fields start a line or follow a separator: "…; Thời gian: …", "(Chủ trì: …)".
      size_t back = at;
      while (back > 0 && s[back - 1] == ' ') --back;
      bool after_separator = back == 0 || s[back - 1] == ';' || s[back - 1] == '(' ||
                             s[back - 1] == '.' || s[back - 1] == ',' || s[back - 1] == '-';
      if (after_separator) {
        if (auto found = LabelAt(s, at)) {
          hits.push_back({at, found->first, found->second});
          pos = found->first;
          word_start = true;
          continue;
        }
      }
    }
    word_start = !letter && !text::IsDigit(cp);
  }
  Split out;
  if (hits.empty()) {
    out.text = text::Trim(s);
    return out;
  }
  out.text = text::Trim(s.substr(0, hits.front().label));
  // "… việc làm (Chủ trì: …)": the opening parenthesis belongs to the fields.
  while (!out.text.empty() && (out.text.back() == '(' || out.text.back() == ';' ||
                               out.text.back() == ',' || out.text.back() == ' '))
    out.text.remove_suffix(1);
  out.only_fields = TrimPunct(out.text).empty();
  for (size_t i = 0; i < hits.size(); ++i) {
    size_t end = i + 1 < hits.size() ? hits[i + 1].label : s.size();
    std::string value = Clean(s.substr(hits[i].value, end - hits[i].value));
    std::string* slot = out.fields.Slot(hits[i].field);
    if (slot->empty()) *slot = value;
  }
  return out;
}

bool IsRomanLetter(char c) { return c == 'I' || c == 'V' || c == 'X'; }

// "II.2.1" written anywhere in `s` (a Ministry item's number: a roman part, then numbers).
std::string FindItemNumber(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsRomanLetter(s[i])) continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) ||
                  static_cast<unsigned char>(s[i - 1]) >= 0x80))
      continue;
    size_t j = i;
    while (j < s.size() && IsRomanLetter(s[j])) ++j;
    if (!text::ParseRoman(s.substr(i, j - i))) continue;
    size_t k = j;
    int numbers = 0;
    while (k + 1 < s.size() && s[k] == '.' && std::isdigit(static_cast<unsigned char>(s[k + 1]))) {
      ++k;
      while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
      ++numbers;
    }
    if (numbers == 0) continue;
    if (k < s.size() && (std::isalpha(static_cast<unsigned char>(s[k])))) continue;
    return std::string(s.substr(i, k - i));
  }
  return "";
}

// Syllables too common in these programs to tell items apart.
bool IsStopWord(std::string_view w) {
  static const std::set<std::string_view> kStop = {
      "va",    "cac",    "cua",  "cho",   "trong", "theo",  "voi",   "de",    "tai",  "tren",
      "nhung", "mot",    "so",   "nay",   "do",    "la",    "co",    "duoc",  "khi",  "thuc",
      "hien",  "to",     "chuc", "nam",   "ve",    "tu",    "den",   "ra",    "vao",  "cung",
      "tiep",  "day",    "manh", "tang",  "cuong", "nang",  "cao",   "cong",  "tac",  "lao",
      "dong",  "thuong", "binh", "xa",    "hoi",   "phoi",  "hop",   "chu",   "tri",  "don",
      "vi",    "lien",   "quan", "nhiem", "vu",    "ke",    "hoach", "thanh", "pho",  "tinh",
      "dia",   "phuong", "o",    "bo",    "nganh", "ban",   "hanh",  "kip",   "thoi", "nhu",
      "phai",  "bao",    "dam",  "tot",   "viec",  "trien", "khai"};
  return kStop.count(w) > 0;
}

std::set<std::string> ContentWords(std::string_view s) {
  std::set<std::string> out;
  for (std::string& w : FoldedWords(s)) {
    if (w.empty() || std::isdigit(static_cast<unsigned char>(w[0]))) continue;
    if (w.size() < 2 || IsStopWord(w)) continue;
    out.insert(std::move(w));
  }
  return out;
}

struct ItemWords {
  const UnitItem* item;
  std::set<std::string> words;
};

std::string TaskQuote(std::string_view text) {
  std::string q;
  size_t pos = 0, chars = 0;
  while (pos < text.size() && chars < 60) {
    size_t at = pos;
    text::NextCodePoint(text, pos);
    q.append(text.substr(at, pos - at));
    ++chars;
  }
  if (pos < text.size()) q += "…";
  return q;
}

bool IsBodyToSkip(std::string_view title) {
  std::string f = text::Fold(title);
  for (std::string_view p : {"muc tieu", "muc dich", "yeu cau", "chi tieu", "to chuc thuc hien",
                             "quan diem", "danh gia", "dieu khoan thi hanh", "kinh phi"}) {
    if (f.starts_with(p)) return true;
  }
  return false;
}

// Program year written in the title: "… NĂM 2012".
int YearInTitle(std::string_view title) {
  std::string f = text::Fold(title);
  for (size_t at = f.find("nam "); at != std::string::npos; at = f.find("nam ", at + 1)) {
    size_t p = at + 4;
    if (p + 4 <= f.size() &&
        std::all_of(f.begin() + static_cast<long>(p), f.begin() + static_cast<long>(p + 4),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return std::stoi(f.substr(p, 4));
  }
  return 0;
}

class UnitBinder {
 public:
  UnitBinder(const doc::Document& d, const UnitItems& items) : d_(d), items_(items) {
    for (const UnitItem& it : items.items) words_.push_back({&it, ContentWords(it.title)});
  }

  UnitProgramImport Run() {
    Metadata();
    for (int root : d_.roots) Walk(root, Fields{}, "", "", false);
    Tables();
    std::stable_sort(
        out_.tasks.begin(), out_.tasks.end(),
        [](const ImportedTask& a, const ImportedTask& b) { return a.span.offset < b.span.offset; });
    if (out_.tasks.size() > kMaxImportedTasks) {
      out_.diagnostics.push_back({core::Severity::kError, "too_many_tasks",
                                  "Văn bản có " + std::to_string(out_.tasks.size()) +
                                      " nhiệm vụ, quá " + std::to_string(kMaxImportedTasks) +
                                      " nhiệm vụ một chương trình được có",
                                  out_.tasks[kMaxImportedTasks].span});
      out_.tasks.resize(kMaxImportedTasks);
    }
    for (ImportedTask& t : out_.tasks) Tie(t);
    if (out_.tasks.empty()) {
      out_.diagnostics.push_back({core::Severity::kError,
                                  "no_unit_tasks",
                                  "Không đọc được nhiệm vụ nào: cần các mục đánh số, gạch đầu "
                                  "dòng hoặc bảng nhiệm vụ (TT, Nội dung, Bộ phận chủ trì, …)",
                                  {}});
    }
    std::vector<core::Diagnostic> all = d_.diagnostics;
    all.insert(all.end(), out_.diagnostics.begin(), out_.diagnostics.end());
    out_.diagnostics = std::move(all);
    return std::move(out_);
  }

 private:
  void Metadata() {
    if (d_.type) out_.type = std::string(d_.type->text);
    if (d_.header.number) out_.number = std::string(d_.header.number->text);
    out_.date = d_.header.date;
    if (d_.signature.name) out_.signer = std::string(d_.signature.name->text);
    const auto& lines = d_.attachment_title.empty() ? d_.title : d_.attachment_title;
    for (const auto& l : lines) {
      if (!out_.title.empty()) out_.title += ' ';
      out_.title += text::CollapseSpaces(l.text);
    }
    if (d_.type) {
      // "CHƯƠNG TRÌNH" / "CÔNG TÁC NĂM 2012 …": the title a person reads has both.
      std::string type(d_.type->text), key = text::FoldKey(type);
      if (out_.title.empty()) {
        out_.title = type;
      } else if ((key == "chuongtrinh" || key == "kehoach") &&
                 !text::FoldKey(out_.title).starts_with(key)) {
        out_.title = type + " " + out_.title;
      }
    }
    int written = YearInTitle(out_.title);
    for (const auto& l : d_.title) {
      if (!written) written = YearInTitle(l.text);
    }
    year_ = items_.year ? items_.year : written ? written : out_.date ? out_.date->year : 0;
    out_.year = year_;
    if (written && items_.year && written != items_.year) {
      out_.diagnostics.push_back({core::Severity::kWarning, "year_differs",
                                  "Văn bản ghi năm " + std::to_string(written) + ", khác năm " +
                                      std::to_string(items_.year) +
                                      " của chương trình công tác của Bộ",
                                  d_.title.empty() ? core::SourceSpan{} : d_.title.front().span});
    }
  }

  static bool IsTaskKind(const Block& b) {
    return b.kind == BlockKind::kItem || b.kind == BlockKind::kBullet;
  }

  void Walk(int index, Fields outer, std::string number, std::string heading, bool in_body) {
    const Block& b = d_.blocks[static_cast<size_t>(index)];
    if (b.kind == BlockKind::kPart || (b.parent == -1 && b.kind == BlockKind::kItem)) {
      // Parts and top-level items: a "Mục tiêu" or "Tổ chức thực hiện" part holds no tasks.
      if (IsBodyToSkip(b.text)) return;
    }
    if (b.kind == BlockKind::kPart) {
      for (int c : b.children) Walk(c, outer, number, std::string(b.text), true);
      return;
    }
    if (b.kind == BlockKind::kParagraph) return;  // prose, fields (read by their owner), tables
    Split own = SplitFields(b.text);
    if (own.only_fields) return;  // a field line: read by the block it belongs to
    Fields fields = own.fields;
    std::vector<int> tasks;
    for (int c : b.children) {
      const Block& child = d_.blocks[static_cast<size_t>(c)];
      Split cs = SplitFields(child.text);
      if (cs.only_fields) {
        fields.Inherit(cs.fields);
      } else if (IsTaskKind(child) && !child.text.starts_with("|")) {
        tasks.push_back(c);
      }
    }
    fields.Inherit(outer);
    std::string n = FindItemNumber(own.text);
    if (n.empty()) n = number;
    if (!tasks.empty()) {
      std::string h = b.kind == BlockKind::kItem ? std::string(b.marker) + ". " : "";
      h += Clean(own.text);
      for (int c : tasks) Walk(c, fields, n, h, in_body);
      return;
    }
    (void)in_body;
    ImportedTask t;
    t.text = Clean(own.text);
    if (t.text.empty()) return;
    t.heading = heading;
    t.number_written = n;
    Apply(t, fields, b.span);
    out_.tasks.push_back(std::move(t));
  }

  void Apply(ImportedTask& t, const Fields& f, core::SourceSpan span) {
    t.span = span;
    t.responsible = f.responsible;
    t.coordinating = f.coordinating;
    t.output = f.output;
    if (!f.serves.empty()) {
      std::string n = FindItemNumber(f.serves);
      if (!n.empty()) t.number_written = n;
    }
    t.time_text = f.time;
    if (!f.time.empty()) {
      TimeSpan ts = ReadTaskTime(f.time, year_);
      t.start = ts.start;
      t.due = ts.due;
      if (!ts.due) {
        out_.diagnostics.push_back({core::Severity::kWarning, "task_time_unreadable",
                                    "Không đọc được thời gian hoàn thành \"" + f.time +
                                        "\" của nhiệm vụ \"" + TaskQuote(t.text) + "\"",
                                    span});
      } else if (year_ && t.due->year != year_) {
        out_.diagnostics.push_back({core::Severity::kWarning, "task_time_outside_year",
                                    "Thời gian hoàn thành " + t.due->ToVietnamese() +
                                        " của nhiệm vụ \"" + TaskQuote(t.text) +
                                        "\" nằm ngoài năm " + std::to_string(year_),
                                    span});
      }
    }
    if (!f.start.empty()) {
      TimeSpan ts = ReadTaskTime(f.start, year_);
      if (ts.start)
        t.start = ts.start;
      else if (ts.due)
        t.start = ts.due;
    }
  }

  // Appendix tables, as a web page or the .docx reader writes them: "| TT | Nội dung | … |".
  void Tables() {
    std::string_view all(d_.text());
    enum Col { kTt, kContent, kResp, kCoord, kTime, kOutput, kServes, kCols };
    std::array<int, kCols> cols{};
    bool have_header = false, warned = false;
    std::string heading, heading_number;
    size_t pos = 0;
    while (pos < all.size()) {
      size_t end = all.find('\n', pos);
      if (end == std::string_view::npos) end = all.size();
      std::string_view line = text::Trim(all.substr(pos, end - pos));
      pos = end + 1;
      if (!line.starts_with("|")) {
        if (!line.empty()) have_header = false;  // a table ends where prose resumes
        continue;
      }
      std::vector<std::string_view> cells;
      std::string_view rest = line.substr(1);
      if (rest.ends_with("|")) rest.remove_suffix(1);
      for (size_t at = 0;;) {
        size_t bar = rest.find('|', at);
        cells.push_back(
            text::Trim(rest.substr(at, bar == std::string_view::npos ? rest.npos : bar - at)));
        if (bar == std::string_view::npos) break;
        at = bar + 1;
      }
      bool rule = std::all_of(cells.begin(), cells.end(), [](std::string_view c) {
        return c.find_first_not_of("-: ") == std::string_view::npos;
      });
      if (rule) continue;
      // A header row: the column names.
      std::array<int, kCols> found;
      found.fill(-1);
      int named = 0;
      for (size_t i = 0; i < cells.size(); ++i) {
        std::string k = text::FoldKey(cells[i]);
        auto set = [&](Col c) {
          if (found[c] == -1) {
            found[c] = static_cast<int>(i);
            ++named;
          }
        };
        if (k == "tt" || k == "stt" || k == "sott")
          set(kTt);
        else if (k.starts_with("noidung") || k.starts_with("nhiemvu") ||
                 k.starts_with("tennhiemvu") || k.starts_with("congviec") ||
                 k.starts_with("tencongviec"))
          set(kContent);
        else if (k.find("chutri") != std::string::npos || k.starts_with("nguoithuchien") ||
                 k.starts_with("donvithuchien") || k.starts_with("bophanthuchien"))
          set(kResp);
        else if (k.find("phoihop") != std::string::npos)
          set(kCoord);
        else if (k.starts_with("thoigian") || k.starts_with("thoihan") || k.starts_with("tiendo"))
          set(kTime);
        else if (k.starts_with("sanpham") || k.starts_with("ketqua"))
          set(kOutput);
        else if (k.starts_with("muc") && k.find("bo") != std::string::npos)
          set(kServes);
      }
      if (named >= 2 && found[kContent] != -1) {
        cols = found;
        have_header = true;
        heading.clear();
        heading_number.clear();
        continue;
      }
      if (!have_header) {
        if (!warned) {
          out_.diagnostics.push_back(
              {core::Severity::kWarning, "table_without_header",
               "Bảng không có dòng tiêu đề (Nội dung, Bộ phận chủ trì, Thời gian, …): các dòng "
               "của nó không được đọc thành nhiệm vụ",
               d_.SpanOf(line)});
          warned = true;
        }
        continue;
      }
      auto cell = [&](Col c) -> std::string_view {
        int i = cols[c];
        return i >= 0 && static_cast<size_t>(i) < cells.size() ? cells[static_cast<size_t>(i)]
                                                               : std::string_view{};
      };
      std::string_view content = cell(kContent);
      if (content.empty()) continue;
      std::string_view tt = cell(kTt);
      bool numbered = !tt.empty() && std::isdigit(static_cast<unsigned char>(tt[0]));
      bool bare = cell(kResp).empty() && cell(kTime).empty() && cell(kOutput).empty();
      if (!numbered && bare) {
        // "| II | Lĩnh vực việc làm (mục II.2) | | |": a group row.
        heading = (tt.empty() ? "" : std::string(tt) + ". ") + Clean(content);
        heading_number = FindItemNumber(content);
        continue;
      }
      Split split = SplitFields(content);
      Fields f = split.fields;
      if (!cell(kResp).empty()) f.responsible = Clean(cell(kResp));
      if (!cell(kCoord).empty()) f.coordinating = Clean(cell(kCoord));
      if (!cell(kTime).empty()) f.time = Clean(cell(kTime));
      if (!cell(kOutput).empty()) f.output = Clean(cell(kOutput));
      if (!cell(kServes).empty()) f.serves = Clean(cell(kServes));
      ImportedTask t;
      t.text = Clean(split.text);
      if (t.text.empty()) continue;
      t.heading = heading;
      t.number_written = FindItemNumber(split.text);
      if (t.number_written.empty()) t.number_written = heading_number;
      Apply(t, f, d_.SpanOf(line));
      out_.tasks.push_back(std::move(t));
    }
  }

  // Which Ministry item the task serves: the number it repeats, else its words.
  void Tie(ImportedTask& t) {
    std::vector<const ItemWords*> pool;
    if (!t.number_written.empty()) {
      for (const ItemWords& iw : words_) {
        if (iw.item->key == t.number_written) {
          t.serves = iw.item->key;
          t.rule = ServesRule::kNumber;
          ++out_.matched;
          return;
        }
      }
      // "II.2": one of the unit's items under it, chosen by the words.
      for (const ItemWords& iw : words_) {
        const std::string& k = iw.item->key;
        if (k.size() > t.number_written.size() && k.starts_with(t.number_written) &&
            (k[t.number_written.size()] == '.' || k[t.number_written.size()] == '#'))
          pool.push_back(&iw);
      }
      if (pool.empty()) {
        out_.diagnostics.push_back({core::Severity::kWarning, "serves_not_unit_item",
                                    "Mục " + t.number_written +
                                        " của Bộ không phải mục đơn vị chủ trì, phối hợp hay "
                                        "báo cáo: nhiệm vụ \"" +
                                        TaskQuote(t.text) + "\" được gắn theo nội dung",
                                    t.span});
      }
    }
    if (pool.empty()) {
      for (const ItemWords& iw : words_) pool.push_back(&iw);
    }
    std::set<std::string> mine = ContentWords(t.text);
    const ItemWords* best = nullptr;
    double best_score = 0;
    size_t best_common = 0;
    for (const ItemWords* iw : pool) {
      size_t common = 0;
      for (const std::string& w : mine) common += iw->words.count(w);
      // The share of the task's own words the item has: a long task is not tied to a short
      // target's name by the few words they share.
      if (mine.empty() || common < std::min<size_t>(3, mine.size())) continue;
      double score = static_cast<double>(common) / static_cast<double>(mine.size());
      if (score > best_score || (score == best_score && common > best_common)) {
        best = iw;
        best_score = score;
        best_common = common;
      }
    }
    if (best && best_score >= kMinWordOverlap) {
      t.serves = best->item->key;
      t.rule = ServesRule::kWords;
      t.overlap = static_cast<double>(static_cast<int>(best_score * 100 + 0.5)) / 100;
      ++out_.matched;
      return;
    }
    ++out_.unassigned;
    out_.diagnostics.push_back(
        {core::Severity::kWarning, "unit_task_unassigned",
         "Nhiệm vụ \"" + TaskQuote(t.text) + "\" chưa gắn mục của Bộ: chọn mục khi xem lại",
         t.span});
  }

  const doc::Document& d_;
  const UnitItems& items_;
  std::vector<ItemWords> words_;
  int year_ = 0;
  UnitProgramImport out_;
};

// --- time phrases ---

bool Digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads an unsigned number at `p` in `f`; advances p.
std::optional<int> Number(std::string_view f, size_t& p) {
  size_t s = p;
  int v = 0;
  while (p < f.size() && Digit(f[p]) && p - s < 5) v = v * 10 + (f[p++] - '0');
  if (p == s) return std::nullopt;
  return v;
}

// The quarter written at `p` ("ii", "2"), lower-case roman or a digit.
std::optional<int> QuarterAt(std::string_view f, size_t& p) {
  if (p < f.size() && Digit(f[p])) {
    size_t q = p;
    auto n = Number(f, q);
    if (n && *n >= 1 && *n <= 4) {
      p = q;
      return n;
    }
    return std::nullopt;
  }
  size_t e = p;
  while (e < f.size() && (f[e] == 'i' || f[e] == 'v')) ++e;
  if (e == p || (e < f.size() && std::isalpha(static_cast<unsigned char>(f[e]))))
    return std::nullopt;
  std::string up(f.substr(p, e - p));
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto r = text::ParseRoman(up);
  if (!r || *r < 1 || *r > 4) return std::nullopt;
  p = e;
  return r;
}

// The last of a list after a word: "quý i, ii và iii" → 3; "tháng 3, 4" → 4.
template <typename Read>
std::optional<int> LastOfList(std::string_view f, size_t p, Read read) {
  std::optional<int> last;
  while (true) {
    while (p < f.size() && f[p] == ' ') ++p;
    auto v = read(f, p);
    if (!v) break;
    last = v;
    size_t q = p;
    while (q < f.size() && (f[q] == ' ' || f[q] == ',' || f[q] == '-')) ++q;
    if (f.substr(q).starts_with("va "))
      q += 3;
    else if (f.substr(q).starts_with("quy "))
      q += 4;
    else if (f.substr(q).starts_with("thang "))
      q += 6;
    if (q == p) break;
    p = q;
  }
  return last;
}

bool WordAt(std::string_view f, size_t at, std::string_view w) {
  if (f.substr(at, w.size()) != w) return false;
  if (at > 0 && std::isalnum(static_cast<unsigned char>(f[at - 1]))) return false;
  size_t e = at + w.size();
  return e >= f.size() || !std::isalpha(static_cast<unsigned char>(f[e]));
}

size_t FindWord(std::string_view f, std::string_view w, size_t from = 0) {
  for (size_t at = f.find(w, from); at != std::string_view::npos; at = f.find(w, at + 1)) {
    if (WordAt(f, at, w)) return at;
  }
  return std::string_view::npos;
}

TimeSpan ReadOne(std::string_view written, std::string_view f, int year) {
  TimeSpan out;
  // A year written in the phrase wins ("quý II/2013", "năm 2013").
  for (size_t i = 0; i + 4 <= f.size(); ++i) {
    if ((i == 0 || !Digit(f[i - 1])) && Digit(f[i]) && Digit(f[i + 1]) && Digit(f[i + 2]) &&
        Digit(f[i + 3]) && (i + 4 == f.size() || !Digit(f[i + 4]))) {
      int y = std::stoi(std::string(f.substr(i, 4)));
      if (y >= 2000 && y <= 2100) {
        year = y;
        break;
      }
    }
  }
  // Every period the phrase names; the task is due at the last ("6 tháng đầu năm và cả năm").
  auto later = [&](std::optional<core::CivilDate> d) {
    if (d && (!out.due || *out.due < *d)) out.due = d;
  };
  // Whole dates: "30/6/2012", "ngày 15 tháng 3 năm 2012".
  for (size_t p = 0; auto m = text::FindDate(written, p);) {
    later(m->date);
    p = m->end;
  }
  // "trước 15/3", "30/6": day and month in the program's year.
  for (size_t i = 0; i < f.size(); ++i) {
    if (!Digit(f[i]) || (i > 0 && Digit(f[i - 1]))) continue;
    size_t p = i;
    auto d = Number(f, p);
    if (!d || p >= f.size() || f[p] != '/') continue;
    ++p;
    auto m = Number(f, p);
    if (!m || (p < f.size() && (f[p] == '/' || Digit(f[p])))) continue;
    later(core::MakeDate(year, *m, *d));
  }
  if (out.due) return out;  // a date written whole says more than the month it names
  if (f.find("6 thang cuoi nam") != std::string_view::npos ||
      f.find("sau thang cuoi nam") != std::string_view::npos) {
    if (!out.due) out.start = core::MakeDate(year, 7, 1);
    later(core::MakeDate(year, 12, 31));
  }
  if (f.find("6 thang dau nam") != std::string_view::npos ||
      f.find("sau thang dau nam") != std::string_view::npos) {
    later(core::MakeDate(year, 6, 30));
  }
  for (size_t at = FindWord(f, "thang"); at != std::string_view::npos;
       at = FindWord(f, "thang", at + 5)) {
    auto month = LastOfList(f, at + 5, [](std::string_view s, size_t& p) -> std::optional<int> {
      size_t q = p;
      auto n = Number(s, q);
      if (!n || *n < 1 || *n > 12) return std::nullopt;
      p = q;
      return n;
    });
    if (month) later(core::EndOfMonth(year, *month));
  }
  for (size_t at = FindWord(f, "quy"); at != std::string_view::npos;
       at = FindWord(f, "quy", at + 3)) {
    if (auto q = LastOfList(f, at + 3, QuarterAt)) later(core::EndOfQuarter(year, *q));
  }
  if (FindWord(f, "ca nam") != std::string_view::npos) later(core::MakeDate(year, 12, 31));
  if (out.due) return out;
  // Work all year round: due at its end.
  for (std::string_view whole :
       {"thuong xuyen", "hang thang", "hang quy", "hang nam", "dinh ky", "trong nam", "nam"}) {
    if (FindWord(f, whole) != std::string_view::npos) {
      out.due = core::MakeDate(year, 12, 31);
      return out;
    }
  }
  return out;
}

}  // namespace

TimeSpan ReadTaskTime(std::string_view written, int year) {
  TimeSpan out;
  std::string f = text::Fold(written);
  if (year <= 0 || f.empty()) return out;
  // "từ tháng 3 đến tháng 6": a start and a due.
  size_t tu = FindWord(f, "tu");
  size_t den = tu == std::string::npos ? std::string::npos : FindWord(f, "den", tu + 2);
  if (tu != std::string::npos && den != std::string::npos) {
    // The written text's byte offsets differ from the folded one's: read each half on its own
    // folded form, and whole dates from the written text split at the same words.
    std::string_view fv(f);
    std::string_view from = fv.substr(tu + 2, den - tu - 2), to = fv.substr(den + 3);
    size_t wden = FindPhrase(written, "den");
    std::string_view wfrom = wden == std::string_view::npos ? "" : written.substr(0, wden);
    std::string_view wto = wden == std::string_view::npos ? written : written.substr(wden);
    TimeSpan a = ReadOne(wfrom, from, year), b = ReadOne(wto, to, year);
    if (a.due && b.due) {
      // The start of the period the first half names: "tháng 3" → 1/3, "quý II" → 1/4.
      core::CivilDate s = *a.due;
      if (text::FindDate(wfrom).has_value() || from.find('/') != std::string_view::npos) {
        out.start = s;
      } else if (FindWord(from, "quy") != std::string_view::npos) {
        out.start = core::MakeDate(s.year, s.month - 2, 1);
      } else {
        out.start = core::MakeDate(s.year, s.month, 1);
      }
      out.due = b.due;
      return out;
    }
  }
  return ReadOne(written, f, year);
}

UnitProgramImport BindUnitProgram(const doc::Document& document, const UnitItems& items) {
  return UnitBinder(document, items).Run();
}

}  // namespace wp::ingest
