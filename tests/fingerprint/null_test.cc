// Acceptance (issue 16): the exact p-values from sketches are super-uniform under H0 on ≥ 200
// seeded random pairs (stats/super_uniformity.h, the harness of the exact-null calibration).
// H0 here is the hard case: the candidate's kept units are the base's own units (plus noise) under
// a uniformly random relabelling, as if two models had converged to the same units; only the
// labels are random, which is all the exact null assumes (METHODS.md §4, §14). The same holds for
// the depth map (different block counts): A's blocks copy B's blocks in a depth-up-scaled or
// pruned order, each copy under its own random labelling, and the map's corrected minimum over
// all cells must stay super-uniform.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "fingerprint/compare.h"
#include "stats/rng.h"
#include "stats/super_uniformity.h"

namespace lineage {
namespace {

constexpr int kPairs = 240;
constexpr uint32_t kTokens = 24, kWidth = 96, kKept = 48, kBlocks = 3;
constexpr double kAlphas[] = {0.01, 0.05, 0.1};

Fingerprint Empty() {
  Fingerprint fp;
  fp.embedding.dim = 4;
  for (uint32_t t = 0; t < kTokens; ++t) fp.embedding.token_hashes.push_back(t * 7919u);
  fp.embedding.rows.assign(kTokens * 4, 0.0f);
  for (size_t i = 0; i < fp.embedding.rows.size(); ++i) fp.embedding.rows[i] = float(i % 5) - 2;
  return fp;
}

// Sorted labels of a random kept set, and the responses of each kept unit (tokens × kept).
void Fill(BlockSketch& b, const std::vector<uint32_t>& labels, const std::vector<float>& gate,
          const std::vector<float>& up) {
  b.width = kWidth;
  b.units = labels;
  b.gate_resp = gate;
  b.up_resp = up;
}

std::vector<uint32_t> RandomLabels(Rng& rng) {
  std::vector<int32_t> s = rng.Sample(kWidth, kKept);
  std::vector<uint32_t> out(s.begin(), s.end());
  std::sort(out.begin(), out.end());
  return out;
}

// A block of A built from B's block `bb`: its kept units with noise, under a fresh random
// labelling (an independent random kept set).
BlockSketch ConvergedCopy(const BlockSketch& bb, int32_t layer, Rng& rng) {
  std::vector<int32_t> perm = rng.Permutation(kKept);
  std::vector<float> ga(bb.gate_resp.size()), ua(bb.up_resp.size()), noise(bb.gate_resp.size());
  rng.FillNormal(noise, 0.1);
  for (uint32_t t = 0; t < kTokens; ++t) {
    for (uint32_t k = 0; k < kKept; ++k) {
      ga[t * kKept + k] = bb.gate_resp[t * kKept + perm[k]] + noise[t * kKept + k];
      ua[t * kKept + k] = bb.up_resp[t * kKept + perm[k]] - noise[t * kKept + k];
    }
  }
  BlockSketch ba;
  ba.layer = layer;
  Fill(ba, RandomLabels(rng), ga, ua);
  return ba;
}

// A pair under H0: B has kBlocks random blocks; A's block i is a converged copy of B's block
// a_from_b[i] (the diagonal for equal depth; a depth map otherwise).
std::pair<Fingerprint, Fingerprint> NullPair(Rng& rng, const std::vector<int>& a_from_b) {
  Fingerprint a = Empty(), b = Empty();
  for (uint32_t l = 0; l < kBlocks; ++l) {
    std::vector<float> gate(kTokens * kKept), up(kTokens * kKept);
    rng.FillNormal(gate, 1.0);
    rng.FillNormal(up, 1.0);
    BlockSketch bb;
    bb.layer = static_cast<int32_t>(l);
    Fill(bb, RandomLabels(rng), gate, up);
    b.blocks.push_back(bb);
  }
  for (size_t i = 0; i < a_from_b.size(); ++i)
    a.blocks.push_back(ConvergedCopy(b.blocks[a_from_b[i]], static_cast<int32_t>(i), rng));
  return {a, b};
}

void ExpectSuperUniform(const std::vector<double>& draws, const char* what) {
  for (const SuperUniformityRow& row : CheckSuperUniform(draws, kAlphas)) {
    EXPECT_TRUE(row.ok) << what << " at α = " << row.alpha << ": " << row.rejections << " of "
                        << row.n << ", bound " << row.bound;
  }
}

TEST(FingerprintNull, SketchHitCountAndItsFisherCombinationAreSuperUniform) {
  Rng rng(0xF1F0);
  std::vector<double> block0, fisher;
  int robust = 0;
  for (int p = 0; p < kPairs; ++p) {
    auto [a, b] = NullPair(rng, {0, 1, 2});
    Result<SketchComparison> c = CompareFingerprints(a, b);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_EQ(c->hit_blocks, static_cast<int>(kBlocks));
    ASSERT_FALSE(c->depth_map);
    block0.push_back(c->blocks[0].hit_log10_p);
    fisher.push_back(c->hits_log10_p);
    // Converged units under random labels keep their gate/up pairing: the robust statistic sees
    // them (it has no exact null, which is why it carries no p-value).
    robust += RelatedRobust(*c);
  }
  ExpectSuperUniform(block0, "one block");
  ExpectSuperUniform(fisher, "Fisher");
  EXPECT_EQ(robust, kPairs);
}

TEST(FingerprintNull, TheDepthMapsCorrectedMinimumIsSuperUniform) {
  Rng rng(0xDE97);
  // Depth up-scaling (B's middle block twice, as Solar-style stacking repeats blocks) and
  // pruning (B's middle block dropped), alternately.
  const std::vector<std::vector<int>> maps = {{0, 1, 1, 2}, {0, 2}};
  std::vector<double> minimum;
  for (int p = 0; p < kPairs; ++p) {
    auto [a, b] = NullPair(rng, maps[p % 2]);
    Result<SketchComparison> c = CompareFingerprints(a, b);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE(c->depth_map);
    ASSERT_EQ(c->map_cells, static_cast<int64_t>(maps[p % 2].size() * kBlocks));
    minimum.push_back(c->hits_log10_p);
  }
  ExpectSuperUniform(minimum, "depth map");
}

}  // namespace
}  // namespace lineage
