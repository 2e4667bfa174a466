#include "tokenizer/rank_stats.h"

#include <algorithm>

namespace lineage {

double SpearmanOfPairs(std::vector<std::pair<int64_t, int64_t>> pairs) {
  size_t n = pairs.size();
  if (n < 2) return 0;
  std::sort(pairs.begin(), pairs.end());  // rank of .first = position
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t x, size_t y) { return pairs[x].second < pairs[y].second; });
  // order[r] = position whose second has rank r; d = position - r.
  long double sum_d2 = 0;
  for (size_t r = 0; r < n; ++r) {
    long double d = static_cast<long double>(order[r]) - static_cast<long double>(r);
    sum_d2 += d * d;
  }
  long double nn = static_cast<long double>(n);
  return static_cast<double>(1.0L - 6.0L * sum_d2 / (nn * (nn * nn - 1.0L)));
}

int64_t LongestIncreasingSubsequence(const std::vector<int64_t>& values) {
  std::vector<int64_t> tails;  // tails[k] = smallest tail of an increasing run of length k+1
  for (int64_t v : values) {
    auto it = std::lower_bound(tails.begin(), tails.end(), v);
    if (it == tails.end())
      tails.push_back(v);
    else
      *it = v;
  }
  return static_cast<int64_t>(tails.size());
}

}  // namespace lineage
