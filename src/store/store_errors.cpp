#include "store/store_errors.hpp"

namespace wp::store {

using core::ErrorCode;

core::Error DbUnavailable(const std::exception& e) {
  auto err = core::MakeError(
      ErrorCode::kUnavailable, "db_unavailable",
      "Cơ sở dữ liệu không sẵn sàng hoặc không ghi được; thao tác chưa được thực hiện");
  err.internal_note = e.what();
  return err;
}

core::Error DbInternal(const std::exception& e) {
  auto err = core::MakeError(ErrorCode::kInternal, "db_internal",
                             "Lỗi nội bộ khi truy cập cơ sở dữ liệu; thao tác chưa được thực hiện");
  err.internal_note = e.what();
  return err;
}

core::Error ProgramExists(const std::string& number, ProgramId existing) {
  return core::MakeError(ErrorCode::kAlreadyExists, "program_exists",
                         "Quyết định số " + number + " đã có trong hệ thống (chương trình #" +
                             std::to_string(existing) + ")");
}

core::Error ProgramPublishedCannotReplace(const std::string& number) {
  return core::MakeError(ErrorCode::kFailedPrecondition, "program_published",
                         "Quyết định số " + number + " đã ban hành chính thức; không thể thay thế");
}

core::Error ProgramAlreadyPublished(ProgramId id) {
  return core::MakeError(ErrorCode::kFailedPrecondition, "program_published",
                         "Chương trình #" + std::to_string(id) + " đã ban hành chính thức");
}

core::Error ProgramNotFound(ProgramId id) {
  return core::MakeError(ErrorCode::kNotFound, "program_not_found",
                         "Không tìm thấy chương trình #" + std::to_string(id));
}

core::Error UserExists(const std::string& username) {
  return core::MakeError(ErrorCode::kAlreadyExists, "user_exists",
                         "Tên đăng nhập \"" + username + "\" đã có");
}

core::Error UserNotFound() {
  return core::MakeError(ErrorCode::kNotFound, "user_not_found", "Không tìm thấy người dùng");
}

core::Error SessionNotFound() {
  return core::MakeError(ErrorCode::kNotFound, "session_not_found",
                         "Phiên làm việc đã hết hạn hoặc không tồn tại");
}

core::Error TokenNotFound() {
  return core::MakeError(ErrorCode::kNotFound, "token_not_found",
                         "Mã truy cập không hợp lệ hoặc đã bị thu hồi");
}

core::Error ReportNotFound(ReportId id) {
  return core::MakeError(ErrorCode::kNotFound, "report_not_found",
                         "Không tìm thấy báo cáo #" + std::to_string(id));
}

core::Error StaleVersion(int64_t expected, int64_t stored) {
  auto err =
      core::MakeError(ErrorCode::kAborted, "stale_version",
                      "Báo cáo vừa được người khác cập nhật (phiên bản " + std::to_string(stored) +
                          ", bạn đang sửa phiên bản " + std::to_string(expected) +
                          "). Hãy tải lại để xem thay đổi; dữ liệu bạn nhập chưa được lưu "
                          "và vẫn còn trên biểu mẫu.");
  err.details.push_back({"version", std::to_string(stored)});
  return err;
}

core::Error MessageNotFound(int64_t id) {
  return core::MakeError(ErrorCode::kNotFound, "message_not_found",
                         "Không tìm thấy thư #" + std::to_string(id));
}

core::Error DatabaseNotEmpty(int64_t programs, int64_t reports) {
  return core::MakeError(ErrorCode::kFailedPrecondition, "database_not_empty",
                         "Cơ sở dữ liệu đã có " + std::to_string(programs) + " chương trình và " +
                             std::to_string(reports) +
                             " báo cáo; chỉ sinh dữ liệu mẫu vào cơ sở dữ liệu chưa có chương "
                             "trình, báo cáo nào (không ghi gì thêm)");
}

core::Error UnitExists(domain::OrgUnitId id) {
  return core::MakeError(
      ErrorCode::kAlreadyExists, "unit_exists",
      "Đơn vị mã số " + std::to_string(id) + " đã có trong danh mục tổ chức; không ghi gì thêm");
}

// ---- Documents -----------------------------------------------------------------------------

core::Error DocumentNotFound(DocumentId id) {
  return core::MakeError(ErrorCode::kNotFound, "document_not_found",
                         "Không tìm thấy văn bản #" + std::to_string(id));
}

core::Error DocumentExists(DocumentId existing) {
  auto err = core::MakeError(ErrorCode::kAlreadyExists, "document_exists",
                             "Đã có văn bản này cho kỳ báo cáo (văn bản #" +
                                 std::to_string(existing) + "); hãy mở văn bản đó để cập nhật.");
  err.details.push_back({"id", std::to_string(existing)});
  return err;
}

core::Error DocumentIssued(DocumentId id) {
  return core::MakeError(
      ErrorCode::kFailedPrecondition, "document_issued",
      "Văn bản #" + std::to_string(id) + " đã ban hành nên không thể sửa hoặc tạo lại.");
}

core::Error NumberTaken(const std::string& number, int year) {
  auto err = core::MakeError(ErrorCode::kAlreadyExists, "number_taken",
                             "Số " + number + " đã được dùng cho một văn bản khác năm " +
                                 std::to_string(year) + "; hãy chọn số khác.");
  err.details.push_back({"number", number});
  return err;
}

core::Error DocumentVersionNotFound(DocumentId id, int64_t version) {
  return core::MakeError(
      ErrorCode::kNotFound, "version_not_found",
      "Văn bản #" + std::to_string(id) + " không có phiên bản " + std::to_string(version));
}

core::Error DocumentFileNotFound(DocumentId id) {
  return core::MakeError(ErrorCode::kNotFound, "file_not_found",
                         "Văn bản #" + std::to_string(id) + " chưa ban hành nên chưa có tệp lưu.");
}

core::Error UnitProgramNotFound(UnitProgramId id) {
  return core::MakeError(ErrorCode::kNotFound, "unit_program_not_found",
                         "Không có chương trình công tác của đơn vị #" + std::to_string(id));
}

core::Error UnitProgramStale(int64_t expected, int64_t stored) {
  auto err =
      core::MakeError(ErrorCode::kAborted, "stale_version",
                      "Chương trình công tác của đơn vị vừa được người khác cập nhật (phiên bản " +
                          std::to_string(stored) + ", bạn đang sửa phiên bản " +
                          std::to_string(expected) + "). Hãy tải lại để xem thay đổi.");
  err.details.push_back({"version", std::to_string(stored)});
  return err;
}

core::Error UnitTaskNotFound(const std::string& field, int64_t id) {
  auto err =
      core::MakeError(ErrorCode::kInvalidArgument, "unit_task_not_found",
                      "Nhiệm vụ #" + std::to_string(id) + " không thuộc chương trình công tác này");
  err.details.push_back({field, "Nhiệm vụ không thuộc chương trình công tác này"});
  return err;
}

core::Error UnitProgramVersionNotFound(UnitProgramId id, int64_t version) {
  return core::MakeError(ErrorCode::kNotFound, "version_not_found",
                         "Chương trình công tác #" + std::to_string(id) + " không có phiên bản " +
                             std::to_string(version));
}

}  // namespace wp::store
