#include "vigie/ingest/document.hpp"

#include <algorithm>

#include "vigie/ingest/error.hpp"

namespace vigie::ingest {

std::string_view to_string(Format format) {
  switch (format) {
    case Format::pdf:
      return "pdf";
    case Format::docx:
      return "docx";
    case Format::odt:
      return "odt";
    case Format::text:
      return "text";
  }
  return "text";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "info";
}

std::string_view to_string(Placement placement) {
  switch (placement) {
    case Placement::header:
      return "header";
    case Placement::footer:
      return "footer";
    case Placement::watermark:
      return "watermark";
  }
  return "header";
}

std::string_view to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::paragraph:
      return "paragraph";
    case BlockKind::heading:
      return "heading";
    case BlockKind::list_item:
      return "list_item";
    case BlockKind::table_cell:
      return "table_cell";
    case BlockKind::toc_entry:
      return "toc_entry";
  }
  return "paragraph";
}

int Document::page_at(std::size_t offset) const {
  // Pages are sorted by span; find the first page whose end is past the offset.
  const auto it = std::partition_point(pages.begin(), pages.end(),
                                       [offset](const Page& p) { return p.span.end <= offset; });
  if (it == pages.end() || offset < it->span.begin) {
    return 0;
  }
  return it->number;
}

std::string_view Document::text_of(Span span) const {
  if (span.begin > text.size() || span.end > text.size() || span.begin > span.end) {
    return {};
  }
  return std::string_view(text).substr(span.begin, span.size());
}

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::not_found:
      return "not-found";
    case ErrorCode::unreadable:
      return "unreadable";
    case ErrorCode::unsupported_format:
      return "unsupported-format";
    case ErrorCode::not_a_pdf:
      return "not-a-pdf";
    case ErrorCode::damaged:
      return "damaged";
    case ErrorCode::encrypted:
      return "encrypted";
    case ErrorCode::no_pages:
      return "no-pages";
    case ErrorCode::invalid_zip:
      return "invalid-zip";
    case ErrorCode::missing_part:
      return "missing-part";
    case ErrorCode::too_large:
      return "too-large";
    case ErrorCode::out_of_memory:
      return "out-of-memory";
  }
  return "damaged";
}

std::string Error::message() const { return path + " : " + detail; }

}  // namespace vigie::ingest
