#pragma once

// Turns positioned words (as a PDF library reports them, in reading order) into the body
// text of a Document: lines, paragraphs, running headers and footers kept apart,
// hyphenated line ends rejoined, tables of contents recognised. Independent of Poppler so
// that it can be tested on hand-made pages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/ingest/document.hpp"

namespace vigie::ingest::detail {

// Page coordinates in points, origin at the top left, y growing downwards.
struct PdfWord {
  std::string text;  // UTF-8
  double x0 = 0;
  double y0 = 0;
  double x1 = 0;
  double y1 = 0;
  bool space_after = false;
  bool diagonal = false;  // glyphs run at an angle (typically a watermark)
  int rotation = 0;       // 0, 1, 2, 3 quarter turns
};

struct PdfPage {
  double width = 595;
  double height = 842;
  std::vector<PdfWord> words;
};

struct LayoutOptions {
  bool separate_furniture = true;
  bool join_hyphenated_words = true;
};

// Appends the pages to `document` (text, pages, blocks, furniture).
void layout_pages(const std::vector<PdfPage>& pages, const LayoutOptions& options,
                  Document& document);

// A table-of-contents line: "Article 3 – Objet ........ 5" gives {"Article 3 – Objet", "5"}.
struct TocLine {
  std::string title;
  std::string page;
};
std::optional<TocLine> parse_toc_line(std::string_view line);

// True for a line that only numbers the page: "3", "- 3 -", "Page 3", "Page 3 sur 12", "3/12".
bool is_page_number_line(std::string_view line);

// Appends `line` to the paragraph `block` (after a "\n"), or rejoins it to the last line
// when that line ends with a word hyphenated at the line end: "concer-" + "tation" gives
// "concertation", "co-" + "construction" keeps the hyphen ("co-construction").
void append_line(std::string& block, std::string_view line, bool join_hyphens);

}  // namespace vigie::ingest::detail
