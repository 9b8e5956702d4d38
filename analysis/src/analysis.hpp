#pragma once

// The steps of analyze(), private to the analysis stage. Each reads what the steps before
// it filled in AnalyzedDocument.

#include "vigie/analysis/analyzed_document.hpp"

namespace vigie::analysis::detail {

// Sentences of every block (needs document).
void segment(AnalyzedDocument& a);
// Outline and table of contents (needs document).
void build_outline(AnalyzedDocument& a);
// Kind (needs folded text and outline).
KindGuess classify(const AnalyzedDocument& a);
// Tender metadata (needs folded text and outline).
TenderMetadata read_tender(const AnalyzedDocument& a, const AnalyzeOptions& options);
// Participation relevance (needs folded text, outline and kind).
Relevance assess_relevance(const AnalyzedDocument& a);

}  // namespace vigie::analysis::detail
