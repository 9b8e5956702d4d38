#pragma once

// Expected failures of reading a file. They are values, not exceptions: a batch reports
// them and goes on.

#include <string>
#include <string_view>

#include "vigie/base/result.hpp"

namespace vigie::ingest {

enum class ErrorCode {
  not_found,           // no such file
  unreadable,          // permission denied, a directory, an I/O error
  unsupported_format,  // bytes of no format vigie reads (or a format it does not read)
  not_a_pdf,           // named .pdf but the bytes are not a PDF
  damaged,             // a PDF, ZIP or XML structure too broken to read
  encrypted,           // protected by a user password
  no_pages,            // a PDF with no page at all
  invalid_zip,         // a DOCX or ODT that is not a valid ZIP archive
  missing_part,        // a valid ZIP lacking the main part (word/document.xml, content.xml)
  too_large,           // over the configured size limit
  out_of_memory,       // memory ran out while reading (a process limit, a huge page)
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::damaged;
  std::string path;
  std::string detail;  // French, says the cause in user terms

  // One line for people: "PATH : DETAIL".
  [[nodiscard]] std::string message() const;
};

// The outcome of reading a file: the value or an Error (base::Result with ingest's error;
// other stages give their own error type `E`).
template <typename T, typename E = Error>
using Result = base::Result<T, E>;

}  // namespace vigie::ingest
