#include "domain/document.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/access.hpp"
#include "domain/test_data.hpp"

namespace wp::domain {
namespace {

Block Gen(const std::string& key, const std::string& text) {
  Block b;
  b.key = key;
  b.style = "WPBody";
  b.section = "I";
  b.generated = text;
  return b;
}

// `b` as the Office left it: edited on the text generated then.
Block Edit(Block b, const std::string& text) {
  b.base = b.generated;
  b.edited = text;
  b.state = BlockState::kEdited;
  return b;
}

Block Added(const std::string& key, const std::string& anchor, const std::string& text) {
  Block b;
  b.key = key;
  b.style = "WPBody";
  b.anchor = anchor;
  b.edited = text;
  b.state = BlockState::kEdited;
  return b;
}

std::vector<std::string> Keys(const std::vector<Block>& blocks) {
  std::vector<std::string> out;
  for (const auto& b : blocks) out.push_back(b.key);
  return out;
}

const Block& ByKey(const MergeOutcome& m, const std::string& key) {
  for (const auto& b : m.blocks) {
    if (b.key == key) return b;
  }
  static Block none;
  ADD_FAILURE() << "no block " << key;
  return none;
}

using Strings = std::vector<std::string>;

const std::string kJobs =
    "Tạo việc làm cho 1.584,8 nghìn người, đạt 99,1% kế hoạch năm, tăng 1,6% so với cùng kỳ.";
const std::string kJobsNew =
    "Tạo việc làm cho 1.597,0 nghìn người, đạt 99,8% kế hoạch năm, tăng 1,6% so với cùng kỳ.";

TEST(DocumentNames, ReadBack) {
  for (auto k : {DocumentKind::kConsolidated, DocumentKind::kUnit}) {
    EXPECT_EQ(ParseDocumentKind(DocumentKindName(k)), k);
  }
  for (auto s : {DocumentStatus::kDraft, DocumentStatus::kIssued}) {
    EXPECT_EQ(ParseDocumentStatus(DocumentStatusName(s)), s);
  }
  for (auto k : {BlockKind::kHeading, BlockKind::kParagraph, BlockKind::kTable}) {
    EXPECT_EQ(ParseBlockKind(BlockKindName(k)), k);
  }
  for (auto s : {BlockState::kGenerated, BlockState::kEdited, BlockState::kChangedUnderneath,
                 BlockState::kOrphaned}) {
    EXPECT_EQ(ParseBlockState(BlockStateName(s)), s);
  }
  EXPECT_STREQ(DocumentKindName(DocumentKind::kConsolidated), "consolidated");
  EXPECT_STREQ(BlockStateName(BlockState::kChangedUnderneath), "changed_underneath");
  EXPECT_FALSE(ParseDocumentKind("Consolidated"));
  EXPECT_FALSE(ParseBlockState(""));
}

TEST(Block, TextIsTheEditElseTheGeneratedTextAndNothingWhenRemoved) {
  Block b = Gen("I.fig.1", kJobs);
  EXPECT_EQ(b.Text(), kJobs);
  b = Edit(b, "Tạo việc làm cho khoảng 1,6 triệu người.");
  EXPECT_EQ(b.Text(), "Tạo việc làm cho khoảng 1,6 triệu người.");
  b.removed = true;
  EXPECT_EQ(b.Text(), "");
}

TEST(MergeRegenerated, AnUneditedBlockTakesTheNewText) {
  auto m = MergeRegenerated({Gen("intro", "a"), Gen("I.fig.1", kJobs)},
                            {Gen("intro", "a"), Gen("I.fig.1", kJobsNew)});
  EXPECT_EQ(Keys(m.blocks), (Strings{"intro", "I.fig.1"}));
  EXPECT_EQ(m.blocks[1].Text(), kJobsNew);
  EXPECT_EQ(m.blocks[1].state, BlockState::kGenerated);
  EXPECT_FALSE(m.blocks[1].base);
  EXPECT_TRUE(m.kept.empty());
  EXPECT_TRUE(m.changed_underneath.empty());
  EXPECT_TRUE(m.orphaned.empty());
}

TEST(MergeRegenerated, AnEditOnUnchangedFiguresIsKept) {
  auto m = MergeRegenerated({Gen("intro", "a"), Edit(Gen("I.fig.1", kJobs), "Sửa: 1.584,8")},
                            {Gen("intro", "a"), Gen("I.fig.1", kJobs)});
  const Block& b = ByKey(m, "I.fig.1");
  EXPECT_EQ(b.Text(), "Sửa: 1.584,8");
  EXPECT_EQ(b.state, BlockState::kEdited);
  EXPECT_EQ(b.base, kJobs);
  EXPECT_EQ(b.generated, kJobs);
  EXPECT_EQ(m.kept, (Strings{"I.fig.1"}));
  EXPECT_TRUE(m.changed_underneath.empty());
}

TEST(MergeRegenerated, AnEditWhoseFiguresChangedUnderneathIsKeptAndFlagged) {
  auto m = MergeRegenerated({Edit(Gen("I.fig.1", kJobs), "Tạo việc làm cho 1.584,8 nghìn người.")},
                            {Gen("I.fig.1", kJobsNew)});
  const Block& b = ByKey(m, "I.fig.1");
  EXPECT_EQ(b.Text(), "Tạo việc làm cho 1.584,8 nghìn người.");
  EXPECT_EQ(b.state, BlockState::kChangedUnderneath);
  EXPECT_EQ(b.base, kJobs);          // what the edit was made on …
  EXPECT_EQ(b.generated, kJobsNew);  // … and what is generated now: the person compares
  EXPECT_EQ(m.changed_underneath, (Strings{"I.fig.1"}));
  EXPECT_TRUE(m.kept.empty());

  // Regenerated again before anyone resolved it: still against the base of the edit.
  auto again = MergeRegenerated(m.blocks, {Gen("I.fig.1", kJobsNew)});
  EXPECT_EQ(ByKey(again, "I.fig.1").state, BlockState::kChangedUnderneath);
  // Once resolved (base moved to the new text), the same figures leave it an edit.
  Block resolved = ByKey(m, "I.fig.1");
  resolved.base = kJobsNew;
  resolved.state = BlockState::kEdited;
  auto calm = MergeRegenerated({resolved}, {Gen("I.fig.1", kJobsNew)});
  EXPECT_EQ(ByKey(calm, "I.fig.1").state, BlockState::kEdited);
}

TEST(MergeRegenerated, AGoneUneditedBlockIsDroppedAndAGoneEditIsOrphanedInPlace) {
  auto m = MergeRegenerated(
      {Gen("II.II.2.7", "Cục Việc làm: chậm."), Gen("II.II.2.9", "Hà Nội: thiếu vốn."),
       Edit(Gen("II.II.2.11", "Hải Phòng: thiếu cán bộ."), "Hải Phòng: thiếu cán bộ y tế."),
       Gen("III.II.2.7", "Cục Việc làm: tiếp tục.")},
      {Gen("II.II.2.7", "Cục Việc làm: chậm."), Gen("III.II.2.7", "Cục Việc làm: tiếp tục.")});
  EXPECT_EQ(Keys(m.blocks), (Strings{"II.II.2.7", "II.II.2.11", "III.II.2.7"}));
  const Block& o = ByKey(m, "II.II.2.11");
  EXPECT_EQ(o.state, BlockState::kOrphaned);
  EXPECT_EQ(o.Text(), "Hải Phòng: thiếu cán bộ y tế.");
  EXPECT_EQ(m.orphaned, (Strings{"II.II.2.11"}));
}

TEST(MergeRegenerated, AnOrphanWhosePredecessorWentTooFollowsTheBlockBeforeThat) {
  auto m =
      MergeRegenerated({Gen("a", "A"), Gen("b", "B"), Edit(Gen("c", "C"), "C'"), Gen("d", "D")},
                       {Gen("a", "A"), Gen("d", "D")});
  EXPECT_EQ(Keys(m.blocks), (Strings{"a", "c", "d"}));
  // At the very start, with nothing before it left: first.
  auto first = MergeRegenerated({Edit(Gen("a", "A"), "A'"), Gen("b", "B")}, {Gen("b", "B")});
  EXPECT_EQ(Keys(first.blocks), (Strings{"a", "b"}));
  EXPECT_EQ(first.blocks[0].state, BlockState::kOrphaned);
}

TEST(MergeRegenerated, NewBlocksAreInsertedInGeneratedOrder) {
  auto m = MergeRegenerated({Gen("I.count", "x"), Gen("I.fig.3", "y")},
                            {Gen("intro", "i"), Gen("I.count", "x"), Gen("I.fig.2", "new"),
                             Gen("I.fig.3", "y"), Gen("annex.overdue", "z")});
  EXPECT_EQ(Keys(m.blocks), (Strings{"intro", "I.count", "I.fig.2", "I.fig.3", "annex.overdue"}));
  EXPECT_EQ(ByKey(m, "I.fig.2").state, BlockState::kGenerated);
}

TEST(MergeRegenerated, AddedParagraphsStayAfterTheirAnchors) {
  std::vector<Block> old = {Gen("I.fig.1", kJobs), Added("free.1", "I.fig.1", "Thêm một ý."),
                            Added("free.2", "free.1", "Và một ý nữa."), Gen("I.fig.2", "b"),
                            Gen("I.fig.3", "c")};
  // The generator now puts I.fig.4 between 1 and 2: the added paragraphs stay with I.fig.1.
  auto m = MergeRegenerated(old, {Gen("I.fig.1", kJobsNew), Gen("I.fig.4", "d"),
                                  Gen("I.fig.2", "b"), Gen("I.fig.3", "c")});
  EXPECT_EQ(Keys(m.blocks),
            (Strings{"I.fig.1", "free.1", "free.2", "I.fig.4", "I.fig.2", "I.fig.3"}));
  EXPECT_EQ(ByKey(m, "free.1").Text(), "Thêm một ý.");
  EXPECT_EQ(ByKey(m, "free.1").state, BlockState::kEdited);
  EXPECT_TRUE(m.orphaned.empty());  // an added paragraph is never orphaned

  // Its anchor gone (unedited, dropped): where the anchor was, after the block before it.
  std::vector<Block> old2 = {Gen("a", "A"), Gen("b", "B"), Added("free.1", "b", "F"),
                             Gen("c", "C")};
  auto m2 = MergeRegenerated(old2, {Gen("a", "A"), Gen("c", "C")});
  EXPECT_EQ(Keys(m2.blocks), (Strings{"a", "free.1", "c"}));
  EXPECT_EQ(ByKey(m2, "free.1").state, BlockState::kEdited);
  EXPECT_TRUE(m2.orphaned.empty());

  // Anchored in a circle (no block to start from): kept, at the end.
  auto m3 = MergeRegenerated(
      {Gen("a", "A"), Added("free.1", "free.2", "X"), Added("free.2", "free.1", "Y")},
      {Gen("a", "A")});
  EXPECT_EQ(Keys(m3.blocks), (Strings{"a", "free.1", "free.2"}));
}

TEST(MergeRegenerated, ARemovedBlockStaysRemovedAndTablesAreAlwaysFresh) {
  Block removed = Gen("I.fig.2", "b");
  removed.removed = true;
  Block table;
  table.key = "I.table.II.2";
  table.kind = BlockKind::kTable;
  table.table = BlockTable{{{"Chỉ tiêu", "text"}, {"% KH", "percent"}},
                           {{{"Việc làm", std::nullopt, false}, {"99,1", "99.1", false}}}};
  Block fresh_table = table;
  fresh_table.table->rows[0][1] = {"99,8", "99.8", false};
  auto m = MergeRegenerated({removed, table}, {Gen("I.fig.2", "b2"), fresh_table});
  EXPECT_TRUE(ByKey(m, "I.fig.2").removed);
  EXPECT_EQ(ByKey(m, "I.fig.2").Text(), "");
  EXPECT_EQ(ByKey(m, "I.fig.2").generated, "b2");
  EXPECT_EQ(ByKey(m, "I.table.II.2").table->rows[0][1].text, "99,8");
  EXPECT_EQ(ByKey(m, "I.table.II.2").table->rows[0][1].value, "99.8");
  // A removed block the generator no longer makes is gone with it.
  auto gone = MergeRegenerated({removed, Gen("x", "X")}, {Gen("x", "X")});
  EXPECT_EQ(Keys(gone.blocks), (Strings{"x"}));
}

TEST(RebaseNumbers, PutsTheNewFiguresIntoTheOfficesWording) {
  EXPECT_EQ(RebaseNumbers(kJobs, kJobsNew,
                          "Cả nước tạo việc làm cho 1.584,8 nghìn người (đạt 99,1% kế hoạch)."),
            "Cả nước tạo việc làm cho 1.597,0 nghìn người (đạt 99,8% kế hoạch).");
  // An unchanged number ("1,6") may be left out of the edit.
  EXPECT_EQ(RebaseNumbers(kJobs, kJobsNew, "Đạt 99,1%; 1.584,8 nghìn người."), std::nullopt)
      << "out of order";
  EXPECT_EQ(RebaseNumbers("56/63 tỉnh đã báo cáo", "61/63 tỉnh đã báo cáo", "đã có 56/63 tỉnh"),
            "đã có 61/63 tỉnh");
}

TEST(RebaseNumbers, RefusesAMissingOrRepeatedNumberOrChangedWords) {
  // 99,1 is not in the edit.
  EXPECT_EQ(RebaseNumbers(kJobs, kJobsNew, "Tạo việc làm cho 1.584,8 nghìn người."), std::nullopt);
  // 1.584,8 twice: which one is the figure?
  EXPECT_EQ(RebaseNumbers(kJobs, kJobsNew, "1.584,8 người (1.584,8 nghìn), 99,1%"), std::nullopt);
  // The generated words changed ("tăng" → "giảm"): not a change of figures alone.
  EXPECT_EQ(RebaseNumbers("tăng 1,6%", "giảm 1,2%", "tăng 1,6% so với"), std::nullopt);
  // A number more or fewer.
  EXPECT_EQ(RebaseNumbers("đạt 5 tỉnh", "đạt 5 tỉnh và 6 huyện", "5 tỉnh"), std::nullopt);
  // A number token ends before a full stop: "1.584,8." is the number and the stop.
  EXPECT_EQ(RebaseNumbers("là 1.584,8.", "là 1.597.", "Số là 1.584,8."), "Số là 1.597.");
}

TEST(DateLine, ZeroBeforeDaysBelowTenAndMonthsOneAndTwoOnly) {
  EXPECT_EQ(DateLine("Hà Nội", {2013, 2, 5}), "Hà Nội, ngày 05 tháng 02 năm 2013");
  EXPECT_EQ(DateLine("Hà Nội", {2012, 12, 18}), "Hà Nội, ngày 18 tháng 12 năm 2012");
  EXPECT_EQ(DateLine("Hà Nội", {2013, 1, 5}), "Hà Nội, ngày 05 tháng 01 năm 2013");
  EXPECT_EQ(DateLine("Hà Nội", {2013, 3, 10}), "Hà Nội, ngày 10 tháng 3 năm 2013");
  EXPECT_EQ(DateLine("Hà Nội", {2013, 9, 1}), "Hà Nội, ngày 01 tháng 9 năm 2013");
  EXPECT_EQ(DateLine("", {2013, 11, 30}), "ngày 30 tháng 11 năm 2013");
  EXPECT_EQ(BlankDateLine("Hà Nội", 2013), "Hà Nội, ngày     tháng     năm 2013");
}

// Who reads, edits and issues which document (lead's decision of 7/12: leaders read drafts; only
// planners and admins edit and issue the consolidated report; a unit's editor or approver its
// own unit's report).
TEST(DocumentAccess, LeadersReadDraftsOnlyPlannersAndAdminsEditTheMinistrysReport) {
  using testing::Registry;
  const core::CivilDate at{2013, 1, 5};
  const OrgUnit* hanoi = Registry().FindByCode("01", at);
  const OrgUnit* haiphong = Registry().FindByCode("31", at);
  ASSERT_TRUE(hanoi && haiphong);
  const OrgUnitId ministry = 1;
  const Principal admin{1, "admin", Role::kAdmin, std::nullopt};
  const Principal planner{2, "kehoach", Role::kPlanner, ministry};
  const Principal leader{3, "lanhdao", Role::kViewer, std::nullopt};
  const Principal hanoi_editor{4, "hn", Role::kEditor, hanoi->id};
  const Principal hanoi_approver{5, "hn2", Role::kApprover, hanoi->id};
  const Principal hanoi_viewer{6, "hn3", Role::kViewer, hanoi->id};
  const Principal ministry_approver{7, "bo", Role::kApprover, ministry};
  const auto kC = DocumentKind::kConsolidated, kU = DocumentKind::kUnit;
  const auto kDraft = DocumentStatus::kDraft, kIssued = DocumentStatus::kIssued;

  for (const auto* who : {&admin, &planner, &leader, &hanoi_editor, &hanoi_viewer}) {
    EXPECT_TRUE(Can(*who, Permission::kReadDocuments)) << who->username;
  }
  for (const auto* who : {&admin, &planner}) {
    EXPECT_TRUE(Can(*who, Permission::kEditDocuments));
    EXPECT_TRUE(Can(*who, Permission::kIssueDocuments));
    EXPECT_TRUE(MayEditDocument(*who, kC, ministry, Registry(), at));
    EXPECT_TRUE(MayIssueDocument(*who, kC, ministry, Registry(), at));
    EXPECT_TRUE(MayEditDocument(*who, kU, hanoi->id, Registry(), at));
  }
  for (const auto* who : {&leader, &hanoi_editor, &hanoi_approver, &ministry_approver}) {
    EXPECT_FALSE(Can(*who, Permission::kEditDocuments)) << who->username;
    EXPECT_FALSE(Can(*who, Permission::kIssueDocuments)) << who->username;
    EXPECT_FALSE(MayEditDocument(*who, kC, ministry, Registry(), at)) << who->username;
    EXPECT_FALSE(MayIssueDocument(*who, kC, ministry, Registry(), at)) << who->username;
  }
  // Leaders read the consolidated draft; a province's accounts only once issued.
  EXPECT_TRUE(MayReadDocument(leader, kC, ministry, kDraft, Registry(), at));
  EXPECT_FALSE(MayReadDocument(hanoi_editor, kC, ministry, kDraft, Registry(), at));
  EXPECT_TRUE(MayReadDocument(hanoi_viewer, kC, ministry, kIssued, Registry(), at));

  // A unit's own report: its editor and approver write it, its approver issues it; not another
  // province's, and not the unit above (the Ministry's approver) in its place.
  EXPECT_TRUE(MayEditDocument(hanoi_editor, kU, hanoi->id, Registry(), at));
  EXPECT_TRUE(MayEditDocument(hanoi_approver, kU, hanoi->id, Registry(), at));
  EXPECT_FALSE(MayIssueDocument(hanoi_editor, kU, hanoi->id, Registry(), at));
  EXPECT_TRUE(MayIssueDocument(hanoi_approver, kU, hanoi->id, Registry(), at));
  EXPECT_FALSE(MayEditDocument(hanoi_editor, kU, haiphong->id, Registry(), at));
  EXPECT_FALSE(MayEditDocument(hanoi_viewer, kU, hanoi->id, Registry(), at));
  EXPECT_FALSE(MayEditDocument(ministry_approver, kU, hanoi->id, Registry(), at));
  EXPECT_TRUE(MayReadDocument(hanoi_viewer, kU, hanoi->id, kDraft, Registry(), at));
  EXPECT_FALSE(MayReadDocument(hanoi_viewer, kU, haiphong->id, kIssued, Registry(), at));
  EXPECT_TRUE(MayReadDocument(ministry_approver, kU, hanoi->id, kDraft, Registry(), at));
}

}  // namespace
}  // namespace wp::domain
