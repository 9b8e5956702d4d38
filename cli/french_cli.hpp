#pragma once

// CLI11 in French: help labels and layout, one French line per parse error, and the rule
// that an option taking several values takes one per occurrence (repeatable).

#include <CLI/CLI.hpp>

namespace vigie::cli {

// Applies to `app` and every subcommand registered so far (call it after the register_*
// functions): French formatter, help flag and group names; every non-positional option that
// takes several values takes exactly one per occurrence, so `--rules a --rules b FILE`
// leaves FILE to the positional arguments.
void make_french(CLI::App& app);

// Prints `error` as one French line naming the option or argument, then
// "Voir « vigie COMMANDE --help ».", on stderr. Returns the exit status (2).
int report_parse_error(const CLI::App& app, const CLI::ParseError& error);

}  // namespace vigie::cli
