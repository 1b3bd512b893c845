// docx_tool: the .docx writer as a program, for the checks that read its files with other
// software (tests/export/docx_readback.py with python-docx, tests/export/office_render.py with
// LibreOffice) and for the Office's template edits.
//   docx_tool fill TEMPLATE OUT.docx   fills every tag of a bao_cao template with a sample
//                                      consolidated report in Decree 30 form (a figures table,
//                                      sections, an annex, Nơi nhận, the signature); a template
//                                      without wp.recipients (giao_ban) with a briefing pack of
//                                      two areas.
//   docx_tool check TEMPLATE NAME      checks TEMPLATE against RequirementsOf(NAME); prints its
//                                      tags, one a line.
//   docx_tool requirements NAME        prints what NAME needs: "inline|block|style<TAB>id".
// Exit status 0, 1 when reading, checking or writing fails (the error on stderr), 2 for bad
// usage.

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "export/docx.hpp"

namespace {

using wp::xport::DocAlign;
using wp::xport::DocBlock;
using wp::xport::DocCell;
using wp::xport::DocPageBreak;
using wp::xport::DocParagraph;
using wp::xport::DocRun;
using wp::xport::DocTable;

int Fail(const wp::core::Error& e) {
  std::cerr << "docx_tool: " << e.reason << ": " << e.message;
  if (!e.internal_note.empty()) std::cerr << " (" << e.internal_note << ")";
  std::cerr << "\n";
  return 1;
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "docx_tool: cannot open " << path << "\n";
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

DocParagraph P(std::string style, std::string text, bool bold = false, bool italic = false) {
  return DocParagraph{
      std::move(style), {DocRun{std::move(text), bold, italic}}, DocAlign::kDefault};
}

DocCell C(std::string style, std::string text, int span = 1) {
  return DocCell{{P(std::move(style), std::move(text))}, span};
}

// The figures of area 1, as the consolidated report prints them: plan, period, cumulative,
// % of plan, against last year.
DocTable Figures() {
  DocTable t;
  t.style = "WPTable";
  t.widths = {560, 3235, 1200, 1100, 1100, 1000, 1160};  // 9355: the text width
  t.header_rows = 1;
  const std::string h = "WPTableHead";
  t.rows.push_back({C(h, "TT"), C(h, "Chỉ tiêu"), C(h, "Kế hoạch năm"), C(h, "Tháng 12"),
                    C(h, "Lũy kế"), C(h, "% kế hoạch"), C(h, "So với cùng kỳ")});
  t.rows.push_back({C("WPTableCell", "Lĩnh vực việc làm, dạy nghề", 7)});
  struct Row {
    const char* name;
    const char* plan;
    const char* month;
    const char* total;
    const char* pct;
    const char* last;
  };
  const Row rows[] = {
      {"Tạo việc làm (nghìn người)", "1.600", "142,3", "1.584,8", "99,1", "+1,6%"},
      {"Xuất khẩu lao động (nghìn người)", "85", "9,1", "80,3", "94,5", "−4,1%"},
      {"Tỷ lệ thất nghiệp khu vực thành thị (%)", "< 4,3", "", "4,1", "đạt", ""},
      {"Tuyển mới dạy nghề (nghìn người)", "1.800", "161,0", "1.787,6", "99,3", "+0,8%"},
  };
  int n = 1;
  for (const Row& r : rows) {
    t.rows.push_back({C("WPTableNum", std::to_string(n++)), C("WPTableCell", r.name),
                      C("WPTableNum", r.plan), C("WPTableNum", r.month), C("WPTableNum", r.total),
                      C("WPTableNum", r.pct), C("WPTableNum", r.last)});
  }
  return t;
}

DocTable Timeliness() {
  DocTable t;
  t.style = "WPTable";
  t.widths = {700, 5055, 1800, 1800};
  const std::string h = "WPTableHead";
  t.rows.push_back({C(h, "TT"), C(h, "Đơn vị"), C(h, "Ngày gửi"), C(h, "Tình trạng")});
  const char* units[][3] = {{"Cục Việc làm", "15/12/2012", "Đúng hạn"},
                            {"Tổng cục Dạy nghề", "19/12/2012", "Chậm 1 ngày"},
                            {"Sở LĐTBXH Hà Giang", "", "Chưa báo cáo"}};
  int n = 1;
  for (const auto& u : units) {
    t.rows.push_back({C("WPTableNum", std::to_string(n++)), C("WPTableCell", u[0]),
                      C("WPTableCell", u[1]), C("WPTableCell", u[2])});
  }
  return t;
}

int FillBriefing(const wp::xport::DocxTemplate& tpl, const std::string& out_path);

int Fill(const std::string& template_path, const std::string& out_path) {
  std::string bytes;
  if (!ReadFile(template_path, bytes)) return 1;
  auto tpl = wp::xport::DocxTemplate::Open(std::move(bytes));
  if (!tpl) return Fail(tpl.error());
  const auto& tags = tpl->tags();
  if (std::find(tags.begin(), tags.end(), "wp.recipients") == tags.end()) {
    return FillBriefing(*tpl, out_path);
  }
  if (auto ok = tpl->Check(*wp::xport::RequirementsOf("bao_cao")); !ok) return Fail(ok.error());

  const std::map<std::string, std::string> inline_values = {
      {"wp.parent_body", ""},  // the Ministry issues it: no parent body line
      {"wp.issuer", "BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI"},
      {"wp.number", "45/BC-LĐTBXH"},
      {"wp.place_date", "Hà Nội, ngày 05 tháng 01 năm 2013"},
      {"wp.title", "BÁO CÁO"},
      {"wp.subject",
       "Tình hình thực hiện Chương trình công tác tháng 12 năm 2012\nvà nhiệm vụ trọng tâm "
       "tháng 01 năm 2013"},
      {"wp.authority", "KT. BỘ TRƯỞNG"},
      {"wp.signer_title", "THỨ TRƯỞNG"},
      {"wp.signer_name", "Nguyễn Văn A"},
  };
  std::vector<DocBlock> body;
  body.push_back(P("WPBody",
                   "Thực hiện Quyết định số 224/QĐ-LĐTBXH ngày 20/02/2012 của Bộ trưởng về "
                   "Chương trình công tác năm 2012, Bộ Lao động - Thương binh và Xã hội báo cáo "
                   "tình hình thực hiện tháng 12 năm 2012 như sau:"));
  body.push_back(P("WPSection", "I. KẾT QUẢ THỰC HIỆN"));
  body.push_back(P("WPArea", "1. Lĩnh vực việc làm, dạy nghề"));
  body.push_back(DocParagraph{
      "WPBody",
      {DocRun{"Tạo việc làm", true, false},
       DocRun{" cho 1.584,8 nghìn người, đạt 99,1% kế hoạch năm, tăng 1,6% so với cùng kỳ; "
              "tỷ lệ thất nghiệp khu vực thành thị ước 4,1%, đạt mục tiêu (dưới 4,3%).",
              false, false}},
      DocAlign::kDefault});
  body.push_back(Figures());
  body.push_back(P("WPBody",
                   "Đã hoàn thành 12/30 nhiệm vụ; 15 đang thực hiện; 3 chậm so với thời hạn: "
                   "trình Chính phủ Nghị định hướng dẫn Bộ luật Lao động (Cục Việc làm, hạn "
                   "31/3/2012)."));
  body.push_back(P("WPSection", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"));
  body.push_back(DocParagraph{
      "WPBody",
      {DocRun{"Sở LĐTBXH Hà Giang: ", false, true},
       DocRun{"tiến độ giải ngân vốn dạy nghề cho lao động nông thôn chậm do <kế hoạch> & "
              "\"hướng dẫn\" ban hành muộn.",
              false, false}},
      DocAlign::kDefault});
  body.push_back(P("WPSection", "III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"));
  body.push_back(P("WPBody", "- Tổng kết Chương trình công tác năm 2012;"));
  body.push_back(P("WPBody", "- Triển khai Chương trình công tác năm 2013."));
  body.push_back(P("WPSection", "IV. KIẾN NGHỊ, ĐỀ XUẤT"));
  body.push_back(P("WPBody", "Đề nghị Bộ trưởng chỉ đạo các đơn vị gửi báo cáo đúng hạn."));
  const std::vector<DocBlock> recipients = {
      P("WPRecipients", "- Bộ trưởng (để báo cáo);"), P("WPRecipients", "- Các Thứ trưởng;"),
      P("WPRecipients", "- Vụ KHTC;"), P("WPRecipients", "- Lưu: VT, KHTC.")};

  const std::vector<DocBlock> annex = {
      P("WPAnnexTitle", "PHỤ LỤC\nTình hình gửi báo cáo tháng 12 năm 2012"), Timeliness(),
      DocPageBreak{}, P("WPBody", "Trang cuối: sau một ngắt trang.", false, true)};

  auto out = tpl->Fill(inline_values,
                       {{"wp.body", body}, {"wp.recipients", recipients}, {"wp.annex", annex}});
  if (!out) return Fail(out.error());
  std::ofstream f(out_path, std::ios::binary);
  f.write(out->data(), static_cast<std::streamsize>(out->size()));
  if (!f) {
    std::cerr << "docx_tool: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}

// The briefing pack's sample: a page per area (WPArea starts one in giao_ban), its targets and
// what needs a decision.
int FillBriefing(const wp::xport::DocxTemplate& tpl, const std::string& out_path) {
  if (auto ok = tpl.Check(*wp::xport::RequirementsOf("giao_ban")); !ok) return Fail(ok.error());
  const std::map<std::string, std::string> inline_values = {
      {"wp.parent_body", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"},
      {"wp.issuer", "VĂN PHÒNG"},
      {"wp.place_date", "Hà Nội, ngày 18 tháng 12 năm 2012"},
      {"wp.title", "TÀI LIỆU GIAO BAN"},
      {"wp.subject", "Tình hình thực hiện Chương trình công tác đến ngày 31/12/2012"},
  };
  std::vector<DocBlock> body;
  body.push_back(P("WPBody",
                   "Trong 95 chỉ tiêu, 41 đạt và vượt tiến độ, 12 có nguy cơ không đạt, "
                   "6 chậm tiến độ, 31 chưa đủ báo cáo."));
  const char* areas[] = {"1. Lĩnh vực việc làm", "2. Lĩnh vực dạy nghề"};
  for (const char* area : areas) {
    body.push_back(P("WPArea", area));
    DocTable t;
    t.style = "WPTable";
    t.widths = {3955, 1300, 1300, 1000, 1800};
    const std::string h = "WPTableHead";
    t.rows.push_back(
        {C(h, "Chỉ tiêu"), C(h, "Kế hoạch"), C(h, "Thực hiện"), C(h, "% KH"), C(h, "Tình trạng")});
    t.rows.push_back({C("WPTableCell", "Tạo việc làm (nghìn người)"), C("WPTableNum", "1.600"),
                      C("WPTableNum", "1.584,8"), C("WPTableNum", "99,1"),
                      C("WPTableCell", "Đúng tiến độ")});
    body.push_back(t);
    body.push_back(P("WPBody", "Cần quyết định:", true));
    body.push_back(P("WPBody", "- Sở LĐTBXH Hà Giang đạt 61,2% kế hoạch (thấp nhất);"));
    body.push_back(P("WPBody",
                     "- Trình Nghị định hướng dẫn Bộ luật Lao động: quá hạn 275 ngày "
                     "(Cục Việc làm)."));
  }
  auto out = tpl.Fill(inline_values, {{"wp.body", body}});
  if (!out) return Fail(out.error());
  std::ofstream f(out_path, std::ios::binary);
  f.write(out->data(), static_cast<std::streamsize>(out->size()));
  if (!f) {
    std::cerr << "docx_tool: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}

int Check(const std::string& template_path, const std::string& name) {
  const auto req = wp::xport::RequirementsOf(name);
  if (!req) {
    std::cerr << "docx_tool: unknown template name " << name << "\n";
    return 2;
  }
  std::string bytes;
  if (!ReadFile(template_path, bytes)) return 1;
  auto tpl = wp::xport::DocxTemplate::Open(std::move(bytes));
  if (!tpl) return Fail(tpl.error());
  if (auto ok = tpl->Check(*req); !ok) return Fail(ok.error());
  for (const std::string& tag : tpl->tags()) std::cout << tag << "\n";
  return 0;
}

int Requirements(const std::string& name) {
  const auto req = wp::xport::RequirementsOf(name);
  if (!req) {
    std::cerr << "docx_tool: unknown template name " << name << "\n";
    return 2;
  }
  for (const auto& t : req->inline_tags) std::cout << "inline\t" << t << "\n";
  for (const auto& t : req->block_tags) std::cout << "block\t" << t << "\n";
  for (const auto& s : req->styles) std::cout << "style\t" << s << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string verb = argc >= 2 ? argv[1] : "";
  if (verb == "fill" && argc == 4) return Fill(argv[2], argv[3]);
  if (verb == "check" && argc == 4) return Check(argv[2], argv[3]);
  if (verb == "requirements" && argc == 3) return Requirements(argv[2]);
  std::cerr << "usage: docx_tool fill TEMPLATE OUT.docx | docx_tool check TEMPLATE NAME | "
               "docx_tool requirements NAME\n";
  return 2;
}
