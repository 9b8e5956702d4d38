// The worker pool on its own: what the parent reports when a worker ends in the ways the PDF
// library makes it end.

#include "worker_pool.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <string>

namespace {

using vigie::cli::Job;
using vigie::cli::JobOutcome;
using vigie::cli::WorkerLimits;
using vigie::cli::WorkerPool;

std::map<std::size_t, JobOutcome> run_jobs(const WorkerPool::Work& work, std::size_t count) {
  std::map<std::size_t, JobOutcome> outcomes;
  WorkerPool pool(1, WorkerLimits{}, work,
                  [&](std::size_t id, JobOutcome&& o) { outcomes[id] = std::move(o); });
  for (std::size_t i = 0; i < count; ++i) {
    Job job;
    job.path = "doc" + std::to_string(i) + ".pdf";
    pool.submit(i, job);
  }
  pool.drain();
  return outcomes;
}

// Poppler's allocator, when an allocation it cannot do without fails, writes "Out of memory"
// and aborts. On the CI machine a real PDF under --max-memory 8 ended this way and was
// reported as a crash "peut-être la limite de mémoire" instead of read out of memory: the
// worker's diagnostics died with it. The parent now keeps them and reads them.
TEST(WorkerPool, AbortAfterOutOfMemoryIsReportedAsOutOfMemory) {
#if defined(VIGIE_SANITIZED)
  GTEST_SKIP() << "under AddressSanitizer the workers' diagnostics stay on the terminal";
#endif
  const auto outcomes = run_jobs(
      [](const Job& job) -> std::string {
        if (job.path == "doc0.pdf") {
          std::fputs("Internal Error: Out of memory\n", stderr);
          std::fflush(stderr);
          std::abort();
        }
        return "lu";
      },
      2);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_FALSE(outcomes.at(0).ok);
  EXPECT_EQ(outcomes.at(0).code, "out-of-memory") << outcomes.at(0).message;
  EXPECT_NE(outcomes.at(0).message.find("mémoire insuffisante pour lire ce document"),
            std::string::npos);
  // The replacement worker starts with clean diagnostics and reads the next file.
  EXPECT_TRUE(outcomes.at(1).ok);
  EXPECT_EQ(outcomes.at(1).answer, "lu");
}

// An abort for another cause stays a crash, with its signal named.
TEST(WorkerPool, AbortForAnotherCauseIsACrash) {
  const auto outcomes = run_jobs(
      [](const Job& job) -> std::string {
        if (job.path == "doc1.pdf") {
          std::fputs("Syntax Error: something else\n", stderr);
          std::abort();
        }
        return "lu";
      },
      3);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_TRUE(outcomes.at(0).ok);
  EXPECT_EQ(outcomes.at(1).code, "crash");
  EXPECT_NE(outcomes.at(1).message.find("SIGABRT"), std::string::npos) << outcomes.at(1).message;
  EXPECT_TRUE(outcomes.at(2).ok);
}

}  // namespace

namespace {

// A failed allocation that escapes a function that may not throw ends in std::terminate,
// whose last words name std::bad_alloc: out of memory too.
TEST(WorkerPool, BadAllocThroughNoexceptIsReportedAsOutOfMemory) {
#if defined(VIGIE_SANITIZED)
  GTEST_SKIP() << "under AddressSanitizer the workers' diagnostics stay on the terminal";
#endif
  const auto outcomes = run_jobs(
      [](const Job&) -> std::string {
        void (*volatile allocate)() = [] { throw std::bad_alloc(); };
        [allocate]() noexcept { allocate(); }();
        return "lu";
      },
      1);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes.at(0).code, "out-of-memory") << outcomes.at(0).message;
}

}  // namespace
