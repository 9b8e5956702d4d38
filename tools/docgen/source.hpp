#pragma once

// The sample-document source format (documented in corpus-samples/README.md): a small
// line-oriented markup from which vigie-docgen renders PDF, DOCX and ODT files.

#include <map>
#include <string>
#include <vector>

namespace vigie::docgen {

enum class BlockType {
  title,       // "= text": large centred title line
  heading,     // "#", "##", "###" text
  paragraph,   // lines separated by a blank line, re-wrapped
  raw_lines,   // "> text" lines, rendered exactly as written (forced line ends)
  list_item,   // "- text"
  table_row,   // "| a | b |"
  toc,         // "@toc": table of contents with dot leaders
  page_break,  // "@pagebreak"
  columns,     // "@columns N": starts a new page laid out in N columns
  scan_begin,  // "@scan": the next page is rendered as an image only (no text layer)
  spacer,      // "@space N": N points of vertical space
};

struct Block {
  BlockType type = BlockType::paragraph;
  int level = 0;                   // heading level, column count
  std::string text;                // paragraph and heading text
  std::vector<std::string> cells;  // table row cells, raw lines
};

struct Source {
  std::string path;
  std::map<std::string, std::string> meta;  // title, author, subject, keywords, header, footer,
                                            // watermark, font, created, header-first
  std::vector<Block> blocks;
};

// Parses `text`; throws std::runtime_error "path:line: message" on a syntax error.
Source parse_source(const std::string& text, const std::string& path);

}  // namespace vigie::docgen
