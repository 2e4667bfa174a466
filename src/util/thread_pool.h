// ThreadPool and ParallelFor: the one way lineage uses many cores.
//
// Contract:
//   - A ThreadPool owns `n` worker threads for its lifetime; there is no global pool. Pass a
//     pool (or a thread count) down to the code that needs it.
//   - ParallelFor(pool, n, fn) calls fn(i) for every i in [0, n), dynamically scheduled, and
//     returns when all calls finished. If any call returns a non-ok Status, remaining work is
//     skipped and the first error (lowest index among failures seen) is returned.
//   - fn must be thread-safe. A pool with 1 thread runs everything on the calling thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "util/status.h"

namespace lineage {

class ThreadPool {
 public:
  explicit ThreadPool(unsigned threads);  // 0 = hardware concurrency
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned size() const { return threads_; }
  // Runs `task` on a worker (or inline when size() == 1).
  void Submit(std::function<void()> task);
  // Blocks until every submitted task has finished.
  void Wait();

 private:
  void Worker();
  unsigned threads_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::queue<std::function<void()>> queue_;
  size_t active_ = 0;
  bool stop_ = false;
};

Status ParallelFor(ThreadPool& pool, size_t n, const std::function<Status(size_t)>& fn);

unsigned DefaultThreads();  // hardware concurrency, at least 1

}  // namespace lineage
