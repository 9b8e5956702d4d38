#pragma once

// Renderers of `vigie check` reports: text (terminal), JSON (docs/check-json.md) and one
// self-contained HTML page. All user-facing words are French.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "reading.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/rules/engine.hpp"

namespace vigie::cli {

struct CheckedDocument {
  analysis::AnalyzedDocument analysis;
  Reading reading;
  rules::Report report;  // empty when nothing could be read (reading.level == none)
  std::string config;    // the vigie.toml applied, empty when none
};

// Analyses and checks one extracted document. A document without any text is analysed (its
// kind may show in its file name) but not checked: no rule can be judged on it.
CheckedDocument check_document(ingest::Document document, const rules::Engine& engine,
                               const rules::Policy& policy = {});

// Number of findings at or above `level` that are not waived.
int failing_findings(const rules::Report& report, rules::Severity level);

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
