#include "stats/non_finite.h"

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lineage {

namespace {

// A float is NaN or ±inf exactly when all its exponent bits are set.
constexpr uint32_t kExponent = 0x7f800000u;

bool NonFinite(float v) { return (std::bit_cast<uint32_t>(v) & kExponent) == kExponent; }

}  // namespace

int64_t ScrubNonFinite(std::span<float> values) {
  int64_t n = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i exponent = _mm_set1_epi32(static_cast<int>(kExponent));
  for (; i + 4 <= values.size(); i += 4) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(values.data() + i));
    const __m128i bad = _mm_cmpeq_epi32(_mm_and_si128(x, exponent), exponent);
    const int mask = _mm_movemask_ps(_mm_castsi128_ps(bad));
    if (mask == 0) continue;  // the usual case: nothing to write
    n += std::popcount(static_cast<unsigned>(mask));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(values.data() + i), _mm_andnot_si128(bad, x));
  }
#endif
  for (; i < values.size(); ++i) {
    if (NonFinite(values[i])) {
      values[i] = 0;
      ++n;
    }
  }
  return n;
}

bool AllFinite(std::span<const float> values) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i exponent = _mm_set1_epi32(static_cast<int>(kExponent));
  // Blocks of 64 values between exits: the common all-finite case stays branch-light.
  for (; i + 64 <= values.size(); i += 64) {
    __m128i any = _mm_setzero_si128();
    for (size_t k = 0; k < 64; k += 4) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(values.data() + i + k));
      any = _mm_or_si128(any, _mm_cmpeq_epi32(_mm_and_si128(x, exponent), exponent));
    }
    if (_mm_movemask_ps(_mm_castsi128_ps(any)) != 0) return false;
  }
#endif
  for (; i < values.size(); ++i) {
    if (NonFinite(values[i])) return false;
  }
  return true;
}

}  // namespace lineage
