#include "format/ggml_quants.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "format/gguf_types.h"

namespace lineage {

const int8_t kGgmlIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10,
                                     1,    13,   25,  38,  53,  69,  89,  113};

float GgmlHalfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1F;
  uint32_t mant = h & 0x3FF;
  uint32_t bits;
  if (exp == 0x1F) {
    bits = sign | 0x7F800000u | (mant << 13);  // Inf or NaN, payload kept
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else {
    // Subnormal: value = mant · 2^-24, exactly representable in f32.
    float v = std::ldexp(static_cast<float>(mant), -24);
    std::memcpy(&bits, &v, 4);
    bits |= sign;
  }
  float out;
  std::memcpy(&out, &bits, 4);
  return out;
}

namespace {

uint16_t LoadU16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t LoadU32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
float LoadHalf(const uint8_t* p) { return GgmlHalfToFloat(LoadU16(p)); }

// 32-element blocks whose 16 code bytes hold element j in the low nibble and j+16 in the high.
void Q4_0(const uint8_t* b, float* y) {
  float d = LoadHalf(b);
  const uint8_t* qs = b + 2;
  for (int j = 0; j < 16; ++j) {
    y[j] = static_cast<float>((qs[j] & 0xF) - 8) * d;
    y[j + 16] = static_cast<float>((qs[j] >> 4) - 8) * d;
  }
}

void Q4_1(const uint8_t* b, float* y) {
  float d = LoadHalf(b), m = LoadHalf(b + 2);
  const uint8_t* qs = b + 4;
  for (int j = 0; j < 16; ++j) {
    y[j] = static_cast<float>(qs[j] & 0xF) * d + m;
    y[j + 16] = static_cast<float>(qs[j] >> 4) * d + m;
  }
}

void Q5_0(const uint8_t* b, float* y) {
  float d = LoadHalf(b);
  uint32_t qh = LoadU32(b + 2);
  const uint8_t* qs = b + 6;
  for (int j = 0; j < 16; ++j) {
    int lo = (qs[j] & 0xF) | (((qh >> j) & 1) << 4);
    int hi = (qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
    y[j] = static_cast<float>(lo - 16) * d;
    y[j + 16] = static_cast<float>(hi - 16) * d;
  }
}

void Q5_1(const uint8_t* b, float* y) {
  float d = LoadHalf(b), m = LoadHalf(b + 2);
  uint32_t qh = LoadU32(b + 4);
  const uint8_t* qs = b + 8;
  for (int j = 0; j < 16; ++j) {
    int lo = (qs[j] & 0xF) | (((qh >> j) & 1) << 4);
    int hi = (qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
    y[j] = static_cast<float>(lo) * d + m;
    y[j + 16] = static_cast<float>(hi) * d + m;
  }
}

void Q8_0(const uint8_t* b, float* y) {
  float d = LoadHalf(b);
  const int8_t* qs = reinterpret_cast<const int8_t*>(b + 2);
  for (int j = 0; j < 32; ++j) y[j] = static_cast<float>(qs[j]) * d;
}

void IQ4_NL(const uint8_t* b, float* y) {
  float d = LoadHalf(b);
  const uint8_t* qs = b + 2;
  for (int j = 0; j < 16; ++j) {
    y[j] = d * static_cast<float>(kGgmlIq4nlValues[qs[j] & 0xF]);
    y[j + 16] = d * static_cast<float>(kGgmlIq4nlValues[qs[j] >> 4]);
  }
}

// E2M1 magnitudes doubled, so that the shared E8M0 scale can be applied as 2^(e-128).
constexpr int8_t kMxfp4Doubled[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

void MXFP4(const uint8_t* b, float* y) {
  // OCP MX: E8M0 0xFF is NaN; otherwise 2^(e-127). Halved here to undo the doubled table.
  float d = b[0] == 0xFF ? std::numeric_limits<float>::quiet_NaN()
                         : std::ldexp(1.0f, static_cast<int>(b[0]) - 128);
  const uint8_t* qs = b + 1;
  for (int j = 0; j < 16; ++j) {
    y[j] = static_cast<float>(kMxfp4Doubled[qs[j] & 0xF]) * d;
    y[j + 16] = static_cast<float>(kMxfp4Doubled[qs[j] >> 4]) * d;
  }
}

// Q2_K, Q3_K and TQ2_0 share one 2-bit layout: per 128 elements, 32 bytes whose bit pair s holds
// elements 32s .. 32s+31.
void Q2_K(const uint8_t* b, float* y) {
  const uint8_t* scales = b;
  const uint8_t* qs = b + 16;
  float d = LoadHalf(b + 80), dmin = LoadHalf(b + 82);
  for (int h = 0; h < 2; ++h) {
    for (int s = 0; s < 4; ++s) {
      for (int half = 0; half < 2; ++half) {
        uint8_t c = scales[8 * h + 2 * s + half];
        float dl = d * static_cast<float>(c & 0xF), ml = dmin * static_cast<float>(c >> 4);
        const uint8_t* q = qs + 32 * h + 16 * half;
        float* out = y + 128 * h + 32 * s + 16 * half;
        for (int l = 0; l < 16; ++l) out[l] = dl * static_cast<float>((q[l] >> (2 * s)) & 3) - ml;
      }
    }
  }
}

void Q3_K(const uint8_t* b, float* y) {
  const uint8_t* hmask = b;
  const uint8_t* qs = b + 32;
  const uint8_t* sb = b + 96;
  float d = LoadHalf(b + 108);
  int scale[16];
  for (int j = 0; j < 16; ++j) {
    int low = j < 8 ? (sb[j] & 0xF) : (sb[j - 8] >> 4);
    int top = (sb[8 + j % 4] >> (2 * (j / 4))) & 3;
    scale[j] = (low | top << 4) - 32;
  }
  for (int h = 0; h < 2; ++h) {
    for (int s = 0; s < 4; ++s) {
      uint8_t bit = static_cast<uint8_t>(1u << (4 * h + s));
      for (int half = 0; half < 2; ++half) {
        float dl = d * static_cast<float>(scale[8 * h + 2 * s + half]);
        int base = 16 * half;
        float* out = y + 128 * h + 32 * s + base;
        for (int l = 0; l < 16; ++l) {
          int q = ((qs[32 * h + base + l] >> (2 * s)) & 3) - ((hmask[base + l] & bit) ? 0 : 4);
          out[l] = dl * static_cast<float>(q);
        }
      }
    }
  }
}

void TQ2_0(const uint8_t* b, float* y) {
  const uint8_t* qs = b;
  float d = LoadHalf(b + 64);
  for (int h = 0; h < 2; ++h) {
    for (int s = 0; s < 4; ++s) {
      float* out = y + 128 * h + 32 * s;
      for (int l = 0; l < 32; ++l) {
        out[l] = static_cast<float>(((qs[32 * h + l] >> (2 * s)) & 3) - 1) * d;
      }
    }
  }
}

// The 6-bit scale/min pairs of Q4_K and Q5_K, packed into 12 bytes.
void ScaleMinK4(int j, const uint8_t* q, int* sc, int* mn) {
  if (j < 4) {
    *sc = q[j] & 63;
    *mn = q[j + 4] & 63;
  } else {
    *sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
    *mn = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
  }
}

// Q4_K and Q5_K: 4 chunks of 64 elements; chunk c uses 32 code bytes, low nibbles first. Q5_K adds
// bit (element / 32) of qh[element % 32] as bit 4. Templated so the inner loops have no branches.
template <bool kHighBit>
void Q45_K(const uint8_t* scales, const uint8_t* qh, const uint8_t* qs, float d, float dmin,
           float* y) {
  for (int c = 0; c < 4; ++c) {
    int sc0, mn0, sc1, mn1;
    ScaleMinK4(2 * c, scales, &sc0, &mn0);
    ScaleMinK4(2 * c + 1, scales, &sc1, &mn1);
    float d0 = d * static_cast<float>(sc0), m0 = dmin * static_cast<float>(mn0);
    float d1 = d * static_cast<float>(sc1), m1 = dmin * static_cast<float>(mn1);
    const uint8_t* q = qs + 32 * c;
    float* out = y + 64 * c;
    for (int l = 0; l < 32; ++l) {
      int lo = q[l] & 0xF, hi = q[l] >> 4;
      if (kHighBit) {
        lo |= ((qh[l] >> (2 * c)) & 1) << 4;
        hi |= ((qh[l] >> (2 * c + 1)) & 1) << 4;
      }
      out[l] = d0 * static_cast<float>(lo) - m0;
      out[l + 32] = d1 * static_cast<float>(hi) - m1;
    }
  }
}

void Q4_K(const uint8_t* b, float* y) {
  Q45_K<false>(b + 4, nullptr, b + 16, LoadHalf(b), LoadHalf(b + 2), y);
}
void Q5_K(const uint8_t* b, float* y) {
  Q45_K<true>(b + 4, b + 16, b + 48, LoadHalf(b), LoadHalf(b + 2), y);
}

void Q6_K(const uint8_t* b, float* y) {
  const uint8_t* sc_bytes = b + 192;
  float d = LoadHalf(b + 208);
  for (int h = 0; h < 2; ++h) {
    // Per half of 128: byte l of ql (l < 64) holds element l in its low nibble and l + 64 in its
    // high nibble; byte l of qh (l < 32) holds bits 4-5 of elements l, l+32, l+64, l+96.
    const uint8_t* ql = b + 64 * h;
    const uint8_t* qh = b + 128 + 32 * h;
    const int8_t* sc = reinterpret_cast<const int8_t*>(sc_bytes + 8 * h);
    float* out = y + 128 * h;
    for (int g = 0; g < 2; ++g) {  // elements l in [16g, 16g + 16) of each quarter share a scale
      float d1 = d * sc[g], d2 = d * sc[g + 2], d3 = d * sc[g + 4], d4 = d * sc[g + 6];
      for (int l = 16 * g; l < 16 * g + 16; ++l) {
        int q1 = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32;
        int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
        int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
        int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
        out[l] = d1 * static_cast<float>(q1);
        out[l + 32] = d2 * static_cast<float>(q2);
        out[l + 64] = d3 * static_cast<float>(q3);
        out[l + 96] = d4 * static_cast<float>(q4);
      }
    }
  }
}

void IQ4_XS(const uint8_t* b, float* y) {
  float d = LoadHalf(b);
  uint16_t scales_h = LoadU16(b + 2);
  const uint8_t* scales_l = b + 4;
  const uint8_t* qs = b + 8;
  for (int j = 0; j < 8; ++j) {
    int ls = ((scales_l[j / 2] >> (4 * (j % 2))) & 0xF) | (((scales_h >> (2 * j)) & 3) << 4);
    float dl = d * static_cast<float>(ls - 32);
    const uint8_t* q = qs + 16 * j;
    float* out = y + 32 * j;
    for (int l = 0; l < 16; ++l) {
      out[l] = dl * static_cast<float>(kGgmlIq4nlValues[q[l] & 0xF]);
      out[l + 16] = dl * static_cast<float>(kGgmlIq4nlValues[q[l] >> 4]);
    }
  }
}

using BlockFn = void (*)(const uint8_t*, float*);

BlockFn BlockDecoder(DType t) {
  switch (t) {
    case DType::kQ4_0:
      return Q4_0;
    case DType::kQ4_1:
      return Q4_1;
    case DType::kQ5_0:
      return Q5_0;
    case DType::kQ5_1:
      return Q5_1;
    case DType::kQ8_0:
      return Q8_0;
    case DType::kQ2_K:
      return Q2_K;
    case DType::kQ3_K:
      return Q3_K;
    case DType::kQ4_K:
      return Q4_K;
    case DType::kQ5_K:
      return Q5_K;
    case DType::kQ6_K:
      return Q6_K;
    case DType::kIQ4_NL:
      return IQ4_NL;
    case DType::kIQ4_XS:
      return IQ4_XS;
    case DType::kTQ2_0:
      return TQ2_0;
    case DType::kMXFP4:
      return MXFP4;
    default:
      return nullptr;
  }
}

Status NotDecoded(DType t) {
  const GgmlTypeInfo* info = GgmlTypeByDType(t);
  return Unsupported(std::string("ggml type ") + (info ? info->name : "(not a ggml type)") +
                     " is detected but not decoded");
}

}  // namespace

bool CanDequantizeGgml(DType t) {
  return t == DType::kF32 || t == DType::kF16 || t == DType::kBF16 || BlockDecoder(t) != nullptr;
}

Status DequantizeGgml(DType t, const uint8_t* src, uint64_t n, float* dst) {
  if (!CanDequantizeGgml(t)) return NotDecoded(t);
  if (n == 0) return Status::Ok();  // empty tensors are legal; their pointers may be null
  switch (t) {
    case DType::kF32:
      std::memcpy(dst, src, n * 4);
      return Status::Ok();
    case DType::kF16:
      for (uint64_t i = 0; i < n; ++i) dst[i] = LoadHalf(src + 2 * i);
      return Status::Ok();
    case DType::kBF16:
      for (uint64_t i = 0; i < n; ++i) {
        uint32_t bits = static_cast<uint32_t>(LoadU16(src + 2 * i)) << 16;
        std::memcpy(dst + i, &bits, 4);
      }
      return Status::Ok();
    default:
      break;
  }
  const GgmlTypeInfo* info = GgmlTypeByDType(t);
  BlockFn fn = BlockDecoder(t);
  if (n % info->block_elems != 0) {
    return InvalidArgument(std::string(info->name) + ": element count " + std::to_string(n) +
                           " is not a multiple of the block of " +
                           std::to_string(info->block_elems));
  }
  uint64_t blocks = n / info->block_elems;
  for (uint64_t i = 0; i < blocks; ++i) {
    fn(src + i * info->block_bytes, dst + i * info->block_elems);
  }
  return Status::Ok();
}

}  // namespace lineage
