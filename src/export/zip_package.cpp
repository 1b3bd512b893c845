// The bounded zip package over libzip (moved out of xlsx_reader.cpp for the .docx templates).

#include "export/zip_package.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdint>

namespace wp::xport {

using core::ErrorCode;

std::string GroupedCount(size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

std::string SizeText(size_t bytes) {
  if (bytes >= (1u << 20)) return GroupedCount(bytes >> 20) + " MB";
  if (bytes >= (1u << 10)) return GroupedCount(bytes >> 10) + " KB";
  return GroupedCount(bytes) + " byte";
}

namespace {
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
}  // namespace

void Package::ZipDiscard::operator()(zip* z) const { zip_discard(z); }

Package::Package(Package&&) noexcept = default;
Package& Package::operator=(Package&&) noexcept = default;
Package::~Package() = default;

core::Error Package::Invalid(std::string note) const {
  core::Error e = core::MakeError(ErrorCode::kInvalidArgument, std::string(kind_.invalid_reason),
                                  std::string(kind_.invalid_message));
  e.internal_note = std::move(note);
  return e;
}

core::Error Package::TooLarge(std::string message, std::string note) const {
  core::Error e = core::MakeError(ErrorCode::kTooLarge, std::string(kind_.too_large_reason),
                                  std::move(message));
  e.internal_note = std::move(note);
  return e;
}

core::Error Package::UnzippedTooLarge(std::string note) const {
  return TooLarge(std::string(kind_.noun) + " quá lớn: nội dung sau khi giải nén vượt quá " +
                      SizeText(limits_.max_uncompressed) + ".",
                  std::move(note));
}

core::Result<Package> Package::Open(std::string_view bytes, const PackageLimits& limits,
                                    const PackageKind& kind) {
  Package pkg;
  pkg.limits_ = limits;
  pkg.kind_ = kind;
  pkg.budget_ = limits.max_uncompressed;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src == nullptr) {
    std::string note = std::string("zip_source_buffer_create: ") + zip_error_strerror(&err);
    zip_error_fini(&err);
    return tl::unexpected(pkg.Invalid(std::move(note)));
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (z == nullptr) {
    std::string note = std::string("not a zip: ") + zip_error_strerror(&err);
    zip_error_fini(&err);
    zip_source_free(src);
    return tl::unexpected(pkg.Invalid(std::move(note)));
  }
  zip_error_fini(&err);
  pkg.zip_.reset(z);

  // Declared sizes first: a bomb is refused before anything is inflated. The sizes may lie,
  // so Read() counts the inflated bytes as well.
  const zip_int64_t n = zip_get_num_entries(z, 0);
  if (n < 0) return tl::unexpected(pkg.Invalid("zip_get_num_entries failed"));
  if (static_cast<uint64_t>(n) > limits.max_entries) {
    return tl::unexpected(pkg.TooLarge(std::string(kind.noun) + " có quá nhiều thành phần (" +
                                           GroupedCount(n) + "; tối đa " +
                                           GroupedCount(limits.max_entries) + ").",
                                       std::to_string(n) + " zip entries"));
  }
  uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      return tl::unexpected(pkg.Invalid(std::string("zip_stat_index: ") + zip_strerror(z)));
    }
    if ((st.valid & ZIP_STAT_SIZE) == 0) continue;
    if (st.size > limits.max_uncompressed || total + st.size > limits.max_uncompressed) {
      return tl::unexpected(pkg.UnzippedTooLarge("declared uncompressed sizes above " +
                                                 std::to_string(limits.max_uncompressed)));
    }
    total += st.size;
    // A part that inflates hundreds of times its packed size is a bomb, not a document.
    if (limits.max_ratio > 0 && st.size > (1u << 20) && (st.valid & ZIP_STAT_COMP_SIZE) != 0 &&
        st.size / std::max<uint64_t>(st.comp_size, 1) > limits.max_ratio) {
      return tl::unexpected(pkg.TooLarge(
          std::string(kind.noun) + " bất thường: một thành phần giải nén lớn gấp hơn " +
              GroupedCount(limits.max_ratio) + " lần kích thước nén (" + SizeText(st.size) + ").",
          std::string(st.name != nullptr ? st.name : "?") + ": " + std::to_string(st.size) +
              " bytes from " + std::to_string(st.comp_size)));
    }
  }
  return pkg;
}

std::vector<std::string> Package::Names() const {
  std::vector<std::string> names;
  const zip_int64_t n = zip_get_num_entries(zip_.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(zip_.get(), static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) continue;
    std::string s(name);
    if (!s.empty() && s.back() != '/') names.push_back(std::move(s));
  }
  return names;
}

bool Package::Has(const std::string& name) const {
  return zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE) >= 0;
}

core::Result<std::string> Package::Read(const std::string& name, const Watch& watch) {
  const zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return tl::unexpected(Invalid("missing part " + name));
  std::unique_ptr<zip_file_t, ZipFileClose> file(
      zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) return tl::unexpected(Invalid("open " + name + ": " + zip_strerror(zip_.get())));
  std::string out;
  char buf[64 * 1024];
  for (;;) {
    const zip_int64_t got = zip_fread(file.get(), buf, sizeof buf);
    if (got < 0) {
      return tl::unexpected(Invalid("read " + name + ": " + zip_file_strerror(file.get())));
    }
    if (got == 0) break;
    if (static_cast<uint64_t>(got) > budget_ - out.size()) {
      return tl::unexpected(UnzippedTooLarge("inflating " + name));
    }
    out.append(buf, static_cast<size_t>(got));
    if (watch) WP_RETURN_IF_ERROR(watch(out, false));
  }
  if (watch) WP_RETURN_IF_ERROR(watch(out, true));
  budget_ -= out.size();
  return out;
}

std::optional<std::string> ResolvePartName(const std::string& source_part,
                                           std::string_view target) {
  std::string joined;
  if (!target.empty() && target.front() == '/') {
    joined = std::string(target.substr(1));
  } else {
    const size_t slash = source_part.rfind('/');
    joined =
        (slash == std::string::npos ? "" : source_part.substr(0, slash + 1)) + std::string(target);
  }
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    const std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (segments.empty()) return std::nullopt;
      segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  if (segments.empty()) return std::nullopt;
  std::string out;
  for (const auto& seg : segments) out += (out.empty() ? "" : "/") + seg;
  return out;
}

}  // namespace wp::xport
