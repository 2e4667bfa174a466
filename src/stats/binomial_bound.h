// Exact (Clopper–Pearson) one-sided confidence bound for a binomial proportion: the statement
// "power ≥ L at confidence 1 − α" from k detections among n positive controls (METHODS §10).
//
// Contract:
//   - ClopperPearsonLower(k, n, confidence) is the largest L with P(X ≥ k | p = L) ≤ α,
//     α = 1 − confidence: the α quantile of Beta(k, n − k + 1), found by bisection on the
//     regularised incomplete beta (distributions.h LogBetaI) to 1e-12. k = 0 → 0; k = n → α^(1/n)
//     (closed form). Invalid input (n ≤ 0, k outside [0, n], confidence outside (0, 1)) → 0, the
//     bound that claims nothing.
//   - ClopperPearsonUpper(k, n, confidence) = 1 − ClopperPearsonLower(n − k, n, confidence): the
//     smallest U with P(X ≤ k | p = U) ≤ α. Invalid input → 1, the bound that claims nothing.
//   - ProportionInterval(k, n) is the two-sided interval at `confidence`: each end one-sided at
//     (1 + confidence) / 2.
//   - Pure, deterministic, thread-safe.
#pragma once

namespace lineage {

double ClopperPearsonLower(int k, int n, double confidence);
double ClopperPearsonUpper(int k, int n, double confidence);

struct Interval {
  double low = 0, high = 1;
};
Interval ProportionInterval(int k, int n, double confidence);

}  // namespace lineage
