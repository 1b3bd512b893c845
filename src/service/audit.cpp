// The audit log and its verification (audit.hpp).

#include "service/audit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/hash.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "store/unit_program_json.hpp"

namespace wp::service {
namespace {

using domain::Permission;
using domain::Principal;

// The value of a string field in a flat JSON object text written by JsonObjectText.
std::optional<std::string> JsonField(const std::string& json, const std::string& key) {
  std::string needle = "\"" + key + "\":\"";
  auto at = json.find(needle);
  if (at == std::string::npos) return std::nullopt;
  at += needle.size();
  auto end = json.find('"', at);
  if (end == std::string::npos) return std::nullopt;
  return json.substr(at, end - at);
}

}  // namespace

AuditLog::AuditLog(store::Store& store, const Organisation& org, std::string anchor_file)
    : store_(store), org_(org), anchor_file_(std::move(anchor_file)) {}

core::Result<std::vector<AuditEntryView>> AuditLog::Audit(const Principal& by, int64_t after_seq,
                                                          size_t limit) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kReadAudit));
  WP_ASSIGN_OR_RETURN(auto entries, store_.ListAudit(after_seq, std::min<size_t>(limit, 1000)));
  return ViewsOf(std::move(entries));
}

namespace {

// What the log says of the reports, gathered while its chain is checked.
struct ReportTrail {
  struct Last {
    int64_t seq = 0;
    std::optional<std::string> fingerprint;
  };
  std::map<std::string, Last> last;     // report id → its newest entry
  std::map<std::string, int64_t> bulk;  // "program|ReportKey" → newest load
  std::set<std::string> generated;      // programs of a gen-data load

  void Note(const store::AuditEntry& e) {
    const auto& ev = e.event;
    if (ev.entity == "report" && !ev.entity_id.empty()) {
      last[ev.entity_id] = {e.seq, JsonField(ev.after, "fingerprint")};
    } else if (ev.action == "report.bulk_load") {
      auto keys = JsonField(ev.after, "reports");
      if (!keys) return;
      std::string_view rest = *keys;
      while (!rest.empty()) {
        auto end = rest.find(' ');
        bulk[ev.entity_id + "|" + std::string(rest.substr(0, end))] = e.seq;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
    } else if (ev.entity == "program" && ev.action == "program.import" &&
               JsonField(ev.after, "source") == "gen-data") {
      generated.insert(ev.entity_id);
    }
  }
};

// Every report against the newest entry that recorded its fingerprint (ReportFingerprint).
core::Status VerifyReports(store::Store& store, const Organisation& org, const ReportTrail& trail,
                           AuditVerification& v) {
  WP_ASSIGN_OR_RETURN(auto reports, store.ListReports({}));
  std::set<std::string> stored;
  for (const auto& r : reports) {
    std::string id = std::to_string(r.id);
    stored.insert(id);
    auto name = [&] {
      auto period = domain::ParsePeriodKey(r.period);
      return "Báo cáo #" + id + " (" + org.UnitName(r.unit_id) + ", " +
             (period ? period->Label() : r.period) + ")";
    };
    auto last = trail.last.find(id);
    auto bulk = trail.bulk.find(std::to_string(r.program_id) + "|" +
                                ReportKey(r.obligation, r.period, r.unit_id));
    if (bulk != trail.bulk.end() && (last == trail.last.end() || bulk->second > last->second.seq)) {
      ++v.reports_bulk_loaded;
      continue;
    }
    if (last == trail.last.end()) {
      if (trail.generated.count(std::to_string(r.program_id))) {
        ++v.reports_generated;
      } else {
        v.problems.push_back(name() +
                             " không có mục nhật ký nào ghi nhận nó; đã được thêm ngoài "
                             "hệ thống");
      }
      continue;
    }
    auto recorded = last->second.fingerprint;
    if (!recorded) {  // last written before report entries recorded one
      ++v.reports_unrecorded;
      continue;
    }
    ++v.reports_checked;
    int64_t version = 0;
    WP_ASSIGN_OR_RETURN(auto content, store.GetReportContent(r.id, &version));
    if (version == r.version && ReportFingerprint(r, r.version, content) == *recorded) {
      continue;
    }
    // A write since the log was read moves the report and its entry on together: read both
    // again before calling it an edit.
    WP_ASSIGN_OR_RETURN(auto now, store.GetReport(r.id));
    WP_ASSIGN_OR_RETURN(content, store.GetReportContent(r.id, &version));
    WP_ASSIGN_OR_RETURN(auto entry, store.LastAuditOf("report", id));
    recorded = entry ? JsonField(entry->event.after, "fingerprint") : std::nullopt;
    if (!recorded) {
      v.problems.push_back(name() + ": mục nhật ký mới nhất (#" +
                           std::to_string(entry ? entry->seq : 0) +
                           ") không ghi dấu vân tay của báo cáo");
    } else if (version != now.version ||
               ReportFingerprint(now, now.version, content) != *recorded) {
      v.problems.push_back(name() + ": dữ liệu trong cơ sở dữ liệu khác với mục nhật ký #" +
                           std::to_string(entry->seq) + " (" + entry->event.action +
                           "); đã bị sửa ngoài hệ thống");
    }
  }
  // Nothing deletes a report: one the log knows and the database does not was removed by hand.
  for (const auto& [id, last] : trail.last) {
    if (!stored.count(id)) {
      v.problems.push_back("Báo cáo #" + id + " có trong nhật ký (mục #" +
                           std::to_string(last.seq) +
                           ") nhưng không còn trong cơ sở dữ liệu; đã bị xóa ngoài hệ thống");
    }
  }
  return {};
}

// The sessions and tokens the log says were made: the hash each creation's entry names, by seq.
struct CredentialTrail {
  std::map<int64_t, std::string> sessions;
  std::map<int64_t, std::string> tokens;

  void Note(const store::AuditEntry& e) {
    if (e.event.action == "session.create") {
      if (auto h = JsonField(e.event.after, "session")) sessions[e.seq] = *h;
    } else if (e.event.action == "api_token.create") {
      if (auto h = JsonField(e.event.after, "token_hash")) tokens[e.seq] = *h;
    }
  }
};

// Every stored session and token against the entry it names: one no audited sign-in or
// creation made was inserted by hand (or made before migration 12; it is refused as well).
core::Status VerifyCredentials(store::Store& store, const CredentialTrail& trail,
                               AuditVerification& v) {
  auto made = [](const std::map<int64_t, std::string>& by_seq, std::optional<int64_t> seq,
                 const std::string& hash) {
    if (!seq) return false;
    auto it = by_seq.find(*seq);
    return it != by_seq.end() && it->second == hash;
  };
  WP_ASSIGN_OR_RETURN(auto sessions, store.ListSessions());
  for (const auto& s : sessions) {
    ++v.sessions_checked;
    if (!made(trail.sessions, s.audit_seq, s.token_hash)) {
      v.problems.push_back({"session_unaudited",
                            "Phiên đăng nhập " + s.token_hash.substr(0, 12) + "… của tài khoản #" +
                                std::to_string(s.user_id) +
                                " không do lần đăng nhập nào trong nhật ký tạo ra; đã được thêm "
                                "ngoài hệ thống"});
    }
  }
  WP_ASSIGN_OR_RETURN(auto tokens, store.ListApiTokens(std::nullopt));
  for (const auto& t : tokens) {
    ++v.tokens_checked;
    if (!made(trail.tokens, t.audit_seq, t.token_hash)) {
      v.problems.push_back(
          {"token_unaudited", "Mã truy cập #" + std::to_string(t.id) + " (\"" + t.name +
                                  "\") của tài khoản #" + std::to_string(t.user_id) +
                                  " không được tạo qua hệ thống (không có mục nhật ký); đã được "
                                  "thêm ngoài hệ thống"});
    }
  }
  return {};
}

// Every document against the newest entry that names it: the fingerprint it recorded
// (DocumentFingerprint) of the document's row and blocks as stored.
core::Status VerifyDocuments(store::Store& store, const Organisation& org, AuditVerification& v) {
  WP_ASSIGN_OR_RETURN(auto documents, store.ListDocuments({}));
  for (const auto& d : documents) {
    const std::string id = std::to_string(d.id);
    auto period = domain::ParsePeriodKey(d.period);
    const std::string name =
        "Văn bản #" + id + " (" +
        (d.kind == domain::DocumentKind::kConsolidated ? "báo cáo tổng hợp" : "báo cáo đơn vị") +
        ", " + org.UnitName(d.unit_id) + ", " + (period ? period->Label() : d.period) + ")";
    ++v.documents_checked;
    WP_ASSIGN_OR_RETURN(auto last, store.LastAuditOf("document", id));
    auto recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
    if (!recorded) {
      v.problems.push_back(name +
                           " không có mục nhật ký nào ghi dấu vân tay của nó; đã được "
                           "thêm ngoài hệ thống");
      continue;
    }
    WP_ASSIGN_OR_RETURN(auto blocks, store.GetDocumentBlocks(d.id));
    WP_ASSIGN_OR_RETURN(auto now, store.GetDocument(d.id));
    if (DocumentFingerprint(now, blocks) == *recorded) continue;
    // A write since the list was read moves the document and its entry on together: read both
    // again before calling it an edit.
    WP_ASSIGN_OR_RETURN(last, store.LastAuditOf("document", id));
    WP_ASSIGN_OR_RETURN(blocks, store.GetDocumentBlocks(d.id));
    WP_ASSIGN_OR_RETURN(now, store.GetDocument(d.id));
    recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
    if (!recorded || DocumentFingerprint(now, blocks) != *recorded) {
      v.problems.push_back(name + ": dữ liệu trong cơ sở dữ liệu khác với mục nhật ký #" +
                           std::to_string(last ? last->seq : 0) + " (" +
                           (last ? last->event.action : std::string()) +
                           "); đã bị sửa ngoài hệ thống");
    }
  }
  return {};
}

// Issue 18. Every amendment against the newest entry that names it (AmendmentFingerprint: its
// changes too), and every version of a program against the approved amendment that made it:
// version 1 has none, each later one is an approved amendment's, of that number and date.
core::Status VerifyAmendments(store::Store& store,
                              const std::vector<store::ProgramSummary>& programs,
                              AuditVerification& v) {
  for (const auto& p : programs) {
    WP_ASSIGN_OR_RETURN(auto amendments, store.ListAmendments({p.id, std::nullopt, std::nullopt}));
    std::map<int64_t, const store::AmendmentRecord*> by_id;
    for (const auto& a : amendments) {
      by_id[a.id] = &a;
      const std::string id = std::to_string(a.id);
      const std::string name =
          "Đề nghị điều chỉnh #" + id + " (chương trình #" + std::to_string(p.id) + ")";
      ++v.amendments_checked;
      WP_ASSIGN_OR_RETURN(auto last, store.LastAuditOf("amendment", id));
      auto recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
      if (!recorded) {
        v.problems.push_back(name +
                             " không có mục nhật ký nào ghi dấu vân tay của nó; đã được thêm "
                             "ngoài hệ thống");
        continue;
      }
      if (AmendmentFingerprint(a) == *recorded) continue;
      // A write since the list was read moves both on: read them again first.
      WP_ASSIGN_OR_RETURN(auto now, store.GetAmendment(a.id));
      WP_ASSIGN_OR_RETURN(last, store.LastAuditOf("amendment", id));
      recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
      if (!recorded || AmendmentFingerprint(now) != *recorded) {
        v.problems.push_back(name + ": dữ liệu trong cơ sở dữ liệu khác với mục nhật ký #" +
                             std::to_string(last ? last->seq : 0) + " (" +
                             (last ? last->event.action : std::string()) +
                             "); đã bị sửa ngoài hệ thống");
      }
    }
    WP_ASSIGN_OR_RETURN(auto versions, store.ListProgramVersions(p.id));
    std::set<int64_t> made;
    for (const auto& ver : versions) {
      ++v.versions_checked;
      const std::string name =
          "Chương trình #" + std::to_string(p.id) + ", phiên bản " + std::to_string(ver.version);
      if (ver.version == 1) {
        if (ver.amendment_id) {
          v.problems.push_back(name +
                               " (bản ban hành) ghi một đề nghị điều chỉnh; đã bị sửa "
                               "ngoài hệ thống");
        }
        continue;
      }
      const store::AmendmentRecord* a = ver.amendment_id && by_id.contains(*ver.amendment_id)
                                            ? by_id[*ver.amendment_id]
                                            : nullptr;
      if (!a || a->status != domain::AmendmentStatus::kApproved ||
          a->program_version != ver.version || a->effective_from != ver.effective_from ||
          a->decided_by != ver.approved_by) {
        v.problems.push_back(name +
                             " không khớp với đề nghị điều chỉnh đã phê duyệt nào; đã bị sửa "
                             "ngoài hệ thống");
        continue;
      }
      made.insert(a->id);
    }
    for (const auto& a : amendments) {
      if (a.status == domain::AmendmentStatus::kApproved && !made.contains(a.id)) {
        v.problems.push_back("Đề nghị điều chỉnh #" + std::to_string(a.id) +
                             " đã phê duyệt nhưng chương trình không có phiên bản của nó; đã bị "
                             "sửa ngoài hệ thống");
      }
    }
  }
  return {};
}

// Every unit's program (issue 18) against the newest entry that names it: the SHA-256 of its
// snapshot made from the stored row, tasks and targets (the store recorded it as "fingerprint");
// and every version's snapshot against the SHA-256 stored beside it.
core::Status VerifyUnitPrograms(store::Store& store, const Organisation& org,
                                const std::vector<store::ProgramSummary>& programs,
                                AuditVerification& v) {
  for (const auto& p : programs) {
    WP_ASSIGN_OR_RETURN(auto list, store.ListUnitPrograms(p.id));
    for (const auto& r : list) {
      ++v.unit_programs_checked;
      const std::string id = std::to_string(r.id);
      const std::string name = "Chương trình công tác của đơn vị #" + id + " (" +
                               org.UnitName(r.unit_id) + ", chương trình #" + std::to_string(p.id) +
                               ")";
      auto current = [&]() -> core::Result<std::pair<std::optional<store::AuditEntry>, bool>> {
        WP_ASSIGN_OR_RETURN(auto last, store.LastAuditOf("unit_program", id));
        int64_t version = 0;
        WP_ASSIGN_OR_RETURN(auto content, store.GetUnitProgramContent(r.id, &version));
        WP_ASSIGN_OR_RETURN(auto now, store.GetUnitProgram(r.id));
        auto recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
        bool same = recorded && version == now.version &&
                    core::Sha256Hex(store::UnitProgramSnapshotJson(now, content)) == *recorded;
        return std::make_pair(std::move(last), same);
      };
      WP_ASSIGN_OR_RETURN(auto first, current());
      if (!first.second) {
        // A write since the list was read moves the program and its entry on together.
        WP_ASSIGN_OR_RETURN(auto again, current());
        if (!again.second) {
          const auto& last = again.first;
          v.problems.push_back(
              last ? name + ": dữ liệu trong cơ sở dữ liệu khác với mục nhật ký #" +
                         std::to_string(last->seq) + " (" + last->event.action +
                         "); đã bị sửa ngoài hệ thống"
                   : name + " không có mục nhật ký nào; đã được thêm ngoài hệ thống");
        }
      }
      WP_ASSIGN_OR_RETURN(auto versions, store.ListUnitProgramVersions(r.id));
      for (const auto& x : versions) {
        WP_ASSIGN_OR_RETURN(auto full, store.GetUnitProgramVersion(r.id, x.version));
        if (core::Sha256Hex(full.content) != full.sha256) {
          v.problems.push_back(name + ": phiên bản " + std::to_string(x.version) +
                               " khác với mã băm lưu kèm; đã bị sửa ngoài hệ thống");
        }
      }
    }
  }
  return {};
}

}  // namespace

core::Result<AuditVerification> AuditLog::Verify(const std::vector<AnchorRecord>* anchor,
                                                 const std::string& anchor_file) {
  AuditVerification v;
  ReportTrail trail;
  CredentialTrail credentials;
  std::string prev = store::kAuditGenesisHash;
  int64_t seq = 0;
  while (true) {
    WP_ASSIGN_OR_RETURN(auto page, store_.ListAudit(seq, 1000));
    if (page.empty()) break;
    for (const auto& e : page) {
      ++v.entries;
      trail.Note(e);
      credentials.Note(e);
      if (e.seq != seq + 1) {
        v.problems.push_back({"audit_gap", "Nhật ký thiếu mục: sau #" + std::to_string(seq) +
                                               " là #" + std::to_string(e.seq)});
      }
      if (e.prev_hash != prev) {
        v.problems.push_back(
            {"audit_chain_broken",
             "Mục #" + std::to_string(e.seq) + " không nối với mục trước (prev_hash khác)"});
      }
      if (AuditHash(e) != e.hash) {
        v.problems.push_back({"audit_entry_edited", "Mục #" + std::to_string(e.seq) + " (" +
                                                        e.event.action +
                                                        ") đã bị sửa: mã băm không khớp nội dung"});
      }
      prev = e.hash;
      seq = e.seq;
    }
  }
  WP_ASSIGN_OR_RETURN(auto programs, store_.ListPrograms());
  for (const auto& s : programs) {
    ++v.programs_checked;
    std::string name = "Chương trình #" + std::to_string(s.id);
    WP_ASSIGN_OR_RETURN(auto last, store_.LastAuditOf("program", std::to_string(s.id)));
    auto recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
    if (!recorded) {
      v.problems.push_back(name + " không có mục nhật ký nào ghi nhận trạng thái của nó");
      continue;
    }
    WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(s.id));
    if (auto source = SourceProblem(record)) v.problems.push_back({"source_tampered", *source});
    if (ProgramFingerprint(record) != *recorded) {
      v.problems.push_back(name + ": dữ liệu trong cơ sở dữ liệu khác với mục nhật ký #" +
                           std::to_string(last->seq) + " (" + last->event.action +
                           "); đã bị sửa ngoài hệ thống");
    }
  }
  WP_ASSIGN_OR_RETURN(auto users, store_.ListUsers());
  for (const auto& u : users) {
    ++v.users_checked;
    WP_ASSIGN_OR_RETURN(auto last, store_.LastAuditOf("user", std::to_string(u.id)));
    auto recorded = last ? JsonField(last->event.after, "fingerprint") : std::nullopt;
    if (!recorded || UserFingerprint(u) != *recorded) {
      v.problems.push_back("Tài khoản \"" + u.username +
                           "\": dữ liệu khác với nhật ký; đã bị sửa ngoài hệ thống");
    }
  }
  WP_RETURN_IF_ERROR(VerifyReports(store_, org_, trail, v));
  WP_RETURN_IF_ERROR(VerifyDocuments(store_, org_, v));
  WP_RETURN_IF_ERROR(VerifyAmendments(store_, programs, v));
  WP_RETURN_IF_ERROR(VerifyUnitPrograms(store_, org_, programs, v));
  if (anchor) WP_RETURN_IF_ERROR(CheckAnchor(store_, *anchor, anchor_file, v));
  WP_RETURN_IF_ERROR(VerifyCredentials(store_, credentials, v));
  return v;
}

}  // namespace wp::service
