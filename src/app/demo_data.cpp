#include "app/demo_data.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace wp::app {
namespace {

using domain::ReportAction;
using domain::ValueKind;
using domain::ValueScope;

// A number in [0, 1) drawn from the words given: the same words, the same number, on every
// machine (FNV-1a), so the demo's figures never change between runs.
double Draw(std::initializer_list<std::string_view> words) {
  uint64_t h = 1469598103934665603ull;
  for (auto w : words) {
    for (unsigned char ch : w) h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return double(h >> 11) / double(1ull << 53);
}

// Roughly each province's population in 2012 (thousands), to share national figures out in a
// plausible way. For the demo's figures only; not a source.
const std::map<std::string, double> kProvinceWeight = {
    {"01", 6845}, {"02", 771},  {"04", 515},  {"06", 300},  {"08", 739},  {"10", 637},
    {"11", 519},  {"12", 397},  {"14", 1134}, {"15", 761},  {"17", 806},  {"19", 1150},
    {"20", 744},  {"22", 1185}, {"24", 1588}, {"25", 1335}, {"26", 1020}, {"27", 1079},
    {"30", 1735}, {"31", 1904}, {"33", 1145}, {"34", 1786}, {"35", 790},  {"36", 1833},
    {"37", 907},  {"38", 3426}, {"40", 2952}, {"42", 1229}, {"44", 857},  {"45", 608},
    {"46", 1115}, {"48", 974},  {"49", 1435}, {"51", 1221}, {"52", 1499}, {"54", 871},
    {"56", 1174}, {"58", 576},  {"60", 1180}, {"62", 462},  {"64", 1322}, {"66", 1796},
    {"67", 543},  {"68", 1219}, {"70", 905},  {"72", 1080}, {"74", 1748}, {"75", 2665},
    {"77", 1027}, {"79", 7681}, {"80", 1458}, {"82", 1682}, {"83", 1258}, {"84", 1015},
    {"86", 1029}, {"87", 1673}, {"89", 2153}, {"91", 1726}, {"92", 1200}, {"93", 771},
    {"94", 1301}, {"95", 876},  {"96", 1214}};

// The share of a year's flow that falls in each month: little around Tết (January, February),
// more towards the year's end, as the Ministry's monthly reports run.
constexpr double kSeason[12] = {0.060, 0.050, 0.080, 0.080, 0.085, 0.090,
                                0.085, 0.085, 0.090, 0.090, 0.095, 0.110};

// Which targets of a form the demo fills, for whom, and how far the year's result goes
// against the plan across the country (each unit drawn around it): the achievement of the
// year's figure, in the direction of the target's comparator.
struct Figure {
  double performance = 1;
};

// The targets that name a catalogue indicator (data/indicators/molisa.csv) are filled by whoever
// the program's responsibility matrix has report them; the indicators not listed here go as
// Draw decides (85–112 %). For the demo's figures only; not a source.
const std::map<std::string, double> kByIndicator = {
    {"viec_lam", 1.03},
    {"viec_lam_trong_nuoc", 1.02},
    {"xkld", 1.02},
    {"that_nghiep_tt", 1.04},
    {"tuyen_moi_day_nghe", 0.97},
    {"tuyen_moi_cd_tc", 0.94},
    {"tuyen_moi_so_cap", 0.99},
    {"day_nghe_ldnt", 1.03},
    {"ty_le_ho_ngheo", 0.9},
    {"nha_tinh_nghia_xay_moi", 1.08},
    {"nha_tinh_nghia_sua_chua", 0.92},
    {"cai_nghien", 0.88},
    {"tre_em_dbkk_tro_giup", 0.97},
};

// The level the demo's "giảm X điểm phần trăm" targets fall from (last year's rate): invented,
// like the weights above, so that the demo can measure them. Not a source.
const std::map<std::string, double> kBaseline = {
    {"ty_le_ho_ngheo", 11.76},
    {"ty_le_ho_ngheo_huyen_ngheo", 50.97},
    {"tre_em_dbkk", 6.5},
};

// The whole country's level of a rate's denominator in 2012, by the rate's indicator (the urban
// labour force, the households), shared out by kProvinceWeight among the provinces that report
// it; a rate's numerator is then the denominator times the unit's rate of the month. Rounded
// figures of the order of the GSO's; for the demo's figures only, not a source.
const std::map<std::string, double> kDenominatorTotal = {
    {"that_nghiep_tt", 15.6e6},  // llld_tt
    {"ty_le_ho_ngheo", 22.4e6},  // tong_so_ho
};

// The targets without a catalogue indicator (programs read before the catalogue, and project
// targets the catalogue does not name), by section and unit of measure, for one kind of unit or
// one Ministry unit.
struct SectionFigure {
  domain::OrgKind kind;   // provinces, or the Ministry's units
  const char* unit_code;  // one Ministry unit ("" for every province)
  const char* section;
  const char* uom;  // the target's unit of measure; "%" is a rate
  double performance;
};

const SectionFigure kBySection[] = {
    {domain::OrgKind::kProvince, "", "II.2.1", "người", 1.03},   // jobs created
    {domain::OrgKind::kProvince, "", "II.2.1", "%", 1.04},       // urban unemployment rate
    {domain::OrgKind::kProvince, "", "II.9.4", "đồng", 0.93},    // funds raised for children
    {domain::OrgKind::kProvince, "", "II.9.4", "trẻ em", 0.86},  // children supported
    {domain::OrgKind::kDepartment, "PC", "II.1.1", "Chỉ thị", 0.67},
    {domain::OrgKind::kDepartment, "PC", "II.1.1", "Đề án", 1.0},
    {domain::OrgKind::kDepartment, "PC", "II.1.1", "Nghị định", 0.92},
    {domain::OrgKind::kDepartment, "PC", "II.1.1", "Quyết định", 1.0},
    {domain::OrgKind::kDepartment, "VL", "II.2.2", "người", 1.05},
    {domain::OrgKind::kDepartment, "QLLDNN", "II.3.1", "người", 1.02},
    {domain::OrgKind::kDepartment, "QLLDNN", "II.3.2", "lao động", 0.8},
    {domain::OrgKind::kDepartment, "TCDN", "II.5.2", "lao động", 0.97},
    {domain::OrgKind::kDepartment, "TCDN", "II.5.2", "giáo viên", 0.95},
    {domain::OrgKind::kDepartment, "ATLD", "II.4.5", "người", 1.1},
    {domain::OrgKind::kDepartment, "ATLD", "II.4.5", "cán bộ", 0.96},
};

// What the demo fills for `unit` on a target its form asks; nullopt leaves it empty.
// `provinces_report`: the provinces report the target too — then a Ministry unit asked it
// consolidates their figures rather than sending the country's own (which would count twice).
std::optional<Figure> FigureFor(const domain::OrgUnit& unit, const domain::Target& t,
                                bool provinces_report) {
  if (!t.indicator_code.empty()) {
    // The form asks the target because the matrix has the unit report it ("trong đó" parts
    // too: FitParts keeps them within their whole).
    if (unit.kind != domain::OrgKind::kProvince && provinces_report) return std::nullopt;
    auto it = kByIndicator.find(t.indicator_code);
    return Figure{it != kByIndicator.end() ? it->second
                                           : 0.85 + 0.27 * Draw({t.indicator_code, "national"})};
  }
  for (const auto& f : kBySection) {
    if (f.kind != unit.kind || t.section != f.section || t.unit != f.uom) continue;
    if (*f.unit_code != '\0' && unit.code != f.unit_code) continue;
    if (t.parent) continue;  // "trong đó" parts are the whole's reporters' to give
    return Figure{f.performance};
  }
  // A count the matrix gives one Ministry unit alone (a project's "30 trường", "63 tỉnh" under
  // Tổng cục Dạy nghề or Cục An toàn lao động): it reports its own progress, drawn around the
  // target like the rest of the demo's figures (not a source).
  if (unit.kind == domain::OrgKind::kDepartment && !provinces_report && !t.parent) {
    return Figure{0.8 + 0.3 * Draw({unit.code, t.section, t.indicator})};
  }
  return std::nullopt;
}

// The planner's allocation before the year's reports: every target the provinces report and the
// demo has figures for, when it is a count or an amount (rates are not shared out by adding),
// shared out by kProvinceWeight — each province its rounded share, the largest province the
// remainder, so that the shares add up to the national target exactly. Kept when the program
// has allocations already (a restart keeps what the demo's planner did).
core::Status AllocateDemo(const service::Services& svc, service::ProgramId pid,
                          const service::ProgramView& program, std::ostream& out) {
  auto system = service::SystemPrincipal("demo");
  WP_ASSIGN_OR_RETURN(auto view, svc.reporting.Allocations(system, pid));
  if (!view.rows.empty()) return {};
  const auto& registry = svc.org.registry();
  std::vector<service::AllocationRow> rows;
  size_t targets = 0;
  for (const auto& t : view.targets) {
    auto st = std::find_if(program.targets.begin(), program.targets.end(),
                           [&](const auto& x) { return x.id == t.target_id; });
    if (st == program.targets.end() || st->target.unit == "%") continue;
    std::vector<const domain::OrgUnit*> provinces;
    for (auto id : t.reporters) {
      const auto* u = registry.Find(id);
      if (u && u->kind == domain::OrgKind::kProvince && FigureFor(*u, st->target, true))
        provinces.push_back(u);
    }
    if (provinces.empty()) continue;
    auto weight = [](const domain::OrgUnit* u) {
      auto w = kProvinceWeight.find(u->code);
      return w == kProvinceWeight.end() ? 1000.0 : w->second;
    };
    double total = 0;
    const domain::OrgUnit* largest = provinces.front();
    for (const auto* u : provinces) {
      total += weight(u);
      if (weight(u) > weight(largest)) largest = u;
    }
    // In the national figure's own digits, so that the shares add up to it exactly.
    const core::Decimal national = st->target.value;
    int64_t rest = national.mantissa;
    std::vector<std::pair<const domain::OrgUnit*, int64_t>> shares;
    for (const auto* u : provinces) {
      if (u == largest) continue;
      int64_t share = std::llround(double(national.mantissa) * weight(u) / total);
      shares.emplace_back(u, share);
      rest -= share;
    }
    shares.emplace_back(largest, rest);
    for (const auto& [u, share] : shares) {
      rows.push_back(
          {t.target_id, u->code, core::Decimal{share, national.scale}.ToVietnamese(), "", "", ""});
    }
    ++targets;
  }
  if (rows.empty()) return {};
  WP_ASSIGN_OR_RETURN(auto done, svc.reporting.ReplaceAllocations(system, pid, rows));
  out << "  giao chỉ tiêu năm cho các tỉnh: " << targets << " chỉ tiêu, " << done.rows.size()
      << " dòng\n";
  return {};
}

// How one expected report goes.
enum class Fate { kOnTime, kLate, kAwaiting, kReturned, kMissing, kLeftOpen };

Fate FateOf(const domain::OrgUnit& unit, const domain::Period& p) {
  const std::string key = p.Key();
  // The units' own programs (one-off, due in March) all arrived; the rules below are about
  // the months and quarters.
  bool once = p.kind == domain::PeriodKind::kOnce || p.kind == domain::PeriodKind::kYear;
  bool december = !once && p.end.month == 12;
  // Hà Nội's December is the demo accounts' to enter and approve.
  if (unit.code == "01" && december) return Fate::kLeftOpen;
  // Two provinces have sent nothing since October, one skipped July, and a small Ministry
  // journal stopped reporting after the summer.
  if (!once && (unit.code == "12" || unit.code == "95") && p.end.month >= 11) return Fate::kMissing;
  if (unit.code == "67" && key == std::to_string(p.year) + "-M07") return Fate::kMissing;
  if (!once && unit.code == "TCGDTE" && p.end.month >= 9) return Fate::kMissing;
  if (december && (unit.code == "31" || unit.code == "48" || unit.code == "92"))
    return Fate::kAwaiting;
  if (december && unit.code == "96") return Fate::kReturned;
  // Some units are often late, the others seldom.
  double often = Draw({unit.code, "late"}) < 0.15 ? 0.5 : 0.04;
  return Draw({unit.code, key, "late"}) < often ? Fate::kLate : Fate::kOnTime;
}

// 9:00–16:59 in Việt Nam on `d`.
std::chrono::system_clock::time_point AtWork(const core::CivilDate& d, double draw) {
  long days = core::DaysFromCivil(d);
  int minutes = 9 * 60 + int(draw * 8 * 60);
  return std::chrono::system_clock::time_point(std::chrono::hours(24 * days - 7) +
                                               std::chrono::minutes(minutes));
}

core::CivilDate AddDays(const core::CivilDate& d, long n) {
  return core::CivilFromDays(core::DaysFromCivil(d) + n);
}

core::CivilDate PreviousWorkingDay(const domain::WorkCalendar& cal, core::CivilDate d) {
  while (!cal.IsWorkingDay(d)) d = AddDays(d, -1);
  return d;
}

core::Decimal Whole(double x) { return core::Decimal{int64_t(std::llround(x)), 0}; }
core::Decimal Hundredths(double x) {
  return core::Decimal{int64_t(std::llround(x * 100)), 2}.Normalized();
}

// One unit's year of one target: the plan, and what it had reached by the end of each month.
struct Track {
  Figure figure;
  const service::TargetView* target = nullptr;
  bool rate = false;
  bool change = false;  // a rate to lower or raise by points: no plan of its own to send
  bool level = false;   // a rate's part: month m's level (unemployed, labour force), no plan
  double plan = 0;
  double by_month[13] = {};  // flows: the total to the end of month m; rates: month m's rate
};

Track MakeTrack(const domain::OrgUnit& unit, const Figure& f, const service::TargetView& st,
                double weight_share, std::optional<core::Decimal> allocated) {
  Track t;
  t.figure = f;
  t.target = &st;
  t.rate = st.target.unit == "%";
  const std::string& code = unit.code;
  const std::string& what = st.target.indicator;
  if (t.rate) {
    // The unit's level around the one that gives the year's performance against the target,
    // in the target's direction: at most 4,3% (lower is better), at least 90%, 2 points below
    // last year's.
    const double target = st.target.value.AsDouble();
    const double perf = f.performance * (0.94 + 0.12 * Draw({code, what, "performance"}));
    auto base = kBaseline.find(st.target.indicator_code);
    double level = target * perf;
    switch (st.target.comparator) {
      case domain::Comparator::kMax:
        level = target * (2 - perf);
        break;
      case domain::Comparator::kDecreaseBy:
      case domain::Comparator::kIncreaseBy: {
        double from = base != kBaseline.end() ? base->second : 10 + 10 * Draw({what, "baseline"});
        double sign = st.target.comparator == domain::Comparator::kDecreaseBy ? -1 : 1;
        level = from + sign * target * perf;
        t.change = true;
        break;
      }
      default:
        break;
    }
    level = std::clamp(level, 0.0, 100.0);
    t.plan = t.change ? 0 : target;
    for (int m = 1; m <= 12; ++m) {
      double v = level * (0.97 + 0.06 * Draw({code, what, std::to_string(m)}));
      t.by_month[m] = std::round(std::clamp(v, 0.0, 100.0) * 100) / 100;
    }
    return t;
  }
  double national = st.target.value.AsDouble();
  t.plan = national * weight_share;
  bool money = st.target.unit == "đồng";
  t.plan = money ? std::round(t.plan / 1e6) * 1e6 : std::round(t.plan);
  if (allocated) t.plan = allocated->AsDouble();  // the unit's plan is its share
  double reached = t.plan * f.performance * (0.85 + 0.3 * Draw({code, what, "performance"}));
  double weights[13] = {}, total = 0;
  for (int m = 1; m <= 12; ++m) {
    weights[m] = kSeason[m - 1] * (0.85 + 0.3 * Draw({code, what, std::to_string(m)}));
    total += weights[m];
  }
  double so_far = 0;
  for (int m = 1; m <= 12; ++m) {
    so_far += weights[m];
    double v = reached * so_far / total;
    t.by_month[m] = money ? std::round(v / 1e6) * 1e6 : std::round(v);
  }
  return t;
}

// A rate's part on a unit's form (issue 16): the denominator's level of each month (the unit's
// share of the country's, within ±2 % month to month), the numerator that level times the rate
// the unit reaches that month (MakeTrack of the rate), so that the rate of any of its periods,
// and of any set of units, is the ratio of their sums.
Track MakePartTrack(const domain::OrgUnit& unit, const Figure& f, const service::FormTargetRow& row,
                    double weight_share) {
  const Track rate = MakeTrack(unit, f, *row.rate, weight_share, std::nullopt);
  Track t;
  t.figure = f;
  t.target = row.target;
  t.level = true;
  const std::string& rate_code = row.rate->target.indicator_code;
  auto total = kDenominatorTotal.find(rate_code);
  const double base = (total == kDenominatorTotal.end() ? 1e6 : total->second) * weight_share;
  for (int m = 1; m <= 12; ++m) {
    double den =
        std::round(base * (0.98 + 0.04 * Draw({unit.code, rate_code, "level", std::to_string(m)})));
    t.by_month[m] = row.numerator ? std::round(den * rate.by_month[m] / 100) : den;
  }
  return t;
}

// "Trong đó" parts never add up to more than their whole: each part of a whole the unit fills
// takes its plan's share (of the parts' plans, or of the whole's when larger) of 98 % of the
// whole's months and plan (the validation refuses more).
void FitParts(std::vector<Track>& tracks,
              const std::map<int64_t, std::optional<int64_t>>& parent_of) {
  std::map<int64_t, const Track*> whole_of;
  for (const auto& t : tracks) whole_of[t.target->id] = &t;
  std::map<int64_t, double> planned;  // a whole → its parts' plans
  for (const auto& t : tracks) {
    auto p = parent_of.find(t.target->id);
    if (p != parent_of.end() && p->second && whole_of.count(*p->second) && !t.rate)
      planned[*p->second] += t.plan;
  }
  for (auto& t : tracks) {
    auto p = parent_of.find(t.target->id);
    if (p == parent_of.end() || !p->second || t.rate) continue;
    auto w = whole_of.find(*p->second);
    if (w == whole_of.end() || w->second->rate || !(planned[*p->second] > 0)) continue;
    // Of the whole's plan when the parts' plans add up to less (the Quỹ Bảo trợ trẻ em's 40 of
    // the 600 tỷ raised): a part never takes the whole's figure against its own smaller plan.
    const double share = 0.98 * t.plan / std::max(planned[*p->second], w->second->plan);
    // Month by month (a period is a run of months), each month's part rounded down.
    for (int m = 1; m <= 12; ++m) {
      double month = w->second->by_month[m] - w->second->by_month[m - 1];
      t.by_month[m] = t.by_month[m - 1] + std::floor(month * share);
    }
    t.plan = std::floor(w->second->plan * share);  // the plan a yearly report sends
  }
}

std::string Percent(double ratio) {
  return Hundredths(std::round(ratio * 1000) / 10).ToVietnamese() + "%";
}

// The demo's narratives (issue 17): what a unit writes under "tồn tại, hạn chế", "nguyên nhân",
// "nhiệm vụ, giải pháp thời gian tới" and "kiến nghị, đề xuất", chosen from the figures it sends
// — a target behind the season's pace is named with its share, and given a cause, a next step
// and a proposal of its field; a unit on pace writes the milder remarks of its field. Every
// sentence below is INVENTED for the demo (the phrasing of the Ministry's monthly reports, not a
// quotation, not a source, not any unit's real account).
struct FieldText {
  const char* label;           // "tạo việc làm" (what a sentence names)
  const char* shortcoming[2];  // a unit on pace
  const char* cause[3];        // a target behind its pace
  const char* step[3];
  const char* proposal[3];
};

enum class Field {
  kJobs,
  kAbroad,
  kVocational,
  kMerit,
  kPoverty,
  kChildren,
  kSocialEvils,
  kSafety,
  kLegal,
  kGender,
  kGeneral
};

const FieldText& TextOf(Field f) {
  static const FieldText kJobs = {
      "tạo việc làm",
      {"Thông tin thị trường lao động chưa được cập nhật thường xuyên, kết nối cung - cầu lao "
       "động qua sàn giao dịch việc làm còn hạn chế.",
       "Số liệu tạo việc làm của một số huyện còn ước tính, chưa có rà soát đến từng xã."},
      {"nhiều doanh nghiệp nhỏ và vừa gặp khó khăn về vốn, thu hẹp sản xuất, cắt giảm lao động",
       "nguồn vốn cho vay giải quyết việc làm từ Quỹ quốc gia về việc làm giải ngân chậm, thu hồi "
       "vốn đến hạn chưa kịp để cho vay quay vòng",
       "các dự án đầu tư mới thu hút lao động trên địa bàn triển khai chậm hơn dự kiến"},
      {"Tổ chức thêm các phiên giao dịch việc làm lưu động tại các huyện, ưu tiên lao động nông "
       "thôn và thanh niên",
       "Đẩy nhanh giải ngân vốn vay giải quyết việc làm, rà soát các dự án vay vốn đến hạn để thu "
       "hồi và cho vay quay vòng",
       "Phối hợp với Ban quản lý các khu công nghiệp nắm nhu cầu tuyển dụng của doanh nghiệp "
       "trong quý I để giới thiệu việc làm"},
      {"Đề nghị Bộ trình Chính phủ bổ sung nguồn vốn cho vay giải quyết việc làm từ Quỹ quốc gia "
       "về việc làm.",
       "Đề nghị Cục Việc làm hướng dẫn thống nhất cách thống kê số người được tạo việc làm tăng "
       "thêm, tránh tính trùng giữa các kênh.",
       "Đề nghị Bộ hỗ trợ kinh phí nâng cấp Trung tâm Dịch vụ việc làm của tỉnh để tổ chức giao "
       "dịch việc làm định kỳ."}};
  static const FieldText kAbroad = {
      "đưa lao động đi làm việc ở nước ngoài",
      {"Công tác tư vấn, tuyển chọn lao động đi làm việc ở nước ngoài tại cơ sở còn hạn chế.",
       "Tình trạng lao động bỏ hợp đồng, ở lại cư trú bất hợp pháp ở một số thị trường chưa được "
       "ngăn chặn triệt để."},
      {"thị trường Hàn Quốc tạm dừng tiếp nhận lao động mới theo chương trình EPS, thị trường "
       "Trung Đông tuyển dụng ít hơn",
       "người lao động ở các huyện nghèo thiếu vốn và chưa đáp ứng yêu cầu ngoại ngữ của thị "
       "trường",
       "một số doanh nghiệp dịch vụ chưa chủ động tìm kiếm hợp đồng, tuyển chọn còn dàn trải"},
      {"Tăng cường thông tin về các thị trường Nhật Bản, Đài Loan, Trung Đông đến cấp xã",
       "Phối hợp với Ngân hàng Chính sách xã hội giải quyết cho vay đối với lao động thuộc hộ "
       "nghèo đi làm việc ở nước ngoài",
       "Kiểm tra hoạt động tuyển chọn lao động của các doanh nghiệp dịch vụ trên địa bàn"},
      {"Đề nghị Bộ đàm phán để thị trường Hàn Quốc sớm tiếp nhận lại lao động theo chương trình "
       "EPS.",
       "Đề nghị Cục Quản lý lao động ngoài nước cung cấp thông tin thị trường và danh sách doanh "
       "nghiệp được phép tuyển lao động tại địa phương.",
       "Đề nghị tăng mức hỗ trợ học ngoại ngữ cho lao động các huyện nghèo đi làm việc ở nước "
       "ngoài."}};
  static const FieldText kVocational = {
      "dạy nghề",
      {"Chất lượng dạy nghề cho lao động nông thôn ở một số nơi chưa cao, tỷ lệ có việc làm "
       "sau học nghề chưa được theo dõi đầy đủ.",
       "Cơ sở vật chất, thiết bị dạy nghề của các trung tâm dạy nghề cấp huyện còn thiếu."},
      {"kinh phí Đề án 1956 phân bổ muộn, đến quý III mới giao cho các huyện",
       "các trung tâm dạy nghề cấp huyện thiếu giáo viên cơ hữu, một số nghề không tuyển đủ học "
       "viên",
       "người lao động nông thôn chưa mặn mà với các nghề được mở, lớp học phải lùi thời gian"},
      {"Mở thêm các lớp dạy nghề lưu động gắn với nhu cầu của doanh nghiệp và vùng sản xuất "
       "hàng hóa",
       "Đôn đốc các huyện giải ngân kinh phí dạy nghề cho lao động nông thôn trước ngày 31/12",
       "Rà soát, điều chỉnh danh mục nghề đào tạo cho phù hợp với nhu cầu của người học"},
      {"Đề nghị Tổng cục Dạy nghề sớm phân bổ kinh phí Đề án 1956 ngay từ đầu năm.",
       "Đề nghị Bộ hỗ trợ đầu tư thiết bị cho các trung tâm dạy nghề cấp huyện mới thành lập.",
       "Đề nghị sửa đổi định mức chi phí đào tạo nghề cho lao động nông thôn cho phù hợp với giá "
       "cả thực tế."}};
  static const FieldText kMerit = {
      "chăm sóc người có công",
      {"Việc xác nhận hồ sơ người có công tồn đọng còn chậm.",
       "Tiến độ xây mới, sửa chữa nhà tình nghĩa ở một số huyện chưa đạt kế hoạch."},
      {"nguồn vận động Quỹ Đền ơn đáp nghĩa năm nay giảm do doanh nghiệp khó khăn",
       "giá vật liệu xây dựng tăng, một số hộ chưa đối ứng được phần kinh phí sửa chữa nhà",
       "hồ sơ đề nghị hỗ trợ nhà ở của các xã gửi muộn, phải bổ sung nhiều lần"},
      {"Đẩy nhanh tiến độ xây mới, sửa chữa nhà tình nghĩa để bàn giao trước Tết Nguyên đán",
       "Tổ chức thăm, tặng quà người có công dịp Tết đầy đủ, đúng đối tượng",
       "Tiếp tục vận động Quỹ Đền ơn đáp nghĩa các cấp"},
      {"Đề nghị Bộ bổ sung kinh phí hỗ trợ nhà ở cho hộ người có công còn khó khăn về nhà ở.",
       "Đề nghị Cục Người có công hướng dẫn giải quyết hồ sơ tồn đọng không còn giấy tờ gốc.",
       "Đề nghị nâng mức hỗ trợ xây mới nhà tình nghĩa cho phù hợp với giá vật liệu."}};
  static const FieldText kPoverty = {
      "giảm nghèo",
      {"Kết quả giảm nghèo chưa bền vững, số hộ tái nghèo, hộ cận nghèo còn lớn.",
       "Việc lồng ghép các chương trình, dự án giảm nghèo trên địa bàn còn chưa chặt chẽ."},
      {"thiên tai, dịch bệnh trên cây trồng, vật nuôi làm một số hộ vừa thoát nghèo tái nghèo",
       "kinh phí Chương trình mục tiêu quốc gia giảm nghèo giao muộn, giải ngân chậm",
       "một bộ phận người dân còn tư tưởng trông chờ, ỷ lại vào chính sách hỗ trợ"},
      {"Tổ chức rà soát hộ nghèo, hộ cận nghèo cuối năm đúng quy trình, công khai",
       "Tập trung hỗ trợ sản xuất, nhân rộng mô hình giảm nghèo ở các xã đặc biệt khó khăn",
       "Lồng ghép dạy nghề, vay vốn và xuất khẩu lao động cho lao động thuộc hộ nghèo"},
      {"Đề nghị Bộ sớm hướng dẫn chuẩn nghèo giai đoạn mới để các cấp chủ động rà soát.",
       "Đề nghị bổ sung kinh phí hỗ trợ sản xuất cho các huyện nghèo theo Nghị quyết 30a.",
       "Đề nghị Cục Bảo trợ xã hội tập huấn cho cán bộ cấp xã về quy trình rà soát hộ nghèo."}};
  static const FieldText kChildren = {
      "bảo vệ, chăm sóc trẻ em",
      {"Mạng lưới cộng tác viên bảo vệ trẻ em ở thôn, bản còn mỏng, hoạt động chưa thường "
       "xuyên.",
       "Số trẻ em bị tai nạn thương tích, đuối nước vẫn còn xảy ra."},
      {"kinh phí vận động Quỹ Bảo trợ trẻ em giảm so với năm trước",
       "cán bộ làm công tác trẻ em cấp xã kiêm nhiệm, thường xuyên thay đổi",
       "nhiều trẻ em có hoàn cảnh đặc biệt ở vùng sâu chưa được phát hiện, lập hồ sơ kịp thời"},
      {"Tổ chức các hoạt động chăm lo cho trẻ em có hoàn cảnh đặc biệt dịp Tết",
       "Kiện toàn mạng lưới cộng tác viên bảo vệ trẻ em ở cơ sở",
       "Tiếp tục vận động các nguồn lực cho Quỹ Bảo trợ trẻ em"},
      {"Đề nghị Bộ hỗ trợ kinh phí triển khai mô hình phòng, chống đuối nước trẻ em.",
       "Đề nghị Cục Bảo vệ, chăm sóc trẻ em tập huấn kỹ năng cho cộng tác viên cấp thôn.",
       "Đề nghị Quỹ Bảo trợ trẻ em Việt Nam hỗ trợ phẫu thuật tim cho trẻ em nghèo của tỉnh."}};
  static const FieldText kSocialEvils = {
      "phòng, chống tệ nạn xã hội",
      {"Công tác quản lý sau cai nghiện tại cộng đồng còn lỏng lẻo, tỷ lệ tái nghiện cao.",
       "Việc xây dựng xã, phường lành mạnh không có tệ nạn xã hội chưa đồng đều."},
      {"cơ sở cai nghiện quá tải, xuống cấp, thiếu cán bộ y tế",
       "người nghiện không có nơi cư trú ổn định, khó lập hồ sơ đưa vào cơ sở",
       "kinh phí dạy nghề, tạo việc làm sau cai nghiện còn hạn chế"},
      {"Tổ chức cai nghiện tại gia đình và cộng đồng gắn với quản lý sau cai",
       "Phối hợp với công an rà soát, lập hồ sơ người nghiện ma túy trên địa bàn",
       "Nhân rộng mô hình hỗ trợ việc làm cho người sau cai nghiện"},
      {"Đề nghị Bộ hỗ trợ kinh phí cải tạo, nâng cấp Trung tâm Chữa bệnh - Giáo dục - Lao động "
       "xã hội của tỉnh.",
       "Đề nghị Cục Phòng, chống tệ nạn xã hội hướng dẫn thí điểm điều trị thay thế bằng "
       "Methadone tại cơ sở.",
       "Đề nghị sửa đổi mức hỗ trợ cho người cai nghiện tự nguyện."}};
  static const FieldText kSafety = {
      "an toàn, vệ sinh lao động",
      {"Tai nạn lao động nghiêm trọng vẫn còn xảy ra trong xây dựng và khai thác khoáng sản.",
       "Việc kiểm định máy, thiết bị có yêu cầu nghiêm ngặt ở doanh nghiệp nhỏ chưa đầy đủ."},
      {"lực lượng thanh tra an toàn lao động mỏng so với số doanh nghiệp",
       "nhiều doanh nghiệp nhỏ chưa đầu tư cho điều kiện làm việc, người lao động chưa được "
       "huấn luyện",
       "kinh phí Chương trình quốc gia về bảo hộ lao động giao muộn"},
      {"Tổ chức Tuần lễ quốc gia an toàn lao động và thanh tra các doanh nghiệp có nguy cơ cao",
       "Huấn luyện an toàn lao động cho người lao động ở các làng nghề",
       "Hoàn thiện dự thảo văn bản hướng dẫn về kiểm định kỹ thuật an toàn lao động"},
      {"Đề nghị bổ sung biên chế thanh tra chuyên ngành an toàn lao động.",
       "Đề nghị các địa phương báo cáo đầy đủ, kịp thời các vụ tai nạn lao động chết người.",
       "Đề nghị Bộ sớm trình Luật An toàn, vệ sinh lao động."}};
  static const FieldText kLegal = {
      "xây dựng văn bản",
      {"Một số văn bản quy phạm pháp luật trình chậm so với chương trình.",
       "Việc lấy ý kiến các bộ, ngành đối với dự thảo văn bản kéo dài."},
      {"nội dung dự thảo phức tạp, còn ý kiến khác nhau giữa các bộ, ngành",
       "đơn vị chủ trì soạn thảo phải tập trung cho các nhiệm vụ đột xuất",
       "việc tổng kết thực tiễn làm cơ sở xây dựng văn bản mất nhiều thời gian"},
      {"Hoàn thiện hồ sơ các đề án, văn bản còn chậm để trình trong tháng tới",
       "Rà soát chương trình xây dựng văn bản năm sau, loại bỏ các đề án không cần thiết",
       "Phối hợp với Văn phòng Chính phủ đẩy nhanh việc thẩm tra các dự thảo đã trình"},
      {"Đề nghị Lãnh đạo Bộ cho phép điều chỉnh thời hạn trình một số văn bản sang quý I năm sau.",
       "Đề nghị các đơn vị phối hợp gửi ý kiến góp ý đúng thời hạn.",
       "Đề nghị bố trí kinh phí tổng kết thi hành các luật trong lĩnh vực lao động."}};
  static const FieldText kGender = {
      "bình đẳng giới",
      {"Tỷ lệ nữ tham gia học nghề ở một số nghề kỹ thuật còn thấp.",
       "Công tác thống kê số liệu có phân tách giới tính chưa đầy đủ."},
      {"định kiến giới trong chọn nghề của lao động nữ nông thôn",
       "lao động nữ vướng bận gia đình, khó tham gia các lớp học tập trung",
       "thiếu số liệu phân tách theo giới từ cấp xã"},
      {"Tuyên truyền về bình đẳng giới trong học nghề, việc làm",
       "Mở lớp dạy nghề linh hoạt về thời gian cho lao động nữ",
       "Hướng dẫn thu thập số liệu có phân tách giới tính"},
      {"Đề nghị Vụ Bình đẳng giới ban hành bộ chỉ số thống kê giới cấp tỉnh.",
       "Đề nghị hỗ trợ kinh phí truyền thông về bình đẳng giới ở vùng sâu, vùng xa.",
       "Đề nghị lồng ghép chỉ tiêu bình đẳng giới trong các chương trình mục tiêu."}};
  static const FieldText kGeneral = {
      "thực hiện chương trình công tác",
      {"Công tác thu thập, tổng hợp số liệu từ cấp huyện, xã còn chậm, có lúc chưa kịp thời.",
       "Một số nhiệm vụ trong chương trình công tác triển khai chậm so với thời hạn."},
      {"cán bộ làm công tác lao động - thương binh và xã hội cấp xã kiêm nhiệm nhiều việc",
       "kinh phí thực hiện một số nhiệm vụ được giao muộn",
       "phải tập trung cho các nhiệm vụ đột xuất được giao"},
      {"Rà soát các nhiệm vụ còn chậm, phân công cụ thể người chịu trách nhiệm và thời hạn",
       "Tăng cường kiểm tra, đôn đốc việc thực hiện chương trình công tác",
       "Chuẩn bị tổng kết năm và xây dựng chương trình công tác năm sau"},
      {"Đề nghị Bộ tổ chức tập huấn nghiệp vụ thống kê, báo cáo cho cán bộ cấp huyện.",
       "Đề nghị sớm giao kinh phí sự nghiệp năm sau ngay từ đầu năm.", ""}};
  switch (f) {
    case Field::kJobs:
      return kJobs;
    case Field::kAbroad:
      return kAbroad;
    case Field::kVocational:
      return kVocational;
    case Field::kMerit:
      return kMerit;
    case Field::kPoverty:
      return kPoverty;
    case Field::kChildren:
      return kChildren;
    case Field::kSocialEvils:
      return kSocialEvils;
    case Field::kSafety:
      return kSafety;
    case Field::kLegal:
      return kLegal;
    case Field::kGender:
      return kGender;
    case Field::kGeneral:
      break;
  }
  return kGeneral;
}

// The field of a target: by its catalogue indicator, else by the area of part II it is written in.
Field FieldOfTarget(const domain::Target& t) {
  const std::string& c = t.indicator_code;
  auto starts = [&](const char* p) { return c.rfind(p, 0) == 0; };
  if (starts("xkld")) return Field::kAbroad;
  if (starts("viec_lam") || starts("that_nghiep") || starts("so_that_nghiep") || starts("llld"))
    return Field::kJobs;
  if (starts("tuyen_moi") || starts("day_nghe_ldnt")) return Field::kVocational;
  if (starts("nha_tinh_nghia") || starts("quy_den_on") || starts("ho_ncc") ||
      starts("tinh_xoa_nha") || starts("xa_lam_tot"))
    return Field::kMerit;
  if (starts("ty_le_ho_ngheo") || starts("so_ho_ngheo") || starts("tong_so_ho"))
    return Field::kPoverty;
  if (starts("tre_em") || starts("quy_btte") || starts("xa_phu_hop")) return Field::kChildren;
  if (starts("cai_nghien") || starts("gdcb") || starts("day_nghe_sau")) return Field::kSocialEvils;
  if (starts("ty_le_nu")) return Field::kGender;
  const std::string& s = t.section;
  auto in = [&](const char* area) { return s == area || s.rfind(std::string(area) + ".", 0) == 0; };
  if (in("II.1")) return Field::kLegal;
  if (in("II.2")) return Field::kJobs;
  if (in("II.3")) return Field::kAbroad;
  if (in("II.4")) return Field::kSafety;
  if (in("II.5")) return Field::kVocational;
  if (in("II.6")) return Field::kMerit;
  if (in("II.7") || in("II.8")) return Field::kPoverty;
  if (in("II.9")) return Field::kChildren;
  if (in("II.10")) return Field::kGender;
  if (in("II.11")) return Field::kSocialEvils;
  // The 2012 decision's section I, item by item (the demo's seed).
  static const std::map<std::string, Field> kPartOne = {
      {"I.1", Field::kJobs},    {"I.2", Field::kVocational}, {"I.3", Field::kMerit},
      {"I.4", Field::kPoverty}, {"I.5", Field::kPoverty},    {"I.6", Field::kChildren},
      {"I.7", Field::kGender},  {"I.8", Field::kSocialEvils}};
  if (auto it = kPartOne.find(s); it != kPartOne.end()) return it->second;
  return Field::kGeneral;
}

// The field a Ministry unit leads; kGeneral for the others (and every province).
Field FieldOfUnit(const domain::OrgUnit& u) {
  static const std::map<std::string, Field> kLead = {
      {"VL", Field::kJobs},        {"QLLDNN", Field::kAbroad},      {"TCDN", Field::kVocational},
      {"NCC", Field::kMerit},      {"BTXH", Field::kPoverty},       {"BVCSTE", Field::kChildren},
      {"QBTTE", Field::kChildren}, {"PCTNXH", Field::kSocialEvils}, {"ATLD", Field::kSafety},
      {"PC", Field::kLegal},       {"BDG", Field::kGender}};
  auto it = kLead.find(u.code);
  return it == kLead.end() ? Field::kGeneral : it->second;
}

// What a province's place adds to a cause (invented, by the region of its code).
const char* PlaceCause(const domain::OrgUnit& u) {
  if (u.kind != domain::OrgKind::kProvince) return nullptr;
  static const std::set<std::string> kMountains = {"02", "04", "06", "08", "10", "11", "12",
                                                   "14", "15", "17", "19", "20", "24", "25",
                                                   "62", "64", "66", "67", "68"};
  static const std::set<std::string> kCentral = {"38", "40", "42", "44", "45", "46",
                                                 "48", "49", "51", "52", "54", "56"};
  static const std::set<std::string> kDelta = {"80", "82", "83", "84", "86", "87", "89",
                                               "91", "92", "93", "94", "95", "96"};
  if (kMountains.count(u.code)) return "địa bàn miền núi rộng, giao thông đi lại khó khăn";
  if (kCentral.count(u.code)) return "mưa bão, lũ lụt trong các tháng 9, 10 ảnh hưởng đến sản xuất";
  if (kDelta.count(u.code)) return "nhiều lao động đi làm ăn xa, khó nắm bắt và thống kê";
  return nullptr;
}

// One target's year to date against the season's pace (flows with a plan only).
struct Behind {
  const Track* track = nullptr;
  double achieved = 0;  // of the year's plan
  double expected = 0;  // of the year's plan, by the season
};

const char* Pick(const char* const* options, size_t n, double draw) {
  size_t i = std::min(n - 1, size_t(draw * double(n)));
  return options[i];
}

// One of a field's proposals, from the one `draw` picks on: addressed to someone else, never to
// the unit writing it ("" when all are).
std::string ProposalOf(const FieldText& f, const domain::OrgUnit& unit, double draw) {
  const size_t first = std::min<size_t>(2, size_t(draw * 3));
  for (size_t k = 0; k < 3; ++k) {
    std::string text = f.proposal[(first + k) % 3];
    if (text.empty() || text.find(unit.name) != std::string::npos) continue;
    // A province asks for itself; a Ministry unit does not ask for "the province".
    const bool province = unit.kind == domain::OrgKind::kProvince;
    const bool local =
        text.find("tỉnh") != std::string::npos || text.find("địa phương") != std::string::npos;
    if (!province && local) continue;
    if (province && text.find("các địa phương") != std::string::npos) continue;
    return text;
  }
  return "";
}

// The four sections after the results: shortcomings, causes, next steps, proposals.
std::array<std::string, 4> Narratives(const domain::OrgUnit& unit, const domain::Period& p,
                                      const std::vector<Track>& tracks) {
  const int last = p.end.month;
  double season = 0;
  for (int m = 1; m <= last; ++m) season += kSeason[m - 1];
  std::vector<Behind> behind;
  for (const auto& t : tracks) {
    if (t.rate || t.change || !(t.plan > 0)) continue;
    Behind b{&t, t.by_month[last] / t.plan, season};
    if (b.achieved < 0.95 * b.expected) behind.push_back(b);
  }
  std::sort(behind.begin(), behind.end(), [](const Behind& a, const Behind& b) {
    return a.achieved / a.expected < b.achieved / b.expected;
  });
  if (behind.size() > 2) behind.resize(2);
  const std::string key = p.Key();
  auto draw = [&](const char* what, const std::string& more = "") {
    return Draw({unit.code, key, what, more});
  };
  std::array<std::string, 4> out;
  if (behind.empty()) {
    const auto& f = TextOf(FieldOfUnit(unit));
    out[0] = Pick(f.shortcoming, 2, draw("shortcoming"));
    // The report prints "Nguyên nhân: " before it.
    out[1] = std::string("Chủ yếu do ") + Pick(f.cause, 3, draw("cause")) + ".";
    // Two different steps of its field.
    const size_t first = std::min<size_t>(2, size_t(draw("step") * 3));
    const size_t second = (first + 1 + (draw("step", "2") < 0.5 ? 0 : 1)) % 3;
    out[2] = "- " + std::string(f.step[first]) + ".\n- " + f.step[second] + ".";
    // A unit on pace has often nothing to ask.
    if (draw("proposal") < 0.5) out[3] = ProposalOf(f, unit, draw("which proposal"));
    return out;
  }
  // A unit writes one item as a sentence and several as a list ("- …" a line), as the
  // Ministry's reports set them (the consolidated report puts "- Unit: " before each).
  auto items = [](const std::vector<std::string>& list) {
    if (list.size() == 1) return list.front();
    std::string joined;
    for (const auto& x : list) joined += (joined.empty() ? "- " : "\n- ") + x;
    return joined;
  };
  std::vector<std::string> shortcomings, causes, steps, proposals;
  std::vector<std::pair<Field, std::string>> cause_of;
  std::set<Field> fields;
  for (const auto& b : behind) {
    const auto& target = *b.track->target;
    // At the year's end the pace is the plan itself: "chưa hoàn thành", not "cần đạt 100%".
    shortcomings.push_back(
        last == 12 ? target.name() + " cả năm ước đạt " + Percent(b.achieved) +
                         " kế hoạch, chưa hoàn thành kế hoạch năm."
                   : target.name() + " đến nay đạt " + Percent(b.achieved) +
                         " kế hoạch năm, thấp hơn tiến độ (theo kế hoạch cần đạt khoảng " +
                         Percent(b.expected) + ").");
    const Field field = FieldOfTarget(target.target);
    if (!fields.insert(field).second) continue;  // one cause, step and proposal per field
    const auto& f = TextOf(field);
    std::string cause = Pick(f.cause, 3, draw("cause", target.target.indicator));
    if (const char* place = PlaceCause(unit); place && draw("place") < 0.7) {
      cause += "; " + std::string(place);
    }
    cause_of.emplace_back(field, cause + ".");
    steps.push_back(std::string(Pick(f.step, 3, draw("step", target.target.indicator))) + ".");
    if (auto proposal = ProposalOf(f, unit, draw("proposal", target.target.indicator));
        !proposal.empty()) {
      proposals.push_back(proposal);
    }
  }
  // One cause: "Chủ yếu do …" (the report prints "Nguyên nhân: " before it); several, by field.
  for (const auto& [field, cause] : cause_of) {
    if (cause_of.size() == 1 || field == Field::kGeneral) {
      causes.push_back((cause_of.size() == 1 ? "Chủ yếu do " : "Do ") + cause);
    } else {
      causes.push_back("Về " + std::string(TextOf(field).label) + ": " + cause);
    }
  }
  const bool province = unit.kind == domain::OrgKind::kProvince;
  if (last == 12) {
    steps.push_back("Tổng kết năm " + std::to_string(p.year) +
                    ", làm rõ nguyên nhân các chỉ tiêu không đạt và xây dựng kế hoạch năm " +
                    std::to_string(p.year + 1) + ".");
  } else {
    steps.push_back(
        std::string("Đôn đốc ") +
        (province ? "các huyện, thị xã, thành phố" : "các đơn vị phối hợp") +
        " phấn đấu hoàn thành các chỉ tiêu còn chậm trong những tháng còn lại của năm " +
        std::to_string(p.year) + ".");
  }
  out = {items(shortcomings), items(causes), items(steps),
         proposals.empty() ? std::string() : items(proposals)};
  return out;
}

// A section by its number and where it begins (a decision may number two sections alike).
using SectionDue = std::map<std::pair<std::string, uint32_t>, core::CivilDate>;
std::pair<std::string, uint32_t> SectionKey(const domain::Section& s) {
  return {s.number, s.span.offset};
}

// The values, task progress and narrative of one report. A flow's value for the period runs
// from the end of the unit's previous report of the obligation (`since`, a month; 0 for the
// first, which then carries the months before the decision too).
service::ReportInput Content(const service::ReportForm& form, const std::vector<Track>& tracks,
                             const SectionDue& section_due, int since) {
  service::ReportInput in;
  const auto& p = form.period;
  const int first = p.start.month, last = p.end.month;
  bool once = p.kind == domain::PeriodKind::kOnce || p.kind == domain::PeriodKind::kYear;
  std::string results;
  for (const auto& t : tracks) {
    const auto& target = t.target->target;
    if (t.level) {
      // A rate's part: the period's level, the mean of its months' (no plan, no cumulative).
      if (once) continue;
      double sum = 0;
      for (int m = first; m <= last; ++m) sum += t.by_month[m];
      const core::Decimal v = Whole(sum / (last - first + 1));
      in.values.push_back({t.target->id, ValueScope::kPeriod, ValueKind::kEstimate, v, ""});
      results += target.indicator + ": " + v.ToVietnamese() + " " + target.unit + ". ";
      continue;
    }
    if (once) {
      if (t.change) continue;
      in.values.push_back({t.target->id, ValueScope::kPeriod, ValueKind::kPlan,
                           t.rate ? Hundredths(t.plan) : Whole(t.plan), ""});
      results += "Kế hoạch năm: " + target.indicator + " " +
                 (t.rate ? Hundredths(t.plan) : Whole(t.plan)).ToVietnamese() + " " + target.unit +
                 ". ";
      continue;
    }
    if (t.rate) {
      double sum = 0;
      for (int m = first; m <= last; ++m) sum += t.by_month[m];
      double v = std::round(sum / (last - first + 1) * 100) / 100;
      in.values.push_back(
          {t.target->id, ValueScope::kPeriod, ValueKind::kEstimate, Hundredths(v), ""});
      results += target.indicator + ": ước " + Hundredths(v).ToVietnamese() + "%. ";
      continue;
    }
    double period = t.by_month[last] - t.by_month[std::min(since, first - 1)];
    double cumulative = t.by_month[last];
    in.values.push_back(
        {t.target->id, ValueScope::kPeriod, ValueKind::kEstimate, Whole(period), ""});
    in.values.push_back(
        {t.target->id, ValueScope::kCumulative, ValueKind::kEstimate, Whole(cumulative), ""});
    results += target.indicator + ": " + Whole(period).ToVietnamese() + " " + target.unit +
               ", lũy kế " + Whole(cumulative).ToVietnamese() + " " + target.unit;
    if (t.plan > 0) results += ", đạt " + Percent(cumulative / t.plan) + " kế hoạch năm";
    results += ". ";
  }
  if (results.empty()) {
    results = "Đơn vị tiếp tục triển khai các nhiệm vụ được giao trong Chương trình công tác.";
  }
  in.narrative.push_back({domain::Narrative::kResults, results});
  if (once) {
    in.narrative.push_back(
        {domain::Narrative::kNextSteps, "Triển khai các nhiệm vụ theo Chương trình công tác năm " +
                                            std::to_string(p.year) + " của Bộ."});
  } else {
    auto more = Narratives(*form.unit, p, tracks);
    const domain::Narrative sections[4] = {
        domain::Narrative::kShortcomings, domain::Narrative::kCauses, domain::Narrative::kNextSteps,
        domain::Narrative::kProposals};
    for (size_t i = 0; i < 4; ++i) {
      if (!more[i].empty()) in.narrative.push_back({sections[i], more[i]});
    }
  }

  // Task progress comes with the quarterly reports: done by its deadline for most units,
  // otherwise in progress by the share of the year gone.
  if (p.kind == domain::PeriodKind::kQuarter) {
    const std::string& code = form.unit->code;
    std::set<std::string> seen;
    for (const auto& task : form.tasks()) {
      // Two sections numbered alike ("11.2." twice in the 2012 decision) give the same task ids.
      if (!seen.insert(task.id).second) continue;
      domain::TaskProgress tp;
      tp.task_id = task.id;
      double d = Draw({code, task.id, "task"});
      auto due = section_due.find(SectionKey(*task.section));
      if (due != section_due.end() && due->second <= p.end) {
        tp.status = d < 0.12 ? domain::TaskStatus::kInProgress : domain::TaskStatus::kDone;
      } else if (last == 12) {
        tp.status = d < 0.25 ? domain::TaskStatus::kInProgress : domain::TaskStatus::kDone;
      } else {
        tp.status = domain::TaskStatus::kInProgress;
      }
      if (tp.status == domain::TaskStatus::kInProgress) {
        tp.percent = std::min(95, int(std::lround(last / 12.0 * 100 * (0.6 + 0.4 * d))));
      } else {
        tp.percent = 100;
        tp.output = "Đã hoàn thành";
      }
      in.tasks.push_back(std::move(tp));
    }
  }
  return in;
}

// Who sends a unit's reports and who checks them: its editor and its approver, never one person
// (four eyes). A demo account stands for them where the demo has one (Hà Nội's, the Cục Việc
// làm's editor); the other units' staff have no account in the demo and act as principals of
// their unit under names of their own, so the audit tells the two apart everywhere.
struct Staff {
  domain::Principal editor;
  domain::Principal approver;
};

Staff StaffOf(const domain::OrgUnit& unit, const std::vector<service::UserView>& accounts,
              const domain::OrgRegistry& registry) {
  auto of = [&](domain::Role role, const char* suffix) {
    for (const auto& a : accounts) {
      const domain::OrgUnit* home = a.unit ? registry.Find(*a.unit) : nullptr;
      // By code: the demo's Hà Nội accounts belong to the Hà Nội of 2025, which continues the
      // reports of the Hà Nội of 2012.
      if (a.role == role && a.active && home && home->code == unit.code) {
        return domain::Principal{a.id, a.username, a.role, a.unit};
      }
    }
    return domain::Principal{0, unit.code + suffix, role, unit.id};
  };
  return {of(domain::Role::kEditor, ".nhaplieu"), of(domain::Role::kApprover, ".duyet")};
}

// Who signed the Ministry's monthly reports in the demo: a Deputy Minister for the Minister
// (Decree 30's "KT. BỘ TRƯỞNG / THỨ TRƯỞNG"), the name the demo's browser flow signs December
// with. The number is the one the Ministry's văn thư gave it: the reports the Ministry issued
// before it that year are not in the demo.
constexpr int64_t kNovemberNumber = 45;
const domain::DocumentSignature kDemoSignature = {"KT. BỘ TRƯỞNG", "THỨ TRƯỞNG",
                                                  "Nguyễn Thanh Hòa"};

// The Ministry's consolidated report of November of `year`, generated by the demo's planner
// (kehoach) on 19 December and issued on the 20th as "Số: 45/BC-LĐTBXH", through the service
// the API uses (each step audited), so that the Documents page opens on one issued report and
// December is left for the Office. Does nothing when a November report exists (draft or issued).
core::Status IssueNovemberReport(const service::Services& svc, HeldClock& clock,
                                 service::ProgramId pid, int year, std::ostream& out) {
  auto system = service::SystemPrincipal("demo");
  const std::string period = std::to_string(year) + "-M11";
  service::DocumentListFilter filter;
  filter.kind = domain::DocumentKind::kConsolidated;
  filter.period = period;
  WP_ASSIGN_OR_RETURN(auto existing, svc.documents.List(system, pid, filter));
  if (!existing.empty()) return {};
  domain::Principal planner = system;
  WP_ASSIGN_OR_RETURN(auto accounts, svc.accounts.ListUsers(system));
  for (const auto& a : accounts) {
    if (a.username == "kehoach" && a.active && a.role == domain::Role::kPlanner) {
      planner = domain::Principal{a.id, a.username, a.role, a.unit};
    }
  }
  auto restore = [&clock](core::Status s) {
    clock.Release();
    return s;
  };
  clock.Hold(AtWork({year, 12, 19}, 0.1));
  service::GenerateInput in;
  in.kind = domain::DocumentKind::kConsolidated;
  in.period = period;
  in.as_of = core::CivilDate{year, 11, 30};
  auto draft = svc.documents.Generate(planner, pid, in);
  if (!draft) return restore(tl::unexpected(draft.error()));
  clock.Hold(AtWork({year, 12, 20}, 0.7));
  service::DocumentIssueInput issue;
  issue.version = draft->version;
  issue.number = kNovemberNumber;
  issue.date = core::CivilDate{year, 12, 20};
  issue.signature = kDemoSignature;
  auto issued = svc.documents.Issue(planner, draft->id, issue);
  if (!issued) return restore(tl::unexpected(issued.error()));
  clock.Release();
  out << "  báo cáo tổng hợp tháng 11 năm " << year << ": đã ban hành số "
      << issued->number.value_or("") << " (" << issued->blocks.size() << " đoạn)\n";
  return {};
}

// The demo's amendments of the 2012 program (issue 18), each step through the service the API
// uses at its day of 2012, once (none when the program has any): Cục Việc làm asks on 15/6 to
// raise the jobs target from 1.600 to 1.650 nghìn người from 1/7, Vụ Kế hoạch – Tài chính
// forwards it on 19/6, the Minister approves it on 22/6 (QĐ 1012/QĐ-LĐTBXH); on 10/9 Cục Việc
// làm asks to raise its domestic part from 1.510 to 1.560 nghìn from 1/7 to match, forwarded on
// 14/9 and waiting for lanhdao, the Thứ trưởng the Minister delegated ("Chờ phê duyệt (1)").
core::Status DemoAmendments(const service::Services& svc, HeldClock& clock, service::ProgramId pid,
                            int year, std::ostream& out) {
  auto system = service::SystemPrincipal("demo");
  WP_ASSIGN_OR_RETURN(auto existing, svc.amendments.List(system, pid, {}));
  if (!existing.empty()) return {};
  auto principal = [&](const char* name) -> std::optional<domain::Principal> {
    auto u = svc.accounts.GetUser(system, name);
    if (!u || !u->active) return std::nullopt;
    return domain::Principal{u->id, u->username, u->role, u->unit};
  };
  auto vieclam = principal("vieclam"), planner = principal("kehoach"),
       minister = principal("botruong");
  if (!vieclam || !planner || !minister) return {};
  WP_ASSIGN_OR_RETURN(auto program, svc.programs.GetProgram(system, pid));
  auto target_of = [&](std::string_view code) -> std::optional<int64_t> {
    for (const auto& st : program->targets) {
      if (st.target.indicator_code == code && !st.target.mention_of) return st.id;
    }
    return std::nullopt;
  };
  auto jobs = target_of("viec_lam"), domestic = target_of("viec_lam_trong_nuoc");
  if (!jobs || !domestic) return {};
  auto restore = [&clock](core::Status s) {
    clock.Release();
    return s;
  };
  auto propose = [&](int64_t target, const char* value, const char* reason,
                     core::CivilDate on) -> core::Result<service::AmendmentView> {
    clock.Hold(AtWork(on, 0.3));
    service::AmendmentInput in;
    in.effective_from = core::CivilDate{year, 7, 1};
    in.reason = reason;
    in.changes.push_back({"target_value", "target:" + std::to_string(target), value});
    in.submit = true;
    return svc.amendments.Save(*vieclam, pid, std::nullopt, 0, in);
  };
  auto forward = [&](const service::AmendmentView& a, const char* opinion, core::CivilDate on) {
    clock.Hold(AtWork(on, 0.5));
    return svc.amendments.Act(*planner, a.id, a.version, domain::AmendmentAction::kForward, opinion,
                              "");
  };
  auto raised = propose(*jobs, "1.650.000",
                        "Sáu tháng đầu năm cả nước tạo việc làm cho 790 nghìn người, đạt 49,4% kế "
                        "hoạch; nhu cầu tuyển dụng của doanh nghiệp tăng mạnh từ quý III nên đề "
                        "nghị nâng chỉ tiêu tạo việc làm năm 2012",
                        {year, 6, 15});
  if (!raised) return restore(tl::unexpected(raised.error()));
  auto sent = forward(*raised, "Vụ Kế hoạch – Tài chính thống nhất, đề nghị Bộ trưởng phê duyệt",
                      {year, 6, 19});
  if (!sent) return restore(tl::unexpected(sent.error()));
  clock.Hold(AtWork({year, 6, 22}, 0.6));
  auto approved = svc.amendments.Act(*minister, sent->id, sent->version,
                                     domain::AmendmentAction::kApprove, "Đồng ý", "1012/QĐ-LĐTBXH");
  if (!approved) return restore(tl::unexpected(approved.error()));
  auto part = propose(*domestic, "1.560.000",
                      "Điều chỉnh chỉ tiêu tạo việc làm trong nước cho khớp với chỉ tiêu tạo việc "
                      "làm 1.650 nghìn người đã được Bộ trưởng phê duyệt (xuất khẩu lao động giữ "
                      "90 nghìn người)",
                      {year, 9, 10});
  if (!part) return restore(tl::unexpected(part.error()));
  auto waiting =
      forward(*part, "Đề nghị Lãnh đạo Bộ phê duyệt để đồng bộ với chỉ tiêu chung", {year, 9, 14});
  if (!waiting) return restore(tl::unexpected(waiting.error()));
  clock.Release();
  out << "  điều chỉnh chương trình năm " << year
      << ": 1 đã phê duyệt (tạo việc làm 1.650 nghìn người từ 01/7), 1 chờ phê duyệt\n";
  return {};
}

}  // namespace

core::Status SetDemoBaselines(const service::Services& svc, service::ProgramId id) {
  auto planner = service::SystemPrincipal("demo");
  WP_ASSIGN_OR_RETURN(auto program, svc.programs.GetProgram(planner, id));
  for (const auto& st : program->targets) {
    const auto& t = st.target;
    if (t.baseline || (t.comparator != domain::Comparator::kDecreaseBy &&
                       t.comparator != domain::Comparator::kIncreaseBy)) {
      continue;
    }
    auto base = kBaseline.find(t.indicator_code);
    if (base == kBaseline.end()) continue;
    char typed[32];
    std::snprintf(typed, sizeof typed, "%.2f", base->second);
    std::replace(typed, typed + std::strlen(typed), '.', ',');  // typed as a Vietnamese would
    service::CorrectionInput in{"target:" + std::to_string(st.id), "baseline", typed,
                                "Mức gốc của bản demo (số liệu mẫu, không phải nguồn chính thức)"};
    WP_RETURN_IF_ERROR(svc.programs.CorrectProgram(planner, id, in));
  }
  return {};
}

core::Status LoadDemoReports(const service::Services& svc, HeldClock& clock, int year,
                             std::ostream& out) {
  auto system = service::SystemPrincipal("demo");
  WP_ASSIGN_OR_RETURN(auto programs, svc.programs.ListPrograms(system));
  auto it = std::find_if(programs.begin(), programs.end(), [&](const auto& p) {
    return p.status == service::ProgramStatus::kPublished && p.year == year;
  });
  if (it == programs.end()) return {};
  const service::ProgramId pid = it->id;
  WP_ASSIGN_OR_RETURN(auto due, svc.reporting.DueReports(system, pid, {}));
  if (std::any_of(due.begin(), due.end(), [](const auto& d) { return d.report.has_value(); })) {
    // A demo loaded before it had them.
    WP_RETURN_IF_ERROR(DemoAmendments(svc, clock, pid, year, out));
    return IssueNovemberReport(svc, clock, pid, year, out);
  }
  WP_ASSIGN_OR_RETURN(auto program, svc.programs.GetProgram(system, pid));
  WP_ASSIGN_OR_RETURN(auto accounts, svc.accounts.ListUsers(system));
  WP_RETURN_IF_ERROR(AllocateDemo(svc, pid, *program, out));
  std::set<int64_t> by_provinces;  // the targets some province reports
  {
    WP_ASSIGN_OR_RETURN(auto view, svc.reporting.Allocations(system, pid));
    for (const auto& t : view.targets) {
      for (auto id : t.reporters) {
        const auto* u = svc.org.registry().Find(id);
        if (u && u->kind == domain::OrgKind::kProvince) by_provinces.insert(t.target_id);
      }
    }
  }

  SectionDue section_due;  // the earliest deadline of a section
  for (const auto& d : program->record.plan.deadlines) {
    const auto* section = domain::SectionOf(program->record.plan, d.section, d.span);
    if (!d.due || !section) continue;
    auto [pos, fresh] = section_due.emplace(SectionKey(*section), *d.due);
    if (!fresh && *d.due < pos->second) pos->second = *d.due;
  }
  double total_weight = 0;
  std::set<domain::OrgUnitId> provinces;
  for (const auto& d : due) {
    const auto* u = svc.org.registry().Find(d.expected.unit);
    if (u && u->kind == domain::OrgKind::kProvince && provinces.insert(u->id).second) {
      auto w = kProvinceWeight.find(u->code);
      total_weight += w == kProvinceWeight.end() ? 1000 : w->second;
    }
  }

  std::map<domain::OrgUnitId, std::vector<Track>> tracks;  // made at a unit's first report
  std::map<std::pair<domain::OrgUnitId, std::string>, int> reported_to;  // month, by obligation
  const auto& cal = svc.org.calendar();
  size_t sent = 0, approved = 0, late = 0, missing = 0;
  auto restore = [&clock](core::Status s) {
    clock.Release();
    return s;
  };
  for (const auto& d : due) {
    const auto* unit = svc.org.registry().Find(d.expected.unit);
    if (!unit) continue;
    const auto& e = d.expected;
    Fate fate = FateOf(*unit, e.period);
    if (fate == Fate::kMissing || fate == Fate::kLeftOpen) {
      ++missing;
      continue;
    }
    // A unit's own program (issue 18) is no form: the unit's editor writes a task under each of
    // the first sections it leads and sends it on its fate's day; the planning office accepts.
    if (auto o = svc.reporting.FindObligation(*program, e.obligation);
        o && service::IsUnitProgram(*o)) {
      const std::string key = e.period.Key();
      core::CivilDate on =
          fate == Fate::kLate
              ? cal.OnOrNextWorkingDay(
                    AddDays(e.due, 1 + long(Draw({unit->code, key, "days"}) * 6)))
              : PreviousWorkingDay(cal, AddDays(e.due, -long(Draw({unit->code, key, "days"}) * 4)));
      clock.Hold(AtWork(on, Draw({unit->code, key, "hour"})));
      const Staff staff = StaffOf(*unit, accounts, svc.org.registry());
      auto view = svc.unit_programs.Get(staff.editor, pid, unit->id);
      if (!view) return restore(tl::unexpected(view.error()));
      domain::UnitProgramContent content;
      for (const auto& item : view->items) {
        if (item.kind != "section" || content.tasks.size() >= 3) continue;
        domain::UnitTask t;
        t.serves = item.key;
        t.text = "Triển khai tại đơn vị: " + item.title;
        t.due = core::CivilDate{year, 12, 15};
        t.output = "Báo cáo kết quả (số liệu mẫu)";
        content.tasks.push_back(std::move(t));
      }
      if (content.tasks.empty()) {
        ++missing;
        continue;
      }
      auto saved = svc.unit_programs.Save(staff.editor, pid, unit->id, 0, content);
      if (!saved) return restore(tl::unexpected(saved.error()));
      auto sent_up = svc.unit_programs.Act(staff.editor, *saved->id, saved->version,
                                           domain::UnitProgramAction::kSubmit, "");
      if (!sent_up) return restore(tl::unexpected(sent_up.error()));
      ++sent;
      if (fate == Fate::kLate) ++late;
      core::CivilDate checked =
          cal.OnOrNextWorkingDay(AddDays(on, 1 + long(Draw({unit->code, key, "approval"}) * 3)));
      clock.Hold(AtWork(checked, Draw({unit->code, key, "approval hour"})));
      auto accepted = svc.unit_programs.Act(system, *sent_up->id, sent_up->version,
                                            domain::UnitProgramAction::kAccept, "");
      if (!accepted) return restore(tl::unexpected(accepted.error()));
      ++approved;
      continue;
    }
    service::ReportRef ref{pid, e.obligation, e.period.Key(), unit->id};
    auto form = svc.reporting.GetReportForm(system, ref);
    if (!form) return restore(tl::unexpected(form.error()));
    if (!tracks.count(unit->id)) {
      auto& list = tracks[unit->id];
      auto w = kProvinceWeight.find(unit->code);
      double share = unit->kind == domain::OrgKind::kProvince
                         ? (w == kProvinceWeight.end() ? 1000 : w->second) / total_weight
                         : 1.0;
      std::map<int64_t, std::optional<int64_t>> parent_of;
      for (const auto& row : form->targets()) {
        if (row.rate) {  // a rate's part: the unit's figures of the rate, as its parts
          if (auto f = FigureFor(*unit, row.rate->target, by_provinces.count(row.rate->id)))
            list.push_back(MakePartTrack(*unit, *f, row, share));
          continue;
        }
        if (auto f = FigureFor(*unit, row.target->target, by_provinces.count(row.target->id))) {
          list.push_back(MakeTrack(*unit, *f, *row.target, share, row.allocated));
          parent_of[row.target->id] = row.form.parent_id;
        }
      }
      FitParts(list, parent_of);
    }
    int& since = reported_to[{unit->id, e.obligation}];
    auto input = Content(*form, tracks[unit->id], section_due, since);
    since = e.period.end.month;

    core::CivilDate on =
        fate == Fate::kLate
            ? cal.OnOrNextWorkingDay(
                  AddDays(e.due, 1 + long(Draw({unit->code, ref.period, "days"}) * 6)))
            : PreviousWorkingDay(cal,
                                 AddDays(e.due, -long(Draw({unit->code, ref.period, "days"}) * 4)));
    clock.Hold(AtWork(on, Draw({unit->code, ref.period, "hour"})));
    const Staff staff = StaffOf(*unit, accounts, svc.org.registry());
    auto saved = svc.reporting.SaveReport(staff.editor, ref, 0, input, ReportAction::kSubmit);
    if (!saved) return restore(tl::unexpected(saved.error()));
    ++sent;
    if (fate == Fate::kLate) ++late;
    if (fate == Fate::kAwaiting) continue;
    core::CivilDate checked = cal.OnOrNextWorkingDay(
        AddDays(on, 1 + long(Draw({unit->code, ref.period, "approval"}) * 3)));
    clock.Hold(AtWork(checked, Draw({unit->code, ref.period, "approval hour"})));
    if (fate == Fate::kReturned) {
      auto r = svc.reporting.ActOnReport(
          staff.approver, saved->report->id, saved->version(), ReportAction::kReturn,
          "Đề nghị bổ sung số lũy kế và làm rõ nguyên nhân chỉ tiêu đạt thấp.");
      if (!r) return restore(tl::unexpected(r.error()));
      continue;
    }
    auto r = svc.reporting.ActOnReport(staff.approver, saved->report->id, saved->version(),
                                       ReportAction::kApprove, "");
    if (!r) return restore(tl::unexpected(r.error()));
    ++approved;
  }
  clock.Release();
  out << "  báo cáo năm " << year << " của các đơn vị: " << sent << " đã gửi (" << late
      << " trễ hạn), " << approved << " đã duyệt, " << missing << " chưa gửi\n";
  WP_RETURN_IF_ERROR(DemoAmendments(svc, clock, pid, year, out));
  return IssueNovemberReport(svc, clock, pid, year, out);
}

}  // namespace wp::app
