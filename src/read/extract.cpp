// The form by magic, the bounds, text passed through, and the PDF child process.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "read/read.hpp"
#include "text/legacy.hpp"

// ASan reserves terabytes of address space: the child's RLIMIT_AS is left off under it.
#if defined(__SANITIZE_ADDRESS__)
#define WP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WP_ASAN 1
#endif
#endif

namespace wp::read {

// docx.cpp: a zip's form (docx, or unsupported_format naming what it is instead).
core::Result<Form> SniffZip(std::string_view bytes, const Limits& limits);

namespace {

constexpr std::string_view kForms =
    "hãy gửi văn bản Word (.docx), PDF có lớp chữ, hoặc văn bản thuần (.txt, UTF-8)";

core::Error Unsupported(std::string what) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "unsupported_format",
                         what + ": " + std::string(kForms) + ".");
}

bool LooksBinary(std::string_view bytes) {
  size_t n = std::min<size_t>(bytes.size(), 4096);
  size_t controls = 0;
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return true;
    if (c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1B)) ++controls;
  }
  return controls * 100 > n;
}

}  // namespace

std::string_view FormName(Form form) {
  switch (form) {
    case Form::kDocx:
      return "docx";
    case Form::kPdf:
      return "pdf";
    case Form::kText:
      break;
  }
  return "text";
}

std::optional<Form> FormFromName(std::string_view name) {
  if (name == "text" || name == "txt") return Form::kText;
  if (name == "docx") return Form::kDocx;
  if (name == "pdf") return Form::kPdf;
  return std::nullopt;
}

core::Result<Form> Sniff(std::string_view bytes) {
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) return SniffZip(bytes, Limits{});
  if (bytes.starts_with("%PDF-")) return Form::kPdf;
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    return tl::unexpected(core::MakeError(core::ErrorCode::kInvalidArgument, "unsupported_format",
                                          "Tệp .doc (Word 97–2003): hãy lưu lại thành .docx"));
  }
  if (bytes.starts_with("{\\rtf")) {
    return tl::unexpected(Unsupported("Tệp RTF không đọc được; hãy lưu lại thành .docx"));
  }
  if (!core::FindInvalidUtf8(bytes)) return Form::kText;
  if (LooksBinary(bytes)) return tl::unexpected(Unsupported("Không đọc được loại tệp này"));
  return Form::kText;  // text in another encoding: the parser names the invalid line
}

namespace {

// Text typed in a legacy font (issue 19): TCVN3 converted with a note, VNI refused.
core::Status ReadLegacy(Extracted& out) {
  switch (text::DetectLegacy(out.text)) {
    case text::LegacyEncoding::kNone:
      // A soft hyphen (a .docx's w:softHyphen) is invisible: not part of a word the parser reads.
      if (out.form == Form::kDocx && out.text.find("\u00AD") != std::string::npos) {
        std::string kept;
        kept.reserve(out.text.size());
        for (size_t at = 0, next; at < out.text.size(); at = next + 2) {
          next = out.text.find("\u00AD", at);
          if (next == std::string::npos) next = out.text.size();
          kept.append(out.text, at, next - at);
        }
        out.text = std::move(kept);
      }
      return {};
    case text::LegacyEncoding::kVni:
      return core::Fail(core::ErrorCode::kInvalidArgument, "legacy_encoding_unsupported",
                        "Văn bản gõ bằng phông VNI (bảng mã VNI Windows) chưa đọc được: hãy chuyển "
                        "sang Unicode (ví dụ Unikey, \"Công cụ chuyển mã\", từ VNI Windows sang "
                        "Unicode) rồi gửi lại.");
    case text::LegacyEncoding::kTcvn3:
      break;
  }
  out.text = text::Tcvn3ToUnicode(out.text);
  out.notes.push_back({"legacy_encoding_converted",
                       "Văn bản gõ bằng phông TCVN3 (.VnTime, bảng mã ABC) đã được chuyển sang "
                       "Unicode; hãy soát lại các chữ có dấu."});
  return {};
}

}  // namespace

core::Result<Extracted> Extract(std::string_view bytes, std::optional<Form> hint,
                                const Limits& limits) {
  Form form;
  if (hint) {
    form = *hint;
  } else {
    WP_ASSIGN_OR_RETURN(form, Sniff(bytes));
  }
  if (form != Form::kText && bytes.size() > limits.max_upload) {
    return core::Fail(core::ErrorCode::kTooLarge, "file_too_large",
                      "Tệp quá lớn (" + std::to_string(bytes.size() >> 20) + " MiB; tối đa " +
                          std::to_string(limits.max_upload >> 20) + " MiB).");
  }
  if (form == Form::kDocx || form == Form::kPdf) {
    auto out = form == Form::kDocx ? ExtractDocx(bytes, limits) : ExtractPdf(bytes, limits);
    if (out) WP_RETURN_IF_ERROR(ReadLegacy(*out));
    return out;
  }
  Extracted out;
  out.form = Form::kText;
  out.text.assign(bytes);
  int line = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    out.origins.push_back({0, ++line, 0, false});
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  WP_RETURN_IF_ERROR(ReadLegacy(out));
  return out;
}

// ---- the child's answer -------------------------------------------------------------------

namespace {

void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

struct Reader {
  std::string_view data;
  bool ok = true;
  std::string_view Take() {
    size_t colon = data.find(':');
    if (!ok || colon == std::string_view::npos || colon == 0 || colon > 12) {
      ok = false;
      return {};
    }
    size_t n = 0;
    for (char c : data.substr(0, colon)) {
      if (c < '0' || c > '9') {
        ok = false;
        return {};
      }
      n = n * 10 + static_cast<size_t>(c - '0');
    }
    data.remove_prefix(colon + 1);
    if (n > data.size()) {
      ok = false;
      return {};
    }
    std::string_view field = data.substr(0, n);
    data.remove_prefix(n);
    return field;
  }
  int Int() {
    std::string_view f = Take();
    if (f.empty() || f.size() > 9) {
      ok = false;
      return 0;
    }
    int v = 0;
    for (char c : f) {
      if (c < '0' || c > '9') {
        ok = false;
        return 0;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
};

}  // namespace

std::string Serialize(const core::Result<Extracted>& r) {
  std::string out = "WPX1";
  if (!r) {
    Put(out, "error");
    Put(out, std::to_string(static_cast<int>(r.error().code)));
    Put(out, r.error().reason);
    Put(out, r.error().message);
    return out;
  }
  Put(out, "ok");
  Put(out, FormName(r->form));
  Put(out, std::to_string(r->pages));
  Put(out, r->text);
  Put(out, std::to_string(r->origins.size()));
  for (const Origin& o : r->origins) {
    Put(out, std::to_string(o.page));
    Put(out, std::to_string(o.paragraph));
    Put(out, std::to_string(o.row));
    Put(out, o.header_row ? "1" : "0");
  }
  Put(out, std::to_string(r->notes.size()));
  for (const Note& n : r->notes) {
    Put(out, n.code);
    Put(out, n.message);
  }
  return out;
}

core::Result<Extracted> Deserialize(std::string_view data) {
  auto bad = [] {
    return core::Fail(core::ErrorCode::kInternal, "extract_failed",
                      "Không đọc được tệp: bộ đọc trả lời không đúng dạng.");
  };
  if (!data.starts_with("WPX1")) return bad();
  Reader in{data.substr(4)};
  std::string_view kind = in.Take();
  if (kind == "error") {
    int code = in.Int();
    std::string reason(in.Take());
    std::string message(in.Take());
    if (!in.ok || code < 0 || code > static_cast<int>(core::ErrorCode::kInternal)) return bad();
    return core::Fail(static_cast<core::ErrorCode>(code), reason, message);
  }
  if (kind != "ok") return bad();
  Extracted out;
  auto form = FormFromName(in.Take());
  if (!form) return bad();
  out.form = *form;
  out.pages = in.Int();
  out.text.assign(in.Take());
  int origins = in.Int();
  if (!in.ok || origins < 0 || static_cast<size_t>(origins) > data.size()) return bad();
  for (int i = 0; i < origins && in.ok; ++i) {
    Origin o;
    o.page = in.Int();
    o.paragraph = in.Int();
    o.row = in.Int();
    o.header_row = in.Take() == "1";
    out.origins.push_back(o);
  }
  int notes = in.Int();
  if (!in.ok || notes < 0 || static_cast<size_t>(notes) > data.size()) return bad();
  for (int i = 0; i < notes && in.ok; ++i) {
    Note n;
    n.code.assign(in.Take());
    n.message.assign(in.Take());
    out.notes.push_back(std::move(n));
  }
  if (!in.ok || !in.data.empty()) return bad();
  return out;
}

// ---- the child process --------------------------------------------------------------------

core::Result<Extracted> ExtractPdfInChild(std::string_view bytes, const std::string& exe,
                                          const Limits& limits) {
  auto failed = [](std::string note) {
    core::Error e = core::MakeError(core::ErrorCode::kInvalidArgument, "pdf_invalid",
                                    "Không đọc được tệp PDF (tệp hỏng hoặc quá phức tạp).");
    e.internal_note = std::move(note);
    return tl::unexpected(std::move(e));
  };
  if (bytes.size() > limits.max_upload) {
    return core::Fail(core::ErrorCode::kTooLarge, "file_too_large",
                      "Tệp quá lớn (" + std::to_string(bytes.size() >> 20) + " MiB; tối đa " +
                          std::to_string(limits.max_upload >> 20) + " MiB).");
  }
  // The input goes through a private temporary file: a child that dies early cannot leave the
  // server blocked on (or killed by SIGPIPE from) a pipe it stopped reading.
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/workplan-pdf-XXXXXX";
  std::vector<char> name(path.begin(), path.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return failed(std::string("mkstemp: ") + std::strerror(errno));
  std::string file(name.data());
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      close(fd);
      unlink(file.c_str());
      return failed("write");
    }
    written += static_cast<size_t>(w);
  }
  close(fd);
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    unlink(file.c_str());
    return failed("pipe");
  }
  std::string pages = std::to_string(limits.max_pages);
  std::vector<std::string> args = {exe,           "extract", "--form", "pdf", "--serialized",
                                   "--max-pages", pages,     file};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  rlim_t cpu = static_cast<rlim_t>(std::max<long long>(1, limits.budget.count() / 1000));
  pid_t pid = fork();
  if (pid < 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    unlink(file.c_str());
    return failed("fork");
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    struct rlimit cpu_limit = {cpu, cpu + 1};
    setrlimit(RLIMIT_CPU, &cpu_limit);
#ifndef WP_ASAN
    struct rlimit as_limit = {rlim_t{1} << 30, rlim_t{1} << 30};
    setrlimit(RLIMIT_AS, &as_limit);
#endif
    dup2(out_pipe[1], 1);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      dup2(devnull, 0);
      dup2(devnull, 2);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  std::string answer;
  size_t max_answer = limits.max_text * 3 + (1u << 20);
  auto deadline = std::chrono::steady_clock::now() + limits.budget + std::chrono::seconds(2);
  bool killed = false;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0 || answer.size() > max_answer) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    struct pollfd p = {out_pipe[0], POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  close(out_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  unlink(file.c_str());
  bool timed_out = killed || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU);
  if (timed_out) {
    return core::Fail(core::ErrorCode::kTooLarge, "extract_timeout",
                      "Đọc tệp quá lâu (quá " + std::to_string(limits.budget.count() / 1000) +
                          " giây); tệp quá lớn hoặc phức tạp.");
  }
  if (!WIFEXITED(status)) return failed("child signalled " + std::to_string(WTERMSIG(status)));
  if (WEXITSTATUS(status) == 127) return failed("exec " + exe);
  auto r = Deserialize(answer);
  if (!r && r.error().reason == "extract_failed") {
    return failed("child exit " + std::to_string(WEXITSTATUS(status)) + ", answer of " +
                  std::to_string(answer.size()) + " bytes");
  }
  return r;
}

}  // namespace wp::read
