#include "service/phrases.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/decimal.hpp"
#include "text/number.hpp"
#include "text/utf8.hpp"

namespace wp::service {

namespace {

// "1600000" → "1.600.000".
std::string Group(std::string_view digits) {
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

// Adds one to the last digit of a string of digits and a single '.', carrying.
void IncrementLast(std::string& s) {
  for (size_t i = s.size(); i-- > 0;) {
    if (s[i] == '.') continue;
    if (s[i] == '9') {
      s[i] = '0';
      continue;
    }
    ++s[i];
    return;
  }
  s.insert(s.begin(), '1');
}

// The first letter raised, Vietnamese ones too: a catalogue's wording starts "đưa …", "ước …".
std::string Capitalized(const std::string& s) { return text::CapitalizeFirst(s); }

}  // namespace

std::string ToFixed(double x, int decimals) {
  if (!std::isfinite(x)) return "";
  if (decimals < 0) decimals = 0;
  if (decimals > 20) decimals = 20;
  bool negative = x < 0;
  double a = std::fabs(x);
  // glibc prints a double's exact decimal expansion at any precision; 1100 digits hold every
  // fractional digit a double has, so the digit after the last kept one decides exactly (a tie
  // is "5" followed by zeros, which rounds up like toFixed's "the larger n").
  std::vector<char> buf(1500);
  int n = std::snprintf(buf.data(), buf.size(), "%.1100f", a);
  if (n <= 0 || static_cast<size_t>(n) >= buf.size()) return "";
  std::string full(buf.data(), static_cast<size_t>(n));
  size_t dot = full.find('.');
  std::string kept = full.substr(0, dot + (decimals > 0 ? 1 + static_cast<size_t>(decimals) : 0));
  char next = full[dot + 1 + static_cast<size_t>(decimals)];
  if (next >= '5') IncrementLast(kept);
  return (negative ? "-" : "") + kept;
}

std::string FormatNumber(double x, int max_decimals) {
  if (!std::isfinite(x)) return "";
  bool negative = x < 0;
  std::string fixed = ToFixed(std::fabs(x), max_decimals);
  if (fixed.find('.') != std::string::npos) {
    while (!fixed.empty() && fixed.back() == '0') fixed.pop_back();
    if (!fixed.empty() && fixed.back() == '.') fixed.pop_back();
  }
  size_t dot = fixed.find('.');
  std::string out = Group(fixed.substr(0, dot));
  if (dot != std::string::npos) out += "," + fixed.substr(dot + 1);
  return negative && out != "0" ? "-" + out : out;
}

std::string FormatPercent(double x, int max_decimals) {
  std::string s = FormatNumber(x, max_decimals);
  return s.empty() ? s : s + "%";
}

std::string FormatRatio(double ratio, int max_decimals) {
  if (!std::isfinite(ratio)) return "";
  return FormatPercent(ratio * 100, max_decimals);
}

std::string FormatMoney(double vnd) {
  if (!std::isfinite(vnd)) return "";
  double a = std::fabs(vnd);
  if (a >= 1e9) return FormatNumber(vnd / 1e9, 2) + " tỷ đồng";
  if (a >= 1e6) return FormatNumber(vnd / 1e6, 2) + " triệu đồng";
  return FormatNumber(vnd, 0) + " đồng";
}

std::string FormatQuantity(double value, std::string_view unit) {
  if (!std::isfinite(value)) return "";
  if (unit == "đồng") return FormatMoney(value);
  if (unit == "%") return FormatPercent(value, 2);
  std::string n = FormatNumber(value);
  return unit.empty() ? n : n + " " + std::string(unit);
}

int ScalePower(std::string_view raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] < '0' || raw[i] > '9') continue;
    if (i > 0 && raw[i - 1] >= '0' && raw[i - 1] <= '9') continue;
    if (auto q = text::ReadQuantity(raw, i)) return q->scale_power;
  }
  return 0;
}

const char* ScaleWord(int power) {
  switch (power) {
    case 3:
      return "nghìn";
    case 6:
      return "triệu";
    case 9:
      return "tỷ";
    case 12:
      return "nghìn tỷ";
    default:
      return "";
  }
}

std::string ScaledUnit(std::string_view unit, int power) {
  std::string word = ScaleWord(power);
  if (unit == "đồng" && word.empty()) word = "tỷ";
  if (unit == "%" || word.empty()) return std::string(unit);
  return unit.empty() ? word : word + " " + std::string(unit);
}

std::string ScaledNumber(double value, std::string_view unit, int power) {
  if (unit == "%") return FormatNumber(value, 2);
  if (unit == "đồng" && ScaleWord(power)[0] == '\0') power = 9;
  if (power > 0) {
    return FormatNumber(value / std::pow(10.0, power), unit == "đồng" ? 2 : 1);
  }
  return FormatNumber(value, 2);
}

std::string ScaledQuantity(double value, std::string_view unit, int power) {
  if (unit == "đồng") return FormatMoney(value);
  if (unit == "%") return FormatPercent(value, 2);
  std::string n = ScaledNumber(value, unit, power);
  std::string u = ScaledUnit(unit, power);
  return u.empty() ? n : n + " " + u;
}

std::string ShortDate(const core::CivilDate& d) {
  return std::to_string(d.day) + "/" + std::to_string(d.month) + "/" + std::to_string(d.year);
}

std::string PeriodPhrase(const domain::Period& p) {
  static const char* kRoman[] = {"I", "II", "III", "IV"};
  std::string year = "năm " + std::to_string(p.year);
  switch (p.kind) {
    case domain::PeriodKind::kMonth:
      return "tháng " + std::to_string(p.index) + " " + year;
    case domain::PeriodKind::kQuarter:
      return std::string("quý ") + kRoman[(p.index - 1) & 3] + " " + year;
    case domain::PeriodKind::kHalf:
      return (p.index == 1 ? "6 tháng đầu " : "6 tháng cuối ") + year;
    case domain::PeriodKind::kYear:
    case domain::PeriodKind::kOnce:
      return year;
  }
  return year;
}

std::string ReportSubject(const domain::Period& period) {
  return "Tình hình thực hiện Chương trình công tác " + PeriodPhrase(period);
}

std::string CompareCell(const TargetFigure& f) {
  if (!f.current || !f.last_year) return "";
  if (f.rate) {
    double diff = *f.current - *f.last_year;
    std::string n = FormatNumber(std::fabs(diff), 2);
    if (n == "0") return "0 điểm";
    return (diff > 0 ? "+" : "-") + n + " điểm";
  }
  if (!(*f.last_year > 0)) return "";
  return FormatRatio(*f.current / *f.last_year);
}

namespace {

// "so với cùng kỳ" → "cùng kỳ" (", bằng cùng kỳ").
std::string Compared(const std::string& label) {
  const std::string prefix = "so với ";
  return label.rfind(prefix, 0) == 0 ? label.substr(prefix.size()) : label;
}

// ", tăng 1,6% so với cùng kỳ": the change read from the cell's rounding (101,6% → 1,6%), so
// the sentence and the table never disagree by a rounding.
std::string CompareClause(const TargetFigure& f) {
  if (!f.current || !f.last_year) return "";
  if (f.rate) {
    double diff = *f.current - *f.last_year;
    std::string n = FormatNumber(std::fabs(diff), 2);
    if (n == "0") return ", bằng " + Compared(f.last_year_label);
    return std::string(diff > 0 ? ", tăng " : ", giảm ") + n + " điểm phần trăm " +
           f.last_year_label;
  }
  if (!(*f.last_year > 0)) return "";
  auto shown = core::ParseDecimal(ToFixed(*f.current / *f.last_year * 100, 1));
  if (!shown) return "";
  auto change = core::Add(*shown, core::Decimal{-1000, 1});
  if (!change) return "";
  double c = change->AsDouble();
  // "so với cùng kỳ" → "bằng cùng kỳ"; "so với thực hiện năm 2011" → "bằng thực hiện năm 2011".
  if (c == 0) return ", bằng " + Compared(f.last_year_label);
  std::string n =
      core::Decimal{change->mantissa < 0 ? -change->mantissa : change->mantissa, change->scale}
          .ToVietnamese();
  return std::string(c > 0 ? ", tăng " : ", giảm ") + n + "% " + f.last_year_label;
}

}  // namespace

namespace {

// The catalogue's wording with the value put in: "tạo việc làm cho {value}" → "Tạo việc làm cho
// 1.584,8 nghìn người". An estimate reads "ước" where the wording marks it ("tỷ lệ thất nghiệp
// khu vực thành thị {ước} {value}" → "… thành thị ước 4,1%"), else before it all ("Ước tạo việc
// làm cho …").
std::string Worded(const TargetFigure& f, const std::string& value) {
  std::string s = f.sentence;
  s.replace(s.find(domain::kValueMark), std::string_view(domain::kValueMark).size(), value);
  const std::string_view mark = domain::kEstimateMark;
  if (auto at = s.find(mark); at != std::string::npos) {
    size_t len = mark.size();
    if (!f.estimate && at + len < s.size() && s[at + len] == ' ') ++len;
    s.replace(at, len, f.estimate ? "ước" : "");
    return Capitalized(s);
  }
  return f.estimate ? "Ước " + s : Capitalized(s);
}

// A rate against its planned level, as the Ministry says it: "dưới mức kế hoạch 4,3%" under a
// ceiling, "vượt mức kế hoạch 97%" over a floor, "bằng mức kế hoạch 98%" — compared as shown, so
// a sentence never says "cao hơn mức kế hoạch 4,3%" of a figure it prints as 4,3%.
std::string AgainstLevel(const TargetFigure& f, const std::string& shown, const std::string& plan) {
  const double cur = *f.current, target = *f.plan;
  const bool same = shown == plan;
  std::string word;
  switch (f.comparator) {
    case domain::Comparator::kMax:
      word = same ? "bằng" : cur < target ? "dưới" : "cao hơn";
      break;
    case domain::Comparator::kMin:
      word = same ? "đạt" : cur > target ? "vượt" : "thấp hơn";
      break;
    default:
      word = same ? "bằng" : cur > target ? "cao hơn" : "thấp hơn";
      break;
  }
  return ", " + word + " mức kế hoạch " + plan;
}

}  // namespace

std::string TargetSentence(const TargetFigure& f) {
  std::string name = Capitalized(f.name);
  if (!f.current) return name + ": chưa có số liệu báo cáo.";
  const bool worded = domain::IsSentenceWording(f.sentence);
  const std::string est = f.estimate ? "ước " : "";
  auto q = [&](double v) { return ScaledQuantity(v, f.unit, f.scale_power); };
  std::string out;
  std::string achieved =
      f.achievement ? ", đạt " + FormatRatio(*f.achievement) + " kế hoạch năm" : "";
  switch (f.comparator) {
    case domain::Comparator::kMax: {
      if (worded) {
        out = Worded(f, q(*f.current));
        if (f.plan) out += AgainstLevel(f, q(*f.current), q(*f.plan));
        break;
      }
      out = name + ": " + est + q(*f.current);
      if (f.plan) {
        out += std::string(*f.current <= *f.plan ? ", đạt mục tiêu" : ", chưa đạt mục tiêu") +
               " (dưới " + q(*f.plan) + ")";
      }
      break;
    }
    case domain::Comparator::kDecreaseBy:
    case domain::Comparator::kIncreaseBy: {
      bool fall = f.comparator == domain::Comparator::kDecreaseBy;
      std::string planned =
          f.plan ? std::string(fall ? "kế hoạch giảm " : "kế hoạch tăng ") + q(*f.plan) : "";
      if (f.baseline) {
        double change = *f.current - *f.baseline;
        std::string moved = (change < 0 ? "giảm " : "tăng ") + q(std::fabs(change));
        if (worded) {
          // "Tỷ lệ hộ nghèo giảm 1,8% (kế hoạch giảm 2%), còn 9,8%, đạt 90% kế hoạch năm"
          out = Worded(f, moved);
          if (!planned.empty()) out += " (" + planned + ")";
          out += (change < 0 ? ", còn " : ", lên ") + q(*f.current);
        } else {
          out = name + ": " + est + moved;
          if (!planned.empty()) out += " (" + planned + ")";
        }
        out += achieved;
      } else {
        out = worded ? Worded(f, q(*f.current)) : name + ": " + est + q(*f.current);
        out += " (" + (planned.empty() ? std::string() : planned + "; ") +
               "chưa có mức gốc để tính mức " + (fall ? "giảm" : "tăng") + ")";
      }
      break;
    }
    case domain::Comparator::kEq:
    case domain::Comparator::kMin: {
      if (worded) {
        out = Worded(f, q(*f.current));
        // A rate against its level ("vượt mức kế hoạch 97%"), an amount as a share of the plan.
        if (f.rate && f.plan) {
          out += AgainstLevel(f, q(*f.current), q(*f.plan));
        } else {
          out += achieved;
        }
      } else {
        out = name + ": " + est + q(*f.current) + achieved;
      }
      break;
    }
  }
  out += CompareClause(f);
  if (!f.coverage.empty()) out += " (theo " + f.coverage + ")";
  return out + ".";
}

std::string CountsSentence(size_t total, const std::vector<size_t>& counts) {
  static const char* kLabels[] = {"đạt và vượt tiến độ", "có nguy cơ không đạt", "chậm tiến độ",
                                  "chưa đủ báo cáo", "chưa đo được"};
  std::string out = "Trong " + FormatNumber(static_cast<double>(total)) + " chỉ tiêu";
  bool first = true;
  for (size_t i = 0; i < counts.size() && i < 5; ++i) {
    if (counts[i] == 0) continue;
    out += first ? ": " : ", ";
    out += FormatNumber(static_cast<double>(counts[i])) + " " + kLabels[i];
    first = false;
  }
  return out + ".";
}

std::string NamesList(const std::vector<std::string>& names, size_t max_named,
                      std::string_view others) {
  std::string out;
  const size_t n = names.size();
  if (n == 0) return out;
  if (n > max_named && max_named > 0) {
    for (size_t i = 0; i < max_named; ++i) out += (i ? ", " : "") + names[i];
    return out + " và " + FormatNumber(static_cast<double>(n - max_named)) + " " +
           std::string(others) + " khác";
  }
  for (size_t i = 0; i < n; ++i) {
    if (i) out += i + 1 == n ? " và " : ", ";
    out += names[i];
  }
  return out;
}

std::string ShortText(std::string_view text, size_t max_chars) {
  // Code points, not bytes: Vietnamese letters take two or three bytes.
  size_t chars = 0, cut = text.size(), last_space = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (chars == max_chars) {
      cut = i;
      break;
    }
    if (c == ' ') last_space = i;
    ++chars;
  }
  bool shortened = cut < text.size();
  std::string_view kept = text.substr(0, cut);
  if (shortened && last_space != std::string_view::npos && last_space > 0) {
    kept = text.substr(0, last_space);
  }
  while (!kept.empty() && (kept.back() == ' ' || kept.back() == ';' || kept.back() == '.' ||
                           kept.back() == ':' || kept.back() == ',')) {
    kept.remove_suffix(1);
  }
  return std::string(kept) + (shortened ? "…" : "");
}

std::string TasksSentence(size_t done, size_t total, size_t in_progress,
                          const std::vector<LateTask>& late, size_t max_listed) {
  auto n = [](size_t v) { return FormatNumber(static_cast<double>(v)); };
  std::string out = "Đã hoàn thành " + n(done) + "/" + n(total) + " nhiệm vụ";
  if (in_progress > 0) out += "; " + n(in_progress) + " đang thực hiện";
  if (!late.empty()) {
    out += "; " + n(late.size()) + " chậm so với thời hạn: ";
    for (size_t i = 0; i < late.size() && i < max_listed; ++i) {
      if (i > 0) out += "; ";
      out += late[i].what;
      std::string who;
      for (size_t j = 0; j < late[i].leads.size(); ++j) who += (j ? ", " : "") + late[i].leads[j];
      if (late[i].deadline) who += (who.empty() ? "hạn " : ", hạn ") + ShortDate(*late[i].deadline);
      if (!who.empty()) out += " (" + who + ")";
    }
    if (late.size() > max_listed) out += " và " + n(late.size() - max_listed) + " nhiệm vụ khác";
  }
  return out + ".";
}

}  // namespace wp::service
