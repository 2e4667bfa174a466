#include "weights/pair/look_plan.h"

#include <algorithm>
#include <span>

#include "stats/rng.h"

namespace lineage {

std::vector<int> PlannedLooks(int n) {
  std::vector<int> looks;
  for (int k = 2; k < n; k *= 2) looks.push_back(k);
  if (n > 0) looks.push_back(n);
  return looks;
}

std::vector<int> LookPoints(int plan, int n) {
  std::vector<int> points;
  const std::vector<int> planned = PlannedLooks(plan);
  // Every planned look but the last that comes before the end; the last is the end, so an
  // analysis never asks more often than the L its decision pays for.
  for (size_t i = 0; i + 1 < planned.size(); ++i) {
    if (planned[i] < n) points.push_back(planned[i]);
  }
  if (n > 0) points.push_back(n);
  return points;
}

std::vector<size_t> ReadOrder(size_t n, const std::vector<size_t>& robust, uint64_t seed) {
  std::vector<size_t> first, rest;
  for (size_t i = 0; i < n; ++i) {
    (std::binary_search(robust.begin(), robust.end(), i) ? first : rest).push_back(i);
  }
  Rng rng(seed);
  rng.Shuffle(std::span<size_t>(first));
  rng.Shuffle(std::span<size_t>(rest));
  first.insert(first.end(), rest.begin(), rest.end());
  return first;
}

}  // namespace lineage
