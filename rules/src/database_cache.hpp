#pragma once

// The Hyperscan database of the anchor literals, compiled once per rule set and machine and
// kept in the user's cache folder: compiling it was the largest part of loading the rules.
// The file holds the literals in full and Hyperscan's version; it is used only when both are
// equal and Hyperscan accepts it for this processor, otherwise the database is compiled and
// the file written again (atomically: concurrent processes never read half a file).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

struct hs_database;

namespace vigie::rules::detail {

// $VIGIE_CACHE_DIR/regles, else $XDG_CACHE_HOME/vigie/regles, else ~/.cache/vigie/regles;
// none when VIGIE_NO_CACHE is set or no folder is known.
[[nodiscard]] std::optional<std::filesystem::path> database_cache_folder();

// The database of `literals` (id = index), from the cache or compiled; nullptr with `error`
// set when Hyperscan refuses them. `from_cache`, when given, says which.
[[nodiscard]] hs_database* literal_database(const std::vector<std::string>& literals,
                                            std::string& error, bool* from_cache = nullptr);

}  // namespace vigie::rules::detail
