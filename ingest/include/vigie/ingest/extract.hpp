#pragma once

// Entry points of the ingest stage: read a file (or bytes) into a Document.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "vigie/ingest/document.hpp"
#include "vigie/ingest/error.hpp"

namespace vigie::ingest {

struct ExtractOptions {
  // Recognise running headers, footers and watermarks and keep them out of the body text.
  bool separate_furniture = true;
  // Rejoin words hyphenated at a line end ("concer-\ntation" -> "concertation").
  bool join_hyphenated_words = true;
  // Files larger than this are refused with ErrorCode::too_large.
  std::uint64_t max_file_size = std::uint64_t{512} * 1024 * 1024;
  // Largest uncompressed part read from a DOCX or ODT archive (guards against zip bombs).
  std::uint64_t max_part_size = std::uint64_t{256} * 1024 * 1024;
};

// What the bytes are, regardless of the file name. `unknown` covers everything vigie does
// not read; `xlsx`, `zip` and `other_office` are recognised only to say so precisely.
enum class SniffedType { pdf, docx, odt, text, xlsx, zip, other_office, binary, empty };

[[nodiscard]] SniffedType sniff(std::string_view bytes);
[[nodiscard]] std::string_view to_string(SniffedType type);

// Lowercase hex SHA-256 of `bytes` (the content hash recorded in Source::sha256).
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// Reads the file at `path`. The path is recorded as given.
[[nodiscard]] Result<Document> extract_file(const std::filesystem::path& path,
                                            const ExtractOptions& options = {});

// Reads `bytes` as if they were the file `display_path` (used for archive members).
// `mtime` is recorded in the Source, 0 when unknown.
[[nodiscard]] Result<Document> extract_bytes(std::string_view bytes, std::string display_path,
                                             std::int64_t mtime,
                                             const ExtractOptions& options = {});

}  // namespace vigie::ingest
