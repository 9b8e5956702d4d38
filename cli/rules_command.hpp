#pragma once

#include <CLI/CLI.hpp>

namespace vigie::cli {

// `vigie rules list|show|test`: what the rules are, and their examples run as tests.
void register_rules(CLI::App& app, int& status);

}  // namespace vigie::cli
