// Norm-vector comparison (METHODS.md §5): norm weights sit near a positive constant, so raw
// cosine is high for independent vectors; only the centred statistic (Pearson) with a shuffle
// null can carry evidence, and a high raw cosine with a low Pearson is flagged.
//
// Contract:
//   - a and b have equal length >= 2 (else InvalidArgument); non-finite elements → InvalidArgument.
//   - Pearson r with a shuffle null: b's coordinates permuted `shuffles` times (seeded Rng),
//     p = (1 + #{|r_t| >= |r|}) / (T + 1) (two-sided in |r|, as METHODS §5 states).
//   - mean_dominated = raw cosine > 0.9 and Pearson < 0.1: the similarity is the shared constant,
//     uninformative about lineage.
//   - Pure, deterministic in the seed, thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "evidence/finding.h"
#include "util/status.h"

namespace lineage {

struct NormVectorResult {
  int64_t n = 0;
  double cosine = 0;
  double pearson = 0;
  double rel_l2 = 0;  // ‖a - b‖ / ‖b‖
  double mean_a = 0, mean_b = 0, sd_a = 0, sd_b = 0;
  double shuffle_log10_p = 0;
  int shuffles = 0;
  int exceed = 0;
  double shuffled_cosine = 0;  // raw cosine after one shuffle: what chance alone gives
  bool mean_dominated = false;
};

Result<NormVectorResult> CompareNormVectors(std::span<const float> a, std::span<const float> b,
                                            int shuffles = 999, uint64_t seed = 0x5EED);

// Finding "norm_vector_pearson" (never decisive: context). The note says "mean-dominated,
// uninformative" when flagged.
Finding NormVectorFinding(const NormVectorResult& r, const std::string& component);

}  // namespace lineage
