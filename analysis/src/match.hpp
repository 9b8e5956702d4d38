#pragma once

// Phrase search in folded text, private to the analysis stage.

#include <cstring>
#include <string_view>
#include <vector>

#include "vigie/analysis/normalize.hpp"

namespace vigie::analysis::detail {

// Where `phrase` occurs in `text` at or after `from`, starting and ending on word
// boundaries; npos when it does not. A phrase ending with '*' matches any word ending
// ("particip*" matches "participation", "participative").
inline std::size_t find_phrase(std::string_view text, std::string_view phrase,
                               std::size_t from = 0) {
  bool open_end = false;
  if (!phrase.empty() && phrase.back() == '*') {
    open_end = true;
    phrase.remove_suffix(1);
  }
  if (phrase.empty()) {
    return std::string_view::npos;
  }
  while (from < text.size()) {
    const void* hit = memmem(text.data() + from, text.size() - from, phrase.data(), phrase.size());
    if (hit == nullptr) {
      return std::string_view::npos;
    }
    const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
    const std::size_t end = at + phrase.size();
    const bool starts = at == 0 || !is_word_byte(text[at - 1]) || !is_word_byte(phrase.front());
    const bool ends =
        open_end || end >= text.size() || !is_word_byte(text[end]) || !is_word_byte(phrase.back());
    if (starts && ends) {
      return at;
    }
    from = at + 1;
  }
  return std::string_view::npos;
}

// The end of the word (or the open-ended phrase) found at `at`.
inline std::size_t phrase_end(std::string_view text, std::string_view phrase, std::size_t at) {
  if (!phrase.empty() && phrase.back() == '*') {
    std::size_t e = at + phrase.size() - 1;
    while (e < text.size() && is_word_byte(text[e])) {
      ++e;
    }
    return e;
  }
  return at + phrase.size();
}

// The line of folded text (between paragraph breaks '\n') around `at`.
inline std::pair<std::size_t, std::size_t> line_around(std::string_view text, std::size_t at) {
  std::size_t b = text.rfind('\n', at == 0 ? 0 : at - 1);
  b = b == std::string_view::npos ? 0 : b + 1;
  if (at == 0) {
    b = 0;
  }
  std::size_t e = text.find('\n', at);
  if (e == std::string_view::npos) {
    e = text.size();
  }
  return {b, e};
}

}  // namespace vigie::analysis::detail
