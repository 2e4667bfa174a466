// Combining and correcting p-values, and what a p-value can support (METHODS.md §4.2, §10).
//
// Contract:
//   - Inputs and outputs are logs (ln or log10 as named); nothing underflows. Results are clamped
//     into [kMinLog10P, 0] (see log_p.h).
//   - Pure functions, thread-safe.
#pragma once

#include <span>

namespace lineage {

// Fisher's method over independent one-sided tests: X = -2 Σ ln p_i, p = P(χ²_{2L} >= X).
// Takes ln p_i; returns ln p. Exact for independent tests (blocks under H0); valid, conservative,
// when some inputs are conservative bounds. An empty input returns 0 (p = 1).
double FisherCombine(std::span<const double> ln_p);
// The statistic X for reports.
double FisherStatistic(std::span<const double> ln_p);

// Bonferroni over m tests, in log10: min(0, log10 p + log10 m). m >= 1.
double BonferroniLog10(double log10_p, double m);

// Upper bound on the Bayes factor a p-value alone supports (Sellke, Bayarri, Berger 2001):
//   BF <= 1 / (-e p ln p) for p < 1/e; in logs -log10 p - log10 e - log10(-ln p).
// Takes log10 p; returns log10 of the bound (0 when p >= 1/e: no evidence).
double Log10BayesFactorCap(double log10_p);

}  // namespace lineage
