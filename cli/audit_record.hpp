#pragma once

// One line of an audit: what the audit keeps of a document (docs/audit.md, "documents").
// Built in the worker process that read the document; the parent journals it as one JSON
// line and builds every report from these records alone (so `audit merge` needs nothing
// else).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "check_report.hpp"
#include "vigie/ingest/error.hpp"

namespace vigie::cli {

nlohmann::ordered_json audit_record(const CheckedDocument& doc, const rules::Engine& engine);

// A document that could not be read: `code` is ingest's error code or "crash"/"timeout".
nlohmann::ordered_json audit_error_record(const std::string& path, std::uint64_t size,
                                          std::int64_t mtime, const std::string& code,
                                          const std::string& message);

}  // namespace vigie::cli
