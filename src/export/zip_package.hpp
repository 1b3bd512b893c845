#pragma once
// The zip package under an Office file (.xlsx, .docx), read from memory part by part against a
// budget: a file comes from a user's upload (or a template an admin replaced), so the number of
// parts, their declared and inflated sizes and their compression ratio are bounded before the
// work they would cause. Internal to export: libzip stays behind this header.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

struct zip;  // libzip's zip_t

namespace wp::xport {

struct PackageLimits {
  size_t max_uncompressed = 64u << 20;  // all parts once unzipped (zip bombs)
  size_t max_entries = 2'000;           // files in the zip directory
  size_t max_ratio = 250;               // inflated / compressed, for a part declared above 1 MB
};

// How the errors name the file: its reasons and the Vietnamese words for it.
struct PackageKind {
  std::string_view invalid_reason;  // "xlsx_invalid"
  std::string_view invalid_message;  // "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."
  std::string_view too_large_reason;  // "xlsx_too_large"
  std::string_view noun;              // "Bảng tính": starts the too-large messages
};

inline constexpr PackageKind kXlsxPackage{"xlsx_invalid",
                                          "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.",
                                          "xlsx_too_large", "Bảng tính"};

// "1.000.000": Vietnamese digit grouping; "2 MB", "12 KB", "80 byte".
std::string GroupedCount(size_t n);
std::string SizeText(size_t bytes);

// The part a relationship's `target` names, seen from `source_part` (OPC: relative to the
// source's folder, or from the root when it starts with "/"; "." and ".." folded). Part names
// are zip entry names: no leading slash, "/" separated. nullopt for a target above the root or
// naming nothing.
std::optional<std::string> ResolvePartName(const std::string& source_part, std::string_view target);

class Package {
 public:
  // Sees a part's bytes as they are inflated, all of them so far each time (`end` on the last
  // call), and may refuse the part before the rest is inflated.
  using Watch = std::function<core::Status(std::string_view inflated, bool end)>;

  // `bytes` must outlive the Package (the archive is read in place). Refuses what is not a zip
  // (kind.invalid_reason) and, from the directory alone, too many parts, declared sizes above
  // the budget and a bomb's ratio (kind.too_large_reason).
  static core::Result<Package> Open(std::string_view bytes, const PackageLimits& limits,
                                    const PackageKind& kind);

  Package(Package&&) noexcept;
  Package& operator=(Package&&) noexcept;
  ~Package();

  // The part names in directory order (directories, "…/", left out).
  std::vector<std::string> Names() const;
  bool Has(const std::string& name) const;  // case-insensitive, as Office reads names
  // The inflated bytes of part `name`, counted against the package's budget; kind's invalid
  // error when it is missing or corrupt.
  core::Result<std::string> Read(const std::string& name, const Watch& watch = {});

  core::Error Invalid(std::string note) const;
  core::Error TooLarge(std::string message, std::string note) const;
  core::Error UnzippedTooLarge(std::string note) const;

 private:
  struct ZipDiscard {
    void operator()(zip* z) const;
  };
  Package() = default;
  std::unique_ptr<zip, ZipDiscard> zip_;
  PackageLimits limits_;
  PackageKind kind_;
  size_t budget_ = 0;
};

}  // namespace wp::xport
