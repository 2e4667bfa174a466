// Comparing two fingerprints (METHODS.md §14): exact identity from the tensor hashes, the
// tokenizer overlap, and the two sketch tests on the MLP blocks.
//
//   - Unit-identity hit count (exact null, METHODS.md §4.2 on sketches): the kept units of each
//     block are the rows [gate responses, up responses] over the probe tokens both fingerprints
//     kept. Each kept unit of A is matched to its nearest kept unit of B (cosine); a hit is a
//     match carrying A's own label. Under H0 the base's labels are a uniformly random permutation
//     and the kept units were chosen without labels, so K hits among m_A kept units of width h
//     have P(K ≥ k) ≤ (1/k!) Π_{t<k} (m_A − t)/(h − t) (stats/unit_tests.h). Only for equal
//     widths. Survives fine-tuning drift, any orthogonal map of the residual basis (signed
//     permutation, rotation) and scale moved between γ and W; a permutation of MLP units defeats
//     it.
//   - Block pairing, fixed before any test: equal block counts pair by layer number and Fisher
//     combines the blocks (independent labellings). Different block counts (depth up-scaling,
//     layer pruning) test every (A block, B block) cell of equal width, report each A block's
//     best B block (the map), and give the smallest cell p times the number of cells (Bonferroni
//     over the map's cells, valid whatever the dependence between cells that share a block).
//   - Gate/up consistency on sketches (S2 of METHODS.md §4.3 on the kept units), planned on at
//     most kSketchS2Blocks paired blocks spread evenly over depth and curtailed exactly once the
//     blocks run decide the mean against the floor (its two assignment solves per block were
//     most of a search's time; the decision is a mean against a floor far above chance):
//     survives MLP unit permutation as well; its null is not exact, so it relates a pair only
//     above the effect floor (agreement ≥ 0.5, as in the full pipeline) and carries no p-value.
//     In a depth map, an A block pairs for S2 with its best B block when that cell is matched
//     (corrected log10 p ≤ −2, as METHODS.md §4.6), else with the B block at the same relative
//     depth.
//   - The residual alignment of weights/align on the shared probe embedding rows is context only
//     (the responses need none): which transform the embeddings suggest.
//
// Contract: both fingerprints must share version and projection seed (else InvalidArgument).
// Fewer than kMinSharedTokens shared probe tokens → no block test, said in `note`. Pure,
// deterministic, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fingerprint/fingerprint.h"
#include "util/status.h"

namespace lineage {

inline constexpr size_t kMinSharedTokens = 8;
// The decision level of METHODS.md §10 for an exact log10 p (after any correction).
inline constexpr double kRelatedLog10P = -12;
// The S2 effect floor (METHODS.md §4.3).
inline constexpr double kSketchAgreementFloor = 0.5;
// Paired blocks S2 runs on, spread evenly over depth.
inline constexpr size_t kSketchS2Blocks = 4;

struct SketchBlockResult {
  int32_t layer = 0;
  int32_t layer_b = 0;  // the B block it was paired with (its own layer unless depth-mapped)
  uint32_t width_a = 0, width_b = 0;
  int64_t kept_a = 0, kept_b = 0;
  bool hit_test_valid = false;  // equal widths
  int64_t hits = 0;
  double hit_log10_p = 0;      // of this cell alone (uncorrected for a depth map)
  bool agreement_run = false;  // S2 ran on this block (kSketchS2Blocks)
  double agreement = 0;        // gate/up consistency over A's kept units
  double chance_agreement = 0;
};

struct SketchComparison {
  size_t identical_tensors = 0;  // stored sha256 shared by both (one-to-one)
  size_t tensors_a = 0, tensors_b = 0;
  double token_jaccard = 0;     // of the regular-token strings (hashes)
  double same_id_fraction = 0;  // shared tokens with the same id in both
  int64_t shared_probe_tokens = 0;
  // "identity", "signed-permutation", "rotation", "none" (context); "" when not asked for
  std::string alignment;
  std::vector<SketchBlockResult> blocks;
  bool depth_map = false;     // block counts differ: every cell tested (contract above)
  int64_t map_cells = 0;      // cells with a valid hit test in a depth map
  int hit_blocks = 0;         // blocks with a valid hit test
  double hits_log10_p = 0;    // Fisher over those blocks, or the map's corrected minimum
  int s2_blocks = 0;          // blocks S2 ran on
  double mean_agreement = 0;  // over those blocks
  std::string note;
};

struct SketchCompareOptions {
  // The residual alignment of the probe embedding rows (context only; an SVD per pair). A
  // registry search, which never reports it, turns it off.
  bool context_alignment = true;
};

Result<SketchComparison> CompareFingerprints(const Fingerprint& a, const Fingerprint& b,
                                             const SketchCompareOptions& options = {});

// What a search reports: related by the exact test at `log10_threshold` (the caller's corrected
// level), or by the robust statistic above its effect floor.
bool RelatedExact(const SketchComparison& c, double log10_threshold = kRelatedLog10P);
bool RelatedRobust(const SketchComparison& c);

}  // namespace lineage
