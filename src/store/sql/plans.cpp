// A program's plan in its tables: written with a fixed number of statements (ids of the rows
// other rows point at taken up front, each table's rows inserted together) and read with one
// query per table, whatever the plan's size — on PostgreSQL every statement is a round trip.

#include <algorithm>
#include <map>
#include <tuple>

#include "store/lines.hpp"
#include "store/sql/records.hpp"
#include "store/sql/sql_store.hpp"

namespace wp::store::sql {

ProgramId SqlStore::InsertPlan(Connection& c, const ProgramRecord& p, ProgramStatus status,
                               const std::optional<std::string>& published_at,
                               std::optional<ProgramId> keep_id) {
  const auto& plan = p.plan;
  const auto& d = plan.document;
  size_t task_count = 0, ref_count = 0;
  for (const auto& s : plan.sections) {
    ref_count += s.lead_units.size() + s.coordinating_units.size();
    for (const auto& t : s.tasks) {
      ++task_count;
      if (!t.leads_inherited) ref_count += t.lead_units.size();
      ref_count += t.coordinating_units.size();
    }
  }
  const ProgramId id = keep_id ? *keep_id : c.TakeIds("programs", 1).at(0);
  const auto section_ids = c.TakeIds("sections", plan.sections.size());
  const auto task_ids = c.TakeIds("tasks", task_count);
  const auto ref_ids = c.TakeIds("unit_refs", ref_count);
  const auto rule_ids = c.TakeIds("reporting_rules", plan.reporting.size());

  Rows program = ProgramRows();
  AddProgram(program, id, p, status, published_at);
  c.Insert(program);
  // Issue 19: the .docx or PDF as uploaded, beside the text read from it.
  if (!p.source_bytes_sha256.empty()) {
    auto& file = c.Prepare(
        "UPDATE programs SET source_form = ?, source_pages = ?, source_bytes = ?, "
        "source_bytes_sha256 = ? WHERE id = ?");
    file.Bind(1, p.source_form);
    file.Bind(2, static_cast<int64_t>(p.source_pages));
    file.BindBlob(3, p.source_bytes);
    file.Bind(4, p.source_bytes_sha256);
    file.Bind(5, id);
    file.Exec();
  }

  Rows texts("program_texts", "program_id bigint, kind text, ord int, text text");
  for (size_t i = 0; i < d.legal_bases.size(); ++i) {
    texts.Int(id).Text("legal_basis").Int(static_cast<int64_t>(i)).Text(d.legal_bases[i]).End();
  }
  for (size_t i = 0; i < d.recipients.size(); ++i) {
    texts.Int(id).Text("recipient").Int(static_cast<int64_t>(i)).Text(d.recipients[i]).End();
  }
  c.Insert(texts);

  Rows articles("articles",
                "program_id bigint, ord int, number int, text text, span_line bigint, "
                "span_column bigint, span_offset bigint, span_length bigint");
  for (size_t i = 0; i < d.articles.size(); ++i) {
    const auto& a = d.articles[i];
    articles.Int(id).Int(static_cast<int64_t>(i)).Int(a.number).Text(a.text).Span(a.span).End();
  }
  c.Insert(articles);

  Rows sections("sections",
                "id bigint, program_id bigint, ord int, number text, title text, parent text, "
                "depth int, lead_phrase text, leads_inherited boolean, span_line bigint, "
                "span_column bigint, span_offset bigint, span_length bigint");
  Rows tasks("tasks",
             "id bigint, section_id bigint, ord int, text text, kind text, "
             "leads_inherited boolean, span_line bigint, span_column bigint, "
             "span_offset bigint, span_length bigint");
  Rows details("task_details", "task_id bigint, ord int, text text");
  Rows refs("unit_refs",
            "id bigint, program_id bigint, owner text, owner_id bigint, role text, ord int, "
            "written text, resolution text");
  Rows ref_units("unit_ref_units", "ref_id bigint, unit_id bigint");
  size_t next_task = 0, next_ref = 0;
  auto add_refs = [&](const char* owner, int64_t owner_id, const char* role,
                      const std::vector<std::string>& written,
                      const std::vector<domain::ResolvedUnitName>& resolved) {
    for (size_t i = 0; i < written.size(); ++i) {
      const int64_t ref_id = ref_ids.at(next_ref++);
      refs.Int(ref_id).Int(id).Text(owner).Int(owner_id).Text(role);
      refs.Int(static_cast<int64_t>(i)).Text(written[i]);
      if (i < resolved.size()) {
        refs.Text(domain::NameResolutionName(resolved[i].resolution));
      } else {
        refs.Null();
      }
      refs.End();
      if (i >= resolved.size()) continue;
      // A unit named twice in one phrase is one unit (the key of unit_ref_units).
      std::vector<domain::OrgUnitId> units = resolved[i].units;
      std::sort(units.begin(), units.end());
      units.erase(std::unique(units.begin(), units.end()), units.end());
      for (auto unit_id : units) ref_units.Int(ref_id).Int(unit_id).End();
    }
  };
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const auto& s = plan.sections[i];
    const int64_t section_id = section_ids.at(i);
    sections.Int(section_id).Int(id).Int(static_cast<int64_t>(i)).Text(s.number).Text(s.title);
    if (s.parent.empty()) {
      sections.Null();
    } else {
      sections.Text(s.parent);
    }
    sections.Int(s.depth).Text(s.lead_phrase).Bool(s.leads_inherited).Span(s.span).End();
    add_refs("section", section_id, "lead", s.lead_units, s.resolved_leads);
    add_refs("section", section_id, "coordinate", s.coordinating_units, s.resolved_coordinators);
    for (size_t k = 0; k < s.tasks.size(); ++k) {
      const auto& t = s.tasks[k];
      const int64_t task_id = task_ids.at(next_task++);
      tasks.Int(task_id).Int(section_id).Int(static_cast<int64_t>(k)).Text(t.text);
      tasks.Text(t.kind).Bool(t.leads_inherited).Span(t.span).End();
      // Inherited leads are the section's: stored once, with the section.
      if (!t.leads_inherited) add_refs("task", task_id, "lead", t.lead_units, t.resolved_leads);
      add_refs("task", task_id, "coordinate", t.coordinating_units, t.resolved_coordinators);
      for (size_t m = 0; m < t.details.size(); ++m) {
        details.Int(task_id).Int(static_cast<int64_t>(m)).Text(t.details[m]).End();
      }
    }
  }
  // Parents before children: each statement's foreign keys point at rows already there.
  c.Insert(sections);
  c.Insert(tasks);
  c.Insert(details);
  c.Insert(refs);
  c.Insert(ref_units);

  Rows targets = TargetRows();
  for (size_t i = 0; i < plan.targets.size(); ++i) AddTarget(targets, id, i, plan.targets[i]);
  c.Insert(targets);

  Rows budgets("budgets",
               "program_id bigint, ord int, section text, program_name text, raw text, "
               "total_vnd bigint, investment_vnd bigint, recurrent_vnd bigint, source text, "
               "span_line bigint, span_column bigint, span_offset bigint, span_length bigint");
  for (size_t i = 0; i < plan.budgets.size(); ++i) {
    const auto& b = plan.budgets[i];
    budgets.Int(id).Int(static_cast<int64_t>(i)).Text(b.section).OptText(b.program).Text(b.raw);
    budgets.Int(b.total_vnd).OptInt(b.investment_vnd).OptInt(b.recurrent_vnd).OptText(b.source);
    budgets.Span(b.span).End();
  }
  c.Insert(budgets);

  Rows deadlines("deadlines",
                 "program_id bigint, ord int, section text, raw text, due date, what text, "
                 "responsible text, span_line bigint, span_column bigint, span_offset bigint, "
                 "span_length bigint");
  for (size_t i = 0; i < plan.deadlines.size(); ++i) {
    const auto& x = plan.deadlines[i];
    deadlines.Int(id).Int(static_cast<int64_t>(i)).Text(x.section).Text(x.raw).Date(x.due);
    deadlines.Text(x.what).Text(x.responsible).Span(x.span).End();
  }
  c.Insert(deadlines);

  Rows rules("reporting_rules",
             "id bigint, program_id bigint, ord int, section text, raw text, report text, "
             "frequency text, due date, day_of_month int, last_month_of_quarter boolean, "
             "from_text text, span_line bigint, span_column bigint, span_offset bigint, "
             "span_length bigint, cutoff_working_days int");
  Rows rule_units("reporting_rule_units", "rule_id bigint, role text, ord int, written text");
  for (size_t i = 0; i < plan.reporting.size(); ++i) {
    const auto& r = plan.reporting[i];
    const int64_t rule_id = rule_ids.at(i);
    rules.Int(rule_id).Int(id).Int(static_cast<int64_t>(i)).Text(r.section).Text(r.raw);
    rules.Text(r.report).Text(domain::FrequencyName(r.frequency)).Date(r.due);
    rules.OptInt(r.day_of_month).Bool(r.last_month_of_quarter).Text(r.from).Span(r.span);
    rules.OptInt(r.decree09 ? r.working_days : std::nullopt).End();
    for (size_t k = 0; k < r.from_units.size(); ++k) {
      rule_units.Int(rule_id).Text("from").Int(static_cast<int64_t>(k)).Text(r.from_units[k]);
      rule_units.End();
    }
    for (size_t k = 0; k < r.to.size(); ++k) {
      rule_units.Int(rule_id).Text("to").Int(static_cast<int64_t>(k)).Text(r.to[k]).End();
    }
  }
  c.Insert(rules);
  c.Insert(rule_units);

  Rows mentions("unit_mentions",
                "program_id bigint, ord int, name text, mentions int, variants text");
  for (size_t i = 0; i < plan.units.size(); ++i) {
    const auto& u = plan.units[i];
    mentions.Int(id).Int(static_cast<int64_t>(i)).Text(u.name).Int(u.mentions);
    mentions.Text(JoinLines(u.variants)).End();
  }
  c.Insert(mentions);

  Rows diagnostics("diagnostics",
                   "program_id bigint, ord int, severity text, code text, message text, "
                   "span_line bigint, span_column bigint, span_offset bigint, span_length bigint");
  for (size_t i = 0; i < plan.diagnostics.size(); ++i) {
    const auto& g = plan.diagnostics[i];
    diagnostics.Int(id).Int(static_cast<int64_t>(i)).Text(core::SeverityName(g.severity));
    diagnostics.Text(g.code).Text(g.message).Span(g.span).End();
  }
  c.Insert(diagnostics);
  InsertProposedReporters(c, id, p);
  return id;
}

void SqlStore::LoadPlan(Connection& c, ProgramId id, domain::PlanDraft& plan) {
  auto& d = plan.document;
  auto& texts =
      c.Prepare("SELECT kind, text FROM program_texts WHERE program_id = ? ORDER BY kind, ord");
  texts.Bind(1, id);
  while (texts.Step()) {
    (texts.Text(0) == "legal_basis" ? d.legal_bases : d.recipients).push_back(texts.Text(1));
  }
  auto& articles = c.Query(
      "SELECT number, text, span_line, span_column, span_offset, span_length FROM articles "
      "WHERE program_id = ? ORDER BY ord",
      id);
  while (articles.Step()) {
    d.articles.push_back({static_cast<int>(articles.Int(0)), articles.Text(1), articles.Span(2)});
  }

  // Unit references of every section and task: (owner, owner id, role) -> refs in order.
  struct Ref {
    std::string written;
    std::optional<std::string> resolution;
    std::vector<domain::OrgUnitId> units;
  };
  using RefKey = std::tuple<std::string, int64_t, std::string>;
  std::map<RefKey, std::vector<Ref>> refs;
  {
    std::vector<std::tuple<int64_t, RefKey, size_t>> at;
    auto& q = c.Query(
        "SELECT id, owner, owner_id, role, written, resolution FROM unit_refs "
        "WHERE program_id = ? ORDER BY owner, owner_id, role, ord",
        id);
    while (q.Step()) {
      RefKey key{q.Text(1), q.Int(2), q.Text(3)};
      auto& list = refs[key];
      at.emplace_back(q.Int(0), key, list.size());
      list.push_back({q.Text(4), q.OptText(5), {}});
    }
    // Pointers into the lists only now that they stopped growing.
    std::map<int64_t, Ref*> ref_of;
    for (const auto& [ref_id, key, index] : at) ref_of[ref_id] = &refs[key][index];
    auto& u = c.Query(
        "SELECT u.ref_id, u.unit_id FROM unit_ref_units u JOIN unit_refs r ON r.id = u.ref_id "
        "WHERE r.program_id = ? ORDER BY u.ref_id, u.unit_id",
        id);
    while (u.Step()) ref_of.at(u.Int(0))->units.push_back(u.Int(1));
  }
  auto load_refs = [&](const char* owner, int64_t owner_id, const char* role,
                       std::vector<std::string>& written,
                       std::vector<domain::ResolvedUnitName>& resolved) {
    auto it = refs.find({owner, owner_id, role});
    if (it == refs.end()) return;
    bool any_resolved = false;
    std::vector<domain::ResolvedUnitName> out;
    for (const auto& ref : it->second) {
      written.push_back(ref.written);
      domain::ResolvedUnitName n;
      n.written = ref.written;
      if (ref.resolution) {
        any_resolved = true;
        n.resolution = domain::ParseNameResolution(*ref.resolution)
                           .value_or(domain::NameResolution::kUnresolved);
      }
      n.units = ref.units;
      out.push_back(std::move(n));
    }
    if (any_resolved) resolved = std::move(out);
  };

  std::map<int64_t, size_t> section_index;
  auto& sections = c.Query(
      "SELECT id, number, title, parent, depth, lead_phrase, leads_inherited, span_line, "
      "span_column, span_offset, span_length FROM sections WHERE program_id = ? ORDER BY ord",
      id);
  while (sections.Step()) {
    domain::Section s;
    int64_t section_id = 0;
    std::optional<std::string> parent, lead_phrase;
    sections.Get(0, section_id, s.number, s.title, parent, s.depth, lead_phrase, s.leads_inherited,
                 s.span);
    s.parent = parent.value_or("");
    s.lead_phrase = lead_phrase.value_or("");
    load_refs("section", section_id, "lead", s.lead_units, s.resolved_leads);
    load_refs("section", section_id, "coordinate", s.coordinating_units, s.resolved_coordinators);
    section_index[section_id] = plan.sections.size();
    plan.sections.push_back(std::move(s));
  }
  std::map<int64_t, std::vector<std::string>> task_details;
  auto& details = c.Query(
      "SELECT d.task_id, d.text FROM task_details d JOIN tasks t ON t.id = d.task_id "
      "JOIN sections s ON s.id = t.section_id WHERE s.program_id = ? ORDER BY d.task_id, d.ord",
      id);
  while (details.Step()) task_details[details.Int(0)].push_back(details.Text(1));
  auto& tasks = c.Query(
      "SELECT t.id, t.section_id, t.text, t.kind, t.leads_inherited, t.span_line, "
      "t.span_column, t.span_offset, t.span_length FROM tasks t JOIN sections s ON "
      "s.id = t.section_id WHERE s.program_id = ? ORDER BY s.ord, t.ord",
      id);
  while (tasks.Step()) {
    domain::Task t;
    int64_t task_id = 0, section_id = 0;
    tasks.Get(0, task_id, section_id, t.text, t.kind, t.leads_inherited, t.span);
    auto& s = plan.sections.at(section_index.at(section_id));
    if (t.leads_inherited) {
      t.lead_units = s.lead_units;
      t.resolved_leads = s.resolved_leads;
    } else {
      load_refs("task", task_id, "lead", t.lead_units, t.resolved_leads);
    }
    load_refs("task", task_id, "coordinate", t.coordinating_units, t.resolved_coordinators);
    if (auto it = task_details.find(task_id); it != task_details.end()) {
      t.details = std::move(it->second);
    }
    s.tasks.push_back(std::move(t));
  }

  auto& targets = c.Query(std::string("SELECT ") + kTargetColumns +
                              " FROM targets t WHERE t.program_id = ? ORDER BY t.ord",
                          id);
  while (targets.Step()) plan.targets.push_back(ReadTarget(targets).target);
  auto& budgets = c.Query(
      "SELECT section, program_name, raw, total_vnd, investment_vnd, recurrent_vnd, source, "
      "span_line, span_column, span_offset, span_length FROM budgets WHERE program_id = ? "
      "ORDER BY ord",
      id);
  while (budgets.Step()) {
    auto& b = plan.budgets.emplace_back();
    budgets.Get(0, b.section, b.program, b.raw, b.total_vnd, b.investment_vnd, b.recurrent_vnd,
                b.source, b.span);
  }
  auto& deadlines = c.Query(
      "SELECT section, raw, due, what, responsible, span_line, span_column, span_offset, "
      "span_length FROM deadlines WHERE program_id = ? ORDER BY ord",
      id);
  while (deadlines.Step()) {
    auto& x = plan.deadlines.emplace_back();
    deadlines.Get(0, x.section, x.raw, x.due, x.what, x.responsible, x.span);
  }
  std::map<int64_t, size_t> rule_index;
  auto& rules = c.Query(
      "SELECT id, section, raw, report, frequency, due, day_of_month, last_month_of_quarter, "
      "from_text, span_line, span_column, span_offset, span_length, cutoff_working_days "
      "FROM reporting_rules WHERE program_id = ? ORDER BY ord",
      id);
  while (rules.Step()) {
    domain::ReportingRule r;
    int64_t rule_id = 0;
    std::string frequency;
    std::optional<int> working_days;
    rules.Get(0, rule_id, r.section, r.raw, r.report, frequency, r.due, r.day_of_month,
              r.last_month_of_quarter, r.from, r.span, working_days);
    r.frequency = domain::ParseFrequency(frequency).value_or(domain::Frequency::kOnce);
    if (working_days) {
      r.decree09 = true;
      r.working_days = *working_days;
    }
    rule_index[rule_id] = plan.reporting.size();
    plan.reporting.push_back(std::move(r));
  }
  auto& rule_units = c.Query(
      "SELECT u.rule_id, u.role, u.written FROM reporting_rule_units u JOIN reporting_rules r "
      "ON r.id = u.rule_id WHERE r.program_id = ? ORDER BY u.rule_id, u.role, u.ord",
      id);
  while (rule_units.Step()) {
    auto& r = plan.reporting.at(rule_index.at(rule_units.Int(0)));
    (rule_units.Text(1) == "from" ? r.from_units : r.to).push_back(rule_units.Text(2));
  }
  auto& mentions = c.Query(
      "SELECT name, mentions, variants FROM unit_mentions WHERE program_id = ? ORDER BY ord", id);
  while (mentions.Step()) {
    plan.units.push_back(
        {mentions.Text(0), static_cast<int>(mentions.Int(1)), SplitLines(mentions.Text(2))});
  }
  auto& diagnostics = c.Query(
      "SELECT severity, code, message, span_line, span_column, span_offset, span_length "
      "FROM diagnostics WHERE program_id = ? ORDER BY ord",
      id);
  while (diagnostics.Step()) {
    auto& g = plan.diagnostics.emplace_back();
    std::string severity;
    diagnostics.Get(0, severity, g.code, g.message, g.span);
    g.severity = core::ParseSeverity(severity).value_or(core::Severity::kWarning);
  }
}

}  // namespace wp::store::sql
