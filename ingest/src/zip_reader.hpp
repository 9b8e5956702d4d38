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
  // Wanted members that could not be read (encrypted, damaged, larger than the limit):
  // member name -> French reason. The reader decides whether the document can do without.
  std::map<std::string, std::string> failed;
};

// Reads every regular-file member for which `wanted(name)` is true. Returns the French
// reason when the archive itself cannot be read (not a ZIP, damaged directory).
std::optional<std::string> read_zip_parts(std::string_view bytes,
                                          const std::function<bool(std::string_view)>& wanted,
                                          std::uint64_t max_part_size, ZipParts& out);

}  // namespace vigie::ingest::detail
