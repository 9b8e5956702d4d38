#pragma once

// The analysis building blocks that work on plain strings: sentence splitting, heading
// recognition, French dates and amounts. analyze() uses them on whole documents; the rules
// and tests use them on single sentences.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/analysis/analyzed_document.hpp"

namespace vigie::analysis {

// Sentences of one paragraph (line breaks inside it are not sentence ends): ICU's French
// sentence breaking, then the abbreviations of administrative French put back together
// ("art.", "M.", "Mme", "cf.", "p.", "n°", initials such as "L." or "R."). Spans are
// relative to `paragraph` and trimmed of white space.
[[nodiscard]] std::vector<Span> split_sentences(std::string_view paragraph);

struct HeadingMatch {
  HeadingStyle style = HeadingStyle::styled;
  std::string number;  // "3", "3.2.1", "II", "B", "1er" → "1"
  int depth = 1;       // components of a dotted number ("3.2.1" → 3), 1 otherwise
  std::string title;   // source text after the number and its separator, trimmed
};

// Recognises a numbered heading line: "ARTICLE 3 – OBJET", "Article 3 :", "3.2.1 Phase de
// diagnostic", "Chapitre II", "TITRE I", "II. Contexte", "A. Contexte", "b) Les ateliers",
// "ANNEXE 2". Sentences that merely start with a number ("3 réunions publiques seront
// organisées.") and table-of-contents lines are refused.
[[nodiscard]] std::optional<HeadingMatch> match_heading(std::string_view line);

// True for a table-of-contents line: a title then dot leaders or a tab, then a page number.
[[nodiscard]] bool looks_like_toc_line(std::string_view line);

// A date (and time) written the French way, found in folded text.
struct DateTime {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = -1;  // -1 when no time is given
  int minute = 0;
  [[nodiscard]] std::string iso() const;  // "2026-03-15" or "2026-03-15T12:00"
};

struct Found {
  std::size_t begin = 0;  // folded offsets of the words read
  std::size_t end = 0;
};

// The first date in `folded` (folded text): "15 mars 2026", "1er avril 2026",
// "lundi 15 mars 2026 à 12h00", "15/03/2026 à 17 h 30", "15.03.2026", "2026-03-15".
// A time that follows ("à 12h00", "12:00", "avant 16 heures") is attached.
[[nodiscard]] std::optional<std::pair<DateTime, Found>> find_date(std::string_view folded);

struct Amount {
  double euros = 0;
  std::string tax;                          // "HT", "TTC" or empty
  [[nodiscard]] std::string value() const;  // "150000.00 EUR HT"
};

// The first amount in euros in `folded`: "150 000 € HT", "150.000,00 euros", "2,4 millions
// d'euros HT", "24 000,00 EUR TTC".
[[nodiscard]] std::optional<std::pair<Amount, Found>> find_amount(std::string_view folded);

// The first duration in `folded`: "18 mois", "deux ans", "3 années", "12 semaines".
[[nodiscard]] std::optional<std::pair<std::string, Found>> find_duration(std::string_view folded);

// Whether a mention in folded text is negated: "aucune restitution n'est prévue", "le
// budget ne comprend pas d'action de concertation", "la restitution n'est pas prévue",
// "sans restitution". [begin, end) is the mention, [sentence_begin, sentence_end) its
// sentence; a few words before and after are read, within the same clause (a comma, a colon
// or a semicolon ends the reach of a negation).
[[nodiscard]] bool is_negated(std::string_view folded, std::size_t begin, std::size_t end,
                              std::size_t sentence_begin, std::size_t sentence_end);

// The denying words of a negated mention ("n'est pas", "aucun … n'", "est exclue", "à titre
// purement informatif"), as a span of `folded`; nullopt when the mention is affirmed. Besides
// the cases above: a denied subject ("aucun indicateur n'est prévu pour mesurer …") denies
// every complement of its clause.
[[nodiscard]] std::optional<Span> negation_of(std::string_view folded, std::size_t begin,
                                              std::size_t end, std::size_t sentence_begin,
                                              std::size_t sentence_end);

}  // namespace vigie::analysis
