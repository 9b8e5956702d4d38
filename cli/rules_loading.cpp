#include "rules_loading.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

#include "terminal.hpp"
#include "vigie/base/file.hpp"
#include "vigie/rules/rule.hpp"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;

void load_file(const fs::path& path, rules::RuleSet& set, std::vector<rules::LoadError>& errors) {
  auto text = base::read_file(path.string());
  if (!text.ok()) {
    rules::LoadError e;
    e.where.file = path.string();
    e.message = "fichier de règles illisible";
    errors.push_back(std::move(e));
    return;
  }
  rules::load_rules(text.value(), path.string(), set, errors);
}

}  // namespace

std::optional<rules::Engine> load_engine(const std::vector<std::string>& selection) {
  rules::RuleSet set;
  std::vector<rules::LoadError> errors;
  const auto builtin = rules::builtin_ruleset_names();
  std::vector<std::string> names;
  std::vector<std::string> paths;
  for (const auto& value : selection) {
    if (value == "default") {
      names.insert(names.end(), builtin.begin(), builtin.end());
    } else if (std::find(builtin.begin(), builtin.end(), value) != builtin.end()) {
      names.push_back(value);
    } else {
      paths.push_back(value);
    }
  }
  if (selection.empty()) {
    names = builtin;
  }
  // The shared vocabulary is always there, even when only user files are given.
  rules::load_builtin_rules(names, set, errors);
  if (names.empty()) {
    set.names.clear();
  }
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(p, ec)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
          files.push_back(entry.path());
        }
      }
      std::sort(files.begin(), files.end());
      if (files.empty()) {
        print_error(p + " : aucun fichier de règles (.yaml) dans ce dossier");
        return std::nullopt;
      }
      for (const auto& f : files) {
        load_file(f, set, errors);
      }
    } else if (fs::exists(p, ec)) {
      load_file(p, set, errors);
    } else {
      std::string known = "default";
      for (const auto& n : builtin) {
        known += ", " + n;
      }
      print_error(p + " : ni fichier de règles, ni jeu intégré (jeux intégrés : " + known + ")");
      return std::nullopt;
    }
  }
  if (errors.empty()) {
    auto compiled = rules::Engine::compile(std::move(set));
    if (compiled.ok()) {
      return std::move(compiled).value();
    }
    errors = compiled.error();
  }
  for (const auto& e : errors) {
    print_error(e.text());
  }
  return std::nullopt;
}

std::optional<rules::Policy> load_policy(const std::string& path, const rules::Engine& engine) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    print_error(path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                ": configuration invalide : " + std::string(e.description()));
    return std::nullopt;
  }
  rules::Policy policy;
  bool ok = true;
  const auto fail = [&](const toml::node* node, const std::string& message) {
    const auto at = node != nullptr ? node->source().begin : toml::source_position{};
    print_error(path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                message);
    ok = false;
  };
  const auto known_rule = [&](const toml::node* node, const std::string& id) {
    if (engine.rules().find(id) == nullptr) {
      fail(node, "règle inconnue « " + id + " »");
      return false;
    }
    return true;
  };
  for (const auto& [key, node] : table) {
    if (key != "rules" && key != "waive") {
      fail(&node, "clé inconnue « " + std::string(key.str()) + " » (rules, waive)");
    }
  }
  if (const auto* rules_table = table["rules"].as_table()) {
    for (const auto& [key, node] : *rules_table) {
      if (key == "disable") {
        const auto* list = node.as_array();
        if (list == nullptr) {
          fail(&node, "« rules.disable » attend une liste d'identifiants de règles");
          continue;
        }
        for (const auto& item : *list) {
          const auto id = item.value<std::string>();
          if (!id) {
            fail(&item, "« rules.disable » attend des identifiants (textes)");
          } else if (known_rule(&item, *id)) {
            policy.disabled.insert(*id);
          }
        }
      } else if (key == "severity") {
        const auto* map = node.as_table();
        if (map == nullptr) {
          fail(&node, "« rules.severity » attend une table règle = gravité");
          continue;
        }
        for (const auto& [id, value] : *map) {
          const std::string rule_id(id.str());
          const auto name = value.value<std::string>();
          const auto severity = name ? rules::parse_severity(*name) : std::nullopt;
          if (!severity) {
            fail(&value,
                 "gravité inconnue pour « " + rule_id + " » (erreur, avertissement, suggestion)");
          } else if (known_rule(&value, rule_id)) {
            policy.severity[rule_id] = *severity;
          }
        }
      } else {
        fail(&node, "clé inconnue « rules." + std::string(key.str()) + " » (disable, severity)");
      }
    }
  }
  if (const auto* waivers = table["waive"].as_array()) {
    for (const auto& node : *waivers) {
      const auto* w = node.as_table();
      if (w == nullptr) {
        fail(&node, "chaque [[waive]] est une table (rule, justification, page, text)");
        continue;
      }
      rules::Waiver waiver;
      waiver.rule_id = (*w)["rule"].value_or(std::string());
      waiver.justification = (*w)["justification"].value_or(std::string());
      waiver.text = (*w)["text"].value_or(std::string());
      waiver.page = static_cast<int>((*w)["page"].value_or(std::int64_t{0}));
      waiver.origin = path + ":" + std::to_string(node.source().begin.line);
      for (const auto& [key, value] : *w) {
        if (key != "rule" && key != "justification" && key != "text" && key != "page") {
          fail(&value, "clé inconnue « " + std::string(key.str()) +
                           " » dans [[waive]] (rule, justification, page, text)");
        }
      }
      if (waiver.rule_id.empty()) {
        fail(&node, "[[waive]] sans « rule »");
        continue;
      }
      if (!known_rule(&node, waiver.rule_id)) {
        continue;
      }
      if (waiver.justification.find_first_not_of(" \t\n") == std::string::npos) {
        fail(&node, "[[waive]] de « " + waiver.rule_id +
                        " » sans « justification » : une levée doit être justifiée par écrit");
        continue;
      }
      policy.waivers.push_back(std::move(waiver));
    }
  } else if (table.contains("waive")) {
    fail(table.get("waive"), "« waive » s'écrit [[waive]] (une table par levée)");
  }
  if (!ok) {
    return std::nullopt;
  }
  return policy;
}

}  // namespace vigie::cli
