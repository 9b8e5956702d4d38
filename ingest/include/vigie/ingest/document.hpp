#pragma once

// The vocabulary of the ingest stage: a Document is the text of one file, page by page,
// with where it came from and what went wrong while reading it. Later stages hold byte
// spans into Document::text, so a finding or a search hit always points back to a page.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/base/span.hpp"

namespace vigie::ingest {

// A half-open byte range [begin, end) into Document::text (base::Span).
using Span = base::Span;

// The format a file was read as, sniffed from its bytes.
enum class Format { pdf, docx, odt, text };

[[nodiscard]] std::string_view to_string(Format format);

enum class Severity { info, warning, error };

[[nodiscard]] std::string_view to_string(Severity severity);

// Something worth telling the user about a file that was nevertheless read. `code` is a
// stable English identifier (e.g. "no-text-layer"); `message` is French, for people.
// `page` is 1-based, 0 when the diagnostic concerns the whole file. `pages` lists, in order,
// the pages a file-wide diagnostic is about when it names several (the pages of a PDF
// without a text layer: "no-text-layer", "empty-page", "unreadable-page").
struct Diagnostic {
  Severity severity = Severity::info;
  std::string code;
  std::string message;
  int page = 0;
  std::vector<int> pages = {};
};

struct Source {
  std::string path;        // as given by the user (or "archive.zip!/inner/path")
  std::uint64_t size = 0;  // bytes
  std::int64_t mtime = 0;  // seconds since the epoch, 0 when unknown
  std::string sha256;      // lowercase hex of the file's bytes
};

// Document properties as the file declares them. Dates are ISO 8601 ("2025-03-14T10:02:00Z"),
// empty when absent. The title is empty too when the declared one is what a word processor
// or a PDF printer puts there by default ("Microsoft Word - CCTP.docx", "Document1", "Sans
// titre", a file name or a path), not a title.
struct Metadata {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;
  std::string creator;
  std::string producer;
  std::string created;
  std::string modified;
  int page_count = 0;
};

// One page of the body text. `span` covers the page's body text in Document::text (the
// page separator "\f" is outside every span). For DOCX and ODT, pages follow the page breaks
// recorded in the file (explicit breaks and the word processor's last layout).
struct Page {
  int number = 0;  // 1-based
  Span span;
  bool has_text = false;
};

// Page furniture kept apart from the body: running headers and footers, watermarks.
enum class Placement { header, footer, watermark };

[[nodiscard]] std::string_view to_string(Placement placement);

struct Furniture {
  Placement placement = Placement::header;
  int page = 0;  // 1-based page it was seen on; 0 when it applies to every page (DOCX, ODT)
  std::string text;
};

// The structure a file states or that its layout shows: paragraphs, headings (with their
// level when known, 1 = top), list items, table cells (row and column 0-based) and lines of
// a table of contents.
enum class BlockKind { paragraph, heading, list_item, table_cell, toc_entry };

[[nodiscard]] std::string_view to_string(BlockKind kind);

struct Block {
  BlockKind kind = BlockKind::paragraph;
  Span span;
  int page = 0;
  int level = 0;   // heading level or list depth; 0 when not applicable
  int table = -1;  // index of the table a cell belongs to, -1 otherwise
  int row = -1;
  int column = -1;
};

struct Document {
  std::string id;  // stable content identifier: the first 16 hex digits of Source::sha256
  Source source;
  Format format = Format::text;
  Metadata metadata;
  // UTF-8 body text. Pages are separated by "\f", blocks by "\n\n", lines of a block by "\n".
  std::string text;
  std::vector<Page> pages;
  std::vector<Block> blocks;
  std::vector<Furniture> furniture;
  std::vector<Diagnostic> diagnostics;

  // The page holding byte `offset` of `text`, or 0 when the offset is outside every page.
  [[nodiscard]] int page_at(std::size_t offset) const;
  [[nodiscard]] std::string_view text_of(Span span) const;
};

}  // namespace vigie::ingest
