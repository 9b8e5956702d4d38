#pragma once

// The documents a benchmark runs on: every readable file under a folder, extracted once
// before timing, in file-name order.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "vigie/ingest/extract.hpp"

namespace vigie::bench {

struct LoadedDocument {
  std::filesystem::path path;
  ingest::Document document;
};

// Files that cannot be read are skipped (benchmarks time what vigie reads).
inline std::vector<LoadedDocument> load_documents(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<LoadedDocument> docs;
  for (const auto& f : files) {
    auto r = ingest::extract_file(f.string(), {});
    if (r.ok()) {
      docs.push_back({f, std::move(r.value())});
    }
  }
  return docs;
}

}  // namespace vigie::bench
