#include "analyze_command.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "analysis_json.hpp"
#include "file_batch.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/pipeline/pipeline.hpp"

namespace vigie::cli {
namespace {

using analysis::AnalyzedDocument;

std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\f', ' ');
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

std::string page_ref(int page) { return page > 0 ? " (p. " + std::to_string(page) + ")" : ""; }

void field_line(std::string& out, std::string_view label, const std::optional<analysis::Field>& f) {
  if (!f) {
    return;
  }
  out += "  ";
  out += label;
  out += " : " + one_line(f->value);
  if (f->value != f->text) {
    out += " — « " + one_line(f->text) + " »";
  }
  out += page_ref(f->page) + "\n";
}

std::string decimal_fr(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string text_output(const AnalyzedDocument& a, bool several, bool sentences) {
  std::string out;
  if (several) {
    out += "==> " + a.document.source.path + " <==\n";
  }
  const auto& k = a.kind;
  out += "Type : " + std::string(analysis::to_string(k.kind)) + " — " +
         std::string(analysis::french_name(k.kind)) + " (confiance " + decimal_fr(k.confidence) +
         (k.merged && k.kind == analysis::DocumentKind::ccp ? ", clauses réunies" : "") + ")\n";
  for (std::size_t i = 0; i < k.cues.size() && i < 4; ++i) {
    out += "  indice : « " + one_line(k.cues[i].text) + " » — " + k.cues[i].reason +
           page_ref(k.cues[i].page) + "\n";
  }
  const auto& p = a.participation;
  out += std::string("Participation du public : ") +
         (p.mission    ? "oui"
          : p.relevant ? "projet soumis à participation"
                       : "non") +
         "\n  " + p.summary + "\n";
  if (!p.scope_note.empty()) {
    out += "  " + p.scope_note + "\n";
  }
  for (const auto& s : p.sections) {
    const auto& sec = a.sections[s.section];
    out += std::string("  section") + (s.mission ? " (mission)" : "") + " : " +
           one_line(a.text_of(sec.heading)) + page_ref(sec.page) + " — " + s.reason + "\n";
  }
  for (const auto& c : p.set_aside) {
    out += "  écarté : « " + one_line(c.text) + " »" + page_ref(c.page) + " — " + c.reason + "\n";
  }
  const auto& t = a.tender;
  out += "Marché :\n";
  const std::size_t before = out.size();
  field_line(out, "Acheteur", t.buyer);
  field_line(out, "Objet", t.object);
  field_line(out, "Procédure", t.procedure);
  for (const auto& f : t.contract_forms) {
    field_line(out, "Forme", f);
  }
  field_line(out, "Référence", t.reference);
  field_line(out, "Date limite des offres", t.deadline);
  if (const auto year = t.year()) {
    out += "  Année : " + std::to_string(*year);
    switch (t.year_source) {
      case analysis::YearSource::deadline:
        out += " (date limite des offres)";
        break;
      case analysis::YearSource::document_date:
        out += " (date du document)";
        break;
      case analysis::YearSource::reference:
        out += " (référence)";
        break;
      case analysis::YearSource::execution_start:
        out += " (début d'exécution)";
        break;
      case analysis::YearSource::none:
        break;
    }
    out += "\n";
  }
  field_line(out, "Montant", t.amount);
  field_line(out, "Durée", t.duration);
  if (t.single_lot) {
    out += "  Lots : marché non alloti\n";
  }
  for (const auto& l : t.lots) {
    out += "  Lot " + l.number + " : " + one_line(l.title) + page_ref(l.page) + "\n";
  }
  for (const auto& f : t.cpv) {
    field_line(out, "CPV", f);
  }
  field_line(out, "Commune", t.commune);
  field_line(out, "Quartier", t.quartier);
  field_line(out, "Département", t.departement);
  if (out.size() == before) {
    out += "  (aucune donnée de marché trouvée dans le texte)\n";
  }
  out += "Plan : " + std::to_string(a.sections.size()) + " titres";
  if (!a.toc.empty()) {
    out += ", sommaire de " + std::to_string(a.toc.size()) + " entrées" +
           page_ref(a.toc.front().page) + " (hors plan)";
  }
  out += "\n";
  for (const auto& s : a.sections) {
    out += "  p. " + std::to_string(s.page) + "\t" +
           std::string(static_cast<std::size_t>(2 * (s.level - 1)), ' ') +
           one_line(a.text_of(s.heading)) + "\n";
  }
  out += "Phrases : " + std::to_string(a.sentences.size()) + "\n";
  if (sentences) {
    for (const auto& s : a.sentences) {
      out += "  p. " + std::to_string(s.page) + "\t" + one_line(a.text_of(s.span)) + "\n";
    }
  }
  if (several) {
    out += '\n';
  }
  return out;
}

}  // namespace

void register_analyze(CLI::App& app, int& status) {
  auto config = std::make_shared<AnalyzeConfig>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Montrer ce que vigie lit dans les documents : type, données du marché, lien avec la "
      "participation du public, plan");
  cmd->add_option("files", config->files, "Fichiers à analyser (PDF, DOCX, ODT, texte)")
      ->required();
  cmd->add_option("-f,--format", config->format, "Format de sortie : text ou json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-j,--jobs", config->jobs,
                  "Fichiers analysés en parallèle (par défaut : nombre de cœurs)");
  cmd->add_flag("--sentences", config->sentences, "Lister chaque phrase avec sa page");
  cmd->footer(
      "Sortie : un compte rendu par fichier sur stdout (schéma JSON : docs/analyze-json.md) ;\n"
      "diagnostics sur stderr. Code de sortie : 0 tous les fichiers lus, 2 un fichier illisible\n"
      "ou introuvable (les autres sont analysés quand même).");
  cmd->callback([config, &status] { status = run_analyze(*config); });
}

int run_analyze(const AnalyzeConfig& config) {
  const bool several = config.files.size() > 1;
  AnalysisJsonOptions json_options;
  json_options.sentences = config.sentences;
  using Outcome = ingest::Result<AnalyzedDocument>;
  return run_file_batch<AnalyzedDocument>(
      config.files, config.jobs, config.format == "json",
      [&](std::size_t i) -> Outcome {
        auto analysed = pipeline::analyze_file(config.files[i]);
        if (!analysed.ok()) {
          return analysed.error().file;
        }
        return std::move(analysed).value();
      },
      [](const AnalyzedDocument& a) -> const ingest::Document& { return a.document; },
      [&](const AnalyzedDocument& a) { return analysis_to_json(a, json_options); },
      [&](const AnalyzedDocument& a) { return text_output(a, several, config.sentences); });
}

}  // namespace vigie::cli
