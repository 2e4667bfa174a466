#include "stats/super_uniformity.h"

#include <cmath>

namespace lineage {

int BinomialUpperQuantile(int n, double p, double confidence) {
  // Accumulate the pmf in log space from k = 0 until the cdf reaches the confidence.
  double cdf = 0;
  for (int k = 0; k <= n; ++k) {
    const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                           k * std::log(p) + (n - k) * std::log1p(-p);
    cdf += std::exp(log_pmf);
    if (cdf >= confidence) return k;
  }
  return n;
}

std::vector<SuperUniformityRow> CheckSuperUniform(std::span<const double> log10_p,
                                                  std::span<const double> alphas,
                                                  double confidence) {
  std::vector<SuperUniformityRow> out;
  for (double alpha : alphas) {
    SuperUniformityRow row;
    row.alpha = alpha;
    row.n = static_cast<int>(log10_p.size());
    for (double lp : log10_p) row.rejections += lp <= std::log10(alpha);
    row.bound = BinomialUpperQuantile(row.n, alpha, confidence);
    row.ok = row.rejections <= row.bound;
    out.push_back(row);
  }
  return out;
}

}  // namespace lineage
