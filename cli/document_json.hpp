#pragma once

#include <nlohmann/json.hpp>

#include "vigie/ingest/document.hpp"
#include "vigie/ingest/error.hpp"

namespace vigie::cli {

// The JSON form of an extracted document (schema: docs/extract-json.md).
nlohmann::ordered_json document_to_json(const ingest::Document& document);

// The diagnostics of a document: [{severity, code, message, page}].
nlohmann::ordered_json diagnostics_to_json(const std::vector<ingest::Diagnostic>& diagnostics);

// The JSON form of a file that could not be read.
nlohmann::ordered_json error_to_json(const ingest::Error& error);

}  // namespace vigie::cli
