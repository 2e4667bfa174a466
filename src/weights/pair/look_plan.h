// Sequential block reading's plan (METHODS.md §10.8): the order in which the chosen block pairs
// are read and the looks at which the stop rule is asked, both fixed from the number of pairs and
// the seed before any block is read, so stopping cannot choose which pairs count.
//
// Contract:
//   - PlannedLooks(n): looks after 2, 4, 8, … pairs (powers of two below n) and after all n;
//     empty for n ≤ 0. Its size is L, the Bonferroni factor over looks.
//   - LookPoints(plan, n): the looks an analysis of n pairs asks at under a plan for `plan` pairs:
//     the plan's looks before its last that come before n, then n (ascending; never more than
//     the plan's L); the power controls run on a few sampled blocks with the full model's plan.
//   - ReadOrder(n, robust, seed): a permutation of [0, n): the robust pairs (ascending indices
//     into the pairs) first, so the robust statistics exist from the first look on, then the
//     others; each group in a seeded shuffle. Weight-independent and deterministic in the seed.
//   - Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lineage {

std::vector<int> PlannedLooks(int n);

std::vector<int> LookPoints(int plan, int n);

std::vector<size_t> ReadOrder(size_t n, const std::vector<size_t>& robust, uint64_t seed);

}  // namespace lineage
