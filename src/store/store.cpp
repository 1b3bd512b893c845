#include "store/store.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace wp::store {

const char* ProgramStatusName(ProgramStatus s) {
  return s == ProgramStatus::kPublished ? "published" : "draft";
}

core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  std::string path = url;
  if (url.starts_with("sqlite:")) {
    path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
  } else if (url.find("://") != std::string::npos) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument, "bad_db_url",
        "Địa chỉ cơ sở dữ liệu không được hỗ trợ: \"" + url + "\" (dùng sqlite:ĐƯỜNG_DẪN)");
  }
  if (path.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_db_url",
                      "Thiếu đường dẫn tệp cơ sở dữ liệu");
  }
  return OpenSqliteStore(path);
}

}  // namespace wp::store
