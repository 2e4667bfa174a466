// S2 — gate/up matching consistency from probe responses (METHODS.md §4.3). Robust to MLP unit
// permutation, residual rotation and rescaling; the null is empirical (a panel), never exact.
//
// Contract:
//   - Inputs: per model the N × h response matrices R_g = X Gᵀ and R_u = X Uᵀ for the same N probe
//     token strings (each model probed in its own basis). N must match (>= 3); h_a and h_b may
//     differ. Non-finite responses → InvalidArgument.
//   - Columns are z-scored (constant columns become zero). A's units are matched to B's twice by
//     LAP: on the gate-response correlation (signed) and on the absolute up-response correlation.
//     agreement a = #{i : π_g(i) = π_u(i)} / h_A (≈ 1/h_B for independent models); `spearman` is
//     the Spearman correlation of π_g and π_u over A's assigned units.
//   - Results are calibrated, not exact: combine with a panel via GateUpFindings.
//   - Memory O(N (h_a + h_b) + h_a h_b). Pure, thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stats/panel.h"
#include "util/status.h"
#include "verdict/evidence.h"
#include "weights/matrix.h"

namespace lineage {

struct GateUpResult {
  int64_t n_probes = 0, h_a = 0, h_b = 0;
  double agreement = 0;          // a
  double chance_agreement = 0;   // 1 / max(h_a, h_b), the expectation for unrelated matchings
  double spearman = 0;           // of the two matchings
  std::vector<int32_t> match_gate;  // A unit → B unit by gate
  std::vector<int32_t> match_up;    // A unit → B unit by |up|
};

Result<GateUpResult> GateUpConsistency(MatrixView gate_a, MatrixView up_a, MatrixView gate_b,
                                       MatrixView up_b);

// Column-wise z-scoring (mean 0, population sd 1; zero-spread columns become 0).
MatrixF ZScoreColumns(MatrixView m);

// Finding "gate_up_consistency": value = agreement; with a panel (agreement values of known-
// independent pairs) z/log10_p come from CalibrateAgainstPanel and the null is
// "calibrated-panel"; without one, no p is given. Always approximate = true.
std::vector<Finding> GateUpFindings(const GateUpResult& r, std::span<const double> panel,
                                    const std::string& component);

}  // namespace lineage
