#pragma once

// Runs the real vigie binary for end-to-end tests, capturing its streams apart.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace vigie::testing_support {

struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `args` through the shell, capturing stdout and stderr apart; with `address_space_kib`,
// under `ulimit -v` of that many KiB; with `seconds`, killed after that long (coreutils
// `timeout`, status 124), so that a hang fails the test instead of blocking it.
inline RunResult run(const std::string& args, int address_space_kib = 0, int seconds = 0) {
  // One file per process and call: ctest runs tests in parallel.
  static int calls = 0;
  const std::string err_file = testing::TempDir() + "/vigie_stderr_" + std::to_string(getpid()) +
                               "_" + std::to_string(++calls) + ".txt";
  const std::string limit =
      address_space_kib > 0 ? "ulimit -v " + std::to_string(address_space_kib) + "; " : "";
  const std::string deadline =
      seconds > 0 ? "timeout -k 5 " + std::to_string(seconds) + " " : std::string();
  const std::string cmd =
      limit + "NO_COLOR=1 " + deadline + std::string(VIGIE_BINARY) + " " + args + " 2>" + err_file;
  RunResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    return r;
  }
  std::array<char, 65536> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
    r.out.append(buf.data(), n);
  }
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* f = fopen(err_file.c_str(), "r")) {
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) {
      r.err.append(buf.data(), n);
    }
    fclose(f);
  }
  std::remove(err_file.c_str());
  return r;
}

// A fresh folder for one test: TempDir()/NAME_PID, emptied first.
inline std::string temp_dir(const std::string& name) {
  const auto dir =
      std::filesystem::path(testing::TempDir()) / (name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// The bytes of a file (empty when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace vigie::testing_support
