// Pipeline stage "embedding rows + alignment" (pair_analysis.h): the common residual basis of the
// two models (align/alignment.h) and the probe rows that S2 and S4 read.
//
// Contract:
//   - Reads shared (PreparePair), in.options (seed, s2_probes), the embedding's shared rows of
//     each model (never the whole vocabulary), or, without embeddings, block 0's MLP shape.
//   - Writes result.alignment, probes_a / probes_b, token_probes, the residual, vocabulary and
//     same-id fields of result.diagnostics, result.notes (assumptions, zeroed values) and adds
//     zeroed embedding values to result.non_finite.
//   - With embeddings and shared tokens: Procrustes/permutation alignment through the shared
//     rows; probes are rmsnorm(E[probe tokens]), the first s2_probes of them. Otherwise the
//     identity basis is assumed (the widths must agree) and said in the notes; a tower without
//     embeddings probes a seeded sample of its unit vectors instead.
//   - Errors: neither an embedding nor a block-0 MLP, or unequal widths without shared tokens →
//     InvalidArgument; read failures. Deterministic in in.options.seed. Not thread-safe on one
//     state.
#pragma once

#include "weights/pair/pair_state.h"

namespace lineage {

Status AlignResidualStreams(PairState& s);

}  // namespace lineage
