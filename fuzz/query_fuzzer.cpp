// libFuzzer harness: the search query parser (field filters, year ranges, operators,
// wildcards), without a database.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vigie/index/index.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = vigie::index::validate_query(text);
  if (parsed.ok()) {
    (void)parsed.value().size();
  } else {
    (void)parsed.error().message.size();
  }
  return 0;
}
