// Analysis throughput (Google Benchmark): fold, sentences, and the whole analyze() on the
// documents of a folder, extracted once before timing. Bytes are bytes of extracted text.
//
//   analysis_bench DIR [--benchmark_* flags]
//
// DIR is typically a generated corpus (vigie-docgen corpus 1 100 DIR 2 40).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis.hpp"  // the private steps, to time the core of the stage alone
#include "bench_corpus.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/analysis/text_tools.hpp"
#include "vigie/ingest/extract.hpp"

namespace {

std::vector<vigie::ingest::Document>& corpus() {
  static std::vector<vigie::ingest::Document> docs;
  return docs;
}

std::int64_t corpus_bytes() {
  std::int64_t n = 0;
  for (const auto& d : corpus()) {
    n += static_cast<std::int64_t>(d.text.size());
  }
  return n;
}

void BM_Fold(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& d : corpus()) {
      auto f = vigie::analysis::fold(d.text);
      benchmark::DoNotOptimize(f.text.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * corpus_bytes());
}

void BM_Sentences(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& d : corpus()) {
      for (const auto& b : d.blocks) {
        n += vigie::analysis::split_sentences(d.text_of(b.span)).size();
      }
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * corpus_bytes());
}

// Normalise + segment + outline + classify: the part of the stage every document needs.
void BM_NormaliseSegmentOutlineClassify(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& d : corpus()) {
      vigie::analysis::AnalyzedDocument a;
      a.document = d;
      a.folded = vigie::analysis::fold(a.document.text);
      vigie::analysis::detail::segment(a);
      vigie::analysis::detail::build_outline(a);
      a.kind = vigie::analysis::detail::classify(a);
      benchmark::DoNotOptimize(a.kind.confidence);
    }
  }
  state.SetBytesProcessed(state.iterations() * corpus_bytes());
}

// The whole stage: the above plus tender metadata and participation relevance.
void BM_Analyze(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& d : corpus()) {
      auto a = vigie::analysis::analyze(d);  // copies the document, as a pipeline would move it
      benchmark::DoNotOptimize(a.sections.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * corpus_bytes());
}

BENCHMARK(BM_Fold)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sentences)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NormaliseSegmentOutlineClassify)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analyze)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: analysis_bench DIR [--benchmark_* flags]\n");
    return 2;
  }
  for (auto& loaded : vigie::bench::load_documents(argv[1])) {
    corpus().push_back(std::move(loaded.document));
  }
  if (corpus().empty()) {
    std::fprintf(stderr, "analysis_bench: no readable document in %s\n", argv[1]);
    return 2;
  }
  std::fprintf(stderr, "analysis_bench: %zu documents, %.1f MB of text\n", corpus().size(),
               static_cast<double>(corpus_bytes()) / 1e6);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
