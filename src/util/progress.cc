#include "util/progress.h"

#include <unistd.h>

#include <cstdio>

namespace lineage {

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }
bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) == 1; }

Progress::Progress(std::string label, uint64_t total, std::string unit, bool bar, ProgressSink sink)
    : label_(std::move(label)),
      total_(total),
      unit_(std::move(unit)),
      bar_(bar && StderrIsTerminal()),
      sink_(std::move(sink)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { Finish(); }

void Progress::Add(uint64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  if (!bar_ && !sink_) return;
  std::unique_lock<std::mutex> lock(draw_mu_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  if (bar_) Draw();
  if (sink_) sink_(Event(false));
}

void Progress::ShowBytesRead(std::vector<const std::atomic<uint64_t>*> counters) {
  std::lock_guard<std::mutex> lock(draw_mu_);
  read_counters_ = std::move(counters);
}

void Progress::Finish() {
  if (!bar_ && !sink_) return;
  std::lock_guard<std::mutex> lock(draw_mu_);
  if (finished_) return;
  finished_ = true;
  if (sink_) sink_(Event(true));
  if (!bar_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

ProgressEvent Progress::Event(bool finished) const {
  ProgressEvent e;
  e.label = label_;
  e.done = done_.load(std::memory_order_relaxed);
  e.total = total_;
  e.unit = unit_;
  for (const std::atomic<uint64_t>* c : read_counters_)
    e.bytes_read += c->load(std::memory_order_relaxed);
  e.finished = finished;
  return e;
}

static std::string Human(double v, const std::string& unit) {
  char buf[64];
  if (unit == "B") {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (v >= 1000 && u < 4) {
      v /= 1000;
      ++u;
    }
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f %s", v, unit.c_str());
  }
  return buf;
}

void Progress::Draw() {
  const ProgressEvent e = Event(false);
  const uint64_t done = e.done;
  double frac = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  if (frac > 1) frac = 1;
  const int width = 30;
  int filled = static_cast<int>(frac * width);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(width - filled), '.');
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string rate = secs > 0 ? Human(static_cast<double>(done) / secs, unit_) + "/s" : "";
  std::string read;
  if (!read_counters_.empty()) read = " · read " + Human(static_cast<double>(e.bytes_read), "B");
  std::fprintf(stderr, "\r\033[K%s [%s] %3.0f%% %s%s", label_.c_str(), bar.c_str(), frac * 100,
               rate.c_str(), read.c_str());
  std::fflush(stderr);
}

}  // namespace lineage
