#include "inputs.hpp"

#include <filesystem>

#include "terminal.hpp"
#include "vigie/base/file.hpp"

namespace vigie::cli {

namespace fs = std::filesystem;

bool inputs_exist(const std::vector<std::string>& paths) {
  bool ok = true;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      print_error(path + " : fichier ou dossier introuvable" +
                  (ec && ec != std::errc::no_such_file_or_directory
                       ? " (" + base::cause_fr(ec.value()) + ")"
                       : std::string()));
      ok = false;
    }
  }
  return ok;
}

bool report_folders_exist(const std::vector<std::string>& reports) {
  bool ok = true;
  for (const auto& report : reports) {
    fs::path folder = fs::path(report).parent_path();
    if (folder.empty()) {
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(folder, ec);
    if (!fs::exists(status)) {
      print_error(report + " : impossible d'écrire le rapport (le dossier " + folder.string() +
                  " n'existe pas)");
      ok = false;
    } else if (!fs::is_directory(status)) {
      print_error(report + " : impossible d'écrire le rapport (" + folder.string() +
                  " n'est pas un dossier)");
      ok = false;
    }
  }
  return ok;
}

}  // namespace vigie::cli
