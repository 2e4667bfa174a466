// Dequantisers against a deliberately naive reference: for each element index e the value is
// computed straight from FORMATS.md §2.1's formula, with no shared code or block structure.
#include "format/ggml_quants.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "format/gguf_types.h"

namespace lineage {
namespace {

// Naive binary16 decode for the reference (independent of GgmlHalfToFloat).
double Half(const uint8_t* p) {
  int h = p[0] | p[1] << 8;
  int sign = h >> 15, exp = (h >> 10) & 31, mant = h & 1023;
  double v = exp == 0 ? std::ldexp(mant, -24) : std::ldexp(1024 + mant, exp - 25);
  return sign ? -v : v;
}
int Low(uint8_t b) { return b & 0xF; }
int High(uint8_t b) { return b >> 4; }
// Element j of a 32-element "order as Q4_0" block: low nibbles then high nibbles.
int Nibble32(const uint8_t* qs, int e) { return e < 16 ? Low(qs[e]) : High(qs[e - 16]); }
const int kIq4[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
double E2M1(int n) {
  const double mag[8] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
  return (n & 8) ? -mag[n & 7] : mag[n & 7];
}

double Reference(DType t, const uint8_t* b, int e) {
  switch (t) {
    case DType::kQ4_0:
      return (Nibble32(b + 2, e) - 8) * Half(b);
    case DType::kQ4_1:
      return Nibble32(b + 4, e) * Half(b) + Half(b + 2);
    case DType::kQ5_0: {
      uint32_t qh = b[2] | b[3] << 8 | b[4] << 16 | uint32_t(b[5]) << 24;
      int q = Nibble32(b + 6, e) + 16 * ((qh >> e) & 1);
      return (q - 16) * Half(b);
    }
    case DType::kQ5_1: {
      uint32_t qh = b[4] | b[5] << 8 | b[6] << 16 | uint32_t(b[7]) << 24;
      int q = Nibble32(b + 8, e) + 16 * ((qh >> e) & 1);
      return q * Half(b) + Half(b + 2);
    }
    case DType::kQ8_0:
      return static_cast<int8_t>(b[2 + e]) * Half(b);
    case DType::kQ2_K: {
      const uint8_t* scales = b;
      const uint8_t* qs = b + 16;
      int h = e / 128, s = (e % 128) / 32, l = e % 32;
      int q = (qs[32 * h + l] >> (2 * s)) & 3;
      int c = scales[e / 16];
      return Half(b + 80) * Low(c) * q - Half(b + 82) * High(c);
    }
    case DType::kQ3_K: {
      const uint8_t* hmask = b;
      const uint8_t* qs = b + 32;
      const uint8_t* sb = b + 96;
      int h = e / 128, s = (e % 128) / 32, l = e % 32;
      int q = ((qs[32 * h + l] >> (2 * s)) & 3) - (((hmask[l] >> (e / 32)) & 1) ? 0 : 4);
      int j = e / 16;
      int low = j < 8 ? Low(sb[j]) : High(sb[j - 8]);
      int top = (sb[8 + j % 4] >> (2 * (j / 4))) & 3;
      return Half(b + 108) * ((low + 16 * top) - 32) * q;
    }
    case DType::kQ4_K:
    case DType::kQ5_K: {
      const uint8_t* sb = b + 4;
      const uint8_t* qh = b + 16;
      const uint8_t* qs = t == DType::kQ4_K ? b + 16 : b + 48;
      int j = e / 32, sc, mn;
      if (j < 4) {
        sc = sb[j] & 63;
        mn = sb[j + 4] & 63;
      } else {
        sc = (sb[j + 4] & 15) + 16 * (sb[j - 4] >> 6);
        mn = (sb[j + 4] >> 4) + 16 * (sb[j] >> 6);
      }
      int c = e / 64, r = e % 64;
      int q = r < 32 ? Low(qs[32 * c + r]) : High(qs[32 * c + r - 32]);
      if (t == DType::kQ5_K) q += 16 * ((qh[e % 32] >> (e / 32)) & 1);
      return Half(b) * sc * q - Half(b + 2) * mn;
    }
    case DType::kQ6_K: {
      const uint8_t* ql = b;
      const uint8_t* qh = b + 128;
      int h = e / 128, r = e % 128;
      int low4 = (ql[64 * h + r % 64] >> (4 * (r / 64))) & 15;
      int hi2 = (qh[32 * h + r % 32] >> (2 * (r / 32))) & 3;
      return Half(b + 208) * static_cast<int8_t>(b[192 + e / 16]) * ((low4 + 16 * hi2) - 32);
    }
    case DType::kIQ4_NL:
      return Half(b) * kIq4[Nibble32(b + 2, e)];
    case DType::kIQ4_XS: {
      int scales_h = b[2] | b[3] << 8;
      const uint8_t* scales_l = b + 4;
      const uint8_t* qs = b + 8;
      int j = e / 32, r = e % 32;
      int ls = ((scales_l[j / 2] >> (4 * (j % 2))) & 15) + 16 * ((scales_h >> (2 * j)) & 3);
      int nib = r < 16 ? Low(qs[16 * j + r]) : High(qs[16 * j + r - 16]);
      return Half(b) * (ls - 32) * kIq4[nib];
    }
    case DType::kTQ2_0: {
      int h = e / 128, s = (e % 128) / 32, l = e % 32;
      return (((b[32 * h + l] >> (2 * s)) & 3) - 1) * Half(b + 64);
    }
    case DType::kMXFP4: {
      if (b[0] == 0xFF) return NAN;
      return E2M1(Nibble32(b + 1, e)) * std::ldexp(1.0, b[0] - 127);
    }
    default:
      return NAN;
  }
}

// Random block bytes with every f16 field replaced by a finite half (random exponent 5..20),
// and MXFP4's E8M0 scale kept in a range where 2^(e-127) is a normal float.
std::vector<uint8_t> RandomBlocks(DType t, int blocks, std::mt19937* rng) {
  const GgmlTypeInfo* info = GgmlTypeByDType(t);
  std::vector<uint8_t> bytes(static_cast<size_t>(blocks) * info->block_bytes);
  for (uint8_t& x : bytes) x = static_cast<uint8_t>((*rng)());
  std::vector<int> half_fields;
  switch (t) {
    case DType::kQ4_0:
    case DType::kQ5_0:
    case DType::kQ8_0:
    case DType::kIQ4_NL:
    case DType::kIQ4_XS:
      half_fields = {0};
      break;
    case DType::kQ4_1:
    case DType::kQ5_1:
    case DType::kQ4_K:
    case DType::kQ5_K:
      half_fields = {0, 2};
      break;
    case DType::kQ2_K:
      half_fields = {80, 82};
      break;
    case DType::kQ3_K:
      half_fields = {108};
      break;
    case DType::kQ6_K:
      half_fields = {208};
      break;
    case DType::kTQ2_0:
      half_fields = {64};
      break;
    default:
      break;
  }
  for (int k = 0; k < blocks; ++k) {
    uint8_t* b = bytes.data() + static_cast<size_t>(k) * info->block_bytes;
    for (int off : half_fields) {
      int h = ((*rng)() & 0x8000) | ((5 + (*rng)() % 16) << 10) | ((*rng)() & 1023);
      b[off] = static_cast<uint8_t>(h);
      b[off + 1] = static_cast<uint8_t>(h >> 8);
    }
    if (t == DType::kMXFP4) b[0] = static_cast<uint8_t>(100 + (*rng)() % 50);
  }
  return bytes;
}

class DequantizeTest : public ::testing::TestWithParam<DType> {};

TEST_P(DequantizeTest, MatchesElementwiseReference) {
  DType t = GetParam();
  const GgmlTypeInfo* info = GgmlTypeByDType(t);
  ASSERT_NE(info, nullptr);
  std::mt19937 rng(1234 + static_cast<int>(t));
  const int kBlocks = 40;
  std::vector<uint8_t> bytes = RandomBlocks(t, kBlocks, &rng);
  uint64_t n = uint64_t{kBlocks} * info->block_elems;
  std::vector<float> got(n, -12345.0f);
  ASSERT_TRUE(DequantizeGgml(t, bytes.data(), n, got.data()).ok());
  int nonzero = 0;
  for (int k = 0; k < kBlocks; ++k) {
    const uint8_t* b = bytes.data() + static_cast<size_t>(k) * info->block_bytes;
    double scale = 0;  // the block's magnitude, for a relative tolerance of f32 rounding
    for (uint32_t e = 0; e < info->block_elems; ++e)
      scale = std::max(scale, std::fabs(Reference(t, b, e)));
    for (uint32_t e = 0; e < info->block_elems; ++e) {
      double want = Reference(t, b, e);
      float g = got[static_cast<size_t>(k) * info->block_elems + e];
      ASSERT_NEAR(g, want, 4e-7 * scale + 1e-37)
          << info->name << " block " << k << " element " << e;
      nonzero += g != 0.0f;
    }
  }
  EXPECT_GT(nonzero, static_cast<int>(n / 2))
      << "random blocks should mostly decode to non-zero values";
}

INSTANTIATE_TEST_SUITE_P(AllDecodedTypes, DequantizeTest,
                         ::testing::Values(DType::kQ4_0, DType::kQ4_1, DType::kQ5_0, DType::kQ5_1,
                                           DType::kQ8_0, DType::kQ2_K, DType::kQ3_K, DType::kQ4_K,
                                           DType::kQ5_K, DType::kQ6_K, DType::kIQ4_NL,
                                           DType::kIQ4_XS, DType::kTQ2_0, DType::kMXFP4),
                         [](const ::testing::TestParamInfo<DType>& p) {
                           return std::string(GgmlTypeByDType(p.param)->name);
                         });

TEST(DequantizeGgmlTest, Q8_0KnownBlock) {
  // d = 0.5 (f16 0x3800), codes -16..15: values are code / 2.
  std::vector<uint8_t> b = {0x00, 0x38};
  for (int j = 0; j < 32; ++j) b.push_back(static_cast<uint8_t>(static_cast<int8_t>(j - 16)));
  float out[32];
  ASSERT_TRUE(DequantizeGgml(DType::kQ8_0, b.data(), 32, out).ok());
  for (int j = 0; j < 32; ++j) EXPECT_EQ(out[j], (j - 16) * 0.5f);
}

TEST(DequantizeGgmlTest, MxFp4NaNScale) {
  std::vector<uint8_t> b(17, 0x11);
  b[0] = 0xFF;
  float out[32];
  ASSERT_TRUE(DequantizeGgml(DType::kMXFP4, b.data(), 32, out).ok());
  EXPECT_TRUE(std::isnan(out[3]));
}

TEST(DequantizeGgmlTest, ScalarTypes) {
  uint8_t f16[4] = {0x00, 0x3C, 0x00, 0xC0};   // 1.0, -2.0
  uint8_t bf16[4] = {0x80, 0x3F, 0x40, 0xC0};  // 1.0, -3.0
  float out[2];
  ASSERT_TRUE(DequantizeGgml(DType::kF16, f16, 2, out).ok());
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], -2.0f);
  ASSERT_TRUE(DequantizeGgml(DType::kBF16, bf16, 2, out).ok());
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], -3.0f);
}

TEST(DequantizeGgmlTest, HalfDecodeMatchesNaiveForAllFinite) {
  for (int h = 0; h < 65536; ++h) {
    if (((h >> 10) & 31) == 31) continue;
    uint8_t b[2] = {static_cast<uint8_t>(h), static_cast<uint8_t>(h >> 8)};
    ASSERT_EQ(GgmlHalfToFloat(static_cast<uint16_t>(h)), static_cast<float>(Half(b))) << h;
  }
  EXPECT_TRUE(std::isinf(GgmlHalfToFloat(0x7C00)));
  EXPECT_TRUE(std::isnan(GgmlHalfToFloat(0x7E00)));
}

TEST(DequantizeGgmlTest, UnsupportedTypesAreNamed) {
  uint8_t block[66] = {0};
  float out[256];
  Status st = DequantizeGgml(DType::kIQ2_XXS, block, 256, out);
  EXPECT_EQ(st.code(), Status::Code::kUnsupported);
  EXPECT_NE(st.message().find("IQ2_XXS"), std::string::npos) << st.message();
  EXPECT_FALSE(CanDequantizeGgml(DType::kIQ2_XXS));
  EXPECT_TRUE(CanDequantizeGgml(DType::kQ6_K));
}

TEST(DequantizeGgmlTest, EmptyTensorsAreFineEvenWithNullPointers) {
  // Found by fuzzing: a 0-element F32 tensor reached memcpy with a null pointer.
  EXPECT_TRUE(DequantizeGgml(DType::kF32, nullptr, 0, nullptr).ok());
  EXPECT_TRUE(DequantizeGgml(DType::kQ4_K, nullptr, 0, nullptr).ok());
  EXPECT_EQ(DequantizeGgml(DType::kIQ1_S, nullptr, 0, nullptr).code(), Status::Code::kUnsupported);
}

TEST(DequantizeGgmlTest, DecodeToF32DispatchesBlockTypesHere) {
  std::mt19937 rng(99);
  for (DType t : {DType::kQ8_0, DType::kQ4_K, DType::kIQ4_NL}) {
    std::vector<uint8_t> bytes = RandomBlocks(t, 2, &rng);
    uint64_t n = 2 * GgmlTypeByDType(t)->block_elems;
    std::vector<float> a(n), b(n);
    ASSERT_TRUE(DequantizeGgml(t, bytes.data(), n, a.data()).ok());
    ASSERT_TRUE(DecodeToF32(t, bytes.data(), n, b.data()).ok());
    EXPECT_EQ(a, b);
    EXPECT_TRUE(CanDecode(t));
  }
  EXPECT_FALSE(CanDecode(DType::kIQ2_XXS));
}

TEST(DequantizeGgmlTest, PartialBlockIsRejected) {
  uint8_t block[34] = {0};
  float out[32];
  Status st = DequantizeGgml(DType::kQ8_0, block, 31, out);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("Q8_0"), std::string::npos);
}

}  // namespace
}  // namespace lineage
