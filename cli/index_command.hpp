#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::cli {

struct IndexConfig {
  std::vector<std::string> paths;
  std::string db;                // --db; empty: $VIGIE_DB, else the XDG data directory
  std::vector<std::string> dbs;  // --dbs: several databases searched as one
  unsigned jobs = 0;
  bool no_check = false;
  bool text = false;          // --text: also plain text files
  bool follow_links = false;  // --follow
  double timeout = 120;       // seconds per file
  std::uint64_t max_memory_mib = 1024;
  int commit_every = 200;  // files between commits
  std::string query;
  std::string file;
  std::string format = "text";
  int limit = 10;
  int offset = 0;
};

// The index to use: `given` (--db), else $VIGIE_DB, else the XDG data directory.
std::string db_location(const std::string& given);
// `p` made absolute and normalised, without a trailing slash (how the index names files).
std::string absolute(const std::string& p);

// `vigie index add|remove|stats|list`, `vigie search`, `vigie similar`.
void register_index(CLI::App& app, int& status);

}  // namespace vigie::cli
