#include "store/store.hpp"

#include <thread>

#include "core/hash.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace wp::store {

ChangeWait Store::WaitForChanges(std::chrono::milliseconds timeout) {
  std::this_thread::sleep_for(timeout);
  return ChangeWait::kTimeout;
}

const char* ProgramStatusName(ProgramStatus s) {
  return s == ProgramStatus::kPublished ? "published" : "draft";
}

std::string AuditHash(const AuditEntry& entry) {
  const auto& e = entry.event;
  std::string buf;
  auto field = [&](std::string_view v) {
    buf += std::to_string(v.size());
    buf.push_back(':');
    buf.append(v);
    buf.push_back('\n');
  };
  field("workplan.audit/1");
  field(std::to_string(entry.seq));
  field(e.at);
  field(e.actor_id ? std::to_string(*e.actor_id) : "");
  field(e.actor);
  field(e.action);
  field(e.entity);
  field(e.entity_id);
  field(e.before);
  field(e.after);
  field(entry.prev_hash);
  return core::Sha256Hex(buf);
}

core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return OpenPostgresStore(url);
  }
  std::string path = url;
  if (url.starts_with("sqlite:")) {
    path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
  } else if (url.find("://") != std::string::npos) {
    // Only the scheme is repeated: the rest may hold a password.
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_db_url",
                      "Địa chỉ cơ sở dữ liệu không được hỗ trợ: \"" +
                          url.substr(0, url.find("://") + 3) +
                          "…\" (dùng sqlite:ĐƯỜNG_DẪN hoặc postgresql://…)");
  }
  if (path.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "bad_db_url",
                      "Thiếu đường dẫn tệp cơ sở dữ liệu");
  }
  return OpenSqliteStore(path);
}

}  // namespace wp::store
