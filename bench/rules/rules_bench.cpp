// Rules throughput (Google Benchmark) on the documents of a folder, extracted and analysed
// once before timing:
//   - the scanner alone (every pattern of the default rules over the folded text),
//   - the same with ten times more patterns (synthetic rules built from the corpus's words),
//   - the whole check (scan, verdicts, findings, level) per document,
//   - one document end to end (extract, analyse, check), by default the one with most pages.
// Bytes are bytes of folded text.
//
//   rules_bench DIR [--benchmark_* flags]
//   rules_bench DIR --costs [anchors] [N]  (the 25 (or N) patterns that cost the most verification
//   time,
//                                       or that have the most anchors found)
//   rules_bench DIR --export OUT   (writes OUT/folded/*.txt, the folded text of each
//                                   document, and OUT/patterns.ere, every default pattern as
//                                   a grep -E expression, for bench/rules_vs_grep.sh)
//
// DIR is typically a generated corpus (vigie-docgen corpus 1 100 DIR 2 40), with a 100-page
// document beside it for the end-to-end measure.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench_corpus.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/ingest/extract.hpp"
#include "vigie/rules/engine.hpp"

namespace {

using vigie::rules::Engine;

struct Corpus {
  std::vector<vigie::analysis::AnalyzedDocument> docs;
  std::int64_t folded_bytes = 0;
  std::filesystem::path largest;  // the file with most pages
  int largest_pages = 0;
};

Corpus& corpus() {
  static Corpus c;
  return c;
}

Engine compile_or_die(vigie::rules::RuleSet set) {
  auto compiled = Engine::compile(std::move(set));
  if (!compiled.ok()) {
    for (const auto& e : compiled.error()) {
      std::fprintf(stderr, "%s\n", e.text().c_str());
    }
    std::exit(2);
  }
  return std::move(compiled).value();
}

vigie::rules::RuleSet default_rules() {
  vigie::rules::RuleSet set;
  std::vector<vigie::rules::LoadError> errors;
  vigie::rules::load_builtin_rules({}, set, errors);
  return set;
}

const Engine& default_engine() {
  static const Engine e = compile_or_die(default_rules());
  return e;
}

// The default rules plus synthetic flag rules, until there are ten times as many patterns.
// The added patterns are built like real rule phrases (two-word phrases, stems with
// alternatives, gaps, optional words) from words as selective as a rule's: words of five
// letters or more that occur at most twice in the corpus, completed by invented words.
const Engine& scaled_engine() {
  static const Engine e = [] {
    const std::size_t target = default_engine().pattern_count() * 10;
    std::map<std::string, int> counts;
    for (const auto& d : corpus().docs) {
      const std::string& t = d.folded.text;
      std::size_t i = 0;
      while (i < t.size()) {
        std::size_t j = i;
        while (j < t.size() && t[j] >= 'a' && t[j] <= 'z') {
          ++j;
        }
        if (j - i >= 5) {
          ++counts[t.substr(i, j - i)];
        }
        i = j + 1;
      }
    }
    std::vector<std::string> w;
    for (const auto& [word, n] : counts) {
      if (n <= 2) {
        w.push_back(word);
      }
    }
    static constexpr std::array<std::string_view, 16> k_syllables = {
        "ba",  "cor",  "dri", "fen", "gal", "lum", "mar", "nov",
        "pla", "ques", "ren", "sol", "tra", "vel", "zor", "chan"};
    for (std::size_t i = 0; w.size() < 400; ++i) {
      w.push_back(std::string(k_syllables[i % 16]) + std::string(k_syllables[(i / 16) % 16]) +
                  std::string(k_syllables[(i / 256) % 16]) + "e");
    }
    std::string yaml = "ruleset: synthetic\nrules:\n";
    std::size_t patterns = default_engine().pattern_count();
    std::set<std::string> seen;
    const std::size_t n = w.size();
    for (std::size_t r = 0; patterns < target && r < 100000; ++r) {
      const auto word = [&](std::size_t k) { return w[(r + k * 131) % n]; };
      const auto other = [&](std::size_t k) { return w[(r / n * 7 + r + k * 37 + 1) % n]; };
      yaml += "  - id: synthetic.r" + std::to_string(r) +
              "\n    title: t\n    severity: suggestion\n    type: flag\n    message: m\n"
              "    rationale: r\n    advice: a\n    patterns:\n";
      for (const auto& p : {word(0) + " " + other(0),
                            word(1).substr(0, 5) + "* (" + other(1) + "|" + other(2) + ")",
                            word(2) + " ... " + other(3), word(3) + " [de la] " + other(4),
                            word(4) + " " + other(5) + " " + other(6)}) {
        yaml += "      - \"" + p + "\"\n";
        patterns += seen.insert(p).second ? 1U : 0U;  // distinct patterns only
      }
      yaml +=
          "    examples: {match: [\"" + word(0) + " " + other(0) + "\"], no_match: [\"rien\"]}\n";
    }
    auto set = default_rules();
    std::vector<vigie::rules::LoadError> errors;
    vigie::rules::load_rules(yaml, "synthetic.yaml", set, errors);
    for (const auto& err : errors) {
      std::fprintf(stderr, "%s\n", err.text().c_str());
    }
    return compile_or_die(std::move(set));
  }();
  return e;
}

void scan(benchmark::State& state, const Engine& engine) {
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& d : corpus().docs) {
      n += engine.scan_count(d.folded.text).value();
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * corpus().folded_bytes);
  state.counters["patterns"] = static_cast<double>(engine.pattern_count());
}

void BM_ScanDefaultRules(benchmark::State& state) { scan(state, default_engine()); }
void BM_ScanTenTimesThePatterns(benchmark::State& state) { scan(state, scaled_engine()); }

void BM_CheckDefaultRules(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& d : corpus().docs) {
      n += default_engine().check(d).value().findings.size();
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * corpus().folded_bytes);
}

// Reading the file, analysing it and checking it, as `vigie check` does for one document.
void BM_CheckLargestDocumentEndToEnd(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = vigie::ingest::extract_file(corpus().largest, {});
    auto a = vigie::analysis::analyze(std::move(doc.value()));
    auto report = default_engine().check(a).value();
    benchmark::DoNotOptimize(report.verdicts.data());
  }
  state.counters["pages"] = corpus().largest_pages;
}

BENCHMARK(BM_ScanDefaultRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScanTenTimesThePatterns)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckDefaultRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckLargestDocumentEndToEnd)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: rules_bench DIR [--benchmark_* flags]\n");
    return 2;
  }
  auto& c = corpus();
  for (auto& loaded : vigie::bench::load_documents(argv[1])) {
    const int pages = static_cast<int>(loaded.document.pages.size());
    if (pages > c.largest_pages) {
      c.largest_pages = pages;
      c.largest = loaded.path;
    }
    c.docs.push_back(vigie::analysis::analyze(std::move(loaded.document)));
    c.folded_bytes += static_cast<std::int64_t>(c.docs.back().folded.text.size());
  }
  if (c.docs.empty()) {
    std::fprintf(stderr, "rules_bench: no readable document in %s\n", argv[1]);
    return 2;
  }
  if (argc >= 4 && std::string(argv[2]) == "--export") {
    const std::filesystem::path out = argv[3];
    std::filesystem::create_directories(out / "folded");
    for (std::size_t i = 0; i < c.docs.size(); ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "%06zu.txt", i);
      std::ofstream(out / "folded" / name, std::ios::binary) << c.docs[i].folded.text;
    }
    std::ofstream ere(out / "patterns.ere", std::ios::binary);
    for (const auto& r : default_engine().pattern_regexes()) {
      ere << r << '\n';
    }
    std::fprintf(stderr, "rules_bench: %zu folded texts (%.1f MB) and %zu patterns in %s\n",
                 c.docs.size(), static_cast<double>(c.folded_bytes) / 1e6,
                 default_engine().pattern_count(), out.c_str());
    return 0;
  }
  if (argc >= 3 && std::string(argv[2]) == "--costs") {
    // The patterns that cost the most verification time over the corpus, for rule authors.
    std::map<std::string, vigie::rules::Engine::PatternCost> total;
    for (const auto& d : c.docs) {
      const auto costs = default_engine().pattern_costs(d.folded.text).value();
      for (const auto& pc : costs) {
        auto& t = total[pc.pattern];
        t.pattern = pc.pattern;
        t.anchor = pc.anchor;
        t.anchors += pc.anchors;
        t.matches += pc.matches;
        t.seconds += pc.seconds;
      }
    }
    std::vector<vigie::rules::Engine::PatternCost> list;
    for (auto& [text, pc] : total) {
      list.push_back(pc);
    }
    // "--costs anchors": by anchors found instead of time (what the Hyperscan pass reports).
    const bool by_anchors = argc >= 4 && std::string(argv[3]) == "anchors";
    std::sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
      return by_anchors ? a.anchors > b.anchors : a.seconds > b.seconds;
    });
    std::printf("%10s %9s %8s  pattern\n", "ms", "anchors", "matches");
    // A last argument that is a number: how many patterns to list (25 by default).
    std::size_t shown = 25;
    if (argc >= 4 && std::isdigit(static_cast<unsigned char>(argv[argc - 1][0])) != 0) {
      shown = std::stoul(argv[argc - 1]);
    }
    for (std::size_t i = 0; i < list.size() && i < shown; ++i) {
      std::printf("%10.2f %9zu %8zu  %s\n%30s anchored on %s\n", list[i].seconds * 1e3,
                  list[i].anchors, list[i].matches, list[i].pattern.c_str(), "",
                  list[i].anchor.c_str());
    }
    return 0;
  }
  std::fprintf(
      stderr, "rules_bench: %zu documents, %.1f MB of folded text; largest: %s (%d pages)\n",
      c.docs.size(), static_cast<double>(c.folded_bytes) / 1e6, c.largest.c_str(), c.largest_pages);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
