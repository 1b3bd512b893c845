#pragma once
// A small writer of flat JSON objects, for the few places below `api` that must keep a
// machine-readable record (the audit log's before/after) without a JSON library: JSON DTOs
// belong to `api` and `app` (docs/architecture.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wp::core {

// Appends `s` as a JSON string literal (quotes and escapes included).
void AppendJsonString(std::string& out, std::string_view s);

// Builds {"k": v, …} in insertion order.
class JsonObjectText {
 public:
  JsonObjectText& Add(std::string_view key, std::string_view value);
  JsonObjectText& Add(std::string_view key, const char* value) {
    return Add(key, std::string_view(value));
  }
  JsonObjectText& Add(std::string_view key, int64_t value);
  JsonObjectText& Add(std::string_view key, bool value);
  JsonObjectText& AddNull(std::string_view key);
  template <typename T>
  JsonObjectText& Add(std::string_view key, const std::optional<T>& value) {
    return value ? Add(key, *value) : AddNull(key);
  }
  std::string Finish() const { return text_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string text_ = "{";
};

}  // namespace wp::core
