#pragma once

// Builds Document::text, its pages and blocks while a reader walks a file, keeping the
// separators ("\f" between pages, "\n\n" between blocks) consistent across formats.

#include <string_view>

#include "vigie/ingest/document.hpp"

namespace vigie::ingest::detail {

class TextBuilder {
 public:
  explicit TextBuilder(Document& document) : m_doc(document) {}

  // Starts the next page. Closes the current one if it is open.
  void begin_page();
  // Closes the current page, if any.
  void end_page();
  // A page break recorded by a word processor: starts the next page unless the current one
  // is still empty (Word often records one break twice: an explicit break, then the break
  // of its last layout).
  void break_page();
  [[nodiscard]] int page_number() const { return m_page_open ? m_doc.pages.back().number : 0; }

  // Appends a block to the current page (opening page 1 if none is open). Empty or
  // all-blank text is ignored and gives an empty span.
  Span add_block(BlockKind kind, std::string_view text, int level = 0, int table = -1, int row = -1,
                 int column = -1);

 private:
  Document& m_doc;
  bool m_page_open = false;
  bool m_page_has_block = false;
};

// Adds a header or footer that applies to every page (page 0), unless the same text is
// already there for that placement.
void add_furniture_once(Document& document, Placement placement, const std::string& text);

// Final checks shared by the DOCX and ODT readers: sets the page count, says when pages are
// only approximate (the file recorded no page breaks of its last layout while it declares
// `declared_pages`), and when the document has no text.
void finish_word_processor_document(Document& document, bool recorded_breaks, int declared_pages);

}  // namespace vigie::ingest::detail
