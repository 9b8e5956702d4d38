#include "vigie/analysis/text_tools.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace vigie::analysis {
namespace {

constexpr std::size_t k_words_before = 6;
constexpr std::size_t k_words_after = 8;

bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80;
}

// A clause ends at these; negation does not reach past them.
bool barrier(char c) {
  return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '\n';
}

template <std::size_t N>
bool one_of(std::string_view w, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// Words that negate on their own when they come shortly before the mention.
constexpr std::array<std::string_view, 8> k_strong = {"aucun", "aucune", "nul",    "nulle",
                                                      "sans",  "ni",     "jamais", "pas"};
constexpr std::size_t k_strong_reach = 4;
// Second halves of "ne … pas".
constexpr std::array<std::string_view, 10> k_second = {
    "pas", "plus", "jamais", "point", "aucun", "aucune", "guere", "rien", "nullement", "personne"};

bool is_ne(std::string_view w) { return w == "ne" || w == "n'"; }

// Conjunctions opening a condition: a negation after them states a hypothesis ("s'il estime
// que la concertation ne peut plus se dérouler sincèrement, il en avertit …"), not a denial.
bool is_conditional(std::string_view w) {
  return w == "si" || w == "s'" || w == "lorsque" || w == "lorsqu'" || w == "quand" || w == "sauf";
}

// Words of [from, to), each with an apostrophe kept on its first part ("n'", "est"). Stops at
// a barrier: going backwards (reverse = true) the words nearest `to` come first.
std::vector<std::string_view> words(std::string_view text, std::size_t from, std::size_t to,
                                    bool reverse, std::size_t limit) {
  std::vector<std::string_view> out;
  if (reverse) {
    std::size_t i = to;
    while (i > from && out.size() < limit) {
      const char c = text[i - 1];
      if (barrier(c)) {
        break;
      }
      if (!word_byte(c) && c != '\'') {
        --i;
        continue;
      }
      std::size_t end = i;
      if (c == '\'') {
        --i;  // the apostrophe belongs to the word before it
      }
      while (i > from && word_byte(text[i - 1])) {
        --i;
      }
      out.push_back(text.substr(i, end - i));
    }
    return out;
  }
  std::size_t i = from;
  while (i < to && out.size() < limit) {
    const char c = text[i];
    if (barrier(c)) {
      break;
    }
    if (!word_byte(c)) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < to && word_byte(text[i])) {
      ++i;
    }
    if (i < to && text[i] == '\'') {
      ++i;
    }
    out.push_back(text.substr(start, i - start));
  }
  return out;
}

// "aucun indicateur n'est prévu pour mesurer …": the subject is denied, and with it every
// complement of its clause. How far back such a subject is looked for.
constexpr std::size_t k_subject_reach = 12;
// Words after the mention that deny it: "… est exclue", "… sans objet".
constexpr std::array<std::string_view, 4> k_excluded = {"exclu", "exclue", "exclus", "exclues"};

// The span of `w` (a view into `text`).
Span span_of(std::string_view text, std::string_view w) {
  const auto b = static_cast<std::size_t>(w.data() - text.data());
  return {b, b + w.size()};
}

Span join(Span a, Span b) { return {std::min(a.begin, b.begin), std::max(a.end, b.end)}; }

}  // namespace

std::optional<Span> negation_of(std::string_view text, std::size_t begin, std::size_t end,
                                std::size_t sentence_begin, std::size_t sentence_end) {
  const auto before = words(text, sentence_begin, begin, true, k_subject_reach);
  const auto after = words(text, end, sentence_end, false, k_words_after);
  // Whether a condition opens the clause before word i of `before` (further from the mention).
  const auto conditional_from = [&](std::size_t i) {
    return std::any_of(before.begin() + static_cast<std::ptrdiff_t>(std::min(i, before.size())),
                       before.end(), is_conditional);
  };
  // "aucune restitution", "sans restitution", "pas de restitution".
  for (std::size_t i = 0; i < before.size() && i < k_strong_reach; ++i) {
    if (one_of(before[i], k_strong) && !conditional_from(i + 1)) {
      return span_of(text, before[i]);
    }
  }
  // "ne prévoit pas de restitution": "ne … pas" before the mention.
  for (std::size_t i = 0; i < before.size() && i < k_words_before; ++i) {
    if (!is_ne(before[i]) || conditional_from(i + 1)) {
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (one_of(before[j], k_second)) {
        return join(span_of(text, before[i]), span_of(text, before[j]));
      }
    }
  }
  // "ne répond plus aux besoins": "ne" just before the mention, its second half just after.
  if (!before.empty() && is_ne(before[0])) {
    const auto next = words(text, begin, sentence_end, false, 3);
    for (std::size_t j = 0; j < next.size(); ++j) {
      if (one_of(next[j], k_second)) {
        return join(span_of(text, before[0]), span_of(text, next[j]));
      }
    }
  }
  // "aucun indicateur n'est prévu pour mesurer la participation": a denied subject ("aucun",
  // "nul") with its "ne" between it and the mention, in the same clause.
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i] != "aucun" && before[i] != "aucune" && before[i] != "nul" &&
        before[i] != "nulle") {
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (is_ne(before[j])) {
        return join(span_of(text, before[i]), span_of(text, before[j]));
      }
    }
  }
  // "la restitution n'est pas prévue", "… ne sera jamais publié", inside the mention itself
  // when a pattern spans the verb ("restitution … prévue").
  auto rest = words(text, begin, end, false, 64);
  // A new clause after the mention ends the reach: "ce qui est soumis à la discussion et ce
  // qui ne l'est pas", "… mais le tracé n'est pas discuté".
  for (const auto w : after) {
    if (w == "ce" || w == "mais" || w == "tandis" || w == "cependant" || w == "toutefois" ||
        w == "sauf") {
      break;
    }
    rest.push_back(w);
  }
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (one_of(rest[i], k_excluded) && i > 0 &&
        (rest[i - 1] == "est" || rest[i - 1] == "sont" || rest[i - 1] == "sera" ||
         rest[i - 1] == "seront" || rest[i - 1] == "reste" || rest[i - 1] == "restent")) {
      return join(span_of(text, rest[i - 1]), span_of(text, rest[i]));  // "… est exclue"
    }
    if (rest[i] == "sans" && i + 1 < rest.size() && rest[i + 1] == "objet") {
      return join(span_of(text, rest[i]), span_of(text, rest[i + 1]));
    }
    if (rest[i] == "titre" && i + 1 < rest.size()) {
      // "… à titre (purement) informatif": given, but binding nobody.
      const std::size_t k =
          rest[i + 1] == "purement" || rest[i + 1] == "simplement" ? i + 2 : i + 1;
      if (k < rest.size() && (rest[k] == "informatif" || rest[k] == "informative")) {
        return join(span_of(text, rest[i]), span_of(text, rest[k]));
      }
    }
    if (!is_ne(rest[i]) || conditional_from(0) ||
        std::any_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(i), is_conditional)) {
      continue;
    }
    for (std::size_t j = i + 1; j < rest.size() && j <= i + 3; ++j) {
      if (one_of(rest[j], k_second)) {
        return join(span_of(text, rest[i]), span_of(text, rest[j]));
      }
    }
  }
  return std::nullopt;
}

bool is_negated(std::string_view text, std::size_t begin, std::size_t end,
                std::size_t sentence_begin, std::size_t sentence_end) {
  return negation_of(text, begin, end, sentence_begin, sentence_end).has_value();
}

}  // namespace vigie::analysis
