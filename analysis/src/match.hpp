#pragma once

// Phrase search in folded text, private to the analysis stage.

#include <algorithm>
#include <bitset>
#include <cstring>
#include <string_view>
#include <vector>

#include "vigie/analysis/normalize.hpp"
#include "vigie/base/hash.hpp"

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

}  // namespace vigie::analysis::detail

namespace vigie::analysis::detail {

// A fixed set of folded phrases searched together in one pass over the words of the text:
// each word is looked up among the phrases' first words, and only then are the phrases
// starting with it compared. Phrases ending with '*' match any word ending.
class PhraseSet {
 public:
  explicit PhraseSet(std::vector<std::string_view> phrases) : m_phrases(std::move(phrases)) {
    std::size_t size = 16;
    while (size < 4 * m_phrases.size()) {
      size *= 2;
    }
    m_table.assign(size, -1);
    for (std::size_t i = 0; i < m_phrases.size(); ++i) {
      const std::string_view p = m_phrases[i];
      std::size_t e = 0;
      while (e < p.size() && is_word_byte(p[e])) {
        ++e;
      }
      const std::string_view first = p.substr(0, e);
      if (e + 1 == p.size() && p[e] == '*') {
        // One open-ended word ("atelier*"): found by the beginning of the text's words.
        add_stem(first, i);
        continue;
      }
      int g = find_group(first);
      if (g < 0) {
        g = static_cast<int>(m_groups.size());
        m_groups.push_back(Group{first, {}});
        std::size_t h = hash(first) & (m_table.size() - 1);
        while (m_table[h] >= 0) {
          h = (h + 1) & (m_table.size() - 1);
        }
        m_table[h] = g;
      }
      m_groups[static_cast<std::size_t>(g)].members.push_back(i);
    }
  }

  [[nodiscard]] std::size_t size() const { return m_phrases.size(); }
  [[nodiscard]] std::string_view phrase(std::size_t i) const { return m_phrases[i]; }

  // Every occurrence of every phrase (at most `max_per_phrase` each), in text order.
  [[nodiscard]] std::vector<std::vector<std::size_t>> all_hits(std::string_view text,
                                                               std::size_t max_per_phrase) const {
    std::vector<std::vector<std::size_t>> hits(m_phrases.size());
    scan(text, [&](std::size_t m, std::size_t at) {
      if (hits[m].size() < max_per_phrase) {
        hits[m].push_back(at);
      }
    });
    return hits;
  }

  // The first occurrence of each phrase, npos when absent.
  [[nodiscard]] std::vector<std::size_t> first_hits(std::string_view text) const {
    std::vector<std::size_t> hits(m_phrases.size(), std::string_view::npos);
    scan(text, [&](std::size_t m, std::size_t at) {
      if (hits[m] == std::string_view::npos) {
        hits[m] = at;
      }
    });
    return hits;
  }

 private:
  struct Group {
    std::string_view first;
    std::vector<std::size_t> members;
  };

  static std::size_t hash(std::string_view w) { return static_cast<std::size_t>(base::fnv1a(w)); }

  [[nodiscard]] int find_group(std::string_view word) const {
    std::size_t h = hash(word) & (m_table.size() - 1);
    while (m_table[h] >= 0) {
      if (m_groups[static_cast<std::size_t>(m_table[h])].first == word) {
        return m_table[h];
      }
      h = (h + 1) & (m_table.size() - 1);
    }
    return -1;
  }

  void add_stem(std::string_view stem, std::size_t phrase) {
    for (auto& s : m_stems) {
      if (s.first == stem) {
        s.members.push_back(phrase);
        return;
      }
    }
    m_stems.push_back(Group{stem, {phrase}});
    m_stem_first.set(static_cast<unsigned char>(stem.front()));
  }

  template <typename Hit>
  void scan(std::string_view text, Hit&& hit) const {
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
      if (!is_word_byte(text[i])) {
        ++i;
        continue;
      }
      std::size_t e = i + 1;
      while (e < n && is_word_byte(text[e])) {
        ++e;
      }
      const int g = find_group(text.substr(i, e - i));
      if (g >= 0) {
        for (const std::size_t m : m_groups[static_cast<std::size_t>(g)].members) {
          std::string_view p = m_phrases[m];
          const bool open_end = !p.empty() && p.back() == '*';
          if (open_end) {
            p.remove_suffix(1);
          }
          if (text.compare(i, p.size(), p) != 0) {
            continue;
          }
          const std::size_t end = i + p.size();
          if (!open_end && end < n && is_word_byte(text[end]) && is_word_byte(p.back())) {
            continue;
          }
          hit(m, i);
        }
      }
      if (!m_stems.empty() && m_stem_first[static_cast<unsigned char>(text[i])]) {
        const std::string_view word = text.substr(i, e - i);
        for (const auto& s : m_stems) {
          if (word.starts_with(s.first)) {
            for (const std::size_t m : s.members) {
              hit(m, i);
            }
          }
        }
      }
      i = e;
    }
  }

  std::vector<std::string_view> m_phrases;
  std::vector<Group> m_groups;
  std::vector<Group> m_stems;  // one-word open-ended phrases, by their beginning
  std::bitset<256> m_stem_first;
  std::vector<int> m_table;  // open addressing: group index or -1
};

}  // namespace vigie::analysis::detail
