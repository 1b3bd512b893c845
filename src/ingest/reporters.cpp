// Who reports each target (issue 16): a proposal read from the decision's wording, which the
// planner confirms or changes in the responsibility matrix before publishing. The first rule that
// applies decides, and is recorded: document_count, fund, leads, restated_in:<section>,
// catalogue, area:<section>, none (with the reason, and a warning for review). Names stay as
// written; ResolvePlanUnits resolves them at import.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "ingest/indicators.hpp"
#include "ingest/passes.hpp"
#include "ingest/words.hpp"
#include "text/fold.hpp"

namespace wp::ingest {
namespace {

using domain::ReporterGroup;
using domain::ReporterProposal;
using domain::TargetReporters;

// Bodies outside the Ministry that publish an indicator themselves: a catalogue consolidator
// naming one means no unit of the Ministry reports it.
struct Publisher {
  std::string_view code, name;
};
constexpr Publisher kOutsidePublishers[] = {{"TCTK", "Tổng cục Thống kê"}};

enum class LeadKind { kProvinces, kDepartments, kMinistryUnit, kOtherUnit, kGeneric };

// The unit names the binder knows, folded once per decision.
struct KnownName {
  std::string key;  // FoldKey of a name or alias
  LeadKind kind;
};

std::vector<KnownName> FoldNames(const std::vector<domain::UnitName>& names) {
  std::vector<KnownName> out;
  for (const domain::UnitName& u : names) {
    LeadKind kind = LeadKind::kMinistryUnit;
    if (u.kind == domain::UnitNameKind::kGroup) kind = LeadKind::kDepartments;
    if (u.kind == domain::UnitNameKind::kGeneric) kind = LeadKind::kGeneric;
    // The Ministry itself and outside bodies (the social policy bank) are not its units.
    std::string f = text::Fold(u.name);
    if (kind == LeadKind::kMinistryUnit && (f.starts_with("bo ") || f.starts_with("ngan hang")))
      kind = LeadKind::kOtherUnit;
    out.push_back({text::FoldKey(u.name), kind});
    for (const std::string& a : u.aliases) out.push_back({text::FoldKey(a), kind});
  }
  return out;
}

LeadKind KindOf(const std::vector<KnownName>& known, std::string_view lead) {
  std::string f = text::Fold(lead);
  if (f.find("cac tinh") != std::string::npos || f.starts_with("cac so ") ||
      f == "so lao dong - thuong binh va xa hoi")
    return LeadKind::kProvinces;
  if (f.starts_with("cac don vi thuoc")) return LeadKind::kDepartments;
  std::string key = text::FoldKey(lead);
  for (const KnownName& k : known) {
    if (k.key == key) return k.kind;
  }
  if (f.starts_with("cac ")) return LeadKind::kGeneric;
  return domain::StartsWithUnitHead(lead) ? LeadKind::kOtherUnit : LeadKind::kGeneric;
}

ReporterProposal Unit(std::string_view written) {
  ReporterProposal p;
  p.written = std::string(written);
  return p;
}
ReporterProposal Group(ReporterGroup g) {
  ReporterProposal p;
  p.group = g;
  return p;
}

// The leads that answer for a target: its task's own, else its section's.
const std::vector<std::string>* LeadsOf(const domain::PlanDraft& plan, const domain::Target& t) {
  const domain::Section* s = domain::SectionOf(plan, t.section, t.span);
  if (!s) return nullptr;
  for (const domain::Task& task : s->tasks) {
    if (!task.leads_inherited && !task.lead_units.empty() && t.span.offset >= task.span.offset &&
        t.span.offset < task.span.offset + task.span.length)
      return &task.lead_units;
  }
  return s->lead_units.empty() ? nullptr : &s->lead_units;
}

// "Sở … các tỉnh, thành phố" → the provinces; "các đơn vị thuộc Bộ" → the departments; single
// units report when no group does; the first single Ministry unit consolidates, else the first
// addressee of the program's reporting rule (Vụ Kế hoạch – Tài chính).
std::optional<TargetReporters> FromLeads(const Context& cx, const std::vector<KnownName>& known,
                                         const std::vector<std::string>& leads) {
  TargetReporters r;
  std::vector<std::string_view> singles;
  std::set<ReporterGroup> groups;
  std::optional<std::string_view> consolidator;
  for (const std::string& lead : leads) {
    switch (KindOf(known, lead)) {
      case LeadKind::kProvinces:
        groups.insert(ReporterGroup::kProvinces);
        break;
      case LeadKind::kDepartments:
        groups.insert(ReporterGroup::kDepartments);
        break;
      case LeadKind::kMinistryUnit:
        if (!consolidator) consolidator = lead;
        singles.push_back(lead);
        break;
      case LeadKind::kOtherUnit:
        singles.push_back(lead);
        break;
      case LeadKind::kGeneric:
        break;
    }
  }
  if (groups.empty() && singles.empty()) return std::nullopt;
  for (ReporterGroup g : groups) r.reporters.push_back(Group(g));
  if (groups.empty()) {
    for (std::string_view s : singles) r.reporters.push_back(Unit(s));
  }
  if (consolidator) {
    r.consolidator = Unit(*consolidator);
  } else {
    for (const domain::ReportingRule& rule : cx.plan.reporting) {
      if (!rule.to.empty()) {
        r.consolidator = Unit(rule.to.front());
        break;
      }
    }
  }
  r.rule = "leads";
  return r;
}

const domain::Indicator* CatalogueOf(const Context& cx, const domain::Target& t) {
  if (t.indicator_code.empty()) return nullptr;
  for (const domain::Indicator& ind : cx.indicators) {
    if (ind.code == t.indicator_code) return &ind;
  }
  return nullptr;
}

// Words too common in the areas' titles to place a target ("lao động", "tỷ lệ", "số người").
std::set<std::string> AreaWords(std::string_view s) {
  static const std::set<std::string> kCommon = {
      "so",    "ty",  "le",   "duoc", "va",     "cac",   "cho",  "trong", "tong",
      "nguoi", "lao", "dong", "nam",  "thuc",   "hien",  "tang", "giam",  "muc",
      "tieu",  "cua", "voi",  "co",   "the",    "xa",    "hoi",  "nha",   "nuoc",
      "moi",   "cao", "nang", "tao",  "thuong", "xuyen", "cong", "tac"};
  std::set<std::string> out;
  for (std::string& w : FoldedWords(s)) {
    if (w.size() > 1 && !kCommon.contains(w) && !(w[0] >= '0' && w[0] <= '9')) out.insert(w);
  }
  return out;
}

// The areas of section II (II.1, II.2, …) with the words of their titles, and in each the
// sub-item that answers for it: the first the provinces lead, else the first with leads.
struct Area {
  const domain::Section* answering = nullptr;
  std::set<std::string> words;
};

std::vector<Area> Areas(const Context& cx, const std::vector<KnownName>& known) {
  std::vector<Area> out;
  for (const domain::Section& s : cx.plan.sections) {
    if (s.depth != 1 || !s.number.starts_with("II.")) continue;
    Area a;
    a.words = AreaWords(s.title);
    for (const domain::Section& sub : cx.plan.sections) {
      if (sub.parent != s.number || sub.lead_units.empty()) continue;
      bool provinces = std::any_of(
          sub.lead_units.begin(), sub.lead_units.end(),
          [&](const std::string& lead) { return KindOf(known, lead) == LeadKind::kProvinces; });
      if (provinces) {
        a.answering = &sub;
        break;
      }
      if (!a.answering) a.answering = &sub;
    }
    if (a.answering) out.push_back(std::move(a));
  }
  return out;
}

// The sub-item answering for the area whose title shares most words with what the target
// counts; the item the target is written in breaks ties ("trợ giúp" is II.8's word, "quyền trẻ
// em" of I.6's title II.9's).
const domain::Section* AreaOf(const Context& cx, const std::vector<Area>& areas,
                              const domain::Target& t, const domain::Indicator* ind) {
  auto words = AreaWords(t.indicator + " " + (ind ? ind->name : std::string()));
  const domain::Section* item = domain::SectionOf(cx.plan, t.section, t.span);
  auto item_words = AreaWords(item ? item->title : std::string());
  const domain::Section* best = nullptr;
  size_t best_score = 0;
  for (const Area& a : areas) {
    size_t own = 0, context = 0;
    for (const std::string& w : a.words) {
      own += words.contains(w);
      context += item_words.contains(w);
    }
    if (own == 0) continue;
    size_t score = own * 100 + context;
    if (score > best_score) {
      best = a.answering;
      best_score = score;
    }
  }
  return best;
}

bool InPartOneOrTwo(const domain::Target& t) {
  return t.section == "I" || t.section == "II" || t.section.starts_with("I.") ||
         t.section.starts_with("II.");
}

}  // namespace

void BindReporters(Context& cx) {
  auto& ts = cx.plan.targets;
  const std::vector<KnownName> known = FoldNames(cx.units_known);
  const std::vector<Area> areas = Areas(cx, known);
  std::vector<char> done(ts.size(), 0);
  auto is_part = [&](size_t i) { return ts[i].parent.has_value(); };
  auto is_growth = [&](size_t i) { return ts[i].mention_kind == domain::MentionKind::kGrowth; };
  // 1–3: what the decision's wording says where the target is written.
  for (size_t i = 0; i < ts.size(); ++i) {
    domain::Target& t = ts[i];
    if (!InPartOneOrTwo(t) || is_part(i) || is_growth(i)) continue;
    const std::vector<std::string>* leads = LeadsOf(cx.plan, t);
    if (!leads) continue;
    const domain::Section* section = domain::SectionOf(cx.plan, t.section, t.span);
    std::vector<std::string> candidates = *leads;
    if (section && &section->lead_units != leads) {
      candidates.insert(candidates.end(), section->lead_units.begin(), section->lead_units.end());
    }
    // 1. A count of documents to draft: the drafting unit answers for it alone.
    if (IsDocumentCount(t.unit)) {
      for (const std::string& lead : candidates) {
        if (KindOf(known, lead) != LeadKind::kMinistryUnit) continue;
        t.reporters.reporters = {Unit(lead)};
        t.reporters.consolidator = Unit(lead);
        t.reporters.rule = "document_count";
        done[i] = 1;
        break;
      }
      if (done[i]) continue;
    }
    // 2. Money a fund mobilises: the fund reports and consolidates.
    std::string what = text::Fold(t.indicator + " " + t.raw);
    if (t.unit == "đồng" && (what.find("huy dong") != std::string::npos ||
                             what.find("van dong") != std::string::npos)) {
      for (const std::string& lead : candidates) {
        if (!text::Fold(lead).starts_with("quy ") || KindOf(known, lead) != LeadKind::kMinistryUnit)
          continue;
        t.reporters.reporters = {Unit(lead)};
        t.reporters.consolidator = Unit(lead);
        t.reporters.rule = "fund";
        done[i] = 1;
        break;
      }
      if (done[i]) continue;
    }
    // 3. The leads.
    if (auto r = FromLeads(cx, known, *leads)) {
      t.reporters = std::move(*r);
      done[i] = 1;
    }
  }
  // The first restatement of each target that the wording gave reporters.
  std::vector<int> restated_in(ts.size(), -1);
  for (size_t m = 0; m < ts.size(); ++m) {
    if (!ts[m].mention_of || ts[m].mention_kind != domain::MentionKind::kRestated || !done[m])
      continue;
    auto first = static_cast<size_t>(*ts[m].mention_of);
    if (first < ts.size() && restated_in[first] < 0) restated_in[first] = static_cast<int>(m);
  }
  // 4–7 for the targets the wording around them leaves without reporters.
  for (size_t i = 0; i < ts.size(); ++i) {
    domain::Target& t = ts[i];
    if (done[i] || !InPartOneOrTwo(t) || is_growth(i)) continue;
    // 4. A headline restated where a unit leads: that mention's reporters (a "trong đó" part
    // too: I.1's export of labour is II.3.1's, not the jobs' whole).
    if (int m = restated_in[i]; m >= 0) {
      t.reporters = ts[static_cast<size_t>(m)].reporters;
      t.reporters.rule = "restated_in:" + ts[static_cast<size_t>(m)].section;
      done[i] = 1;
    }
    if (done[i] || is_part(i)) continue;
    // 5. The catalogue's defaults.
    const domain::Indicator* ind = CatalogueOf(cx, t);
    if (ind && (ind->default_reporters || !ind->default_consolidator.empty())) {
      const Publisher* outside = nullptr;
      for (const Publisher& p : kOutsidePublishers) {
        if (p.code == ind->default_consolidator) outside = &p;
      }
      if (outside) {
        t.reporters.rule = "none";
        t.reporters.why_none = "Số liệu do " + std::string(outside->name) +
                               " công bố; không đơn vị nào của Bộ báo cáo chỉ tiêu này";
      } else {
        if (ind->default_reporters) t.reporters.reporters.push_back(Group(*ind->default_reporters));
        if (!ind->default_consolidator.empty()) {
          t.reporters.consolidator = Unit(ind->default_consolidator);
          if (!ind->default_reporters) t.reporters.reporters.push_back(*t.reporters.consolidator);
        }
        t.reporters.rule = "catalogue";
      }
      done[i] = 1;
      continue;
    }
    // 6. The area of section II that manages what it counts.
    if (const domain::Section* area = AreaOf(cx, areas, t, ind)) {
      if (auto r = FromLeads(cx, known, area->lead_units)) {
        t.reporters = std::move(*r);
        t.reporters.rule = "area:" + area->number;
        done[i] = 1;
        continue;
      }
    }
    // 7. Nobody: said to the planner.
    t.reporters.rule = "none";
    t.reporters.why_none =
        "Mục " + t.section +
        " không nêu đơn vị chủ trì, chỉ tiêu không được nêu lại ở phần giải pháp và danh mục "
        "chỉ tiêu không cho biết đơn vị báo cáo";
    done[i] = 1;
  }
  // "Trong đó" parts answer as their whole; a growth note as the target it notes.
  for (size_t i = 0; i < ts.size(); ++i) {
    domain::Target& t = ts[i];
    if (!InPartOneOrTwo(t)) continue;
    if (is_growth(i) && t.mention_of) {
      t.reporters = ts[static_cast<size_t>(*t.mention_of)].reporters;
      continue;
    }
    if (!is_part(i) || done[i]) continue;
    for (size_t w = i; w-- > 0 && ts[w].section == t.section;) {
      if (ts[w].indicator == *t.parent) {
        t.reporters = ts[w].reporters;
        break;
      }
    }
    if (t.reporters.rule.empty()) {
      t.reporters.rule = "none";
      t.reporters.why_none = "Không tìm thấy chỉ tiêu tổng của phần \"trong đó\" này";
    }
  }
  for (const domain::Target& t : ts) {
    if (t.reporters.rule != "none" || t.mention_of) continue;
    core::Diagnostic d;
    d.severity = core::Severity::kWarning;
    d.code = "target_without_reporter";
    d.message = "Chỉ tiêu \"" + t.raw + "\" (mục " + t.section +
                ") chưa có đơn vị báo cáo: " + t.reporters.why_none;
    d.span = t.span;
    cx.plan.diagnostics.push_back(std::move(d));
  }
}

}  // namespace wp::ingest
