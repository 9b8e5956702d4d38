#pragma once

#include <nlohmann/json.hpp>

#include "vigie/analysis/analyzed_document.hpp"

namespace vigie::cli {

struct AnalysisJsonOptions {
  bool sentences = false;  // list every sentence (text, page, span)
};

// The JSON form of an analysed document (schema: docs/analyze-json.md).
nlohmann::ordered_json analysis_to_json(const analysis::AnalyzedDocument& a,
                                        const AnalysisJsonOptions& options = {});

// Parts reused by other reports.
nlohmann::ordered_json kind_to_json(const analysis::AnalyzedDocument& a);
nlohmann::ordered_json relevance_to_json(const analysis::AnalyzedDocument& a);
nlohmann::ordered_json tender_to_json(const analysis::TenderMetadata& t);

}  // namespace vigie::cli
