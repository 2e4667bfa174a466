#include "weights/pair/stage_clock.h"

#include <gtest/gtest.h>

namespace lineage::testing {
namespace {

TEST(StageClock, OneLinePerStageThenItsSubStages) {
  StageClock clock(true);
  ::testing::internal::CaptureStderr();
  clock.Lap("first stage");
  clock.SubStages({"part a", "part b"});
  clock.Add(1, StageClock::Clock::now());
  clock.Lap("block tests");
  clock.Lap("last");
  const std::string err = ::testing::internal::GetCapturedStderr();
  const size_t first = err.find("weights timing: first stage");
  const size_t block = err.find("weights timing: block tests");
  const size_t a = err.find("weights timing:   of which part a");
  const size_t b = err.find("weights timing:   of which part b");
  const size_t last = err.find("weights timing: last");
  ASSERT_NE(first, std::string::npos) << err;
  ASSERT_NE(block, std::string::npos) << err;
  ASSERT_NE(a, std::string::npos) << err;
  ASSERT_NE(b, std::string::npos) << err;
  ASSERT_NE(last, std::string::npos) << err;
  EXPECT_LT(first, block);
  EXPECT_LT(block, a);
  EXPECT_LT(a, b);
  EXPECT_LT(b, last);
  // Sub-stages belong to the stage they were declared in.
  EXPECT_EQ(err.find("of which", last), std::string::npos) << err;
}

TEST(StageClock, SilentWhenOff) {
  StageClock clock(false);
  ::testing::internal::CaptureStderr();
  clock.SubStages({"part"});
  clock.Lap("stage");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace lineage::testing
