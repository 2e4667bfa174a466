#include "weights/align/alignment.h"

#include <gtest/gtest.h>
#include <Eigen/Dense>

#include "stats/rng.h"

namespace lineage {
namespace {

// Embeddings with a few dominant directions, like trained ones (so correlations are informative).
Mat Embedding(Eigen::Index v, Eigen::Index d, Rng& rng) {
  Mat e = Gaussian(v, d, 1.0, rng);
  for (Eigen::Index j = 0; j < d; ++j) e.col(j) *= static_cast<float>(0.5 + (j % 7));
  return e;
}

struct Case {
  Mat a, b;
  SharedTokenRows shared;
};

Case MakeCase(const Mat& a, const Mat& b) {
  Case c;
  c.shared = AssumeSameIds(a.rows(), b.rows(), 256);
  c.a = SelectRows(a, c.shared.rows_a);
  c.b = SelectRows(b, c.shared.rows_b);
  return c;
}

TEST(Alignment, IdentityForAFineTune) {
  Rng rng(1);
  Mat b = Embedding(600, 48, rng);
  Mat a = b + 0.05f * Gaussian(600, 48, 1.0, rng);
  Case c = MakeCase(a, b);
  Result<ResidualAlignment> r = AlignResidual(c.a, c.b, c.shared, AlignmentOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->kind, AlignmentKind::kIdentity);
  EXPECT_EQ(r->residual_hits, 48);
  EXPECT_LT(r->residual_hits_log10_p, -50);
}

TEST(Alignment, RecoversASignedPermutation) {
  Rng rng(2);
  Mat b = Embedding(600, 48, rng);
  std::vector<int32_t> p = rng.Permutation(48);
  Mat a(600, 48);
  for (int k = 0; k < 48; ++k) a.col(k) = (k % 3 == 0 ? -1.0f : 1.0f) * b.col(p[k]);
  a += 0.05f * Gaussian(600, 48, 1.0, rng);
  Case c = MakeCase(a, b);
  Result<ResidualAlignment> r = AlignResidual(c.a, c.b, c.shared, AlignmentOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, AlignmentKind::kSignedPermutation);
  // A's reading of the aligned basis reproduces B.
  Mat diff = r->ReadCandidate(a) - r->ReadBase(b);
  EXPECT_LT(diff.norm() / b.norm(), 0.1);
}

TEST(Alignment, RecoversARotation) {
  Rng rng(3);
  Mat b = Embedding(600, 48, rng);
  Eigen::MatrixXf g = Gaussian(48, 48, 1.0, rng);
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(g);
  Mat q = Eigen::MatrixXf(qr.householderQ());
  Mat a = b * q + 0.05f * Gaussian(600, 48, 1.0, rng);
  Case c = MakeCase(a, b);
  Result<ResidualAlignment> r = AlignResidual(c.a, c.b, c.shared, AlignmentOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, AlignmentKind::kRotation);
  EXPECT_GT(r->score_rotation, 0.9);
  EXPECT_LT(r->score_identity, 0.5);
  EXPECT_GT(r->rotation_z, 10);
}

TEST(Alignment, IndependentEmbeddingsDoNotHitTheIdentity) {
  Rng rng(4);
  Mat a = Embedding(600, 48, rng), b = Embedding(600, 48, rng);
  Case c = MakeCase(a, b);
  Result<ResidualAlignment> r = AlignResidual(c.a, c.b, c.shared, AlignmentOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->residual_hits_log10_p, -3);
}

TEST(Alignment, TooFewSharedTokensFallsBackToIdentityWithANote) {
  Rng rng(5);
  Mat a = Embedding(4, 16, rng), b = Embedding(4, 16, rng);
  Case c = MakeCase(a, b);
  Result<ResidualAlignment> r = AlignResidual(c.a, c.b, c.shared, AlignmentOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, AlignmentKind::kNone);
  EXPECT_FALSE(r->note.empty());
  Result<ResidualAlignment> bad = AlignResidual(Embedding(4, 16, rng), Embedding(4, 12, rng),
                                                AssumeSameIds(4, 4, 4), AlignmentOptions());
  EXPECT_FALSE(bad.ok());
}

// ReadThrough gathers columns for the identity and signed permutations, and equals the GEMM.
TEST(Alignment, ReadThroughEqualsTheProduct) {
  Rng rng(31);
  Mat w = Gaussian(40, 24, 1.0, rng);
  Mat ident = Mat::Identity(24, 24);
  Mat perm = Mat::Zero(24, 20);  // rectangular: 20 of 24 dims, signed
  const std::vector<int32_t> p = rng.Permutation(24);
  for (int c = 0; c < 20; ++c) perm(p[c], c) = c % 3 == 0 ? -1.0f : 1.0f;
  Mat rot = Gaussian(24, 24, 1.0, rng);
  for (const Mat* t : {&ident, &perm, &rot}) {
    const Mat expect = w * *t;
    const Mat got = ReadThrough(w, *t);
    ASSERT_EQ(got.rows(), expect.rows());
    ASSERT_EQ(got.cols(), expect.cols());
    EXPECT_LT((got - expect).cwiseAbs().maxCoeff(), 1e-4f);
  }
  const Mat product = w * perm;
  EXPECT_TRUE(ReadThrough(w, perm) == product);  // a gather is exact
}

}  // namespace
}  // namespace lineage
