// DType tables and decoders against hand-computed bit patterns (FORMATS.md §1 table).
#include "format/dtype.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace lineage {
namespace {

float Decode1(DType t, std::vector<uint8_t> bytes) {
  float out = -12345.0f;
  Status st = DecodeToF32(t, bytes.data(), 1, &out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

float F8(DType t, uint8_t b) { return Decode1(t, {b}); }

TEST(DTypeTest, F8E4M3OcpFn) {
  const DType t = DType::kF8_E4M3;
  EXPECT_EQ(F8(t, 0x7E), 448.0f);        // S.1111.110: the maximum
  EXPECT_TRUE(std::isnan(F8(t, 0x7F)));  // S.1111.111: the only NaN
  EXPECT_TRUE(std::isnan(F8(t, 0xFF)));
  EXPECT_EQ(F8(t, 0xFE), -448.0f);
  EXPECT_EQ(F8(t, 0x38), 1.0f);  // exponent 7 = bias
  EXPECT_EQ(F8(t, 0xB8), -1.0f);
  EXPECT_EQ(F8(t, 0x08), std::ldexp(1.0f, -6));      // smallest normal
  EXPECT_EQ(F8(t, 0x01), std::ldexp(1.0f, -9));      // smallest subnormal: 1/8 · 2^-6
  EXPECT_EQ(F8(t, 0x07), 7 * std::ldexp(1.0f, -9));  // largest subnormal
  EXPECT_EQ(F8(t, 0x78), 256.0f);                    // no Inf: exponent 15 is a normal binade
  float nz = F8(t, 0x80);
  EXPECT_EQ(nz, 0.0f);
  EXPECT_TRUE(std::signbit(nz));
}

TEST(DTypeTest, F8E5M2IeeeLike) {
  const DType t = DType::kF8_E5M2;
  EXPECT_EQ(F8(t, 0x7C), std::numeric_limits<float>::infinity());
  EXPECT_EQ(F8(t, 0xFC), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(F8(t, 0x7D)));
  EXPECT_TRUE(std::isnan(F8(t, 0x7F)));
  EXPECT_EQ(F8(t, 0x7B), 57344.0f);  // 1.75 · 2^15
  EXPECT_EQ(F8(t, 0x3C), 1.0f);
  EXPECT_EQ(F8(t, 0x01), std::ldexp(1.0f, -16));  // 1/4 · 2^-14
  EXPECT_EQ(F8(t, 0x04), std::ldexp(1.0f, -14));
}

TEST(DTypeTest, F8Fnuz) {
  EXPECT_TRUE(std::isnan(F8(DType::kF8_E4M3FNUZ, 0x80)));
  EXPECT_EQ(F8(DType::kF8_E4M3FNUZ, 0x40), 1.0f);    // bias 8
  EXPECT_EQ(F8(DType::kF8_E4M3FNUZ, 0x7F), 240.0f);  // 1.875 · 2^7, a number, not NaN
  EXPECT_EQ(F8(DType::kF8_E4M3FNUZ, 0xFF), -240.0f);
  EXPECT_EQ(F8(DType::kF8_E4M3FNUZ, 0x01), std::ldexp(1.0f, -10));
  EXPECT_TRUE(std::isnan(F8(DType::kF8_E5M2FNUZ, 0x80)));
  EXPECT_EQ(F8(DType::kF8_E5M2FNUZ, 0x40), 1.0f);      // bias 16
  EXPECT_EQ(F8(DType::kF8_E5M2FNUZ, 0x7F), 57344.0f);  // no Inf: 1.75 · 2^15
  EXPECT_EQ(F8(DType::kF8_E5M2FNUZ, 0x7C), 32768.0f);
  EXPECT_EQ(F8(DType::kF8_E5M2FNUZ, 0x01), std::ldexp(1.0f, -17));
}

TEST(DTypeTest, F8E8M0) {
  EXPECT_EQ(F8(DType::kF8_E8M0, 0x7F), 1.0f);
  EXPECT_EQ(F8(DType::kF8_E8M0, 0x80), 2.0f);
  EXPECT_EQ(F8(DType::kF8_E8M0, 0x7D), 0.25f);
  EXPECT_EQ(F8(DType::kF8_E8M0, 0x00), std::ldexp(1.0f, -127));
  EXPECT_EQ(F8(DType::kF8_E8M0, 0xFE), std::ldexp(1.0f, 127));
  EXPECT_TRUE(std::isnan(F8(DType::kF8_E8M0, 0xFF)));
}

TEST(DTypeTest, BF16IsExactUpcast) {
  EXPECT_EQ(Decode1(DType::kBF16, {0x80, 0x3F}), 1.0f);
  EXPECT_EQ(Decode1(DType::kBF16, {0x00, 0xC0}), -2.0f);
  EXPECT_EQ(Decode1(DType::kBF16, {0x80, 0x7F}), std::numeric_limits<float>::infinity());
  EXPECT_EQ(std::bit_cast<uint32_t>(Decode1(DType::kBF16, {0x01, 0x00})), 0x00010000u);
  EXPECT_EQ(std::bit_cast<uint32_t>(Decode1(DType::kBF16, {0xC1, 0x7F})), 0x7FC10000u);
}

TEST(DTypeTest, F16Values) {
  EXPECT_EQ(Decode1(DType::kF16, {0x00, 0x3C}), 1.0f);
  EXPECT_EQ(Decode1(DType::kF16, {0x01, 0x00}), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(Decode1(DType::kF16, {0xFF, 0x03}), 1023 * std::ldexp(1.0f, -24));
  EXPECT_EQ(Decode1(DType::kF16, {0x00, 0x04}), std::ldexp(1.0f, -14));  // smallest normal
  EXPECT_EQ(Decode1(DType::kF16, {0xFF, 0x7B}), 65504.0f);
  EXPECT_EQ(Decode1(DType::kF16, {0x00, 0x7C}), std::numeric_limits<float>::infinity());
  EXPECT_EQ(Decode1(DType::kF16, {0x00, 0xFC}), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(Decode1(DType::kF16, {0x00, 0x7E})));
  EXPECT_EQ(Decode1(DType::kF16, {0x00, 0xC0}), -2.0f);
}

// The vectorised F16 path (F16C when available) and the scalar conversion agree on all 65,536
// halves, and float→half→float is the identity on every non-NaN half.
TEST(DTypeTest, F16AllPatternsRoundTrip) {
  std::vector<uint8_t> bytes(65536 * 2);
  for (uint32_t h = 0; h < 65536; ++h) {
    bytes[2 * h] = static_cast<uint8_t>(h);
    bytes[2 * h + 1] = static_cast<uint8_t>(h >> 8);
  }
  std::vector<float> out(65536);
  DecodeF16(bytes.data(), 65536, out.data());
  for (uint32_t h = 0; h < 65536; ++h) {
    const float scalar = HalfToFloat(static_cast<uint16_t>(h));
    if (std::isnan(scalar)) {
      EXPECT_TRUE(std::isnan(out[h])) << h;
      EXPECT_TRUE(std::isnan(HalfToFloat(FloatToHalf(scalar)))) << h;
      continue;
    }
    ASSERT_EQ(std::bit_cast<uint32_t>(out[h]), std::bit_cast<uint32_t>(scalar)) << h;
    ASSERT_EQ(FloatToHalf(scalar), h) << h;
  }
}

// The vectorised BF16 path equals the definition (bits << 16) for every pattern, from an odd
// address and with a length that leaves a scalar tail.
TEST(DTypeTest, BF16AllPatternsFromUnalignedSource) {
  const uint32_t n = 65536 + 13;
  std::vector<uint8_t> bytes(1 + 2 * n);
  for (uint32_t i = 0; i < n; ++i) {
    bytes[1 + 2 * i] = static_cast<uint8_t>(i);
    bytes[2 + 2 * i] = static_cast<uint8_t>((i & 0xFFFF) >> 8);
  }
  std::vector<float> out(n);
  DecodeBF16(bytes.data() + 1, n, out.data());
  for (uint32_t i = 0; i < n; ++i) {
    ASSERT_EQ(std::bit_cast<uint32_t>(out[i]), (i & 0xFFFF) << 16) << i;
  }
}

TEST(DTypeTest, FloatToHalfRoundsToNearestEven) {
  EXPECT_EQ(FloatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3C00);      // tie → even (down)
  EXPECT_EQ(FloatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);  // tie → even (up)
  EXPECT_EQ(FloatToHalf(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3C01);
  EXPECT_EQ(FloatToHalf(65519.0f), 0x7BFF);
  EXPECT_EQ(FloatToHalf(65520.0f), 0x7C00);                   // tie at the top rounds to Inf
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -25)), 0x0000);      // subnormal tie → 0
  EXPECT_EQ(FloatToHalf(3 * std::ldexp(1.0f, -25)), 0x0002);  // subnormal tie → even
  EXPECT_EQ(FloatToHalf(-std::ldexp(1.0f, -24)), 0x8001);
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -30)), 0x0000);
  EXPECT_EQ(FloatToHalf(1e9f), 0x7C00);
  EXPECT_EQ(FloatToHalf(-std::numeric_limits<float>::infinity()), 0xFC00);
  const uint16_t nan = FloatToHalf(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7C00, 0x7C00);
  EXPECT_NE(nan & 0x3FF, 0);
  // A NaN whose payload sits only in low bits must stay NaN, not collapse to Inf.
  EXPECT_TRUE(std::isnan(HalfToFloat(FloatToHalf(std::bit_cast<float>(0x7F800001u)))));
}

TEST(DTypeTest, FloatToBF16RoundsToNearestEven) {
  EXPECT_EQ(FloatToBF16(1.0f), 0x3F80);
  EXPECT_EQ(FloatToBF16(1.0f + std::ldexp(1.0f, -8)), 0x3F80);      // tie → even
  EXPECT_EQ(FloatToBF16(1.0f + 3 * std::ldexp(1.0f, -8)), 0x3F82);  // tie → even (up)
  EXPECT_EQ(FloatToBF16(std::bit_cast<float>(0x3F808001u)), 0x3F81);
  EXPECT_EQ(FloatToBF16(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_TRUE(std::isnan(std::bit_cast<float>(
      static_cast<uint32_t>(FloatToBF16(std::bit_cast<float>(0x7F800001u))) << 16)));
  EXPECT_EQ(FloatToBF16(std::bit_cast<float>(0xFFC00000u)), 0xFFC0);
}

TEST(DTypeTest, IntegersAndBoolDecodeAsNumbers) {
  EXPECT_EQ(Decode1(DType::kI8, {0x80}), -128.0f);
  EXPECT_EQ(Decode1(DType::kU8, {0xFF}), 255.0f);
  EXPECT_EQ(Decode1(DType::kI16, {0xFE, 0xFF}), -2.0f);
  EXPECT_EQ(Decode1(DType::kU16, {0xFF, 0xFF}), 65535.0f);
  EXPECT_EQ(Decode1(DType::kI32, {0x00, 0x00, 0x00, 0x80}), -2147483648.0f);
  EXPECT_EQ(Decode1(DType::kU32, {0x01, 0x00, 0x01, 0x00}), 65537.0f);
  EXPECT_EQ(Decode1(DType::kI64, {0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}), -5.0f);
  EXPECT_EQ(Decode1(DType::kU64, {0, 0, 0, 0, 1, 0, 0, 0}), 4294967296.0f);
  EXPECT_EQ(Decode1(DType::kBool, {0}), 0.0f);
  EXPECT_EQ(Decode1(DType::kBool, {1}), 1.0f);
}

TEST(DTypeTest, F64AndF32) {
  double d = -1.5;
  std::vector<uint8_t> b(8);
  std::memcpy(b.data(), &d, 8);
  EXPECT_EQ(Decode1(DType::kF64, b), -1.5f);
  d = 1e300;
  std::memcpy(b.data(), &d, 8);
  EXPECT_EQ(Decode1(DType::kF64, b), std::numeric_limits<float>::infinity());
  EXPECT_EQ(Decode1(DType::kF32, {0x00, 0x00, 0xC0, 0x3F}), 1.5f);
}

// Unaligned sources are legal (MLX headers are unpadded).
TEST(DTypeTest, UnalignedSource) {
  std::vector<uint8_t> b = {0xAA, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x3C, 0x00, 0x3C};
  float out[2];
  ASSERT_TRUE(DecodeToF32(DType::kF32, b.data() + 1, 1, out).ok());
  EXPECT_EQ(out[0], 1.0f);
  DecodeF16(b.data() + 5, 2, out);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 1.0f);
}

TEST(DTypeTest, UndecodableTypesSaySo) {
  const uint8_t b[8] = {0};
  float out[8];
  for (DType t : {DType::kF4, DType::kF6_E2M3, DType::kF6_E3M2, DType::kC64, DType::kUnknown}) {
    Status st = DecodeToF32(t, b, t == DType::kF4 ? 2 : t == DType::kC64 ? 1 : 4, out);
    EXPECT_EQ(st.code(), Status::Code::kUnsupported) << DTypeName(t);
    EXPECT_NE(st.message().find(DTypeName(t) == std::string("UNKNOWN") ? "unknown" : DTypeName(t)),
              std::string::npos)
        << st.message();
    EXPECT_FALSE(CanDecode(t));
  }
}

TEST(DTypeTest, TensorBytesChecksBlocksAndOverflow) {
  EXPECT_EQ(TensorBytes(DType::kF32, 10, 5).value(), 40u);
  EXPECT_EQ(TensorBytes(DType::kQ4_K, 512, 256).value(), 288u);
  EXPECT_EQ(TensorBytes(DType::kQ8_0, 64, 32).value(), 68u);
  EXPECT_FALSE(TensorBytes(DType::kQ4_K, 512, 100).ok());
  EXPECT_FALSE(TensorBytes(DType::kF64, uint64_t{1} << 62, 1).ok());
  EXPECT_TRUE(TensorBytes(DType::kF64, uint64_t{1} << 60, 1).ok());
  EXPECT_EQ(TensorBytes(DType::kF4, 4, 4).value(), 2u);
  EXPECT_FALSE(TensorBytes(DType::kF4, 3, 3).ok());
  EXPECT_EQ(TensorBytes(DType::kF6_E2M3, 8, 8).value(), 6u);
  EXPECT_EQ(TensorBytes(DType::kBF16, 0, 0).value(), 0u);
  EXPECT_FALSE(TensorBytes(DType::kUnknown, 1, 1).ok());
}

TEST(DTypeTest, SafetensorsNamesRoundTrip) {
  for (const char* n :
       {"F64",     "F32",     "F16",     "BF16", "F8_E4M3", "F8_E5M2", "F8_E4M3FNUZ", "F8_E5M2FNUZ",
        "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4",   "I8",      "I16",     "I32",         "I64",
        "U8",      "U16",     "U32",     "U64",  "BOOL",    "C64"}) {
    auto t = DTypeFromSafetensors(n);
    ASSERT_TRUE(t.has_value()) << n;
    EXPECT_STREQ(DTypeName(*t), n);
  }
  EXPECT_FALSE(DTypeFromSafetensors("f32").has_value());
  EXPECT_FALSE(DTypeFromSafetensors("Q4_0").has_value());
}

TEST(DTypeTest, GgmlIdTable) {
  struct {
    uint32_t id;
    const char* name;
    uint32_t elems, bytes;
  } kTable[] = {
      {0, "F32", 1, 4},         {1, "F16", 1, 2},         {2, "Q4_0", 32, 18},
      {3, "Q4_1", 32, 20},      {6, "Q5_0", 32, 22},      {7, "Q5_1", 32, 24},
      {8, "Q8_0", 32, 34},      {9, "Q8_1", 32, 36},      {10, "Q2_K", 256, 84},
      {11, "Q3_K", 256, 110},   {12, "Q4_K", 256, 144},   {13, "Q5_K", 256, 176},
      {14, "Q6_K", 256, 210},   {15, "Q8_K", 256, 292},   {16, "IQ2_XXS", 256, 66},
      {17, "IQ2_XS", 256, 74},  {18, "IQ3_XXS", 256, 98}, {19, "IQ1_S", 256, 50},
      {20, "IQ4_NL", 32, 18},   {21, "IQ3_S", 256, 110},  {22, "IQ2_S", 256, 82},
      {23, "IQ4_XS", 256, 136}, {24, "I8", 1, 1},         {25, "I16", 1, 2},
      {26, "I32", 1, 4},        {27, "I64", 1, 8},        {28, "F64", 1, 8},
      {29, "IQ1_M", 256, 56},   {30, "BF16", 1, 2},       {34, "TQ1_0", 256, 54},
      {35, "TQ2_0", 256, 66},   {39, "MXFP4", 32, 17},    {40, "NVFP4", 64, 36},
      {41, "Q1_0", 128, 18},
  };
  for (const auto& e : kTable) {
    auto t = DTypeFromGgml(e.id);
    ASSERT_TRUE(t.has_value()) << e.id;
    EXPECT_STREQ(DTypeName(*t), e.name);
    EXPECT_EQ(BlockElems(*t), e.elems) << e.name;
    EXPECT_EQ(BlockBytes(*t), e.bytes) << e.name;
    EXPECT_EQ(IsQuantized(*t), e.elems > 1) << e.name;
  }
  for (uint32_t retired : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 42u, 1000u}) {
    EXPECT_FALSE(DTypeFromGgml(retired).has_value()) << retired;
  }
}

TEST(DTypeTest, Classification) {
  EXPECT_TRUE(IsFloating(DType::kBF16));
  EXPECT_TRUE(IsFloating(DType::kQ4_0));
  EXPECT_FALSE(IsFloating(DType::kI64));
  EXPECT_FALSE(IsFloating(DType::kBool));
  EXPECT_FALSE(IsQuantized(DType::kF8_E4M3));
  EXPECT_TRUE(CanDecode(DType::kF8_E5M2FNUZ));
  EXPECT_FALSE(CanDecode(DType::kIQ2_XXS));
}

}  // namespace
}  // namespace lineage
