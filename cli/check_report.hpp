#pragma once

// Renderers of `vigie check` reports: text (terminal), JSON (docs/check-json.md) and one
// self-contained HTML page. All user-facing words are French.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/pipeline/pipeline.hpp"
#include "vigie/pipeline/reading.hpp"
#include "vigie/rules/engine.hpp"

namespace vigie::cli {

// The renderers name the pipeline's vocabulary unqualified.
using pipeline::CheckedDocument;
using pipeline::failing_findings;
using pipeline::k_none_consequence;
using pipeline::k_partial_consequence;
using pipeline::page_ranges_fr;
using pipeline::parse_reading;
using pipeline::Reading;
using pipeline::reading_fr;
using pipeline::reading_line;
using pipeline::ReadingLevel;

nlohmann::ordered_json check_to_json(const CheckedDocument& doc, const rules::Engine& engine);

std::string check_to_text(const CheckedDocument& doc, const rules::Engine& engine, bool colors,
                          bool several);

// One page for every document checked (`errors`: files that could not be read).
std::string check_to_html(const std::vector<const CheckedDocument*>& docs,
                          const std::vector<std::string>& errors, const rules::Engine& engine);

// Helpers shared by the renderers.
namespace report_detail {

struct Passage {
  std::string before_ellipsis;  // "… " when the sentence was cut at the start
  // Pieces of the sentence, alternating plain and matched text (plain first).
  std::vector<std::string> pieces;
  std::string after_ellipsis;
};

Passage passage(const analysis::AnalyzedDocument& a, const rules::Finding& f);
Passage passage(const analysis::AnalyzedDocument& a, const rules::Evidence& e);
std::string section_title(const analysis::AnalyzedDocument& a, int section);
std::string one_line(std::string_view s);
std::string severity_plural(rules::Severity s);
std::string status_fr(rules::Status s, rules::RuleType type);
// Text made safe inside HTML elements and quoted attributes.
std::string html_escape(std::string_view s);

}  // namespace report_detail

}  // namespace vigie::cli
