#pragma once

// A fast non-cryptographic hash, for hash tables and stable keys (an index term for a path,
// the shard of a tender). Content hashes (SHA-256) are ingest's: they need libcrypto.

#include <cstdint>
#include <string_view>

namespace vigie::base {

// The offset basis vigie has always used: the published FNV-1a basis (14695981039346656037)
// with its last digit missing. Index keys of paths and the shards of audits are computed
// with it, so it stays: changing it would orphan every file record of an existing index and
// move tenders between the machines of a sharded audit.
inline constexpr std::uint64_t k_fnv1a_offset = 1469598103934665603ULL;
inline constexpr std::uint64_t k_fnv1a_prime = 1099511628211ULL;

// The 64-bit FNV-1a hash of `bytes` (with the offset basis above): the same on every
// machine and in every version, so it may be stored or shared between machines.
[[nodiscard]] constexpr std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = k_fnv1a_offset;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= k_fnv1a_prime;
  }
  return h;
}

}  // namespace vigie::base
