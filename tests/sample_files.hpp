#pragma once

// The corpus samples' expectation files, shared by the stage tests.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace vigie::testing_support {

inline const std::filesystem::path k_samples =
    std::filesystem::path(VIGIE_SOURCE_DIR) / "corpus-samples";

// The names of corpus-samples/*.expected.yaml, sorted.
inline std::vector<std::string> expectation_files() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(k_samples)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".expected.yaml")) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A test name from a file name: "amo-concertation-rc.pdf" → "amo_concertation_rc".
inline std::string test_name(const std::string& file) {
  std::string name = file.substr(0, file.find('.'));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

}  // namespace vigie::testing_support
