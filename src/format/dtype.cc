// DType properties, parsing and decoding to f32. See dtype.h for the contract.
//
// 8-bit floats decode through 256-entry tables built once from their bit layout (FORMATS.md §1).
// F6/F4 sub-byte packings are detected and sized but not decoded: no reference fixes the order
// of packed elements inside a byte for safetensors, and guessing would silently corrupt values.
#include "format/dtype.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__F16C__) || defined(__AVX2__) || defined(__SSE2__)
#include <immintrin.h>
#endif

#include "format/ggml_quants.h"

namespace lineage {

namespace {

struct DTypeProps {
  const char* name;
  uint32_t block_elems;
  uint32_t block_bytes;
};

// A data table (one case per dtype): splitting it would only scatter the table.
DTypeProps Props(DType t) {  // NOLINT(readability-function-size)
  switch (t) {
    case DType::kUnknown:
      return {"UNKNOWN", 1, 0};
    case DType::kF64:
      return {"F64", 1, 8};
    case DType::kF32:
      return {"F32", 1, 4};
    case DType::kF16:
      return {"F16", 1, 2};
    case DType::kBF16:
      return {"BF16", 1, 2};
    case DType::kF8_E4M3:
      return {"F8_E4M3", 1, 1};
    case DType::kF8_E5M2:
      return {"F8_E5M2", 1, 1};
    case DType::kF8_E4M3FNUZ:
      return {"F8_E4M3FNUZ", 1, 1};
    case DType::kF8_E5M2FNUZ:
      return {"F8_E5M2FNUZ", 1, 1};
    case DType::kF8_E8M0:
      return {"F8_E8M0", 1, 1};
    case DType::kF6_E2M3:
      return {"F6_E2M3", 4, 3};
    case DType::kF6_E3M2:
      return {"F6_E3M2", 4, 3};
    case DType::kF4:
      return {"F4", 2, 1};
    case DType::kI8:
      return {"I8", 1, 1};
    case DType::kI16:
      return {"I16", 1, 2};
    case DType::kI32:
      return {"I32", 1, 4};
    case DType::kI64:
      return {"I64", 1, 8};
    case DType::kU8:
      return {"U8", 1, 1};
    case DType::kU16:
      return {"U16", 1, 2};
    case DType::kU32:
      return {"U32", 1, 4};
    case DType::kU64:
      return {"U64", 1, 8};
    case DType::kBool:
      return {"BOOL", 1, 1};
    case DType::kC64:
      return {"C64", 1, 8};
    case DType::kQ4_0:
      return {"Q4_0", 32, 18};
    case DType::kQ4_1:
      return {"Q4_1", 32, 20};
    case DType::kQ5_0:
      return {"Q5_0", 32, 22};
    case DType::kQ5_1:
      return {"Q5_1", 32, 24};
    case DType::kQ8_0:
      return {"Q8_0", 32, 34};
    case DType::kQ8_1:
      return {"Q8_1", 32, 36};
    case DType::kQ2_K:
      return {"Q2_K", 256, 84};
    case DType::kQ3_K:
      return {"Q3_K", 256, 110};
    case DType::kQ4_K:
      return {"Q4_K", 256, 144};
    case DType::kQ5_K:
      return {"Q5_K", 256, 176};
    case DType::kQ6_K:
      return {"Q6_K", 256, 210};
    case DType::kQ8_K:
      return {"Q8_K", 256, 292};
    case DType::kIQ2_XXS:
      return {"IQ2_XXS", 256, 66};
    case DType::kIQ2_XS:
      return {"IQ2_XS", 256, 74};
    case DType::kIQ3_XXS:
      return {"IQ3_XXS", 256, 98};
    case DType::kIQ1_S:
      return {"IQ1_S", 256, 50};
    case DType::kIQ4_NL:
      return {"IQ4_NL", 32, 18};
    case DType::kIQ3_S:
      return {"IQ3_S", 256, 110};
    case DType::kIQ2_S:
      return {"IQ2_S", 256, 82};
    case DType::kIQ4_XS:
      return {"IQ4_XS", 256, 136};
    case DType::kIQ1_M:
      return {"IQ1_M", 256, 56};
    case DType::kTQ1_0:
      return {"TQ1_0", 256, 54};
    case DType::kTQ2_0:
      return {"TQ2_0", 256, 66};
    case DType::kMXFP4:
      return {"MXFP4", 32, 17};
    case DType::kNVFP4:
      return {"NVFP4", 64, 36};
    case DType::kQ1_0:
      return {"Q1_0", 128, 18};
  }
  return {"UNKNOWN", 1, 0};
}

// Builds the decode table of an 8-bit float with `ebits` exponent bits, the rest mantissa.
// `fnuz`: 0x80 is the only NaN and there is no Inf or -0 (AMD/Graphcore "FNUZ" variants).
// `ieee_specials`: the all-ones exponent encodes Inf (mantissa 0) and NaN (otherwise).
// Otherwise (OCP E4M3 "FN") only S.1111.111 is NaN.
std::array<float, 256> BuildF8Table(int ebits, int bias, bool fnuz, bool ieee_specials) {
  std::array<float, 256> table{};
  const int mbits = 7 - ebits;
  const int emax = (1 << ebits) - 1;
  const int mmax = (1 << mbits) - 1;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int b = 0; b < 256; ++b) {
    const bool neg = (b & 0x80) != 0;
    const int e = (b >> mbits) & emax;
    const int m = b & mmax;
    float v;
    if (fnuz && b == 0x80) {
      v = nan;
    } else if (ieee_specials && e == emax) {
      v = m == 0 ? std::numeric_limits<float>::infinity() : nan;
    } else if (!fnuz && !ieee_specials && e == emax && m == mmax) {
      v = nan;
    } else if (e == 0) {
      v = std::ldexp(static_cast<float>(m), 1 - bias - mbits);
    } else {
      v = std::ldexp(static_cast<float>(m + (1 << mbits)), e - bias - mbits);
    }
    table[b] = (neg && !std::isnan(v)) ? -v : v;
  }
  return table;
}

std::array<float, 256> BuildE8M0Table() {
  std::array<float, 256> table{};
  for (int e = 0; e < 255; ++e) table[e] = std::ldexp(1.0f, e - 127);
  table[255] = std::numeric_limits<float>::quiet_NaN();
  return table;
}

const std::array<float, 256>& F8Table(DType t) {
  static const std::array<float, 256> kE4M3 = BuildF8Table(4, 7, false, false);
  static const std::array<float, 256> kE5M2 = BuildF8Table(5, 15, false, true);
  static const std::array<float, 256> kE4M3Fnuz = BuildF8Table(4, 8, true, false);
  static const std::array<float, 256> kE5M2Fnuz = BuildF8Table(5, 16, true, false);
  static const std::array<float, 256> kE8M0 = BuildE8M0Table();
  switch (t) {
    case DType::kF8_E4M3:
      return kE4M3;
    case DType::kF8_E5M2:
      return kE5M2;
    case DType::kF8_E4M3FNUZ:
      return kE4M3Fnuz;
    case DType::kF8_E5M2FNUZ:
      return kE5M2Fnuz;
    default:
      return kE8M0;
  }
}

void DecodeTable(const std::array<float, 256>& table, const uint8_t* src, uint64_t n, float* dst) {
  for (uint64_t i = 0; i < n; ++i) dst[i] = table[src[i]];
}

// Little-endian integers of any width to f32 (values beyond 2^24 round, as any f32 view must).
template <typename T>
void DecodeInt(const uint8_t* src, uint64_t n, float* dst) {
  for (uint64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, src + i * sizeof(T), sizeof(T));
    dst[i] = static_cast<float>(v);
  }
}

bool IsGgmlBlock(DType t) { return t >= DType::kQ4_0; }

}  // namespace

const char* DTypeName(DType t) { return Props(t).name; }
uint32_t BlockElems(DType t) { return Props(t).block_elems; }
uint32_t BlockBytes(DType t) { return Props(t).block_bytes; }

bool IsFloating(DType t) {
  switch (t) {
    case DType::kF64:
    case DType::kF32:
    case DType::kF16:
    case DType::kBF16:
    case DType::kF8_E4M3:
    case DType::kF8_E5M2:
    case DType::kF8_E4M3FNUZ:
    case DType::kF8_E5M2FNUZ:
    case DType::kF8_E8M0:
    case DType::kF6_E2M3:
    case DType::kF6_E3M2:
    case DType::kF4:
      return true;
    default:
      return IsGgmlBlock(t);
  }
}

bool IsQuantized(DType t) { return IsGgmlBlock(t); }

bool CanDecode(DType t) {
  if (IsQuantized(t)) return CanDequantizeGgml(t);  // the GGUF reader's dequantiser decides
  switch (t) {
    case DType::kF64:
    case DType::kF32:
    case DType::kF16:
    case DType::kBF16:
    case DType::kF8_E4M3:
    case DType::kF8_E5M2:
    case DType::kF8_E4M3FNUZ:
    case DType::kF8_E5M2FNUZ:
    case DType::kF8_E8M0:
    case DType::kI8:
    case DType::kI16:
    case DType::kI32:
    case DType::kI64:
    case DType::kU8:
    case DType::kU16:
    case DType::kU32:
    case DType::kU64:
    case DType::kBool:
      return true;
    default:
      return false;
  }
}

Result<uint64_t> TensorBytes(DType t, uint64_t numel, uint64_t row_len) {
  const DTypeProps p = Props(t);
  if (p.block_bytes == 0) return InvalidArgument("tensor of unknown dtype has no byte size");
  if (row_len % p.block_elems != 0 || numel % p.block_elems != 0) {
    return InvalidArgument(std::string(p.name) + " packs " + std::to_string(p.block_elems) +
                           " elements per block; row length " + std::to_string(row_len) + " (of " +
                           std::to_string(numel) + " elements) is not a multiple");
  }
  const uint64_t blocks = numel / p.block_elems;
  if (blocks > std::numeric_limits<uint64_t>::max() / p.block_bytes) {
    return InvalidArgument(std::to_string(numel) + " elements of " + p.name +
                           " overflow a 64-bit byte count");
  }
  return blocks * p.block_bytes;
}

std::optional<DType> DTypeFromSafetensors(std::string_view s) {
  static constexpr struct {
    std::string_view name;
    DType t;
  } kNames[] = {
      {"F64", DType::kF64},
      {"F32", DType::kF32},
      {"F16", DType::kF16},
      {"BF16", DType::kBF16},
      {"F8_E4M3", DType::kF8_E4M3},
      {"F8_E5M2", DType::kF8_E5M2},
      {"F8_E4M3FNUZ", DType::kF8_E4M3FNUZ},
      {"F8_E5M2FNUZ", DType::kF8_E5M2FNUZ},
      {"F8_E8M0", DType::kF8_E8M0},
      {"F6_E2M3", DType::kF6_E2M3},
      {"F6_E3M2", DType::kF6_E3M2},
      {"F4", DType::kF4},
      {"I8", DType::kI8},
      {"I16", DType::kI16},
      {"I32", DType::kI32},
      {"I64", DType::kI64},
      {"U8", DType::kU8},
      {"U16", DType::kU16},
      {"U32", DType::kU32},
      {"U64", DType::kU64},
      {"BOOL", DType::kBool},
      {"C64", DType::kC64},
  };
  for (const auto& e : kNames) {
    if (e.name == s) return e.t;
  }
  return std::nullopt;
}

std::optional<DType> DTypeFromGgml(uint32_t ggml_type) {
  switch (ggml_type) {
    case 0:
      return DType::kF32;
    case 1:
      return DType::kF16;
    case 2:
      return DType::kQ4_0;
    case 3:
      return DType::kQ4_1;
    case 6:
      return DType::kQ5_0;
    case 7:
      return DType::kQ5_1;
    case 8:
      return DType::kQ8_0;
    case 9:
      return DType::kQ8_1;
    case 10:
      return DType::kQ2_K;
    case 11:
      return DType::kQ3_K;
    case 12:
      return DType::kQ4_K;
    case 13:
      return DType::kQ5_K;
    case 14:
      return DType::kQ6_K;
    case 15:
      return DType::kQ8_K;
    case 16:
      return DType::kIQ2_XXS;
    case 17:
      return DType::kIQ2_XS;
    case 18:
      return DType::kIQ3_XXS;
    case 19:
      return DType::kIQ1_S;
    case 20:
      return DType::kIQ4_NL;
    case 21:
      return DType::kIQ3_S;
    case 22:
      return DType::kIQ2_S;
    case 23:
      return DType::kIQ4_XS;
    case 24:
      return DType::kI8;
    case 25:
      return DType::kI16;
    case 26:
      return DType::kI32;
    case 27:
      return DType::kI64;
    case 28:
      return DType::kF64;
    case 29:
      return DType::kIQ1_M;
    case 30:
      return DType::kBF16;
    case 34:
      return DType::kTQ1_0;
    case 35:
      return DType::kTQ2_0;
    case 39:
      return DType::kMXFP4;
    case 40:
      return DType::kNVFP4;
    case 41:
      return DType::kQ1_0;
    default:
      return std::nullopt;
  }
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1f;
  const uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000 | (mant << 13);  // Inf, or NaN with its payload
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else {
    // Zero or subnormal: mant × 2^-24 is exact in f32.
    const float v = static_cast<float>(mant) * 0x1p-24f;
    bits = sign | std::bit_cast<uint32_t>(v);
  }
  return std::bit_cast<float>(bits);
}

uint16_t FloatToHalf(float f) {
  uint32_t x = std::bit_cast<uint32_t>(f);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000);
  x &= 0x7fffffff;
  if (x > 0x7f800000) {
    // NaN: keep the top payload bits and force quiet so the payload cannot become Inf.
    return sign | 0x7e00 | static_cast<uint16_t>((x >> 13) & 0x3ff);
  }
  if (x >= 0x477ff000) return sign | 0x7c00;  // ≥ 65520 rounds to Inf (and Inf stays Inf)
  if (x < 0x38800000) {
    // Below the smallest normal half (2^-14): adding 0.5f puts the half's subnormal unit 2^-24
    // at f32's last mantissa bit, so the FPU's round-to-nearest-even does the rounding.
    const float r = std::bit_cast<float>(x) + 0.5f;
    return sign | static_cast<uint16_t>(std::bit_cast<uint32_t>(r) - 0x3f000000u);
  }
  const uint32_t odd = (x >> 13) & 1;
  x += (static_cast<uint32_t>(15 - 127) << 23) + 0xfff + odd;
  return sign | static_cast<uint16_t>(x >> 13);
}

uint16_t FloatToBF16(float f) {
  uint32_t x = std::bit_cast<uint32_t>(f);
  if ((x & 0x7fffffff) > 0x7f800000) return static_cast<uint16_t>((x >> 16) | 0x40);  // quiet NaN
  x += 0x7fff + ((x >> 16) & 1);
  return static_cast<uint16_t>(x >> 16);
}

void DecodeBF16(const uint8_t* src, uint64_t n, float* dst) {
  // GCC's -O2 cost model will not vectorise the plain loop (src and dst might alias), so the
  // widening is spelled out: each 16-bit word becomes the top half of a 32-bit lane.
  uint64_t i = 0;
#if defined(__AVX2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 2 * i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 2 * i + 16));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i),
                        _mm256_slli_epi32(_mm256_cvtepu16_epi32(a), 16));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i + 8),
                        _mm256_slli_epi32(_mm256_cvtepu16_epi32(b), 16));
  }
#elif defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  for (; i + 8 <= n; i += 8) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 2 * i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_unpacklo_epi16(zero, a));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i + 4), _mm_unpackhi_epi16(zero, a));
  }
#endif
  for (; i < n; ++i) {
    uint16_t h;
    std::memcpy(&h, src + 2 * i, 2);
    const uint32_t w = static_cast<uint32_t>(h) << 16;
    std::memcpy(dst + i, &w, 4);
  }
}

void DecodeF16(const uint8_t* src, uint64_t n, float* dst) {
  uint64_t i = 0;
#if defined(__F16C__)
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 2 * i));
    _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(h));
  }
#endif
  for (; i < n; ++i) {
    uint16_t h;
    std::memcpy(&h, src + 2 * i, 2);
    dst[i] = HalfToFloat(h);
  }
}

Status DecodeToF32(DType t, const uint8_t* src, uint64_t n, float* dst) {
  switch (t) {
    case DType::kF32:
      if (n > 0) std::memcpy(dst, src, n * 4);
      return Status::Ok();
    case DType::kF64:
      for (uint64_t i = 0; i < n; ++i) {
        double v;
        std::memcpy(&v, src + 8 * i, 8);
        dst[i] = static_cast<float>(v);
      }
      return Status::Ok();
    case DType::kF16:
      DecodeF16(src, n, dst);
      return Status::Ok();
    case DType::kBF16:
      DecodeBF16(src, n, dst);
      return Status::Ok();
    case DType::kF8_E4M3:
    case DType::kF8_E5M2:
    case DType::kF8_E4M3FNUZ:
    case DType::kF8_E5M2FNUZ:
    case DType::kF8_E8M0:
      DecodeTable(F8Table(t), src, n, dst);
      return Status::Ok();
    case DType::kI8:
      DecodeInt<int8_t>(src, n, dst);
      return Status::Ok();
    case DType::kI16:
      DecodeInt<int16_t>(src, n, dst);
      return Status::Ok();
    case DType::kI32:
      DecodeInt<int32_t>(src, n, dst);
      return Status::Ok();
    case DType::kI64:
      DecodeInt<int64_t>(src, n, dst);
      return Status::Ok();
    case DType::kU8:
      DecodeInt<uint8_t>(src, n, dst);
      return Status::Ok();
    case DType::kU16:
      DecodeInt<uint16_t>(src, n, dst);
      return Status::Ok();
    case DType::kU32:
      DecodeInt<uint32_t>(src, n, dst);
      return Status::Ok();
    case DType::kU64:
      DecodeInt<uint64_t>(src, n, dst);
      return Status::Ok();
    case DType::kBool:
      for (uint64_t i = 0; i < n; ++i) dst[i] = src[i] != 0 ? 1.0f : 0.0f;
      return Status::Ok();
    case DType::kF6_E2M3:
    case DType::kF6_E3M2:
    case DType::kF4:
      return Unsupported(std::string(DTypeName(t)) +
                         ": packed sub-byte floats are detected but not decoded (their in-byte "
                         "element order is not fixed by the safetensors format)");
    case DType::kC64:
      return Unsupported("C64: complex tensors have no single f32 value per element");
    case DType::kUnknown:
      return Unsupported("cannot decode a tensor of unknown dtype");
    default:
      if (n % BlockElems(t) != 0) {
        return InvalidArgument(std::string(DTypeName(t)) + ": " + std::to_string(n) +
                               " elements is not a whole number of blocks");
      }
      return DequantizeGgml(t, src, n, dst);
  }
}

}  // namespace lineage
