// StreamedHits: S1's hit count (unit_identity.h, test (a)) with the base's units arriving in row
// chunks, and each unit's vector in parts, so that the base block is never held whole.
//
// Why: at 7B a base block's unit matrix [G T | U T] is h × 2d f32, 0.36 GB, and building it held
// G and U as f32 as well. The hit count needs only, for each sampled candidate unit, the base unit
// of largest cosine; cos(a, b) = (a_G·b_G + a_U·b_U) / (|a| |b|), so the gate half and the up half
// of every base unit can arrive in separate passes over the two matrices, a chunk at a time.
//
// Contract:
//   - `a_rows` (m × k) holds the candidate's sampled units, `rows` their indices among its h_a
//     units (HitSampleRows), `h_b` the base's unit count. Add(col, first, part) adds columns
//     [col, col + part.cols()) of base units [first, first + part.rows()); every column of every
//     base unit must be added exactly once before Finish (checked by count).
//   - Finish gives the UnitIdentityResult that CompareUnits (without the LAP) gives for the whole
//     matrices: the same argmax up to float rounding of the cosines (a tie closer than that may
//     resolve differently), the same h_a, h_b, k and hit fields; hit_test_valid only when
//     h_a == h_b. A zero-norm base unit has cosine 0.
//   - Memory: m × h_b floats for the dot products plus h_b doubles. Not thread-safe; one object
//     per block pair.
#pragma once

#include <cstdint>
#include <vector>

#include "util/status.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/unit_identity.h"

namespace lineage {

class StreamedHits {
 public:
  [[nodiscard]] static Result<StreamedHits> Start(const Mat& a_rows, std::vector<int32_t> rows,
                                                  int64_t h_a, int64_t h_b);

  [[nodiscard]] Status Add(int64_t col, int64_t first, const Mat& part);

  [[nodiscard]] Result<UnitIdentityResult> Finish() const;

 private:
  StreamedHits() = default;

  Mat a_;                      // m × k, the candidate's sampled units
  std::vector<int32_t> rows_;  // their indices
  int64_t h_a_ = 0;
  Mat dot_;                    // m × h_b: Σ over parts of a·b
  std::vector<double> norm2_;  // h_b: Σ over parts of |b|²
  int64_t added_ = 0;          // entries of base units added, of h_b × k
};

}  // namespace lineage
