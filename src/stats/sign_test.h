// The exact one-sided sign test of paired observations, Holm–Bonferroni adjustment, and the
// number of pairs a sign test needs for a stated power (METHODS, "Output agreement").
//
// Contract:
//   - SignTestP(wins, losses): P(X >= wins) for X ~ Binomial(wins + losses, 1/2), exact (summed
//     in log space), the one-sided p of "wins are more likely than losses"; ties are dropped by the
//     caller. No pairs (0, 0) → 1. Negative counts → 1 (claims nothing).
//   - HolmAdjust(p): Holm's step-down adjusted p-values, in the input order, each in [0, 1];
//     monotone in the sorted order, so "adjusted p < α" is Holm's rejection at family-wise α.
//   - SignTestPairsForPower(q, alpha, power, max_n): the smallest number n of untied pairs for
//     which the one-sided exact sign test at level alpha rejects with probability >= power when a
//     pair is a win with probability q (> 1/2); -1 when no n <= max_n reaches it.
//   - Pure; thread-safe.
#pragma once

#include <span>
#include <vector>

namespace lineage {

double SignTestP(int wins, int losses);
std::vector<double> HolmAdjust(std::span<const double> p);
int SignTestPairsForPower(double q, double alpha, double power, int max_n);

}  // namespace lineage
