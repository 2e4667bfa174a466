#include "stats/binomial_bound.h"

#include <cmath>

#include "stats/distributions.h"

namespace lineage {

double ClopperPearsonLower(int k, int n, double confidence) {
  if (n <= 0 || k <= 0 || k > n || !(confidence > 0 && confidence < 1)) return 0;
  const double alpha = 1 - confidence;
  if (k == n) return std::pow(alpha, 1.0 / n);
  // P(X ≥ k | p) = I_p(k, n − k + 1) rises with p: bisect for the p where it equals α.
  const double a = k, b = n - k + 1, log_alpha = std::log(alpha);
  double lo = 0, hi = 1;
  while (hi - lo > 1e-12) {
    const double mid = 0.5 * (lo + hi);
    (LogBetaI(mid, a, b) < log_alpha ? lo : hi) = mid;
  }
  return lo;
}

double ClopperPearsonUpper(int k, int n, double confidence) {
  if (n <= 0 || k < 0 || k > n || !(confidence > 0 && confidence < 1)) return 1;
  return 1 - ClopperPearsonLower(n - k, n, confidence);
}

Interval ProportionInterval(int k, int n, double confidence) {
  const double one_sided = (1 + confidence) / 2;
  return {ClopperPearsonLower(k, n, one_sided), ClopperPearsonUpper(k, n, one_sided)};
}

}  // namespace lineage
