#include "weights/statistics/huref_block.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/model.h"
#include "test_util.h"
#include "weights/align/norm_folding.h"
#include "weights/fixtures.h"
#include "weights/kernels/kernels.h"
#include "weights/source/model_weight_source.h"
#include "weights/weights_fixtures.h"

namespace lineage::testing {
namespace {

constexpr Role kMatrices[] = {Role::kQ,    Role::kK,  Role::kV,   Role::kO,
                              Role::kGate, Role::kUp, Role::kDown};

// The reference: whole matrices read with the norm folded (ReadFolded), NaN/Inf zeroed and
// counted, then ComputeHurefInvariants.
struct WholeBlock {
  std::vector<Mat> m;  // in kMatrices order
  int64_t non_finite = 0;
  HurefBlock view(const WeightLayout& l) const {
    return {View(m[0]), View(m[1]), View(m[2]),  View(m[3]),    View(m[4]),
            View(m[5]), View(m[6]), l.num_heads, l.num_kv_heads};
  }
};

WholeBlock ReadWhole(const WeightSource& src, int layer) {
  WholeBlock b;
  for (Role r : kMatrices) {
    Result<Mat> m = ReadFolded(src, Key(r, layer));
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    b.m.push_back(m.ok() ? std::move(m).value() : Mat());
    b.non_finite += ScrubNonFinite(b.m.back());
  }
  return b;
}

void ExpectSame(const MatrixF& got, const MatrixF& want, const std::string& what) {
  ASSERT_EQ(got.rows, want.rows) << what;
  ASSERT_EQ(got.cols, want.cols) << what;
  ASSERT_FALSE(want.data.empty()) << what;
  float scale = 0, worst = 0;
  for (size_t i = 0; i < want.data.size(); ++i) {
    scale = std::max(scale, std::fabs(want.data[i]));
    worst = std::max(worst, std::fabs(got.data[i] - want.data[i]));
  }
  EXPECT_LE(worst, 1e-5f * std::max(1.0f, scale)) << what;
}

// Streams every block of `src` in chunks of `chunk` rows and checks it against the whole path.
void ExpectStreamedEqualsWhole(const WeightSource& src, uint64_t chunk) {
  const WeightLayout& l = src.layout();
  ASSERT_LT(l.num_kv_heads, l.num_heads);  // GQA: K/V heads are expanded
  const size_t d = src.Shape(Key(Role::kQ, 0)).second;
  const MatrixF x = GaussianMatrix(12, d, 5);
  for (int layer = 0; layer < l.num_layers; ++layer) {
    const WholeBlock whole = ReadWhole(src, layer);
    Result<HurefInvariants> want = ComputeHurefInvariants(x.view(), whole.view(l));
    Result<StreamedHurefBlock> got = ReadHurefInvariants(src, layer, x.view(), chunk);
    ASSERT_TRUE(want.ok()) << want.status().ToString();
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    const std::string at = "block " + std::to_string(layer);
    ExpectSame(got->inv.m_a, want->m_a, at + " M_a");
    ExpectSame(got->inv.m_b, want->m_b, at + " M_b");
    ExpectSame(got->inv.m_f, want->m_f, at + " M_f");
    EXPECT_EQ(got->non_finite, whole.non_finite) << at;
    // The panel's scales are the spreads of the folded matrices, their shapes the stored ones.
    const HurefMatrixInfo* info[] = {&got->info.q,    &got->info.k,  &got->info.v,   &got->info.o,
                                     &got->info.gate, &got->info.up, &got->info.down};
    for (size_t r = 0; r < whole.m.size(); ++r) {
      EXPECT_EQ(info[r]->rows, static_cast<uint64_t>(whole.m[r].rows())) << at;
      EXPECT_EQ(info[r]->cols, static_cast<uint64_t>(whole.m[r].cols())) << at;
      const double sd = FiniteSd(View(whole.m[r]));
      EXPECT_NEAR(info[r]->sd, sd, 1e-9 * sd) << at << " matrix " << r;
    }
  }
}

TEST(HurefBlock, StreamedInvariantsEqualTheWholeFoldedBlock) {
  const InMemoryWeights w = WithRaggedNorms(LoadExampleWeights("base"), 77);
  // 7 rows: no matrix of the block (64, 32 or 172 rows) is a whole number of chunks.
  ExpectStreamedEqualsWhole(w, 7);
  ExpectStreamedEqualsWhole(w, 1 << 20);  // one chunk
}

TEST(HurefBlock, StreamedFromTheFileEqualsTheWholeFoldedBlock) {
  Result<Model> m = LoadModel(Example("models/base"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const ModelWeightSource src(*m);  // its own Stream and ReadRows, the stored norms
  ExpectStreamedEqualsWhole(src, 7);
}

TEST(HurefBlock, NonFiniteWeightsAreZeroedAndCountedLikeTheWholeBlock) {
  InMemoryWeights w = WithNonFinite(WithRaggedNorms(LoadExampleWeights("base"), 77));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  w.Get(Key(Role::kQ, 0))->coeffRef(9, 3) = nan;
  w.Get(Key(Role::kDown, 0))->coeffRef(17, 101) = -std::numeric_limits<float>::infinity();
  w.Get(Key(Role::kO, 0))->coeffRef(63, 0) = nan;
  ExpectStreamedEqualsWhole(w, 7);
  Result<StreamedHurefBlock> got = ReadHurefInvariants(w, 0, GaussianMatrix(12, 64, 5).view(), 7);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->non_finite, 5);
}

TEST(HurefBlock, NonFiniteGammaZeroesItsColumnAndCountsOnce) {
  InMemoryWeights w = WithRaggedNorms(LoadExampleWeights("base"), 77);
  w.Get(Key(Role::kAttnNorm, 1))->coeffRef(0, 5) = std::numeric_limits<float>::infinity();
  const MatrixF x = GaussianMatrix(12, 64, 5);
  const WholeBlock whole = ReadWhole(w, 1);  // the column is ±inf, then zeroed
  Result<HurefInvariants> want = ComputeHurefInvariants(x.view(), whole.view(w.layout()));
  Result<StreamedHurefBlock> got = ReadHurefInvariants(w, 1, x.view(), 7);
  ASSERT_TRUE(want.ok() && got.ok());
  ExpectSame(got->inv.m_a, want->m_a, "M_a");
  ExpectSame(got->inv.m_b, want->m_b, "M_b");
  // One γ entry, counted once, not once per row of q, k and v it scales.
  EXPECT_EQ(got->non_finite, 1);
  EXPECT_GT(whole.non_finite, 1);
}

TEST(HurefBlock, ShapeErrorsMatchTheWholePath) {
  InMemoryWeights w = LoadExampleWeights("base");
  w.Erase(Key(Role::kAttnNorm, 2));  // so that the whole path can read the misfit W_k
  w.Set(Key(Role::kK, 2), Mat::Ones(32, 63));
  const MatrixF x = GaussianMatrix(12, 64, 5);
  const WholeBlock whole = ReadWhole(w, 2);
  Result<HurefInvariants> want = ComputeHurefInvariants(x.view(), whole.view(w.layout()));
  Result<StreamedHurefBlock> got = ReadHurefInvariants(w, 2, x.view(), 7);
  ASSERT_FALSE(want.ok());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().ToString(), want.status().ToString());
  EXPECT_NE(got.status().ToString().find("W_k has 63 columns"), std::string::npos);
  w.Set(Key(Role::kDown, 3), Mat::Ones(64, 171));
  Result<StreamedHurefBlock> mlp = ReadHurefInvariants(w, 3, x.view(), 7);
  ASSERT_FALSE(mlp.ok());
  EXPECT_NE(mlp.status().ToString().find("gate/up must be h × d"), std::string::npos);
}

TEST(HurefBlock, MissingMatricesSkipTheirInvariantOnly) {
  InMemoryWeights w = LoadExampleWeights("base");
  w.Erase(Key(Role::kDown, 0));
  w.Erase(Key(Role::kV, 0));
  Result<StreamedHurefBlock> got = ReadHurefInvariants(w, 0, GaussianMatrix(12, 64, 5).view(), 7);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->inv.m_a.rows, 12u);
  EXPECT_TRUE(got->inv.m_b.data.empty());
  EXPECT_TRUE(got->inv.m_f.data.empty());
  EXPECT_FALSE(got->info.v.present());
  EXPECT_TRUE(got->info.gate.present());  // the panel still draws it (its stream stays fixed)
}

}  // namespace
}  // namespace lineage::testing
