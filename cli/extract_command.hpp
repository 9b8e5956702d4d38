#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace vigie::cli {

struct ExtractConfig {
  std::vector<std::string> files;
  std::string format = "text";  // text | json
  unsigned jobs = 0;            // 0: one per core
  bool keep_furniture = false;  // leave headers and footers in the body text
  bool show_furniture = false;  // print headers and footers in text output
  bool keep_hyphens = false;    // do not rejoin words hyphenated at line ends
};

// Registers `vigie extract` on `app`; the callback stores the exit status in `status`.
void register_extract(CLI::App& app, int& status);

int run_extract(const ExtractConfig& config);

}  // namespace vigie::cli
