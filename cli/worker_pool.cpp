#include "worker_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <stdexcept>

#include "vigie/base/file.hpp"

namespace vigie::cli {
namespace {

std::atomic<bool> g_interrupted{false};

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool read_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
}

std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  }
  return v;
}

void put_string(std::string& out, const std::string& s) {
  put_u64(out, s.size());
  out += s;
}

std::string encode(const Job& job) {
  std::string out;
  out.reserve(job.bytes.size() + job.path.size() + job.file.size() + 40);
  put_string(out, job.path);
  put_string(out, job.file);
  put_string(out, job.bytes);
  put_u64(out, static_cast<std::uint64_t>(job.mtime));
  return out;
}

Job decode(const std::string& in) {
  Job job;
  std::size_t pos = 0;
  auto take = [&](std::string& s) {
    if (pos + 8 > in.size()) {
      throw std::runtime_error("truncated job");
    }
    const std::uint64_t n = get_u64(in.data() + pos);
    pos += 8;
    if (n > in.size() - pos) {
      throw std::runtime_error("truncated job");
    }
    s.assign(in, pos, n);
    pos += n;
  };
  take(job.path);
  take(job.file);
  take(job.bytes);
  if (pos + 8 > in.size()) {
    throw std::runtime_error("truncated job");
  }
  job.mtime = static_cast<std::int64_t>(get_u64(in.data() + pos));
  return job;
}

bool send_frame(int fd, const std::string& payload) {
  std::string header;
  put_u64(header, payload.size());
  return write_all(fd, header.data(), header.size()) &&
         write_all(fd, payload.data(), payload.size());
}

// Frames from a worker start with one of these bytes.
constexpr char k_answer = 'A';
constexpr char k_out_of_memory = 'M';
constexpr char k_internal_error = 'E';

// Exit statuses of a worker that could not answer: out of memory before the work started
// (receiving the file), or another error outside the work.
constexpr int k_exit_no_memory = 86;
constexpr int k_exit_internal = 87;

// AddressSanitizer reserves terabytes of address space for its shadow: under it, an address
// space limit would make every worker fail. GCC says so with __SANITIZE_ADDRESS__, clang with
// __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define VIGIE_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VIGIE_UNDER_ASAN 1
#endif
#endif

void limit_memory(std::uint64_t bytes) {
#if defined(VIGIE_UNDER_ASAN)
  (void)bytes;
#else
  if (bytes > 0) {
    const rlimit limit{static_cast<rlim_t>(bytes), static_cast<rlim_t>(bytes)};
    ::setrlimit(RLIMIT_AS, &limit);
  }
#endif
}

// A worker's standard error goes to an anonymous file, read after each document: the
// libraries' own lines ("Out of memory" from Poppler, which then gives empty pages instead of
// failing) never reach the user's terminal, and a document read out of memory is reported as
// such instead of as blank pages. The parent makes the file before the fork and keeps it, so
// that it can still read it when Poppler, failing an allocation, aborts the worker. Not under
// AddressSanitizer, whose reports must be seen.
int diagnostics_file() {
#if defined(VIGIE_UNDER_ASAN)
  return -1;
#else
  return ::memfd_create("vigie-diagnostics", MFD_CLOEXEC);
#endif
}

// Whether the diagnostics written since the last call say that memory ran out; empties them.
bool ran_out_of_memory(int fd) {
  if (fd < 0) {
    return false;
  }
  // The last lines tell: a library that ran out of memory writes so just before it gives up.
  struct stat st {};
  const off_t size = ::fstat(fd, &st) == 0 ? st.st_size : 0;
  char buf[8192];
  const off_t from =
      size > static_cast<off_t>(sizeof buf) ? size - static_cast<off_t>(sizeof buf) : 0;
  const ssize_t n = ::pread(fd, buf, sizeof buf, from);
  ::ftruncate(fd, 0);
  ::lseek(fd, 0, SEEK_SET);
  if (n <= 0) {
    return false;
  }
  // Poppler's "Out of memory", or the C++ runtime's last words when a failed allocation
  // escaped a function that may not throw.
  const std::string_view said(buf, static_cast<std::size_t>(n));
  return said.find("Out of memory") != std::string_view::npos ||
         said.find("std::bad_alloc") != std::string_view::npos;
}

std::string mebibytes(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " Mo"; }

// "mémoire insuffisante pour lire ce document (limite 8 Mo par fichier : voir --max-memory) ;
// fichier abandonné", `verb` being "lire" or "recevoir".
std::string out_of_memory(std::string_view verb, std::uint64_t limit) {
  return "mémoire insuffisante pour " + std::string(verb) + " ce document" +
         (limit > 0 ? " (limite " + mebibytes(limit) + " par fichier : voir --max-memory)"
                    : std::string()) +
         " ; fichier abandonné";
}

// How a worker ended: "signal 6, SIGABRT", "code 3".
std::string ending(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "signal " + std::to_string(sig) + (name ? std::string(", SIG") + name : std::string());
  }
  if (WIFEXITED(status)) {
    return "code " + std::to_string(WEXITSTATUS(status));
  }
  return "fin inconnue";
}

std::string death_message(int status) {
  if (WIFSIGNALED(status)) {
    return "la lecture a fait planter le processus de lecture (" + ending(status) +
           ") ; fichier abandonné";
  }
  if (WIFEXITED(status)) {
    return "le processus de lecture s'est arrêté (" + ending(status) + ") ; fichier abandonné";
  }
  return "le processus de lecture a disparu ; fichier abandonné";
}

}  // namespace

void WorkerPool::request_interrupt() { g_interrupted = true; }
bool WorkerPool::interrupted() { return g_interrupted; }

WorkerPool::WorkerPool(unsigned workers, WorkerLimits limits, Work work, Done done)
    : m_workers(std::max(1u, workers)),
      m_timeout(limits.timeout),
      m_memory(limits.memory_bytes),
      m_work(std::move(work)),
      m_done(std::move(done)) {
  std::signal(SIGPIPE, SIG_IGN);
  for (auto& w : m_workers) {
    spawn(w);
  }
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::stop() {
  for (auto& w : m_workers) {
    if (w.pid > 0) {
      ::kill(w.pid, SIGKILL);
    }
    reap(w);
    if (w.diagnostics >= 0) {
      ::close(w.diagnostics);
      w.diagnostics = -1;
    }
  }
}

void WorkerPool::spawn(Worker& w) {
  int down[2];
  int up[2];
  if (::pipe(down) != 0) {
    throw std::runtime_error("impossible de créer un tube vers un processus de lecture (" +
                             base::cause_fr(errno) + ")");
  }
  if (::pipe(up) != 0) {
    ::close(down[0]);
    ::close(down[1]);
    throw std::runtime_error("impossible de créer un tube vers un processus de lecture (" +
                             base::cause_fr(errno) + ")");
  }
  if (w.diagnostics < 0) {
    w.diagnostics = diagnostics_file();
  }
  std::fflush(nullptr);  // the child must not write the parent's buffered output again
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw std::runtime_error("impossible de lancer un processus de lecture (" +
                             base::cause_fr(errno) + ")");
  }
  if (pid == 0) {
    for (auto& other : m_workers) {
      if (other.to_child >= 0) {
        ::close(other.to_child);
      }
      if (other.from_child >= 0) {
        ::close(other.from_child);
      }
      if (other.diagnostics >= 0 && &other != &w) {
        ::close(other.diagnostics);
      }
    }
    ::close(down[1]);
    ::close(up[0]);
    std::signal(SIGINT, SIG_IGN);  // the parent decides what an interruption does
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    limit_memory(m_memory);
    if (w.diagnostics >= 0 && ::dup2(w.diagnostics, STDERR_FILENO) >= 0) {
      ::close(w.diagnostics);
      m_diagnostics = STDERR_FILENO;
    }
    // Nothing may unwind out of a worker into the parent's code (its error handlers, its
    // reports): whatever escapes ends the process with a status the parent understands.
    try {
      serve(down[0], up[1]);
    } catch (const std::bad_alloc&) {
      ::_exit(k_exit_no_memory);
    } catch (...) {
      ::_exit(k_exit_internal);
    }
    ::_exit(0);
  }
  ::close(down[0]);
  ::close(up[1]);
  ::fcntl(up[0], F_SETFL, ::fcntl(up[0], F_GETFL) | O_NONBLOCK);
  ::fcntl(down[1], F_SETFD, FD_CLOEXEC);
  ::fcntl(up[0], F_SETFD, FD_CLOEXEC);
  w.pid = pid;
  w.to_child = down[1];
  w.from_child = up[0];
  w.busy = false;
  w.buffer.clear();
}

void WorkerPool::serve(int in, int out) {
  std::string payload;
  for (;;) {
    char header[8];
    if (!read_all(in, header, sizeof header)) {
      ::_exit(0);  // the parent closed the pipe: no more work
    }
    payload.resize(get_u64(header));
    if (!read_all(in, payload.data(), payload.size())) {
      ::_exit(0);
    }
    std::string answer(1, k_answer);
    char failure = 0;
    ran_out_of_memory(m_diagnostics);  // what earlier documents left
    try {
      answer += m_work(decode(payload));
    } catch (const std::bad_alloc&) {
      failure = k_out_of_memory;
    } catch (const std::exception& e) {
      failure = k_internal_error;
      answer = std::string(1, k_internal_error) + e.what();
    }
    if (failure == 0 && ran_out_of_memory(m_diagnostics)) {
      failure = k_out_of_memory;  // a library gave up for lack of memory and went on
    }
    if (failure == k_out_of_memory) {
      // The heap may be exhausted: release the answer before building the frame.
      answer.clear();
      answer.shrink_to_fit();
      answer.push_back(k_out_of_memory);
    }
    const bool sent = send_frame(out, answer);
    if (!sent || failure != 0) {
      ::_exit(failure != 0 ? 3 : 0);  // after a failure the process is not reused
    }
  }
}

int WorkerPool::reap(Worker& w) {
  int status = 0;
  if (w.to_child >= 0) {
    ::close(w.to_child);
    w.to_child = -1;
  }
  if (w.from_child >= 0) {
    ::close(w.from_child);
    w.from_child = -1;
  }
  if (w.pid > 0) {
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    w.pid = -1;
  }
  return status;
}

void WorkerPool::fail(Worker& w, const char* code, std::string message) {
  spawn(w);  // a fresh worker in its place; the job it held is reported failed
  JobOutcome outcome;
  outcome.ok = false;
  outcome.code = code;
  outcome.message = std::move(message);
  finish(w, std::move(outcome));
}

void WorkerPool::finish(Worker& w, JobOutcome&& outcome) {
  w.busy = false;
  w.buffer.clear();
  const std::size_t id = w.job;
  m_done(id, std::move(outcome));
}

void WorkerPool::submit(std::size_t id, const Job& job) {
  const std::string payload = encode(job);
  int attempts = 0;
  for (;;) {
    auto idle =
        std::find_if(m_workers.begin(), m_workers.end(), [](const Worker& w) { return !w.busy; });
    if (idle == m_workers.end()) {
      wait_some();
      if (g_interrupted) {
        return;
      }
      continue;
    }
    Worker& w = *idle;
    w.busy = true;
    w.job = id;
    w.path = job.path;
    w.started = std::chrono::steady_clock::now();
    if (send_frame(w.to_child, payload)) {
      return;
    }
    // The worker died while idle (killed from outside): replace it and try again, once. A
    // fresh worker that dies too cannot start at all (a memory limit below what the program
    // needs to start, for one): the file is reported failed rather than retried for ever.
    ::kill(w.pid, SIGKILL);
    const int status = reap(w);
    if (++attempts >= 2) {
      if (WIFEXITED(status) && WEXITSTATUS(status) == k_exit_no_memory) {
        fail(w, "out-of-memory", out_of_memory("recevoir", m_memory));
        return;
      }
      std::string why = ending(status);
      if (m_memory > 0) {
        why += " ; la limite de mémoire de " + mebibytes(m_memory) +
               " par fichier est peut-être trop basse : voir --max-memory";
      }
      fail(w, "crash",
           "le processus de lecture s'arrête dès son lancement (" + why + ") ; fichier abandonné");
      return;
    }
    spawn(w);
  }
}

void WorkerPool::drain() {
  while (!g_interrupted &&
         std::any_of(m_workers.begin(), m_workers.end(), [](const Worker& w) { return w.busy; })) {
    wait_some();
  }
}

void WorkerPool::wait_some() {
  std::vector<pollfd> fds;
  std::vector<Worker*> owners;
  auto now = std::chrono::steady_clock::now();
  auto wait = m_timeout;
  for (auto& w : m_workers) {
    if (!w.busy) {
      continue;
    }
    fds.push_back(pollfd{w.from_child, POLLIN, 0});
    owners.push_back(&w);
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(w.started + m_timeout - now);
    wait = std::min(wait, std::max(left, std::chrono::milliseconds(0)));
  }
  if (fds.empty()) {
    return;
  }
  const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()) + 1);
  if (ready < 0) {
    return;  // EINTR: the caller looks at the interruption flag
  }
  now = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < fds.size(); ++i) {
    Worker& w = *owners[i];
    if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      bool eof = false;
      char buf[1 << 16];
      for (;;) {
        const ssize_t n = ::read(w.from_child, buf, sizeof buf);
        if (n > 0) {
          w.buffer.append(buf, static_cast<std::size_t>(n));
          continue;
        }
        if (n == 0) {
          eof = true;
        } else if (errno == EINTR) {
          continue;
        }
        break;  // EAGAIN: nothing more for now
      }
      if (w.buffer.size() >= 8 && w.buffer.size() - 8 >= get_u64(w.buffer.data())) {
        const std::uint64_t size = get_u64(w.buffer.data());
        const char kind = size > 0 ? w.buffer[8] : k_internal_error;
        if (kind == k_answer) {
          JobOutcome outcome;
          outcome.answer = w.buffer.substr(9, size - 1);
          finish(w, std::move(outcome));
        } else if (kind == k_out_of_memory) {
          reap(w);
          fail(w, "out-of-memory", out_of_memory("lire", m_memory));
        } else {
          const std::string cause = size > 1 ? w.buffer.substr(9, size - 1) : "?";
          reap(w);
          fail(w, "crash",
               "erreur interne en lisant ce document (" + cause + ") ; fichier abandonné");
        }
        continue;
      }
      if (eof) {
        const int status = reap(w);
        std::string message = death_message(status);
        if (WIFSIGNALED(status) && ran_out_of_memory(w.diagnostics)) {
          // Poppler aborts when an allocation it cannot do without fails.
          fail(w, "out-of-memory", out_of_memory("lire", m_memory));
          continue;
        }
        if (m_memory > 0 && WIFSIGNALED(status) &&
            (WTERMSIG(status) == SIGABRT || WTERMSIG(status) == SIGSEGV)) {
          message += " (peut-être la limite de mémoire de " + mebibytes(m_memory) +
                     " par fichier : voir --max-memory)";
        }
        fail(w, "crash", std::move(message));
        continue;
      }
    }
    if (now - w.started >= m_timeout) {
      ::kill(w.pid, SIGKILL);
      reap(w);
      fail(w, "timeout",
           "lecture interrompue après " + std::to_string(m_timeout.count() / 1000) +
               " s (délai dépassé) ; fichier abandonné");
    }
  }
}

}  // namespace vigie::cli
