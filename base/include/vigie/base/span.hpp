#pragma once

// A byte range of a text. Every position a stage hands on (a page, a sentence, a finding, a
// search hit) is one of these into the document's text, so it always leads back to a page.

#include <cstddef>

namespace vigie::base {

// A half-open byte range [begin, end). Invariant: begin <= end.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;

  [[nodiscard]] std::size_t size() const { return end - begin; }
  [[nodiscard]] bool empty() const { return begin == end; }
  [[nodiscard]] bool contains(std::size_t offset) const { return offset >= begin && offset < end; }
  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace vigie::base
