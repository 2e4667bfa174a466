// Progress: a progress bar on stderr for long work, silent when stderr is not a terminal or when
// disabled (--quiet, --json to stdout is fine: the bar goes to stderr).
//
// Contract: Add() is thread-safe and cheap (an atomic add); redraws are rate-limited to ~10 Hz.
// The bar is erased by Finish() or the destructor. One Progress per long step; no global state.
// The label names the stage; ShowBytesRead adds the bytes read so far by the models being read
// (their counters, which must outlive the Progress), e.g. "block tests [###...] 40% · read 1.2 GB".
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace lineage {

class Progress {
 public:
  // `total` in `unit`s ("B" renders as bytes with a rate). enabled=false makes it a no-op.
  Progress(std::string label, uint64_t total, std::string unit, bool enabled);
  ~Progress();
  void Add(uint64_t n);
  void Finish();
  void ShowBytesRead(std::vector<const std::atomic<uint64_t>*> counters);

 private:
  void Draw(bool final);
  std::string label_;
  uint64_t total_;
  std::string unit_;
  bool enabled_;
  std::atomic<uint64_t> done_{0};
  std::mutex draw_mu_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool finished_ = false;
  std::vector<const std::atomic<uint64_t>*> read_counters_;
};

// True when stderr is a terminal (progress bars and colours make sense).
bool StderrIsTerminal();
bool StdoutIsTerminal();

}  // namespace lineage
