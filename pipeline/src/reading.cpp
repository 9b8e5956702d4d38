#include "vigie/pipeline/reading.hpp"

#include <algorithm>

namespace vigie::pipeline {
namespace {

const std::vector<int>* pages_of(const ingest::Document& document, std::string_view code) {
  for (const auto& d : document.diagnostics) {
    if (d.code == code) {
      return &d.pages;
    }
  }
  return nullptr;
}

// "page 2 sans texte (numérisée ?)", "pages 2, 5 à 7 sans texte (numérisées ?)".
std::string pages_phrase(const std::vector<int>& pages, std::string_view singular,
                         std::string_view plural) {
  const bool several = pages.size() > 1;
  return std::string(several ? "pages " : "page ") + page_ranges_fr(pages) + " " +
         std::string(several ? plural : singular);
}

// The phrases of the pages not read: scanned ones, then damaged ones.
std::vector<std::string> unread_phrases(const std::vector<int>& scanned,
                                        const std::vector<int>& damaged) {
  std::vector<std::string> parts;
  if (!scanned.empty()) {
    parts.push_back(pages_phrase(scanned, "sans texte (numérisée ?)", "sans texte (numérisées ?)"));
  }
  if (!damaged.empty()) {
    parts.push_back(pages_phrase(damaged, "illisible (structure endommagée)",
                                 "illisibles (structure endommagée)"));
  }
  return parts;
}

}  // namespace

std::string page_ranges_fr(const std::vector<int>& pages) {
  std::string out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) {
      ++j;
    }
    if (j >= i + 2) {
      out +=
          (out.empty() ? "" : ", ") + std::to_string(pages[i]) + " à " + std::to_string(pages[j]);
      i = j;
    } else {
      out += (out.empty() ? "" : ", ") + std::to_string(pages[i]);
    }
  }
  return out;
}

Reading reading_of(const ingest::Document& document) {
  Reading r;
  const std::vector<int> none;
  const auto* scanned = pages_of(document, "no-text-layer");
  const auto* damaged = pages_of(document, "unreadable-page");
  const auto* blank = pages_of(document, "empty-page");
  const std::vector<int>& s = scanned != nullptr ? *scanned : none;
  const std::vector<int>& d = damaged != nullptr ? *damaged : none;
  const std::vector<int>& b = blank != nullptr ? *blank : none;
  const bool any_text = std::any_of(document.pages.begin(), document.pages.end(),
                                    [](const ingest::Page& p) { return p.has_text; });
  if (any_text) {
    std::merge(s.begin(), s.end(), d.begin(), d.end(), std::back_inserter(r.unread_pages));
    if (r.unread_pages.empty()) {
      return r;
    }
    r.level = ReadingLevel::partial;
    for (const auto& p : unread_phrases(s, d)) {
      r.note += (r.note.empty() ? "" : " ; ") + p;
    }
    return r;
  }
  r.level = ReadingLevel::none;
  for (const auto& p : document.pages) {
    if (std::find(b.begin(), b.end(), p.number) == b.end()) {
      r.unread_pages.push_back(p.number);
    }
  }
  const std::size_t pages = document.pages.size();
  if (!s.empty() && s.size() == pages) {
    r.note =
        "aucune page n'a de couche texte (document numérisé ?) : une reconnaissance de "
        "caractères (OCR) serait nécessaire pour le lire";
  } else if (!s.empty() || !d.empty()) {
    std::vector<std::string> parts = unread_phrases(s, d);
    if (!b.empty()) {
      parts.push_back(pages_phrase(b, "vide", "vides"));
    }
    r.note = "aucune page n'a de texte :";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      r.note += (i == 0 ? " " : " ; ") + parts[i];
    }
    if (!s.empty()) {
      r.note += " ; une reconnaissance de caractères (OCR) serait nécessaire pour le lire";
    }
  } else if (pages > 0 && b.size() == pages) {
    r.note = "aucun texte : le document ne contient que des pages vides";
  } else {
    r.note = "aucun texte : le document n'en contient aucun qui soit lisible (images seules ?)";
  }
  return r;
}

std::string_view to_string(ReadingLevel level) {
  switch (level) {
    case ReadingLevel::full:
      return "full";
    case ReadingLevel::partial:
      return "partial";
    case ReadingLevel::none:
      return "none";
  }
  return "full";
}

ReadingLevel parse_reading(std::string_view code) {
  if (code == "partial") {
    return ReadingLevel::partial;
  }
  if (code == "none") {
    return ReadingLevel::none;
  }
  return ReadingLevel::full;
}

std::string_view reading_fr(ReadingLevel level) {
  switch (level) {
    case ReadingLevel::full:
      return "lu";
    case ReadingLevel::partial:
      return "partiellement lu";
    case ReadingLevel::none:
      return "non lu";
  }
  return "lu";
}

std::string reading_line(ReadingLevel level, const std::string& note) {
  std::string out(reading_fr(level));
  if (level != ReadingLevel::full && !note.empty()) {
    out += " : " + note;
  }
  return out;
}

}  // namespace vigie::pipeline
