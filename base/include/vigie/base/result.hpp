#pragma once

// The outcome of an operation that can fail on bad input: a value or an error, never an
// exception. Each stage has its own error type `E` (an error-code enum with a French
// message) and its own alias, such as `ingest::Result<T>` or `index::Result<T>`.

#include <utility>
#include <variant>

namespace vigie::base {

template <typename T, typename E>
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

// The value of an operation that returns nothing but can fail.
struct Done {};

template <typename E>
using Status = Result<Done, E>;

}  // namespace vigie::base
