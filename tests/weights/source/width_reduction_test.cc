// WidthReduced: one residual subset across every trunk tensor, one unit subset per block shared
// by gate, up and down, one vocabulary subset for the embedding and the lm_head; an exact copy
// when nothing is reduced; other components forwarded; deterministic in the seed.
#include "weights/source/width_reduction.h"

#include <set>

#include <gtest/gtest.h>

#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

// Entries that name their own indices: row r, column c holds r·10000 + c.
Mat Coded(Eigen::Index rows, Eigen::Index cols) {
  Mat m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = static_cast<float>(r * 10000 + c);
  }
  return m;
}

InMemoryWeights CodedModel(const TinyShape& s) {
  InMemoryWeights w = RandomInitModel(s, 3);
  for (const TensorKey& k : w.Keys()) {
    Mat* m = w.Get(k);
    *m = Coded(m->rows(), m->cols());
  }
  return w;
}

std::set<int> Cols(const Mat& m) {
  std::set<int> s;
  for (Eigen::Index c = 0; c < m.cols(); ++c) s.insert(static_cast<int>(m(0, c)) % 10000);
  return s;
}
std::set<int> Rows(const Mat& m) {
  std::set<int> s;
  for (Eigen::Index r = 0; r < m.rows(); ++r) s.insert(static_cast<int>(m(r, 0)) / 10000);
  return s;
}

WidthReduced MustBuild(const WeightSource& base, int64_t width, double per_dim = 32,
                       uint64_t seed = 9) {
  Result<WidthReduced> r = WidthReduced::Build(base, WidthOptions{width, per_dim, seed});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

TEST(WidthReduced, OneResidualSubsetOneUnitSubsetPerBlockOneVocabularySubset) {
  const InMemoryWeights base = CodedModel(TinyShape());  // d 64, h 172, V 512
  const WidthReduced narrow = MustBuild(base, 16);
  const WidthReduction& red = narrow.reduction();
  EXPECT_EQ(red.residual, 64);
  EXPECT_EQ(red.residual_kept, 16);
  EXPECT_DOUBLE_EQ(red.factor, 0.25);
  EXPECT_EQ(red.vocab, 512);
  EXPECT_EQ(red.vocab_kept, 128);
  EXPECT_TRUE(red.reduced());
  EXPECT_EQ(narrow.layout().num_heads, 2);
  EXPECT_EQ(narrow.layout().num_kv_heads, 1);
  EXPECT_EQ(red.heads, 8);
  EXPECT_EQ(red.heads_kept, 2);
  const Mat embed = MustRead(narrow, Key(Role::kEmbed));
  ASSERT_EQ(embed.rows(), 128);
  ASSERT_EQ(embed.cols(), 16);
  const std::set<int> dims = Cols(embed);
  EXPECT_EQ(dims.size(), 16u);
  EXPECT_EQ(Rows(embed).size(), 128u);
  for (int layer = 0; layer < 5; ++layer) {
    const Mat gate = MustRead(narrow, Key(Role::kGate, layer));
    const Mat up = MustRead(narrow, Key(Role::kUp, layer));
    const Mat down = MustRead(narrow, Key(Role::kDown, layer));
    EXPECT_EQ(gate.rows(), 43);  // round(172 / 4)
    EXPECT_EQ(Cols(gate), dims) << layer;
    EXPECT_EQ(Cols(up), dims) << layer;
    EXPECT_EQ(Rows(up), Rows(gate)) << layer;
    EXPECT_EQ(Rows(down), dims) << layer;
    EXPECT_EQ(Cols(down), Rows(gate)) << layer;  // down's columns are the block's units
    // One of the 4 KV groups (head width 8), with its 2 query heads: q's rows are o's columns,
    // and k's and v's rows are the same group's.
    const Mat q = MustRead(narrow, Key(Role::kQ, layer));
    const Mat k = MustRead(narrow, Key(Role::kK, layer));
    const Mat v = MustRead(narrow, Key(Role::kV, layer));
    const Mat o = MustRead(narrow, Key(Role::kO, layer));
    ASSERT_EQ(q.rows(), 16);
    ASSERT_EQ(k.rows(), 8);
    EXPECT_EQ(Cols(q), dims);
    EXPECT_EQ(Rows(o), dims);
    EXPECT_EQ(Cols(o), Rows(q));
    EXPECT_EQ(Rows(k), Rows(v));
    const int group = *Rows(k).begin() / 8;
    EXPECT_EQ(*Rows(q).begin(), group * 16);
    EXPECT_EQ(*Rows(q).rbegin(), group * 16 + 15);
    EXPECT_EQ(Cols(MustRead(narrow, Key(Role::kAttnNorm, layer))), dims);
  }
  EXPECT_EQ(Cols(MustRead(narrow, Key(Role::kFinalNorm))), dims);
  // Each block draws its own units (5 blocks × 43 units would collapse if they shared one draw).
  std::set<std::set<int>> per_block;
  for (int layer = 0; layer < 5; ++layer) {
    per_block.insert(Rows(MustRead(narrow, Key(Role::kGate, layer))));
  }
  EXPECT_GT(per_block.size(), 1u);
}

TEST(WidthReduced, FullWidthIsAnExactCopy) {
  const InMemoryWeights base = RandomInitModel(TinyShape(), 5);
  const WidthReduced copy = MustBuild(base, 1024);
  EXPECT_FALSE(copy.reduction().reduced());
  EXPECT_EQ(copy.Keys().size(), base.Keys().size());
  for (const TensorKey& k : base.Keys()) EXPECT_EQ(MustRead(copy, k), MustRead(base, k));
}

TEST(WidthReduced, TheVocabularyCapBindsPerKeptDimension) {
  const InMemoryWeights base = CodedModel(TinyShape());
  EXPECT_EQ(MustBuild(base, 16, 4).reduction().vocab_kept, 64);  // 4 × 16 < 512 / 4
  EXPECT_EQ(MustBuild(base, 64, 4).reduction().vocab_kept, 256);
  EXPECT_EQ(MustBuild(base, 64, 0).reduction().vocab_kept, 512);  // 0: no cap
}

TEST(WidthReduced, DeterministicInTheSeedAndForwardsOtherComponents) {
  InMemoryWeights base = CodedModel(TinyShape());
  TensorKey vision = Key(Role::kUp, 0);
  vision.component = "vision";
  base.Set(vision, Coded(96, 48));
  const WidthReduced a = MustBuild(base, 16, 32, 1), b = MustBuild(base, 16, 32, 1);
  const WidthReduced c = MustBuild(base, 16, 32, 2);
  EXPECT_EQ(MustRead(a, Key(Role::kEmbed)), MustRead(b, Key(Role::kEmbed)));
  EXPECT_NE(Cols(MustRead(a, Key(Role::kEmbed))), Cols(MustRead(c, Key(Role::kEmbed))));
  EXPECT_TRUE(a.Has(vision));
  EXPECT_EQ(MustRead(a, vision), Coded(96, 48));
  EXPECT_EQ(a.Shape(vision), (std::pair<uint64_t, uint64_t>{96, 48}));
}

TEST(WidthReduced, ExpertsKeepTheirOwnUnitsAndTheRouterReadsTheKeptDimensions) {
  const InMemoryWeights moe = MoeUpcycle(CodedModel(TinyShape()), 4, 0.1, 2);
  const WidthReduced narrow = MustBuild(moe, 32);
  const Mat router = MustRead(narrow, Key(Role::kRouter, 0));
  EXPECT_EQ(router.rows(), 4);
  EXPECT_EQ(router.cols(), 32);
  for (int e = 0; e < 4; ++e) {
    const Mat gate = MustRead(narrow, Key(Role::kGate, 0, e));
    const Mat down = MustRead(narrow, Key(Role::kDown, 0, e));
    EXPECT_EQ(gate.rows(), 86);
    EXPECT_EQ(gate.cols(), 32);
    EXPECT_EQ(down.rows(), 32);
    EXPECT_EQ(down.cols(), 86);
  }
}

}  // namespace
}  // namespace lineage::testing
