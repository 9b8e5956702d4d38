#pragma once

// Rule patterns, written in natural French, compiled into a small matcher over folded text
// (analysis::fold). Syntax (docs/rules.md):
//   words            matched folded (case, accents, apostrophes), with their plural
//                    (words of 4 letters or more: -s, -x after -au/-eu, -aux for -al)
//   stem*            any word starting with the stem (at least 3 letters)
//   (a|b c|d)        alternatives
//   [de la]          optional words
//   ...  ...N        up to 5 (or N, 1 to 9) words of any kind, within one sentence
//   {nombre} {annee} {pourcentage} {mois}
//   @name            any pattern of the word class `name` (a vocabulary list)
//   <lemme>          every inflected form of a French lemma (Hunspell dictionary)
// A hyphen also matches a space or nothing ("co-construction", "coconstruction"); an
// apostrophe may be followed by a space.
//
// Each pattern also gives its anchors: literals one of which every match contains. The
// engine finds all anchors of all patterns in one Hyperscan pass, then runs the matchers
// only around the anchors found.

#include <bitset>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vigie::rules::detail {

struct PatternError {
  std::size_t offset = 0;  // byte offset in the pattern as written
  std::string message;     // French
};

struct Node;

class CompiledPattern {
 public:
  CompiledPattern(std::shared_ptr<const Node> root, std::vector<std::string> anchors,
                  int words_before_anchor, bool anchor_starts_word, bool anchor_ends_word);

  // The literals one of which every match contains (folded bytes).
  [[nodiscard]] const std::vector<std::string>& anchors() const { return m_anchors; }
  // How many words a match may hold before the word where its anchor is.
  [[nodiscard]] int words_before_anchor() const { return m_words_before; }
  // Whether a match may start with byte `c`.
  [[nodiscard]] bool may_start_with(char c) const { return m_first[static_cast<unsigned char>(c)]; }
  // True when every anchor begins a word of the pattern: an anchor found inside a word of
  // the text ("vue" in "prévue") cannot be part of a match.
  [[nodiscard]] bool anchor_starts_word() const { return m_starts_word; }
  // True when every anchor is a whole word of the pattern, or the singular of one: an anchor
  // followed by more letters than a plural's "s" or "x" ("pres" in "prestations") cannot be
  // part of a match.
  [[nodiscard]] bool anchor_ends_word() const { return m_ends_word; }

  // A second set of literals one of which every match also holds, in the same sentence,
  // before the anchor (`second_before`) or after it: the other side of a gap. The engine
  // verifies an anchor only when such a literal is found there ("@collectif ...8 @avis" is
  // tried from an opinion verb only when a collective subject precedes it in the sentence).
  // Empty when the pattern has none worth checking.
  [[nodiscard]] const std::vector<std::string>& second_anchors() const { return m_second; }
  [[nodiscard]] bool second_before() const { return m_second_before; }
  [[nodiscard]] bool second_starts_word() const { return m_second_starts_word; }
  [[nodiscard]] bool second_ends_word() const { return m_second_ends_word; }
  void set_second(std::vector<std::string> literals, bool before, bool starts_word,
                  bool ends_word) {
    m_second = std::move(literals);
    m_second_before = before;
    m_second_starts_word = starts_word;
    m_second_ends_word = ends_word;
  }

  // The pattern as a POSIX extended regular expression with GNU word boundaries (`\<`,
  // `\>`), over the same folded text: what `grep -E` would need to find the same passages
  // (benchmarks compare the two). Plural endings, hyphen and apostrophe variants, gaps and
  // fields are spelled out.
  [[nodiscard]] std::string to_ere() const;

  // The ends of the matches that start exactly at `start` (ascending, no duplicates).
  void ends_from(std::string_view text, std::size_t start, std::vector<std::size_t>& out) const;

 private:
  std::shared_ptr<const Node> m_root;
  std::vector<std::string> m_anchors;
  int m_words_before = 0;
  bool m_starts_word = false;
  bool m_ends_word = false;
  std::bitset<256> m_first;
  std::vector<std::string> m_second;
  bool m_second_before = false;
  bool m_second_starts_word = false;
  bool m_second_ends_word = false;
};

// Word classes already parsed, shared by the patterns compiled with one context: a class of
// a thousand verb forms is folded once, not at every pattern citing it.
struct ClassCache;
[[nodiscard]] std::shared_ptr<ClassCache> make_class_cache();

// What a pattern may refer to beyond its own words.
struct PatternContext {
  // The patterns of the word class `name` ("@name"), or nullptr when there is none.
  std::function<const std::vector<std::string>*(std::string_view name)> word_class;
  // Every form of the lemma as written ("<réclamer>"); on failure, empty with `error` set.
  std::function<std::vector<std::string>(std::string_view lemma, std::string& error)> lemma_forms;
  std::shared_ptr<ClassCache> classes;  // optional
};

// The compiled pattern, or the first error found.
[[nodiscard]] std::variant<CompiledPattern, PatternError> compile_pattern(
    std::string_view pattern, const PatternContext& context = {});

// Number of UTF-8 characters in the first `bytes` bytes of `text` (for error columns).
[[nodiscard]] int count_chars(std::string_view text, std::size_t bytes);

}  // namespace vigie::rules::detail
