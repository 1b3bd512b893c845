#pragma once
// Digests and random tokens (libsodium): SHA-256 for content fingerprints and the audit chain,
// unpredictable tokens for sessions, CSRF and API clients.

#include <cstddef>
#include <string>
#include <string_view>

namespace wp::core {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Lower-case hex BLAKE2b-256 of `data`: about three times faster than SHA-256 here (libsodium's
// SHA-256 has no CPU extensions), for the fingerprints a frequent write computes.
std::string Blake2bHex(std::string_view data);

// `bytes` random bytes from the system's CSPRNG, as lower-case hex (2 × bytes characters).
std::string RandomHex(size_t bytes);

// Compares in time independent of where the strings differ (for secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace wp::core
