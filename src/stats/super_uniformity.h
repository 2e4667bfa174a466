// Checks that p-values claimed valid under H0 are super-uniform: P(p ≤ α) ≤ α (METHODS §10.6).
// Discrete and conservative tests are super-uniform, not uniform, so a two-sided KS test would
// reject them; this check counts rejections at fixed levels instead.
//
// Contract:
//   - For each α, the count of log10 p ≤ log10 α among n p-values passes when it does not exceed
//     the upper binomial quantile of Bin(n, α) at `confidence` (one-sided): the largest count a
//     test with P(p ≤ α) = α exceeds with probability at most 1 − confidence.
//   - Pure; thread-safe. The harness for every null that claims validity (exact tests, calibrated
//     panels held out by lineage); callers supply seeded null draws.
#pragma once

#include <span>
#include <vector>

namespace lineage {

struct SuperUniformityRow {
  double alpha = 0;
  int n = 0;
  int rejections = 0;  // #{p ≤ α}
  int bound = 0;       // upper binomial quantile of Bin(n, α) at the confidence
  bool ok = false;     // rejections ≤ bound
};

// The smallest k with P(Bin(n, p) > k) ≤ 1 − confidence.
int BinomialUpperQuantile(int n, double p, double confidence);

std::vector<SuperUniformityRow> CheckSuperUniform(std::span<const double> log10_p,
                                                  std::span<const double> alphas,
                                                  double confidence = 0.999);

}  // namespace lineage
