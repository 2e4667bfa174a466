// Progress: how far long work is, as a bar on stderr (silent when stderr is not a terminal or when
// disabled: --quiet; --json to stdout is fine, the bar goes to stderr) and/or as events handed to
// an observer (a ProgressSink, e.g. the Python module's progress callback).
//
// Contract: Add() is thread-safe and cheap (an atomic add); redraws and sink calls are
// rate-limited to ~10 Hz, plus one final event at Finish(). The bar is erased by Finish() or the
// destructor. One Progress per long step; no global state. The label names the stage;
// ShowBytesRead adds the bytes read so far by the models being read (their counters, which must
// outlive the Progress), e.g. "block tests [###...] 40% · read 1.2 GB".
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace lineage {

// One observation of a Progress: its stage label, `done` of `total` `unit`s, the bytes read so
// far (0 without read counters), and whether this is the stage's final event (Finish).
struct ProgressEvent {
  std::string label;
  uint64_t done = 0;
  uint64_t total = 0;
  std::string unit;
  uint64_t bytes_read = 0;
  bool finished = false;
};

// Called on whichever worker thread advances the Progress, one call at a time per Progress; it
// must be cheap, must not throw, and must be safe to call from threads the caller did not make
// (the Python module's sink only queues the event). Empty: no observer.
using ProgressSink = std::function<void(const ProgressEvent&)>;

class Progress {
 public:
  // `total` in `unit`s ("B" renders as bytes with a rate). `bar`: draw on stderr when it is a
  // terminal. `sink`: also hand events to it. Neither: a no-op.
  Progress(std::string label, uint64_t total, std::string unit, bool bar, ProgressSink sink = {});
  ~Progress();
  void Add(uint64_t n);
  void Finish();
  void ShowBytesRead(std::vector<const std::atomic<uint64_t>*> counters);

 private:
  void Draw();
  ProgressEvent Event(bool finished) const;
  std::string label_;
  uint64_t total_;
  std::string unit_;
  bool bar_;
  ProgressSink sink_;
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
