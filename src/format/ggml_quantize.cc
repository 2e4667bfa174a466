#include "format/ggml_quantize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "format/ggml_quants.h"
#include "format/gguf_types.h"

namespace lineage {

uint16_t GgmlFloatToHalf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000;
  uint32_t ax = x & 0x7FFFFFFF;
  if (ax > 0x7F800000) return static_cast<uint16_t>(sign | 0x7E00);   // NaN
  if (ax >= 0x477FF000) return static_cast<uint16_t>(sign | 0x7C00);  // ≥ 65520 rounds to Inf
  if (ax < 0x38800000) {
    // Below 2^-14: a half subnormal in units of 2^-24. Scaling by 2^24 is exact; nearbyint rounds
    // to nearest even. 1024 units carry into the smallest normal, which is the right encoding.
    float a;
    std::memcpy(&a, &ax, 4);
    return static_cast<uint16_t>(sign | static_cast<uint32_t>(std::nearbyint(a * 16777216.0f)));
  }
  uint32_t h = (((ax >> 23) - 112) << 10) | ((ax & 0x7FFFFF) >> 13);
  uint32_t rem = ax & 0x1FFF;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;  // a carry into the exponent is correct
  return static_cast<uint16_t>(sign | h);
}

namespace {

void StoreHalf(uint8_t* p, float v) {
  uint16_t h = GgmlFloatToHalf(v);
  p[0] = static_cast<uint8_t>(h);
  p[1] = static_cast<uint8_t>(h >> 8);
}

// Rounds a scale to f16 and returns the value the dequantiser will see.
float StoredHalf(uint8_t* p, float v) {
  StoreHalf(p, v);
  return GgmlHalfToFloat(static_cast<uint16_t>(p[0] | p[1] << 8));
}

float SafeInverse(float d) { return d != 0.0f ? 1.0f / d : 0.0f; }

void Q8_0(const float* x, uint8_t* b) {
  float amax = 0;
  for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[j]));
  float d = StoredHalf(b, amax / 127.0f);
  float id = SafeInverse(d);
  for (int j = 0; j < 32; ++j) {
    float q = std::clamp(std::nearbyint(x[j] * id), -127.0f, 127.0f);
    b[2 + j] = static_cast<uint8_t>(static_cast<int8_t>(q));
  }
}

void Q4_0(const float* x, uint8_t* b) {
  // As ggml: the value of largest magnitude maps to code 0 (−8), so its sign sets d's sign.
  float amax = 0, vmax = 0;
  for (int j = 0; j < 32; ++j) {
    if (std::fabs(x[j]) > amax) {
      amax = std::fabs(x[j]);
      vmax = x[j];
    }
  }
  float d = StoredHalf(b, vmax / -8.0f);
  float id = SafeInverse(d);
  for (int j = 0; j < 16; ++j) {
    int lo = static_cast<int>(std::clamp(std::nearbyint(x[j] * id) + 8.0f, 0.0f, 15.0f));
    int hi = static_cast<int>(std::clamp(std::nearbyint(x[j + 16] * id) + 8.0f, 0.0f, 15.0f));
    b[2 + j] = static_cast<uint8_t>(lo | hi << 4);
  }
}

// Q4_K: per sub-block of 32, x ≈ d·sc·q − dmin·mn with q in 0..15 and 6-bit sc, mn. Scales and
// mins are rounded up so that the sub-block's range is always covered (no clamping error).
void Q4_K(const float* x, uint8_t* b) {
  float step[8], lift[8];
  float max_step = 0, max_lift = 0;
  for (int s = 0; s < 8; ++s) {
    float lo = 0, hi = 0;  // the offset must be ≤ 0 (mn ≥ 0), so include 0 in the range
    for (int l = 0; l < 32; ++l) {
      lo = std::min(lo, x[32 * s + l]);
      hi = std::max(hi, x[32 * s + l]);
    }
    lift[s] = -lo;
    step[s] = (hi - lo) / 15.0f;
    max_step = std::max(max_step, step[s]);
    max_lift = std::max(max_lift, lift[s]);
  }
  float d = StoredHalf(b, max_step / 63.0f);
  float dmin = StoredHalf(b + 2, max_lift / 63.0f);
  int sc[8], mn[8];
  for (int s = 0; s < 8; ++s) {
    mn[s] = dmin > 0 ? std::min(63, static_cast<int>(std::ceil(lift[s] / dmin))) : 0;
    float low = -dmin * static_cast<float>(mn[s]);
    float hi = 0;
    for (int l = 0; l < 32; ++l) hi = std::max(hi, x[32 * s + l]);
    sc[s] = d > 0 ? std::min(63, static_cast<int>(std::ceil((hi - low) / 15.0f / d))) : 0;
  }
  uint8_t* p = b + 4;
  for (int j = 0; j < 4; ++j) {
    p[j] = static_cast<uint8_t>((sc[j] & 63) | ((sc[j + 4] >> 4) << 6));
    p[j + 4] = static_cast<uint8_t>((mn[j] & 63) | ((mn[j + 4] >> 4) << 6));
    p[j + 8] = static_cast<uint8_t>((sc[j + 4] & 15) | ((mn[j + 4] & 15) << 4));
  }
  uint8_t* qs = b + 16;
  for (int s = 0; s < 8; ++s) {
    float st = d * static_cast<float>(sc[s]);
    float low = -dmin * static_cast<float>(mn[s]);
    float ist = SafeInverse(st);
    for (int l = 0; l < 32; ++l) {
      int q =
          static_cast<int>(std::clamp(std::nearbyint((x[32 * s + l] - low) * ist), 0.0f, 15.0f));
      uint8_t& byte = qs[32 * (s / 2) + l];
      byte = s % 2 == 0 ? static_cast<uint8_t>((byte & 0xF0) | q)
                        : static_cast<uint8_t>((byte & 0x0F) | q << 4);
    }
  }
}

// Q6_K: per sub-block of 16, x ≈ d·sc·(q − 32) with q in 0..63 and an 8-bit signed sc ≥ 0 here.
void Q6_K(const float* x, uint8_t* b) {
  float amax[16], max_amax = 0;
  for (int s = 0; s < 16; ++s) {
    amax[s] = 0;
    for (int l = 0; l < 16; ++l) amax[s] = std::max(amax[s], std::fabs(x[16 * s + l]));
    max_amax = std::max(max_amax, amax[s]);
  }
  float d = StoredHalf(b + 208, max_amax / 31.0f / 127.0f);
  uint8_t* ql = b;
  uint8_t* qh = b + 128;
  std::memset(b, 0, 192);
  for (int s = 0; s < 16; ++s) {
    int sc = d > 0 ? std::min(127, static_cast<int>(std::ceil(amax[s] / 31.0f / d))) : 0;
    b[192 + s] = static_cast<uint8_t>(static_cast<int8_t>(sc));
    float ist = SafeInverse(d * static_cast<float>(sc));
    for (int l = 0; l < 16; ++l) {
      int e = 16 * s + l;
      int q = static_cast<int>(std::clamp(std::nearbyint(x[e] * ist), -32.0f, 31.0f)) + 32;
      int h = e / 128, r = e % 128;
      ql[64 * h + r % 64] |= static_cast<uint8_t>((q & 15) << (4 * (r / 64)));
      qh[32 * h + r % 32] |= static_cast<uint8_t>((q >> 4) << (2 * (r / 32)));
    }
  }
}

}  // namespace

Status QuantizeGgml(DType t, const float* src, uint64_t n, uint8_t* dst) {
  void (*fn)(const float*, uint8_t*) = nullptr;
  switch (t) {
    case DType::kQ8_0:
      fn = Q8_0;
      break;
    case DType::kQ4_0:
      fn = Q4_0;
      break;
    case DType::kQ4_K:
      fn = Q4_K;
      break;
    case DType::kQ6_K:
      fn = Q6_K;
      break;
    default:
      break;
  }
  const GgmlTypeInfo* info = GgmlTypeByDType(t);
  if (fn == nullptr || info == nullptr) {
    return Unsupported(std::string("no reference quantiser for ") +
                       (info ? info->name : "this type"));
  }
  if (n % info->block_elems != 0) {
    return InvalidArgument(std::string(info->name) + ": element count " + std::to_string(n) +
                           " is not a multiple of the block of " +
                           std::to_string(info->block_elems));
  }
  for (uint64_t i = 0; i < n / info->block_elems; ++i) {
    fn(src + i * info->block_elems, dst + i * info->block_bytes);
  }
  return Status::Ok();
}

}  // namespace lineage
