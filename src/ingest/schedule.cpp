// Deadlines ("trong quý I năm 2012", "ngay trong tháng 2 năm 2012", "trước ngày 15/3/2012",
// "trước ngày 18 hàng tháng") and the reporting regime of the program's final part.

#include <algorithm>
#include <optional>
#include <string>

#include "ingest/passes.hpp"
#include "ingest/words.hpp"
#include "text/date_phrase.hpp"
#include "text/fold.hpp"
#include "text/number.hpp"
#include "text/utf8.hpp"

namespace wp::ingest {
namespace {

using doc::Block;
using doc::BlockKind;

struct TimePhrase {
  size_t begin = 0;  // in the sentence
  size_t end = 0;
  std::optional<core::CivilDate> due;
  std::optional<int> day_of_month;  // "trước ngày 18 hàng tháng"
  bool last_month_of_quarter = false;
  std::optional<domain::Frequency> recurs;  // a recurring deadline: monthly, quarterly, annual
  bool deadline_only = false;  // a form issue 19 added: a task's deadline, never a report's rule
};

// Words a horizon "đến năm 2020" belongs to when it is part of a name or a forecast ("Chiến lược
// … đến năm 2020", "dự báo nhu cầu lao động đến năm 2010"), not a deadline.
constexpr std::string_view kHorizonWords[] = {
    "chien luoc", "ke hoach", "quy hoach", "chuong trinh", "de an",   "dinh huong",
    "du bao",     "tam nhin", "nhu cau",   "giai doan",    "muc tieu"};

size_t SkipSpaces(std::string_view s, size_t p) {
  while (p < s.size() && s[p] == ' ') ++p;
  return p;
}

std::optional<int> ReadSmallInt(std::string_view s, size_t& p, int max) {
  p = SkipSpaces(s, p);
  size_t start = p;
  int v = 0;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9' && p - start < 4) v = v * 10 + (s[p++] - '0');
  if (p == start || v > max) {
    p = start;
    return std::nullopt;
  }
  return v;
}

// "năm 2012" or "/2012" after a month or quarter; the program year when absent.
int ReadYearAfter(std::string_view s, size_t& p, int fallback) {
  size_t q = SkipSpaces(s, p);
  if (q < s.size() && s[q] == '/') {
    ++q;
    if (auto y = ReadSmallInt(s, q, 9999); y && *y >= 1900) {
      p = q;
      return *y;
    }
    return fallback;
  }
  size_t nam = PhraseAt(s, q, "nam");
  if (nam != std::string_view::npos) {
    size_t r = nam;
    if (auto y = ReadSmallInt(s, r, 9999); y && *y >= 1900) {
      p = r;
      return *y;
    }
  }
  return fallback;
}

bool Contains(std::string_view s, std::initializer_list<std::string_view> any) {
  for (std::string_view a : any) {
    if (s.find(a) != std::string_view::npos) return true;
  }
  return false;
}

std::vector<TimePhrase> FindTimePhrases(std::string_view s, int year) {
  std::vector<TimePhrase> out;
  // Cheap anchors first: most sentences name no quarter, month or day at all.
  // Every phrase read here has a digit ("quý I năm 2012", "tháng 2", "ngày 15/3") except a
  // quarter without its year, which still says "quý".
  bool has_digit = false;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9') {
      has_digit = true;
      break;
    }
  }
  const bool has_every_year = Contains(s, {"hằng năm", "hàng năm", "Hằng năm", "Hàng năm"});
  if (!has_digit && !has_every_year && !Contains(s, {"quý", "QUÝ", "Quý"})) return out;
  const bool has_quarter = Contains(s, {"quý", "QUÝ", "Quý"});
  const bool has_month = Contains(s, {"tháng", "THÁNG", "Tháng"});
  const bool has_day = Contains(s, {"gày", "GÀY"});
  const bool has_year = has_digit && Contains(s, {"năm", "Năm", "NĂM"});
  if (!has_quarter && !has_month && !has_day && !has_year && !has_every_year) return out;
  // "trong năm 2018", "vào năm 2009", "đến năm 2010" (not a horizon: kHorizonWords): the year's
  // last day.
  for (std::string_view kw : {"trong nam", "vao nam", "den nam"}) {
    for (size_t at = 0; has_year && (at = FindPhrase(s, kw, at)) != std::string_view::npos; ++at) {
      size_t p = PhraseAt(s, at, kw);
      auto y = ReadSmallInt(s, p, 2100);
      if (!y || *y < 1990) continue;
      if (p < s.size() && (s[p] == '-' || s[p] == '/' || static_cast<unsigned char>(s[p]) >= 0x80))
        continue;  // "đến năm 2011-2015", "trong năm 2012–2015": a period
      if (kw == "den nam") {
        size_t from = at > 60 ? at - 60 : 0;
        while (from > 0 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
        std::string_view before = s.substr(from, at - from);
        // "… đến năm 2020 đạt 100%": a target's milestone, not a task's deadline.
        bool horizon = PhraseAt(s, SkipSpaces(s, p), "va tam nhin") != std::string_view::npos ||
                       PhraseAt(s, SkipSpaces(s, p), "va dinh huong") != std::string_view::npos ||
                       PhraseAt(s, SkipSpaces(s, p), "dat") != std::string_view::npos;
        for (std::string_view w : kHorizonWords)
          horizon |= FindPhrase(before, w) != std::string_view::npos;
        if (horizon) continue;
      }
      {
        // "các nghề đã thực hiện trong năm 2007": what was done, not a deadline.
        size_t from = at > 30 ? at - 30 : 0;
        while (from > 0 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
        bool past = false;
        for (std::string_view w : Words(s.substr(from, at - from))) past |= w == "đã";
        if (past) continue;
      }
      TimePhrase tp;
      tp.begin = at;
      tp.end = p;
      tp.due = core::MakeDate(*y, 12, 31);
      tp.deadline_only = true;
      out.push_back(tp);
    }
  }
  // "hằng năm" / "hàng năm" closing a clause ("Tổ chức hội nghị tổng kết hằng năm."): every year,
  // no date; not "kế hoạch hằng năm" (a plan's kind) nor a report's frequency (the regime's).
  for (std::string_view kw : {"hang nam"}) {
    for (size_t at = 0; has_every_year && (at = FindPhrase(s, kw, at)) != std::string_view::npos;
         ++at) {
      size_t p = PhraseAt(s, at, kw);
      std::string_view rest = TrimPunct(s.substr(p, std::min<size_t>(4, s.size() - p)), " ");
      if (!rest.empty() && rest.front() != ',' && rest.front() != ';' && rest.front() != '.')
        continue;
      size_t from = at > 30 ? at - 30 : 0;
      while (from > 0 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
      std::string_view before = s.substr(from, at - from);
      bool noun = false;
      for (std::string_view w : {"ke hoach", "ngan sach", "bao cao", "chi tieu", "du toan",
                                 "kinh phi", "von", "dinh ky"})
        noun |= FindPhrase(before, w) != std::string_view::npos;
      if (noun) continue;
      TimePhrase tp;
      tp.begin = at;
      tp.end = p;
      tp.recurs = domain::Frequency::kAnnual;
      tp.deadline_only = true;
      out.push_back(tp);
    }
  }
  // "trong quý I năm 2012", "vào quý 1/2019"
  for (size_t at = 0; has_quarter && (at = FindPhrase(s, "quy", at)) != std::string_view::npos;
       ++at) {
    std::string_view lead = text::TrimRight(s.substr(0, at));
    bool trong = lead.ends_with("trong") || lead.ends_with("Trong");
    bool vao = lead.ends_with("vào") || lead.ends_with("Vào");
    if (!trong && !vao) continue;
    size_t kw_begin = lead.size() - (trong ? 5 : std::string_view("vào").size());
    if (kw_begin > 0 && s[kw_begin - 1] != ' ') continue;
    size_t p = SkipSpaces(s, PhraseAt(s, at, "quy"));
    size_t e = p;
    while (e < s.size() && (s[e] == 'I' || s[e] == 'V')) ++e;
    std::optional<int> quarter = e > p ? text::ParseRoman(s.substr(p, e - p)) : std::nullopt;
    if (!quarter) {
      e = p;
      quarter = ReadSmallInt(s, e, 4);
    }
    if (!quarter || *quarter < 1 || *quarter > 4) continue;
    int y = ReadYearAfter(s, e, year);
    if (y <= 0) continue;
    TimePhrase tp;
    tp.begin = kw_begin;
    tp.end = e;
    tp.due = core::EndOfQuarter(y, *quarter);
    tp.deadline_only = vao;
    out.push_back(tp);
  }
  // "(ngay) trong tháng 2 năm 2012", "vào tháng 6/2018"
  for (std::string_view kw : {"trong thang", "vao thang"}) {
    for (size_t at = 0; has_month && (at = FindPhrase(s, kw, at)) != std::string_view::npos; ++at) {
      size_t p = PhraseAt(s, at, kw);
      auto month = ReadSmallInt(s, p, 12);
      if (!month || *month < 1) continue;
      int y = ReadYearAfter(s, p, year);
      if (y <= 0) continue;
      size_t begin = at;
      if (s.substr(0, at).ends_with("ngay ")) begin = at - 5;  // "ngay trong tháng 2 năm 2012"
      TimePhrase tp;
      tp.begin = begin;
      tp.end = p;
      tp.due = core::EndOfMonth(y, *month);
      tp.deadline_only = kw == "vao thang";
      out.push_back(tp);
    }
  }
  // "trước ngày 15/3/2012", "chậm nhất ngày …", "trước ngày 18 hàng tháng (và tháng cuối quý)"
  for (std::string_view kw : {"truoc ngay", "cham nhat ngay", "cham nhat la ngay"}) {
    for (size_t at = 0; has_day && (at = FindPhrase(s, kw, at)) != std::string_view::npos; ++at) {
      size_t p = SkipSpaces(s, PhraseAt(s, at, kw));
      TimePhrase tp;
      tp.begin = at;
      if (auto d = text::ReadSlashDate(s, p)) {
        tp.due = d->date;
        tp.end = d->end;
      } else if (auto l = text::ReadLongDate(s, p >= 5 ? FindPhrase(s, "ngay", at) : p)) {
        tp.due = l->date;
        tp.end = l->end;
      } else {
        size_t q = p;
        auto day = ReadSmallInt(s, q, 31);
        if (!day || *day < 1) continue;
        if (q < s.size() && s[q] == '/') {  // "15/3" without a year
          ++q;
          auto month = ReadSmallInt(s, q, 12);
          if (!month) continue;
          auto date = core::MakeDate(year, *month, *day);
          if (!date) continue;
          tp.due = date;
          tp.end = q;
        } else {
          size_t h = PhraseAt(s, q, "hang thang");  // "hàng tháng" and "hằng tháng"
          size_t quarter_end = PhraseAt(s, q, "thang cuoi quy");
          if (h == std::string_view::npos && quarter_end == std::string_view::npos) continue;
          tp.day_of_month = *day;
          if (h == std::string_view::npos) {
            // "trước ngày 20 tháng cuối quý": every quarter, in its last month.
            tp.end = quarter_end;
            tp.last_month_of_quarter = true;
            tp.recurs = domain::Frequency::kQuarterly;
          } else {
            tp.end = h;
            tp.recurs = domain::Frequency::kMonthly;
            size_t last = PhraseAt(s, h, "va thang cuoi quy");
            if (last != std::string_view::npos) {
              tp.last_month_of_quarter = true;
              tp.end = last;
            }
          }
        }
      }
      out.push_back(tp);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const TimePhrase& a, const TimePhrase& b) { return a.begin < b.begin; });
  // One phrase per stretch of text: a later one inside an earlier one is dropped.
  std::vector<TimePhrase> kept;
  for (const TimePhrase& tp : out) {
    if (!kept.empty() && tp.begin < kept.back().end) continue;
    kept.push_back(tp);
  }
  return kept;
}

const domain::Task* TaskOf(const Context& cx, size_t block) {
  int s = cx.SectionOf(block);
  if (s < 0) return nullptr;
  const auto& span = cx.doc.blocks[block].span;
  for (const auto& t : cx.plan.sections[static_cast<size_t>(s)].tasks) {
    if (t.span.offset == span.offset) return &t;
  }
  return nullptr;
}

std::string JoinUnits(const std::vector<std::string>& units) {
  std::string out;
  for (const auto& u : units) out += (out.empty() ? "" : "; ") + u;
  return out;
}

std::string_view ClauseAround(std::string_view sentence, size_t pos) {
  for (std::string_view c : Clauses(sentence)) {
    size_t b = OffsetIn(sentence, c);
    if (pos >= b && pos < b + c.size()) return c;
  }
  return sentence;
}

}  // namespace

namespace {

// Time phrases of every sentence of every block, read once for both passes below.
using BlockPhrases = std::vector<std::vector<std::vector<TimePhrase>>>;

BlockPhrases ReadAllTimePhrases(const Context& cx) {
  BlockPhrases all(cx.doc.blocks.size());
  for (size_t bi = 0; bi < cx.doc.blocks.size(); ++bi) {
    if (cx.SectionOf(bi) < 0 || cx.doc.blocks[bi].kind == BlockKind::kPart) continue;
    for (std::string_view sentence : cx.SentencesOf(bi))
      all[bi].push_back(FindTimePhrases(sentence, cx.year));
  }
  return all;
}

void BindDeadlines(Context& cx, const BlockPhrases& phrases) {
  const doc::Document& d = cx.doc;
  for (size_t bi = 0; bi < d.blocks.size(); ++bi) {
    const Block& block = d.blocks[bi];
    if (cx.SectionOf(bi) < 0 || block.kind == BlockKind::kPart) continue;
    const domain::Section& section = cx.plan.sections[static_cast<size_t>(cx.SectionOf(bi))];
    const domain::Task* task = TaskOf(cx, bi);
    const auto& sentences = cx.SentencesOf(bi);
    for (size_t si = 0; si < sentences.size(); ++si) {
      std::string_view sentence = sentences[si];
      for (const TimePhrase& tp : phrases[bi][si]) {
        domain::Deadline dl;
        dl.section = section.number;
        std::string_view raw = sentence.substr(tp.begin, tp.end - tp.begin);
        dl.raw = text::CollapseSpaces(raw);
        dl.due = tp.due;
        std::string_view clause = ClauseAround(sentence, tp.begin);
        std::string what;
        size_t rb = OffsetIn(sentence, raw), cb = OffsetIn(sentence, clause);
        if (rb >= cb && rb + raw.size() <= cb + clause.size()) {
          what = std::string(TrimPunct(clause.substr(0, rb - cb))) + " " +
                 std::string(TrimPunct(clause.substr(rb - cb + raw.size())));
        } else {
          what = std::string(clause);
        }
        dl.what = text::CollapseSpaces(TrimPunct(what, " ,;:."));
        dl.responsible =
            JoinUnits(task && !task->lead_units.empty() ? task->lead_units : section.lead_units);
        dl.span = d.SpanOf(raw);
        if (tp.recurs) {
          dl.recurs = tp.recurs;
          dl.day_of_month = tp.day_of_month;
        }
        cx.plan.deadlines.push_back(std::move(dl));
      }
    }
  }
}

// A line "Năm 2018:" dates what follows it in its section: each later item of the section that
// names no time of its own is due by the year's end.
void BindYearHeadings(Context& cx, const BlockPhrases& phrases) {
  const doc::Document& d = cx.doc;
  int heading_section = -1;
  std::string_view heading;
  int heading_year = 0;
  for (size_t bi = 0; bi < d.blocks.size(); ++bi) {
    const Block& block = d.blocks[bi];
    int si = cx.SectionOf(bi);
    if (si < 0 || block.kind == BlockKind::kPart) {
      heading_section = -1;
      continue;
    }
    std::string_view text = TrimPunct(block.text, " ");
    if (text.size() <= 12 && text.ends_with(":") &&
        PhraseAt(text, 0, "nam") != std::string_view::npos) {
      size_t p = PhraseAt(text, 0, "nam");
      auto y = ReadSmallInt(text, p, 2100);
      if (y && *y >= 1990 && TrimPunct(text.substr(p), " :").empty()) {
        heading_section = si;
        heading = TrimPunct(text, " :");
        heading_year = *y;
        continue;
      }
    }
    if (heading_section < 0) continue;
    const auto& sections = cx.plan.sections;
    if (si != heading_section && sections[static_cast<size_t>(si)].parent !=
                                     sections[static_cast<size_t>(heading_section)].number) {
      heading_section = -1;  // the heading's section ended
      continue;
    }
    bool dated = false;
    for (const auto& sentence_phrases : phrases[bi]) dated |= !sentence_phrases.empty();
    if (dated || text.empty()) continue;
    const domain::Section& section = cx.plan.sections[static_cast<size_t>(si)];
    const domain::Task* task = TaskOf(cx, bi);
    domain::Deadline dl;
    dl.section = section.number;
    dl.raw = std::string(heading);
    dl.due = core::MakeDate(heading_year, 12, 31);
    dl.what = text::CollapseSpaces(TrimPunct(text, " ,;:."));
    dl.responsible =
        JoinUnits(task && !task->lead_units.empty() ? task->lead_units : section.lead_units);
    dl.span = d.SpanOf(heading);
    cx.plan.deadlines.push_back(std::move(dl));
  }
}

// A due date before the decision was issued cannot be met: kept as read, and said.
void NoteDatesBeforeIssue(Context& cx) {
  const auto& issued = cx.plan.document.issued_date;
  if (!issued) return;
  for (const domain::Deadline& dl : cx.plan.deadlines) {
    if (!dl.due || !(*dl.due < *issued)) continue;
    cx.plan.diagnostics.push_back(core::Diagnostic{
        core::Severity::kWarning, "date_before_issue",
        "Thời hạn \"" + dl.raw + "\" (mục " + dl.section + ", " + dl.due->ToIso() +
            ") sớm hơn ngày ban hành " + issued->ToIso() + ": giữ nguyên như văn bản, cần kiểm tra",
        dl.span});
  }
}

namespace {

std::vector<std::string> Recipients(const Context& cx, std::string_view sentence, size_t before) {
  std::string_view head = sentence.substr(0, before);
  size_t gui = std::string_view::npos;
  for (size_t at = 0; (at = FindPhrase(head, "gui", at)) != std::string_view::npos; ++at) gui = at;
  std::string_view list;
  if (gui != std::string_view::npos) {
    size_t p = PhraseAt(head, gui, "gui");
    size_t ve = PhraseAt(head, p, "ve");
    if (ve != std::string_view::npos) p = ve;
    list = head.substr(p);
  } else {
    // "Báo cáo kết quả thực hiện về Bộ: …"
    size_t ve = std::string_view::npos;
    for (size_t at = 0; (at = FindPhrase(sentence, "ve", at)) != std::string_view::npos; ++at) {
      std::string_view rest = text::Trim(sentence.substr(PhraseAt(sentence, at, "ve")));
      if (domain::StartsWithUnitHead(rest) || rest.starts_with("Bộ")) {
        ve = PhraseAt(sentence, at, "ve");
        break;
      }
    }
    if (ve == std::string_view::npos) return {};
    list = sentence.substr(ve);
    size_t stop = list.find_first_of(":;");
    if (stop != std::string_view::npos) list = list.substr(0, stop);
  }
  list = TrimPunct(list, " ,;:.");
  size_t open = list.find('(');
  size_t close = list.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return cx.units.SplitList(list.substr(open + 1, close - open - 1));
  }
  return cx.units.SplitList(list);
}

}  // namespace

// The frequencies a list such as "báo cáo tháng, quý, 6 tháng và năm" or "báo cáo định kỳ hằng
// tháng, hằng quý, hằng năm" names (folded text after "bao cao").
std::vector<domain::Frequency> ListedFrequencies(std::string_view folded) {
  std::vector<domain::Frequency> out;
  auto add = [&](domain::Frequency f) {
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  };
  size_t p = folded.find("bao cao");
  if (p == std::string_view::npos) return out;
  std::string_view rest = folded.substr(p + 7);
  size_t stop = std::min({rest.find(" theo"), rest.find(" thuc hien"), rest.find(':'),
                          rest.find(';'), rest.find(" gui")});
  rest = rest.substr(0, stop);
  while (!rest.empty()) {
    size_t cut = std::min(rest.find(','), rest.find(" va "));
    std::string_view item = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view()
                                         : rest.substr(cut + (rest[cut] == ',' ? 1 : 4));
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    for (std::string_view prefix : {"dinh ky ", "hang ", "ca "}) {
      if (item.starts_with(prefix)) item.remove_prefix(prefix.size());
    }
    if (item == "thang") {
      add(domain::Frequency::kMonthly);
    } else if (item == "quy") {
      add(domain::Frequency::kQuarterly);
    } else if (item == "6 thang" || item == "sau thang" || item == "6 thang dau nam") {
      add(domain::Frequency::kSemiannual);
    } else if (item == "nam") {
      add(domain::Frequency::kAnnual);
    }
  }
  return out;
}

// The number before "ngày làm việc" in folded text ("chậm nhất 05 ngày làm việc").
std::optional<int> WorkingDays(std::string_view folded) {
  size_t at = folded.find(" ngay lam viec");
  if (at == std::string_view::npos) return std::nullopt;
  size_t begin = at;
  while (begin > 0 && folded[begin - 1] >= '0' && folded[begin - 1] <= '9') --begin;
  if (begin == at || at - begin > 2) return std::nullopt;
  return std::stoi(std::string(folded.substr(begin, at - begin)));
}

// A sentence putting the periodic reports under Decree 09/2019/NĐ-CP ("Chế độ báo cáo tháng,
// quý, 6 tháng và năm thực hiện theo Nghị định số 09/2019/NĐ-CP …; gửi về Bộ chậm nhất 05 ngày
// làm việc sau ngày chốt số liệu"): its rules replace the fixed-day rules of those frequencies
// read from the same section. Without a number of working days the rule cannot give dates:
// a diagnostic, and the fixed rules stay.
void BindDecree09(Context& cx, std::string_view sentence, const std::string& from,
                  const domain::Section& section) {
  std::string folded = text::Fold(sentence);
  if (folded.find("09/2019/nd-cp") == std::string::npos) return;
  auto frequencies = ListedFrequencies(folded);
  if (frequencies.empty()) return;
  const doc::Document& d = cx.doc;
  auto days = WorkingDays(folded);
  if (!days || *days < 1 || *days > 90) {
    cx.plan.diagnostics.push_back(core::Diagnostic{
        core::Severity::kWarning, "decree09_without_deadline",
        "Chế độ báo cáo theo Nghị định 09/2019/NĐ-CP nhưng không nêu số ngày làm việc để gửi "
        "báo cáo sau khi chốt số liệu; giữ hạn theo ngày cố định (nếu có).",
        d.SpanOf(sentence)});
    return;
  }
  std::erase_if(cx.plan.reporting, [&](const domain::ReportingRule& r) {
    return r.section == section.number &&
           std::find(frequencies.begin(), frequencies.end(), r.frequency) != frequencies.end();
  });
  std::string_view raw = TrimPunct(sentence, " ,;:.");
  for (auto f : frequencies) {
    domain::ReportingRule rule;
    rule.raw = text::CollapseSpaces(raw);
    switch (f) {
      case domain::Frequency::kMonthly:
        rule.report = "báo cáo tháng";
        break;
      case domain::Frequency::kQuarterly:
        rule.report = "báo cáo quý";
        break;
      case domain::Frequency::kSemiannual:
        rule.report = "báo cáo 6 tháng";
        break;
      default:
        rule.report = "báo cáo năm";
    }
    rule.frequency = f;
    rule.decree09 = true;
    rule.working_days = days;
    rule.from = from;
    rule.from_units = section.lead_units;
    size_t latest = FindPhrase(sentence, "cham nhat");
    rule.to = Recipients(cx, sentence, latest == std::string_view::npos ? sentence.size() : latest);
    rule.section = section.number;
    rule.span = d.SpanOf(raw);
    cx.plan.reporting.push_back(std::move(rule));
  }
}

void BindReporting(Context& cx, const BlockPhrases& all_phrases) {
  const doc::Document& d = cx.doc;
  // The regime lives in the final part ("TỔ CHỨC THỰC HIỆN"); without one, anywhere.
  int scope_part = -1;
  for (int r : d.roots) {
    const Block& b = d.blocks[static_cast<size_t>(r)];
    if (b.kind == BlockKind::kPart &&
        FindPhrase(b.text, "to chuc thuc hien") != std::string_view::npos)
      scope_part = r;
  }
  auto in_scope = [&](size_t bi) {
    if (scope_part < 0) return true;
    for (int p = static_cast<int>(bi); p >= 0; p = d.blocks[static_cast<size_t>(p)].parent) {
      if (p == scope_part) return true;
    }
    return false;
  };
  for (size_t bi = 0; bi < d.blocks.size(); ++bi) {
    const Block& block = d.blocks[bi];
    if (cx.SectionOf(bi) < 0 || block.kind == BlockKind::kPart || !in_scope(bi)) continue;
    const domain::Section& section = cx.plan.sections[static_cast<size_t>(cx.SectionOf(bi))];
    std::string from =
        section.lead_phrase.empty() ? JoinUnits(section.lead_units) : section.lead_phrase;
    const auto& sentences = cx.SentencesOf(bi);
    for (size_t si = 0; si < sentences.size(); ++si) {
      std::string_view sentence = sentences[si];
      const auto& phrases = all_phrases[bi][si];
      size_t prev_end = 0;
      for (const TimePhrase& tp : phrases) {
        if ((!tp.due && !tp.day_of_month) || tp.deadline_only) continue;
        bool deadline_kw = PhraseAt(sentence, tp.begin, "truoc ngay") != std::string_view::npos ||
                           PhraseAt(sentence, tp.begin, "cham nhat") != std::string_view::npos;
        if (!deadline_kw) {
          prev_end = tp.end;
          continue;
        }
        std::string_view segment = sentence.substr(prev_end, tp.begin - prev_end);
        size_t colon = segment.rfind(':');
        size_t semi = segment.rfind(';');
        size_t cut = std::max(colon == std::string_view::npos ? 0 : colon + 1,
                              semi == std::string_view::npos ? 0 : semi + 1);
        std::string_view local = segment.substr(cut);
        size_t bc = FindPhrase(local, "bao cao");
        std::vector<std::string> to = Recipients(cx, sentence, tp.begin);
        std::string_view raw = sentence.substr(prev_end + cut, tp.end - prev_end - cut);
        if (bc != std::string_view::npos)
          raw = sentence.substr(OffsetIn(sentence, local) + bc,
                                tp.end - (OffsetIn(sentence, local) + bc));
        raw = TrimPunct(raw, " ,;:.");
        auto make = [&](std::string report, domain::Frequency f) {
          domain::ReportingRule rule;
          rule.raw = text::CollapseSpaces(raw);
          rule.report = std::move(report);
          rule.frequency = f;
          rule.due = tp.due;
          rule.day_of_month = tp.day_of_month;
          rule.last_month_of_quarter =
              f == domain::Frequency::kQuarterly && tp.last_month_of_quarter;
          rule.from = from;
          rule.from_units = section.lead_units;
          rule.to = to;
          rule.section = section.number;
          rule.span = d.SpanOf(raw);
          cx.plan.reporting.push_back(std::move(rule));
        };
        if (tp.day_of_month) {
          // "báo cáo … hàng tháng, quý, gửi … trước ngày 18 hàng tháng và tháng cuối quý"
          std::string_view what = bc == std::string_view::npos ? local : local.substr(bc);
          std::string folded = text::Fold(what);
          bool six = folded.find("6 thang") != std::string::npos ||
                     folded.find("sau thang") != std::string::npos;
          bool month = !six && folded.find("thang") != std::string::npos;
          bool quarter = folded.find("quy") != std::string::npos || tp.last_month_of_quarter;
          if (month || (!quarter && !six)) make("báo cáo tháng", domain::Frequency::kMonthly);
          if (quarter) make("báo cáo quý", domain::Frequency::kQuarterly);
          if (six) make("báo cáo 6 tháng", domain::Frequency::kSemiannual);
        } else if (bc != std::string_view::npos) {
          std::string_view report = TrimPunct(local.substr(bc), " ,;:.");
          std::string folded = text::Fold(report);
          domain::Frequency f = domain::Frequency::kOnce;
          if (folded.find("6 thang") != std::string::npos ||
              folded.find("sau thang") != std::string::npos) {
            f = domain::Frequency::kSemiannual;
          } else if (folded.find("quy") != std::string::npos) {
            f = domain::Frequency::kQuarterly;
          } else if (folded.find("ca nam") != std::string::npos ||
                     folded.find("hang nam") != std::string::npos || folded.ends_with("nam")) {
            f = domain::Frequency::kAnnual;
          }
          make(text::CollapseSpaces(report), f);
        } else if (FindPhrase(sentence.substr(0, tp.begin), "gui") != std::string_view::npos) {
          // "… chương trình công tác cụ thể của đơn vị, địa phương; … gửi về Bộ (…) trước ngày
          // 15/3/2012"
          std::string_view head = sentence.substr(0, tp.begin);
          size_t best = std::string_view::npos;
          for (std::string_view noun : {"chương trình", "kế hoạch", "báo cáo", "đề án"}) {
            size_t at = head.find(noun);
            if (at != std::string_view::npos && at < best) best = at;
          }
          if (best == std::string_view::npos) continue;
          std::string_view report = head.substr(best);
          size_t stop = report.find_first_of(";:");
          if (stop != std::string_view::npos) report = report.substr(0, stop);
          size_t gui = FindPhrase(report, "gui");
          if (gui != std::string_view::npos) report = report.substr(0, gui);
          raw = TrimPunct(
              sentence.substr(FindPhrase(head, "gui"), tp.end - FindPhrase(head, "gui")), " ,;:.");
          make(text::CollapseSpaces(TrimPunct(report, " ,;:.")), domain::Frequency::kOnce);
        }
        prev_end = tp.end;
      }
      BindDecree09(cx, sentence, from, section);
    }
  }
}

}  // namespace

void BindSchedule(Context& cx) {
  BlockPhrases phrases = ReadAllTimePhrases(cx);
  BindDeadlines(cx, phrases);
  BindYearHeadings(cx, phrases);
  BindReporting(cx, phrases);
  NoteDatesBeforeIssue(cx);
}

}  // namespace wp::ingest
