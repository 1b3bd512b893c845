// Plan against actual: the analytics engine of each program, fed from approved reports, and the
// dashboard and queries read from it.
//
// What goes into a program's engine. One indicator per target of the program: a rate whose
// target names its numerator and denominator targets (both summed) is the ratio of their sums at
// every level — the values reported for the rate itself are not read; another percentage is the
// mean of the units' figures; everything else is summed. The values of approved reports only, for
// the period (cumulative values are not read): a monthly report's values fill their month; a value
// of kind plan in a yearly or one-off report fills the year; quarterly, half-year and yearly
// estimates and actuals fill the period's last month, or the year, only when the program has no
// monthly report (so that one figure is never counted twice). Last year's program, when there is
// one (Schedule::PreviousYearProgram), is loaded too, its targets mapped to this year's
// (Schedule::Counterparts): the seasonal projection reads it.
//
// The engine is built from the store the first time a program's figures are read; approving a
// report puts its values in place, reopening it takes them out, a bulk load drops the engine so
// the next read rebuilds it. Another server process's approvals are seen after a restart.

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <set>
#include <thread>
#include <unordered_map>

#include "analytics/measures.hpp"
#include "core/enum_names.hpp"
#include "service/figures.hpp"
#include "service/internal/engines.hpp"
#include "service/internal/reporters.hpp"
#include "service/organisation.hpp"
#include "service/reporting.hpp"
#include "store/unit_program_json.hpp"
#include "text/fold.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;
using domain::Principal;

bool HasMonthly(const std::vector<ObligationView>& obligations) {
  return std::any_of(obligations.begin(), obligations.end(), [](const ObligationView& o) {
    return o.obligation.schedule.frequency == domain::Frequency::kMonthly;
  });
}

// The engine cell one period value of a report fills (`value` nullopt: the same cell emptied);
// nullopt when the engine takes nothing from it.
std::optional<analytics::Value> CellOf(const store::ReportRecord& r, const domain::Period& period,
                                       int64_t target, domain::ValueKind kind,
                                       std::optional<double> value, bool monthly) {
  int month = -1;
  bool whole_year =
      period.kind == domain::PeriodKind::kYear || period.kind == domain::PeriodKind::kOnce;
  if (period.kind == domain::PeriodKind::kMonth) {
    month = period.index;
  } else if (whole_year && kind == domain::ValueKind::kPlan) {
    month = 0;
  } else if (!monthly) {
    month = whole_year ? 0 : period.end.month;
  }
  if (month < 0) return std::nullopt;
  return analytics::Value{r.unit_id, target, period.year, month, kind, value};
}

// The engine cells the period values of one report fill; `clear` gives the same cells empty.
// `target_of` maps the report's target ids to the engine's (null: the same ids).
// Only the targets `fed` take values (ratio targets are computed from their parts).
void CellsOf(const store::ReportRecord& r, const std::vector<domain::ReportValue>& values,
             const std::map<int64_t, int64_t>* target_of, const std::set<int64_t>& fed,
             bool monthly, bool clear, std::vector<analytics::Value>& out) {
  auto period = domain::ParsePeriodKey(r.period);
  if (!period) return;
  for (const auto& v : values) {
    if (v.scope != domain::ValueScope::kPeriod || !v.value) continue;
    int64_t target = v.target_id;
    if (target_of) {
      auto it = target_of->find(target);
      if (it == target_of->end()) continue;
      target = it->second;
    }
    if (!fed.count(target)) continue;
    auto cell = CellOf(r, *period, target, v.kind,
                       clear ? std::nullopt : std::optional(v.value->AsDouble()), monthly);
    if (cell) out.push_back(*cell);
  }
}

// Batches of cells handed from the store's scanning threads to the engine's load: at most a
// few in flight, so that a country's values are never all in memory besides the engine.
class CellQueue {
 public:
  void Push(std::vector<analytics::Value> batch) {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return batches_.size() < kMaxBatches || closed_; });
    batches_.push_back(std::move(batch));
    ready_.notify_one();
  }
  // Fills `out` with the next batch; false once closed and drained.
  bool Pop(std::vector<analytics::Value>& out) {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return !batches_.empty() || closed_; });
    if (batches_.empty()) return false;
    out = std::move(batches_.front());
    batches_.pop_front();
    room_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    ready_.notify_all();
    room_.notify_all();
  }

 private:
  static constexpr size_t kMaxBatches = 8;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<std::vector<analytics::Value>> batches_;
  bool closed_ = false;
};

// The target of `program` at `position` when it is one a ratio can be computed from: another
// target, summed (not a percentage, not a ratio itself).
// `position` is the row's ord (program.rows; programs read before issue 16 have their targets
// only, in the same order).
const TargetView* SumTarget(const ProgramView& program, std::optional<int> position, int64_t self) {
  const auto& rows = program.rows.empty() ? program.targets : program.rows;
  if (!position || *position < 0 || static_cast<size_t>(*position) >= rows.size()) {
    return nullptr;
  }
  const auto& t = rows[static_cast<size_t>(*position)];
  if (t.id == self || t.target.unit == "%" || t.target.numerator || t.target.denominator) {
    return nullptr;
  }
  return &t;
}

using ProgramAnalytics = Engines::ProgramAnalytics;

// A target's value through the year as the program's approved versions set it (issue 18): empty
// while no version changes it (the indicator's `target` holds all year).
std::vector<analytics::TargetStep> StepsOf(const ProgramView& program, const TargetView& st) {
  if (program.versions.empty()) return {};
  auto steps = domain::TargetSteps(program.versions, "target:" + std::to_string(st.id),
                                   ProgramDate(program.record), st.target.value.ToString());
  if (steps.size() <= 1) return {};
  std::vector<analytics::TargetStep> out;
  for (const auto& s : steps) {
    auto d = core::ParseDecimal(s.value);
    if (!d) continue;  // never stored so: ApplyChange keeps a decimal
    out.push_back({s.from, d->AsDouble(), s.version});
  }
  return out;
}

// The engine's answers as the views callers see (figures.hpp declares the same enumerators in
// the same order).
static_assert(static_cast<int>(MeasureStatus::kNoTarget) ==
              static_cast<int>(analytics::Status::kNoTarget));
static_assert(static_cast<int>(ProjectionMethod::kSeasonal) ==
              static_cast<int>(analytics::ProjectionMethod::kSeasonal));
static_assert(static_cast<int>(FigureRead::kBest) == static_cast<int>(analytics::Read::kBest));

NodeView ViewOf(analytics::NodeInfo n) {
  NodeView v;
  v.unit = n.unit;
  v.parent = n.parent;
  v.kind = n.kind;
  v.code = std::move(n.code);
  v.name = std::move(n.name);
  v.outside_date = n.outside_date;
  v.related = std::move(n.related);
  v.label = std::move(n.label);
  return v;
}

MeasureView ViewOf(analytics::Measure m) {
  MeasureView v;
  v.node = ViewOf(std::move(m.node));
  v.months_elapsed = m.months_elapsed;
  v.count = m.count;
  v.current = m.current;
  v.target = m.target;
  v.baseline = m.baseline;
  v.target_source = std::move(m.target_source);
  v.achievement = m.achievement;
  v.expected = m.expected;
  v.pace = m.pace;
  v.projection = m.projection;
  v.projected_achievement = m.projected_achievement;
  v.method = static_cast<ProjectionMethod>(m.method);
  v.target_version = m.target_version;
  v.target_from = m.target_from;
  v.status = static_cast<MeasureStatus>(m.status);
  v.explanation = std::move(m.explanation);
  return v;
}

}  // namespace

const char* StatusName(MeasureStatus s) {
  return analytics::StatusName(static_cast<analytics::Status>(s));
}
const char* StatusLabel(MeasureStatus s) {
  return analytics::StatusLabel(static_cast<analytics::Status>(s));
}
const char* StatusRule() { return analytics::kStatusRule; }

namespace {
constexpr std::array kTargetStateNames{"on_track", "at_risk", "off_track", "incomplete",
                                       "not_measurable"};
constexpr std::array kTargetStateLabels{"Đúng tiến độ", "Có nguy cơ không đạt", "Chậm tiến độ",
                                        "Chưa đủ báo cáo", "Chưa đo được"};
}  // namespace
const char* TargetStateName(TargetState s) { return core::NameIn(kTargetStateNames, s); }
const char* TargetStateLabel(TargetState s) { return core::NameIn(kTargetStateLabels, s); }
const char* ProjectionMethodName(ProjectionMethod m) {
  return analytics::ProjectionMethodName(static_cast<analytics::ProjectionMethod>(m));
}
std::optional<FigureRead> ParseRead(std::string_view s) {
  auto r = analytics::ParseRead(s);
  if (!r) return std::nullopt;
  return static_cast<FigureRead>(*r);
}

Figures::Figures(store::Store& store, const Organisation& org, const Programs& programs,
                 ProgramCache& cache, Schedule& schedule, Engines& engines, Reporting& reporting,
                 const Time& time)
    : time_(time),
      org_(org),
      store_(store),
      programs_(programs),
      cache_(cache),
      schedule_(schedule),
      engines_(engines),
      reporting_(reporting) {}

core::Result<AnalyticsWarmup> Figures::WarmAnalytics() { return engines_.Warm(); }

core::Result<std::shared_ptr<ProgramAnalytics>> Engines::For(
    std::shared_ptr<const ProgramView> program) {
  std::shared_ptr<ProgramAnalytics> holder;
  {
    std::lock_guard lock(mu_);
    auto& slot = engines_[program->record.id];
    if (!slot) slot = std::make_shared<ProgramAnalytics>();
    holder = slot;
  }
  {
    std::shared_lock read(holder->mu);
    if (holder->engine && holder->program->amendments_revision >= program->amendments_revision)
      return holder;
  }
  std::unique_lock write(holder->mu);
  if (holder->engine && holder->program->amendments_revision < program->amendments_revision) {
    // An amendment approved (here or by another server) since the engine was built: the
    // targets' steps change in place, the figures stay (issue 18).
    for (const auto& st : program->targets) {
      if (!holder->engine->FindIndicator(st.id)) continue;
      if (!holder->engine->SetTargetSteps(st.id, StepsOf(*program, st))) {
        holder->engine.reset();  // rebuilt below
        break;
      }
    }
    if (holder->engine) holder->program = program;
  }
  if (holder->engine) return holder;  // built by another thread meanwhile

  std::vector<analytics::Indicator> indicators;
  holder->ratios.clear();
  holder->fed.clear();
  // The program's targets, and the components its rates are computed from (asked on forms,
  // never counted in headlines).
  std::vector<const TargetView*> measured;
  for (const auto& st : program->targets) measured.push_back(&st);
  for (const auto& row : program->rows) {
    if (row.target.role == domain::TargetRole::kComponent) measured.push_back(&row);
  }
  for (const TargetView* row : measured) {
    const auto& st = *row;
    analytics::Indicator ind;
    ind.id = st.id;
    ind.code = "t" + std::to_string(st.id);
    ind.name = st.target.indicator;
    ind.aggregation =
        st.target.unit == "%" ? analytics::Aggregation::kMean : analytics::Aggregation::kSum;
    const auto* num = SumTarget(*program, st.target.numerator, st.id);
    const auto* den = SumTarget(*program, st.target.denominator, st.id);
    if (num && den) {
      ind.aggregation = analytics::Aggregation::kRatio;
      ind.numerator = num->id;
      ind.denominator = den->id;
      ind.ratio_scale = st.target.unit == "%" ? 100 : 1;
      holder->ratios.insert(st.id);
    } else {
      holder->fed.insert(st.id);
    }
    ind.comparator = st.target.comparator;
    ind.target = st.target.value.AsDouble();
    // Last year's level a "giảm/tăng X điểm" target counts from, when the program states it.
    if (st.target.baseline) ind.baseline = st.target.baseline->AsDouble();
    ind.steps = StepsOf(*program, st);
    indicators.push_back(std::move(ind));
  }
  WP_ASSIGN_OR_RETURN(auto engine,
                      analytics::Engine::Create(org_.registry(), std::move(indicators)));

  holder->program = program;
  holder->monthly = HasMonthly(schedule_.Obligations(*program));
  WP_ASSIGN_OR_RETURN(auto last, schedule_.PreviousYearProgram(*program));
  holder->last_year = last.program;
  if (holder->last_year) {
    holder->last_year_monthly = HasMonthly(schedule_.Obligations(*holder->last_year));
    holder->last_year_targets = *last.targets;
  }

  // The approved values of this year's program and of last year's stream from the store
  // (ScanApprovedValues, on its readers' threads) into the engine's load (on this one).
  CellQueue queue;
  auto load = [&](const ProgramView& p, const std::map<int64_t, int64_t>* target_of,
                  bool monthly) -> core::Status {
    store::ReportFilter f;
    f.program_id = p.record.id;
    WP_ASSIGN_OR_RETURN(auto reports, store_.ListReports(f));
    std::unordered_map<store::ReportId, std::pair<const store::ReportRecord*, domain::Period>>
        approved;
    for (const auto& r : reports) {
      if (r.status != domain::ReportStatus::kApproved) continue;
      if (auto period = domain::ParsePeriodKey(r.period))
        approved.emplace(r.id, std::pair(&r, *period));
    }
    if (approved.empty()) return {};
    return store_.ScanApprovedValues(p.record.id, [&](std::vector<store::ApprovedValue>& rows) {
      std::vector<analytics::Value> cells;
      cells.reserve(rows.size());
      const std::pair<const store::ReportRecord*, domain::Period>* report = nullptr;
      store::ReportId last_id = 0;
      for (const auto& v : rows) {
        if (!report || v.report != last_id) {
          auto it = approved.find(v.report);
          last_id = v.report;
          report = it == approved.end() ? nullptr : &it->second;
          if (!report) continue;  // approved after the list was read: its approval feeds it
        }
        int64_t target = v.target_id;
        if (target_of) {
          auto t = target_of->find(target);
          if (t == target_of->end()) continue;
          target = t->second;
        }
        if (!holder->fed.count(target)) continue;  // a ratio, or a mention's row
        auto cell =
            CellOf(*report->first, report->second, target, v.kind, v.value.AsDouble(), monthly);
        if (cell) cells.push_back(*cell);
      }
      queue.Push(std::move(cells));
    });
  };
  core::Status scanned;
  std::thread scanner([&] {
    scanned = load(*program, nullptr, holder->monthly);
    if (scanned && holder->last_year) {
      scanned = load(*holder->last_year, &holder->last_year_targets, holder->last_year_monthly);
    }
    queue.Close();
  });
  core::Status loaded =
      engine.Load([&](std::vector<analytics::Value>& batch) { return queue.Pop(batch); });
  if (!loaded) {
    // Drain what the scanner still sends, so that it can finish.
    std::vector<analytics::Value> rest;
    while (queue.Pop(rest)) {
    }
  }
  scanner.join();
  WP_RETURN_IF_ERROR(scanned);
  WP_RETURN_IF_ERROR(loaded);
  // Each unit's allocated share is its plan for the year, over a plan it reported; the whole
  // country keeps the program's target (analytics::Evaluate).
  holder->year = program->record.plan.document.year.value_or(ProgramDate(program->record).year);
  holder->allocations.clear();
  WP_ASSIGN_OR_RETURN(auto allocations, store_.ListAllocations(program->record.id, std::nullopt));
  for (const auto& a : allocations) {
    if (holder->ratios.count(a.target_id)) continue;  // computed from its parts
    if (!engine.FindIndicator(a.target_id)) continue;
    holder->allocations[{a.unit_id, a.target_id}] = a.value.AsDouble();
  }
  for (const auto& [key, value] : holder->allocations) {
    WP_RETURN_IF_ERROR(
        engine.Upsert({key.first, key.second, holder->year, 0, domain::ValueKind::kPlan, value}));
  }
  holder->engine.emplace(std::move(engine));
  return holder;
}

core::Result<AnalyticsWarmup> Engines::Warm() {
  WP_ASSIGN_OR_RETURN(auto all, store_.ListPrograms());
  // The newest year of each issuer (programs without an issuer stand alone).
  std::map<std::string, const store::ProgramSummary*> current;
  for (const auto& s : all) {
    if (s.status != store::ProgramStatus::kPublished) continue;
    WP_ASSIGN_OR_RETURN(auto program, programs_.Load(s.id));
    const auto& issuer = program->record.plan.document.issuer;
    std::string key = issuer ? text::FoldKey(*issuer) : "#" + std::to_string(s.id);
    auto year = [](const store::ProgramSummary& p) {
      return p.year.value_or(p.issued_date ? p.issued_date->year : 0);
    };
    auto& slot = current[key];
    if (!slot || year(*slot) < year(s) || (year(*slot) == year(s) && slot->id < s.id)) slot = &s;
  }
  AnalyticsWarmup out;
  for (const auto& [issuer, s] : current) {
    WP_ASSIGN_OR_RETURN(auto program, programs_.Load(s->id));
    if (program->targets.empty()) continue;
    WP_ASSIGN_OR_RETURN(auto holder, For(program));
    // The roll-ups of today's organisation, which the dashboard reads by default; views of other
    // dates are built at their first read.
    std::unique_lock write(holder->mu);
    if (holder->engine) {
      holder->engine->Prepare(time_.Today());
      ++out.programs;
      out.values += holder->engine->value_count();
    }
  }
  return out;
}

void Engines::Feed(const store::ReportRecord& report, bool approved) {
  std::vector<std::shared_ptr<ProgramAnalytics>> holders;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, h] : engines_) holders.push_back(h);
  }
  std::optional<domain::ReportContent> content;
  for (const auto& holder : holders) {
    std::unique_lock write(holder->mu);
    if (!holder->engine) continue;  // built from the store when first read
    const std::map<int64_t, int64_t>* target_of = nullptr;
    bool monthly = holder->monthly;
    if (holder->program->record.id != report.program_id) {
      if (!holder->last_year || holder->last_year->record.id != report.program_id) continue;
      target_of = &holder->last_year_targets;
      monthly = holder->last_year_monthly;
    }
    if (!content) {
      auto c = store_.GetReportContent(report.id);
      if (!c) {
        holder->engine.reset();  // rebuilt from the store at the next read
        continue;
      }
      content = std::move(*c);
    }
    std::vector<analytics::Value> cells;
    CellsOf(report, content->values, target_of, holder->fed, monthly, !approved, cells);
    for (const auto& cell : cells) {
      // An allocated share stays the unit's plan whatever plan its reports give or take back.
      auto share = target_of == nullptr && cell.month == 0 && cell.year == holder->year &&
                           cell.kind == domain::ValueKind::kPlan
                       ? holder->allocations.find({cell.unit, cell.indicator})
                       : holder->allocations.end();
      if (share != holder->allocations.end()) continue;
      if (!holder->engine->Upsert(cell)) {
        holder->engine.reset();
        break;
      }
    }
  }
}

void Engines::Drop(ProgramId program) {
  std::vector<std::shared_ptr<ProgramAnalytics>> holders;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, h] : engines_) holders.push_back(h);
  }
  for (const auto& holder : holders) {
    std::unique_lock write(holder->mu);
    if (!holder->engine) continue;
    if (holder->program->record.id == program ||
        (holder->last_year && holder->last_year->record.id == program)) {
      holder->engine.reset();
    }
  }
}

namespace {

core::Status RequireTarget(const ProgramView& program, int64_t id) {
  if (std::any_of(program.targets.begin(), program.targets.end(),
                  [&](const auto& st) { return st.id == id; })) {
    return {};
  }
  return core::Fail(ErrorCode::kInvalidArgument, "bad_target",
                    "Chỉ tiêu #" + std::to_string(id) + " không có trong chương trình");
}

// "tháng 12/2012", "quý IV/2012": a period's label inside a sentence.
std::string InSentence(const domain::Period& p) {
  std::string label = p.Label();
  if (!label.empty() && label[0] >= 'A' && label[0] <= 'Z') label[0] = char(label[0] - 'A' + 'a');
  return label;
}

std::string WholePercent(double ratio) { return std::to_string(std::lround(ratio * 100)) + "%"; }

// The state of one target at the dashboard's node, its why and its coverage (see TargetState):
// the units expected to report it on the coverage period's date, within the node, against those
// whose approved report of the period holds a value of it (the engine's cells of the period's
// last month: what the figures read).
core::Status Judge(const analytics::Engine& engine, const ReportingUnits& reporters,
                   const TargetView& st, const DashboardView& v, const domain::ExpectedReport* cov,
                   TargetMeasure& tm) {
  const auto& registry = engine.registry();
  auto& m = tm.measure;
  auto not_measurable = [&](std::string why) {
    tm.state = TargetState::kNotMeasurable;
    tm.why = std::move(why);
    return core::Status{};
  };
  const core::CivilDate on = cov ? cov->period.end : v.at;
  std::vector<domain::OrgUnitId> expected;
  for (auto u : reporters.Of(st.id, on)) {
    if (!v.unit || u == *v.unit || registry.IsWithin(u, *v.unit, on)) expected.push_back(u);
  }
  if (expected.empty()) {
    return not_measurable(reporters.from_matrix()
                              ? "Chưa có đơn vị nào được giao báo cáo chỉ tiêu này"
                              : "Chưa có đơn vị nào báo cáo chỉ tiêu này (chưa giao cho đơn vị "
                                "nào, mục của nó không có đơn vị chủ trì)");
  }
  if (!cov) return not_measurable("Chưa đến hạn báo cáo kỳ đầu tiên của năm");

  // Who reported the period: one read of the period's last month per kind of unit expected.
  const int month = cov->period.end.month;
  std::set<domain::OrgUnitId> reported;
  std::set<domain::OrgKind> kinds;
  for (auto u : expected) {
    if (const auto* unit = registry.Find(u)) kinds.insert(unit->kind);
  }
  for (auto kind : kinds) {
    analytics::Query q{st.id, v.unit, v.at, analytics::Window{v.year, month, month},
                       analytics::Read::kBest};
    WP_ASSIGN_OR_RETURN(auto rows, engine.Level(q, kind));
    for (const auto& r : rows) {
      if (r.node.unit && r.aggregate.count > 0) reported.insert(*r.node.unit);
    }
  }
  CoverageView c;
  c.period = cov->period.Key();
  c.expected = expected.size();
  bool provinces = true;
  for (auto u : expected) {
    if (reported.count(u)) ++c.reported;
    const auto* unit = registry.Find(u);
    provinces = provinces && unit && unit->kind == domain::OrgKind::kProvince;
  }
  c.provinces = provinces;
  c.text = std::to_string(c.reported) + "/" + std::to_string(c.expected) +
           (provinces ? " tỉnh" : " đơn vị") + " đã báo cáo " + InSentence(cov->period);
  tm.coverage = c;

  if (m.status == MeasureStatus::kNoTarget) return not_measurable(m.explanation);
  if (c.reported < c.expected) {
    if (c.reported == 0 && !m.current) return not_measurable("Chưa có số liệu: " + c.text);
    tm.state = TargetState::kIncomplete;
    tm.why = c.text;
    // The projection on what was reported.
    if (expected.size() == 1 && v.unit && expected.front() == *v.unit) {
      // The node's own report is missing: its months before the period, projected.
      analytics::MeasureQuery q{st.id, v.unit, v.at, v.year, analytics::Read::kBest};
      q.through_month = cov->period.start.month - 1;
      WP_ASSIGN_OR_RETURN(auto through, analytics::Evaluate(engine, q));
      m = ViewOf(std::move(through));
      tm.why += "; dự báo theo số liệu đến hết tháng " + std::to_string(*q.through_month) + ": " +
                m.explanation;
      return {};
    }
    const auto* ind = engine.FindIndicator(st.id);
    if (ind && ind->IsFlow() && m.months_elapsed > 0) {
      // Those who reported against their own plans (their allocations).
      double current = 0, plan = 0;
      size_t planned = 0;
      for (auto kind : kinds) {
        analytics::Query q{st.id, v.unit, v.at, analytics::Window{v.year, 1, m.months_elapsed},
                           analytics::Read::kBest};
        WP_ASSIGN_OR_RETURN(auto cur, engine.Level(q, kind));
        q.window = analytics::Window{v.year, 1, 12};
        q.read = analytics::Read::kPlan;
        WP_ASSIGN_OR_RETURN(auto plans, engine.Level(q, kind));
        std::map<domain::OrgUnitId, double> plan_of;
        for (const auto& r : plans) {
          if (r.node.unit && r.aggregate.value) plan_of[*r.node.unit] = *r.aggregate.value;
        }
        for (const auto& r : cur) {
          if (!r.node.unit || !reported.count(*r.node.unit) || !r.aggregate.value) continue;
          auto p = plan_of.find(*r.node.unit);
          if (p == plan_of.end()) continue;
          current += *r.aggregate.value;
          plan += p->second;
          ++planned;
        }
      }
      auto pa = analytics::Achievement(ind->comparator, current * 12.0 / m.months_elapsed, plan,
                                       std::nullopt);
      if (planned > 0 && pa) {
        tm.why += "; dự báo theo " + std::to_string(planned) + "/" + std::to_string(c.expected) +
                  (provinces ? " tỉnh" : " đơn vị") + " đã báo cáo: đạt " + WholePercent(*pa) +
                  " kế hoạch giao cho các " + (provinces ? "tỉnh" : "đơn vị") + " này";
        return {};
      }
    }
    if (!m.explanation.empty()) tm.why += "; " + m.explanation;
    return {};
  }
  switch (m.status) {
    case MeasureStatus::kOnTrack:
      tm.state = TargetState::kOnTrack;
      break;
    case MeasureStatus::kAtRisk:
      tm.state = TargetState::kAtRisk;
      break;
    case MeasureStatus::kOffTrack:
      tm.state = TargetState::kOffTrack;
      break;
    case MeasureStatus::kNoData:
    case MeasureStatus::kNoTarget:
      return not_measurable(m.explanation);
  }
  tm.why = c.text + "; " + m.explanation;
  return {};
}

core::Status NeedUnit(const Principal& by) {
  if (by.unit) return {};
  return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                    "Tài khoản chưa gắn với đơn vị nên chưa xem được số liệu");
}

}  // namespace

// An engine dropped (by a failed update or a bulk load) between being built and being read.
core::Status Engines::Built(const ProgramAnalytics& holder) {
  if (holder.engine) return {};
  return core::Fail(ErrorCode::kUnavailable, "analytics_rebuilding",
                    "Số liệu tổng hợp đang được nạp lại; hãy thử lại sau giây lát");
}

core::Result<DashboardView> Figures::Dashboard(const Principal& by, ProgramId program_id,
                                               std::optional<core::CivilDate> at,
                                               domain::OrgKind level,
                                               std::optional<int64_t> ranked_target,
                                               std::optional<domain::OrgUnitId> unit) {
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, program_id));
  DashboardView v;
  v.year = program->record.plan.document.year.value_or(ProgramDate(program->record).year);
  // A past year's program is seen as its year ended, in the organisation of that day.
  v.at = at.value_or(std::min(time_.Today(), core::CivilDate{v.year, 12, 31}));
  v.level = level;
  if (!domain::SeesAllUnits(by)) {
    WP_RETURN_IF_ERROR(NeedUnit(by));
    // Before the caller's unit was formed, the unit it continues (the Hà Nội of 2012 for the
    // Hà Nội of 2025's accounts).
    auto acting = domain::UnitsActedFor(by, org_.registry(), v.at);
    v.unit = acting.empty() ? by.unit : std::optional(acting.front());
  }
  if (unit) {
    if (org_.registry().Find(*unit) == nullptr) {
      return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                        "Không tìm thấy đơn vị #" + std::to_string(*unit));
    }
    if (!domain::InScope(by, *unit, org_.registry(), v.at)) {
      return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                        "Bạn chỉ xem được số liệu của đơn vị mình và các đơn vị trực thuộc");
    }
    v.unit = unit;
  }
  // Whether a unit's reports and tasks count at the node shown (all of them for the country).
  auto counted = [&](domain::OrgUnitId u) {
    return !unit || u == *unit || org_.registry().IsWithin(u, *unit, v.at);
  };
  if (program->targets.empty()) {
    return core::Fail(ErrorCode::kFailedPrecondition, "no_targets",
                      "Chương trình không có chỉ tiêu nào để theo dõi");
  }
  WP_ASSIGN_OR_RETURN(auto matrix, reporting_.MatrixOf(*program));
  WP_ASSIGN_OR_RETURN(auto expected, schedule_.Expected(*program));
  WP_ASSIGN_OR_RETURN(auto holder, engines_.For(program));
  // The names and values shown are those in force on the date (issue 18); the engine holds the
  // program as published with each target's steps.
  WP_ASSIGN_OR_RETURN(v.program, cache_.InForce(program, v.at));
  {
    std::shared_lock read(holder->mu);
    WP_RETURN_IF_ERROR(Engines::Built(*holder));
    const auto& engine = *holder->engine;
    const auto& registry = org_.registry();
    std::vector<store::Allocation> allocations;
    for (const auto& [key, value] : holder->allocations)
      allocations.push_back({key.second, key.first, {}});
    ReportingUnits reporters(*program, *matrix, allocations, registry);

    // The period coverage counts: the latest due by `at` of those the figures read (months in
    // a program with monthly reports; months, quarters and halves otherwise).
    const domain::ExpectedReport* cov = nullptr;
    for (const auto& e : expected) {
      auto k = e.period.kind;
      bool read_by_figures =
          holder->monthly ? k == domain::PeriodKind::kMonth
                          : (k == domain::PeriodKind::kMonth || k == domain::PeriodKind::kQuarter ||
                             k == domain::PeriodKind::kHalf);
      if (!read_by_figures || v.at < e.due || e.period.year != v.year) continue;
      if (!cov || cov->period.end < e.period.end ||
          (cov->period.end == e.period.end && cov->due < e.due))
        cov = &e;
    }
    if (cov) v.coverage_period = cov->period.Key();

    for (size_t i = 0; i < v.program->targets.size(); ++i) {
      const auto& st = v.program->targets[i];
      // A unit's dashboard counts what it, or a unit within it, reports.
      if (v.unit && !reporters.ReportedWithin(st.id, *v.unit, v.at)) continue;
      analytics::MeasureQuery q{st.id, v.unit, v.at, v.year, analytics::Read::kBest};
      WP_ASSIGN_OR_RETURN(auto m, analytics::Evaluate(engine, q));
      TargetMeasure tm;
      tm.target = &st;
      tm.measure = ViewOf(std::move(m));
      if (tm.measure.target_source == "program" && i < program->targets.size()) {
        tm.measure.target_original = program->targets[i].target.value.AsDouble();
      }
      ++v.by_status[tm.measure.status];
      WP_RETURN_IF_ERROR(Judge(engine, reporters, st, v, cov, tm));
      ++v.headline_counts[tm.state];
      v.targets.push_back(std::move(tm));
    }
    v.ranked_target = ranked_target.value_or(v.targets.empty() ? program->targets.front().id
                                                               : v.targets.front().target->id);
    WP_RETURN_IF_ERROR(RequireTarget(*program, *v.ranked_target));
    analytics::MeasureQuery rq{*v.ranked_target, v.unit, v.at, v.year, analytics::Read::kBest};
    WP_ASSIGN_OR_RETURN(auto ranking, analytics::Rank(engine, rq, level));
    for (auto& m : ranking) v.ranking.push_back(ViewOf(std::move(m)));
  }

  // The reporting of the period the coverage counts (else the latest due by `at`, the first
  // one before any is due): the same reports the targets' coverage reads.
  const domain::ExpectedReport* latest = nullptr;
  const domain::ExpectedReport* first = nullptr;
  for (const auto& e : expected) {
    if (e.due <= v.at && (!latest || latest->due < e.due)) latest = &e;
    if (!first || e.due < first->due) first = &e;
  }
  if (!latest) latest = first;
  if (v.coverage_period || latest) {
    v.period = v.coverage_period ? *v.coverage_period : latest->period.Key();
    WP_ASSIGN_OR_RETURN(auto t, reporting_.Timeliness(by, program_id, v.period, v.at));
    v.reporting = t.total;
    if (unit) {
      v.reporting = {};
      for (const auto& row : t.by_unit) {
        if (!row.unit || !counted(*row.unit)) continue;
        const auto& c = row.counts;
        auto& r = v.reporting;
        r.expected += c.expected;
        r.received += c.received;
        r.on_time += c.on_time;
        r.late += c.late;
        r.missing += c.missing;
        r.pending += c.pending;
        r.approved += c.approved;
        r.returned += c.returned;
      }
    }
  }
  WP_ASSIGN_OR_RETURN(auto overdue, OverdueTasks(by, program_id, v.at));
  std::map<domain::OrgUnitId, size_t> by_lead;
  for (const auto& o : overdue) {
    if (counted(o.unit)) ++by_lead[o.unit];
  }
  v.overdue_by_lead.assign(by_lead.begin(), by_lead.end());
  std::stable_sort(v.overdue_by_lead.begin(), v.overdue_by_lead.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (v.unit) {
    WP_ASSIGN_OR_RETURN(v.own_targets, OwnTargets(*program, *v.unit, v.at));
  }
  return v;
}

core::Result<std::vector<OwnTargetMeasure>> Figures::OwnTargets(const ProgramView& program,
                                                                domain::OrgUnitId unit,
                                                                const core::CivilDate& at) {
  std::vector<OwnTargetMeasure> out;
  WP_ASSIGN_OR_RETURN(auto record, store_.FindUnitProgram(program.record.id, unit));
  if (!record || !record->accepted_version) return out;
  WP_ASSIGN_OR_RETURN(auto accepted,
                      store_.GetUnitProgramVersion(record->id, *record->accepted_version));
  auto content = store::ParseUnitProgramSnapshot(accepted.content);
  if (!content) {
    return core::Fail(ErrorCode::kInternal, "unit_program_unreadable",
                      "Không đọc được phiên bản đã chấp nhận của chương trình công tác của đơn vị");
  }
  for (const auto& t : content->targets) {
    if (!t.target_id) out.push_back({domain::UnitTargetFormId(t), t, std::nullopt, "", {}});
  }
  if (out.empty()) return out;
  // The unit's approved reports of periods ended by `at`, in the year, and their values.
  store::ReportFilter filter;
  filter.program_id = program.record.id;
  filter.unit_id = unit;
  WP_ASSIGN_OR_RETURN(auto reports, store_.ListReports(filter));
  struct Approved {
    std::string obligation;
    domain::Period period;
  };
  std::map<store::ReportId, Approved> approved;
  for (const auto& r : reports) {
    if (r.status != domain::ReportStatus::kApproved) continue;
    auto p = domain::ParsePeriodKey(r.period);
    if (!p || at < p->end || p->end.year != at.year) continue;
    approved[r.id] = {r.obligation, *p};
  }
  if (approved.empty()) return out;
  WP_ASSIGN_OR_RETURN(auto values, store_.CurrentValues(filter));
  for (auto& m : out) {
    // The latest report giving the target a value, its cumulative first.
    const Approved* latest = nullptr;
    std::optional<double> cumulative, period_sum;
    for (const auto& [id, v] : values) {
      auto r = approved.find(id);
      if (v.target_id != m.id || !v.value || r == approved.end()) continue;
      if (!latest || latest->period.end < r->second.period.end) latest = &r->second;
    }
    if (!latest) continue;
    for (const auto& [id, v] : values) {
      auto r = approved.find(id);
      if (v.target_id != m.id || !v.value || r == approved.end()) continue;
      if (r->second.obligation != latest->obligation) continue;
      if (v.scope == domain::ValueScope::kCumulative) {
        if (r->second.period.end == latest->period.end) cumulative = v.value->AsDouble();
      } else {
        period_sum = period_sum.value_or(0) + v.value->AsDouble();
      }
    }
    m.current = cumulative ? cumulative : period_sum;
    m.period = latest->period.Key();
    if (m.current && m.target.value && m.target.value->AsDouble() > 0) {
      m.achievement = *m.current / m.target.value->AsDouble();
    }
  }
  return out;
}

core::Result<std::vector<MeasureView>> Figures::Ranking(const Principal& by, ProgramId program_id,
                                                        std::optional<core::CivilDate> at,
                                                        domain::OrgKind level, int64_t target,
                                                        std::optional<domain::OrgUnitId> unit) {
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, program_id));
  const int year = program->record.plan.document.year.value_or(ProgramDate(program->record).year);
  const core::CivilDate day = at.value_or(std::min(time_.Today(), core::CivilDate{year, 12, 31}));
  std::optional<domain::OrgUnitId> node;
  if (!domain::SeesAllUnits(by)) {
    WP_RETURN_IF_ERROR(NeedUnit(by));
    auto acting = domain::UnitsActedFor(by, org_.registry(), day);
    node = acting.empty() ? by.unit : std::optional(acting.front());
  }
  if (unit) {
    if (org_.registry().Find(*unit) == nullptr) {
      return core::Fail(ErrorCode::kNotFound, "unit_not_found",
                        "Không tìm thấy đơn vị #" + std::to_string(*unit));
    }
    if (!domain::InScope(by, *unit, org_.registry(), day)) {
      return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                        "Bạn chỉ xem được số liệu của đơn vị mình và các đơn vị trực thuộc");
    }
    node = unit;
  }
  WP_RETURN_IF_ERROR(RequireTarget(*program, target));
  WP_ASSIGN_OR_RETURN(auto holder, engines_.For(program));
  std::shared_lock read(holder->mu);
  WP_RETURN_IF_ERROR(Engines::Built(*holder));
  analytics::MeasureQuery rq{target, node, day, year, analytics::Read::kBest};
  WP_ASSIGN_OR_RETURN(auto ranking, analytics::Rank(*holder->engine, rq, level));
  std::vector<MeasureView> out;
  for (auto& m : ranking) out.push_back(ViewOf(std::move(m)));
  return out;
}

core::Result<std::vector<AnalyticsCell>> Figures::QueryAnalytics(const Principal& by,
                                                                 const AnalyticsQuery& in) {
  WP_ASSIGN_OR_RETURN(auto program, cache_.Published(by, in.program));
  AnalyticsQuery q = in;
  core::CivilDate at = q.at.value_or(time_.Today());
  if (!domain::SeesAllUnits(by)) {
    WP_RETURN_IF_ERROR(NeedUnit(by));
    if (!q.unit) {
      auto acting = domain::UnitsActedFor(by, org_.registry(), at);
      q.unit = acting.empty() ? by.unit : std::optional(acting.front());
    }
    if (!domain::InScope(by, *q.unit, org_.registry(), at)) {
      return core::Fail(ErrorCode::kPermissionDenied, "out_of_scope",
                        "Bạn chỉ xem được số liệu của đơn vị mình và các đơn vị trực thuộc");
    }
  }
  if (q.targets.empty()) {
    for (const auto& st : program->targets) q.targets.push_back(st.id);
  }
  for (auto id : q.targets) WP_RETURN_IF_ERROR(RequireTarget(*program, id));

  if (q.periods.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "bad_period",
                      "Cần nêu ít nhất một kỳ (periods), ví dụ 2012-Q1 hoặc 2012-YTD05");
  }
  std::vector<analytics::Window> windows;
  for (const auto& key : q.periods) {
    WP_ASSIGN_OR_RETURN(auto w, analytics::ParseWindowKey(key));
    windows.push_back(w);
  }
  WP_ASSIGN_OR_RETURN(auto holder, engines_.For(program));
  std::shared_lock read(holder->mu);
  WP_RETURN_IF_ERROR(Engines::Built(*holder));
  const auto& engine = *holder->engine;
  constexpr size_t kMaxCells = 200'000;
  std::vector<AnalyticsCell> out;
  for (auto target : q.targets) {
    for (size_t i = 0; i < windows.size(); ++i) {
      analytics::Query eq{target, q.unit, at, windows[i], static_cast<analytics::Read>(q.read)};
      if (q.level) {
        WP_ASSIGN_OR_RETURN(auto rows, engine.Level(eq, *q.level));
        for (auto& r : rows) {
          out.push_back({target,
                         q.periods[i],
                         ViewOf(std::move(r.node)),
                         {r.aggregate.value, r.aggregate.count}});
        }
      } else {
        WP_ASSIGN_OR_RETURN(auto node, engine.Node(q.unit, at));
        WP_ASSIGN_OR_RETURN(auto agg, engine.Get(eq));
        out.push_back({target, q.periods[i], ViewOf(std::move(node)), {agg.value, agg.count}});
      }
      if (out.size() > kMaxCells) {
        return core::Fail(ErrorCode::kInvalidArgument, "query_too_large",
                          "Truy vấn trả về quá nhiều ô (trên 200.000); hãy thu hẹp chỉ tiêu, "
                          "kỳ hoặc cấp đơn vị");
      }
    }
  }
  return out;
}

}  // namespace wp::service
