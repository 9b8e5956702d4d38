#pragma once

// Expected failures of reading a file. They are values, not exceptions: a batch reports
// them and goes on.

#include <string>
#include <string_view>
#include <utility>
#include <variant>

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

// The system's cause of a failure (an errno value), in French: "permission refusée",
// "espace disque insuffisant"…; strerror's text for the rare others.
[[nodiscard]] std::string cause_fr(int error);

struct Error {
  ErrorCode code = ErrorCode::damaged;
  std::string path;
  std::string detail;  // French, says the cause in user terms

  // One line for people: "PATH : DETAIL".
  [[nodiscard]] std::string message() const;
};

// The outcome of an operation that can fail on bad input (other stages give their own
// error type `E`).
template <typename T, typename E = Error>
class Result {
 public:
  Result(T value) : m_value(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(E error) : m_value(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_value); }
  explicit operator bool() const { return ok(); }

  [[nodiscard]] T& value() & { return std::get<T>(m_value); }
  [[nodiscard]] const T& value() const& { return std::get<T>(m_value); }
  [[nodiscard]] T&& value() && { return std::get<T>(std::move(m_value)); }
  [[nodiscard]] const E& error() const { return std::get<E>(m_value); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> m_value;
};

}  // namespace vigie::ingest
