#include "core/process.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

namespace wp::core {

size_t ProcessMemoryKib(std::string_view field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.starts_with(field)) return std::strtoul(line.c_str() + field.size(), nullptr, 10);
  }
  return 0;
}

}  // namespace wp::core
