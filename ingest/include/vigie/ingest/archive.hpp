#pragma once

// Reading the archives buyers publish (a tender set, sometimes with archives inside): ZIP
// (zip64, data descriptors, stored), 7z, RAR 4 and 5, tar and compressed tar (gzip, bzip2,
// xz), member by member, in memory, without unpacking anything to disk. Every member is
// a document, a reported skip or a nested archive: each hazard is reported as a Problem and
// the walk goes on (a zip bomb, names with "../" or absolute paths, encrypted members,
// archives nested too deep, names in a DOS code page, two members of the same name).

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
  // Zip bomb: reading stops when what a top-level archive has expanded to, across every
  // nesting level, exceeds both `bomb_floor` bytes and `bomb_ratio` times its own size.
  std::uint64_t bomb_ratio = 100;
  std::uint64_t bomb_floor = std::uint64_t{64} * 1024 * 1024;
  // Entries (files, folders, links) of a top-level archive, every nesting level counted.
  std::uint64_t max_entries = 100000;
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

// True when the bytes are an archive vigie walks, judged by structure (signatures, the ZIP
// central directory's member names): a ZIP that is not an office document (DOCX, ODT, XLSX…),
// 7z, RAR, tar, gzip/bzip2/xz-compressed tar. False for documents, text and anything else.
[[nodiscard]] bool is_archive_bytes(std::string_view bytes);

// The same for the file at `path` (reads its start and its end); false when it cannot be read.
[[nodiscard]] bool is_archive_file(const std::filesystem::path& path);

// Walks the archive at `file` (display name `display_path`). Members that are themselves
// archives (see is_archive_bytes) are walked in turn. A member whose name was already seen
// in the same archive is renamed "NAME#2", "NAME#3"… (problem "duplicate-name"). Returns false when
// the archive itself could not be opened or read to its end (a problem says why).
bool walk_archive(const std::filesystem::path& file, const std::string& display_path,
                  const ArchiveLimits& limits, const ArchiveCallbacks& callbacks);

// The same for an archive held in memory.
bool walk_archive_bytes(std::string_view bytes, const std::string& display_path,
                        const ArchiveLimits& limits, const ArchiveCallbacks& callbacks);

}  // namespace vigie::ingest
