// The schedule of a program (internal/caches.hpp): its reporting rules read as obligations,
// the reports expected of it, and the previous year's program of the same issuer matched to it
// (what a save compares with and the seasonal projection reads).

#include <charconv>

#include "ingest/resolver.hpp"
#include "service/internal/caches.hpp"
#include "service/organisation.hpp"
#include "text/fold.hpp"

namespace wp::service {

// ───────────────────────────── obligations ─────────────────────────────

std::vector<ObligationView> Schedule::Obligations(const ProgramView& program) const {
  std::vector<ObligationView> out;
  for (size_t i = 0; i < program.record.plan.reporting.size(); ++i) {
    out.push_back(ObligationAt(program, i));
  }
  return out;
}

std::optional<ObligationView> Schedule::FindObligation(const ProgramView& program,
                                                       std::string_view key) const {
  size_t n = 0;
  if (key.size() < 2 || key[0] != 'r' || key[1] == '0') return std::nullopt;
  auto [end, ec] = std::from_chars(key.data() + 1, key.data() + key.size(), n);
  if (ec != std::errc() || end != key.data() + key.size() || n == 0 ||
      n > program.record.plan.reporting.size()) {
    return std::nullopt;
  }
  return ObligationAt(program, n - 1);
}

ObligationView Schedule::ObligationAt(const ProgramView& program, size_t i) const {
  core::CivilDate at = ProgramDate(program.record);
  const auto& rule = program.record.plan.reporting[i];
  ObligationView v;
  v.rule = &rule;
  auto& o = v.obligation;
  o.key = "r" + std::to_string(i + 1);
  o.name = rule.report;
  o.schedule.frequency = rule.frequency;
  if (rule.decree09) {
    o.schedule.rule = domain::DueRule::kDecree09;
    o.schedule.working_days_after_cutoff = rule.working_days.value_or(0);
  } else {
    o.schedule.rule = domain::DueRule::kFixed;
    o.schedule.day_of_month = rule.day_of_month;
    // A monthly or quarterly rule names a day, not a date.
    if (rule.frequency != domain::Frequency::kMonthly &&
        rule.frequency != domain::Frequency::kQuarterly) {
      o.schedule.due = rule.due;
    }
  }
  for (const auto& name : rule.from_units) {
    auto r = org_.resolver().Resolve(name, at);
    switch (r.resolution) {
      case domain::NameResolution::kUnit:
      case domain::NameResolution::kApproximate:
        for (auto u : r.units) o.from.push_back({u, std::nullopt, std::nullopt});
        break;
      case domain::NameResolution::kGroup: {
        // A group phrase stands for every unit of its kind (below one parent) on each
        // period's date, not the units of the decision's date: Hà Tây leaves it on 1/8/2008.
        const domain::OrgUnit* first = r.units.empty() ? nullptr : org_.registry().Find(r.units[0]);
        bool one_kind = first != nullptr;
        std::optional<domain::OrgUnitId> parent = first ? first->parent : std::nullopt;
        for (auto id : r.units) {
          const auto* u = org_.registry().Find(id);
          if (u == nullptr || u->kind != first->kind) one_kind = false;
          if (u && u->parent != parent) parent.reset();
        }
        if (one_kind) {
          o.from.push_back({std::nullopt, first->kind, parent});
        } else {
          for (auto u : r.units) o.from.push_back({u, std::nullopt, std::nullopt});
        }
        break;
      }
      default:
        v.unresolved.push_back(name);
    }
  }
  return v;
}

core::Result<std::vector<domain::ExpectedReport>> Schedule::Expected(const ProgramView& program) {
  WP_ASSIGN_OR_RETURN(auto shared, SharedExpected(program));
  return *shared;
}

core::Result<Schedule::ExpectedList> Schedule::SharedExpected(const ProgramView& program) {
  {
    std::lock_guard lock(mu_);
    auto it = expected_.find(program.record.id);
    if (it != expected_.end()) return it->second;
  }
  std::vector<domain::Obligation> obligations;
  for (auto& v : Obligations(program)) {
    if (!v.obligation.from.empty()) obligations.push_back(std::move(v.obligation));
  }
  int year = program.record.plan.document.year.value_or(ProgramDate(program.record).year);
  WP_ASSIGN_OR_RETURN(auto expected,
                      domain::ExpectedReports(obligations, year, org_.registry(), org_.calendar()));
  // Nothing falls due before the decision asks for it: a program issued on 27/2/2012 owes no
  // monthly report for the 18th of January or February.
  if (const auto& issued = program.record.plan.document.issued_date) {
    std::erase_if(expected, [&](const domain::ExpectedReport& e) { return e.nominal < *issued; });
  }
  auto shared = std::make_shared<const std::vector<domain::ExpectedReport>>(std::move(expected));
  if (program.record.status == ProgramStatus::kPublished) {
    std::lock_guard lock(mu_);
    expected_.emplace(program.record.id, shared);
  }
  return shared;
}

// ───────────────────────────── last year ─────────────────────────────

core::Result<Schedule::PreviousYear> Schedule::PreviousYearProgram(const ProgramView& program) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = previous_year_.find(program.record.id);
    if (it != previous_year_.end() && now - it->second.second < std::chrono::minutes(1)) {
      return it->second.first;
    }
  }
  int year = program.record.plan.document.year.value_or(ProgramDate(program.record).year);
  const auto& issuer = program.record.plan.document.issuer;
  WP_ASSIGN_OR_RETURN(auto all, store_.ListPrograms());
  PreviousYear out;
  for (const auto& s : all) {
    if (s.status != store::ProgramStatus::kPublished || s.id == program.record.id) continue;
    if (s.year.value_or(s.issued_date ? s.issued_date->year : 0) != year - 1) continue;
    WP_ASSIGN_OR_RETURN(auto candidate, programs_.Load(s.id));
    const auto& other = candidate->record.plan.document.issuer;
    if (issuer && other && text::FoldKey(*issuer) != text::FoldKey(*other)) continue;
    if (!out.program || ProgramDate(out.program->record) < ProgramDate(candidate->record)) {
      out.program = candidate;
    }
  }
  // Matched once here rather than on every save that compares with last year.
  if (out.program) {
    out.targets =
        std::make_shared<const std::map<int64_t, int64_t>>(Counterparts(program, *out.program));
    std::map<std::string, std::string> obligations;
    const auto last_year = Obligations(*out.program);
    for (const auto& current : Obligations(program)) {
      std::string name = text::FoldKey(current.obligation.name);
      std::vector<std::string> keys;
      for (const auto& o : last_year) {
        if (o.obligation.schedule.frequency != current.obligation.schedule.frequency) continue;
        if (text::FoldKey(o.obligation.name) == name) {
          keys.assign({o.obligation.key});
          break;
        }
        keys.push_back(o.obligation.key);
      }
      if (keys.size() == 1) obligations[current.obligation.key] = keys.front();
    }
    out.obligations =
        std::make_shared<const std::map<std::string, std::string>>(std::move(obligations));
  }
  std::lock_guard lock(mu_);
  previous_year_[program.record.id] = {out, now};
  return out;
}

std::map<int64_t, int64_t> Schedule::Counterparts(const ProgramView& now, const ProgramView& then) {
  // The same indicator and unit of measure in the same section, or else the only one of that
  // indicator and unit in each program.
  auto loose = [](const domain::Target& t) { return text::FoldKey(t.indicator) + "|" + t.unit; };
  auto strict = [&](const ProgramView& p, const domain::Target& t) {
    const auto& plan = p.record.plan;
    const auto* section = domain::SectionOf(plan, t.section, t.span);
    return (section ? domain::SectionKey(plan, *section) : t.section) + "|" + loose(t);
  };
  auto index = [&](const ProgramView& p) {
    std::map<std::string, std::vector<int64_t>> by_strict, by_loose;
    for (const auto& st : p.targets) {
      by_strict[strict(p, st.target)].push_back(st.id);
      by_loose[loose(st.target)].push_back(st.id);
    }
    return std::pair(std::move(by_strict), std::move(by_loose));
  };
  auto [now_strict, now_loose] = index(now);
  auto [then_strict, then_loose] = index(then);
  auto unique = [](const auto& a, const auto& b, const std::string& k) -> std::optional<int64_t> {
    auto x = a.find(k);
    auto y = b.find(k);
    if (x == a.end() || y == b.end() || x->second.size() != 1 || y->second.size() != 1) {
      return std::nullopt;
    }
    return x->second.front();
  };
  // First the catalogue's indicator (issue 16): 2012's and 2013's "tạo việc làm" are one
  // indicator whatever section states them.
  auto by_code = [](const ProgramView& p) {
    std::map<std::string, std::vector<int64_t>> m;
    for (const auto& st : p.targets) {
      if (!st.target.indicator_code.empty()) m[st.target.indicator_code].push_back(st.id);
    }
    return m;
  };
  const auto now_code = by_code(now), then_code = by_code(then);
  std::map<int64_t, int64_t> out;
  for (const auto& st : then.targets) {
    std::optional<int64_t> match;
    if (!st.target.indicator_code.empty()) {
      match = unique(now_code, then_code, st.target.indicator_code);
      if (match) {
        out[st.id] = *match;
        continue;
      }
    }
    match = unique(now_strict, then_strict, strict(then, st.target));
    if (!match) match = unique(now_loose, then_loose, loose(st.target));
    if (match) out[st.id] = *match;
  }
  // A rate's parts (role component: the unemployed, the labour force) by their indicator, so
  // that last year's feed this year's rate as last year's level.
  auto parts = [](const ProgramView& p) {
    std::map<std::string, std::vector<int64_t>> m;
    for (const auto& row : p.rows) {
      if (row.target.role == domain::TargetRole::kComponent && !row.target.indicator_code.empty())
        m[row.target.indicator_code].push_back(row.id);
    }
    return m;
  };
  const auto now_parts = parts(now), then_parts = parts(then);
  for (const auto& [code, ids] : then_parts) {
    if (auto match = unique(now_parts, then_parts, code)) out[ids.front()] = *match;
  }
  return out;
}

}  // namespace wp::service
