// Recognition of numbered headings on one line, and of table-of-contents lines.

#include <algorithm>
#include <array>
#include <cctype>

#include "vigie/analysis/text_tools.hpp"
#include "vigie/base/utf8.hpp"

namespace vigie::analysis {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Value of a Roman numeral (I V X L C), 0 when `s` is not one.
int roman_value(std::string_view s) {
  if (s.empty() || s.size() > 7) {
    return 0;
  }
  auto digit = [](char c) {
    switch (c) {
      case 'i':
      case 'I':
        return 1;
      case 'v':
      case 'V':
        return 5;
      case 'x':
      case 'X':
        return 10;
      case 'l':
      case 'L':
        return 50;
      case 'c':
      case 'C':
        return 100;
      default:
        return 0;
    }
  };
  int total = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int v = digit(s[i]);
    if (v == 0) {
      return 0;
    }
    const int next = i + 1 < s.size() ? digit(s[i + 1]) : 0;
    total += v < next ? -v : v;
  }
  // Reject malformed numerals ("IIII", "VX") by re-spelling the value.
  static constexpr std::array<std::pair<int, std::string_view>, 9> k_parts = {{{100, "c"},
                                                                               {90, "xc"},
                                                                               {50, "l"},
                                                                               {40, "xl"},
                                                                               {10, "x"},
                                                                               {9, "ix"},
                                                                               {5, "v"},
                                                                               {4, "iv"},
                                                                               {1, "i"}}};
  std::string spelled;
  int rest = total;
  for (const auto& [value, text] : k_parts) {
    while (rest >= value) {
      spelled += text;
      rest -= value;
    }
  }
  std::string lower(s);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return spelled == lower ? total : 0;
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in_word) {
      ++n;
    }
    in_word = !space;
  }
  return n;
}

// A heading's title must not read like a sentence or a list item.
bool plausible_title(std::string_view title, std::size_t max_words_with_period) {
  if (title.empty()) {
    return true;
  }
  const char last = title.back();
  if (last == ';' || last == ',') {
    return false;
  }
  if (last == '.' && word_count(title) > max_words_with_period) {
    return false;
  }
  return word_count(title) <= 30;
}

struct Cursor {
  std::string_view folded;
  std::size_t pos = 0;
  void skip_spaces() {
    while (pos < folded.size() && folded[pos] == ' ') {
      ++pos;
    }
  }
  bool starts_with(std::string_view word) const { return folded.substr(pos).starts_with(word); }
  [[nodiscard]] bool at_word_end(std::size_t p) const {
    return p >= folded.size() || !is_word_byte(folded[p]);
  }
};

// The separator between a heading's number and its title: spaces, then optionally one of
// "-", ":", ".", ")", "/" and spaces. Returns whether a punctuation separator was seen.
bool skip_separator(Cursor& c) {
  c.skip_spaces();
  bool seen = false;
  if (c.pos < c.folded.size()) {
    const char ch = c.folded[c.pos];
    if (ch == '-' || ch == ':' || ch == '.' || ch == ')' || ch == '/') {
      seen = true;
      ++c.pos;
      while (c.pos < c.folded.size() && (c.folded[c.pos] == '-' || c.folded[c.pos] == '.')) {
        ++c.pos;
      }
    }
  }
  c.skip_spaces();
  return seen;
}

// Reads a dotted number "3", "3.2", "12.1.4" (components of one or two digits); the
// trailing period of "3." is consumed. Returns the number without a trailing period.
std::optional<std::pair<std::string, int>> read_dotted(Cursor& c) {
  std::string number;
  int depth = 0;
  std::size_t p = c.pos;
  while (true) {
    const std::size_t start = p;
    while (p < c.folded.size() && is_digit(c.folded[p])) {
      ++p;
    }
    const std::size_t len = p - start;
    if (len == 0 || len > 2) {
      return std::nullopt;
    }
    if (!number.empty()) {
      number.push_back('.');
    }
    number.append(c.folded.substr(start, len));
    ++depth;
    if (p + 1 < c.folded.size() && c.folded[p] == '.' && is_digit(c.folded[p + 1])) {
      ++p;
      continue;
    }
    break;
  }
  if (p < c.folded.size() && is_word_byte(c.folded[p])) {
    return std::nullopt;  // "3e", "12h00", "2bis"
  }
  c.pos = p;
  return std::make_pair(number, depth);
}

struct Keyword {
  std::string_view word;
  HeadingStyle style;
};

// "Phase 2 – Implication des usagers", "Étape 1 : diagnostic": a part of a study or a mission,
// with its number and a separator (a sentence "Phase 2 du projet prévoit …" has neither).
constexpr std::array<Keyword, 10> k_keywords = {{{"article", HeadingStyle::article},
                                                 {"art.", HeadingStyle::article},
                                                 {"titre", HeadingStyle::titre},
                                                 {"chapitre", HeadingStyle::chapitre},
                                                 {"partie", HeadingStyle::partie},
                                                 {"section", HeadingStyle::section},
                                                 {"annexe", HeadingStyle::annexe},
                                                 {"sous-section", HeadingStyle::section},
                                                 {"phase", HeadingStyle::section},
                                                 {"etape", HeadingStyle::section}}};

constexpr std::array<std::string_view, 10> k_ordinals = {
    "premiere", "deuxieme", "troisieme", "quatrieme", "cinquieme",
    "sixieme",  "septieme", "huitieme",  "neuvieme",  "seconde"};

}  // namespace

bool looks_like_toc_line(std::string_view line) {
  line = trim(line);
  std::size_t e = line.size();
  while (e > 0 && is_digit(line[e - 1])) {
    --e;
  }
  if (e == line.size() || line.size() - e > 4) {
    // Roman page numbers ("iv") are rare enough in tenders to leave out.
    return false;
  }
  std::size_t dots = 0;
  std::size_t p = e;
  while (p > 0 && (line[p - 1] == '.' || line[p - 1] == ' ' || line[p - 1] == '\t' ||
                   line[p - 1] == '_' || static_cast<unsigned char>(line[p - 1]) >= 0x80)) {
    // "…" is three bytes ≥ 0x80; other non-ASCII bytes end the leader.
    if (static_cast<unsigned char>(line[p - 1]) >= 0x80) {
      if (p >= 3 && line.substr(p - 3, 3) == "\xE2\x80\xA6") {
        dots += 3;
        p -= 3;
        continue;
      }
      break;
    }
    if (line[p - 1] == '.' || line[p - 1] == '_') {
      ++dots;
    }
    if (line[p - 1] == '\t') {
      dots += 4;
    }
    --p;
  }
  return p > 0 && dots >= 4;
}

std::optional<HeadingMatch> match_heading(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.size() > 240 || looks_like_toc_line(line)) {
    return std::nullopt;
  }
  // Cheap refusals first: a heading starts with a digit, a capital, or "a)"-style letter;
  // a line starting with a lowercase word is body text ("article" in lower case included,
  // which a title would capitalise).
  const char first_char = line.front();
  if (is_lower_ascii(first_char) && !(line.size() > 1 && line[1] == ')')) {
    return std::nullopt;
  }
  if (!is_digit(first_char) && !is_upper_ascii(first_char) && !is_lower_ascii(first_char) &&
      static_cast<unsigned char>(first_char) < 0x80) {
    return std::nullopt;
  }
  // The number and keyword sit in the first characters: fold only those.
  std::size_t prefix = std::min<std::size_t>(line.size(), 64);
  while (prefix < line.size() && utf8::is_continuation(line[prefix])) {
    ++prefix;
  }
  const FoldedText f = fold(line.substr(0, prefix));
  Cursor c{f.text, 0};
  HeadingMatch m;
  auto title_from = [&](std::size_t folded_pos) {
    const std::size_t src = f.to_source[std::min(folded_pos, f.text.size())];
    std::string_view t = trim(line.substr(src));
    while (!t.empty() && (t.back() == ':' || t.back() == ' ')) {
      t.remove_suffix(1);
    }
    return std::string(t);
  };
  auto source_at = [&](std::size_t folded_pos) -> char {
    const std::size_t src = f.to_source[std::min(folded_pos, f.text.size())];
    return src < line.size() ? line[src] : '\0';
  };

  // "Première partie"
  for (std::size_t index = 0; index < k_ordinals.size(); ++index) {
    const std::string_view ordinal = k_ordinals[index];
    if (c.starts_with(ordinal) && f.text.substr(ordinal.size()).starts_with(" partie") &&
        c.at_word_end(ordinal.size() + 7)) {
      c.pos = ordinal.size() + 7;
      const bool sep = skip_separator(c);
      m.style = HeadingStyle::partie;
      m.number = std::to_string(index == 9 ? 2 : index + 1);
      m.title = title_from(c.pos);
      if (!sep && !m.title.empty() && is_lower_ascii(source_at(c.pos))) {
        return std::nullopt;
      }
      return m;
    }
  }

  for (const auto& kw : k_keywords) {
    if (!c.starts_with(kw.word) || (kw.word.back() != '.' && !c.at_word_end(kw.word.size()))) {
      continue;
    }
    c.pos = kw.word.size();
    c.skip_spaces();
    m.style = kw.style;
    // The number: dotted digits, a Roman numeral, "premier"/"1er"/"unique", or a letter.
    if (auto dotted = read_dotted(c)) {
      m.number = dotted->first;
      m.depth = dotted->second;
    } else if (c.starts_with("1er") && c.at_word_end(c.pos + 3)) {
      m.number = std::string(1, '1');
      c.pos += 3;
    } else if (c.starts_with("premier") && c.at_word_end(c.pos + 7)) {
      m.number = std::string(1, '1');
      c.pos += 7;
    } else if (c.starts_with("unique") && c.at_word_end(c.pos + 6)) {
      m.number = "unique";
      c.pos += 6;
    } else {
      std::size_t e = c.pos;
      while (e < f.text.size() && is_word_byte(f.text[e])) {
        ++e;
      }
      const std::string_view word = std::string_view(f.text).substr(c.pos, e - c.pos);
      if (const int v = roman_value(word); v > 0 && v <= 40 && word.size() <= 6) {
        // Keep the numeral as written in the source.
        m.number =
            std::string(line.substr(f.to_source[c.pos], f.to_source[e] - f.to_source[c.pos]));
        c.pos = e;
      } else if (word.size() == 1 && is_lower_ascii(word[0])) {
        m.number = std::string(1, static_cast<char>(word[0] - 32));
        c.pos = e;
      } else if (kw.style != HeadingStyle::annexe) {
        return std::nullopt;  // "Article unique" handled; "article L. 2123-1 …" is not a heading
      }
    }
    const bool sep = skip_separator(c);
    m.title = title_from(c.pos);
    // "Article 3 du CCAP prévoit …" is a sentence, not a heading.
    if (!sep && !m.title.empty() && !is_upper_ascii(source_at(c.pos)) &&
        static_cast<unsigned char>(source_at(c.pos)) < 0x80) {
      return std::nullopt;
    }
    if (!plausible_title(m.title, 8)) {
      return std::nullopt;
    }
    return m;
  }

  // "3.2.1 Phase de diagnostic", "2. Contexte"
  if (is_digit(f.text[0])) {
    auto dotted = read_dotted(c);
    if (!dotted) {
      return std::nullopt;
    }
    const bool trailing_period = c.pos < f.text.size() && f.text[c.pos] == '.';
    skip_separator(c);
    m.style = HeadingStyle::numbered;
    m.number = dotted->first;
    m.depth = dotted->second;
    m.title = title_from(c.pos);
    if (m.title.empty()) {
      return std::nullopt;
    }
    const char first = source_at(c.pos);
    const bool upper = is_upper_ascii(first) || static_cast<unsigned char>(first) >= 0xC3;
    if (!upper) {
      return std::nullopt;  // "3 réunions publiques seront organisées."
    }
    if (dotted->second == 1 && !trailing_period && std::stoi(dotted->first) > 30) {
      return std::nullopt;
    }
    if (!plausible_title(m.title, 6)) {
      return std::nullopt;
    }
    return m;
  }

  // "B.3 Objectifs", "II.1 Intitulé": a part's letter or Roman numeral, then its dotted
  // number (the articles of "Partie B", the items of an notice's "Section II").
  {
    std::size_t e = 0;
    while (e < f.text.size() && e < 5 && (f.text[e] >= 'a' && f.text[e] <= 'z')) {
      ++e;
    }
    const std::string_view head = std::string_view(f.text).substr(0, e);
    const bool letter = e == 1 && head[0] <= 'h';
    const bool roman = e >= 1 && roman_value(head) > 0 && roman_value(head) <= 40;
    if ((letter || roman) && is_upper_ascii(line[0]) && e + 1 < f.text.size() && f.text[e] == '.' &&
        is_digit(f.text[e + 1])) {
      Cursor d{f.text, e + 1};
      if (auto dotted = read_dotted(d)) {
        skip_separator(d);
        m.style = HeadingStyle::numbered;
        m.number = std::string(line.substr(0, e)) + "." + dotted->first;
        m.depth = dotted->second + 1;
        m.title = title_from(d.pos);
        const char first = source_at(d.pos);
        const bool upper = is_upper_ascii(first) || static_cast<unsigned char>(first) >= 0xC3;
        if (m.title.empty() || !upper || !plausible_title(m.title, 6)) {
          return std::nullopt;
        }
        return m;
      }
    }
  }

  // "II. Contexte", "IV – Modalités"; "A. Contexte", "b) Les ateliers"
  std::size_t e = 0;
  while (e < line.size() && (is_upper_ascii(line[e]) || is_lower_ascii(line[e]))) {
    ++e;
  }
  if (e == 0 || e >= line.size()) {
    return std::nullopt;
  }
  const std::string_view token = line.substr(0, e);
  Cursor rest{f.text, 0};
  // The folded text keeps ASCII letters byte for byte, so offsets agree up to `e`.
  rest.pos = e;
  const char after = line[e];
  if (after != '.' && after != ')' && after != ' ' && after != '-') {
    return std::nullopt;
  }
  const bool sep = skip_separator(rest);
  if (!sep) {
    return std::nullopt;
  }
  m.title = title_from(rest.pos);
  if (m.title.empty()) {
    return std::nullopt;
  }
  const char first = source_at(rest.pos);
  const bool all_upper = std::all_of(token.begin(), token.end(), is_upper_ascii);
  if (all_upper && token != "D" && token != "M" && roman_value(token) > 0 &&
      roman_value(token) <= 40 &&
      (token.size() > 1 || after != '.' || token == "I" || token == "V" || token == "X")) {
    if (!(is_upper_ascii(first) || static_cast<unsigned char>(first) >= 0xC3)) {
      return std::nullopt;
    }
    m.style = HeadingStyle::roman;
    m.number = std::string(token);
    if (!plausible_title(m.title, 6)) {
      return std::nullopt;
    }
    return m;
  }
  if (token.size() == 1) {
    const char l = token[0];
    const bool upper_item =
        is_upper_ascii(l) && l <= 'H' && (after == '.' || after == ')' || after == ' ');
    const bool lower_item = is_lower_ascii(l) && l <= 'h' && after == ')';
    if ((upper_item && (is_upper_ascii(first) || static_cast<unsigned char>(first) >= 0xC3)) ||
        lower_item) {
      if (is_digit(first) || !plausible_title(m.title, 0) || word_count(m.title) > 14) {
        return std::nullopt;
      }
      m.style = HeadingStyle::letter;
      m.number = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(l))));
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace vigie::analysis
