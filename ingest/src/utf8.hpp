#pragma once

// The ingest stage uses the shared UTF-8 helpers unqualified.

#include "vigie/base/utf8.hpp"

namespace vigie::ingest::detail {
using namespace vigie::utf8;  // NOLINT(google-build-using-namespace)
}  // namespace vigie::ingest::detail
