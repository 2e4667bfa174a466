// Pipeline stage "pairing" (pair_analysis.h): states H0 and the scope, refuses empty models, and
// caps the shared-token rows that the alignment and the probes will read.
//
// Contract:
//   - Reads in.candidate, in.base (keys and layouts only), in.shared.
//   - Writes shared (at most 16384 pairs), result.h0, result.scope and the components of
//     result.diagnostics.
//   - Errors: an empty model (no weight tensors) → InvalidArgument naming the side.
//   - Reads no weights. Not thread-safe on one state.
#pragma once

#include <cstddef>

#include "weights/align/shared_tokens.h"
#include "weights/pair/pair_state.h"

namespace lineage {

Status PreparePair(PairState& s);

// The first `cap` shared pairs in hash order (a deterministic, weight-independent subset), with
// halves and probes restricted to them: alignment memory is cap × d, not vocabulary × d.
SharedTokenRows CapSharedRows(const SharedTokenRows& s, size_t cap);

}  // namespace lineage
