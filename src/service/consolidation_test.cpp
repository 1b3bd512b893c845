// The consolidated report's builder over views made by hand: where each target and passage goes,
// what its sentence says, the annex, and a unit's own report.

#include "service/consolidation.hpp"

#include <gtest/gtest.h>

#include "domain/test_data.hpp"
#include "service/phrases.hpp"

namespace wp::service {
namespace {

using domain::Block;
using domain::Narrative;

const domain::Block* Find(const std::vector<Block>& blocks, const std::string& key) {
  for (const auto& b : blocks) {
    if (b.key == key) return &b;
  }
  return nullptr;
}

std::vector<std::string> Keys(const std::vector<Block>& blocks) {
  std::vector<std::string> out;
  for (const auto& b : blocks) out.push_back(b.key);
  return out;
}

size_t IndexOf(const std::vector<Block>& blocks, const std::string& key) {
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].key == key) return i;
  }
  return blocks.size();
}

struct Fixture {
  const domain::OrgRegistry& reg = domain::testing::Registry();
  core::CivilDate at{2012, 12, 31};
  domain::OrgUnitId vl = reg.FindByCode("VL", at)->id;
  domain::OrgUnitId hanoi = reg.FindByCode("01", at)->id;
  domain::OrgUnitId haiphong = reg.FindByCode("31", at)->id;
  domain::OrgUnitId hcm = reg.FindByCode("79", at)->id;
  ProgramView program;
  DashboardView dashboard;
  TaskBoardView tasks;
  std::vector<OverdueTask> overdue;
  TimelinessSummary timeliness;
  ConsolidationInput in;

  Fixture() {
    auto& plan = program.record.plan;
    plan.document.number = "224/QĐ-LĐTBXH";
    plan.document.issued_date = core::CivilDate{2012, 1, 20};
    plan.document.year = 2012;
    plan.document.issuer = "Bộ Lao động - Thương binh và Xã hội";
    plan.sections.resize(5);
    plan.sections[0].number = "I";
    plan.sections[1].number = "I.1";
    plan.sections[2].number = "II";
    plan.sections[3].number = "II.2";
    plan.sections[3].title = "Phát triển thị trường lao động";
    plan.sections[3].resolved_leads.push_back(
        {"Cục Việc làm", domain::NameResolution::kUnit, {vl}});
    plan.sections[4].number = "II.2.1";
    plan.sections[4].parent = "II.2";
    domain::Task task;
    task.text = "Xây dựng Nghị định quy định chi tiết Bộ luật Lao động về việc làm;";
    plan.sections[4].tasks.push_back(task);
    domain::Deadline dl;
    dl.section = "II.2.1";
    dl.due = core::CivilDate{2012, 3, 31};
    plan.deadlines.push_back(dl);

    TargetView jobs;
    jobs.id = 11;
    jobs.display_name = "Số người được tạo việc làm";
    jobs.target.section = "I.1";
    jobs.target.raw = "1.600 ngàn người";
    jobs.target.unit = "người";
    jobs.target.value = core::Decimal{1600000, 0};
    jobs.target.indicator_code = "viec_lam";
    jobs.mentions = {{11, "I.1", "1.600 ngàn người", domain::Comparator::kEq, {}, {}},
                     {12,
                      "II.2.1",
                      "1.600 ngàn người",
                      domain::Comparator::kEq,
                      domain::MentionKind::kRestated,
                      {}}};
    TargetView unemployment;
    unemployment.id = 13;
    unemployment.display_name = "Tỷ lệ thất nghiệp khu vực thành thị";
    unemployment.target.section = "I.1";
    unemployment.target.raw = "4,3%";
    unemployment.target.unit = "%";
    unemployment.target.comparator = domain::Comparator::kMax;
    program.targets = {jobs, unemployment};

    dashboard.at = at;
    dashboard.year = 2012;
    TargetMeasure mj;
    mj.target = &program.targets[0];
    mj.measure.current = 1584800;
    mj.measure.target = 1600000;
    mj.measure.achievement = 0.9905;
    mj.state = TargetState::kOnTrack;
    mj.coverage = CoverageView{61, 63, "2012-M12", "61/63 tỉnh đã báo cáo tháng 12/2012"};
    TargetMeasure mu;
    mu.target = &program.targets[1];
    mu.measure.current = 4.1;
    mu.measure.target = 4.3;
    mu.measure.achievement = (2 * 4.3 - 4.1) / 4.3;
    mu.state = TargetState::kOnTrack;
    dashboard.targets = {mj, mu};
    dashboard.headline_counts[TargetState::kOnTrack] = 2;

    TaskStatusRow row;
    row.task = {"II.2.1#1", &plan.sections[4], &plan.sections[4].tasks[0], 0};
    row.deadlines = {&plan.deadlines[0]};
    row.leads = {{vl, std::nullopt, "", "", true}};
    tasks.as_of = at;
    tasks.rows = {row};
    overdue.push_back({"II.2.1#1", &plan.sections[4], &plan.deadlines[0], vl, std::nullopt, {}});

    timeliness.as_of = at;
    auto trow = [&](domain::OrgUnitId u, size_t on_time, size_t late, size_t missing) {
      TimelinessRow r;
      r.unit = u;
      r.counts.expected = on_time + late + missing;
      r.counts.received = on_time + late;
      r.counts.on_time = on_time;
      r.counts.late = late;
      r.counts.missing = missing;
      return r;
    };
    timeliness.by_unit = {trow(vl, 1, 0, 0), trow(hanoi, 1, 0, 0), trow(haiphong, 0, 1, 0),
                          trow(hcm, 0, 0, 1)};

    in.kind = domain::DocumentKind::kConsolidated;
    in.program = &program;
    in.registry = &reg;
    in.period = *domain::ParsePeriodKey("2012-M12");
    in.as_of = at;
    in.dashboard = &dashboard;
    in.extras[11] = {1600.0 * 100, true, std::nullopt, "so với cùng kỳ"};
    in.tasks = &tasks;
    in.overdue = &overdue;
    in.timeliness = &timeliness;
    in.narrative_periods = {"2012-M12", "2012-Q4"};
    in.narratives = {
        {vl, "2012-M12", Narrative::kShortcomings, "Một số tỉnh báo cáo chậm."},
        {vl, "2012-M12", Narrative::kCauses, "Thiếu cán bộ thống kê."},
        {vl, "2012-Q4", Narrative::kShortcomings, "Bản quý, không dùng."},
        {hanoi, "2012-M12", Narrative::kProposals, "Đề nghị bổ sung vốn vay."},
        {hcm, "2012-M12", Narrative::kProposals, "Đề nghị bổ sung vốn vay."},
        {haiphong, "2012-Q4", Narrative::kProposals, "Đề nghị tăng biên chế."},
    };
  }
};

TEST(Consolidation, TheMinistrysHeaderAndTheDecree30Outline) {
  Fixture f;
  auto d = BuildConsolidated(f.in);
  EXPECT_EQ(d.header.issuer, "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI");
  EXPECT_EQ(d.header.parent_body, "");
  EXPECT_EQ(d.header.symbol, "BC-LĐTBXH");
  EXPECT_EQ(d.header.subject, "Tình hình thực hiện Chương trình công tác tháng 12 năm 2012");
  EXPECT_EQ(d.header.signature.authority, "KT. BỘ TRƯỞNG");
  EXPECT_EQ(d.header.signature.title, "THỨ TRƯỞNG");
  EXPECT_EQ(d.header.signature.name, "");
  EXPECT_EQ(d.header.recipients.back().rfind("- Lưu: ", 0), 0u);
  EXPECT_FALSE(d.header.date.has_value());
  // The sections in Decree 30's order, the annex last.
  size_t i = IndexOf(d.blocks, "I"), ii = IndexOf(d.blocks, "II"), iii = IndexOf(d.blocks, "III"),
         iv = IndexOf(d.blocks, "IV"), annex = IndexOf(d.blocks, "annex");
  EXPECT_LT(IndexOf(d.blocks, "intro"), i);
  EXPECT_LT(i, ii);
  EXPECT_LT(ii, iii);
  EXPECT_LT(iii, iv);
  EXPECT_LT(iv, annex);
  EXPECT_NE(annex, d.blocks.size());
  EXPECT_EQ(Find(d.blocks, "intro")->generated,
            "Thực hiện Chương trình công tác năm 2012 ban hành kèm theo Quyết định số "
            "224/QĐ-LĐTBXH ngày 20/01/2012, trên cơ sở báo cáo đã được duyệt của các đơn vị, địa "
            "phương, số liệu đến ngày 31/12/2012, Bộ Lao động - Thương binh và Xã hội báo cáo tình "
            "hình thực hiện tháng 12 năm 2012 như sau:");
  EXPECT_EQ(Find(d.blocks, "I.count")->generated, "Trong 2 chỉ tiêu: 2 đạt và vượt tiến độ.");
}

TEST(Consolidation, ATargetGoesToTheAreaOfItsFirstMentionInPartII) {
  Fixture f;
  // Unemployment alone in a section I.3 no item of part II restates, no unit answering for it.
  f.program.targets[1].target.section = "I.3";
  auto d = BuildConsolidated(f.in);
  // Jobs is restated in II.2.1: area II.2; unemployment is stated in I only: the general area,
  // which comes first.
  EXPECT_LT(IndexOf(d.blocks, "I.area.general"), IndexOf(d.blocks, "I.area.II.2"));
  EXPECT_EQ(Find(d.blocks, "I.area.general")->generated, "1. Các chỉ tiêu chung");
  EXPECT_EQ(Find(d.blocks, "I.area.II.2")->generated, "2. Phát triển thị trường lao động");
  const Block* table = Find(d.blocks, "I.table.II.2");
  ASSERT_NE(table, nullptr);
  ASSERT_TRUE(table->table.has_value());
  ASSERT_EQ(table->table->rows.size(), 1u);
  const auto& row = table->table->rows[0];
  EXPECT_EQ(row[1].text, "Số người được tạo việc làm");
  EXPECT_EQ(row[2].text, "nghìn người");
  EXPECT_EQ(row[3].text, "1.600");
  EXPECT_EQ(row[4].text, "160");
  EXPECT_EQ(row[5].text, "1.584,8");
  EXPECT_EQ(row[5].value, "1584.8");
  EXPECT_EQ(row[6].text, "99,1%");  // formatRatio(0.9905), as the dashboard shows it
  EXPECT_EQ(row[6].value, "99.1");
  EXPECT_EQ(Find(d.blocks, "I.fig.11")->generated,
            "- Số người được tạo việc làm: ước 1.584,8 nghìn người, đạt 99,1% kế hoạch năm (theo "
            "61/63 tỉnh đã báo cáo tháng 12/2012).");
  EXPECT_EQ(Find(d.blocks, "I.fig.13")->generated,
            "- Tỷ lệ thất nghiệp khu vực thành thị: 4,1%, đạt mục tiêu (dưới 4,3%).");
  EXPECT_EQ(Find(d.blocks, "I.tasks.II.2")->generated,
            "Đã hoàn thành 0/1 nhiệm vụ; 1 chậm so với thời hạn: Xây dựng Nghị định quy định chi "
            "tiết Bộ luật Lao động về việc làm (Cục Việc làm, hạn 31/3/2012).");
  EXPECT_EQ(Find(d.blocks, "I.fig.11")->area, "II.2");
  EXPECT_EQ(Find(d.blocks, "I.fig.11")->section, "I");
}

// The briefing's rule (service/areas.hpp): a section-I target restated nowhere goes to the area
// its unit leads, else to its section-I siblings' area.
TEST(Consolidation, ASectionITargetRestatedNowhereGoesWhereItsUnitOrSiblingsGo) {
  Fixture f;
  auto d = BuildConsolidated(f.in);
  EXPECT_EQ(Find(d.blocks, "I.fig.13")->area, "II.2");  // I.1, as jobs
  EXPECT_EQ(Find(d.blocks, "I.area.general"), nullptr);

  Fixture g;
  g.program.targets[1].target.section = "I.3";
  g.in.owners[13] = g.vl;  // the Employment Department answers for it; it leads II.2
  d = BuildConsolidated(g.in);
  EXPECT_EQ(Find(d.blocks, "I.fig.13")->area, "II.2");
}

TEST(Consolidation, SentencesInTheCataloguesWords) {
  Fixture f;
  f.program.targets[1].target.indicator_code = "that_nghiep_tt";
  f.in.sentences = {{"viec_lam", "tạo việc làm cho {value}"},
                    {"that_nghiep_tt", "tỷ lệ thất nghiệp khu vực thành thị {ước} {value}"}};
  f.in.extras[13].estimate = true;
  auto d = BuildConsolidated(f.in);
  EXPECT_EQ(
      Find(d.blocks, "I.fig.11")->generated,
      "- Ước tạo việc làm cho 1.584,8 nghìn người, đạt 99,1% kế hoạch năm (theo 61/63 tỉnh đã "
      "báo cáo tháng 12/2012).");
  EXPECT_EQ(Find(d.blocks, "I.fig.13")->generated,
            "- Tỷ lệ thất nghiệp khu vực thành thị ước 4,1%, dưới mức kế hoạch 4,3%.");
  // The table keeps the catalogue's name.
  EXPECT_EQ(Find(d.blocks, "I.table.II.2")->table->rows[0][1].text, "Số người được tạo việc làm");
}

TEST(Consolidation, PassagesNameTheirUnitsAndIdenticalOnesAreMerged) {
  Fixture f;
  auto d = BuildConsolidated(f.in);
  // Cục Việc làm leads II.2: its shortcomings and causes under that area, of December (the
  // quarter's text is not used when the month's is there).
  const Block* vl = Find(d.blocks, "II.II.2." + std::to_string(f.vl));
  ASSERT_NE(vl, nullptr);
  EXPECT_EQ(vl->generated,
            "- Cục Việc làm: Một số tỉnh báo cáo chậm. Nguyên nhân: Thiếu cán bộ thống kê.");
  EXPECT_EQ(vl->unit, f.vl);
  EXPECT_EQ(Find(d.blocks, "II.area.II.2")->generated, "1. Phát triển thị trường lao động");
  // The provinces are summarised in IV, their words quoted in the annex. Two sent the same
  // proposal: one passage naming both, "A và B".
  const Block* merged = nullptr;
  for (const auto& b : d.blocks) {
    if (b.key.rfind("annex.IV.g", 0) == 0) merged = &b;
  }
  ASSERT_NE(merged, nullptr);
  EXPECT_EQ(merged->generated, "- Hà Nội và Hồ Chí Minh (2 đơn vị): Đề nghị bổ sung vốn vay.");
  EXPECT_EQ(merged->section, "annex");
  EXPECT_FALSE(merged->unit.has_value());
  // Hải Phòng wrote only in the quarter's report: that one is used.
  EXPECT_EQ(Find(d.blocks, "annex.IV." + std::to_string(f.haiphong))->generated,
            "- Hải Phòng: Đề nghị tăng biên chế.");
  EXPECT_EQ(Find(d.blocks, "IV.area.provinces")->generated, "1. Các địa phương");
  EXPECT_EQ(Find(d.blocks, "IV.provinces.other")->generated,
            "Có 3 tỉnh, thành phố (Hà Nội, Hải Phòng và Hồ Chí Minh). Ý kiến của từng địa "
            "phương (3 tỉnh, thành phố) tại mục 3 Phụ lục.");
  EXPECT_EQ(Find(d.blocks, "IV.provinces." + std::to_string(f.haiphong)), nullptr);
  EXPECT_LT(IndexOf(d.blocks, "annex"), IndexOf(d.blocks, "annex.voices.IV"));
  // Nobody wrote next steps.
  EXPECT_NE(Find(d.blocks, "III.none"), nullptr);
}

TEST(Consolidation, TheAnnexListsWhoReportedAndTheOverdueTasks) {
  Fixture f;
  auto d = BuildConsolidated(f.in);
  const Block* t = Find(d.blocks, "annex.timeliness");
  ASSERT_TRUE(t && t->table);
  // Only the units late or missing are listed; those on time are counted.
  ASSERT_EQ(t->table->rows.size(), 3u);
  EXPECT_EQ(t->table->rows[0][1].text, "Hải Phòng");
  EXPECT_EQ(t->table->rows[1][1].text, "Hồ Chí Minh");
  EXPECT_EQ(t->table->rows[2][1].text, "Tổng cộng");
  EXPECT_EQ(t->table->rows[2][2].text, "4");
  EXPECT_EQ(t->table->rows[2][3].text, "2");
  EXPECT_TRUE(t->table->rows[2][1].bold);
  EXPECT_EQ(Find(d.blocks, "annex.timeliness.summary")->generated,
            "Phải gửi 4 báo cáo: đúng hạn 2, muộn 1, chưa gửi 1. 2 đơn vị gửi đủ, đúng hạn; bảng "
            "dưới đây nêu 2 đơn vị gửi muộn hoặc chưa gửi.");
  EXPECT_EQ(Find(d.blocks, "annex.missing")->generated, "Chưa gửi báo cáo: Hồ Chí Minh.");
  const Block* o = Find(d.blocks, "annex.overdue");
  ASSERT_TRUE(o && o->table);
  ASSERT_EQ(o->table->rows.size(), 1u);
  EXPECT_EQ(o->table->rows[0][1].text, "Cục Việc làm");
  EXPECT_EQ(o->table->rows[0][4].text, "31/03/2012");
  EXPECT_EQ(o->table->rows[0][4].value, "2012-03-31");
  EXPECT_EQ(o->table->rows[0][5].text, "275");
}

TEST(Consolidation, SentencesForHeadlineAndLaggingTargetsOnly) {
  Fixture f;
  TargetView rooms = f.program.targets[0];
  rooms.id = 21;
  rooms.display_name = "Số người được hỗ trợ đào tạo nghề";
  rooms.target.section = "II.2.1";
  rooms.target.indicator_code = "";
  rooms.mentions.clear();
  TargetView late = rooms;
  late.id = 22;
  late.display_name = "Số người đi làm việc ở nước ngoài";
  f.program.targets.push_back(rooms);
  f.program.targets.push_back(late);
  f.dashboard.targets[0].target = &f.program.targets[0];  // the vector moved
  f.dashboard.targets[1].target = &f.program.targets[1];
  TargetMeasure a = f.dashboard.targets[0], b = f.dashboard.targets[0];
  a.target = &f.program.targets[2];
  b.target = &f.program.targets[3];
  b.state = TargetState::kOffTrack;
  f.dashboard.targets.push_back(a);
  f.dashboard.targets.push_back(b);
  auto d = BuildConsolidated(f.in);
  EXPECT_NE(Find(d.blocks, "I.fig.11"), nullptr);  // section I: a headline
  EXPECT_EQ(Find(d.blocks, "I.fig.21"), nullptr);  // on track in part II: the table only
  EXPECT_NE(Find(d.blocks, "I.fig.22"), nullptr);  // off track: a sentence
  EXPECT_EQ(Find(d.blocks, "I.table.II.2")->table->rows.size(), 4u);  // every target in it
}

TEST(Consolidation, TheAmendmentsOfThePeriodAfterTheTargets) {
  Fixture f;
  f.dashboard.targets[0].measure.target = 1650000;
  f.dashboard.targets[0].measure.target_original = 1600000;
  f.dashboard.targets[0].measure.target_version = 2;
  AmendmentNote a;
  a.id = 7;
  a.effective_from = {2012, 7, 1};
  a.unit = "Cục Việc làm";
  a.reason = "Nhu cầu tuyển dụng tăng.";
  domain::Change ch;
  ch.kind = domain::ChangeKind::kTargetValue;
  ch.locator = "target:11";
  ch.value = "1650000";
  ch.before = "1.600.000 người";
  ch.after = "1.650.000 người";
  a.changes = {ch};
  f.in.amendments = {a};
  f.in.sentences["viec_lam"] = "tạo việc làm cho {value}";
  auto d = BuildConsolidated(f.in);
  EXPECT_EQ(Find(d.blocks, "I.amendments.7")->generated,
            "Trong kỳ, Bộ trưởng đồng ý điều chỉnh chỉ tiêu tạo việc làm từ 1.600 nghìn người "
            "lên 1.650 nghìn người, áp dụng từ ngày 01/7/2012 (đề nghị của Cục Việc làm: Nhu "
            "cầu tuyển dụng tăng).");
  EXPECT_EQ(IndexOf(d.blocks, "I.amendments.7") + 1, IndexOf(d.blocks, "II"));
  EXPECT_EQ(Find(d.blocks, "I.table.II.2")->table->rows[0][3].text, "1.650 (đã điều chỉnh)");
  EXPECT_EQ(Find(d.blocks, "I.table.II.2")->table->rows[0][3].value, "1650");
}

TEST(Consolidation, AMinistryUnitsPassagesGoToTheAreaItAnswersFor) {
  // Cục Việc làm leads II.1 with every department, then II.2 alone: its passages are II.2's,
  // though II.1 is the first it leads.
  Fixture f;
  auto& plan = f.program.record.plan;
  domain::Section all;
  all.number = "II.1";
  all.title = "Công tác chung";
  for (const auto* u : f.reg.UnitsAt(f.at)) {
    if (u->kind == domain::OrgKind::kDepartment)
      all.resolved_leads.push_back({u->name, domain::NameResolution::kUnit, {u->id}});
  }
  plan.sections.insert(plan.sections.begin() + 3, all);  // before II.2: the first it leads
  f.tasks.rows[0].task.section = &plan.sections[5];      // the sections moved
  f.tasks.rows[0].task.task = &plan.sections[5].tasks[0];
  f.overdue[0].section = &plan.sections[5];
  auto d = BuildConsolidated(f.in);
  EXPECT_NE(Find(d.blocks, "II.II.2." + std::to_string(f.vl)), nullptr);
  EXPECT_EQ(Find(d.blocks, "II.II.1." + std::to_string(f.vl)), nullptr);
  EXPECT_EQ(NamesList({"Cục Việc làm", "Tổng cục Dạy nghề"}), "Cục Việc làm và Tổng cục Dạy nghề");
  EXPECT_EQ(NamesList({"A", "B", "C"}), "A, B và C");
  EXPECT_EQ(NamesList({"A", "B", "C"}, 1, "tỉnh"), "A và 2 tỉnh khác");
}

TEST(Consolidation, SameInputSameBlocksAndAMovedFigureChangesOnlyItsBlocks) {
  Fixture f;
  auto a = BuildConsolidated(f.in);
  auto b = BuildConsolidated(f.in);
  EXPECT_EQ(a.blocks, b.blocks);
  f.dashboard.targets[0].measure.current = 1590000;
  f.dashboard.targets[0].measure.achievement = 1590000.0 / 1600000;
  auto c = BuildConsolidated(f.in);
  ASSERT_EQ(Keys(a.blocks), Keys(c.blocks));
  std::vector<std::string> changed;
  for (size_t i = 0; i < a.blocks.size(); ++i) {
    if (!(a.blocks[i] == c.blocks[i])) changed.push_back(a.blocks[i].key);
  }
  EXPECT_EQ(changed, (std::vector<std::string>{"I.table.II.2", "I.fig.11"}));
  EXPECT_EQ(Find(c.blocks, "I.fig.11")->generated.find("1.590 nghìn người, đạt 99,4%") !=
                std::string::npos,
            true)
      << Find(c.blocks, "I.fig.11")->generated;
}

TEST(Consolidation, AUnitsOwnReport) {
  Fixture f;
  f.in.kind = domain::DocumentKind::kUnit;
  f.in.unit = f.vl;
  f.in.narratives.push_back({f.vl, "2012-M12", Narrative::kResults, "Hoàn thành kế hoạch."});
  auto d = BuildConsolidated(f.in);
  EXPECT_EQ(d.header.issuer, "CỤC VIỆC LÀM");
  EXPECT_EQ(d.header.symbol, "BC-VL");
  EXPECT_EQ(d.header.parent_body, "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI");
  EXPECT_EQ(Find(d.blocks, "I.results")->generated, "Hoàn thành kế hoạch.");
  EXPECT_EQ(Find(d.blocks, "II.text")->generated,
            "Một số tỉnh báo cáo chậm. Nguyên nhân: Thiếu cán bộ thống kê.");
  EXPECT_EQ(Find(d.blocks, "IV.text")->generated, "Không có.");
  EXPECT_EQ(Find(d.blocks, "annex"), nullptr);
  EXPECT_NE(Find(d.blocks, "I.tasks.unit"), nullptr);
  // Another unit's passages are not in it.
  for (const auto& b : d.blocks) EXPECT_EQ(b.generated.find("vốn vay"), std::string::npos);

  f.in.unit = f.hanoi;
  auto p = BuildConsolidated(f.in);
  EXPECT_EQ(p.header.symbol, "BC-SLĐTBXH");
  EXPECT_EQ(p.header.issuer, "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI");
}

TEST(Consolidation, CommunesAreCountedNotQuotedAndRolledUpAboveTwoHundredUnits) {
  std::vector<domain::OrgUnit> units;
  units.push_back({1, "01", "Hà Nội", domain::OrgKind::kProvince, {}, {}, {}, {}, {}});
  for (int i = 0; i < 250; ++i) {
    units.push_back({100000 + i,
                     "c" + std::to_string(i),
                     "Xã " + std::to_string(i),
                     domain::OrgKind::kCommune,
                     1,
                     {},
                     {},
                     {},
                     {}});
  }
  domain::OrgRegistry reg(units);
  Fixture f;
  f.in.registry = &reg;
  f.in.narratives.clear();
  f.timeliness.by_unit.clear();
  for (const auto& u : units) {
    TimelinessRow r;
    r.unit = u.id;
    r.counts.expected = 1;
    r.counts.on_time = u.id % 2;
    r.counts.missing = 1 - u.id % 2;
    f.timeliness.by_unit.push_back(r);
    f.in.narratives.push_back({u.id, "2012-M12", Narrative::kProposals, "Đề nghị " + u.code});
  }
  auto d = BuildConsolidated(f.in);
  const Block* t = Find(d.blocks, "annex.timeliness");
  ASSERT_TRUE(t && t->table);
  ASSERT_EQ(t->table->rows.size(), 2u);
  EXPECT_EQ(t->table->rows[0][1].text, "Hà Nội (gồm 250 đơn vị cấp huyện, xã)");
  EXPECT_EQ(t->table->rows[0][2].text, "251");
  EXPECT_EQ(t->table->rows[0][5].text, "125");
  EXPECT_EQ(Find(d.blocks, "annex.missing")->generated, "Chưa gửi báo cáo: Hà Nội.");
  EXPECT_EQ(Find(d.blocks, "IV.below")->generated,
            "Ngoài ra, 250 đơn vị cấp huyện, xã nêu nội dung này trong báo cáo.");
  ASSERT_NE(Find(d.blocks, "annex.IV.1"), nullptr);
  EXPECT_EQ(Find(d.blocks, "annex.IV.1")->generated, "- Hà Nội: Đề nghị 01");
}

}  // namespace
}  // namespace wp::service
