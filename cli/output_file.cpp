#include "output_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace vigie::cli {
namespace {
std::atomic<int> g_stdout_error{0};  // the first failed write to stdout (errno), 0 if none
}

std::string cause_fr(int error) {
  switch (error) {
    case ENOSPC:
      return "espace disque insuffisant";
    case EDQUOT:
      return "quota de disque dépassé";
    case ENOENT:
      return "dossier ou fichier introuvable";
    case ENOTDIR:
      return "un élément du chemin n'est pas un dossier";
    case EISDIR:
      return "c'est un dossier";
    case EACCES:
    case EPERM:
      return "permission refusée";
    case EROFS:
      return "système de fichiers en lecture seule";
    case EFBIG:
      return "fichier trop volumineux";
    case EIO:
      return "erreur d'entrée-sortie";
    case ENAMETOOLONG:
      return "nom de fichier trop long";
    case EMFILE:
    case ENFILE:
      return "trop de fichiers ouverts";
    case EPIPE:
      return "tube fermé par le lecteur";
    case EEXIST:
      return "le fichier existe déjà";
    case EBUSY:
      return "ressource occupée";
    case EXDEV:
      return "déplacement impossible entre deux systèmes de fichiers";
    default:
      return std::strerror(error);
  }
}

std::string write_file(const std::string& path, std::string_view content, std::string_view what) {
  const auto failure = [&](int error) {
    std::string cause = cause_fr(error);
    if (error == ENOENT) {
      const auto folder = std::filesystem::path(path).parent_path();
      std::error_code ec;
      if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
        cause = "le dossier " + folder.string() + " n'existe pas";
      }
    }
    return path + " : impossible d'écrire " + std::string(what) + " (" + cause + ")";
  };
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return failure(errno);
  }
  int error = 0;
  if (std::fwrite(content.data(), 1, content.size(), file) != content.size()) {
    error = errno;
  }
  if (std::fflush(file) != 0 && error == 0) {
    error = errno;
  }
  if (std::fclose(file) != 0 && error == 0) {
    error = errno;
  }
  return error == 0 ? std::string() : failure(error);
}

void note_stdout_failure(int error) {
  int none = 0;
  g_stdout_error.compare_exchange_strong(none, error != 0 ? error : EIO);
}

std::string stdout_failure() {
  if (std::fflush(stdout) != 0) {
    note_stdout_failure(errno);
  }
  if (std::ferror(stdout) != 0) {
    note_stdout_failure(EIO);
  }
  if (g_stdout_error == 0) {
    return {};
  }
  return "sortie standard : écriture impossible (" + cause_fr(g_stdout_error) + ")";
}

}  // namespace vigie::cli
