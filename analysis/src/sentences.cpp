// Sentence splitting: ICU's French sentence rules, then a pass that rejoins the breaks ICU
// makes after the abbreviations of administrative French.

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "vigie/analysis/text_tools.hpp"

namespace vigie::analysis {
namespace {

// Words that end with a period without ending the sentence, folded, without the period.
// "etc." is not among them: followed by a capital it usually does end the sentence.
constexpr std::array k_abbreviations = {
    "art", "arts", "m",    "mm",   "mme",    "mmes", "mlle",  "mr",  "dr",  "pr",   "me",
    "cf",  "p",    "pp",   "n",    "no",     "nos",  "ex",    "env", "vol", "chap", "fig",
    "tel", "av",   "bd",   "bld",  "st",     "ste",  "min",   "max", "hab", "ed",   "coll",
    "op",  "cit",  "ibid", "id",   "approx", "al",   "parag", "s",   "ss",  "resp", "suiv",
    "sq",  "sqq",  "dept", "adm",  "dir",    "serv", "ca",    "loc", "obs", "ord",  "v",
    "vs",  "cass", "civ",  "crim", "jorf",   "jo",   "c"};

bool is_abbreviation(std::string_view word) {
  if (word.empty()) {
    return false;
  }
  std::string lower;
  lower.reserve(word.size());
  for (const char ch : word) {
    lower.push_back(static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
  }
  return std::find(k_abbreviations.begin(), k_abbreviations.end(), lower) != k_abbreviations.end();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

// True when the text before `end` (a break position) ends with an abbreviation and its
// period, or with an initial ("J.", "L."), so that the break must be undone.
bool ends_with_abbreviation(std::string_view text, std::size_t end) {
  std::size_t e = end;
  while (e > 0 && is_space(text[e - 1])) {
    --e;
  }
  if (e == 0 || text[e - 1] != '.') {
    return false;
  }
  const std::size_t dot = e - 1;
  std::size_t b = dot;
  while (b > 0 && !is_space(text[b - 1]) && text[b - 1] != '(' && text[b - 1] != '"') {
    --b;
  }
  const std::string_view word = text.substr(b, dot - b);
  if (word.empty()) {
    return false;
  }
  // "H.T.", "S.A.R.L.", "c.-à-d.": chains of letters and periods are abbreviations only
  // when they are short letters; "H.T." then a capital is left to ICU (it often does end).
  if (word.find('.') != std::string_view::npos) {
    return word == "c.-à-d" || word == "C.-à-d" || word == "i.e" || word == "e.g";
  }
  if (word.size() == 1 && is_ascii_upper(word[0])) {
    return true;  // an initial: "J. Dupont", "L. 103-2"
  }
  // "n°." is not a thing; "n°" never carries a period, but "No." does.
  return is_abbreviation(word);
}

struct IcuSentences {
  std::unique_ptr<icu::BreakIterator> iterator;
  UText* text = nullptr;

  IcuSentences() {
    UErrorCode status = U_ZERO_ERROR;
    iterator.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getFrench(), status));
    if (U_FAILURE(status)) {
      iterator.reset();
    }
  }
  ~IcuSentences() {
    if (text != nullptr) {
      utext_close(text);
    }
  }
  IcuSentences(const IcuSentences&) = delete;
  IcuSentences& operator=(const IcuSentences&) = delete;
};

IcuSentences& thread_iterator() {
  thread_local IcuSentences it;
  return it;
}

}  // namespace

namespace {

// True when `text` holds no sentence terminator before its last characters: then it is one
// sentence and ICU need not run.
bool single_sentence(std::string_view text) {
  std::size_t e = text.size();
  while (e > 0 && (is_space(text[e - 1]) || text[e - 1] == '.' || text[e - 1] == '!' ||
                   text[e - 1] == '?' || text[e - 1] == ')' || text[e - 1] == '"')) {
    --e;
  }
  for (std::size_t i = 0; i < e; ++i) {
    const char c = text[i];
    if (c == '.' || c == '!' || c == '?' || c == '\n' || c == '\f') {
      return false;
    }
    // "…" (E2 80 A6) and closing quotes may end a sentence too.
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xA6) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<Span> split_sentences(std::string_view paragraph) {
  std::vector<Span> out;
  if (paragraph.empty()) {
    return out;
  }
  if (single_sentence(paragraph)) {
    std::size_t s = 0;
    std::size_t e = paragraph.size();
    while (s < e && is_space(paragraph[s])) {
      ++s;
    }
    while (e > s && is_space(paragraph[e - 1])) {
      --e;
    }
    if (e > s) {
      out.push_back(Span{s, e});
    }
    return out;
  }
  // Line breaks inside a paragraph are layout, not sentence ends: ICU sees spaces.
  thread_local std::string flat;
  flat.assign(paragraph);
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  std::replace(flat.begin(), flat.end(), '\f', ' ');

  thread_local std::vector<std::size_t> breaks;
  breaks.clear();
  IcuSentences& icu = thread_iterator();
  UErrorCode status = U_ZERO_ERROR;
  if (icu.iterator) {
    icu.text = utext_openUTF8(icu.text, flat.data(), static_cast<int64_t>(flat.size()), &status);
  }
  if (icu.iterator && U_SUCCESS(status)) {
    icu.iterator->setText(icu.text, status);
    for (int32_t b = icu.iterator->next(); b != icu::BreakIterator::DONE;
         b = icu.iterator->next()) {
      breaks.push_back(static_cast<std::size_t>(b));
    }
  }
  if (breaks.empty() || breaks.back() != flat.size()) {
    breaks.push_back(flat.size());
  }
  std::size_t start = 0;
  for (const std::size_t b : breaks) {
    if (b < flat.size() && ends_with_abbreviation(flat, b)) {
      continue;
    }
    std::size_t s = start;
    std::size_t e = b;
    while (s < e && is_space(flat[s])) {
      ++s;
    }
    while (e > s && is_space(flat[e - 1])) {
      --e;
    }
    if (e > s) {
      out.push_back(Span{s, e});
    }
    start = b;
  }
  return out;
}

}  // namespace vigie::analysis
