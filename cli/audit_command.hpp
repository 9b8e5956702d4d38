#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::cli {

struct AuditConfig {
  std::vector<std::string> paths;
  std::vector<std::string> reports;  // .html, .csv, .json
  std::vector<std::string> rules;
  std::string journal;  // default: beside the first report, else ./vigie-audit.journal
  std::string shard;    // "K/N"
  std::string db;       // --index: the database (default as for `vigie index`)
  unsigned jobs = 0;
  double timeout = 120;  // seconds per file
  int max_depth = 4;
  std::uint64_t max_memory_mib = 1024;  // per worker process, 0: none
  bool resume = false;
  bool index = false;
  bool follow_links = false;  // --follow
  bool csv_excel = false;     // CSV reports for French Excel (docs/audit.md)
};

// `vigie audit PATH...` and `vigie audit merge REPORT.json...`.
void register_audit(CLI::App& app, int& status);

}  // namespace vigie::cli
