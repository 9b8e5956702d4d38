#pragma once

// Telling archives from documents by their structure (private to ingest): the ZIP central
// directory's member names, the ODT "mimetype" member, the signatures of 7z, RAR and tar.

#include <string_view>

namespace vigie::ingest::detail {

// What a ZIP is, from its member names (the central directory, or the local headers when the
// bytes stop before it) and the content of an ODF "mimetype" member.
enum class ZipKind { plain, docx, odt, xlsx, other_office };

[[nodiscard]] bool has_zip_signature(std::string_view bytes);
[[nodiscard]] ZipKind classify_zip(std::string_view bytes);

// 7z, RAR 4 or 5, tar, or a tar compressed with gzip, bzip2, xz or zstd.
[[nodiscard]] bool is_non_zip_archive(std::string_view bytes);

}  // namespace vigie::ingest::detail
