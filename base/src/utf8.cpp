#include "vigie/base/utf8.hpp"

namespace vigie::utf8 {

char32_t decode_utf8(std::string_view text, std::size_t& pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int extra = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1;
    cp = b0 & 0x1Fu;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2;
    cp = b0 & 0x0Fu;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3;
    cp = b0 & 0x07u;
    min = 0x10000;
  } else {
    ++pos;
    return 0xFFFD;
  }
  if (pos + static_cast<std::size_t>(extra) >= text.size()) {
    ++pos;
    return 0xFFFD;
  }
  for (int i = 1; i <= extra; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + static_cast<std::size_t>(i)]);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return 0xFFFD;
  }
  pos += static_cast<std::size_t>(extra) + 1;
  return cp;
}

std::size_t previous_boundary(std::string_view text, std::size_t pos) {
  if (pos == 0) {
    return 0;
  }
  std::size_t start = pos - 1;
  while (start > 0 && is_continuation(text[start]) && pos - start < 4) {
    --start;
  }
  return start;
}

char32_t previous_code_point(std::string_view text, std::size_t pos) {
  if (pos == 0) {
    return 0;
  }
  std::size_t p = previous_boundary(text, pos);
  return decode_utf8(text, p);
}

bool is_valid_utf8(std::string_view bytes) {
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[pos]);
    if (b < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t before = pos;
    const char32_t cp = decode_utf8(bytes, pos);
    if (cp == 0xFFFD) {
      // A literal U+FFFD is three bytes long; anything else is an invalid sequence.
      if (pos - before != 3) {
        return false;
      }
    }
  }
  return true;
}

bool is_lower_letter(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') {
    return true;
  }
  if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) {
    return true;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    return (cp & 1u) == 1u || cp == 0x138;  // Latin Extended-A alternates upper/lower
  }
  return cp == 0x153 || (cp >= 0xFB00 && cp <= 0xFB06);  // œ, ligatures ﬁ ﬂ ...
}

bool is_upper_letter(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') {
    return true;
  }
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
    return true;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    return (cp & 1u) == 0u && cp != 0x138;
  }
  return cp == 0x152;
}

std::string lower_latin(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = decode_utf8(text, pos);
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) {
      cp += 0x20;
    } else if (cp == 0x152) {
      cp = 0x153;
    }
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace vigie::utf8
