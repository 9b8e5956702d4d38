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
  // Longest extracted text kept for one document (UTF-8 bytes): beyond it the document is
  // refused with ErrorCode::too_large ("document trop long"); a text file larger than this
  // is refused before it is decoded.
  std::uint64_t max_text_size = std::uint64_t{32} * 1024 * 1024;
};

// What the bytes are, regardless of the file name, judged by structure first (a ZIP by its
// member names, not by the bytes of its members). `binary` covers everything vigie does not
// read; `xlsx`, `zip`, `archive` (7z, RAR, tar, compressed tar) and `other_office` are
// recognised only to say so precisely.
enum class SniffedType { pdf, docx, odt, text, xlsx, zip, other_office, binary, empty, archive };

[[nodiscard]] SniffedType sniff(std::string_view bytes);
[[nodiscard]] std::string_view to_string(SniffedType type);

// Lowercase hex SHA-256 of `bytes` (the content hash recorded in Source::sha256).
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// Reads the file at `path`. The path is recorded as given. A path that does not exist and
// holds "!/" names an archive member: "set.zip!/lots/b.zip!/CCTP.pdf" (a duplicate name as
// "CCTP.pdf#2", as walk_archive names it) is read from the longest existing file before a
// "!/", in memory.
[[nodiscard]] Result<Document> extract_file(const std::filesystem::path& path,
                                            const ExtractOptions& options = {});

// Reads `bytes` as if they were the file `display_path` (used for archive members).
// `mtime` is recorded in the Source, 0 when unknown.
[[nodiscard]] Result<Document> extract_bytes(std::string_view bytes, std::string display_path,
                                             std::int64_t mtime,
                                             const ExtractOptions& options = {});

}  // namespace vigie::ingest
