// Next year's program started from this year's (issue 18): the draft's plan is an ordinary
// program's; beside it, what it carries item by item and the new decision last read against
// it. The record is replaced whole with each write, under its revision.

#include <stdexcept>

#include "store/sql/sql_store.hpp"
#include "store/store_errors.hpp"

namespace wp::store::sql {
namespace {

using core::ErrorCode;

constexpr const char* kSelectNextYear =
    "SELECT program_id, from_program, year, revision, decision_name, reconciled_at, created_at, "
    "updated_at FROM next_year_drafts";

NextYearRecord ReadNextYear(Statement& q) {
  NextYearRecord r;
  q.Get(0, r.program_id, r.from_program, r.year, r.revision, r.decision_name, r.reconciled_at,
        r.created_at, r.updated_at);
  return r;
}

void WriteNextYear(Connection& c, const NextYearRecord& r, int64_t revision) {
  auto& q = c.Query(
      "INSERT INTO next_year_drafts(program_id, from_program, year, revision, decision_name, "
      "decision_text, reconciled_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
      r.program_id, r.from_program, static_cast<int64_t>(r.year), revision, r.decision_name,
      r.decision_text, r.reconciled_at, r.created_at, r.updated_at);
  q.Exec();
  Rows items("next_year_items",
             "program_id bigint, ord int, kind text, item_key text, carried_from text, "
             "carried_value text, decision text");
  for (size_t i = 0; i < r.items.size(); ++i) {
    const auto& it = r.items[i];
    items.Int(r.program_id).Int(static_cast<int64_t>(i)).Text(it.kind).Text(it.key);
    items.Text(it.carried_from).Text(it.carried_value).Text(it.decision).End();
  }
  c.Insert(items);
}

void LoadItems(Connection& c, NextYearRecord& r) {
  auto& q = c.Query(
      "SELECT kind, item_key, carried_from, carried_value, decision FROM next_year_items "
      "WHERE program_id = ? ORDER BY ord",
      r.program_id);
  while (q.Step()) {
    NextYearItem it;
    q.Get(0, it.kind, it.key, it.carried_from, it.carried_value, it.decision);
    r.items.push_back(std::move(it));
  }
}

}  // namespace

core::Result<ProgramId> SqlStore::InsertNextYearDraft(const ProgramRecord& draft,
                                                      const NextYearRecord& next_year,
                                                      const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<ProgramId> {
    {
      auto& q = c.Query("SELECT 1 FROM programs WHERE id = ?", next_year.from_program);
      if (!q.Step()) return tl::unexpected(ProgramNotFound(next_year.from_program));
      while (q.Step()) {
      }
    }
    const ProgramId id = InsertPlan(c, draft, ProgramStatus::kDraft, std::nullopt);
    NextYearRecord r = next_year;
    r.program_id = id;
    WriteNextYear(c, r, 1);
    AppendAudit(c, audit, std::to_string(id));
    return id;
  });
}

core::Result<std::optional<NextYearRecord>> SqlStore::GetNextYearDraft(ProgramId program) {
  return Read(
      [&](Connection& c) -> core::Result<std::optional<NextYearRecord>> {
        auto& q = c.Query(
            "SELECT program_id, from_program, year, revision, decision_name, reconciled_at, "
            "created_at, updated_at, decision_text FROM next_year_drafts WHERE program_id = ?",
            program);
        if (!q.Step()) return std::optional<NextYearRecord>();
        NextYearRecord r = ReadNextYear(q);
        r.decision_text = q.Text(8);
        while (q.Step()) {
        }
        LoadItems(c, r);
        return std::optional<NextYearRecord>(std::move(r));
      },
      Snapshot::kYes);
}

core::Result<std::vector<NextYearRecord>> SqlStore::ListNextYearDrafts() {
  return Read([&](Connection& c) -> core::Result<std::vector<NextYearRecord>> {
    auto& q = c.Prepare(std::string(kSelectNextYear) + " ORDER BY program_id");
    std::vector<NextYearRecord> out;
    while (q.Step()) out.push_back(ReadNextYear(q));
    return out;
  });
}

core::Result<int64_t> SqlStore::PutNextYearDraft(const NextYearRecord& next,
                                                 int64_t expected_revision,
                                                 const ProgramRecord* plan,
                                                 const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<int64_t> {
    std::string status;
    {
      auto& q = c.Query("SELECT status FROM programs WHERE id = ?", next.program_id);
      if (!q.Step()) return tl::unexpected(ProgramNotFound(next.program_id));
      status = q.Text(0);
      while (q.Step()) {
      }
    }
    if (status == "published") {
      return core::Fail(
          ErrorCode::kFailedPrecondition, "program_published",
          "Chương trình #" + std::to_string(next.program_id) + " đã ban hành chính thức");
    }
    int64_t stored = 0;
    {
      auto& q = c.Query(std::string("SELECT revision FROM next_year_drafts WHERE program_id = ?") +
                            std::string(c.dialect().for_update),
                        next.program_id);
      if (!q.Step()) return tl::unexpected(ProgramNotFound(next.program_id));
      stored = q.Int(0);
      while (q.Step()) {
      }
    }
    if (stored != expected_revision) {
      auto e = core::MakeError(ErrorCode::kAborted, "stale_revision",
                               "Chương trình vừa được người khác thay đổi (phiên bản " +
                                   std::to_string(stored) + "); hãy tải lại");
      e.details.push_back({"revision", std::to_string(stored)});
      return tl::unexpected(std::move(e));
    }
    if (plan) {
      // The draft's plan replaced under its id: its rows go with the program's (the cascade
      // takes the matrix and this record too), then come back from `plan`.
      auto& del = c.Query("DELETE FROM programs WHERE id = ?", next.program_id);
      del.Exec();
      InsertPlan(c, *plan, ProgramStatus::kDraft, std::nullopt, next.program_id);
    } else {
      auto& items = c.Query("DELETE FROM next_year_items WHERE program_id = ?", next.program_id);
      items.Exec();
      auto& del = c.Query("DELETE FROM next_year_drafts WHERE program_id = ?", next.program_id);
      del.Exec();
    }
    WriteNextYear(c, next, stored + 1);
    AppendAudit(c, audit, std::to_string(next.program_id));
    return stored + 1;
  });
}

}  // namespace wp::store::sql
