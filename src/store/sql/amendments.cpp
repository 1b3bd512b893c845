// Amendments of a published program (issue 18) in their tables: an amendment's row and its
// changes, the program's versions (1 written at publication, each approval the next), and the
// program's amendments_rev that another server compares. Every write is one transaction with
// its audit entry. Delegations: delegations.cpp.

#include <map>
#include <stdexcept>

#include "store/sql/records.hpp"
#include "store/sql/sql_store.hpp"
#include "store/store_errors.hpp"

namespace wp::store::sql {
namespace {

using core::ErrorCode;

constexpr const char* kSelectAmendment =
    "SELECT id, program_id, unit_id, status, version, effective_from, reason, planner_opinion, "
    "decision_comment, decision_number, submitted_at, submitted_by, forwarded_at, forwarded_by, "
    "decided_at, decided_by, delegation_id, program_version, created_at, created_by, updated_at, "
    "updated_by FROM amendments";

AmendmentRecord ReadAmendment(Statement& q) {
  AmendmentRecord r;
  std::string status;
  std::optional<core::CivilDate> from;
  q.Get(0, r.id, r.program_id, r.unit_id, status, r.version, from, r.reason, r.planner_opinion,
        r.decision_comment, r.decision_number, r.submitted_at, r.submitted_by, r.forwarded_at,
        r.forwarded_by, r.decided_at, r.decided_by, r.delegation_id, r.program_version,
        r.created_at, r.created_by, r.updated_at, r.updated_by);
  auto s = domain::ParseAmendmentStatus(status);
  if (!s || !from)
    throw std::runtime_error("amendment " + std::to_string(r.id) + " cannot be read");
  r.status = *s;
  r.effective_from = *from;
  return r;
}

domain::Change ReadChange(Statement& q, int first) {
  domain::Change ch;
  std::string kind;
  q.Get(first, kind, ch.locator, ch.value, ch.before, ch.after, ch.assigned_task_id);
  auto k = domain::ParseChangeKind(kind);
  if (!k) throw std::runtime_error("amendment change of kind '" + kind + "' cannot be read");
  ch.kind = *k;
  return ch;
}

constexpr const char* kChangeColumns = "kind, locator, value, before, after, assigned_task_id";

std::vector<domain::Change> LoadChanges(Connection& c, AmendmentId id) {
  std::vector<domain::Change> out;
  auto& q = c.Query(std::string("SELECT ") + kChangeColumns +
                        " FROM amendment_changes WHERE amendment_id = ? ORDER BY ord",
                    id);
  while (q.Step()) out.push_back(ReadChange(q, 0));
  return out;
}

// The changes of every amendment of `program`, by amendment.
std::map<AmendmentId, std::vector<domain::Change>> LoadProgramChanges(Connection& c,
                                                                      ProgramId program) {
  std::map<AmendmentId, std::vector<domain::Change>> out;
  auto& q = c.Query(std::string("SELECT k.amendment_id, ") +
                        "k.kind, k.locator, k.value, k.before, k.after, k.assigned_task_id "
                        "FROM amendment_changes k JOIN amendments a ON a.id = k.amendment_id "
                        "WHERE a.program_id = ? ORDER BY k.amendment_id, k.ord",
                    program);
  while (q.Step()) out[q.Int(0)].push_back(ReadChange(q, 1));
  return out;
}

void InsertChanges(Connection& c, AmendmentId id, const std::vector<domain::Change>& changes) {
  Rows rows("amendment_changes",
            "amendment_id bigint, ord int, kind text, locator text, value text, before text, "
            "after text, assigned_task_id text");
  rows.Reserve(changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto& ch = changes[i];
    rows.Int(id).Int(static_cast<int64_t>(i)).Text(domain::ChangeKindName(ch.kind));
    rows.Text(ch.locator).Text(ch.value).Text(ch.before).Text(ch.after).Text(ch.assigned_task_id);
    rows.End();
  }
  c.Insert(rows);
}

core::Error AmendmentNotFound(AmendmentId id) {
  return core::MakeError(ErrorCode::kNotFound, "amendment_not_found",
                         "Không có đề nghị điều chỉnh #" + std::to_string(id));
}

core::Error AmendmentClosed(AmendmentId id, domain::AmendmentStatus s) {
  auto err = core::MakeError(ErrorCode::kFailedPrecondition, "amendment_closed",
                             "Đề nghị điều chỉnh #" + std::to_string(id) +
                                 " đã kết thúc (đã phê duyệt, không đồng ý hoặc đã rút), "
                                 "không sửa được nữa");
  err.details.push_back({"status", domain::AmendmentStatusName(s)});
  return err;
}

core::Error AmendmentStale(int64_t expected, int64_t stored) {
  auto err = core::MakeError(ErrorCode::kAborted, "stale_version",
                             "Đề nghị điều chỉnh vừa được người khác cập nhật (phiên bản " +
                                 std::to_string(stored) + ", bạn đang xem phiên bản " +
                                 std::to_string(expected) + "). Hãy tải lại trang.");
  err.details.push_back({"version", std::to_string(stored)});
  return err;
}

core::Error NotForwarded(AmendmentId id) {
  return core::MakeError(ErrorCode::kFailedPrecondition, "amendment_not_forwarded",
                         "Đề nghị điều chỉnh #" + std::to_string(id) +
                             " chưa được Vụ Kế hoạch chuyển Lãnh đạo Bộ: chưa phê duyệt được");
}

core::Error VersionsMoved(int expected, int next) {
  auto err = core::MakeError(ErrorCode::kAborted, "amendment_stale",
                             "Chương trình vừa có phiên bản điều chỉnh mới (phiên bản " +
                                 std::to_string(next - 1) +
                                 "). Hãy tải lại và xem lại đề nghị trước khi phê duyệt.");
  err.details.push_back({"expected_version", std::to_string(expected)});
  return err;
}

}  // namespace

void SqlStore::InsertBaselineVersion(Connection& c, ProgramId id) {
  auto& q =
      c.Query("SELECT issued_date, year, published_at, created_at FROM programs WHERE id = ?", id);
  if (!q.Step()) return;
  std::optional<core::CivilDate> issued = q.OptDate(0);
  std::optional<int64_t> year = q.OptInt(1);
  std::string at = q.OptText(2).value_or(q.Text(3));
  while (q.Step()) {
  }
  core::CivilDate from = issued ? *issued
                         : year ? core::CivilDate{static_cast<int>(*year), 1, 1}
                                : core::CivilDate{1970, 1, 1};
  auto& v = c.Query(
      "INSERT INTO program_versions(program_id, version, effective_from, approved_at) "
      "VALUES (?, 1, ?, ?) ON CONFLICT (program_id, version) DO NOTHING",
      id, from, at);
  v.Exec();
}

core::Result<AmendmentRecord> SqlStore::PutAmendment(const AmendmentRecord& next,
                                                     int64_t expected_version,
                                                     const AuditEvent& audit) {
  auto approval = [] {
    return core::MakeError(ErrorCode::kInvalidArgument, "amendment_action_invalid",
                           "Đề nghị điều chỉnh chỉ được phê duyệt qua thao tác phê duyệt");
  };
  return Write([&](Connection& c) -> core::Result<AmendmentRecord> {
    AmendmentRecord r = next;
    if (r.id == 0) {
      if (r.status == domain::AmendmentStatus::kApproved) return tl::unexpected(approval());
      if (expected_version != 0) return tl::unexpected(AmendmentStale(expected_version, 0));
      auto& p = c.Query("SELECT status FROM programs WHERE id = ?", r.program_id);
      if (!p.Step()) return tl::unexpected(ProgramNotFound(r.program_id));
      while (p.Step()) {
      }
      r.version = 1;
      if (r.created_at.empty()) r.created_at = r.updated_at;
      if (!r.created_by) r.created_by = r.updated_by;
      auto& q = c.Prepare(
          "INSERT INTO amendments(program_id, unit_id, status, version, effective_from, reason, "
          "planner_opinion, decision_comment, decision_number, submitted_at, submitted_by, "
          "forwarded_at, forwarded_by, decided_at, decided_by, delegation_id, program_version, "
          "created_at, created_by, updated_at, updated_by) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
      q.BindAll(r.program_id, r.unit_id, std::string(domain::AmendmentStatusName(r.status)),
                r.version, r.effective_from, r.reason, r.planner_opinion, r.decision_comment,
                r.decision_number, r.submitted_at, r.submitted_by, r.forwarded_at, r.forwarded_by,
                r.decided_at, r.decided_by, r.delegation_id, r.program_version, r.created_at,
                r.created_by, r.updated_at, r.updated_by);
      if (!q.Step()) throw std::runtime_error("amendment insert returned no id");
      r.id = q.Int(0);
      while (q.Step()) {
      }
    } else {
      // On PostgreSQL the row lock makes writers of one amendment take turns.
      auto& cur = c.Query(std::string("SELECT version, status, program_id, unit_id, created_at, "
                                      "created_by FROM amendments WHERE id = ?") +
                              std::string(c.dialect().for_update),
                          r.id);
      if (!cur.Step()) return tl::unexpected(AmendmentNotFound(r.id));
      const int64_t stored = cur.Int(0);
      auto status = domain::ParseAmendmentStatus(cur.Text(1));
      r.program_id = cur.Int(2);
      r.unit_id = cur.Int(3);
      r.created_at = cur.Text(4);
      r.created_by = cur.OptInt(5);
      while (cur.Step()) {
      }
      if (!status) throw std::runtime_error("amendment status cannot be read");
      if (*status == domain::AmendmentStatus::kApproved ||
          *status == domain::AmendmentStatus::kRefused ||
          *status == domain::AmendmentStatus::kWithdrawn) {
        return tl::unexpected(AmendmentClosed(r.id, *status));
      }
      if (stored != expected_version) {
        return tl::unexpected(AmendmentStale(expected_version, stored));
      }
      if (r.status == domain::AmendmentStatus::kApproved) return tl::unexpected(approval());
      r.version = stored + 1;
      auto& q = c.Prepare(
          "UPDATE amendments SET status = ?, version = ?, effective_from = ?, reason = ?, "
          "planner_opinion = ?, decision_comment = ?, decision_number = ?, submitted_at = ?, "
          "submitted_by = ?, forwarded_at = ?, forwarded_by = ?, decided_at = ?, decided_by = ?, "
          "delegation_id = ?, program_version = ?, updated_at = ?, updated_by = ? WHERE id = ?");
      q.BindAll(std::string(domain::AmendmentStatusName(r.status)), r.version, r.effective_from,
                r.reason, r.planner_opinion, r.decision_comment, r.decision_number, r.submitted_at,
                r.submitted_by, r.forwarded_at, r.forwarded_by, r.decided_at, r.decided_by,
                r.delegation_id, r.program_version, r.updated_at, r.updated_by, r.id);
      q.Exec();
      c.Query("DELETE FROM amendment_changes WHERE amendment_id = ?", r.id).Exec();
    }
    InsertChanges(c, r.id, r.changes);
    AppendAudit(c, audit, std::to_string(r.id));
    return r;
  });
}

core::Result<AmendmentRecord> SqlStore::GetAmendment(AmendmentId id) {
  return Read(
      [&](Connection& c) -> core::Result<AmendmentRecord> {
        AmendmentRecord r;
        {
          auto& q = c.Query(std::string(kSelectAmendment) + " WHERE id = ?", id);
          if (!q.Step()) return tl::unexpected(AmendmentNotFound(id));
          r = ReadAmendment(q);
          while (q.Step()) {
          }
        }
        r.changes = LoadChanges(c, id);
        return r;
      },
      Snapshot::kYes);
}

core::Result<std::vector<AmendmentRecord>> SqlStore::ListAmendments(const AmendmentFilter& f) {
  return Read(
      [&](Connection& c) -> core::Result<std::vector<AmendmentRecord>> {
        std::string sql = std::string(kSelectAmendment) + " WHERE program_id = ?";
        if (f.unit_id) sql += " AND unit_id = ?";
        if (f.status) sql += " AND status = ?";
        sql += " ORDER BY updated_at DESC, id DESC";
        auto& q = c.Prepare(sql);
        int i = 0;
        q.Bind(++i, f.program_id);
        if (f.unit_id) q.Bind(++i, *f.unit_id);
        if (f.status) q.Bind(++i, domain::AmendmentStatusName(*f.status));
        std::vector<AmendmentRecord> out;
        while (q.Step()) out.push_back(ReadAmendment(q));
        if (out.empty()) return out;
        auto changes = LoadProgramChanges(c, f.program_id);
        for (auto& r : out) {
          auto it = changes.find(r.id);
          if (it != changes.end()) r.changes = std::move(it->second);
        }
        return out;
      },
      Snapshot::kYes);
}

core::Result<int> SqlStore::ApproveAmendment(const AmendmentRecord& next, int64_t expected_version,
                                             const AuditEvent& amendment_audit,
                                             const AuditEvent& program_audit) {
  return Write([&](Connection& c) -> core::Result<int> {
    AmendmentRecord r = next;
    ProgramId program = 0;
    {
      auto& cur = c.Query(std::string("SELECT version, status, program_id, effective_from "
                                      "FROM amendments WHERE id = ?") +
                              std::string(c.dialect().for_update),
                          r.id);
      if (!cur.Step()) return tl::unexpected(AmendmentNotFound(r.id));
      const int64_t stored = cur.Int(0);
      auto status = domain::ParseAmendmentStatus(cur.Text(1));
      program = cur.Int(2);
      auto from = cur.OptDate(3);
      while (cur.Step()) {
      }
      if (!status || !from) throw std::runtime_error("amendment cannot be read");
      if (stored != expected_version) {
        return tl::unexpected(AmendmentStale(expected_version, stored));
      }
      if (*status != domain::AmendmentStatus::kForwarded) {
        if (*status == domain::AmendmentStatus::kApproved ||
            *status == domain::AmendmentStatus::kRefused ||
            *status == domain::AmendmentStatus::kWithdrawn) {
          return tl::unexpected(AmendmentClosed(r.id, *status));
        }
        return tl::unexpected(NotForwarded(r.id));
      }
      r.version = stored + 1;
      r.program_id = program;
      r.effective_from = *from;
    }
    {
      auto& p = c.Query("SELECT status FROM programs WHERE id = ?", program);
      if (!p.Step()) return tl::unexpected(ProgramNotFound(program));
      bool published = ReadProgramStatus(p, 0) == ProgramStatus::kPublished;
      while (p.Step()) {
      }
      if (!published) {
        return core::Fail(
            ErrorCode::kFailedPrecondition, "program_not_published",
            "Chương trình #" + std::to_string(program) + " chưa ban hành: chưa điều chỉnh được");
      }
    }
    c.Query("UPDATE programs SET amendments_rev = amendments_rev + 1 WHERE id = ?", program).Exec();
    int number = 0;
    {
      auto& m = c.Query(
          "SELECT COALESCE(MAX(version), 0) FROM program_versions WHERE program_id = ?", program);
      if (m.Step()) number = static_cast<int>(m.Int(0));
      while (m.Step()) {
      }
    }
    if (number == 0) {
      // A program published before its baseline was written: write it now.
      InsertBaselineVersion(c, program);
      number = 1;
    }
    ++number;
    if (r.program_version && *r.program_version != number) {
      return tl::unexpected(VersionsMoved(*r.program_version, number));
    }
    r.program_version = number;
    r.status = domain::AmendmentStatus::kApproved;
    if (!r.decided_at) r.decided_at = r.updated_at;
    if (!r.decided_by) r.decided_by = r.updated_by;
    auto& q = c.Prepare(
        "UPDATE amendments SET status = 'approved', version = ?, decision_comment = ?, "
        "decision_number = ?, decided_at = ?, decided_by = ?, delegation_id = ?, "
        "program_version = ?, updated_at = ?, updated_by = ? WHERE id = ?");
    q.BindAll(r.version, r.decision_comment, r.decision_number, r.decided_at, r.decided_by,
              r.delegation_id, r.program_version, r.updated_at, r.updated_by, r.id);
    q.Exec();
    c.Query("DELETE FROM amendment_changes WHERE amendment_id = ?", r.id).Exec();
    InsertChanges(c, r.id, r.changes);
    auto& v = c.Query(
        "INSERT INTO program_versions(program_id, version, effective_from, amendment_id, "
        "approved_at, approved_by) VALUES (?,?,?,?,?,?)",
        program, number, r.effective_from, r.id, *r.decided_at, r.decided_by);
    v.Exec();
    AppendAudit(c, amendment_audit, std::to_string(r.id));
    AppendAudit(c, program_audit, std::to_string(program));
    RecordChange(c, amendment_audit.action, program, amendment_audit.at);
    return number;
  });
}

core::Result<std::vector<ProgramVersionRecord>> SqlStore::ListProgramVersions(ProgramId program) {
  return Read(
      [&](Connection& c) -> core::Result<std::vector<ProgramVersionRecord>> {
        {
          auto& p = c.Query("SELECT 1 FROM programs WHERE id = ?", program);
          if (!p.Step()) return tl::unexpected(ProgramNotFound(program));
          while (p.Step()) {
          }
        }
        std::vector<ProgramVersionRecord> out;
        {
          auto& q = c.Query(
              "SELECT version, effective_from, amendment_id, approved_at, approved_by "
              "FROM program_versions WHERE program_id = ? ORDER BY version",
              program);
          while (q.Step()) {
            ProgramVersionRecord v;
            v.program_id = program;
            std::optional<core::CivilDate> from;
            q.Get(0, v.version, from, v.amendment_id, v.approved_at, v.approved_by);
            if (!from) throw std::runtime_error("program version cannot be read");
            v.effective_from = *from;
            out.push_back(std::move(v));
          }
        }
        if (out.size() > 1) {
          auto changes = LoadProgramChanges(c, program);
          for (auto& v : out) {
            if (!v.amendment_id) continue;
            auto it = changes.find(*v.amendment_id);
            if (it != changes.end()) v.changes = it->second;
          }
        }
        return out;
      },
      Snapshot::kYes);
}

core::Result<int64_t> SqlStore::AmendmentsRevision(ProgramId program) {
  return Read([&](Connection& c) -> core::Result<int64_t> {
    auto& q = c.Query("SELECT amendments_rev FROM programs WHERE id = ?", program);
    if (!q.Step()) return tl::unexpected(ProgramNotFound(program));
    int64_t rev = q.Int(0);
    while (q.Step()) {
    }
    return rev;
  });
}

}  // namespace wp::store::sql
