#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace vigie::cli {

struct AnalyzeConfig {
  std::vector<std::string> files;
  std::string format = "text";  // text | json
  unsigned jobs = 0;            // 0: one per core
  bool sentences = false;       // list every sentence
};

// Registers `vigie analyze` on `app`; the callback stores the exit status in `status`.
void register_analyze(CLI::App& app, int& status);

int run_analyze(const AnalyzeConfig& config);

}  // namespace vigie::cli
