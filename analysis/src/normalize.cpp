#include "vigie/analysis/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "vigie/base/utf8.hpp"

namespace vigie::analysis {
namespace {

// What one code point folds to.
enum class FoldClass : std::uint8_t { text, drop, space, paragraph };

struct FoldEntry {
  FoldClass cls = FoldClass::text;
  std::uint8_t size = 0;
  std::array<char, 14> bytes{};
};

const icu::Normalizer2* nfkd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

std::string icu_fold(char32_t cp) {
  icu::UnicodeString s(static_cast<UChar32>(cp));
  if (const auto* n = nfkd()) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString decomposed = n->normalize(s, status);
    if (U_SUCCESS(status)) {
      s = decomposed;
    }
  }
  icu::UnicodeString kept;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK && u_charType(c) != U_ENCLOSING_MARK) {
      kept.append(c);
    }
    i += U16_LENGTH(c);
  }
  kept.foldCase();
  std::string out;
  kept.toUTF8String(out);
  return out;
}

FoldEntry compute_entry(char32_t cp) {
  FoldEntry e;
  auto set = [&e](std::string_view s) {
    e.cls = FoldClass::text;
    e.size = static_cast<std::uint8_t>(std::min(s.size(), e.bytes.size()));
    std::copy_n(s.data(), e.size, e.bytes.data());
  };
  switch (cp) {
    case 0x2019:
    case 0x2018:
    case 0x201B:
    case 0x02BC:
    case 0x2032:
    case 0x00B4:
    case 0x0060:
    case 0xFF07:
      set("'");
      return e;
    case 0x00AB:
    case 0x00BB:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2039:
    case 0x203A:
      set("\"");
      return e;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
      set("-");
      return e;
    case 0x00AD:
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
      e.cls = FoldClass::drop;
      return e;
    case 0x2028:
      e.cls = FoldClass::space;
      return e;
    case 0x2029:
      e.cls = FoldClass::paragraph;
      return e;
    case 0x0152:
    case 0x0153:
      set("oe");
      return e;
    case 0x00C6:
    case 0x00E6:
      set("ae");
      return e;
    default:
      break;
  }
  if (u_isUWhiteSpace(static_cast<UChar32>(cp)) || cp == 0x00A0 || cp == 0x202F || cp == 0x2007) {
    e.cls = FoldClass::space;
    return e;
  }
  if (u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK ||
      u_charType(static_cast<UChar32>(cp)) == U_ENCLOSING_MARK ||
      u_charType(static_cast<UChar32>(cp)) == U_FORMAT_CHAR) {
    e.cls = FoldClass::drop;
    return e;
  }
  std::string folded = icu_fold(cp);
  // Spacing accents decompose to a space and a mark: keep them as nothing.
  folded.erase(std::remove(folded.begin(), folded.end(), ' '), folded.end());
  if (folded.empty()) {
    e.cls = FoldClass::drop;
    return e;
  }
  if (folded.size() > e.bytes.size()) {
    folded.clear();
    utf8::append_utf8(folded, cp);
  }
  set(folded);
  return e;
}

// Every code point below this bound is folded once into a table, a block of 256 code points
// at a time when a character of the block is first met: a French text needs two or three
// blocks, so a short run (a query) does not pay for folding 12,288 code points with ICU.
constexpr char32_t k_table_size = 0x3000;
constexpr char32_t k_block = 256;

struct LazyTable {
  std::array<std::once_flag, k_table_size / k_block> filled;
  std::vector<FoldEntry> entries = std::vector<FoldEntry>(k_table_size);
};

LazyTable& lazy_table() {
  static LazyTable t;
  return t;
}

const FoldEntry& table_entry(char32_t cp) {
  auto& t = lazy_table();
  const char32_t block = cp / k_block;
  std::call_once(t.filled[block], [&t, block] {
    for (char32_t c = std::max<char32_t>(block * k_block, 0x80); c < (block + 1) * k_block; ++c) {
      if (c < 0xD800 || c > 0xDFFF) {
        t.entries[c] = compute_entry(c);
      }
    }
  });
  return t.entries[cp];
}

FoldEntry entry_for(char32_t cp) {
  if (cp < k_table_size) {
    return table_entry(cp);
  }
  return compute_entry(cp);
}

}  // namespace

Span FoldedText::source_span(std::size_t begin, std::size_t end) const {
  const std::size_t n = text.size();
  begin = std::min(begin, n);
  end = std::clamp(end, begin, n);
  Span s{to_source[begin], to_source[end]};
  if (end > begin && s.end <= to_source[end - 1]) {
    // The span ends inside the expansion of one character (œ → "oe"): take the character.
    std::size_t k = end;
    while (k < n && to_source[k] == to_source[end - 1]) {
      ++k;
    }
    s.end = to_source[k];
  }
  return s;
}

std::size_t FoldedText::folded_offset(std::size_t source_offset) const {
  const auto it = std::lower_bound(to_source.begin(), to_source.end() - 1,
                                   static_cast<std::uint32_t>(source_offset));
  return static_cast<std::size_t>(it - to_source.begin());
}

bool continues_over_page_break(std::string_view text, std::size_t ff) {
  std::size_t before = ff;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\n' ||
                        text[before - 1] == '\t' || text[before - 1] == '\r')) {
    --before;
  }
  std::size_t after = ff + 1;
  while (after < text.size() && (text[after] == ' ' || text[after] == '\n' || text[after] == '\t' ||
                                 text[after] == '\r')) {
    ++after;
  }
  if (before == 0 || after >= text.size()) {
    return false;
  }
  const char32_t last = utf8::previous_code_point(text, before);
  static constexpr std::u32string_view k_ends = U".!?;:\u2026\f";
  if (k_ends.find(last) != std::u32string_view::npos) {
    return false;
  }
  std::size_t q = after;
  return utf8::is_lower_letter(utf8::decode_utf8(text, q));
}

FoldedText fold(std::string_view source) {
  FoldedText out;
  out.text.reserve(source.size());
  out.to_source.reserve(source.size() + 1);
  // Pending white space: none, a space, or a paragraph break, and where it started.
  int pending = 0;  // 0 none, 1 space, 2 paragraph
  int newlines = 0;
  std::uint32_t pending_at = 0;
  auto note_space = [&](int kind, std::size_t at) {
    if (pending == 0) {
      pending_at = static_cast<std::uint32_t>(at);
    }
    pending = std::max(pending, kind);
  };
  auto flush_space = [&] {
    if (pending != 0 && !out.text.empty()) {
      out.text.push_back(pending == 2 ? '\n' : ' ');
      out.to_source.push_back(pending_at);
    }
    pending = 0;
    newlines = 0;
  };
  std::size_t pos = 0;
  const std::size_t n = source.size();
  while (pos < n) {
    const auto b = static_cast<unsigned char>(source[pos]);
    if (b < 0x80) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\v') {
        note_space(1, pos);
      } else if (b == '\n') {
        ++newlines;
        note_space(newlines >= 2 ? 2 : 1, pos);
      } else if (b == '\f') {
        if (continues_over_page_break(source, pos)) {
          note_space(1, pos);
          newlines = 0;  // the line ends around the page break do not make a paragraph
        } else {
          note_space(2, pos);
        }
      } else {
        if (pending != 0) {
          flush_space();
        }
        newlines = 0;
        out.text.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
        out.to_source.push_back(static_cast<std::uint32_t>(pos));
      }
      ++pos;
      continue;
    }
    const std::size_t at = pos;
    const char32_t cp = utf8::decode_utf8(source, pos);
    const FoldEntry e = entry_for(cp);
    switch (e.cls) {
      case FoldClass::drop:
        break;
      case FoldClass::space:
        note_space(1, at);
        break;
      case FoldClass::paragraph:
        note_space(2, at);
        break;
      case FoldClass::text:
        if (pending != 0) {
          flush_space();
        }
        newlines = 0;
        out.text.append(e.bytes.data(), e.size);
        out.to_source.insert(out.to_source.end(), e.size, static_cast<std::uint32_t>(at));
        break;
    }
  }
  out.to_source.push_back(static_cast<std::uint32_t>(n));
  return out;
}

std::string fold_string(std::string_view source) { return fold(source).text; }

std::string to_nfc(std::string_view source) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return std::string(source);
  }
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(source.data(), static_cast<int32_t>(source.size())));
  if (n->isNormalized(in, status) && U_SUCCESS(status)) {
    return std::string(source);
  }
  status = U_ZERO_ERROR;
  const icu::UnicodeString out = n->normalize(in, status);
  if (U_FAILURE(status)) {
    return std::string(source);
  }
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace vigie::analysis
