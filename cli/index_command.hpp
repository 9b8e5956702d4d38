#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace vigie::cli {

struct IndexConfig {
  std::vector<std::string> paths;
  std::string db;                // --db; empty: $VIGIE_DB, else the XDG data directory
  std::vector<std::string> dbs;  // --dbs: several databases searched as one
  unsigned jobs = 0;
  bool no_check = false;
  int commit_every = 200;  // files between commits
  std::string query;
  std::string file;
  std::string format = "text";
  int limit = 10;
  int offset = 0;
};

// `vigie index add|remove|stats|list`, `vigie search`, `vigie similar`.
void register_index(CLI::App& app, int& status);

}  // namespace vigie::cli
