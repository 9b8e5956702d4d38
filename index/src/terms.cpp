#include "terms.hpp"

#include <array>
#include <cstdio>
#include <vector>

#include "vigie/analysis/normalize.hpp"
#include "vigie/base/hash.hpp"

namespace vigie::index::detail {

std::string prepare(std::string_view folded) {
  std::string out(folded);
  for (char& c : out) {
    if (c == '\'') {
      c = ' ';  // "l'habitant" → "l habitant": the article is a stop word, the noun a term
    }
  }
  return out;
}

std::string fold_and_prepare(std::string_view text) { return prepare(analysis::fold_string(text)); }

const Xapian::Stem& french_stemmer() {
  static const Xapian::Stem stem("french");
  return stem;
}

const Xapian::Stopper& french_stopper() {
  // Folded forms (no accents): articles, pronouns, prepositions, conjunctions, the commonest
  // auxiliaries; the single letters left by elisions.
  static constexpr std::array k_words = {
      "a",     "au",    "aux",   "avec",  "ce",   "ces",  "c",    "d",     "dans",   "de",
      "des",   "du",    "elle",  "elles", "en",   "est",  "et",   "eux",   "il",     "ils",
      "j",     "je",    "l",     "la",    "le",   "les",  "leur", "leurs", "lui",    "m",
      "ma",    "mais",  "me",    "meme",  "mes",  "moi",  "mon",  "n",     "ne",     "nos",
      "notre", "nous",  "on",    "ou",    "par",  "pas",  "pour", "qu",    "que",    "qui",
      "s",     "sa",    "se",    "ses",   "son",  "sont", "sur",  "t",     "ta",     "te",
      "tes",   "toi",   "ton",   "tu",    "un",   "une",  "vos",  "votre", "vous",   "y",
      "ete",   "etre",  "cette", "cet",   "sans", "sous", "ni",   "si",    "lorsqu", "puisqu",
      "jusqu", "quoiqu"};
  static const Xapian::SimpleStopper stopper(k_words.begin(), k_words.end());
  return stopper;
}

std::string exact_term(std::string_view prefix, std::string_view value) {
  return std::string(prefix) + analysis::fold_string(value);
}

std::vector<std::string> field_terms(std::string_view prefix, std::string_view text) {
  std::vector<std::string> out;
  const std::string t = fold_and_prepare(text);
  for_each_word(t, [&](std::size_t b, std::size_t e) {
    const std::string word = t.substr(b, e - b);
    if (!french_stopper()(word)) {
      out.push_back(std::string(prefix) + word);
    }
  });
  return out;
}

std::string stemmed_term(std::string_view word) {
  std::string term(1, 'Z');
  term += french_stemmer()(std::string(word));
  return term;
}

std::string path_key(std::string_view path) {
  const std::uint64_t h = base::fnv1a(path);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(k_path) + buf;
}

}  // namespace vigie::index::detail
