// Shared by the bench binaries: `<bench> MODEL [THREADS]` argument handling and PeakRssAnon, which
// samples this process's RssAnon (private anonymous memory, /proc/self/status) on a background
// thread, so benches report the peak without /usr/bin/time (whose max RSS also counts mapped file
// pages, which the kernel reclaims freely).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "model/model.h"
#include "util/thread_pool.h"

namespace lineage::bench {

inline uint64_t RssAnonKb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("RssAnon:", 0) == 0) return std::stoull(line.substr(8));
  }
  return 0;
}

class PeakRssAnon {
 public:
  PeakRssAnon()
      : thread_([this] {
          while (!stop_.load()) {
            uint64_t kb = RssAnonKb();
            if (kb > peak_kb_.load()) peak_kb_.store(kb);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
          }
        }) {}
  ~PeakRssAnon() { Stop(); }
  uint64_t Stop() {
    if (!stop_.exchange(true)) thread_.join();
    return peak_kb_.load();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> peak_kb_{0};
  std::thread thread_;
};

// Parses `MODEL [THREADS]` and loads the model; prints the problem and returns nullopt on failure.
inline std::optional<Model> LoadBenchModel(int argc, char** argv, unsigned* threads) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODEL [THREADS]\n", argv[0]);
    return std::nullopt;
  }
  *threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : DefaultThreads();
  auto m = LoadModel(argv[1]);
  if (!m.ok()) {
    std::fprintf(stderr, "%s\n", m.status().ToString().c_str());
    return std::nullopt;
  }
  return std::move(m).value();
}

}  // namespace lineage::bench
