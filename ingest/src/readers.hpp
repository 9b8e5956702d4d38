#pragma once

// The per-format readers. Each fills `document` (whose source is already set) or returns
// the error that stops reading the file.

#include <optional>
#include <string_view>

#include "vigie/ingest/document.hpp"
#include "vigie/ingest/error.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::ingest::detail {

std::optional<Error> read_pdf(std::string_view bytes, const ExtractOptions& options,
                              Document& document);
std::optional<Error> read_docx(std::string_view bytes, const ExtractOptions& options,
                               Document& document);
std::optional<Error> read_odt(std::string_view bytes, const ExtractOptions& options,
                              Document& document);
std::optional<Error> read_text(std::string_view bytes, const ExtractOptions& options,
                               Document& document);

// Builds the Error for `document`'s file.
inline Error make_error(const Document& document, ErrorCode code, std::string detail) {
  return Error{code, document.source.path, std::move(detail)};
}

}  // namespace vigie::ingest::detail
