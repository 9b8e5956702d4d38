// Reading ruleset files (YAML) into RuleSet, with file:line:column for every problem.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <set>

#include "vigie/rules/rule.hpp"

namespace vigie::rules {
namespace {

class Reader {
 public:
  Reader(const std::string& origin, RuleSet& into, std::vector<LoadError>& errors)
      : m_origin(origin), m_set(into), m_errors(errors) {}

  void read(std::string_view yaml) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
      error(e.mark, "YAML invalide : " + e.msg);
      return;
    }
    if (!root.IsMap()) {
      error(root.Mark(), "un fichier de règles est une table (ruleset, rules, …)");
      return;
    }
    check_keys(root, {"ruleset", "title", "description", "vocabulary", "levels", "rules"});
    std::string name = scalar(root, "ruleset");
    if (name.empty()) {
      error(root.Mark(), "clé « ruleset » (nom du jeu de règles) manquante");
      name = m_origin;
    }
    m_name = name;
    if (std::find(m_set.names.begin(), m_set.names.end(), name) == m_set.names.end()) {
      m_set.names.push_back(name);
    }
    if (const auto vocab = root["vocabulary"]) {
      if (!vocab.IsMap()) {
        error(vocab.Mark(), "« vocabulary » est une table nom → liste de motifs");
      } else {
        for (const auto& kv : vocab) {
          const auto cls = kv.first.as<std::string>();
          if (!kv.second.IsMap()) {
            m_set.vocabulary[cls] = patterns(kv.second, "vocabulary");
            continue;
          }
          // A class with its own tests: {patterns: [...], examples: {match, no_match}}.
          check_keys(kv.second, {"patterns", "examples"});
          m_set.vocabulary[cls] = patterns(kv.second["patterns"], "patterns");
          if (const auto ex = kv.second["examples"]) {
            if (!ex.IsMap()) {
              error(ex.Mark(), "« examples » attend une table match/no_match");
              continue;
            }
            check_keys(ex, {"match", "no_match"});
            Examples e;
            e.match = strings(ex["match"], "match");
            e.no_match = strings(ex["no_match"], "no_match");
            m_set.class_examples[cls] = std::move(e);
          }
        }
      }
    }
    if (const auto levels = root["levels"]) {
      read_levels(levels);
    }
    const auto rules = root["rules"];
    if (!rules) {
      return;
    }
    if (!rules.IsSequence()) {
      error(rules.Mark(), "« rules » est une liste de règles");
      return;
    }
    std::set<std::string> seen;
    for (const auto& node : rules) {
      Rule rule;
      if (!read_rule(node, rule)) {
        continue;
      }
      if (!seen.insert(rule.id).second) {
        error(node.Mark(), "identifiant « " + rule.id + " » déjà défini dans ce fichier");
        continue;
      }
      auto it = std::find_if(m_set.rules.begin(), m_set.rules.end(),
                             [&](const Rule& r) { return r.id == rule.id; });
      if (it != m_set.rules.end()) {
        *it = std::move(rule);  // a later file overrides a rule of the same id
      } else {
        m_set.rules.push_back(std::move(rule));
      }
    }
  }

 private:
  SourceLocation where(const YAML::Mark& mark) const {
    return {m_origin, mark.line + 1, mark.column + 1};
  }

  void error(const YAML::Mark& mark, std::string message) {
    m_errors.push_back({where(mark), std::move(message)});
  }

  void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed) {
    for (const auto& kv : map) {
      const auto key = kv.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (const auto a : allowed) {
          list += list.empty() ? std::string(a) : ", " + std::string(a);
        }
        error(kv.first.Mark(), "clé inconnue « " + key + " » (clés possibles : " + list + ")");
      }
    }
  }

  std::string scalar(const YAML::Node& map, const char* key) {
    const auto node = map[key];
    if (!node) {
      return {};
    }
    if (!node.IsScalar()) {
      error(node.Mark(), std::string("« ") + key + " » attend un texte");
      return {};
    }
    return node.as<std::string>();
  }

  std::vector<std::string> strings(const YAML::Node& node, const char* what) {
    std::vector<std::string> out;
    if (!node) {
      return out;
    }
    if (node.IsScalar()) {
      out.push_back(node.as<std::string>());
      return out;
    }
    if (!node.IsSequence()) {
      error(node.Mark(), std::string("« ") + what + " » attend une liste de textes");
      return out;
    }
    for (const auto& n : node) {
      if (!n.IsScalar()) {
        error(n.Mark(), std::string("« ") + what + " » attend une liste de textes");
        continue;
      }
      out.push_back(n.as<std::string>());
    }
    return out;
  }

  // The location of the first character of a scalar's text (after an opening quote).
  SourceLocation text_start(const YAML::Node& node) {
    SourceLocation at = where(node.Mark());
    if (node.Tag() == "!") {  // quoted scalar
      at.column += 1;
    }
    return at;
  }

  Pattern pattern(const YAML::Node& node) { return {node.as<std::string>(), text_start(node)}; }

  std::vector<Pattern> patterns(const YAML::Node& node, const char* what) {
    std::vector<Pattern> out;
    if (!node) {
      return out;
    }
    if (node.IsScalar()) {
      out.push_back(pattern(node));
      return out;
    }
    if (!node.IsSequence()) {
      error(node.Mark(), std::string("« ") + what + " » attend une liste de motifs");
      return out;
    }
    for (const auto& n : node) {
      if (!n.IsScalar()) {
        error(n.Mark(), std::string("« ") + what + " » attend une liste de motifs (textes)");
        continue;
      }
      out.push_back(pattern(n));
    }
    if (out.empty()) {
      error(node.Mark(), std::string("« ") + what + " » est vide");
    }
    return out;
  }

  std::vector<Alternative> alternatives(const YAML::Node& node, const char* what) {
    std::vector<Alternative> out;
    if (!node) {
      return out;
    }
    const auto one = [&](const YAML::Node& n) {
      Alternative alt;
      alt.where = where(n.Mark());
      if (n.IsScalar()) {
        alt.pattern = pattern(n);
        out.push_back(std::move(alt));
        return;
      }
      if (!n.IsMap()) {
        error(n.Mark(), std::string("« ") + what +
                            " » : un motif est un texte ou une table near/with/within");
        return;
      }
      check_keys(n, {"near", "with", "within"});
      alt.near = patterns(n["near"], "near");
      alt.with = patterns(n["with"], "with");
      alt.within = 10;
      if (const auto w = n["within"]) {
        try {
          alt.within = w.as<int>();
        } catch (const YAML::Exception&) {
          alt.within = 0;
        }
        if (alt.within < 1 || alt.within > 50) {
          error(w.Mark(), "« within » attend un nombre de mots entre 1 et 50");
          return;
        }
      }
      if (alt.near.empty() || alt.with.empty()) {
        error(n.Mark(), "une proximité demande « near » et « with »");
        return;
      }
      out.push_back(std::move(alt));
    };
    if (node.IsSequence()) {
      for (const auto& n : node) {
        one(n);
      }
    } else {
      one(node);
    }
    if (out.empty()) {
      error(node.Mark(), std::string("« ") + what + " » est vide");
    }
    return out;
  }

  std::optional<Group> group(const YAML::Node& node, const char* what) {
    if (!node.IsMap()) {
      error(node.Mark(), std::string("« ") + what + " » attend une table label/patterns");
      return std::nullopt;
    }
    check_keys(node, {"label", "patterns"});
    Group g;
    g.label = scalar(node, "label");
    if (g.label.empty()) {
      error(node.Mark(), std::string("« ") + what + " » : « label » manquant");
    }
    if (!node["patterns"]) {
      error(node.Mark(), std::string("« ") + what + " » : « patterns » manquant");
      return std::nullopt;
    }
    g.alternatives = alternatives(node["patterns"], "patterns");
    return g;
  }

  void read_levels(const YAML::Node& node) {
    if (!node.IsMap()) {
      error(node.Mark(), "« levels » attend une table declaration/names/means");
      return;
    }
    check_keys(node, {"declaration", "names", "means"});
    m_set.levels.declaration = patterns(node["declaration"], "declaration");
    const auto per_level = [&](const YAML::Node& n, const char* what) {
      std::vector<std::vector<Pattern>> out(k_level_count);
      if (!n || !n.IsMap()) {
        error(node.Mark(), std::string("« levels.") + what + " » attend une table niveau → motifs");
        return out;
      }
      for (const auto& kv : n) {
        const auto name = kv.first.as<std::string>();
        int index = -1;
        for (int i = 0; i < k_level_count; ++i) {
          if (to_string(static_cast<Level>(i)) == name) {
            index = i;
          }
        }
        if (index < 0) {
          error(kv.first.Mark(), "niveau inconnu « " + name +
                                     " » (information, consultation, concertation, "
                                     "co-construction, codecision)");
          continue;
        }
        out[static_cast<std::size_t>(index)] = patterns(kv.second, what);
      }
      return out;
    };
    m_set.levels.names = per_level(node["names"], "names");
    m_set.levels.means = per_level(node["means"], "means");
  }

  bool read_rule(const YAML::Node& node, Rule& rule) {
    if (!node.IsMap()) {
      error(node.Mark(), "une règle est une table (id, title, severity, …)");
      return false;
    }
    const std::size_t errors_before = m_errors.size();
    check_keys(node, {"id", "title", "severity", "type", "applies", "label", "patterns", "also",
                      "when", "unless", "window", "min", "message", "rationale", "clause", "advice",
                      "examples", "headings", "bounded_by_level"});
    rule.where = where(node.Mark());
    rule.ruleset = m_name;
    rule.id = scalar(node, "id");
    if (rule.id.empty()) {
      error(node.Mark(), "règle sans « id »");
      return false;
    }
    rule.title = scalar(node, "title");
    rule.message = scalar(node, "message");
    rule.rationale = scalar(node, "rationale");
    rule.clause = scalar(node, "clause");
    rule.advice = scalar(node, "advice");
    for (const auto* key : {"title", "message", "rationale"}) {
      if (!node[key]) {
        error(node.Mark(), "règle « " + rule.id + " » : « " + key + " » manquant");
      }
    }
    const std::string severity = scalar(node, "severity");
    if (const auto s = parse_severity(severity)) {
      rule.severity = *s;
    } else {
      error(node["severity"] ? node["severity"].Mark() : node.Mark(),
            "règle « " + rule.id + " » : gravité « " + severity +
                " » inconnue (erreur, avertissement, suggestion)");
    }
    const std::string type = node["type"] ? scalar(node, "type") : "required";
    bool type_known = false;
    for (const auto t : {RuleType::required, RuleType::flag, RuleType::claim, RuleType::conditional,
                         RuleType::proximity}) {
      if (to_string(t) == type) {
        rule.type = t;
        type_known = true;
      }
    }
    if (!type_known) {
      error(node["type"].Mark(),
            "type « " + type + " » inconnu (required, flag, claim, conditional, proximity)");
    }
    if (const auto applies = node["applies"]) {
      read_scope(applies, rule.scope);
    }
    rule.clause_patterns.label = node["label"] ? scalar(node, "label") : rule.title;
    if (!node["patterns"]) {
      error(node.Mark(), "règle « " + rule.id + " » : « patterns » manquant");
    } else {
      rule.clause_patterns.alternatives = alternatives(node["patterns"], "patterns");
    }
    if (const auto also = node["also"]) {
      if (!also.IsSequence()) {
        error(also.Mark(), "« also » attend une liste de groupes label/patterns");
      } else {
        for (const auto& g : also) {
          if (auto grp = group(g, "also")) {
            rule.also.push_back(std::move(*grp));
          }
        }
      }
    }
    if (const auto when = node["when"]) {
      rule.when = group(when, "when");
    }
    rule.unless = patterns(node["unless"], "unless");
    rule.headings = patterns(node["headings"], "headings");
    rule.window = rule.type == RuleType::claim ? Window::paragraph : Window::sentence;
    if (const auto w = node["window"]) {
      const auto v = scalar(node, "window");
      if (v == "sentence") {
        rule.window = Window::sentence;
      } else if (v == "paragraph") {
        rule.window = Window::paragraph;
      } else {
        error(w.Mark(), "« window » vaut sentence ou paragraph");
      }
    }
    if (const auto m = node["min"]) {
      try {
        rule.min_count = m.as<int>();
      } catch (const YAML::Exception&) {
        rule.min_count = 0;
      }
      if (rule.min_count < 1) {
        error(m.Mark(), "« min » attend un nombre entier ≥ 1");
        rule.min_count = 1;
      }
    }
    if (const auto b = node["bounded_by_level"]) {
      const auto v = scalar(node, "bounded_by_level");
      if (v == "true" || v == "yes") {
        rule.bounded_by_level = true;
      } else if (v != "false" && v != "no") {
        error(b.Mark(), "« bounded_by_level » vaut true ou false");
      }
    }
    check_type(node, rule);
    if (const auto ex = node["examples"]) {
      if (!ex.IsMap()) {
        error(ex.Mark(), "« examples » attend une table match/no_match/contradicted");
      } else {
        check_keys(ex, {"match", "no_match", "contradicted"});
        rule.examples.match = strings(ex["match"], "match");
        rule.examples.no_match = strings(ex["no_match"], "no_match");
        rule.examples.contradicted = strings(ex["contradicted"], "contradicted");
      }
    }
    if (rule.examples.match.empty() || rule.examples.no_match.empty()) {
      error(node.Mark(),
            "règle « " + rule.id +
                " » : il faut des exemples « match » et « no_match » (ce sont ses tests)");
    }
    return m_errors.size() == errors_before;
  }

  void check_type(const YAML::Node& node, const Rule& rule) {
    const bool flag_like = is_flag(rule.type);
    if (flag_like) {
      if (!rule.also.empty() || rule.when) {
        error(node.Mark(),
              "règle « " + rule.id + " » : « also » et « when » ne valent que pour les clauses");
      }
      if (rule.advice.empty()) {
        error(node.Mark(), "règle « " + rule.id + " » : « advice » (comment réécrire) manquant");
      }
    } else {
      if (!rule.unless.empty()) {
        error(node["unless"].Mark(), "« unless » ne vaut que pour les types flag et claim");
      }
      if (rule.clause.empty()) {
        error(node.Mark(),
              "règle « " + rule.id + " » : « clause » (clause type à ajouter) manquante");
      }
    }
    if (rule.type == RuleType::conditional && !rule.when) {
      error(node.Mark(), "règle conditionnelle « " + rule.id + " » sans « when »");
    }
    if (rule.type != RuleType::conditional && rule.when) {
      error(node["when"].Mark(), "« when » demande le type conditional");
    }
    if (rule.type == RuleType::proximity) {
      const auto& alts = rule.clause_patterns.alternatives;
      if (std::none_of(alts.begin(), alts.end(),
                       [](const Alternative& a) { return !a.near.empty(); })) {
        error(node.Mark(), "règle de proximité « " + rule.id + " » sans motif near/with/within");
      }
    }
  }

  void read_scope(const YAML::Node& node, Scope& scope) {
    if (!node.IsMap()) {
      error(node.Mark(), "« applies » attend une table kinds/participation/sections");
      return;
    }
    check_keys(node, {"kinds", "participation", "sections"});
    if (const auto kinds = node["kinds"]) {
      for (const auto& k : strings(kinds, "kinds")) {
        if (const auto kind = analysis::parse_kind(k)) {
          scope.kinds.push_back(*kind);
        } else {
          error(kinds.Mark(), "type de document inconnu « " + k +
                                  " » (AVIS, RC, CCAP, CCTP, CCP, AE, BPU, DQE, DPGF, OTHER)");
        }
      }
    }
    if (const auto p = node["participation"]) {
      const std::string v = p.IsScalar() ? p.as<std::string>() : "";
      if (v == "mission") {
        scope.participation = ParticipationScope::mission;
      } else if (v == "true" || v == "yes") {
        scope.participation = ParticipationScope::relevant;
      } else if (v == "false" || v == "no" || v == "any") {
        scope.participation = ParticipationScope::any;
      } else {
        error(p.Mark(), "« participation » vaut mission, true ou false");
      }
    }
    if (const auto s = node["sections"]) {
      scope.sections = strings(s, "sections");
    }
  }

  std::string m_origin;
  std::string m_name;
  RuleSet& m_set;
  std::vector<LoadError>& m_errors;
};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::erreur:
      return "erreur";
    case Severity::avertissement:
      return "avertissement";
    case Severity::suggestion:
      return "suggestion";
  }
  return "erreur";
}

std::optional<Severity> parse_severity(std::string_view name) {
  for (const auto s : {Severity::erreur, Severity::avertissement, Severity::suggestion}) {
    if (to_string(s) == name) {
      return s;
    }
  }
  return std::nullopt;
}

std::string_view to_string(RuleType type) {
  switch (type) {
    case RuleType::required:
      return "required";
    case RuleType::flag:
      return "flag";
    case RuleType::claim:
      return "claim";
    case RuleType::conditional:
      return "conditional";
    case RuleType::proximity:
      return "proximity";
  }
  return "required";
}

std::string_view to_string(Level level) {
  static constexpr std::array<std::string_view, k_level_count> k_names = {
      "information", "consultation", "concertation", "co-construction", "codecision"};
  return k_names[static_cast<std::size_t>(level)];
}

std::string_view french_name(Level level) {
  static constexpr std::array<std::string_view, k_level_count> k_names = {
      "information", "consultation", "concertation", "co-construction", "codécision"};
  return k_names[static_cast<std::size_t>(level)];
}

std::string SourceLocation::text() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string LoadError::text() const { return where.text() + ": " + message; }

const Rule* RuleSet::find(std::string_view id) const {
  for (const auto& r : rules) {
    if (r.id == id) {
      return &r;
    }
  }
  return nullptr;
}

void load_rules(std::string_view yaml, const std::string& origin, RuleSet& into,
                std::vector<LoadError>& errors) {
  // A shape the reader does not check (a key that is a list, a table where a text is
  // expected) makes yaml-cpp throw: it is one more error of the file, never an exception out
  // of the rules stage.
  try {
    Reader(origin, into, errors).read(yaml);
  } catch (const YAML::Exception& e) {
    errors.push_back(
        {{origin, e.mark.line + 1, e.mark.column + 1}, "structure inattendue : " + e.msg});
  }
}

}  // namespace vigie::rules
