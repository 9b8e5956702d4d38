#pragma once

// How much of a document could be read: every page with text ("full"), some pages without a
// text layer or damaged ("partial"), or no page with text at all ("none": a scan awaiting
// OCR, a file of blank pages). Every report says it with the same French words (docs/audit.md,
// docs/check-json.md); a document not read is never reported as "no participation".

#include <string>
#include <string_view>
#include <vector>

#include "vigie/ingest/document.hpp"

namespace vigie::pipeline {

enum class ReadingLevel { full, partial, none };

struct Reading {
  ReadingLevel level = ReadingLevel::full;
  // Pages whose text could not be read: scanned pages (no text layer) and damaged ones. Blank
  // pages are not listed: there was nothing to read. For a document with no text at all that
  // is not a PDF (DOCX, ODT), every page.
  std::vector<int> unread_pages;
  // French, empty when full: "pages 2, 5 à 7 sans texte (numérisées ?)", or for "none" why
  // the document could not be read.
  std::string note;
};

[[nodiscard]] Reading reading_of(const ingest::Document& document);

// "full", "partial", "none": the stable codes of the JSON and CSV reports.
[[nodiscard]] std::string_view to_string(ReadingLevel level);
[[nodiscard]] ReadingLevel parse_reading(std::string_view code);  // unknown → full

// "lu", "partiellement lu", "non lu".
[[nodiscard]] std::string_view reading_fr(ReadingLevel level);

// "lu", "partiellement lu : pages 2, 5 à 7 sans texte (numérisées ?)", "non lu : …".
[[nodiscard]] std::string reading_line(ReadingLevel level, const std::string& note);

// What follows for the checks, said after the reading line.
inline constexpr std::string_view k_partial_consequence =
    "les règles n'ont porté que sur les pages lues";
inline constexpr std::string_view k_none_consequence =
    "aucune règle n'a pu être vérifiée : le document n'a pas été lu";

// Page numbers in French, runs of three or more collapsed: {2, 5, 6, 7} → "2, 5 à 7".
[[nodiscard]] std::string page_ranges_fr(const std::vector<int>& pages);

}  // namespace vigie::pipeline
