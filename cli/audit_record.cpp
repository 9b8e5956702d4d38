#include "audit_record.hpp"

#include <algorithm>

namespace vigie::cli {
namespace {

using nlohmann::ordered_json;

ordered_json level_name(const std::optional<rules::Level>& l) {
  return l ? ordered_json(std::string(rules::to_string(*l))) : ordered_json(nullptr);
}

ordered_json field_value(const std::optional<analysis::Field>& f) {
  return f ? ordered_json(f->value) : ordered_json(nullptr);
}

}  // namespace

ordered_json audit_record(const CheckedDocument& doc, const rules::Engine& engine) {
  const auto& a = doc.analysis;
  const auto& r = doc.report;
  const auto& src = a.document.source;
  ordered_json j;
  j["path"] = src.path;
  j["size"] = src.size;
  j["mtime"] = src.mtime;
  j["sha256"] = src.sha256;
  j["status"] = "ok";
  j["reading"] = std::string(to_string(doc.reading.level));
  j["unread_pages"] = doc.reading.unread_pages;
  j["reading_note"] =
      doc.reading.note.empty() ? ordered_json(nullptr) : ordered_json(doc.reading.note);
  j["format"] = std::string(ingest::to_string(a.document.format));
  j["pages"] = a.document.pages.size();
  j["kind"] = std::string(analysis::to_string(a.kind.kind));
  j["kind_confidence"] = static_cast<double>(static_cast<int>(a.kind.confidence * 100)) / 100;
  std::string title = a.document.metadata.title;
  if (title.empty() && a.tender.object) {
    title = a.tender.object->value;
  }
  j["title"] = report_detail::one_line(title);
  j["buyer"] = field_value(a.tender.buyer);
  const auto year = a.tender.year();
  j["year"] = year ? ordered_json(*year) : ordered_json(nullptr);
  j["object"] = field_value(a.tender.object);
  j["procedure"] = field_value(a.tender.procedure);
  j["amount"] = field_value(a.tender.amount);
  j["deadline"] = field_value(a.tender.deadline);
  j["commune"] = field_value(a.tender.commune);
  j["quartier"] = field_value(a.tender.quartier);
  if (doc.reading.level == ReadingLevel::none) {
    // Nothing was read: no participation verdict, no level, no coverage (never "none").
    j["participation"] = nullptr;
    j["level"] = nullptr;
    j["coverage"] = nullptr;
  } else {
    j["participation"] = {{"relevant", a.participation.relevant},
                          {"mission", a.participation.mission},
                          {"summary", a.participation.summary}};
    j["level"] = {{"applicable", r.level.applicable},
                  {"level", level_name(r.level.level)},
                  {"declared", level_name(r.level.declared)},
                  {"means", level_name(r.level.means)}};
    j["coverage"] = {{"applicable", r.coverage.applicable},
                     {"present", r.coverage.present},
                     {"missing", r.coverage.missing},
                     {"criteria", r.coverage.criteria}};
  }
  ordered_json verdicts = ordered_json::object();
  for (const auto& v : r.verdicts) {
    verdicts[v.rule_id] = std::string(rules::to_string(v.status));
  }
  j["verdicts"] = std::move(verdicts);
  ordered_json counts;
  for (const auto s :
       {rules::Severity::erreur, rules::Severity::avertissement, rules::Severity::suggestion}) {
    counts[std::string(rules::to_string(s))] =
        std::count_if(r.findings.begin(), r.findings.end(),
                      [&](const rules::Finding& f) { return !f.waived && f.severity == s; });
  }
  counts["waived"] = std::count_if(r.findings.begin(), r.findings.end(),
                                   [](const rules::Finding& f) { return f.waived; });
  j["counts"] = std::move(counts);
  j["findings"] = ordered_json::array();
  for (const auto& f : r.findings) {
    const auto* rule = engine.rules().find(f.rule_id);
    ordered_json x;
    x["rule"] = f.rule_id;
    x["title"] = rule->title;
    x["severity"] = std::string(rules::to_string(f.severity));
    x["kind"] = std::string(rules::to_string(f.kind));
    x["page"] = f.where ? ordered_json(f.where->page) : ordered_json(nullptr);
    if (f.where) {
      const auto p = report_detail::passage(a, f);
      std::string text = p.before_ellipsis;
      for (const auto& piece : p.pieces) {
        text += piece;
      }
      text += p.after_ellipsis;
      x["passage"] = report_detail::one_line(text);
      x["section"] = f.where->section >= 0
                         ? ordered_json(report_detail::section_title(a, f.where->section))
                         : ordered_json(nullptr);
    } else {
      x["passage"] = nullptr;
      x["section"] = nullptr;
    }
    x["message"] = f.message;
    x["waived"] = f.waived;
    j["findings"].push_back(std::move(x));
  }
  j["diagnostics"] = ordered_json::array();
  for (const auto& d : a.document.diagnostics) {
    j["diagnostics"].push_back({{"severity", std::string(ingest::to_string(d.severity))},
                                {"code", d.code},
                                {"message", d.message},
                                {"page", d.page},
                                {"pages", d.pages}});
  }
  return j;
}

ordered_json audit_error_record(const std::string& path, std::uint64_t size, std::int64_t mtime,
                                const std::string& code, const std::string& message) {
  ordered_json j;
  j["path"] = path;
  j["size"] = size;
  j["mtime"] = mtime;
  j["status"] = "error";
  j["error"] = {{"code", code}, {"message", message}};
  return j;
}

}  // namespace vigie::cli
