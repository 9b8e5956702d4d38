// vigie: reads French public-procurement documents. This file only wires the subcommands.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "analyze_command.hpp"
#include "audit_command.hpp"
#include "check_command.hpp"
#include "extract_command.hpp"
#include "french_cli.hpp"
#include "index_command.hpp"
#include "output_file.hpp"
#include "rules_command.hpp"
#include "terminal.hpp"
#include "vigie_version.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "vigie : lit les documents de la commande publique française (DCE) et vérifie "
      "les clauses de participation du public."};
  app.name("vigie");
  app.set_version_flag("-V,--version", std::string("vigie ") + vigie::k_version,
                       "Afficher la version et quitter");
  app.require_subcommand(1);
  app.fallthrough(false);

  int status = vigie::cli::k_exit_ok;
  vigie::cli::register_extract(app, status);
  vigie::cli::register_analyze(app, status);
  vigie::cli::register_check(app, status);
  vigie::cli::register_rules(app, status);
  vigie::cli::register_index(app, status);
  vigie::cli::register_audit(app, status);
  vigie::cli::make_french(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return vigie::cli::report_parse_error(app, e);
  } catch (const std::exception& e) {
    vigie::cli::print_error(std::string("erreur interne : ") + e.what());
    return vigie::cli::k_exit_error;
  }
  if (const std::string failure = vigie::cli::stdout_failure(); !failure.empty()) {
    vigie::cli::print_error(failure);
    return vigie::cli::k_exit_error;
  }
  return status;
}
