// The workplan binary: the command line and the server, and the CLI's catch site: whatever
// escapes a command ends it with a Vietnamese message and an English code on stderr and a
// non-zero exit, never an abort.

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "api/log.hpp"
#include "app/backup_command.hpp"
#include "app/document_command.hpp"
#include "app/extract_command.hpp"
#include "app/next_year_command.hpp"
#include "app/org_command.hpp"
#include "app/parse_command.hpp"
#include "app/server_command.hpp"
#include "app/unit_program_command.hpp"

namespace {

// Exit status of a command ended by an exception (sysexits.h EX_SOFTWARE).
constexpr int kExitInternal = 70;

int Run(int argc, char** argv) {
  CLI::App app{"workplan — chương trình công tác của Bộ: đọc quyết định, theo dõi thực hiện"};
  app.require_subcommand(1);
  std::string file;
  bool json = false;
  auto* parse = app.add_subcommand(
      "parse", "Đọc một quyết định ban hành chương trình công tác (.docx, PDF hoặc văn bản UTF-8)");
  parse->add_option("file", file, "Tệp .docx, PDF hoặc văn bản; '-' để đọc từ đầu vào chuẩn")
      ->required();
  std::string parse_form;
  parse->add_option("--form", parse_form,
                    "Dạng tệp: text | docx | pdf (mặc định: theo nội dung tệp)");
  parse->add_flag("--json", json, "In kế hoạch theo hợp đồng JSON workplan.plan/1");
  std::string parse_data;
  bool no_indicators = false;
  parse->add_option("--data", parse_data, "Thư mục dữ liệu (indicators/*.csv: danh mục chỉ tiêu)");
  parse->add_flag("--no-indicators", no_indicators,
                  "Không dùng danh mục chỉ tiêu (chỉ đọc theo tên chỉ tiêu)");

  auto* extract = app.add_subcommand(
      "extract", "In chữ đọc được từ một tệp .docx, PDF hoặc văn bản (và các ghi chú khi đọc)");
  std::string extract_file;
  wp::app::ExtractOptions extract_options;
  extract->add_option("file", extract_file, "Tệp; '-' để đọc từ đầu vào chuẩn")->required();
  extract->add_option("--form", extract_options.form, "Dạng tệp: text | docx | pdf");
  extract->add_flag("--origins", extract_options.origins, "Ghi trang / đoạn trước mỗi dòng");
  extract->add_flag("--serialized", extract_options.serialized, "Trả lời cho tiến trình máy chủ");
  extract->add_option("--max-pages", extract_options.max_pages, "Số trang PDF tối đa");

  auto* org = app.add_subcommand("org", "Tổ chức: đơn vị theo ngày, đọc tên đơn vị");
  org->require_subcommand(1);
  std::string data_dir, at, kind, name;
  bool org_json = false;
  org->add_option("--data", data_dir, "Thư mục chứa provinces.csv và provinces_2025.csv");
  auto* units = org->add_subcommand("units", "Các đơn vị có hiệu lực tại một ngày");
  units->add_option("--at", at, "Ngày (YYYY-MM-DD)")->required();
  units->add_option("--kind", kind, "ministry | department | province");
  units->add_flag("--json", org_json, "In JSON");
  auto* resolve = org->add_subcommand("resolve", "Đọc một tên đơn vị như văn bản viết");
  resolve->add_option("name", name, "Tên đơn vị")->required();
  resolve->add_option("--at", at, "Ngày của văn bản (YYYY-MM-DD)")->required();
  resolve->add_flag("--json", org_json, "In JSON");
  wp::app::DbConfig db;
  db.argv0 = argv[0];
  auto add_db = [&](CLI::App* cmd) {
    cmd->add_option("--db", db.db,
                    "Cơ sở dữ liệu: sqlite:ĐƯỜNG_DẪN hoặc postgresql://… (mặc định WORKPLAN_DB "
                    "hoặc sqlite:var/workplan.db)");
    cmd->add_option("--data", db.data_dir, "Thư mục dữ liệu (provinces.csv, seeds/)");
  };

  wp::app::ServeConfig serve_config;
  auto* serve = app.add_subcommand("serve", "Chạy máy chủ web và API");
  add_db(serve);
  serve->add_option("--listen", serve_config.listen, "Địa chỉ:cổng (mặc định 127.0.0.1:8080)");
  serve->add_option("--static", serve_config.static_dir, "Thư mục giao diện web (web/dist)");
  serve->add_option("--threads", serve_config.threads, "Số luồng xử lý (mặc định 16)");
  serve->add_option("--log-format", serve_config.log_format,
                    "Dạng nhật ký: text hoặc json (mặc định WORKPLAN_LOG_FORMAT hoặc text)");
  serve->add_option("--log-file", serve_config.log_file,
                    "Ghi nhật ký vào tệp này (mặc định: đầu ra lỗi chuẩn)");
  serve->add_option("--audit-anchor", db.audit_anchor,
                    "Tệp mốc neo của nhật ký kiểm toán (mặc định WORKPLAN_AUDIT_ANCHOR, hoặc cạnh "
                    "tệp SQLite, hoặc var/audit-anchor-TÊN_CSDL; none: không ghi)");
  serve->add_option("--max-connections", serve_config.max_connections,
                    "Số kết nối mở cùng lúc tối đa (mặc định WORKPLAN_MAX_CONNECTIONS hoặc giới "
                    "hạn mô tả tệp trừ đi 1/8, ít nhất 128)");
  serve->add_option("--max-connections-per-client", serve_config.max_connections_per_client,
                    "Số kết nối tối đa từ một địa chỉ (mặc định "
                    "WORKPLAN_MAX_CONNECTIONS_PER_CLIENT hoặc 128; 0: không giới hạn)");
  serve->add_option("--header-timeout", serve_config.header_timeout,
                    "Số giây chờ phần đầu yêu cầu đầu tiên của một kết nối (mặc định 10)");
  serve->add_option("--xlsx-reads", serve_config.xlsx_reads,
                    "Số tệp Excel tải lên được đọc cùng lúc (mặc định WORKPLAN_XLSX_READS hoặc 2)");
  serve->add_option("--metrics-listen", serve_config.metrics_listen,
                    "Địa chỉ:cổng riêng chỉ phục vụ /metrics, không cần đăng nhập (mạng vận hành; "
                    "mặc định WORKPLAN_METRICS_LISTEN hoặc không có)");
  serve->add_flag("--cookie-secure", serve_config.cookie_secure,
                  "Cookie phiên có Secure (sau HTTPS; hoặc WORKPLAN_COOKIE_SECURE=1)");
  serve->add_option("--trusted-proxy", serve_config.trusted_proxies,
                    "Địa chỉ proxy được tin (X-Forwarded-Proto, X-Forwarded-For); lặp lại được "
                    "(hoặc WORKPLAN_TRUSTED_PROXIES, cách nhau bởi dấu phẩy)");
  serve->add_option("--backup-dir", serve_config.backup_dir,
                    "Thư mục sao lưu định kỳ (mặc định WORKPLAN_BACKUP_DIR hoặc không sao lưu)");
  serve->add_option("--backup-every", serve_config.backup_every,
                    "Khoảng giữa hai lần sao lưu: 24h, 90m, 7d… (mặc định WORKPLAN_BACKUP_EVERY "
                    "hoặc 24h)");
  serve->add_option("--backup-keep", serve_config.backup_keep,
                    "Số bản sao lưu mới nhất giữ lại (mặc định WORKPLAN_BACKUP_KEEP hoặc 14)");
  serve->add_option("--min-free-mb", serve_config.min_free_mb,
                    "/readyz báo chưa sẵn sàng khi ổ đĩa dữ liệu còn ít hơn chừng này MiB (mặc "
                    "định WORKPLAN_MIN_FREE_MB hoặc 256)");
  serve->add_flag("--demo", serve_config.demo,
                  "Nạp dữ liệu mẫu (hai quyết định và các tài khoản mẫu) nếu chưa có");

  auto* user = app.add_subcommand("user", "Tài khoản người dùng");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn");
  std::string username, role, unit, display_name, title;
  bool password_stdin = false;
  add_db(user_add);
  user_add->add_option("name", username, "Tên đăng nhập")->required();
  user_add->add_option("--role", role, "admin | planner | editor | approver | viewer | leader")
      ->required();
  user_add->add_option("--unit", unit, "Số hiệu hoặc mã đơn vị (bắt buộc với editor, approver)");
  user_add->add_option("--display-name", display_name, "Họ tên hiển thị");
  user_add->add_option("--title", title,
                       "Chức danh của Lãnh đạo Bộ (leader): \"Bộ trưởng\" hoặc \"Thứ trưởng\"");
  user_add
      ->add_flag("--password-stdin", password_stdin, "Đọc mật khẩu từ dòng đầu của đầu vào chuẩn")
      ->required();
  wp::app::UserCommand user_cmd;
  auto* user_list = user->add_subcommand("list", "Liệt kê tài khoản");
  add_db(user_list);
  auto* user_edit = user->add_subcommand("edit", "Sửa vai trò, đơn vị, họ tên của một tài khoản");
  add_db(user_edit);
  user_edit->add_option("name", user_cmd.name, "Tên đăng nhập hoặc số hiệu")->required();
  auto* edit_role = user_edit->add_option("--role", user_cmd.role, "Vai trò mới");
  auto* edit_unit = user_edit->add_option("--unit", user_cmd.unit, "Đơn vị mới ('' để bỏ)");
  auto* edit_name = user_edit->add_option("--display-name", user_cmd.display_name, "Họ tên");
  auto* edit_title = user_edit->add_option("--title", user_cmd.title, "Chức danh (leader)");
  auto* user_deactivate = user->add_subcommand(
      "deactivate", "Khóa một tài khoản: phiên và mã truy cập của nó hết hiệu lực ngay");
  add_db(user_deactivate);
  user_deactivate->add_option("name", user_cmd.name, "Tên đăng nhập hoặc số hiệu")->required();
  auto* user_activate = user->add_subcommand("activate", "Mở lại một tài khoản");
  add_db(user_activate);
  user_activate->add_option("name", user_cmd.name, "Tên đăng nhập hoặc số hiệu")->required();
  auto* user_reset = user->add_subcommand(
      "reset-password", "Tạo mã đặt lại mật khẩu (một lần, 30 phút), xếp vào hộp thư đi");
  add_db(user_reset);
  user_reset->add_option("name", user_cmd.name, "Tên đăng nhập hoặc số hiệu")->required();

  auto* import = app.add_subcommand("import", "Nhập một quyết định thành chương trình (bản nháp)");
  std::string import_file;
  bool replace_draft = false, publish_now = false;
  add_db(import);
  import
      ->add_option("file", import_file,
                   "Tệp .docx, PDF hoặc văn bản UTF-8; '-' để đọc từ đầu vào chuẩn")
      ->required();
  import->add_flag("--replace-draft", replace_draft, "Thay bản nháp cùng số quyết định");
  import->add_flag("--publish", publish_now, "Ban hành chính thức ngay sau khi nhập");

  auto* publish = app.add_subcommand("publish", "Ban hành chính thức một bản nháp");
  long long program_id = 0;
  add_db(publish);
  publish->add_option("id", program_id, "Số hiệu chương trình")->required();

  auto* audit = app.add_subcommand("audit", "Nhật ký kiểm toán");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Kiểm tra chuỗi băm và dữ liệu so với nhật ký");
  add_db(verify);
  std::string anchor_file;
  verify->add_option("--anchor", anchor_file,
                     "Đối chiếu với tệp mốc neo này (mặc định: tệp mốc neo của máy chủ, nếu có)");

  auto* db_cmd = app.add_subcommand("db", "Cơ sở dữ liệu");
  db_cmd->require_subcommand(1);
  auto* db_migrate = db_cmd->add_subcommand(
      "migrate", "Nâng cấp lược đồ (chạy bằng vai trò sở hữu) và cấp quyền cho vai trò máy chủ");
  add_db(db_migrate);
  std::string grant_to;
  db_migrate->add_option("--grant-to", grant_to,
                         "Vai trò PostgreSQL của máy chủ: được đọc, ghi dữ liệu, không sở hữu gì");

  std::string backup_to, restore_from;
  auto* backup = app.add_subcommand(
      "backup", "Sao lưu cơ sở dữ liệu khi máy chủ đang chạy, khôi phục thử và kiểm tra nhật ký");
  add_db(backup);
  backup->add_option("--to", backup_to, "Tệp sao lưu (chưa có)")->required();
  auto* restore =
      app.add_subcommand("restore", "Khôi phục một tệp sao lưu vào một cơ sở dữ liệu trống");
  add_db(restore);
  restore->add_option("--from", restore_from, "Tệp sao lưu (workplan backup)")->required();

  wp::app::ReportsQuery rq;
  auto* reports = app.add_subcommand("reports", "Các báo cáo phải gửi");
  reports->require_subcommand(1);
  auto* reports_due = reports->add_subcommand("due", "Liệt kê báo cáo phải gửi và tình trạng");
  add_db(reports_due);
  reports_due->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  reports_due->add_option("--period", rq.period, "Kỳ báo cáo (2012-M03, 2012-Q1 …)");
  reports_due->add_option("--unit", rq.unit, "Số hiệu hoặc mã đơn vị");
  reports_due->add_option("--obligation", rq.obligation, "Mã nghĩa vụ báo cáo (r1, r2 …)");
  reports_due->add_option("--state", rq.state,
                          "not_due | missing | draft | submitted | returned | approved");
  std::string as_of;
  bool by_unit = false;
  auto* reports_timeliness = reports->add_subcommand(
      "timeliness", "Tình hình nhận báo cáo: đầy đủ, đúng hạn, trễ, thiếu (theo kỳ, theo đơn vị)");
  add_db(reports_timeliness);
  reports_timeliness->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  reports_timeliness->add_option("--period", rq.period, "Chỉ kỳ này (2012-M03 …)");
  reports_timeliness->add_option("--as-of", as_of, "Tại ngày (YYYY-MM-DD; mặc định hôm nay)");
  reports_timeliness->add_flag("--by-unit", by_unit, "Thêm một dòng cho mỗi đơn vị");
  auto* reports_overdue =
      reports->add_subcommand("overdue-tasks", "Nhiệm vụ quá hạn, mỗi nhiệm vụ một lần mỗi đơn vị");
  add_db(reports_overdue);
  reports_overdue->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  reports_overdue->add_option("--as-of", as_of, "Tại ngày (YYYY-MM-DD; mặc định hôm nay)");
  int horizon_days = 7;
  auto* reports_digest = reports->add_subcommand(
      "digest", "Xếp thư nhắc báo cáo sắp đến hạn hoặc quá hạn vào hộp thư đi");
  add_db(reports_digest);
  reports_digest->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  reports_digest->add_option("--as-of", as_of, "Tại ngày (YYYY-MM-DD; mặc định hôm nay)");
  reports_digest->add_option("--horizon", horizon_days, "Số ngày tới được nhắc (mặc định 7)");
  auto* report = app.add_subcommand("report", "Một báo cáo");
  report->require_subcommand(1);
  auto* report_form = report->add_subcommand("form", "Ghi biểu mẫu Excel của một báo cáo");
  add_db(report_form);
  std::string form_out, submit_file, values_file;
  report_form->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  report_form->add_option("--obligation", rq.obligation, "Mã nghĩa vụ (r1, r2 …)")->required();
  report_form->add_option("--period", rq.period, "Kỳ báo cáo (2012-M03 …)")->required();
  report_form->add_option("--unit", rq.unit, "Số hiệu hoặc mã đơn vị")->required();
  report_form->add_option("--out", form_out, "Tệp .xlsx sẽ ghi")->required();
  auto* report_submit =
      report->add_subcommand("submit", "Tải lên biểu mẫu Excel đã điền và gửi báo cáo");
  add_db(report_submit);
  bool save_only = false;
  report_submit->add_option("file", submit_file, "Tệp .xlsx đã điền")->required();
  report_submit->add_flag("--save-only", save_only, "Chỉ lưu, chưa gửi");
  auto* report_check =
      report->add_subcommand("check", "Kiểm tra biểu mẫu Excel đã điền như khi gửi, không lưu gì");
  add_db(report_check);
  report_check->add_option("file", submit_file, "Tệp .xlsx đã điền")->required();
  report_check->add_flag("--save-only", save_only, "Kiểm tra như khi chỉ lưu, chưa gửi");
  long long report_id = 0, report_version = 0;
  std::string comment;
  std::vector<std::pair<std::string, CLI::App*>> acts;
  for (const auto& [verb, help] : {std::pair{"approve", "Duyệt một báo cáo đã gửi"},
                                   std::pair{"return", "Trả lại một báo cáo đã gửi, kèm ý kiến"},
                                   std::pair{"reopen", "Mở lại một báo cáo đã duyệt"}}) {
    auto* act = report->add_subcommand(verb, help);
    add_db(act);
    act->add_option("--id", report_id, "Số hiệu báo cáo")->required();
    act->add_option("--version", report_version, "Phiên bản đang xem (chống ghi đè)")->required();
    act->add_option("--comment", comment, "Ý kiến (bắt buộc khi trả lại, mở lại)");
    acts.emplace_back(verb, act);
  }
  wp::app::DocumentCommand dc;
  auto* report_consolidated = report->add_subcommand(
      "consolidated",
      "Ghi báo cáo tổng hợp của một kỳ (hoặc báo cáo của một đơn vị, --unit) ra tệp .docx theo "
      "Nghị định 30: tạo dự thảo hoặc cập nhật số liệu, giữ các đoạn đã sửa");
  add_db(report_consolidated);
  report_consolidated->add_option("--program", dc.program, "Số hiệu chương trình")->required();
  report_consolidated->add_option("--period", dc.period, "Kỳ (2012-M12, 2012-Q4, 2012-H1, 2012-Y)")
      ->required();
  report_consolidated->add_option("--as-of", dc.as_of, "Số liệu đến ngày (YYYY-MM-DD)");
  report_consolidated->add_option("--unit", dc.unit, "Mã hoặc số hiệu đơn vị: báo cáo của đơn vị");
  report_consolidated->add_option("--out", dc.out, "Tệp .docx sẽ ghi")->required();
  auto* document = app.add_subcommand("document", "Báo cáo tổng hợp, báo cáo đơn vị (văn bản)");
  document->require_subcommand(1);
  auto* document_list = document->add_subcommand("list", "Liệt kê văn bản của một chương trình");
  add_db(document_list);
  document_list->add_option("--program", dc.program, "Số hiệu chương trình")->required();
  document_list->add_option("--period", dc.period, "Chỉ kỳ này");
  auto* document_briefing = document->add_subcommand(
      "briefing",
      "Ghi tài liệu giao ban của một tháng ra tệp .docx: tình hình chung, mỗi lĩnh vực một trang");
  add_db(document_briefing);
  document_briefing->add_option("--program", dc.program, "Số hiệu chương trình")->required();
  document_briefing->add_option("--period", dc.period, "Tháng giao ban (2012-M12)")->required();
  document_briefing->add_option("--as-of", dc.as_of,
                                "Số liệu đến ngày (YYYY-MM-DD); mặc định cuối tháng");
  document_briefing->add_option("--unit", dc.unit, "Mã hoặc số hiệu đơn vị: tài liệu của đơn vị");
  document_briefing->add_option("--out", dc.out, "Tệp .docx sẽ ghi")->required();
  auto* document_issue = document->add_subcommand(
      "issue", "Ban hành một dự thảo: cấp số, ngày, người ký; ghi tệp .docx như đã ban hành");
  add_db(document_issue);
  document_issue->add_option("--id", dc.id, "Số hiệu văn bản")->required();
  document_issue->add_option("--version", dc.version, "Phiên bản đang xem (mặc định hiện tại)");
  document_issue->add_option("--number", dc.number, "Số văn bản (mặc định số tiếp theo)");
  document_issue->add_option("--date", dc.date, "Ngày ban hành (YYYY-MM-DD)")->required();
  document_issue->add_option("--signer", dc.signer, "Họ tên người ký")->required();
  auto* issue_title =
      document_issue->add_option("--signer-title", dc.signer_title, "Chức vụ (THỨ TRƯỞNG)");
  auto* issue_authority =
      document_issue->add_option("--authority", dc.authority, "Thẩm quyền ký (KT. BỘ TRƯỞNG)");
  document_issue->add_option("--out", dc.out, "Ghi tệp .docx đã ban hành");
  // Issue 18: amendments, as the command line (never approved here: the Minister's act).
  auto* amendments = app.add_subcommand("amendments", "Đề nghị điều chỉnh chương trình");
  amendments->require_subcommand(1);
  wp::app::AmendmentsCommand ac;
  auto* amendments_list = amendments->add_subcommand("list", "Liệt kê đề nghị điều chỉnh");
  add_db(amendments_list);
  amendments_list->add_option("--program", ac.program, "Số hiệu chương trình")->required();
  amendments_list->add_option("--status", ac.status, "Chỉ trạng thái này (forwarded …)");
  auto* amendments_forward = amendments->add_subcommand(
      "forward", "Chuyển một đề nghị đã gửi tới Lãnh đạo Bộ, kèm ý kiến của Vụ Kế hoạch");
  add_db(amendments_forward);
  amendments_forward->add_option("--program", ac.program, "Số hiệu chương trình")->required();
  amendments_forward->add_option("--id", ac.id, "Số hiệu đề nghị")->required();
  amendments_forward->add_option("--version", ac.version, "Phiên bản đang xem");
  amendments_forward->add_option("--comment", ac.comment, "Ý kiến của Vụ Kế hoạch – Tài chính");
  // Issue 18: next year's program started from this year's.
  wp::app::NextYearCommand nc;
  auto* program_cmd = app.add_subcommand("program", "Chương trình công tác (issue 18: năm sau)");
  program_cmd->require_subcommand(1);
  auto* program_next = program_cmd->add_subcommand(
      "next-year", "Lập bản nháp chương trình năm sau từ chương trình đã ban hành");
  add_db(program_next);
  program_next->add_option("--from", nc.from, "Số hiệu chương trình năm nay")->required();
  program_next->add_option("--year", nc.year, "Năm của chương trình mới")->required();
  auto* program_reconcile = program_cmd->add_subcommand(
      "reconcile", "Đối chiếu bản nháp với quyết định năm sau; --apply để áp dụng quyết định");
  add_db(program_reconcile);
  program_reconcile->add_option("id", nc.program, "Số hiệu bản nháp")->required();
  program_reconcile->add_option("file", nc.file, "Tệp quyết định (- : đầu vào chuẩn)")->required();
  program_reconcile->add_option("--apply", nc.apply, "Tệp JSON [{key, take}] để áp dụng");
  // Issue 18: units' own programs.
  wp::app::UnitProgramCommand uc;
  auto* unit_programs =
      app.add_subcommand("unit-programs", "Chương trình công tác của các đơn vị (issue 18)");
  unit_programs->require_subcommand(1);
  auto* unit_programs_list = unit_programs->add_subcommand(
      "list", "Mỗi đơn vị phải gửi chương trình công tác: trạng thái, trễ hạn, số nhiệm vụ");
  add_db(unit_programs_list);
  unit_programs_list->add_option("--program", uc.program, "Số hiệu chương trình")->required();
  unit_programs_list->add_option("--unit", uc.unit, "Mã hoặc số hiệu đơn vị");
  unit_programs_list->add_option(
      "--status", uc.status,
      "Chỉ trạng thái này: not_due, missing, draft, submitted, returned, "
      "accepted");
  std::vector<std::pair<std::string, CLI::App*>> unit_program_acts;
  for (const char* verb : {"accept", "return"}) {
    auto* act = unit_programs->add_subcommand(
        verb, std::string(verb) == "accept" ? "Chấp nhận chương trình công tác của một đơn vị"
                                            : "Trả lại chương trình công tác kèm lý do");
    add_db(act);
    act->add_option("--program", uc.program, "Số hiệu chương trình")->required();
    act->add_option("--unit", uc.unit, "Mã hoặc số hiệu đơn vị")->required();
    act->add_option("--comment", uc.comment, "Ý kiến (bắt buộc khi trả lại)");
    unit_program_acts.emplace_back(verb, act);
  }
  auto* unit_programs_import = unit_programs->add_subcommand(
      "import", "Nhập chương trình công tác của đơn vị từ quyết định của đơn vị (.txt, .docx)");
  add_db(unit_programs_import);
  unit_programs_import->add_option("--program", uc.program, "Số hiệu chương trình")->required();
  unit_programs_import->add_option("--unit", uc.unit, "Mã hoặc số hiệu đơn vị")->required();
  unit_programs_import->add_option("file", uc.file, "Tệp quyết định (- : đầu vào chuẩn)")
      ->required();
  auto* allocations = app.add_subcommand("allocations", "Giao chỉ tiêu cho đơn vị");
  allocations->require_subcommand(1);
  std::string allocations_file;
  auto* allocations_import = allocations->add_subcommand(
      "import", "Nạp bảng giao chỉ tiêu (CSV target_id;unit;value, hoặc tệp .xlsx)");
  add_db(allocations_import);
  allocations_import->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  allocations_import->add_option("file", allocations_file, "Tệp CSV hoặc .xlsx")->required();
  auto* allocations_export =
      allocations->add_subcommand("export", "Ghi bảng giao chỉ tiêu ra tệp .xlsx để điền");
  add_db(allocations_export);
  allocations_export->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  allocations_export->add_option("--out", allocations_file, "Tệp .xlsx sẽ ghi")->required();
  auto* outbox = app.add_subcommand("outbox", "Hộp thư đi (thư nhắc báo cáo)");
  outbox->require_subcommand(1);
  bool pending_only = false;
  auto* outbox_list = outbox->add_subcommand("list", "Liệt kê thư trong hộp thư đi");
  add_db(outbox_list);
  outbox_list->add_flag("--pending", pending_only, "Chỉ thư chưa gửi");
  auto* values = app.add_subcommand("values", "Số liệu báo cáo");
  values->require_subcommand(1);
  auto* values_import =
      values->add_subcommand("import",
                             "Nạp hàng loạt số liệu từ CSV "
                             "(obligation,period,unit,target_id,scope,kind,value)");
  add_db(values_import);
  values_import->add_option("--program", rq.program, "Số hiệu chương trình")->required();
  values_import->add_option("file", values_file, "Tệp CSV")->required();

  auto* gen_data = app.add_subcommand(
      "gen-data", "Sinh bộ dữ liệu mẫu toàn quốc (chỉ vào cơ sở dữ liệu chưa có chương trình)");
  std::string gen_scale = "S", gen_summary;
  unsigned long long gen_seed = 1;
  add_db(gen_data);
  gen_data->add_option("--scale", gen_scale, "S (tỉnh) | M (thêm 700 huyện) | L (thêm các xã)");
  gen_data->add_option("--seed", gen_seed, "Hạt giống (cùng hạt giống → cùng dữ liệu)");
  gen_data->add_option("--summary", gen_summary, "Ghi tóm tắt JSON (số đã ghi, số liệu kỳ vọng)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*extract) {
    return wp::app::RunExtract(extract_file, extract_options, std::cin, std::cout, std::cerr);
  }
  if (*parse) {
    wp::app::ParseOptions options;
    options.form = parse_form;
    if (!no_indicators) {
      // The catalogue lives beside provinces.csv; without a data directory, names alone.
      if (auto dir = wp::app::FindDataDir(parse_data, argv[0])) {
        auto catalogue = wp::app::LoadIndicatorCatalogues(*dir);
        if (!catalogue) {
          std::cerr << wp::app::FormatError(catalogue.error()) << "\n";
          return 1;
        }
        options.indicators = std::move(*catalogue);
      } else if (!parse_data.empty()) {
        std::cerr << wp::app::FormatError(dir.error()) << "\n";
        return 1;
      }
    }
    return wp::app::RunParse(file,
                             json ? wp::app::OutputFormat::kJson : wp::app::OutputFormat::kSummary,
                             std::cin, std::cout, std::cerr, options);
  }
  if (*serve) {
    serve_config.db = db;
    return wp::app::RunServe(serve_config, std::cout, std::cerr);
  }
  if (*user_add) {
    return wp::app::RunUserAdd(db, username, role, unit, display_name, title, std::cin, std::cout,
                               std::cerr);
  }
  for (auto [cmd, action] :
       {std::pair{user_list, "list"}, std::pair{user_edit, "edit"},
        std::pair{user_deactivate, "deactivate"}, std::pair{user_activate, "activate"},
        std::pair{user_reset, "reset-password"}}) {
    if (!*cmd) continue;
    user_cmd.action = action;
    user_cmd.role_given = edit_role->count() > 0;
    user_cmd.unit_given = edit_unit->count() > 0;
    user_cmd.display_name_given = edit_name->count() > 0;
    user_cmd.title_given = edit_title->count() > 0;
    return wp::app::RunUser(db, user_cmd, std::cout, std::cerr);
  }
  if (*import) {
    return wp::app::RunImport(db, import_file, replace_draft, publish_now, std::cin, std::cout,
                              std::cerr);
  }
  if (*publish) return wp::app::RunPublish(db, program_id, std::cout, std::cerr);
  if (*verify) return wp::app::RunAuditVerify(db, anchor_file, std::cout, std::cerr);
  if (*db_migrate) return wp::app::RunDbMigrate(db, grant_to, std::cout, std::cerr);
  if (*backup) return wp::app::RunBackup(db, backup_to, std::cout, std::cerr);
  if (*restore) return wp::app::RunRestore(db, restore_from, std::cout, std::cerr);
  if (*reports_due) return wp::app::RunReportsDue(db, rq, std::cout, std::cerr);
  if (*report_form) return wp::app::RunReportForm(db, rq, form_out, std::cout, std::cerr);
  if (*report_submit) {
    return wp::app::RunReportSubmit(db, submit_file, save_only, std::cout, std::cerr);
  }
  if (*report_check) {
    return wp::app::RunReportCheck(db, submit_file, save_only, std::cout, std::cerr);
  }
  if (*reports_timeliness) {
    return wp::app::RunReportsTimeliness(db, rq.program, rq.period, as_of, by_unit, std::cout,
                                         std::cerr);
  }
  if (*reports_overdue) {
    return wp::app::RunReportsOverdueTasks(db, rq.program, as_of, std::cout, std::cerr);
  }
  if (*reports_digest) {
    return wp::app::RunReportsDigest(db, rq.program, as_of, horizon_days, std::cout, std::cerr);
  }
  for (const auto& [verb, act] : acts) {
    if (*act) {
      return wp::app::RunReportAct(db, report_id, report_version, verb, comment, std::cout,
                                   std::cerr);
    }
  }
  if (*report_consolidated) return wp::app::RunReportConsolidated(db, dc, std::cout, std::cerr);
  if (*document_list) return wp::app::RunDocumentList(db, dc, std::cout, std::cerr);
  if (*document_briefing) return wp::app::RunDocumentBriefing(db, dc, std::cout, std::cerr);
  if (*amendments_list || *amendments_forward) {
    ac.action = *amendments_list ? "list" : "forward";
    return wp::app::RunAmendments(db, ac, std::cout, std::cerr);
  }
  if (*program_next) return wp::app::RunNextYear(db, nc, std::cout, std::cerr);
  if (*program_reconcile) return wp::app::RunReconcile(db, nc, std::cin, std::cout, std::cerr);
  if (*unit_programs_list) return wp::app::RunUnitProgramsList(db, uc, std::cout, std::cerr);
  if (*unit_programs_import) {
    return wp::app::RunUnitProgramImport(db, uc, std::cin, std::cout, std::cerr);
  }
  for (const auto& [verb, act] : unit_program_acts) {
    if (*act) return wp::app::RunUnitProgramDecide(db, uc, verb, std::cout, std::cerr);
  }
  if (*document_issue) {
    dc.title_given = issue_title->count() > 0;
    dc.authority_given = issue_authority->count() > 0;
    return wp::app::RunDocumentIssue(db, dc, std::cout, std::cerr);
  }
  if (*allocations_import) {
    return wp::app::RunAllocationsImport(db, rq.program, allocations_file, std::cout, std::cerr);
  }
  if (*allocations_export) {
    return wp::app::RunAllocationsExport(db, rq.program, allocations_file, std::cout, std::cerr);
  }
  if (*outbox_list) return wp::app::RunOutboxList(db, pending_only, std::cout, std::cerr);
  if (*gen_data) {
    return wp::app::RunGenData(db, gen_scale, gen_seed, gen_summary, std::cout, std::cerr);
  }
  if (*values_import) {
    return wp::app::RunValuesImport(db, rq.program, values_file, std::cout, std::cerr);
  }
  if (*org) {
    auto registry = wp::app::LoadRegistry(data_dir, argv[0]);
    if (!registry) {
      std::cerr << wp::app::FormatError(registry.error()) << "\n";
      return 1;
    }
    if (*units) return wp::app::RunOrgUnits(*registry, at, kind, org_json, std::cout, std::cerr);
    return wp::app::RunOrgResolve(*registry, name, at, org_json, std::cout, std::cerr);
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // Until `serve` sets its own up: error lines (an internal note) on stderr, never stdout.
  wp::api::LogOptions log;
  if (const char* level = std::getenv("WORKPLAN_LOG_LEVEL")) log.level = level;
  if (!wp::api::SetUpLogging(log)) (void)wp::api::SetUpLogging({});
  try {
    int code = Run(argc, argv);
    wp::api::FlushLog();
    return code;
  } catch (const std::exception& e) {
    wp::api::Log(spdlog::level::err, "error", {{"code", "internal"}, {"note", e.what()}});
    wp::api::FlushLog();
    std::cerr << "lỗi [internal]: Lỗi hệ thống ngoài dự kiến; thao tác chưa hoàn tất (chi tiết "
                 "trong nhật ký)\n";
  } catch (...) {
    std::cerr << "lỗi [internal]: Lỗi hệ thống ngoài dự kiến; thao tác chưa hoàn tất\n";
  }
  return kExitInternal;
}
