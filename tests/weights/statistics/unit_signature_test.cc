#include "weights/statistics/unit_signature.h"

#include <gtest/gtest.h>
#include <Eigen/QR>

#include "model/model.h"
#include "test_util.h"
#include "weights/fixtures.h"
#include "weights/source/model_weight_source.h"
#include "weights/statistics/block_map.h"

namespace lineage::testing {
namespace {

// The reference: the whole block in the common basis (LoadBlockUnits), then projected.
Mat Reference(const WeightSource& src, int layer, const ResidualAlignment& align, const Mat& p,
              int64_t* non_finite) {
  Result<BlockUnits> u =
      LoadBlockUnits(src, layer, -1, align, Side::kBase, Mat(), nullptr, Attention::kSkip);
  EXPECT_TRUE(u.ok()) << u.status().ToString();
  if (!u.ok()) return Mat();
  *non_finite += u->non_finite;
  return u->mlp * p;
}

// A residual rotation, so that T is a dense matrix and not a selection.
ResidualAlignment Rotated(int64_t d, uint64_t seed) {
  ResidualAlignment a = IdentityAlignment(d, "test");
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(Eigen::MatrixXf::Random(d, d) +
                                           Eigen::MatrixXf::Identity(d, d) * (seed % 7));
  a.t_b = qr.householderQ();
  return a;
}

void ExpectClose(const Mat& got, const Mat& want) {
  ASSERT_EQ(got.rows(), want.rows());
  ASSERT_EQ(got.cols(), want.cols());
  EXPECT_LE((got - want).cwiseAbs().maxCoeff(), 1e-4 * std::max(1.0f, want.cwiseAbs().maxCoeff()));
}

TEST(UnitSignatureTest, StreamedSignatureEqualsTheWholeBlockProjected) {
  Result<Model> m = LoadModel(Example("models/base"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const ModelWeightSource src(*m);
  const int64_t d = static_cast<int64_t>(src.Shape(Key(Role::kGate, 0)).second);
  SignatureOptions so;
  const Mat p = SignatureProjection(2 * d, so);
  for (const ResidualAlignment& align : {IdentityAlignment(d, "test"), Rotated(d, 3)}) {
    Result<SignatureReading> reading = MakeSignatureReading(align.t_b, p);
    ASSERT_TRUE(reading.ok()) << reading.status().ToString();
    for (int layer = 0; layer < src.layout().num_layers; ++layer) {
      int64_t bad_ref = 0, bad = 0;
      const Mat want = Reference(src, layer, align, p, &bad_ref);
      // Chunks of 7 rows: the block's 172 units span many chunks and end in a partial one.
      Result<Mat> all =
          UnitSignatureRows(src, layer, -1, align, Side::kBase, *reading, {}, &bad, 7);
      ASSERT_TRUE(all.ok()) << all.status().ToString();
      ExpectClose(*all, want);
      const std::vector<int32_t> rows = {5, 0, 171, 17};
      Result<Mat> some =
          UnitSignatureRows(src, layer, -1, align, Side::kBase, *reading, rows, &bad);
      ASSERT_TRUE(some.ok()) << some.status().ToString();
      ExpectClose(*some, SelectRows(want, rows));
      EXPECT_EQ(bad, 0);
    }
  }
}

TEST(UnitSignatureTest, NonFiniteWeightsAreZeroedAndCountedLikeTheWholeBlock) {
  const InMemoryWeights w = WithNonFinite(LoadExampleWeights("base"));
  const int64_t d = static_cast<int64_t>(w.Shape(Key(Role::kGate, 0)).second);
  const ResidualAlignment align = IdentityAlignment(d, "test");
  const Mat p = SignatureProjection(2 * d, SignatureOptions());
  Result<SignatureReading> reading = MakeSignatureReading(align.t_b, p);
  ASSERT_TRUE(reading.ok());
  int64_t bad_ref = 0, bad = 0;
  const Mat want = Reference(w, 0, align, p, &bad_ref);
  Result<Mat> got = UnitSignatureRows(w, 0, -1, align, Side::kBase, *reading, {}, &bad, 16);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(bad, 2);
  EXPECT_EQ(bad, bad_ref);
  EXPECT_TRUE(got->allFinite());
  ExpectClose(*got, want);
}

TEST(UnitSignatureTest, ShapesThatDoNotFitAreErrorsNamingTheBlock) {
  const InMemoryWeights w = LoadExampleWeights("base");
  const int64_t d = static_cast<int64_t>(w.Shape(Key(Role::kGate, 0)).second);
  const Mat p = SignatureProjection(2 * d, SignatureOptions());
  EXPECT_FALSE(MakeSignatureReading(Mat::Identity(d, d), p.topRows(d)).ok());
  // A reading for a narrower basis than the model's residual stream.
  const ResidualAlignment narrow = IdentityAlignment(d / 2, "test");
  Result<SignatureReading> reading =
      MakeSignatureReading(narrow.t_b, SignatureProjection(d, SignatureOptions()));
  ASSERT_TRUE(reading.ok());
  int64_t bad = 0;
  Result<Mat> got = UnitSignatureRows(w, 2, -1, narrow, Side::kBase, *reading, {}, &bad);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().ToString().find("block 2"), std::string::npos) << got.status().ToString();
  Result<Mat> missing = UnitSignatureRows(w, 99, -1, narrow, Side::kBase, *reading, {}, &bad);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace lineage::testing
