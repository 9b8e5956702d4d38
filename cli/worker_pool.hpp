#pragma once

// Runs jobs in separate worker processes so that a file that crashes or hangs the PDF
// library costs only that file: a worker that dies is replaced, a job that runs past its
// time limit is killed. The parent stays single-threaded (workers are forked from it, so
// they share the compiled rules without copying them).

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace vigie::cli {

struct Job {
  std::string path;   // display path ("set.zip!/CCTP.pdf")
  std::string file;   // on-disk file to read, empty when `bytes` holds the content
  std::string bytes;  // content of an archive member
  std::int64_t mtime = 0;
};

struct JobOutcome {
  bool ok = true;       // the worker answered
  std::string answer;   // the worker's answer
  std::string code;     // when !ok: "crash", "timeout" or "out-of-memory"
  std::string message;  // when !ok: French
  double seconds = 0;   // wall time of the job
};

// What one job may cost before it is abandoned.
struct WorkerLimits {
  std::chrono::milliseconds timeout{120'000};
  // Address space of each worker process (setrlimit RLIMIT_AS), 0 for none. Not applied in
  // sanitizer builds, whose shadow memory needs terabytes of address space.
  std::uint64_t memory_bytes = 0;
};

class WorkerPool {
 public:
  // `work` runs in the worker processes. `done` runs in the parent, once per job, in the
  // order jobs finish.
  using Work = std::function<std::string(const Job&)>;
  using Done = std::function<void(std::size_t id, JobOutcome&&)>;

  WorkerPool(unsigned workers, WorkerLimits limits, Work work, Done done);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();  // stops the workers (jobs in flight are abandoned)

  // Hands a job to an idle worker, waiting (and reporting finished jobs) until one is idle.
  void submit(std::size_t id, const Job& job);
  // Waits for every job in flight.
  void drain();
  // Kills the workers now; jobs in flight are not reported.
  void stop();

  // Set from a signal handler: waits return early and the pool stops taking jobs.
  static void request_interrupt();
  static bool interrupted();

 private:
  struct Worker {
    pid_t pid = -1;
    int to_child = -1;
    int from_child = -1;
    bool busy = false;
    std::size_t job = 0;
    std::string path;
    std::chrono::steady_clock::time_point started{};
    std::string buffer;    // answer bytes received so far
    int diagnostics = -1;  // the worker's standard error, an anonymous file the parent reads too
  };

  void spawn(Worker& w);
  // Closes the pipes and waits for the process; returns its wait status.
  int reap(Worker& w);
  // The worker died or was killed: replaces it and reports its job as failed.
  void fail(Worker& w, const char* code, std::string message);
  // Waits until at least one busy worker finishes (or `deadline` for none busy).
  void wait_some();
  void finish(Worker& w, JobOutcome&& outcome);
  [[noreturn]] void serve(int in, int out);

  std::vector<Worker> m_workers;
  std::chrono::milliseconds m_timeout;
  std::uint64_t m_memory = 0;
  int m_diagnostics = -1;  // in a worker: its standard error, an anonymous file
  Work m_work;
  Done m_done;
};

}  // namespace vigie::cli
