#include "weights/statistics/per_tensor.h"

#include <cmath>

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

TEST(PerTensor, IdenticalCopyIsValueIdentical) {
  InMemoryWeights base = LoadExampleWeights("base");
  ThreadPool pool(2);
  Result<std::vector<TensorComparison>> r = ComparePerTensor(base, base, pool, PerTensorOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->empty());
  for (const TensorComparison& t : *r) {
    EXPECT_TRUE(t.value_identical) << t.name;
    EXPECT_NEAR(t.cosine, 1.0, 1e-9) << t.name;
  }
}

TEST(PerTensor, IndependentNormVectorsNearOneAreMeanDominated) {
  // METHODS §5: two independent N(1, 0.05²) vectors have raw cosine ≈ 0.9975, Pearson ≈ 0.
  WeightLayout layout;
  layout.num_layers = 1;
  InMemoryWeights a(layout), b(layout);
  Rng rng(9);
  Mat na(1, 4096), nb(1, 4096);
  for (int i = 0; i < 4096; ++i) {
    na(0, i) = static_cast<float>(1 + 0.05 * rng.Normal());
    nb(0, i) = static_cast<float>(1 + 0.05 * rng.Normal());
  }
  a.Set(Key(Role::kAttnNorm, 0), na);
  b.Set(Key(Role::kAttnNorm, 0), nb);
  ThreadPool pool(1);
  Result<std::vector<TensorComparison>> r = ComparePerTensor(a, b, pool, PerTensorOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const TensorComparison& t = (*r)[0];
  EXPECT_NEAR(t.cosine, 0.9975, 0.001);
  ASSERT_TRUE(t.norm.has_value());
  EXPECT_TRUE(t.norm->mean_dominated);
  EXPECT_LT(std::abs(t.pearson), 3 / 64.0);
  std::vector<Finding> f = PerTensorFindings(*r);
  bool flagged = false;
  for (const Finding& x : f)
    flagged = flagged || x.note.find("mean-dominated") != std::string::npos;
  EXPECT_TRUE(flagged);
}

TEST(PerTensor, CastEquivalenceOfABf16Copy) {
  InMemoryWeights base = LoadExampleWeights("base");
  InMemoryWeights cast = CastTo(base, DType::kBF16);
  ThreadPool pool(2);
  Result<std::vector<TensorComparison>> r = ComparePerTensor(base, cast, pool, PerTensorOptions());
  ASSERT_TRUE(r.ok());
  for (const TensorComparison& t : *r) {
    ASSERT_TRUE(t.cast_equal_fraction.has_value()) << t.name;
    EXPECT_EQ(*t.cast_equal_fraction, 1.0) << t.name;
    if (t.rows > 1) {
      EXPECT_FALSE(t.value_identical) << t.name;
    }
  }
  // An independent model rounded the same way does not look like a cast.
  InMemoryWeights indep = CastTo(LoadExampleWeights("indep-s1"), DType::kBF16);
  Result<std::vector<TensorComparison>> s = ComparePerTensor(base, indep, pool, PerTensorOptions());
  ASSERT_TRUE(s.ok());
  for (const TensorComparison& t : *s) {
    if (t.rows > 1) {
      EXPECT_LT(*t.cast_equal_fraction, 0.5) << t.name;
    }
  }
}

TEST(PerTensor, NonFiniteValuesAreCountedNotPropagated) {
  InMemoryWeights base = LoadExampleWeights("base");
  InMemoryWeights bad = WithNonFinite(base);
  ThreadPool pool(2);
  Result<std::vector<TensorComparison>> r = ComparePerTensor(bad, base, pool, PerTensorOptions());
  ASSERT_TRUE(r.ok());
  uint64_t nf = 0;
  for (const TensorComparison& t : *r) {
    nf += t.non_finite;
    EXPECT_TRUE(std::isfinite(t.cosine)) << t.name;
  }
  EXPECT_EQ(nf, 2u);
}

}  // namespace
}  // namespace lineage::testing
