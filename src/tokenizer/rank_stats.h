// Rank statistics used by the tokenizer comparison: Spearman's rho of paired values and the
// longest increasing subsequence (how much of an order survives).
//
// Contract: pure, thread-safe, O(n log n). Values within each coordinate are assumed distinct
// (ids and ranks are); ties would be ranked by position.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace lineage {

// Spearman's rho between the first and second members; 0 when fewer than 2 pairs.
double SpearmanOfPairs(std::vector<std::pair<int64_t, int64_t>> pairs);

// Length of the longest strictly increasing subsequence.
int64_t LongestIncreasingSubsequence(const std::vector<int64_t>& values);

}  // namespace lineage
