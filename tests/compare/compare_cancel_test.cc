// RunCompare with a set cancel flag (util/cancel.h) returns kCancelled: set before the call, or
// while the positive controls run (from the progress observer), when it stops them within one
// control and caches no power.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "compare/compare.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;

Result<CompareResult> Compare(const CompareOptions& options) {
  return RunCompare(LocalLocation(Example("models/ft-sft")),
                    {LocalLocation(Example("models/base"))}, options);
}

TEST(CompareCancelTest, ASetFlagReturnsCancelled) {
  CancelFlag flag;
  flag.Cancel();
  CompareOptions options;
  options.threads = 2;
  options.cancel = &flag;
  Result<CompareResult> r = Compare(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCancelled);
}

TEST(CompareCancelTest, CancellingThePowerControlsStopsThemAndCachesNothing) {
  const std::string cache = testing::TempDir("compare-cancel-power");
  CancelFlag flag;
  CompareOptions options;
  options.threads = 2;
  options.power_cache_dir = cache;      // empty: the controls run
  options.always_measure_power = true;  // the derived pair would need no power
  options.cancel = &flag;
  uint64_t controls_done = 0, controls_total = 0;
  options.progress_sink = [&](const ProgressEvent& e) {
    if (e.label != "power controls") return;
    controls_total = e.total;
    controls_done = e.done;
    flag.Cancel();
  };
  Result<CompareResult> r = Compare(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCancelled);
  ASSERT_GT(controls_total, 0u) << "no progress event from the power controls";
  EXPECT_LT(controls_done, controls_total);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cache)) {
    EXPECT_FALSE(entry.is_regular_file()) << "cached after cancel: " << entry.path();
  }
}

}  // namespace
}  // namespace lineage
