#pragma once

// Xapian failures (and any other exception) as index::Error values: no exception leaves the
// index stage.

#include <xapian.h>

#include <exception>
#include <new>
#include <string>

#include "vigie/index/index.hpp"

namespace vigie::index::detail {

// `e` as an error about the database(s) `where` ("/data/index", "a, b").
[[nodiscard]] Error from_xapian(const Xapian::Error& e, const std::string& where);
// The same for the exception being handled (call inside a catch block only).
[[nodiscard]] Error from_current_exception(const std::string& where);

// Runs `f`, returning its result, or the error any exception it throws stands for.
template <typename F>
auto guarded(const std::string& where, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return from_current_exception(where);
  }
}

}  // namespace vigie::index::detail
