// `--budget` (weights/pair/read_budget.h, METHODS.md §10.8) on the shipped example pairs: a budget
// smaller than the first look gives "inconclusive" with reason.budget_spent; a budget above what
// a run reads gives the verdict of no budget; and whatever the budget, the bytes read from each
// model, measured by the models' counters, never exceed it.
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "compare/compare.h"
#include "compare/weights_pair.h"
#include "test_util.h"
#include "verdict/decide.h"

namespace lineage {
namespace {

using testing::Example;

WeightsPairDecision RunBudgeted(const std::string& candidate, uint64_t budget) {
  Result<CalibrationPanels> panels = LoadShippedAndUserPanels({});
  EXPECT_TRUE(panels.ok());
  WeightsPairOptions o;
  o.threads = 2;
  o.power_cache_dir = testing::TestPowerCache();
  o.weights.budget.bytes = budget;
  Result<WeightsPairDecision> d = RunWeightsPair(LocalLocation(Example("models/" + candidate)),
                                                 LocalLocation(Example("models/base")),
                                                 panels.ok() ? *panels : CalibrationPanels(), o);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? std::move(d).value() : WeightsPairDecision();
}

TEST(ReadBudgetTest, ABudgetBelowTheFirstLookIsInconclusiveAndSaysWhatWasNotRead) {
  const uint64_t budget = 50'000;
  const WeightsPairDecision d = RunBudgeted("ft-sft", budget);
  EXPECT_EQ(d.pair.verdict, Verdict::kInconclusive);
  EXPECT_EQ(d.pair.reason, kReasonBudgetSpent);
  ASSERT_TRUE(d.pair.sampling);
  EXPECT_EQ(d.pair.sampling->stopped_on, "budget");
  EXPECT_EQ(d.pair.sampling->blocks_read, 0);
  EXPECT_EQ(d.pair.sampling->budget_bytes, budget);
  EXPECT_EQ(static_cast<int>(d.pair.sampling->unread_pairs.size()), d.pair.sampling->blocks_total);
  for (const char* stage : {"alignment", "block_signatures", "block_tests"}) {
    EXPECT_NE(std::find(d.pair.sampling->not_read.begin(), d.pair.sampling->not_read.end(), stage),
              d.pair.sampling->not_read.end())
        << stage;
  }
  EXPECT_LE(d.candidate.bytes_read, budget);
  EXPECT_LE(d.base.bytes_read, budget);
  EXPECT_GT(d.candidate.bytes_read, 0u);  // the headers
}

TEST(ReadBudgetTest, ALargeBudgetGivesTheVerdictOfNoBudget) {
  for (const char* cand : {"ft-sft", "indep-s1", "perm"}) {
    const WeightsPairDecision none = RunBudgeted(cand, 0);
    const WeightsPairDecision large = RunBudgeted(cand, uint64_t{100} << 30);
    EXPECT_EQ(large.pair.verdict, none.pair.verdict) << cand;
    EXPECT_EQ(large.pair.reason, none.pair.reason) << cand;
    ASSERT_TRUE(large.pair.sampling) << cand;
    EXPECT_TRUE(large.pair.sampling->not_read.empty()) << cand;
    EXPECT_EQ(large.candidate.bytes_read, none.candidate.bytes_read) << cand;
  }
}

// Budgets from below the first look to above a whole run: never a byte over, never a verdict that
// contradicts the unbudgeted one (a spent budget gives inconclusive, never the opposite verdict).
TEST(ReadBudgetTest, TheBytesReadNeverExceedTheBudget) {
  for (const char* cand : {"ft-sft", "indep-s1"}) {
    const Verdict unbudgeted = RunBudgeted(cand, 0).pair.verdict;
    for (uint64_t budget : {300'000, 700'000, 1'000'000, 1'500'000, 2'500'000, 4'000'000}) {
      const WeightsPairDecision d = RunBudgeted(cand, budget);
      EXPECT_LE(d.candidate.bytes_read, budget) << cand << " " << budget;
      EXPECT_LE(d.base.bytes_read, budget) << cand << " " << budget;
      const bool spent = d.pair.reason == kReasonBudgetSpent;
      EXPECT_TRUE(d.pair.verdict == unbudgeted ||
                  (spent && d.pair.verdict == Verdict::kInconclusive))
          << cand << " " << budget << ": " << VerdictName(d.pair.verdict) << " " << d.pair.reason;
      ASSERT_TRUE(d.pair.sampling);
      EXPECT_EQ(spent, d.pair.sampling->stopped_on == "budget") << cand << " " << budget;
    }
  }
}

TEST(ReadBudgetTest, CompareKeepsEachModelWithinTheBudget) {
  for (uint64_t budget : {1'000'000, 20'000'000}) {
    CompareOptions options;
    options.threads = 2;
    options.power_cache_dir = testing::TestPowerCache();
    options.budget_bytes = budget;
    Result<CompareResult> r = RunCompare(LocalLocation(Example("models/ft-sft")),
                                         {LocalLocation(Example("models/base"))}, options);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_LE(r->candidate.bytes_read, budget);
    EXPECT_LE(r->bases[0].bytes_read, budget);
    ASSERT_EQ(r->results.size(), 1u);
    const PairResult& p = r->results[0];
    ASSERT_TRUE(p.sampling);
    EXPECT_EQ(p.sampling->budget_bytes, budget);
    const bool spent = p.reason == kReasonBudgetSpent;
    EXPECT_TRUE(p.verdict == Verdict::kDerived || (spent && p.verdict == Verdict::kInconclusive))
        << budget;
    if (budget > 10'000'000) {
      // Room for everything but the whole-file hashes and the PCA picture, which a budget skips.
      EXPECT_EQ(p.verdict, Verdict::kDerived);
      EXPECT_TRUE(p.sampling->not_read.empty());
      for (const FileDigest& f : r->candidate.files) {
        if (f.path.find(".safetensors") != std::string::npos) {
          EXPECT_EQ(f.sha256, "") << f.path;
        }
      }
    }
  }
}

}  // namespace
}  // namespace lineage
