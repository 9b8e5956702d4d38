#pragma once

// Turning --rules values and vigie.toml files into what the rules stage takes: a compiled
// Engine and a Policy. Errors are printed (file:line:column) and reported as nullopt.

#include <optional>
#include <string>
#include <vector>

#include "vigie/rules/engine.hpp"

namespace vigie::cli {

// Each value is a built-in ruleset name ("participation"), "default" (every built-in
// ruleset), a YAML file or a directory of YAML files. No value: every built-in ruleset.
// Later files override rules of the same id.
std::optional<rules::Engine> load_engine(const std::vector<std::string>& selection);

// Reads a project configuration (vigie.toml) for the rules of `engine`. Unknown rule ids,
// unknown severities and waivers without a justification are errors naming file:line.
std::optional<rules::Policy> load_policy(const std::string& path, const rules::Engine& engine);

}  // namespace vigie::cli
