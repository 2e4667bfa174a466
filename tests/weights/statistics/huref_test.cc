#include "weights/statistics/huref.h"

#include <cmath>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "util/thread_pool.h"
#include "weights/align/norm_folding.h"
#include "weights/fixtures.h"
#include "weights/kernels/kernels.h"
#include "weights/weights_fixtures.h"

namespace lineage {
namespace {

using testing::GaussianMatrix;
using testing::RotateColumns;

struct Block {
  MatrixF wq, wk, wv, wo, gate, up, down;
  HurefBlock view(int heads, int kv) const {
    return {wq.view(), wk.view(),   wv.view(), wo.view(), gate.view(),
            up.view(), down.view(), heads,     kv};
  }
};

MatrixF Transpose(const MatrixF& m) {
  MatrixF t(m.cols, m.rows);
  for (size_t i = 0; i < m.rows; ++i)
    for (size_t j = 0; j < m.cols; ++j) t.at(j, i) = m.at(i, j);
  return t;
}

TEST(Huref, ResidualRotationLeavesAttentionInvariants) {
  const size_t n = 40, d = 32, head = 8, h = 48;
  const int heads = 4, kv = 2;
  const MatrixF x = GaussianMatrix(n, d, 1);
  Block a{GaussianMatrix(heads * head, d, 2),
          GaussianMatrix(kv * head, d, 3),
          GaussianMatrix(kv * head, d, 4),
          GaussianMatrix(d, heads * head, 5),
          GaussianMatrix(h, d, 6),
          GaussianMatrix(h, d, 7),
          GaussianMatrix(d, h, 8)};
  // Rotate the residual basis: reading matrices W → W Q, writing W_o → Qᵀ W_o, probes X → X Q.
  Block b = a;
  b.wq = RotateColumns(a.wq, 9);
  b.wk = RotateColumns(a.wk, 9);
  b.wv = RotateColumns(a.wv, 9);
  b.wo = Transpose(RotateColumns(Transpose(a.wo), 9));
  const MatrixF xb = RotateColumns(x, 9);
  auto ia = ComputeHurefInvariants(x.view(), a.view(heads, kv));
  auto ib = ComputeHurefInvariants(xb.view(), b.view(heads, kv));
  ASSERT_TRUE(ia.ok() && ib.ok());
  // M_a for 1 KV group equals the naive X W_qᵀ W_k X̂ᵀ when heads == kv: spot-check shape here.
  EXPECT_EQ(ia->m_a.rows, n);
  auto s = CompareHuref(std::vector{*ia}, std::vector{*ib});
  ASSERT_TRUE(s.ok());
  EXPECT_NEAR(*s->cos_a, 1.0, 1e-4);
  EXPECT_NEAR(*s->cos_b, 1.0, 1e-4);

  // An independent block scores near 0.
  Block c{GaussianMatrix(heads * head, d, 12),
          GaussianMatrix(kv * head, d, 13),
          GaussianMatrix(kv * head, d, 14),
          GaussianMatrix(d, heads * head, 15),
          GaussianMatrix(h, d, 16),
          GaussianMatrix(h, d, 17),
          GaussianMatrix(d, h, 18)};
  auto ic = ComputeHurefInvariants(x.view(), c.view(heads, kv));
  ASSERT_TRUE(ic.ok());
  auto t = CompareHuref(std::vector{*ia}, std::vector{*ic});
  ASSERT_TRUE(t.ok());
  EXPECT_LT(std::fabs(t->score), 0.2);
}

TEST(Huref, SingleHeadMatchesNaiveProduct) {
  const size_t n = 6, d = 5;
  const MatrixF x = GaussianMatrix(n, d, 1), wq = GaussianMatrix(4, d, 2),
                wk = GaussianMatrix(4, d, 3);
  HurefBlock blk;
  blk.wq = wq.view();
  blk.wk = wk.view();
  auto inv = ComputeHurefInvariants(x.view(), blk);
  ASSERT_TRUE(inv.ok());
  const MatrixF m = MatMul(x.view(), wq.view(), false, true).value();
  const MatrixF k = MatMul(x.view(), wk.view(), false, true).value();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      double v = 0;
      for (size_t c = 0; c < 4; ++c) v += m.at(i, c) * k.at(j, c);
      EXPECT_NEAR(inv->m_a.at(i, j), v, 1e-4);
    }
  EXPECT_TRUE(inv->m_f.data.empty());
}

TEST(Huref, BadInput) {
  const MatrixF x = GaussianMatrix(6, 5, 1);
  const MatrixF wq = GaussianMatrix(4, 7, 2);
  HurefBlock blk;
  blk.wq = wq.view();
  blk.wk = wq.view();
  EXPECT_FALSE(ComputeHurefInvariants(x.view(), blk).ok());
  EXPECT_FALSE(CompareHuref(std::vector{HurefInvariants{}}, {}).ok());
}

// What the whole-block path multiplied: every matrix read with its norm folded in (ReadFolded),
// NaN/Inf zeroed, the norms themselves dropped. `non_finite` gets the zeroed count of the blocks
// in `layers`.
InMemoryWeights FoldedCopy(const InMemoryWeights& w, const std::vector<int>& layers,
                           int64_t* non_finite) {
  InMemoryWeights out(w.layout());
  for (const TensorKey& k : w.Keys()) {
    if (k.role == Role::kAttnNorm || k.role == Role::kMlpNorm || k.role == Role::kFinalNorm)
      continue;
    Mat m = ReadFolded(w, k).value();
    const int64_t bad = ScrubNonFinite(m);
    for (int l : layers) *non_finite += (l == k.layer) ? bad : 0;
    out.Set(k, std::move(m));
  }
  return out;
}

HurefInvariants WholeInvariants(const WeightSource& folded, int layer, const Mat& x) {
  std::vector<Mat> m;
  for (Role r : {Role::kQ, Role::kK, Role::kV, Role::kO, Role::kGate, Role::kUp, Role::kDown})
    m.push_back(folded.Read(Key(r, layer)).value());
  const WeightLayout& l = folded.layout();
  const HurefBlock b{View(m[0]), View(m[1]), View(m[2]),  View(m[3]),    View(m[4]),
                     View(m[5]), View(m[6]), l.num_heads, l.num_kv_heads};
  return ComputeHurefInvariants(View(x), b).value();
}

TEST(HurefPair, StreamedPairEqualsTheWholeBlockPathAndItsPanel) {
  const InMemoryWeights base = testing::WithRaggedNorms(testing::LoadExampleWeights("base"), 3);
  const InMemoryWeights cand = testing::WithNonFinite(testing::WithRaggedNorms(
      testing::NoisedCopy(testing::LoadExampleWeights("base"), 0.5, 11), 4));
  const std::vector<std::pair<int, int>> pairs = {{0, 0}, {1, 1}, {3, 4}};
  Rng rng(21);
  const Mat xa = Gaussian(16, 64, 1.0, rng);
  const Mat xb = xa + Gaussian(16, 64, 0.1, rng);
  int64_t bad = 0;
  const InMemoryWeights fc = FoldedCopy(cand, {0, 1, 3}, &bad);
  const InMemoryWeights fb = FoldedCopy(base, {0, 1, 4}, &bad);
  // The expected score: whole folded blocks, cosines averaged over blocks as the pair does.
  double sum_ab = 0, sum_f = 0;
  for (const auto& [i, j] : pairs) {
    const HurefScore s = CompareHuref(std::vector{WholeInvariants(fc, i, xa)},
                                      std::vector{WholeInvariants(fb, j, xb)})
                             .value();
    sum_ab += *s.cos_a + *s.cos_b;
    sum_f += *s.cos_f;
  }
  ThreadPool pool(2);
  HurefPairOptions o;
  o.chunk_rows = 7;  // no matrix of the block is a whole number of 7-row chunks
  Result<HurefPairResult> streamed = CompareHurefPair(cand, base, pairs, xa, xb, pool, o);
  ASSERT_TRUE(streamed.ok()) << streamed.status().ToString();
  EXPECT_NEAR(streamed->score, sum_ab / 6, 1e-5);
  ASSERT_TRUE(streamed->cos_f.has_value());
  EXPECT_NEAR(*streamed->cos_f, sum_f / 3, 1e-5);
  EXPECT_EQ(streamed->blocks, 3);
  EXPECT_EQ(streamed->non_finite, bad);
  EXPECT_EQ(bad, 2);  // WithNonFinite's two values, in the candidate's block 0
  // The panel as the whole-block path drew it: scales taken from the folded, scrubbed matrices.
  o.chunk_rows = 1 << 20;
  Result<HurefPairResult> whole = CompareHurefPair(fc, fb, pairs, xa, xb, pool, o);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_NEAR(whole->score, streamed->score, 1e-5);
  ASSERT_EQ(streamed->panel.size(), 8u);
  ASSERT_EQ(whole->panel.size(), streamed->panel.size());
  ASSERT_EQ(whole->panel_f.size(), streamed->panel_f.size());
  for (size_t r = 0; r < whole->panel.size(); ++r) {
    EXPECT_NEAR(streamed->panel[r], whole->panel[r], 1e-5) << r;
    EXPECT_NEAR(streamed->panel_f[r], whole->panel_f[r], 1e-5) << r;
  }
  // The panel is random init: far below the derived pair's score.
  for (double p : streamed->panel) EXPECT_LT(p, streamed->score - 0.2);
}

}  // namespace
}  // namespace lineage
