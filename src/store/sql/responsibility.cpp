// The responsibility matrix (issue 16) in target_reporters: who reports which target of a
// program from when to when. A change is made from a date: rows in force then are closed the
// day before, later ones replaced, earlier ones kept — a report of a past period is asked what
// it was asked.

#include <set>

#include "store/sql/sql_store.hpp"
#include "store/store_errors.hpp"

namespace wp::store::sql {
namespace {

using core::ErrorCode;

core::CivilDate ProgramDateOf(const ProgramRecord& p) {
  const auto& d = p.plan.document;
  if (d.issued_date) return *d.issued_date;
  if (d.year) return core::CivilDate{*d.year, 1, 1};
  return core::CivilDate{1970, 1, 1};
}

core::Error TargetNotFound(int64_t target, ProgramId program) {
  return core::MakeError(ErrorCode::kInvalidArgument, "target_not_found",
                         "Chỉ tiêu #" + std::to_string(target) + " không thuộc chương trình #" +
                             std::to_string(program) + " hoặc không có trong thay đổi");
}

}  // namespace

void SqlStore::InsertReporters(Connection& c, ProgramId program,
                               const std::vector<domain::Reporter>& rows) {
  Rows out("target_reporters",
           "program_id bigint, target_id bigint, unit_id bigint, group_kind text, role text, "
           "frequency text, source text, rule text, valid_from date, valid_to date");
  for (const auto& r : rows) {
    out.Int(program).Int(r.target_id).OptInt(r.unit);
    if (r.group) {
      out.Text(domain::ReporterGroupName(*r.group));
    } else {
      out.Null();
    }
    out.Text(domain::ReporterRoleName(r.role));
    if (r.frequency) {
      out.Text(domain::FrequencyName(*r.frequency));
    } else {
      out.Null();
    }
    out.Text(domain::ReporterSourceName(r.source)).Text(r.rule);
    out.Date(r.valid_from).Date(r.valid_to).End();
  }
  c.Insert(out);
}

void SqlStore::InsertProposedReporters(Connection& c, ProgramId id, const ProgramRecord& p) {
  const auto& targets = p.plan.targets;
  bool any = false;
  for (const auto& t : targets) {
    any = any || !t.reporters.reporters.empty() || t.reporters.consolidator.has_value();
  }
  if (!any) return;  // a program read before issue 16, or one gen-data made
  std::vector<int64_t> ids;
  {
    auto& q = c.Query("SELECT id FROM targets WHERE program_id = ? ORDER BY ord", id);
    while (q.Step()) ids.push_back(q.Int(0));
  }
  const core::CivilDate from = ProgramDateOf(p);
  std::vector<domain::Reporter> rows;
  for (size_t i = 0; i < targets.size() && i < ids.size(); ++i) {
    const auto& proposal = targets[i].reporters;
    std::set<std::pair<int, int64_t>> seen;  // (0 unit | 1 group, id) of the reporters
    auto add = [&](domain::ReporterRole role, std::optional<domain::OrgUnitId> unit,
                   std::optional<domain::ReporterGroup> group) {
      const auto key = unit ? std::pair<int, int64_t>{0, *unit}
                            : std::pair<int, int64_t>{1, static_cast<int64_t>(*group)};
      if (role == domain::ReporterRole::kReports && !seen.insert(key).second) return;
      domain::Reporter r;
      r.target_id = ids[i];
      r.unit = unit;
      r.group = group;
      r.role = role;
      r.valid_from = from;
      r.source = domain::ReporterSource::kProposed;
      r.rule = proposal.rule;
      rows.push_back(std::move(r));
    };
    for (const auto& who : proposal.reporters) {
      if (who.group) {
        add(domain::ReporterRole::kReports, std::nullopt, who.group);
      } else {
        for (auto unit : who.units) add(domain::ReporterRole::kReports, unit, std::nullopt);
      }
    }
    // The consolidator is one unit: the first its name resolved to.
    if (proposal.consolidator && !proposal.consolidator->units.empty()) {
      add(domain::ReporterRole::kConsolidates, proposal.consolidator->units.front(), std::nullopt);
    }
  }
  InsertReporters(c, id, rows);
}

core::Result<std::vector<domain::Reporter>> SqlStore::ListReporters(ProgramId program) {
  return Read([&](Connection& c) -> core::Result<std::vector<domain::Reporter>> {
    auto& q = c.Query(
        "SELECT p.id, r.target_id, r.unit_id, r.group_kind, r.role, r.frequency, r.source, "
        "r.rule, r.valid_from, r.valid_to FROM programs p LEFT JOIN target_reporters r ON "
        "r.program_id = p.id WHERE p.id = ? ORDER BY r.target_id, r.id",
        program);
    std::vector<domain::Reporter> out;
    if (!q.Step()) return tl::unexpected(ProgramNotFound(program));
    do {
      if (q.IsNull(1)) continue;
      domain::Reporter r;
      std::optional<std::string> group, frequency;
      std::string role, source;
      std::optional<core::CivilDate> from;
      q.Get(1, r.target_id, r.unit, group, role, frequency, source, r.rule, from, r.valid_to);
      if (group) r.group = domain::ParseReporterGroup(*group);
      r.role = domain::ParseReporterRole(role).value_or(domain::ReporterRole::kReports);
      if (frequency) r.frequency = domain::ParseFrequency(*frequency);
      r.source = domain::ParseReporterSource(source).value_or(domain::ReporterSource::kProposed);
      r.valid_from = from.value_or(core::CivilDate{1970, 1, 1});
      out.push_back(std::move(r));
    } while (q.Step());
    return out;
  });
}

core::Result<int64_t> SqlStore::ResponsibilityRevision(ProgramId program) {
  return Read([&](Connection& c) -> core::Result<int64_t> {
    auto& q = c.Query("SELECT responsibility_rev FROM programs WHERE id = ?", program);
    if (!q.Step()) return tl::unexpected(ProgramNotFound(program));
    return q.Int(0);
  });
}

core::Result<int64_t> SqlStore::ReplaceReporters(ProgramId program, int64_t expected_revision,
                                                 std::optional<core::CivilDate> effective_from,
                                                 const std::vector<int64_t>& targets,
                                                 const std::vector<domain::Reporter>& rows,
                                                 const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<int64_t> {
    int64_t revision = 0;
    {
      auto& q = c.Query(std::string("SELECT responsibility_rev FROM programs WHERE id = ?") +
                            std::string(c.dialect().for_update),
                        program);
      if (!q.Step()) return tl::unexpected(ProgramNotFound(program));
      revision = q.Int(0);
    }
    if (revision != expected_revision) {
      auto e = core::MakeError(ErrorCode::kAborted, "stale_revision",
                               "Bảng phân công báo cáo vừa được người khác thay đổi (phiên bản " +
                                   std::to_string(revision) + ", bạn đang sửa phiên bản " +
                                   std::to_string(expected_revision) +
                                   "). Hãy tải lại; thay đổi của bạn chưa được lưu.");
      e.details.push_back({"revision", std::to_string(revision)});
      return tl::unexpected(e);
    }
    std::set<int64_t> of_program;
    {
      auto& q = c.Query("SELECT id FROM targets WHERE program_id = ?", program);
      while (q.Step()) of_program.insert(q.Int(0));
    }
    const std::set<int64_t> changed(targets.begin(), targets.end());
    for (int64_t t : changed) {
      if (!of_program.contains(t)) return tl::unexpected(TargetNotFound(t, program));
    }
    for (const auto& r : rows) {
      if (!changed.contains(r.target_id))
        return tl::unexpected(TargetNotFound(r.target_id, program));
    }
    for (int64_t t : changed) {
      if (effective_from) {
        const std::string from = effective_from->ToIso();
        const std::string day_before =
            core::CivilFromDays(core::DaysFromCivil(*effective_from) - 1).ToIso();
        c.Query(
             "DELETE FROM target_reporters WHERE program_id = ? AND target_id = ? AND "
             "valid_from >= ?",
             program, t, from)
            .Exec();
        c.Query(
             "UPDATE target_reporters SET valid_to = ? WHERE program_id = ? AND target_id = ? "
             "AND (valid_to IS NULL OR valid_to >= ?)",
             day_before, program, t, from)
            .Exec();
      } else {
        c.Query("DELETE FROM target_reporters WHERE program_id = ? AND target_id = ?", program, t)
            .Exec();
      }
    }
    InsertReporters(c, program, rows);
    c.Query("UPDATE programs SET responsibility_rev = responsibility_rev + 1 WHERE id = ?", program)
        .Exec();
    AppendAudit(c, audit, std::to_string(program));
    RecordChange(c, audit.action, program, audit.at);
    return revision + 1;
  });
}

}  // namespace wp::store::sql
