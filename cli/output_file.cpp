#include "output_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "vigie/ingest/error.hpp"

namespace vigie::cli {
namespace {
std::atomic<int> g_stdout_error{0};  // the first failed write to stdout (errno), 0 if none
}

std::string cause_fr(int error) { return ingest::cause_fr(error); }

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
