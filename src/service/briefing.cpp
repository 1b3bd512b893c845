#include "service/briefing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "domain/document.hpp"
#include "service/areas.hpp"
#include "service/consolidation.hpp"
#include "service/organisation.hpp"
#include "service/phrases.hpp"
#include "service/responsibilities.hpp"
#include "text/utf8.hpp"

namespace wp::service {
namespace {

// The first `n` dot-separated parts of a section number: ("II.2.1", 2) → "II.2".
std::string Prefix(std::string_view section, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    pos = section.find('.', pos);
    if (pos == std::string_view::npos) return std::string(section);
    if (i + 1 < n) ++pos;
  }
  return std::string(section.substr(0, pos));
}

// The part a section is written in: "I.1" → "I", "III" → "III".
std::string PartOf(std::string_view section) { return Prefix(section, 1); }

// The place of a task in its section, from its id ("II.2.1#3" → 2); nullopt if malformed.
std::optional<size_t> TaskIndex(std::string_view id) {
  auto hash = id.rfind('#');
  if (hash == std::string_view::npos || hash + 1 >= id.size()) return std::nullopt;
  size_t n = 0;
  for (char c : id.substr(hash + 1)) {
    if (c < '0' || c > '9' || n > 100000) return std::nullopt;
    n = n * 10 + size_t(c - '0');
  }
  if (n == 0) return std::nullopt;
  return n - 1;
}

bool Measured(TargetState s) {
  return s == TargetState::kOnTrack || s == TargetState::kAtRisk || s == TargetState::kOffTrack ||
         s == TargetState::kIncomplete;
}

// What a target lacks against the pace, or nullopt when it lacks nothing (or is not measured).
std::optional<BriefingShortfall> ShortfallOf(const TargetMeasure& tm) {
  const auto& m = tm.measure;
  if (!Measured(tm.state) || !m.achievement || !std::isfinite(*m.achievement)) return std::nullopt;
  BriefingShortfall s;
  s.target = tm.target;
  s.achievement = m.achievement;
  s.state = tm.state;
  if (m.expected && std::isfinite(*m.expected) && m.target && *m.target > 0) {
    // The share of the year's plan due by now (the engine's `expected` is in the target's unit).
    s.expected = *m.expected / *m.target;
    s.gap = *s.expected - *m.achievement;
    s.text = "đạt " + FormatRatio(*m.achievement) + " kế hoạch năm; theo tiến độ cần đạt " +
             FormatRatio(*s.expected) + " (thiếu " + FormatRatio(s.gap) + " kế hoạch năm)";
  } else if (m.projected_achievement && std::isfinite(*m.projected_achievement)) {
    s.gap = 1 - *m.projected_achievement;
    s.text = "đạt " + FormatRatio(*m.achievement) + " mục tiêu; dự báo cả năm đạt " +
             FormatRatio(*m.projected_achievement);
  } else {
    s.gap = 1 - *m.achievement;
    s.text = "đạt " + FormatRatio(*m.achievement) + " mục tiêu";
  }
  // Less than what the dashboard shows as 0,1 point is no shortfall.
  if (!(s.gap >= 0.0005)) return std::nullopt;
  if (tm.state == TargetState::kIncomplete && tm.coverage) {
    s.text += " (theo " + tm.coverage->text + ")";
  }
  return s;
}

}  // namespace

std::vector<AreaOutline> OutlineAreas(const ProgramView& program, const DashboardView& dashboard,
                                      const std::map<int64_t, domain::OrgUnitId>& owners,
                                      const domain::OrgRegistry* registry) {
  const auto& plan = program.record.plan;
  const auto items = ProgramAreas(plan, registry);
  std::vector<AreaOutline> areas;
  std::map<std::string, size_t> index;
  for (const auto& a : items) {
    index[a.section] = areas.size();
    areas.push_back({a.section, a.title, a.source, a.leads, a.provinces_lead, {}});
  }
  auto area_for = [&](const std::string& key) -> AreaOutline& {
    auto it = index.find(key);
    if (it != index.end()) return areas[it->second];
    index[key] = areas.size();
    areas.push_back({key, "", nullptr, {}, false, {}});
    return areas.back();
  };
  // The one rule the consolidated report places targets by too (service/areas.hpp); a target
  // no area claims goes to its part's own area ("I"), first, under the part's title.
  const auto placed = PlaceTargets(program, items, owners);
  std::vector<std::pair<const TargetMeasure*, std::string>> outline;
  for (const auto& tm : dashboard.targets) {
    auto it = placed.find(tm.target->id);
    std::string area = it != placed.end() ? it->second : "";
    if (area.empty()) {
      area = PartOf(tm.target->target.section);
      if (!index.count(area)) {
        const domain::Section* part = nullptr;
        for (const auto& s : plan.sections) {
          if (s.number == area) {
            part = &s;
            break;
          }
        }
        for (auto& [k, i] : index) ++i;
        index[area] = 0;
        areas.insert(areas.begin(), {area, part ? part->title : "", part, {}, false, {}});
      }
    }
    outline.push_back({&tm, area});
  }
  for (auto& [tm, area] : outline) area_for(area).targets.push_back(tm);
  return areas;
}

std::map<std::string, int64_t> MainTargets(const std::vector<AreaOutline>& areas) {
  std::map<std::string, int64_t> out;
  for (const auto& a : areas) {
    for (const auto* tm : a.targets) {
      if (tm->coverage && tm->coverage->provinces && tm->measure.achievement &&
          Measured(tm->state)) {
        out[a.section] = tm->target->id;
        break;
      }
    }
  }
  return out;
}

BriefingView BuildBriefing(const BriefingInput& in) {
  BriefingView v;
  v.program = in.program;
  v.dashboard = in.dashboard;
  const auto& plan = in.program->record.plan;
  const auto outline = OutlineAreas(*in.program, v.dashboard, in.owners, in.registry);
  const auto mains = MainTargets(outline);
  std::map<std::string, size_t> index;
  for (const auto& a : outline) {
    BriefingArea area;
    area.section = a.section;
    area.title = a.title;
    area.leads = a.leads;
    area.provinces_lead = a.provinces_lead;
    for (const auto* tm : a.targets) {
      area.targets.push_back({tm->target, tm->measure, tm->state, tm->coverage});
      if (auto s = ShortfallOf(*tm)) area.shortfalls.push_back(std::move(*s));
    }
    std::stable_sort(area.shortfalls.begin(), area.shortfalls.end(),
                     [](const auto& x, const auto& y) { return x.gap > y.gap; });
    if (area.shortfalls.size() > kBriefingShortfalls) area.shortfalls.resize(kBriefingShortfalls);
    if (auto m = mains.find(a.section); m != mains.end()) {
      area.main_target = m->second;
      if (auto r = in.rankings.find(m->second); r != in.rankings.end()) {
        for (const auto& row : r->second) {
          const auto& by = row.pace ? row.pace : row.achievement;
          if (!by || !std::isfinite(*by) || !(*by < 1)) continue;
          area.lagging.push_back(
              {m->second, row.node, row.achievement, row.pace, row.current, row.target});
        }
        std::stable_sort(
            area.lagging.begin(), area.lagging.end(), [](const auto& x, const auto& y) {
              return *(x.pace ? x.pace : x.achievement) < *(y.pace ? y.pace : y.achievement);
            });
        if (area.lagging.size() > kBriefingLagging) area.lagging.resize(kBriefingLagging);
      }
    }
    index[area.section] = v.areas.size();
    v.areas.push_back(std::move(area));
  }
  // The overdue tasks by the area of their section; those of another part (III. Tổ chức thực
  // hiện) under an area of that part, after part II's.
  const long today = core::DaysFromCivil(v.dashboard.at);
  std::map<std::string, std::vector<BriefingOverdue>> overdue;
  for (const auto& o : in.overdue) {
    if (!o.section || !o.deadline || !o.deadline->due) continue;
    std::string key = AreaOfSection(o.section->number);
    if (key.empty()) key = PartOf(o.section->number);
    if (!index.count(key)) {
      const domain::Section* part = nullptr;
      for (const auto& s : plan.sections) {
        if (s.number == key) {
          part = &s;
          break;
        }
      }
      BriefingArea area;
      area.section = key;
      area.title = part ? part->title : "";
      index[key] = v.areas.size();
      v.areas.push_back(std::move(area));
    }
    BriefingOverdue b;
    b.task_id = o.task_id;
    if (auto i = TaskIndex(o.task_id); i && *i < o.section->tasks.size()) {
      b.what = o.section->tasks[*i].text;
    }
    if (b.what.empty()) b.what = o.section->title;
    b.section = o.section->number;
    b.lead = o.unit;
    b.deadline = *o.deadline->due;
    b.deadline_text = o.deadline->raw;
    b.days_overdue = today - core::DaysFromCivil(*o.deadline->due);
    b.status = o.status;
    overdue[key].push_back(std::move(b));
  }
  for (auto& [key, list] : overdue) {
    auto& area = v.areas[index[key]];
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& x, const auto& y) { return x.days_overdue > y.days_overdue; });
    area.overdue_total = list.size();
    if (list.size() > kBriefingOverdue) list.resize(kBriefingOverdue);
    area.overdue = std::move(list);
  }
  return v;
}

namespace {

using xport::DocAlign;
using xport::DocBlock;
using xport::DocCell;
using xport::DocParagraph;
using xport::DocRun;
using xport::DocTable;

DocParagraph Para(const char* style, std::string text, bool bold = false, bool italic = false) {
  return DocParagraph{style, {DocRun{std::move(text), bold, italic}}, DocAlign::kDefault};
}

DocCell Cell(const char* style, std::string text, bool bold = false) {
  return DocCell{{Para(style, std::move(text), bold)}, 1};
}

std::string UnitName(const domain::OrgRegistry& registry, domain::OrgUnitId id) {
  const auto* u = registry.Find(id);
  return u ? u->name : "#" + std::to_string(id);
}

// "Báo cáo tháng 9/2012: 63 đơn vị phải gửi; 60 đã gửi (58 đúng hạn, 2 trễ hạn), 57 đã được
// duyệt; 3 chưa gửi khi đã quá hạn."; "" before any report is due.
std::string ReportingSentence(const DashboardView& d) {
  const auto& c = d.reporting;
  if (!d.period || c.expected == 0) return "";
  std::string period = *d.period;
  if (auto p = domain::ParsePeriodKey(*d.period)) period = PeriodPhrase(*p);
  std::string text = "Báo cáo " + period + ": " + std::to_string(c.expected) +
                     " đơn vị phải gửi; " + std::to_string(c.received) + " đã gửi (" +
                     std::to_string(c.on_time) + " đúng hạn, " + std::to_string(c.late) +
                     " trễ hạn), " + std::to_string(c.approved) + " đã được duyệt";
  if (c.missing > 0) text += "; " + std::to_string(c.missing) + " chưa gửi khi đã quá hạn";
  if (c.pending > 0) text += "; " + std::to_string(c.pending) + " chưa đến hạn";
  return text + ".";
}

// An area's number as the decision writes it under part II ("II.2" → "2"); another part's as it is.
std::string AreaNumber(const std::string& section) {
  return section.rfind("II.", 0) == 0 ? section.substr(3) : section;
}

std::string AreaHeading(const BriefingArea& a) {
  return AreaNumber(a.section) + ". " + (a.title.empty() ? a.section : a.title);
}

void AddTargets(const BriefingArea& a, std::vector<DocBlock>& body) {
  // TT, Chỉ tiêu, ĐVT, Kế hoạch năm, Thực hiện, % KH, Trạng thái, Đã báo cáo: 9355 twips, the
  // giao_ban template's text width (A4 less 30 and 15 mm), as the cover's table.
  DocTable t{"WPTable", {500, 2755, 900, 1200, 1200, 900, 1150, 750}, 1, {}};
  t.rows.push_back({Cell("WPTableHead", "TT"), Cell("WPTableHead", "Chỉ tiêu"),
                    Cell("WPTableHead", "ĐVT"), Cell("WPTableHead", "Kế hoạch năm"),
                    Cell("WPTableHead", "Thực hiện"), Cell("WPTableHead", "% KH"),
                    Cell("WPTableHead", "Trạng thái"), Cell("WPTableHead", "Đã báo cáo")});
  size_t n = 0;
  for (const auto& bt : a.targets) {
    const auto& m = bt.measure;
    const domain::Target& target = bt.target->target;
    // At the scale the decision wrote the target ("1.600" nghìn người), as the report's table.
    const int power = ScalePower(target.raw);
    auto num = [&](const std::optional<double>& x) {
      return x && std::isfinite(*x) ? ScaledNumber(*x, target.unit, power) : std::string();
    };
    std::string coverage = bt.coverage ? std::to_string(bt.coverage->reported) + "/" +
                                             std::to_string(bt.coverage->expected)
                                       : "";
    t.rows.push_back(
        {Cell("WPTableCell", std::to_string(++n)), Cell("WPTableCell", bt.target->name()),
         Cell("WPTableCell", ScaledUnit(target.unit, power)), Cell("WPTableNum", num(m.target)),
         Cell("WPTableNum", num(m.current)),
         Cell("WPTableNum", m.achievement && std::isfinite(*m.achievement)
                                ? FormatRatio(*m.achievement)
                                : std::string()),
         Cell("WPTableCell", TargetStateLabel(bt.state)), Cell("WPTableNum", coverage)});
  }
  body.push_back(std::move(t));
}

void AddDecisions(const BriefingArea& a, const domain::OrgRegistry& registry,
                  std::vector<DocBlock>& body) {
  body.push_back(Para("WPBody", "Những việc cần quyết định:", true));
  bool any = false;
  if (!a.shortfalls.empty()) {
    any = true;
    body.push_back(Para("WPBody", "- Chỉ tiêu thiếu hụt nhiều nhất so với tiến độ:", false, true));
    for (const auto& s : a.shortfalls) {
      body.push_back(Para("WPBody", "+ " + s.target->name() + ": " + s.text + "."));
    }
  }
  if (!a.lagging.empty()) {
    any = true;
    std::string name;
    for (const auto& bt : a.targets) {
      if (a.main_target && bt.target->id == *a.main_target) name = bt.target->name();
    }
    body.push_back(Para(
        "WPBody", "- Các tỉnh chậm nhất" + (name.empty() ? "" : " về " + name) + ":", false, true));
    for (const auto& l : a.lagging) {
      std::string text = "+ " + (l.node.label.empty() ? l.node.name : l.node.label);
      if (l.achievement && std::isfinite(*l.achievement)) {
        text += ": đạt " + FormatRatio(*l.achievement) + " kế hoạch giao";
        // At the year's end the pace is the achievement: said once.
        if (l.pace && std::isfinite(*l.pace) &&
            FormatRatio(*l.pace) != FormatRatio(*l.achievement)) {
          text += ", bằng " + FormatRatio(*l.pace) + " tiến độ cần đạt";
        }
      } else if (l.pace && std::isfinite(*l.pace)) {
        text += ": bằng " + FormatRatio(*l.pace) + " tiến độ cần đạt";
      }
      body.push_back(Para("WPBody", text + "."));
    }
  }
  if (!a.overdue.empty()) {
    any = true;
    std::string head = "- Nhiệm vụ quá hạn lâu nhất";
    if (a.overdue_total > a.overdue.size()) {
      head += " (" + std::to_string(a.overdue.size()) + " trong " +
              std::to_string(a.overdue_total) + " nhiệm vụ quá hạn)";
    }
    body.push_back(Para("WPBody", head + ":", false, true));
    for (const auto& o : a.overdue) {
      body.push_back(Para("WPBody", "+ " + ShortText(o.what, 220) + " (" +
                                        UnitName(registry, o.lead) + ", hạn " +
                                        o.deadline.ToVietnamese() + "): quá hạn " +
                                        std::to_string(o.days_overdue) + " ngày."));
    }
  }
  if (!any) body.push_back(Para("WPBody", "Không có việc cần quyết định.", false, true));
}

// A file name's part in ASCII letters and digits ("01", "CVL"); "" when nothing is left.
std::string AsciiPart(std::string_view s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    if (out.size() >= 40) break;
  }
  return out;
}

// A name a file may carry on any system: no path separators, reserved or control characters.
std::string SafeDisplay(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out +=
        u < 0x20 || u == 0x7F || std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos
            ? '-'
            : c;
  }
  return out;
}

}  // namespace

BriefingDocument RenderBriefing(const BriefingView& v, const domain::Period& month,
                                const domain::OrgRegistry& registry) {
  BriefingDocument out;
  const auto& d = v.dashboard;
  const auto& doc = v.program->record.plan.document;
  out.inline_values["wp.parent_body"] = text::ToUpper(doc.issuer.value_or(kDefaultIssuer));
  out.inline_values["wp.issuer"] = "VĂN PHÒNG BỘ";
  out.inline_values["wp.place_date"] = domain::DateLine(doc.place.value_or("Hà Nội"), d.at);
  out.inline_values["wp.title"] = "TÀI LIỆU GIAO BAN " + text::ToUpper(PeriodPhrase(month));
  std::string subject = "Tình hình thực hiện Chương trình công tác năm " + std::to_string(d.year);
  if (doc.number) subject += "\n(ban hành kèm theo Quyết định số " + *doc.number + ")";
  if (d.unit) subject += "\n" + UnitName(registry, *d.unit);
  out.inline_values["wp.subject"] = subject;

  auto& body = out.body;
  body.push_back(Para("WPBody",
                      "Số liệu từ các báo cáo đã được duyệt đến ngày " + d.at.ToVietnamese() + ".",
                      false, true));
  body.push_back(Para("WPSection", "I. TÌNH HÌNH CHUNG"));
  std::vector<size_t> counts;
  for (auto s : {TargetState::kOnTrack, TargetState::kAtRisk, TargetState::kOffTrack,
                 TargetState::kIncomplete, TargetState::kNotMeasurable}) {
    auto it = d.headline_counts.find(s);
    counts.push_back(it == d.headline_counts.end() ? 0 : it->second);
  }
  body.push_back(Para("WPBody", CountsSentence(d.targets.size(), counts)));
  if (auto r = ReportingSentence(d); !r.empty()) body.push_back(Para("WPBody", r));
  if (!v.areas.empty()) {
    body.push_back(Para("WPSection", "II. CÁC LĨNH VỰC"));
    // The areas at a glance: what each holds and what needs attention.
    DocTable glance{"WPTable", {700, 4255, 1100, 1100, 1100, 1100}, 1, {}};
    glance.rows.push_back({Cell("WPTableHead", "TT"), Cell("WPTableHead", "Lĩnh vực"),
                           Cell("WPTableHead", "Chỉ tiêu"), Cell("WPTableHead", "Đúng tiến độ"),
                           Cell("WPTableHead", "Chậm, có nguy cơ"),
                           Cell("WPTableHead", "Nhiệm vụ quá hạn")});
    for (const auto& a : v.areas) {
      size_t on = 0, behind = 0;
      for (const auto& t : a.targets) {
        on += t.state == TargetState::kOnTrack;
        behind += t.state == TargetState::kAtRisk || t.state == TargetState::kOffTrack;
      }
      glance.rows.push_back({Cell("WPTableCell", AreaNumber(a.section)),
                             Cell("WPTableCell", a.title.empty() ? a.section : a.title),
                             Cell("WPTableNum", std::to_string(a.targets.size())),
                             Cell("WPTableNum", std::to_string(on)),
                             Cell("WPTableNum", std::to_string(behind)),
                             Cell("WPTableNum", std::to_string(a.overdue_total))});
    }
    body.push_back(std::move(glance));
  }

  for (const auto& a : v.areas) {
    // WPArea starts a page in the giao_ban template (pageBreakBefore).
    body.push_back(Para("WPArea", AreaHeading(a)));
    if (!a.leads.empty() || a.provinces_lead) {
      std::string leads;
      for (auto u : a.leads) leads += (leads.empty() ? "" : ", ") + UnitName(registry, u);
      if (a.provinces_lead) {
        leads += std::string(leads.empty() ? "" : "; ") +
                 "Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố";
      }
      body.push_back(DocParagraph{
          "WPBody", {DocRun{"Đơn vị chủ trì: ", false, true}, DocRun{leads}}, DocAlign::kDefault});
    }
    if (a.targets.empty()) {
      body.push_back(Para("WPBody", "Lĩnh vực không có chỉ tiêu định lượng.", false, true));
    } else {
      AddTargets(a, body);
    }
    AddDecisions(a, registry, body);
  }
  return out;
}

core::Result<BriefingMonth> ResolveBriefingMonth(const std::optional<std::string>& period,
                                                 std::optional<core::CivilDate> at,
                                                 const core::CivilDate& today) {
  BriefingMonth out;
  out.at = at;
  if (!period) return out;
  WP_ASSIGN_OR_RETURN(auto month, domain::ParsePeriodKey(*period));
  if (month.kind != domain::PeriodKind::kMonth) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, "bad_period",
        "Tài liệu giao ban là của một tháng: kỳ dạng 2012-M12, không phải " + month.Key());
  }
  const core::CivilDate day = at.value_or(std::min(month.end, today));
  if (day < month.start) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_period",
                      "Chưa có số liệu của " + PeriodPhrase(month) + ": ngày số liệu " +
                          day.ToVietnamese() + " trước ngày " + month.start.ToVietnamese());
  }
  out.month = month;
  out.at = day;
  return out;
}

Briefings::Briefings(Figures& figures, Programs& programs, Responsibilities& responsibilities,
                     const Organisation& org)
    : figures_(figures), programs_(programs), responsibilities_(responsibilities), org_(org) {}

core::Result<BriefingView> Briefings::Build(const domain::Principal& by, ProgramId program,
                                            std::optional<core::CivilDate> at,
                                            std::optional<domain::OrgUnitId> unit) {
  BriefingInput in;
  in.registry = &org_.registry();
  WP_ASSIGN_OR_RETURN(in.dashboard, figures_.Dashboard(by, program, at, domain::OrgKind::kProvince,
                                                       std::nullopt, unit));
  WP_ASSIGN_OR_RETURN(in.program, programs_.GetProgram(by, program));
  const core::CivilDate day = in.dashboard.at;
  WP_ASSIGN_OR_RETURN(auto overdue, figures_.OverdueTasks(by, program, day));
  for (auto& o : overdue) {
    // At a unit, the tasks it or a unit within it leads (as the dashboard counts them).
    if (unit && o.unit != *unit && !org_.registry().IsWithin(o.unit, *unit, day)) continue;
    in.overdue.push_back(std::move(o));
  }
  WP_ASSIGN_OR_RETURN(auto matrix, responsibilities_.Matrix(by, program, day));
  in.owners = TargetOwners(matrix);
  for (const auto& [area, target] :
       MainTargets(OutlineAreas(*in.program, in.dashboard, in.owners, in.registry))) {
    if (in.rankings.count(target)) continue;
    WP_ASSIGN_OR_RETURN(
        auto ranking, figures_.Ranking(by, program, day, domain::OrgKind::kProvince, target, unit));
    in.rankings[target] = std::move(ranking);
  }
  return BuildBriefing(in);
}

core::Result<BriefingFile> Briefings::Docx(const domain::Principal& by, ProgramId program,
                                           std::optional<core::CivilDate> at,
                                           const std::optional<std::string>& period,
                                           std::optional<domain::OrgUnitId> unit,
                                           const core::CivilDate& today,
                                           const std::string& template_docx) {
  WP_ASSIGN_OR_RETURN(auto asked, ResolveBriefingMonth(period, at, today));
  // The template first: a broken one fails before the figures are read.
  WP_ASSIGN_OR_RETURN(auto tpl, xport::DocxTemplate::Open(template_docx));
  WP_RETURN_IF_ERROR(tpl.Check(*xport::RequirementsOf("giao_ban")));
  WP_ASSIGN_OR_RETURN(auto view, Build(by, program, asked.at, unit));
  const auto& d = view.dashboard;
  domain::Period month;
  if (asked.month) {
    month = *asked.month;
    if (month.year != d.year) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "bad_period",
                        "Tháng " + std::to_string(month.index) + "/" + std::to_string(month.year) +
                            " không thuộc năm của chương trình (" + std::to_string(d.year) + ")");
    }
  } else {
    WP_ASSIGN_OR_RETURN(month,
                        domain::MakePeriod(domain::PeriodKind::kMonth, d.at.year, d.at.month));
  }
  const auto& registry = org_.registry();
  auto doc = RenderBriefing(view, month, registry);
  BriefingFile out;
  WP_ASSIGN_OR_RETURN(out.bytes, tpl.Fill(doc.inline_values, {{"wp.body", doc.body}}));
  out.month = month;
  out.at = d.at;
  out.file_name = "giao-ban-" + month.Key();
  out.display_name = "Tài liệu giao ban " + PeriodPhrase(month);
  if (d.unit) {
    const auto* u = registry.Find(*d.unit);
    std::string code = u ? AsciiPart(u->code) : "";
    out.file_name += "-" + (code.empty() ? std::to_string(*d.unit) : code);
    out.display_name += " - " + UnitName(registry, *d.unit);
  }
  out.file_name += ".docx";
  out.display_name = SafeDisplay(out.display_name) + ".docx";
  return out;
}

}  // namespace wp::service
