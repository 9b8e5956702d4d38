#include "records.hpp"

#include <charconv>

namespace vigie::index::detail {
namespace {

constexpr char k_sep = '\x1f';  // unit separator: never in paths or extracted text

std::vector<std::string_view> split(std::string_view data, std::size_t max_fields) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < max_fields) {
    const auto at = data.find(k_sep);
    if (at == std::string_view::npos) {
      break;
    }
    out.push_back(data.substr(0, at));
    data.remove_prefix(at + 1);
  }
  out.push_back(data);
  return out;
}

template <typename T>
T number(std::string_view s) {
  T v{};
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::string encode(const FileRecord& r) {
  std::string out = "file";
  for (const std::string& f : {r.path, std::to_string(r.size), std::to_string(r.mtime), r.sha256,
                               r.content_id, std::to_string(r.pages), r.kind, r.title, r.buyer,
                               std::to_string(r.year), std::to_string(r.indexed_at)}) {
    out += k_sep;
    out += f;
  }
  return out;
}

FileRecord decode_file(std::string_view data) {
  const auto f = split(data, 12);
  FileRecord r;
  if (f.size() < 12 || f[0] != "file") {
    return r;
  }
  r.path = std::string(f[1]);
  r.size = number<std::uint64_t>(f[2]);
  r.mtime = number<std::int64_t>(f[3]);
  r.sha256 = std::string(f[4]);
  r.content_id = std::string(f[5]);
  r.pages = number<int>(f[6]);
  r.kind = std::string(f[7]);
  r.title = std::string(f[8]);
  r.buyer = std::string(f[9]);
  r.year = number<int>(f[10]);
  r.indexed_at = number<std::int64_t>(f[11]);
  return r;
}

std::string encode(const PageData& p) {
  return "page" + std::string(1, k_sep) + p.content_id + k_sep + std::to_string(p.page) + k_sep +
         p.text;
}

PageData decode_page(std::string_view data) {
  const auto f = split(data, 4);
  PageData p;
  if (f.size() < 4 || f[0] != "page") {
    return p;
  }
  p.content_id = std::string(f[1]);
  p.page = number<int>(f[2]);
  p.text = std::string(f[3]);
  return p;
}

}  // namespace vigie::index::detail
