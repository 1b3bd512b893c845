// The documents of issue 17 in their tables: a document's row (its header as JSON text), its
// blocks, its versions (append-only snapshots), the .docx as issued, the uploaded templates, and
// the narrative sections the consolidated report gathers. Every write is one transaction with
// its audit entry, as a report's is.

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "core/hash.hpp"
#include "store/document_json.hpp"
#include "store/sql/sql_store.hpp"
#include "store/store_errors.hpp"

namespace wp::store::sql {
namespace {

constexpr const char* kSelectDocument =
    "SELECT id, program_id, kind, unit_id, period, as_of, status, version, header, "
    "data_generation, generated_at, created_at, created_by, updated_at, updated_by, issued_at, "
    "issued_by, number_year, number_seq FROM documents";

DocumentRecord ReadDocument(Statement& q) {
  DocumentRecord r;
  std::string kind, status, header;
  std::optional<core::CivilDate> as_of;
  q.Get(0, r.id, r.program_id, kind, r.unit_id, r.period, as_of, status, r.version, header,
        r.data_generation, r.generated_at, r.created_at, r.created_by, r.updated_at, r.updated_by,
        r.issued_at, r.issued_by, r.number_year, r.number_seq);
  auto k = domain::ParseDocumentKind(kind);
  auto s = domain::ParseDocumentStatus(status);
  auto h = ParseHeaderJson(header);
  if (!k || !s || !h || !as_of) {
    throw std::runtime_error("document " + std::to_string(r.id) + " cannot be read");
  }
  r.kind = *k;
  r.status = *s;
  r.header = std::move(*h);
  r.as_of = *as_of;
  return r;
}

constexpr const char* kSelectBlocks =
    "SELECT key, anchor, kind, style, section, area, unit_id, generated_text, base_text, "
    "edited_text, removed, state, table_json FROM document_blocks WHERE document_id = ? "
    "ORDER BY ord";

domain::Block ReadBlock(Statement& q) {
  domain::Block b;
  std::string kind, state;
  std::optional<int64_t> unit;
  std::optional<std::string> table;
  q.Get(0, b.key, b.anchor, kind, b.style, b.section, b.area, unit, b.generated, b.base, b.edited,
        b.removed, state, table);
  auto k = domain::ParseBlockKind(kind);
  auto s = domain::ParseBlockState(state);
  if (!k || !s) throw std::runtime_error("document block " + b.key + " cannot be read");
  b.kind = *k;
  b.state = *s;
  b.unit = unit;
  if (table) {
    auto t = ParseTableJson(*table);
    if (!t) throw std::runtime_error("document block " + b.key + ": table cannot be read");
    b.table = std::move(*t);
  }
  return b;
}

std::vector<domain::Block> LoadBlocks(Connection& c, DocumentId id) {
  std::vector<domain::Block> out;
  auto& q = c.Query(kSelectBlocks, id);
  while (q.Step()) out.push_back(ReadBlock(q));
  return out;
}

void InsertBlocks(Connection& c, DocumentId id, const std::vector<domain::Block>& blocks) {
  Rows rows("document_blocks",
            "document_id bigint, key text, ord int, anchor text, kind text, style text, "
            "section text, area text, unit_id bigint, generated_text text, base_text text, "
            "edited_text text, removed boolean, state text, table_json text");
  rows.Reserve(blocks.size());
  for (size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    rows.Int(id).Text(b.key).Int(static_cast<int64_t>(i)).OptText(b.anchor);
    rows.Text(domain::BlockKindName(b.kind)).Text(b.style).Text(b.section).Text(b.area);
    rows.OptInt(b.unit).Text(b.generated).OptText(b.base).OptText(b.edited).Bool(b.removed);
    rows.Text(domain::BlockStateName(b.state));
    if (b.table) {
      rows.Text(TableJson(*b.table));
    } else {
      rows.Null();
    }
    rows.End();
  }
  c.Insert(rows);
}

// The keys of the blocks that differ between `before` and `after` (changed, added, gone), in
// the order of `after` and then of `before`.
std::vector<std::string> ChangedKeys(const std::vector<domain::Block>& before,
                                     const std::vector<domain::Block>& after) {
  std::map<std::string_view, const domain::Block*> old;
  for (const auto& b : before) old.emplace(b.key, &b);
  std::vector<std::string> out;
  std::map<std::string_view, bool> seen;
  for (const auto& b : after) {
    seen.emplace(b.key, true);
    auto it = old.find(b.key);
    if (it == old.end() || !(*it->second == b)) out.push_back(b.key);
  }
  for (const auto& b : before) {
    if (seen.count(b.key) == 0) out.push_back(b.key);
  }
  return out;
}

// A new version of document `r` (as stored now): its snapshot, in the caller's transaction.
void InsertVersion(Connection& c, const DocumentRecord& r, const std::vector<domain::Block>& blocks,
                   const std::string& action, const std::vector<std::string>& changed,
                   const std::string& at, const std::optional<domain::UserId>& by) {
  std::string content = SnapshotJson(r, blocks);
  std::string sha = core::Sha256Hex(content);
  auto& q = c.Prepare(
      "INSERT INTO document_versions(document_id, version, action, at, by_user, changed, "
      "content, sha256) VALUES (?,?,?,?,?,?,?,?)");
  q.BindAll(r.id, r.version, action, at, by, KeysJson(changed), std::move(content), std::move(sha));
  q.Exec();
}

bool IsDraftAction(const std::string& action) {
  return action == "generate" || action == "edit" || action == "regenerate" || action == "resolve";
}

// The year a number is counted in: the issue date's, else the year of `at`.
int NumberYear(const DocumentIssue& issue) {
  if (issue.header.date) return issue.header.date->year;
  if (issue.at.size() >= 4) {
    try {
      return std::stoi(issue.at.substr(0, 4));
    } catch (const std::exception&) {
    }
  }
  return 0;
}

}  // namespace

core::Result<DocumentRecord> SqlStore::PutDocument(const DocumentRecord& next,
                                                   const std::vector<domain::Block>& blocks,
                                                   int64_t expected_version,
                                                   const std::string& action,
                                                   const AuditEvent& audit) {
  if (!IsDraftAction(action)) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "document_action_invalid",
                      "Thao tác trên văn bản không hợp lệ: " + action);
  }
  return Write([&](Connection& c) -> core::Result<DocumentRecord> {
    DocumentRecord r = next;
    r.status = domain::DocumentStatus::kDraft;
    r.issued_at.reset();
    r.issued_by.reset();
    r.number_year.reset();
    r.number_seq.reset();
    std::vector<domain::Block> before;
    if (r.id == 0) {
      auto existing = [&]() -> std::optional<DocumentId> {
        auto& q = c.Query(
            "SELECT id FROM documents WHERE program_id = ? AND kind = ? AND unit_id = ? AND "
            "period = ?",
            r.program_id, std::string(domain::DocumentKindName(r.kind)), r.unit_id, r.period);
        if (!q.Step()) return std::nullopt;
        return q.Int(0);
      };
      if (auto id = existing()) return tl::unexpected(DocumentExists(*id));
      if (expected_version != 0) return tl::unexpected(StaleVersion(expected_version, 0));
      r.version = 1;
      if (r.created_at.empty()) r.created_at = r.updated_at;
      if (!r.created_by) r.created_by = r.updated_by;
      auto& q = c.Prepare(
          "INSERT INTO documents(program_id, kind, unit_id, period, as_of, status, version, "
          "header, data_generation, generated_at, created_at, created_by, updated_at, "
          "updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT (program_id, kind, unit_id, period) DO NOTHING RETURNING id");
      q.BindAll(r.program_id, std::string(domain::DocumentKindName(r.kind)), r.unit_id, r.period,
                r.as_of, std::string("draft"), r.version, HeaderJson(r.header), r.data_generation,
                r.generated_at, r.created_at, r.created_by, r.updated_at, r.updated_by);
      if (!q.Step()) {
        auto id = existing();
        return tl::unexpected(DocumentExists(id.value_or(0)));
      }
      r.id = q.Int(0);
      while (q.Step()) {
      }
    } else {
      // On PostgreSQL the row lock makes writers of one document take turns.
      auto& cur = c.Query(std::string("SELECT version, status, created_at, created_by, program_id, "
                                      "kind, unit_id, period FROM documents WHERE id = ?") +
                              std::string(c.dialect().for_update),
                          r.id);
      if (!cur.Step()) return tl::unexpected(DocumentNotFound(r.id));
      const int64_t stored = cur.Int(0);
      if (cur.Text(1) != "draft") return tl::unexpected(DocumentIssued(r.id));
      if (stored != expected_version) return tl::unexpected(StaleVersion(expected_version, stored));
      r.version = stored + 1;
      r.created_at = cur.Text(2);
      r.created_by = cur.OptInt(3);
      // What a document is of does not change.
      r.program_id = cur.Int(4);
      r.kind = domain::ParseDocumentKind(cur.Text(5)).value_or(r.kind);
      r.unit_id = cur.Int(6);
      r.period = cur.Text(7);
      while (cur.Step()) {
      }
      before = LoadBlocks(c, r.id);
      auto& q = c.Prepare(
          "UPDATE documents SET as_of = ?, version = ?, header = ?, data_generation = ?, "
          "generated_at = ?, updated_at = ?, updated_by = ? WHERE id = ?");
      q.BindAll(r.as_of, r.version, HeaderJson(r.header), r.data_generation, r.generated_at,
                r.updated_at, r.updated_by, r.id);
      q.Exec();
      c.Query("DELETE FROM document_blocks WHERE document_id = ?", r.id).Exec();
    }
    InsertBlocks(c, r.id, blocks);
    InsertVersion(c, r, blocks, action, ChangedKeys(before, blocks), r.updated_at, r.updated_by);
    AppendAudit(c, audit, std::to_string(r.id));
    return r;
  });
}

core::Result<DocumentRecord> SqlStore::GetDocument(DocumentId id) {
  return Read([&](Connection& c) -> core::Result<DocumentRecord> {
    auto& q = c.Query(std::string(kSelectDocument) + " WHERE id = ?", id);
    if (!q.Step()) return tl::unexpected(DocumentNotFound(id));
    return ReadDocument(q);
  });
}

core::Result<std::vector<domain::Block>> SqlStore::GetDocumentBlocks(DocumentId id) {
  return Read(
      [&](Connection& c) -> core::Result<std::vector<domain::Block>> {
        auto& q = c.Query("SELECT 1 FROM documents WHERE id = ?", id);
        if (!q.Step()) return tl::unexpected(DocumentNotFound(id));
        while (q.Step()) {
        }
        return LoadBlocks(c, id);
      },
      Snapshot::kYes);
}

core::Result<std::optional<DocumentRecord>> SqlStore::FindDocument(ProgramId program,
                                                                   domain::DocumentKind kind,
                                                                   domain::OrgUnitId unit,
                                                                   const std::string& period) {
  return Read([&](Connection& c) -> core::Result<std::optional<DocumentRecord>> {
    auto& q = c.Query(std::string(kSelectDocument) +
                          " WHERE program_id = ? AND kind = ? AND unit_id = ? AND period = ?",
                      program, std::string(domain::DocumentKindName(kind)), unit, period);
    if (!q.Step()) return std::optional<DocumentRecord>();
    return std::optional<DocumentRecord>(ReadDocument(q));
  });
}

core::Result<std::vector<DocumentRecord>> SqlStore::ListDocuments(const DocumentFilter& f) {
  return Read([&](Connection& c) -> core::Result<std::vector<DocumentRecord>> {
    std::string sql = std::string(kSelectDocument) + " WHERE 1 = 1";
    if (f.program_id) sql += " AND program_id = ?";
    if (f.kind) sql += " AND kind = ?";
    if (f.period) sql += " AND period = ?";
    if (f.status) sql += " AND status = ?";
    if (f.unit_id) sql += " AND unit_id = ?";
    sql += " ORDER BY updated_at DESC, id DESC";
    auto& q = c.Prepare(sql);
    int i = 0;
    if (f.program_id) q.Bind(++i, *f.program_id);
    if (f.kind) q.Bind(++i, domain::DocumentKindName(*f.kind));
    if (f.period) q.Bind(++i, *f.period);
    if (f.status) q.Bind(++i, domain::DocumentStatusName(*f.status));
    if (f.unit_id) q.Bind(++i, *f.unit_id);
    std::vector<DocumentRecord> out;
    while (q.Step()) out.push_back(ReadDocument(q));
    return out;
  });
}

core::Result<std::vector<DocumentVersion>> SqlStore::ListDocumentVersions(DocumentId id) {
  return Read(
      [&](Connection& c) -> core::Result<std::vector<DocumentVersion>> {
        auto& d = c.Query("SELECT 1 FROM documents WHERE id = ?", id);
        if (!d.Step()) return tl::unexpected(DocumentNotFound(id));
        while (d.Step()) {
        }
        auto& q = c.Query(
            "SELECT version, action, at, by_user, changed, sha256 FROM document_versions "
            "WHERE document_id = ? ORDER BY version",
            id);
        std::vector<DocumentVersion> out;
        while (q.Step()) {
          DocumentVersion v;
          v.document_id = id;
          std::string changed;
          q.Get(0, v.version, v.action, v.at, v.by_user, changed, v.sha256);
          auto keys = ParseKeysJson(changed);
          if (!keys) throw std::runtime_error("document version's changed keys cannot be read");
          v.changed = std::move(*keys);
          out.push_back(std::move(v));
        }
        return out;
      },
      Snapshot::kYes);
}

core::Result<DocumentVersion> SqlStore::GetDocumentVersion(DocumentId id, int64_t version) {
  return Read([&](Connection& c) -> core::Result<DocumentVersion> {
    auto& q = c.Query(
        "SELECT version, action, at, by_user, changed, content, sha256 FROM document_versions "
        "WHERE document_id = ? AND version = ?",
        id, version);
    if (!q.Step()) return tl::unexpected(DocumentVersionNotFound(id, version));
    DocumentVersion v;
    v.document_id = id;
    std::string changed;
    q.Get(0, v.version, v.action, v.at, v.by_user, changed, v.content, v.sha256);
    auto keys = ParseKeysJson(changed);
    if (!keys) throw std::runtime_error("document version's changed keys cannot be read");
    v.changed = std::move(*keys);
    return v;
  });
}

core::Result<DocumentRecord> SqlStore::IssueDocument(DocumentId id, int64_t expected_version,
                                                     const DocumentIssue& issue,
                                                     const AuditEvent& audit) {
  if (issue.number_seq && *issue.number_seq < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "number_invalid",
                      "Số văn bản phải là số nguyên dương.");
  }
  return Write([&](Connection& c) -> core::Result<DocumentRecord> {
    auto& cur = c.Query(
        std::string(kSelectDocument) + " WHERE id = ?" + std::string(c.dialect().for_update), id);
    if (!cur.Step()) return tl::unexpected(DocumentNotFound(id));
    DocumentRecord r = ReadDocument(cur);
    while (cur.Step()) {
    }
    if (r.status != domain::DocumentStatus::kDraft) return tl::unexpected(DocumentIssued(id));
    if (r.version != expected_version) {
      return tl::unexpected(StaleVersion(expected_version, r.version));
    }
    const int year = NumberYear(issue);
    const std::string& symbol = issue.header.symbol;
    int64_t seq = 0;
    if (issue.number_seq) {
      seq = *issue.number_seq;
      auto& taken = c.Query(
          "SELECT 1 FROM documents WHERE unit_id = ? AND number_year = ? AND number_symbol = ? "
          "AND number_seq = ?",
          r.unit_id, year, symbol, seq);
      if (taken.Step()) {
        while (taken.Step()) {
        }
        return tl::unexpected(NumberTaken(std::to_string(seq) + "/" + symbol, year));
      }
    } else {
      // Writers take turns (SQLite's one writer; PostgreSQL's audit head, locked by every write
      // transaction first), so the largest number read here is still the largest at commit.
      auto& last = c.Query(
          "SELECT COALESCE(MAX(number_seq), 0) FROM documents WHERE unit_id = ? AND "
          "number_year = ? AND number_symbol = ?",
          r.unit_id, year, symbol);
      seq = last.Step() ? last.Int(0) + 1 : 1;
      while (last.Step()) {
      }
    }
    r.status = domain::DocumentStatus::kIssued;
    r.version += 1;
    r.header = issue.header;
    r.updated_at = issue.at;
    r.updated_by = issue.by;
    r.issued_at = issue.at;
    r.issued_by = issue.by;
    r.number_year = year;
    r.number_seq = seq;
    const std::vector<domain::Block> before = LoadBlocks(c, id);
    auto& q = c.Prepare(
        "UPDATE documents SET status = 'issued', version = ?, header = ?, updated_at = ?, "
        "updated_by = ?, issued_at = ?, issued_by = ?, number_year = ?, number_symbol = ?, "
        "number_seq = ? WHERE id = ?");
    q.BindAll(r.version, HeaderJson(r.header), r.updated_at, r.updated_by, r.issued_at, r.issued_by,
              year, symbol, seq, id);
    q.Exec();
    c.Query("DELETE FROM document_blocks WHERE document_id = ?", id).Exec();
    InsertBlocks(c, id, issue.blocks);
    InsertVersion(c, r, issue.blocks, "issue", ChangedKeys(before, issue.blocks), issue.at,
                  issue.by);
    auto& file = c.Prepare(
        "INSERT INTO document_files(document_id, version, sha256, bytes) VALUES (?,?,?,?)");
    file.Bind(1, id);
    file.Bind(2, r.version);
    file.Bind(3, core::Sha256Hex(issue.docx));
    file.BindBlob(4, issue.docx);
    file.Exec();
    AppendAudit(c, audit, std::to_string(id));
    return r;
  });
}

core::Result<std::string> SqlStore::GetDocumentFile(DocumentId id) {
  return Read([&](Connection& c) -> core::Result<std::string> {
    auto& q = c.Query(
        "SELECT bytes FROM document_files WHERE document_id = ? ORDER BY version DESC LIMIT 1", id);
    if (!q.Step()) return tl::unexpected(DocumentFileNotFound(id));
    std::string bytes = q.Blob(0);
    while (q.Step()) {
    }
    return bytes;
  });
}

core::Result<TemplateRecord> SqlStore::PutTemplate(const std::string& name,
                                                   const std::string& bytes, const std::string& at,
                                                   const AuditEvent& audit) {
  return Write([&](Connection& c) -> core::Result<TemplateRecord> {
    TemplateRecord t;
    t.name = name;
    t.sha256 = core::Sha256Hex(bytes);
    t.bytes = bytes;
    t.uploaded_at = at;
    auto& last =
        c.Query("SELECT COALESCE(MAX(version), 0) FROM document_templates WHERE name = ?", name);
    t.version = last.Step() ? last.Int(0) + 1 : 1;
    while (last.Step()) {
    }
    auto& q = c.Prepare(
        "INSERT INTO document_templates(name, version, sha256, bytes, uploaded_at) "
        "VALUES (?,?,?,?,?)");
    q.Bind(1, name);
    q.Bind(2, t.version);
    q.Bind(3, t.sha256);
    q.BindBlob(4, bytes);
    q.Bind(5, at);
    q.Exec();
    AppendAudit(c, audit, name);
    return t;
  });
}

core::Result<std::optional<TemplateRecord>> SqlStore::GetTemplate(const std::string& name) {
  return Read([&](Connection& c) -> core::Result<std::optional<TemplateRecord>> {
    auto& q = c.Query(
        "SELECT version, sha256, bytes, uploaded_at FROM document_templates WHERE name = ? "
        "ORDER BY version DESC LIMIT 1",
        name);
    if (!q.Step()) return std::optional<TemplateRecord>();
    TemplateRecord t;
    t.name = name;
    t.version = q.Int(0);
    t.sha256 = q.Text(1);
    t.bytes = q.Blob(2);
    t.uploaded_at = q.Text(3);
    while (q.Step()) {
    }
    return std::optional<TemplateRecord>(std::move(t));
  });
}

core::Result<std::vector<NarrativePassage>> SqlStore::ListNarratives(
    ProgramId program, const std::vector<std::string>& periods,
    std::optional<domain::OrgUnitId> unit) {
  if (periods.empty()) return std::vector<NarrativePassage>();
  return Read([&](Connection& c) -> core::Result<std::vector<NarrativePassage>> {
    std::string sql =
        "SELECT r.id, r.unit_id, r.period, n.section, n.text FROM reports r "
        "JOIN report_narratives n ON n.report_id = r.id "
        "WHERE r.program_id = ? AND r.status = 'approved' AND n.text <> '' AND r.period IN (";
    for (size_t i = 0; i < periods.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
    if (unit) sql += " AND r.unit_id = ?";
    auto& q = c.Prepare(sql);
    int p = 0;
    q.Bind(++p, program);
    for (const auto& period : periods) q.Bind(++p, period);
    if (unit) q.Bind(++p, *unit);
    std::vector<NarrativePassage> out;
    while (q.Step()) {
      NarrativePassage n;
      n.report_id = q.Int(0);
      n.unit_id = q.Int(1);
      n.period = q.Text(2);
      auto section = domain::ParseNarrative(q.Text(3));
      if (!section) throw std::runtime_error("narrative section cannot be read");
      n.section = *section;
      n.text = q.Text(4);
      out.push_back(std::move(n));
    }
    // By unit, period, report and the sections' own order (not their names').
    std::sort(out.begin(), out.end(), [](const NarrativePassage& a, const NarrativePassage& b) {
      return std::tie(a.unit_id, a.period, a.report_id, a.section) <
             std::tie(b.unit_id, b.period, b.report_id, b.section);
    });
    return out;
  });
}

}  // namespace wp::store::sql
