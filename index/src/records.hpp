#pragma once

// The data stored with Xapian documents: a file record (one per path) and a page (its
// content id, number and text, for snippets).

#include <string>
#include <string_view>
#include <vector>

#include "vigie/index/index.hpp"

namespace vigie::index::detail {

[[nodiscard]] std::string encode(const FileRecord& r);
[[nodiscard]] FileRecord decode_file(std::string_view data);

struct PageData {
  std::string content_id;
  int page = 0;
  std::string text;  // the page's body text as extracted
};

[[nodiscard]] std::string encode(const PageData& p);
[[nodiscard]] PageData decode_page(std::string_view data);

}  // namespace vigie::index::detail
