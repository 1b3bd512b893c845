// The responsibility matrix and the catalogue (responsibilities.hpp).

#include "service/responsibilities.hpp"

#include <algorithm>
#include <set>

#include "core/json_text.hpp"
#include "domain/calendar.hpp"
#include "service/internal/caches.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"
#include "text/fold.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Permission;
using domain::Principal;

constexpr const char* kProvinces = "group:province";
constexpr const char* kDepartments = "group:department";

std::string KeyOf(const domain::Reporter& r) {
  if (r.group) return *r.group == domain::ReporterGroup::kProvinces ? kProvinces : kDepartments;
  return "unit:" + std::to_string(r.unit.value_or(0));
}

// The column of `key`: a group, or a unit known to the organisation.
std::optional<std::pair<std::optional<domain::OrgUnitId>, std::optional<domain::ReporterGroup>>>
ParseKey(const std::string& key, const domain::OrgRegistry& registry) {
  if (key == kProvinces) return {{std::nullopt, domain::ReporterGroup::kProvinces}};
  if (key == kDepartments) return {{std::nullopt, domain::ReporterGroup::kDepartments}};
  if (key.rfind("unit:", 0) != 0 || key.size() < 6 || key.size() > 24) return std::nullopt;
  const std::string digits = key.substr(5);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const domain::OrgUnitId id = std::stoll(digits);
  if (registry.Find(id) == nullptr) return std::nullopt;
  return {{id, std::nullopt}};
}

}  // namespace

Responsibilities::Responsibilities(store::Store& store, const Organisation& org,
                                   ProgramCache& programs, const Time& time)
    : store_(store), org_(org), programs_(programs), time_(time) {}

Responsibilities::~Responsibilities() = default;

core::Result<std::shared_ptr<const std::vector<domain::Reporter>>> Responsibilities::Reporters(
    ProgramId program) {
  WP_ASSIGN_OR_RETURN(int64_t revision, store_.ResponsibilityRevision(program));
  {
    std::lock_guard lock(mu_);
    auto it = kept_.find(program);
    if (it != kept_.end() && it->second.revision == revision) return it->second.rows;
  }
  // Read after the revision: rows newer than it are read at worst, and kept under the older
  // number they are read again at the next call.
  WP_ASSIGN_OR_RETURN(auto rows, store_.ListReporters(program));
  auto shared = std::make_shared<const std::vector<domain::Reporter>>(std::move(rows));
  std::lock_guard lock(mu_);
  kept_[program] = Kept{revision, shared};
  return shared;
}

core::Result<int64_t> Responsibilities::Revision(ProgramId program) {
  return store_.ResponsibilityRevision(program);
}

core::Result<MatrixView> Responsibilities::Matrix(const Principal& by, ProgramId id,
                                                  std::optional<core::CivilDate> at) {
  WP_ASSIGN_OR_RETURN(auto program, programs_.Get(by, id));
  WP_ASSIGN_OR_RETURN(int64_t revision, store_.ResponsibilityRevision(id));
  WP_ASSIGN_OR_RETURN(auto reporters, Reporters(id));
  const auto& registry = org_.registry();
  const core::CivilDate start = ProgramDate(program->record);
  MatrixView view;
  view.program = id;
  view.revision = revision;
  view.at = at.value_or(std::max(start, time_.Today()));
  std::set<domain::OrgUnitId> named;
  std::map<int64_t, std::vector<const domain::Reporter*>> of_target;
  for (const auto& r : *reporters) {
    if (!r.ValidOn(view.at)) continue;
    of_target[r.target_id].push_back(&r);
    if (r.unit) named.insert(*r.unit);
  }
  view.columns.push_back({kProvinces, "Các tỉnh, thành phố"});
  view.columns.push_back({kDepartments, "Các đơn vị thuộc Bộ"});
  std::vector<const domain::OrgUnit*> units;
  for (auto u : named) {
    if (const auto* unit = registry.Find(u)) units.push_back(unit);
  }
  std::sort(units.begin(), units.end(), [](const auto* a, const auto* b) {
    return std::tie(a->code, a->id) < std::tie(b->code, b->id);
  });
  for (const auto* u : units) view.columns.push_back({"unit:" + std::to_string(u->id), u->name});
  for (const auto& t : program->targets) {
    MatrixRow row;
    row.target_id = t.id;
    row.section = t.target.section;
    row.display_name = t.name();
    row.indicator_code = t.target.indicator_code;
    for (const auto* r : of_target[t.id]) {
      if (r->role == domain::ReporterRole::kConsolidates) {
        row.consolidator = r->unit;
        if (r->unit) row.consolidator_name = org_.UnitName(*r->unit);
        continue;
      }
      row.reporters.push_back(
          {KeyOf(*r), r->frequency, r->source, r->rule, r->valid_from, r->valid_to});
    }
    if (row.reporters.empty()) {
      row.why_none = t.target.reporters.why_none.empty() ? "Chưa có đơn vị báo cáo chỉ tiêu này"
                                                         : t.target.reporters.why_none;
    }
    view.rows.push_back(std::move(row));
  }
  return view;
}

core::Result<MatrixView> Responsibilities::Replace(const Principal& by, ProgramId id,
                                                   int64_t revision,
                                                   std::optional<core::CivilDate> effective_from,
                                                   const std::vector<MatrixChange>& rows) {
  WP_ASSIGN_OR_RETURN(auto program, programs_.Get(by, id));
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  const auto& registry = org_.registry();
  const bool published = program->record.status == ProgramStatus::kPublished;
  const core::CivilDate start = ProgramDate(program->record);
  std::optional<core::CivilDate> from;
  if (published) from = std::max(start, effective_from.value_or(time_.Today()));
  const core::CivilDate valid_from = from.value_or(start);

  std::set<int64_t> of_program;
  for (const auto& t : program->targets) of_program.insert(t.id);
  std::vector<core::ErrorDetail> problems;
  std::set<int64_t> seen;
  std::vector<int64_t> targets;
  std::vector<domain::Reporter> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const std::string at = "rows[" + std::to_string(i) + "]";
    if (!of_program.contains(row.target_id)) {
      problems.push_back({at + ".target_id", "Chỉ tiêu #" + std::to_string(row.target_id) +
                                                 " không thuộc chương trình này"});
      continue;
    }
    if (!seen.insert(row.target_id).second) {
      problems.push_back({at + ".target_id", "Chỉ tiêu #" + std::to_string(row.target_id) +
                                                 " có hai dòng trong bảng phân công"});
      continue;
    }
    targets.push_back(row.target_id);
    std::set<std::string> keys;
    for (size_t k = 0; k < row.reporters.size(); ++k) {
      const auto& who = row.reporters[k];
      auto parsed = ParseKey(who.key, registry);
      if (!parsed) {
        problems.push_back(
            {at + ".reporters[" + std::to_string(k) + "].key",
             "Không có cột \"" + who.key +
                 "\" (group:province, group:department hoặc unit:<số hiệu đơn vị>)"});
        continue;
      }
      if (!keys.insert(who.key).second) continue;  // a tick given twice is one tick
      domain::Reporter r;
      r.target_id = row.target_id;
      r.unit = parsed->first;
      r.group = parsed->second;
      r.frequency = who.frequency;
      r.valid_from = valid_from;
      r.source = domain::ReporterSource::kPlanner;
      out.push_back(std::move(r));
    }
    if (row.consolidator) {
      if (registry.Find(*row.consolidator) == nullptr) {
        problems.push_back({at + ".consolidator_unit_id",
                            "Không tìm thấy đơn vị #" + std::to_string(*row.consolidator)});
      } else {
        domain::Reporter r;
        r.target_id = row.target_id;
        r.unit = row.consolidator;
        r.role = domain::ReporterRole::kConsolidates;
        r.valid_from = valid_from;
        r.source = domain::ReporterSource::kPlanner;
        out.push_back(std::move(r));
      }
    }
  }
  if (rows.size() > 10'000) {
    problems.insert(problems.begin(), {"rows", "Quá nhiều dòng (tối đa 10.000)"});
  }
  if (!problems.empty()) {
    auto e = core::MakeError(ErrorCode::kInvalidArgument, "responsibility_invalid",
                             "Bảng phân công báo cáo có " + std::to_string(problems.size()) +
                                 " chỗ chưa đúng; chưa lưu gì");
    if (problems.size() > 100) problems.resize(100);
    e.details = std::move(problems);
    return tl::unexpected(e);
  }
  if (from) {
    // A report already sent for a period ending on or after the date was asked what the matrix
    // said then: the change would rewrite it.
    store::ReportFilter filter;
    filter.program_id = id;
    WP_ASSIGN_OR_RETURN(auto reports, store_.ListReports(filter));
    for (const auto& r : reports) {
      if (r.status == domain::ReportStatus::kDraft) continue;
      auto period = domain::ParsePeriodKey(r.period);
      if (period && period->end >= *from) {
        return core::Fail(ErrorCode::kFailedPrecondition, "period_already_reported",
                          "Đã có báo cáo kỳ " + period->Label() + " gửi sau ngày hiệu lực " +
                              from->ToIso() + ": chọn ngày hiệu lực sau kỳ đó");
      }
    }
  }
  // The program's last entry records its fingerprint (audit verify reads it from the newest
  // entry about the program); the matrix is beside the program, not in it.
  WP_ASSIGN_OR_RETURN(auto record, store_.GetProgram(id));
  const std::string fingerprint = ProgramFingerprint(record);
  auto event = Event(time_, by, "responsibility.replace", "program", std::to_string(id));
  event.before =
      core::JsonObjectText().Add("revision", revision).Add("fingerprint", fingerprint).Finish();
  event.after = core::JsonObjectText()
                    .Add("revision", revision + 1)
                    .Add("effective_from", from ? std::optional<std::string>(from->ToIso())
                                                : std::optional<std::string>())
                    .Add("targets", static_cast<int64_t>(targets.size()))
                    .Add("rows", static_cast<int64_t>(out.size()))
                    .Add("fingerprint", fingerprint)
                    .Finish();
  WP_RETURN_IF_ERROR(store_.ReplaceReporters(id, revision, from, targets, out, event));
  return Matrix(by, id, from);
}

core::Result<std::vector<domain::Indicator>> Responsibilities::Indicators(
    const Principal& by, const std::string& issuer) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kReadPublished));
  return store_.ListIndicators(issuer.empty() ? std::string() : text::FoldKey(issuer));
}

core::Result<domain::Indicator> Responsibilities::EditIndicator(const Principal& by, int64_t id,
                                                                const IndicatorEdit& edit) {
  WP_RETURN_IF_ERROR(Require(by, Permission::kManagePrograms));
  WP_ASSIGN_OR_RETURN(auto before, store_.GetIndicator(id));
  auto after = before;
  std::vector<core::ErrorDetail> problems;
  if (edit.name) {
    if (edit.name->empty() || edit.name->size() > 500) {
      problems.push_back({"name", "Tên chỉ số không được trống và dài tối đa 500 ký tự"});
    }
    after.name = *edit.name;
  }
  if (edit.aliases) {
    if (edit.aliases->size() > 50) problems.push_back({"aliases", "Tối đa 50 cách gọi khác"});
    for (size_t i = 0; i < edit.aliases->size(); ++i) {
      if ((*edit.aliases)[i].empty() || (*edit.aliases)[i].size() > 500) {
        problems.push_back({"aliases[" + std::to_string(i) + "]",
                            "Cách gọi khác không được trống và dài tối đa 500 ký tự"});
      }
    }
    after.aliases = *edit.aliases;
  }
  if (edit.aggregation) {
    if (*edit.aggregation == domain::Aggregation::kRatio &&
        (after.numerator_code.empty() || after.denominator_code.empty())) {
      problems.push_back(
          {"aggregation", "Chỉ số tỷ lệ cần tử số và mẫu số trong danh mục; chỉ số này không có"});
    }
    after.aggregation = *edit.aggregation;
  }
  if (edit.better) after.better = *edit.better;
  if (edit.sentence) {
    if (!edit.sentence->empty() &&
        (edit.sentence->size() > 400 || !domain::IsSentenceWording(*edit.sentence))) {
      problems.push_back({"sentence",
                          "Câu báo cáo dài tối đa 400 byte, có đúng một chỗ {value} và nhiều nhất "
                          "một chỗ {ước}"});
    }
    after.sentence = *edit.sentence;
  }
  if (!problems.empty()) {
    auto e = core::MakeError(ErrorCode::kInvalidArgument, "indicator_invalid",
                             "Chỉ số chưa sửa được: " + problems.front().message);
    e.details = std::move(problems);
    return tl::unexpected(e);
  }
  auto event = Event(time_, by, "indicator.update", "indicator", std::to_string(id));
  auto text = [](const domain::Indicator& x) {
    std::string aliases;
    for (const auto& a : x.aliases) aliases += (aliases.empty() ? "" : "; ") + a;
    return core::JsonObjectText()
        .Add("code", x.code)
        .Add("name", x.name)
        .Add("aliases", aliases)
        .Add("aggregation", domain::AggregationName(x.aggregation))
        .Add("better", domain::BetterName(x.better))
        .Add("sentence", x.sentence)
        .Finish();
  };
  event.before = text(before);
  event.after = text(after);
  WP_RETURN_IF_ERROR(store_.UpdateIndicator(after, event));
  return after;
}

}  // namespace wp::service
