#include "weights/pair/stage_clock.h"

#include <cstdio>

#include "util/process_memory.h"

namespace lineage {

namespace {

double Seconds(StageClock::Clock::time_point a, StageClock::Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

void StageClock::SubStages(std::vector<std::string> names) {
  sub_seconds_.assign(names.size(), 0.0);
  sub_names_ = std::move(names);
}

void StageClock::Add(size_t slot, Clock::time_point since) {
  if (slot < sub_seconds_.size()) sub_seconds_[slot] += Seconds(since, Clock::now());
}

void StageClock::Lap(const char* stage) {
  const Clock::time_point now = Clock::now();
  if (on_) {
    const int64_t rss = CurrentRssAnonBytes();
    std::fprintf(stderr, "weights timing: %-34s %8.2f s   RssAnon %6.0f MB\n", stage,
                 Seconds(last_, now), rss < 0 ? -1.0 : rss / 1e6);
    for (size_t i = 0; i < sub_names_.size(); ++i) {
      std::fprintf(stderr, "weights timing:   of which %-25s %8.2f s\n", sub_names_[i].c_str(),
                   sub_seconds_[i]);
    }
  }
  sub_names_.clear();
  sub_seconds_.clear();
  last_ = now;
}

}  // namespace lineage
