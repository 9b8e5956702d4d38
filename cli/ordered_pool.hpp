#pragma once

// Runs a job on each input in parallel and hands the results to a consumer in input order,
// keeping at most a bounded number of finished results waiting, so memory does not grow
// with the number of inputs.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace vigie::cli {

template <typename Result>
void run_ordered(std::size_t count, unsigned jobs, const std::function<Result(std::size_t)>& work,
                 const std::function<void(std::size_t, Result&)>& consume) {
  jobs = std::max(1u, jobs);
  if (jobs == 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      Result r = work(i);
      consume(i, r);
    }
    return;
  }
  const std::size_t window = static_cast<std::size_t>(jobs) * 4;
  std::vector<std::optional<Result>> slots(window);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next_to_start = 0;
  std::size_t next_to_consume = 0;

  auto worker = [&] {
    for (;;) {
      std::size_t index = 0;
      {
        std::unique_lock lock(mutex);
        // Do not run further ahead of the consumer than the window allows.
        changed.wait(lock, [&] {
          return next_to_start >= count || next_to_start < next_to_consume + window;
        });
        if (next_to_start >= count) {
          return;
        }
        index = next_to_start++;
      }
      Result r = work(index);
      {
        const std::lock_guard lock(mutex);
        slots[index % window] = std::move(r);
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back(worker);
  }
  while (next_to_consume < count) {
    std::optional<Result> ready;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return slots[next_to_consume % window].has_value(); });
      ready = std::move(slots[next_to_consume % window]);
      slots[next_to_consume % window].reset();
    }
    consume(next_to_consume, *ready);
    {
      const std::lock_guard lock(mutex);
      ++next_to_consume;
    }
    changed.notify_all();
  }
  for (auto& t : threads) {
    t.join();
  }
}

}  // namespace vigie::cli
