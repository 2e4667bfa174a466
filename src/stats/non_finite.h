// The one non-finite policy for statistics inputs: NaN and ±inf become 0 and are counted.
//
// Why zero: a zeroed entry can neither crash a solver (SVD, LAP) nor create evidence (a zero unit
// matches nothing), and the count is reported beside the result so nothing is hidden.
//
// Contract: in place over caller-owned values; returns how many were replaced. Pure apart from
// `values`; thread-safe for distinct spans.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace lineage {

template <typename T>
int64_t ScrubNonFinite(std::span<T> values) {
  int64_t n = 0;
  for (T& v : values) {
    if (!std::isfinite(v)) {
      v = 0;
      ++n;
    }
  }
  return n;
}

}  // namespace lineage
