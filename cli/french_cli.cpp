#include "french_cli.hpp"

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "terminal.hpp"

namespace vigie::cli {
namespace {

// What a positional argument is called in the help and in errors (the names given to CLI11
// stay the code's).
std::string positional_label(const std::string& name) {
  static const std::map<std::string, std::string> k_labels = {
      {"files", "FICHIERS"},  {"file", "FICHIER"},  {"paths", "CHEMINS"}, {"parts", "RAPPORTS"},
      {"query", "RECHERCHE"}, {"filter", "FILTRE"}, {"id", "IDENTIFIANT"}};
  const auto it = k_labels.find(name);
  return it != k_labels.end() ? it->second : name;
}

// CLI11's type names ("TEXT", "UINT", "INT in [1 - 32]", "FLOAT:POSITIVE"…) in French.
std::string type_label(const std::string& type) {
  static const std::map<std::string, std::string> k_words = {
      {"TEXT", "TEXTE"},      {"UINT", "ENTIER"},
      {"INT", "ENTIER"},      {"FLOAT", "NOMBRE"},
      {"NUMBER", "NOMBRE"},   {"POSITIVE", "POSITIF"},
      {"BOOLEAN", "BOOLÉEN"}, {"NONNEGATIVE", "POSITIF OU NUL"}};
  static const std::regex k_word(R"(\b[A-Z]+\b)");
  std::string out;
  auto last = type.cbegin();
  for (std::sregex_iterator it(type.begin(), type.end(), k_word), end; it != end; ++it) {
    out.append(last, type.cbegin() + it->position());
    const auto w = k_words.find(it->str());
    out += w != k_words.end() ? w->second : it->str();
    last = type.cbegin() + it->position() + it->length();
  }
  out.append(last, type.cend());
  return std::regex_replace(out, std::regex(R"( in \[)"), " dans [");
}

class FrenchFormatter : public CLI::Formatter {
 public:
  FrenchFormatter() {
    label("Usage", "Utilisation");
    label("Positionals", "Arguments");
    label("REQUIRED", "OBLIGATOIRE");
    label("SUBCOMMAND", "COMMANDE");
    label("SUBCOMMANDS", "COMMANDES");
    label("Env", "Variable");
    label("Needs", "Nécessite");
    label("Excludes", "Exclut");
    column_width(34);
  }

  std::string make_usage(const CLI::App* app, std::string name) const override {
    std::string usage = CLI::Formatter::make_usage(app, std::move(name));
    // "Utilisation: vigie [OPTIONS] …": French spacing, options in lower case.
    usage = std::regex_replace(usage, std::regex("^Utilisation:"), "Utilisation :");
    return std::regex_replace(usage, std::regex(R"(\[OPTIONS\])"), "[options]");
  }

  std::string make_group(std::string group, bool is_positional,
                         std::vector<const CLI::Option*> opts) const override {
    std::string out = "\n" + group + " :\n";
    for (const CLI::Option* opt : opts) {
      out += make_option(opt, is_positional);
    }
    return out;
  }

  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override {
    return std::regex_replace(CLI::Formatter::make_subcommands(app, mode),
                              std::regex("\nCommandes:\n"), "\nCommandes :\n");
  }

  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    if (is_positional) {
      return positional_label(opt->get_name(true, false));
    }
    return CLI::Formatter::make_option_name(opt, is_positional);
  }

  std::string make_option_opts(const CLI::Option* opt) const override {
    if (!opt->get_option_text().empty() || opt->get_type_size() == 0) {
      return CLI::Formatter::make_option_opts(opt);
    }
    std::string out;
    if (!opt->get_type_name().empty()) {
      out += " " + type_label(opt->get_type_name());
    }
    if (opt->get_expected_max() >= CLI::detail::expected_max_vector_size) {
      out += " ...";
    }
    if (opt->get_required()) {
      out += " " + get_label("REQUIRED");
    }
    return out;
  }

  std::string make_option_usage(const CLI::Option* opt) const override {
    std::string out = make_option_name(opt, true);
    if (opt->get_expected_max() >= CLI::detail::expected_max_vector_size) {
      out += "...";
    }
    return opt->get_required() ? out : "[" + out + "]";
  }
};

void apply(CLI::App& app, const std::shared_ptr<FrenchFormatter>& formatter, bool root) {
  app.formatter(formatter);
  app.set_help_flag("-h,--help", "Afficher cette aide et quitter");
  if (!root) {
    app.group("Commandes");
  }
  for (CLI::Option* opt : app.get_options()) {
    if (!opt->get_positional() && opt->get_type_size() != 0 && opt->get_items_expected_max() > 1) {
      opt->expected(1);
      opt->allow_extra_args(false);
      opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
  }
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    apply(*sub, formatter, false);
  }
}

// The command being parsed when the error came: "check", "index add"; empty for vigie itself.
std::string command_path(const CLI::App& app) {
  std::string path;
  const CLI::App* at = &app;
  for (;;) {
    const auto parsed = at->get_subcommands();
    if (parsed.empty()) {
      break;
    }
    at = parsed.back();
    path += (path.empty() ? "" : " ") + at->get_name();
  }
  return path;
}

const CLI::App* deepest(const CLI::App& app) {
  const CLI::App* at = &app;
  for (auto parsed = at->get_subcommands(); !parsed.empty(); parsed = at->get_subcommands()) {
    at = parsed.back();
  }
  return at;
}

// The option called `name` ("--jobs", "files") in the command being parsed, or its parents.
const CLI::Option* find_option(const CLI::App& app, const std::string& name) {
  for (const CLI::App* at = deepest(app); at != nullptr; at = at->get_parent()) {
    for (const CLI::Option* opt : at->get_options()) {
      if (opt->get_name() == name || opt->get_name(true, false) == name || opt->check_name(name)) {
        return opt;
      }
    }
  }
  return nullptr;
}

// How an option or argument is named to the user: "--jobs", "l'argument FICHIERS".
std::string who(const CLI::App& app, const std::string& name) {
  const CLI::Option* opt = find_option(app, name);
  if (opt != nullptr && opt->get_positional()) {
    return positional_label(opt->get_name(true, false));
  }
  return name;
}

std::string expected_kind(const CLI::App& app, const std::string& name) {
  const CLI::Option* opt = find_option(app, name);
  if (opt == nullptr) {
    return {};
  }
  const std::string type = opt->get_type_name();
  if (type.rfind("UINT", 0) == 0) {
    return " (nombre entier positif attendu)";
  }
  if (type.rfind("INT", 0) == 0) {
    return " (nombre entier attendu)";
  }
  if (type.rfind("FLOAT", 0) == 0) {
    return " (nombre attendu)";
  }
  return {};
}

std::string subcommand_names(const CLI::App& app) {
  std::string names;
  const auto subs = deepest(app)->get_subcommands([](const CLI::App*) { return true; });
  for (std::size_t i = 0; i < subs.size(); ++i) {
    names += (i == 0 ? "" : i + 1 == subs.size() ? " ou " : ", ") + subs[i]->get_name();
  }
  return names;
}

std::string french_message(const CLI::App& app, const CLI::ParseError& e) {
  const std::string what = e.what();
  std::smatch m;
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    if (what.find("subcommand") != std::string::npos) {
      const auto rest = deepest(app)->remaining();
      if (!rest.empty() && !rest.front().empty() && rest.front()[0] != '-') {
        return "commande inconnue : " + rest.front() + " (commandes : " + subcommand_names(app) +
               ")";
      }
      const std::string names = subcommand_names(app);
      return "commande manquante" + (names.empty() ? "" : " (" + names + ")");
    }
    if (std::regex_match(what, m, std::regex("(.+) is required"))) {
      const CLI::Option* opt = find_option(app, m[1]);
      if (opt == nullptr || opt->get_positional()) {
        return "argument manquant : " + who(app, m[1]);
      }
      return "option obligatoire manquante : " + std::string(m[1]);
    }
    if (what.find("subcommand") != std::string::npos) {
      const std::string names = subcommand_names(app);
      return "commande manquante" + (names.empty() ? "" : " (" + names + ")");
    }
    return "options obligatoires manquantes";
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    const auto colon = what.find(": ");
    std::istringstream args(colon == std::string::npos ? "" : what.substr(colon + 2));
    std::vector<std::string> extras;
    for (std::string a; args >> a;) {
      extras.insert(extras.begin(), a);  // CLI11 lists them last first
    }
    const std::string first = extras.empty() ? std::string() : extras.front();
    if (!first.empty() && first[0] == '-' && first.size() > 1) {
      return "option inconnue : " + first;
    }
    if (command_path(app).empty()) {
      return "commande inconnue : " + first + " (commandes : " + subcommand_names(app) + ")";
    }
    std::string list;
    for (const auto& a : extras) {
      list += (list.empty() ? "" : " ") + a;
    }
    return (extras.size() > 1 ? "arguments en trop : " : "argument en trop : ") + list;
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    if (std::regex_match(what, m,
                         std::regex("Expected (exactly|at least) (\\d+) arguments? to (.+), "
                                    "got (\\d+)"))) {
      return who(app, m[3]) + " : valeur manquante";
    }
    if (std::regex_match(what, m, std::regex("(.+): (\\d+) required .* missing"))) {
      return who(app, m[1]) + " : valeur manquante";
    }
    if (std::regex_match(what, m, std::regex("(.+): At least (\\d+) required .*"))) {
      return who(app, m[1]) + " : valeur manquante";
    }
    if (std::regex_match(what, m, std::regex("(.+): At Most (\\d+) required .*"))) {
      return who(app, m[1]) + " : trop de valeurs (une seule attendue)";
    }
    if (std::regex_match(what, m, std::regex("(.+) was given a disallowed flag override"))) {
      return who(app, m[1]) + " : ne prend pas de valeur";
    }
    return "nombre de valeurs incorrect";
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    if (std::regex_match(what, m, std::regex("Could not convert: (.+?) = (.*)"))) {
      return who(app, m[1]) + " : valeur « " + std::string(m[2]) + " » invalide" +
             expected_kind(app, m[1]);
    }
    if (std::regex_match(what, m, std::regex("The value (.*) is not an allowed value for (.+)"))) {
      return who(app, m[2]) + " : valeur « " + std::string(m[1]) + " » non autorisée";
    }
    if (std::regex_match(what, m, std::regex("(.+): too many inputs for a flag"))) {
      return who(app, m[1]) + " : ne prend pas de valeur";
    }
    if (std::regex_match(what, m, std::regex("(.+): Should be true/false or a number"))) {
      return who(app, m[1]) + " : valeur attendue : true, false ou un nombre";
    }
    return "valeur invalide";
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr) {
    if (std::regex_match(what, m, std::regex("(.+?): (.*) not in \\{(.*)\\}"))) {
      std::string choices = m[3];
      choices = std::regex_replace(choices, std::regex(","), ", ");
      return who(app, m[1]) + " : valeur « " + std::string(m[2]) +
             " » non reconnue (valeurs possibles : " + choices + ")";
    }
    if (std::regex_match(what, m, std::regex("(.+?): Value (.*) not in range (\\S+) to (\\S+)"))) {
      const std::string low = m[3];
      const std::string high = m[4];
      if (high.find('e') != std::string::npos || high.size() > 12) {
        return who(app, m[1]) + " : valeur « " + std::string(m[2]) +
               " » invalide (nombre positif attendu)";
      }
      const auto integer = [](std::string s) {
        const auto dot = s.find('.');
        return dot == std::string::npos || s.find_first_not_of('0', dot + 1) != std::string::npos
                   ? s
                   : s.substr(0, dot);
      };
      return who(app, m[1]) + " : valeur « " + std::string(m[2]) + " » hors de l'intervalle " +
             integer(low) + " à " + integer(high);
    }
    if (std::regex_match(what, m, std::regex("(.+?): .*"))) {
      return who(app, m[1]) + " : valeur invalide";
    }
    return "valeur invalide";
  }
  if (dynamic_cast<const CLI::RequiresError*>(&e) != nullptr &&
      std::regex_match(what, m, std::regex("(.+) requires (.+)"))) {
    return who(app, m[1]) + " nécessite " + who(app, m[2]);
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&e) != nullptr &&
      std::regex_match(what, m, std::regex("(.+) excludes (.+)"))) {
    return who(app, m[1]) + " et " + who(app, m[2]) + " ne peuvent pas être utilisés ensemble";
  }
  return "ligne de commande invalide";
}

}  // namespace

void make_french(CLI::App& app) { apply(app, std::make_shared<FrenchFormatter>(), true); }

int report_parse_error(const CLI::App& app, const CLI::ParseError& error) {
  print_error(french_message(app, error));
  const std::string path = command_path(app);
  std::fprintf(stderr, "Voir « vigie %s--help ».\n", path.empty() ? "" : (path + " ").c_str());
  return k_exit_error;
}

}  // namespace vigie::cli
