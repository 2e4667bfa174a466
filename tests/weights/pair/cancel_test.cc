// A set cancel flag (util/cancel.h) stops AnalyzeWeights with kCancelled: set before the call, or
// by the caller while the analysis runs (from its progress observer, between two stages; from its
// stop rule, between two block pairs).
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "weights/fixtures.h"
#include "weights/pair/pair_analysis.h"

namespace lineage::testing {
namespace {

Result<WeightsResult> Analyze(const WeightsOptions& options) {
  const InMemoryWeights cand = LoadExampleWeights("ft-sft");
  const InMemoryWeights base = LoadExampleWeights("base");
  ThreadPool pool(2);
  const auto rows = static_cast<int64_t>(base.Shape(Key(Role::kEmbed)).first);
  const SharedTokenRows shared = AssumeSameIds(rows, rows, 2048);
  return AnalyzeWeights(cand, base, shared, pool, options);
}

TEST(CancelWeightsTest, ASetFlagReturnsCancelled) {
  CancelFlag flag;
  flag.Cancel();
  WeightsOptions options;
  options.cancel = &flag;
  Result<WeightsResult> r = Analyze(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCancelled);
}

TEST(CancelWeightsTest, AFlagSetDuringTheAnalysisStopsItBeforeTheNextStage) {
  WeightsOptions options;
  std::set<std::string> stages;
  Result<WeightsResult> full = Analyze(options);
  ASSERT_TRUE(full.ok()) << full.status().ToString();

  CancelFlag flag;
  options.cancel = &flag;
  options.progress_sink = [&](const ProgressEvent& e) {
    stages.insert(e.label);
    if (e.label == "block signatures" && e.finished) flag.Cancel();
  };
  Result<WeightsResult> r = Analyze(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCancelled);
  EXPECT_TRUE(stages.count("block signatures"));
  EXPECT_FALSE(stages.count("block tests")) << "the block tests ran after the flag was set";
}

TEST(CancelWeightsTest, AFlagSetBetweenBlockPairsStopsTheBlockTestsBeforeTheNextPair) {
  // Sequential reading asks its stop rule after 2 and 4 of the 5 block pairs: a flag set at the
  // first look must stop the block tests there, so the rule is never asked again.
  WeightsOptions options;
  options.sampling.mode = SamplingMode::kSequential;
  CancelFlag flag;
  options.cancel = &flag;
  int looks = 0;
  options.sampling.look = [&](const WeightsResult& partial, bool) {
    ++looks;
    EXPECT_EQ(partial.sampling.blocks_read, 2);
    flag.Cancel();
    return LookAction::kContinue;
  };
  Result<WeightsResult> r = Analyze(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCancelled);
  EXPECT_EQ(looks, 1) << "block pairs were tested after the flag was set";
}

}  // namespace
}  // namespace lineage::testing
