#pragma once

// Reads named members of a ZIP archive held in memory (libarchive stays private here).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::ingest::detail {

struct ZipParts {
  std::map<std::string, std::string> parts;  // member name -> uncompressed bytes
  std::vector<std::string> names;            // every member name, in archive order
};

// Reads every member for which `wanted(name)` is true. Returns the French reason on failure
// (not a ZIP, damaged, an encrypted member, a member larger than `max_part_size`).
std::optional<std::string> read_zip_parts(std::string_view bytes,
                                          const std::function<bool(std::string_view)>& wanted,
                                          std::uint64_t max_part_size, ZipParts& out);

}  // namespace vigie::ingest::detail
