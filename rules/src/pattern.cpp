#include "pattern.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>

#include "vigie/analysis/normalize.hpp"

namespace vigie::rules::detail {

constexpr int k_gap_words = 5;

// The fields of the pattern language: {nombre}, {annee}, {pourcentage}, {mois}, {date}.
enum class Field { nombre, annee, pourcentage, mois, date };

struct Node {
  enum class Kind { word, seq, alt, optional, gap, field };
  Kind kind = Kind::seq;
  // word: folded bytes; '-' also matches a space or nothing, '\'' may be followed by a space.
  std::string body;
  bool stem = false;
  bool ending = false;  // "*iens": any word of 3 letters or more before this ending
  std::vector<std::string> suffixes{std::string()};  // plural endings accepted after `body`
  // seq, alt, optional
  std::vector<Node> children;
  Field field = Field::nombre;
  int gap_words = k_gap_words;  // gap: most words skipped
  // The bytes a match may start with, and whether it may match nothing: an alternative
  // tries only the branches that can start at the text's byte (a class of 80 words).
  std::bitset<256> first;
  bool may_be_empty = true;
  // alt of many branches (a word class, a lemma's forms): the branches that are plain words
  // indexed by their first two bytes, sorted by that key; `others` are the remaining
  // branches. An alternative of 1,300 verb forms then tries the few that start like the text.
  std::vector<std::pair<std::uint16_t, std::uint32_t>> by_two_bytes;
  std::vector<std::uint32_t> others;
  // Computed once, on first use: a word class is copied into every pattern citing it, and
  // walking its thousand forms again at each citation cost more than compiling them.
  mutable std::uint64_t fingerprint = 0;
  mutable int max_words = -1;
};

struct ClassCache {
  std::map<std::string, Node, std::less<>> parsed;
};

namespace {

// A non-owning reference to a callable taking an end position: continuations are passed
// down the recursion without allocating.
class Next {
 public:
  template <typename F>
  Next(const F& f)  // NOLINT(google-explicit-constructor)
      : m_object(&f),
        m_call([](const void* o, std::size_t e) { (*static_cast<const F*>(o))(e); }) {}
  void operator()(std::size_t e) const { m_call(m_object, e); }

 private:
  const void* m_object;
  void (*m_call)(const void*, std::size_t);
};

constexpr std::array<std::string_view, 12> k_months = {
    "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
    "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alpha(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool word_byte(std::string_view t, std::size_t p) {
  return p < t.size() && analysis::is_word_byte(t[p]);
}

// A word skipped by a gap may not end with these: a gap stays within one sentence.
bool ends_sentence(char c) { return c == '.' || c == '!' || c == '?' || c == ';'; }

// A match ending at `end` after a word character must end at a word boundary.
bool ends_word(std::string_view t, std::size_t end) {
  return end == 0 || !word_byte(t, end - 1) || !word_byte(t, end);
}

void match(const Node& n, std::string_view t, std::size_t p, const Next& next);

void match_body(const Node& n, std::string_view t, std::size_t i, std::size_t p, const Next& next) {
  if (n.ending) {
    std::size_t e = p;
    while (word_byte(t, e)) {
      ++e;
    }
    if (e - p >= n.body.size() + 3 && t.substr(e - n.body.size(), n.body.size()) == n.body) {
      next(e);
    }
    return;
  }
  while (i < n.body.size()) {
    const char c = n.body[i];
    if (c == '-') {
      // "co-construction", "co construction", "coconstruction"
      if (p < t.size() && (t[p] == '-' || t[p] == ' ')) {
        match_body(n, t, i + 1, p + 1, next);
      }
      ++i;
      continue;
    }
    if (p >= t.size() || t[p] != c) {
      return;
    }
    ++p;
    ++i;
    if (c == '\'' && p < t.size() && t[p] == ' ') {
      match_body(n, t, i, p + 1, next);  // "d' alerte"
    }
  }
  if (n.stem) {
    while (word_byte(t, p)) {
      ++p;
    }
    next(p);
    return;
  }
  for (const auto& s : n.suffixes) {
    if (t.substr(p, s.size()) == s && ends_word(t, p + s.size())) {
      next(p + s.size());
    }
  }
}

std::size_t digits(std::string_view t, std::size_t p) {
  while (p < t.size() && is_digit(t[p])) {
    ++p;
  }
  return p;
}

// [0-9]+ ([.,][0-9]+)*, or only one decimal part when `one_decimal`.
std::size_t number_end(std::string_view t, std::size_t p, bool one_decimal) {
  std::size_t e = digits(t, p);
  if (e == p) {
    return p;
  }
  // French thousands: "8 000", "1 250 000" (groups of three digits after a space).
  if (e - p <= 3) {
    while (e + 4 <= t.size() && t[e] == ' ' && is_digit(t[e + 1]) && is_digit(t[e + 2]) &&
           is_digit(t[e + 3]) && (e + 4 == t.size() || !is_digit(t[e + 4]))) {
      e += 4;
    }
  }
  for (int parts = 0; e + 1 < t.size() && (t[e] == '.' || t[e] == ',') && is_digit(t[e + 1]);
       ++parts) {
    if (one_decimal && parts == 1) {
      break;
    }
    e = digits(t, e + 1);
  }
  return e;
}

// "15/05/2026", "1.3.2027", "04-01-2027": day, month and a four-digit year; the end, or p.
std::size_t numeric_date_end(std::string_view t, std::size_t p) {
  std::size_t e = p;
  for (int part = 0; part < 2; ++part) {
    const std::size_t d = digits(t, e);
    if (d == e || d - e > 2 || d >= t.size() || (t[d] != '/' && t[d] != '.' && t[d] != '-')) {
      return p;
    }
    e = d + 1;
  }
  const std::size_t y = digits(t, e);
  if (y - e != 4 || !ends_word(t, y)) {
    return p;
  }
  return y;
}

void match_field(const Node& n, std::string_view t, std::size_t p, const Next& next) {
  switch (n.field) {
    case Field::nombre: {
      const std::size_t e = number_end(t, p, false);
      if (e > p && ends_word(t, e)) {
        next(e);
      }
      return;
    }
    case Field::annee:
      if (p + 4 <= t.size() && (t.substr(p, 2) == "19" || t.substr(p, 2) == "20") &&
          is_digit(t[p + 2]) && is_digit(t[p + 3]) && ends_word(t, p + 4)) {
        next(p + 4);
      }
      return;
    case Field::pourcentage: {
      std::size_t e = number_end(t, p, true);
      if (e == p) {
        return;
      }
      if (e < t.size() && t[e] == ' ') {
        ++e;
      }
      if (e < t.size() && t[e] == '%') {
        next(e + 1);
        return;
      }
      if (t.substr(e, 4) == "pour") {
        e += 4;
        if (e < t.size() && t[e] == ' ') {
          ++e;
        }
        if (t.substr(e, 4) == "cent") {
          e += 4;
          if (e < t.size() && t[e] == 's') {
            ++e;
          }
          if (ends_word(t, e)) {
            next(e);
          }
        }
      }
      return;
    }
    case Field::mois:
      for (const auto m : k_months) {
        if (t.substr(p, m.size()) == m && ends_word(t, p + m.size())) {
          next(p + m.size());
        }
      }
      return;
    case Field::date:
      if (const std::size_t e = numeric_date_end(t, p); e > p) {
        next(e);
      }
      return;
  }
}

void match_seq(const Node& n, std::size_t idx, std::string_view t, std::size_t p, bool need_sep,
               const Next& next);

// The end of the word starting at `q` when a gap may skip it: followed by a space, not
// ending a sentence; npos otherwise.
std::size_t skippable_word_end(std::string_view t, std::size_t q) {
  std::size_t e = q;
  while (e < t.size() && t[e] != ' ' && t[e] != '\n') {
    ++e;
  }
  if (e == q || e >= t.size() || t[e] != ' ' || ends_sentence(t[e - 1])) {
    return std::string_view::npos;
  }
  return e;
}

// Most words an incise skipped by a gap may hold, and most incises one gap skips.
constexpr int k_incise_words = 20;
constexpr int k_incises_per_gap = 2;

// The end of an incise opening at `q`: after a comma (", qui fréquentent le parc le week-end,")
// up to the next word ending with a comma, or from "(" to ")"; npos when there is none within
// k_incise_words words of the sentence.
std::size_t incise_end(std::string_view t, std::size_t q) {
  const bool after_comma = q >= 2 && t[q - 1] == ' ' && t[q - 2] == ',';
  const bool parenthesis = q < t.size() && t[q] == '(';
  if (!after_comma && !parenthesis) {
    return std::string_view::npos;
  }
  const char close = parenthesis ? ')' : ',';
  for (int w = 0; w < k_incise_words; ++w) {
    const std::size_t e = skippable_word_end(t, q);
    if (e == std::string_view::npos) {
      return e;
    }
    if (t[e - 1] == close || (parenthesis && e >= 2 && t[e - 2] == ')' && t[e - 1] == ',')) {
      return e;
    }
    q = e + 1;
  }
  return std::string_view::npos;
}

// A gap of at most `words` words from `q` (`incises` of them already skipped whole), then
// the items idx + 1.. of the sequence. A gap stays in its sentence; an incise between
// commas or parentheses counts as one word ("Les patrons pêcheurs, qui débarquent chaque
// matin au quai, ne supportent plus"), and the word after the gap may carry the elided
// negation ("n'acceptent").
void match_gap(const Node& n, std::size_t idx, int words, std::string_view t, std::size_t q,
               int incises, const Next& next) {
  for (int w = 0;; ++w) {
    match_seq(n, idx + 1, t, q, false, next);
    if (q + 2 < t.size() && t[q] == 'n' && t[q + 1] == '\'' && is_alpha(t[q + 2])) {
      match_seq(n, idx + 1, t, q + 2, false, next);
    }
    if (w == words) {
      return;
    }
    if (incises < k_incises_per_gap) {
      const std::size_t e = incise_end(t, q);
      if (e != std::string_view::npos) {
        match_gap(n, idx, words - w - 1, t, e + 1, incises + 1, next);
      }
    }
    const std::size_t e = skippable_word_end(t, q);
    if (e == std::string_view::npos) {
      return;
    }
    q = e + 1;
  }
}

// Items idx.. of a sequence, from p; `need_sep`: a space must come before the next item.
void match_seq(const Node& n, std::size_t idx, std::string_view t, std::size_t p, bool need_sep,
               const Next& next) {
  if (idx == n.children.size()) {
    next(p);
    return;
  }
  const Node& item = n.children[idx];
  std::size_t at = p;
  if (need_sep && item.kind == Node::Kind::gap && p + 1 < t.size() &&
      (t[p] == ',' || t[p] == ':') && t[p + 1] == ' ') {
    // A gap also skips the comma or colon ending the word before it: a list "a, b et c".
    match_seq(n, idx, t, p + 1, need_sep, next);
  }
  // After an elided word ("d'", "l'", "qu'") the next word may follow without a space:
  // "(de|d') augmenter" reads "d'augmenter" as well as "de augmenter".
  if (need_sep && p > 0 && t[p - 1] == '\'' && p < t.size() && t[p] != ' ') {
    need_sep = false;
  }
  if (need_sep) {
    if (p >= t.size() || t[p] != ' ') {
      if (item.kind == Node::Kind::optional) {
        match_seq(n, idx + 1, t, p, need_sep, next);
      }
      return;
    }
    at = p + 1;
  }
  switch (item.kind) {
    case Node::Kind::optional:
      match_seq(n, idx + 1, t, p, need_sep, next);  // left out
      match_seq(item, 0, t, at, false,
                [&](std::size_t e) { match_seq(n, idx + 1, t, e, true, next); });
      return;
    case Node::Kind::gap:
      match_gap(n, idx, item.gap_words, t, at, 0, next);
      return;
    default:
      match(item, t, at, [&](std::size_t e) { match_seq(n, idx + 1, t, e, true, next); });
  }
}

void match(const Node& n, std::string_view t, std::size_t p, const Next& next) {
  switch (n.kind) {
    case Node::Kind::word:
      match_body(n, t, 0, p, next);
      return;
    case Node::Kind::seq:
      match_seq(n, 0, t, p, false, next);
      return;
    case Node::Kind::alt: {
      const auto b = p < t.size() ? static_cast<unsigned char>(t[p]) : 0U;
      if (!n.by_two_bytes.empty() || !n.others.empty()) {
        if (p + 1 < t.size()) {
          const auto key =
              static_cast<std::uint16_t>((b << 8U) | static_cast<unsigned char>(t[p + 1]));
          auto it = std::lower_bound(n.by_two_bytes.begin(), n.by_two_bytes.end(),
                                     std::pair<std::uint16_t, std::uint32_t>{key, 0});
          for (; it != n.by_two_bytes.end() && it->first == key; ++it) {
            match(n.children[it->second], t, p, next);
          }
        }
        for (const auto i : n.others) {
          const Node& c = n.children[i];
          if (c.may_be_empty || (p < t.size() && c.first[b])) {
            match(c, t, p, next);
          }
        }
        return;
      }
      for (const auto& c : n.children) {
        if (c.may_be_empty || (p < t.size() && c.first[b])) {
          match(c, t, p, next);
        }
      }
      return;
    }
    case Node::Kind::field:
      match_field(n, t, p, next);
      return;
    case Node::Kind::optional:
    case Node::Kind::gap:
      return;  // handled by the enclosing sequence
  }
}

// ---------------------------------------------------------------------------------------
// Anchors.

// The most frequent words of French text: an anchor on them would make the engine verify
// the pattern at almost every sentence.
constexpr std::array<std::string_view, 40> k_function_words = {
    "le",  "la",  "les", "l'",    "de",   "des",  "du",   "d'",   "un",     "une",
    "et",  "a",   "au",  "aux",   "en",   "ou",   "se",   "ce",   "ces",    "sa",
    "son", "ses", "nos", "leurs", "leur", "par",  "pour", "sur",  "dans",   "est",
    "il",  "qui", "que", "ne",    "pas",  "plus", "tous", "tout", "toutes", "sont"};

struct Anchor {
  std::vector<std::string> literals;
  int words_before = 0;
  bool starts_word = true;
  bool ends_word = false;  // every literal is a whole word: "pres" is not in "prestations"
  bool at_end = false;     // every literal ends where the item's match ends
  [[nodiscard]] std::size_t score() const {
    std::size_t s = std::string::npos;
    for (const auto& l : literals) {
      s = std::min(s, l.size());
    }
    return literals.empty() ? 0 : s;
  }
  // How rarely the anchor should be found, to choose between a sequence's words: its
  // shortest literal's length, less for a literal inside words, least for a function word.
  [[nodiscard]] std::size_t selectivity() const {
    std::size_t s = std::string::npos;
    for (const auto& l : literals) {
      s = std::min(s, literal_selectivity(l));
    }
    return literals.empty() ? 0 : s;
  }
  [[nodiscard]] std::size_t literal_selectivity(std::string_view l) const {
    if (const auto space = l.find(' '); space != std::string_view::npos && space > 0 &&
                                        space + 1 < l.size() && l[space - 1] != '\'') {
      // Two words: rarer than either ("au moins", "pres de").
      return word_selectivity(l.substr(0, space), true, true) +
             word_selectivity(l.substr(space + 1), false, ends_word) + 2;
    }
    return word_selectivity(l, !starts_word, ends_word);
  }
  [[nodiscard]] static std::size_t word_selectivity(std::string_view l, bool inside, bool whole) {
    std::size_t v = l.size();
    if (std::find(k_function_words.begin(), k_function_words.end(), l) != k_function_words.end()) {
      v = 1;
    } else if (inside && v > 1) {
      v -= 1;
    } else if (whole) {
      v += 2;  // a whole word is rarer than the same letters starting a word
    }
    return v;
  }
};

int compute_max_words(const Node& n);

int max_words(const Node& n) {
  if (n.max_words < 0) {
    n.max_words = compute_max_words(n);
  }
  return n.max_words;
}

int compute_max_words(const Node& n) {
  switch (n.kind) {
    case Node::Kind::word:
      return 1 + static_cast<int>(std::count(n.body.begin(), n.body.end(), '-') +
                                  std::count(n.body.begin(), n.body.end(), '\''));
    case Node::Kind::seq:
    case Node::Kind::optional: {
      int sum = 0;
      for (const auto& c : n.children) {
        sum += max_words(c);
      }
      return sum;
    }
    case Node::Kind::alt: {
      int m = 0;
      for (const auto& c : n.children) {
        m = std::max(m, max_words(c));
      }
      return m;
    }
    case Node::Kind::gap:
      // Words counted as the engine walks back, by their starts: "croix-rouge" is two; an
      // incise may add its own words.
      return 2 * (n.gap_words + k_incises_per_gap * k_incise_words);
    case Node::Kind::field:
      // "1 250 000" is three words; "12,5 pour cent" three more.
      return n.field == Field::pourcentage ? 6
             : n.field == Field::nombre    ? 4
             : n.field == Field::date      ? 3
                                           : 1;
  }
  return 1;
}

// The forms of a lemma or a long class of single words ("reclame", "reclament", "reclamait"
// …) are anchored on what they share: their common beginning when it has 4 letters or more,
// else the first 6 letters of each. Fewer literals (Hyperscan compiles a third faster), each
// still at the start of every match.
void shorten(const Node& alt, Anchor& a) {
  constexpr std::size_t k_many = 12;
  if (a.literals.size() <= k_many || !a.starts_word || a.words_before != 0) {
    return;
  }
  for (const auto& c : alt.children) {
    const Node* w = &c;
    if (w->kind == Node::Kind::seq && w->children.size() == 1) {
      w = &w->children.front();
    }
    if (w->kind != Node::Kind::word || w->body.find_first_of("-'") != std::string::npos) {
      return;
    }
  }
  std::string common = a.literals.front();
  for (const auto& l : a.literals) {
    std::size_t k = 0;
    while (k < common.size() && k < l.size() && common[k] == l[k]) {
      ++k;
    }
    common.resize(k);
  }
  std::vector<std::string> out;
  if (common.size() >= 4) {
    out.push_back(common);
  } else {
    for (const auto& l : a.literals) {
      out.push_back(l.substr(0, 6));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  a.literals = std::move(out);
  a.ends_word = false;
  a.at_end = false;
}

// An anchor at least this selective (a whole word of four letters, a six-letter beginning)
// is kept alone rather than paired with its neighbour.
constexpr std::size_t k_rare_enough = 6;

// Two required items that follow each other, anchored together: "au moins", "pres de",
// "avant le" are found far less often than "au", "pres" or "avant" alone. Only when the first
// item's literals are whole words from their start (the space between the two items is then
// in every match) and the second's start a word; and when the pairs are few.
std::optional<Anchor> two_words(const Anchor& first, const Anchor& second) {
  constexpr std::size_t k_max_pairs = 24;
  // `second` as anchor_of gave it: words_before counts from the item's start.
  if (!first.at_end || !first.ends_word || !first.starts_word || !second.starts_word ||
      second.words_before != 0 || first.literals.size() * second.literals.size() > k_max_pairs) {
    return std::nullopt;
  }
  Anchor a;
  for (const auto& l : first.literals) {
    if (l.empty() || l.back() == ' ' || l.back() == '\'' || l.find(' ') != std::string::npos) {
      return std::nullopt;  // "d' " may be followed by a second space: not one literal
    }
    for (const auto& r : second.literals) {
      a.literals.push_back(l + ' ' + r);
    }
  }
  a.words_before = first.words_before;
  a.starts_word = true;
  a.ends_word = second.ends_word;
  return a;
}

std::optional<Anchor> compute_anchor(const Node& n);

// A fingerprint of a subtree's content: word classes are copied into every pattern citing
// them, so the same alternative of a thousand verb forms comes back again and again.
std::uint64_t fingerprint(const Node& n) {
  if (n.fingerprint != 0) {
    return n.fingerprint;
  }
  constexpr std::uint64_t k_prime = 1099511628211U;
  std::uint64_t h = 1469598103934665603U;
  const auto mix = [&](std::uint64_t v) { h = (h ^ v) * k_prime; };
  mix(static_cast<std::uint64_t>(static_cast<unsigned>(n.kind)));
  for (const char c : n.body) {
    mix(static_cast<unsigned char>(c));
  }
  mix((n.stem ? 2U : 0U) | (n.ending ? 4U : 0U));
  mix(n.suffixes.size());
  mix(static_cast<std::uint64_t>(n.field));
  mix(static_cast<std::uint64_t>(n.gap_words));
  for (const auto& c : n.children) {
    mix(fingerprint(c));
  }
  n.fingerprint = h == 0 ? 1 : h;
  return n.fingerprint;
}

// The anchor of a node; those of large alternatives are remembered (per thread) by content.
std::optional<Anchor> anchor_of(const Node& n) {
  constexpr std::size_t k_remembered = 32;
  if (n.kind != Node::Kind::alt || n.children.size() < k_remembered) {
    return compute_anchor(n);
  }
  thread_local std::map<std::pair<std::uint64_t, std::size_t>, std::optional<Anchor>> memo;
  const auto key = std::make_pair(fingerprint(n), n.children.size());
  if (const auto it = memo.find(key); it != memo.end()) {
    return it->second;
  }
  auto a = compute_anchor(n);
  if (memo.size() > 4096) {
    memo.clear();
  }
  memo.emplace(key, a);
  return a;
}

std::optional<Anchor> compute_anchor(const Node& n) {
  switch (n.kind) {
    case Node::Kind::word: {
      if (n.ending) {
        Anchor a;
        a.literals.push_back(n.body);
        a.starts_word = false;
        a.ends_word = true;
        return a;
      }
      // The whole word in each of its written forms ("co-construction", "co construction",
      // "coconstruction"; "d'alerte", "d' alerte"), when they are few; otherwise its longest
      // piece between hyphens and apostrophes.
      Anchor a;
      std::vector<std::string> forms{std::string()};
      for (const char c : n.body) {
        std::vector<std::string> grown;
        for (const auto& f : forms) {
          if (c == '-') {
            grown.push_back(f + '-');
            grown.push_back(f + ' ');
            grown.push_back(f);
          } else if (c == '\'') {
            grown.push_back(f + '\'');
            grown.push_back(f + "' ");
          } else {
            grown.push_back(f + c);
          }
        }
        forms = std::move(grown);
      }
      if (forms.size() <= 9) {
        if (n.stem) {
          a.literals = std::move(forms);
          return a;
        }
        // A whole word: each form with each plural ending, found only as a word.
        for (const auto& f : forms) {
          for (const auto& s : n.suffixes) {
            a.literals.push_back(f + s);
          }
        }
        a.ends_word = true;
        a.at_end = true;
        return a;
      }
      std::string best;
      int before = 0;
      int pieces = 0;
      std::string piece;
      for (std::size_t i = 0; i <= n.body.size(); ++i) {
        const bool cut = i == n.body.size() || n.body[i] == '-' || n.body[i] == '\'';
        if (!cut) {
          piece += n.body[i];
          continue;
        }
        if (piece.size() > best.size()) {
          best = piece;
          before = pieces;
        }
        piece.clear();
        ++pieces;
      }
      if (best.empty()) {
        return std::nullopt;
      }
      a.literals.push_back(best);
      a.words_before = before;
      a.starts_word = before == 0;
      return a;
    }
    case Node::Kind::seq: {
      // The rarest item, or the rarest two items that follow each other when no item alone
      // is rare enough: each literal more costs the Hyperscan pass, each anchor found costs
      // a verification.
      std::optional<Anchor> best;
      std::optional<Anchor> best_pair;
      std::optional<Anchor> previous;  // the item just before, when it is required
      int before = 0;
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        const Node& c = n.children[i];
        if (c.kind != Node::Kind::optional && c.kind != Node::Kind::gap) {
          auto a = anchor_of(c);
          const bool last = i + 1 == n.children.size();
          if (a && previous) {
            if (auto pair = two_words(*previous, *a);
                pair && (!best_pair || pair->selectivity() > best_pair->selectivity())) {
              best_pair = std::move(pair);
              best_pair->at_end = last && a->at_end;
            }
          }
          if (a) {
            a->words_before += before;
            if (!best || a->selectivity() > best->selectivity()) {
              best = a;
              best->at_end = last && a->at_end;
            }
          }
          previous = std::move(a);
        } else {
          previous.reset();
        }
        before += max_words(c);
      }
      if (best_pair && (!best || (best->selectivity() < k_rare_enough &&
                                  best_pair->selectivity() > best->selectivity()))) {
        best = std::move(best_pair);
      }
      return best;
    }
    case Node::Kind::alt: {
      Anchor a;
      a.ends_word = true;
      a.at_end = true;
      for (const auto& c : n.children) {
        auto b = anchor_of(c);
        if (!b) {
          return std::nullopt;
        }
        a.at_end = a.at_end && b->at_end;
        a.literals.insert(a.literals.end(), b->literals.begin(), b->literals.end());
        a.words_before = std::max(a.words_before, b->words_before);
        a.starts_word = a.starts_word && b->starts_word;
        a.ends_word = a.ends_word && b->ends_word;
      }
      shorten(n, a);
      return a;
    }
    case Node::Kind::field: {
      Anchor a;
      switch (n.field) {
        case Field::nombre:
          for (char d = '0'; d <= '9'; ++d) {
            a.literals.emplace_back(1, d);
          }
          a.starts_word = false;
          break;
        case Field::annee:
          a.literals = {"19", "20"};
          break;
        case Field::pourcentage:
          a.literals = {"%", "cent"};
          a.words_before = 2;
          a.starts_word = false;
          break;
        case Field::mois:
          a.literals.assign(k_months.begin(), k_months.end());
          break;
        case Field::date:
          a.literals = {"/20", "/19", ".20", "-20"};
          a.words_before = 2;
          a.starts_word = false;
          break;
      }
      return a;
    }
    case Node::Kind::optional:
    case Node::Kind::gap:
      return std::nullopt;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Parsing.

struct FieldName {
  std::string_view name;
  Field value;
};

constexpr std::array<FieldName, 5> k_fields = {
    FieldName{"nombre", Field::nombre}, FieldName{"annee", Field::annee},
    FieldName{"pourcentage", Field::pourcentage}, FieldName{"mois", Field::mois},
    FieldName{"date", Field::date}};

// How deep word classes may cite one another ("@a" holding "@b"): deeper is a cycle.
constexpr int k_class_depth = 4;

class Parser {
 public:
  Parser(std::string_view s, const PatternContext& context, int depth = 0)
      : m_s(s), m_context(context), m_depth(depth) {}

  std::variant<Node, PatternError> run() {
    Node root = sequence();
    if (!m_error && m_pos < m_s.size()) {
      fail(m_pos, std::string("« ") + m_s[m_pos] + " » sans ouverture correspondante");
    }
    if (!m_error && !mandatory(root)) {
      fail(0,
           "le motif peut correspondre à un texte vide : il lui faut au moins un mot obligatoire");
    }
    if (m_error) {
      return *m_error;
    }
    return root;
  }

 private:
  static bool mandatory(const Node& n) {
    switch (n.kind) {
      case Node::Kind::word:
      case Node::Kind::field:
        return true;
      case Node::Kind::optional:
      case Node::Kind::gap:
        return false;
      case Node::Kind::seq:
        return std::any_of(n.children.begin(), n.children.end(), mandatory);
      case Node::Kind::alt:
        return std::all_of(n.children.begin(), n.children.end(), mandatory);
    }
    return false;
  }

  void fail(std::size_t at, std::string message) {
    if (!m_error) {
      m_error = PatternError{at, std::move(message)};
    }
  }

  void skip_spaces() {
    while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t')) {
      ++m_pos;
    }
  }

  [[nodiscard]] bool at_gap() const {
    return m_s.substr(m_pos, 3) == "..." || m_s.substr(m_pos, 3) == "\xE2\x80\xA6";
  }

  // A sequence of items up to ')', '|', ']' or the end.
  Node sequence() {
    Node seq;
    seq.kind = Node::Kind::seq;
    std::vector<std::size_t> starts;
    while (!m_error) {
      skip_spaces();
      if (m_pos >= m_s.size() || m_s[m_pos] == ')' || m_s[m_pos] == '|' || m_s[m_pos] == ']') {
        break;
      }
      starts.push_back(m_pos);
      seq.children.push_back(item());
    }
    for (std::size_t i = 0; i < seq.children.size() && !m_error; ++i) {
      if (seq.children[i].kind == Node::Kind::gap && (i == 0 || i + 1 == seq.children.size())) {
        fail(starts[i], "« ... » doit se trouver entre deux mots");
      }
    }
    return seq;
  }

  Node item() {
    const std::size_t start = m_pos;
    const char c = m_s[m_pos];
    if (c == '(') {
      ++m_pos;
      Node alt;
      alt.kind = Node::Kind::alt;
      for (;;) {
        const std::size_t branch = m_pos;
        Node inner = sequence();
        if (m_error) {
          return {};
        }
        if (inner.children.empty()) {
          fail(branch, "alternative vide entre « ( », « | » et « ) »");
          return {};
        }
        alt.children.push_back(std::move(inner));
        if (m_pos < m_s.size() && m_s[m_pos] == '|') {
          ++m_pos;
          continue;
        }
        if (m_pos < m_s.size() && m_s[m_pos] == ')') {
          ++m_pos;
          break;
        }
        fail(start, "« ( » sans « ) » correspondante");
        return {};
      }
      return alt;
    }
    if (c == '[') {
      ++m_pos;
      Node inner = sequence();
      if (m_error) {
        return {};
      }
      if (m_pos >= m_s.size() || m_s[m_pos] != ']') {
        fail(start, "« [ » sans « ] » correspondante");
        return {};
      }
      ++m_pos;
      if (inner.children.empty()) {
        fail(start, "partie facultative vide « [] »");
        return {};
      }
      inner.kind = Node::Kind::optional;
      return inner;
    }
    if (at_gap()) {
      m_pos += 3;  // "..." or "…", three bytes either way
      Node gap;
      gap.kind = Node::Kind::gap;
      if (m_pos < m_s.size() && m_s[m_pos] >= '1' && m_s[m_pos] <= '9') {
        gap.gap_words = m_s[m_pos] - '0';  // "...3": up to three words
        ++m_pos;
      }
      return gap;
    }
    if (c == '@') {
      return word_class(start);
    }
    if (c == '<') {
      return lemma(start);
    }
    if (c == '{') {
      const auto close = m_s.find('}', m_pos);
      if (close == std::string_view::npos) {
        fail(start, "« { » sans « } » correspondante");
        return {};
      }
      const auto name = m_s.substr(m_pos + 1, close - m_pos - 1);
      m_pos = close + 1;
      for (const auto& p : k_fields) {
        if (p.name == name) {
          Node n;
          n.kind = Node::Kind::field;
          n.field = p.value;
          return n;
        }
      }
      fail(start, "champ inconnu « {" + std::string(name) +
                      "} » (connus : {nombre}, {annee}, {pourcentage}, {mois})");
      return {};
    }
    return word(start);
  }

  Node word(std::size_t start) {
    while (m_pos < m_s.size()) {
      const char c = m_s[m_pos];
      if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '[' || c == ']' || c == '|' ||
          c == '{' || c == '}' || c == '<' || c == '>' || c == '@' || at_gap()) {
        break;
      }
      ++m_pos;
    }
    std::string_view raw = m_s.substr(start, m_pos - start);
    Node n;
    n.kind = Node::Kind::word;
    n.stem = !raw.empty() && raw.back() == '*';
    if (n.stem) {
      raw.remove_suffix(1);
    }
    n.ending = !n.stem && !raw.empty() && raw.front() == '*';
    if (n.ending) {
      raw.remove_prefix(1);
    }
    if (const auto star = raw.find('*'); star != std::string_view::npos) {
      fail(start + star,
           "« * » ne peut que terminer un mot (radical*) ou le commencer (*terminaison)");
      return {};
    }
    n.body = analysis::fold_string(raw);
    if (n.body.empty()) {
      fail(start, "mot vide une fois normalisé : le motif ne peut rien trouver");
      return {};
    }
    int letters = 0;
    for (const char ch : n.body) {
      const auto u = static_cast<unsigned char>(ch);
      letters += is_alpha(ch) ? 1 : 0;
      if (!is_alnum(ch) && ch != '-' && ch != '\'' && ch != '.' && ch != '%' && ch != '/' &&
          u < 0x80) {
        fail(start, std::string("caractère « ") + ch +
                        " » non pris en charge : le texte normalisé ne le contient jamais ainsi");
        return {};
      }
    }
    if (n.stem && letters < 3) {
      fail(start, "radical trop court avant « * » (au moins 3 lettres)");
      return {};
    }
    if (n.ending) {
      if (letters < 3 || n.body.find_first_of("-' ") != std::string::npos) {
        fail(start,
             "terminaison après « * » : au moins 3 lettres, sans trait d'union ni apostrophe");
        return {};
      }
      return n;
    }
    const char last = n.body.back();
    if (!n.stem && n.body.size() >= 4 && is_alpha(last) && last != 's' && last != 'x' &&
        last != 'z') {
      // The plural of the word: -s, -x after -au/-eu, -aux for -al.
      const std::string_view tail = std::string_view(n.body).substr(n.body.size() - 2);
      if (tail == "al") {
        n.body.pop_back();
        n.suffixes = {"l", "ls", "ux"};
      } else if (tail == "au" || tail == "eu") {
        n.suffixes = {"", "s", "x"};
      } else {
        n.suffixes = {"", "s"};
      }
    }
    return n;
  }

  // "@name": the alternatives of a word class, each parsed as a pattern of its own.
  Node word_class(std::size_t start) {
    std::size_t end = start + 1;
    while (end < m_s.size() && (is_alnum(m_s[end]) || m_s[end] == '-' || m_s[end] == '_')) {
      ++end;
    }
    const std::string_view name = m_s.substr(start + 1, end - start - 1);
    m_pos = end;
    if (name.empty()) {
      fail(start, "« @ » doit être suivi du nom d'une classe de mots (@source, @habitants…)");
      return {};
    }
    const std::vector<std::string>* list =
        m_context.word_class ? m_context.word_class(name) : nullptr;
    if (list == nullptr || list->empty()) {
      fail(start, "classe de mots inconnue « @" + std::string(name) + " »");
      return {};
    }
    if (m_depth >= k_class_depth) {
      fail(start, "la classe « @" + std::string(name) +
                      " » se cite elle-même, directement ou par une autre classe");
      return {};
    }
    if (m_context.classes) {
      if (const auto it = m_context.classes->parsed.find(name);
          it != m_context.classes->parsed.end()) {
        return it->second;
      }
    }
    Node alt;
    alt.kind = Node::Kind::alt;
    for (const auto& text : *list) {
      auto parsed = Parser(text, m_context, m_depth + 1).run();
      if (const auto* err = std::get_if<PatternError>(&parsed)) {
        fail(start,
             "classe « @" + std::string(name) + " », motif « " + text + " » : " + err->message);
        return {};
      }
      alt.children.push_back(std::get<Node>(std::move(parsed)));
    }
    if (m_context.classes) {
      // Every copy of the class carries these, computed once here.
      (void)fingerprint(alt);
      (void)max_words(alt);
      m_context.classes->parsed.emplace(std::string(name), alt);
    }
    return alt;
  }

  // "<lemme>": every form of the lemma, each a word of its own (no plural added).
  Node lemma(std::size_t start) {
    const auto close = m_s.find('>', start);
    if (close == std::string_view::npos) {
      fail(start, "« < » sans « > » correspondante");
      return {};
    }
    const std::string_view name = m_s.substr(start + 1, close - start - 1);
    m_pos = close + 1;
    if (name.empty() || name.find_first_of(" <()[]|") != std::string_view::npos) {
      fail(start, "un lemme s'écrit comme un seul mot entre « < » et « > » : <réclamer>");
      return {};
    }
    if (!m_context.lemma_forms) {
      fail(start, "lemmes indisponibles ici : « <" + std::string(name) + "> »");
      return {};
    }
    std::string why;
    const auto forms = m_context.lemma_forms(name, why);
    if (forms.empty()) {
      fail(start, why.empty() ? "lemme inconnu « " + std::string(name) + " »" : why);
      return {};
    }
    Node alt;
    alt.kind = Node::Kind::alt;
    for (const auto& f : forms) {
      Node w;
      w.kind = Node::Kind::word;
      w.body = analysis::fold_string(f);
      if (w.body.empty() || std::any_of(alt.children.begin(), alt.children.end(),
                                        [&](const Node& o) { return o.body == w.body; })) {
        continue;
      }
      alt.children.push_back(std::move(w));
    }
    return alt;
  }

  std::string_view m_s;
  const PatternContext& m_context;
  int m_depth = 0;
  std::size_t m_pos = 0;
  std::optional<PatternError> m_error;
};

}  // namespace

namespace {

// The bytes a match of `n` may start with; `empty` is set when `n` may match nothing.
void first_bytes(const Node& n, std::bitset<256>& out, bool& empty) {
  empty = false;
  switch (n.kind) {
    case Node::Kind::word:
      if (n.ending) {
        for (int c = 0; c < 256; ++c) {
          if (analysis::is_word_byte(static_cast<char>(c))) {
            out.set(static_cast<std::size_t>(c));
          }
        }
        return;
      }
      out.set(static_cast<unsigned char>(n.body.front()));
      return;
    case Node::Kind::field:
      if (n.field == Field::mois) {
        for (const auto m : k_months) {
          out.set(static_cast<unsigned char>(m.front()));
        }
      } else {
        for (char d = '0'; d <= '9'; ++d) {
          out.set(static_cast<unsigned char>(d));
        }
      }
      return;
    case Node::Kind::alt:
      for (const auto& c : n.children) {
        bool e = false;
        first_bytes(c, out, e);
        empty = empty || e;
      }
      return;
    case Node::Kind::seq:
    case Node::Kind::optional:
      for (const auto& c : n.children) {
        bool e = false;
        first_bytes(c, out, e);
        if (!e) {
          empty = n.kind == Node::Kind::optional;
          return;
        }
      }
      empty = true;
      return;
    case Node::Kind::gap:
      empty = true;
      return;
  }
}

// Alternatives with fewer branches are tried one by one.
constexpr std::size_t k_indexed_alt = 8;

// The first word of a branch when the text must start with its first two bytes as they are:
// a word, or a sequence that begins with such a word; nullptr otherwise.
const Node* leading_word(const Node& c) {
  const auto plain = [](char x) { return x != '-' && x != '\''; };
  if (c.kind == Node::Kind::word) {
    return !c.ending && c.body.size() >= 2 && plain(c.body[0]) && plain(c.body[1]) ? &c : nullptr;
  }
  if (c.kind == Node::Kind::seq && !c.children.empty()) {
    return leading_word(c.children.front());
  }
  return nullptr;
}

// Sets `first` and `may_be_empty` on every node of the tree, and indexes large alternatives.
void annotate(Node& n) {
  for (auto& c : n.children) {
    annotate(c);
  }
  n.first.reset();
  first_bytes(n, n.first, n.may_be_empty);
  n.by_two_bytes.clear();
  n.others.clear();
  if (n.kind == Node::Kind::alt && n.children.size() >= k_indexed_alt) {
    for (std::uint32_t i = 0; i < n.children.size(); ++i) {
      if (const Node* w = leading_word(n.children[i])) {
        const auto key = static_cast<std::uint16_t>((static_cast<unsigned char>(w->body[0]) << 8U) |
                                                    static_cast<unsigned char>(w->body[1]));
        n.by_two_bytes.emplace_back(key, i);
      } else {
        n.others.push_back(i);
      }
    }
    std::sort(n.by_two_bytes.begin(), n.by_two_bytes.end());
  }
}

}  // namespace

CompiledPattern::CompiledPattern(std::shared_ptr<const Node> root, std::vector<std::string> anchors,
                                 int words_before_anchor, bool anchor_starts_word,
                                 bool anchor_ends_word)
    : m_root(std::move(root)),
      m_anchors(std::move(anchors)),
      m_words_before(words_before_anchor),
      m_starts_word(anchor_starts_word),
      m_ends_word(anchor_ends_word) {
  bool empty = false;
  first_bytes(*m_root, m_first, empty);
}

void CompiledPattern::ends_from(std::string_view text, std::size_t start,
                                std::vector<std::size_t>& out) const {
  out.clear();
  const auto add = [&](std::size_t e) {
    if (e > start) {
      out.push_back(e);
    }
  };
  // A pattern of one word (most of the vocabulary) skips the sequence machinery.
  const Node& root = *m_root;
  if (root.children.size() == 1 && root.children.front().kind == Node::Kind::word) {
    match_body(root.children.front(), text, 0, start, add);
  } else {
    match(root, text, start, add);
  }
  if (out.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
}

std::shared_ptr<ClassCache> make_class_cache() { return std::make_shared<ClassCache>(); }

// Sorted, without duplicates, and without the plurals in -s or -x of a whole word's
// literals (found through their singular: see anchor_ends_word).
void tidy_literals(Anchor& a) {
  std::sort(a.literals.begin(), a.literals.end());
  a.literals.erase(std::unique(a.literals.begin(), a.literals.end()), a.literals.end());
  if (!a.ends_word) {
    return;
  }
  std::vector<std::string> kept;
  for (const auto& l : a.literals) {
    const bool plural = l.size() > 2 && (l.back() == 's' || l.back() == 'x') &&
                        std::binary_search(a.literals.begin(), a.literals.end(),
                                           std::string_view(l).substr(0, l.size() - 1));
    if (!plural) {
      kept.push_back(l);
    }
  }
  a.literals = std::move(kept);
}

// For a sequence with a gap whose anchor is one of its items: its rarest other required item,
// as a second anchor.
struct Second {
  Anchor anchor;
  bool before = false;
};
std::optional<Second> second_anchor(const Node& root, const Anchor& primary) {
  if (root.kind != Node::Kind::seq) {
    return std::nullopt;
  }
  std::vector<std::optional<Anchor>> items(root.children.size());
  std::optional<std::size_t> at;
  for (std::size_t i = 0; i < root.children.size(); ++i) {
    const Node& c = root.children[i];
    if (c.kind == Node::Kind::optional || c.kind == Node::Kind::gap) {
      continue;
    }
    items[i] = anchor_of(c);
    if (items[i]) {
      Anchor tidy = *items[i];
      tidy_literals(tidy);
      if (!at && tidy.literals == primary.literals) {
        at = i;
      }
    }
  }
  if (!at) {
    return std::nullopt;
  }
  if (std::none_of(root.children.begin(), root.children.end(),
                   [](const Node& c) { return c.kind == Node::Kind::gap; })) {
    return std::nullopt;  // without a gap, verifying an anchor costs little
  }
  std::optional<Second> best;
  for (std::size_t j = 0; j < root.children.size(); ++j) {
    if (j == *at || !items[j] || items[j]->selectivity() < 2) {
      continue;
    }
    if (!best || items[j]->selectivity() > best->anchor.selectivity()) {
      best = Second{*items[j], j < *at};
    }
  }
  if (best) {
    tidy_literals(best->anchor);
  }
  return best;
}

std::variant<CompiledPattern, PatternError> compile_pattern(std::string_view pattern,
                                                            const PatternContext& context) {
  auto parsed = Parser(pattern, context).run();
  if (auto* err = std::get_if<PatternError>(&parsed)) {
    return *err;
  }
  Node tree = std::get<Node>(std::move(parsed));
  annotate(tree);
  auto root = std::make_shared<const Node>(std::move(tree));
  auto anchor = anchor_of(*root);
  if (!anchor || anchor->score() == 0) {
    return PatternError{0, "le motif n'a aucun mot obligatoire à chercher"};
  }
  // A whole word's plural in -s or -x is found through its singular: the Hyperscan pass has
  // a third fewer literals to look for.
  tidy_literals(*anchor);
  const auto second = second_anchor(*root, *anchor);
  CompiledPattern compiled(std::move(root), std::move(anchor->literals), anchor->words_before,
                           anchor->starts_word, anchor->ends_word);
  if (second) {
    compiled.set_second(second->anchor.literals, second->before, second->anchor.starts_word,
                        second->anchor.ends_word);
  }
  return compiled;
}

int count_chars(std::string_view text, std::size_t bytes) {
  int n = 0;
  for (std::size_t i = 0; i < bytes && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

}  // namespace vigie::rules::detail

namespace vigie::rules::detail {
namespace {

std::string ere_escape(char c) {
  if (std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos) {
    return std::string("\\") + c;
  }
  return std::string(1, c);
}

void ere(const Node& n, std::string& out);

void ere_word(const Node& n, std::string& out) {
  if (n.ending) {
    out += "[[:alnum:]]{3,}" + n.body + "\\>";
    return;
  }
  for (std::size_t i = 0; i < n.body.size(); ++i) {
    const char c = n.body[i];
    if (c == '-') {
      out += "[- ]?";
    } else if (c == '\'') {
      out += "' ?";
    } else {
      out += ere_escape(c);
    }
  }
  if (n.stem) {
    out += "[[:alnum:]]*";
    return;
  }
  if (n.suffixes.size() > 1 || !n.suffixes.front().empty()) {
    out += "(";
    for (std::size_t i = 0; i < n.suffixes.size(); ++i) {
      out += (i > 0 ? "|" : "") + n.suffixes[i];
    }
    out += ")";
  }
  out += "\\>";
}

void ere_field(const Node& n, std::string& out) {
  switch (n.field) {
    case Field::nombre:
      out += "[0-9]+([.,][0-9]+)*\\>";
      return;
    case Field::annee:
      out += "(19|20)[0-9]{2}\\>";
      return;
    case Field::pourcentage:
      out += "[0-9]+([.,][0-9]+)? ?(%|pour ?cents?\\>)";
      return;
    case Field::mois:
      out += "(";
      for (std::size_t i = 0; i < k_months.size(); ++i) {
        out += (i > 0 ? "|" : "") + std::string(k_months[i]);
      }
      out += ")\\>";
      return;
    case Field::date:
      out += "[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}\\>";
      return;
  }
}

// A sequence: items separated by one space; an optional item or a gap brings its own.
void ere_seq(const Node& n, std::string& out) {
  bool need_sep = false;
  for (const auto& item : n.children) {
    if (item.kind == Node::Kind::optional) {
      std::string inner;
      ere_seq(item, inner);
      out += need_sep ? "( " + inner + ")?" : "(" + inner + " )?";
      continue;
    }
    if (item.kind == Node::Kind::gap) {
      out += need_sep ? " ([^ ]*[^ .!?;] ){0," : "([^ ]*[^ .!?;] ){0,";
      out += std::to_string(item.gap_words) + "}";
      need_sep = false;
      continue;
    }
    if (need_sep) {
      out += ' ';
    }
    ere(item, out);
    need_sep = true;
  }
}

void ere(const Node& n, std::string& out) {
  switch (n.kind) {
    case Node::Kind::word:
      ere_word(n, out);
      return;
    case Node::Kind::seq:
      ere_seq(n, out);
      return;
    case Node::Kind::alt:
      out += "(";
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) {
          out += "|";
        }
        ere(n.children[i], out);
      }
      out += ")";
      return;
    case Node::Kind::field:
      ere_field(n, out);
      return;
    case Node::Kind::optional:
    case Node::Kind::gap:
      return;  // only inside a sequence
  }
}

}  // namespace

std::string CompiledPattern::to_ere() const {
  std::string out = "\\<";
  ere(*m_root, out);
  return out;
}

}  // namespace vigie::rules::detail
