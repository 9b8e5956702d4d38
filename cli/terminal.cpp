#include "terminal.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace vigie::cli {
namespace {
std::mutex g_stderr_mutex;

void print(std::string_view label, const char* color, std::string_view message) {
  const bool colors = stderr_colors();
  std::string line = "vigie : ";
  if (colors) {
    line += color;
  }
  line += label;
  if (colors) {
    line += "\033[0m";
  }
  line += " : ";
  line += message;
  line += '\n';
  const std::lock_guard lock(g_stderr_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}
}  // namespace

bool stderr_colors() {
  static const bool colors = [] {
    const char* no_color = std::getenv("NO_COLOR");
    return (no_color == nullptr || *no_color == '\0') && ::isatty(STDERR_FILENO) == 1;
  }();
  return colors;
}

bool stdout_colors() {
  static const bool colors = [] {
    const char* no_color = std::getenv("NO_COLOR");
    return (no_color == nullptr || *no_color == '\0') && ::isatty(STDOUT_FILENO) == 1;
  }();
  return colors;
}

std::string mark_matches(const std::vector<std::string>& pieces, bool colors) {
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i % 2 == 0) {
      out += pieces[i];
    } else if (colors) {
      out += "\033[1;4m" + pieces[i] + "\033[0m";
    } else {
      out += "[[" + pieces[i] + "]]";
    }
  }
  return out;
}

void print_error(std::string_view message) { print("erreur", "\033[1;31m", message); }
void print_warning(std::string_view message) { print("avertissement", "\033[1;33m", message); }
void print_note(std::string_view message) { print("note", "\033[1;36m", message); }

void print_diagnostics(const ingest::Document& document) {
  for (const auto& d : document.diagnostics) {
    const std::string msg = document.source.path + " : " + d.message;
    if (d.severity == ingest::Severity::warning || d.severity == ingest::Severity::error) {
      print_warning(msg);
    } else {
      print_note(msg);
    }
  }
}

}  // namespace vigie::cli
