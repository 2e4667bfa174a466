// Deterministic tensors (METHODS §3): recognised, and no identity evidence between independent
// models that share them by construction.
#include "weights/statistics/deterministic_tensor.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "verdict/decide.h"
#include "weights/fixtures.h"
#include "weights/pair/exact_identity.h"
#include "weights/pair/pair_evidence.h"
#include "weights/pair/prepare_pair.h"
#include "weights/pair/stage_fixture.h"
#include "weights/statistics/findings.h"

namespace lineage::testing {
namespace {

// The Transformer table built here, independently of the detector's own formula.
Mat Sinusoid(int positions, int dims, bool halves, int offset = 0) {
  Mat m = Mat::Zero(positions, dims);
  const int half = dims / 2;
  for (int p = offset; p < positions; ++p) {
    for (int i = 0; i < half; ++i) {
      const double inv = halves ? std::exp(-std::log(10000.0) * i / (half - 1))
                                : std::pow(10000.0, -2.0 * i / dims);
      const double angle = (p - offset) * inv;
      m(p, halves ? i : 2 * i) = static_cast<float>(std::sin(angle));
      m(p, halves ? half + i : 2 * i + 1) = static_cast<float>(std::cos(angle));
    }
  }
  return m;
}

Mat Gaussian(int rows, int cols, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0, 0.02f);
  Mat m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = n(rng);
  return m;
}

TEST(DeterministicTensor, RecognisesAnalyticAndConstantTables) {
  EXPECT_EQ(ClassifyDeterministic(Sinusoid(64, 16, false)), DeterministicKind::kSinusoidal);
  EXPECT_EQ(ClassifyDeterministic(Sinusoid(64, 16, true)), DeterministicKind::kSinusoidal);
  EXPECT_EQ(ClassifyDeterministic(Sinusoid(66, 16, true, 2)), DeterministicKind::kSinusoidal);
  Mat inv_freq(1, 8);
  for (int i = 0; i < 8; ++i) inv_freq(0, i) = static_cast<float>(std::pow(500000.0, -i / 8.0));
  EXPECT_EQ(ClassifyDeterministic(inv_freq), DeterministicKind::kRotaryInvFreq);
  EXPECT_EQ(ClassifyDeterministic(Mat::Constant(4, 8, 1.0f)), DeterministicKind::kConstant);
  EXPECT_EQ(ClassifyDeterministic(Mat::Zero(8, 1)), DeterministicKind::kConstant);
}

TEST(DeterministicTensor, TrainedValuesAreNotAnalytic) {
  EXPECT_EQ(ClassifyDeterministic(Gaussian(64, 16, 7)), DeterministicKind::kNone);
  // A learned table initialised as a sinusoid and then trained is no longer the table.
  Mat trained = Sinusoid(64, 16, false) + Gaussian(64, 16, 8);
  EXPECT_EQ(ClassifyDeterministic(trained), DeterministicKind::kNone);
}

// Two independent models that carry the same table in a non-trunk component ("audio", as in
// Whisper-style encoders with sinusoidal positions), and the pair's findings, decided.
PairResult DecideWithSharedTable(const Mat& table, std::string* notes) {
  InMemoryWeights a = LoadExampleWeights("indep-s1");
  InMemoryWeights b = LoadExampleWeights("base");
  TensorKey key = Key(Role::kPosEmbed);
  key.component = "audio";
  a.Set(key, table);
  b.Set(key, table);
  StageFixture f(std::move(a), std::move(b));
  EXPECT_TRUE(f.Run({PreparePair, CompareSameRoleTensors}).ok());
  for (const std::string& n : f.state.result.notes) *notes += n + "\n";
  PairResult pair;
  pair.base = "base";
  pair.findings = WeightsFindings(f.state.result);
  // The trunk of two independent models, as its exact test would report it.
  Finding trunk = WeightsFinding("unit_identity_fisher", "trunk", "blocks", 5);
  trunk.log10_p = -0.3;
  trunk.null = NullModel{"exact", "Fisher", {}, {}, {}, 0, {}, {}, {}};
  trunk.decisive = true;
  pair.findings.push_back(trunk);
  pair.power.measured = true;
  pair.power.power = 1.0;
  pair.power.controls = 29;
  DecidePair(DecideOptions(), &pair);
  return pair;
}

const ComponentVerdict* Audio(const PairResult& p) {
  for (const ComponentVerdict& c : p.components) {
    if (c.name == "audio") return &c;
  }
  return nullptr;
}

TEST(DeterministicTensor, SharedSinusoidalTableIsNoComponentReuse) {
  std::string notes;
  PairResult p = DecideWithSharedTable(Sinusoid(128, 64, false), &notes);
  const ComponentVerdict* audio = Audio(p);
  EXPECT_TRUE(audio == nullptr || audio->verdict != "derived");
  EXPECT_EQ(std::count(p.derivation.begin(), p.derivation.end(), "component-reuse"), 0);
  EXPECT_NE(notes.find("audio pos_embed (sinusoidal)"), std::string::npos) << notes;

  // The same place holding a shared trained (random) table is identity evidence: the test above
  // can fail.
  std::string control_notes;
  PairResult copied = DecideWithSharedTable(Gaussian(128, 64, 9), &control_notes);
  ASSERT_NE(Audio(copied), nullptr);
  EXPECT_EQ(Audio(copied)->verdict, "derived");
  EXPECT_EQ(std::count(copied.derivation.begin(), copied.derivation.end(), "component-reuse"), 1);
}

}  // namespace
}  // namespace lineage::testing
