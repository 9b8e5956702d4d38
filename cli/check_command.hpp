#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace vigie::cli {

struct CheckConfig {
  std::vector<std::string> files;
  std::vector<std::string> rules;  // built-in names, "default", files or directories
  std::string config;              // vigie.toml; empty: the one beside each file, if any
  std::string format = "text";
  std::string output;  // empty: stdout
  std::string fail_on = "erreur";
  unsigned jobs = 0;
};

void register_check(CLI::App& app, int& status);
int run_check(const CheckConfig& config);

}  // namespace vigie::cli
