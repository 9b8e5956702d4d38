#include "analysis_json.hpp"

#include <algorithm>
#include <cmath>

#include "document_json.hpp"

namespace vigie::cli {
namespace {

using nlohmann::ordered_json;

ordered_json span_json(const ingest::Span& s) { return ordered_json::array({s.begin, s.end}); }

ordered_json cue_json(const analysis::Cue& c) {
  ordered_json j;
  j["text"] = c.text;
  j["reason"] = c.reason;
  j["page"] = c.page;
  j["span"] = c.span.empty() ? ordered_json(nullptr) : span_json(c.span);
  return j;
}

ordered_json field_json(const std::optional<analysis::Field>& f) {
  if (!f) {
    return nullptr;
  }
  ordered_json j;
  j["value"] = f->value;
  j["text"] = f->text;
  j["page"] = f->page;
  j["span"] = span_json(f->span);
  return j;
}

}  // namespace

ordered_json kind_to_json(const analysis::AnalyzedDocument& a) {
  ordered_json j;
  j["code"] = std::string(analysis::to_string(a.kind.kind));
  j["name"] = std::string(analysis::french_name(a.kind.kind));
  j["confidence"] = std::round(a.kind.confidence * 100) / 100;
  j["merged"] = a.kind.merged;
  j["cues"] = ordered_json::array();
  for (const auto& c : a.kind.cues) {
    j["cues"].push_back(cue_json(c));
  }
  return j;
}

ordered_json relevance_to_json(const analysis::AnalyzedDocument& a) {
  ordered_json j;
  j["relevant"] = a.participation.relevant;
  j["mission"] = a.participation.mission;
  j["summary"] = a.participation.summary;
  j["reasons"] = ordered_json::array();
  for (const auto& c : a.participation.reasons) {
    j["reasons"].push_back(cue_json(c));
  }
  j["set_aside"] = ordered_json::array();
  for (const auto& c : a.participation.set_aside) {
    j["set_aside"].push_back(cue_json(c));
  }
  const auto& p = a.participation;
  j["scope"] = p.scope == analysis::MissionScope::none
                   ? ordered_json(nullptr)
                   : ordered_json(std::string(analysis::to_string(p.scope)));
  j["scope_note"] = p.scope_note.empty() ? ordered_json(nullptr) : ordered_json(p.scope_note);
  j["sections"] = ordered_json::array();
  for (const auto& s : p.sections) {
    const auto& sec = a.sections[s.section];
    std::string heading(a.text_of(sec.heading));
    std::replace(heading.begin(), heading.end(), '\n', ' ');
    std::replace(heading.begin(), heading.end(), '\f', ' ');
    ordered_json js;
    js["section"] = s.section;
    js["heading"] = heading;
    js["page"] = sec.page;
    js["mission"] = s.mission;
    js["judged"] =
        std::any_of(p.scope_spans.begin(), p.scope_spans.end(),
                    [&](const ingest::Span& x) { return x.contains(sec.heading.begin); });
    js["reason"] = s.reason;
    js["cues"] = ordered_json::array();
    for (const auto& c : s.cues) {
      js["cues"].push_back(cue_json(c));
    }
    j["sections"].push_back(std::move(js));
  }
  return j;
}

ordered_json tender_to_json(const analysis::TenderMetadata& t) {
  ordered_json j;
  j["buyer"] = field_json(t.buyer);
  j["object"] = field_json(t.object);
  j["procedure"] = field_json(t.procedure);
  j["contract_forms"] = ordered_json::array();
  for (const auto& f : t.contract_forms) {
    j["contract_forms"].push_back(field_json(f));
  }
  j["reference"] = field_json(t.reference);
  j["deadline"] = field_json(t.deadline);
  j["year"] = t.year() ? ordered_json(*t.year()) : ordered_json(nullptr);
  j["year_source"] = t.year() && t.year_source != analysis::YearSource::none
                         ? ordered_json(std::string(analysis::to_string(t.year_source)))
                         : ordered_json(nullptr);
  j["amount"] = field_json(t.amount);
  j["duration"] = field_json(t.duration);
  j["single_lot"] = t.single_lot;
  j["lots"] = ordered_json::array();
  for (const auto& l : t.lots) {
    j["lots"].push_back(
        {{"number", l.number}, {"title", l.title}, {"page", l.page}, {"span", span_json(l.span)}});
  }
  j["cpv"] = ordered_json::array();
  for (const auto& f : t.cpv) {
    j["cpv"].push_back(field_json(f));
  }
  j["place"] = {{"commune", field_json(t.commune)},
                {"quartier", field_json(t.quartier)},
                {"departement", field_json(t.departement)}};
  return j;
}

ordered_json analysis_to_json(const analysis::AnalyzedDocument& a,
                              const AnalysisJsonOptions& options) {
  ordered_json j;
  j["file"] = a.document.source.path;
  j["id"] = a.document.id;
  j["format"] = std::string(ingest::to_string(a.document.format));
  j["pages"] = a.document.pages.size();
  j["kind"] = kind_to_json(a);
  j["participation"] = relevance_to_json(a);
  j["tender"] = tender_to_json(a.tender);
  j["outline"] = ordered_json::array();
  for (const auto& s : a.sections) {
    ordered_json o;
    o["level"] = s.level;
    o["style"] = std::string(analysis::to_string(s.style));
    o["number"] = s.number;
    o["title"] = s.title;
    o["page"] = s.page;
    o["parent"] = s.parent;
    o["heading"] = span_json(s.heading);
    o["span"] = span_json(s.span);
    j["outline"].push_back(std::move(o));
  }
  j["toc"] = ordered_json::array();
  for (const auto& t : a.toc) {
    j["toc"].push_back({{"title", t.title}, {"page_label", t.page_label}, {"page", t.page}});
  }
  j["sentence_count"] = a.sentences.size();
  if (options.sentences) {
    j["sentences"] = ordered_json::array();
    for (const auto& s : a.sentences) {
      std::string text(a.text_of(s.span));
      std::replace(text.begin(), text.end(), '\n', ' ');
      std::replace(text.begin(), text.end(), '\f', ' ');
      j["sentences"].push_back({{"page", s.page}, {"span", span_json(s.span)}, {"text", text}});
    }
  }
  j["diagnostics"] = diagnostics_to_json(a.document.diagnostics);
  return j;
}

}  // namespace vigie::cli
