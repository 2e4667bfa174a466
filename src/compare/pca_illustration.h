// The PCA illustration of the HTML/JSON reports (METHODS.md §11): per-block weight signatures of
// the candidate and every base, in one comparable basis, projected on their top two principal
// components. One track per model across its blocks. ILLUSTRATION, NOT EVIDENCE: no verdict reads
// it, and the reports label it so.
//
// Signature of a block (a fixed-length vector per block, identical recipe for every model):
//   for each reading matrix role present in every model (q, k, v, gate, up; dense trunk only),
//   fold the preceding norm's γ into the columns (norm_folding.h), express the columns in the
//   candidate's residual basis (a base's matrix M becomes M · T_b · T_aᵀ with the alignment the
//   weight analysis fitted for that base; the candidate's own is the identity), and take the log
//   of each column's norm: one number per residual dimension and role.
// Why this: column norms are invariant to any permutation or rotation of hidden units (MLP units,
// heads), so output-preserving camouflage of the hidden side does not move a derived model off
// its parent's track, while the residual side is pinned by the fitted alignment. Independent
// models' per-dimension profiles are unrelated after alignment, so their tracks separate.
//
// Contract:
//   - Reads at most kPcaRowsPerMatrix seeded rows of each matrix, in 16 runs of 16 consecutive
//     rows (WeightSource::ReadRows): the column norms are then estimates, stated in `features`.
//     Memory: one sampled matrix at a time plus (models × blocks) × (roles × width) floats.
//   - Borrows sources and alignments. Deterministic in `seed` (component signs fixed by the
//     largest loading). Errors (no common reading roles, unreadable tensors) are returned; the
//     caller states the illustration as absent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evidence/compare_result.h"
#include "util/status.h"
#include "weights/align/alignment.h"
#include "weights/source/weight_source.h"

namespace lineage {

constexpr int64_t kPcaRowsPerMatrix = 256;

struct PcaBaseInput {
  std::string label;
  const WeightSource* source = nullptr;
  const ResidualAlignment* alignment = nullptr;  // as fitted by AnalyzeWeights(candidate, base)
};

Result<PcaIllustration> BuildPcaIllustration(const std::string& candidate_label,
                                             const WeightSource& candidate,
                                             const std::vector<PcaBaseInput>& bases, uint64_t seed);

}  // namespace lineage
