#include "metadata_title.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "utf8.hpp"

namespace vigie::ingest::detail {
namespace {

bool is_blank(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x202F ||
         cp == 0x2009 || cp == 0x3000 || cp == 0xFEFF;
}

// Letters of any script: vigie's Latin letters, and the letter blocks of other scripts.
bool is_any_letter(char32_t cp) {
  return is_letter(cp) || (cp >= 0x370 && cp <= 0x1FFF && cp != 0x37E && cp != 0x387) ||
         (cp >= 0x3040 && cp <= 0xD7FF);
}

std::string_view trim_blanks(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t next = begin;
    if (!is_blank(decode_utf8(s, next))) {
      break;
    }
    begin = next;
  }
  std::size_t end = s.size();
  while (end > begin && is_blank(previous_code_point(s, end))) {
    end = previous_boundary(s, end);
  }
  return s.substr(begin, end - begin);
}

// Extensions of the files a title is often the name of.
bool ends_with_file_extension(std::string_view lowered) {
  static constexpr std::array<std::string_view, 24> k_extensions = {
      "doc", "docx", "docm", "dot", "dotx", "odt",  "ott", "rtf",  "txt", "pdf", "xls", "xlsx",
      "ods", "ppt",  "pptx", "odp", "htm",  "html", "xml", "indd", "tmp", "jpg", "png", "tif"};
  const auto dot = lowered.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || lowered[dot - 1] == ' ') {
    return false;
  }
  const std::string_view ext = lowered.substr(dot + 1);
  return std::find(k_extensions.begin(), k_extensions.end(), ext) != k_extensions.end();
}

bool is_path(std::string_view t) {
  if (t.find('\\') != std::string_view::npos || t.starts_with("file:") || t.starts_with("~/")) {
    return true;
  }
  // "C:/Marchés/RC"
  if (t.size() >= 3 && ((t[0] >= 'A' && t[0] <= 'Z') || (t[0] >= 'a' && t[0] <= 'z')) &&
      t[1] == ':' && t[2] == '/') {
    return true;
  }
  // "dossier/sous-dossier/cctp": slashes and no space.
  return t.find('/') != std::string_view::npos && t.find(' ') == std::string_view::npos;
}

// The names a word processor gives a new document, once their number is removed
// ("Document1", "Sans titre 3"), lowercased.
bool is_default_name(std::string_view lowered) {
  static constexpr std::array<std::string_view, 27> k_defaults = {
      "untitled",
      "untitled document",
      "document",
      "doc",
      "new document",
      "nouveau document",
      "sans titre",
      "sans nom",
      "document sans titre",
      "titre",
      "titre du document",
      "title",
      "document title",
      "texte",
      "text",
      "page",
      "microsoft word",
      "document microsoft word",
      "nouveau document microsoft word",
      "présentation",
      "presentation",
      "présentation powerpoint",
      "powerpoint presentation",
      "diapositive",
      "classeur",
      "feuil",
      "book",
  };
  while (!lowered.empty()) {
    const char c = lowered.back();
    if ((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '_' || c == '(' || c == ')' ||
        c == '.') {
      lowered.remove_suffix(1);
    } else {
      break;
    }
  }
  return std::find(k_defaults.begin(), k_defaults.end(), lowered) != k_defaults.end();
}

}  // namespace

bool looks_like_title(std::string_view title) {
  std::string_view t = trim_blanks(title);
  // "(Microsoft Word - CCTP)": judged without the brackets around it.
  if (t.size() >= 2 &&
      ((t.front() == '(' && t.back() == ')') || (t.front() == '[' && t.back() == ']'))) {
    t = trim_blanks(t.substr(1, t.size() - 2));
  }
  std::size_t code_points = 0;
  std::size_t visible = 0;
  std::size_t letters = 0;
  for (std::size_t pos = 0; pos < t.size();) {
    const char32_t cp = decode_utf8(t, pos);
    ++code_points;
    if (!is_blank(cp)) {
      ++visible;
    }
    if (is_any_letter(cp)) {
      ++letters;
    }
  }
  if (visible < 4 || letters < 2 || code_points > 250) {
    return false;
  }
  // Markup, quoting and list signs do not open a title: ">>> Début du paragraphe".
  static constexpr std::string_view k_bad_first = "<>#*=|_~^{}\\/@$%&+";
  if (k_bad_first.find(t.front()) != std::string_view::npos) {
    return false;
  }
  if (is_path(t)) {
    return false;
  }
  const std::string lowered = lower_latin(t);
  // "Microsoft Word - CCTP.docx", "Microsoft PowerPoint - Réunion": the printer's name for
  // the file it printed.
  if (lowered.starts_with("microsoft ") && lowered.find(" - ") != std::string::npos) {
    return false;
  }
  return !ends_with_file_extension(lowered) && !is_default_name(lowered);
}

}  // namespace vigie::ingest::detail
