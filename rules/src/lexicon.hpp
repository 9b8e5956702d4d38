#pragma once

// The forms of French lemmas, for "<lemme>" in patterns: read from a Hunspell dictionary
// (Debian's hunspell-fr, from Grammalecte). libhunspell checks words and finds their stems
// but has no call that lists every form of a lemma (its generate() needs "is:" tags that the
// French dictionary puts on adjectives only, and suffix_suggest() leaves verbs out), so the
// forms are produced here from the dictionary entry and its suffix rules, then each form is
// kept only if libhunspell recognises it as a form of that lemma.
//
// The default rulesets' lemmas are expanded when vigie is built (lexicon_gen writes them into
// the binary): checking needs no dictionary at run time. Lemmas of a user's own rules are
// expanded from the installed dictionary when the rules are loaded.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::rules::detail {

class Lexicon {
 public:
  // The dictionary `path` + ".aff" / ".dic"; on failure, `error` says why (French).
  static std::unique_ptr<Lexicon> open(const std::string& path, std::string& error);
  ~Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // Every form of `lemma` (the lemma first, then sorted), as written in the dictionary;
  // empty when the dictionary has no such entry. With `conjugated_only`, a verb's finite
  // forms only: no infinitive, no participle ("réclament", not "réclamé" nor "réclamer").
  [[nodiscard]] std::vector<std::string> forms(std::string_view lemma,
                                               bool conjugated_only = false) const;

 private:
  struct Impl;
  explicit Lexicon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// The installed French dictionary: $VIGIE_HUNSPELL_DICT, else /usr/share/hunspell/fr_FR.
[[nodiscard]] std::string default_dictionary_path();

// The forms of `lemma` ("réclamer", or "réclamer:conj" for its finite forms only): from the
// table built into the binary, else from the installed dictionary (opened once). Empty with
// `error` set when neither knows it.
[[nodiscard]] std::vector<std::string> lemma_forms(std::string_view lemma, std::string& error);

}  // namespace vigie::rules::detail
