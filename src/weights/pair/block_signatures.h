// Pipeline stages "block signatures" and "block map (all pairs)" (pair_analysis.h): a compact
// signature of every block's MLP units in the common basis, then the all-pairs block map
// (statistics/block_map.h) that finds which base block each candidate block came from.
//
// Contract:
//   - ReadSignaturesAhead (stage "read-ahead", before the alignment) starts the read-ahead
//     (weights/source/read_ahead.h) of what the next stages read from local files: both
//     embeddings, the candidate's signature rows and every base MLP, in the order they are read,
//     so that the disk works while the alignment computes; it writes
//     read_ahead, which ComputeBlockSignatures releases. Reads no weights itself.
//   - ComputeBlockSignatures reads every block's MLP (not its attention) of both models once
//     through result.alignment
//     (parallel over in.pool: one block per task; unit_signature.h streams each block, so memory
//     is the signatures plus one chunk per task, never a whole block), writes
//     sig_a / sig_b / rows_a / widths_a (one slot per block, so the result does not depend on the
//     schedule), the MLP widths of result.diagnostics, and adds NaN/Inf counts to
//     result.non_finite. A block without an MLP keeps an empty signature.
//   - MapBlocks reads those signatures, writes result.block_map and frees the signatures.
//   - Errors: a model without transformer blocks → InvalidArgument; read failures name the block.
//     Deterministic in in.options.seed. Not thread-safe on one state.
#pragma once

#include "weights/pair/pair_state.h"

namespace lineage {

Status ReadSignaturesAhead(PairState& s);
Status ComputeBlockSignatures(PairState& s);
Status MapBlocks(PairState& s);

}  // namespace lineage
