// Block signatures read in chunks (METHODS.md §4.6): a block's MLP unit rows [G T | U T] times the
// signature projection P, computed as G·(diag γ · T · P_gate) + U·(diag γ · T · P_up), so neither
// the block's matrices nor its units in the common basis are ever held whole.
//
// Contract:
//   - SignatureReading is T·P split into the gate half and the up half (d × dims each): built once
//     per model and side, then shared by every block (read-only, thread-safe).
//   - UnitSignatureRows gives the signature rows of a gated block's units `rows` (indices into
//     the h units, in that order), or of all h units when `rows` is empty. All units are streamed
//     (WeightSource::Stream, chunk_rows rows at a time); a row subset is read with ReadRows. The
//     block's pre-MLP norm γ multiplies T·P's rows instead of the weights' columns, the same
//     product (norm_folding.h). Memory: the result plus one chunk of each matrix.
//   - An ungated block (fc1/fc2), whose second matrix holds its units as columns, is read whole
//     through LoadBlockUnits and projected: the same numbers, without the memory bound.
//   - NaN/Inf values are zeroed and counted in *non_finite, as LoadBlockUnits does. A missing MLP
//     → kNotFound; shapes that do not fit T → kInvalidArgument naming the block.
//   - Thread-safe for distinct calls (no shared mutable state).
#pragma once

#include <cstdint>
#include <vector>

#include "util/status.h"
#include "weights/align/alignment.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/block_tests.h"

namespace lineage {

struct SignatureReading {
  Mat gate, up;    // d × dims: T · P_gate, T · P_up
  Mat projection;  // 2·common × dims, for the ungated path
};

// T·P for one side; projection must have 2·T.cols() rows.
[[nodiscard]] Result<SignatureReading> MakeSignatureReading(const Mat& t, const Mat& projection);

// `align` and `side` are the ones `reading` was made from (the ungated path reads through them).
[[nodiscard]] Result<Mat> UnitSignatureRows(const WeightSource& src, int layer, int expert,
                                            const ResidualAlignment& align, Side side,
                                            const SignatureReading& reading,
                                            const std::vector<int32_t>& rows, int64_t* non_finite,
                                            uint64_t chunk_rows = 1024);

}  // namespace lineage
