// Plain text in UTF-8, UTF-16 or a legacy single-byte charset (Windows-1252, ISO-8859-15,
// CP850 and Mac Roman are what French administrations produce), converted to UTF-8 with
// glibc's iconv.

#include <iconv.h>

#include <array>
#include <cerrno>
#include <string>

#include "readers.hpp"
#include "text_builder.hpp"
#include "utf8.hpp"

namespace vigie::ingest::detail {
namespace {

std::optional<std::string> convert(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return std::nullopt;
  }
  std::string out;
  out.resize(bytes.size() * 3 + 16);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  bool ok = true;
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno == EILSEQ || errno == EINVAL) {
        // An undefined byte in this charset: mark it and go on.
        ++in;
        --in_left;
        if (out_left < 3) {
          ok = false;
          break;
        }
        *dst++ = static_cast<char>(0xEF);
        *dst++ = static_cast<char>(0xBF);
        *dst++ = static_cast<char>(0xBD);
        out_left -= 3;
      } else {
        ok = false;
        break;
      }
    }
  }
  iconv_close(cd);
  if (!ok) {
    return std::nullopt;
  }
  out.resize(out.size() - out_left);
  return out;
}

// How French a decoded text looks: letters, digits and usual punctuation score, control
// characters and unusual symbols cost.
long frenchness(std::string_view utf8) {
  static constexpr std::u32string_view k_good = U"àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—€°…";
  long score = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t cp = decode_utf8(utf8, pos);
    if (cp < 0x80) {
      continue;
    }
    if (k_good.find(cp) != std::u32string_view::npos) {
      score += 2;
    } else if (cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0)) {
      score -= 10;
    } else {
      score -= 3;
    }
  }
  return score;
}

struct Decoded {
  std::string text;
  std::string charset;
};

std::optional<Decoded> decode(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (is_valid_utf8(bytes)) {
      return Decoded{std::string(bytes), "UTF-8"};
    }
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    const bool le = bytes[0] == '\xFF';
    if (auto s = convert(bytes.substr(2), le ? "UTF-16LE" : "UTF-16BE")) {
      return Decoded{std::move(*s), le ? "UTF-16LE" : "UTF-16BE"};
    }
  }
  if (is_valid_utf8(bytes)) {
    return Decoded{std::string(bytes), "UTF-8"};
  }
  // UTF-16 without a byte order mark: NUL bytes on one side of every pair.
  std::size_t even_nul = 0;
  std::size_t odd_nul = 0;
  for (std::size_t i = 0; i < bytes.size() && i < 4096; ++i) {
    if (bytes[i] == '\0') {
      ((i & 1u) == 0 ? even_nul : odd_nul)++;
    }
  }
  const std::size_t sample = std::min<std::size_t>(bytes.size(), 4096) / 2;
  if (sample > 0 && (odd_nul > sample * 6 / 10 || even_nul > sample * 6 / 10)) {
    const char* cs = odd_nul > even_nul ? "UTF-16LE" : "UTF-16BE";
    if (auto s = convert(bytes, cs)) {
      return Decoded{std::move(*s), cs};
    }
  }
  static constexpr std::array<const char*, 4> k_candidates = {"WINDOWS-1252", "ISO-8859-15",
                                                              "CP850", "MACINTOSH"};
  std::optional<Decoded> best;
  long best_score = 0;
  for (const char* cs : k_candidates) {
    auto s = convert(bytes, cs);
    if (!s) {
      continue;
    }
    const long score = frenchness(*s);
    if (!best || score > best_score) {
      best_score = score;
      best = Decoded{std::move(*s), cs};
    }
  }
  return best;
}

}  // namespace

std::optional<Error> read_text(std::string_view bytes, const ExtractOptions& /*options*/,
                               Document& document) {
  auto decoded = decode(bytes);
  if (!decoded) {
    return make_error(document, ErrorCode::unsupported_format,
                      "texte dans un encodage de caractères non reconnu");
  }
  if (decoded->charset != "UTF-8") {
    document.diagnostics.push_back(
        {Severity::info, "charset",
         "encodage détecté : " + decoded->charset + ", converti en UTF-8", 0});
  }
  // Normalise line ends, then split pages on form feeds and paragraphs on blank lines.
  std::string text;
  text.reserve(decoded->text.size());
  for (std::size_t i = 0; i < decoded->text.size(); ++i) {
    const char c = decoded->text[i];
    if (c == '\r') {
      if (i + 1 < decoded->text.size() && decoded->text[i + 1] == '\n') {
        continue;
      }
      text.push_back('\n');
    } else if (c == '\0') {
      continue;
    } else {
      text.push_back(c);
    }
  }
  TextBuilder builder(document);
  std::size_t page_start = 0;
  while (page_start <= text.size()) {
    std::size_t page_end = text.find('\f', page_start);
    if (page_end == std::string::npos) {
      page_end = text.size();
    }
    builder.begin_page();
    const std::string_view page(text.data() + page_start, page_end - page_start);
    std::string paragraph;
    std::size_t line_start = 0;
    while (line_start <= page.size()) {
      std::size_t line_end = page.find('\n', line_start);
      if (line_end == std::string_view::npos) {
        line_end = page.size();
      }
      std::string_view line = page.substr(line_start, line_end - line_start);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        line.remove_suffix(1);
      }
      if (line.find_first_not_of(" \t") == std::string_view::npos) {
        builder.add_block(BlockKind::paragraph, paragraph);
        paragraph.clear();
      } else {
        if (!paragraph.empty()) {
          paragraph.push_back('\n');
        }
        paragraph.append(line);
      }
      line_start = line_end + 1;
    }
    builder.add_block(BlockKind::paragraph, paragraph);
    builder.end_page();
    page_start = page_end + 1;
  }
  // A trailing form feed does not open an empty last page.
  if (document.pages.size() > 1 && !document.pages.back().has_text && !text.empty() &&
      text.back() == '\f') {
    document.pages.pop_back();
    if (!document.text.empty() && document.text.back() == '\f') {
      document.text.pop_back();
    }
  }
  document.metadata.page_count = static_cast<int>(document.pages.size());
  if (document.blocks.empty()) {
    document.diagnostics.push_back({Severity::warning, "no-text", "fichier texte vide", 0});
  }
  return std::nullopt;
}

}  // namespace vigie::ingest::detail
