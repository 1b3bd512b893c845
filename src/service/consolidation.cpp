#include "service/consolidation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "service/areas.hpp"
#include "service/phrases.hpp"
#include "text/utf8.hpp"

namespace wp::service {

namespace {

using domain::Block;
using domain::BlockKind;
using domain::Narrative;
using domain::OrgKind;
using domain::OrgUnit;
using domain::OrgUnitId;

constexpr const char* kMinistry = "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI";

// A short stable key for a text (FNV-1a, 64 bits, as 16 hex digits): the key of a passage
// several units sent alike stays the same across regenerations while its text does.
std::string TextKey(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// "1.584,8" → "1584.8", "99,1%" → "99.1": the machine form of a number as printed.
std::optional<std::string> MachineValue(std::string_view shown) {
  std::string out;
  for (char c : shown) {
    if (c == '.') continue;
    if (c == ',') {
      out.push_back('.');
    } else if ((c >= '0' && c <= '9') || c == '-') {
      out.push_back(c);
    } else if (c == '%') {
      break;
    } else {
      return std::nullopt;
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

domain::TableCell Cell(std::string text, bool numeric = false) {
  domain::TableCell c;
  if (numeric) c.value = MachineValue(text);
  c.text = std::move(text);
  return c;
}

Block MakeBlock(std::string key, BlockKind kind, std::string style, std::string section,
                std::string area, std::string text) {
  Block b;
  b.key = std::move(key);
  b.kind = kind;
  b.style = std::move(style);
  b.section = std::move(section);
  b.area = std::move(area);
  b.generated = std::move(text);
  return b;
}

Block Heading(std::string key, std::string style, std::string section, std::string area,
              std::string text) {
  return MakeBlock(std::move(key), BlockKind::kHeading, std::move(style), std::move(section),
                   std::move(area), std::move(text));
}

Block Paragraph(std::string key, std::string section, std::string area, std::string text) {
  return MakeBlock(std::move(key), BlockKind::kParagraph, "WPBody", std::move(section),
                   std::move(area), std::move(text));
}

std::string UnitName(const domain::OrgRegistry& reg, OrgUnitId id) {
  const OrgUnit* u = reg.Find(id);
  return u ? u->name : "Đơn vị #" + std::to_string(id);
}

// The province a unit lies in (itself for a province), following parents; nullopt above.
std::optional<OrgUnitId> ProvinceOf(const domain::OrgRegistry& reg, OrgUnitId id) {
  for (int guard = 0; guard < 16; ++guard) {
    const OrgUnit* u = reg.Find(id);
    if (!u) return std::nullopt;
    if (u->kind == OrgKind::kProvince) return u->id;
    if (!u->parent) return std::nullopt;
    id = *u->parent;
  }
  return std::nullopt;
}

// Ministry units first, then provinces, then units below; by code within each.
bool UnitOrder(const domain::OrgRegistry& reg, OrgUnitId a, OrgUnitId b) {
  const OrgUnit* ua = reg.Find(a);
  const OrgUnit* ub = reg.Find(b);
  if (!ua || !ub) return a < b;
  if (ua->kind != ub->kind) return ua->kind < ub->kind;
  if (ua->code != ub->code) return ua->code < ub->code;
  return a < b;
}

// The program's number's symbol: "224/QĐ-LĐTBXH" → "LĐTBXH".
std::string IssuerSymbol(const domain::PlanDraft& plan) {
  if (plan.document.number) {
    const std::string& n = *plan.document.number;
    auto dash = n.find('-');
    if (dash != std::string::npos && dash + 1 < n.size()) return n.substr(dash + 1);
  }
  return "LĐTBXH";
}

std::string AreaTitle(const domain::PlanDraft& plan, const std::string& area) {
  if (area == "general") return "Các chỉ tiêu chung";
  if (area == "provinces") return "Các địa phương";
  if (area == "others") return "Các đơn vị khác";
  if (area == "unit") return "Các chỉ tiêu của đơn vị";
  for (const auto& s : plan.sections) {
    if (s.number == area) return s.title;
  }
  return area;
}

// Areas in the order part II lists them, "general" first.
std::vector<std::string> AreaOrder(const domain::PlanDraft& plan) {
  std::vector<std::string> out{"general"};
  for (const auto& s : plan.sections) {
    std::string a = AreaOfSection(s.number);
    if (!a.empty() && std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

struct TaskCount {
  size_t total = 0, done = 0, in_progress = 0;
  std::vector<LateTask> late;
};

std::string TimeNumber(size_t n) { return FormatNumber(static_cast<double>(n)); }

// ───────────────────────────── section I ─────────────────────────────

void AddFigures(const ConsolidationInput& in, const std::vector<const TargetMeasure*>& measures,
                const std::string& area, std::vector<Block>& out) {
  domain::BlockTable table;
  table.columns = {{"TT", "text"},
                   {"Chỉ tiêu", "text"},
                   {"ĐVT", "text"},
                   {"Kế hoạch năm", "decimal"},
                   {"Thực hiện/ước kỳ", "decimal"},
                   {"Lũy kế", "decimal"},
                   {"% KH", "percent"},
                   {"So với cùng kỳ", "text"}};
  std::vector<Block> sentences;
  size_t tt = 0;
  for (const TargetMeasure* tm : measures) {
    const TargetView& tv = *tm->target;
    const domain::Target& t = tv.target;
    const MeasureView& m = tm->measure;
    TargetExtra extra;
    if (auto it = in.extras.find(tv.id); it != in.extras.end()) extra = it->second;
    TargetFigure f;
    f.name = tv.name();
    if (auto it = in.sentences.find(t.indicator_code); it != in.sentences.end())
      f.sentence = it->second;
    f.unit = t.unit;
    f.scale_power = ScalePower(t.raw);
    f.comparator = t.comparator;
    f.plan = m.target;
    f.current = m.current;
    f.achievement = m.achievement;
    f.baseline = m.baseline;
    f.estimate = extra.estimate;
    f.last_year = extra.last_year;
    f.last_year_label = extra.last_year_label;
    f.rate = t.unit == "%";
    if (tm->coverage && tm->coverage->reported < tm->coverage->expected)
      f.coverage = tm->coverage->text;
    auto num = [&](std::optional<double> v) {
      return v ? ScaledNumber(*v, t.unit, f.scale_power) : std::string();
    };
    // The year's plan in force on the report's date: "(đã điều chỉnh)" when an amendment
    // changed it.
    domain::TableCell plan = Cell(num(m.target), true);
    if (m.target_version > 1 && m.target && m.target_original && *m.target != *m.target_original)
      plan.text += " (đã điều chỉnh)";
    table.rows.push_back(
        {Cell(std::to_string(++tt)), Cell(f.name), Cell(ScaledUnit(t.unit, f.scale_power)),
         std::move(plan), Cell(num(extra.period_value), true), Cell(num(m.current), true),
         Cell(m.achievement ? FormatRatio(*m.achievement) : "", true), Cell(CompareCell(f))});
    // A sentence for a headline target (section I of the program) or a lagging one; the rest
    // stand in the table.
    const bool headline = t.section.rfind("I.", 0) == 0 || t.section == "I";
    const bool lagging = tm->state == TargetState::kAtRisk || tm->state == TargetState::kOffTrack;
    if (!headline && !lagging && in.kind != domain::DocumentKind::kUnit) continue;
    Block s = Paragraph("I.fig." + std::to_string(tv.id), "I", area, "- " + TargetSentence(f));
    sentences.push_back(std::move(s));
  }
  if (!table.rows.empty()) {
    Block b = MakeBlock("I.table." + area, BlockKind::kTable, "WPTable", "I", area, "");
    b.table = std::move(table);
    out.push_back(std::move(b));
  }
  for (auto& s : sentences) out.push_back(std::move(s));
}

// Tasks by area: done when every lead reported it done (or cancelled), late when a lead is
// overdue, in progress otherwise.
std::map<std::string, TaskCount> CountTasks(const ConsolidationInput& in) {
  std::map<std::string, TaskCount> out;
  if (!in.tasks) return out;
  for (const auto& row : in.tasks->rows) {
    if (in.kind == domain::DocumentKind::kUnit) {
      bool leads = std::any_of(row.leads.begin(), row.leads.end(),
                               [&](const auto& l) { return in.unit && l.unit == *in.unit; });
      if (!leads) continue;
    }
    std::string area = in.kind == domain::DocumentKind::kUnit
                           ? "unit"
                           : (row.task.section ? AreaOfSection(row.task.section->number) : "");
    if (area.empty()) area = "general";
    auto& c = out[area];
    ++c.total;
    bool done = !row.leads.empty();
    std::vector<std::string> late_leads;
    for (const auto& l : row.leads) {
      if (in.kind == domain::DocumentKind::kUnit && in.unit && l.unit != *in.unit) continue;
      bool settled = l.progress && (l.progress->status == domain::TaskStatus::kDone ||
                                    l.progress->status == domain::TaskStatus::kCancelled);
      if (!settled) done = false;
      if (l.overdue) late_leads.push_back(UnitName(*in.registry, l.unit));
    }
    if (done) {
      ++c.done;
    } else if (!late_leads.empty()) {
      LateTask lt;
      lt.what = ShortText(row.task.task ? row.task.task->text : row.task.id, 100);
      lt.leads = std::move(late_leads);
      if (!row.deadlines.empty() && row.deadlines.front()->due)
        lt.deadline = row.deadlines.front()->due;
      c.late.push_back(std::move(lt));
    } else {
      ++c.in_progress;
    }
  }
  return out;
}

void AddAmendments(const ConsolidationInput& in, int& n, std::vector<Block>& out);

void AddSectionI(const ConsolidationInput& in, std::vector<Block>& out) {
  const auto& plan = in.program->record.plan;
  const DashboardView& d = *in.dashboard;
  out.push_back(Heading("I", "WPSection", "I", "", "I. KẾT QUẢ THỰC HIỆN"));
  std::vector<size_t> counts;
  for (auto s : {TargetState::kOnTrack, TargetState::kAtRisk, TargetState::kOffTrack,
                 TargetState::kIncomplete, TargetState::kNotMeasurable}) {
    auto it = d.headline_counts.find(s);
    counts.push_back(it == d.headline_counts.end() ? 0 : it->second);
  }
  out.push_back(Paragraph("I.count", "I", "", CountsSentence(d.targets.size(), counts)));

  // The briefing's rule (service/areas.hpp): a target is under the same area in both papers.
  std::map<int64_t, std::string> placed;
  if (in.kind != domain::DocumentKind::kUnit) {
    placed = PlaceTargets(*in.program, ProgramAreas(plan, in.registry), in.owners);
  }
  std::map<std::string, std::vector<const TargetMeasure*>> by_area;
  for (const auto& tm : d.targets) {
    std::string area;
    if (in.kind == domain::DocumentKind::kUnit) {
      area = "unit";
    } else if (auto it = placed.find(tm.target->id); it != placed.end()) {
      area = it->second;
    }
    by_area[area.empty() ? "general" : area].push_back(&tm);
  }
  auto tasks = CountTasks(in);
  std::vector<std::string> order =
      in.kind == domain::DocumentKind::kUnit ? std::vector<std::string>{"unit"} : AreaOrder(plan);
  int n = 0;
  for (const auto& area : order) {
    auto fig = by_area.find(area);
    auto task = tasks.find(area);
    if (fig == by_area.end() && task == tasks.end()) continue;
    out.push_back(Heading("I.area." + area, "WPArea", "I", area,
                          std::to_string(++n) + ". " + AreaTitle(plan, area)));
    if (fig != by_area.end()) AddFigures(in, fig->second, area, out);
    if (task != tasks.end() && task->second.total > 0) {
      const auto& c = task->second;
      out.push_back(Paragraph("I.tasks." + area, "I", area,
                              TasksSentence(c.done, c.total, c.in_progress, c.late)));
    }
  }
  AddAmendments(in, n, out);
}

// "01/7/2012": a date in a sentence as Decree 30 writes it (a leading zero for days below 10
// and for months 1 and 2 only).
std::string DecreeDate(const core::CivilDate& d) {
  char buf[24];
  std::snprintf(buf, sizeof buf, d.month < 3 ? "%02d/%02d/%d" : "%02d/%d/%d", d.day, d.month,
                d.year);
  return buf;
}

// "1.600.000 người" or "1600000" → 1600000.
std::optional<double> NumberOf(std::string_view s) {
  std::string digits;
  bool vietnamese =
      s.find(',') != std::string_view::npos ||
      (s.find('.') != std::string_view::npos && s.find(' ') != std::string_view::npos);
  for (char c : s) {
    if ((c >= '0' && c <= '9') || c == '-') {
      digits.push_back(c);
    } else if (c == '.') {
      if (!vietnamese) digits.push_back('.');
    } else if (c == ',') {
      digits.push_back('.');
    } else if (c == ' ' && !digits.empty()) {
      break;
    }
  }
  if (digits.empty()) return std::nullopt;
  auto d = core::ParseDecimal(digits);
  if (!d) return std::nullopt;
  return d->AsDouble();
}

// "tạo việc làm cho {value}" → "tạo việc làm"; without a wording, the target's name.
std::string TargetPhrase(const ConsolidationInput& in, const TargetView& tv) {
  if (auto it = in.sentences.find(tv.target.indicator_code); it != in.sentences.end()) {
    std::string w = it->second;
    auto v = w.find("{value}");
    if (v != std::string::npos) {
      w = std::string(text::Trim(w.substr(0, v)));
      for (std::string_view tail : {" cho", " đạt", " là", " ở mức", ":"}) {
        if (w.size() > tail.size() && w.compare(w.size() - tail.size(), tail.size(), tail) == 0) {
          w.resize(w.size() - tail.size());
          break;
        }
      }
      if (!w.empty()) return w;
    }
  }
  return "“" + tv.name() + "”";
}

// "Trong kỳ, Bộ trưởng đồng ý điều chỉnh chỉ tiêu tạo việc làm từ 1.600 nghìn người lên 1.650
// nghìn người, áp dụng từ ngày 01/7/2012 (đề nghị của Cục Việc làm: …)."
std::string AmendmentSentence(const ConsolidationInput& in, const AmendmentNote& a) {
  std::vector<std::string> what;
  for (const auto& ch : a.changes) {
    switch (ch.kind) {
      case domain::ChangeKind::kTargetValue: {
        const TargetView* tv = nullptr;
        if (ch.locator.rfind("target:", 0) == 0) {
          for (const auto& t : in.program->targets) {
            if ("target:" + std::to_string(t.id) == ch.locator) tv = &t;
          }
        }
        auto before = NumberOf(ch.before);
        auto after = NumberOf(ch.value);
        if (!after) after = NumberOf(ch.after);
        if (!tv || !before || !after) {
          what.push_back("chỉ tiêu từ " + ch.before + " thành " + ch.after);
          break;
        }
        const auto& t = tv->target;
        const int power = ScalePower(t.raw);
        std::string from = ScaledQuantity(*before, t.unit, power);
        std::string to = ScaledQuantity(*after, t.unit, power);
        what.push_back("chỉ tiêu " + TargetPhrase(in, *tv) + (*after > *before ? " từ " : " từ ") +
                       from + (*after >= *before ? " lên " : " xuống ") + to);
        break;
      }
      case domain::ChangeKind::kDeadline:
        what.push_back("thời hạn " + ch.before + " thành " + ch.after);
        break;
      case domain::ChangeKind::kLead:
        what.push_back("đơn vị chủ trì từ " + ch.before + " thành " + ch.after);
        break;
      case domain::ChangeKind::kTaskAdd:
        what.push_back("bổ sung nhiệm vụ “" + ShortText(ch.after, 160) + "”");
        break;
      case domain::ChangeKind::kTaskDrop:
        what.push_back("bỏ nhiệm vụ “" + ShortText(ch.before, 160) + "”");
        break;
    }
  }
  std::string out = "Trong kỳ, " + a.decider + " đồng ý điều chỉnh ";
  for (size_t i = 0; i < what.size(); ++i) {
    if (i) out += i + 1 == what.size() ? " và " : "; ";
    out += what[i];
  }
  out += ", áp dụng từ ngày " + DecreeDate(a.effective_from);
  if (!a.decision_number.empty()) out += " (Quyết định số " + a.decision_number + ")";
  std::string reason(text::Trim(a.reason));
  while (!reason.empty() && (reason.back() == '.' || reason.back() == ';')) reason.pop_back();
  out += " (đề nghị của " + a.unit + (reason.empty() ? "" : ": " + reason) + ").";
  return out;
}

void AddAmendments(const ConsolidationInput& in, int& n, std::vector<Block>& out) {
  if (in.amendments.empty() || in.kind == domain::DocumentKind::kUnit) return;
  out.push_back(Heading("I.area.amendments", "WPArea", "I", "amendments",
                        std::to_string(++n) + ". Điều chỉnh Chương trình công tác trong kỳ"));
  for (const auto& a : in.amendments) {
    out.push_back(Paragraph("I.amendments." + std::to_string(a.id), "I", "amendments",
                            AmendmentSentence(in, a)));
  }
}

// ───────────────────────────── sections II–IV ─────────────────────────────

struct SectionSpec {
  const char* key;
  const char* title;
  std::vector<Narrative> parts;
};

const std::vector<SectionSpec>& Sections() {
  static const std::vector<SectionSpec> kSections = {
      {"II", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", {Narrative::kShortcomings, Narrative::kCauses}},
      {"III", "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", {Narrative::kNextSteps}},
      {"IV", "IV. KIẾN NGHỊ, ĐỀ XUẤT", {Narrative::kProposals}},
  };
  return kSections;
}

// One unit's text for a section: "Tồn tại …. Nguyên nhân: …".
std::string Joined(const std::map<Narrative, std::string>& texts, const SectionSpec& spec) {
  std::string out;
  for (Narrative part : spec.parts) {
    auto it = texts.find(part);
    if (it == texts.end()) continue;
    std::string t = std::string(text::Trim(it->second));
    if (t.empty()) continue;
    if (part == Narrative::kCauses) t = "Nguyên nhân: " + t;
    out += (out.empty() ? "" : " ") + t;
  }
  return out;
}

// Each unit's narrative, of the preferred period it has.
std::map<OrgUnitId, std::map<Narrative, std::string>> NarrativesByUnit(
    const ConsolidationInput& in) {
  std::map<OrgUnitId, size_t> rank;
  auto rank_of = [&](const std::string& p) {
    auto it = std::find(in.narrative_periods.begin(), in.narrative_periods.end(), p);
    return static_cast<size_t>(it - in.narrative_periods.begin());
  };
  for (const auto& n : in.narratives) {
    size_t r = rank_of(n.period);
    auto [it, added] = rank.emplace(n.unit, r);
    if (!added) it->second = std::min(it->second, r);
  }
  std::map<OrgUnitId, std::map<Narrative, std::string>> out;
  for (const auto& n : in.narratives) {
    if (rank_of(n.period) != rank[n.unit]) continue;
    if (in.unit && in.kind == domain::DocumentKind::kUnit && n.unit != *in.unit) continue;
    out[n.unit][n.section] = n.text;
  }
  return out;
}

// One passage: "- Cục Việc làm và Tổng cục Dạy nghề (2 đơn vị): …", keyed by its unit or, sent
// alike by several, by its text.
Block PassageBlock(const domain::OrgRegistry& reg, const std::string& prefix,
                   const std::string& section, const std::string& area, const std::string& text,
                   const std::vector<OrgUnitId>& who) {
  std::vector<std::string> names;
  for (auto u : who) names.push_back(UnitName(reg, u));
  std::string key =
      who.size() == 1 ? prefix + "." + std::to_string(who[0]) : prefix + ".g" + TextKey(text);
  std::string head = NamesList(names, names.size());
  if (who.size() > 1) head += " (" + TimeNumber(who.size()) + " đơn vị)";
  Block b = Paragraph(key, section, area, "- " + head + ": " + text);
  if (who.size() == 1) b.unit = who[0];
  return b;
}

using Passages = std::vector<std::pair<std::string, std::vector<OrgUnitId>>>;  // text → units

void AddPassage(Passages& list, const std::string& text, OrgUnitId u) {
  auto same =
      std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.first == text; });
  if (same == list.end()) {
    list.push_back({text, {u}});
  } else {
    same->second.push_back(u);
  }
}

// The provinces' passages of a section summarised by the targets they name: "Chỉ tiêu “Số người
// được tạo việc làm”: 12 tỉnh, thành phố (Hà Giang, Cao Bằng, … và 4 tỉnh khác).", the rest in
// one line; their words are quoted in the annex.
void AddProvinceSummary(const ConsolidationInput& in, const std::string& sec,
                        const Passages& passages, std::vector<Block>& out) {
  const auto& reg = *in.registry;
  std::vector<std::pair<std::string, OrgUnitId>> said;  // text, province
  for (const auto& [t, who] : passages) {
    for (auto u : who) said.push_back({t, u});
  }
  std::sort(said.begin(), said.end(),
            [&](const auto& a, const auto& b) { return UnitOrder(reg, a.second, b.second); });
  std::set<OrgUnitId> named_any;
  std::set<OrgUnitId> all;
  for (const auto& tv : in.program->targets) {
    const std::string name = tv.name();
    if (text::CountCodePoints(name) < 12) continue;  // too short to be told apart in a text
    std::vector<std::string> names;
    for (const auto& [t, u] : said) {
      if (t.find(name) == std::string::npos) continue;
      if (std::find(names.begin(), names.end(), UnitName(reg, u)) != names.end()) continue;
      names.push_back(UnitName(reg, u));
      named_any.insert(u);
    }
    if (names.empty()) continue;
    out.push_back(Paragraph(sec + ".provinces.t" + std::to_string(tv.id), sec, "provinces",
                            "Về chỉ tiêu “" + name + "”: " + TimeNumber(names.size()) +
                                " tỉnh, thành phố (" + NamesList(names, 6, "tỉnh") + ")."));
  }
  std::vector<std::string> rest;
  for (const auto& [t, u] : said) {
    all.insert(u);
    if (named_any.count(u)) continue;
    std::string n = UnitName(reg, u);
    if (std::find(rest.begin(), rest.end(), n) == rest.end()) rest.push_back(n);
  }
  std::string tail;
  if (!rest.empty()) {
    tail = (named_any.empty() ? std::string("Có ") : std::string("Các nội dung khác: ")) +
           TimeNumber(rest.size()) + " tỉnh, thành phố (" + NamesList(rest, 6, "tỉnh") + "). ";
  }
  out.push_back(Paragraph(sec + ".provinces.other", sec, "provinces",
                          tail + "Ý kiến của từng địa phương (" + TimeNumber(all.size()) +
                              " tỉnh, thành phố) tại mục 3 Phụ lục."));
}

void AddNarrativeSections(const ConsolidationInput& in, std::vector<Block>& out,
                          std::map<std::string, Passages>& provinces_said) {
  const auto& plan = in.program->record.plan;
  const auto& reg = *in.registry;
  auto texts = NarrativesByUnit(in);
  // The area each Ministry unit answers for (the one it leads with the fewest others), else
  // the first it leads in part II.
  auto areas = ProgramAreas(plan, &reg);
  std::map<OrgUnitId, std::string> area_of = UnitAreas(areas);
  for (const auto& a : areas) {
    for (auto u : a.leads) area_of.emplace(u, a.section);
  }
  std::vector<OrgUnitId> units;
  for (const auto& [u, t] : texts) units.push_back(u);
  std::sort(units.begin(), units.end(),
            [&](OrgUnitId a, OrgUnitId b) { return UnitOrder(reg, a, b); });
  std::vector<std::string> order = AreaOrder(plan);
  order.push_back("provinces");
  order.push_back("others");

  for (const auto& spec : Sections()) {
    const std::string sec = spec.key;
    out.push_back(Heading(sec, "WPSection", sec, "", spec.title));
    if (in.kind == domain::DocumentKind::kUnit) {
      std::string t;
      if (in.unit) {
        if (auto it = texts.find(*in.unit); it != texts.end()) t = Joined(it->second, spec);
      }
      out.push_back(Paragraph(sec + ".text", sec, "", t.empty() ? "Không có." : t));
      continue;
    }
    // area → text → units sending it, in unit order.
    std::map<std::string, Passages> buckets;
    size_t below = 0;
    for (OrgUnitId u : units) {
      std::string t = Joined(texts[u], spec);
      if (t.empty()) continue;
      const OrgUnit* unit = reg.Find(u);
      std::string area;
      if (unit && unit->kind == OrgKind::kProvince) {
        area = "provinces";
      } else if (unit && (unit->kind == OrgKind::kDistrict || unit->kind == OrgKind::kCommune)) {
        ++below;  // counted, not quoted: thousands of communes would bury the Ministry's own
        continue;
      } else if (auto it = area_of.find(u); it != area_of.end()) {
        area = it->second;
      } else {
        area = "others";
      }
      AddPassage(buckets[area], t, u);
    }
    int n = 0;
    for (const auto& area : order) {
      auto it = buckets.find(area);
      if (it == buckets.end()) continue;
      out.push_back(Heading(sec + ".area." + area, "WPArea", sec, area,
                            std::to_string(++n) + ". " + AreaTitle(plan, area)));
      if (area == "provinces") {
        AddProvinceSummary(in, sec, it->second, out);
        provinces_said[sec] = it->second;
        continue;
      }
      for (const auto& [t, who] : it->second) {
        out.push_back(PassageBlock(reg, sec + "." + area, sec, area, t, who));
      }
    }
    if (below > 0) {
      out.push_back(Paragraph(sec + ".below", sec, "",
                              "Ngoài ra, " + TimeNumber(below) +
                                  " đơn vị cấp huyện, xã nêu nội dung này trong báo cáo."));
    }
    if (buckets.empty() && below == 0) {
      out.push_back(
          Paragraph(sec + ".none", sec, "",
                    "Chưa có đơn vị nào nêu nội dung này trong báo cáo đã duyệt của kỳ."));
    }
  }
}

// ───────────────────────────── annex ─────────────────────────────

void AddAnnex(const ConsolidationInput& in, std::vector<Block>& out) {
  const auto& reg = *in.registry;
  out.push_back(Heading("annex", "WPAnnexTitle", "annex", "", "PHỤ LỤC"));
  out.push_back(Heading("annex.timeliness.title", "WPArea", "annex", "",
                        "1. Tình hình gửi báo cáo " + PeriodPhrase(in.period)));
  struct Row {
    OrgUnitId unit;
    TimelinessCounts c;
    size_t below = 0;  // units rolled into it
  };
  std::vector<Row> rows;
  if (in.timeliness) {
    const auto& by_unit = in.timeliness->by_unit;
    bool roll_up = by_unit.size() > kTimelinessRollUp;
    std::map<OrgUnitId, size_t> index;
    for (const auto& r : by_unit) {
      if (!r.unit) continue;
      OrgUnitId u = *r.unit;
      size_t below = 0;
      if (roll_up) {
        const OrgUnit* unit = reg.Find(u);
        if (unit && (unit->kind == OrgKind::kDistrict || unit->kind == OrgKind::kCommune)) {
          if (auto p = ProvinceOf(reg, u)) {
            u = *p;
            below = 1;
          }
        }
      }
      auto [it, added] = index.emplace(u, rows.size());
      if (added) rows.push_back({u, {}, 0});
      Row& row = rows[it->second];
      row.below += below;
      auto& c = row.c;
      c.expected += r.counts.expected;
      c.received += r.counts.received;
      c.on_time += r.counts.on_time;
      c.late += r.counts.late;
      c.missing += r.counts.missing;
      c.pending += r.counts.pending;
    }
  }
  std::sort(rows.begin(), rows.end(),
            [&](const Row& a, const Row& b) { return UnitOrder(reg, a.unit, b.unit); });
  domain::BlockTable t;
  t.columns = {{"TT", "text"},          {"Đơn vị", "text"},  {"Phải gửi", "integer"},
               {"Đúng hạn", "integer"}, {"Muộn", "integer"}, {"Chưa gửi", "integer"}};
  TimelinessCounts total;
  std::vector<std::string> missing;
  size_t tt = 0, units_on_time = 0;
  for (const auto& r : rows) {
    total.expected += r.c.expected;
    total.on_time += r.c.on_time;
    total.late += r.c.late;
    total.missing += r.c.missing;
    if (r.c.missing > 0) missing.push_back(UnitName(reg, r.unit));
    // Only the units late or missing are listed; those on time are counted.
    if (r.c.late == 0 && r.c.missing == 0) {
      if (r.c.expected > 0) ++units_on_time;
      continue;
    }
    std::string name = UnitName(reg, r.unit);
    if (r.below > 0) name += " (gồm " + TimeNumber(r.below) + " đơn vị cấp huyện, xã)";
    auto num = [](size_t v) { return Cell(TimeNumber(v), true); };
    t.rows.push_back({Cell(std::to_string(++tt)), Cell(name), num(r.c.expected), num(r.c.on_time),
                      num(r.c.late), num(r.c.missing)});
  }
  auto bold = [](std::string s, bool numeric) {
    auto c = Cell(std::move(s), numeric);
    c.bold = true;
    return c;
  };
  t.rows.push_back({bold("", false), bold("Tổng cộng", false),
                    bold(TimeNumber(total.expected), true), bold(TimeNumber(total.on_time), true),
                    bold(TimeNumber(total.late), true), bold(TimeNumber(total.missing), true)});
  out.push_back(Paragraph(
      "annex.timeliness.summary", "annex", "",
      "Phải gửi " + TimeNumber(total.expected) + " báo cáo: đúng hạn " + TimeNumber(total.on_time) +
          ", muộn " + TimeNumber(total.late) + ", chưa gửi " + TimeNumber(total.missing) + ". " +
          TimeNumber(units_on_time) + " đơn vị gửi đủ, đúng hạn; " +
          (tt == 0 ? std::string("không có đơn vị nào gửi muộn hoặc chưa gửi.")
                   : "bảng dưới đây nêu " + TimeNumber(tt) + " đơn vị gửi muộn hoặc chưa gửi.")));
  if (tt > 0) {
    Block tb = MakeBlock("annex.timeliness", BlockKind::kTable, "WPTable", "annex", "", "");
    tb.table = std::move(t);
    out.push_back(std::move(tb));
  }
  std::string miss;
  if (missing.empty()) {
    miss = "Tất cả các đơn vị phải báo cáo đã gửi báo cáo.";
  } else {
    constexpr size_t kNamed = 100;
    miss = "Chưa gửi báo cáo: ";
    for (size_t i = 0; i < missing.size() && i < kNamed; ++i) miss += (i ? ", " : "") + missing[i];
    if (missing.size() > kNamed)
      miss += " và " + TimeNumber(missing.size() - kNamed) + " đơn vị khác";
    miss += ".";
  }
  out.push_back(Paragraph("annex.missing", "annex", "", miss));

  out.push_back(Heading("annex.overdue.title", "WPArea", "annex", "",
                        "2. Nhiệm vụ chậm so với thời hạn, theo đơn vị chủ trì"));
  std::map<std::string, const TaskView*> tasks;
  if (in.tasks) {
    for (const auto& r : in.tasks->rows) tasks[r.task.id] = &r.task;
  }
  struct Late {
    std::string lead;
    const OverdueTask* o;
  };
  std::vector<Late> late;
  if (in.overdue) {
    for (const auto& o : *in.overdue) late.push_back({UnitName(reg, o.unit), &o});
  }
  std::stable_sort(late.begin(), late.end(), [](const Late& a, const Late& b) {
    if (a.lead != b.lead) return a.lead < b.lead;
    auto da = a.o->deadline && a.o->deadline->due ? *a.o->deadline->due : core::CivilDate{};
    auto db = b.o->deadline && b.o->deadline->due ? *b.o->deadline->due : core::CivilDate{};
    return da < db;
  });
  domain::BlockTable ot;
  ot.columns = {{"TT", "text"},       {"Đơn vị chủ trì", "text"},
                {"Nhiệm vụ", "text"}, {"Mục", "text"},
                {"Hạn", "date"},      {"Số ngày quá hạn", "integer"}};
  for (size_t i = 0; i < late.size() && i < kMaxOverdueRows; ++i) {
    const OverdueTask& o = *late[i].o;
    auto it = tasks.find(o.task_id);
    std::string what = it != tasks.end() && it->second->task
                           ? ShortText(it->second->task->text, 160)
                           : (o.section ? o.section->title : o.task_id);
    std::string due, days;
    std::optional<std::string> due_iso;
    if (o.deadline && o.deadline->due) {
      due = o.deadline->due->ToVietnamese();
      due_iso = o.deadline->due->ToIso();
      long d = core::DaysFromCivil(in.as_of) - core::DaysFromCivil(*o.deadline->due);
      days = TimeNumber(static_cast<size_t>(std::max(0L, d)));
    }
    domain::TableCell due_cell = Cell(due);
    due_cell.value = due_iso;
    ot.rows.push_back({Cell(std::to_string(i + 1)), Cell(late[i].lead), Cell(what),
                       Cell(o.section ? o.section->number : ""), due_cell, Cell(days, true)});
  }
  if (late.empty()) {
    out.push_back(Paragraph(
        "annex.overdue", "annex", "",
        "Không có nhiệm vụ chậm so với thời hạn đến ngày " + in.as_of.ToVietnamese() + "."));
  } else {
    Block ob = MakeBlock("annex.overdue", BlockKind::kTable, "WPTable", "annex", "", "");
    ob.table = std::move(ot);
    out.push_back(std::move(ob));
    if (late.size() > kMaxOverdueRows) {
      out.push_back(Paragraph("annex.overdue.more", "annex", "",
                              "Và " + TimeNumber(late.size() - kMaxOverdueRows) +
                                  " nhiệm vụ chậm khác (xem bảng theo dõi nhiệm vụ)."));
    }
  }
}

// The provinces' passages in their words, by section ("3. Ý kiến của các địa phương").
void AddProvinceVoices(const ConsolidationInput& in,
                       const std::map<std::string, Passages>& provinces_said,
                       std::vector<Block>& out) {
  if (provinces_said.empty()) return;
  out.push_back(
      Heading("annex.voices.title", "WPArea", "annex", "", "3. Ý kiến của các địa phương"));
  int n = 0;
  for (const auto& spec : Sections()) {
    auto it = provinces_said.find(spec.key);
    if (it == provinces_said.end()) continue;
    // "II. TỒN TẠI, …" → "3.1. Tồn tại, …".
    std::string title = spec.title;
    if (auto dot = title.find(". "); dot != std::string::npos) title = title.substr(dot + 2);
    out.push_back(Heading(std::string("annex.voices.") + spec.key, "WPBody", "annex", "provinces",
                          "3." + std::to_string(++n) + ". " + text::SentenceCase(title)));
    for (const auto& [t, who] : it->second) {
      out.push_back(PassageBlock(*in.registry, std::string("annex.") + spec.key, "annex",
                                 "provinces", t, who));
    }
  }
}

domain::DocumentHeader DefaultHeader(const ConsolidationInput& in) {
  const auto& plan = in.program->record.plan;
  domain::DocumentHeader h;
  h.place = plan.document.place.value_or("Hà Nội");
  h.title = "BÁO CÁO";
  h.subject = ReportSubject(in.period);
  const OrgUnit* unit =
      in.kind == domain::DocumentKind::kUnit && in.unit ? in.registry->Find(*in.unit) : nullptr;
  if (!unit) {
    h.parent_body = "";
    h.issuer = plan.document.issuer ? text::ToUpper(*plan.document.issuer) : kMinistry;
    h.symbol = "BC-" + IssuerSymbol(plan);
    h.signature = {"KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", ""};
    h.recipients = {"- Bộ trưởng (để báo cáo);", "- Các Thứ trưởng;", "- Các đơn vị thuộc Bộ;",
                    "- Vụ Kế hoạch - Tài chính;", "- Lưu: VT, VP."};
    return h;
  }
  if (unit->kind == OrgKind::kProvince) {
    h.parent_body = "UBND " + text::ToUpper(unit->name);
    h.issuer = "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI";
    h.symbol = "BC-SLĐTBXH";
    h.place = unit->name;
    h.signature = {"", "GIÁM ĐỐC", ""};
  } else {
    h.parent_body = plan.document.issuer ? text::ToUpper(*plan.document.issuer) : kMinistry;
    h.issuer = text::ToUpper(unit->name);
    h.symbol = "BC-" + unit->code;
    h.signature = {"", "THỦ TRƯỞNG ĐƠN VỊ", ""};
  }
  h.recipients = {"- Bộ Lao động - Thương binh và Xã hội (Văn phòng Bộ, Vụ Kế hoạch - Tài chính);",
                  "- Lưu: VT."};
  return h;
}

std::string Intro(const ConsolidationInput& in) {
  const auto& doc = in.program->record.plan.document;
  std::string decision = "Chương trình công tác";
  if (doc.year) decision += " năm " + std::to_string(*doc.year);
  if (doc.number) {
    decision += " ban hành kèm theo Quyết định số " + *doc.number;
    if (doc.issued_date) decision += " ngày " + doc.issued_date->ToVietnamese();
  }
  std::string who = in.kind == domain::DocumentKind::kUnit && in.unit
                        ? UnitName(*in.registry, *in.unit)
                        : (doc.issuer.value_or("Bộ Lao động - Thương binh và Xã hội"));
  std::string from = in.kind == domain::DocumentKind::kUnit
                         ? "số liệu đã được duyệt đến ngày "
                         : "báo cáo đã được duyệt của các đơn vị, địa phương, số liệu đến ngày ";
  return "Thực hiện " + decision + ", trên cơ sở " + from + in.as_of.ToVietnamese() + ", " + who +
         " báo cáo tình hình thực hiện " + PeriodPhrase(in.period) + " như sau:";
}

}  // namespace

ConsolidatedDraft BuildConsolidated(const ConsolidationInput& in) {
  ConsolidatedDraft out;
  out.header = DefaultHeader(in);
  out.blocks.push_back(Paragraph("intro", "", "", Intro(in)));
  AddSectionI(in, out.blocks);
  if (in.kind == domain::DocumentKind::kUnit) {
    auto texts = NarrativesByUnit(in);
    if (in.unit) {
      if (auto it = texts.find(*in.unit); it != texts.end()) {
        auto r = it->second.find(Narrative::kResults);
        if (r != it->second.end() && !text::Trim(r->second).empty()) {
          out.blocks.push_back(Paragraph("I.results", "I", "", std::string(text::Trim(r->second))));
        }
      }
    }
  }
  std::map<std::string, Passages> provinces_said;
  AddNarrativeSections(in, out.blocks, provinces_said);
  if (in.kind == domain::DocumentKind::kConsolidated) {
    AddAnnex(in, out.blocks);
    AddProvinceVoices(in, provinces_said, out.blocks);
  }
  return out;
}

}  // namespace wp::service
