#pragma once

// Where the cli writes: data on stdout, diagnostics on stderr, in French.

#include <string>
#include <string_view>
#include <vector>

#include "vigie/ingest/document.hpp"

namespace vigie::cli {

// Exit statuses (docs/ARCHITECTURE.md).
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;
inline constexpr int k_exit_error = 2;

// True when stderr (stdout) is a terminal and NO_COLOR is unset.
bool stderr_colors();
bool stdout_colors();

// Text given as pieces alternating plain and matched words (plain first), the matched words
// marked: bold underlined on a terminal (`colors`), else between "[[" and "]]".
std::string mark_matches(const std::vector<std::string>& pieces, bool colors);

void print_error(std::string_view message);    // "vigie : erreur : ..."
void print_warning(std::string_view message);  // "vigie : avertissement : ..."
void print_note(std::string_view message);     // "vigie : note : ..."

// The diagnostics of a document that was read, each line naming the file.
void print_diagnostics(const ingest::Document& document);

}  // namespace vigie::cli
