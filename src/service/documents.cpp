// The consolidated report and a unit's own (documents.hpp): reading the figures once per report
// (the dashboard at the report's date, the period's and last year's cells, the task board, the
// overdue tasks, the timeliness of the period, the narratives in one store query), building the
// blocks (consolidation.cpp), merging them with the draft's edits (domain::MergeRegenerated),
// storing each write as a version with its audit entry, and writing the .docx through the
// template (export/docx).

#include "service/documents.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "core/utf8.hpp"
#include "export/docx.hpp"
#include "export/workbook.hpp"
#include "service/consolidation.hpp"
#include "service/figures.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "service/phrases.hpp"
#include "service/reporting.hpp"
#include "store/document_json.hpp"
#include "store/store.hpp"
#include "text/utf8.hpp"

namespace wp::service {

namespace {

using core::ErrorCode;
using domain::Block;
using domain::BlockKind;
using domain::BlockState;
using domain::DocumentKind;
using domain::DocumentStatus;
using domain::Principal;
using domain::Role;

constexpr const char* kTemplate = "bao_cao";

core::Error Invalid(std::string reason, std::string field, std::string message) {
  core::Error e = core::MakeError(ErrorCode::kInvalidArgument, std::move(reason), message);
  e.details.push_back({std::move(field), std::move(message)});
  return e;
}

// A text a person typed into the document: UTF-8, no control characters but line breaks and
// tabs, at most kMaxBlockChars characters.
core::Status CheckDocumentText(std::string_view text, const std::string& field,
                               size_t max_chars = kMaxBlockChars) {
  if (core::FindInvalidUtf8(text)) {
    return tl::unexpected(
        Invalid("document_invalid", field, "Văn bản có ký tự không hợp lệ (không phải UTF-8)"));
  }
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      return tl::unexpected(
          Invalid("document_invalid", field, "Văn bản có ký tự điều khiển không được phép"));
    }
  }
  if (text::CountCodePoints(text) > max_chars) {
    return tl::unexpected(
        Invalid("document_invalid", field,
                "Đoạn văn dài quá " + FormatNumber(double(max_chars)) + " ký tự"));
  }
  return {};
}

// The periods a report of `period` reads the narratives of, preferred first: a half year
// written in its own report, else in the quarter's or the month's ending it.
std::vector<std::string> NarrativePeriods(const domain::Period& p) {
  auto key = [&](domain::PeriodKind k, int i) {
    auto q = domain::MakePeriod(k, p.year, i);
    return q ? q->Key() : std::string();
  };
  using K = domain::PeriodKind;
  switch (p.kind) {
    case K::kMonth:
      return {p.Key()};
    case K::kQuarter:
      return {p.Key(), key(K::kMonth, p.index * 3)};
    case K::kHalf:
      return {p.Key(), key(K::kQuarter, p.index * 2), key(K::kMonth, p.index * 6)};
    case K::kYear:
    case K::kOnce:
      return {p.Key(), key(K::kHalf, 2), key(K::kQuarter, 4), key(K::kMonth, 12)};
  }
  return {p.Key()};
}

std::string NumberText(const store::DocumentRecord& r) {
  if (!r.number_seq) return "";
  return std::to_string(*r.number_seq) + "/" + r.header.symbol;
}

bool IsConflict(const Block& b) {
  return b.state == BlockState::kChangedUnderneath || b.state == BlockState::kOrphaned;
}

// The keys whose blocks differ between two lists (changed, added, gone).
std::vector<std::string> Changed(const std::vector<Block>& before,
                                 const std::vector<Block>& after) {
  std::map<std::string, const Block*> old;
  for (const auto& b : before) old.emplace(b.key, &b);
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& b : after) {
    seen.insert(b.key);
    auto it = old.find(b.key);
    if (it == old.end() || !(*it->second == b)) out.push_back(b.key);
  }
  for (const auto& b : before) {
    if (!seen.count(b.key)) out.push_back(b.key);
  }
  return out;
}

std::string JoinedKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ",") + k;
  return out;
}

// The year a report of a period is dated in: the day after the period ends (December's report
// is written in January).
int IssueYear(const domain::Period& p) {
  return core::CivilFromDays(core::DaysFromCivil(p.end) + 1).year;
}

}  // namespace

struct Documents::Impl {
  store::Store& store;
  const Organisation& org;
  Programs& programs;
  ProgramCache& cache;
  Figures& figures;
  Reporting& reporting;
  Responsibilities& responsibilities;
  const Time& time;
  const DataGeneration& generation;
  std::map<std::string, std::string> templates;

  // ─── permissions ───

  core::Status CanRead(const Principal& by, const store::DocumentRecord& r) const {
    if (domain::MayReadDocument(by, r.kind, r.unit_id, r.status, org.registry(), r.as_of)) {
      return {};
    }
    // A unit's report is not there for those outside its scope; the Ministry's report is known
    // to exist, its draft is for those who see every unit.
    if (r.kind == DocumentKind::kUnit) {
      return core::Fail(ErrorCode::kNotFound, "document_not_found",
                        "Không tìm thấy văn bản #" + std::to_string(r.id));
    }
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Dự thảo báo cáo tổng hợp chỉ dành cho lãnh đạo, cán bộ kế hoạch và quản "
                      "trị; bản đã ban hành thì mọi người đọc được");
  }

  // Planners and admins write the consolidated report and any unit's; a unit's editor or
  // approver writes its own unit's report (domain::MayEditDocument).
  core::Status CanWrite(const Principal& by, DocumentKind kind, domain::OrgUnitId unit,
                        const core::CivilDate& at) const {
    if (domain::MayEditDocument(by, kind, unit, org.registry(), at)) return {};
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      kind == DocumentKind::kConsolidated
                          ? "Chỉ cán bộ kế hoạch và quản trị mới tạo, sửa báo cáo tổng hợp"
                          : "Bạn chỉ tạo, sửa được báo cáo của đơn vị mình");
  }

  // ─── reading ───

  struct Loaded {
    store::DocumentRecord record;
    std::vector<Block> blocks;
  };

  core::Result<Loaded> Load(const Principal& by, DocumentId id) {
    WP_ASSIGN_OR_RETURN(auto r, store.GetDocument(id));
    WP_RETURN_IF_ERROR(CanRead(by, r));
    WP_ASSIGN_OR_RETURN(auto blocks, store.GetDocumentBlocks(id));
    return Loaded{std::move(r), std::move(blocks)};
  }

  DocumentUnitView UnitView(domain::OrgUnitId id) const {
    const domain::OrgUnit* u = org.registry().Find(id);
    if (!u) return {id, "", "Đơn vị #" + std::to_string(id)};
    return {u->id, u->code, u->name};
  }

  DocumentView ViewOfDocument(const store::DocumentRecord& r, std::vector<Block> blocks) const {
    DocumentView v;
    v.id = r.id;
    v.program_id = r.program_id;
    v.kind = r.kind;
    if (auto p = domain::ParsePeriodKey(r.period)) v.period = *p;
    v.as_of = r.as_of;
    v.unit = UnitView(r.unit_id);
    if (r.kind == DocumentKind::kUnit) v.subject_unit = v.unit;
    v.status = r.status;
    v.version = r.version;
    v.stale = r.status == DocumentStatus::kDraft &&
              static_cast<uint64_t>(r.data_generation) != generation.Current();
    v.generated_at = r.generated_at;
    v.updated_at = r.updated_at;
    v.issued_at = r.issued_at;
    v.header = r.header;
    if (r.number_seq) v.number = NumberText(r);
    v.date_line = r.header.date ? domain::DateLine(r.header.place, *r.header.date)
                                : domain::BlankDateLine(r.header.place, IssueYear(v.period));
    for (auto& b : blocks) {
      DocumentBlockView bv;
      ++v.counts.blocks;
      if (b.edited) ++v.counts.edited;
      if (b.state == BlockState::kChangedUnderneath) {
        ++v.counts.changed_underneath;
        bv.before = b.base;
        bv.after = b.generated;
        if (b.base && b.edited) {
          bv.suggestion = domain::RebaseNumbers(*b.base, b.generated, *b.edited);
        }
      }
      if (b.state == BlockState::kOrphaned) ++v.counts.orphaned;
      bv.block = std::move(b);
      v.blocks.push_back(std::move(bv));
    }
    return v;
  }

  // ─── building ───

  core::Result<domain::OrgUnitId> IssuingUnit(DocumentKind kind,
                                              std::optional<domain::OrgUnitId> unit,
                                              const core::CivilDate& at) const {
    if (kind == DocumentKind::kUnit) return *unit;
    // The consolidated report is drafted by the Ministry's office (Văn phòng Bộ), whose
    // numbers it counts; else the Ministry itself.
    if (const auto* vp = org.registry().FindByCode("VP", at)) return vp->id;
    for (const auto* u : org.registry().UnitsAt(at)) {
      if (u->kind == domain::OrgKind::kMinistry) return u->id;
    }
    return core::Fail(ErrorCode::kFailedPrecondition, "no_issuing_unit",
                      "Không tìm thấy Văn phòng Bộ trong danh mục đơn vị");
  }

  core::Result<ConsolidatedDraft> Build(const Principal& by, const ProgramView& program,
                                        DocumentKind kind, std::optional<domain::OrgUnitId> unit,
                                        const domain::Period& period,
                                        const core::CivilDate& as_of) {
    const ProgramId pid = program.record.id;
    WP_ASSIGN_OR_RETURN(auto dashboard,
                        figures.Dashboard(by, pid, as_of, domain::OrgKind::kProvince, std::nullopt,
                                          kind == DocumentKind::kUnit ? unit : std::nullopt));
    ConsolidationInput in;
    in.kind = kind;
    in.program = &program;
    in.registry = &org.registry();
    in.period = period;
    in.as_of = as_of;
    in.unit = unit;
    in.dashboard = &dashboard;
    if (kind == DocumentKind::kConsolidated) {
      // Who answers for each target places the section-I targets as the briefing does.
      WP_ASSIGN_OR_RETURN(auto matrix, responsibilities.Matrix(by, pid, as_of));
      in.owners = TargetOwners(matrix);
    }
    // The catalogue's wording of each indicator's sentence ("tạo việc làm cho {value}").
    WP_ASSIGN_OR_RETURN(auto catalogue, store.ListIndicators(IssuerKey(program.record.plan)));
    for (const auto& x : catalogue) {
      if (!x.sentence.empty()) in.sentences[x.code] = x.sentence;
    }

    // The period's own figure, whether the year to date holds estimates, and last year's same
    // months: three reads of the engine for every target at once.
    int months = dashboard.targets.empty() ? 0 : dashboard.targets.front().measure.months_elapsed;
    const int year = dashboard.year;
    auto ytd = [](int y, int m) {
      return std::to_string(y) + "-YTD" + (m < 10 ? "0" : "") + std::to_string(m);
    };
    std::optional<domain::OrgUnitId> node = kind == DocumentKind::kUnit ? unit : std::nullopt;
    if (months > 0 && !dashboard.targets.empty()) {
      AnalyticsQuery q;
      q.program = pid;
      for (const auto& tm : dashboard.targets) q.targets.push_back(tm.target->id);
      q.unit = node;
      q.at = as_of;
      q.periods = {period.Key(), ytd(year, months)};
      q.read = FigureRead::kBest;
      WP_ASSIGN_OR_RETURN(auto best, figures.QueryAnalytics(by, q));
      q.periods = {ytd(year, months)};
      q.read = FigureRead::kActual;
      WP_ASSIGN_OR_RETURN(auto actual, figures.QueryAnalytics(by, q));
      std::map<int64_t, std::optional<double>> actual_ytd;
      for (const auto& c : actual) actual_ytd[c.target] = c.aggregate.value;
      for (const auto& c : best) {
        auto& e = in.extras[c.target];
        if (c.period == period.Key()) {
          e.period_value = c.aggregate.value;
        } else if (c.aggregate.value) {
          auto a = actual_ytd[c.target];
          e.estimate = !a || *a != *c.aggregate.value;
        }
      }
      q.periods = {ytd(year - 1, months)};
      q.read = FigureRead::kBest;
      // Last year's cells exist when the engine holds the previous program's figures; a year
      // it knows nothing of is no comparison, not an error.
      if (auto last = figures.QueryAnalytics(by, q)) {
        for (const auto& c : *last) {
          if (c.aggregate.value) in.extras[c.target].last_year = c.aggregate.value;
        }
      }
      if (months == 12) {
        for (const auto& tm : dashboard.targets) {
          const auto& t = tm.target->target;
          auto& e = in.extras[tm.target->id];
          bool change = t.comparator == domain::Comparator::kDecreaseBy ||
                        t.comparator == domain::Comparator::kIncreaseBy;
          if (!e.last_year && t.baseline && !change) {
            e.last_year = t.baseline->AsDouble();
            e.last_year_label = "so với thực hiện năm " + std::to_string(year - 1);
          }
        }
      }
    }
    WP_ASSIGN_OR_RETURN(auto tasks, figures.TaskStatuses(by, pid, as_of, std::nullopt));
    in.tasks = &tasks;
    std::vector<OverdueTask> overdue;
    TimelinessSummary timeliness;
    if (kind == DocumentKind::kConsolidated) {
      WP_ASSIGN_OR_RETURN(overdue, figures.OverdueTasks(by, pid, as_of));
      WP_ASSIGN_OR_RETURN(timeliness, reporting.Timeliness(by, pid, period.Key(), as_of));
      in.overdue = &overdue;
      in.timeliness = &timeliness;
      // The amendments the Minister approved in the period, or that take effect in it.
      store::AmendmentFilter af;
      af.program_id = pid;
      af.status = domain::AmendmentStatus::kApproved;
      WP_ASSIGN_OR_RETURN(auto amendments, store.ListAmendments(af));
      for (auto& a : amendments) {
        if (!a.decided_at) continue;
        // Approved in the period, or approved (even later) with effect in it: the figures of
        // the report are measured against it, as the dashboard measures them.
        const core::CivilDate decided = LocalDate(*a.decided_at);
        const bool approved_in = period.start <= decided && decided <= period.end;
        const bool effective_in =
            period.start <= a.effective_from && a.effective_from <= period.end;
        if (!approved_in && !effective_in) continue;
        AmendmentNote note;
        note.id = a.id;
        note.effective_from = a.effective_from;
        note.decider = a.delegation_id ? "Thứ trưởng" : "Bộ trưởng";
        if (const auto* u = org.registry().Find(a.unit_id)) {
          note.unit = u->name;
        } else {
          note.unit = "đơn vị #" + std::to_string(a.unit_id);
        }
        note.reason = std::move(a.reason);
        note.decision_number = std::move(a.decision_number);
        note.changes = std::move(a.changes);
        in.amendments.push_back(std::move(note));
      }
      std::sort(in.amendments.begin(), in.amendments.end(), [](const auto& x, const auto& y) {
        return std::tie(x.effective_from, x.id) < std::tie(y.effective_from, y.id);
      });
    }
    in.narrative_periods = NarrativePeriods(period);
    WP_ASSIGN_OR_RETURN(auto passages,
                        store.ListNarratives(pid, in.narrative_periods,
                                             kind == DocumentKind::kUnit ? unit : std::nullopt));
    in.narratives.reserve(passages.size());
    for (auto& p : passages) {
      in.narratives.push_back({p.unit_id, std::move(p.period), p.section, std::move(p.text)});
    }
    return BuildConsolidated(in);
  }

  // ─── writing ───

  std::string AuditAfter(const store::DocumentRecord& r, const std::vector<Block>& blocks,
                         const std::vector<std::string>& changed) const {
    return core::JsonObjectText()
        .Add("version", r.version)
        .Add("status", std::string(domain::DocumentStatusName(r.status)))
        .Add("period", r.period)
        .Add("kind", std::string(domain::DocumentKindName(r.kind)))
        .Add("number", NumberText(r))
        .Add("changed", JoinedKeys(changed))
        .Add("blocks", static_cast<int64_t>(blocks.size()))
        .Add("fingerprint", DocumentFingerprint(r, blocks))  // what audit verify checks
        .Finish();
  }

  core::Result<DocumentView> Put(const Principal& by, store::DocumentRecord next,
                                 const std::vector<Block>& before, std::vector<Block> blocks,
                                 int64_t expected, const std::string& action) {
    next.updated_at = time.NowIso();
    next.updated_by = by.user_id ? std::optional(by.user_id) : std::nullopt;
    next.version = expected + 1;
    next.status = DocumentStatus::kDraft;
    auto changed = Changed(before, blocks);
    auto event =
        Event(time, by, "document." + action, "document", next.id ? std::to_string(next.id) : "");
    event.after = AuditAfter(next, blocks, changed);
    WP_ASSIGN_OR_RETURN(auto stored, store.PutDocument(next, blocks, expected, action, event));
    return ViewOfDocument(stored, std::move(blocks));
  }
};

Documents::Documents(store::Store& store, const Organisation& org, Programs& programs,
                     ProgramCache& cache, Figures& figures, Reporting& reporting,
                     Responsibilities& responsibilities, const Time& time,
                     const DataGeneration& generation, std::map<std::string, std::string> templates)
    : impl_(new Impl{store, org, programs, cache, figures, reporting, responsibilities, time,
                     generation, std::move(templates)}) {}

Documents::~Documents() = default;

core::Result<DocumentView> Documents::Generate(const Principal& by, ProgramId program,
                                               const GenerateInput& in) {
  auto& m = *impl_;
  WP_ASSIGN_OR_RETURN(auto period, domain::ParsePeriodKey(in.period));
  WP_ASSIGN_OR_RETURN(auto view, m.cache.Published(by, program));
  core::CivilDate as_of = in.as_of.value_or(std::min(period.end, m.time.Today()));
  std::optional<domain::OrgUnitId> unit;
  if (in.kind == DocumentKind::kUnit) {
    unit = in.unit ? in.unit : by.unit;
    if (!unit) {
      return tl::unexpected(Invalid("document_invalid", "unit_id",
                                    "Cần chọn đơn vị cho báo cáo của đơn vị (unit_id)"));
    }
    if (!m.org.registry().Find(*unit)) {
      return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                        "Không tìm thấy đơn vị #" + std::to_string(*unit));
    }
  }
  WP_ASSIGN_OR_RETURN(auto issuer, m.IssuingUnit(in.kind, unit, as_of));
  WP_RETURN_IF_ERROR(m.CanWrite(by, in.kind, issuer, as_of));
  WP_ASSIGN_OR_RETURN(auto existing, m.store.FindDocument(program, in.kind, issuer, period.Key()));
  if (existing && existing->status == DocumentStatus::kIssued) {
    return core::Fail(ErrorCode::kFailedPrecondition, "document_issued",
                      "Báo cáo " + PeriodPhrase(period) + " đã ban hành số " +
                          NumberText(*existing) + "; không tạo lại được");
  }
  if (existing) {
    auto regenerated = Regenerate(by, existing->id, existing->version, in.as_of);
    if (regenerated) regenerated->created = false;
    return regenerated;
  }
  const uint64_t generation = m.generation.Current();
  WP_ASSIGN_OR_RETURN(auto draft, m.Build(by, *view, in.kind, unit, period, as_of));
  store::DocumentRecord r;
  r.program_id = program;
  r.kind = in.kind;
  r.unit_id = issuer;
  r.period = period.Key();
  r.as_of = as_of;
  r.header = std::move(draft.header);
  r.data_generation = static_cast<int64_t>(generation);
  r.generated_at = m.time.NowIso();
  r.created_by = by.user_id ? std::optional(by.user_id) : std::nullopt;
  WP_ASSIGN_OR_RETURN(auto out,
                      m.Put(by, std::move(r), {}, std::move(draft.blocks), 0, "generate"));
  out.created = true;
  return out;
}

core::Result<DocumentView> Documents::Get(const Principal& by, DocumentId id) {
  WP_ASSIGN_OR_RETURN(auto d, impl_->Load(by, id));
  return impl_->ViewOfDocument(d.record, std::move(d.blocks));
}

core::Result<std::vector<DocumentSummaryView>> Documents::List(const Principal& by,
                                                               ProgramId program,
                                                               const DocumentListFilter& filter) {
  auto& m = *impl_;
  WP_RETURN_IF_ERROR(m.cache.Published(by, program));
  store::DocumentFilter f;
  f.program_id = program;
  f.kind = filter.kind;
  f.period = filter.period;
  f.status = filter.status;
  WP_ASSIGN_OR_RETURN(auto rows, m.store.ListDocuments(f));
  std::vector<DocumentSummaryView> out;
  for (const auto& r : rows) {
    if (!m.CanRead(by, r)) continue;
    DocumentSummaryView s;
    s.id = r.id;
    s.kind = r.kind;
    if (auto p = domain::ParsePeriodKey(r.period)) s.period = *p;
    s.as_of = r.as_of;
    s.unit = m.UnitView(r.unit_id);
    s.status = r.status;
    s.version = r.version;
    if (r.number_seq) s.number = NumberText(r);
    s.stale = r.status == DocumentStatus::kDraft &&
              static_cast<uint64_t>(r.data_generation) != m.generation.Current();
    s.updated_at = r.updated_at;
    out.push_back(std::move(s));
  }
  // Conflicts are counted on the blocks: one read per draft listed, bounded by the drafts a
  // program has (a handful per period), never per unit.
  for (auto& s : out) {
    if (s.status != DocumentStatus::kDraft) continue;
    WP_ASSIGN_OR_RETURN(auto blocks, m.store.GetDocumentBlocks(s.id));
    s.conflicts = static_cast<size_t>(std::count_if(blocks.begin(), blocks.end(), IsConflict));
  }
  return out;
}

core::Result<DocumentView> Documents::Regenerate(const Principal& by, DocumentId id,
                                                 int64_t version,
                                                 std::optional<core::CivilDate> as_of) {
  auto& m = *impl_;
  WP_ASSIGN_OR_RETURN(auto d, m.Load(by, id));
  auto& r = d.record;
  WP_RETURN_IF_ERROR(m.CanWrite(by, r.kind, r.unit_id, r.as_of));
  if (r.status == DocumentStatus::kIssued) {
    return core::Fail(ErrorCode::kFailedPrecondition, "document_issued",
                      "Văn bản đã ban hành số " + NumberText(r) + "; không cập nhật được");
  }
  if (r.version != version) {
    return core::Fail(ErrorCode::kAborted, "stale_version",
                      "Văn bản đã được người khác sửa (phiên bản " + std::to_string(r.version) +
                          "); hãy tải lại");
  }
  WP_ASSIGN_OR_RETURN(auto period, domain::ParsePeriodKey(r.period));
  WP_ASSIGN_OR_RETURN(auto view, m.cache.Published(by, r.program_id));
  if (as_of) r.as_of = *as_of;
  std::optional<domain::OrgUnitId> unit;
  if (r.kind == DocumentKind::kUnit) unit = r.unit_id;
  const uint64_t generation = m.generation.Current();
  WP_ASSIGN_OR_RETURN(auto draft, m.Build(by, *view, r.kind, unit, period, r.as_of));
  auto merged = domain::MergeRegenerated(d.blocks, draft.blocks);
  r.data_generation = static_cast<int64_t>(generation);
  r.generated_at = m.time.NowIso();
  auto before = d.blocks;
  WP_ASSIGN_OR_RETURN(auto out,
                      m.Put(by, r, before, std::move(merged.blocks), version, "regenerate"));
  out.kept = std::move(merged.kept);
  out.changed_underneath = std::move(merged.changed_underneath);
  out.orphaned = std::move(merged.orphaned);
  return out;
}

core::Result<DocumentView> Documents::Edit(const Principal& by, DocumentId id,
                                           const DocumentEdit& e) {
  auto& m = *impl_;
  WP_ASSIGN_OR_RETURN(auto d, m.Load(by, id));
  auto& r = d.record;
  WP_RETURN_IF_ERROR(m.CanWrite(by, r.kind, r.unit_id, r.as_of));
  if (r.status == DocumentStatus::kIssued) {
    return core::Fail(ErrorCode::kFailedPrecondition, "document_issued",
                      "Văn bản đã ban hành số " + NumberText(r) + "; không sửa được");
  }
  if (r.version != e.version) {
    return core::Fail(ErrorCode::kAborted, "stale_version",
                      "Văn bản đã được người khác sửa (phiên bản " + std::to_string(r.version) +
                          "); hãy tải lại");
  }
  // The header.
  auto& h = r.header;
  auto set = [&](const std::optional<std::string>& v, std::string& field,
                 const char* name) -> core::Status {
    if (!v) return {};
    WP_RETURN_IF_ERROR(CheckDocumentText(*v, std::string("header.") + name, 500));
    field = *v;
    return {};
  };
  WP_RETURN_IF_ERROR(set(e.parent_body, h.parent_body, "parent_body"));
  WP_RETURN_IF_ERROR(set(e.issuer, h.issuer, "issuer"));
  WP_RETURN_IF_ERROR(set(e.symbol, h.symbol, "symbol"));
  WP_RETURN_IF_ERROR(set(e.place, h.place, "place"));
  WP_RETURN_IF_ERROR(set(e.title, h.title, "title"));
  WP_RETURN_IF_ERROR(set(e.subject, h.subject, "subject"));
  if (e.date) h.date = *e.date;
  if (e.signature) {
    WP_RETURN_IF_ERROR(CheckDocumentText(e.signature->authority, "signature.authority", 200));
    WP_RETURN_IF_ERROR(CheckDocumentText(e.signature->title, "signature.title", 200));
    WP_RETURN_IF_ERROR(CheckDocumentText(e.signature->name, "signature.name", 200));
    h.signature = *e.signature;
  }
  if (e.recipients) {
    if (e.recipients->size() > 50) {
      return tl::unexpected(Invalid("document_invalid", "recipients", "Nơi nhận có quá 50 dòng"));
    }
    for (size_t i = 0; i < e.recipients->size(); ++i) {
      WP_RETURN_IF_ERROR(
          CheckDocumentText((*e.recipients)[i], "recipients[" + std::to_string(i) + "]", 500));
    }
    h.recipients = *e.recipients;
  }

  std::vector<Block> blocks = d.blocks;
  auto find = [&](const std::string& key) {
    return std::find_if(blocks.begin(), blocks.end(), [&](const Block& b) { return b.key == key; });
  };
  auto not_found = [](const std::string& field, const std::string& key) {
    return tl::unexpected(
        Invalid("document_invalid", field + ".key", "Văn bản không có đoạn \"" + key + "\""));
  };
  int next_free = 0;
  for (const auto& b : blocks) {
    if (b.key.rfind("free.", 0) == 0) {
      try {
        next_free = std::max(next_free, std::stoi(b.key.substr(5)));
      } catch (const std::exception&) {
      }
    }
  }
  if (e.blocks.size() + e.resolve.size() > 2000) {
    return tl::unexpected(
        Invalid("document_invalid", "blocks", "Quá nhiều thay đổi trong một lần lưu"));
  }
  for (const auto& be : e.blocks) {
    const std::string field = be.field + ".text";
    if (be.key == "new") {
      if (!be.text || !be.after) {
        return tl::unexpected(Invalid("document_invalid", be.field,
                                      "Đoạn thêm mới cần có nội dung (text) và vị trí (after)"));
      }
      WP_RETURN_IF_ERROR(CheckDocumentText(*be.text, field));
      auto anchor = find(*be.after);
      if (anchor == blocks.end()) return not_found(be.field + ".after", *be.after);
      Block b;
      b.key = "free." + std::to_string(++next_free);
      b.kind = BlockKind::kParagraph;
      b.style = "WPBody";
      b.section = anchor->section;
      b.area = anchor->area;
      b.edited = *be.text;
      b.state = BlockState::kEdited;
      b.anchor = *be.after;
      blocks.insert(anchor + 1, std::move(b));
      continue;
    }
    auto it = find(be.key);
    if (it == blocks.end()) return not_found(be.field, be.key);
    const bool free = it->key.rfind("free.", 0) == 0;
    if (be.remove) {
      if (free) {
        blocks.erase(it);
      } else {
        it->removed = true;
      }
      continue;
    }
    if (it->kind == BlockKind::kTable) {
      return tl::unexpected(Invalid("block_not_editable", be.field,
                                    "Bảng số liệu được tạo từ số liệu đã duyệt, không sửa trực "
                                    "tiếp; hãy sửa câu văn bên dưới bảng"));
    }
    if (!be.text) {  // back to the generated text
      if (free || it->state == BlockState::kOrphaned) {
        blocks.erase(it);
        continue;
      }
      it->edited.reset();
      it->base.reset();
      it->removed = false;
      it->state = BlockState::kGenerated;
      continue;
    }
    WP_RETURN_IF_ERROR(CheckDocumentText(*be.text, field));
    it->removed = false;
    if (!free && *be.text == it->generated && it->state != BlockState::kOrphaned) {
      it->edited.reset();
      it->base.reset();
      it->state = BlockState::kGenerated;
      continue;
    }
    if (!it->edited && !free) it->base = it->generated;
    it->edited = *be.text;
    if (it->state == BlockState::kGenerated) it->state = BlockState::kEdited;
  }
  for (const auto& rs : e.resolve) {
    auto it = find(rs.key);
    if (it == blocks.end()) return not_found(rs.field, rs.key);
    if (!IsConflict(*it)) {
      return tl::unexpected(Invalid("document_invalid", rs.field + ".key",
                                    "Đoạn \"" + rs.key + "\" không có thay đổi cần xử lý"));
    }
    const bool orphan = it->state == BlockState::kOrphaned;
    switch (rs.take) {
      case Take::kMine:
        it->base = orphan ? std::optional<std::string>() : std::optional(it->generated);
        it->state = BlockState::kEdited;
        if (orphan) {
          // The generator no longer makes it: it stays as a paragraph of the Office's own.
          it->key = "free." + std::to_string(++next_free);
          it->generated.clear();
        }
        break;
      case Take::kNew:
        if (orphan) {
          blocks.erase(it);
          continue;
        }
        it->edited.reset();
        it->base.reset();
        it->state = BlockState::kGenerated;
        break;
      case Take::kSuggestion: {
        std::optional<std::string> s;
        if (!orphan && it->base && it->edited) {
          s = domain::RebaseNumbers(*it->base, it->generated, *it->edited);
        }
        if (!s) {
          return tl::unexpected(Invalid("no_suggestion", rs.field + ".take",
                                        "Không áp dụng được số mới vào bản sửa của đoạn này; hãy "
                                        "chọn giữ bản sửa hoặc dùng bản mới"));
        }
        it->edited = *s;
        it->base = it->generated;
        it->state = BlockState::kEdited;
        break;
      }
    }
  }
  const bool only_resolve = e.blocks.empty() && !e.resolve.empty() && !e.parent_body && !e.issuer &&
                            !e.symbol && !e.place && !e.title && !e.subject && !e.date &&
                            !e.signature && !e.recipients;
  return m.Put(by, r, d.blocks, std::move(blocks), e.version, only_resolve ? "resolve" : "edit");
}

core::Result<DocumentView> Documents::Issue(const Principal& by, DocumentId id,
                                            const DocumentIssueInput& in) {
  auto& m = *impl_;
  WP_ASSIGN_OR_RETURN(auto d, m.Load(by, id));
  auto& r = d.record;
  // Issuing is the planners' and admins' (a unit's own report: its approver's too).
  if (!domain::MayIssueDocument(by, r.kind, r.unit_id, m.org.registry(), r.as_of)) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Bạn không có quyền ban hành văn bản này");
  }
  if (r.status == DocumentStatus::kIssued) {
    return core::Fail(ErrorCode::kFailedPrecondition, "document_issued",
                      "Văn bản đã ban hành số " + NumberText(r));
  }
  if (r.version != in.version) {
    return core::Fail(ErrorCode::kAborted, "stale_version",
                      "Văn bản đã được người khác sửa (phiên bản " + std::to_string(r.version) +
                          "); hãy tải lại");
  }
  std::vector<std::string> conflicts;
  for (const auto& b : d.blocks) {
    if (IsConflict(b)) conflicts.push_back(b.key);
  }
  if (!conflicts.empty()) {
    auto err = core::MakeError(
        ErrorCode::kFailedPrecondition, "document_has_conflicts",
        "Còn " + std::to_string(conflicts.size()) +
            " đoạn có số liệu thay đổi bên dưới bản sửa; hãy xử lý trước khi ban hành");
    for (const auto& k : conflicts) err.details.push_back({k, "Số liệu bên dưới đã thay đổi"});
    return tl::unexpected(std::move(err));
  }
  WP_RETURN_IF_ERROR(CheckDocumentText(in.signature.name, "signature.name", 200));
  WP_RETURN_IF_ERROR(CheckDocumentText(in.signature.title, "signature.title", 200));
  WP_RETURN_IF_ERROR(CheckDocumentText(in.signature.authority, "signature.authority", 200));
  if (text::Trim(in.signature.name).empty()) {
    return tl::unexpected(Invalid("signature_missing", "signature.name",
                                  "Cần ghi họ tên người ký trước khi ban hành"));
  }
  if (in.number && (*in.number <= 0 || *in.number > 999999)) {
    return tl::unexpected(Invalid("document_invalid", "number", "Số văn bản không hợp lệ"));
  }
  store::DocumentIssue issue;
  issue.header = r.header;
  issue.header.date = in.date;
  issue.header.signature = in.signature;
  if (in.recipients) {
    for (size_t i = 0; i < in.recipients->size(); ++i) {
      WP_RETURN_IF_ERROR(
          CheckDocumentText((*in.recipients)[i], "recipients[" + std::to_string(i) + "]", 500));
    }
    issue.header.recipients = *in.recipients;
  }
  issue.blocks = d.blocks;
  issue.by = by.user_id ? std::optional(by.user_id) : std::nullopt;

  // The number is in the file: the next one is read before the file is written; two issuing at
  // once meet at the store's unique number and the later one tries the next.
  for (int attempt = 0;; ++attempt) {
    int64_t seq = 0;
    if (in.number) {
      seq = *in.number;
    } else {
      store::DocumentFilter f;
      f.unit_id = r.unit_id;
      f.status = DocumentStatus::kIssued;
      WP_ASSIGN_OR_RETURN(auto issued, m.store.ListDocuments(f));
      for (const auto& x : issued) {
        if (x.number_seq && x.number_year == in.date.year && x.header.symbol == r.header.symbol)
          seq = std::max(seq, *x.number_seq);
      }
      ++seq;
    }
    issue.number_seq = seq;
    issue.at = m.time.NowIso();
    store::DocumentRecord as_issued = r;
    as_issued.header = issue.header;
    as_issued.status = DocumentStatus::kIssued;
    as_issued.version = r.version + 1;
    as_issued.number_seq = seq;
    as_issued.number_year = in.date.year;
    as_issued.issued_at = issue.at;
    DocumentView v = m.ViewOfDocument(as_issued, d.blocks);
    WP_ASSIGN_OR_RETURN(issue.docx, Render(v));
    auto event = Event(m.time, by, "document.issue", "document", std::to_string(r.id));
    event.after = m.AuditAfter(as_issued, d.blocks, {});
    auto stored = m.store.IssueDocument(r.id, in.version, issue, event);
    if (!stored && stored.error().reason == "number_taken" && !in.number && attempt < 2) continue;
    if (!stored) return tl::unexpected(stored.error());
    return m.ViewOfDocument(*stored, std::move(d.blocks));
  }
}

core::Result<std::vector<DocumentHistoryItem>> Documents::History(const Principal& by,
                                                                  DocumentId id) {
  auto& m = *impl_;
  WP_ASSIGN_OR_RETURN(auto r, m.store.GetDocument(id));
  WP_RETURN_IF_ERROR(m.CanRead(by, r));
  WP_ASSIGN_OR_RETURN(auto versions, m.store.ListDocumentVersions(id));
  std::map<domain::UserId, std::string> names;
  std::vector<DocumentHistoryItem> out;
  for (auto& v : versions) {
    DocumentHistoryItem h;
    h.version = v.version;
    h.action = v.action;
    h.at = v.at;
    h.by = v.by_user;
    if (v.by_user) {
      auto it = names.find(*v.by_user);
      if (it == names.end()) {
        auto u = m.store.GetUser(*v.by_user);
        it = names.emplace(*v.by_user, u ? u->username : std::string()).first;
      }
      h.by_username = it->second;
    }
    h.changed = std::move(v.changed);
    out.push_back(std::move(h));
  }
  return out;
}

core::Result<DocumentView> Documents::AtVersion(const Principal& by, DocumentId id,
                                                int64_t version) {
  auto& m = *impl_;
  WP_ASSIGN_OR_RETURN(auto r, m.store.GetDocument(id));
  WP_RETURN_IF_ERROR(m.CanRead(by, r));
  WP_ASSIGN_OR_RETURN(auto v, m.store.GetDocumentVersion(id, version));
  auto snap = store::ParseSnapshotJson(v.content);
  if (!snap) {
    return core::Fail(ErrorCode::kInternal, "version_unreadable",
                      "Không đọc được phiên bản " + std::to_string(version) + " của văn bản");
  }
  auto out = m.ViewOfDocument(snap->first, std::move(snap->second));
  out.stale = false;
  return out;
}

core::Result<std::string> Documents::Docx(const Principal& by, DocumentId id,
                                          std::optional<int64_t> version) {
  auto& m = *impl_;
  if (version) {
    WP_ASSIGN_OR_RETURN(auto v, AtVersion(by, id, *version));
    return Render(v);
  }
  WP_ASSIGN_OR_RETURN(auto d, m.Load(by, id));
  if (d.record.status == DocumentStatus::kIssued) return m.store.GetDocumentFile(id);
  return Render(m.ViewOfDocument(d.record, std::move(d.blocks)));
}

// ───────────────────────────── the .docx and the tables ─────────────────────────────

namespace {

using xport::DocAlign;
using xport::DocBlock;
using xport::DocCell;
using xport::DocParagraph;
using xport::DocRun;
using xport::DocTable;

constexpr int kTextWidth = 9355;  // A4 less the margins of 30 and 15 mm, in twips

std::vector<int> WidthsOf(const Block& b) {
  size_t n = b.table->columns.size();
  if (b.key.rfind("I.table.", 0) == 0 && n == 8) {
    // "TT" and "100" on one line in 12 pt bold; "hiện/ước" unbroken; "104,1%" on one line.
    return {560, 2850, 880, 1000, 1100, 1000, 950, 1015};
  }
  if (b.key == "annex.timeliness" && n == 6) return {600, 4155, 1150, 1150, 1150, 1150};
  if (b.key == "annex.overdue" && n == 6) return {600, 1900, 3755, 900, 1200, 1000};
  std::vector<int> w(n, n ? kTextWidth / static_cast<int>(n) : 0);
  return w;
}

DocParagraph Para(std::string style, std::string text, bool bold = false) {
  return DocParagraph{std::move(style), {DocRun{std::move(text), bold, false}}, DocAlign::kDefault};
}

// "- Cục Việc làm: …": the unit's name in bold, as the Ministry's reports set it.
DocParagraph Passage(const Block& b, const std::string& text) {
  // The units' passages of II–IV, and the provinces' quoted in the annex ("annex.II.<unit>").
  bool passage = (b.section == "II" || b.section == "III" || b.section == "IV" ||
                  b.key.rfind("annex.II.", 0) == 0 || b.key.rfind("annex.III.", 0) == 0 ||
                  b.key.rfind("annex.IV.", 0) == 0) &&
                 text.rfind("- ", 0) == 0;
  size_t colon = passage ? text.find(": ") : std::string::npos;
  if (colon == std::string::npos || colon > 2000) return Para(b.style, text);
  return DocParagraph{b.style,
                      {DocRun{"- ", false, false}, DocRun{text.substr(2, colon - 2), true, false},
                       DocRun{text.substr(colon), false, false}},
                      DocAlign::kDefault};
}

DocTable TableOf(const Block& b) {
  DocTable t;
  t.style = "WPTable";
  t.widths = WidthsOf(b);
  t.header_rows = 1;
  std::vector<DocCell> head;
  for (const auto& c : b.table->columns) head.push_back(DocCell{{Para("WPTableHead", c.label)}, 1});
  t.rows.push_back(std::move(head));
  for (const auto& row : b.table->rows) {
    std::vector<DocCell> cells;
    for (size_t i = 0; i < row.size() && i < b.table->columns.size(); ++i) {
      const auto& fmt = b.table->columns[i].format;
      bool num = i == 0 || fmt == "integer" || fmt == "decimal" || fmt == "percent";
      cells.push_back(
          DocCell{{Para(num ? "WPTableNum" : "WPTableCell", row[i].text, row[i].bold)}, 1});
    }
    while (cells.size() < b.table->columns.size())
      cells.push_back(DocCell{{Para("WPTableCell", "")}, 1});
    t.rows.push_back(std::move(cells));
  }
  return t;
}

// The issuer as the header's left column sets it: the Ministry's long name on two lines.
std::string IssuerLines(const std::string& issuer) {
  const std::string tail = " VÀ XÃ HỘI";
  if (issuer.size() > 30 && issuer.size() > tail.size() &&
      issuer.compare(issuer.size() - tail.size(), tail.size(), tail) == 0) {
    return issuer.substr(0, issuer.size() - tail.size()) + "\nVÀ XÃ HỘI";
  }
  return issuer;
}

xport::NumberFormat FormatOf(const std::string& f) {
  if (f == "integer") return xport::NumberFormat::kInteger;
  if (f == "decimal") return xport::NumberFormat::kDecimal;
  if (f == "percent") return xport::NumberFormat::kPercent;
  return xport::NumberFormat::kGeneral;
}

}  // namespace

core::Result<std::string> Documents::Render(const DocumentView& v) {
  auto& m = *impl_;
  std::string bytes;
  WP_ASSIGN_OR_RETURN(auto stored, m.store.GetTemplate(kTemplate));
  if (stored) {
    bytes = stored->bytes;
  } else if (auto it = m.templates.find(kTemplate); it != m.templates.end()) {
    bytes = it->second;
  } else {
    return core::Fail(ErrorCode::kFailedPrecondition, "template_missing",
                      "Chưa có mẫu văn bản bao_cao.docx (data/templates)");
  }
  WP_ASSIGN_OR_RETURN(auto tpl, xport::DocxTemplate::Open(std::move(bytes)));
  const auto& h = v.header;
  std::map<std::string, std::string> inline_values = {
      {"wp.parent_body", h.parent_body},
      {"wp.issuer", IssuerLines(h.issuer)},
      {"wp.number", v.number ? *v.number : "      /" + h.symbol},
      {"wp.place_date", v.date_line},
      {"wp.title", h.title},
      {"wp.subject", h.subject},
      {"wp.authority", h.signature.authority},
      {"wp.signer_title", h.signature.title},
      {"wp.signer_name", h.signature.name},
  };
  std::vector<DocBlock> body, annex, recipients;
  for (const auto& bv : v.blocks) {
    const Block& b = bv.block;
    if (b.removed) continue;
    auto& out = b.section == "annex" ? annex : body;
    if (b.kind == BlockKind::kTable) {
      if (b.table && !b.table->columns.empty()) out.push_back(TableOf(b));
      continue;
    }
    const std::string& text = b.Text();
    if (text.empty()) continue;
    out.push_back(b.kind == BlockKind::kHeading ? Para(b.style, text) : Passage(b, text));
  }
  for (const auto& r : h.recipients) recipients.push_back(Para("WPRecipients", r));
  return tpl.Fill(inline_values,
                  {{"wp.body", body}, {"wp.annex", annex}, {"wp.recipients", recipients}});
}

core::Result<DocumentTables> Documents::TablesXlsx(const Principal& by, DocumentId id) {
  WP_ASSIGN_OR_RETURN(auto v, Get(by, id));
  xport::Workbook book;
  book.title = v.header.subject;
  book.author = "workplan";
  std::map<std::string, std::string> titles;  // the heading each table follows
  std::string last_heading;
  int n = 0;
  for (const auto& bv : v.blocks) {
    const Block& b = bv.block;
    if (b.kind == BlockKind::kHeading) last_heading = b.Text();
    if (b.kind != BlockKind::kTable || !b.table || b.removed) continue;
    xport::Sheet sheet;
    sheet.name = "Bảng " + std::to_string(++n);
    xport::CellStyle bold;
    bold.bold = true;
    sheet.rows.push_back({xport::Cell::Text(last_heading, bold)});
    std::vector<xport::Cell> head;
    for (const auto& c : b.table->columns) head.push_back(xport::Cell::Text(c.label, bold));
    sheet.rows.push_back(std::move(head));
    for (const auto& row : b.table->rows) {
      std::vector<xport::Cell> cells;
      for (size_t i = 0; i < row.size() && i < b.table->columns.size(); ++i) {
        xport::CellStyle st;
        st.bold = row[i].bold;
        st.format = FormatOf(b.table->columns[i].format);
        auto num = row[i].value ? core::ParseDecimal(*row[i].value) : std::nullopt;
        if (num && st.format != xport::NumberFormat::kGeneral) {
          cells.push_back(xport::Cell::Number(num->AsDouble(), st));
        } else {
          st.format = xport::NumberFormat::kGeneral;
          cells.push_back(xport::Cell::Text(row[i].text, st));
        }
      }
      sheet.rows.push_back(std::move(cells));
    }
    sheet.column_widths = {5, 45};
    for (size_t i = 2; i < b.table->columns.size(); ++i) sheet.column_widths.push_back(14);
    sheet.freeze_rows = 2;
    book.sheets.push_back(std::move(sheet));
  }
  if (book.sheets.empty()) {
    xport::Sheet s;
    s.name = "Bảng";
    s.rows.push_back({xport::Cell::Text("Văn bản không có bảng số liệu")});
    book.sheets.push_back(std::move(s));
  }
  WP_ASSIGN_OR_RETURN(auto xlsx, xport::WriteXlsx(book));
  return DocumentTables{std::move(xlsx), "bao-cao-" + v.period.Key() + "-bang.xlsx"};
}

core::Result<TemplateView> Documents::ReplaceTemplate(const Principal& by, const std::string& name,
                                                      std::string bytes) {
  auto& m = *impl_;
  if (by.role != Role::kAdmin) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Chỉ quản trị hệ thống mới thay mẫu văn bản");
  }
  auto req = xport::RequirementsOf(name);
  if (!req) {
    return core::Fail(ErrorCode::kNotFound, "template_not_found",
                      "Không có mẫu văn bản tên \"" + name + "\"");
  }
  WP_ASSIGN_OR_RETURN(auto tpl, xport::DocxTemplate::Open(bytes));
  WP_RETURN_IF_ERROR(tpl.Check(*req));
  auto event = Event(m.time, by, "template.replace", "template", name);
  event.after = core::JsonObjectText()
                    .Add("name", name)
                    .Add("sha256", core::Sha256Hex(bytes))
                    .Add("bytes", static_cast<int64_t>(bytes.size()))
                    .Finish();
  WP_ASSIGN_OR_RETURN(auto stored, m.store.PutTemplate(name, bytes, m.time.NowIso(), event));
  return TemplateView{stored.name, stored.version, stored.sha256, tpl.tags()};
}

core::Result<std::string> Documents::TemplateFile(const Principal& by, const std::string& name) {
  auto& m = *impl_;
  WP_RETURN_IF_ERROR(Require(by, domain::Permission::kReadPublished));
  if (!xport::RequirementsOf(name)) {
    return core::Fail(ErrorCode::kNotFound, "template_not_found",
                      "Không có mẫu văn bản tên \"" + name + "\"");
  }
  WP_ASSIGN_OR_RETURN(auto stored, m.store.GetTemplate(name));
  if (stored) return stored->bytes;
  if (auto it = m.templates.find(name); it != m.templates.end()) return it->second;
  return core::Fail(ErrorCode::kNotFound, "template_not_found",
                    "Chưa có mẫu văn bản " + name + ".docx");
}

}  // namespace wp::service
