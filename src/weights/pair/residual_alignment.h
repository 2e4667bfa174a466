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
//   - Sampled reading (block_pairs.h ReadsSampled) aligns through the first
//     SampledAlignmentRows(width) shared tokens in hash order: at 7B 12,288 of 32,000 rows, so
//     the two models' rows take 0.4 GB instead of 1 GB.
//   - Errors: neither an embedding nor a block-0 MLP, or unequal widths without shared tokens →
//     InvalidArgument; read failures. Deterministic in in.options.seed. Not thread-safe on one
//     state.
#pragma once

#include <cstddef>
#include <cstdint>

#include "weights/pair/pair_state.h"

namespace lineage {

// Three rows per residual dim, at least 8,192: the rotation's fit half then has about 1.5 d rows,
// full column rank, so an exact rotation is recovered exactly (METHODS.md §4.1).
inline constexpr int64_t kSampledAlignmentRowsMin = 8192;
size_t SampledAlignmentRows(int64_t width);

Status AlignResidualStreams(PairState& s);

}  // namespace lineage
