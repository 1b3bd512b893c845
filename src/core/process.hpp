#pragma once
// What the operating system says of this process.

#include <cstddef>
#include <string_view>

namespace wp::core {

// A memory figure of this process from /proc/self/status, in KiB: "VmRSS:" (resident now),
// "VmHWM:" (the peak); 0 when /proc does not tell.
size_t ProcessMemoryKib(std::string_view field);

}  // namespace wp::core
