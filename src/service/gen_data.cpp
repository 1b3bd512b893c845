// `workplan gen-data`: the synthetic national data set of issue 5 written into the store as the
// application would hold it, so that the dashboard, the start-up load and the HTTP benchmark
// run on real stored data.
//
// Shape (decided here, documented in README.md):
// - Organisation: the registry's provinces (63 until 30/6/2025, 34 from 1/7/2025) with, at M,
//   700 districts under the old provinces and, at L, 10 665 communes under those districts and
//   3 321 communes formed on 1/7/2025 under the new provinces (analytics/synthetic.hpp).
// - Programs: one per year 2021–2025, issued on 10 January by the same Ministry, so that each
//   year's program finds the previous one (Schedule::PreviousYearProgram) and the dashboard
//   projects seasonally. Each has the data set's 200 indicators as targets, in one section: 160
//   flows ("người", summed, at least the target), 20 rates ("%", a ceiling; each names two of
//   the flows as its numerator and denominator, so the dashboard takes the ratio of their sums)
//   and 20 percentages (averaged, at least 100). Two reporting rules: a monthly report by the 18th
//   from the reporting level (provinces at S, districts at M, communes at L) and a yearly report by
//   15 November from the provincial departments carrying the provinces' year plans.
// - Reports: every (unit, month) the data set has values for; about 1.5 % never sent, 6 % sent
//   after the deadline; approved two days after being sent. November 2025 holds an estimate
//   (version 1) replaced by an actual (version 2); December 2025 only an estimate, submitted and
//   not approved. A rate's own value (its numerator over its denominator in that report, one
//   decimal, when both are there) is stored too, as a unit would report it.
// - At M the second half of 2025 is reported by the 34 provinces (districts ended): the monthly
//   rule names the districts, so those reports are stored and counted but not "expected".
// Deterministic: values, dates and ids depend only on the scale and the seed (and on the
// registry); only the audit entries carry the time of the load.

#include "service/gen_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include "analytics/synthetic.hpp"
#include "core/hash.hpp"
#include "core/json_text.hpp"
#include "service/internal/shared.hpp"
#include "service/organisation.hpp"

namespace wp::service {
namespace {

namespace syn = analytics::synthetic;
using core::CivilDate;
using core::ErrorCode;
using domain::Principal;

constexpr const char* kIssuer = "Bộ Lao động - Thương binh và Xã hội";
constexpr const char* kProvinceGroup = "Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố";
constexpr size_t kBatchReports = 2000;

const char* MonthlyGroup(char scale) {
  switch (scale) {
    case 'M':
      return "Phòng Lao động – Thương binh và Xã hội các quận, huyện";
    case 'L':
      return "Ủy ban nhân dân các xã, phường, thị trấn";
    default:
      return kProvinceGroup;
  }
}

const char* const kFlowNames[] = {
    "Số người được tạo việc làm",
    "Số lao động được đào tạo nghề",
    "Số người được hưởng trợ cấp xã hội hằng tháng",
    "Số hộ được hỗ trợ thoát nghèo",
    "Số người có công được điều dưỡng",
    "Số trẻ em có hoàn cảnh đặc biệt được hỗ trợ",
    "Số lao động đi làm việc ở nước ngoài theo hợp đồng",
    "Số người tham gia bảo hiểm xã hội tự nguyện",
    "Số người lao động được huấn luyện an toàn lao động",
    "Số người được hỗ trợ cai nghiện",
};

// The target of one indicator of the data set (IndicatorMix::kProgram).
domain::Target TargetOf(const analytics::Indicator& ind) {
  domain::Target t;
  t.section = "I";
  const int i = static_cast<int>(ind.id);
  char group[32];
  if (ind.aggregation == analytics::Aggregation::kRatio) {
    std::snprintf(group, sizeof group, "%02d", i - 140);
    t.indicator = std::string("Tỷ lệ ") + group + " (chỉ tiêu " + std::to_string(*ind.numerator) +
                  " trên chỉ tiêu " + std::to_string(*ind.denominator) + ")";
    t.unit = "%";
    t.comparator = domain::Comparator::kMax;
    // Measured as the ratio of the two flows' sums (positions = ids − 1).
    t.numerator = static_cast<int>(*ind.numerator - 1);
    t.denominator = static_cast<int>(*ind.denominator - 1);
  } else if (ind.aggregation == analytics::Aggregation::kMean) {
    std::snprintf(group, sizeof group, "%02d", i - 160);
    t.indicator = std::string("Tỷ lệ đơn vị đạt chuẩn, nhóm ") + group;
    t.unit = "%";
    t.comparator = domain::Comparator::kMin;
  } else {
    t.indicator =
        std::string(kFlowNames[(i - 1) % 10]) + " (nhóm " + std::to_string((i - 1) / 10 + 1) + ")";
    t.unit = "người";
    t.comparator = domain::Comparator::kMin;
  }
  t.value = core::Decimal{std::llround(ind.target.value_or(0)), 0};
  std::string amount = t.value.ToVietnamese();
  t.raw = t.comparator == domain::Comparator::kMax ? t.indicator + " dưới " + amount + t.unit
                                                   : t.indicator + " đạt " + amount + " " + t.unit;
  return t;
}

store::ProgramRecord ProgramOf(const syn::Dataset& d, int year, uint64_t seed) {
  store::ProgramRecord p;
  auto& doc = p.plan.document;
  doc.type = "QUYẾT ĐỊNH";
  doc.number = "DL" + std::to_string(year) + "/QĐ-LĐTBXH";
  doc.issued_date = CivilDate{year, 1, 10};
  doc.place = "Hà Nội";
  doc.issuer = kIssuer;
  doc.year = year;
  doc.title = "Chương trình công tác năm " + std::to_string(year) + " (dữ liệu mẫu, quy mô " +
              std::string(1, d.scale) + ", hạt giống " + std::to_string(seed) + ")";
  domain::Section targets;
  targets.number = "I";
  targets.title = "CHỈ TIÊU CHỦ YẾU";
  domain::Section regime;
  regime.number = "II";
  regime.title = "TỔ CHỨC THỰC HIỆN";
  p.plan.sections = {targets, regime};
  for (const auto& ind : d.indicators) p.plan.targets.push_back(TargetOf(ind));

  domain::ReportingRule monthly;
  monthly.report = "Báo cáo tình hình thực hiện hằng tháng";
  monthly.frequency = domain::Frequency::kMonthly;
  monthly.day_of_month = 18;
  monthly.from = MonthlyGroup(d.scale);
  monthly.from_units = {monthly.from};
  monthly.to = {"Văn phòng Bộ", "Vụ Kế hoạch – Tài chính"};
  monthly.section = "II";
  monthly.raw = monthly.from +
                " gửi báo cáo tình hình thực hiện hằng tháng về Văn phòng Bộ và "
                "Vụ Kế hoạch – Tài chính trước ngày 18 hằng tháng.";
  domain::ReportingRule yearly;
  yearly.report = "Báo cáo năm và kế hoạch năm";
  yearly.frequency = domain::Frequency::kAnnual;
  yearly.due = CivilDate{year, 11, 15};
  yearly.from = kProvinceGroup;
  yearly.from_units = {yearly.from};
  yearly.to = {"Vụ Kế hoạch – Tài chính"};
  yearly.section = "II";
  yearly.raw = yearly.from +
               " gửi báo cáo năm và kế hoạch năm về Vụ Kế hoạch – Tài chính trước "
               "ngày 15/11/" +
               std::to_string(year) + ".";
  p.plan.reporting = {monthly, yearly};

  // The text the program stands for, as its source.
  std::string text = "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: " + *doc.number +
                     "\nHà Nội, ngày 10 tháng 01 năm " + std::to_string(year) +
                     "\n\nCHƯƠNG TRÌNH CÔNG TÁC NĂM " + std::to_string(year) +
                     "\n(dữ liệu mẫu sinh bởi workplan gen-data)\n\nI. CHỈ TIÊU CHỦ YẾU\n";
  for (const auto& t : p.plan.targets) text += "- " + t.raw + ";\n";
  text += "\nII. TỔ CHỨC THỰC HIỆN\n" + monthly.raw + "\n" + yearly.raw + "\n";
  p.source_name = "gen-data-" + std::string(1, d.scale) + "-" + std::to_string(seed) + "-" +
                  std::to_string(year) + ".txt";
  p.source_sha256 = core::Sha256Hex(text);
  p.source_text = std::move(text);
  p.created_at = CivilDate{year, 1, 10}.ToIso() + "T02:00:00Z";
  p.status = store::ProgramStatus::kPublished;
  p.published_at = CivilDate{year, 1, 10}.ToIso() + "T03:00:00Z";
  return p;
}

std::string At(const CivilDate& d, int days, const char* time) {
  return core::CivilFromDays(core::DaysFromCivil(d) + days).ToIso() + "T" + time + "Z";
}

core::Decimal Whole(double v) { return core::Decimal{std::llround(v), 0}; }

}  // namespace

DataGenerator::DataGenerator(store::Store& store, Organisation& org, const Time& time,
                             DataGeneration& generation)
    : store_(store), org_(org), time_(time), generation_(generation) {}

core::Result<GenDataResult> DataGenerator::GenerateData(const Principal& by,
                                                        const GenDataOptions& o) {
  if (by.role != domain::Role::kAdmin) {
    return core::Fail(ErrorCode::kPermissionDenied, "forbidden",
                      "Chỉ quản trị hệ thống được sinh dữ liệu mẫu");
  }
  if (o.scale != 'S' && o.scale != 'M' && o.scale != 'L') {
    return core::Fail(ErrorCode::kInvalidArgument, "bad_scale",
                      "Quy mô không hợp lệ: \"" + std::string(1, o.scale) + "\" (S, M hoặc L)");
  }
  WP_ASSIGN_OR_RETURN(auto frame, syn::RegistryFrame(org_.registry()));
  const syn::Dataset d =
      syn::MakeDataset(o.scale, std::move(frame), o.seed, syn::IndicatorMix::kProgram);
  domain::OrgRegistry registry(d.units);

  // The programs, and the due dates of their reports as the application reads their rules.
  store::DatasetLoad load;
  load.units.assign(d.units.begin() + static_cast<std::ptrdiff_t>(d.frame_units), d.units.end());
  std::vector<std::map<std::string, CivilDate>> due(syn::kYears);  // "r1|2025-M03" → due
  for (int y = 0; y < syn::kYears; ++y) {
    const int year = syn::kFirstYear + y;
    store::ProgramRecord p = ProgramOf(d, year, o.seed);
    for (size_t k = 0; k < p.plan.reporting.size(); ++k) {
      const auto& rule = p.plan.reporting[k];
      domain::Schedule s;
      s.frequency = rule.frequency;
      s.day_of_month = rule.day_of_month;
      s.due = rule.due;
      WP_ASSIGN_OR_RETURN(auto dues, domain::DueDates(s, year, org_.calendar()));
      for (const auto& x : dues) {
        due[static_cast<size_t>(y)]["r" + std::to_string(k + 1) + "|" + x.period.Key()] = x.due;
      }
    }
    auto event = Event(time_, by, "program.import", "program");
    event.after = core::JsonObjectText()
                      .Add("number", p.plan.document.number)
                      .Add("title", p.plan.document.title)
                      .Add("status", "published")
                      .Add("source", "gen-data")
                      .Add("source_sha256", p.source_sha256)
                      .Add("targets", static_cast<int64_t>(p.plan.targets.size()))
                      .Add("fingerprint", ProgramFingerprint(p))
                      .Finish();
    load.programs.emplace_back(std::move(p), std::move(event));
  }

  GenDataResult result;
  result.latest_year = syn::kFirstYear + syn::kYears - 1;
  // The latest year's national figures so far, as the dashboard should read them.
  std::map<int64_t, std::pair<double, size_t>> latest;  // indicator → (sum, count)
  // The order reports are produced in: per year, the provinces' plans, then month by month
  // every reporting unit.
  struct Cursor {
    int year_index = 0;
    size_t plan = 0;  // position in d.plans of this year
    int month = 0;    // 0: plans still to do
    size_t reporter = 0;
  } at;
  std::vector<const syn::Reporter*> reporters;
  for (const auto& r : d.reporters) reporters.push_back(&r);

  auto plans_of_year = [&](int year) {
    std::vector<std::pair<domain::OrgUnitId, int>> out;
    for (const auto& pl : d.plans) {
      if (pl.second == year) out.push_back(pl);
    }
    return out;
  };
  std::vector<std::pair<domain::OrgUnitId, int>> year_plans = plans_of_year(syn::kFirstYear);

  // One monthly report of one unit, or nothing when it was never sent.
  auto monthly_report = [&](const store::DatasetIds& ids, const syn::Reporter& r, int y,
                            int m) -> std::optional<store::DatasetReport> {
    const int index = y * 12 + m - 1;
    if (index < r.first || index > r.last) return std::nullopt;
    const int year = syn::kFirstYear + y;
    const syn::ReportFate fate = syn::FateOf(d, r.unit, index);
    if (fate == syn::ReportFate::kMissing) {
      ++result.missing_reports;
      return std::nullopt;
    }
    store::DatasetReport rep;
    rep.program = static_cast<size_t>(y);
    rep.obligation = "r1";
    auto period = domain::MakePeriod(domain::PeriodKind::kMonth, year, m);
    rep.period = period->Key();
    rep.unit_id = r.unit;
    const CivilDate deadline = due[static_cast<size_t>(y)].at("r1|" + rep.period);
    rep.due = deadline.ToIso();
    // Values by kind: estimate (version 1 when there is an actual too) and actual.
    std::map<int64_t, double> estimate, actual;
    for (const auto& ind : d.indicators) {
      if (!syn::Reports(d, r, ind)) continue;
      syn::CellValues(d, r, ind, index, [&](domain::ValueKind kind, int, double v) {
        (kind == domain::ValueKind::kActual ? actual : estimate)[ind.id] = v;
      });
    }
    if (estimate.empty() && actual.empty()) return std::nullopt;
    const auto& target_ids = ids.targets[static_cast<size_t>(y)];
    auto values_of = [&](const std::map<int64_t, double>& cells, domain::ValueKind kind) {
      std::vector<domain::ReportValue> out;
      for (const auto& ind : d.indicators) {
        std::optional<core::Decimal> value;
        if (ind.aggregation == analytics::Aggregation::kRatio) {
          auto num = cells.find(*ind.numerator), den = cells.find(*ind.denominator);
          if (num != cells.end() && den != cells.end() && den->second > 0) {
            value = core::Decimal{std::llround(num->second / den->second * 1000), 1};
          }
        } else if (auto c = cells.find(ind.id); c != cells.end()) {
          value = Whole(c->second);
        }
        if (!value) continue;
        domain::ReportValue v;
        v.target_id = target_ids[static_cast<size_t>(ind.id - 1)];
        v.kind = kind;
        v.value = value;
        out.push_back(std::move(v));
      }
      return out;
    };
    const bool late = fate == syn::ReportFate::kLate;
    const std::string sent = At(deadline, late ? 4 : -3, "02:00:00");
    rep.first_submitted_at = sent;
    if (late) ++result.late_reports;
    if (!estimate.empty())
      rep.versions.push_back({sent, values_of(estimate, domain::ValueKind::kEstimate)});
    if (!actual.empty()) {
      // An actual after an estimate comes with the next month's report.
      const std::string when = estimate.empty() ? sent : At(deadline, 25, "02:00:00");
      rep.versions.push_back({when, values_of(actual, domain::ValueKind::kActual)});
    }
    rep.submitted_at = rep.versions.back().recorded_at;
    if (actual.empty()) {
      rep.status = domain::ReportStatus::kSubmitted;
      ++result.pending_reports;
    } else {
      rep.status = domain::ReportStatus::kApproved;
      rep.approved_at = At(deadline, late ? 6 : (estimate.empty() ? -1 : 27), "08:00:00");
      ++result.approved_reports;
      if (year == result.latest_year) {
        for (const auto& v : rep.versions.back().values) {
          auto& [sum, count] = latest[v.target_id];
          sum += v.value->AsDouble();
          ++count;
        }
      }
    }
    return rep;
  };

  auto plan_report = [&](const store::DatasetIds& ids, std::pair<domain::OrgUnitId, int> plan) {
    const int y = plan.second - syn::kFirstYear;
    store::DatasetReport rep;
    rep.program = static_cast<size_t>(y);
    rep.obligation = "r2";
    rep.period = std::to_string(plan.second) + "-Y";
    rep.unit_id = plan.first;
    const CivilDate deadline = due[static_cast<size_t>(y)].at("r2|" + rep.period);
    rep.due = deadline.ToIso();
    const std::string sent = At(deadline, -10, "02:00:00");
    rep.first_submitted_at = rep.submitted_at = sent;
    rep.approved_at = At(deadline, -8, "08:00:00");
    rep.status = domain::ReportStatus::kApproved;
    std::vector<domain::ReportValue> values;
    for (const auto& ind : d.indicators) {
      if (ind.aggregation != analytics::Aggregation::kSum) continue;
      domain::ReportValue v;
      v.target_id = ids.targets[static_cast<size_t>(y)][static_cast<size_t>(ind.id - 1)];
      v.kind = domain::ValueKind::kPlan;
      v.value = Whole(syn::PlanValue(d, plan.first, ind));
      values.push_back(std::move(v));
    }
    rep.versions.push_back({sent, std::move(values)});
    ++result.approved_reports;
    return rep;
  };

  load.next = [&](const store::DatasetIds& ids, std::vector<store::DatasetReport>& batch) {
    while (batch.size() < kBatchReports) {
      if (at.year_index >= syn::kYears) return false;
      if (at.month == 0) {
        if (at.plan < year_plans.size()) {
          batch.push_back(plan_report(ids, year_plans[at.plan++]));
          continue;
        }
        at.month = 1;
        at.reporter = 0;
      }
      if (at.reporter < reporters.size()) {
        if (auto rep = monthly_report(ids, *reporters[at.reporter++], at.year_index, at.month)) {
          batch.push_back(std::move(*rep));
        }
        continue;
      }
      at.reporter = 0;
      if (++at.month > 12) {
        ++at.year_index;
        at.month = 0;
        at.plan = 0;
        year_plans = plans_of_year(syn::kFirstYear + at.year_index);
      }
    }
    return true;
  };
  load.audit = [&](const store::DatasetCounts& c) {
    auto event = Event(time_, by, "dataset.generate", "dataset", "gen-data");
    event.after = core::JsonObjectText()
                      .Add("scale", std::string(1, o.scale))
                      .Add("seed", static_cast<int64_t>(o.seed))
                      .Add("units", static_cast<int64_t>(c.units))
                      .Add("programs", static_cast<int64_t>(c.programs))
                      .Add("reports", static_cast<int64_t>(c.reports))
                      .Add("values", static_cast<int64_t>(c.values))
                      .Finish();
    return event;
  };

  WP_ASSIGN_OR_RETURN(auto counts, store_.LoadDataset(load));
  result.counts = {counts.units, counts.programs, counts.reports, counts.values};
  // The programs' ids, in the order they were stored (the store assigns them increasing).
  WP_ASSIGN_OR_RETURN(auto listed, store_.ListPrograms());
  for (const auto& s : listed) result.programs.push_back(s.id);
  std::sort(result.programs.begin(), result.programs.end());
  for (const auto& [target, sc] : latest) {
    result.latest_current[target] = sc.first;
  }
  // Rates are the ratio of their parts' sums; other percentages the mean of the units' values.
  if (!result.programs.empty()) {
    WP_ASSIGN_OR_RETURN(auto targets, store_.ListTargets(result.programs.back()));
    for (const auto& st : targets) {
      auto it = latest.find(st.id);
      if (st.target.numerator && st.target.denominator) {
        auto num = latest.find(targets[static_cast<size_t>(*st.target.numerator)].id);
        auto den = latest.find(targets[static_cast<size_t>(*st.target.denominator)].id);
        result.latest_current.erase(st.id);
        if (num != latest.end() && den != latest.end() && den->second.first != 0) {
          result.latest_current[st.id] = num->second.first / den->second.first * 100;
        }
      } else if (it != latest.end() && st.target.unit == "%") {
        result.latest_current[st.id] = it->second.first / static_cast<double>(it->second.second);
      }
    }
  }
  // The organisation now includes the generated units.
  org_.Replace(std::move(registry));
  generation_.Changed();
  return result;
}

}  // namespace wp::service
