#pragma once

// Failures of the rules stage as values. A ruleset with a mistake is a list of LoadError
// (rule.hpp, with file:line:column); a check that cannot run is an Error. No function of this
// stage throws: Hyperscan's failures and a lack of memory become Errors at its entry points.

#include <string>
#include <string_view>

#include "vigie/base/result.hpp"

namespace vigie::rules {

enum class ErrorCode {
  out_of_memory,  // the scanner's working memory, or any other allocation, could not be had
  scan_failed,    // Hyperscan refused to scan the text (a bug of vigie or of Hyperscan)
  internal,       // any other failure: a bug
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // French
};

template <typename T>
using Result = base::Result<T, Error>;

}  // namespace vigie::rules
