#include "analytics/measures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/enum_names.hpp"

namespace wp::analytics {
namespace {

using domain::Comparator;

constexpr double kAtRiskFrom = 0.9;

// "1.580", "98,75", "-0,5": Vietnamese digits, at most two decimals.
std::string Vn(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", std::fabs(x));
  std::string s = buf;
  std::string frac = s.substr(s.find('.') + 1);
  std::string whole = s.substr(0, s.find('.'));
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += '.';
    grouped += whole[i];
  }
  if (!frac.empty()) grouped += "," + frac;
  return (x < 0 && grouped != "0" ? "-" : "") + grouped;
}

std::string Percent(double ratio) { return Vn(ratio * 100) + "%"; }

int MonthsElapsed(const core::CivilDate& at, int year) {
  if (at.year > year) return 12;
  if (at.day == core::DaysInMonth(at.year, at.month)) return at.month;
  return at.month - 1;
}

}  // namespace

const char* const kStatusRule =
    "Trạng thái theo mức đạt của dự báo cuối năm (theo mùa vụ khi có số liệu năm trước, nếu "
    "không thì tuyến tính) so với chỉ tiêu năm, theo chiều của chỉ tiêu: từ 100% trở lên là "
    "đúng tiến độ; từ 90% đến dưới 100% là có nguy cơ không đạt; dưới 90% là chậm tiến độ. "
    "Chỉ tiêu tối đa (\"dưới 4,3%\"): mức đạt = (2 × chỉ tiêu − dự báo) / chỉ tiêu. Chỉ tiêu "
    "giảm (tăng) X điểm phần trăm: mức đạt = mức giảm (tăng) so với mức gốc / X.";

namespace {
constexpr std::array kStatusNames{"on_track", "at_risk", "off_track", "no_data", "no_target"};
constexpr std::array kStatusLabels{"Đúng tiến độ", "Có nguy cơ không đạt", "Chậm tiến độ",
                                   "Chưa có số liệu", "Chưa có chỉ tiêu"};
constexpr std::array kProjectionMethodNames{"none", "linear", "seasonal"};
}  // namespace

const char* StatusName(Status s) { return core::NameIn(kStatusNames, s); }

const char* StatusLabel(Status s) { return core::NameIn(kStatusLabels, s); }

const char* ProjectionMethodName(ProjectionMethod m) {
  return core::NameIn(kProjectionMethodNames, m);
}

std::optional<double> Achievement(Comparator comparator, double value, double target,
                                  std::optional<double> baseline) {
  if (!(target > 0)) return std::nullopt;
  switch (comparator) {
    case Comparator::kMin:
    case Comparator::kEq:
      return value / target;
    case Comparator::kMax:
      return (2 * target - value) / target;
    case Comparator::kDecreaseBy:
      if (!baseline) return std::nullopt;
      return (*baseline - value) / target;
    case Comparator::kIncreaseBy:
      if (!baseline) return std::nullopt;
      return (value - *baseline) / target;
  }
  return std::nullopt;
}

core::Result<Measure> Evaluate(const Engine& engine, const MeasureQuery& q) {
  const Indicator* ind = engine.FindIndicator(q.indicator);
  if (!ind) {
    return core::Fail(core::ErrorCode::kNotFound, "unknown_indicator",
                      "Không có chỉ tiêu mã " + std::to_string(q.indicator));
  }
  if (q.year < 1 || q.year > 9999 || q.at.year < q.year) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_date",
                      "Ngày xem " + q.at.ToVietnamese() + " ở trước năm " + std::to_string(q.year));
  }
  Measure m;
  WP_ASSIGN_OR_RETURN(m.node, engine.Node(q.unit, q.at));
  m.months_elapsed = MonthsElapsed(q.at, q.year);
  if (q.through_month && *q.through_month >= 0 && *q.through_month < m.months_elapsed)
    m.months_elapsed = *q.through_month;
  const bool whole_country = !q.unit;
  auto get = [&](int year, int first, int last, Read read) -> core::Result<Aggregate> {
    return engine.Get(Query{q.indicator, q.unit, q.at, Window{year, first, last}, read});
  };

  // Target and baseline.
  WP_ASSIGN_OR_RETURN(Aggregate plan, get(q.year, 1, 12, Read::kPlan));
  const std::optional<double> program_target = ind->TargetOn(q.at);
  auto from_program = [&] {
    m.target = program_target;
    m.target_source = "program";
    if (const TargetStep* step = ind->StepOn(q.at); step && step->version > 1) {
      m.target_version = step->version;
      m.target_from = step->from;
    }
  };
  if (whole_country && program_target) {
    from_program();
  } else if (plan.value) {
    m.target = plan.value;
    m.target_source = "plan";
  } else if (!ind->IsFlow() && program_target) {
    from_program();
  }
  const bool change =
      ind->comparator == Comparator::kDecreaseBy || ind->comparator == Comparator::kIncreaseBy;
  std::optional<Aggregate> last_year;
  if (q.year > 1) {
    WP_ASSIGN_OR_RETURN(Aggregate ly, get(q.year - 1, 1, 12, q.read));
    last_year = ly;
  }
  if (change) {
    if (whole_country && ind->baseline) {
      m.baseline = ind->baseline;
    } else if (last_year && last_year->value) {
      m.baseline = last_year->value;
    } else {
      m.baseline = ind->baseline;
    }
  }

  // Current figure, pace, projection.
  if (m.months_elapsed > 0) {
    WP_ASSIGN_OR_RETURN(Aggregate cur, get(q.year, 1, m.months_elapsed, q.read));
    m.current = cur.value;
    m.count = cur.count;
  }
  const double share = m.months_elapsed / 12.0;
  if (m.current && m.target) {
    m.achievement = Achievement(ind->comparator, *m.current, *m.target, m.baseline);
    if (ind->IsFlow() && !change) {
      m.expected = *m.target * share;
      m.pace = Achievement(ind->comparator, *m.current, *m.expected, m.baseline);
    }
  }
  if (m.current) {
    std::optional<Aggregate> ly_same;
    if (last_year && last_year->value && m.months_elapsed < 12) {
      WP_ASSIGN_OR_RETURN(Aggregate s, get(q.year - 1, 1, m.months_elapsed, q.read));
      ly_same = s;
    }
    const bool flow = ind->IsFlow();
    if (m.months_elapsed == 12) {
      m.projection = m.current;
      m.method = ProjectionMethod::kLinear;
    } else if (ly_same && ly_same->value && (!flow || *ly_same->value > 0)) {
      m.projection = flow ? *m.current * (*last_year->value / *ly_same->value)
                          : *m.current + (*last_year->value - *ly_same->value);
      m.method = ProjectionMethod::kSeasonal;
    } else {
      m.projection = flow ? *m.current / share : *m.current;
      m.method = ProjectionMethod::kLinear;
    }
  }

  // Status.
  if (!m.current) {
    m.status = Status::kNoData;
    m.explanation = m.months_elapsed == 0
                        ? "Chưa hết tháng đầu tiên của năm"
                        : "Chưa có số liệu đến hết tháng " + std::to_string(m.months_elapsed);
    return m;
  }
  if (!m.target) {
    m.status = Status::kNoTarget;
    m.explanation = "Chưa có chỉ tiêu năm";
    return m;
  }
  m.projected_achievement = Achievement(ind->comparator, *m.projection, *m.target, m.baseline);
  if (!m.projected_achievement) {
    m.status = Status::kNoTarget;
    m.explanation = change ? "Chưa có mức gốc để tính mức giảm/tăng" : "Chỉ tiêu không dương";
    return m;
  }
  const double pa = *m.projected_achievement;
  m.status = pa >= 1 ? Status::kOnTrack : pa >= kAtRiskFrom ? Status::kAtRisk : Status::kOffTrack;
  m.explanation = std::string("Dự báo cuối năm ") + Vn(*m.projection) + " (" +
                  (m.method == ProjectionMethod::kSeasonal ? "theo mùa vụ" : "tuyến tính") +
                  "), đạt " + Percent(pa) + " so với chỉ tiêu " + Vn(*m.target);
  if (m.target_from) m.explanation += " (điều chỉnh từ " + m.target_from->ToVietnamese() + ")";
  if (m.baseline) m.explanation += " (mức gốc " + Vn(*m.baseline) + ")";
  m.explanation += std::string(": ") + StatusLabel(m.status);
  return m;
}

core::Result<std::vector<Measure>> Rank(const Engine& engine, const MeasureQuery& q,
                                        domain::OrgKind level) {
  if (!engine.FindIndicator(q.indicator)) {
    return core::Fail(core::ErrorCode::kNotFound, "unknown_indicator",
                      "Không có chỉ tiêu mã " + std::to_string(q.indicator));
  }
  WP_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      engine.Level(Query{q.indicator, q.unit, q.at, Window{q.year, 1, 12}, q.read}, level));
  std::vector<Measure> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    MeasureQuery one = q;
    one.unit = r.node.unit;
    WP_ASSIGN_OR_RETURN(Measure m, Evaluate(engine, one));
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const Measure& a, const Measure& b) {
    if (a.projected_achievement.has_value() != b.projected_achievement.has_value())
      return a.projected_achievement.has_value();
    if (a.projected_achievement && *a.projected_achievement != *b.projected_achievement)
      return *a.projected_achievement > *b.projected_achievement;
    return a.node.code < b.node.code;
  });
  return out;
}

}  // namespace wp::analytics
