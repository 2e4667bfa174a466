// Reference quantisers: dequantise(quantise(x)) stays within each type's error bound, derived from
// the scale the block stores (not tuned to the data).
#include "format/ggml_quantize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "format/ggml_quants.h"
#include "format/gguf_types.h"

namespace lineage {
namespace {

std::vector<float> Gaussian(size_t n, uint32_t seed, float sigma) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, sigma);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  // A few outliers, as real weight matrices have.
  for (size_t i = 0; i < n; i += 97) v[i] *= 8.0f;
  return v;
}

struct RoundTrip {
  std::vector<uint8_t> bytes;
  std::vector<float> back;
};

RoundTrip QuantizeRoundTrip(DType t, const std::vector<float>& x) {
  const GgmlTypeInfo* info = GgmlTypeByDType(t);
  RoundTrip r;
  r.bytes.resize(x.size() / info->block_elems * info->block_bytes);
  EXPECT_TRUE(QuantizeGgml(t, x.data(), x.size(), r.bytes.data()).ok());
  r.back.resize(x.size());
  EXPECT_TRUE(DequantizeGgml(t, r.bytes.data(), x.size(), r.back.data()).ok());
  return r;
}

float MaxAbs(const float* x, int n) {
  float m = 0;
  for (int i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  return m;
}

TEST(QuantizeGgmlTest, Q8_0WithinHalfStep) {
  auto x = Gaussian(32 * 64, 1, 0.02f);
  RoundTrip r = QuantizeRoundTrip(DType::kQ8_0, x);
  for (size_t k = 0; k < x.size() / 32; ++k) {
    float d = GgmlHalfToFloat(static_cast<uint16_t>(r.bytes[34 * k] | r.bytes[34 * k + 1] << 8));
    float amax = MaxAbs(&x[32 * k], 32);
    float bound = 0.5f * d + amax * std::ldexp(1.0f, -11) + 1e-6f * amax;
    for (int j = 0; j < 32; ++j) ASSERT_LE(std::fabs(r.back[32 * k + j] - x[32 * k + j]), bound);
  }
}

TEST(QuantizeGgmlTest, Q4_0WithinOneStep) {
  // Q4_0 maps the largest magnitude to −8·d, so the opposite extreme may clamp at +7·d: one step.
  auto x = Gaussian(32 * 64, 2, 1.0f);
  RoundTrip r = QuantizeRoundTrip(DType::kQ4_0, x);
  for (size_t k = 0; k < x.size() / 32; ++k) {
    float d = std::fabs(
        GgmlHalfToFloat(static_cast<uint16_t>(r.bytes[18 * k] | r.bytes[18 * k + 1] << 8)));
    float amax = MaxAbs(&x[32 * k], 32);
    for (int j = 0; j < 32; ++j) {
      ASSERT_LE(std::fabs(r.back[32 * k + j] - x[32 * k + j]), d + amax * 1e-3f) << k << " " << j;
    }
  }
}

TEST(QuantizeGgmlTest, Q4_KWithinHalfOfWorstSubBlockStep) {
  auto x = Gaussian(256 * 32, 3, 0.05f);
  RoundTrip r = QuantizeRoundTrip(DType::kQ4_K, x);
  double sq = 0, sq_x = 0;
  for (size_t k = 0; k < x.size() / 256; ++k) {
    const float* b = &x[256 * k];
    float lo = 0, hi = 0;
    for (int e = 0; e < 256; ++e) {
      lo = std::min(lo, b[e]);
      hi = std::max(hi, b[e]);
    }
    // Each sub-block step is at most (its range + one 6-bit scale unit) / 15 ≤ 1.02 × range / 15.
    float bound = 0.51f * (hi - lo) / 15.0f + 1e-3f * (hi - lo);
    for (int e = 0; e < 256; ++e) {
      float err = r.back[256 * k + e] - b[e];
      ASSERT_LE(std::fabs(err), bound) << "block " << k << " element " << e;
      sq += err * err;
      sq_x += b[e] * b[e];
    }
  }
  EXPECT_LT(std::sqrt(sq / sq_x), 0.15) << "relative RMS error of 4-bit quantisation";
}

TEST(QuantizeGgmlTest, Q6_KWithinHalfStep) {
  auto x = Gaussian(256 * 32, 4, 0.05f);
  RoundTrip r = QuantizeRoundTrip(DType::kQ6_K, x);
  for (size_t k = 0; k < x.size() / 256; ++k) {
    const float* b = &x[256 * k];
    float block_max = MaxAbs(b, 256);
    for (int s = 0; s < 16; ++s) {
      float amax = MaxAbs(b + 16 * s, 16);
      float bound = 0.5f * amax / 31.0f + 0.51f * block_max / (31.0f * 127.0f) + block_max * 1e-3f;
      for (int l = 0; l < 16; ++l) {
        ASSERT_LE(std::fabs(r.back[256 * k + 16 * s + l] - b[16 * s + l]), bound)
            << k << " " << s << " " << l;
      }
    }
  }
}

TEST(QuantizeGgmlTest, ZeroBlocksStayZero) {
  std::vector<float> x(256, 0.0f);
  for (DType t : {DType::kQ8_0, DType::kQ4_0, DType::kQ4_K, DType::kQ6_K}) {
    RoundTrip r = QuantizeRoundTrip(t, x);
    for (float v : r.back) ASSERT_EQ(v, 0.0f) << GgmlTypeByDType(t)->name;
  }
}

TEST(QuantizeGgmlTest, UnsupportedTargetIsNamed) {
  std::vector<float> x(256, 1.0f);
  std::vector<uint8_t> out(1024);
  Status st = QuantizeGgml(DType::kQ3_K, x.data(), 256, out.data());
  EXPECT_EQ(st.code(), Status::Code::kUnsupported);
  EXPECT_NE(st.message().find("Q3_K"), std::string::npos);
}

TEST(GgmlFloatToHalfTest, RoundTripsEveryHalfAndRoundsToNearestEven) {
  for (int h = 0; h < 65536; ++h) {
    if (((h >> 10) & 31) == 31 && (h & 1023) != 0) continue;  // NaNs need not keep their payload
    ASSERT_EQ(GgmlFloatToHalf(GgmlHalfToFloat(static_cast<uint16_t>(h))), h) << h;
  }
  // 1 + 2^-11 is a tie between 1 and 1 + 2^-10: even mantissa (1.0) wins.
  EXPECT_EQ(GgmlFloatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
  // 1 + 3·2^-11 ties between mantissas 1 and 2: rounds to 2.
  EXPECT_EQ(GgmlFloatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
  EXPECT_EQ(GgmlFloatToHalf(65520.0f), 0x7C00);
  EXPECT_EQ(GgmlFloatToHalf(65519.0f), 0x7BFF);
  EXPECT_EQ(GgmlFloatToHalf(std::ldexp(1.0f, -25)), 0x0000);  // tie to even (zero)
  EXPECT_EQ(GgmlFloatToHalf(std::ldexp(1.5f, -25)), 0x0001);  // above the tie
  EXPECT_EQ(GgmlFloatToHalf(-std::ldexp(1.0f, -24)), 0x8001);
  EXPECT_EQ(GgmlFloatToHalf(NAN) & 0x7C00, 0x7C00);
}

}  // namespace
}  // namespace lineage
