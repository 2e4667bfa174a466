// Comparing two fingerprints (METHODS.md §14): exact identity from the tensor hashes, the
// tokenizer overlap, and the two sketch tests on the MLP blocks.
//
//   - Unit-identity hit count (exact null, METHODS.md §4.2 on sketches): the kept units of each
//     block are the rows [gate responses, up responses] over the probe tokens both fingerprints
//     kept. Each kept unit of A is matched to its nearest kept unit of B (cosine); a hit is a
//     match carrying A's own label. Under H0 the base's labels are a uniformly random permutation
//     and the kept units were chosen without labels, so K hits among m_A kept units of width h
//     have P(K ≥ k) ≤ (1/k!) Π_{t<k} (m_A − t)/(h − t) (stats/unit_tests.h). Only for equal
//     widths. Blocks pair by layer number; Fisher combines them (independent labellings).
//     Survives fine-tuning drift, any orthogonal map of the residual basis (signed permutation,
//     rotation) and scale moved between γ and W; a permutation of MLP units defeats it.
//   - Gate/up consistency on sketches (S2 of METHODS.md §4.3 on the kept units): survives MLP
//     unit permutation as well; its null is not exact, so it relates a pair only above the effect
//     floor (agreement ≥ 0.5, as in the full pipeline) and carries no p-value.
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

struct SketchBlockResult {
  int32_t layer = 0;
  uint32_t width_a = 0, width_b = 0;
  int64_t kept_a = 0, kept_b = 0;
  bool hit_test_valid = false;  // equal widths
  int64_t hits = 0;
  double hit_log10_p = 0;
  double agreement = 0;  // gate/up consistency over A's kept units
  double chance_agreement = 0;
};

struct SketchComparison {
  size_t identical_tensors = 0;  // stored sha256 shared by both (one-to-one)
  size_t tensors_a = 0, tensors_b = 0;
  double token_jaccard = 0;     // of the regular-token strings (hashes)
  double same_id_fraction = 0;  // shared tokens with the same id in both
  int64_t shared_probe_tokens = 0;
  std::string alignment;  // "identity", "signed-permutation", "rotation", "none" (context)
  std::vector<SketchBlockResult> blocks;
  int hit_blocks = 0;         // blocks with a valid hit test
  double hits_log10_p = 0;    // Fisher over those blocks (exact, conservative)
  double mean_agreement = 0;  // over compared blocks
  std::string note;
};

Result<SketchComparison> CompareFingerprints(const Fingerprint& a, const Fingerprint& b);

// What a search reports: related by the exact test at `log10_threshold` (the caller's corrected
// level), or by the robust statistic above its effect floor.
bool RelatedExact(const SketchComparison& c, double log10_threshold = kRelatedLog10P);
bool RelatedRobust(const SketchComparison& c);

}  // namespace lineage
