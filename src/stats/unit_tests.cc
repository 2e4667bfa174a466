#include "stats/unit_tests.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "stats/distributions.h"
#include "stats/log_p.h"
#include "stats/rng.h"

namespace lineage {
namespace {

double SpearmanFromSquaredDiffs(double sum_d2, double n) {
  return 1.0 - 6.0 * sum_d2 / (n * (n * n - 1.0));
}

}  // namespace

double HitCountLog10PBound(int64_t hits, int64_t sampled_m, int64_t h) {
  if (hits <= 0) return 0.0;
  // Inconsistent counts are a caller's bug; claim nothing rather than a spurious extreme.
  if (hits > sampled_m || sampled_m > h) return 0.0;
  double ln_p = -std::lgamma(static_cast<double>(hits) + 1.0);
  for (int64_t t = 0; t < hits; ++t) {
    ln_p += std::log(static_cast<double>(sampled_m - t) / static_cast<double>(h - t));
  }
  return LnToLog10P(ln_p).value;
}

double SpearmanOfAssignment(std::span<const int32_t> assignment) {
  const size_t h = assignment.size();
  if (h < 2) return 0.0;
  double sum_d2 = 0;
  for (size_t i = 0; i < h; ++i) {
    const double d = static_cast<double>(assignment[i]) - static_cast<double>(i);
    sum_d2 += d * d;
  }
  return SpearmanFromSquaredDiffs(sum_d2, static_cast<double>(h));
}

double SpearmanOfPairs(std::span<const int32_t> x, std::span<const int32_t> y) {
  const size_t n = std::min(x.size(), y.size());
  if (n < 2) return 0.0;
  auto ranks = [n](std::span<const int32_t> v) {
    std::vector<int32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return v[a] < v[b]; });
    std::vector<double> r(n);
    for (size_t k = 0; k < n; ++k) r[order[k]] = static_cast<double>(k);
    return r;
  };
  const std::vector<double> rx = ranks(x), ry = ranks(y);
  double sum_d2 = 0;
  for (size_t i = 0; i < n; ++i) sum_d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
  return SpearmanFromSquaredDiffs(sum_d2, static_cast<double>(n));
}

double SpearmanZ(double r, int64_t h) {
  if (h < 2) return 0.0;
  return r * std::sqrt(static_cast<double>(h - 1));
}

double SpearmanLog10P(double r, int64_t h) {
  if (h < 2) return 0.0;
  return LnToLog10P(LogNormalSf(SpearmanZ(r, h))).value;
}

PermutationP SpearmanPermutationNull(double r, int64_t h, int samples, uint64_t seed) {
  PermutationP out;
  if (h < 2 || samples <= 0) return out;
  Rng rng(seed);
  std::vector<int32_t> perm(static_cast<size_t>(h));
  // Spearman values are multiples of 6/(h(h²-1)); compare with a tolerance below that step.
  const double tol = 1.0 / (static_cast<double>(h) * h * h);
  for (int t = 0; t < samples; ++t) {
    std::iota(perm.begin(), perm.end(), 0);
    rng.Shuffle(std::span<int32_t>(perm));
    if (SpearmanOfAssignment(perm) >= r - tol) ++out.exceed;
  }
  out.samples = samples;
  out.log10_p = std::log10((1.0 + out.exceed) / (1.0 + samples));
  return out;
}

}  // namespace lineage
