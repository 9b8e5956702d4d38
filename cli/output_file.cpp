#include "output_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>

#include "vigie/base/file.hpp"

namespace vigie::cli {
namespace {
std::atomic<int> g_stdout_error{0};  // the first failed write to stdout (errno), 0 if none
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
  return "sortie standard : écriture impossible (" + base::cause_fr(g_stdout_error) + ")";
}

}  // namespace vigie::cli
