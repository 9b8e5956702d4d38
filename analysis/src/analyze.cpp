#include <algorithm>
#include <array>
#include <cctype>

#include "analysis.hpp"
#include "vigie/analysis/analyzed_document.hpp"

namespace vigie::analysis {

std::string_view to_string(MissionScope scope) {
  switch (scope) {
    case MissionScope::none:
      return "none";
    case MissionScope::whole:
      return "whole";
    case MissionScope::sections:
      return "sections";
  }
  return "none";
}

std::string_view to_string(HeadingStyle style) {
  switch (style) {
    case HeadingStyle::titre:
      return "titre";
    case HeadingStyle::partie:
      return "partie";
    case HeadingStyle::chapitre:
      return "chapitre";
    case HeadingStyle::section:
      return "section";
    case HeadingStyle::article:
      return "article";
    case HeadingStyle::annexe:
      return "annexe";
    case HeadingStyle::numbered:
      return "numbered";
    case HeadingStyle::roman:
      return "roman";
    case HeadingStyle::letter:
      return "letter";
    case HeadingStyle::styled:
      return "styled";
    case HeadingStyle::capitals:
      return "capitals";
  }
  return "styled";
}

namespace {
struct KindName {
  DocumentKind kind;
  std::string_view code;
  std::string_view french;
};
constexpr std::array<KindName, 10> k_kind_names = {{
    {DocumentKind::avis, "AVIS", "avis de marché"},
    {DocumentKind::rc, "RC", "règlement de la consultation"},
    {DocumentKind::ccap, "CCAP", "cahier des clauses administratives particulières"},
    {DocumentKind::cctp, "CCTP", "cahier des clauses techniques particulières"},
    {DocumentKind::ccp, "CCP", "cahier des clauses particulières"},
    {DocumentKind::ae, "AE", "acte d'engagement"},
    {DocumentKind::bpu, "BPU", "bordereau des prix unitaires"},
    {DocumentKind::dqe, "DQE", "détail quantitatif estimatif"},
    {DocumentKind::dpgf, "DPGF", "décomposition du prix global et forfaitaire"},
    {DocumentKind::other, "OTHER", "autre document"},
}};
}  // namespace

std::string_view to_string(DocumentKind kind) {
  for (const auto& k : k_kind_names) {
    if (k.kind == kind) {
      return k.code;
    }
  }
  return "OTHER";
}

std::string_view french_name(DocumentKind kind) {
  for (const auto& k : k_kind_names) {
    if (k.kind == kind) {
      return k.french;
    }
  }
  return "autre document";
}

std::optional<DocumentKind> parse_kind(std::string_view code) {
  std::string upper(code);
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  for (const auto& k : k_kind_names) {
    if (k.code == upper) {
      return k.kind;
    }
  }
  return std::nullopt;
}

std::string_view to_string(YearSource source) {
  switch (source) {
    case YearSource::deadline:
      return "deadline";
    case YearSource::document_date:
      return "document_date";
    case YearSource::reference:
      return "reference";
    case YearSource::execution_start:
      return "execution_start";
    case YearSource::none:
      break;
  }
  return "";
}

std::optional<int> TenderMetadata::year() const {
  if (year_read) {
    return year_read;
  }
  if (deadline && deadline->value.size() >= 4) {
    return std::stoi(deadline->value.substr(0, 4));
  }
  return std::nullopt;
}

AnalyzedDocument::Location AnalyzedDocument::locate(std::size_t offset) const {
  Location loc;
  loc.page = document.page_at(offset);
  if (loc.page == 0) {
    return loc;
  }
  const Span page = document.pages[static_cast<std::size_t>(loc.page - 1)].span;
  const std::string_view before =
      std::string_view(document.text).substr(page.begin, std::min(offset, page.end) - page.begin);
  // Lines as printed: a blank line between blocks is not a line of the page.
  int lines = 1;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i] == '\n' && !(i + 1 < before.size() && before[i + 1] == '\n')) {
      ++lines;
    }
  }
  loc.line = lines;
  return loc;
}

const Section* AnalyzedDocument::section_at(std::size_t offset) const {
  const Section* best = nullptr;
  for (const auto& s : sections) {
    if (s.heading.begin > offset) {
      break;
    }
    if (s.span.contains(offset) && (best == nullptr || s.level >= best->level)) {
      best = &s;
    }
  }
  return best;
}

const Sentence* AnalyzedDocument::sentence_at(std::size_t offset) const {
  const auto it =
      std::upper_bound(sentences.begin(), sentences.end(), offset,
                       [](std::size_t o, const Sentence& s) { return o < s.span.begin; });
  if (it == sentences.begin()) {
    return nullptr;
  }
  const Sentence& s = *(it - 1);
  return s.span.contains(offset) ? &s : nullptr;
}

AnalyzedDocument analyze(ingest::Document document, const AnalyzeOptions& options) {
  AnalyzedDocument a;
  a.document = std::move(document);
  a.folded = fold(a.document.text);
  detail::segment(a);
  detail::build_outline(a);
  a.kind = detail::classify(a);
  a.tender = detail::read_tender(a, options);
  a.participation = detail::assess_relevance(a);
  return a;
}

}  // namespace vigie::analysis
