#pragma once
// The names of an enum's values (the stable English words of the API and the database, or the
// Vietnamese label a reader sees) as one list per enum, in the order the enum declares its
// values (0, 1, 2 …): a value's name and the value of a name are read from the same list, so
// the two cannot disagree. Each module's tests read every name back and check the words.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace wp::core {

// The name of `value`; the first name for a value outside the enum.
template <typename E, size_t N>
constexpr const char* NameIn(const std::array<const char*, N>& names, E value) {
  auto i = static_cast<size_t>(value);
  return i < N ? names[i] : names[0];
}

// The value named `name` exactly (`ValueIn<Role>(kRoleNames, "admin")`); nullopt otherwise.
template <typename E, size_t N>
constexpr std::optional<E> ValueIn(const std::array<const char*, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace wp::core
