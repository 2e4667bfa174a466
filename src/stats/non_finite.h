// The one non-finite policy for statistics inputs: NaN and ±inf become 0 and are counted.
//
// Why zero: a zeroed entry can neither crash a solver (SVD, LAP) nor create evidence (a zero unit
// matches nothing), and the count is reported beside the result so nothing is hidden.
//
// Why float has its own overloads: every weight matrix passes through these checks, so they run
// over every byte a 7B pair reads. The generic loop (a branch per value; GCC's -O2 does not
// vectorise it) and Eigen's allFinite (which evaluates m - m) took 8 ns a value, 1.5 s of the 7B
// bench's fine-tune shape alone; the float overloads test the exponent bits four lanes at a time
// and give the same answers.
//
// Contract: ScrubNonFinite works in place over caller-owned values and returns how many were
// replaced; AllFinite reads only. Pure apart from `values`; thread-safe for distinct spans.
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

// Float: the same replacements and count as the template, vectorised.
int64_t ScrubNonFinite(std::span<float> values);

// Whether no value is NaN or ±inf.
[[nodiscard]] bool AllFinite(std::span<const float> values);

}  // namespace lineage
