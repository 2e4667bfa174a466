// Progress hands its observer (ProgressSink) events rate-limited to ~10 Hz plus one final event;
// CancelFlag (util/cancel.h) is seen by Cancelled/CheckCancel across threads.
#include "util/progress.h"

#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "util/cancel.h"

namespace lineage {
namespace {

TEST(ProgressTest, SinkGetsRateLimitedEventsAndOneFinalEvent) {
  std::vector<ProgressEvent> events;
  std::atomic<uint64_t> read{0};
  {
    Progress p("stage", 50, "blocks", /*bar=*/false,
               [&](const ProgressEvent& e) { events.push_back(e); });
    p.ShowBytesRead({&read});
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 50; ++i) {
      read += 1000;
      p.Add(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // 50 adds over >= 0.5 s: at most one event per 100 ms, so far fewer events than adds.
    EXPECT_LE(events.size(), static_cast<size_t>(secs / 0.1) + 1);
    EXPECT_GE(events.size(), 2u);
    p.Finish();
    p.Finish();  // idempotent
  }              // the destructor adds nothing after Finish
  ASSERT_GE(events.size(), 3u);
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    EXPECT_FALSE(events[i].finished);
    EXPECT_LE(events[i].done, events[i + 1].done);
  }
  const ProgressEvent& last = events.back();
  EXPECT_TRUE(last.finished);
  EXPECT_EQ(last.label, "stage");
  EXPECT_EQ(last.unit, "blocks");
  EXPECT_EQ(last.done, 50u);
  EXPECT_EQ(last.total, 50u);
  EXPECT_EQ(last.bytes_read, 50000u);
}

TEST(ProgressTest, TheDestructorSendsTheFinalEventOfAnAbandonedStage) {
  std::vector<ProgressEvent> events;
  {
    Progress p("stopped", 10, "controls", false,
               [&](const ProgressEvent& e) { events.push_back(e); });
    p.Add(3);
  }
  ASSERT_EQ(events.size(), 1u);  // the add came within 100 ms of the start: no event for it
  EXPECT_TRUE(events[0].finished);
  EXPECT_EQ(events[0].done, 3u);
}

TEST(CancelTest, AFlagSetOnAnotherThreadIsSeen) {
  EXPECT_FALSE(Cancelled(nullptr));
  EXPECT_TRUE(CheckCancel(nullptr).ok());
  CancelFlag flag;
  EXPECT_TRUE(CheckCancel(&flag).ok());
  std::thread([&flag] { flag.Cancel(); }).join();
  EXPECT_TRUE(Cancelled(&flag));
  const Status st = CheckCancel(&flag);
  EXPECT_EQ(st.code(), Status::Code::kCancelled);
  EXPECT_EQ(std::string(CodeName(st.code())), "cancelled");
}

}  // namespace
}  // namespace lineage
