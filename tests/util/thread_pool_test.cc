#include "util/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace lineage {

TEST(ThreadPoolTest, ParallelForVisitsEveryIndexOnce) {
  ThreadPool pool(4);
  std::vector<std::atomic<int>> hits(1000);
  ASSERT_TRUE(ParallelFor(pool, hits.size(), [&](size_t i) {
                hits[i].fetch_add(1);
                return Status::Ok();
              }).ok());
  for (auto& h : hits) EXPECT_EQ(h.load(), 1);
}

TEST(ThreadPoolTest, ParallelForReturnsAnError) {
  ThreadPool pool(2);
  Status st = ParallelFor(
      pool, 100, [&](size_t i) { return i == 37 ? Corrupt("f", 37, "boom") : Status::Ok(); });
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("offset 37"), std::string::npos);
}

TEST(ThreadPoolTest, SingleThreadRunsInline) {
  ThreadPool pool(1);
  int sum = 0;
  ASSERT_TRUE(ParallelFor(pool, 10, [&](size_t i) {
                sum += static_cast<int>(i);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(sum, 45);
}

}  // namespace lineage
