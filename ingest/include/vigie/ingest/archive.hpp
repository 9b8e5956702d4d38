#pragma once

// Reading the ZIP archives buyers publish (a tender set, sometimes with archives inside),
// member by member, in memory, without unpacking anything to disk. Every hazard is reported
// as a Problem and the walk goes on: a zip bomb, names with "../" or absolute paths,
// encrypted members, archives nested too deep, names in a DOS code page.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace vigie::ingest {

struct ArchiveLimits {
  // Archives inside archives deeper than this are not opened (the top archive is depth 1).
  int max_depth = 4;
  // A member larger than this once decompressed is not read.
  std::uint64_t max_member_size = std::uint64_t{512} * 1024 * 1024;
  // Zip bomb: reading stops when what an archive has expanded to exceeds both
  // `bomb_floor` bytes and `bomb_ratio` times the archive's own size.
  std::uint64_t bomb_ratio = 100;
  std::uint64_t bomb_floor = std::uint64_t{64} * 1024 * 1024;
};

// A file found inside an archive.
struct ArchiveMember {
  std::string path;  // "set.zip!/lots/lot1.zip!/CCTP.pdf"
  std::string bytes;
  std::int64_t mtime = 0;
};

// Something the user must hear about: a member not read, or read with a caveat.
struct ArchiveProblem {
  std::string path;     // the member (or the archive) concerned
  std::string code;     // stable English identifier: "zip-bomb", "unsafe-name", "encrypted", …
  std::string message;  // French
  bool skipped = true;  // false: the member was read anyway (a name converted from CP850)
};

struct ArchiveCallbacks {
  // Each file member, in archive order; return false to stop the walk.
  std::function<bool(ArchiveMember&&)> member;
  std::function<void(ArchiveProblem&&)> problem;
};

// Walks the archive at `file` (display name `display_path`). Members that are themselves
// ZIP archives (and not DOCX or ODT files) are walked in turn. Returns false when the archive
// itself could not be opened or read to its end (a problem says why).
bool walk_archive(const std::filesystem::path& file, const std::string& display_path,
                  const ArchiveLimits& limits, const ArchiveCallbacks& callbacks);

// The same for an archive held in memory.
bool walk_archive_bytes(std::string_view bytes, const std::string& display_path,
                        const ArchiveLimits& limits, const ArchiveCallbacks& callbacks);

}  // namespace vigie::ingest
