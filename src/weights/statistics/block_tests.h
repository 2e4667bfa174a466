// Per-block tests (METHODS.md §4.2–4.4) on one candidate block and one base block, in the common
// residual basis of a ResidualAlignment, norm weights folded:
//   - S1 on MLP units u_i = [G_i, U_i] (exact null: hit count and LAP + one-sided Spearman); an
//     ungated MLP (fc1 → activation → fc2: GPT-2, CLIP/SigLIP/ViT towers) has no gate, and its
//     unit i is fc1's row i with fc2's column i, u_i = [U_i, D_·i], both in the common basis
//     (fc2 writes the residual, so its column goes through Tᵀ like any writing matrix). Under H0
//     the order of hidden units is exchangeable just as for gated MLPs: the same exact null;
//   - S1 on attention heads (query rows per head; secondary units);
//   - S2 gate/up matching consistency from probe responses in each model's own basis (robust,
//     calibrated against a panel, never exact). An ungated MLP has no gate; its analogue matches
//     units once by fc1 responses X Uᵀ and once by fc2 write responses X D (unit i's column of
//     fc2 read by the probes), which a unit permutation moves together. Same statistic, same
//     random-init panel: calibrated, not exact;
//   - S3 unbiased CKA of W_q and W_k (samples = common residual dims).
// Fisher combination over blocks is exact because blocks are independent under H0.
//
// Contract:
//   - LoadBlockUnits reads one block (or one expert of it) from a WeightSource: memory is that
//     block's matrices plus the probe responses, or with MlpReading a chunk of the MLP plus the
//     sampled units' rows. A block with gate and up is gated; one with up
//     (fc1) and down (fc2) but no gate is ungated. Missing up (or, ungated, down) → kNotFound;
//     NaN/Inf weights are reported through `non_finite` and zeroed so they cannot create
//     evidence.
//   - CompareBlocks is pure and deterministic in options.seed. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evidence/finding.h"
#include "util/status.h"
#include "weights/align/alignment.h"
#include "weights/source/weight_source.h"
#include "weights/statistics/gate_up_consistency.h"
#include "weights/statistics/unit_identity.h"

namespace lineage {

enum class Side { kCandidate, kBase };

struct BlockUnits {
  int layer = -1;
  int expert = -1;
  bool gated = true;  // false: fc1/fc2 MLP, and the "gate"/"up" fields below hold fc1/fc2
  int64_t units = 0;  // h, the MLP's unit count, whichever of its rows were read
  Mat mlp;            // h × 2·common_dim: [G T, U T]; ungated [U T, Dᵀ T] (see unit_rows, hits)
  // When set (MlpReading::unit_rows), `mlp` holds only these units, in this order.
  std::vector<int32_t> unit_rows;
  // When set (MlpReading::hits_against), `mlp` is empty: the MLP was streamed and this is S1's
  // hit count of the candidate's sampled units against it.
  std::optional<UnitIdentityResult> hits;
  Mat heads;      // n_heads × (D · common_dim): each head's query rows in the common basis
  Mat q, k;       // W_q T, W_k T (for CKA)
  Mat gate_resp;  // N × h probe responses X Gᵀ (own basis), empty without probes; ungated X Uᵀ
  Mat up_resp;    // N × h; ungated X D
  // When set, the responses cover only these units (columns in this order), not all h.
  std::vector<int32_t> response_units;
  // Spread of the stored (unfolded) finite gate and up values, measured for a candidate block
  // read with probes (over the units read, when only some are): the S2 null panel draws its
  // random-init units at these scales.
  double gate_sd = 0, up_sd = 0;
  int64_t non_finite = 0;  // NaN/Inf values zeroed, among the values read
};

// Whether LoadBlockUnits reads the block's attention (q, k: the heads test). Callers that use
// only the MLP units (block signatures, expert matching) skip it: at 7B that is 64 MB of reading,
// and for a rotated control two d × d products, per block and side.
enum class Attention { kRead, kSkip };

// How much of a gated MLP to hold. By default every unit, [G T | U T] whole. A wide block pair
// whose S1 is the hit count alone (no LAP: CompareBlocks) needs less, and at 7B the whole matrix
// is 0.36 GB per side (METHODS.md §4.2 "Memory"):
//   - the candidate only its hit sample: `unit_rows` (HitSampleRows), read with ReadRows;
//   - the base none of it held: its gate and up are streamed a chunk of rows at a time against
//     `hits_against` (the candidate's BlockUnits loaded with unit_rows), giving BlockUnits::hits.
// Ungated MLPs (fc2's units are its columns) are always read whole.
struct MlpReading {
  const std::vector<int32_t>* unit_rows = nullptr;
  const BlockUnits* hits_against = nullptr;
  uint64_t chunk_rows = 1024;
};

// `probes` are rmsnorm(E[S_probe]) rows in the model's own basis (N × d), possibly empty.
// `response_units` (optional) restricts the probe responses to those MLP units (the S2 sample
// of a wide candidate block, GateUpUnitSample): N × k instead of N × h.
Result<BlockUnits> LoadBlockUnits(const WeightSource& src, int layer, int expert,
                                  const ResidualAlignment& align, Side side, const Mat& probes,
                                  const std::vector<int32_t>* response_units = nullptr,
                                  Attention attention = Attention::kRead,
                                  const MlpReading& reading = {});

// The MLP's units and reading width at a block (or expert): rows × cols of its gate, or of its
// up (fc1) when the MLP is ungated; {0, 0} without an MLP. Reads shapes only.
std::pair<uint64_t, uint64_t> MlpUnitShape(const WeightSource& src, int layer, int expert);
bool HasMlp(const WeightSource& src, int layer, int expert);
// The MLP whose units stand for a block, on either side of a pair: -1 (the dense MLP) when the
// block has one, else expert 0 of an MoE block. An MoE model is compared through expert 0 (an MoE
// candidate against a dense base also one expert at a time: block_identity.h), so an MoE base is
// tested like a dense one instead of having no units to compare.
int SignatureExpert(const WeightSource& src, int layer);

// The two matrices whose rows make an MLP unit, as stored (not folded): gate and up, or for an
// ungated MLP up (fc1) and down (fc2, whose columns are the units: callers transpose it).
std::pair<TensorKey, TensorKey> MlpUnitKeys(const WeightSource& src, int layer, int expert);

// rmsnorm of each row (no γ: γ is folded into the matrices that read it).
Mat RmsNormRows(const Mat& x);

// Whether the CKA findings may decide: they may not (their null is a published panel of other
// model families, not recalibrated here). An analysis that keeps only its decision skips CKA while
// this is false (WeightsOptions::decision_only).
inline constexpr bool kCkaDecides = false;

struct BlockTestOptions {
  uint64_t seed = 0xB10C;
  int64_t lap_max_h = 4096;  // above this width only the hit count runs (METHODS: cheap S1)
  // Rows sampled for the hit count: each costs a cosine row against all h base units; 512 hits
  // of h = 8192 give log10 p near -2000 for a copy, so power is not the limit.
  int64_t hit_sample_m = 512;
  bool run_heads = true;
  bool run_gate_up = true;
  GateUpOptions gate_up;  // S2 unit sample (wide blocks match a seeded sample of units)
  bool run_cka = true;
  // CKA samples are the common residual dims; above this many a seeded sample of them (the same
  // for both sides) is used: HSIC_u stays unbiased, the Gram matrices cost k² instead of d².
  int64_t cka_max_dims = 512;
};

struct BlockComparison {
  int candidate_layer = -1, base_layer = -1;
  UnitIdentityResult mlp;
  std::optional<UnitIdentityResult> heads;
  std::optional<GateUpResult> gate_up;
  std::optional<double> cka_q, cka_k;
  int64_t cka_dims = 0, cka_dims_total = 0;  // residual dims CKA used, of how many
  // The block's primary exact log10 p: the LAP Spearman test when it ran, else the hit count.
  double log10_p = 0;
  std::string primary_test;
};

// S1's options for a block pair: the seed and hit sample CompareBlocks uses, so that a loader
// sampling the candidate's units (MlpReading::unit_rows) takes HitSampleRows(h, HitOptions(o)).
UnitIdentityOptions HitOptions(const BlockTestOptions& options);
// Whether S1 on a pair of these widths is the hit count alone (no LAP), so MlpReading suffices.
bool SampledUnitsSuffice(int64_t units_a, int64_t units_b, const BlockTestOptions& options);

Result<BlockComparison> CompareBlocks(const BlockUnits& a, const BlockUnits& b,
                                      const BlockTestOptions& options);

std::vector<Finding> BlockFindings(const BlockComparison& c);

}  // namespace lineage
