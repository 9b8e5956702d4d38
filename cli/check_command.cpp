#include "check_command.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

#include "check_report.hpp"
#include "file_batch.hpp"
#include "rules_loading.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/ingest/extract.hpp"

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
      "Check tender documents: missing or contradicted participation clauses, unverified "
      "assumptions, with page, passage, reason and model clause");
  cmd->add_option("files", config->files, "Files to check (PDF, DOCX, ODT, text)")->required();
  cmd->add_option("--rules", config->rules,
                  "Rules to apply: a built-in ruleset (participation, presupposes, commande), "
                  "'default' (all of them), a YAML file or a directory; repeatable "
                  "(default: every built-in ruleset)");
  cmd->add_option("--config", config->config,
                  "Project configuration (TOML) to disable, re-grade or waive rules "
                  "(default: vigie.toml beside each file, if any)");
  cmd->add_option("-f,--format", config->format, "Report format: text, json or html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("-o,--output", config->output, "Write the report to this file instead of stdout");
  cmd->add_option("--fail-on", config->fail_on,
                  "Exit with status 1 when a finding at or above this severity remains "
                  "(erreur, avertissement, suggestion or never; default erreur)")
      ->check(CLI::IsMember({"erreur", "avertissement", "suggestion", "never"}));
  cmd->add_option("-j,--jobs", config->jobs,
                  "Files checked in parallel (default: number of cores)");
  cmd->footer(
      "Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 a file could not be\n"
      "read or the rules or configuration are invalid. JSON schema: docs/check-json.md; rule\n"
      "format: docs/rules.md.");
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

  using Outcome = ingest::Result<CheckedDocument>;
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
        auto doc = ingest::extract_file(config.files[i], {});
        if (!doc.ok()) {
          return Outcome(doc.error());
        }
        CheckedDocument checked;
        checked.analysis = analysis::analyze(std::move(doc.value()));
        checked.report = engine->check(checked.analysis, policies[i]->policy);
        checked.config = policies[i]->origin;
        return Outcome(std::move(checked));
      },
      [&](std::size_t i, Outcome& result) {
        if (!result.ok()) {
          print_error(result.error().message());
          errors.push_back(result.error().message());
          any_error = true;
          if (config.format == "json") {
            out += i == 0 ? "\n" : ",\n";
            out += error_to_json(result.error()).dump();
          }
          return;
        }
        CheckedDocument& c = result.value();
        print_diagnostics(c.analysis.document);
        if (fail_on && failing_findings(c.report, *fail_on) > 0) {
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
    std::fflush(stdout);
  } else {
    std::ofstream file(config.output, std::ios::binary | std::ios::trunc);
    file << out;
    file.close();
    if (!file) {
      print_error(config.output + " : impossible d'écrire le rapport");
      return k_exit_error;
    }
  }
  return any_error ? k_exit_error : status;
}

}  // namespace vigie::cli
