#pragma once

// Translation of a rule pattern, written in natural French, into a regular expression over
// folded text (analysis::fold). Syntax (docs/rules.md):
//   words            matched folded (case, accents, apostrophes), with their plural
//                    (words of 4 letters or more: -s, -x after -au/-eu, -aux for -al)
//   stem*            any word starting with the stem (at least 3 letters)
//   (a|b c|d)        alternatives
//   [de la]          optional words
//   ...              up to 5 words of any kind
//   {nombre} {annee} {pourcentage} {mois}
// A hyphen also matches a space or nothing ("co-construction", "coconstruction").

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace vigie::rules::detail {

struct PatternError {
  std::size_t offset = 0;  // byte offset in the pattern as written
  std::string message;     // French
};

// The regular expression (Hyperscan syntax, no flags needed but SOM) or the first error.
[[nodiscard]] std::variant<std::string, PatternError> pattern_to_regex(std::string_view pattern);

// Number of UTF-8 characters in the first `bytes` bytes of `text` (for error columns).
[[nodiscard]] int count_chars(std::string_view text, std::size_t bytes);

}  // namespace vigie::rules::detail
