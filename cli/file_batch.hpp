#pragma once

// The common shape of commands that read files one by one (extract, analyze): files in
// parallel, output in the order given, a JSON array or text on stdout, one error line per
// unreadable file on stderr, and exit status 2 when a file could not be read.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "document_json.hpp"
#include "ordered_pool.hpp"
#include "output_file.hpp"
#include "terminal.hpp"
#include "vigie/ingest/error.hpp"

namespace vigie::cli {

// Writes to stdout; a failure is remembered and said at the end of the run (main.cpp).
inline void write_out(std::string_view s) {
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) {
    note_stdout_failure(errno);
  }
}

// Flushes stdout; a failure is remembered as for write_out.
inline void flush_out() {
  if (std::fflush(stdout) != 0) {
    note_stdout_failure(errno);
  }
}

inline unsigned effective_jobs(unsigned jobs) {
  return jobs > 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

// `work(i)` reads file i into an ingest::Result<T>; `document(t)` gives the T's ingest
// Document (for its diagnostics); `to_json(t)` and `to_text(t)` render a T.
template <typename T, typename Work, typename DocumentOf, typename ToJson, typename ToText>
int run_file_batch(const std::vector<std::string>& files, unsigned jobs, bool json, Work&& work,
                   DocumentOf&& document, ToJson&& to_json, ToText&& to_text) {
  int status = k_exit_ok;
  if (json) {
    write_out("[");
  }
  run_ordered<ingest::Result<T>>(
      files.size(), effective_jobs(jobs), work, [&](std::size_t i, ingest::Result<T>& result) {
        if (json) {
          const nlohmann::ordered_json j =
              result.ok() ? to_json(result.value()) : error_to_json(result.error());
          write_out(i == 0 ? "\n" : ",\n");
          write_out(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        }
        if (!result.ok()) {
          print_error(result.error().message());
          status = k_exit_error;
          return;
        }
        print_diagnostics(document(result.value()));
        if (!json) {
          write_out(to_text(result.value()));
        }
      });
  if (json) {
    write_out(files.empty() ? "]\n" : "\n]\n");
  }
  flush_out();
  return status;
}

}  // namespace vigie::cli
