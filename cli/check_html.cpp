// The HTML report of `vigie check`: one self-contained page (no network, no script), in
// French, readable and printable by a non-technical consultant.

#include <algorithm>

#include "check_report.hpp"

namespace vigie::cli {

using namespace report_detail;
using rules::Severity;
using rules::Status;

namespace {

std::string esc(std::string_view s) { return html_escape(s); }

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  }
  return s;
}

constexpr std::string_view k_style = R"css(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d2330;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:2px solid #1d2330;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.1rem;margin:1.6rem 0 .6rem}.muted{color:#5b6270}
.summary{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:1rem 0}
.summary dt{font-weight:bold}.summary dd{margin:0}
.bar{background:#e4e7ec;border-radius:4px;height:.8rem;width:16rem;display:inline-block;vertical-align:middle;margin-right:.5rem}
.bar span{display:block;height:100%;background:#2f7d4f;border-radius:4px}
.finding{border-left:5px solid #999;padding:.4rem .9rem;margin:.8rem 0;background:#fafbfc;page-break-inside:avoid}
.erreur{border-color:#b3261e}.avertissement{border-color:#c77700}.suggestion{border-color:#1f6fb2}
.finding h4{margin:.1rem 0 .3rem;font-size:1rem}.tag{font-size:.75rem;font-weight:normal;color:#5b6270}
blockquote{margin:.4rem 0;padding:.3rem .7rem;background:#fff;border:1px solid #e4e7ec}
mark{background:#ffe08a;padding:0 .1rem}
.clause{background:#eef6f0;border:1px solid #b9dcc4;padding:.4rem .7rem;margin:.4rem 0}
.waived{opacity:.7}.waived h4::after{content:" — levé";color:#2f7d4f}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #e4e7ec;padding:.3rem .4rem;text-align:left;vertical-align:top}
.s-ok{color:#2f7d4f;font-weight:bold}.s-ko{color:#b3261e;font-weight:bold}.s-na{color:#5b6270}
.error{color:#b3261e}.partial{color:#a35f00}
@media print{body{margin:0;max-width:none}h2{page-break-before:always}h2:first-of-type{page-break-before:auto}}
)css";

std::string passage_html(const Passage& p) {
  std::string out = "<blockquote>" + esc(p.before_ellipsis);
  for (std::size_t i = 0; i < p.pieces.size(); ++i) {
    out += i % 2 == 1 ? "<mark>" + esc(p.pieces[i]) + "</mark>" : esc(p.pieces[i]);
  }
  return out + esc(p.after_ellipsis) + "</blockquote>\n";
}

void document_html(std::string& out, const CheckedDocument& doc, const rules::Engine& engine) {
  const auto& a = doc.analysis;
  const auto& r = doc.report;
  out += "<h2>" + esc(a.document.source.path) + "</h2>\n<dl class=\"summary\">\n";
  out += "<dt>Document</dt><dd>" + esc(std::string(analysis::french_name(a.kind.kind))) + " (" +
         esc(std::string(analysis::to_string(a.kind.kind))) + "), " +
         std::to_string(a.document.pages.size()) + " page(s)</dd>\n";
  if (doc.reading.level == ReadingLevel::none) {
    out += "<dt>Lecture</dt><dd class=\"error\"><strong>" +
           esc(reading_line(doc.reading.level, doc.reading.note)) +
           "</strong></dd>\n</dl>\n<p class=\"error\">" +
           esc(capitalized(std::string(k_none_consequence))) + ".</p>\n";
    return;
  }
  if (doc.reading.level == ReadingLevel::partial) {
    out += "<dt>Lecture</dt><dd class=\"partial\"><strong>" +
           esc(reading_line(doc.reading.level, doc.reading.note)) + "</strong> ; " +
           esc(std::string(k_partial_consequence)) + "</dd>\n";
  }
  if (a.tender.buyer) {
    out += "<dt>Acheteur</dt><dd>" + esc(a.tender.buyer->value) + "</dd>\n";
  }
  if (a.tender.object) {
    out += "<dt>Objet</dt><dd>" + esc(one_line(a.tender.object->value)) + "</dd>\n";
  }
  out += "<dt>Participation du public</dt><dd>" +
         std::string(a.participation.mission    ? "oui"
                     : a.participation.relevant ? "projet soumis à participation"
                                                : "non") +
         " — " + esc(a.participation.summary) + "</dd>\n";
  if (!a.participation.scope_note.empty()) {
    out += "<dt>Portée des critères</dt><dd>" + esc(a.participation.scope_note) + "</dd>\n";
  }
  if (r.coverage.applicable > 0) {
    const int pct = r.coverage.present * 100 / r.coverage.applicable;
    out += "<dt>Critères présents</dt><dd><span class=\"bar\"><span style=\"width:" +
           std::to_string(pct) + "%\"></span></span>" + std::to_string(r.coverage.present) +
           " sur " + std::to_string(r.coverage.applicable) + "</dd>\n";
  }
  if (r.level.applicable) {
    out += "<dt>Niveau de participation</dt><dd><strong>" +
           esc(r.level.level ? std::string(rules::french_name(*r.level.level)) : "indéterminé") +
           "</strong><ul>";
    for (const auto& reason : r.level.reasons) {
      out += "<li>" + esc(one_line(reason.text)) +
             (reason.where ? " (p. " + std::to_string(reason.where->page) + ")" : "") + "</li>";
    }
    out += "</ul></dd>\n";
  }
  if (!doc.config.empty()) {
    out += "<dt>Configuration</dt><dd>" + esc(doc.config) + "</dd>\n";
  }
  out += "</dl>\n";
  if (r.findings.empty()) {
    out += "<p>Aucun constat.</p>\n";
  }
  for (const auto s : {Severity::erreur, Severity::avertissement, Severity::suggestion}) {
    const auto n = std::count_if(r.findings.begin(), r.findings.end(),
                                 [&](const rules::Finding& f) { return f.severity == s; });
    if (n == 0) {
      continue;
    }
    out += "<h3>" + severity_plural(s) + " (" + std::to_string(n) + ")</h3>\n";
    for (const auto& f : r.findings) {
      if (f.severity != s) {
        continue;
      }
      const auto* rule = engine.rules().find(f.rule_id);
      const std::string kind = f.kind == rules::FindingKind::absent         ? "absent"
                               : f.kind == rules::FindingKind::contradicted ? "contredit"
                                                                            : "à revoir";
      out += "<div class=\"finding " + std::string(rules::to_string(s)) +
             (f.waived ? " waived" : "") + "\">\n<h4>" + esc(rule->title) + " — " + kind +
             " <span class=\"tag\">" + esc(f.rule_id) + "</span></h4>\n";
      if (f.where) {
        std::string where = "Page " + std::to_string(f.where->page);
        const auto title = section_title(a, f.where->section);
        if (!title.empty()) {
          where += ", " + title;
        }
        out += "<div class=\"muted\">" + esc(where) + "</div>\n" + passage_html(passage(a, f));
      }
      out += "<p>" + esc(one_line(f.message)) + "</p>\n";
      if (!rule->clause.empty() && f.kind != rules::FindingKind::flagged) {
        out += "<div class=\"clause\"><strong>Clause type à ajouter :</strong> " +
               esc(one_line(rule->clause)) + "</div>\n";
      }
      if (!rule->advice.empty() && f.kind == rules::FindingKind::flagged) {
        out += "<div class=\"clause\"><strong>Conseil :</strong> " + esc(one_line(rule->advice)) +
               "</div>\n";
      }
      if (f.waived) {
        out += "<p><strong>Levé :</strong> " + esc(f.waiver) + "</p>\n";
      }
      out += "<p class=\"muted\">Fondement : " + esc(one_line(rule->rationale)) + "</p>\n</div>\n";
    }
  }
  out +=
      "<h3>Toutes les règles</h3>\n<table><tr><th>Règle</th><th>Verdict</th><th>Détail</th></tr>\n";
  for (const auto& v : r.verdicts) {
    const auto* rule = engine.rules().find(v.rule_id);
    const std::string cls = v.status == Status::not_applicable ? "s-na" : v.ok ? "s-ok" : "s-ko";
    out += "<tr><td>" + esc(rule->title) + "<br><span class=\"tag\">" + esc(v.rule_id) +
           "</span></td><td class=\"" + cls + "\">" + esc(status_fr(v.status, rule->type)) +
           "</td><td>" + esc(one_line(v.reason)) + "</td></tr>\n";
  }
  out += "</table>\n";
}

}  // namespace

std::string check_to_html(const std::vector<const CheckedDocument*>& docs,
                          const std::vector<std::string>& errors, const rules::Engine& engine) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>vigie — rapport de vérification</title>\n<style>";
  out += k_style;
  out += "</style>\n</head>\n<body>\n<h1>Rapport de vérification</h1>\n";
  const auto partial = std::count_if(docs.begin(), docs.end(), [](const CheckedDocument* d) {
    return d->reading.level == ReadingLevel::partial;
  });
  const auto unread = std::count_if(docs.begin(), docs.end(), [](const CheckedDocument* d) {
    return d->reading.level == ReadingLevel::none;
  });
  out +=
      "<p class=\"muted\">Établi par vigie : clauses de participation du public et présupposés "
      "non vérifiés. " +
      std::to_string(docs.size() - static_cast<std::size_t>(unread)) + " document(s) vérifié(s)";
  if (partial > 0) {
    out += ", dont " + std::to_string(partial) + " partiellement lu(s)";
  }
  if (unread > 0) {
    out += " ; " + std::to_string(unread) + " non lu(s)";
  }
  out += ".</p>\n";
  if (docs.size() > 1) {
    out +=
        "<table><tr><th>Document</th><th>Type</th><th>Lecture</th><th>Critères présents</th>"
        "<th>Erreurs</th><th>Avertissements</th></tr>\n";
    for (const auto* d : docs) {
      const auto& r = d->report;
      const ReadingLevel reading = d->reading.level;
      std::string read_cell = esc(std::string(reading_fr(reading)));
      if (reading == ReadingLevel::partial) {
        read_cell = "<span class=\"partial\">" + read_cell + " (" +
                    esc((d->reading.unread_pages.size() > 1 ? "pages " : "page ") +
                        page_ranges_fr(d->reading.unread_pages)) +
                    ")</span>";
      } else if (reading == ReadingLevel::none) {
        read_cell = "<span class=\"error\">" + read_cell + "</span>";
      }
      out += "<tr><td>" + esc(d->analysis.document.source.path) + "</td><td>" +
             esc(std::string(analysis::to_string(d->analysis.kind.kind))) + "</td><td>" +
             read_cell + "</td><td>" +
             (reading == ReadingLevel::none ? std::string("–")
              : r.coverage.applicable > 0   ? std::to_string(r.coverage.present) + " / " +
                                                std::to_string(r.coverage.applicable)
                                          : "non applicable") +
             "</td><td>" + std::to_string(failing_findings(r, Severity::erreur)) + "</td><td>" +
             std::to_string(failing_findings(r, Severity::avertissement) -
                            failing_findings(r, Severity::erreur)) +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  for (const auto& e : errors) {
    out += "<p class=\"error\">Illisible : " + esc(e) + "</p>\n";
  }
  for (const auto* d : docs) {
    document_html(out, *d, engine);
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace vigie::cli
