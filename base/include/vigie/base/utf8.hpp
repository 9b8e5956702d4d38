#pragma once

// Small UTF-8 helpers shared by the stages (decoding, encoding, stepping back, coarse
// Latin letter classes). Invalid input never throws: bad bytes decode to U+FFFD.
// The namespace is vigie::utf8, so stages write `utf8::decode_utf8(...)`.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::utf8 {

// Appends the UTF-8 encoding of `cp` (invalid code points become U+FFFD).
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Appends UTF-16 code units (host order) as UTF-8; lone surrogates become U+FFFD.
template <typename Char16>
void append_utf16(std::string& out, const Char16* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    char32_t u = static_cast<char32_t>(data[i]);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < size) {
      const auto low = static_cast<char32_t>(data[i + 1]);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        ++i;
        continue;
      }
    }
    append_utf8(out, u);
  }
}

// True for a continuation byte (10xxxxxx): never the first byte of a code point, so a cut
// made before it would split a character.
[[nodiscard]] constexpr bool is_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// Decodes the code point at `pos` and advances `pos`; invalid bytes give U+FFFD and
// advance by one byte.
char32_t decode_utf8(std::string_view text, std::size_t& pos);

// Where the code point ending just before `pos` starts (0 when pos == 0).
std::size_t previous_boundary(std::string_view text, std::size_t pos);

// The code point ending just before `pos` (0 when pos == 0).
char32_t previous_code_point(std::string_view text, std::size_t pos);

// True when `bytes` is entirely valid UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);

// Coarse letter classes, enough for layout decisions on Latin-script text.
bool is_lower_letter(char32_t cp);
bool is_upper_letter(char32_t cp);
inline bool is_letter(char32_t cp) { return is_lower_letter(cp) || is_upper_letter(cp); }

// Lowercases ASCII and Latin-1 letters of `text`; leaves other bytes as they are.
std::string lower_latin(std::string_view text);

}  // namespace vigie::utf8
