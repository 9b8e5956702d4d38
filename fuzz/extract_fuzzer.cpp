// libFuzzer harness: a reader of the ingest stage (chosen by the name hint the build gives,
// VIGIE_FUZZ_NAME: "fuzz.pdf", "fuzz.docx", "fuzz.odt", "fuzz.txt") on arbitrary bytes.
// Any outcome is fine but a crash, a hang, a leak or undefined behaviour.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vigie/ingest/extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  vigie::ingest::ExtractOptions options;
  options.max_part_size = std::uint64_t{8} * 1024 * 1024;  // a fuzzer's memory is limited
  auto doc = vigie::ingest::extract_bytes(bytes, VIGIE_FUZZ_NAME, 0, options);
  if (doc.ok()) {
    // Touch the result: every page's span must lie within the text.
    std::size_t total = 0;
    for (const auto& page : doc.value().pages) {
      total += doc.value().text_of(page.span).size();
    }
    (void)total;
  } else {
    (void)doc.error().message();
  }
  return 0;
}
