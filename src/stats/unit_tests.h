// Exact and permutation nulls for the unit-identity statistics (METHODS.md §4.2).
//
// Contract:
//   - HitCountLog10PBound: the union bound over K-subsets for "K of m sampled rows hit their own
//     index among h candidates": p <= (1/K!) Π_{t<K} (m-t)/(h-t). Valid (conservative) under
//     exchangeable units. Returns log10 p (0 for K = 0, and 0 — no evidence — for inconsistent
//     counts K > m or m > h).
//   - SpearmanOfAssignment: r = 1 - 6 Σ (π(i) - i)² / (h(h² - 1)) for a full permutation π of
//     [0, h). SpearmanLog10P: one-sided normal approximation z = r √(h-1), p = Φ̄(z).
//   - SpearmanPermutationNull: Monte Carlo permutation null for small h (exact enumeration is
//     impossible beyond h ≈ 10): T uniformly random permutations from a seeded Rng, p =
//     (1 + #{r_t >= r}) / (T + 1). Reported as "permutation (Monte Carlo)".
//   - Pure functions (the Monte Carlo one is deterministic in its seed), thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace lineage {

double HitCountLog10PBound(int64_t hits, int64_t sampled_m, int64_t h);

// π given as row → column, a permutation of [0, h); h >= 2.
double SpearmanOfAssignment(std::span<const int32_t> assignment);
// Spearman correlation of paired distinct values (no ties), e.g. child index vs matched parent
// index over the assigned units of a rectangular matching.
double SpearmanOfPairs(std::span<const int32_t> x, std::span<const int32_t> y);
double SpearmanZ(double r, int64_t h);
double SpearmanLog10P(double r, int64_t h);

struct PermutationP {
  double log10_p = 0;
  int samples = 0;
  int exceed = 0;  // #{r_t >= r}
};
PermutationP SpearmanPermutationNull(double r, int64_t h, int samples, uint64_t seed);

}  // namespace lineage
