// End-to-end weight lineage on the real example models (examples/models) and on variants
// generated from them with known lineage (tests/weights/fixtures.h).
#include "weights/pair_analysis.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "stats/ks.h"
#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string Labels(const WeightsResult& r) {
  std::string s = r.verdict + " [";
  for (const std::string& l : r.derivation) s += l + " ";
  s += "] log10p=" + std::to_string(r.log10_p) + " (" + r.exact_source + ")";
  if (r.gate_up_agreement) s += " s2=" + std::to_string(*r.gate_up_agreement);
  if (r.gate_up_z) s += " z=" + std::to_string(*r.gate_up_z);
  s += std::string(" align=") + AlignmentKindName(r.alignment.kind);
  s += " power=" + std::to_string(r.controls_detected) + "/" + std::to_string(r.controls_run);
  return s;
}

WeightsResult Analyze(const WeightSource& cand, const WeightSource& base,
                      WeightsOptions options = WeightsOptions()) {
  ThreadPool pool(2);
  // The example models share one tokenizer (MANIFEST.md), so ids pair token strings.
  auto rows = [](const WeightSource& s) {
    return static_cast<int64_t>(s.Shape(Key(Role::kEmbed)).first);
  };
  SharedTokenRows shared = AssumeSameIds(rows(cand), rows(base), 2048);
  Result<WeightsResult> r = AnalyzeWeights(cand, base, shared, pool, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return WeightsResult();
  EXPECT_TRUE(std::isfinite(r->log10_p));
  return std::move(r).value();
}

class RealModels : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base_ = new InMemoryWeights(LoadExampleWeights("base"));
    ft_ = new InMemoryWeights(LoadExampleWeights("ft-sft"));
  }
  static void TearDownTestSuite() {
    delete base_;
    delete ft_;
  }
  static InMemoryWeights* base_;
  static InMemoryWeights* ft_;
};
InMemoryWeights* RealModels::base_ = nullptr;
InMemoryWeights* RealModels::ft_ = nullptr;

TEST_F(RealModels, FineTuneIsDerived) {
  WeightsResult r = Analyze(*ft_, *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_LE(r.log10_p, -12) << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "fine-tuned")) << Labels(r);
  EXPECT_EQ(r.alignment.kind, AlignmentKind::kIdentity) << Labels(r);
  EXPECT_TRUE(r.block_map.diagonal) << Labels(r);
  ASSERT_FALSE(r.components.empty());
  EXPECT_EQ(r.components[0].name, "embed");
}

TEST_F(RealModels, PermutedCamouflageIsDerivedAndRecognised) {
  InMemoryWeights perm = LoadExampleWeights("perm");
  WeightsResult r = Analyze(perm, *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "camouflaged-permutation")) << Labels(r);
  EXPECT_EQ(r.alignment.kind, AlignmentKind::kSignedPermutation) << Labels(r);
}

TEST_F(RealModels, IndependentTrainingIsIndependent) {
  InMemoryWeights indep = LoadExampleWeights("indep-s1");
  WeightsResult r = Analyze(indep, *base_);
  EXPECT_EQ(r.verdict, "independent") << Labels(r);
  EXPECT_GT(r.log10_p, -2) << Labels(r);
  EXPECT_TRUE(r.derivation.empty());
  EXPECT_EQ(r.controls_detected, r.controls_run);
}

TEST_F(RealModels, RandomInitOfTheSameRunIsIndependent) {
  InMemoryWeights step0 = LoadExampleWeights("traj-s1/step-00000");
  WeightsResult r = Analyze(step0, *base_);
  EXPECT_EQ(r.verdict, "independent") << Labels(r);
}

TEST_F(RealModels, RotationWithGammaReallocationIsDerived) {
  WeightsResult r = Analyze(RotateResidual(*ft_, 11), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "camouflaged-rotation")) << Labels(r);
  EXPECT_LE(r.log10_p, -12) << Labels(r);
}

TEST_F(RealModels, UpDownRescalingIsDerived) {
  WeightsResult r = Analyze(RescaleUpDown(*ft_, 12), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
}

TEST_F(RealModels, LayerDuplicationIsDepthUpscaled) {
  WeightsResult r = Analyze(ReorderBlocks(*ft_, {0, 1, 2, 3, 1, 2, 3, 4}), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "depth-upscaled")) << Labels(r);
  EXPECT_EQ(r.block_map.restarts, 1) << Labels(r);
}

TEST_F(RealModels, DroppedLayersAreDepthPruned) {
  WeightsResult r = Analyze(ReorderBlocks(*ft_, {0, 1, 3, 4}), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "depth-pruned")) << Labels(r);
  EXPECT_EQ(r.block_map.skipped_base, std::vector<int>{2}) << Labels(r);
}

TEST_F(RealModels, WidthPruningIsDetected) {
  WeightsResult r = Analyze(WidthPrune(*ft_, 128, 13), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "width-pruned")) << Labels(r);
}

TEST_F(RealModels, VocabularyExtensionIsDetected) {
  WeightsResult r = Analyze(ExtendVocab(*ft_, 64, 14), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "vocab-extended")) << Labels(r);
}

TEST_F(RealModels, MoeUpcyclingIsDetected) {
  WeightsResult r = Analyze(MoeUpcycle(*base_, 4, 0.1, 15), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "moe-upcycled")) << Labels(r);
  EXPECT_FALSE(r.diagnostics.expert_map.empty());
}

TEST_F(RealModels, HalfPrecisionCastsAreDerived) {
  for (DType t : {DType::kBF16, DType::kF16}) {
    WeightsResult r = Analyze(CastTo(*base_, t), *base_);
    EXPECT_EQ(r.verdict, "derived") << DTypeName(t) << " " << Labels(r);
    EXPECT_TRUE(Has(r.derivation, "dtype-cast")) << DTypeName(t) << " " << Labels(r);
    EXPECT_FALSE(Has(r.derivation, "fine-tuned")) << DTypeName(t) << " " << Labels(r);
    ASSERT_TRUE(r.diagnostics.cast_equal_fraction.has_value());
    EXPECT_GT(*r.diagnostics.cast_equal_fraction, 0.99);
  }
}

TEST_F(RealModels, QuantisedCopiesAreDerived) {
  for (DType t : {DType::kQ8_0, DType::kQ4_K}) {
    WeightsResult r = Analyze(QuantizeRoundTrip(*base_, t), *base_);
    EXPECT_EQ(r.verdict, "derived") << DTypeName(t) << " " << Labels(r);
    EXPECT_TRUE(Has(r.derivation, "quantized")) << DTypeName(t) << " " << Labels(r);
  }
}

TEST_F(RealModels, ReuseOfEmbeddingAndFirstBlocksIsLocalised) {
  WeightsResult r = Analyze(ReuseEmbedAndFirstBlocks(*ft_, 2, 16), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation, "component-reuse")) << Labels(r);
  for (const ComponentVerdict& c : r.components) {
    if (c.name == "block 0" || c.name == "block 1") EXPECT_EQ(c.verdict, "derived") << c.name;
    if (c.name == "block 3" || c.name == "block 4") EXPECT_NE(c.verdict, "derived") << c.name;
  }
}

TEST_F(RealModels, NonFiniteWeightsAreReportedNotFatal) {
  WeightsResult r = Analyze(WithNonFinite(*ft_), *base_);
  EXPECT_GE(r.non_finite, 2);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
}

TEST_F(RealModels, NoSharedTokensIsStatedAndNotDerivedByAccident) {
  ThreadPool pool(2);
  InMemoryWeights indep = LoadExampleWeights("indep-s1");
  SharedTokenRows none;
  Result<WeightsResult> r = AnalyzeWeights(indep, *base_, none, pool, WeightsOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->verdict, "derived");
  EXPECT_EQ(r->alignment.kind, AlignmentKind::kNone);
  EXPECT_FALSE(r->notes.empty());
  // Without probes S2 cannot run, so the fine-tune is still caught by S1 alone.
  Result<WeightsResult> ft = AnalyzeWeights(*ft_, *base_, none, pool, WeightsOptions());
  ASSERT_TRUE(ft.ok()) << ft.status().ToString();
  EXPECT_EQ(ft->verdict, "derived");
}

TEST(PairAnalysis, EmptyModelIsAClearError) {
  ThreadPool pool(1);
  InMemoryWeights empty;
  InMemoryWeights other = RandomInitModel(TinyShape(), 1);
  Result<WeightsResult> r = AnalyzeWeights(empty, other, SharedTokenRows(), pool, WeightsOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("empty model"), std::string::npos);
}

TEST(PairAnalysis, UnrelatedShapesGiveAClearResult) {
  TinyShape a, b;
  b.d = 48;
  b.h = 100;
  b.heads = 6;
  b.kv_heads = 3;
  b.layers = 3;
  InMemoryWeights ma = RandomInitModel(a, 2), mb = RandomInitModel(b, 3);
  ThreadPool pool(2);
  SharedTokenRows shared = AssumeSameIds(a.vocab, b.vocab, 2048);
  Result<WeightsResult> r = AnalyzeWeights(ma, mb, shared, pool, WeightsOptions());
  if (r.ok()) {
    EXPECT_NE(r->verdict, "derived");
  } else {
    EXPECT_FALSE(r.status().message().empty());
  }
}

// Null calibration: independent random-init pairs give uniform exact p-values and no positives.
TEST(PairAnalysis, NullCalibrationUniformExactPValues) {
  TinyShape s;
  s.vocab = 256;
  s.d = 32;
  s.h = 128;
  s.layers = 2;
  s.heads = 4;
  s.kv_heads = 2;
  WeightsOptions options;
  options.panel_size = 4;
  options.power_controls = 1;
  options.per_tensor = false;
  std::vector<double> lap_p;
  int derived = 0, independent = 0;
  const int pairs = 60;
  for (int k = 0; k < pairs; ++k) {
    InMemoryWeights a = RandomInitModel(s, 1000 + 2 * k), b = RandomInitModel(s, 1001 + 2 * k);
    options.seed = 77 + k;
    WeightsResult r = Analyze(a, b, options);
    derived += r.verdict == "derived";
    independent += r.verdict == "independent";
    for (const BlockResult& br : r.blocks) {
      if (br.diagonal && br.test.mlp.lap_done) lap_p.push_back(std::pow(10.0, br.test.mlp.spearman_log10_p));
    }
  }
  EXPECT_EQ(derived, 0);
  EXPECT_GE(independent, pairs * 9 / 10);
  ASSERT_EQ(lap_p.size(), static_cast<size_t>(pairs * s.layers));
  Result<KsResult> ks = KsTestUniform(lap_p);
  ASSERT_TRUE(ks.ok());
  EXPECT_GT(ks->log10_p, -3) << "KS D = " << ks->d;
}

}  // namespace
}  // namespace lineage::testing
