#include "extract_command.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <thread>

#include "document_json.hpp"
#include "file_batch.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::cli {
namespace {

std::string text_output(const ingest::Document& doc, bool several, bool show_furniture) {
  std::string out;
  if (several) {
    out += "==> " + doc.source.path + " <==\n";
  }
  for (const auto& page : doc.pages) {
    out += "[page " + std::to_string(page.number) + "/" + std::to_string(doc.pages.size()) + "]\n";
    if (show_furniture) {
      for (const auto& f : doc.furniture) {
        if (f.placement == ingest::Placement::header && (f.page == page.number || f.page == 0)) {
          out += "[en-tête] " + f.text + "\n";
        }
      }
    }
    const std::string_view text = doc.text_of(page.span);
    out += text;
    if (!text.empty() && text.back() != '\n') {
      out += '\n';
    }
    if (show_furniture) {
      for (const auto& f : doc.furniture) {
        if (f.placement == ingest::Placement::footer && (f.page == page.number || f.page == 0)) {
          out += "[pied de page] " + f.text + "\n";
        } else if (f.placement == ingest::Placement::watermark && f.page == page.number) {
          out += "[filigrane] " + f.text + "\n";
        }
      }
    }
  }
  if (several) {
    out += '\n';
  }
  return out;
}

}  // namespace

void register_extract(CLI::App& app, int& status) {
  auto config = std::make_shared<ExtractConfig>();
  CLI::App* cmd = app.add_subcommand(
      "extract", "Extraire le texte de fichiers PDF, DOCX, ODT et texte, page par page");
  cmd->add_option("files", config->files, "Fichiers à lire")->required();
  cmd->add_option("-f,--format", config->format, "Format de sortie : text ou json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("-j,--jobs", config->jobs,
                  "Fichiers lus en parallèle (par défaut : nombre de cœurs)");
  cmd->add_flag("--keep-furniture", config->keep_furniture,
                "Laisser les en-têtes et pieds de page courants dans le texte");
  cmd->add_flag("--show-furniture", config->show_furniture,
                "Afficher, marqués, les en-têtes, pieds de page et filigranes (sortie texte)");
  cmd->add_flag("--keep-hyphens", config->keep_hyphens,
                "Ne pas recoller les mots coupés par un trait d'union en fin de ligne");
  cmd->footer(
      "Sortie : le texte sur stdout, chaque page après une marque [page N/M] ; diagnostics sur\n"
      "stderr. Code de sortie : 0 tous les fichiers lus, 2 un fichier illisible ou introuvable\n"
      "(les autres sont lus quand même).");
  cmd->callback([config, &status] { status = run_extract(*config); });
}

int run_extract(const ExtractConfig& config) {
  ingest::ExtractOptions options;
  options.separate_furniture = !config.keep_furniture;
  options.join_hyphenated_words = !config.keep_hyphens;
  const bool several = config.files.size() > 1;
  return run_file_batch<ingest::Document>(
      config.files, config.jobs, config.format == "json",
      [&](std::size_t i) { return ingest::extract_file(config.files[i], options); },
      [](const ingest::Document& doc) -> const ingest::Document& { return doc; },
      [](const ingest::Document& doc) { return document_to_json(doc); },
      [&](const ingest::Document& doc) {
        return text_output(doc, several, config.show_furniture);
      });
}

}  // namespace vigie::cli
