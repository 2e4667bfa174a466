#include "stats/non_finite.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "stats/rng.h"

namespace lineage {
namespace {

// The reference: the generic template, instantiated for double and narrowed, so the float
// overloads are checked against the one-value-at-a-time rule rather than against themselves.
int64_t ReferenceScrub(std::vector<float>& v) {
  std::vector<double> d(v.begin(), v.end());
  const int64_t n = ScrubNonFinite(std::span<double>(d));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(d[i]);
  return n;
}

// Values of every kind, the odd ones at random places: NaNs with payloads, ±inf, the largest
// finite, subnormals, negative zero.
std::vector<float> Mixed(size_t n, double odd_share, Rng& rng) {
  const float odd[] = {
      std::numeric_limits<float>::quiet_NaN(),  -std::numeric_limits<float>::quiet_NaN(),
      std::bit_cast<float>(0x7f800001u),  // signalling NaN
      std::bit_cast<float>(0xffc12345u),  // negative NaN with a payload
      std::numeric_limits<float>::infinity(),   -std::numeric_limits<float>::infinity(),
      std::numeric_limits<float>::max(),        -std::numeric_limits<float>::max(),
      std::numeric_limits<float>::denorm_min(), -0.0f};
  std::vector<float> v(n);
  for (float& x : v) {
    x = rng.Uniform() < odd_share ? odd[rng.Below(std::size(odd))]
                                  : static_cast<float>(rng.Normal());
  }
  return v;
}

TEST(NonFinite, TheFloatScrubReplacesAndCountsExactlyAsTheGenericRule) {
  Rng rng(7);
  for (size_t n : {0, 1, 3, 4, 5, 63, 64, 65, 130, 1000}) {
    for (double share : {0.0, 0.01, 0.5, 1.0}) {
      std::vector<float> v = Mixed(n, share, rng), ref = v;
      const int64_t expected = ReferenceScrub(ref);
      // An unaligned start too: the vector loop must not assume alignment.
      for (size_t offset : {0, 1}) {
        if (offset > n) continue;
        std::vector<float> got = v, want = v;
        std::vector<double> d(want.begin() + offset, want.end());
        const int64_t want_n = ScrubNonFinite(std::span<double>(d));
        for (size_t i = 0; i < d.size(); ++i) want[offset + i] = static_cast<float>(d[i]);
        EXPECT_EQ(ScrubNonFinite(std::span<float>(got).subspan(offset)), want_n)
            << n << " " << share;
        ASSERT_EQ(std::memcmp(got.data(), want.data(), n * sizeof(float)), 0) << n << " " << share;
      }
      EXPECT_EQ(ScrubNonFinite(std::span<float>(v)), expected);
    }
  }
}

TEST(NonFinite, AllFiniteFindsOneBadValueAnywhere) {
  Rng rng(8);
  for (size_t n : {0, 1, 4, 63, 64, 65, 200, 4097}) {
    std::vector<float> v = Mixed(n, 0.0, rng);
    EXPECT_TRUE(AllFinite(v));
    for (size_t at = 0; at < n; at += (n < 70 ? 1 : 37)) {
      for (float bad :
           {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::infinity()}) {
        std::vector<float> w = v;
        w[at] = bad;
        EXPECT_FALSE(AllFinite(w)) << n << " at " << at;
        EXPECT_FALSE(AllFinite(std::span<const float>(w).subspan(at)));
        if (at > 0) {
          EXPECT_TRUE(AllFinite(std::span<const float>(w).first(at)));
        }
      }
    }
  }
}

}  // namespace
}  // namespace lineage
