// lemma_forms: the table lexicon_gen built from the default rulesets, else the installed
// dictionary.

#include <algorithm>
#include <array>
#include <mutex>

#include "lexicon.hpp"

namespace vigie::rules::detail {
namespace {

struct BuiltinLemma {
  std::string_view lemma;
  std::string_view forms;  // separated by '|'
};

#include "builtin_lexicon.inc"

}  // namespace

std::vector<std::string> lemma_forms(std::string_view lemma, std::string& error) {
  const auto it =
      std::lower_bound(k_builtin_lemmas.begin(), k_builtin_lemmas.end(), lemma,
                       [](const BuiltinLemma& e, std::string_view key) { return e.lemma < key; });
  std::vector<std::string> out;
  if (it != k_builtin_lemmas.end() && it->lemma == lemma) {
    std::string_view rest = it->forms;
    while (!rest.empty()) {
      const auto bar = rest.find('|');
      out.emplace_back(rest.substr(0, bar));
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
    return out;
  }
  static std::once_flag once;
  static std::unique_ptr<Lexicon> installed;
  static std::string open_error;
  std::call_once(once, [] { installed = Lexicon::open(default_dictionary_path(), open_error); });
  if (!installed) {
    error = "lemme « " + std::string(lemma) + " » : " + open_error;
    return out;
  }
  constexpr std::string_view k_conj = ":conj";
  const bool conj =
      lemma.size() > k_conj.size() && lemma.substr(lemma.size() - k_conj.size()) == k_conj;
  out = installed->forms(conj ? lemma.substr(0, lemma.size() - k_conj.size()) : lemma, conj);
  if (out.empty()) {
    error = "lemme « " + std::string(lemma) +
            " » absent du dictionnaire français (écrire l'infinitif d'un verbe, le masculin "
            "singulier d'un adjectif ou le singulier d'un nom)";
  }
  return out;
}

}  // namespace vigie::rules::detail
