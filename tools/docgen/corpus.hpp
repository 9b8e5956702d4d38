#pragma once

// A deterministic generator of realistic French tender documents for benchmarks: the same
// seed gives the same documents, whatever the machine.

#include <cstdint>
#include <string>

#include "source.hpp"

namespace vigie::docgen {

struct CorpusOptions {
  std::uint64_t seed = 1;
  int min_pages = 2;
  int max_pages = 200;
  double participation_share = 0.3;  // share of documents that are participation missions
  double clause_presence = 0.6;      // chance that each participation clause is present
};

// The `index`-th document of the corpus described by `options`.
Source generate_document(const CorpusOptions& options, std::uint64_t index);

}  // namespace vigie::docgen
