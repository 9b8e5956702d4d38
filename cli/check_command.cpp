#include "check_command.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "check_report.hpp"
#include "file_batch.hpp"
#include "rules_loading.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/base/file.hpp"
#include "vigie/pipeline/pipeline.hpp"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;

struct PolicyChoice {
  rules::Policy policy;
  std::string origin;
};

// The configuration of each file: --config for all, or the vigie.toml beside the file.
bool resolve_policies(const CheckConfig& config, const rules::Engine& engine,
                      std::vector<const PolicyChoice*>& per_file,
                      std::map<std::string, PolicyChoice>& cache) {
  static const PolicyChoice k_none{};
  if (!config.config.empty()) {
    auto policy = load_policy(config.config, engine);
    if (!policy) {
      return false;
    }
    cache[config.config] = {std::move(*policy), config.config};
    per_file.assign(config.files.size(), &cache[config.config]);
    return true;
  }
  bool ok = true;
  for (const auto& file : config.files) {
    const fs::path beside = fs::path(file).parent_path() / "vigie.toml";
    std::error_code ec;
    if (!fs::is_regular_file(beside, ec)) {
      per_file.push_back(&k_none);
      continue;
    }
    const std::string key = beside.string();
    if (cache.count(key) == 0) {
      auto policy = load_policy(key, engine);
      if (!policy) {
        ok = false;
        per_file.push_back(&k_none);
        continue;
      }
      cache[key] = {std::move(*policy), key};
    }
    per_file.push_back(&cache[key]);
  }
  return ok;
}

}  // namespace

void register_check(CLI::App& app, int& status) {
  auto config = std::make_shared<CheckConfig>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Vérifier des pièces de marché : clauses de participation absentes ou contredites, "
      "présupposés non vérifiés, avec page, passage, raison et clause type");
  cmd->add_option("files", config->files, "Fichiers à vérifier (PDF, DOCX, ODT, texte)")
      ->required();
  cmd->add_option("--rules", config->rules,
                  "Règles à appliquer : un jeu intégré (participation, presupposes, commande), "
                  "« default » (tous), un fichier YAML ou un dossier ; une valeur par --rules, "
                  "répétable (par défaut : tous les jeux intégrés)");
  cmd->add_option("--config", config->config,
                  "Configuration du projet (TOML) pour désactiver, reclasser ou lever des règles "
                  "(par défaut : le vigie.toml à côté de chaque fichier, s'il existe)");
  cmd->add_option("-f,--format", config->format, "Format du rapport : text, json ou html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("-o,--output", config->output,
                  "Écrire le rapport dans ce fichier plutôt que sur stdout");
  cmd->add_option("--fail-on", config->fail_on,
                  "Sortir avec le code 1 s'il reste un constat de cette gravité ou plus "
                  "(erreur, avertissement, suggestion ou never ; erreur par défaut)")
      ->check(CLI::IsMember({"erreur", "avertissement", "suggestion", "never"}));
  cmd->add_option("-j,--jobs", config->jobs,
                  "Fichiers vérifiés en parallèle (par défaut : nombre de cœurs)");
  cmd->footer(
      "Code de sortie : 0 aucun constat au niveau de --fail-on ou au-dessus, 1 de tels constats,\n"
      "2 un fichier illisible, introuvable ou non lu (aucune page avec du texte : document\n"
      "numérisé), des règles ou une configuration invalides, un rapport impossible à écrire.\n"
      "Un document partiellement lu (pages numérisées) est vérifié sur ses pages lues et le\n"
      "rapport le dit. Schéma JSON : docs/check-json.md ; format des règles : docs/rules.md.");
  cmd->callback([config, &status] { status = run_check(*config); });
}

int run_check(const CheckConfig& config) {
  auto engine = load_engine(config.rules);
  if (!engine) {
    return k_exit_error;
  }
  std::vector<const PolicyChoice*> policies;
  std::map<std::string, PolicyChoice> cache;
  if (!resolve_policies(config, *engine, policies, cache)) {
    return k_exit_error;
  }
  const std::optional<rules::Severity> fail_on = rules::parse_severity(config.fail_on);
  const bool several = config.files.size() > 1;
  const bool colors = config.output.empty() && config.format == "text" && stdout_colors();

  using Outcome = pipeline::Result<CheckedDocument>;
  std::string out;
  std::vector<std::unique_ptr<CheckedDocument>> kept;  // html only
  std::vector<std::string> errors;
  int status = k_exit_ok;
  bool any_error = false;
  if (config.format == "json") {
    out += "[";
  }
  run_ordered<Outcome>(
      config.files.size(), effective_jobs(config.jobs),
      [&](std::size_t i) -> Outcome {
        auto checked = pipeline::check_file(config.files[i], *engine, policies[i]->policy);
        if (checked.ok()) {
          checked->config = policies[i]->origin;
        }
        return checked;
      },
      [&](std::size_t i, Outcome& result) {
        if (!result.ok()) {
          print_error(result.error().message());
          errors.push_back(result.error().message());
          any_error = true;
          if (config.format == "json") {
            out += i == 0 ? "\n" : ",\n";
            out += error_to_json(result.error().file).dump();
          }
          return;
        }
        CheckedDocument& c = result.value();
        if (c.reading.level == ReadingLevel::none) {
          // Not read: as for an unreadable file (exit 2), whatever --fail-on says; the report
          // still names the document and why.
          const std::string message = c.analysis.document.source.path + " : " +
                                      reading_line(c.reading.level, c.reading.note);
          // The page diagnostics say what the error says: only the others are printed.
          ingest::Document others;
          others.source.path = c.analysis.document.source.path;
          for (const auto& x : c.analysis.document.diagnostics) {
            if (x.code != "no-text-layer" && x.code != "empty-page" &&
                x.code != "unreadable-page") {
              others.diagnostics.push_back(x);
            }
          }
          print_diagnostics(others);
          print_error(message);
          any_error = true;
        } else {
          print_diagnostics(c.analysis.document);
        }
        if (fail_on && pipeline::failing_findings(c.report, *fail_on) > 0) {
          status = k_exit_findings;
        }
        if (config.format == "json") {
          out += i == 0 ? "\n" : ",\n";
          out += check_to_json(c, *engine)
                     .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        } else if (config.format == "text") {
          out += check_to_text(c, *engine, colors, several);
          if (config.output.empty()) {
            write_out(out);
            out.clear();
          }
        } else {
          kept.push_back(std::make_unique<CheckedDocument>(std::move(c)));
        }
      });
  if (config.format == "json") {
    out += config.files.empty() ? "]\n" : "\n]\n";
  } else if (config.format == "html") {
    std::vector<const CheckedDocument*> docs;
    for (const auto& k : kept) {
      docs.push_back(k.get());
    }
    out = check_to_html(docs, errors, *engine);
  }
  if (config.output.empty()) {
    write_out(out);
    flush_out();
  } else {
    base::AtomicFile file(config.output);
    file.write(out);
    if (const auto written = file.commit(); !written.ok()) {
      print_error(written.error().message("le rapport"));
      return k_exit_error;
    }
  }
  return any_error ? k_exit_error : status;
}

}  // namespace vigie::cli
