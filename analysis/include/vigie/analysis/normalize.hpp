#pragma once

// French text normalisation. Matching (rules, index, cues) reads a folded form of the text:
// case folded, accents removed, ligatures expanded (ﬁ → fi, œ → oe), apostrophes, quotes,
// dashes and spaces unified, runs of white space collapsed. Every byte of the folded text
// remembers where it came from, so a span found in the folded text gives back the exact
// span of the source text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/ingest/document.hpp"

namespace vigie::analysis {

using ingest::Span;

// True when the page break (form feed) at `ff` in `text` falls inside a sentence, as when a
// PDF paragraph runs over to the next page: the text before it ends without a sentence
// end or a colon or semicolon, and the text after it starts with a lower-case letter.
bool continues_over_page_break(std::string_view text, std::size_t ff);

// Folded text with its offset map.
//
// - Letters are case folded and stripped of their diacritics; compatibility characters are
//   decomposed (ﬁ → "fi", ² → "2", … → "..."); œ/Œ → "oe", æ/Æ → "ae", ß → "ss".
// - Apostrophes (’ ‘ ʼ ′ ´ `) become "'", quotes (« » “ ” „) become '"', the Unicode dashes
//   and minus become '-', soft hyphens and zero-width characters disappear.
// - A run of white space (including no-break, narrow no-break and thin spaces, tabs and
//   single line breaks) becomes one ' '; a run holding a paragraph break ("\n\n", form feed,
//   U+2029) becomes one '\n'. Leading and trailing white space is dropped. A page break
//   inside a sentence (see continues_over_page_break) is a space, as in a word processor's
//   file, which does not cut a paragraph where a page ends.
struct FoldedText {
  std::string text;
  // to_source[i] is the source offset of the character that produced folded byte i;
  // to_source[text.size()] is the end of the source text. Non-decreasing.
  std::vector<std::uint32_t> to_source;

  // The source span that produced folded bytes [begin, end).
  [[nodiscard]] Span source_span(std::size_t begin, std::size_t end) const;
  // The first folded byte produced at or after source offset `offset`.
  [[nodiscard]] std::size_t folded_offset(std::size_t source_offset) const;
};

// Folds `source` (UTF-8; invalid bytes fold to U+FFFD). Safe to call from several threads.
[[nodiscard]] FoldedText fold(std::string_view source);

// The folded form alone, for patterns and queries.
[[nodiscard]] std::string fold_string(std::string_view source);

// Unicode NFC, for display (decomposed accents from some PDF producers are recomposed).
[[nodiscard]] std::string to_nfc(std::string_view source);

// True for the bytes that make up words in folded text: ASCII letters and digits and any
// byte of a non-ASCII character.
[[nodiscard]] inline bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80 || (u >= 'A' && u <= 'Z');
}

}  // namespace vigie::analysis
