#pragma once

// How text becomes Xapian terms, shared by indexing and searching: folded text (case,
// accents, ligatures), elisions split ("l'habitant" → "l habitant"), French stemming,
// French stop words.

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "vigie/analysis/normalize.hpp"

namespace vigie::index::detail {

// Value slots of a page document.
enum Slot : Xapian::valueno {
  k_slot_content = 0,   // content id: the collapse key (one file)
  k_slot_year = 1,      // sortable_serialise(year)
  k_slot_kind = 2,      // "CCTP"
  k_slot_page = 3,      // page number as text
  k_slot_amount = 4,    // sortable_serialise(euros)
  k_slot_deadline = 5,  // "2026-03-16T12:00"
  k_slot_buyer = 6,     // buyer as written
  k_slot_year_text = 7  // "2026"
};

// Term prefixes.
inline constexpr std::string_view k_kind = "K";           // Kcctp
inline constexpr std::string_view k_year = "Y";           // Y2026
inline constexpr std::string_view k_buyer = "XB";         // XBmarseille
inline constexpr std::string_view k_place = "XP";         // XPnoailles
inline constexpr std::string_view k_procedure = "XR";     // XRadaptee
inline constexpr std::string_view k_missing = "XM";       // XMparticipation.restitution
inline constexpr std::string_view k_flagged = "XF";       // XFpresuppose.consensus
inline constexpr std::string_view k_content = "C";        // C<content id>: every page of a content
inline constexpr std::string_view k_page_id = "Q";        // Q<content id>/<page>
inline constexpr std::string_view k_path = "P";           // P<hash of path>: a file record
inline constexpr std::string_view k_file_content = "FC";  // FC<content id> on file records
inline constexpr std::string_view k_type_file = "Tfile";
inline constexpr std::string_view k_type_page = "Tpage";

// Folded text ready for the term generator: elisions split, apostrophes to spaces.
[[nodiscard]] std::string prepare(std::string_view folded);
// The same for text that is not folded yet (queries, field values).
[[nodiscard]] std::string fold_and_prepare(std::string_view text);

[[nodiscard]] const Xapian::Stem& french_stemmer();
[[nodiscard]] const Xapian::Stopper& french_stopper();

// Calls `f(begin, end)` for each word of folded text `t` (runs of word bytes).
template <typename F>
void for_each_word(std::string_view t, F&& f) {
  std::size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && !analysis::is_word_byte(t[i])) {
      ++i;
    }
    std::size_t j = i;
    while (j < t.size() && analysis::is_word_byte(t[j])) {
      ++j;
    }
    if (j > i) {
      f(i, j);
    }
    i = j;
  }
}

// A boolean term for an exact value (kind, rule id), written and searched the same way:
// `prefix` + the folded value ("K" + "CCTP" → "Kcctp").
[[nodiscard]] std::string exact_term(std::string_view prefix, std::string_view value);

// The words of `text` (folded and prepared) as boolean field terms: "XB" + word.
[[nodiscard]] std::vector<std::string> field_terms(std::string_view prefix, std::string_view text);

// The stemmed term of a folded word, as the term generator writes it ("Zhabit").
[[nodiscard]] std::string stemmed_term(std::string_view word);

// A stable key of a path for the P term (FNV-1a, 16 hex digits).
[[nodiscard]] std::string path_key(std::string_view path);

}  // namespace vigie::index::detail
