// libFuzzer harness: the rule loader on arbitrary YAML text, after the shared vocabulary (as
// a user ruleset is loaded); a ruleset read without error is compiled too (small ones only:
// compiling is slow).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/rules/engine.hpp"
#include "vigie/rules/rule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  static const vigie::rules::RuleSet common = [] {
    vigie::rules::RuleSet set;
    std::vector<vigie::rules::LoadError> ignored;
    vigie::rules::load_rules(*vigie::rules::builtin_ruleset_text("common"), "rulesets/common.yaml",
                             set, ignored);
    return set;
  }();
  vigie::rules::RuleSet rules = common;
  std::vector<vigie::rules::LoadError> errors;
  const std::size_t before = rules.rules.size();
  vigie::rules::load_rules(yaml, "fuzz.yaml", rules, errors);
  if (errors.empty() && rules.rules.size() - before <= 4) {
    auto engine = vigie::rules::Engine::compile(std::move(rules));
    (void)engine.ok();
  }
  return 0;
}
