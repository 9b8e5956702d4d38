#pragma once

// The rules engine: every pattern of every loaded rule compiled into one multi-pattern
// scanner, so a document's folded text is read once whatever the number of rules.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/base/result.hpp"
#include "vigie/rules/error.hpp"
#include "vigie/rules/report.hpp"
#include "vigie/rules/rule.hpp"

namespace vigie::rules {

// A finding the user accepts, with why. `page` (0: any) and `text` (empty: any; compared
// folded with the finding's sentence) narrow which findings of the rule it covers.
struct Waiver {
  std::string rule_id;
  int page = 0;
  std::string text;
  std::string justification;
  std::string origin;  // "vigie.toml:12"
};

// What a project changes in the default behaviour (resolved by the cli from vigie.toml).
struct Policy {
  std::set<std::string, std::less<>> disabled;
  std::map<std::string, Severity, std::less<>> severity;
  std::vector<Waiver> waivers;
};

// The outcome of one rule example.
struct ExampleResult {
  std::string rule_id;
  std::string expectation;  // "match", "no_match", "contradicted"
  std::string text;
  bool passed = false;
  std::string got;  // French: what the rule gave instead
};

class Engine {
 public:
  // Compiles `rules` (patterns folded and checked). Returns the errors with file:line:column
  // when a pattern is malformed or can never match.
  static base::Result<Engine, std::vector<LoadError>> compile(RuleSet rules);

  [[nodiscard]] const RuleSet& rules() const;
  [[nodiscard]] std::size_t pattern_count() const;

  // Checks a document. Safe to call from several threads at once. Fails only when the
  // scanner cannot run (no memory for it, a Hyperscan failure).
  [[nodiscard]] Result<Report> check(const analysis::AnalyzedDocument& document,
                                     const Policy& policy = {}) const;

  // Runs the examples of every rule, or of rule `only` (each as a small document; scope
  // ignored, conditions kept).
  [[nodiscard]] Result<std::vector<ExampleResult>> run_examples(std::string_view only = {}) const;

  // Every distinct pattern as a POSIX extended regular expression over folded text (GNU
  // grep -E syntax), for comparisons with grep (bench/rules_vs_grep.sh).
  [[nodiscard]] std::vector<std::string> pattern_regexes() const;

  // Scans folded text only and returns the number of raw pattern matches (benchmarks).
  [[nodiscard]] Result<std::size_t> scan_count(std::string_view folded) const;

  // What each pattern costs on `folded` (rules_bench --costs): its anchors found, its
  // matches, the time spent verifying them.
  struct PatternCost {
    std::string pattern;  // as written (first rule citing it)
    std::string anchor;   // its anchor literals, the first few
    std::size_t anchors = 0;
    std::size_t matches = 0;
    double seconds = 0;
  };
  [[nodiscard]] Result<std::vector<PatternCost>> pattern_costs(std::string_view folded) const;

  struct Impl;  // defined in engine.cpp only

 private:
  explicit Engine(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> m_impl;
};

}  // namespace vigie::rules
