// libFuzzer harness: the archive walker (nested ZIPs, hazards reported as problems) on
// arbitrary bytes, with limits small enough for a fuzzer's memory.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "vigie/ingest/archive.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  vigie::ingest::ArchiveLimits limits;
  limits.max_member_size = std::uint64_t{4} * 1024 * 1024;
  limits.bomb_floor = std::uint64_t{16} * 1024 * 1024;
  std::size_t members = 0;
  std::size_t problems = 0;
  vigie::ingest::ArchiveCallbacks callbacks;
  callbacks.member = [&](vigie::ingest::ArchiveMember&& m) {
    members += m.path.size() + m.bytes.size();
    return true;
  };
  callbacks.problem = [&](vigie::ingest::ArchiveProblem&& p) { problems += p.message.size(); };
  (void)vigie::ingest::walk_archive_bytes(bytes, "fuzz.zip", limits, callbacks);
  return 0;
}
