#include "ingest/binder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "doc/parser.hpp"
#include "domain/indicator.hpp"
#include "ingest/units.hpp"
#include "ingest/words.hpp"
#include "text/fold.hpp"

namespace wp::ingest {
namespace {

using Units = std::vector<std::string>;

const UnitReader& Reader() {
  static const UnitReader reader(domain::MolisaUnitNames());
  return reader;
}

TEST(UnitReader, KeepsCommasInsideNamesAndSplitsBetweenUnits) {
  EXPECT_EQ(
      Reader().SplitList(
          "Cục Bảo vệ, chăm sóc trẻ em, Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố"),
      (Units{"Cục Bảo vệ, chăm sóc trẻ em",
             "Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố"}));
  EXPECT_EQ(Reader().SplitList("Quỹ Bảo trợ trẻ em Việt Nam; Cục Phòng, chống tệ nạn xã hội"),
            (Units{"Quỹ Bảo trợ trẻ em Việt Nam", "Cục Phòng, chống tệ nạn xã hội"}));
  EXPECT_EQ(Reader().SplitList("Bộ Công Thương và Bộ Nông nghiệp và Phát triển nông thôn"),
            (Units{"Bộ Công Thương", "Bộ Nông nghiệp và Phát triển nông thôn"}));
}

TEST(Responsibility, ReadsLeadsCoordinatorsAndTitles) {
  auto r = ReadResponsibility(
      "Cục Việc làm, Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố chủ trì phối hợp với "
      "các cơ quan, "
      "đơn vị ở trung ương và địa phương:",
      Reader(), ActorPosition::kStartOnly);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->explicit_lead);
  EXPECT_EQ(r->leads,
            (Units{"Cục Việc làm", "Sở Lao động – Thương binh và Xã hội các tỉnh, thành phố"}));
  EXPECT_EQ(r->coordinators, (Units{"các cơ quan, đơn vị ở trung ương và địa phương"}));

  auto titled = ReadResponsibility(
      "Chánh Văn phòng Bộ chủ trì phối hợp với Vụ trưởng Vụ Kế hoạch – Tài chính theo dõi, đôn đốc "
      "việc thực hiện",
      Reader(), ActorPosition::kStartOnly);
  ASSERT_TRUE(titled);
  EXPECT_EQ(titled->leads, (Units{"Văn phòng Bộ"}));
  EXPECT_EQ(titled->coordinators, (Units{"Vụ Kế hoạch – Tài chính"}));

  auto qualified = ReadResponsibility(
      "Các đơn vị thuộc và trực thuộc Bộ theo chức năng, nhiệm vụ được giao, Sở Lao động – Thương "
      "binh và Xã hội "
      "các tỉnh, thành phố phối hợp với các cơ quan, đơn vị liên quan ở trung ương và địa phương:",
      Reader(), ActorPosition::kStartOnly);
  ASSERT_TRUE(qualified);
  EXPECT_FALSE(qualified->explicit_lead);
  EXPECT_EQ(qualified->leads.size(), 2u);
}

TEST(Responsibility, ReportsAChuTriWithoutAReadableLead) {
  auto r = ReadResponsibility(
      "Tập trung chỉ đạo; phân công một đồng chí Lãnh đạo chủ trì, chỉ đạo trực tiếp.", Reader(),
      ActorPosition::kStartOnly);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->unreadable);
  EXPECT_TRUE(r->leads.empty());
  EXPECT_FALSE(ReadResponsibility("Tăng cường công tác tuyên truyền, giáo dục pháp luật.", Reader(),
                                  ActorPosition::kStartOnly));
}

TEST(Words, SplitsSentencesButNotNumbers) {
  auto s = Sentences("Tạo việc làm 1.600 ngàn người. Tỷ lệ thất nghiệp 4,3% (v.v. Xem). Hết");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "Tạo việc làm 1.600 ngàn người.");
  EXPECT_EQ(Clauses("a; b (c; d); e").size(), 3u);
  EXPECT_NE(FindPhrase("Phối hợp với Vụ", "phoi hop voi"), std::string_view::npos);
}

domain::PlanDraft BindText(const char* text) {
  auto d = doc::Parse(text);
  EXPECT_TRUE(d) << d.error().message;
  return Bind(*d);
}

TEST(Bind, TasksInheritTheirItemsLeadsAndKeepTheirOwn) {
  auto plan = BindText(
      "II. GIẢI PHÁP\n1. Việc làm\n1.1. Cục Việc làm chủ trì phối hợp với các đơn vị liên quan:\n"
      "- Tổng hợp báo cáo.\n- Vụ Pháp chế chủ trì rà soát văn bản.\n");
  ASSERT_EQ(plan.sections.size(), 3u);
  const auto& s = plan.sections[2];
  EXPECT_EQ(s.number, "II.1.1");
  ASSERT_EQ(s.tasks.size(), 2u);
  EXPECT_EQ(s.tasks[0].lead_units, (Units{"Cục Việc làm"}));
  EXPECT_TRUE(s.tasks[0].leads_inherited);
  EXPECT_EQ(s.tasks[1].lead_units, (Units{"Vụ Pháp chế"}));
  EXPECT_FALSE(s.tasks[1].leads_inherited);
}

TEST(Bind, DeadlinesUseTheProgramYearWhenTheDateHasNone) {
  auto plan = BindText(
      "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2016\nI. NHIỆM VỤ\n1. Gửi báo cáo về Bộ trước ngày 15/3.\n");
  ASSERT_EQ(plan.deadlines.size(), 1u);
  ASSERT_TRUE(plan.deadlines[0].due);
  EXPECT_EQ(plan.deadlines[0].due->ToIso(), "2016-03-15");
  ASSERT_EQ(plan.reporting.size(), 1u);
  EXPECT_EQ(plan.reporting[0].frequency, domain::Frequency::kOnce);
}

TEST(Bind, EveryItemPointsBackAtItsClause) {
  const char* text = "I. CHỈ TIÊU\n1. Tạo việc làm 1.600 ngàn người; giảm tỷ lệ hộ nghèo 2%.\n";
  auto plan = BindText(text);
  ASSERT_EQ(plan.targets.size(), 2u);
  std::string_view t(text);
  EXPECT_EQ(t.substr(plan.targets[0].span.offset, plan.targets[0].span.length), "1.600 ngàn người");
  EXPECT_EQ(t.substr(plan.targets[1].span.offset, plan.targets[1].span.length), "2%");
  EXPECT_EQ(plan.targets[1].comparator, domain::Comparator::kDecreaseBy);
  EXPECT_EQ(plan.targets[0].span.line, 2u);
}

std::string Slurp(const std::string& rel) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/" + rel, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

const std::vector<domain::Indicator>& Molisa() {
  static const std::vector<domain::Indicator> catalogue = [] {
    auto r = domain::ParseIndicatorCatalogue(Slurp("data/indicators/molisa.csv"), "molisa");
    EXPECT_TRUE(r) << r.error().message;
    return r ? std::move(*r) : std::vector<domain::Indicator>();
  }();
  return catalogue;
}

domain::PlanDraft BindSeed(const char* seed, bool with_catalogue = true) {
  static std::map<std::string, std::string> texts;
  auto& text = texts[seed];
  if (text.empty()) text = Slurp(std::string("data/seeds/") + seed);
  auto d = doc::Parse(text);
  EXPECT_TRUE(d) << d.error().message;
  BindOptions options;
  if (with_catalogue) options.indicators = Molisa();
  return Bind(*d, options);
}

// The position of the target of `section` whose raw text is `raw`; -1 when none.
int Find(const domain::PlanDraft& plan, std::string_view section, std::string_view raw) {
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    if (plan.targets[i].section == section && plan.targets[i].raw == raw)
      return static_cast<int>(i);
  }
  ADD_FAILURE() << "no target " << raw << " in " << section;
  return -1;
}

std::optional<int> MentionOf(const domain::PlanDraft& plan, std::string_view section,
                             std::string_view raw) {
  int i = Find(plan, section, raw);
  return i < 0 ? std::nullopt : plan.targets[static_cast<size_t>(i)].mention_of;
}

// The 2012 decision states the jobs, the urban unemployment rate, the export of labour and the
// two poverty figures twice (section I and the area of section II that manages them): one target
// each, the later clause a mention of the first. Equal numbers alone are not enough: II.4.5's
// "100%" of fatal accidents investigated is not I.6's "100%" of children under six, nor its "63
// tỉnh/thành phố" II.2.2's.
TEST(Restatements, RestatedTargetsAreOneTargetWithMentions) {
  auto plan = BindSeed("molisa_2012.txt");
  // Every clause stays, mentions included; the rates' parts come after them.
  ASSERT_EQ(plan.targets.size(), 105u);
  EXPECT_EQ(std::count_if(plan.targets.begin(), plan.targets.end(),
                          [](const auto& t) { return t.role == domain::TargetRole::kTarget; }),
            101);
  EXPECT_EQ(MentionOf(plan, "II.2.1", "1.600 ngàn người"), Find(plan, "I.1", "1.600 ngàn người"));
  EXPECT_EQ(MentionOf(plan, "II.2.1", "dưới 4,3%"), Find(plan, "I.1", "4,3%"));
  EXPECT_EQ(MentionOf(plan, "II.3.1", "90.000 người"), Find(plan, "I.1", "90 ngàn người"));
  EXPECT_EQ(MentionOf(plan, "II.7.2", "giảm 2%"), Find(plan, "I.4", "2%"));
  EXPECT_EQ(MentionOf(plan, "II.7.2", "giảm bình quân 4%"), Find(plan, "I.4", "giảm khoảng 4%"));
  int jobs_again = Find(plan, "II.2.1", "1.600 ngàn người");
  ASSERT_GE(jobs_again, 0);
  const auto& m = plan.targets[static_cast<size_t>(jobs_again)];
  EXPECT_EQ(m.mention_kind, domain::MentionKind::kRestated);
  EXPECT_EQ(m.restates, "I.1");
  EXPECT_EQ(m.indicator_code, "viec_lam");
  // Same value and unit, another indicator: not a mention.
  int accidents = Find(plan, "II.4.5", "100%");
  int provinces = Find(plan, "II.4.5", "63 tỉnh/thành phố");
  ASSERT_GE(accidents, 0);
  ASSERT_GE(provinces, 0);
  EXPECT_FALSE(plan.targets[static_cast<size_t>(accidents)].mention_of);
  EXPECT_FALSE(plan.targets[static_cast<size_t>(accidents)].restates);
  EXPECT_FALSE(plan.targets[static_cast<size_t>(provinces)].restates);
  size_t restated = 0;
  for (const auto& t : plan.targets) restated += t.mention_kind == domain::MentionKind::kRestated;
  EXPECT_EQ(restated, 5u);
  // II.2.2's "tạo việc làm cho 180 ngàn người" belongs to the Quỹ quốc gia Việc làm's project:
  // its own indicator, never the headline's.
  int fund_jobs = Find(plan, "II.2.2", "180 ngàn người");
  ASSERT_GE(fund_jobs, 0);
  EXPECT_EQ(plan.targets[static_cast<size_t>(fund_jobs)].indicator_code, "viec_lam_qqgvl");

  // Without a catalogue the names still tell II.2.1 and II.7.2 apart; "đưa 90.000 người đi làm
  // việc ở nước ngoài" and "xuất khẩu lao động" share no word: only the catalogue knows.
  auto bare = BindSeed("molisa_2012.txt", false);
  EXPECT_EQ(MentionOf(bare, "II.2.1", "1.600 ngàn người"), Find(bare, "I.1", "1.600 ngàn người"));
  EXPECT_EQ(MentionOf(bare, "II.7.2", "giảm 2%"), Find(bare, "I.4", "2%"));
  EXPECT_FALSE(MentionOf(bare, "II.3.1", "90.000 người"));
  for (const auto& t : bare.targets) EXPECT_EQ(t.indicator_code, "") << t.raw;
}

// I.1 "Tỷ lệ thất nghiệp khu vực thành thị 4,3%" and II.2.1 "giảm … dưới 4,3%": one target, a
// ceiling.
TEST(Restatements, MostExplicitComparatorWins) {
  auto plan = BindSeed("molisa_2012.txt");
  int rate = Find(plan, "I.1", "4,3%");
  ASSERT_GE(rate, 0);
  EXPECT_EQ(plan.targets[static_cast<size_t>(rate)].comparator,
            domain::Comparator::kEq);  // as read
  auto merged = domain::MostExplicit(plan.targets, static_cast<size_t>(rate));
  EXPECT_EQ(merged.comparator, domain::Comparator::kMax);
  EXPECT_FALSE(merged.conflict);
  int jobs = Find(plan, "I.1", "1.600 ngàn người");
  ASSERT_GE(jobs, 0);
  EXPECT_EQ(domain::MostExplicit(plan.targets, static_cast<size_t>(jobs)).comparator,
            domain::Comparator::kEq);
}

// "Tuyển mới dạy nghề 1.900 ngàn người (tăng 2,78% so với thực hiện năm 2011)": the rate is a
// note on the 1.900 ngàn, giving 2011's 1.848.609, not a target of its own.
TEST(Restatements, GrowthNoteIsAMentionWithBaseline) {
  auto plan = BindSeed("molisa_2012.txt");
  int intake = Find(plan, "I.2", "1.900 ngàn người");
  int note = Find(plan, "I.2", "tăng 2,78%");
  ASSERT_GE(intake, 0);
  ASSERT_GE(note, 0);
  const auto& n = plan.targets[static_cast<size_t>(note)];
  EXPECT_EQ(n.mention_of, intake);
  EXPECT_EQ(n.mention_kind, domain::MentionKind::kGrowth);
  EXPECT_EQ(n.indicator_code, "tuyen_moi_day_nghe");
  const auto& t = plan.targets[static_cast<size_t>(intake)];
  ASSERT_TRUE(t.baseline);
  EXPECT_EQ(*t.baseline, (core::Decimal{1848609, 0}));
  int college = Find(plan, "I.2", "450 ngàn người");
  ASSERT_GE(college, 0);
  ASSERT_TRUE(plan.targets[static_cast<size_t>(college)].baseline);
  EXPECT_EQ(*plan.targets[static_cast<size_t>(college)].baseline, (core::Decimal{420168, 0}));
  EXPECT_EQ(MentionOf(plan, "I.2", "tăng 7,1%"), college);

  // A fall, in a text of my own: "giảm 20% so với năm 2011" after 800 người → 1.000 last year.
  auto small = BindText(
      "I. CHỈ TIÊU\n1. Số vụ tai nạn lao động 800 vụ (giảm 20% so với thực hiện năm 2011).\n");
  ASSERT_EQ(small.targets.size(), 2u);
  EXPECT_EQ(small.targets[1].mention_kind, domain::MentionKind::kGrowth);
  ASSERT_TRUE(small.targets[0].baseline);
  EXPECT_EQ(*small.targets[0].baseline, (core::Decimal{1000, 0}));
}

// Small cases: the same number in another section is a mention only when the names agree.
TEST(Restatements, NamesMustAgreeNotOnlyNumbers) {
  auto plan = BindText(
      "I. CHỈ TIÊU\n1. Tạo việc làm 1.600 ngàn người; giảm tỷ lệ hộ nghèo 2%.\n"
      "II. GIẢI PHÁP\n1. Việc làm\n1.1. Cục Việc làm chủ trì:\n"
      "- Quản lý, theo dõi thực hiện chỉ tiêu tạo việc làm 1.600 ngàn người.\n"
      "- Hỗ trợ học nghề 1.600 ngàn người.\n"
      "- Giảm tỷ lệ hộ nghèo cả nước 2%; tăng số doanh nghiệp báo cáo 2%.\n");
  ASSERT_EQ(plan.targets.size(), 6u);
  EXPECT_EQ(plan.targets[2].mention_of, 0);
  EXPECT_EQ(plan.targets[2].restates, "I.1");
  EXPECT_FALSE(plan.targets[3].mention_of);  // học nghề is not tạo việc làm
  EXPECT_EQ(plan.targets[4].mention_of, 1);
  EXPECT_FALSE(plan.targets[5].mention_of);
}

const domain::Target& At(const domain::PlanDraft& plan, std::string_view section,
                         std::string_view raw) {
  static const domain::Target kNone;
  int i = Find(plan, section, raw);
  return i < 0 ? kNone : plan.targets[static_cast<size_t>(i)];
}

std::string Describe(const domain::TargetReporters& r) {
  std::string out = r.rule + ":";
  for (const auto& p : r.reporters)
    out +=
        " " + (p.group ? std::string("[") + domain::ReporterGroupName(*p.group) + "]" : p.written);
  out += " / " + (r.consolidator ? r.consolidator->written : std::string("-"));
  return out;
}

// Who reports what, proposed from the decision's wording by the first rule that applies.
TEST(Reporters, ReportersFromWording) {
  auto plan = BindSeed("molisa_2012.txt");
  // 1. Documents to draft: the drafting unit alone, never the co-leads' provinces.
  EXPECT_EQ(Describe(At(plan, "II.1.1", "03 Chỉ thị").reporters),
            "document_count: Vụ Pháp chế / Vụ Pháp chế");
  EXPECT_EQ(Describe(At(plan, "II.1.1", "12 Nghị định").reporters),
            "document_count: Vụ Pháp chế / Vụ Pháp chế");
  // 3. The leads: the provinces report, the Ministry's unit consolidates.
  EXPECT_EQ(Describe(At(plan, "II.2.1", "1.600 ngàn người").reporters),
            "leads: [province] / Cục Việc làm");
  EXPECT_EQ(Describe(At(plan, "II.2.2", "180 ngàn người").reporters),
            "leads: Cục Việc làm / Cục Việc làm");
  // 2. Money a fund mobilises: the fund; its "trong đó" part inherits.
  EXPECT_EQ(Describe(At(plan, "II.9.4", "khoảng 600 tỷ đồng").reporters),
            "fund: Quỹ Bảo trợ trẻ em Việt Nam / Quỹ Bảo trợ trẻ em Việt Nam");
  EXPECT_EQ(Describe(At(plan, "II.9.4", "khoảng 40 tỷ đồng").reporters),
            "fund: Quỹ Bảo trợ trẻ em Việt Nam / Quỹ Bảo trợ trẻ em Việt Nam");
  // 4. Section I says no unit: the restatement in section II does.
  EXPECT_EQ(Describe(At(plan, "I.1", "1.600 ngàn người").reporters),
            "restated_in:II.2.1: [province] / Cục Việc làm");
  EXPECT_EQ(Describe(At(plan, "I.1", "4,3%").reporters),
            "restated_in:II.2.1: [province] / Cục Việc làm");
  EXPECT_EQ(
      Describe(At(plan, "I.1", "90 ngàn người").reporters),
      "restated_in:II.3.1: Cục Quản lý lao động ngoài nước / Cục Quản lý lao động ngoài nước");
  EXPECT_EQ(Describe(At(plan, "I.4", "2%").reporters),
            "restated_in:II.7.2: Cục Bảo trợ xã hội / Cục Bảo trợ xã hội");
  // "Trong đó" parts inherit the whole's.
  EXPECT_EQ(Describe(At(plan, "I.1", "1.510 ngàn người").reporters),
            "restated_in:II.2.1: [province] / Cục Việc làm");
  // 6. The area of section II that manages it.
  EXPECT_EQ(Describe(At(plan, "I.2", "1.900 ngàn người").reporters),
            "area:II.5.1: [province] / Tổng cục dạy nghề");
  EXPECT_EQ(Describe(At(plan, "I.2", "450 ngàn người").reporters),
            "area:II.5.1: [province] / Tổng cục dạy nghề");
  EXPECT_EQ(Describe(At(plan, "I.6", "82%").reporters),
            "area:II.9.1: [province] / Cục Bảo vệ, chăm sóc trẻ em");
  EXPECT_EQ(Describe(At(plan, "I.8", "68.000 lượt người").reporters),
            "area:II.11.2: [province] / Cục Phòng, chống tệ nạn xã hội");
  // 5. The catalogue's defaults.
  EXPECT_EQ(Describe(At(plan, "I.8", "3.000 đối tượng").reporters),
            "catalogue: [province] / PCTNXH");
  // 7. Nobody, with the reason, said to review.
  const auto& structure = At(plan, "I.1", "46%");
  EXPECT_EQ(structure.reporters.rule, "none");
  EXPECT_TRUE(structure.reporters.reporters.empty());
  EXPECT_NE(structure.reporters.why_none.find("Tổng cục Thống kê công bố"), std::string::npos)
      << structure.reporters.why_none;
  size_t warned = 0, none = 0;
  for (const auto& d : plan.diagnostics) warned += d.code == "target_without_reporter";
  for (const auto& t : plan.targets) {
    none += !t.mention_of && t.reporters.rule == "none";
    // Parts I and II all get a rule; mentions carry their own.
    if (t.section.starts_with("I")) {
      EXPECT_FALSE(t.reporters.rule.empty()) << t.section << t.raw;
    }
  }
  EXPECT_EQ(warned, none);
  EXPECT_LE(none, 5u);
}

// Small texts: the rule follows the wording, not the seed.
TEST(Reporters, SmallDecisions) {
  auto plan = BindText(
      "I. CHỈ TIÊU\n1. Tạo việc làm 1.600 ngàn người.\n"
      "II. GIẢI PHÁP\n1. Văn bản\n1.1. Vụ Pháp chế, Sở Lao động – Thương binh và Xã hội các tỉnh, "
      "thành phố chủ trì:\n- Xây dựng 05 Nghị định.\n"
      "2. Việc làm\n2.1. Cục Việc làm, Vụ Lao động – Tiền lương chủ trì:\n"
      "- Theo dõi chỉ tiêu tạo việc làm 1.600 ngàn người.\n- Hỗ trợ 200 doanh nghiệp.\n"
      "III. TỔ CHỨC THỰC HIỆN\n1. Các đơn vị báo cáo hằng tháng gửi về Bộ (Vụ Kế hoạch – Tài "
      "chính) trước ngày 20.\n");
  ASSERT_EQ(plan.targets.size(), 4u);
  EXPECT_EQ(Describe(plan.targets[1].reporters), "document_count: Vụ Pháp chế / Vụ Pháp chế");
  // Two units and no group: both report, the first consolidates.
  EXPECT_EQ(Describe(plan.targets[2].reporters),
            "leads: Cục Việc làm Vụ Lao động – Tiền lương / Cục Việc làm");
  EXPECT_EQ(Describe(plan.targets[0].reporters),
            "restated_in:II.2.1: Cục Việc làm Vụ Lao động – Tiền lương / Cục Việc làm");
  // Without a catalogue, a headline nobody restates and no area names: none, with a warning.
  auto lone = BindText("I. CHỈ TIÊU\n1. Cơ cấu lao động: nông nghiệp 46%.\n");
  ASSERT_EQ(lone.targets.size(), 1u);
  EXPECT_EQ(lone.targets[0].reporters.rule, "none");
  EXPECT_FALSE(lone.targets[0].reporters.why_none.empty());
  std::vector<std::string> codes;  // a snippet without a header also has its metadata_missing
  for (const auto& d : lone.diagnostics) {
    if (d.code != "metadata_missing") codes.push_back(d.code);
  }
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "target_without_reporter");
}

// Issue 16: a rate of the catalogue adding up as a ratio of sums (urban unemployment = unemployed
// / labour force × 100; poverty = poor households / households × 100) gets its two parts as
// component targets the forms ask for, traced to the rate's clause; the rate points at them.
TEST(Components, RatesGetTheirNumeratorAndDenominator) {
  auto plan = BindSeed("molisa_2012.txt");
  auto parts_of = [&](std::string_view section, std::string_view raw, std::string_view num_code,
                      std::string_view den_code, std::string_view unit) {
    int at = Find(plan, section, raw);
    ASSERT_GE(at, 0);
    const auto& rate = plan.targets[static_cast<size_t>(at)];
    ASSERT_TRUE(rate.numerator && rate.denominator) << raw;
    for (auto [pos, code] : {std::pair(*rate.numerator, num_code), {*rate.denominator, den_code}}) {
      ASSERT_GT(pos, at);
      ASSERT_LT(static_cast<size_t>(pos), plan.targets.size());
      const auto& c = plan.targets[static_cast<size_t>(pos)];
      EXPECT_EQ(c.role, domain::TargetRole::kComponent);
      EXPECT_EQ(c.indicator_code, code);
      EXPECT_EQ(c.unit, unit);
      EXPECT_EQ(c.section, rate.section);
      EXPECT_EQ(c.span.offset, rate.span.offset);  // traced to the rate's clause
      EXPECT_EQ(c.reporters.rule, "component_of:" + rate.section);
      EXPECT_TRUE(c.reporters.reporters.empty());  // the rate's reporters are asked it
      EXPECT_FALSE(c.mention_of);
    }
  };
  parts_of("I.1", "4,3%", "so_that_nghiep_tt", "llld_tt", "người");
  parts_of("I.4", "2%", "so_ho_ngheo", "tong_so_ho", "hộ");
  // The restatement in II.2.1 is the same rate: no parts of its own.
  int again = Find(plan, "II.2.1", "dưới 4,3%");
  ASSERT_GE(again, 0);
  EXPECT_FALSE(plan.targets[static_cast<size_t>(again)].numerator);
  // A rate the catalogue averages (the poverty of the 30a districts) has none.
  int districts = Find(plan, "I.4", "giảm khoảng 4%");
  ASSERT_GE(districts, 0);
  EXPECT_FALSE(plan.targets[static_cast<size_t>(districts)].numerator);
  // Without a catalogue nothing is added.
  auto bare = BindSeed("molisa_2012.txt", false);
  EXPECT_EQ(bare.targets.size(), 101u);
}

// What publishing a program adds to the catalogue (service/programs.cpp AddMissingIndicators):
// each target without an indicator gets one named and aliased as the decision names it.
std::vector<domain::Indicator> PublishedCatalogue(const domain::PlanDraft& plan) {
  std::vector<domain::Indicator> out = Molisa();
  std::set<std::string> codes;
  for (const auto& x : out) codes.insert(x.code);
  for (const auto& t : plan.targets) {
    if (t.mention_of || t.role != domain::TargetRole::kTarget || !t.indicator_code.empty())
      continue;
    domain::Indicator x;
    x.issuer_key = "molisa";
    std::string code = "p" + std::to_string(out.size());
    if (!codes.insert(code).second) continue;
    x.code = code;
    x.name = t.indicator;
    x.unit = t.unit;
    x.aliases = {t.indicator};
    out.push_back(std::move(x));
  }
  return out;
}

// No two distinct targets of a program share an indicator code, only a target and its mentions.
void ExpectOneTargetPerCode(const domain::PlanDraft& plan, const char* what) {
  std::map<std::string, size_t> holder;
  for (size_t i = 0; i < plan.targets.size(); ++i) {
    const auto& t = plan.targets[i];
    if (t.indicator_code.empty()) continue;
    const size_t root = t.mention_of ? static_cast<size_t>(*t.mention_of) : i;
    auto [it, fresh] = holder.emplace(t.indicator_code, root);
    EXPECT_TRUE(fresh || it->second == root)
        << what << ": " << t.indicator_code << " names " << plan.targets[it->second].section << " "
        << plan.targets[it->second].raw << " and " << t.section << " " << t.raw;
  }
}

// The 2008 program published, its targets' new indicators in the catalogue, then 2012 read:
// "Trường cao đẳng nghề" (2008's 44 trường) names 2012's "30 trường cao đẳng nghề" and "hỗ trợ
// đầu tư 9 trường cao đẳng nghề" alike, but binds one of them; the other is left for its own.
TEST(Indicators, OneTargetPerIndicatorCode) {
  auto y2008 = BindSeed("molisa_2008.txt");
  ExpectOneTargetPerCode(y2008, "2008");
  ExpectOneTargetPerCode(BindSeed("molisa_2012.txt"), "2012");
  const auto catalogue = PublishedCatalogue(y2008);
  auto d = doc::Parse(Slurp("data/seeds/molisa_2012.txt"));
  ASSERT_TRUE(d);
  BindOptions options;
  options.indicators = catalogue;
  auto y2012 = Bind(*d, options);
  ExpectOneTargetPerCode(y2012, "2012 after 2008");
  std::string college;
  for (const auto& x : catalogue) {
    // 2008's "16 trường Cao đẳng nghề" (issue 19) and "44 trường cao đẳng nghề" both name it:
    // the first published keeps the name a later decision matches.
    if (college.empty() && text::FoldKey(x.name) == text::FoldKey("Trường cao đẳng nghề"))
      college = x.code;
  }
  ASSERT_FALSE(college.empty());
  EXPECT_EQ(y2012.targets[static_cast<size_t>(Find(y2012, "II.5.2", "30 trường"))].indicator_code,
            college);
  const auto& other = y2012.targets[static_cast<size_t>(Find(y2012, "II.5.2", "9 trường"))];
  EXPECT_EQ(other.indicator_code, "");
  EXPECT_TRUE(std::any_of(
      y2012.diagnostics.begin(), y2012.diagnostics.end(), [&](const core::Diagnostic& g) {
        return g.code == "indicator_taken" && g.span.offset == other.span.offset;
      }));
  // Published in turn, 2012's "Hỗ trợ đầu tư trường cao đẳng nghề" has an indicator of its own,
  // which 2013 (the same text here) finds again: each year's two targets keep their identity.
  const auto next = PublishedCatalogue(y2012);
  std::vector<domain::Indicator> both = catalogue;
  for (size_t i = Molisa().size(); i < next.size(); ++i) {
    auto x = next[i];
    x.code = "q" + std::to_string(i);
    both.push_back(std::move(x));
  }
  options.indicators = both;
  auto y2013 = Bind(*d, options);
  ExpectOneTargetPerCode(y2013, "2013");
  EXPECT_EQ(y2013.targets[static_cast<size_t>(Find(y2013, "II.5.2", "30 trường"))].indicator_code,
            college);
  EXPECT_NE(y2013.targets[static_cast<size_t>(Find(y2013, "II.5.2", "9 trường"))].indicator_code,
            "");
}

}  // namespace
}  // namespace wp::ingest
