// Wall-clock seconds per stage of the pair pipeline, on stderr, for `lineage weights --verbose`
// (WeightsOptions::timings): the lines read like the pipeline (pair_analysis.h).
//
// Contract:
//   - Lap(stage) closes the stage that began at the previous Lap (or at construction) and prints
//     "weights timing: <stage> <seconds>   RssAnon <MB>" (the private memory at the lap; -1 where
//     the kernel does not say), then one "of which" line per sub-stage declared with
//     SubStages() since, with the time Add() accumulated into it; the sub-stages are then cleared.
//   - Prints nothing when off; the times never feed a result.
//   - Not thread-safe: the pipeline's own thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace lineage {

class StageClock {
 public:
  using Clock = std::chrono::steady_clock;
  explicit StageClock(bool on) : on_(on), last_(Clock::now()) {}

  // Sub-stages that interleave inside the current stage (e.g. per block), by slot.
  void SubStages(std::vector<std::string> names);
  // Adds the time since `since` to sub-stage `slot`.
  void Add(size_t slot, Clock::time_point since);
  void Lap(const char* stage);

 private:
  bool on_;
  Clock::time_point last_;
  std::vector<std::string> sub_names_;
  std::vector<double> sub_seconds_;
};

}  // namespace lineage
