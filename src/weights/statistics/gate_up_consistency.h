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
//   - Unit sample: when h_a > options.max_units, only a fixed sample of A's units (seeded by
//     options.seed, independent of the weights; GateUpUnitSample) is matched, each against all of
//     B's units (a rectangular LAP), and agreement is over the sample. This bounds the cost at
//     max_units × h_b per matching instead of h_a × h_b. A null panel compared with the result
//     must use the same number of A units against the same B (random-init panels simply draw
//     that many units), so observed and null stay comparable; the output states the sample.
//   - Results are calibrated, not exact: combine with a panel via GateUpFindings.
//   - Memory O(N (h_a + h_b) + k h_b), k = matched A units. Pure, thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "evidence/finding.h"
#include "stats/panel.h"
#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage {

struct GateUpOptions {
  int64_t max_units = 512;  // A units matched at most (0 = all)
  uint64_t seed = 0x6A7E5;  // of the unit sample
  // A's full MLP width when gate_a/up_a already hold only the GateUpUnitSample(width_a) columns
  // (callers that compute responses for the sampled units only); 0 = the columns are all units.
  int64_t width_a = 0;
};

// The sorted A units GateUpConsistency matches: all of [0, h_a) when h_a <= max_units (or
// max_units is 0), else a seeded sample of max_units of them.
std::vector<int32_t> GateUpUnitSample(int64_t h_a, const GateUpOptions& options);

struct GateUpResult {
  int64_t n_probes = 0, h_a = 0, h_b = 0;
  int64_t units_tested = 0;          // A units matched (h_a unless sampled)
  bool sampled = false;              // units_tested < h_a: a seeded sample of A's units
  double agreement = 0;              // a, over the matched units
  double chance_agreement = 0;       // 1 / max(h_a, h_b), the expectation for unrelated matchings
  double spearman = 0;               // of the two matchings
  std::vector<int32_t> unit_sample;  // the matched A units (GateUpUnitSample)
  std::vector<int32_t> match_gate;   // k-th matched A unit → B unit by gate
  std::vector<int32_t> match_up;     // k-th matched A unit → B unit by |up|
};

Result<GateUpResult> GateUpConsistency(MatrixView gate_a, MatrixView up_a, MatrixView gate_b,
                                       MatrixView up_b, const GateUpOptions& options = {});

// B's side prepared once (column-z-scored responses), for callers that compare many A sides
// (observed and every null-panel replica) with the same B: the same result as the four-matrix
// call, without z-scoring B's N × h_b responses again for each of them.
struct GateUpSide {
  MatrixF gate_z, up_z;  // N × h_b each
};
Result<GateUpSide> PrepareGateUpSide(MatrixView gate_b, MatrixView up_b);
Result<GateUpResult> GateUpConsistency(MatrixView gate_a, MatrixView up_a, const GateUpSide& b,
                                       const GateUpOptions& options = {});

// Column-wise z-scoring (mean 0, population sd 1; zero-spread columns become 0), in row-major
// sweeps (contiguous reads; each column still summed in row order).
MatrixF ZScoreColumns(MatrixView m);

// Finding "gate_up_consistency": value = agreement; with a panel (agreement values of known-
// independent pairs) z/log10_p come from CalibrateAgainstPanel and the null is
// "calibrated-panel"; without one, no p is given. Always approximate = true.
std::vector<Finding> GateUpFindings(const GateUpResult& r, std::span<const double> panel,
                                    const std::string& component);

}  // namespace lineage
