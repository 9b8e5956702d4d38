#include "rules_command.hpp"

#include <memory>
#include <string>
#include <vector>

#include "file_batch.hpp"
#include "rules_loading.hpp"
#include "terminal.hpp"

namespace vigie::cli {
namespace {

struct RulesConfig {
  std::vector<std::string> rules;
  std::string id;
  bool verbose = false;
};

std::string scope_fr(const rules::Rule& r) {
  std::string out;
  if (!r.scope.kinds.empty()) {
    for (const auto k : r.scope.kinds) {
      out += (out.empty() ? "" : ", ") + std::string(analysis::to_string(k));
    }
  } else {
    out = "tout document";
  }
  if (r.scope.participation == rules::ParticipationScope::relevant) {
    out += " ; documents qui concernent la participation du public";
  } else if (r.scope.participation == rules::ParticipationScope::mission) {
    out += " ; cahiers des charges d'une mission de participation";
  }
  if (!r.scope.sections.empty()) {
    out += " ; sections :";
    for (const auto& s : r.scope.sections) {
      out += " « " + s + " »";
    }
  }
  return out;
}

int run_list(const RulesConfig& config) {
  const auto engine = load_engine(config.rules);
  if (!engine) {
    return k_exit_error;
  }
  std::string out;
  std::string ruleset;
  for (const auto& r : engine->rules().rules) {
    if (r.ruleset != ruleset) {
      ruleset = r.ruleset;
      out += (out.empty() ? "" : "\n") + ruleset + "\n";
    }
    std::string id = r.id;
    id.resize(std::max<std::size_t>(id.size(), 36), ' ');
    std::string severity(rules::to_string(r.severity));
    severity.resize(14, ' ');
    out += "  " + id + severity + r.title + "\n";
  }
  out += "\n" + std::to_string(engine->rules().rules.size()) + " règles, " +
         std::to_string(engine->pattern_count()) +
         " motifs, cherchés en une seule lecture du texte.\n";
  write_out(out);
  return k_exit_ok;
}

int run_show(const RulesConfig& config) {
  const auto engine = load_engine(config.rules);
  if (!engine) {
    return k_exit_error;
  }
  const auto* r = engine->rules().find(config.id);
  if (r == nullptr) {
    print_error("règle inconnue « " + config.id + " » (voir « vigie rules list »)");
    return k_exit_error;
  }
  std::string out = r->id + " — " + r->title + "\n";
  out += "  gravité : " + std::string(rules::to_string(r->severity)) + "\n";
  out += "  type : " + std::string(rules::to_string(r->type)) + "\n";
  out += "  s'applique à : " + scope_fr(*r) + "\n";
  out += "  défini dans : " + r->where.text() + "\n";
  if (r->when) {
    out += "  condition : " + r->when->label + "\n";
  }
  out += "  cherche : " + r->clause_patterns.label + "\n";
  for (const auto& a : r->clause_patterns.alternatives) {
    if (a.near.empty()) {
      out += "    " + a.pattern.text + "\n";
    } else {
      std::string near;
      std::string with;
      for (const auto& p : a.near) {
        near += (near.empty() ? "" : " | ") + p.text;
      }
      for (const auto& p : a.with) {
        with += (with.empty() ? "" : " | ") + p.text;
      }
      out +=
          "    (" + near + ") à moins de " + std::to_string(a.within) + " mots de (" + with + ")\n";
    }
  }
  for (const auto& g : r->also) {
    out += "  et aussi : " + g.label + "\n";
  }
  if (!r->unless.empty()) {
    out += "  sauf si à proximité :";
    for (const auto& p : r->unless) {
      out += " " + p.text;
    }
    out += "\n";
  }
  out += "  message : " + r->message + "\n";
  out += "  fondement : " + r->rationale + "\n";
  if (!r->clause.empty()) {
    out += "  clause type : " + r->clause + "\n";
  }
  if (!r->advice.empty()) {
    out += "  conseil : " + r->advice + "\n";
  }
  write_out(out);
  return k_exit_ok;
}

int run_test(const RulesConfig& config) {
  const auto engine = load_engine(config.rules);
  if (!engine) {
    return k_exit_error;
  }
  const auto examples = engine->run_examples();
  if (!examples.ok()) {
    print_error(examples.error().message);
    return k_exit_error;
  }
  const auto& results = examples.value();
  std::string out;
  int failed = 0;
  for (const auto& r : results) {
    if (r.passed) {
      if (config.verbose) {
        out += "ok      " + r.rule_id + " [" + r.expectation + "] " + r.text + "\n";
      }
      continue;
    }
    ++failed;
    out += "ÉCHEC   " + r.rule_id + " [" + r.expectation + "] « " + r.text +
           " »\n        obtenu : " + r.got + "\n";
  }
  out += std::to_string(results.size()) + " exemples, " + std::to_string(failed) + " en échec, " +
         std::to_string(engine->rules().rules.size()) + " règles.\n";
  write_out(out);
  return failed > 0 ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_rules(CLI::App& app, int& status) {
  auto config = std::make_shared<RulesConfig>();
  CLI::App* cmd = app.add_subcommand("rules", "Lister, montrer et tester les règles");
  cmd->require_subcommand(1);
  const auto rules_option = [&](CLI::App* sub) {
    sub->add_option("--rules", config->rules,
                    "Nom d'un jeu de règles intégré, « default », un fichier YAML ou un "
                    "dossier ; répétable (par défaut : tous les jeux intégrés)");
  };
  CLI::App* list = cmd->add_subcommand("list", "Lister les règles avec leur gravité");
  rules_option(list);
  list->callback([config, &status] { status = run_list(*config); });
  CLI::App* show =
      cmd->add_subcommand("show", "Montrer une règle : portée, motifs, message, clause type");
  show->add_option("id", config->id,
                   "Identifiant de la règle, par exemple "
                   "participation.restitution")
      ->required();
  rules_option(show);
  show->callback([config, &status] { status = run_show(*config); });
  CLI::App* test = cmd->add_subcommand(
      "test",
      "Vérifier les exemples de chaque règle (doit trouver / ne doit pas trouver / contredit)");
  rules_option(test);
  test->add_flag("-v,--verbose", config->verbose, "Lister aussi les exemples réussis");
  test->footer(
      "Code de sortie : 0 tous les exemples réussissent, 1 un exemple échoue, 2 règles "
      "invalides.");
  test->callback([config, &status] { status = run_test(*config); });
}

}  // namespace vigie::cli
