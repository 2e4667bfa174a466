#include "weights/statistics/streamed_hits.h"

#include <gtest/gtest.h>

#include "stats/rng.h"
#include "weights/kernels/kernels.h"
#include "weights/source/weight_source.h"

namespace lineage {
namespace {

// Units of B: half of them copies of A's units (with noise), the rest unrelated.
struct Pair {
  Mat a, b;
};

Pair HalfCopied(int64_t h, int64_t k, uint64_t seed) {
  Rng rng(seed);
  Pair p{Gaussian(h, k, 1.0, rng), Gaussian(h, k, 1.0, rng)};
  for (int64_t i = 0; i < h; i += 2) p.b.row(i) = p.a.row(i) + Gaussian(1, k, 0.3, rng);
  return p;
}

// b streamed as the loader does: the left columns for all units a chunk at a time, then the
// right columns.
Result<UnitIdentityResult> Streamed(const Mat& a, const Mat& b, const std::vector<int32_t>& rows,
                                    int64_t chunk, int64_t split) {
  LINEAGE_ASSIGN_OR_RETURN(StreamedHits hits,
                           StreamedHits::Start(SelectRows(a, rows), rows, a.rows(), b.rows()));
  for (int64_t col : {int64_t{0}, split}) {
    const int64_t width = col == 0 ? split : b.cols() - split;
    for (int64_t r0 = 0; r0 < b.rows(); r0 += chunk) {
      const int64_t n = std::min(chunk, b.rows() - r0);
      LINEAGE_RETURN_IF_ERROR(hits.Add(col, r0, Mat(b.block(r0, col, n, width))));
    }
  }
  return hits.Finish();
}

TEST(StreamedHitsTest, EqualsTheWholeMatrixHitCount) {
  for (uint64_t seed : {1, 2, 3}) {
    const Pair p = HalfCopied(300, 40, seed);
    UnitIdentityOptions uo;
    uo.sample_m = 64;
    uo.run_lap = false;
    uo.seed = seed;
    Result<UnitIdentityResult> want = CompareUnits(View(p.a), View(p.b), uo);
    ASSERT_TRUE(want.ok()) << want.status().ToString();
    Result<UnitIdentityResult> got = Streamed(p.a, p.b, HitSampleRows(300, uo), 7, 25);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_TRUE(got->hit_test_valid);
    EXPECT_EQ(got->hits, want->hits);
    EXPECT_GT(got->hits, 20);  // about half the sample is copied: the test sees them
    EXPECT_EQ(got->sampled_m, want->sampled_m);
    EXPECT_DOUBLE_EQ(got->hit_log10_p, want->hit_log10_p);
    EXPECT_EQ(got->h_a, want->h_a);
    EXPECT_EQ(got->k, want->k);
  }
}

TEST(StreamedHitsTest, UnequalWidthsGiveNoHitTest) {
  const Pair p = HalfCopied(120, 16, 4);
  const Mat b = p.b.topRows(100);
  const std::vector<int32_t> rows = {0, 2, 50};
  Result<UnitIdentityResult> got = Streamed(p.a, b, rows, 9, 8);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(got->hit_test_valid);
  EXPECT_EQ(got->h_a, 120);
  EXPECT_EQ(got->h_b, 100);
}

TEST(StreamedHitsTest, IncompleteOrMisplacedPartsAreErrors) {
  const Pair p = HalfCopied(50, 10, 5);
  const std::vector<int32_t> rows = {1, 3};
  Result<StreamedHits> hits = StreamedHits::Start(SelectRows(p.a, rows), rows, 50, 50);
  ASSERT_TRUE(hits.ok());
  EXPECT_FALSE(hits->Add(6, 0, Mat(p.b.block(0, 0, 10, 5))).ok());   // columns past k
  EXPECT_FALSE(hits->Add(0, 45, Mat(p.b.block(0, 0, 10, 5))).ok());  // units past h_b
  Mat bad = p.b.block(0, 0, 2, 10);
  bad(1, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(hits->Add(0, 0, bad).ok());
  ASSERT_TRUE(hits->Add(0, 0, Mat(p.b.leftCols(5))).ok());
  EXPECT_FALSE(hits->Finish().ok());  // the right half never arrived
  EXPECT_FALSE(StreamedHits::Start(SelectRows(p.a, rows), {1, 60}, 50, 50).ok());
  EXPECT_FALSE(StreamedHits::Start(SelectRows(p.a, rows), {1}, 50, 50).ok());
}

}  // namespace
}  // namespace lineage
