// Targets and budgets: every quantity of the program read with its unit, comparator,
// indicator and "trong đó" parent; money attached to a programme becomes a budget.

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "ingest/passes.hpp"
#include "ingest/words.hpp"
#include "text/fold.hpp"
#include "text/number.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {
namespace {

using doc::Block;
using doc::BlockKind;

struct UnitEntry {
  std::string_view written;  // lower case as it appears
  std::string_view unit;     // canonical; empty = as written
};

// Longest first within a shared prefix.
constexpr UnitEntry kUnits[] = {
    {"lượt người", ""},
    {"người", ""},
    {"lao động", ""},
    {"đối tượng", ""},
    {"trẻ em", ""},
    {"hộ gia đình", ""},
    {"hộ", ""},
    {"doanh nghiệp", ""},
    {"trung tâm", ""},
    {"làng nghề", ""},
    {"hợp tác xã", ""},
    {"cán bộ", ""},
    {"giáo viên", ""},
    {"chương trình khung", ""},
    {"chương trình", ""},
    {"đề tài", ""},
    {"công trình", ""},
    {"mô hình", ""},
    {"thôn bản", ""},
    {"chỉ thị", ""},
    {"đề án", ""},
    {"nghị định", ""},
    {"quyết định", ""},
    {"tập đoàn, tổng công ty", ""},
    {"tập đoàn", ""},
    {"đoàn kinh tế quốc phòng", ""},
    {"cơ sở", ""},
    {"học sinh", ""},
    {"sinh viên", ""},
    {"tỉnh, thành phố", "tỉnh"},
    {"tỉnh/thành phố", "tỉnh"},
    {"tỉnh", ""},
    {"thành phố", ""},
    {"xã, phường, thị trấn", "xã"},
    {"xã, phường", "xã"},
    {"xã phường", "xã"},
    {"xã", ""},
    {"huyện", ""},
    {"trường", ""},
    {"nhà", ""},
    {"nghề", ""},
    {"bộ", ""},
    {"lớp", ""},
    {"dự án", ""},
    {"văn bản", ""},
    {"khoa", ""},
    {"lượt", ""},
    {"tổ chức", ""},
    {"cơ quan", ""},
};

// Words after a number that make it a date, an age, a duration or an ordinal: not a target.
constexpr std::string_view kNotUnits[] = {"năm",  "tháng",     "ngày", "tuần", "giờ",
                                          "phút", "tuổi",      "lần",  "kỳ",   "khóa",
                                          "khoá", "giai đoạn", "cửa",  "thứ",  "quý"};
constexpr std::string_view kNotUnitWords[] = {
    "và",   "của",  "cho", "trong", "với", "được", "là", "các", "những", "đến", "từ",
    "trên", "dưới", "tại", "ở",     "so",  "theo", "đã", "sẽ",  "có",    "thì"};

struct Candidate {
  text::Quantity q;
  std::string unit;
  size_t unit_begin = 0;
  size_t unit_end = 0;
  std::string_view unit_phrase;
  bool percent = false;
  bool money = false;
  bool excluded = false;
  int paren_depth = 0;
  size_t paren_open = std::string_view::npos;
  int target = -1;                     // index into plan.targets
  std::optional<domain::Range> range;  // "1,7 – 2%": q spans both numbers, q.value the lower
  std::optional<core::CivilDate> by;   // "năm 2019 đạt 99,5%": a yearly milestone
  int budget = -1;                     // the mobilised budget line it also is
};

std::string Lower(std::string_view s) { return text::LowerFast(s); }

bool WordBoundaryAt(std::string_view s, size_t pos) {
  if (pos >= s.size()) return true;
  size_t p = pos;
  char32_t cp = text::NextCodePoint(s, p);
  return !(text::IsLetter(cp) || text::IsDigit(cp));
}

// Reads the unit after a quantity; false when the number is not a countable quantity.
bool ReadUnit(std::string_view s, Candidate& c) {
  size_t p = c.q.end;
  while (p < s.size() && s[p] == ' ') ++p;
  if (p < s.size() && s[p] == '%') {
    c.percent = true;
    c.unit = "%";
    c.unit_begin = p;
    c.unit_end = p + 1;
    return true;
  }
  std::string lower = Lower(s.substr(p, std::min<size_t>(80, s.size() - p)));
  if (lower.starts_with("đồng")) {
    size_t end = p + std::string_view("đồng").size();
    if (!WordBoundaryAt(s, end)) return false;
    if (end < s.size() && s[end] == '/') {
      // "trên 1 triệu đồng/tháng": an income to reach, a rate (not money to spend or raise).
      for (std::string_view per : {"/tháng", "/người/tháng", "/năm", "/người/năm", "/người"}) {
        if (s.substr(end, per.size()) != per || !WordBoundaryAt(s, end + per.size())) continue;
        c.unit = "đồng" + std::string(per);
        c.unit_begin = p;
        c.unit_end = end + per.size();
        return true;
      }
      return false;
    }
    c.money = true;
    c.unit = "đồng";
    c.unit_begin = p;
    c.unit_end = end;
    return true;
  }
  if (c.q.scale_power >= 9) return false;  // "5 tỷ" without "đồng": unreadable, leave it
  if (lower.starts_with("năm") && WordBoundaryAt(lower, 4) &&
      FindPhrase(s.substr(c.q.begin > 40 ? c.q.begin - 40 : 0, c.q.begin > 40 ? 40 : c.q.begin),
                 "ve dich truoc") != std::string_view::npos) {
    // "giảm nghèo về đích trước 2 năm": years ahead of schedule, a goal.
    c.unit = "năm";
    c.unit_begin = p;
    c.unit_end = p + 4;
    return true;
  }
  for (std::string_view no : kNotUnits) {
    if (lower.starts_with(no) && WordBoundaryAt(lower, no.size())) return false;
  }
  for (const UnitEntry& u : kUnits) {
    if (!lower.starts_with(u.written) || !WordBoundaryAt(lower, u.written.size())) continue;
    c.unit_begin = p;
    c.unit_end = p + u.written.size();
    c.unit = u.unit.empty() ? std::string(s.substr(p, u.written.size())) : std::string(u.unit);
    return true;
  }
  // An unlisted noun: the next lower-case word.
  auto words = Words(s.substr(p, std::min<size_t>(40, s.size() - p)));
  if (words.empty() || OffsetIn(s.substr(p), words.front()) != 0) return false;
  std::string_view w = words.front();
  size_t q = 0;
  if (!text::IsLower(text::NextCodePoint(w, q))) return false;
  std::string wl = Lower(w);
  for (std::string_view stop : kNotUnitWords) {
    if (wl == stop) return false;
  }
  c.unit_begin = p;
  c.unit_end = p + w.size();
  c.unit = std::string(w);
  return true;
}

std::string_view UnitPhrase(std::string_view s, const Candidate& c) {
  // What is counted: the unit and its qualifiers, up to punctuation, the next number, or a
  // joining phrase ("so với", "trong đó", "để", "nhằm"); at most 14 words.
  size_t limit = std::min(s.size(), c.unit_end + 240);
  size_t stop = limit;
  for (size_t i = c.unit_end; i < limit; ++i) {
    char ch = s[i];
    if (ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '.' ||
        (ch >= '0' && ch <= '9')) {
      stop = i;
      break;
    }
    if (ch == ' ' && (PhraseAt(s, i + 1, "so voi") != std::string_view::npos ||
                      PhraseAt(s, i + 1, "trong do") != std::string_view::npos ||
                      s.substr(i + 1).starts_with("để ") || s.substr(i + 1).starts_with("nhằm "))) {
      stop = i;
      break;
    }
  }
  std::string_view phrase = s.substr(c.unit_begin, stop - c.unit_begin);
  auto words = Words(phrase);
  if (words.size() > 14) phrase = Join(words.front(), words[13]);
  return TrimPunct(phrase, " ,;:.");
}

// The last few words before `pos`, lower case.
std::vector<std::string> WordsBefore(std::string_view s, size_t pos, size_t n) {
  size_t from = pos > 60 ? pos - 60 : 0;
  while (from > 0 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
  auto words = Words(s.substr(from, pos - from));
  std::vector<std::string> out;
  for (size_t i = words.size() > n ? words.size() - n : 0; i < words.size(); ++i)
    out.push_back(Lower(words[i]));
  return out;
}

bool EndsWithWords(const std::vector<std::string>& words,
                   std::initializer_list<std::string_view> tail) {
  if (tail.size() > words.size()) return false;
  size_t i = words.size() - tail.size();
  for (std::string_view t : tail) {
    if (words[i++] != t) return false;
  }
  return true;
}

// A number inside a proper name: "Đề án hỗ trợ xây dựng cơ sở hạ tầng 200 xã", "Chương trình 135".
bool InsideProgramName(std::string_view clause, size_t pos) {
  // A name is short and unpunctuated: look back at most 160 bytes, and not past punctuation.
  size_t window = pos > 160 ? pos - 160 : 0;
  size_t punct = clause.substr(window, pos - window).find_last_of(",:;()");
  if (punct != std::string_view::npos) window += punct + 1;
  size_t best = std::string_view::npos;
  for (std::string_view head :
       {"Đề án ", "Dự án ", "Chương trình ", "Chiến lược ", "Kế hoạch ", "đề án ", "dự án "}) {
    size_t at = clause.substr(window, pos - window).rfind(head);
    if (at != std::string_view::npos) at += window;
    if (at != std::string_view::npos && (best == std::string_view::npos || at > best)) best = at;
  }
  if (best == std::string_view::npos) return false;
  std::string_view between = clause.substr(best, pos - best);
  if (between.find_first_of(",:;()") != std::string_view::npos || Words(between).size() > 10)
    return false;
  // "các chương trình, dự án nhằm hỗ trợ 1 triệu trẻ em": a purpose, not a name.
  for (std::string_view w : Words(between)) {
    if (w == "nhằm" || w == "để") return false;
  }
  size_t head_pos = best;
  if (text::IsLower(text::NextCodePoint(clause, head_pos)) && best >= 2) {
    std::string_view lead = text::TrimRight(clause.substr(0, best));
    if (lead.ends_with(",") || lead.ends_with("các")) return false;
  }
  return true;
}

constexpr std::string_view kComparatorWords[] = {
    "trên",    "hơn",       "dưới",       "xuống", "khoảng", "đạt",       "thêm",
    "tăng",    "giảm",      "bình quân",  "cho",   "là",     "tối thiểu", "tối đa",
    "ít nhất", "không quá", "không dưới", "gần",   "tại",    "ở",         "mới"};

std::string_view StripTrailingFunctionWords(std::string_view s) {
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    s = TrimPunct(s, " ,;:(");
    std::string lower = Lower(s.substr(s.size() > 24 ? s.size() - 24 : 0));
    for (std::string_view w : kComparatorWords) {
      if (w == "mới") continue;
      if (lower.ends_with(w) &&
          (lower.size() == w.size() || lower[lower.size() - w.size() - 1] == ' ')) {
        s = s.substr(0, s.size() - w.size());
        changed = true;
        break;
      }
    }
  }
  return TrimPunct(s, " ,;:(");
}

std::string_view StripLeadingConnectors(std::string_view s) {
  s = TrimPunct(s, " ,;:.()+-");
  for (int round = 0; round < 3; ++round) {
    for (std::string_view lead :
         {"trong do", "va", "con", "dong thoi", "muc tieu, nhiem vu", "muc tieu", "nhiem vu"}) {
      size_t end = PhraseAt(s, 0, lead);
      if (end != std::string_view::npos) {
        s = TrimPunct(s.substr(end), " ,;:.()");
        break;
      }
    }
  }
  return s;
}

bool IsPersonUnit(std::string_view unit) {
  return unit == "người" || unit == "lượt người" || unit == "%" || unit.starts_with("đồng");
}

// The project a bullet belongs to: "+ Dự án Vay vốn tạo việc làm từ Quỹ quốc gia Việc làm, nguồn
// vốn …" (the bullet itself or the bullet above it) → its name, up to the first punctuation.
std::optional<std::string> ProjectOf(const doc::Document& d, size_t bi) {
  auto name_in = [](const Block& b) -> std::optional<std::string> {
    if (b.kind == BlockKind::kPart || !(b.marker == "+" || b.marker == "-" || b.marker == "*"))
      return std::nullopt;
    for (std::string_view head : {"Dự án ", "Tiểu dự án ", "Chương trình ", "Đề án "}) {
      if (!b.text.starts_with(head)) continue;
      std::string_view name = b.text.substr(0, b.text.find_first_of(",:;.("));
      if (Words(name).size() > 20) return std::nullopt;
      return text::CollapseSpaces(TrimPunct(name, " ,;:."));
    }
    return std::nullopt;
  };
  const Block& b = d.blocks[bi];
  if (auto n = name_in(b)) return n;
  if (b.parent >= 0) return name_in(d.blocks[static_cast<size_t>(b.parent)]);
  return std::nullopt;
}

// The heading a colon puts before a list of quantities ("Cơ cấu lao động: nông nghiệp 46%; …"):
// the words from the start of the sentence (or the last ';') to the colon, when they hold no
// number (a number makes it a target of its own: "Tạo việc làm 1.600 ngàn người, trong đó:").
std::string HeadingBefore(std::string_view sentence, size_t pos) {
  size_t colon = sentence.rfind(':', pos);
  if (colon == std::string_view::npos) return "";
  std::string_view head = sentence.substr(0, colon);
  size_t semi = head.rfind(';');
  if (semi != std::string_view::npos) head = head.substr(semi + 1);
  head = TrimPunct(head, " ,;:.");
  if (head.empty() || head.find_first_of("0123456789") != std::string_view::npos ||
      Words(head).size() > 8)
    return "";
  return text::CollapseSpaces(head);
}

// A section that describes the situation the plan starts from ("I. THỰC TRẠNG …", "1. Tình hình
// …", "KẾT QUẢ THỰC HIỆN NĂM 2017"), itself or by an enclosing section: its figures are facts.
bool IsFactsSection(const domain::PlanDraft& plan, int index) {
  if (index < 0) return false;
  const domain::Section* sec = &plan.sections[static_cast<size_t>(index)];
  for (int depth = 0; sec && depth < 8; ++depth) {
    std::string title = text::Fold(sec->title.substr(0, 40));
    for (std::string_view head : {"thuc trang", "tinh hinh", "ket qua"}) {
      if (title.starts_with(head)) return true;
    }
    if (sec->parent.empty()) break;
    sec = domain::SectionOf(plan, sec->parent, sec->span);
  }
  return false;
}

// "năm 2019" (with "đến", "vào", "trong" before it) ending within three words of a quantity:
// the quantity is that year's milestone. Returns the year and where its phrase begins in `gap`.
struct Milestone {
  int year = 0;
  size_t begin = 0;
};
std::optional<Milestone> MilestoneIn(std::string_view gap) {
  size_t last = std::string_view::npos, at = 0;
  while ((at = FindPhrase(gap, "nam", at)) != std::string_view::npos) last = at++;
  if (last == std::string_view::npos) return std::nullopt;
  size_t p = PhraseAt(gap, last, "nam");
  while (p < gap.size() && gap[p] == ' ') ++p;
  int year = 0;
  size_t digits = 0;
  while (p < gap.size() && gap[p] >= '0' && gap[p] <= '9' && digits < 5)
    year = year * 10 + (gap[p++] - '0'), ++digits;
  if (digits != 4 || year < 1990 || year > 2100) return std::nullopt;
  // Only a comparator's words between the year and the figure: "năm 2019 đạt 99,5%".
  std::string_view rest = gap.substr(p);
  auto rest_words = Words(rest);
  if (rest.find_first_of(",;:()") != std::string_view::npos || rest_words.size() > 2)
    return std::nullopt;
  if (!rest_words.empty()) {
    bool comparator = false;
    for (std::string_view w :
         {"đạt", "là", "lên", "xuống", "còn", "khoảng", "trên", "dưới", "tăng", "giảm", "ít"})
      comparator |= rest_words.front() == w;
    if (!comparator) return std::nullopt;
  }
  size_t begin = last;
  std::string_view head = TrimPunct(gap.substr(0, begin), " ");
  for (std::string_view lead : {"đến", "vào", "trong", "Đến", "Vào", "Trong"}) {
    if (head.ends_with(lead) &&
        (head.size() == lead.size() || head[head.size() - lead.size() - 1] == ' '))
      begin = head.size() - lead.size();
  }
  return Milestone{year, begin};
}

struct SentenceState {
  int breakdown_parent = -1;  // target index a "trong đó" breaks down
  std::string breakdown_unit;
  int last_main = -1;       // last target outside parentheses
  int last_milestone = -1;  // last target of a yearly milestone
};

}  // namespace

void BindQuantities(Context& cx) {
  const doc::Document& d = cx.doc;
  std::set<std::string> noted_facts;  // sections with a figures_as_facts note
  for (size_t bi = 0; bi < d.blocks.size(); ++bi) {
    const Block& block = d.blocks[bi];
    if (cx.SectionOf(bi) < 0 || block.kind == BlockKind::kPart) continue;
    const std::string& section = cx.SectionNumber(bi);
    const bool facts_section = IsFactsSection(cx.plan, cx.SectionOf(bi));
    int current_budget = -1;
    for (std::string_view sentence : cx.SentencesOf(bi)) {
      // 1. Candidates with their units.
      std::vector<Candidate> cands;
      int depth = 0;
      std::vector<size_t> open_stack;
      for (size_t i = 0; i < sentence.size(); ++i) {
        char ch = sentence[i];
        if (ch == '(') {
          ++depth;
          open_stack.push_back(i);
          continue;
        }
        if (ch == ')') {
          if (depth > 0) --depth;
          if (!open_stack.empty()) open_stack.pop_back();
          continue;
        }
        if (ch < '0' || ch > '9') continue;
        if (i > 0 && sentence[i - 1] >= '0' && sentence[i - 1] <= '9') continue;
        std::optional<domain::Range> range;
        std::optional<text::Quantity> q;
        if (auto r = text::ReadQuantityRange(sentence, i)) {
          range = domain::Range{r->lower.value, r->upper.value};
          q = r->lower;
          q->end = r->upper.end;
        } else {
          q = text::ReadQuantity(sentence, i);
        }
        if (!q) {
          while (i + 1 < sentence.size() && sentence[i + 1] >= '0' && sentence[i + 1] <= '9') ++i;
          continue;
        }
        Candidate c;
        c.q = *q;
        c.paren_depth = depth;
        c.paren_open = open_stack.empty() ? std::string_view::npos : open_stack.back();
        c.range = range;
        if (ReadUnit(sentence, c)) {
          c.unit_phrase = UnitPhrase(sentence, c);
          cands.push_back(std::move(c));
        }
        i = q->end > i ? q->end - 1 : i;
      }
      if (cands.empty()) continue;

      // 2. Clauses and what each one is about ("Đẩy nhanh tiến độ …; 16 trường …").
      auto clauses = Clauses(sentence);
      auto clause_of = [&](size_t pos) -> std::string_view {
        for (std::string_view c : clauses) {
          size_t b = OffsetIn(sentence, c);
          if (pos >= b && pos < b + c.size()) return c;
        }
        return sentence;
      };
      SentenceState st;
      for (size_t ci = 0; ci < cands.size(); ++ci) {
        Candidate& c = cands[ci];
        std::string_view clause = clause_of(c.q.begin);
        size_t clause_begin = OffsetIn(sentence, clause);
        auto before6 = WordsBefore(sentence, c.q.begin, 7);
        std::vector<std::string> before(before6.size() > 4 ? before6.end() - 4 : before6.begin(),
                                        before6.end());
        // 3. What makes a number not a target.
        bool excluded = false;
        {
          // Only a word right before the number counts ("năm 2012", "lần thứ 5", "số 30"), not one
          // across punctuation ("… trọng điểm; 44 trường").
          std::string_view head = text::TrimRight(sentence.substr(0, c.q.begin));
          size_t from = head.size() > 24 ? head.size() - 24 : 0;
          while (from > 0 && (static_cast<unsigned char>(head[from]) & 0xC0) == 0x80) --from;
          auto adjacent = Words(head.substr(from));
          bool touching = !adjacent.empty() &&
                          OffsetIn(head, adjacent.back()) + adjacent.back().size() == head.size();
          if (touching) {
            std::string last = Lower(adjacent.back());
            static constexpr std::string_view kRefWords[] = {
                "số",   "thứ",  "năm",   "tháng", "ngày", "quý", "đoạn", "khóa",
                "khoá", "điều", "khoản", "iso",   "mục",  "lục", "lần",  "hạng"};
            for (std::string_view w : kRefWords) excluded |= last == w;
            excluded |= EndsWithWords(before, {"đối", "với"});
          }
        }
        excluded |= InsideProgramName(clause, c.q.begin - clause_begin);
        // A condition, not a goal: "các huyện có tỷ lệ hộ nghèo trên 50%", "từ 500 … trở lên".
        bool has_co = std::find(before6.begin(), before6.end(), "có") != before6.end();
        // An income to reach is a goal: "có việc làm thu nhập trên 1 triệu đồng/tháng".
        bool income = c.unit.starts_with("đồng/") &&
                      std::find(before6.begin(), before6.end(), "nhập") != before6.end();
        if (has_co && !income && !before.empty() &&
            (before.back() == "trên" || before.back() == "dưới" ||
             (before.back() == "từ" && !c.range)))
          excluded = true;
        if (PhraseAt(sentence, c.unit_end, "tro len") != std::string_view::npos) excluded = true;
        if (c.unit_phrase.size() > 0) {
          size_t after = OffsetIn(sentence, c.unit_phrase) + c.unit_phrase.size();
          if (PhraseAt(sentence, after, "tro len") != std::string_view::npos) excluded = true;
        }
        // Facts, not goals: the situation a plan starts from ("hiện có 17 đơn vị hành chính",
        // "449.668 trẻ chiếm tỷ lệ 29,1%", "đã hỗ trợ 1.200 hộ"), under a "THỰC TRẠNG", "TÌNH
        // HÌNH" or "KẾT QUẢ" heading or said in the past.
        if (!excluded) {
          bool fact = facts_section;
          if (!fact) {
            fact = FindPhrase(clause, "hien co") != std::string_view::npos ||
                   FindPhrase(clause, "chiem ty le") != std::string_view::npos;
            for (const std::string& w : before) fact |= w == "đã";  // "đã hỗ trợ 1.200 hộ"
          }
          if (fact) {
            excluded = true;
            if (noted_facts.insert(section).second) {
              cx.Diag(core::Severity::kInfo, "figures_as_facts",
                      "Mục " + section +
                          " nêu số liệu về tình hình đã có (thực trạng, kết quả), không phải chỉ "
                          "tiêu phải đạt: không đọc thành chỉ tiêu",
                      sentence.substr(c.q.begin, c.unit_end - c.q.begin));
            }
          }
        }
        c.excluded = excluded;
        if (excluded) continue;

        // 4. Comparator.
        domain::Comparator cmp = domain::Comparator::kEq;
        bool approx = false;
        size_t raw_begin = c.q.begin;
        {
          std::vector<std::string> w(before6.size() > 3 ? before6.end() - 3 : before6.begin(),
                                     before6.end());
          auto words_view = Words(sentence.substr(clause_begin, c.q.begin - clause_begin));
          size_t consumed = 0;
          while (!w.empty()) {
            const std::string& last = w.back();
            bool matched = true;
            if (c.range && last == "từ" && consumed == 0) {
              cmp = domain::Comparator::kMin;  // "(ít nhất) từ 01-02 cán bộ": at least the lower
              w.pop_back();
              ++consumed;
              if (EndsWithWords(w, {"ít", "nhất"}) || EndsWithWords(w, {"tối", "thiểu"})) {
                w.pop_back();
                w.pop_back();
                consumed += 2;
              }
              break;
            } else if (last == "khoảng" || last == "gần") {
              approx = true;
            } else if (EndsWithWords(w, {"bình", "quân"})) {
              approx = true;
              w.pop_back();
              ++consumed;
            } else if (last == "trên" || last == "hơn" || EndsWithWords(w, {"tối", "thiểu"}) ||
                       EndsWithWords(w, {"ít", "nhất"}) || EndsWithWords(w, {"không", "dưới"})) {
              cmp = domain::Comparator::kMin;
              if (last == "thiểu" || last == "nhất" || (last == "dưới" && w.size() > 1)) {
                w.pop_back();
                ++consumed;
              }
            } else if (last == "dưới" || last == "xuống" || EndsWithWords(w, {"tối", "đa"}) ||
                       EndsWithWords(w, {"không", "quá"})) {
              cmp = domain::Comparator::kMax;
              if (last == "đa" || last == "quá") {
                w.pop_back();
                ++consumed;
              }
            } else if (last == "giảm") {
              if (cmp == domain::Comparator::kEq) cmp = domain::Comparator::kDecreaseBy;
            } else if (last == "tăng" || last == "thêm") {
              if (cmp == domain::Comparator::kEq) cmp = domain::Comparator::kIncreaseBy;
              if (last == "thêm" && w.size() > 1 && w[w.size() - 2] == "tăng") {
                w.pop_back();
                ++consumed;
              }
            } else {
              matched = false;
            }
            if (!matched) break;
            w.pop_back();
            ++consumed;
            if (cmp != domain::Comparator::kEq) break;
          }
          if (consumed > 0 && words_view.size() >= consumed) {
            raw_begin = clause_begin + OffsetIn(sentence.substr(clause_begin),
                                                words_view[words_view.size() - consumed]);
          }
        }

        // 5. Indicator: the words before the number in its clause, or the words after it.
        // A yearly milestone ("năm 2019 đạt 99,5%") measures the indicator named before the
        // first milestone of the sentence.
        std::optional<Milestone> milestone;
        {
          // A milestone's own stretch begins after the previous quantity kept ("…, năm 2019 đạt
          // 99,5%"); the year itself is an excluded candidate.
          size_t from = clause_begin;
          for (size_t pj = ci; pj-- > 0;) {
            if (cands[pj].excluded) continue;
            if (cands[pj].unit_end > from && cands[pj].unit_end <= c.q.begin)
              from = cands[pj].unit_end;
            break;
          }
          if (auto m = MilestoneIn(sentence.substr(from, c.q.begin - from))) {
            m->begin += from;
            milestone = m;
            c.by = core::MakeDate(m->year, 12, 31);
          }
        }
        size_t start = clause_begin;
        size_t prev_kept = ci;
        while (prev_kept > 0 && cands[prev_kept - 1].excluded) --prev_kept;
        if (prev_kept > 0 && cands[prev_kept - 1].unit_end > start &&
            cands[prev_kept - 1].unit_end <= c.q.begin) {
          start = cands[prev_kept - 1].unit_end;
          // Skip the qualifier of the previous quantity ("… 31 trung tâm giới thiệu việc làm và 04
          // …").
          std::string_view prev_phrase = cands[prev_kept - 1].unit_phrase;
          size_t prev_phrase_end =
              prev_phrase.empty() ? 0 : OffsetIn(sentence, prev_phrase) + prev_phrase.size();
          if (prev_phrase_end > start && prev_phrase_end <= c.q.begin) start = prev_phrase_end;
        }
        size_t colon = sentence.rfind(':', c.q.begin);
        if (colon != std::string_view::npos && colon >= start) start = colon + 1;
        size_t closing = sentence.rfind(')', c.q.begin);
        if (c.paren_depth == 0 && closing != std::string_view::npos && closing >= start)
          start = closing + 1;
        if (c.paren_depth > 0 && c.paren_open != std::string_view::npos && c.paren_open >= start)
          start = c.paren_open + 1;
        std::string_view before_phrase = StripTrailingFunctionWords(
            StripLeadingConnectors(sentence.substr(start, c.q.begin - start)));
        // A verb alone ("giảm", "xây mới") says too little: add what is counted.
        bool weak = Words(before_phrase).size() < 2;
        std::string indicator;
        if (c.percent) {
          // "98% hộ gia đình …", "tăng 5% số cơ sở …": what is measured follows the number.
          std::string_view after =
              sentence.substr(c.unit_end, std::min<size_t>(240, sentence.size() - c.unit_end));
          size_t stop = after.size();
          for (std::string_view dlm : {";", "(", ")", ":", ". ", " so với", " trong đó"}) {
            size_t at = after.find(dlm);
            if (at != std::string_view::npos) stop = std::min(stop, at);
          }
          after = TrimPunct(after.substr(0, stop), " ,;:.");
          auto after_words = Words(after);
          if (after_words.size() > 14) after = Join(after_words.front(), after_words[13]);
          indicator = after_words.size() >= 2 ? std::string(after) : std::string(before_phrase);
          if (indicator.empty() && c.paren_depth > 0) {
            // "(tăng 2,78% so với thực hiện năm 2011)": a growth rate of the quantity before it.
            size_t close_paren = sentence.find(')', c.unit_end);
            std::string_view note = TrimPunct(sentence.substr(
                c.unit_end,
                (close_paren == std::string_view::npos ? sentence.size() : close_paren) -
                    c.unit_end));
            for (size_t pj = ci; pj-- > 0;) {
              if (cands[pj].target >= 0) {
                indicator =
                    cx.plan.targets[static_cast<size_t>(cands[pj].target)].indicator + " (" +
                    std::string(cmp == domain::Comparator::kDecreaseBy ? "giảm " : "tăng ") +
                    std::string(note) + ")";
                break;
              }
            }
          }
        } else if (IsPersonUnit(c.unit) && !weak) {
          indicator = std::string(before_phrase);
        } else {
          indicator = std::string(before_phrase);
          if (!indicator.empty()) indicator += " ";
          indicator += std::string(c.unit_phrase);
        }
        if (milestone) {
          std::string_view named = milestone->begin > start
                                       ? StripTrailingFunctionWords(StripLeadingConnectors(
                                             sentence.substr(start, milestone->begin - start)))
                                       : std::string_view();
          if (Words(named).empty() && st.last_milestone >= 0) {
            indicator = cx.plan.targets[static_cast<size_t>(st.last_milestone)].indicator;
          } else if (!Words(named).empty()) {
            indicator = std::string(named);
          }
        }
        indicator = text::CapitalizeFirst(text::CollapseSpaces(TrimPunct(indicator, " ,;:.")));
        while (indicator.starts_with("(")) indicator.erase(0, 1);
        if (c.percent && cmp == domain::Comparator::kEq) {
          std::string_view lead = TrimPunct(before_phrase);
          if (Lower(lead.substr(0, 8)).starts_with("giảm ") &&
              FindPhrase(lead, "xuong") == std::string_view::npos) {
            cmp = domain::Comparator::kDecreaseBy;
          }
        }

        // 6. Money: a mobilisation goal is a target; money for a programme is a budget.
        size_t raise_verb = std::string_view::npos;  // "huy động", "vận động": money to raise
        if (c.money) {
          std::string_view clause_before = sentence.substr(clause_begin, c.q.begin - clause_begin);
          for (std::string_view verb : {"huy dong", "van dong"}) {
            // The verb nearest the figure: "đổi mới … vận động, hoạt động của quỹ, vận động các
            // nguồn kinh phí đạt khoảng 600 tỷ đồng".
            for (size_t at = 0;
                 (at = FindPhrase(clause_before, verb, at)) != std::string_view::npos; ++at) {
              if (raise_verb == std::string_view::npos || at > raise_verb) raise_verb = at;
            }
          }
          if (raise_verb != std::string_view::npos) raise_verb += clause_begin;
          bool goal = raise_verb != std::string_view::npos ||
                      (!before.empty() && before.back() == "đạt") ||
                      EndsWithWords(before, {"đạt", "khoảng"});
          if (!goal) continue;  // handled by the budget pass below
        }

        // 7. Parent: parentheses after a quantity, or a "trong đó" breakdown.
        std::optional<std::string> parent;
        bool growth =
            c.percent &&
            (cmp == domain::Comparator::kIncreaseBy || cmp == domain::Comparator::kDecreaseBy) &&
            FindPhrase(
                sentence.substr(c.unit_end, std::min<size_t>(40, sentence.size() - c.unit_end)),
                "so voi") != std::string_view::npos;
        int paren_owner = -1;
        if (c.paren_depth > 0 && c.paren_open != std::string_view::npos) {
          for (size_t pj = ci; pj-- > 0;) {
            if (cands[pj].target >= 0 && cands[pj].unit_end <= c.paren_open) {
              std::string_view between =
                  sentence.substr(cands[pj].unit_end, c.paren_open - cands[pj].unit_end);
              if (Words(between).size() <= 6) paren_owner = cands[pj].target;
              break;
            }
          }
        }
        size_t since = ci > 0 ? cands[ci - 1].unit_end : clause_begin;
        if (since > c.q.begin) since = c.q.begin;
        bool says_of_which = FindPhrase(sentence.substr(since, c.q.begin - since), "trong do") !=
                             std::string_view::npos;
        if (says_of_which && paren_owner < 0 && st.last_main >= 0) {
          st.breakdown_parent = st.last_main;
          st.breakdown_unit = cx.plan.targets[static_cast<size_t>(st.last_main)].unit;
        }
        if (says_of_which && paren_owner >= 0) {
          parent = cx.plan.targets[static_cast<size_t>(paren_owner)].indicator;
        } else if (paren_owner >= 0 && !growth) {
          parent = cx.plan.targets[static_cast<size_t>(paren_owner)].indicator;
        } else if (c.paren_depth == 0 && st.breakdown_parent >= 0) {
          if (c.unit == st.breakdown_unit) {
            parent = cx.plan.targets[static_cast<size_t>(st.breakdown_parent)].indicator;
          } else {
            st.breakdown_parent = -1;
          }
        }

        domain::Target t;
        t.section = section;
        t.indicator = indicator;
        t.raw = text::CollapseSpaces(sentence.substr(raw_begin, c.unit_end - raw_begin));
        t.value = c.q.value;
        t.unit = c.unit;
        t.comparator = cmp;
        t.approximate = approx;
        t.parent = parent;
        t.range = c.range;
        t.by = c.by;
        t.span = d.SpanOf(sentence.substr(raw_begin, c.unit_end - raw_begin));
        if (c.range) {
          cx.Diag(core::Severity::kInfo, "target_range",
                  "Chỉ tiêu \"" + t.indicator + "\" (mục " + section + ") là một khoảng " +
                      c.range->lower.ToVietnamese() + " – " + c.range->upper.ToVietnamese() + " " +
                      t.unit + ": giá trị ghi nhận là cận dưới " + c.range->lower.ToVietnamese() +
                      ", đạt khi nằm trong khoảng",
                  sentence.substr(raw_begin, c.unit_end - raw_begin));
        }
        cx.plan.targets.push_back(std::move(t));
        c.target = static_cast<int>(cx.plan.targets.size() - 1);
        TargetContext tc;
        tc.block = bi;
        tc.unit_phrase = std::string(c.unit_phrase);
        if (auto project = ProjectOf(d, bi)) {
          tc.qualifier = std::move(*project);
          tc.project = true;
        } else {
          tc.qualifier = HeadingBefore(sentence, c.q.begin);
        }
        if (growth && paren_owner >= 0) tc.growth_of = paren_owner;
        cx.target_context.push_back(std::move(tc));
        if (c.paren_depth == 0) st.last_main = c.target;
        if (milestone) st.last_milestone = c.target;

        // Money to raise is also a budget line of kind "mobilised" (lead's decision, issue 19):
        // the fund it is raised for, and a part ("trong đó Quỹ … đạt khoảng 40 tỷ đồng") of the
        // line whose parentheses hold it.
        if (c.money && raise_verb != std::string_view::npos) {
          auto total = c.q.value.ToInteger();
          if (total) {
            int whole = -1;
            if (paren_owner >= 0) {
              for (size_t pj = 0; pj < ci; ++pj) {
                if (cands[pj].target == paren_owner) whole = cands[pj].budget;
              }
            }
            // The words naming the fund: after "trong đó" for a part, after the verb otherwise.
            size_t name_from = raise_verb;
            if (whole >= 0) {
              size_t td = FindPhrase(sentence, "trong do", c.paren_open);
              name_from = td != std::string_view::npos && td < raw_begin
                              ? PhraseAt(sentence, td, "trong do")
                              : c.paren_open + 1;
            } else {
              size_t verb_end = PhraseAt(sentence, raise_verb, "huy dong");
              if (verb_end == std::string_view::npos)
                verb_end = PhraseAt(sentence, raise_verb, "van dong");
              name_from = verb_end;
            }
            std::optional<std::string> fund;
            if (name_from < raw_begin) {
              std::string_view named = StripTrailingFunctionWords(
                  TrimPunct(sentence.substr(name_from, raw_begin - name_from), " ,;:("));
              size_t quy = named.find("Quỹ ");
              if (quy == std::string_view::npos) quy = named.find("quỹ ");
              if (quy != std::string_view::npos)
                fund = text::CollapseSpaces(TrimPunct(named.substr(quy), " ,;:"));
            }
            size_t budget_from = whole >= 0 ? name_from : raise_verb;
            std::string_view raw =
                TrimPunct(sentence.substr(budget_from, c.unit_end - budget_from), " ,;:(");
            domain::Budget b;
            b.section = section;
            b.kind = domain::BudgetKind::kMobilised;
            b.fund = fund;
            b.total_vnd = *total;
            if (whole >= 0) b.part_of = whole;
            b.raw = text::CollapseSpaces(raw);
            b.span = d.SpanOf(raw);
            cx.plan.budgets.push_back(std::move(b));
            cx.budget_raw_begin.push_back(static_cast<long>(raw.data() - cx.doc.text().data()));
            c.budget = static_cast<int>(cx.plan.budgets.size() - 1);
          }
        }
      }

      // 8. Budgets from the money left over.
      for (size_t ci = 0; ci < cands.size(); ++ci) {
        Candidate& c = cands[ci];
        if (!c.money || c.excluded || c.target >= 0) continue;
        auto before = WordsBefore(sentence, c.q.begin, 4);
        bool investment = EndsWithWords(before, {"vốn", "đầu", "tư"});
        bool recurrent = EndsWithWords(before, {"vốn", "sự", "nghiệp"});
        if ((investment || recurrent) && current_budget >= 0) {
          domain::Budget& b = cx.plan.budgets[static_cast<size_t>(current_budget)];
          auto v = c.q.value.ToInteger();
          if (!v) continue;
          (investment ? b.investment_vnd : b.recurrent_vnd) = *v;
          // Extend the raw text to this part (and a closing parenthesis right after it).
          size_t end = c.unit_end;
          if (end < sentence.size() && sentence[end] == ')') ++end;
          size_t rb = static_cast<size_t>(cx.budget_raw_begin[static_cast<size_t>(current_budget)]);
          size_t re = static_cast<size_t>(sentence.data() + end - cx.doc.text().data());
          std::string_view raw = std::string_view(cx.doc.text()).substr(rb, re - rb);
          b.raw = text::CollapseSpaces(raw);
          b.span = d.SpanOf(raw);
          continue;
        }
        // The keyword that says this money funds something.
        size_t search_from = ci > 0 ? cands[ci - 1].unit_end : 0;
        if (search_from > c.q.begin) search_from = 0;
        std::string_view window = sentence.substr(search_from, c.q.begin - search_from);
        size_t kw = std::string_view::npos;
        for (std::string_view k : {"nguon von", "kinh phi"}) {
          size_t at = 0, last = std::string_view::npos;
          while ((at = FindPhrase(window, k, at)) != std::string_view::npos) {
            last = at;
            at += 1;
          }
          if (last != std::string_view::npos && (kw == std::string_view::npos || last > kw))
            kw = last;
        }
        std::optional<std::string> source;
        size_t raw_begin;
        std::string_view after =
            sentence.substr(c.unit_end, std::min<size_t>(80, sentence.size() - c.unit_end));
        size_t tu_ngan_sach = PhraseAt(after, 0, "tu ngan sach");
        if (kw != std::string_view::npos) {
          raw_begin = search_from + kw;
          size_t kw_end = PhraseAt(window, kw, "nguon von");
          if (kw_end == std::string_view::npos) kw_end = PhraseAt(window, kw, "kinh phi");
          std::string_view between = TrimPunct(window.substr(kw_end), " ,;:");
          size_t ns = FindPhrase(between, "ngan sach");
          if (ns != std::string_view::npos)
            source = std::string(TrimPunct(between.substr(ns), " ,;:"));
        } else if (tu_ngan_sach != std::string_view::npos) {
          raw_begin = c.q.begin;
          std::string_view src = after.substr(PhraseAt(after, 0, "tu"));
          size_t stop = src.size();
          for (std::string_view dlm : {",", ";", " cùng", " để", " và"}) {
            size_t at = src.find(dlm);
            if (at != std::string_view::npos) stop = std::min(stop, at);
          }
          source = std::string(TrimPunct(src.substr(0, stop)));
        } else {
          continue;
        }
        domain::Budget b;
        b.section = section;
        auto total = c.q.value.ToInteger();
        if (!total) continue;
        b.total_vnd = *total;
        b.source = source;
        // The programme: named before the keyword in this bullet, or by the bullet above.
        std::string_view prefix = TrimPunct(sentence.substr(0, raw_begin), " ,;:.");
        size_t cut = prefix.find_last_of(";:");
        if (cut != std::string_view::npos) prefix = TrimPunct(prefix.substr(cut + 1), " ,;:.");
        auto program_in = [](std::string_view s) -> std::optional<std::string> {
          size_t best = std::string_view::npos;
          for (std::string_view head :
               {"Dự án ", "Đề án ", "Chương trình ", "Kế hoạch ", "Chiến lược ", "Quỹ "}) {
            size_t at = s.find(head);
            if (at != std::string_view::npos && at < best) best = at;
          }
          if (best == std::string_view::npos) return std::nullopt;
          return text::CollapseSpaces(TrimPunct(s.substr(best), " ,;:."));
        };
        std::optional<std::string> program = program_in(prefix);
        if (!program && Words(prefix).size() >= 3 && kw != std::string_view::npos) {
          program = text::CollapseSpaces(prefix);
        }
        if (!program && prefix.empty() && block.parent >= 0) {
          program = program_in(d.blocks[static_cast<size_t>(block.parent)].text);
        }
        if (!program && tu_ngan_sach != std::string_view::npos) {
          // "hỗ trợ 160 tỷ đồng từ ngân sách trung ương … để tiếp tục sửa chữa, nâng cấp mộ liệt sỹ
          // …"
          size_t de = FindPhrase(sentence, "de", c.unit_end);
          if (de != std::string_view::npos) {
            std::string_view purpose = sentence.substr(PhraseAt(sentence, de, "de"));
            size_t tt = PhraseAt(purpose, 0, "tiep tuc");
            if (tt != std::string_view::npos) purpose = purpose.substr(tt);
            size_t stop = purpose.size();
            for (std::string_view dlm : {";", " đảm bảo", " bảo đảm", " nhằm", "."}) {
              size_t at = purpose.find(dlm);
              if (at != std::string_view::npos) stop = std::min(stop, at);
            }
            program = text::CollapseSpaces(TrimPunct(purpose.substr(0, stop), " ,;:."));
          }
        }
        b.program = program;
        std::string_view raw = sentence.substr(raw_begin, c.unit_end - raw_begin);
        if (tu_ngan_sach != std::string_view::npos && kw == std::string_view::npos) {
          std::string_view with_source = sentence.substr(
              raw_begin, c.unit_end - raw_begin + PhraseAt(after, 0, "tu") + source->size() + 1);
          raw = TrimPunct(with_source, " ,;:");
        }
        b.raw = text::CollapseSpaces(raw);
        b.span = d.SpanOf(raw);
        cx.plan.budgets.push_back(std::move(b));
        cx.budget_raw_begin.push_back(
            static_cast<long>(sentence.data() + raw_begin - cx.doc.text().data()));
        current_budget = static_cast<int>(cx.plan.budgets.size() - 1);
      }
    }
  }

  // Budgets whose parts do not add up are reported, never corrected.
  for (const domain::Budget& b : cx.plan.budgets) {
    if (!b.investment_vnd || !b.recurrent_vnd) continue;
    int64_t sum = *b.investment_vnd + *b.recurrent_vnd;
    if (sum == b.total_vnd) continue;
    auto billions = [](int64_t v) {
      return text::FormatVietnamese(core::Decimal{v / 100000000, 1}) + " tỷ đồng";
    };
    core::Diagnostic diag;
    diag.severity = core::Severity::kWarning;
    diag.code = "budget_parts_mismatch";
    diag.message = "Nguồn vốn " + billions(b.total_vnd) + " (mục " + b.section +
                   ") khác tổng vốn đầu tư " + billions(*b.investment_vnd) + " và vốn sự nghiệp " +
                   billions(*b.recurrent_vnd) + " = " + billions(sum) +
                   "; giữ nguyên số liệu như văn bản";
    diag.span = b.span;
    cx.plan.diagnostics.push_back(std::move(diag));
  }
}

}  // namespace wp::ingest
