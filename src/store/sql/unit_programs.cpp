// Each unit's own program (issue 18) in its tables: the row, its tasks (kept by id: a form
// keeps a task's progress under "u:<id>"), its targets, and every version's snapshot
// (append-only), written with its audit entry in one transaction.

#include <map>
#include <set>
#include <stdexcept>

#include "core/hash.hpp"
#include "store/sql/sql_store.hpp"
#include "store/store_errors.hpp"
#include "store/unit_program_json.hpp"

namespace wp::store::sql {
namespace {

constexpr const char* kSelectUnitProgram =
    "SELECT id, program_id, unit_id, status, version, due, source_name, source_sha256, "
    "first_submitted_at, submitted_at, decided_at, decided_by, comment, accepted_version, "
    "carried_from, created_at, updated_at, updated_by FROM unit_programs";

UnitProgramRecord ReadUnitProgram(Statement& q) {
  UnitProgramRecord r;
  std::string status;
  std::optional<core::CivilDate> due;
  q.Get(0, r.id, r.program_id, r.unit_id, status, r.version, due, r.source_name, r.source_sha256,
        r.first_submitted_at, r.submitted_at, r.decided_at, r.decided_by, r.comment,
        r.accepted_version, r.carried_from, r.created_at, r.updated_at, r.updated_by);
  auto s = domain::ParseUnitProgramStatus(status);
  if (!s || !due) {
    throw std::runtime_error("unit program " + std::to_string(r.id) + " cannot be read");
  }
  r.status = *s;
  r.due = *due;
  return r;
}

domain::UnitProgramContent LoadContent(Connection& c, UnitProgramId id) {
  domain::UnitProgramContent out;
  {
    auto& q = c.Query(
        "SELECT decision_number, decision_date, signer FROM unit_programs WHERE id = ?", id);
    if (q.Step()) q.Get(0, out.decision_number, out.decision_date, out.signer);
    while (q.Step()) {
    }
  }
  auto& t = c.Query(
      "SELECT id, serves, text, responsible_user_id, responsible_name, start, due, output, "
      "carried_from, dropped_from FROM unit_tasks WHERE unit_program_id = ? ORDER BY ord",
      id);
  while (t.Step()) {
    domain::UnitTask task;
    t.Get(0, task.id, task.serves, task.text, task.responsible_user, task.responsible_name,
          task.start, task.due, task.output, task.carried_from, task.dropped_from);
    out.tasks.push_back(std::move(task));
  }
  auto& g = c.Query(
      "SELECT target_id, indicator_code, name, uom, value_mantissa, value_scale, comparator, "
      "serves FROM unit_targets WHERE unit_program_id = ? ORDER BY ord",
      id);
  while (g.Step()) {
    domain::UnitTarget target;
    std::optional<int64_t> mantissa, scale;
    std::optional<std::string> comparator;
    g.Get(0, target.target_id, target.indicator_code, target.name, target.uom, mantissa, scale,
          comparator, target.serves);
    if (mantissa) target.value = core::Decimal{*mantissa, static_cast<int>(scale.value_or(0))};
    if (comparator) {
      target.comparator = domain::ParseComparator(*comparator);
      if (!target.comparator) throw std::runtime_error("unit target's comparator unknown");
    }
    out.targets.push_back(std::move(target));
  }
  return out;
}

// `after` (a JSON object's text, or "") with the snapshot's fingerprint added.
std::string WithFingerprint(const std::string& after, const std::string& sha) {
  std::string member = "\"fingerprint\":\"" + sha + "\"";
  const auto end = after.find_last_of('}');
  if (end == std::string::npos) return "{" + member + "}";
  const auto last = after.find_last_not_of(" \t\r\n", end == 0 ? 0 : end - 1);
  const bool empty = last == std::string::npos || after[last] == '{';
  return after.substr(0, end) + (empty ? "" : ",") + member + after.substr(end);
}

// The tasks of `content` stored for program `id`: updated by id, new ones inserted (their ids
// filled in `tasks`), the others deleted. kInvalidArgument for an id not of this program.
core::Status WriteTasks(Connection& c, UnitProgramId id, std::vector<domain::UnitTask>& tasks) {
  std::set<int64_t> mine;
  {
    auto& q = c.Query("SELECT id FROM unit_tasks WHERE unit_program_id = ?", id);
    while (q.Step()) mine.insert(q.Int(0));
  }
  std::set<int64_t> kept;
  for (size_t i = 0; i < tasks.size(); ++i) {
    const auto task_id = tasks[i].id;
    if (task_id == 0) continue;
    if (!mine.count(task_id) || !kept.insert(task_id).second) {
      return tl::unexpected(UnitTaskNotFound("tasks[" + std::to_string(i) + "].id", task_id));
    }
  }
  // Gone ones first, then every kept one out of the way of the ords (UNIQUE), then in place.
  for (int64_t gone : mine) {
    if (!kept.count(gone)) c.Query("DELETE FROM unit_tasks WHERE id = ?", gone).Exec();
  }
  c.Query("UPDATE unit_tasks SET ord = -1 - ord WHERE unit_program_id = ?", id).Exec();
  for (size_t i = 0; i < tasks.size(); ++i) {
    auto& t = tasks[i];
    const auto ord = static_cast<int64_t>(i);
    if (t.id != 0) {
      auto& q = c.Prepare(
          "UPDATE unit_tasks SET ord = ?, serves = ?, text = ?, responsible_user_id = ?, "
          "responsible_name = ?, start = ?, due = ?, output = ?, carried_from = ?, "
          "dropped_from = ? WHERE id = ?");
      q.BindAll(ord, t.serves, t.text, t.responsible_user, t.responsible_name, t.start, t.due,
                t.output, t.carried_from, t.dropped_from, t.id);
      q.Exec();
      continue;
    }
    auto& q = c.Prepare(
        "INSERT INTO unit_tasks(unit_program_id, ord, serves, text, responsible_user_id, "
        "responsible_name, start, due, output, carried_from, dropped_from) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.BindAll(id, ord, t.serves, t.text, t.responsible_user, t.responsible_name, t.start, t.due,
              t.output, t.carried_from, t.dropped_from);
    if (!q.Step()) throw std::runtime_error("unit task not inserted");
    t.id = q.Int(0);
    while (q.Step()) {
    }
  }
  return {};
}

void WriteTargets(Connection& c, UnitProgramId id, const std::vector<domain::UnitTarget>& targets) {
  c.Query("DELETE FROM unit_targets WHERE unit_program_id = ?", id).Exec();
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& t = targets[i];
    auto& q = c.Prepare(
        "INSERT INTO unit_targets(unit_program_id, ord, target_id, indicator_code, name, uom, "
        "value_mantissa, value_scale, comparator, serves) VALUES (?,?,?,?,?,?,?,?,?,?)");
    q.BindAll(id, static_cast<int64_t>(i), t.target_id, t.indicator_code, t.name, t.uom,
              t.value ? std::optional<int64_t>(t.value->mantissa) : std::nullopt,
              t.value ? std::optional<int64_t>(t.value->scale) : std::nullopt,
              t.comparator ? std::optional<std::string>(domain::ComparatorName(*t.comparator))
                           : std::nullopt,
              t.serves);
    q.Exec();
  }
}

}  // namespace

core::Result<UnitProgramRecord> SqlStore::PutUnitProgram(const UnitProgramRecord& next,
                                                         int64_t expected_version,
                                                         const domain::UnitProgramContent& content,
                                                         domain::UnitProgramAction action,
                                                         const std::string& comment,
                                                         const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<UnitProgramRecord> {
    UnitProgramRecord r = next;
    if (r.id == 0) {
      auto existing = [&]() -> std::optional<int64_t> {
        auto& q = c.Query("SELECT version FROM unit_programs WHERE program_id = ? AND unit_id = ?",
                          r.program_id, r.unit_id);
        if (!q.Step()) return std::nullopt;
        return q.Int(0);
      };
      if (auto stored = existing()) {
        return tl::unexpected(UnitProgramStale(expected_version, *stored));
      }
      if (expected_version != 0) return tl::unexpected(UnitProgramStale(expected_version, 0));
      {
        auto& p = c.Query("SELECT 1 FROM programs WHERE id = ?", r.program_id);
        if (!p.Step()) return tl::unexpected(ProgramNotFound(r.program_id));
        while (p.Step()) {
        }
      }
      r.version = 1;
      if (r.created_at.empty()) r.created_at = r.updated_at;
      auto& q = c.Prepare(
          "INSERT INTO unit_programs(program_id, unit_id, status, version, due, "
          "created_at, updated_at) VALUES (?,?,?,?,?,?,?) "
          "ON CONFLICT (program_id, unit_id) DO NOTHING RETURNING id");
      q.BindAll(r.program_id, r.unit_id, std::string(domain::UnitProgramStatusName(r.status)),
                r.version, r.due, r.created_at, r.updated_at);
      if (!q.Step())
        return tl::unexpected(UnitProgramStale(expected_version, existing().value_or(0)));
      r.id = q.Int(0);
      while (q.Step()) {
      }
    } else {
      // On PostgreSQL the row lock makes writers of one unit's program take turns.
      auto& cur = c.Query(std::string("SELECT version, created_at, program_id, unit_id "
                                      "FROM unit_programs WHERE id = ?") +
                              std::string(c.dialect().for_update),
                          r.id);
      if (!cur.Step()) return tl::unexpected(UnitProgramNotFound(r.id));
      const int64_t stored = cur.Int(0);
      if (stored != expected_version) {
        return tl::unexpected(UnitProgramStale(expected_version, stored));
      }
      r.version = stored + 1;
      r.created_at = cur.Text(1);
      // What a unit's program is of does not change.
      r.program_id = cur.Int(2);
      r.unit_id = cur.Int(3);
      while (cur.Step()) {
      }
    }
    if (action == domain::UnitProgramAction::kAccept) r.accepted_version = r.version;
    auto& u = c.Prepare(
        "UPDATE unit_programs SET status = ?, version = ?, due = ?, decision_number = ?, "
        "decision_date = ?, signer = ?, source_name = ?, source_sha256 = ?, "
        "first_submitted_at = ?, submitted_at = ?, decided_at = ?, decided_by = ?, comment = ?, "
        "accepted_version = ?, carried_from = ?, updated_at = ?, updated_by = ? WHERE id = ?");
    u.BindAll(std::string(domain::UnitProgramStatusName(r.status)), r.version, r.due,
              content.decision_number, content.decision_date, content.signer, r.source_name,
              r.source_sha256, r.first_submitted_at, r.submitted_at, r.decided_at, r.decided_by,
              r.comment, r.accepted_version, r.carried_from, r.updated_at, r.updated_by, r.id);
    u.Exec();
    domain::UnitProgramContent stored = content;
    WP_RETURN_IF_ERROR(WriteTasks(c, r.id, stored.tasks));
    WriteTargets(c, r.id, stored.targets);
    std::string snapshot = UnitProgramSnapshotJson(r, stored);
    std::string sha = core::Sha256Hex(snapshot);
    auto& v = c.Prepare(
        "INSERT INTO unit_program_versions(unit_program_id, version, action, at, by_user, "
        "comment, content, sha256) VALUES (?,?,?,?,?,?,?,?)");
    v.BindAll(r.id, r.version, std::string(domain::UnitProgramActionName(action)), r.updated_at,
              r.updated_by, comment, std::move(snapshot), sha);
    v.Exec();
    if (action == domain::UnitProgramAction::kAccept) {
      c.Query("UPDATE programs SET unit_programs_rev = unit_programs_rev + 1 WHERE id = ?",
              r.program_id)
          .Exec();
    }
    AuditEvent event = audit;
    event.after = WithFingerprint(audit.after, sha);
    AppendAudit(c, event, std::to_string(r.id));
    RecordChange(c, event.action, r.program_id, event.at, r.unit_id);
    return r;
  });
}

core::Result<UnitProgramRecord> SqlStore::GetUnitProgram(UnitProgramId id) {
  return Read([&](Connection& c) -> core::Result<UnitProgramRecord> {
    auto& q = c.Query(std::string(kSelectUnitProgram) + " WHERE id = ?", id);
    if (!q.Step()) return tl::unexpected(UnitProgramNotFound(id));
    return ReadUnitProgram(q);
  });
}

core::Result<std::optional<UnitProgramRecord>> SqlStore::FindUnitProgram(ProgramId program,
                                                                         domain::OrgUnitId unit) {
  return Read([&](Connection& c) -> core::Result<std::optional<UnitProgramRecord>> {
    auto& q = c.Query(std::string(kSelectUnitProgram) + " WHERE program_id = ? AND unit_id = ?",
                      program, unit);
    if (!q.Step()) return std::optional<UnitProgramRecord>();
    return std::optional<UnitProgramRecord>(ReadUnitProgram(q));
  });
}

core::Result<std::vector<UnitProgramRecord>> SqlStore::ListUnitPrograms(ProgramId program) {
  return Read([&](Connection& c) -> core::Result<std::vector<UnitProgramRecord>> {
    auto& q = c.Query(std::string(kSelectUnitProgram) + " WHERE program_id = ? ORDER BY unit_id",
                      program);
    std::vector<UnitProgramRecord> out;
    while (q.Step()) out.push_back(ReadUnitProgram(q));
    return out;
  });
}

core::Result<domain::UnitProgramContent> SqlStore::GetUnitProgramContent(UnitProgramId id,
                                                                         int64_t* version) {
  return Read(
      [&](Connection& c) -> core::Result<domain::UnitProgramContent> {
        auto& q = c.Query("SELECT version FROM unit_programs WHERE id = ?", id);
        if (!q.Step()) return tl::unexpected(UnitProgramNotFound(id));
        if (version) *version = q.Int(0);
        while (q.Step()) {
        }
        return LoadContent(c, id);
      },
      Snapshot::kYes);
}

core::Result<std::vector<UnitProgramVersion>> SqlStore::ListUnitProgramVersions(UnitProgramId id) {
  return Read(
      [&](Connection& c) -> core::Result<std::vector<UnitProgramVersion>> {
        auto& d = c.Query("SELECT 1 FROM unit_programs WHERE id = ?", id);
        if (!d.Step()) return tl::unexpected(UnitProgramNotFound(id));
        while (d.Step()) {
        }
        auto& q = c.Query(
            "SELECT version, action, at, by_user, comment, sha256 FROM unit_program_versions "
            "WHERE unit_program_id = ? ORDER BY version",
            id);
        std::vector<UnitProgramVersion> out;
        while (q.Step()) {
          UnitProgramVersion v;
          v.unit_program_id = id;
          std::string action;
          q.Get(0, v.version, action, v.at, v.by_user, v.comment, v.sha256);
          auto a = domain::ParseUnitProgramAction(action);
          if (!a) throw std::runtime_error("unit program version's action unknown");
          v.action = *a;
          out.push_back(std::move(v));
        }
        return out;
      },
      Snapshot::kYes);
}

core::Result<UnitProgramVersion> SqlStore::GetUnitProgramVersion(UnitProgramId id,
                                                                 int64_t version) {
  return Read([&](Connection& c) -> core::Result<UnitProgramVersion> {
    auto& q = c.Query(
        "SELECT version, action, at, by_user, comment, content, sha256 FROM "
        "unit_program_versions WHERE unit_program_id = ? AND version = ?",
        id, version);
    if (!q.Step()) return tl::unexpected(UnitProgramVersionNotFound(id, version));
    UnitProgramVersion v;
    v.unit_program_id = id;
    std::string action;
    q.Get(0, v.version, action, v.at, v.by_user, v.comment, v.content, v.sha256);
    auto a = domain::ParseUnitProgramAction(action);
    if (!a) throw std::runtime_error("unit program version's action unknown");
    v.action = *a;
    return v;
  });
}

core::Result<int64_t> SqlStore::UnitProgramsRevision(ProgramId program) {
  return Read([&](Connection& c) -> core::Result<int64_t> {
    auto& q = c.Query("SELECT unit_programs_rev FROM programs WHERE id = ?", program);
    if (!q.Step()) return tl::unexpected(ProgramNotFound(program));
    return q.Int(0);
  });
}

}  // namespace wp::store::sql
