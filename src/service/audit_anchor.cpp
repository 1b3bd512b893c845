// The audit chain's head anchored outside the database (audit.hpp): the anchor file, written
// by AnchorHead as the log grows and read by VerifyAudit.
//
// The file is text, one record a line, oldest first, after a comment line:
//   # workplan audit anchor 1: seq hash time (UTC), oldest first
//   1234 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 2026-12-07T09:15:02Z
// It is replaced whole (written beside, synced, renamed, the directory synced), so a reader
// sees the old file or the new one, never half of one.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "service/audit.hpp"
#include "service/internal/shared.hpp"
#include "store/store.hpp"

namespace wp::service {
namespace {

using core::ErrorCode;

// What the file keeps: the newest records, and the first record of each of the newest days.
// Any cut of the log below the newest record is found by that record alone (its hash covers
// every entry before it); the older ones say from where a rewritten log differs, and survive a
// file of one server that was reset.
constexpr size_t kKeepRecent = 100;
constexpr size_t kKeepDays = 400;

constexpr std::string_view kHeader = "# workplan audit anchor 1: seq hash time (UTC), oldest first";

std::string WallClockIso() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsHash(std::string_view h) {
  return h.size() == 64 && std::all_of(h.begin(), h.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string Short(const std::string& hash) { return hash.substr(0, 12) + "…"; }

core::Error WriteFailed(const std::string& path, const std::string& what) {
  auto e = core::MakeError(ErrorCode::kUnavailable, "anchor_write_failed",
                           "Không ghi được tệp mốc neo nhật ký \"" + path + "\"");
  e.internal_note = what + ": " + std::strerror(errno);
  return e;
}

// The newest kKeepRecent records and the first of each of the newest kKeepDays days.
std::vector<AnchorRecord> Pruned(const std::vector<AnchorRecord>& all) {
  std::set<std::string> days;
  std::vector<bool> first_of_day(all.size(), false);
  for (size_t i = 0; i < all.size(); ++i) {
    std::string day = all[i].at.substr(0, 10);
    if (i == 0 || all[i - 1].at.substr(0, 10) != day) first_of_day[i] = true;
    days.insert(day);
  }
  std::set<std::string> kept_days;
  for (auto it = days.rbegin(); it != days.rend() && kept_days.size() < kKeepDays; ++it) {
    kept_days.insert(*it);
  }
  std::vector<AnchorRecord> out;
  for (size_t i = 0; i < all.size(); ++i) {
    bool recent = i + kKeepRecent >= all.size();
    if (recent || (first_of_day[i] && kept_days.count(all[i].at.substr(0, 10)))) {
      out.push_back(all[i]);
    }
  }
  return out;
}

// Replaces `path` with `records`: a temporary file beside it, fsync, rename, fsync of the
// directory.
core::Status WriteAnchorFile(const std::string& path, const std::vector<AnchorRecord>& records) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  std::string text(kHeader);
  text += "\n";
  for (const auto& r : records) {
    text += std::to_string(r.seq) + " " + r.hash + " " + r.at + "\n";
  }
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return tl::unexpected(WriteFailed(path, "open " + tmp));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto e = WriteFailed(path, "write " + tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return tl::unexpected(e);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto e = WriteFailed(path, "fsync " + tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return tl::unexpected(e);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto e = WriteFailed(path, "rename " + tmp);
    ::unlink(tmp.c_str());
    return tl::unexpected(e);
  }
  std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  if (int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
    ::fsync(d);
    ::close(d);
  }
  return {};
}

}  // namespace

core::Result<std::vector<AnchorRecord>> ReadAnchorFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return core::Fail(ErrorCode::kNotFound, "anchor_not_found",
                      "Không mở được tệp mốc neo nhật ký \"" + path + "\"");
  }
  std::vector<AnchorRecord> out;
  std::string line;
  for (size_t n = 1; std::getline(f, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    AnchorRecord r;
    std::string seq, extra;
    in >> seq >> r.hash >> r.at >> extra;
    char* end = nullptr;
    r.seq = seq.empty() ? 0 : std::strtoll(seq.c_str(), &end, 10);
    if (r.seq <= 0 || end == nullptr || *end != '\0' || !IsHash(r.hash) || r.at.size() < 10 ||
        !extra.empty()) {
      return core::Fail(ErrorCode::kInvalidArgument, "bad_anchor",
                        "Tệp mốc neo nhật ký \"" + path + "\", dòng " + std::to_string(n) +
                            " không đọc được (cần: số thứ tự, mã băm, thời điểm)");
    }
    out.push_back(std::move(r));
  }
  return out;
}

core::Status CheckAnchor(store::Store& store, const std::vector<AnchorRecord>& records,
                         const std::string& file, AuditVerification& v) {
  WP_ASSIGN_OR_RETURN(auto head, store.AuditHead());
  const int64_t end = head ? head->seq : 0;
  // The newest record beyond the log's end: the entries after `end` were deleted.
  const AnchorRecord* beyond = nullptr;
  for (const auto& r : records) {
    if (r.seq > end && (!beyond || r.seq > beyond->seq)) beyond = &r;
  }
  if (beyond) {
    v.problems.push_back({"audit_tail_cut", "Nhật ký kết thúc ở mục #" + std::to_string(end) +
                                                " nhưng mốc neo (" + file + ") đã ghi mục #" +
                                                std::to_string(beyond->seq) + " lúc " + beyond->at +
                                                ": phần cuối nhật ký đã bị cắt ngoài hệ thống"});
  }
  // The oldest record whose seq the log holds with another hash: the log was rewritten at or
  // before it (after the newest record that still matches before it).
  std::vector<const AnchorRecord*> held;
  for (const auto& r : records) {
    if (r.seq <= end) held.push_back(&r);
  }
  std::sort(held.begin(), held.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  int64_t matched = 0;
  for (const auto* r : held) {
    WP_ASSIGN_OR_RETURN(auto at, store.ListAudit(r->seq - 1, 1));
    if (!at.empty() && at.front().seq == r->seq && at.front().hash == r->hash) {
      matched = r->seq;
      continue;
    }
    std::string now = at.empty() || at.front().seq != r->seq ? "không có mục này"
                                                             : "mã băm " + Short(at.front().hash);
    v.problems.push_back(
        {"audit_anchor_mismatch",
         "Mục #" + std::to_string(r->seq) + " của nhật ký: mốc neo (" + file + ") ghi lúc " +
             r->at + " mã băm " + Short(r->hash) + ", nhật ký nay " + now +
             ": nhật ký đã bị viết lại ngoài hệ thống " +
             (matched > 0 ? "sau mục #" + std::to_string(matched) + " (còn khớp mốc neo)"
                          : std::string("từ mục #") + std::to_string(r->seq) + " trở về trước")});
    break;
  }
  return {};
}

core::Result<AuditVerification> AuditLog::VerifyAudit() {
  if (!anchor_file_.empty() && std::filesystem::exists(anchor_file_)) {
    auto v = VerifyAudit(anchor_file_);
    if (v || v.error().reason != "bad_anchor") return v;
    // The server's own anchor unreadable is a finding, not a reason to verify nothing.
    WP_ASSIGN_OR_RETURN(auto plain, Verify(nullptr, ""));
    plain.anchor_file = anchor_file_;
    plain.problems.push_back({"audit_anchor_unreadable", v.error().message});
    return plain;
  }
  WP_ASSIGN_OR_RETURN(auto v, Verify(nullptr, ""));
  if (!anchor_file_.empty()) v.anchor_file = anchor_file_;
  return v;
}

core::Result<AuditVerification> AuditLog::VerifyAudit(const std::string& anchor_file) {
  if (anchor_file.empty()) return Verify(nullptr, "");
  WP_ASSIGN_OR_RETURN(auto records, ReadAnchorFile(anchor_file));
  WP_ASSIGN_OR_RETURN(auto v, Verify(&records, anchor_file));
  v.anchor_file = anchor_file;
  v.anchor_records = records.size();
  return v;
}

core::Result<std::optional<AnchorRecord>> AuditLog::AnchorHead() {
  if (anchor_file_.empty()) return std::optional<AnchorRecord>();
  std::lock_guard lock(anchor_mu_);
  if (!anchor_loaded_) {
    auto read = ReadAnchorFile(anchor_file_);
    if (read) {
      anchored_ = std::move(*read);
    } else if (read.error().reason != "anchor_not_found") {
      return tl::unexpected(read.error());  // never replace a file it cannot read
    }
    anchor_loaded_ = true;
  }
  WP_ASSIGN_OR_RETURN(auto head, store_.AuditHead());
  if (!head) return std::optional<AnchorRecord>();
  if (!anchored_.empty()) {
    const auto& last = anchored_.back();
    if (head->seq == last.seq && head->hash == last.hash) return std::optional<AnchorRecord>();
    // The log must still hold what was anchored last; if not, the file is the evidence.
    bool holds = false;
    if (head->seq > last.seq) {
      WP_ASSIGN_OR_RETURN(auto at, store_.ListAudit(last.seq - 1, 1));
      holds = !at.empty() && at.front().seq == last.seq && at.front().hash == last.hash;
    }
    if (!holds) {
      auto e = core::MakeError(
          ErrorCode::kFailedPrecondition, "audit_anchor_conflict",
          "Nhật ký kiểm toán không còn giữ mục #" + std::to_string(last.seq) + " như mốc neo \"" +
              anchor_file_ + "\" đã ghi lúc " + last.at + " (nhật ký nay kết thúc ở mục #" +
              std::to_string(head->seq) +
              "): nhật ký đã bị cắt hoặc viết lại ngoài hệ thống; tệp mốc neo được giữ nguyên, "
              "chạy \"workplan audit verify --anchor\" để xem");
      return tl::unexpected(e);
    }
  }
  AnchorRecord record{head->seq, head->hash, WallClockIso()};
  auto next = anchored_;
  next.push_back(record);
  next = Pruned(next);
  WP_RETURN_IF_ERROR(WriteAnchorFile(anchor_file_, next));
  anchored_ = std::move(next);
  return std::optional<AnchorRecord>(record);
}

}  // namespace wp::service
