// Sketch comparison on the shipped examples (examples/models/MANIFEST.md): derived pairs are
// found, the independent ones are not, and the exact sketch test is defeated exactly where the
// contract says (a permutation of MLP units), where the robust statistic takes over.
#include "fingerprint/compare.h"

#include <gtest/gtest.h>

#include <string>

#include "fingerprint/fixtures.h"

namespace lineage {
namespace {

using testing::ExampleFingerprint;

SketchComparison Compare(const std::string& a, const std::string& b) {
  Result<SketchComparison> c = CompareFingerprints(ExampleFingerprint(a), ExampleFingerprint(b));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? *c : SketchComparison{};
}

TEST(FingerprintCompare, FineTuneIsRelatedByTheExactTest) {
  const SketchComparison c = Compare("ft-sft", "base");
  EXPECT_EQ(c.blocks.size(), 5u);
  EXPECT_EQ(c.hit_blocks, 5);
  EXPECT_TRUE(RelatedExact(c)) << c.hits_log10_p;
  EXPECT_TRUE(RelatedRobust(c)) << c.mean_agreement;
  EXPECT_EQ(c.identical_tensors, 0u);  // fine-tuned: no tensor kept byte for byte
  EXPECT_DOUBLE_EQ(c.token_jaccard, 1.0);
}

TEST(FingerprintCompare, PermutedFineTuneDefeatsTheHitsButNotTheRobustStatistic) {
  const SketchComparison c = Compare("perm", "base");
  EXPECT_FALSE(RelatedExact(c)) << c.hits_log10_p;  // MLP units relabelled (METHODS §4.2 limits)
  EXPECT_TRUE(RelatedRobust(c)) << c.mean_agreement;
  EXPECT_NE(c.alignment, "identity");  // its residual basis is permuted
}

TEST(FingerprintCompare, IndependentModelsAreNotRelated) {
  for (const char* other : {"indep-s1", "traj-s1/step-00000", "traj-s1/step-00200"}) {
    const SketchComparison c = Compare(other, "base");
    EXPECT_FALSE(RelatedExact(c)) << other << " " << c.hits_log10_p;
    EXPECT_FALSE(RelatedRobust(c)) << other << " " << c.mean_agreement;
    EXPECT_GT(c.hits_log10_p, -3) << other;
  }
}

TEST(FingerprintCompare, AModelIsIdenticalToItself) {
  const SketchComparison c = Compare("base", "base");
  EXPECT_EQ(c.identical_tensors, c.tensors_a);
  EXPECT_TRUE(RelatedExact(c));
  for (const SketchBlockResult& b : c.blocks) EXPECT_EQ(b.hits, b.kept_a);
}

TEST(FingerprintCompare, OtherSeedIsRefused) {
  Fingerprint other = ExampleFingerprint("base");
  other.projection_seed ^= 1;
  EXPECT_FALSE(CompareFingerprints(ExampleFingerprint("ft-sft"), other).ok());
}

}  // namespace
}  // namespace lineage
